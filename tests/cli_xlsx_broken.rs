//! Broken and unusual workbooks through the real binary: each refused
//! with its sheet, row and column named and the store left as it was, or
//! read as a person would expect (cached formula values, cleaned control
//! characters, a dimension that claims half a million rows).

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod workbook;

use rstest::rstest;

use workbook::run::{import, records, samples, state, stderr, store_with, write_file};
use workbook::{
    CHINESE, ENGLISH, application_rows, by_hand, by_hand_with_bytes, empty_parts, from_json, text,
};

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
        "repeated_header" => from_json(&two, ENGLISH, edit_cell(0, 0, 4, " 姓名 ")),
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
#[case::repeated_header(
    "repeated_header",
    "applications, row 1, column E: the column name appears twice, first in column D"
)]
#[case::required_column_missing(
    "repeated_header",
    "applications, row 1: no column for the required field birth_date (出生日期)"
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
