//! What the committee's work adds up to: every submitted score, the
//! composite and ranking per level, each expert's tendency, and the
//! committees with their checklist. These read only; the exports and the
//! committee screen are built on them.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use crate::domain::committee::{Checklist, CommitteeRule, check_committees};
use crate::domain::scoring::{
    Aggregate, GivenTotal, Ranked, Review, ReviewStage, StageResults, Standing, Tendency,
    aggregate_reviews, rank_levels, tendencies,
};
use crate::domain::{Level, Stage, User, UserRole};
use crate::store::Record;

use super::{Permission, Result, Service, require};

/// One submitted review, as exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreLine {
    pub application: String,
    pub stage: ReviewStage,
    pub expert: String,
    pub scores: Vec<u32>,
    pub total: u32,
    pub submitted: DateTime<Utc>,
}

/// One application's results and place in its level's ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingLine {
    pub level: Level,
    pub stage: Stage,
    pub achievement: Option<Aggregate>,
    pub written: Option<u32>,
    pub defense: Option<Aggregate>,
    pub ranked: Ranked,
}

/// The two committees, the checklist of RULES.md, and each expert's load.
#[derive(Debug, Clone)]
pub struct CommitteeView {
    pub experts: Vec<User>,
    pub supervisors: Vec<User>,
    pub home_province: String,
    pub checklist: Checklist,
    /// Applications assigned, by expert name (every expert listed).
    pub loads: BTreeMap<String, u32>,
}

/// The stages whose applications are ranked: scored or past scoring.
fn ranked_stage(stage: Stage) -> bool {
    matches!(
        stage,
        Stage::Achievement | Stage::Written | Stage::Defense | Stage::Notice | Stage::Certified
    )
}

impl Service {
    /// Every submitted review at a stage, by application and expert.
    pub fn score_lines(&self, actor: &User, stage: ReviewStage) -> Result<Vec<ScoreLine>> {
        require(actor, Permission::ReadAllReviews)?;
        let lines = self
            .store
            .all_reviews(stage)?
            .into_iter()
            .filter_map(|(application, record)| {
                let review = record.value;
                let submitted = review.submitted?;
                Some(ScoreLine {
                    application,
                    stage,
                    total: review.total(),
                    expert: review.expert,
                    scores: review.scores,
                    submitted,
                })
            })
            .collect();
        Ok(lines)
    }

    /// The ranking of every level: applications from the achievement review
    /// on, ranked by composite within their level, those missing a result
    /// after the ranked ones.
    pub fn ranking(&self, actor: &User) -> Result<Vec<RankingLine>> {
        require(actor, Permission::ReadAllReviews)?;
        let cycle = self.cycle();
        let scoring = &cycle.scoring;
        let mut by_stage: HashMap<ReviewStage, HashMap<String, Vec<Review>>> = HashMap::new();
        for stage in [ReviewStage::Achievement, ReviewStage::Defense] {
            let reviews = by_stage.entry(stage).or_default();
            for (application, record) in self.store.all_reviews(stage)? {
                reviews.entry(application).or_default().push(record.value);
            }
        }
        let written = self.store.written_scores()?;

        let mut standings = Vec::new();
        let mut details: HashMap<String, (Stage, Option<Aggregate>, Option<Aggregate>)> =
            HashMap::new();
        for summary in self.store.summaries()? {
            if !ranked_stage(summary.stage) {
                continue;
            }
            let of = |stage: ReviewStage| {
                by_stage
                    .get(&stage)
                    .and_then(|m| m.get(&summary.id))
                    .and_then(|reviews| aggregate_reviews(reviews, stage, scoring))
            };
            let achievement = of(ReviewStage::Achievement);
            let defense = of(ReviewStage::Defense);
            standings.push(Standing {
                id: summary.id.clone(),
                level: summary.level,
                results: StageResults {
                    achievement: achievement.map(|a| a.mean),
                    written: written.get(&summary.id).copied(),
                    defense: defense.map(|a| a.mean),
                },
            });
            details.insert(summary.id, (summary.stage, achievement, defense));
        }

        let mut lines = Vec::with_capacity(standings.len());
        for (level, ranked) in rank_levels(&standings, &cycle) {
            for ranked in ranked {
                let (stage, achievement, defense) =
                    details
                        .remove(&ranked.id)
                        .unwrap_or((Stage::Achievement, None, None));
                lines.push(RankingLine {
                    level,
                    stage,
                    achievement,
                    written: written.get(&ranked.id).copied(),
                    defense,
                    ranked,
                });
            }
        }
        Ok(lines)
    }

    /// How each expert scores at a stage against the others.
    pub fn tendencies(&self, actor: &User, stage: ReviewStage) -> Result<Vec<Tendency>> {
        require(actor, Permission::ReadAllReviews)?;
        Ok(tendencies_of(&self.store.all_reviews(stage)?))
    }

    /// The expert and supervision committees with their checklist and each
    /// expert's load.
    pub fn committee(&self, actor: &User) -> Result<CommitteeView> {
        require(actor, Permission::ReadCommittee)?;
        let users: Vec<User> = self.store.users()?.into_iter().map(|r| r.value).collect();
        let (experts, rest): (Vec<User>, Vec<User>) =
            users.into_iter().partition(|u| u.role == UserRole::Expert);
        let supervisors: Vec<User> = rest
            .into_iter()
            .filter(|u| u.role == UserRole::Supervisor)
            .collect();
        let home_province = self.cycle().experts.home_province.clone();
        let checklist = check_committees(
            &experts,
            &supervisors,
            &home_province,
            &CommitteeRule::default(),
        );
        let assigned = self.store.assignment_loads()?;
        let loads = experts
            .iter()
            .map(|e| (e.name.clone(), assigned.get(&e.name).copied().unwrap_or(0)))
            .collect();
        Ok(CommitteeView {
            experts,
            supervisors,
            home_province,
            checklist,
            loads,
        })
    }
}

/// Each expert's tendency over the submitted reviews of one stage.
pub(super) fn tendencies_of(reviews: &[(String, Record<Review>)]) -> Vec<Tendency> {
    let given: Vec<GivenTotal<'_>> = reviews
        .iter()
        .filter(|(_, r)| r.value.is_submitted())
        .map(|(application, r)| GivenTotal {
            application,
            expert: &r.value.expert,
            total: r.value.total(),
        })
        .collect();
    tendencies(&given)
}
