//! The public notice through the service: opening it, complaints (late,
//! upheld, dismissed), concluding with certificates, the move guard,
//! certificate numbers across restarts and revocation, and who may do what.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod desk;

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use docket::domain::decision::HistoryAction;
use docket::domain::moves::GuardFailure;
use docket::domain::notice::{ComplaintState, NoticeError};
use docket::domain::{Stage, User, UserRole};
use docket::service::{Clock, Service, ServiceError};
use docket::store::{OpenOptions, StoreError};

use desk::{entries_after, head, id, move_to};

/// A clock the test moves.
struct Hands(Mutex<DateTime<Utc>>);

impl Clock for Hands {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl Hands {
    /// Noon in Beijing on `date`.
    fn set(&self, date: &str) {
        let day = d(date);
        *self.0.lock().unwrap() = Utc
            .from_utc_datetime(&day.and_hms_opt(4, 0, 0).unwrap())
            .to_utc();
    }
}

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

struct Setup {
    service: Service,
    hands: Arc<Hands>,
    admin: User,
}

fn users(service: &Service, admin: &User) {
    for (name, role) in [("zhao", UserRole::Supervisor), ("qian", UserRole::Expert)] {
        if service.user(name).is_err() {
            service.add_user(admin, &User::new(name, role)).unwrap();
        }
    }
}

/// A store whose clock reads `today`, with `count` applications at the
/// notice stage (numbered from `from`).
fn setup(dir: &Path, today: &str, from: usize, count: usize) -> Setup {
    let hands = Arc::new(Hands(Mutex::new(Utc::now())));
    hands.set(today);
    let service = Service::open(dir, &OpenOptions::default(), hands.clone())
        .unwrap()
        .service;
    let admin = service.default_user().unwrap();
    users(&service, &admin);
    let apps: Vec<_> = (from..from + count).map(common::application).collect();
    service
        .import(&admin, &apps, "t.json", &mut |_| {})
        .unwrap();
    for n in from..from + count {
        move_to(&service, &id(n), Stage::Notice);
    }
    Setup {
        service,
        hands,
        admin,
    }
}

fn stage(s: &Setup, n: usize) -> Stage {
    s.service.application(&s.admin, &id(n)).unwrap().value.stage
}

fn notice_error(error: ServiceError) -> NoticeError {
    match error {
        ServiceError::Notice(e) | ServiceError::Store(StoreError::Notice(e)) => e,
        other => panic!("expected a notice error, got {other}"),
    }
}

#[test]
fn a_notice_covers_the_notice_stage_and_runs_one_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let s = setup(dir.path(), "2024-02-07", 1, 3);
    move_to(&s.service, &id(3), Stage::Defense);

    // Starting on the eve of the Spring Festival: 02-08, 02-09, then the
    // adjusted Sunday 02-18, 02-19 and 02-20.
    let notice = s.service.open_notice(&s.admin, d("2024-02-08"), 5).unwrap();
    assert_eq!(notice.first_day, d("2024-02-08"));
    assert_eq!(notice.last_day, d("2024-02-20"));
    assert_eq!(notice.applications, vec![id(1), id(2)]);

    let again = s
        .service
        .open_notice(&s.admin, d("2024-02-19"), 5)
        .unwrap_err();
    assert!(again.to_string().contains("2024-02-20"), "{again}");
    assert!(matches!(
        notice_error(again),
        NoticeError::AlreadyRunning { id: 1, .. }
    ));

    let view = s.service.notice_view(&s.admin).unwrap().unwrap();
    assert_eq!(view.days_left, Some(5));
    s.hands.set("2024-02-19");
    let view = s.service.notice_view(&s.admin).unwrap().unwrap();
    assert_eq!(view.days_left, Some(2));
    assert_eq!(view.entries.len(), 2);
}

#[test]
fn nothing_at_the_notice_stage_and_an_unknown_year_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = setup(dir.path(), "2026-12-20", 1, 0);
    let refused = s
        .service
        .open_notice(&s.admin, d("2026-12-21"), 5)
        .unwrap_err();
    assert_eq!(notice_error(refused), NoticeError::NothingToNotice);

    s.service
        .import(&s.admin, &[common::application(1)], "t.json", &mut |_| {})
        .unwrap();
    move_to(&s.service, &id(1), Stage::Notice);
    let refused = s
        .service
        .open_notice(&s.admin, d("2026-12-28"), 5)
        .unwrap_err();
    assert!(refused.to_string().contains("2027"), "{refused}");
    assert!(s.service.notice_view(&s.admin).unwrap().is_none());
}

#[test]
fn complaints_are_late_upheld_or_dismissed_and_conclude_certifies_the_clean_ones() {
    let dir = tempfile::tempdir().unwrap();
    let s = setup(dir.path(), "2024-09-27", 1, 4);
    let sv = &s.service;
    // National Day 2024: 09-27, 09-29 (adjusted Sunday), 09-30, 10-08, 10-09.
    let notice = sv.open_notice(&s.admin, d("2024-09-27"), 5).unwrap();
    assert_eq!(notice.last_day, d("2024-10-09"));

    // Before the first day: refused, naming the application and dates.
    let early = sv
        .complain(&s.admin, &id(1), d("2024-09-26"), "x")
        .unwrap_err();
    assert!(early.to_string().contains(&id(1)), "{early}");
    assert!(
        sv.complain(&s.admin, "2024-XX-I-0001", d("2024-09-27"), "x")
            .is_err()
    );

    let future = sv
        .complain(&s.admin, &id(1), d("2024-09-29"), "x")
        .unwrap_err();
    assert!(
        future.to_string().contains("after today (2024-09-27)"),
        "{future}"
    );
    s.hands.set("2024-10-08");
    let upheld = sv
        .complain(&s.admin, &id(1), d("2024-09-29"), "获奖证书系伪造")
        .unwrap();
    let dismissed = sv
        .complain(&s.admin, &id(2), d("2024-09-30"), "单位不符")
        .unwrap();
    let open = sv
        .complain(&s.admin, &id(3), d("2024-10-08"), "培训学时不足")
        .unwrap();
    assert!(!upheld.late && !open.late);
    assert_ne!(upheld.id, dismissed.id);

    // The guard: the notice runs.
    let running = sv
        .advance(
            &s.admin,
            &id(4),
            sv.application(&s.admin, &id(4)).unwrap().revision,
        )
        .unwrap_err();
    assert!(matches!(
        running,
        ServiceError::Guard {
            failure: GuardFailure::NoticeRunning,
            ..
        }
    ));

    // A finding is required; then upheld cancels, with the finding kept.
    let bare = sv
        .resolve_complaint(&s.admin, upheld.id, ComplaintState::Upheld, " ")
        .unwrap_err();
    assert!(
        bare.to_string()
            .contains(&format!("complaint {}", upheld.id)),
        "{bare}"
    );
    let before = head(sv);
    sv.resolve_complaint(&s.admin, upheld.id, ComplaintState::Upheld, "经核实属实")
        .unwrap();
    assert_eq!(stage(&s, 1), Stage::Cancelled);
    let history = sv.history(&s.admin, &id(1)).unwrap();
    let last = history.entries.last().unwrap();
    assert_eq!(last.action, HistoryAction::Cancel);
    assert!(last.reason.as_deref().unwrap().contains("经核实属实"));
    let audit = entries_after(sv, before);
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "complaint.upheld");
    assert!(audit[0].note.contains("经核实属实"));
    let twice = sv
        .resolve_complaint(&s.admin, upheld.id, ComplaintState::Dismissed, "x")
        .unwrap_err();
    assert!(matches!(
        notice_error(twice),
        NoticeError::AlreadyResolved { .. }
    ));
    sv.resolve_complaint(
        &s.admin,
        dismissed.id,
        ComplaintState::Dismissed,
        "单位一致",
    )
    .unwrap();

    // Concluding on the last day is refused; the day after, it certifies.
    s.hands.set("2024-10-09");
    let early = sv.conclude_notice(&s.admin).unwrap_err();
    assert!(matches!(notice_error(early), NoticeError::NotOver { .. }));
    s.hands.set("2024-10-10");
    let late = sv
        .complain(&s.admin, &id(4), d("2024-10-10"), "迟到的投诉")
        .unwrap();
    assert!(late.late);
    sv.resolve_complaint(&s.admin, late.id, ComplaintState::Dismissed, "逾期且不实")
        .unwrap();

    let conclusion = sv.conclude_notice(&s.admin).unwrap();
    let certified: Vec<&str> = conclusion
        .certified
        .iter()
        .map(|(i, _)| i.as_str())
        .collect();
    assert_eq!(certified, vec![id(2).as_str(), id(4).as_str()]);
    assert_eq!(conclusion.held, vec![(id(3), 1)]);
    assert_eq!(stage(&s, 2), Stage::Certified);
    assert_eq!(stage(&s, 3), Stage::Notice);
    assert_eq!(stage(&s, 1), Stage::Cancelled);
    assert_eq!(conclusion.certified[0].1, "QKJ-2024-I-00001");
    assert_eq!(conclusion.certified[1].1, "QKJ-2024-I-00002");

    // The held application moves on once its complaint is dismissed,
    // through the same guard, and gets the next number.
    let held_revision = sv.application(&s.admin, &id(3)).unwrap().revision;
    let refused = sv.advance(&s.admin, &id(3), held_revision).unwrap_err();
    assert!(matches!(
        refused,
        ServiceError::Guard {
            failure: GuardFailure::ComplaintsOpen { open: 1 },
            ..
        }
    ));
    sv.resolve_complaint(&s.admin, open.id, ComplaintState::Dismissed, "不实")
        .unwrap();
    let certified = sv.advance(&s.admin, &id(3), held_revision).unwrap();
    // The move is not taken back: the certificate stays issued.
    let undo = sv
        .undo_move(
            &s.admin,
            &id(3),
            Stage::Notice,
            Stage::Certified,
            certified.revision,
        )
        .unwrap_err();
    assert!(
        undo.to_string()
            .contains("holds certificate QKJ-2024-I-00003"),
        "{undo}"
    );
    assert_eq!(stage(&s, 3), Stage::Certified);
    let certificates = sv.certificates(&s.admin).unwrap();
    let numbers: Vec<&str> = certificates
        .iter()
        .map(|c| c.certificate.number.as_str())
        .collect();
    assert_eq!(
        numbers,
        ["QKJ-2024-I-00001", "QKJ-2024-I-00002", "QKJ-2024-I-00003"]
    );
    assert_eq!(certificates[0].certificate.issued, d("2024-10-10"));

    // The notice is concluded: a new complaint has nowhere to go.
    let none = sv
        .complain(&s.admin, &id(2), d("2024-10-11"), "x")
        .unwrap_err();
    assert_eq!(notice_error(none), NoticeError::NoneRunning);
    let view = sv.notice_view(&s.admin).unwrap().unwrap();
    assert_eq!(view.days_left, Some(0));
    assert_eq!(view.complaints.len(), 4);
}

#[test]
fn an_application_on_no_notice_has_not_started() {
    let dir = tempfile::tempdir().unwrap();
    let s = setup(dir.path(), "2024-03-04", 1, 1);
    let revision = s.service.application(&s.admin, &id(1)).unwrap().revision;
    let refused = s.service.advance(&s.admin, &id(1), revision).unwrap_err();
    assert!(matches!(
        refused,
        ServiceError::Guard {
            failure: GuardFailure::NoticeNotStarted,
            ..
        }
    ));
}

#[test]
fn certificate_numbers_continue_across_restarts_and_are_never_reused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let s = setup(dir.path(), "2025-01-20", 1, 2);
        s.service.open_notice(&s.admin, d("2025-01-20"), 5).unwrap();
        // 2025-01-20..24: the notice ends on Friday.
        s.hands.set("2025-01-26");
        let conclusion = s.service.conclude_notice(&s.admin).unwrap();
        assert_eq!(conclusion.certified.len(), 2);
        let revoked = s
            .service
            .revoke(&s.admin, &id(2), d("2025-01-27"), "受到行政处罚")
            .unwrap();
        assert_eq!(revoked.number, "QKJ-2024-I-00002");
        assert_eq!(stage(&s, 2), Stage::Revoked);
        let again = s
            .service
            .revoke(&s.admin, &id(2), d("2025-01-28"), "x")
            .unwrap_err();
        assert!(again.to_string().contains(&id(2)), "{again}");
    }
    let s = setup(dir.path(), "2025-02-05", 3, 1);
    s.service.open_notice(&s.admin, d("2025-02-05"), 1).unwrap();
    s.hands.set("2025-02-06");
    let conclusion = s.service.conclude_notice(&s.admin).unwrap();
    assert_eq!(
        conclusion.certified,
        vec![(id(3), "QKJ-2024-I-00003".into())]
    );

    let certificates = s.service.certificates(&s.admin).unwrap();
    assert_eq!(certificates.len(), 3);
    let revoked = certificates
        .iter()
        .find(|c| c.certificate.application == id(2))
        .unwrap();
    let revocation = revoked.certificate.revoked.as_ref().unwrap();
    assert_eq!(revocation.date, d("2025-01-27"));
    assert_eq!(revocation.reason, "受到行政处罚");
    let history = s.service.history(&s.admin, &id(2)).unwrap();
    assert_eq!(
        history.entries.last().unwrap().action,
        HistoryAction::Revoke
    );
    assert!(
        s.service
            .verify_audit(&s.admin)
            .unwrap()
            .first_bad
            .is_none()
    );
}

#[test]
fn only_the_secretariat_writes_and_experts_read_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let s = setup(dir.path(), "2024-03-04", 1, 1);
    let sv = &s.service;
    let zhao = sv.user("zhao").unwrap();
    let qian = sv.user("qian").unwrap();
    for who in [&zhao, &qian] {
        let refused = sv.open_notice(who, d("2024-03-04"), 5).unwrap_err();
        assert!(
            matches!(refused, ServiceError::Forbidden { .. }),
            "{refused}"
        );
    }
    let notice = sv.open_notice(&s.admin, d("2024-03-04"), 5).unwrap();
    let complaint = sv
        .complain(&s.admin, &id(1), d("2024-03-04"), "内容")
        .unwrap();
    for who in [&zhao, &qian] {
        assert!(sv.complain(who, &id(1), d("2024-03-05"), "x").is_err());
        assert!(
            sv.resolve_complaint(who, complaint.id, ComplaintState::Dismissed, "x")
                .is_err()
        );
        assert!(sv.conclude_notice(who).is_err());
        assert!(sv.revoke(who, &id(1), d("2024-03-05"), "x").is_err());
    }
    // Supervisors read the notice, its complaints and certificates.
    let view = sv.notice_view(&zhao).unwrap().unwrap();
    assert_eq!(view.notice.id, notice.id);
    assert_eq!(view.complaints.len(), 1);
    assert!(sv.certificates(&zhao).unwrap().is_empty());
    // Experts do not.
    let refused = sv.notice_view(&qian).unwrap_err();
    assert!(
        refused.to_string().contains("qian (expert) may not"),
        "{refused}"
    );
    assert!(sv.certificates(&qian).is_err());
}

#[test]
fn an_upheld_complaint_on_an_application_no_longer_on_notice_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let s = setup(dir.path(), "2024-03-04", 1, 1);
    let sv = &s.service;
    sv.open_notice(&s.admin, d("2024-03-04"), 5).unwrap();
    let complaint = sv
        .complain(&s.admin, &id(1), d("2024-03-04"), "内容")
        .unwrap();
    move_to(sv, &id(1), Stage::Withdrawn);
    let before = head(sv);
    let refused = sv
        .resolve_complaint(&s.admin, complaint.id, ComplaintState::Upheld, "属实")
        .unwrap_err();
    assert!(refused.to_string().contains(&id(1)), "{refused}");
    assert_eq!(head(sv), before);
    let stored = sv.store().complaint(complaint.id).unwrap().unwrap();
    assert_eq!(stored.value.state, ComplaintState::Open);
    assert_eq!(stored.revision, 1);
    assert_eq!(stage(&s, 1), Stage::Withdrawn);
}
