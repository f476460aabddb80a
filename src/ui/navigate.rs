//! Moving about the application screen. On the left, `j`/`k` step
//! through the criteria first (the evidence a criterion relied on lights up
//! on the right), then scroll through the claims below them; on the right,
//! they select an evidence item to mark.

use std::ops::Range;

use super::app::{App, Screen};
use super::application::{ApplicationView, Pane};
use super::application_view::{pane_lines, pane_rect};
use super::keymap::Action;

/// The offset nearest to `offset` that shows the lines of `range` (at
/// least its first line) in `height` lines.
pub fn reveal(offset: usize, range: &Range<usize>, height: usize) -> usize {
    let height = height.max(1);
    if range.start < offset {
        range.start
    } else if range.end > offset + height {
        range.end.saturating_sub(height).min(range.start)
    } else {
        offset
    }
}

/// How a pane's cursor answers a key, given its anchors, lines and height.
type Step = fn(Cursor, &[Range<usize>], usize, usize, Action) -> Cursor;

/// A selection and a scroll position over a pane's anchors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

/// The criteria: `j` selects the next one until the last, then scrolls;
/// `k` scrolls back to the selected criterion, then selects the previous.
pub fn step_criteria(
    at: Cursor,
    anchors: &[Range<usize>],
    len: usize,
    height: usize,
    action: Action,
) -> Cursor {
    let max = len.saturating_sub(height);
    let page = height.max(1);
    let Cursor { selected, offset } = at;
    let current = anchors.get(selected).map_or(0, |r| r.start);
    let scroll = |offset: usize| Cursor {
        selected,
        offset: offset.min(max),
    };
    let select = |selected: usize| Cursor {
        selected,
        offset: reveal(offset, &anchors[selected], height).min(max),
    };
    match action {
        Action::MoveDown if selected + 1 < anchors.len() && offset <= current => {
            select(selected + 1)
        }
        Action::MoveDown => scroll(offset + 1),
        Action::MoveUp if offset > current => scroll(offset - 1),
        Action::MoveUp if selected > 0 && selected < anchors.len() => select(selected - 1),
        Action::MoveUp => scroll(offset.saturating_sub(1)),
        Action::PageDown => scroll(offset + page),
        Action::PageUp => scroll(offset.saturating_sub(page)),
        Action::MoveTop => Cursor {
            selected: 0,
            offset: 0,
        },
        Action::MoveBottom => scroll(max),
        _ => at,
    }
}

/// The evidence items: `j`/`k` select, the view follows; a page scrolls
/// and selects the first item it shows.
pub fn step_evidence(
    at: Cursor,
    anchors: &[Range<usize>],
    len: usize,
    height: usize,
    action: Action,
) -> Cursor {
    let max = len.saturating_sub(height);
    let page = height.max(1);
    let Cursor { selected, offset } = at;
    let select = |selected: usize, offset: usize| Cursor {
        selected,
        offset: reveal(offset, &anchors[selected], height).min(max),
    };
    let first_shown = |offset: usize| {
        anchors
            .iter()
            .position(|r| r.start >= offset)
            .unwrap_or(anchors.len().saturating_sub(1))
    };
    if anchors.is_empty() {
        let offset = match action {
            Action::MoveDown => offset + 1,
            Action::PageDown => offset + page,
            Action::MoveUp => offset.saturating_sub(1),
            Action::PageUp => offset.saturating_sub(page),
            Action::MoveBottom => max,
            _ => 0,
        };
        return Cursor {
            selected: 0,
            offset: offset.min(max),
        };
    }
    let last = anchors.len() - 1;
    match action {
        Action::MoveDown if selected < last => select(selected + 1, offset),
        Action::MoveDown => Cursor {
            selected,
            offset: (offset + 1).min(max),
        },
        Action::MoveUp if selected > 0 => select(selected - 1, offset),
        Action::MoveUp => Cursor {
            selected,
            offset: offset.saturating_sub(1),
        },
        Action::PageDown | Action::PageUp => {
            let offset = if action == Action::PageDown {
                (offset + page).min(max)
            } else {
                offset.saturating_sub(page)
            };
            select(first_shown(offset), offset)
        }
        Action::MoveTop => Cursor {
            selected: 0,
            offset: 0,
        },
        Action::MoveBottom => select(last, max),
        _ => at,
    }
}

impl App {
    pub(super) fn update_application(&mut self, action: Action) {
        match action {
            Action::MoveDown
            | Action::MoveUp
            | Action::PageDown
            | Action::PageUp
            | Action::MoveTop
            | Action::MoveBottom => self.move_in_pane(action),
            Action::NextPane | Action::PreviousPane => {
                if let Screen::Application(view) = &mut self.screen {
                    view.focus = view.focus.other();
                    self.dirty = true;
                }
            }
            Action::GoBack => {
                if self.message.take().is_none() {
                    self.screen = Screen::Queue;
                    self.fit_queue_scroll();
                }
                self.dirty = true;
            }
            Action::VerifyEvidence => self.mark_selected_evidence(Some(true)),
            Action::ClearEvidence => self.mark_selected_evidence(None),
            Action::RejectEvidence => self.start_reject_evidence(),
            other => self.update_common(other),
        }
    }

    fn move_in_pane(&mut self, action: Action) {
        let area = self.area();
        let (lang, glyphs) = (self.lang, self.glyphs);
        let Screen::Application(view) = &mut self.screen else {
            return;
        };
        let pane = view.focus;
        let rect = pane_rect(area, pane);
        let content = pane_lines(view, pane, lang, glyphs, usize::from(rect.width));
        let (len, height) = (content.lines.len(), usize::from(rect.height));
        let (selected, step): (&mut usize, Step) = match pane {
            Pane::Applicant => (&mut view.criterion, step_criteria),
            Pane::Evidence => (&mut view.evidence, step_evidence),
        };
        let at = Cursor {
            selected: *selected,
            offset: view.scroll[pane as usize].min(len.saturating_sub(height)),
        };
        let next = step(at, &content.anchors, len, height, action);
        if next != at || next.offset != view.scroll[pane as usize] {
            *selected = next.selected;
            view.scroll[pane as usize] = next.offset;
            self.dirty = true;
        }
    }

    /// Scrolls the focused pane so its selected entry shows whole (after a
    /// mark adds or removes the lines of a reason).
    pub(super) fn reveal_selection(&mut self) {
        let area = self.area();
        let (lang, glyphs) = (self.lang, self.glyphs);
        let Screen::Application(view) = &mut self.screen else {
            return;
        };
        let pane = view.focus;
        let rect = pane_rect(area, pane);
        let content = pane_lines(view, pane, lang, glyphs, usize::from(rect.width));
        let selected = match pane {
            Pane::Applicant => view.criterion,
            Pane::Evidence => view.evidence,
        };
        if let Some(range) = content.anchors.get(selected) {
            let height = usize::from(rect.height);
            let max = content.lines.len().saturating_sub(height);
            let offset = &mut view.scroll[pane as usize];
            *offset = reveal(*offset, range, height).min(max);
            self.dirty = true;
        }
    }

    /// Keeps each pane's scroll within its lines after a resize or a change.
    pub(super) fn fit_application_scroll(&mut self) {
        let area = self.area();
        let (lang, glyphs) = (self.lang, self.glyphs);
        if let Screen::Application(view) = &mut self.screen {
            fit_view(view, area, lang, glyphs);
        }
    }
}

fn fit_view(
    view: &mut ApplicationView,
    area: ratatui::layout::Rect,
    lang: super::catalog::Lang,
    glyphs: super::glyphs::Glyphs,
) {
    for pane in [Pane::Applicant, Pane::Evidence] {
        let rect = pane_rect(area, pane);
        let content = pane_lines(view, pane, lang, glyphs, usize::from(rect.width));
        let max = content.lines.len().saturating_sub(usize::from(rect.height));
        let offset = &mut view.scroll[pane as usize];
        *offset = (*offset).min(max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three criteria of 2, 3 and 1 lines after a heading line, then 20
    /// lines of claims.
    fn criteria() -> (Vec<Range<usize>>, usize) {
        (vec![1..3, 3..6, 6..7], 27)
    }

    fn at(selected: usize, offset: usize) -> Cursor {
        Cursor { selected, offset }
    }

    #[test]
    fn j_selects_the_criteria_then_scrolls_and_k_comes_back() {
        let (anchors, len) = criteria();
        let mut c = at(0, 0);
        for expected in [at(1, 1), at(2, 2), at(2, 3), at(2, 4)] {
            c = step_criteria(c, &anchors, len, 5, Action::MoveDown);
            assert_eq!(c, expected);
        }
        c = at(2, 9);
        for expected in [at(2, 8), at(2, 7), at(2, 6), at(1, 3), at(0, 1)] {
            c = step_criteria(c, &anchors, len, 5, Action::MoveUp);
            assert_eq!(c, expected);
        }
        assert_eq!(
            step_criteria(at(0, 0), &anchors, len, 5, Action::MoveUp),
            at(0, 0)
        );
        assert_eq!(
            step_criteria(at(1, 3), &anchors, len, 5, Action::MoveTop),
            at(0, 0)
        );
        assert_eq!(
            step_criteria(at(1, 0), &anchors, len, 5, Action::MoveBottom),
            at(1, 22)
        );
    }

    #[test]
    fn evidence_selection_keeps_the_item_in_view() {
        let anchors = vec![3..6, 6..9, 12..15, 15..18];
        let len = 20;
        let mut c = at(0, 0);
        for expected in [at(1, 4), at(2, 10), at(3, 13), at(3, 14), at(3, 15)] {
            c = step_evidence(c, &anchors, len, 5, Action::MoveDown);
            assert_eq!(c, expected);
        }
        assert_eq!(
            step_evidence(c, &anchors, len, 5, Action::MoveUp),
            at(2, 12)
        );
        assert_eq!(
            step_evidence(at(0, 0), &anchors, len, 5, Action::PageDown),
            at(1, 5)
        );
        assert_eq!(
            step_evidence(at(3, 15), &anchors, len, 5, Action::MoveTop),
            at(0, 0)
        );
        assert_eq!(
            step_evidence(at(0, 0), &[], 4, 5, Action::MoveDown),
            at(0, 0)
        );
    }

    #[test]
    fn reveal_scrolls_the_least() {
        assert_eq!(reveal(5, &(2..4), 5), 2);
        assert_eq!(reveal(0, &(7..9), 5), 4);
        assert_eq!(reveal(0, &(2..12), 5), 2, "the first line wins");
        assert_eq!(reveal(3, &(4..6), 5), 3);
    }
}
