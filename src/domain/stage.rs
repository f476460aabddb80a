//! Levels, tracks and the stages an application passes through.

use serde::{Deserialize, Serialize};

/// The certification level applied for (级别).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Junior,
    Intermediate,
    Senior,
    Specialist,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Junior,
        Level::Intermediate,
        Level::Senior,
        Level::Specialist,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Level::Junior => "junior",
            Level::Intermediate => "intermediate",
            Level::Senior => "senior",
            Level::Specialist => "specialist",
        }
    }

    /// The letter used in certificate numbers and compact columns.
    pub fn letter(self) -> char {
        match self {
            Level::Junior => 'J',
            Level::Intermediate => 'I',
            Level::Senior => 'S',
            Level::Specialist => 'P',
        }
    }
}

/// Regular or exceptional (破格) application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Track {
    #[default]
    Regular,
    Exceptional,
}

impl Track {
    pub fn code(self) -> &'static str {
        match self {
            Track::Regular => "regular",
            Track::Exceptional => "exceptional",
        }
    }
}

/// The ground on which an exceptional application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionalBasis {
    TopTenCounselor,
    NormalStudentContest,
    ProvincialRule,
}

impl ExceptionalBasis {
    pub fn code(self) -> &'static str {
        match self {
            ExceptionalBasis::TopTenCounselor => "top_ten_counselor",
            ExceptionalBasis::NormalStudentContest => "normal_student_contest",
            ExceptionalBasis::ProvincialRule => "provincial_rule",
        }
    }
}

/// Where an application stands: one of the six stages in order, or an end state.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    #[default]
    Eligibility,
    Achievement,
    Written,
    Defense,
    Notice,
    Certified,
    Rejected,
    Withdrawn,
    Cancelled,
    Revoked,
}

impl Stage {
    /// Every stage and end state, in the order the queue tabs show them.
    pub const ALL: [Stage; 10] = [
        Stage::Eligibility,
        Stage::Achievement,
        Stage::Written,
        Stage::Defense,
        Stage::Notice,
        Stage::Certified,
        Stage::Rejected,
        Stage::Withdrawn,
        Stage::Cancelled,
        Stage::Revoked,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Eligibility => "eligibility",
            Stage::Achievement => "achievement",
            Stage::Written => "written",
            Stage::Defense => "defense",
            Stage::Notice => "notice",
            Stage::Certified => "certified",
            Stage::Rejected => "rejected",
            Stage::Withdrawn => "withdrawn",
            Stage::Cancelled => "cancelled",
            Stage::Revoked => "revoked",
        }
    }

    pub fn from_code(code: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.code() == code)
    }

    /// A stable byte for index keys, so a queue is a range scan in stage order.
    pub fn index_byte(self) -> u8 {
        self as u8
    }

    pub fn from_index_byte(byte: u8) -> Option<Stage> {
        Stage::ALL.get(usize::from(byte)).copied()
    }

    /// True for the end states: rejected, withdrawn, cancelled and revoked.
    pub fn is_end(self) -> bool {
        matches!(
            self,
            Stage::Rejected | Stage::Withdrawn | Stage::Cancelled | Stage::Revoked
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_codes_round_trip_and_index_bytes_follow_tab_order() {
        for (i, stage) in Stage::ALL.into_iter().enumerate() {
            assert_eq!(Stage::from_code(stage.code()), Some(stage));
            assert_eq!(usize::from(stage.index_byte()), i);
            assert_eq!(Stage::from_index_byte(stage.index_byte()), Some(stage));
        }
        assert_eq!(Stage::from_code("approved"), None);
        assert_eq!(Stage::from_index_byte(10), None);
    }

    #[test]
    fn end_states_are_the_last_four() {
        let ends: Vec<_> = Stage::ALL.into_iter().filter(|s| s.is_end()).collect();
        assert_eq!(
            ends,
            [
                Stage::Rejected,
                Stage::Withdrawn,
                Stage::Cancelled,
                Stage::Revoked
            ]
        );
    }

    #[test]
    fn serde_uses_the_interchange_words() {
        assert_eq!(
            serde_json::to_string(&Level::Intermediate).unwrap(),
            "\"intermediate\""
        );
        let basis: ExceptionalBasis = serde_json::from_str("\"top_ten_counselor\"").unwrap();
        assert_eq!(basis, ExceptionalBasis::TopTenCounselor);
        assert_eq!(basis.code(), "top_ten_counselor");
    }
}
