//! Reviews: drafts and submission by the assigned expert, stale
//! revisions, who sees which scores, and the aggregate.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod desk;

use docket::domain::Stage;
use docket::domain::scoring::{Review, ReviewStage};
use docket::service::ServiceError;
use docket::store::StoreError;

use desk::{Desk, entries_after, head, id, review};

const ACH: ReviewStage = ReviewStage::Achievement;

fn assigned_desk(dir: &std::path::Path) -> Desk {
    let d = desk::open(dir, 1);
    d.service.assign(&d.admin, &id(1), "zhang").unwrap();
    d.service.assign(&d.admin, &id(1), "wang").unwrap();
    d
}

fn submit(d: &Desk, who: &docket::domain::User, scores: [u32; 3]) {
    let saved = d
        .service
        .save_review_draft(who, &id(1), &review(&who.name, scores), None)
        .unwrap();
    d.service
        .submit_review(who, &id(1), ACH, saved.revision)
        .unwrap();
}

#[test]
fn a_draft_is_saved_revised_and_submitted_with_its_total_audited() {
    let dir = tempfile::tempdir().unwrap();
    let d = assigned_desk(dir.path());
    let s = &d.service;

    let mut draft = Review::draft("zhang", ACH);
    draft.scores = vec![18];
    let first = s.save_review_draft(&d.zhang, &id(1), &draft, None).unwrap();
    assert_eq!(first.revision, 1);
    let second = s
        .save_review_draft(&d.zhang, &id(1), &review("zhang", [18, 25, 40]), Some(1))
        .unwrap();
    assert_eq!(second.revision, 2);

    let before = head(s);
    let submitted = s.submit_review(&d.zhang, &id(1), ACH, 2).unwrap();
    assert!(submitted.value.is_submitted());
    assert_eq!(submitted.revision, 3);
    let entries = entries_after(s, before);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "review.submit");
    assert_eq!(entries[0].note, "total 83");

    // Submitted means final for the expert.
    let changed = s
        .save_review_draft(&d.zhang, &id(1), &review("zhang", [1, 1, 1]), Some(3))
        .unwrap_err();
    assert!(
        matches!(changed, ServiceError::Store(StoreError::Submitted { .. })),
        "{changed}"
    );
    let resubmit = s.submit_review(&d.zhang, &id(1), ACH, 3).unwrap_err();
    assert!(
        matches!(resubmit, ServiceError::Store(StoreError::Submitted { .. })),
        "{resubmit}"
    );
}

#[test]
fn a_stale_revision_is_refused_naming_who_saved_and_keeps_the_newer_draft() {
    let dir = tempfile::tempdir().unwrap();
    let d = assigned_desk(dir.path());
    let s = &d.service;
    s.save_review_draft(&d.zhang, &id(1), &review("zhang", [10, 10, 10]), None)
        .unwrap();
    s.save_review_draft(&d.zhang, &id(1), &review("zhang", [11, 10, 10]), Some(1))
        .unwrap();

    let before = head(s);
    let stale = s
        .save_review_draft(&d.zhang, &id(1), &review("zhang", [12, 10, 10]), Some(1))
        .unwrap_err();
    match &stale {
        ServiceError::Store(StoreError::Stale {
            kind,
            expected,
            found,
            saved_by,
            ..
        }) => assert_eq!(
            (*kind, *expected, *found, saved_by.as_str()),
            ("review", 1, 2, "zhang")
        ),
        other => panic!("expected a stale revision, got {other}"),
    }
    assert!(stale.to_string().contains("revision 1 is stale"), "{stale}");
    let first_save_again = s
        .save_review_draft(&d.zhang, &id(1), &review("zhang", [12, 10, 10]), None)
        .unwrap_err();
    assert!(matches!(
        first_save_again,
        ServiceError::Store(StoreError::Stale { expected: 0, .. })
    ));
    let stale_submit = s.submit_review(&d.zhang, &id(1), ACH, 1).unwrap_err();
    assert!(matches!(
        stale_submit,
        ServiceError::Store(StoreError::Stale { .. })
    ));
    assert_eq!(head(s), before);
    let kept = s.store().review(&id(1), ACH, "zhang").unwrap().unwrap();
    assert_eq!(kept.value.scores, [11, 10, 10]);
}

#[test]
fn submission_is_checked_against_the_rubric() {
    let dir = tempfile::tempdir().unwrap();
    let d = assigned_desk(dir.path());
    let s = &d.service;
    let mut low = review("zhang", [5, 5, 5]);
    low.comment.clear();
    s.save_review_draft(&d.zhang, &id(1), &low, None).unwrap();
    let refused = s.submit_review(&d.zhang, &id(1), ACH, 1).unwrap_err();
    match &refused {
        ServiceError::Review { problems, .. } => assert_eq!(problems.len(), 1),
        other => panic!("expected review problems, got {other}"),
    }
    assert!(
        refused.to_string().contains("comment is required"),
        "{refused}"
    );

    let over = review("zhang", [21, 30, 50]);
    s.save_review_draft(&d.zhang, &id(1), &over, Some(1))
        .unwrap();
    assert!(matches!(
        s.submit_review(&d.zhang, &id(1), ACH, 2).unwrap_err(),
        ServiceError::Review { .. }
    ));
    assert!(
        !s.store()
            .review(&id(1), ACH, "zhang")
            .unwrap()
            .unwrap()
            .value
            .is_submitted()
    );

    let nothing = s.submit_review(&d.wang, &id(1), ACH, 1).unwrap_err();
    assert!(matches!(
        nothing,
        ServiceError::Store(StoreError::NotFound { kind: "review", .. })
    ));
}

#[test]
fn an_expert_writes_only_their_own_review_at_the_current_stage() {
    let dir = tempfile::tempdir().unwrap();
    let d = assigned_desk(dir.path());
    let s = &d.service;
    let other = s
        .save_review_draft(&d.zhang, &id(1), &review("wang", [1, 1, 1]), None)
        .unwrap_err();
    assert!(matches!(other, ServiceError::Forbidden { .. }), "{other}");
    let defense = Review::draft("zhang", ReviewStage::Defense);
    let wrong = s
        .save_review_draft(&d.zhang, &id(1), &defense, None)
        .unwrap_err();
    assert!(matches!(wrong, ServiceError::NotAtStage { .. }), "{wrong}");
    desk::move_to(s, &id(1), Stage::Defense);
    let released = s
        .save_review_draft(&d.zhang, &id(1), &defense, None)
        .unwrap_err();
    assert!(matches!(released, ServiceError::NotFound(_)), "{released}");
    assert!(s.assignments_of(&d.admin, &id(1)).unwrap().is_empty());
    s.assign(&d.admin, &id(1), "zhang").unwrap();
    s.save_review_draft(&d.zhang, &id(1), &defense, None)
        .unwrap();
}

#[test]
fn an_expert_sees_other_scores_only_after_submitting() {
    let dir = tempfile::tempdir().unwrap();
    let d = assigned_desk(dir.path());
    let s = &d.service;
    submit(&d, &d.wang, [20, 30, 50]);
    let mine = s
        .save_review_draft(&d.zhang, &id(1), &review("zhang", [10, 20, 30]), None)
        .unwrap();

    let seen: Vec<_> = s
        .reviews_of(&d.zhang, &id(1), ACH)
        .unwrap()
        .into_iter()
        .map(|r| r.value.expert)
        .collect();
    assert_eq!(seen, ["zhang"]);
    assert_eq!(s.reviews_of(&d.admin, &id(1), ACH).unwrap().len(), 2);
    assert_eq!(s.reviews_of(&d.zhao, &id(1), ACH).unwrap().len(), 2);

    s.submit_review(&d.zhang, &id(1), ACH, mine.revision)
        .unwrap();
    let seen: Vec<_> = s
        .reviews_of(&d.zhang, &id(1), ACH)
        .unwrap()
        .into_iter()
        .map(|r| r.value.expert)
        .collect();
    assert_eq!(seen, ["wang", "zhang"]);
}

#[test]
fn the_aggregate_counts_submitted_reviews_only() {
    let dir = tempfile::tempdir().unwrap();
    let d = assigned_desk(dir.path());
    let s = &d.service;
    assert_eq!(s.aggregate(&d.admin, &id(1), ACH).unwrap(), None);
    submit(&d, &d.wang, [20, 30, 50]);
    let mut zero = review("zhang", [0, 0, 0]);
    zero.comment.clear();
    s.save_review_draft(&d.zhang, &id(1), &zero, None).unwrap();
    let one = s.aggregate(&d.zhao, &id(1), ACH).unwrap().unwrap();
    assert_eq!((one.count, one.min, one.max), (1, 100, 100));

    // Under the pass line without a comment: refused, still a draft.
    s.submit_review(&d.zhang, &id(1), ACH, 1).unwrap_err();
    s.save_review_draft(&d.zhang, &id(1), &review("zhang", [10, 20, 40]), Some(1))
        .unwrap();
    s.submit_review(&d.zhang, &id(1), ACH, 2).unwrap();
    let two = s.aggregate(&d.admin, &id(1), ACH).unwrap().unwrap();
    assert_eq!((two.count, two.spread, two.flagged), (2, 30, true));
    assert!(two.reaches(85) && !two.reaches(86));
    assert!(matches!(
        s.aggregate(&d.zhang, &id(1), ACH).unwrap_err(),
        ServiceError::Forbidden { .. }
    ));
}
