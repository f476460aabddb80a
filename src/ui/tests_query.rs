//! The search language in the queue: typed after `/`, narrowing and
//! ordering each tab, with errors shown where they are.

use super::testkit::{
    add_expert, applications, ids_at, new_app, options, press, service_with, submit_scores, t0,
};
use super::*;
use crate::domain::{Level, Stage};

const NARROW: (u16, u16) = (80, 24);

/// The rows of the first tab (eligibility) whose summary satisfies `keep`.
fn expected_in_eligibility(keep: impl Fn(&crate::domain::Summary) -> bool) -> usize {
    super::testkit::summaries()
        .iter()
        .filter(|s| s.stage == Stage::Eligibility && keep(s))
        .count()
}

#[test]
fn a_query_narrows_the_tab_in_either_language_alike() {
    let (_dir, mut app) = new_app(Lang::Zh, NARROW);
    let all = app.position().1;
    press(&mut app, "/level:senior", t0());
    let seniors = expected_in_eligibility(|s| s.level == Level::Senior);
    assert!(seniors > 0 && seniors < all);
    assert_eq!(app.position().1, seniors);
    press(&mut app, "<Esc>/级别:高级 OR 级别:初级", t0());
    let either = expected_in_eligibility(|s| matches!(s.level, Level::Senior | Level::Junior));
    assert_eq!(app.position().1, either);
    press(&mut app, "<Enter>", t0());
    assert_eq!(app.prompt_text(), None);
    assert_eq!(app.position().1, either, "Enter keeps the query");
}

#[test]
fn an_error_says_where_and_keeps_the_last_good_list() {
    let (_dir, mut app) = new_app(Lang::Zh, NARROW);
    press(&mut app, "/level:senior", t0());
    let seniors = app.position().1;
    press(&mut app, " (", t0());
    let message = app.message().expect("an error").to_owned();
    assert!(message.starts_with("第 14 个字符"), "{message}");
    assert_eq!(app.position().1, seniors);
    let lines = super::testkit::screen(&mut app, NARROW);
    assert!(lines[22].contains("括号没有闭合"), "{lines:?}");
    // Enter does not leave a broken query behind.
    press(&mut app, "<Enter>", t0());
    assert!(app.prompt_text().is_some());
    press(&mut app, "<BS><BS>", t0());
    assert_eq!(app.message(), None);
    press(&mut app, "<Enter>", t0());
    assert_eq!(app.prompt_text(), None);
}

#[test]
fn an_english_interface_explains_in_english() {
    let (_dir, mut app) = new_app(Lang::En, NARROW);
    press(&mut app, "/colour:red", t0());
    let message = app.message().expect("an error").to_owned();
    assert!(message.starts_with("at 1: no field colour"), "{message}");
}

#[test]
fn sort_keys_order_the_rows() {
    let (_dir, mut app) = new_app(Lang::En, NARROW);
    press(&mut app, "/sort:-id<Enter>", t0());
    let mut ids = Vec::new();
    press(&mut app, "g", t0());
    for _ in 0..app.position().1 {
        ids.push(app.selected_id().unwrap().to_owned());
        press(&mut app, "j", t0());
    }
    let mut sorted = ids.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(ids, sorted);
    assert!(ids.len() > 3);
}

#[test]
fn scores_and_panels_are_searched_through_the_service() {
    let (_dir, service, admin) = service_with(&applications());
    let at_review = ids_at(&service, &admin, Stage::Achievement);
    let expert = add_expert(&service, &admin, "zhou");
    let (scored, other) = (&at_review[0], &at_review[1]);
    for id in [scored, other] {
        service.assign(&admin, id, "zhou").unwrap();
    }
    submit_scores(&service, &expert, scored, [20, 25, 40]);

    let mut app = App::new(service, admin, options(Lang::En), NARROW).unwrap();
    press(&mut app, "2/assigned:zhou", t0());
    assert_eq!(app.position().1, 2);
    press(&mut app, " reviewed:zhou", t0());
    assert_eq!(
        (app.position().1, app.selected_id()),
        (1, Some(scored.as_str()))
    );
    press(&mut app, "<Esc>/assigned:zhou missing:review", t0());
    assert_eq!(
        (app.position().1, app.selected_id()),
        (1, Some(other.as_str()))
    );
    press(&mut app, "<Esc>/score:>=85 assigned:zhou", t0());
    assert_eq!(app.position().1, 1);
    press(&mut app, "<Esc>/score:>85", t0());
    assert_eq!(app.position().1, 0);
}

#[test]
fn tab_completes_commands_fields_and_values() {
    let (_dir, mut app) = new_app(Lang::En, NARROW);
    press(&mut app, ":sta<Tab>", t0());
    assert_eq!(app.prompt_text().as_deref(), Some(":stats "));
    press(&mut app, "<Esc>:goto 2024-zj-j-000<Tab>", t0());
    // Several juniors from Zhejiang: the choices are listed.
    assert_eq!(app.prompt_text().as_deref(), Some(":goto 2024-zj-j-000"));
    let listed = app.message().expect("the choices").to_owned();
    assert!(
        listed.contains("2024-ZJ-J-0001") && listed.contains("2024-ZJ-J-0002"),
        "{listed}"
    );
    press(&mut app, "<Esc><Esc>/张 lev<Tab>", t0());
    assert_eq!(app.prompt_text().as_deref(), Some("/张 level:"));
    press(&mut app, "se<Tab>", t0());
    assert_eq!(app.prompt_text().as_deref(), Some("/张 level:senior "));
    press(&mut app, "<Esc>:lang z<Tab>", t0());
    assert_eq!(app.prompt_text().as_deref(), Some(":lang zh "));
}

#[test]
fn up_and_down_walk_the_lines_typed_before() {
    let (_dir, mut app) = new_app(Lang::En, NARROW);
    press(&mut app, ":stats<Enter><Esc>/level:senior<Enter>/", t0());
    press(&mut app, "<Up>", t0());
    assert_eq!(app.prompt_text().as_deref(), Some("/level:senior"));
    press(&mut app, "<Esc>:rank", t0());
    press(&mut app, "<Up>", t0());
    assert_eq!(app.prompt_text().as_deref(), Some(":stats"));
    press(&mut app, "<Down>", t0());
    assert_eq!(
        app.prompt_text().as_deref(),
        Some(":rank"),
        "back to what was typed"
    );
}

#[test]
fn complaints_on_the_notice_are_searched() {
    let (_dir, service, admin) = service_with(&applications());
    let on_notice: Vec<String> = service
        .summaries(&admin)
        .unwrap()
        .into_iter()
        .filter(|s| s.stage == Stage::Notice)
        .map(|s| s.id)
        .collect();
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    service.open_notice(&admin, day("2024-05-27"), 5).unwrap();
    service
        .complain(&admin, &on_notice[0], day("2024-05-29"), "业绩材料存疑")
        .unwrap();

    let mut app = App::new(service.clone(), admin, options(Lang::En), NARROW).unwrap();
    press(&mut app, "5/complaint:open", t0());
    assert_eq!(
        (app.position().1, app.selected_id()),
        (1, Some(on_notice[0].as_str()))
    );
    press(&mut app, "<Esc>/complaint:dismissed", t0());
    assert_eq!(app.position().1, 0);
}
