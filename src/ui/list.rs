//! A cursor over a plain list screen (ranking, sessions): the movement
//! keys, the scroll offset that keeps the selection in view, and the
//! selected row's look.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::app::App;
use super::draw::{Seg, put, put_line, row_of, rule};
use super::keymap::Action;
use super::text;
use super::theme::StyleName as S;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCursor {
    pub selected: usize,
    pub offset: usize,
}

/// What a key did to the cursor.
#[derive(Debug, PartialEq, Eq)]
pub enum Moved {
    Yes,
    No,
    /// The action is not a movement; the screen handles it.
    NotAMove(Action),
}

/// A movement over text `lines` long shown `height` lines at a time from
/// line `top`: the new first line, or the action when it is not a movement.
pub fn scroll(top: usize, action: Action, lines: usize, height: usize) -> Result<usize, Action> {
    let last = lines.saturating_sub(height);
    let top = match action {
        Action::MoveDown => top + 1,
        Action::MoveUp => top.saturating_sub(1),
        Action::PageDown => top + height,
        Action::PageUp => top.saturating_sub(height),
        Action::MoveTop => 0,
        Action::MoveBottom => last,
        other => return Err(other),
    };
    Ok(top.min(last))
}

impl App {
    /// `Esc` on a screen over another: dismisses the message showing, if
    /// one does, else closes the screen with `close`.
    pub(super) fn back_from(&mut self, close: fn(&mut App)) {
        if self.message.take().is_none() {
            close(self);
        }
        self.dirty = true;
    }

    /// Applies a scroll to a screen of text: its new first line, `Esc`
    /// closing it (or the message over it first), or another action.
    pub(super) fn scroll_text(
        &mut self,
        outcome: Result<usize, Action>,
        top: fn(&mut App) -> Option<&mut usize>,
        close: fn(&mut App),
    ) {
        match outcome {
            Ok(line) => {
                if let Some(current) = top(self)
                    && *current != line
                {
                    *current = line;
                    self.dirty = true;
                }
            }
            Err(Action::GoBack) => self.back_from(close),
            Err(other) => self.update_common(other),
        }
    }
}

impl ListCursor {
    /// Applies a movement over `len` rows of which `height` show.
    pub fn apply(&mut self, action: Action, len: usize, height: usize) -> Moved {
        let last = len.saturating_sub(1);
        let height = height.max(1);
        let before = *self;
        match action {
            Action::MoveDown => self.selected = (self.selected + 1).min(last),
            Action::MoveUp => self.selected = self.selected.saturating_sub(1),
            Action::PageDown => self.selected = (self.selected + height).min(last),
            Action::PageUp => self.selected = self.selected.saturating_sub(height),
            Action::MoveTop => self.selected = 0,
            Action::MoveBottom => self.selected = last,
            other => return Moved::NotAMove(other),
        }
        self.fit(height);
        if *self == before {
            Moved::No
        } else {
            Moved::Yes
        }
    }

    /// Scrolls just enough for the selection to show in `height` rows.
    pub fn fit(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
    }

    /// Keeps the selection inside a list that now has `len` rows.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }
}

/// Paints the selected row (reverse video, or an arrow with `--lean`) and
/// returns the style its cells take.
pub fn row_base(app: &App, buf: &mut Buffer, row: Rect, selected: bool) -> Style {
    let theme = &app.theme;
    if selected && app.lean {
        put(
            buf,
            row,
            row.x,
            row.y,
            &app.glyphs.arrow.to_string(),
            1,
            theme.style(S::Cursor),
        );
    }
    if selected && !app.lean {
        super::draw::fill(buf, row, theme.style(S::Selected));
        theme.style(S::Selected)
    } else {
        Style::new()
    }
}

/// The rows below a list screen's title, rule and column header.
pub fn rows_rect(area: Rect) -> Rect {
    Rect::new(
        area.x,
        area.y + 3,
        area.width,
        area.height.saturating_sub(4),
    )
}

/// A list screen's top: the title with a muted note, a rule, then the
/// column titles, each in its width (0: what is left).
pub fn draw_top(
    app: &App,
    buf: &mut Buffer,
    area: Rect,
    (title, note): (&str, &str),
    columns: &[(&str, usize)],
) {
    draw_title(app, buf, area, (title, note));
    let head = row_of(area, 2);
    let header: Vec<(String, usize)> = columns.iter().map(|(t, w)| ((*t).to_owned(), *w)).collect();
    draw_cells(app, buf, head, &header, app.theme.style(S::Header));
}

/// A screen's title with a muted note, and the rule under it.
pub fn draw_title(app: &App, buf: &mut Buffer, area: Rect, (title, note): (&str, &str)) {
    let theme = &app.theme;
    let line = [
        Seg::new(format!(" {title}"), S::Title),
        Seg::new(format!("  {note}"), S::Muted),
    ];
    put_line(
        buf,
        row_of(area, 0),
        &line,
        theme,
        Style::new(),
        app.glyphs.ascii,
    );
    rule(
        buf,
        row_of(area, 1),
        app.glyphs.rule,
        theme.style(S::Border),
    );
}

/// One row's cells from its second column, each cut to its width (a width
/// of 0 runs to the row's end); returns where the row's text ends.
pub fn draw_cells(
    app: &App,
    buf: &mut Buffer,
    row: Rect,
    cells: &[(String, usize)],
    style: Style,
) -> u16 {
    let mut x = row.x + 1;
    for (cell, width) in cells {
        let width = match *width {
            0 => usize::from(row.right().saturating_sub(x)),
            width => width,
        };
        put(
            buf,
            row,
            x,
            row.y,
            &text::truncate(cell, width, app.glyphs.ascii),
            width,
            style,
        );
        x += width as u16 + 1;
    }
    x
}

/// The rows of a list screen that show, as (index, line, style of its
/// cells), with the selected row already marked.
pub fn visible_rows(
    app: &App,
    buf: &mut Buffer,
    list: Rect,
    len: usize,
    cursor: ListCursor,
) -> Vec<(usize, Rect, Style)> {
    let end = len.min(cursor.offset + usize::from(list.height));
    (cursor.offset..end)
        .map(|i| {
            let row = Rect {
                y: list.y + (i - cursor.offset) as u16,
                height: 1,
                ..list
            };
            (i, row, row_base(app, buf, row, i == cursor.selected))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_stays_in_the_list_and_the_view_follows_it() {
        let mut cursor = ListCursor::default();
        assert_eq!(cursor.apply(Action::MoveUp, 10, 4), Moved::No);
        assert_eq!(cursor.apply(Action::PageDown, 10, 4), Moved::Yes);
        assert_eq!(
            cursor,
            ListCursor {
                selected: 4,
                offset: 1
            }
        );
        cursor.apply(Action::MoveBottom, 10, 4);
        assert_eq!(
            cursor,
            ListCursor {
                selected: 9,
                offset: 6
            }
        );
        assert_eq!(cursor.apply(Action::MoveDown, 10, 4), Moved::No);
        cursor.apply(Action::MoveTop, 10, 4);
        assert_eq!(
            cursor,
            ListCursor {
                selected: 0,
                offset: 0
            }
        );
        assert_eq!(
            cursor.apply(Action::GoBack, 10, 4),
            Moved::NotAMove(Action::GoBack)
        );
        cursor.apply(Action::MoveBottom, 10, 4);
        cursor.clamp(3);
        assert_eq!(
            cursor,
            ListCursor {
                selected: 2,
                offset: 2
            }
        );
        cursor.clamp(0);
        assert_eq!(
            cursor,
            ListCursor {
                selected: 0,
                offset: 0
            }
        );
    }
}
