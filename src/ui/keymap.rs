//! The one keymap: each row names where it applies, its keys, the action
//! and its help text. Key handling, the footer hints and the help overlay
//! all read this table, so they cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::catalog::Catalog;

/// Where a key is pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Queue,
    /// The application screen with the applicant's pane (and its criteria) in focus.
    Application,
    /// The application screen with the evidence pane in focus.
    Evidence,
    Help,
    /// Typing a filter, a command or a reason.
    Prompt,
    /// A confirmation dialog.
    Confirm,
    /// The score form.
    Score,
    /// The committee screen.
    Committee,
    /// The ranking screen.
    Ranking,
    /// The statistics screen.
    Statistics,
    /// Two applications side by side.
    Compare,
    /// The sessions screen.
    Sessions,
    /// The notice screen.
    Notice,
    /// The audit log screen.
    Audit,
}

/// What a key's action needs before the footer offers it. The service
/// still checks every call: this only keeps the hints honest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Nothing,
    /// A user who may review eligibility (the secretariat).
    Reviewer,
    /// A reviewer, on an application in the eligibility review.
    Decision,
    /// A user who scores reviews (an expert).
    Scorer,
    /// The secretariat, on an application that moves on without a
    /// decision (achievement review to notice).
    Move,
    /// The secretariat, on an application at a scored stage.
    StageReject,
    /// The secretariat, on an application at the written exam.
    Written,
    /// The secretariat, in a queue with rows to mark.
    Mark,
    /// A user who may read the committees.
    Committee,
    /// A user who may edit the committees' members.
    Manage,
    /// A user who may read the notice; one who may run it.
    ReadNotice,
    RunNotice,
    /// A user who may read the audit log.
    Auditor,
}

/// What a key asks for, named verb-object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    MoveDown,
    MoveUp,
    PageDown,
    PageUp,
    MoveTop,
    MoveBottom,
    /// A queue tab by index, 0 to 6.
    SelectTab(usize),
    NextTab,
    PreviousTab,
    NextPane,
    PreviousPane,
    OpenApplication,
    GoBack,
    ShowHelp,
    CloseHelp,
    RedrawScreen,
    Quit,
    StartFilter,
    NextMatch,
    PreviousMatch,
    StartCommand,
    SubmitPrompt,
    CancelPrompt,
    InsertChar(char),
    DeleteBackward,
    DeleteForward,
    CaretLeft,
    CaretRight,
    CaretHome,
    CaretEnd,
    /// Take back the last move or change to the marks.
    Undo,
    /// Mark every row from where `v` was pressed to the cursor.
    MarkRange,
    /// Complete the word before the caret (Tab).
    CompletePrompt,
    /// The line typed before (Up) or after (Down) in the prompt's history.
    HistoryPrevious,
    HistoryNext,
    /// Eligibility decisions on the selected or open application.
    ApproveApplication,
    OverrideVerdict,
    RejectApplication,
    /// The queue's verdict filter: all, ineligible, needs review, eligible.
    CycleVerdictFilter,
    /// Verification marks on the selected evidence item.
    VerifyEvidence,
    RejectEvidence,
    ClearEvidence,
    /// The confirmation dialog: the other button, the chosen one, yes, no.
    ChooseButton,
    PressButton,
    ConfirmDialog,
    CancelDialog,
    /// The score form: open it, move between fields, save, submit, leave,
    /// and any other key typed into the focused field.
    OpenScoreForm,
    NextField,
    PreviousField,
    SaveDraft,
    SubmitReview,
    LeaveForm,
    FormKey(KeyEvent),
    /// Stage moves beyond eligibility: back one stage, the written score.
    SendBack,
    EnterWritten,
    /// Mark or unmark the selected row, and move down.
    ToggleMark,
    /// The committee screen, and the edits of its selected member.
    OpenCommittee,
    CycleTitle,
    EditProvince,
    EditOrganization,
    EditFields,
    AddExpert,
    /// The notice screen, and the secretariat's actions on it.
    OpenNotice,
    RecordComplaint,
    UpholdComplaint,
    DismissComplaint,
    ConcludeNotice,
    /// The audit log screen, and its filter.
    OpenAudit,
    FilterAudit,
}

/// One key, or the digits that select tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySpec {
    /// A character key; Shift is part of the character.
    Char(char),
    Ctrl(char),
    Code(KeyCode),
    /// A key code with Control, such as Ctrl-Enter.
    CtrlCode(KeyCode),
    /// `1` to `9`: [`Action::SelectTab`] with the digit's tab.
    TabDigits,
}

impl KeySpec {
    /// What the help and the footer call this key.
    pub fn label(self) -> String {
        match self {
            KeySpec::Char(' ') => "Space".into(),
            KeySpec::Char(c) => c.to_string(),
            KeySpec::Ctrl(c) => format!("Ctrl-{c}"),
            KeySpec::CtrlCode(code) => format!("Ctrl-{}", KeySpec::Code(code).label()),
            KeySpec::TabDigits => "1-9".into(),
            KeySpec::Code(code) => match code {
                KeyCode::Down => "Down".into(),
                KeyCode::Up => "Up".into(),
                KeyCode::Left => "Left".into(),
                KeyCode::Right => "Right".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "Shift-Tab".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Backspace => "Backspace".into(),
                KeyCode::Delete => "Del".into(),
                KeyCode::F(n) => format!("F{n}"),
                other => format!("{other:?}"),
            },
        }
    }

    /// The action this key gives for `action`, if it matches `key`.
    fn matches(self, key: &KeyEvent, action: Action) -> Option<Action> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match (self, key.code) {
            (KeySpec::Char(c), KeyCode::Char(k)) if k == c && !ctrl && !alt => Some(action),
            (KeySpec::Ctrl(c), KeyCode::Char(k)) if k.eq_ignore_ascii_case(&c) && ctrl && !alt => {
                Some(action)
            }
            (KeySpec::Code(c), k) if k == c && !ctrl && !alt => Some(action),
            (KeySpec::CtrlCode(c), k) if k == c && ctrl && !alt => Some(action),
            (KeySpec::TabDigits, KeyCode::Char(d @ '1'..='9')) if !ctrl && !alt => {
                Some(Action::SelectTab(usize::from(d as u8 - b'1')))
            }
            _ => None,
        }
    }
}

/// A footer hint: the keys as shown and a word or two. When the footer is
/// too narrow for all hints, those of the highest `rank` go first.
#[derive(Debug, Clone, Copy)]
pub struct Hint {
    pub keys: &'static str,
    pub text: fn(&Catalog) -> &'static str,
    pub rank: u8,
}

/// One row of the keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub contexts: &'static [Context],
    pub keys: &'static [KeySpec],
    pub action: Action,
    pub help: fn(&Catalog) -> &'static str,
    pub hint: Option<Hint>,
    pub needs: Needs,
}

use Action::{
    AddExpert, ApproveApplication, CancelDialog, CancelPrompt, CaretEnd, CaretHome, CaretLeft,
    CaretRight, ChooseButton, ClearEvidence, CloseHelp, CompletePrompt, ConcludeNotice,
    ConfirmDialog, CycleTitle, CycleVerdictFilter, DeleteBackward, DeleteForward, DismissComplaint,
    EditFields, EditOrganization, EditProvince, EnterWritten, GoBack, HistoryNext, HistoryPrevious,
    LeaveForm, MarkRange, MoveBottom, MoveDown, MoveTop, MoveUp, NextField, NextMatch, NextPane,
    NextTab, OpenApplication, OpenCommittee, OpenNotice, OpenScoreForm, OverrideVerdict, PageDown,
    PageUp, PressButton, PreviousField, PreviousMatch, PreviousPane, PreviousTab, Quit,
    RecordComplaint, RedrawScreen, RejectApplication, RejectEvidence, SaveDraft, SelectTab,
    SendBack, ShowHelp, StartCommand, StartFilter, SubmitPrompt, SubmitReview, ToggleMark, Undo,
    UpholdComplaint, VerifyEvidence,
};
use Context::Audit as L;
use Context::{
    Application as A, Committee as M, Compare as V, Confirm as D, Evidence as E, Help as H,
    Notice as U, Prompt as P, Queue as Q, Ranking as R, Score as S, Sessions as W, Statistics as T,
};
use KeyCode::{BackTab, Backspace, Delete, Down, End, Enter, Esc, F, Home, Left, Right, Tab, Up};
use KeySpec::{Char as C, Code as K, Ctrl, CtrlCode, TabDigits};

type Text = fn(&Catalog) -> &'static str;

const fn row(
    contexts: &'static [Context],
    keys: &'static [KeySpec],
    action: Action,
    help: Text,
) -> Binding {
    Binding {
        contexts,
        keys,
        action,
        help,
        hint: None,
        needs: Needs::Nothing,
    }
}

/// A row whose keys also show in the footer, as `keys` and a word or two;
/// `rank` 0 is kept longest when the footer is narrow.
const fn hint(keys: &'static str, text: Text, rank: u8, binding: Binding) -> Binding {
    Binding {
        hint: Some(Hint { keys, text, rank }),
        ..binding
    }
}

/// A row whose action needs a reviewer, or a reviewer on an application
/// in the eligibility review.
const fn needs(needs: Needs, binding: Binding) -> Binding {
    Binding { needs, ..binding }
}

/// The keymap, in the order the help shows it. The first matching row wins.
#[rustfmt::skip]
pub const KEYMAP: &[Binding] = &[
    // The queue.
    hint("j/k", |c| c.hint_move, 1, row(&[Q], &[C('j'), K(Down)], MoveDown, |c| c.help_move_down)),
    row(&[Q], &[C('k'), K(Up)], MoveUp, |c| c.help_move_up),
    row(&[Q], &[Ctrl('d'), K(KeyCode::PageDown)], PageDown, |c| c.help_page_down),
    row(&[Q], &[Ctrl('u'), K(KeyCode::PageUp)], PageUp, |c| c.help_page_up),
    row(&[Q], &[C('g'), K(Home)], MoveTop, |c| c.help_move_top),
    row(&[Q], &[C('G'), K(End)], MoveBottom, |c| c.help_move_bottom),
    hint("1-9", |c| c.hint_tab, 4, row(&[Q], &[TabDigits], SelectTab(0), |c| c.help_select_tab)),
    row(&[Q], &[C(']')], NextTab, |c| c.help_next_tab),
    row(&[Q], &[C('[')], PreviousTab, |c| c.help_previous_tab),
    hint("Enter", |c| c.hint_open, 1, row(&[Q], &[K(Enter)], OpenApplication, |c| c.help_open)),
    // Decisions on the selected row; the next row comes up in its place.
    needs(Needs::Decision, hint("a", |c| c.hint_approve, 2, row(&[Q], &[C('a')], ApproveApplication, |c| c.help_approve))),
    needs(Needs::Decision, hint("o", |c| c.hint_override, 2, row(&[Q], &[C('o')], OverrideVerdict, |c| c.help_override))),
    needs(Needs::Decision, hint("r", |c| c.hint_reject, 2, row(&[Q], &[C('r')], RejectApplication, |c| c.help_reject))),
    // Stage moves on the selected row (or the marked rows), after eligibility.
    needs(Needs::Move, hint("a", |c| c.hint_advance, 2, row(&[Q], &[C('a')], ApproveApplication, |c| c.help_advance))),
    needs(Needs::StageReject, hint("r", |c| c.hint_reject, 2, row(&[Q], &[C('r')], RejectApplication, |c| c.help_reject_stage))),
    needs(Needs::Move, hint("b", |c| c.hint_send_back, 3, row(&[Q], &[C('b')], SendBack, |c| c.help_send_back))),
    needs(Needs::Written, hint("w", |c| c.hint_written, 2, row(&[Q], &[C('w')], EnterWritten, |c| c.help_written))),
    needs(Needs::Mark, hint("Space", |c| c.hint_mark, 3, row(&[Q], &[C(' ')], ToggleMark, |c| c.help_mark))),
    needs(Needs::Mark, row(&[Q], &[C('v')], MarkRange, |c| c.help_mark_range)),
    row(&[Q, A], &[C('u')], Undo, |c| c.help_undo),
    hint("f", |c| c.hint_verdict, 3, row(&[Q], &[C('f')], CycleVerdictFilter, |c| c.help_verdict_filter)),
    needs(Needs::Committee, hint("C", |c| c.hint_committee, 4, row(&[Q], &[C('C')], OpenCommittee, |c| c.help_committee))),
    needs(Needs::ReadNotice, hint("P", |c| c.notice_text.hint_notice, 4, row(&[Q], &[C('P')], OpenNotice, |c| c.notice_text.help_notice))),
    hint("/", |c| c.hint_filter, 3, row(&[Q], &[C('/')], StartFilter, |c| c.help_filter)),
    row(&[Q], &[C('n')], NextMatch, |c| c.help_next_match),
    row(&[Q], &[C('N')], PreviousMatch, |c| c.help_previous_match),
    row(&[Q], &[K(Esc)], GoBack, |c| c.help_back_queue),
    // The application: the criteria and claims, or the evidence.
    hint("j/k", |c| c.hint_scroll, 1, row(&[A], &[C('j'), K(Down)], MoveDown, |c| c.help_criterion_down)),
    row(&[A], &[C('k'), K(Up)], MoveUp, |c| c.help_criterion_up),
    row(&[A], &[Ctrl('d'), K(KeyCode::PageDown)], PageDown, |c| c.help_scroll_page_down),
    row(&[A], &[Ctrl('u'), K(KeyCode::PageUp)], PageUp, |c| c.help_scroll_page_up),
    row(&[A], &[C('g'), K(Home)], MoveTop, |c| c.help_scroll_top),
    row(&[A], &[C('G'), K(End)], MoveBottom, |c| c.help_scroll_bottom),
    hint("j/k", |c| c.hint_select, 1, row(&[E], &[C('j'), K(Down)], MoveDown, |c| c.help_evidence_down)),
    row(&[E], &[C('k'), K(Up)], MoveUp, |c| c.help_evidence_up),
    row(&[E], &[Ctrl('d'), K(KeyCode::PageDown)], PageDown, |c| c.help_evidence_page_down),
    row(&[E], &[Ctrl('u'), K(KeyCode::PageUp)], PageUp, |c| c.help_evidence_page_up),
    row(&[E], &[C('g'), K(Home)], MoveTop, |c| c.help_evidence_top),
    row(&[E], &[C('G'), K(End)], MoveBottom, |c| c.help_evidence_bottom),
    needs(Needs::Reviewer, hint("v", |c| c.hint_verify, 2, row(&[E], &[C('v')], VerifyEvidence, |c| c.help_verify))),
    needs(Needs::Reviewer, hint("x", |c| c.hint_reject_evidence, 2, row(&[E], &[C('x')], RejectEvidence, |c| c.help_reject_evidence))),
    needs(Needs::Reviewer, hint("c", |c| c.hint_clear, 3, row(&[E], &[C('c')], ClearEvidence, |c| c.help_clear_evidence))),
    // Decisions on the open application; the next one opens.
    needs(Needs::Decision, hint("a", |c| c.hint_approve, 2, row(&[A, E], &[C('a')], ApproveApplication, |c| c.help_approve))),
    needs(Needs::Decision, hint("o", |c| c.hint_override, 2, row(&[A, E], &[C('o')], OverrideVerdict, |c| c.help_override))),
    needs(Needs::Decision, hint("r", |c| c.hint_reject, 2, row(&[A, E], &[C('r')], RejectApplication, |c| c.help_reject))),
    needs(Needs::Move, hint("a", |c| c.hint_advance, 2, row(&[A, E], &[C('a')], ApproveApplication, |c| c.help_advance))),
    needs(Needs::StageReject, hint("r", |c| c.hint_reject, 2, row(&[A, E], &[C('r')], RejectApplication, |c| c.help_reject_stage))),
    needs(Needs::Move, hint("b", |c| c.hint_send_back, 3, row(&[A, E], &[C('b')], SendBack, |c| c.help_send_back))),
    needs(Needs::Written, hint("w", |c| c.hint_written, 2, row(&[A, E], &[C('w')], EnterWritten, |c| c.help_written))),
    // The score form of the selected or open application.
    needs(Needs::Scorer, hint("s", |c| c.hint_score, 2, row(&[Q, A, E], &[C('s')], OpenScoreForm, |c| c.help_score))),
    hint("Tab", |c| c.hint_pane, 1, row(&[A, E], &[K(Tab)], NextPane, |c| c.help_next_pane)),
    row(&[A, E], &[K(BackTab)], PreviousPane, |c| c.help_previous_pane),
    hint("Esc", |c| c.hint_back, 1, row(&[A, E], &[K(Esc)], GoBack, |c| c.help_back_application)),
    // The committee screen.
    hint("j/k", |c| c.hint_select, 1, row(&[M], &[C('j'), K(Down)], MoveDown, |c| c.help_move_down)),
    row(&[M], &[C('k'), K(Up)], MoveUp, |c| c.help_move_up),
    row(&[M], &[Ctrl('d'), K(KeyCode::PageDown)], PageDown, |c| c.help_page_down),
    row(&[M], &[Ctrl('u'), K(KeyCode::PageUp)], PageUp, |c| c.help_page_up),
    row(&[M], &[C('g'), K(Home)], MoveTop, |c| c.help_move_top),
    row(&[M], &[C('G'), K(End)], MoveBottom, |c| c.help_move_bottom),
    needs(Needs::Manage, hint("t", |c| c.hint_title, 2, row(&[M], &[C('t')], CycleTitle, |c| c.help_rank))),
    needs(Needs::Manage, hint("p/o/e", |c| c.hint_edit, 2, row(&[M], &[C('p')], EditProvince, |c| c.help_province))),
    needs(Needs::Manage, row(&[M], &[C('o')], EditOrganization, |c| c.help_organization)),
    needs(Needs::Manage, row(&[M], &[C('e')], EditFields, |c| c.help_fields)),
    needs(Needs::Manage, hint("n", |c| c.hint_add_expert, 3, row(&[M], &[C('n')], AddExpert, |c| c.help_add_expert))),
    hint("Esc", |c| c.hint_back, 1, row(&[M], &[K(Esc)], GoBack, |c| c.help_back_committee)),
    // The ranking and sessions screens.
    hint("j/k", |c| c.hint_select, 1, row(&[R, W, U], &[C('j'), K(Down)], MoveDown, |c| c.help_move_down)),
    row(&[R, W, U], &[C('k'), K(Up)], MoveUp, |c| c.help_move_up),
    row(&[R, W, U], &[Ctrl('d'), K(KeyCode::PageDown)], PageDown, |c| c.help_page_down),
    row(&[R, W, U], &[Ctrl('u'), K(KeyCode::PageUp)], PageUp, |c| c.help_page_up),
    row(&[R, W, U], &[C('g'), K(Home)], MoveTop, |c| c.help_move_top),
    row(&[R, W, U], &[C('G'), K(End)], MoveBottom, |c| c.help_move_bottom),
    hint("Enter", |c| c.hint_open, 1, row(&[R], &[K(Enter)], OpenApplication, |c| c.help_open_ranked)),
    hint("Esc", |c| c.hint_back, 1, row(&[R, W, U], &[K(Esc)], GoBack, |c| c.help_back_committee)),
    // The notice screen: the secretariat's actions on the selected applicant.
    needs(Needs::RunNotice, hint("c", |c| c.notice_text.hint_complain, 2, row(&[U], &[C('c')], RecordComplaint, |c| c.notice_text.help_complain))),
    needs(Needs::RunNotice, hint("u/d", |c| c.notice_text.hint_resolve, 2, row(&[U], &[C('u')], UpholdComplaint, |c| c.notice_text.help_uphold))),
    needs(Needs::RunNotice, row(&[U], &[C('d')], DismissComplaint, |c| c.notice_text.help_dismiss)),
    needs(Needs::RunNotice, hint("E", |c| c.notice_text.hint_conclude, 3, row(&[U], &[C('E')], ConcludeNotice, |c| c.notice_text.help_conclude))),
    // The statistics screen scrolls.
    hint("j/k", |c| c.hint_scroll, 1, row(&[T, V], &[C('j'), K(Down)], MoveDown, |c| c.help_scroll_down)),
    row(&[T, V], &[C('k'), K(Up)], MoveUp, |c| c.help_scroll_up),
    row(&[T, V], &[Ctrl('d'), K(KeyCode::PageDown)], PageDown, |c| c.help_scroll_page_down),
    row(&[T, V], &[Ctrl('u'), K(KeyCode::PageUp)], PageUp, |c| c.help_scroll_page_up),
    row(&[T, V], &[C('g'), K(Home)], MoveTop, |c| c.help_scroll_top),
    row(&[T, V], &[C('G'), K(End)], MoveBottom, |c| c.help_scroll_bottom),
    hint("Esc", |c| c.hint_back, 1, row(&[T, V], &[K(Esc)], GoBack, |c| c.help_back_committee)),
    // The audit log.
    needs(Needs::Auditor, row(&[Q], &[C('L')], Action::OpenAudit, |c| c.help_audit)),
    hint("j/k", |c| c.hint_select, 1, row(&[L], &[C('j'), K(Down)], MoveDown, |c| c.help_move_down)),
    row(&[L], &[C('k'), K(Up)], MoveUp, |c| c.help_move_up),
    row(&[L], &[Ctrl('d'), K(KeyCode::PageDown)], PageDown, |c| c.help_page_down),
    row(&[L], &[Ctrl('u'), K(KeyCode::PageUp)], PageUp, |c| c.help_page_up),
    row(&[L], &[C('g'), K(Home)], MoveTop, |c| c.help_move_top),
    row(&[L], &[C('G'), K(End)], MoveBottom, |c| c.help_move_bottom),
    hint("f", |c| c.hint_audit_filter, 2, row(&[L], &[C('f'), C('/')], Action::FilterAudit, |c| c.help_audit_filter)),
    hint("Esc", |c| c.hint_back, 1, row(&[L], &[K(Esc)], GoBack, |c| c.help_back_audit)),
    row(&[L], &[C(':')], StartCommand, |c| c.help_command),
    hint("?", |c| c.hint_help, 0, row(&[L], &[C('?'), K(F(1))], ShowHelp, |c| c.help_help)),
    row(&[L], &[Ctrl('l')], RedrawScreen, |c| c.help_redraw),
    hint("q", |c| c.hint_quit, 1, row(&[L], &[C('q'), Ctrl('c')], Quit, |c| c.help_quit)),
    // Every screen.
    row(&[Q, A, E, M, R, W, T, V, U], &[C(':')], StartCommand, |c| c.help_command),
    hint("?", |c| c.hint_help, 0, row(&[Q, A, E, M, R, W, T, V, U], &[C('?'), K(F(1))], ShowHelp, |c| c.help_help)),
    row(&[Q, A, E, M, R, W, T, V, U, H, D], &[Ctrl('l')], RedrawScreen, |c| c.help_redraw),
    hint("q", |c| c.hint_quit, 1, row(&[Q, A, E, M, R, W, T, V, U], &[C('q'), Ctrl('c')], Quit, |c| c.help_quit)),
    // The score form: digits go to a score, other keys to the comment.
    hint("Tab", |c| c.hint_field, 1, row(&[S], &[K(Tab)], NextField, |c| c.help_next_field)),
    row(&[S], &[K(BackTab)], PreviousField, |c| c.help_previous_field),
    hint("Ctrl-s", |c| c.hint_save_draft, 0, row(&[S], &[Ctrl('s')], SaveDraft, |c| c.help_save_draft)),
    hint("F10", |c| c.hint_submit, 0, row(&[S], &[K(F(10)), CtrlCode(Enter)], SubmitReview, |c| c.help_submit)),
    hint("Esc", |c| c.hint_leave_form, 0, row(&[S], &[K(Esc)], LeaveForm, |c| c.help_leave_form)),
    row(&[S], &[K(F(1))], ShowHelp, |c| c.help_help),
    row(&[S], &[Ctrl('l')], RedrawScreen, |c| c.help_redraw),
    // The help overlay.
    hint("Esc", |c| c.hint_close, 0, row(&[H], &[K(Esc), C('?'), K(F(1)), C('q')], CloseHelp, |c| c.help_close_help)),
    hint("j/k", |c| c.hint_scroll, 1, row(&[H], &[C('j'), K(Down)], MoveDown, |c| c.help_scroll_down)),
    row(&[H], &[C('k'), K(Up)], MoveUp, |c| c.help_scroll_up),
    row(&[H], &[Ctrl('d'), K(KeyCode::PageDown)], PageDown, |c| c.help_scroll_page_down),
    row(&[H], &[Ctrl('u'), K(KeyCode::PageUp)], PageUp, |c| c.help_scroll_page_up),
    row(&[H], &[C('g'), K(Home)], MoveTop, |c| c.help_scroll_top),
    row(&[H], &[C('G'), K(End)], MoveBottom, |c| c.help_scroll_bottom),
    // Typing a filter, a command or a reason.
    hint("Enter", |c| c.hint_accept, 0, row(&[P], &[K(Enter)], SubmitPrompt, |c| c.help_accept)),
    hint("Esc", |c| c.hint_cancel, 0, row(&[P], &[K(Esc), Ctrl('c')], CancelPrompt, |c| c.help_cancel)),
    row(&[P], &[K(Backspace), Ctrl('h')], DeleteBackward, |c| c.help_edit),
    row(&[P], &[K(Delete)], DeleteForward, |c| c.help_edit),
    row(&[P], &[K(Left), Ctrl('b')], CaretLeft, |c| c.help_edit),
    row(&[P], &[K(Right), Ctrl('f')], CaretRight, |c| c.help_edit),
    row(&[P], &[K(Home), Ctrl('a')], CaretHome, |c| c.help_edit),
    row(&[P], &[K(End), Ctrl('e')], CaretEnd, |c| c.help_edit),
    row(&[P], &[K(Tab)], CompletePrompt, |c| c.help_complete),
    row(&[P], &[K(Up), Ctrl('p')], HistoryPrevious, |c| c.help_history),
    row(&[P], &[K(Down), Ctrl('n')], HistoryNext, |c| c.help_history),
    // A confirmation dialog: Cancel is chosen first.
    hint("Tab", |c| c.hint_choose, 1, row(&[D], &[K(Tab), K(BackTab), K(Left), K(Right), C('h'), C('l')], ChooseButton, |c| c.help_choose)),
    hint("Enter", |c| c.hint_press, 0, row(&[D], &[K(Enter)], PressButton, |c| c.help_press)),
    hint("y", |c| c.hint_confirm, 0, row(&[D], &[C('y')], ConfirmDialog, |c| c.help_confirm)),
    hint("Esc", |c| c.hint_cancel, 0, row(&[D], &[K(Esc), C('n'), C('q'), Ctrl('c')], CancelDialog, |c| c.help_dismiss_dialog)),
];

/// The action for a key in a context. In the prompt, any other printable
/// character is typed.
pub fn action_for(context: Context, key: &KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let found = KEYMAP
        .iter()
        .filter(|b| b.contexts.contains(&context))
        .find_map(|b| b.keys.iter().find_map(|spec| spec.matches(key, b.action)));
    if found.is_some() {
        return found;
    }
    if context == Context::Score {
        return Some(Action::FormKey(*key));
    }
    if context != Context::Prompt {
        return None;
    }
    let plain = !key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match key.code {
        KeyCode::Char(c) if plain && !c.is_control() => Some(Action::InsertChar(c)),
        _ => None,
    }
}

/// The footer hints of a context whose needs are met, in table order.
pub fn hints(context: Context, met: impl Fn(Needs) -> bool) -> Vec<Hint> {
    KEYMAP
        .iter()
        .filter(|b| b.contexts.contains(&context) && met(b.needs))
        .filter_map(|b| b.hint)
        .collect()
}

/// One line of the help: the keys and what they do. Rows with the same
/// help text next to each other share a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    pub keys: String,
    pub text: &'static str,
}

/// The help of a screen: the rows of any of its `contexts`.
pub fn help_rows(contexts: &[Context], catalog: &Catalog) -> Vec<HelpRow> {
    let mut rows: Vec<HelpRow> = Vec::new();
    let shown = KEYMAP
        .iter()
        .filter(|b| b.contexts.iter().any(|c| contexts.contains(c)));
    for binding in shown {
        let text = (binding.help)(catalog);
        let keys: Vec<String> = binding.keys.iter().map(|k| k.label()).collect();
        match rows.last_mut() {
            Some(last) if last.text == text => {
                last.keys.push(' ');
                last.keys.push_str(&keys.join(" "));
            }
            _ => rows.push(HelpRow {
                keys: keys.join(" "),
                text,
            }),
        }
    }
    rows
}

#[cfg(test)]
mod tests;
