//! Whole-screen snapshots of the eligibility review: the application
//! screen with its criteria (an ineligible application, and an exceptional
//! one with waived criteria), the evidence pane with a rejected item, the
//! verdict filter, and the confirmation dialog, in both languages, at the
//! smallest supported size and at a wide one.

use super::testkit::{new_app, press, screen, t0};
use super::{App, Lang};

const NARROW: (u16, u16) = (80, 24);
const WIDE: (u16, u16) = (160, 48);

fn shot(app: &mut App, size: (u16, u16)) -> String {
    screen(app, size).join("\n")
}

/// An application opened by id, after `keys`.
fn open(lang: Lang, size: (u16, u16), id: &str, keys: &str) -> String {
    let (_dir, mut app) = new_app(lang, size);
    press(&mut app, &format!(":goto {id}<Enter>"), t0());
    press(&mut app, keys, t0());
    shot(&mut app, size)
}

/// Three criteria fail: training hours, achievements, the exceptional basis.
const INELIGIBLE: &str = "2024-HN-J-0001";
/// A senior top-ten counselor: four criteria waived.
const EXCEPTIONAL: &str = "2024-SH-S-0001";

#[test]
fn ineligible_zh_80x24() {
    insta::assert_snapshot!(open(Lang::Zh, NARROW, INELIGIBLE, ""));
}

#[test]
fn ineligible_en_80x24() {
    insta::assert_snapshot!(open(Lang::En, NARROW, INELIGIBLE, ""));
}

#[test]
fn ineligible_zh_160x48() {
    // The achievements selected: the evidence they rest on is marked.
    insta::assert_snapshot!(open(Lang::Zh, WIDE, INELIGIBLE, "jjjj"));
}

#[test]
fn ineligible_en_160x48() {
    insta::assert_snapshot!(open(Lang::En, WIDE, INELIGIBLE, "jjjjj"));
}

#[test]
fn exceptional_zh_80x24() {
    insta::assert_snapshot!(open(Lang::Zh, NARROW, EXCEPTIONAL, ""));
}

#[test]
fn exceptional_en_80x24() {
    insta::assert_snapshot!(open(Lang::En, NARROW, EXCEPTIONAL, ""));
}

#[test]
fn exceptional_zh_160x48() {
    // The exceptional basis selected: its flagged honor is marked.
    insta::assert_snapshot!(open(Lang::Zh, WIDE, EXCEPTIONAL, "jjjjj"));
}

#[test]
fn exceptional_en_160x48() {
    insta::assert_snapshot!(open(Lang::En, WIDE, EXCEPTIONAL, "jjjjj"));
}

#[test]
fn evidence_with_a_rejected_item_zh_80x24() {
    let keys = "jjjj<Tab>jx课题结题证明缺失<Enter>";
    insta::assert_snapshot!(open(Lang::Zh, NARROW, "2024-YN-J-0001", keys));
}

#[test]
fn evidence_with_a_rejected_item_en_160x48() {
    let keys = "jjjj<Tab>jx no closing certificate<Enter>";
    insta::assert_snapshot!(open(Lang::En, WIDE, "2024-YN-J-0001", keys));
}

#[test]
fn verdict_filter_zh_80x24() {
    let (_dir, mut app) = new_app(Lang::Zh, NARROW);
    press(&mut app, "f", t0());
    insta::assert_snapshot!(shot(&mut app, NARROW));
}

#[test]
fn verdict_filter_en_160x48() {
    let (_dir, mut app) = new_app(Lang::En, WIDE);
    press(&mut app, "ff", t0());
    insta::assert_snapshot!(shot(&mut app, WIDE));
}

#[test]
fn confirm_reject_zh_80x24() {
    let (_dir, mut app) = new_app(Lang::Zh, NARROW);
    press(
        &mut app,
        ":goto 2024-ZJ-I-0002<Enter><Esc>r培训学时不足<Enter>",
        t0(),
    );
    insta::assert_snapshot!(shot(&mut app, NARROW));
}

#[test]
fn confirm_reject_en_160x48() {
    let (_dir, mut app) = new_app(Lang::En, WIDE);
    let keys = ":goto 2024-ZJ-I-0002<Enter>rtraining hours short<Enter><Tab>";
    press(&mut app, keys, t0());
    insta::assert_snapshot!(shot(&mut app, WIDE));
}

#[test]
fn reason_prompt_zh_80x24() {
    let (_dir, mut app) = new_app(Lang::Zh, NARROW);
    press(&mut app, "o<Enter>经核实", t0());
    insta::assert_snapshot!(shot(&mut app, NARROW));
}

#[test]
fn help_application_zh_80x24() {
    insta::assert_snapshot!(open(Lang::Zh, NARROW, INELIGIBLE, "?"));
}
