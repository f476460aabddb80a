//! Conflicts of interest: the automatic same-organization rule and the
//! conflicts declared by experts (for themselves) and the secretariat.

use crate::domain::committee::{ConflictReason, Declared, DeclaredBy, conflict, declare};
use crate::domain::{Application, User, UserRole};
use crate::store::{AuditDraft, audit};

use super::{Permission, Result, Service, ServiceError, require};

impl Service {
    /// Whether an expert is in conflict with an application, and why: the
    /// same organization first, then a declaration.
    pub fn conflict(
        &self,
        expert: &User,
        application: &Application,
    ) -> Result<Option<ConflictReason>> {
        let declared: Vec<Declared> = self
            .store
            .declared(&application.id, &expert.name)?
            .into_iter()
            .collect();
        Ok(conflict(expert, application, &declared))
    }

    /// Declares a conflict between `expert` and an application. An expert
    /// declares only for themselves, the secretariat for anyone. An
    /// assignment of the pair is removed in the same write.
    pub fn declare_conflict(
        &self,
        actor: &User,
        application_id: &str,
        expert: &str,
        reason: &str,
    ) -> Result<Declared> {
        require(actor, Permission::DeclareConflict)?;
        if actor.name != expert {
            require(actor, Permission::DeclareConflictForOthers)?;
        }
        let by = if actor.role == UserRole::Secretariat {
            DeclaredBy::Secretariat
        } else {
            DeclaredBy::Expert
        };

        // An expert may declare on an application they cannot see (they
        // recognize the applicant), so existence is not revealed to them:
        // a missing id is refused only for the secretariat. An id with a
        // NUL could not be told apart in the `application NUL expert` key.
        let missing = actor.role == UserRole::Secretariat
            && !self.store.contains_application(application_id)?;
        if missing || application_id.contains('\0') {
            return Err(ServiceError::NotFound(application_id.to_owned()));
        }
        let target = self.user(expert)?;
        if target.role != UserRole::Expert {
            return Err(ServiceError::NotAnExpert(expert.to_owned()));
        }
        let declared = declare(expert, application_id, by, reason)?;

        // The audit keeps a digest of the declaration, not the reason.
        let bytes = serde_json::to_vec(&declared).unwrap_or_default();
        let draft = AuditDraft::new(
            &actor.name,
            "conflict.declare",
            format!("{application_id}/{expert}"),
            &[],
        )
        .with_note(format!("declared by the {}", by.code()));
        let draft = AuditDraft {
            digest: audit::digest_hex(&bytes),
            ..draft
        };
        self.store
            .insert_conflict(&declared, self.clock.now(), &draft)?;
        tracing::info!(application_id, expert, by = by.code(), "conflict declared");
        Ok(declared)
    }

    /// The conflicts declared on an application, for the secretariat and
    /// supervisors.
    pub fn conflicts_of(&self, actor: &User, application_id: &str) -> Result<Vec<Declared>> {
        require(actor, Permission::ReadAssignments)?;
        if !self.store.contains_application(application_id)? {
            return Err(ServiceError::NotFound(application_id.to_owned()));
        }
        Ok(self.store.conflicts_of(application_id)?)
    }
}
