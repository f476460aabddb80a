//! Saved searches, keyed `user NUL name`: each user's own, listed in name
//! order.

use chrono::{DateTime, Utc};
use sled::Transactional;

use super::codec::{decode_json, encode_json};
use super::txn::{abort, append_audit, from_transaction};
use super::{AuditDraft, AuditEntry, Result, Store, StoreError, pair_key, pair_prefix};
use crate::domain::query::saved::SavedSearch;

impl Store {
    /// The searches `user` saved, by name.
    pub fn saved_searches(&self, user: &str) -> Result<Vec<SavedSearch>> {
        self.searches
            .scan_prefix(pair_prefix(user))
            .map(|item| {
                let (key, value) = item?;
                decode_json("searches", &key, &value)
            })
            .collect()
    }

    /// Saves (or replaces) one of `user`'s searches with its audit entry.
    /// Returns whether a search of that name was replaced.
    pub fn put_search(
        &self,
        user: &str,
        search: &SavedSearch,
        draft: &AuditDraft,
    ) -> Result<(AuditEntry, bool)> {
        let _writing = self.writing();
        let key = pair_key(user, &search.name);
        let value = encode_json(search)?;
        let at = search.saved_at;
        let outcome =
            (&self.searches, &self.audit, &self.meta).transaction(|(searches, audit, meta)| {
                let replaced = searches.insert(key.clone(), value.clone())?.is_some();
                let entry = append_audit(audit, meta, at, draft.clone())?;
                Ok((entry, replaced))
            });
        let written = outcome.map_err(from_transaction)?;
        self.durable()?;
        Ok(written)
    }

    /// Forgets one of `user`'s searches with its audit entry.
    pub fn remove_search(
        &self,
        user: &str,
        name: &str,
        at: DateTime<Utc>,
        draft: &AuditDraft,
    ) -> Result<AuditEntry> {
        let _writing = self.writing();
        let key = pair_key(user, name);
        let outcome =
            (&self.searches, &self.audit, &self.meta).transaction(|(searches, audit, meta)| {
                if searches.remove(key.clone())?.is_none() {
                    return Err(abort(StoreError::NotFound {
                        kind: "saved search",
                        key: format!("{user}/{name}"),
                    }));
                }
                append_audit(audit, meta, at, draft.clone())
            });
        let entry = outcome.map_err(from_transaction)?;
        self.durable()?;
        Ok(entry)
    }

    /// The keys of every search `user` saved, for removing them with the user.
    pub(super) fn search_keys(&self, user: &str) -> Result<Vec<sled::IVec>> {
        self.searches
            .scan_prefix(pair_prefix(user))
            .keys()
            .map(|key| Ok(key?))
            .collect()
    }
}
