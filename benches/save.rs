//! One acknowledged (flushed) score save: an expert's review draft saved
//! through the service, 1,000 times in a row on a store of 100,000
//! applications (`DOCKET_BENCH_SCALE` sets it). Budget: p99 <= 20 ms.

// Benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use docket::domain::scoring::{Review, ReviewStage};
use docket::domain::{Stage, User, UserRole};
use docket::service::{Service, SystemClock};
use docket::store::OpenOptions;

const SAVES: usize = 1_000;

fn main() {
    let scale: usize = std::env::var("DOCKET_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temporary folder");
    let service = Service::open(dir.path(), &OpenOptions::default(), Arc::new(SystemClock))
        .expect("open")
        .service;
    let admin = service.default_user().expect("admin");
    let mut applications = docket::demo::generate(scale, 2024);
    let id = applications
        .iter()
        .find(|a| a.stage == Stage::Achievement)
        .map(|a| a.id.clone());
    let id = id.unwrap_or_else(|| {
        applications[0].stage = Stage::Achievement;
        applications[0].id.clone()
    });
    service
        .import(&admin, &applications, "bench", &mut |_| {})
        .expect("import");
    drop(applications);

    let expert = User::new("bench.expert", UserRole::Expert);
    service.add_user(&admin, &expert).expect("expert");
    service.assign(&admin, &id, &expert.name).expect("assign");

    let mut revision = None;
    let mut times: Vec<Duration> = (0..SAVES)
        .map(|i| {
            let points = u32::try_from(i % 20).unwrap_or(0);
            let review = Review {
                expert: expert.name.clone(),
                stage: ReviewStage::Achievement,
                scores: vec![10 + points / 2, 20, 30 + points],
                comment: format!("草稿 {i}"),
                submitted: None,
            };
            let started = Instant::now();
            let record = service
                .save_review_draft(&expert, &id, &review, revision)
                .expect("save");
            let took = started.elapsed();
            revision = Some(record.revision);
            took
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "acknowledged review draft save on {scale} applications, {SAVES} saves: median {:.2?}, p99 {:.2?}, max {:.2?} (budget p99 20 ms)",
        at(0.5),
        at(0.99),
        at(1.0)
    );
}
