//! Saving a changed application: the record, its queue entry, the history
//! entry that explains the change and the audit entry, in one transaction.
//! A save that changes the stage also releases the application's panel:
//! assignments belong to the stage they were made for, so the next review
//! stage starts with nobody assigned.

use chrono::{DateTime, Utc};
use sled::Transactional;
use sled::transaction::TransactionalTree;

use super::codec::{Record, decode_json, encode_compact, encode_json};
use super::txn::{TxResult, abort, append_audit, from_transaction, successor};
use super::{AuditDraft, AuditEntry, Result, Store, StoreError, audit, pair_key, queue_key};
use crate::domain::decision::{History, HistoryEntry};
use crate::domain::{Application, Cycle, Stage, Summary};

/// The trees a save of an application writes, inside a transaction.
pub(super) struct ApplicationTrees<'a> {
    pub applications: &'a TransactionalTree,
    pub queue: &'a TransactionalTree,
    pub decisions: &'a TransactionalTree,
    pub assignments: &'a TransactionalTree,
    pub assigned: &'a TransactionalTree,
}

/// One save of an application, as known before the transaction runs.
pub(super) struct ApplicationSave<'a> {
    pub application: &'a Application,
    /// `None` saves over whatever revision is current.
    pub expected_revision: Option<u64>,
    pub at: DateTime<Utc>,
    pub note: Option<&'a HistoryEntry>,
    /// The experts assigned before the save.
    pub panel: &'a [String],
    pub cycle: &'a Cycle,
}

impl ApplicationTrees<'_> {
    /// The application as stored now, inside the transaction.
    pub(super) fn current(&self, id: &str) -> TxResult<Record<Application>> {
        let bytes = self.applications.get(id.as_bytes())?.ok_or_else(|| {
            abort(StoreError::NotFound {
                kind: "application",
                key: id.to_owned(),
            })
        })?;
        decode_json("applications", id.as_bytes(), &bytes).map_err(abort)
    }

    /// Writes the application, its queue entry, its history entry and
    /// releases its panel on a change of stage; gives the record written
    /// and the audit draft with its digest and note filled in.
    pub(super) fn save(
        &self,
        save: &ApplicationSave<'_>,
        draft: &AuditDraft,
    ) -> TxResult<(Record<Application>, AuditDraft)> {
        let application = save.application;
        let id = application.id.as_str();
        let current = self.current(id)?;
        let record = successor(
            "application",
            &current,
            save.expected_revision.unwrap_or(current.revision),
            id,
            application,
            save.at,
            &draft.actor,
        )?;
        let bytes = encode_json(&record).map_err(abort)?;
        let mut draft = AuditDraft {
            digest: audit::digest_hex(&bytes),
            ..draft.clone()
        };
        self.applications.insert(id.as_bytes(), bytes)?;
        self.queue.remove(queue_key(current.value.stage, id))?;
        let summary = Summary::of(application, record.revision, save.cycle);
        self.queue.insert(
            queue_key(application.stage, id),
            encode_compact(&summary).map_err(abort)?,
        )?;
        if current.value.stage != application.stage && !save.panel.is_empty() {
            for expert in save.panel {
                self.assignments.remove(pair_key(expert, id))?;
                self.assigned.remove(pair_key(id, expert))?;
            }
            let released = format!("released {}", save.panel.join(", "));
            draft.note = if draft.note.is_empty() {
                released
            } else {
                format!("{}; {released}", draft.note)
            };
        }
        if let Some(note) = save.note {
            let mut history: History = match self.decisions.get(id.as_bytes())? {
                Some(bytes) => decode_json("decisions", id.as_bytes(), &bytes).map_err(abort)?,
                None => History::default(),
            };
            if note.to == Some(Stage::Rejected) {
                history.rejected_from = Some(note.stage);
            }
            history.entries.push(note.clone());
            self.decisions
                .insert(id.as_bytes(), encode_json(&history).map_err(abort)?)?;
        }
        Ok((record, draft))
    }
}

impl Store {
    /// One transaction over an application's trees, one more tree and the
    /// audit log; durable when it returns.
    pub(super) fn transact_with_application<T>(
        &self,
        extra: &sled::Tree,
        body: impl Fn(
            &ApplicationTrees<'_>,
            &TransactionalTree,
            &TransactionalTree,
            &TransactionalTree,
        ) -> TxResult<T>,
    ) -> Result<T> {
        let trees = (
            &self.applications,
            &self.queue,
            &self.decisions,
            &self.assignments,
            &self.assigned,
            extra,
            &self.audit,
            &self.meta,
        );
        let outcome = trees.transaction(
            |(applications, queue, decisions, assignments, assigned, extra, audit, meta)| {
                let trees = ApplicationTrees {
                    applications,
                    queue,
                    decisions,
                    assignments,
                    assigned,
                };
                body(&trees, extra, audit, meta)
            },
        );
        let outcome = outcome.map_err(from_transaction)?;
        self.durable()?;
        Ok(outcome)
    }

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
        let cycle = self.cycle();
        let panel = self.assignments_of(&application.id)?;
        let save = ApplicationSave {
            application,
            expected_revision: Some(expected_revision),
            at,
            note,
            panel: &panel,
            cycle: &cycle,
        };
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
                let trees = ApplicationTrees {
                    applications,
                    queue,
                    decisions,
                    assignments,
                    assigned,
                };
                let (record, draft) = trees.save(&save, draft)?;
                let entry = append_audit(audit, meta, at, draft)?;
                Ok((record, entry))
            },
        );
        let outcome = outcome.map_err(from_transaction)?;
        self.durable()?;
        Ok(outcome)
    }
}
