//! Bytes sent to the terminal, counted through the real crossterm backend
//! on the demo data: the first frame, and ten `j` pressed at once until the
//! screen settles (the detail pane follows once the cursor rests).

// Tests and benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use docket::term::Screen;
use docket::ui::{App, Event, Lang, Theme, UiOptions};

fn app(dir: &std::path::Path, width: u16, height: u16, lang: Lang, lean: bool) -> App {
    let service = common::open(dir);
    let admin = service.default_user().unwrap();
    let demo = docket::demo::demo_fixture().unwrap();
    service.import(&admin, &demo, "demo", &mut |_| {}).unwrap();
    let theme = Theme::builtin("default").unwrap();
    let options = UiOptions {
        lang,
        theme,
        ascii: false,
        lean,
        log_path: None,
    };
    App::new(Arc::new(service), admin, options, (width, height)).unwrap()
}

fn first_frame(app: &mut App, width: u16, height: u16) -> (Screen<Vec<u8>>, usize) {
    let mut screen = Screen::new(Vec::new(), width, height).unwrap();
    screen.draw(app).unwrap();
    let bytes = screen.writer().len();
    screen.writer_mut().clear();
    (screen, bytes)
}

/// Ten `j` at once, then whatever the app draws until it has nothing pending.
fn ten_j(app: &mut App, screen: &mut Screen<Vec<u8>>) -> usize {
    let mut now = Instant::now();
    for _ in 0..10 {
        app.handle(
            Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)),
            now,
        );
    }
    let mut frames = 0;
    loop {
        if app.needs_draw() {
            screen.draw(app).unwrap();
            frames += 1;
        }
        match app.next_deadline() {
            Some(deadline) => {
                now = deadline.max(now) + Duration::from_millis(1);
                app.tick(now);
            }
            None => break,
        }
        assert!(frames < 10, "the screen never settles");
    }
    screen.writer().len()
}

#[test]
fn first_frames_fit_their_budgets() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let (_, wide) = first_frame(&mut app(dir.path(), 120, 40, lang, false), 120, 40);
        let dir = tempfile::tempdir().unwrap();
        let (_, small) = first_frame(&mut app(dir.path(), 80, 24, lang, false), 80, 24);
        println!("{lang:?}: first frame 120x40 {wide} bytes, 80x24 {small} bytes");
        assert!(
            wide <= 4_096,
            "{lang:?}: first frame at 120x40 costs {wide} bytes"
        );
        assert!(
            small <= 2_560,
            "{lang:?}: first frame at 80x24 costs {small} bytes"
        );
        assert!(small > 500, "the frame must actually show the queue");
    }
}

#[test]
fn ten_j_at_once_fit_their_budgets() {
    for (lean, budget) in [(false, 800), (true, 200)] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path(), 120, 40, Lang::Zh, lean);
        let (mut screen, _) = first_frame(&mut app, 120, 40);
        let sent = ten_j(&mut app, &mut screen);
        println!("lean={lean}: ten j cost {sent} bytes");
        assert!(
            sent <= budget,
            "lean={lean}: ten j cost {sent} bytes, budget {budget}"
        );
        assert!(sent > 0, "moving the cursor must redraw something");
    }
}
