//! Every guard refusing and passing; next and previous stages; send-backs.

use chrono::{DateTime, TimeZone, Utc};
use rstest::rstest;

use super::*;
use crate::domain::decision::HistoryEntry;

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 9, 1, 8, minute, 0).unwrap()
}

fn entry(action: HistoryAction, stage: Stage, to: Option<Stage>, minute: u32) -> HistoryEntry {
    HistoryEntry {
        at: at(minute),
        by: "admin".to_owned(),
        action,
        stage,
        to,
        evidence: None,
        reason: None,
    }
}

fn history(entries: Vec<HistoryEntry>) -> History {
    History {
        entries,
        rejected_from: None,
    }
}

fn approved() -> History {
    history(vec![entry(
        HistoryAction::Approve,
        Stage::Eligibility,
        Some(Stage::Achievement),
        0,
    )])
}

fn junior_cycle(written: bool, defense: bool) -> Cycle {
    let mut cycle = Cycle::default_2024();
    cycle.stages.junior_written = written;
    cycle.stages.junior_defense = defense;
    cycle
}

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("e{i}")).collect()
}

/// Submitted reviews by e0, e1, ... with these totals.
fn reviews(stage: ReviewStage, totals: &[u32]) -> Vec<Review> {
    totals
        .iter()
        .enumerate()
        .map(|(i, &total)| {
            let scores = match stage {
                ReviewStage::Achievement => vec![0, 0, total],
                ReviewStage::Defense => vec![total],
            };
            Review {
                expert: format!("e{i}"),
                stage,
                scores,
                comment: String::new(),
                submitted: Some(at(30)),
            }
        })
        .collect()
}

/// The facts of one application; `check` runs the guard on them.
struct Facts {
    cycle: Cycle,
    level: Level,
    stage: Stage,
    history: History,
    assigned: Vec<String>,
    reviews: Vec<Review>,
    written: Option<u32>,
    notice: NoticeState,
}

impl Facts {
    fn at(level: Level, stage: Stage) -> Facts {
        Facts {
            cycle: Cycle::default_2024(),
            level,
            stage,
            history: approved(),
            assigned: Vec::new(),
            reviews: Vec::new(),
            written: None,
            notice: NoticeState::NotStarted,
        }
    }

    fn scored(mut self, stage: ReviewStage, assigned: usize, totals: &[u32]) -> Facts {
        self.assigned = names(assigned);
        self.reviews = reviews(stage, totals);
        self
    }

    fn check(&self) -> Result<Stage, GuardFailure> {
        check_forward(&MoveInput {
            cycle: &self.cycle,
            level: self.level,
            stage: self.stage,
            history: &self.history,
            assigned: &self.assigned,
            reviews: &self.reviews,
            written: self.written,
            notice: self.notice,
        })
    }
}

fn r(num: i64, den: u64) -> Score {
    Score::ratio(num, den).unwrap()
}

// ---- eligibility ----

#[rstest]
#[case::nothing_decided(vec![], Err(GuardFailure::NotConfirmed))]
#[case::approved(
    vec![entry(HistoryAction::Approve, Stage::Eligibility, Some(Stage::Achievement), 0)],
    Ok(Stage::Achievement)
)]
#[case::overridden(
    vec![entry(HistoryAction::Override, Stage::Eligibility, Some(Stage::Achievement), 0)],
    Ok(Stage::Achievement)
)]
#[case::exceptional_straight_to_notice(
    vec![entry(HistoryAction::Approve, Stage::Eligibility, Some(Stage::Notice), 0)],
    Ok(Stage::Notice)
)]
#[case::evidence_marks_after_approval(
    vec![
        entry(HistoryAction::Approve, Stage::Eligibility, Some(Stage::Achievement), 0),
        entry(HistoryAction::VerifyEvidence, Stage::Eligibility, None, 1),
    ],
    Ok(Stage::Achievement)
)]
#[case::evidence_marks_only(
    vec![entry(HistoryAction::VerifyEvidence, Stage::Eligibility, None, 0)],
    Err(GuardFailure::NotConfirmed)
)]
#[case::rejected(
    vec![entry(HistoryAction::Reject, Stage::Eligibility, Some(Stage::Rejected), 0)],
    Err(GuardFailure::NotConfirmed)
)]
#[case::sent_back_after_approval(
    vec![
        entry(HistoryAction::Approve, Stage::Eligibility, Some(Stage::Achievement), 0),
        entry(HistoryAction::Reject, Stage::Achievement, Some(Stage::Eligibility), 1),
    ],
    Err(GuardFailure::NotConfirmed)
)]
#[case::approved_again_after_sending_back(
    vec![
        entry(HistoryAction::Approve, Stage::Eligibility, Some(Stage::Achievement), 0),
        entry(HistoryAction::ClearEvidence, Stage::Achievement, Some(Stage::Eligibility), 1),
        entry(HistoryAction::Approve, Stage::Eligibility, Some(Stage::Achievement), 2),
    ],
    Ok(Stage::Achievement)
)]
fn eligibility_needs_a_reviewers_confirmation(
    #[case] entries: Vec<HistoryEntry>,
    #[case] expected: Result<Stage, GuardFailure>,
) {
    let mut facts = Facts::at(Level::Intermediate, Stage::Eligibility);
    facts.history = history(entries);
    assert_eq!(facts.check(), expected);
}

// ---- achievement and defense ----

#[rstest]
#[case::too_few_experts(Level::Intermediate, 2, &[80, 80], Err(GuardFailure::TooFewExperts {
    stage: ReviewStage::Achievement, assigned: 2, required: 3 }))]
#[case::senior_needs_five(Level::Senior, 3, &[80, 80, 80], Err(GuardFailure::TooFewExperts {
    stage: ReviewStage::Achievement, assigned: 3, required: 5 }))]
#[case::one_review_missing(Level::Intermediate, 3, &[80, 80], Err(GuardFailure::ReviewsMissing {
    stage: ReviewStage::Achievement, submitted: 2, assigned: 3 }))]
#[case::below_the_line(Level::Intermediate, 3, &[57, 57, 58], Err(GuardFailure::BelowPassLine {
    stage: ReviewStage::Achievement, aggregate: r(172, 3), line: 60 }))]
#[case::at_the_line(Level::Intermediate, 3, &[59, 60, 61], Ok(Stage::Written))]
#[case::senior_trimmed_passes(Level::Senior, 5, &[20, 60, 60, 60, 90], Ok(Stage::Written))]
#[case::junior_skips_to_notice(Level::Junior, 3, &[70, 70, 70], Ok(Stage::Notice))]
fn achievement_needs_every_review_and_the_pass_line(
    #[case] level: Level,
    #[case] assigned: usize,
    #[case] totals: &[u32],
    #[case] expected: Result<Stage, GuardFailure>,
) {
    let facts =
        Facts::at(level, Stage::Achievement).scored(ReviewStage::Achievement, assigned, totals);
    assert_eq!(facts.check(), expected);
}

#[test]
fn drafts_and_reviews_by_unassigned_experts_do_not_count() {
    let mut facts = Facts::at(Level::Intermediate, Stage::Achievement).scored(
        ReviewStage::Achievement,
        3,
        &[80, 80, 80],
    );
    facts.reviews[2].submitted = None;
    let missing = Err(GuardFailure::ReviewsMissing {
        stage: ReviewStage::Achievement,
        submitted: 2,
        assigned: 3,
    });
    assert_eq!(facts.check(), missing);

    facts.reviews[2].submitted = Some(at(40));
    facts.reviews[2].expert = "someone-else".to_owned();
    assert_eq!(facts.check(), missing);

    // A defense review does not stand in for an achievement review.
    facts.reviews[2] = reviews(ReviewStage::Defense, &[0, 0, 80]).remove(2);
    assert_eq!(facts.check(), missing);
}

#[rstest]
#[case::juniors_who_sit_the_written_exam(true, false, Ok(Stage::Written))]
#[case::juniors_who_sit_only_the_defense(false, true, Ok(Stage::Defense))]
fn juniors_follow_the_cycle(
    #[case] written: bool,
    #[case] defense: bool,
    #[case] expected: Result<Stage, GuardFailure>,
) {
    let mut facts = Facts::at(Level::Junior, Stage::Achievement).scored(
        ReviewStage::Achievement,
        3,
        &[70, 70, 70],
    );
    facts.cycle = junior_cycle(written, defense);
    assert_eq!(facts.check(), expected);
}

#[rstest]
#[case::no_panel(0, &[], Err(GuardFailure::TooFewExperts {
    stage: ReviewStage::Defense, assigned: 0, required: 1 }))]
#[case::one_missing(2, &[90], Err(GuardFailure::ReviewsMissing {
    stage: ReviewStage::Defense, submitted: 1, assigned: 2 }))]
#[case::below_the_line(3, &[60, 59, 59], Err(GuardFailure::BelowPassLine {
    stage: ReviewStage::Defense, aggregate: r(178, 3), line: 60 }))]
#[case::at_the_line(3, &[60, 60, 60], Ok(Stage::Notice))]
#[case::one_expert_panel(1, &[75], Ok(Stage::Notice))]
fn defense_needs_every_panel_review_and_the_pass_line(
    #[case] assigned: usize,
    #[case] totals: &[u32],
    #[case] expected: Result<Stage, GuardFailure>,
) {
    let facts =
        Facts::at(Level::Senior, Stage::Defense).scored(ReviewStage::Defense, assigned, totals);
    assert_eq!(facts.check(), expected);
}

// ---- written, notice and the ends ----

#[rstest]
#[case::missing(Level::Intermediate, None, Err(GuardFailure::WrittenMissing))]
#[case::below(Level::Intermediate, Some(59), Err(GuardFailure::WrittenBelowLine { score: 59, line: 60 }))]
#[case::at_the_line(Level::Intermediate, Some(60), Ok(Stage::Defense))]
#[case::full(Level::Senior, Some(100), Ok(Stage::Defense))]
fn written_needs_a_score_at_its_line(
    #[case] level: Level,
    #[case] written: Option<u32>,
    #[case] expected: Result<Stage, GuardFailure>,
) {
    let mut facts = Facts::at(level, Stage::Written);
    facts.written = written;
    assert_eq!(facts.check(), expected);
}

#[test]
fn juniors_without_a_defense_go_from_written_to_notice() {
    let mut facts = Facts::at(Level::Junior, Stage::Written);
    facts.cycle = junior_cycle(true, false);
    facts.written = Some(60);
    assert_eq!(facts.check(), Ok(Stage::Notice));
}

#[rstest]
#[case::not_started(NoticeState::NotStarted, Err(GuardFailure::NoticeNotStarted))]
#[case::running(NoticeState::Running, Err(GuardFailure::NoticeRunning))]
#[case::open_complaint(NoticeState::Ended { open: 1, upheld: 0 }, Err(GuardFailure::ComplaintsOpen { open: 1 }))]
#[case::upheld_complaint(NoticeState::Ended { open: 0, upheld: 1 }, Err(GuardFailure::ComplaintsUpheld { upheld: 1 }))]
#[case::both(NoticeState::Ended { open: 2, upheld: 1 }, Err(GuardFailure::ComplaintsUpheld { upheld: 1 }))]
#[case::ended_clean(NoticeState::Ended { open: 0, upheld: 0 }, Ok(Stage::Certified))]
fn notice_needs_to_end_without_complaints(
    #[case] notice: NoticeState,
    #[case] expected: Result<Stage, GuardFailure>,
) {
    let mut facts = Facts::at(Level::Junior, Stage::Notice);
    facts.notice = notice;
    assert_eq!(facts.check(), expected);
}

#[rstest]
#[case(Stage::Certified)]
#[case(Stage::Rejected)]
#[case(Stage::Withdrawn)]
#[case(Stage::Cancelled)]
#[case(Stage::Revoked)]
fn ends_have_no_forward_move(#[case] stage: Stage) {
    let facts = Facts::at(Level::Senior, stage);
    assert_eq!(facts.check(), Err(GuardFailure::NoForwardMove { stage }));
}

#[test]
fn failures_read_with_their_numbers() {
    let shown = [
        GuardFailure::ReviewsMissing {
            stage: ReviewStage::Achievement,
            submitted: 2,
            assigned: 3,
        },
        GuardFailure::BelowPassLine {
            stage: ReviewStage::Achievement,
            aggregate: r(172, 3),
            line: 60,
        },
        GuardFailure::BelowPassLine {
            stage: ReviewStage::Defense,
            aggregate: r(5996, 100),
            line: 60,
        },
        GuardFailure::WrittenBelowLine {
            score: 59,
            line: 60,
        },
        GuardFailure::NoForwardMove {
            stage: Stage::Certified,
        },
    ]
    .map(|f| f.to_string());
    assert_eq!(
        shown,
        [
            "2 of 3 achievement reviews submitted",
            "achievement aggregate 57.3 below the pass line 60",
            "defense aggregate 59.9 below the pass line 60",
            "written score 59 below the pass line 60",
            "no forward move from certified",
        ]
    );
}

// ---- next and previous ----

const E: Stage = Stage::Eligibility;
const A: Stage = Stage::Achievement;
const W: Stage = Stage::Written;
const D: Stage = Stage::Defense;
const N: Stage = Stage::Notice;
const C: Stage = Stage::Certified;

#[rstest]
#[case::intermediate(Level::Intermediate, false, false, &[E, A, W, D, N, C])]
#[case::senior(Level::Senior, false, false, &[E, A, W, D, N, C])]
#[case::specialist(Level::Specialist, false, false, &[E, A, W, D, N, C])]
#[case::junior(Level::Junior, false, false, &[E, A, N, C])]
#[case::junior_written(Level::Junior, true, false, &[E, A, W, N, C])]
#[case::junior_defense(Level::Junior, false, true, &[E, A, D, N, C])]
#[case::junior_both(Level::Junior, true, true, &[E, A, W, D, N, C])]
fn stages_follow_the_level_and_the_cycle(
    #[case] level: Level,
    #[case] written: bool,
    #[case] defense: bool,
    #[case] path: &[Stage],
) {
    let cycle = junior_cycle(written, defense);
    for pair in path.windows(2) {
        assert_eq!(
            next_stage(level, pair[0], &cycle),
            Some(pair[1]),
            "{pair:?}"
        );
        // Certified goes back only by revocation, never by a send-back.
        let back = (pair[1] != C).then_some(pair[0]);
        assert_eq!(previous_stage(level, pair[1], &cycle), back, "{pair:?}");
    }
    assert_eq!(next_stage(level, C, &cycle), None);
    assert_eq!(previous_stage(level, E, &cycle), None);
    assert_eq!(previous_stage(level, C, &cycle), None);
    assert_eq!(next_stage(level, Stage::Rejected, &cycle), None);
}

#[rstest]
#[case::achievement(Level::Intermediate, A, Ok(E))]
#[case::written(Level::Intermediate, W, Ok(A))]
#[case::defense(Level::Senior, D, Ok(W))]
#[case::notice(Level::Senior, N, Ok(D))]
#[case::junior_notice(Level::Junior, N, Ok(A))]
#[case::eligibility(Level::Junior, E, Err(SendBackError::NoPreviousStage { stage: E }))]
#[case::certified(Level::Senior, C, Err(SendBackError::NoPreviousStage { stage: C }))]
#[case::rejected(Level::Senior, Stage::Rejected, Err(SendBackError::NoPreviousStage { stage: Stage::Rejected }))]
fn sending_back_goes_one_stage(
    #[case] level: Level,
    #[case] stage: Stage,
    #[case] to: Result<Stage, SendBackError>,
) {
    let moved = send_back(
        level,
        stage,
        &approved(),
        &Cycle::default_2024(),
        " 材料需补充 ",
    );
    assert_eq!(
        moved,
        to.map(|to| SendBack {
            from: stage,
            to,
            reason: "材料需补充".to_owned()
        })
    );
}

#[test]
fn an_exceptional_application_goes_back_from_notice_to_eligibility() {
    let straight = history(vec![entry(
        HistoryAction::Approve,
        Stage::Eligibility,
        Some(Stage::Notice),
        0,
    )]);
    let moved = send_back(Level::Senior, N, &straight, &Cycle::default_2024(), "复核");
    assert_eq!(moved.map(|m| m.to), Ok(E));
}

#[test]
fn sending_back_needs_a_reason() {
    let moved = send_back(
        Level::Senior,
        D,
        &approved(),
        &Cycle::default_2024(),
        " \n ",
    );
    assert_eq!(
        moved,
        Err(SendBackError::Reason(DecisionError::ReasonRequired))
    );
}
