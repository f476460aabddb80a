//! The content of the application screen's two panes as lines of styled
//! segments, for a given width. Pure functions of the record, the catalog
//! and the width, so the update can measure what the view will draw.

use crate::domain::decision::History;
use crate::domain::notice::Certificate;
use crate::domain::{Application, Category, EvidenceItem, Flag, Hours};

use super::application::{reference_date, whole_years};
use super::catalog::Catalog;
use super::criteria_lines::PaneLines;
use super::draw::{Seg, TextLine};
use super::glyphs::Glyphs;
use super::text::{self, clean, clean_multiline};
use super::theme::StyleName as S;

/// Labels at most this wide share their line with the value; wider ones
/// stand on a line of their own.
const LABEL_MAX: usize = 12;

/// Lays out `label  value` pairs with one label column.
struct Facts<'a> {
    width: usize,
    label_width: usize,
    lines: Vec<TextLine>,
    glyphs: Glyphs,
    catalog: &'a Catalog,
}

impl Facts<'_> {
    fn indent(&self) -> Seg {
        Seg::plain(" ".repeat(self.label_width))
    }

    fn label(&mut self, label: &str) {
        let width = text::width(label);
        if width < self.label_width {
            self.lines.push(vec![Seg::new(
                text::fit(label, self.label_width, self.glyphs.ascii),
                S::Label,
            )]);
        } else {
            self.lines.push(vec![Seg::new(label, S::Label)]);
            self.lines.push(vec![self.indent()]);
        }
    }

    /// A value of one plain string, wrapped under its label.
    fn text(&mut self, label: &str, value: &str) {
        let room = self.width.saturating_sub(self.label_width).max(1);
        let mut wrapped = text::wrap(value, room).into_iter();
        self.label(label);
        if let Some(last) = self.lines.last_mut() {
            last.push(Seg::plain(wrapped.next().unwrap_or_default()));
        }
        for line in wrapped {
            self.lines.push(vec![self.indent(), Seg::plain(line)]);
        }
    }

    /// A value of several styled segments, on one line.
    fn segs(&mut self, label: &str, value: Vec<Seg>) {
        self.label(label);
        if let Some(last) = self.lines.last_mut() {
            last.extend(value);
        }
    }

    fn optional(&mut self, label: &str, value: Option<&str>) {
        let none = self.catalog.none;
        self.text(label, value.unwrap_or(none));
    }

    fn blank(&mut self) {
        self.lines.push(Vec::new());
    }

    fn heading(&mut self, heading: &str) {
        let heading = text::truncate(heading, self.width, self.glyphs.ascii);
        self.lines.push(vec![Seg::new(heading, S::Heading)]);
    }
}

fn label_width(catalog: &Catalog, width: usize) -> usize {
    let labels = [
        catalog.name,
        catalog.gender,
        catalog.birth_date,
        catalog.id_number,
        catalog.province,
        catalog.organization,
        catalog.org_type,
        catalog.education,
        catalog.level,
        catalog.fee,
        catalog.training_hours,
    ];
    let widest = labels
        .iter()
        .map(|l| text::width(l))
        .filter(|w| *w <= LABEL_MAX)
        .max()
        .unwrap_or(8);
    (widest + 2).min(width / 3).max(1)
}

/// Hours as "合格 62 学时，其中科协系统 35 学时" in the catalog's words.
pub fn hours_text(catalog: &Catalog, certified: Hours, cast: Hours) -> String {
    format!(
        "{} {certified}{}{}{} {cast}{}",
        catalog.certified_hours,
        catalog.unit_hours,
        catalog.comma,
        catalog.cast_hours,
        catalog.unit_hours
    )
}

/// The certificate issued to the application: its number and date, and
/// the revocation if there was one.
pub fn certificate(
    certificate: &Certificate,
    catalog: &Catalog,
    glyphs: Glyphs,
    width: usize,
) -> Vec<TextLine> {
    let c = catalog;
    let mut f = Facts {
        width,
        label_width: label_width(catalog, width),
        lines: Vec::new(),
        glyphs,
        catalog,
    };
    let mut value = vec![
        Seg::plain(clean(&certificate.number).into_owned()),
        Seg::plain(format!("  {}", certificate.issued)),
    ];
    if let Some(revoked) = &certificate.revoked {
        value.push(Seg::new(
            format!("  {} {}", c.certificate_revoked, revoked.date),
            S::StateEnd,
        ));
    }
    f.segs(c.certificate_number, value);
    f.blank();
    f.lines
}

/// The left pane: who applies, with what claims.
pub fn applicant(
    app: &Application,
    catalog: &Catalog,
    glyphs: Glyphs,
    width: usize,
) -> Vec<TextLine> {
    let label_width = label_width(catalog, width);
    let mut f = Facts {
        width,
        label_width,
        lines: Vec::new(),
        glyphs,
        catalog,
    };
    let c = catalog;

    f.text(c.name, &clean(&app.name));
    f.optional(c.gender, app.gender.map(|g| c.gender(g)));
    f.text(c.birth_date, &app.birth_date.to_string());
    let masked = app.masked_id_number().map(|m| clean(&m).into_owned());
    f.optional(c.id_number, masked.as_deref());
    f.text(c.province, &clean(&app.province));
    f.text(c.organization, &clean(&app.organization));
    f.text(c.org_type, c.org_type(app.org_type));
    f.optional(c.field, app.field.map(|x| c.subject(x)));
    f.text(c.education, c.education_name(app.education));
    f.optional(c.title, app.title.as_deref().map(clean).as_deref());
    let years = reference_date(app.cycle).map_or(0, |r| whole_years(app.service_start, r));
    let since = format!("{}{}{}", c.since.0, app.service_start, c.since.1);
    f.text(
        c.service,
        &format!("{since}{}{years}{}", c.comma, c.unit_years),
    );
    f.text(c.part_time, c.yes_no(app.part_time));
    let attestation = if app.attestation {
        c.declared
    } else {
        c.not_declared
    };
    f.text(c.attestation, attestation);
    f.text(c.level, c.level(app.level));
    f.text(c.track, c.track(app.track));
    if let Some(basis) = app.exceptional_basis {
        f.text(c.basis, c.basis(basis));
    }
    let prior = app.prior_certificate.as_ref().map(|p| {
        let number = p.number.as_deref().map(clean).unwrap_or_default();
        format!("{} {} {number}", c.level(p.level), p.year)
            .trim_end()
            .to_owned()
    });
    f.optional(c.prior_certificate, prior.as_deref());
    f.segs(c.fee, fee_segs(c, app.fee_paid));

    f.blank();
    f.heading(&format!("{} [{}]", c.training, app.training.len()));
    training_table(&mut f, app);
    let (certified, cast) = app.certified_hours();
    f.text(c.training_hours, &hours_text(c, certified, cast));

    f.blank();
    f.heading(c.statement);
    let statement = app
        .statement
        .as_deref()
        .map(clean_multiline)
        .unwrap_or_default();
    if statement.trim().is_empty() {
        f.lines.push(vec![Seg::new(c.none, S::Muted)]);
    }
    for line in text::wrap_multiline(statement.trim_end(), width.max(1)) {
        f.lines.push(vec![Seg::plain(line)]);
    }
    f.lines
}

pub fn fee_segs(catalog: &Catalog, fee: Option<u32>) -> Vec<Seg> {
    match fee {
        Some(fee) if fee > 0 => vec![Seg::plain(format!("{fee}{}", catalog.unit_yuan))],
        _ => vec![Seg::new(format!("!{}", catalog.fee_unpaid), S::FeeUnpaid)],
    }
}

fn training_table(f: &mut Facts<'_>, app: &Application) {
    let c = f.catalog;
    let ascii = f.glyphs.ascii;
    let scope_width = c
        .scopes
        .iter()
        .map(|s| text::width(s))
        .max()
        .unwrap_or(6)
        .max(text::width(c.col_scope));
    let flag_width = |header: &str| {
        text::width(header)
            .max(text::width(c.yes))
            .max(text::width(c.no))
    };
    let widths = [
        10,
        text::width(c.col_hours).max(5),
        scope_width,
        flag_width(c.col_cast),
        flag_width(c.col_certificate),
        flag_width(c.col_online),
    ];
    let fixed: usize = widths.iter().map(|w| w + 1).sum();
    let rest = f.width.saturating_sub(fixed);
    let headers = [
        c.col_date,
        c.col_hours,
        c.col_scope,
        c.col_cast,
        c.col_certificate,
        c.col_online,
    ];
    let mut header = String::new();
    for (h, w) in headers.iter().zip(widths) {
        header.push_str(&text::fit(h, w + 1, ascii));
    }
    header.push_str(&text::truncate(c.col_title, rest, ascii));
    let header = text::truncate(header.trim_end(), f.width, ascii);
    f.lines.push(vec![Seg::new(header, S::Header)]);

    for record in &app.training {
        let online = record.online.map_or(c.none, |o| c.yes_no(o));
        let cells = [
            record.date.to_string(),
            record.hours.to_string(),
            c.scope(record.scope).to_owned(),
            c.yes_no(record.cast_system).to_owned(),
            c.yes_no(record.certificate).to_owned(),
            online.to_owned(),
        ];
        let mut line = String::new();
        for (cell, w) in cells.iter().zip(widths) {
            line.push_str(&text::fit(cell, w + 1, ascii));
        }
        let title = format!("{} / {}", clean(&record.title), clean(&record.provider));
        line.push_str(&text::truncate(&title, rest, ascii));
        let line = text::truncate(&line, f.width, ascii);
        let style = if record.certificate {
            S::Text
        } else {
            S::Muted
        };
        f.lines.push(vec![Seg::new(line, style)]);
    }
}

/// The letter and style of a verification mark: never a colour alone.
pub fn mark(verified: Option<bool>) -> Seg {
    match verified {
        Some(true) => Seg::new("V", S::MarkVerified),
        Some(false) => Seg::new("X", S::MarkRejected),
        None => Seg::new("?", S::MarkUnverified),
    }
}

/// What the evidence pane shows beside the items themselves.
#[derive(Debug, Clone, Copy, Default)]
pub struct EvidenceMarks<'a> {
    /// Items the selected criterion relied on: marked `*`.
    pub linked: &'a [&'a str],
    /// The selected item (in [`evidence_order`](super::application::evidence_order)),
    /// when the pane has the focus.
    pub selected: Option<usize>,
    /// Where the reasons of rejected items come from.
    pub history: Option<&'a History>,
}

/// The right pane: evidence grouped by the six categories of the measures,
/// one anchor per item in the order they are listed.
pub fn evidence(
    app: &Application,
    catalog: &Catalog,
    glyphs: Glyphs,
    width: usize,
    marks: EvidenceMarks<'_>,
) -> PaneLines {
    let c = catalog;
    let legend = format!("{}  {}", c.help_marks, c.legend_linked);
    let legend = text::truncate(&legend, width, glyphs.ascii);
    let mut out = PaneLines {
        lines: vec![vec![Seg::new(legend, S::Muted)]],
        ..PaneLines::default()
    };
    for category in Category::ALL {
        let items: Vec<&EvidenceItem> = app.evidence_in(category).collect();
        out.lines.push(Vec::new());
        let heading = format!(
            "{} {} [{}]",
            category.number(),
            c.category(category),
            items.len()
        );
        out.lines.push(vec![Seg::new(
            text::truncate(&heading, width, glyphs.ascii),
            S::Heading,
        )]);
        if items.is_empty() {
            out.lines
                .push(vec![Seg::plain("  "), Seg::new(c.empty_category, S::Muted)]);
        }
        for item in items {
            let start = out.lines.len();
            if marks.selected == Some(out.anchors.len()) {
                out.highlight = Some(start);
            }
            let linked = marks.linked.contains(&item.id.as_str());
            evidence_item(&mut out.lines, item, linked, c, glyphs, width);
            let reason = marks
                .history
                .filter(|_| item.verified == Some(false))
                .and_then(|h| h.evidence_reason(&item.id));
            if let Some(reason) = reason {
                let label = format!("{}{}", c.reason, c.colon);
                let room = width.saturating_sub(INDENT + text::width(&label)).max(1);
                for (i, line) in text::wrap(&clean(reason), room).into_iter().enumerate() {
                    let lead = if i == 0 {
                        label.clone()
                    } else {
                        " ".repeat(text::width(&label))
                    };
                    out.lines.push(vec![
                        Seg::plain(" ".repeat(INDENT)),
                        Seg::new(lead, S::MarkRejected),
                        Seg::plain(line),
                    ]);
                }
            }
            out.anchors.push(start..out.lines.len());
        }
    }
    out
}

/// Item lines start under the item's id.
const INDENT: usize = 4;

fn evidence_item(
    lines: &mut Vec<TextLine>,
    item: &EvidenceItem,
    linked: bool,
    c: &Catalog,
    glyphs: Glyphs,
    width: usize,
) {
    let mut facts = vec![c.kind(item.kind).to_owned(), item.date.to_string()];
    facts.extend(item.scope.map(|s| c.scope(s).to_owned()));
    facts.extend(item.role.map(|r| c.role(r).to_owned()));
    facts.extend(item.rank.map(|r| c.rank(r).to_owned()));
    facts.extend(item.flag.map(|flag| match flag {
        Flag::TopTenCounselor => c.bases[0].to_owned(),
        Flag::NormalStudentContest => c.bases[1].to_owned(),
    }));
    facts.extend(item.author_position.map(|p| format!("{} {p}", c.author)));
    facts.extend(
        item.journal_scope
            .map(|s| format!("{}{}", c.scope(s), c.journal)),
    );
    let id = clean(&item.id);
    let head = text::truncate(
        &format!("{id} {}", facts.join("  ")),
        width.saturating_sub(INDENT),
        glyphs.ascii,
    );
    // A linked item is marked by a star as well as its style.
    let (marker, style) = if linked {
        (Seg::new("* ", S::EvidenceLinked), S::EvidenceLinked)
    } else {
        (Seg::plain("  "), S::Text)
    };
    lines.push(vec![
        marker,
        mark(item.verified),
        Seg::plain(" "),
        Seg::new(head, style),
    ]);

    let indent = " ".repeat(INDENT);
    for line in text::wrap(&clean(&item.title), width.saturating_sub(INDENT).max(1)) {
        lines.push(vec![Seg::plain(indent.clone()), Seg::plain(line)]);
    }
    if let Some(file) = &item.file {
        let room = width.saturating_sub(INDENT + text::width(c.file) + 1);
        let file = text::truncate(&clean(file), room, glyphs.ascii);
        lines.push(vec![
            Seg::plain(indent),
            Seg::new(format!("{} {file}", c.file), S::Muted),
        ]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::catalog::Lang;
    use crate::ui::draw::line_width;
    use crate::ui::testkit;

    fn flat(lines: &[TextLine]) -> String {
        lines
            .iter()
            .map(|l| l.iter().map(|s| s.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn lines_never_exceed_the_width_and_stay_clean() {
        for app in testkit::applications() {
            for width in [30, 59, 78] {
                for lang in [Lang::Zh, Lang::En] {
                    let c = lang.catalog();
                    let marks = EvidenceMarks {
                        linked: &["E1"],
                        selected: Some(1),
                        history: None,
                    };
                    for lines in [
                        applicant(&app, c, Glyphs::UNICODE, width),
                        evidence(&app, c, Glyphs::UNICODE, width, marks).lines,
                    ] {
                        for line in &lines {
                            assert!(line_width(line) <= width, "{} at {width}: {line:?}", app.id);
                        }
                        let all = flat(&lines);
                        assert!(
                            !all.contains(['\u{1b}', '\u{7}', '\u{202e}', '\r']),
                            "{}",
                            app.id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_id_number_is_masked_and_years_count_to_the_cycle() {
        let app = testkit::application("2024-ZJ-J-0001");
        let all = flat(&applicant(&app, Lang::Zh.catalog(), Glyphs::UNICODE, 78));
        let full = app.id_number.clone().unwrap();
        assert!(!all.contains(&full));
        assert!(all.contains(&format!("**************{}", &full[14..])));
        // service_start 2021-09-01, counted to 2024-12-31: 3 whole years.
        assert!(all.contains("2021-09-01 起，3 年"), "{all}");
    }

    #[test]
    fn evidence_shows_all_six_categories_with_counts_and_marks() {
        let app = testkit::application("2024-ZJ-J-0001");
        let pane = evidence(
            &app,
            Lang::En.catalog(),
            Glyphs::UNICODE,
            78,
            EvidenceMarks::default(),
        );
        assert_eq!(pane.anchors.len(), app.evidence.len());
        assert_eq!(pane.highlight, None);
        let all = flat(&pane.lines);
        for heading in [
            "1 Guiding students [2]",
            "2 Professional contests [0]",
            "3 Research and papers [0]",
        ] {
            assert!(all.contains(heading), "{heading} in {all}");
        }
        assert!(all.contains("4 Curriculum and regional work [1]"));
        assert!(all.contains("5 Training [1]"));
        assert!(all.contains("6 Honors and other [0]"));
        assert!(
            all.contains("  V E1 student activity  2023-05-20  school  first advisor"),
            "{all}"
        );
        assert_eq!(all.matches("(none)").count(), 3);
    }
}
