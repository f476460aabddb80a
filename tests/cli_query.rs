//! `docket export --query`: the desk's search language selecting what an
//! export holds, through the real binary.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::docket_in as docket;
use serde_json::Value;

fn demo_store(home: &Path) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo.json");
    let out = docket(home, &["import", fixture.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn exported(home: &Path, query: &str) -> Vec<Value> {
    let out = docket(home, &["export", "applications", "--query", query]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
}

#[test]
fn a_query_selects_and_orders_the_exported_applications() {
    let home = tempfile::tempdir().unwrap();
    demo_store(home.path());
    let all = exported(home.path(), "");
    let seniors = exported(home.path(), "级别:高级 sort:-id");
    let expected: Vec<&Value> = all.iter().filter(|a| a["level"] == "senior").collect();
    assert!(!expected.is_empty() && expected.len() < all.len());
    assert_eq!(seniors.len(), expected.len());
    let ids: Vec<&str> = seniors.iter().map(|a| a["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(ids, sorted, "sort:-id orders them");

    let zhejiang = exported(home.path(), "province:浙江 -level:junior");
    assert!(
        zhejiang
            .iter()
            .all(|a| a["province"] == "浙江" && a["level"] != "junior")
    );
    assert_eq!(
        zhejiang.len(),
        all.iter()
            .filter(|a| a["province"] == "浙江" && a["level"] != "junior")
            .count()
    );
}

#[test]
fn a_bad_query_says_where_and_exports_nothing() {
    let home = tempfile::tempdir().unwrap();
    demo_store(home.path());
    let out = docket(
        home.path(),
        &["export", "applications", "--query", "level:great"],
    );
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("at 7") && said.contains("senior"), "{said}");
    assert!(out.stdout.is_empty());

    let out = docket(home.path(), &["export", "audit", "--query", "level:senior"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("applies to applications"));
}

#[test]
fn a_search_saved_in_the_desk_selects_by_its_name() {
    let home = tempfile::tempdir().unwrap();
    demo_store(home.path());
    {
        let service = common::open(&home.path().join("store"));
        let admin = service.default_user().unwrap();
        service
            .save_search(&admin, "高级", "级别:高级 sort:-id")
            .unwrap();
    }
    assert_eq!(
        exported(home.path(), "@高级"),
        exported(home.path(), "级别:高级 sort:-id")
    );

    let out = docket(
        home.path(),
        &["export", "applications", "--query", "@nosuch"],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("@nosuch") && stderr.contains("saved: 高级"),
        "{stderr}"
    );
}

#[test]
fn searches_are_saved_listed_and_forgotten_on_the_command_line() {
    let home = tempfile::tempdir().unwrap();
    demo_store(home.path());
    let run = |args: &[&str]| docket(home.path(), args);

    let saved = run(&["search", "save", "高级", "级别:高级 sort:-id"]);
    assert!(saved.status.success(), "{}", common::stderr_of(&saved));
    assert_eq!(
        common::stdout_of(&saved).trim(),
        "admin: search 高级 saved: 级别:高级 sort:-id"
    );
    let again = run(&["search", "save", "高级", "level:senior"]);
    assert!(common::stdout_of(&again).contains("replaced"));
    run(&["search", "save", "late", "fee:unpaid"]);
    assert_eq!(
        common::stdout_of(&run(&["search", "list"])),
        "late\tfee:unpaid\n高级\tlevel:senior\n"
    );
    assert_eq!(
        exported(home.path(), "@高级"),
        exported(home.path(), "level:senior")
    );

    // A query that does not parse says where; nothing is saved.
    let bad = run(&["search", "save", "x", "score:>>"]);
    assert!(!bad.status.success());
    assert!(
        common::stderr_of(&bad).contains("\"x\""),
        "{}",
        common::stderr_of(&bad)
    );

    let forgot = run(&["search", "forget", "late"]);
    assert!(forgot.status.success(), "{}", common::stderr_of(&forgot));
    assert_eq!(
        common::stdout_of(&run(&["search", "list"])),
        "高级\tlevel:senior\n"
    );
    let unknown = run(&["search", "forget", "late"]);
    assert!(!unknown.status.success());
    assert!(common::stderr_of(&unknown).contains("no saved search named \"late\""));
}
