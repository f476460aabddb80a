//! `--query`: the applications a search keeps, as the desk's `/` keeps
//! them (the same language, the same text searched, the same order).

use std::collections::HashSet;

use anyhow::Result;

use crate::domain::User;
use crate::domain::query::{Facts, Query, Subject};
use crate::service::Service;
use crate::ui::filter::haystack;

/// The applications kept, in the query's order.
pub struct Selected {
    ids: Vec<String>,
    set: HashSet<String>,
}

impl Selected {
    pub fn contains(&self, id: &str) -> bool {
        self.set.contains(id)
    }

    pub fn ids(&self) -> &[String] {
        &self.ids
    }
}

pub fn select(service: &Service, user: &User, query: &Query) -> Result<Selected> {
    let summaries = service.summaries(user)?;
    let facts = if query.needs_facts() {
        service.query_facts(user)?
    } else {
        std::collections::HashMap::default()
    };
    let none = Facts::default();
    let haystacks: Vec<String> = summaries.iter().map(haystack).collect();
    let subjects: Vec<Subject<'_>> = summaries
        .iter()
        .zip(&haystacks)
        .map(|(summary, haystack)| Subject {
            summary,
            haystack,
            facts: facts.get(&summary.id).unwrap_or(&none),
        })
        .collect();
    let prepared = query.prepare();
    let reference = service.cycle().reference_date;
    let mut kept: Vec<&Subject<'_>> = subjects
        .iter()
        .filter(|s| prepared.matches(s, reference))
        .collect();
    kept.sort_by(|a, b| prepared.compare(a, b, reference));
    let ids: Vec<String> = kept.iter().map(|s| s.summary.id.clone()).collect();
    let set = ids.iter().cloned().collect();
    Ok(Selected { ids, set })
}
