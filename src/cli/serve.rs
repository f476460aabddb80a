//! `docket serve`: bind, open the store as its owner, make or read the host
//! key, say how to connect, then serve until the process ends.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;

use crate::serve::ServeOptions;
use crate::service::{Service, SystemClock};
use crate::store::OpenOptions;

use super::{Global, default_store_path, project_dirs};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Loopback by default; any other address is a choice
    /// to make on purpose (port 0 picks a free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:2222")]
    pub listen: String,
    /// The server's host key (made on first start, mode 0600).
    #[arg(long, value_name = "PATH")]
    pub host_key: Option<PathBuf>,
    /// Sessions allowed at once.
    #[arg(long, value_name = "N", default_value_t = ServeOptions::DEFAULT_MAX_SESSIONS)]
    pub max_sessions: usize,
    /// How long a session may go without input before it is closed: minutes,
    /// or a number with a unit (`90s`, `30m`, `2h`).
    #[arg(long, value_name = "TIME", default_value = "30m", value_parser = parse_duration)]
    pub idle_timeout: Duration,
    /// Seconds of silence before a client is sent a keepalive.
    #[arg(long, value_name = "SECONDS", default_value_t = ServeOptions::DEFAULT_KEEPALIVE_SECONDS)]
    pub keepalive: u64,
}

/// Where the host key lives unless `--host-key` says otherwise.
pub fn default_host_key() -> PathBuf {
    project_dirs().map_or_else(
        || PathBuf::from("ssh_host_ed25519_key"),
        |d| d.data_dir().join("ssh_host_ed25519_key"),
    )
}

pub fn run(global: &Global, args: &ServeArgs) -> Result<ExitCode> {
    let listener = TcpListener::bind(&args.listen)
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let address = listener.local_addr()?;

    let path = global.db.clone().unwrap_or_else(default_store_path);
    let options = OpenOptions {
        role: "docket serve".into(),
        listen: Some(address.to_string()),
        ..OpenOptions::default()
    };
    let opened = Service::open(&path, &options, Arc::new(SystemClock))?;
    if let Some(user) = &opened.created_user {
        eprintln!(
            "docket: new store at {}; created the secretariat user '{user}'",
            path.display()
        );
    }
    let service = Arc::new(opened.service);

    let host_key = args.host_key.clone().unwrap_or_else(default_host_key);
    let key = crate::serve::host_key(&host_key)?;
    let serve_options = ServeOptions {
        max_sessions: args.max_sessions.max(1),
        idle_timeout: args.idle_timeout.max(Duration::from_secs(1)),
        keepalive: Duration::from_secs(args.keepalive.max(1)),
        unsent_cap: ServeOptions::DEFAULT_UNSENT_CAP,
        ui: crate::term::ui_options(global)?,
    };

    println!("docket serve: listening on {address}");
    if !address.ip().is_loopback() {
        println!("docket serve: {address} is reachable from other machines");
    }
    println!(
        "docket serve: host key {} ({})",
        crate::serve::fingerprint(&key),
        host_key.display()
    );
    println!(
        "docket serve: connect with: ssh -p {} USER@{}",
        address.port(),
        address.ip()
    );
    println!("docket serve: store {}", path.display());
    tracing::info!(address = %address, store = %path.display(), "serving");
    crate::serve::run(service, listener, serve_options, key)?;
    Ok(ExitCode::SUCCESS)
}

/// `30` (minutes), `90s`, `30m` or `2h`.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text, "m"),
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("'{text}' is not a time: use minutes, or 90s, 30m, 2h"))?;
    match unit {
        "s" => Ok(Duration::from_secs(n)),
        "m" => Ok(Duration::from_secs(n * 60)),
        "h" => Ok(Duration::from_secs(n * 3600)),
        other => Err(format!("unknown unit '{other}' in '{text}': use s, m or h")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_minutes_by_default_and_take_units() {
        assert_eq!(parse_duration("30"), Ok(Duration::from_mins(30)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_hours(2)));
        assert!(parse_duration("2d").unwrap_err().contains("unknown unit"));
        assert!(parse_duration("soon").unwrap_err().contains("not a time"));
    }
}
