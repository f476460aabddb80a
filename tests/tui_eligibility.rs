//! End to end: the eligibility review in the real `docket demo` binary, in
//! a pseudo-terminal, keys pressed as a reviewer would.

// Tests and benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::pty::Screen;

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim_start()
}

#[test]
fn a_reviewer_filters_approves_marks_evidence_and_rejects_with_confirmation() {
    let home = tempfile::tempdir().unwrap();
    let mut screen = Screen::spawn(&["demo", "--lang", "en"], 80, 24, home.path(), &[]);
    screen.wait_for("Eligibility[26]");

    // Only the eligible ones, then approve the first from the queue: one key.
    screen.send(b":verdict eligible\r");
    let text = screen.wait_for("eligible 7/26");
    assert!(text.contains("2024-GD-I-0002"), "{text}");
    screen.send(b"a");
    let text = screen.wait_for("Approved 2024-GD-I-0002 -> Achievement review");
    assert!(first_line(&text).starts_with("Eligibility[6]"), "{text}");
    assert!(text.contains("Achievement[12]"), "{text}");

    // Open the next, reject its only achievement evidence: ineligible at once.
    screen.send(b"\x1b");
    screen.wait_until("the message dismissed", |t| !t.contains("Approved"));
    screen.send(b":goto 2024-YN-J-0001\r");
    screen.wait_until("the application", |t| {
        first_line(t).starts_with("2024-YN-J-0001")
    });
    screen.send(b"\tj");
    screen.send(b"x");
    screen.wait_for("Reason to reject E1:");
    screen.send("课题结题证明缺失\r".as_bytes());
    let text = screen.wait_for("E1 rejected; verdict: ineligible");
    assert!(first_line(&text).contains("Verdict: ineligible"), "{text}");

    // Reject the application: a reason, then a dialog with Cancel chosen.
    screen.send(b"\x1b");
    screen.wait_until("the message dismissed", |t| !t.contains("E1 rejected"));
    screen.send(b"r");
    screen.wait_for("Reason to reject:");
    screen.send(b"no achievements\r");
    let text = screen.wait_for("[ Cancel ]  [ Reject ]");
    assert!(text.contains("Reject 2024-YN-J-0001"), "{text}");
    screen.send(b"y");
    screen.wait_for("Rejected 2024-YN-J-0001");
    screen.send(b"q");
    assert!(screen.wait_exit(), "docket must exit cleanly");
}
