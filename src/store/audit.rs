//! The append-only, hash-chained audit log.
//!
//! Entry `n` (from 1) is stored under the big-endian key `n` and carries
//! the hash of entry `n - 1`, so altering, removing or reordering entries
//! breaks the chain at the first entry touched. The head (last sequence
//! number and hash) is kept in the meta tree and written in the same
//! transaction as the entry, which also catches a removed tail.

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
        let mut hasher = Sha256::new();
        for part in [
            self.seq.to_string().as_str(),
            &self.time.to_rfc3339_opts(SecondsFormat::Nanos, true),
            &self.actor,
            &self.action,
            &self.target,
            &self.note,
            &self.digest,
            &self.prev,
        ] {
            hasher.update(part.len().to_le_bytes());
            hasher.update(part.as_bytes());
        }
        hex(&hasher.finalize())
    }
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

/// Walks the entries in key order and names the first one that does not fit.
pub fn verify<I>(entries: I, head: &AuditHead) -> Verification
where
    I: IntoIterator<Item = (u64, Result<AuditEntry, String>)>,
{
    let mut prev = GENESIS.to_owned();
    let mut verified = 0;
    for (expected_seq, (key, entry)) in (1..).zip(entries) {
        let bad = |reason: String| Verification {
            verified,
            first_bad: Some(BadEntry { seq: key, reason }),
        };
        let entry = match entry {
            Ok(entry) => entry,
            Err(reason) => return bad(format!("cannot be read: {reason}")),
        };
        if key != expected_seq {
            return bad(format!(
                "expected entry {expected_seq} here: an entry was removed or reordered"
            ));
        }
        if entry.seq != key {
            return bad(format!(
                "says it is entry {} but is stored as {key}: reordered",
                entry.seq
            ));
        }
        if entry.prev != prev {
            return bad(
                "does not follow the entry before it: an entry was removed or reordered".into(),
            );
        }
        if entry.compute_hash() != entry.hash {
            return bad("its content does not match its hash: the entry was altered".into());
        }
        prev = entry.hash;
        verified += 1;
    }
    if head.seq != verified || head.hash != prev {
        let seq = verified + 1;
        let reason = format!(
            "the log ends at entry {verified}, but the head records entry {}: entries were removed from the end",
            head.seq
        );
        return Verification {
            verified,
            first_bad: Some(BadEntry { seq, reason }),
        };
    }
    Verification {
        verified,
        first_bad: None,
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

    fn walk(entries: &[AuditEntry], head: &AuditHead) -> Verification {
        verify(entries.iter().map(|e| (e.seq, Ok(e.clone()))), head)
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
        let result = verify(entries.iter().map(|e| (e.seq, Ok(e.clone()))), &head);
        assert_eq!(result.first_bad.unwrap().seq, 3);
        assert_eq!(result.verified, 1);
    }

    #[test]
    fn swapped_entries_are_named() {
        let entries = chain(4);
        let head = head_of(&entries);
        // Entry 3's content stored under key 2 and the other way round.
        let swapped = vec![
            (1, Ok(entries[0].clone())),
            (2, Ok(entries[2].clone())),
            (3, Ok(entries[1].clone())),
            (4, Ok(entries[3].clone())),
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
