//! The sessions screen (`:who`): who is connected, how (SSH or the
//! server's own terminal), from which address and since when. It follows
//! logins and logouts as they happen.

use chrono::{DateTime, FixedOffset, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::service::{SessionInfo, Via};

use super::app::App;
use super::draw::row_of;
use super::keymap::Action;
use super::list::{self, ListCursor};
use super::text::clean;

#[derive(Debug)]
pub struct SessionsScreen {
    pub lines: Vec<SessionInfo>,
    pub cursor: ListCursor,
}

/// The body's time zone (China Standard Time), in which times are shown.
fn local(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(8 * 3600).map_or_else(|| at.fixed_offset(), |tz| at.with_timezone(&tz))
}

impl App {
    pub(super) fn open_sessions(&mut self) {
        match self.service.sessions(&self.user) {
            Ok(lines) => {
                self.sessions = Some(Box::new(SessionsScreen {
                    lines,
                    cursor: ListCursor::default(),
                }));
                self.message = None;
                self.dirty = true;
            }
            Err(e) => self.refused(&e),
        }
    }

    /// After a change elsewhere (a login, a logout): the list as it is now.
    pub(super) fn reload_sessions(&mut self) {
        let Some(screen) = &mut self.sessions else {
            return;
        };
        if let Ok(lines) = self.service.sessions(&self.user) {
            screen.cursor.clamp(lines.len());
            screen.lines = lines;
            self.dirty = true;
        }
    }

    pub(super) fn update_sessions(&mut self, action: Action) {
        let height = usize::from(list::rows_rect(self.area()).height);
        let Some(screen) = &mut self.sessions else {
            return;
        };
        match screen.cursor.apply(action, screen.lines.len(), height) {
            list::Moved::Yes => self.dirty = true,
            list::Moved::No => {}
            list::Moved::NotAMove(Action::GoBack) => {
                self.back_from(|app| app.sessions = None);
            }
            list::Moved::NotAMove(other) => self.update_common(other),
        }
    }
}

const USER: usize = 14;
const NAME: usize = 8;
const ROLE: usize = 11;
const VIA: usize = 8;
const ADDRESS: usize = 22;

pub fn draw(app: &App, buf: &mut Buffer, area: Rect, screen: &SessionsScreen) -> Vec<Rect> {
    let c = app.catalog();
    let count = screen.lines.len().to_string();
    let note = super::catalog::fill(c.sessions_count, &[("n", &count)]);
    let columns = [
        (c.col_user, USER),
        (c.col_display, NAME),
        (c.col_role, ROLE),
        (c.col_via, VIA),
        (c.col_address, ADDRESS),
        (c.col_since, 0),
    ];
    list::draw_top(app, buf, area, (c.sessions_title, &note), &columns);

    let rows = list::rows_rect(area);
    for (i, row, base) in list::visible_rows(app, buf, rows, screen.lines.len(), screen.cursor) {
        let session = &screen.lines[i];
        let via = match session.via {
            Via::Ssh => c.via_ssh,
            Via::Terminal => c.via_terminal,
        };
        let display = session.display.as_deref().unwrap_or("-");
        let cells = [
            (clean(&session.user).into_owned(), USER),
            (clean(display).into_owned(), NAME),
            (c.user_role(session.role).to_owned(), ROLE),
            (via.to_owned(), VIA),
            (clean(&session.address).into_owned(), ADDRESS),
            (local(session.since).format("%m-%d %H:%M").to_string(), 0),
        ];
        list::draw_cells(app, buf, row, &cells, base);
    }
    vec![row_of(area, 0), row_of(area, 2), rows]
}
