//! The exceptional track (破格): whether the named basis is met, and what it
//! does to the other criteria when it is.

use chrono::Datelike;

use crate::domain::application::{Application, EvidenceItem, EvidenceKind, Flag, Rank};
use crate::domain::cycle::Cycle;
use crate::domain::stage::{ExceptionalBasis, Level};

use super::finding::{Criterion, CriterionResult, ExceptionalGap, Finding, Status};

/// What a met basis does to the other criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Effect {
    /// The basis is not met (or the track is regular): criteria as usual.
    None,
    /// These criteria become `waived`.
    Waive(ExceptionalBasis, &'static [Criterion]),
    /// A fail among the other criteria, ethics aside, becomes `review`.
    Relax,
}

impl Effect {
    pub(super) fn waives(self, code: Criterion) -> Option<ExceptionalBasis> {
        match self {
            Effect::Waive(basis, codes) if codes.contains(&code) => Some(basis),
            _ => None,
        }
    }
}

/// 十佳优秀科技辅导员: straight to senior.
const TOP_TEN_WAIVES: &[Criterion] = &[
    Criterion::Education,
    Criterion::ServiceYears,
    Criterion::PriorCertificate,
    Criterion::Achievements,
];

/// 全国科学教育专业师范生教学技能创新大赛: straight to junior.
const CONTEST_WAIVES: &[Criterion] = &[
    Criterion::ServiceYears,
    Criterion::TrainingHours,
    Criterion::Achievements,
];

/// The `exceptional` criterion of an application on the exceptional track,
/// and the effect of its basis on the other criteria.
pub(super) fn assess(application: &Application, cycle: &Cycle) -> (CriterionResult, Effect) {
    let level = application.level;
    let fail = |finding| {
        (
            CriterionResult::new(Criterion::Exceptional, Status::Fail, finding),
            Effect::None,
        )
    };

    let Some(basis) = application.exceptional_basis else {
        return fail(Finding::ExceptionalMissingBasis);
    };
    match (basis, level) {
        (ExceptionalBasis::TopTenCounselor, Level::Senior) => flagged(
            application,
            basis,
            Flag::TopTenCounselor,
            EvidenceKind::Honor,
            cycle,
        ),
        (ExceptionalBasis::NormalStudentContest, Level::Junior) => flagged(
            application,
            basis,
            Flag::NormalStudentContest,
            EvidenceKind::ProfessionalAward,
            cycle,
        ),
        (ExceptionalBasis::ProvincialRule, Level::Intermediate) => {
            if cycle.is_on_exceptional_list(&application.id) {
                let finding = Finding::ExceptionalListed { cycle: cycle.year };
                let result = CriterionResult::new(Criterion::Exceptional, Status::Review, finding);
                (result, Effect::Relax)
            } else {
                fail(Finding::ExceptionalNotListed { cycle: cycle.year })
            }
        }
        _ => fail(Finding::ExceptionalWrongLevel { basis, level }),
    }
}

/// A basis resting on one flagged evidence item of a given kind.
fn flagged(
    application: &Application,
    basis: ExceptionalBasis,
    flag: Flag,
    kind: EvidenceKind,
    cycle: &Cycle,
) -> (CriterionResult, Effect) {
    let candidates = || {
        application
            .evidence
            .iter()
            .filter(move |e| e.flag == Some(flag) && e.kind == kind)
    };
    let gap = |item: &EvidenceItem| gap(item, flag, cycle);

    let qualifying: Vec<&EvidenceItem> = candidates().filter(|e| gap(e).is_none()).collect();
    if let Some(first) = qualifying.first() {
        let any_verified = qualifying.iter().any(|e| e.verified == Some(true));
        let ids: Vec<String> = qualifying.iter().map(|e| e.id.clone()).collect();
        let finding = Finding::ExceptionalMet {
            basis,
            year: first.date.year(),
            rank: first.rank,
            unverified: if any_verified {
                Vec::new()
            } else {
                ids.clone()
            },
        };
        let waives = match flag {
            Flag::TopTenCounselor => TOP_TEN_WAIVES,
            Flag::NormalStudentContest => CONTEST_WAIVES,
        };
        let result = CriterionResult::new(Criterion::Exceptional, Status::Pass, finding);
        return (result.with_evidence(ids), Effect::Waive(basis, waives));
    }

    // Not met: say why for the first candidate, if there is one.
    let first = candidates().next();
    let gap = first.and_then(gap).unwrap_or(ExceptionalGap::NoEvidence);
    let ids = candidates().map(|e| e.id.clone()).collect();
    let finding = Finding::ExceptionalNotMet { basis, gap };
    let result = CriterionResult::new(Criterion::Exceptional, Status::Fail, finding);
    (result.with_evidence(ids), Effect::None)
}

/// Why a flagged item does not ground its basis; `None` when it does.
fn gap(item: &EvidenceItem, flag: Flag, cycle: &Cycle) -> Option<ExceptionalGap> {
    if item.verified == Some(false) {
        return Some(ExceptionalGap::Rejected);
    }
    if flag == Flag::NormalStudentContest {
        if !matches!(item.rank, Some(Rank::First | Rank::Second | Rank::Third)) {
            return Some(ExceptionalGap::RankTooLow { rank: item.rank });
        }
        let earliest = cycle.exceptional.normal_student_contest_from;
        if item.date.year() < earliest {
            let year = item.date.year();
            return Some(ExceptionalGap::TooEarly { year, earliest });
        }
    }
    None
}
