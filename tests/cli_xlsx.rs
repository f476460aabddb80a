//! Workbooks in and out through the real binary: exports read back with
//! calamine, export → import round trips in JSON and XLSX, the template
//! filled and imported, personal data for the secretariat only.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod workbook;

use std::io::Cursor;
use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use docket::domain::Application;
use serde_json::Value;

use workbook::run::{
    docket, import, open, records, samples, sheet_rows, state, stderr, store_with, write_file,
};
use workbook::{CHINESE, ENGLISH, from_json};

/// Exports the store's applications in `format`, imports the file into a
/// fresh store, and gives that store's records.
fn round_trip(dir: &Path, db: &Path, format: &str) -> Vec<Application> {
    let file = dir.join(format!("applications.{format}"));
    let out = docket(
        db,
        &[
            "export",
            "applications",
            "--format",
            format,
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let fresh = dir.join(format!("fresh-{format}"));
    store_with(&fresh, &[]);
    let out = import(&fresh, &file);
    assert!(out.status.success(), "{}", stderr(&out));
    records(&fresh)
}

#[test]
fn applications_round_trip_through_json_and_xlsx_exports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    let mut generated = docket::demo::generate(60, 11);
    // What the generator may leave out: the exceptional track, a statement
    // over several lines with edge spaces inside, fractional hours.
    let mut first = serde_json::to_value(&generated[0]).unwrap();
    first["track"] = "exceptional".into();
    first["exceptional_basis"] = "provincial_rule".into();
    first["statement"] = "第一行\n  第二行 with \"quotes\", commas\n第三行".into();
    first["training"][0]["hours"] = 7.25.into();
    first["training"][0]["online"] = Value::Null;
    generated[0] = serde_json::from_value(first).unwrap();
    store_with(&db, &generated);
    let before = records(&db);
    assert_eq!(before.len(), 60);
    // The data exercises the optional and nested fields the sheets spread out.
    assert!(before.iter().any(|a| a.prior_certificate.is_some()));
    assert!(before.iter().any(|a| a.exceptional_basis.is_some()));
    assert!(
        before
            .iter()
            .any(|a| a.statement.as_deref().is_some_and(|s| s.contains('\n')))
    );
    assert!(
        before
            .iter()
            .flat_map(|a| &a.training)
            .any(|t| t.hours.hundredths() % 100 != 0)
    );
    assert!(
        before
            .iter()
            .flat_map(|a| &a.training)
            .any(|t| t.online.is_none())
    );
    assert!(
        before
            .iter()
            .any(|a| a.evidence.iter().any(|e| e.verified.is_some()))
    );

    for format in ["json", "xlsx"] {
        let after = round_trip(dir.path(), &db, format);
        assert_eq!(after.len(), before.len(), "{format}");
        for (a, b) in before.iter().zip(&after) {
            assert_eq!(a, b, "{format}: {}", a.id);
        }
    }

    // The workbook is in the import layout: three sheets, headers in both languages.
    let bytes = std::fs::read(dir.path().join("applications.xlsx")).unwrap();
    let rows = sheet_rows(&bytes, "applications");
    assert_eq!(rows[0][0], Data::String("申报编号 (id)".into()));
    assert_eq!(rows.len(), 61);
    let training = sheet_rows(&bytes, "training");
    let expected: usize = before.iter().map(|a| a.training.len()).sum();
    assert_eq!(training.len(), expected + 1);
    assert_eq!(training[1][0], Data::String(before[0].id.clone()));

    // Each export is audited with its count and format, never the data.
    let service = open(&db);
    let exports: Vec<_> = service
        .store()
        .audit_entries(1)
        .map(Result::unwrap)
        .filter(|e| e.action == "export.applications")
        .collect();
    let notes: Vec<(&str, &str)> = exports
        .iter()
        .map(|e| (e.target.as_str(), e.note.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            ("60 applications", "format json"),
            ("60 applications", "format xlsx")
        ]
    );
}

#[test]
fn chinese_and_english_workbooks_import_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    let expected: Vec<Application> = (1..=3).map(common::application).collect();
    for (name, style) in [("english", ENGLISH), ("chinese", CHINESE)] {
        let db = dir.path().join(name);
        store_with(&db, &[]);
        let file = write_file(
            dir.path(),
            &format!("{name}.xlsx"),
            &from_json(&samples(1..=3), style, |_| {}),
        );
        let out = import(&db, &file);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert!(String::from_utf8_lossy(&out.stdout).contains("imported 3 applications"));
        assert_eq!(records(&db), expected, "{name}");
    }
}

#[test]
fn a_dry_run_reads_a_workbook_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    store_with(&db, &[]);
    let before = state(&db);
    let file = write_file(
        dir.path(),
        "a.xlsx",
        &from_json(&samples(1..=2), CHINESE, |_| {}),
    );
    let out = docket(&db, &["import", file.to_str().unwrap(), "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 applications are valid"));
    assert_eq!(state(&db), before);
}

#[test]
fn the_template_filled_in_imports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    store_with(&db, &[]);
    let template = dir.path().join("template.xlsx");
    let out = docket(
        &db,
        &["export", "template", "-o", template.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&template).unwrap();
    let book = Xlsx::new(Cursor::new(&bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["说明", "applications", "training", "evidence"]
    );
    let instructions = sheet_rows(&bytes, "说明");
    assert!(
        instructions
            .iter()
            .flatten()
            .any(|c| c.to_string().contains("YYYY-MM-DD"))
    );

    // Fill it in: the template's own headers, in its order, over the sample values.
    let sample = common::sample_json(7);
    let mut filled = rust_xlsxwriter::Workbook::new();
    for sheet in ["applications", "training", "evidence"] {
        let headers: Vec<String> = sheet_rows(&bytes, sheet)[0]
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(headers.iter().all(|h| h.ends_with(')')), "{headers:?}");
        let worksheet = filled.add_worksheet();
        worksheet.set_name(sheet).unwrap();
        let item = match sheet {
            "applications" => &sample,
            "training" => &sample["training"][0],
            _ => &sample["evidence"][0],
        };
        for (column, header) in headers.iter().enumerate() {
            let column = column as u16;
            worksheet.write_string(0, column, header).unwrap();
            let key = header.rsplit_once('(').unwrap().1.trim_end_matches(')');
            let value = match key {
                "application_id" => &sample["id"],
                k if k.starts_with("prior_certificate.") => &Value::Null,
                k => &item[k],
            };
            match value {
                Value::String(s) => worksheet.write_string(1, column, s).map(|_| ()),
                Value::Number(n) => worksheet
                    .write_number(1, column, n.as_f64().unwrap())
                    .map(|_| ()),
                Value::Bool(b) => worksheet
                    .write_string(1, column, if *b { "是" } else { "否" })
                    .map(|_| ()),
                _ => Ok(()),
            }
            .unwrap();
        }
    }
    let file = write_file(dir.path(), "filled.xlsx", &filled.save_to_buffer().unwrap());
    let out = import(&db, &file);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(records(&db), [common::application(7)]);

    // Without -o it goes to docket-template.xlsx in the working directory, once.
    let run = |dir: &Path| {
        Command::new(env!("CARGO_BIN_EXE_docket"))
            .args(["export", "template"])
            .current_dir(dir)
            .env("XDG_STATE_HOME", dir.join("state"))
            .output()
            .unwrap()
    };
    assert!(run(dir.path()).status.success());
    assert!(dir.path().join("docket-template.xlsx").exists());
    let again = run(dir.path());
    assert!(!again.status.success());
    assert!(stderr(&again).contains("docket-template.xlsx exists already"));
}

#[test]
fn personal_data_is_for_the_secretariat_and_refusals_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    store_with(&db, &[common::application(1)]);
    for who in ["zhao", "zhang"] {
        let before = state(&db).0;
        let file = dir.path().join(format!("{who}.json"));
        let out = docket(
            &db,
            &[
                "--as",
                who,
                "export",
                "applications",
                "-o",
                file.to_str().unwrap(),
            ],
        );
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("may not export applicants' personal data"),
            "{}",
            stderr(&out)
        );
        assert!(!file.exists());
        let service = open(&db);
        let entries: Vec<_> = service
            .store()
            .audit_entries(before + 1)
            .map(Result::unwrap)
            .collect();
        assert_eq!(entries.len(), 1);
        assert_eq!(
            (
                entries[0].actor.as_str(),
                entries[0].action.as_str(),
                entries[0].target.as_str()
            ),
            (who, "access.refused", "applications")
        );
    }
    // The audit log is for the secretariat and the supervisors, not experts.
    let out = docket(&db, &["--as", "zhang", "export", "audit"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("may not read the audit log"),
        "{}",
        stderr(&out)
    );
    let out = docket(&db, &["--as", "zhao", "export", "audit", "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        csv.starts_with("seq,time,actor,action,target,note,digest,prev,hash\r\n"),
        "{csv}"
    );
    assert!(csv.contains(",zhao,access.refused,applications,"), "{csv}");
}

#[test]
fn every_export_kind_writes_a_workbook_with_a_bold_header_and_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    store_with(&db, &[common::application(1)]);
    for kind in ["scores", "ranking", "committee", "audit", "applications"] {
        let file = dir.path().join(format!("{kind}.xlsx"));
        let out = docket(
            &db,
            &[
                "export",
                kind,
                "--format",
                "xlsx",
                "-o",
                file.to_str().unwrap(),
            ],
        );
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
        let bytes = std::fs::read(&file).unwrap();
        let mut book = Xlsx::new(Cursor::new(&bytes)).unwrap();
        let first = book.sheet_names()[0].clone();
        assert_eq!(
            first,
            if kind == "applications" {
                "applications"
            } else {
                kind
            }
        );
        let styles = book.worksheet_style(&first).unwrap();
        let header_bold = styles
            .get((0, 0))
            .and_then(|s| s.font.as_ref())
            .is_some_and(calamine::Font::is_bold);
        assert!(header_bold, "{kind}");
    }
    let audit = sheet_rows(
        &std::fs::read(dir.path().join("audit.xlsx")).unwrap(),
        "audit",
    );
    assert_eq!(audit[0][0], Data::String("seq".into()));
    assert_eq!(audit[1][0], Data::Float(1.0), "numbers are numbers");
    assert!(
        matches!(&audit[1][1], Data::String(t) if t.len() >= 20),
        "{:?}",
        audit[1][1]
    );
    let committee = sheet_rows(
        &std::fs::read(dir.path().join("committee.xlsx")).unwrap(),
        "committee",
    );
    assert_eq!(committee[0][0], Data::String("committee".into()));
    assert!(
        committee
            .iter()
            .skip(1)
            .any(|r| r[1] == Data::String("zhang".into()))
    );

    // A workbook never goes to standard output.
    let out = docket(&db, &["export", "ranking", "--format", "xlsx"]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("give a file with -o FILE.xlsx"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_applications_csv_defuses_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    let mut sample = common::sample_json(1);
    sample["organization"] = Value::String("=HYPERLINK(\"http://x\",\"y\")".into());
    let application: Application = serde_json::from_value(sample).unwrap();
    store_with(&db, &[application]);
    let out = docket(&db, &["export", "applications", "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("id,cycle,level,track,"));
    let row = lines.next().unwrap();
    assert!(
        row.contains(r#","'=HYPERLINK(""http://x"",""y"")","#),
        "{row}"
    );
    assert!(row.contains(",王小明,"), "{row}");
}
