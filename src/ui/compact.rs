//! Fewer bytes per frame for CJK text.
//!
//! ratatui's crossterm backend moves the cursor before every cell that does
//! not directly follow the previous one, and after a wide character the
//! next cell is two columns on: so each Chinese character costs a cursor
//! move (about 8 bytes) on top of its own 3, and every gap between columns
//! another move. This pass runs over the finished frame and joins each run
//! of same-styled cells on a row into its first cell, marked with its width
//! ([`CellDiffOption::ForcedWidth`]), so the run is printed in one piece and
//! compared as one piece by the next frame's diff.
//!
//! The cells under a run keep their own content, so the diff of the next
//! frame still sees what the terminal shows at every column. A run ends at
//! a character of ambiguous width (a Chinese-locale terminal may draw it
//! wider and would shift the rest of the run), and never takes in a
//! control character, or
//! more than [`MAX_GAP`] blank cells in a row (blank cells are free when
//! skipped, and a long gap would make every change resend the whole row).

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

use super::text;

/// The most blank cells a run bridges; a cursor move costs about as much.
pub const MAX_GAP: u16 = 7;

pub fn merge_runs(buf: &mut Buffer, area: Rect) {
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        merge_row(buf, y, area.left(), area.right());
    }
}

/// A cell a run may take in.
fn is_safe(cell: &Cell) -> bool {
    cell.diff_option == CellDiffOption::None
        && !cell.symbol().is_empty()
        && !cell
            .symbol()
            .chars()
            .any(|c| c.is_control() || c == '\u{fe0f}')
}

/// A character a terminal may draw wider than counted: it may end a run
/// (what follows the run is placed by a cursor move anyway) but never
/// stand inside one, where it would shift the rest.
fn is_ambiguous(cell: &Cell) -> bool {
    cell.symbol().chars().any(text::is_ambiguous)
}

fn is_blank(cell: &Cell) -> bool {
    cell.symbol() == " "
}

/// Whether a blank cell with this style shows anything (so sending it is
/// needed anyway, and bridging any number of them costs nothing extra).
fn blank_is_visible(cell: &Cell) -> bool {
    cell.bg != Color::Reset
        || cell
            .modifier
            .intersects(Modifier::REVERSED | Modifier::UNDERLINED | Modifier::CROSSED_OUT)
}

fn same_style(a: &Cell, b: &Cell) -> bool {
    a.fg == b.fg && a.bg == b.bg && a.modifier == b.modifier
}

fn width_of(cell: &Cell) -> u16 {
    cell.cell_width().max(1)
}

fn merge_row(buf: &mut Buffer, y: u16, left: u16, right: u16) {
    let mut x = left;
    while x < right {
        let start = &buf[(x, y)];
        if !is_safe(start) || is_blank(start) || is_ambiguous(start) {
            x = x.saturating_add(width_of(start));
            continue;
        }
        let (end, worth) = run_end(buf, y, x, right);
        if worth {
            join(buf, y, x, end);
        }
        x = end.max(x + 1);
    }
}

/// Where the run starting at `start` ends (exclusive), and whether joining
/// it saves a cursor move: the backend moves the cursor before a cell that
/// does not follow the last one it printed, that is after a wide character
/// or after blanks it skipped.
fn run_end(buf: &Buffer, y: u16, start: u16, right: u16) -> (u16, bool) {
    let first = &buf[(start, y)];
    let visible_blanks = blank_is_visible(first);
    let mut x = start;
    let mut end = start;
    let mut jumps = false;
    let mut gap = 0;
    let mut previous_width = 0;
    while x < right {
        let cell = &buf[(x, y)];
        let width = width_of(cell);
        if !is_safe(cell) || !same_style(cell, first) || x.saturating_add(width) > right {
            break;
        }
        if is_blank(cell) && !visible_blanks {
            gap += 1;
            if gap > MAX_GAP {
                break;
            }
            x += 1;
            continue;
        }
        jumps |= x > start && (gap > 0 || previous_width > 1);
        gap = 0;
        previous_width = width;
        x += width;
        end = x;
        if is_ambiguous(cell) {
            break;
        }
    }
    (end, jumps)
}

fn join(buf: &mut Buffer, y: u16, start: u16, end: u16) {
    let mut symbol = String::new();
    let mut x = start;
    while x < end {
        let cell = &buf[(x, y)];
        symbol.push_str(cell.symbol());
        x += width_of(cell);
    }
    let Some(width) = NonZeroU16::new(end - start) else {
        return;
    };
    let cell = &mut buf[(start, y)];
    cell.set_symbol(&symbol);
    cell.set_diff_option(CellDiffOption::ForcedWidth(width));
}

#[cfg(test)]
mod tests {
    use ratatui::style::Style;

    use super::*;

    fn row(text: &str, width: u16) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, width, 1));
        buf.set_stringn(0, 0, text, usize::from(width), Style::new());
        buf
    }

    #[test]
    fn a_run_of_cjk_joins_into_its_first_cell() {
        let mut buf = row("杭州市 ab", 12);
        let area = buf.area;
        merge_runs(&mut buf, area);
        assert_eq!(buf[(0, 0)].symbol(), "杭州市 ab");
        assert_eq!(
            buf[(0, 0)].diff_option,
            CellDiffOption::ForcedWidth(NonZeroU16::new(9).unwrap())
        );
        // The cells underneath keep what the terminal shows there.
        assert_eq!(buf[(2, 0)].symbol(), "州");
    }

    #[test]
    fn plain_ascii_is_left_alone() {
        let mut buf = row("2024-ZJ-J-0001", 20);
        let area = buf.area;
        merge_runs(&mut buf, area);
        assert_eq!(buf[(0, 0)].symbol(), "2");
        assert_eq!(buf[(0, 0)].diff_option, CellDiffOption::None);
    }

    #[test]
    fn long_gaps_and_ambiguous_characters_end_a_run() {
        let mut buf = row("科技        辅导", 20);
        let area = buf.area;
        merge_runs(&mut buf, area);
        assert_eq!(buf[(0, 0)].symbol(), "科技");
        assert_eq!(buf[(12, 0)].symbol(), "辅导");

        let mut buf = row("科技…辅导", 20);
        let area = buf.area;
        merge_runs(&mut buf, area);
        assert_eq!(buf[(0, 0)].symbol(), "科技…");
        assert_eq!(buf[(5, 0)].symbol(), "辅导");
    }

    #[test]
    fn styles_split_runs() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 1));
        buf.set_stringn(0, 0, "姓名", 4, Style::new().add_modifier(Modifier::DIM));
        buf.set_stringn(5, 0, "陈静怡", 6, Style::new());
        let area = buf.area;
        merge_runs(&mut buf, area);
        assert_eq!(buf[(0, 0)].symbol(), "姓名");
        assert_eq!(buf[(5, 0)].symbol(), "陈静怡");
    }
}
