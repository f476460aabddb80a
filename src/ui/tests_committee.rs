//! The committee screen and the scores block, driven by keys over the
//! demo fixture with the demo's committee (as `docket demo` sets it up):
//! the checklist's numbers, member edits through the service, assignment
//! commands, and who sees which scores.

use std::sync::Arc;

use crate::domain::application::Field;
use crate::domain::scoring::{Review, ReviewStage};
use crate::domain::{TitleRank, User, UserRole};
use crate::service::Service;

use super::testkit::{applications, options, press, screen, service_with, t0};
use super::{App, Lang};

const NARROW: (u16, u16) = (80, 24);
const WIDE: (u16, u16) = (160, 48);
/// Scored by three demo experts with a spread of 26: flagged.
const FLAGGED: &str = "2024-YN-I-0001";

struct Desk {
    _dir: tempfile::TempDir,
    service: Arc<Service>,
    app: App,
}

fn desk_as(name: Option<&str>, lang: Lang, size: (u16, u16)) -> Desk {
    let (dir, service, admin) = service_with(&applications());
    crate::cli::demo_experts(&service, &admin).unwrap();
    let user = name.map_or(admin, |n| service.user(n).unwrap());
    let app = App::new(service.clone(), user, options(lang), size).unwrap();
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

    fn member(&self, name: &str) -> User {
        self.service.user(name).unwrap()
    }

    fn select_member(&mut self, name: &str) {
        self.press("g");
        for _ in 0..20 {
            if self.app.selected_member() == Some(name) {
                return;
            }
            self.press("j");
        }
        panic!("{name} is not listed");
    }

    fn lines(&mut self, size: (u16, u16)) -> Vec<String> {
        screen(&mut self.app, size)
    }
}

#[test]
fn the_checklist_names_its_numbers_and_the_roster_its_loads() {
    let mut d = desk_as(None, Lang::Zh, NARROW);
    d.press("C");
    assert!(d.app.committee_open());
    let lines = d.lines(NARROW);
    let find = |text: &str| {
        lines
            .iter()
            .find(|l| l.contains(text))
            .unwrap_or_else(|| panic!("{text} in {lines:#?}"))
            .clone()
    };
    assert!(find("专家人数").contains("! 专家人数"));
    assert!(find("专家人数").contains("现有 7，应在 25-35 之间"));
    assert!(find("省内专家").starts_with(" + "));
    assert!(find("副高级以上职称").contains("缺：ma.jun"));
    assert!(find("监督委员会人数").contains("现有 3"));
    assert!(find("li.wei").contains("正高级    4"), "{}", find("li.wei"));
    assert!(find("sun.yu").contains("监督"));
    // xu.tao gave 62 and 78 where the others gave more: a harsh scorer.
    assert!(find("xu.tao").contains("70.0 n2 -"), "{}", find("xu.tao"));
    d.press("<Esc>");
    assert!(!d.app.committee_open());
}

#[test]
fn the_secretariat_edits_a_member_and_the_checklist_follows() {
    let mut d = desk_as(None, Lang::Zh, NARROW);
    d.press(":committee<Enter>");
    d.select_member("ma.jun");
    // Intermediate -> associate senior: every title now qualifies.
    d.press("t");
    assert_eq!(
        d.member("ma.jun").title_rank,
        Some(TitleRank::AssociateSenior)
    );
    let titles = d
        .lines(NARROW)
        .into_iter()
        .find(|l| l.contains("副高级以上职称"))
        .unwrap();
    assert!(titles.starts_with(" + "), "{titles}");

    d.press("e");
    assert_eq!(
        d.app.prompt_text().as_deref(),
        Some("学科领域（空格分隔）：物质科学")
    );
    d.press(" 天文<Enter>");
    assert!(d.app.message().unwrap_or_default().contains("天文"));
    assert_eq!(
        d.member("ma.jun").fields,
        [Field::Physical],
        "nothing saved"
    );
    d.press("<BS><BS>工程技术 life<Enter>");
    assert_eq!(
        d.member("ma.jun").fields,
        [Field::Physical, Field::Life, Field::Engineering]
    );

    d.press("p");
    d.press("<C-a>");
    for _ in 0..2 {
        d.press("<Del>");
    }
    d.press("江苏<Enter>");
    assert_eq!(d.member("ma.jun").province.as_deref(), Some("江苏"));

    d.press("nzhang.san<Enter>");
    let added = d.member("zhang.san");
    assert_eq!(added.role, UserRole::Expert);
    assert_eq!(d.app.selected_member(), Some("zhang.san"));
    let size = d
        .lines(NARROW)
        .into_iter()
        .find(|l| l.contains("专家人数"))
        .unwrap();
    assert!(size.contains("现有 8"), "{size}");
}

#[test]
fn members_are_edited_only_by_the_secretariat() {
    let mut d = desk_as(Some("sun.yu"), Lang::En, NARROW);
    d.press("C");
    assert!(d.app.committee_open(), "a supervisor reads the committees");
    let footer = d.lines(NARROW)[23].clone();
    assert!(!footer.contains("title"), "{footer}");
    d.select_member("ma.jun");
    d.press("t");
    assert!(d.app.message().unwrap_or_default().contains("supervisor"));
    assert_eq!(d.member("ma.jun").title_rank, Some(TitleRank::Intermediate));
    d.press("p");
    assert_eq!(d.app.prompt_text(), None);

    let mut expert = desk_as(Some("li.wei"), Lang::En, NARROW);
    expert.press("C");
    assert!(
        !expert.app.committee_open(),
        "an expert does not read the roster"
    );
}

#[test]
fn assign_and_unassign_act_on_the_marked_rows_and_auto_fills_the_tab() {
    let mut d = desk_as(None, Lang::En, WIDE);
    d.press("2g  ");
    let marked: Vec<String> = d.app.marked().iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(marked.len(), 2);
    d.press(":assign ma.jun<Enter>");
    assert!(
        d.app
            .message()
            .unwrap_or_default()
            .contains("Assigned ma.jun to 2")
    );
    let admin = d.service.user("admin").unwrap();
    for id in &marked {
        let panel = d.service.assignments_of(&admin, id).unwrap();
        assert!(panel.contains(&"ma.jun".to_owned()), "{id}: {panel:?}");
    }
    d.press(":unassign ma.jun<Enter>");
    for id in &marked {
        let panel = d.service.assignments_of(&admin, id).unwrap();
        assert!(!panel.contains(&"ma.jun".to_owned()));
    }
    d.press(":assign nobody<Enter>");
    assert!(d.app.message().unwrap_or_default().contains("nobody"));

    d.press("<Esc><Esc>:auto 6<Enter>");
    let message = d.app.message().unwrap_or_default().to_owned();
    assert!(message.contains("assignments made"), "{message}");
    let loads = d.service.load_by_expert(&admin).unwrap();
    assert!(loads.values().all(|&n| n <= 6 + 4), "{loads:?}");

    d.press("1:auto<Enter>");
    assert!(
        d.app
            .message()
            .unwrap_or_default()
            .contains("Switch to the achievement")
    );
}

#[test]
fn the_scores_block_shows_the_aggregate_and_the_flag_to_the_secretariat() {
    let mut d = desk_as(None, Lang::Zh, WIDE);
    d.press(&format!(":goto {FLAGGED}<Enter>"));
    let lines = d.lines(WIDE);
    let all = lines.join("\n");
    assert!(all.contains("评分 业绩和成果评审"), "{all}");
    assert!(all.contains("he.li"), "{all}");
    assert!(
        all.contains("平均 73.3  中位数 70.0  分差 26（3 份）"),
        "{all}"
    );
    assert!(all.contains("! 分差 26 分，超过警戒线，需讨论"), "{all}");
}

#[test]
fn an_expert_sees_the_others_only_after_submitting() {
    let mut d = desk_as(Some("li.wei"), Lang::En, WIDE);
    let id = "2024-BJ-S-0003";
    let admin = d.service.user("admin").unwrap();
    let wang = d.service.user("wang.hua").unwrap();
    d.service.assign(&admin, id, "wang.hua").unwrap();
    let mut review = Review::draft("wang.hua", ReviewStage::Achievement);
    review.scores = vec![18, 26, 41];
    let saved = d
        .service
        .save_review_draft(&wang, id, &review, None)
        .unwrap();
    d.service
        .submit_review(&wang, id, ReviewStage::Achievement, saved.revision)
        .unwrap();

    d.press(&format!(":goto {id}<Enter>"));
    let all = d.lines(WIDE).join("\n");
    assert!(!all.contains("wang.hua"), "{all}");
    assert!(all.contains("once yours is submitted"), "{all}");

    let li = d.service.user("li.wei").unwrap();
    let mut own = Review::draft("li.wei", ReviewStage::Achievement);
    own.scores = vec![15, 20, 30];
    let saved = d.service.save_review_draft(&li, id, &own, None).unwrap();
    d.service
        .submit_review(&li, id, ReviewStage::Achievement, saved.revision)
        .unwrap();
    d.app.handle(super::Event::DataChanged, t0());
    let all = d.lines(WIDE).join("\n");
    assert!(all.contains("wang.hua"), "{all}");
    assert!(
        all.contains("mean 75.0  median 75.0  spread 20 (2 reviews)"),
        "{all}"
    );
    assert!(all.contains("spread 20 is over the line"), "{all}");
}

#[test]
fn committee_zh_80x24() {
    let mut d = desk_as(None, Lang::Zh, NARROW);
    d.press("Cjj");
    insta::assert_snapshot!(d.lines(NARROW).join("\n"));
}

#[test]
fn committee_en_80x24() {
    let mut d = desk_as(None, Lang::En, NARROW);
    d.press("C");
    insta::assert_snapshot!(d.lines(NARROW).join("\n"));
}

#[test]
fn committee_en_160x48() {
    let mut d = desk_as(None, Lang::En, WIDE);
    d.press("C");
    insta::assert_snapshot!(d.lines(WIDE).join("\n"));
}

#[test]
fn scores_block_zh_80x24() {
    let mut d = desk_as(None, Lang::Zh, NARROW);
    d.press(&format!(":goto {FLAGGED}<Enter>"));
    insta::assert_snapshot!(d.lines(NARROW).join("\n"));
}

#[test]
fn an_expert_declares_a_conflict_and_the_application_leaves_their_lists() {
    let mut d = desk_as(Some("li.wei"), Lang::Zh, NARROW);
    let id = "2024-BJ-S-0003";
    d.press(&format!(":goto {id}<Enter>"));
    d.press(":conflict<Enter>");
    assert!(d.app.message().unwrap_or_default().contains("用法"));
    d.press(":conflict 申请人是我指导过的学生<Enter>");
    let message = d.app.message().unwrap_or_default().to_owned();
    assert!(message.contains("已登记回避"), "{message}");
    assert_eq!(d.app.open_id(), None);
    assert!(
        d.service
            .summaries(&d.service.user("li.wei").unwrap())
            .unwrap()
            .iter()
            .all(|s| s.id != id)
    );
    d.press(&format!("<Esc>:goto {id}<Enter>"));
    assert!(d.app.message().unwrap_or_default().contains(id));
    assert_eq!(d.app.open_id(), None, "a conflicted expert cannot open it");
}

#[test]
fn the_secretariat_declares_a_conflict_for_an_expert() {
    let mut d = desk_as(None, Lang::En, NARROW);
    let id = "2024-ZJ-J-0001";
    d.press(&format!(
        ":goto {id}<Enter>:conflict li.wei 同一课题组<Enter>"
    ));
    let message = d.app.message().unwrap_or_default().to_owned();
    assert!(message.contains("Conflict of li.wei"), "{message}");
    let admin = d.service.user("admin").unwrap();
    let declared = d.service.conflicts_of(&admin, id).unwrap();
    assert_eq!(declared.len(), 1);
    assert_eq!(declared[0].expert, "li.wei");
    assert!(
        !d.service
            .assignments_of(&admin, id)
            .unwrap()
            .contains(&"li.wei".to_owned())
    );
}

#[test]
fn the_ranking_lists_the_scored_first_and_opens_the_selected_one() {
    let mut d = desk_as(None, Lang::En, NARROW);
    d.press(":ranking<Enter>");
    assert!(d.app.ranking_open());
    let lines = d.lines(NARROW);
    let all = lines.join("\n");
    assert!(all.contains("Ranking by level"), "{all}");
    assert!(
        all.contains("achievement x 0.5"),
        "the weights are named: {all}"
    );

    // The flagged application has its achievement aggregate and is ranked
    // before any application that still misses a result in its level.
    let flagged = lines.iter().position(|l| l.contains(FLAGGED)).unwrap();
    assert!(
        lines[flagged].contains(" !"),
        "the spread flag shows: {}",
        lines[flagged]
    );

    // Move to it and open it; Esc from the application returns to the queue.
    d.press("g");
    for _ in 0..200 {
        if d.app.selected_ranked() == Some(FLAGGED) {
            break;
        }
        d.press("j");
    }
    assert_eq!(d.app.selected_ranked(), Some(FLAGGED));
    d.press("<Enter>");
    assert!(!d.app.ranking_open());
    assert_eq!(d.app.open_id(), Some(FLAGGED));
}

#[test]
fn experts_are_refused_the_ranking() {
    let mut d = desk_as(Some("li.wei"), Lang::Zh, NARROW);
    d.press(":ranking<Enter>");
    assert!(!d.app.ranking_open());
    assert!(d.app.message().is_some());
}

#[test]
fn ranking_zh_80x24() {
    let mut d = desk_as(None, Lang::Zh, NARROW);
    d.press(":ranking<Enter>");
    insta::assert_snapshot!(d.lines(NARROW).join("\n"));
}

#[test]
fn ranking_en_160x48() {
    let mut d = desk_as(None, Lang::En, WIDE);
    d.press(":ranking<Enter>");
    insta::assert_snapshot!(d.lines(WIDE).join("\n"));
}

#[test]
fn who_lists_the_sessions_and_follows_logins_and_logouts() {
    use crate::service::Via;
    let mut d = desk_as(None, Lang::Zh, NARROW);
    let admin = d.service.user("admin").unwrap();
    let expert = d.service.user("li.wei").unwrap();
    let _local = d.service.register_session(&admin, Via::Terminal, "local");
    let remote = d
        .service
        .register_session(&expert, Via::Ssh, "192.0.2.10:51234");
    d.press(":who<Enter>");
    assert_eq!(
        d.app.listed_sessions(),
        Some(vec![("admin", "terminal"), ("li.wei", "ssh")])
    );
    let text = d.lines(NARROW).join("\n");
    assert!(
        text.contains("在线用户") && text.contains("192.0.2.10:51234"),
        "{text}"
    );

    // A logout elsewhere shows when the change arrives.
    drop(remote);
    d.app.handle(super::Event::SessionsChanged, t0());
    assert_eq!(d.app.listed_sessions(), Some(vec![("admin", "terminal")]));
    d.press("<Esc>");
    assert_eq!(d.app.listed_sessions(), None);

    // Experts may not look.
    let mut e = desk_as(Some("li.wei"), Lang::En, NARROW);
    e.press(":who<Enter>");
    assert_eq!(e.app.listed_sessions(), None);
    assert!(e.app.message().unwrap_or_default().contains("may not"));
}

fn who_desk(lang: Lang, size: (u16, u16)) -> (Desk, Vec<crate::service::SessionTicket>) {
    use crate::service::Via;
    let mut d = desk_as(None, lang, size);
    let tickets = vec![
        d.service
            .register_session(&d.member("admin"), Via::Terminal, "local"),
        d.service
            .register_session(&d.member("li.wei"), Via::Ssh, "192.0.2.10:51234"),
        d.service
            .register_session(&d.member("chen.jing"), Via::Ssh, "[2001:db8::7]:40022"),
    ];
    d.press(":who<Enter>");
    (d, tickets)
}

#[test]
fn who_zh_80x24() {
    let (mut d, _tickets) = who_desk(Lang::Zh, NARROW);
    insta::assert_snapshot!(d.lines(NARROW).join("\n"));
}

#[test]
fn who_en_160x48() {
    let (mut d, _tickets) = who_desk(Lang::En, WIDE);
    insta::assert_snapshot!(d.lines(WIDE).join("\n"));
}

#[test]
fn a_removed_user_is_let_go_and_a_changed_role_applies_at_once() {
    let mut d = desk_as(Some("li.wei"), Lang::En, NARROW);
    let admin = d.service.user("admin").unwrap();
    let mut now_supervisor = d.service.user("li.wei").unwrap();
    now_supervisor.role = UserRole::Supervisor;
    let before = d.app.position().1;
    d.service.remove_user(&admin, "li.wei").unwrap();
    d.service.add_user(&admin, &now_supervisor).unwrap();
    d.app.handle(super::Event::DataChanged, t0());
    assert!(!d.app.should_quit());
    assert!(
        d.app.position().1 > before,
        "a supervisor sees every application"
    );

    d.service.remove_user(&admin, "li.wei").unwrap();
    d.app.handle(super::Event::DataChanged, t0());
    assert!(d.app.should_quit());
}
