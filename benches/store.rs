//! Store budgets at scale (default 100,000 generated applications with 8
//! evidence items and 3 training records each; `DOCKET_BENCH_SCALE` sets it):
//!
//! - import from JSON, parse and check included: <= 20 s (median of 3 runs);
//! - open the store and draw the first frame: <= 0.5 s, and <= 1.5x a bare
//!   sled scan of the same records (criterion, both measured here);
//! - resident memory of the real binary with the TUI open: <= 300 MB.

// Tests and benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{median_of, scale};
use criterion::Criterion;
use docket::domain::parse::check_document;
use docket::service::{Service, SystemClock};
use docket::store::OpenOptions;

fn main() {
    let scale = scale();
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("applications.json");
    let applications = docket::demo::generate(scale, 2024);
    std::fs::write(&file, serde_json::to_vec(&applications).expect("encode")).expect("write");
    drop(applications);
    let megabytes = std::fs::metadata(&file).map_or(0, |m| m.len()) / 1_000_000;
    println!("scale: {scale} applications, JSON file {megabytes} MB");

    let db = dir.path().join("store");
    let import = median_of(3, |round| {
        let target = if round == 0 {
            db.clone()
        } else {
            dir.path().join(format!("store-{round}"))
        };
        let started = Instant::now();
        import_file(&file, &target);
        let took = started.elapsed();
        if round > 0 {
            let _ = std::fs::remove_dir_all(&target);
        }
        took
    });
    println!("import from JSON (read, check, write, flush): median {import:.2?} (budget 20 s)");

    let mut criterion = Criterion::default().sample_size(10).configure_from_args();
    criterion.bench_function("open store and draw first frame (120x40)", |b| {
        b.iter_custom(|iterations| timed_apart_from_drop(iterations, || open_and_draw(&db)));
    });
    criterion.bench_function("bare sled open and scan of the application records", |b| {
        b.iter_custom(|iterations| timed_apart_from_drop(iterations, || bare_scan(&db)));
    });
    criterion.final_summary();

    match resident_memory(&db) {
        Ok(kb) => println!(
            "resident memory, docket TUI open on {scale} applications: {} MB (budget 300 MB)",
            kb / 1024
        ),
        Err(e) => println!("resident memory: not measured ({e})"),
    }
}

/// Runs `work` the given number of times, timing each run but not the drop
/// of what it returns: closing a store (flushing, writing its queue
/// snapshot) is not part of opening it, and each run must close the store
/// before the next can open it.
fn timed_apart_from_drop<T>(iterations: u64, mut work: impl FnMut() -> T) -> Duration {
    (0..iterations)
        .map(|_| {
            let started = Instant::now();
            let output = work();
            let took = started.elapsed();
            drop(output);
            took
        })
        .sum()
}

fn import_file(file: &Path, db: &Path) {
    let text = std::fs::read_to_string(file).expect("read");
    let (applications, problems) = check_document(&text);
    assert!(
        problems.is_empty(),
        "generated data must be valid: {:?}",
        problems.first()
    );
    let service = Service::open(db, &OpenOptions::default(), Arc::new(SystemClock))
        .expect("open")
        .service;
    let admin = service.default_user().expect("admin");
    service
        .import(&admin, &applications, "bench", &mut |_| {})
        .expect("import");
}

fn open_and_draw(db: &Path) -> (docket::ui::App, usize) {
    let service = Service::open(db, &OpenOptions::default(), Arc::new(SystemClock))
        .expect("open")
        .service;
    let admin = service.default_user().expect("admin");
    let options = docket::ui::UiOptions {
        lang: docket::ui::Lang::Zh,
        theme: docket::ui::Theme::builtin("default").expect("theme"),
        ascii: false,
        lean: false,
        log_path: None,
    };
    let mut app = docket::ui::App::new(Arc::new(service), admin, options, (120, 40)).expect("app");
    let mut screen = docket::term::Screen::new(Vec::new(), 120, 40).expect("screen");
    screen.draw(&mut app).expect("draw");
    let bytes = screen.writer().len();
    (app, bytes)
}

fn bare_scan(db: &Path) -> (sled::Db, usize) {
    let sled = sled::Config::new()
        .path(db)
        .cache_capacity(OpenOptions::default().cache_bytes)
        .mode(sled::Mode::HighThroughput)
        .open()
        .expect("sled");
    let tree = sled.open_tree("applications").expect("tree");
    let bytes = tree
        .iter()
        .map(|item| item.map_or(0, |(k, v)| k.len() + v.len()))
        .sum();
    (sled, bytes)
}

/// Starts the real binary on the store in a pseudo-terminal, waits for its
/// first frame, and reads its resident set size.
fn resident_memory(db: &Path) -> Result<u64, String> {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .map_err(|e| e.to_string())?;
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_docket"));
    command.args(["--db", &db.display().to_string()]);
    command.env("TERM", "xterm-256color");
    let mut child = pair
        .slave
        .spawn_command(command)
        .map_err(|e| e.to_string())?;
    let pid = child.process_id().ok_or("no pid")?;
    let mut reader = pair.master.try_clone_reader().map_err(|e| e.to_string())?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(n).is_err() {
                break;
            }
        }
    });
    // The first frame is out once output pauses.
    let deadline = Instant::now() + Duration::from_mins(1);
    let mut seen = 0;
    while Instant::now() < deadline {
        match rx.recv_timeout(Duration::from_millis(1500)) {
            Ok(n) => seen += n,
            Err(_) if seen > 0 => break,
            Err(_) => {}
        }
    }
    let status =
        std::fs::read_to_string(format!("/proc/{pid}/status")).map_err(|e| e.to_string())?;
    let _ = child.kill();
    let _ = child.wait();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| "no VmRSS line".to_owned())
}
