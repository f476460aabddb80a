//! The audit chain and backups at scale:
//!
//! - `verify_audit` over a chain of 1,000,000 entries (`DOCKET_BENCH_AUDIT`
//!   sets the count): budget <= 10 s (median of 3 runs);
//! - `backup` and `restore` of the generated store of 100,000 applications
//!   (`DOCKET_BENCH_SCALE` sets it): medians of 3 runs, no budget.

// Tests and benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::time::Instant;

use common::{env_number, generated_in, median_of, scale};
use docket::store::backup;
use docket::store::{AuditDraft, OpenOptions, Store};

fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    verify_at_scale(
        &dir.path().join("chain"),
        env_number("DOCKET_BENCH_AUDIT", 1_000_000),
    );
    backup_and_restore(dir.path(), scale());
}

fn verify_at_scale(db: &Path, entries: usize) {
    let store = Store::open(db, &OpenOptions::default()).unwrap();
    let started = Instant::now();
    let at = chrono::Utc::now();
    let batch = 20_000;
    let mut written = 0;
    while written < entries {
        let count = batch.min(entries - written);
        let drafts: Vec<AuditDraft> = (written..written + count)
            .map(|n| {
                let id = format!("2024-ZJ-I-{:06}", n % 100_000);
                AuditDraft::new("li.wei", "review.submit", id, n.to_string().as_bytes())
                    .with_note("total 78")
            })
            .collect();
        store.append_audit_many(at, &drafts).unwrap();
        written += count;
    }
    println!(
        "built a chain of {written} entries in {:.1?}",
        started.elapsed()
    );
    let verify = median_of(3, |_| {
        let started = Instant::now();
        let verification = store.verify_audit().unwrap();
        let took = started.elapsed();
        assert_eq!(verification.verified, written as u64);
        assert!(verification.first_bad.is_none());
        took
    });
    println!("verify_audit over {written} entries: median {verify:.2?} (budget 10 s)");
}

fn backup_and_restore(dir: &Path, scale: usize) {
    let db = dir.join("store");
    let service = generated_in(&db, scale);
    let admin = service.default_user().unwrap();
    let mut bytes = 0;
    let took = median_of(3, |round| {
        let file = dir.join(format!("store-{round}.dkb"));
        let started = Instant::now();
        service.backup(&admin, &file, &mut |_| {}).unwrap();
        let took = started.elapsed();
        bytes = std::fs::metadata(&file).unwrap().len();
        took
    });
    drop(service);
    println!(
        "backup of {scale} applications: median {took:.2?}, file {} MB",
        bytes / 1_000_000
    );
    let file = dir.join("store-0.dkb");
    let took = median_of(3, |round| {
        let target = dir.join(format!("restored-{round}"));
        let started = Instant::now();
        backup::restore(&file, &target, &mut |_| {}).unwrap();
        let took = started.elapsed();
        let _ = std::fs::remove_dir_all(&target);
        took
    });
    println!("restore of {scale} applications (checked, chain verified): median {took:.2?}");
}
