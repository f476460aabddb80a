//! The queue's detail pane: the key facts of the application the cursor
//! rests on, from its summary, and the criteria that fail or need review
//! with the rules' explanations. Beside the list it is a short column of
//! lines; below the list, four packed lines.
//!
//! It is redrawn every time the cursor comes to rest on another row, so it
//! keeps to plain text and few changes of style, and its lines stay in the
//! same places from one application to the next.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::domain::rules::{CriterionResult, Status, explain};
use crate::domain::{Summary, Verdict};

use super::app::App;
use super::application_lines::{fee_segs, hours_text};
use super::catalog::Catalog;
use super::draw::{Seg, TextLine, put_line, row_of};
use super::marks::{status_mark, status_seg, status_style, verdict_style};
use super::text::{self, clean};
use super::theme::StyleName as S;

/// "label：value" as the start of a line.
fn labelled(c: &Catalog, label: &str, value: Vec<Seg>) -> TextLine {
    let mut line = vec![Seg::plain(format!("{label}{}", c.colon))];
    line.extend(value);
    line
}

/// Several labelled facts on one line.
fn joined(parts: Vec<TextLine>) -> TextLine {
    let mut line = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            line.push(Seg::plain("  "));
        }
        line.extend(part);
    }
    line
}

fn verdict(c: &Catalog, verdict: Verdict) -> Vec<Seg> {
    vec![Seg::new(c.verdict_name(verdict), verdict_style(verdict))]
}

/// The criteria of the application shown that fail or need review, once
/// its evaluation is loaded.
fn open_criteria<'a>(app: &'a App, summary: &Summary) -> Vec<&'a CriterionResult> {
    app.detail_evaluation(&summary.id)
        .map(|evaluation| {
            evaluation
                .criteria
                .iter()
                .filter(|c| matches!(c.status, Status::Fail | Status::Review))
                .collect()
        })
        .unwrap_or_default()
}

/// Evidence in all, then verified, not yet verified and rejected, by their
/// marks' letters (plain here: the colours are on the application screen).
fn evidence(c: &Catalog, summary: &Summary) -> Vec<Seg> {
    let verified = summary
        .evidence
        .saturating_sub(summary.unverified + summary.rejected);
    vec![Seg::plain(format!(
        "{}{}  V{verified} ?{} X{}",
        summary.evidence, c.unit_items, summary.unverified, summary.rejected
    ))]
}

fn since(c: &Catalog, summary: &Summary) -> Vec<Seg> {
    vec![Seg::plain(format!(
        "{}{}{}",
        c.since.0, summary.service_start, c.since.1
    ))]
}

fn hours(c: &Catalog, summary: &Summary) -> Vec<Seg> {
    vec![Seg::plain(hours_text(
        c,
        summary.certified_hours,
        summary.cast_hours,
    ))]
}

fn level_and_track(c: &Catalog, summary: &Summary) -> String {
    format!("{} {}", c.level(summary.level), c.track(summary.track))
}

fn draw_lines(app: &App, buf: &mut Buffer, area: Rect, lines: &[TextLine]) {
    for (i, line) in lines.iter().enumerate() {
        let row = row_of(area, u16::try_from(i).unwrap_or(u16::MAX));
        put_line(buf, row, line, &app.theme, Style::new(), app.glyphs.ascii);
    }
}

/// The pane beside the list (from 120 columns).
pub fn draw_beside(app: &App, buf: &mut Buffer, area: Rect, summary: &Summary) {
    let c = app.catalog();
    let ascii = app.glyphs.ascii;
    let mut lines: Vec<TextLine> = vec![
        vec![
            Seg::new(clean(&summary.name).into_owned(), S::Title),
            Seg::plain(format!("  {}", clean(&summary.id))),
        ],
        vec![Seg::plain(format!(
            "{}  {}",
            level_and_track(c, summary),
            clean(&summary.province)
        ))],
    ];
    // Two lines for the organization, even when it needs one, so the lines
    // below stay put from one application to the next.
    let width = usize::from(area.width);
    let mut organization = text::wrap_limited(&clean(&summary.organization), width, 2, ascii);
    organization.resize(2, String::new());
    lines.extend(organization.into_iter().map(|line| vec![Seg::plain(line)]));
    lines.push(Vec::new());
    lines.extend([
        labelled(c, c.verdict, verdict(c, summary.verdict)),
        labelled(c, c.evidence, evidence(c, summary)),
        labelled(c, c.fee, fee_segs(c, summary.fee_paid)),
    ]);

    // What stands in the way, in the rules' words (which name the years,
    // hours and evidence involved): one line each, so the pane costs few
    // bytes when the cursor comes to rest. Without a loaded evaluation,
    // the facts the rules look at.
    let criteria = open_criteria(app, summary);
    if app.detail_evaluation(&summary.id).is_none() {
        lines.extend([
            labelled(
                c,
                c.education,
                vec![Seg::plain(c.education_name(summary.education))],
            ),
            labelled(c, c.service_short, since(c, summary)),
            labelled(c, c.training_hours, hours(c, summary)),
        ]);
    } else if !criteria.is_empty() {
        lines.push(Vec::new());
    }
    // Each line in its status's style, mark and all: one change of style
    // per line.
    for result in criteria {
        let explanation = clean(&explain(result, app.lang)).into_owned();
        let line = format!(
            "{} {}{}{explanation}",
            status_mark(result.status),
            c.criterion(result.code),
            c.colon
        );
        lines.push(vec![Seg::new(line, status_style(result.status))]);
    }
    draw_lines(app, buf, area, &lines);
}

/// The pane below the list (narrower than 120 columns): four lines.
pub fn draw_below(app: &App, buf: &mut Buffer, area: Rect, summary: &Summary) {
    let c = app.catalog();
    let first = vec![
        Seg::new(clean(&summary.name).into_owned(), S::Title),
        Seg::plain(format!(
            "  {}  {}  {}  {}",
            clean(&summary.id),
            level_and_track(c, summary),
            clean(&summary.province),
            clean(&summary.organization)
        )),
    ];
    // The criteria in the way, by mark and name, after the verdict.
    let mut verdict_segs = verdict(c, summary.verdict);
    for result in open_criteria(app, summary) {
        verdict_segs.push(Seg::plain(" "));
        verdict_segs.push(status_seg(result.status));
        verdict_segs.push(Seg::plain(format!(" {}", c.criterion(result.code))));
    }
    let lines = [
        first,
        joined(vec![
            labelled(c, c.verdict, verdict_segs),
            labelled(c, c.evidence, evidence(c, summary)),
            labelled(c, c.fee, fee_segs(c, summary.fee_paid)),
        ]),
        joined(vec![
            labelled(
                c,
                c.education,
                vec![Seg::plain(c.education_name(summary.education))],
            ),
            labelled(c, c.service_short, since(c, summary)),
        ]),
        labelled(c, c.training_hours, hours(c, summary)),
    ];
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(1),
        ..area
    };
    draw_lines(app, buf, inner, &lines);
}
