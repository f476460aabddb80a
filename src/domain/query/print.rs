//! The canonical text of a query: English field names and values, the
//! fewest parentheses that keep its shape, quotes only where needed.

use std::fmt;

use super::vocabulary::{
    COMPLAINTS, CRITERIA, FEES, FLAGS, LEVELS, MISSING, SORTS, STAGES, STATUSES, TRACKS, VERDICTS,
};
use super::{Compare, Expr, Op, Query, Term};

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        if let Some(filter) = &self.filter {
            // Sort keys stand in the outermost conjunction, so an `OR`
            // beside them is grouped.
            let parens = matches!(filter, Expr::Or(_)) && !self.sort.is_empty();
            grouped(f, filter, parens)?;
            first = false;
        }
        for key in &self.sort {
            if !first {
                f.write_str(" ")?;
            }
            first = false;
            let minus = if key.descending { "-" } else { "" };
            write!(f, "sort:{minus}{}", SORTS.name(key.field))?;
        }
        Ok(())
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Or(items) => join(f, items, " OR ", |e| matches!(e, Expr::Or(_))),
            Expr::And(items) => join(f, items, " ", |e| matches!(e, Expr::Or(_) | Expr::And(_))),
            Expr::Not(inner) => {
                f.write_str("NOT ")?;
                grouped(f, inner, matches!(**inner, Expr::Or(_) | Expr::And(_)))
            }
            Expr::Term(term) => write!(f, "{term}"),
        }
    }
}

fn join(
    f: &mut fmt::Formatter<'_>,
    items: &[Expr],
    separator: &str,
    needs_parens: impl Fn(&Expr) -> bool,
) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(separator)?;
        }
        grouped(f, item, needs_parens(item))?;
    }
    Ok(())
}

fn grouped(f: &mut fmt::Formatter<'_>, expr: &Expr, parens: bool) -> fmt::Result {
    if parens {
        write!(f, "({expr})")
    } else {
        write!(f, "{expr}")
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Level(v) => write!(f, "level:{}", LEVELS.name(*v)),
            Term::Stage(v) => write!(f, "stage:{}", STAGES.name(*v)),
            Term::Track(v) => write!(f, "track:{}", TRACKS.name(*v)),
            Term::Province(v) => write!(f, "province:{}", Value(v)),
            Term::Org(v) => write!(f, "org:{}", Value(v)),
            Term::Verdict(v) => write!(f, "verdict:{}", VERDICTS.name(*v)),
            Term::Criterion(c, s) => {
                write!(f, "criterion:{}={}", CRITERIA.name(*c), STATUSES.name(*s))
            }
            Term::Score(c) => write!(f, "score:{c}"),
            Term::Written(c) => write!(f, "written:{c}"),
            Term::Spread(c) => write!(f, "spread:{c}"),
            Term::Flag(v) => write!(f, "flag:{}", FLAGS.name(*v)),
            Term::Fee(v) => write!(f, "fee:{}", FEES.name(*v)),
            Term::Assigned(v) => write!(f, "assigned:{}", Value(v)),
            Term::Reviewed(v) => write!(f, "reviewed:{}", Value(v)),
            Term::Missing(v) => write!(f, "missing:{}", MISSING.name(*v)),
            Term::Complaint(v) => write!(f, "complaint:{}", COMPLAINTS.name(*v)),
            Term::Age(c) => write!(f, "age:{c}"),
            Term::Years(c) => write!(f, "years:{c}"),
            Term::Word(w) => {
                let keyword = matches!(w.as_str(), "AND" | "OR" | "NOT");
                if keyword || w.starts_with('-') || w.contains(':') || needs_quotes(w) {
                    quoted(f, w)
                } else {
                    f.write_str(w)
                }
            }
        }
    }
}

impl fmt::Display for Compare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = match self.op {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Eq => "",
        };
        let sign = if self.tenths < 0 { "-" } else { "" };
        let magnitude = self.tenths.unsigned_abs();
        let (whole, tenth) = (magnitude / 10, magnitude % 10);
        if tenth == 0 {
            write!(f, "{op}{sign}{whole}")
        } else {
            write!(f, "{op}{sign}{whole}.{tenth}")
        }
    }
}

/// The value of a `field:value` pair, quoted when it would not survive as is.
struct Value<'a>(&'a str);

impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if needs_quotes(self.0) {
            quoted(f, self.0)
        } else {
            f.write_str(self.0)
        }
    }
}

fn needs_quotes(text: &str) -> bool {
    text.is_empty()
        || text
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '"'))
}

fn quoted(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            f.write_str("\\")?;
        }
        write!(f, "{c}")?;
    }
    f.write_str("\"")
}
