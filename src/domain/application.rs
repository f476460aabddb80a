//! The application record of the interchange format and its parts.
//!
//! Field names and enumeration words are those of `INTERCHANGE.md`, so the
//! serde form of [`Application`] is the canonical JSON form.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::stage::{ExceptionalBasis, Level, Stage, Track};

/// Geographic or organizational reach of an award, training or project (级别范围).
/// The derived order is the order of RULES.md: school < county < ... < international.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    School,
    County,
    Municipal,
    Provincial,
    National,
    International,
}

impl Scope {
    pub const ALL: [Scope; 6] = [
        Scope::School,
        Scope::County,
        Scope::Municipal,
        Scope::Provincial,
        Scope::National,
        Scope::International,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Scope::School => "school",
            Scope::County => "county",
            Scope::Municipal => "municipal",
            Scope::Provincial => "provincial",
            Scope::National => "national",
            Scope::International => "international",
        }
    }

    /// "Provincial or above" (省级以上（含）).
    pub fn at_least(self, floor: Scope) -> bool {
        self >= floor
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Female,
    Male,
}

/// The kind of employer (第一条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgType {
    School,
    NormalStudent,
    University,
    ResearchInstitute,
    ScienceVenue,
    YouthCenter,
    EducationAgency,
    Association,
    Enterprise,
    Other,
}

impl OrgType {
    pub const ALL: [OrgType; 10] = [
        OrgType::School,
        OrgType::NormalStudent,
        OrgType::University,
        OrgType::ResearchInstitute,
        OrgType::ScienceVenue,
        OrgType::YouthCenter,
        OrgType::EducationAgency,
        OrgType::Association,
        OrgType::Enterprise,
        OrgType::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrgType::School => "school",
            OrgType::NormalStudent => "normal_student",
            OrgType::University => "university",
            OrgType::ResearchInstitute => "research_institute",
            OrgType::ScienceVenue => "science_venue",
            OrgType::YouthCenter => "youth_center",
            OrgType::EducationAgency => "education_agency",
            OrgType::Association => "association",
            OrgType::Enterprise => "enterprise",
            OrgType::Other => "other",
        }
    }
}

/// Subject field, used to match experts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Education,
    Physical,
    Life,
    EarthEnvironment,
    Engineering,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Education,
        Field::Physical,
        Field::Life,
        Field::EarthEnvironment,
        Field::Engineering,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Field::Education => "education",
            Field::Physical => "physical",
            Field::Life => "life",
            Field::EarthEnvironment => "earth_environment",
            Field::Engineering => "engineering",
        }
    }
}

/// Highest education, ordered from lowest to highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Education {
    Other,
    Secondary,
    Associate,
    Bachelor,
    Master,
    Doctorate,
}

impl Education {
    pub const ALL: [Education; 6] = [
        Education::Other,
        Education::Secondary,
        Education::Associate,
        Education::Bachelor,
        Education::Master,
        Education::Doctorate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Education::Other => "other",
            Education::Secondary => "secondary",
            Education::Associate => "associate",
            Education::Bachelor => "bachelor",
            Education::Master => "master",
            Education::Doctorate => "doctorate",
        }
    }
}

/// The applicant's role in a student item or a research project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    FirstAdvisor,
    Advisor,
    Leader,
    Core,
    Member,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::FirstAdvisor => "first_advisor",
            Role::Advisor => "advisor",
            Role::Leader => "leader",
            Role::Core => "core",
            Role::Member => "member",
        }
    }
}

/// Prize level of an award.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rank {
    First,
    Second,
    Third,
    Excellence,
    Other,
}

impl Rank {
    pub fn code(self) -> &'static str {
        match self {
            Rank::First => "first",
            Rank::Second => "second",
            Rank::Third => "third",
            Rank::Excellence => "excellence",
            Rank::Other => "other",
        }
    }
}

/// Marks an evidence item that grounds an exceptional application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    TopTenCounselor,
    NormalStudentContest,
}

impl Flag {
    pub fn code(self) -> &'static str {
        match self {
            Flag::TopTenCounselor => "top_ten_counselor",
            Flag::NormalStudentContest => "normal_student_contest",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    StudentAward,
    StudentActivity,
    ProfessionalAward,
    Honor,
    Research,
    Curriculum,
    Paper,
    TrainingCertificate,
    RegionalLeadership,
    Other,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 10] = [
        EvidenceKind::StudentAward,
        EvidenceKind::StudentActivity,
        EvidenceKind::ProfessionalAward,
        EvidenceKind::Honor,
        EvidenceKind::Research,
        EvidenceKind::Curriculum,
        EvidenceKind::Paper,
        EvidenceKind::TrainingCertificate,
        EvidenceKind::RegionalLeadership,
        EvidenceKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EvidenceKind::StudentAward => "student_award",
            EvidenceKind::StudentActivity => "student_activity",
            EvidenceKind::ProfessionalAward => "professional_award",
            EvidenceKind::Honor => "honor",
            EvidenceKind::Research => "research",
            EvidenceKind::Curriculum => "curriculum",
            EvidenceKind::Paper => "paper",
            EvidenceKind::TrainingCertificate => "training_certificate",
            EvidenceKind::RegionalLeadership => "regional_leadership",
            EvidenceKind::Other => "other",
        }
    }

    /// The evidence category of the measures (第五条（一）, items 1-6).
    pub fn category(self) -> Category {
        match self {
            EvidenceKind::StudentAward | EvidenceKind::StudentActivity => Category::Student,
            EvidenceKind::ProfessionalAward => Category::Professional,
            EvidenceKind::Research | EvidenceKind::Paper => Category::Research,
            EvidenceKind::Curriculum | EvidenceKind::RegionalLeadership => Category::Leadership,
            EvidenceKind::TrainingCertificate => Category::Training,
            EvidenceKind::Honor | EvidenceKind::Other => Category::Other,
        }
    }

    /// Whether the item must name its scope (awards, honors, research, curriculum).
    pub fn needs_scope(self) -> bool {
        matches!(
            self,
            EvidenceKind::StudentAward
                | EvidenceKind::ProfessionalAward
                | EvidenceKind::Honor
                | EvidenceKind::Research
                | EvidenceKind::Curriculum
        )
    }

    /// Whether the item must name the applicant's role (student items and research).
    pub fn needs_role(self) -> bool {
        matches!(
            self,
            EvidenceKind::StudentAward | EvidenceKind::StudentActivity | EvidenceKind::Research
        )
    }
}

/// The six evidence categories, numbered as in the measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// 1. Guiding students in contests and activities.
    Student,
    /// 2. Professional contests, including the normal-student contest.
    Professional,
    /// 3. Research projects and papers.
    Research,
    /// 4. Curriculum development and regional leadership.
    Leadership,
    /// 5. Training certificates.
    Training,
    /// 6. Honors and other achievements.
    Other,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Student,
        Category::Professional,
        Category::Research,
        Category::Leadership,
        Category::Training,
        Category::Other,
    ];

    /// The item number in the measures, 1 to 6.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }
}

/// Training hours, kept in hundredths of an hour so sums are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hours(u32);

impl Hours {
    /// The most one training record may claim.
    pub const MAX: Hours = Hours(1_000 * 100);

    pub fn from_hundredths(hundredths: u32) -> Hours {
        Hours(hundredths)
    }

    pub fn from_whole(hours: u32) -> Hours {
        Hours(hours * 100)
    }

    /// Converts a decimal number of hours; `None` if it is negative, not finite,
    /// or finer than a hundredth of an hour.
    ///
    /// ```
    /// use docket::domain::Hours;
    ///
    /// let total: Hours = [69.5, 0.5].iter().filter_map(|h| Hours::from_f64(*h)).sum();
    /// assert_eq!(total, Hours::from_whole(70));
    /// assert_eq!(Hours::from_f64(0.125), None);
    /// ```
    pub fn from_f64(hours: f64) -> Option<Hours> {
        if !hours.is_finite() || hours < 0.0 || hours > f64::from(u32::MAX) / 100.0 {
            return None;
        }
        let scaled = hours * 100.0;
        let rounded = scaled.round();
        ((scaled - rounded).abs() < 1e-6).then_some(Hours(rounded as u32))
    }

    pub fn hundredths(self) -> u32 {
        self.0
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
}

impl std::ops::Add for Hours {
    type Output = Hours;
    fn add(self, other: Hours) -> Hours {
        Hours(self.0.saturating_add(other.0))
    }
}

impl std::iter::Sum for Hours {
    fn sum<I: Iterator<Item = Hours>>(iter: I) -> Hours {
        iter.fold(Hours(0), |a, b| a + b)
    }
}

impl std::fmt::Display for Hours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let whole = self.0 / 100;
        let frac = self.0 % 100;
        if frac == 0 {
            write!(f, "{whole}")
        } else if frac.is_multiple_of(10) {
            write!(f, "{whole}.{}", frac / 10)
        } else {
            write!(f, "{whole}.{frac:02}")
        }
    }
}

impl Serialize for Hours {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(100) {
            serializer.serialize_u32(self.0 / 100)
        } else {
            serializer.serialize_f64(self.as_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Hours, D::Error> {
        let value = f64::deserialize(deserializer)?;
        Hours::from_f64(value)
            .ok_or_else(|| serde::de::Error::custom(format!("{value} is not a number of hours")))
    }
}

/// A certificate the applicant already holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorCertificate {
    pub level: Level,
    pub year: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
}

/// A training course the applicant completed (培训).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingRecord {
    pub title: String,
    pub provider: String,
    pub date: NaiveDate,
    pub hours: Hours,
    pub scope: Scope,
    pub cast_system: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<bool>,
    pub certificate: bool,
}

/// One piece of supporting material (证明材料).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceItem {
    pub id: String,
    pub kind: EvidenceKind,
    pub title: String,
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<Rank>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<Flag>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_position: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journal_scope: Option<Scope>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
}

impl EvidenceItem {
    pub fn category(&self) -> Category {
        self.kind.category()
    }
}

/// An application for certification, exactly as the interchange format has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    pub id: String,
    pub cycle: i32,
    pub level: Level,
    #[serde(default)]
    pub track: Track,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exceptional_basis: Option<ExceptionalBasis>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    pub birth_date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub province: String,
    pub organization: String,
    pub org_type: OrgType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    pub education: Education,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub service_start: NaiveDate,
    #[serde(default)]
    pub part_time: bool,
    pub attestation: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_certificate: Option<PriorCertificate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_paid: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub training: Vec<TrainingRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    #[serde(default)]
    pub stage: Stage,
}

impl Application {
    /// Certified training hours, and of those the hours within the CAST system.
    pub fn certified_hours(&self) -> (Hours, Hours) {
        let certified = self.training.iter().filter(|t| t.certificate);
        certified.fold((Hours::default(), Hours::default()), |(all, cast), t| {
            (
                all + t.hours,
                if t.cast_system { cast + t.hours } else { cast },
            )
        })
    }

    /// Evidence items in one of the six categories, in file order.
    pub fn evidence_in(&self, category: Category) -> impl Iterator<Item = &EvidenceItem> {
        self.evidence
            .iter()
            .filter(move |e| e.category() == category)
    }

    /// The identity number masked to its last four characters, as shown
    /// everywhere but the secretariat's exports.
    pub fn masked_id_number(&self) -> Option<String> {
        self.id_number.as_deref().map(mask_tail)
    }
}

/// Replaces all but the last four characters with `*`.
///
/// ```
/// use docket::domain::application::mask_tail;
///
/// assert_eq!(mask_tail("330102198001011234"), "**************1234");
/// assert_eq!(mask_tail("12"), "12");
/// ```
pub fn mask_tail(text: &str) -> String {
    let count = text.chars().count();
    text.chars()
        .enumerate()
        .map(|(i, c)| if i + 4 < count { '*' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_order_follows_the_rules() {
        assert!(Scope::School < Scope::County);
        assert!(Scope::Municipal < Scope::Provincial);
        assert!(Scope::Provincial.at_least(Scope::Provincial));
        assert!(Scope::International.at_least(Scope::National));
        assert!(!Scope::Municipal.at_least(Scope::Provincial));
        let mut sorted = Scope::ALL;
        sorted.reverse();
        sorted.sort();
        assert_eq!(sorted, Scope::ALL);
    }

    #[test]
    fn categories_follow_the_measures() {
        use EvidenceKind as K;
        let expect = [
            (K::StudentAward, 1),
            (K::StudentActivity, 1),
            (K::ProfessionalAward, 2),
            (K::Research, 3),
            (K::Paper, 3),
            (K::Curriculum, 4),
            (K::RegionalLeadership, 4),
            (K::TrainingCertificate, 5),
            (K::Honor, 6),
            (K::Other, 6),
        ];
        for (kind, number) in expect {
            assert_eq!(kind.category().number(), number, "{kind:?}");
        }
    }

    #[test]
    fn hours_are_exact_in_hundredths() {
        assert_eq!(Hours::from_f64(7.5), Some(Hours::from_hundredths(750)));
        assert_eq!(Hours::from_f64(0.25), Some(Hours::from_hundredths(25)));
        assert_eq!(Hours::from_f64(0.125), None);
        assert_eq!(Hours::from_f64(-1.0), None);
        assert_eq!(Hours::from_f64(f64::NAN), None);
        let total: Hours = [0.1, 0.2, 69.7]
            .iter()
            .filter_map(|h| Hours::from_f64(*h))
            .sum();
        assert_eq!(total, Hours::from_whole(70));
        assert_eq!(Hours::from_hundredths(3550).to_string(), "35.5");
        assert_eq!(Hours::from_hundredths(3505).to_string(), "35.05");
        assert_eq!(Hours::from_whole(30).to_string(), "30");
        assert_eq!(serde_json::to_string(&Hours::from_whole(12)).unwrap(), "12");
        assert_eq!(
            serde_json::to_string(&Hours::from_hundredths(1250)).unwrap(),
            "12.5"
        );
    }

    #[test]
    fn masking_keeps_the_last_four() {
        assert_eq!(mask_tail("330102198001011234"), "**************1234");
        assert_eq!(mask_tail("123"), "123");
    }
}
