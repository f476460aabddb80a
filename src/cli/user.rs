//! `docket user add|list|remove|key`: the people who may use the store.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;

use super::{Global, open_as};
use crate::domain::{User, UserRole};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user.
    Add {
        /// Login name (also the SSH user name): ASCII letters, digits, '.', '_', '-'.
        name: String,
        #[arg(long, value_parser = ["secretariat", "expert", "supervisor"])]
        role: String,
        /// The name to show, e.g. in Chinese.
        #[arg(long, value_name = "TEXT")]
        display: Option<String>,
        #[arg(long, value_name = "P")]
        province: Option<String>,
        #[arg(long = "org", value_name = "O")]
        organization: Option<String>,
    },
    /// List the users.
    List,
    /// Remove a user (the last secretariat user stays).
    Remove { name: String },
    /// Add an SSH public key (a .pub file) that logs the user in.
    Key { name: String, pubkey_file: PathBuf },
}

pub fn run(global: &Global, command: UserCommand) -> Result<ExitCode> {
    let (service, actor) = open_as(global, "docket user")?;
    match command {
        UserCommand::Add {
            name,
            role,
            display,
            province,
            organization,
        } => {
            let role = UserRole::from_code(&role).context("unknown role")?;
            let mut user = User::new(&name, role);
            user.display = display;
            user.province = province;
            user.organization = organization;
            service.add_user(&actor, &user)?;
            println!("added {} ({})", user.name, role.code());
        }
        UserCommand::List => {
            for user in service.users(&actor)? {
                println!("{}", describe(&user));
            }
        }
        UserCommand::Remove { name } => {
            service.remove_user(&actor, &name)?;
            println!("removed {name}");
        }
        UserCommand::Key { name, pubkey_file } => {
            let text = read_key(&pubkey_file)?;
            let digest = service.add_user_key(&actor, &name, &text)?;
            println!(
                "added a key for {name} (sha256 of the key line {})",
                &digest[..16]
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn read_key(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    anyhow::ensure!(
        bytes.len() <= 64 * 1024,
        "{} is too large for a public key",
        path.display()
    );
    String::from_utf8(bytes).with_context(|| format!("{} is not a text file", path.display()))
}

/// One line per user: name, role, display name, province, organization, keys.
fn describe(user: &User) -> String {
    let keys = match user.keys.len() {
        0 => "no ssh key".to_owned(),
        1 => "1 ssh key".to_owned(),
        n => format!("{n} ssh keys"),
    };
    let mut parts = vec![
        format!("{:<16}", user.name),
        format!("{:<11}", user.role.code()),
    ];
    parts.extend(user.display.iter().cloned());
    parts.extend(user.province.iter().cloned());
    parts.extend(user.organization.iter().cloned());
    parts.push(keys);
    parts.join("  ")
}
