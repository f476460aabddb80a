//! `docket calendar notice`, `docket notice ...` and `docket certificate
//! revoke`: the working-day calendar, the public notice (公示) with its
//! complaints, and revoking a certificate, from the command line.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate};
use clap::Subcommand;

use crate::domain::calendar::{Calendar, NOTICE_DAYS};
use crate::domain::notice::ComplaintState;
use crate::lang::Lang;
use crate::service::NoticeView;
use crate::ui::text::clean;

use super::{Global, lang, open_as};

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// The first and last day of a notice of N working days starting DATE.
    Notice {
        /// The start date, YYYY-MM-DD.
        date: String,
        /// Working days of the notice.
        #[arg(long, default_value_t = NOTICE_DAYS)]
        days: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum NoticeCommand {
    /// Open a notice from DATE over every application at the notice stage.
    Open {
        /// The start date, YYYY-MM-DD.
        date: String,
        /// Working days of the notice.
        #[arg(long, default_value_t = NOTICE_DAYS)]
        days: u32,
    },
    /// The running (or latest) notice: its window, countdown and complaints.
    Show,
    /// Record a complaint about an application on the running notice.
    Complain {
        /// The application's id.
        id: String,
        /// The day it was received, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// What the complaint says.
        #[arg(long)]
        text: String,
    },
    /// Resolve a complaint as upheld (the application is cancelled) or dismissed.
    Resolve {
        /// The complaint's number.
        complaint: u64,
        /// upheld or dismissed.
        outcome: String,
        /// The finding (required).
        #[arg(long)]
        finding: String,
    },
    /// Conclude the running notice once its last day is over: certify every
    /// application on it without an open or upheld complaint.
    Conclude,
}

#[derive(Debug, Subcommand)]
pub enum CertificateCommand {
    /// Revoke a certified application's certificate (收回), with date and reason.
    Revoke {
        /// The application's id.
        id: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        reason: String,
    },
}

/// A date argument, or an error naming the option.
fn date_arg(option: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .with_context(|| format!("{option}: expected a date YYYY-MM-DD, got '{text}'"))
}

fn weekday(date: NaiveDate, lang: Lang) -> &'static str {
    let i = date.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::Zh => ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][i],
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
    }
}

/// "2024-02-08 (Thu)" or "2024-02-08（周四）".
pub fn day(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{date}（{}）", weekday(date, lang)),
        Lang::En => format!("{date} ({})", weekday(date, lang)),
    }
}

pub fn calendar(global: &Global, command: &CalendarCommand) -> Result<ExitCode> {
    let CalendarCommand::Notice { date, days } = command;
    let lang = lang(global)?;
    let start = date_arg("DATE", date)?;
    let calendar = Calendar::builtin()?;
    let window = calendar.notice_window(start, *days)?;
    let working: Vec<String> = window
        .first
        .iter_days()
        .take_while(|d| *d <= window.last)
        .filter(|d| calendar.is_working_day(*d).unwrap_or(false))
        .map(|d| d.format("%m-%d").to_string())
        .collect();
    let (first, last) = (day(window.first, lang), day(window.last, lang));
    match lang {
        Lang::Zh => println!(
            "公示期 {first} 至 {last}，共 {days} 个工作日（{}），{} 当日结束",
            working.join(" "),
            window.last
        ),
        Lang::En => println!(
            "first day {first}, last day {last}: {days} working days ({}); the notice ends at the end of {}",
            working.join(" "),
            window.last
        ),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn notice(global: &Global, command: NoticeCommand) -> Result<ExitCode> {
    let lang = lang(global)?;
    let (service, user) = open_as(global, "docket notice")?;
    match command {
        NoticeCommand::Open { date, days } => {
            let start = date_arg("DATE", &date)?;
            let notice = service.open_notice(&user, start, days)?;
            let (first, last) = (day(notice.first_day, lang), day(notice.last_day, lang));
            let count = notice.applications.len();
            match lang {
                Lang::Zh => println!(
                    "已开启公示 {}：公示期 {first} 至 {last}，{count} 名申请人",
                    notice.id
                ),
                Lang::En => println!(
                    "notice {} opened: {first} to {last}, {count} application(s)",
                    notice.id
                ),
            }
        }
        NoticeCommand::Show => match service.notice_view(&user)? {
            Some(view) => print!("{}", show(&view, lang)),
            None => println!("no notice has been opened"),
        },
        NoticeCommand::Complain { id, date, text } => {
            let received = date_arg("--date", &date)?;
            let complaint = service.complain(&user, &id, received, &text)?;
            let late = if complaint.late {
                " (late: received after the last day)"
            } else {
                ""
            };
            println!("complaint {} about {id} recorded{late}", complaint.id);
        }
        NoticeCommand::Resolve {
            complaint,
            outcome,
            finding,
        } => {
            let Some(state @ (ComplaintState::Upheld | ComplaintState::Dismissed)) =
                ComplaintState::from_code(outcome.trim())
            else {
                bail!(
                    "complaint {complaint}: outcome must be upheld or dismissed, got '{outcome}'"
                );
            };
            let resolved = service.resolve_complaint(&user, complaint, state, &finding)?;
            let cancelled = if state == ComplaintState::Upheld {
                format!("; {} is cancelled", resolved.application)
            } else {
                String::new()
            };
            println!(
                "complaint {complaint} about {} {}{cancelled}",
                resolved.application,
                state.code()
            );
        }
        NoticeCommand::Conclude => {
            let conclusion = service.conclude_notice(&user)?;
            println!(
                "notice {} concluded: {} certified, {} held",
                conclusion.notice,
                conclusion.certified.len(),
                conclusion.held.len()
            );
            for (id, number) in &conclusion.certified {
                println!("  certified {id}: certificate {number}");
            }
            for (id, open) in &conclusion.held {
                println!("  held {id}: {open} open complaint(s)");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The notice as `docket notice show` prints it.
fn show(view: &NoticeView, lang: Lang) -> String {
    use std::fmt::Write;
    let n = &view.notice;
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    let countdown = match (view.days_left, n.is_over(view.today)) {
        (_, true) | (Some(0), _) if zh => "已结束".to_owned(),
        (_, true) | (Some(0), _) => "ended".to_owned(),
        (Some(left), false) if zh => format!("还剩 {left} 个工作日"),
        (Some(left), false) => format!("{left} working days left"),
        (None, false) => "?".to_owned(),
    };
    let status = match n.status {
        crate::domain::notice::NoticeStatus::Running if zh => "进行中",
        crate::domain::notice::NoticeStatus::Running => "running",
        crate::domain::notice::NoticeStatus::Concluded if zh => "已办结",
        crate::domain::notice::NoticeStatus::Concluded => "concluded",
    };
    let (first, last) = (day(n.first_day, lang), day(n.last_day, lang));
    let (title, window) = if zh {
        (
            "公示",
            format!("公示期 {first} 至 {last}（{} 个工作日）", n.days),
        )
    } else {
        (
            "notice",
            format!("{first} to {last} ({} working days)", n.days),
        )
    };
    let _ = writeln!(out, "{title} {}  {window}  {status}  {countdown}", n.id);
    let catalog = lang.catalog();
    let _ = writeln!(
        out,
        "{} ({}):",
        if zh { "公示名单" } else { "applications" },
        view.entries.len()
    );
    for e in &view.entries {
        let counts = view.marks(&e.id);
        let (open, upheld) = (counts.open, counts.upheld);
        let marks = match (open, upheld) {
            (0, 0) => String::new(),
            _ if zh => format!("  投诉 待处理 {open} 查实 {upheld}"),
            _ => format!("  complaints open {open} upheld {upheld}"),
        };
        let _ = writeln!(
            out,
            "  {}  {}  {}  {}  {}  {}{marks}",
            e.id,
            clean(&e.name),
            clean(&e.province),
            clean(&e.organization),
            catalog.level(e.level),
            e.stage.code()
        );
    }
    let _ = writeln!(
        out,
        "{} ({}):",
        if zh { "投诉" } else { "complaints" },
        view.complaints.len()
    );
    for c in &view.complaints {
        let late = match (c.late, zh) {
            (true, true) => "  逾期",
            (true, false) => "  late",
            (false, _) => "",
        };
        let finding = c
            .finding
            .as_deref()
            .map_or_else(String::new, |f| format!("  — {}", clean(f)));
        let _ = writeln!(
            out,
            "  {}  {}  {}  {}{late}  {}{finding}",
            c.id,
            c.application,
            c.received,
            c.state.code(),
            clean(&c.content)
        );
    }
    out
}

pub fn certificate(global: &Global, command: CertificateCommand) -> Result<ExitCode> {
    let (service, user) = open_as(global, "docket certificate")?;
    let CertificateCommand::Revoke { id, date, reason } = command;
    let date = date_arg("--date", &date)?;
    let certificate = service.revoke(&user, &id, date, &reason)?;
    println!(
        "certificate {} of {id} revoked on {date}; {id} is now revoked",
        certificate.number
    );
    Ok(ExitCode::SUCCESS)
}
