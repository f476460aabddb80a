//! How records are laid out in sled values.
//!
//! Primary records are JSON inside an envelope that carries the record's
//! revision and who last saved it; JSON keeps old records readable when a
//! later schema adds fields. Derived index entries are postcard, since
//! they are rebuilt rather than migrated.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, de::DeserializeOwned};

use super::StoreError;

/// A record as the store holds it: the value and its revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record<T> {
    /// Starts at 1 and grows by one with every save.
    pub revision: u64,
    pub saved_at: DateTime<Utc>,
    pub saved_by: String,
    pub value: T,
}

pub fn encode_json<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(value).map_err(|e| StoreError::Encode(e.to_string()))
}

pub fn decode_json<T: DeserializeOwned>(
    tree: &str,
    key: &[u8],
    bytes: &[u8],
) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| corrupt(tree, key, &e.to_string()))
}

pub fn encode_compact<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    postcard::to_stdvec(value).map_err(|e| StoreError::Encode(e.to_string()))
}

pub fn decode_compact<T: DeserializeOwned>(
    tree: &str,
    key: &[u8],
    bytes: &[u8],
) -> Result<T, StoreError> {
    postcard::from_bytes(bytes).map_err(|e| corrupt(tree, key, &e.to_string()))
}

pub fn corrupt(tree: &str, key: &[u8], reason: &str) -> StoreError {
    StoreError::Corrupt {
        tree: tree.to_owned(),
        key: String::from_utf8_lossy(key).into_owned(),
        reason: reason.to_owned(),
    }
}
