//! `docket calendar notice`, `docket notice ...`, `docket certificate
//! revoke` and the notice and certificate exports through the real binary.
//! The notice lies in 2024, so it is over whatever today is.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod desk;

use std::path::Path;

use docket::domain::Stage;

use common::{docket_in as docket, stderr_of as stderr, stdout_of as stdout};
use desk::id;

/// Runs a command that must succeed and gives its output.
fn ok(home: &Path, args: &[&str]) -> String {
    let out = docket(home, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// Runs a command that must fail and gives its error.
fn fails(home: &Path, args: &[&str]) -> String {
    let out = docket(home, args);
    assert!(
        !out.status.success(),
        "{args:?} succeeded: {}",
        stdout(&out)
    );
    stderr(&out)
}

/// Three applications at the notice stage; the third is a junior.
fn prepare(home: &Path) {
    let d = desk::open(&home.join("store"), 3);
    for n in 1..=3 {
        desk::move_to(&d.service, &id(n), Stage::Notice);
    }
}

#[test]
fn the_calendar_names_the_first_and_last_day() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let zh = ok(h, &["calendar", "notice", "2024-02-08"]);
    assert!(
        zh.contains("公示期 2024-02-08（周四） 至 2024-02-20（周二），共 5 个工作日"),
        "{zh}"
    );
    assert!(zh.contains("02-08 02-09 02-18 02-19 02-20"), "{zh}");
    let en = ok(
        h,
        &[
            "calendar",
            "notice",
            "2024-09-29",
            "--days",
            "3",
            "--lang",
            "en",
        ],
    );
    assert!(
        en.contains("first day 2024-09-29 (Sun), last day 2024-10-08 (Tue): 3 working days"),
        "{en}"
    );
    let unknown = fails(h, &["calendar", "notice", "2027-03-01"]);
    assert!(
        unknown.contains("no holiday calendar for 2027"),
        "{unknown}"
    );
    assert!(unknown.contains("2024, 2025, 2026"), "{unknown}");
    let bad = fails(h, &["calendar", "notice", "2024-02-30"]);
    assert!(
        bad.contains("DATE: expected a date YYYY-MM-DD, got '2024-02-30'"),
        "{bad}"
    );
}

#[test]
fn a_notice_runs_from_the_command_line_to_its_certificates() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    prepare(h);

    let opened = ok(h, &["notice", "open", "2024-03-04", "--lang", "en"]);
    assert!(
        opened.contains("notice 1 opened: 2024-03-04 (Mon) to 2024-03-08 (Fri), 3 application(s)"),
        "{opened}"
    );
    let twice = fails(h, &["notice", "open", "2024-03-11"]);
    assert!(twice.contains("notice 1 is still running"), "{twice}");

    let early = fails(
        h,
        &[
            "notice",
            "complain",
            &id(1),
            "--date",
            "2024-03-01",
            "--text",
            "x",
        ],
    );
    assert!(
        early.contains(&id(1)) && early.contains("before the notice's first day"),
        "{early}"
    );
    let missing = fails(
        h,
        &[
            "notice",
            "complain",
            "2024-XX-I-0009",
            "--date",
            "2024-03-05",
            "--text",
            "x",
        ],
    );
    assert!(
        missing.contains("2024-XX-I-0009 is not on the running notice"),
        "{missing}"
    );
    let bad_date = fails(
        h,
        &[
            "notice",
            "complain",
            &id(1),
            "--date",
            "5 March",
            "--text",
            "x",
        ],
    );
    assert!(bad_date.contains("--date: expected a date"), "{bad_date}");

    let first = ok(
        h,
        &[
            "notice",
            "complain",
            &id(1),
            "--date",
            "2024-03-05",
            "--text",
            "论文系代写",
        ],
    );
    assert!(
        first.contains(&format!("complaint 1 about {} recorded", id(1))),
        "{first}"
    );
    let late = ok(
        h,
        &[
            "notice",
            "complain",
            &id(2),
            "--date",
            "2024-03-11",
            "--text",
            "逾期投诉",
        ],
    );
    assert!(late.contains("late"), "{late}");
    ok(
        h,
        &[
            "notice",
            "complain",
            &id(3),
            "--date",
            "2024-03-06",
            "--text",
            "尚待核查",
        ],
    );

    let outcome = fails(h, &["notice", "resolve", "1", "maybe", "--finding", "x"]);
    assert!(
        outcome.contains("complaint 1: outcome must be upheld or dismissed"),
        "{outcome}"
    );
    let nofinding = fails(h, &["notice", "resolve", "1", "upheld", "--finding", " "]);
    assert!(
        nofinding.contains("complaint 1, finding: a reason is required"),
        "{nofinding}"
    );
    let upheld = ok(
        h,
        &[
            "notice",
            "resolve",
            "1",
            "upheld",
            "--finding",
            "经核实属实",
        ],
    );
    assert!(
        upheld.contains(&format!("{} is cancelled", id(1))),
        "{upheld}"
    );
    ok(
        h,
        &[
            "notice",
            "resolve",
            "2",
            "dismissed",
            "--finding",
            "逾期且不实",
        ],
    );
    let unknown = fails(
        h,
        &["notice", "resolve", "9", "dismissed", "--finding", "x"],
    );
    assert!(unknown.contains("complaint 9 not found"), "{unknown}");

    let show = ok(h, &["notice", "show"]);
    assert!(
        show.contains("公示期 2024-03-04（周一） 至 2024-03-08（周五）"),
        "{show}"
    );
    assert!(show.contains("已结束"), "{show}");
    assert!(show.contains("逾期投诉"), "{show}");
    assert!(
        show.contains("逾期") && show.contains("— 经核实属实"),
        "{show}"
    );

    // A supervisor reads, but may not conclude.
    ok(h, &["user", "add", "sun", "--role", "supervisor"]);
    ok(h, &["--as", "sun", "notice", "show"]);
    let refused = fails(h, &["--as", "sun", "notice", "conclude"]);
    assert!(refused.contains("sun (supervisor) may not"), "{refused}");

    let concluded = ok(h, &["notice", "conclude"]);
    assert!(concluded.contains("1 certified, 1 held"), "{concluded}");
    assert!(
        concluded.contains(&format!(
            "certified {}: certificate QKJ-2024-I-00001",
            id(2)
        )),
        "{concluded}"
    );
    assert!(
        concluded.contains(&format!("held {}: 1 open complaint(s)", id(3))),
        "{concluded}"
    );

    // The public list: the cancelled application is left out; nothing personal.
    let csv = ok(h, &["export", "notice", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "name,organization,level,province");
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[1].ends_with(",intermediate,浙江"), "{csv}");
    assert!(!csv.contains("1985") && !csv.contains(&id(2)), "{csv}");
    let text = ok(h, &["export", "notice", "--format", "text"]);
    assert!(
        text.contains("公示期 2024-03-04（周一） 至 2024-03-08（周五）"),
        "{text}"
    );
    assert!(
        text.contains("1. 王小明　杭州市天长小学　中级　浙江"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(h, &["export", "notice", "--format", "json"])).unwrap();
    assert_eq!(json["last_day"], "2024-03-08");
    assert_eq!(json["applications"].as_array().unwrap().len(), 2);
    assert_eq!(
        json["applications"][0].as_object().unwrap().len(),
        4,
        "name, organization, level, province only"
    );
    let wrong = fails(h, &["export", "ranking", "--format", "text"]);
    assert!(
        wrong.contains("--format text is for the notice export only"),
        "{wrong}"
    );

    // Revocation keeps the number, marked.
    let notyet = fails(
        h,
        &[
            "certificate",
            "revoke",
            &id(3),
            "--date",
            "2024-04-01",
            "--reason",
            "x",
        ],
    );
    assert!(
        notyet.contains(&format!(
            "application {} is at notice, not certified",
            id(3)
        )),
        "{notyet}"
    );
    let revoked = ok(
        h,
        &[
            "certificate",
            "revoke",
            &id(2),
            "--date",
            "2024-04-01",
            "--reason",
            "受到行政处罚",
        ],
    );
    assert!(
        revoked.contains("certificate QKJ-2024-I-00001"),
        "{revoked}"
    );
    let certificates = ok(h, &["export", "certificates", "--format", "csv"]);
    let rows: Vec<&str> = certificates.lines().collect();
    assert_eq!(rows.len(), 2, "{certificates}");
    assert!(
        rows[1].starts_with(&format!("QKJ-2024-I-00001,{},", id(2))),
        "{certificates}"
    );
    assert!(
        rows[1].ends_with(",2024-04-01,受到行政处罚"),
        "{certificates}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(h, &["export", "certificates"])).unwrap();
    assert_eq!(json[0]["revoked"]["reason"], "受到行政处罚");
}
