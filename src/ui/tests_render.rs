//! Rendering tests: screens drawn on ratatui's `TestBackend` and compared
//! with expected lines and cells.

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use super::queue_view::tab_labels;
use super::testkit::{
    app_with, buffer_lines, draw, new_app, options, press, screen, service_with, t0,
};
use super::text::{is_ambiguous, width};
use super::{App, Lang, Theme};

const NARROW: (u16, u16) = (80, 24);
const WIDE: (u16, u16) = (160, 48);

/// Every cell of a frame, with its position.
fn cells(buf: &Buffer) -> impl Iterator<Item = (u16, u16, &ratatui::buffer::Cell)> {
    let area = buf.area;
    (area.top()..area.bottom())
        .flat_map(move |y| (area.left()..area.right()).map(move |x| (x, y, &buf[(x, y)])))
}

/// The column of `needle` in a line of text, counted in cells.
fn column_of(line: &str, needle: &str) -> Option<u16> {
    line.find(needle).map(|at| width(&line[..at]) as u16)
}

#[test]
fn the_tab_bar_shows_every_count_and_fits_80_columns() {
    let (_dir, mut app) = new_app(Lang::Zh, NARROW);
    let lines = screen(&mut app, NARROW);
    assert_eq!(
        lines[0],
        " 资格审查[26]  业绩评审[11]  笔试[6]  答辩[5]  公示[6]  颁证[7]  已结束[15]"
    );

    let (_dir, mut app) = new_app(Lang::En, NARROW);
    let lines = screen(&mut app, NARROW);
    assert!(width(&lines[0]) <= 80, "{}", lines[0]);
    assert!(lines[0].starts_with(" Eligibility[26] "), "{}", lines[0]);
    assert!(
        lines[0].ends_with(" 7[15]"),
        "the farthest tabs shrink to their digit: {}",
        lines[0]
    );
}

#[test]
fn tab_labels_shrink_farthest_first_and_the_active_last() {
    let c = Lang::En.catalog();
    let counts = [42, 1, 2, 3, 4, 5, 16];
    let full: usize = tab_labels(c, &counts, &[], 0, 500)
        .iter()
        .map(|l| width(l))
        .sum();
    let labels = tab_labels(c, &counts, &[], 3, full - 1);
    assert_eq!(labels[0], " 1[42] ", "tab 1 is farthest from tab 4");
    assert_eq!(labels[3], " Defense[3] ");
    let tiny = tab_labels(c, &counts, &[], 3, 10);
    assert_eq!(tiny[3], " 4[3] ", "the active tab shrinks last");
}

#[test]
fn saved_searches_follow_the_stage_tabs_and_shrink_like_them() {
    let c = Lang::En.catalog();
    let counts = [42, 1, 2, 3, 4, 5, 16, 7, 0];
    let saved = ["late", "\u{1b}[31m高分"];
    let labels = tab_labels(c, &counts, &saved, 7, 500);
    assert_eq!(labels.len(), 9);
    assert_eq!(labels[7], " /late[7] ");
    assert_eq!(
        labels[8], " /高分[0] ",
        "a name is cleaned before it is drawn"
    );
    let narrow = tab_labels(c, &counts, &saved, 8, 80);
    assert!(narrow.iter().map(|l| width(l)).sum::<usize>() <= 80);
    assert_eq!(narrow[0], " 1[42] ", "the farthest stage tab shrinks first");
    assert_eq!(narrow[8], " /高分[0] ", "the active tab keeps its name");
}

#[test]
fn eligibility_lists_the_fee_and_marks_unpaid_with_a_symbol_and_a_style() {
    let (_dir, mut app) = new_app(Lang::Zh, WIDE);
    let terminal = draw(&mut app, WIDE);
    let buf = terminal.backend().buffer();
    let lines = buffer_lines(buf);
    for title in [
        "申报编号",
        "姓名",
        "级别",
        "缴费",
        "省份",
        "资格",
        "德学年训证绩破",
        "工作单位",
    ] {
        assert!(lines[2].contains(title), "{title} in {}", lines[2]);
    }
    let row = lines
        .iter()
        .position(|l| l.contains("2024-YN-I-0002"))
        .unwrap();
    assert!(lines[row].contains("!未缴"), "{}", lines[row]);
    let x = column_of(&lines[row], "!未缴").unwrap();
    let cell = &buf[(x, row as u16)];
    assert_eq!(cell.fg, Color::Red);
    // Paid fees are plain numbers.
    let paid = lines
        .iter()
        .find(|l| l.starts_with(" 2024-BJ-S-0005"))
        .unwrap();
    assert!(paid.contains(" 500 "), "{paid}");
}

#[test]
fn eligibility_shows_the_verdict_and_a_mark_per_criterion_in_colour() {
    let (_dir, mut app) = new_app(Lang::En, (120, 40));
    let terminal = draw(&mut app, (120, 40));
    let buf = terminal.backend().buffer();
    let lines = buffer_lines(buf);
    assert!(lines[2].contains("Elig.  EDYTPAX"), "{}", lines[2]);
    let header = column_of(&lines[2], "EDYTPAX").unwrap();
    let row_of_id = |id: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(&format!(" {id}")))
            .unwrap()
    };
    // A senior without the certificate: no training mark, x for the certificate.
    let senior = row_of_id("2024-BJ-S-0005");
    assert!(lines[senior].contains("no     +++ +x"), "{}", lines[senior]);
    let verdict = column_of(&lines[senior], "no ").unwrap();
    assert_eq!(buf[(verdict, senior as u16)].fg, Color::Red);
    // Exceptional juniors carry the exceptional mark in the last slot;
    // waived criteria show '-'.
    let waived = row_of_id("2024-JS-J-0001");
    assert!(
        lines[waived].contains("yes    ++-- -+"),
        "{}",
        lines[waived]
    );
    assert_eq!(column_of(&lines[waived], "++-- -+"), Some(header));
    // Needs review: '?' in yellow.
    let review = row_of_id("2024-GD-P-0001");
    let at = column_of(&lines[review], "review").unwrap();
    assert_eq!(buf[(at, review as u16)].fg, Color::Yellow);
    assert!(lines[review].contains("review ???? ?"), "{}", lines[review]);
    // Province and organization wait for a wider list.
    assert!(!lines[2].contains("Prov."), "{}", lines[2]);
}

#[test]
fn later_stages_drop_the_fee_and_the_closed_tab_says_how_each_ended() {
    let (_dir, mut app) = new_app(Lang::Zh, WIDE);
    press(&mut app, "2", t0());
    let lines = screen(&mut app, WIDE);
    assert!(
        !lines[2].contains("缴费") && lines[2].contains("材料"),
        "{}",
        lines[2]
    );

    press(&mut app, "7", t0());
    let lines = screen(&mut app, WIDE);
    assert!(lines[2].contains("结果"), "{}", lines[2]);
    let body = lines[3..].join("\n");
    for end in ["未通过", "撤回", "取消", "收回"] {
        assert!(body.contains(end), "{end}");
    }
}

#[test]
fn cjk_text_is_cut_by_width_and_never_split() {
    let (_dir, mut app) = new_app(Lang::Zh, NARROW);
    press(&mut app, "G", t0());
    app.tick(t0() + Duration::from_secs(1));
    let terminal = draw(&mut app, NARROW);
    let buf = terminal.backend().buffer();
    let lines = buffer_lines(buf);
    // The 5,000-character organization of 2024-ZJ-J-0004, in the detail pane.
    let line = lines
        .iter()
        .find(|l| l.contains("浙江省杭州市余杭区未来科技城"))
        .unwrap();
    assert!(line.contains("2024-ZJ-J-0004"), "{line}");
    assert!(line.contains('…'), "{line}");
    for line in &lines {
        assert!(width(line) <= 80, "{line}");
    }
    // Every wide character starts a cell and covers the next one.
    let mut x = 0;
    let y = lines
        .iter()
        .position(|l| l.contains("浙江省杭州市余杭区未来科技城"))
        .unwrap() as u16;
    while x < 80 {
        let cell = &buf[(x, y)];
        x += width(cell.symbol()).max(1) as u16;
    }
    assert_eq!(x, 80, "no character straddles the right edge");
}

const FORBIDDEN: [char; 8] = [
    '\u{1b}', '\u{202e}', '\u{7}', '\u{9b}', '\r', '\u{200b}', '\u{2066}', '\u{feff}',
];

fn assert_clean(buf: &Buffer, what: &str) {
    for (x, y, cell) in cells(buf) {
        let symbol = cell.symbol();
        assert!(
            !symbol.contains(FORBIDDEN) && !symbol.chars().any(char::is_control),
            "{what}: {symbol:?} at {x},{y}"
        );
    }
}

#[test]
fn hostile_strings_never_reach_the_buffer() {
    for size in [NARROW, WIDE] {
        let (_dir, mut app) = new_app(Lang::Zh, size);
        for tab in 1..=7 {
            for keys in ["g", "G"] {
                press(&mut app, &format!("{tab}{keys}"), t0());
                app.tick(t0() + Duration::from_secs(1));
                let terminal = draw(&mut app, size);
                assert_clean(terminal.backend().buffer(), &format!("tab {tab} {keys}"));
            }
        }
        for id in [
            "2024-ZJ-I-0004",
            "2024-GD-I-0002",
            "2024-HB-J-0001",
            "2024-ZJ-J-0004",
        ] {
            press(&mut app, &format!(":goto {id}<Enter>"), t0());
            for keys in ["", "G", "<Tab>", "G"] {
                press(&mut app, keys, t0());
                let terminal = draw(&mut app, size);
                assert_clean(terminal.backend().buffer(), id);
            }
            press(&mut app, "<Esc>", t0());
        }
    }
}

#[test]
fn hostile_text_shows_cleaned() {
    let (_dir, mut app) = new_app(Lang::Zh, NARROW);
    press(&mut app, ":goto 2024-ZJ-I-0004<Enter>", t0());
    let lines = screen(&mut app, NARROW);
    assert!(
        lines[0].contains("黄志远"),
        "the name without its colour codes: {}",
        lines[0]
    );
    press(&mut app, "G", t0());
    let statement = screen(&mut app, NARROW).join("\n");
    assert!(
        statement.contains("本人负责学校创客空间建设，指导学生"),
        "the title change is gone: {statement}"
    );
}

#[test]
fn below_80x24_only_a_message_shows() {
    for (size, lang, text) in [
        ((79, 23), Lang::Zh, "终端太小（至少需要 80x24）"),
        ((79, 24), Lang::En, "terminal too small (need 80x24)"),
        ((80, 23), Lang::En, "terminal too small (need 80x24)"),
    ] {
        let (_dir, mut app) = new_app(lang, size);
        let lines = screen(&mut app, size);
        let shown: Vec<&String> = lines.iter().filter(|l| !l.is_empty()).collect();
        assert_eq!(shown.len(), 1, "{lines:?}");
        assert_eq!(shown[0].trim(), text);
    }
}

#[test]
fn any_size_is_safe() {
    let (_dir, service, admin) = service_with(&super::testkit::applications());
    for size in [
        (0, 0),
        (1, 1),
        (2, 1),
        (1, 40),
        (300, 1),
        (80, 2),
        (120, 3),
        (10, 30),
    ] {
        for lean in [false, true] {
            let mut options = options(Lang::Zh);
            options.lean = lean;
            let mut app = App::new(service.clone(), admin.clone(), options, size).unwrap();
            draw(&mut app, size);
            press(&mut app, "jGg<PgDn>2/浙<Enter>n?j<Esc>", t0());
            assert_eq!(app.cursor(), None);
            press(&mut app, "<Enter><Tab>G<PgUp>", t0());
            draw(&mut app, size);
            press(&mut app, "/x", t0());
            let _ = app.cursor();
            draw(&mut app, size);
        }
    }
}

#[test]
fn lean_marks_the_selected_row_with_an_arrow_only() {
    let mut options = options(Lang::Zh);
    options.lean = true;
    let (_dir, mut app) = app_with(options, NARROW);
    press(&mut app, "j", t0());
    let terminal = draw(&mut app, NARROW);
    let buf = terminal.backend().buffer();
    let lines = buffer_lines(buf);
    assert!(lines[4].starts_with("> 2024-FJ-J-0001"), "{}", lines[4]);
    assert!(lines[3].starts_with("  2024-BJ-S-0005"), "{}", lines[3]);
    for (_, y, cell) in cells(buf) {
        if (3..22).contains(&y) {
            assert!(
                !cell.modifier.contains(Modifier::REVERSED),
                "no highlighted row with --lean"
            );
        }
    }
    assert!(
        lines.iter().all(|l| !l.contains("从事辅导工作")),
        "no detail pane with --lean"
    );
}

#[test]
fn mono_uses_no_colour_and_still_shows_the_selection() {
    let mut options = options(Lang::Zh);
    options.theme = Theme::builtin("mono").unwrap();
    let (_dir, mut app) = app_with(options, WIDE);
    press(&mut app, "jj", t0());
    let terminal = draw(&mut app, WIDE);
    let buf = terminal.backend().buffer();
    for (x, y, cell) in cells(buf) {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "at {x},{y}"
        );
    }
    let lines = buffer_lines(buf);
    // Runs of text are joined into their first cell: look at the row's start.
    let row = lines
        .iter()
        .position(|l| l.starts_with(" 2024-GD-I-0002"))
        .unwrap() as u16;
    assert!(buf[(0, row)].modifier.contains(Modifier::REVERSED));
    assert!(!buf[(1, row - 1)].modifier.contains(Modifier::REVERSED));
    assert!(
        buf[(0, 0)].modifier.contains(Modifier::REVERSED),
        "the active tab"
    );
}

#[test]
fn evidence_marks_are_letters_with_colour() {
    let (_dir, mut app) = new_app(Lang::Zh, WIDE);
    press(&mut app, ":goto 2024-HB-I-0003<Enter>", t0());
    let terminal = draw(&mut app, WIDE);
    let buf = terminal.backend().buffer();
    let lines = buffer_lines(buf);
    let marked = |letter: &str, id: &str| -> (u16, u16) {
        let y = lines
            .iter()
            .position(|l| l.contains(&format!("{letter} {id} ")))
            .unwrap();
        (
            column_of(&lines[y], &format!("{letter} {id} ")).unwrap(),
            y as u16,
        )
    };
    let rejected = marked("X", "E1");
    assert_eq!(buf[rejected].symbol(), "X");
    assert_eq!(buf[rejected].fg, Color::Red);
    let verified = marked("V", "E2");
    assert_eq!(buf[verified].fg, Color::Green);
    assert!(
        lines[0].contains("2024-HB-I-0003") && lines[0].contains("资格审查"),
        "{}",
        lines[0]
    );
}

#[test]
fn the_id_number_is_masked_on_screen() {
    let (_dir, mut app) = new_app(Lang::Zh, NARROW);
    press(&mut app, ":goto 2024-ZJ-J-0001<Enter>", t0());
    let all = screen(&mut app, NARROW).join("\n");
    assert!(all.contains("**************7029"), "{all}");
    assert!(!all.contains("330106199603127029"));
}

#[test]
fn ascii_mode_draws_no_box_drawing_or_ellipsis() {
    let mut options = options(Lang::Zh);
    options.ascii = true;
    let (_dir, mut app) = app_with(options, NARROW);
    press(&mut app, "G", t0());
    app.tick(t0() + Duration::from_secs(1));
    let queue = screen(&mut app, NARROW).join("\n");
    assert!(queue.contains('~'), "cut text ends in ~");
    press(&mut app, "?", t0());
    let help = screen(&mut app, NARROW).join("\n");
    assert!(help.contains("-- "), "{help}");
    for text in [queue, help] {
        assert!(!text.contains(['…', '─', '│', '┼']), "{text}");
    }
}

#[test]
fn the_detail_pane_stands_beside_the_list_from_120_columns() {
    let (_dir, mut app) = new_app(Lang::Zh, (120, 40));
    let lines = screen(&mut app, (120, 40));
    assert!(
        column_of(&lines[2], "丁一凡  2024-BJ-S-0005").is_some_and(|x| x >= 78),
        "{}",
        lines[2]
    );

    let (_dir, mut app) = new_app(Lang::Zh, (119, 40));
    let lines = screen(&mut app, (119, 40));
    assert!(
        lines[35].starts_with(" 丁一凡  2024-BJ-S-0005"),
        "below the list: {lines:?}"
    );
    assert_eq!(lines[34], "");
}

#[test]
fn the_application_screen_shows_one_pane_at_a_time_when_narrow() {
    let (_dir, mut app) = new_app(Lang::En, NARROW);
    press(&mut app, ":goto 2024-ZJ-J-0001<Enter>", t0());
    let lines = screen(&mut app, NARROW);
    assert!(
        lines[0].starts_with(" 2024-ZJ-J-0001  陈静怡  Junior Regular  Achievement review"),
        "{}",
        lines[0]
    );
    assert!(lines[1].contains("Tab switches"), "{}", lines[1]);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Scores Achievement review: no reviews yet"))
    );
    assert!(lines.iter().any(|l| l.contains("Organization")));
    assert!(lines.iter().all(|l| !l.contains("Guiding students")));
    press(&mut app, "<Tab>", t0());
    let lines = screen(&mut app, NARROW);
    assert!(
        lines.iter().any(|l| l.contains("1 Guiding students [2]")),
        "{lines:?}"
    );

    let (_dir, mut app) = new_app(Lang::En, WIDE);
    press(&mut app, ":goto 2024-ZJ-J-0001<Enter>", t0());
    let lines = screen(&mut app, WIDE);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Counseling since") || l.contains("Guiding students"))
    );
    assert!(lines.iter().any(|l| l.contains("1 Guiding students [2]")));
    assert!(lines.iter().any(|l| l.contains("Name          陈静怡")));
}

#[test]
fn the_help_lists_the_keymap_and_the_log_file() {
    let mut options = options(Lang::En);
    options.log_path = Some("/var/log/docket/docket.log".into());
    let (_dir, mut app) = app_with(options, NARROW);
    press(&mut app, "?", t0());
    let mut help = screen(&mut app, NARROW).join("\n");
    press(&mut app, "G", t0());
    help.push_str(&screen(&mut app, NARROW).join("\n"));
    for row in super::keymap::help_rows(&[super::keymap::Context::Queue], Lang::En.catalog()) {
        assert!(help.contains(&row.keys), "{} in {help}", row.keys);
    }
    assert!(
        help.contains("Log file  /var/log/docket/docket.log"),
        "{help}"
    );
    assert!(help.contains("Move down a row"));
}

#[test]
fn the_footer_hints_come_from_the_keymap_and_show_the_position() {
    let (_dir, mut app) = new_app(Lang::En, NARROW);
    press(&mut app, "jj", t0());
    let lines = screen(&mut app, NARROW);
    let footer = &lines[23];
    assert!(
        footer
            .starts_with(" j/k move  Enter open  a approve  o override  r reject  ? help  q quit"),
        "the stage and filter hints give way to the decisions: {footer}"
    );
    assert!(footer.ends_with("3/26"), "{footer}");
    press(&mut app, "/zj<Enter>", t0());
    let footer = screen(&mut app, NARROW)[23].clone();
    assert!(footer.starts_with(" filter zj  n/N"), "{footer}");
}

#[test]
fn catalog_text_on_screen_has_no_ambiguous_symbols_but_the_ellipsis() {
    let (_dir, mut app) = new_app(Lang::Zh, NARROW);
    let lines = screen(&mut app, NARROW);
    let chrome = [&lines[0], &lines[2], &lines[23]];
    for line in chrome {
        assert!(!line.chars().any(is_ambiguous), "{line}");
    }
}
