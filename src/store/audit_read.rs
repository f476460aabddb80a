//! Reading the audit log: the chain walk of `docket audit verify`, and
//! pages of entries from the newest back for the audit screen; and many
//! entries appended at once.

use super::audit::{self, AuditHead, BadEntry, Checked, Verification};
use chrono::{DateTime, Utc};
use sled::Transactional;

use super::codec::decode_json;
use super::txn::{append_audit, from_transaction};
use super::{AuditDraft, AuditEntry, Result, Store};

/// Entries read and checked together, across the machine's cores.
const CHUNK: usize = 16 * 1024;

/// One page of the log, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Where the next (older) page starts, when the scan stopped before
    /// the first entry.
    pub resume_before: Option<u64>,
}

fn seq_of(key: &[u8]) -> u64 {
    key.try_into().map_or(0, u64::from_be_bytes)
}

/// Walks the entries of an audit tree up to `head`, from the first or
/// on from `from` (the head an earlier walk found the chain whole up to):
/// one thread reads the tree a chunk at a time while the chunk before is
/// checked on every core.
pub(super) fn verify_tree(
    audit: &sled::Tree,
    from: Option<&AuditHead>,
    head: &AuditHead,
) -> Result<Verification> {
    let start = from.map_or(0, |from| from.seq + 1);
    let (chunks, inbox) = std::sync::mpsc::sync_channel::<Result<Vec<(u64, sled::IVec)>>>(2);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut stored = audit.range(start.to_be_bytes()..=head.seq.to_be_bytes());
            loop {
                let mut chunk = Vec::with_capacity(CHUNK);
                for item in stored.by_ref().take(CHUNK) {
                    match item {
                        Ok((key, value)) => chunk.push((seq_of(&key), value)),
                        Err(e) => {
                            let _ = chunks.send(Err(e.into()));
                            return;
                        }
                    }
                }
                // An empty chunk ends the walk; a closed channel means the
                // walk stopped at a bad entry.
                let last = chunk.is_empty();
                if chunks.send(Ok(chunk)).is_err() || last {
                    return;
                }
            }
        });
        let mut walk = from.map_or_else(audit::Walk::new, audit::Walk::resume);
        for chunk in inbox {
            let chunk = chunk?;
            if chunk.is_empty() {
                break;
            }
            let checked = crate::par::map(&chunk, |(seq, value)| (*seq, Checked::read(value)));
            if walk.feed(checked).is_some() {
                break;
            }
        }
        Ok(walk.finish(head))
    })
}

impl Store {
    /// Walks the whole chain and names the first entry that does not match.
    ///
    /// The walk reads up to the head as it stands when the walk begins, so
    /// entries written meanwhile are left for the next walk; an entry past
    /// a head that has not moved was added outside docket.
    pub fn verify_audit(&self) -> Result<Verification> {
        Ok(self.verify_audit_from(None)?.0)
    }

    /// Like [`Store::verify_audit`], or, given `from` (the head an earlier
    /// walk found the chain whole up to), walking only the entries written
    /// since: the first of them must follow it, and the count goes on from
    /// it. Returns the head this walk went up to, where the next may go on.
    pub fn verify_audit_from(&self, from: Option<&AuditHead>) -> Result<(Verification, AuditHead)> {
        let head = self.audit_head()?;
        let verification = verify_tree(&self.audit, from, &head)?;
        Ok((self.check_past_head(verification, &head)?, head))
    }

    /// An entry past the head the walk stopped at: written since the walk
    /// began, or, when the head has not moved, added outside docket.
    fn check_past_head(
        &self,
        verification: Verification,
        head: &AuditHead,
    ) -> Result<Verification> {
        if verification.first_bad.is_some() {
            return Ok(verification);
        }
        // Past the head: written since the walk began, or added by hand.
        if let Some(item) = self.audit.range((head.seq + 1).to_be_bytes()..).next() {
            let (key, _) = item?;
            if self.audit_head()? == *head {
                let seq = seq_of(&key);
                return Ok(Verification {
                    verified: verification.verified,
                    first_bad: Some(BadEntry {
                        seq,
                        reason: format!(
                            "past the head: the head records entry {} as the last; entries were added outside docket",
                            head.seq
                        ),
                    }),
                });
            }
        }
        Ok(verification)
    }

    /// Entries older than `before` (all when `None`), newest first, that
    /// `keep` accepts: at most `limit` of them, reading at most `budget`
    /// entries. When the page stops early, `resume_before` says where the
    /// next one starts.
    pub fn audit_page(
        &self,
        before: Option<u64>,
        limit: usize,
        budget: usize,
        keep: &dyn Fn(&AuditEntry) -> bool,
    ) -> Result<AuditPage> {
        let end = before.unwrap_or(u64::MAX);
        let mut page = AuditPage::default();
        for (read, item) in self.audit.range(..end.to_be_bytes()).rev().enumerate() {
            let (key, value) = item?;
            let seq = seq_of(&key);
            if page.entries.len() >= limit || read >= budget {
                page.resume_before = Some(seq + 1);
                break;
            }
            let entry: AuditEntry = decode_json("audit", &key, &value)?;
            if keep(&entry) {
                page.entries.push(entry);
            }
        }
        Ok(page)
    }

    /// One entry by its sequence number.
    pub fn audit_entry(&self, seq: u64) -> Result<Option<AuditEntry>> {
        let key = seq.to_be_bytes();
        self.audit
            .get(key)?
            .map(|bytes| decode_json("audit", &key, &bytes))
            .transpose()
    }

    /// Appends every draft, in order, in one transaction: a real chain
    /// built fast (for generated stores and benchmarks).
    pub fn append_audit_many(&self, at: DateTime<Utc>, drafts: &[AuditDraft]) -> Result<AuditHead> {
        let _writing = self.writing();
        (&self.audit, &self.meta)
            .transaction(|(audit, meta)| {
                for draft in drafts {
                    append_audit(audit, meta, at, draft.clone())?;
                }
                Ok(())
            })
            .map_err(from_transaction)?;
        self.durable()?;
        self.audit_head()
    }
}
