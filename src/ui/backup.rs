//! `:backup FILE`: a backup of the whole store from the desk, written on
//! a thread of its own while the session goes on; its progress and then
//! its outcome show in the footer.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use crate::service::{Permission, ServiceError, require};
use crate::store::backup::{Header, Progress};

use super::app::App;
use super::audit::POLL;
use super::catalog::fill;
use super::text::clean;

#[derive(Debug)]
pub struct BackupJob {
    file: PathBuf,
    progress: Arc<Mutex<Progress>>,
    done: Receiver<Result<Header, ServiceError>>,
    /// The entries written when the footer last said so.
    shown: Option<u64>,
}

impl App {
    pub(super) fn start_backup(&mut self, file: &str) {
        if self.backup.is_some() {
            self.notice(self.catalog().backup_busy, true);
            return;
        }
        // The service checks again; asking first answers at once.
        if let Err(e) = require(&self.user, Permission::Backup) {
            self.refused(&e);
            return;
        }
        let file = PathBuf::from(file);
        let progress = Arc::new(Mutex::new(Progress::default()));
        let (done, receiver) = mpsc::channel();
        let service = Arc::clone(&self.service);
        let user = self.user.clone();
        let (target, shared) = (file.clone(), Arc::clone(&progress));
        let spawned = std::thread::Builder::new()
            .name("backup".into())
            .spawn(move || {
                let result = service.backup(&user, &target, &mut |p| {
                    *shared.lock().unwrap_or_else(PoisonError::into_inner) = p.clone();
                });
                let _ = done.send(result);
            });
        if let Err(e) = spawned {
            let reason = clean(&e.to_string()).into_owned();
            self.notice(
                &fill(self.catalog().backup_failed, &[("reason", &reason)]),
                true,
            );
            return;
        }
        self.backup = Some(BackupJob {
            file,
            progress,
            done: receiver,
            shown: None,
        });
        self.poll_at = Some(Instant::now() + POLL);
        self.show_backup_progress();
    }

    fn show_backup_progress(&mut self) {
        let Some(job) = &mut self.backup else {
            return;
        };
        let progress = job
            .progress
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if job.shown == Some(progress.entries) {
            return;
        }
        job.shown = Some(progress.entries);
        let text = fill(
            self.catalog().backup_running,
            &[
                ("tree", &clean(&progress.tree)),
                ("n", &progress.entries.to_string()),
            ],
        );
        self.notice(&text, false);
    }

    /// Shows how far the backup is, or how it ended; true while it runs.
    pub(super) fn poll_backup(&mut self) -> bool {
        let Some(job) = &self.backup else {
            return false;
        };
        let outcome = match job.done.try_recv() {
            Err(TryRecvError::Empty) => {
                self.show_backup_progress();
                return true;
            }
            Ok(outcome) => outcome,
            Err(TryRecvError::Disconnected) => {
                Err(ServiceError::NotFound("the backup ended early".into()))
            }
        };
        let file = clean(&job.file.display().to_string()).into_owned();
        self.backup = None;
        let c = self.catalog();
        match outcome {
            Ok(header) => {
                let text = fill(
                    c.backup_done,
                    &[
                        ("file", &file),
                        ("n", &header.entries.to_string()),
                        ("seq", &header.audit_head.seq.to_string()),
                    ],
                );
                self.notice(&text, false);
            }
            Err(e) => {
                let reason = clean(&e.to_string()).into_owned();
                self.notice(&fill(c.backup_failed, &[("reason", &reason)]), true);
            }
        }
        false
    }

    /// Work running on other threads: looked at every [`POLL`].
    pub(super) fn poll_jobs(&mut self, now: Instant) {
        let audit = self.poll_audit();
        let backup = self.poll_backup();
        let import = self.poll_import();
        let export = self.poll_export();
        self.poll_at = (audit || backup || import || export).then(|| now + POLL);
    }

    /// Whether a backup started from this session is still being written.
    pub fn backup_running(&self) -> bool {
        self.backup.is_some()
    }
}
