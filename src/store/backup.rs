//! Backups: every tree of the store in one compressed file, taken while no
//! write can land, and restored into a new store only once the file and
//! the restored audit chain check out.
//!
//! The file starts with a fixed-size header: the mark [`MAGIC`], the
//! header's length (u32, big-endian) and the header as JSON, padded with
//! spaces to [`HEADER_BYTES`]. The content follows: a gzip stream of
//! records, `T` + name for each tree, `E` + key + value for each entry
//! (lengths as u32, big-endian), `Z` at the end. The header carries the
//! content's length and SHA-256, so damage is found before anything is
//! written.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::PoisonError;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::audit::{AuditHead, hex};
use super::{META_AUDIT_HEAD, SCHEMA_VERSION, Store, StoreError, Verification};

/// The first bytes of every backup.
pub const MAGIC: &[u8; 8] = b"DOCKETBK";
/// The layout this build writes; a higher one is refused.
pub const FORMAT_VERSION: u32 = 1;
/// Where the content starts.
pub const HEADER_BYTES: u64 = 4096;
/// Entries written to the restored store at once.
const BATCH: usize = 10_000;

/// What a backup says of itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    pub schema: u32,
    pub audit_head: AuditHead,
    pub created: DateTime<Utc>,
    pub trees: u64,
    pub entries: u64,
    /// Length and SHA-256 of the compressed content after the header.
    pub content_bytes: u64,
    pub content_sha256: String,
}

/// How far a backup or restore has come.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// The tree being copied.
    pub tree: String,
    pub trees_done: u64,
    /// Every tree (known from the start).
    pub trees: u64,
    pub entries: u64,
    /// Every entry, when known (a restore knows it from the header).
    pub total_entries: Option<u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{path} already exists: choose another file name")]
    Exists { path: PathBuf },
    #[error("{path} is not a docket backup ({looks_like})")]
    Foreign {
        path: PathBuf,
        looks_like: &'static str,
    },
    #[error(
        "{path} is a backup in format {found}, newer than this docket reads (up to {supported}): restore it with a newer docket"
    )]
    NewerFormat {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error(
        "{path} holds a store of schema {found}, newer than this docket reads (up to {supported}): restore it with a newer docket"
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{path} is cut short: {have} of {want} bytes are there; the backup is incomplete")]
    Truncated { path: PathBuf, have: u64, want: u64 },
    #[error("{path} is damaged: its content does not match the checksum in its header")]
    Checksum { path: PathBuf },
    #[error("{path} is damaged: {reason}")]
    Damaged { path: PathBuf, reason: String },
    #[error("{path} is not an empty folder: restore into a new folder or an empty one")]
    TargetInUse { path: PathBuf },
    #[error("the restored audit log is broken at entry {seq}: {reason}")]
    ChainBroken { seq: u64, reason: String },
    #[error(
        "the restored audit log ends at entry {found}, but the backup's header records entry {expected}"
    )]
    HeadMismatch { expected: u64, found: u64 },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sled::Error> for BackupError {
    fn from(error: sled::Error) -> Self {
        BackupError::Store(StoreError::Sled(error))
    }
}

type Result<T, E = BackupError> = std::result::Result<T, E>;

fn io_at(path: &Path) -> impl Fn(io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_owned(),
        source,
    }
}

/// The file a backup is written to before it is complete.
pub fn partial_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

/// A writer that hashes and counts what passes through it.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn put_bytes(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    let len = u32::try_from(bytes.len()).map_err(io::Error::other)?;
    out.write_all(&len.to_be_bytes())?;
    out.write_all(bytes)
}

fn header_block(header: &Header) -> io::Result<Vec<u8>> {
    let json = serde_json::to_vec(header).map_err(io::Error::other)?;
    let mut block = Vec::with_capacity(HEADER_BYTES as usize);
    block.extend_from_slice(MAGIC);
    block.extend_from_slice(&(json.len() as u32).to_be_bytes());
    block.extend_from_slice(&json);
    if block.len() > HEADER_BYTES as usize {
        return Err(io::Error::other("the backup header is too long"));
    }
    block.resize(HEADER_BYTES as usize, b' ');
    Ok(block)
}

impl Store {
    /// Writes every tree to `file` (through `file.partial`, renamed once
    /// complete), holding the write lock so that no write lands meanwhile.
    pub fn backup(
        &self,
        file: &Path,
        at: DateTime<Utc>,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Header> {
        if file.exists() {
            return Err(BackupError::Exists {
                path: file.to_owned(),
            });
        }
        let partial = partial_path(file);
        let result = self.write_backup(&partial, at, progress);
        match result {
            Ok(header) => {
                std::fs::rename(&partial, file).map_err(io_at(file))?;
                Ok(header)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                Err(e)
            }
        }
    }

    fn write_backup(
        &self,
        partial: &Path,
        at: DateTime<Utc>,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Header> {
        let io = io_at(partial);
        let mut out = File::create(partial).map_err(&io)?;
        out.write_all(&[b' '; HEADER_BYTES as usize]).map_err(&io)?;
        let hashing = Hashing {
            inner: BufWriter::with_capacity(1 << 20, out),
            hasher: Sha256::new(),
            bytes: 0,
        };
        let mut gz = flate2::write::GzEncoder::new(hashing, flate2::Compression::fast());

        let alone = self.writes.write().unwrap_or_else(PoisonError::into_inner);
        let head = self.audit_head()?;
        let schema = self.schema_version()?;
        let mut names = self.db.tree_names();
        names.sort();
        let mut state = Progress {
            trees: names.len() as u64,
            ..Progress::default()
        };
        for name in &names {
            let tree = self.db.open_tree(name)?;
            state.tree = String::from_utf8_lossy(name).into_owned();
            progress(&state);
            gz.write_all(b"T").map_err(&io)?;
            put_bytes(&mut gz, name).map_err(&io)?;
            for item in &tree {
                let (key, value) = item?;
                gz.write_all(b"E").map_err(&io)?;
                put_bytes(&mut gz, &key).map_err(&io)?;
                put_bytes(&mut gz, &value).map_err(&io)?;
                state.entries += 1;
                if state.entries.is_multiple_of(20_000) {
                    progress(&state);
                }
            }
            state.trees_done += 1;
        }
        drop(alone);
        progress(&state);
        gz.write_all(b"Z").map_err(&io)?;
        let hashing = gz.finish().map_err(&io)?;
        let Hashing {
            inner,
            hasher,
            bytes,
        } = hashing;
        let mut out = inner.into_inner().map_err(|e| io(e.into_error()))?;
        let header = Header {
            format: FORMAT_VERSION,
            schema,
            audit_head: head,
            created: at,
            trees: state.trees,
            entries: state.entries,
            content_bytes: bytes,
            content_sha256: hex(&hasher.finalize()),
        };
        out.seek(SeekFrom::Start(0)).map_err(&io)?;
        out.write_all(&header_block(&header).map_err(&io)?)
            .map_err(&io)?;
        out.sync_all().map_err(&io)?;
        Ok(header)
    }
}

/// What the first bytes of a file that is not a backup suggest it is.
fn looks_like(start: &[u8]) -> &'static str {
    let text = start.trim_ascii_start();
    if start.is_empty() {
        "it is empty"
    } else if start.starts_with(b"\x89PNG") {
        "it is a PNG image"
    } else if start.starts_with(b"PK\x03\x04") {
        "it is a ZIP archive, e.g. a spreadsheet"
    } else if start.starts_with(&[0x1f, 0x8b]) {
        "it is a gzip file without the docket backup header"
    } else if text.starts_with(b"{") || text.starts_with(b"[") {
        "it is JSON"
    } else {
        "it does not start with the docket backup mark"
    }
}

/// Reads and checks the header: the mark, then the format, then the rest.
pub fn read_header(file: &Path) -> Result<Header> {
    let io = io_at(file);
    let mut input = File::open(file).map_err(&io)?;
    let mut block = Vec::with_capacity(HEADER_BYTES as usize);
    (&mut input)
        .take(HEADER_BYTES)
        .read_to_end(&mut block)
        .map_err(&io)?;
    if !block.starts_with(MAGIC) {
        return Err(BackupError::Foreign {
            path: file.to_owned(),
            looks_like: looks_like(&block),
        });
    }
    let length = input.metadata().map_err(&io)?.len();
    if (block.len() as u64) < HEADER_BYTES {
        return Err(BackupError::Truncated {
            path: file.to_owned(),
            have: length,
            want: HEADER_BYTES,
        });
    }
    let damaged = |reason: String| BackupError::Damaged {
        path: file.to_owned(),
        reason,
    };
    let json_len = u32::from_be_bytes([block[8], block[9], block[10], block[11]]) as usize;
    let json = block
        .get(12..12 + json_len)
        .ok_or_else(|| damaged("its header's length is out of range".into()))?;
    let value: serde_json::Value = serde_json::from_slice(json)
        .map_err(|e| damaged(format!("its header cannot be read: {e}")))?;
    let format = value
        .get("format")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| damaged("its header names no format version".into()))?;
    if format > u64::from(FORMAT_VERSION) {
        return Err(BackupError::NewerFormat {
            path: file.to_owned(),
            found: u32::try_from(format).unwrap_or(u32::MAX),
            supported: FORMAT_VERSION,
        });
    }
    let header: Header = serde_json::from_value(value)
        .map_err(|e| damaged(format!("its header cannot be read: {e}")))?;
    let want = HEADER_BYTES + header.content_bytes;
    if length < want {
        return Err(BackupError::Truncated {
            path: file.to_owned(),
            have: length,
            want,
        });
    }
    if length > want {
        return Err(damaged(format!(
            "{} bytes follow the end of its content",
            length - want
        )));
    }
    Ok(header)
}

/// Checks the content against the header's checksum.
fn check_content(file: &Path, header: &Header) -> Result<()> {
    let io = io_at(file);
    let mut input = File::open(file).map_err(&io)?;
    input.seek(SeekFrom::Start(HEADER_BYTES)).map_err(&io)?;
    let mut hashing = Hashing {
        inner: io::sink(),
        hasher: Sha256::new(),
        bytes: 0,
    };
    io::copy(&mut input.take(header.content_bytes), &mut hashing).map_err(&io)?;
    if hex(&hashing.hasher.finalize()) != header.content_sha256 {
        return Err(BackupError::Checksum {
            path: file.to_owned(),
        });
    }
    Ok(())
}

/// Removes what a failed restore created: the folder it made, or what it
/// wrote into an empty one it was given.
struct Cleanup<'a> {
    path: &'a Path,
    created: bool,
    armed: bool,
}

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        if self.created {
            let _ = std::fs::remove_dir_all(self.path);
        } else if let Ok(entries) = std::fs::read_dir(self.path) {
            for entry in entries.flatten() {
                let path = entry.path();
                let _ = if path.is_dir() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
            }
        }
    }
}

/// Whether `target` may receive a restore: missing, or an empty folder.
fn target_is_free(target: &Path) -> Result<bool> {
    match std::fs::read_dir(target) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                Err(BackupError::TargetInUse {
                    path: target.to_owned(),
                })
            } else {
                Ok(false)
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(true),
        Err(_) => Err(BackupError::TargetInUse {
            path: target.to_owned(),
        }),
    }
}

/// Restores `file` into a new store at `target` and checks its audit chain
/// against the header; on any failure, removes what it created.
pub fn restore(file: &Path, target: &Path, progress: &mut dyn FnMut(&Progress)) -> Result<Header> {
    let created = target_is_free(target)?;
    let header = read_header(file)?;
    check_content(file, &header)?;
    if header.schema > SCHEMA_VERSION {
        return Err(BackupError::NewerSchema {
            path: file.to_owned(),
            found: header.schema,
            supported: SCHEMA_VERSION,
        });
    }
    let mut cleanup = Cleanup {
        path: target,
        created,
        armed: true,
    };
    std::fs::create_dir_all(target).map_err(io_at(target))?;
    let db = sled::Config::new()
        .path(target)
        .mode(sled::Mode::HighThroughput)
        .open()?;
    write_trees(file, &header, &db, progress)?;
    db.flush()?;
    let verification = verify_restored(&db)?;
    drop(db);
    if let Some(bad) = verification.0.first_bad {
        return Err(BackupError::ChainBroken {
            seq: bad.seq,
            reason: bad.reason,
        });
    }
    if verification.1 != header.audit_head {
        return Err(BackupError::HeadMismatch {
            expected: header.audit_head.seq,
            found: verification.1.seq,
        });
    }
    cleanup.armed = false;
    Ok(header)
}

fn verify_restored(db: &sled::Db) -> Result<(Verification, AuditHead)> {
    let meta = db.open_tree("meta")?;
    let head: AuditHead = match meta.get(META_AUDIT_HEAD)? {
        Some(bytes) => super::codec::decode_json("meta", META_AUDIT_HEAD, &bytes)?,
        None => AuditHead::default(),
    };
    let audit = db.open_tree("audit")?;
    Ok((super::audit_read::verify_tree(&audit, None, &head)?, head))
}

fn write_trees(
    file: &Path,
    header: &Header,
    db: &sled::Db,
    progress: &mut dyn FnMut(&Progress),
) -> Result<()> {
    let io = io_at(file);
    let damaged = |reason: &str| BackupError::Damaged {
        path: file.to_owned(),
        reason: reason.to_owned(),
    };
    let mut input = File::open(file).map_err(&io)?;
    input.seek(SeekFrom::Start(HEADER_BYTES)).map_err(&io)?;
    let mut content = flate2::read::GzDecoder::new(BufReader::with_capacity(
        1 << 20,
        input.take(header.content_bytes),
    ));
    let mut state = Progress {
        trees: header.trees,
        total_entries: Some(header.entries),
        ..Progress::default()
    };
    let mut tree: Option<sled::Tree> = None;
    let mut batch = sled::Batch::default();
    let mut pending = 0;
    loop {
        let mut tag = [0u8];
        content
            .read_exact(&mut tag)
            .map_err(|_| damaged("its content ends early"))?;
        if matches!(tag[0], b'T' | b'Z')
            && let Some(tree) = &tree
        {
            tree.apply_batch(std::mem::take(&mut batch))?;
            pending = 0;
            state.trees_done += 1;
        }
        match tag[0] {
            b'T' => {
                let name = take_bytes(&mut content).map_err(|_| damaged("a tree name is cut"))?;
                state.tree = String::from_utf8_lossy(&name).into_owned();
                progress(&state);
                tree = Some(db.open_tree(name)?);
            }
            b'E' => {
                let Some(tree) = &tree else {
                    return Err(damaged("an entry comes before any tree"));
                };
                let key = take_bytes(&mut content).map_err(|_| damaged("an entry is cut"))?;
                let value = take_bytes(&mut content).map_err(|_| damaged("an entry is cut"))?;
                batch.insert(key, value);
                pending += 1;
                state.entries += 1;
                if pending >= BATCH {
                    tree.apply_batch(std::mem::take(&mut batch))?;
                    pending = 0;
                    progress(&state);
                }
            }
            b'Z' => break,
            _ => return Err(damaged("its content holds an unknown record")),
        }
    }
    progress(&state);
    if state.entries != header.entries || state.trees_done != header.trees {
        return Err(damaged(&format!(
            "it holds {} entries in {} trees, but its header says {} in {}",
            state.entries, state.trees_done, header.entries, header.trees
        )));
    }
    Ok(())
}

fn take_bytes(input: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut len = [0u8; 4];
    input.read_exact(&mut len)?;
    let len = u32::from_be_bytes(len) as usize;
    let mut bytes = Vec::new();
    input.take(len as u64).read_to_end(&mut bytes)?;
    if bytes.len() == len {
        Ok(bytes)
    } else {
        Err(io::ErrorKind::UnexpectedEof.into())
    }
}
