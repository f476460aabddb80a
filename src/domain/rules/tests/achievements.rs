//! Achievement conditions per level: kinds, roles, scopes, journals,
//! author positions, windows, counts and verification.

use rstest::rstest;

use crate::domain::application::{EvidenceItem, EvidenceKind as K, Rank, Role, Scope};
use crate::domain::cycle::Cycle;
use crate::domain::rules::testkit::{ItemExt, eligible, item, result};
use crate::domain::rules::{ConditionResult, Criterion, Finding, Status};
use crate::domain::stage::Level;

const S: Scope = Scope::School;
const C: Scope = Scope::County;
const M: Scope = Scope::Municipal;
const P: Scope = Scope::Provincial;
const N: Scope = Scope::National;
const I: Scope = Scope::International;

fn award(date: &str, scope: Scope, role: Role) -> EvidenceItem {
    item("E1", K::StudentAward, date)
        .scope(scope)
        .role(role)
        .rank(Rank::Second)
}

fn activity(date: &str, role: Role) -> EvidenceItem {
    item("E1", K::StudentActivity, date).scope(S).role(role)
}

fn scoped(kind: K, date: &str, scope: Scope) -> EvidenceItem {
    item("E1", kind, date).scope(scope)
}

fn research(date: &str, scope: Scope, role: Role) -> EvidenceItem {
    item("E1", K::Research, date).scope(scope).role(role)
}

fn paper(date: &str, position: u32, journal: Scope) -> EvidenceItem {
    item("E1", K::Paper, date).paper(position, journal)
}

/// The numbers of the conditions one item meets at a level.
fn met_by(level: Level, one: EvidenceItem) -> Vec<u8> {
    let evaluation = eligible(level).evidence(vec![one]).evaluate();
    let achievements = result(&evaluation, Criterion::Achievements);
    achievements
        .conditions
        .iter()
        .filter(|c| c.met)
        .map(|c| c.number)
        .collect()
}

#[rstest]
#[case::activity_first_advisor(activity("2023-05-20", Role::FirstAdvisor), &[1])]
#[case::award_first_advisor(award("2023-05-20", M, Role::FirstAdvisor), &[1])]
#[case::activity_advisor(activity("2023-05-20", Role::Advisor), &[])]
#[case::award_member(award("2023-05-20", N, Role::Member), &[])]
#[case::window_first_day(activity("2021-12-31", Role::FirstAdvisor), &[1])]
#[case::window_day_before(activity("2021-12-30", Role::FirstAdvisor), &[])]
#[case::window_last_day(activity("2024-12-31", Role::FirstAdvisor), &[1])]
#[case::after_reference(activity("2025-01-01", Role::FirstAdvisor), &[])]
#[case::research_member_any_date(research("2005-06-01", S, Role::Member), &[2])]
#[case::curriculum_any_scope(scoped(K::Curriculum, "2010-09-01", S), &[2])]
#[case::paper_is_not_research(paper("2023-01-01", 1, N), &[])]
#[case::honor(scoped(K::Honor, "2023-01-01", N), &[])]
fn junior_conditions(#[case] one: EvidenceItem, #[case] met: &[u8]) {
    assert_eq!(met_by(Level::Junior, one), met);
}

#[rstest]
#[case::award_provincial(award("2023-04-16", P, Role::FirstAdvisor), &[1])]
#[case::award_international(award("2023-04-16", I, Role::FirstAdvisor), &[1])]
#[case::award_municipal(award("2023-04-16", M, Role::FirstAdvisor), &[])]
#[case::award_advisor(award("2023-04-16", P, Role::Advisor), &[])]
#[case::activity_not_award(item("E1", K::StudentActivity, "2023-04-16").scope(P).role(Role::FirstAdvisor), &[])]
#[case::window_first_day(award("2019-12-31", P, Role::FirstAdvisor), &[1])]
#[case::window_day_before(award("2019-12-30", P, Role::FirstAdvisor), &[])]
#[case::professional_provincial(scoped(K::ProfessionalAward, "2022-11-05", P), &[2])]
#[case::professional_municipal(scoped(K::ProfessionalAward, "2022-11-05", M), &[])]
#[case::honor_provincial(scoped(K::Honor, "2022-11-05", P), &[2])]
#[case::honor_municipal(scoped(K::Honor, "2022-11-05", M), &[])]
#[case::curriculum_provincial(scoped(K::Curriculum, "2022-09-01", P), &[3])]
#[case::curriculum_county(scoped(K::Curriculum, "2022-09-01", C), &[])]
#[case::research_leader_any_scope(research("2022-09-01", M, Role::Leader), &[3])]
#[case::research_core(research("2022-09-01", S, Role::Core), &[3])]
#[case::research_member(research("2022-09-01", N, Role::Member), &[])]
#[case::paper_provincial_third_author(paper("2021-06-30", 3, P), &[3])]
#[case::paper_municipal_journal(paper("2021-06-30", 1, M), &[])]
#[case::paper_too_old(paper("2019-12-30", 1, N), &[])]
#[case::regional_leadership(item("E1", K::RegionalLeadership, "2023-01-01"), &[])]
fn intermediate_conditions(#[case] one: EvidenceItem, #[case] met: &[u8]) {
    assert_eq!(met_by(Level::Intermediate, one), met);
}

#[rstest]
#[case::award_national(award("2023-08-20", N, Role::FirstAdvisor), &[1])]
#[case::award_international(award("2023-08-20", I, Role::FirstAdvisor), &[1])]
#[case::award_provincial(award("2023-08-20", P, Role::FirstAdvisor), &[])]
#[case::award_advisor(award("2023-08-20", N, Role::Advisor), &[])]
#[case::window_first_day(award("2014-12-31", N, Role::FirstAdvisor), &[1])]
#[case::window_day_before(award("2014-12-30", N, Role::FirstAdvisor), &[])]
#[case::professional_national(scoped(K::ProfessionalAward, "2021-10-30", N), &[2])]
#[case::professional_provincial(scoped(K::ProfessionalAward, "2021-10-30", P), &[])]
#[case::honor_provincial(scoped(K::Honor, "2020-12-18", P), &[2])]
#[case::honor_municipal(scoped(K::Honor, "2020-12-18", M), &[])]
#[case::research_leader_provincial(research("2019-06-28", P, Role::Leader), &[3])]
#[case::research_core_national(research("2019-06-28", N, Role::Core), &[3])]
#[case::research_leader_municipal(research("2019-06-28", M, Role::Leader), &[])]
#[case::research_member_provincial(research("2019-06-28", P, Role::Member), &[])]
#[case::paper_first_author_national(paper("2020-02-29", 1, N), &[3])]
#[case::paper_second_author_national(paper("2021-08-15", 2, N), &[3])]
#[case::paper_third_author_national(paper("2022-04-01", 3, N), &[])]
#[case::paper_first_author_provincial(paper("2021-05-01", 1, P), &[])]
#[case::curriculum_national(scoped(K::Curriculum, "2021-05-01", N), &[])]
fn senior_conditions(#[case] one: EvidenceItem, #[case] met: &[u8]) {
    assert_eq!(met_by(Level::Senior, one), met);
}

fn with_id(mut one: EvidenceItem, id: &str) -> EvidenceItem {
    one.id = id.to_owned();
    one
}

#[rstest]
#[case::junior_none(Level::Junior, vec![], 0, Status::Fail)]
#[case::junior_1_of_2(Level::Junior, vec![activity("2023-05-20", Role::FirstAdvisor)], 1, Status::Pass)]
#[case::junior_2_of_2(Level::Junior, vec![activity("2023-05-20", Role::FirstAdvisor), with_id(scoped(K::Curriculum, "2021-09-01", S), "E2")], 2, Status::Pass)]
#[case::intermediate_none(Level::Intermediate, vec![award("2023-04-16", M, Role::FirstAdvisor)], 0, Status::Fail)]
#[case::intermediate_1_of_3(Level::Intermediate, vec![scoped(K::Honor, "2022-11-05", P)], 1, Status::Pass)]
#[case::senior_1_of_3(Level::Senior, vec![award("2023-08-20", N, Role::FirstAdvisor)], 1, Status::Fail)]
#[case::senior_2_of_3(Level::Senior, vec![award("2023-08-20", N, Role::FirstAdvisor), with_id(paper("2021-08-15", 2, N), "E2")], 2, Status::Pass)]
#[case::senior_3_of_3(Level::Senior, vec![award("2023-08-20", N, Role::FirstAdvisor), with_id(scoped(K::Honor, "2020-12-18", P), "E2"), with_id(paper("2021-08-15", 1, N), "E3")], 3, Status::Pass)]
#[case::senior_two_items_one_condition(Level::Senior, vec![award("2023-08-20", N, Role::FirstAdvisor), with_id(award("2022-08-20", I, Role::FirstAdvisor), "E2")], 1, Status::Fail)]
fn conditions_are_counted_against_the_level(
    #[case] level: Level,
    #[case] items: Vec<EvidenceItem>,
    #[case] met: u8,
    #[case] expected: Status,
) {
    let evaluation = eligible(level).evidence(items).evaluate();
    let achievements = result(&evaluation, Criterion::Achievements);
    assert_eq!(achievements.status, expected, "{achievements:?}");
    let Finding::Achievements {
        met: found,
        required,
        ..
    } = &achievements.finding
    else {
        panic!("{achievements:?}")
    };
    assert_eq!(*found, met);
    let of = if level == Level::Junior { 2 } else { 3 };
    assert_eq!(achievements.conditions.len(), of);
    assert_eq!(*required, if level == Level::Senior { 2 } else { 1 });
}

#[test]
fn conditions_list_every_matching_item_and_the_criterion_their_union() {
    let items = vec![
        award("2023-08-20", N, Role::FirstAdvisor),
        with_id(scoped(K::Honor, "2020-12-18", P), "E2"),
        with_id(award("2021-08-20", I, Role::FirstAdvisor), "E3"),
        with_id(item("E4", K::TrainingCertificate, "2023-10-20"), "E4"),
    ];
    let evaluation = eligible(Level::Senior).evidence(items).evaluate();
    let achievements = result(&evaluation, Criterion::Achievements);
    let condition = |number, met, ids: &[&str]| ConditionResult {
        number,
        met,
        evidence: ids.iter().map(|s| (*s).to_owned()).collect(),
    };
    let expected = [
        condition(1, true, &["E1", "E3"]),
        condition(2, true, &["E2"]),
        condition(3, false, &[]),
    ];
    assert_eq!(achievements.conditions, expected);
    assert_eq!(achievements.evidence, ["E1", "E3", "E2"]);
}

#[test]
fn rejected_evidence_never_counts() {
    let rejected = scoped(K::Honor, "2022-12-20", P).verified(Some(false));
    let evaluation = eligible(Level::Intermediate)
        .evidence(vec![rejected])
        .evaluate();
    let achievements = result(&evaluation, Criterion::Achievements);
    assert_eq!(achievements.status, Status::Fail);
    assert!(
        achievements
            .conditions
            .iter()
            .all(|c| !c.met && c.evidence.is_empty())
    );
    let Finding::Achievements { rejected, .. } = &achievements.finding else {
        panic!()
    };
    assert_eq!(rejected, &["E1"]);
}

#[test]
fn unverified_evidence_counts_with_a_note() {
    let pending = scoped(K::Honor, "2022-12-20", P).verified(None);
    let evaluation = eligible(Level::Intermediate)
        .evidence(vec![pending])
        .evaluate();
    let achievements = result(&evaluation, Criterion::Achievements);
    assert_eq!(achievements.status, Status::Pass);
    assert_eq!(achievements.finding.unverified(), ["E1"]);
}

#[test]
fn no_note_when_verified_evidence_suffices() {
    let items = vec![
        award("2023-08-20", N, Role::FirstAdvisor),
        with_id(scoped(K::Honor, "2020-12-18", P), "E2"),
        with_id(paper("2021-08-15", 1, N).verified(None), "E3"),
    ];
    let evaluation = eligible(Level::Senior).evidence(items).evaluate();
    let achievements = result(&evaluation, Criterion::Achievements);
    assert_eq!(achievements.status, Status::Pass);
    assert!(achievements.finding.unverified().is_empty());

    // One verified and one pending condition, two required: the pending one is named.
    let items = vec![
        award("2023-08-20", N, Role::FirstAdvisor),
        with_id(paper("2021-08-15", 1, N).verified(None), "E3"),
    ];
    let evaluation = eligible(Level::Senior).evidence(items).evaluate();
    let achievements = result(&evaluation, Criterion::Achievements);
    assert_eq!(achievements.finding.unverified(), ["E3"]);
}

#[rstest]
#[case::on_leap_day("2024-02-29", 1)]
#[case::day_before("2024-02-28", 0)]
fn a_window_ending_on_29_february_starts_on_29_february(#[case] date: &str, #[case] met: usize) {
    let text = "year = 2028\nreference_date = 2028-02-29\n[windows]\njunior_student_activity = 4";
    let cycle = Cycle::from_toml(text).unwrap();
    let one = activity(date, Role::FirstAdvisor);
    let evaluation = eligible(Level::Junior)
        .evidence(vec![one])
        .evaluate_with(&cycle);
    let achievements = result(&evaluation, Criterion::Achievements);
    assert_eq!(
        achievements.conditions.iter().filter(|c| c.met).count(),
        met
    );
}

#[rstest]
#[case::first_day("2023-02-28", true)]
#[case::day_before("2023-02-27", false)]
fn a_one_year_window_from_29_february_starts_on_28_february(#[case] date: &str, #[case] met: bool) {
    let cycle =
        Cycle::from_toml("reference_date = 2024-02-29\n[windows]\njunior_student_activity = 1")
            .unwrap();
    let one = activity(date, Role::FirstAdvisor);
    let evaluation = eligible(Level::Junior)
        .evidence(vec![one])
        .evaluate_with(&cycle);
    assert_eq!(
        result(&evaluation, Criterion::Achievements).conditions[0].met,
        met
    );
}
