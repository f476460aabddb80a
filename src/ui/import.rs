//! `:import FILE`: applications from a JSON, JSON Lines or XLSX file on
//! the machine docket runs on, checked and written all or nothing on a
//! thread of its own, as `docket import` would; the footer shows how far
//! it is, then what it came to. While `docket serve` holds the store this
//! is how the secretariat imports.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::cli::{DeskImport, import_for_desk};
use crate::service::{Permission, require};

use super::app::App;
use super::audit::POLL;
use super::catalog::fill;
use super::job::{Job, Polled, report};
use super::text::clean;

impl std::fmt::Debug for DeskImport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeskImport::Imported(n) => write!(f, "imported {n}"),
            DeskImport::Refused(problems) => write!(f, "refused ({} problems)", problems.len()),
        }
    }
}

impl App {
    /// Whether an import started from this session is still running.
    pub fn import_running(&self) -> bool {
        self.import.is_some()
    }

    pub(super) fn start_import(&mut self, file: &str) {
        if self.import.is_some() {
            self.notice(self.catalog().import_busy, true);
            return;
        }
        // The service checks again; asking first answers at once.
        if let Err(e) = require(&self.user, Permission::Import) {
            self.refused(&e);
            return;
        }
        let (service, user) = (Arc::clone(&self.service), self.user.clone());
        let source = PathBuf::from(file);
        let job = Job::spawn("import", source.clone(), move |progress| {
            import_for_desk(&service, &user, &source, &mut |n, total| {
                report(progress, n, total);
            })
            .map_err(|e| format!("{e:#}"))
        });
        match job {
            Ok(job) => {
                self.import = Some(job);
                self.poll_at = Some(Instant::now() + POLL);
                self.show_import_progress((0, 0));
            }
            Err(e) => {
                let reason = clean(&e.to_string()).into_owned();
                self.notice(
                    &fill(self.catalog().import_failed, &[("reason", &reason)]),
                    true,
                );
            }
        }
    }

    fn show_import_progress(&mut self, (n, total): (usize, usize)) {
        let text = fill(
            self.catalog().import_running,
            &[("n", &n.to_string()), ("total", &total.to_string())],
        );
        self.notice(&text, false);
    }

    /// Shows how far the import is, or how it ended; true while it runs.
    pub(super) fn poll_import(&mut self) -> bool {
        let Some(job) = &mut self.import else {
            return false;
        };
        let outcome = match job.poll() {
            Polled::Running(moved) => {
                if let Some(progress) = moved {
                    self.show_import_progress(progress);
                }
                return true;
            }
            Polled::Ended(outcome) => outcome,
        };
        let file = clean(&job.file.display().to_string()).into_owned();
        self.import = None;
        let c = self.catalog();
        match outcome {
            Ok(DeskImport::Imported(n)) => {
                let text = fill(c.import_done, &[("n", &n.to_string()), ("file", &file)]);
                self.notice(&text, false);
                self.reload();
            }
            Ok(DeskImport::Refused(problems)) => {
                let first = problems
                    .first()
                    .map(|p| clean(p).into_owned())
                    .unwrap_or_default();
                let text = fill(
                    c.import_refused,
                    &[("count", &problems.len().to_string()), ("first", &first)],
                );
                self.notice(&text, true);
            }
            Err(reason) => {
                let reason = clean(&reason).into_owned();
                self.notice(&fill(c.import_failed, &[("reason", &reason)]), true);
            }
        }
        false
    }
}
