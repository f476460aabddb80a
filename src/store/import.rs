//! Imports: many applications written all or none. The ids are recorded
//! before the first write, so a crash part-way is rolled back on the next
//! open; the audit entry written last says the import finished.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::codec::{Record, decode_json, encode_compact, encode_json};
use super::{
    AuditDraft, AuditEntry, META_PENDING_IMPORT, Result, Store, StoreError, audit, queue_key,
};
use crate::domain::{Application, Summary};

/// How many records an import writes between progress reports.
const IMPORT_CHUNK: usize = 2_000;

/// An import in flight, recorded before its first write so that a crash
/// part-way leaves nothing behind: on the next open the records are removed.
#[derive(Debug, Serialize, Deserialize)]
struct PendingImport {
    ids: Vec<String>,
    /// The audit head before the import; an entry past it means the import finished.
    head_before: u64,
}

impl Store {
    pub(super) fn recover_pending_import(&self) -> Result<()> {
        let Some(bytes) = self.meta.get(META_PENDING_IMPORT)? else {
            return Ok(());
        };
        let pending: PendingImport = decode_json("meta", META_PENDING_IMPORT, &bytes)?;
        if self.audit_head()?.seq > pending.head_before {
            tracing::info!(
                "an import of {} records had finished before a crash",
                pending.ids.len()
            );
        } else {
            tracing::warn!(
                "rolling back an unfinished import of {} records",
                pending.ids.len()
            );
            for id in &pending.ids {
                if let Some(bytes) = self.applications.remove(id.as_bytes())? {
                    let record: Record<Application> =
                        decode_json("applications", id.as_bytes(), &bytes)?;
                    self.queue.remove(queue_key(record.value.stage, id))?;
                }
            }
        }
        self.meta.remove(META_PENDING_IMPORT)?;
        self.durable()?;
        Ok(())
    }

    /// Writes new applications, all of them or (after a crash) none, and one
    /// audit entry for the whole import. Every id must be new.
    pub fn insert_applications(
        &self,
        applications: &[Application],
        at: DateTime<Utc>,
        draft: AuditDraft,
        progress: &mut dyn FnMut(usize),
    ) -> Result<AuditEntry> {
        let _writing = self.writing();
        for application in applications {
            if self.contains_application(&application.id)? {
                return Err(StoreError::Exists {
                    kind: "application",
                    key: application.id.clone(),
                });
            }
        }
        let pending = PendingImport {
            ids: applications.iter().map(|a| a.id.clone()).collect(),
            head_before: self.audit_head()?.seq,
        };
        self.meta
            .insert(META_PENDING_IMPORT, encode_json(&pending)?)?;
        self.durable()?;

        let cycle = self.cycle();
        // The audit digest covers every record exactly as written.
        let mut digest = Sha256::new();
        let mut written = 0;
        for chunk in applications.chunks(IMPORT_CHUNK) {
            let mut records = sled::Batch::default();
            let mut index = sled::Batch::default();
            for application in chunk {
                let record = Record {
                    revision: 1,
                    saved_at: at,
                    saved_by: draft.actor.clone(),
                    value: application,
                };
                let bytes = encode_json(&record)?;
                digest.update(&bytes);
                records.insert(application.id.as_bytes(), bytes);
                let summary = Summary::of(application, 1, &cycle);
                index.insert(
                    queue_key(application.stage, &application.id),
                    encode_compact(&summary)?,
                );
            }
            self.applications.apply_batch(records)?;
            self.queue.apply_batch(index)?;
            written += chunk.len();
            progress(written);
        }

        let draft = AuditDraft {
            digest: audit::hex(&digest.finalize()),
            ..draft
        };
        let entry = self.transact_audit(at, &draft)?;
        self.meta.remove(META_PENDING_IMPORT)?;
        self.durable()?;
        Ok(entry)
    }
}
