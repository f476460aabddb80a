//! The notice screen (`:notice`, `P`): the window of the public notice
//! (公示期), the countdown in working days, the applicants on it with their
//! complaint marks, and the complaints. The secretariat records a
//! complaint about the selected applicant, upholds or dismisses its oldest
//! open one with a finding, and concludes the notice once it is over.
//! Supervisors read it; every refusal comes from the service.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::domain::Stage;
use crate::domain::notice::{Complaint, ComplaintState, NoticeStatus};
use crate::service::{ComplaintCounts, NoticeView, Permission, ServiceError, require};

use super::app::App;
use super::catalog::{Catalog, fill};
use super::dialog::Confirm;
use super::draw::{Seg, put_line, row_of, rule};
use super::keymap::Action;
use super::list::{self, ListCursor, Moved};
use super::prompt::ReasonFor;
use super::queue::NOTICE_TAB;
use super::text::clean;
use super::theme::StyleName as S;

#[derive(Debug)]
pub struct NoticeScreen {
    /// `None` before any notice was opened.
    pub view: Option<NoticeView>,
    /// Over the applicants on the notice.
    pub cursor: ListCursor,
}

impl NoticeScreen {
    pub fn len(&self) -> usize {
        self.view.as_ref().map_or(0, |v| v.entries.len())
    }

    /// The selected applicant's id and name.
    fn selected(&self) -> Option<(String, String)> {
        let view = self.view.as_ref()?;
        let entry = view.entries.get(self.cursor.selected)?;
        Some((entry.id.clone(), entry.name.clone()))
    }

    /// The oldest open complaint about an applicant.
    fn open_complaint(&self, id: &str) -> Option<&Complaint> {
        self.view
            .as_ref()?
            .complaints
            .iter()
            .find(|c| c.application == id && c.state == ComplaintState::Open)
    }
}

/// How many applicants concluding would certify: those still at the
/// notice without an open or upheld complaint.
fn clean_count(view: &NoticeView) -> usize {
    view.entries
        .iter()
        .filter(|e| {
            let counts = view.marks(&e.id);
            e.stage == Stage::Notice && counts.open == 0 && counts.upheld == 0
        })
        .count()
}

impl App {
    pub(super) fn open_notice(&mut self) {
        match self.service.notice_view(&self.user) {
            Ok(view) => {
                self.notice_screen = Some(Box::new(NoticeScreen {
                    view,
                    cursor: ListCursor::default(),
                }));
                self.message = None;
                self.dirty = true;
            }
            Err(ServiceError::Forbidden { role, .. }) => {
                let c = self.catalog();
                let text = fill(c.notice_text.refused_read, &[("role", c.user_role(role))]);
                self.notice(&text, true);
            }
            Err(e) => self.refused(&e),
        }
    }

    /// Reads the complaint counts for the notice tab's complaints column,
    /// once; nothing for a user who may not read complaints.
    pub(super) fn load_complaint_counts(&mut self) {
        if self.queue.tab() != NOTICE_TAB || self.complaint_counts.is_some() {
            return;
        }
        let counts = self
            .service
            .complaint_counts(&self.user)
            .unwrap_or_default();
        self.complaint_counts = Some(counts);
    }

    /// The complaints column of an application in the notice tab.
    pub(super) fn complaint_mark(&self, id: &str) -> Option<String> {
        let counts = self.complaint_counts.as_ref()?.get(id)?;
        Some(marks(self.catalog(), *counts))
    }

    /// After a change here or elsewhere: the notice as it is now.
    pub(super) fn reload_notice(&mut self) {
        let Some(screen) = &mut self.notice_screen else {
            return;
        };
        if let Ok(view) = self.service.notice_view(&self.user) {
            screen
                .cursor
                .clamp(view.as_ref().map_or(0, |v| v.entries.len()));
            screen.view = view;
            self.dirty = true;
        }
    }

    pub(super) fn update_notice(&mut self, action: Action) {
        let height = usize::from(entry_rows(self.area(), self.notice_screen.as_deref()).height);
        let Some(screen) = &mut self.notice_screen else {
            return;
        };
        match screen.cursor.apply(action, screen.len(), height) {
            Moved::Yes => self.dirty = true,
            Moved::No => {}
            Moved::NotAMove(Action::GoBack) => {
                self.back_from(|app| app.notice_screen = None);
            }
            Moved::NotAMove(Action::RecordComplaint) => self.start_complaint(),
            Moved::NotAMove(Action::UpholdComplaint) => self.start_finding(true),
            Moved::NotAMove(Action::DismissComplaint) => self.start_finding(false),
            Moved::NotAMove(Action::ConcludeNotice) => self.start_conclude(),
            Moved::NotAMove(other) => self.update_common(other),
        }
    }

    /// Asks before typing only who may not write at all; the service
    /// decides everything else.
    fn may_run_notice(&mut self) -> bool {
        match require(&self.user, Permission::ManageNotice) {
            Ok(()) => true,
            Err(e) => {
                tracing::info!(user = %self.user.name, "refused: {e}");
                let c = self.catalog();
                let role = c.user_role(self.user.role);
                self.notice(&fill(c.notice_text.refused_run, &[("role", role)]), true);
                false
            }
        }
    }

    fn start_complaint(&mut self) {
        let selected = self.notice_screen.as_ref().and_then(|s| s.selected());
        let Some((id, _)) = selected else { return };
        if self.may_run_notice() {
            let received = self.service.today();
            self.ask_reason(ReasonFor::Complaint { id, received }, "");
        }
    }

    fn start_finding(&mut self, upheld: bool) {
        let Some(screen) = &self.notice_screen else {
            return;
        };
        let Some((id, _)) = screen.selected() else {
            return;
        };
        let complaint = screen.open_complaint(&id).map(|c| c.id);
        if !self.may_run_notice() {
            return;
        }
        if let Some(complaint) = complaint {
            let purpose = ReasonFor::Finding {
                complaint,
                id,
                upheld,
            };
            self.ask_reason(purpose, "");
        } else {
            let text = fill(
                self.catalog().notice_text.no_open_complaint,
                &[("id", &clean(&id))],
            );
            self.notice(&text, true);
        }
    }

    fn start_conclude(&mut self) {
        let count = self
            .notice_screen
            .as_ref()
            .and_then(|s| s.view.as_ref())
            .map(clean_count);
        if let Some(count) = count
            && self.may_run_notice()
        {
            self.confirm = Some(Confirm::conclude(count));
            self.dirty = true;
        }
    }

    /// Enter on a complaint's content; false keeps the typing.
    pub(super) fn record_complaint(
        &mut self,
        id: &str,
        received: chrono::NaiveDate,
        text: &str,
    ) -> bool {
        let c = &self.catalog().notice_text;
        let done = self
            .service
            .complain(&self.user, id, received, text)
            .map(|complaint| {
                let template = if complaint.late {
                    c.done_complaint_late
                } else {
                    c.done_complaint
                };
                (template, complaint.id, id.to_owned())
            });
        self.written(done)
    }

    /// Enter on a finding; false keeps the typing.
    pub(super) fn resolve_complaint(
        &mut self,
        complaint: u64,
        upheld: bool,
        finding: &str,
    ) -> bool {
        let c = &self.catalog().notice_text;
        let (state, template) = if upheld {
            (ComplaintState::Upheld, c.done_upheld)
        } else {
            (ComplaintState::Dismissed, c.done_dismissed)
        };
        let done = self
            .service
            .resolve_complaint(&self.user, complaint, state, finding)
            .map(|resolved| (template, complaint, resolved.application));
        self.written(done)
    }

    /// After a complaint was written: the screen as it is now and the
    /// message naming the complaint and applicant; or the refusal.
    fn written(&mut self, done: Result<(&str, u64, String), ServiceError>) -> bool {
        match done {
            Ok((template, n, id)) => {
                let text = fill(template, &[("n", &n.to_string()), ("id", &clean(&id))]);
                self.reload();
                self.notice(&text, false);
                true
            }
            Err(e) => {
                self.refused(&e);
                false
            }
        }
    }

    pub(super) fn conclude_notice(&mut self) {
        match self.service.conclude_notice(&self.user) {
            Ok(conclusion) => {
                let done = fill(
                    self.catalog().notice_text.done_concluded,
                    &[
                        ("certified", &conclusion.certified.len().to_string()),
                        ("held", &conclusion.held.len().to_string()),
                    ],
                );
                self.reload();
                self.notice(&done, false);
            }
            Err(e) => self.refused(&e),
        }
    }
}

const ID: usize = 14;
const NAME: usize = 8;
const LEVEL: usize = 6;
const PROVINCE: usize = 6;
const STAGE: usize = 9;
const MARKS: usize = 10;
const NUMBER: usize = 3;
const RECEIVED: usize = 5;
const LATE: usize = 4;
const STATE: usize = 9;

/// The rows of the applicants' list: at most half of the room below the
/// header when there are complaints to show, and no more than it needs.
fn entry_rows(area: Rect, screen: Option<&NoticeScreen>) -> Rect {
    let rows = list::rows_rect(area);
    let (entries, complaints) = screen
        .and_then(|s| s.view.as_ref())
        .map_or((0, 0), |v| (v.entries.len(), v.complaints.len()));
    // Two rows go to the complaints' rule and heading.
    let below = complaints.max(1) + 2;
    let room = usize::from(rows.height);
    let height = entries.min(room.saturating_sub(below.min(room / 2))).max(1);
    Rect {
        height: height.min(room) as u16,
        ..rows
    }
}

fn countdown(c: &Catalog, view: &NoticeView) -> String {
    let t = &c.notice_text;
    let over = view.notice.is_over(view.today);
    let state = match (view.notice.status, over, view.days_left) {
        (NoticeStatus::Concluded, _, _) => t.concluded.to_owned(),
        (_, true, _) | (_, _, Some(0)) => t.ended.to_owned(),
        (_, false, Some(n)) => fill(t.days_left, &[("n", &n.to_string())]),
        (_, false, None) => t.running.to_owned(),
    };
    let window = fill(
        t.window,
        &[
            ("first", &view.notice.first_day.to_string()),
            ("last", &view.notice.last_day.to_string()),
            ("days", &view.notice.days.to_string()),
        ],
    );
    format!("{window}  {state}")
}

fn stage_name(c: &Catalog, stage: Stage) -> &'static str {
    match stage {
        Stage::Notice => c.notice_text.stages[0],
        Stage::Certified => c.notice_text.stages[1],
        Stage::Cancelled => c.notice_text.stages[2],
        other => c.stage(other),
    }
}

/// An application's complaints column: open ones first, then upheld, then
/// a word for those all dismissed.
pub(super) fn marks(c: &Catalog, counts: ComplaintCounts) -> String {
    let t = &c.notice_text;
    match (counts.open, counts.upheld) {
        (0, 0) if counts.all > 0 => t.mark_dismissed.to_owned(),
        (0, 0) => String::new(),
        (0, n) => fill(t.mark_upheld, &[("n", &n.to_string())]),
        (n, _) => fill(t.mark_open, &[("n", &n.to_string())]),
    }
}

pub fn draw(app: &App, buf: &mut Buffer, area: Rect, screen: &NoticeScreen) -> Vec<Rect> {
    let c = app.catalog();
    let t = &c.notice_text;
    let Some(view) = &screen.view else {
        list::draw_top(app, buf, area, (t.title, t.none), &[]);
        return vec![row_of(area, 0), list::rows_rect(area)];
    };
    let columns = [
        (c.col_id, ID),
        (c.col_name, NAME),
        (c.col_level, LEVEL),
        (c.col_province, PROVINCE),
        (c.col_stage, STAGE),
        (t.col_complaints, MARKS),
        (c.organization, 0),
    ];
    list::draw_top(app, buf, area, (t.title, &countdown(c, view)), &columns);

    let rows = entry_rows(area, Some(screen));
    for (i, row, base) in list::visible_rows(app, buf, rows, view.entries.len(), screen.cursor) {
        let e = &view.entries[i];
        let cells = [
            (clean(&e.id).into_owned(), ID),
            (clean(&e.name).into_owned(), NAME),
            (c.level_short(e.level).to_owned(), LEVEL),
            (clean(&e.province).into_owned(), PROVINCE),
            (stage_name(c, e.stage).to_owned(), STAGE),
            (marks(c, view.marks(&e.id)), MARKS),
            (clean(&e.organization).into_owned(), 0),
        ];
        list::draw_cells(app, buf, row, &cells, base);
    }

    // The complaints, below the applicants.
    let list_end = rows.y + rows.height;
    let bottom = list::rows_rect(area);
    let bottom_end = bottom.y + bottom.height;
    if list_end + 2 > bottom_end {
        return vec![row_of(area, 0), row_of(area, 2), rows];
    }
    let theme = &app.theme;
    let heading = Rect::new(area.x, list_end, area.width, 1);
    rule(buf, heading, app.glyphs.rule, theme.style(S::Border));
    let count = fill(t.complaints, &[("n", &view.complaints.len().to_string())]);
    let title = Rect::new(area.x, list_end + 1, area.width, 1);
    let line = if view.complaints.is_empty() {
        vec![
            Seg::new(format!(" {count}"), S::Header),
            Seg::new(format!("  {}", t.no_complaints), S::Muted),
        ]
    } else {
        vec![Seg::new(format!(" {count}"), S::Header)]
    };
    put_line(
        buf,
        title,
        &line,
        theme,
        ratatui::style::Style::new(),
        app.glyphs.ascii,
    );
    for (y, complaint) in (list_end + 2..bottom_end).zip(&view.complaints) {
        let row = Rect::new(area.x, y, area.width, 1);
        let name = view
            .entries
            .iter()
            .find(|e| e.id == complaint.application)
            .map_or_else(|| complaint.application.clone(), |e| e.name.clone());
        let state = t.states[complaint.state as usize];
        let cells = [
            (complaint.id.to_string(), NUMBER),
            (complaint.received.format("%m-%d").to_string(), RECEIVED),
            (if complaint.late { t.late } else { "" }.to_owned(), LATE),
            (state.to_owned(), STATE),
            (clean(&name).into_owned(), NAME),
            (clean(&complaint.content).into_owned(), 0),
        ];
        let style = match complaint.state {
            ComplaintState::Open => theme.style(S::Title),
            _ => theme.style(S::Muted),
        };
        list::draw_cells(app, buf, row, &cells, style);
    }
    vec![
        row_of(area, 0),
        row_of(area, 2),
        rows,
        Rect::new(area.x, list_end, area.width, bottom_end - list_end),
    ]
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{NoticeView, countdown};
    use crate::domain::notice::{Notice, NoticeStatus};
    use crate::lang::Lang;

    fn view(today: &str, days_left: Option<u32>, status: NoticeStatus) -> NoticeView {
        let d = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
        NoticeView {
            notice: Notice {
                id: 1,
                start: d("2024-02-08"),
                first_day: d("2024-02-08"),
                last_day: d("2024-02-20"),
                days: 5,
                applications: Vec::new(),
                status,
                concluded_on: None,
            },
            today: d(today),
            days_left,
            entries: Vec::new(),
            complaints: Vec::new(),
        }
    }

    #[test]
    fn the_countdown_reads_days_left_then_ended_then_concluded() {
        let zh = Lang::Zh.catalog();
        let en = Lang::En.catalog();
        let running = view("2024-02-18", Some(3), NoticeStatus::Running);
        assert_eq!(
            countdown(zh, &running),
            "公示期 2024-02-08 至 2024-02-20（5 个工作日）  还剩 3 个工作日"
        );
        assert!(countdown(en, &running).ends_with("3 working days left"));
        let over = view("2024-02-21", Some(0), NoticeStatus::Running);
        assert!(countdown(zh, &over).ends_with("已结束"));
        assert!(countdown(en, &over).ends_with("ended"));
        let done = view("2024-02-22", Some(0), NoticeStatus::Concluded);
        assert!(countdown(zh, &done).ends_with("已办结"));
    }
}
