//! Text to [`Query`]: any input gives a query or an error that says where
//! (in characters from the start) and what was expected there.
//!
//! ```text
//! query := or
//! or    := and ("OR" and)*
//! and   := unary ("AND"? unary)*
//! unary := ("NOT" | "-") unary | "(" or ")" | term
//! term  := field ":" value | word
//! ```
//! `sort:` keys belong to the query as a whole, so they may only stand in
//! its outermost conjunction.

use std::fmt;

use super::vocabulary::{
    COMPLAINTS, CRITERIA, FEES, FLAGS, Field, LEVELS, MISSING, SORTS, STAGES, STATUSES, TRACKS,
    VERDICTS, Words,
};
use super::{Compare, Expr, Op, Query, SortKey, Term};

/// Nesting deeper than this is refused rather than risk the stack.
const MAX_DEPTH: usize = 64;
/// Largest number a comparison takes, in whole units.
const MAX_NUMBER: i64 = 1_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// Characters from the start of the query to the offending text.
    pub at: usize,
    pub kind: ErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// A term was expected: at the end, after `NOT`, `OR` or `(`.
    ExpectedTerm,
    /// A `(` without its `)`.
    UnclosedParen,
    /// A `)` with no `(` before it.
    UnexpectedClose,
    UnclosedQuote,
    /// `field:` with nothing after the colon.
    ExpectedValue {
        field: String,
    },
    UnknownField {
        field: String,
    },
    /// A value not among those the field takes.
    BadValue {
        field: &'static str,
        value: String,
        expected: Vec<&'static str>,
    },
    /// A number with a comparison, like `>80` or `60.5`.
    BadNumber {
        field: &'static str,
        value: String,
    },
    /// `criterion:` wants `NAME=STATUS`.
    BadCriterion {
        value: String,
    },
    /// `sort:` inside parentheses, `NOT` or `OR`.
    SortNotTopLevel,
    TooDeep,
    EmptyText,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}: ", self.at + 1)?;
        match &self.kind {
            ErrorKind::ExpectedTerm => write!(f, "expected a term"),
            ErrorKind::UnclosedParen => write!(f, "this ( is never closed"),
            ErrorKind::UnexpectedClose => write!(f, "a ) with no ( before it"),
            ErrorKind::UnclosedQuote => write!(f, "this quote is never closed"),
            ErrorKind::ExpectedValue { field } => write!(f, "expected a value after {field}:"),
            ErrorKind::UnknownField { field } => write!(
                f,
                "unknown field {field:?}; expected one of {}",
                Field::names().join(", ")
            ),
            ErrorKind::BadValue {
                field,
                value,
                expected,
            } => write!(
                f,
                "{field}:{value} is not known; expected one of {}",
                expected.join(", ")
            ),
            ErrorKind::BadNumber { field, value } => write!(
                f,
                "{field}:{value} is not a number; expected e.g. {field}:>80 or {field}:<=60.5"
            ),
            ErrorKind::BadCriterion { value } => write!(
                f,
                "criterion:{value} should read NAME=STATUS, e.g. criterion:training_hours=fail"
            ),
            ErrorKind::SortNotTopLevel => write!(
                f,
                "sort: applies to the whole query, not inside (), NOT or OR"
            ),
            ErrorKind::TooDeep => write!(f, "nested too deeply"),
            ErrorKind::EmptyText => write!(f, "empty quotes"),
        }
    }
}

impl std::error::Error for QueryError {}

pub fn parse(text: &str) -> Result<Query, QueryError> {
    let tokens = lex(text)?;
    let mut parser = Parser {
        tokens,
        next: 0,
        depth: 0,
        end: text.chars().count(),
    };
    let mut sorts = Vec::new();
    let filter = parser.or(Some(&mut sorts))?;
    if let Some(token) = parser.peek() {
        // `or` stops only at the end or at a `)`.
        return Err(QueryError {
            at: token.at,
            kind: ErrorKind::UnexpectedClose,
        });
    }
    Ok(Query {
        filter,
        sort: sorts,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Open,
    Close,
    Minus,
    And,
    Or,
    Not,
    /// `field:value`; `value_at` is where the value starts.
    Pair {
        field: String,
        value: String,
        value_at: usize,
    },
    Word(String),
}

#[derive(Debug, Clone)]
struct Token {
    at: usize,
    kind: Kind,
}

fn lex(text: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' || c == ')' {
            let kind = if c == '(' { Kind::Open } else { Kind::Close };
            tokens.push(Token { at: i, kind });
            i += 1;
        } else if c == '-' && chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) {
            tokens.push(Token {
                at: i,
                kind: Kind::Minus,
            });
            i += 1;
        } else {
            let (token, next) = chunk(&chars, i)?;
            tokens.push(token);
            i = next;
        }
    }
    Ok(tokens)
}

/// One run of text up to a space or parenthesis outside quotes.
fn chunk(chars: &[char], start: usize) -> Result<(Token, usize), QueryError> {
    let mut text = String::new();
    let mut quoted = false;
    let mut field: Option<(String, usize)> = None;
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() || c == '(' || c == ')' {
            break;
        }
        if c == '"' {
            let open = i;
            quoted = true;
            i += 1;
            loop {
                match chars.get(i) {
                    None => {
                        return Err(QueryError {
                            at: open,
                            kind: ErrorKind::UnclosedQuote,
                        });
                    }
                    Some('"') => break,
                    Some('\\') if chars.get(i + 1).is_some_and(|n| matches!(n, '"' | '\\')) => {
                        text.push(chars[i + 1]);
                        i += 2;
                    }
                    Some(&other) => {
                        text.push(other);
                        i += 1;
                    }
                }
            }
            i += 1;
            continue;
        }
        if c == ':' && field.is_none() && !quoted && !text.is_empty() {
            field = Some((std::mem::take(&mut text), i + 1));
            i += 1;
            continue;
        }
        text.push(c);
        i += 1;
    }
    let kind = match field {
        Some((field, value_at)) => Kind::Pair {
            field,
            value: text,
            value_at,
        },
        None if quoted && text.is_empty() => {
            return Err(QueryError {
                at: start,
                kind: ErrorKind::EmptyText,
            });
        }
        None if !quoted && text == "AND" => Kind::And,
        None if !quoted && text == "OR" => Kind::Or,
        None if !quoted && text == "NOT" => Kind::Not,
        None => Kind::Word(text),
    };
    Ok((Token { at: start, kind }, i))
}

struct Parser {
    tokens: Vec<Token>,
    next: usize,
    depth: usize,
    /// Where the text ends, for errors at the end.
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn here(&self) -> usize {
        self.peek().map_or(self.end, |t| t.at)
    }

    fn error(&self, kind: ErrorKind) -> QueryError {
        QueryError {
            at: self.here(),
            kind,
        }
    }

    /// `sorts` is given only at the top: sort keys found there go into it.
    fn or(&mut self, mut sorts: Option<&mut Vec<SortKey>>) -> Result<Option<Expr>, QueryError> {
        let mut branches = Vec::new();
        let mut first_sort = None;
        loop {
            let mut found = Vec::new();
            let branch = self.and(sorts.is_some().then_some(&mut found))?;
            if let Some(sorts) = sorts.as_deref_mut() {
                sorts.extend(found.iter().map(|(key, _)| *key));
            }
            if let Some((_, sort_at)) = found.first() {
                first_sort.get_or_insert(*sort_at);
            }
            let or = matches!(self.peek(), Some(Token { kind: Kind::Or, .. }));
            match branch {
                Some(expr) => branches.push(expr),
                None if or || !branches.is_empty() => {
                    return Err(self.error(ErrorKind::ExpectedTerm));
                }
                None => {}
            }
            if !or {
                break;
            }
            self.next += 1;
        }
        if branches.len() > 1
            && let Some(at) = first_sort
        {
            return Err(QueryError {
                at,
                kind: ErrorKind::SortNotTopLevel,
            });
        }
        Ok(match branches.len() {
            0 => None,
            1 => branches.pop(),
            _ => Some(Expr::Or(flatten(branches, |e| match e {
                Expr::Or(items) => Ok(items),
                other => Err(other),
            }))),
        })
    }

    /// A conjunction; `None` when it holds nothing (or only sort keys).
    fn and(
        &mut self,
        mut sorts: Option<&mut Vec<(SortKey, usize)>>,
    ) -> Result<Option<Expr>, QueryError> {
        let mut items = Vec::new();
        loop {
            match self.peek().map(|t| &t.kind) {
                None | Some(Kind::Close | Kind::Or) => break,
                Some(Kind::And) => {
                    if items.is_empty() {
                        return Err(self.error(ErrorKind::ExpectedTerm));
                    }
                    self.next += 1;
                    if matches!(
                        self.peek().map(|t| &t.kind),
                        None | Some(Kind::Close | Kind::Or | Kind::And)
                    ) {
                        return Err(self.error(ErrorKind::ExpectedTerm));
                    }
                }
                Some(_) => {
                    let at = self.here();
                    match self.unary()? {
                        Unary::Expr(expr) => items.push(expr),
                        Unary::Sort(key) => match sorts.as_deref_mut() {
                            Some(sorts) => sorts.push((key, at)),
                            None => {
                                return Err(QueryError {
                                    at,
                                    kind: ErrorKind::SortNotTopLevel,
                                });
                            }
                        },
                    }
                }
            }
        }
        Ok(match items.len() {
            0 => None,
            1 => items.pop(),
            _ => Some(Expr::And(flatten(items, |e| match e {
                Expr::And(items) => Ok(items),
                other => Err(other),
            }))),
        })
    }

    fn unary(&mut self) -> Result<Unary, QueryError> {
        let Some(token) = self.peek().cloned() else {
            return Err(self.error(ErrorKind::ExpectedTerm));
        };
        match token.kind {
            Kind::Not | Kind::Minus => {
                self.next += 1;
                let inner = self.nested(|p| match p.unary()? {
                    Unary::Expr(expr) => Ok(expr),
                    Unary::Sort(_) => Err(QueryError {
                        at: p.tokens[p.next - 1].at,
                        kind: ErrorKind::SortNotTopLevel,
                    }),
                })?;
                Ok(Unary::Expr(Expr::Not(Box::new(inner))))
            }
            Kind::Open => {
                self.next += 1;
                let inner = self.nested(|p| p.or(None))?;
                match self.peek() {
                    Some(Token {
                        kind: Kind::Close, ..
                    }) => self.next += 1,
                    _ => {
                        return Err(QueryError {
                            at: token.at,
                            kind: ErrorKind::UnclosedParen,
                        });
                    }
                }
                match inner {
                    Some(expr) => Ok(Unary::Expr(expr)),
                    None => Err(QueryError {
                        at: token.at + 1,
                        kind: ErrorKind::ExpectedTerm,
                    }),
                }
            }
            Kind::Close => Err(self.error(ErrorKind::UnexpectedClose)),
            Kind::And | Kind::Or => Err(self.error(ErrorKind::ExpectedTerm)),
            Kind::Word(word) => {
                self.next += 1;
                Ok(Unary::Expr(Expr::Term(Term::Word(word))))
            }
            Kind::Pair {
                field,
                value,
                value_at,
            } => {
                self.next += 1;
                pair(&field, &value, token.at, value_at)
            }
        }
    }

    fn nested<T>(
        &mut self,
        inner: impl FnOnce(&mut Parser) -> Result<T, QueryError>,
    ) -> Result<T, QueryError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(ErrorKind::TooDeep));
        }
        self.depth += 1;
        let result = inner(self);
        self.depth -= 1;
        result
    }
}

enum Unary {
    Expr(Expr),
    Sort(SortKey),
}

/// Splices the items of nested operators of the same kind into one list.
fn flatten(items: Vec<Expr>, open: impl Fn(Expr) -> Result<Vec<Expr>, Expr>) -> Vec<Expr> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match open(item) {
            Ok(inner) => out.extend(inner),
            Err(item) => out.push(item),
        }
    }
    out
}

fn pair(field: &str, value: &str, at: usize, value_at: usize) -> Result<Unary, QueryError> {
    let Some(known) = Field::find(field) else {
        return Err(QueryError {
            at,
            kind: ErrorKind::UnknownField {
                field: field.to_owned(),
            },
        });
    };
    if value.is_empty() {
        return Err(QueryError {
            at: value_at,
            kind: ErrorKind::ExpectedValue {
                field: field.to_owned(),
            },
        });
    }
    let name = known.name();
    let number = || {
        compare(value).ok_or_else(|| QueryError {
            at: value_at,
            kind: ErrorKind::BadNumber {
                field: name,
                value: value.to_owned(),
            },
        })
    };
    let term = match known {
        Field::Level => Term::Level(word(&LEVELS, name, value, value_at)?),
        Field::Stage => Term::Stage(word(&STAGES, name, value, value_at)?),
        Field::Track => Term::Track(word(&TRACKS, name, value, value_at)?),
        Field::Province => Term::Province(value.to_owned()),
        Field::Org => Term::Org(value.to_owned()),
        Field::Verdict => Term::Verdict(word(&VERDICTS, name, value, value_at)?),
        Field::Criterion => criterion(value, value_at)?,
        Field::Score => Term::Score(number()?),
        Field::Written => Term::Written(number()?),
        Field::Spread => Term::Spread(number()?),
        Field::Flag => Term::Flag(word(&FLAGS, name, value, value_at)?),
        Field::Fee => Term::Fee(word(&FEES, name, value, value_at)?),
        Field::Assigned => Term::Assigned(value.to_owned()),
        Field::Reviewed => Term::Reviewed(value.to_owned()),
        Field::Missing => Term::Missing(word(&MISSING, name, value, value_at)?),
        Field::Complaint => Term::Complaint(word(&COMPLAINTS, name, value, value_at)?),
        Field::Age => Term::Age(number()?),
        Field::Years => Term::Years(number()?),
        Field::Sort => {
            let (descending, key) = match value.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, value),
            };
            let field = word(&SORTS, name, key, value_at)?;
            return Ok(Unary::Sort(SortKey { field, descending }));
        }
    };
    Ok(Unary::Expr(Expr::Term(term)))
}

/// `value` as one of the words of `words`, or an error listing them.
fn word<T: Copy + PartialEq>(
    words: &Words<T>,
    field: &'static str,
    value: &str,
    value_at: usize,
) -> Result<T, QueryError> {
    words.find(value).ok_or_else(|| QueryError {
        at: value_at,
        kind: ErrorKind::BadValue {
            field,
            value: value.to_owned(),
            expected: words.names(),
        },
    })
}

fn criterion(value: &str, value_at: usize) -> Result<Term, QueryError> {
    let bad = || QueryError {
        at: value_at,
        kind: ErrorKind::BadCriterion {
            value: value.to_owned(),
        },
    };
    let (name, status) = value.split_once('=').ok_or_else(bad)?;
    let criterion = word(&CRITERIA, "criterion", name, value_at)?;
    let status_at = value_at + name.chars().count() + 1;
    let status = word(&STATUSES, "criterion", status, status_at)?;
    Ok(Term::Criterion(criterion, status))
}

/// `>80`, `>=80.5`, `<3`, `<=3`, `=60`, `60`: at most one decimal place.
fn compare(text: &str) -> Option<Compare> {
    let (op, rest) = [
        (">=", Op::Ge),
        ("<=", Op::Le),
        (">", Op::Gt),
        ("<", Op::Lt),
        ("=", Op::Eq),
    ]
    .into_iter()
    .find_map(|(prefix, op)| text.strip_prefix(prefix).map(|rest| (op, rest)))
    .unwrap_or((Op::Eq, text));
    let (negative, digits) = match rest.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, rest),
    };
    let (whole, tenth) = match digits.split_once('.') {
        Some((whole, tenth)) => (whole, Some(tenth)),
        None => (digits, None),
    };
    if whole.is_empty() || whole.len() > 7 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    if whole > MAX_NUMBER {
        return None;
    }
    let tenth = match tenth {
        None => 0,
        Some(t) if t.len() == 1 && t.as_bytes()[0].is_ascii_digit() => {
            i64::from(t.as_bytes()[0] - b'0')
        }
        Some(_) => return None,
    };
    let tenths = whole * 10 + tenth;
    Some(Compare {
        op,
        tenths: if negative { -tenths } else { tenths },
    })
}
