//! `docket written import FILE [--dry-run]` and `docket written set ID
//! SCORE`: written exam scores (笔试成绩) for applications at the written
//! exam. An import reports every bad line before anything is written.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;

use crate::service::ServiceError;

use super::{Global, open_as};

#[derive(Debug, Subcommand)]
pub enum WrittenCommand {
    /// Import `id,score` lines from a CSV file (UTF-8); all or nothing.
    Import {
        file: PathBuf,
        /// Check every line against the store, but write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Enter or correct one applicant's written score (0-100).
    Set { id: String, score: u32 },
}

pub fn run(global: &Global, command: WrittenCommand) -> Result<ExitCode> {
    let (service, user) = open_as(global, "docket written")?;
    match command {
        WrittenCommand::Import { file, dry_run } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let name = file.display().to_string();
            let checked = service.check_written_csv(&user, &bytes)?;
            let rows = match checked {
                Ok(rows) => rows,
                Err(problems) => {
                    for problem in &problems {
                        eprintln!("{name}: {problem}");
                    }
                    eprintln!(
                        "docket: {} problem(s) in {name}; nothing was written",
                        problems.len()
                    );
                    return Ok(ExitCode::FAILURE);
                }
            };
            if dry_run {
                println!(
                    "{name}: {} written scores checked; nothing written (dry run)",
                    rows.len()
                );
                return Ok(ExitCode::SUCCESS);
            }
            match service.import_written_csv(&user, &bytes, &name) {
                Ok(count) => {
                    println!("{name}: {count} written scores imported");
                    Ok(ExitCode::SUCCESS)
                }
                Err(ServiceError::Written { problems }) => {
                    for problem in &problems {
                        eprintln!("{name}: {problem}");
                    }
                    Ok(ExitCode::FAILURE)
                }
                Err(other) => Err(other.into()),
            }
        }
        WrittenCommand::Set { id, score } => {
            service.set_written_score(&user, &id, score)?;
            println!("{id}: written score {score}");
            Ok(ExitCode::SUCCESS)
        }
    }
}
