//! A query applied to one application: its summary, its searchable text,
//! and the facts the summary does not hold (scores, panel, complaints).

use std::cmp::Ordering;

use chrono::NaiveDate;
use memchr::memmem::Finder;

use crate::domain::Summary;
use crate::domain::rules::dates::whole_years;

use super::{ComplaintState, Expr, FeeState, FlagKind, Missing, Query, SortField, SortKey, Term};

/// What the summary does not say about an application.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The aggregate of the submitted reviews at the current review stage,
    /// in tenths.
    pub score: Option<i64>,
    pub written: Option<u32>,
    /// Highest minus lowest submitted total, in tenths.
    pub spread: Option<i64>,
    pub disagree: bool,
    pub assigned: Vec<String>,
    /// Experts who have submitted at the current review stage.
    pub reviewed: Vec<String>,
    pub complaints: Complaints,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Complaints {
    pub open: u32,
    pub upheld: u32,
    pub dismissed: u32,
}

/// One application as the query sees it.
pub struct Subject<'a> {
    pub summary: &'a Summary,
    /// The lowercased id, name, organization and province, one per line.
    pub haystack: &'a str,
    pub facts: &'a Facts,
}

/// A query made ready to run over many applications: each text value
/// lowercased and made into a substring searcher once, not once per
/// application.
#[derive(Debug, Clone)]
pub struct Prepared {
    filter: Option<Node>,
    sort: Vec<SortKey>,
}

#[derive(Debug, Clone)]
enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Term(Term),
    /// A free word, or `province:` / `org:` (one line of the haystack).
    Text(Box<TextSearch>),
}

#[derive(Debug, Clone)]
struct TextSearch {
    line: Option<usize>,
    finder: Finder<'static>,
    /// A Latin word long enough to match its letters in order.
    in_order: Option<String>,
}

impl Query {
    pub fn prepare(&self) -> Prepared {
        Prepared {
            filter: self.filter.as_ref().map(Node::of),
            sort: self.sort.clone(),
        }
    }
}

impl Node {
    fn of(expr: &Expr) -> Node {
        match expr {
            Expr::And(items) => Node::And(items.iter().map(Node::of).collect()),
            Expr::Or(items) => Node::Or(items.iter().map(Node::of).collect()),
            Expr::Not(inner) => Node::Not(Box::new(Node::of(inner))),
            Expr::Term(Term::Word(word)) => {
                let word = word.to_lowercase();
                let latin = word.len() >= 3 && word.chars().all(|c| c.is_ascii_alphanumeric());
                Node::Text(Box::new(TextSearch {
                    line: None,
                    finder: Finder::new(word.as_bytes()).into_owned(),
                    in_order: latin.then_some(word),
                }))
            }
            Expr::Term(Term::Province(text)) => Node::line(PROVINCE, text),
            Expr::Term(Term::Org(text)) => Node::line(ORGANIZATION, text),
            Expr::Term(Term::Assigned(name)) => Node::Term(Term::Assigned(name.to_lowercase())),
            Expr::Term(Term::Reviewed(name)) => Node::Term(Term::Reviewed(name.to_lowercase())),
            Expr::Term(term) => Node::Term(term.clone()),
        }
    }

    fn line(line: usize, text: &str) -> Node {
        Node::Text(Box::new(TextSearch {
            line: Some(line),
            finder: Finder::new(text.to_lowercase().as_bytes()).into_owned(),
            in_order: None,
        }))
    }

    fn matches(&self, s: &Subject<'_>, reference: NaiveDate) -> bool {
        match self {
            Node::And(items) => items.iter().all(|n| n.matches(s, reference)),
            Node::Or(items) => items.iter().any(|n| n.matches(s, reference)),
            Node::Not(inner) => !inner.matches(s, reference),
            Node::Term(term) => term.matches(s, reference),
            Node::Text(search) => {
                let TextSearch {
                    line,
                    finder,
                    in_order,
                } = &**search;
                let within = line.map_or(s.haystack, |l| field(s.haystack, l));
                finder.find(within.as_bytes()).is_some()
                    || in_order
                        .as_deref()
                        .is_some_and(|w| s.haystack.split('\n').any(|f| letters_in_order(f, w)))
            }
        }
    }
}

impl Prepared {
    /// Whether the application is kept; `reference` is the cycle's
    /// reference date, for age and years of service.
    pub fn matches(&self, subject: &Subject<'_>, reference: NaiveDate) -> bool {
        self.filter
            .as_ref()
            .is_none_or(|n| n.matches(subject, reference))
    }

    /// The order of two kept applications by the query's sort keys; equal
    /// when it has none, so a stable sort keeps the list's own order.
    pub fn compare(&self, a: &Subject<'_>, b: &Subject<'_>, reference: NaiveDate) -> Ordering {
        self.sort
            .iter()
            .map(|key| compare_by(*key, a, b, reference))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }

    pub fn sorts(&self) -> bool {
        !self.sort.is_empty()
    }
}

impl Term {
    fn matches(&self, s: &Subject<'_>, reference: NaiveDate) -> bool {
        let summary = s.summary;
        let facts = s.facts;
        match self {
            Term::Level(level) => summary.level == *level,
            Term::Stage(stage) => summary.stage == *stage,
            Term::Track(track) => summary.track == *track,
            // Prepared as text searches.
            Term::Province(_) | Term::Org(_) | Term::Word(_) => false,
            Term::Verdict(verdict) => summary.verdict == *verdict,
            Term::Criterion(criterion, status) => summary
                .criteria
                .iter()
                .any(|(c, st)| c == criterion && st == status),
            Term::Score(c) => facts.score.is_some_and(|v| c.holds(v)),
            Term::Written(c) => facts.written.is_some_and(|v| c.holds(i64::from(v) * 10)),
            Term::Spread(c) => facts.spread.is_some_and(|v| c.holds(v)),
            Term::Flag(FlagKind::Disagree) => facts.disagree,
            Term::Fee(FeeState::Paid) => summary.fee_is_paid(),
            Term::Fee(FeeState::Unpaid) => !summary.fee_is_paid(),
            Term::Assigned(name) => facts.assigned.iter().any(|n| n.to_lowercase() == *name),
            Term::Reviewed(name) => facts.reviewed.iter().any(|n| n.to_lowercase() == *name),
            Term::Missing(Missing::Review) => facts.assigned.len() > facts.reviewed.len(),
            Term::Complaint(state) => {
                let c = facts.complaints;
                match state {
                    ComplaintState::Any => c.open + c.upheld + c.dismissed > 0,
                    ComplaintState::Open => c.open > 0,
                    ComplaintState::Upheld => c.upheld > 0,
                    ComplaintState::Dismissed => c.dismissed > 0,
                }
            }
            Term::Age(c) => c.holds(i64::from(whole_years(summary.birth_date, reference)) * 10),
            Term::Years(c) => {
                c.holds(i64::from(whole_years(summary.service_start, reference)) * 10)
            }
        }
    }
}

/// Lines of a haystack from its end: the province is the last, the
/// organization the one before.
const PROVINCE: usize = 0;
const ORGANIZATION: usize = 1;

/// One line of a haystack, counted from its end (the fields searched by
/// name sit last, so most of the text is never scanned).
fn field(haystack: &str, from_end: usize) -> &str {
    haystack.rsplit('\n').nth(from_end).unwrap_or("")
}

fn letters_in_order(field: &str, word: &str) -> bool {
    let mut wanted = word.chars().peekable();
    for c in field.chars() {
        if wanted.peek() == Some(&c) {
            wanted.next();
        }
    }
    wanted.peek().is_none()
}

fn compare_by(key: SortKey, a: &Subject<'_>, b: &Subject<'_>, reference: NaiveDate) -> Ordering {
    let (x, y) = (a.summary, b.summary);
    let order = match key.field {
        SortField::Id => x.id.cmp(&y.id),
        SortField::Name => x.name.cmp(&y.name),
        SortField::Province => x.province.cmp(&y.province),
        SortField::Level => x.level.cmp(&y.level),
        SortField::Stage => x.stage.index_byte().cmp(&y.stage.index_byte()),
        SortField::Score => missing_last(a.facts.score, b.facts.score, key.descending),
        SortField::Written => missing_last(a.facts.written, b.facts.written, key.descending),
        SortField::Spread => missing_last(a.facts.spread, b.facts.spread, key.descending),
        SortField::Age => {
            whole_years(x.birth_date, reference).cmp(&whole_years(y.birth_date, reference))
        }
        SortField::Years => {
            whole_years(x.service_start, reference).cmp(&whole_years(y.service_start, reference))
        }
    };
    let missing_handled = matches!(
        key.field,
        SortField::Score | SortField::Written | SortField::Spread
    );
    if key.descending && !missing_handled {
        order.reverse()
    } else {
        order
    }
}

/// Applications without the number go last whichever way the sort runs.
fn missing_last<T: Ord>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) if descending => b.cmp(&a),
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}
