//! The audit log screen (`:audit`, `L`): the entries newest first, read a
//! page at a time from the end of the log, with a filter by user,
//! application, action and date (`f`), and the chain's state below,
//! checked on a thread of its own. New entries come in at the top as
//! they are written.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::service::audit_query::{AuditQuery, QueryError, body_zone};
use crate::store::{AuditEntry, AuditHead, Verification};

use super::app::App;
use super::catalog::fill;
use super::draw::{Seg, put_line, row_of};
use super::keymap::Action;
use super::list::{self, ListCursor, Moved};
use super::prompt::{PromptKind, ReasonFor};
use super::text::clean;
use super::theme::StyleName as S;

/// Entries read per page.
const PAGE: usize = 200;
/// How often a session looks at work running on another thread.
pub const POLL: Duration = Duration::from_millis(100);

/// What is known of the chain.
#[derive(Debug)]
pub enum Chain {
    Checking(Receiver<Result<(Verification, AuditHead), String>>),
    /// Walked up to this head; entries written later are walked as they
    /// come in, from there.
    Checked(Verification, AuditHead),
    Failed(String),
}

#[derive(Debug)]
pub struct AuditScreen {
    pub query: AuditQuery,
    /// Newest first.
    pub entries: Vec<AuditEntry>,
    /// Where older entries resume, when there are more to read.
    pub resume_before: Option<u64>,
    pub cursor: ListCursor,
    pub chain: Chain,
}

impl AuditScreen {
    /// Whether the chain check is still running.
    pub fn checking(&self) -> bool {
        matches!(self.chain, Chain::Checking(_))
    }
}

impl App {
    pub(super) fn open_audit(&mut self) {
        let query = AuditQuery::default();
        match self.service.audit_page(&self.user, &query, None, PAGE) {
            Ok(page) => {
                let (done, receiver) = mpsc::channel();
                let service = std::sync::Arc::clone(&self.service);
                let user = self.user.clone();
                let spawned = std::thread::Builder::new()
                    .name("audit verify".into())
                    .spawn(move || {
                        let result = service
                            .verify_audit_from(&user, None)
                            .map_err(|e| e.to_string());
                        let _ = done.send(result);
                    });
                let chain = match spawned {
                    Ok(_) => Chain::Checking(receiver),
                    Err(e) => Chain::Failed(e.to_string()),
                };
                self.audit = Some(Box::new(AuditScreen {
                    query,
                    entries: page.entries,
                    resume_before: page.resume_before,
                    cursor: ListCursor::default(),
                    chain,
                }));
                self.poll_at = Some(Instant::now() + POLL);
                self.message = None;
                self.dirty = true;
            }
            Err(e) => self.refused(&e),
        }
    }

    /// The first page under a new filter.
    fn filter_audit(&mut self, query: AuditQuery) {
        match self.service.audit_page(&self.user, &query, None, PAGE) {
            Ok(page) => {
                if let Some(screen) = &mut self.audit {
                    screen.query = query;
                    screen.entries = page.entries;
                    screen.resume_before = page.resume_before;
                    screen.cursor = ListCursor::default();
                }
                self.dirty = true;
            }
            Err(e) => self.refused(&e),
        }
    }

    /// Enter on the filter prompt: a good filter applies, a bad one is
    /// named and stays in the prompt.
    pub(super) fn submit_audit_filter(&mut self, text: &str) -> bool {
        match AuditQuery::parse(text) {
            Ok(query) => {
                self.filter_audit(query);
                true
            }
            Err(e) => {
                let c = self.catalog();
                let detail = match &e {
                    QueryError::UnknownField(field) => {
                        fill(c.audit_filter_field, &[("field", &clean(field))])
                    }
                    QueryError::BadDate(text) => {
                        fill(c.audit_filter_date, &[("text", &clean(text))])
                    }
                    QueryError::Empty(field) => {
                        fill(c.audit_filter_empty, &[("field", &clean(field))])
                    }
                };
                let text = fill(c.audit_filter_bad, &[("detail", &detail)]);
                self.notice(&text, true);
                false
            }
        }
    }

    /// Reads the next older page once the cursor nears the end of those read.
    fn read_older(&mut self, height: usize) {
        let Some(screen) = &self.audit else {
            return;
        };
        let Some(before) = screen.resume_before else {
            return;
        };
        if screen.cursor.selected + height < screen.entries.len() {
            return;
        }
        let query = screen.query.clone();
        match self
            .service
            .audit_page(&self.user, &query, Some(before), PAGE)
        {
            Ok(page) => {
                if let Some(screen) = &mut self.audit {
                    screen.entries.extend(page.entries);
                    screen.resume_before = page.resume_before;
                }
                self.dirty = true;
            }
            Err(e) => self.refused(&e),
        }
    }

    /// After a write elsewhere: the entries newer than those shown come in
    /// at the top, and the selected entry stays selected.
    pub(super) fn reload_audit(&mut self) {
        let Some(screen) = &self.audit else {
            return;
        };
        let newest = screen.entries.first().map_or(0, |e| e.seq);
        let query = screen.query.clone();
        let Ok(page) = self.service.audit_page(&self.user, &query, None, PAGE) else {
            return;
        };
        let fresh: Vec<AuditEntry> = page
            .entries
            .into_iter()
            .take_while(|e| e.seq > newest)
            .collect();
        if fresh.is_empty() {
            return;
        }
        // A chain found whole is walked on over what was written since.
        let walked = match &screen.chain {
            Chain::Checked(v, head) if v.first_bad.is_none() => Some(
                self.service
                    .verify_audit_from(&self.user, Some(head))
                    .map_or_else(
                        |e| Chain::Failed(e.to_string()),
                        |(v, h)| Chain::Checked(v, h),
                    ),
            ),
            _ => None,
        };
        let height = usize::from(list::rows_rect(self.area()).height.saturating_sub(1));
        if let Some(screen) = &mut self.audit {
            if let Some(chain) = walked {
                screen.chain = chain;
            }
            let added = fresh.len();
            let at_top = screen.cursor.selected == 0;
            screen.entries.splice(0..0, fresh);
            if !at_top {
                screen.cursor.selected += added;
                screen.cursor.offset += added;
                screen.cursor.fit(height);
            }
            self.dirty = true;
        }
    }

    /// Takes the chain check's answer when it is there; true while it runs.
    pub(super) fn poll_audit(&mut self) -> bool {
        let Some(screen) = &mut self.audit else {
            return false;
        };
        let Chain::Checking(receiver) = &screen.chain else {
            return false;
        };
        let chain = match receiver.try_recv() {
            Ok(Ok((verification, head))) => Chain::Checked(verification, head),
            Ok(Err(reason)) => Chain::Failed(reason),
            Err(TryRecvError::Empty) => return true,
            Err(TryRecvError::Disconnected) => Chain::Failed("the check ended early".into()),
        };
        screen.chain = chain;
        self.dirty = true;
        false
    }

    pub(super) fn update_audit(&mut self, action: Action) {
        let height = usize::from(list::rows_rect(self.area()).height.saturating_sub(1));
        let Some(screen) = &mut self.audit else {
            return;
        };
        match screen.cursor.apply(action, screen.entries.len(), height) {
            Moved::Yes => {
                self.dirty = true;
                self.read_older(height);
            }
            Moved::No => self.read_older(height),
            Moved::NotAMove(Action::GoBack) => {
                self.back_from(|app| app.audit = None);
            }
            Moved::NotAMove(Action::FilterAudit) => {
                let text = screen.query.describe();
                self.prompt = Some(super::prompt::Prompt::new(
                    PromptKind::Reason(ReasonFor::AuditFilter),
                    &text,
                ));
                self.dirty = true;
            }
            Moved::NotAMove(other) => self.update_common(other),
        }
    }
}

/// Column widths: time, number, actor, action, target; the note takes the rest.
fn widths(area: Rect) -> [usize; 5] {
    if area.width >= 120 {
        [16, 8, 14, 24, 32]
    } else {
        [11, 6, 10, 18, 15]
    }
}

fn chain_line(app: &App, chain: &Chain) -> (String, S) {
    let c = app.catalog();
    match chain {
        Chain::Checking(_) => (c.audit_chain_checking.to_owned(), S::Muted),
        Chain::Checked(v, _) => match &v.first_bad {
            None => (
                fill(c.audit_chain_ok, &[("n", &v.verified.to_string())]),
                S::Muted,
            ),
            Some(bad) => (
                fill(
                    c.audit_chain_broken,
                    &[
                        ("seq", &bad.seq.to_string()),
                        ("reason", &clean(&bad.reason)),
                    ],
                ),
                S::Error,
            ),
        },
        Chain::Failed(reason) => (
            fill(c.audit_chain_failed, &[("reason", &clean(reason))]),
            S::Error,
        ),
    }
}

pub fn draw(app: &App, buf: &mut Buffer, area: Rect, screen: &AuditScreen) -> Vec<Rect> {
    let c = app.catalog();
    let note = if screen.query.is_empty() {
        c.audit_all.to_owned()
    } else {
        fill(
            c.audit_filter_note,
            &[("filter", &clean(&screen.query.describe()))],
        )
    };
    let w = widths(area);
    let columns = [
        (c.col_time, w[0]),
        (c.col_seq, w[1]),
        (c.col_actor, w[2]),
        (c.col_action, w[3]),
        (c.col_target, w[4]),
        (c.col_note, 0),
    ];
    list::draw_top(app, buf, area, (c.audit_title, &note), &columns);

    let all = list::rows_rect(area);
    let rows = Rect {
        height: all.height.saturating_sub(1),
        ..all
    };
    let time_format = if area.width >= 120 {
        "%Y-%m-%d %H:%M"
    } else {
        "%m-%d %H:%M"
    };
    for (i, row, base) in list::visible_rows(app, buf, rows, screen.entries.len(), screen.cursor) {
        let entry = &screen.entries[i];
        let time = entry.time.with_timezone(&body_zone());
        let cells = [
            (time.format(time_format).to_string(), w[0]),
            (entry.seq.to_string(), w[1]),
            (clean(&entry.actor).into_owned(), w[2]),
            (clean(&entry.action).into_owned(), w[3]),
            (clean(&entry.target).into_owned(), w[4]),
            (clean(&entry.note).into_owned(), 0),
        ];
        list::draw_cells(app, buf, row, &cells, base);
    }
    let shown = screen.entries.len().saturating_sub(screen.cursor.offset);
    if shown < usize::from(rows.height) {
        let below = row_of(rows, shown as u16);
        let text = if screen.entries.is_empty() {
            Some(c.audit_empty)
        } else if screen.resume_before.is_some() {
            Some(c.audit_more)
        } else {
            None
        };
        if let Some(text) = text {
            let line = [Seg::new(format!(" {text}"), S::Muted)];
            put_line(
                buf,
                below,
                &line,
                &app.theme,
                ratatui::style::Style::new(),
                app.glyphs.ascii,
            );
        }
    }
    let status = row_of(all, all.height.saturating_sub(1));
    let (text, style) = chain_line(app, &screen.chain);
    put_line(
        buf,
        status,
        &[Seg::new(format!(" {text}"), style)],
        &app.theme,
        ratatui::style::Style::new(),
        app.glyphs.ascii,
    );
    vec![row_of(area, 0), row_of(area, 2), rows, status]
}
