//! The public notice (公示), its complaints (投诉) and the certificates
//! (证书) issued when it ends (RULES.md, Public notice). Pure types and
//! checks: the service records them and moves the applications.

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::CalendarError;
use super::decision::{DecisionError, clean_reason};
use super::moves::NoticeState;
use super::stage::{Level, Stage};

/// Whether a notice is still open for complaints and conclusion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeStatus {
    /// Opened and not concluded (its window may be over).
    Running,
    Concluded,
}

/// One public notice over the applications that passed their reviews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub id: u64,
    /// The start date the secretariat chose.
    pub start: NaiveDate,
    /// Day 1: the start date, or the next working day.
    pub first_day: NaiveDate,
    /// The last working day; the notice ends at its end.
    pub last_day: NaiveDate,
    /// Working days of the window.
    pub days: u32,
    /// The applications on the notice, by id.
    pub applications: Vec<String>,
    pub status: NoticeStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concluded_on: Option<NaiveDate>,
}

impl Notice {
    /// Whether the last day is over on `today` (in the body's time zone).
    pub fn is_over(&self, today: NaiveDate) -> bool {
        today > self.last_day
    }

    pub fn covers(&self, application: &str) -> bool {
        self.applications.iter().any(|a| a == application)
    }

    /// Where the notice stands for one application on it, for the move
    /// guard: running until the last day is over, then ended with the
    /// application's complaints counted by state.
    pub fn state_for(
        &self,
        application: &str,
        complaints: &[Complaint],
        today: NaiveDate,
    ) -> NoticeState {
        if !self.is_over(today) {
            return NoticeState::Running;
        }
        let count = |state: ComplaintState| {
            complaints
                .iter()
                .filter(|c| c.application == application && c.state == state)
                .count() as u32
        };
        NoticeState::Ended {
            open: count(ComplaintState::Open),
            upheld: count(ComplaintState::Upheld),
        }
    }
}

/// Where a complaint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintState {
    Open,
    /// Found true: the application is cancelled.
    Upheld,
    Dismissed,
}

impl ComplaintState {
    pub fn code(self) -> &'static str {
        match self {
            ComplaintState::Open => "open",
            ComplaintState::Upheld => "upheld",
            ComplaintState::Dismissed => "dismissed",
        }
    }

    pub fn from_code(code: &str) -> Option<ComplaintState> {
        match code {
            "open" => Some(ComplaintState::Open),
            "upheld" => Some(ComplaintState::Upheld),
            "dismissed" => Some(ComplaintState::Dismissed),
            _ => None,
        }
    }
}

/// A complaint about an application on the notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    pub id: u64,
    pub notice: u64,
    pub application: String,
    /// The day it was received.
    pub received: NaiveDate,
    pub content: String,
    /// Received after the notice's last day (recorded all the same).
    pub late: bool,
    pub state: ComplaintState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<String>,
    pub recorded_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_by: Option<String>,
}

/// A certificate's revocation (收回).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    pub date: NaiveDate,
    pub reason: String,
    pub by: String,
}

/// A certificate (证书) issued to a certified application. Its number is
/// never reused, not even once revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// `BODY-YEAR-LEVEL-SEQUENCE`, e.g. `QKJ-2024-S-00001`.
    pub number: String,
    pub application: String,
    pub level: Level,
    pub year: i32,
    pub sequence: u32,
    pub issued: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<Revocation>,
}

/// The series a certificate number counts in: `BODY-YEAR-LEVEL`.
pub fn certificate_series(body: &str, year: i32, level: Level) -> String {
    format!("{body}-{year}-{}", level.letter())
}

/// A certificate number: the series and five digits.
pub fn certificate_number(series: &str, sequence: u32) -> String {
    format!("{series}-{sequence:05}")
}

/// The highest sequence a series holds (five digits).
pub const MAX_SEQUENCE: u32 = 99_999;

/// Why a notice, complaint or certificate action is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    #[error("notice {id} is still running (its last day is {last_day}): conclude it first")]
    AlreadyRunning { id: u64, last_day: NaiveDate },
    #[error("no application is at the notice stage: there is nothing to put on a notice")]
    NothingToNotice,
    #[error("no notice is running")]
    NoneRunning,
    #[error("application {application} is not on the running notice")]
    NotOnNotice { application: String },
    #[error(
        "complaint about {application}: received date {received} is before the notice's first day {first_day}"
    )]
    BeforeFirstDay {
        application: String,
        received: NaiveDate,
        first_day: NaiveDate,
    },
    #[error("complaint about {application}: received date {received} is after today ({today})")]
    ReceivedLater {
        application: String,
        received: NaiveDate,
        today: NaiveDate,
    },
    #[error("complaint about {application}: the content is empty")]
    EmptyContent { application: String },
    #[error("complaint {id} not found")]
    ComplaintNotFound { id: u64 },
    #[error("complaint {id} is already {}", .state.code())]
    AlreadyResolved { id: u64, state: ComplaintState },
    #[error("complaint {id}: a resolution is upheld or dismissed, not open")]
    NotAResolution { id: u64 },
    #[error("complaint {id}, finding: {reason}")]
    Finding { id: u64, reason: DecisionError },
    #[error(
        "notice {id} runs until the end of {last_day} (today is {today}): conclude it after that"
    )]
    NotOver {
        id: u64,
        last_day: NaiveDate,
        today: NaiveDate,
    },
    #[error("application {application} is at {}, not certified", .stage.code())]
    NotCertified { application: String, stage: Stage },
    #[error("application {application} has no certificate")]
    NoCertificate { application: String },
    #[error("certificate {number} of {application} was already revoked on {date}")]
    AlreadyRevoked {
        application: String,
        number: String,
        date: NaiveDate,
    },
    #[error("revocation of {application}, reason: {reason}")]
    RevocationReason {
        application: String,
        reason: DecisionError,
    },
    #[error(
        "application {application} holds certificate {number}: a certification is not taken back, it is revoked"
    )]
    CertificateIssued { application: String, number: String },
    #[error("certificate series {series} is full ({MAX_SEQUENCE} numbers)")]
    SeriesFull { series: String },
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

/// Checks a new complaint against the notice on `today`: the application
/// is on it, the content is not empty, and it was received between day 1
/// and today. Returns the cleaned content and whether it is late.
pub fn check_complaint(
    notice: &Notice,
    application: &str,
    (received, today): (NaiveDate, NaiveDate),
    content: &str,
) -> Result<(String, bool), NoticeError> {
    if !notice.covers(application) {
        return Err(NoticeError::NotOnNotice {
            application: application.to_owned(),
        });
    }
    if received < notice.first_day {
        return Err(NoticeError::BeforeFirstDay {
            application: application.to_owned(),
            received,
            first_day: notice.first_day,
        });
    }
    if received > today {
        return Err(NoticeError::ReceivedLater {
            application: application.to_owned(),
            received,
            today,
        });
    }
    let content = content.trim();
    if content.is_empty() {
        return Err(NoticeError::EmptyContent {
            application: application.to_owned(),
        });
    }
    Ok((content.to_owned(), received > notice.last_day))
}

/// Checks a resolution of an open complaint; returns the cleaned finding.
pub fn check_resolution(
    complaint: &Complaint,
    state: ComplaintState,
    finding: &str,
) -> Result<String, NoticeError> {
    if complaint.state != ComplaintState::Open {
        return Err(NoticeError::AlreadyResolved {
            id: complaint.id,
            state: complaint.state,
        });
    }
    if state == ComplaintState::Open {
        return Err(NoticeError::NotAResolution { id: complaint.id });
    }
    clean_reason(finding).map_err(|reason| NoticeError::Finding {
        id: complaint.id,
        reason,
    })
}

/// Checks a revocation: the application is certified, its certificate
/// not yet revoked; returns the cleaned reason.
pub fn check_revocation(
    stage: Stage,
    certificate: Option<&Certificate>,
    application: &str,
    reason: &str,
) -> Result<String, NoticeError> {
    if stage != Stage::Certified {
        return Err(NoticeError::NotCertified {
            application: application.to_owned(),
            stage,
        });
    }
    let certificate = certificate.ok_or_else(|| NoticeError::NoCertificate {
        application: application.to_owned(),
    })?;
    if let Some(revoked) = &certificate.revoked {
        return Err(NoticeError::AlreadyRevoked {
            application: application.to_owned(),
            number: certificate.number.clone(),
            date: revoked.date,
        });
    }
    clean_reason(reason).map_err(|reason| NoticeError::RevocationReason {
        application: application.to_owned(),
        reason,
    })
}
