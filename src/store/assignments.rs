//! Which expert reviews which application.
//!
//! The `assignments` tree is keyed `expert NUL application`, so an
//! expert's work is a prefix scan; `assignments_by_application` holds the
//! same pairs the other way round, written in the same transactions, so
//! the experts of one application are a prefix scan too.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::Transactional;

use super::codec::{decode_json, encode_json};
use super::txn::{abort, append_audit, from_transaction};
use super::{
    AuditDraft, AuditEntry, META_ASSIGNMENT_INDEX, Result, Store, StoreError, pair_key,
    pair_prefix, split_pair,
};

/// The value of an assignment: who made it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentNote {
    pub assigned_by: String,
    pub assigned_at: DateTime<Utc>,
}

impl Store {
    /// The ids of the applications assigned to an expert. Keys are
    /// `expert NUL application`, so this is a prefix scan.
    pub fn assigned_to(&self, expert: &str) -> Result<HashSet<String>> {
        let prefix = pair_prefix(expert);
        self.assignments
            .scan_prefix(&prefix)
            .map(|item| {
                let (key, _) = item?;
                Ok(String::from_utf8_lossy(&key[prefix.len()..]).into_owned())
            })
            .collect()
    }

    pub fn is_assigned(&self, expert: &str, application: &str) -> Result<bool> {
        Ok(self
            .assignments
            .contains_key(pair_key(expert, application))?)
    }

    /// Who assigned an expert to an application, and when.
    pub fn assignment(&self, expert: &str, application: &str) -> Result<Option<AssignmentNote>> {
        let key = pair_key(expert, application);
        self.assignments
            .get(&key)?
            .map(|bytes| decode_json("assignments", &key, &bytes))
            .transpose()
    }

    /// The experts assigned to an application, by name.
    pub fn assignments_of(&self, application: &str) -> Result<Vec<String>> {
        let prefix = pair_prefix(application);
        self.assigned
            .scan_prefix(&prefix)
            .map(|item| {
                let (key, _) = item?;
                Ok(String::from_utf8_lossy(&key[prefix.len()..]).into_owned())
            })
            .collect()
    }

    /// Every panel: the experts assigned to each application that has any.
    pub fn all_assignments(&self) -> Result<HashMap<String, Vec<String>>> {
        let mut panels: HashMap<String, Vec<String>> = HashMap::new();
        for item in &self.assigned {
            let (key, _) = item?;
            let (application, expert) = split_pair(&key).ok_or_else(|| {
                super::corrupt(
                    "assignments_by_application",
                    &key,
                    "not application NUL expert",
                )
            })?;
            panels.entry(application).or_default().push(expert);
        }
        Ok(panels)
    }

    /// How many applications each expert with any assignment has.
    pub fn assignment_loads(&self) -> Result<BTreeMap<String, u32>> {
        let mut loads = BTreeMap::new();
        for item in &self.assignments {
            let (key, _) = item?;
            let (expert, _) = split_pair(&key)
                .ok_or_else(|| super::corrupt("assignments", &key, "not expert NUL application"))?;
            *loads.entry(expert).or_insert(0) += 1;
        }
        Ok(loads)
    }

    /// Writes new assignments (`(expert, application)` pairs), all or none,
    /// with one audit entry. A pair already assigned, or one with a declared
    /// conflict, refuses the whole write.
    pub fn insert_assignments(
        &self,
        pairs: &[(String, String)],
        at: DateTime<Utc>,
        draft: &AuditDraft,
    ) -> Result<AuditEntry> {
        let _writing = self.writing();
        let note = encode_json(&AssignmentNote {
            assigned_by: draft.actor.clone(),
            assigned_at: at,
        })?;
        let trees = (
            &self.assignments,
            &self.assigned,
            &self.conflicts,
            &self.audit,
            &self.meta,
        );
        let outcome = trees.transaction(|(assignments, assigned, conflicts, audit, meta)| {
            for (expert, application) in pairs {
                let key = pair_key(expert, application);
                if assignments.get(&key)?.is_some() {
                    return Err(abort(StoreError::Exists {
                        kind: "assignment",
                        key: format!("{expert}/{application}"),
                    }));
                }
                let reverse = pair_key(application, expert);
                if conflicts.get(&reverse)?.is_some() {
                    return Err(abort(StoreError::Conflicted {
                        expert: expert.clone(),
                        application: application.clone(),
                    }));
                }
                assignments.insert(key, note.clone())?;
                assigned.insert(reverse, &[])?;
            }
            append_audit(audit, meta, at, draft.clone())
        });
        let entry = outcome.map_err(from_transaction)?;
        self.durable()?;
        Ok(entry)
    }

    /// Removes one assignment with its audit entry.
    pub fn remove_assignment(
        &self,
        expert: &str,
        application: &str,
        at: DateTime<Utc>,
        draft: &AuditDraft,
    ) -> Result<AuditEntry> {
        let _writing = self.writing();
        let trees = (&self.assignments, &self.assigned, &self.audit, &self.meta);
        let outcome = trees.transaction(|(assignments, assigned, audit, meta)| {
            if assignments.remove(pair_key(expert, application))?.is_none() {
                return Err(abort(StoreError::NotFound {
                    kind: "assignment",
                    key: format!("{expert}/{application}"),
                }));
            }
            assigned.remove(pair_key(application, expert))?;
            append_audit(audit, meta, at, draft.clone())
        });
        let entry = outcome.map_err(from_transaction)?;
        self.durable()?;
        Ok(entry)
    }

    /// Builds the by-application index once, for stores whose assignments
    /// were written before it existed.
    pub(super) fn check_assignment_index(&self) -> Result<()> {
        if self.meta.contains_key(META_ASSIGNMENT_INDEX)? {
            return Ok(());
        }
        self.assigned.clear()?;
        let mut batch = sled::Batch::default();
        for item in &self.assignments {
            let (key, _) = item?;
            let (expert, application) = split_pair(&key)
                .ok_or_else(|| super::corrupt("assignments", &key, "not expert NUL application"))?;
            batch.insert(pair_key(&application, &expert), &[]);
        }
        self.assigned.apply_batch(batch)?;
        self.meta.insert(META_ASSIGNMENT_INDEX, &[1])?;
        self.durable()?;
        Ok(())
    }
}
