//! Expert reviews and what docket computes from them (RULES.md, Scoring):
//! review validation against the cycle's rubric, the aggregate of the
//! experts' totals with its spread flag, per-expert tendencies, written
//! exam scores and their CSV import, the composite and the ranking.
//!
//! Arithmetic is exact: totals are whole points and every mean, median and
//! composite is a [`Score`], a fraction in lowest terms, shown with one
//! decimal only at the end.

mod aggregate;
mod ranking;
mod review;
mod score;
mod tendency;
mod written;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_ranking;
#[cfg(test)]
mod tests_written;

pub use aggregate::{Aggregate, aggregate, aggregate_reviews};
pub use ranking::{Ranked, StageResults, Standing, composite, passes, rank, rank_levels};
pub use review::{
    COMMENT_MAX_CHARS, DEFENSE_MAX, PointsError, Review, ReviewProblem, ReviewStage, parse_points,
};
pub use score::Score;
pub use tendency::{GivenTotal, Tendency, tendencies};
pub use written::{
    CsvColumn, CsvProblem, CsvReason, WRITTEN_MAX, WrittenRow, check_written_score,
    parse_written_csv, parse_written_score,
};
