//! The shape of an evaluation: criteria per level in order, the verdict,
//! and the serde names.

use rstest::rstest;

use crate::domain::rules::testkit::{codes, cycle, eligible};
use crate::domain::rules::{
    Criterion as C, CriterionResult, Finding, Status, Verdict, evaluate, verdict_of,
};
use crate::domain::stage::Level;

#[rstest]
#[case::junior(Level::Junior, &[C::Ethics, C::Education, C::ServiceYears, C::TrainingHours, C::Achievements])]
#[case::intermediate(Level::Intermediate, &[C::Ethics, C::Education, C::ServiceYears, C::TrainingHours, C::Achievements])]
#[case::senior(Level::Senior, &[C::Ethics, C::Education, C::ServiceYears, C::PriorCertificate, C::Achievements])]
#[case::specialist(Level::Specialist, &[C::Ethics, C::Education, C::ServiceYears, C::TrainingHours, C::Achievements])]
fn criteria_follow_the_table_and_leave_out_what_does_not_apply(
    #[case] level: Level,
    #[case] expected: &[C],
) {
    assert_eq!(codes(&eligible(level).evaluate()), expected);
}

fn with(statuses: &[Status]) -> Vec<CriterionResult> {
    statuses
        .iter()
        .map(|s| CriterionResult::new(C::Ethics, *s, Finding::Attested))
        .collect()
}

#[rstest]
#[case::all_pass(&[Status::Pass, Status::Pass], Verdict::Eligible)]
#[case::waived(&[Status::Pass, Status::Waived], Verdict::Eligible)]
#[case::review(&[Status::Pass, Status::Review, Status::Waived], Verdict::NeedsReview)]
#[case::fail(&[Status::Pass, Status::Fail], Verdict::Ineligible)]
#[case::fail_beats_review(&[Status::Review, Status::Fail, Status::Pass], Verdict::Ineligible)]
#[case::empty(&[], Verdict::Eligible)]
fn the_verdict_is_the_worst_status(#[case] statuses: &[Status], #[case] expected: Verdict) {
    assert_eq!(verdict_of(&with(statuses)), expected);
}

#[test]
fn evaluation_is_deterministic() {
    let application = eligible(Level::Senior).build();
    assert_eq!(
        evaluate(&application, &cycle()),
        evaluate(&application, &cycle())
    );
}

#[test]
fn serde_uses_the_interchange_words() {
    let words = |v: serde_json::Value| v.as_str().unwrap().to_owned();
    let verdicts: Vec<_> = Verdict::ALL
        .iter()
        .map(|v| words(serde_json::to_value(v).unwrap()))
        .collect();
    assert_eq!(verdicts, ["eligible", "needs_review", "ineligible"]);
    let criteria: Vec<_> = C::ALL
        .iter()
        .map(|c| words(serde_json::to_value(c).unwrap()))
        .collect();
    let expected = [
        "ethics",
        "education",
        "service_years",
        "training_hours",
        "prior_certificate",
        "achievements",
        "exceptional",
    ];
    assert_eq!(criteria, expected);
    assert!(
        C::ALL
            .iter()
            .zip(expected)
            .all(|(c, code)| c.code() == code)
    );
    let statuses: Vec<_> = Status::ALL
        .iter()
        .map(|s| words(serde_json::to_value(s).unwrap()))
        .collect();
    assert_eq!(statuses, ["pass", "fail", "review", "waived"]);
    assert!(
        Status::ALL
            .iter()
            .zip(&statuses)
            .all(|(s, code)| s.code() == code)
    );
    assert!(
        Verdict::ALL
            .iter()
            .zip(&verdicts)
            .all(|(v, code)| v.code() == code)
    );

    let evaluation = eligible(Level::Junior).evaluate();
    let json = serde_json::to_string(&evaluation).unwrap();
    assert_eq!(
        serde_json::from_str::<crate::domain::rules::Evaluation>(&json).unwrap(),
        evaluation
    );
}
