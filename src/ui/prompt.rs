//! The one-line input in the footer: the filter (`/`), the command line
//! (`:`) and the reason a decision asks for. It keeps a caret and says
//! where on screen it stands, so the terminal's real cursor (and a Chinese
//! input method's window) follows it.

use super::catalog::{Catalog, fill};
use super::text;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    Filter,
    Command,
    /// A required reason, for the decision or mark it names.
    Reason(ReasonFor),
}

/// What a reason is typed for; the application (and evidence item) it
/// concerns is fixed when the prompt opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReasonFor {
    Override {
        id: String,
    },
    Reject {
        id: String,
    },
    RejectEvidence {
        id: String,
        evidence: String,
    },
    /// Sending an application back one stage.
    SendBack {
        id: String,
    },
    /// Rejecting at a scored stage (achievement, written, defense).
    RejectAtStage {
        id: String,
    },
    /// Not a reason: the written score typed for an application.
    WrittenScore {
        id: String,
    },
    /// Not a reason: the audit screen's filter.
    AuditFilter,
    /// Not a reason: a committee member's detail, or a new expert's name.
    Member {
        name: String,
        field: super::committee::MemberField,
    },
    /// Not a reason: a complaint's content, about an application on the notice.
    Complaint {
        id: String,
        received: chrono::NaiveDate,
    },
    /// The finding of a complaint resolved as upheld or dismissed.
    Finding {
        complaint: u64,
        id: String,
        upheld: bool,
    },
}

impl PromptKind {
    /// What stands before the text: `/`, `:`, or the question of a reason.
    pub fn label(&self, catalog: &Catalog) -> String {
        match self {
            PromptKind::Filter => "/".into(),
            PromptKind::Command => ":".into(),
            PromptKind::Reason(ReasonFor::Override { .. }) => catalog.prompt_override.into(),
            PromptKind::Reason(ReasonFor::Reject { .. } | ReasonFor::RejectAtStage { .. }) => {
                catalog.prompt_reject.into()
            }
            PromptKind::Reason(ReasonFor::SendBack { .. }) => catalog.prompt_send_back.into(),
            PromptKind::Reason(ReasonFor::AuditFilter) => catalog.prompt_audit_filter.into(),
            PromptKind::Reason(ReasonFor::Member { field, .. }) => {
                use super::committee::MemberField;
                match field {
                    MemberField::Province => catalog.prompt_province.into(),
                    MemberField::Organization => catalog.prompt_organization.into(),
                    MemberField::Fields => catalog.prompt_fields.into(),
                    MemberField::NewExpert => catalog.prompt_new_expert.into(),
                }
            }
            PromptKind::Reason(ReasonFor::WrittenScore { id }) => {
                fill(catalog.prompt_written, &[("id", &text::clean(id))])
            }
            PromptKind::Reason(ReasonFor::Complaint { id, received }) => fill(
                catalog.notice_text.prompt_complaint,
                &[("id", &text::clean(id)), ("date", &received.to_string())],
            ),
            PromptKind::Reason(ReasonFor::Finding {
                complaint,
                id,
                upheld,
            }) => fill(
                if *upheld {
                    catalog.notice_text.prompt_upheld
                } else {
                    catalog.notice_text.prompt_dismissed
                },
                &[("n", &complaint.to_string()), ("id", &text::clean(id))],
            ),
            PromptKind::Reason(ReasonFor::RejectEvidence { evidence, .. }) => fill(
                catalog.prompt_reject_evidence,
                &[("evidence", &text::clean(evidence))],
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    text: String,
    /// Caret position in characters.
    caret: usize,
}

impl Prompt {
    pub fn new(kind: PromptKind, text: &str) -> Prompt {
        let text = text::clean(text).into_owned();
        let caret = text.chars().count();
        Prompt { kind, text, caret }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text before the caret.
    pub fn before_caret(&self) -> &str {
        &self.text[..self.byte_at(self.caret)]
    }

    /// Replaces the text before the caret, keeping what follows it.
    pub fn replace_before_caret(&mut self, with: &str) {
        let rest = self.text[self.byte_at(self.caret)..].to_owned();
        let with = text::clean(with);
        self.caret = with.chars().count();
        self.text = format!("{with}{rest}");
    }

    /// Replaces the whole text, the caret at its end.
    pub fn set_text(&mut self, with: &str) {
        self.text = text::clean(with).into_owned();
        self.caret = self.text.chars().count();
    }

    fn byte_at(&self, caret: usize) -> usize {
        self.text
            .char_indices()
            .nth(caret)
            .map_or(self.text.len(), |(i, _)| i)
    }

    pub fn insert(&mut self, c: char) {
        self.insert_str(&c.to_string());
    }

    /// Inserts pasted or typed text, cleaned to one line.
    pub fn insert_str(&mut self, s: &str) {
        let clean = text::clean(s);
        let at = self.byte_at(self.caret);
        self.text.insert_str(at, &clean);
        self.caret += clean.chars().count();
    }

    /// Returns false when there was nothing to delete.
    pub fn delete_backward(&mut self) -> bool {
        if self.caret == 0 {
            return false;
        }
        self.caret -= 1;
        let at = self.byte_at(self.caret);
        self.text.remove(at);
        true
    }

    pub fn delete_forward(&mut self) -> bool {
        if self.caret >= self.text.chars().count() {
            return false;
        }
        let at = self.byte_at(self.caret);
        self.text.remove(at);
        true
    }

    /// Moves the caret; returns false when it could not move.
    pub fn move_caret(&mut self, to: CaretMove) -> bool {
        let len = self.text.chars().count();
        let next = match to {
            CaretMove::Left => self.caret.saturating_sub(1),
            CaretMove::Right => (self.caret + 1).min(len),
            CaretMove::Home => 0,
            CaretMove::End => len,
        };
        let moved = next != self.caret;
        self.caret = next;
        moved
    }

    /// What to show in `width` cells after the sigil, and the caret's
    /// column within it. Long text scrolls so the caret stays in view.
    pub fn visible(&self, width: usize) -> (String, usize) {
        let caret_width: usize = self
            .text
            .chars()
            .take(self.caret)
            .map(text::char_width)
            .sum();
        // Keep one cell free for the caret itself; skip whole characters.
        let room = width.saturating_sub(1);
        let mut skipped = 0;
        let mut chars = self.text.chars();
        while caret_width.saturating_sub(skipped) > room {
            match chars.next() {
                Some(c) => skipped += text::char_width(c),
                None => break,
            }
        }
        let mut shown = String::new();
        let mut used = 0;
        for c in chars {
            let w = text::char_width(c);
            if used + w > width {
                break;
            }
            shown.push(c);
            used += w;
        }
        (shown, caret_width.saturating_sub(skipped).min(width))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaretMove {
    Left,
    Right,
    Home,
    End,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_and_editing_move_the_caret_by_character() {
        let mut p = Prompt::new(PromptKind::Filter, "");
        for c in "张三a".chars() {
            p.insert(c);
        }
        assert_eq!(p.visible(20), ("张三a".into(), 5));
        assert!(p.move_caret(CaretMove::Left));
        assert!(p.delete_backward());
        assert_eq!(p.text(), "张a");
        assert_eq!(p.visible(20).1, 2);
        assert!(p.move_caret(CaretMove::Home));
        assert!(!p.delete_backward());
        assert!(!p.move_caret(CaretMove::Left));
        assert!(p.delete_forward());
        assert_eq!(p.text(), "a");
        assert!(p.move_caret(CaretMove::End));
        assert!(!p.delete_forward());
    }

    #[test]
    fn pasted_text_is_cleaned_to_one_line() {
        let mut p = Prompt::new(PromptKind::Command, "");
        p.insert_str("goto\u{1b}[2J 2024\n-ZJ");
        assert_eq!(p.text(), "goto 2024 -ZJ");
        assert_eq!(p.visible(40).1, 13);
    }

    #[test]
    fn long_text_scrolls_to_keep_the_caret_in_view() {
        let p = Prompt::new(PromptKind::Filter, "科技辅导员专业水平认证");
        let (shown, caret) = p.visible(10);
        assert!(text::width(&shown) <= 10);
        assert!(shown.ends_with("认证"), "{shown}");
        assert!(caret <= 10);
        assert_eq!(caret, text::width(&shown));
    }
}
