//! Backing up a served store: the secretariat over an SSH command with the
//! system's OpenSSH client, an expert refused, anything else refused, and
//! a local `docket backup` told how to go through the server.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod ssh;

use std::process::{Command, Stdio};

use ssh::{Desk, Server, have_ssh};

fn ssh(server: &Server, desk: &Desk, user: &str, command: &str) -> (Option<i32>, String) {
    let output = Command::new("ssh")
        .args(server.ssh_args(desk, user, user))
        .arg(command)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (output.status.code(), common::printed(&output))
}

#[test]
fn the_secretariat_backs_up_a_served_store_over_ssh() {
    assert!(
        have_ssh(),
        "the OpenSSH client is needed: .ci/run installs it"
    );
    let desk = Desk::new();
    let server = Server::start(&desk, &[]);
    let file = desk.home.path().join("served.dkb");

    // A local backup cannot open the store, and says what to run instead.
    let output = desk.docket().arg("backup").arg(&file).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "back it up through the server: ssh -p {} USER@127.0.0.1 backup {}",
            server.port,
            file.display()
        )),
        "{stderr}"
    );

    let (status, text) = ssh(
        &server,
        &desk,
        "admin",
        &format!("backup {}", file.display()),
    );
    assert_eq!(status, Some(0), "{text}");
    assert!(
        text.starts_with(&format!("backup written to {}:", file.display())),
        "{text}"
    );
    assert!(file.exists());

    // An expert is refused; so is any other command; no file is written.
    let refused = desk.home.path().join("expert.dkb");
    let (status, text) = ssh(
        &server,
        &desk,
        "li.wei",
        &format!("backup {}", refused.display()),
    );
    assert_eq!(status, Some(1), "{text}");
    assert!(
        text.contains("li.wei (expert) may not back up the store"),
        "{text}"
    );
    assert!(!refused.exists());
    let (status, text) = ssh(&server, &desk, "admin", "cat /etc/passwd");
    assert_eq!(status, Some(1), "{text}");
    assert!(text.contains("'cat' is not a docket command"), "{text}");

    drop(server);
    // The backup restores, and the store audited who made it.
    let restored = desk.home.path().join("restored");
    let output = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(["--db", restored.to_str().unwrap(), "restore"])
        .arg(&file)
        .env("XDG_STATE_HOME", desk.home.path().join("state"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let service = desk.reopen();
    let last = service.store().audit_entries(1).last().unwrap().unwrap();
    assert_eq!(
        (last.actor.as_str(), last.action.as_str()),
        ("admin", "store.backup")
    );
}
