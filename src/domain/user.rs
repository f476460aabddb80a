//! People who use docket and what role each has.

use serde::{Deserialize, Serialize};

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
}

impl User {
    pub fn new(name: &str, role: UserRole) -> User {
        User {
            name: name.to_owned(),
            role,
            display: None,
            province: None,
            organization: None,
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
}
