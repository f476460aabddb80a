//! `docket import FILE.xlsx`: the three-sheet workbook, checked by the same
//! rules as JSON, every problem named by sheet, row and column.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use indicatif::ProgressBar;

use super::{dry_run_report, progress_bar, refuse, write};
use crate::cli::{Global, open_as};
use crate::sheet::read_workbook;

/// Whether the file is to be read as a workbook: named `.xlsx`, or
/// starting as a zip archive does.
pub fn is_workbook(file: &Path) -> Result<bool> {
    let named = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if named {
        return Ok(true);
    }
    let mut start = [0_u8; 4];
    let read = std::fs::File::open(file)
        .and_then(|mut f| f.read(&mut start))
        .with_context(|| format!("cannot read {}", file.display()))?;
    Ok(read == 4 && start == *b"PK\x03\x04")
}

pub fn run(global: &Global, file: &Path, dry_run: bool) -> Result<ExitCode> {
    let source = file.display().to_string();
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {source}"))?;
    let mut bar: Option<ProgressBar> = None;
    let read = read_workbook(&bytes, &mut |done, total| {
        let bar = bar.get_or_insert_with(|| progress_bar(total, "reading"));
        bar.set_length(total);
        bar.set_position(done);
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    drop(bytes);
    let workbook = match read {
        Ok(workbook) => workbook,
        Err(reason) => return Ok(refuse(&source, &[format!("{source}: {reason}")])),
    };

    for note in &workbook.notes {
        eprintln!("{source}: {note}");
    }
    let (service, user) = open_as(global, "docket import")?;
    let mut problems = workbook.problems.clone();
    problems.extend(workbook.locate(&service.import_conflicts(&workbook.applications)?));
    if !problems.is_empty() {
        let lines: Vec<String> = problems.iter().map(|p| format!("{source}: {p}")).collect();
        return Ok(refuse(&source, &lines));
    }
    if dry_run {
        return Ok(dry_run_report(&source, &workbook.applications));
    }
    write(&service, &user, &workbook.applications, &source, &|found| {
        workbook
            .locate(found)
            .iter()
            .map(|p| format!("{source}: {p}"))
            .collect()
    })
}
