//! The notice screen driven by keys over the demo (as `docket demo` sets it
//! up: a notice over 2024-05-27..31 by the test clock, complaints open,
//! dismissed and late): the secretariat records, upholds and concludes;
//! a supervisor reads; an expert is refused. Snapshots in both languages.

use std::sync::Arc;

use crate::domain::Stage;
use crate::domain::notice::ComplaintState;
use crate::service::Service;

use super::testkit::{
    applications, audit_head, audit_since, options, press, screen, service_with, t0,
};
use super::{App, Lang};

const NARROW: (u16, u16) = (80, 24);

struct Desk {
    _dir: tempfile::TempDir,
    service: Arc<Service>,
    app: App,
}

fn desk_as(name: Option<&str>, lang: Lang) -> Desk {
    let (dir, service, admin) = service_with(&applications());
    crate::cli::demo_experts(&service, &admin).unwrap();
    let user = name.map_or(admin, |n| service.user(n).unwrap());
    let app = App::new(service.clone(), user, options(lang), NARROW).unwrap();
    Desk {
        _dir: dir,
        service,
        app,
    }
}

impl Desk {
    fn press(&mut self, keys: &str) {
        press(&mut self.app, keys, t0());
    }

    fn text(&mut self) -> String {
        screen(&mut self.app, NARROW).join("\n")
    }

    fn stage(&self, id: &str) -> Stage {
        self.service
            .store()
            .application(id)
            .unwrap()
            .unwrap()
            .value
            .stage
    }
}

#[test]
fn the_secretariat_records_upholds_and_concludes_by_keys() {
    let mut d = desk_as(None, Lang::En);
    d.press("P");
    let text = d.text();
    assert!(
        text.contains("2024-05-27 to 2024-05-31 (5 working days)  ended"),
        "{text}"
    );
    assert!(text.contains("3 complaint(s)"), "{text}");
    assert!(text.contains("late"), "{text}");

    // A complaint about the first applicant, received today (06-01).
    let before = audit_head(&d.service);
    d.press("c");
    let prompt = d.text();
    assert!(
        prompt.contains("Complaint 2024-FJ-J-0002 2024-06-01:"),
        "{prompt}"
    );
    d.press("Forged award<Enter>");
    let written = audit_since(&d.service, before);
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].action, "complaint.record");
    assert_eq!(written[0].target, "2024-FJ-J-0002");
    assert!(
        d.text()
            .contains("Complaint 4 about 2024-FJ-J-0002 recorded, late")
    );

    // Uphold the second applicant's late complaint: cancelled.
    d.press("<Esc>ju");
    assert!(d.text().contains("Uphold 3, cancel 2024-JS-J-0002:"));
    d.press("<Enter>");
    assert!(d.text().contains("a reason is required"), "{}", d.text());
    d.press("Confirmed<Enter>");
    assert_eq!(d.stage("2024-JS-J-0002"), Stage::Cancelled);
    let complaints = d.service.store().complaints().unwrap();
    assert_eq!(complaints[2].value.state, ComplaintState::Upheld);

    // A third applicant has no open complaint to dismiss.
    d.press("<Esc>jd");
    assert!(d.text().contains("2024-SC-I-0001 has no open complaint"));

    // Conclude: Cancel is chosen first, so Enter alone does nothing.
    d.press("<Esc>E");
    assert_eq!(
        d.app.confirm_question().as_deref(),
        Some("Conclude the notice and certify 3 applicant(s)?")
    );
    d.press("<Enter>");
    assert_eq!(d.stage("2024-SC-I-0001"), Stage::Notice);
    d.press("<Esc>Ey");
    assert!(
        d.text().contains("Notice concluded: 3 certified, 2 held"),
        "{}",
        d.text()
    );
    for id in ["2024-SC-I-0001", "2024-SD-I-0003", "2024-SD-J-0001"] {
        assert_eq!(d.stage(id), Stage::Certified, "{id}");
    }
    assert_eq!(d.stage("2024-ZJ-S-0001"), Stage::Notice);
    assert!(d.text().contains("concluded"));

    // The certified application shows its certificate, then its revocation.
    let id = "2024-SC-I-0001";
    let number = d
        .service
        .store()
        .certificate(id)
        .unwrap()
        .unwrap()
        .value
        .number;
    d.press("<Esc><Esc>");
    d.press(&format!(":goto {id}<Enter><Enter>"));
    let text = d.text();
    let line = text
        .lines()
        .find(|l| l.contains(&number))
        .unwrap_or_default();
    assert!(line.trim_start().starts_with("Certificate "), "{text}");
    assert!(
        line.contains("2024-06-01") && !line.contains("revoked"),
        "{line}"
    );
    let admin = d.service.default_user().unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
    d.service.revoke(&admin, id, day, "Forged award").unwrap();
    d.app.handle(super::Event::DataChanged, t0());
    let text = d.text();
    let line = text
        .lines()
        .find(|l| l.contains(&number))
        .unwrap_or_default();
    assert!(line.contains("revoked 2024-06-01"), "{text}");
}

#[test]
fn a_supervisor_reads_and_an_expert_is_refused() {
    let mut d = desk_as(Some("sun.yu"), Lang::Zh);
    d.press(":notice<Enter>");
    assert!(
        d.text().contains("公示期 2024-05-27 至 2024-05-31"),
        "{}",
        d.text()
    );
    let before = audit_head(&d.service);
    d.press("c");
    assert!(d.text().contains("角色只能查看公示"), "{}", d.text());
    d.press("<Esc>Ey");
    assert_eq!(audit_head(&d.service), before);
    assert_eq!(d.stage("2024-SC-I-0001"), Stage::Notice);

    let mut e = desk_as(Some("li.wei"), Lang::En);
    e.press("P");
    e.press(":notice<Enter>");
    let text = e.text();
    assert!(!text.contains("2024-05-27"), "{text}");
    assert!(
        text.contains("the expert role may not see the notice"),
        "{text}"
    );
}

#[test]
fn notice_zh_80x24() {
    let mut d = desk_as(None, Lang::Zh);
    d.press("P");
    insta::assert_snapshot!(d.text());
}

#[test]
fn notice_en_80x24() {
    let mut d = desk_as(None, Lang::En);
    d.press("Pj");
    insta::assert_snapshot!(d.text());
}

#[test]
fn the_notice_tab_marks_complaints_and_follows_new_ones() {
    let mut d = desk_as(None, Lang::En);
    d.press("5");
    let row = |text: &str, id: &str| {
        text.lines()
            .find(|l| l.contains(id))
            .unwrap_or_default()
            .to_owned()
    };
    let text = d.text();
    assert!(row(&text, "2024-JS-J-0002").contains("1 open"), "{text}");
    assert!(row(&text, "2024-SD-J-0001").contains("resolved"), "{text}");
    assert!(!row(&text, "2024-FJ-J-0002").contains("open"), "{text}");

    d.press("Pc");
    d.press("Anonymous letter<Enter><Esc><Esc>");
    let text = d.text();
    assert!(row(&text, "2024-FJ-J-0002").contains("1 open"), "{text}");

    // An expert's queue has no counts to show.
    let e = desk_as(Some("li.wei"), Lang::En);
    assert!(e.service.complaint_counts(&e.app.user).is_err());
}
