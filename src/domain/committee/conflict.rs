//! Conflicts of interest between an expert and an application: the same
//! organization, or a conflict declared by the expert or the secretariat.
//! A conflicted expert is never assigned and never sees the application.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::application::Application;
use crate::domain::decision::{DecisionError, clean_reason};
use crate::domain::user::User;

/// Who declared a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeclaredBy {
    Expert,
    Secretariat,
}

impl DeclaredBy {
    pub fn code(self) -> &'static str {
        match self {
            DeclaredBy::Expert => "expert",
            DeclaredBy::Secretariat => "secretariat",
        }
    }
}

/// A conflict someone declared between an expert and an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declared {
    /// The expert's login name.
    pub expert: String,
    /// The application id.
    pub application: String,
    pub by: DeclaredBy,
    pub reason: String,
}

/// Records a declaration; the reason is required (trimmed, not too long).
pub fn declare(
    expert: &str,
    application: &str,
    by: DeclaredBy,
    reason: &str,
) -> Result<Declared, DecisionError> {
    Ok(Declared {
        expert: expert.to_owned(),
        application: application.to_owned(),
        by,
        reason: clean_reason(reason)?,
    })
}

/// Why an expert may not review an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConflictReason {
    /// Both belong to this organization (as the application spells it).
    SameOrganization {
        organization: String,
    },
    Declared {
        by: DeclaredBy,
        reason: String,
    },
}

impl fmt::Display for ConflictReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConflictReason::SameOrganization { organization } => {
                write!(f, "same organization: {organization}")
            }
            ConflictReason::Declared { by, reason } => {
                write!(f, "declared by the {}: {reason}", by.code())
            }
        }
    }
}

/// An organization's name in the form names are compared in: whitespace of
/// every kind removed (including the ideographic space U+3000), full-width
/// ASCII forms (U+FF01-FF5E) folded to their ASCII form, Latin letters in
/// lower case. "杭州市第二中学（ＨＺ　２）" and "杭州市 第二中学(hz2)" compare equal.
pub fn normalize_org(name: &str) -> String {
    name.chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Whether two provinces are the same: compared as organizations are, and
/// without a trailing 省, 市, 自治区 or 特别行政区 (so 浙江省 is 浙江).
pub fn same_province(a: &str, b: &str) -> bool {
    let (a, b) = (normalize_org(a), normalize_org(b));
    !a.is_empty() && strip_province_suffix(&a) == strip_province_suffix(&b)
}

fn strip_province_suffix(name: &str) -> &str {
    const SUFFIXES: [&str; 7] = [
        "壮族自治区",
        "回族自治区",
        "维吾尔自治区",
        "自治区",
        "特别行政区",
        "省",
        "市",
    ];
    SUFFIXES
        .iter()
        .find_map(|s| name.strip_suffix(s).filter(|rest| !rest.is_empty()))
        .unwrap_or(name)
}

/// Whether an expert is in conflict with an application, and why. The same
/// organization is named first; then the first declaration that concerns
/// the pair.
pub fn conflict(
    expert: &User,
    application: &Application,
    declared: &[Declared],
) -> Option<ConflictReason> {
    conflict_between(
        &expert.name,
        expert.organization.as_deref(),
        &application.id,
        &application.organization,
        declared,
    )
}

/// [`conflict`] on the bare facts, for callers that hold no full records.
/// An empty organization (after normalizing) matches nothing.
pub fn conflict_between(
    expert: &str,
    expert_organization: Option<&str>,
    application: &str,
    application_organization: &str,
    declared: &[Declared],
) -> Option<ConflictReason> {
    let ours = expert_organization.map(normalize_org).unwrap_or_default();
    if !ours.is_empty() && ours == normalize_org(application_organization) {
        return Some(ConflictReason::SameOrganization {
            organization: application_organization.to_owned(),
        });
    }
    declared
        .iter()
        .find(|d| d.expert == expert && d.application == application)
        .map(|d| ConflictReason::Declared {
            by: d.by,
            reason: d.reason.clone(),
        })
}
