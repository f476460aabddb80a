//! Declared conflicts of interest, keyed `application NUL expert`.
//!
//! The automatic same-organization rule needs no storage; only the
//! declarations of experts and the secretariat are kept here.

use chrono::{DateTime, Utc};
use sled::Transactional;

use super::codec::{decode_json, encode_json};
use super::txn::{abort, append_audit, from_transaction};
use super::{AuditDraft, AuditEntry, Result, Store, StoreError, pair_key, pair_prefix};
use crate::domain::committee::Declared;

/// What a declaration wrote.
#[derive(Debug, Clone)]
pub struct DeclaredWrite {
    pub entry: AuditEntry,
    /// The expert was assigned to the application; the assignment was removed.
    pub unassigned: bool,
}

impl Store {
    /// The declaration between an expert and an application, if any.
    pub fn declared(&self, application: &str, expert: &str) -> Result<Option<Declared>> {
        let key = pair_key(application, expert);
        self.conflicts
            .get(&key)?
            .map(|bytes| decode_json("conflicts", &key, &bytes))
            .transpose()
    }

    /// The declarations concerning one application, by expert name.
    pub fn conflicts_of(&self, application: &str) -> Result<Vec<Declared>> {
        self.conflicts
            .scan_prefix(pair_prefix(application))
            .map(|item| {
                let (key, value) = item?;
                decode_json("conflicts", &key, &value)
            })
            .collect()
    }

    /// Every declaration, by application and expert.
    pub fn conflicts(&self) -> Result<Vec<Declared>> {
        self.conflicts
            .iter()
            .map(|item| {
                let (key, value) = item?;
                decode_json("conflicts", &key, &value)
            })
            .collect()
    }

    /// Records a declaration with its audit entry. A conflicted expert is
    /// never assigned, so an assignment of the pair is removed in the same
    /// transaction. A second declaration of the same pair is refused.
    pub fn insert_conflict(
        &self,
        declared: &Declared,
        at: DateTime<Utc>,
        draft: &AuditDraft,
    ) -> Result<DeclaredWrite> {
        let _writing = self.writing();
        let (expert, application) = (&declared.expert, &declared.application);
        let value = encode_json(declared)?;
        let trees = (
            &self.conflicts,
            &self.assignments,
            &self.assigned,
            &self.audit,
            &self.meta,
        );
        let outcome = trees.transaction(|(conflicts, assignments, assigned, audit, meta)| {
            let key = pair_key(application, expert);
            if conflicts.get(&key)?.is_some() {
                return Err(abort(StoreError::Exists {
                    kind: "conflict",
                    key: format!("{expert}/{application}"),
                }));
            }
            conflicts.insert(key.clone(), value.clone())?;
            let unassigned = assignments.remove(pair_key(expert, application))?.is_some();
            assigned.remove(key)?;
            let mut draft = draft.clone();
            if unassigned {
                draft.note = format!("{}; assignment removed", draft.note);
            }
            let entry = append_audit(audit, meta, at, draft)?;
            Ok(DeclaredWrite { entry, unassigned })
        });
        let write = outcome.map_err(from_transaction)?;
        self.durable()?;
        Ok(write)
    }
}
