//! Stage moves through the service: each forward guard refusing with its
//! numbers and then holding, sending back, rejecting after a review, bulk
//! moves, written scores typed and imported, and the ranking that follows.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod desk;

use docket::domain::moves::GuardFailure;
use docket::domain::scoring::{Review, ReviewStage};
use docket::domain::{Stage, User, UserRole};
use docket::service::ServiceError;

use desk::{Desk, entries_after, head, id, review};

const ACH: ReviewStage = ReviewStage::Achievement;

/// The desk with a third expert, so an intermediate panel can be full.
fn desk_with_panel(dir: &std::path::Path, count: usize) -> (Desk, User) {
    let d = desk::open(dir, count);
    let mut chen = User::new("chen", UserRole::Expert);
    chen.organization = Some("温州市科技馆".into());
    d.service.add_user(&d.admin, &chen).unwrap();
    (d, chen)
}

fn score_achievement(d: &Desk, chen: &User, n: usize, scores: [[u32; 3]; 3]) {
    let s = &d.service;
    for (who, points) in [&d.zhang, &d.wang, chen].into_iter().zip(scores) {
        s.assign(&d.admin, &id(n), &who.name).unwrap();
        let saved = s
            .save_review_draft(who, &id(n), &review(&who.name, points), None)
            .unwrap();
        s.submit_review(who, &id(n), ACH, saved.revision).unwrap();
    }
}

fn revision(d: &Desk, n: usize) -> u64 {
    d.service.application(&d.admin, &id(n)).unwrap().revision
}

fn stage(d: &Desk, n: usize) -> Stage {
    d.service.application(&d.admin, &id(n)).unwrap().value.stage
}

fn guard(error: ServiceError) -> GuardFailure {
    match error {
        ServiceError::Guard { failure, .. } => failure,
        other => panic!("expected a guard failure, got {other}"),
    }
}

#[test]
fn an_application_moves_forward_only_when_each_guard_holds() {
    let dir = tempfile::tempdir().unwrap();
    let (d, chen) = desk_with_panel(dir.path(), 1);
    let s = &d.service;

    // Two of the three experts an intermediate application needs.
    s.assign(&d.admin, &id(1), "zhang").unwrap();
    s.assign(&d.admin, &id(1), "wang").unwrap();
    let refused = s.advance(&d.admin, &id(1), revision(&d, 1)).unwrap_err();
    assert!(refused.to_string().contains("2 of 3 experts"), "{refused}");
    assert_eq!(
        guard(refused),
        GuardFailure::TooFewExperts {
            stage: ACH,
            assigned: 2,
            required: 3
        }
    );
    s.unassign(&d.admin, &id(1), "zhang").unwrap();
    s.unassign(&d.admin, &id(1), "wang").unwrap();

    score_achievement(&d, &chen, 1, [[20, 25, 40], [18, 22, 35], [15, 20, 30]]);
    let before = head(s);
    let moved = s.advance(&d.admin, &id(1), revision(&d, 1)).unwrap();
    assert_eq!(moved.value.stage, Stage::Written);
    let entries = entries_after(s, before);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "stage.advance");
    assert_eq!(entries[0].actor, "admin");
    assert!(entries[0].note.contains("released"), "{}", entries[0].note);
    assert!(s.assignments_of(&d.admin, &id(1)).unwrap().is_empty());

    // The written exam: no score, then one below the line, then a pass.
    let refused = s.advance(&d.admin, &id(1), revision(&d, 1)).unwrap_err();
    assert_eq!(guard(refused), GuardFailure::WrittenMissing);
    s.set_written_score(&d.admin, &id(1), 59).unwrap();
    let refused = s.advance(&d.admin, &id(1), revision(&d, 1)).unwrap_err();
    assert_eq!(
        guard(refused),
        GuardFailure::WrittenBelowLine {
            score: 59,
            line: 60
        }
    );
    s.set_written_score(&d.admin, &id(1), 60).unwrap();
    s.advance(&d.admin, &id(1), revision(&d, 1)).unwrap();
    assert_eq!(stage(&d, 1), Stage::Defense);

    // The defense: one panel expert scores 72.
    s.assign(&d.admin, &id(1), "zhang").unwrap();
    let mut defense = Review::draft("zhang", ReviewStage::Defense);
    defense.scores = vec![72];
    let saved = s
        .save_review_draft(&d.zhang, &id(1), &defense, None)
        .unwrap();
    let refused = s.advance(&d.admin, &id(1), revision(&d, 1)).unwrap_err();
    assert!(matches!(
        guard(refused),
        GuardFailure::ReviewsMissing { submitted: 0, .. }
    ));
    s.submit_review(&d.zhang, &id(1), ReviewStage::Defense, saved.revision)
        .unwrap();
    s.advance(&d.admin, &id(1), revision(&d, 1)).unwrap();
    assert_eq!(stage(&d, 1), Stage::Notice);

    // The notice has not run, so certification waits.
    let refused = s.advance(&d.admin, &id(1), revision(&d, 1)).unwrap_err();
    assert_eq!(guard(refused), GuardFailure::NoticeNotStarted);

    let history = s.history(&d.admin, &id(1)).unwrap();
    let went: Vec<_> = history.entries.iter().filter_map(|e| e.to).collect();
    assert_eq!(went, [Stage::Written, Stage::Defense, Stage::Notice]);
}

#[test]
fn an_aggregate_under_the_pass_line_holds_the_application_back() {
    let dir = tempfile::tempdir().unwrap();
    let (d, chen) = desk_with_panel(dir.path(), 1);
    score_achievement(&d, &chen, 1, [[10, 20, 29], [10, 20, 30], [10, 20, 30]]);
    let refused = d
        .service
        .advance(&d.admin, &id(1), revision(&d, 1))
        .unwrap_err();
    assert!(
        refused.to_string().contains("below the pass line 60"),
        "{refused}"
    );
    assert!(matches!(
        guard(refused),
        GuardFailure::BelowPassLine { line: 60, .. }
    ));
    assert_eq!(stage(&d, 1), Stage::Achievement);
}

#[test]
fn sending_back_and_rejecting_need_a_reason_and_are_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let (d, _) = desk_with_panel(dir.path(), 2);
    let s = &d.service;
    desk::move_to(s, &id(1), Stage::Written);

    let empty = s
        .send_back(&d.admin, &id(1), "  ", revision(&d, 1))
        .unwrap_err();
    assert!(matches!(empty, ServiceError::SendBack(_)), "{empty}");
    assert_eq!(stage(&d, 1), Stage::Written);

    let before = head(s);
    s.send_back(&d.admin, &id(1), "业绩评分需复议", revision(&d, 1))
        .unwrap();
    assert_eq!(stage(&d, 1), Stage::Achievement);
    let entries = entries_after(s, before);
    assert_eq!(entries[0].action, "stage.send_back");
    assert!(entries[0].note.contains("业绩评分需复议"));

    let from_eligibility = {
        desk::move_to(s, &id(2), Stage::Eligibility);
        s.send_back(&d.admin, &id(2), "x", revision(&d, 2))
            .unwrap_err()
    };
    assert!(matches!(from_eligibility, ServiceError::SendBack(_)));

    s.reject_at_stage(&d.admin, &id(1), "答辩材料与申报不符", revision(&d, 1))
        .unwrap();
    assert_eq!(stage(&d, 1), Stage::Rejected);
    let history = s.history(&d.admin, &id(1)).unwrap();
    assert_eq!(history.rejected_from, Some(Stage::Achievement));
}

#[test]
fn a_bulk_move_moves_those_that_pass_and_names_the_guard_of_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let (d, chen) = desk_with_panel(dir.path(), 3);
    score_achievement(&d, &chen, 1, [[20, 25, 40], [18, 22, 35], [15, 20, 30]]);
    score_achievement(&d, &chen, 3, [[20, 28, 45], [19, 27, 44], [18, 26, 43]]);
    let ids = [id(1), id(2), id(3)];
    let outcomes = d.service.advance_many(&d.admin, &ids).unwrap();
    let moved: Vec<bool> = outcomes
        .iter()
        .map(docket::service::MoveOutcome::moved)
        .collect();
    assert_eq!(moved, [true, false, true]);
    assert!(matches!(
        outcomes[1].result,
        Err(ServiceError::Guard {
            failure: GuardFailure::TooFewExperts { assigned: 0, .. },
            ..
        })
    ));
    assert_eq!(stage(&d, 2), Stage::Achievement);
}

#[test]
fn only_the_secretariat_moves_applications_and_enters_written_scores() {
    let dir = tempfile::tempdir().unwrap();
    let (d, _) = desk_with_panel(dir.path(), 1);
    let s = &d.service;
    s.assign(&d.admin, &id(1), "zhang").unwrap();
    for user in [&d.zhang, &d.zhao] {
        let r = revision(&d, 1);
        for refused in [
            s.advance(user, &id(1), r).unwrap_err(),
            s.send_back(user, &id(1), "x", r).unwrap_err(),
            s.reject_at_stage(user, &id(1), "x", r).unwrap_err(),
            s.set_written_score(user, &id(1), 80).unwrap_err(),
            s.import_written_csv(user, b"id,score\n", "w.csv")
                .unwrap_err(),
        ] {
            assert!(
                matches!(refused, ServiceError::Forbidden { .. }),
                "{refused}"
            );
        }
        assert!(s.advance_many(user, &[id(1)]).is_err());
    }
    assert!(matches!(
        s.ranking(&d.zhang).unwrap_err(),
        ServiceError::Forbidden { .. }
    ));
    assert!(s.ranking(&d.zhao).is_ok());
}

#[test]
fn a_written_import_names_every_bad_line_and_writes_nothing_until_all_are_good() {
    let dir = tempfile::tempdir().unwrap();
    let (d, _) = desk_with_panel(dir.path(), 3);
    let s = &d.service;
    desk::move_to(s, &id(1), Stage::Written);
    desk::move_to(s, &id(2), Stage::Written);
    let before = head(s);

    let file = format!(
        "id,score\n{},88\n{},101\n{},70\n2024-XX-I-9999,50\n",
        id(1),
        id(2),
        id(3)
    );
    let error = s
        .import_written_csv(&d.admin, file.as_bytes(), "w.csv")
        .unwrap_err();
    let ServiceError::Written { problems } = error else {
        panic!("expected written problems, got {error}");
    };
    let lines: Vec<(usize, &str)> = problems.iter().map(|p| (p.line, p.field)).collect();
    assert_eq!(lines, [(3, "score")]);

    let file = format!("{},88\n{},70\n2024-XX-I-9999,50\n", id(1), id(3));
    let ServiceError::Written { problems } = s
        .import_written_csv(&d.admin, file.as_bytes(), "w.csv")
        .unwrap_err()
    else {
        panic!("expected written problems");
    };
    let lines: Vec<(usize, &str)> = problems.iter().map(|p| (p.line, p.field)).collect();
    assert_eq!(lines, [(2, "id"), (3, "id")]);
    assert!(
        problems[0].reason.contains("achievement"),
        "{}",
        problems[0]
    );
    assert_eq!(head(s), before, "a refused import writes nothing");
    assert!(s.written_scores(&d.admin).unwrap().is_empty());

    let file = format!("\u{feff}id,score\r\n{},88\r\n\"{}\", 61\r\n", id(1), id(2));
    assert_eq!(
        s.import_written_csv(&d.admin, file.as_bytes(), "w.csv")
            .unwrap(),
        2
    );
    let scores = s.written_scores(&d.admin).unwrap();
    assert_eq!(scores.get(&id(1)), Some(&88));
    assert_eq!(scores.get(&id(2)), Some(&61));
    let entries = entries_after(s, before);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "written.import");
}

#[test]
fn the_ranking_orders_each_level_by_composite() {
    let dir = tempfile::tempdir().unwrap();
    let (d, chen) = desk_with_panel(dir.path(), 3);
    let s = &d.service;
    score_achievement(&d, &chen, 1, [[20, 25, 40], [18, 22, 35], [15, 20, 30]]);
    score_achievement(&d, &chen, 2, [[20, 28, 45], [19, 27, 44], [18, 26, 43]]);

    // Before the written exam and the defense nobody has a composite.
    let lines = s.ranking(&d.admin).unwrap();
    assert!(lines.iter().all(|l| l.ranked.rank.is_none()));
    let first = lines.iter().find(|l| l.ranked.id == id(1)).unwrap();
    assert_eq!(first.achievement.map(|a| a.count), Some(3));
    assert_eq!(first.achievement.map(|a| a.spread), Some(20));
    assert!(first.achievement.is_some_and(|a| a.flagged));

    // 1: achievement 75, written 80, defense 70 -> 74.5;
    // 2: achievement 90, written 60, defense 60 -> 75.0.
    for (n, written, defense) in [(1, 80, 70), (2, 60, 60)] {
        s.advance(&d.admin, &id(n), revision(&d, n)).unwrap();
        s.set_written_score(&d.admin, &id(n), written).unwrap();
        s.advance(&d.admin, &id(n), revision(&d, n)).unwrap();
        s.assign(&d.admin, &id(n), "wang").unwrap();
        let mut review = Review::draft("wang", ReviewStage::Defense);
        review.scores = vec![defense];
        let saved = s.save_review_draft(&d.wang, &id(n), &review, None).unwrap();
        s.submit_review(&d.wang, &id(n), ReviewStage::Defense, saved.revision)
            .unwrap();
    }
    let lines = s.ranking(&d.admin).unwrap();
    let order: Vec<(&str, Option<u32>, Option<f64>)> = lines
        .iter()
        .map(|l| {
            let composite = l
                .ranked
                .composite
                .map(docket::domain::scoring::Score::as_f64);
            (l.ranked.id.as_str(), l.ranked.rank, composite)
        })
        .collect();
    assert_eq!(
        order,
        [
            (id(2).as_str(), Some(1), Some(75.0)),
            (id(1).as_str(), Some(2), Some(74.5)),
            (id(3).as_str(), None, None),
        ]
    );
    assert!(lines[0].ranked.passed);
    assert_eq!(lines[0].written, Some(60));

    let scores = s.score_lines(&d.zhao, ACH).unwrap();
    assert_eq!(scores.len(), 6);
    assert_eq!(
        s.score_lines(&d.zhao, ReviewStage::Defense).unwrap().len(),
        2
    );
    assert_eq!(scores[0].application, id(1));
    assert_eq!(scores[0].total, scores[0].scores.iter().sum::<u32>());
}
