//! One expert's review of one application at a scored stage, and its
//! validation against the cycle's rubric.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::cycle::Scoring;
use crate::domain::stage::Stage;

/// The most a defense panel expert gives (答辩: 0-100 per expert).
pub const DEFENSE_MAX: u32 = 100;

/// The longest comment a review may carry.
pub const COMMENT_MAX_CHARS: usize = 4_000;

/// The stages scored by experts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStage {
    /// 业绩和成果评审: whole points per rubric dimension.
    Achievement,
    /// 答辩: one total from 0 to 100.
    Defense,
}

impl ReviewStage {
    pub const ALL: [ReviewStage; 2] = [ReviewStage::Achievement, ReviewStage::Defense];

    pub fn code(self) -> &'static str {
        match self {
            ReviewStage::Achievement => "achievement",
            ReviewStage::Defense => "defense",
        }
    }

    /// The application stage this review belongs to.
    pub fn stage(self) -> Stage {
        match self {
            ReviewStage::Achievement => Stage::Achievement,
            ReviewStage::Defense => Stage::Defense,
        }
    }

    /// The review stage of an application stage, if experts score it.
    pub fn of(stage: Stage) -> Option<ReviewStage> {
        match stage {
            Stage::Achievement => Some(ReviewStage::Achievement),
            Stage::Defense => Some(ReviewStage::Defense),
            _ => None,
        }
    }

    /// The pass line of the stage's aggregate.
    pub fn pass_line(self, scoring: &Scoring) -> u32 {
        match self {
            ReviewStage::Achievement => scoring.pass_lines.achievement,
            ReviewStage::Defense => scoring.pass_lines.defense,
        }
    }
}

/// An expert's scores and comment; a draft until `submitted` is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// The expert's login name.
    pub expert: String,
    pub stage: ReviewStage,
    /// One entry per rubric dimension for the achievement review, in the
    /// rubric's order; a single total for the defense.
    pub scores: Vec<u32>,
    #[serde(default)]
    pub comment: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted: Option<DateTime<Utc>>,
}

impl Review {
    /// An empty draft.
    pub fn draft(expert: &str, stage: ReviewStage) -> Review {
        Review {
            expert: expert.to_owned(),
            stage,
            scores: Vec::new(),
            comment: String::new(),
            submitted: None,
        }
    }

    pub fn is_submitted(&self) -> bool {
        self.submitted.is_some()
    }

    /// The sum of the scores.
    pub fn total(&self) -> u32 {
        let sum: u64 = self.scores.iter().copied().map(u64::from).sum();
        u32::try_from(sum).unwrap_or(u32::MAX)
    }

    /// Checks the review against the rubric and gives its total; every
    /// problem is reported, in the order of the form's fields.
    pub fn validate(&self, scoring: &Scoring) -> Result<u32, Vec<ReviewProblem>> {
        let mut problems = Vec::new();

        let maxima: Vec<(String, String, u32)> = match self.stage {
            ReviewStage::Achievement => scoring
                .rubric
                .iter()
                .map(|d| (d.code.clone(), d.en.clone(), d.max))
                .collect(),
            ReviewStage::Defense => vec![("total".to_owned(), "Total".to_owned(), DEFENSE_MAX)],
        };
        if self.scores.len() != maxima.len() {
            problems.push(ReviewProblem::WrongCount {
                expected: maxima.len(),
                found: self.scores.len(),
            });
        }
        for (index, (&found, (code, name, max))) in self.scores.iter().zip(maxima).enumerate() {
            if found > max {
                problems.push(ReviewProblem::OverMax {
                    index,
                    code,
                    name,
                    max,
                    found,
                });
            }
        }

        let total = self.total();
        let pass_line = self.stage.pass_line(scoring);
        let chars = self.comment.chars().count();
        if total < pass_line && self.comment.trim().is_empty() {
            problems.push(ReviewProblem::CommentRequired { total, pass_line });
        } else if chars > COMMENT_MAX_CHARS {
            problems.push(ReviewProblem::CommentTooLong {
                chars,
                max: COMMENT_MAX_CHARS,
            });
        }

        if problems.is_empty() {
            Ok(total)
        } else {
            Err(problems)
        }
    }

    /// Validates and marks the review submitted at `at`; gives its total.
    pub fn submit(
        &mut self,
        scoring: &Scoring,
        at: DateTime<Utc>,
    ) -> Result<u32, Vec<ReviewProblem>> {
        let total = self.validate(scoring)?;
        self.submitted = Some(at);
        Ok(total)
    }
}

/// What is wrong with a review. Dimensions are numbered from 0 here and
/// from 1 in the English text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewProblem {
    /// Not one score per rubric dimension (or not one total for the defense).
    WrongCount {
        expected: usize,
        found: usize,
    },
    /// A dimension's score is above its maximum.
    OverMax {
        index: usize,
        code: String,
        /// The dimension's English name; the UI looks up its own by `index`.
        name: String,
        max: u32,
        found: u32,
    },
    /// The total is under the pass line and the comment is empty.
    CommentRequired {
        total: u32,
        pass_line: u32,
    },
    CommentTooLong {
        chars: usize,
        max: usize,
    },
}

impl fmt::Display for ReviewProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReviewProblem::WrongCount { expected, found } => {
                write!(f, "expected {expected} scores, found {found}")
            }
            ReviewProblem::OverMax {
                index,
                code,
                name,
                max,
                found,
            } => write!(
                f,
                "dimension {} {name} ({code}): {found} is over the maximum {max}",
                index + 1
            ),
            ReviewProblem::CommentRequired { total, pass_line } => write!(
                f,
                "a comment is required: the total {total} is under the pass line {pass_line}"
            ),
            ReviewProblem::CommentTooLong { chars, max } => {
                write!(f, "the comment has {chars} characters, more than {max}")
            }
        }
    }
}

/// Why a typed score is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PointsError {
    #[error("a score is required")]
    Empty,
    #[error("{text:?} is negative")]
    Negative { text: String },
    #[error("{text:?} is not a whole number")]
    NotWhole { text: String },
    #[error("{text:?} is not a number")]
    NotANumber { text: String },
    #[error("{text} is over the maximum {max}")]
    OverMax { text: String, max: u32 },
}

/// Reads whole points typed into a form or a file: surrounding spaces are
/// ignored and full-width digits (from a Chinese input method) accepted.
pub fn parse_points(text: &str, max: u32) -> Result<u32, PointsError> {
    let trimmed = text.trim();
    let digits: String = trimmed.chars().map(half_width_digit).collect();
    let owned = || trimmed.to_owned();

    if digits.is_empty() {
        return Err(PointsError::Empty);
    }
    if let Some(rest) = digits.strip_prefix('-') {
        return Err(if is_number(rest) {
            PointsError::Negative { text: owned() }
        } else {
            PointsError::NotANumber { text: owned() }
        });
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(if is_number(&digits) {
            PointsError::NotWhole { text: owned() }
        } else {
            PointsError::NotANumber { text: owned() }
        });
    }

    match digits.parse::<u32>() {
        Ok(points) if points <= max => Ok(points),
        _ => Err(PointsError::OverMax { text: owned(), max }),
    }
}

/// Digits with at most one decimal point: a number, if not a whole one.
fn is_number(text: &str) -> bool {
    let mut parts = text.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    digits(whole)
        && fraction.is_none_or(digits)
        && !(whole.is_empty() && fraction.is_none_or(str::is_empty))
}

/// Folds full-width digits, point and minus (U+FF10-FF19, U+FF0E, U+FF0D).
fn half_width_digit(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF0E}' | '\u{FF0D}' => {
            char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}
