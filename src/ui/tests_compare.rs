//! Two applications side by side.

use super::testkit::{new_app, press, screen, t0};
use super::*;

const NARROW: (u16, u16) = (80, 24);
const WIDE: (u16, u16) = (160, 48);
const JUNIOR: &str = "2024-ZJ-J-0001";
const SENIOR: &str = "2024-BJ-S-0002";

fn compared(lang: Lang, size: (u16, u16)) -> Vec<String> {
    let (_dir, mut app) = new_app(lang, size);
    press(
        &mut app,
        &format!(":compare {JUNIOR} {SENIOR}<Enter>"),
        t0(),
    );
    assert!(app.compare_open(), "{:?}", app.message());
    screen(&mut app, size)
}

#[test]
fn criteria_and_categories_stand_level_on_both_sides() {
    let lines = compared(Lang::En, WIDE);
    let text = lines.join("\n");
    assert!(text.contains(JUNIOR) && text.contains(SENIOR), "{text}");
    // Each category heading starts on the same line on both sides.
    for heading in ["1 Guiding students", "3 Research", "6 Honors"] {
        let line = lines
            .iter()
            .find(|l| l.contains(heading))
            .unwrap_or_else(|| panic!("{heading} in {text}"));
        assert_eq!(line.matches(heading).count(), 2, "{line}");
    }
    // The senior has no training criterion: a dash holds its place.
    let training = lines.iter().find(|l| l.contains("Training")).unwrap();
    assert!(training.contains("Training -"), "{training}");
}

#[test]
fn one_id_compares_with_the_selected_row_and_two_marks_compare_each_other() {
    let (_dir, mut app) = new_app(Lang::En, NARROW);
    press(&mut app, ":goto 2024-ZJ-J-0001<Enter>", t0());
    press(&mut app, &format!(":compare {SENIOR}<Enter>"), t0());
    assert!(app.compare_open());
    let top = screen(&mut app, NARROW)[0].clone();
    assert!(top.contains(&format!("{JUNIOR}  |  {SENIOR}")), "{top}");
    press(&mut app, "<Esc>", t0());
    assert!(!app.compare_open());
    press(&mut app, ":compare<Enter>", t0());
    assert!(!app.compare_open());
    assert!(
        app.message().unwrap().contains("mark two"),
        "{:?}",
        app.message()
    );
}

#[test]
fn an_unknown_application_is_not_found() {
    let (_dir, mut app) = new_app(Lang::En, NARROW);
    press(
        &mut app,
        &format!(":compare {JUNIOR} 2024-XX-X-9999<Enter>"),
        t0(),
    );
    assert!(!app.compare_open());
    assert!(
        app.message().unwrap().contains("not found"),
        "{:?}",
        app.message()
    );
}

#[test]
fn compare_zh_80x24() {
    insta::assert_snapshot!(compared(Lang::Zh, NARROW).join("\n"));
}

#[test]
fn compare_en_160x48() {
    insta::assert_snapshot!(compared(Lang::En, WIDE).join("\n"));
}

#[test]
fn the_end_of_the_comparison_fills_the_last_row_above_the_footer() {
    let (_dir, mut app) = new_app(Lang::En, NARROW);
    press(
        &mut app,
        &format!(":compare {JUNIOR} {SENIOR}<Enter>"),
        t0(),
    );
    let total = super::compare::line_count(&app, app.compare.as_ref().unwrap());
    let body = usize::from(NARROW.1) - 2;
    assert!(total > body, "more lines than fit: {total}");
    press(&mut app, "G", t0());
    let lines = screen(&mut app, NARROW);
    assert!(
        !lines[usize::from(NARROW.1) - 2].trim().is_empty(),
        "the last line shows on the last row: {lines:#?}"
    );
    // One more j moves nothing.
    let before = lines.clone();
    press(&mut app, "j", t0());
    assert_eq!(screen(&mut app, NARROW), before);
}
