//! Written exam scores (笔试): one whole number from 0 to 100 per
//! application, typed in or imported from a CSV file of `id,score` lines.
//!
//! The import is all or nothing: [`parse_written_csv`] reports every
//! problem with its line and column, or gives every row. Whether an id
//! names an application of the store is for the caller to check, with the
//! line numbers the rows carry.

use std::collections::HashMap;
use std::fmt;

use super::review::{PointsError, parse_points};

/// The most a written exam gives.
pub const WRITTEN_MAX: u32 = 100;

/// Reads a written score typed into a form.
pub fn parse_written_score(text: &str) -> Result<u32, PointsError> {
    parse_points(text, WRITTEN_MAX)
}

/// Checks a written score given as a number.
pub fn check_written_score(points: u32) -> Result<u32, PointsError> {
    if points <= WRITTEN_MAX {
        Ok(points)
    } else {
        Err(PointsError::OverMax {
            text: points.to_string(),
            max: WRITTEN_MAX,
        })
    }
}

/// One score read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenRow {
    /// The line it was read from, counting from 1.
    pub line: usize,
    pub id: String,
    pub score: u32,
}

/// The columns of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvColumn {
    Id,
    Score,
}

impl CsvColumn {
    pub fn code(self) -> &'static str {
        match self {
            CsvColumn::Id => "id",
            CsvColumn::Score => "score",
        }
    }

    /// The column's position, counting from 1.
    pub fn number(self) -> usize {
        match self {
            CsvColumn::Id => 1,
            CsvColumn::Score => 2,
        }
    }
}

/// One problem of the file, where it is and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvProblem {
    pub line: usize,
    /// `None` when the problem is the whole line.
    pub column: Option<CsvColumn>,
    pub reason: CsvReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvReason {
    /// The line is not UTF-8 (a spreadsheet saved it in another encoding).
    NotUtf8,
    /// A quoted field is not closed on its line.
    UnclosedQuote,
    /// Not exactly two columns.
    Columns {
        found: usize,
    },
    EmptyId,
    /// The id holds spaces or control characters.
    BadId {
        id: String,
    },
    Score(PointsError),
    /// The id was already given on an earlier line.
    Duplicate {
        id: String,
        first_line: usize,
    },
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(column) = self.column {
            write!(f, ", column {} ({})", column.number(), column.code())?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl fmt::Display for CsvReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvReason::NotUtf8 => write!(f, "not UTF-8 text (save the file as CSV UTF-8)"),
            CsvReason::UnclosedQuote => write!(f, "a quoted field is not closed"),
            CsvReason::Columns { found } => {
                write!(f, "expected 2 columns (id,score), found {found}")
            }
            CsvReason::EmptyId => write!(f, "the id is empty"),
            CsvReason::BadId { id } => {
                write!(
                    f,
                    "{id:?} is not an id: it holds spaces or control characters"
                )
            }
            CsvReason::Score(problem) => write!(f, "{problem}"),
            CsvReason::Duplicate { id, first_line } => {
                write!(f, "{id} is already scored on line {first_line}")
            }
        }
    }
}

/// Parses a file of `id,score` lines. A first line `id,score` (any case)
/// is a header; a byte-order mark, `\r\n` line ends, quoted fields,
/// spaces around fields and blank lines are accepted.
pub fn parse_written_csv(bytes: &[u8]) -> Result<Vec<WrittenRow>, Vec<CsvProblem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    let mut before_first = true;

    for (index, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = index + 1;
        let whole_line = |reason| CsvProblem {
            line,
            column: None,
            reason,
        };
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let Ok(text) = std::str::from_utf8(raw) else {
            problems.push(whole_line(CsvReason::NotUtf8));
            before_first = false;
            continue;
        };
        let Some(fields) = split_fields(text) else {
            problems.push(whole_line(CsvReason::UnclosedQuote));
            before_first = false;
            continue;
        };
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if std::mem::take(&mut before_first) && is_header(&fields) {
            continue;
        }
        if fields.len() != 2 {
            problems.push(whole_line(CsvReason::Columns {
                found: fields.len(),
            }));
            continue;
        }

        let id = check_id(fields[0].trim()).map_err(|reason| CsvProblem {
            line,
            column: Some(CsvColumn::Id),
            reason,
        });
        let score = parse_written_score(&fields[1]).map_err(|reason| CsvProblem {
            line,
            column: Some(CsvColumn::Score),
            reason: CsvReason::Score(reason),
        });
        let id = id.and_then(|id| {
            if let Some(&first_line) = first_seen.get(id) {
                Err(CsvProblem {
                    line,
                    column: Some(CsvColumn::Id),
                    reason: CsvReason::Duplicate {
                        id: id.to_owned(),
                        first_line,
                    },
                })
            } else {
                first_seen.insert(id.to_owned(), line);
                Ok(id)
            }
        });
        match (id, score) {
            (Ok(id), Ok(score)) => rows.push(WrittenRow {
                line,
                id: id.to_owned(),
                score,
            }),
            (id, score) => problems.extend(id.err().into_iter().chain(score.err())),
        }
    }

    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

fn is_header(fields: &[String]) -> bool {
    let names: Vec<String> = fields.iter().map(|f| f.trim().to_lowercase()).collect();
    names == ["id", "score"]
}

fn check_id(id: &str) -> Result<&str, CsvReason> {
    if id.is_empty() {
        Err(CsvReason::EmptyId)
    } else if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Err(CsvReason::BadId { id: id.to_owned() })
    } else {
        Ok(id)
    }
}

/// Splits one line at commas outside double quotes; `""` inside quotes is a
/// quote. `None` when a quote is left open.
fn split_fields(line: &str) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    (!quoted).then_some(fields)
}
