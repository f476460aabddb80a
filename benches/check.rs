//! `docket check` end to end, the real binary on a generated file of
//! 100,000 applications (`DOCKET_BENCH_SCALE` sets the count): budget 5 s.
//! Reports the median of five runs.

// Benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let scale: usize = std::env::var("DOCKET_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("applications.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).expect("create"));
    for application in docket::demo::generate(scale, 2024) {
        serde_json::to_writer(&mut out, &application).expect("encode");
        out.write_all(b"\n").expect("write");
    }
    out.flush().expect("flush");
    drop(out);

    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let started = Instant::now();
            let status = Command::new(env!("CARGO_BIN_EXE_docket"))
                .args(["check", &file.display().to_string()])
                .stdout(Stdio::null())
                .status()
                .expect("run docket check");
            assert!(status.success(), "generated data must be valid");
            started.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "docket check over {scale} applications: median {:.2?} (min {:.2?}, max {:.2?}; budget 5 s)",
        times[2], times[0], times[4]
    );
}
