//! Ethics, education, years of service, training hours, prior certificate.

use rstest::rstest;

use crate::domain::application::{Education, Hours, Scope};
use crate::domain::rules::testkit::{eligible, result, status, training, uncertified};
use crate::domain::rules::{Criterion, Finding, Status, Verdict};
use crate::domain::stage::Level;

#[rstest]
#[case::junior(Level::Junior)]
#[case::intermediate(Level::Intermediate)]
#[case::senior(Level::Senior)]
fn the_builder_starts_from_an_eligible_application(#[case] level: Level) {
    let evaluation = eligible(level).evaluate();
    assert_eq!(evaluation.verdict, Verdict::Eligible, "{evaluation:#?}");
}

#[rstest]
#[case::attested(true, Status::Pass, Finding::Attested)]
#[case::not_attested(false, Status::Fail, Finding::NotAttested)]
fn ethics_is_the_applicants_declaration(
    #[case] attested: bool,
    #[case] expected: Status,
    #[case] finding: Finding,
) {
    for level in [Level::Junior, Level::Intermediate, Level::Senior] {
        let evaluation = eligible(level).attestation(attested).evaluate();
        let ethics = result(&evaluation, Criterion::Ethics);
        assert_eq!(
            (ethics.status, &ethics.finding),
            (expected, &finding),
            "{level:?}"
        );
    }
}

#[rstest]
#[case::junior_secondary(Level::Junior, Education::Secondary, "1990-01-01", Status::Pass)]
#[case::junior_other(Level::Junior, Education::Other, "1990-01-01", Status::Pass)]
#[case::intermediate_bachelor(Level::Intermediate, Education::Bachelor, "1985-01-01", Status::Pass)]
#[case::intermediate_doctorate(
    Level::Intermediate,
    Education::Doctorate,
    "1985-01-01",
    Status::Pass
)]
#[case::intermediate_associate(
    Level::Intermediate,
    Education::Associate,
    "1985-01-01",
    Status::Review
)]
#[case::intermediate_secondary(
    Level::Intermediate,
    Education::Secondary,
    "1960-01-01",
    Status::Review
)]
#[case::senior_bachelor(Level::Senior, Education::Bachelor, "1985-01-01", Status::Pass)]
#[case::senior_master(Level::Senior, Education::Master, "1985-01-01", Status::Pass)]
#[case::senior_associate_50(Level::Senior, Education::Associate, "1972-12-31", Status::Pass)]
#[case::senior_associate_49(Level::Senior, Education::Associate, "1973-01-01", Status::Fail)]
#[case::senior_associate_leap(Level::Senior, Education::Associate, "1972-02-29", Status::Pass)]
#[case::senior_secondary_old(Level::Senior, Education::Secondary, "1960-01-01", Status::Fail)]
fn education_by_level_and_the_age_cutoff(
    #[case] level: Level,
    #[case] education: Education,
    #[case] born: &str,
    #[case] expected: Status,
) {
    let evaluation = eligible(level).education(education).born(born).evaluate();
    assert_eq!(
        status(&evaluation, Criterion::Education),
        expected,
        "{evaluation:#?}"
    );
}

#[test]
fn the_age_cutoff_findings_carry_the_age() {
    let cutoff = "2023-01-01".parse().unwrap();
    let old = eligible(Level::Senior)
        .education(Education::Associate)
        .born("1972-12-31");
    let finding = result(&old.evaluate(), Criterion::Education)
        .finding
        .clone();
    let education = Education::Associate;
    let expected = Finding::EducationRelaxedByAge {
        education,
        age: 50,
        min_age: 50,
        cutoff,
    };
    assert_eq!(finding, expected);

    let young = eligible(Level::Senior)
        .education(education)
        .born("1973-01-01");
    let finding = result(&young.evaluate(), Criterion::Education)
        .finding
        .clone();
    let required = Education::Bachelor;
    let expected = Finding::EducationTooYoung {
        education,
        required,
        age: 49,
        min_age: 50,
        cutoff,
    };
    assert_eq!(finding, expected);
}

#[rstest]
#[case::senior_5(Level::Senior, "2019-12-31", 5, Status::Pass)]
#[case::senior_4(Level::Senior, "2020-01-01", 4, Status::Fail)]
#[case::intermediate_3(Level::Intermediate, "2021-12-31", 3, Status::Pass)]
#[case::intermediate_2(Level::Intermediate, "2022-01-01", 2, Status::Fail)]
#[case::junior_1(Level::Junior, "2023-12-31", 1, Status::Pass)]
#[case::junior_0(Level::Junior, "2024-01-01", 0, Status::Fail)]
#[case::junior_leap(Level::Junior, "2020-02-29", 4, Status::Pass)]
#[case::future(Level::Junior, "2025-03-01", 0, Status::Fail)]
fn service_years_count_anniversaries(
    #[case] level: Level,
    #[case] start: &str,
    #[case] years: u32,
    #[case] expected: Status,
) {
    let evaluation = eligible(level).service_start(start).evaluate();
    let service = result(&evaluation, Criterion::ServiceYears);
    assert_eq!(service.status, expected);
    let Finding::ServiceYears { years: found, .. } = service.finding else {
        panic!("{service:?}")
    };
    assert_eq!(found, years);
}

#[test]
fn part_time_service_counts() {
    let evaluation = eligible(Level::Junior)
        .part_time()
        .service_start("2023-12-31")
        .evaluate();
    let service = result(&evaluation, Criterion::ServiceYears);
    assert_eq!(service.status, Status::Pass);
    assert!(matches!(
        service.finding,
        Finding::ServiceYears {
            part_time: true,
            ..
        }
    ));
}

/// Shorthand: hours in hundredths, date, scope, CAST, certified.
fn t(
    hundredths: u32,
    date: &str,
    scope: Scope,
    cast: bool,
    certified: bool,
) -> crate::domain::TrainingRecord {
    let record = training(hundredths, date, scope, cast);
    if certified {
        record
    } else {
        uncertified(record)
    }
}

const P: Scope = Scope::Provincial;

#[rstest]
#[case::exactly_30_15(vec![t(1500, "2023-07-14", P, true, true), t(1500, "2022-11-26", P, false, true)], (3000, 1500), Status::Pass)]
#[case::half_hour_short(vec![t(1500, "2023-07-14", P, true, true), t(1450, "2022-11-26", P, false, true)], (2950, 1500), Status::Fail)]
#[case::cast_half_short(vec![t(1450, "2023-07-14", P, true, true), t(1550, "2022-11-26", P, false, true)], (3000, 1450), Status::Fail)]
#[case::uncertified_left_out(vec![t(2000, "2023-07-14", P, true, true), t(1200, "2023-12-09", P, false, false)], (2000, 2000), Status::Fail)]
#[case::uncertified_cast_left_out(vec![t(3000, "2023-07-14", P, false, true), t(1500, "2023-12-09", P, true, false)], (3000, 0), Status::Fail)]
#[case::any_date_any_scope(vec![t(1500, "2009-03-01", Scope::School, true, true), t(1500, "2010-03-01", Scope::County, false, true)], (3000, 1500), Status::Pass)]
#[case::none(vec![], (0, 0), Status::Fail)]
fn junior_training_certified_30_of_which_cast_15(
    #[case] records: Vec<crate::domain::TrainingRecord>,
    #[case] counted: (u32, u32),
    #[case] expected: Status,
) {
    let evaluation = eligible(Level::Junior).training(records).evaluate();
    let training = result(&evaluation, Criterion::TrainingHours);
    assert_eq!(training.status, expected, "{training:?}");
    let (Finding::TrainingMet { hours, cast, .. } | Finding::TrainingShort { hours, cast, .. }) =
        training.finding
    else {
        panic!("{training:?}")
    };
    assert_eq!(
        (hours, cast),
        (
            Hours::from_hundredths(counted.0),
            Hours::from_hundredths(counted.1)
        )
    );
}

#[rstest]
#[case::exactly_70_35(vec![t(2000, "2023-08-18", P, true, true), t(1500, "2024-03-30", Scope::National, true, true), t(3500, "2022-10-22", P, false, true)], (7000, 3500), Status::Pass)]
#[case::half_hour_short(vec![t(2400, "2023-08-18", P, true, true), t(1600, "2024-03-30", P, true, true), t(2950, "2022-10-22", P, false, true)], (6950, 4000), Status::Fail)]
#[case::cast_short(vec![t(3450, "2023-08-18", P, true, true), t(3550, "2022-10-22", P, false, true)], (7000, 3450), Status::Fail)]
#[case::uncertified_left_out(vec![t(2400, "2023-08-18", P, true, true), t(1600, "2024-03-30", P, true, true), t(3200, "2022-10-22", P, false, false)], (4000, 4000), Status::Fail)]
#[case::window_first_day(vec![t(2400, "2021-12-31", P, true, true), t(1600, "2024-03-30", P, true, true), t(3200, "2022-10-22", P, false, true)], (7200, 4000), Status::Pass)]
#[case::window_day_before(vec![t(2400, "2021-12-30", P, true, true), t(1600, "2024-03-30", P, true, true), t(3200, "2022-10-22", P, false, true)], (4800, 1600), Status::Fail)]
#[case::window_last_day(vec![t(7000, "2024-12-31", P, true, true)], (7000, 7000), Status::Pass)]
#[case::after_reference(vec![t(7000, "2025-01-01", P, true, true)], (0, 0), Status::Fail)]
#[case::municipal_left_out(vec![t(3500, "2023-08-18", Scope::Municipal, true, true), t(3500, "2023-09-18", P, true, true)], (3500, 3500), Status::Fail)]
#[case::national_counts(vec![t(3500, "2023-08-18", Scope::National, true, true), t(3500, "2023-09-18", Scope::International, false, true)], (7000, 3500), Status::Pass)]
fn intermediate_training_recent_provincial_certified_70_of_which_cast_35(
    #[case] records: Vec<crate::domain::TrainingRecord>,
    #[case] counted: (u32, u32),
    #[case] expected: Status,
) {
    let evaluation = eligible(Level::Intermediate).training(records).evaluate();
    let training = result(&evaluation, Criterion::TrainingHours);
    assert_eq!(training.status, expected, "{training:?}");
    let (Finding::TrainingMet { hours, cast, .. } | Finding::TrainingShort { hours, cast, .. }) =
        training.finding
    else {
        panic!("{training:?}")
    };
    assert_eq!(
        (hours, cast),
        (
            Hours::from_hundredths(counted.0),
            Hours::from_hundredths(counted.1)
        )
    );
}

#[test]
fn training_findings_say_what_did_not_count() {
    let records = vec![
        t(7000, "2023-08-18", P, true, true),
        t(1200, "2023-08-18", P, true, false),
        t(800, "2020-01-01", P, true, true),
        t(500, "2023-01-01", Scope::County, false, true),
    ];
    let evaluation = eligible(Level::Intermediate).training(records).evaluate();
    let expected = Finding::TrainingMet {
        hours: Hours::from_whole(70),
        required: Hours::from_whole(70),
        cast: Hours::from_whole(70),
        cast_required: Hours::from_whole(35),
        uncertified: Hours::from_whole(12),
        outside: Hours::from_whole(13),
    };
    assert_eq!(
        result(&evaluation, Criterion::TrainingHours).finding,
        expected
    );
}

#[test]
fn training_lists_the_training_certificates_not_rejected() {
    use crate::domain::EvidenceKind as K;
    use crate::domain::rules::testkit::{ItemExt, item};
    let items = vec![
        item("E1", K::StudentActivity, "2023-05-20")
            .scope(Scope::School)
            .role(crate::domain::Role::FirstAdvisor),
        item("E2", K::TrainingCertificate, "2023-07-14").verified(None),
        item("E3", K::TrainingCertificate, "2022-11-26").verified(Some(false)),
    ];
    let evaluation = eligible(Level::Junior).evidence(items).evaluate();
    assert_eq!(
        result(&evaluation, Criterion::TrainingHours).evidence,
        ["E2"]
    );
}

#[rstest]
#[case::year_2022(Some((Level::Intermediate, 2022)), Status::Pass)]
#[case::year_2015(Some((Level::Intermediate, 2015)), Status::Pass)]
#[case::year_2023(Some((Level::Intermediate, 2023)), Status::Fail)]
#[case::year_2024(Some((Level::Intermediate, 2024)), Status::Fail)]
#[case::junior_certificate(Some((Level::Junior, 2015)), Status::Fail)]
#[case::missing(None, Status::Fail)]
fn senior_needs_an_intermediate_certificate_from_cycle_minus_two(
    #[case] prior: Option<(Level, i32)>,
    #[case] expected: Status,
) {
    let builder = eligible(Level::Senior);
    let builder = match prior {
        Some((level, year)) => builder.prior(level, year),
        None => builder.no_prior(),
    };
    let evaluation = builder.evaluate();
    let prior = result(&evaluation, Criterion::PriorCertificate);
    assert_eq!(prior.status, expected, "{prior:?}");
    let (Finding::PriorCertificateMet { latest, .. }
    | Finding::PriorCertificateTooRecent { latest, .. }
    | Finding::PriorCertificateMissing { latest, .. }
    | Finding::PriorCertificateWrongLevel { latest, .. }) = prior.finding
    else {
        panic!("{prior:?}")
    };
    assert_eq!(latest, 2022);
}
