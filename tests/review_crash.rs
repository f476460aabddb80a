//! `kill -9` right after a draft save returns: the reopened store holds
//! the draft as acknowledged, and the audit chain verifies.
//!
//! The test binary runs itself as the child: with `DOCKET_REVIEW_CRASH_DB`
//! set, the helper test saves drafts into that store, says so on stdout
//! after each acknowledged save, and waits to be killed.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod desk;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use docket::domain::scoring::ReviewStage;

use desk::{id, review};

const HELPER_ENV: &str = "DOCKET_REVIEW_CRASH_DB";
const SAVES: u32 = 3;

/// The child's part; does nothing in an ordinary test run.
#[test]
fn helper_saves_drafts_then_waits_to_be_killed() {
    let Some(path) = std::env::var_os(HELPER_ENV) else {
        return;
    };
    let d = desk::open(std::path::Path::new(&path), 1);
    d.service.assign(&d.admin, &id(1), "zhang").unwrap();
    let mut expected = None;
    for n in 1..=SAVES {
        let draft = review("zhang", [10 + n, 20, 30]);
        let saved = d
            .service
            .save_review_draft(&d.zhang, &id(1), &draft, expected)
            .unwrap();
        expected = Some(saved.revision);
        let mut out = std::io::stdout().lock();
        writeln!(out, "saved {n}").unwrap();
        out.flush().unwrap();
    }
    loop {
        std::thread::sleep(Duration::from_mins(1));
    }
}

#[test]
fn a_draft_survives_a_kill_right_after_the_save_returns() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "helper_saves_drafts_then_waits_to_be_killed",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(HELPER_ENV, &db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    let stdout = child.stdout.take().unwrap();
    let last = format!("saved {SAVES}");
    let mut acknowledged = false;
    for line in BufReader::new(stdout).lines() {
        if line.unwrap().trim() == last {
            acknowledged = true;
            break;
        }
    }
    // SIGKILL: no destructor, no flush on close.
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(acknowledged, "the helper never reported its saves");

    let service = common::open(&db);
    let draft = service
        .store()
        .review(&id(1), ReviewStage::Achievement, "zhang")
        .unwrap()
        .expect("the acknowledged draft is in the store");
    assert_eq!(draft.revision, u64::from(SAVES));
    assert_eq!(draft.value.scores, [10 + SAVES, 20, 30]);
    assert!(!draft.value.is_submitted());
    let verification = service.store().verify_audit().unwrap();
    assert_eq!(verification.first_bad, None);
}
