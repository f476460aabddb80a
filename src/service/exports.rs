//! Reads for exports that need more than a role check: the applications
//! with their personal data (secretariat only, every attempt audited) and
//! the audit log itself.

use crate::domain::{Application, User};
use crate::store::{AuditDraft, AuditEntry};

use super::{Permission, Result, Service, require};

impl Service {
    /// Every application with the applicants' personal data, by id, for an
    /// export in `format`. A refusal is audited as `access.refused`; an
    /// export as `export.applications` with the count and the format, never
    /// the data.
    pub fn export_applications(
        &self,
        actor: &User,
        format: &str,
        only: Option<&[String]>,
    ) -> Result<Vec<Application>> {
        if let Err(refused) = require(actor, Permission::ExportPersonalData) {
            self.refuse_access(actor, "applications", "export of personal data")?;
            return Err(refused);
        }
        let applications = match only {
            // A search's choice, in its order.
            Some(ids) => ids
                .iter()
                .filter_map(|id| self.store.application(id).transpose())
                .map(|record| record.map(|r| r.value))
                .collect::<Result<Vec<Application>, _>>()?,
            None => self
                .store
                .applications()
                .map(|record| record.map(|r| r.value))
                .collect::<Result<Vec<Application>, _>>()?,
        };
        let target = format!("{} applications", applications.len());
        let draft = AuditDraft::new(
            &actor.name,
            "export.applications",
            &target,
            target.as_bytes(),
        )
        .with_note(if only.is_some() {
            format!("format {format}; a search's selection")
        } else {
            format!("format {format}")
        });
        self.store.append_audit(self.clock.now(), &draft)?;
        tracing::info!(user = %actor.name, count = applications.len(), format, "applications exported");
        Ok(applications)
    }

    /// Every entry of the audit log, in order.
    pub fn audit_log(&self, actor: &User) -> Result<Vec<AuditEntry>> {
        require(actor, Permission::ReadAudit)?;
        Ok(self.store.audit_entries(1).collect::<Result<Vec<_>, _>>()?)
    }
}
