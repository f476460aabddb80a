//! The compact view of an application that queues list and filter.
//!
//! A summary is derived from the application alone, so the store can keep
//! it as a secondary index and rebuild it whenever its shape changes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::application::{Application, Education, Hours, OrgType};
use super::cycle::Cycle;
use super::rules::{Criterion, Status, Verdict, evaluate};
use super::stage::{Level, Stage, Track};

/// How many characters of the organization a summary keeps.
pub const ORGANIZATION_CHARS: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    pub name: String,
    pub level: Level,
    pub track: Track,
    pub stage: Stage,
    pub province: String,
    /// The organization, cut to [`ORGANIZATION_CHARS`] characters.
    pub organization: String,
    pub org_type: OrgType,
    pub education: Education,
    pub birth_date: NaiveDate,
    pub service_start: NaiveDate,
    pub fee_paid: Option<u32>,
    #[serde(with = "hundredths")]
    pub certified_hours: Hours,
    #[serde(with = "hundredths")]
    pub cast_hours: Hours,
    /// Evidence items in all, not yet verified, and rejected (`verified: false`).
    pub evidence: u16,
    pub unverified: u16,
    pub rejected: u16,
    /// The rules' verdict under the store's cycle, and each criterion's status.
    pub verdict: Verdict,
    pub criteria: Vec<(Criterion, Status)>,
    pub revision: u64,
}

impl Summary {
    /// The summary of an application as it stands, evaluated under `cycle`.
    pub fn of(application: &Application, revision: u64, cycle: &Cycle) -> Summary {
        let evaluation = evaluate(application, cycle);
        let (certified_hours, cast_hours) = application.certified_hours();
        let count = |pred: fn(Option<bool>) -> bool| {
            application
                .evidence
                .iter()
                .filter(|e| pred(e.verified))
                .count()
                .min(65_535) as u16
        };
        Summary {
            id: application.id.clone(),
            name: application.name.clone(),
            level: application.level,
            track: application.track,
            stage: application.stage,
            province: application.province.clone(),
            organization: application
                .organization
                .chars()
                .take(ORGANIZATION_CHARS)
                .collect(),
            org_type: application.org_type,
            education: application.education,
            birth_date: application.birth_date,
            service_start: application.service_start,
            fee_paid: application.fee_paid,
            certified_hours,
            cast_hours,
            evidence: count(|_| true),
            unverified: count(|v| v.is_none()),
            rejected: count(|v| v == Some(false)),
            verdict: evaluation.verdict,
            criteria: evaluation
                .criteria
                .iter()
                .map(|c| (c.code, c.status))
                .collect(),
            revision,
        }
    }

    /// Whether any review fee has been recorded as paid.
    pub fn fee_is_paid(&self) -> bool {
        self.fee_paid.is_some_and(|fee| fee > 0)
    }
}

/// Hours as a plain integer of hundredths, for compact binary encodings.
mod hundredths {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::domain::Hours;

    #[allow(clippy::trivially_copy_pass_by_ref)]
    pub fn serialize<S: Serializer>(hours: &Hours, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(hours.hundredths())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Hours, D::Error> {
        u32::deserialize(deserializer).map(Hours::from_hundredths)
    }
}
