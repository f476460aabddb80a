//! The score form driven by keys, as an expert works: each test presses
//! keys on an app over the demo fixture with the demo's two experts (as
//! `docket demo` adds them) and checks what the store then holds.

use std::sync::Arc;

use crate::domain::scoring::{Review, ReviewStage};
use crate::domain::{User, UserRole};
use crate::service::Service;
use crate::store::Record;

use super::testkit::{applications, options, press, screen, service_with, t0};
use super::{App, Lang};

const NARROW: (u16, u16) = (80, 24);
/// Assigned to li.wei, first of his achievement tab.
const ID: &str = "2024-BJ-S-0003";

struct Desk {
    _dir: tempfile::TempDir,
    service: Arc<Service>,
    app: App,
}

fn desk_as(name: &str, lang: Lang) -> Desk {
    let (dir, service, admin) = service_with(&applications());
    crate::cli::demo_experts(&service, &admin).unwrap();
    let user = service.user(name).unwrap_or_else(|_| {
        let user = User::new(name, UserRole::Expert);
        service.add_user(&admin, &user).unwrap();
        user
    });
    let app = App::new(service.clone(), user, options(lang), NARROW).unwrap();
    Desk {
        _dir: dir,
        service,
        app,
    }
}

fn desk() -> Desk {
    desk_as("li.wei", Lang::En)
}

impl Desk {
    fn press(&mut self, keys: &str) {
        press(&mut self.app, keys, t0());
    }

    fn user(&self) -> User {
        self.service.user("li.wei").unwrap()
    }

    /// The expert's own review as the service gives it to him.
    fn own(&self) -> Option<Record<Review>> {
        self.service
            .reviews_of(&self.user(), ID, ReviewStage::Achievement)
            .unwrap()
            .into_iter()
            .find(|r| r.value.expert == "li.wei")
    }

    fn open_form(&mut self) {
        self.press("2");
        self.press("g");
        for _ in 0..10 {
            if self.app.selected_id() == Some(ID) {
                break;
            }
            self.press("j");
        }
        assert_eq!(self.app.selected_id(), Some(ID));
        self.press("s");
        assert!(self.app.score_form_open(), "{:?}", self.app.message());
    }

    fn text(&mut self) -> String {
        screen(&mut self.app, NARROW).join("\n")
    }

    fn audit_actions(&self) -> Vec<String> {
        self.service
            .store()
            .audit_entries(0)
            .map(|e| e.unwrap().action)
            .collect()
    }
}

#[test]
fn typing_scores_and_a_comment_then_ctrl_s_saves_a_draft() {
    let mut d = desk();
    d.open_form();
    let (x, y) = d.app.cursor().expect("the caret of the first score");
    d.press("15");
    assert_eq!(d.app.cursor(), Some((x + 2, y)));
    d.press("<Tab>25<Tab>40<Tab>Clear aims.<C-s>");

    let own = d.own().expect("a draft");
    assert_eq!(own.value.scores, vec![15, 25, 40]);
    assert_eq!(own.value.comment, "Clear aims.");
    assert!(!own.value.is_submitted());
    assert!(d.text().contains("Total 80 / 100"), "{}", d.text());
    assert!(d.app.message().unwrap().contains("draft saved"));
}

#[test]
fn esc_saves_what_changed_and_reopening_shows_the_draft() {
    let mut d = desk();
    d.open_form();
    d.press("12<Tab>3");
    d.press("<Esc>");
    assert!(!d.app.score_form_open());
    let own = d.own().expect("saved on leaving");
    assert_eq!(own.value.scores, vec![12, 3, 0]);

    d.press("s");
    assert!(d.app.score_form_open());
    let text = d.text();
    assert!(text.contains("[ 12 ] / 20"), "{text}");
    assert!(text.contains("[ 3  ] / 30"), "{text}");

    // Leaving without a change saves nothing more.
    let before = d.audit_actions().len();
    d.press("<Esc>");
    assert_eq!(d.audit_actions().len(), before);
}

#[test]
fn an_out_of_range_score_is_shown_and_blocks_submit() {
    let mut d = desk();
    d.open_form();
    d.press("25<Tab>25<Tab>40");
    assert!(d.text().contains("over the maximum 20"), "{}", d.text());
    d.press("<F10>");
    assert_eq!(d.app.confirm_question(), None, "no dialog");
    assert!(d.app.message().unwrap().contains("cannot submit"));
    assert!(d.own().is_none_or(|r| !r.value.is_submitted()));
}

#[test]
fn a_total_under_the_pass_line_needs_a_comment() {
    let mut d = desk();
    d.open_form();
    d.press("5<Tab>5<Tab>5");
    assert!(d.text().contains("required: the total is under"));
    d.press("<F10>");
    assert_eq!(d.app.confirm_question(), None);
    d.press("<Tab>Weak evidence.<F10>");
    assert!(d.app.confirm_question().is_some());
}

#[test]
fn submit_asks_first_and_enter_cancels() {
    let mut d = desk();
    d.open_form();
    d.press("18<Tab>27<Tab>45<F10>");
    assert!(d.app.confirm_question().unwrap().contains(ID));
    assert_eq!(d.app.reject_chosen(), Some(false), "Cancel is chosen");
    d.press("<Enter>");
    assert!(d.own().is_none_or(|r| !r.value.is_submitted()));

    d.press("<C-Enter>");
    assert!(d.app.confirm_question().is_some(), "Ctrl-Enter asks too");
    d.press("y");
    let own = d.own().expect("submitted");
    assert!(own.value.is_submitted());
    assert_eq!(own.value.total(), 90);
    assert!(d.audit_actions().iter().any(|a| a == "review.submit"));

    // Read-only from now on.
    d.press("<BS><BS>1");
    assert!(d.text().contains("[ 18 ] / 20"));
    assert_eq!(d.app.cursor(), None);
    d.press("<Esc>");
    assert!(!d.app.score_form_open());
}

#[test]
fn an_unassigned_expert_s_changes_nothing() {
    let mut d = desk_as("wang.fang", Lang::En);
    let before = d.audit_actions().len();
    d.press("2s");
    assert!(!d.app.score_form_open());
    // Nothing of the achievement review is listed for him, and asking for
    // li.wei's application by its id is refused as not found.
    d.press(&format!(":goto {ID}<Enter>s"));
    assert!(!d.app.score_form_open());
    let admin = d.service.user("admin").unwrap();
    assert!(
        d.service
            .reviews_of(&admin, ID, ReviewStage::Achievement)
            .unwrap()
            .is_empty()
    );
    assert!(
        d.audit_actions()[before..]
            .iter()
            .all(|a| a != "review.draft")
    );
}

#[test]
fn the_secretariat_is_told_it_does_not_score() {
    let (dir, service, admin) = service_with(&applications());
    crate::cli::demo_experts(&service, &admin).unwrap();
    let mut app = App::new(service.clone(), admin, options(Lang::En), NARROW).unwrap();
    press(&mut app, &format!(":goto {ID}<Enter>s"), t0());
    assert!(!app.score_form_open());
    assert!(app.message().is_some());
    drop(dir);
}

#[test]
fn a_stale_revision_names_who_saved_and_keeps_what_was_typed() {
    let mut d = desk();
    d.open_form();
    // Another session of the same expert saves first.
    let mut other = App::new(d.service.clone(), d.user(), options(Lang::En), NARROW).unwrap();
    press(&mut other, "2", t0());
    press(&mut other, "g", t0());
    while other.selected_id() != Some(ID) {
        press(&mut other, "j", t0());
    }
    press(&mut other, "s1<C-s>", t0());
    assert_eq!(d.own().unwrap().value.scores, vec![1, 0, 0]);

    d.press("19<C-s>");
    let message = d.app.message().unwrap().to_owned();
    assert!(message.contains("li.wei"), "{message}");
    assert!(d.app.score_form_open());
    assert!(d.text().contains("[ 19 ] / 20"));
    // The next save goes over it, as the message says.
    d.press("<C-s>");
    assert_eq!(d.own().unwrap().value.scores, vec![19, 0, 0]);
}

#[test]
fn the_cursor_stands_at_the_caret_of_the_comment() {
    let mut d = desk_as("li.wei", Lang::Zh);
    d.open_form();
    d.press("<S-Tab>");
    let (x0, y0) = d.app.cursor().unwrap();
    d.press("好评");
    let (x1, y1) = d.app.cursor().unwrap();
    assert_eq!((x1 - x0, y1), (4, y0), "two wide characters");
}

#[test]
fn paste_goes_into_the_focused_field_and_wide_screens_work() {
    let mut d = desk();
    d.open_form();
    d.app.handle(super::Event::Paste("1x7".into()), t0());
    d.press("<S-Tab>");
    d.app
        .handle(super::Event::Paste("line one\nline two".into()), t0());
    d.press("<C-s>");
    let own = d.own().unwrap();
    assert_eq!(own.value.scores, vec![17, 0, 0]);
    assert_eq!(own.value.comment, "line one\nline two");

    d.app.handle(super::Event::Resize(160, 48), t0());
    let text = screen(&mut d.app, (160, 48)).join("\n");
    assert!(text.contains("[ 17 ] / 20"), "{text}");
    let (x, y) = d.app.cursor().unwrap();
    assert_eq!(y, 10, "the second comment line");
    assert_eq!(x, 4 + 8);
}

fn form_shot(lang: Lang) -> String {
    let mut d = desk_as("li.wei", lang);
    d.open_form();
    d.press("18<Tab>35<Tab>20<Tab>");
    d.text()
}

#[test]
fn score_form_zh_80x24() {
    insta::assert_snapshot!(form_shot(Lang::Zh));
}

#[test]
fn score_form_en_80x24() {
    insta::assert_snapshot!(form_shot(Lang::En));
}

#[test]
fn typing_is_saved_as_a_draft_on_its_own_after_a_pause() {
    use super::score::AUTOSAVE_AFTER;
    let mut d = desk();
    d.open_form();
    d.press("16<Tab>24");
    assert!(d.own().is_none(), "nothing saved while typing");
    let due = d.app.next_deadline().expect("an autosave is scheduled");
    assert_eq!(due, t0() + AUTOSAVE_AFTER);

    d.app.tick(
        due.checked_sub(std::time::Duration::from_millis(1))
            .unwrap(),
    );
    assert!(d.own().is_none(), "not before its time");
    d.app.tick(due);
    let own = d.own().expect("saved on its own");
    assert_eq!(own.value.scores, [16, 24, 0]);
    assert!(!own.value.is_submitted());
    assert_eq!(d.app.message(), None, "quietly");
    assert_eq!(d.app.next_deadline(), None, "nothing left to save");

    // A session that ends keeps what was typed since.
    d.press("<Tab>41");
    d.app.hang_up();
    assert_eq!(d.own().unwrap().value.scores, [16, 24, 41]);
}

#[test]
fn after_someone_else_saved_first_only_ctrl_s_saves_over_them() {
    let mut d = desk();
    d.open_form();
    d.press("12");
    d.app.tick(t0() + super::score::AUTOSAVE_AFTER);
    let mine = d.own().unwrap();

    // The same expert's other session saves first.
    let mut theirs = mine.value.clone();
    theirs.scores = vec![19, 28, 45];
    d.service
        .save_review_draft(&d.user(), ID, &theirs, Some(mine.revision))
        .unwrap();

    d.press("<Tab>7");
    d.app.tick(t0() + super::score::AUTOSAVE_AFTER);
    assert!(
        d.app.message().unwrap().contains("li.wei"),
        "told who saved"
    );
    assert_eq!(d.own().unwrap().value.scores, [19, 28, 45], "theirs stands");
    let text = d.text();
    assert!(text.contains("[ 7  ]"), "the typing is kept: {text}");

    // More typing does not quietly overwrite theirs...
    d.press("0");
    assert_eq!(d.app.next_deadline(), None);
    d.app.hang_up();
    assert_eq!(d.own().unwrap().value.scores, [19, 28, 45]);
    // ...Ctrl-s does, on purpose.
    d.press("<C-s>");
    assert_eq!(d.own().unwrap().value.scores, [12, 70, 0]);
}
