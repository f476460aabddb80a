//! The working state of an assignment run: applications and experts by
//! index (both sorted, so indices follow ids and names), who is in conflict
//! with whom, who serves where, and each expert's room under the cap.

use std::collections::{HashMap, HashSet};

use crate::domain::committee::normalize_org;
use crate::domain::cycle::Cycle;

use super::{Assignment, AssignmentPlan, AssignmentRequest, Candidate, Opening, Shortfall};

/// One bit per expert, per application, in one flat vector.
#[derive(Debug, Clone)]
pub(super) struct Bits {
    words: usize,
    data: Vec<u64>,
}

impl Bits {
    fn new(rows: usize, columns: usize) -> Bits {
        let words = columns.div_ceil(64).max(1);
        Bits {
            words,
            data: vec![0; rows * words],
        }
    }

    pub(super) fn get(&self, row: usize, column: usize) -> bool {
        self.data[row * self.words + column / 64] & (1 << (column % 64)) != 0
    }

    pub(super) fn set(&mut self, row: usize, column: usize, on: bool) {
        let word = &mut self.data[row * self.words + column / 64];
        if on {
            *word |= 1 << (column % 64);
        } else {
            *word &= !(1 << (column % 64));
        }
    }
}

pub(super) struct Board<'a> {
    pub(super) openings: Vec<&'a Opening>,
    pub(super) experts: Vec<&'a Candidate>,
    /// Experts each level requires.
    required: Vec<u32>,
    /// Distinct experts each application had before the run.
    before: Vec<u32>,
    /// Places still open per application.
    pub(super) need: Vec<u32>,
    /// Application x expert: in conflict.
    conflicted: Bits,
    /// Application x expert: serving, from before the run or from it.
    serving: Bits,
    /// Experts given to each application by this run, in the order given.
    pub(super) given: Vec<Vec<usize>>,
    /// Room under the cap per expert.
    pub(super) spare: Vec<u32>,
    /// Load per expert, this run's assignments included.
    used: Vec<u32>,
    /// Application x expert: the expert covers the application's field.
    matches: Bits,
}

impl<'a> Board<'a> {
    pub(super) fn new(request: &AssignmentRequest<'a>, cycle: &Cycle) -> Board<'a> {
        let openings = sorted_unique(request.openings.iter(), |o| o.id.as_str());
        let experts = sorted_unique(request.experts.iter(), |e| e.name.as_str());
        let (apps, count) = (openings.len(), experts.len());

        let expert_index: HashMap<&str, usize> = experts
            .iter()
            .enumerate()
            .map(|(i, e)| (e.name.as_str(), i))
            .collect();
        let app_index: HashMap<&str, usize> = openings
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.as_str(), i))
            .collect();

        let mut conflicted = Bits::new(apps, count);
        let mut serving = Bits::new(apps, count);
        let mut matches = Bits::new(apps, count);
        let expert_orgs: Vec<String> = experts
            .iter()
            .map(|e| {
                e.organization
                    .as_deref()
                    .map(normalize_org)
                    .unwrap_or_default()
            })
            .collect();
        let mut required = Vec::with_capacity(apps);
        let mut before = Vec::with_capacity(apps);
        for (a, opening) in openings.iter().enumerate() {
            let org = normalize_org(&opening.organization);
            for (e, expert) in experts.iter().enumerate() {
                if !org.is_empty() && org == expert_orgs[e] {
                    conflicted.set(a, e, true);
                }
                if opening.field.is_some_and(|f| expert.fields.contains(&f)) {
                    matches.set(a, e, true);
                }
            }
            let distinct: HashSet<&str> = opening.assigned.iter().map(String::as_str).collect();
            for name in &distinct {
                if let Some(&e) = expert_index.get(name) {
                    serving.set(a, e, true);
                }
            }
            required.push(cycle.experts_for(opening.level));
            before.push(u32::try_from(distinct.len()).unwrap_or(u32::MAX));
        }
        for d in request.declared {
            let pair = (
                app_index.get(d.application.as_str()),
                expert_index.get(d.expert.as_str()),
            );
            if let (Some(&a), Some(&e)) = pair {
                conflicted.set(a, e, true);
            }
        }

        let need = required
            .iter()
            .zip(&before)
            .map(|(r, b)| r.saturating_sub(*b))
            .collect();
        Board {
            spare: experts
                .iter()
                .map(|e| request.cap.saturating_sub(e.load))
                .collect(),
            used: experts.iter().map(|e| e.load).collect(),
            openings,
            experts,
            required,
            before,
            need,
            conflicted,
            serving,
            given: vec![Vec::new(); apps],
            matches,
        }
    }

    /// Whether the expert may be added to the application: not in conflict,
    /// not already on it (capacity aside).
    pub(super) fn eligible(&self, app: usize, expert: usize) -> bool {
        !self.conflicted.get(app, expert) && !self.serving.get(app, expert)
    }

    pub(super) fn expert_count(&self) -> usize {
        self.experts.len()
    }

    /// Gives each application, in id order, its preferred free experts.
    pub(super) fn fill_greedily(&mut self) {
        let mut candidates: Vec<(bool, u32, usize)> = Vec::with_capacity(self.experts.len());
        for app in 0..self.openings.len() {
            if self.need[app] == 0 {
                continue;
            }
            candidates.clear();
            for expert in 0..self.experts.len() {
                if self.spare[expert] > 0 && self.eligible(app, expert) {
                    let mismatch = !self.matches.get(app, expert);
                    candidates.push((mismatch, self.used[expert], expert));
                }
            }
            candidates.sort_unstable();
            let take = (self.need[app] as usize).min(candidates.len());
            for &(_, _, expert) in &candidates[..take] {
                self.add(app, expert);
                self.spare[expert] -= 1;
                self.used[expert] += 1;
                self.need[app] -= 1;
            }
        }
    }

    /// Puts the expert on the application (capacity is the caller's affair).
    pub(super) fn add(&mut self, app: usize, expert: usize) {
        self.serving.set(app, expert, true);
        self.given[app].push(expert);
    }

    /// Takes an expert this run gave off the application.
    pub(super) fn remove(&mut self, app: usize, expert: usize) {
        self.serving.set(app, expert, false);
        self.given[app].retain(|&e| e != expert);
    }

    /// A place filled at the end of an augmenting path.
    pub(super) fn take_place(&mut self, app: usize, last_expert: usize) {
        self.spare[last_expert] -= 1;
        self.used[last_expert] += 1;
        self.need[app] -= 1;
    }

    pub(super) fn into_plan(self) -> AssignmentPlan {
        let mut plan = AssignmentPlan::default();
        for (app, opening) in self.openings.iter().enumerate() {
            let mut given = self.given[app].clone();
            given.sort_unstable();
            plan.assignments.extend(given.iter().map(|&e| Assignment {
                application: opening.id.clone(),
                expert: self.experts[e].name.clone(),
            }));
            if self.need[app] > 0 {
                plan.shortfalls.push(self.shortfall(app, given.len()));
            }
        }
        plan
    }

    fn shortfall(&self, app: usize, given: usize) -> Shortfall {
        let count = |keep: &dyn Fn(usize) -> bool| {
            let n = (0..self.experts.len()).filter(|&e| keep(e)).count();
            u32::try_from(n).unwrap_or(u32::MAX)
        };
        let given = u32::try_from(given).unwrap_or(u32::MAX);
        Shortfall {
            application: self.openings[app].id.clone(),
            required: self.required[app],
            assigned: self.before[app].saturating_add(given),
            experts: count(&|_| true),
            conflicted: count(&|e| self.conflicted.get(app, e)),
            at_cap: count(&|e| self.eligible(app, e) && self.spare[e] == 0),
        }
    }
}

/// The items sorted by key, the first of each key kept.
fn sorted_unique<'a, T>(items: impl Iterator<Item = &'a T>, key: fn(&T) -> &str) -> Vec<&'a T> {
    let mut sorted: Vec<&T> = items.collect();
    sorted.sort_by(|a, b| key(a).cmp(key(b)));
    sorted.dedup_by(|later, first| key(later) == key(first));
    sorted
}
