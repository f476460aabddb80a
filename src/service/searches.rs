//! Saved searches: each user keeps their own, and nobody else reads them.
//! The actor is the owner, so there is no one else's to reach.

use crate::domain::User;
use crate::domain::query::saved::{self, MAX_SAVED, SavedSearch, SavedSearchError};
use crate::store::{AuditDraft, StoreError};

use super::{Result, Service};

/// What saving did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub search: SavedSearch,
    /// A search of that name was there and now asks the new question.
    pub replaced: bool,
}

impl Service {
    /// The searches the actor saved, by name.
    pub fn saved_searches(&self, actor: &User) -> Result<Vec<SavedSearch>> {
        self.user(&actor.name)?;
        Ok(self.store.saved_searches(&actor.name)?)
    }

    /// Saves a search under `name`, replacing one of the same name.
    pub fn save_search(&self, actor: &User, name: &str, text: &str) -> Result<Saved> {
        self.user(&actor.name)?;
        let (text, _) = saved::check(name, text)?;
        let kept = self.store.saved_searches(&actor.name)?;
        if kept.len() >= MAX_SAVED && !kept.iter().any(|s| s.name == name) {
            return Err(SavedSearchError::Full.into());
        }
        let search = SavedSearch {
            name: name.to_owned(),
            text,
            saved_at: self.clock.now(),
        };
        let draft = AuditDraft::new(
            &actor.name,
            "search.save",
            format!("{}/{name}", actor.name),
            search.text.as_bytes(),
        );
        let (_, replaced) = self.store.put_search(&actor.name, &search, &draft)?;
        tracing::info!(user = %actor.name, name, replaced, "search saved");
        Ok(Saved { search, replaced })
    }

    /// Forgets the actor's search called `name`.
    pub fn forget_search(&self, actor: &User, name: &str) -> Result<()> {
        self.user(&actor.name)?;
        let draft = AuditDraft::new(
            &actor.name,
            "search.forget",
            format!("{}/{name}", actor.name),
            &[],
        );
        // The removal itself finds whether there is one to forget.
        match self
            .store
            .remove_search(&actor.name, name, self.clock.now(), &draft)
        {
            Err(StoreError::NotFound { .. }) => {
                Err(SavedSearchError::Unknown(name.to_owned()).into())
            }
            removed => {
                removed?;
                tracing::info!(user = %actor.name, name, "search forgotten");
                Ok(())
            }
        }
    }
}
