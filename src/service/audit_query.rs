//! The audit screen's filter: `user:li.wei action:review.
//! date:2024-05-01..2024-05-31 app:2024-ZJ`, and plain words that may
//! stand anywhere in an entry.

use chrono::{FixedOffset, NaiveDate, Offset, Utc};

use crate::store::AuditEntry;

/// Which entries to show; every part given must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// Part of the actor's login name (any case).
    pub user: Option<String>,
    /// Part of the target: an application id, a user name.
    pub app: Option<String>,
    /// The start of the action, e.g. `review.` or `user.add`.
    pub action: Option<String>,
    /// First and last day (both included), in the body's time zone.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Words that must each stand in the actor, action, target or note.
    pub words: Vec<String>,
}

/// Why a filter line was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("unknown filter field '{0}': use user:, app:, action: or date:")]
    UnknownField(String),
    #[error("'{0}' is not a date range: use date:YYYY-MM-DD or date:FROM..TO")]
    BadDate(String),
    #[error("'{0}:' needs a value")]
    Empty(String),
}

/// The body's time zone (China Standard Time), in which days are counted.
pub fn body_zone() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn dates(text: &str) -> Result<(Option<NaiveDate>, Option<NaiveDate>), QueryError> {
    let bad = || QueryError::BadDate(text.to_owned());
    let (from, to) = match text.split_once("..") {
        Some((from, to)) => (from, to),
        None => (text, text),
    };
    let side = |s: &str| {
        if s.is_empty() {
            Ok(None)
        } else {
            day(s).map(Some).ok_or_else(bad)
        }
    };
    let (from, to) = (side(from)?, side(to)?);
    if from.is_none() && to.is_none() {
        return Err(bad());
    }
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(bad());
    }
    Ok((from, to))
}

impl AuditQuery {
    pub fn parse(text: &str) -> Result<AuditQuery, QueryError> {
        let mut query = AuditQuery::default();
        for word in text.split_whitespace() {
            let Some((field, value)) = word.split_once(':') else {
                query.words.push(word.to_lowercase());
                continue;
            };
            if value.is_empty() {
                return Err(QueryError::Empty(field.to_owned()));
            }
            match field {
                "user" | "u" | "actor" => query.user = Some(value.to_lowercase()),
                "app" | "a" | "target" => query.app = Some(value.to_lowercase()),
                "action" | "act" => query.action = Some(value.to_owned()),
                "date" | "d" => (query.from, query.to) = dates(value)?,
                other => return Err(QueryError::UnknownField(other.to_owned())),
            }
        }
        Ok(query)
    }

    pub fn is_empty(&self) -> bool {
        *self == AuditQuery::default()
    }

    /// The filter written out again, as the screen's title shows it.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(user) = &self.user {
            parts.push(format!("user:{user}"));
        }
        if let Some(app) = &self.app {
            parts.push(format!("app:{app}"));
        }
        if let Some(action) = &self.action {
            parts.push(format!("action:{action}"));
        }
        let show = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        match (self.from, self.to) {
            (None, None) => {}
            (from, to) if from == to => parts.push(format!("date:{}", show(from))),
            (from, to) => parts.push(format!("date:{}..{}", show(from), show(to))),
        }
        parts.extend(self.words.iter().cloned());
        parts.join(" ")
    }

    pub fn matches(&self, entry: &AuditEntry) -> bool {
        let contains = |hay: &str, needle: &str| hay.to_lowercase().contains(needle);
        if self
            .user
            .as_deref()
            .is_some_and(|u| !contains(&entry.actor, u))
        {
            return false;
        }
        if self
            .app
            .as_deref()
            .is_some_and(|a| !contains(&entry.target, a))
        {
            return false;
        }
        if self
            .action
            .as_deref()
            .is_some_and(|a| !entry.action.starts_with(a))
        {
            return false;
        }
        if self.from.is_some() || self.to.is_some() {
            let day = entry.time.with_timezone(&body_zone()).date_naive();
            if self.from.is_some_and(|f| day < f) || self.to.is_some_and(|t| day > t) {
                return false;
            }
        }
        self.words.iter().all(|w| {
            [&entry.actor, &entry.action, &entry.target, &entry.note]
                .iter()
                .any(|field| contains(field, w))
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::store::AuditDraft;

    fn entry(actor: &str, action: &str, target: &str, at: &str) -> AuditEntry {
        let time: DateTime<Utc> = at.parse().unwrap();
        AuditDraft::new(actor, action, target, b"")
            .with_note("why")
            .seal(1, time, crate::store::audit::GENESIS)
    }

    #[test]
    fn a_filter_line_parses_and_reads_back() {
        let query =
            AuditQuery::parse("user:Li.Wei action:review. date:2024-05-01..2024-05-31 app:2024-ZJ")
                .unwrap();
        assert_eq!(query.user.as_deref(), Some("li.wei"));
        assert_eq!(query.action.as_deref(), Some("review."));
        assert_eq!(query.from, day("2024-05-01"));
        assert_eq!(query.to, day("2024-05-31"));
        assert_eq!(
            query.describe(),
            "user:li.wei app:2024-zj action:review. date:2024-05-01..2024-05-31"
        );
        assert_eq!(
            AuditQuery::parse("date:2024-05-02").unwrap().describe(),
            "date:2024-05-02"
        );
        assert!(AuditQuery::parse("  ").unwrap().is_empty());
    }

    #[test]
    fn bad_filters_are_named() {
        assert_eq!(
            AuditQuery::parse("who:x"),
            Err(QueryError::UnknownField("who".into()))
        );
        assert_eq!(
            AuditQuery::parse("date:2024-13-01"),
            Err(QueryError::BadDate("2024-13-01".into()))
        );
        assert_eq!(
            AuditQuery::parse("date:2024-05-31..2024-05-01"),
            Err(QueryError::BadDate("2024-05-31..2024-05-01".into()))
        );
        assert_eq!(
            AuditQuery::parse("user:"),
            Err(QueryError::Empty("user".into()))
        );
    }

    #[test]
    fn entries_match_every_part_given() {
        let e = entry(
            "li.wei",
            "review.submit",
            "2024-ZJ-J-0001",
            "2024-05-31T17:00:00Z",
        );
        let ok = |q: &str| AuditQuery::parse(q).unwrap().matches(&e);
        assert!(ok("user:li action:review. app:2024-zj"));
        assert!(!ok("action:eligibility."));
        assert!(!ok("user:chen"));
        // 17:00 UTC on the 31st is already 1 June in Beijing.
        assert!(ok("date:2024-06-01"));
        assert!(!ok("date:2024-05-01..2024-05-31"));
        assert!(ok("date:..2024-06-01 why"));
        assert!(!ok("nowhere"));
    }
}
