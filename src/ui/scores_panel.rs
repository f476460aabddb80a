//! The scores block of the application screen: each expert's total at the
//! achievement review and the defense, with the aggregate, median and
//! spread beside it and the flag when the experts disagree, and the
//! written score. What shows is what the service lets the user see: an
//! expert sees the others' scores only after submitting their own.

use crate::domain::scoring::{Aggregate, ReviewStage, aggregate_reviews};
use crate::domain::{Stage, User, UserRole};
use crate::service::Service;

use super::catalog::{Catalog, fill};
use super::draw::{Seg, TextLine};
use super::text::{self, clean};
use super::theme::StyleName as S;

/// One expert's review as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownReview {
    pub expert: String,
    pub total: u32,
    pub submitted: bool,
}

/// The reviews of one stage the user may see.
#[derive(Debug, Clone, PartialEq)]
pub struct StageScores {
    pub stage: ReviewStage,
    pub reviews: Vec<ShownReview>,
    pub aggregate: Option<Aggregate>,
    /// An expert who has not submitted sees only their own.
    pub others_hidden: bool,
    pub pass_line: u32,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScoresPanel {
    pub stages: Vec<StageScores>,
    pub written: Option<u32>,
    pub written_line: u32,
}

impl ScoresPanel {
    /// Reads what `user` may see of an application's scores. Nothing is
    /// read before the achievement review.
    pub fn load(service: &Service, user: &User, id: &str, stage: Stage) -> ScoresPanel {
        let scoring = &service.cycle().scoring;
        let mut panel = ScoresPanel {
            written_line: scoring.pass_lines.written,
            ..ScoresPanel::default()
        };
        if matches!(stage, Stage::Eligibility) {
            return panel;
        }
        for review_stage in [ReviewStage::Achievement, ReviewStage::Defense] {
            let Ok(records) = service.reviews_of(user, id, review_stage) else {
                continue;
            };
            if records.is_empty() && ReviewStage::of(stage) != Some(review_stage) {
                continue;
            }
            let own_submitted = records
                .iter()
                .any(|r| r.value.expert == user.name && r.value.is_submitted());
            let reviews = records
                .iter()
                .map(|r| ShownReview {
                    expert: r.value.expert.clone(),
                    total: r.value.total(),
                    submitted: r.value.is_submitted(),
                })
                .collect();
            let aggregate =
                aggregate_reviews(records.iter().map(|r| &r.value), review_stage, scoring);
            panel.stages.push(StageScores {
                stage: review_stage,
                reviews,
                aggregate,
                others_hidden: user.role == UserRole::Expert && !own_submitted,
                pass_line: review_stage.pass_line(scoring),
            });
        }
        if user.role != UserRole::Expert {
            panel.written = service.written_score(user, id).ok().flatten();
        }
        panel
    }

    pub fn is_empty(&self) -> bool {
        self.stages.is_empty() && self.written.is_none()
    }

    /// The block's lines at `width`, ending with a blank line.
    pub fn lines(&self, c: &Catalog, width: usize, ascii: bool) -> Vec<TextLine> {
        let mut lines = Vec::new();
        if self.is_empty() {
            return lines;
        }
        let fit = |s: &str| text::truncate(s, width, ascii);
        for stage in &self.stages {
            let heading = format!("{} {}", c.scores_heading, c.stage(stage.stage.stage()));
            if stage.reviews.is_empty() && !stage.others_hidden {
                lines.push(vec![
                    Seg::new(fit(&heading), S::Heading),
                    Seg::new(format!("{}{}", c.colon, c.scores_none), S::Muted),
                ]);
                continue;
            }
            lines.push(vec![Seg::new(fit(&heading), S::Heading)]);
            for review in &stage.reviews {
                let state = if review.submitted {
                    c.scores_submitted
                } else {
                    c.progress_draft
                };
                let name = text::fit(&clean(&review.expert), 12, ascii);
                let style = if review.submitted && review.total < stage.pass_line {
                    S::VerdictIneligible
                } else {
                    S::Text
                };
                lines.push(vec![
                    Seg::plain(format!("  {name} ")),
                    Seg::new(format!("{:>3}", review.total), style),
                    Seg::new(format!("  {state}"), S::Muted),
                ]);
            }
            if stage.others_hidden {
                for line in text::wrap(c.scores_hidden, width.saturating_sub(2).max(1)) {
                    lines.push(vec![Seg::new(format!("  {line}"), S::Muted)]);
                }
            }
            if let Some(a) = &stage.aggregate {
                lines.extend(aggregate_lines(c, a, stage.pass_line, width, ascii));
            }
        }
        if let Some(score) = self.written {
            let style = if score < self.written_line {
                S::VerdictIneligible
            } else {
                S::Text
            };
            lines.push(vec![
                Seg::new(format!("{} ", c.scores_written), S::Heading),
                Seg::new(score.to_string(), style),
            ]);
        }
        lines.push(Vec::new());
        lines
    }
}

fn aggregate_lines(
    c: &Catalog,
    a: &Aggregate,
    line: u32,
    width: usize,
    ascii: bool,
) -> Vec<TextLine> {
    let mean = a.mean.shown_against(line);
    let template = if a.trimmed {
        c.scores_trimmed_mean
    } else {
        c.scores_mean
    };
    let summary = fill(
        template,
        &[
            ("mean", &mean),
            ("median", &a.median.shown_against(line)),
            ("spread", &a.spread.to_string()),
            ("count", &a.count.to_string()),
        ],
    );
    let style = if a.reaches(line) {
        S::VerdictEligible
    } else {
        S::VerdictIneligible
    };
    let mut out = vec![vec![Seg::new(
        text::truncate(&format!("  {summary}"), width, ascii),
        style,
    )]];
    if a.flagged {
        let flag = fill(c.scores_flagged, &[("spread", &a.spread.to_string())]);
        out.push(vec![Seg::new(
            text::truncate(&format!("  ! {flag}"), width, ascii),
            S::VerdictReview,
        )]);
    }
    out
}
