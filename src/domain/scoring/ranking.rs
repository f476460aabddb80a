//! The composite score and the ranking within a level (RULES.md, Scoring).
//!
//! Composite: the weighted sum of the stages the level sits, with the
//! cycle's weights (0.5 achievement, 0.2 written, 0.3 defense by default);
//! a junior who sits neither the written exam nor the defense has the
//! achievement aggregate as composite. When a level sits only some of the
//! stages, the weights of those stages are scaled to add up to 1.
//!
//! Ranking: by composite, highest first; equal composites are ordered by
//! the achievement aggregate, highest first. Applications equal in both
//! share a rank (1, 2, 2, 4) and are listed by id. Applications missing a
//! stage result are listed after the ranked ones, by id, without a rank.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::domain::cycle::{Cycle, Weights};
use crate::domain::stage::Level;

use super::score::Score;

/// Weights are read to millionths, so 0.2 is exactly 1/5.
const WEIGHT_SCALE: f64 = 1_000_000.0;

/// The results of one application at the scored stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StageResults {
    /// The achievement aggregate.
    pub achievement: Option<Score>,
    /// The written exam score, 0-100.
    pub written: Option<u32>,
    /// The defense aggregate.
    pub defense: Option<Score>,
}

/// One application to rank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub id: String,
    pub level: Level,
    pub results: StageResults,
}

/// One line of a ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub id: String,
    /// 1 for the first; shared by exact ties; `None` when a result is missing.
    pub rank: Option<u32>,
    pub composite: Option<Score>,
    pub achievement: Option<Score>,
    /// Every stage the level sits is at or above its pass line.
    pub passed: bool,
}

/// The stages that make up a level's composite, each with its result
/// (if any), weight in millionths and pass line.
fn components(
    level: Level,
    results: &StageResults,
    cycle: &Cycle,
) -> Vec<(Option<Score>, i128, u32)> {
    let Weights {
        achievement,
        written,
        defense,
    } = cycle.scoring.weights;
    let lines = &cycle.scoring.pass_lines;
    let mut parts = vec![(
        results.achievement,
        millionths(achievement),
        lines.achievement,
    )];
    if cycle.sits_written(level) {
        let written_score = results.written.map(Score::whole);
        parts.push((written_score, millionths(written), lines.written));
    }
    if cycle.sits_defense(level) {
        parts.push((results.defense, millionths(defense), lines.defense));
    }
    parts
}

fn millionths(weight: f64) -> i128 {
    (weight * WEIGHT_SCALE).round().max(0.0) as i128
}

/// The composite of an application's results; `None` while a stage its
/// level sits has no result.
pub fn composite(level: Level, results: &StageResults, cycle: &Cycle) -> Option<Score> {
    let parts = components(level, results, cycle);
    let total_weight: i128 = parts.iter().map(|&(_, w, _)| w).sum();

    let mut sum = Score::ZERO;
    for &(score, weight, _) in &parts {
        // All weights zero (a degenerate configuration): an unweighted mean.
        let weight = if total_weight == 0 { 1 } else { weight };
        sum = sum + score?.scale(weight, 1);
    }
    let total_weight = if total_weight == 0 {
        parts.len() as i128
    } else {
        total_weight
    };
    Some(sum.scale(1, total_weight))
}

/// Whether every stage the level sits has a result at or above its line.
pub fn passes(level: Level, results: &StageResults, cycle: &Cycle) -> bool {
    components(level, results, cycle)
        .iter()
        .all(|&(score, _, line)| score.is_some_and(|s| s.reaches(line)))
}

/// Ranks the applications of one level (others in `standings` are ignored).
pub fn rank(level: Level, standings: &[Standing], cycle: &Cycle) -> Vec<Ranked> {
    rank_of(level, standings.iter().filter(|s| s.level == level), cycle)
}

fn rank_of<'a>(
    level: Level,
    standings: impl Iterator<Item = &'a Standing>,
    cycle: &Cycle,
) -> Vec<Ranked> {
    let mut lines: Vec<Ranked> = standings
        .map(|s| Ranked {
            id: s.id.clone(),
            rank: None,
            composite: composite(level, &s.results, cycle),
            achievement: s.results.achievement,
            passed: passes(level, &s.results, cycle),
        })
        .collect();
    lines.sort_by(order);

    let mut previous: Option<(Score, Option<Score>, u32)> = None;
    for (position, line) in (1u32..).zip(lines.iter_mut()) {
        let Some(composite) = line.composite else {
            break;
        };
        let rank = match previous {
            Some((c, a, rank)) if c == composite && a == line.achievement => rank,
            _ => position,
        };
        line.rank = Some(rank);
        previous = Some((composite, line.achievement, rank));
    }
    lines
}

/// Ranks every level present in `standings`.
pub fn rank_levels(standings: &[Standing], cycle: &Cycle) -> BTreeMap<Level, Vec<Ranked>> {
    let mut by_level: BTreeMap<Level, Vec<&Standing>> = BTreeMap::new();
    for standing in standings {
        by_level.entry(standing.level).or_default().push(standing);
    }
    by_level
        .into_iter()
        .map(|(level, group)| (level, rank_of(level, group.into_iter(), cycle)))
        .collect()
}

/// Ranked before unranked; composite, then achievement, highest first; then id.
fn order(a: &Ranked, b: &Ranked) -> Ordering {
    let by_composite = match (a.composite, b.composite) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    by_composite
        .then_with(|| b.achievement.cmp(&a.achievement))
        .then_with(|| a.id.cmp(&b.id))
}
