//! Stage moves by the secretariat: forward when the stage's guard holds,
//! back one stage with a reason, and a rejection after a scored stage.
//! Each is one save of the application with its history entry and audit
//! entry; a bulk move is one such save per application, each with its own
//! outcome, so a refused guard on one leaves the others moved.

use crate::domain::decision::{HistoryAction, HistoryEntry};
use crate::domain::moves::{MoveInput, NoticeState, check_forward, reject_after_review, send_back};
use crate::domain::scoring::{Review, ReviewStage};
use crate::domain::{Application, Stage, User};
use crate::store::{AuditDraft, Record};

use super::{Permission, Result, Service, ServiceError, require, with_reason};

/// What happened to one application of a bulk move.
#[derive(Debug)]
pub struct MoveOutcome {
    pub id: String,
    pub result: Result<Stage>,
}

impl MoveOutcome {
    pub fn moved(&self) -> bool {
        self.result.is_ok()
    }
}

impl Service {
    /// Moves an application to its next stage if the guard of its current
    /// stage holds; a refused move names the guard and its numbers.
    pub fn advance(
        &self,
        actor: &User,
        id: &str,
        expected_revision: u64,
    ) -> Result<Record<Application>> {
        require(actor, Permission::MoveStage)?;
        let application = self.application(actor, id)?.value;
        self.advance_from(actor, application, expected_revision)
    }

    /// Moves each application forward at the revision it has now; the
    /// outcomes come back in the order given.
    pub fn advance_many(&self, actor: &User, ids: &[String]) -> Result<Vec<MoveOutcome>> {
        require(actor, Permission::MoveStage)?;
        let mut outcomes = Vec::with_capacity(ids.len());
        for id in ids {
            let result = self
                .application(actor, id)
                .and_then(|record| self.advance_from(actor, record.value, record.revision))
                .map(|record| record.value.stage);
            outcomes.push(MoveOutcome {
                id: id.clone(),
                result,
            });
        }
        Ok(outcomes)
    }

    fn advance_from(
        &self,
        actor: &User,
        application: Application,
        expected_revision: u64,
    ) -> Result<Record<Application>> {
        let to = self.forward_target(&application)?;
        if to == Stage::Certified {
            // The one way to `certified`: with a certificate.
            return self
                .certify(actor, application, expected_revision)
                .map(|(record, _)| record);
        }
        let step = Step {
            to,
            action: HistoryAction::Advance,
            audit: "stage.advance",
            reason: None,
        };
        self.move_stage(actor, application, step, expected_revision)
    }

    /// Where the guard of the application's current stage lets it go, or
    /// the guard that refuses.
    pub fn forward_target(&self, application: &Application) -> Result<Stage> {
        // Only the notice stage's guard reads where the notice stands.
        let notice = if application.stage == Stage::Notice {
            self.notice_state(&application.id)?
        } else {
            NoticeState::NotStarted
        };
        self.forward_target_with(application, notice)
    }

    /// [`Service::forward_target`] with the notice's state already known.
    pub(super) fn forward_target_with(
        &self,
        application: &Application,
        notice: NoticeState,
    ) -> Result<Stage> {
        let cycle = self.cycle();
        let id = application.id.as_str();
        let history = self.store.history(id)?;
        let assigned = self.store.assignments_of(id)?;
        let reviews: Vec<Review> = match ReviewStage::of(application.stage) {
            Some(stage) => self
                .store
                .reviews(id, stage)?
                .into_iter()
                .map(|r| r.value)
                .collect(),
            None => Vec::new(),
        };
        let written = self.store.written(id)?.map(|r| r.value.score);
        let input = MoveInput {
            cycle: &cycle,
            level: application.level,
            stage: application.stage,
            history: &history,
            assigned: &assigned,
            reviews: &reviews,
            written,
            notice,
        };
        check_forward(&input).map_err(|failure| ServiceError::Guard {
            id: id.to_owned(),
            failure,
        })
    }

    /// Sends an application back one stage, with a reason.
    pub fn send_back(
        &self,
        actor: &User,
        id: &str,
        reason: &str,
        expected_revision: u64,
    ) -> Result<Record<Application>> {
        require(actor, Permission::MoveStage)?;
        let application = self.application(actor, id)?.value;
        let history = self.store.history(id)?;
        let back = send_back(
            application.level,
            application.stage,
            &history,
            &self.cycle(),
            reason,
        )?;
        let step = Step {
            to: back.to,
            action: HistoryAction::SendBack,
            audit: "stage.send_back",
            reason: Some(back.reason),
        };
        self.move_stage(actor, application, step, expected_revision)
    }

    /// Ends an application at a scored stage (achievement, written or
    /// defense) as `rejected`, remembering the stage, with a reason.
    pub fn reject_at_stage(
        &self,
        actor: &User,
        id: &str,
        reason: &str,
        expected_revision: u64,
    ) -> Result<Record<Application>> {
        require(actor, Permission::MoveStage)?;
        let application = self.application(actor, id)?.value;
        let reason = reject_after_review(application.stage, reason)?;
        let step = Step {
            to: Stage::Rejected,
            action: HistoryAction::Reject,
            audit: "stage.reject",
            reason: Some(reason),
        };
        self.move_stage(actor, application, step, expected_revision)
    }

    /// Takes back a move from `from` to `to`: the application returns to
    /// `from` if it still stands at `to`, audited as `stage.undo`.
    pub fn undo_move(
        &self,
        actor: &User,
        id: &str,
        from: Stage,
        to: Stage,
        expected_revision: u64,
    ) -> Result<Record<Application>> {
        require(actor, Permission::MoveStage)?;
        let application = self.application(actor, id)?.value;
        if application.stage != to {
            return Err(ServiceError::MovedSince {
                id: id.to_owned(),
                expected: to.code(),
                found: application.stage.code(),
            });
        }
        // A certificate, once issued, stays: its number is never reused.
        if let Some(certificate) = self.store.certificate(id)? {
            return Err(crate::domain::notice::NoticeError::CertificateIssued {
                application: id.to_owned(),
                number: certificate.value.number,
            }
            .into());
        }
        let step = Step {
            to: from,
            action: HistoryAction::Undo,
            audit: "stage.undo",
            reason: None,
        };
        self.move_stage(actor, application, step, expected_revision)
    }

    /// One move: the application saved at its new stage with the history
    /// entry and the audit entry (`from>to`, the reason as its note).
    fn move_stage(
        &self,
        actor: &User,
        mut application: Application,
        step: Step,
        expected_revision: u64,
    ) -> Result<Record<Application>> {
        let at = self.clock.now();
        let from = application.stage;
        let note = HistoryEntry {
            at,
            by: actor.name.clone(),
            action: step.action,
            stage: from,
            to: Some(step.to),
            evidence: None,
            reason: step.reason,
        };
        application.stage = step.to;
        let change = format!("{}>{}", from.code(), step.to.code());
        let draft = AuditDraft::new(&actor.name, step.audit, &application.id, change.as_bytes());
        let draft = with_reason(draft, note.reason.as_deref());
        let (record, _) = self.store.save_application(
            &application,
            expected_revision,
            at,
            &draft,
            Some(&note),
        )?;
        tracing::info!(
            id = %application.id,
            from = from.code(),
            to = step.to.code(),
            action = step.audit,
            "stage move"
        );
        Ok(record)
    }
}

/// Where a move goes and how it is recorded.
struct Step {
    to: Stage,
    action: HistoryAction,
    /// The audit log's verb.
    audit: &'static str,
    reason: Option<String>,
}
