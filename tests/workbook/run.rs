//! Running the real binary on a store and reading the store back.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx};
use docket::domain::{Application, User, UserRole};
use serde_json::Value;

use crate::common;

pub fn docket(db: &Path, args: &[&str]) -> Output {
    let state = db.with_extension("state");
    Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("XDG_STATE_HOME", state)
        .output()
        .unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The service on the store at `db`, waiting while a process that just
/// ended (or a store just dropped) still holds its lock.
pub fn open(db: &Path) -> docket::service::Service {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match docket::service::Service::open(
            db,
            &docket::store::OpenOptions::default(),
            common::clock(),
        ) {
            Ok(opened) => return opened.service,
            Err(e) if std::time::Instant::now() < deadline && e.to_string().contains("in use") => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(e) => panic!("{e}"),
        }
    }
}

/// Every application in the store, by id.
pub fn records(db: &Path) -> Vec<Application> {
    let service = open(db);
    service
        .store()
        .applications()
        .map(|r| r.unwrap().value)
        .collect()
}

/// The audit head's sequence number and the number of applications.
pub fn state(db: &Path) -> (u64, usize) {
    let service = open(db);
    let head = service.store().audit_head().unwrap().seq;
    (head, service.store().applications().count())
}

/// A store holding `applications`, with a supervisor and an expert.
pub fn store_with(db: &Path, applications: &[Application]) {
    let service = open(db);
    let admin = service.default_user().unwrap();
    service
        .add_user(&admin, &User::new("zhao", UserRole::Supervisor))
        .unwrap();
    service
        .add_user(&admin, &User::new("zhang", UserRole::Expert))
        .unwrap();
    service
        .import(&admin, applications, "t.json", &mut |_| {})
        .unwrap();
}

pub fn samples(ids: std::ops::RangeInclusive<usize>) -> Vec<Value> {
    ids.map(common::sample_json).collect()
}

pub fn import(db: &Path, file: &Path) -> Output {
    docket(db, &["import", file.to_str().unwrap()])
}

pub fn sheet_rows(bytes: &[u8], sheet: &str) -> Vec<Vec<Data>> {
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

pub fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, bytes).unwrap();
    file
}
