//! [`App`]: one session's state and the contract the front ends drive.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::domain::User;
use crate::domain::rules::Evaluation;
use crate::service::Service;

use super::application::{ApplicationView, Pane};
use super::catalog::{Catalog, Lang};
use super::dialog::Confirm;
use super::glyphs::Glyphs;
use super::keymap::{self, Context};
use super::prompt::Prompt;
use super::queue::Queue;
use super::theme::Theme;
use super::{Event, UiOptions, chrome, compact, queue_view};

/// How long the cursor must rest before the detail pane follows it.
pub const REST: Duration = Duration::from_millis(150);

/// Which screen is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenKind {
    Queue,
    Application,
}

#[derive(Debug)]
pub(super) enum Screen {
    Queue,
    Application(Box<ApplicationView>),
}

/// A one-line message the user dismisses with Esc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Message {
    pub text: String,
    pub is_error: bool,
}

/// One session: its user, what it shows, and how.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent flags: lean look, and what the loop must do next"
)]
pub struct App {
    pub(super) service: Arc<Service>,
    pub(super) user: User,
    pub(super) lang: Lang,
    pub(super) theme: Theme,
    pub(super) glyphs: Glyphs,
    pub(super) lean: bool,
    pub(super) log_path: Option<String>,
    pub(super) size: (u16, u16),
    pub(super) queue: Queue,
    pub(super) screen: Screen,
    /// The summary the detail pane shows; it follows the selection once
    /// the cursor rests.
    pub(super) detail: Option<usize>,
    /// The rules' evaluation of the application the detail pane shows, by id.
    pub(super) detail_evaluation: Option<(String, Evaluation)>,
    pub(super) rest_until: Option<Instant>,
    /// When the score form's unsaved typing is saved as a draft on its own.
    pub(super) autosave_at: Option<Instant>,
    pub(super) prompt: Option<Prompt>,
    /// A destructive decision waiting for its confirmation.
    pub(super) confirm: Option<Confirm>,
    /// The committee screen, over the screen it was opened from.
    pub(super) committee: Option<Box<super::committee::CommitteeScreen>>,
    /// The ranking screen, over the screen it was opened from.
    pub(super) ranking: Option<Box<super::ranking::RankingScreen>>,
    /// The statistics screen, over the screen it was opened from.
    pub(super) statistics: Option<Box<super::statistics::StatisticsScreen>>,
    /// Two applications side by side, over the screen it was opened from.
    pub(super) compare: Option<Box<super::compare::CompareScreen>>,
    /// Who is connected, over the screen it was opened from.
    pub(super) sessions: Option<Box<super::sessions::SessionsScreen>>,
    /// The notice screen, over the screen it was opened from.
    pub(super) notice_screen: Option<Box<super::notice::NoticeScreen>>,
    /// The notice tab's complaints column, read once it shows.
    pub(super) complaint_counts: Option<HashMap<String, crate::service::ComplaintCounts>>,
    /// The score form, over the screen it was opened from.
    pub(super) score: Option<Box<super::score::ScoreForm>>,
    /// The closed list's notes on rejections (stage and reason), read from
    /// the history for the rows shown; `None` where there is none.
    pub(super) closed_notes: HashMap<String, Option<String>>,
    /// The review tabs' scores column, read for the rows shown.
    pub(super) score_cells: HashMap<String, super::progress::ScoreCell>,
    /// Marked applications, by id, for bulk moves.
    pub(super) marks: BTreeSet<String>,
    /// What `u` takes back: the last move or change to the marks.
    pub(super) undo: Option<super::undo::Undo>,
    pub(super) range: Option<super::undo::Range>,
    /// The applications and the file an `:export` waits to write.
    pub(super) pending_export: Option<(Vec<String>, String)>,
    /// The help overlay's scroll position, when it is open.
    pub(super) help: Option<usize>,
    /// The audit log, over the screen it was opened from.
    pub(super) audit: Option<Box<super::audit::AuditScreen>>,
    /// A backup started with `:backup`, while it is written.
    pub(super) backup: Option<super::backup::BackupJob>,
    /// An `:import` being read and written on its own thread.
    pub(super) import: Option<super::job::Job<crate::cli::DeskImport>>,
    /// An `:export` being written on its own thread.
    pub(super) export: Option<super::job::Job<usize>>,
    /// When to look at work running on other threads again.
    pub(super) poll_at: Option<Instant>,
    pub(super) message: Option<Message>,
    /// The message shows an error in the query being typed.
    pub(super) query_error: bool,
    /// Lines typed after `:` and `/` this session.
    pub(super) command_history: super::complete::History,
    pub(super) filter_history: super::complete::History,
    pub(super) dirty: bool,
    pub(super) full_redraw: bool,
    pub(super) quit: bool,
}

impl App {
    /// Loads the summaries the user may see, once.
    pub fn new(
        service: Arc<Service>,
        user: User,
        options: UiOptions,
        size: (u16, u16),
    ) -> anyhow::Result<App> {
        let summaries = service.summaries(&user)?;
        let reference = service.cycle().reference_date;
        tracing::info!(count = summaries.len(), user = %user.name, "queue loaded");
        let mut app = App {
            service,
            user,
            lang: options.lang,
            theme: options.theme,
            glyphs: Glyphs::new(options.ascii),
            lean: options.lean,
            log_path: options.log_path,
            size,
            queue: Queue::new(summaries, reference),
            screen: Screen::Queue,
            detail: None,
            detail_evaluation: None,
            rest_until: None,
            autosave_at: None,
            prompt: None,
            confirm: None,
            score: None,
            committee: None,
            ranking: None,
            statistics: None,
            compare: None,
            sessions: None,
            notice_screen: None,
            complaint_counts: None,
            closed_notes: HashMap::new(),
            score_cells: HashMap::new(),
            marks: BTreeSet::new(),
            undo: None,
            range: None,
            pending_export: None,
            help: None,
            audit: None,
            backup: None,
            import: None,
            export: None,
            poll_at: None,
            message: None,
            query_error: false,
            command_history: super::complete::History::default(),
            filter_history: super::complete::History::default(),
            dirty: true,
            full_redraw: false,
            quit: false,
        };
        app.load_saved_searches();
        app.set_detail(app.queue.selected_index());
        app.fit_queue_scroll();
        Ok(app)
    }

    /// Handles one event. Never draws.
    pub fn handle(&mut self, event: Event, now: Instant) {
        match event {
            Event::Key(key) => {
                if let Some(action) = keymap::action_for(self.context(), &key) {
                    self.update(action, now);
                }
            }
            Event::Paste(text) => {
                if let Some(prompt) = &mut self.prompt {
                    prompt.insert_str(&text);
                    self.prompt_changed();
                } else if self.confirm.is_none()
                    && self.help.is_none()
                    && let Some(form) = &mut self.score
                    && form.paste(&text)
                {
                    self.dirty = true;
                }
            }
            Event::Resize(width, height) => {
                if self.size != (width, height) {
                    self.size = (width, height);
                    self.fit_queue_scroll();
                    self.fit_application_scroll();
                    // A detail pane that appears explains its verdict too.
                    self.set_detail(self.detail);
                    self.dirty = true;
                }
            }
            Event::DataChanged => {
                self.reload();
                self.reload_audit();
            }
            Event::SearchesChanged => {
                self.load_saved_searches();
                self.after_tab_change();
            }
            Event::SessionsChanged => {
                self.reload_sessions();
                self.reload_audit();
            }
        }
    }

    /// Lets the detail pane catch up with a cursor that has rested.
    pub fn tick(&mut self, now: Instant) {
        if self.rest_until.is_some_and(|until| now >= until) {
            self.rest_until = None;
            self.follow_selection();
        }
        if self.autosave_at.is_some_and(|at| now >= at) {
            self.autosave_at = None;
            self.autosave_score();
        }
        if self.poll_at.is_some_and(|at| now >= at) {
            self.poll_jobs(now);
        }
    }

    /// The session is ending without the user (a dropped connection, a
    /// timeout, a signal): what the score form holds is kept as a draft.
    pub fn hang_up(&mut self) {
        self.autosave_at = None;
        self.autosave_score();
    }

    /// When [`App::tick`] wants to be called; `None` when nothing is pending.
    pub fn next_deadline(&self) -> Option<Instant> {
        [self.rest_until, self.autosave_at, self.poll_at]
            .into_iter()
            .flatten()
            .min()
    }

    /// True only when something visible changed since the last draw.
    pub fn needs_draw(&self) -> bool {
        self.dirty
    }

    /// After Ctrl-l: true once, so the loop clears the terminal before drawing.
    pub fn take_full_redraw(&mut self) -> bool {
        std::mem::take(&mut self.full_redraw)
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Draws the current state. The only state it changes is `needs_draw`.
    pub fn render(&mut self, frame: &mut Frame) {
        let area = frame.area();
        let buf = frame.buffer_mut();
        for region in chrome::draw(self, buf, area) {
            compact::merge_runs(buf, region);
        }
        self.dirty = false;
    }

    /// Where the terminal's real cursor should stand: at the caret while a
    /// filter, command or reason is typed, otherwise hidden.
    pub fn cursor(&self) -> Option<(u16, u16)> {
        let area = self.area();
        if chrome::too_small(area) || self.confirm.is_some() || self.help.is_some() {
            return None;
        }
        if let Some(form) = &self.score {
            return self.score_cursor(form);
        }
        let prompt = self.prompt.as_ref()?;
        let footer = chrome::footer_row(area);
        let label = chrome::prompt_label_width(self, prompt, footer);
        let (_, caret) = prompt.visible(chrome::prompt_width(footer, label));
        let x = footer.x + label + u16::try_from(caret).unwrap_or(u16::MAX);
        Some((x.min(footer.right().saturating_sub(1)), footer.y))
    }

    /// Shows a one-line message (e.g. a theme warning from the front end).
    pub fn show_message(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            is_error: false,
        });
        self.dirty = true;
    }

    /// Sets the log file location shown in the help.
    pub fn set_log_path(&mut self, path: Option<String>) {
        self.log_path = path;
        self.dirty = true;
    }

    pub fn screen(&self) -> ScreenKind {
        match self.screen {
            Screen::Queue => ScreenKind::Queue,
            Screen::Application(_) => ScreenKind::Application,
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The queue tab showing: 0 to 6 the stages, then the saved searches.
    pub fn tab(&self) -> usize {
        self.queue.tab()
    }

    /// The id of the selected application in the queue.
    pub fn selected_id(&self) -> Option<&str> {
        self.queue.selected().map(|s| s.id.as_str())
    }

    /// The id the detail pane shows.
    pub fn detail_id(&self) -> Option<&str> {
        self.detail
            .and_then(|i| self.queue.summary(i))
            .map(|s| s.id.as_str())
    }

    /// The id of the open application, on the application screen.
    pub fn open_id(&self) -> Option<&str> {
        match &self.screen {
            Screen::Application(view) => Some(view.record.value.id.as_str()),
            Screen::Queue => None,
        }
    }

    /// Whether the committee screen is open.
    pub fn committee_open(&self) -> bool {
        self.committee.is_some()
    }

    /// The login name of the member selected on the committee screen.
    pub fn selected_member(&self) -> Option<&str> {
        self.committee
            .as_ref()
            .and_then(|s| s.selected_member())
            .map(|m| m.name.as_str())
    }

    /// The login name of the session's user.
    pub fn user_name(&self) -> &str {
        &self.user.name
    }

    /// Whether the compare screen is open.
    pub fn compare_open(&self) -> bool {
        self.compare.is_some()
    }

    /// Whether the statistics screen is open.
    pub fn statistics_open(&self) -> bool {
        self.statistics.is_some()
    }

    /// Whether the ranking screen is open.
    pub fn ranking_open(&self) -> bool {
        self.ranking.is_some()
    }

    /// The id of the application selected on the ranking screen.
    pub fn selected_ranked(&self) -> Option<&str> {
        let screen = self.ranking.as_ref()?;
        screen
            .lines
            .get(screen.cursor.selected)
            .map(|l| l.ranked.id.as_str())
    }

    /// The users of the sessions listed on the sessions screen, if open.
    pub fn listed_sessions(&self) -> Option<Vec<(&str, &str)>> {
        let screen = self.sessions.as_ref()?;
        Some(
            screen
                .lines
                .iter()
                .map(|s| (s.user.as_str(), s.via.code()))
                .collect(),
        )
    }

    /// The audit screen's entries as (number, action), newest first, if open.
    pub fn listed_audit(&self) -> Option<Vec<(u64, &str)>> {
        let screen = self.audit.as_ref()?;
        Some(
            screen
                .entries
                .iter()
                .map(|e| (e.seq, e.action.as_str()))
                .collect(),
        )
    }

    /// The number of the entry selected on the audit screen.
    pub fn selected_audit(&self) -> Option<u64> {
        let screen = self.audit.as_ref()?;
        screen.entries.get(screen.cursor.selected).map(|e| e.seq)
    }

    /// Whether the audit screen is still checking the chain.
    pub fn audit_checking(&self) -> bool {
        self.audit.as_ref().is_some_and(|s| s.checking())
    }

    /// Whether the score form is open.
    pub fn score_form_open(&self) -> bool {
        self.score.is_some()
    }

    /// The message line, if one is showing.
    pub fn message(&self) -> Option<&str> {
        self.message.as_ref().map(|m| m.text.as_str())
    }

    /// Rows in the current tab (after the filter), and the selected row (1-based).
    pub fn position(&self) -> (usize, usize) {
        (
            self.queue.selected_row().map_or(0, |r| r + 1),
            self.queue.len(),
        )
    }

    pub fn help_is_open(&self) -> bool {
        self.help.is_some()
    }

    /// The filter, command or reason being typed, after its sigil or question.
    pub fn prompt_text(&self) -> Option<String> {
        self.prompt
            .as_ref()
            .map(|p| format!("{}{}", p.kind.label(self.catalog()), p.text()))
    }

    /// The question of the confirmation dialog, when one is open.
    pub fn confirm_question(&self) -> Option<String> {
        self.confirm.as_ref().map(|c| c.question(self))
    }

    /// Whether the dialog's destructive button is chosen (Cancel is, at first).
    pub fn reject_chosen(&self) -> Option<bool> {
        self.confirm.as_ref().map(|c| c.reject_chosen)
    }

    /// The marked applications, by id.
    pub fn marked(&self) -> Vec<&str> {
        self.marks.iter().map(String::as_str).collect()
    }

    /// The eligibility tab's verdict filter, if one is set.
    pub fn verdict_filter(&self) -> Option<crate::domain::Verdict> {
        self.queue.verdict()
    }

    /// The verdict on the open application as evaluated from its saved record.
    pub fn open_verdict(&self) -> Option<crate::domain::Verdict> {
        match &self.screen {
            Screen::Application(view) => Some(view.evaluation.verdict),
            Screen::Queue => None,
        }
    }

    /// The id of the selected evidence item, on the application screen.
    pub fn selected_evidence(&self) -> Option<&str> {
        match &self.screen {
            Screen::Application(view) => view.selected_evidence().map(|e| e.id.as_str()),
            Screen::Queue => None,
        }
    }

    pub(super) fn catalog(&self) -> &'static Catalog {
        self.lang.catalog()
    }

    pub(super) fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    pub(super) fn context(&self) -> Context {
        if self.confirm.is_some() {
            Context::Confirm
        } else if self.prompt.is_some() {
            Context::Prompt
        } else if self.help.is_some() {
            Context::Help
        } else if self.score.is_some() {
            Context::Score
        } else if self.notice_screen.is_some() {
            Context::Notice
        } else if self.audit.is_some() {
            Context::Audit
        } else if self.sessions.is_some() {
            Context::Sessions
        } else if self.ranking.is_some() {
            Context::Ranking
        } else if self.statistics.is_some() {
            Context::Statistics
        } else if self.compare.is_some() {
            Context::Compare
        } else if self.committee.is_some() {
            Context::Committee
        } else {
            match &self.screen {
                Screen::Queue => Context::Queue,
                Screen::Application(view) if view.focus == Pane::Evidence => Context::Evidence,
                Screen::Application(_) => Context::Application,
            }
        }
    }

    /// The detail pane catches up with the selection now.
    pub(super) fn follow_selection(&mut self) {
        let selected = self.queue.selected_index();
        if self.detail != selected {
            self.set_detail(selected);
            self.dirty = true;
        }
    }

    /// Shows a summary in the detail pane, loading its evaluation for the
    /// explanations when the pane shows.
    pub(super) fn set_detail(&mut self, index: Option<usize>) {
        self.detail = index;
        let shown = queue_view::layout(self.area(), self.lean).detail.is_some();
        // Only the eligibility review explains its verdicts here.
        let id = index
            .filter(|_| shown)
            .and_then(|i| self.queue.summary(i))
            .filter(|s| s.stage == crate::domain::Stage::Eligibility)
            .map(|s| s.id.clone());
        let Some(id) = id else {
            self.detail_evaluation = None;
            return;
        };
        if self
            .detail_evaluation
            .as_ref()
            .is_some_and(|(i, _)| *i == id)
        {
            return;
        }
        self.detail_evaluation = match self.service.application(&self.user, &id) {
            Ok(record) => Some((id, self.service.evaluate(&record.value))),
            Err(e) => {
                tracing::warn!(id, "detail pane: {e}");
                None
            }
        };
    }

    /// The note on a rejection shown in the closed list, once read.
    pub(super) fn closed_note(&self, id: &str) -> Option<&str> {
        self.closed_notes.get(id).and_then(Option::as_deref)
    }

    /// Reads the notes of the rejected applications the closed list shows
    /// that are not read yet: one history each, for the rows in view only.
    pub(super) fn load_closed_notes(&mut self, rows: usize) {
        if self.queue.tab() != super::queue::CLOSED_TAB {
            return;
        }
        let wanted: Vec<String> = self
            .queue
            .rows(self.queue.offset(), rows)
            .filter(|(_, s)| s.stage == crate::domain::Stage::Rejected)
            .filter(|(_, s)| !self.closed_notes.contains_key(&s.id))
            .map(|(_, s)| s.id.clone())
            .collect();
        let c = self.catalog();
        for id in wanted {
            let note = match self.service.history(&self.user, &id) {
                Ok(history) => history.last_decision().and_then(|d| {
                    let reason = super::text::clean(d.reason.as_deref()?).into_owned();
                    Some(format!("{}{}{reason}", c.stage(d.stage), c.colon))
                }),
                Err(e) => {
                    tracing::warn!(id, "closed list: {e}");
                    None
                }
            };
            self.closed_notes.insert(id, note);
        }
    }

    /// The evaluation of the application with this id, if the detail pane
    /// has it loaded.
    pub(super) fn detail_evaluation(&self, id: &str) -> Option<&Evaluation> {
        self.detail_evaluation
            .as_ref()
            .filter(|(i, _)| i == id)
            .map(|(_, e)| e)
    }

    /// Reloads the summaries (and the open application) after a change elsewhere.
    pub(super) fn reload(&mut self) {
        // The user may have been changed or removed meanwhile: a new role
        // applies at once, and a removed user's session ends.
        match self.service.user(&self.user.name) {
            Ok(user) => self.user = user,
            Err(e) => {
                tracing::warn!(user = %self.user.name, "ending the session: {e}");
                self.quit = true;
                return;
            }
        }
        match self.service.summaries(&self.user) {
            Ok(summaries) => {
                let facts = if self.queue.needs_facts() {
                    self.service.query_facts(&self.user).ok()
                } else {
                    None
                };
                self.queue.reload(summaries, facts);
                self.detail_evaluation = None;
                self.closed_notes.clear();
                self.score_cells.clear();
                self.complaint_counts = None;
                self.set_detail(self.queue.selected_index());
                self.rest_until = None;
                self.fit_queue_scroll();
            }
            Err(e) => self.show_error(&e.to_string()),
        }
        self.reload_notice();
        if let Screen::Application(view) = &self.screen {
            let id = view.record.value.id.clone();
            let loaded = self
                .service
                .application(&self.user, &id)
                .and_then(|record| Ok((self.service.history(&self.user, &id)?, record)));
            match loaded {
                Ok((history, record)) => {
                    let evaluation = self.service.evaluate(&record.value);
                    let scores = super::scores_panel::ScoresPanel::load(
                        &self.service,
                        &self.user,
                        &id,
                        record.value.stage,
                    );
                    let certificate = self.service.certificate_of(&self.user, &id).ok().flatten();
                    if let Screen::Application(view) = &mut self.screen {
                        view.refresh(record, evaluation, history);
                        view.scores = scores;
                        view.certificate = certificate;
                    }
                    self.fit_application_scroll();
                }
                Err(e) => self.show_error(&e.to_string()),
            }
        }
        self.dirty = true;
    }

    pub(super) fn show_error(&mut self, text: &str) {
        tracing::warn!(user = %self.user.name, "{text}");
        let prefix = self.catalog().error;
        self.message = Some(Message {
            text: format!("{prefix}: {text}"),
            is_error: true,
        });
        self.dirty = true;
    }
}
