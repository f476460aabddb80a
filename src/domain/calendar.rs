//! The working-day calendar of the public notice (RULES.md, Public notice):
//! Saturdays and Sundays rest unless listed as adjusted working days
//! (调休上班); listed public holidays rest. One file per year in
//! `fixtures/holidays/`, built into the binary. A date in a year without a
//! file is refused, never guessed.

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc, Weekday};
use serde::Deserialize;

/// The built-in holiday files: name and text.
const BUILTIN: [(&str, &str); 3] = [
    (
        "fixtures/holidays/2024.toml",
        include_str!("../../fixtures/holidays/2024.toml"),
    ),
    (
        "fixtures/holidays/2025.toml",
        include_str!("../../fixtures/holidays/2025.toml"),
    ),
    (
        "fixtures/holidays/2026.toml",
        include_str!("../../fixtures/holidays/2026.toml"),
    ),
];

/// Working days of a notice unless told otherwise (五个工作日).
pub const NOTICE_DAYS: u32 = 5;

/// The body's time zone (Beijing time, UTC+8): the day a complaint arrives
/// and whether a notice is over are counted in it.
pub fn body_date(at: DateTime<Utc>) -> NaiveDate {
    FixedOffset::east_opt(8 * 3600)
        .map_or_else(|| at.date_naive(), |tz| at.with_timezone(&tz).date_naive())
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("holiday file {file}, key {key}: {reason}")]
    Malformed {
        file: String,
        key: String,
        reason: String,
    },
    #[error(
        "no holiday calendar for {year} (known years: {known}); the year's arrangement is added as a file once the State Council publishes it"
    )]
    UnknownYear { year: i32, known: String },
    #[error("a notice lasts at least one working day, got {days}")]
    NoDays { days: u32 },
}

pub type Result<T, E = CalendarError> = std::result::Result<T, E>;

/// The rest days and adjusted working days of one year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Year {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

/// A year's file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearFile {
    year: i32,
    holidays: Vec<(String, String)>,
    workdays: Vec<String>,
}

/// The first and last day of a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    years: BTreeMap<i32, Year>,
}

impl Calendar {
    /// The calendar of the files built into docket.
    pub fn builtin() -> Result<Calendar> {
        static BUILT: OnceLock<Result<Calendar>> = OnceLock::new();
        BUILT.get_or_init(|| Calendar::from_files(&BUILTIN)).clone()
    }

    /// A calendar from `(name, text)` holiday files; each is checked and
    /// an error names the file and the key.
    pub fn from_files(files: &[(&str, &str)]) -> Result<Calendar> {
        let mut years = BTreeMap::new();
        for (name, text) in files {
            let (year, days) = parse_year(name, text)?;
            if years.insert(year, days).is_some() {
                return Err(malformed(name, "year", format!("{year} is given twice")));
            }
        }
        Ok(Calendar { years })
    }

    /// The years the calendar knows.
    pub fn years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    fn year(&self, date: NaiveDate) -> Result<&Year> {
        self.years
            .get(&date.year())
            .ok_or_else(|| CalendarError::UnknownYear {
                year: date.year(),
                known: self
                    .years
                    .keys()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool> {
        let year = self.year(date)?;
        if year.workdays.contains(&date) {
            return Ok(true);
        }
        if year.holidays.contains(&date) {
            return Ok(false);
        }
        Ok(!matches!(date.weekday(), Weekday::Sat | Weekday::Sun))
    }

    /// `date` if it is a working day, else the next working day.
    pub fn first_working_day(&self, date: NaiveDate) -> Result<NaiveDate> {
        let mut day = date;
        while !self.is_working_day(day)? {
            day = next(day, date)?;
        }
        Ok(day)
    }

    /// The first and last day of a notice of `days` working days from
    /// `start`: day 1 is `start` if it is a working day, else the next one.
    pub fn notice_window(&self, start: NaiveDate, days: u32) -> Result<Window> {
        if days == 0 {
            return Err(CalendarError::NoDays { days });
        }
        let first = self.first_working_day(start)?;
        let mut last = first;
        let mut counted = 1;
        while counted < days {
            last = next(last, start)?;
            if self.is_working_day(last)? {
                counted += 1;
            }
        }
        Ok(Window { first, last })
    }

    /// The last day of a notice of `days` working days from `start`; it
    /// ends at the end of that day.
    pub fn notice_end(&self, start: NaiveDate, days: u32) -> Result<NaiveDate> {
        Ok(self.notice_window(start, days)?.last)
    }

    /// Working days from `from` to `to`, both included (0 when `to` is
    /// before `from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<u32> {
        let mut count = 0;
        for day in from.iter_days().take_while(|d| *d <= to) {
            if self.is_working_day(day)? {
                count += 1;
            }
        }
        Ok(count)
    }

    /// Working days of a notice still to come on `today`, today included
    /// (0 once `end` is over).
    pub fn working_days_left(&self, today: NaiveDate, end: NaiveDate) -> Result<u32> {
        self.working_days_between(today, end)
    }
}

/// The day after `day`; the calendar's years end long before chrono's.
fn next(day: NaiveDate, start: NaiveDate) -> Result<NaiveDate> {
    day.succ_opt().ok_or(CalendarError::UnknownYear {
        year: start.year() + 1,
        known: String::new(),
    })
}

fn malformed(file: &str, key: &str, reason: String) -> CalendarError {
    CalendarError::Malformed {
        file: file.to_owned(),
        key: key.to_owned(),
        reason,
    }
}

fn parse_year(name: &str, text: &str) -> Result<(i32, Year)> {
    let file: YearFile = toml::from_str(text).map_err(|e| {
        let key = e
            .span()
            .map(|span| key_of_line(text, span.start))
            .unwrap_or_default();
        malformed(name, &key, e.message().trim().to_owned())
    })?;
    let year = file.year;
    if !(2000..=2100).contains(&year) {
        return Err(malformed(
            name,
            "year",
            format!("must be between 2000 and 2100, got {year}"),
        ));
    }
    let date = |key: String, text: &str| -> Result<NaiveDate> {
        let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            malformed(
                name,
                &key,
                format!("expected a date YYYY-MM-DD, got {text}"),
            )
        })?;
        if day.year() != year {
            return Err(malformed(
                name,
                &key,
                format!("{day} is not in the file's year {year}"),
            ));
        }
        Ok(day)
    };
    let mut days = Year::default();
    for (i, (from, to)) in file.holidays.iter().enumerate() {
        let key = format!("holidays[{i}]");
        let from = date(key.clone(), from)?;
        let to = date(key.clone(), to)?;
        if to < from {
            return Err(malformed(
                name,
                &key,
                format!("the range ends ({to}) before it starts ({from})"),
            ));
        }
        days.holidays
            .extend(from.iter_days().take_while(|d| *d <= to));
    }
    for (i, text) in file.workdays.iter().enumerate() {
        let key = format!("workdays[{i}]");
        let day = date(key.clone(), text)?;
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            return Err(malformed(
                name,
                &key,
                format!(
                    "{day} is a weekday: an adjusted working day falls on a Saturday or Sunday"
                ),
            ));
        }
        if days.holidays.contains(&day) {
            return Err(malformed(
                name,
                &key,
                format!("{day} is also listed as a holiday"),
            ));
        }
        days.workdays.insert(day);
    }
    Ok((year, days))
}

/// The key written on the line holding byte `offset`, or of the nearest
/// line above that has one (for values spread over lines).
fn key_of_line(text: &str, offset: usize) -> String {
    let upto = &text[..offset.min(text.len())];
    let line_end = text[upto.len()..]
        .find('\n')
        .map_or(text.len(), |i| upto.len() + i);
    text[..line_end]
        .lines()
        .rev()
        .find_map(|line| {
            let line = line.trim();
            let (key, _) = line.split_once('=')?;
            (!line.starts_with('#')).then(|| key.trim().to_owned())
        })
        .unwrap_or_default()
}
