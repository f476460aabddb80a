//! `docket export KIND`: the committee's results, the applications, the
//! public notice list, the certificates and the audit log as JSON, CSV or
//! XLSX (the notice also as text to publish), to standard output or a file
//! (XLSX only to a file), and the empty workbook template. Scores carry one decimal
//! place as numbers; a CSV cell that a spreadsheet would read as a formula
//! is quoted with a leading apostrophe.

mod records;

pub use records::applications_file;
mod selection;
mod xlsx;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::ValueEnum;
use serde_json::{Value, json};

use crate::domain::User;
use crate::domain::query::Query;
use crate::domain::scoring::{Aggregate, ReviewStage, Score};
use crate::service::{CommitteeView, RankingLine, ScoreLine, Service};

use super::{Global, open_as};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    /// Every submitted review: achievement and defense.
    Scores,
    /// The composite and rank of each application within its level.
    Ranking,
    /// The expert and supervision committees with their checklist.
    Committee,
    /// Every application with its personal data (secretariat only, audited).
    Applications,
    /// The audit log (secretariat and supervisors).
    Audit,
    /// An empty workbook to fill in for `docket import` (XLSX).
    Template,
    /// The public notice list: name, organization, level, province.
    Notice,
    /// Every certificate issued, with its number and any revocation.
    Certificates,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Xlsx,
    /// Plain text ready to publish (the notice only).
    Text,
}

pub fn run(
    global: &Global,
    kind: ExportKind,
    format: Format,
    output: Option<&Path>,
    query: Option<&str>,
) -> Result<ExitCode> {
    if format == Format::Text && kind != ExportKind::Notice {
        anyhow::bail!("--format text is for the notice export only; use json, csv or xlsx");
    }
    if query.is_some()
        && !matches!(
            kind,
            ExportKind::Applications | ExportKind::Scores | ExportKind::Ranking
        )
    {
        anyhow::bail!(
            "--query selects applications: it applies to applications, scores and ranking"
        );
    }
    // A typed query is checked before the store is opened; a saved one
    // once the acting user is known.
    let saved = query.and_then(|text| text.strip_prefix('@'));
    let typed = match query {
        Some(text) if saved.is_none() => Some(parse_query(text)?),
        _ => None,
    };
    if kind == ExportKind::Template {
        return records::template(output);
    }
    if format == Format::Xlsx && output.is_none() {
        anyhow::bail!(
            "an XLSX workbook is not written to standard output; give a file with -o FILE.xlsx"
        );
    }
    let (service, user) = open_as(global, "docket export")?;
    let query = match saved {
        Some(name) => Some(saved_query(&service, &user, name)?),
        None => typed,
    };
    let selected = match &query {
        Some(query) => Some(selection::select(&service, &user, query)?),
        None => None,
    };
    let kept = |id: &str| selected.as_ref().is_none_or(|s| s.contains(id));
    let table = match kind {
        ExportKind::Scores => scores(&service, &user, &kept)?,
        ExportKind::Ranking => {
            let mut lines = service.ranking(&user)?;
            lines.retain(|l| kept(&l.ranked.id));
            ranking(&lines)
        }
        ExportKind::Committee => committee(&service.committee(&user)?),
        ExportKind::Notice => super::export_records::notice(&service, &user)?,
        ExportKind::Certificates => {
            super::export_records::certificates(&service.certificates(&user)?)
        }
        ExportKind::Audit => records::audit(&service.audit_log(&user)?),
        ExportKind::Applications => {
            let only = selected.as_ref().map(selection::Selected::ids);
            return records::applications(&service, &user, format, output, only);
        }
        ExportKind::Template => return records::template(output),
    };
    let bytes = match format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&table.json)?;
            text.push('\n');
            text.into_bytes()
        }
        Format::Csv => table.csv().into_bytes(),
        Format::Xlsx => {
            // One sheet named for the kind, as the command line spells it.
            let name = kind
                .to_possible_value()
                .map_or_else(|| "export".to_owned(), |v| v.get_name().to_owned());
            xlsx::table_workbook(&name, &table)?
        }
        Format::Text => {
            super::export_records::notice_text(&service, &user, super::lang(global)?)?.into_bytes()
        }
    };
    emit(output, &bytes, table.rows.len(), table.noun)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the export to the file, or to standard output.
fn emit(output: Option<&Path>, bytes: &[u8], count: usize, noun: &str) -> Result<()> {
    match output {
        Some(file) => {
            write_file(file, bytes)?;
            eprintln!("docket: wrote {count} {noun} to {}", file.display());
        }
        None => std::io::stdout().lock().write_all(bytes)?,
    }
    Ok(())
}

/// Writes beside the target first, so a failed export leaves no half file.
fn write_file(file: &Path, bytes: &[u8]) -> Result<()> {
    let mut partial = PathBuf::from(file);
    partial.as_mut_os_string().push(".partial");
    std::fs::write(&partial, bytes).with_context(|| format!("writing {}", partial.display()))?;
    std::fs::rename(&partial, file).with_context(|| format!("writing {}", file.display()))
}

/// One export: the JSON document, and the same rows for CSV.
pub(super) struct Table {
    pub noun: &'static str,
    pub json: Value,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    fn csv(&self) -> String {
        let mut out = String::new();
        push_row(&mut out, self.header.iter().map(|h| (*h).to_owned()));
        for row in &self.rows {
            push_row(&mut out, row.iter().cloned());
        }
        out
    }
}

fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    let cells: Vec<String> = cells.map(|c| csv_cell(&c)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// Quotes a cell when it holds a comma, a quote or a line break, and
/// defuses text a spreadsheet would run as a formula.
pub fn csv_cell(text: &str) -> String {
    let formula =
        text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.parse::<f64>().is_err();
    let text = if formula {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A score to one decimal place, as a JSON number.
fn number(score: Score) -> Value {
    json!(score.tenths() as f64 / 10.0)
}

fn shown(score: Option<Score>) -> String {
    score.map_or_else(String::new, |s| format!("{:.1}", s.tenths() as f64 / 10.0))
}

fn scores(
    service: &Service,
    user: &crate::domain::User,
    kept: &dyn Fn(&str) -> bool,
) -> Result<Table> {
    let mut lines: Vec<ScoreLine> = service.score_lines(user, ReviewStage::Achievement)?;
    lines.extend(service.score_lines(user, ReviewStage::Defense)?);
    lines.retain(|l| kept(&l.application));
    let json = Value::Array(
        lines
            .iter()
            .map(|l| {
                json!({
                    "application": l.application,
                    "stage": l.stage.code(),
                    "expert": l.expert,
                    "scores": l.scores,
                    "total": l.total,
                    "submitted": l.submitted.to_rfc3339(),
                })
            })
            .collect(),
    );
    let rows = lines
        .iter()
        .map(|l| {
            let scores: Vec<String> = l.scores.iter().map(u32::to_string).collect();
            vec![
                l.application.clone(),
                l.stage.code().to_owned(),
                l.expert.clone(),
                scores.join(" "),
                l.total.to_string(),
                l.submitted.to_rfc3339(),
            ]
        })
        .collect();
    Ok(Table {
        noun: "reviews",
        json,
        header: vec![
            "application",
            "stage",
            "expert",
            "scores",
            "total",
            "submitted",
        ],
        rows,
    })
}

fn aggregate_json(aggregate: Option<&Aggregate>) -> Value {
    match aggregate {
        None => Value::Null,
        Some(a) => json!({
            "mean": number(a.mean),
            "trimmed": a.trimmed,
            "median": number(a.median),
            "spread": a.spread,
            "count": a.count,
            "flagged": a.flagged,
        }),
    }
}

fn ranking(lines: &[RankingLine]) -> Table {
    let json = Value::Array(
        lines
            .iter()
            .map(|l| {
                json!({
                    "level": l.level.code(),
                    "rank": l.ranked.rank,
                    "id": l.ranked.id,
                    "stage": l.stage.code(),
                    "composite": l.ranked.composite.map(number),
                    "achievement": aggregate_json(l.achievement.as_ref()),
                    "written": l.written,
                    "defense": aggregate_json(l.defense.as_ref()),
                    "passed": l.ranked.passed,
                })
            })
            .collect(),
    );
    let rows = lines
        .iter()
        .map(|l| {
            vec![
                l.level.code().to_owned(),
                l.ranked.rank.map_or_else(String::new, |r| r.to_string()),
                l.ranked.id.clone(),
                l.stage.code().to_owned(),
                shown(l.ranked.composite),
                shown(l.achievement.map(|a| a.mean)),
                l.achievement
                    .map_or_else(String::new, |a| a.spread.to_string()),
                l.achievement
                    .map_or_else(String::new, |a| a.flagged.to_string()),
                l.written.map_or_else(String::new, |w| w.to_string()),
                shown(l.defense.map(|a| a.mean)),
                l.ranked.passed.to_string(),
            ]
        })
        .collect();
    Table {
        noun: "applications",
        json,
        header: vec![
            "level",
            "rank",
            "id",
            "stage",
            "composite",
            "achievement",
            "achievement_spread",
            "flagged",
            "written",
            "defense",
            "passed",
        ],
        rows,
    }
}

fn committee(view: &CommitteeView) -> Table {
    let checklist: Vec<Value> = view
        .checklist
        .lines
        .iter()
        .map(|line| {
            json!({
                "code": line.code.code(),
                "status": line.status.code(),
                "found": line.found,
                "required": line.required.to_string(),
                "missing": line.missing,
            })
        })
        .collect();
    let member = |u: &crate::domain::User, committee: &str| {
        json!({
            "committee": committee,
            "name": u.name,
            "display": u.display,
            "province": u.province,
            "organization": u.organization,
            "title_rank": u.title_rank.map(crate::domain::TitleRank::code),
            "fields": u.fields.iter().map(|f| f.code()).collect::<Vec<_>>(),
            "load": view.loads.get(&u.name),
        })
    };
    let mut members: Vec<Value> = view.experts.iter().map(|u| member(u, "expert")).collect();
    members.extend(view.supervisors.iter().map(|u| member(u, "supervision")));
    let json = json!({
        "home_province": view.home_province,
        "status": view.checklist.status().code(),
        "checklist": checklist,
        "members": members,
    });

    let row = |u: &crate::domain::User, committee: &str| {
        let fields: Vec<&str> = u.fields.iter().map(|f| f.code()).collect();
        vec![
            committee.to_owned(),
            u.name.clone(),
            u.display.clone().unwrap_or_default(),
            u.province.clone().unwrap_or_default(),
            u.organization.clone().unwrap_or_default(),
            u.title_rank
                .map(|t| t.code().to_owned())
                .unwrap_or_default(),
            fields.join(" "),
            view.loads
                .get(&u.name)
                .map_or_else(String::new, u32::to_string),
        ]
    };
    let mut rows: Vec<Vec<String>> = view.experts.iter().map(|u| row(u, "expert")).collect();
    rows.extend(view.supervisors.iter().map(|u| row(u, "supervision")));
    Table {
        noun: "members",
        json,
        header: vec![
            "committee",
            "name",
            "display",
            "province",
            "organization",
            "title_rank",
            "fields",
            "load",
        ],
        rows,
    }
}

fn parse_query(text: &str) -> Result<Query> {
    crate::domain::query::parse(text).map_err(|e| anyhow::anyhow!("--query {text:?}: {e}"))
}

/// The query of a search the user saved in the desk, by name.
fn saved_query(service: &Service, user: &User, name: &str) -> Result<Query> {
    let searches = service.saved_searches(user)?;
    let Some(search) = searches.iter().find(|s| s.name == name) else {
        let names: Vec<&str> = searches.iter().map(|s| s.name.as_str()).collect();
        let saved = if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        };
        anyhow::bail!(
            "--query @{name}: {} saved no search called {name} (saved: {saved})",
            user.name
        );
    };
    parse_query(&search.text)
}
