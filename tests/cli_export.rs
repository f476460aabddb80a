//! `docket written` and `docket export` through the real binary, on a
//! store prepared through the service and then closed.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod desk;

use std::path::Path;

use docket::domain::Stage;
use docket::domain::scoring::ReviewStage;

use common::{docket_in as docket, stderr_of as stderr, stdout_of as stdout};
use desk::{id, review};

/// Applications 1 and 2 at the written exam, 3 at the achievement review
/// with two submitted reviews.
fn prepare(home: &Path) {
    let d = desk::open(&home.join("store"), 3);
    let s = &d.service;
    desk::move_to(s, &id(1), Stage::Written);
    desk::move_to(s, &id(2), Stage::Written);
    for who in [&d.zhang, &d.wang] {
        s.assign(&d.admin, &id(3), &who.name).unwrap();
        let saved = s
            .save_review_draft(who, &id(3), &review(&who.name, [18, 25, 40]), None)
            .unwrap();
        s.submit_review(who, &id(3), ReviewStage::Achievement, saved.revision)
            .unwrap();
    }
}

#[test]
fn a_written_import_reports_every_bad_line_then_writes_all() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    prepare(h);

    let bad = h.join("bad.csv");
    std::fs::write(
        &bad,
        format!("id,score\n{},88\n{},abc\n{},70\n", id(1), id(2), id(3)),
    )
    .unwrap();
    let out = docket(h, &["written", "import", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("line 3, score: \"abc\" is not a number"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");

    std::fs::write(&bad, format!("{},88\n{},70\n", id(1), id(3))).unwrap();
    let out = docket(h, &["written", "import", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("line 2, id"), "{err}");
    assert!(err.contains("not at the written exam"), "{err}");

    let good = h.join("good.csv");
    std::fs::write(&good, format!("{},88\n{},59\n", id(1), id(2))).unwrap();
    let dry = docket(
        h,
        &["written", "import", "--dry-run", good.to_str().unwrap()],
    );
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(stdout(&dry).contains("2 written scores checked"));
    let out = docket(h, &["written", "import", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("2 written scores imported"));

    let set = docket(h, &["written", "set", &id(2), "101"]);
    assert!(!set.status.success());
    assert!(stderr(&set).contains("100"), "{}", stderr(&set));

    let ranking = docket(h, &["export", "ranking"]);
    assert!(ranking.status.success(), "{}", stderr(&ranking));
    let lines: serde_json::Value = serde_json::from_str(&stdout(&ranking)).unwrap();
    let written: Vec<_> = lines
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["id"].as_str().unwrap().to_owned(), l["written"].clone()))
        .collect();
    assert!(
        written.contains(&(id(1), serde_json::json!(88))),
        "{written:?}"
    );
    assert!(
        written.contains(&(id(2), serde_json::json!(59))),
        "{written:?}"
    );
}

#[test]
fn scores_and_ranking_export_as_json_and_csv() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    prepare(h);

    let out = docket(h, &["export", "scores"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let scores: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let scores = scores.as_array().unwrap();
    assert_eq!(scores.len(), 2);
    assert_eq!(scores[0]["application"], id(3));
    assert_eq!(scores[0]["total"], 83);
    assert_eq!(scores[0]["scores"], serde_json::json!([18, 25, 40]));

    let file = h.join("ranking.csv");
    let out = docket(
        h,
        &[
            "export",
            "ranking",
            "--format",
            "csv",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("wrote 3 applications"),
        "{}",
        stderr(&out)
    );
    let csv = std::fs::read_to_string(&file).unwrap();
    let mut rows = csv.lines();
    assert_eq!(
        rows.next().unwrap(),
        "level,rank,id,stage,composite,achievement,achievement_spread,flagged,written,defense,passed"
    );
    let third = csv.lines().find(|l| l.contains(&id(3))).unwrap();
    assert!(
        third.starts_with(&format!(
            "intermediate,,{},achievement,,83.0,0,false,",
            id(3)
        )),
        "{third}"
    );

    // An expert may not export everyone's scores.
    let refused = docket(h, &["--as", "zhang", "export", "scores"]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("may not read every review"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn the_committee_exports_with_its_checklist() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    prepare(h);
    let out = docket(h, &["export", "committee"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let view: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let codes: Vec<&str> = view["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["size", "in_province", "titles", "fields", "supervisors"]
    );
    // Three experts and one supervisor: far from a committee of about 30.
    assert_eq!(view["checklist"][0]["found"], 3);
    assert_eq!(view["checklist"][4]["status"], "fail");
    let members = view["members"].as_array().unwrap();
    assert_eq!(members.len(), 4);
    let zhang = members.iter().find(|m| m["name"] == "zhang").unwrap();
    assert_eq!(zhang["load"], 1);

    let csv = docket(h, &["export", "committee", "--format", "csv"]);
    let text = stdout(&csv);
    assert!(
        text.starts_with("committee,name,display,province,organization,title_rank,fields,load\r\n")
    );
    assert!(text.contains("supervision,zhao,"), "{text}");
}
