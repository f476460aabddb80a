//! The list filter typed after `/`: a query in the search language of
//! [`crate::domain::query`], applied to each application's summary, its
//! searchable text ([`haystack`]) and, when the query asks about scores,
//! panels or complaints, the facts the service adds.

use crate::domain::Summary;
use crate::domain::query::{self, ErrorKind, Facts, Prepared, Query, QueryError, Subject};

use super::catalog::{Catalog, fill};
use super::text;

/// Separates the fields of a haystack, so a match never spans two fields.
const SEPARATOR: char = '\n';

/// The searchable text of one application: its cleaned fields, lowercased,
/// with the pinyin initials of its name and organization between them.
/// The organization and province stay the last two lines, where `org:`
/// and `province:` look.
pub fn haystack(summary: &Summary) -> String {
    fn push_lowercase(out: &mut String, field: &str) {
        for c in field.chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
    let name = text::clean(&summary.name);
    let organization = text::clean(&summary.organization);
    let mut out = String::with_capacity(
        summary.id.len() + 2 * (name.len() + organization.len()) + summary.province.len() + 8,
    );
    push_lowercase(&mut out, &text::clean(&summary.id));
    out.push(SEPARATOR);
    push_lowercase(&mut out, &name);
    for field in [&name, &organization] {
        out.push(SEPARATOR);
        out.push_str(&query::initials(field));
    }
    out.push(SEPARATOR);
    push_lowercase(&mut out, &organization);
    out.push(SEPARATOR);
    push_lowercase(&mut out, &text::clean(&summary.province));
    out
}

/// Whether two summaries have the same searchable text: the fields
/// [`haystack`] reads are the same.
pub fn same_haystack(a: &Summary, b: &Summary) -> bool {
    a.id == b.id && a.name == b.name && a.organization == b.organization && a.province == b.province
}

/// A parsed query that narrows or orders the list.
#[derive(Debug, Clone)]
pub struct Filter {
    text: String,
    query: Query,
    prepared: Prepared,
}

/// Two filters are the same when they were typed the same.
impl PartialEq for Filter {
    fn eq(&self, other: &Filter) -> bool {
        self.text == other.text
    }
}

impl Eq for Filter {}

impl Filter {
    /// `Ok(None)` for text that asks for nothing (blank).
    pub fn new(text: &str) -> Result<Option<Filter>, QueryError> {
        let cleaned = text::clean(text);
        let query = query::parse(&cleaned)?;
        Ok((query != Query::default()).then(|| Filter {
            text: text.to_owned(),
            prepared: query.prepare(),
            query,
        }))
    }

    /// The query as typed.
    pub fn query(&self) -> &str {
        &self.text
    }

    pub fn parsed(&self) -> &Query {
        &self.query
    }

    pub fn needs_facts(&self) -> bool {
        self.query.needs_facts()
    }

    /// Whether the filter reads the searchable text of each application.
    pub fn reads_text(&self) -> bool {
        self.query.reads_text()
    }

    pub fn sorts(&self) -> bool {
        self.prepared.sorts()
    }

    pub fn matches(&self, subject: &Subject<'_>, reference: chrono::NaiveDate) -> bool {
        self.prepared.matches(subject, reference)
    }

    pub fn prepared(&self) -> &Prepared {
        &self.prepared
    }
}

/// The facts of an application no query has asked about yet.
pub static NO_FACTS: std::sync::LazyLock<Facts> = std::sync::LazyLock::new(Facts::default);

/// A query error in the interface's language, with its position.
pub fn describe(error: &QueryError, c: &Catalog) -> String {
    let detail = match &error.kind {
        ErrorKind::ExpectedTerm => c.query_expected_term.to_owned(),
        ErrorKind::UnclosedParen => c.query_unclosed_paren.to_owned(),
        ErrorKind::UnexpectedClose => c.query_unexpected_close.to_owned(),
        ErrorKind::UnclosedQuote => c.query_unclosed_quote.to_owned(),
        ErrorKind::ExpectedValue { field } => {
            fill(c.query_expected_value, &[("field", &text::clean(field))])
        }
        ErrorKind::UnknownField { field } => fill(
            c.query_unknown_field,
            &[
                ("field", &text::clean(field)),
                ("fields", &query::field_names().join(" ")),
            ],
        ),
        ErrorKind::BadValue {
            field,
            value,
            expected,
        } => fill(
            c.query_bad_value,
            &[
                ("field", field),
                ("value", &text::clean(value)),
                ("values", &expected.join(" ")),
            ],
        ),
        ErrorKind::BadNumber { field, value } => fill(
            c.query_bad_number,
            &[("field", field), ("value", &text::clean(value))],
        ),
        ErrorKind::BadCriterion { .. } => c.query_bad_criterion.to_owned(),
        ErrorKind::SortNotTopLevel => c.query_sort_nested.to_owned(),
        ErrorKind::TooDeep => c.query_too_deep.to_owned(),
        ErrorKind::EmptyText => c.query_empty_text.to_owned(),
    };
    let at = (error.at + 1).to_string();
    format!("{}{detail}", fill(c.query_at, &[("at", &at)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Application, Summary};
    use crate::ui::testkit;

    fn summary(id: &str, name: &str, organization: &str, province: &str) -> Summary {
        let mut application: Application =
            serde_json::from_value(testkit::minimal_json(id)).unwrap();
        application.name = name.into();
        application.organization = organization.into();
        application.province = province.into();
        testkit::summaries_of(&[application]).remove(0)
    }

    fn keeps(query: &str, summary: &Summary, haystack: &str) -> bool {
        let filter = Filter::new(query).unwrap().unwrap();
        let subject = Subject {
            summary,
            haystack,
            facts: &NO_FACTS,
        };
        filter.matches(
            &subject,
            crate::domain::Cycle::default_2024().reference_date,
        )
    }

    #[test]
    fn matches_any_field_ignoring_case() {
        let s = summary("2024-ZJ-J-0001", "Li Wei", "杭州市求知小学", "浙江");
        let hay = haystack(&s);
        for query in [
            "zj-j",
            "li wei",
            "LI",
            "求知",
            "浙江",
            " 0001 ",
            "\"Li Wei\"",
        ] {
            assert!(keeps(query, &s, &hay), "{query}");
        }
        assert!(!keeps("上海", &s, &hay));
    }

    #[test]
    fn never_matches_across_fields() {
        let s = summary("A1", "Wei", "Lab", "X");
        assert!(!keeps("weilab", &s, &haystack(&s)));
        assert!(!keeps("\"wei lab\"", &s, &haystack(&s)));
        // Two words are two terms, each in a field of its own.
        assert!(keeps("wei lab", &s, &haystack(&s)));
    }

    #[test]
    fn latin_letters_find_chinese_by_pinyin_initials() {
        let s = summary("2024-ZJ-J-0001", "张华强", "杭州市求知小学", "浙江");
        let hay = haystack(&s);
        for query in [
            "zhq",
            "ZHQ",
            "zh",
            "qzxx",
            "hzs",
            "org:求知",
            "province:浙江",
        ] {
            assert!(keeps(query, &s, &hay), "{query}");
        }
        for query in ["wly", "qzxxz", "org:qzxx", "province:zj"] {
            assert!(!keeps(query, &s, &hay), "{query}");
        }
        // Initials never run from the name into the organization.
        assert!(!keeps("zhqh", &s, &hay));
    }

    #[test]
    fn hostile_text_is_searched_as_shown() {
        let s = summary("A2", "\u{1b}[31m黄志远\u{1b}[0m", "Lab", "X");
        assert!(keeps("黄志远", &s, &haystack(&s)));
        assert!(!keeps("31m", &s, &haystack(&s)));
    }

    #[test]
    fn an_empty_query_is_no_filter() {
        assert_eq!(Filter::new("   "), Ok(None));
        assert_eq!(Filter::new("\u{7}"), Ok(None));
        assert_eq!(Filter::new("Ab").unwrap().unwrap().query(), "Ab");
    }

    #[test]
    fn errors_read_in_the_interface_language_with_their_place() {
        let error = Filter::new("level:great").unwrap_err();
        let zh = describe(&error, crate::lang::Lang::Zh.catalog());
        assert!(zh.starts_with("第 7 个字符"), "{zh}");
        assert!(zh.contains("great") && zh.contains("senior"), "{zh}");
        let en = describe(
            &Filter::new("a (b").unwrap_err(),
            crate::lang::Lang::En.catalog(),
        );
        assert_eq!(en, "at 3: this ( is never closed");
    }
}
