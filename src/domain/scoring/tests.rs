//! Review validation, typed points, aggregation and tendencies.

use chrono::{TimeZone, Utc};
use rstest::rstest;

use super::*;
use crate::domain::cycle::{Cycle, Scoring};

fn scoring() -> Scoring {
    Cycle::default_2024().scoring
}

fn r(num: i64, den: u64) -> Score {
    Score::ratio(num, den).unwrap()
}

fn review(stage: ReviewStage, scores: &[u32], comment: &str) -> Review {
    Review {
        expert: "expert1".to_owned(),
        stage,
        scores: scores.to_vec(),
        comment: comment.to_owned(),
        submitted: None,
    }
}

fn over(index: usize, code: &str, name: &str, max: u32, found: u32) -> ReviewProblem {
    ReviewProblem::OverMax {
        index,
        code: code.to_owned(),
        name: name.to_owned(),
        max,
        found,
    }
}

// ---- review validation ----

#[rstest]
#[case::full_marks(ReviewStage::Achievement, &[20, 30, 50], "", 100)]
#[case::at_the_pass_line_no_comment(ReviewStage::Achievement, &[12, 18, 30], "", 60)]
#[case::under_the_line_with_comment(ReviewStage::Achievement, &[10, 20, 29], "材料不足", 59)]
#[case::zero_with_comment(ReviewStage::Achievement, &[0, 0, 0], "no evidence", 0)]
#[case::defense_at_the_line(ReviewStage::Defense, &[60], "", 60)]
#[case::defense_full(ReviewStage::Defense, &[100], "", 100)]
fn valid_reviews_give_their_total(
    #[case] stage: ReviewStage,
    #[case] scores: &[u32],
    #[case] comment: &str,
    #[case] total: u32,
) {
    assert_eq!(
        review(stage, scores, comment).validate(&scoring()),
        Ok(total)
    );
}

#[rstest]
#[case::first_dimension_over(
    ReviewStage::Achievement, &[21, 30, 49], "",
    vec![over(0, "ethics", "Ethics and commitment", 20, 21)]
)]
#[case::two_dimensions_over(
    ReviewStage::Achievement, &[21, 31, 50], "",
    vec![
        over(0, "ethics", "Ethics and commitment", 20, 21),
        over(1, "theory", "Theory and science literacy", 30, 31),
    ]
)]
#[case::too_few(
    ReviewStage::Achievement, &[20, 30], "two of three",
    vec![ReviewProblem::WrongCount { expected: 3, found: 2 }]
)]
#[case::too_many(
    ReviewStage::Achievement, &[20, 20, 20, 20], "",
    vec![ReviewProblem::WrongCount { expected: 3, found: 4 }]
)]
#[case::empty_draft(
    ReviewStage::Achievement, &[], "",
    vec![
        ReviewProblem::WrongCount { expected: 3, found: 0 },
        ReviewProblem::CommentRequired { total: 0, pass_line: 60 },
    ]
)]
#[case::comment_required_under_the_line(
    ReviewStage::Achievement, &[10, 20, 29], "",
    vec![ReviewProblem::CommentRequired { total: 59, pass_line: 60 }]
)]
#[case::blank_comment_is_no_comment(
    ReviewStage::Achievement, &[10, 20, 29], " \u{3000}\n",
    vec![ReviewProblem::CommentRequired { total: 59, pass_line: 60 }]
)]
#[case::defense_over_100(
    ReviewStage::Defense, &[101], "",
    vec![over(0, "total", "Total", 100, 101)]
)]
#[case::defense_takes_one_total(
    ReviewStage::Defense, &[30, 40], "",
    vec![ReviewProblem::WrongCount { expected: 1, found: 2 }]
)]
#[case::defense_comment_under_the_line(
    ReviewStage::Defense, &[59], "",
    vec![ReviewProblem::CommentRequired { total: 59, pass_line: 60 }]
)]
fn invalid_reviews_name_every_problem(
    #[case] stage: ReviewStage,
    #[case] scores: &[u32],
    #[case] comment: &str,
    #[case] problems: Vec<ReviewProblem>,
) {
    assert_eq!(
        review(stage, scores, comment).validate(&scoring()),
        Err(problems)
    );
}

#[test]
fn problems_read_with_the_dimension_number_and_name() {
    let text: Vec<String> = review(ReviewStage::Achievement, &[20, 31], "")
        .validate(&scoring())
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        text,
        [
            "expected 3 scores, found 2",
            "dimension 2 Theory and science literacy (theory): 31 is over the maximum 30",
            "a comment is required: the total 51 is under the pass line 60",
        ]
    );
}

#[test]
fn the_pass_line_for_comments_follows_the_cycle() {
    let mut scoring = scoring();
    scoring.pass_lines.achievement = 70;
    let low = review(ReviewStage::Achievement, &[15, 20, 30], "");
    assert_eq!(
        low.validate(&scoring),
        Err(vec![ReviewProblem::CommentRequired {
            total: 65,
            pass_line: 70
        }])
    );
}

#[test]
fn overlong_comments_are_refused() {
    let long = "评".repeat(COMMENT_MAX_CHARS + 1);
    let problems = review(ReviewStage::Defense, &[80], &long).validate(&scoring());
    assert_eq!(
        problems,
        Err(vec![ReviewProblem::CommentTooLong {
            chars: COMMENT_MAX_CHARS + 1,
            max: COMMENT_MAX_CHARS
        }])
    );
}

#[test]
fn submitting_marks_only_a_valid_review() {
    let at = Utc.with_ymd_and_hms(2024, 9, 1, 8, 0, 0).unwrap();
    let mut bad = review(ReviewStage::Achievement, &[10, 10, 10], "");
    assert!(bad.submit(&scoring(), at).is_err());
    assert!(!bad.is_submitted());

    let mut good = review(ReviewStage::Achievement, &[18, 25, 40], "");
    assert_eq!(good.submit(&scoring(), at), Ok(83));
    assert_eq!(good.submitted, Some(at));
}

#[test]
fn drafts_round_trip_through_json() {
    let draft = Review::draft("li", ReviewStage::Achievement);
    let json = serde_json::to_string(&draft).unwrap();
    assert_eq!(
        json,
        r#"{"expert":"li","stage":"achievement","scores":[],"comment":""}"#
    );
    assert_eq!(serde_json::from_str::<Review>(&json).unwrap(), draft);
    assert_eq!(
        ReviewStage::of(crate::domain::Stage::Defense),
        Some(ReviewStage::Defense)
    );
    assert_eq!(ReviewStage::of(crate::domain::Stage::Written), None);
}

// ---- typed points ----

#[rstest]
#[case("85", 100, Ok(85))]
#[case(" 0 ", 100, Ok(0))]
#[case("100", 100, Ok(100))]
#[case("\u{FF18}\u{FF15}", 100, Ok(85))]
#[case("", 100, Err(PointsError::Empty))]
#[case("   ", 100, Err(PointsError::Empty))]
#[case("-3", 100, Err(PointsError::Negative { text: "-3".into() }))]
#[case("7.5", 100, Err(PointsError::NotWhole { text: "7.5".into() }))]
#[case("85.", 100, Err(PointsError::NotWhole { text: "85.".into() }))]
#[case(".5", 100, Err(PointsError::NotWhole { text: ".5".into() }))]
#[case("abc", 100, Err(PointsError::NotANumber { text: "abc".into() }))]
#[case("+5", 100, Err(PointsError::NotANumber { text: "+5".into() }))]
#[case("8 5", 100, Err(PointsError::NotANumber { text: "8 5".into() }))]
#[case("-", 100, Err(PointsError::NotANumber { text: "-".into() }))]
#[case("21", 20, Err(PointsError::OverMax { text: "21".into(), max: 20 }))]
#[case("99999999999", 100, Err(PointsError::OverMax { text: "99999999999".into(), max: 100 }))]
fn typed_points_are_whole_and_in_range(
    #[case] text: &str,
    #[case] max: u32,
    #[case] expected: Result<u32, PointsError>,
) {
    assert_eq!(parse_points(text, max), expected);
}

// ---- aggregation ----

/// count, mean, trimmed, median, spread, flagged
type Expect = (usize, Score, bool, Score, u32, bool);

#[rstest]
#[case::three(&[70, 80, 90], (3, r(80, 1), false, r(80, 1), 20, true))]
#[case::three_inexact(&[70, 71, 73], (3, r(214, 3), false, r(71, 1), 3, false))]
#[case::three_tied(&[80, 80, 80], (3, r(80, 1), false, r(80, 1), 0, false))]
#[case::three_unsorted(&[90, 62, 75], (3, r(227, 3), false, r(75, 1), 28, true))]
#[case::five_trimmed(&[60, 70, 80, 90, 100], (5, r(80, 1), true, r(80, 1), 40, true))]
#[case::five_outlier_dropped(&[50, 80, 80, 80, 95], (5, r(80, 1), true, r(80, 1), 45, true))]
#[case::five_ties_at_both_ends(&[60, 60, 70, 80, 80], (5, r(70, 1), true, r(70, 1), 20, true))]
#[case::five_inexact(&[71, 72, 72, 74, 75], (5, r(218, 3), true, r(72, 1), 4, false))]
#[case::four_not_trimmed(&[50, 70, 80, 100], (4, r(75, 1), false, r(75, 1), 50, true))]
#[case::four_even_median(&[60, 70, 81, 86], (4, r(297, 4), false, r(151, 2), 26, true))]
#[case::five_trims_the_fifth(&[50, 70, 80, 90, 100], (5, r(80, 1), true, r(80, 1), 50, true))]
#[case::six_trimmed(&[60, 61, 62, 63, 64, 99], (6, r(250, 4), true, r(125, 2), 39, true))]
#[case::spread_15_not_flagged(&[70, 75, 85], (3, r(230, 3), false, r(75, 1), 15, false))]
#[case::spread_16_flagged(&[70, 75, 86], (3, r(231, 3), false, r(75, 1), 16, true))]
#[case::one(&[64], (1, r(64, 1), false, r(64, 1), 0, false))]
fn aggregates_follow_the_rules(#[case] totals: &[u32], #[case] expect: Expect) {
    let a = aggregate(totals, &scoring()).unwrap();
    assert_eq!(
        (a.count, a.mean, a.trimmed, a.median, a.spread, a.flagged),
        expect,
        "{totals:?}"
    );
    assert_eq!(a.max - a.min, a.spread);
}

#[test]
fn the_trimmed_mean_boundary_follows_the_cycle() {
    let mut scoring = scoring();
    let four = [50, 70, 80, 100];
    assert!(!aggregate(&four, &scoring).unwrap().trimmed);
    scoring.trimmed_mean_from = 4;
    let a = aggregate(&four, &scoring).unwrap();
    assert!(a.trimmed);
    assert_eq!(a.mean, r(75, 1));
    scoring.spread_flag_above = 50;
    assert!(!aggregate(&four, &scoring).unwrap().flagged);
}

#[test]
fn no_totals_no_aggregate() {
    assert_eq!(aggregate(&[], &scoring()), None);
}

#[test]
fn the_aggregate_of_reviews_counts_submitted_ones_of_the_stage() {
    let at = Utc.with_ymd_and_hms(2024, 9, 1, 8, 0, 0).unwrap();
    let submitted = |stage, scores: &[u32]| Review {
        submitted: Some(at),
        ..review(stage, scores, "")
    };
    let reviews = [
        submitted(ReviewStage::Achievement, &[20, 30, 40]),
        submitted(ReviewStage::Achievement, &[15, 25, 30]),
        review(ReviewStage::Achievement, &[0, 0, 0], ""),
        submitted(ReviewStage::Defense, &[10]),
    ];
    let a = aggregate_reviews(&reviews, ReviewStage::Achievement, &scoring()).unwrap();
    assert_eq!((a.count, a.mean, a.spread), (2, r(80, 1), 20));
    let d = aggregate_reviews(&reviews, ReviewStage::Defense, &scoring()).unwrap();
    assert_eq!((d.count, d.mean, d.reaches(60)), (1, r(10, 1), false));
    assert!(aggregate_reviews(&reviews[2..3], ReviewStage::Achievement, &scoring()).is_none());
}

#[test]
fn the_aggregate_shows_one_decimal() {
    let a = aggregate(&[57, 57, 58], &scoring()).unwrap();
    assert_eq!(a.mean.to_string(), "57.3");
    assert!(!a.reaches(60));
    let b = aggregate(&[59, 60, 61], &scoring()).unwrap();
    assert!(b.reaches(60));
}

// ---- tendencies ----

#[test]
fn tendencies_show_harsh_and_lenient_scorers() {
    let given = |application, expert, total| GivenTotal {
        application,
        expert,
        total,
    };
    let totals = [
        given("A1", "chen", 70),
        given("A1", "li", 80),
        given("A1", "wang", 90),
        given("A2", "chen", 60),
        given("A2", "li", 80),
        given("A3", "zhao", 75),
    ];
    let t = tendencies(&totals);
    let summary: Vec<_> = t
        .iter()
        .map(|t| (t.expert.as_str(), t.count, t.mean, t.compared, t.deviation))
        .collect();
    assert_eq!(
        summary,
        [
            ("chen", 2, r(65, 1), 2, Some(r(-35, 2))),
            ("li", 2, r(80, 1), 2, Some(r(10, 1))),
            ("wang", 1, r(90, 1), 1, Some(r(15, 1))),
            ("zhao", 1, r(75, 1), 0, None),
        ]
    );
    assert_eq!(t[0].deviation.unwrap().to_string(), "-17.5");
}

#[test]
fn tendencies_of_nothing_are_empty() {
    assert!(tendencies(&[]).is_empty());
}
