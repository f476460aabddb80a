//! Terminal budgets on a generated store (default 100,000 applications;
//! `DOCKET_BENCH_SCALE` sets it):
//!
//! - one navigation key, update and draw at 200x60: <= 2 ms (criterion);
//! - bytes for the first frame at 120x40 and 80x24 (<= 4 KB, <= 2.5 KB) and
//!   for ten `j` at once at 120x40 until the screen settles (<= 800 bytes,
//!   <= 200 with --lean), counted through the real crossterm backend.

// Tests and benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{app, generated, key, scale};
use criterion::Criterion;
use crossterm::event::KeyCode;
use docket::service::Service;
use docket::term::Screen;
use docket::ui::App;

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
    let (_dir, service) = generated(scale);
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
