//! What the search language needs beyond the summaries, for every
//! application the actor may see: the aggregate and spread at the stage
//! that is (or was last) scored, the written score, the panel and who of it
//! has submitted. An expert sees only what the review screens show them:
//! their own part, and the aggregate once their own review is in.

use std::collections::HashMap;

use crate::domain::query::{Complaints, Facts};
use crate::domain::scoring::{Review, ReviewStage, aggregate_reviews};
use crate::domain::{Stage, User, UserRole};

use super::{Result, Service};

/// The review stage whose scores a query's `score:` and `spread:` read:
/// the current one while under review, else the last one scored.
fn scored_stage(stage: Stage) -> ReviewStage {
    match stage {
        Stage::Defense | Stage::Notice | Stage::Certified => ReviewStage::Defense,
        _ => ReviewStage::Achievement,
    }
}

impl Service {
    /// Facts by application id, for the applications `actor` may see.
    pub fn query_facts(&self, actor: &User) -> Result<HashMap<String, Facts>> {
        let summaries = self.summaries(actor)?;
        let scoring = self.cycle().scoring.clone();
        let mut reviews: HashMap<(ReviewStage, String), Vec<Review>> = HashMap::new();
        for stage in [ReviewStage::Achievement, ReviewStage::Defense] {
            for (application, record) in self.store.all_reviews(stage)? {
                reviews
                    .entry((stage, application))
                    .or_default()
                    .push(record.value);
            }
        }
        let panels = self.store.all_assignments()?;
        // Experts do not read complaints: for them none are counted.
        let complaints = self.complaint_counts(actor).unwrap_or_default();
        let expert = actor.role == UserRole::Expert;
        let written = if expert {
            std::collections::BTreeMap::default()
        } else {
            self.store.written_scores()?
        };

        let mut facts = HashMap::with_capacity(summaries.len());
        for summary in summaries {
            let stage = scored_stage(summary.stage);
            let given = reviews
                .get(&(stage, summary.id.clone()))
                .map_or(&[][..], Vec::as_slice);
            let submitted: Vec<String> = given
                .iter()
                .filter(|r| r.is_submitted())
                .map(|r| r.expert.clone())
                .collect();
            let panel = panels.get(&summary.id).cloned().unwrap_or_default();
            let own_submitted = submitted.contains(&actor.name);
            let sees_scores = !expert || own_submitted;
            let aggregate = sees_scores
                .then(|| aggregate_reviews(given, stage, &scoring))
                .flatten();
            let mine = |names: Vec<String>| -> Vec<String> {
                if expert {
                    names.into_iter().filter(|n| *n == actor.name).collect()
                } else {
                    names
                }
            };
            let entry = Facts {
                score: aggregate.map(|a| a.mean.tenths()),
                written: written.get(&summary.id).copied(),
                spread: aggregate.map(|a| i64::from(a.spread) * 10),
                disagree: aggregate.is_some_and(|a| a.flagged),
                assigned: mine(panel),
                reviewed: mine(submitted),
                complaints: complaints
                    .get(&summary.id)
                    .map_or_else(Complaints::default, |c| Complaints {
                        open: c.open as u32,
                        upheld: c.upheld as u32,
                        dismissed: (c.all - c.open - c.upheld) as u32,
                    }),
            };
            facts.insert(summary.id, entry);
        }
        Ok(facts)
    }
}
