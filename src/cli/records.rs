//! `docket backup FILE` and `docket restore FILE --db PATH`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use indicatif::{ProgressBar, ProgressStyle};

use crate::service::ServiceError;
use crate::store::backup::{self, Header, Progress};
use crate::store::{StoreError, owner};

use super::{Global, acting_user, default_store_path, open_service};

/// A bar over the trees (a backup) or the entries (a restore).
fn bar(label: &'static str) -> ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(1);
    let style = ProgressStyle::with_template("{msg:>24} [{bar:40}] {pos}/{len}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(label);
    bar
}

fn show(bar: &ProgressBar, progress: &Progress) {
    let (position, length) = progress
        .total_entries
        .map_or((progress.trees_done, progress.trees), |total| {
            (progress.entries, total)
        });
    bar.set_length(length);
    bar.set_position(position);
    bar.set_message(format!("{} ({} entries)", progress.tree, progress.entries));
}

/// The file as the server would find it: absolute, from here.
fn absolute(file: &Path) -> PathBuf {
    std::path::absolute(file).unwrap_or_else(|_| file.to_owned())
}

pub fn backup(global: &Global, file: &Path) -> Result<ExitCode> {
    let path = global.db.clone().unwrap_or_else(default_store_path);
    let opened = match open_service(&path, global, "docket backup") {
        Ok(opened) => opened,
        Err(error) => return Err(held_by_server(&path, file, error)),
    };
    let user = acting_user(&opened.service, global.user.as_deref())?;
    let bar = bar("backing up");
    let header = opened.service.backup(&user, file, &mut |p| show(&bar, p))?;
    bar.finish_and_clear();
    println!("{}", written(file, &header));
    Ok(ExitCode::SUCCESS)
}

/// The one line a finished backup prints (also over SSH).
pub fn written(file: &Path, header: &Header) -> String {
    format!(
        "backup written to {}: {} entries in {} trees, audit log up to entry {}",
        file.display(),
        header.entries,
        header.trees,
        header.audit_head.seq
    )
}

/// When a server holds the store, the way to back it up through it.
fn held_by_server(path: &Path, file: &Path, error: anyhow::Error) -> anyhow::Error {
    let in_use = matches!(
        error.downcast_ref::<ServiceError>(),
        Some(ServiceError::Store(StoreError::InUse { .. }))
    );
    let command = owner::read(path).and_then(|o| {
        o.ssh_command(&format!("backup {}", absolute(file).display()))
            .map(|c| (o, c))
    });
    match command {
        Some((holder, command)) if in_use => anyhow!(
            "the store at {} is held by {} (pid {}); back it up through the server: {command}",
            path.display(),
            holder.role,
            holder.pid
        ),
        _ => error,
    }
}

pub fn restore(global: &Global, file: &Path) -> Result<ExitCode> {
    let target = global
        .db
        .clone()
        .context("name the new store's folder with --db PATH")?;
    let bar = bar("restoring");
    let header = backup::restore(file, &target, &mut |p| show(&bar, p));
    bar.finish_and_clear();
    let header = header.map_err(|e| anyhow!("restore refused: {e}; nothing was restored"))?;
    println!(
        "restored {} into {}: {} entries in {} trees; the audit log verifies up to entry {}",
        file.display(),
        target.display(),
        header.entries,
        header.trees,
        header.audit_head.seq
    );
    Ok(ExitCode::SUCCESS)
}
