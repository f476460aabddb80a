//! The configuration of one certification cycle: every number and date that
//! RULES.md calls a default, so that a later year's notice changes a file,
//! not the code.
//!
//! [`Cycle::default_2024`] holds the figures of the 2024 notice and its
//! annex; `fixtures/cycle-2024.toml` spells out the same figures with the
//! wording they come from. A TOML file overrides only the keys it names
//! ([`Cycle::from_toml`]); everything it leaves out keeps its 2024 value,
//! except the reference date, which follows the file's `year`.

mod load;
mod validate;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::application::{Education, Hours, Scope};
use super::stage::Level;

pub use load::CycleError;

/// One certification year (认证年度) and its rules, thresholds and scoring.
/// Read through `CycleFile`, which denies unknown keys, fills in
/// defaults and validates; written with every key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "load::CycleFile")]
pub struct Cycle {
    /// The certification year, e.g. 2024.
    pub year: i32,
    /// 计算截止日: the day on which years of service, ages and "within the
    /// last N years" are counted; by default 31 December of `year`.
    pub reference_date: NaiveDate,
    pub windows: Windows,
    pub thresholds: Thresholds,
    pub service_years: ServiceYears,
    pub achievements: AchievementRule,
    pub education: EducationRule,
    pub prior_certificate: PriorCertificateRule,
    pub exceptional: ExceptionalRule,
    pub stages: StageRule,
    pub experts: Experts,
    pub fees: Fees,
    pub scoring: Scoring,
    pub certificates: Certificates,
}

/// How certificates are numbered: `BODY-YEAR-LEVEL-SEQUENCE`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Certificates {
    /// The issuing body's code: 2 to 12 uppercase letters or digits.
    pub body: String,
}

impl Default for Certificates {
    fn default() -> Certificates {
        // 青科教: the prefix of the notice's document number (青科教发).
        Certificates {
            body: "QKJ".to_owned(),
        }
    }
}

/// The "within the last N years" (近N年内) windows, in years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Windows {
    /// Junior achievement condition 1: student activities and awards.
    pub junior_student_activity: u32,
    /// Intermediate achievement conditions 1 to 3.
    pub intermediate_achievements: u32,
    /// Senior achievement conditions 1 to 3.
    pub senior_achievements: u32,
    /// Intermediate training.
    pub intermediate_training: u32,
}

impl Default for Windows {
    fn default() -> Windows {
        Windows {
            junior_student_activity: 3,
            intermediate_achievements: 5,
            senior_achievements: 10,
            intermediate_training: 3,
        }
    }
}

/// Certified training hours required, per level (senior has none).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    pub junior: JuniorTraining,
    pub intermediate: IntermediateTraining,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JuniorTraining {
    pub training_hours: Hours,
    /// Of `training_hours`, the hours organized within the CAST system (科协系统).
    pub cast_hours: Hours,
    /// The lowest scope that counts; `school`, the lowest of all, means any scope.
    pub min_scope: Scope,
}

impl Default for JuniorTraining {
    fn default() -> JuniorTraining {
        JuniorTraining {
            training_hours: Hours::from_whole(30),
            cast_hours: Hours::from_whole(15),
            min_scope: Scope::School,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IntermediateTraining {
    pub training_hours: Hours,
    /// Of `training_hours`, the hours organized within the CAST system (科协系统).
    pub cast_hours: Hours,
    /// The lowest scope that counts (省级以上（含）).
    pub min_scope: Scope,
}

impl Default for IntermediateTraining {
    fn default() -> IntermediateTraining {
        IntermediateTraining {
            training_hours: Hours::from_whole(70),
            cast_hours: Hours::from_whole(35),
            min_scope: Scope::Provincial,
        }
    }
}

/// Whole years of continuous counseling work required, per level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServiceYears {
    pub junior: u32,
    pub intermediate: u32,
    pub senior: u32,
}

impl Default for ServiceYears {
    fn default() -> ServiceYears {
        ServiceYears {
            junior: 1,
            intermediate: 3,
            senior: 5,
        }
    }
}

/// How many achievement conditions each level must meet (任意N项).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AchievementRule {
    /// Of the junior's 2 conditions.
    pub junior_required: u8,
    /// Of the intermediate's 3 conditions.
    pub intermediate_required: u8,
    /// Of the senior's 3 conditions.
    pub senior_required: u8,
    /// Senior condition 3: papers count up to this author position (第一、第二作者).
    pub senior_paper_max_author_position: u32,
}

impl Default for AchievementRule {
    fn default() -> AchievementRule {
        AchievementRule {
            junior_required: 1,
            intermediate_required: 1,
            senior_required: 2,
            senior_paper_max_author_position: 2,
        }
    }
}

/// Education requirements (学历) of intermediate and senior applicants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EducationRule {
    /// Intermediate: what an applicant "generally" has (一般具有); below it, review.
    pub intermediate_usual: Education,
    /// Senior: the minimum in principle (原则上具有).
    pub senior_minimum: Education,
    /// Senior: the education accepted from applicants old enough.
    pub senior_relaxed: Education,
    /// The age the relaxed rule asks for (年满N周岁) ...
    pub relaxed_min_age: u32,
    /// ... before this date: the age is counted on the day before it.
    #[serde(deserialize_with = "load::date::deserialize")]
    pub relaxed_age_cutoff: NaiveDate,
}

impl Default for EducationRule {
    fn default() -> EducationRule {
        EducationRule {
            intermediate_usual: Education::Bachelor,
            senior_minimum: Education::Bachelor,
            senior_relaxed: Education::Associate,
            relaxed_min_age: 50,
            relaxed_age_cutoff: date(2023, 1, 1),
        }
    }
}

/// The certificate a senior applicant must already hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PriorCertificateRule {
    pub level: Level,
    /// Obtained in a year no later than the cycle year minus this.
    pub years_before_cycle: u32,
}

impl Default for PriorCertificateRule {
    fn default() -> PriorCertificateRule {
        PriorCertificateRule {
            level: Level::Intermediate,
            years_before_cycle: 2,
        }
    }
}

/// Figures of the exceptional track (破格).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExceptionalRule {
    /// The first year of the normal-student contest that counts.
    pub normal_student_contest_from: i32,
    /// Application ids on the published intermediate exceptional list.
    pub intermediate_list: Vec<String>,
}

impl Default for ExceptionalRule {
    fn default() -> ExceptionalRule {
        ExceptionalRule {
            normal_student_contest_from: 2018,
            intermediate_list: Vec::new(),
        }
    }
}

/// Whether juniors sit the stages the measures let a body skip for them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StageRule {
    pub junior_written: bool,
    pub junior_defense: bool,
}

/// Experts assigned to each application, per level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Experts {
    pub junior: u32,
    pub intermediate: u32,
    pub senior: u32,
    pub specialist: u32,
    /// The certification body's own province, for the committee's
    /// two-thirds rule (省内专家); empty when not configured.
    pub home_province: String,
}

impl Default for Experts {
    fn default() -> Experts {
        Experts {
            junior: 3,
            intermediate: 3,
            senior: 5,
            specialist: 3,
            home_province: String::new(),
        }
    }
}

/// Review fee in yuan, per level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Fees {
    pub junior: u32,
    pub intermediate: u32,
    pub senior: u32,
    pub specialist: u32,
}

impl Default for Fees {
    fn default() -> Fees {
        Fees {
            junior: 100,
            intermediate: 300,
            senior: 500,
            specialist: 300,
        }
    }
}

/// The rubric of the achievement review and how scores are combined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scoring {
    pub rubric: Vec<Dimension>,
    pub pass_lines: PassLines,
    /// Composite of intermediate and senior; a junior's is the achievement aggregate.
    pub weights: Weights,
    /// From this many submitted reviews on, the highest and the lowest are dropped.
    pub trimmed_mean_from: u32,
    /// A spread (max - min) above this flags the application for discussion.
    pub spread_flag_above: u32,
}

impl Default for Scoring {
    fn default() -> Scoring {
        let dimension = |code: &str, zh: &str, en: &str, max| Dimension {
            code: code.to_owned(),
            zh: zh.to_owned(),
            en: en.to_owned(),
            max,
        };
        Scoring {
            rubric: vec![
                dimension("ethics", "师德修养与专业情感", "Ethics and commitment", 20),
                dimension(
                    "theory",
                    "理论水平与科技素养",
                    "Theory and science literacy",
                    30,
                ),
                dimension(
                    "practice",
                    "业务能力和实践能力",
                    "Professional practice",
                    50,
                ),
            ],
            pass_lines: PassLines::default(),
            weights: Weights::default(),
            trimmed_mean_from: 5,
            spread_flag_above: 15,
        }
    }
}

/// One scored dimension of the rubric, in whole points from 0 to `max`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub code: String,
    pub zh: String,
    pub en: String,
    pub max: u32,
}

/// Pass lines of the scored stages, on a scale of 100.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PassLines {
    pub achievement: u32,
    pub written: u32,
    pub defense: u32,
}

impl Default for PassLines {
    fn default() -> PassLines {
        PassLines {
            achievement: 60,
            written: 60,
            defense: 60,
        }
    }
}

/// Weights of the composite score; they add up to 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    pub achievement: f64,
    pub written: f64,
    pub defense: f64,
}

impl Default for Weights {
    fn default() -> Weights {
        Weights {
            achievement: 0.5,
            written: 0.2,
            defense: 0.3,
        }
    }
}

impl Cycle {
    /// The figures of the 2024 notice (青科教发〔2024〕3号) and its annex.
    pub fn default_2024() -> Cycle {
        Cycle::defaults_for(2024)
    }

    /// The 2024 figures for another year: only the reference date follows it.
    pub fn defaults_for(year: i32) -> Cycle {
        Cycle {
            year,
            reference_date: last_day_of(year),
            windows: Windows::default(),
            thresholds: Thresholds::default(),
            service_years: ServiceYears::default(),
            achievements: AchievementRule::default(),
            education: EducationRule::default(),
            prior_certificate: PriorCertificateRule::default(),
            exceptional: ExceptionalRule::default(),
            stages: StageRule::default(),
            experts: Experts::default(),
            fees: Fees::default(),
            scoring: Scoring::default(),
            certificates: Certificates::default(),
        }
    }

    /// Reads a configuration file: the keys it names override the defaults,
    /// and the result is checked as a whole. The error names the key.
    pub fn from_toml(text: &str) -> Result<Cycle, CycleError> {
        load::from_toml(text)
    }

    /// The configuration as TOML, every key written out.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        toml::to_string(self)
    }

    /// Checks the figures against each other; the error names the key.
    pub fn validate(&self) -> Result<(), CycleError> {
        validate::validate(self)
    }

    /// Whole years of service required at a level; `None` for specialist.
    pub fn service_years_for(&self, level: Level) -> Option<u32> {
        match level {
            Level::Junior => Some(self.service_years.junior),
            Level::Intermediate => Some(self.service_years.intermediate),
            Level::Senior => Some(self.service_years.senior),
            Level::Specialist => None,
        }
    }

    /// How many achievement conditions a level must meet, and of how many;
    /// `None` for specialist.
    pub fn achievements_required(&self, level: Level) -> Option<(u8, u8)> {
        match level {
            Level::Junior => Some((self.achievements.junior_required, 2)),
            Level::Intermediate => Some((self.achievements.intermediate_required, 3)),
            Level::Senior => Some((self.achievements.senior_required, 3)),
            Level::Specialist => None,
        }
    }

    /// The latest year a senior applicant's prior certificate may be from.
    pub fn latest_prior_certificate_year(&self) -> i32 {
        let back = i32::try_from(self.prior_certificate.years_before_cycle).unwrap_or(i32::MAX);
        self.year.saturating_sub(back)
    }

    /// Whether an application id is on the published intermediate exceptional list.
    pub fn is_on_exceptional_list(&self, id: &str) -> bool {
        self.exceptional
            .intermediate_list
            .iter()
            .any(|listed| listed == id)
    }

    pub fn experts_for(&self, level: Level) -> u32 {
        match level {
            Level::Junior => self.experts.junior,
            Level::Intermediate => self.experts.intermediate,
            Level::Senior => self.experts.senior,
            Level::Specialist => self.experts.specialist,
        }
    }

    pub fn fee_for(&self, level: Level) -> u32 {
        match level {
            Level::Junior => self.fees.junior,
            Level::Intermediate => self.fees.intermediate,
            Level::Senior => self.fees.senior,
            Level::Specialist => self.fees.specialist,
        }
    }

    /// Whether applications of a level sit the written exam (笔试).
    pub fn sits_written(&self, level: Level) -> bool {
        level != Level::Junior || self.stages.junior_written
    }

    /// Whether applications of a level sit the defense (答辩).
    pub fn sits_defense(&self, level: Level) -> bool {
        level != Level::Junior || self.stages.junior_defense
    }

    /// The most points the rubric gives in all.
    pub fn rubric_total(&self) -> u32 {
        self.scoring.rubric.iter().map(|d| d.max).sum()
    }
}

/// 31 December of a year (or the last representable date).
fn last_day_of(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// A date known to be valid.
const fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid date constant"),
    }
}

#[cfg(test)]
mod tests;
