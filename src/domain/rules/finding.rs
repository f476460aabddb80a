//! What an evaluation returns: a verdict, and per criterion a status, a
//! structured finding with the numbers involved, and the evidence relied on.
//! Text is made from these only when shown ([`super::explain`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::application::{Education, Hours, Rank};
use crate::domain::stage::{ExceptionalBasis, Level};

/// The overall outcome of the eligibility rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Eligible,
    NeedsReview,
    Ineligible,
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::Eligible, Verdict::NeedsReview, Verdict::Ineligible];

    pub fn code(self) -> &'static str {
        match self {
            Verdict::Eligible => "eligible",
            Verdict::NeedsReview => "needs_review",
            Verdict::Ineligible => "ineligible",
        }
    }
}

/// One eligibility condition (资格条件), in the order of the table in RULES.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    Ethics,
    Education,
    ServiceYears,
    TrainingHours,
    PriorCertificate,
    Achievements,
    Exceptional,
}

impl Criterion {
    pub const ALL: [Criterion; 7] = [
        Criterion::Ethics,
        Criterion::Education,
        Criterion::ServiceYears,
        Criterion::TrainingHours,
        Criterion::PriorCertificate,
        Criterion::Achievements,
        Criterion::Exceptional,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Criterion::Ethics => "ethics",
            Criterion::Education => "education",
            Criterion::ServiceYears => "service_years",
            Criterion::TrainingHours => "training_hours",
            Criterion::PriorCertificate => "prior_certificate",
            Criterion::Achievements => "achievements",
            Criterion::Exceptional => "exceptional",
        }
    }

    /// Whether the criterion rests on evidence items (and so lists them).
    pub fn relies_on_evidence(self) -> bool {
        matches!(
            self,
            Criterion::TrainingHours | Criterion::Achievements | Criterion::Exceptional
        )
    }
}

/// The outcome of one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    Review,
    Waived,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Pass, Status::Fail, Status::Review, Status::Waived];

    pub fn code(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Review => "review",
            Status::Waived => "waived",
        }
    }
}

/// Why an exceptional basis that belongs to the level is not met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "gap", rename_all = "snake_case")]
pub enum ExceptionalGap {
    /// No evidence item of the right kind carries the basis's flag.
    NoEvidence,
    /// The flagged evidence was rejected by a reviewer.
    Rejected,
    /// The contest prize is below third (or not given).
    RankTooLow { rank: Option<Rank> },
    /// The contest was held before the first year that counts.
    TooEarly { year: i32, earliest: i32 },
}

/// What was found for one criterion, with the numbers involved. Which of
/// pass, fail or review it led to is the result's [`Status`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "finding", rename_all = "snake_case")]
pub enum Finding {
    /// Specialist (专项): the rules are announced separately.
    AnnouncedSeparately,
    /// Waived by an exceptional basis that is met.
    Waived {
        basis: ExceptionalBasis,
    },
    Attested,
    NotAttested,
    /// Junior: no education requirement.
    EducationNotRequired {
        education: Education,
    },
    EducationMet {
        education: Education,
        required: Education,
    },
    /// Intermediate below what an applicant "generally" has: review.
    EducationBelowUsual {
        education: Education,
        usual: Education,
    },
    /// Senior with the relaxed education, old enough before the cut-off.
    EducationRelaxedByAge {
        education: Education,
        age: u32,
        min_age: u32,
        cutoff: NaiveDate,
    },
    /// Senior with the relaxed education, too young before the cut-off.
    EducationTooYoung {
        education: Education,
        required: Education,
        age: u32,
        min_age: u32,
        cutoff: NaiveDate,
    },
    /// Senior below even the relaxed education.
    EducationShort {
        education: Education,
        required: Education,
        relaxed: Education,
        min_age: u32,
        cutoff: NaiveDate,
    },
    /// Whole years of service on the reference date; met when `years >= required`.
    ServiceYears {
        years: u32,
        required: u32,
        part_time: bool,
    },
    /// Certified training that counts, and what did not count: hours
    /// without a certificate, and hours outside the window or below the scope.
    TrainingMet {
        hours: Hours,
        required: Hours,
        cast: Hours,
        cast_required: Hours,
        uncertified: Hours,
        outside: Hours,
    },
    TrainingShort {
        hours: Hours,
        required: Hours,
        cast: Hours,
        cast_required: Hours,
        uncertified: Hours,
        outside: Hours,
    },
    PriorCertificateMet {
        level: Level,
        year: i32,
        latest: i32,
    },
    PriorCertificateTooRecent {
        level: Level,
        year: i32,
        latest: i32,
    },
    PriorCertificateMissing {
        required: Level,
        latest: i32,
    },
    PriorCertificateWrongLevel {
        level: Level,
        required: Level,
        year: i32,
        latest: i32,
    },
    /// Conditions met (listed in the result's `conditions`) against those
    /// required. `unverified`: ids relied on that no reviewer has checked
    /// yet; `rejected`: ids that would match but were rejected.
    Achievements {
        met: u8,
        required: u8,
        unverified: Vec<String>,
        rejected: Vec<String>,
    },
    /// The basis is met; `year` and `rank` are those of the flagged item.
    ExceptionalMet {
        basis: ExceptionalBasis,
        year: i32,
        rank: Option<Rank>,
        unverified: Vec<String>,
    },
    /// Intermediate, on the cycle's published list: review.
    ExceptionalListed {
        cycle: i32,
    },
    ExceptionalNotListed {
        cycle: i32,
    },
    ExceptionalWrongLevel {
        basis: ExceptionalBasis,
        level: Level,
    },
    ExceptionalMissingBasis,
    ExceptionalNotMet {
        basis: ExceptionalBasis,
        gap: ExceptionalGap,
    },
}

impl Finding {
    /// Whether the numbers of the finding fall short of the rule: `Some`
    /// for findings that read as met or unmet, `None` for those that say
    /// nothing either way (waived, review by nature). A result whose
    /// finding falls short but whose status is `review` was turned to
    /// review by the intermediate exceptional rule.
    pub fn falls_short(&self) -> Option<bool> {
        match self {
            Finding::AnnouncedSeparately
            | Finding::Waived { .. }
            | Finding::EducationNotRequired { .. }
            | Finding::EducationBelowUsual { .. }
            | Finding::ExceptionalListed { .. } => None,
            Finding::Attested
            | Finding::EducationMet { .. }
            | Finding::EducationRelaxedByAge { .. }
            | Finding::TrainingMet { .. }
            | Finding::PriorCertificateMet { .. }
            | Finding::ExceptionalMet { .. } => Some(false),
            Finding::NotAttested
            | Finding::EducationTooYoung { .. }
            | Finding::EducationShort { .. }
            | Finding::TrainingShort { .. }
            | Finding::PriorCertificateTooRecent { .. }
            | Finding::PriorCertificateMissing { .. }
            | Finding::PriorCertificateWrongLevel { .. }
            | Finding::ExceptionalNotListed { .. }
            | Finding::ExceptionalWrongLevel { .. }
            | Finding::ExceptionalMissingBasis
            | Finding::ExceptionalNotMet { .. } => Some(true),
            Finding::ServiceYears {
                years, required, ..
            } => Some(years < required),
            Finding::Achievements { met, required, .. } => Some(met < required),
        }
    }

    /// Evidence ids relied on that are not yet verified.
    pub fn unverified(&self) -> &[String] {
        match self {
            Finding::Achievements { unverified, .. }
            | Finding::ExceptionalMet { unverified, .. } => unverified,
            _ => &[],
        }
    }
}

/// One achievement condition (业绩条件), numbered as in the measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionResult {
    pub number: u8,
    pub met: bool,
    /// Every evidence item that matches, in file order (rejected ones left out).
    pub evidence: Vec<String>,
}

/// The result of one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionResult {
    pub code: Criterion,
    pub status: Status,
    pub finding: Finding,
    /// Evidence ids the criterion rests on (training certificates,
    /// achievements, the exceptional basis), in file order.
    pub evidence: Vec<String>,
    /// Achievements only: one entry per condition.
    pub conditions: Vec<ConditionResult>,
}

impl CriterionResult {
    pub fn new(code: Criterion, status: Status, finding: Finding) -> CriterionResult {
        CriterionResult {
            code,
            status,
            finding,
            evidence: Vec::new(),
            conditions: Vec::new(),
        }
    }

    /// `pass` when the finding is met, `fail` when it falls short.
    pub(super) fn judged(code: Criterion, finding: Finding) -> CriterionResult {
        let status = if finding.falls_short() == Some(true) {
            Status::Fail
        } else {
            Status::Pass
        };
        CriterionResult::new(code, status, finding)
    }

    pub(super) fn with_evidence(mut self, evidence: Vec<String>) -> CriterionResult {
        self.evidence = evidence;
        self
    }
}

/// The eligibility of one application: the verdict and, in the order of
/// the rules, one result per criterion that applies to its level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub verdict: Verdict,
    pub criteria: Vec<CriterionResult>,
}

impl Evaluation {
    pub fn criterion(&self, code: Criterion) -> Option<&CriterionResult> {
        self.criteria.iter().find(|c| c.code == code)
    }

    pub fn status(&self, code: Criterion) -> Option<Status> {
        self.criterion(code).map(|c| c.status)
    }
}
