//! Experts' reviews: drafts kept as they are typed, submission against the
//! cycle's rubric, who may see which scores, and the aggregate.

use crate::domain::scoring::{
    Aggregate, COMMENT_MAX_CHARS, Review, ReviewProblem, ReviewStage, aggregate_reviews,
};
use crate::domain::{User, UserRole};
use crate::store::{AuditDraft, Record};

use super::{Permission, Result, Service, ServiceError, forbidden, require};

impl Service {
    /// Saves the acting expert's draft of a review; `expected_revision` is
    /// `None` for the first save. The draft is flushed before this returns.
    pub fn save_review_draft(
        &self,
        actor: &User,
        application_id: &str,
        review: &Review,
        expected_revision: Option<u64>,
    ) -> Result<Record<Review>> {
        require(actor, Permission::ScoreReviews)?;
        self.scoring_gate(actor, application_id, review.stage)?;
        if review.expert != actor.name {
            return Err(forbidden(actor, "save another expert's review"));
        }
        // Drafts may be incomplete, but not unbounded.
        let chars = review.comment.chars().count();
        if chars > COMMENT_MAX_CHARS {
            return Err(ServiceError::Review {
                id: application_id.to_owned(),
                problems: vec![ReviewProblem::CommentTooLong {
                    chars,
                    max: COMMENT_MAX_CHARS,
                }],
            });
        }
        let mut draft_review = review.clone();
        draft_review.submitted = None;

        let bytes = serde_json::to_vec(&draft_review).unwrap_or_default();
        let target = format!("{application_id}/{}", review.stage.code());
        let draft = AuditDraft::new(&actor.name, "review.draft", target, &bytes);
        Ok(self.store.save_review(
            application_id,
            &draft_review,
            expected_revision,
            self.clock.now(),
            &draft,
        )?)
    }

    /// Submits the acting expert's saved review after checking it against
    /// the cycle's rubric; from then on it cannot be changed.
    pub fn submit_review(
        &self,
        actor: &User,
        application_id: &str,
        stage: ReviewStage,
        expected_revision: u64,
    ) -> Result<Record<Review>> {
        require(actor, Permission::ScoreReviews)?;
        self.scoring_gate(actor, application_id, stage)?;
        let current = self
            .store
            .review(application_id, stage, &actor.name)?
            .ok_or_else(|| crate::store::StoreError::NotFound {
                kind: "review",
                key: format!("{application_id}/{}/{}", stage.code(), actor.name),
            })?;

        let at = self.clock.now();
        let mut review = current.value;
        let total = review
            .submit(&self.cycle().scoring, at)
            .map_err(|problems| ServiceError::Review {
                id: application_id.to_owned(),
                problems,
            })?;

        let bytes = serde_json::to_vec(&review).unwrap_or_default();
        let target = format!("{application_id}/{}", stage.code());
        let draft = AuditDraft::new(&actor.name, "review.submit", target, &bytes)
            .with_note(format!("total {total}"));
        let record =
            self.store
                .save_review(application_id, &review, Some(expected_revision), at, &draft)?;
        tracing::info!(
            application_id,
            stage = stage.code(),
            total,
            "review submitted"
        );
        Ok(record)
    }

    /// The reviews the actor may see: all of them for the secretariat and
    /// supervisors; for an expert, their own until they have submitted it,
    /// then every submitted one.
    pub fn reviews_of(
        &self,
        actor: &User,
        application_id: &str,
        stage: ReviewStage,
    ) -> Result<Vec<Record<Review>>> {
        if actor.role != UserRole::Expert {
            require(actor, Permission::ReadAllReviews)?;
            if !self.store.contains_application(application_id)? {
                return Err(ServiceError::NotFound(application_id.to_owned()));
            }
            return Ok(self.store.reviews(application_id, stage)?);
        }

        self.application(actor, application_id)?;
        let own = self.store.review(application_id, stage, &actor.name)?;
        match own {
            Some(own) if own.value.is_submitted() => Ok(self
                .store
                .reviews(application_id, stage)?
                .into_iter()
                .filter(|r| r.value.is_submitted())
                .collect()),
            Some(own) => Ok(vec![own]),
            None => Ok(Vec::new()),
        }
    }

    /// The aggregate of the submitted reviews of an application at a stage,
    /// for the secretariat and supervisors; `None` before any is submitted.
    pub fn aggregate(
        &self,
        actor: &User,
        application_id: &str,
        stage: ReviewStage,
    ) -> Result<Option<Aggregate>> {
        require(actor, Permission::ReadAllReviews)?;
        if !self.store.contains_application(application_id)? {
            return Err(ServiceError::NotFound(application_id.to_owned()));
        }
        let reviews = self.store.reviews(application_id, stage)?;
        Ok(aggregate_reviews(
            reviews.iter().map(|r| &r.value),
            stage,
            &self.cycle().scoring,
        ))
    }

    /// An expert scores only an application assigned to them, not in
    /// conflict (both refused as not found, audited), and at the stage
    /// being scored.
    fn scoring_gate(&self, actor: &User, application_id: &str, stage: ReviewStage) -> Result<()> {
        let application = self.application(actor, application_id)?;
        if ReviewStage::of(application.value.stage) != Some(stage) {
            return Err(ServiceError::NotAtStage {
                id: application_id.to_owned(),
                stage: stage.code(),
            });
        }
        Ok(())
    }
}
