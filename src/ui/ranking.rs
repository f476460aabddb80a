//! The ranking screen (`:ranking`): within each level, the applications
//! from the achievement review on by composite, with the stage results it
//! is made of and whether every stage reached its pass line; those still
//! missing a result follow, unranked. `Enter` opens the selected one.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::domain::scoring::{Aggregate, Score};
use crate::service::RankingLine;

use super::app::App;
use super::catalog::Catalog;
use super::draw::{Seg, put, put_line, row_of, rule};
use super::keymap::Action;
use super::list::{ListCursor, Moved, row_base};
use super::text::{self, clean};
use super::theme::StyleName as S;

#[derive(Debug)]
pub struct RankingScreen {
    pub lines: Vec<RankingLine>,
    pub cursor: ListCursor,
}

fn tenths(score: Option<Score>) -> String {
    score.map_or_else(
        || "-".to_owned(),
        |s| {
            let t = s.tenths();
            format!("{}.{}", t / 10, t % 10)
        },
    )
}

fn aggregate_cell(aggregate: Option<&Aggregate>) -> String {
    match aggregate {
        None => "-".to_owned(),
        Some(a) if a.flagged => format!("{} !", tenths(Some(a.mean))),
        Some(a) => tenths(Some(a.mean)),
    }
}

/// The list's rows: header, then one row per application.
fn list_rect(area: Rect) -> Rect {
    Rect::new(
        area.x,
        area.y + 3,
        area.width,
        area.height.saturating_sub(4),
    )
}

impl App {
    pub(super) fn open_ranking(&mut self) {
        match self.service.ranking(&self.user) {
            Ok(lines) => {
                self.ranking = Some(Box::new(RankingScreen {
                    lines,
                    cursor: ListCursor::default(),
                }));
                self.message = None;
                self.dirty = true;
            }
            Err(e) => self.refused(&e),
        }
    }

    pub(super) fn update_ranking(&mut self, action: Action) {
        let height = usize::from(list_rect(self.area()).height);
        let Some(screen) = &mut self.ranking else {
            return;
        };
        match screen.cursor.apply(action, screen.lines.len(), height) {
            Moved::Yes => self.dirty = true,
            Moved::No => {}
            Moved::NotAMove(Action::GoBack) => {
                if self.message.take().is_none() {
                    self.ranking = None;
                }
                self.dirty = true;
            }
            Moved::NotAMove(Action::OpenApplication) => {
                let id = screen
                    .lines
                    .get(screen.cursor.selected)
                    .map(|l| l.ranked.id.clone());
                if let Some(id) = id {
                    self.ranking = None;
                    self.open_application(&id);
                }
            }
            Moved::NotAMove(other) => self.update_common(other),
        }
    }
}

const LEVEL: usize = 5;
const RANK: usize = 4;
const ID: usize = 15;
/// The stage column: its short form on a narrow screen, whole when wide.
fn stage_width(area: Rect) -> usize {
    if area.width >= 100 { 12 } else { 8 }
}
const NUMBER: usize = 7;

fn header(c: &Catalog, stage: usize) -> [(&'static str, usize); 8] {
    [
        (c.col_level, LEVEL),
        (c.col_rank_place, RANK),
        (c.col_id, ID),
        (c.col_stage, stage),
        (c.col_composite, NUMBER),
        (c.col_achievement, NUMBER),
        (c.col_written, NUMBER),
        (c.col_defense, NUMBER),
    ]
}

pub fn draw(app: &App, buf: &mut Buffer, area: Rect, screen: &RankingScreen) -> Vec<Rect> {
    let c = app.catalog();
    let theme = &app.theme;
    let ascii = app.glyphs.ascii;
    let weights = &app.service.cycle().scoring.weights;
    let title = vec![
        Seg::new(format!(" {}", c.ranking_title), S::Title),
        Seg::new(
            format!(
                "  {}",
                super::catalog::fill(
                    c.ranking_weights,
                    &[
                        ("a", &weights.achievement.to_string()),
                        ("w", &weights.written.to_string()),
                        ("d", &weights.defense.to_string()),
                    ],
                )
            ),
            S::Muted,
        ),
    ];
    put_line(buf, row_of(area, 0), &title, theme, Style::new(), ascii);
    rule(
        buf,
        row_of(area, 1),
        app.glyphs.rule,
        theme.style(S::Border),
    );

    let head = row_of(area, 2);
    let mut x = head.x + 1;
    let stage = stage_width(area);
    for (title, width) in header(c, stage) {
        put(buf, head, x, head.y, title, width, theme.style(S::Header));
        x += width as u16 + 1;
    }
    put(
        buf,
        head,
        x,
        head.y,
        c.col_passed,
        usize::MAX,
        theme.style(S::Header),
    );

    let list = list_rect(area);
    if screen.lines.is_empty() {
        put(
            buf,
            list,
            list.x + 1,
            list.y,
            c.ranking_empty,
            usize::MAX,
            theme.style(S::Muted),
        );
    }
    let rows = usize::from(list.height);
    let offset = screen.cursor.offset;
    for (i, line) in screen.lines.iter().enumerate().skip(offset).take(rows) {
        let y = list.y + (i - offset) as u16;
        let row = Rect {
            y,
            height: 1,
            ..list
        };
        let base = row_base(app, buf, row, i == screen.cursor.selected);
        let cells = [
            (c.level_short(line.level).to_owned(), LEVEL),
            (
                line.ranked
                    .rank
                    .map_or_else(|| "-".to_owned(), |r| r.to_string()),
                RANK,
            ),
            (clean(&line.ranked.id).into_owned(), ID),
            (c.tab(super::queue::tab_of(line.stage)).to_owned(), stage),
            (tenths(line.ranked.composite), NUMBER),
            (aggregate_cell(line.achievement.as_ref()), NUMBER),
            (
                line.written
                    .map_or_else(|| "-".to_owned(), |w| w.to_string()),
                NUMBER,
            ),
            (aggregate_cell(line.defense.as_ref()), NUMBER),
        ];
        let mut x = row.x + 1;
        for (cell, width) in cells {
            put(
                buf,
                row,
                x,
                y,
                &text::truncate(&cell, width, ascii),
                width,
                base,
            );
            x += width as u16 + 1;
        }
        let (mark, style) = if line.ranked.passed {
            (c.yes, S::VerdictEligible)
        } else {
            (c.no, S::VerdictIneligible)
        };
        put(
            buf,
            row,
            x,
            y,
            mark,
            usize::MAX,
            base.patch(theme.style(style)),
        );
    }
    vec![row_of(area, 0), head, list]
}
