//! Decisions people take on an application, and its history.
//!
//! The rules engine says what the machine finds; a decision is what a
//! reviewer does with it. This module checks that a decision is allowed
//! and says where it leads, without touching the store.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::application::Application;
use super::rules::{Evaluation, Verdict, next_stage_after_eligibility};
use super::stage::Stage;

/// The longest reason a reviewer may give.
pub const REASON_MAX_CHARS: usize = 2_000;

/// What a reviewer decides at the eligibility stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EligibilityDecision {
    /// Confirm an eligible verdict.
    Approve,
    /// Approve although the machine says fail or review; the reason is required.
    Override { reason: String },
    /// Refuse, with a reason; the application ends as rejected.
    Reject { reason: String },
}

/// The kind of a history entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryAction {
    Approve,
    Override,
    Reject,
    VerifyEvidence,
    RejectEvidence,
    ClearEvidence,
    /// A forward move whose guard held.
    Advance,
    /// A move back one stage, with a reason.
    SendBack,
    /// Cancelled by a complaint upheld during the notice; the finding is the reason.
    Cancel,
    /// Certified at the end of the notice, with the certificate's number.
    Certify,
    /// Certification revoked, with the reason.
    Revoke,
    /// A move taken back by whoever made it, in the same session.
    Undo,
}

impl HistoryAction {
    pub fn code(self) -> &'static str {
        match self {
            HistoryAction::Approve => "approve",
            HistoryAction::Override => "override",
            HistoryAction::Reject => "reject",
            HistoryAction::VerifyEvidence => "verify_evidence",
            HistoryAction::RejectEvidence => "reject_evidence",
            HistoryAction::ClearEvidence => "clear_evidence",
            HistoryAction::Advance => "advance",
            HistoryAction::SendBack => "send_back",
            HistoryAction::Cancel => "cancel",
            HistoryAction::Certify => "certify",
            HistoryAction::Revoke => "revoke",
            HistoryAction::Undo => "undo",
        }
    }
}

/// One thing that happened to an application: who, when, what and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub by: String,
    pub action: HistoryAction,
    /// Where the application stood when it happened.
    pub stage: Stage,
    /// Where it went, for moves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Stage>,
    /// The evidence item concerned, for verification marks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Everything decided about one application, kept beside it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    pub entries: Vec<HistoryEntry>,
    /// The stage a rejected application failed at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_from: Option<Stage>,
}

impl History {
    /// The reason given with the latest verification mark on an evidence item.
    pub fn evidence_reason(&self, evidence_id: &str) -> Option<&str> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.evidence.as_deref() == Some(evidence_id))
            .and_then(|e| e.reason.as_deref())
    }

    /// The latest decision that moved the application (approve, override, reject).
    pub fn last_decision(&self) -> Option<&HistoryEntry> {
        self.entries.iter().rev().find(|e| {
            matches!(
                e.action,
                HistoryAction::Approve | HistoryAction::Override | HistoryAction::Reject
            )
        })
    }
}

/// Why a decision cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("application {id} is at {stage}, not in the eligibility review", stage = .stage.code())]
    WrongStage { id: String, stage: Stage },
    #[error("application {id} is {verdict}: approve it only with an override and a reason", verdict = .verdict.code())]
    NotEligible { id: String, verdict: Verdict },
    #[error("application {id} is eligible: approve it, there is nothing to override")]
    NothingToOverride { id: String },
    #[error("a reason is required")]
    ReasonRequired,
    #[error("the reason is longer than {REASON_MAX_CHARS} characters")]
    ReasonTooLong,
    #[error("application {id} has no evidence item {evidence}")]
    NoSuchEvidence { id: String, evidence: String },
}

/// Checks a reason: trimmed, not empty, not too long.
pub fn clean_reason(reason: &str) -> Result<String, DecisionError> {
    let trimmed = reason.trim();
    if trimmed.is_empty() {
        Err(DecisionError::ReasonRequired)
    } else if trimmed.chars().count() > REASON_MAX_CHARS {
        Err(DecisionError::ReasonTooLong)
    } else {
        Ok(trimmed.to_owned())
    }
}

/// Where an eligibility decision leads, with the history entry to keep.
/// `evaluation` is the rules' verdict on `application` as it stands now.
pub fn decide_eligibility(
    application: &Application,
    evaluation: &Evaluation,
    decision: &EligibilityDecision,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(Stage, HistoryEntry), DecisionError> {
    if application.stage != Stage::Eligibility {
        return Err(DecisionError::WrongStage {
            id: application.id.clone(),
            stage: application.stage,
        });
    }
    let (action, to, reason) = match decision {
        EligibilityDecision::Approve => {
            if evaluation.verdict != Verdict::Eligible {
                let id = application.id.clone();
                return Err(DecisionError::NotEligible {
                    id,
                    verdict: evaluation.verdict,
                });
            }
            (
                HistoryAction::Approve,
                next_stage_after_eligibility(application, evaluation),
                None,
            )
        }
        EligibilityDecision::Override { reason } => {
            if evaluation.verdict == Verdict::Eligible {
                return Err(DecisionError::NothingToOverride {
                    id: application.id.clone(),
                });
            }
            let reason = clean_reason(reason)?;
            (
                HistoryAction::Override,
                next_stage_after_eligibility(application, evaluation),
                Some(reason),
            )
        }
        EligibilityDecision::Reject { reason } => (
            HistoryAction::Reject,
            Stage::Rejected,
            Some(clean_reason(reason)?),
        ),
    };
    let entry = HistoryEntry {
        at,
        by: by.to_owned(),
        action,
        stage: application.stage,
        to: Some(to),
        evidence: None,
        reason,
    };
    Ok((to, entry))
}

/// Sets or clears the verification mark of one evidence item. Rejecting
/// an item needs a reason; verifying or clearing takes an optional note.
pub fn mark_evidence(
    application: &mut Application,
    evidence_id: &str,
    verified: Option<bool>,
    reason: Option<&str>,
    by: &str,
    at: DateTime<Utc>,
) -> Result<HistoryEntry, DecisionError> {
    let reason = match (verified, reason.map(str::trim).filter(|r| !r.is_empty())) {
        (Some(false), None) => return Err(DecisionError::ReasonRequired),
        (_, Some(reason)) => Some(clean_reason(reason)?),
        (_, None) => None,
    };
    let stage = application.stage;
    let item = application
        .evidence
        .iter_mut()
        .find(|e| e.id == evidence_id)
        .ok_or_else(|| DecisionError::NoSuchEvidence {
            id: application.id.clone(),
            evidence: evidence_id.to_owned(),
        })?;
    item.verified = verified;
    let action = match verified {
        Some(true) => HistoryAction::VerifyEvidence,
        Some(false) => HistoryAction::RejectEvidence,
        None => HistoryAction::ClearEvidence,
    };
    Ok(HistoryEntry {
        at,
        by: by.to_owned(),
        action,
        stage,
        to: None,
        evidence: Some(evidence_id.to_owned()),
        reason,
    })
}
