//! Whole-screen snapshots of the main screens in both languages, at the
//! smallest supported size and at a wide one, over the demo fixture.

use std::time::Duration;

use super::testkit::{new_app, press, screen, t0};
use super::{App, Lang};

fn shot(app: &mut App, size: (u16, u16)) -> String {
    screen(app, size).join("\n")
}

/// The queue after moving three rows down and resting.
fn queue(lang: Lang, size: (u16, u16)) -> String {
    let (_dir, mut app) = new_app(lang, size);
    press(&mut app, "jjj", t0());
    app.tick(t0() + Duration::from_millis(150));
    shot(&mut app, size)
}

/// The application screen of a junior applicant with verified evidence.
fn application(lang: Lang, size: (u16, u16), keys: &str) -> String {
    let (_dir, mut app) = new_app(lang, size);
    press(&mut app, ":goto 2024-ZJ-J-0001<Enter>", t0());
    press(&mut app, keys, t0());
    shot(&mut app, size)
}

#[test]
fn queue_zh_80x24() {
    insta::assert_snapshot!(queue(Lang::Zh, (80, 24)));
}

#[test]
fn queue_en_80x24() {
    insta::assert_snapshot!(queue(Lang::En, (80, 24)));
}

#[test]
fn queue_zh_160x48() {
    insta::assert_snapshot!(queue(Lang::Zh, (160, 48)));
}

#[test]
fn queue_en_160x48() {
    insta::assert_snapshot!(queue(Lang::En, (160, 48)));
}

#[test]
fn queue_closed_tab_zh_80x24() {
    let (_dir, mut app) = new_app(Lang::Zh, (80, 24));
    press(&mut app, "7", t0());
    insta::assert_snapshot!(shot(&mut app, (80, 24)));
}

#[test]
fn application_zh_80x24() {
    insta::assert_snapshot!(application(Lang::Zh, (80, 24), ""));
}

#[test]
fn application_evidence_zh_80x24() {
    insta::assert_snapshot!(application(Lang::Zh, (80, 24), "<Tab>"));
}

#[test]
fn application_en_80x24() {
    insta::assert_snapshot!(application(Lang::En, (80, 24), ""));
}

#[test]
fn application_zh_160x48() {
    insta::assert_snapshot!(application(Lang::Zh, (160, 48), ""));
}

#[test]
fn application_en_160x48() {
    insta::assert_snapshot!(application(Lang::En, (160, 48), ""));
}

#[test]
fn help_zh_80x24() {
    let (_dir, mut app) = new_app(Lang::Zh, (80, 24));
    press(&mut app, "?", t0());
    insta::assert_snapshot!(shot(&mut app, (80, 24)));
}

#[test]
fn help_en_application_80x24() {
    let (_dir, mut app) = new_app(Lang::En, (80, 24));
    press(&mut app, ":goto 2024-ZJ-J-0001<Enter>?", t0());
    insta::assert_snapshot!(shot(&mut app, (80, 24)));
}

#[test]
fn too_small_zh_79x23() {
    let (_dir, mut app) = new_app(Lang::Zh, (79, 23));
    insta::assert_snapshot!(shot(&mut app, (79, 23)));
}
