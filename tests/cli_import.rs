//! `docket import` through the real binary: every broken file is refused
//! with its record and field named, and the store is left as it was.

// Tests and benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use docket::store::{OpenOptions, Store};
use rstest::rstest;
use serde_json::{Value, json};

fn docket(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env_remove("DOCKET_DB")
        .output()
        .expect("run docket")
}

fn write_json_lines(path: &Path, records: &[Value]) {
    let lines: Vec<String> = records.iter().map(Value::to_string).collect();
    std::fs::write(path, lines.join("\n")).unwrap();
}

/// The number of applications and audit entries in the store at `db`.
fn store_state(db: &Path) -> (usize, u64) {
    let service = common::open(db);
    let admin = service.default_user().unwrap();
    (
        service.summaries(&admin).unwrap().len(),
        service.store().audit_head().unwrap().seq,
    )
}

fn edited(n: usize, edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    let mut value = common::sample_json(n);
    edit(value.as_object_mut().unwrap());
    value
}

#[rstest]
#[case::unknown_field(edited(2, |m| { m.insert("nmae".into(), json!("x")); }), "record 2 (2024-ZJ-I-0002), field nmae")]
#[case::bad_date(edited(2, |m| { m.insert("birth_date".into(), json!("1985-02-30")); }), "field birth_date")]
#[case::hours_out_of_range(edited(2, |m| { m["training"][0]["hours"] = json!(1500); }), "field training[0].hours")]
#[case::zero_hours(edited(2, |m| { m["training"][0]["hours"] = json!(0); }), "field training[0].hours")]
#[case::missing_required(edited(2, |m| { m.remove("province"); }), "field province")]
#[case::duplicate_evidence(edited(2, |m| { let e = m["evidence"][0].clone(); m["evidence"].as_array_mut().unwrap().push(e); }), "field evidence[1].id")]
#[case::duplicate_application(common::sample_json(1), "record 2 (2024-ZJ-I-0001), field id")]
#[case::ten_megabytes(edited(2, |m| { m.insert("statement".into(), json!("长".repeat(10_000_000))); }), "field statement")]
fn a_broken_record_is_named_and_nothing_is_written(#[case] broken: Value, #[case] expected: &str) {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store");
    let file = home.path().join("apps.jsonl");
    write_json_lines(
        &file,
        &[common::sample_json(1), broken, common::sample_json(3)],
    );

    let output = docket(
        home.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "import",
            file.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "import must fail; stderr: {stderr}"
    );
    assert!(
        stderr.contains(expected),
        "expected {expected:?} in:\n{stderr}"
    );
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert!(
        stderr.len() < 10_000,
        "the error must not echo the hostile value"
    );
    assert_eq!(
        store_state(&db),
        (0, 1),
        "the store must hold nothing but its first user"
    );
}

#[test]
fn every_problem_in_a_file_is_reported_at_once() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store");
    let file = home.path().join("apps.json");
    let records = json!([
        edited(1, |m| {
            m.remove("name");
        }),
        common::sample_json(2),
        edited(3, |m| {
            m["evidence"][0]["date"] = json!("2023/05/20");
            m["level"] = json!("expert");
        }),
    ]);
    std::fs::write(&file, serde_json::to_string_pretty(&records).unwrap()).unwrap();

    let output = docket(
        home.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "import",
            file.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    for expected in [
        "record 1 (2024-ZJ-I-0001), field name",
        "record 3 (2024-ZJ-I-0003), field level",
        "field evidence[0].date",
    ] {
        assert!(
            stderr.contains(expected),
            "expected {expected:?} in:\n{stderr}"
        );
    }
    assert!(stderr.contains("3 problem(s)"), "{stderr}");
    assert_eq!(store_state(&db), (0, 1));
}

#[test]
fn a_syntax_error_names_its_line_and_invalid_utf8_its_byte() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store");
    let db_arg = db.to_str().unwrap();

    let file = home.path().join("broken.json");
    std::fs::write(&file, "[\n  {\"id\": \"a\",\n  oops\n]").unwrap();
    let output = docket(
        home.path(),
        &["--db", db_arg, "import", file.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("record 3") || stderr.contains("line 3"),
        "{stderr}"
    );

    let file = home.path().join("latin1.jsonl");
    let mut bytes = common::sample_json(1).to_string().into_bytes();
    bytes.extend_from_slice(b"\n{\"name\": \"caf\xe9\"}\n");
    std::fs::write(&file, bytes).unwrap();
    let output = docket(
        home.path(),
        &["--db", db_arg, "import", file.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("line 2") && stderr.contains("UTF-8"),
        "{stderr}"
    );
    assert_eq!(store_state(&db), (0, 1));
}

#[test]
fn a_dry_run_checks_and_writes_nothing_then_a_real_run_writes_all() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store");
    let db_arg = db.to_str().unwrap();
    let file = home.path().join("apps.jsonl");
    write_json_lines(&file, &(1..=5).map(common::sample_json).collect::<Vec<_>>());

    let output = docket(
        home.path(),
        &[
            "--db",
            db_arg,
            "import",
            "--dry-run",
            file.to_str().unwrap(),
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("5 applications are valid"), "{stdout}");
    assert_eq!(store_state(&db), (0, 1));

    let output = docket(
        home.path(),
        &["--db", db_arg, "import", file.to_str().unwrap()],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("imported 5 applications"), "{stdout}");
    assert!(stdout.contains("eligibility 5"), "{stdout}");
    assert_eq!(store_state(&db), (5, 2));

    // The same file again: every id is already there, and nothing changes.
    let output = docket(
        home.path(),
        &["--db", db_arg, "import", file.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("5 problem(s)") && stderr.contains("already in the store"),
        "{stderr}"
    );
    assert_eq!(store_state(&db), (5, 2));

    let output = docket(home.path(), &["--db", db_arg, "audit", "verify"]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("2 entries verified"));
}

#[test]
fn a_second_process_is_told_in_one_line_who_holds_the_store() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store");
    let options = OpenOptions {
        role: "docket serve".into(),
        listen: Some("127.0.0.1:2222".into()),
        ..OpenOptions::default()
    };
    let _held = Store::open(&db, &options).unwrap();

    let output = docket(
        home.path(),
        &["--db", db.to_str().unwrap(), "audit", "verify"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("is in use by docket serve"), "{stderr}");
    assert!(stderr.contains("ssh -p 2222"), "{stderr}");
}
