//! Searches a user keeps by name, each shown as one more queue after the
//! stage tabs. A saved search is the query's text as typed, so it reads
//! the same in either language and parses again on every load.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Query, QueryError, parse};

/// How many searches one user keeps: each is a tab, and tabs share a row.
pub const MAX_SAVED: usize = 9;
/// The longest name, in characters: a name is a tab's label.
pub const NAME_MAX: usize = 12;
/// The longest query text, in characters.
pub const TEXT_MAX: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearch {
    pub name: String,
    /// The query as typed.
    pub text: String,
    pub saved_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SavedSearchError {
    #[error("a saved search needs a name")]
    NoName,
    #[error("the name {0:?} is too long: at most {NAME_MAX} characters")]
    LongName(String),
    #[error("the name {0:?} may hold no spaces, control characters or colons")]
    BadName(String),
    #[error("the search {0:?} asks for nothing")]
    NoQuery(String),
    #[error("the search {name:?} is too long: at most {TEXT_MAX} characters")]
    LongQuery { name: String },
    #[error("the search {name:?} {error}")]
    Query { name: String, error: QueryError },
    #[error("{MAX_SAVED} searches are saved already; forget one first")]
    Full,
    #[error("no saved search named {0:?}")]
    Unknown(String),
}

/// Checks a name and a query text before they are saved: the name fits a
/// tab and is one word, the text parses to a query that asks for something.
/// Returns the text to keep (control characters made spaces, trimmed)
/// and its query.
pub fn check(name: &str, text: &str) -> Result<(String, Query), SavedSearchError> {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let text = text.trim();
    if name.is_empty() {
        return Err(SavedSearchError::NoName);
    }
    if name.chars().count() > NAME_MAX {
        return Err(SavedSearchError::LongName(name.to_owned()));
    }
    if name
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == ':' || c == '：')
    {
        return Err(SavedSearchError::BadName(name.to_owned()));
    }
    if text.chars().count() > TEXT_MAX {
        return Err(SavedSearchError::LongQuery {
            name: name.to_owned(),
        });
    }
    let query = parse(text).map_err(|error| SavedSearchError::Query {
        name: name.to_owned(),
        error,
    })?;
    if query == Query::default() {
        return Err(SavedSearchError::NoQuery(name.to_owned()));
    }
    Ok((text.to_owned(), query))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_one_short_word_and_the_text_a_query() {
        let (text, _) = check("高级", " 级别:高级\tscore:>80\n").unwrap();
        assert_eq!(text, "级别:高级 score:>80");
        assert!(check("late-fees", "fee:unpaid sort:-years").is_ok());
        assert_eq!(check("", "fee:unpaid"), Err(SavedSearchError::NoName));
        assert!(matches!(
            check("a b", "fee:unpaid"),
            Err(SavedSearchError::BadName(_))
        ));
        assert!(matches!(
            check("a:b", "fee:unpaid"),
            Err(SavedSearchError::BadName(_))
        ));
        assert!(matches!(
            check("x\u{1b}", "fee:unpaid"),
            Err(SavedSearchError::BadName(_))
        ));
        assert!(matches!(
            check("一二三四五六七八九十一二三", "fee:unpaid"),
            Err(SavedSearchError::LongName(_))
        ));
        assert_eq!(
            check("all", "  "),
            Err(SavedSearchError::NoQuery("all".into()))
        );
        let Err(SavedSearchError::Query { name, error }) = check("bad", "score:>x") else {
            panic!("a query that does not parse is refused");
        };
        assert_eq!((name.as_str(), error.at), ("bad", 6), "at the value");
        assert!(matches!(
            check("long", &"a ".repeat(300)),
            Err(SavedSearchError::LongQuery { .. })
        ));
    }
}
