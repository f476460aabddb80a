//! `:export FILE`: the marked applications (else the rows the list shows)
//! written to a new file on the machine docket runs on, through the same
//! service call as `docket export applications`, so only the secretariat
//! may, and each export is audited. The file is written on a thread of its
//! own, its progress in the footer.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use super::app::App;
use super::audit::POLL;
use super::catalog::fill;
use super::job::{Job, Polled, report};
use super::text::clean;

impl App {
    /// Whether an export started from this session is still being written.
    pub fn export_running(&self) -> bool {
        self.export.is_some()
    }

    /// `:export FILE`: asks first, naming how many and where.
    pub(super) fn confirm_export(&mut self, file: &str) {
        if self.export.is_some() {
            self.notice(self.catalog().export_busy, true);
            return;
        }
        let ids: Vec<String> = if self.marks.is_empty() {
            self.queue
                .rows(0, self.queue.len())
                .map(|(_, s)| s.id.clone())
                .collect()
        } else {
            self.marks.iter().cloned().collect()
        };
        self.confirm = Some(super::dialog::Confirm::export(ids.len(), file));
        self.pending_export = Some((ids, file.to_owned()));
        self.dirty = true;
    }

    pub(super) fn export_confirmed(&mut self) {
        let Some((ids, file)) = self.pending_export.take() else {
            return;
        };
        let (service, user) = (Arc::clone(&self.service), self.user.clone());
        let path = PathBuf::from(&file);
        let job = Job::spawn("export", path.clone(), move |progress| {
            crate::cli::applications_file(&service, &user, &ids, &path, &mut |n, total| {
                report(progress, n, total);
            })
            .map_err(|e| format!("{e:#}"))
        });
        match job {
            Ok(job) => {
                self.export = Some(job);
                self.poll_at = Some(Instant::now() + POLL);
                self.notice(&fill(self.catalog().export_running, &[("n", "0")]), false);
            }
            Err(e) => self.notice(&clean(&e.to_string()), true),
        }
    }

    /// Shows how far the export is, or how it ended; true while it runs.
    pub(super) fn poll_export(&mut self) -> bool {
        let Some(job) = &mut self.export else {
            return false;
        };
        let outcome = match job.poll() {
            Polled::Running(moved) => {
                if let Some((n, _)) = moved {
                    let text = fill(self.catalog().export_running, &[("n", &n.to_string())]);
                    self.notice(&text, false);
                }
                return true;
            }
            Polled::Ended(outcome) => outcome,
        };
        let file = clean(&job.file.display().to_string()).into_owned();
        self.export = None;
        match outcome {
            Ok(count) => {
                let text = fill(
                    self.catalog().done_export,
                    &[("count", &count.to_string()), ("file", &file)],
                );
                self.notice(&text, false);
            }
            Err(reason) => self.notice(&clean(&reason), true),
        }
        false
    }
}
