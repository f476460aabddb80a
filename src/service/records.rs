//! The records desk: reading the audit log page by page, and backups.

use std::path::Path;

use crate::domain::User;
use crate::store::backup::{Header, Progress};
use crate::store::{AuditDraft, AuditPage};

use super::audit_query::AuditQuery;
use super::{Permission, Result, Service, require};

/// The most entries one page reads while looking for matches, so that a
/// filter that matches little never holds a session for long.
pub const PAGE_BUDGET: usize = 100_000;

impl Service {
    /// Entries older than `before` (the newest when `None`) that match the
    /// query, newest first, at most `limit`.
    pub fn audit_page(
        &self,
        actor: &User,
        query: &AuditQuery,
        before: Option<u64>,
        limit: usize,
    ) -> Result<AuditPage> {
        require(actor, Permission::ReadAudit)?;
        Ok(self
            .store
            .audit_page(before, limit, PAGE_BUDGET, &|e| query.matches(e))?)
    }

    /// The sequence number of the newest audit entry.
    pub fn audit_head_seq(&self, actor: &User) -> Result<u64> {
        require(actor, Permission::ReadAudit)?;
        Ok(self.store.audit_head()?.seq)
    }

    /// Writes a backup of the whole store to `file`, then audits it.
    pub fn backup(
        &self,
        actor: &User,
        file: &Path,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Header> {
        require(actor, Permission::Backup)?;
        let header = self.store.backup(file, self.clock.now(), progress)?;
        let name = file.display().to_string();
        let draft = AuditDraft::new(
            &actor.name,
            "store.backup",
            name,
            header.content_sha256.as_bytes(),
        )
        .with_note(format!(
            "{} entries, audit log up to entry {}",
            header.entries, header.audit_head.seq
        ));
        self.store.append_audit(self.clock.now(), &draft)?;
        tracing::info!(user = %actor.name, file = %file.display(), "backup written");
        Ok(header)
    }
}
