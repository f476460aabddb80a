//! The marks of the eligibility review: one ASCII character per criterion
//! status and a word per verdict, each with a style, so that colour is
//! never the only sign.

use crate::domain::Summary;
use crate::domain::rules::{Criterion, Status, Verdict};

use super::draw::Seg;
use super::theme::StyleName as S;

/// The mark of a criterion status: `+` pass, `x` fail, `?` review, `-` waived.
pub fn status_mark(status: Status) -> char {
    match status {
        Status::Pass => '+',
        Status::Fail => 'x',
        Status::Review => '?',
        Status::Waived => '-',
    }
}

pub fn status_style(status: Status) -> S {
    match status {
        Status::Pass => S::VerdictEligible,
        Status::Fail => S::VerdictIneligible,
        Status::Review => S::VerdictReview,
        Status::Waived => S::Muted,
    }
}

pub fn status_seg(status: Status) -> Seg {
    Seg::new(status_mark(status).to_string(), status_style(status))
}

pub fn verdict_style(verdict: Verdict) -> S {
    match verdict {
        Verdict::Eligible => S::VerdictEligible,
        Verdict::NeedsReview => S::VerdictReview,
        Verdict::Ineligible => S::VerdictIneligible,
    }
}

/// The status of each criterion in the fixed order of [`Criterion::ALL`];
/// `None` where the criterion does not apply to the application.
pub fn slots(summary: &Summary) -> [Option<Status>; 7] {
    Criterion::ALL.map(|code| {
        summary
            .criteria
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, status)| *status)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::testkit;

    #[test]
    fn marks_are_distinct_ascii_characters() {
        let marks: Vec<char> = Status::ALL.iter().map(|&s| status_mark(s)).collect();
        assert!(marks.iter().all(char::is_ascii_graphic));
        let mut unique = marks.clone();
        unique.dedup();
        assert_eq!(unique.len(), marks.len());
    }

    #[test]
    fn slots_follow_the_fixed_order_and_leave_gaps() {
        let summaries = testkit::summaries();
        let senior = summaries.iter().find(|s| s.id == "2024-BJ-S-0002").unwrap();
        let slots = slots(senior);
        assert_eq!(slots[3], None, "a senior has no training criterion");
        assert_eq!(
            slots[4],
            Some(Status::Fail),
            "and fails the prior certificate"
        );
        assert_eq!(
            slots[6], None,
            "a regular application has no exceptional criterion"
        );
    }
}
