//! Automatic assignment of experts to the applications of a stage.
//!
//! The rules: each application gets the cycle's number of experts for its
//! level; an expert is never assigned to an application they are in
//! conflict with, nor twice to one application; no expert goes over the
//! load cap. Within those, as many places as possible are filled, and the
//! choice prefers experts whose fields match the application's field, then
//! the lowest load, then the name.
//!
//! How: applications are taken in id order and each gets its preferred
//! experts among those still free (greedy). When that leaves a place open
//! while some expert still has room, earlier choices are shifted along
//! augmenting paths (an expert moves to another application that can take
//! them, freeing a place) until no open place can be reached: the result
//! is then a maximum assignment, whatever the order. The same input always
//! gives the same plan, and the plan does not depend on the order of the
//! input lists.

mod board;
mod flow;

#[cfg(test)]
mod tests;

use std::fmt;

use super::application::Field;
use super::committee::Declared;
use super::cycle::Cycle;
use super::stage::Level;
use super::user::User;

use self::board::Board;

/// An application that needs experts at the stage being assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub id: String,
    pub level: Level,
    pub field: Option<Field>,
    pub organization: String,
    /// Experts already assigned at this stage (by hand or by an earlier run);
    /// they count towards the number required and stay as they are.
    pub assigned: Vec<String>,
}

/// An expert who may be assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub name: String,
    pub fields: Vec<Field>,
    pub organization: Option<String>,
    /// Applications the expert already has, counted against the cap.
    pub load: u32,
}

impl Candidate {
    pub fn from_user(user: &User, load: u32) -> Candidate {
        Candidate {
            name: user.name.clone(),
            fields: user.fields.clone(),
            organization: user.organization.clone(),
            load,
        }
    }
}

/// Everything an assignment run looks at.
#[derive(Debug, Clone, Copy)]
pub struct AssignmentRequest<'a> {
    pub openings: &'a [Opening],
    pub experts: &'a [Candidate],
    pub declared: &'a [Declared],
    /// The most applications one expert may have, counting `load`.
    pub cap: u32,
}

/// One new assignment.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Assignment {
    pub application: String,
    pub expert: String,
}

/// Why an application could not be given all its experts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    pub application: String,
    /// Experts the level requires.
    pub required: u32,
    /// Experts it has after the run, those assigned before included.
    pub assigned: u32,
    /// Experts considered.
    pub experts: u32,
    /// Of those, in conflict with the application.
    pub conflicted: u32,
    /// Of those neither conflicted nor already on it, at their cap.
    pub at_cap: u32,
}

impl Shortfall {
    /// Experts not in conflict with the application.
    pub fn eligible(&self) -> u32 {
        self.experts - self.conflicted
    }
}

impl fmt::Display for Shortfall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} of {} experts; of {} experts, {} eligible, {} conflicted, {} at their cap",
            self.application,
            self.assigned,
            self.required,
            self.experts,
            self.eligible(),
            self.conflicted,
            self.at_cap
        )
    }
}

/// The outcome of a run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssignmentPlan {
    /// New assignments, by application id, then expert name.
    pub assignments: Vec<Assignment>,
    /// Applications left short, by id.
    pub shortfalls: Vec<Shortfall>,
}

/// Assigns experts to the openings; see the module documentation for the
/// rules and the order of preference.
pub fn assign(request: &AssignmentRequest<'_>, cycle: &Cycle) -> AssignmentPlan {
    let mut board = Board::new(request, cycle);
    board.fill_greedily();
    flow::fill_by_augmenting(&mut board);
    board.into_plan()
}
