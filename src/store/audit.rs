//! The append-only, hash-chained audit log.
//!
//! Entry `n` (from 1) is stored under the big-endian key `n` and carries
//! the hash of entry `n - 1`, so altering, removing or reordering entries
//! breaks the chain at the first entry touched. The head (last sequence
//! number and hash) is kept in the meta tree and written in the same
//! transaction as the entry, which also catches a removed tail.

use std::borrow::Cow;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `prev` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    pub time: DateTime<Utc>,
    pub actor: String,
    /// Dotted verb, e.g. `application.import`, `user.add`.
    pub action: String,
    /// What the action touched: an application id, a user name, a count.
    pub target: String,
    /// A short human note (a reason, a file name); never personal data.
    #[serde(default)]
    pub note: String,
    /// SHA-256 of the change as written.
    pub digest: String,
    pub prev: String,
    pub hash: String,
}

/// What a caller knows about an entry before it is placed in the chain.
#[derive(Debug, Clone)]
pub struct AuditDraft {
    pub actor: String,
    pub action: String,
    pub target: String,
    pub note: String,
    pub digest: String,
}

impl AuditDraft {
    pub fn new(actor: &str, action: &str, target: impl Into<String>, change: &[u8]) -> AuditDraft {
        AuditDraft {
            actor: actor.to_owned(),
            action: action.to_owned(),
            target: target.into(),
            note: String::new(),
            digest: digest_hex(change),
        }
    }

    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> AuditDraft {
        self.note = note.into();
        self
    }

    pub fn seal(self, seq: u64, time: DateTime<Utc>, prev: &str) -> AuditEntry {
        let mut entry = AuditEntry {
            seq,
            time,
            actor: self.actor,
            action: self.action,
            target: self.target,
            note: self.note,
            digest: self.digest,
            prev: prev.to_owned(),
            hash: String::new(),
        };
        entry.hash = entry.compute_hash();
        entry
    }
}

impl AuditEntry {
    /// The hash over every field but `hash` itself.
    pub fn compute_hash(&self) -> String {
        chain_hash(
            self.seq,
            &self.time,
            [
                &self.actor,
                &self.action,
                &self.target,
                &self.note,
                &self.digest,
                &self.prev,
            ],
        )
    }
}

/// The hash of an entry from its parts, each written with its length.
fn chain_hash(seq: u64, time: &DateTime<Utc>, parts: [&str; 6]) -> String {
    let mut hasher = Sha256::new();
    let mut part = |text: &str| {
        hasher.update(text.len().to_le_bytes());
        hasher.update(text.as_bytes());
    };
    part(&seq.to_string());
    part(&time.to_rfc3339_opts(SecondsFormat::Nanos, true));
    for text in parts {
        part(text);
    }
    hex(&hasher.finalize())
}

/// A stored entry read without copying its text (escaped text aside).
#[derive(Deserialize)]
struct Stored<'a> {
    seq: u64,
    time: DateTime<Utc>,
    #[serde(borrow)]
    actor: Cow<'a, str>,
    #[serde(borrow)]
    action: Cow<'a, str>,
    #[serde(borrow)]
    target: Cow<'a, str>,
    #[serde(borrow, default)]
    note: Cow<'a, str>,
    #[serde(borrow)]
    digest: Cow<'a, str>,
    prev: String,
    hash: String,
}

/// The head of the chain: the last entry's sequence number and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHead {
    pub seq: u64,
    pub hash: String,
}

impl Default for AuditHead {
    fn default() -> Self {
        AuditHead {
            seq: 0,
            hash: GENESIS.to_owned(),
        }
    }
}

/// The outcome of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Entries that matched before the first bad one (all of them when the chain is whole).
    pub verified: u64,
    pub first_bad: Option<BadEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadEntry {
    /// The sequence number where the chain breaks (the stored key's number).
    pub seq: u64,
    pub reason: String,
}

/// What the chain walk needs of one stored entry, worked out apart from
/// its neighbours (so that many can be checked at once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub seq: u64,
    pub prev: String,
    pub hash: String,
    /// Whether the entry's content still gives its hash.
    pub intact: bool,
}

impl Checked {
    pub fn of(entry: AuditEntry) -> Checked {
        let intact = entry.compute_hash() == entry.hash;
        Checked {
            seq: entry.seq,
            prev: entry.prev,
            hash: entry.hash,
            intact,
        }
    }

    /// Reads a stored value and checks it against its own hash.
    pub fn read(bytes: &[u8]) -> Result<Checked, String> {
        let e: Stored<'_> = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        let parts = [&*e.actor, &e.action, &e.target, &e.note, &e.digest, &e.prev];
        let intact = chain_hash(e.seq, &e.time, parts) == e.hash;
        Ok(Checked {
            seq: e.seq,
            prev: e.prev,
            hash: e.hash,
            intact,
        })
    }
}

/// Walks the entries in key order and names the first one that does not fit.
pub fn verify<I>(entries: I, head: &AuditHead) -> Verification
where
    I: IntoIterator<Item = (u64, Result<Checked, String>)>,
{
    let mut walk = Walk::new();
    walk.feed(entries);
    walk.finish(head)
}

/// The chain walk, fed in pieces.
#[derive(Debug)]
pub struct Walk {
    prev: String,
    verified: u64,
    bad: Option<BadEntry>,
}

impl Default for Walk {
    fn default() -> Self {
        Walk::new()
    }
}

impl Walk {
    pub fn new() -> Walk {
        Walk {
            prev: GENESIS.to_owned(),
            verified: 0,
            bad: None,
        }
    }

    /// A walk that goes on from where an earlier one found the chain whole.
    pub fn resume(from: &AuditHead) -> Walk {
        Walk {
            prev: from.hash.clone(),
            verified: from.seq,
            bad: None,
        }
    }

    /// Takes the next entries in key order; stops at (and returns) the
    /// first that does not fit.
    pub fn feed<I>(&mut self, entries: I) -> Option<&BadEntry>
    where
        I: IntoIterator<Item = (u64, Result<Checked, String>)>,
    {
        if self.bad.is_some() {
            return self.bad.as_ref();
        }
        for (key, entry) in entries {
            if let Err(reason) = self.step(key, entry) {
                self.bad = Some(reason);
                return self.bad.as_ref();
            }
        }
        None
    }

    fn step(&mut self, key: u64, entry: Result<Checked, String>) -> Result<(), BadEntry> {
        let expected = self.verified + 1;
        let bad = |seq: u64, reason: String| Err(BadEntry { seq, reason });
        if key != expected {
            let reason = if key > expected {
                format!(
                    "missing: the log goes from entry {} to entry {key}; entries were removed",
                    self.verified
                )
            } else {
                format!("stored out of order: entry {key} comes where entry {expected} belongs")
            };
            return bad(expected, reason);
        }
        let entry = match entry {
            Ok(entry) => entry,
            Err(reason) => {
                return bad(
                    key,
                    format!("cannot be read ({reason}): the entry was damaged"),
                );
            }
        };
        if entry.seq != key {
            let reason = format!(
                "holds entry {} but is stored as entry {key}: entries were swapped or reordered",
                entry.seq
            );
            return bad(key, reason);
        }
        if !entry.intact {
            return bad(
                key,
                "its content does not match its hash: the entry was altered".to_owned(),
            );
        }
        if entry.prev != self.prev {
            let reason = if key == 1 {
                "does not start the chain: it names a previous entry where there is none".to_owned()
            } else {
                format!(
                    "does not follow entry {0}: the hash it records for entry {0} differs, so entry {0} was altered and rehashed, or entries were replaced",
                    key - 1
                )
            };
            return bad(key, reason);
        }
        self.prev = entry.hash;
        self.verified += 1;
        Ok(())
    }

    /// The outcome, with the head (kept apart from the log) checked last.
    pub fn finish(self, head: &AuditHead) -> Verification {
        let verified = self.verified;
        let broken = |verified: u64, seq: u64, reason: String| Verification {
            verified,
            first_bad: Some(BadEntry { seq, reason }),
        };
        if let Some(bad) = self.bad {
            return Verification {
                verified,
                first_bad: Some(bad),
            };
        }
        if head.seq > verified {
            let reason = format!(
                "missing: the log ends at entry {verified}, but the head records entry {}; entries were removed from the end",
                head.seq
            );
            return broken(verified, verified + 1, reason);
        }
        if head.seq < verified {
            let reason = format!(
                "past the head: the head records entry {} as the last; entries were added outside docket",
                head.seq
            );
            return broken(head.seq, head.seq + 1, reason);
        }
        if head.hash != self.prev {
            let reason = "does not match the head's hash: the last entry was altered and rehashed"
                .to_owned();
            return broken(verified.saturating_sub(1), verified, reason);
        }
        Verification {
            verified,
            first_bad: None,
        }
    }
}

pub fn digest_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: u64) -> Vec<AuditEntry> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let time = DateTime::from_timestamp(1_700_000_000 + seq as i64, 0).unwrap();
                let entry = AuditDraft::new("admin", "application.import", format!("{seq}"), b"x")
                    .seal(seq, time, &prev);
                prev.clone_from(&entry.hash);
                entry
            })
            .collect()
    }

    fn checked(entry: &AuditEntry) -> (u64, Result<Checked, String>) {
        (entry.seq, Ok(Checked::of(entry.clone())))
    }

    fn walk(entries: &[AuditEntry], head: &AuditHead) -> Verification {
        verify(entries.iter().map(checked), head)
    }

    fn head_of(entries: &[AuditEntry]) -> AuditHead {
        entries
            .last()
            .map_or_else(AuditHead::default, |e| AuditHead {
                seq: e.seq,
                hash: e.hash.clone(),
            })
    }

    #[test]
    fn a_whole_chain_verifies() {
        let entries = chain(5);
        let result = walk(&entries, &head_of(&entries));
        assert_eq!(
            result,
            Verification {
                verified: 5,
                first_bad: None
            }
        );
        assert_eq!(walk(&[], &AuditHead::default()).first_bad, None);
    }

    #[test]
    fn an_altered_entry_is_named() {
        let mut entries = chain(5);
        let head = head_of(&entries);
        entries[2].target = "other".into();
        let bad = walk(&entries, &head).first_bad.unwrap();
        assert_eq!(bad.seq, 3);
        assert!(bad.reason.contains("altered"), "{}", bad.reason);
    }

    #[test]
    fn a_removed_entry_is_named() {
        let mut entries = chain(5);
        let head = head_of(&entries);
        entries.remove(1);
        let result = walk(&entries, &head);
        let bad = result.first_bad.unwrap();
        assert_eq!(bad.seq, 2);
        assert!(
            bad.reason.contains("from entry 1 to entry 3"),
            "{}",
            bad.reason
        );
        assert_eq!(result.verified, 1);
    }

    #[test]
    fn swapped_entries_are_named() {
        let entries = chain(4);
        let head = head_of(&entries);
        // Entry 3's content stored under key 2 and the other way round.
        let stored_as = |key: u64, entry: &AuditEntry| (key, Ok(Checked::of(entry.clone())));
        let swapped = vec![
            stored_as(1, &entries[0]),
            stored_as(2, &entries[2]),
            stored_as(3, &entries[1]),
            stored_as(4, &entries[3]),
        ];
        let bad = verify(swapped, &head).first_bad.unwrap();
        assert_eq!(bad.seq, 2);
        assert!(bad.reason.contains("reordered"), "{}", bad.reason);
    }

    #[test]
    fn a_removed_tail_is_caught_by_the_head() {
        let entries = chain(4);
        let head = head_of(&entries);
        let bad = walk(&entries[..3], &head).first_bad.unwrap();
        assert_eq!(bad.seq, 4);
        assert!(
            bad.reason.contains("removed from the end"),
            "{}",
            bad.reason
        );
    }

    #[test]
    fn digests_are_hex_sha256() {
        assert_eq!(
            digest_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
