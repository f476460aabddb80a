//! Saved searches as tabs: `:save`, `:forget`, the tabs after the stages,
//! and a saved tab following decisions, key by key.

use super::testkit::{audit_head, audit_since, new_app, press, screen, select_row, summaries, t0};
use super::*;
use crate::domain::{Level, Stage};

const NARROW: (u16, u16) = (80, 24);
const WIDE: (u16, u16) = (160, 48);

fn count(keep: impl Fn(&crate::domain::Summary) -> bool) -> usize {
    summaries().iter().filter(|s| keep(s)).count()
}

#[test]
fn save_keeps_the_filter_as_a_tab_over_every_stage() {
    let (_dir, mut app) = new_app(Lang::Zh, NARROW);
    let seq = audit_head(&app.service);
    press(&mut app, "/level:senior<Enter>", t0());
    press(&mut app, ":save 高级<Enter>", t0());

    let seniors = count(|s| s.level == Level::Senior);
    assert!(seniors > count(|s| s.level == Level::Senior && s.stage == Stage::Eligibility));
    assert_eq!(app.tab(), 7, "the new tab shows");
    assert_eq!(app.position(), (1, seniors));
    let message = app.message().unwrap_or_default().to_owned();
    assert!(
        message.contains("已保存查询 高级") && message.contains(&seniors.to_string()),
        "{message}"
    );
    assert!(app.queue.filter().is_none(), "the tab asks the filter now");
    press(&mut app, "1", t0());
    assert_eq!(app.position().1, count(|s| s.stage == Stage::Eligibility));

    let entries = audit_since(&app.service, seq);
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (entries[0].action.as_str(), entries[0].target.as_str()),
        ("search.save", "admin/高级")
    );

    // The next session of the same user has it, on digit 8.
    let service = std::sync::Arc::clone(&app.service);
    let user = app.user.clone();
    let mut next = App::new(service, user, super::testkit::options(Lang::En), NARROW).unwrap();
    press(&mut next, "8", t0());
    assert_eq!((next.tab(), next.position().1), (7, seniors));
    let tabs = screen(&mut next, WIDE)[0].clone();
    assert!(tabs.contains(&format!("/高级[{seniors}]")), "{tabs}");
}

#[test]
fn the_filter_narrows_a_saved_tab_and_its_order_is_the_searchs() {
    let (_dir, mut app) = new_app(Lang::En, NARROW);
    press(
        &mut app,
        ":save open (stage:eligibility OR stage:achievement) sort:-years<Enter>",
        t0(),
    );
    let open = count(|s| matches!(s.stage, Stage::Eligibility | Stage::Achievement));
    assert_eq!((app.tab(), app.position().1), (7, open));

    // The order is the search's: years of service, most first.
    let reference = app.service.cycle().reference_date;
    let years: Vec<u32> = app
        .queue
        .rows(0, open)
        .map(|(_, s)| reference.years_since(s.service_start).unwrap_or(0))
        .collect();
    assert!(years.windows(2).all(|w| w[0] >= w[1]), "{years:?}");
    assert!(years.first() > years.last(), "the years differ");

    press(&mut app, "/level:junior", t0());
    let narrowed = count(|s| {
        matches!(s.stage, Stage::Eligibility | Stage::Achievement) && s.level == Level::Junior
    });
    assert!(narrowed > 0 && narrowed < open);
    assert_eq!(app.position().1, narrowed);
    assert!(
        app.queue.filter().is_some(),
        "an explicit query leaves the filter alone"
    );
}

#[test]
fn a_decision_moves_an_application_into_a_saved_tab() {
    let (_dir, mut app) = new_app(Lang::Zh, NARROW);
    press(&mut app, ":save 业绩 stage:achievement<Enter>", t0());
    let before = app.position().1;
    press(&mut app, "1", t0());
    select_row(&mut app, "2024-GD-I-0002");
    press(&mut app, "a", t0());
    press(&mut app, "8", t0());
    assert_eq!(app.position().1, before + 1);
    let ids: Vec<String> = app
        .queue
        .rows(0, before + 1)
        .map(|(_, s)| s.id.clone())
        .collect();
    assert!(ids.contains(&"2024-GD-I-0002".to_owned()), "{ids:?}");
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "without a sort, a saved tab keeps store order");
}

#[test]
fn forget_drops_the_tab_and_refusals_say_why() {
    let (_dir, mut app) = new_app(Lang::Zh, NARROW);
    press(
        &mut app,
        ":save a fee:unpaid<Enter>:save b level:junior<Enter>",
        t0(),
    );
    assert_eq!(app.queue.tab_count(), 9);
    assert_eq!(app.tab(), 8);

    press(&mut app, ":forget nosuch<Enter>", t0());
    assert_eq!(app.message(), Some("没有名为 nosuch 的保存查询"));
    press(&mut app, "<Esc>:save a:b level:junior<Enter>", t0());
    assert!(app.message().unwrap_or_default().contains("不含冒号"));
    press(&mut app, "<Esc>:save c level:<Enter>", t0());
    let message = app.message().unwrap_or_default().to_owned();
    assert!(
        message.contains('7') && message.contains("level"),
        "{message}"
    );
    press(&mut app, "<Esc>:save<Enter>", t0());
    assert!(app.message().unwrap_or_default().starts_with("用法：:save"));
    assert_eq!(app.queue.tab_count(), 9, "nothing refused was saved");

    // Tab completes a saved name; without a name the tab showing goes.
    press(&mut app, "<Esc>:forget <Tab>", t0());
    assert!(
        app.message().unwrap_or_default().contains("a  b"),
        "both names offered"
    );
    press(&mut app, "b", t0());
    assert_eq!(app.prompt_text().as_deref(), Some(":forget b"));
    press(&mut app, "<BS><Enter>", t0());
    assert_eq!(app.queue.tab_count(), 8);
    assert_eq!(app.tab(), 7, "the tab before the forgotten one shows");
    assert_eq!(app.queue.saved_name(7), Some("a"));
    assert_eq!(app.message(), Some("已删除保存的查询 b"));
    press(&mut app, ":forget a<Enter>", t0());
    assert_eq!((app.queue.tab_count(), app.tab()), (7, 6));
    assert!(app.service.saved_searches(&app.user).unwrap().is_empty());
}
