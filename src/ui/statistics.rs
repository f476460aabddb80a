//! The statistics screen (`:stats`, `S` in the queue): counts and pass
//! rates by stage, level and province; the achievement review's aggregates
//! and spreads as bar charts; each expert's scoring tendency. One column
//! that scrolls on a narrow terminal, two side by side on a wide one.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::domain::statistics::{SCORE_BUCKETS, SPREAD_BUCKETS, SPREAD_STEP, Statistics, Tally};

use super::app::App;
use super::catalog::{Catalog, fill};
use super::draw::{Seg, TextLine, put_line, row_of};
use super::keymap::Action;
use super::text::{self, clean};
use super::theme::StyleName as S;

/// Terminals at least this wide show the figures in two columns.
const TWO_COLUMNS: u16 = 120;
/// The widest bar of a chart, in cells.
const BAR: usize = 30;
/// The first column of the tables.
const LABEL: usize = 13;
/// Provinces listed.
const PROVINCES: usize = 12;

#[derive(Debug)]
pub struct StatisticsScreen {
    pub stats: Statistics,
    /// The first line shown.
    pub scroll: usize,
}

impl App {
    pub(super) fn open_statistics(&mut self) {
        match self.service.statistics(&self.user) {
            Ok(stats) => {
                self.statistics = Some(Box::new(StatisticsScreen { stats, scroll: 0 }));
                self.message = None;
                self.dirty = true;
            }
            Err(e) => self.refused(&e),
        }
    }

    pub(super) fn update_statistics(&mut self, action: Action) {
        let area = self.area();
        // Below the title and its rule, above the footer.
        let height = usize::from(area.height.saturating_sub(3));
        let c = self.catalog();
        let Some(screen) = &mut self.statistics else {
            return;
        };
        let outcome = super::list::scroll(
            screen.scroll,
            action,
            line_count_of(&screen.stats, c, area.width),
            height,
        );
        self.scroll_text(
            outcome,
            |app| app.statistics.as_mut().map(|s| &mut s.scroll),
            |app| app.statistics = None,
        );
    }
}

fn percent(permille: Option<u32>) -> String {
    permille.map_or_else(|| "-".to_owned(), |p| format!("{}.{}%", p / 10, p % 10))
}

/// A cell padded to `width` display cells (or cut to it).
fn cell(text: &str, width: usize) -> String {
    let shown = text::truncate(text, width, true);
    let pad = width.saturating_sub(text::width(&shown));
    format!("{shown}{}", " ".repeat(pad))
}

fn number(n: usize, width: usize) -> String {
    format!("{n:>width$}")
}

fn tally_line(label: &str, tally: &Tally) -> TextLine {
    vec![
        Seg::plain(format!(
            " {}{}{}{} ",
            cell(label, LABEL),
            number(tally.total, 7),
            number(tally.passed, 7),
            number(tally.failed, 7),
        )),
        Seg::new(format!("{:>7}", percent(tally.rate_permille())), S::Label),
    ]
}

fn heading(text: &str) -> TextLine {
    vec![Seg::new(format!(" {text}"), S::Heading)]
}

fn header(c: &Catalog, first: &str, second: &str) -> TextLine {
    vec![Seg::new(
        format!(
            " {}{}{}{}{}",
            cell(first, LABEL),
            format_right(second, 7),
            format_right(c.stats_passed, 7),
            format_right(c.stats_failed, 7),
            format_right(c.stats_rate, 8),
        ),
        S::Header,
    )]
}

fn format_right(text: &str, width: usize) -> String {
    let pad = width.saturating_sub(text::width(text));
    format!("{}{text}", " ".repeat(pad))
}

/// A bar chart of `counts` labelled by `labels`, scaled to the largest.
fn bars(labels: &[String], counts: &[usize], width: u16) -> Vec<TextLine> {
    let most = counts.iter().copied().max().unwrap_or(0).max(1);
    let room = usize::from(width).saturating_sub(20).clamp(4, BAR);
    labels
        .iter()
        .zip(counts)
        .map(|(label, &n)| {
            let length = (n * room).div_ceil(most);
            vec![
                Seg::plain(format!(" {} ", cell(label, 7))),
                Seg::new("#".repeat(length), S::Key),
                Seg::new(format!(" {n}"), S::Muted),
            ]
        })
        .collect()
}

/// The two groups of lines: tables, then charts and tendencies.
fn columns(stats: &Statistics, c: &Catalog, width: u16) -> (Vec<TextLine>, Vec<TextLine>) {
    let mut left = vec![
        heading(c.stats_by_stage),
        header(c, c.col_stage, c.stats_now),
    ];
    for (stage, tally) in &stats.stages {
        left.push(vec![
            Seg::plain(format!(
                " {}{}{}{} ",
                cell(c.tab(super::queue::tab_of(*stage)), LABEL),
                number(tally.now, 7),
                number(tally.passed, 7),
                number(tally.failed, 7),
            )),
            Seg::new(format!("{:>7}", percent(tally.rate_permille())), S::Label),
        ]);
    }
    if !stats.ended.is_empty() {
        let ended: Vec<String> = stats
            .ended
            .iter()
            .map(|(stage, n)| format!("{} {n}", c.stage(*stage)))
            .collect();
        left.push(vec![Seg::new(format!(" {}", ended.join("  ")), S::Muted)]);
    }
    if stats.unplaced > 0 {
        let text = fill(c.stats_unplaced, &[("n", &stats.unplaced.to_string())]);
        left.push(vec![Seg::new(format!(" {text}"), S::Muted)]);
    }
    left.push(Vec::new());
    left.extend([
        heading(c.stats_by_level),
        header(c, c.col_level, c.stats_total),
    ]);
    for (level, tally) in &stats.levels {
        left.push(tally_line(c.level(*level), tally));
    }
    left.push(Vec::new());
    left.extend([
        heading(c.stats_by_province),
        header(c, c.col_province, c.stats_total),
    ]);
    for (province, tally) in stats.provinces.iter().take(PROVINCES) {
        left.push(tally_line(&clean(province), tally));
    }
    if stats.provinces.len() > PROVINCES {
        let more = (stats.provinces.len() - PROVINCES).to_string();
        left.push(vec![Seg::new(
            format!(" {}", fill(c.stats_more_provinces, &[("count", &more)])),
            S::Muted,
        )]);
    }

    let mut right = vec![heading(c.stats_scores)];
    let labels: Vec<String> = (0..SCORE_BUCKETS)
        .map(|b| {
            let top = if b == SCORE_BUCKETS - 1 {
                100
            } else {
                b * 10 + 9
            };
            format!("{}-{top}", b * 10)
        })
        .collect();
    right.extend(bars(&labels, &stats.scores, width));
    right.push(Vec::new());
    right.push(heading(c.stats_spreads));
    let step = SPREAD_STEP as usize;
    let labels: Vec<String> = (0..SPREAD_BUCKETS)
        .map(|b| {
            if b == SPREAD_BUCKETS - 1 {
                format!("{}+", b * step)
            } else {
                format!("{}-{}", b * step, b * step + step - 1)
            }
        })
        .collect();
    right.extend(bars(&labels, &stats.spreads, width));
    right.push(Vec::new());
    right.push(heading(c.stats_tendencies));
    right.push(vec![Seg::new(
        format!(
            " {}{}{}{}",
            cell(c.col_expert, 14),
            format_right(c.stats_reviews, 7),
            format_right(c.stats_mean, 8),
            format_right(c.stats_deviation, 10),
        ),
        S::Header,
    )]);
    if stats.tendencies.is_empty() {
        right.push(vec![Seg::new(format!(" {}", c.stats_no_reviews), S::Muted)]);
    }
    for t in &stats.tendencies {
        let tenths = |s: crate::domain::scoring::Score| {
            let t = s.tenths();
            let sign = if t < 0 { "-" } else { "" };
            format!("{sign}{}.{}", t.abs() / 10, t.abs() % 10)
        };
        let deviation = t.deviation.map_or_else(
            || "-".to_owned(),
            |d| {
                let shown = tenths(d);
                if d.tenths() > 0 {
                    format!("+{shown}")
                } else {
                    shown
                }
            },
        );
        let style = match t.deviation.map(crate::domain::scoring::Score::tenths) {
            Some(d) if d <= -50 => S::VerdictIneligible,
            Some(d) if d >= 50 => S::VerdictReview,
            _ => S::Text,
        };
        right.push(vec![
            Seg::plain(format!(
                " {}{}{}",
                cell(&clean(&t.expert), 14),
                number(t.count, 7),
                format_right(&tenths(t.mean), 8),
            )),
            Seg::new(format_right(&deviation, 10), style),
        ]);
    }
    (left, right)
}

/// How many lines the screen scrolls through at the app's size.
pub fn line_count(app: &App, screen: &StatisticsScreen) -> usize {
    line_count_of(&screen.stats, app.catalog(), app.area().width)
}

fn line_count_of(stats: &Statistics, c: &Catalog, width: u16) -> usize {
    let (left, right) = columns(stats, c, width);
    if width >= TWO_COLUMNS {
        left.len().max(right.len())
    } else {
        left.len() + right.len() + 1
    }
}

pub fn draw(app: &App, buf: &mut Buffer, area: Rect, screen: &StatisticsScreen) -> Vec<Rect> {
    let c = app.catalog();
    let theme = &app.theme;
    let total = fill(
        c.stats_total_note,
        &[("count", &screen.stats.total.to_string())],
    );
    super::list::draw_title(app, buf, area, (c.stats_title, &total));
    let body = Rect::new(
        area.x,
        area.y + 2,
        area.width,
        area.height.saturating_sub(3),
    );
    let (left, right) = columns(&screen.stats, c, area.width);
    let panes: Vec<(Rect, Vec<TextLine>)> = if area.width >= TWO_COLUMNS {
        let half = area.width / 2;
        vec![
            (
                Rect {
                    width: half,
                    ..body
                },
                left,
            ),
            (
                Rect {
                    x: body.x + half,
                    width: body.width - half,
                    ..body
                },
                right,
            ),
        ]
    } else {
        let mut all = left;
        all.push(Vec::new());
        all.extend(right);
        vec![(body, all)]
    };
    for (pane, lines) in &panes {
        for (i, line) in lines
            .iter()
            .skip(screen.scroll)
            .take(usize::from(pane.height))
            .enumerate()
        {
            let row = row_of(*pane, i as u16);
            put_line(buf, row, line, theme, Style::new(), app.glyphs.ascii);
        }
    }
    let mut regions = vec![row_of(area, 0), row_of(area, 1)];
    regions.extend(panes.iter().map(|(rect, _)| *rect));
    regions
}
