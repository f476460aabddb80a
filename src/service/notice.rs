//! The public notice (公示) by the secretariat: opening it over every
//! application at the notice stage, recording and resolving complaints,
//! concluding it with certificates, and revoking a certificate. The
//! secretariat and supervisors read it; experts do not see complaints.
//! Days are counted in the body's time zone by the working-day calendar.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::calendar::{Calendar, body_date};
use crate::domain::decision::{HistoryAction, HistoryEntry};
use crate::domain::moves::{GuardFailure, NoticeState};
use crate::domain::notice::{
    Certificate, Complaint, ComplaintState, Notice, NoticeError, NoticeStatus, Revocation,
    check_complaint, check_resolution, check_revocation,
};
use crate::domain::{Application, Level, Stage, User};
use crate::store::{AuditDraft, Issue, Record, Resolution};

use super::{Permission, Result, Service, ServiceError, require};

/// One application on a notice, as the public list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeEntry {
    pub id: String,
    pub name: String,
    pub organization: String,
    pub province: String,
    pub level: Level,
    /// Where it stands now (notice, certified, cancelled ...).
    pub stage: Stage,
}

/// The running notice (or, when none runs, the latest one) with what the
/// notice screen shows.
#[derive(Debug, Clone)]
pub struct NoticeView {
    pub notice: Notice,
    pub today: NaiveDate,
    /// Working days left, today included; `None` when the calendar cannot
    /// count them (a year it does not know).
    pub days_left: Option<u32>,
    pub entries: Vec<NoticeEntry>,
    /// The notice's complaints, in the order received.
    pub complaints: Vec<Complaint>,
}

impl NoticeView {
    /// The complaints about one application, by state.
    pub fn marks(&self, application: &str) -> ComplaintCounts {
        let about = || {
            self.complaints
                .iter()
                .filter(|c| c.application == application)
        };
        let count = |state| about().filter(|c| c.state == state).count();
        ComplaintCounts {
            open: count(ComplaintState::Open),
            upheld: count(ComplaintState::Upheld),
            all: about().count(),
        }
    }
}

/// What concluding a notice did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conclusion {
    pub notice: u64,
    /// Applications certified, with their certificate numbers.
    pub certified: Vec<(String, String)>,
    /// Applications kept at the notice stage, with their open complaints.
    pub held: Vec<(String, u32)>,
}

/// An application's complaints by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ComplaintCounts {
    pub open: usize,
    pub upheld: usize,
    pub all: usize,
}

/// A certificate with the name it was issued to.
#[derive(Debug, Clone)]
pub struct CertificateLine {
    pub certificate: Certificate,
    pub name: String,
    pub organization: String,
    pub province: String,
}

impl Service {
    fn calendar() -> Result<Calendar> {
        Ok(Calendar::builtin().map_err(NoticeError::from)?)
    }

    /// Today in the body's time zone, by the service clock.
    pub fn today(&self) -> NaiveDate {
        body_date(self.clock.now())
    }

    /// Where the notice stands for an application, for its move guard: the
    /// latest notice it is on, its complaints from every notice counted.
    pub(super) fn notice_state(&self, id: &str) -> Result<NoticeState> {
        let notices = self.store.notices()?;
        let Some(notice) = notices.iter().rev().find(|n| n.value.covers(id)) else {
            return Ok(NoticeState::NotStarted);
        };
        let complaints: Vec<Complaint> = self
            .store
            .complaints()?
            .into_iter()
            .map(|r| r.value)
            .filter(|c| c.application == id)
            .collect();
        Ok(notice.value.state_for(id, &complaints, self.today()))
    }

    /// Opens a notice of `days` working days from `start` over every
    /// application now at the notice stage.
    pub fn open_notice(&self, actor: &User, start: NaiveDate, days: u32) -> Result<Notice> {
        require(actor, Permission::ManageNotice)?;
        if let Some(running) = self.store.running_notice()? {
            return Err(NoticeError::AlreadyRunning {
                id: running.value.id,
                last_day: running.value.last_day,
            }
            .into());
        }
        let applications: Vec<String> = self
            .store
            .queue(Stage::Notice)
            .map(|s| s.map(|s| s.id))
            .collect::<std::result::Result<_, _>>()?;
        if applications.is_empty() {
            return Err(NoticeError::NothingToNotice.into());
        }
        let window = Self::calendar()?
            .notice_window(start, days)
            .map_err(NoticeError::from)?;
        let notice = Notice {
            id: 0,
            start,
            first_day: window.first,
            last_day: window.last,
            days,
            applications,
            status: NoticeStatus::Running,
            concluded_on: None,
        };
        let note = format!(
            "{} to {}, {} application(s)",
            window.first,
            window.last,
            notice.applications.len()
        );
        let change = notice.applications.join(",");
        let draft = AuditDraft::new(&actor.name, "notice.open", "notice", change.as_bytes())
            .with_note(note);
        let (notice, _) = self.store.open_notice(&notice, self.clock.now(), &draft)?;
        tracing::info!(id = notice.id, last = %notice.last_day, "notice opened");
        Ok(notice)
    }

    /// The running notice, or the latest one, with its complaints and
    /// the applications on it.
    pub fn notice_view(&self, actor: &User) -> Result<Option<NoticeView>> {
        require(actor, Permission::ReadNotice)?;
        let notice = match self.store.running_notice()? {
            Some(record) => record.value,
            None => match self.store.notices()?.pop() {
                Some(record) => record.value,
                None => return Ok(None),
            },
        };
        let today = self.today();
        // Before day 1 the whole window is still to come.
        let from = today.max(notice.first_day);
        let days_left = Self::calendar()
            .ok()
            .and_then(|c| c.working_days_left(from, notice.last_day).ok());
        let complaints = self
            .store
            .complaints()?
            .into_iter()
            .map(|r| r.value)
            .filter(|c| c.notice == notice.id)
            .collect();
        let mut entries = Vec::with_capacity(notice.applications.len());
        for id in &notice.applications {
            if let Some(record) = self.store.application(id)? {
                entries.push(entry_of(&record.value));
            }
        }
        Ok(Some(NoticeView {
            notice,
            today,
            days_left,
            entries,
            complaints,
        }))
    }

    /// Records a complaint about an application on the running notice;
    /// one received after the last day is recorded and marked late.
    pub fn complain(
        &self,
        actor: &User,
        application: &str,
        received: NaiveDate,
        content: &str,
    ) -> Result<Complaint> {
        require(actor, Permission::ManageNotice)?;
        let notice = self
            .store
            .running_notice()?
            .ok_or(NoticeError::NoneRunning)?
            .value;
        let (content, late) =
            check_complaint(&notice, application, (received, self.today()), content)?;
        let complaint = Complaint {
            id: 0,
            notice: notice.id,
            application: application.to_owned(),
            received,
            content,
            late,
            state: ComplaintState::Open,
            finding: None,
            recorded_by: actor.name.clone(),
            resolved_by: None,
        };
        let mut draft = AuditDraft::new(
            &actor.name,
            "complaint.record",
            application,
            complaint.content.as_bytes(),
        );
        if late {
            draft = draft.with_note(format!("late: received {received}"));
        }
        let (complaint, _) = self
            .store
            .add_complaint(&complaint, self.clock.now(), &draft)?;
        Ok(complaint)
    }

    /// Resolves an open complaint as upheld (its application is cancelled,
    /// the finding in its history) or dismissed, with the finding.
    pub fn resolve_complaint(
        &self,
        actor: &User,
        id: u64,
        state: ComplaintState,
        finding: &str,
    ) -> Result<Complaint> {
        require(actor, Permission::ManageNotice)?;
        let complaint = self
            .store
            .complaint(id)?
            .ok_or(NoticeError::ComplaintNotFound { id })?
            .value;
        let finding = check_resolution(&complaint, state, finding)?;
        let at = self.clock.now();
        let mut cancelled = None;
        if state == ComplaintState::Upheld {
            let mut application = self.application(actor, &complaint.application)?.value;
            application.stage = Stage::Cancelled;
            let note = HistoryEntry {
                at,
                by: actor.name.clone(),
                action: HistoryAction::Cancel,
                stage: Stage::Notice,
                to: Some(Stage::Cancelled),
                evidence: None,
                reason: Some(format!("complaint {id} upheld: {finding}")),
            };
            cancelled = Some((application, note));
        }
        let resolution = Resolution {
            id,
            state,
            finding: &finding,
            cancel: cancelled.as_ref().map(|(a, n)| (a, n)),
        };
        let action = format!("complaint.{}", state.code());
        let draft = AuditDraft::new(
            &actor.name,
            &action,
            &complaint.application,
            finding.as_bytes(),
        )
        .with_note(format!("complaint {id}: {finding}"));
        let (complaint, _) = self.store.resolve_complaint(&resolution, at, &draft)?;
        Ok(complaint)
    }

    /// Concludes the running notice once its last day is over: every
    /// application on it whose guard holds (no open or upheld complaint)
    /// is certified with a certificate; those with open complaints stay
    /// at the notice stage and are named.
    pub fn conclude_notice(&self, actor: &User) -> Result<Conclusion> {
        require(actor, Permission::ManageNotice)?;
        let notice = self
            .store
            .running_notice()?
            .ok_or(NoticeError::NoneRunning)?
            .value;
        let today = self.today();
        if !notice.is_over(today) {
            return Err(NoticeError::NotOver {
                id: notice.id,
                last_day: notice.last_day,
                today,
            }
            .into());
        }
        let mut conclusion = Conclusion {
            notice: notice.id,
            ..Conclusion::default()
        };
        // Read once: every complaint, for every applicant's guard.
        let complaints: Vec<Complaint> = self
            .store
            .complaints()?
            .into_iter()
            .map(|r| r.value)
            .collect();
        for id in &notice.applications {
            let Some(record) = self.store.application(id)? else {
                continue;
            };
            if record.value.stage != Stage::Notice {
                continue;
            }
            let state = notice.state_for(id, &complaints, today);
            match self.forward_target_with(&record.value, state) {
                Ok(Stage::Certified) => {
                    let (_, certificate) = self.certify(actor, record.value, record.revision)?;
                    conclusion.certified.push((id.clone(), certificate.number));
                }
                Err(ServiceError::Guard {
                    failure: GuardFailure::ComplaintsOpen { open },
                    ..
                }) => conclusion.held.push((id.clone(), open)),
                Ok(_) => {}
                Err(error) => return Err(error),
            }
        }
        let note = format!(
            "{} certified, {} held",
            conclusion.certified.len(),
            conclusion.held.len()
        );
        let draft = AuditDraft::new(
            &actor.name,
            "notice.conclude",
            format!("notice {}", notice.id),
            note.as_bytes(),
        )
        .with_note(note);
        self.store
            .conclude_notice(notice.id, today, self.clock.now(), &draft)?;
        Ok(conclusion)
    }

    /// Moves an application from the notice to `certified` with its
    /// certificate, numbered in the cycle's series.
    pub(super) fn certify(
        &self,
        actor: &User,
        application: Application,
        expected_revision: u64,
    ) -> Result<(Record<Application>, Certificate)> {
        let at = self.clock.now();
        let cycle = self.cycle();
        let note = HistoryEntry {
            at,
            by: actor.name.clone(),
            action: HistoryAction::Certify,
            stage: application.stage,
            to: Some(Stage::Certified),
            evidence: None,
            reason: None,
        };
        let mut certified = application;
        certified.stage = Stage::Certified;
        let issue = Issue {
            application: &certified,
            expected_revision: Some(expected_revision),
            body: &cycle.certificates.body,
            year: cycle.year,
            issued: body_date(at),
            note: &note,
        };
        let draft = AuditDraft::new(&actor.name, "certificate.issue", &certified.id, &[]);
        let (record, certificate, _) = self.store.certify(&issue, at, &draft)?;
        tracing::info!(id = %certified.id, number = %certificate.number, "certified");
        Ok((record, certificate))
    }

    /// Certificates for applications that stand certified without one
    /// (imported as certified), issued on `issued`.
    pub fn issue_missing_certificates(
        &self,
        actor: &User,
        issued: NaiveDate,
    ) -> Result<Vec<Certificate>> {
        require(actor, Permission::ManageNotice)?;
        let cycle = self.cycle();
        let mut issued_now = Vec::new();
        let ids: Vec<String> = self
            .store
            .queue(Stage::Certified)
            .map(|s| s.map(|s| s.id))
            .collect::<std::result::Result<_, _>>()?;
        for id in ids {
            if self.store.certificate(&id)?.is_some() {
                continue;
            }
            let Some(record) = self.store.application(&id)? else {
                continue;
            };
            let draft = AuditDraft::new(&actor.name, "certificate.issue", &id, &[]);
            let (certificate, _) = self.store.issue_certificate(
                &record.value,
                &cycle.certificates.body,
                cycle.year,
                issued,
                self.clock.now(),
                &draft,
            )?;
            issued_now.push(certificate);
        }
        Ok(issued_now)
    }

    /// Revokes a certified application's certification (收回): it moves to
    /// `revoked`, its certificate keeps its number, marked with the date
    /// and reason.
    pub fn revoke(
        &self,
        actor: &User,
        id: &str,
        date: NaiveDate,
        reason: &str,
    ) -> Result<Certificate> {
        require(actor, Permission::ManageNotice)?;
        let record = self.application(actor, id)?;
        let certificate = self.store.certificate(id)?.map(|r| r.value);
        let reason = check_revocation(record.value.stage, certificate.as_ref(), id, reason)?;
        let at = self.clock.now();
        let note = HistoryEntry {
            at,
            by: actor.name.clone(),
            action: HistoryAction::Revoke,
            stage: Stage::Certified,
            to: Some(Stage::Revoked),
            evidence: None,
            reason: Some(format!("{date}: {reason}")),
        };
        let mut application = record.value;
        application.stage = Stage::Revoked;
        let revocation = Revocation {
            date,
            reason: reason.clone(),
            by: actor.name.clone(),
        };
        let draft = AuditDraft::new(&actor.name, "certificate.revoke", id, reason.as_bytes())
            .with_note(format!("{date}: {reason}"));
        let (certificate, _) = self.store.revoke(
            &application,
            record.revision,
            &revocation,
            &note,
            at,
            &draft,
        )?;
        Ok(certificate)
    }

    /// Complaints per application, by state: open, upheld, and all, for
    /// the queue's complaints column.
    pub fn complaint_counts(&self, actor: &User) -> Result<HashMap<String, ComplaintCounts>> {
        require(actor, Permission::ReadNotice)?;
        let mut counts: HashMap<String, ComplaintCounts> = HashMap::new();
        for record in self.store.complaints()? {
            let complaint = record.value;
            let entry = counts.entry(complaint.application).or_default();
            entry.all += 1;
            match complaint.state {
                ComplaintState::Open => entry.open += 1,
                ComplaintState::Upheld => entry.upheld += 1,
                ComplaintState::Dismissed => {}
            }
        }
        Ok(counts)
    }

    /// The certificate issued to an application the actor may open, if any.
    pub fn certificate_of(&self, actor: &User, id: &str) -> Result<Option<Certificate>> {
        self.application(actor, id)?;
        Ok(self.store.certificate(id)?.map(|record| record.value))
    }

    /// Every certificate with the name it was issued to, by number.
    pub fn certificates(&self, actor: &User) -> Result<Vec<CertificateLine>> {
        require(actor, Permission::ReadNotice)?;
        let mut lines = Vec::new();
        for record in self.store.certificates()? {
            let certificate = record.value;
            let entry = self
                .store
                .application(&certificate.application)?
                .map(|r| entry_of(&r.value));
            let (name, organization, province) = entry
                .map(|e| (e.name, e.organization, e.province))
                .unwrap_or_default();
            lines.push(CertificateLine {
                certificate,
                name,
                organization,
                province,
            });
        }
        lines.sort_by(|a, b| a.certificate.number.cmp(&b.certificate.number));
        Ok(lines)
    }
}

fn entry_of(application: &Application) -> NoticeEntry {
    NoticeEntry {
        id: application.id.clone(),
        name: application.name.clone(),
        organization: application.organization.clone(),
        province: application.province.clone(),
        level: application.level,
        stage: application.stage,
    }
}
