//! End to end: the real `docket demo` binary in a pseudo-terminal, keys
//! pressed as a person would, the screen read back through vt100.

// Tests and benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::pty::Screen;

/// The top line of the screen: the tab bar on a queue, the id on an application.
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim_start()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_demo_opens_in_chinese_and_shows_claims_beside_evidence() {
    let home = tempfile::tempdir().unwrap();
    let mut screen = Screen::spawn(&["demo"], 160, 48, home.path(), &[]);
    let text = screen.wait_for("资格审查");
    assert!(
        text.contains("资格审查[26]"),
        "the eligibility tab counts its queue:\n{text}"
    );
    assert!(
        text.contains("2024-BJ-S-0005"),
        "the queue is in id order:\n{text}"
    );
    assert!(screen.on_alternate_screen());

    // Open the second application: claims on the left, evidence on the right.
    screen.send(b"j");
    screen.send(b"\r");
    let text = screen.wait_until("the application", |t| {
        first_line(t).starts_with("2024-FJ-J-0001")
    });
    assert!(
        text.contains("2024-FJ-J-0001"),
        "the second application is open:\n{text}"
    );
    assert!(
        text.contains("工作单位"),
        "the applicant's details are shown:\n{text}"
    );
    assert!(text.contains("培训"), "training is shown:\n{text}");

    // Back to the queue, over to the notice tab, and out.
    screen.send(b"\x1b");
    screen.wait_until("the queue", |t| first_line(t).starts_with("资格审查[26]"));
    screen.send(b"5");
    let text = screen.wait_until("the notice queue", |t| t.contains("2024-ZJ-S-0001"));
    assert!(
        !text.contains("2024-BJ-S-0005"),
        "the notice tab shows only its own queue:\n{text}"
    );
    screen.send(b"q");
    assert!(screen.wait_exit(), "docket must exit cleanly");
    assert!(
        !screen.on_alternate_screen(),
        "the terminal must be restored on exit"
    );
}

#[test]
fn english_at_80x24_switches_panes_with_tab_and_shows_help() {
    let home = tempfile::tempdir().unwrap();
    let mut screen = Screen::spawn(&["demo", "--lang", "en"], 80, 24, home.path(), &[]);
    screen.wait_for("Eligibility");
    screen.send(b"\r");
    let text = screen.wait_for("Tab switches");
    assert!(
        text.contains("Organization") && !text.contains("not verified"),
        "{text}"
    );
    screen.send(b"\t");
    let text = screen.wait_until("the evidence pane", |t| t.contains("not verified"));
    assert!(
        !text.contains("Organization"),
        "one pane at a time at 80 columns:\n{text}"
    );
    assert!(text.lines().count() <= 24, "{text}");
    screen.send(b"\x1b");
    screen.wait_for("Eligibility[26]");
    screen.send(b"?");
    let text = screen.wait_for("Keys");
    assert!(
        text.contains("Open the application"),
        "help lists the keys:\n{text}"
    );
    screen.send(b"\x1b");
    screen.wait_until("help closed", |t| !t.contains("Keys"));
    screen.send(b"q");
    assert!(screen.wait_exit());
}

#[test]
fn hostile_text_in_the_data_never_reaches_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let mut screen = Screen::spawn(&["demo"], 160, 48, home.path(), &[]);
    screen.wait_for("资格审查");
    // Open each application that carries escape sequences, bidi overrides or controls.
    for id in [
        "2024-ZJ-I-0004",
        "2024-GD-I-0002",
        "2024-HB-J-0001",
        "2024-ZJ-J-0004",
    ] {
        screen.send(format!(":goto {id}\r").as_bytes());
        screen.wait_until(id, |t| first_line(t).starts_with(id));
        screen.send(b"\x1b");
        screen.wait_until("the queue", |t| first_line(t).starts_with("资格审查[26]"));
    }
    let text = screen.contents();
    screen.send(b"q");
    assert!(screen.wait_exit());

    let raw = screen.raw();
    assert!(
        !contains(&raw, b"\x1b]0;"),
        "an OSC title sequence from the data reached the terminal"
    );
    assert!(
        !contains(&raw, b"\x1b[31m\xe9\xbb\x84"),
        "a colour sequence from the data reached the terminal"
    );
    assert!(
        !contains(&raw, "\u{202e}".as_bytes()),
        "a bidi override reached the terminal"
    );
    assert!(
        !raw.contains(&0x07) && !raw.contains(&0x08),
        "BEL or backspace reached the terminal"
    );
    assert!(!text.is_empty());
}

#[test]
fn below_the_minimum_size_it_says_so_and_survives() {
    let home = tempfile::tempdir().unwrap();
    let mut screen = Screen::spawn(&["demo", "--lang", "en"], 60, 20, home.path(), &[]);
    let text = screen.wait_for("80x24");
    assert!(text.to_lowercase().contains("small"), "{text}");
    screen.send(b"q");
    assert!(screen.wait_exit());
}
