//! Written exam scores and their CSV import.

use rstest::rstest;

use super::*;

fn rows(parsed: &[WrittenRow]) -> Vec<(usize, &str, u32)> {
    parsed
        .iter()
        .map(|r| (r.line, r.id.as_str(), r.score))
        .collect()
}

fn problem(line: usize, column: Option<CsvColumn>, reason: CsvReason) -> CsvProblem {
    CsvProblem {
        line,
        column,
        reason,
    }
}

fn text(s: &str) -> String {
    s.to_owned()
}

#[rstest]
#[case::header(b"id,score\n2024-A,85\n2024-B,0\n", &[(2, "2024-A", 85), (3, "2024-B", 0)])]
#[case::no_header(b"A,85\nB,100", &[(1, "A", 85), (2, "B", 100)])]
#[case::bom_crlf_and_a_loud_header(
    b"\xEF\xBB\xBFID , Score\r\nA,60\r\n",
    &[(2, "A", 60)]
)]
#[case::quotes_and_spaces(b" \"A\" , \"75\" \n\"B\"\"1\",80\n", &[(1, "A", 75), (2, "B\"1", 80)])]
#[case::blank_and_empty_lines(b"\nA,1\n\n  \n,\nB,2\n\n", &[(2, "A", 1), (6, "B", 2)])]
#[case::header_after_blank_lines(b"\n\nid,score\nA,1\n", &[(4, "A", 1)])]
#[case::full_width_digits(b"A,\xEF\xBC\x99\xEF\xBC\x90\n", &[(1, "A", 90)])]
#[case::header_only(b"id,score\n", &[])]
#[case::empty(b"", &[])]
fn good_files_give_every_row(#[case] bytes: &[u8], #[case] expected: &[(usize, &str, u32)]) {
    let parsed = parse_written_csv(bytes).unwrap();
    assert_eq!(rows(&parsed), expected);
}

#[test]
fn every_problem_is_reported_with_its_line_and_column() {
    let file =
        b"id,score\nA,85\nA,90\n,70\nB,101\nC,7.5\nD\nE,80,1\nF G,80\n\"H,80\nI,-1\nJ,\n,abc\n";
    let id = Some(CsvColumn::Id);
    let score = Some(CsvColumn::Score);
    let expected = vec![
        problem(
            3,
            id,
            CsvReason::Duplicate {
                id: text("A"),
                first_line: 2,
            },
        ),
        problem(4, id, CsvReason::EmptyId),
        problem(
            5,
            score,
            CsvReason::Score(PointsError::OverMax {
                text: text("101"),
                max: 100,
            }),
        ),
        problem(
            6,
            score,
            CsvReason::Score(PointsError::NotWhole { text: text("7.5") }),
        ),
        problem(7, None, CsvReason::Columns { found: 1 }),
        problem(8, None, CsvReason::Columns { found: 3 }),
        problem(9, id, CsvReason::BadId { id: text("F G") }),
        problem(10, None, CsvReason::UnclosedQuote),
        problem(
            11,
            score,
            CsvReason::Score(PointsError::Negative { text: text("-1") }),
        ),
        problem(12, score, CsvReason::Score(PointsError::Empty)),
        problem(13, id, CsvReason::EmptyId),
        problem(
            13,
            score,
            CsvReason::Score(PointsError::NotANumber { text: text("abc") }),
        ),
    ];
    assert_eq!(parse_written_csv(file), Err(expected));
}

#[test]
fn a_header_below_the_first_line_is_data() {
    let problems = parse_written_csv(b"A,85\nid,score\n").unwrap_err();
    assert_eq!(
        problems,
        [problem(
            2,
            Some(CsvColumn::Score),
            CsvReason::Score(PointsError::NotANumber {
                text: text("score")
            })
        )]
    );
}

#[test]
fn text_in_another_encoding_is_named_by_line() {
    // "张三" in GBK, as a spreadsheet may save it.
    let problems = parse_written_csv(b"A,85\n\xd5\xc5\xc8\xfd,90\n").unwrap_err();
    assert_eq!(problems, [problem(2, None, CsvReason::NotUtf8)]);
    assert_eq!(
        problems[0].to_string(),
        "line 2: not UTF-8 text (save the file as CSV UTF-8)"
    );
}

#[test]
fn problems_read_as_line_column_and_reason() {
    let problems = parse_written_csv(b"A,85\nA,101\n").unwrap_err();
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "line 2, column 1 (id): A is already scored on line 1",
            "line 2, column 2 (score): 101 is over the maximum 100",
        ]
    );
}

#[rstest]
#[case("60", Ok(60))]
#[case("\u{FF11}\u{FF10}\u{FF10}", Ok(100))]
#[case("101", Err(PointsError::OverMax { text: text("101"), max: 100 }))]
#[case("59.5", Err(PointsError::NotWhole { text: text("59.5") }))]
fn typed_written_scores_are_whole_and_at_most_100(
    #[case] typed: &str,
    #[case] expected: Result<u32, PointsError>,
) {
    assert_eq!(parse_written_score(typed), expected);
}

#[test]
fn written_scores_as_numbers_are_checked_too() {
    assert_eq!(check_written_score(100), Ok(100));
    assert!(check_written_score(101).is_err());
}
