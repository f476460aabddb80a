//! Reading applications from outside: JSON arrays and JSON Lines, checked
//! field by field so that every problem names its record and field.
//!
//! A record is read as a `serde_json::Map` whose fields are taken out one by
//! one; whatever is left is an unknown field, so a typo never drops data.
//! Every problem of a record is reported, not only the first.

mod fields;
mod record;

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use serde_json::Value;

pub use self::fields::Word;
use self::fields::{Issue, Issues, check_id, quoted, shown};
use self::record::read_application;
use super::application::Application;

/// Which record a problem belongs to: its id when it has a readable one,
/// otherwise its 1-based position in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordRef {
    Id(String),
    Position(usize),
}

impl std::fmt::Display for RecordRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordRef::Id(id) => write!(f, "application {id}"),
            RecordRef::Position(n) => write!(f, "record {n}"),
        }
    }
}

/// One thing wrong with one field of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub record: RecordRef,
    /// 1-based position of the record in its file (line for JSON Lines).
    pub position: usize,
    /// Path of the field, e.g. `evidence[2].date`; empty for the whole record.
    pub field: String,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.record, self.reason)
        } else {
            write!(f, "{}, field {}: {}", self.record, self.field, self.reason)
        }
    }
}

impl Problem {
    /// A problem with a whole record or file, known only by its position.
    fn at(position: usize, reason: String) -> Problem {
        Problem {
            record: RecordRef::Position(position),
            position,
            field: String::new(),
            reason,
        }
    }
}

/// One record of a file as read: the application, or every problem with it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRecord {
    /// 1-based index in a JSON array, or line number in JSON Lines.
    pub position: usize,
    pub result: Result<Application, Vec<Problem>>,
}

impl ParsedRecord {
    /// The record's id, when it has a readable one, even if it has problems.
    pub fn id(&self) -> Option<&str> {
        match &self.result {
            Ok(application) => Some(&application.id),
            Err(problems) => problems.iter().find_map(|p| match &p.record {
                RecordRef::Id(id) => Some(id.as_str()),
                RecordRef::Position(_) => None,
            }),
        }
    }
}

/// Reads a whole file: a JSON array of applications, or JSON Lines (one
/// object per line, blank lines skipped). The form is told by the first
/// character. A broken line of JSON Lines is a problem of that record only;
/// a broken array, or a file of neither form, is the one `Err`.
pub fn parse_document(text: &str) -> Result<Vec<ParsedRecord>, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(start) = text.find(|c| !matches!(c, ' ' | '\t' | '\n' | '\r')) else {
        return Ok(Vec::new());
    };

    match text[start..].chars().next() {
        Some('[') => parse_array(text),
        Some('{') => Ok(parse_lines(text)),
        _ => {
            let line = text[..start].matches('\n').count() + 1;
            let opening = text[start..].lines().next().unwrap_or_default();
            let reason = format!(
                "expected a JSON array of applications or JSON Lines (one object per line), \
                 got a file starting with {}",
                quoted(opening)
            );
            Err(Problem::at(line, reason))
        }
    }
}

fn parse_array(text: &str) -> Result<Vec<ParsedRecord>, Problem> {
    // Split first (cheap, and it reports a broken array with its line),
    // then read the records in parallel.
    let values: Vec<&serde_json::value::RawValue> = serde_json::from_str(text).map_err(|e| {
        let line = e.line().max(1);
        let reason = format!(
            "invalid JSON at line {line}, column {}: {}",
            e.column(),
            message(&e)
        );
        Problem::at(line, reason)
    })?;
    let numbered: Vec<(usize, &str)> = values
        .iter()
        .enumerate()
        .map(|(i, raw)| (i + 1, raw.get()))
        .collect();
    Ok(crate::par::map(&numbered, |&(position, text)| {
        ParsedRecord {
            position,
            result: match serde_json::from_str::<Value>(text) {
                Ok(value) => parse_application(value, position),
                Err(e) => Err(vec![Problem::at(
                    position,
                    format!("invalid JSON: {}", message(&e)),
                )]),
            },
        }
    }))
}

fn parse_lines(text: &str) -> Vec<ParsedRecord> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| (i + 1, line))
        .collect();
    crate::par::map(&lines, |&(position, line)| {
        let result = match serde_json::from_str::<Value>(line) {
            Ok(value) => parse_application(value, position),
            Err(e) => {
                let reason = format!("invalid JSON at column {}: {}", e.column(), message(&e));
                Err(vec![Problem::at(position, reason)])
            }
        };
        ParsedRecord { position, result }
    })
}

/// The message of a `serde_json` error without the position it appends.
fn message(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    full.strip_suffix(&suffix)
        .map_or_else(|| full.clone(), str::to_owned)
}

/// A problem for every second and later use of an application id in a file,
/// records with problems included when their id is readable.
pub fn duplicate_ids(records: &[ParsedRecord]) -> Vec<Problem> {
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    let mut problems = Vec::new();
    for record in records {
        let Some(id) = record.id() else { continue };
        match first_seen.entry(id) {
            Entry::Occupied(first) => problems.push(Problem {
                record: RecordRef::Id(id.to_owned()),
                position: record.position,
                field: "id".to_owned(),
                reason: format!(
                    "duplicate application id, first seen at record {}",
                    first.get()
                ),
            }),
            Entry::Vacant(slot) => {
                slot.insert(record.position);
            }
        }
    }
    problems
}

/// Reads a whole file: the valid applications, and every problem found in
/// it (whole-file syntax, per-record fields, ids repeated within the file),
/// ordered by position.
pub fn check_document(text: &str) -> (Vec<Application>, Vec<Problem>) {
    let records = match parse_checked(text) {
        Ok(records) => records,
        Err(problem) => return (Vec::new(), vec![problem]),
    };
    let mut problems = Vec::new();
    let mut applications = Vec::with_capacity(records.len());
    for ParsedRecord { result, .. } in records {
        match result {
            Ok(application) => applications.push(application),
            Err(found) => problems.extend(found),
        }
    }
    problems.sort_by_key(|p| p.position);
    (applications, problems)
}

/// Reads a whole file as [`parse_document`] does, and adds to each record
/// the problem of an id already used earlier in the file, so every record
/// carries all of its own problems.
pub fn parse_checked(text: &str) -> Result<Vec<ParsedRecord>, Problem> {
    let mut records = parse_document(text)?;
    let mut repeated: HashMap<usize, Vec<Problem>> = HashMap::new();
    for problem in duplicate_ids(&records) {
        repeated.entry(problem.position).or_default().push(problem);
    }
    for record in &mut records {
        let Some(extra) = repeated.remove(&record.position) else {
            continue;
        };
        match &mut record.result {
            Ok(_) => record.result = Err(extra),
            Err(problems) => problems.extend(extra),
        }
    }
    Ok(records)
}

/// Checks one record and builds the application, or returns every problem found.
pub fn parse_application(value: Value, position: usize) -> Result<Application, Vec<Problem>> {
    let Value::Object(map) = value else {
        let reason = format!("expected a JSON object, got {}", shown(&value));
        return Err(vec![Problem::at(position, reason)]);
    };
    let record = match map.get("id") {
        Some(Value::String(id)) if check_id(id).is_ok() => RecordRef::Id(id.clone()),
        _ => RecordRef::Position(position),
    };

    let mut issues = Issues::new();
    let application = read_application(map, &mut issues);

    match application {
        Some(application) if issues.is_empty() => Ok(application),
        _ => {
            if issues.is_empty() {
                // Unreachable while every reader records why it gave up.
                issues.push(Issue {
                    field: String::new(),
                    reason: "unreadable record".to_owned(),
                });
            }
            let problems = issues.into_iter().map(|issue| Problem {
                record: record.clone(),
                position,
                field: issue.field,
                reason: issue.reason,
            });
            Err(problems.collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;
    use serde_json::json;

    use super::*;
    use crate::domain::stage::{Stage, Track};

    fn valid() -> Value {
        json!({
            "id": "2024-ZJ-I-0001", "cycle": 2024, "level": "intermediate",
            "track": "exceptional", "exceptional_basis": "top_ten_counselor",
            "name": "王芳", "gender": "female", "birth_date": "1985-03-12",
            "id_number": "330102198503121234", "phone": "13800000000", "email": "wf@example.cn",
            "province": "浙江", "organization": "杭州市青少年科技中心", "org_type": "youth_center",
            "field": "physical", "education": "master", "title": "高级教师",
            "service_start": "2012-09-01", "part_time": false, "attestation": true,
            "prior_certificate": {"level": "junior", "year": 2020, "number": "J-2020-0042"},
            "fee_paid": 300,
            "training": [
                {"title": "科技辅导员培训", "provider": "浙江省科协", "date": "2023-07-10",
                 "hours": 32, "scope": "provincial", "cast_system": true, "online": false,
                 "certificate": true},
                {"title": "STEM workshop", "provider": "Some college", "date": "2022-11-05",
                 "hours": 7.5, "scope": "national", "cast_system": false, "certificate": true}
            ],
            "evidence": [
                {"id": "E1", "kind": "student_award", "title": "青少年科技创新大赛",
                 "date": "2023-05-20", "scope": "national", "role": "first_advisor",
                 "rank": "first", "file": "e1.pdf", "sha256": "ab".repeat(32), "verified": true},
                {"id": "E2", "kind": "paper", "title": "论科技辅导", "date": "2022-03-01",
                 "author_position": 1, "journal_scope": "provincial"},
                {"id": "E3", "kind": "honor", "title": "十佳科技辅导员", "date": "2021-12-01",
                 "scope": "provincial", "flag": "top_ten_counselor"}
            ],
            "statement": "多年辅导学生参加科技竞赛。",
            "stage": "achievement"
        })
    }

    /// The valid record with the field at `pointer` set to `new`, or removed.
    fn patched(pointer: &str, new: Option<Value>) -> Value {
        let mut record = valid();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let object = record.pointer_mut(parent).unwrap().as_object_mut().unwrap();
        match new {
            Some(value) => object.insert(key.to_owned(), value),
            None => object.remove(key),
        };
        record
    }

    fn x(n: usize) -> Value {
        json!("字".repeat(n))
    }

    #[test]
    fn a_valid_full_record_reads_as_serde_reads_it() {
        let read = parse_application(valid(), 1).unwrap();
        let serde: Application = serde_json::from_value(valid()).unwrap();
        assert_eq!(read, serde);
        assert_eq!(read.training[1].hours.hundredths(), 750);
        assert_eq!(read.stage, Stage::Achievement);
        assert_eq!(serde_json::to_value(&read).unwrap(), valid());
    }

    #[rstest]
    #[case::id_empty("/id", Some(json!("")), Some(("id", "must not be empty")))]
    #[case::id_space("/id", Some(json!("2024 ZJ")), Some(("id", "must not contain whitespace")))]
    #[case::id_control("/id", Some(json!("a\u{1b}[2J")), Some(("id", "\"a\\u{1b}[2J\"")))]
    #[case::id_long("/id", Some(json!("x".repeat(65))), Some(("id", "at most 64 characters, got 65")))]
    #[case::id_invisible("/evidence/0/id", Some(json!("E\u{200b}1")), Some(("evidence[0].id", "invisible characters, got \"E\\u{200b}1\"")))]
    #[case::id_64("/id", Some(json!("x".repeat(64))), None)]
    #[case::cycle_low("/cycle", Some(json!(1999)), Some(("cycle", "between 2000 and 2100, got 1999")))]
    #[case::cycle_high("/cycle", Some(json!(2101)), Some(("cycle", "got 2101")))]
    #[case::cycle_2000("/cycle", Some(json!(2000)), None)]
    #[case::cycle_2100("/cycle", Some(json!(2100)), None)]
    #[case::cycle_frac("/cycle", Some(json!(2024.5)), Some(("cycle", "expected a whole number, got 2024.5")))]
    #[case::cycle_text("/cycle", Some(json!("2024")), Some(("cycle", "whole number, got \"2024\"")))]
    #[case::level("/level", Some(json!("expert")), Some(("level", "expected one of junior, intermediate, senior, specialist, got \"expert\"")))]
    #[case::level_case("/level", Some(json!("Junior")), Some(("level", "got \"Junior\"")))]
    #[case::level_ok("/level", Some(json!("specialist")), None)]
    #[case::track_bad("/track", Some(json!("fast")), Some(("track", "one of regular, exceptional")))]
    #[case::basis_regular("/track", Some(json!("regular")), Some(("exceptional_basis", "allowed only when track is exceptional")))]
    #[case::basis_default("/track", None, Some(("exceptional_basis", "allowed only")))]
    #[case::basis_missing("/exceptional_basis", None, Some(("exceptional_basis", "required when track is exceptional")))]
    #[case::basis_bad("/exceptional_basis", Some(json!("luck")), Some(("exceptional_basis", "provincial_rule, got \"luck\"")))]
    #[case::name_blank("/name", Some(json!("  \t")), Some(("name", "must not be empty")))]
    #[case::name_long("/name", Some(x(65)), Some(("name", "at most 64 characters after trimming, got 65")))]
    #[case::name_64("/name", Some(json!(format!("  {} ", "字".repeat(64)))), None)]
    #[case::name_missing("/name", None, Some(("name", "missing required field")))]
    #[case::name_null("/name", Some(Value::Null), Some(("name", "expected a string, got null")))]
    #[case::gender("/gender", Some(json!("other")), Some(("gender", "female, male")))]
    #[case::gender_null("/gender", Some(Value::Null), None)]
    #[case::not_leap("/birth_date", Some(json!("2023-02-29")), Some(("birth_date", "YYYY-MM-DD, got \"2023-02-29\"")))]
    #[case::leap("/birth_date", Some(json!("2024-02-29")), None)]
    #[case::month_13("/birth_date", Some(json!("2024-13-01")), Some(("birth_date", "expected a date YYYY-MM-DD, got \"2024-13-01\"")))]
    #[case::unpadded("/birth_date", Some(json!("2024-1-05")), Some(("birth_date", "YYYY-MM-DD")))]
    #[case::extra_digit("/birth_date", Some(json!("2024-01-050")), Some(("birth_date", "YYYY-MM-DD")))]
    #[case::slashes("/service_start", Some(json!("2024/01/05")), Some(("service_start", "YYYY-MM-DD")))]
    #[case::spaced("/service_start", Some(json!(" 2024-01-05")), Some(("service_start", "YYYY-MM-DD")))]
    #[case::time("/service_start", Some(json!("2024-01-05T00:00")), Some(("service_start", "YYYY-MM-DD")))]
    #[case::number("/service_start", Some(json!(20_240_105)), Some(("service_start", "got 20240105")))]
    #[case::province_empty("/province", Some(json!("")), Some(("province", "must not be empty")))]
    #[case::province_type("/province", Some(json!(42)), Some(("province", "expected a string, got 42")))]
    #[case::province_1000("/province", Some(x(1000)), None)]
    #[case::province_1001("/province", Some(x(1001)), Some(("province", "at most 1000 characters, got 1001")))]
    #[case::title_1001("/title", Some(x(1001)), Some(("title", "at most 1000 characters")))]
    #[case::phone_1001("/phone", Some(x(1001)), Some(("phone", "at most 1000 characters")))]
    #[case::org_5000("/organization", Some(x(5000)), None)]
    #[case::org_10000("/organization", Some(x(10_000)), None)]
    #[case::org_10001("/organization", Some(x(10_001)), Some(("organization", "at most 10000 characters, got 10001")))]
    #[case::org_type("/org_type", Some(json!("company")), Some(("org_type", "got \"company\"")))]
    #[case::education("/education", None, Some(("education", "missing required field")))]
    #[case::statement_20000("/statement", Some(x(20_000)), None)]
    #[case::statement_20001("/statement", Some(x(20_001)), Some(("statement", "at most 20000 characters")))]
    #[case::statement_huge("/statement", Some(json!("x".repeat(10_000_000))), Some(("statement", "got 10000000")))]
    #[case::part_time("/part_time", Some(json!("no")), Some(("part_time", "expected true or false, got \"no\"")))]
    #[case::attestation("/attestation", None, Some(("attestation", "missing required field")))]
    #[case::fee_negative("/fee_paid", Some(json!(-1)), Some(("fee_paid", "must be at least 0, got -1")))]
    #[case::fee_zero("/fee_paid", Some(json!(0)), None)]
    #[case::fee_frac("/fee_paid", Some(json!(1.5)), Some(("fee_paid", "whole number")))]
    #[case::prior_type("/prior_certificate", Some(json!("J-2020")), Some(("prior_certificate", "expected an object")))]
    #[case::prior_year("/prior_certificate/year", Some(json!("2021")), Some(("prior_certificate.year", "whole number")))]
    #[case::prior_year_low("/prior_certificate/year", Some(json!(1899)), Some(("prior_certificate.year", "between 1900 and 2100")))]
    #[case::prior_no_year("/prior_certificate/year", None, Some(("prior_certificate.year", "missing required field")))]
    #[case::prior_level("/prior_certificate/level", Some(json!("master")), Some(("prior_certificate.level", "got \"master\"")))]
    #[case::prior_unknown("/prior_certificate/serial", Some(json!("1")), Some(("prior_certificate.serial", "unknown field")))]
    #[case::prior_no_number("/prior_certificate/number", None, None)]
    #[case::training_type("/training", Some(json!({})), Some(("training", "expected an array of objects, got an object")))]
    #[case::training_item("/training", Some(json!([3])), Some(("training[0]", "expected an object, got 3")))]
    #[case::training_empty("/training", Some(json!([])), None)]
    #[case::hours_zero("/training/0/hours", Some(json!(0)), Some(("training[0].hours", "must be greater than 0 and at most 1000 hours, got 0")))]
    #[case::hours_negative("/training/0/hours", Some(json!(-2)), Some(("training[0].hours", "got -2")))]
    #[case::hours_1000("/training/0/hours", Some(json!(1000)), None)]
    #[case::hours_over("/training/1/hours", Some(json!(1000.01)), Some(("training[1].hours", "got 1000.01")))]
    #[case::hours_cent("/training/1/hours", Some(json!(0.01)), None)]
    #[case::hours_fine("/training/1/hours", Some(json!(0.125)), Some(("training[1].hours", "hundredth of an hour, got 0.125")))]
    #[case::hours_text("/training/1/hours", Some(json!("7")), Some(("training[1].hours", "expected a number of hours")))]
    #[case::training_scope("/training/1/scope", None, Some(("training[1].scope", "missing required field")))]
    #[case::training_typo("/training/0/houres", Some(json!(3)), Some(("training[0].houres", "unknown field")))]
    #[case::provider_1001("/training/0/provider", Some(x(1001)), Some(("training[0].provider", "at most 1000")))]
    #[case::evidence_type("/evidence", Some(json!("E1")), Some(("evidence", "expected an array")))]
    #[case::evidence_date("/evidence/0/date", Some(json!("2023-02-29")), Some(("evidence[0].date", "YYYY-MM-DD")))]
    #[case::evidence_dup("/evidence/2/id", Some(json!("E1")), Some(("evidence[2].id", "duplicate evidence id \"E1\", first used at evidence[0]")))]
    #[case::evidence_title("/evidence/2/title", Some(x(1001)), Some(("evidence[2].title", "at most 1000")))]
    #[case::file_1001("/evidence/0/file", Some(x(1001)), Some(("evidence[0].file", "at most 1000")))]
    #[case::sha_short("/evidence/0/sha256", Some(json!("a".repeat(63))), Some(("evidence[0].sha256", "64 hexadecimal digits")))]
    #[case::sha_not_hex("/evidence/0/sha256", Some(json!(format!("g{}", "a".repeat(63)))), Some(("evidence[0].sha256", "64 hexadecimal")))]
    #[case::sha_upper("/evidence/0/sha256", Some(json!("AB".repeat(32))), None)]
    #[case::scope_award("/evidence/0/scope", None, Some(("evidence[0].scope", "required for evidence of kind student_award")))]
    #[case::scope_honor("/evidence/2/scope", None, Some(("evidence[2].scope", "kind honor")))]
    #[case::role_award("/evidence/0/role", None, Some(("evidence[0].role", "required for evidence of kind student_award")))]
    #[case::role_research("/evidence/2/kind", Some(json!("research")), Some(("evidence[2].role", "kind research")))]
    #[case::no_role_needed("/evidence/2/kind", Some(json!("curriculum")), None)]
    #[case::author_zero("/evidence/1/author_position", Some(json!(0)), Some(("evidence[1].author_position", "must be at least 1, got 0")))]
    #[case::author_missing("/evidence/1/author_position", None, Some(("evidence[1].author_position", "required for evidence of kind paper")))]
    #[case::journal_missing("/evidence/1/journal_scope", None, Some(("evidence[1].journal_scope", "kind paper")))]
    #[case::kind_bad("/evidence/1/kind", Some(json!("book")), Some(("evidence[1].kind", "got \"book\"")))]
    #[case::verified_null("/evidence/0/verified", Some(Value::Null), None)]
    #[case::stage_bad("/stage", Some(json!("approved")), Some(("stage", "got \"approved\"")))]
    #[case::stage_end("/stage", Some(json!("certified")), None)]
    #[case::top_typo("/nmae", Some(json!("王芳")), Some(("nmae", "unknown field")))]
    #[case::hostile_key("/\u{1b}[2J", Some(json!(1)), Some(("\"\\u{1b}[2J\"", "unknown field")))]
    fn each_check_fails_and_passes_at_its_boundary(
        #[case] pointer: &str,
        #[case] new: Option<Value>,
        #[case] expected: Option<(&str, &str)>,
    ) {
        let result = parse_application(patched(pointer, new), 7);
        match expected {
            None => assert!(result.is_ok(), "{result:?}"),
            Some((field, reason)) => {
                let problems = result.unwrap_err();
                assert_eq!(problems.len(), 1, "{problems:?}");
                assert_eq!(problems[0].field, field);
                assert!(
                    problems[0].reason.contains(reason),
                    "{}",
                    problems[0].reason
                );
                assert_eq!(problems[0].position, 7);
            }
        }
    }

    #[test]
    fn every_problem_of_a_record_is_reported_with_its_path() {
        let mut record = patched("/birth_date", Some(json!("1985-02-30")));
        let object = record.as_object_mut().unwrap();
        object.remove("name");
        object.insert("colour".to_owned(), json!("red"));
        record["training"][1]["hours"] = json!(0);
        record["evidence"][0]["date"] = json!("2023-5-20");
        record["prior_certificate"]["year"] = json!("2020");

        let problems = parse_application(record, 3).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "birth_date",
                "prior_certificate.year",
                "training[1].hours",
                "evidence[0].date",
                "colour"
            ]
        );
        assert!(
            problems
                .iter()
                .all(|p| p.record == RecordRef::Id("2024-ZJ-I-0001".to_owned()))
        );
        assert_eq!(
            problems[0].to_string(),
            "application 2024-ZJ-I-0001, field name: missing required field"
        );
    }

    #[test]
    fn a_record_without_a_readable_id_is_named_by_position() {
        let problems = parse_application(patched("/id", Some(json!("a b"))), 9).unwrap_err();
        assert_eq!(problems[0].record, RecordRef::Position(9));
        let problems = parse_application(json!([1, 2]), 4).unwrap_err();
        assert_eq!(
            problems,
            [Problem::at(
                4,
                "expected a JSON object, got an array".to_owned()
            )]
        );
        assert_eq!(
            problems[0].to_string(),
            "record 4: expected a JSON object, got an array"
        );
    }

    #[test]
    fn name_is_trimmed_and_defaults_are_filled() {
        let mut record = patched("/name", Some(json!("  王芳 ")));
        let object = record.as_object_mut().unwrap();
        for key in [
            "stage",
            "track",
            "exceptional_basis",
            "part_time",
            "training",
            "evidence",
        ] {
            object.remove(key);
        }
        let application = parse_application(record, 1).unwrap();
        assert_eq!(application.name, "王芳");
        assert_eq!(application.stage, Stage::Eligibility);
        assert_eq!(application.track, Track::Regular);
        assert!(!application.part_time && application.training.is_empty());
    }

    fn line(id: &str) -> String {
        patched("/id", Some(json!(id))).to_string()
    }

    #[test]
    fn json_lines_read_on_past_a_broken_line() {
        let text = format!("{}\r\n{{\"id\": \"B\",\n\n  \n{}\n", line("A"), line("C"));
        let records = parse_document(&text).unwrap();
        let positions: Vec<usize> = records.iter().map(|r| r.position).collect();
        assert_eq!(positions, [1, 2, 5]);
        assert_eq!(records[0].result.as_ref().unwrap().id, "A");
        assert_eq!(records[2].result.as_ref().unwrap().id, "C");
        let problems = records[1].result.as_ref().unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].position, problems[0].field.as_str()), (2, ""));
        assert_eq!(problems[0].record, RecordRef::Position(2));
        assert_eq!(
            problems[0].reason,
            "invalid JSON at column 11: EOF while parsing a value"
        );
    }

    #[test]
    fn an_array_reads_by_index_and_a_broken_one_is_one_problem_with_its_line() {
        let text = format!("[\n{},\n42\n]", line("A"));
        let records = parse_document(&text).unwrap();
        assert_eq!(records.len(), 2);
        assert!(records[0].result.is_ok());
        assert_eq!(records[1].position, 2);
        assert_eq!(
            records[1].result.as_ref().unwrap_err()[0].reason,
            "expected a JSON object, got 42"
        );

        let broken = format!("[\n{},\n{{\"id\": \"B\" \"cycle\": 2024}}\n]", line("A"));
        let problem = parse_document(&broken).unwrap_err();
        assert_eq!(
            (problem.position, problem.record.clone()),
            (3, RecordRef::Position(3))
        );
        assert_eq!(
            problem.reason,
            "invalid JSON at line 3, column 12: expected `,` or `}`"
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped_in_both_forms() {
        let array = format!("\u{feff}  [{}]", line("A"));
        assert_eq!(
            parse_document(&array).unwrap()[0]
                .result
                .as_ref()
                .unwrap()
                .id,
            "A"
        );
        let lines = format!("\u{feff}{}\n", line("A"));
        assert!(parse_document(&lines).unwrap()[0].result.is_ok());
    }

    #[test]
    fn a_file_of_neither_form_is_one_problem() {
        let problem = parse_document("\n\nid,name\nA,王芳\n").unwrap_err();
        assert_eq!(problem.position, 3);
        assert!(
            problem.reason.ends_with("starting with \"id,name\""),
            "{}",
            problem.reason
        );
        assert_eq!(
            parse_document(" \n\u{feff}").map_err(|p| p.position),
            Err(2)
        );
        assert_eq!(parse_document("\u{feff} \n ").unwrap(), []);
    }

    #[test]
    fn duplicate_ids_name_every_later_use() {
        let mut broken_a = patched("/id", Some(json!("A")));
        broken_a["cycle"] = json!(1);
        let (a, b) = (line("A"), line("B"));
        let text = format!("{a}\n{b}\n{broken_a}\n{a}\n{b}\n");

        let records = parse_document(&text).unwrap();
        assert!(records[2].result.is_err());
        assert_eq!(records[2].id(), Some("A"));
        let problems = duplicate_ids(&records);
        let seen: Vec<(usize, &str, &str)> = problems
            .iter()
            .map(|p| (p.position, p.field.as_str(), p.reason.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                (3, "id", "duplicate application id, first seen at record 1"),
                (4, "id", "duplicate application id, first seen at record 1"),
                (5, "id", "duplicate application id, first seen at record 2"),
            ]
        );
        assert_eq!(problems[2].record, RecordRef::Id("B".to_owned()));
        assert!(duplicate_ids(&records[..2]).is_empty());
    }
}
