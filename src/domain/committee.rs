//! The committees of RULES.md (Committees): the checklist the expert
//! committee and the supervision committee must satisfy, as pass, warn and
//! fail lines with their numbers; and conflicts of interest ([`conflict`]).

mod conflict;

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::fmt;

use super::application::Field;
use super::user::{TitleRank, User};

pub use conflict::{
    ConflictReason, Declared, DeclaredBy, conflict, conflict_between, declare, normalize_org,
    same_province,
};

/// The figures of the checklist. RULES.md gives them as defaults; the cycle
/// configuration does not carry them yet, so they live here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeRule {
    /// About 30 members (应在30人左右): below this, a warning.
    pub size_min: u32,
    /// Above this, a warning.
    pub size_max: u32,
    /// At least `in_province.0 / in_province.1` of the members from the
    /// body's own province (省内专家应不少于三分之二).
    pub in_province: (u32, u32),
    /// The supervision committee has at least this many members (至少3人).
    pub supervisors_min: u32,
}

impl Default for CommitteeRule {
    fn default() -> CommitteeRule {
        CommitteeRule {
            size_min: 25,
            size_max: 35,
            in_province: (2, 3),
            supervisors_min: 3,
        }
    }
}

/// What one line of the checklist checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckCode {
    /// The expert committee's size.
    Size,
    /// Members from the body's own province.
    InProvince,
    /// Members with a title of 副高级 or 正高级.
    Titles,
    /// Subject fields the members cover.
    Fields,
    /// The supervision committee's size.
    Supervisors,
}

impl CheckCode {
    pub fn code(self) -> &'static str {
        match self {
            CheckCode::Size => "size",
            CheckCode::InProvince => "in_province",
            CheckCode::Titles => "titles",
            CheckCode::Fields => "fields",
            CheckCode::Supervisors => "supervisors",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CheckStatus {
    Pass,
    Warn,
    Fail,
}

impl CheckStatus {
    pub fn code(self) -> &'static str {
        match self {
            CheckStatus::Pass => "pass",
            CheckStatus::Warn => "warn",
            CheckStatus::Fail => "fail",
        }
    }
}

/// What a line asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    Between { min: u32, max: u32 },
    AtLeast(u32),
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Requirement::Between { min, max } => write!(f, "{min}-{max}"),
            Requirement::AtLeast(n) => write!(f, "at least {n}"),
        }
    }
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckLine {
    pub code: CheckCode,
    pub status: CheckStatus,
    /// The count found: members, members in the province or with a
    /// qualifying title, fields covered, supervisors.
    pub found: u32,
    pub required: Requirement,
    /// Who or what falls short: names of members without a qualifying
    /// title, codes of fields nobody covers; empty otherwise.
    pub missing: Vec<String>,
}

impl fmt::Display for CheckLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.code {
            CheckCode::Size => "expert committee members",
            CheckCode::InProvince => "members from the province",
            CheckCode::Titles => "members titled associate senior or senior",
            CheckCode::Fields => "fields covered",
            CheckCode::Supervisors => "supervision committee members",
        };
        write!(
            f,
            "{}: {} {what}, {} required",
            self.status.code(),
            self.found,
            self.required
        )?;
        if !self.missing.is_empty() {
            write!(f, " (missing: {})", self.missing.join(", "))?;
        }
        Ok(())
    }
}

/// The committee checklist, in the order of RULES.md.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    pub lines: Vec<CheckLine>,
}

impl Checklist {
    /// The worst status of any line.
    pub fn status(&self) -> CheckStatus {
        self.lines
            .iter()
            .map(|l| l.status)
            .max()
            .unwrap_or(CheckStatus::Pass)
    }

    pub fn line(&self, code: CheckCode) -> Option<&CheckLine> {
        self.lines.iter().find(|l| l.code == code)
    }
}

/// Checks the expert committee (`members`) and the supervision committee
/// (`supervisors`) of a body in `province`.
pub fn check_committees(
    members: &[User],
    supervisors: &[User],
    province: &str,
    rule: &CommitteeRule,
) -> Checklist {
    let size = count(members.len());
    let lines = vec![
        size_line(size, rule),
        province_line(members, size, province, rule),
        titles_line(members, size),
        fields_line(members),
        at_least(
            CheckCode::Supervisors,
            count(supervisors.len()),
            rule.supervisors_min,
            Vec::new(),
        ),
    ];
    Checklist { lines }
}

fn size_line(size: u32, rule: &CommitteeRule) -> CheckLine {
    let (min, max) = (rule.size_min, rule.size_max);
    CheckLine {
        code: CheckCode::Size,
        status: if (min..=max).contains(&size) {
            CheckStatus::Pass
        } else {
            CheckStatus::Warn
        },
        found: size,
        required: Requirement::Between { min, max },
        missing: Vec::new(),
    }
}

/// At least two thirds: `found * 3 >= size * 2`, so the count required is
/// rounded up (21 of 31).
fn province_line(members: &[User], size: u32, province: &str, rule: &CommitteeRule) -> CheckLine {
    let found = members
        .iter()
        .filter(|m| {
            m.province
                .as_deref()
                .is_some_and(|p| same_province(p, province))
        })
        .count();
    let (num, den) = rule.in_province;
    let required = (u64::from(size) * u64::from(num)).div_ceil(u64::from(den.max(1)));
    let required = u32::try_from(required).unwrap_or(u32::MAX);
    at_least(CheckCode::InProvince, count(found), required, Vec::new())
}

fn titles_line(members: &[User], size: u32) -> CheckLine {
    let short: Vec<String> = members
        .iter()
        .filter(|m| {
            !m.title_rank
                .is_some_and(TitleRank::is_associate_senior_or_above)
        })
        .map(|m| m.name.clone())
        .collect();
    let found = size.saturating_sub(count(short.len()));
    at_least(CheckCode::Titles, found, size, short)
}

fn fields_line(members: &[User]) -> CheckLine {
    let covered: BTreeSet<&'static str> = members
        .iter()
        .flat_map(|m| m.fields.iter().map(|f| f.code()))
        .collect();
    let missing: Vec<String> = Field::ALL
        .iter()
        .map(|f| f.code())
        .filter(|code| !covered.contains(code))
        .map(str::to_owned)
        .collect();
    let all = count(Field::ALL.len());
    at_least(CheckCode::Fields, all - count(missing.len()), all, missing)
}

fn at_least(code: CheckCode, found: u32, required: u32, missing: Vec<String>) -> CheckLine {
    CheckLine {
        code,
        status: if found >= required {
            CheckStatus::Pass
        } else {
            CheckStatus::Fail
        },
        found,
        required: Requirement::AtLeast(required),
        missing,
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
