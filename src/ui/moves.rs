//! Stage moves after the eligibility review, from the queue's selected row,
//! the open application or the marked rows, always through the service:
//! forward (`a`, the marked ones after a confirmation), back one stage with
//! a reason (`b`), rejected at a scored stage with a reason and a
//! confirmation (`r`), and the written score typed in (`w`). `Space` marks
//! a row and moves down; `Esc` clears the marks.

use crate::domain::Stage;
use crate::domain::moves::GuardFailure;
use crate::domain::scoring::{ReviewStage, parse_written_score};
use crate::service::{Permission, ServiceError, require};

use super::app::{App, Screen};
use super::catalog::fill;
use super::decide::Target;
use super::dialog::Confirm;
use super::prompt::ReasonFor;
use super::text::clean;
use super::undo::Moved;

/// Ids a bulk confirmation names before "…".
const NAMED: usize = 3;

/// The stages whose applications a reviewer may reject after scoring.
pub fn rejects_at_stage(stage: Stage) -> bool {
    matches!(stage, Stage::Achievement | Stage::Written | Stage::Defense)
}

/// The stages an application moves on from by `a` without a decision.
pub fn advances_from(stage: Stage) -> bool {
    matches!(
        stage,
        Stage::Achievement | Stage::Written | Stage::Defense | Stage::Notice
    )
}

impl App {
    /// One application forward; true when it moved.
    pub(super) fn advance_one(&mut self, id: &str) -> bool {
        let Some(revision) = self.shown_revision(id) else {
            return false;
        };
        let place = self.queue.find(id);
        let from = self.queue.get(id).map(|s| s.stage);
        match self.service.advance(&self.user, id, revision) {
            Ok(record) => {
                let c = self.catalog();
                let text = fill(
                    c.done_advance,
                    &[("id", &clean(id)), ("stage", c.stage(record.value.stage))],
                );
                self.marks.remove(id);
                let stage = from.unwrap_or(record.value.stage);
                self.remember_moves(vec![Moved {
                    id: id.to_owned(),
                    from: stage,
                    to: record.value.stage,
                }]);
                self.moved_on(&record, place, stage, &text);
                true
            }
            Err(e) => {
                self.refused(&e);
                false
            }
        }
    }

    /// `a` with marks: asks first, naming how many and the first few.
    pub(super) fn confirm_advance_marked(&mut self) {
        if let Err(e) = require(&self.user, Permission::MoveStage) {
            self.refused(&e);
            return;
        }
        let named: Vec<&str> = self.marks.iter().take(NAMED).map(String::as_str).collect();
        let mut ids = named.join(self.catalog().comma);
        if self.marks.len() > NAMED {
            ids.push_str(" ...");
        }
        self.confirm = Some(Confirm::advance_marked(self.marks.len(), &ids));
        self.dirty = true;
    }

    /// After the confirmation: every marked application forward; those
    /// held back stay marked, and the first refusal is named.
    pub(super) fn advance_marked(&mut self) {
        let ids: Vec<String> = self.marks.iter().cloned().collect();
        let outcomes = match self.service.advance_many(&self.user, &ids) {
            Ok(outcomes) => outcomes,
            Err(e) => {
                self.refused(&e);
                return;
            }
        };
        let mut held = Vec::new();
        let mut moved_ids = Vec::new();
        for outcome in &outcomes {
            match &outcome.result {
                Ok(to) => {
                    self.marks.remove(&outcome.id);
                    if let Some(from) = self.queue.get(&outcome.id).map(|s| s.stage) {
                        moved_ids.push(Moved {
                            id: outcome.id.clone(),
                            from,
                            to: *to,
                        });
                    }
                }
                Err(e) => held.push((outcome.id.clone(), self.refusal_text(e))),
            }
        }
        let moved = outcomes.len() - held.len();
        self.remember_moves(moved_ids);
        tracing::info!(moved, held = held.len(), "bulk advance");
        self.reload();
        let c = self.catalog();
        let mut text = fill(
            c.done_bulk,
            &[
                ("moved", &moved.to_string()),
                ("held", &held.len().to_string()),
            ],
        );
        if let Some((_, why)) = held.first() {
            text = format!("{text}{}{why}", c.colon);
        }
        self.notice(&text, !held.is_empty());
    }

    /// `r` at a scored stage: the reason, then the confirmation.
    pub(super) fn start_stage_reject(&mut self, target: &Target) {
        if let Err(e) = require(&self.user, Permission::MoveStage) {
            self.refused(&e);
            return;
        }
        let purpose = ReasonFor::RejectAtStage {
            id: target.id.clone(),
        };
        self.ask_reason(purpose, "");
    }

    pub(super) fn reject_at_stage(&mut self, id: &str, reason: &str) -> bool {
        let Some(revision) = self.shown_revision(id) else {
            return false;
        };
        let place = self.queue.find(id);
        let from = self.queue.get(id).map(|s| s.stage);
        match self
            .service
            .reject_at_stage(&self.user, id, reason, revision)
        {
            Ok(record) => {
                let c = self.catalog();
                let text = fill(
                    c.done_reject,
                    &[("id", &clean(id)), ("stage", c.stage(record.value.stage))],
                );
                self.marks.remove(id);
                if let Some(from) = from {
                    self.remember_moves(vec![Moved {
                        id: id.to_owned(),
                        from,
                        to: record.value.stage,
                    }]);
                }
                self.take_record(&record);
                self.next_at_stage(place, from.unwrap_or(Stage::Achievement));
                self.notice(&text, false);
                true
            }
            Err(e) => {
                self.refused(&e);
                false
            }
        }
    }

    /// `b`: the reason first; the service says whether a stage comes before.
    pub(super) fn start_send_back(&mut self) {
        let Some(target) = self.target() else {
            return;
        };
        if let Err(e) = require(&self.user, Permission::MoveStage) {
            self.refused(&e);
            return;
        }
        self.ask_reason(ReasonFor::SendBack { id: target.id }, "");
    }

    pub(super) fn send_back(&mut self, id: &str, reason: &str) -> bool {
        let Some(revision) = self.shown_revision(id) else {
            return false;
        };
        let from = self.queue.get(id).map(|s| s.stage);
        match self.service.send_back(&self.user, id, reason, revision) {
            Ok(record) => {
                if let Some(from) = from {
                    self.remember_moves(vec![Moved {
                        id: id.to_owned(),
                        from,
                        to: record.value.stage,
                    }]);
                }
                let c = self.catalog();
                let text = fill(
                    c.done_send_back,
                    &[("id", &clean(id)), ("stage", c.stage(record.value.stage))],
                );
                self.marks.remove(id);
                self.take_record(&record);
                if let Screen::Application(_) = self.screen {
                    self.open_application(id);
                }
                self.after_tab_change();
                self.notice(&text, false);
                true
            }
            Err(e) => {
                self.refused(&e);
                false
            }
        }
    }

    /// `w` at the written exam: the score, typed in the prompt.
    pub(super) fn start_written(&mut self) {
        let Some(target) = self.target() else {
            return;
        };
        if let Err(e) = require(&self.user, Permission::EnterWrittenScores) {
            self.refused(&e);
            return;
        }
        if target.stage != Stage::Written {
            let text = fill(
                self.catalog().refused_not_written,
                &[("id", &clean(&target.id))],
            );
            self.notice(&text, true);
            return;
        }
        let current = self
            .service
            .written_score(&self.user, &target.id)
            .ok()
            .flatten()
            .map(|s| s.to_string())
            .unwrap_or_default();
        self.ask_reason(ReasonFor::WrittenScore { id: target.id }, &current);
    }

    pub(super) fn enter_written(&mut self, id: &str, text: &str) -> bool {
        let Ok(score) = parse_written_score(text) else {
            self.notice(self.catalog().refused_written_score, true);
            return false;
        };
        match self.service.set_written_score(&self.user, id, score) {
            Ok(()) => {
                self.score_cells.remove(id);
                self.fit_queue_scroll();
                let message = fill(
                    self.catalog().done_written,
                    &[("id", &clean(id)), ("score", &score.to_string())],
                );
                self.notice(&message, false);
                true
            }
            Err(e) => {
                self.refused(&e);
                false
            }
        }
    }

    /// `Space`: marks or unmarks the selected row and moves down.
    pub(super) fn toggle_mark(&mut self) -> bool {
        let Some((id, stage)) = self.queue.selected().map(|s| (s.id.clone(), s.stage)) else {
            return false;
        };
        // Marks serve the moves after eligibility; decisions go one by one.
        if !advances_from(stage) {
            return false;
        }
        if let Err(e) = require(&self.user, Permission::MoveStage) {
            self.refused(&e);
            return false;
        }
        self.remember_marks();
        if !self.marks.remove(&id) {
            self.marks.insert(id);
        }
        self.dirty = true;
        self.queue.move_by(1);
        true
    }

    /// `Esc` in the queue: true when there were marks to clear.
    pub(super) fn clear_marks(&mut self) -> bool {
        if self.marks.is_empty() {
            return false;
        }
        self.remember_marks();
        self.range = None;
        self.marks.clear();
        self.notice(self.catalog().marks_cleared, false);
        true
    }

    /// A refusal in the UI's words, without showing it.
    pub(super) fn refusal_text(&self, error: &ServiceError) -> String {
        let c = self.catalog();
        match error {
            ServiceError::Guard { id, failure } => fill(
                c.refused_guard,
                &[("id", &clean(id)), ("guard", &self.guard_text(failure))],
            ),
            other => clean(&other.to_string()).into_owned(),
        }
    }

    /// A refused guard in the UI's words, with its numbers.
    pub(super) fn guard_text(&self, failure: &GuardFailure) -> String {
        let c = self.catalog();
        let review = |stage: &ReviewStage| c.stage(stage.stage());
        match failure {
            GuardFailure::NotConfirmed => c.guard_not_confirmed.to_owned(),
            GuardFailure::TooFewExperts {
                stage,
                assigned,
                required,
            } => fill(
                c.guard_too_few_experts,
                &[
                    ("stage", review(stage)),
                    ("assigned", &assigned.to_string()),
                    ("required", &required.to_string()),
                ],
            ),
            GuardFailure::ReviewsMissing {
                stage,
                submitted,
                assigned,
            } => fill(
                c.guard_reviews_missing,
                &[
                    ("stage", review(stage)),
                    ("submitted", &submitted.to_string()),
                    ("assigned", &assigned.to_string()),
                ],
            ),
            GuardFailure::BelowPassLine {
                stage,
                aggregate,
                line,
            } => fill(
                c.guard_below_pass_line,
                &[
                    ("stage", review(stage)),
                    ("score", &aggregate.shown_against(*line)),
                    ("line", &line.to_string()),
                ],
            ),
            GuardFailure::WrittenMissing => c.guard_written_missing.to_owned(),
            GuardFailure::WrittenBelowLine { score, line } => fill(
                c.guard_written_below,
                &[("score", &score.to_string()), ("line", &line.to_string())],
            ),
            GuardFailure::NoticeNotStarted => c.guard_notice_not_started.to_owned(),
            GuardFailure::NoticeRunning => c.guard_notice_running.to_owned(),
            GuardFailure::ComplaintsOpen { open } => {
                fill(c.guard_complaints_open, &[("count", &open.to_string())])
            }
            GuardFailure::ComplaintsUpheld { upheld } => {
                fill(c.guard_complaints_upheld, &[("count", &upheld.to_string())])
            }
            GuardFailure::NoForwardMove { stage } => {
                fill(c.guard_no_forward_move, &[("stage", c.stage(*stage))])
            }
        }
    }
}

impl App {
    /// The applications a command acts on: the marked ones, else the open
    /// or selected one.
    fn command_targets(&self) -> Vec<String> {
        if !self.marks.is_empty() {
            return self.marks.iter().cloned().collect();
        }
        self.target().map(|t| vec![t.id]).unwrap_or_default()
    }

    /// `:assign NAME` and `:unassign NAME`; stops at the first refusal,
    /// saying how many were done before it.
    pub(super) fn assign_targets(&mut self, expert: &str, assign: bool) {
        let targets = self.command_targets();
        let mut done = 0usize;
        for id in &targets {
            let result = if assign {
                self.service.assign(&self.user, id, expert)
            } else {
                self.service.unassign(&self.user, id, expert)
            };
            if let Err(e) = result {
                self.reload();
                self.refused(&e);
                return;
            }
            done += 1;
            self.score_cells.remove(id);
        }
        self.fit_queue_scroll();
        let c = self.catalog();
        let template = if assign {
            c.done_assign
        } else {
            c.done_unassign
        };
        let text = fill(
            template,
            &[("name", &clean(expert)), ("count", &done.to_string())],
        );
        self.notice(&text, false);
    }

    /// `:auto [CAP]` on the achievement or defense tab: the plan's count,
    /// and the first application left short with why.
    pub(super) fn assign_automatically(&mut self, cap: Option<u32>) {
        let stage = match self.queue.tab() {
            1 => ReviewStage::Achievement,
            3 => ReviewStage::Defense,
            _ => {
                self.notice(self.catalog().refused_not_review_tab, true);
                return;
            }
        };
        match self
            .service
            .assign_automatically(&self.user, stage, cap.unwrap_or(u32::MAX))
        {
            Ok(plan) => {
                self.score_cells.clear();
                self.fit_queue_scroll();
                let c = self.catalog();
                let mut text = fill(
                    c.done_auto,
                    &[
                        ("count", &plan.assignments.len().to_string()),
                        ("short", &plan.shortfalls.len().to_string()),
                    ],
                );
                if let Some(short) = plan.shortfalls.first() {
                    let why = fill(
                        c.done_auto_short,
                        &[
                            ("id", &clean(&short.application)),
                            ("required", &short.required.to_string()),
                            ("assigned", &short.assigned.to_string()),
                            ("conflicted", &short.conflicted.to_string()),
                            ("at_cap", &short.at_cap.to_string()),
                        ],
                    );
                    text = format!("{text}{}{why}", c.colon);
                }
                self.notice(&text, !plan.shortfalls.is_empty());
            }
            Err(e) => self.refused(&e),
        }
    }
}

impl App {
    /// `:conflict …` on the open or selected application: an expert
    /// declares their own (the application then leaves their lists); the
    /// secretariat names the expert first.
    pub(super) fn declare_conflict(&mut self, rest: &str) {
        let Some(target) = self.target() else {
            return;
        };
        let (expert, reason) = if self.user.role == crate::domain::UserRole::Expert {
            (self.user.name.clone(), rest.trim().to_owned())
        } else {
            let (name, reason) = rest
                .trim()
                .split_once(char::is_whitespace)
                .unwrap_or((rest, ""));
            (name.to_owned(), reason.trim().to_owned())
        };
        match self
            .service
            .declare_conflict(&self.user, &target.id, &expert, &reason)
        {
            Ok(_) => {
                let c = self.catalog();
                let own = expert == self.user.name;
                let text = if own {
                    fill(c.done_conflict_self, &[("id", &clean(&target.id))])
                } else {
                    fill(
                        c.done_conflict,
                        &[("name", &clean(&expert)), ("id", &clean(&target.id))],
                    )
                };
                if own {
                    self.screen = Screen::Queue;
                }
                self.reload();
                self.notice(&text, false);
            }
            Err(e) => self.refused(&e),
        }
    }
}
