//! The local terminal front end: raw mode, the alternate screen, and the
//! event loop that feeds the same `App` the SSH server feeds.
//!
//! All pending input is handled before the next frame is drawn, and a frame
//! is drawn only when the app says something changed, so a burst of keys
//! costs one frame and an idle screen costs nothing.

use std::io::{self, BufWriter, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute, queue, terminal};
use ratatui::Terminal;
use ratatui::layout::Rect;

use crate::cli::{Global, log_dir};
use crate::domain::User;
use crate::service::{Service, Via};
use crate::ui::{App, Event, Theme, UiOptions};
pub use backend::SessionBackend;

mod backend;

/// How long to wait for input when nothing is scheduled.
const IDLE_POLL: Duration = Duration::from_hours(1);

pub fn run(service: Arc<Service>, user: User, global: &Global) -> Result<()> {
    let options = ui_options(global)?;
    let guard = TerminalGuard::enter()?;
    let size = terminal::size().unwrap_or((80, 24));
    let _ticket = service.register_session(&user, Via::Terminal, "local");
    let mut app = App::new(service, user, options, size)?;
    let stdout = BufWriter::with_capacity(64 * 1024, io::stdout());
    let mut screen = Screen::new(stdout, size.0, size.1)?;

    loop {
        if app.take_full_redraw() {
            screen.clear()?;
        }
        if app.needs_draw() {
            screen.draw(&mut app)?;
        }
        if app.should_quit() {
            break;
        }
        let timeout = app.next_deadline().map_or(IDLE_POLL, |deadline| {
            deadline.saturating_duration_since(Instant::now())
        });
        // A terminal that went away (a closed window, a lost link) still
        // leaves the score form's typing saved as a draft.
        let ready = event::poll(timeout).inspect_err(|_| app.hang_up())?;
        if ready {
            // Drain everything already waiting before drawing again.
            loop {
                let read = event::read().inspect_err(|_| app.hang_up())?;
                if let Some(event) = convert(read) {
                    if let Event::Resize(width, height) = event {
                        screen.resize(width, height)?;
                    }
                    app.handle(event, Instant::now());
                }
                if app.should_quit()
                    || !event::poll(Duration::ZERO).inspect_err(|_| app.hang_up())?
                {
                    break;
                }
            }
        }
        let now = Instant::now();
        if app.next_deadline().is_some_and(|deadline| now >= deadline) {
            app.tick(now);
        }
    }
    drop(screen);
    guard.leave();
    Ok(())
}

/// Builds the UI options from the command line and the environment.
pub fn ui_options(global: &Global) -> Result<UiOptions> {
    let lang = crate::cli::lang(global)?;
    let (theme, warning) = Theme::from_env(global.theme.as_deref());
    if let Some(warning) = warning {
        tracing::warn!("{warning}");
    }
    Ok(UiOptions {
        lang,
        theme,
        ascii: global.ascii,
        lean: global.lean,
        log_path: Some(log_dir().join("docket.log").display().to_string()),
    })
}

/// What a session draws on: a ratatui terminal over any writer (standard
/// output here, an SSH channel or a byte counter elsewhere), sized by the
/// session itself.
pub struct Screen<W: Write> {
    terminal: Terminal<SessionBackend<W>>,
}

impl<W: Write> Screen<W> {
    pub fn new(writer: W, width: u16, height: u16) -> io::Result<Screen<W>> {
        let terminal = Terminal::new(SessionBackend::new(writer, width, height))?;
        let mut screen = Screen { terminal };
        screen.clear()?;
        Ok(screen)
    }

    /// Takes a new size; the next draw repaints everything.
    pub fn resize(&mut self, width: u16, height: u16) -> io::Result<()> {
        self.terminal.backend_mut().set_size(width, height);
        self.terminal.resize(Rect::new(0, 0, width, height))
    }

    /// Erases the terminal and forgets what was drawn, so the next frame is whole.
    pub fn clear(&mut self) -> io::Result<()> {
        self.terminal.clear()
    }

    /// One frame, wrapped in synchronized-output markers so it never tears,
    /// with the real cursor at the app's caret (or hidden).
    pub fn draw(&mut self, app: &mut App) -> io::Result<()> {
        queue!(
            self.terminal.backend_mut().writer_mut(),
            BeginSynchronizedUpdate
        )?;
        self.terminal.draw(|frame| app.render(frame))?;
        let writer = self.terminal.backend_mut().writer_mut();
        match app.cursor() {
            Some((x, y)) => queue!(writer, cursor::MoveTo(x, y), cursor::Show)?,
            None => queue!(writer, cursor::Hide)?,
        }
        queue!(writer, EndSynchronizedUpdate)?;
        writer.flush()
    }

    pub fn writer(&self) -> &W {
        self.terminal.backend().writer()
    }

    pub fn writer_mut(&mut self) -> &mut W {
        self.terminal.backend_mut().writer_mut()
    }
}

/// crossterm's events as the app's; mouse and focus events are not used.
pub(crate) fn convert(event: event::Event) -> Option<Event> {
    match event {
        event::Event::Key(key) if key.kind != event::KeyEventKind::Release => Some(Event::Key(key)),
        event::Event::Paste(text) => Some(Event::Paste(text)),
        event::Event::Resize(w, h) => Some(Event::Resize(w, h)),
        _ => None,
    }
}

/// Raw mode and the alternate screen for as long as it lives; restored on
/// drop and on panic, before the panic message prints.
struct TerminalGuard {
    active: bool,
}

impl TerminalGuard {
    fn enter() -> Result<TerminalGuard> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        terminal::enable_raw_mode().context("cannot switch the terminal to raw mode")?;
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste,
            cursor::Hide
        )?;
        Ok(TerminalGuard { active: true })
    }

    fn leave(mut self) {
        self.active = false;
        restore();
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        if self.active {
            restore();
        }
    }
}

fn restore() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
}
