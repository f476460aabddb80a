//! The application screen's state: the record as loaded through the
//! service, which pane has the focus, and how far each pane is scrolled.

use chrono::{Datelike, NaiveDate};

use crate::domain::Application;
use crate::store::Record;

/// The two panes: the applicant's claims, and the evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Applicant = 0,
    Evidence = 1,
}

impl Pane {
    pub fn other(self) -> Pane {
        match self {
            Pane::Applicant => Pane::Evidence,
            Pane::Evidence => Pane::Applicant,
        }
    }
}

#[derive(Debug)]
pub struct ApplicationView {
    pub record: Record<Application>,
    pub focus: Pane,
    /// First line shown, per pane.
    pub scroll: [usize; 2],
}

impl ApplicationView {
    pub fn new(record: Record<Application>) -> ApplicationView {
        ApplicationView {
            record,
            focus: Pane::Applicant,
            scroll: [0, 0],
        }
    }
}

/// The day a cycle counts years of service on: 31 December of its year.
pub fn reference_date(cycle: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(cycle, 12, 31)
}

/// Whole years from `start` to `end`, counted by anniversaries; never negative.
pub fn whole_years(start: NaiveDate, end: NaiveDate) -> u32 {
    let mut years = end.year() - start.year();
    if (end.month(), end.day()) < (start.month(), start.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn years_count_by_anniversaries_to_the_reference_date() {
        let reference = reference_date(2024).unwrap();
        assert_eq!(whole_years(date(2019, 12, 31), reference), 5);
        assert_eq!(whole_years(date(2020, 1, 1), reference), 4);
        assert_eq!(whole_years(date(2024, 12, 31), reference), 0);
        assert_eq!(whole_years(date(2025, 3, 1), reference), 0);
        assert_eq!(whole_years(date(2020, 2, 29), date(2024, 2, 28)), 3);
    }

    #[test]
    fn panes_alternate() {
        assert_eq!(Pane::Applicant.other(), Pane::Evidence);
        assert_eq!(Pane::Evidence.other().other(), Pane::Evidence);
    }
}
