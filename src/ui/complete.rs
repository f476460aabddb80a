//! Tab completion and history for the command line (`:`) and the search
//! (`/`): pure functions over the text before the caret and the words
//! that may follow, and a history per session browsed with Up and Down.

use super::catalog::fill;
use super::command::VERBS;
use super::prompt::PromptKind;
use super::theme::Theme;

/// What Tab does with the text before the caret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completion {
    /// Nothing starts so.
    None,
    /// The text grows to this (one candidate, or the prefix all share).
    Extend(String),
    /// Several candidates share no longer prefix: show them.
    Choices(Vec<String>),
}

/// Completes the last word of `text` from `candidates`. A single match
/// ends with `end` (a space after a command's verb, nothing after a value
/// that is itself complete).
pub fn complete_word(text: &str, candidates: &[String], end: &str) -> Completion {
    let start = text.rfind(|c: char| c.is_whitespace()).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let (head, word) = text.split_at(start);
    let lower = word.to_lowercase();
    let mut matches: Vec<&String> = candidates
        .iter()
        .filter(|c| c.to_lowercase().starts_with(&lower))
        .collect();
    matches.sort();
    matches.dedup();
    match matches.as_slice() {
        [] => Completion::None,
        [only] => {
            let end = if only.ends_with(':') { "" } else { end };
            Completion::Extend(format!("{head}{only}{end}"))
        }
        many => {
            let shared = common_prefix(many);
            if shared.chars().count() > word.chars().count() {
                Completion::Extend(format!("{head}{shared}"))
            } else {
                Completion::Choices(many.iter().map(|s| (*s).clone()).collect())
            }
        }
    }
}

fn common_prefix(words: &[&String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut prefix: Vec<char> = first.chars().collect();
    for word in &words[1..] {
        let same = prefix
            .iter()
            .zip(word.chars())
            .take_while(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
            .count();
        prefix.truncate(same);
    }
    prefix.into_iter().collect()
}

/// Lines typed before, newest last, and where Up and Down stand in them.
#[derive(Debug, Clone, Default)]
pub struct History {
    lines: Vec<String>,
    /// The line shown, counted from the newest (0); `None` when editing.
    at: Option<usize>,
    /// What was being typed before Up was first pressed.
    draft: String,
}

/// Lines kept per history.
const KEPT: usize = 100;

impl History {
    pub fn push(&mut self, line: &str) {
        let line = line.trim();
        self.at = None;
        if line.is_empty() || self.lines.last().is_some_and(|l| l == line) {
            return;
        }
        self.lines.push(line.to_owned());
        if self.lines.len() > KEPT {
            self.lines.remove(0);
        }
    }

    /// The line before the one shown (Up), if there is one.
    pub fn previous(&mut self, typing: &str) -> Option<String> {
        let next = self.at.map_or(0, |at| at + 1);
        if next >= self.lines.len() {
            return None;
        }
        if self.at.is_none() {
            typing.clone_into(&mut self.draft);
        }
        self.at = Some(next);
        Some(self.lines[self.lines.len() - 1 - next].clone())
    }

    /// The line after the one shown (Down), back to what was being typed.
    pub fn next(&mut self) -> Option<String> {
        match self.at? {
            0 => {
                self.at = None;
                Some(std::mem::take(&mut self.draft))
            }
            at => {
                self.at = Some(at - 1);
                Some(self.lines[self.lines.len() - at].clone())
            }
        }
    }

    /// Typing leaves the history where it is.
    pub fn reset(&mut self) {
        self.at = None;
    }
}

impl super::App {
    /// Tab in a prompt: completes the word before the caret, or lists the
    /// ways on. Returns whether the text changed.
    pub(super) fn complete_prompt(&mut self) -> bool {
        let Some(prompt) = &self.prompt else {
            return false;
        };
        let before = prompt.before_caret().to_owned();
        let (candidates, end) = match prompt.kind {
            PromptKind::Command => (self.command_words(&before), " "),
            PromptKind::Filter => {
                let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
                (crate::domain::query::completions(word), " ")
            }
            PromptKind::Reason(_) => return false,
        };
        match complete_word(&before, &candidates, end) {
            Completion::None => false,
            Completion::Extend(text) => {
                if let Some(prompt) = &mut self.prompt {
                    prompt.replace_before_caret(&text);
                }
                true
            }
            Completion::Choices(choices) => {
                let shown = choices.join("  ");
                self.message = Some(super::app::Message {
                    text: fill(self.catalog().completion_choices, &[("choices", &shown)]),
                    is_error: false,
                });
                self.dirty = true;
                false
            }
        }
    }

    /// What may follow in a command line: its verb, then the verb's values.
    fn command_words(&self, before: &str) -> Vec<String> {
        let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect();
        let Some((verb, _)) = before.trim_start().split_once(char::is_whitespace) else {
            return owned(VERBS);
        };
        match verb {
            "goto" | "go" | "g" => self.queue.ids().map(str::to_owned).collect(),
            "lang" | "language" => owned(&["zh", "en"]),
            "theme" | "colorscheme" => Theme::builtin_names().map(str::to_owned).collect(),
            "verdict" | "v" => std::iter::once("all")
                .chain(crate::domain::Verdict::ALL.iter().map(|v| v.code()))
                .map(str::to_owned)
                .collect(),
            "forget" | "unsave" => self.queue.saved_names().map(str::to_owned).collect(),
            "assign" | "unassign" | "conflict" | "recuse" => self
                .service
                .users(&self.user)
                .map(|users| {
                    users
                        .into_iter()
                        .filter(|u| u.role == crate::domain::UserRole::Expert)
                        .map(|u| u.name)
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn one_match_completes_and_many_share_their_prefix() {
        let verbs = words(&["goto", "committee", "conflict", "lang", "ranking"]);
        assert_eq!(
            complete_word("go", &verbs, " "),
            Completion::Extend("goto ".into())
        );
        assert_eq!(
            complete_word("c", &verbs, " "),
            Completion::Extend("co".into())
        );
        assert_eq!(
            complete_word("co", &verbs, " "),
            Completion::Choices(words(&["committee", "conflict"]))
        );
        assert_eq!(complete_word("x", &verbs, " "), Completion::None);
    }

    #[test]
    fn only_the_last_word_is_completed_and_fields_end_in_their_colon() {
        let terms = words(&["level:", "level:senior", "stage:"]);
        assert_eq!(
            complete_word("张 lev", &words(&["level:", "stage:"]), " "),
            Completion::Extend("张 level:".into())
        );
        assert_eq!(
            complete_word("张 level:se", &terms, " "),
            Completion::Extend("张 level:senior ".into())
        );
        assert_eq!(
            complete_word("goto 2024-zj", &words(&["2024-ZJ-J-0001"]), ""),
            Completion::Extend("goto 2024-ZJ-J-0001".into())
        );
    }

    #[test]
    fn history_walks_back_and_returns_to_the_draft() {
        let mut h = History::default();
        for line in ["ranking", "stats", "stats", " ", "who"] {
            h.push(line);
        }
        assert_eq!(h.previous("go").as_deref(), Some("who"));
        assert_eq!(h.previous("").as_deref(), Some("stats"));
        assert_eq!(h.previous("").as_deref(), Some("ranking"));
        assert_eq!(h.previous(""), None, "nothing older");
        assert_eq!(h.next().as_deref(), Some("stats"));
        assert_eq!(h.next().as_deref(), Some("who"));
        assert_eq!(h.next().as_deref(), Some("go"), "back to what was typed");
        assert_eq!(h.next(), None);
    }

    #[test]
    fn history_keeps_a_hundred_lines() {
        let mut h = History::default();
        for n in 0..150 {
            h.push(&n.to_string());
        }
        let mut oldest = None;
        while let Some(line) = h.previous("") {
            oldest = Some(line);
        }
        assert_eq!(oldest.as_deref(), Some("50"));
    }
}
