//! How the score form looks: where its parts stand, where the caret is
//! (the terminal's real cursor, so an input method opens beside it), and
//! the drawing of fields, total, comment and status.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::domain::cycle::Dimension;
use crate::domain::scoring::ReviewStage;

use super::app::App;
use super::catalog::{Catalog, Lang, fill};
use super::draw::{put, row_of, rule};
use super::score::{FieldProblem, ScoreForm};
use super::text::{self, clean};
use super::theme::StyleName as S;

/// The screen above the footer, where the form stands.
fn body(area: Rect) -> Rect {
    Rect {
        height: area.height.saturating_sub(1),
        ..area
    }
}

impl App {
    /// Where the caret of the focused field is on the screen.
    pub(super) fn score_cursor(&self, form: &ScoreForm) -> Option<(u16, u16)> {
        if form.read_only() {
            return None;
        }
        let layout = Layout::of(body(self.area()), form, self.lang);
        if form.focus < form.texts.len() {
            let y = layout.first_field + form.focus as u16;
            let x = layout.box_x + 2 + form.texts[form.focus].len() as u16;
            return Some((x, y));
        }
        let area = layout.comment;
        if area.height == 0 {
            return None;
        }
        let cursor = form.comment.cursor();
        let top = comment_top(cursor.0, area.height);
        let line = form.comment.lines().get(cursor.0)?;
        let before: String = line.chars().take(cursor.1).collect();
        let x = area.x + (text::width(&before) as u16).min(area.width.saturating_sub(1));
        Some((x, area.y + (cursor.0 - top) as u16))
    }
}

/// The first comment line shown so that the caret's line is.
fn comment_top(row: usize, height: u16) -> usize {
    row.saturating_sub(usize::from(height).saturating_sub(1))
}

/// Where the form's parts stand.
struct Layout {
    first_field: u16,
    /// The column of a score field's `[`.
    box_x: u16,
    total_y: u16,
    comment_label_y: u16,
    comment: Rect,
    status_y: u16,
}

impl Layout {
    fn of(body: Rect, form: &ScoreForm, lang: Lang) -> Layout {
        let label = form
            .dimensions
            .iter()
            .map(|d| text::width(dimension_name(d, lang)))
            .max()
            .unwrap_or(0)
            .min(usize::from(body.width / 2)) as u16;
        let first_field = body.y + 2;
        let total_y = first_field + form.dimensions.len() as u16 + 1;
        let comment_label_y = total_y + 2;
        let status_y = body.bottom().saturating_sub(1);
        let comment = Rect::new(
            body.x + 4,
            comment_label_y + 1,
            body.width.saturating_sub(6),
            status_y.saturating_sub(comment_label_y + 2),
        );
        Layout {
            first_field,
            box_x: body.x + 2 + label + 2,
            total_y,
            comment_label_y,
            comment,
            status_y,
        }
    }
}

fn dimension_name(d: &Dimension, lang: Lang) -> &str {
    match lang {
        Lang::Zh => &d.zh,
        Lang::En => &d.en,
    }
}

fn problem_text(c: &Catalog, problem: FieldProblem) -> String {
    match problem {
        FieldProblem::Empty => c.score_empty.to_owned(),
        FieldProblem::OverMax(max) => fill(c.score_over_max, &[("max", &max.to_string())]),
    }
}

/// Draws the form over the screen above the footer.
pub fn draw(app: &App, buf: &mut Buffer, area: Rect, form: &ScoreForm) -> Vec<Rect> {
    let body = body(area);
    let theme = &app.theme;
    let c = app.catalog();
    let ascii = app.glyphs.ascii;
    let layout = Layout::of(body, form, app.lang);
    let width = usize::from(body.width);

    let title = format!(
        "{}  {}  {}",
        match form.stage {
            ReviewStage::Achievement => c.score_title,
            ReviewStage::Defense => c.score_title_defense,
        },
        clean(&form.id),
        clean(&form.name)
    );
    put(
        buf,
        body,
        body.x + 1,
        body.y,
        &text::truncate(&title, width - 2, ascii),
        usize::MAX,
        theme.style(S::Title),
    );
    rule(
        buf,
        row_of(body, 1),
        app.glyphs.rule,
        theme.style(S::Border),
    );

    let label_width = usize::from(layout.box_x - body.x - 4);
    for (i, d) in form.dimensions.iter().enumerate() {
        let y = layout.first_field + i as u16;
        let focused = form.focus == i;
        let name = text::truncate(&clean(dimension_name(d, app.lang)), label_width, ascii);
        let label_style = if focused { S::Heading } else { S::Label };
        put(
            buf,
            body,
            body.x + 2,
            y,
            &name,
            usize::MAX,
            theme.style(label_style),
        );
        let field = format!("[ {:<3}] / {}", form.texts[i], d.max);
        let style = if focused { S::Cursor } else { S::Text };
        let end = put(
            buf,
            body,
            layout.box_x,
            y,
            &field,
            usize::MAX,
            theme.style(style),
        );
        let typed = !form.texts[i].is_empty();
        if let Some(problem) = form.problem(i).filter(|_| typed) {
            put(
                buf,
                body,
                end + 2,
                y,
                &problem_text(c, problem),
                usize::MAX,
                theme.style(S::Error),
            );
        }
    }

    let max_total: u32 = form.dimensions.iter().map(|d| d.max).sum();
    let total = format!(
        "{} {} / {}   {}",
        c.score_total,
        form.total(),
        max_total,
        fill(c.score_pass_line, &[("line", &form.pass_line.to_string())])
    );
    put(
        buf,
        body,
        body.x + 2,
        layout.total_y,
        &total,
        usize::MAX,
        theme.style(S::Header),
    );

    let comment_style = if form.focus == form.texts.len() {
        S::Heading
    } else {
        S::Label
    };
    let end = put(
        buf,
        body,
        body.x + 2,
        layout.comment_label_y,
        c.score_comment,
        usize::MAX,
        theme.style(comment_style),
    );
    if form.total() < form.pass_line {
        let style = if form.comment_required() {
            S::Error
        } else {
            S::Muted
        };
        put(
            buf,
            body,
            end + 2,
            layout.comment_label_y,
            c.score_comment_required,
            usize::MAX,
            theme.style(style),
        );
    }
    let area = layout.comment;
    let top = comment_top(form.comment.cursor().0, area.height);
    for (i, line) in form
        .comment
        .lines()
        .iter()
        .skip(top)
        .take(usize::from(area.height))
        .enumerate()
    {
        let line = text::truncate(&clean(line), usize::from(area.width), ascii);
        put(
            buf,
            area,
            area.x,
            area.y + i as u16,
            &line,
            usize::MAX,
            Style::new(),
        );
    }
    if area.height > 0 {
        let edge = area.x.saturating_sub(2);
        for y in area.top()..area.bottom() {
            put(buf, body, edge, y, "|", 1, theme.style(S::Border));
        }
    }

    let status = if let Some(at) = form.submitted {
        fill(
            c.score_submitted,
            &[("at", &at.format("%Y-%m-%d %H:%M UTC").to_string())],
        )
    } else if form.changed() {
        c.score_unsaved.to_owned()
    } else if let Some(revision) = form.revision {
        fill(c.score_saved, &[("revision", &revision.to_string())])
    } else {
        c.score_new.to_owned()
    };
    put(
        buf,
        body,
        body.x + 2,
        layout.status_y,
        &status,
        usize::MAX,
        theme.style(S::Muted),
    );
    vec![body]
}
