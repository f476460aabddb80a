//! The eligibility rules of RULES.md as a pure, deterministic engine:
//! [`evaluate`] gives one [`CriterionResult`] per criterion that applies to
//! the application's level, in the order of the rules' table, and the
//! overall [`Verdict`].
//!
//! Results carry structured [`Finding`]s with the numbers involved; text
//! is made only when shown ([`explain()`]), and the JSON of `docket check`
//! in [`check`]. Every figure comes from the [`Cycle`].

mod achievements;
pub mod check;
mod criteria;
pub mod dates;
mod exceptional;
pub mod explain;
mod finding;

#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests;

use crate::domain::application::Application;
use crate::domain::cycle::Cycle;
use crate::domain::stage::{ExceptionalBasis, Level, Stage, Track};

use self::exceptional::Effect;

pub use check::{check_document_lines, check_line, error_line};
pub use explain::{criterion_label, explain, status_label, verdict_label};
pub use finding::{
    ConditionResult, Criterion, CriterionResult, Evaluation, ExceptionalGap, Finding, Status,
    Verdict,
};

/// The criteria of each level, in the order of the table in RULES.md.
fn criteria_of(level: Level) -> &'static [Criterion] {
    use Criterion as C;
    match level {
        // Specialist rules are announced separately: it gets the criteria
        // of the levels that train, each left to a reviewer.
        Level::Junior | Level::Intermediate | Level::Specialist => &[
            C::Ethics,
            C::Education,
            C::ServiceYears,
            C::TrainingHours,
            C::Achievements,
        ],
        Level::Senior => &[
            C::Ethics,
            C::Education,
            C::ServiceYears,
            C::PriorCertificate,
            C::Achievements,
        ],
    }
}

/// Evaluates one application against the cycle's rules.
pub fn evaluate(application: &Application, cycle: &Cycle) -> Evaluation {
    let exceptional = application.track == Track::Exceptional;
    let mut criteria = Vec::with_capacity(7);

    if application.level == Level::Specialist {
        let codes = criteria_of(Level::Specialist).iter().copied();
        let codes = codes.chain(exceptional.then_some(Criterion::Exceptional));
        for code in codes {
            let result = CriterionResult::new(code, Status::Review, Finding::AnnouncedSeparately);
            criteria.push(result);
        }
        return Evaluation {
            verdict: verdict_of(&criteria),
            criteria,
        };
    }

    let assessed = exceptional.then(|| exceptional::assess(application, cycle));
    let effect = assessed
        .as_ref()
        .map_or(Effect::None, |(_, effect)| *effect);
    for &code in criteria_of(application.level) {
        let result = match effect.waives(code) {
            Some(basis) => CriterionResult::new(code, Status::Waived, Finding::Waived { basis }),
            None => criterion(code, application, cycle),
        };
        criteria.push(result);
    }

    // Listed intermediate exceptions: a shortfall is for a person to weigh.
    if effect == Effect::Relax {
        let relaxed = criteria.iter_mut().filter(|c| c.code != Criterion::Ethics);
        for result in relaxed.filter(|c| c.status == Status::Fail) {
            result.status = Status::Review;
        }
    }
    criteria.extend(assessed.map(|(result, _)| result));

    Evaluation {
        verdict: verdict_of(&criteria),
        criteria,
    }
}

fn criterion(code: Criterion, application: &Application, cycle: &Cycle) -> CriterionResult {
    match code {
        Criterion::Ethics => criteria::ethics(application),
        Criterion::Education => criteria::education(application, cycle),
        Criterion::ServiceYears => criteria::service_years(application, cycle),
        Criterion::TrainingHours => criteria::training_hours(application, cycle),
        Criterion::PriorCertificate => criteria::prior_certificate(application, cycle),
        Criterion::Achievements => achievements::achievements(application, cycle),
        Criterion::Exceptional => exceptional::assess(application, cycle).0,
    }
}

/// Ineligible if any criterion fails, else needs review if any is for
/// review, else eligible.
pub fn verdict_of(criteria: &[CriterionResult]) -> Verdict {
    if criteria.iter().any(|c| c.status == Status::Fail) {
        Verdict::Ineligible
    } else if criteria.iter().any(|c| c.status == Status::Review) {
        Verdict::NeedsReview
    } else {
        Verdict::Eligible
    }
}

/// The stage an application moves to once a reviewer has confirmed its
/// eligibility: the public notice for an exceptional senior or junior whose
/// basis holds (破格 goes straight to 公示), otherwise the achievement review.
pub fn next_stage_after_eligibility(application: &Application, evaluation: &Evaluation) -> Stage {
    let straight_basis = matches!(
        (application.level, application.exceptional_basis),
        (Level::Senior, Some(ExceptionalBasis::TopTenCounselor))
            | (Level::Junior, Some(ExceptionalBasis::NormalStudentContest))
    );
    let basis_holds = evaluation
        .status(Criterion::Exceptional)
        .is_some_and(|status| status != Status::Fail);
    if application.track == Track::Exceptional && straight_basis && basis_holds {
        Stage::Notice
    } else {
        Stage::Achievement
    }
}
