//! Two applications side by side (`:compare`), for a ranking decision at
//! the margin: the applicant and their results, then each criterion and
//! each category of evidence on the same lines for both, the shorter side
//! padded so the next criterion or category starts level.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::domain::rules::{Criterion, Evaluation};
use crate::domain::scoring::{Aggregate, ReviewStage};
use crate::domain::{Application, Category, EvidenceItem};

use super::app::App;
use super::application_lines::{hours_text, mark};
use super::catalog::{Catalog, fill};
use super::criteria_lines::{PaneLines, criteria};
use super::draw::{Seg, TextLine, put_line, row_of};
use super::keymap::Action;
use super::marks::verdict_style;
use super::text::{self, clean};
use super::theme::StyleName as S;

/// One application as compared.
#[derive(Debug)]
pub struct Side {
    pub application: Application,
    pub evaluation: Evaluation,
    /// The achievement review's aggregate, for those who may see it.
    pub achievement: Option<Aggregate>,
    pub written: Option<u32>,
}

#[derive(Debug)]
pub struct CompareScreen {
    pub left: Side,
    pub right: Side,
    pub scroll: usize,
}

impl App {
    /// `:compare [A] [B]`: the two named; one named beside the open or
    /// selected application; none named, the two marked ones.
    pub(super) fn open_compare(&mut self, ids: &[String]) {
        let mut ids: Vec<String> = ids.to_vec();
        if ids.is_empty() {
            ids = self.marks.iter().cloned().collect();
        } else if ids.len() == 1
            && let Some(target) = self.target()
        {
            ids.insert(0, target.id);
        }
        if ids.len() != 2 || ids[0] == ids[1] {
            self.notice(self.catalog().compare_usage, true);
            return;
        }
        let sides = (self.side(&ids[0]), self.side(&ids[1]));
        match sides {
            (Ok(left), Ok(right)) => {
                self.compare = Some(Box::new(CompareScreen {
                    left,
                    right,
                    scroll: 0,
                }));
                self.message = None;
                self.dirty = true;
            }
            (Err(e), _) | (_, Err(e)) => self.refused(&e),
        }
    }

    fn side(&self, id: &str) -> crate::service::Result<Side> {
        let record = self.service.application(&self.user, id)?;
        let evaluation = self.service.evaluate(&record.value);
        // Scores only for those who may read every review.
        let achievement = self
            .service
            .aggregate(&self.user, id, ReviewStage::Achievement)
            .ok()
            .flatten();
        let written = self.service.written_score(&self.user, id).ok().flatten();
        Ok(Side {
            application: record.value,
            evaluation,
            achievement,
            written,
        })
    }

    pub(super) fn update_compare(&mut self, action: Action) {
        let area = self.area();
        // The rows between the title and the footer, as `draw` lays them.
        let height = usize::from(area.height.saturating_sub(2));
        let lines = self
            .compare
            .as_ref()
            .map_or(0, |screen| rows(self, screen, half(area.width)).len());
        let Some(screen) = &self.compare else {
            return;
        };
        let outcome = super::list::scroll(screen.scroll, action, lines, height);
        self.scroll_text(
            outcome,
            |app| app.compare.as_mut().map(|s| &mut s.scroll),
            |app| app.compare = None,
        );
    }
}

/// The width of each side: half the screen less the separator.
fn half(width: u16) -> usize {
    usize::from(width.saturating_sub(3) / 2)
}

fn tenths(aggregate: Option<&Aggregate>) -> String {
    aggregate.map_or_else(
        || "-".to_owned(),
        |a| {
            let t = a.mean.tenths();
            let flag = if a.flagged { " !" } else { "" };
            format!("{}.{}{flag}", t / 10, t % 10)
        },
    )
}

fn applicant(side: &Side, c: &Catalog, width: usize, ascii: bool) -> Vec<TextLine> {
    let a = &side.application;
    let fit = |s: &str| text::truncate(s, width, ascii);
    let (certified, cast) = a.certified_hours();
    vec![
        vec![Seg::new(
            fit(&format!("{}  {}", clean(&a.name), clean(&a.id))),
            S::Title,
        )],
        vec![Seg::plain(fit(&format!(
            "{} {}  {}",
            c.level(a.level),
            c.track(a.track),
            clean(&a.province)
        )))],
        vec![Seg::new(fit(&clean(&a.organization)), S::Muted)],
        vec![
            Seg::new(format!("{}{}", c.col_verdict, c.colon), S::Label),
            Seg::new(
                c.verdict_name(side.evaluation.verdict),
                verdict_style(side.evaluation.verdict),
            ),
        ],
        vec![Seg::plain(fit(&hours_text(c, certified, cast)))],
        vec![Seg::plain(fit(&fill(
            c.compare_scores,
            &[
                ("achievement", &tenths(side.achievement.as_ref())),
                (
                    "written",
                    &side
                        .written
                        .map_or_else(|| "-".to_owned(), |w| w.to_string()),
                ),
            ],
        )))],
    ]
}

/// The lines of one criterion from its side's criteria `block`, or a dash
/// where it does not apply.
fn criterion_lines(side: &Side, block: &PaneLines, code: Criterion, app: &App) -> Vec<TextLine> {
    side.evaluation
        .criteria
        .iter()
        .position(|r| r.code == code)
        .and_then(|i| block.anchors.get(i))
        .map_or_else(
            || {
                vec![vec![
                    Seg::plain("    "),
                    Seg::new(format!("{} -", app.catalog().criterion(code)), S::Muted),
                ]]
            },
            |range| block.lines[range.clone()].to_vec(),
        )
}

fn item_line(item: &EvidenceItem, c: &Catalog, width: usize, ascii: bool) -> TextLine {
    let mut facts = vec![clean(&item.id).into_owned(), c.kind(item.kind).to_owned()];
    facts.extend(item.scope.map(|s| c.scope(s).to_owned()));
    facts.push(item.date.to_string());
    facts.push(clean(&item.title).into_owned());
    vec![
        Seg::plain("  "),
        mark(item.verified),
        Seg::plain(" "),
        Seg::plain(text::truncate(
            &facts.join("  "),
            width.saturating_sub(4),
            ascii,
        )),
    ]
}

fn category_lines(
    side: &Side,
    category: Category,
    c: &Catalog,
    width: usize,
    ascii: bool,
) -> Vec<TextLine> {
    let items: Vec<&EvidenceItem> = side.application.evidence_in(category).collect();
    let heading = format!(
        "{} {} [{}]",
        category.number(),
        c.category(category),
        items.len()
    );
    let mut lines = vec![vec![Seg::new(
        text::truncate(&heading, width, ascii),
        S::Heading,
    )]];
    lines.extend(items.iter().map(|item| item_line(item, c, width, ascii)));
    lines
}

/// Both sides' blocks laid on the same lines, the shorter one padded.
fn level(out: &mut Vec<(TextLine, TextLine)>, left: Vec<TextLine>, right: Vec<TextLine>) {
    let height = left.len().max(right.len());
    let mut left = left.into_iter();
    let mut right = right.into_iter();
    for _ in 0..height {
        out.push((
            left.next().unwrap_or_default(),
            right.next().unwrap_or_default(),
        ));
    }
}

fn rows(app: &App, screen: &CompareScreen, width: usize) -> Vec<(TextLine, TextLine)> {
    let c = app.catalog();
    let ascii = app.glyphs.ascii;
    let mut out = Vec::new();
    let (l, r) = (&screen.left, &screen.right);
    level(
        &mut out,
        applicant(l, c, width, ascii),
        applicant(r, c, width, ascii),
    );
    let heading = vec![Seg::new(c.criteria_heading, S::Heading)];
    out.push((Vec::new(), Vec::new()));
    out.push((heading.clone(), heading));
    let block = |s: &Side| criteria(&s.evaluation, usize::MAX, app.lang, width, ascii);
    let (left_block, right_block) = (block(l), block(r));
    for code in Criterion::ALL {
        let applies = |s: &Side| s.evaluation.criteria.iter().any(|r| r.code == code);
        if !applies(l) && !applies(r) {
            continue;
        }
        level(
            &mut out,
            criterion_lines(l, &left_block, code, app),
            criterion_lines(r, &right_block, code, app),
        );
    }
    out.push((Vec::new(), Vec::new()));
    for category in Category::ALL {
        level(
            &mut out,
            category_lines(l, category, c, width, ascii),
            category_lines(r, category, c, width, ascii),
        );
    }
    out
}

/// The compare screen's row count at the app's size, for the footer.
pub fn line_count(app: &App, screen: &CompareScreen) -> usize {
    rows(app, screen, half(app.area().width)).len()
}

pub fn draw(app: &App, buf: &mut Buffer, area: Rect, screen: &CompareScreen) -> Vec<Rect> {
    let theme = &app.theme;
    let c = app.catalog();
    let title = [
        Seg::new(format!(" {}", c.compare_title), S::Title),
        Seg::new(
            format!(
                "  {}  |  {}",
                clean(&screen.left.application.id),
                clean(&screen.right.application.id)
            ),
            S::Muted,
        ),
    ];
    put_line(
        buf,
        row_of(area, 0),
        &title,
        theme,
        Style::new(),
        app.glyphs.ascii,
    );
    let width = half(area.width);
    let body = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(2),
    );
    let left = Rect::new(body.x + 1, body.y, width as u16, body.height);
    let right = Rect::new(body.x + 2 + width as u16, body.y, width as u16, body.height);
    let rows = rows(app, screen, width);
    for (i, (l, r)) in rows
        .iter()
        .skip(screen.scroll)
        .take(usize::from(body.height))
        .enumerate()
    {
        let y = i as u16;
        put_line(
            buf,
            row_of(left, y),
            l,
            theme,
            Style::new(),
            app.glyphs.ascii,
        );
        let sep = row_of(body, y);
        super::draw::put(
            buf,
            sep,
            left.right(),
            sep.y,
            &app.glyphs.vertical.to_string(),
            1,
            theme.style(S::Border),
        );
        put_line(
            buf,
            row_of(right, y),
            r,
            theme,
            Style::new(),
            app.glyphs.ascii,
        );
    }
    vec![row_of(area, 0), body]
}
