//! Stage moves driven by keys, as the secretariat works after the
//! eligibility review: advance, the marked rows in bulk, send back, reject
//! after scoring, and the written score, each checked in the store, the
//! history and the audit log.

use std::sync::Arc;

use crate::domain::scoring::{Review, ReviewStage};
use crate::domain::{Stage, User, UserRole};
use crate::service::Service;

use super::testkit::{
    applications, audit_head, audit_since, options, press, screen, select_row, service_with, t0,
};
use super::{App, Lang};

const NARROW: (u16, u16) = (80, 24);
const WIDE: (u16, u16) = (160, 48);
/// A junior at the achievement review: juniors of the demo cycle go on to
/// the notice.
const JUNIOR: &str = "2024-ZJ-J-0001";
const OTHER_JUNIOR: &str = "2024-GD-J-0001";
/// An intermediate at the written exam.
const WRITTEN: &str = "2024-ZJ-I-0001";

struct Desk {
    _dir: tempfile::TempDir,
    service: Arc<Service>,
    admin: User,
    app: App,
}

fn desk(lang: Lang, size: (u16, u16)) -> Desk {
    let (dir, service, admin) = service_with(&applications());
    for (name, org) in [
        ("e1", "西安市第一中学"),
        ("e2", "兰州市科技馆"),
        ("e3", "银川市教育局"),
    ] {
        let mut user = User::new(name, UserRole::Expert);
        user.organization = Some(org.into());
        service.add_user(&admin, &user).unwrap();
    }
    let app = App::new(service.clone(), admin.clone(), options(lang), size).unwrap();
    Desk {
        _dir: dir,
        service,
        admin,
        app,
    }
}

impl Desk {
    fn press(&mut self, keys: &str) {
        press(&mut self.app, keys, t0());
    }

    fn stage(&self, id: &str) -> Stage {
        self.service
            .application(&self.admin, id)
            .unwrap()
            .value
            .stage
    }

    fn actions_since(&self, seq: u64) -> Vec<String> {
        audit_since(&self.service, seq)
            .into_iter()
            .map(|e| e.action)
            .collect()
    }

    fn seq(&self) -> u64 {
        audit_head(&self.service)
    }

    fn select(&mut self, id: &str) {
        select_row(&mut self.app, id);
    }

    fn message(&self) -> String {
        self.app.message().unwrap_or_default().to_owned()
    }

    /// Assigns the three experts and submits their achievement reviews,
    /// then lets the app see the change.
    fn score(&mut self, id: &str, points: [[u32; 3]; 3]) {
        let s = &self.service;
        for (name, scores) in ["e1", "e2", "e3"].into_iter().zip(points) {
            s.assign(&self.admin, id, name).unwrap();
            let expert = s.user(name).unwrap();
            let mut review = Review::draft(name, ReviewStage::Achievement);
            review.scores = scores.to_vec();
            review.comment = "材料完整".into();
            let saved = s.save_review_draft(&expert, id, &review, None).unwrap();
            s.submit_review(&expert, id, ReviewStage::Achievement, saved.revision)
                .unwrap();
        }
        self.app.handle(super::Event::DataChanged, t0());
    }
}

#[test]
fn a_moves_a_scored_application_on_and_b_sends_it_back_with_a_reason() {
    let mut d = desk(Lang::Zh, NARROW);
    d.score(JUNIOR, [[20, 25, 40], [18, 22, 35], [15, 20, 30]]);
    d.press("2");
    d.select(JUNIOR);
    let row = screen(&mut d.app, NARROW)
        .into_iter()
        .find(|l| l.contains(JUNIOR))
        .unwrap();
    assert!(row.contains("3/3 75.0"), "{row}");

    let seq = d.seq();
    d.press("a");
    assert_eq!(d.stage(JUNIOR), Stage::Notice);
    assert!(
        d.message().contains("已推进 2024-ZJ-J-0001 -> 公示"),
        "{}",
        d.message()
    );
    assert_eq!(d.actions_since(seq), ["stage.advance"]);

    d.press("<Esc>5");
    d.select(JUNIOR);
    d.press("b");
    assert_eq!(d.app.prompt_text().as_deref(), Some("退回的理由："));
    d.press("<Enter>");
    assert!(
        d.message().contains("理由"),
        "an empty reason is refused: {}",
        d.message()
    );
    assert_eq!(d.stage(JUNIOR), Stage::Notice);
    d.press("评分需复议<Enter>");
    assert_eq!(d.stage(JUNIOR), Stage::Achievement);
    let history = d.service.history(&d.admin, JUNIOR).unwrap();
    let last = history.entries.last().unwrap();
    assert_eq!(last.reason.as_deref(), Some("评分需复议"));
    assert_eq!(d.actions_since(seq), ["stage.advance", "stage.send_back"]);
}

#[test]
fn marked_rows_move_together_after_a_confirmation_and_the_held_back_stay_marked() {
    let mut d = desk(Lang::En, WIDE);
    d.score(JUNIOR, [[20, 25, 40], [18, 22, 35], [15, 20, 30]]);
    d.press("2");
    d.select(JUNIOR);
    d.press(" ");
    d.select(OTHER_JUNIOR);
    d.press(" ");
    assert_eq!(d.app.marked(), [OTHER_JUNIOR, JUNIOR]);
    let footer = screen(&mut d.app, WIDE)[47].clone();
    assert!(footer.contains("2 marked"), "{footer}");

    // Enter alone presses Cancel.
    let seq = d.seq();
    d.press("a");
    let question = d.app.confirm_question().unwrap();
    assert!(question.contains("the 2 marked"), "{question}");
    d.press("<Enter>");
    assert_eq!(d.seq(), seq);
    assert_eq!(d.stage(JUNIOR), Stage::Achievement);

    d.press("ay");
    assert_eq!(d.stage(JUNIOR), Stage::Notice);
    assert_eq!(d.stage(OTHER_JUNIOR), Stage::Achievement);
    let message = d.message();
    assert!(message.contains("Moved 1, held back 1"), "{message}");
    assert!(message.contains("0 of 3 experts assigned"), "{message}");
    assert_eq!(d.app.marked(), [OTHER_JUNIOR]);
    assert_eq!(d.actions_since(seq), ["stage.advance"]);

    d.press("<Esc><Esc>");
    assert!(d.app.marked().is_empty());
}

#[test]
fn r_after_scoring_rejects_only_after_a_reason_and_a_confirmation() {
    let mut d = desk(Lang::Zh, NARROW);
    d.press("2");
    d.select(JUNIOR);
    d.press("r");
    assert_eq!(d.app.prompt_text().as_deref(), Some("驳回的理由："));
    d.press("业绩材料不实<Enter>");
    assert!(d.app.confirm_question().unwrap().contains(JUNIOR));
    assert_eq!(d.app.reject_chosen(), Some(false));
    d.press("n");
    assert_eq!(d.stage(JUNIOR), Stage::Achievement);

    d.select(JUNIOR);
    d.press("r业绩材料不实<Enter>y");
    assert_eq!(d.stage(JUNIOR), Stage::Rejected);
    let history = d.service.history(&d.admin, JUNIOR).unwrap();
    assert_eq!(history.rejected_from, Some(Stage::Achievement));
}

#[test]
fn w_enters_the_written_score_and_refuses_one_out_of_range() {
    let mut d = desk(Lang::Zh, NARROW);
    d.press("3");
    d.select(WRITTEN);
    d.press("w");
    assert_eq!(
        d.app.prompt_text().as_deref(),
        Some("2024-ZJ-I-0001 的笔试成绩（0-100）：")
    );
    d.press("101<Enter>");
    assert!(d.message().contains("0 到 100"), "{}", d.message());
    assert!(
        d.app.prompt_text().unwrap().ends_with("101"),
        "the typing is kept"
    );
    d.press("<BS><BS><BS>75<Enter>");
    assert_eq!(
        d.service.written_score(&d.admin, WRITTEN).unwrap(),
        Some(75)
    );
    let row = screen(&mut d.app, NARROW)
        .into_iter()
        .find(|l| l.contains(WRITTEN))
        .unwrap();
    assert!(row.contains(" 75"), "{row}");

    // The written exam passed, the guard of the next stage is the defense's.
    d.press("a");
    assert_eq!(d.stage(WRITTEN), Stage::Defense);
    d.press("<Esc>4");
    d.select(WRITTEN);
    d.press("a");
    assert!(
        d.message().contains("答辩已分配 0 位专家"),
        "{}",
        d.message()
    );
}

#[test]
fn the_hints_follow_the_stage_and_readers_get_none() {
    let mut d = desk(Lang::Zh, NARROW);
    d.press("3");
    let footer = screen(&mut d.app, NARROW)[23].clone();
    assert!(
        footer.contains("a 推进") && footer.contains("w 笔试"),
        "{footer}"
    );
    d.press("1");
    let footer = screen(&mut d.app, NARROW)[23].clone();
    assert!(
        !footer.contains("推进") && !footer.contains("w 笔试"),
        "{footer}"
    );

    let supervisor = User::new("jian", UserRole::Supervisor);
    d.service.add_user(&d.admin, &supervisor).unwrap();
    let mut app = App::new(d.service.clone(), supervisor, options(Lang::Zh), NARROW).unwrap();
    press(&mut app, "3", t0());
    let footer = screen(&mut app, NARROW)[23].clone();
    assert!(!footer.contains("a 推进"), "{footer}");
    let seq = d.seq();
    press(&mut app, "a w b", t0());
    assert!(
        app.message().unwrap_or_default().contains("监督"),
        "{:?}",
        app.message()
    );
    assert!(
        app.marked().is_empty(),
        "a supervisor marks nothing to move"
    );
    // The refusals wrote nothing.
    assert_eq!(d.seq(), seq);
}

#[test]
fn a_panel_expert_scores_the_defense_in_a_one_field_form() {
    let mut d = desk(Lang::Zh, NARROW);
    let id = "2024-JS-I-0001";
    d.service.assign(&d.admin, id, "e1").unwrap();
    let expert = d.service.user("e1").unwrap();
    let mut app = App::new(d.service.clone(), expert.clone(), options(Lang::Zh), NARROW).unwrap();
    press(&mut app, "4s", t0());
    assert!(app.score_form_open());
    let form = screen(&mut app, NARROW).join("\n");
    assert!(form.contains("答辩评分"), "{form}");
    assert!(form.contains("答辩"), "{form}");
    press(&mut app, "101", t0());
    let form = screen(&mut app, NARROW).join("\n");
    assert!(form.contains("100"), "the maximum is named: {form}");
    press(
        &mut app,
        "<BS><BS><BS>82<Tab>表达清楚，答辩到位<F10>y",
        t0(),
    );
    let reviews = d
        .service
        .reviews_of(&d.admin, id, ReviewStage::Defense)
        .unwrap();
    assert_eq!(reviews.len(), 1);
    assert!(reviews[0].value.is_submitted());
    assert_eq!(reviews[0].value.scores, [82]);

    // The panel of one has submitted: the secretariat moves it to the notice.
    d.app.handle(super::Event::DataChanged, t0());
    d.press("4");
    d.select(id);
    let row = screen(&mut d.app, NARROW)
        .into_iter()
        .find(|l| l.contains(id))
        .unwrap();
    assert!(row.contains("1/1 82.0"), "{row}");
    d.press("a");
    assert_eq!(d.stage(id), Stage::Notice);
}

#[test]
fn u_takes_back_the_last_move_through_the_service() {
    let mut d = desk(Lang::En, WIDE);
    d.score(JUNIOR, [[20, 25, 40], [18, 22, 35], [15, 20, 30]]);
    d.press("u");
    assert!(d.message().contains("nothing to undo"), "{}", d.message());
    d.press("<Esc>2");
    d.select(JUNIOR);
    let seq = d.seq();
    d.press("a");
    assert_eq!(d.stage(JUNIOR), Stage::Notice);
    d.press("u");
    assert_eq!(d.stage(JUNIOR), Stage::Achievement);
    assert!(
        d.message().contains("1 application(s) back"),
        "{}",
        d.message()
    );
    assert_eq!(d.actions_since(seq), ["stage.advance", "stage.undo"]);
    let history = d.service.history(&d.admin, JUNIOR).unwrap();
    let last = history.entries.last().unwrap();
    assert_eq!(
        (last.stage, last.to),
        (Stage::Notice, Some(Stage::Achievement))
    );
    // Once only.
    d.press("<Esc>u");
    assert!(d.message().contains("nothing to undo"), "{}", d.message());
}

#[test]
fn an_undo_refuses_when_someone_moved_the_application_since() {
    let mut d = desk(Lang::En, WIDE);
    d.score(JUNIOR, [[20, 25, 40], [18, 22, 35], [15, 20, 30]]);
    d.press("2");
    d.select(JUNIOR);
    d.press("a");
    let revision = d.service.application(&d.admin, JUNIOR).unwrap().revision;
    d.service
        .send_back(&d.admin, JUNIOR, "另一位秘书处人员退回", revision)
        .unwrap();
    let seq = d.seq();
    d.press("<Esc>u");
    assert!(
        d.message().contains("no longer at notice"),
        "{}",
        d.message()
    );
    assert_eq!(d.seq(), seq, "nothing written");
}

#[test]
fn v_marks_a_range_that_follows_the_cursor_and_u_restores_the_marks() {
    let mut d = desk(Lang::En, WIDE);
    d.press("2g");
    let rows = d.app.position().1;
    assert!(rows >= 4);
    d.press("jv");
    assert_eq!(d.app.marked().len(), 1);
    d.press("jj");
    assert_eq!(d.app.marked().len(), 3);
    d.press("k");
    assert_eq!(d.app.marked().len(), 2, "the range shrinks with the cursor");
    d.press("v");
    d.press("jjj");
    assert_eq!(d.app.marked().len(), 2, "v again ends the range");
    d.press("u");
    assert!(d.app.marked().is_empty(), "u takes the range back");
    d.press("gvjj");
    assert_eq!(d.app.marked().len(), 3);
    // The first Esc dismisses the note, the second clears the marks.
    d.press("<Esc><Esc>");
    assert!(d.app.marked().is_empty());
    d.press("u");
    assert_eq!(d.app.marked().len(), 3, "u brings back what Esc cleared");
}
