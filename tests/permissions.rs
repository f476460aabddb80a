//! The permission matrix: every service operation against every role.
//! A refused attempt writes nothing, except the audited refusal when an
//! expert reaches an application that is not theirs (answered "not found").

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod desk;

use docket::domain::decision::EligibilityDecision;
use docket::domain::scoring::{Review, ReviewStage};
use docket::domain::{Cycle, User, UserRole};
use docket::service::ServiceError;

use desk::{Desk, entries_after, head, id, review};

const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIP2XPbgy9KdCr0wvDQW94sOLrdsuNHF5kIBJOC255hTq li@zj";
const ACH: ReviewStage = ReviewStage::Achievement;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Secretariat,
    ExpertAssigned,
    ExpertUnassigned,
    ExpertConflicted,
    Supervisor,
}

const ROLES: [Role; 5] = [
    Role::Secretariat,
    Role::ExpertAssigned,
    Role::ExpertUnassigned,
    Role::ExpertConflicted,
    Role::Supervisor,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Done.
    Ok,
    /// Refused by role, nothing written.
    Forbidden,
    /// Answered "not found", only the refusal audited.
    Hidden,
    /// Permitted, but refused for what was asked (nothing written).
    Invalid,
}

use Outcome::{Forbidden as F, Hidden as H, Invalid as I, Ok as A};

type Op = fn(&Desk, &User) -> Result<(), ServiceError>;

/// The desk of the matrix: application 1 at the achievement review,
/// assigned to zhang (with his draft) and to li (same organization as the
/// applicant, so in conflict); application 2 at the eligibility review;
/// wang is an expert with no assignment; `spare` an expert to act on.
fn matrix_desk(dir: &std::path::Path) -> Desk {
    let d = desk::open(dir, 2);
    let s = &d.service;
    desk::move_to(s, &id(2), docket::domain::Stage::Eligibility);
    s.add_user(&d.admin, &User::new("spare", UserRole::Expert))
        .unwrap();
    s.assign(&d.admin, &id(1), "zhang").unwrap();
    let draft = docket::store::AuditDraft::new("admin", "assignment.add", "li", &[]);
    s.store()
        .insert_assignments(&[("li".into(), id(1))], s.now(), &draft)
        .unwrap();
    s.save_review_draft(&d.zhang, &id(1), &review("zhang", [18, 25, 40]), None)
        .unwrap();
    d
}

fn actor(d: &Desk, role: Role) -> User {
    match role {
        Role::Secretariat => d.admin.clone(),
        Role::ExpertAssigned => d.zhang.clone(),
        Role::ExpertUnassigned => d.wang.clone(),
        Role::ExpertConflicted => d.li.clone(),
        Role::Supervisor => d.zhao.clone(),
    }
}

fn own_revision(d: &Desk, u: &User) -> Option<u64> {
    d.service
        .store()
        .review(&id(1), ACH, &u.name)
        .unwrap()
        .map(|r| r.revision)
}

/// Everything but the audit log, to compare before and after a refusal.
fn state(d: &Desk) -> String {
    let s = &d.service;
    let store = s.store();
    format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        s.summaries(&d.admin)
            .unwrap()
            .iter()
            .map(|x| (&x.id, x.stage, x.revision))
            .collect::<Vec<_>>(),
        store.users().unwrap(),
        store.assignment_loads().unwrap(),
        store.assignments_of(&id(1)).unwrap(),
        store.conflicts().unwrap(),
        store.reviews(&id(1), ACH).unwrap(),
        s.cycle(),
    )
}

/// Each operation with its expected outcome for the roles of [`ROLES`].
fn matrix() -> Vec<(&'static str, Op, [Outcome; 5])> {
    vec![
        (
            "import",
            |d, u| {
                d.service
                    .import(u, &[common::application(9)], "t", &mut |_| {})
                    .map(drop)
            },
            [A, F, F, F, F],
        ),
        (
            "add_user",
            |d, u| {
                d.service
                    .add_user(u, &User::new("newbie", UserRole::Expert))
            },
            [A, F, F, F, F],
        ),
        (
            "remove_user",
            |d, u| d.service.remove_user(u, "spare"),
            [A, F, F, F, F],
        ),
        (
            "add_user_key",
            |d, u| d.service.add_user_key(u, "spare", KEY).map(drop),
            [A, F, F, F, F],
        ),
        (
            "set_cycle",
            |d, u| d.service.set_cycle(u, Cycle::default_2024(), "t"),
            [A, F, F, F, F],
        ),
        (
            "mark_evidence",
            |d, u| {
                d.service
                    .mark_evidence(u, &id(2), "E1", Some(true), None, 3)
                    .map(drop)
            },
            [A, F, F, F, F],
        ),
        (
            "decide_eligibility",
            |d, u| {
                let reject = EligibilityDecision::Reject {
                    reason: "资料不全".into(),
                };
                d.service
                    .decide_eligibility(u, &id(2), &reject, 3)
                    .map(drop)
            },
            [A, F, F, F, F],
        ),
        (
            "verify_audit",
            |d, u| d.service.verify_audit(u).map(drop),
            [A, F, F, F, A],
        ),
        (
            "users",
            |d, u| d.service.users(u).map(drop),
            [A, F, F, F, A],
        ),
        (
            "summaries",
            |d, u| d.service.summaries(u).map(drop),
            [A, A, A, A, A],
        ),
        (
            "application",
            |d, u| d.service.application(u, &id(1)).map(drop),
            [A, A, H, H, A],
        ),
        (
            "history",
            |d, u| d.service.history(u, &id(1)).map(drop),
            [A, A, H, H, A],
        ),
        (
            "declare_conflict (self)",
            |d, u| {
                d.service
                    .declare_conflict(u, &id(1), &u.name, "relative")
                    .map(drop)
            },
            [I, A, A, A, F],
        ),
        (
            "declare_conflict (for another)",
            |d, u| {
                d.service
                    .declare_conflict(u, &id(1), "spare", "relative")
                    .map(drop)
            },
            [A, F, F, F, F],
        ),
        (
            "conflicts_of",
            |d, u| d.service.conflicts_of(u, &id(1)).map(drop),
            [A, F, F, F, A],
        ),
        (
            "assign",
            |d, u| d.service.assign(u, &id(1), "wang"),
            [A, F, F, F, F],
        ),
        (
            "unassign",
            |d, u| d.service.unassign(u, &id(1), "zhang"),
            [A, F, F, F, F],
        ),
        (
            "assign_automatically",
            |d, u| d.service.assign_automatically(u, ACH, 5).map(drop),
            [A, F, F, F, F],
        ),
        (
            "assignments_of",
            |d, u| d.service.assignments_of(u, &id(1)).map(drop),
            [A, F, F, F, A],
        ),
        (
            "load_by_expert",
            |d, u| d.service.load_by_expert(u).map(drop),
            [A, F, F, F, A],
        ),
        (
            "save_review_draft",
            |d, u| {
                let expected = own_revision(d, u);
                d.service
                    .save_review_draft(u, &id(1), &review(&u.name, [19, 25, 40]), expected)
                    .map(drop)
            },
            [F, A, H, H, F],
        ),
        (
            "submit_review",
            |d, u| {
                let expected = own_revision(d, u).unwrap_or(1);
                d.service.submit_review(u, &id(1), ACH, expected).map(drop)
            },
            [F, A, H, H, F],
        ),
        (
            "reviews_of",
            |d, u| d.service.reviews_of(u, &id(1), ACH).map(drop),
            [A, A, H, H, A],
        ),
        (
            "aggregate",
            |d, u| d.service.aggregate(u, &id(1), ACH).map(drop),
            [A, F, F, F, A],
        ),
        (
            "advance (guard refuses: 2 of 3 experts)",
            |d, u| d.service.advance(u, &id(1), revision(d)).map(drop),
            [I, F, F, F, F],
        ),
        (
            "advance_many",
            |d, u| d.service.advance_many(u, &[id(1)]).map(drop),
            [A, F, F, F, F],
        ),
        (
            "send_back",
            |d, u| {
                d.service
                    .send_back(u, &id(1), "复议", revision(d))
                    .map(drop)
            },
            [A, F, F, F, F],
        ),
        (
            "reject_at_stage",
            |d, u| {
                d.service
                    .reject_at_stage(u, &id(1), "不符", revision(d))
                    .map(drop)
            },
            [A, F, F, F, F],
        ),
        (
            "set_written_score (not at the written exam)",
            |d, u| d.service.set_written_score(u, &id(1), 80),
            [I, F, F, F, F],
        ),
        (
            "import_written_csv (not at the written exam)",
            |d, u| {
                let file = format!("{},80\n", id(1));
                d.service
                    .import_written_csv(u, file.as_bytes(), "w.csv")
                    .map(drop)
            },
            [I, F, F, F, F],
        ),
        (
            "written_scores",
            |d, u| d.service.written_scores(u).map(drop),
            [A, F, F, F, A],
        ),
        (
            "score_lines",
            |d, u| d.service.score_lines(u, ACH).map(drop),
            [A, F, F, F, A],
        ),
        (
            "ranking",
            |d, u| d.service.ranking(u).map(drop),
            [A, F, F, F, A],
        ),
        (
            "tendencies",
            |d, u| d.service.tendencies(u, ACH).map(drop),
            [A, F, F, F, A],
        ),
        (
            "committee",
            |d, u| d.service.committee(u).map(drop),
            [A, F, F, F, A],
        ),
    ]
}

fn revision(d: &Desk) -> u64 {
    d.service
        .store()
        .application(&id(1))
        .unwrap()
        .unwrap()
        .revision
}

#[test]
fn every_operation_against_every_role() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (n, (name, op, expected)) in matrix().into_iter().enumerate() {
        for (role, want) in ROLES.into_iter().zip(expected) {
            let path = dir.path().join(format!("{n}-{role:?}"));
            let d = matrix_desk(&path);
            let u = actor(&d, role);
            let (before_state, before_head) = (state(&d), head(&d.service));
            let result = op(&d, &u);
            let got = match &result {
                Ok(()) => A,
                Err(ServiceError::Forbidden { .. }) => F,
                Err(ServiceError::NotFound(_)) => H,
                Err(
                    ServiceError::NotAnExpert(_)
                    | ServiceError::Guard { .. }
                    | ServiceError::NotAtStage { .. }
                    | ServiceError::Written { .. },
                ) => I,
                Err(other) => {
                    failures.push(format!("{name} as {role:?}: unexpected error {other}"));
                    continue;
                }
            };
            if got != want {
                failures.push(format!(
                    "{name} as {role:?}: expected {want:?}, got {got:?}"
                ));
                continue;
            }
            match got {
                A => {}
                F | I => {
                    if state(&d) != before_state || head(&d.service) != before_head {
                        failures.push(format!("{name} as {role:?}: a refusal wrote something"));
                    }
                }
                H => {
                    let entries = entries_after(&d.service, before_head);
                    let refused = entries.len() == 1
                        && entries[0].action == "access.refused"
                        && entries[0].actor == u.name
                        && entries[0].target == id(1);
                    if state(&d) != before_state || !refused {
                        failures.push(format!(
                            "{name} as {role:?}: expected only the audited refusal, got {entries:?}"
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn refusals_name_the_reason_kind_for_each_path() {
    let dir = tempfile::tempdir().unwrap();
    let d = matrix_desk(dir.path());
    let s = &d.service;
    let paths: [(&str, Op); 4] = [
        ("application", |d, u| {
            d.service.application(u, &id(1)).map(drop)
        }),
        ("history", |d, u| d.service.history(u, &id(1)).map(drop)),
        ("reviews_of", |d, u| {
            d.service.reviews_of(u, &id(1), ACH).map(drop)
        }),
        ("save_review_draft", |d, u| {
            let draft = Review::draft(&u.name, ACH);
            d.service
                .save_review_draft(u, &id(1), &draft, None)
                .map(drop)
        }),
    ];
    for (path, op) in paths {
        for (who, note) in [
            (&d.wang, "not assigned to this expert"),
            (&d.li, "conflict: same organization"),
        ] {
            let before = head(s);
            let error = op(&d, who).unwrap_err();
            assert!(
                matches!(error, ServiceError::NotFound(_)),
                "{path}: {error}"
            );
            assert_eq!(
                error.to_string(),
                format!("application {} not found", id(1))
            );
            let entries = entries_after(s, before);
            assert_eq!(entries.len(), 1, "{path}");
            assert_eq!(entries[0].note, note, "{path}");
            assert!(!entries[0].note.contains(desk::APPLICANT_ORG));
        }
    }
    assert_eq!(s.store().verify_audit().unwrap().first_bad, None);
}

#[test]
fn an_application_that_does_not_exist_looks_the_same_to_an_expert() {
    let dir = tempfile::tempdir().unwrap();
    let d = matrix_desk(dir.path());
    let before = head(&d.service);
    let error = d
        .service
        .application(&d.zhang, "2024-ZJ-I-9999")
        .unwrap_err();
    assert!(matches!(error, ServiceError::NotFound(_)));
    assert_eq!(
        entries_after(&d.service, before)[0].action,
        "access.refused"
    );
}
