//! The service's broadcast of changes, which keeps every session's queues
//! current, and its list of who is connected: every durable write that
//! another session shows is announced once, in order; private drafts and
//! refusals are not; only the secretariat and supervisors see sessions.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod desk;

use docket::domain::scoring::ReviewStage;
use docket::service::{Change, ServiceError, Via};
use tokio::sync::broadcast::error::TryRecvError;

use desk::{id, review};

fn drain(changes: &mut tokio::sync::broadcast::Receiver<Change>) -> Vec<Change> {
    let mut seen = Vec::new();
    loop {
        match changes.try_recv() {
            Ok(change) => seen.push(change),
            Err(TryRecvError::Empty) => return seen,
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn every_shown_write_is_announced_once_and_drafts_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk::open(dir.path(), 2);
    let mut changes = d.service.subscribe();

    d.service.assign(&d.admin, &id(1), "zhang").unwrap();
    let seen = drain(&mut changes);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].actor, "admin");
    assert_eq!(seen[0].target, format!("{}/zhang", id(1)));
    assert!(seen[0].action.starts_with("assignment"), "{seen:?}");

    // A draft is private: nobody else's screen changes.
    let draft = d
        .service
        .save_review_draft(&d.zhang, &id(1), &review("zhang", [15, 25, 40]), None)
        .unwrap();
    assert!(drain(&mut changes).is_empty());

    // Submitting is seen, with the sequence of its audit entry.
    d.service
        .submit_review(&d.zhang, &id(1), ReviewStage::Achievement, draft.revision)
        .unwrap();
    let seen = drain(&mut changes);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].action, "review.submit");
    let head = d.service.store().audit_head().unwrap().seq;
    assert_eq!(seen[0].seq, head);

    // A refused reach for an application is audited but changes nothing shown.
    assert!(d.service.application(&d.zhang, &id(2)).is_err());
    assert!(drain(&mut changes).is_empty());

    // A saved search is announced for its owner's other sessions.
    d.service
        .save_search(&d.zhang, "mine", "assigned:zhang")
        .unwrap();
    let seen = drain(&mut changes);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(seen[0].is_saved_search() && !seen[0].is_session());
    assert_eq!(seen[0].actor, "zhang");
    assert!(!seen.iter().any(|c| c.action.starts_with("assignment")));
}

#[test]
fn sessions_are_listed_while_they_last_and_only_for_readers_of_everything() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk::open(dir.path(), 1);
    let mut changes = d.service.subscribe();

    let first = d
        .service
        .register_session(&d.zhang, Via::Ssh, "192.0.2.1:50000");
    let second = d.service.register_session(&d.admin, Via::Terminal, "local");
    let listed = d.service.sessions(&d.zhao).unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].user, "zhang");
    assert_eq!(listed[0].via, Via::Ssh);
    assert_eq!(listed[0].address, "192.0.2.1:50000");
    assert_eq!(listed[1].user, "admin");

    assert!(matches!(
        d.service.sessions(&d.zhang),
        Err(ServiceError::Forbidden { .. })
    ));

    drop(first);
    let listed = d.service.sessions(&d.admin).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, second.id());

    let seen: Vec<String> = drain(&mut changes).into_iter().map(|c| c.action).collect();
    assert_eq!(seen, ["session.open", "session.open", "session.close"]);
}
