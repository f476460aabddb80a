//! Stage moves (RULES.md, Stages): where an application goes next, the
//! guard each forward move must pass, and sending an application back one
//! stage with a reason. Nothing here writes: the service records the move
//! and the audit log.

#[cfg(test)]
mod tests;

use std::fmt;

use super::cycle::Cycle;
use super::decision::{DecisionError, History, HistoryAction, clean_reason};
use super::scoring::{Review, ReviewStage, Score, aggregate};
use super::stage::{Level, Stage};

/// Where the public notice (公示) stands, as the service reads it from the
/// working-day calendar and the complaints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeState {
    NotStarted,
    Running,
    /// The fifth working day is over; complaints by their state.
    Ended {
        open: u32,
        upheld: u32,
    },
}

/// The stage after `stage` for a regular application of `level`: juniors
/// skip the written exam and the defense unless the cycle has them sit it.
/// `None` from `certified` and the end states.
pub fn next_stage(level: Level, stage: Stage, cycle: &Cycle) -> Option<Stage> {
    let written = cycle.sits_written(level);
    let defense = cycle.sits_defense(level);
    match stage {
        Stage::Eligibility => Some(Stage::Achievement),
        Stage::Achievement if written => Some(Stage::Written),
        Stage::Achievement | Stage::Written if defense => Some(Stage::Defense),
        Stage::Achievement | Stage::Written | Stage::Defense => Some(Stage::Notice),
        Stage::Notice => Some(Stage::Certified),
        Stage::Certified
        | Stage::Rejected
        | Stage::Withdrawn
        | Stage::Cancelled
        | Stage::Revoked => None,
    }
}

/// The stage before `stage` for a regular application of `level` (the
/// inverse of [`next_stage`]); `None` from `eligibility`, `certified` and
/// the end states.
pub fn previous_stage(level: Level, stage: Stage, cycle: &Cycle) -> Option<Stage> {
    let written = cycle.sits_written(level);
    let defense = cycle.sits_defense(level);
    match stage {
        Stage::Achievement => Some(Stage::Eligibility),
        Stage::Notice if defense => Some(Stage::Defense),
        Stage::Defense | Stage::Notice if written => Some(Stage::Written),
        Stage::Written | Stage::Defense | Stage::Notice => Some(Stage::Achievement),
        Stage::Eligibility
        | Stage::Certified
        | Stage::Rejected
        | Stage::Withdrawn
        | Stage::Cancelled
        | Stage::Revoked => None,
    }
}

/// What the guard of a forward move looks at.
#[derive(Debug, Clone, Copy)]
pub struct MoveInput<'a> {
    pub cycle: &'a Cycle,
    pub level: Level,
    pub stage: Stage,
    pub history: &'a History,
    /// Experts assigned to the application at its current stage.
    pub assigned: &'a [String],
    /// The application's reviews (drafts and other stages are ignored).
    pub reviews: &'a [Review],
    pub written: Option<u32>,
    pub notice: NoticeState,
}

/// The guard that refused a forward move, with its numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuardFailure {
    /// No reviewer has approved the eligibility (or it was sent back since).
    NotConfirmed,
    /// Fewer experts assigned than the level requires (achievement), or
    /// none (defense).
    TooFewExperts {
        stage: ReviewStage,
        assigned: usize,
        required: usize,
    },
    ReviewsMissing {
        stage: ReviewStage,
        submitted: usize,
        assigned: usize,
    },
    BelowPassLine {
        stage: ReviewStage,
        aggregate: Score,
        line: u32,
    },
    WrittenMissing,
    WrittenBelowLine {
        score: u32,
        line: u32,
    },
    NoticeNotStarted,
    NoticeRunning,
    ComplaintsOpen {
        open: u32,
    },
    ComplaintsUpheld {
        upheld: u32,
    },
    /// `certified` and the end states have no forward move.
    NoForwardMove {
        stage: Stage,
    },
}

impl GuardFailure {
    /// A stable word per guard, for the UI catalog and the audit log.
    pub fn code(&self) -> &'static str {
        match self {
            GuardFailure::NotConfirmed => "not_confirmed",
            GuardFailure::TooFewExperts { .. } => "too_few_experts",
            GuardFailure::ReviewsMissing { .. } => "reviews_missing",
            GuardFailure::BelowPassLine { .. } => "below_pass_line",
            GuardFailure::WrittenMissing => "written_missing",
            GuardFailure::WrittenBelowLine { .. } => "written_below_line",
            GuardFailure::NoticeNotStarted => "notice_not_started",
            GuardFailure::NoticeRunning => "notice_running",
            GuardFailure::ComplaintsOpen { .. } => "complaints_open",
            GuardFailure::ComplaintsUpheld { .. } => "complaints_upheld",
            GuardFailure::NoForwardMove { .. } => "no_forward_move",
        }
    }
}

impl fmt::Display for GuardFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GuardFailure::NotConfirmed => write!(f, "eligibility not confirmed by a reviewer"),
            GuardFailure::TooFewExperts {
                stage,
                assigned,
                required,
            } => write!(
                f,
                "{assigned} of {required} experts assigned for the {} review",
                stage.code()
            ),
            GuardFailure::ReviewsMissing {
                stage,
                submitted,
                assigned,
            } => write!(
                f,
                "{submitted} of {assigned} {} reviews submitted",
                stage.code()
            ),
            GuardFailure::BelowPassLine {
                stage,
                aggregate,
                line,
            } => write!(
                f,
                "{} aggregate {} below the pass line {line}",
                stage.code(),
                aggregate.shown_against(*line)
            ),
            GuardFailure::WrittenMissing => write!(f, "no written score entered"),
            GuardFailure::WrittenBelowLine { score, line } => {
                write!(f, "written score {score} below the pass line {line}")
            }
            GuardFailure::NoticeNotStarted => write!(f, "the public notice has not started"),
            GuardFailure::NoticeRunning => write!(f, "the public notice has not ended"),
            GuardFailure::ComplaintsOpen { open } => {
                write!(f, "{open} complaint(s) still open")
            }
            GuardFailure::ComplaintsUpheld { upheld } => {
                write!(f, "{upheld} complaint(s) upheld")
            }
            GuardFailure::NoForwardMove { stage } => {
                write!(f, "no forward move from {}", stage.code())
            }
        }
    }
}

/// Checks the guard of the forward move from the current stage and gives
/// the stage it leads to.
pub fn check_forward(input: &MoveInput<'_>) -> Result<Stage, GuardFailure> {
    let stage = input.stage;
    let next =
        next_stage(input.level, stage, input.cycle).ok_or(GuardFailure::NoForwardMove { stage })?;
    let lines = &input.cycle.scoring.pass_lines;
    match stage {
        Stage::Eligibility => confirmed_target(input.history).ok_or(GuardFailure::NotConfirmed),
        Stage::Achievement => {
            let required = input.cycle.experts_for(input.level) as usize;
            reviews_pass(input, ReviewStage::Achievement, required).map(|()| next)
        }
        Stage::Written => match input.written {
            None => Err(GuardFailure::WrittenMissing),
            Some(score) if score < lines.written => Err(GuardFailure::WrittenBelowLine {
                score,
                line: lines.written,
            }),
            Some(_) => Ok(next),
        },
        Stage::Defense => reviews_pass(input, ReviewStage::Defense, 1).map(|()| next),
        Stage::Notice => match input.notice {
            NoticeState::NotStarted => Err(GuardFailure::NoticeNotStarted),
            NoticeState::Running => Err(GuardFailure::NoticeRunning),
            NoticeState::Ended { upheld, .. } if upheld > 0 => {
                Err(GuardFailure::ComplaintsUpheld { upheld })
            }
            NoticeState::Ended { open, .. } if open > 0 => {
                Err(GuardFailure::ComplaintsOpen { open })
            }
            NoticeState::Ended { .. } => Ok(next),
        },
        _ => Err(GuardFailure::NoForwardMove { stage }),
    }
}

/// Where the latest eligibility approval (or override) sent the
/// application: the achievement review, or the notice for an exceptional
/// basis that goes straight there. `None` when the latest decision is not
/// an approval, or the application was sent back to eligibility after it.
fn confirmed_target(history: &History) -> Option<Stage> {
    let (position, entry) = history.entries.iter().enumerate().rev().find(|(_, e)| {
        matches!(
            e.action,
            HistoryAction::Approve | HistoryAction::Override | HistoryAction::Reject
        )
    })?;
    if entry.action == HistoryAction::Reject || entry.stage != Stage::Eligibility {
        return None;
    }
    let sent_back = history.entries[position + 1..]
        .iter()
        .any(|e| e.to == Some(Stage::Eligibility));
    (!sent_back).then_some(entry.to.unwrap_or(Stage::Achievement))
}

/// All assigned experts (at least `required`) submitted, and the aggregate
/// of their totals at or above the stage's pass line. Reviews by experts no
/// longer assigned do not count.
fn reviews_pass(
    input: &MoveInput<'_>,
    stage: ReviewStage,
    required: usize,
) -> Result<(), GuardFailure> {
    let mut assigned: Vec<&str> = input.assigned.iter().map(String::as_str).collect();
    assigned.sort_unstable();
    assigned.dedup();
    if assigned.len() < required.max(1) {
        return Err(GuardFailure::TooFewExperts {
            stage,
            assigned: assigned.len(),
            required: required.max(1),
        });
    }

    let totals: Vec<u32> = assigned
        .iter()
        .filter_map(|expert| {
            input
                .reviews
                .iter()
                .find(|r| r.stage == stage && r.expert == *expert && r.is_submitted())
                .map(Review::total)
        })
        .collect();
    if totals.len() < assigned.len() {
        return Err(GuardFailure::ReviewsMissing {
            stage,
            submitted: totals.len(),
            assigned: assigned.len(),
        });
    }

    let scoring = &input.cycle.scoring;
    let line = stage.pass_line(scoring);
    match aggregate(&totals, scoring) {
        Some(a) if a.reaches(line) => Ok(()),
        Some(a) => Err(GuardFailure::BelowPassLine {
            stage,
            aggregate: a.mean,
            line,
        }),
        None => Err(GuardFailure::ReviewsMissing {
            stage,
            submitted: 0,
            assigned: assigned.len(),
        }),
    }
}

/// A move back one stage, to be recorded with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendBack {
    pub from: Stage,
    pub to: Stage,
    pub reason: String,
}

/// Why an application cannot be sent back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendBackError {
    #[error("nothing comes before {}: an application at this stage cannot be sent back", .stage.code())]
    NoPreviousStage { stage: Stage },
    #[error(transparent)]
    Reason(#[from] DecisionError),
}

/// Sends an application back one stage, with a reason (required). An
/// application that went straight from eligibility to the notice (an
/// exceptional basis) goes back to eligibility.
pub fn send_back(
    level: Level,
    stage: Stage,
    history: &History,
    cycle: &Cycle,
    reason: &str,
) -> Result<SendBack, SendBackError> {
    let straight_to_notice = stage == Stage::Notice
        && history
            .last_decision()
            .is_some_and(|d| d.stage == Stage::Eligibility && d.to == Some(Stage::Notice));
    let to = if straight_to_notice {
        Stage::Eligibility
    } else {
        previous_stage(level, stage, cycle).ok_or(SendBackError::NoPreviousStage { stage })?
    };
    Ok(SendBack {
        from: stage,
        to,
        reason: clean_reason(reason)?,
    })
}

/// Why an application cannot be rejected after a review.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RejectError {
    #[error("an application at {} is not rejected by a reviewer: only the eligibility, achievement, written and defense stages end in a rejection", .stage.code())]
    NotAtReviewStage { stage: Stage },
    #[error(transparent)]
    Reason(#[from] DecisionError),
}

/// Checks a rejection at a scored stage (achievement, written, defense):
/// the application ends as `rejected`, remembering the stage, with the
/// reason (required). Eligibility rejections are eligibility decisions.
pub fn reject_after_review(stage: Stage, reason: &str) -> Result<String, RejectError> {
    if ReviewStage::of(stage).is_none() && stage != Stage::Written {
        return Err(RejectError::NotAtReviewStage { stage });
    }
    Ok(clean_reason(reason)?)
}
