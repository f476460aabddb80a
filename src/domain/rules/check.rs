//! The output of `docket check` (INTERCHANGE.md, "Output of `docket
//! check`"): one JSON object per input record, in input order.
//!
//! [`check_line`] and [`error_line`] give `serde_json::Value`s, whose keys
//! print in alphabetical order; [`check_document_lines`] prints the
//! documented order (`id`, `level`, `verdict`, `criteria`) from the typed
//! [`CheckLine`] and [`ErrorLine`].

use serde::Serialize;
use serde_json::Value;

use crate::domain::application::Application;
use crate::domain::cycle::Cycle;
use crate::domain::parse::{Problem, RecordRef, parse_checked};
use crate::domain::stage::Level;
use crate::lang::Lang;

use super::evaluate;
use super::explain::explain;
use super::finding::{ConditionResult, Criterion, Evaluation, Status, Verdict};

/// The line of one valid application.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckLine<'a> {
    pub id: &'a str,
    pub level: Level,
    pub verdict: Verdict,
    pub criteria: Vec<CheckCriterion<'a>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckCriterion<'a> {
    pub code: Criterion,
    pub status: Status,
    /// The explanation in the UI language.
    pub detail: String,
    /// Only for the criteria that rest on evidence items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<&'a [String]>,
    /// Only for `achievements`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conditions: Option<&'a [ConditionResult]>,
}

impl<'a> CheckLine<'a> {
    pub fn new(evaluation: &'a Evaluation, application: &'a Application, lang: Lang) -> Self {
        let criteria = evaluation.criteria.iter().map(|result| CheckCriterion {
            code: result.code,
            status: result.status,
            detail: explain(result, lang),
            evidence: result
                .code
                .relies_on_evidence()
                .then_some(result.evidence.as_slice()),
            conditions: (result.code == Criterion::Achievements)
                .then_some(result.conditions.as_slice()),
        });
        CheckLine {
            id: &application.id,
            level: application.level,
            verdict: evaluation.verdict,
            criteria: criteria.collect(),
        }
    }
}

/// The line of an input record that is not valid: its id when readable,
/// the first problem's field (`null` for the record as a whole) and every
/// problem's reason, the first one first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorLine {
    pub id: Option<String>,
    pub error: String,
    pub field: Option<String>,
}

impl ErrorLine {
    /// One line for all the problems of one record; `None` when there are none.
    pub fn from_problems(problems: &[Problem]) -> Option<ErrorLine> {
        let (first, rest) = problems.split_first()?;
        let mut error = first.reason.clone();
        for problem in rest {
            error.push_str("; ");
            if !problem.field.is_empty() {
                error.push_str(&problem.field);
                error.push_str(": ");
            }
            error.push_str(&problem.reason);
        }
        let id = problems.iter().find_map(|p| match &p.record {
            RecordRef::Id(id) => Some(id.clone()),
            RecordRef::Position(_) => None,
        });
        let field = (!first.field.is_empty()).then(|| first.field.clone());
        Some(ErrorLine { id, error, field })
    }
}

/// `{"id", "level", "verdict", "criteria": [...]}` for one evaluated application.
pub fn check_line(evaluation: &Evaluation, application: &Application, lang: Lang) -> Value {
    to_value(&CheckLine::new(evaluation, application, lang))
}

/// `{"id": <id or null>, "error": "...", "field": <field or null>}` for one problem.
pub fn error_line(problem: &Problem) -> Value {
    let line = ErrorLine::from_problems(std::slice::from_ref(problem));
    line.map_or(Value::Null, |line| to_value(&line))
}

/// Checks a whole JSON or JSON Lines document: one line per input record,
/// in input order (a record with problems, or whose id was used before in
/// the file, gives one error line), and whether every record was valid. A
/// document that cannot be split into records gives one error line.
pub fn check_document_lines(text: &str, cycle: &Cycle, lang: Lang) -> (Vec<String>, bool) {
    let records = match parse_checked(text) {
        Ok(records) => records,
        Err(problem) => {
            let line = ErrorLine::from_problems(std::slice::from_ref(&problem));
            return (line.iter().map(to_line).collect(), false);
        }
    };

    let outcomes = crate::par::map(&records, |record| match &record.result {
        Ok(application) => {
            let evaluation = evaluate(application, cycle);
            (
                to_line(&CheckLine::new(&evaluation, application, lang)),
                true,
            )
        }
        Err(problems) => {
            let error = ErrorLine::from_problems(problems);
            (error.map_or_else(String::new, |line| to_line(&line)), false)
        }
    });
    let all_valid = outcomes.iter().all(|(_, valid)| *valid);
    (
        outcomes.into_iter().map(|(line, _)| line).collect(),
        all_valid,
    )
}

fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }))
}

/// One line of JSON; these types always serialize, the fallback is a formality.
fn to_line<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }).to_string())
}

#[cfg(test)]
mod tests;
