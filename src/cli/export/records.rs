//! The exports of records rather than results: the applications with
//! their personal data (the JSON of INTERCHANGE.md, the workbook in the
//! import layout, or the applications sheet alone as CSV), the audit log,
//! and the empty workbook template.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::{Value, json};

use super::{Format, Table, emit};
use crate::cli::import::progress_bar;
use crate::domain::{Application, User};
use crate::service::Service;
use crate::sheet::{APPLICATION_COLUMNS, applications_workbook, template_workbook};
use crate::store::AuditEntry;

/// Where `docket export template` writes without `-o`.
const TEMPLATE_FILE: &str = "docket-template.xlsx";

pub fn template(output: Option<&Path>) -> Result<ExitCode> {
    let file = output.unwrap_or_else(|| Path::new(TEMPLATE_FILE));
    if output.is_none() && file.exists() {
        anyhow::bail!("{TEMPLATE_FILE} exists already; give another file with -o FILE.xlsx");
    }
    let bytes = template_workbook()?;
    super::write_file(file, &bytes)?;
    eprintln!("docket: wrote the workbook template to {}", file.display());
    Ok(ExitCode::SUCCESS)
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        Format::Csv => "csv",
        Format::Xlsx => "xlsx",
        Format::Text => "text",
    }
}

pub fn applications(
    service: &Service,
    user: &User,
    format: Format,
    output: Option<&Path>,
    only: Option<&[String]>,
) -> Result<ExitCode> {
    let applications = service.export_applications(user, format_name(format), only)?;
    let bar = progress_bar(applications.len() as u64, "exporting");
    let bytes = application_bytes(&applications, format, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    emit(output, &bytes, applications.len(), "applications")?;
    Ok(ExitCode::SUCCESS)
}

/// The applications in `format`; `progress` hears of a workbook's rows.
fn application_bytes(
    applications: &[Application],
    format: Format,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<u8>> {
    Ok(match format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(applications)?;
            text.push('\n');
            text.into_bytes()
        }
        Format::Csv => applications_table(applications).csv().into_bytes(),
        Format::Text => anyhow::bail!("--format text is for the notice export only"),
        Format::Xlsx => applications_workbook(applications, progress)?,
    })
}

/// Writes the applications `ids` to a new file `path` on this machine, in
/// the format its extension names (`.json`, `.csv`, `.xlsx`), as the desk's
/// `:export` does. Returns how many were written.
pub fn applications_file(
    service: &Service,
    user: &User,
    ids: &[String],
    path: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<usize> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let format = match extension.as_deref() {
        Some("json") => Format::Json,
        Some("csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        _ => anyhow::bail!("{}: name a .json, .csv or .xlsx file", path.display()),
    };
    if path.exists() {
        anyhow::bail!("{} exists already; choose a new file", path.display());
    }
    let applications = service.export_applications(user, format_name(format), Some(ids))?;
    let bytes = application_bytes(&applications, format, progress)?;
    super::write_file(path, &bytes)?;
    Ok(applications.len())
}

/// The applications sheet as a table: one column per field, the training
/// records and evidence items left out (they are in the workbook and JSON).
fn applications_table(applications: &[Application]) -> Table {
    let header: Vec<&'static str> = APPLICATION_COLUMNS.iter().map(|c| c.key).collect();
    let rows = applications
        .iter()
        .map(|application| {
            let value = serde_json::to_value(application).unwrap_or(Value::Null);
            header
                .iter()
                .map(|key| {
                    let cell = match key.split_once('.') {
                        Some((outer, inner)) => value.get(outer).and_then(|v| v.get(inner)),
                        None => value.get(*key),
                    };
                    match cell {
                        Some(Value::String(s)) => s.clone(),
                        Some(Value::Null) | None => String::new(),
                        Some(other) => other.to_string(),
                    }
                })
                .collect()
        })
        .collect();
    Table {
        noun: "applications",
        json: Value::Null,
        header,
        rows,
    }
}

pub fn audit(entries: &[AuditEntry]) -> Table {
    let json = Value::Array(entries.iter().map(|e| json!(e)).collect());
    let rows = entries
        .iter()
        .map(|e| {
            vec![
                e.seq.to_string(),
                e.time.to_rfc3339(),
                e.actor.clone(),
                e.action.clone(),
                e.target.clone(),
                e.note.clone(),
                e.digest.clone(),
                e.prev.clone(),
                e.hash.clone(),
            ]
        })
        .collect();
    Table {
        noun: "audit entries",
        json,
        header: vec![
            "seq", "time", "actor", "action", "target", "note", "digest", "prev", "hash",
        ],
        rows,
    }
}
