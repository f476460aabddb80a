//! The aggregate of the experts' totals on one application at one stage
//! (RULES.md, Scoring): the mean, trimmed from `trimmed_mean_from` reviews
//! on; the median and spread beside it; a flag when the experts disagree.

use crate::domain::cycle::Scoring;

use super::review::{Review, ReviewStage};
use super::score::Score;

/// The experts' totals on one application, combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Aggregate {
    /// Submitted reviews counted.
    pub count: usize,
    /// The aggregate: the mean of the totals, or, with `trimmed`, the mean
    /// after dropping one highest and one lowest.
    pub mean: Score,
    pub trimmed: bool,
    /// The middle total, or the mean of the two middle ones.
    pub median: Score,
    pub min: u32,
    pub max: u32,
    /// `max - min`.
    pub spread: u32,
    /// The spread is above the configured line: discuss the application.
    pub flagged: bool,
}

impl Aggregate {
    /// Whether the aggregate is at or above a pass line (exactly).
    pub fn reaches(&self, line: u32) -> bool {
        self.mean.reaches(line)
    }
}

/// Aggregates the totals of submitted reviews; `None` when there are none.
pub fn aggregate(totals: &[u32], scoring: &Scoring) -> Option<Aggregate> {
    let mut sorted = totals.to_vec();
    sorted.sort_unstable();
    aggregate_sorted(&sorted, scoring)
}

/// Aggregates the submitted reviews of one stage; drafts do not count.
pub fn aggregate_reviews<'a, I>(
    reviews: I,
    stage: ReviewStage,
    scoring: &Scoring,
) -> Option<Aggregate>
where
    I: IntoIterator<Item = &'a Review>,
{
    let mut totals: Vec<u32> = reviews
        .into_iter()
        .filter(|r| r.stage == stage && r.is_submitted())
        .map(Review::total)
        .collect();
    totals.sort_unstable();
    aggregate_sorted(&totals, scoring)
}

fn aggregate_sorted(sorted: &[u32], scoring: &Scoring) -> Option<Aggregate> {
    let (&min, &max) = (sorted.first()?, sorted.last()?);
    let count = sorted.len();

    // With enough reviews, one highest and one lowest are dropped.
    let trimmed = count >= scoring.trimmed_mean_from.max(3) as usize;
    let kept = if trimmed {
        &sorted[1..count - 1]
    } else {
        sorted
    };
    let mean = Score::reduced(sum(kept), kept.len() as i128);

    let middle = count / 2;
    let median = if count % 2 == 1 {
        Score::whole(sorted[middle])
    } else {
        Score::reduced(sum(&sorted[middle - 1..=middle]), 2)
    };

    let spread = max - min;
    Some(Aggregate {
        count,
        mean,
        trimmed,
        median,
        min,
        max,
        spread,
        flagged: spread > scoring.spread_flag_above,
    })
}

fn sum(totals: &[u32]) -> i128 {
    totals.iter().copied().map(i128::from).sum()
}
