//! Tampering with the audit log behind docket's back: `docket audit verify`
//! (the real binary) exits non-zero and names the first bad entry and what
//! is wrong with it; an untouched store verifies and says how many entries.

// Tests and benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use docket::domain::{User, UserRole};
use docket::store::AuditEntry;

/// A store with a few dozen entries written through the service: the demo
/// import, its experts and committee, their assignments.
fn store() -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("store");
    let head = common::demo_store(&db).store().audit_head().unwrap().seq;
    assert!(head >= 24, "a few dozen entries: {head}");
    (home, db)
}

/// Runs `docket audit verify`; its exit status and what it printed.
fn verify(db: &Path) -> (bool, String) {
    common::when_unlocked(|| run_verify(db))
}

fn run_verify(db: &Path) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("--db")
        .arg(db)
        .args(["audit", "verify"])
        .env("XDG_STATE_HOME", db.parent().unwrap().join("state"))
        .env_remove("DOCKET_DB")
        .output()
        .unwrap();
    (output.status.success(), common::printed(&output))
}

/// `docket audit verify` on a tampered store: it fails; what it said.
fn broken(db: &Path) -> String {
    let (ok, text) = verify(db);
    assert!(!ok, "{text}");
    text.trim().to_owned()
}

/// Opens the store's sled database itself, around docket.
fn tamper(db: &Path, change: impl FnOnce(&sled::Tree)) {
    let raw = common::raw_sled(db);
    let audit = raw.open_tree("audit").unwrap();
    change(&audit);
    raw.flush().unwrap();
}

fn read(audit: &sled::Tree, seq: u64) -> AuditEntry {
    serde_json::from_slice(&audit.get(seq.to_be_bytes()).unwrap().unwrap()).unwrap()
}

fn write(audit: &sled::Tree, key: u64, entry: &AuditEntry) {
    audit
        .insert(key.to_be_bytes(), serde_json::to_vec(entry).unwrap())
        .unwrap();
}

fn last_seq(audit: &sled::Tree) -> u64 {
    let (key, _) = audit.last().unwrap().unwrap();
    u64::from_be_bytes(key.as_ref().try_into().unwrap())
}

#[test]
fn an_untouched_store_verifies_with_its_count() {
    let (_home, db) = store();
    let head = {
        let raw = common::raw_sled(&db);
        last_seq(&raw.open_tree("audit").unwrap())
    };
    let (ok, text) = verify(&db);
    assert!(ok, "{text}");
    assert_eq!(
        text.trim(),
        format!("audit log intact: {head} entries verified")
    );
}

#[test]
fn a_walk_goes_on_from_where_the_last_one_found_the_chain_whole() {
    let (_home, db) = store();
    let from = {
        let service = common::open(&db);
        let admin = service.default_user().unwrap();
        let (whole, from) = service.verify_audit_from(&admin, None).unwrap();
        assert_eq!((whole.verified, whole.first_bad), (from.seq, None));
        for name in ["x.one", "x.two"] {
            service
                .add_user(&admin, &User::new(name, UserRole::Supervisor))
                .unwrap();
        }
        let (after, to) = service.verify_audit_from(&admin, Some(&from)).unwrap();
        assert_eq!((after.verified, after.first_bad), (from.seq + 2, None));
        assert_eq!(to, service.store().audit_head().unwrap());
        from
    };

    // An entry written after that walk is altered: the next walk names it.
    let seq = from.seq + 1;
    tamper(&db, |audit| {
        let mut entry = read(audit, seq);
        entry.actor = "someone.else".into();
        write(audit, seq, &entry);
    });
    let service = common::open(&db);
    let admin = service.default_user().unwrap();
    let (after, _) = service.verify_audit_from(&admin, Some(&from)).unwrap();
    let bad = after.first_bad.unwrap();
    assert_eq!((bad.seq, after.verified), (seq, from.seq));
    assert!(bad.reason.contains("altered"), "{}", bad.reason);
}

#[test]
fn an_altered_field_is_named() {
    let (_home, db) = store();
    tamper(&db, |audit| {
        let mut entry = read(audit, 7);
        entry.actor = "someone.else".into();
        write(audit, 7, &entry);
    });
    assert_eq!(
        broken(&db),
        "audit log broken at entry 7: its content does not match its hash: the entry was altered (6 entries before it verified)"
    );
}

#[test]
fn a_removed_entry_is_named() {
    let (_home, db) = store();
    tamper(&db, |audit| {
        audit.remove(10u64.to_be_bytes()).unwrap();
    });
    assert_eq!(
        broken(&db),
        "audit log broken at entry 10: missing: the log goes from entry 9 to entry 11; entries were removed (9 entries before it verified)"
    );
}

#[test]
fn a_removed_last_entry_is_caught_by_the_head() {
    let (_home, db) = store();
    let mut last = 0;
    tamper(&db, |audit| {
        last = last_seq(audit);
        audit.remove(last.to_be_bytes()).unwrap();
    });
    let (ok, text) = verify(&db);
    assert!(!ok, "{text}");
    let before = last - 1;
    assert_eq!(
        text.trim(),
        format!(
            "audit log broken at entry {last}: missing: the log ends at entry {before}, but the head records entry {last}; entries were removed from the end ({before} entries before it verified)"
        )
    );
}

#[test]
fn swapped_entries_are_named() {
    let (_home, db) = store();
    tamper(&db, |audit| {
        let (a, b) = (read(audit, 12), read(audit, 13));
        write(audit, 12, &b);
        write(audit, 13, &a);
    });
    assert_eq!(
        broken(&db),
        "audit log broken at entry 12: holds entry 13 but is stored as entry 12: entries were swapped or reordered (11 entries before it verified)"
    );
}

#[test]
fn an_entry_altered_and_rehashed_breaks_the_next_link() {
    let (_home, db) = store();
    tamper(&db, |audit| {
        let mut entry = read(audit, 5);
        entry.note = "nothing happened here".into();
        entry.hash = entry.compute_hash();
        write(audit, 5, &entry);
    });
    assert_eq!(
        broken(&db),
        "audit log broken at entry 6: does not follow entry 5: the hash it records for entry 5 differs, so entry 5 was altered and rehashed, or entries were replaced (5 entries before it verified)"
    );
}

#[test]
fn the_last_entry_altered_and_rehashed_is_caught_by_the_head() {
    let (_home, db) = store();
    let mut last = 0;
    tamper(&db, |audit| {
        last = last_seq(audit);
        let mut entry = read(audit, last);
        entry.target = "elsewhere".into();
        entry.hash = entry.compute_hash();
        write(audit, last, &entry);
    });
    let text = broken(&db);
    assert!(
        text.contains(&format!(
            "broken at entry {last}: does not match the head's hash"
        )),
        "{text}"
    );
}

#[test]
fn an_entry_that_is_not_json_is_named() {
    let (_home, db) = store();
    tamper(&db, |audit| {
        audit
            .insert(3u64.to_be_bytes(), &b"\x00garbage"[..])
            .unwrap();
    });
    let text = broken(&db);
    assert!(
        text.contains("broken at entry 3: cannot be read (")
            && text.contains("the entry was damaged"),
        "{text}"
    );
}
