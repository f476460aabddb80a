//! The list filter typed after `/`: for now a plain case-insensitive
//! substring over the id, name, organization and province.
//!
//! Kept apart so the query language can replace it without touching the
//! queue: the queue only asks [`Filter::matches`] of each [`haystack`].

use crate::domain::Summary;

use super::text;

/// Separates the fields of a haystack, so a match never spans two fields.
const SEPARATOR: char = '\n';

/// The searchable text of one application: its cleaned fields, lowercased.
pub fn haystack(summary: &Summary) -> String {
    let fields = [
        &summary.id,
        &summary.name,
        &summary.organization,
        &summary.province,
    ];
    let mut out = String::new();
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(SEPARATOR);
        }
        out.push_str(&text::clean(field).to_lowercase());
    }
    out
}

/// A filter that matches something: never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    query: String,
    needle: String,
}

impl Filter {
    /// `None` for a query with nothing to look for.
    pub fn new(query: &str) -> Option<Filter> {
        let needle = text::clean(query).trim().to_lowercase();
        (!needle.is_empty()).then(|| Filter {
            query: query.to_owned(),
            needle,
        })
    }

    /// The query as typed.
    pub fn query(&self) -> &str {
        &self.query
    }

    pub fn matches(&self, haystack: &str) -> bool {
        haystack.contains(&self.needle)
    }
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

    #[test]
    fn matches_any_field_ignoring_case() {
        let s = summary("2024-ZJ-J-0001", "Li Wei", "杭州市求知小学", "浙江");
        let hay = haystack(&s);
        for query in ["zj-j", "li wei", "LI", "求知", "浙江", " 0001 "] {
            assert!(Filter::new(query).unwrap().matches(&hay), "{query}");
        }
        assert!(!Filter::new("上海").unwrap().matches(&hay));
    }

    #[test]
    fn never_matches_across_fields() {
        let s = summary("A1", "Wei", "Lab", "X");
        assert!(!Filter::new("weilab").unwrap().matches(&haystack(&s)));
        assert!(!Filter::new("wei\nlab").unwrap().matches(&haystack(&s)));
    }

    #[test]
    fn hostile_text_is_searched_as_shown() {
        let s = summary("A2", "\u{1b}[31m黄志远\u{1b}[0m", "Lab", "X");
        assert!(Filter::new("黄志远").unwrap().matches(&haystack(&s)));
        assert!(!Filter::new("31m").unwrap().matches(&haystack(&s)));
    }

    #[test]
    fn an_empty_query_is_no_filter() {
        assert_eq!(Filter::new("   "), None);
        assert_eq!(Filter::new("\u{7}"), None);
        assert_eq!(Filter::new("Ab").unwrap().query(), "Ab");
    }
}
