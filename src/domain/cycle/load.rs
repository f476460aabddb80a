//! Reading a cycle configuration from TOML: sections fall back to their
//! defaults, unknown keys are refused, and every error names its key as a
//! dotted path (`thresholds.intermediate.training_hours`,
//! `scoring.rubric[1].max`).

use chrono::NaiveDate;
use serde::Deserialize;

use super::{
    AchievementRule, Certificates, Cycle, EducationRule, ExceptionalRule, Experts, Fees,
    PriorCertificateRule, Scoring, ServiceYears, StageRule, Thresholds, Windows, last_day_of,
};

/// A configuration that could not be read or does not hold together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleError {
    /// Dotted path of the offending key; empty when the file as a whole is at fault.
    pub key: String,
    pub reason: String,
}

impl CycleError {
    pub(super) fn new(key: impl Into<String>, reason: impl Into<String>) -> CycleError {
        CycleError {
            key: key.into(),
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for CycleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.key.is_empty() {
            write!(f, "cycle configuration: {}", self.reason)
        } else {
            write!(f, "cycle configuration, key {}: {}", self.key, self.reason)
        }
    }
}

impl std::error::Error for CycleError {}

/// The file as written: every section optional, the reference date too,
/// since its default depends on the year.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CycleFile {
    year: Option<i32>,
    #[serde(default, deserialize_with = "date::deserialize_option")]
    reference_date: Option<NaiveDate>,
    #[serde(default)]
    windows: Windows,
    #[serde(default)]
    thresholds: Thresholds,
    #[serde(default)]
    service_years: ServiceYears,
    #[serde(default)]
    achievements: AchievementRule,
    #[serde(default)]
    education: EducationRule,
    #[serde(default)]
    prior_certificate: PriorCertificateRule,
    #[serde(default)]
    exceptional: ExceptionalRule,
    #[serde(default)]
    stages: StageRule,
    #[serde(default)]
    experts: Experts,
    #[serde(default)]
    fees: Fees,
    #[serde(default)]
    scoring: Scoring,
    #[serde(default)]
    certificates: Certificates,
}

impl CycleFile {
    fn into_cycle(self) -> Cycle {
        let year = self.year.unwrap_or(2024);
        Cycle {
            year,
            reference_date: self.reference_date.unwrap_or_else(|| last_day_of(year)),
            windows: self.windows,
            thresholds: self.thresholds,
            service_years: self.service_years,
            achievements: self.achievements,
            education: self.education,
            prior_certificate: self.prior_certificate,
            exceptional: self.exceptional,
            stages: self.stages,
            experts: self.experts,
            fees: self.fees,
            scoring: self.scoring,
            certificates: self.certificates,
        }
    }
}

impl TryFrom<CycleFile> for Cycle {
    type Error = CycleError;

    fn try_from(file: CycleFile) -> Result<Cycle, CycleError> {
        let cycle = file.into_cycle();
        cycle.validate()?;
        Ok(cycle)
    }
}

pub(super) fn from_toml(text: &str) -> Result<Cycle, CycleError> {
    let file: CycleFile = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
    Cycle::try_from(file)
}

/// Names the key of a TOML or serde error from the span it points at.
fn toml_error(text: &str, error: &toml::de::Error) -> CycleError {
    let message = error.message().trim();
    let Some(span) = error.span() else {
        return CycleError::new(named_field(message).unwrap_or_default(), message);
    };
    let offset = span.start.min(text.len());
    let line = text[..offset].matches('\n').count() + 1;
    let mut key = key_at(text, offset);

    // "unknown field `x`" and "missing field `x`" may point at the table.
    if let Some(field) = named_field(message)
        && !key.ends_with(field)
    {
        key = join(&key, field);
    }
    CycleError::new(key, format!("{message} (line {line})"))
}

/// The field a serde message names between backticks, for the messages
/// about a field (not a value).
fn named_field(message: &str) -> Option<&str> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("missing field `"))?;
    rest.split('`').next()
}

/// The dotted key in effect at a byte offset: the last table header before
/// it, the index of an array of tables, and the key of its line (or of the
/// nearest line above with a key, for a value spread over lines).
fn key_at(text: &str, offset: usize) -> String {
    let mut header = String::new();
    let mut arrays: Vec<(String, usize)> = Vec::new();
    let mut key = String::new();
    let mut start = 0;

    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let trimmed = line.trim();
        if trimmed.starts_with('[') && !trimmed.starts_with("[ ") && !trimmed.contains('=') {
            key.clear();
            header = header_path(trimmed, &mut arrays);
        } else if let Some((name, _)) = trimmed.split_once('=')
            && !trimmed.starts_with('#')
            && !trimmed.starts_with('"')
        {
            key = clean_key(name);
        }
        if offset < end || end == text.len() {
            let on_header = trimmed.starts_with('[') && key.is_empty();
            if on_header {
                return header;
            }
            // Inside a dotted key (`a.b.c = 1`), up to the part pointed at.
            let column = offset.saturating_sub(start).min(line.len());
            if let Some(equals) = line.find('=')
                && column < equals
            {
                let stop = line[column..equals]
                    .find('.')
                    .map_or(equals, |i| column + i);
                key = clean_key(&line[..stop]);
            }
            return join(&header, &key);
        }
        start = end;
    }
    join(&header, &key)
}

/// `[a.b]` -> `a.b`; `[[a.b]]` -> `a.b[i]`, counting earlier headers of the same array.
fn header_path(line: &str, arrays: &mut Vec<(String, usize)>) -> String {
    if let Some(inner) = line.strip_prefix("[[") {
        let name = clean_key(inner.split("]]").next().unwrap_or_default());
        let index = if let Some((_, count)) = arrays.iter_mut().find(|(n, _)| *n == name) {
            *count += 1;
            *count - 1
        } else {
            arrays.push((name.clone(), 1));
            0
        };
        format!("{name}[{index}]")
    } else {
        let inner = line.trim_start_matches('[');
        clean_key(inner.split(']').next().unwrap_or_default())
    }
}

/// A key as written (`a . "b"`) in dotted form (`a.b`).
fn clean_key(raw: &str) -> String {
    raw.split('.')
        .map(|part| part.trim().trim_matches(|c| c == '"' || c == '\''))
        .collect::<Vec<_>>()
        .join(".")
}

fn join(header: &str, key: &str) -> String {
    match (header.is_empty(), key.is_empty()) {
        (true, _) => key.to_owned(),
        (false, true) => header.to_owned(),
        (false, false) => format!("{header}.{key}"),
    }
}

/// Dates written either as TOML dates (`2024-12-31`) or as strings
/// (`"2024-12-31"`); written back as strings.
pub mod date {
    use chrono::NaiveDate;
    use serde::de::{self, Deserializer, MapAccess, Visitor};

    struct DateVisitor;

    impl<'de> Visitor<'de> for DateVisitor {
        type Value = NaiveDate;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a date YYYY-MM-DD")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<NaiveDate, E> {
            parse(text).ok_or_else(|| E::custom(format!("expected a date YYYY-MM-DD, got {text}")))
        }

        // A TOML date arrives as a map of one private key to its text.
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NaiveDate, A::Error> {
            let Some((_, text)) = map.next_entry::<String, String>()? else {
                return Err(de::Error::custom("expected a date YYYY-MM-DD"));
            };
            self.visit_str(&text)
        }
    }

    /// A calendar date alone: a TOML date-time or offset is refused.
    fn parse(text: &str) -> Option<NaiveDate> {
        let bytes = text.as_bytes();
        let shaped = bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-';
        shaped
            .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
            .flatten()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        deserializer.deserialize_str(DateVisitor)
    }

    pub fn deserialize_option<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        deserialize(deserializer).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_under_headers_and_arrays_of_tables() {
        let text = "year = 2024\n[thresholds.junior]\ncast_hours = 9\n\n[[scoring.rubric]]\n\
                    max = 1\n[[scoring.rubric]]\nmax = 2\n[exceptional]\nintermediate_list = [\n  \"A\",\n  3,\n]\n";
        let at = |needle: &str| key_at(text, text.find(needle).unwrap());
        assert_eq!(at("2024"), "year");
        assert_eq!(at("9"), "thresholds.junior.cast_hours");
        assert_eq!(at("1\n"), "scoring.rubric[0].max");
        assert_eq!(at("2\n"), "scoring.rubric[1].max");
        assert_eq!(at("3,"), "exceptional.intermediate_list");
        assert_eq!(at("[[scoring.rubric]]\nmax = 2"), "scoring.rubric[1]");
    }

    #[test]
    fn quoted_and_spaced_keys_are_cleaned() {
        assert_eq!(clean_key(" a . \"b\" "), "a.b");
        assert_eq!(named_field("missing field `max`"), Some("max"));
        assert_eq!(named_field("invalid type"), None);
    }
}
