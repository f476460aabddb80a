//! The sessions screen (`:who`): who is connected, how (SSH or the
//! server's own terminal), from which address and since when. It follows
//! logins and logouts as they happen.

use chrono::{DateTime, FixedOffset, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::service::{SessionInfo, Via};

use super::app::App;
use super::draw::{Seg, put, put_line, row_of, rule};
use super::keymap::Action;
use super::list::{self, ListCursor};
use super::text::{self, clean};
use super::theme::StyleName as S;

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
        let height = usize::from(list_rect(self.area()).height);
        let Some(screen) = &mut self.sessions else {
            return;
        };
        match screen.cursor.apply(action, screen.lines.len(), height) {
            list::Moved::Yes => self.dirty = true,
            list::Moved::No => {}
            list::Moved::NotAMove(Action::GoBack) => {
                if self.message.take().is_none() {
                    self.sessions = None;
                }
                self.dirty = true;
            }
            list::Moved::NotAMove(other) => self.update_common(other),
        }
    }
}

fn list_rect(area: Rect) -> Rect {
    Rect::new(
        area.x,
        area.y + 3,
        area.width,
        area.height.saturating_sub(4),
    )
}

const USER: usize = 14;
const NAME: usize = 8;
const ROLE: usize = 11;
const VIA: usize = 8;
const ADDRESS: usize = 22;

pub fn draw(app: &App, buf: &mut Buffer, area: Rect, screen: &SessionsScreen) -> Vec<Rect> {
    let c = app.catalog();
    let theme = &app.theme;
    let ascii = app.glyphs.ascii;
    let count = screen.lines.len().to_string();
    let title = vec![
        Seg::new(format!(" {}", c.sessions_title), S::Title),
        Seg::new(
            format!(
                "  {}",
                super::catalog::fill(c.sessions_count, &[("n", &count)])
            ),
            S::Muted,
        ),
    ];
    put_line(buf, row_of(area, 0), &title, theme, Style::new(), ascii);
    rule(
        buf,
        row_of(area, 1),
        app.glyphs.rule,
        theme.style(S::Border),
    );

    let head = row_of(area, 2);
    let columns = [
        (c.col_user, USER),
        (c.col_display, NAME),
        (c.col_role, ROLE),
        (c.col_via, VIA),
        (c.col_address, ADDRESS),
    ];
    let mut x = head.x + 1;
    for (title, width) in columns {
        put(buf, head, x, head.y, title, width, theme.style(S::Header));
        x += width as u16 + 1;
    }
    put(
        buf,
        head,
        x,
        head.y,
        c.col_since,
        usize::MAX,
        theme.style(S::Header),
    );

    let list = list_rect(area);
    let rows = usize::from(list.height);
    let offset = screen.cursor.offset;
    for (i, session) in screen.lines.iter().enumerate().skip(offset).take(rows) {
        let y = list.y + (i - offset) as u16;
        let row = Rect {
            y,
            height: 1,
            ..list
        };
        let selected = i == screen.cursor.selected;
        let base = list::row_base(app, buf, row, selected);
        let via = match session.via {
            Via::Ssh => c.via_ssh,
            Via::Terminal => c.via_terminal,
        };
        let cells = [
            (clean(&session.user).into_owned(), USER),
            (
                clean(session.display.as_deref().unwrap_or("-")).into_owned(),
                NAME,
            ),
            (c.user_role(session.role).to_owned(), ROLE),
            (via.to_owned(), VIA),
            (clean(&session.address).into_owned(), ADDRESS),
        ];
        let mut x = row.x + 1;
        for (cell, width) in cells {
            put(
                buf,
                row,
                x,
                y,
                &text::truncate(&cell, width, ascii),
                width,
                base,
            );
            x += width as u16 + 1;
        }
        let since = local(session.since).format("%m-%d %H:%M").to_string();
        put(buf, row, x, y, &since, usize::MAX, base);
    }
    vec![row_of(area, 0), head, list]
}
