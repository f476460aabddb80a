//! The sled store: one tree per kind of record, a stage index that makes
//! every queue a range scan, revisions on every record, and the audit log.
//!
//! Nothing outside this module sees sled. Every write that the service
//! acknowledges has been flushed before the call returns.

mod assignments;
pub mod audit;
mod audit_read;
pub mod backup;
pub mod codec;
mod conflicts;
mod import;
mod notice;
pub mod owner;
mod reviews;
mod save;
mod searches;
mod txn;
mod users;
mod written;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::Transactional;

use std::sync::{Arc, PoisonError, RwLock};

use crate::domain::decision::History;
use crate::domain::{Application, Cycle, Stage, Summary};
pub use assignments::AssignmentNote;
pub use audit::{AuditDraft, AuditEntry, AuditHead, Verification};
pub use audit_read::AuditPage;
pub use codec::Record;
use codec::{corrupt, decode_compact, decode_json, encode_compact, encode_json};
pub use conflicts::DeclaredWrite;
pub use notice::{Issue, Resolution};
pub use owner::Owner;
use txn::{append_audit, from_transaction};
pub use written::WrittenScore;

/// The schema this build writes. A store at a higher number refuses to open.
pub const SCHEMA_VERSION: u32 = 1;

const META_SCHEMA: &[u8] = b"schema_version";
const META_AUDIT_HEAD: &[u8] = b"audit_head";
const META_PENDING_IMPORT: &[u8] = b"pending_import";
const META_CYCLE: &[u8] = b"cycle";
const META_SUMMARY_VERSION: &[u8] = b"summary_version";
const META_QUEUE_SNAPSHOT: &[u8] = b"queue_snapshot";
const META_ASSIGNMENT_INDEX: &[u8] = b"assignment_index";

/// The shape of the queue index's entries; a store whose index was built
/// with another shape has it rebuilt on open.
const SUMMARY_VERSION: u32 = 2;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the store at {path} is in use by {holder}")]
    InUse { path: PathBuf, holder: String },
    #[error(
        "the store at {path} was written by a newer docket (schema {found}; this docket reads up to {supported}): upgrade docket to open it"
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error(
        "{kind} {id}: revision {expected} is stale; {saved_by} saved revision {found} at {saved_at}"
    )]
    Stale {
        kind: &'static str,
        id: String,
        expected: u64,
        found: u64,
        saved_by: String,
        saved_at: DateTime<Utc>,
    },
    #[error("{kind} {key} already exists")]
    Exists { kind: &'static str, key: String },
    #[error("{kind} {key} not found")]
    NotFound { kind: &'static str, key: String },
    #[error("expert {expert} declared a conflict with application {application}")]
    Conflicted { expert: String, application: String },
    #[error("application {id} is at {}, not at {}", .stage.code(), .expected.code())]
    WrongStage {
        id: String,
        stage: Stage,
        expected: Stage,
    },
    #[error("review {key} is submitted and can no longer be changed")]
    Submitted { key: String },
    #[error(transparent)]
    Notice(#[from] crate::domain::notice::NoticeError),
    #[error("damaged record in {tree} at key {key}: {reason}")]
    Corrupt {
        tree: String,
        key: String,
        reason: String,
    },
    #[error("cannot encode a record: {0}")]
    Encode(String),
    #[error("cannot create the store folder {path}: {source}")]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("store: {0}")]
    Sled(#[from] sled::Error),
}

type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Who is opening the store, written beside it for anyone refused by the lock.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    pub role: String,
    pub listen: Option<String>,
    /// sled's page cache, in bytes.
    pub cache_bytes: u64,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            role: "docket".into(),
            listen: None,
            cache_bytes: 64 * 1024 * 1024,
        }
    }
}

pub struct Store {
    path: PathBuf,
    db: sled::Db,
    applications: sled::Tree,
    queue: sled::Tree,
    users: sled::Tree,
    /// `expert NUL application` -> [`AssignmentNote`].
    assignments: sled::Tree,
    /// The reverse index of `assignments`: `application NUL expert` -> nothing.
    assigned: sled::Tree,
    /// `application NUL expert` -> [`crate::domain::committee::Declared`].
    conflicts: sled::Tree,
    /// `application NUL stage NUL expert` -> `Record<Review>`.
    reviews: sled::Tree,
    /// application id -> `Record<WrittenScore>`.
    written: sled::Tree,
    decisions: sled::Tree,
    /// notice id (u64, big-endian) -> `Record<Notice>`.
    notices: sled::Tree,
    /// complaint id (u64, big-endian) -> `Record<Complaint>`.
    complaints: sled::Tree,
    /// application id -> `Record<Certificate>`.
    certificates: sled::Tree,
    /// `user NUL name` -> [`crate::domain::query::saved::SavedSearch`].
    searches: sled::Tree,
    audit: sled::Tree,
    meta: sled::Tree,
    /// The cycle the index was evaluated under, as kept in the meta tree.
    cycle: RwLock<Arc<Cycle>>,
    /// The audit head the stored queue snapshot was taken at, if any.
    snapshot_head: std::sync::Mutex<Option<AuditHead>>,
    /// Told of every audit entry once it is durable: how the layer above
    /// learns of each write, whichever path it took.
    listener: RwLock<Option<Listener>>,
    /// The last audit entry the listener was told of.
    announced: std::sync::Mutex<u64>,
    /// Every write holds this shared; a backup holds it alone, so that no
    /// write lands halfway through the snapshot.
    writes: RwLock<()>,
}

/// What [`Store::listen`] calls with each durable audit entry.
pub type Listener = Arc<dyn Fn(&AuditEntry) + Send + Sync>;

/// Every summary in one value, written on a clean close so the next open
/// reads one value instead of scanning the index. It is used only while
/// the audit head is the one it was taken at: every change to the index
/// appends an audit entry, so any write since makes it stale.
#[derive(Serialize, Deserialize)]
struct QueueSnapshot {
    head: AuditHead,
    summary_version: u32,
    summaries: Vec<Summary>,
}

impl Store {
    /// Opens (or creates) the store in the folder `path`.
    pub fn open(path: &Path, options: &OpenOptions) -> Result<Store> {
        std::fs::create_dir_all(path).map_err(|source| StoreError::Create {
            path: path.to_owned(),
            source,
        })?;
        let db = sled::Config::new()
            .path(path)
            .cache_capacity(options.cache_bytes)
            .mode(sled::Mode::HighThroughput)
            .open()
            .map_err(|e| in_use_or(path, e))?;
        let store = Store {
            path: path.to_owned(),
            applications: db.open_tree("applications")?,
            queue: db.open_tree("queue")?,
            users: db.open_tree("users")?,
            assignments: db.open_tree("assignments")?,
            assigned: db.open_tree("assignments_by_application")?,
            conflicts: db.open_tree("conflicts")?,
            reviews: db.open_tree("reviews")?,
            written: db.open_tree("written")?,
            decisions: db.open_tree("decisions")?,
            notices: db.open_tree("notices")?,
            complaints: db.open_tree("complaints")?,
            certificates: db.open_tree("certificates")?,
            searches: db.open_tree("searches")?,
            audit: db.open_tree("audit")?,
            meta: db.open_tree("meta")?,
            cycle: RwLock::new(Arc::new(Cycle::default_2024())),
            snapshot_head: std::sync::Mutex::new(None),
            listener: RwLock::new(None),
            announced: std::sync::Mutex::new(0),
            writes: RwLock::new(()),
            db,
        };
        store.check_schema()?;
        store.load_cycle()?;
        store.recover_pending_import()?;
        store.check_index()?;
        store.check_assignment_index()?;
        *store
            .announced
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = store.audit_head()?.seq;
        let holder = Owner {
            pid: std::process::id(),
            role: options.role.clone(),
            listen: options.listen.clone(),
            since: Utc::now(),
        };
        if let Err(e) = owner::write(path, &holder) {
            tracing::warn!("cannot write the owner note beside the store: {e}");
        }
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn check_schema(&self) -> Result<()> {
        let Some(bytes) = self.meta.get(META_SCHEMA)? else {
            self.meta
                .insert(META_SCHEMA, &SCHEMA_VERSION.to_be_bytes())?;
            self.durable()?;
            return Ok(());
        };
        let found = read_u32(&bytes).ok_or_else(|| corrupt("meta", META_SCHEMA, "not a u32"))?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        // Migrations from older schemas run here, one step per version.
        if found < SCHEMA_VERSION {
            self.meta
                .insert(META_SCHEMA, &SCHEMA_VERSION.to_be_bytes())?;
            self.durable()?;
        }
        Ok(())
    }

    /// The schema version recorded in the store.
    pub fn schema_version(&self) -> Result<u32> {
        let bytes = self
            .meta
            .get(META_SCHEMA)?
            .ok_or_else(|| corrupt("meta", META_SCHEMA, "missing"))?;
        read_u32(&bytes).ok_or_else(|| corrupt("meta", META_SCHEMA, "not a u32"))
    }

    /// Sets the recorded schema version; used by migrations and their tests.
    pub fn set_schema_version(&self, version: u32) -> Result<()> {
        let _writing = self.writing();
        self.meta.insert(META_SCHEMA, &version.to_be_bytes())?;
        self.durable()?;
        Ok(())
    }

    /// Reads the stored cycle, or keeps the 2024 defaults in a new store.
    fn load_cycle(&self) -> Result<()> {
        if let Some(bytes) = self.meta.get(META_CYCLE)? {
            let cycle: Cycle = decode_json("meta", META_CYCLE, &bytes)?;
            *self.cycle.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(cycle);
        } else {
            self.meta.insert(META_CYCLE, encode_json(&*self.cycle())?)?;
            self.durable()?;
        }
        Ok(())
    }

    /// The configuration of the store's certification cycle.
    pub fn cycle(&self) -> Arc<Cycle> {
        Arc::clone(&self.cycle.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Replaces the cycle configuration and re-evaluates every summary under it.
    pub fn set_cycle(
        &self,
        cycle: Cycle,
        at: DateTime<Utc>,
        draft: &AuditDraft,
    ) -> Result<AuditEntry> {
        let _writing = self.writing();
        let bytes = encode_json(&cycle)?;
        *self.cycle.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(cycle);
        self.meta.insert(META_CYCLE, bytes)?;
        self.rebuild_index()?;
        let entry = self.transact_audit(at, draft)?;
        self.durable()?;
        Ok(entry)
    }

    /// Rebuilds the queue index when it was built with another summary shape.
    fn check_index(&self) -> Result<()> {
        let version = self
            .meta
            .get(META_SUMMARY_VERSION)?
            .and_then(|b| read_u32(&b));
        if version != Some(SUMMARY_VERSION) {
            self.rebuild_index()?;
            self.durable()?;
        }
        Ok(())
    }

    /// Recomputes every summary from the application records.
    fn rebuild_index(&self) -> Result<()> {
        let cycle = self.cycle();
        self.queue.clear()?;
        let mut batch = sled::Batch::default();
        for item in &self.applications {
            let (key, value) = item?;
            let record: Record<Application> = decode_json("applications", &key, &value)?;
            let summary = Summary::of(&record.value, record.revision, &cycle);
            batch.insert(
                queue_key(record.value.stage, &record.value.id),
                encode_compact(&summary)?,
            );
        }
        self.queue.apply_batch(batch)?;
        self.meta
            .insert(META_SUMMARY_VERSION, &SUMMARY_VERSION.to_be_bytes())?;
        Ok(())
    }

    // ----- applications -----

    pub fn application(&self, id: &str) -> Result<Option<Record<Application>>> {
        self.applications
            .get(id.as_bytes())?
            .map(|bytes| decode_json("applications", id.as_bytes(), &bytes))
            .transpose()
    }

    /// Every application, by id.
    pub fn applications(&self) -> impl Iterator<Item = Result<Record<Application>>> + '_ {
        self.applications.iter().map(|item| {
            let (key, value) = item?;
            decode_json("applications", &key, &value)
        })
    }

    pub fn contains_application(&self, id: &str) -> Result<bool> {
        Ok(self.applications.contains_key(id.as_bytes())?)
    }

    /// Every application's summary, in stage order and by id within a stage.
    pub fn summaries(&self) -> Result<Vec<Summary>> {
        if let Some(summaries) = self.fresh_snapshot()? {
            return Ok(summaries);
        }
        self.scan_summaries()
    }

    fn scan_summaries(&self) -> Result<Vec<Summary>> {
        self.queue
            .iter()
            .map(|item| {
                let (key, value) = item?;
                decode_compact("queue", &key, &value)
            })
            .collect()
    }

    /// The stored snapshot's summaries, when nothing was written since it was taken.
    fn fresh_snapshot(&self) -> Result<Option<Vec<Summary>>> {
        let Some(bytes) = self.meta.get(META_QUEUE_SNAPSHOT)? else {
            return Ok(None);
        };
        let Ok(snapshot) = postcard::from_bytes::<QueueSnapshot>(&bytes) else {
            tracing::warn!("the queue snapshot cannot be read; scanning the index instead");
            return Ok(None);
        };
        if snapshot.summary_version != SUMMARY_VERSION || snapshot.head != self.audit_head()? {
            return Ok(None);
        }
        *self
            .snapshot_head
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(snapshot.head);
        Ok(Some(snapshot.summaries))
    }

    /// Writes the snapshot unless the stored one is still current.
    fn write_snapshot(&self) -> Result<()> {
        let head = self.audit_head()?;
        let current = self
            .snapshot_head
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if current.as_ref() == Some(&head) {
            return Ok(());
        }
        let snapshot = QueueSnapshot {
            head,
            summary_version: SUMMARY_VERSION,
            summaries: self.scan_summaries()?,
        };
        self.meta
            .insert(META_QUEUE_SNAPSHOT, encode_compact(&snapshot)?)?;
        Ok(())
    }

    /// The summaries of one stage: a range scan of the stage index.
    pub fn queue(&self, stage: Stage) -> impl Iterator<Item = Result<Summary>> + '_ {
        self.queue.scan_prefix([stage.index_byte()]).map(|item| {
            let (key, value) = item?;
            decode_compact("queue", &key, &value)
        })
    }

    /// The history of decisions on an application (empty when none was taken).
    pub fn history(&self, id: &str) -> Result<History> {
        self.decisions.get(id.as_bytes())?.map_or_else(
            || Ok(History::default()),
            |bytes| decode_json("decisions", id.as_bytes(), &bytes),
        )
    }

    // ----- audit -----

    pub fn audit_head(&self) -> Result<AuditHead> {
        self.meta.get(META_AUDIT_HEAD)?.map_or_else(
            || Ok(AuditHead::default()),
            |bytes| decode_json("meta", META_AUDIT_HEAD, &bytes),
        )
    }

    /// Appends one entry on its own (for actions that write nothing else).
    pub fn append_audit(&self, at: DateTime<Utc>, draft: &AuditDraft) -> Result<AuditEntry> {
        let _writing = self.writing();
        let entry = self.transact_audit(at, draft)?;
        self.durable()?;
        Ok(entry)
    }

    fn transact_audit(&self, at: DateTime<Utc>, draft: &AuditDraft) -> Result<AuditEntry> {
        (&self.audit, &self.meta)
            .transaction(|(audit, meta)| append_audit(audit, meta, at, draft.clone()))
            .map_err(from_transaction)
    }

    /// Every audit entry from `from` (a sequence number) on, in order.
    pub fn audit_entries(&self, from: u64) -> impl Iterator<Item = Result<AuditEntry>> + '_ {
        self.audit.range(from.to_be_bytes()..).map(|item| {
            let (key, value) = item?;
            decode_json("audit", &key, &value)
        })
    }

    /// Raw access to the audit tree, for tests that tamper with the log.
    #[doc(hidden)]
    pub fn raw_audit_tree(&self) -> &sled::Tree {
        &self.audit
    }

    /// The shared side of the write lock, held by every write.
    fn writing(&self) -> std::sync::RwLockReadGuard<'_, ()> {
        self.writes.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn flush(&self) -> Result<()> {
        self.durable()
    }

    /// From now on, `listener` is told of every audit entry once it is on disk.
    pub fn listen(&self, listener: Listener) {
        *self
            .listener
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Some(listener);
    }

    /// Flushes, then tells the listener of the audit entries written since
    /// it was last told, in order and each once.
    fn durable(&self) -> Result<()> {
        self.db.flush()?;
        let listener = self
            .listener
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let Some(listener) = listener else {
            return Ok(());
        };
        let mut announced = self
            .announced
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let head = self.audit_head()?.seq;
        if head <= *announced {
            return Ok(());
        }
        for entry in self.audit_entries(*announced + 1) {
            let entry = entry?;
            if entry.seq > head {
                break;
            }
            listener(&entry);
        }
        *announced = head;
        Ok(())
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Err(e) = self.write_snapshot() {
            tracing::warn!("writing the queue snapshot on close failed: {e}");
        }
        if let Err(e) = self.db.flush() {
            tracing::error!("flushing the store on close failed: {e}");
        }
        owner::remove(&self.path);
    }
}

/// A key of two names: `first NUL second`. Names hold no NUL (ids and
/// login names are checked on the way in), so a prefix scan over
/// `first NUL` finds exactly the pairs that start with `first`.
fn pair_key(first: &str, second: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(first.len() + second.len() + 1);
    key.extend_from_slice(first.as_bytes());
    key.push(0);
    key.extend_from_slice(second.as_bytes());
    key
}

/// The prefix of every pair key that starts with `first`.
fn pair_prefix(first: &str) -> Vec<u8> {
    let mut prefix = first.as_bytes().to_vec();
    prefix.push(0);
    prefix
}

/// The two names of a pair key, if it is one.
fn split_pair(key: &[u8]) -> Option<(String, String)> {
    let at = key.iter().position(|&b| b == 0)?;
    let first = std::str::from_utf8(&key[..at]).ok()?;
    let second = std::str::from_utf8(&key[at + 1..]).ok()?;
    Some((first.to_owned(), second.to_owned()))
}

/// The index key of an application in its stage's queue.
fn queue_key(stage: Stage, id: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(id.len() + 1);
    key.push(stage.index_byte());
    key.extend_from_slice(id.as_bytes());
    key
}

fn read_u32(bytes: &[u8]) -> Option<u32> {
    bytes.try_into().ok().map(u32::from_be_bytes)
}

/// Turns sled's lock failure into a sentence naming the holder.
fn in_use_or(path: &Path, error: sled::Error) -> StoreError {
    let locked =
        matches!(&error, sled::Error::Io(io) if io.to_string().contains("could not acquire lock"));
    if !locked {
        return StoreError::Sled(error);
    }
    let holder = owner::read(path).map_or_else(
        || "another docket process".to_owned(),
        |owner| owner.describe(),
    );
    StoreError::InUse {
        path: path.to_owned(),
        holder,
    }
}
