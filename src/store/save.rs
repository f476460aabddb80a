//! Saving a changed application: the record, its queue entry, the history
//! entry that explains the change and the audit entry, in one transaction.
//! A save that changes the stage also releases the application's panel:
//! assignments belong to the stage they were made for, so the next review
//! stage starts with nobody assigned.

use chrono::{DateTime, Utc};
use sled::Transactional;

use super::codec::{Record, decode_json, encode_compact, encode_json};
use super::txn::{abort, append_audit, from_transaction, successor};
use super::{AuditDraft, AuditEntry, Result, Store, StoreError, audit, pair_key, queue_key};
use crate::domain::decision::{History, HistoryEntry};
use crate::domain::{Application, Stage, Summary};

impl Store {
    /// Saves a changed application if nobody saved it since `expected_revision`,
    /// with the history entry that explains the change, in one transaction.
    /// The audit entry's digest covers the record exactly as written; when
    /// the stage changes, the experts released from the panel are named in
    /// the entry's note.
    pub fn save_application(
        &self,
        application: &Application,
        expected_revision: u64,
        at: DateTime<Utc>,
        draft: &AuditDraft,
        note: Option<&HistoryEntry>,
    ) -> Result<(Record<Application>, AuditEntry)> {
        let _writing = self.writing();
        let id = application.id.as_str();
        let cycle = self.cycle();
        let panel = self.assignments_of(id)?;
        let trees = (
            &self.applications,
            &self.queue,
            &self.decisions,
            &self.assignments,
            &self.assigned,
            &self.audit,
            &self.meta,
        );
        let outcome = trees.transaction(
            |(applications, queue, decisions, assignments, assigned, audit, meta)| {
                let current = applications.get(id.as_bytes())?.ok_or_else(|| {
                    abort(StoreError::NotFound {
                        kind: "application",
                        key: id.to_owned(),
                    })
                })?;
                let current: Record<Application> =
                    decode_json("applications", id.as_bytes(), &current).map_err(abort)?;
                let record = successor(
                    "application",
                    &current,
                    expected_revision,
                    id,
                    application,
                    at,
                    &draft.actor,
                )?;
                let bytes = encode_json(&record).map_err(abort)?;
                let mut draft = AuditDraft {
                    digest: audit::digest_hex(&bytes),
                    ..draft.clone()
                };
                applications.insert(id.as_bytes(), bytes)?;
                queue.remove(queue_key(current.value.stage, id))?;
                let summary = Summary::of(application, record.revision, &cycle);
                queue.insert(
                    queue_key(application.stage, id),
                    encode_compact(&summary).map_err(abort)?,
                )?;
                if current.value.stage != application.stage && !panel.is_empty() {
                    for expert in &panel {
                        assignments.remove(pair_key(expert, id))?;
                        assigned.remove(pair_key(id, expert))?;
                    }
                    let released = format!("released {}", panel.join(", "));
                    draft.note = if draft.note.is_empty() {
                        released
                    } else {
                        format!("{}; {released}", draft.note)
                    };
                }
                if let Some(note) = note {
                    let mut history: History = match decisions.get(id.as_bytes())? {
                        Some(bytes) => {
                            decode_json("decisions", id.as_bytes(), &bytes).map_err(abort)?
                        }
                        None => History::default(),
                    };
                    if note.to == Some(Stage::Rejected) {
                        history.rejected_from = Some(note.stage);
                    }
                    history.entries.push(note.clone());
                    decisions.insert(id.as_bytes(), encode_json(&history).map_err(abort)?)?;
                }
                let entry = append_audit(audit, meta, at, draft)?;
                Ok((record, entry))
            },
        );
        let outcome = outcome.map_err(from_transaction)?;
        self.durable()?;
        Ok(outcome)
    }
}
