//! The statistics screen: what it counts, how it scrolls, who may open it.

use super::testkit::{
    add_expert, applications, ids_at, options, press, screen, service_with, submit_scores, t0,
};
use super::*;
use crate::domain::{Stage, User};
use crate::service::Service;

/// A desk over the demo fixture with two experts who scored two
/// applications at the achievement review, and one application rejected
/// there.
fn desk() -> (tempfile::TempDir, std::sync::Arc<Service>, User) {
    let (dir, service, admin) = service_with(&applications());
    let at_review = ids_at(&service, &admin, Stage::Achievement);
    let experts: Vec<User> = ["zhou", "sun"]
        .iter()
        .map(|name| add_expert(&service, &admin, name))
        .collect();
    for (n, id) in at_review.iter().take(2).enumerate() {
        for (e, expert) in experts.iter().enumerate() {
            service.assign(&admin, id, &expert.name).unwrap();
            submit_scores(
                &service,
                expert,
                id,
                [20 - e as u32 * 5, 25, 40 - n as u32 * 20],
            );
        }
    }
    let rejected = &at_review[2];
    let revision = service
        .store()
        .application(rejected)
        .unwrap()
        .unwrap()
        .revision;
    service
        .reject_at_stage(&admin, rejected, "业绩不足", revision)
        .unwrap();
    (dir, service, admin)
}

fn stats_screen(lang: Lang, size: (u16, u16)) -> Vec<String> {
    let (_dir, service, admin) = desk();
    let mut app = App::new(service, admin, options(lang), size).unwrap();
    press(&mut app, ":stats<Enter>", t0());
    assert!(app.statistics_open());
    screen(&mut app, size)
}

#[test]
fn counts_rates_and_scores_are_shown() {
    let lines = stats_screen(Lang::En, (160, 48));
    let text = lines.join("\n");
    // Rejected at the achievement review: one failed there.
    let achievement = lines
        .iter()
        .find(|l| l.trim_start().starts_with("Achievement "))
        .unwrap();
    let cells: Vec<&str> = achievement.split_whitespace().collect();
    assert_eq!(cells[3], "1", "{achievement}");
    // Two aggregates (85-5=80 and 65-5=60 on average) and two tendencies.
    assert!(text.contains("zhou") && text.contains("sun"), "{text}");
    let bar = |label: &str| {
        lines
            .iter()
            .find_map(|l| {
                l.split_once(&format!(" {label} "))
                    .map(|(_, rest)| rest.trim().to_owned())
            })
            .unwrap()
    };
    assert!(bar("80-89").ends_with(" 1"), "{}", bar("80-89"));
    assert!(bar("60-69").ends_with(" 1"), "{}", bar("60-69"));
    assert_eq!(bar("0-9"), "0");
}

#[test]
fn it_scrolls_within_its_lines_and_esc_leaves() {
    let (_dir, service, admin) = desk();
    let mut app = App::new(service, admin, options(Lang::Zh), (80, 24)).unwrap();
    press(&mut app, ":stats<Enter>", t0());
    let top = screen(&mut app, (80, 24));
    press(&mut app, "G", t0());
    let bottom = screen(&mut app, (80, 24));
    assert_ne!(top[2], bottom[2]);
    assert!(
        bottom.iter().any(|l| l.contains("专家评分倾向")),
        "{bottom:?}"
    );
    press(&mut app, "j", t0());
    assert!(!app.needs_draw(), "G is the last page");
    press(&mut app, "g", t0());
    assert_eq!(screen(&mut app, (80, 24)), top);
    press(&mut app, "<Esc>", t0());
    assert!(!app.statistics_open());
}

#[test]
fn an_expert_may_not_open_it() {
    let (_dir, service, _admin) = desk();
    let expert = service.user("zhou").unwrap();
    let mut app = App::new(service, expert, options(Lang::Zh), (80, 24)).unwrap();
    press(&mut app, ":stats<Enter>", t0());
    assert!(!app.statistics_open());
    assert!(app.message().is_some());
}

#[test]
fn statistics_zh_80x24() {
    insta::assert_snapshot!(stats_screen(Lang::Zh, (80, 24)).join("\n"));
}

#[test]
fn statistics_en_80x24() {
    insta::assert_snapshot!(stats_screen(Lang::En, (80, 24)).join("\n"));
}

#[test]
fn statistics_zh_160x48() {
    insta::assert_snapshot!(stats_screen(Lang::Zh, (160, 48)).join("\n"));
}
