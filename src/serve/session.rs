//! One SSH session: the channel's two halves, and the docket `App` on a
//! thread of its own.
//!
//! The read half is drained all the time (an undrained one stalls the whole
//! connection) and its bytes, sizes and the service's change broadcast go
//! to the app's thread as [`Input`]. The app thread handles everything
//! waiting before it draws, draws only when something changed, and hands
//! each frame to the writer task, which sends it through the half that
//! waits for the client's SSH window. While more than the cap of output is
//! unsent the app thread draws nothing; once the client catches up it draws
//! the latest state, so a slow client skips frames and the server's memory
//! stays bounded.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use crossterm::cursor;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::queue;
use crossterm::style::ResetColor;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use russh::server::Msg;
use russh::{Channel, ChannelMsg};
use tokio::sync::broadcast::error::RecvError;

use crate::domain::User;
use crate::service::Via;
use crate::term::Screen;
use crate::ui::{App, Event};

use super::input::Decoder;
use super::{Shared, Slot};

/// The size used when the client sends none or 0x0 (no terminal).
const FALLBACK_SIZE: (u16, u16) = (80, 24);
/// The largest size taken from a client; beyond it the client is told a
/// smaller screen, and the buffers stay small.
const MAX_SIZE: (u16, u16) = (500, 200);
/// Resizes closer together than this are one resize.
const RESIZE_SETTLE: Duration = Duration::from_millis(40);
/// How long a session waits for its shell request before giving up.
const SHELL_WAIT: Duration = Duration::from_secs(30);

/// What a channel asked for before its session began.
#[derive(Debug, PartialEq, Eq)]
enum Start {
    Shell,
    /// A command (`ssh HOST COMMAND`).
    Exec(Vec<u8>),
    Nothing,
}

/// What the app thread is told.
#[derive(Debug)]
enum Input {
    Bytes(Vec<u8>),
    Resize(u16, u16),
    /// Another session changed the store.
    Changed,
    /// Someone logged in or out.
    SessionsChanged,
    /// The user saved or forgot a search in another session.
    SearchesChanged,
    /// The writer sent a frame: there may be room to draw again.
    Drained,
    /// The client went away.
    Hangup,
    /// The server is stopping.
    Stop,
}

/// What the app thread hands the writer.
#[derive(Debug)]
enum Output {
    Bytes(Vec<u8>),
    /// The session is over: restore nothing more, close the channel.
    End,
}

pub fn clamp_size(cols: u32, rows: u32) -> (u16, u16) {
    if cols == 0 || rows == 0 {
        return FALLBACK_SIZE;
    }
    let cols = u16::try_from(cols).unwrap_or(u16::MAX).min(MAX_SIZE.0);
    let rows = u16::try_from(rows).unwrap_or(u16::MAX).min(MAX_SIZE.1);
    (cols, rows)
}

pub(super) async fn run(
    shared: Arc<Shared>,
    user: User,
    address: String,
    channel: Channel<Msg>,
    slot: Slot,
) {
    let started = Instant::now();
    let (mut read, write) = channel.split();

    // Before the shell: the pty's size, if the client asked for one.
    let mut size = FALLBACK_SIZE;
    let shell = tokio::time::timeout(SHELL_WAIT, async {
        loop {
            match read.wait().await {
                Some(
                    ChannelMsg::RequestPty {
                        col_width,
                        row_height,
                        ..
                    }
                    | ChannelMsg::WindowChange {
                        col_width,
                        row_height,
                        ..
                    },
                ) => size = clamp_size(col_width, row_height),
                Some(ChannelMsg::RequestShell { .. }) => return Start::Shell,
                Some(ChannelMsg::Exec { command, .. }) => return Start::Exec(command),
                // A subsystem, an end, or a signal with nothing to signal.
                None
                | Some(
                    ChannelMsg::RequestSubsystem { .. }
                    | ChannelMsg::Eof
                    | ChannelMsg::Close
                    | ChannelMsg::Signal { .. },
                ) => return Start::Nothing,
                Some(_) => {}
            }
        }
    })
    .await;
    if let Ok(Start::Exec(command)) = shell {
        super::exec::run(&shared, user, &address, &command, &write).await;
        return;
    }
    if shell != Ok(Start::Shell) {
        let _ = write
            .data(&b"docket serves an interactive session only: connect with ssh -t\r\n"[..])
            .await;
        let _ = write.exit_status(1).await;
        let _ = write.close().await;
        return;
    }
    if !slot.granted() {
        tracing::warn!(user = %user.name, address = %address, "session refused: the server is full");
        let text = format!(
            "docket: {} sessions are open, the most this server allows; try again later\r\n",
            shared.options.max_sessions
        );
        let _ = write.data(text.as_bytes()).await;
        let _ = write.exit_status(1).await;
        let _ = write.close().await;
        return;
    }

    let (input, inbox) = mpsc::channel::<Input>();
    let (frames, mut outbox) = tokio::sync::mpsc::unbounded_channel::<Output>();
    let unsent = Arc::new(AtomicUsize::new(0));
    let mut changes = shared.service.subscribe();
    let mut stopping = shared.stopping.subscribe();

    let app_thread = {
        let shared = Arc::clone(&shared);
        let user = user.clone();
        let address = address.clone();
        let unsent = Arc::clone(&unsent);
        std::thread::Builder::new()
            .name(format!("session {}", user.name))
            .spawn(move || {
                let sink = FrameSink {
                    frames: frames.clone(),
                    unsent,
                };
                if let Err(e) = drive(&shared, user, &address, size, &inbox, &sink) {
                    tracing::warn!("session ended with an error: {e:#}");
                }
                let _ = frames.send(Output::End);
            })
    };
    if let Err(e) = app_thread {
        tracing::error!("cannot start a session thread: {e}");
        let _ = write.close().await;
        return;
    }

    // The writer: frames out as the client's window allows.
    let writer = {
        let input = input.clone();
        let unsent = Arc::clone(&unsent);
        tokio::spawn(async move {
            while let Some(output) = outbox.recv().await {
                match output {
                    Output::Bytes(bytes) => {
                        let len = bytes.len();
                        let sent = write.data(&bytes[..]).await;
                        unsent.fetch_sub(len, Ordering::SeqCst);
                        if sent.is_err() {
                            break;
                        }
                        let _ = input.send(Input::Drained);
                    }
                    Output::End => {
                        let _ = write.exit_status(0).await;
                        let _ = write.eof().await;
                        let _ = write.close().await;
                        break;
                    }
                }
            }
        })
    };

    // The reader: everything the client sends, and every change elsewhere.
    let mut stop_sent = false;
    loop {
        let sent = tokio::select! {
            message = read.wait() => match message {
                Some(ChannelMsg::Data { data }) => input.send(Input::Bytes(data.to_vec())),
                Some(ChannelMsg::WindowChange { col_width, row_height, .. }
                    | ChannelMsg::RequestPty { col_width, row_height, .. }) => {
                    let (cols, rows) = clamp_size(col_width, row_height);
                    input.send(Input::Resize(cols, rows))
                }
                None | Some(ChannelMsg::Eof | ChannelMsg::Close) => {
                    let _ = input.send(Input::Hangup);
                    break;
                }
                Some(_) => Ok(()),
            },
            change = changes.recv() => match change {
                Ok(change) if change.is_session() => input.send(Input::SessionsChanged),
                Ok(change) if change.is_saved_search() => {
                    if change.actor == user.name {
                        input.send(Input::SearchesChanged)
                    } else {
                        Ok(())
                    }
                }
                Ok(_) => input.send(Input::Changed),
                // Whatever was missed, the user's own searches among it.
                Err(RecvError::Lagged(_)) => input
                    .send(Input::SearchesChanged)
                    .and_then(|()| input.send(Input::Changed)),
                Err(RecvError::Closed) => Ok(()),
            },
            () = stopped(&mut stopping), if !stop_sent => {
                // The app thread says goodbye and the writer closes.
                stop_sent = true;
                input.send(Input::Stop)
            }
        };
        if sent.is_err() {
            // The app thread is done; the writer closes the channel.
            break;
        }
    }
    let _ = writer.await;
    // Only now, with the goodbye sent, is the session's place free.
    drop(slot);
    tracing::info!(
        user = %user.name,
        address = %address,
        duration_s = started.elapsed().as_secs(),
        "session end"
    );
}

/// Resolves once the server is stopping (never, if it cannot tell).
async fn stopped(stopping: &mut tokio::sync::watch::Receiver<bool>) {
    while !*stopping.borrow_and_update() {
        if stopping.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Where the app thread's frames go: counted, then queued for the writer.
struct FrameSink {
    frames: tokio::sync::mpsc::UnboundedSender<Output>,
    unsent: Arc<AtomicUsize>,
}

impl FrameSink {
    fn send(&self, bytes: Vec<u8>) -> io::Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        self.unsent.fetch_add(bytes.len(), Ordering::SeqCst);
        self.frames
            .send(Output::Bytes(bytes))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the session's channel closed"))
    }

    fn unsent(&self) -> usize {
        self.unsent.load(Ordering::SeqCst)
    }
}

/// What a session sent, and how often a slow client made it hold back.
#[derive(Debug, Default)]
struct Frames {
    drawn: u64,
    bytes: usize,
    /// Times the client fell more than the cap behind while there was
    /// something new to draw.
    stalls: u64,
    behind: bool,
}

/// The app thread: events in, frames out, until the user quits, the client
/// hangs up or the session idles out.
fn drive(
    shared: &Shared,
    user: User,
    address: &str,
    size: (u16, u16),
    inbox: &mpsc::Receiver<Input>,
    sink: &FrameSink,
) -> anyhow::Result<()> {
    let service = Arc::clone(&shared.service);
    let _ticket = service.register_session(&user, Via::Ssh, address);
    let mut app = App::new(service, user, shared.options.ui.clone(), size)?;
    let mut screen = Screen::new(Vec::with_capacity(16 * 1024), size.0, size.1)?;
    let mut decoder = Decoder::new();
    let mut resize: Option<((u16, u16), Instant)> = None;
    let idle = shared.options.idle_timeout;
    let mut last_input = Instant::now();
    let cap = shared.options.unsent_cap;

    let mut setup = Vec::new();
    queue!(
        setup,
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    )?;
    setup.append(screen.writer_mut());
    sink.send(setup)?;

    let mut hung_up = false;
    let mut idled = false;
    let mut stopped = false;
    let mut frames = Frames::default();
    loop {
        // Draw the latest state, unless the client is behind.
        if sink.unsent() < cap {
            if app.take_full_redraw() {
                screen.clear()?;
            }
            if app.needs_draw() {
                screen.draw(&mut app)?;
                frames.drawn += 1;
            }
            // The frame leaves; the buffer keeps its room for the next one.
            let frame = screen.writer_mut().split_off(0);
            frames.bytes += frame.len();
            sink.send(frame)?;
        } else if app.needs_draw() && !frames.behind {
            frames.behind = true;
            frames.stalls += 1;
            if frames.stalls == 1 {
                tracing::info!(
                    user = %app.user_name(),
                    drawn = frames.drawn,
                    cap,
                    "session held back: the client is behind, frames are skipped"
                );
            }
        }
        if sink.unsent() < cap {
            frames.behind = false;
        }
        if app.should_quit() {
            break;
        }

        let now = Instant::now();
        let deadline = [
            app.next_deadline(),
            decoder.deadline(),
            resize.map(|(_, at)| at),
            Some(last_input + idle),
        ]
        .into_iter()
        .flatten()
        .min();
        let wait = deadline.map_or(Duration::from_hours(1), |d| {
            d.saturating_duration_since(now)
        });
        let first = match inbox.recv_timeout(wait) {
            Ok(input) => Some(input),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => {
                hung_up = true;
                break;
            }
        };

        // Everything already waiting is handled before the next frame.
        let mut changed = false;
        let mut sessions_changed = false;
        let mut searches_changed = false;
        for input in first
            .into_iter()
            .chain(std::iter::from_fn(|| inbox.try_recv().ok()))
        {
            let now = Instant::now();
            match input {
                Input::Bytes(bytes) => {
                    last_input = now;
                    for event in decoder.feed(&bytes, now) {
                        app.handle(event, now);
                    }
                }
                Input::Resize(cols, rows) => {
                    let at = resize.map_or(now + RESIZE_SETTLE, |(_, at)| at);
                    resize = Some(((cols, rows), at));
                }
                Input::Changed => changed = true,
                Input::SessionsChanged => sessions_changed = true,
                Input::SearchesChanged => searches_changed = true,
                Input::Drained => {}
                Input::Hangup => hung_up = true,
                Input::Stop => stopped = true,
            }
            if hung_up || stopped || app.should_quit() {
                break;
            }
        }
        if hung_up || stopped {
            break;
        }
        // Many changes elsewhere in one burst cost one reload.
        if changed {
            app.handle(Event::DataChanged, Instant::now());
        }
        if sessions_changed {
            app.handle(Event::SessionsChanged, Instant::now());
        }
        if searches_changed {
            app.handle(Event::SearchesChanged, Instant::now());
        }

        let now = Instant::now();
        for event in decoder.expire(now) {
            app.handle(event, now);
        }
        if let Some(((cols, rows), at)) = resize
            && now >= at
        {
            resize = None;
            screen.resize(cols, rows)?;
            app.handle(Event::Resize(cols, rows), now);
        }
        if app.next_deadline().is_some_and(|d| now >= d) {
            app.tick(now);
        }
        if now.duration_since(last_input) >= idle {
            idled = true;
            break;
        }
    }

    if hung_up || idled || stopped {
        app.hang_up();
    }
    tracing::info!(
        user = %app.user_name(),
        drawn = frames.drawn,
        bytes = frames.bytes,
        stalls = frames.stalls,
        "session output"
    );
    if !hung_up {
        let mut farewell = Vec::new();
        queue!(
            farewell,
            ResetColor,
            DisableBracketedPaste,
            LeaveAlternateScreen,
            cursor::Show
        )?;
        if stopped {
            write!(
                farewell,
                "docket: the server is stopping; your draft is saved\r\n"
            )?;
        }
        if idled {
            let seconds = idle.as_secs();
            let span = if seconds.is_multiple_of(60) {
                format!("{} min", seconds / 60)
            } else {
                format!("{seconds} s")
            };
            write!(
                farewell,
                "docket: no input for {span}; the session was closed\r\n"
            )?;
        }
        sink.send(farewell)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_clamped() {
        assert_eq!(clamp_size(0, 0), FALLBACK_SIZE);
        assert_eq!(clamp_size(120, 0), FALLBACK_SIZE);
        assert_eq!(clamp_size(120, 40), (120, 40));
        assert_eq!(clamp_size(100_000, 70_000), MAX_SIZE);
    }
}
