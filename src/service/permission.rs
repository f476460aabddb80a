//! What each role may do: the permissions the service asks for, and the
//! one check every service method makes before anything else.

use crate::domain::{User, UserRole};

use super::{Result, ServiceError};

/// What a user may be asked permission for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    Import,
    ReadAudit,
    ManageUsers,
    /// Eligibility review: verification marks and decisions.
    ReviewEligibility,
    ConfigureCycle,
    ListUsers,
    /// Assigning experts to applications and reading who has what.
    Assign,
    /// Reading who is assigned and who declared a conflict.
    ReadAssignments,
    /// Declaring a conflict of one's own.
    DeclareConflict,
    /// Declaring a conflict on behalf of any expert.
    DeclareConflictForOthers,
    /// Saving and submitting one's own review.
    ScoreReviews,
    /// Reading every review and the aggregate of an application.
    ReadAllReviews,
    /// Moving applications between stages: forward, back, rejected.
    MoveStage,
    /// Entering and importing written exam scores.
    EnterWrittenScores,
    /// Reading the committees with their members' details.
    ReadCommittee,
    /// Seeing who is connected, from where and since when.
    ReadSessions,
    /// Exporting applications with the applicants' personal data.
    ExportPersonalData,
    /// Opening and concluding the notice, its complaints, revoking certificates.
    ManageNotice,
    /// Reading the notice, its complaints and the certificates.
    ReadNotice,
    /// Writing a backup of the whole store.
    Backup,
}

impl Permission {
    fn verb(self) -> &'static str {
        match self {
            Permission::Import => "import applications",
            Permission::ReadAudit => "read the audit log",
            Permission::ManageUsers => "manage users",
            Permission::ReviewEligibility => "decide on eligibility",
            Permission::ConfigureCycle => "change the cycle configuration",
            Permission::ListUsers => "list users",
            Permission::Assign => "assign experts",
            Permission::ReadAssignments => "read assignments and conflicts",
            Permission::DeclareConflict => "declare a conflict",
            Permission::DeclareConflictForOthers => "declare a conflict for another expert",
            Permission::ScoreReviews => "score applications",
            Permission::ReadAllReviews => "read every review",
            Permission::MoveStage => "move applications between stages",
            Permission::EnterWrittenScores => "enter written exam scores",
            Permission::ReadCommittee => "read the committees",
            Permission::ReadSessions => "see who is connected",
            Permission::ExportPersonalData => "export applicants' personal data",
            Permission::ManageNotice => "run the public notice and the certificates",
            Permission::ReadNotice => "read the public notice and its complaints",
            Permission::Backup => "back up the store",
        }
    }

    fn allowed(self, role: UserRole) -> bool {
        match self {
            Permission::Import
            | Permission::ManageUsers
            | Permission::ReviewEligibility
            | Permission::ConfigureCycle
            | Permission::Assign
            | Permission::DeclareConflictForOthers
            | Permission::MoveStage
            | Permission::EnterWrittenScores
            | Permission::ExportPersonalData
            | Permission::ManageNotice
            | Permission::Backup => role == UserRole::Secretariat,
            Permission::ReadAudit
            | Permission::ReadCommittee
            | Permission::ListUsers
            | Permission::ReadAssignments
            | Permission::ReadSessions
            | Permission::ReadAllReviews
            | Permission::ReadNotice => {
                matches!(role, UserRole::Secretariat | UserRole::Supervisor)
            }
            Permission::DeclareConflict => matches!(role, UserRole::Secretariat | UserRole::Expert),
            Permission::ScoreReviews => role == UserRole::Expert,
        }
    }
}

pub(super) fn forbidden(actor: &User, verb: &'static str) -> ServiceError {
    ServiceError::Forbidden {
        user: actor.name.clone(),
        role: actor.role,
        verb,
    }
}

/// The one permission check.
pub fn require(actor: &User, permission: Permission) -> Result<()> {
    if permission.allowed(actor.role) {
        Ok(())
    } else {
        Err(forbidden(actor, permission.verb()))
    }
}
