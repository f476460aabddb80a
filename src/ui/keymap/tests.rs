use super::*;
use crate::ui::catalog::Lang;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

#[test]
fn keys_map_to_actions_by_context() {
    assert_eq!(
        action_for(Context::Queue, &key(KeyCode::Char('j'))),
        Some(Action::MoveDown)
    );
    assert_eq!(
        action_for(Context::Queue, &key(KeyCode::Down)),
        Some(Action::MoveDown)
    );
    assert_eq!(
        action_for(Context::Queue, &ctrl('d')),
        Some(Action::PageDown)
    );
    assert_eq!(
        action_for(Context::Queue, &key(KeyCode::Char('4'))),
        Some(Action::SelectTab(3))
    );
    assert_eq!(
        action_for(Context::Queue, &key(KeyCode::Char('8'))),
        Some(Action::SelectTab(7)),
        "8 and 9 show the first saved searches"
    );
    assert_eq!(action_for(Context::Queue, &key(KeyCode::Char('0'))), None);
    assert_eq!(
        action_for(Context::Application, &key(KeyCode::Char('1'))),
        None
    );
    assert_eq!(
        action_for(Context::Application, &key(KeyCode::Tab)),
        Some(Action::NextPane)
    );
    assert_eq!(
        action_for(Context::Help, &key(KeyCode::Char('q'))),
        Some(Action::CloseHelp)
    );
    assert_eq!(
        action_for(Context::Queue, &ctrl('l')),
        Some(Action::RedrawScreen)
    );
}

#[test]
fn shifted_letters_and_backtab_arrive_with_shift() {
    let big_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(action_for(Context::Queue, &big_g), Some(Action::MoveBottom));
    let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(
        action_for(Context::Application, &backtab),
        Some(Action::PreviousPane)
    );
    let question = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
    assert_eq!(
        action_for(Context::Queue, &question),
        Some(Action::ShowHelp)
    );
}

#[test]
fn the_prompt_types_what_is_not_bound() {
    assert_eq!(
        action_for(Context::Prompt, &key(KeyCode::Char('q'))),
        Some(Action::InsertChar('q'))
    );
    assert_eq!(
        action_for(Context::Prompt, &key(KeyCode::Char('张'))),
        Some(Action::InsertChar('张'))
    );
    assert_eq!(
        action_for(Context::Prompt, &key(KeyCode::Esc)),
        Some(Action::CancelPrompt)
    );
    assert_eq!(action_for(Context::Prompt, &ctrl('x')), None);
}

#[test]
fn releases_are_ignored() {
    let mut release = key(KeyCode::Char('j'));
    release.kind = KeyEventKind::Release;
    assert_eq!(action_for(Context::Queue, &release), None);
}

#[test]
fn help_rows_come_from_the_table() {
    let rows = help_rows(&[Context::Queue], Lang::En.catalog());
    assert_eq!(
        rows[0],
        HelpRow {
            keys: "j Down".into(),
            text: "Move down a row"
        }
    );
    assert!(
        rows.iter()
            .any(|r| r.keys == "1-9" && r.text == "Show tab 1-9")
    );
    assert!(rows.iter().any(|r| r.keys == "? F1"));
    assert!(
        rows.iter().all(|r| r.text != "Next pane"),
        "no panes to switch in the queue"
    );
    let prompt = help_rows(&[Context::Prompt], Lang::En.catalog());
    let edit = prompt
        .iter()
        .find(|r| r.text == "Move the caret, delete")
        .unwrap();
    assert!(
        edit.keys.starts_with("Backspace Ctrl-h Del Left"),
        "{}",
        edit.keys
    );
}

#[test]
fn the_review_keys_belong_to_their_screens() {
    let c = |ch: char| key(KeyCode::Char(ch));
    assert_eq!(
        action_for(Context::Queue, &c('a')),
        Some(Action::ApproveApplication)
    );
    assert_eq!(
        action_for(Context::Queue, &c('f')),
        Some(Action::CycleVerdictFilter)
    );
    assert_eq!(
        action_for(Context::Evidence, &c('r')),
        Some(Action::RejectApplication)
    );
    assert_eq!(
        action_for(Context::Evidence, &c('v')),
        Some(Action::VerifyEvidence)
    );
    assert_eq!(
        action_for(Context::Evidence, &c('x')),
        Some(Action::RejectEvidence)
    );
    assert_eq!(action_for(Context::Application, &c('v')), None);
    assert_eq!(action_for(Context::Application, &c('x')), None);
    assert_eq!(
        action_for(Context::Confirm, &key(KeyCode::Enter)),
        Some(Action::PressButton)
    );
    assert_eq!(
        action_for(Context::Confirm, &key(KeyCode::Left)),
        Some(Action::ChooseButton)
    );
    assert_eq!(
        action_for(Context::Confirm, &c('y')),
        Some(Action::ConfirmDialog)
    );
    assert_eq!(
        action_for(Context::Confirm, &key(KeyCode::Esc)),
        Some(Action::CancelDialog)
    );
    assert_eq!(action_for(Context::Confirm, &c('a')), None);
    // A reason is typed, whatever its letters.
    assert_eq!(
        action_for(Context::Prompt, &c('a')),
        Some(Action::InsertChar('a'))
    );
}

#[test]
fn hints_leave_out_what_the_user_may_not_do() {
    let all = hints(Context::Queue, |_| true);
    let reader = hints(Context::Queue, |needs| needs == Needs::Nothing);
    assert!(all.iter().any(|h| h.keys == "a"));
    assert!(reader.iter().all(|h| !["a", "o", "r"].contains(&h.keys)));
    assert!(reader.iter().any(|h| h.keys == "f"));
    let evidence = hints(Context::Evidence, |needs| needs == Needs::Nothing);
    assert!(evidence.iter().all(|h| !["v", "x", "c"].contains(&h.keys)));
}

#[test]
fn every_hint_is_a_key_of_its_row() {
    for binding in KEYMAP {
        if let Some(hint) = binding.hint {
            let first = binding.keys[0].label();
            assert!(hint.keys.starts_with(&first), "{} vs {first}", hint.keys);
        }
    }
}
