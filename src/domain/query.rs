//! The search language of `/` and `docket export --query`, after
//! the `HotCRP` conference system's: `field:value` terms, free words, `AND`, `OR`, `NOT`, `-term`,
//! parentheses, and `sort:` keys.
//!
//! A query parses to the same tree whatever language the terms were typed
//! in (`level:senior` and `级别:高级` are one term), and prints back in its
//! canonical English form, which parses to the same tree again.

mod eval;
mod parse;
mod print;
pub mod saved;
mod vocabulary;

#[cfg(test)]
mod tests;

pub use eval::{Complaints, Facts, Prepared, Subject};
pub use parse::{ErrorKind, QueryError, parse};

use crate::domain::{Criterion, Level, Stage, Status, Track, Verdict};

/// What may complete `word` (the term being typed): field names with
/// their colon, or, after a field that takes named values, `field:value`.
pub fn completions(word: &str) -> Vec<String> {
    use vocabulary::{Field, Words};
    fn values<T: Copy + PartialEq>(field: &str, words: &Words<T>) -> Vec<String> {
        words
            .names()
            .iter()
            .map(|v| format!("{field}:{v}"))
            .collect()
    }
    let Some((field, _)) = word.split_once(':') else {
        return Field::names().iter().map(|f| format!("{f}:")).collect();
    };
    match Field::find(field) {
        Some(Field::Level) => values(field, &vocabulary::LEVELS),
        Some(Field::Stage) => values(field, &vocabulary::STAGES),
        Some(Field::Track) => values(field, &vocabulary::TRACKS),
        Some(Field::Verdict) => values(field, &vocabulary::VERDICTS),
        Some(Field::Flag) => values(field, &vocabulary::FLAGS),
        Some(Field::Fee) => values(field, &vocabulary::FEES),
        Some(Field::Missing) => values(field, &vocabulary::MISSING),
        Some(Field::Complaint) => values(field, &vocabulary::COMPLAINTS),
        Some(Field::Sort) => values(field, &vocabulary::SORTS),
        Some(Field::Criterion) => vocabulary::CRITERIA
            .names()
            .iter()
            .map(|c| format!("{field}:{c}="))
            .collect(),
        _ => Vec::new(),
    }
}

/// The pinyin initials of the Chinese characters of `text`, its Latin
/// letters and digits kept (lowercased), so that `zhq` finds 张华强 and
/// `bj101` 北京101中学. Empty for text with no Chinese character, which
/// free words already search as it is.
pub fn initials(text: &str) -> String {
    let mut out = String::new();
    let mut chinese = false;
    for c in text.chars() {
        if let Some(letter) = initial(c) {
            chinese = true;
            out.push(letter);
        } else if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        }
    }
    if !chinese {
        out.clear();
    }
    out
}

/// The common block of Chinese characters, where nearly every name and
/// organization is written.
const COMMON_HANZI: std::ops::Range<u32> = 0x4E00..0xA000;

/// The first letter of a Chinese character's reading, from a table of the
/// common block built on first use (so 100,000 names and organizations
/// cost a lookup a character), else from the full readings.
fn initial(c: char) -> Option<char> {
    use pinyin::ToPinyin;
    static TABLE: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
        COMMON_HANZI
            .map(|code| {
                char::from_u32(code)
                    .and_then(|c| c.to_pinyin())
                    .and_then(|p| p.first_letter().bytes().next())
                    .unwrap_or(0)
            })
            .collect()
    });
    let code = u32::from(c);
    if COMMON_HANZI.contains(&code) {
        let letter = TABLE[(code - COMMON_HANZI.start) as usize];
        return (letter != 0).then_some(char::from(letter));
    }
    if c.is_ascii() {
        return None;
    }
    c.to_pinyin().and_then(|p| p.first_letter().chars().next())
}

/// Every field a term can name, in its canonical spelling.
pub fn field_names() -> Vec<&'static str> {
    vocabulary::Field::names()
}

/// A parsed query: what to keep and how to order it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// `None` keeps everything.
    pub filter: Option<Expr>,
    pub sort: Vec<SortKey>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// Two or more, none of them an `And`.
    And(Vec<Expr>),
    /// Two or more, none of them an `Or`.
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Term(Term),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Level(Level),
    Stage(Stage),
    Track(Track),
    /// Substring of the province.
    Province(String),
    /// Substring of the organization.
    Org(String),
    Verdict(Verdict),
    Criterion(Criterion, Status),
    /// The aggregate of the submitted reviews at the current stage.
    Score(Compare),
    Written(Compare),
    /// Highest minus lowest submitted total.
    Spread(Compare),
    Flag(FlagKind),
    Fee(FeeState),
    Assigned(String),
    Reviewed(String),
    Missing(Missing),
    Complaint(ComplaintState),
    /// Whole years of age at the cycle's reference date.
    Age(Compare),
    /// Whole years of counseling service at the reference date.
    Years(Compare),
    /// A free word: name, id or organization.
    Word(String),
}

/// A number compared: `>80`, `<=3`, `60` (equal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compare {
    pub op: Op,
    /// In tenths, so `80.5` is 805.
    pub tenths: i64,
}

impl Compare {
    pub fn holds(self, tenths: i64) -> bool {
        match self.op {
            Op::Lt => tenths < self.tenths,
            Op::Le => tenths <= self.tenths,
            Op::Gt => tenths > self.tenths,
            Op::Ge => tenths >= self.tenths,
            Op::Eq => tenths == self.tenths,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagKind {
    /// The experts' totals are further apart than the cycle allows.
    Disagree,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeeState {
    Paid,
    Unpaid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// Assigned experts who have not submitted.
    Review,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComplaintState {
    /// Any complaint at all.
    Any,
    Open,
    Upheld,
    Dismissed,
}

/// A `sort:` key; `descending` for `sort:-key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortKey {
    pub field: SortField,
    pub descending: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortField {
    Id,
    Name,
    Province,
    Level,
    Stage,
    Score,
    Written,
    Spread,
    Age,
    Years,
}

impl Query {
    /// Whether the query reads the searchable text (a free word, `org:`,
    /// `province:`); the other terms read only the summary and the facts.
    pub fn reads_text(&self) -> bool {
        self.filter.as_ref().is_some_and(Expr::reads_text)
    }

    /// Whether evaluating the query needs more than the summaries: scores,
    /// assignments or complaints, which cost a read per application.
    pub fn needs_facts(&self) -> bool {
        self.filter.as_ref().is_some_and(Expr::needs_facts)
            || self.sort.iter().any(|k| {
                matches!(
                    k.field,
                    SortField::Score | SortField::Written | SortField::Spread
                )
            })
    }
}

impl Expr {
    fn reads_text(&self) -> bool {
        match self {
            Expr::And(items) | Expr::Or(items) => items.iter().any(Expr::reads_text),
            Expr::Not(inner) => inner.reads_text(),
            Expr::Term(term) => matches!(term, Term::Word(_) | Term::Province(_) | Term::Org(_)),
        }
    }

    fn needs_facts(&self) -> bool {
        match self {
            Expr::And(items) | Expr::Or(items) => items.iter().any(Expr::needs_facts),
            Expr::Not(inner) => inner.needs_facts(),
            Expr::Term(term) => matches!(
                term,
                Term::Score(_)
                    | Term::Written(_)
                    | Term::Spread(_)
                    | Term::Flag(_)
                    | Term::Assigned(_)
                    | Term::Reviewed(_)
                    | Term::Missing(_)
                    | Term::Complaint(_)
            ),
        }
    }
}
