//! `:export FILE`: the marked applications (else the rows the list shows)
//! written to a new file on the machine docket runs on, through the same
//! service call as `docket export applications`, so only the secretariat
//! may, and each export is audited.

use super::app::App;
use super::catalog::fill;

impl App {
    /// `:export FILE`: the marked applications, else the rows the list
    /// shows, after a confirmation naming how many and where.
    pub(super) fn confirm_export(&mut self, file: &str) {
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
        let path = std::path::Path::new(&file);
        match crate::cli::applications_file(&self.service, &self.user, &ids, path) {
            Ok(count) => {
                let text = fill(
                    self.catalog().done_export,
                    &[("count", &count.to_string()), ("file", &file)],
                );
                self.notice(&text, false);
            }
            Err(e) => {
                let text = super::text::clean(&format!("{e:#}")).into_owned();
                self.notice(&text, true);
            }
        }
    }
}
