//! Assigning experts to applications, by hand or automatically, and the
//! load each expert carries.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::domain::assignment::{AssignmentPlan, AssignmentRequest, Candidate, Opening, assign};
use crate::domain::scoring::ReviewStage;
use crate::domain::{User, UserRole};
use crate::store::{AuditDraft, audit};

use super::{Permission, Result, Service, ServiceError, require};

impl Service {
    /// Assigns an expert to an application; a conflicted expert or a user
    /// who is not an expert is refused.
    pub fn assign(&self, actor: &User, application_id: &str, expert: &str) -> Result<()> {
        require(actor, Permission::Assign)?;
        let application = self
            .store
            .application(application_id)?
            .ok_or_else(|| ServiceError::NotFound(application_id.to_owned()))?;
        let user = self.expert(expert)?;
        if let Some(reason) = self.conflict(&user, &application.value)? {
            return Err(ServiceError::Conflict {
                expert: expert.to_owned(),
                application: application_id.to_owned(),
                reason: reason.to_string(),
            });
        }

        let target = format!("{application_id}/{expert}");
        let draft = AuditDraft::new(
            &actor.name,
            "assignment.add",
            target.clone(),
            target.as_bytes(),
        );
        let pair = (expert.to_owned(), application_id.to_owned());
        self.store
            .insert_assignments(&[pair], self.clock.now(), &draft)?;
        Ok(())
    }

    /// Removes an assignment. A review the expert started stays stored.
    /// The expert need not be a user any more: removing a user leaves their
    /// assignments, and this is how they are cleared.
    pub fn unassign(&self, actor: &User, application_id: &str, expert: &str) -> Result<()> {
        require(actor, Permission::Assign)?;
        if !self.store.contains_application(application_id)? {
            return Err(ServiceError::NotFound(application_id.to_owned()));
        }

        let target = format!("{application_id}/{expert}");
        let draft = AuditDraft::new(
            &actor.name,
            "assignment.remove",
            target.clone(),
            target.as_bytes(),
        );
        self.store
            .remove_assignment(expert, application_id, self.clock.now(), &draft)?;
        Ok(())
    }

    /// Assigns experts to every application at `stage`'s stage: the cycle's
    /// number per level, at most `cap` applications per expert, never a
    /// conflict. All new assignments are written at once with one audit
    /// entry; the plan names the applications left short and why.
    pub fn assign_automatically(
        &self,
        actor: &User,
        stage: ReviewStage,
        cap: u32,
    ) -> Result<AssignmentPlan> {
        require(actor, Permission::Assign)?;
        let cycle = self.cycle();

        let mut openings = Vec::new();
        for summary in self.store.queue(stage.stage()) {
            let summary = summary?;
            let Some(record) = self.store.application(&summary.id)? else {
                continue;
            };
            let application = record.value;
            openings.push(Opening {
                assigned: self.store.assignments_of(&application.id)?,
                id: application.id,
                level: application.level,
                field: application.field,
                organization: application.organization,
            });
        }
        let loads = self.store.assignment_loads()?;
        let experts: Vec<Candidate> = self
            .store
            .users()?
            .into_iter()
            .map(|r| r.value)
            .filter(|u| u.role == UserRole::Expert)
            .map(|u| Candidate::from_user(&u, loads.get(&u.name).copied().unwrap_or(0)))
            .collect();
        let declared = self.store.conflicts()?;
        let request = AssignmentRequest {
            openings: &openings,
            experts: &experts,
            declared: &declared,
            cap,
        };
        let plan = assign(&request, &cycle);

        let pairs: Vec<(String, String)> = plan
            .assignments
            .iter()
            .map(|a| (a.expert.clone(), a.application.clone()))
            .collect();
        let mut digest = Sha256::new();
        for (expert, application) in &pairs {
            digest.update(format!("{application}/{expert}\n").as_bytes());
        }
        let draft = AuditDraft::new(
            &actor.name,
            "assignment.auto",
            format!("{} assignments", pairs.len()),
            &[],
        )
        .with_note(format!(
            "stage {}, cap {cap}, {} short",
            stage.code(),
            plan.shortfalls.len()
        ));
        let draft = AuditDraft {
            digest: audit::hex(&digest.finalize()),
            ..draft
        };
        self.store
            .insert_assignments(&pairs, self.clock.now(), &draft)?;
        tracing::info!(
            stage = stage.code(),
            assigned = pairs.len(),
            short = plan.shortfalls.len(),
            "automatic assignment"
        );
        Ok(plan)
    }

    /// The experts assigned to an application, by name.
    pub fn assignments_of(&self, actor: &User, application_id: &str) -> Result<Vec<String>> {
        require(actor, Permission::ReadAssignments)?;
        if !self.store.contains_application(application_id)? {
            return Err(ServiceError::NotFound(application_id.to_owned()));
        }
        Ok(self.store.assignments_of(application_id)?)
    }

    /// How many applications each expert has, every expert listed.
    pub fn load_by_expert(&self, actor: &User) -> Result<BTreeMap<String, u32>> {
        require(actor, Permission::ReadAssignments)?;
        let mut loads = self.store.assignment_loads()?;
        for user in self.store.users()? {
            if user.value.role == UserRole::Expert {
                loads.entry(user.value.name).or_insert(0);
            }
        }
        Ok(loads)
    }

    /// The expert named, refused when the user is not one.
    fn expert(&self, name: &str) -> Result<User> {
        let user = self.user(name)?;
        if user.role == UserRole::Expert {
            Ok(user)
        } else {
            Err(ServiceError::NotAnExpert(name.to_owned()))
        }
    }
}
