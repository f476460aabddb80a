//! The eligibility review driven by keys, as a reviewer works: each test
//! presses keys on an app over the demo fixture (with the demo's cycle)
//! and checks what the store, the history and the audit log then hold.

use std::sync::Arc;

use crate::domain::decision::HistoryAction;
use crate::domain::{Stage, User, UserRole, Verdict};
use crate::service::Service;
use crate::store::AuditEntry;

use super::testkit::{
    applications, audit_head, audit_since, options, press, screen, select_row, service_with, t0,
};
use super::{App, Lang, ScreenKind};

const NARROW: (u16, u16) = (80, 24);
const WIDE: (u16, u16) = (160, 48);

struct Desk {
    _dir: tempfile::TempDir,
    service: Arc<Service>,
    app: App,
}

fn desk_as(role: Option<UserRole>, lang: Lang, size: (u16, u16)) -> Desk {
    let (dir, service, admin) = service_with(&applications());
    let user = match role {
        None => admin,
        Some(role) => {
            let user = User::new("zhao", role);
            service.add_user(&admin, &user).unwrap();
            user
        }
    };
    let app = App::new(service.clone(), user, options(lang), size).unwrap();
    Desk {
        _dir: dir,
        service,
        app,
    }
}

fn desk() -> Desk {
    desk_as(None, Lang::Zh, NARROW)
}

impl Desk {
    fn press(&mut self, keys: &str) {
        press(&mut self.app, keys, t0());
    }

    fn admin(&self) -> User {
        self.service.user("admin").unwrap()
    }

    fn stage(&self, id: &str) -> Stage {
        self.service
            .application(&self.admin(), id)
            .unwrap()
            .value
            .stage
    }

    fn revision(&self, id: &str) -> u64 {
        self.service
            .application(&self.admin(), id)
            .unwrap()
            .revision
    }

    fn audit_seq(&self) -> u64 {
        audit_head(&self.service)
    }

    /// Audit entries written after `seq`.
    fn audit_since(&self, seq: u64) -> Vec<AuditEntry> {
        audit_since(&self.service, seq)
    }

    /// Selects a row of the queue's current tab by id.
    fn select(&mut self, id: &str) {
        select_row(&mut self.app, id);
    }

    fn message(&self) -> String {
        self.app.message().unwrap_or_default().to_owned()
    }
}

fn entry(entry: &AuditEntry) -> (&str, &str, &str, &str) {
    (
        entry.actor.as_str(),
        entry.action.as_str(),
        entry.target.as_str(),
        entry.note.as_str(),
    )
}

#[test]
fn a_approves_the_selected_row_and_the_next_one_takes_its_place() {
    let mut d = desk();
    d.select("2024-GD-I-0002");
    let (row, len) = d.app.position();
    let seq = d.audit_seq();

    d.press("a");

    assert_eq!(d.stage("2024-GD-I-0002"), Stage::Achievement);
    assert_eq!(d.app.position(), (row, len - 1), "the cursor keeps its row");
    assert_eq!(d.app.selected_id(), Some("2024-GD-J-0002"));
    assert!(
        d.message()
            .contains("已通过 2024-GD-I-0002 -> 业绩和成果评审"),
        "{}",
        d.message()
    );
    let tabs = screen(&mut d.app, NARROW)[0].clone();
    assert!(
        tabs.contains("资格审查[25]") && tabs.contains("业绩评审[12]"),
        "{tabs}"
    );
    let history = d.service.history(&d.admin(), "2024-GD-I-0002").unwrap();
    let decision = history.last_decision().unwrap();
    assert_eq!(
        (decision.action, decision.by.as_str()),
        (HistoryAction::Approve, "admin")
    );
    let audit = d.audit_since(seq);
    assert_eq!(audit.len(), 1);
    assert_eq!(
        entry(&audit[0]),
        ("admin", "eligibility.approve", "2024-GD-I-0002", "")
    );
}

#[test]
fn a_on_a_verdict_that_is_not_eligible_says_to_override_and_changes_nothing() {
    let mut d = desk();
    d.select("2024-BJ-S-0005");
    let seq = d.audit_seq();
    d.press("a");
    assert!(d.message().contains("o 改判"), "{}", d.message());
    assert_eq!(d.stage("2024-BJ-S-0005"), Stage::Eligibility);
    assert_eq!(d.revision("2024-BJ-S-0005"), 1);
    assert_eq!(d.audit_seq(), seq);
    assert_eq!(d.app.selected_id(), Some("2024-BJ-S-0005"));
}

#[test]
fn on_the_application_screen_a_approves_and_opens_the_next_within_three_keys() {
    let mut d = desk();
    d.press(":verdict eligible<Enter>");
    assert_eq!(d.app.verdict_filter(), Some(Verdict::Eligible));
    let eligible: Vec<String> = d
        .service
        .summaries(&d.admin())
        .unwrap()
        .into_iter()
        .filter(|s| s.stage == Stage::Eligibility && s.verdict == Verdict::Eligible)
        .map(|s| s.id)
        .collect();
    assert_eq!(eligible.len(), 7);

    // Open the first, then one key per application.
    d.press("<Enter>");
    for (i, id) in eligible.iter().enumerate() {
        assert_eq!(d.app.open_id(), Some(id.as_str()), "application {i}");
        let keys = "a";
        assert!(
            super::testkit::keys(keys).len() <= 3,
            "approve-and-next takes at most 3 keys"
        );
        d.press(keys);
        assert_ne!(d.stage(id), Stage::Eligibility, "{id}");
    }
    // Exceptional senior and junior go straight to the notice.
    assert_eq!(d.stage("2024-SH-S-0001"), Stage::Notice);
    assert_eq!(d.stage("2024-JS-J-0001"), Stage::Notice);
    assert_eq!(d.stage("2024-YN-J-0001"), Stage::Achievement);
    // Nothing eligible is left: back on the queue, which says so.
    assert_eq!(d.app.screen(), ScreenKind::Queue);
    assert_eq!(d.app.position(), (0, 0));
    assert!(
        d.message().contains("资格审查列表已处理完"),
        "{}",
        d.message()
    );
}

#[test]
fn the_next_application_opens_after_any_decision_and_the_message_says_what_happened() {
    let mut d = desk();
    d.select("2024-ZJ-I-0002");
    d.press("<Enter>o转岗前培训证书已补交<Enter>");
    assert_eq!(d.stage("2024-ZJ-I-0002"), Stage::Achievement);
    assert_eq!(d.app.screen(), ScreenKind::Application);
    assert_eq!(d.app.open_id(), Some("2024-ZJ-I-0003"));
    assert!(
        d.message().contains("已改判通过 2024-ZJ-I-0002"),
        "{}",
        d.message()
    );
}

#[test]
fn r_asks_a_reason_then_confirms_with_cancel_chosen_first() {
    let mut d = desk();
    let id = "2024-ZJ-I-0002";
    d.select(id);
    let seq = d.audit_seq();

    d.press("r");
    assert_eq!(d.app.prompt_text().as_deref(), Some("驳回的理由："));
    d.press("<Enter>");
    assert!(d.message().contains("请填写理由"), "{}", d.message());
    assert_eq!(d.app.confirm_question(), None, "no dialog without a reason");
    d.press("培训学时不足<Enter>");
    assert_eq!(
        d.app.confirm_question().as_deref(),
        Some("驳回 2024-ZJ-I-0002 刘芳？")
    );
    assert_eq!(d.app.reject_chosen(), Some(false), "Cancel is chosen first");
    let dialog = screen(&mut d.app, NARROW).join("\n");
    assert!(dialog.contains("[ 取消 ]  [ 驳回 ]"), "{dialog}");
    assert!(dialog.contains("理由：培训学时不足"), "{dialog}");

    // Enter on the default cancels and changes nothing.
    d.press("<Enter>");
    assert_eq!(d.app.confirm_question(), None);
    assert!(d.message().contains("已取消"), "{}", d.message());
    assert_eq!(d.stage(id), Stage::Eligibility);
    assert_eq!(d.audit_seq(), seq);

    // Choosing Reject with Tab, then Enter, rejects.
    d.press("r培训学时不足<Enter><Tab>");
    assert_eq!(d.app.reject_chosen(), Some(true));
    d.press("<Enter>");
    assert_eq!(d.stage(id), Stage::Rejected);
    let history = d.service.history(&d.admin(), id).unwrap();
    assert_eq!(history.rejected_from, Some(Stage::Eligibility));
    assert_eq!(
        history.last_decision().unwrap().reason.as_deref(),
        Some("培训学时不足")
    );
    let audit = d.audit_since(seq);
    assert_eq!(
        audit.iter().map(entry).collect::<Vec<_>>(),
        [("admin", "eligibility.reject", id, "培训学时不足")]
    );
    assert!(
        d.message().contains("已驳回 2024-ZJ-I-0002"),
        "{}",
        d.message()
    );
    assert_ne!(d.app.selected_id(), Some(id));
}

#[test]
fn y_confirms_a_rejection_and_esc_cancels_it() {
    let mut d = desk();
    d.select("2024-SC-J-0001");
    d.press("r没有业绩<Enter><Esc>");
    assert_eq!(d.stage("2024-SC-J-0001"), Stage::Eligibility);
    d.press("r没有业绩<Enter>y");
    assert_eq!(d.stage("2024-SC-J-0001"), Stage::Rejected);
}

#[test]
fn o_needs_a_reason_and_keeps_the_prompt_until_it_has_one() {
    let mut d = desk();
    let id = "2024-BJ-S-0005";
    d.select(id);
    let seq = d.audit_seq();
    d.press("o");
    assert_eq!(d.app.prompt_text().as_deref(), Some("改判通过的理由："));
    d.press("<Enter>");
    assert!(d.message().contains("请填写理由"), "{}", d.message());
    assert!(d.app.prompt_text().is_some(), "the prompt stays open");
    assert_eq!(d.stage(id), Stage::Eligibility);
    assert_eq!(d.audit_seq(), seq);
    // The refusal shows above the prompt while typing goes on.
    let lines = screen(&mut d.app, NARROW);
    assert!(lines[22].contains("请填写理由"), "{lines:?}");
    assert!(lines[23].starts_with("改判通过的理由："), "{lines:?}");

    d.press("中级证书 2022 年已取得，系统未录入<Enter>");
    assert_eq!(d.stage(id), Stage::Achievement);
    let audit = d.audit_since(seq);
    assert_eq!(
        audit.iter().map(entry).collect::<Vec<_>>(),
        [(
            "admin",
            "eligibility.override",
            id,
            "中级证书 2022 年已取得，系统未录入"
        )]
    );
    assert!(d.message().contains("已改判通过"), "{}", d.message());
}

#[test]
fn o_on_an_eligible_verdict_says_approve_instead() {
    let mut d = desk();
    d.select("2024-GD-I-0002");
    d.press("o");
    assert_eq!(d.app.prompt_text(), None);
    assert!(d.message().contains("a 通过"), "{}", d.message());
}

#[test]
fn marking_evidence_re_evaluates_the_verdict_at_once() {
    let mut d = desk_as(None, Lang::Zh, WIDE);
    let id = "2024-YN-J-0001";
    d.press(&format!(":goto {id}<Enter>"));
    assert_eq!(d.app.open_verdict(), Some(Verdict::Eligible));
    // The achievements rest on E1 alone: select the criterion, see E1 marked.
    d.press("jjjj");
    let shown = screen(&mut d.app, WIDE).join("\n");
    assert!(shown.contains("> + 业绩成果"), "{shown}");
    assert!(shown.contains("* ? E1 课题研究"), "{shown}");
    assert!(shown.contains("  ? E2 指导学生获奖"), "{shown}");

    // The evidence pane: E2 first (guiding students), then E1.
    d.press("<Tab>j");
    assert_eq!(d.app.selected_evidence(), Some("E1"));
    let seq = d.audit_seq();
    d.press("x");
    assert_eq!(d.app.prompt_text().as_deref(), Some("不予认可 E1 的理由："));
    d.press("<Esc>");
    assert_eq!(d.app.prompt_text(), None, "Esc keeps nothing");
    assert_eq!(d.audit_seq(), seq);

    d.press("x课题结题证明缺失<Enter>");
    assert_eq!(d.app.open_verdict(), Some(Verdict::Ineligible));
    assert!(
        d.message().contains("E1 不予认可；资格：不符合条件"),
        "{}",
        d.message()
    );
    let record = d.service.application(&d.admin(), id).unwrap();
    assert_eq!(record.value.evidence[0].verified, Some(false));
    let history = d.service.history(&d.admin(), id).unwrap();
    assert_eq!(history.evidence_reason("E1"), Some("课题结题证明缺失"));
    let summary = d
        .service
        .summaries(&d.admin())
        .unwrap()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap();
    assert_eq!(summary.verdict, Verdict::Ineligible);
    let shown = screen(&mut d.app, WIDE).join("\n");
    assert!(shown.contains("资格：不符合条件"), "{shown}");
    assert!(shown.contains("理由：课题结题证明缺失"), "{shown}");
    assert!(shown.contains("x 业绩成果"), "{shown}");

    d.press("v");
    assert_eq!(d.app.open_verdict(), Some(Verdict::Eligible));
    d.press("c");
    assert_eq!(
        d.service
            .application(&d.admin(), id)
            .unwrap()
            .value
            .evidence[0]
            .verified,
        None
    );
    let audit = d.audit_since(seq);
    let target = format!("{id}/E1");
    assert_eq!(
        audit.iter().map(entry).collect::<Vec<_>>(),
        [
            (
                "admin",
                "evidence.reject_evidence",
                target.as_str(),
                "课题结题证明缺失"
            ),
            ("admin", "evidence.verify_evidence", target.as_str(), ""),
            ("admin", "evidence.clear_evidence", target.as_str(), ""),
        ]
    );

    // The queue's row follows: back on the queue it reads eligible again.
    d.press("<Esc><Esc>");
    let row = screen(&mut d.app, WIDE)
        .into_iter()
        .find(|l| l.starts_with(&format!(" {id}")))
        .unwrap();
    assert!(row.contains("符合 + + + +   +"), "{row}");
}

#[test]
fn the_verdict_filter_cycles_and_composes_with_the_text_filter() {
    let mut d = desk();
    let count = |d: &Desk, verdict: Verdict| {
        d.service
            .summaries(&d.admin())
            .unwrap()
            .iter()
            .filter(|s| s.stage == Stage::Eligibility && s.verdict == verdict)
            .count()
    };
    let expected = [
        (Some(Verdict::Ineligible), count(&d, Verdict::Ineligible)),
        (Some(Verdict::NeedsReview), count(&d, Verdict::NeedsReview)),
        (Some(Verdict::Eligible), count(&d, Verdict::Eligible)),
        (None, 26),
    ];
    for (verdict, rows) in expected {
        d.press("f");
        assert_eq!(d.app.verdict_filter(), verdict);
        assert_eq!(d.app.position().1, rows, "{verdict:?}");
    }
    d.press("f");
    let header = screen(&mut d.app, NARROW)[2].clone();
    assert!(header.contains("不符合条件 17/26"), "{header}");

    d.press("/浙江<Enter>");
    let header = screen(&mut d.app, NARROW)[2].clone();
    assert!(header.contains("不符合条件 3/5"), "{header}");
    d.press("<Esc>:verdict needs_review<Enter>");
    assert_eq!(d.app.verdict_filter(), Some(Verdict::NeedsReview));
    assert_eq!(d.app.position().1, 2);
    d.press(":verdict maybe<Enter>");
    assert!(d.message().contains(":verdict"), "{}", d.message());
    d.press("<Esc>2f");
    assert_eq!(d.app.tab(), 0, "f shows the eligibility tab");
    d.press(":verdict all<Enter>");
    assert_eq!((d.app.verdict_filter(), d.app.position().1), (None, 26));
}

#[test]
fn a_supervisor_is_refused_everything_and_offered_no_decision_keys() {
    let mut d = desk_as(Some(UserRole::Supervisor), Lang::Zh, NARROW);
    let seq = d.audit_seq();
    let footer = screen(&mut d.app, NARROW)[23].clone();
    assert!(
        !footer.contains("a 通过") && !footer.contains("r 驳回"),
        "{footer}"
    );
    d.select("2024-GD-I-0002");
    d.press("a");
    assert!(
        d.message().contains("监督不能进行资格审查"),
        "{}",
        d.message()
    );
    d.press("<Esc>o");
    assert_eq!(d.app.prompt_text(), None, "no reason is asked for in vain");
    d.press("<Esc>r");
    assert_eq!(d.app.prompt_text(), None);
    d.press("<Esc><Enter><Tab>");
    let footer = screen(&mut d.app, NARROW)[23].clone();
    assert!(!footer.contains("v 核实"), "{footer}");
    d.press("v");
    assert!(
        d.message().contains("监督不能进行资格审查"),
        "{}",
        d.message()
    );
    d.press("<Esc>x");
    assert_eq!(d.app.prompt_text(), None);
    assert_eq!(d.stage("2024-GD-I-0002"), Stage::Eligibility);
    assert_eq!(d.revision("2024-GD-I-0002"), 1);
    assert_eq!(d.audit_seq(), seq, "nothing was written");
}

#[test]
fn a_stale_save_names_who_saved_and_keeps_the_reason_for_another_try() {
    let mut d = desk();
    let id = "2024-ZJ-I-0002";
    d.press(&format!(":goto {id}<Enter>"));
    // Someone else saves the application meanwhile.
    let li = User::new("li", UserRole::Secretariat);
    d.service.add_user(&d.admin(), &li).unwrap();
    d.service
        .mark_evidence(&li, id, "E1", Some(true), None, 1)
        .unwrap();

    d.press("o补交材料<Enter>");
    assert!(d.message().contains("li"), "{}", d.message());
    assert!(d.message().contains("第 2 版"), "{}", d.message());
    assert_eq!(
        d.app.prompt_text().as_deref(),
        Some("改判通过的理由：补交材料")
    );
    assert_eq!(d.stage(id), Stage::Eligibility);
    // The screen shows the reloaded record: the retry names its revision.
    d.press("<Enter>");
    assert_eq!(d.stage(id), Stage::Achievement);
    assert_eq!(d.revision(id), 3);
}

#[test]
fn beyond_the_eligibility_review_a_and_r_are_stage_moves_checked_by_the_service() {
    let mut d = desk();
    d.press("2");
    let id = d.app.selected_id().unwrap().to_owned();
    let seq = d.audit_seq();
    // Nobody is assigned yet: the guard of the achievement review refuses.
    d.press("a");
    assert!(d.message().contains("不能推进"), "{}", d.message());
    assert!(d.message().contains("已分配 0 位专家"), "{}", d.message());
    assert_eq!(d.audit_seq(), seq);
    d.press("<Esc>r");
    assert_eq!(d.app.prompt_text().as_deref(), Some("驳回的理由："));
    d.press("<Esc>");
    let footer = screen(&mut d.app, NARROW)[23].clone();
    assert!(
        !footer.contains("a 通过") && footer.contains("a 推进"),
        "stage moves, not decisions, here: {footer}"
    );
    assert_eq!(d.stage(&id), Stage::Achievement);
}

#[test]
fn the_closed_list_shows_why_and_where_a_rejection_came_when_wide() {
    let mut d = desk_as(None, Lang::Zh, WIDE);
    d.select("2024-SC-J-0001");
    d.press("r没有可认定的业绩成果<Enter>y7");
    let lines = screen(&mut d.app, WIDE);
    assert!(lines[2].contains("阶段与理由"), "{}", lines[2]);
    let row = lines
        .iter()
        .find(|l| l.starts_with(" 2024-SC-J-0001"))
        .unwrap();
    assert!(row.contains("未通过 资格审查：没有可认定的业绩"), "{row}");

    // Narrower, the list leaves the note to the history.
    d.app.handle(super::Event::Resize(120, 40), t0());
    let lines = screen(&mut d.app, (120, 40));
    assert!(!lines[2].contains("阶段与理由"), "{}", lines[2]);
}
