//! Small drawing helpers over ratatui's buffer: styled segments of text
//! put at a position, clipped to an area, never outside the buffer.
//!
//! The screens write text straight into the buffer rather than through
//! bordered widgets: a sparse screen is what keeps frames small on slow
//! links, and blank cells cost nothing to send.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::text;
use super::theme::{StyleName, Theme};

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seg {
    pub text: String,
    pub style: StyleName,
}

impl Seg {
    pub fn new(text: impl Into<String>, style: StyleName) -> Seg {
        Seg {
            text: text.into(),
            style,
        }
    }

    pub fn plain(text: impl Into<String>) -> Seg {
        Seg::new(text, StyleName::Text)
    }
}

/// One line of segments.
pub type TextLine = Vec<Seg>;

/// Display width of a line.
pub fn line_width(line: &[Seg]) -> usize {
    line.iter().map(|s| text::width(&s.text)).sum()
}

/// Writes `text` at (x, y), at most `max` cells and never past `clip`.
/// Returns the column after the last cell written.
pub fn put(
    buf: &mut Buffer,
    clip: Rect,
    x: u16,
    y: u16,
    text: &str,
    max: usize,
    style: Style,
) -> u16 {
    let clip = clip.intersection(buf.area);
    if y < clip.y || y >= clip.bottom() || x < clip.x || x >= clip.right() {
        return x;
    }
    let room = usize::from(clip.right() - x).min(max);
    buf.set_stringn(x, y, text, room, style).0
}

/// Writes a line of segments from the left of `row` (its first line), each
/// segment's style laid over `base`; a line too long for the row ends in an
/// ellipsis. Returns the column after the line.
pub fn put_line(
    buf: &mut Buffer,
    row: Rect,
    line: &[Seg],
    theme: &Theme,
    base: Style,
    ascii: bool,
) -> u16 {
    let fits = line_width(line) <= usize::from(row.width);
    let mut x = row.x;
    for seg in line {
        let room = usize::from(row.right().saturating_sub(x));
        if room == 0 {
            break;
        }
        let style = base.patch(theme.style(seg.style));
        if fits || text::width(&seg.text) < room {
            x = put(buf, row, x, row.y, &seg.text, room, style);
        } else {
            let cut = text::truncate(&seg.text, room, ascii);
            x = put(buf, row, x, row.y, &cut, room, style);
            break;
        }
    }
    x
}

/// Fills a row of `row` with `style` (for a highlighted row): spaces first,
/// so the style covers the whole width.
pub fn fill(buf: &mut Buffer, row: Rect, style: Style) {
    let area = row.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    buf.set_style(Rect { height: 1, ..area }, style);
}

/// A horizontal rule across `row`.
pub fn rule(buf: &mut Buffer, row: Rect, glyph: char, style: Style) {
    let width = usize::from(row.width);
    let line: String = std::iter::repeat_n(glyph, width).collect();
    put(buf, row, row.x, row.y, &line, width, style);
}

/// The first line of `area`, or an empty rect.
pub fn row_of(area: Rect, index: u16) -> Rect {
    if index >= area.height {
        return Rect { height: 0, ..area };
    }
    Rect {
        y: area.y + index,
        height: 1,
        ..area
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_never_writes_outside_the_buffer() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        let area = buf.area;
        assert_eq!(put(&mut buf, area, 9, 9, "x", 5, Style::new()), 9);
        assert_eq!(put(&mut buf, area, 2, 0, "科技", 5, Style::new()), 4);
        assert_eq!(buf[(2, 0)].symbol(), "科");
        assert_eq!(
            put(&mut buf, Rect::new(0, 0, 0, 0), 0, 0, "x", 5, Style::new()),
            0
        );
    }

    #[test]
    fn a_wide_character_that_does_not_fit_is_left_out() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 3, 1));
        let area = buf.area;
        assert_eq!(put(&mut buf, area, 0, 0, "a科技", 9, Style::new()), 3);
        assert_eq!(buf[(1, 0)].symbol(), "科");
        assert_eq!(put(&mut buf, area, 2, 0, "技", 9, Style::new()), 2);
    }
}
