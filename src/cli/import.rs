//! `docket import`: read, check everything, then write all or nothing.
//! JSON and JSON Lines here, XLSX workbooks in [`workbook`].

mod workbook;

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use super::{Global, open_as};
use crate::domain::parse::check_document;
use crate::domain::{Application, Problem, RecordRef, Stage};
use crate::service::{Service, ServiceError};

/// Files with more records than this get a progress bar on a terminal.
const PROGRESS_FROM: u64 = 1_000;

pub fn run(global: &Global, file: &Path, dry_run: bool) -> Result<ExitCode> {
    if workbook::is_workbook(file)? {
        return workbook::run(global, file, dry_run);
    }
    let text = read_text(file)?;
    let (applications, mut problems) = check_document(&text);

    let (service, user) = open_as(global, "docket import")?;
    problems.extend(service.import_conflicts(&applications)?);
    problems.sort_by_key(|p| p.position);

    let source = file.display().to_string();
    if !problems.is_empty() {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| format_problem(&source, p))
            .collect();
        return Ok(refuse(&source, &lines));
    }
    if dry_run {
        return Ok(dry_run_report(&source, &applications));
    }
    write(&service, &user, &applications, &source, &|problems| {
        problems
            .iter()
            .map(|p| format_problem(&source, p))
            .collect()
    })
}

fn dry_run_report(source: &str, applications: &[Application]) -> ExitCode {
    println!(
        "{source}: {} applications are valid; nothing was written (--dry-run)",
        applications.len()
    );
    print_stage_counts(applications);
    ExitCode::SUCCESS
}

/// Writes the applications; `lines` words the problems the store finds.
fn write(
    service: &Service,
    user: &crate::domain::User,
    applications: &[Application],
    source: &str,
    lines: &dyn Fn(&[Problem]) -> Vec<String>,
) -> Result<ExitCode> {
    let bar = progress_bar(applications.len() as u64, "importing");
    let outcome = service.import(user, applications, source, &mut |n| {
        bar.set_position(n as u64);
    });
    bar.finish_and_clear();
    match outcome {
        Ok(report) => {
            println!(
                "{source}: imported {} applications (audit entry {})",
                report.imported, report.audit_seq
            );
            print_stage_counts(applications);
            Ok(ExitCode::SUCCESS)
        }
        Err(ServiceError::Invalid(problems)) => Ok(refuse(source, &lines(&problems))),
        Err(other) => Err(other.into()),
    }
}

/// Reads the file as UTF-8, naming the line of the first invalid byte.
pub fn read_text(file: &Path) -> Result<String> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid].split(|&b| b == b'\n').count();
        anyhow::anyhow!(
            "{}: line {line}: not valid UTF-8 (byte {valid})",
            file.display()
        )
    })
}

pub fn format_problem(source: &str, problem: &Problem) -> String {
    let record = match &problem.record {
        RecordRef::Id(id) => format!("record {} ({id})", problem.position),
        RecordRef::Position(n) => format!("record {n}"),
    };
    if problem.field.is_empty() {
        format!("{source}: {record}: {}", problem.reason)
    } else {
        format!(
            "{source}: {record}, field {}: {}",
            problem.field, problem.reason
        )
    }
}

/// Prints every problem and says nothing was imported.
fn refuse(source: &str, lines: &[String]) -> ExitCode {
    for line in lines {
        eprintln!("{line}");
    }
    eprintln!(
        "docket: {} problem(s) in {source}; nothing was imported",
        lines.len()
    );
    ExitCode::FAILURE
}

fn print_stage_counts(applications: &[Application]) {
    let counts: Vec<String> = Stage::ALL
        .into_iter()
        .filter_map(|stage| {
            let n = applications.iter().filter(|a| a.stage == stage).count();
            (n > 0).then(|| format!("{} {n}", stage.code()))
        })
        .collect();
    if !counts.is_empty() {
        println!("  by stage: {}", counts.join(", "));
    }
}

/// A progress bar on standard error, shown only for large jobs on a terminal.
pub fn progress_bar(total: u64, label: &'static str) -> ProgressBar {
    if total < PROGRESS_FROM || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    let style =
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} {per_sec} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(label);
    bar
}

/// What an import from the desk (`:import FILE`) came to.
pub enum DeskImport {
    Imported(usize),
    /// Nothing was written; the problems, each as the command line words it.
    Refused(Vec<String>),
}

/// Reads, checks and writes a JSON, JSON Lines or XLSX file as
/// `docket import` does, for the desk: all or nothing, through the same
/// service call; `progress` hears of the records written and their total.
pub fn import_for_desk(
    service: &Service,
    user: &crate::domain::User,
    file: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<DeskImport> {
    let source = file.display().to_string();
    let (applications, problems) = if workbook::is_workbook(file)? {
        let bytes = std::fs::read(file).with_context(|| format!("cannot read {source}"))?;
        match crate::sheet::read_workbook(&bytes, &mut |_, _| {}) {
            Ok(book) => {
                let mut problems: Vec<String> = book
                    .problems
                    .iter()
                    .map(|p| format!("{source}: {p}"))
                    .collect();
                let found = service.import_conflicts(&book.applications)?;
                problems.extend(book.locate(&found).iter().map(|p| format!("{source}: {p}")));
                (book.applications, problems)
            }
            Err(reason) => return Ok(DeskImport::Refused(vec![format!("{source}: {reason}")])),
        }
    } else {
        let text = read_text(file)?;
        let (applications, mut problems) = check_document(&text);
        problems.extend(service.import_conflicts(&applications)?);
        problems.sort_by_key(|p| p.position);
        let lines = problems
            .iter()
            .map(|p| format_problem(&source, p))
            .collect();
        (applications, lines)
    };
    if !problems.is_empty() {
        return Ok(DeskImport::Refused(problems));
    }
    let total = applications.len();
    match service.import(user, &applications, &source, &mut |n| progress(n, total)) {
        Ok(report) => Ok(DeskImport::Imported(report.imported)),
        Err(ServiceError::Invalid(problems)) => Ok(DeskImport::Refused(
            problems
                .iter()
                .map(|p| format_problem(&source, p))
                .collect(),
        )),
        Err(other) => Err(other.into()),
    }
}
