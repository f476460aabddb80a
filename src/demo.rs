//! Demo data: the hand-made fixture of edge cases and a deterministic
//! generator of realistic applications for cycle 2024.
//!
//! [`demo_fixture`] parses `fixtures/demo.json` (embedded at compile time),
//! a few dozen applications chosen to exercise every level, stage, track and
//! boundary of RULES.md plus hostile text the UI must clean; see
//! `fixtures/README.md` for what each one is for.
//!
//! [`generate`] builds any number of invented applications from a seed, for
//! load tests and for `docket demo --size N`: the same seed always gives the
//! same records. Every record is valid per INTERCHANGE.md and has exactly
//! [`EVIDENCE_PER_APPLICATION`] evidence items and
//! [`TRAINING_PER_APPLICATION`] training records. The distributions are
//! plausible, not statistics: most applications are junior or intermediate
//! and still in eligibility, about 10% senior, 2% specialist and 3%
//! exceptional.

pub mod committee;
mod evidence;
pub mod notice;
mod people;
mod places;
mod rng;
mod statement;
mod training;

use chrono::{Datelike, NaiveDate};

use crate::domain::{
    Application, Education, ExceptionalBasis, Field, Gender, Level, OrgType, Stage, Track,
};
use evidence::{evidence_item, evidence_plan};
use people::{
    education_for, identity_number, person_name, phone, prior_certificate, professional_title,
};
use places::{Place, organization};
use rng::Rng;
use statement::statement;
use training::training_record;

/// The certification year of generated applications.
pub const CYCLE: i32 = 2024;
/// Evidence items in every generated application.
pub const EVIDENCE_PER_APPLICATION: usize = 8;
/// Training records in every generated application.
pub const TRAINING_PER_APPLICATION: usize = 3;

const FIXTURE: &str = include_str!("../fixtures/demo.json");

/// The reference date of the cycle (31 December), from which ages, service
/// years and evidence windows of generated records are counted.
const REFERENCE: NaiveDate = ymd(2024, 12, 31);

const DEMO_CYCLE: &str = include_str!("../fixtures/cycle-demo.toml");

/// The demo store's cycle: the 2024 defaults with the demo's published
/// intermediate exceptional list.
pub fn demo_cycle() -> Result<crate::domain::Cycle, crate::domain::CycleError> {
    crate::domain::Cycle::from_toml(DEMO_CYCLE)
}

/// The edge-case applications of `fixtures/demo.json`.
pub fn demo_fixture() -> Result<Vec<Application>, serde_json::Error> {
    serde_json::from_str::<Vec<Application>>(FIXTURE)
}

/// Generates `count` applications for cycle 2024, the same ones for the same
/// seed. Ids are `2024-<province code>-<level letter>-<6-digit sequence>`,
/// the sequence running from 1 to `count`, so they are unique.
pub fn generate(count: usize, seed: u64) -> Vec<Application> {
    let mut rng = Rng::new(seed);
    (1..=count)
        .map(|sequence| application(&mut rng, sequence))
        .collect()
}

/// A date known to be valid at compile time.
const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid date constant"),
    }
}

const LEVELS: &[(Level, u32)] = &[
    (Level::Junior, 52),
    (Level::Intermediate, 36),
    (Level::Senior, 10),
    (Level::Specialist, 2),
];

const STAGES: &[(Stage, u32)] = &[
    (Stage::Eligibility, 44),
    (Stage::Achievement, 16),
    (Stage::Written, 12),
    (Stage::Defense, 10),
    (Stage::Notice, 4),
    (Stage::Certified, 4),
    (Stage::Rejected, 5),
    (Stage::Withdrawn, 3),
    (Stage::Cancelled, 1),
    (Stage::Revoked, 1),
];

const ORG_TYPES: &[(OrgType, u32)] = &[
    (OrgType::School, 62),
    (OrgType::NormalStudent, 2),
    (OrgType::University, 3),
    (OrgType::ResearchInstitute, 2),
    (OrgType::ScienceVenue, 7),
    (OrgType::YouthCenter, 10),
    (OrgType::EducationAgency, 6),
    (OrgType::Association, 3),
    (OrgType::Enterprise, 3),
    (OrgType::Other, 2),
];

fn application(rng: &mut Rng, sequence: usize) -> Application {
    let level = rng.weighted(LEVELS);
    let track = if level != Level::Specialist && rng.percent(3) {
        Track::Exceptional
    } else {
        Track::Regular
    };
    let basis = (track == Track::Exceptional).then_some(match level {
        Level::Junior => ExceptionalBasis::NormalStudentContest,
        Level::Senior => ExceptionalBasis::TopTenCounselor,
        Level::Intermediate | Level::Specialist => ExceptionalBasis::ProvincialRule,
    });
    let stage = stage_for(rng, level, basis);
    let place = Place::choose(rng);
    let org_type = match (basis, level) {
        (Some(ExceptionalBasis::NormalStudentContest), _) if rng.percent(60) => {
            OrgType::NormalStudent
        }
        (_, Level::Specialist) if rng.percent(50) => OrgType::Enterprise,
        (_, Level::Junior) => rng.weighted(ORG_TYPES),
        _ => loop {
            // Students are not yet intermediate or senior counselors.
            let t = rng.weighted(ORG_TYPES);
            if t != OrgType::NormalStudent {
                break t;
            }
        },
    };
    let gender = match rng.below(100) {
        0..=1 => None,
        2..=59 => Some(Gender::Female),
        _ => Some(Gender::Male),
    };
    let name = person_name(rng, gender);
    let student = org_type == OrgType::NormalStudent;
    let age = if student {
        rng.between(19, 25)
    } else {
        match level {
            Level::Junior if basis.is_some() => rng.between(22, 27),
            Level::Junior if rng.percent(70) => rng.between(23, 34),
            Level::Junior => rng.between(35, 50),
            Level::Intermediate => rng.between(27, 52),
            Level::Senior => rng.between(38, 59),
            Level::Specialist => rng.between(24, 45),
        }
    };
    let birth_date = rng.date_between_years_back(age, age + 1);
    let mut education = education_for(rng, level, student, birth_date);
    if basis == Some(ExceptionalBasis::NormalStudentContest) && !student {
        // A graduate of a normal university.
        education = rng.weighted(&[
            (Education::Bachelor, 85),
            (Education::Master, 10),
            (Education::Associate, 5),
        ]);
    }
    if age < 25 {
        education = education.min(Education::Bachelor);
    }
    // Years of continuous counseling work; most applicants clear the minimum.
    let minimum: u32 = match level {
        Level::Junior => 1,
        Level::Intermediate => 3,
        Level::Senior => 5,
        Level::Specialist => 2,
    };
    let service_years = if student {
        rng.between(0, 2)
    } else if basis == Some(ExceptionalBasis::NormalStudentContest) {
        // Won the contest as a student, graduated recently.
        rng.between(0, 4.min(age.saturating_sub(22)))
    } else if rng.percent(6) {
        minimum.saturating_sub(1)
    } else {
        let typical = match level {
            Level::Junior => 8,
            Level::Intermediate => 18,
            Level::Senior => 35,
            Level::Specialist => 12,
        };
        rng.between(minimum, typical.min(age - 21).max(minimum))
    };
    let service_start = if student {
        rng.date_between_years_back(service_years, service_years + 1)
    } else {
        // Counseling usually starts with a school year; either way the
        // anniversary in the cycle year falls on or before the reference date.
        let year = REFERENCE.year() - service_years as i32;
        if rng.percent(70) {
            NaiveDate::from_ymd_opt(year, 9, 1).unwrap_or(REFERENCE)
        } else {
            rng.date_in_year(year)
        }
    };
    let fee_paid = match rng.below(100) {
        0..=4 => None,
        5..=7 => Some(0),
        _ => Some(match level {
            Level::Junior => rng.pick(&[100, 100, 100, 80]),
            Level::Intermediate => rng.pick(&[300, 300, 300, 260, 200]),
            Level::Senior => 500,
            Level::Specialist => 300,
        }),
    };
    let prior_certificate = prior_certificate(rng, level, basis, place.province);
    let context = Context {
        place: &place,
        level,
        basis,
        stage,
        student,
        service_start,
    };
    let training = (0..TRAINING_PER_APPLICATION)
        .map(|slot| training_record(rng, &context, slot))
        .collect();
    let evidence = evidence_plan(rng, &context)
        .into_iter()
        .enumerate()
        .map(|(slot, kind)| evidence_item(rng, &context, slot, kind))
        .collect();
    let statement = rng
        .percent(90)
        .then(|| statement(rng, &context, service_start));
    Application {
        id: format!(
            "{CYCLE}-{}-{}-{sequence:06}",
            place.province.code,
            level.letter()
        ),
        cycle: CYCLE,
        level,
        track,
        exceptional_basis: basis,
        id_number: rng
            .percent(85)
            .then(|| identity_number(rng, &place, birth_date, gender.unwrap_or(Gender::Female))),
        phone: rng.percent(90).then(|| phone(rng)),
        email: rng.percent(50).then(|| {
            format!(
                "{}{sequence:06}@example.com",
                place.province.code.to_lowercase()
            )
        }),
        name,
        gender,
        birth_date,
        province: place.province.name.to_string(),
        organization: organization(rng, &place, org_type),
        org_type,
        field: rng.percent(90).then(|| rng.pick(&Field::ALL)),
        education,
        title: professional_title(rng, org_type, age.saturating_sub(22)),
        service_start,
        part_time: rng.percent(if level == Level::Junior { 15 } else { 4 }),
        attestation: !rng.percent(1),
        prior_certificate,
        fee_paid,
        training,
        evidence,
        statement,
        stage,
    }
}

/// What the item builders need to know about the application.
struct Context<'a> {
    place: &'a Place,
    level: Level,
    basis: Option<ExceptionalBasis>,
    stage: Stage,
    student: bool,
    service_start: NaiveDate,
}

fn stage_for(rng: &mut Rng, level: Level, basis: Option<ExceptionalBasis>) -> Stage {
    let stage = rng.weighted(STAGES);
    let straight_to_notice = matches!(
        basis,
        Some(ExceptionalBasis::TopTenCounselor | ExceptionalBasis::NormalStudentContest)
    );
    match stage {
        // Exceptional senior and junior go from eligibility to the notice.
        Stage::Achievement | Stage::Written | Stage::Defense if straight_to_notice => {
            if rng.percent(50) {
                Stage::Eligibility
            } else {
                Stage::Notice
            }
        }
        // Junior skips the written exam and the defense.
        Stage::Written | Stage::Defense if level == Level::Junior => Stage::Achievement,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;
    use crate::domain::{EvidenceKind, Flag, Hours, Rank};

    /// The field rules of INTERCHANGE.md that serde alone does not enforce.
    fn assert_valid(app: &Application) {
        let id = &app.id;
        let name = app.name.trim().chars().count();
        assert!((1..=64).contains(&name), "{id}: name length {name}");
        assert_eq!(
            app.exceptional_basis.is_some(),
            app.track == Track::Exceptional,
            "{id}: exceptional_basis exactly when the track is exceptional"
        );
        assert!(!app.province.trim().is_empty(), "{id}: province");
        assert!(!app.organization.trim().is_empty(), "{id}: organization");
        if let Some(statement) = &app.statement {
            assert!(
                statement.chars().count() <= 20_000,
                "{id}: statement too long"
            );
        }
        for t in &app.training {
            assert!(
                !t.hours.is_zero() && t.hours <= Hours::MAX,
                "{id}: hours {}",
                t.hours
            );
            assert!(
                !t.title.is_empty() && !t.provider.is_empty(),
                "{id}: training text"
            );
        }
        let mut ids = HashSet::new();
        for e in &app.evidence {
            assert!(
                ids.insert(e.id.as_str()),
                "{id}: duplicate evidence id {}",
                e.id
            );
            assert!(!e.title.is_empty(), "{id}/{}: title", e.id);
            if e.kind.needs_scope() {
                assert!(
                    e.scope.is_some(),
                    "{id}/{}: {:?} needs a scope",
                    e.id,
                    e.kind
                );
            }
            if e.kind.needs_role() {
                assert!(e.role.is_some(), "{id}/{}: {:?} needs a role", e.id, e.kind);
            }
            if e.kind == EvidenceKind::Paper {
                assert!(
                    e.author_position.is_some_and(|p| p >= 1),
                    "{id}/{}: author_position",
                    e.id
                );
                assert!(e.journal_scope.is_some(), "{id}/{}: journal_scope", e.id);
            }
            if let Some(digest) = &e.sha256 {
                assert!(
                    digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()),
                    "{id}/{}: sha256",
                    e.id
                );
            }
        }
    }

    fn all_text(app: &Application) -> Vec<&str> {
        let mut text = vec![app.name.as_str(), app.organization.as_str()];
        text.extend(app.statement.as_deref());
        for e in &app.evidence {
            text.push(&e.title);
            text.extend(e.file.as_deref());
        }
        text
    }

    #[test]
    fn fixture_parses_and_covers_the_edge_cases() {
        let apps = demo_fixture().unwrap();
        assert!(apps.len() >= 60, "{} records", apps.len());
        let ids: HashSet<_> = apps.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids.len(), apps.len(), "ids are unique");
        for app in &apps {
            assert_valid(app);
            assert_eq!(app.cycle, CYCLE);
        }
        for level in Level::ALL {
            assert!(apps.iter().any(|a| a.level == level), "{level:?}");
        }
        for stage in Stage::ALL {
            let n = apps.iter().filter(|a| a.stage == stage).count();
            assert!(n >= 2, "{stage:?}: {n}");
        }
        let eligibility = apps
            .iter()
            .filter(|a| a.stage == Stage::Eligibility)
            .count();
        assert!(
            Stage::ALL
                .iter()
                .all(|s| apps.iter().filter(|a| a.stage == *s).count() <= eligibility)
        );
        for track in [Track::Regular, Track::Exceptional] {
            assert!(apps.iter().any(|a| a.track == track), "{track:?}");
        }
        for basis in [
            ExceptionalBasis::TopTenCounselor,
            ExceptionalBasis::NormalStudentContest,
            ExceptionalBasis::ProvincialRule,
        ] {
            assert!(
                apps.iter().any(|a| a.exceptional_basis == Some(basis)),
                "{basis:?}"
            );
        }
        for org_type in OrgType::ALL {
            assert!(apps.iter().any(|a| a.org_type == org_type), "{org_type:?}");
        }
        for education in Education::ALL {
            assert!(
                apps.iter().any(|a| a.education == education),
                "{education:?}"
            );
        }
        for gender in [Gender::Female, Gender::Male] {
            assert!(apps.iter().any(|a| a.gender == Some(gender)), "{gender:?}");
        }
        let provinces: HashSet<_> = apps.iter().map(|a| a.province.as_str()).collect();
        assert!(provinces.len() >= 8, "{provinces:?}");
        assert!(apps.iter().any(|a| a.organization.chars().count() == 5_000));
        let hostile = |c: char| {
            apps.iter()
                .any(|a| all_text(a).iter().any(|t| t.contains(c)))
        };
        for c in ['\u{1b}', '\u{202e}', '\u{7}', '\r'] {
            assert!(hostile(c), "no text contains {c:?}");
        }
        assert!(apps.iter().any(|a| a.evidence.is_empty()));
        assert!(
            apps.iter()
                .any(|a| a.evidence.iter().any(|e| e.verified == Some(false)))
        );
        assert!(apps.iter().any(|a| a.fee_paid.is_none()));
        assert!(apps.iter().any(|a| a.fee_paid == Some(0)));
        let positions: HashSet<_> = apps
            .iter()
            .flat_map(|a| &a.evidence)
            .filter_map(|e| e.author_position)
            .collect();
        assert!(
            [1, 2, 3].iter().all(|p| positions.contains(p)),
            "{positions:?}"
        );
    }

    #[test]
    fn fixture_boundaries_sit_where_the_readme_says() {
        let apps = demo_fixture().unwrap();
        let by_id: HashMap<_, _> = apps.iter().map(|a| (a.id.as_str(), a)).collect();
        let get = |id: &str| *by_id.get(id).unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(
            get("2024-ZJ-J-0001").certified_hours(),
            (Hours::from_whole(30), Hours::from_whole(15))
        );
        assert_eq!(
            get("2024-ZJ-J-0002").certified_hours().0,
            Hours::from_hundredths(2950)
        );
        assert_eq!(get("2024-JS-S-0001").service_start, ymd(2019, 12, 31));
        assert_eq!(get("2024-JS-S-0002").service_start, ymd(2020, 1, 1));
        assert_eq!(get("2024-SC-S-0001").birth_date, ymd(1972, 12, 31));
        assert_eq!(get("2024-SC-S-0002").birth_date, ymd(1973, 1, 1));
        let prior = |id: &str| get(id).prior_certificate.as_ref().map(|p| p.year);
        assert_eq!(prior("2024-BJ-S-0001"), Some(2022));
        assert_eq!(prior("2024-BJ-S-0002"), Some(2023));
        let dates: HashSet<_> = apps
            .iter()
            .flat_map(|a| &a.evidence)
            .map(|e| e.date)
            .collect();
        for date in [
            ymd(2021, 12, 31),
            ymd(2021, 12, 30),
            ymd(2019, 12, 31),
            ymd(2019, 12, 30),
            ymd(2014, 12, 31),
            ymd(2014, 12, 30),
            ymd(2020, 2, 29),
        ] {
            assert!(dates.contains(&date), "no evidence dated {date}");
        }
    }

    #[test]
    fn generation_is_deterministic_per_seed() {
        let a = generate(1000, 7);
        assert_eq!(a, generate(1000, 7));
        assert_ne!(a, generate(1000, 8));
        assert!(generate(0, 7).is_empty());
    }

    #[test]
    fn generated_records_are_valid_and_round_trip() {
        let apps = generate(1000, 7);
        assert_eq!(apps.len(), 1000);
        let ids: HashSet<_> = apps.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids.len(), apps.len(), "ids are unique");
        for app in &apps {
            assert_eq!(app.evidence.len(), EVIDENCE_PER_APPLICATION, "{}", app.id);
            assert_eq!(app.training.len(), TRAINING_PER_APPLICATION, "{}", app.id);
            assert_valid(app);
            let parts: Vec<_> = app.id.split('-').collect();
            assert_eq!(parts.len(), 4, "{}", app.id);
            assert_eq!(parts[0], "2024");
            assert_eq!(parts[2], app.level.letter().to_string());
            assert_eq!(parts[3].len(), 6);
            let json = serde_json::to_string(app).unwrap();
            let back: Application = serde_json::from_str(&json).unwrap();
            assert_eq!(&back, app);
        }
    }

    #[test]
    fn generated_distributions_are_plausible() {
        let apps = generate(5000, 2024);
        let count = |f: &dyn Fn(&Application) -> bool| apps.iter().filter(|a| f(a)).count();
        let lower = count(&|a| matches!(a.level, Level::Junior | Level::Intermediate));
        assert!(lower > 4000, "junior and intermediate: {lower}");
        let senior = count(&|a| a.level == Level::Senior);
        assert!((300..=700).contains(&senior), "senior: {senior}");
        let specialist = count(&|a| a.level == Level::Specialist);
        assert!((40..=200).contains(&specialist), "specialist: {specialist}");
        let exceptional = count(&|a| a.track == Track::Exceptional);
        assert!(
            (60..=250).contains(&exceptional),
            "exceptional: {exceptional}"
        );
        let eligibility = count(&|a| a.stage == Stage::Eligibility);
        for stage in Stage::ALL {
            let n = count(&|a| a.stage == stage);
            assert!(n > 0 && n <= eligibility, "{stage:?}: {n}");
        }
        assert_eq!(
            count(
                &|a| a.level == Level::Junior && matches!(a.stage, Stage::Written | Stage::Defense)
            ),
            0
        );
        let provinces: HashSet<_> = apps.iter().map(|a| a.province.as_str()).collect();
        assert!(provinces.len() >= 10);
        let paid = count(&|a| a.fee_paid.is_some_and(|f| f > 0));
        assert!(paid > 4000, "paid: {paid}");
        // Exceptional junior and senior applications carry their flagged evidence.
        for app in apps.iter().filter(|a| a.track == Track::Exceptional) {
            let flag = match app.exceptional_basis {
                Some(ExceptionalBasis::TopTenCounselor) => Some(Flag::TopTenCounselor),
                Some(ExceptionalBasis::NormalStudentContest) => Some(Flag::NormalStudentContest),
                _ => None,
            };
            if let Some(flag) = flag {
                let item = app.evidence.iter().find(|e| e.flag == Some(flag));
                let item = item.unwrap_or_else(|| panic!("{}: no {flag:?} evidence", app.id));
                if flag == Flag::NormalStudentContest {
                    assert_eq!(item.kind, EvidenceKind::ProfessionalAward);
                    assert!(item.date.year() >= 2018);
                    assert!(matches!(
                        item.rank,
                        Some(Rank::First | Rank::Second | Rank::Third)
                    ));
                } else {
                    assert_eq!(item.kind, EvidenceKind::Honor);
                }
            }
        }
    }
}
