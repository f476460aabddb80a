//! The few symbols the screens draw, and their ASCII replacements.
//!
//! Box drawing and the ellipsis have an ambiguous width: a terminal in a
//! Chinese locale may draw them two cells wide and shift the rest of the
//! line, so `--ascii` swaps them for plain ASCII.

/// Symbols for one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyphs {
    pub ascii: bool,
    /// A horizontal rule.
    pub rule: char,
    /// A vertical separator between panes.
    pub vertical: char,
    /// Where a horizontal rule meets a vertical one.
    pub cross: char,
    /// Marks the selected row with `--lean`.
    pub arrow: char,
}

impl Glyphs {
    pub const UNICODE: Glyphs = Glyphs {
        ascii: false,
        rule: '─',
        vertical: '│',
        cross: '┼',
        arrow: '>',
    };
    pub const ASCII: Glyphs = Glyphs {
        ascii: true,
        rule: '-',
        vertical: '|',
        cross: '+',
        arrow: '>',
    };

    pub fn new(ascii: bool) -> Glyphs {
        if ascii {
            Glyphs::ASCII
        } else {
            Glyphs::UNICODE
        }
    }
}
