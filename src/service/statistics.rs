//! The statistics screen's figures, read for the secretariat and the
//! supervisors.

use std::collections::HashMap;

use crate::domain::scoring::{Review, ReviewStage, aggregate_reviews};
use crate::domain::statistics::{Inputs, Statistics, compute};
use crate::domain::{Stage, User};

use super::{Permission, Result, Service, require};

impl Service {
    pub fn statistics(&self, actor: &User) -> Result<Statistics> {
        require(actor, Permission::ReadAllReviews)?;
        let cycle = self.cycle();
        let summaries = self.store.summaries()?;
        let mut rejected_from = HashMap::new();
        for summary in summaries.iter().filter(|s| s.stage == Stage::Rejected) {
            if let Some(stage) = self.store.history(&summary.id)?.rejected_from {
                rejected_from.insert(summary.id.clone(), stage);
            }
        }
        let reviews = self.store.all_reviews(ReviewStage::Achievement)?;
        let tendencies = super::results::tendencies_of(&reviews);
        let mut by_application: HashMap<&str, Vec<&Review>> = HashMap::new();
        for (application, record) in &reviews {
            by_application
                .entry(application)
                .or_default()
                .push(&record.value);
        }
        let aggregates: Vec<_> = by_application
            .values()
            .filter_map(|reviews| {
                aggregate_reviews(
                    reviews.iter().copied(),
                    ReviewStage::Achievement,
                    &cycle.scoring,
                )
            })
            .collect();
        Ok(compute(
            Inputs {
                summaries: &summaries,
                rejected_from: &rejected_from,
                aggregates: &aggregates,
                tendencies,
            },
            &cycle,
        ))
    }
}
