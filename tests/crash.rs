//! `kill -9` during an import: on restart the store opens, holds either
//! every record of the import or none, and its audit chain verifies.

// Tests and benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn an_import_killed_at_any_moment_is_all_or_nothing() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("many.jsonl");
    let count = 6_000;
    let lines: Vec<String> = docket::demo::generate(count, 11)
        .iter()
        .map(|a| serde_json::to_string(a).unwrap())
        .collect();
    std::fs::write(&file, lines.join("\n")).unwrap();

    for (round, delay_ms) in [150u64, 600, 1_500, 4_000].into_iter().enumerate() {
        let db = home.path().join(format!("store-{round}"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_docket"))
            .args([
                "--db",
                db.to_str().unwrap(),
                "import",
                file.to_str().unwrap(),
            ])
            .env("XDG_STATE_HOME", home.path().join("state"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();

        let service = common::open(&db);
        let admin = service.default_user().unwrap();
        let held = service.summaries(&admin).unwrap().len();
        assert!(
            held == 0 || held == count,
            "round {round}: {held} of {count} records survived"
        );
        let verification = service.store().verify_audit().unwrap();
        assert_eq!(verification.first_bad, None, "round {round}");
        let expected_entries = if held == count { 2 } else { 1 };
        assert_eq!(verification.verified, expected_entries, "round {round}");
        for summary in service.summaries(&admin).unwrap().iter().take(3) {
            assert!(service.application(&admin, &summary.id).is_ok());
        }
    }
}
