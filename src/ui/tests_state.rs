//! State tests: key sequences in, state out, nothing rendered.

use std::time::Duration;

use crossterm::event::KeyCode;

use super::testkit::{app_with, key, new_app, options, press, t0};
use super::{App, Event, Lang, ScreenKind};

const NARROW: (u16, u16) = (80, 24);

fn zh() -> (tempfile::TempDir, App) {
    new_app(Lang::Zh, NARROW)
}

#[test]
fn j_and_k_move_within_the_list() {
    let (_dir, mut app) = zh();
    let now = t0();
    assert_eq!(app.position(), (1, 26));
    press(&mut app, "k<Up>", now);
    assert_eq!(app.position().0, 1, "k at the top stays");
    press(&mut app, "jj<Down>", now);
    assert_eq!(app.position().0, 4);
    press(&mut app, "k", now);
    assert_eq!(app.position().0, 3);
}

#[test]
fn g_and_big_g_go_to_the_ends_and_paging_stops_there() {
    let (_dir, mut app) = zh();
    let now = t0();
    press(&mut app, "G", now);
    assert_eq!(app.position(), (26, 26));
    press(&mut app, "j<PgDn><C-d>", now);
    assert_eq!(app.position(), (26, 26));
    press(&mut app, "g", now);
    assert_eq!(app.position(), (1, 26));
    press(&mut app, "<PgDn>", now);
    // 80x24 shows 15 rows: a page moves by 15.
    assert_eq!(app.position(), (16, 26));
    press(&mut app, "<C-u><C-u>", now);
    assert_eq!(app.position(), (1, 26));
    press(&mut app, "<End>", now);
    assert_eq!(app.position(), (26, 26));
    press(&mut app, "<Home>", now);
    assert_eq!(app.position(), (1, 26));
}

#[test]
fn digits_and_brackets_switch_tabs() {
    let (_dir, mut app) = zh();
    let now = t0();
    press(&mut app, "2", now);
    assert_eq!((app.tab(), app.position()), (1, (1, 11)));
    press(&mut app, "7", now);
    assert_eq!((app.tab(), app.position().1), (6, 15));
    press(&mut app, "]", now);
    assert_eq!(app.tab(), 0, "] wraps from the last tab to the first");
    press(&mut app, "[", now);
    assert_eq!(app.tab(), 6);
    press(&mut app, "[[", now);
    assert_eq!(app.tab(), 4);
    press(&mut app, "8", now);
    assert_eq!(app.tab(), 4, "there is no tab 8");
}

#[test]
fn each_tab_keeps_its_own_selection() {
    let (_dir, mut app) = zh();
    let now = t0();
    press(&mut app, "jjj2j1", now);
    assert_eq!(app.position().0, 4);
    press(&mut app, "2", now);
    assert_eq!(app.position().0, 2);
}

#[test]
fn enter_opens_the_application_and_esc_goes_back() {
    let (_dir, mut app) = zh();
    let now = t0();
    press(&mut app, "j", now);
    let id = app.selected_id().unwrap().to_owned();
    press(&mut app, "<Enter>", now);
    assert_eq!(app.screen(), ScreenKind::Application);
    assert_eq!(app.open_id(), Some(id.as_str()));
    press(&mut app, "<Esc>", now);
    assert_eq!(app.screen(), ScreenKind::Queue);
    assert_eq!(
        app.selected_id(),
        Some(id.as_str()),
        "the selection is kept"
    );
}

#[test]
fn the_filter_narrows_as_typed_and_esc_clears_it() {
    let (_dir, mut app) = zh();
    let now = t0();
    press(&mut app, "/浙", now);
    let counts_while_typing = app.position().1;
    assert!(counts_while_typing < 26 && counts_while_typing > 0);
    assert_eq!(app.prompt_text().as_deref(), Some("/浙"));
    press(&mut app, "江", now);
    assert_eq!(
        app.position().1,
        counts_while_typing,
        "every 浙 here is 浙江"
    );
    press(&mut app, "<BS><BS>温州", now);
    let narrower = app.position().1;
    assert!(narrower > 0 && narrower < counts_while_typing, "{narrower}");
    assert!(app.selected_id().is_some());
    press(&mut app, "<Esc>", now);
    assert_eq!(app.prompt_text(), None);
    assert_eq!(app.position().1, 26);
}

#[test]
fn enter_keeps_the_filter_and_esc_then_clears_it() {
    let (_dir, mut app) = zh();
    let now = t0();
    press(&mut app, "/zj-j<Enter>", now);
    assert_eq!(app.prompt_text(), None);
    let kept = app.position().1;
    assert!(kept < 26);
    assert!(app.selected_id().unwrap().contains("ZJ-J"));
    press(&mut app, "<Esc>", now);
    assert_eq!(app.position().1, 26);
}

#[test]
fn backspace_widens_the_filter_again() {
    let (_dir, mut app) = zh();
    let now = t0();
    press(&mut app, "/2024-zj-j-0003", now);
    assert_eq!(app.position().1, 1);
    press(&mut app, "<BS><BS><BS><BS>", now);
    assert!(app.position().1 > 1);
}

#[test]
fn n_and_big_n_step_through_matches_across_tabs() {
    let (_dir, mut app) = zh();
    let now = t0();
    press(&mut app, "/ZJ-I<Enter>", now);
    let first = app.selected_id().unwrap().to_owned();
    let in_this_tab = app.position().1;
    for _ in 0..in_this_tab {
        press(&mut app, "n", now);
    }
    assert_ne!(app.tab(), 0, "n went on into the next tab with matches");
    assert!(app.selected_id().unwrap().contains("ZJ-I"));
    for _ in 0..in_this_tab {
        press(&mut app, "N", now);
    }
    assert_eq!((app.tab(), app.selected_id()), (0, Some(first.as_str())));
}

#[test]
fn n_does_nothing_without_a_filter() {
    let (_dir, mut app) = zh();
    super::testkit::draw(&mut app, NARROW);
    press(&mut app, "nN", t0());
    assert_eq!(app.position().0, 1);
    assert!(!app.needs_draw());
}

#[test]
fn goto_opens_an_application_in_any_tab() {
    let (_dir, mut app) = zh();
    let now = t0();
    press(&mut app, ":goto 2024-ZJ-J-0001<Enter>", now);
    assert_eq!(app.screen(), ScreenKind::Application);
    assert_eq!(app.open_id(), Some("2024-ZJ-J-0001"));
    assert_eq!(app.tab(), 1, "the queue shows its stage (achievement) too");
    assert_eq!(app.selected_id(), Some("2024-ZJ-J-0001"));
}

#[test]
fn goto_an_unknown_id_says_so_and_esc_dismisses() {
    let (_dir, mut app) = zh();
    let now = t0();
    press(&mut app, ":goto 2024-XX-J-9999<Enter>", now);
    assert_eq!(app.screen(), ScreenKind::Queue);
    let message = app.message().unwrap();
    assert!(
        message.contains("未找到申报") && message.contains("2024-XX-J-9999"),
        "{message}"
    );
    press(&mut app, "<Esc>", now);
    assert_eq!(app.message(), None);
}

#[test]
fn bad_commands_explain_themselves() {
    let (_dir, mut app) = zh();
    let now = t0();
    press(&mut app, ":approve<Enter>", now);
    assert!(app.message().unwrap().contains("未知命令"));
    press(&mut app, "<Esc>:lang fr<Enter>", now);
    assert!(app.message().unwrap().contains(":lang zh|en"));
    press(&mut app, "<Esc>:goto<Enter>", now);
    assert!(app.message().unwrap().contains(":goto"));
}

#[test]
fn lang_switches_the_catalog() {
    let (_dir, mut app) = zh();
    let now = t0();
    assert_eq!(app.lang(), Lang::Zh);
    press(&mut app, ":lang en<Enter>", now);
    assert_eq!(app.lang(), Lang::En);
    press(&mut app, ":goto nothing<Enter>", now);
    assert!(app.message().unwrap().starts_with("application not found"));
}

#[test]
fn theme_switches_and_a_bad_one_warns() {
    let (_dir, mut app) = zh();
    let now = t0();
    press(&mut app, ":theme mono<Enter>", now);
    assert_eq!(app.theme().name(), "mono");
    assert_eq!(app.message(), None);
    press(&mut app, ":theme /nowhere/x.toml<Enter>", now);
    assert_eq!(app.theme().name(), "default");
    assert!(app.message().unwrap().contains("/nowhere/x.toml"));
}

#[test]
fn the_detail_pane_follows_only_after_the_cursor_rests() {
    let (_dir, mut app) = zh();
    let now = t0();
    let first = app.selected_id().unwrap().to_owned();
    assert_eq!(app.detail_id(), Some(first.as_str()));
    assert_eq!(app.next_deadline(), None);

    press(&mut app, "jjj", now);
    let selected = app.selected_id().unwrap().to_owned();
    assert_eq!(app.detail_id(), Some(first.as_str()), "not yet");
    let deadline = app.next_deadline().unwrap();
    assert_eq!(deadline, now + Duration::from_millis(150));

    app.tick(now + Duration::from_millis(100));
    assert_eq!(app.detail_id(), Some(first.as_str()), "still moving");

    // Another key restarts the rest.
    let later = now + Duration::from_millis(120);
    press(&mut app, "k", later);
    assert_eq!(
        app.next_deadline(),
        Some(later + Duration::from_millis(150))
    );
    app.tick(now + Duration::from_millis(200));
    assert_ne!(app.detail_id(), app.selected_id());

    app.tick(later + Duration::from_millis(150));
    assert_eq!(app.detail_id(), app.selected_id());
    assert_ne!(app.selected_id(), Some(selected.as_str()));
    assert_eq!(app.next_deadline(), None);
}

#[test]
fn switching_tabs_moves_the_detail_at_once() {
    let (_dir, mut app) = zh();
    press(&mut app, "3", t0());
    assert_eq!(app.detail_id(), app.selected_id());
    assert_eq!(app.next_deadline(), None);
}

#[test]
fn lean_has_no_detail_pane_and_no_timer() {
    let mut options = options(Lang::Zh);
    options.lean = true;
    let (_dir, mut app) = app_with(options, NARROW);
    press(&mut app, "jj", t0());
    assert_eq!(app.next_deadline(), None);
    // With no detail pane, the list is longer: a page is 19 rows.
    press(&mut app, "g<PgDn>", t0());
    assert_eq!(app.position().0, 20);
}

#[test]
fn needs_draw_only_after_a_change() {
    let (_dir, mut app) = zh();
    let now = t0();
    assert!(app.needs_draw(), "the first frame");
    super::testkit::draw(&mut app, NARROW);
    assert!(!app.needs_draw());

    press(&mut app, "k", now);
    assert!(!app.needs_draw(), "k at the top changes nothing");
    press(&mut app, "1", now);
    assert!(!app.needs_draw(), "1 on the first tab changes nothing");
    app.handle(Event::Resize(80, 24), now);
    assert!(!app.needs_draw(), "the same size again");
    app.tick(now + Duration::from_secs(1));
    assert!(!app.needs_draw(), "no timer was pending");

    press(&mut app, "j", now);
    assert!(app.needs_draw());
    super::testkit::draw(&mut app, NARROW);
    assert!(!app.needs_draw());
    app.tick(now + Duration::from_millis(150));
    assert!(app.needs_draw(), "the detail pane caught up");
}

#[test]
fn q_quits_and_so_does_colon_q() {
    let (_dir, mut app) = zh();
    assert!(!app.should_quit());
    press(&mut app, "q", t0());
    assert!(app.should_quit());

    let (_dir, mut app) = zh();
    press(&mut app, ":q<Enter>", t0());
    assert!(app.should_quit());
}

#[test]
fn q_in_the_filter_is_typed_not_quit() {
    let (_dir, mut app) = zh();
    press(&mut app, "/q", t0());
    assert!(!app.should_quit());
    assert_eq!(app.prompt_text().as_deref(), Some("/q"));
}

#[test]
fn ctrl_l_asks_for_a_full_redraw_once() {
    let (_dir, mut app) = zh();
    assert!(!app.take_full_redraw());
    press(&mut app, "<C-l>", t0());
    assert!(app.needs_draw());
    assert!(app.take_full_redraw());
    assert!(!app.take_full_redraw());
}

#[test]
fn help_opens_with_question_mark_or_f1_and_closes_with_esc() {
    let (_dir, mut app) = zh();
    let now = t0();
    press(&mut app, "?", now);
    assert!(app.help_is_open());
    press(&mut app, "j", now);
    assert_eq!(app.position().0, 1, "keys scroll the help, not the list");
    press(&mut app, "<Esc>", now);
    assert!(!app.help_is_open());
    press(&mut app, "<F1>", now);
    assert!(app.help_is_open());
    press(&mut app, "?", now);
    assert!(!app.help_is_open());
    press(&mut app, "<F1>q", now);
    assert!(
        !app.help_is_open() && !app.should_quit(),
        "q closes the help first"
    );
}

#[test]
fn paste_goes_into_an_open_prompt_only() {
    let (_dir, mut app) = zh();
    let now = t0();
    app.handle(Event::Paste("2024-ZJ".into()), now);
    assert_eq!((app.prompt_text(), app.position().1), (None, 26));
    press(&mut app, "/", now);
    app.handle(Event::Paste("2024-ZJ-J\n-0003\u{1b}[2J".into()), now);
    assert_eq!(app.prompt_text().as_deref(), Some("/2024-ZJ-J -0003"));
}

#[test]
fn the_caret_stands_where_the_next_character_goes() {
    let (_dir, mut app) = zh();
    assert_eq!(app.cursor(), None);
    press(&mut app, "/浙江", t0());
    // Sigil at column 0, text from column 1: 浙江 is 4 cells wide.
    assert_eq!(app.cursor(), Some((5, 23)));
    app.handle(key(KeyCode::Left), t0());
    assert_eq!(app.cursor(), Some((3, 23)));
    press(&mut app, "<Enter>", t0());
    assert_eq!(app.cursor(), None);
}

#[test]
fn application_panes_scroll_within_bounds_and_tab_switches() {
    let (_dir, mut app) = zh();
    let now = t0();
    press(&mut app, ":goto 2024-ZJ-J-0004<Enter>", now);
    assert_eq!(app.screen(), ScreenKind::Application);
    let lines = super::testkit::screen(&mut app, NARROW);
    assert!(lines[1].contains("申请人"), "{lines:?}");
    assert!(lines[2].contains("资格条件"), "{lines:?}");
    press(&mut app, "k", now);
    assert!(!app.needs_draw(), "k at the top changes nothing");
    press(&mut app, "G", now);
    let bottom = super::testkit::screen(&mut app, NARROW);
    press(&mut app, "j<PgDn>", now);
    assert!(!app.needs_draw(), "G is the bottom");
    assert_ne!(bottom[2], lines[2]);
    press(&mut app, "g", now);
    assert_eq!(super::testkit::screen(&mut app, NARROW)[2], lines[2]);
    press(&mut app, "<Tab>", now);
    let evidence = super::testkit::screen(&mut app, NARROW);
    assert!(evidence[2].contains("V 已核实"), "{evidence:?}");
    press(&mut app, "<S-Tab>", now);
    assert_eq!(super::testkit::screen(&mut app, NARROW)[2], lines[2]);
}

#[test]
fn data_changed_reloads_and_keeps_the_selection() {
    let (_dir, mut app) = zh();
    let now = t0();
    press(&mut app, "jjj", now);
    let id = app.selected_id().unwrap().to_owned();
    let (before_row, before_len) = app.position();

    let mut extra: crate::domain::Application =
        serde_json::from_value(super::testkit::minimal_json("2024-AA-J-0001")).unwrap();
    extra.name = "新来者".into();
    let service = app.service.clone();
    service
        .import(&app.user.clone(), &[extra], "test", &mut |_| {})
        .unwrap();

    app.handle(Event::DataChanged, now);
    assert_eq!(app.selected_id(), Some(id.as_str()));
    assert_eq!(
        app.position(),
        (before_row + 1, before_len + 1),
        "the new one sorts first"
    );
    assert_eq!(app.detail_id(), Some(id.as_str()));
}

#[test]
fn resize_changes_the_layout() {
    let (_dir, mut app) = zh();
    let now = t0();
    press(&mut app, "<PgDn>", now);
    assert_eq!(app.position().0, 16);
    app.handle(Event::Resize(160, 48), now);
    assert!(app.needs_draw());
    press(&mut app, "g<PgDn>", now);
    assert_eq!(
        app.position().0,
        26,
        "44 rows show at 160x48: one page reaches the end"
    );
}
