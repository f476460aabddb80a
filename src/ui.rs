//! The terminal user interface: one [`App`] per session.
//!
//! An `App` holds a session's state and turns [`Event`]s into actions and
//! service calls (key -> [`Action`] -> [`App::update`]). Rendering is a pure
//! function of that state onto a ratatui frame; the app never reads a clock
//! (times are passed in), never touches the store except through
//! [`Service`](crate::service::Service), and never talks to the terminal, so
//! the local terminal loop, the SSH server and the tests drive it the same
//! way.
//!
//! - [`text`]: cleaning data for display, widths, fitting and wrapping;
//! - [`catalog`]: every string shown, one catalog per language;
//! - [`theme`]: styles named by meaning, read from `themes/*.toml`;
//! - [`keymap`]: the one table of keys, actions and help texts;
//! - the screens: the queue (`queue`, `queue_view`, `detail`) and the
//!   application (`application`, `application_view`, `criteria_lines`,
//!   `navigate`), the help overlay and the footer (`chrome`), the
//!   confirmation dialog (`dialog`);
//! - the eligibility review's decisions and marks (`decide`, `marks`).

mod app;
mod application;
mod application_lines;
mod application_view;
mod audit;
mod backup;
pub mod catalog;
mod chrome;
mod command;
mod committee;
mod compact;
mod compare;
mod complete;
mod criteria_lines;
mod decide;
mod detail;
mod dialog;
mod draw;
mod export;
pub mod filter;
mod glyphs;
mod haystacks;
mod import;
mod job;
pub mod keymap;
mod list;
mod marks;
mod moves;
mod navigate;
mod notice;
mod progress;
mod prompt;
mod queue;
mod queue_view;
mod ranking;
mod saved;
mod score;
mod score_view;
mod scores_panel;
mod sessions;
mod statistics;
pub mod text;
pub mod theme;
mod undo;
mod update;

#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests_audit;
#[cfg(test)]
mod tests_committee;
#[cfg(test)]
mod tests_compare;
#[cfg(test)]
mod tests_eligibility;
#[cfg(test)]
mod tests_export;
#[cfg(test)]
mod tests_moves;
#[cfg(test)]
mod tests_notice;
#[cfg(test)]
mod tests_query;
#[cfg(test)]
mod tests_render;
#[cfg(test)]
mod tests_saved;
#[cfg(test)]
mod tests_score;
#[cfg(test)]
mod tests_snapshot;
#[cfg(test)]
mod tests_snapshot_eligibility;
#[cfg(test)]
mod tests_state;
#[cfg(test)]
mod tests_statistics;
#[cfg(test)]
mod tests_wire;

pub use app::{App, ScreenKind};
pub use catalog::{Catalog, Lang};
pub use keymap::Action;
pub use theme::{StyleName, Theme};

/// How a session looks: from the command line (`--lang`, `--theme`,
/// `--ascii`, `--lean`) and the environment.
#[derive(Debug, Clone)]
pub struct UiOptions {
    pub lang: Lang,
    pub theme: Theme,
    /// Plain ASCII for box drawing, the ellipsis and other symbols whose
    /// width is ambiguous.
    pub ascii: bool,
    /// An arrow marks the selected row instead of reverse video, and the
    /// queue has no detail pane, so a move rewrites a few cells only.
    pub lean: bool,
    /// Where the log goes, shown in the help.
    pub log_path: Option<String>,
}

impl Default for UiOptions {
    fn default() -> UiOptions {
        UiOptions {
            lang: Lang::Zh,
            theme: Theme::default(),
            ascii: false,
            lean: false,
            log_path: None,
        }
    }
}

/// What a front end feeds the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Key(crossterm::event::KeyEvent),
    /// Bracketed paste: goes into the filter or command line when one is open.
    Paste(String),
    Resize(u16, u16),
    /// Another session changed the store: reload what is shown.
    DataChanged,
    /// Someone logged in or out: only the list of sessions changed.
    SessionsChanged,
    /// The user saved or forgot a search in another of their sessions.
    SearchesChanged,
}
