//! Drawing the application screen: a header line, then the applicant's
//! claims (left) and the evidence (right). From 120 columns the panes
//! stand side by side; narrower, one at a time and Tab switches.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::app::App;
use super::application::{ApplicationView, Pane};
use super::application_lines::{EvidenceMarks, applicant, certificate, evidence};
use super::catalog::Lang;
use super::criteria_lines::{PaneLines, criteria};
use super::draw::{Seg, TextLine, fill, put_line, row_of};
use super::glyphs::Glyphs;
use super::marks::verdict_style;
use super::text::{self, clean};
use super::theme::StyleName as S;

/// From this width both panes show.
pub const SIDE_BY_SIDE: u16 = 120;
const GAP: u16 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApplicationLayout {
    pub header: Rect,
    /// The pane titles (and, when narrow, which one shows).
    pub titles: Rect,
    /// Where each pane goes; `None` for a pane hidden on a narrow screen.
    pub panes: [Option<Rect>; 2],
}

pub fn layout(area: Rect, focus: Pane) -> ApplicationLayout {
    // One column of margin on each side, as the queue has.
    let inner = Rect {
        x: area.x.saturating_add(1),
        width: area.width.saturating_sub(2),
        ..area
    };
    let header = row_of(inner, 0);
    let titles = row_of(inner, 1);
    let top = inner.y.saturating_add(2).min(inner.bottom());
    let bottom = inner.bottom().saturating_sub(1).max(top);
    let body = Rect::new(inner.x, top, inner.width, bottom - top);
    let panes = if area.width >= SIDE_BY_SIDE {
        let left = inner.width.saturating_sub(GAP) / 2;
        let right = Rect::new(
            inner.x + left + GAP,
            body.y,
            inner.width.saturating_sub(left + GAP),
            body.height,
        );
        [
            Some(Rect {
                width: left,
                ..body
            }),
            Some(right),
        ]
    } else {
        match focus {
            Pane::Applicant => [Some(body), None],
            Pane::Evidence => [None, Some(body)],
        }
    };
    ApplicationLayout {
        header,
        titles,
        panes,
    }
}

/// The lines of one pane at a width: on the left the criteria, then the
/// applicant's claims; on the right the evidence. Anchors are the criteria
/// or the evidence items; the selected one is highlighted when its pane
/// has the focus.
pub fn pane_lines(
    view: &ApplicationView,
    pane: Pane,
    lang: Lang,
    glyphs: Glyphs,
    width: usize,
) -> PaneLines {
    let catalog = lang.catalog();
    let focused = view.focus == pane;
    match pane {
        Pane::Applicant => {
            let mut out = criteria(&view.evaluation, view.criterion, lang, width, glyphs.ascii);
            out.lines
                .extend(view.scores.lines(catalog, width, glyphs.ascii));
            if let Some(issued) = &view.certificate {
                out.lines
                    .extend(certificate(issued, catalog, glyphs, width));
            }
            out.lines
                .extend(applicant(&view.record.value, catalog, glyphs, width));
            if focused {
                out.highlight = out.anchors.get(view.criterion).map(|r| r.start);
            }
            out
        }
        Pane::Evidence => {
            let linked = view.linked();
            let marks = EvidenceMarks {
                linked: &linked,
                selected: focused.then_some(view.evidence),
                history: Some(&view.history),
            };
            evidence(&view.record.value, catalog, glyphs, width, marks)
        }
    }
}

/// Where a pane goes at the screen's size: hidden panes are measured as
/// they would show, in the whole body.
pub fn pane_rect(area: Rect, pane: Pane) -> Rect {
    layout(area, pane).panes[pane as usize].unwrap_or_default()
}

/// How many lines a pane has, and how many show, at the screen's size.
pub fn extent(
    view: &ApplicationView,
    pane: Pane,
    area: Rect,
    lang: Lang,
    glyphs: Glyphs,
) -> (usize, usize) {
    let rect = pane_rect(area, pane);
    let lines = pane_lines(view, pane, lang, glyphs, usize::from(rect.width));
    (lines.lines.len(), usize::from(rect.height))
}

/// Draws the application screen; returns its regions.
pub fn draw(app: &App, buf: &mut Buffer, area: Rect, view: &ApplicationView) -> Vec<Rect> {
    let c = app.catalog();
    let theme = &app.theme;
    let layout = layout(area, view.focus);
    let record = &view.record.value;

    let header: TextLine = vec![
        Seg::new(clean(&record.id).into_owned(), S::Title),
        Seg::plain("  "),
        Seg::new(clean(&record.name).into_owned(), S::Title),
        Seg::plain(format!(
            "  {} {}  ",
            c.level(record.level),
            c.track(record.track)
        )),
        Seg::new(
            c.stage(record.stage),
            if record.stage.is_end() {
                S::StateEnd
            } else {
                S::Notice
            },
        ),
        Seg::plain(format!("  {}{}", c.verdict, c.colon)),
        Seg::new(
            c.verdict_name(view.evaluation.verdict),
            verdict_style(view.evaluation.verdict),
        ),
    ];
    put_line(
        buf,
        layout.header,
        &header,
        theme,
        Style::new(),
        app.glyphs.ascii,
    );

    draw_titles(app, buf, &layout, view.focus);
    for pane in [Pane::Applicant, Pane::Evidence] {
        let Some(rect) = layout.panes[pane as usize] else {
            continue;
        };
        let content = pane_lines(view, pane, app.lang, app.glyphs, usize::from(rect.width));
        let lines = &content.lines;
        let offset =
            view.scroll[pane as usize].min(lines.len().saturating_sub(usize::from(rect.height)));
        for (i, line) in lines
            .iter()
            .enumerate()
            .skip(offset)
            .take(usize::from(rect.height))
        {
            let row = row_of(rect, (i - offset) as u16);
            let base = if content.highlight == Some(i) {
                fill(buf, row, theme.style(S::Selected));
                theme.style(S::Selected)
            } else {
                Style::new()
            };
            put_line(buf, row, line, theme, base, app.glyphs.ascii);
        }
    }
    let mut regions = vec![layout.header, layout.titles];
    regions.extend(layout.panes.into_iter().flatten());
    regions
}

fn draw_titles(app: &App, buf: &mut Buffer, layout: &ApplicationLayout, focus: Pane) {
    let c = app.catalog();
    let theme = &app.theme;
    let row = layout.titles;
    let title = |pane: Pane| match pane {
        Pane::Applicant => c.pane_applicant,
        Pane::Evidence => c.pane_evidence,
    };
    let style = |pane: Pane| {
        if pane == focus {
            S::PaneActive
        } else {
            S::PaneInactive
        }
    };
    let mut line: TextLine = Vec::new();
    if let [Some(_), Some(right)] = layout.panes {
        let left = Seg::new(title(Pane::Applicant), style(Pane::Applicant));
        let gap = usize::from(right.x - row.x).saturating_sub(text::width(&left.text));
        line.push(left);
        line.push(Seg::plain(" ".repeat(gap)));
        line.push(Seg::new(title(Pane::Evidence), style(Pane::Evidence)));
    } else {
        for pane in [Pane::Applicant, Pane::Evidence] {
            line.push(Seg::new(title(pane), style(pane)));
            line.push(Seg::plain("  "));
        }
        line.push(Seg::new(format!(" {}", c.pane_switch), S::Muted));
    }
    put_line(buf, row, &line, theme, Style::new(), app.glyphs.ascii);
}

/// The focused pane's position for the footer: first line shown, and all lines.
pub fn position(app: &App, area: Rect, view: &ApplicationView) -> (usize, usize) {
    let (len, height) = extent(view, view.focus, area, app.lang, app.glyphs);
    let offset = view.scroll[view.focus as usize].min(len.saturating_sub(height));
    (offset + 1, len)
}
