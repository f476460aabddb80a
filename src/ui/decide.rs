//! Eligibility decisions and verification marks, from the queue's selected
//! row or the open application, always through the service: approve (`a`),
//! override with a reason (`o`), reject with a reason and a confirmation
//! (`r`), and mark the selected evidence item verified, rejected or
//! cleared (`v`, `x`, `c`).
//!
//! After a decision the application leaves the eligibility tab and the row
//! after it takes its place, so deciding and moving on is one key; on the
//! application screen the next application opens. A refusal becomes the
//! message and the log line, and a reason typed is kept for another try.

use crate::domain::decision::{DecisionError, EligibilityDecision, REASON_MAX_CHARS};
use crate::domain::{Application, Stage, Summary, Verdict};
use crate::service::{Permission, ServiceError, require};
use crate::store::{Record, StoreError};

use super::app::{App, Message, Screen};
use super::catalog::fill;
use super::dialog::Confirm;
use super::keymap::Action;
use super::prompt::{Prompt, PromptKind, ReasonFor};
use super::text::clean;

/// The application a decision concerns.
pub(super) struct Target {
    pub id: String,
    pub name: String,
    pub stage: Stage,
}

impl App {
    /// The open application, else the queue's selected row.
    pub(super) fn target(&self) -> Option<Target> {
        match &self.screen {
            Screen::Application(view) => Some(Target {
                id: view.record.value.id.clone(),
                name: view.record.value.name.clone(),
                stage: view.record.value.stage,
            }),
            Screen::Queue => self.queue.selected().map(|s| Target {
                id: s.id.clone(),
                name: s.name.clone(),
                stage: s.stage,
            }),
        }
    }

    /// The revision the screen shows of an application: the one a save names.
    pub(super) fn shown_revision(&self, id: &str) -> Option<u64> {
        if let Screen::Application(view) = &self.screen
            && view.record.value.id == id
        {
            return Some(view.record.revision);
        }
        self.queue.get(id).map(|s| s.revision)
    }

    fn shown_verdict(&self, id: &str) -> Option<Verdict> {
        if let Screen::Application(view) = &self.screen
            && view.record.value.id == id
        {
            return Some(view.evaluation.verdict);
        }
        self.queue.get(id).map(|s| s.verdict)
    }

    pub(super) fn approve(&mut self) {
        if !self.marks.is_empty() {
            self.confirm_advance_marked();
            return;
        }
        match self.target() {
            Some(target) if target.stage == Stage::Eligibility => {
                self.decide(&target.id, &EligibilityDecision::Approve);
            }
            Some(target) => {
                self.advance_one(&target.id);
            }
            None => {}
        }
    }

    /// `o` and `r`: the reason first. A user who may not decide is told at
    /// once rather than after typing (the service's own check).
    pub(super) fn start_decision_reason(&mut self, reject: bool) {
        let Some(target) = self.target() else {
            return;
        };
        if reject && super::moves::rejects_at_stage(target.stage) {
            self.start_stage_reject(&target);
            return;
        }
        if let Err(e) = require(&self.user, Permission::ReviewEligibility) {
            self.refused(&e);
            return;
        }
        // What the service would refuse anyway, said before the typing.
        if target.stage != Stage::Eligibility {
            let (id, stage) = (target.id, target.stage);
            self.refused(&ServiceError::Decision(DecisionError::WrongStage {
                id,
                stage,
            }));
            return;
        }
        if !reject && self.shown_verdict(&target.id) == Some(Verdict::Eligible) {
            let id = target.id;
            self.refused(&ServiceError::Decision(DecisionError::NothingToOverride {
                id,
            }));
            return;
        }
        let purpose = if reject {
            ReasonFor::Reject { id: target.id }
        } else {
            ReasonFor::Override { id: target.id }
        };
        self.ask_reason(purpose, "");
    }

    pub(super) fn start_reject_evidence(&mut self) {
        let Some((id, evidence)) = self.selected_evidence_ids() else {
            self.notice(self.catalog().no_evidence_items, true);
            return;
        };
        if let Err(e) = require(&self.user, Permission::ReviewEligibility) {
            self.refused(&e);
            return;
        }
        self.ask_reason(ReasonFor::RejectEvidence { id, evidence }, "");
    }

    pub(super) fn mark_selected_evidence(&mut self, verified: Option<bool>) {
        match self.selected_evidence_ids() {
            Some((id, evidence)) => {
                self.mark(&id, &evidence, verified, None);
            }
            None => self.notice(self.catalog().no_evidence_items, true),
        }
    }

    fn selected_evidence_ids(&self) -> Option<(String, String)> {
        match &self.screen {
            Screen::Application(view) => view
                .selected_evidence()
                .map(|e| (view.record.value.id.clone(), e.id.clone())),
            Screen::Queue => None,
        }
    }

    pub(super) fn ask_reason(&mut self, purpose: ReasonFor, text: &str) {
        self.prompt = Some(Prompt::new(PromptKind::Reason(purpose), text));
        self.dirty = true;
    }

    /// Enter on a reason: decide, or mark, or (to reject) ask to confirm.
    /// Whatever fails keeps the reason in the prompt.
    pub(super) fn submit_reason(&mut self, purpose: ReasonFor, reason: &str) {
        let done = match &purpose {
            ReasonFor::Override { id } => {
                let decision = EligibilityDecision::Override {
                    reason: reason.to_owned(),
                };
                self.decide(id, &decision)
            }
            ReasonFor::Reject { .. } | ReasonFor::RejectAtStage { .. }
                if reason.trim().is_empty() =>
            {
                let refusal = ServiceError::Decision(DecisionError::ReasonRequired);
                self.refused(&refusal);
                false
            }
            ReasonFor::Reject { id } => {
                let name = self.target().map(|t| t.name).unwrap_or_default();
                self.confirm = Some(Confirm::reject(id, &name, reason.trim()));
                true
            }
            ReasonFor::RejectEvidence { id, evidence } => {
                self.mark(id, evidence, Some(false), Some(reason))
            }
            ReasonFor::SendBack { id } => self.send_back(id, reason),
            ReasonFor::RejectAtStage { id } => {
                let name = self.target().map(|t| t.name).unwrap_or_default();
                let mut confirm = Confirm::reject(id, &name, reason.trim());
                confirm.purpose = super::dialog::Purpose::RejectAtStage;
                self.confirm = Some(confirm);
                true
            }
            ReasonFor::WrittenScore { id } => self.enter_written(id, reason),
            ReasonFor::Member { name, field } => self.submit_member(name, *field, reason),
            ReasonFor::Complaint { id, received } => self.record_complaint(id, *received, reason),
            ReasonFor::Finding {
                complaint, upheld, ..
            } => self.resolve_complaint(*complaint, *upheld, reason),
            ReasonFor::AuditFilter => self.submit_audit_filter(reason),
        };
        if !done {
            self.ask_reason(purpose, reason);
        }
        self.dirty = true;
    }

    /// The confirmation dialog: Cancel is chosen first; `y` confirms.
    pub(super) fn update_confirm(&mut self, action: Action) {
        let Some(confirm) = &mut self.confirm else {
            return;
        };
        let confirmed = match action {
            Action::ChooseButton => {
                confirm.reject_chosen = !confirm.reject_chosen;
                self.dirty = true;
                return;
            }
            Action::PressButton => confirm.reject_chosen,
            Action::ConfirmDialog => true,
            Action::CancelDialog => false,
            Action::RedrawScreen => {
                self.full_redraw = true;
                self.dirty = true;
                return;
            }
            _ => return,
        };
        let Some(confirm) = self.confirm.take() else {
            return;
        };
        self.dirty = true;
        if confirm.purpose == super::dialog::Purpose::SubmitReview {
            if confirmed {
                self.submit_score();
            } else {
                self.notice(self.catalog().cancelled, false);
            }
            return;
        }
        if confirm.purpose == super::dialog::Purpose::Export {
            if confirmed {
                self.export_confirmed();
            } else {
                self.pending_export = None;
                self.notice(self.catalog().cancelled, false);
            }
            return;
        }
        if confirm.purpose == super::dialog::Purpose::ConcludeNotice {
            if confirmed {
                self.conclude_notice();
            } else {
                self.notice(self.catalog().cancelled, false);
            }
            return;
        }
        if confirm.purpose == super::dialog::Purpose::AdvanceMarked {
            if confirmed {
                self.advance_marked();
            } else {
                self.notice(self.catalog().cancelled, false);
            }
            return;
        }
        if !confirmed {
            tracing::debug!(id = %confirm.id, "rejection cancelled");
            self.notice(self.catalog().cancelled, false);
            return;
        }
        if confirm.purpose == super::dialog::Purpose::RejectAtStage {
            if !self.reject_at_stage(&confirm.id, &confirm.reason) {
                let purpose = ReasonFor::RejectAtStage { id: confirm.id };
                self.ask_reason(purpose, &confirm.reason);
            }
            return;
        }
        let decision = EligibilityDecision::Reject {
            reason: confirm.reason.clone(),
        };
        if !self.decide(&confirm.id, &decision) {
            let purpose = ReasonFor::Reject { id: confirm.id };
            self.ask_reason(purpose, &confirm.reason);
        }
    }

    /// One decision through the service; true when it was saved.
    fn decide(&mut self, id: &str, decision: &EligibilityDecision) -> bool {
        let Some(revision) = self.shown_revision(id) else {
            return false;
        };
        let place = self.queue.find(id);
        match self
            .service
            .decide_eligibility(&self.user, id, decision, revision)
        {
            Ok(record) => {
                let c = self.catalog();
                let template = match decision {
                    EligibilityDecision::Approve => c.done_approve,
                    EligibilityDecision::Override { .. } => c.done_override,
                    EligibilityDecision::Reject { .. } => c.done_reject,
                };
                let text = fill(
                    template,
                    &[("id", &clean(id)), ("stage", c.stage(record.value.stage))],
                );
                self.moved_on(&record, place, Stage::Eligibility, &text);
                true
            }
            Err(e) => {
                self.refused(&e);
                false
            }
        }
    }

    /// After a saved decision or move: the record taken into the queue, the
    /// application now in its place opened if it stands at `stage` (the
    /// one it left), and `text` said, with "queue done" when none is left.
    pub(super) fn moved_on(
        &mut self,
        record: &Record<Application>,
        place: Option<(usize, usize)>,
        stage: Stage,
        text: &str,
    ) {
        self.take_record(record);
        if self.next_at_stage(place, stage) {
            self.notice(text, false);
        } else {
            let c = self.catalog();
            let done = format!("{text}{}{}", c.comma, c.queue_done);
            self.notice(&done, false);
        }
    }

    /// After a move, the application now in the moved one's place opens,
    /// if it stands at `stage`; false when none does and the queue shows.
    pub(super) fn next_at_stage(&mut self, place: Option<(usize, usize)>, stage: Stage) -> bool {
        if let Some((tab, row)) = place {
            self.queue.select_tab(tab);
            self.queue.move_to(row);
        }
        self.after_tab_change();
        if let Screen::Application(_) = self.screen {
            let next = self
                .queue
                .selected()
                .filter(|s| s.stage == stage)
                .map(|s| s.id.clone());
            if let Some(next) = next {
                self.open_application(&next);
            } else {
                self.screen = Screen::Queue;
                return false;
            }
        }
        true
    }

    /// One verification mark through the service; true when it was saved.
    fn mark(
        &mut self,
        id: &str,
        evidence: &str,
        verified: Option<bool>,
        reason: Option<&str>,
    ) -> bool {
        let Some(revision) = self.shown_revision(id) else {
            return false;
        };
        let saved = self
            .service
            .mark_evidence(&self.user, id, evidence, verified, reason, revision);
        match saved {
            Ok(record) => {
                let history = self.service.history(&self.user, id).unwrap_or_default();
                let evaluation = self.service.evaluate(&record.value);
                let verdict = evaluation.verdict;
                self.take_record(&record);
                if let Screen::Application(view) = &mut self.screen {
                    view.refresh(record, evaluation, history);
                }
                self.fit_application_scroll();
                self.reveal_selection();
                let c = self.catalog();
                let template = match verified {
                    Some(true) => c.done_verify,
                    Some(false) => c.done_reject_evidence,
                    None => c.done_clear,
                };
                let text = fill(
                    template,
                    &[
                        ("evidence", &clean(evidence)),
                        ("verdict", c.verdict_name(verdict)),
                    ],
                );
                self.notice(&text, false);
                true
            }
            Err(e) => {
                self.refused(&e);
                false
            }
        }
    }

    /// The queue takes a saved record's new summary, and the detail pane
    /// its new evaluation.
    pub(super) fn take_record(&mut self, record: &Record<Application>) {
        let summary = Summary::of(&record.value, record.revision, &self.service.cycle());
        self.score_cells.remove(&record.value.id);
        self.queue.replace(summary);
        if self
            .detail_evaluation
            .as_ref()
            .is_some_and(|(id, _)| *id == record.value.id)
        {
            self.detail_evaluation = None;
        }
        self.set_detail(self.detail);
        self.dirty = true;
    }

    pub(super) fn notice(&mut self, text: &str, is_error: bool) {
        self.message = Some(Message {
            text: text.to_owned(),
            is_error,
        });
        self.dirty = true;
    }

    /// A refusal in the UI's words, logged; a stale revision reloads what
    /// is shown, so another try names the fresh one.
    pub(super) fn refused(&mut self, error: &ServiceError) {
        tracing::warn!(user = %self.user.name, "refused: {error}");
        let c = self.catalog();
        let text = match error {
            ServiceError::Store(StoreError::Stale {
                id,
                found,
                saved_by,
                ..
            }) => fill(
                c.refused_stale,
                &[
                    ("id", &clean(id)),
                    ("who", &clean(saved_by)),
                    ("revision", &found.to_string()),
                ],
            ),
            ServiceError::Forbidden { role, .. } => {
                fill(c.refused_forbidden, &[("role", c.user_role(*role))])
            }
            ServiceError::Decision(decision) => self.decision_refusal(decision),
            ServiceError::Guard { id, failure } => fill(
                c.refused_guard,
                &[("id", &clean(id)), ("guard", &self.guard_text(failure))],
            ),
            ServiceError::SendBack(crate::domain::moves::SendBackError::Reason(decision))
            | ServiceError::Reject(crate::domain::moves::RejectError::Reason(decision)) => {
                self.decision_refusal(decision)
            }
            ServiceError::NotFound(id) => format!("{} {}", c.not_found, clean(id)),
            other => format!("{}: {}", c.error, clean(&other.to_string())),
        };
        if matches!(error, ServiceError::Store(StoreError::Stale { .. })) {
            self.reload();
        }
        self.notice(&text, true);
    }

    fn decision_refusal(&self, error: &DecisionError) -> String {
        let c = self.catalog();
        match error {
            DecisionError::ReasonRequired => c.refused_reason_required.to_owned(),
            DecisionError::ReasonTooLong => fill(
                c.refused_reason_too_long,
                &[("max", &REASON_MAX_CHARS.to_string())],
            ),
            DecisionError::WrongStage { id, stage } => fill(
                c.refused_wrong_stage,
                &[("id", &clean(id)), ("stage", c.stage(*stage))],
            ),
            DecisionError::NotEligible { id, verdict } => fill(
                c.refused_not_eligible,
                &[("id", &clean(id)), ("verdict", c.verdict_name(*verdict))],
            ),
            DecisionError::NothingToOverride { id } => {
                fill(c.refused_nothing_to_override, &[("id", &clean(id))])
            }
            DecisionError::NoSuchEvidence { id, evidence } => fill(
                c.refused_no_evidence,
                &[("id", &clean(id)), ("evidence", &clean(evidence))],
            ),
        }
    }
}
