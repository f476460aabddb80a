//! Filling the places the greedy pass left open, along augmenting paths.
//!
//! A path starts at an application with an open place, goes to an expert
//! eligible for it, and from a full expert `e` on to an expert `f` through
//! an application `b` that this run gave `e` and that could take `f`
//! instead; it ends at an expert with room. Shifting every `b` along the
//! path and giving the first expert to the application fills one place,
//! with every rule kept. The search runs over experts only (at most
//! experts x experts edges), with, for each pair, the applications that
//! could be shifted between them.
//!
//! When no path starts at an application, none ever will (no later shift
//! opens one: the applications that cannot reach an expert with room stay
//! cut off), so each application is searched until it fails once, and the
//! result is a maximum assignment.

use std::collections::{BTreeSet, VecDeque};

use super::board::Board;

/// Applications that could be shifted from one expert to another,
/// indexed by `from * experts + to`.
struct Shifts {
    experts: usize,
    pairs: Vec<BTreeSet<usize>>,
}

impl Shifts {
    fn new(board: &Board<'_>) -> Shifts {
        let experts = board.expert_count();
        let mut shifts = Shifts {
            experts,
            pairs: vec![BTreeSet::new(); experts * experts],
        };
        for app in 0..board.given.len() {
            shifts.index(board, app, true);
        }
        shifts
    }

    /// Adds (or removes) the application's shifts as the board has it now.
    fn index(&mut self, board: &Board<'_>, app: usize, add: bool) {
        for &from in &board.given[app] {
            for to in (0..self.experts).filter(|&to| to != from && board.eligible(app, to)) {
                let set = &mut self.pairs[from * self.experts + to];
                if add {
                    set.insert(app);
                } else {
                    set.remove(&app);
                }
            }
        }
    }

    fn first(&self, from: usize, to: usize) -> Option<usize> {
        self.pairs[from * self.experts + to].first().copied()
    }
}

/// Fills open places while augmenting paths exist.
pub(super) fn fill_by_augmenting(board: &mut Board<'_>) {
    let open = |board: &Board<'_>| board.need.iter().any(|&n| n > 0);
    let room = |board: &Board<'_>| board.spare.iter().any(|&s| s > 0);
    if !open(board) || !room(board) {
        return;
    }

    let mut shifts = Shifts::new(board);
    for app in 0..board.need.len() {
        while board.need[app] > 0 {
            if !room(board) {
                return;
            }
            match find_path(board, &shifts, app) {
                Some(path) => apply(board, &mut shifts, app, &path),
                None => break,
            }
        }
    }
}

/// One step of a path: `app` leaves expert `from` for expert `to`.
struct Shift {
    app: usize,
    from: usize,
    to: usize,
}

/// How the search reached an expert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reached {
    Not,
    /// Eligible for the application the search starts from.
    Start,
    /// Through `app`, which could leave expert `from` for this one.
    Via {
        from: usize,
        app: usize,
    },
}

/// The first expert of the path and the shifts behind it, or `None`.
fn find_path(board: &Board<'_>, shifts: &Shifts, app: usize) -> Option<(usize, Vec<Shift>)> {
    let mut reached = vec![Reached::Not; board.expert_count()];
    let mut queue = VecDeque::new();
    for (expert, slot) in reached.iter_mut().enumerate() {
        if board.eligible(app, expert) {
            *slot = Reached::Start;
            queue.push_back(expert);
        }
    }

    while let Some(from) = queue.pop_front() {
        if board.spare[from] > 0 {
            return Some(trace(&reached, from));
        }
        for (to, slot) in reached.iter_mut().enumerate() {
            if *slot != Reached::Not {
                continue;
            }
            if let Some(moved) = shifts.first(from, to) {
                *slot = Reached::Via { from, app: moved };
                queue.push_back(to);
            }
        }
    }
    None
}

/// Walks back from the expert with room to the first expert of the path.
fn trace(reached: &[Reached], end: usize) -> (usize, Vec<Shift>) {
    let mut steps = Vec::new();
    let mut at = end;
    while let Reached::Via { from, app } = reached[at] {
        steps.push(Shift { app, from, to: at });
        at = from;
    }
    (at, steps)
}

fn apply(board: &mut Board<'_>, shifts: &mut Shifts, app: usize, path: &(usize, Vec<Shift>)) {
    let (first, steps) = path;
    let mut touched: Vec<usize> = steps.iter().map(|s| s.app).collect();
    touched.push(app);
    touched.sort_unstable();
    touched.dedup();

    for &a in &touched {
        shifts.index(board, a, false);
    }
    board.add(app, *first);
    for step in steps {
        board.remove(step.app, step.from);
        board.add(step.app, step.to);
    }
    let last = steps.first().map_or(*first, |s| s.to);
    board.take_place(app, last);
    for &a in &touched {
        shifts.index(board, a, true);
    }
}
