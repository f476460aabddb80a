//! Eligibility decisions and evidence marks through the service layer:
//! what they change in the store, the history and the audit log, and what
//! they refuse.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use docket::domain::decision::{DecisionError, EligibilityDecision, HistoryAction};
use docket::domain::rules::Verdict;
use docket::domain::{Stage, User, UserRole};
use docket::service::{Service, ServiceError};
use docket::store::StoreError;

fn with_demo() -> (tempfile::TempDir, Service, User) {
    let dir = tempfile::tempdir().unwrap();
    let service = common::open(dir.path());
    let admin = service.default_user().unwrap();
    service
        .set_cycle(&admin, docket::demo::demo_cycle().unwrap(), "demo")
        .unwrap();
    let demo = docket::demo::demo_fixture().unwrap();
    service.import(&admin, &demo, "demo", &mut |_| {}).unwrap();
    (dir, service, admin)
}

fn summary(service: &Service, user: &User, id: &str) -> docket::domain::Summary {
    service
        .summaries(user)
        .unwrap()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap()
}

fn last_audit(service: &Service) -> docket::store::AuditEntry {
    let head = service.store().audit_head().unwrap();
    service
        .store()
        .audit_entries(head.seq)
        .next()
        .unwrap()
        .unwrap()
}

#[test]
fn approving_an_eligible_application_moves_it_to_the_achievement_review() {
    let (_dir, service, admin) = with_demo();
    let id = "2024-YN-J-0001";
    assert_eq!(summary(&service, &admin, id).verdict, Verdict::Eligible);
    let record = service
        .decide_eligibility(&admin, id, &EligibilityDecision::Approve, 1)
        .unwrap();
    assert_eq!(
        (record.revision, record.value.stage),
        (2, Stage::Achievement)
    );
    assert_eq!(summary(&service, &admin, id).stage, Stage::Achievement);

    let history = service.history(&admin, id).unwrap();
    let entry = history.last_decision().unwrap();
    assert_eq!(
        (entry.action, entry.by.as_str(), entry.to),
        (HistoryAction::Approve, "admin", Some(Stage::Achievement))
    );
    let audit = last_audit(&service);
    assert_eq!(
        (
            audit.action.as_str(),
            audit.target.as_str(),
            audit.actor.as_str()
        ),
        ("eligibility.approve", id, "admin")
    );
    assert_eq!(service.store().verify_audit().unwrap().first_bad, None);
}

#[test]
fn exceptional_senior_and_junior_go_straight_to_the_notice() {
    let (_dir, service, admin) = with_demo();
    for id in ["2024-SH-S-0001", "2024-JS-J-0001"] {
        let record = service
            .decide_eligibility(&admin, id, &EligibilityDecision::Approve, 1)
            .unwrap();
        assert_eq!(record.value.stage, Stage::Notice, "{id}");
    }
}

#[test]
fn an_ineligible_application_is_approved_only_by_an_override_with_a_reason() {
    let (_dir, service, admin) = with_demo();
    let id = "2024-ZJ-J-0003"; // enough hours only if uncertified training counted
    let head = service.store().audit_head().unwrap();
    let refused = service
        .decide_eligibility(&admin, id, &EligibilityDecision::Approve, 1)
        .unwrap_err();
    assert!(
        matches!(
            refused,
            ServiceError::Decision(DecisionError::NotEligible { .. })
        ),
        "{refused}"
    );
    let blank = EligibilityDecision::Override {
        reason: "   ".into(),
    };
    let refused = service
        .decide_eligibility(&admin, id, &blank, 1)
        .unwrap_err();
    assert!(
        matches!(
            refused,
            ServiceError::Decision(DecisionError::ReasonRequired)
        ),
        "{refused}"
    );
    assert_eq!(
        service.store().audit_head().unwrap(),
        head,
        "refusals write nothing"
    );

    let reason = "补交培训证明 0.5 学时，经核实";
    let record = service
        .decide_eligibility(
            &admin,
            id,
            &EligibilityDecision::Override {
                reason: reason.into(),
            },
            1,
        )
        .unwrap();
    assert_eq!(record.value.stage, Stage::Achievement);
    let audit = last_audit(&service);
    assert_eq!(
        (audit.action.as_str(), audit.note.as_str()),
        ("eligibility.override", reason)
    );
    let eligible = EligibilityDecision::Override { reason: "x".into() };
    let refused = service
        .decide_eligibility(&admin, "2024-YN-J-0001", &eligible, 1)
        .unwrap_err();
    assert!(matches!(
        refused,
        ServiceError::Decision(DecisionError::NothingToOverride { .. })
    ));
}

#[test]
fn a_rejection_remembers_its_stage_and_reason() {
    let (_dir, service, admin) = with_demo();
    let id = "2024-ZJ-I-0002";
    let reject = EligibilityDecision::Reject {
        reason: "培训学时不足".into(),
    };
    let record = service.decide_eligibility(&admin, id, &reject, 1).unwrap();
    assert_eq!(record.value.stage, Stage::Rejected);
    let history = service.history(&admin, id).unwrap();
    assert_eq!(history.rejected_from, Some(Stage::Eligibility));
    assert_eq!(
        history.last_decision().unwrap().reason.as_deref(),
        Some("培训学时不足")
    );
    // Decided once; a second decision finds it no longer in the eligibility review.
    let again = service
        .decide_eligibility(&admin, id, &EligibilityDecision::Approve, 2)
        .unwrap_err();
    assert!(matches!(
        again,
        ServiceError::Decision(DecisionError::WrongStage { .. })
    ));
}

#[test]
fn rejecting_the_only_qualifying_evidence_changes_the_verdict_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let service = common::open(dir.path());
    let admin = service.default_user().unwrap();
    service
        .import(&admin, &[common::application(1)], "t", &mut |_| {})
        .unwrap();
    let id = "2024-ZJ-I-0001";
    assert_eq!(summary(&service, &admin, id).verdict, Verdict::Eligible);

    let refused = service
        .mark_evidence(&admin, id, "E1", Some(false), None, 1)
        .unwrap_err();
    assert!(matches!(
        refused,
        ServiceError::Decision(DecisionError::ReasonRequired)
    ));
    let record = service
        .mark_evidence(&admin, id, "E1", Some(false), Some("证书与原件不符"), 1)
        .unwrap();
    assert_eq!(record.value.evidence[0].verified, Some(false));
    assert_eq!(summary(&service, &admin, id).verdict, Verdict::Ineligible);
    assert_eq!(summary(&service, &admin, id).rejected, 1);
    assert_eq!(
        service.history(&admin, id).unwrap().evidence_reason("E1"),
        Some("证书与原件不符")
    );
    assert_eq!(last_audit(&service).action, "evidence.reject_evidence");

    let record = service
        .mark_evidence(&admin, id, "E1", Some(true), None, 2)
        .unwrap();
    assert_eq!(record.value.evidence[0].verified, Some(true));
    assert_eq!(summary(&service, &admin, id).verdict, Verdict::Eligible);
    let missing = service
        .mark_evidence(&admin, id, "E9", Some(true), None, 3)
        .unwrap_err();
    assert!(matches!(
        missing,
        ServiceError::Decision(DecisionError::NoSuchEvidence { .. })
    ));
}

#[test]
fn a_stale_revision_and_a_supervisor_are_refused() {
    let (_dir, service, admin) = with_demo();
    let supervisor = User::new("zhao", UserRole::Supervisor);
    service.add_user(&admin, &supervisor).unwrap();
    let id = "2024-YN-J-0001";
    let refused = service
        .decide_eligibility(&supervisor, id, &EligibilityDecision::Approve, 1)
        .unwrap_err();
    assert!(
        matches!(refused, ServiceError::Forbidden { .. }),
        "{refused}"
    );
    let refused = service
        .mark_evidence(&supervisor, id, "E1", Some(true), None, 1)
        .unwrap_err();
    assert!(matches!(refused, ServiceError::Forbidden { .. }));

    service
        .mark_evidence(&admin, id, "E1", Some(true), None, 1)
        .unwrap();
    let stale = service
        .decide_eligibility(&admin, id, &EligibilityDecision::Approve, 1)
        .unwrap_err();
    assert!(
        matches!(
            stale,
            ServiceError::Store(StoreError::Stale { found: 2, .. })
        ),
        "{stale}"
    );
}

#[test]
fn the_demo_cycle_is_kept_by_the_store_and_drives_the_verdicts() {
    let (dir, service, admin) = with_demo();
    assert_eq!(
        summary(&service, &admin, "2024-HB-I-0001").verdict,
        Verdict::NeedsReview
    );
    drop(service);
    let service = common::open(dir.path());
    assert_eq!(service.cycle().exceptional.intermediate_list.len(), 2);
    assert_eq!(
        summary(&service, &admin, "2024-HB-I-0001").verdict,
        Verdict::NeedsReview
    );
    let mut cycle = (*service.cycle()).clone();
    cycle.exceptional.intermediate_list.clear();
    service.set_cycle(&admin, cycle, "test").unwrap();
    assert_eq!(
        summary(&service, &admin, "2024-HB-I-0001").verdict,
        Verdict::Ineligible
    );
}
