//! Experts' reviews, keyed `application NUL stage NUL expert`, so the
//! reviews of one application at one stage are a prefix scan.

use chrono::{DateTime, Utc};
use sled::Transactional;

use super::codec::{Record, decode_json, encode_json};
use super::txn::{abort, append_audit, from_transaction, successor};
use super::{AuditDraft, Result, Store, StoreError, pair_key};
use crate::domain::scoring::{Review, ReviewStage};

/// The key of one expert's review.
fn review_key(application: &str, stage: ReviewStage, expert: &str) -> Vec<u8> {
    let mut key = stage_prefix(application, stage);
    key.extend_from_slice(expert.as_bytes());
    key
}

fn stage_prefix(application: &str, stage: ReviewStage) -> Vec<u8> {
    let mut key = pair_key(application, stage.code());
    key.push(0);
    key
}

/// How a review is named in errors: `application/stage/expert`.
fn review_name(application: &str, stage: ReviewStage, expert: &str) -> String {
    format!("{application}/{}/{expert}", stage.code())
}

impl Store {
    pub fn review(
        &self,
        application: &str,
        stage: ReviewStage,
        expert: &str,
    ) -> Result<Option<Record<Review>>> {
        let key = review_key(application, stage, expert);
        self.reviews
            .get(&key)?
            .map(|bytes| decode_json("reviews", &key, &bytes))
            .transpose()
    }

    /// Every review of an application at a stage, drafts included, by expert.
    pub fn reviews(&self, application: &str, stage: ReviewStage) -> Result<Vec<Record<Review>>> {
        self.reviews
            .scan_prefix(stage_prefix(application, stage))
            .map(|item| {
                let (key, value) = item?;
                decode_json("reviews", &key, &value)
            })
            .collect()
    }

    /// Every review at a stage, drafts included, with its application id,
    /// in key order (by application, then expert): one scan of the tree.
    pub fn all_reviews(&self, stage: ReviewStage) -> Result<Vec<(String, Record<Review>)>> {
        let mut found = Vec::new();
        for item in &self.reviews {
            let (key, value) = item?;
            let record: Record<Review> = decode_json("reviews", &key, &value)?;
            if record.value.stage != stage {
                continue;
            }
            let application = key.split(|b| *b == 0).next().unwrap_or_default();
            found.push((String::from_utf8_lossy(application).into_owned(), record));
        }
        Ok(found)
    }

    /// Saves a review with its audit entry. `expected_revision` is `None`
    /// for the first save; a review saved since, or one already submitted,
    /// is refused and nothing is written.
    pub fn save_review(
        &self,
        application: &str,
        review: &Review,
        expected_revision: Option<u64>,
        at: DateTime<Utc>,
        draft: &AuditDraft,
    ) -> Result<Record<Review>> {
        let _writing = self.writing();
        let key = review_key(application, review.stage, &review.expert);
        let name = review_name(application, review.stage, &review.expert);
        let trees = (&self.reviews, &self.audit, &self.meta);
        let outcome = trees.transaction(|(reviews, audit, meta)| {
            let current = match reviews.get(&key)? {
                Some(bytes) => {
                    Some(decode_json::<Record<Review>>("reviews", &key, &bytes).map_err(abort)?)
                }
                None => None,
            };
            let record = match current {
                Some(current) if current.value.is_submitted() => {
                    return Err(abort(StoreError::Submitted { key: name.clone() }));
                }
                Some(current) => successor(
                    "review",
                    &current,
                    expected_revision.unwrap_or(0),
                    &name,
                    review,
                    at,
                    &draft.actor,
                )?,
                None if expected_revision.is_some() => {
                    return Err(abort(StoreError::NotFound {
                        kind: "review",
                        key: name.clone(),
                    }));
                }
                None => Record {
                    revision: 1,
                    saved_at: at,
                    saved_by: draft.actor.clone(),
                    value: review.clone(),
                },
            };
            reviews.insert(key.clone(), encode_json(&record).map_err(abort)?)?;
            append_audit(audit, meta, at, draft.clone())?;
            Ok(record)
        });
        let record = outcome.map_err(from_transaction)?;
        self.durable()?;
        Ok(record)
    }
}
