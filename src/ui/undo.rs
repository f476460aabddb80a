//! `u`: takes back the session's last stage move (one application or the
//! marked ones) or its last change to the marks. Moves go back through the
//! service, each audited as `stage.undo`; marks are the session's own.
//!
//! `v` marks a range: from the row where it was pressed to the cursor,
//! following the cursor until `v` again (or `Esc`, which clears the marks).

use std::collections::BTreeSet;

use crate::domain::Stage;

use super::app::App;
use super::catalog::fill;
use super::moves::advances_from;
use crate::service::{Permission, require};

/// One application moved, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub id: String,
    pub from: Stage,
    pub to: Stage,
}

/// What `u` would take back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undo {
    /// The marks as they were before the last change to them.
    Marks(BTreeSet<String>),
    Moves(Vec<Moved>),
}

/// A range being marked with `v`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    /// The row where `v` was pressed.
    anchor: String,
    tab: usize,
    /// The marks before the range began.
    base: BTreeSet<String>,
}

impl App {
    /// `v`: starts a range at the selected row, or ends the one under way.
    pub(super) fn mark_range(&mut self) -> bool {
        if self.range.take().is_some() {
            self.dirty = true;
            return false;
        }
        let Some(anchor) = self.queue.selected().map(|s| s.id.clone()) else {
            return false;
        };
        if let Err(e) = require(&self.user, Permission::MoveStage) {
            self.refused(&e);
            return false;
        }
        self.remember_marks();
        self.range = Some(Range {
            anchor,
            tab: self.queue.tab(),
            base: self.marks.clone(),
        });
        self.extend_range();
        self.notice(self.catalog().range_started, false);
        true
    }

    /// After the cursor moved: the marks cover the range to it.
    pub(super) fn extend_range(&mut self) {
        let Some(range) = &self.range else {
            return;
        };
        let anchor = self.queue.find(&range.anchor).map(|(_, row)| row);
        let (Some(anchor), Some(cursor)) = (anchor, self.queue.selected_row()) else {
            self.range = None;
            return;
        };
        if range.tab != self.queue.tab() {
            self.range = None;
            return;
        }
        let (from, to) = (anchor.min(cursor), anchor.max(cursor));
        let mut marks = range.base.clone();
        marks.extend(
            self.queue
                .rows(from, to - from + 1)
                .filter(|(_, s)| advances_from(s.stage))
                .map(|(_, s)| s.id.clone()),
        );
        self.marks = marks;
        self.dirty = true;
    }

    /// Keeps the marks as they are, before a change to them.
    pub(super) fn remember_marks(&mut self) {
        self.undo = Some(Undo::Marks(self.marks.clone()));
    }

    /// Keeps the moves just made, to take back.
    pub(super) fn remember_moves(&mut self, moves: Vec<Moved>) {
        if !moves.is_empty() {
            self.undo = Some(Undo::Moves(moves));
        }
    }

    pub(super) fn undo(&mut self) {
        let Some(step) = self.undo.take() else {
            self.notice(self.catalog().undo_nothing, false);
            return;
        };
        match step {
            Undo::Marks(marks) => {
                self.marks = marks;
                self.dirty = true;
                let count = self.marks.len().to_string();
                let text = fill(self.catalog().undo_marks, &[("count", &count)]);
                self.notice(&text, false);
            }
            Undo::Moves(moves) => {
                let mut back = 0;
                let mut refused = None;
                for m in &moves {
                    let revision = self
                        .service
                        .application(&self.user, &m.id)
                        .map(|r| r.revision);
                    let result = revision.and_then(|revision| {
                        self.service
                            .undo_move(&self.user, &m.id, m.from, m.to, revision)
                    });
                    match result {
                        Ok(_) => back += 1,
                        Err(e) if refused.is_none() => refused = Some(self.refusal_text(&e)),
                        Err(_) => {}
                    }
                }
                self.reload();
                let c = self.catalog();
                let mut text = fill(c.undo_moves, &[("count", &back.to_string())]);
                if let Some(why) = &refused {
                    text = format!("{text}{}{why}", c.colon);
                }
                self.notice(&text, refused.is_some());
            }
        }
    }
}
