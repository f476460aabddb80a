//! The exceptional track: each basis valid and invalid, waivers, the
//! intermediate list, and the stage after eligibility.

use rstest::rstest;

use crate::domain::application::{EvidenceItem, EvidenceKind as K, Flag, Rank, Scope};
use crate::domain::cycle::Cycle;
use crate::domain::rules::testkit::{ItemExt, codes, eligible, item, result, status};
use crate::domain::rules::{
    Criterion, ExceptionalGap, Finding, Status, Verdict, next_stage_after_eligibility,
};
use crate::domain::stage::{ExceptionalBasis as B, Level, Stage};

fn top_ten(date: &str) -> EvidenceItem {
    item("E9", K::Honor, date)
        .scope(Scope::National)
        .flag(Flag::TopTenCounselor)
}

fn contest(date: &str, rank: Rank) -> EvidenceItem {
    item("E9", K::ProfessionalAward, date)
        .scope(Scope::National)
        .rank(rank)
        .flag(Flag::NormalStudentContest)
}

/// A senior who would fail every waivable criterion on the regular track.
fn weak_senior() -> crate::domain::rules::testkit::Builder {
    eligible(Level::Senior)
        .education(crate::domain::Education::Secondary)
        .born("1990-01-01")
        .service_start("2023-09-01")
        .no_prior()
}

/// A junior who would fail every waivable criterion on the regular track.
fn weak_junior() -> crate::domain::rules::testkit::Builder {
    eligible(Level::Junior)
        .service_start("2024-09-01")
        .training(vec![])
}

#[test]
fn top_ten_counselor_waives_four_criteria_of_a_senior() {
    let evaluation = weak_senior()
        .evidence(vec![top_ten("2012-08-14")])
        .exceptional(Some(B::TopTenCounselor))
        .evaluate();
    assert_eq!(evaluation.verdict, Verdict::Eligible, "{evaluation:#?}");
    let expected = [
        (Criterion::Ethics, Status::Pass),
        (Criterion::Education, Status::Waived),
        (Criterion::ServiceYears, Status::Waived),
        (Criterion::PriorCertificate, Status::Waived),
        (Criterion::Achievements, Status::Waived),
        (Criterion::Exceptional, Status::Pass),
    ];
    let found: Vec<_> = evaluation
        .criteria
        .iter()
        .map(|c| (c.code, c.status))
        .collect();
    assert_eq!(found, expected);
    let education = result(&evaluation, Criterion::Education);
    assert_eq!(
        education.finding,
        Finding::Waived {
            basis: B::TopTenCounselor
        }
    );
    assert_eq!(result(&evaluation, Criterion::Exceptional).evidence, ["E9"]);
}

#[test]
fn ethics_still_applies_to_an_exception() {
    let evaluation = weak_senior()
        .attestation(false)
        .evidence(vec![top_ten("2012-08-14")])
        .exceptional(Some(B::TopTenCounselor))
        .evaluate();
    assert_eq!(status(&evaluation, Criterion::Ethics), Status::Fail);
    assert_eq!(evaluation.verdict, Verdict::Ineligible);
}

#[test]
fn normal_student_contest_waives_three_criteria_of_a_junior() {
    let evaluation = weak_junior()
        .evidence(vec![contest("2023-11-12", Rank::First)])
        .exceptional(Some(B::NormalStudentContest))
        .evaluate();
    assert_eq!(evaluation.verdict, Verdict::Eligible, "{evaluation:#?}");
    let expected = [
        (Criterion::Ethics, Status::Pass),
        (Criterion::Education, Status::Pass),
        (Criterion::ServiceYears, Status::Waived),
        (Criterion::TrainingHours, Status::Waived),
        (Criterion::Achievements, Status::Waived),
        (Criterion::Exceptional, Status::Pass),
    ];
    let found: Vec<_> = evaluation
        .criteria
        .iter()
        .map(|c| (c.code, c.status))
        .collect();
    assert_eq!(found, expected);
    let finding = &result(&evaluation, Criterion::Exceptional).finding;
    let expected = Finding::ExceptionalMet {
        basis: B::NormalStudentContest,
        year: 2023,
        rank: Some(Rank::First),
        unverified: Vec::new(),
    };
    assert_eq!(finding, &expected);
}

#[rstest]
#[case::senior_top_ten(Level::Senior, B::TopTenCounselor, top_ten("2012-08-14"), None)]
#[case::senior_unverified(Level::Senior, B::TopTenCounselor, top_ten("2012-08-14").verified(None), None)]
#[case::senior_rejected(Level::Senior, B::TopTenCounselor, top_ten("2012-08-14").verified(Some(false)), Some(ExceptionalGap::Rejected))]
#[case::senior_no_flag(Level::Senior, B::TopTenCounselor, item("E9", K::Honor, "2012-08-14").scope(Scope::National), Some(ExceptionalGap::NoEvidence))]
#[case::senior_flag_on_award(Level::Senior, B::TopTenCounselor, item("E9", K::ProfessionalAward, "2012-08-14").scope(Scope::National).flag(Flag::TopTenCounselor), Some(ExceptionalGap::NoEvidence))]
#[case::junior_first(
    Level::Junior,
    B::NormalStudentContest,
    contest("2023-11-12", Rank::First),
    None
)]
#[case::junior_second(
    Level::Junior,
    B::NormalStudentContest,
    contest("2021-11-14", Rank::Second),
    None
)]
#[case::junior_third_2018(
    Level::Junior,
    B::NormalStudentContest,
    contest("2018-11-18", Rank::Third),
    None
)]
#[case::junior_2017(Level::Junior, B::NormalStudentContest, contest("2017-11-19", Rank::Second), Some(ExceptionalGap::TooEarly { year: 2017, earliest: 2018 }))]
#[case::junior_excellence(Level::Junior, B::NormalStudentContest, contest("2023-11-12", Rank::Excellence), Some(ExceptionalGap::RankTooLow { rank: Some(Rank::Excellence) }))]
#[case::junior_no_rank(Level::Junior, B::NormalStudentContest, contest("2023-11-12", Rank::First).no_rank(), Some(ExceptionalGap::RankTooLow { rank: None }))]
#[case::junior_rejected(Level::Junior, B::NormalStudentContest, contest("2023-11-12", Rank::First).verified(Some(false)), Some(ExceptionalGap::Rejected))]
#[case::junior_no_flag(Level::Junior, B::NormalStudentContest, item("E9", K::ProfessionalAward, "2023-11-12").scope(Scope::National).rank(Rank::First), Some(ExceptionalGap::NoEvidence))]
fn each_basis_valid_and_invalid(
    #[case] level: Level,
    #[case] basis: B,
    #[case] flagged: EvidenceItem,
    #[case] gap: Option<ExceptionalGap>,
) {
    let builder = if level == Level::Senior {
        weak_senior()
    } else {
        weak_junior()
    };
    let evaluation = builder
        .evidence(vec![flagged])
        .exceptional(Some(basis))
        .evaluate();
    let exceptional = result(&evaluation, Criterion::Exceptional);
    match gap {
        None => {
            assert_eq!(exceptional.status, Status::Pass, "{exceptional:?}");
            assert_eq!(evaluation.verdict, Verdict::Eligible);
        }
        Some(gap) => {
            assert_eq!(exceptional.status, Status::Fail);
            assert_eq!(
                exceptional.finding,
                Finding::ExceptionalNotMet { basis, gap }
            );
            // An unmet basis waives nothing: the regular shortfalls show.
            assert_eq!(status(&evaluation, Criterion::ServiceYears), Status::Fail);
            assert_eq!(evaluation.verdict, Verdict::Ineligible);
        }
    }
}

#[test]
fn an_unverified_basis_passes_with_a_note() {
    let evaluation = weak_senior()
        .evidence(vec![top_ten("2012-08-14").verified(None)])
        .exceptional(Some(B::TopTenCounselor))
        .evaluate();
    let exceptional = result(&evaluation, Criterion::Exceptional);
    assert_eq!(exceptional.status, Status::Pass);
    assert_eq!(exceptional.finding.unverified(), ["E9"]);
}

#[rstest]
#[case::top_ten_intermediate(Level::Intermediate, B::TopTenCounselor)]
#[case::top_ten_junior(Level::Junior, B::TopTenCounselor)]
#[case::contest_senior(Level::Senior, B::NormalStudentContest)]
#[case::contest_intermediate(Level::Intermediate, B::NormalStudentContest)]
#[case::provincial_junior(Level::Junior, B::ProvincialRule)]
#[case::provincial_senior(Level::Senior, B::ProvincialRule)]
fn a_basis_of_another_level_fails_and_waives_nothing(#[case] level: Level, #[case] basis: B) {
    let evidence = with_both_flags(eligible(level).build().evidence);
    let evaluation = eligible(level)
        .evidence(evidence)
        .exceptional(Some(basis))
        .evaluate();
    let exceptional = result(&evaluation, Criterion::Exceptional);
    assert_eq!(exceptional.status, Status::Fail);
    assert_eq!(
        exceptional.finding,
        Finding::ExceptionalWrongLevel { basis, level }
    );
    let others = evaluation
        .criteria
        .iter()
        .filter(|c| c.code != Criterion::Exceptional);
    assert!(
        others.clone().all(|c| c.status == Status::Pass),
        "{evaluation:#?}"
    );
    assert_eq!(evaluation.verdict, Verdict::Ineligible);
}

#[test]
fn a_missing_basis_fails() {
    let evaluation = eligible(Level::Senior).exceptional(None).evaluate();
    let exceptional = result(&evaluation, Criterion::Exceptional);
    assert_eq!(exceptional.finding, Finding::ExceptionalMissingBasis);
    assert_eq!(exceptional.status, Status::Fail);
}

#[test]
fn a_regular_application_has_no_exceptional_criterion() {
    for level in [
        Level::Junior,
        Level::Intermediate,
        Level::Senior,
        Level::Specialist,
    ] {
        let evaluation = eligible(level).evaluate();
        assert!(
            !codes(&evaluation).contains(&Criterion::Exceptional),
            "{level:?}"
        );
    }
}

fn listing(ids: &[&str]) -> Cycle {
    let mut cycle = Cycle::default_2024();
    cycle.exceptional.intermediate_list = ids.iter().map(|id| (*id).to_owned()).collect();
    cycle
}

/// An intermediate on the provincial rule with only 48 certified hours.
fn short_intermediate() -> crate::domain::rules::testkit::Builder {
    use crate::domain::rules::testkit::training;
    let records = vec![
        training(2400, "2023-08-18", Scope::Provincial, true),
        training(2400, "2023-10-22", Scope::Provincial, false),
    ];
    eligible(Level::Intermediate)
        .id("2024-HB-I-0001")
        .training(records)
        .exceptional(Some(B::ProvincialRule))
}

#[test]
fn listed_intermediate_turns_fails_into_review() {
    let evaluation = short_intermediate().evaluate_with(&listing(&["2024-HB-I-0001"]));
    let exceptional = result(&evaluation, Criterion::Exceptional);
    assert_eq!(exceptional.status, Status::Review);
    assert_eq!(
        exceptional.finding,
        Finding::ExceptionalListed { cycle: 2024 }
    );
    let training = result(&evaluation, Criterion::TrainingHours);
    assert_eq!(training.status, Status::Review);
    assert!(matches!(training.finding, Finding::TrainingShort { .. }));
    assert_eq!(evaluation.verdict, Verdict::NeedsReview);
}

#[test]
fn listed_intermediate_keeps_an_ethics_fail() {
    let evaluation = short_intermediate()
        .attestation(false)
        .evaluate_with(&listing(&["2024-HB-I-0001"]));
    assert_eq!(status(&evaluation, Criterion::Ethics), Status::Fail);
    assert_eq!(
        status(&evaluation, Criterion::TrainingHours),
        Status::Review
    );
    assert_eq!(evaluation.verdict, Verdict::Ineligible);
}

#[test]
fn unlisted_intermediate_fails_and_keeps_its_fails() {
    let evaluation = short_intermediate().evaluate_with(&listing(&["2024-HB-I-0002"]));
    let exceptional = result(&evaluation, Criterion::Exceptional);
    assert_eq!(exceptional.status, Status::Fail);
    assert_eq!(
        exceptional.finding,
        Finding::ExceptionalNotListed { cycle: 2024 }
    );
    assert_eq!(status(&evaluation, Criterion::TrainingHours), Status::Fail);
    assert_eq!(evaluation.verdict, Verdict::Ineligible);
}

#[test]
fn listed_intermediate_meeting_everything_still_needs_review() {
    let evaluation = eligible(Level::Intermediate)
        .id("2024-HB-I-0002")
        .exceptional(Some(B::ProvincialRule))
        .evaluate_with(&listing(&["2024-HB-I-0002"]));
    let others = evaluation
        .criteria
        .iter()
        .filter(|c| c.code != Criterion::Exceptional);
    assert!(others.clone().all(|c| c.status == Status::Pass));
    assert_eq!(evaluation.verdict, Verdict::NeedsReview);
}

#[rstest]
#[case::senior_top_ten(Level::Senior, Some(B::TopTenCounselor), true, Stage::Notice)]
#[case::junior_contest(Level::Junior, Some(B::NormalStudentContest), true, Stage::Notice)]
#[case::senior_unmet(Level::Senior, Some(B::TopTenCounselor), false, Stage::Achievement)]
#[case::intermediate_listed(Level::Intermediate, Some(B::ProvincialRule), true, Stage::Achievement)]
#[case::regular(Level::Senior, None, true, Stage::Achievement)]
fn exceptional_senior_and_junior_go_straight_to_the_notice(
    #[case] level: Level,
    #[case] basis: Option<B>,
    #[case] flagged: bool,
    #[case] next: Stage,
) {
    let mut evidence = eligible(level).build().evidence;
    if flagged {
        evidence = with_both_flags(evidence);
    }
    let mut builder = eligible(level).evidence(evidence);
    if basis.is_some() {
        builder = builder.exceptional(basis);
    }
    let application = builder.build();
    let cycle = listing(&[application.id.as_str()]);
    let evaluation = crate::domain::rules::evaluate(&application, &cycle);
    assert_eq!(
        next_stage_after_eligibility(&application, &evaluation),
        next
    );
}

#[test]
fn specialist_leaves_every_criterion_to_review() {
    let evaluation = eligible(Level::Specialist).evaluate();
    assert_eq!(evaluation.verdict, Verdict::NeedsReview);
    assert!(!evaluation.criteria.is_empty());
    for result in &evaluation.criteria {
        assert_eq!(result.status, Status::Review);
        assert_eq!(result.finding, Finding::AnnouncedSeparately);
    }
    let exceptional = eligible(Level::Specialist)
        .exceptional(Some(B::ProvincialRule))
        .evaluate();
    assert_eq!(codes(&exceptional).last(), Some(&Criterion::Exceptional));
    assert_eq!(status(&exceptional, Criterion::Exceptional), Status::Review);
}

/// The evidence with a valid top-ten honor (E9) and contest prize (E8) added.
fn with_both_flags(mut evidence: Vec<EvidenceItem>) -> Vec<EvidenceItem> {
    evidence.push(top_ten("2012-08-14"));
    let mut prize = contest("2023-11-12", Rank::First);
    prize.id = "E8".to_owned();
    evidence.push(prize);
    evidence
}
