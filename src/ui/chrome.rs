//! What every screen shares: the size check, the footer (key hints and the
//! position, the filter or command being typed, or a message), and the
//! help overlay generated from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::app::{App, Screen};
use super::draw::{Seg, TextLine, put, put_line, row_of, rule};
use super::keymap::{self, Context, Hint, Needs};
use super::prompt::Prompt;
use super::text;
use super::theme::StyleName as S;
use super::{
    application_view, committee, compare, dialog, notice, queue_view, ranking, score_view,
    sessions, statistics,
};

/// The smallest screen every view is laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

pub fn footer_row(area: Rect) -> Rect {
    row_of(area, area.height.saturating_sub(1))
}

/// Cells the prompt's sigil or question takes, at most half the footer.
pub fn prompt_label_width(app: &App, prompt: &Prompt, footer: Rect) -> u16 {
    let label = prompt.kind.label(app.catalog());
    (text::width(&label) as u16).min(footer.width / 2)
}

/// Cells for the prompt's text after its label.
pub fn prompt_width(footer: Rect, label: u16) -> usize {
    usize::from(footer.width.saturating_sub(label + 1))
}

/// Draws the whole screen for the app's state. Returns the regions drawn
/// independently (tabs, list, detail, panes, footer ...): a run of text is
/// never joined across two of them, so a change in one never resends the
/// other (see `compact`).
pub fn draw(app: &App, buf: &mut Buffer, area: Rect) -> Vec<Rect> {
    if area.is_empty() {
        return Vec::new();
    }
    if too_small(area) {
        draw_too_small(app, buf, area);
        return vec![area];
    }
    let mut regions = match (&app.score, &app.screen) {
        (Some(form), _) => score_view::draw(app, buf, area, form),
        (None, _) if let Some(screen) = &app.notice_screen => notice::draw(app, buf, area, screen),
        (None, _) if let Some(screen) = &app.audit => super::audit::draw(app, buf, area, screen),
        (None, _) if let Some(screen) = &app.sessions => sessions::draw(app, buf, area, screen),
        (None, _) if let Some(screen) = &app.ranking => ranking::draw(app, buf, area, screen),
        (None, _) if let Some(screen) = &app.statistics => statistics::draw(app, buf, area, screen),
        (None, _) if let Some(screen) = &app.compare => compare::draw(app, buf, area, screen),
        (None, _) if let Some(screen) = &app.committee => committee::draw(app, buf, area, screen),
        (None, Screen::Queue) => queue_view::draw(app, buf, area),
        (None, Screen::Application(view)) => application_view::draw(app, buf, area, view),
    };
    let footer = footer_row(area);
    // The position stands apart from the hints, so that moving the cursor
    // resends the position only, never the hints joined to it.
    match draw_footer(app, buf, footer) {
        Some(position_x) => regions.extend([
            Rect {
                width: position_x - footer.x,
                ..footer
            },
            Rect {
                x: position_x,
                width: footer.right() - position_x,
                ..footer
            },
        ]),
        None => regions.push(footer),
    }
    if app.help.is_some() {
        draw_help(app, buf, area);
        regions = vec![area];
    }
    if let Some(confirm) = &app.confirm {
        dialog::draw(app, buf, area, confirm);
        regions = vec![area];
    }
    regions
}

fn draw_too_small(app: &App, buf: &mut Buffer, area: Rect) {
    let message = app.catalog().too_small;
    let shown = text::truncate(message, usize::from(area.width), app.glyphs.ascii);
    let width = text::width(&shown) as u16;
    let x = area.x + area.width.saturating_sub(width) / 2;
    let y = area.y + area.height / 2;
    put(
        buf,
        area,
        x,
        y,
        &shown,
        usize::MAX,
        app.theme.style(S::Error),
    );
}

/// Draws the footer; returns where the position starts, when it shows.
fn draw_footer(app: &App, buf: &mut Buffer, row: Rect) -> Option<u16> {
    let theme = &app.theme;
    let c = app.catalog();
    if let Some(prompt) = &app.prompt {
        let label = prompt.kind.label(c);
        let label_width = prompt_label_width(app, prompt, row);
        let label = text::truncate(&label, usize::from(label_width), app.glyphs.ascii);
        put(
            buf,
            row,
            row.x,
            row.y,
            &label,
            usize::MAX,
            theme.style(S::Prompt),
        );
        let (shown, _) = prompt.visible(prompt_width(row, label_width));
        put(
            buf,
            row,
            row.x + label_width,
            row.y,
            &shown,
            prompt_width(row, label_width),
            Style::new(),
        );
        // A refusal while typing (a save that failed) shows above, and
        // what was typed stays for another try.
        if let Some(message) = &app.message {
            let above = Rect {
                y: row.y.saturating_sub(1),
                ..row
            };
            if above.y < row.y {
                blank(buf, above);
                let style = if message.is_error {
                    S::Error
                } else {
                    S::Notice
                };
                let shown = text::truncate(&message.text, usize::from(row.width), app.glyphs.ascii);
                put(
                    buf,
                    above,
                    above.x,
                    above.y,
                    &shown,
                    usize::MAX,
                    theme.style(style),
                );
            }
        }
        return None;
    }
    if let Some(message) = &app.message {
        let style = if message.is_error {
            S::Error
        } else {
            S::Notice
        };
        let line = vec![
            Seg::new(message.text.clone(), style),
            Seg::new(format!("  {}", c.dismiss), S::Muted),
        ];
        let room = usize::from(row.width);
        // In the score form Esc leaves the form (saving), so it is not offered.
        let line = if app.score.is_some()
            || text::width(&message.text) + 2 + text::width(c.dismiss) > room
        {
            vec![Seg::new(
                text::truncate(&message.text, room, app.glyphs.ascii),
                style,
            )]
        } else {
            line
        };
        put_line(buf, row, &line, theme, Style::new(), app.glyphs.ascii);
        return None;
    }

    // The position, right-aligned; the hints take what is left.
    let (at, of) = match &app.screen {
        _ if let Some(form) = &app.score => (form.focus + 1, form.texts.len() + 1),
        _ if let Some(screen) = &app.notice_screen => (screen.cursor.selected + 1, screen.len()),
        _ if let Some(screen) = &app.audit => (screen.cursor.selected + 1, screen.entries.len()),
        _ if let Some(screen) = &app.sessions => (screen.cursor.selected + 1, screen.lines.len()),
        _ if let Some(screen) = &app.ranking => (screen.cursor.selected + 1, screen.lines.len()),
        _ if let Some(screen) = &app.statistics => {
            (screen.scroll + 1, statistics::line_count(app, screen))
        }
        _ if let Some(screen) = &app.compare => {
            (screen.scroll + 1, compare::line_count(app, screen))
        }
        _ if let Some(screen) = &app.committee => (screen.cursor.selected + 1, screen.len()),
        Screen::Queue => app.position(),
        Screen::Application(view) => application_view::position(app, app.area(), view),
    };
    let position = if app.marks.is_empty() || app.score.is_some() {
        format!("{at}/{of}")
    } else {
        let marked =
            super::catalog::fill(c.marks_count, &[("count", &app.marks.len().to_string())]);
        format!("{marked}  {at}/{of}")
    };
    let position_width = text::width(&position) as u16;
    let position_x = row.right().saturating_sub(position_width + 1);
    put(
        buf,
        row,
        position_x,
        row.y,
        &position,
        usize::MAX,
        Style::new(),
    );

    let mut line: TextLine = Vec::new();
    if let (Screen::Queue, Some(filter)) = (&app.screen, app.queue.filter()) {
        let query = text::truncate(&text::clean(filter.query()), 16, app.glyphs.ascii);
        line.push(Seg::new(format!("{} {query}", c.filter_kept), S::Notice));
        line.push(Seg::plain("  "));
        line.push(Seg::new("n/N", S::Key));
        line.push(Seg::plain("   "));
    }
    // One style for all the hints: every change of style costs bytes.
    let room = usize::from(position_x.saturating_sub(row.x + 2));
    let hints = fit_hints(
        keymap::hints(app.context(), |needs| app.may(needs)),
        c,
        room.saturating_sub(super::draw::line_width(&line)),
    );
    line.push(Seg::plain(hints));
    put_line(
        buf,
        Rect {
            x: row.x + 1,
            width: room as u16,
            ..row
        },
        &line,
        theme,
        Style::new(),
        app.glyphs.ascii,
    );
    Some(position_x)
}

/// The hints that fit `room` cells, in table order: while they do not
/// fit, the last of the highest rank goes.
fn fit_hints(mut hints: Vec<Hint>, c: &super::catalog::Catalog, room: usize) -> String {
    let word = |hint: &Hint| format!("{} {}", hint.keys, (hint.text)(c));
    let joined = |hints: &[Hint]| hints.iter().map(word).collect::<Vec<_>>().join("  ");
    while text::width(&joined(&hints)) > room {
        let Some(worst) = hints.iter().map(|h| h.rank).max() else {
            break;
        };
        if let Some(at) = hints.iter().rposition(|h| h.rank == worst) {
            hints.remove(at);
        }
    }
    joined(&hints)
}

fn blank(buf: &mut Buffer, row: Rect) {
    for x in row.left()..row.right() {
        if let Some(cell) = buf.cell_mut((x, row.y)) {
            cell.reset();
        }
    }
}

impl App {
    /// Whether the footer offers an action with these needs to this user
    /// here. The service decides in the end; this keeps the hints honest.
    pub(super) fn may(&self, needs: Needs) -> bool {
        let reviewer = || {
            crate::service::require(&self.user, crate::service::Permission::ReviewEligibility)
                .is_ok()
        };
        match needs {
            Needs::Nothing => true,
            Needs::Scorer => {
                crate::service::require(&self.user, crate::service::Permission::ScoreReviews)
                    .is_ok()
            }
            Needs::Reviewer => reviewer(),
            Needs::Auditor => {
                crate::service::require(&self.user, crate::service::Permission::ReadAudit).is_ok()
            }
            Needs::Committee => {
                crate::service::require(&self.user, crate::service::Permission::ReadCommittee)
                    .is_ok()
            }
            Needs::Manage => {
                crate::service::require(&self.user, crate::service::Permission::ManageUsers).is_ok()
            }
            Needs::ReadNotice => {
                crate::service::require(&self.user, crate::service::Permission::ReadNotice).is_ok()
            }
            Needs::RunNotice => {
                crate::service::require(&self.user, crate::service::Permission::ManageNotice)
                    .is_ok()
            }
            Needs::Move | Needs::StageReject | Needs::Written | Needs::Mark => {
                let mover =
                    crate::service::require(&self.user, crate::service::Permission::MoveStage)
                        .is_ok();
                let stage = match &self.screen {
                    Screen::Queue => self.queue.selected().map(|s| s.stage),
                    Screen::Application(view) => Some(view.record.value.stage),
                };
                mover
                    && stage.is_some_and(|stage| match needs {
                        Needs::StageReject => super::moves::rejects_at_stage(stage),
                        Needs::Written => stage == crate::domain::Stage::Written,
                        _ => super::moves::advances_from(stage),
                    })
            }
            Needs::Decision => {
                reviewer()
                    && match &self.screen {
                        Screen::Queue => {
                            self.queue.tab() == super::queue::ELIGIBILITY_TAB
                                && !self.queue.is_empty()
                        }
                        Screen::Application(view) => {
                            view.record.value.stage == crate::domain::Stage::Eligibility
                        }
                    }
            }
        }
    }
}

/// The screen under the help: its keys are the ones the help lists.
fn help_contexts(app: &App) -> &'static [Context] {
    if app.score.is_some() {
        return &[Context::Score];
    }
    if app.notice_screen.is_some() {
        return &[Context::Notice];
    }
    if app.audit.is_some() {
        return &[Context::Audit];
    }
    if app.sessions.is_some() {
        return &[Context::Sessions];
    }
    if app.ranking.is_some() {
        return &[Context::Ranking];
    }
    if app.statistics.is_some() {
        return &[Context::Statistics];
    }
    if app.compare.is_some() {
        return &[Context::Compare];
    }
    if app.committee.is_some() {
        return &[Context::Committee];
    }
    match app.screen {
        Screen::Queue => &[Context::Queue],
        Screen::Application(_) => &[Context::Application, Context::Evidence],
    }
}

/// The help's lines for a help `inner` cells wide with `room` lines: the
/// keymap rows for the screen under it (in two columns when one does not
/// fit), then the commands, notes and the log file.
fn help_lines(app: &App, inner: usize, room: usize) -> Vec<TextLine> {
    let c = app.catalog();
    let ascii = app.glyphs.ascii;
    let rows = keymap::help_rows(help_contexts(app), c);
    let key_width = rows.iter().map(|r| text::width(&r.keys)).max().unwrap_or(0) + 2;

    let mut notes: Vec<TextLine> = vec![Vec::new()];
    notes.extend(
        text::wrap(c.help_commands, inner.max(1))
            .into_iter()
            .map(|l| vec![Seg::new(l, S::Muted)]),
    );
    // The criteria's initials with their names, wrapped between entries.
    let mut initials: Vec<String> = Vec::new();
    let mut line = format!("{}{}", c.legend_initials, c.colon);
    for (i, code) in crate::domain::rules::Criterion::ALL.into_iter().enumerate() {
        let entry = format!("{} {}", c.criterion_initial(code), c.criterion(code));
        let gap = if i == 0 { "" } else { "  " };
        if i > 0 && text::width(&line) + gap.len() + text::width(&entry) > inner {
            initials.push(std::mem::replace(&mut line, format!("  {entry}")));
        } else {
            line.push_str(gap);
            line.push_str(&entry);
        }
    }
    initials.push(line);
    match app.screen {
        Screen::Queue => {
            notes.extend([
                vec![Seg::new(c.help_filter_fields, S::Muted)],
                vec![Seg::new(c.help_query_syntax, S::Muted)],
                vec![Seg::new(c.legend_criteria, S::Muted)],
            ]);
            notes.extend(initials.into_iter().map(|l| vec![Seg::new(l, S::Muted)]));
        }
        Screen::Application(_) => notes.extend([
            vec![Seg::new(c.help_marks, S::Muted)],
            vec![Seg::new(c.legend_criteria, S::Muted)],
            vec![Seg::new(c.legend_linked, S::Muted)],
            vec![Seg::new(c.help_decisions, S::Muted)],
        ]),
    }
    if let Some(path) = &app.log_path {
        notes.push(vec![
            Seg::new(format!("{}  ", c.help_log), S::Label),
            Seg::plain(text::clean(path).into_owned()),
        ]);
    }

    // Notes wrap to the help's width.
    let notes: Vec<TextLine> = notes
        .into_iter()
        .flat_map(|line| match line.as_slice() {
            [seg] if seg.style == S::Muted => text::wrap(&seg.text, inner.max(1))
                .into_iter()
                .map(|part| vec![Seg::new(part, S::Muted)])
                .collect(),
            _ => vec![line],
        })
        .collect();
    let columns = if rows.len() + notes.len() <= room {
        1
    } else {
        2
    };
    let column_width = inner / columns;
    let text_width = column_width.saturating_sub(key_width + 1);
    let cell = |row: &keymap::HelpRow, pad: bool| -> TextLine {
        let words = if pad {
            text::fit(row.text, text_width + 1, ascii)
        } else {
            text::truncate(row.text, text_width, ascii)
        };
        vec![
            Seg::new(text::fit(&row.keys, key_width, ascii), S::Key),
            Seg::plain(words),
        ]
    };
    let per_column = rows.len().div_ceil(columns);
    let mut lines: Vec<TextLine> = (0..per_column)
        .map(|i| {
            let mut line = cell(&rows[i], columns > 1);
            if let Some(right) = rows.get(i + per_column).filter(|_| columns > 1) {
                line.extend(cell(right, false));
            }
            line
        })
        .collect();
    lines.extend(notes);
    lines
}

/// Where the help goes: centred, with a rule above and below, and its lines.
fn help_layout(app: &App, area: Rect) -> (Rect, Vec<TextLine>) {
    let width = area.width.saturating_sub(4).min(76);
    let room = usize::from(area.height.saturating_sub(4));
    let lines = help_lines(app, usize::from(width.saturating_sub(1)), room);
    let height = (lines.len() as u16)
        .saturating_add(2)
        .min(area.height.saturating_sub(2));
    let x = area.x + (area.width - width) / 2;
    let y = area.y + (area.height.saturating_sub(height)) / 2;
    (Rect::new(x, y, width, height), lines)
}

/// Lines of help in all, and how many show.
pub fn help_extent(app: &App) -> (usize, usize) {
    let (help, lines) = help_layout(app, app.area());
    (lines.len(), usize::from(help.height.saturating_sub(2)))
}

fn draw_help(app: &App, buf: &mut Buffer, area: Rect) {
    let theme = &app.theme;
    let c = app.catalog();
    let (help, lines) = help_layout(app, area);
    if help.height < 3 {
        return;
    }
    // Blank the rows under the help, edge to edge.
    let cleared = Rect {
        x: area.x,
        width: area.width,
        ..help
    };
    for y in cleared.top()..cleared.bottom() {
        for x in cleared.left()..cleared.right() {
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.reset();
            }
        }
    }

    let border = theme.style(S::Border);
    rule(buf, row_of(help, 0), app.glyphs.rule, border);
    put(
        buf,
        help,
        help.x + 2,
        help.y,
        &format!(" {} ", c.help_title),
        usize::MAX,
        theme.style(S::Title),
    );
    let body = Rect {
        y: help.y + 1,
        height: help.height - 2,
        ..help
    };
    let offset = app
        .help
        .unwrap_or(0)
        .min(lines.len().saturating_sub(usize::from(body.height)));
    for (i, line) in lines
        .iter()
        .skip(offset)
        .take(usize::from(body.height))
        .enumerate()
    {
        let row = row_of(body, i as u16);
        put_line(
            buf,
            Rect {
                x: row.x + 1,
                width: row.width.saturating_sub(1),
                ..row
            },
            line,
            theme,
            Style::new(),
            app.glyphs.ascii,
        );
    }
    let bottom = row_of(help, help.height - 1);
    rule(buf, bottom, app.glyphs.rule, border);
    let close = format!(" Esc {} ", c.hint_close);
    let x = bottom
        .right()
        .saturating_sub(text::width(&close) as u16 + 2);
    put(
        buf,
        bottom,
        x,
        bottom.y,
        &close,
        usize::MAX,
        theme.style(S::Key),
    );
}
