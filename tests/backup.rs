//! `docket backup` and `docket restore`: a restored store holds exactly
//! what the backup saw and its audit chain verifies; a damaged, foreign or
//! newer file is refused with its own message and nothing is left behind.

// Tests and benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use docket::domain::{User, UserRole};
use docket::store::backup::{self, BackupError, HEADER_BYTES};

type Dump = BTreeMap<Vec<u8>, Vec<(Vec<u8>, Vec<u8>)>>;

/// Every tree's keys and values.
fn dump(db: &Path) -> Dump {
    let raw = common::raw_sled(db);
    raw.tree_names()
        .into_iter()
        .map(|name| {
            let tree = raw.open_tree(&name).unwrap();
            let entries = tree
                .iter()
                .map(|item| {
                    let (k, v) = item.unwrap();
                    (k.to_vec(), v.to_vec())
                })
                .collect();
            (name.to_vec(), entries)
        })
        .collect()
}

/// The demo's data, experts and committee in a store of its own.
fn store(home: &Path) -> PathBuf {
    let db = home.join("store");
    drop(common::demo_store(&db));
    db
}

fn docket(home: &Path, db: &Path, args: &[&str]) -> (bool, String) {
    common::when_unlocked(|| run_docket(home, db, args))
}

fn run_docket(home: &Path, db: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("DOCKET_DB")
        .output()
        .unwrap();
    (output.status.success(), common::printed(&output))
}

#[test]
fn a_restored_store_holds_exactly_what_was_backed_up() {
    let home = tempfile::tempdir().unwrap();
    let db = store(home.path());
    let file = home.path().join("desk.dkb");
    // The store as it is, then a backup of it with nothing written between.
    let before = {
        let service = common::open(&db);
        let header = service
            .store()
            .backup(&file, service.now(), &mut |_| {})
            .unwrap();
        assert_eq!(header.audit_head, service.store().audit_head().unwrap());
        drop(service);
        dump(&db)
    };
    assert!(!backup::partial_path(&file).exists());

    let restored = home.path().join("restored");
    let (ok, text) = docket(home.path(), &restored, &["restore", file.to_str().unwrap()]);
    assert!(ok, "{text}");
    assert!(
        text.contains("the audit log verifies up to entry"),
        "{text}"
    );
    assert!(
        restored.join("conf").exists(),
        "a sled store at {restored:?}"
    );
    let after = dump(&restored);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (tree, entries) in &before {
        assert_eq!(
            entries,
            &after[tree],
            "tree {}",
            String::from_utf8_lossy(tree)
        );
    }
    let (ok, text) = docket(home.path(), &restored, &["audit", "verify"]);
    assert!(ok && text.contains("audit log intact"), "{text}");
}

#[test]
fn the_command_line_backs_up_and_audits_it() {
    let home = tempfile::tempdir().unwrap();
    let db = store(home.path());
    let file = home.path().join("cli.dkb");
    let (ok, text) = docket(home.path(), &db, &["backup", file.to_str().unwrap()]);
    assert!(ok, "{text}");
    assert!(
        text.starts_with(&format!("backup written to {}", file.display())),
        "{text}"
    );
    // A second backup to the same file is refused; the first stays.
    let (ok, text) = docket(home.path(), &db, &["backup", file.to_str().unwrap()]);
    assert!(!ok && text.contains("already exists"), "{text}");
    let service = common::open(&db);
    let last = service.store().audit_entries(1).last().unwrap().unwrap();
    assert_eq!(last.action, "store.backup");
    assert_eq!(last.target, file.display().to_string());
    drop(service);
    let (ok, text) = docket(
        home.path(),
        &home.path().join("r"),
        &["restore", file.to_str().unwrap()],
    );
    assert!(ok, "{text}");
}

#[test]
fn a_backup_taken_while_a_writer_saves_restores_to_a_verifying_chain() {
    let home = tempfile::tempdir().unwrap();
    let db = store(home.path());
    let service = Arc::new(common::open(&db));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let service = Arc::clone(&service);
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let admin = service.default_user().unwrap();
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                let user = User::new(&format!("writer.{n}"), UserRole::Supervisor);
                service.add_user(&admin, &user).unwrap();
                n += 1;
            }
            n
        })
    };
    let admin = service.default_user().unwrap();
    let mut headers = Vec::new();
    for round in 0..3 {
        std::thread::sleep(std::time::Duration::from_millis(30));
        let file = home.path().join(format!("busy-{round}.dkb"));
        headers.push((
            file.clone(),
            service.backup(&admin, &file, &mut |_| {}).unwrap(),
        ));
    }
    stop.store(true, Ordering::SeqCst);
    let written = writer.join().unwrap();
    assert!(written > 0);
    for (round, (file, header)) in headers.iter().enumerate() {
        let target = home.path().join(format!("busy-restored-{round}"));
        let restored = backup::restore(file, &target, &mut |_| {}).unwrap();
        assert_eq!(&restored, header);
        let (ok, text) = docket(home.path(), &target, &["audit", "verify"]);
        assert!(ok, "{text}");
        // The users are exactly those the restored log says were added:
        // no write landed halfway through the backup.
        let dump = dump(&target);
        let users: Vec<String> = dump[&b"users".to_vec()]
            .iter()
            .map(|(k, _)| String::from_utf8(k.clone()).unwrap())
            .collect();
        let mut added: Vec<String> = dump[&b"audit".to_vec()]
            .iter()
            .map(|(_, v)| serde_json::from_slice::<docket::store::AuditEntry>(v).unwrap())
            .filter(|e| e.action == "user.add")
            .map(|e| e.target)
            .collect();
        added.sort();
        assert_eq!(users, added, "round {round}");
        assert!(users.iter().any(|u| u.starts_with("writer.")));
    }
}

/// A valid backup's bytes, for spoiling.
fn valid_backup(home: &Path) -> Vec<u8> {
    let db = store(home);
    let file = home.join("good.dkb");
    let service = common::open(&db);
    service
        .store()
        .backup(&file, service.now(), &mut |_| {})
        .unwrap();
    std::fs::read(&file).unwrap()
}

fn refusal(home: &Path, name: &str, bytes: &[u8]) -> (BackupError, String) {
    let file = home.join(name);
    std::fs::write(&file, bytes).unwrap();
    let target = home.join(format!("{name}.restored"));
    let error = backup::restore(&file, &target, &mut |_| {}).unwrap_err();
    assert!(!target.exists(), "{name}: the new folder was removed");
    let (ok, text) = docket(home, &target, &["restore", file.to_str().unwrap()]);
    assert!(!ok, "{text}");
    assert!(text.contains(&error.to_string()), "{text}");
    assert!(!target.exists());
    (error, text)
}

#[test]
fn damaged_foreign_and_newer_files_are_refused_each_with_its_reason() {
    let home = tempfile::tempdir().unwrap();
    let good = valid_backup(home.path());

    let cut = &good[..good.len() - 100];
    let (error, text) = refusal(home.path(), "cut.dkb", cut);
    assert!(matches!(error, BackupError::Truncated { .. }), "{text}");
    assert!(text.contains("is cut short"), "{text}");

    let mut flipped = good.clone();
    let middle = HEADER_BYTES as usize + (good.len() - HEADER_BYTES as usize) / 2;
    flipped[middle] ^= 0x20;
    let (error, text) = refusal(home.path(), "flipped.dkb", &flipped);
    assert!(matches!(error, BackupError::Checksum { .. }), "{text}");
    assert!(text.contains("does not match the checksum"), "{text}");

    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".repeat(40);
    let (error, text) = refusal(home.path(), "picture.png", &png);
    assert!(matches!(error, BackupError::Foreign { .. }), "{text}");
    assert!(
        text.contains("is not a docket backup (it is a PNG image)"),
        "{text}"
    );

    let (_, text) = refusal(home.path(), "data.json", br#"{"applications": []}"#);
    assert!(
        text.contains("is not a docket backup (it is JSON)"),
        "{text}"
    );

    let header = String::from_utf8_lossy(&good[..HEADER_BYTES as usize]).into_owned();
    assert!(header.contains("\"format\":1,"));
    let mut newer = good.clone();
    newer[..HEADER_BYTES as usize].copy_from_slice(
        header
            .replacen("\"format\":1,", "\"format\":7,", 1)
            .as_bytes(),
    );
    let (error, text) = refusal(home.path(), "newer.dkb", &newer);
    assert!(
        matches!(error, BackupError::NewerFormat { found: 7, .. }),
        "{text}"
    );
    assert!(text.contains("restore it with a newer docket"), "{text}");

    // Five refusals, five different messages.
    let messages: std::collections::BTreeSet<String> = [
        "cut.dkb",
        "flipped.dkb",
        "picture.png",
        "data.json",
        "newer.dkb",
    ]
    .iter()
    .map(|name| {
        let file = home.path().join(name);
        backup::restore(&file, &home.path().join("x"), &mut |_| {})
            .unwrap_err()
            .to_string()
            .replace(&file.display().to_string(), "FILE")
    })
    .collect();
    assert_eq!(messages.len(), 5, "{messages:?}");
}

#[test]
fn a_restore_refuses_a_folder_in_use_and_keeps_an_empty_one() {
    let home = tempfile::tempdir().unwrap();
    let good = valid_backup(home.path());
    let file = home.path().join("ok.dkb");
    std::fs::write(&file, &good).unwrap();

    // Not empty: refused, and what was there stays.
    let busy = home.path().join("busy");
    std::fs::create_dir_all(&busy).unwrap();
    std::fs::write(busy.join("keep.txt"), "mine").unwrap();
    let (ok, text) = docket(home.path(), &busy, &["restore", file.to_str().unwrap()]);
    assert!(!ok && text.contains("is not an empty folder"), "{text}");
    assert_eq!(
        std::fs::read_to_string(busy.join("keep.txt")).unwrap(),
        "mine"
    );

    // An empty folder given for a damaged file stays, empty.
    let empty = home.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    let bad = home.path().join("bad.dkb");
    std::fs::write(&bad, &flipped).unwrap();
    let (ok, _) = docket(home.path(), &empty, &["restore", bad.to_str().unwrap()]);
    assert!(!ok);
    assert!(empty.exists() && std::fs::read_dir(&empty).unwrap().next().is_none());

    // The same empty folder takes a good backup.
    let (ok, text) = docket(home.path(), &empty, &["restore", file.to_str().unwrap()]);
    assert!(ok, "{text}");
}
