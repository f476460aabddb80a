//! Bytes from an SSH client as the app's events.
//!
//! terminput parses one event from a buffer but does not say how many bytes
//! it used, so [`frame`] first finds where the next event ends. A lone ESC
//! is the Esc key only once nothing has followed it for [`ESC_WAIT`]; a
//! bracketed paste is one event however many packets it spans. Ctrl-C and
//! Ctrl-Z arrive as bytes and stay keys: there is no terminal here to turn
//! them into signals.

use std::time::{Duration, Instant};

use crate::ui::Event;

/// How long a lone ESC waits for the rest of a sequence.
pub const ESC_WAIT: Duration = Duration::from_millis(50);
/// How long an unfinished bracketed paste waits for its end marker.
pub const PASTE_WAIT: Duration = Duration::from_secs(2);
/// A paste longer than this is cut: nothing in docket takes more text.
const PASTE_LIMIT: usize = 1 << 20;

const ESC: u8 = 0x1b;
const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// Where the next event in a buffer ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// The first `n` bytes are one event.
    Whole(usize),
    /// More bytes are needed (or, for a lone ESC, time).
    Partial,
    /// The first `n` bytes make no event; skip them.
    Junk(usize),
}

fn utf8_len(first: u8) -> Option<usize> {
    match first {
        0x00..=0x7f => Some(1),
        0xc2..=0xdf => Some(2),
        0xe0..=0xef => Some(3),
        0xf0..=0xf4 => Some(4),
        _ => None,
    }
}

fn frame(buf: &[u8]) -> Frame {
    let Some(&first) = buf.first() else {
        return Frame::Partial;
    };
    if first != ESC {
        return match utf8_len(first) {
            Some(n) if buf.len() >= n => Frame::Whole(n),
            Some(_) => Frame::Partial,
            None => Frame::Junk(1),
        };
    }
    let Some(&second) = buf.get(1) else {
        return Frame::Partial;
    };
    match second {
        b'[' => frame_csi(buf),
        b'O' if buf.len() >= 3 => Frame::Whole(3),
        b'O' => Frame::Partial,
        // Esc pressed twice: the first is a key of its own.
        ESC => Frame::Whole(1),
        // Alt with a character.
        other => match utf8_len(other) {
            Some(n) if buf.len() > n => Frame::Whole(1 + n),
            Some(_) => Frame::Partial,
            None => Frame::Whole(1),
        },
    }
}

/// `ESC [` then parameters and intermediates up to a final byte; a
/// bracketed paste up to its end marker; an X10 mouse report.
fn frame_csi(buf: &[u8]) -> Frame {
    if buf.starts_with(PASTE_START) {
        return match find(&buf[PASTE_START.len()..], PASTE_END) {
            Some(at) => Frame::Whole(PASTE_START.len() + at + PASTE_END.len()),
            None => Frame::Partial,
        };
    }
    if PASTE_START.starts_with(buf) {
        return Frame::Partial;
    }
    if buf.get(2) == Some(&b'M') {
        return if buf.len() >= 6 {
            Frame::Whole(6)
        } else {
            Frame::Partial
        };
    }
    for (i, &byte) in buf.iter().enumerate().skip(2) {
        match byte {
            0x20..=0x3f => {}
            0x40..=0x7e => return Frame::Whole(i + 1),
            _ => return Frame::Junk(i),
        }
    }
    Frame::Partial
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// One event's bytes as the app's event; `None` for what the app does not
/// use (mouse reports, focus changes, key releases) or cannot parse.
fn parse(bytes: &[u8]) -> Option<Event> {
    let event = terminput::Event::parse_from(bytes).ok()??;
    let event = terminput_crossterm::to_crossterm(event).ok()?;
    crate::term::convert(event)
}

/// Turns a stream of bytes into events, holding back what is unfinished.
#[derive(Debug, Default)]
pub struct Decoder {
    pending: Vec<u8>,
    /// When the pending bytes stop waiting for more.
    deadline: Option<Instant>,
}

impl Decoder {
    pub fn new() -> Decoder {
        Decoder::default()
    }

    /// Takes bytes as they arrived and returns every event they complete.
    pub fn feed(&mut self, bytes: &[u8], now: Instant) -> Vec<Event> {
        self.pending.extend_from_slice(bytes);
        let events = self.drain();
        self.deadline = match self.pending.first() {
            None => None,
            Some(_) if self.pending.starts_with(PASTE_START) => {
                Some(self.deadline.unwrap_or(now + PASTE_WAIT))
            }
            Some(_) => Some(now + ESC_WAIT),
        };
        if self.pending.len() > PASTE_LIMIT {
            return events.into_iter().chain(self.expire_now()).collect();
        }
        events
    }

    /// When [`Decoder::expire`] should be called; `None` when nothing waits.
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// Resolves what waited too long: a lone ESC becomes Esc, an unfinished
    /// paste is pasted as far as it came.
    pub fn expire(&mut self, now: Instant) -> Vec<Event> {
        if self.deadline.is_none_or(|deadline| now < deadline) {
            return Vec::new();
        }
        self.expire_now()
    }

    fn expire_now(&mut self) -> Vec<Event> {
        self.deadline = None;
        let mut events = Vec::new();
        if self.pending.starts_with(PASTE_START) {
            let text = String::from_utf8_lossy(&self.pending[PASTE_START.len()..]).into_owned();
            self.pending.clear();
            events.push(Event::Paste(text));
            return events;
        }
        if self.pending.first() == Some(&ESC) {
            self.pending.remove(0);
            events.extend(parse(&[ESC]));
        }
        events.extend(self.drain());
        // Whatever is still unfinished (a cut UTF-8 character) is dropped.
        self.pending.clear();
        events
    }

    fn drain(&mut self) -> Vec<Event> {
        let mut events = Vec::new();
        let mut at = 0;
        while at < self.pending.len() {
            match frame(&self.pending[at..]) {
                Frame::Whole(n) => {
                    events.extend(parse(&self.pending[at..at + n]));
                    at += n;
                }
                Frame::Junk(n) => at += n.max(1),
                Frame::Partial => break,
            }
        }
        self.pending.drain(..at);
        events
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;

    fn keys(events: &[Event]) -> Vec<(KeyCode, KeyModifiers)> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::Key(KeyEvent {
                    code, modifiers, ..
                }) => Some((*code, *modifiers)),
                _ => None,
            })
            .collect()
    }

    fn plain(code: KeyCode) -> (KeyCode, KeyModifiers) {
        (code, KeyModifiers::NONE)
    }

    #[test]
    fn letters_controls_and_cjk_in_one_packet() {
        let mut d = Decoder::new();
        let now = Instant::now();
        let events = d.feed("jk\r\t\x7f中".as_bytes(), now);
        assert_eq!(
            keys(&events),
            [
                plain(KeyCode::Char('j')),
                plain(KeyCode::Char('k')),
                plain(KeyCode::Enter),
                plain(KeyCode::Tab),
                plain(KeyCode::Backspace),
                plain(KeyCode::Char('中')),
            ]
        );
        assert_eq!(d.deadline(), None);
    }

    #[test]
    fn ctrl_c_and_ctrl_z_are_keys() {
        let mut d = Decoder::new();
        let events = d.feed(b"\x03\x1a", Instant::now());
        assert_eq!(
            keys(&events),
            [
                (KeyCode::Char('c'), KeyModifiers::CONTROL),
                (KeyCode::Char('z'), KeyModifiers::CONTROL),
            ]
        );
    }

    #[test]
    fn a_lone_esc_waits_then_becomes_esc() {
        let mut d = Decoder::new();
        let now = Instant::now();
        assert!(d.feed(b"\x1b", now).is_empty());
        assert_eq!(d.deadline(), Some(now + ESC_WAIT));
        assert!(d.expire(now + ESC_WAIT / 2).is_empty(), "too early");
        let events = d.expire(now + ESC_WAIT);
        assert_eq!(keys(&events), [plain(KeyCode::Esc)]);
        assert_eq!(d.deadline(), None);
    }

    #[test]
    fn an_escape_sequence_split_across_packets_is_one_key() {
        let mut d = Decoder::new();
        let now = Instant::now();
        assert!(d.feed(b"\x1b", now).is_empty());
        assert!(d.feed(b"[", now).is_empty());
        let events = d.feed(b"B", now + Duration::from_millis(10));
        assert_eq!(keys(&events), [plain(KeyCode::Down)]);
        let events = d.feed(b"\x1b[6~\x1bOP\x1b[Z", now);
        assert_eq!(
            keys(&events),
            [
                plain(KeyCode::PageDown),
                plain(KeyCode::F(1)),
                (KeyCode::BackTab, KeyModifiers::SHIFT),
            ]
        );
    }

    #[test]
    fn esc_pressed_twice_is_two_escs() {
        let mut d = Decoder::new();
        let now = Instant::now();
        let events = d.feed(b"\x1b\x1b", now);
        assert_eq!(keys(&events), [plain(KeyCode::Esc)]);
        let events = d.expire(now + ESC_WAIT);
        assert_eq!(keys(&events), [plain(KeyCode::Esc)]);
    }

    #[test]
    fn a_bracketed_paste_across_packets_is_one_event() {
        let mut d = Decoder::new();
        let now = Instant::now();
        assert!(d.feed(b"\x1b[200~hello ", now).is_empty());
        assert_eq!(d.deadline(), Some(now + PASTE_WAIT));
        assert!(d.expire(now + ESC_WAIT).is_empty(), "a paste waits longer");
        let events = d.feed("世界\x1b[201~j".as_bytes(), now);
        assert_eq!(events.len(), 2);
        assert!(matches!(&events[0], Event::Paste(text) if text == "hello 世界"));
        assert_eq!(keys(&events[1..]), [plain(KeyCode::Char('j'))]);
    }

    #[test]
    fn an_unfinished_paste_is_pasted_when_it_times_out() {
        let mut d = Decoder::new();
        let now = Instant::now();
        assert!(d.feed(b"\x1b[200~cut off", now).is_empty());
        let events = d.expire(now + PASTE_WAIT);
        assert!(matches!(&events[..], [Event::Paste(text)] if text == "cut off"));
    }

    #[test]
    fn junk_is_skipped_and_what_follows_is_read() {
        let mut d = Decoder::new();
        let now = Instant::now();
        // A stray continuation byte, a mouse report, a focus event, then j.
        let events = d.feed(b"\x80\x1b[M ab\x1b[Ij", now);
        assert_eq!(keys(&events), [plain(KeyCode::Char('j'))]);
    }

    #[test]
    fn a_cjk_character_split_across_packets_waits_for_its_rest() {
        let mut d = Decoder::new();
        let now = Instant::now();
        let bytes = "审".as_bytes();
        assert!(d.feed(&bytes[..1], now).is_empty());
        let events = d.feed(&bytes[1..], now);
        assert_eq!(keys(&events), [plain(KeyCode::Char('审'))]);
    }

    #[test]
    fn alt_with_a_letter_is_one_key() {
        let mut d = Decoder::new();
        let events = d.feed(b"\x1bj", Instant::now());
        assert_eq!(keys(&events), [(KeyCode::Char('j'), KeyModifiers::ALT)]);
    }
}
