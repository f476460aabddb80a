//! The note a running docket leaves beside its store, so that a second
//! process refused by sled's lock can say who holds the store.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

const FILE_NAME: &str = "owner.json";

/// Who holds the store: written after opening, removed on a clean close.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub pid: u32,
    /// What the holder is doing, e.g. `docket (terminal, as admin)`.
    pub role: String,
    /// The address `docket serve` listens on, when it is the holder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
    pub since: DateTime<Utc>,
}

impl Owner {
    pub fn describe(&self) -> String {
        let mut text = format!(
            "{} (pid {}, since {})",
            self.role,
            self.pid,
            self.since.format("%Y-%m-%d %H:%M UTC")
        );
        if let Some(listen) = &self.listen {
            let (port, host) = (port_of(listen), host_of(listen));
            text = format!("{text}; connect with: ssh -p {port} USER@{host}");
        }
        text
    }
}

impl Owner {
    /// The ssh command that runs `command` on the server holding the store,
    /// from this machine; `None` when the holder is not a server.
    pub fn ssh_command(&self, command: &str) -> Option<String> {
        let listen = self.listen.as_deref()?;
        let host = match host_of(listen) {
            "0.0.0.0" | "::" => "127.0.0.1",
            host => host,
        };
        Some(format!("ssh -p {} USER@{host} {command}", port_of(listen)))
    }
}

fn host_of(listen: &str) -> &str {
    listen.rsplit_once(':').map_or(listen, |(host, _)| {
        host.trim_start_matches('[').trim_end_matches(']')
    })
}

fn port_of(listen: &str) -> &str {
    listen.rsplit_once(':').map_or("22", |(_, port)| port)
}

pub fn path(store: &Path) -> PathBuf {
    store.join(FILE_NAME)
}

pub fn read(store: &Path) -> Option<Owner> {
    let text = std::fs::read_to_string(path(store)).ok()?;
    serde_json::from_str(&text).ok()
}

pub fn write(store: &Path, owner: &Owner) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(owner).map_err(std::io::Error::other)?;
    std::fs::write(path(store), text)
}

pub fn remove(store: &Path) {
    let _ = std::fs::remove_file(path(store));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_owner_names_the_ssh_command() {
        let owner = Owner {
            pid: 42,
            role: "docket serve".into(),
            listen: Some("127.0.0.1:2222".into()),
            since: DateTime::from_timestamp(0, 0).unwrap(),
        };
        let text = owner.describe();
        assert!(text.contains("pid 42"), "{text}");
        assert!(text.contains("ssh -p 2222 USER@127.0.0.1"), "{text}");
        assert_eq!(host_of("[::1]:2022"), "::1");
        assert_eq!(
            owner.ssh_command("backup /tmp/a.docket").as_deref(),
            Some("ssh -p 2222 USER@127.0.0.1 backup /tmp/a.docket")
        );
        let anywhere = Owner {
            listen: Some("0.0.0.0:2022".into()),
            ..owner
        };
        assert_eq!(
            anywhere.ssh_command("backup x").as_deref(),
            Some("ssh -p 2022 USER@127.0.0.1 backup x")
        );
    }
}
