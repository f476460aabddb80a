//! Conflicts of interest: the same organization and declared conflicts
//! hide an application from an expert, in lists and when asked by id.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod desk;

use docket::domain::committee::{ConflictReason, DeclaredBy};
use docket::service::ServiceError;
use docket::store::StoreError;

use desk::{entries_after, head, id};

#[test]
fn the_same_organization_is_a_conflict_after_normalizing() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk::open(dir.path(), 1);
    let app = d.service.store().application(&id(1)).unwrap().unwrap();
    assert!(matches!(
        d.service.conflict(&d.li, &app.value).unwrap(),
        Some(ConflictReason::SameOrganization { .. })
    ));
    assert_eq!(d.service.conflict(&d.zhang, &app.value).unwrap(), None);
}

#[test]
fn an_expert_declares_only_for_themselves_and_the_secretariat_for_anyone() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk::open(dir.path(), 2);
    let s = &d.service;

    let declared = s
        .declare_conflict(&d.zhang, &id(1), "zhang", "former colleague")
        .unwrap();
    assert_eq!(declared.by, DeclaredBy::Expert);
    let refused = s
        .declare_conflict(&d.zhang, &id(2), "wang", "gossip")
        .unwrap_err();
    assert!(
        matches!(refused, ServiceError::Forbidden { .. }),
        "{refused}"
    );
    let refused = s
        .declare_conflict(&d.zhao, &id(2), "zhao", "x")
        .unwrap_err();
    assert!(
        matches!(refused, ServiceError::Forbidden { .. }),
        "{refused}"
    );
    let by_secretariat = s
        .declare_conflict(&d.admin, &id(2), "wang", "relative")
        .unwrap();
    assert_eq!(by_secretariat.by, DeclaredBy::Secretariat);

    let again = s
        .declare_conflict(&d.admin, &id(1), "zhang", "twice")
        .unwrap_err();
    assert!(
        matches!(again, ServiceError::Store(StoreError::Exists { .. })),
        "{again}"
    );
    let empty = s
        .declare_conflict(&d.wang, &id(1), "wang", "  ")
        .unwrap_err();
    assert!(matches!(empty, ServiceError::Decision(_)), "{empty}");
    let not_expert = s
        .declare_conflict(&d.admin, &id(1), "zhao", "x")
        .unwrap_err();
    assert!(
        matches!(not_expert, ServiceError::NotAnExpert(_)),
        "{not_expert}"
    );

    let of_one = s.conflicts_of(&d.admin, &id(1)).unwrap();
    assert_eq!(of_one.len(), 1);
    assert_eq!(of_one[0].expert, "zhang");
    assert_eq!(s.conflicts_of(&d.zhao, &id(2)).unwrap().len(), 1);
    assert!(matches!(
        s.conflicts_of(&d.zhang, &id(1)).unwrap_err(),
        ServiceError::Forbidden { .. }
    ));
}

#[test]
fn the_audit_of_a_declaration_keeps_no_reason() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk::open(dir.path(), 1);
    let before = head(&d.service);
    d.service
        .declare_conflict(&d.zhang, &id(1), "zhang", "我的学生")
        .unwrap();
    let entries = entries_after(&d.service, before);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "conflict.declare");
    assert!(!entries[0].note.contains("学生"), "{}", entries[0].note);
    assert_eq!(d.service.store().verify_audit().unwrap().first_bad, None);
}

#[test]
fn a_declared_conflict_hides_an_assigned_application_and_removes_the_assignment() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk::open(dir.path(), 2);
    let s = &d.service;
    s.assign(&d.admin, &id(1), "zhang").unwrap();
    s.assign(&d.admin, &id(2), "zhang").unwrap();
    assert_eq!(s.summaries(&d.zhang).unwrap().len(), 2);

    s.declare_conflict(&d.zhang, &id(1), "zhang", "former colleague")
        .unwrap();
    let visible: Vec<_> = s
        .summaries(&d.zhang)
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(visible, [id(2)]);
    assert!(s.assignments_of(&d.admin, &id(1)).unwrap().is_empty());

    let before = head(s);
    let refused = s.application(&d.zhang, &id(1)).unwrap_err();
    assert!(matches!(refused, ServiceError::NotFound(_)), "{refused}");
    let entries = entries_after(s, before);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "access.refused");
    assert_eq!(entries[0].note, "conflict: declared by the expert");
    assert!(!entries[0].note.contains("colleague"));
}

#[test]
fn an_expert_of_the_applicants_organization_never_sees_it_even_if_assigned() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk::open(dir.path(), 1);
    let s = &d.service;
    // An assignment made before the organization matched (written directly).
    let draft = docket::store::AuditDraft::new("admin", "assignment.add", "x", &[]);
    s.store()
        .insert_assignments(&[("li".into(), id(1))], s.now(), &draft)
        .unwrap();
    assert!(s.summaries(&d.li).unwrap().is_empty());

    let before = head(s);
    assert!(matches!(
        s.application(&d.li, &id(1)).unwrap_err(),
        ServiceError::NotFound(_)
    ));
    let entries = entries_after(s, before);
    assert_eq!(entries[0].action, "access.refused");
    assert_eq!(entries[0].note, "conflict: same organization");
    assert!(!entries[0].note.contains(desk::APPLICANT_ORG));
}
