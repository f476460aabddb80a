//! How each expert scores compared with the others, so the secretariat can
//! spot a harsh or a lenient scorer.

use std::collections::{BTreeMap, HashMap};

use super::score::Score;

/// One submitted total: who gave it to which application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GivenTotal<'a> {
    pub application: &'a str,
    pub expert: &'a str,
    pub total: u32,
}

/// One expert's scoring, for the per-expert summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tendency {
    pub expert: String,
    /// Totals the expert gave.
    pub count: usize,
    /// The mean of those totals.
    pub mean: Score,
    /// Applications on which at least one other expert also scored.
    pub compared: usize,
    /// Over the `compared` applications, the mean of (the expert's total
    /// minus the mean of the other experts' totals on the same application):
    /// negative for a harsh scorer, positive for a lenient one; `None` when
    /// nothing could be compared.
    pub deviation: Option<Score>,
}

/// The tendencies of every expert who gave a total, ordered by name.
/// Totals belong to one stage; mixing stages mixes their scales of judgement.
pub fn tendencies(given: &[GivenTotal<'_>]) -> Vec<Tendency> {
    let mut by_application: HashMap<&str, Vec<(&str, u32)>> = HashMap::new();
    for g in given {
        let totals = by_application.entry(g.application).or_default();
        totals.push((g.expert, g.total));
    }

    // Per expert: count, sum of totals, compared applications, sum of differences.
    let mut acc: BTreeMap<&str, (usize, u64, usize, Score)> = BTreeMap::new();
    for totals in by_application.values() {
        let all: u64 = totals.iter().map(|&(_, t)| u64::from(t)).sum();
        for &(expert, total) in totals {
            let entry = acc.entry(expert).or_insert((0, 0, 0, Score::ZERO));
            entry.0 += 1;
            entry.1 += u64::from(total);

            let others: Vec<u32> = totals
                .iter()
                .filter(|&&(other, _)| other != expert)
                .map(|&(_, t)| t)
                .collect();
            if others.is_empty() {
                continue;
            }
            let own: u64 = totals
                .iter()
                .filter(|&&(e, _)| e == expert)
                .map(|&(_, t)| u64::from(t))
                .sum();
            let others_mean = Score::reduced(i128::from(all - own), others.len() as i128);
            entry.2 += 1;
            entry.3 = entry.3 + (Score::whole(total) - others_mean);
        }
    }

    acc.into_iter()
        .map(|(expert, (count, sum, compared, difference))| Tendency {
            expert: expert.to_owned(),
            count,
            mean: Score::reduced(i128::from(sum), count as i128),
            compared,
            deviation: (compared > 0).then(|| difference.divide(compared as u64)),
        })
        .collect()
}
