//! Text from data made safe and measured for the screen.
//!
//! Every string that comes from an application (names, organizations,
//! titles, file names, ids, the statement) passes through [`clean`] or
//! [`clean_multiline`] before it is drawn: control characters, whole escape
//! sequences, bidirectional controls and invisible format characters go,
//! so a hostile record can neither drive the terminal nor reorder what the
//! reviewer reads. Widths are display widths (a CJK character takes two
//! cells) and nothing here ever splits a character.

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

/// The one-line form of `text`: controls, escape sequences and invisible
/// characters removed; tabs, newlines and line separators become spaces.
pub fn clean(text: &str) -> Cow<'_, str> {
    clean_with(text, false)
}

/// Like [`clean`], but keeps line breaks (as `\n`), for the statement.
pub fn clean_multiline(text: &str) -> Cow<'_, str> {
    clean_with(text, true)
}

fn clean_with(text: &str, multiline: bool) -> Cow<'_, str> {
    if !text.chars().any(needs_cleaning) {
        return Cow::Borrowed(text);
    }

    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // 8-bit CSI and the 8-bit string introducers (DCS, SOS, OSC, PM, APC).
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => {
                out.push(if multiline { '\n' } else { ' ' });
            }
            '\t' => out.push(' '),
            c if is_removed(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_cleaning(c: char) -> bool {
    c.is_control() || is_removed(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Characters dropped outright: controls (C0, DEL, C1), bidirectional
/// controls, zero-width and other invisible format characters, the BOM,
/// variation selectors (they change a character's width unpredictably) and
/// tag characters.
fn is_removed(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{061c}'
                | '\u{00ad}'
                | '\u{180e}'
                | '\u{feff}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

/// Skips what follows an ESC: a CSI, a string (OSC, DCS, SOS, PM, APC) up
/// to its terminator, or a two-character (or intermediate) sequence.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            // Intermediate bytes, then one final byte.
            while chars
                .next_if(|c| ('\u{20}'..='\u{2f}').contains(c))
                .is_some()
            {}
            chars.next_if(|c| ('\u{30}'..='\u{7e}').contains(c));
        }
        Some(c) if ('\u{30}'..='\u{7e}').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
}

/// Parameters and intermediates up to and including the final byte.
/// A character outside the sequence's alphabet ends it without being eaten.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{20}'..='\u{3f}' => {
                chars.next();
            }
            '\u{40}'..='\u{7e}' => {
                chars.next();
                return;
            }
            _ => return,
        }
    }
}

/// A control string runs to BEL, ST (ESC \ or U+009C), or the end of the text.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

/// Display width of one character, as the screen counts it.
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Display width of clean text.
pub fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// Whether a character's width differs between Western and East Asian
/// terminals (U+2026 `…`, box drawing, curly quotes ...).
pub fn is_ambiguous(c: char) -> bool {
    c.width() != c.width_cjk()
}

/// The ellipsis that ends cut text.
pub fn ellipsis(ascii: bool) -> char {
    if ascii { '~' } else { '…' }
}

/// `text` cut to at most `width` cells, ending in an ellipsis when cut, and
/// padded with spaces to exactly `width` cells. Stops reading as soon as the
/// width is used up, so a huge string costs no more than a short one.
pub fn fit(text: &str, width: usize, ascii: bool) -> String {
    let mut out = truncate(text, width, ascii);
    let used = self::width(&out);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// `text` cut to at most `width` cells with an ellipsis when cut; not padded.
pub fn truncate(text: &str, width: usize, ascii: bool) -> String {
    let mut out = String::new();
    let mut used = 0;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        let w = char_width(c);
        if used + w > width {
            return cut(out, used, width, ascii);
        }
        out.push(c);
        used += w;
        if used == width {
            // Full: the text fits only if nothing visible follows.
            return if chars.any(|c| char_width(c) > 0) {
                cut(out, used, width, ascii)
            } else {
                out
            };
        }
    }
    out
}

/// Removes characters from the end of `out` until the ellipsis fits.
fn cut(mut out: String, mut used: usize, width: usize, ascii: bool) -> String {
    if width == 0 {
        return String::new();
    }
    while used + 1 > width {
        match out.pop() {
            Some(c) => used -= char_width(c),
            None => break,
        }
    }
    out.push(ellipsis(ascii));
    out
}

/// Splits clean one-line text into lines of at most `width` cells. Breaks
/// anywhere in CJK text; in Latin text it prefers the last space.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if width == 0 {
        return lines;
    }
    let mut line = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w > width && !line.is_empty() {
            let carry = split_at_space(&mut line, c);
            let kept = line.trim_end_matches(' ').len();
            line.truncate(kept);
            lines.push(std::mem::take(&mut line));
            line = carry;
            used = self::width(&line);
            if c == ' ' && line.is_empty() {
                continue;
            }
        }
        line.push(c);
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// When a Latin word is being broken, moves it to the next line if the line
/// has an earlier space to break at. Returns what moves.
fn split_at_space(line: &mut String, next: char) -> String {
    let in_word = next.is_ascii_alphanumeric()
        && line
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if !in_word {
        return String::new();
    }
    match line.rfind(' ') {
        Some(at) if at > 0 => {
            let carry = line[at + 1..].to_owned();
            line.truncate(at);
            carry
        }
        _ => String::new(),
    }
}

/// Like [`wrap`], but at most `max_lines` lines; cut text ends in an ellipsis.
pub fn wrap_limited(text: &str, width: usize, max_lines: usize, ascii: bool) -> Vec<String> {
    let mut lines = wrap(text, width);
    if lines.len() > max_lines && max_lines > 0 {
        let rest = lines[max_lines - 1..].concat();
        lines.truncate(max_lines - 1);
        lines.push(truncate(&rest, width, ascii));
    }
    lines.truncate(max_lines);
    lines
}

/// Wraps multi-line text: each line of `text` wrapped to `width`.
pub fn wrap_multiline(text: &str, width: usize) -> Vec<String> {
    text.split('\n')
        .flat_map(|line| wrap(line, width))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(clean("浙江省杭州市 No. 1"), Cow::Borrowed(_)));
    }

    #[test]
    fn csi_sequences_go_whole() {
        assert_eq!(clean("\u{1b}[31m红\u{1b}[0m"), "红");
        assert_eq!(clean("a\u{1b}[1;31;42mb"), "ab");
        assert_eq!(clean("\u{9b}2Jx"), "x");
    }

    #[test]
    fn osc_sequences_go_whole() {
        assert_eq!(clean("\u{1b}]0;pwn\u{7}x"), "x");
        assert_eq!(
            clean("\u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\"),
            "link"
        );
        assert_eq!(clean("a\u{1b}]0;never ends"), "a");
        assert_eq!(clean("\u{1b}P1$r\u{1b}\\ok"), "ok");
    }

    #[test]
    fn other_escapes_and_a_lone_esc_go() {
        assert_eq!(clean("a\u{1b}7b\u{1b}(Bc"), "abc");
        assert_eq!(clean("end\u{1b}"), "end");
    }

    #[test]
    fn bidi_controls_go() {
        assert_eq!(clean("a\u{202e}b"), "ab");
        assert_eq!(clean("\u{2066}x\u{2069}\u{200e}\u{200f}\u{61c}y"), "xy");
        assert_eq!(clean("E2-获奖证书\u{202e}fdp.exe"), "E2-获奖证书fdp.exe");
    }

    #[test]
    fn controls_go_and_line_breaks_become_spaces() {
        assert_eq!(clean("a\u{7}\rb"), "a b");
        assert_eq!(clean("a\tb\nc\r\nd\u{2028}e"), "a b c d e");
        assert_eq!(clean("x\u{7f}\u{85}\u{9c}y"), "x y");
        assert_eq!(clean("\u{feff}z\u{200b}w\u{200d}"), "zw");
    }

    #[test]
    fn multiline_keeps_breaks() {
        assert_eq!(
            clean_multiline("一\r二\u{7}\r\n三\u{2029}四"),
            "一\n二\n三\n四"
        );
        assert_eq!(clean_multiline("a\u{1b}]0;t\u{7}b"), "ab");
    }

    #[test]
    fn fit_pads_and_cuts_by_width() {
        assert_eq!(fit("ab", 4, false), "ab  ");
        assert_eq!(fit("abcdef", 4, false), "abc…");
        assert_eq!(fit("abcdef", 4, true), "abc~");
        assert_eq!(fit("abcd", 4, false), "abcd");
        assert_eq!(fit("abc", 0, false), "");
        assert_eq!(fit("abc", 1, false), "…");
    }

    #[test]
    fn a_cjk_character_at_the_boundary_is_never_split() {
        // 4 cells left for "科技": fits exactly.
        assert_eq!(fit("科技", 4, false), "科技");
        // 5 cells: "科技辅" is 6, so cut to "科技" + ellipsis (5 cells).
        assert_eq!(fit("科技辅导", 5, false), "科技…");
        // 4 cells: "科" + ellipsis is 3, padded by one space.
        assert_eq!(fit("科技辅导", 4, false), "科… ");
        assert_eq!(width(&fit("科技辅导", 4, false)), 4);
        assert_eq!(fit("a科", 2, false), "a…");
    }

    #[test]
    fn a_huge_cjk_string_fits_in_twenty_cells() {
        let long: String = "青少年科技辅导员".chars().cycle().take(5_000).collect();
        let fitted = fit(&long, 20, false);
        assert_eq!(width(&fitted), 20);
        assert!(fitted.ends_with("… "), "{fitted}");
        assert_eq!(fitted.chars().count(), 11);
    }

    #[test]
    fn wrap_breaks_cjk_anywhere_and_latin_at_spaces() {
        assert_eq!(wrap("科技辅导员认证", 6), ["科技辅", "导员认", "证"]);
        assert_eq!(wrap("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(wrap("", 10), [""]);
        assert!(wrap("abc", 0).is_empty());
        assert_eq!(wrap("科a", 1), ["科", "a"]);
        for line in wrap("本人从事青少年科技教育二十余年，2022年获全国奖", 7) {
            assert!(width(&line) <= 7, "{line}");
        }
    }

    #[test]
    fn wrap_limited_ends_cut_text_with_an_ellipsis() {
        assert_eq!(
            wrap_limited("科技辅导员认证", 6, 2, false),
            ["科技辅", "导员…"]
        );
        assert_eq!(wrap_limited("科技", 6, 2, false), ["科技"]);
        assert!(wrap_limited("科技", 6, 0, false).is_empty());
    }

    #[test]
    fn ambiguous_width_characters_are_recognised() {
        assert!(is_ambiguous('…'));
        assert!(is_ambiguous('─'));
        assert!(is_ambiguous('“'));
        assert!(!is_ambiguous('科'));
        assert!(!is_ambiguous('a'));
    }
}
