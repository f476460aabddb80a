//! Saved searches as tabs: read at login, kept with `:save NAME [QUERY]`,
//! dropped with `:forget [NAME]`. The service keeps them per user; here
//! they become filters and the queue lists each as one more tab.

use crate::domain::query::saved::{MAX_SAVED, NAME_MAX, SavedSearchError};
use crate::service::ServiceError;

use super::App;
use super::catalog::fill;
use super::filter::{Filter, describe};
use super::text::clean;

impl App {
    /// Reads the user's saved searches into the queue's tabs. One that no
    /// longer parses (the language grew stricter) is left out and named.
    /// The caller brings the detail pane and the scroll up to date.
    pub(super) fn load_saved_searches(&mut self) {
        let searches = match self.service.saved_searches(&self.user) {
            Ok(searches) => searches,
            Err(e) => return self.show_error(&e.to_string()),
        };
        let mut tabs = Vec::new();
        let mut broken = None;
        for search in searches {
            match Filter::new(&search.text) {
                Ok(Some(filter)) => tabs.push((search.name, filter)),
                Ok(None) => {}
                Err(error) => broken = Some((search.name, describe(&error, self.catalog()))),
            }
        }
        self.queue.set_saved(tabs);
        if self.queue.wants_facts(self.queue.filter()) {
            self.load_query_facts();
        }
        if let Some((name, error)) = broken {
            let text = fill(
                self.catalog().search_broken,
                &[("name", &clean(&name)), ("error", &error)],
            );
            self.notice(&text, true);
        }
    }

    /// `:save NAME [QUERY]`: keeps the query (else the filter typed after
    /// `/`) as a tab, and shows it. Saving the filter itself clears the
    /// filter: the new tab asks it.
    pub(super) fn save_search(&mut self, name: &str, query: Option<&str>) {
        let typed = self.queue.filter().map(|f| f.query().to_owned());
        let Some(text) = query.map(str::to_owned).or_else(|| typed.clone()) else {
            return self.notice(self.catalog().usage_save, true);
        };
        let saved = match self.service.save_search(&self.user, name, &text) {
            Ok(saved) => saved,
            Err(e) => return self.refuse_search(&e),
        };
        if typed.is_some_and(|t| t.trim() == saved.search.text) {
            self.queue.set_filter(None);
        }
        self.load_saved_searches();
        let tab = self.queue.saved_tab(name);
        if let Some(tab) = tab {
            self.queue.select_tab(tab);
        }
        self.after_tab_change();
        let Some(tab) = tab else {
            return;
        };
        let template = if saved.replaced {
            self.catalog().search_replaced
        } else {
            self.catalog().search_saved
        };
        let text = fill(
            template,
            &[
                ("name", &clean(name)),
                ("tab", &(tab + 1).to_string()),
                ("count", &self.queue.len().to_string()),
            ],
        );
        self.notice(&text, false);
    }

    /// `:forget [NAME]`: drops a saved search and its tab; without a name,
    /// the tab showing.
    pub(super) fn forget_search(&mut self, name: Option<&str>) {
        let current = self.queue.saved_name(self.queue.tab()).map(str::to_owned);
        let Some(name) = name.map(str::to_owned).or(current) else {
            return self.notice(self.catalog().usage_forget, true);
        };
        if let Err(e) = self.service.forget_search(&self.user, &name) {
            return self.refuse_search(&e);
        }
        self.load_saved_searches();
        self.after_tab_change();
        let text = fill(self.catalog().search_forgotten, &[("name", &clean(&name))]);
        self.notice(&text, false);
    }

    /// Why a search was not saved or forgotten, in the interface's language.
    fn refuse_search(&mut self, error: &ServiceError) {
        let ServiceError::SavedSearch(error) = error else {
            return self.show_error(&error.to_string());
        };
        let c = self.catalog();
        let text = match error {
            SavedSearchError::NoName
            | SavedSearchError::LongName(_)
            | SavedSearchError::BadName(_) => {
                fill(c.search_bad_name, &[("max", &NAME_MAX.to_string())])
            }
            SavedSearchError::NoQuery(_) | SavedSearchError::LongQuery { .. } => {
                c.usage_save.to_owned()
            }
            SavedSearchError::Query { error, .. } => describe(error, c),
            SavedSearchError::Full => fill(c.search_full, &[("max", &MAX_SAVED.to_string())]),
            SavedSearchError::Unknown(name) => fill(c.search_unknown, &[("name", &clean(name))]),
        };
        self.notice(&text, true);
    }
}
