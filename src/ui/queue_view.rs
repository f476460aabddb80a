//! Drawing the queue: the tab bar, the list with the columns of its stage,
//! and the detail pane (beside the list from 120 columns, below it when
//! narrower, absent with `--lean`).
//!
//! The screen is sparse on purpose: no boxes, few colours, no fills except
//! the selected row, because every cell sent costs bytes on a slow link.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::domain::{Summary, Track};

use super::app::App;
use super::catalog::Catalog;
use super::detail;
use super::draw::{Seg, fill, put, row_of};
use super::marks::{slots, status_mark, verdict_style};
use super::queue::{
    CERTIFIED_TAB, CLOSED_TAB, DataWidths, ELIGIBILITY_TAB, NOTICE_TAB, TABS, evidence_cell,
};
use super::text::{self, clean};
use super::theme::StyleName as S;

/// From this width the detail pane stands beside the list.
pub const SIDE_BY_SIDE: u16 = 120;
/// From this width the tab bar also names the user.
const WHO_FROM: u16 = 140;
/// Lines of the detail pane below the list.
const DETAIL_BELOW: u16 = 4;
/// The fewest cells the eligibility list gives the organization.
const ORGANIZATION_MIN: usize = 24;
/// The closed list's note on a rejection, from this width of list.
const NOTE_WIDTH: usize = 28;
const NOTE_FROM: u16 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueLayout {
    pub tabs: Rect,
    /// The column titles.
    pub header: Rect,
    /// The rows of the list.
    pub list: Rect,
    pub detail: Option<Rect>,
}

/// Where everything goes on a screen of `area`: the tab bar, a blank line,
/// the list (column titles first), and the detail pane beside the list or
/// below it; the footer's line is left free, with a blank line above it
/// unless the detail pane stands there.
pub fn layout(area: Rect, lean: bool) -> QueueLayout {
    let tabs = row_of(area, 0);
    let top = area.y.saturating_add(2).min(area.bottom());
    let footer = area.bottom().saturating_sub(1).max(top);
    let bottom = footer.saturating_sub(1).max(top);
    let body = Rect::new(area.x, top, area.width, bottom - top);

    let (list_area, detail) = if lean {
        (body, None)
    } else if area.width >= SIDE_BY_SIDE {
        let detail_width = (area.width / 3).clamp(40, 56);
        let list_width = area.width.saturating_sub(detail_width + 2);
        let detail = Rect::new(area.x + list_width + 2, body.y, detail_width, body.height);
        (
            Rect {
                width: list_width,
                ..body
            },
            Some(detail),
        )
    } else if footer - top > DETAIL_BELOW + 4 {
        let detail = Rect::new(body.x, footer - DETAIL_BELOW, body.width, DETAIL_BELOW);
        (
            Rect {
                height: footer - DETAIL_BELOW - 1 - top,
                ..body
            },
            Some(detail),
        )
    } else {
        (body, None)
    };
    let header = row_of(list_area, 0);
    let list = Rect {
        y: list_area.y.saturating_add(1).min(list_area.bottom()),
        height: list_area.height.saturating_sub(1),
        ..list_area
    };
    QueueLayout {
        tabs,
        header,
        list,
        detail,
    }
}

/// Draws the queue; returns its regions.
pub fn draw(app: &App, buf: &mut Buffer, area: Rect) -> Vec<Rect> {
    let layout = layout(area, app.lean);
    draw_tabs(app, buf, layout.tabs);
    draw_list(app, buf, &layout);
    let mut regions = vec![layout.tabs, layout.header, layout.list];
    if let Some(detail) = layout.detail {
        let summary = app.detail.and_then(|i| app.queue.summary(i));
        match (summary, area.width >= SIDE_BY_SIDE) {
            (Some(summary), true) => detail::draw_beside(app, buf, detail, summary),
            (Some(summary), false) => detail::draw_below(app, buf, detail, summary),
            (None, _) => {}
        }
        regions.push(detail);
    }
    regions
}

/// Tab labels that fit `width`: full names first; when too wide, the
/// inactive tabs farthest from the active one shrink to their digit. The
/// saved searches follow the stage tabs, each named after a `/`.
pub fn tab_labels(
    catalog: &Catalog,
    counts: &[usize],
    saved: &[&str],
    active: usize,
    width: usize,
) -> Vec<String> {
    let full = |t: usize| match t.checked_sub(TABS) {
        Some(j) => format!(" /{}[{}] ", clean(saved[j]), counts[t]),
        None => format!(" {}[{}] ", catalog.tab(t), counts[t]),
    };
    let short = |t: usize| format!(" {}[{}] ", t + 1, counts[t]);
    let tabs = counts.len();
    let mut labels: Vec<String> = (0..tabs).map(full).collect();
    let total = |labels: &[String]| labels.iter().map(|l| text::width(l)).sum::<usize>();
    let mut order: Vec<usize> = (0..tabs).filter(|&t| t != active).collect();
    order.sort_by_key(|&t| std::cmp::Reverse(t.abs_diff(active)));
    order.push(active);
    for t in order {
        if total(&labels) <= width {
            break;
        }
        labels[t] = short(t);
    }
    labels
}

fn draw_tabs(app: &App, buf: &mut Buffer, row: Rect) {
    let catalog = app.catalog();
    let active = app.queue.tab();
    let saved: Vec<&str> = app.queue.saved_names().collect();
    let labels = tab_labels(
        catalog,
        &app.queue.counts(),
        &saved,
        active,
        usize::from(row.width),
    );
    let mut x = row.x;
    for (t, label) in labels.iter().enumerate() {
        let style = if t == active {
            S::TabActive
        } else {
            S::TabInactive
        };
        x = put(
            buf,
            row,
            x,
            row.y,
            label,
            usize::MAX,
            app.theme.style(style),
        );
    }
    // Who is working, on wide screens only: every cell of the first frame
    // counts on a slow link.
    let who = format!(
        "{} {}",
        clean(app.user.shown_name()),
        catalog.user_role(app.user.role)
    );
    let who_width = text::width(&who);
    let free = usize::from(row.right().saturating_sub(x));
    if row.width >= WHO_FROM && free >= who_width + 4 {
        let at = row.right() - who_width as u16 - 1;
        put(
            buf,
            row,
            at,
            row.y,
            &who,
            who_width,
            app.theme.style(S::TabInactive),
        );
    }
}

/// The columns of a list, in order; the organization takes what is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Id,
    Name,
    Level,
    Track,
    Outcome,
    /// A saved search's tab lists every stage: where each application is.
    Stage,
    Province,
    Fee,
    Evidence,
    Verdict,
    /// One mark per criterion, in the fixed order of `Criterion::ALL`.
    Criteria,
    /// Closed applications: the stage a rejection came at, and its reason.
    Note,
    /// The review tabs: reviews submitted and the aggregate, or the written
    /// score, or an expert's own review.
    Scores,
    /// The notice tab: open, upheld or resolved complaints.
    Complaints,
    Organization,
}

fn columns(tab: usize) -> &'static [Column] {
    use Column::{
        Complaints, Criteria, Evidence, Fee, Id, Level, Name, Note, Organization, Outcome,
        Province, Scores, Stage, Track, Verdict,
    };
    match tab {
        // The eligibility review: the verdict and the criteria's marks take
        // the place of the evidence count and the track (the exceptional
        // criterion's mark says which are exceptional), so the first frame
        // stays within its bytes. They come last: what follows a change of
        // style costs a cursor move.
        ELIGIBILITY_TAB => &[
            Id,
            Name,
            Level,
            Fee,
            Province,
            Verdict,
            Criteria,
            Organization,
        ],
        CLOSED_TAB => &[Id, Name, Level, Outcome, Note, Province, Organization],
        // The achievement review, the written exam and the defense.
        1..=3 => &[
            Id,
            Name,
            Level,
            Province,
            Evidence,
            Scores,
            Organization,
            Track,
        ],
        NOTICE_TAB => &[Id, Name, Level, Province, Complaints, Organization, Track],
        // The track comes last, at the right edge: it is blank for nearly
        // every row, and blank cells at the end of a row cost nothing.
        CERTIFIED_TAB => &[Id, Name, Level, Province, Evidence, Organization, Track],
        // A saved search's tab.
        _ => &[
            Id,
            Name,
            Level,
            Stage,
            Province,
            Evidence,
            Organization,
            Track,
        ],
    }
}

/// Cells per criterion in the marks column: the width of the widest
/// initial over it (a Chinese initial takes two).
pub fn criteria_slot(catalog: &Catalog) -> usize {
    catalog
        .criteria_initials
        .iter()
        .map(|i| text::width(i))
        .max()
        .unwrap_or(1)
        .max(1)
}

fn widest(items: &[&str]) -> usize {
    items.iter().map(|s| text::width(s)).max().unwrap_or(0)
}

fn column_width(column: Column, catalog: &Catalog, data: DataWidths) -> usize {
    let c = catalog;
    match column {
        Column::Id => data.id.max(text::width(c.col_id)),
        Column::Name => data.name.max(text::width(c.col_name)),
        Column::Level => widest(&c.levels_short).max(text::width(c.col_level)),
        Column::Track => widest(&c.tracks_short).max(text::width(c.col_track)),
        Column::Outcome => widest(&c.stages[6..]).max(text::width(c.col_outcome)),
        Column::Stage => widest(&c.tabs[..6])
            .max(widest(&c.stages[6..]))
            .max(text::width(c.col_stage)),
        Column::Province => data.province.max(text::width(c.col_province)),
        Column::Fee => (text::width(c.fee_unpaid) + 1)
            .max(text::width(c.col_fee))
            .max(4),
        Column::Evidence => data.evidence.max(text::width(c.col_evidence)),
        Column::Verdict => widest(&c.verdicts_short).max(text::width(c.col_verdict)),
        Column::Criteria => criteria_slot(c) * c.criteria_initials.len(),
        Column::Note => NOTE_WIDTH,
        Column::Scores => super::progress::WIDTH.max(text::width(c.col_scores)),
        Column::Complaints => text::width(c.notice_text.col_complaints).max(8),
        Column::Organization => 0,
    }
}

fn column_title(column: Column, catalog: &Catalog) -> String {
    let title = match column {
        Column::Id => catalog.col_id,
        Column::Name => catalog.col_name,
        Column::Level => catalog.col_level,
        Column::Track => catalog.col_track,
        Column::Outcome => catalog.col_outcome,
        Column::Stage => catalog.col_stage,
        Column::Province => catalog.col_province,
        Column::Fee => catalog.col_fee,
        Column::Evidence => catalog.col_evidence,
        Column::Verdict => catalog.col_verdict,
        Column::Note => catalog.col_reason,
        Column::Scores => catalog.col_scores,
        Column::Complaints => catalog.notice_text.col_complaints,
        Column::Organization => catalog.col_org,
        Column::Criteria => {
            let slot = criteria_slot(catalog);
            return catalog
                .criteria_initials
                .iter()
                .map(|i| text::fit(i, slot, true))
                .collect();
        }
    };
    title.to_owned()
}

fn cell(column: Column, summary: &Summary, catalog: &Catalog) -> Seg {
    match column {
        Column::Id => Seg::plain(clean(&summary.id)),
        Column::Name => Seg::plain(clean(&summary.name)),
        Column::Level => Seg::plain(catalog.level_short(summary.level)),
        // Only the exceptional track is worth a mark in a long list.
        Column::Track => match summary.track {
            Track::Regular => Seg::plain(""),
            Track::Exceptional => Seg::plain(catalog.track_short(summary.track)),
        },
        Column::Outcome => Seg::new(catalog.stage(summary.stage), S::StateEnd),
        Column::Stage if summary.stage.is_end() => {
            Seg::new(catalog.stage_short(summary.stage), S::StateEnd)
        }
        Column::Stage => Seg::plain(catalog.stage_short(summary.stage)),
        Column::Province => Seg::plain(clean(&summary.province)),
        Column::Fee if summary.fee_is_paid() => {
            Seg::plain(summary.fee_paid.unwrap_or(0).to_string())
        }
        Column::Fee => Seg::new(format!("!{}", catalog.fee_unpaid), S::FeeUnpaid),
        Column::Evidence => Seg::plain(evidence_cell(summary)),
        // Drawn together (see `verdict_and_marks`), and from the history.
        Column::Verdict | Column::Criteria | Column::Note | Column::Scores | Column::Complaints => {
            Seg::plain("")
        }
        Column::Organization => Seg::plain(clean(&summary.organization)),
    }
}

/// The verdict and the criteria's marks of one row as one piece, in the
/// verdict's style, gaps included: one change of style per row, not one
/// per mark, since every change costs a cursor move and a colour on the
/// wire. The marks' characters tell pass, fail, review and waived apart.
fn verdict_and_marks(
    summary: &Summary,
    catalog: &Catalog,
    verdict_width: usize,
    ascii: bool,
) -> String {
    let slot = criteria_slot(catalog);
    let mut out = text::fit(catalog.verdict_short(summary.verdict), verdict_width, ascii);
    out.push(' ');
    for status in slots(summary) {
        let mark = status.map_or(' ', status_mark);
        out.push(mark);
        out.extend(std::iter::repeat_n(' ', slot - 1));
    }
    out.truncate(out.trim_end().len());
    out
}

/// Cells before the first column: the arrow with `--lean`, else one space.
pub fn gutter(lean: bool) -> u16 {
    if lean { 2 } else { 1 }
}

/// Where each column starts and how wide it is in a row of `width` cells
/// after the gutter: the organization takes what the others leave.
fn place_columns(
    cols: &[Column],
    catalog: &Catalog,
    data: DataWidths,
    x: u16,
    width: u16,
    lean: bool,
) -> Vec<(Column, u16, usize)> {
    let fixed = |cols: &[Column]| -> usize {
        cols.iter()
            .filter(|&&c| c != Column::Organization)
            .map(|&c| column_width(c, catalog, data) + 1)
            .sum()
    };
    // In the eligibility review the province and the organization show
    // only where the organization has room to say something, and not with
    // --lean: they cost as many bytes per row as the verdict and the marks
    // together, and the detail pane and the application screen show them.
    let optional = |c: &Column| matches!(c, Column::Province | Column::Organization);
    let narrow = usize::from(width).saturating_sub(fixed(cols) + 1) < ORGANIZATION_MIN;
    let cols: Vec<Column> = if cols.contains(&Column::Criteria) && (lean || narrow) {
        cols.iter().copied().filter(|c| !optional(c)).collect()
    } else {
        // The rejection's note, where the list is wide enough for it.
        cols.iter()
            .copied()
            .filter(|&c| c != Column::Note || width >= NOTE_FROM)
            .collect()
    };
    let rest = usize::from(width).saturating_sub(fixed(&cols) + 1);
    let mut placed = Vec::with_capacity(cols.len());
    let mut at = x;
    for column in cols {
        let width = match column {
            Column::Organization => rest,
            other => column_width(other, catalog, data),
        };
        placed.push((column, at, width));
        at = at.saturating_add(u16::try_from(width + 1).unwrap_or(u16::MAX));
    }
    placed
}

fn draw_list(app: &App, buf: &mut Buffer, layout: &QueueLayout) {
    let catalog = app.catalog();
    let theme = &app.theme;
    let ascii = app.glyphs.ascii;
    let gutter = gutter(app.lean);
    let header = layout.header;
    let placed = place_columns(
        columns(app.queue.tab()),
        catalog,
        app.queue.widths(),
        header.x + gutter,
        header.width.saturating_sub(gutter),
        app.lean,
    );

    for &(column, x, width) in &placed {
        let title = text::truncate(&column_title(column, catalog), width, ascii);
        put(
            buf,
            header,
            x,
            header.y,
            &title,
            width,
            theme.style(S::Header),
        );
    }

    if app.queue.tab() == ELIGIBILITY_TAB {
        draw_verdict_filter(app, buf, header);
    }

    let list = layout.list;
    if app.queue.is_empty() {
        let empty = if app.queue.filter().is_some() {
            catalog.no_matches
        } else {
            catalog.empty_queue
        };
        put(
            buf,
            list,
            list.x + gutter,
            list.y,
            empty,
            usize::MAX,
            theme.style(S::Muted),
        );
        return;
    }
    // A row is as wide as its columns: the highlight of the selected row
    // ends with them, so moving it resends no blank cells beyond.
    let end = placed
        .last()
        .map_or(list.right(), |&(_, x, width)| {
            x.saturating_add(width as u16).saturating_add(1)
        })
        .min(list.right());
    let selected = app.queue.selected_row();
    for (row, summary) in app.queue.rows(app.queue.offset(), usize::from(list.height)) {
        let y = list.y + (row - app.queue.offset()) as u16;
        let line = Rect {
            y,
            height: 1,
            width: end.saturating_sub(list.x),
            ..list
        };
        let is_selected = selected == Some(row);
        let base = if is_selected && !app.lean {
            fill(buf, line, theme.style(S::Selected));
            theme.style(S::Selected)
        } else {
            Style::new()
        };
        if app.marks.contains(&summary.id) {
            let at = line.x + gutter.saturating_sub(1);
            put(buf, line, at, y, "*", 1, base.patch(theme.style(S::Key)));
        }
        if is_selected && app.lean {
            put(
                buf,
                line,
                line.x,
                y,
                &app.glyphs.arrow.to_string(),
                1,
                theme.style(S::Cursor),
            );
        }
        for &(column, x, width) in &placed {
            match column {
                // Drawn with the verdict.
                Column::Criteria => continue,
                Column::Verdict => {
                    let piece = verdict_and_marks(summary, catalog, width, ascii);
                    let style = base.patch(theme.style(verdict_style(summary.verdict)));
                    put(buf, line, x, y, &piece, usize::MAX, style);
                    continue;
                }
                Column::Note => {
                    if let Some(note) = app.closed_note(&summary.id) {
                        let shown = text::truncate(note, width, ascii);
                        put(buf, line, x, y, &shown, width, base);
                    }
                    continue;
                }
                Column::Complaints => {
                    if let Some(mark) = app.complaint_mark(&summary.id) {
                        let shown = text::truncate(&mark, width, ascii);
                        put(
                            buf,
                            line,
                            x,
                            y,
                            &shown,
                            width,
                            base.patch(theme.style(S::Title)),
                        );
                    }
                    continue;
                }
                Column::Scores => {
                    if let Some(cell) = app.score_cell(&summary.id) {
                        let shown = text::truncate(&cell.text(catalog), width, ascii);
                        let style = base.patch(theme.style(cell.style(app.pass_line())));
                        put(buf, line, x, y, &shown, width, style);
                    }
                    continue;
                }
                _ => {}
            }
            let seg = cell(column, summary, catalog);
            let shown = text::truncate(&seg.text, width, ascii);
            put(
                buf,
                line,
                x,
                y,
                &shown,
                width,
                base.patch(theme.style(seg.style)),
            );
        }
    }
}

/// The verdict filter, when one is set, at the right of the column titles:
/// "不符合条件 12/26".
fn draw_verdict_filter(app: &App, buf: &mut Buffer, header: Rect) {
    let Some(verdict) = app.queue.verdict() else {
        return;
    };
    let label = format!(
        " {} {}/{} ",
        app.catalog().verdict_name(verdict),
        app.queue.len(),
        app.queue.eligibility_total()
    );
    let width = text::width(&label) as u16;
    let x = header.right().saturating_sub(width).max(header.x);
    let style = app
        .theme
        .style(S::Header)
        .patch(app.theme.style(verdict_style(verdict)));
    put(buf, header, x, header.y, &label, usize::MAX, style);
}
