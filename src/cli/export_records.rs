//! The notice and certificate exports: the public notice list (name,
//! organization, level, province: nothing personal beyond what is
//! published), as JSON, CSV or text ready to publish; and the certificates
//! with their numbers and revocations.

use std::fmt::Write;

use anyhow::Result;
use serde_json::{Value, json};

use crate::domain::User;
use crate::lang::Lang;
use crate::service::{CertificateLine, NoticeEntry, Service};
use crate::ui::text::clean;

use super::export::Table;
use super::notice::day;

/// The applications the public list names: those on the running (or
/// latest) notice, less any cancelled by an upheld complaint.
fn public_entries(
    service: &Service,
    user: &User,
) -> Result<Option<(crate::domain::notice::Notice, Vec<NoticeEntry>)>> {
    let Some(view) = service.notice_view(user)? else {
        return Ok(None);
    };
    let entries = view
        .entries
        .into_iter()
        .filter(|e| e.stage != crate::domain::Stage::Cancelled)
        .collect();
    Ok(Some((view.notice, entries)))
}

pub(super) fn notice(service: &Service, user: &User) -> Result<Table> {
    let (notice, entries) = public_entries(service, user)?
        .ok_or_else(|| anyhow::anyhow!("no notice has been opened"))?;
    let json = json!({
        "notice": notice.id,
        "first_day": notice.first_day.to_string(),
        "last_day": notice.last_day.to_string(),
        "working_days": notice.days,
        "applications": entries
            .iter()
            .map(|e| json!({
                "name": e.name,
                "organization": e.organization,
                "level": e.level.code(),
                "province": e.province,
            }))
            .collect::<Vec<Value>>(),
    });
    let rows = entries
        .iter()
        .map(|e| {
            vec![
                e.name.clone(),
                e.organization.clone(),
                e.level.code().to_owned(),
                e.province.clone(),
            ]
        })
        .collect();
    Ok(Table {
        noun: "applications",
        json,
        header: vec!["name", "organization", "level", "province"],
        rows,
    })
}

/// The notice list as plain text to publish: a title line naming the
/// window, then one numbered line per applicant.
pub(super) fn notice_text(service: &Service, user: &User, lang: Lang) -> Result<String> {
    let (notice, entries) = public_entries(service, user)?
        .ok_or_else(|| anyhow::anyhow!("no notice has been opened"))?;
    let catalog = lang.catalog();
    let mut out = String::new();
    let (first, last) = (day(notice.first_day, lang), day(notice.last_day, lang));
    match lang {
        Lang::Zh => {
            let _ = writeln!(out, "科技辅导员专业水平认证拟认证人员名单公示");
            let _ = writeln!(
                out,
                "公示期 {first} 至 {last}（{} 个工作日），共 {} 人",
                notice.days,
                entries.len()
            );
        }
        Lang::En => {
            let _ = writeln!(out, "Public notice of the applicants to be certified");
            let _ = writeln!(
                out,
                "Notice period {first} to {last} ({} working days), {} applicant(s)",
                notice.days,
                entries.len()
            );
        }
    }
    out.push('\n');
    let separator = if lang == Lang::Zh { "　" } else { "  " };
    for (i, e) in entries.iter().enumerate() {
        let cells = [
            clean(&e.name).into_owned(),
            clean(&e.organization).into_owned(),
            catalog.level(e.level).to_owned(),
            clean(&e.province).into_owned(),
        ];
        let _ = writeln!(out, "{}. {}", i + 1, cells.join(separator));
    }
    Ok(out)
}

pub(super) fn certificates(lines: &[CertificateLine]) -> Table {
    let json = Value::Array(
        lines
            .iter()
            .map(|l| {
                let c = &l.certificate;
                json!({
                    "number": c.number,
                    "application": c.application,
                    "name": l.name,
                    "organization": l.organization,
                    "province": l.province,
                    "level": c.level.code(),
                    "year": c.year,
                    "issued": c.issued.to_string(),
                    "revoked": c.revoked.as_ref().map(|r| json!({
                        "date": r.date.to_string(),
                        "reason": r.reason,
                    })),
                })
            })
            .collect(),
    );
    let rows = lines
        .iter()
        .map(|l| {
            let c = &l.certificate;
            vec![
                c.number.clone(),
                c.application.clone(),
                l.name.clone(),
                l.organization.clone(),
                l.province.clone(),
                c.level.code().to_owned(),
                c.issued.to_string(),
                c.revoked
                    .as_ref()
                    .map_or_else(String::new, |r| r.date.to_string()),
                c.revoked
                    .as_ref()
                    .map_or_else(String::new, |r| r.reason.clone()),
            ]
        })
        .collect();
    Table {
        noun: "certificates",
        json,
        header: vec![
            "number",
            "application",
            "name",
            "organization",
            "province",
            "level",
            "issued",
            "revoked_on",
            "revocation_reason",
        ],
        rows,
    }
}
