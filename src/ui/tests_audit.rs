//! The audit log screen and `:backup` from the desk.

use std::time::{Duration, Instant};

use crate::domain::{User, UserRole};
use crate::store::AuditDraft;

use super::testkit::{applications, press, screen, service_with, t0};
use super::{App, Event, Lang, UiOptions};

const NARROW: (u16, u16) = (80, 24);
const WIDE: (u16, u16) = (160, 48);

/// Ticks until the chain check and any backup are done.
fn settle(app: &mut App) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut now = t0();
    while app.audit_checking() || app.backup_running() {
        assert!(
            Instant::now() < deadline,
            "work on other threads never ended"
        );
        std::thread::sleep(Duration::from_millis(5));
        now += Duration::from_millis(200);
        app.tick(now);
    }
}

fn app_as(
    name: &str,
    lang: Lang,
) -> (
    tempfile::TempDir,
    std::sync::Arc<crate::service::Service>,
    App,
) {
    let (dir, service, admin) = service_with(&applications());
    crate::cli::demo_experts(&service, &admin).unwrap();
    let user = service.user(name).unwrap();
    let app = App::new(
        std::sync::Arc::clone(&service),
        user,
        super::testkit::options(lang),
        NARROW,
    )
    .unwrap();
    (dir, service, app)
}

#[test]
fn the_secretariat_opens_the_log_newest_first_with_the_chain_checked() {
    let (_dir, service, mut app) = app_as("admin", Lang::En);
    press(&mut app, "L", t0());
    let head = service.store().audit_head().unwrap().seq;
    let listed = app.listed_audit().unwrap();
    assert_eq!(listed.first().map(|e| e.0), Some(head));
    assert!(listed.windows(2).all(|w| w[0].0 > w[1].0));
    settle(&mut app);
    let lines = screen(&mut app, NARROW);
    assert!(lines[0].contains("Audit log"), "{lines:?}");
    assert!(
        lines[22].contains(&format!("audit chain intact: verified up to entry {head}")),
        "{lines:?}"
    );

    // Written while the log is open: the chain is walked on over it.
    let admin = service.user("admin").unwrap();
    service
        .add_user(&admin, &User::new("late.comer", UserRole::Supervisor))
        .unwrap();
    app.handle(Event::DataChanged, t0());
    let lines = screen(&mut app, NARROW);
    let line = format!("audit chain intact: verified up to entry {}", head + 1);
    assert!(lines[22].contains(&line), "{lines:?}");

    press(&mut app, "<Esc>", t0());
    assert!(app.listed_audit().is_none());
}

#[test]
fn a_supervisor_reads_the_log_and_an_expert_is_refused() {
    let (_dir, service, _app) = app_as("admin", Lang::En);
    let admin = service.user("admin").unwrap();
    service
        .add_user(&admin, &User::new("zhao.jian", UserRole::Supervisor))
        .unwrap();
    let options = |lang| UiOptions {
        ..super::testkit::options(lang)
    };
    let mut supervisor = App::new(
        std::sync::Arc::clone(&service),
        service.user("zhao.jian").unwrap(),
        options(Lang::En),
        NARROW,
    )
    .unwrap();
    press(&mut supervisor, ":audit<Enter>", t0());
    assert!(supervisor.listed_audit().is_some());

    let mut expert = App::new(
        std::sync::Arc::clone(&service),
        service.user("li.wei").unwrap(),
        options(Lang::En),
        NARROW,
    )
    .unwrap();
    press(&mut expert, ":audit<Enter>", t0());
    assert!(expert.listed_audit().is_none());
    assert!(
        expert.message().is_some_and(|m| m.contains("expert")),
        "{:?}",
        expert.message()
    );
    press(&mut expert, "<Esc>L", t0());
    assert!(expert.listed_audit().is_none());
}

#[test]
fn the_filter_narrows_the_list_and_shows_in_the_title() {
    let (_dir, _service, mut app) = app_as("admin", Lang::En);
    press(&mut app, "L", t0());
    press(&mut app, "faction:user. user:docket<Enter>", t0());
    let listed = app.listed_audit().unwrap();
    assert_eq!(
        listed.len(),
        1,
        "only the first user, added by docket: {listed:?}"
    );
    assert_eq!(listed[0].1, "user.add");
    let lines = screen(&mut app, NARROW);
    assert!(
        lines[0].contains("filter: user:docket action:user."),
        "{}",
        lines[0]
    );

    // A bad filter is named and kept in the prompt to fix.
    press(&mut app, "f<End> date:2024-02-30<Enter>", t0());
    assert!(
        app.message()
            .is_some_and(|m| m.contains("not a date range")),
        "{:?}",
        app.message()
    );
    assert!(app.prompt_text().is_some());
    press(&mut app, "<Esc>:lang zh<Enter>f who:x<Enter>", t0());
    assert_eq!(
        app.message(),
        Some("筛选有误：没有「who」这一项，可用 user: app: action: date:")
    );
    press(&mut app, "<Esc>:lang en<Enter>", t0());

    // By day, in Beijing time: every entry was written on 1 June 2024, 17:00.
    let all_june = |app: &mut App, filter: &str| {
        press(app, "f", t0());
        for _ in 0..80 {
            press(app, "<BS>", t0());
        }
        press(app, &format!("{filter}<Enter>"), t0());
        app.listed_audit().unwrap().len()
    };
    let everything = all_june(&mut app, "");
    assert!(everything > 20);
    assert_eq!(all_june(&mut app, "date:2024-06-01"), everything);
    assert_eq!(all_june(&mut app, "date:2024-05-01..2024-05-31"), 0);
    assert!(
        screen(&mut app, NARROW)
            .iter()
            .any(|l| l.contains("no entry matches"))
    );
}

#[test]
fn new_entries_come_in_at_the_top_and_older_pages_load_on_scrolling() {
    let (_dir, service, mut app) = app_as("admin", Lang::En);
    let before = service.store().audit_head().unwrap().seq;
    for n in 0..450 {
        let draft = AuditDraft::new("admin", "test.note", format!("n{n}"), b"");
        service.store().append_audit(service.now(), &draft).unwrap();
    }
    press(&mut app, "L", t0());
    assert_eq!(app.listed_audit().unwrap().len(), 200, "one page at first");
    press(&mut app, "G", t0());
    assert_eq!(
        app.listed_audit().unwrap().len(),
        400,
        "the next page on reaching the end"
    );
    for _ in 0..3 {
        press(&mut app, "G", t0());
    }
    let all = app.listed_audit().unwrap();
    assert_eq!(all.len() as u64, before + 450);
    assert_eq!(all.last().map(|e| e.0), Some(1));

    // Someone else writes; the list takes it in at the top and the
    // selected entry stays selected.
    press(&mut app, "gjj", t0());
    let selected = app.selected_audit();
    assert_eq!(selected, Some(before + 450 - 2));
    let admin = service.user("admin").unwrap();
    service
        .add_user(&admin, &User::new("new.one", UserRole::Supervisor))
        .unwrap();
    app.handle(Event::DataChanged, t0());
    let now = app.listed_audit().unwrap();
    assert_eq!(now[0], (before + 451, "user.add"));
    assert_eq!(app.selected_audit(), selected);
}

#[test]
fn backup_from_the_desk_writes_a_file_that_restores() {
    let (dir, service, mut app) = app_as("admin", Lang::En);
    let file = dir.path().join("desk.dkb");
    press(
        &mut app,
        &format!(":backup {}<Enter>", file.display()),
        t0(),
    );
    assert!(app.backup_running() || file.exists());
    settle(&mut app);
    let message = app.message().unwrap().to_owned();
    assert!(
        message.starts_with(&format!("backup written to {}", file.display())),
        "{message}"
    );
    let last = service.store().audit_entries(1).last().unwrap().unwrap();
    assert_eq!(
        (last.action.as_str(), last.target.as_str()),
        ("store.backup", file.to_str().unwrap())
    );
    let target = dir.path().join("restored");
    let header = crate::store::backup::restore(&file, &target, &mut |_| {}).unwrap();
    assert_eq!(header.audit_head.seq, last.seq - 1);

    // A second one to the same file is refused, and says why.
    press(
        &mut app,
        &format!("<Esc>:backup {}<Enter>", file.display()),
        t0(),
    );
    settle(&mut app);
    assert!(
        app.message().unwrap().contains("already exists"),
        "{:?}",
        app.message()
    );

    // An expert may not.
    let mut expert = App::new(
        std::sync::Arc::clone(&service),
        service.user("li.wei").unwrap(),
        super::testkit::options(Lang::En),
        NARROW,
    )
    .unwrap();
    let other = dir.path().join("expert.dkb");
    press(
        &mut expert,
        &format!(":backup {}<Enter>", other.display()),
        t0(),
    );
    assert!(!expert.backup_running());
    assert!(!other.exists());
}

fn audit_shot(lang: Lang, size: (u16, u16)) -> String {
    let (_dir, _service, mut app) = app_as("admin", lang);
    app.handle(Event::Resize(size.0, size.1), t0());
    press(&mut app, "L", t0());
    settle(&mut app);
    screen(&mut app, size).join("\n")
}

#[test]
fn audit_zh_80x24() {
    insta::assert_snapshot!(audit_shot(Lang::Zh, NARROW));
}

#[test]
fn audit_en_160x48() {
    insta::assert_snapshot!(audit_shot(Lang::En, WIDE));
}
