//! What the benchmarks share: the scale, a generated store, and an app
//! over it at a given size.

#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use docket::service::{Service, SystemClock};
use docket::store::OpenOptions;
use docket::ui::{App, Event, Lang, Theme, UiOptions};

/// A number from the environment, else `default`.
pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Applications to generate: `DOCKET_BENCH_SCALE`, else 100,000.
pub fn scale() -> usize {
    env_number("DOCKET_BENCH_SCALE", 100_000)
}

/// The median of `runs` timed runs, each given its number.
pub fn median_of(runs: usize, mut run: impl FnMut(usize) -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(&mut run).collect();
    times.sort();
    times[runs / 2]
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// A store in a temporary folder holding `count` generated applications.
pub fn generated(count: usize) -> (tempfile::TempDir, Arc<Service>) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let service = generated_in(dir.path(), count);
    (dir, Arc::new(service))
}

/// A store at `path` holding `count` generated applications.
pub fn generated_in(path: &Path, count: usize) -> Service {
    let service = Service::open(path, &OpenOptions::default(), Arc::new(SystemClock))
        .expect("open")
        .service;
    let admin = service.default_user().expect("admin");
    let applications = docket::demo::generate(count, 2024);
    service
        .import(&admin, &applications, "bench", &mut |_| {})
        .expect("import");
    service
}

/// The secretariat's desk over `service`, in Chinese, at `size`.
pub fn app(service: &Arc<Service>, size: (u16, u16), lean: bool) -> App {
    let admin = service.default_user().expect("admin");
    let options = UiOptions {
        lang: Lang::Zh,
        theme: Theme::builtin("default").expect("theme"),
        ascii: false,
        lean,
        log_path: None,
    };
    App::new(Arc::clone(service), admin, options, size).expect("app")
}
