//! The scores column of the review tabs: for the secretariat and the
//! supervisors, reviews submitted of those assigned and the aggregate with
//! `!` when the experts disagree, or the written score; for an expert,
//! where their own review stands. Read through the service for the rows in
//! view only, and kept until something changes.

use std::fmt::Write as _;

use crate::domain::scoring::ReviewStage;
use crate::domain::{Stage, UserRole};

use super::app::App;
use super::catalog::{Catalog, fill};
use super::theme::StyleName as S;

/// Cells the column takes.
pub const WIDTH: usize = 12;

/// Where an expert's own review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnReview {
    NotStarted,
    Draft,
    Submitted { total: u32 },
}

/// What the column shows for one application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreCell {
    /// Submitted reviews of those assigned, and the aggregate in tenths.
    Panel {
        submitted: usize,
        assigned: usize,
        tenths: Option<i64>,
        flagged: bool,
        /// The aggregate reaches the pass line.
        passes: bool,
    },
    Written(Option<u32>),
    /// An expert's own review.
    Own(OwnReview),
    Nothing,
}

impl ScoreCell {
    pub fn text(&self, c: &Catalog) -> String {
        match self {
            ScoreCell::Panel {
                submitted,
                assigned,
                tenths,
                flagged,
                ..
            } => {
                let mut text = format!("{submitted}/{assigned}");
                if let Some(t) = tenths {
                    let _ = write!(text, " {}.{}", t / 10, t % 10);
                }
                if *flagged {
                    text.push_str(" !");
                }
                text
            }
            ScoreCell::Written(Some(score)) => score.to_string(),
            ScoreCell::Written(None) | ScoreCell::Nothing => "-".to_owned(),
            ScoreCell::Own(OwnReview::NotStarted) => c.progress_none.to_owned(),
            ScoreCell::Own(OwnReview::Draft) => c.progress_draft.to_owned(),
            ScoreCell::Own(OwnReview::Submitted { total }) => {
                fill(c.progress_done, &[("total", &total.to_string())])
            }
        }
    }

    pub fn style(&self, line: u32) -> S {
        match self {
            ScoreCell::Panel { flagged: true, .. } => S::VerdictReview,
            ScoreCell::Panel {
                tenths: Some(_),
                passes: false,
                ..
            } => S::VerdictIneligible,
            ScoreCell::Written(Some(score)) if *score < line => S::VerdictIneligible,
            ScoreCell::Own(OwnReview::Submitted { .. }) => S::VerdictEligible,
            _ => S::Text,
        }
    }
}

impl App {
    /// The pass line of the review tab showing.
    pub(super) fn pass_line(&self) -> u32 {
        let lines = &self.service.cycle().scoring.pass_lines;
        match self.queue.tab() {
            2 => lines.written,
            3 => lines.defense,
            _ => lines.achievement,
        }
    }

    /// The cell of an application, once read.
    pub(super) fn score_cell(&self, id: &str) -> Option<&ScoreCell> {
        self.score_cells.get(id)
    }

    /// Reads the cells of the rows in view on a review tab that are not
    /// read yet.
    pub(super) fn load_score_cells(&mut self, rows: usize) {
        let stage = match self.queue.tab() {
            1 => Stage::Achievement,
            2 => Stage::Written,
            3 => Stage::Defense,
            _ => return,
        };
        let wanted: Vec<String> = self
            .queue
            .rows(self.queue.offset(), rows)
            .filter(|(_, s)| !self.score_cells.contains_key(&s.id))
            .map(|(_, s)| s.id.clone())
            .collect();
        for id in wanted {
            let cell = self.read_score_cell(&id, stage);
            self.score_cells.insert(id, cell);
        }
    }

    fn read_score_cell(&self, id: &str, stage: Stage) -> ScoreCell {
        let service = &self.service;
        let user = &self.user;
        let scoring = &service.cycle().scoring;
        if stage == Stage::Written {
            if user.role == UserRole::Expert {
                return ScoreCell::Nothing;
            }
            return ScoreCell::Written(service.written_score(user, id).ok().flatten());
        }
        let Some(review) = ReviewStage::of(stage) else {
            return ScoreCell::Nothing;
        };
        if user.role == UserRole::Expert {
            let own = service.reviews_of(user, id, review).ok().and_then(|list| {
                list.into_iter()
                    .find(|r| r.value.expert == user.name)
                    .map(|r| {
                        if r.value.is_submitted() {
                            OwnReview::Submitted {
                                total: r.value.total(),
                            }
                        } else {
                            OwnReview::Draft
                        }
                    })
            });
            return ScoreCell::Own(own.unwrap_or(OwnReview::NotStarted));
        }
        let assigned = service.assignments_of(user, id).map_or(0, |a| a.len());
        match service.aggregate(user, id, review) {
            Ok(Some(aggregate)) => ScoreCell::Panel {
                submitted: aggregate.count,
                assigned,
                tenths: Some(aggregate.mean.tenths()),
                flagged: aggregate.flagged,
                passes: aggregate.reaches(review.pass_line(scoring)),
            },
            Ok(None) => ScoreCell::Panel {
                submitted: 0,
                assigned,
                tenths: None,
                flagged: false,
                passes: false,
            },
            Err(e) => {
                tracing::warn!(id, "scores column: {e}");
                ScoreCell::Nothing
            }
        }
    }
}
