//! Terminal budgets on a generated store (default 100,000 applications;
//! `DOCKET_BENCH_SCALE` sets it):
//!
//! - one navigation key, update and draw at 200x60: <= 2 ms (criterion);
//! - bytes for the first frame at 120x40 and 80x24 (<= 4 KB, <= 2.5 KB) and
//!   for ten `j` at once at 120x40 until the screen settles (<= 800 bytes,
//!   <= 200 with --lean), counted through the real crossterm backend.

// Tests and benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::Criterion;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use docket::service::{Service, SystemClock};
use docket::store::OpenOptions;
use docket::term::Screen;
use docket::ui::{App, Event, Lang, Theme, UiOptions};

fn scale() -> usize {
    std::env::var("DOCKET_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000)
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn app(service: &Arc<Service>, size: (u16, u16), lean: bool) -> App {
    let admin = service.default_user().expect("admin");
    let theme = Theme::builtin("default").expect("theme");
    let options = UiOptions {
        lang: Lang::Zh,
        theme,
        ascii: false,
        lean,
        log_path: None,
    };
    App::new(Arc::clone(service), admin, options, size).expect("app")
}

/// Draws whatever is due until the app has nothing pending; returns bytes written.
fn settle(app: &mut App, screen: &mut Screen<Vec<u8>>, mut now: Instant) -> usize {
    loop {
        if app.needs_draw() {
            screen.draw(app).expect("draw");
        }
        match app.next_deadline() {
            Some(deadline) => {
                now = deadline.max(now) + Duration::from_millis(1);
                app.tick(now);
            }
            None => return screen.writer().len(),
        }
    }
}

fn bytes_report(service: &Arc<Service>) {
    for (width, height) in [(120, 40), (80, 24)] {
        let mut app = app(service, (width, height), false);
        let mut screen = Screen::new(Vec::new(), width, height).expect("screen");
        let first = settle(&mut app, &mut screen, Instant::now());
        println!("first frame at {width}x{height}: {first} bytes");
    }
    for lean in [false, true] {
        let mut app = app(service, (120, 40), lean);
        let mut screen = Screen::new(Vec::new(), 120, 40).expect("screen");
        settle(&mut app, &mut screen, Instant::now());
        screen.writer_mut().clear();
        let now = Instant::now();
        for _ in 0..10 {
            app.handle(key(KeyCode::Char('j')), now);
        }
        let sent = settle(&mut app, &mut screen, now);
        println!(
            "ten j at once at 120x40{}: {sent} bytes",
            if lean { " --lean" } else { "" }
        );
    }
}

fn main() {
    let scale = scale();
    let dir = tempfile::tempdir().expect("temporary folder");
    let service = Service::open(dir.path(), &OpenOptions::default(), Arc::new(SystemClock))
        .expect("open")
        .service;
    let admin = service.default_user().expect("admin");
    let applications = docket::demo::generate(scale, 2024);
    service
        .import(&admin, &applications, "bench", &mut |_| {})
        .expect("import");
    drop(applications);
    let service = Arc::new(service);
    println!("scale: {scale} applications");
    bytes_report(&service);

    let mut criterion = Criterion::default().configure_from_args();
    let mut app = app(&service, (200, 60), false);
    let mut screen = Screen::new(std::io::sink(), 200, 60).expect("screen");
    screen.draw(&mut app).expect("draw");
    let mut down = true;
    criterion.bench_function("one navigation key, update and draw (200x60)", |b| {
        b.iter(|| {
            // Alternate down and up so the cursor never rests at an end of the list.
            let code = if down {
                KeyCode::Char('j')
            } else {
                KeyCode::Char('k')
            };
            down = !down;
            app.handle(key(code), Instant::now());
            screen.draw(&mut app).expect("draw");
        });
    });
    criterion.final_summary();
}
