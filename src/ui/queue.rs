//! The queue's state: every application the user may see, split into the
//! seven stage tabs and one tab per saved search, narrowed by the filter
//! (and the eligibility tab by the verdict), with a selection and a scroll
//! position per tab. Nothing here draws.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::domain::query::{Facts, Subject};
use crate::domain::{Stage, Summary, Verdict};

use super::filter::{Filter, NO_FACTS};
use super::haystacks::Haystacks;
use super::text;

/// Six stage tabs, then one for every end state; the user's saved
/// searches come after them.
pub const TABS: usize = 7;
/// The tab holding rejected, withdrawn, cancelled and revoked applications.
pub const CLOSED_TAB: usize = 6;
/// The public notice's tab.
pub const NOTICE_TAB: usize = 4;
/// The tab of the certified.
pub const CERTIFIED_TAB: usize = 5;
/// The tab of the eligibility review, the one the verdict filter narrows.
pub const ELIGIBILITY_TAB: usize = 0;

/// The verdict filter's steps: all, then the verdicts that need a person most.
pub const VERDICT_STEPS: [Option<Verdict>; 4] = [
    None,
    Some(Verdict::Ineligible),
    Some(Verdict::NeedsReview),
    Some(Verdict::Eligible),
];

/// The tab an application in `stage` is listed under.
pub fn tab_of(stage: Stage) -> usize {
    if stage.is_end() {
        CLOSED_TAB
    } else {
        stage as usize
    }
}

/// The order of the store's index: by stage, then by id.
fn store_order(a: &Summary, b: &Summary) -> Ordering {
    (a.stage as usize, &a.id).cmp(&(b.stage as usize, &b.id))
}

/// Every application the queue holds, and what its queries read of them
/// beyond the summaries.
#[derive(Debug)]
struct Corpus {
    /// Shared with the thread that builds the haystacks, while it does.
    summaries: Arc<Vec<Summary>>,
    /// The filter's lowercased text per summary, built in the background
    /// as a large queue loads, else when a query first reads it.
    haystacks: Haystacks,
    /// What the summaries do not say (scores, panels, complaints), per
    /// summary; loaded only for a query that asks about them.
    facts: Vec<Facts>,
    /// The cycle's reference date, for age and years of service.
    reference: NaiveDate,
}

impl Corpus {
    /// What queries read of every summary, the searchable text made ready
    /// first when `text` is wanted (a query that reads none goes without:
    /// see [`Filter::reads_text`]).
    fn subjects(&mut self, text: bool) -> Subjects<'_> {
        if text {
            self.haystacks.ready(&self.summaries);
        }
        Subjects {
            summaries: &self.summaries,
            haystacks: self.haystacks.built(),
            facts: &self.facts,
            reference: self.reference,
        }
    }
}

/// What a query reads of each application, by index into the summaries.
struct Subjects<'a> {
    summaries: &'a [Summary],
    haystacks: &'a [String],
    facts: &'a [Facts],
    reference: NaiveDate,
}

impl<'a> Subjects<'a> {
    fn get(&self, i: usize) -> Subject<'a> {
        Subject {
            summary: &self.summaries[i],
            haystack: self.haystacks.get(i).map_or("", String::as_str),
            facts: self.facts.get(i).unwrap_or(&NO_FACTS),
        }
    }

    /// A saved tab's order: its sort keys, then the store's.
    fn order(&self, filter: &Filter, a: usize, b: usize) -> Ordering {
        let sorted = if filter.sorts() {
            let query = filter.prepared();
            query.compare(&self.get(a), &self.get(b), self.reference)
        } else {
            Ordering::Equal
        };
        sorted.then_with(|| store_order(&self.summaries[a], &self.summaries[b]))
    }
}

/// Evidence in all, then how many are not yet verified (`?`); the
/// rejected ones are counted in the detail pane.
pub fn evidence_cell(summary: &Summary) -> String {
    match summary.unverified {
        0 => summary.evidence.to_string(),
        unverified => format!("{} ?{unverified}", summary.evidence),
    }
}

/// Column widths that depend on the data, measured once per load so that
/// columns do not jump while scrolling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DataWidths {
    pub id: usize,
    pub name: usize,
    pub province: usize,
    pub evidence: usize,
}

impl DataWidths {
    fn measure(summaries: &[Summary]) -> DataWidths {
        let widest = |f: fn(&Summary) -> &str| {
            summaries
                .iter()
                .map(|s| text::width(&text::clean(f(s))))
                .max()
                .unwrap_or(0)
        };
        DataWidths {
            id: widest(|s| &s.id).clamp(8, 20),
            name: widest(|s| &s.name).clamp(4, 12),
            province: widest(|s| &s.province).clamp(4, 8),
            evidence: summaries
                .iter()
                .map(|s| evidence_cell(s).len())
                .max()
                .unwrap_or(0)
                .clamp(3, 11),
        }
    }
}

/// A saved search shown as a tab: every application it matches, whatever
/// its stage, in the search's own order.
#[derive(Debug)]
struct SavedTab {
    name: String,
    filter: Filter,
    /// Indices into `summaries`, matched when the summaries or the facts
    /// change, not on each keystroke of the filter.
    rows: Vec<usize>,
}

#[derive(Debug)]
pub struct Queue {
    corpus: Corpus,
    /// Indices into `summaries` for each stage tab, in store order.
    by_tab: [Vec<usize>; TABS],
    saved: Vec<SavedTab>,
    filter: Option<Filter>,
    /// Only this verdict in the eligibility tab.
    verdict: Option<Verdict>,
    /// Rows of the eligibility tab before the verdict narrows them.
    eligibility_total: usize,
    /// Each tab's rows (`by_tab`, then the saved tabs') narrowed by the filter.
    visible: Vec<Vec<usize>>,
    tab: usize,
    /// Per tab: the selected row (an index into `visible[tab]`) and the first row shown.
    selected: Vec<usize>,
    offset: Vec<usize>,
    widths: DataWidths,
}

impl Queue {
    pub fn new(summaries: Vec<Summary>, reference: NaiveDate) -> Queue {
        let mut queue = Queue {
            corpus: Corpus {
                summaries: Arc::default(),
                haystacks: Haystacks::Absent,
                facts: Vec::new(),
                reference,
            },
            by_tab: Default::default(),
            saved: Vec::new(),
            filter: None,
            verdict: None,
            eligibility_total: 0,
            visible: vec![Vec::new(); TABS],
            tab: 0,
            selected: vec![0; TABS],
            offset: vec![0; TABS],
            widths: DataWidths::default(),
        };
        queue.load(summaries, None);
        queue
    }

    fn load(&mut self, summaries: Vec<Summary>, facts: Option<HashMap<String, Facts>>) {
        self.corpus.facts.clear();
        self.by_tab = Default::default();
        for (i, summary) in summaries.iter().enumerate() {
            self.by_tab[tab_of(summary.stage)].push(i);
        }
        self.widths = DataWidths::measure(&summaries);
        let old = std::mem::replace(&mut self.corpus.summaries, Arc::new(summaries));
        // Text asked for at once is built at once, on every core.
        let background = !self.reads_text();
        let previous = std::mem::take(&mut self.corpus.haystacks);
        self.corpus.haystacks = previous.reload(&old, &self.corpus.summaries, background);
        if let Some(facts) = facts {
            self.set_facts(facts);
        } else {
            self.match_saved();
            self.apply_filter();
        }
    }

    /// Shows these saved searches as tabs after the stage tabs, keeping the
    /// selection of a search that stays (by name) and the tab in view.
    pub fn set_saved(&mut self, searches: Vec<(String, Filter)>) {
        let current = self.saved_name(self.tab).map(str::to_owned);
        let kept: Vec<(String, Option<usize>)> = self
            .saved
            .iter()
            .enumerate()
            .map(|(j, saved)| (saved.name.clone(), self.selected_index_in(TABS + j)))
            .collect();
        self.saved = searches
            .into_iter()
            .map(|(name, filter)| SavedTab {
                name,
                filter,
                rows: Vec::new(),
            })
            .collect();
        let count = self.tab_count();
        self.visible.resize(count, Vec::new());
        for per_tab in [&mut self.selected, &mut self.offset] {
            per_tab.truncate(TABS);
            per_tab.resize(count, 0);
        }
        self.match_saved();
        self.apply_filter();
        for (name, index) in kept {
            let Some(tab) = self.saved_tab(&name) else {
                continue;
            };
            let row = index.and_then(|i| self.visible[tab].iter().position(|&v| v == i));
            self.selected[tab] = row.unwrap_or(0);
        }
        if self.tab >= TABS {
            self.tab = current
                .and_then(|name| self.saved_tab(&name))
                .unwrap_or((self.tab - 1).min(count - 1));
        }
    }

    /// The tab of the saved search called `name`.
    pub fn saved_tab(&self, name: &str) -> Option<usize> {
        self.saved
            .iter()
            .position(|s| s.name == name)
            .map(|j| TABS + j)
    }

    /// The name of the saved search a tab shows, if it shows one.
    pub fn saved_name(&self, tab: usize) -> Option<&str> {
        tab.checked_sub(TABS)
            .and_then(|j| self.saved.get(j))
            .map(|s| s.name.as_str())
    }

    /// The saved searches' names, in tab order.
    pub fn saved_names(&self) -> impl Iterator<Item = &str> {
        self.saved.iter().map(|s| s.name.as_str())
    }

    /// The stage tabs and one per saved search.
    pub fn tab_count(&self) -> usize {
        TABS + self.saved.len()
    }

    /// Matches every saved search against every summary.
    fn match_saved(&mut self) {
        if self.saved.is_empty() {
            return;
        }
        let text = self.saved.iter().any(|s| s.filter.reads_text());
        let subjects = self.corpus.subjects(text);
        for tab in &mut self.saved {
            let filter = &tab.filter;
            tab.rows = (0..subjects.summaries.len())
                .filter(|&i| filter.matches(&subjects.get(i), subjects.reference))
                .collect();
            let order = |a: &usize, b: &usize| subjects.order(filter, *a, *b);
            if !tab.rows.is_sorted_by(|a, b| order(a, b).is_le()) {
                tab.rows.sort_by(order);
            }
        }
    }

    /// Moves one changed summary in or out of each saved tab, in its place.
    fn rematch_saved(&mut self, index: usize) {
        if self.saved.is_empty() {
            return;
        }
        let text = self.saved.iter().any(|s| s.filter.reads_text());
        let subjects = self.corpus.subjects(text);
        for tab in &mut self.saved {
            tab.rows.retain(|&i| i != index);
            if tab.filter.matches(&subjects.get(index), subjects.reference) {
                let at = tab
                    .rows
                    .partition_point(|&i| subjects.order(&tab.filter, i, index).is_lt());
                tab.rows.insert(at, index);
            }
        }
    }

    /// Takes fresh summaries (and, for a query that needs them, fresh
    /// facts), keeping each tab's selection by id where it can.
    pub fn reload(&mut self, summaries: Vec<Summary>, facts: Option<HashMap<String, Facts>>) {
        let kept: Vec<Option<String>> = (0..self.tab_count())
            .map(|t| self.selected_in(t).map(|s| s.id.clone()))
            .collect();
        self.load(summaries, facts);
        for (tab, id) in kept.into_iter().enumerate() {
            let position = id.and_then(|id| self.position_of_id(tab, &id));
            self.selected[tab] = position
                .unwrap_or(0)
                .min(self.visible[tab].len().saturating_sub(1));
        }
    }

    fn apply_filter(&mut self) {
        let text = self.filter.as_ref().is_some_and(Filter::reads_text);
        let subjects = self.corpus.subjects(text);
        // Each application is matched once, whichever tabs list it.
        let kept: Vec<bool> = match &self.filter {
            Some(f) => (0..subjects.summaries.len())
                .map(|i| f.matches(&subjects.get(i), subjects.reference))
                .collect(),
            None => Vec::new(),
        };
        let tabs = self.by_tab.iter().chain(self.saved.iter().map(|s| &s.rows));
        for (tab, rows) in tabs.enumerate() {
            self.visible[tab] = match &self.filter {
                None => rows.clone(),
                Some(f) => {
                    let mut kept: Vec<usize> = rows.iter().copied().filter(|&i| kept[i]).collect();
                    if f.sorts() {
                        let query = f.prepared();
                        kept.sort_by(|&a, &b| {
                            query.compare(&subjects.get(a), &subjects.get(b), subjects.reference)
                        });
                    }
                    kept
                }
            };
        }
        let eligibility = &mut self.visible[ELIGIBILITY_TAB];
        self.eligibility_total = eligibility.len();
        if let Some(verdict) = self.verdict {
            eligibility.retain(|&i| self.corpus.summaries[i].verdict == verdict);
        }
    }

    /// Whether the filter or a saved search reads the searchable text.
    fn reads_text(&self) -> bool {
        self.filter.as_ref().is_some_and(Filter::reads_text)
            || self.saved.iter().any(|s| s.filter.reads_text())
    }

    /// Whether the filter or a saved search asks about facts.
    pub fn needs_facts(&self) -> bool {
        self.asks_for_facts(self.filter.as_ref())
    }

    /// Whether `filter` (the one typed, or the one in place) or a saved
    /// search asks about facts this queue does not hold yet.
    pub fn wants_facts(&self, filter: Option<&Filter>) -> bool {
        self.asks_for_facts(filter) && self.corpus.facts.len() != self.corpus.summaries.len()
    }

    fn asks_for_facts(&self, filter: Option<&Filter>) -> bool {
        filter.is_some_and(Filter::needs_facts) || self.saved.iter().any(|s| s.filter.needs_facts())
    }

    /// Takes the facts for a query, by application id.
    pub fn set_facts(&mut self, mut by_id: HashMap<String, Facts>) {
        self.corpus.facts = self
            .corpus
            .summaries
            .iter()
            .map(|s| by_id.remove(&s.id).unwrap_or_default())
            .collect();
        self.match_saved();
        self.apply_filter();
    }

    /// Narrows (or widens) the list, keeping each tab's selection when it
    /// still shows and otherwise selecting the first row.
    pub fn set_filter(&mut self, filter: Option<Filter>) {
        if filter == self.filter {
            return;
        }
        self.refilter(|queue| queue.filter = filter);
    }

    /// Shows only applications of one verdict in the eligibility tab, or all.
    pub fn set_verdict(&mut self, verdict: Option<Verdict>) -> bool {
        if verdict == self.verdict {
            return false;
        }
        self.refilter(|queue| queue.verdict = verdict);
        true
    }

    fn refilter(&mut self, change: impl FnOnce(&mut Queue)) {
        let kept: Vec<Option<usize>> = (0..self.tab_count())
            .map(|t| self.selected_index_in(t))
            .collect();
        change(self);
        self.apply_filter();
        for (tab, index) in kept.into_iter().enumerate() {
            let position = index.and_then(|i| self.visible[tab].iter().position(|&v| v == i));
            self.selected[tab] = position.unwrap_or(0);
            self.offset[tab] = 0;
        }
    }

    pub fn filter(&self) -> Option<&Filter> {
        self.filter.as_ref()
    }

    pub fn verdict(&self) -> Option<Verdict> {
        self.verdict
    }

    /// Rows the eligibility tab would show without the verdict filter.
    pub fn eligibility_total(&self) -> usize {
        self.eligibility_total
    }

    /// Takes one application's fresh summary (after a decision or a mark):
    /// it moves to the tab of its stage, in store order, and every tab's
    /// selection stays on its row, so the row after one that left comes up.
    pub fn replace(&mut self, summary: Summary) -> bool {
        let Some(index) = self
            .corpus
            .summaries
            .iter()
            .position(|s| s.id == summary.id)
        else {
            return false;
        };
        let rows: Vec<usize> = self.selected.clone();
        let kept: Vec<Option<usize>> = (0..self.tab_count())
            .map(|t| self.selected_index_in(t))
            .collect();

        let from = tab_of(self.corpus.summaries[index].stage);
        let to = tab_of(summary.stage);
        self.corpus
            .haystacks
            .update(&self.corpus.summaries, index, &summary);
        Arc::make_mut(&mut self.corpus.summaries)[index] = summary;
        if from != to {
            self.by_tab[from].retain(|&i| i != index);
            let summaries = &self.corpus.summaries;
            let at = self.by_tab[to]
                .partition_point(|&i| store_order(&summaries[i], &summaries[index]).is_lt());
            self.by_tab[to].insert(at, index);
        }
        self.rematch_saved(index);
        self.apply_filter();

        for tab in 0..self.tab_count() {
            let position = kept[tab].and_then(|i| self.visible[tab].iter().position(|&v| v == i));
            let last = self.visible[tab].len().saturating_sub(1);
            self.selected[tab] = position.unwrap_or(rows[tab]).min(last);
        }
        true
    }

    /// Every application's id, in store order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.corpus.summaries.iter().map(|s| s.id.as_str())
    }

    pub fn tab(&self) -> usize {
        self.tab
    }

    /// How many rows each tab shows (after the filter).
    pub fn counts(&self) -> Vec<usize> {
        self.visible.iter().map(Vec::len).collect()
    }

    /// Rows in the current tab.
    pub fn len(&self) -> usize {
        self.visible[self.tab].len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The selected row of the current tab, when it has rows.
    pub fn selected_row(&self) -> Option<usize> {
        (!self.is_empty()).then_some(self.selected[self.tab])
    }

    pub fn offset(&self) -> usize {
        self.offset[self.tab]
    }

    pub fn widths(&self) -> DataWidths {
        self.widths
    }

    /// All summaries, by index.
    pub fn summary(&self, index: usize) -> Option<&Summary> {
        self.corpus.summaries.get(index)
    }

    /// The index (into all summaries) of the selected row.
    pub fn selected_index(&self) -> Option<usize> {
        self.selected_index_in(self.tab)
    }

    fn selected_index_in(&self, tab: usize) -> Option<usize> {
        self.visible[tab].get(self.selected[tab]).copied()
    }

    fn selected_in(&self, tab: usize) -> Option<&Summary> {
        self.selected_index_in(tab)
            .and_then(|i| self.corpus.summaries.get(i))
    }

    pub fn selected(&self) -> Option<&Summary> {
        self.selected_in(self.tab)
    }

    /// Rows `from..from + count` of the current tab, with their row numbers.
    pub fn rows(&self, from: usize, count: usize) -> impl Iterator<Item = (usize, &Summary)> {
        let rows = &self.visible[self.tab];
        let end = from.saturating_add(count).min(rows.len());
        let start = from.min(end);
        (start..end).map(move |row| (row, &self.corpus.summaries[rows[row]]))
    }

    fn position_of_id(&self, tab: usize, id: &str) -> Option<usize> {
        self.visible[tab]
            .iter()
            .position(|&i| self.corpus.summaries[i].id == id)
    }

    /// Returns whether anything changed.
    pub fn select_tab(&mut self, tab: usize) -> bool {
        if tab >= self.tab_count() || tab == self.tab {
            return false;
        }
        self.tab = tab;
        true
    }

    pub fn cycle_tab(&mut self, forward: bool) -> bool {
        let count = self.tab_count();
        let next = if forward {
            (self.tab + 1) % count
        } else {
            (self.tab + count - 1) % count
        };
        self.select_tab(next)
    }

    /// Selects row `row` of the current tab, clamped to the list.
    pub fn move_to(&mut self, row: usize) -> bool {
        let row = row.min(self.len().saturating_sub(1));
        let changed = row != self.selected[self.tab];
        self.selected[self.tab] = row;
        changed
    }

    pub fn move_by(&mut self, delta: isize) -> bool {
        let current = self.selected[self.tab];
        self.move_to(current.saturating_add_signed(delta))
    }

    /// Scrolls so the selected row is among the `height` rows shown.
    pub fn scroll_into_view(&mut self, height: usize) {
        let tab = self.tab;
        let len = self.visible[tab].len();
        let height = height.max(1);
        let selected = self.selected[tab];
        let mut offset = self.offset[tab].min(len.saturating_sub(height));
        if selected < offset {
            offset = selected;
        } else if selected >= offset + height {
            offset = selected + 1 - height;
        }
        self.offset[tab] = offset;
    }

    /// Moves to the next (or previous) row the filter matched; past the end
    /// of this tab it goes on in the next tab that has matches.
    pub fn step_match(&mut self, forward: bool) -> bool {
        let row = self.selected[self.tab];
        if forward && row + 1 < self.len() {
            return self.move_to(row + 1);
        }
        if !forward && row > 0 && !self.is_empty() {
            return self.move_to(row - 1);
        }
        let count = self.tab_count();
        for step in 1..=count {
            let tab = if forward {
                (self.tab + step) % count
            } else {
                (self.tab + count * 2 - step) % count
            };
            let len = self.visible[tab].len();
            if len == 0 {
                continue;
            }
            let changed =
                tab != self.tab || self.selected[tab] != if forward { 0 } else { len - 1 };
            self.tab = tab;
            self.selected[tab] = if forward { 0 } else { len - 1 };
            return changed;
        }
        false
    }

    /// The summary of the application with this id.
    pub fn get(&self, id: &str) -> Option<&Summary> {
        self.corpus.summaries.iter().find(|s| s.id == id)
    }

    /// Where the application with this id is listed: its tab and row.
    pub fn find(&self, id: &str) -> Option<(usize, usize)> {
        let summary = self.corpus.summaries.iter().find(|s| s.id == id)?;
        let tab = tab_of(summary.stage);
        self.position_of_id(tab, id).map(|row| (tab, row))
    }

    /// Shows the application with this id: its tab, and its row when the
    /// filter lets it show. Returns false when the queue does not hold it.
    pub fn select_id(&mut self, id: &str) -> bool {
        let Some(summary) = self.corpus.summaries.iter().find(|s| s.id == id) else {
            return false;
        };
        let tab = tab_of(summary.stage);
        self.tab = tab;
        if let Some(row) = self.position_of_id(tab, id) {
            self.selected[tab] = row;
        }
        true
    }
}

#[cfg(test)]
mod tests;
