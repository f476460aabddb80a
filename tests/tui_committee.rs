//! End to end: the committee's work through the real `docket demo` binary
//! in a pseudo-terminal: the committee screen's checklist, a stage move
//! refused by its guard and one that holds, and the written score typed in.

// Tests and benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::pty::Screen;

/// Esc puts the message away, then Esc again leaves the application.
fn back_to_queue(screen: &mut Screen, message: &str) {
    screen.send(b"\x1b");
    screen.wait_until("the message gone", |t| !t.contains(message));
    screen.send(b"\x1b");
    screen.wait_until("the queue", |t| t.contains("Eligibility[26]"));
}

#[test]
fn the_secretariat_reads_the_committee_and_moves_a_scored_application_on() {
    let home = tempfile::tempdir().unwrap();
    let mut screen = Screen::spawn(&["demo", "--lang", "en"], 120, 40, home.path(), &[]);
    screen.wait_for("Eligibility");

    screen.send(b"C");
    let text = screen.wait_for("Committee size");
    assert!(text.contains("7 found, 25-35 expected"), "{text}");
    assert!(text.contains("short: ma.jun"), "{text}");
    assert!(text.contains("wang.hua"), "{text}");
    screen.send(b"\x1b");
    screen.wait_until("the queue", |t| t.contains("Eligibility[26]"));

    // 2024-GD-I-0004 is fully scored (81.0): it moves on to the written exam.
    screen.send(b":goto 2024-GD-I-0004\r");
    let text = screen.wait_for("mean 81.0");
    assert!(text.contains("wang.hua"), "{text}");
    screen.send(b"a");
    let text = screen.wait_for("Moved 2024-GD-I-0004");
    assert!(text.contains("Written exam"), "{text}");

    // 2024-BJ-S-0003 has one of five experts: the guard says so.
    back_to_queue(&mut screen, "Moved 2024-GD-I-0004");
    screen.send(b":goto 2024-BJ-S-0003\r");
    screen.wait_until("the application", |t| {
        t.lines().next().unwrap_or("").contains("2024-BJ-S-0003")
    });
    screen.send(b"a");
    let text = screen.wait_for("cannot move on");
    assert!(text.contains("1 of 5 experts assigned"), "{text}");

    // The written score of the application just moved there.
    back_to_queue(&mut screen, "cannot move on");
    screen.send(b":goto 2024-GD-I-0004\r");
    screen.wait_for("Written exam");
    screen.send(b"w");
    screen.wait_for("Written score of 2024-GD-I-0004");
    screen.send(b"77\r");
    let text = screen.wait_for("Written score of 2024-GD-I-0004: 77");
    assert!(text.contains("77"), "{text}");

    screen.send(b"q");
    assert!(screen.wait_exit(), "docket must exit cleanly");
}
