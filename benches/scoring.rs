//! Scoring budgets on generated data (deterministic for a seed):
//!
//! - aggregate and rank 100,000 applications with 3 to 5 reviews each at
//!   every scored stage they sit: <= 1 s;
//! - automatic assignment of 10,000 applications to 30 experts: <= 2 s,
//!   with room to spare, with a tight cap, and with a tight cap and the
//!   last applications in conflict with most experts, so that earlier
//!   choices must shift (the augmenting phase).
//!
//! Prints the median of several timed runs against each budget, then
//! criterion's own estimates.

// Benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use criterion::Criterion;
use docket::domain::assignment::{AssignmentRequest, Candidate, Opening, assign};
use docket::domain::committee::{Declared, DeclaredBy};
use docket::domain::scoring::{
    Review, ReviewStage, StageResults, Standing, aggregate_reviews, rank_levels,
};
use docket::domain::{Cycle, Field, Level};

/// splitmix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One generated application with its reviews.
struct Scored {
    id: String,
    level: Level,
    achievement: Vec<Review>,
    written: Option<u32>,
    defense: Vec<Review>,
}

fn level(rng: &mut Rng) -> Level {
    match rng.below(10) {
        0..=3 => Level::Junior,
        4..=7 => Level::Intermediate,
        _ => Level::Senior,
    }
}

fn reviews(rng: &mut Rng, stage: ReviewStage) -> Vec<Review> {
    let submitted = Some(Utc.with_ymd_and_hms(2024, 9, 1, 8, 0, 0).unwrap());
    let count = 3 + rng.below(3);
    (0..count)
        .map(|i| {
            let scores = match stage {
                ReviewStage::Achievement => {
                    vec![
                        8 + rng.below(13) as u32,
                        12 + rng.below(19) as u32,
                        20 + rng.below(31) as u32,
                    ]
                }
                ReviewStage::Defense => vec![40 + rng.below(61) as u32],
            };
            Review {
                expert: format!("expert{i}"),
                stage,
                scores,
                comment: String::new(),
                submitted,
            }
        })
        .collect()
}

fn scored_applications(count: usize, cycle: &Cycle) -> Vec<Scored> {
    let mut rng = Rng(2024);
    (0..count)
        .map(|i| {
            let level = level(&mut rng);
            let achievement = reviews(&mut rng, ReviewStage::Achievement);
            let written = cycle.sits_written(level).then(|| 30 + rng.below(71) as u32);
            let defense = if cycle.sits_defense(level) {
                reviews(&mut rng, ReviewStage::Defense)
            } else {
                Vec::new()
            };
            Scored {
                id: format!("2024-ZJ-{}-{i:06}", level.letter()),
                level,
                achievement,
                written,
                defense,
            }
        })
        .collect()
}

fn aggregate_and_rank(applications: &[Scored], cycle: &Cycle) -> usize {
    let scoring = &cycle.scoring;
    let standings: Vec<Standing> = applications
        .iter()
        .map(|a| {
            let achievement = aggregate_reviews(&a.achievement, ReviewStage::Achievement, scoring);
            let defense = aggregate_reviews(&a.defense, ReviewStage::Defense, scoring);
            Standing {
                id: a.id.clone(),
                level: a.level,
                results: StageResults {
                    achievement: achievement.map(|g| g.mean),
                    written: a.written,
                    defense: defense.map(|g| g.mean),
                },
            }
        })
        .collect();
    let ranked = rank_levels(&standings, cycle);
    ranked.values().map(Vec::len).sum()
}

const ORGANIZATIONS: usize = 400;

/// How hard an assignment run is made.
#[derive(Clone, Copy)]
enum Scenario {
    /// The cap leaves 200 places to spare per expert.
    Roomy,
    /// The cap leaves no more room in all than the places to fill.
    Tight,
    /// Tight, and the last 1,000 applications (in id order) are in conflict
    /// with 25 of the 30 experts, so the experts the greedy pass spent on
    /// earlier applications must shift to make room for them.
    Shifts,
}

impl Scenario {
    fn label(self) -> &'static str {
        match self {
            Scenario::Roomy => "room to spare",
            Scenario::Tight => "tight cap",
            Scenario::Shifts => "tight cap, tail in conflict",
        }
    }
}

/// 10,000 openings and 30 experts; about 1 in 60 pairs conflicted through
/// a declaration, and some applicants share an organization with an expert.
fn assignment_input(
    scenario: Scenario,
    cycle: &Cycle,
) -> (Vec<Opening>, Vec<Candidate>, Vec<Declared>, u32) {
    let mut rng = Rng(6);
    let experts: Vec<Candidate> = (0..30)
        .map(|i| Candidate {
            name: format!("expert{i:02}"),
            fields: vec![Field::ALL[i % 5], Field::ALL[(i / 5) % 5]],
            organization: Some(format!("单位{}", i * 7)),
            load: rng.below(20) as u32,
        })
        .collect();
    let openings: Vec<Opening> = (0..10_000)
        .map(|i| Opening {
            id: format!("2024-ZJ-{i:06}"),
            level: level(&mut rng),
            field: Some(Field::ALL[rng.below(5) as usize]),
            organization: format!("单位{}", rng.below(ORGANIZATIONS as u64)),
            assigned: Vec::new(),
        })
        .collect();
    let mut declared = Vec::new();
    for (i, opening) in openings.iter().enumerate() {
        for (e, expert) in experts.iter().enumerate() {
            let tail = matches!(scenario, Scenario::Shifts) && i >= 9_000 && e < 25;
            if tail || rng.below(60) == 0 {
                declared.push(Declared {
                    expert: expert.name.clone(),
                    application: opening.id.clone(),
                    by: DeclaredBy::Expert,
                    reason: "former colleague".to_owned(),
                });
            }
        }
    }
    let demand: u32 = openings.iter().map(|o| cycle.experts_for(o.level)).sum();
    let loads: u32 = experts.iter().map(|e| e.load).sum();
    let slack = if matches!(scenario, Scenario::Roomy) {
        200
    } else {
        0
    };
    let cap = (demand + loads).div_ceil(30) + slack;
    (openings, experts, declared, cap)
}

fn median_of(runs: usize, mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    let cycle = Cycle::default_2024();
    let applications = scored_applications(100_000, &cycle);
    let reviews: usize = applications
        .iter()
        .map(|a| a.achievement.len() + a.defense.len())
        .sum();
    let ranked = aggregate_and_rank(&applications, &cycle);
    assert_eq!(ranked, applications.len());
    let median = median_of(11, || {
        black_box(aggregate_and_rank(&applications, &cycle));
    });
    println!(
        "aggregate and rank 100,000 applications ({reviews} reviews): median {median:.2?} (budget 1 s)"
    );

    for scenario in [Scenario::Roomy, Scenario::Tight, Scenario::Shifts] {
        let (openings, experts, declared, cap) = assignment_input(scenario, &cycle);
        let request = AssignmentRequest {
            openings: &openings,
            experts: &experts,
            declared: &declared,
            cap,
        };
        let plan = assign(&request, &cycle);
        let median = median_of(11, || {
            black_box(assign(&request, &cycle));
        });
        println!(
            "assign 10,000 applications to 30 experts, {} (cap {cap}): median {median:.2?} \
             (budget 2 s); {} assignments, {} short",
            scenario.label(),
            plan.assignments.len(),
            plan.shortfalls.len()
        );
    }

    let mut criterion = Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .configure_from_args();
    criterion.bench_function("aggregate and rank 100,000 applications", |b| {
        b.iter(|| aggregate_and_rank(&applications, &cycle));
    });
    let (openings, experts, declared, cap) = assignment_input(Scenario::Shifts, &cycle);
    let request = AssignmentRequest {
        openings: &openings,
        experts: &experts,
        declared: &declared,
        cap,
    };
    let name = "assign 10,000 applications to 30 experts (tight cap, tail in conflict)";
    criterion.bench_function(name, |b| {
        b.iter(|| assign(&request, &cycle));
    });
    criterion.final_summary();
}
