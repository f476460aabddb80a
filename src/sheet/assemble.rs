//! From rows to applications: headers matched to columns, each application
//! row joined with its training and evidence rows by `application_id` into
//! the JSON value of INTERCHANGE.md, checked by `domain::parse`, and every
//! problem placed back at its sheet, row and column.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::cells::{self, Raw};
use super::read::{ReadSheet, SheetProblem, Workbook};
use super::{APPLICATION_ID, Sheet};
use crate::domain::parse::{ParsedRecord, parse_application};
use crate::domain::{Problem, RecordRef};

/// Where one application's rows are: 0-based rows of the applications
/// sheet and of its training and evidence rows, in order.
#[derive(Debug, Default, Clone)]
pub(crate) struct Place {
    row: u32,
    training: Vec<u32>,
    evidence: Vec<u32>,
}

const PRIOR: &str = "prior_certificate";

/// Matches the header cells to the sheet's columns: an unknown or repeated
/// header, and a required field without a column, are problems.
pub(super) fn match_header(sheet: Sheet, read: &mut ReadSheet, cells: Vec<(u32, Raw)>) {
    let row = read.header_row;
    let mut problems = Vec::new();
    for (index, raw) in cells {
        let Raw::Text(text) = raw else {
            problems.push(read.problem(row, Some(index), "a header must be text"));
            continue;
        };
        let text = text.trim().to_owned();
        let Some(column) = sheet.column(&text) else {
            let reason = format!(
                "unknown column header {:?}; a header is a field name of INTERCHANGE.md, \
                 its Chinese label, or both as in 姓名 (name)",
                shortened(&text)
            );
            problems.push(read.problem(row, Some(index), reason));
            continue;
        };
        if let Some(first) = read.index_of(column.key) {
            let reason = format!(
                "the column {} appears twice, first in column {}",
                column.key,
                super::read::letters(first)
            );
            problems.push(read.problem(row, Some(index), reason));
            continue;
        }
        read.columns.insert(index, (column, text));
    }
    for column in sheet.columns().iter().filter(|c| c.required) {
        if read.index_of(column.key).is_none() {
            let reason = format!(
                "no column for the required field {} ({})",
                column.key, column.label
            );
            problems.push(read.problem(row, None, reason));
        }
    }
    read.header_problems = problems;
}

fn shortened(text: &str) -> &str {
    match text.char_indices().nth(48) {
        Some((cut, _)) => &text[..cut],
        None => text,
    }
}

/// The cells already reported, by sheet, row and column, so the field
/// reader does not report the same cell again.
type Faults = HashSet<(usize, u32, u32)>;

/// Builds and checks every application of the three sheets.
pub(super) fn assemble(mut sheets: Vec<ReadSheet>) -> Workbook {
    let header: Vec<SheetProblem> = sheets
        .iter()
        .flat_map(|s| s.header_problems.iter().cloned())
        .collect();
    if !header.is_empty() {
        return Workbook {
            problems: header,
            sheets,
            ..Workbook::default()
        };
    }

    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let mut faults = Faults::new();
    let mut records: Vec<Pending> = Vec::new();
    let mut places: Vec<Place> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();

    let rows = std::mem::take(&mut sheets[0].rows);
    for (row, cells) in rows {
        let mut map = row_map(
            &sheets[0],
            0,
            row,
            cells,
            &mut problems,
            &mut notes,
            &mut faults,
        );
        nest_prior(&mut map);
        if let Some(Value::String(id)) = map.get("id") {
            by_id.entry(id.clone()).or_insert(records.len());
        }
        records.push(Pending {
            map,
            training: Vec::new(),
            evidence: Vec::new(),
        });
        places.push(Place {
            row,
            ..Place::default()
        });
    }

    for part in [1, 2] {
        let rows = std::mem::take(&mut sheets[part].rows);
        let key_column = sheets[part].index_of(APPLICATION_ID);
        for (row, cells) in rows {
            let mut map = row_map(
                &sheets[part],
                part,
                row,
                cells,
                &mut problems,
                &mut notes,
                &mut faults,
            );
            let owner = owner_of(&sheets, part, row, map.remove(APPLICATION_ID), &by_id);
            let owner = match owner {
                Ok(owner) => Some(owner),
                Err(problem) => {
                    let column = key_column.unwrap_or_default();
                    if !faults.contains(&(part, row, column)) {
                        problems.push(problem);
                    }
                    None
                }
            };
            if let Some(owner) = owner {
                let (list, rows) = if part == 1 {
                    (&mut records[owner].training, &mut places[owner].training)
                } else {
                    (&mut records[owner].evidence, &mut places[owner].evidence)
                };
                list.push(Value::Object(map));
                rows.push(row);
            }
        }
    }

    let values: Vec<(usize, Value)> = records
        .into_iter()
        .enumerate()
        .map(|(i, pending)| {
            let Pending {
                mut map,
                training,
                evidence,
            } = pending;
            if !training.is_empty() {
                map.insert("training".to_owned(), Value::Array(training));
            }
            if !evidence.is_empty() {
                map.insert("evidence".to_owned(), Value::Array(evidence));
            }
            (i + 1, Value::Object(map))
        })
        .collect();
    let parsed: Vec<ParsedRecord> = crate::par::map(&values, |(position, value)| ParsedRecord {
        position: *position,
        result: parse_application(value.clone(), *position),
    });
    drop(values);

    let mut workbook = Workbook {
        notes,
        places,
        sheets,
        ..Workbook::default()
    };
    let mut found: Vec<Problem> = repeated_ids(&parsed, &workbook.places);
    for record in parsed {
        match record.result {
            Ok(application) => {
                workbook.applications.push(application);
                workbook.positions.push(record.position);
            }
            Err(more) => found.extend(more),
        }
    }
    for problem in &found {
        if let Some(placed) = workbook.place(problem, &faults) {
            problems.push(placed);
        }
    }
    workbook.sort(&mut problems);
    workbook.problems = problems;
    workbook
}

/// An application row with the training and evidence rows joined to it.
struct Pending {
    map: Map<String, Value>,
    training: Vec<Value>,
    evidence: Vec<Value>,
}

/// The application a training or evidence row belongs to, by its
/// `application_id`, or the problem with that cell.
fn owner_of(
    sheets: &[ReadSheet],
    part: usize,
    row: u32,
    id: Option<Value>,
    by_id: &HashMap<String, usize>,
) -> Result<usize, SheetProblem> {
    let sheet = &sheets[part];
    let column = sheet.index_of(APPLICATION_ID);
    let Some(Value::String(id)) = id else {
        return Err(sheet.problem(row, column, super::read::MISSING));
    };
    by_id.get(&id).copied().ok_or_else(|| {
        let reason = format!(
            "no application with the id {:?} in the sheet {}",
            shortened(&id),
            sheets[0].name
        );
        sheet.problem(row, column, reason)
    })
}

/// A problem for every second and later use of an application id, naming
/// the row of the first.
fn repeated_ids(parsed: &[ParsedRecord], places: &[Place]) -> Vec<Problem> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut problems = Vec::new();
    for record in parsed {
        let Some(id) = record.id() else { continue };
        match first.entry(id) {
            Entry::Occupied(seen) => {
                let row = places.get(seen.get() - 1).map_or(0, |p| p.row + 1);
                problems.push(Problem {
                    record: RecordRef::Id(id.to_owned()),
                    position: record.position,
                    field: "id".to_owned(),
                    reason: format!("duplicate application id, first seen at row {row}"),
                });
            }
            Entry::Vacant(slot) => {
                slot.insert(record.position);
            }
        }
    }
    problems
}

/// One row's cells as a JSON object by field name; a cell that cannot be
/// read is a problem of its own.
fn row_map(
    sheet: &ReadSheet,
    part: usize,
    row: u32,
    cells: Vec<(u32, Raw)>,
    problems: &mut Vec<SheetProblem>,
    notes: &mut Vec<SheetProblem>,
    faults: &mut Faults,
) -> Map<String, Value> {
    let mut map = Map::new();
    for (index, raw) in cells {
        let (raw, note) = cells::cleaned(raw);
        if let Some(note) = note {
            notes.push(sheet.problem(row, Some(index), note));
        }
        let reason = match sheet.columns.get(&index) {
            None => "a value in a column without a header".to_owned(),
            Some((column, _)) => match cells::value(raw, column.kind) {
                Ok(value) => {
                    map.insert(column.key.to_owned(), value);
                    continue;
                }
                Err(reason) => reason,
            },
        };
        problems.push(sheet.problem(row, Some(index), reason));
        faults.insert((part, row, index));
    }
    map
}

/// Gathers the `prior_certificate.*` columns into the one object.
fn nest_prior(map: &mut Map<String, Value>) {
    let keys: Vec<String> = map
        .keys()
        .filter(|k| k.starts_with("prior_certificate."))
        .cloned()
        .collect();
    if keys.is_empty() {
        return;
    }
    let mut prior = Map::new();
    for key in keys {
        if let Some(value) = map.remove(&key) {
            prior.insert(key[PRIOR.len() + 1..].to_owned(), value);
        }
    }
    map.insert(PRIOR.to_owned(), Value::Object(prior));
}

impl Workbook {
    /// Problems found with the valid applications later (ids the store
    /// holds), each naming its application by position in
    /// [`Workbook::applications`], placed at their sheet, row and column.
    pub fn locate(&self, problems: &[Problem]) -> Vec<SheetProblem> {
        let mut placed: Vec<SheetProblem> = problems
            .iter()
            .filter_map(|problem| {
                let mut problem = problem.clone();
                problem.position = problem
                    .position
                    .checked_sub(1)
                    .and_then(|i| self.positions.get(i))
                    .copied()
                    .unwrap_or_default();
                self.place(&problem, &Faults::new())
            })
            .collect();
        self.sort(&mut placed);
        placed
    }

    /// `None` when the cell was reported already.
    fn place(&self, problem: &Problem, faults: &Faults) -> Option<SheetProblem> {
        let Some(place) = problem
            .position
            .checked_sub(1)
            .and_then(|i| self.places.get(i))
        else {
            return Some(SheetProblem {
                sheet: self.sheets.first()?.name.clone(),
                row: 0,
                column: None,
                reason: problem.to_string(),
            });
        };
        let (part, row, key) = split_path(&problem.field, place);
        let sheet = self.sheets.get(part)?;
        let column = key.and_then(|k| sheet.index_of(&k));
        if let Some(column) = column
            && faults.contains(&(part, row, column))
        {
            return None;
        }
        // The column names the field; a nested part without one is named here.
        let reason = if problem.field.is_empty() || column.is_some() {
            problem.reason.clone()
        } else {
            format!("{}: {}", problem.field, problem.reason)
        };
        Some(sheet.problem(row, column, reason))
    }

    /// Orders problems by sheet, row and column.
    fn sort(&self, problems: &mut [SheetProblem]) {
        let order = |p: &SheetProblem| {
            let sheet = self.sheets.iter().position(|s| s.name == p.sheet);
            let column = p.column.as_deref().map(|c| {
                let letters: String = c.chars().take_while(char::is_ascii_uppercase).collect();
                (letters.len(), letters)
            });
            (sheet, p.row, column)
        };
        problems.sort_by_key(order);
    }
}

/// Whether a field path names a column the problem is placed at, so the
/// reason needs no path: anything but a nested part such as
/// `prior_certificate` on its own.
fn key_is_whole(field: &str) -> bool {
    field != PRIOR && field != "training" && field != "evidence"
}

/// The sheet (0 applications, 1 training, 2 evidence), 0-based row and
/// field of a problem's path such as `name`, `prior_certificate.year`
/// or `evidence[2].date`.
fn split_path(field: &str, place: &Place) -> (usize, u32, Option<String>) {
    for (part, prefix, rows) in [
        (1, "training[", &place.training),
        (2, "evidence[", &place.evidence),
    ] {
        let Some(rest) = field.strip_prefix(prefix) else {
            continue;
        };
        let Some((index, key)) = rest.split_once(']') else {
            continue;
        };
        let Some(&row) = index.parse::<usize>().ok().and_then(|i| rows.get(i)) else {
            continue;
        };
        let key = key.strip_prefix('.').filter(|k| !k.is_empty());
        return (part, row, key.map(str::to_owned));
    }
    let key = (!field.is_empty() && key_is_whole(field)).then(|| field.to_owned());
    (0, place.row, key)
}
