//! One cell as read from a sheet, and its value for the field reader: the
//! same `serde_json` value a JSON file would hold, so both paths share
//! every rule and message of `domain::parse`.

use calamine::DataRef;
use serde_json::{Number, Value};

use super::Kind;

/// A cell's content, owned, with formulas already resolved to their cached
/// value (or to the lack of one).
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date cell: year, month, day.
    Date(u16, u8, u8),
    /// An error value such as `#DIV/0!`.
    Error(String),
    /// A formula whose file holds no computed value.
    Uncached(String),
}

impl Raw {
    /// The content of a cell, `None` when it is empty (blank text included).
    pub fn from_cell(value: DataRef<'_>, formula: Option<String>) -> Option<Raw> {
        let raw = match value {
            DataRef::Empty => return formula.map(Raw::Uncached),
            DataRef::Int(n) => Raw::Number(n as f64),
            DataRef::Float(f) => Raw::Number(f),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Raw::Text(s),
            DataRef::SharedString(s) => Raw::Text(s.to_owned()),
            DataRef::Bool(b) => Raw::Bool(b),
            DataRef::DateTime(d) => {
                let (y, m, day, ..) = d.to_ymd_hms_milli();
                Raw::Date(y, m, day)
            }
            DataRef::Error(e) => Raw::Error(e.to_string()),
        };
        match &raw {
            Raw::Text(s) if s.trim().is_empty() => None,
            _ => Some(raw),
        }
    }
}

/// Numbers from here on may not hold every digit they were typed with.
const EXACT_MAX: f64 = 1.0e15;
const ZERO: u64 = 0_f64.to_bits();
const ONE: u64 = 1_f64.to_bits();

/// Characters that have no place in a cell: controls other than tab and
/// line breaks.
fn bad_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The cell with control characters (other than tab and line breaks)
/// removed, and a note saying so: such text is cleaned, not refused.
pub fn cleaned(raw: Raw) -> (Raw, Option<String>) {
    match raw {
        Raw::Text(text) if text.chars().any(bad_control) => {
            let first = text.chars().find(|&c| bad_control(c)).map_or(0, u32::from);
            let count = text.chars().filter(|&c| bad_control(c)).count();
            let note = format!("{count} control character(s) removed, the first U+{first:04X}");
            (
                Raw::Text(text.chars().filter(|&c| !bad_control(c)).collect()),
                Some(note),
            )
        }
        other => (other, None),
    }
}

/// The value a field reader expects for a cell of this kind, or the reason
/// the cell cannot give one. Text is trimmed; what cannot be turned into
/// the kind is passed on as it is, so the field reader names the problem.
pub fn value(raw: Raw, kind: Kind) -> Result<Value, String> {
    match raw {
        Raw::Error(e) => Err(format!("the cell holds the error value {e}")),
        Raw::Uncached(formula) => Err(format!(
            "a formula without a computed value ({}); enter the value itself",
            shorten(&formula)
        )),
        Raw::Text(text) => Ok(text_value(text.trim(), kind)),
        // An identity card number typed as a number has lost its last digits.
        Raw::Number(n) if kind == Kind::Text && n.abs() >= EXACT_MAX => Err(format!(
            "a number of more digits than a spreadsheet keeps exactly ({n:e}); \
             enter it as text"
        )),
        Raw::Number(n) => Ok(match kind {
            Kind::Text => Value::String(number_text(n)),
            Kind::Bool if matches!(n.to_bits(), ZERO | ONE) => Value::Bool(n.to_bits() == ONE),
            Kind::Date | Kind::Bool | Kind::Number => number(n),
        }),
        Raw::Bool(b) => Ok(match kind {
            Kind::Text => Value::String(b.to_string()),
            _ => Value::Bool(b),
        }),
        // In a number or boolean field the date text is named as wrong.
        Raw::Date(y, m, d) => Ok(Value::String(format!("{y:04}-{m:02}-{d:02}"))),
    }
}

fn text_value(text: &str, kind: Kind) -> Value {
    match kind {
        Kind::Text | Kind::Date => Value::String(text.to_owned()),
        Kind::Bool => match text.to_lowercase().as_str() {
            "是" | "true" | "1" => Value::Bool(true),
            "否" | "false" | "0" => Value::Bool(false),
            _ => Value::String(text.to_owned()),
        },
        Kind::Number => match text.parse::<f64>() {
            Ok(n) if n.is_finite() => number(n),
            _ => Value::String(text.to_owned()),
        },
    }
}

/// A number as JSON: whole numbers as integers, so whole-number fields
/// accept `2024` from a cell that stores `2024.0`.
fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < EXACT_MAX {
        Value::Number(Number::from(n as i64))
    } else {
        Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// A number in a text field (a phone typed as a number): whole numbers
/// without the `.0`.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < EXACT_MAX {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("={}…", &text[..cut]),
        None => format!("={text}"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn text(s: &str) -> Raw {
        Raw::Text(s.to_owned())
    }

    #[test]
    fn booleans_read_from_words_numbers_and_cells() {
        for (raw, expected) in [
            (text("是"), json!(true)),
            (text(" 否 "), json!(false)),
            (text("TRUE"), json!(true)),
            (text("0"), json!(false)),
            (Raw::Number(1.0), json!(true)),
            (Raw::Bool(false), json!(false)),
            (text("maybe"), json!("maybe")),
            (Raw::Number(2.0), json!(2)),
        ] {
            assert_eq!(value(raw, Kind::Bool).unwrap(), expected);
        }
    }

    #[test]
    fn numbers_dates_and_text_take_their_field_shape() {
        assert_eq!(value(text(" 2024 "), Kind::Number).unwrap(), json!(2024));
        assert_eq!(value(Raw::Number(7.5), Kind::Number).unwrap(), json!(7.5));
        assert_eq!(value(text("7,5"), Kind::Number).unwrap(), json!("7,5"));
        assert_eq!(
            value(Raw::Date(2024, 2, 9), Kind::Date).unwrap(),
            json!("2024-02-09")
        );
        assert_eq!(
            value(Raw::Number(13_800_000_000.0), Kind::Text).unwrap(),
            json!("13800000000")
        );
        assert_eq!(value(text("  王芳\t"), Kind::Text).unwrap(), json!("王芳"));
        let id_number = value(Raw::Number(330_102_198_503_121_234.0), Kind::Text).unwrap_err();
        assert!(id_number.contains("enter it as text"), "{id_number}");
    }

    #[test]
    fn controls_are_cleaned_and_errors_and_uncached_formulas_refused() {
        let (clean, note) = cleaned(text("a\u{1b}[2J\u{7}\tb\n"));
        assert_eq!(clean, text("a[2J\tb\n"));
        assert_eq!(
            note.unwrap(),
            "2 control character(s) removed, the first U+001B"
        );
        assert_eq!(cleaned(Raw::Number(1.0)), (Raw::Number(1.0), None));
        let formula = value(Raw::Uncached("SUM(A1:A3)".into()), Kind::Number).unwrap_err();
        assert!(formula.contains("=SUM(A1:A3)"), "{formula}");
        assert!(
            value(Raw::Error("#DIV/0!".into()), Kind::Number)
                .unwrap_err()
                .contains("#DIV/0!")
        );
        assert_eq!(Raw::from_cell(DataRef::String("  ".into()), None), None);
        assert_eq!(
            Raw::from_cell(DataRef::Empty, Some("A1".into())),
            Some(Raw::Uncached("A1".into()))
        );
    }
}
