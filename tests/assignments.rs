//! Assignments by hand and automatically: conflicts refused, non-experts
//! refused, one transaction and one audit entry per automatic run.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod desk;

use docket::domain::scoring::ReviewStage;
use docket::service::ServiceError;
use docket::store::StoreError;

use desk::{entries_after, head, id};

#[test]
fn the_secretariat_assigns_and_unassigns_with_audit_entries() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk::open(dir.path(), 2);
    let s = &d.service;

    let before = head(s);
    s.assign(&d.admin, &id(1), "zhang").unwrap();
    s.assign(&d.admin, &id(1), "wang").unwrap();
    s.assign(&d.admin, &id(2), "zhang").unwrap();
    assert_eq!(
        s.assignments_of(&d.admin, &id(1)).unwrap(),
        ["wang", "zhang"]
    );
    assert_eq!(s.assignments_of(&d.zhao, &id(2)).unwrap(), ["zhang"]);
    let loads = s.load_by_expert(&d.admin).unwrap();
    assert_eq!(
        loads.into_iter().collect::<Vec<_>>(),
        [("li".into(), 0), ("wang".into(), 1), ("zhang".into(), 2)]
    );

    s.unassign(&d.admin, &id(1), "zhang").unwrap();
    assert_eq!(s.assignments_of(&d.admin, &id(1)).unwrap(), ["wang"]);
    let actions: Vec<_> = entries_after(s, before)
        .into_iter()
        .map(|e| (e.action, e.target))
        .collect();
    assert_eq!(
        actions,
        [
            ("assignment.add".to_owned(), format!("{}/zhang", id(1))),
            ("assignment.add".to_owned(), format!("{}/wang", id(1))),
            ("assignment.add".to_owned(), format!("{}/zhang", id(2))),
            ("assignment.remove".to_owned(), format!("{}/zhang", id(1))),
        ]
    );

    let twice = s.assign(&d.admin, &id(2), "zhang").unwrap_err();
    assert!(
        matches!(twice, ServiceError::Store(StoreError::Exists { .. })),
        "{twice}"
    );
    let gone = s.unassign(&d.admin, &id(1), "zhang").unwrap_err();
    assert!(
        matches!(gone, ServiceError::Store(StoreError::NotFound { .. })),
        "{gone}"
    );
}

#[test]
fn a_conflicted_expert_or_a_non_expert_is_refused_naming_why() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk::open(dir.path(), 1);
    let s = &d.service;
    let before = head(s);

    let same_org = s.assign(&d.admin, &id(1), "li").unwrap_err();
    assert!(
        matches!(&same_org, ServiceError::Conflict { reason, .. } if reason.contains("same organization")),
        "{same_org}"
    );
    s.declare_conflict(&d.wang, &id(1), "wang", "relative")
        .unwrap();
    let declared = s.assign(&d.admin, &id(1), "wang").unwrap_err();
    assert!(
        matches!(&declared, ServiceError::Conflict { reason, .. } if reason.contains("declared by the expert")),
        "{declared}"
    );
    let supervisor = s.assign(&d.admin, &id(1), "zhao").unwrap_err();
    assert!(
        matches!(supervisor, ServiceError::NotAnExpert(_)),
        "{supervisor}"
    );
    let nobody = s.assign(&d.admin, &id(1), "nobody").unwrap_err();
    assert!(matches!(nobody, ServiceError::UnknownUser(_)), "{nobody}");
    let missing = s.assign(&d.admin, "2024-ZJ-I-9999", "zhang").unwrap_err();
    assert!(matches!(missing, ServiceError::NotFound(_)), "{missing}");

    // Only the declaration was written.
    assert_eq!(head(s), before + 1);
    assert!(s.assignments_of(&d.admin, &id(1)).unwrap().is_empty());
}

#[test]
fn the_store_refuses_an_assignment_with_a_declared_conflict_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk::open(dir.path(), 2);
    let s = &d.service;
    s.declare_conflict(&d.admin, &id(2), "zhang", "relative")
        .unwrap();
    let before = head(s);
    let draft = docket::store::AuditDraft::new("admin", "assignment.auto", "2", &[]);
    let pairs = [("zhang".to_owned(), id(1)), ("zhang".to_owned(), id(2))];
    let error = s
        .store()
        .insert_assignments(&pairs, s.now(), &draft)
        .unwrap_err();
    assert!(matches!(error, StoreError::Conflicted { .. }), "{error}");
    assert_eq!(head(s), before);
    assert!(!s.store().is_assigned("zhang", &id(1)).unwrap());
}

#[test]
fn automatic_assignment_fills_what_it_can_and_names_the_shortfalls() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk::open(dir.path(), 3);
    let s = &d.service;
    let before = head(s);

    // Intermediate applications need 3 experts; only zhang and wang are
    // free of conflict (li shares the applicants' organization).
    let plan = s
        .assign_automatically(&d.admin, ReviewStage::Achievement, 10)
        .unwrap();
    assert_eq!(plan.assignments.len(), 6);
    assert!(plan.assignments.iter().all(|a| a.expert != "li"));
    assert_eq!(plan.shortfalls.len(), 3);
    assert_eq!(plan.shortfalls[0].conflicted, 1);
    for n in 1..=3 {
        assert_eq!(
            s.assignments_of(&d.admin, &id(n)).unwrap(),
            ["wang", "zhang"]
        );
    }

    let entries = entries_after(s, before);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "assignment.auto");
    assert_eq!(entries[0].target, "6 assignments");

    // A second run finds nothing new to do and keeps what is there.
    let again = s
        .assign_automatically(&d.admin, ReviewStage::Achievement, 10)
        .unwrap();
    assert!(again.assignments.is_empty());
    assert_eq!(s.load_by_expert(&d.admin).unwrap()["zhang"], 3);
}

#[test]
fn automatic_assignment_respects_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk::open(dir.path(), 3);
    let plan = d
        .service
        .assign_automatically(&d.admin, ReviewStage::Achievement, 1)
        .unwrap();
    assert_eq!(plan.assignments.len(), 2);
    let loads = d.service.load_by_expert(&d.admin).unwrap();
    assert!(loads.values().all(|&n| n <= 1), "{loads:?}");
}

#[test]
fn assignments_survive_a_reopen_with_their_index() {
    let dir = tempfile::tempdir().unwrap();
    {
        let d = desk::open(dir.path(), 1);
        d.service.assign(&d.admin, &id(1), "zhang").unwrap();
    }
    let service = common::open(dir.path());
    let admin = service.default_user().unwrap();
    assert_eq!(service.assignments_of(&admin, &id(1)).unwrap(), ["zhang"]);
    let note = service
        .store()
        .assignment("zhang", &id(1))
        .unwrap()
        .unwrap();
    assert_eq!(note.assigned_by, "admin");
}

#[test]
fn a_store_written_before_the_reverse_index_gets_it_built_on_open() {
    let dir = tempfile::tempdir().unwrap();
    {
        let d = desk::open(dir.path(), 2);
        d.service.assign(&d.admin, &id(1), "zhang").unwrap();
    }
    // What an older docket left: assignments only, no index, no marker.
    {
        let db = sled::open(dir.path()).unwrap();
        let note = br#"{"assigned_by":"admin","assigned_at":"2024-11-30T00:00:00Z"}"#;
        let mut key = b"wang\0".to_vec();
        key.extend_from_slice(id(2).as_bytes());
        db.open_tree("assignments")
            .unwrap()
            .insert(key, &note[..])
            .unwrap();
        db.drop_tree("assignments_by_application").unwrap();
        db.open_tree("meta")
            .unwrap()
            .remove("assignment_index")
            .unwrap();
        db.flush().unwrap();
    }
    let service = common::open(dir.path());
    let admin = service.default_user().unwrap();
    assert_eq!(service.assignments_of(&admin, &id(1)).unwrap(), ["zhang"]);
    assert_eq!(service.assignments_of(&admin, &id(2)).unwrap(), ["wang"]);
}
