//! Editing the committees' members: an expert's or a supervisor's
//! province, organization, title and fields, which the committee checklist,
//! the conflict check and the automatic assignment all read.

use crate::domain::application::Field;
use crate::domain::{TitleRank, User, UserRole};
use crate::store::AuditDraft;

use super::{Permission, Result, Service, ServiceError, require};

/// One change to a member's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberEdit {
    Display(String),
    Province(String),
    Organization(String),
    Title(Option<TitleRank>),
    Fields(Vec<Field>),
}

impl MemberEdit {
    fn code(&self) -> &'static str {
        match self {
            MemberEdit::Display(_) => "display",
            MemberEdit::Province(_) => "province",
            MemberEdit::Organization(_) => "organization",
            MemberEdit::Title(_) => "title_rank",
            MemberEdit::Fields(_) => "fields",
        }
    }
}

impl Service {
    /// Changes one detail of a committee member (an expert or a
    /// supervisor), audited with the field it changed.
    pub fn edit_member(&self, actor: &User, name: &str, edit: &MemberEdit) -> Result<User> {
        require(actor, Permission::ManageUsers)?;
        let record = self
            .store
            .user(name)?
            .ok_or_else(|| ServiceError::UnknownUser(name.to_owned()))?;
        let mut user = record.value;
        if user.role == UserRole::Secretariat {
            return Err(ServiceError::NotAMember(name.to_owned()));
        }
        let text = |value: &str| {
            let value = clean_member_text(value);
            (!value.is_empty()).then_some(value)
        };
        match edit {
            MemberEdit::Display(value) => user.display = text(value),
            MemberEdit::Province(value) => user.province = text(value),
            MemberEdit::Organization(value) => user.organization = text(value),
            MemberEdit::Title(rank) => user.title_rank = *rank,
            MemberEdit::Fields(fields) => {
                let mut fields = fields.clone();
                fields.sort_by_key(|f| Field::ALL.iter().position(|a| a == f));
                fields.dedup();
                user.fields = fields;
            }
        }

        let change = serde_json::to_vec(&user).unwrap_or_default();
        let draft = AuditDraft::new(&actor.name, "user.edit", name, &change).with_note(edit.code());
        let saved = self
            .store
            .update_user(&user, record.revision, self.clock.now(), &draft)?;
        Ok(saved.value)
    }
}

/// The longest province, organization or display name kept.
const MEMBER_TEXT_CHARS: usize = 200;

/// A member's detail as stored: control characters dropped, spaces
/// trimmed, at most [`MEMBER_TEXT_CHARS`] characters.
fn clean_member_text(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .chars()
        .take(MEMBER_TEXT_CHARS)
        .collect()
}
