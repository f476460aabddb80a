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

use super::{Permission, Result, Service, ServiceError, require};

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
        let mut application = self.application(actor, id)?.value;
        let from = application.stage;
        let to = self.forward_target(&application)?;

        let at = self.clock.now();
        let note = HistoryEntry {
            at,
            by: actor.name.clone(),
            action: HistoryAction::Advance,
            stage: from,
            to: Some(to),
            evidence: None,
            reason: None,
        };
        application.stage = to;
        let change = format!("{}>{}", from.code(), to.code());
        let draft = AuditDraft::new(&actor.name, "stage.advance", id, change.as_bytes());
        let (record, _) = self.store.save_application(
            &application,
            expected_revision,
            at,
            &draft,
            Some(&note),
        )?;
        tracing::info!(id, from = from.code(), to = to.code(), "advanced");
        Ok(record)
    }

    /// Moves each application forward at the revision it has now; the
    /// outcomes come back in the order given.
    pub fn advance_many(&self, actor: &User, ids: &[String]) -> Result<Vec<MoveOutcome>> {
        require(actor, Permission::MoveStage)?;
        let mut outcomes = Vec::with_capacity(ids.len());
        for id in ids {
            let result = self
                .application(actor, id)
                .and_then(|record| self.advance(actor, id, record.revision))
                .map(|record| record.value.stage);
            outcomes.push(MoveOutcome {
                id: id.clone(),
                result,
            });
        }
        Ok(outcomes)
    }

    /// Where the guard of the application's current stage lets it go, or
    /// the guard that refuses.
    pub fn forward_target(&self, application: &Application) -> Result<Stage> {
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
            notice: NoticeState::NotStarted,
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
        let mut application = self.application(actor, id)?.value;
        let history = self.store.history(id)?;
        let back = send_back(
            application.level,
            application.stage,
            &history,
            &self.cycle(),
            reason,
        )?;

        let at = self.clock.now();
        let note = HistoryEntry {
            at,
            by: actor.name.clone(),
            action: HistoryAction::SendBack,
            stage: back.from,
            to: Some(back.to),
            evidence: None,
            reason: Some(back.reason.clone()),
        };
        application.stage = back.to;
        let change = format!("{}>{}", back.from.code(), back.to.code());
        let draft = AuditDraft::new(&actor.name, "stage.send_back", id, change.as_bytes())
            .with_note(back.reason.as_str());
        let (record, _) = self.store.save_application(
            &application,
            expected_revision,
            at,
            &draft,
            Some(&note),
        )?;
        tracing::info!(
            id,
            from = back.from.code(),
            to = back.to.code(),
            "sent back"
        );
        Ok(record)
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
        let mut application = self.application(actor, id)?.value;
        let from = application.stage;
        let reason = reject_after_review(from, reason)?;

        let at = self.clock.now();
        let note = HistoryEntry {
            at,
            by: actor.name.clone(),
            action: HistoryAction::Reject,
            stage: from,
            to: Some(Stage::Rejected),
            evidence: None,
            reason: Some(reason.clone()),
        };
        application.stage = Stage::Rejected;
        let change = format!("{}>{}", from.code(), Stage::Rejected.code());
        let draft = AuditDraft::new(&actor.name, "stage.reject", id, change.as_bytes())
            .with_note(reason.as_str());
        let (record, _) = self.store.save_application(
            &application,
            expected_revision,
            at,
            &draft,
            Some(&note),
        )?;
        tracing::info!(id, from = from.code(), "rejected after review");
        Ok(record)
    }
}
