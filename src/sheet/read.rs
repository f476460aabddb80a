//! Reading a workbook: the three sheets cell by cell (only the cells the
//! file holds, so a sheet that claims half a million empty rows costs
//! nothing), headers matched to columns, then each application assembled
//! as a JSON value and checked by the same reader as a JSON file.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Dimensions, Reader, Xlsx, XlsxError};

use super::assemble::assemble;
use super::cells::Raw;
use super::{Column, Sheet};
use crate::domain::Application;

/// One problem in a workbook, at a sheet, row and column where it has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetProblem {
    /// The sheet's name as the file spells it.
    pub sheet: String,
    /// 1-based row; 0 for the sheet as a whole.
    pub row: u32,
    /// The column's letter and header, e.g. `C (姓名 (name))`.
    pub column: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for SheetProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.row, &self.column) {
            (0, _) => write!(f, "{}: {}", self.sheet, self.reason),
            (row, None) => write!(f, "{}, row {row}: {}", self.sheet, self.reason),
            (row, Some(column)) => {
                write!(
                    f,
                    "{}, row {row}, column {column}: {}",
                    self.sheet, self.reason
                )
            }
        }
    }
}

/// What a workbook holds: the valid applications, the problems, and where
/// each application came from, to place problems found later (ids already
/// in the store). Nothing may be imported unless `problems` is empty.
#[derive(Debug, Default)]
pub struct Workbook {
    pub applications: Vec<Application>,
    /// The 1-based position of each valid application in the sheet.
    pub(super) positions: Vec<usize>,
    pub problems: Vec<SheetProblem>,
    /// Cells cleaned on the way in (control characters removed).
    pub notes: Vec<SheetProblem>,
    pub(super) places: Vec<super::assemble::Place>,
    pub(super) sheets: Vec<ReadSheet>,
}

/// One sheet as read: its name in the file, the columns its header names
/// and the rows below the header that hold anything.
#[derive(Debug, Default)]
pub(super) struct ReadSheet {
    pub name: String,
    pub header_row: u32,
    /// Column index to the column it holds and the header as written.
    pub columns: BTreeMap<u32, (&'static Column, String)>,
    /// 0-based row to its non-empty cells by column index.
    pub rows: BTreeMap<u32, Vec<(u32, Raw)>>,
    /// Merged cell ranges, read only when a problem needs them.
    pub merged: Option<Vec<Dimensions>>,
    /// What is wrong with the header row.
    pub header_problems: Vec<SheetProblem>,
}

impl ReadSheet {
    /// The column index of a field, if the header has it.
    pub fn index_of(&self, key: &str) -> Option<u32> {
        self.columns
            .iter()
            .find_map(|(i, (c, _))| (c.key == key).then_some(*i))
    }

    pub fn problem(
        &self,
        row: u32,
        column: Option<u32>,
        reason: impl Into<String>,
    ) -> SheetProblem {
        SheetProblem {
            sheet: self.name.clone(),
            row: row + 1,
            column: column.map(|i| match self.columns.get(&i) {
                Some((_, header)) => format!("{} ({header})", letters(i)),
                None => letters(i),
            }),
            reason: reason.into(),
        }
    }
}

/// The column letters of a 0-based index: 0 is A, 26 is AA.
pub fn letters(index: u32) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Reads and checks a workbook. `Err` is a problem with the file as a
/// whole: not a workbook, a sheet missing or unreadable. `progress` is told
/// the rows read so far and the rows the sheets announce.
pub fn read_workbook(bytes: &[u8], progress: &mut dyn FnMut(u64, u64)) -> Result<Workbook, String> {
    let mut xlsx = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable XLSX workbook ({})", brief(&e)))?;
    let names = xlsx.sheet_names();
    let mut found = Vec::with_capacity(3);
    for sheet in Sheet::ALL {
        let matching: Vec<&String> = names.iter().filter(|n| sheet.matches(n)).collect();
        match matching.as_slice() {
            [one] => found.push((*one).clone()),
            [] => {
                return Err(format!(
                    "no sheet named {} or {}; the workbook has {}",
                    sheet.name(),
                    sheet.label(),
                    listed(&names)
                ));
            }
            several => {
                return Err(format!(
                    "sheet {} appears more than once: {}",
                    sheet.name(),
                    listed(&several.iter().map(|s| (*s).clone()).collect::<Vec<_>>())
                ));
            }
        }
    }

    let mut total = 0;
    for name in &found {
        let reader = xlsx
            .worksheet_cells_reader(name)
            .map_err(|e| format!("sheet {name}: cannot be read ({})", brief(&e)))?;
        let d = reader.dimensions();
        total += u64::from(d.end.0.saturating_sub(d.start.0)) + 1;
    }
    let mut done = 0;
    let mut sheets = Vec::with_capacity(3);
    for (sheet, name) in Sheet::ALL.into_iter().zip(found) {
        let rows = read_rows(&mut xlsx, &name, &mut |n| {
            done += 1;
            if n.is_multiple_of(1024) {
                progress(done, total.max(done));
            }
        })?;
        sheets.push(read_header(sheet, name, rows));
    }
    progress(done, done);

    let mut workbook = assemble(sheets);
    if workbook
        .problems
        .iter()
        .any(|p| p.reason.starts_with(MISSING))
    {
        note_merged(&mut workbook, &mut xlsx);
    }
    Ok(workbook)
}

/// The start of the reason the field reader gives for an absent field.
pub(super) const MISSING: &str = "missing required field";

fn brief(error: &XlsxError) -> String {
    let text = error.to_string();
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// A cell the reader stopped at: named by the cell read before it, since
/// the reader tells no position of its own.
fn broken_cell(name: &str, last: Option<(u32, u32)>, error: &XlsxError) -> String {
    let text = brief(error);
    let what = if text.to_lowercase().contains("utf-8") {
        "is not valid UTF-8 text"
    } else {
        "cannot be read"
    };
    match last {
        Some((row, column)) => format!(
            "sheet {name}: the cell after {}{} {what} ({text})",
            letters(column),
            row + 1
        ),
        None => format!("sheet {name}: the first cell {what} ({text})"),
    }
}

fn listed(names: &[String]) -> String {
    if names.is_empty() {
        return "no sheets".to_owned();
    }
    let quoted: Vec<String> = names
        .iter()
        .map(|n| match n.char_indices().nth(40) {
            Some((cut, _)) => format!("{:?}…", &n[..cut]),
            None => format!("{n:?}"),
        })
        .collect();
    quoted.join(", ")
}

/// Every cell that holds something, by row.
fn read_rows(
    xlsx: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    on_row: &mut dyn FnMut(u64),
) -> Result<BTreeMap<u32, Vec<(u32, Raw)>>, String> {
    let unreadable = |e: &XlsxError| format!("sheet {name}: cannot be read ({})", brief(e));
    let mut reader = xlsx
        .worksheet_cells_reader(name)
        .map_err(|e| unreadable(&e))?;
    let mut rows: BTreeMap<u32, Vec<(u32, Raw)>> = BTreeMap::new();
    let mut count = 0;
    let mut last: Option<(u32, u32)> = None;
    loop {
        let cell = match reader.next_cell_with_formula() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(e) => return Err(broken_cell(name, last, &e)),
        };
        last = Some(cell.pos);
        let Some(raw) = Raw::from_cell(cell.value, cell.formula) else {
            continue;
        };
        let (row, column) = cell.pos;
        let cells = rows.entry(row).or_default();
        if cells.is_empty() {
            count += 1;
            on_row(count);
        }
        cells.push((column, raw));
    }
    Ok(rows)
}

/// Splits off the header (the first row that holds anything) and matches
/// its cells to columns.
fn read_header(sheet: Sheet, name: String, mut rows: BTreeMap<u32, Vec<(u32, Raw)>>) -> ReadSheet {
    let mut read = ReadSheet {
        name,
        ..ReadSheet::default()
    };
    let Some((header_row, cells)) = rows.pop_first() else {
        read.rows = rows;
        return read;
    };
    read.header_row = header_row;
    read.rows = rows;
    super::assemble::match_header(sheet, &mut read, cells);
    read
}

/// Adds to each "missing required field" problem of a cell inside merged
/// cells that the value belongs to the merged range's first cell only.
fn note_merged(workbook: &mut Workbook, xlsx: &mut Xlsx<Cursor<&[u8]>>) {
    for sheet in &mut workbook.sheets {
        sheet.merged = xlsx.merge_cells_by_sheet_name(&sheet.name).ok();
    }
    let sheets = &workbook.sheets;
    for problem in &mut workbook.problems {
        let Some(sheet) = sheets.iter().find(|s| s.name == problem.sheet) else {
            continue;
        };
        let Some(column) = problem.column.as_deref().and_then(column_index) else {
            continue;
        };
        let (row, merged) = (problem.row - 1, sheet.merged.as_deref().unwrap_or_default());
        let range = merged.iter().find(|d| {
            (d.start.0..=d.end.0).contains(&row)
                && (d.start.1..=d.end.1).contains(&column)
                && (d.start.0, d.start.1) != (row, column)
        });
        if let (Some(d), true) = (range, problem.reason.starts_with(MISSING)) {
            let first = format!("{}{}", letters(d.start.1), d.start.0 + 1);
            let last = format!("{}{}", letters(d.end.1), d.end.0 + 1);
            problem.reason = format!(
                "{MISSING}: the cell is part of the merged cells {first}:{last}, \
                 whose value belongs to {first} only"
            );
        }
    }
}

/// The 0-based index of the column letters a problem starts with.
fn column_index(column: &str) -> Option<u32> {
    let letters: String = column
        .chars()
        .take_while(char::is_ascii_uppercase)
        .collect();
    if letters.is_empty() {
        return None;
    }
    let mut n: u32 = 0;
    for b in letters.bytes() {
        n = n.checked_mul(26)?.checked_add(u32::from(b - b'A') + 1)?;
    }
    Some(n - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_go_both_ways() {
        for (index, text) in [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(letters(index), text);
            assert_eq!(column_index(&format!("{text} (x)")), Some(index));
        }
        assert_eq!(column_index("(x)"), None);
    }

    #[test]
    fn a_problem_reads_sheet_row_column() {
        let problem = SheetProblem {
            sheet: "申报".into(),
            row: 5,
            column: Some("F (姓名)".into()),
            reason: "missing required field".into(),
        };
        assert_eq!(
            problem.to_string(),
            "申报, row 5, column F (姓名): missing required field"
        );
    }
}
