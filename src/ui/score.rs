//! The score form (`s`) of the achievement review, one field per rubric
//! dimension with its maximum, and of the defense, one field of 0-100; a
//! running total, and the comment in a
//! `ratatui_textarea::TextArea`. `Ctrl-s` saves a draft, leaving with Esc
//! saves it when anything changed, and `F10` or `Ctrl-Enter` submits after
//! a confirmation. Everything goes through the service, which refuses an
//! expert the application is not assigned to. The form's look is in
//! `score_view`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use crate::domain::cycle::Dimension;
use crate::domain::scoring::{DEFENSE_MAX, Review, ReviewStage};
use crate::service::{Permission, ServiceError, require};
use crate::store::{Record, StoreError};

use super::app::{App, Screen};
use super::catalog::fill;
use super::dialog::Confirm;
use super::keymap::Action;
use super::text::clean;

/// How long typed scores and comments wait before they are saved as a
/// draft on their own: what a crash can lose at most.
pub const AUTOSAVE_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

/// The most digits a score field takes.
const DIGITS: usize = 3;

/// One expert's form for one application.
#[derive(Debug)]
pub struct ScoreForm {
    pub id: String,
    pub name: String,
    pub dimensions: Vec<Dimension>,
    /// What is typed in each score field.
    pub texts: Vec<String>,
    pub comment: TextArea<'static>,
    /// A score field's index, or `dimensions.len()` for the comment.
    pub focus: usize,
    /// The revision of the saved review; `None` before the first save.
    pub revision: Option<u64>,
    /// The review as last saved (or loaded), to know whether anything changed.
    pub saved: Review,
    pub submitted: Option<chrono::DateTime<chrono::Utc>>,
    pub pass_line: u32,
    /// The review being scored: achievement or defense.
    pub stage: ReviewStage,
    /// Someone else saved this review first: typing is no longer saved on
    /// its own until the user saves over theirs with Ctrl-s.
    pub conflict: bool,
    expert: String,
}

/// What is wrong with a score field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldProblem {
    Empty,
    OverMax(u32),
}

impl ScoreForm {
    fn new(
        id: &str,
        name: &str,
        expert: &str,
        (scoring, stage): (&crate::domain::cycle::Scoring, ReviewStage),
        own: Option<&Record<Review>>,
    ) -> ScoreForm {
        let dimensions = match stage {
            ReviewStage::Achievement => scoring.rubric.clone(),
            ReviewStage::Defense => vec![Dimension {
                code: "defense".into(),
                zh: "答辩".into(),
                en: "Defense".into(),
                max: DEFENSE_MAX,
            }],
        };
        let saved = own.map_or_else(|| Review::draft(expert, stage), |r| r.value.clone());
        let texts = if saved.scores.len() == dimensions.len() {
            saved.scores.iter().map(u32::to_string).collect()
        } else {
            vec![String::new(); dimensions.len()]
        };
        let lines: Vec<String> = saved.comment.split('\n').map(str::to_owned).collect();
        let mut comment = TextArea::new(lines);
        comment.move_cursor(ratatui_textarea::CursorMove::Bottom);
        comment.move_cursor(ratatui_textarea::CursorMove::End);
        ScoreForm {
            id: id.to_owned(),
            name: name.to_owned(),
            texts,
            comment,
            focus: 0,
            revision: own.map(|r| r.revision),
            submitted: saved.submitted,
            saved,
            pass_line: stage.pass_line(scoring),
            stage,
            dimensions,
            expert: expert.to_owned(),
            conflict: false,
        }
    }

    pub fn comment_text(&self) -> String {
        self.comment.lines().join("\n")
    }

    /// The review as typed: no scores while every field is empty, else
    /// one per dimension (an empty or unreadable field counts 0).
    pub fn review(&self) -> Review {
        let scores = if self.texts.iter().all(String::is_empty) {
            Vec::new()
        } else {
            self.texts
                .iter()
                .map(|t| t.parse::<u32>().unwrap_or(0))
                .collect()
        };
        Review {
            expert: self.expert.clone(),
            stage: self.stage,
            scores,
            comment: self.comment_text(),
            submitted: None,
        }
    }

    pub fn changed(&self) -> bool {
        let review = self.review();
        review.scores != self.saved.scores || review.comment != self.saved.comment
    }

    pub fn total(&self) -> u32 {
        self.texts
            .iter()
            .map(|t| t.parse::<u32>().unwrap_or(0))
            .sum()
    }

    pub fn problem(&self, index: usize) -> Option<FieldProblem> {
        let text = &self.texts[index];
        let max = self.dimensions[index].max;
        match text.parse::<u32>() {
            Err(_) => Some(FieldProblem::Empty),
            Ok(v) if v > max => Some(FieldProblem::OverMax(max)),
            Ok(_) => None,
        }
    }

    pub fn comment_required(&self) -> bool {
        self.total() < self.pass_line && self.comment_text().trim().is_empty()
    }

    /// Whether the form may be submitted as typed.
    pub fn valid(&self) -> bool {
        (0..self.texts.len()).all(|i| self.problem(i).is_none()) && !self.comment_required()
    }

    pub(super) fn read_only(&self) -> bool {
        self.submitted.is_some()
    }

    /// Pasted text: into the comment, or the digits of it into a score.
    /// True when it changed.
    pub fn paste(&mut self, pasted: &str) -> bool {
        if self.read_only() {
            return false;
        }
        if self.focus < self.texts.len() {
            let text = &mut self.texts[self.focus];
            let before = text.clone();
            for c in pasted.chars().filter(char::is_ascii_digit) {
                if text.len() < DIGITS {
                    text.push(c);
                }
            }
            *text != before
        } else {
            let clean: String = pasted
                .chars()
                .filter(|&c| c == '\n' || !c.is_control())
                .collect();
            self.comment.insert_str(clean)
        }
    }

    /// A key typed into the focused field: digits and Backspace in a score,
    /// anything the text area takes in the comment. True when it changed.
    fn type_key(&mut self, key: KeyEvent) -> bool {
        if self.read_only() {
            return false;
        }
        if self.focus < self.texts.len() {
            let text = &mut self.texts[self.focus];
            let plain = !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
            match key.code {
                KeyCode::Char(c) if plain && c.is_ascii_digit() && text.len() < DIGITS => {
                    if text == "0" {
                        text.clear();
                    }
                    text.push(c);
                    true
                }
                KeyCode::Backspace => text.pop().is_some(),
                _ => false,
            }
        } else {
            self.comment.input(key)
        }
    }
}

impl App {
    /// `s`: the form of the open application or the selected row, for an
    /// expert it is assigned to; the service's refusal is shown otherwise.
    pub(super) fn open_score_form(&mut self) {
        let target = match &self.screen {
            Screen::Application(view) => Some((
                view.record.value.id.clone(),
                view.record.value.name.clone(),
                view.record.value.stage,
            )),
            Screen::Queue => self
                .queue
                .selected()
                .map(|s| (s.id.clone(), s.name.clone(), s.stage)),
        };
        let Some((id, name, stage)) = target else {
            return;
        };
        if let Err(e) = require(&self.user, Permission::ScoreReviews) {
            self.score_refused(&e);
            return;
        }
        let Some(stage) = ReviewStage::of(stage) else {
            let text = fill(self.catalog().score_not_scored, &[("id", &clean(&id))]);
            self.show_error(&text);
            return;
        };
        let reviews = self.service.reviews_of(&self.user, &id, stage);
        match reviews {
            Ok(reviews) => {
                let own = reviews.iter().find(|r| r.value.expert == self.user.name);
                let scoring = &self.service.cycle().scoring;
                self.score = Some(Box::new(ScoreForm::new(
                    &id,
                    &name,
                    &self.user.name,
                    (scoring, stage),
                    own,
                )));
                self.message = None;
                self.dirty = true;
            }
            Err(e) => self.score_refused(&e),
        }
    }

    pub(super) fn update_score(&mut self, action: Action) {
        let Some(form) = &mut self.score else {
            return;
        };
        let fields = form.texts.len() + 1;
        // Going on typing puts a message away; Esc leaves the form.
        if matches!(
            action,
            Action::NextField | Action::PreviousField | Action::FormKey(_)
        ) && self.message.take().is_some()
        {
            self.dirty = true;
        }
        match action {
            Action::NextField => form.focus = (form.focus + 1) % fields,
            Action::PreviousField => form.focus = (form.focus + fields - 1) % fields,
            Action::FormKey(key) => {
                if !form.type_key(key) {
                    return;
                }
            }
            Action::SaveDraft => {
                self.save_score_draft();
            }
            Action::SubmitReview => self.ask_submit(),
            Action::LeaveForm => {
                let form_id = form.id.clone();
                let changed = form.changed() && !form.read_only();
                if !changed || self.save_score_draft() {
                    self.score = None;
                    // What was saved or submitted shows on the screen below.
                    let id = form_id.clone();
                    self.score_cells.remove(&id);
                    if let Screen::Application(view) = &mut self.screen {
                        let stage = view.record.value.stage;
                        view.scores = super::scores_panel::ScoresPanel::load(
                            &self.service,
                            &self.user,
                            &id,
                            stage,
                        );
                    }
                    self.fit_queue_scroll();
                }
            }
            Action::ShowHelp => self.help = Some(0),
            Action::RedrawScreen => self.full_redraw = true,
            _ => return,
        }
        self.dirty = true;
    }

    /// After typing in the form: its changes are saved as a draft once
    /// [`AUTOSAVE_AFTER`] has passed since the first unsaved one.
    pub(super) fn schedule_autosave(&mut self, now: std::time::Instant) {
        let unsaved = self
            .score
            .as_ref()
            .is_some_and(|form| form.changed() && !form.read_only() && !form.conflict);
        if !unsaved {
            self.autosave_at = None;
        } else if self.autosave_at.is_none() {
            self.autosave_at = Some(now + AUTOSAVE_AFTER);
        }
    }

    /// Saves unsaved typing as a draft without a word on success; a
    /// refusal (someone saved first, the application moved) is shown.
    pub(super) fn autosave_score(&mut self) {
        let due = self
            .score
            .as_ref()
            .is_some_and(|form| form.changed() && !form.read_only() && !form.conflict);
        if due && let Some(revision) = self.store_score_draft() {
            tracing::debug!(revision, "draft saved on its own");
        }
    }

    /// Saves the form as a draft; true when it was saved.
    pub(super) fn save_score_draft(&mut self) -> bool {
        if self.score.as_ref().is_some_and(|form| form.read_only()) {
            self.show_error(self.catalog().score_read_only);
            return false;
        }
        let Some(revision) = self.store_score_draft() else {
            return false;
        };
        let text = fill(
            self.catalog().score_saved,
            &[("revision", &revision.to_string())],
        );
        self.show_message(text);
        true
    }

    /// The form as typed, saved through the service; the new revision, or
    /// `None` after the refusal was shown.
    fn store_score_draft(&mut self) -> Option<u64> {
        let form = self.score.as_ref()?;
        let review = form.review();
        let result = self
            .service
            .save_review_draft(&self.user, &form.id, &review, form.revision);
        match result {
            Ok(record) => {
                let form = self.score.as_mut()?;
                form.revision = Some(record.revision);
                form.saved = record.value;
                form.conflict = false;
                form.revision
            }
            Err(e) => {
                self.score_refused(&e);
                None
            }
        }
    }

    /// F10 or Ctrl-Enter: the confirmation, when the form is valid.
    fn ask_submit(&mut self) {
        let Some(form) = &self.score else {
            return;
        };
        if form.read_only() {
            self.show_error(self.catalog().score_read_only);
        } else if !form.valid() {
            self.show_error(self.catalog().score_invalid);
        } else {
            self.confirm = Some(Confirm::submit(&form.id, &form.name, form.total()));
        }
    }

    /// After the confirmation: the draft as typed, then the submission.
    pub(super) fn submit_score(&mut self) {
        if !self.save_score_draft() {
            return;
        }
        let Some(form) = &self.score else {
            return;
        };
        let (id, revision, stage) = (form.id.clone(), form.revision.unwrap_or(0), form.stage);
        let result = self.service.submit_review(&self.user, &id, stage, revision);
        match result {
            Ok(record) => {
                let total = record.value.total();
                if let Some(form) = &mut self.score {
                    form.revision = Some(record.revision);
                    form.submitted = record.value.submitted;
                    form.saved = record.value;
                }
                let text = fill(
                    self.catalog().score_submitted_message,
                    &[("id", &clean(&id)), ("total", &total.to_string())],
                );
                self.show_message(text);
            }
            Err(e) => self.score_refused(&e),
        }
    }

    /// A refusal in the UI's words. A stale revision names who saved; the
    /// form keeps what was typed and the next save goes over that revision.
    fn score_refused(&mut self, error: &ServiceError) {
        let c = self.catalog();
        let text = match error {
            ServiceError::Store(StoreError::Stale {
                found, saved_by, ..
            }) => {
                if let Some(form) = &mut self.score {
                    form.revision = Some(*found);
                    form.conflict = true;
                }
                fill(
                    c.score_stale,
                    &[("who", &clean(saved_by)), ("revision", &found.to_string())],
                )
            }
            ServiceError::Forbidden { role, .. } => {
                fill(c.refused_forbidden, &[("role", c.user_role(*role))])
            }
            ServiceError::NotFound(id) => format!("{} {}", c.not_found, clean(id)),
            other => clean(&other.to_string()).to_string(),
        };
        tracing::warn!(user = %self.user.name, "score form: {error}");
        self.show_error(&text);
    }
}
