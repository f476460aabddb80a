//! The ranking screen (`:ranking`): within each level, the applications
//! from the achievement review on by composite, with the stage results it
//! is made of and whether every stage reached its pass line; those still
//! missing a result follow, unranked. `Enter` opens the selected one.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::domain::scoring::{Aggregate, Score};
use crate::service::RankingLine;

use super::app::App;
use super::catalog::Catalog;
use super::draw::{put, row_of};
use super::keymap::Action;
use super::list::{self, ListCursor, Moved};
use super::text::clean;
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
        let height = usize::from(list::rows_rect(self.area()).height);
        let Some(screen) = &mut self.ranking else {
            return;
        };
        match screen.cursor.apply(action, screen.lines.len(), height) {
            Moved::Yes => self.dirty = true,
            Moved::No => {}
            Moved::NotAMove(Action::GoBack) => {
                self.back_from(|app| app.ranking = None);
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
    let weights = &app.service.cycle().scoring.weights;
    let note = super::catalog::fill(
        c.ranking_weights,
        &[
            ("a", &weights.achievement.to_string()),
            ("w", &weights.written.to_string()),
            ("d", &weights.defense.to_string()),
        ],
    );
    let stage = stage_width(area);
    let mut columns = header(c, stage).to_vec();
    columns.push((c.col_passed, 0));
    list::draw_top(app, buf, area, (c.ranking_title, &note), &columns);

    let rows = list::rows_rect(area);
    if screen.lines.is_empty() {
        let style = app.theme.style(S::Muted);
        put(
            buf,
            rows,
            rows.x + 1,
            rows.y,
            c.ranking_empty,
            usize::MAX,
            style,
        );
    }
    let dash = || "-".to_owned();
    for (i, row, base) in list::visible_rows(app, buf, rows, screen.lines.len(), screen.cursor) {
        let line = &screen.lines[i];
        let cells = [
            (c.level_short(line.level).to_owned(), LEVEL),
            (line.ranked.rank.map_or_else(dash, |r| r.to_string()), RANK),
            (clean(&line.ranked.id).into_owned(), ID),
            (c.tab(super::queue::tab_of(line.stage)).to_owned(), stage),
            (tenths(line.ranked.composite), NUMBER),
            (aggregate_cell(line.achievement.as_ref()), NUMBER),
            (line.written.map_or_else(dash, |w| w.to_string()), NUMBER),
            (aggregate_cell(line.defense.as_ref()), NUMBER),
        ];
        let x = list::draw_cells(app, buf, row, &cells, base);
        let (mark, style) = if line.ranked.passed {
            (c.yes, S::VerdictEligible)
        } else {
            (c.no, S::VerdictIneligible)
        };
        put(
            buf,
            row,
            x,
            row.y,
            mark,
            usize::MAX,
            base.patch(app.theme.style(style)),
        );
    }
    vec![row_of(area, 0), row_of(area, 2), rows]
}
