//! The committee screen (`C` or `:committee`): the checklist of RULES.md as
//! pass, warn and fail lines with their numbers, then the roster of the
//! expert committee with each expert's load and the supervision committee.
//! The secretariat edits the selected member here: title (`t`), province
//! (`p`), organization (`o`), fields (`e`); `n` adds an expert. Every edit
//! goes through the service and the screen reads the committee again.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::domain::application::Field;
use crate::domain::committee::{CheckCode, CheckLine, CheckStatus, Requirement};
use crate::domain::scoring::{ReviewStage, Tendency};
use crate::domain::{TitleRank, User, UserRole};
use crate::service::{CommitteeView, MemberEdit, Permission, require};

use super::app::App;
use super::catalog::{Catalog, Lang, fill};
use super::draw::{Seg, put, put_line, row_of, rule};
use super::keymap::Action;
use super::list::{self, ListCursor, Moved};
use super::prompt::{Prompt, PromptKind, ReasonFor};
use super::text::{self, clean};
use super::theme::StyleName as S;

/// What a member prompt is typed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberField {
    Province,
    Organization,
    Fields,
    /// The login name of a new expert.
    NewExpert,
}

/// The committee as last read, and the selected member.
#[derive(Debug)]
pub struct CommitteeScreen {
    pub view: CommitteeView,
    /// Each expert's scoring at the achievement review against the others.
    pub tendencies: std::collections::HashMap<String, Tendency>,
    /// Over [`CommitteeScreen::members`].
    pub cursor: ListCursor,
}

impl CommitteeScreen {
    /// Experts first, then the supervisors.
    pub fn members(&self) -> impl Iterator<Item = &User> {
        self.view.experts.iter().chain(&self.view.supervisors)
    }

    pub fn len(&self) -> usize {
        self.view.experts.len() + self.view.supervisors.len()
    }

    pub fn selected_member(&self) -> Option<&User> {
        self.members().nth(self.cursor.selected)
    }
}

/// An expert's tendency: the mean total given, how many, and how far above
/// (+) or below (-) the other experts on the same applications.
fn tendency_text(tendency: Option<&Tendency>) -> String {
    let Some(t) = tendency else {
        return String::new();
    };
    let tenths = |s: crate::domain::scoring::Score| {
        let t = s.tenths();
        format!("{}.{}", t / 10, (t % 10).abs())
    };
    let mut out = format!("{} n{}", tenths(t.mean), t.count);
    if let Some(d) = t.deviation {
        let sign = if d.tenths() >= 0 { "+" } else { "-" };
        let magnitude = d.tenths().abs();
        let _ = write!(out, " {sign}{}.{}", magnitude / 10, magnitude % 10);
    }
    out
}

/// The checklist line's mark: `+` pass, `!` warn, `x` fail.
fn status_mark(status: CheckStatus) -> (char, S) {
    match status {
        CheckStatus::Pass => ('+', S::VerdictEligible),
        CheckStatus::Warn => ('!', S::VerdictReview),
        CheckStatus::Fail => ('x', S::VerdictIneligible),
    }
}

fn check_name(c: &Catalog, code: CheckCode) -> &'static str {
    match code {
        CheckCode::Size => c.check_size,
        CheckCode::InProvince => c.check_in_province,
        CheckCode::Titles => c.check_titles,
        CheckCode::Fields => c.check_fields,
        CheckCode::Supervisors => c.check_supervisors,
    }
}

fn field_name(c: &Catalog, field: Field) -> &'static str {
    let at = Field::ALL.iter().position(|f| *f == field).unwrap_or(0);
    c.fields[at]
}

fn title_name(c: &Catalog, rank: Option<TitleRank>) -> &'static str {
    match rank {
        None => c.none,
        Some(rank) => {
            let at = TitleRank::ALL.iter().position(|r| *r == rank).unwrap_or(0);
            c.title_ranks[at]
        }
    }
}

/// One checklist line in words: what was found against what is required,
/// and who or what falls short.
pub fn check_text(c: &Catalog, line: &CheckLine, home: &str) -> String {
    let required = match line.required {
        Requirement::Between { min, max } => fill(
            c.check_between,
            &[("min", &min.to_string()), ("max", &max.to_string())],
        ),
        Requirement::AtLeast(n) => fill(c.check_at_least, &[("n", &n.to_string())]),
    };
    let mut out = fill(
        c.check_line,
        &[("found", &line.found.to_string()), ("required", &required)],
    );
    if line.code == CheckCode::InProvince && home.is_empty() {
        out = format!("{out}{}{}", c.comma, c.check_no_home_province);
    }
    if !line.missing.is_empty() {
        let missing: Vec<String> = line
            .missing
            .iter()
            .map(|m| {
                Field::ALL
                    .iter()
                    .find(|f| f.code() == m)
                    .map_or_else(|| clean(m).into_owned(), |f| field_name(c, *f).to_owned())
            })
            .collect();
        out = format!(
            "{out}{}{}{}",
            c.comma,
            c.check_missing,
            missing.join(c.comma)
        );
    }
    out
}

/// Reads field names typed in either language or as codes, separated by
/// spaces, commas or 、.
pub fn parse_fields(text: &str) -> Result<Vec<Field>, String> {
    let mut fields = Vec::new();
    for token in text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';'))
        .filter(|t| !t.is_empty())
    {
        let found = Field::ALL.iter().enumerate().find(|(i, f)| {
            f.code() == token
                || Lang::Zh.catalog().fields[*i] == token
                || Lang::En.catalog().fields[*i].eq_ignore_ascii_case(token)
        });
        match found {
            Some((_, field)) => fields.push(*field),
            None => return Err(token.to_owned()),
        }
    }
    Ok(fields)
}

impl App {
    /// Opens the committee screen, for those who may read it.
    pub(super) fn open_committee(&mut self) {
        match self.service.committee(&self.user) {
            Ok(view) => {
                let tendencies = self.read_tendencies();
                self.committee = Some(Box::new(CommitteeScreen {
                    view,
                    tendencies,
                    cursor: ListCursor::default(),
                }));
                self.message = None;
                self.dirty = true;
            }
            Err(e) => self.refused(&e),
        }
    }

    fn read_tendencies(&self) -> std::collections::HashMap<String, Tendency> {
        self.service
            .tendencies(&self.user, ReviewStage::Achievement)
            .map(|list| list.into_iter().map(|t| (t.expert.clone(), t)).collect())
            .unwrap_or_default()
    }

    /// Reads the committee again after an edit, keeping the selection.
    fn reload_committee(&mut self, select: Option<&str>) {
        let Ok(view) = self.service.committee(&self.user) else {
            return;
        };
        let tendencies = self.read_tendencies();
        if let Some(screen) = &mut self.committee {
            screen.view = view;
            screen.tendencies = tendencies;
            let found = select.and_then(|name| screen.members().position(|m| m.name == name));
            if let Some(at) = found {
                screen.cursor.selected = at;
            }
            screen.cursor.clamp(screen.len());
        }
        self.fit_committee_scroll();
        self.dirty = true;
    }

    pub(super) fn update_committee(&mut self, action: Action) {
        let area = self.area();
        let Some(screen) = &mut self.committee else {
            return;
        };
        let page = usize::from(committee_layout(area, &screen.view).list.height);
        match screen.cursor.apply(action, screen.len(), page) {
            Moved::Yes => self.dirty = true,
            Moved::No => {}
            Moved::NotAMove(Action::GoBack) => {
                self.back_from(|app| app.committee = None);
            }
            Moved::NotAMove(Action::CycleTitle) => self.cycle_title(),
            Moved::NotAMove(Action::EditProvince) => self.ask_member(MemberField::Province),
            Moved::NotAMove(Action::EditOrganization) => {
                self.ask_member(MemberField::Organization);
            }
            Moved::NotAMove(Action::EditFields) => self.ask_member(MemberField::Fields),
            Moved::NotAMove(Action::AddExpert) => self.ask_member(MemberField::NewExpert),
            Moved::NotAMove(other) => self.update_common(other),
        }
    }

    fn fit_committee_scroll(&mut self) {
        let area = self.area();
        let Some(screen) = &mut self.committee else {
            return;
        };
        let height = usize::from(committee_layout(area, &screen.view).list.height);
        screen.cursor.fit(height);
    }

    /// `t`: the next title on the ladder, from none up to 正高级 and back.
    fn cycle_title(&mut self) {
        let Some(screen) = &self.committee else {
            return;
        };
        let Some(member) = screen.selected_member() else {
            return;
        };
        let next = match member.title_rank {
            None => Some(TitleRank::ALL[0]),
            Some(rank) => {
                let at = TitleRank::ALL.iter().position(|r| *r == rank).unwrap_or(0);
                TitleRank::ALL.get(at + 1).copied()
            }
        };
        let name = member.name.clone();
        self.edit_member(&name, &MemberEdit::Title(next));
    }

    fn ask_member(&mut self, field: MemberField) {
        if let Err(e) = require(&self.user, Permission::ManageUsers) {
            self.refused(&e);
            return;
        }
        let member = self.committee.as_ref().and_then(|s| s.selected_member());
        let (name, current) = match (field, member) {
            (MemberField::NewExpert, _) => (String::new(), String::new()),
            (_, None) => return,
            (MemberField::Province, Some(m)) => {
                (m.name.clone(), m.province.clone().unwrap_or_default())
            }
            (MemberField::Organization, Some(m)) => {
                (m.name.clone(), m.organization.clone().unwrap_or_default())
            }
            (MemberField::Fields, Some(m)) => {
                let c = self.catalog();
                let names: Vec<&str> = m.fields.iter().map(|f| field_name(c, *f)).collect();
                (m.name.clone(), names.join(" "))
            }
        };
        self.prompt = Some(Prompt::new(
            PromptKind::Reason(ReasonFor::Member { name, field }),
            &current,
        ));
        self.dirty = true;
    }

    /// Enter on a member prompt; false keeps the typing for another try.
    pub(super) fn submit_member(&mut self, name: &str, field: MemberField, text: &str) -> bool {
        let edit = match field {
            MemberField::Province => MemberEdit::Province(text.to_owned()),
            MemberField::Organization => MemberEdit::Organization(text.to_owned()),
            MemberField::Fields => match parse_fields(text) {
                Ok(fields) => MemberEdit::Fields(fields),
                Err(token) => {
                    let message = fill(self.catalog().refused_field, &[("field", &clean(&token))]);
                    self.show_error(&message);
                    return false;
                }
            },
            MemberField::NewExpert => return self.add_expert(text.trim()),
        };
        self.edit_member(name, &edit)
    }

    fn edit_member(&mut self, name: &str, edit: &MemberEdit) -> bool {
        match self.service.edit_member(&self.user, name, edit) {
            Ok(_) => {
                self.reload_committee(Some(name));
                let text = fill(self.catalog().done_member, &[("name", &clean(name))]);
                self.show_message(text);
                true
            }
            Err(e) => {
                self.refused(&e);
                false
            }
        }
    }

    fn add_expert(&mut self, name: &str) -> bool {
        let user = User::new(name, UserRole::Expert);
        match self.service.add_user(&self.user, &user) {
            Ok(()) => {
                self.reload_committee(Some(name));
                let text = fill(self.catalog().done_member_added, &[("name", &clean(name))]);
                self.show_message(text);
                true
            }
            Err(e) => {
                self.refused(&e);
                false
            }
        }
    }
}

/// Where the committee screen draws.
pub struct CommitteeLayout {
    pub title: Rect,
    pub checklist: Rect,
    pub header: Rect,
    pub list: Rect,
}

pub fn committee_layout(area: Rect, view: &CommitteeView) -> CommitteeLayout {
    let body_height = area.height.saturating_sub(1);
    let checks = view.checklist.lines.len() as u16;
    let title = row_of(area, 0);
    let checklist = Rect::new(area.x, area.y + 2, area.width, checks);
    let header = row_of(area, 3 + checks);
    let list_y = header.y + 1;
    let list = Rect::new(
        area.x,
        list_y,
        area.width,
        (area.y + body_height).saturating_sub(list_y),
    );
    CommitteeLayout {
        title,
        checklist,
        header,
        list,
    }
}

/// The roster's columns: name, display name, committee, province, title,
/// load, fields, then the organization takes what is left.
const NAME: usize = 12;
const DISPLAY: usize = 8;
const PROVINCE: usize = 6;
const TITLE: usize = 9;
const LOAD: usize = 5;
const BOARD: usize = 7;
const TENDENCY: usize = 14;

pub fn draw(app: &App, buf: &mut Buffer, area: Rect, screen: &CommitteeScreen) -> Vec<Rect> {
    let c = app.catalog();
    let theme = &app.theme;
    let ascii = app.glyphs.ascii;
    let layout = committee_layout(area, &screen.view);
    let width = usize::from(area.width);

    let status = screen.view.checklist.status();
    let (mark, style) = status_mark(status);
    let home = if screen.view.home_province.is_empty() {
        c.none.to_owned()
    } else {
        clean(&screen.view.home_province).into_owned()
    };
    let title = vec![
        Seg::new(format!(" {}", c.committee_title), S::Title),
        Seg::plain(format!("  {}{}{home}  ", c.home_province, c.colon)),
        Seg::new(format!("{mark} {}", c.check_status(status)), style),
    ];
    put_line(buf, layout.title, &title, theme, Style::new(), ascii);
    rule(
        buf,
        row_of(area, 1),
        app.glyphs.rule,
        theme.style(S::Border),
    );

    let label_width = screen
        .view
        .checklist
        .lines
        .iter()
        .map(|l| text::width(check_name(c, l.code)))
        .max()
        .unwrap_or(0);
    for (i, line) in screen.view.checklist.lines.iter().enumerate() {
        let row = row_of(layout.checklist, i as u16);
        let (mark, style) = status_mark(line.status);
        let detail = check_text(c, line, &screen.view.home_province);
        let label = text::fit(check_name(c, line.code), label_width, ascii);
        let segs = vec![
            Seg::new(format!(" {mark} "), style),
            Seg::new(label, S::Label),
            Seg::plain(format!(
                "  {}",
                text::truncate(&detail, width.saturating_sub(label_width + 6), ascii)
            )),
        ];
        put_line(buf, row, &segs, theme, Style::new(), ascii);
    }
    rule(
        buf,
        row_of(area, layout.header.y - area.y - 1),
        app.glyphs.rule,
        theme.style(S::Border),
    );

    let columns = [
        (c.col_user, NAME),
        (c.col_name, DISPLAY),
        (c.col_committee, BOARD),
        (c.col_province, PROVINCE),
        (c.col_rank, TITLE),
        (c.col_load, LOAD),
        (c.col_tendency, TENDENCY),
        (c.col_fields, 0),
    ];
    let mut x = layout.header.x + 1;
    for (heading, w) in columns {
        put(
            buf,
            layout.header,
            x,
            layout.header.y,
            heading,
            usize::MAX,
            theme.style(S::Header),
        );
        x += w as u16 + 1;
    }

    let members: Vec<&User> = screen.members().collect();
    for (i, line, base) in list::visible_rows(app, buf, layout.list, members.len(), screen.cursor) {
        let member = members[i];
        let load = screen
            .view
            .loads
            .get(&member.name)
            .map_or_else(String::new, u32::to_string);
        let committee = match member.role {
            UserRole::Expert => c.committee_expert,
            _ => c.committee_supervision,
        };
        let fields: Vec<&str> = member.fields.iter().map(|f| field_name(c, *f)).collect();
        let mut rest = fields.join(c.comma);
        if let Some(org) = &member.organization {
            rest = if rest.is_empty() {
                clean(org).into_owned()
            } else {
                format!("{rest}  {}", clean(org))
            };
        }
        let cells = [
            (clean(&member.name).into_owned(), NAME),
            (
                clean(member.display.as_deref().unwrap_or("")).into_owned(),
                DISPLAY,
            ),
            (committee.to_owned(), BOARD),
            (
                clean(member.province.as_deref().unwrap_or("")).into_owned(),
                PROVINCE,
            ),
            (title_name(c, member.title_rank).to_owned(), TITLE),
            (load, LOAD),
            (tendency_text(screen.tendencies.get(&member.name)), TENDENCY),
        ];
        let mut cells = cells.to_vec();
        cells.push((rest, 0));
        list::draw_cells(app, buf, line, &cells, base);
    }
    if screen.len() == 0 {
        put(
            buf,
            layout.list,
            layout.list.x + 1,
            layout.list.y,
            c.committee_empty,
            usize::MAX,
            theme.style(S::Muted),
        );
    }
    vec![layout.title, layout.checklist, layout.header, layout.list]
}
