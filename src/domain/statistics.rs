//! The figures of a cycle: how many applications stand at each stage and
//! how many passed or failed it, pass rates by level and by province, the
//! distribution of the experts' aggregates and of their spreads.

use std::collections::{BTreeMap, HashMap};

use super::cycle::Cycle;
use super::moves::previous_stage;
use super::scoring::{Aggregate, Tendency};
use super::{Level, Stage, Summary, Track};

/// The stages an application passes or fails, in order.
pub const PIPELINE: [Stage; 5] = [
    Stage::Eligibility,
    Stage::Achievement,
    Stage::Written,
    Stage::Defense,
    Stage::Notice,
];

/// Buckets of the aggregate histogram: 0-9, 10-19, ... 90-100.
pub const SCORE_BUCKETS: usize = 10;
/// Buckets of the spread distribution: 0-4, 5-9, 10-14, 15-19, 20 and more.
pub const SPREAD_BUCKETS: usize = 5;
pub const SPREAD_STEP: u32 = 5;

/// Applications of one group and how their review ended so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub total: usize,
    /// On the public notice, certified, or certified and later revoked.
    pub passed: usize,
    /// Rejected, or cancelled after an upheld complaint.
    pub failed: usize,
}

impl Tally {
    /// Passed of those decided, in tenths of a percent (rounded); `None`
    /// before any decision.
    pub fn rate_permille(&self) -> Option<u32> {
        permille(self.passed, self.failed)
    }

    fn count(&mut self, stage: Stage) {
        self.total += 1;
        match stage {
            Stage::Notice | Stage::Certified | Stage::Revoked => self.passed += 1,
            Stage::Rejected | Stage::Cancelled => self.failed += 1,
            _ => {}
        }
    }
}

/// One stage of the pipeline: who stands there, who got past, who did not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTally {
    pub now: usize,
    pub passed: usize,
    pub failed: usize,
}

impl StageTally {
    pub fn rate_permille(&self) -> Option<u32> {
        permille(self.passed, self.failed)
    }
}

fn permille(passed: usize, failed: usize) -> Option<u32> {
    let decided = passed + failed;
    (decided > 0).then(|| ((passed * 1000 + decided / 2) / decided) as u32)
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Statistics {
    pub total: usize,
    pub stages: Vec<(Stage, StageTally)>,
    /// Applications in each end state.
    pub ended: Vec<(Stage, usize)>,
    /// Rejected applications whose history does not say at which stage
    /// (imported already rejected): in no stage's count of failures.
    pub unplaced: usize,
    pub levels: Vec<(Level, Tally)>,
    /// Provinces, most applications first.
    pub provinces: Vec<(String, Tally)>,
    /// Aggregates of the achievement review by bucket of ten points.
    pub scores: [usize; SCORE_BUCKETS],
    /// Spreads of the achievement review by bucket of five points.
    pub spreads: [usize; SPREAD_BUCKETS],
    pub tendencies: Vec<Tendency>,
}

/// What the statistics are made of.
pub struct Inputs<'a> {
    pub summaries: &'a [Summary],
    /// The stage each rejected application failed at.
    pub rejected_from: &'a HashMap<String, Stage>,
    /// The achievement review's aggregate of each application scored.
    pub aggregates: &'a [Aggregate],
    pub tendencies: Vec<Tendency>,
}

pub fn compute(inputs: Inputs<'_>, cycle: &Cycle) -> Statistics {
    let mut stages: BTreeMap<Stage, StageTally> = PIPELINE
        .iter()
        .map(|s| (*s, StageTally::default()))
        .collect();
    let mut ended: BTreeMap<Stage, usize> = BTreeMap::new();
    let mut levels: BTreeMap<Level, Tally> = BTreeMap::new();
    let mut provinces: HashMap<String, Tally> = HashMap::new();
    let mut unplaced = 0;
    for summary in inputs.summaries {
        levels
            .entry(summary.level)
            .or_default()
            .count(summary.stage);
        provinces
            .entry(summary.province.clone())
            .or_default()
            .count(summary.stage);
        let (failed_at, passed_before) = match summary.stage {
            Stage::Rejected => {
                let at = inputs.rejected_from.get(&summary.id).copied();
                if at.is_none() {
                    unplaced += 1;
                }
                (at, at)
            }
            Stage::Cancelled => (Some(Stage::Notice), Some(Stage::Notice)),
            Stage::Certified | Stage::Revoked => (None, Some(Stage::Certified)),
            Stage::Withdrawn => (None, None),
            at => {
                if let Some(tally) = stages.get_mut(&at) {
                    tally.now += 1;
                }
                (None, Some(at))
            }
        };
        if !PIPELINE.contains(&summary.stage) {
            *ended.entry(summary.stage).or_default() += 1;
        }
        if let Some(at) = failed_at
            && let Some(tally) = stages.get_mut(&at)
        {
            tally.failed += 1;
        }
        if let Some(at) = passed_before {
            for stage in passed(summary, at, cycle) {
                if let Some(tally) = stages.get_mut(&stage) {
                    tally.passed += 1;
                }
            }
        }
    }

    let mut scores = [0; SCORE_BUCKETS];
    let mut spreads = [0; SPREAD_BUCKETS];
    for aggregate in inputs.aggregates {
        let points = (aggregate.mean.tenths().max(0) / 10) as usize;
        scores[(points / 10).min(SCORE_BUCKETS - 1)] += 1;
        let bucket = (aggregate.spread / SPREAD_STEP) as usize;
        spreads[bucket.min(SPREAD_BUCKETS - 1)] += 1;
    }
    let mut provinces: Vec<(String, Tally)> = provinces.into_iter().collect();
    provinces.sort_by(|a, b| b.1.total.cmp(&a.1.total).then_with(|| a.0.cmp(&b.0)));
    Statistics {
        total: inputs.summaries.len(),
        stages: PIPELINE.iter().map(|s| (*s, stages[s])).collect(),
        ended: ended.into_iter().collect(),
        unplaced,
        levels: levels.into_iter().collect(),
        provinces,
        scores,
        spreads,
        tendencies: inputs.tendencies,
    }
}

/// The stages an application got past before reaching `at` (for
/// `Certified`, the whole way through the notice).
fn passed(summary: &Summary, at: Stage, cycle: &Cycle) -> Vec<Stage> {
    // Exceptional seniors and juniors go from eligibility to the notice.
    let straight = summary.track == Track::Exceptional
        && matches!(summary.level, Level::Senior | Level::Junior);
    let mut out = Vec::new();
    let mut stage = if at == Stage::Certified {
        out.push(Stage::Notice);
        Stage::Notice
    } else {
        at
    };
    loop {
        let before = if straight && stage == Stage::Notice {
            Some(Stage::Eligibility)
        } else {
            previous_stage(summary.level, stage, cycle)
        };
        match before {
            Some(before) => {
                out.push(before);
                stage = before;
            }
            None => return out,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scoring::aggregate;

    fn summaries() -> Vec<Summary> {
        let cycle = Cycle::default_2024();
        crate::demo::demo_fixture()
            .unwrap()
            .iter()
            .map(|a| Summary::of(a, 1, &cycle))
            .collect()
    }

    /// The statistics of summaries alone, under the 2024 cycle.
    fn stats_of(summaries: &[Summary], rejected_from: &HashMap<String, Stage>) -> Statistics {
        compute(
            Inputs {
                summaries,
                rejected_from,
                aggregates: &[],
                tendencies: Vec::new(),
            },
            &Cycle::default_2024(),
        )
    }

    #[test]
    fn every_application_is_counted_once_by_where_it_stands() {
        let summaries = summaries();
        let stats = stats_of(&summaries, &HashMap::new());
        let standing: usize = stats.stages.iter().map(|(_, t)| t.now).sum();
        let ended: usize = stats.ended.iter().map(|(_, n)| n).sum();
        assert_eq!(standing + ended, summaries.len());
        assert_eq!(stats.total, summaries.len());
        let by_level: usize = stats.levels.iter().map(|(_, t)| t.total).sum();
        let by_province: usize = stats.provinces.iter().map(|(_, t)| t.total).sum();
        assert_eq!((by_level, by_province), (summaries.len(), summaries.len()));
        assert!(
            stats
                .provinces
                .windows(2)
                .all(|w| w[0].1.total >= w[1].1.total)
        );
    }

    #[test]
    fn a_stage_is_passed_by_those_beyond_it_and_failed_where_rejected() {
        let mut summaries = summaries();
        summaries.truncate(3);
        let ids: Vec<String> = summaries.iter().map(|s| s.id.clone()).collect();
        for s in &mut summaries {
            s.level = Level::Senior;
            s.track = Track::Regular;
        }
        summaries[0].stage = Stage::Certified;
        summaries[1].stage = Stage::Rejected;
        summaries[2].stage = Stage::Written;
        let rejected = HashMap::from([(ids[1].clone(), Stage::Achievement)]);
        let stats = stats_of(&summaries, &rejected);
        let at = |stage: Stage| stats.stages.iter().find(|(s, _)| *s == stage).unwrap().1;
        // The certified one passed all five; the rejected one passed
        // eligibility and failed the achievement review; the one at the
        // written exam passed the two before it.
        assert_eq!(
            at(Stage::Eligibility),
            StageTally {
                now: 0,
                passed: 3,
                failed: 0
            }
        );
        assert_eq!(
            at(Stage::Achievement),
            StageTally {
                now: 0,
                passed: 2,
                failed: 1
            }
        );
        assert_eq!(
            at(Stage::Written),
            StageTally {
                now: 1,
                passed: 1,
                failed: 0
            }
        );
        assert_eq!(
            at(Stage::Notice),
            StageTally {
                now: 0,
                passed: 1,
                failed: 0
            }
        );
        assert_eq!(at(Stage::Achievement).rate_permille(), Some(667));
        let senior = stats
            .levels
            .iter()
            .find(|(l, _)| *l == Level::Senior)
            .unwrap()
            .1;
        assert_eq!(
            (senior.passed, senior.failed, senior.rate_permille()),
            (1, 1, Some(500))
        );
        assert_eq!(stats.unplaced, 0);

        // Rejected with no record of where: counted apart, failing no stage.
        let stats = stats_of(&summaries, &HashMap::new());
        assert_eq!(stats.unplaced, 1);
        let failed: usize = stats.stages.iter().map(|(_, t)| t.failed).sum();
        assert_eq!(failed, 0);
    }

    #[test]
    fn aggregates_and_spreads_fall_into_their_buckets() {
        let scoring = Cycle::default_2024().scoring;
        let aggregates: Vec<Aggregate> = [vec![95, 100], vec![60, 84], vec![0, 4]]
            .iter()
            .map(|totals| aggregate(totals, &scoring).unwrap())
            .collect();
        let stats = compute(
            Inputs {
                summaries: &[],
                rejected_from: &HashMap::new(),
                aggregates: &aggregates,
                tendencies: Vec::new(),
            },
            &Cycle::default_2024(),
        );
        assert_eq!(stats.scores[9], 1, "97.5 and 100 share the top bucket");
        assert_eq!(stats.scores[7], 1, "72");
        assert_eq!(stats.scores[0], 1, "2");
        // Spreads 5, 24 and 4.
        assert_eq!(stats.spreads, [1, 1, 0, 0, 1]);
    }
}
