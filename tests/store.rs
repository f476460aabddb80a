//! The store on temporary folders: reopen, revisions, the second opener,
//! schemas, and the audit chain against tampering with raw sled entries.

// Tests and benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use docket::domain::Stage;
use docket::service::{Service, ServiceError};
use docket::store::{AuditDraft, OpenOptions, SCHEMA_VERSION, Store, StoreError};

#[test]
fn imported_applications_survive_a_reopen_with_their_index() {
    let dir = tempfile::tempdir().unwrap();
    {
        let service = common::open(dir.path());
        let admin = service.default_user().unwrap();
        let apps: Vec<_> = (1..=3).map(common::application).collect();
        let report = service
            .import(&admin, &apps, "t.json", &mut |_| {})
            .unwrap();
        assert_eq!(report.imported, 3);
    }
    let service = common::open(dir.path());
    let admin = service.default_user().unwrap();
    let summaries = service.summaries(&admin).unwrap();
    let ids: Vec<_> = summaries.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["2024-ZJ-I-0001", "2024-ZJ-I-0002", "2024-ZJ-I-0003"]);
    let record = service.application(&admin, "2024-ZJ-I-0002").unwrap();
    assert_eq!(record.revision, 1);
    assert_eq!(record.value, common::application(2));
    let queue: Vec<_> = service
        .store()
        .queue(Stage::Eligibility)
        .map(Result::unwrap)
        .collect();
    assert_eq!(queue.len(), 3);
    assert_eq!(service.store().queue(Stage::Notice).count(), 0);
}

#[test]
fn a_stale_revision_is_refused_and_names_who_saved() {
    let dir = tempfile::tempdir().unwrap();
    let service = common::open(dir.path());
    let admin = service.default_user().unwrap();
    service
        .import(&admin, &[common::application(1)], "t", &mut |_| {})
        .unwrap();
    let store = service.store();
    let id = "2024-ZJ-I-0001";

    let mut first = store.application(id).unwrap().unwrap();
    first.value.stage = Stage::Achievement;
    let draft = AuditDraft::new("li", "application.move", id, b"achievement");
    let (saved, _) = store
        .save_application(&first.value, first.revision, service.now(), &draft, None)
        .unwrap();
    assert_eq!(saved.revision, 2);

    let mut second = first.clone();
    second.value.fee_paid = Some(1);
    let draft = AuditDraft::new("wang", "application.fee", id, b"1");
    let error = store
        .save_application(&second.value, first.revision, service.now(), &draft, None)
        .unwrap_err();
    match &error {
        StoreError::Stale {
            expected,
            found,
            saved_by,
            ..
        } => {
            assert_eq!((*expected, *found, saved_by.as_str()), (1, 2, "li"));
        }
        other => panic!("expected a stale revision, got {other}"),
    }
    assert!(error.to_string().contains("revision 1 is stale"), "{error}");

    // The refused save changed nothing; the moved application left its old queue.
    let now = store.application(id).unwrap().unwrap();
    assert_eq!(now.value.fee_paid, Some(300));
    assert_eq!(store.queue(Stage::Eligibility).count(), 0);
    assert_eq!(store.queue(Stage::Achievement).count(), 1);
    assert_eq!(store.verify_audit().unwrap().first_bad, None);
}

#[test]
fn a_second_opener_is_told_who_holds_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let options = OpenOptions {
        role: "docket serve".into(),
        listen: Some("127.0.0.1:2222".into()),
        ..OpenOptions::default()
    };
    let _holder = Store::open(dir.path(), &options).unwrap();
    let error = Store::open(dir.path(), &OpenOptions::default())
        .err()
        .expect("second open must fail");
    let text = error.to_string();
    assert!(matches!(error, StoreError::InUse { .. }), "{text}");
    assert!(text.contains("in use by docket serve"), "{text}");
    assert!(
        text.contains(&format!("pid {}", std::process::id())),
        "{text}"
    );
    assert!(text.contains("ssh -p 2222"), "{text}");
    assert!(
        !text.contains("WouldBlock"),
        "sled's raw error leaked: {text}"
    );
}

#[test]
fn a_newer_schema_refuses_to_open() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path(), &OpenOptions::default()).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        store.set_schema_version(SCHEMA_VERSION + 1).unwrap();
    }
    let error = Store::open(dir.path(), &OpenOptions::default())
        .err()
        .expect("must refuse");
    assert!(matches!(error, StoreError::NewerSchema { found, .. } if found == SCHEMA_VERSION + 1));
    assert!(error.to_string().contains("newer docket"), "{error}");
}

#[test]
fn an_older_schema_is_migrated_on_open() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path(), &OpenOptions::default()).unwrap();
        store.set_schema_version(0).unwrap();
    }
    let store = Store::open(dir.path(), &OpenOptions::default()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn a_duplicate_id_already_in_the_store_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let service = common::open(dir.path());
    let admin = service.default_user().unwrap();
    service
        .import(&admin, &[common::application(1)], "a", &mut |_| {})
        .unwrap();
    let head = service.store().audit_head().unwrap();

    let batch = [common::application(2), common::application(1)];
    let error = service
        .import(&admin, &batch, "b", &mut |_| {})
        .unwrap_err();
    let ServiceError::Invalid(problems) = error else {
        panic!("expected problems")
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].position, problems[0].field.as_str()),
        (2, "id")
    );
    assert!(
        !service
            .store()
            .contains_application("2024-ZJ-I-0002")
            .unwrap()
    );
    assert_eq!(service.store().audit_head().unwrap(), head);
}

#[test]
fn only_the_secretariat_imports_and_experts_see_only_their_assignments() {
    let dir = tempfile::tempdir().unwrap();
    let service = common::open(dir.path());
    let admin = service.default_user().unwrap();
    let expert = docket::domain::User::new("zhang", docket::domain::UserRole::Expert);
    let supervisor = docket::domain::User::new("zhao", docket::domain::UserRole::Supervisor);
    service.add_user(&admin, &expert).unwrap();
    service.add_user(&admin, &supervisor).unwrap();

    let error = service
        .import(&supervisor, &[common::application(1)], "x", &mut |_| {})
        .unwrap_err();
    assert!(matches!(error, ServiceError::Forbidden { .. }), "{error}");
    service
        .import(&admin, &[common::application(1)], "x", &mut |_| {})
        .unwrap();

    assert_eq!(service.summaries(&supervisor).unwrap().len(), 1);
    assert!(service.summaries(&expert).unwrap().is_empty());
    let before = service.store().audit_head().unwrap().seq;
    let refused = service.application(&expert, "2024-ZJ-I-0001").unwrap_err();
    assert!(matches!(refused, ServiceError::NotFound(_)));
    let last = service
        .store()
        .audit_entries(before + 1)
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(
        (last.actor.as_str(), last.action.as_str()),
        ("zhang", "access.refused")
    );
}

fn tampered(edit: impl FnOnce(&sled::Tree)) -> docket::store::Verification {
    let dir = tempfile::tempdir().unwrap();
    {
        let service = common::open(dir.path());
        let admin = service.default_user().unwrap();
        for n in 1..=4 {
            service
                .import(&admin, &[common::application(n)], "t", &mut |_| {})
                .unwrap();
        }
        // Entries: 1 the first user, 2-5 the imports.
        assert_eq!(service.store().verify_audit().unwrap().verified, 5);
        edit(service.store().raw_audit_tree());
        service.store().flush().unwrap();
    }
    let service: Service = common::open(dir.path());
    service.store().verify_audit().unwrap()
}

#[test]
fn audit_verify_names_an_altered_entry() {
    let result = tampered(|tree| {
        let key = 3u64.to_be_bytes();
        let raw = tree.get(key).unwrap().unwrap();
        let text = String::from_utf8(raw.to_vec())
            .unwrap()
            .replace("\"admin\"", "\"mallory\"");
        tree.insert(key, text.as_bytes()).unwrap();
    });
    let bad = result.first_bad.expect("altered entry must be found");
    assert_eq!(bad.seq, 3);
    assert!(bad.reason.contains("altered"), "{}", bad.reason);
}

#[test]
fn audit_verify_names_a_removed_entry() {
    let result = tampered(|tree| {
        tree.remove(2u64.to_be_bytes()).unwrap();
    });
    // The missing entry itself is named.
    let bad = result.first_bad.expect("gap must be found");
    assert_eq!(bad.seq, 2);
    assert!(
        bad.reason.contains("from entry 1 to entry 3"),
        "{}",
        bad.reason
    );
    assert_eq!(result.verified, 1);
}

#[test]
fn audit_verify_names_reordered_entries() {
    let result = tampered(|tree| {
        let a = tree.get(2u64.to_be_bytes()).unwrap().unwrap();
        let b = tree.get(3u64.to_be_bytes()).unwrap().unwrap();
        tree.insert(2u64.to_be_bytes(), b).unwrap();
        tree.insert(3u64.to_be_bytes(), a).unwrap();
    });
    assert_eq!(result.first_bad.expect("swap must be found").seq, 2);
}

#[test]
fn audit_verify_notices_a_removed_tail() {
    let result = tampered(|tree| {
        tree.remove(5u64.to_be_bytes()).unwrap();
    });
    let bad = result.first_bad.expect("missing tail must be found");
    assert_eq!(bad.seq, 5);
    assert_eq!(result.verified, 4);
}

#[test]
fn the_queue_snapshot_of_a_clean_close_never_hides_a_later_change() {
    let dir = tempfile::tempdir().unwrap();
    let id = "2024-ZJ-I-0001";
    {
        let service = common::open(dir.path());
        let admin = service.default_user().unwrap();
        let apps: Vec<_> = (1..=3).map(common::application).collect();
        service.import(&admin, &apps, "t", &mut |_| {}).unwrap();
    }
    // Reopened after a clean close: the snapshot answers, and agrees with the index.
    let service = common::open(dir.path());
    let admin = service.default_user().unwrap();
    let from_snapshot = service.summaries(&admin).unwrap();
    assert_eq!(from_snapshot.len(), 3);
    assert!(from_snapshot.iter().all(|s| s.stage == Stage::Eligibility));

    // A write makes the snapshot stale at once, in this process and the next.
    let record = service.store().application(id).unwrap().unwrap();
    let mut moved = record.value.clone();
    moved.stage = Stage::Achievement;
    let draft = AuditDraft::new("admin", "application.move", id, b"x");
    service
        .store()
        .save_application(&moved, record.revision, service.now(), &draft, None)
        .unwrap();
    let stage_of = |service: &Service| {
        let admin = service.default_user().unwrap();
        service
            .summaries(&admin)
            .unwrap()
            .into_iter()
            .find(|s| s.id == id)
            .unwrap()
            .stage
    };
    assert_eq!(stage_of(&service), Stage::Achievement);
    drop(service);
    assert_eq!(stage_of(&common::open(dir.path())), Stage::Achievement);
}
