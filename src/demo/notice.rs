//! The demo's public notice: opened over the demo's applications at the
//! notice stage, its five working days just over (so the secretariat can
//! conclude it), with a complaint still open, one dismissed and one
//! received late; and certificates for the applications the demo holds as
//! certified.

use chrono::NaiveDate;

use crate::domain::User;
use crate::domain::calendar::{Calendar, NOTICE_DAYS};
use crate::domain::notice::ComplaintState;
use crate::service::{Result, Service};

/// The window used when today's year is not in the calendar.
const FALLBACK_START: NaiveDate = match NaiveDate::from_ymd_opt(2026, 12, 21) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// The start of the latest five-working-day notice that ended before
/// `today`, if the calendar knows the days around it.
fn start_before(calendar: &Calendar, today: NaiveDate) -> Option<NaiveDate> {
    let mut day = today.pred_opt()?;
    let mut counted = 0;
    loop {
        if calendar.is_working_day(day).ok()? {
            counted += 1;
            if counted == NOTICE_DAYS {
                return Some(day);
            }
        }
        day = day.pred_opt()?;
    }
}

pub fn populate(service: &Service, admin: &User) -> Result<()> {
    let today = service.today();
    let start = Calendar::builtin()
        .ok()
        .and_then(|c| start_before(&c, today))
        .unwrap_or(FALLBACK_START);
    let notice = service.open_notice(admin, start, NOTICE_DAYS)?;
    let second = notice.first_day.succ_opt().unwrap_or(notice.first_day);
    service.complain(
        admin,
        "2024-ZJ-S-0001",
        notice.first_day,
        "反映其申报的省级科技教育成果奖获奖证书与公开名单不符，请核查。",
    )?;
    let dismissed = service.complain(
        admin,
        "2024-SD-J-0001",
        second,
        "反映其工作单位与申报材料不一致。",
    )?;
    service.resolve_complaint(
        admin,
        dismissed.id,
        ComplaintState::Dismissed,
        "经核查，单位于2024年更名，申报材料与现单位一致。",
    )?;
    let late = today.max(notice.last_day.succ_opt().unwrap_or(notice.last_day));
    service.complain(
        admin,
        "2024-JS-J-0002",
        late,
        "反映其指导学生获奖项目存在代做情况。",
    )?;
    service.issue_missing_certificates(admin, today)?;
    Ok(())
}
