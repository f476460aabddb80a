//! `docket check`: the eligibility of each application in a file, as JSON
//! Lines on standard output. It reads no store and writes none.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::domain::Cycle;
use crate::domain::rules::check_document_lines;
use crate::lang::Lang;

pub fn run(file: &Path, cycle_file: Option<&Path>, lang: Lang) -> Result<ExitCode> {
    let cycle = match cycle_file {
        Some(path) => load_cycle(path)?,
        None => Cycle::default_2024(),
    };
    let text = super::import::read_text(file)?;
    let (lines, all_valid) = check_document_lines(&text, &cycle, lang);

    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for line in &lines {
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Reads a cycle configuration, naming the key and reason when it is malformed.
pub fn load_cycle(path: &Path) -> Result<Cycle> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Cycle::from_toml(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}
