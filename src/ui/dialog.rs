//! The confirmation dialog of a destructive action: a question naming the
//! application, the reason given, and two buttons with Cancel chosen first,
//! so Enter alone never destroys anything.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::app::App;
use super::catalog::fill;
use super::draw::{Seg, TextLine, put, put_line, row_of, rule};
use super::text::{self, clean};
use super::theme::StyleName as S;

/// A decision waiting for its confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub id: String,
    pub name: String,
    pub reason: String,
    /// Whether the destructive button is chosen; Cancel is, at first.
    pub reject_chosen: bool,
    /// What the dialog confirms.
    pub purpose: Purpose,
}

/// What a confirmation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Reject,
    SubmitReview,
    /// Rejecting at a scored stage: the same question as at eligibility.
    RejectAtStage,
    /// Moving the marked applications forward; `reason` holds their count.
    AdvanceMarked,
    /// Concluding the notice; `reason` holds the count to certify.
    ConcludeNotice,
    /// Exporting applications; `reason` holds the count, `name` the file.
    Export,
}

impl Confirm {
    pub fn reject(id: &str, name: &str, reason: &str) -> Confirm {
        Confirm {
            id: id.to_owned(),
            name: name.to_owned(),
            reason: reason.to_owned(),
            reject_chosen: false,
            purpose: Purpose::Reject,
        }
    }

    /// Submitting the score form of an application; the total shows
    /// where a rejection shows its reason.
    /// Moving `count` marked applications forward; `ids` lists a few.
    pub fn advance_marked(count: usize, ids: &str) -> Confirm {
        Confirm {
            id: String::new(),
            name: ids.to_owned(),
            reason: count.to_string(),
            reject_chosen: false,
            purpose: Purpose::AdvanceMarked,
        }
    }

    /// Writing `count` applications to `file`.
    pub fn export(count: usize, file: &str) -> Confirm {
        Confirm {
            id: String::new(),
            name: file.to_owned(),
            reason: count.to_string(),
            reject_chosen: false,
            purpose: Purpose::Export,
        }
    }

    /// Concluding the notice, certifying `count` applicants.
    pub fn conclude(count: usize) -> Confirm {
        Confirm {
            id: String::new(),
            name: String::new(),
            reason: count.to_string(),
            reject_chosen: false,
            purpose: Purpose::ConcludeNotice,
        }
    }

    pub fn submit(id: &str, name: &str, total: u32) -> Confirm {
        Confirm {
            id: id.to_owned(),
            name: name.to_owned(),
            reason: total.to_string(),
            reject_chosen: false,
            purpose: Purpose::SubmitReview,
        }
    }

    /// The question in the UI's language, with the data cleaned.
    pub fn question(&self, app: &App) -> String {
        let question = match self.purpose {
            Purpose::Reject | Purpose::RejectAtStage => app.catalog().confirm_reject,
            Purpose::SubmitReview => app.catalog().confirm_submit,
            Purpose::AdvanceMarked => app.catalog().confirm_advance_marked,
            Purpose::ConcludeNotice => app.catalog().notice_text.confirm_conclude,
            Purpose::Export => app.catalog().confirm_export,
        };
        fill(
            question,
            &[
                ("id", &clean(&self.id)),
                ("name", &clean(&self.name)),
                ("count", &self.reason),
            ],
        )
    }
}

/// The dialog's lines: the question, the reason, and the buttons.
fn lines(app: &App, confirm: &Confirm, inner: usize) -> Vec<TextLine> {
    let c = app.catalog();
    let ascii = app.glyphs.ascii;
    let reason = match confirm.purpose {
        Purpose::Reject | Purpose::RejectAtStage => {
            format!("{}{}{}", c.reason, c.colon, clean(&confirm.reason))
        }
        Purpose::SubmitReview => format!("{} {}", c.score_total, confirm.reason),
        Purpose::AdvanceMarked => clean(&confirm.name).into_owned(),
        Purpose::ConcludeNotice => c.notice_text.conclude_note.to_owned(),
        Purpose::Export => c.export_note.to_owned(),
    };
    let destroy = match confirm.purpose {
        Purpose::Reject | Purpose::RejectAtStage => c.button_reject,
        Purpose::SubmitReview => c.button_submit,
        Purpose::AdvanceMarked => c.button_advance,
        Purpose::ConcludeNotice => c.notice_text.button_conclude,
        Purpose::Export => c.button_export,
    };
    let button = |label: &str, chosen: bool| {
        let style = if chosen { S::Selected } else { S::Key };
        Seg::new(format!("[ {label} ]"), style)
    };
    vec![
        vec![Seg::new(
            text::truncate(&confirm.question(app), inner, ascii),
            S::Title,
        )],
        vec![Seg::plain(text::truncate(&reason, inner, ascii))],
        Vec::new(),
        vec![
            button(c.button_cancel, !confirm.reject_chosen),
            Seg::plain("  "),
            button(destroy, confirm.reject_chosen),
        ],
    ]
}

/// Draws the dialog centred over the screen, blanking the rows it covers.
pub fn draw(app: &App, buf: &mut Buffer, area: Rect, confirm: &Confirm) {
    let theme = &app.theme;
    let width = area.width.saturating_sub(4).min(64);
    let inner = usize::from(width.saturating_sub(4));
    let lines = lines(app, confirm, inner);
    let height = (lines.len() as u16 + 2).min(area.height);
    let x = area.x + (area.width - width) / 2;
    let y = area.y + area.height.saturating_sub(height) / 2;
    let dialog = Rect::new(x, y, width, height);
    if dialog.height < 3 {
        return;
    }
    for y in dialog.top()..dialog.bottom() {
        for x in area.left()..area.right() {
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.reset();
            }
        }
    }
    let border = theme.style(S::Border);
    rule(buf, row_of(dialog, 0), app.glyphs.rule, border);
    rule(
        buf,
        row_of(dialog, dialog.height - 1),
        app.glyphs.rule,
        border,
    );
    for (i, line) in lines
        .iter()
        .enumerate()
        .take(usize::from(dialog.height - 2))
    {
        let row = row_of(dialog, i as u16 + 1);
        let row = Rect {
            x: row.x + 2,
            width: row.width.saturating_sub(4),
            ..row
        };
        put_line(buf, row, line, theme, Style::new(), app.glyphs.ascii);
    }
    let hint = format!(" y {} ", app.catalog().hint_confirm);
    let bottom = row_of(dialog, dialog.height - 1);
    let at = bottom.right().saturating_sub(text::width(&hint) as u16 + 2);
    put(
        buf,
        bottom,
        at,
        bottom.y,
        &hint,
        usize::MAX,
        theme.style(S::Key),
    );
}
