//! The search language at scale (default 100,000 applications;
//! `DOCKET_BENCH_SCALE` sets it): each keystroke of a query typed after
//! `/` re-runs it over every application and redraws at 200x60. Budget:
//! 10 ms per keystroke, with and without a term that reads scores. The
//! statistics screen opens (figures read and drawn) in at most 200 ms.

// Tests and benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Instant;

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

fn app(service: &Arc<Service>) -> App {
    let admin = service.default_user().expect("admin");
    let options = UiOptions {
        lang: Lang::Zh,
        theme: Theme::builtin("default").expect("theme"),
        ascii: false,
        lean: false,
        log_path: None,
    };
    App::new(Arc::clone(service), admin, options, (200, 60)).expect("app")
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

    let mut criterion = Criterion::default().configure_from_args();
    for (name, typed) in [
        (
            "words and fields",
            "级别:高级 OR province:浙江 -fee:unpaid 王",
        ),
        (
            "a term that reads scores",
            "sort:-years (score:>60 OR level:junior) 王",
        ),
    ] {
        let mut app = app(&service);
        let mut screen = Screen::new(std::io::sink(), 200, 60).expect("screen");
        app.handle(key(KeyCode::Char('/')), Instant::now());
        for c in typed.chars() {
            app.handle(key(KeyCode::Char(c)), Instant::now());
        }
        screen.draw(&mut app).expect("draw");
        let mut typing = true;
        criterion.bench_function(&format!("one query keystroke, {name} (200x60)"), |b| {
            b.iter(|| {
                // Type a space, then take it back: each a new query text,
                // run again over every application.
                let code = if typing {
                    KeyCode::Char(' ')
                } else {
                    KeyCode::Backspace
                };
                typing = !typing;
                app.handle(key(code), Instant::now());
                screen.draw(&mut app).expect("draw");
            });
        });
    }
    let mut app = app(&service);
    let mut screen = Screen::new(std::io::sink(), 200, 60).expect("screen");
    criterion.bench_function("open the statistics screen (200x60)", |b| {
        b.iter(|| {
            for c in ":stats".chars() {
                app.handle(key(KeyCode::Char(c)), Instant::now());
            }
            app.handle(key(KeyCode::Enter), Instant::now());
            screen.draw(&mut app).expect("draw");
            assert!(app.statistics_open());
            app.handle(key(KeyCode::Esc), Instant::now());
        });
    });
    criterion.final_summary();
}
