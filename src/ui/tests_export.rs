//! `:export` from the desk: the marked applications to a new file.

use super::testkit::{press, t0};
use super::*;

const NARROW: (u16, u16) = (80, 24);

#[test]
fn export_writes_the_marked_applications_after_a_confirmation() {
    let (dir, service, admin) = super::testkit::service_with(&super::testkit::applications());
    let supervisor = crate::domain::User::new("zhao", crate::domain::UserRole::Supervisor);
    service.add_user(&admin, &supervisor).unwrap();
    let mut app = App::new(
        service.clone(),
        admin,
        super::testkit::options(Lang::En),
        NARROW,
    )
    .unwrap();
    press(&mut app, "2gvj", t0());
    assert_eq!(app.marked().len(), 2);
    let file = dir.path().join("two.json");
    let seq = super::testkit::audit_head(&service);
    press(
        &mut app,
        &format!(":export {}<Enter>", file.display()),
        t0(),
    );
    let question = app.confirm_question().unwrap();
    assert!(question.contains("Export 2 applications"), "{question}");
    press(&mut app, "<Enter>", t0());
    assert!(!file.exists(), "Enter alone cancels");
    press(
        &mut app,
        &format!(":export {}<Enter>y", file.display()),
        t0(),
    );
    settle(&mut app);
    assert!(
        app.message()
            .unwrap()
            .starts_with("exported 2 applications"),
        "{:?}",
        app.message()
    );
    let written: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let ids: Vec<&str> = written.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, app.marked());
    let actions: Vec<String> = super::testkit::audit_since(&service, seq)
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["export.applications"]);
    // A file is never overwritten.
    press(
        &mut app,
        &format!(":export {}<Enter>y", file.display()),
        t0(),
    );
    settle(&mut app);
    assert!(
        app.message().unwrap().contains("exists already"),
        "{:?}",
        app.message()
    );

    // A supervisor is refused by the service, and the refusal is audited.
    let mut app = App::new(
        service.clone(),
        supervisor,
        super::testkit::options(Lang::En),
        NARROW,
    )
    .unwrap();
    let other = dir.path().join("refused.csv");
    press(
        &mut app,
        &format!(":export {}<Enter>y", other.display()),
        t0(),
    );
    settle(&mut app);
    assert!(!other.exists());
    assert!(
        app.message().unwrap().contains("may not"),
        "{:?}",
        app.message()
    );
}

/// Ticks the app until its import or export has ended.
fn settle(app: &mut App) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut now = t0();
    while app.import_running() || app.export_running() {
        assert!(std::time::Instant::now() < deadline, "the work never ended");
        std::thread::sleep(std::time::Duration::from_millis(5));
        now += std::time::Duration::from_millis(200);
        app.tick(now);
    }
}

#[test]
fn import_reads_a_file_on_its_thread_and_writes_all_or_nothing() {
    let (dir, service, admin) = super::testkit::service_with(&super::testkit::applications());
    let before = service.summaries(&admin).unwrap().len();
    let mut app = App::new(
        service.clone(),
        admin.clone(),
        super::testkit::options(Lang::En),
        NARROW,
    )
    .unwrap();
    let fresh = dir.path().join("two.json");
    let records = serde_json::json!([
        super::testkit::minimal_json("2024-XZ-J-0001"),
        super::testkit::minimal_json("2024-XZ-J-0002"),
    ]);
    std::fs::write(&fresh, records.to_string()).unwrap();
    press(
        &mut app,
        &format!(":import {}<Enter>", fresh.display()),
        t0(),
    );
    settle(&mut app);
    let message = app.message().unwrap().to_owned();
    assert!(message.starts_with("imported 2 applications"), "{message}");
    assert_eq!(service.summaries(&admin).unwrap().len(), before + 2);
    assert_eq!(app.position().1, 28, "the queue shows them at once");

    // The same file again: every id is taken, so nothing is written.
    let seq = super::testkit::audit_head(&service);
    press(
        &mut app,
        &format!(":import {}<Enter>", fresh.display()),
        t0(),
    );
    settle(&mut app);
    let message = app.message().unwrap().to_owned();
    assert!(
        message.starts_with("2 problem(s), nothing imported"),
        "{message}"
    );
    assert!(message.contains("2024-XZ-J-0001"), "{message}");
    assert_eq!(super::testkit::audit_head(&service), seq);
}
