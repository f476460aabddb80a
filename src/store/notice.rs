//! The public notice (公示), its complaints and the certificates: one tree
//! each, with their sequence counters in the meta tree. Every write is one
//! transaction with its audit entry; a certificate's number is counted in
//! the same transaction that issues it, so numbers are unique, never
//! reused, and survive a restart.

use chrono::{DateTime, NaiveDate, Utc};
use sled::Transactional;
use sled::transaction::TransactionalTree;

use super::codec::{Record, decode_json, encode_json};
use super::save::ApplicationSave;
use super::txn::{TxResult, abort, append_audit, from_transaction};
use super::{AuditDraft, AuditEntry, Result, Store, StoreError, audit};
use crate::domain::decision::HistoryEntry;
use crate::domain::notice::{
    Certificate, Complaint, ComplaintState, MAX_SEQUENCE, Notice, NoticeError, NoticeStatus,
    Revocation, certificate_number, certificate_series,
};
use crate::domain::{Application, Stage};

/// The id of the running notice, when one runs.
const META_NOTICE_RUNNING: &[u8] = b"notice_running";
const META_NOTICE_SEQ: &[u8] = b"notice_seq";
const META_COMPLAINT_SEQ: &[u8] = b"complaint_seq";
/// Followed by a certificate series (`BODY-YEAR-LEVEL`).
const META_CERTIFICATE_SEQ: &str = "certificate_seq/";

/// A certificate to issue with an application's move to `certified`.
pub struct Issue<'a> {
    pub application: &'a Application,
    pub expected_revision: Option<u64>,
    pub body: &'a str,
    pub year: i32,
    pub issued: NaiveDate,
    pub note: &'a HistoryEntry,
}

/// What a resolution writes: the complaint, and for one upheld the
/// application's move to `cancelled` with its history entry.
pub struct Resolution<'a> {
    pub id: u64,
    pub state: ComplaintState,
    pub finding: &'a str,
    pub cancel: Option<(&'a Application, &'a HistoryEntry)>,
}

fn read_u64(tree: &TransactionalTree, key: &[u8]) -> TxResult<u64> {
    Ok(tree
        .get(key)?
        .and_then(|bytes| bytes.as_ref().try_into().ok().map(u64::from_be_bytes))
        .unwrap_or(0))
}

/// The next number of a counter in the meta tree, written back.
fn next_seq(meta: &TransactionalTree, key: &[u8]) -> TxResult<u64> {
    let next = read_u64(meta, key)? + 1;
    meta.insert(key, &next.to_be_bytes())?;
    Ok(next)
}

/// A new certificate for `application` with the next number of its
/// series, refused when the application already has one.
fn allocate(
    certificates: &TransactionalTree,
    meta: &TransactionalTree,
    application: &Application,
    body: &str,
    year: i32,
    issued: NaiveDate,
) -> TxResult<Certificate> {
    let id = application.id.as_str();
    if certificates.get(id.as_bytes())?.is_some() {
        return Err(abort(StoreError::Exists {
            kind: "certificate of application",
            key: id.to_owned(),
        }));
    }
    let series = certificate_series(body, year, application.level);
    let counter = format!("{META_CERTIFICATE_SEQ}{series}");
    let sequence = next_seq(meta, counter.as_bytes())?;
    let sequence = u32::try_from(sequence)
        .ok()
        .filter(|s| *s <= MAX_SEQUENCE)
        .ok_or_else(|| {
            abort(
                NoticeError::SeriesFull {
                    series: series.clone(),
                }
                .into(),
            )
        })?;
    Ok(Certificate {
        number: certificate_number(&series, sequence),
        application: id.to_owned(),
        level: application.level,
        year,
        sequence,
        issued,
        revoked: None,
    })
}

/// A new record, or the next revision of a stored one.
fn next_record<T>(
    current: Option<&Record<T>>,
    value: T,
    at: DateTime<Utc>,
    actor: &str,
) -> Record<T> {
    Record {
        revision: current.map_or(1, |c| c.revision + 1),
        saved_at: at,
        saved_by: actor.to_owned(),
        value,
    }
}

fn decode_all<T: serde::de::DeserializeOwned>(
    tree: &sled::Tree,
    name: &str,
) -> Result<Vec<Record<T>>> {
    tree.iter()
        .map(|item| {
            let (key, value) = item?;
            decode_json(name, &key, &value)
        })
        .collect()
}

impl Store {
    /// Every notice, oldest first.
    pub fn notices(&self) -> Result<Vec<Record<Notice>>> {
        decode_all(&self.notices, "notices")
    }

    /// The notice that runs (opened and not concluded), if any.
    pub fn running_notice(&self) -> Result<Option<Record<Notice>>> {
        let Some(id) = self.meta.get(META_NOTICE_RUNNING)? else {
            return Ok(None);
        };
        self.notices
            .get(&id)?
            .map(|bytes| decode_json("notices", &id, &bytes))
            .transpose()
    }

    /// Every complaint, in the order received.
    pub fn complaints(&self) -> Result<Vec<Record<Complaint>>> {
        decode_all(&self.complaints, "complaints")
    }

    pub fn complaint(&self, id: u64) -> Result<Option<Record<Complaint>>> {
        let key = id.to_be_bytes();
        self.complaints
            .get(key)?
            .map(|bytes| decode_json("complaints", &key, &bytes))
            .transpose()
    }

    /// Every certificate, by application id.
    pub fn certificates(&self) -> Result<Vec<Record<Certificate>>> {
        decode_all(&self.certificates, "certificates")
    }

    pub fn certificate(&self, application: &str) -> Result<Option<Record<Certificate>>> {
        self.certificates
            .get(application.as_bytes())?
            .map(|bytes| decode_json("certificates", application.as_bytes(), &bytes))
            .transpose()
    }

    /// Opens a notice over `notice.applications` (its id is assigned
    /// here), refused while another runs or when one of them is no longer
    /// at the notice stage.
    pub fn open_notice(
        &self,
        notice: &Notice,
        at: DateTime<Utc>,
        draft: &AuditDraft,
    ) -> Result<(Notice, AuditEntry)> {
        let _writing = self.writing();
        let trees = (&self.notices, &self.applications, &self.audit, &self.meta);
        let outcome = trees.transaction(|(notices, applications, audit, meta)| {
            if let Some(running) = meta.get(META_NOTICE_RUNNING)? {
                let current: Record<Notice> = decode_json(
                    "notices",
                    &running,
                    &notices.get(&running)?.unwrap_or_default(),
                )
                .map_err(abort)?;
                return Err(abort(
                    NoticeError::AlreadyRunning {
                        id: current.value.id,
                        last_day: current.value.last_day,
                    }
                    .into(),
                ));
            }
            for id in &notice.applications {
                let bytes = applications.get(id.as_bytes())?.ok_or_else(|| {
                    abort(StoreError::NotFound {
                        kind: "application",
                        key: id.clone(),
                    })
                })?;
                let record: Record<Application> =
                    decode_json("applications", id.as_bytes(), &bytes).map_err(abort)?;
                if record.value.stage != Stage::Notice {
                    return Err(abort(StoreError::WrongStage {
                        id: id.clone(),
                        stage: record.value.stage,
                        expected: Stage::Notice,
                    }));
                }
            }
            let mut notice = notice.clone();
            notice.id = next_seq(meta, META_NOTICE_SEQ)?;
            let key = notice.id.to_be_bytes();
            let record = next_record(None, notice.clone(), at, &draft.actor);
            let bytes = encode_json(&record).map_err(abort)?;
            let draft = AuditDraft {
                target: format!("notice {}", notice.id),
                digest: audit::digest_hex(&bytes),
                ..draft.clone()
            };
            notices.insert(&key, bytes)?;
            meta.insert(META_NOTICE_RUNNING, &key)?;
            let entry = append_audit(audit, meta, at, draft)?;
            Ok((notice, entry))
        });
        let outcome = outcome.map_err(from_transaction)?;
        self.durable()?;
        Ok(outcome)
    }

    /// Marks the running notice concluded on `on`.
    pub fn conclude_notice(
        &self,
        id: u64,
        on: NaiveDate,
        at: DateTime<Utc>,
        draft: &AuditDraft,
    ) -> Result<AuditEntry> {
        let _writing = self.writing();
        let trees = (&self.notices, &self.audit, &self.meta);
        let outcome = trees.transaction(|(notices, audit, meta)| {
            let key = id.to_be_bytes();
            if meta.get(META_NOTICE_RUNNING)?.as_deref() != Some(&key[..]) {
                return Err(abort(NoticeError::NoneRunning.into()));
            }
            let bytes = notices.get(key)?.unwrap_or_default();
            let current: Record<Notice> = decode_json("notices", &key, &bytes).map_err(abort)?;
            let mut notice = current.value.clone();
            notice.status = NoticeStatus::Concluded;
            notice.concluded_on = Some(on);
            let record = next_record(Some(&current), notice, at, &draft.actor);
            let bytes = encode_json(&record).map_err(abort)?;
            let draft = AuditDraft {
                digest: audit::digest_hex(&bytes),
                ..draft.clone()
            };
            notices.insert(&key, bytes)?;
            meta.remove(META_NOTICE_RUNNING)?;
            append_audit(audit, meta, at, draft)
        });
        let entry = outcome.map_err(from_transaction)?;
        self.durable()?;
        Ok(entry)
    }

    /// Records a complaint (its id is assigned here).
    pub fn add_complaint(
        &self,
        complaint: &Complaint,
        at: DateTime<Utc>,
        draft: &AuditDraft,
    ) -> Result<(Complaint, AuditEntry)> {
        let _writing = self.writing();
        let trees = (&self.complaints, &self.audit, &self.meta);
        let outcome = trees.transaction(|(complaints, audit, meta)| {
            let mut complaint = complaint.clone();
            complaint.id = next_seq(meta, META_COMPLAINT_SEQ)?;
            let record = next_record(None, complaint.clone(), at, &draft.actor);
            let bytes = encode_json(&record).map_err(abort)?;
            let draft = AuditDraft {
                digest: audit::digest_hex(&bytes),
                ..draft.clone()
            };
            complaints.insert(&complaint.id.to_be_bytes(), bytes)?;
            let entry = append_audit(audit, meta, at, draft)?;
            Ok((complaint, entry))
        });
        let outcome = outcome.map_err(from_transaction)?;
        self.durable()?;
        Ok(outcome)
    }

    /// Resolves an open complaint; one upheld cancels its application in
    /// the same transaction.
    pub fn resolve_complaint(
        &self,
        resolution: &Resolution<'_>,
        at: DateTime<Utc>,
        draft: &AuditDraft,
    ) -> Result<(Complaint, AuditEntry)> {
        let _writing = self.writing();
        let cycle = self.cycle();
        let panel = match resolution.cancel {
            Some((application, _)) => self.assignments_of(&application.id)?,
            None => Vec::new(),
        };
        self.transact_with_application(&self.complaints, |trees, complaints, audit, meta| {
            let key = resolution.id.to_be_bytes();
            let bytes = complaints.get(key)?.ok_or_else(|| {
                abort(NoticeError::ComplaintNotFound { id: resolution.id }.into())
            })?;
            let current: Record<Complaint> =
                decode_json("complaints", &key, &bytes).map_err(abort)?;
            if current.value.state != ComplaintState::Open {
                return Err(abort(
                    NoticeError::AlreadyResolved {
                        id: resolution.id,
                        state: current.value.state,
                    }
                    .into(),
                ));
            }
            let mut complaint = current.value.clone();
            complaint.state = resolution.state;
            complaint.finding = Some(resolution.finding.to_owned());
            complaint.resolved_by = Some(draft.actor.clone());
            let record = next_record(Some(&current), complaint.clone(), at, &draft.actor);
            let bytes = encode_json(&record).map_err(abort)?;
            let mut draft = AuditDraft {
                digest: audit::digest_hex(&bytes),
                ..draft.clone()
            };
            complaints.insert(&key, bytes)?;
            if let Some((application, note)) = resolution.cancel {
                let stored = trees.current(&application.id)?;
                if stored.value.stage != Stage::Notice {
                    return Err(abort(StoreError::WrongStage {
                        id: application.id.clone(),
                        stage: stored.value.stage,
                        expected: Stage::Notice,
                    }));
                }
                let save = ApplicationSave {
                    application,
                    expected_revision: None,
                    at,
                    note: Some(note),
                    panel: &panel,
                    cycle: &cycle,
                };
                let (_, saved) = trees.save(&save, &draft)?;
                draft.note = saved.note;
            }
            let entry = append_audit(audit, meta, at, draft)?;
            Ok((complaint, entry))
        })
    }

    /// Moves an application to `certified` and issues its certificate with
    /// the next number of its series, in one transaction.
    pub fn certify(
        &self,
        issue: &Issue<'_>,
        at: DateTime<Utc>,
        draft: &AuditDraft,
    ) -> Result<(Record<Application>, Certificate, AuditEntry)> {
        let _writing = self.writing();
        let application = issue.application;
        let id = application.id.as_str();
        let cycle = self.cycle();
        let panel = self.assignments_of(id)?;
        self.transact_with_application(&self.certificates, |trees, certificates, audit, meta| {
            let certificate = allocate(
                certificates,
                meta,
                application,
                issue.body,
                issue.year,
                issue.issued,
            )?;
            let mut note = issue.note.clone();
            note.reason = Some(certificate.number.clone());
            let save = ApplicationSave {
                application,
                expected_revision: issue.expected_revision,
                at,
                note: Some(&note),
                panel: &panel,
                cycle: &cycle,
            };
            let (record, draft) = trees.save(&save, draft)?;
            let stored = next_record(None, certificate.clone(), at, &draft.actor);
            certificates.insert(id.as_bytes(), encode_json(&stored).map_err(abort)?)?;
            let draft = draft.with_note(&certificate.number);
            let entry = append_audit(audit, meta, at, draft)?;
            Ok((record, certificate, entry))
        })
    }

    /// Issues a certificate to an application imported as already
    /// certified (it has none yet), in the same series as any other.
    pub fn issue_certificate(
        &self,
        application: &Application,
        body: &str,
        year: i32,
        issued: NaiveDate,
        at: DateTime<Utc>,
        draft: &AuditDraft,
    ) -> Result<(Certificate, AuditEntry)> {
        let _writing = self.writing();
        let id = application.id.as_str();
        let trees = (
            &self.applications,
            &self.certificates,
            &self.audit,
            &self.meta,
        );
        let outcome = trees.transaction(|(applications, certificates, audit, meta)| {
            let bytes = applications.get(id.as_bytes())?.ok_or_else(|| {
                abort(StoreError::NotFound {
                    kind: "application",
                    key: id.to_owned(),
                })
            })?;
            let stored: Record<Application> =
                decode_json("applications", id.as_bytes(), &bytes).map_err(abort)?;
            if stored.value.stage != Stage::Certified {
                return Err(abort(StoreError::WrongStage {
                    id: id.to_owned(),
                    stage: stored.value.stage,
                    expected: Stage::Certified,
                }));
            }
            let certificate = allocate(certificates, meta, &stored.value, body, year, issued)?;
            let record = next_record(None, certificate.clone(), at, &draft.actor);
            let bytes = encode_json(&record).map_err(abort)?;
            let draft = AuditDraft {
                digest: audit::digest_hex(&bytes),
                ..draft.clone()
            }
            .with_note(&certificate.number);
            certificates.insert(id.as_bytes(), bytes)?;
            let entry = append_audit(audit, meta, at, draft)?;
            Ok((certificate, entry))
        });
        let outcome = outcome.map_err(from_transaction)?;
        self.durable()?;
        Ok(outcome)
    }

    /// Moves a certified application to `revoked` and marks its
    /// certificate revoked; the number stays with it.
    pub fn revoke(
        &self,
        application: &Application,
        expected_revision: u64,
        revocation: &Revocation,
        note: &HistoryEntry,
        at: DateTime<Utc>,
        draft: &AuditDraft,
    ) -> Result<(Certificate, AuditEntry)> {
        let _writing = self.writing();
        let id = application.id.as_str();
        let cycle = self.cycle();
        let panel = self.assignments_of(id)?;
        self.transact_with_application(&self.certificates, |trees, certificates, audit, meta| {
            let bytes = certificates.get(id.as_bytes())?.ok_or_else(|| {
                abort(
                    NoticeError::NoCertificate {
                        application: id.to_owned(),
                    }
                    .into(),
                )
            })?;
            let current: Record<Certificate> =
                decode_json("certificates", id.as_bytes(), &bytes).map_err(abort)?;
            if let Some(done) = &current.value.revoked {
                return Err(abort(
                    NoticeError::AlreadyRevoked {
                        application: id.to_owned(),
                        number: current.value.number.clone(),
                        date: done.date,
                    }
                    .into(),
                ));
            }
            let mut certificate = current.value.clone();
            certificate.revoked = Some(revocation.clone());
            let save = ApplicationSave {
                application,
                expected_revision: Some(expected_revision),
                at,
                note: Some(note),
                panel: &panel,
                cycle: &cycle,
            };
            let (_, draft) = trees.save(&save, draft)?;
            let record = next_record(Some(&current), certificate.clone(), at, &draft.actor);
            certificates.insert(id.as_bytes(), encode_json(&record).map_err(abort)?)?;
            let entry = append_audit(audit, meta, at, draft)?;
            Ok((certificate, entry))
        })
    }
}
