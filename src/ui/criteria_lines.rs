//! The criteria at the top of the application's left pane: the verdict,
//! then per criterion its mark, its name and the rules' explanation in the
//! UI language, wrapped; under achievements, each condition with the
//! evidence that met it.

use std::ops::Range;

use crate::domain::rules::{CriterionResult, Evaluation, explain};

use super::catalog::{Catalog, Lang, fill};
use super::draw::{Seg, TextLine};
use super::marks::{status_seg, verdict_style};
use super::text::{self, clean};
use super::theme::StyleName as S;

/// Narrower than this, an explanation goes under its criterion's name.
const MIN_ROOM: usize = 12;

/// Lines of a pane and where its selectable entries are.
#[derive(Debug, Clone, Default)]
pub struct PaneLines {
    pub lines: Vec<TextLine>,
    /// The lines of each entry (criterion or evidence item), in order.
    pub anchors: Vec<Range<usize>>,
    /// The line drawn as selected, when the pane has the focus.
    pub highlight: Option<usize>,
}

/// The criteria block: a heading with the verdict, one entry per
/// criterion, and a blank line. `selected` gets the `>` marker.
pub fn criteria(
    evaluation: &Evaluation,
    selected: usize,
    lang: Lang,
    width: usize,
    ascii: bool,
) -> PaneLines {
    let c = lang.catalog();
    let mut out = PaneLines::default();
    let heading = format!("{}  ", c.criteria_heading);
    let verdict = c.verdict_name(evaluation.verdict);
    out.lines.push(vec![
        Seg::new(text::truncate(&heading, width, ascii), S::Heading),
        Seg::new(
            text::truncate(verdict, width.saturating_sub(text::width(&heading)), ascii),
            verdict_style(evaluation.verdict),
        ),
    ]);

    let label_width = c.criteria.iter().map(|l| text::width(l)).max().unwrap_or(8) + 2;
    for (i, result) in evaluation.criteria.iter().enumerate() {
        let start = out.lines.len();
        entry(
            &mut out.lines,
            result,
            i == selected,
            c,
            lang,
            width,
            label_width,
            ascii,
        );
        out.anchors.push(start..out.lines.len());
    }
    out.lines.push(Vec::new());
    out
}

#[allow(clippy::too_many_arguments, reason = "one entry's every input, named")]
fn entry(
    lines: &mut Vec<TextLine>,
    result: &CriterionResult,
    selected: bool,
    c: &Catalog,
    lang: Lang,
    width: usize,
    label_width: usize,
    ascii: bool,
) {
    // "> x 培训学时  explanation": marker, mark, the name padded to one column.
    let marker = Seg::new(if selected { "> " } else { "  " }, S::Cursor);
    let label = c.criterion(result.code);
    let indent = 4 + label_width;
    let explanation = clean(&explain(result, lang)).into_owned();
    let room = width.saturating_sub(indent);
    let head = vec![
        marker,
        status_seg(result.status),
        Seg::plain(" "),
        Seg::new(
            text::fit(label, label_width.min(width.saturating_sub(4)), ascii),
            S::Label,
        ),
    ];
    if room >= MIN_ROOM {
        let mut wrapped = text::wrap(&explanation, room).into_iter();
        let mut first = head;
        first.push(Seg::plain(wrapped.next().unwrap_or_default()));
        lines.push(first);
        let pad = " ".repeat(indent);
        lines.extend(wrapped.map(|line| vec![Seg::plain(pad.clone()), Seg::plain(line)]));
    } else {
        lines.push(head);
        let room = width.saturating_sub(4).max(1);
        lines.extend(
            text::wrap(&explanation, room)
                .into_iter()
                .map(|line| vec![Seg::plain("    "), Seg::plain(line)]),
        );
    }

    // Achievements: each condition, met or not, with its evidence.
    let indent = if room >= MIN_ROOM { indent } else { 4 };
    for condition in &result.conditions {
        let number = condition.number.to_string();
        let name = fill(c.condition, &[("number", &number)]);
        let (state, style) = if condition.met {
            (c.condition_met, S::Text)
        } else {
            (c.condition_unmet, S::Muted)
        };
        let ids: Vec<String> = condition
            .evidence
            .iter()
            .map(|id| clean(id).into_owned())
            .collect();
        let line = format!("{name} {state}  {}", ids.join(" "));
        let shown = text::truncate(line.trim_end(), width.saturating_sub(indent), ascii);
        lines.push(vec![Seg::plain(" ".repeat(indent)), Seg::new(shown, style)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::evaluate;
    use crate::ui::draw::line_width;
    use crate::ui::testkit;

    fn flat(lines: &[TextLine]) -> String {
        lines
            .iter()
            .map(|l| l.iter().map(|s| s.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn evaluation(id: &str) -> Evaluation {
        let cycle = crate::demo::demo_cycle().unwrap();
        evaluate(&testkit::application(id), &cycle)
    }

    #[test]
    fn each_criterion_shows_its_mark_name_and_explanation() {
        let block = criteria(&evaluation("2024-ZJ-J-0003"), 0, Lang::Zh, 78, false);
        let all = flat(&block.lines);
        assert!(all.starts_with("资格条件  不符合条件"), "{all}");
        assert!(all.contains("> + 职业道德"), "{all}");
        assert!(
            all.contains("  x 培训学时  培训 20 学时，少于 30 学时"),
            "{all}"
        );
        assert_eq!(block.anchors.len(), 5);
        assert_eq!(block.anchors[0].start, 1);
    }

    #[test]
    fn achievements_list_their_conditions_with_evidence() {
        let block = criteria(&evaluation("2024-ZJ-J-0001"), 4, Lang::En, 78, false);
        let all = flat(&block.lines);
        assert!(all.contains("> + Achievements"), "{all}");
        assert!(all.contains("Condition 1 met  E1"), "{all}");
        assert!(all.contains("Condition 2 met  E3"), "{all}");
    }

    #[test]
    fn lines_fit_any_width() {
        for id in ["2024-ZJ-J-0003", "2024-SH-S-0001", "2024-HB-I-0001"] {
            for width in [8, 20, 39, 58, 78] {
                for lang in [Lang::Zh, Lang::En] {
                    let block = criteria(&evaluation(id), 1, lang, width, false);
                    for line in &block.lines {
                        assert!(line_width(line) <= width, "{id} {width}: {line:?}");
                    }
                }
            }
        }
    }
}
