use chrono::NaiveDate;

use super::*;

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn notice() -> Notice {
    Notice {
        id: 1,
        start: d("2024-02-08"),
        first_day: d("2024-02-08"),
        last_day: d("2024-02-20"),
        days: 5,
        applications: vec!["A".into(), "B".into()],
        status: NoticeStatus::Running,
        concluded_on: None,
    }
}

fn complaint(application: &str, state: ComplaintState) -> Complaint {
    Complaint {
        id: 7,
        notice: 1,
        application: application.into(),
        received: d("2024-02-09"),
        content: "text".into(),
        late: false,
        state,
        finding: None,
        recorded_by: "admin".into(),
        resolved_by: None,
    }
}

#[test]
fn a_complaint_after_the_last_day_is_late_and_one_before_day_one_refused() {
    let n = notice();
    assert_eq!(
        check_complaint(
            &n,
            "A",
            (d("2024-02-20"), d("2024-02-21")),
            "  forged award "
        ),
        Ok(("forged award".into(), false))
    );
    assert_eq!(
        check_complaint(&n, "A", (d("2024-02-21"), d("2024-02-21")), "x"),
        Ok(("x".into(), true))
    );
    assert!(matches!(
        check_complaint(&n, "A", (d("2024-02-07"), d("2024-02-21")), "x"),
        Err(NoticeError::BeforeFirstDay { .. })
    ));
    assert!(matches!(
        check_complaint(&n, "C", (d("2024-02-09"), d("2024-02-21")), "x"),
        Err(NoticeError::NotOnNotice { .. })
    ));
    assert!(matches!(
        check_complaint(&n, "A", (d("2024-02-09"), d("2024-02-08")), "x"),
        Err(NoticeError::ReceivedLater { .. })
    ));
    assert_eq!(
        check_complaint(&n, "A", (d("2024-02-09"), d("2024-02-21")), "  "),
        Err(NoticeError::EmptyContent {
            application: "A".into()
        })
    );
}

#[test]
fn the_state_for_the_guard_runs_until_the_last_day_is_over() {
    let n = notice();
    let complaints = [
        complaint("A", ComplaintState::Open),
        complaint("A", ComplaintState::Dismissed),
        complaint("B", ComplaintState::Upheld),
    ];
    assert_eq!(
        n.state_for("A", &complaints, d("2024-02-20")),
        NoticeState::Running
    );
    assert_eq!(
        n.state_for("A", &complaints, d("2024-02-21")),
        NoticeState::Ended { open: 1, upheld: 0 }
    );
    assert_eq!(
        n.state_for("B", &complaints, d("2024-02-21")),
        NoticeState::Ended { open: 0, upheld: 1 }
    );
}

#[test]
fn resolutions_need_an_open_complaint_and_a_finding() {
    let open = complaint("A", ComplaintState::Open);
    assert_eq!(
        check_resolution(&open, ComplaintState::Dismissed, " unfounded "),
        Ok("unfounded".into())
    );
    assert!(matches!(
        check_resolution(&open, ComplaintState::Upheld, ""),
        Err(NoticeError::Finding { id: 7, .. })
    ));
    assert!(matches!(
        check_resolution(&open, ComplaintState::Open, "x"),
        Err(NoticeError::NotAResolution { id: 7 })
    ));
    let done = complaint("A", ComplaintState::Dismissed);
    assert!(matches!(
        check_resolution(&done, ComplaintState::Upheld, "x"),
        Err(NoticeError::AlreadyResolved { id: 7, .. })
    ));
}

#[test]
fn certificate_numbers_and_revocation_checks() {
    let series = certificate_series("QKJ", 2024, Level::Specialist);
    assert_eq!(certificate_number(&series, 42), "QKJ-2024-P-00042");
    let mut certificate = Certificate {
        number: "QKJ-2024-P-00042".into(),
        application: "A".into(),
        level: Level::Specialist,
        year: 2024,
        sequence: 42,
        issued: d("2024-03-01"),
        revoked: None,
    };
    assert_eq!(
        check_revocation(Stage::Certified, Some(&certificate), "A", " penalty "),
        Ok("penalty".into())
    );
    assert!(matches!(
        check_revocation(Stage::Notice, Some(&certificate), "A", "x"),
        Err(NoticeError::NotCertified { .. })
    ));
    assert!(matches!(
        check_revocation(Stage::Certified, None, "A", "x"),
        Err(NoticeError::NoCertificate { .. })
    ));
    certificate.revoked = Some(Revocation {
        date: d("2024-05-01"),
        reason: "x".into(),
        by: "admin".into(),
    });
    assert!(matches!(
        check_revocation(Stage::Certified, Some(&certificate), "A", "x"),
        Err(NoticeError::AlreadyRevoked { .. })
    ));
}
