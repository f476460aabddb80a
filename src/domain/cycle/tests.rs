use rstest::rstest;

use super::*;

const FIXTURE: &str = include_str!("../../../fixtures/cycle-2024.toml");

#[test]
fn the_fixture_file_is_the_2024_defaults() {
    let cycle = Cycle::from_toml(FIXTURE).unwrap();
    assert_eq!(cycle, Cycle::default_2024());
    assert_eq!(cycle.reference_date, date(2024, 12, 31));
    assert_eq!(cycle.latest_prior_certificate_year(), 2022);
    assert_eq!(cycle.rubric_total(), 100);
}

#[test]
fn the_defaults_hold_together_and_survive_a_round_trip() {
    let cycle = Cycle::default_2024();
    cycle.validate().unwrap();
    let text = cycle.to_toml().unwrap();
    assert_eq!(Cycle::from_toml(&text).unwrap(), cycle);
    let json = serde_json::to_string(&cycle).unwrap();
    assert_eq!(serde_json::from_str::<Cycle>(&json).unwrap(), cycle);
}

#[test]
fn an_empty_file_is_the_defaults_and_a_file_overrides_only_what_it_names() {
    assert_eq!(Cycle::from_toml("").unwrap(), Cycle::default_2024());

    let text = "[thresholds.intermediate]\ntraining_hours = 80\n\n[exceptional]\n\
                intermediate_list = [\"2024-HB-I-0001\"]\n";
    let cycle = Cycle::from_toml(text).unwrap();
    assert_eq!(
        cycle.thresholds.intermediate.training_hours,
        Hours::from_whole(80)
    );
    assert_eq!(
        cycle.thresholds.intermediate.cast_hours,
        Hours::from_whole(35)
    );
    assert_eq!(cycle.thresholds.intermediate.min_scope, Scope::Provincial);
    assert_eq!(cycle.thresholds.junior, JuniorTraining::default());
    assert!(cycle.is_on_exceptional_list("2024-HB-I-0001"));
    assert!(!cycle.is_on_exceptional_list("2024-HB-I-0002"));
    assert_eq!(cycle.scoring, Scoring::default());
}

#[test]
fn the_reference_date_follows_the_year_unless_named() {
    let cycle = Cycle::from_toml("year = 2025").unwrap();
    assert_eq!(cycle.reference_date, date(2025, 12, 31));
    assert_eq!(cycle.latest_prior_certificate_year(), 2023);
    assert_eq!(cycle, Cycle::defaults_for(2025));

    let cycle = Cycle::from_toml("year = 2025\nreference_date = \"2025-06-30\"").unwrap();
    assert_eq!(cycle.reference_date, date(2025, 6, 30));
}

#[test]
fn accessors_read_the_level_tables() {
    let cycle = Cycle::default_2024();
    let levels = [Level::Junior, Level::Intermediate, Level::Senior];
    let years: Vec<_> = levels.iter().map(|l| cycle.service_years_for(*l)).collect();
    assert_eq!(years, [Some(1), Some(3), Some(5)]);
    assert_eq!(cycle.service_years_for(Level::Specialist), None);
    let experts: Vec<_> = levels.iter().map(|l| cycle.experts_for(*l)).collect();
    assert_eq!(experts, [3, 3, 5]);
    let fees: Vec<_> = levels.iter().map(|l| cycle.fee_for(*l)).collect();
    assert_eq!(fees, [100, 300, 500]);
    assert_eq!(cycle.achievements_required(Level::Senior), Some((2, 3)));
    assert_eq!(cycle.achievements_required(Level::Junior), Some((1, 2)));
    assert!(!cycle.sits_written(Level::Junior) && !cycle.sits_defense(Level::Junior));
    assert!(cycle.sits_written(Level::Senior) && cycle.sits_defense(Level::Intermediate));
    let junior_exams = Cycle::from_toml("[stages]\njunior_written = true").unwrap();
    assert!(junior_exams.sits_written(Level::Junior));
    assert!(!junior_exams.sits_defense(Level::Junior));
}

#[rstest]
#[case::unknown_top("yaer = 2024", "yaer", "unknown field")]
#[case::unknown_nested(
    "[thresholds.intermediate]\ntraining_houres = 70",
    "thresholds.intermediate.training_houres",
    "unknown field"
)]
#[case::unknown_section("[scores]\nx = 1", "scores", "unknown field")]
#[case::dotted_unknown(
    "thresholds.senior.training_hours = 1",
    "thresholds.senior",
    "unknown field"
)]
#[case::wrong_type(
    "[thresholds.intermediate]\ntraining_hours = \"seventy\"",
    "thresholds.intermediate.training_hours",
    ""
)]
#[case::negative_hours(
    "[thresholds.junior]\ncast_hours = -1",
    "thresholds.junior.cast_hours",
    ""
)]
#[case::negative_years("[service_years]\nsenior = -5", "service_years.senior", "")]
#[case::bad_scope(
    "[thresholds.intermediate]\nmin_scope = \"planet\"",
    "thresholds.intermediate.min_scope",
    "unknown variant"
)]
#[case::bad_date("reference_date = \"2024-13-01\"", "reference_date", "YYYY-MM-DD")]
#[case::datetime("reference_date = 2024-12-31T10:00:00", "reference_date", "YYYY-MM-DD")]
#[case::bad_cutoff(
    "[education]\nrelaxed_age_cutoff = 5",
    "education.relaxed_age_cutoff",
    ""
)]
#[case::rubric_type(
    "[[scoring.rubric]]\ncode = \"a\"\nzh = \"甲\"\nen = \"A\"\nmax = 100\n[[scoring.rubric]]\ncode = \"b\"\nzh = \"乙\"\nen = \"B\"\nmax = \"x\"",
    "scoring.rubric[1].max",
    ""
)]
#[case::rubric_missing(
    "[[scoring.rubric]]\ncode = \"a\"\nzh = \"甲\"\nen = \"A\"",
    "scoring.rubric[0].max",
    "missing field"
)]
#[case::list_type(
    "[exceptional]\nintermediate_list = [\n  \"A\",\n  3,\n]",
    "exceptional.intermediate_list",
    ""
)]
#[case::syntax("year = = 2024", "year", "")]
#[case::duplicate("year = 2024\nyear = 2025", "year", "duplicate")]
#[case::weights(
    "[scoring.weights]\nachievement = 0.6",
    "scoring.weights",
    "must add up to 1, got 1.1"
)]
#[case::weight_negative(
    "[scoring.weights]\nachievement = 0.9\nwritten = -0.2",
    "scoring.weights.written",
    "between 0 and 1"
)]
#[case::cast_over(
    "[thresholds.intermediate]\ncast_hours = 80",
    "thresholds.intermediate.cast_hours",
    "must not exceed thresholds.intermediate.training_hours (70), got 80"
)]
#[case::cast_over_total(
    "[thresholds.junior]\ntraining_hours = 10",
    "thresholds.junior.cast_hours",
    "(10), got 15"
)]
#[case::window_zero(
    "[windows]\nsenior_achievements = 0",
    "windows.senior_achievements",
    "between 1 and 100"
)]
#[case::pass_line(
    "[scoring.pass_lines]\nwritten = 101",
    "scoring.pass_lines.written",
    "between 0 and 100, got 101"
)]
#[case::rubric_zero(
    "[[scoring.rubric]]\ncode = \"a\"\nzh = \"甲\"\nen = \"A\"\nmax = 0",
    "scoring.rubric[0].max",
    "greater than 0"
)]
#[case::rubric_sum(
    "[[scoring.rubric]]\ncode = \"a\"\nzh = \"甲\"\nen = \"A\"\nmax = 90",
    "scoring.rubric",
    "add up to 100, the scale of the pass lines, got 90"
)]
#[case::rubric_empty("[scoring]\nrubric = []", "scoring.rubric", "at least one")]
#[case::reference_outside(
    "reference_date = 2025-01-01",
    "reference_date",
    "inside the cycle year 2024"
)]
#[case::experts_zero("[experts]\nsenior = 0", "experts.senior", "at least 1")]
#[case::required_over(
    "[achievements]\nsenior_required = 4",
    "achievements.senior_required",
    "between 1 and 3, got 4"
)]
#[case::relaxed_above(
    "[education]\nsenior_relaxed = \"master\"",
    "education.senior_relaxed",
    "not be above"
)]
#[case::contest_later(
    "[exceptional]\nnormal_student_contest_from = 2025",
    "exceptional.normal_student_contest_from",
    "after the cycle year"
)]
#[case::list_twice(
    "[exceptional]\nintermediate_list = [\"A\", \"B\", \"A\"]",
    "exceptional.intermediate_list[2]",
    "listed twice"
)]
#[case::trimmed(
    "[scoring]\ntrimmed_mean_from = 2",
    "scoring.trimmed_mean_from",
    "at least 3"
)]
#[case::year(
    "year = 1999\nreference_date = 1999-12-31",
    "year",
    "between 2000 and 2100"
)]
#[case::body_lower(
    "[certificates]\nbody = \"qkj\"",
    "certificates.body",
    "2 to 12 uppercase letters or digits, got 'qkj'"
)]
#[case::body_short("[certificates]\nbody = \"Q\"", "certificates.body", "got 'Q'")]
#[case::body_long(
    "[certificates]\nbody = \"ABCDEFGHIJKLM\"",
    "certificates.body",
    "2 to 12"
)]
fn a_bad_file_is_refused_naming_the_key(
    #[case] text: &str,
    #[case] key: &str,
    #[case] reason: &str,
) {
    let error = Cycle::from_toml(text).unwrap_err();
    assert_eq!(error.key, key, "{error}");
    assert!(error.reason.contains(reason), "{error}");
    assert!(error.to_string().contains(key), "{error}");
}

#[test]
fn errors_read_as_sentences() {
    let error = Cycle::from_toml("[windows]\n\nsenior_achievements = \"ten\"").unwrap_err();
    assert_eq!(error.key, "windows.senior_achievements");
    assert!(error.reason.ends_with("(line 3)"), "{}", error.reason);
    assert!(
        error
            .to_string()
            .starts_with("cycle configuration, key windows.senior_achievements: "),
        "{error}"
    );
    let whole = CycleError::new("", "empty");
    assert_eq!(whole.to_string(), "cycle configuration: empty");
}
