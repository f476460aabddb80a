//! Every operation a user can do, as functions that take the acting user.
//!
//! The permission check lives here, once: the terminal, the SSH server and
//! the command line all come through this layer. Writes are flushed by the
//! store before these functions return.

mod assignments;
pub mod audit_query;
mod conflicts;
mod facts;
mod members;
mod moves;
mod notice;
mod permission;
mod records;
mod results;
mod reviews;
mod searches;
mod sessions;
mod statistics;
mod written;
// Exports that need more than a role check.
mod exports;

pub use members::MemberEdit;
pub use moves::MoveOutcome;
pub use notice::{CertificateLine, ComplaintCounts, Conclusion, NoticeEntry, NoticeView};
use permission::forbidden;
pub use permission::{Permission, require};
pub use results::{CommitteeView, RankingLine, ScoreLine};
pub use searches::Saved;
pub use sessions::{SessionInfo, SessionTicket, Via};
pub use written::WrittenProblem;

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::domain::committee::{ConflictReason, DeclaredBy};
use crate::domain::decision::{
    DecisionError, EligibilityDecision, History, decide_eligibility, mark_evidence,
};
use crate::domain::moves::{GuardFailure, RejectError, SendBackError};
use crate::domain::rules::{Evaluation, evaluate};
use crate::domain::scoring::ReviewProblem;
use crate::domain::user::{KeyError, parse_public_key, valid_user_name};
use crate::domain::{Application, Cycle, Problem, RecordRef, Summary, User, UserRole};
use crate::store::{
    self, AuditDraft, AuditEntry, AuditHead, OpenOptions, Record, Store, StoreError, Verification,
};

/// The user a fresh store starts with, so the secretariat can log in.
pub const FIRST_USER: &str = "admin";

/// Where "now" comes from; tests fix it.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that always reads the same instant.
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{user} ({role}) may not {verb}", role = .role.code())]
    Forbidden {
        user: String,
        role: UserRole,
        verb: &'static str,
    },
    #[error("no user named {0}")]
    UnknownUser(String),
    #[error("{} users could act here ({}): choose one with --as", .0.len(), .0.join(", "))]
    AmbiguousUser(Vec<String>),
    #[error("application {0} not found")]
    NotFound(String),
    #[error("{} problem(s); nothing was imported", .0.len())]
    Invalid(Vec<Problem>),
    #[error(
        "'{0}' is not a valid user name: 1-32 ASCII letters, digits, '.', '_' or '-', starting with a letter"
    )]
    BadUserName(String),
    #[error("{0} is the last secretariat user and cannot be removed")]
    LastSecretariat(String),
    #[error("{0} is not an expert")]
    NotAnExpert(String),
    #[error("{0} is on no committee: only experts and supervisors are members")]
    NotAMember(String),
    #[error("expert {expert} may not review application {application}: {reason}")]
    Conflict {
        expert: String,
        application: String,
        reason: String,
    },
    #[error(
        "application {id} is at {found} now, no longer at {expected}: its move cannot be undone"
    )]
    MovedSince {
        id: String,
        expected: &'static str,
        found: &'static str,
    },
    #[error("application {id} is not at the {stage} review")]
    NotAtStage { id: String, stage: &'static str },
    #[error("review of application {id}: {}", join_problems(.problems))]
    Review {
        id: String,
        problems: Vec<ReviewProblem>,
    },
    #[error("the key is not usable")]
    Key(#[from] KeyError),
    #[error("application {id} cannot move on: {failure}")]
    Guard { id: String, failure: GuardFailure },
    #[error(transparent)]
    SendBack(#[from] SendBackError),
    #[error(transparent)]
    Reject(#[from] RejectError),
    #[error("{} problem(s) with the written scores; nothing was written: {}", .problems.len(), join_written(.problems))]
    Written { problems: Vec<WrittenProblem> },
    #[error(transparent)]
    Decision(#[from] DecisionError),
    #[error(transparent)]
    Notice(#[from] crate::domain::notice::NoticeError),
    #[error(transparent)]
    SavedSearch(#[from] crate::domain::query::saved::SavedSearchError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Backup(#[from] store::backup::BackupError),
}

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

/// What an import wrote.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub imported: usize,
    pub audit_seq: u64,
}

pub struct Service {
    store: Store,
    clock: Arc<dyn Clock>,
    changes: tokio::sync::broadcast::Sender<Change>,
    sessions: Arc<sessions::Registry>,
}

/// One write that other sessions may want to show: who did what to which
/// record, as its audit entry says; or a session that began or ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub seq: u64,
    pub actor: String,
    pub action: String,
    pub target: String,
}

impl Change {
    /// A login or logout, which changes no record.
    pub fn is_session(&self) -> bool {
        self.action.starts_with("session.")
    }

    /// A saved search kept or forgotten: only its owner's sessions (the
    /// actor's) show it.
    pub fn is_saved_search(&self) -> bool {
        self.action.starts_with("search.")
    }
}

/// Audited actions that change nothing another session shows: a private
/// score draft, a refused access.
const UNSEEN_ACTIONS: &[&str] = &["review.draft", "access.refused"];

/// How many changes a slow subscriber may fall behind before it is told
/// it lagged (and reloads everything once).
const CHANGE_BACKLOG: usize = 256;

/// A freshly opened service, and the first user when the store was new.
pub struct Opened {
    pub service: Service,
    pub created_user: Option<String>,
}

impl Service {
    pub fn open(path: &Path, options: &OpenOptions, clock: Arc<dyn Clock>) -> Result<Opened> {
        let store = Store::open(path, options)?;
        let (changes, _) = tokio::sync::broadcast::channel(CHANGE_BACKLOG);
        let sender = changes.clone();
        store.listen(Arc::new(move |entry: &AuditEntry| {
            if UNSEEN_ACTIONS.contains(&entry.action.as_str()) {
                return;
            }
            // Nobody listening is not an error: the terminal has no peers.
            let _ = sender.send(Change {
                seq: entry.seq,
                actor: entry.actor.clone(),
                action: entry.action.clone(),
                target: entry.target.clone(),
            });
        }));
        let service = Service {
            store,
            clock,
            changes,
            sessions: Arc::default(),
        };
        let created_user = service.ensure_first_user()?;
        Ok(Opened {
            service,
            created_user,
        })
    }

    /// A fresh store gets one secretariat user, audited like any other.
    fn ensure_first_user(&self) -> Result<Option<String>> {
        if !self.store.users()?.is_empty() {
            return Ok(None);
        }
        let user = User::new(FIRST_USER, UserRole::Secretariat);
        let draft = AuditDraft::new("docket", "user.add", FIRST_USER, b"secretariat")
            .with_note("first user of a new store");
        self.store.insert_user(&user, self.clock.now(), &draft)?;
        Ok(Some(FIRST_USER.to_owned()))
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// Every durable write from now on that other sessions may show, as it
    /// happens: the broadcast that keeps every session's queues current.
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Change> {
        self.changes.subscribe()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    // ----- users -----

    pub fn user(&self, name: &str) -> Result<User> {
        let record = self.store.user(name)?;
        record
            .map(|r| r.value)
            .ok_or_else(|| ServiceError::UnknownUser(name.to_owned()))
    }

    /// The user to act as when none is named: the only secretariat user.
    pub fn default_user(&self) -> Result<User> {
        let users = self.store.users()?;
        let mut secretariat: Vec<User> = users
            .into_iter()
            .map(|r| r.value)
            .filter(|u| u.role == UserRole::Secretariat)
            .collect();
        match secretariat.len() {
            1 => Ok(secretariat.remove(0)),
            0 => Err(ServiceError::UnknownUser("(no secretariat user)".into())),
            _ => Err(ServiceError::AmbiguousUser(
                secretariat.into_iter().map(|u| u.name).collect(),
            )),
        }
    }

    /// Every user, for the secretariat and supervisors.
    pub fn users(&self, actor: &User) -> Result<Vec<User>> {
        require(actor, Permission::ListUsers)?;
        Ok(self.store.users()?.into_iter().map(|r| r.value).collect())
    }

    /// Removes a user; the last secretariat user stays, so the store keeps
    /// someone who can manage it.
    pub fn remove_user(&self, actor: &User, name: &str) -> Result<()> {
        require(actor, Permission::ManageUsers)?;
        let target = self.user(name)?;
        let secretariat = self
            .store
            .users()?
            .iter()
            .filter(|r| r.value.role == UserRole::Secretariat)
            .count();
        if target.role == UserRole::Secretariat && secretariat <= 1 {
            return Err(ServiceError::LastSecretariat(name.to_owned()));
        }
        let draft = AuditDraft::new(
            &actor.name,
            "user.remove",
            name,
            target.role.code().as_bytes(),
        );
        self.store.remove_user(name, self.clock.now(), &draft)?;
        Ok(())
    }

    /// Adds an SSH public key to a user (the line is checked first).
    pub fn add_user_key(&self, actor: &User, name: &str, key_text: &str) -> Result<String> {
        require(actor, Permission::ManageUsers)?;
        let key = parse_public_key(key_text)?;
        let record = self
            .store
            .user(name)?
            .ok_or_else(|| ServiceError::UnknownUser(name.to_owned()))?;
        let mut user = record.value;
        let fingerprint = store::audit::digest_hex(key.as_bytes());
        if user.keys.iter().any(|k| same_key(k, &key)) {
            return Ok(fingerprint);
        }
        user.keys.push(key);
        // The audit keeps a digest of the key, never the key itself.
        let draft = AuditDraft::new(&actor.name, "user.key", name, fingerprint.as_bytes());
        self.store
            .update_user(&user, record.revision, self.clock.now(), &draft)?;
        Ok(fingerprint)
    }

    pub fn add_user(&self, actor: &User, user: &User) -> Result<()> {
        require(actor, Permission::ManageUsers)?;
        if !valid_user_name(&user.name) {
            return Err(ServiceError::BadUserName(user.name.clone()));
        }
        let draft = AuditDraft::new(
            &actor.name,
            "user.add",
            &user.name,
            user.role.code().as_bytes(),
        );
        self.store.insert_user(user, self.clock.now(), &draft)?;
        Ok(())
    }

    // ----- applications -----

    /// Every application the user may see, in stage order and by id: for
    /// an expert, those assigned to them and not in conflict.
    pub fn summaries(&self, actor: &User) -> Result<Vec<Summary>> {
        let all = self.store.summaries()?;
        if actor.role != UserRole::Expert {
            return Ok(all);
        }
        let assigned = self.store.assigned_to(&actor.name)?;
        let mut visible = Vec::with_capacity(assigned.len());
        for summary in all.into_iter().filter(|s| assigned.contains(&s.id)) {
            // The summary's organization is cut short; compare the full one.
            let Some(record) = self.store.application(&summary.id)? else {
                continue;
            };
            if self.conflict(actor, &record.value)?.is_none() {
                visible.push(summary);
            }
        }
        Ok(visible)
    }

    /// One application with its revision. An expert asking for one not
    /// assigned to them, or one they are in conflict with, is told it does
    /// not exist, and the attempt is audited.
    pub fn application(&self, actor: &User, id: &str) -> Result<Record<Application>> {
        let record = self.store.application(id)?;
        if actor.role == UserRole::Expert {
            // A conflict is named before a missing assignment: declaring one
            // also removes the assignment.
            let conflict = match &record {
                Some(record) => self.conflict(actor, &record.value)?,
                None => None,
            };
            let refusal = match conflict {
                Some(conflict) => Some(refusal_note(&conflict)),
                None if !self.store.is_assigned(&actor.name, id)? => {
                    Some("not assigned to this expert")
                }
                None => None,
            };
            if let Some(note) = refusal {
                self.refuse_access(actor, id, note)?;
                return Err(ServiceError::NotFound(id.to_owned()));
            }
        }
        record.ok_or_else(|| ServiceError::NotFound(id.to_owned()))
    }

    /// Audits a refused access; the note names the kind of reason only.
    pub(crate) fn refuse_access(&self, actor: &User, id: &str, note: &str) -> Result<()> {
        let draft =
            AuditDraft::new(&actor.name, "access.refused", id, id.as_bytes()).with_note(note);
        self.store.append_audit(self.clock.now(), &draft)?;
        tracing::info!(user = %actor.name, id, note, "access refused");
        Ok(())
    }

    /// Problems an import would meet in this store: ids it already holds.
    pub fn import_conflicts(&self, applications: &[Application]) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        for (i, application) in applications.iter().enumerate() {
            if self.store.contains_application(&application.id)? {
                problems.push(Problem {
                    record: RecordRef::Id(application.id.clone()),
                    position: i + 1,
                    field: "id".into(),
                    reason: "an application with this id is already in the store".into(),
                });
            }
        }
        Ok(problems)
    }

    /// Writes validated applications, all or none, with one audit entry.
    /// `source` names the file for the audit note.
    pub fn import(
        &self,
        actor: &User,
        applications: &[Application],
        source: &str,
        progress: &mut dyn FnMut(usize),
    ) -> Result<ImportReport> {
        require(actor, Permission::Import)?;
        let problems = self.import_conflicts(applications)?;
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        let target = format!("{} applications", applications.len());
        let draft =
            AuditDraft::new(&actor.name, "application.import", target, &[]).with_note(source);
        let entry: AuditEntry =
            self.store
                .insert_applications(applications, self.clock.now(), draft, progress)?;
        tracing::info!(
            count = applications.len(),
            audit = entry.seq,
            "import written"
        );
        Ok(ImportReport {
            imported: applications.len(),
            audit_seq: entry.seq,
        })
    }

    // ----- the cycle and the rules -----

    /// The configuration of the store's certification cycle.
    pub fn cycle(&self) -> Arc<Cycle> {
        self.store.cycle()
    }

    /// Replaces the cycle configuration; every verdict is re-evaluated.
    pub fn set_cycle(&self, actor: &User, cycle: Cycle, source: &str) -> Result<()> {
        require(actor, Permission::ConfigureCycle)?;
        let text = serde_json::to_vec(&cycle).unwrap_or_default();
        let draft = AuditDraft::new(&actor.name, "cycle.set", cycle.year.to_string(), &text)
            .with_note(source);
        self.store.set_cycle(cycle, self.clock.now(), &draft)?;
        Ok(())
    }

    /// The rules' evaluation of an application under the store's cycle.
    pub fn evaluate(&self, application: &Application) -> Evaluation {
        evaluate(application, &self.cycle())
    }

    /// The decisions taken on an application, for anyone who may see it.
    pub fn history(&self, actor: &User, id: &str) -> Result<History> {
        self.application(actor, id)?;
        Ok(self.store.history(id)?)
    }

    // ----- eligibility review -----

    /// Marks one evidence item verified (`Some(true)`), rejected
    /// (`Some(false)`, a reason required) or not yet checked (`None`). The
    /// verdict follows at once, since the summary is re-evaluated on save.
    pub fn mark_evidence(
        &self,
        actor: &User,
        id: &str,
        evidence_id: &str,
        verified: Option<bool>,
        reason: Option<&str>,
        expected_revision: u64,
    ) -> Result<Record<Application>> {
        require(actor, Permission::ReviewEligibility)?;
        let mut application = self.application(actor, id)?.value;
        let at = self.clock.now();
        let note = mark_evidence(
            &mut application,
            evidence_id,
            verified,
            reason,
            &actor.name,
            at,
        )?;
        let target = format!("{id}/{evidence_id}");
        let mut draft = AuditDraft::new(
            &actor.name,
            &format!("evidence.{}", note.action.code()),
            target,
            &[],
        );
        draft = with_reason(draft, note.reason.as_deref());
        let (record, _) = self.store.save_application(
            &application,
            expected_revision,
            at,
            &draft,
            Some(&note),
        )?;
        Ok(record)
    }

    /// Approves, overrides or rejects at the eligibility stage, moving the
    /// application on (to the achievement review, or to the notice for the
    /// exceptional senior and junior paths) or to `rejected`.
    pub fn decide_eligibility(
        &self,
        actor: &User,
        id: &str,
        decision: &EligibilityDecision,
        expected_revision: u64,
    ) -> Result<Record<Application>> {
        require(actor, Permission::ReviewEligibility)?;
        let mut application = self.application(actor, id)?.value;
        let at = self.clock.now();
        let evaluation = self.evaluate(&application);
        let (to, note) = decide_eligibility(&application, &evaluation, decision, &actor.name, at)?;
        application.stage = to;
        let action = format!("eligibility.{}", note.action.code());
        let draft = AuditDraft::new(&actor.name, &action, id, &[]);
        let draft = with_reason(draft, note.reason.as_deref());
        let (record, _) = self.store.save_application(
            &application,
            expected_revision,
            at,
            &draft,
            Some(&note),
        )?;
        tracing::info!(id, action, to = to.code(), "eligibility decided");
        Ok(record)
    }

    // ----- audit -----

    pub fn verify_audit(&self, actor: &User) -> Result<Verification> {
        require(actor, Permission::ReadAudit)?;
        Ok(self.store.verify_audit()?)
    }

    /// Walks the whole chain, or, given the head an earlier walk found it
    /// whole up to, only the entries written since; with the head this
    /// walk went up to, where the next may go on from.
    pub fn verify_audit_from(
        &self,
        actor: &User,
        from: Option<&AuditHead>,
    ) -> Result<(Verification, AuditHead)> {
        require(actor, Permission::ReadAudit)?;
        Ok(self.store.verify_audit_from(from)?)
    }

    /// The store itself, for front ends that need its path or for tests.
    pub fn store(&self) -> &Store {
        &self.store
    }
}

fn join_written(problems: &[WrittenProblem]) -> String {
    let texts: Vec<String> = problems.iter().take(5).map(ToString::to_string).collect();
    let more = problems.len().saturating_sub(texts.len());
    if more == 0 {
        texts.join("; ")
    } else {
        format!("{}; and {more} more", texts.join("; "))
    }
}

fn join_problems(problems: &[ReviewProblem]) -> String {
    let texts: Vec<String> = problems.iter().map(ToString::to_string).collect();
    texts.join("; ")
}

/// The audit note of a refusal for a conflict: its kind, never the
/// organization or the declared reason.
fn refusal_note(conflict: &ConflictReason) -> &'static str {
    match conflict {
        ConflictReason::SameOrganization { .. } => "conflict: same organization",
        ConflictReason::Declared {
            by: DeclaredBy::Expert,
            ..
        } => "conflict: declared by the expert",
        ConflictReason::Declared {
            by: DeclaredBy::Secretariat,
            ..
        } => "conflict: declared by the secretariat",
    }
}

/// Adds the reason given, if any, as the audit entry's note. (The store
/// fills in the digest of the record it writes.)
pub(super) fn with_reason(draft: AuditDraft, reason: Option<&str>) -> AuditDraft {
    match reason {
        Some(reason) => draft.with_note(reason),
        None => draft,
    }
}

/// Two key lines are the same key when type and data agree (comments may differ).
fn same_key(a: &str, b: &str) -> bool {
    a.split_whitespace()
        .take(2)
        .eq(b.split_whitespace().take(2))
}

pub use store::SCHEMA_VERSION;
