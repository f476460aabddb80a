//! Frames as a terminal receives them: sent through the crossterm backend,
//! counted in bytes against the budgets of DESIGN.md, and replayed on a
//! terminal emulator to check that what arrives is exactly the frame.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use super::testkit::{app_with, new_app, options, press, screen, service_with, t0};
use super::{App, Lang};

const NARROW: (u16, u16) = (80, 24);
const WIDE: (u16, u16) = (160, 48);

/// Bytes written, shared with the test.
#[derive(Clone, Default)]
struct Sink(Rc<RefCell<Vec<u8>>>);

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A terminal over the crossterm backend, writing into a sink.
struct Wire {
    terminal: Terminal<CrosstermBackend<Sink>>,
    sink: Sink,
}

impl Wire {
    fn new(size: (u16, u16)) -> Wire {
        let viewport = Viewport::Fixed(Rect::new(0, 0, size.0, size.1));
        let sink = Sink::default();
        let backend = CrosstermBackend::new(sink.clone());
        let terminal = Terminal::with_options(backend, TerminalOptions { viewport }).unwrap();
        Wire { terminal, sink }
    }

    /// Draws one frame; returns its bytes.
    fn draw(&mut self, app: &mut App) -> Vec<u8> {
        let before = self.sink.0.borrow().len();
        self.terminal.draw(|frame| app.render(frame)).unwrap();
        self.sink.0.borrow()[before..].to_vec()
    }
}

/// Bytes of the first frame, and of ten `j` at once until the screen settles.
fn first_frame_and_ten_j(app: &mut App, size: (u16, u16)) -> (usize, usize) {
    let mut wire = Wire::new(size);
    let first = wire.draw(app).len();
    press(app, "jjjjjjjjjj", t0());
    let mut burst = wire.draw(app).len();
    app.tick(t0() + Duration::from_millis(150));
    if app.needs_draw() {
        burst += wire.draw(app).len();
    }
    (first, burst)
}

#[test]
fn frames_stay_within_the_byte_budgets() {
    for lang in [Lang::Zh, Lang::En] {
        for (size, budget) in [((120, 40), 4096), ((80, 24), 2560)] {
            for lean in [false, true] {
                let mut options = options(lang);
                options.lean = lean;
                let (_dir, mut app) = app_with(options, size);
                let (first, burst) = first_frame_and_ten_j(&mut app, size);
                let what = format!("{lang:?} {size:?} lean={lean}");
                assert!(first <= budget, "{what}: first frame {first} bytes");
                let burst_budget = if lean { 200 } else { 800 };
                assert!(burst <= burst_budget, "{what}: ten j {burst} bytes");
            }
        }
    }
}

#[test]
fn generated_applications_stay_within_the_byte_budgets() {
    // The benchmark's kind of data: dense, all Chinese, many in eligibility.
    let (_dir, service, admin) = service_with(&crate::demo::generate(500, 2024));
    for (size, budget) in [((120, 40), 4096), ((80, 24), 2560)] {
        for lean in [false, true] {
            let mut options = options(Lang::Zh);
            options.lean = lean;
            let mut app = App::new(service.clone(), admin.clone(), options, size).unwrap();
            let (first, burst) = first_frame_and_ten_j(&mut app, size);
            assert!(
                first <= budget,
                "{size:?} lean={lean}: first frame {first} bytes"
            );
            assert!(
                burst <= if lean { 200 } else { 800 },
                "{size:?} lean={lean}: ten j {burst} bytes"
            );
        }
    }
}

#[test]
fn an_unchanged_frame_sends_almost_nothing() {
    let (_dir, mut app) = new_app(Lang::Zh, NARROW);
    let mut wire = Wire::new(NARROW);
    wire.draw(&mut app);
    let again = wire.draw(&mut app).len();
    assert!(again <= 30, "{again} bytes for an unchanged frame");
}

/// What a terminal shows after the frames so far, row by row.
fn emulated(parser: &vt100::Parser, width: u16) -> Vec<String> {
    parser
        .screen()
        .rows(0, width)
        .map(|row| row.trim_end().to_owned())
        .collect()
}

#[test]
fn joined_runs_leave_the_terminal_showing_exactly_the_frame() {
    for (size, lang) in [(NARROW, Lang::Zh), ((120, 40), Lang::Zh), (WIDE, Lang::En)] {
        let (_dir, mut app) = new_app(lang, size);
        let mut wire = Wire::new(size);
        let mut parser = vt100::Parser::new(size.1, size.0, 0);
        let steps = [
            "",
            "j",
            "jjjjj",
            "k",
            "G",
            "2",
            "7",
            "G",
            "1",
            "/浙",
            "江",
            "<Enter>",
            "<Esc>",
            "<Enter>",
            "G",
            "<Tab>",
            "j",
            "<Esc>",
            "?",
            "<Esc>",
            ":goto 2024-ZJ-J-0004<Enter>",
            "G",
            "<Esc>",
            ":lang en<Enter>",
            "3",
        ];
        for (i, keys) in steps.iter().enumerate() {
            press(&mut app, keys, t0());
            app.tick(t0() + Duration::from_secs(1));
            parser.process(&wire.draw(&mut app));
            let expected = screen(&mut app, size);
            assert_eq!(
                emulated(&parser, size.0),
                expected,
                "{size:?} after step {i} ({keys})"
            );
        }
    }
}

#[test]
fn the_eligibility_review_leaves_the_terminal_showing_exactly_the_frame() {
    for (size, lang) in [(NARROW, Lang::Zh), ((120, 40), Lang::Zh), (WIDE, Lang::En)] {
        let (_dir, mut app) = new_app(lang, size);
        let mut wire = Wire::new(size);
        let mut parser = vt100::Parser::new(size.1, size.0, 0);
        let steps = [
            "",
            "f",
            "jj",
            "ff",
            "a",
            "f",
            "<Enter>",
            "jjjj",
            "<Tab>",
            "j",
            "v",
            "x证书模糊<Enter>",
            "<Esc>",
            "c",
            "<Esc>o",
            "<Enter>",
            "<Esc><Esc>r不符合要求<Enter>",
            "<Tab>",
            "<Esc>",
            "<Esc>",
            "a",
            "<Esc><Esc>",
            "7",
            "G",
            "1",
        ];
        for (i, keys) in steps.iter().enumerate() {
            press(&mut app, keys, t0());
            app.tick(t0() + Duration::from_secs(1));
            parser.process(&wire.draw(&mut app));
            let expected = screen(&mut app, size);
            assert_eq!(
                emulated(&parser, size.0),
                expected,
                "{size:?} after step {i} ({keys})"
            );
        }
    }
}
