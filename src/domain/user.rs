//! People who use docket and what role each has.

mod key;

pub use key::{KeyError, parse_public_key};

use serde::{Deserialize, Serialize};

use super::application::Field;

/// A user's role decides what the service layer lets them do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserRole {
    /// 秘书处: runs the cycle; may do everything.
    Secretariat,
    /// 专家: scores the applications assigned to them.
    Expert,
    /// 监督: reads everything, changes nothing.
    Supervisor,
}

impl UserRole {
    pub const ALL: [UserRole; 3] = [
        UserRole::Secretariat,
        UserRole::Expert,
        UserRole::Supervisor,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UserRole::Secretariat => "secretariat",
            UserRole::Expert => "expert",
            UserRole::Supervisor => "supervisor",
        }
    }

    pub fn from_code(code: &str) -> Option<UserRole> {
        UserRole::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// An expert's professional title rank (职称级别), ordered from lowest to highest;
/// `other` (a title outside the usual ladder) sorts below them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TitleRank {
    Other,
    /// 初级
    Junior,
    /// 中级
    Intermediate,
    /// 副高级
    AssociateSenior,
    /// 正高级
    Senior,
}

impl TitleRank {
    pub const ALL: [TitleRank; 5] = [
        TitleRank::Other,
        TitleRank::Junior,
        TitleRank::Intermediate,
        TitleRank::AssociateSenior,
        TitleRank::Senior,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TitleRank::Other => "other",
            TitleRank::Junior => "junior",
            TitleRank::Intermediate => "intermediate",
            TitleRank::AssociateSenior => "associate_senior",
            TitleRank::Senior => "senior",
        }
    }

    pub fn from_code(code: &str) -> Option<TitleRank> {
        TitleRank::ALL.into_iter().find(|r| r.code() == code)
    }

    /// 副高级 or 正高级: what the expert committee asks of every member
    /// (副高以上专业技术职称).
    pub fn is_associate_senior_or_above(self) -> bool {
        matches!(self, TitleRank::AssociateSenior | TitleRank::Senior)
    }
}

/// Someone who uses docket. Experts also carry what the committee checklist,
/// conflict detection and assignment need: province, organization, title
/// rank and fields. Records stored before these existed read with them empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Login name: the `--as` argument and the SSH user name.
    pub name: String,
    pub role: UserRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_rank: Option<TitleRank>,
    /// Subject fields the expert reviews in, to match applications and to
    /// check the committee covers all five.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// OpenSSH public keys (one `type base64 [comment]` line each) that log
    /// this user in over SSH.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
}

impl User {
    pub fn new(name: &str, role: UserRole) -> User {
        User {
            name: name.to_owned(),
            role,
            display: None,
            province: None,
            organization: None,
            title_rank: None,
            fields: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// The name to show: the display name when there is one.
    pub fn shown_name(&self) -> &str {
        self.display.as_deref().unwrap_or(&self.name)
    }
}

/// Whether a login name is acceptable: 1-32 of ASCII letters, digits, `.`, `_`, `-`,
/// starting with a letter (it doubles as an SSH user name).
pub fn valid_user_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.len() <= 32
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_are_ssh_safe() {
        assert!(valid_user_name("admin"));
        assert!(valid_user_name("li.wei-2"));
        assert!(!valid_user_name(""));
        assert!(!valid_user_name("2admin"));
        assert!(!valid_user_name("李伟"));
        assert!(!valid_user_name("a b"));
        assert!(!valid_user_name(&"a".repeat(33)));
    }

    #[test]
    fn users_stored_before_titles_and_fields_still_read() {
        let old = r#"{"name":"li","role":"expert","province":"浙江","organization":"浙江大学"}"#;
        let user: User = serde_json::from_str(old).unwrap();
        assert_eq!(user.title_rank, None);
        assert!(user.fields.is_empty());
        assert_eq!(
            serde_json::to_string(&User::new("li", UserRole::Expert)).unwrap(),
            r#"{"name":"li","role":"expert"}"#
        );

        let mut expert = user.clone();
        expert.title_rank = Some(TitleRank::AssociateSenior);
        expert.fields = vec![Field::Life, Field::Engineering];
        let json = serde_json::to_string(&expert).unwrap();
        assert!(
            json.contains(r#""title_rank":"associate_senior""#),
            "{json}"
        );
        assert!(
            json.contains(r#""fields":["life","engineering"]"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<User>(&json).unwrap(), expert);
    }

    #[test]
    fn only_associate_senior_and_senior_titles_qualify() {
        for rank in TitleRank::ALL {
            assert_eq!(TitleRank::from_code(rank.code()), Some(rank));
        }
        let qualifying: Vec<_> = TitleRank::ALL
            .into_iter()
            .filter(|r| r.is_associate_senior_or_above())
            .collect();
        assert_eq!(qualifying, [TitleRank::AssociateSenior, TitleRank::Senior]);
    }
}
