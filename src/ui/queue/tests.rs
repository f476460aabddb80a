use super::*;
use crate::domain::Level;
use crate::ui::testkit;

fn queue() -> Queue {
    Queue::new(
        testkit::summaries(),
        crate::domain::Cycle::default_2024().reference_date,
    )
}

#[test]
fn tabs_split_stages_and_gather_end_states() {
    assert_eq!(tab_of(Stage::Eligibility), 0);
    assert_eq!(tab_of(Stage::Certified), 5);
    for end in [
        Stage::Rejected,
        Stage::Withdrawn,
        Stage::Cancelled,
        Stage::Revoked,
    ] {
        assert_eq!(tab_of(end), CLOSED_TAB);
    }
    let q = queue();
    assert_eq!(q.counts().iter().sum::<usize>(), testkit::summaries().len());
}

#[test]
fn moves_stay_within_the_list() {
    let mut q = queue();
    let len = q.len();
    assert!(len > 3);
    assert!(!q.move_by(-1));
    assert!(q.move_by(2));
    assert_eq!(q.selected_row(), Some(2));
    assert!(q.move_to(usize::MAX));
    assert_eq!(q.selected_row(), Some(len - 1));
    assert!(!q.move_by(1));
}

#[test]
fn scrolling_follows_the_selection() {
    let mut q = queue();
    q.move_to(q.len() - 1);
    q.scroll_into_view(3);
    assert_eq!(q.offset(), q.len() - 3);
    q.move_to(0);
    q.scroll_into_view(3);
    assert_eq!(q.offset(), 0);
}

#[test]
fn a_filter_keeps_the_selection_when_it_still_shows() {
    let mut q = queue();
    q.move_to(2);
    let id = q.selected().unwrap().id.clone();
    q.set_filter(Filter::new(&id).unwrap());
    assert_eq!(q.len(), 1);
    assert_eq!(q.selected().unwrap().id, id);
    q.set_filter(None);
    assert_eq!(q.selected().unwrap().id, id);
    assert_eq!(q.selected_row(), Some(2));
}

#[test]
fn the_verdict_filter_narrows_the_eligibility_tab_only() {
    let mut q = queue();
    let all = q.len();
    let closed = q.counts()[CLOSED_TAB];
    assert!(q.set_verdict(Some(Verdict::Ineligible)));
    assert!(!q.set_verdict(Some(Verdict::Ineligible)));
    assert!(q.len() < all && !q.is_empty());
    assert_eq!(q.eligibility_total(), all);
    assert!(
        q.rows(0, usize::MAX)
            .all(|(_, s)| s.verdict == Verdict::Ineligible)
    );
    assert_eq!(q.counts()[CLOSED_TAB], closed);
    q.set_filter(Filter::new("浙江").unwrap());
    assert!(q.eligibility_total() < all);
    assert!(q.rows(0, usize::MAX).all(|(_, s)| s.province == "浙江"));
    q.set_verdict(None);
    q.set_filter(None);
    assert_eq!(q.len(), all);
}

#[test]
fn a_replaced_summary_moves_tabs_and_the_next_row_comes_up() {
    let mut q = queue();
    q.move_to(2);
    let next = q.rows(3, 1).next().unwrap().1.id.clone();
    let mut moved = q.selected().unwrap().clone();
    moved.stage = Stage::Achievement;
    let id = moved.id.clone();
    let before = q.counts();
    assert!(q.replace(moved));
    assert_eq!(q.counts()[0], before[0] - 1);
    assert_eq!(q.counts()[1], before[1] + 1);
    assert_eq!(q.selected_row(), Some(2));
    assert_eq!(q.selected().unwrap().id, next);
    assert_eq!(q.find(&id).map(|(tab, _)| tab), Some(1));
    // In store order among the achievement tab's ids.
    q.select_tab(1);
    let ids: Vec<&str> = q.rows(0, usize::MAX).map(|(_, s)| s.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
}

#[test]
fn reload_keeps_the_selection_by_id() {
    let mut q = queue();
    q.move_to(3);
    let id = q.selected().unwrap().id.clone();
    let mut fresh = testkit::summaries();
    fresh.remove(0);
    q.reload(fresh, None);
    assert_eq!(q.selected().unwrap().id, id);
}

/// The rows of each saved tab, by id.
fn saved_rows(q: &mut Queue) -> Vec<Vec<String>> {
    (TABS..q.tab_count())
        .map(|tab| {
            q.select_tab(tab);
            q.rows(0, usize::MAX).map(|(_, s)| s.id.clone()).collect()
        })
        .collect()
}

fn searches(texts: &[&str]) -> Vec<(String, Filter)> {
    texts
        .iter()
        .map(|t| ((*t).to_owned(), Filter::new(t).unwrap().unwrap()))
        .collect()
}

#[test]
fn a_changed_summary_lands_where_matching_afresh_would_put_it() {
    let texts = ["sort:-years", "level:junior sort:age", "stage:achievement"];
    let mut q = queue();
    q.set_saved(searches(&texts));
    assert_eq!(q.tab_count(), TABS + 3);
    let mut summaries = testkit::summaries();
    for (n, at) in [(0, 3), (1, 11), (2, 20)] {
        let changed = &mut summaries[at];
        changed.stage = Stage::Achievement;
        changed.level = if n == 1 { Level::Junior } else { Level::Senior };
        changed.service_start = NaiveDate::from_ymd_opt(2001 + n, 3, 1).unwrap();
        changed.birth_date = NaiveDate::from_ymd_opt(1970 + 10 * n, 5, 1).unwrap();
        assert!(q.replace(changed.clone()));
    }
    let mut fresh = Queue::new(summaries, q.corpus.reference);
    fresh.set_saved(searches(&texts));
    let (kept, afresh) = (saved_rows(&mut q), saved_rows(&mut fresh));
    assert_eq!(kept, afresh);
    assert!(kept.iter().all(|rows| !rows.is_empty()));
}

#[test]
fn saved_tabs_keep_their_selection_and_the_tab_by_name() {
    let mut q = queue();
    q.set_saved(searches(&["level:junior", "level:senior"]));
    q.select_tab(TABS + 1);
    q.move_to(2);
    let id = q.selected().unwrap().id.clone();
    // Another search comes before it: the tab and the row follow the name.
    q.set_saved(searches(&["fee:unpaid", "level:junior", "level:senior"]));
    assert_eq!(q.tab(), TABS + 2);
    assert_eq!(q.saved_name(q.tab()), Some("level:senior"));
    assert_eq!(q.selected().unwrap().id, id);
    // It goes: the tab before it shows.
    q.set_saved(searches(&["fee:unpaid", "level:junior"]));
    assert_eq!(q.tab(), TABS + 1);
    q.set_saved(Vec::new());
    assert_eq!((q.tab(), q.tab_count()), (TABS - 1, TABS));
    assert!(!q.select_tab(TABS), "no tab past the stages");
}

#[test]
fn only_a_query_that_reads_text_waits_for_the_text() {
    let many = testkit::many_summaries(crate::ui::haystacks::BACKGROUND_FROM);
    let seniors = many.iter().filter(|s| s.level == Level::Senior).count();
    let mut q = Queue::new(many, crate::domain::Cycle::default_2024().reference_date);
    let building = |q: &Queue| matches!(q.corpus.haystacks, Haystacks::Building(_));
    assert!(
        building(&q),
        "a large queue's text is built in the background"
    );

    q.set_filter(Filter::new("level:senior sort:-years").unwrap());
    q.set_saved(searches(&["fee:unpaid", "level:senior"]));
    assert!(building(&q), "queries of fields alone do not wait for it");
    assert_eq!(q.counts()[TABS + 1], seniors);

    q.set_filter(Filter::new("org:科技").unwrap());
    assert!(matches!(q.corpus.haystacks, Haystacks::Built(_)));
    assert!(q.counts()[TABS + 1] > 0 && q.counts()[TABS + 1] < seniors);
}
