//! The small readers behind [`super::parse_application`]: a JSON object
//! whose fields are taken out one by one as they are checked, and one
//! function per kind of value that turns it into a typed value or a reason.
//!
//! Reasons quote the offending value shortened and escaped, so a hostile
//! 10 MB string or an escape sequence never reaches a terminal whole.

use std::fmt::Display;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::domain::application::{
    Education, EvidenceKind, Field, Flag, Gender, Hours, OrgType, Rank, Role, Scope,
};
use crate::domain::stage::{ExceptionalBasis, Level, Stage, Track};

/// Longest application or evidence id, in characters.
pub(super) const ID_MAX: usize = 64;
/// Longest name after trimming, in characters.
pub(super) const NAME_MAX: usize = 64;
/// Longest free-text field other than the organization and the statement.
pub(super) const TEXT_MAX: usize = 1_000;
/// Longest organization name; the demo data has a real 5,000-character one.
pub(super) const ORGANIZATION_MAX: usize = 10_000;
/// Longest statement of work (工作业绩简述).
pub(super) const STATEMENT_MAX: usize = 20_000;
/// How many characters of an offending string a reason quotes.
const QUOTED_MAX: usize = 48;

/// One problem before the record it belongs to is known.
#[derive(Debug)]
pub(super) struct Issue {
    pub field: String,
    pub reason: String,
}

pub(super) type Issues = Vec<Issue>;

/// One JSON object being read. Each field is removed as it is checked, so
/// whatever is left at the end is an unknown field.
pub(super) struct Fields {
    map: Map<String, Value>,
    prefix: String,
}

impl Fields {
    /// `prefix` is the path of the object itself, empty for the record.
    pub fn new(map: Map<String, Value>, prefix: String) -> Fields {
        Fields { map, prefix }
    }

    pub fn path(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.prefix)
        }
    }

    pub fn flag(&self, key: &str, reason: impl Into<String>, issues: &mut Issues) {
        issues.push(Issue {
            field: self.path(key),
            reason: reason.into(),
        });
    }

    /// Whether the field is given with a value other than null.
    pub fn has(&self, key: &str) -> bool {
        self.map.get(key).is_some_and(|v| !v.is_null())
    }

    /// Takes an optional field out; null counts as absent, as serde has it.
    pub fn take(&mut self, key: &str) -> Option<Value> {
        self.map.remove(key).filter(|v| !v.is_null())
    }

    /// Reads a required field: `None` if it is missing or wrong, with the
    /// problem recorded.
    pub fn required<T>(
        &mut self,
        key: &str,
        issues: &mut Issues,
        read: impl FnOnce(Value) -> Result<T, String>,
    ) -> Option<T> {
        let Some(value) = self.map.remove(key) else {
            self.flag(key, "missing required field", issues);
            return None;
        };
        self.read(key, value, issues, read)
    }

    /// Reads an optional field: `None` if it is absent, or wrong with the
    /// problem recorded.
    pub fn optional<T>(
        &mut self,
        key: &str,
        issues: &mut Issues,
        read: impl FnOnce(Value) -> Result<T, String>,
    ) -> Option<T> {
        let value = self.take(key)?;
        self.read(key, value, issues, read)
    }

    fn read<T>(
        &self,
        key: &str,
        value: Value,
        issues: &mut Issues,
        read: impl FnOnce(Value) -> Result<T, String>,
    ) -> Option<T> {
        read(value)
            .map_err(|reason| self.flag(key, reason, issues))
            .ok()
    }

    /// Reports every field nobody took as unknown.
    pub fn finish(self, issues: &mut Issues) {
        for key in self.map.keys() {
            self.flag(&shown_key(key), "unknown field", issues);
        }
    }
}

/// A key as it may appear in a field path: plain names as they are, anything
/// else quoted, shortened and escaped.
fn shown_key(key: &str) -> String {
    let plain = !key.is_empty()
        && key.len() <= ID_MAX
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain { key.to_owned() } else { quoted(key) }
}

/// A value as a reason quotes it: scalars shortened and escaped, containers
/// by their kind only.
pub(super) fn shown(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quoted(s),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// A string in quotes with control and invisible characters escaped, cut
/// after [`QUOTED_MAX`] characters.
pub(super) fn quoted(text: &str) -> String {
    match text.char_indices().nth(QUOTED_MAX) {
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
        None => format!("{text:?}"),
    }
}

/// An enumeration read from its lowercase interchange word.
pub trait Word: DeserializeOwned {
    const WORDS: &'static [&'static str];
}

macro_rules! words {
    ($($kind:ty => [$($word:literal),+ $(,)?];)+) => {
        $(impl Word for $kind {
            const WORDS: &'static [&'static str] = &[$($word),+];
        })+
    };
}

words! {
    Level => ["junior", "intermediate", "senior", "specialist"];
    Track => ["regular", "exceptional"];
    ExceptionalBasis => ["top_ten_counselor", "normal_student_contest", "provincial_rule"];
    Gender => ["female", "male"];
    OrgType => [
        "school", "normal_student", "university", "research_institute", "science_venue",
        "youth_center", "education_agency", "association", "enterprise", "other",
    ];
    Field => ["education", "physical", "life", "earth_environment", "engineering"];
    Education => ["doctorate", "master", "bachelor", "associate", "secondary", "other"];
    Scope => ["school", "county", "municipal", "provincial", "national", "international"];
    EvidenceKind => [
        "student_award", "student_activity", "professional_award", "honor", "research",
        "curriculum", "paper", "training_certificate", "regional_leadership", "other",
    ];
    Role => ["first_advisor", "advisor", "leader", "core", "member"];
    Rank => ["first", "second", "third", "excellence", "other"];
    Flag => ["top_ten_counselor", "normal_student_contest"];
    Stage => [
        "eligibility", "achievement", "written", "defense", "notice", "certified", "rejected",
        "withdrawn", "cancelled", "revoked",
    ];
}

pub(super) fn word<T: Word>(value: Value) -> Result<T, String> {
    let known = matches!(&value, Value::String(s) if T::WORDS.contains(&s.as_str()));
    if known {
        return serde_json::from_value(value).map_err(|e| e.to_string());
    }
    Err(format!(
        "expected one of {}, got {}",
        T::WORDS.join(", "),
        shown(&value)
    ))
}

pub(super) fn boolean(value: Value) -> Result<bool, String> {
    match value {
        Value::Bool(b) => Ok(b),
        other => Err(format!("expected true or false, got {}", shown(&other))),
    }
}

fn string(value: Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s),
        other => Err(format!("expected a string, got {}", shown(&other))),
    }
}

fn check_length(text: &str, max: usize) -> Result<(), String> {
    // Bytes bound characters from above, so most strings skip the count.
    if text.len() > max {
        let count = text.chars().count();
        if count > max {
            return Err(format!("must be at most {max} characters, got {count}"));
        }
    }
    Ok(())
}

/// Free text of at most `max` characters, stored as given.
pub(super) fn text(value: Value, max: usize) -> Result<String, String> {
    let text = string(value)?;
    check_length(&text, max)?;
    Ok(text)
}

/// Free text that must say something: not empty or blank.
pub(super) fn filled_text(value: Value, max: usize) -> Result<String, String> {
    let text = text(value, max)?;
    if text.trim().is_empty() {
        return Err("must not be empty".to_owned());
    }
    Ok(text)
}

/// The applicant's name, trimmed, 1 to [`NAME_MAX`] characters.
pub(super) fn name(value: Value) -> Result<String, String> {
    let text = string(value)?;
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("must not be empty".to_owned());
    }
    let count = trimmed.chars().count();
    if count > NAME_MAX {
        return Err(format!(
            "must be at most {NAME_MAX} characters after trimming, got {count}"
        ));
    }
    Ok(trimmed.to_owned())
}

/// Zero-width and bidirectional formatting characters: invisible, so an id
/// holding one would look like another id.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}')
        || c == '\u{feff}'
}

pub(super) fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("must not be empty".to_owned());
    }
    check_length(id, ID_MAX)?;
    if id
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || is_invisible(c))
    {
        return Err(format!(
            "must not contain whitespace, control or invisible characters, got {}",
            quoted(id)
        ));
    }
    Ok(())
}

/// An application or evidence id: 1 to [`ID_MAX`] characters, nothing blank.
pub(super) fn id(value: Value) -> Result<String, String> {
    let id = string(value)?;
    check_id(&id)?;
    Ok(id)
}

/// A date written strictly as `YYYY-MM-DD` that exists in the calendar.
pub(super) fn date(value: &Value) -> Result<NaiveDate, String> {
    let bad = || format!("expected a date YYYY-MM-DD, got {}", shown(value));
    let Value::String(text) = value else {
        return Err(bad());
    };
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let part = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
    let date = match (shaped, part(0..4), part(5..7), part(8..10)) {
        (true, Some(year), Some(month), Some(day)) => {
            NaiveDate::from_ymd_opt(year as i32, month, day)
        }
        _ => None,
    };
    date.ok_or_else(bad)
}

/// A whole number from `min` to `max` (to the largest `T` when `None`).
pub(super) fn whole<T>(value: &Value, min: T, max: Option<T>) -> Result<T, String>
where
    T: TryFrom<i128> + Into<i128> + Copy + Display,
{
    let Value::Number(number) = value else {
        return Err(format!("expected a whole number, got {}", shown(value)));
    };
    let Some(n) = number
        .as_i64()
        .map(i128::from)
        .or_else(|| number.as_u64().map(i128::from))
    else {
        return Err(format!("expected a whole number, got {number}"));
    };
    if let Some(max) = max
        && (n < min.into() || n > max.into())
    {
        return Err(format!("must be between {min} and {max}, got {n}"));
    }
    if n < min.into() {
        return Err(format!("must be at least {min}, got {n}"));
    }
    T::try_from(n).map_err(|_| format!("is too large, got {n}"))
}

/// Training hours: more than 0, at most 1,000, in hundredths of an hour.
pub(super) fn hours(value: &Value) -> Result<Hours, String> {
    let Value::Number(number) = value else {
        return Err(format!("expected a number of hours, got {}", shown(value)));
    };
    let hours = number.as_f64().unwrap_or(f64::NAN);
    let max = Hours::MAX.as_f64();
    if !(hours > 0.0 && hours <= max) {
        return Err(format!(
            "must be greater than 0 and at most {max} hours, got {number}"
        ));
    }
    Hours::from_f64(hours)
        .ok_or_else(|| format!("must be given to at most a hundredth of an hour, got {number}"))
}

/// A SHA-256 digest: exactly 64 hexadecimal digits, either case.
pub(super) fn sha256(value: Value) -> Result<String, String> {
    let digest = string(value)?;
    if digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(digest)
    } else {
        Err(format!(
            "expected 64 hexadecimal digits, got {}",
            quoted(&digest)
        ))
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use serde_json::json;

    use super::*;

    fn round_trips<T: Word + Serialize>() {
        for w in T::WORDS {
            let read: T = word(json!(w)).unwrap();
            assert_eq!(serde_json::to_value(read).unwrap(), json!(w));
        }
    }

    #[test]
    fn every_word_is_the_serde_word() {
        round_trips::<Level>();
        round_trips::<Track>();
        round_trips::<ExceptionalBasis>();
        round_trips::<Gender>();
        round_trips::<OrgType>();
        round_trips::<Field>();
        round_trips::<Education>();
        round_trips::<Scope>();
        round_trips::<EvidenceKind>();
        round_trips::<Role>();
        round_trips::<Rank>();
        round_trips::<Flag>();
        round_trips::<Stage>();
    }

    #[test]
    fn word_lists_are_complete_where_the_type_lists_itself() {
        let codes = |codes: Vec<&str>| codes.join(",");
        assert_eq!(
            Level::WORDS.join(","),
            codes(Level::ALL.map(Level::code).to_vec())
        );
        assert_eq!(
            Stage::WORDS.join(","),
            codes(Stage::ALL.map(Stage::code).to_vec())
        );
        assert_eq!(
            Scope::WORDS.join(","),
            codes(Scope::ALL.map(Scope::code).to_vec())
        );
        assert_eq!(
            OrgType::WORDS.join(","),
            codes(OrgType::ALL.map(OrgType::code).to_vec())
        );
        assert_eq!(
            Field::WORDS.join(","),
            codes(Field::ALL.map(Field::code).to_vec())
        );
        let kinds = EvidenceKind::ALL.map(EvidenceKind::code).to_vec();
        assert_eq!(EvidenceKind::WORDS.join(","), codes(kinds));
        let mut education = Education::ALL.map(Education::code).to_vec();
        education.reverse();
        assert_eq!(Education::WORDS.join(","), codes(education));
    }

    #[test]
    fn quoting_escapes_and_shortens() {
        assert_eq!(quoted("浙江"), "\"浙江\"");
        assert_eq!(quoted("a\u{1b}[31m\u{202e}"), "\"a\\u{1b}[31m\\u{202e}\"");
        let long = "x".repeat(10_000_000);
        let cut = quoted(&long);
        assert_eq!(cut.chars().count(), QUOTED_MAX + 3);
        assert!(cut.ends_with("\"…"));
        assert_eq!(shown_key("houres"), "houres");
        assert_eq!(shown_key("a b"), "\"a b\"");
        assert_eq!(shown(&json!([1, 2])), "an array");
    }

    #[test]
    fn whole_numbers_keep_their_bounds() {
        assert_eq!(whole::<i32>(&json!(2100), 2000, Some(2100)), Ok(2100));
        assert_eq!(
            whole::<i32>(&json!(2101), 2000, Some(2100)),
            Err("must be between 2000 and 2100, got 2101".to_owned())
        );
        assert_eq!(
            whole::<u32>(&json!(-5), 0, None),
            Err("must be at least 0, got -5".to_owned())
        );
        assert_eq!(
            whole::<u32>(&json!(5_000_000_000_u64), 0, None),
            Err("is too large, got 5000000000".to_owned())
        );
        assert_eq!(
            whole::<u32>(&json!(u64::MAX), 0, None),
            Err(format!("is too large, got {}", u64::MAX))
        );
        assert_eq!(
            whole::<u32>(&json!(1.5), 0, None),
            Err("expected a whole number, got 1.5".to_owned())
        );
    }
}
