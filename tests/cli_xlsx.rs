//! Workbooks in and out through the real binary: exports read back with
//! calamine, export → import round trips in JSON and XLSX, the template
//! filled and imported, and every broken workbook refused with its sheet,
//! row and column named while the store stays as it was.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod workbook;

use std::io::Cursor;
use std::path::Path;
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx};
use docket::domain::{Application, User, UserRole};
use rstest::rstest;
use serde_json::Value;

use workbook::{
    CHINESE, ENGLISH, application_rows, by_hand, by_hand_with_bytes, empty_parts, from_json, text,
};

fn docket(db: &Path, args: &[&str]) -> Output {
    let state = db.with_extension("state");
    Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("XDG_STATE_HOME", state)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The service on the store at `db`, waiting while a process that just
/// ended (or a store just dropped) still holds its lock.
fn open(db: &Path) -> docket::service::Service {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match docket::service::Service::open(
            db,
            &docket::store::OpenOptions::default(),
            common::clock(),
        ) {
            Ok(opened) => return opened.service,
            Err(e) if std::time::Instant::now() < deadline && e.to_string().contains("in use") => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(e) => panic!("{e}"),
        }
    }
}

/// Every application in the store, by id.
fn records(db: &Path) -> Vec<Application> {
    let service = open(db);
    service
        .store()
        .applications()
        .map(|r| r.unwrap().value)
        .collect()
}

/// The audit head's sequence number and the number of applications.
fn state(db: &Path) -> (u64, usize) {
    let service = open(db);
    let head = service.store().audit_head().unwrap().seq;
    (head, service.store().applications().count())
}

/// A store holding `applications`, with a supervisor and an expert.
fn store_with(db: &Path, applications: &[Application]) {
    let service = open(db);
    let admin = service.default_user().unwrap();
    service
        .add_user(&admin, &User::new("zhao", UserRole::Supervisor))
        .unwrap();
    service
        .add_user(&admin, &User::new("zhang", UserRole::Expert))
        .unwrap();
    service
        .import(&admin, applications, "t.json", &mut |_| {})
        .unwrap();
}

fn samples(ids: std::ops::RangeInclusive<usize>) -> Vec<Value> {
    ids.map(common::sample_json).collect()
}

fn import(db: &Path, file: &Path) -> Output {
    docket(db, &["import", file.to_str().unwrap()])
}

fn sheet_rows(bytes: &[u8], sheet: &str) -> Vec<Vec<Data>> {
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, bytes).unwrap();
    file
}

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
    let generated = docket::demo::generate(60, 11);
    store_with(&db, &generated);
    let before = records(&db);
    assert_eq!(before.len(), 60);
    assert!(before.iter().any(|a| a.prior_certificate.is_some()));
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

fn hand_made(application: &str) -> Vec<u8> {
    let [training, evidence] = empty_parts();
    by_hand(&[
        (
            "applications",
            format!("<sheetData>{application}</sheetData>"),
        ),
        training,
        evidence,
    ])
}

#[test]
fn a_formula_gives_its_cached_value_and_is_never_evaluated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    store_with(&db, &[]);
    let cached = r#"<c r="D2" t="str"><f>CONCAT("王","小明")</f><v>王小明</v></c>"#.to_owned();
    let file = write_file(
        dir.path(),
        "f.xlsx",
        &hand_made(&application_rows("F-1", Some(("D", &cached)))),
    );
    let out = import(&db, &file);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(records(&db)[0].name, "王小明");
}

#[test]
fn control_characters_are_removed_and_the_cell_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    store_with(&db, &[]);
    let book = from_json(
        &samples(1..=2),
        ENGLISH,
        edit_cell(0, 2, 3, "王\u{1b}[2J\u{7}"),
    );
    let file = write_file(dir.path(), "c.xlsx", &book);
    let out = import(&db, &file);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "applications, row 3, column D (name): 2 control character(s) removed, the first U+001B"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(records(&db)[1].name, "王[2J");
}

#[test]
fn trailing_empty_rows_that_the_dimension_claims_cost_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    store_with(&db, &[]);
    let mut rows = String::new();
    for (n, id) in ["D-1", "D-2", "D-3"].iter().enumerate() {
        let one = application_rows(id, None);
        // Header once, then each data row moved down to its own row.
        let (header, data) = one.split_at(one.find(r#"<row r="2">"#).unwrap());
        if n == 0 {
            rows.push_str(header);
        }
        let row = n + 2;
        rows.push_str(
            &data
                .replace(r#"r="2""#, &format!(r#"r="{row}""#))
                .replace("2\"", &format!("{row}\"")),
        );
    }
    rows.push_str(r#"<row r="500000"><c r="A500000" s="0"/><c r="L500000"/></row>"#);
    let sheet = format!(r#"<dimension ref="A1:L500000"/><sheetData>{rows}</sheetData>"#);
    let [training, evidence] = empty_parts();
    let file = write_file(
        dir.path(),
        "d.xlsx",
        &by_hand(&[("applications", sheet), training, evidence]),
    );
    let started = std::time::Instant::now();
    let out = import(&db, &file);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let ids: Vec<String> = records(&db).into_iter().map(|a| a.id).collect();
    assert_eq!(ids, ["D-1", "D-2", "D-3"]);
}

fn edit_cell(
    sheet: usize,
    row: u32,
    column: u16,
    text: &'static str,
) -> impl FnOnce(&mut rust_xlsxwriter::Workbook) {
    move |book| {
        book.worksheet_from_index(sheet)
            .unwrap()
            .write_string(row, column, text)
            .unwrap();
    }
}

fn broken(case: &str) -> Vec<u8> {
    let two = samples(2..=3);
    match case {
        "not_a_workbook" => "id,name\n2024-ZJ-I-0002,王小明\n".as_bytes().to_vec(),
        "missing_sheet" => by_hand(&[(
            "applications",
            format!("<sheetData>{}</sheetData>", application_rows("M-1", None)),
        )]),
        "unknown_header" => from_json(&two, ENGLISH, edit_cell(0, 0, 3, "nmae")),
        "invalid_utf8" => {
            let [training, evidence] = empty_parts();
            let cell = text("D2", "王BAD");
            by_hand_with_bytes(
                &[
                    (
                        "applications",
                        format!(
                            "<sheetData>{}</sheetData>",
                            application_rows("U-1", Some(("D", &cell)))
                        ),
                    ),
                    training,
                    evidence,
                ],
                "BAD",
                b"\xff\xfe\xfd",
            )
        }
        "uncached_formula" => hand_made(&application_rows(
            "F-1",
            Some(("D", r#"<c r="D2"><f>CONCAT("王","小明")</f></c>"#)),
        )),
        "merged" => from_json(&two, ENGLISH, |book| {
            let format = rust_xlsxwriter::Format::new();
            book.worksheet_from_index(0)
                .unwrap()
                .merge_range(1, 5, 2, 5, "浙江", &format)
                .unwrap();
        }),
        "ten_megabytes" => hand_made(&application_rows(
            "T-1",
            Some(("G", &text("G2", &"长".repeat(10_000_000)))),
        )),
        "orphan_training" => from_json(&two, ENGLISH, edit_cell(1, 2, 0, "2024-ZJ-I-9999")),
        "duplicate_in_file" => from_json(
            &[common::sample_json(2), common::sample_json(2)],
            ENGLISH,
            |_| {},
        ),
        "duplicate_in_store" => from_json(&samples(1..=2), ENGLISH, |_| {}),
        "zero_hours" => from_json(&two, ENGLISH, |book| {
            book.worksheet_from_index(1)
                .unwrap()
                .write_number(2, 4, 0)
                .unwrap();
        }),
        "bad_date_chinese" => from_json(&two, CHINESE, |book| {
            // Reversed columns: birth_date is the eighth from the right of twelve.
            book.worksheet_from_index(0)
                .unwrap()
                .write_string(1, 7, "1985-02-30")
                .unwrap();
        }),
        other => panic!("no case {other}"),
    }
}

#[rstest]
#[case::not_a_workbook("not_a_workbook", "broken.xlsx: not a readable XLSX workbook")]
#[case::missing_sheet(
    "missing_sheet",
    "no sheet named training or 培训; the workbook has \"applications\""
)]
#[case::unknown_header(
    "unknown_header",
    "applications, row 1, column D: unknown column header \"nmae\""
)]
#[case::invalid_utf8(
    "invalid_utf8",
    "sheet applications: the cell after C2 is not valid UTF-8 text"
)]
#[case::uncached_formula(
    "uncached_formula",
    "applications, row 2, column D (name): a formula without a computed value (=CONCAT("
)]
#[case::merged(
    "merged",
    "applications, row 3, column F (province): missing required field: the cell is part of the merged cells F2:F3, whose value belongs to F2 only"
)]
#[case::ten_megabytes(
    "ten_megabytes",
    "applications, row 2, column G (organization): must be at most 10000 characters, got 10000000"
)]
#[case::orphan_training(
    "orphan_training",
    "training, row 3, column A (application_id): no application with the id \"2024-ZJ-I-9999\" in the sheet applications"
)]
#[case::duplicate_in_file(
    "duplicate_in_file",
    "applications, row 3, column A (id): duplicate application id, first seen at row 2"
)]
#[case::duplicate_in_store(
    "duplicate_in_store",
    "applications, row 2, column A (id): an application with this id is already in the store"
)]
#[case::zero_hours(
    "zero_hours",
    "training, row 3, column E (hours): must be greater than 0"
)]
#[case::bad_date_chinese(
    "bad_date_chinese",
    "申报, row 2, column H (出生日期): expected a date YYYY-MM-DD, got \"1985-02-30\""
)]
fn a_broken_workbook_is_named_by_cell_and_nothing_is_written(
    #[case] case: &str,
    #[case] expected: &str,
) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    store_with(&db, &[common::application(1)]);
    let before = state(&db);
    let file = write_file(dir.path(), "broken.xlsx", &broken(case));
    let out = import(&db, &file);
    let err = stderr(&out);
    assert!(!out.status.success(), "{case}: {err}");
    assert!(err.contains(expected), "{case}: {err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(
        err.len() < 2_000,
        "{case}: the message stays short: {} bytes",
        err.len()
    );
    assert_eq!(state(&db), before, "{case}");
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
