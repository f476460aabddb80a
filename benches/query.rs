//! The search language at scale (default 100,000 applications;
//! `DOCKET_BENCH_SCALE` sets it): each keystroke of a query typed after
//! `/` re-runs it over every application and redraws at 200x60. Budget:
//! 10 ms per keystroke, with and without a term that reads scores. The
//! first keystroke of a session is timed apart: it finds every
//! application's searchable text built in the background as the queue
//! opened, or waits for it when typed at once.
//! The statistics screen opens (figures read and drawn) in at most 200 ms.

// Tests and benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::{app, generated, key, median_of, scale};
use criterion::Criterion;
use crossterm::event::KeyCode;
use docket::term::Screen;

fn main() {
    let scale = scale();
    let (_dir, service) = generated(scale);
    println!("scale: {scale} applications");

    // The searchable text of every application (its fields and their
    // pinyin initials) is built on a thread of its own as the queue loads.
    // A person takes a moment to reach for `/`: the first keystroke is
    // timed after a short pause, and also at once, when it must wait for
    // the text.
    for (pause, when) in [
        (Duration::from_millis(300), "0.3 s after the queue opens"),
        (Duration::ZERO, "at once as the queue opens"),
    ] {
        let first = median_of(5, |_| {
            let mut app = app(&service, (200, 60), false);
            let mut screen = Screen::new(std::io::sink(), 200, 60).expect("screen");
            screen.draw(&mut app).expect("draw");
            std::thread::sleep(pause);
            app.handle(key(KeyCode::Char('/')), Instant::now());
            let started = Instant::now();
            app.handle(key(KeyCode::Char('王')), Instant::now());
            screen.draw(&mut app).expect("draw");
            started.elapsed()
        });
        println!("first query keystroke, {when} (200x60): median {first:.2?} of 5");
    }

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
        let mut app = app(&service, (200, 60), false);
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
    let mut app = app(&service, (200, 60), false);
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
