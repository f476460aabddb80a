//! Helpers shared by the integration tests: temporary stores, sample
//! applications, and a fixed clock.

#![allow(dead_code)]

pub mod pty;

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use docket::domain::Application;
use docket::service::{FixedClock, Service};
use docket::store::OpenOptions;

/// Waits until `done` holds for what `screen` reads, for up to 30 s; panics
/// with the last screen if it never does.
pub fn wait_screen(what: &str, screen: impl Fn() -> String, done: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let text = screen();
        if done(&text) {
            return text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what:?}; screen:\n{text}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock(
        DateTime::<Utc>::from_timestamp(1_733_000_000, 0).unwrap(),
    ))
}

/// Opens the store; one this process just closed may stay locked for a
/// moment (sled lets go a little after the last handle), so that is waited out.
pub fn open(path: &Path) -> Service {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match Service::open(path, &OpenOptions::default(), clock()) {
            Ok(opened) => return opened.service,
            Err(e)
                if e.to_string().contains("is in use by")
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => panic!("cannot open {}: {e}", path.display()),
        }
    }
}

/// A small valid application; `n` makes the id unique.
pub fn application(n: usize) -> Application {
    serde_json::from_value(sample_json(n)).unwrap()
}

pub fn sample_json(n: usize) -> serde_json::Value {
    serde_json::json!({
        "id": format!("2024-ZJ-I-{n:04}"),
        "cycle": 2024,
        "level": "intermediate",
        "name": "王小明",
        "birth_date": "1985-03-02",
        "province": "浙江",
        "organization": "杭州市天长小学",
        "org_type": "school",
        "education": "bachelor",
        "service_start": "2015-09-01",
        "attestation": true,
        "fee_paid": 300,
        "training": [{
            "title": "青少年科技教育专业培训",
            "provider": "浙江省科协",
            "date": "2023-07-10",
            "hours": 72,
            "scope": "provincial",
            "cast_system": true,
            "certificate": true
        }],
        "evidence": [{
            "id": "E1",
            "kind": "student_award",
            "title": "指导学生获省青少年科技创新大赛一等奖",
            "date": "2023-05-20",
            "scope": "provincial",
            "role": "first_advisor",
            "rank": "first"
        }]
    })
}

/// A store at `db` with the demo's applications, experts and committee
/// (their assignments and reviews), still open.
pub fn demo_store(db: &Path) -> Service {
    let service = open(db);
    let admin = service.default_user().unwrap();
    let applications = docket::demo::demo_fixture().unwrap();
    service
        .import(&admin, &applications, "demo", &mut |_| {})
        .unwrap();
    docket::cli::demo_experts(&service, &admin).unwrap();
    service
}

/// What a finished command printed, standard output then standard error.
pub fn printed(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs a command on a store this process may have just closed: sled
/// lets go of its lock a moment after the last handle is dropped, so a
/// refusal for that reason is tried again.
pub fn when_unlocked(mut run: impl FnMut() -> (bool, String)) -> (bool, String) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (ok, text) = run();
        if ok || !text.contains("is in use by") || std::time::Instant::now() > deadline {
            return (ok, text);
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The store's sled database opened directly. sled lets go of its lock a
/// moment after the last handle is dropped, so this waits for it.
pub fn raw_sled(db: &Path) -> sled::Db {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match sled::open(db) {
            Ok(raw) => return raw,
            Err(e) if std::time::Instant::now() < deadline => {
                let _ = e;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => panic!("cannot open {}: {e}", db.display()),
        }
    }
}

/// Runs the real `docket` on the store `home/store`, its log under `home`.
pub fn docket_in(home: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("--db")
        .arg(home.join("store"))
        .args(args)
        .env("XDG_STATE_HOME", home.join("state"))
        .output()
        .unwrap()
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
