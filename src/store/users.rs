//! Users in the store: one record per login name.

use chrono::{DateTime, Utc};
use sled::Transactional;

use super::codec::{Record, decode_json, encode_json};
use super::txn::{abort, append_audit, from_transaction, successor};
use super::{AuditDraft, AuditEntry, Result, Store, StoreError};
use crate::domain::User;

impl Store {
    pub fn user(&self, name: &str) -> Result<Option<Record<User>>> {
        self.users
            .get(name.as_bytes())?
            .map(|bytes| decode_json("users", name.as_bytes(), &bytes))
            .transpose()
    }

    pub fn users(&self) -> Result<Vec<Record<User>>> {
        self.users
            .iter()
            .map(|item| {
                let (key, value) = item?;
                decode_json("users", &key, &value)
            })
            .collect()
    }

    pub fn insert_user(
        &self,
        user: &User,
        at: DateTime<Utc>,
        draft: &AuditDraft,
    ) -> Result<AuditEntry> {
        let _writing = self.writing();
        let key = user.name.as_bytes();
        let outcome = (&self.users, &self.audit, &self.meta).transaction(|(users, audit, meta)| {
            if users.get(key)?.is_some() {
                return Err(abort(StoreError::Exists {
                    kind: "user",
                    key: user.name.clone(),
                }));
            }
            let record = Record {
                revision: 1,
                saved_at: at,
                saved_by: draft.actor.clone(),
                value: user,
            };
            users.insert(key, encode_json(&record).map_err(abort)?)?;
            append_audit(audit, meta, at, draft.clone())
        });
        let entry = outcome.map_err(from_transaction)?;
        self.durable()?;
        Ok(entry)
    }

    /// Replaces a user's record if nobody saved it since `expected_revision`.
    pub fn update_user(
        &self,
        user: &User,
        expected_revision: u64,
        at: DateTime<Utc>,
        draft: &AuditDraft,
    ) -> Result<Record<User>> {
        let _writing = self.writing();
        let key = user.name.as_bytes();
        let outcome = (&self.users, &self.audit, &self.meta).transaction(|(users, audit, meta)| {
            let current = users.get(key)?.ok_or_else(|| {
                abort(StoreError::NotFound {
                    kind: "user",
                    key: user.name.clone(),
                })
            })?;
            let current: Record<User> = decode_json("users", key, &current).map_err(abort)?;
            let record = successor(
                "user",
                &current,
                expected_revision,
                &user.name,
                user,
                at,
                &draft.actor,
            )?;
            users.insert(key, encode_json(&record).map_err(abort)?)?;
            append_audit(audit, meta, at, draft.clone())?;
            Ok(record)
        });
        let record = outcome.map_err(from_transaction)?;
        self.durable()?;
        Ok(record)
    }

    /// Removes a user, and the searches they saved, in one write.
    pub fn remove_user(&self, name: &str, at: DateTime<Utc>, draft: &AuditDraft) -> Result<()> {
        let _writing = self.writing();
        let saved = self.search_keys(name)?;
        let trees = (&self.users, &self.searches, &self.audit, &self.meta);
        let outcome = trees.transaction(|(users, searches, audit, meta)| {
            if users.remove(name.as_bytes())?.is_none() {
                return Err(abort(StoreError::NotFound {
                    kind: "user",
                    key: name.to_owned(),
                }));
            }
            for key in &saved {
                searches.remove(key)?;
            }
            append_audit(audit, meta, at, draft.clone())?;
            Ok(())
        });
        outcome.map_err(from_transaction)?;
        self.durable()?;
        Ok(())
    }
}
