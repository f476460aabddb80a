//! A cursor over a plain list screen (ranking, sessions): the movement
//! keys, the scroll offset that keeps the selection in view, and the
//! selected row's look.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::app::App;
use super::draw::put;
use super::keymap::Action;
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
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        if *self == before {
            Moved::No
        } else {
            Moved::Yes
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
