//! `docket serve` end to end, on loopback only: the real server, the
//! system's OpenSSH client in a pseudo-terminal, and a scripted russh
//! client. Logins and refusals, live updates between sessions, an expert
//! reaching for an application not theirs, a client that never reads, a
//! 0x0 pty, a resize storm, a dropped connection in the middle of a score
//! form, the session limit, the idle timeout, and the store's one owner.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod ssh;

use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::pty::Screen;
use docket::domain::scoring::ReviewStage;
use ssh::{Desk, Piped, Remote, Server, have_ssh, wait};

/// Scored by nobody yet, assigned to the demo expert li.wei.
const LI_WEI_APPLICATION: &str = "2024-ZJ-J-0001";
/// Not assigned to li.wei.
const NOT_HIS: &str = "2024-BJ-S-0005";

fn row_of<'a>(screen: &'a str, id: &str) -> &'a str {
    screen.lines().find(|l| l.contains(id)).unwrap_or("")
}

/// li.wei logs in and opens the score form of his application.
fn expert_in_form(server: &Server, desk: &Desk) -> Remote {
    let expert = Remote::connect(server, "li.wei", desk.key("li.wei"), (80, 24)).unwrap();
    expert.wait_for("业绩评审");
    open_form(&expert, LI_WEI_APPLICATION);
    expert
}

/// li.wei's own review of his application, read from the store once the
/// server is gone.
fn saved_review(desk: &Desk) -> docket::store::Record<docket::domain::scoring::Review> {
    let service = desk.reopen();
    let expert = service.user("li.wei").unwrap();
    service
        .reviews_of(&expert, LI_WEI_APPLICATION, ReviewStage::Achievement)
        .unwrap()
        .pop()
        .expect("a saved review")
}

/// The expert opens the form of an application of theirs from the queue.
fn open_form(remote: &Remote, id: &str) {
    remote.send(format!(":goto {id}\r").as_bytes());
    remote.wait_until("the application", |t| {
        t.lines().next().unwrap_or("").contains(id)
    });
    remote.send(b"s");
    remote.wait_for("业绩和成果评审评分");
}

#[test]
fn openssh_and_russh_sessions_work_the_same_desk_live() {
    assert!(
        have_ssh(),
        "the OpenSSH client is needed: .ci/run installs it"
    );
    let desk = Desk::new();
    let server = Server::start(&desk, &[]);
    assert!(
        server
            .banner
            .iter()
            .any(|l| l.contains("connect with: ssh -p"))
    );
    let args = server.ssh_args(&desk, "admin", "admin");
    let args: Vec<&str> = std::iter::once("-tt")
        .chain(args.iter().map(String::as_str))
        .collect();

    // The secretariat through OpenSSH, on the achievement review's tab.
    let mut admin = Screen::spawn_program("ssh", &args, 120, 36, desk.home.path(), &[]);
    admin.wait_for("资格审查[26]");
    assert!(admin.on_alternate_screen());
    admin.send(b"2");
    let before = admin.wait_for(LI_WEI_APPLICATION);
    let row_before = row_of(&before, LI_WEI_APPLICATION).to_owned();
    assert!(row_before.contains("0/"), "no review yet: {row_before}");

    // The expert through russh scores it and submits.
    let expert = expert_in_form(&server, &desk);
    expert.send(b"18\t26\t39\t");
    expert.send("目标清楚，证据充分".as_bytes());
    expert.send(b"\x1b[21~");
    expert.wait_for("提交");
    expert.send(b"y");
    expert.wait_for("已提交");

    // The secretariat's row changes without a key pressed.
    let after = admin.wait_until("the submitted review", |t| {
        row_of(t, LI_WEI_APPLICATION).contains("1/")
    });
    assert_ne!(row_of(&after, LI_WEI_APPLICATION), row_before);

    // Who is connected: both, each with their way in.
    admin.send(b":who\r");
    let who = admin.wait_for("在线用户");
    assert!(who.contains("admin") && who.contains("li.wei"), "{who}");
    assert!(who.contains("127.0.0.1:"), "{who}");

    // Quitting restores the client's terminal and ends ssh cleanly.
    admin.send(b"\x1b");
    admin.wait_until("the queue", |t| !t.contains("在线用户"));
    admin.send(b"q");
    assert!(admin.wait_exit(), "ssh exits 0 after q");
    assert!(
        !admin.on_alternate_screen(),
        "the alternate screen was left"
    );

    // The log names logins and ends, never key material.
    let key_line = std::fs::read_to_string(desk.key_path("admin")).unwrap();
    drop(expert);
    wait("the session end in the log", || {
        desk.log().matches("session end").count() >= 2
    });
    let log = desk.log();
    assert!(log.contains("login user=admin"), "{log}");
    assert!(log.contains("login user=li.wei"), "{log}");
    let secret = key_line.lines().nth(1).unwrap();
    assert!(!log.contains(secret));
}

#[test]
fn unknown_users_and_keys_are_refused_and_logged() {
    assert!(
        have_ssh(),
        "the OpenSSH client is needed: .ci/run installs it"
    );
    let desk = Desk::new();
    let server = Server::start(&desk, &[]);
    let stranger = desk.make_key("stranger");

    for (user, key) in [("nobody", "admin"), ("admin", "stranger")] {
        let output = Command::new("ssh")
            .args(server.ssh_args(&desk, user, key))
            .arg("true")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(255), "{user} with {key}'s key");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("Permission denied"), "{stderr}");
    }
    // The russh client too, and it is told no at authentication.
    let refused = Remote::connect(&server, "admin", desk.key("stranger"), (80, 24));
    assert_eq!(refused.err().as_deref(), Some("authentication refused"));

    let log = desk.log();
    assert!(
        log.contains("user=nobody") && log.contains("no such user"),
        "{log}"
    );
    assert!(log.contains("the key is not one of the user's"), "{log}");
    let blob = stranger.split_whitespace().nth(1).unwrap();
    assert!(!log.contains(blob), "no key material in the log");
}

#[test]
fn an_expert_reaching_for_an_application_not_theirs_gets_not_found() {
    let desk = Desk::new();
    let server = Server::start(&desk, &[]);
    let expert = Remote::connect(&server, "li.wei", desk.key("li.wei"), (80, 24)).unwrap();
    expert.wait_for("业绩评审");
    expert.send(format!(":goto {NOT_HIS}\r").as_bytes());
    let text = expert.wait_for("未找到");
    assert!(!text.lines().next().unwrap().contains(NOT_HIS), "{text}");
    drop(expert);
    server.kill();

    let service = desk.reopen();
    let refused: Vec<_> = service
        .store()
        .audit_entries(1)
        .map(Result::unwrap)
        .filter(|e| e.action == "access.refused")
        .collect();
    assert!(
        refused
            .iter()
            .any(|e| e.actor == "li.wei" && e.target == NOT_HIS),
        "{refused:?}"
    );
}

#[test]
fn a_client_that_stops_reading_makes_its_session_skip_frames() {
    assert!(
        have_ssh(),
        "the OpenSSH client is needed: .ci/run installs it"
    );
    let desk = Desk::new();
    let server = Server::start(&desk, &[]);
    let mut stalled = Piped::spawn(&server.ssh_args(&desk, "admin", "admin"));
    stalled.wait_for("资格审查[26]");
    let baseline = server.rss_kib();

    // Its output stops being read; ssh keeps forwarding keys but holds the
    // output, and the server's window to it runs out. Each Ctrl-l asks for
    // a whole new frame, until the session says it is holding back.
    stalled.pause_reading();
    let before = stalled.raw_len();
    let start = std::time::Instant::now();
    let held = loop {
        if let Some(line) = log_line(&desk, "session held back") {
            break line;
        }
        assert!(
            start.elapsed() < Duration::from_mins(1),
            "the session never held back"
        );
        for _ in 0..20 {
            stalled.send(b"\x0c");
            std::thread::sleep(Duration::from_millis(1));
        }
    };
    let drawn_when_held = field(&held, "drawn");
    let mut presses = 0;
    while presses < 2000 {
        stalled.send(b"\x0c");
        presses += 1;
        std::thread::sleep(Duration::from_millis(1));
    }
    std::thread::sleep(Duration::from_millis(500));
    let grown = server.rss_kib().saturating_sub(baseline);

    // Everyone else is served meanwhile.
    let other = Remote::connect(&server, "chen.jing", desk.key("chen.jing"), (80, 24)).unwrap();
    other.wait_for("业绩评审");

    // Reading again, the client gets what ssh's window (2 MiB) held and
    // then the latest state, not the 2000 frames it missed.
    stalled.resume_reading();
    stalled.send(b":who\r");
    stalled.wait_for("在线用户");
    std::thread::sleep(Duration::from_millis(300));
    let caught_up = stalled.raw_len() - before;
    assert!(
        caught_up < 2 * 1024 * 1024 + 256 * 1024,
        "{caught_up} bytes came after the stall"
    );
    assert!(grown < 16 * 1024, "the server grew by {grown} KiB");

    // The session says in the log that it held back, and how little it
    // drew while it did.
    stalled.send(b"\x1b");
    std::thread::sleep(Duration::from_millis(100));
    stalled.send(b"q");
    assert!(stalled.wait_exit());
    wait("the session's output in the log", || {
        log_line(&desk, "session output user=admin").is_some()
    });
    let line = log_line(&desk, "session output user=admin").unwrap();
    assert!(field(&line, "stalls") >= 1, "{line}");
    let drawn_since = field(&line, "drawn") - drawn_when_held;
    assert!(
        drawn_since < presses / 4,
        "{presses} presses while held back: {line}"
    );
}

/// The first line of the server's log that contains `needle`.
fn log_line(desk: &Desk, needle: &str) -> Option<String> {
    desk.log()
        .lines()
        .find(|l| l.contains(needle))
        .map(str::to_owned)
}

/// The number after `key=` in a log line.
fn field(line: &str, key: &str) -> u64 {
    let at = line.find(&format!("{key}=")).unwrap() + key.len() + 1;
    line[at..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn a_zero_by_zero_pty_and_a_resize_storm() {
    let desk = Desk::new();
    let server = Server::start(&desk, &[]);

    // A client with no terminal size gets the 80x24 screen.
    let remote = Remote::connect(&server, "admin", desk.key("admin"), (0, 0)).unwrap();
    remote.resize(80, 24);
    let text = remote.wait_for("资格审查[26]");
    assert!(text.lines().count() <= 24);

    // Hundreds of sizes in a burst, some absurd, then one that stays.
    for i in 0..300_u32 {
        remote.send_size(i % 7 * 40, (i * 13) % 90);
    }
    remote.send_size(100_000, 100_000);
    remote.resize(140, 40);
    let text = remote.wait_for("工作单位");
    assert!(text.contains("资格审查[26]"), "{text}");
    remote.send(b"j");
    remote.wait_until("the cursor moved", |t| t.contains("2/26"));
}

#[test]
fn paste_esc_ctrl_z_and_ctrl_c_arrive_as_keys() {
    let desk = Desk::new();
    let server = Server::start(&desk, &[]);
    let remote = Remote::connect(&server, "admin", desk.key("admin"), (100, 30)).unwrap();
    remote.wait_for("资格审查[26]");
    assert!(
        remote.raw().windows(8).any(|w| w == b"\x1b[?2026h"),
        "frames are wrapped in synchronized-output markers"
    );

    // A bracketed paste into the filter, in two packets.
    remote.send(b"/");
    remote.send(b"\x1b[200~2024-GD");
    remote.send(b"-J\x1b[201~");
    let text = remote.wait_for("/2024-GD-J");
    assert!(text.contains("2024-GD-J-0002"), "{text}");
    assert!(!text.contains("2024-BJ-S-0005"), "{text}");

    // A lone Esc closes the filter line; Ctrl-Z is only a key.
    remote.send(b"\x1b");
    remote.wait_until("the filter line closed", |t| !t.contains("/2024-GD-J"));
    let footer = |t: &str| t.lines().last().unwrap_or("").trim_end().to_owned();
    let before = footer(&remote.contents());
    remote.send(b"\x1a");
    remote.send(b"j");
    remote.wait_until("still working", |t| footer(t) != before);

    // Ctrl-C quits docket, and the session ends with the terminal restored.
    remote.send(b"\x03");
    remote.wait_closed();
    assert!(String::from_utf8_lossy(&remote.raw()).ends_with("\x1b[?25h"));
}

#[test]
fn a_dropped_connection_keeps_the_score_form_draft() {
    let desk = Desk::new();
    let server = Server::start(&desk, &[]);
    let expert = expert_in_form(&server, &desk);
    expert.send(b"17\t23");
    expert.wait_for("[ 23 ]");
    expert.drop_connection();

    // Back again: the form opens with what was typed.
    let again = expert_in_form(&server, &desk);
    let form = again.wait_for("[ 23 ]");
    assert!(form.contains("[ 17 ]"), "{form}");
}

#[test]
fn a_search_saved_in_one_session_shows_in_the_same_users_other_only() {
    let desk = Desk::new();
    let server = Server::start(&desk, &[]);
    let office = Remote::connect(&server, "li.wei", desk.key("li.wei"), (120, 30)).unwrap();
    let home = Remote::connect(&server, "li.wei", desk.key("li.wei"), (120, 30)).unwrap();
    let admin = Remote::connect(&server, "admin", desk.key("admin"), (120, 30)).unwrap();
    for remote in [&office, &home, &admin] {
        remote.wait_for("业绩评审");
    }

    office.send(":save 我的 assigned:li.wei\r".as_bytes());
    office.wait_for("已保存查询 我的");
    let tabs = home.wait_for("/我的[");
    assert!(
        tabs.lines().next().unwrap_or("").contains("/我的["),
        "{tabs}"
    );

    // The secretariat's desk, which took in the change before this key,
    // has no such tab; forgetting it takes it away from the other session.
    admin.send(b":goto NO-SUCH-ID\r");
    let screen = admin.wait_for("NO-SUCH-ID");
    assert!(!screen.contains("/我的["), "{screen}");
    office.send(":forget 我的\r".as_bytes());
    home.wait_until("the tab gone", |t| !t.contains("/我的["));
    drop((office, home, admin));
    server.kill();
}

#[test]
fn two_sessions_on_one_review_lose_neither_update_nor_typing() {
    let desk = Desk::new();
    let server = Server::start(&desk, &[]);
    let office = expert_in_form(&server, &desk);
    let home = expert_in_form(&server, &desk);

    office.send(b"10\x13");
    office.wait_for("草稿已保存");
    home.send(b"20\x13");
    let text = home.wait_for("评分已被 li.wei 保存");
    assert!(text.contains("[ 20 ]"), "the typing is kept: {text}");

    // Saving again on purpose keeps the second session's scores.
    home.send(b"\x13");
    home.wait_for("草稿已保存");
    drop((office, home));
    server.kill();
    let own = saved_review(&desk);
    assert_eq!(own.value.scores.first(), Some(&20));
    assert_eq!(own.revision, 2, "both saves happened, one after the other");
}

#[test]
fn a_stopping_server_saves_drafts_and_says_goodbye() {
    let desk = Desk::new();
    let server = Server::start(&desk, &[]);
    let expert = expert_in_form(&server, &desk);
    expert.send(b"19");
    expert.wait_for("[ 19 ]");

    assert!(server.terminate(), "docket serve exits 0 on SIGTERM");
    expert.wait_closed();
    let tail = String::from_utf8_lossy(&expert.raw()).into_owned();
    assert!(tail.contains("the server is stopping"), "{}", desk.log());

    // The draft is in the store.
    let own = saved_review(&desk);
    assert_eq!(own.value.scores.first(), Some(&19));
    assert!(!own.value.is_submitted());
}

#[test]
fn the_session_limit_and_the_idle_timeout() {
    let desk = Desk::new();
    let server = Server::start(&desk, &["--max-sessions", "1", "--idle-timeout", "5s"]);
    let first = Remote::connect(&server, "admin", desk.key("admin"), (80, 24)).unwrap();
    first.wait_for("资格审查[26]");

    let second = Remote::connect(&server, "chen.jing", desk.key("chen.jing"), (80, 24)).unwrap();
    second.wait_for("the most this server allows");
    second.wait_closed();

    // Left alone, the first session is closed and says why.
    first.wait_closed();
    let tail = String::from_utf8_lossy(&first.raw()).into_owned();
    assert!(tail.contains("no input for 5 s"), "{tail}");
    assert!(tail.contains("\x1b[?1049l"), "the alternate screen is left");

    // Its place is free again.
    let third = Remote::connect(&server, "chen.jing", desk.key("chen.jing"), (80, 24)).unwrap();
    third.wait_for("业绩评审");
}

#[test]
fn while_the_server_owns_the_store_a_local_docket_says_how_to_connect() {
    let desk = Desk::new();
    let server = Server::start(&desk, &[]);
    let output = desk.docket().args(["user", "list"]).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("docket serve"), "{stderr}");
    assert!(
        stderr.contains(&format!("ssh -p {} USER@127.0.0.1", server.port)),
        "{stderr}"
    );
}

#[test]
fn the_host_key_is_made_once_and_kept() {
    let desk = Desk::new();
    let first = Server::start(&desk, &[]);
    let fingerprint = first.fingerprint.clone();
    first.kill();
    let path = desk.home.path().join("data/docket/ssh_host_ed25519_key");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let second = Server::start(&desk, &[]);
    assert_eq!(second.fingerprint, fingerprint);
}
