//! `docket user` through the real binary: adding, listing, keys, removal,
//! and what is refused.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

/// A public key (no private half exists anywhere).
const PUBLIC_KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIP2XPbgy9KdCr0wvDQW94sOLrdsuNHF5kIBJOC255hTq li@zj";

fn docket(home: &Path, args: &[&str]) -> Output {
    let db = home.join("store");
    Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("--db")
        .arg(&db)
        .args(args)
        .env("XDG_STATE_HOME", home.join("state"))
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn users_are_added_keyed_listed_and_removed_with_an_audit_trail() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let added = docket(
        h,
        &[
            "user",
            "add",
            "li.wei",
            "--role",
            "expert",
            "--display",
            "李伟",
            "--province",
            "浙江",
        ],
    );
    assert!(added.status.success(), "{}", text(&added));
    assert!(text(&added).contains("created the secretariat user 'admin'"));

    let key_file = h.join("li.pub");
    std::fs::write(&key_file, format!("{PUBLIC_KEY}\n")).unwrap();
    let keyed = docket(h, &["user", "key", "li.wei", key_file.to_str().unwrap()]);
    assert!(keyed.status.success(), "{}", text(&keyed));

    let listed = text(&docket(h, &["user", "list"]));
    let line = listed.lines().find(|l| l.starts_with("li.wei")).unwrap();
    assert!(
        line.contains("expert") && line.contains("李伟") && line.contains("1 ssh key"),
        "{listed}"
    );

    // The expert may not manage users; the last secretariat user stays.
    let refused = docket(
        h,
        &["--as", "li.wei", "user", "add", "x", "--role", "expert"],
    );
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("may not manage users"),
        "{}",
        text(&refused)
    );
    let refused = docket(h, &["user", "remove", "admin"]);
    assert!(!refused.status.success());
    assert!(text(&refused).contains("last secretariat user"));

    let removed = docket(h, &["user", "remove", "li.wei"]);
    assert!(removed.status.success());
    assert!(!text(&docket(h, &["user", "list"])).contains("li.wei"));

    // first user, add, key, remove: four entries, and no key material in the log.
    let verified = docket(h, &["audit", "verify"]);
    assert!(
        text(&verified).contains("4 entries verified"),
        "{}",
        text(&verified)
    );
}

#[test]
fn bad_names_and_bad_keys_are_refused_with_the_reason() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let refused = docket(h, &["user", "add", "李伟", "--role", "expert"]);
    assert!(!refused.status.success());
    assert!(text(&refused).contains("not a valid user name"));

    docket(h, &["user", "add", "wang", "--role", "supervisor"]);
    let private = h.join("id_ed25519");
    std::fs::write(
        &private,
        "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
    )
    .unwrap();
    let refused = docket(h, &["user", "key", "wang", private.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(text(&refused).contains("private key"), "{}", text(&refused));
    let truncated = h.join("cut.pub");
    std::fs::write(&truncated, &PUBLIC_KEY[..40]).unwrap();
    let refused = docket(h, &["user", "key", "wang", truncated.to_str().unwrap()]);
    assert!(text(&refused).contains("cut short"), "{}", text(&refused));
    assert!(text(&docket(h, &["user", "list"])).contains("no ssh key"));
}
