//! Twenty `kill -9`s at random moments: half while a large import is
//! being written, half while two experts keep saving score drafts. After
//! each, the reopened store holds every save the writer acknowledged, the
//! import whole or not at all, and an audit chain that verifies.
//!
//! The test binary runs itself as the writer: with `DOCKET_KILL_STORM_DB`
//! set, the helper test opens that store, says `importing`, imports,
//! says `imported`, then saves drafts forever, printing each save after
//! it is acknowledged.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod desk;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use docket::domain::scoring::ReviewStage;
use rand::{RngExt, SeedableRng};

use desk::{id, review};

const HELPER_ENV: &str = "DOCKET_KILL_STORM_DB";
/// Applications at the achievement review before the import.
const BASE: usize = 6;
/// Applications the writer imports, after the base ones.
const IMPORTED: usize = 4_000;
const EXPERTS: [&str; 2] = ["zhang", "wang"];
const ROUNDS: u64 = 20;

/// The scores a draft carries at `revision`, so any stored draft can be
/// checked against its own revision.
fn scores_at(revision: u64) -> [u32; 3] {
    [(revision % 26) as u32, 20, 30]
}

/// The writer's part; does nothing in an ordinary test run.
#[test]
fn helper_imports_then_saves_until_killed() {
    let Some(path) = std::env::var_os(HELPER_ENV) else {
        return;
    };
    let service = common::open(Path::new(&path));
    let admin = service.default_user().unwrap();
    let experts: Vec<_> = EXPERTS.iter().map(|n| service.user(n).unwrap()).collect();
    let batch: Vec<_> = (BASE + 1..=BASE + IMPORTED)
        .map(common::application)
        .collect();
    let say = |line: &str| {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{line}").unwrap();
        out.flush().unwrap();
    };
    // The harness's "test NAME ... " line has no line break yet.
    say("");
    say("importing");
    service
        .import(&admin, &batch, "storm.json", &mut |_| {})
        .unwrap();
    say("imported");
    let mut revisions: HashMap<(usize, usize), u64> = HashMap::new();
    for turn in 0usize.. {
        let (app, expert) = (1 + turn % BASE, (turn / BASE) % EXPERTS.len());
        let expected = revisions.get(&(app, expert)).copied();
        let next = expected.map_or(1, |r| r + 1);
        let draft = review(EXPERTS[expert], scores_at(next));
        let saved = service
            .save_review_draft(&experts[expert], &id(app), &draft, expected)
            .unwrap();
        revisions.insert((app, expert), saved.revision);
        say(&format!("saved {app} {expert} {}", saved.revision));
    }
}

/// A fresh store with the base applications at the achievement review and
/// both experts assigned to each.
fn prepare(db: &Path) {
    let d = desk::open(db, BASE);
    for n in 1..=BASE {
        d.service.assign(&d.admin, &id(n), "zhang").unwrap();
        d.service.assign(&d.admin, &id(n), "wang").unwrap();
    }
}

/// What the writer said before it was killed.
#[derive(Default)]
struct Heard {
    imported: bool,
    /// The last acknowledged revision of each (application, expert) draft.
    acknowledged: HashMap<(usize, usize), u64>,
}

/// The writer process, killed if the test fails before it means to.
struct Writer(std::process::Child);

impl Drop for Writer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the writer on `db`, kills it `delay` after it says `after`, and
/// returns what it acknowledged until then.
fn run_and_kill(db: &Path, after: &str, delay: Duration) -> Heard {
    let mut child = Writer(
        Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "helper_imports_then_saves_until_killed",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(HELPER_ENV, db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let (lines, heard_lines) = mpsc::channel();
    let stdout = child.0.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });

    let mut heard = Heard::default();
    let take = |line: &str, heard: &mut Heard| {
        if line == "imported" {
            heard.imported = true;
        } else if let Some(rest) = line.strip_prefix("saved ") {
            let parts: Vec<u64> = rest.split(' ').map(|p| p.parse().unwrap()).collect();
            let key = (parts[0] as usize, parts[1] as usize);
            heard.acknowledged.insert(key, parts[2]);
        }
    };
    let start = Instant::now();
    loop {
        let line = heard_lines
            .recv_timeout(Duration::from_mins(1).saturating_sub(start.elapsed()))
            .expect("the writer never said it started");
        take(&line, &mut heard);
        if line == after {
            break;
        }
    }
    let kill_at = Instant::now() + delay;
    while let Some(left) = kill_at.checked_duration_since(Instant::now()) {
        match heard_lines.recv_timeout(left) {
            Ok(line) => take(&line, &mut heard),
            Err(_) => break,
        }
    }
    // SIGKILL: no destructor, no flush on close.
    child.0.kill().unwrap();
    child.0.wait().unwrap();
    reader.join().unwrap();
    // Lines already written before the kill were acknowledged too.
    while let Ok(line) = heard_lines.try_recv() {
        take(&line, &mut heard);
    }
    heard
}

/// Reopens the store and checks it against what the writer acknowledged.
fn check_after_kill(db: &Path, heard: &Heard, round: u64) {
    let service = common::open(db);
    let admin = service.default_user().unwrap();
    let held = service.summaries(&admin).unwrap().len();
    assert!(
        held == BASE || held == BASE + IMPORTED,
        "round {round}: {held} applications, neither before nor after the import"
    );
    if heard.imported {
        assert_eq!(
            held,
            BASE + IMPORTED,
            "round {round}: an acknowledged import was lost"
        );
    }
    if held == BASE + IMPORTED {
        let last = id(BASE + IMPORTED);
        assert!(service.application(&admin, &last).is_ok(), "round {round}");
    }
    for app in 1..=BASE {
        for (e, expert) in EXPERTS.iter().enumerate() {
            let stored = service
                .store()
                .review(&id(app), ReviewStage::Achievement, expert)
                .unwrap();
            let acknowledged = heard.acknowledged.get(&(app, e)).copied();
            match (stored, acknowledged) {
                (None, None) => {}
                (None, Some(r)) => panic!("round {round}: draft {app}/{expert} rev {r} was lost"),
                (Some(draft), acknowledged) => {
                    let revision = draft.revision;
                    assert!(
                        revision >= acknowledged.unwrap_or(0),
                        "round {round}: {app}/{expert} went back to rev {revision}"
                    );
                    assert!(
                        revision <= acknowledged.unwrap_or(0) + 1,
                        "round {round}: {app}/{expert} rev {revision} was never saved"
                    );
                    assert_eq!(
                        draft.value.scores,
                        scores_at(revision),
                        "round {round}: {app}/{expert} holds another save's scores"
                    );
                }
            }
        }
    }
    let verification = service.store().verify_audit().unwrap();
    assert_eq!(
        verification.first_bad, None,
        "round {round}: the audit chain broke"
    );
    let saves: u64 = heard.acknowledged.values().sum();
    assert!(
        verification.verified >= saves,
        "round {round}: {saves} acknowledged saves but {} audit entries",
        verification.verified
    );
}

#[test]
fn twenty_kills_during_an_import_and_score_saves_lose_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(20_241_204);
    let (mut during_import, mut during_saves) = (0, 0);
    for round in 0..ROUNDS {
        let db = dir.path().join(format!("store-{round}"));
        prepare(&db);
        // Even rounds kill while the import is under way (from its first
        // moment on); odd rounds once the saves have begun.
        let heard = if round % 2 == 0 {
            let delay = Duration::from_millis(rng.random_range(0..400));
            run_and_kill(&db, "importing", delay)
        } else {
            let delay = Duration::from_millis(rng.random_range(0..300));
            run_and_kill(&db, "imported", delay)
        };
        if heard.imported && !heard.acknowledged.is_empty() {
            during_saves += 1;
        } else if !heard.imported {
            during_import += 1;
        }
        check_after_kill(&db, &heard, round);
    }
    eprintln!("kills during the import: {during_import}, during the saves: {during_saves}");
    // The moments spread over both phases.
    assert!(during_import >= 1, "no kill landed during the import");
    assert!(during_saves >= 1, "no kill landed during the saves");
}
