//! Written exam scores (笔试成绩), keyed by application id. Scores are
//! entered one at a time or imported many at once; either way the write is
//! all or none, with one audit entry, and each score is refused unless its
//! application stands at the written stage when the transaction runs.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::Transactional;

use super::codec::{Record, decode_json, encode_json};
use super::txn::{abort, append_audit, from_transaction};
use super::{AuditDraft, AuditEntry, Result, Store, StoreError, audit};
use crate::domain::{Application, Stage};

/// One applicant's written exam score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrittenScore {
    /// 0 to 100.
    pub score: u32,
}

impl Store {
    pub fn written(&self, application: &str) -> Result<Option<Record<WrittenScore>>> {
        self.written
            .get(application.as_bytes())?
            .map(|bytes| decode_json("written", application.as_bytes(), &bytes))
            .transpose()
    }

    /// Every written score, by application id.
    pub fn written_scores(&self) -> Result<BTreeMap<String, u32>> {
        self.written
            .iter()
            .map(|item| {
                let (key, value) = item?;
                let record: Record<WrittenScore> = decode_json("written", &key, &value)?;
                Ok((
                    String::from_utf8_lossy(&key).into_owned(),
                    record.value.score,
                ))
            })
            .collect()
    }

    /// Writes written scores (`(application, score)`), all or none, with
    /// one audit entry whose digest covers the scores as written. An
    /// application missing or not at the written stage refuses the write.
    pub fn set_written(
        &self,
        scores: &[(String, u32)],
        at: DateTime<Utc>,
        draft: &AuditDraft,
    ) -> Result<AuditEntry> {
        let _writing = self.writing();
        let mut change = Vec::new();
        for (id, score) in scores {
            change.extend_from_slice(format!("{id},{score}\n").as_bytes());
        }
        let draft = AuditDraft {
            digest: audit::digest_hex(&change),
            ..draft.clone()
        };
        let trees = (&self.applications, &self.written, &self.audit, &self.meta);
        let outcome = trees.transaction(|(applications, written, audit, meta)| {
            for (id, score) in scores {
                let bytes = applications.get(id.as_bytes())?.ok_or_else(|| {
                    abort(StoreError::NotFound {
                        kind: "application",
                        key: id.clone(),
                    })
                })?;
                let application: Record<Application> =
                    decode_json("applications", id.as_bytes(), &bytes).map_err(abort)?;
                if application.value.stage != Stage::Written {
                    return Err(abort(StoreError::WrongStage {
                        id: id.clone(),
                        stage: application.value.stage,
                        expected: Stage::Written,
                    }));
                }
                let revision = match written.get(id.as_bytes())? {
                    Some(bytes) => {
                        let current: Record<WrittenScore> =
                            decode_json("written", id.as_bytes(), &bytes).map_err(abort)?;
                        current.revision + 1
                    }
                    None => 1,
                };
                let record = Record {
                    revision,
                    saved_at: at,
                    saved_by: draft.actor.clone(),
                    value: WrittenScore { score: *score },
                };
                written.insert(id.as_bytes(), encode_json(&record).map_err(abort)?)?;
            }
            append_audit(audit, meta, at, draft.clone())
        });
        let entry = outcome.map_err(from_transaction)?;
        self.durable()?;
        Ok(entry)
    }
}
