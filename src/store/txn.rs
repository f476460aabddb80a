//! Pieces every write transaction uses: the audit entry appended beside
//! the change, the revision check, and the error plumbing of sled's
//! transactions.

use chrono::{DateTime, Utc};
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};

use super::codec::{Record, decode_json, encode_json};
use super::{AuditDraft, AuditEntry, AuditHead, META_AUDIT_HEAD, StoreError};

/// A transaction's outcome before sled's error is folded into ours.
pub(super) type TxResult<T> = std::result::Result<T, ConflictableTransactionError<StoreError>>;

pub(super) fn append_audit(
    audit: &TransactionalTree,
    meta: &TransactionalTree,
    at: DateTime<Utc>,
    draft: AuditDraft,
) -> TxResult<AuditEntry> {
    let head: AuditHead = match meta.get(META_AUDIT_HEAD)? {
        Some(bytes) => decode_json("meta", META_AUDIT_HEAD, &bytes).map_err(abort)?,
        None => AuditHead::default(),
    };
    let entry = draft.seal(head.seq + 1, at, &head.hash);
    audit.insert(
        &entry.seq.to_be_bytes(),
        encode_json(&entry).map_err(abort)?,
    )?;
    let head = AuditHead {
        seq: entry.seq,
        hash: entry.hash.clone(),
    };
    meta.insert(META_AUDIT_HEAD, encode_json(&head).map_err(abort)?)?;
    Ok(entry)
}

/// The next revision of a record, if the caller started from the current one;
/// otherwise the stale-revision refusal naming who saved in between.
pub(super) fn successor<T: Clone, U>(
    kind: &'static str,
    current: &Record<U>,
    expected_revision: u64,
    key: &str,
    value: &T,
    at: DateTime<Utc>,
    actor: &str,
) -> TxResult<Record<T>> {
    if current.revision != expected_revision {
        return Err(abort(StoreError::Stale {
            kind,
            id: key.to_owned(),
            expected: expected_revision,
            found: current.revision,
            saved_by: current.saved_by.clone(),
            saved_at: current.saved_at,
        }));
    }
    Ok(Record {
        revision: current.revision + 1,
        saved_at: at,
        saved_by: actor.to_owned(),
        value: value.clone(),
    })
}

pub(super) fn abort(error: StoreError) -> ConflictableTransactionError<StoreError> {
    ConflictableTransactionError::Abort(error)
}

pub(super) fn from_transaction(error: TransactionError<StoreError>) -> StoreError {
    match error {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => StoreError::Sled(e),
    }
}
