use std::collections::HashSet;

use chrono::NaiveDate;
use rstest::rstest;

use super::*;
use crate::domain::application::{Hours, Rank};
use crate::domain::rules::ConditionResult;

fn h(whole: u32) -> Hours {
    Hours::from_whole(whole)
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn cutoff() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
}

fn pass(code: Criterion, finding: Finding) -> CriterionResult {
    CriterionResult::new(code, Status::Pass, finding)
}

/// One result per finding variant (and per branch of its text), with the
/// numbers its explanation must name in both languages.
fn samples() -> Vec<(CriterionResult, Vec<&'static str>)> {
    use Criterion as C;
    let training = |met: bool, hours, cast, uncertified, outside| {
        let (required, cast_required) = (h(70), h(35));
        let finding = if met {
            Finding::TrainingMet {
                hours,
                required,
                cast,
                cast_required,
                uncertified,
                outside,
            }
        } else {
            Finding::TrainingShort {
                hours,
                required,
                cast,
                cast_required,
                uncertified,
                outside,
            }
        };
        pass(C::TrainingHours, finding).with_evidence(ids(&["E5"]))
    };
    let mut achievements = pass(
        C::Achievements,
        Finding::Achievements {
            met: 2,
            required: 2,
            unverified: ids(&["E5"]),
            rejected: ids(&["E7"]),
        },
    );
    achievements.conditions = vec![
        ConditionResult {
            number: 1,
            met: true,
            evidence: ids(&["E2"]),
        },
        ConditionResult {
            number: 2,
            met: false,
            evidence: Vec::new(),
        },
        ConditionResult {
            number: 3,
            met: true,
            evidence: ids(&["E5"]),
        },
    ];
    let mut none_met = pass(
        C::Achievements,
        Finding::Achievements {
            met: 0,
            required: 1,
            unverified: Vec::new(),
            rejected: Vec::new(),
        },
    );
    none_met.conditions = vec![ConditionResult {
        number: 1,
        met: false,
        evidence: Vec::new(),
    }];
    let flagged = |finding| pass(C::Exceptional, finding).with_evidence(ids(&["E9"]));
    let contest = ExceptionalBasis::NormalStudentContest;

    vec![
        (pass(C::Ethics, Finding::AnnouncedSeparately), vec![]),
        (
            pass(
                C::Education,
                Finding::Waived {
                    basis: ExceptionalBasis::TopTenCounselor,
                },
            ),
            vec![],
        ),
        (pass(C::Ethics, Finding::Attested), vec![]),
        (pass(C::Ethics, Finding::NotAttested), vec![]),
        (
            pass(
                C::Education,
                Finding::EducationNotRequired {
                    education: Education::Secondary,
                },
            ),
            vec![],
        ),
        (
            pass(
                C::Education,
                Finding::EducationMet {
                    education: Education::Master,
                    required: Education::Bachelor,
                },
            ),
            vec![],
        ),
        (
            pass(
                C::Education,
                Finding::EducationBelowUsual {
                    education: Education::Associate,
                    usual: Education::Bachelor,
                },
            ),
            vec![],
        ),
        (
            pass(
                C::Education,
                Finding::EducationRelaxedByAge {
                    education: Education::Associate,
                    age: 51,
                    min_age: 50,
                    cutoff: cutoff(),
                },
            ),
            vec!["51", "50", "2023-01-01"],
        ),
        (
            pass(
                C::Education,
                Finding::EducationTooYoung {
                    education: Education::Associate,
                    required: Education::Bachelor,
                    age: 49,
                    min_age: 50,
                    cutoff: cutoff(),
                },
            ),
            vec!["49", "50", "2023-01-01"],
        ),
        (
            pass(
                C::Education,
                Finding::EducationShort {
                    education: Education::Secondary,
                    required: Education::Bachelor,
                    relaxed: Education::Associate,
                    min_age: 50,
                    cutoff: cutoff(),
                },
            ),
            vec!["50", "2023-01-01"],
        ),
        (
            pass(
                C::ServiceYears,
                Finding::ServiceYears {
                    years: 4,
                    required: 5,
                    part_time: false,
                },
            ),
            vec!["4", "5"],
        ),
        (
            pass(
                C::ServiceYears,
                Finding::ServiceYears {
                    years: 1,
                    required: 1,
                    part_time: true,
                },
            ),
            vec!["1"],
        ),
        (
            training(true, h(72), h(40), h(12), h(13)),
            vec!["72", "70", "40", "35", "12", "13"],
        ),
        (
            training(
                false,
                Hours::from_hundredths(6950),
                h(34),
                Hours::default(),
                Hours::default(),
            ),
            vec!["69.5", "70", "34", "35"],
        ),
        (
            pass(
                C::PriorCertificate,
                Finding::PriorCertificateMet {
                    level: Level::Intermediate,
                    year: 2021,
                    latest: 2022,
                },
            ),
            vec!["2021", "2022"],
        ),
        (
            pass(
                C::PriorCertificate,
                Finding::PriorCertificateTooRecent {
                    level: Level::Intermediate,
                    year: 2023,
                    latest: 2022,
                },
            ),
            vec!["2023", "2022"],
        ),
        (
            pass(
                C::PriorCertificate,
                Finding::PriorCertificateMissing {
                    required: Level::Intermediate,
                    latest: 2022,
                },
            ),
            vec!["2022"],
        ),
        (
            pass(
                C::PriorCertificate,
                Finding::PriorCertificateWrongLevel {
                    level: Level::Junior,
                    required: Level::Intermediate,
                    year: 2019,
                    latest: 2022,
                },
            ),
            vec!["2019", "2022"],
        ),
        (achievements, vec!["2", "1", "3", "E2", "E5", "E7"]),
        (none_met, vec!["0", "1"]),
        (
            flagged(Finding::ExceptionalMet {
                basis: contest,
                year: 2023,
                rank: Some(Rank::First),
                unverified: ids(&["E9"]),
            }),
            vec!["2023", "E9"],
        ),
        (
            flagged(Finding::ExceptionalMet {
                basis: ExceptionalBasis::TopTenCounselor,
                year: 2018,
                rank: None,
                unverified: Vec::new(),
            }),
            vec!["2018", "E9"],
        ),
        (
            pass(C::Exceptional, Finding::ExceptionalListed { cycle: 2024 }),
            vec!["2024"],
        ),
        (
            pass(
                C::Exceptional,
                Finding::ExceptionalNotListed { cycle: 2024 },
            ),
            vec!["2024"],
        ),
        (
            pass(
                C::Exceptional,
                Finding::ExceptionalWrongLevel {
                    basis: ExceptionalBasis::TopTenCounselor,
                    level: Level::Intermediate,
                },
            ),
            vec![],
        ),
        (
            pass(C::Exceptional, Finding::ExceptionalMissingBasis),
            vec![],
        ),
        (
            flagged(Finding::ExceptionalNotMet {
                basis: contest,
                gap: ExceptionalGap::NoEvidence,
            }),
            vec![],
        ),
        (
            flagged(Finding::ExceptionalNotMet {
                basis: contest,
                gap: ExceptionalGap::Rejected,
            }),
            vec!["E9"],
        ),
        (
            flagged(Finding::ExceptionalNotMet {
                basis: contest,
                gap: ExceptionalGap::RankTooLow {
                    rank: Some(Rank::Excellence),
                },
            }),
            vec!["E9"],
        ),
        (
            flagged(Finding::ExceptionalNotMet {
                basis: contest,
                gap: ExceptionalGap::RankTooLow { rank: None },
            }),
            vec!["E9"],
        ),
        (
            flagged(Finding::ExceptionalNotMet {
                basis: contest,
                gap: ExceptionalGap::TooEarly {
                    year: 2017,
                    earliest: 2018,
                },
            }),
            vec!["E9", "2017", "2018"],
        ),
    ]
}

/// Exhaustive over the variants, so a new one cannot be left out of `samples`.
fn variant(finding: &Finding) -> usize {
    match finding {
        Finding::AnnouncedSeparately => 0,
        Finding::Waived { .. } => 1,
        Finding::Attested => 2,
        Finding::NotAttested => 3,
        Finding::EducationNotRequired { .. } => 4,
        Finding::EducationMet { .. } => 5,
        Finding::EducationBelowUsual { .. } => 6,
        Finding::EducationRelaxedByAge { .. } => 7,
        Finding::EducationTooYoung { .. } => 8,
        Finding::EducationShort { .. } => 9,
        Finding::ServiceYears { .. } => 10,
        Finding::TrainingMet { .. } => 11,
        Finding::TrainingShort { .. } => 12,
        Finding::PriorCertificateMet { .. } => 13,
        Finding::PriorCertificateTooRecent { .. } => 14,
        Finding::PriorCertificateMissing { .. } => 15,
        Finding::PriorCertificateWrongLevel { .. } => 16,
        Finding::Achievements { .. } => 17,
        Finding::ExceptionalMet { .. } => 18,
        Finding::ExceptionalListed { .. } => 19,
        Finding::ExceptionalNotListed { .. } => 20,
        Finding::ExceptionalWrongLevel { .. } => 21,
        Finding::ExceptionalMissingBasis => 22,
        Finding::ExceptionalNotMet { .. } => 23,
    }
}

#[test]
fn every_finding_explains_itself_in_both_languages_with_its_numbers() {
    let samples = samples();
    let covered: HashSet<usize> = samples.iter().map(|(r, _)| variant(&r.finding)).collect();
    assert_eq!(covered.len(), 24, "a Finding variant has no sample");

    for (result, numbers) in &samples {
        for lang in Lang::ALL {
            let text = explain(result, lang);
            assert!(!text.trim().is_empty(), "{lang:?} {result:?}");
            assert!(
                !text.contains('{') && !text.contains('}'),
                "unfilled: {text}"
            );
            for number in numbers {
                assert!(text.contains(number), "{lang:?}: {text:?} lacks {number}");
            }
        }
        assert_ne!(explain(result, Lang::Zh), explain(result, Lang::En));
    }
}

#[rstest]
#[case::training(
    Finding::TrainingShort { hours: h(62), required: h(70), cast: h(40), cast_required: h(35), uncertified: Hours::default(), outside: Hours::default() },
    "培训 62 学时，少于 70 学时；其中科协系统 40 学时，达到 35 学时",
    "62 training hours, fewer than 70; 40 in the CAST system, at least 35"
)]
#[case::service(
    Finding::ServiceYears { years: 4, required: 5, part_time: false },
    "连续从事科技辅导工作 4 年，不足 5 年",
    "4 years of service, fewer than 5"
)]
#[case::one_year(
    Finding::ServiceYears { years: 1, required: 1, part_time: true },
    "连续从事科技辅导工作 1 年，满足 1 年（含兼职）",
    "1 year of service, at least 1 (part-time)"
)]
#[case::waived(
    Finding::Waived { basis: ExceptionalBasis::TopTenCounselor },
    "豁免（破格：十佳优秀科技辅导员）",
    "Waived (exceptional: top ten counselor)"
)]
#[case::cast_short(
    Finding::TrainingShort { hours: h(30), required: h(30), cast: Hours::from_hundredths(1450), cast_required: h(15), uncertified: h(12), outside: Hours::default() },
    "培训 30 学时，达到 30 学时；其中科协系统 14.5 学时，少于 15 学时；另有 12 学时无合格证书，不计入",
    "30 training hours, at least 30; 14.5 in the CAST system, fewer than 15; 12 more hours without a certificate do not count"
)]
fn explanations_read_as_in_the_rules(#[case] finding: Finding, #[case] zh: &str, #[case] en: &str) {
    let result = pass(Criterion::TrainingHours, finding);
    assert_eq!(explain(&result, Lang::Zh), zh);
    assert_eq!(explain(&result, Lang::En), en);
}

#[test]
fn achievements_name_the_conditions_and_their_evidence() {
    let mut result = pass(
        Criterion::Achievements,
        Finding::Achievements {
            met: 2,
            required: 2,
            unverified: Vec::new(),
            rejected: Vec::new(),
        },
    );
    result.conditions = vec![
        ConditionResult {
            number: 1,
            met: true,
            evidence: ids(&["E2"]),
        },
        ConditionResult {
            number: 2,
            met: false,
            evidence: Vec::new(),
        },
        ConditionResult {
            number: 3,
            met: true,
            evidence: ids(&["E5"]),
        },
    ];
    assert_eq!(
        explain(&result, Lang::Zh),
        "满足 2 项（第1项：E2；第3项：E5），需 2 项"
    );
    assert_eq!(
        explain(&result, Lang::En),
        "2 conditions met (1: E2; 3: E5), 2 required"
    );

    if let Finding::Achievements { unverified, .. } = &mut result.finding {
        *unverified = ids(&["E2", "E5"]);
    }
    assert_eq!(
        explain(&result, Lang::Zh),
        "满足 2 项（第1项：E2；第3项：E5），需 2 项；证明材料 E2、E5 尚未核验"
    );
    assert_eq!(
        explain(&result, Lang::En),
        "2 conditions met (1: E2; 3: E5), 2 required; evidence E2, E5 not yet verified"
    );
}

#[test]
fn a_shortfall_turned_to_review_says_so() {
    let finding = Finding::ServiceYears {
        years: 2,
        required: 3,
        part_time: false,
    };
    let result = CriterionResult::new(Criterion::ServiceYears, Status::Review, finding);
    assert!(explain(&result, Lang::Zh).ends_with("（中级破格申报：不符合项转人工审核）"));
    assert!(
        explain(&result, Lang::En)
            .ends_with("(exceptional intermediate: a shortfall goes to review)")
    );

    let below = Finding::EducationBelowUsual {
        education: Education::Associate,
        usual: Education::Bachelor,
    };
    let result = CriterionResult::new(Criterion::Education, Status::Review, below);
    assert!(!explain(&result, Lang::Zh).contains("破格"));
}

#[test]
fn labels_name_the_criteria_and_verdicts() {
    let zh: Vec<_> = Criterion::ALL
        .iter()
        .map(|c| criterion_label(*c, Lang::Zh))
        .collect();
    assert_eq!(
        zh,
        [
            "职业道德",
            "学历",
            "从业年限",
            "培训学时",
            "中级证书",
            "业绩成果",
            "破格条件"
        ]
    );
    assert_eq!(
        criterion_label(Criterion::TrainingHours, Lang::En),
        "Training hours"
    );
    for lang in Lang::ALL {
        let verdicts: HashSet<_> = Verdict::ALL
            .iter()
            .map(|v| verdict_label(*v, lang))
            .collect();
        assert_eq!(verdicts.len(), 3);
        let statuses: HashSet<_> = Status::ALL.iter().map(|s| status_label(*s, lang)).collect();
        assert_eq!(statuses.len(), 4);
    }
    assert_eq!(verdict_label(Verdict::NeedsReview, Lang::Zh), "待人工审核");
    assert_eq!(verdict_label(Verdict::Ineligible, Lang::En), "Ineligible");
}

#[test]
fn fill_leaves_unknown_names_and_stray_braces_alone() {
    assert_eq!(fill("{a} and {b}", &[("a", &1)]), "1 and {b}");
    assert_eq!(fill("open { end", &[]), "open { end");
    assert_eq!(fill("年{s}", &[("s", &"")]), "年");
}
