//! [`App::update`]: every action in one place, and the service calls they make.

use std::time::Instant;

use crate::service::ServiceError;

use super::app::{App, REST, Screen};
use super::application::ApplicationView;
use super::command::{self, Command, CommandError};
use super::filter::{Filter, describe};
use super::keymap::Action;
use super::prompt::{CaretMove, Prompt, PromptKind};
use super::queue::{ELIGIBILITY_TAB, VERDICT_STEPS};
use super::scores_panel::ScoresPanel;
use super::theme::Theme;
use super::{chrome, queue_view};

impl App {
    /// Applies one action. Marks the app for drawing only when something
    /// visible changed; `now` starts the detail pane's rest timer.
    pub fn update(&mut self, action: Action, now: Instant) {
        if self.confirm.is_some() {
            self.update_confirm(action);
        } else if self.prompt.is_some() {
            self.update_prompt(action);
        } else if self.help.is_some() {
            self.update_help(action);
        } else if self.score.is_some() {
            self.update_score(action);
            self.schedule_autosave(now);
        } else if self.notice_screen.is_some() {
            self.update_notice(action);
        } else if self.audit.is_some() {
            self.update_audit(action);
        } else if self.sessions.is_some() {
            self.update_sessions(action);
        } else if self.ranking.is_some() {
            self.update_ranking(action);
        } else if self.statistics.is_some() {
            self.update_statistics(action);
        } else if self.compare.is_some() {
            self.update_compare(action);
        } else if self.committee.is_some() {
            self.update_committee(action);
        } else {
            match self.screen {
                Screen::Queue => self.update_queue(action, now),
                Screen::Application(_) => self.update_application(action),
            }
        }
    }

    /// Actions that mean the same on every screen.
    pub(super) fn update_common(&mut self, action: Action) {
        match action {
            Action::ApproveApplication => self.approve(),
            Action::Undo => self.undo(),
            Action::OverrideVerdict => self.start_decision_reason(false),
            Action::RejectApplication => self.start_decision_reason(true),
            Action::ShowHelp => {
                self.help = Some(0);
                self.dirty = true;
            }
            Action::RedrawScreen => {
                self.full_redraw = true;
                self.dirty = true;
            }
            Action::Quit => self.quit = true,
            Action::StartCommand => self.open_prompt(PromptKind::Command, ""),
            Action::OpenScoreForm => self.open_score_form(),
            Action::SendBack => self.start_send_back(),
            Action::OpenCommittee => self.open_committee(),
            Action::OpenNotice => self.open_notice(),
            Action::EnterWritten => self.start_written(),
            Action::OpenAudit => self.open_audit(),
            _ => {}
        }
    }

    fn update_queue(&mut self, action: Action, now: Instant) {
        let page = self.queue_page();
        let moved = match action {
            Action::MoveDown => self.queue.move_by(1),
            Action::MoveUp => self.queue.move_by(-1),
            Action::PageDown => self.queue.move_by(page.cast_signed()),
            Action::PageUp => self.queue.move_by(-page.cast_signed()),
            Action::MoveTop => self.queue.move_to(0),
            Action::MoveBottom => self.queue.move_to(usize::MAX),
            Action::NextMatch | Action::PreviousMatch if self.queue.filter().is_some() => {
                let before = self.queue.tab();
                let moved = self.queue.step_match(action == Action::NextMatch);
                if self.queue.tab() != before {
                    self.after_tab_change();
                }
                moved
            }
            Action::SelectTab(tab) => {
                if self.queue.select_tab(tab) {
                    self.after_tab_change();
                }
                false
            }
            Action::NextTab | Action::PreviousTab => {
                if self.queue.cycle_tab(action == Action::NextTab) {
                    self.after_tab_change();
                }
                false
            }
            Action::OpenApplication => {
                if let Some(id) = self.queue.selected().map(|s| s.id.clone()) {
                    self.open_application(&id);
                }
                false
            }
            Action::StartFilter => {
                let current = self
                    .queue
                    .filter()
                    .map(|f| f.query().to_owned())
                    .unwrap_or_default();
                self.open_prompt(PromptKind::Filter, &current);
                false
            }
            Action::ToggleMark => self.toggle_mark(),
            Action::MarkRange => self.mark_range(),
            Action::GoBack => {
                if self.message.take().is_some() || self.clear_marks() {
                    self.dirty = true;
                } else if self.queue.filter().is_some() {
                    self.queue.set_filter(None);
                    self.after_tab_change();
                }
                false
            }
            Action::CycleVerdictFilter => {
                let at = VERDICT_STEPS
                    .iter()
                    .position(|&v| v == self.queue.verdict())
                    .unwrap_or(0);
                self.set_verdict_filter(VERDICT_STEPS[(at + 1) % VERDICT_STEPS.len()]);
                false
            }
            other => {
                self.update_common(other);
                false
            }
        };
        if moved {
            self.extend_range();
            self.fit_queue_scroll();
            self.dirty = true;
            if self.detail_pane_shown() {
                self.rest_until = Some(now + REST);
            }
        }
    }

    /// A new tab or a new list: the detail pane follows at once, since the
    /// whole list is redrawn anyway.
    pub(super) fn after_tab_change(&mut self) {
        self.fit_queue_scroll();
        self.rest_until = None;
        self.set_detail(self.queue.selected_index());
        self.dirty = true;
    }

    /// Narrows the eligibility tab to one verdict (or shows all), and shows it.
    fn set_verdict_filter(&mut self, verdict: Option<crate::domain::Verdict>) {
        let changed = self.queue.set_verdict(verdict);
        let moved = self.queue.select_tab(ELIGIBILITY_TAB);
        if changed || moved {
            self.after_tab_change();
        }
    }

    fn detail_pane_shown(&self) -> bool {
        queue_view::layout(self.area(), self.lean).detail.is_some()
    }

    /// Rows the list shows at the current size.
    fn queue_page(&self) -> usize {
        usize::from(queue_view::layout(self.area(), self.lean).list.height).max(1)
    }

    pub(super) fn fit_queue_scroll(&mut self) {
        let page = self.queue_page();
        self.queue.scroll_into_view(page);
        self.load_closed_notes(page);
        self.load_score_cells(page);
        self.load_complaint_counts();
    }

    pub(super) fn open_application(&mut self, id: &str) {
        let loaded = self
            .service
            .application(&self.user, id)
            .and_then(|record| Ok((self.service.history(&self.user, id)?, record)));
        match loaded {
            Ok((history, record)) => {
                tracing::debug!(id, "application opened");
                let evaluation = self.service.evaluate(&record.value);
                let stage = record.value.stage;
                let mut view = ApplicationView::new(record, evaluation, history);
                view.scores = ScoresPanel::load(&self.service, &self.user, id, stage);
                view.certificate =
                    self.service
                        .certificate_of(&self.user, id)
                        .unwrap_or_else(|e| {
                            tracing::warn!(id, "certificate not read: {e}");
                            None
                        });
                self.screen = Screen::Application(Box::new(view));
                self.message = None;
                self.dirty = true;
            }
            Err(ServiceError::NotFound(id)) => {
                tracing::info!(id = %id, user = %self.user.name, "application not found");
                let text = format!("{} {}", self.catalog().not_found, super::text::clean(&id));
                self.message = Some(super::app::Message {
                    text,
                    is_error: true,
                });
                self.dirty = true;
            }
            Err(e) => self.show_error(&e.to_string()),
        }
    }

    fn update_help(&mut self, action: Action) {
        let Some(offset) = self.help else {
            return;
        };
        let (len, height) = chrome::help_extent(self);
        let max = len.saturating_sub(height);
        let target = match action {
            Action::CloseHelp => {
                self.help = None;
                self.dirty = true;
                return;
            }
            Action::RedrawScreen => {
                self.full_redraw = true;
                self.dirty = true;
                return;
            }
            Action::MoveDown => offset.saturating_add(1),
            Action::MoveUp => offset.saturating_sub(1),
            Action::PageDown => offset.saturating_add(height),
            Action::PageUp => offset.saturating_sub(height),
            Action::MoveTop => 0,
            Action::MoveBottom => max,
            _ => return,
        };
        let target = target.min(max);
        if target != offset {
            self.help = Some(target);
            self.dirty = true;
        }
    }

    fn open_prompt(&mut self, kind: PromptKind, text: &str) {
        self.prompt = Some(Prompt::new(kind, text));
        self.dirty = true;
    }

    fn update_prompt(&mut self, action: Action) {
        let Some(prompt) = &mut self.prompt else {
            return;
        };
        let changed = match action {
            Action::InsertChar(c) => {
                prompt.insert(c);
                self.command_history.reset();
                self.filter_history.reset();
                true
            }
            Action::DeleteBackward => prompt.delete_backward(),
            Action::DeleteForward => prompt.delete_forward(),
            Action::CaretLeft => {
                self.dirty |= prompt.move_caret(CaretMove::Left);
                false
            }
            Action::CaretRight => {
                self.dirty |= prompt.move_caret(CaretMove::Right);
                false
            }
            Action::CaretHome => {
                self.dirty |= prompt.move_caret(CaretMove::Home);
                false
            }
            Action::CaretEnd => {
                self.dirty |= prompt.move_caret(CaretMove::End);
                false
            }
            Action::SubmitPrompt => {
                self.submit_prompt();
                return;
            }
            Action::CompletePrompt => self.complete_prompt(),
            Action::HistoryPrevious | Action::HistoryNext => {
                let kind = prompt.kind.clone();
                let typing = prompt.text().to_owned();
                let history = match kind {
                    PromptKind::Command => &mut self.command_history,
                    PromptKind::Filter => &mut self.filter_history,
                    PromptKind::Reason(_) => return,
                };
                let line = if action == Action::HistoryPrevious {
                    history.previous(&typing)
                } else {
                    history.next()
                };
                match (line, &mut self.prompt) {
                    (Some(line), Some(prompt)) => {
                        prompt.set_text(&line);
                        true
                    }
                    _ => false,
                }
            }
            Action::CancelPrompt => {
                let kind = prompt.kind.clone();
                self.prompt = None;
                if kind == PromptKind::Filter {
                    if self.query_error {
                        self.query_error = false;
                        self.message = None;
                    }
                    self.queue.set_filter(None);
                    self.after_tab_change();
                }
                self.dirty = true;
                return;
            }
            _ => false,
        };
        if changed {
            self.prompt_changed();
        }
    }

    /// The filter narrows the list as it is typed.
    pub(super) fn prompt_changed(&mut self) {
        self.dirty = true;
        let Some(prompt) = &self.prompt else {
            return;
        };
        if prompt.kind == PromptKind::Filter {
            let text = prompt.text().to_owned();
            self.apply_query(&text);
        }
    }

    /// Narrows the list by a query as typed. A query with an error leaves
    /// the list as the last good one left it and says where the error is.
    fn apply_query(&mut self, text: &str) {
        match Filter::new(text) {
            Ok(filter) => {
                if self.queue.wants_facts(filter.as_ref()) {
                    self.load_query_facts();
                }
                if self.query_error {
                    self.query_error = false;
                    self.message = None;
                }
                self.queue.set_filter(filter);
                self.after_tab_change();
            }
            Err(error) => {
                self.message = Some(super::app::Message {
                    text: describe(&error, self.catalog()),
                    is_error: true,
                });
                self.query_error = true;
            }
        }
    }

    /// Reads what a query needs beyond the summaries, for every row.
    pub(super) fn load_query_facts(&mut self) {
        match self.service.query_facts(&self.user) {
            Ok(facts) => self.queue.set_facts(facts),
            Err(e) => self.show_error(&e.to_string()),
        }
    }

    fn submit_prompt(&mut self) {
        let Some(prompt) = self.prompt.take() else {
            return;
        };
        self.dirty = true;
        match &prompt.kind {
            PromptKind::Filter if self.query_error => {
                // The error stays in view until the query is mended.
                self.prompt = Some(prompt);
            }
            PromptKind::Filter => {
                self.filter_history.push(prompt.text());
                // The list already shows the filter; Enter keeps it.
                if let Some(id) = self.queue.selected().map(|s| s.id.clone()) {
                    tracing::debug!(selected = %id, "filter kept");
                }
            }
            PromptKind::Command => {
                self.command_history.push(prompt.text());
                self.run_command(prompt.text());
            }
            PromptKind::Reason(purpose) => self.submit_reason(purpose.clone(), prompt.text()),
        }
    }

    fn run_command(&mut self, line: &str) {
        let catalog = self.catalog();
        let refused = |text: String| super::app::Message {
            text,
            is_error: true,
        };
        match command::parse(line) {
            Ok(Command::Quit) => self.quit = true,
            Ok(Command::Goto(id)) => self.go_to(&id),
            Ok(Command::Lang(lang)) => {
                self.lang = lang;
                self.fit_application_scroll();
            }
            Ok(Command::Verdict(verdict)) => self.set_verdict_filter(verdict),
            Ok(Command::Committee) => self.open_committee(),
            Ok(Command::Ranking) => self.open_ranking(),
            Ok(Command::Statistics) => self.open_statistics(),
            Ok(Command::Compare(ids)) => self.open_compare(&ids),
            Ok(Command::Export(file)) => self.confirm_export(&file),
            Ok(Command::Sessions) => self.open_sessions(),
            Ok(Command::Notice) => self.open_notice(),
            Ok(Command::Assign(name)) => self.assign_targets(&name, true),
            Ok(Command::Unassign(name)) => self.assign_targets(&name, false),
            Ok(Command::Auto(cap)) => self.assign_automatically(cap),
            Ok(Command::Conflict(rest)) => self.declare_conflict(&rest),
            Ok(Command::Audit) => self.open_audit(),
            Ok(Command::Backup(file)) => self.start_backup(&file),
            Ok(Command::Import(file)) => self.start_import(&file),
            Ok(Command::Save { name, query }) => self.save_search(&name, query.as_deref()),
            Ok(Command::Forget(name)) => self.forget_search(name.as_deref()),
            Ok(Command::Theme(name)) => {
                let (theme, warning) = Theme::load(&name);
                self.theme = theme;
                if let Some(warning) = warning {
                    tracing::warn!("{warning}");
                    self.message = Some(refused(super::text::clean(&warning).into_owned()));
                }
            }
            Err(CommandError::Empty) => {}
            Err(error) => {
                let text = match error {
                    CommandError::Unknown(verb) => {
                        format!("{}: {}", catalog.unknown_command, super::text::clean(&verb))
                    }
                    CommandError::UsageGoto => catalog.usage_goto.to_owned(),
                    CommandError::UsageLang => catalog.usage_lang.to_owned(),
                    CommandError::UsageVerdict => catalog.usage_verdict.to_owned(),
                    CommandError::UsageAssign => catalog.usage_assign.to_owned(),
                    CommandError::UsageConflict => catalog.usage_conflict.to_owned(),
                    CommandError::UsageExport => catalog.usage_export.to_owned(),
                    CommandError::UsageImport => catalog.usage_import.to_owned(),
                    CommandError::UsageBackup => catalog.usage_backup.to_owned(),
                    CommandError::UsageSave => catalog.usage_save.to_owned(),
                    CommandError::UsageForget => catalog.usage_forget.to_owned(),
                    CommandError::UsageTheme | CommandError::Empty => {
                        catalog.usage_theme.to_owned()
                    }
                };
                self.message = Some(refused(text));
            }
        }
    }

    /// `:goto ID`: selects it in the queue when listed, and opens it.
    fn go_to(&mut self, id: &str) {
        let before = self.queue.tab();
        if self.queue.select_id(id) {
            if self.queue.tab() == before {
                self.fit_queue_scroll();
                self.follow_selection();
            } else {
                self.after_tab_change();
            }
        }
        self.open_application(id);
    }
}
