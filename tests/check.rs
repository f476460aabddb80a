//! `docket check` through the real binary: every edge case of the demo
//! fixture gets the verdict the shared table expects, the same as the
//! engine gives; explanations in both languages; bad records and a bad
//! cycle file are named; no store is touched.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use docket::domain::rules::evaluate;
use docket::domain::{Cycle, parse::check_document};
use serde_json::Value;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/demo.json");
const DEMO_CYCLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/cycle-demo.toml");

fn check(home: &Path, args: &[&str]) -> (Vec<Value>, Output) {
    let output = Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("check")
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .output()
        .unwrap();
    let lines = String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    (lines, output)
}

fn by_id<'a>(lines: &'a [Value], id: &str) -> &'a Value {
    lines
        .iter()
        .find(|l| l["id"] == id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

fn status_of<'a>(line: &'a Value, code: &str) -> Option<&'a Value> {
    line["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == code)
}

#[test]
fn every_edge_case_reads_the_same_through_the_binary_as_through_the_engine() {
    let home = tempfile::tempdir().unwrap();
    let (lines, output) = check(home.path(), &[DEMO]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // One line per record, in input order, matching the engine exactly.
    let (applications, problems) = check_document(&std::fs::read_to_string(DEMO).unwrap());
    assert!(problems.is_empty());
    assert_eq!(lines.len(), applications.len());
    let cycle = Cycle::default_2024();
    for (line, application) in lines.iter().zip(&applications) {
        let evaluation = evaluate(application, &cycle);
        assert_eq!(line["id"], application.id.as_str());
        assert_eq!(line["level"], application.level.code());
        assert_eq!(
            line["verdict"],
            evaluation.verdict.code(),
            "{}",
            application.id
        );
        let codes: Vec<&str> = line["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["code"].as_str().unwrap())
            .collect();
        let expected: Vec<&str> = evaluation.criteria.iter().map(|c| c.code.code()).collect();
        assert_eq!(
            codes, expected,
            "{}: criteria in the order of the rules",
            application.id
        );
    }

    // The shared table of edge cases (also used by the engine's own tests).
    let table = include_str!("../fixtures/expected-verdicts.tsv");
    let mut cases = 0;
    for row in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let cells: Vec<&str> = row.split('\t').collect();
        let line = by_id(&lines, cells[0]);
        assert_eq!(line["verdict"], cells[1], "{}", cells[0]);
        if cells[2] != "-" {
            let criterion = status_of(line, cells[2])
                .unwrap_or_else(|| panic!("{}: no {}", cells[0], cells[2]));
            assert_eq!(criterion["status"], cells[3], "{}: {}", cells[0], cells[2]);
        }
        cases += 1;
    }
    assert!(cases >= 50, "the table has {cases} cases");

    // Achievements list their conditions with the evidence that met them.
    let line = by_id(&lines, "2024-ZJ-I-0001");
    let achievements = status_of(line, "achievements").unwrap();
    let conditions = achievements["conditions"].as_array().unwrap();
    assert_eq!(conditions.len(), 3);
    assert!(
        conditions
            .iter()
            .any(|c| c["met"] == true && !c["evidence"].as_array().unwrap().is_empty())
    );
    assert!(
        status_of(line, "ethics")
            .unwrap()
            .get("conditions")
            .is_none()
    );

    assert!(
        !home.path().join("data").exists(),
        "check must not create a store"
    );
}

#[test]
fn explanations_name_the_numbers_in_both_languages() {
    let home = tempfile::tempdir().unwrap();
    let (zh, _) = check(home.path(), &[DEMO]);
    let (en, _) = check(home.path(), &["--lang", "en", DEMO]);
    // 2024-ZJ-J-0002: a junior with 29.5 certified hours against 30.
    let detail = |lines: &[Value]| {
        status_of(by_id(lines, "2024-ZJ-J-0002"), "training_hours").unwrap()["detail"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (zh, en) = (detail(&zh), detail(&en));
    assert!(
        zh.contains("29.5") && zh.contains("30") && zh.contains("学时"),
        "{zh}"
    );
    assert!(
        en.contains("29.5") && en.contains("30") && en.contains("hours"),
        "{en}"
    );
}

#[test]
fn the_published_exceptional_list_comes_from_the_cycle_file() {
    let home = tempfile::tempdir().unwrap();
    let (default, _) = check(home.path(), &[DEMO]);
    let (listed, _) = check(home.path(), &["--cycle", DEMO_CYCLE, DEMO]);
    let exceptional = |lines: &[Value]| {
        status_of(by_id(lines, "2024-HB-I-0001"), "exceptional").unwrap()["status"].clone()
    };
    assert_eq!(exceptional(&default), "fail");
    assert_eq!(exceptional(&listed), "review");
    assert_eq!(by_id(&listed, "2024-HB-I-0001")["verdict"], "needs_review");
}

#[test]
fn invalid_records_get_error_lines_and_the_run_fails_after_reading_all() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("mixed.jsonl");
    let mut broken = common::sample_json(2);
    broken["training"][0]["hours"] = serde_json::json!(-3);
    let lines = [
        common::sample_json(1).to_string(),
        "{not json".into(),
        broken.to_string(),
        common::sample_json(3).to_string(),
    ];
    std::fs::write(&file, lines.join("\n")).unwrap();

    let (out, output) = check(home.path(), &[file.to_str().unwrap()]);
    assert!(!output.status.success());
    assert_eq!(out.len(), 4, "one line per input record");
    assert!(out[0]["verdict"].is_string());
    assert!(out[1]["error"].is_string() && out[1]["id"].is_null());
    assert_eq!(out[2]["id"], "2024-ZJ-I-0002");
    assert_eq!(out[2]["field"], "training[0].hours");
    assert_eq!(out[3]["id"], "2024-ZJ-I-0003");
}

#[test]
fn a_malformed_cycle_file_is_refused_with_its_key() {
    let home = tempfile::tempdir().unwrap();
    let cycle = home.path().join("cycle.toml");
    std::fs::write(
        &cycle,
        "year = 2024\n[thresholds.junior]\ntraining_hours = \"thirty\"\n",
    )
    .unwrap();
    let (out, output) = check(home.path(), &["--cycle", cycle.to_str().unwrap(), DEMO]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        out.is_empty(),
        "nothing is checked under a broken configuration"
    );
    assert!(stderr.contains("thresholds.junior"), "{stderr}");
}

#[test]
fn the_store_keeps_the_cycle_it_is_given() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_docket"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("XDG_STATE_HOME", home.path().join("state"))
            .output()
            .unwrap()
    };
    let shown = String::from_utf8(run(&["cycle", "show"]).stdout).unwrap();
    assert_eq!(
        Cycle::from_toml(&shown).unwrap(),
        Cycle::default_2024(),
        "{shown}"
    );

    let set = run(&["cycle", "set", DEMO_CYCLE]);
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    let shown = String::from_utf8(run(&["cycle", "show"]).stdout).unwrap();
    assert_eq!(
        Cycle::from_toml(&shown).unwrap(),
        docket::demo::demo_cycle().unwrap()
    );

    run(&["user", "add", "zhao", "--role", "supervisor"]);
    let refused = run(&["--as", "zhao", "cycle", "set", DEMO_CYCLE]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("may not change the cycle"));
    let verified = String::from_utf8(run(&["audit", "verify"]).stdout).unwrap();
    assert!(verified.contains("3 entries verified"), "{verified}");
}
