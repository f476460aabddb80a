//! Workbook budgets (`DOCKET_BENCH_SCALE` generated applications, default
//! 100,000, with 8 evidence items and 3 training records each):
//!
//! - export every application to XLSX (read from the store, audited,
//!   written to a file): <= 30 s (median of 3 runs);
//! - import a workbook of 10,000 applications (three sheets: read, check,
//!   write to a fresh store, flush): <= 10 s (median of 3 runs).

// Tests and benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;

use common::{generated_in, median_of, scale};
use docket::service::{Service, SystemClock};
use docket::sheet::{applications_workbook, read_workbook};
use docket::store::OpenOptions;

/// The workbook the import budget is measured on.
const IMPORT_SCALE: usize = 10_000;

fn open(db: &Path) -> Service {
    Service::open(db, &OpenOptions::default(), Arc::new(SystemClock))
        .expect("open")
        .service
}

fn main() {
    let scale = scale();
    let dir = tempfile::tempdir().expect("temporary folder");

    let db = dir.path().join("store");
    drop(generated_in(&db, scale));
    let file = dir.path().join("applications.xlsx");
    let export = median_printed(3, |_| {
        let service = open(&db);
        let admin = service.default_user().expect("admin");
        let started = Instant::now();
        let applications = service
            .export_applications(&admin, "xlsx", None)
            .expect("export");
        let bytes = applications_workbook(&applications, &mut |_, _| {}).expect("workbook");
        std::fs::write(&file, &bytes).expect("write");
        started.elapsed()
    });
    let megabytes = std::fs::metadata(&file).map_or(0, |m| m.len()) / 1_000_000;
    println!(
        "export {scale} applications to XLSX ({megabytes} MB): median {export:.2?} (budget 30 s)"
    );

    let applications = docket::demo::generate(IMPORT_SCALE, 7);
    let evidence: usize = applications.iter().map(|a| a.evidence.len()).sum();
    let training: usize = applications.iter().map(|a| a.training.len()).sum();
    let bytes = applications_workbook(&applications, &mut |_, _| {}).expect("workbook");
    drop(applications);
    println!(
        "import workbook: {IMPORT_SCALE} applications, {training} training rows, \
         {evidence} evidence rows, {} MB",
        bytes.len() / 1_000_000
    );
    let import = median_printed(3, |round| {
        let target = dir.path().join(format!("import-{round}"));
        let started = Instant::now();
        let workbook = read_workbook(&bytes, &mut |_, _| {}).expect("readable");
        assert!(
            workbook.problems.is_empty(),
            "generated data must be valid: {:?}",
            workbook.problems.first()
        );
        let service = open(&target);
        let admin = service.default_user().expect("admin");
        service
            .import(&admin, &workbook.applications, "bench", &mut |_| {})
            .expect("import");
        let took = started.elapsed();
        drop(service);
        let _ = std::fs::remove_dir_all(&target);
        took
    });
    println!("import a {IMPORT_SCALE}-application workbook: median {import:.2?} (budget 10 s)");
}

/// The median of `runs`, each run's time printed as it ends.
fn median_printed(runs: usize, mut run: impl FnMut(usize) -> Duration) -> Duration {
    median_of(runs, |i| {
        let took = run(i);
        println!("  run {}: {took:.2?}", i + 1);
        took
    })
}
