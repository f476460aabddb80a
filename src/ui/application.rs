//! The application screen's state: the record as loaded through the
//! service with the rules' evaluation and its history, which pane has the
//! focus, how far each pane is scrolled, and the selected criterion and
//! evidence item.

use chrono::{Datelike, NaiveDate};

use crate::domain::decision::History;
use crate::domain::rules::Evaluation;
use crate::domain::{Application, Category, EvidenceItem};
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
    /// The rules' evaluation of the record as saved.
    pub evaluation: Evaluation,
    /// Decisions and marks so far: the reasons of rejected evidence.
    pub history: History,
    pub focus: Pane,
    /// First line shown, per pane.
    pub scroll: [usize; 2],
    /// The selected criterion, an index into the evaluation's criteria.
    pub criterion: usize,
    /// The selected evidence item, an index into [`evidence_order`].
    pub evidence: usize,
    /// The scores the user may see, read when the screen opens.
    pub scores: super::scores_panel::ScoresPanel,
    /// The certificate issued to the application, once certified.
    pub certificate: Option<crate::domain::notice::Certificate>,
}

impl ApplicationView {
    pub fn new(record: Record<Application>, evaluation: Evaluation, history: History) -> Self {
        ApplicationView {
            record,
            evaluation,
            history,
            focus: Pane::Applicant,
            scroll: [0, 0],
            criterion: 0,
            evidence: 0,
            scores: super::scores_panel::ScoresPanel::default(),
            certificate: None,
        }
    }

    /// Takes a record saved (or reloaded) since, keeping the selections
    /// where they still apply.
    pub fn refresh(
        &mut self,
        record: Record<Application>,
        evaluation: Evaluation,
        history: History,
    ) {
        self.record = record;
        self.evaluation = evaluation;
        self.history = history;
        self.criterion = self
            .criterion
            .min(self.evaluation.criteria.len().saturating_sub(1));
        self.evidence = self
            .evidence
            .min(self.record.value.evidence.len().saturating_sub(1));
    }

    /// The evidence ids the selected criterion relied on: its own, and for
    /// achievements those of each condition met.
    pub fn linked(&self) -> Vec<&str> {
        let Some(result) = self.evaluation.criteria.get(self.criterion) else {
            return Vec::new();
        };
        let mut ids: Vec<&str> = result.evidence.iter().map(String::as_str).collect();
        for condition in result.conditions.iter().filter(|c| c.met) {
            ids.extend(condition.evidence.iter().map(String::as_str));
        }
        ids
    }

    /// The selected evidence item, in the order the pane lists them.
    pub fn selected_evidence(&self) -> Option<&EvidenceItem> {
        evidence_order(&self.record.value)
            .get(self.evidence)
            .copied()
    }
}

/// Evidence items in the order the pane lists them: by category, then in
/// file order.
pub fn evidence_order(application: &Application) -> Vec<&EvidenceItem> {
    Category::ALL
        .iter()
        .flat_map(|&category| application.evidence_in(category))
        .collect()
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
