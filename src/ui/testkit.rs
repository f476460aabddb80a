//! Test helpers: a temporary store with the demo fixture, an app over it,
//! keys from a short notation, and frames read back as text.

use std::sync::Arc;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, CellWidth};
use tempfile::TempDir;

use crate::domain::{Application, Summary, User};
use crate::service::{FixedClock, Service};
use crate::store::{AuditEntry, OpenOptions};

use super::{App, Event, Lang, Theme, UiOptions};

/// The demo fixture's applications.
pub fn applications() -> Vec<Application> {
    crate::demo::demo_fixture().expect("the demo fixture parses")
}

pub fn application(id: &str) -> Application {
    applications()
        .into_iter()
        .find(|a| a.id == id)
        .expect("in the demo fixture")
}

/// The summaries of `applications` as the store gives them: by stage, then by id.
pub fn summaries_of(applications: &[Application]) -> Vec<Summary> {
    let (_dir, service, admin) = service_with(applications);
    service.summaries(&admin).expect("summaries")
}

/// The demo fixture's summaries.
/// `n` summaries: the fixture's over and over, with fresh ids.
pub fn many_summaries(n: usize) -> Vec<Summary> {
    let fixture = summaries();
    (0..n)
        .map(|i| {
            let mut s = fixture[i % fixture.len()].clone();
            s.id = format!("{}-{i}", s.id);
            s
        })
        .collect()
}

pub fn summaries() -> Vec<Summary> {
    summaries_of(&applications())
}

/// The smallest valid application, as JSON.
pub fn minimal_json(id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id, "cycle": 2024, "level": "junior", "name": "测试", "birth_date": "1990-01-01",
        "province": "浙江", "organization": "测试学校", "org_type": "school",
        "education": "bachelor", "service_start": "2020-01-01", "attestation": true
    })
}

/// A store in a temporary folder with the demo's cycle (as `docket demo`
/// sets it) holding `applications`, and its first user.
pub fn service_with(applications: &[Application]) -> (TempDir, Arc<Service>, User) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let clock = Arc::new(FixedClock(
        Utc.with_ymd_and_hms(2024, 6, 1, 9, 0, 0).unwrap(),
    ));
    let service = Service::open(dir.path(), &OpenOptions::default(), clock)
        .expect("open")
        .service;
    let admin = service.default_user().expect("admin");
    let cycle = crate::demo::demo_cycle().expect("the demo cycle");
    service.set_cycle(&admin, cycle, "demo").expect("cycle");
    service
        .import(&admin, applications, "test", &mut |_| {})
        .expect("import");
    (dir, Arc::new(service), admin)
}

pub fn options(lang: Lang) -> UiOptions {
    UiOptions {
        lang,
        theme: Theme::default(),
        ascii: false,
        lean: false,
        log_path: None,
    }
}

/// An app over the demo fixture. Keep the folder alive as long as the app.
pub fn app_with(options: UiOptions, size: (u16, u16)) -> (TempDir, App) {
    let (dir, service, admin) = service_with(&applications());
    let app = App::new(service, admin, options, size).expect("app");
    (dir, app)
}

pub fn new_app(lang: Lang, size: (u16, u16)) -> (TempDir, App) {
    app_with(options(lang), size)
}

/// A fixed starting instant; tests add durations to it.
pub fn t0() -> Instant {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    *START.get_or_init(Instant::now)
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Keys in a short notation: plain characters, and `<Esc>`, `<Enter>`,
/// `<Tab>`, `<S-Tab>`, `<Down>`, `<Up>`, `<PgDn>`, `<PgUp>`, `<Home>`,
/// `<End>`, `<BS>`, `<F1>`, `<F10>`, `<C-Enter>`, `<C-x>`.
pub fn keys(notation: &str) -> Vec<Event> {
    let mut events = Vec::new();
    let mut chars = notation.chars();
    while let Some(c) = chars.next() {
        if c != '<' {
            let modifiers = if c.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            events.push(Event::Key(KeyEvent::new(KeyCode::Char(c), modifiers)));
            continue;
        }
        let name: String = chars.by_ref().take_while(|&c| c != '>').collect();
        let event = match name.as_str() {
            "Esc" => key(KeyCode::Esc),
            "Enter" => key(KeyCode::Enter),
            "Tab" => key(KeyCode::Tab),
            "S-Tab" => Event::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
            "Down" => key(KeyCode::Down),
            "Up" => key(KeyCode::Up),
            "PgDn" => key(KeyCode::PageDown),
            "PgUp" => key(KeyCode::PageUp),
            "Home" => key(KeyCode::Home),
            "End" => key(KeyCode::End),
            "BS" => key(KeyCode::Backspace),
            "Del" => key(KeyCode::Delete),
            "F1" => key(KeyCode::F(1)),
            "F10" => key(KeyCode::F(10)),
            "C-Enter" => Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::CONTROL)),
            "lt" => key(KeyCode::Char('<')),
            ctrl if ctrl.starts_with("C-") => {
                let c = ctrl.chars().nth(2).expect("a key after C-");
                Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
            }
            other => panic!("unknown key <{other}>"),
        };
        events.push(event);
    }
    events
}

/// Presses keys at `now`, one after the other.
pub fn press(app: &mut App, notation: &str, now: Instant) {
    for event in keys(notation) {
        app.handle(event, now);
    }
}

/// Selects a row of the queue's current tab by id, from the top down;
/// panics when it is not listed.
pub fn select_row(app: &mut App, id: &str) {
    press(app, "g", t0());
    for _ in 0..40 {
        if app.selected_id() == Some(id) {
            return;
        }
        press(app, "j", t0());
    }
    panic!("{id} is not listed");
}

/// The sequence number of the audit log's last entry.
pub fn audit_head(service: &Service) -> u64 {
    service.store().audit_head().unwrap().seq
}

/// The audit entries written after `seq`.
pub fn audit_since(service: &Service, seq: u64) -> Vec<AuditEntry> {
    service
        .store()
        .audit_entries(seq + 1)
        .map(Result::unwrap)
        .collect()
}

pub fn terminal(size: (u16, u16)) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(size.0, size.1)).expect("test terminal")
}

/// Draws the app on a fresh test terminal of its size.
pub fn draw(app: &mut App, size: (u16, u16)) -> Terminal<TestBackend> {
    let mut terminal = terminal(size);
    terminal.draw(|frame| app.render(frame)).expect("draw");
    terminal
}

/// A buffer as lines of text, each cell read once (wide and joined cells
/// cover the columns after them), trailing spaces removed.
pub fn buffer_lines(buf: &Buffer) -> Vec<String> {
    let area = buf.area;
    (area.top()..area.bottom())
        .map(|y| {
            let mut line = String::new();
            let mut x = area.left();
            while x < area.right() {
                let cell = &buf[(x, y)];
                line.push_str(cell.symbol());
                x += cell.cell_width().max(1);
            }
            line.trim_end().to_owned()
        })
        .collect()
}

/// The app drawn at `size`, as text lines.
pub fn screen(app: &mut App, size: (u16, u16)) -> Vec<String> {
    let terminal = draw(app, size);
    buffer_lines(terminal.backend().buffer())
}

/// The ids of the applications at `stage`, in store order.
pub fn ids_at(service: &Service, admin: &User, stage: crate::domain::Stage) -> Vec<String> {
    service
        .summaries(admin)
        .expect("summaries")
        .into_iter()
        .filter(|s| s.stage == stage)
        .map(|s| s.id)
        .collect()
}

/// Adds an expert of an organization no applicant shares.
pub fn add_expert(service: &Service, admin: &User, name: &str) -> User {
    let mut expert = User::new(name, crate::domain::UserRole::Expert);
    expert.organization = Some(format!("{name}研究院"));
    service.add_user(admin, &expert).expect("add the expert");
    expert
}

/// Saves and submits `expert`'s achievement review of `id` with `scores`.
pub fn submit_scores(service: &Service, expert: &User, id: &str, scores: [u32; 3]) {
    use crate::domain::scoring::{Review, ReviewStage};
    let mut review = Review::draft(&expert.name, ReviewStage::Achievement);
    review.scores = scores.to_vec();
    review.comment = "扎实".into();
    let draft = service
        .save_review_draft(expert, id, &review, None)
        .expect("draft");
    service
        .submit_review(expert, id, ReviewStage::Achievement, draft.revision)
        .expect("submit");
}
