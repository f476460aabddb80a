//! `docket serve`: an SSH server in the process that owns the store, one
//! docket session per connection.
//!
//! Reviewers connect with any SSH client and the public key registered with
//! `docket user key`; the SSH user name is the docket user. Each session
//! gets its own [`App`](crate::ui::App), fed the same events as the local
//! terminal and drawn by the same code, so every permission check stays in
//! the service layer.

mod auth;
mod exec;
mod hostkey;
pub mod input;
mod session;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};
use russh::keys::PrivateKey;
use russh::server::{Auth, ChannelOpenHandle, Msg, Server as _, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, MethodKind, MethodSet};

use crate::domain::User;
use crate::service::Service;
use crate::ui::UiOptions;

pub use hostkey::{fingerprint, load_or_create as host_key};

/// What `docket serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// At most this many sessions at once; more are told so and closed.
    pub max_sessions: usize,
    /// A session with no input for this long is closed.
    pub idle_timeout: Duration,
    /// A client silent for this long is sent a keepalive; three unanswered
    /// ones close the connection.
    pub keepalive: Duration,
    /// Unsent output a session may have queued before it skips frames.
    pub unsent_cap: usize,
    /// How sessions look until their user changes it (`:lang`, `:theme`).
    pub ui: UiOptions,
}

impl ServeOptions {
    pub const DEFAULT_MAX_SESSIONS: usize = 64;
    pub const DEFAULT_KEEPALIVE_SECONDS: u64 = 30;
    pub const DEFAULT_UNSENT_CAP: usize = 64 * 1024;
}

/// What every connection shares.
struct Shared {
    service: Arc<Service>,
    options: ServeOptions,
    throttle: auth::Throttle,
    active: AtomicUsize,
    /// Set once when the server is asked to stop: every session saves its
    /// draft, restores its client's terminal and ends.
    stopping: tokio::sync::watch::Sender<bool>,
}

/// How long a stopping server waits for its sessions to end.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// Runs the server on an already bound listener until the process ends.
pub fn run(
    service: Arc<Service>,
    listener: std::net::TcpListener,
    options: ServeOptions,
    key: PrivateKey,
) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(serve(service, listener, options, key))
}

async fn serve(
    service: Arc<Service>,
    listener: std::net::TcpListener,
    options: ServeOptions,
    key: PrivateKey,
) -> Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let config = russh::server::Config {
        methods: MethodSet::from(&[MethodKind::PublicKey][..]),
        // Refusals take the same time whatever the reason, so timing says
        // nothing about which user names exist.
        auth_rejection_time: Duration::from_millis(250),
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![key],
        // Idle sessions are timed out by their input, not by traffic
        // (keepalive replies are traffic).
        inactivity_timeout: None,
        keepalive_interval: Some(options.keepalive),
        keepalive_max: 3,
        nodelay: true,
        ..Default::default()
    };
    let (stopping, _) = tokio::sync::watch::channel(false);
    let shared = Arc::new(Shared {
        service,
        options,
        throttle: auth::Throttle::default(),
        active: AtomicUsize::new(0),
        stopping,
    });
    let mut server = Server {
        shared: Arc::clone(&shared),
    };
    // The server keeps running while its sessions say goodbye: dropping it
    // would cut every connection at once.
    let running = server.run_on_socket(Arc::new(config), &listener);
    tokio::pin!(running);
    let signal = tokio::select! {
        result = &mut running => {
            result.context("the SSH server stopped")?;
            return Ok(());
        }
        signal = stop_signal() => signal,
    };
    tracing::info!("stopping on {signal}");
    eprintln!("docket serve: stopping on {signal}; ending the sessions");
    shared.stopping.send_replace(true);
    let ended = async {
        let deadline = tokio::time::Instant::now() + STOP_GRACE;
        while shared.active.load(Ordering::SeqCst) > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // Let the last goodbyes leave the sockets.
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    tokio::select! {
        result = &mut running => result.context("the SSH server stopped")?,
        () = ended => {}
    }
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM, naming which.
async fn stop_signal() -> &'static str {
    let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(term) => term,
        Err(e) => {
            tracing::warn!("cannot watch for SIGTERM: {e}");
            let _ = tokio::signal::ctrl_c().await;
            return "SIGINT";
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => "SIGINT",
        _ = term.recv() => "SIGTERM",
    }
}

struct Server {
    shared: Arc<Shared>,
}

impl russh::server::Server for Server {
    type Handler = Connection;

    fn new_client(&mut self, peer: Option<SocketAddr>) -> Connection {
        let address = peer.map_or_else(|| "unknown".to_owned(), |p| p.to_string());
        tracing::info!(address = %address, "connection");
        Connection {
            shared: Arc::clone(&self.shared),
            peer,
            address,
            user: None,
            shell_started: false,
        }
    }

    fn handle_session_error(&mut self, error: anyhow::Error) {
        tracing::debug!("connection ended with an error: {error:#}");
    }
}

/// One SSH connection: its authentication, then at most one session.
struct Connection {
    shared: Arc<Shared>,
    peer: Option<SocketAddr>,
    address: String,
    user: Option<User>,
    shell_started: bool,
}

fn publickey_only() -> Auth {
    Auth::Reject {
        proceed_with_methods: Some(MethodSet::from(&[MethodKind::PublicKey][..])),
        partial_success: false,
    }
}

impl Connection {
    /// Decides on a key, slowed down for an address that keeps failing.
    async fn check(&mut self, name: &str, key: &russh::keys::PublicKey, signed: bool) -> Auth {
        let ip = self.peer.map(|p| p.ip());
        if let Some(ip) = ip {
            let delay = self.shared.throttle.delay(ip);
            if !delay.is_zero() {
                tracing::warn!(address = %self.address, delay_ms = delay.as_millis() as u64, "slowing down an address after repeated failures");
                tokio::time::sleep(delay).await;
            }
        }
        match auth::admit(&self.shared.service, name, key) {
            Ok(user) => {
                if signed {
                    self.user = Some(user);
                }
                Auth::Accept
            }
            Err(refusal) => {
                tracing::warn!(
                    user = %crate::ui::text::clean(name),
                    address = %self.address,
                    key_type = %key.algorithm(),
                    "login refused: {refusal}"
                );
                if let Some(ip) = ip {
                    self.shared.throttle.failed(ip);
                }
                publickey_only()
            }
        }
    }
}

impl russh::server::Handler for Connection {
    type Error = anyhow::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        Ok(publickey_only())
    }

    async fn auth_password(&mut self, user: &str, _password: &str) -> Result<Auth, Self::Error> {
        tracing::warn!(user = %crate::ui::text::clean(user), address = %self.address, "password login refused: public keys only");
        if let Some(peer) = self.peer {
            self.shared.throttle.failed(peer.ip());
        }
        Ok(publickey_only())
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(self.check(user, offer.public_key, false).await)
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(self.check(user, key.public_key, true).await)
    }

    async fn auth_succeeded(&mut self, _session: &mut Session) -> Result<(), Self::Error> {
        if let (Some(user), Some(peer)) = (&self.user, self.peer) {
            self.shared.throttle.succeeded(peer.ip());
            tracing::info!(user = %user.name, address = %self.address, "login");
        }
        Ok(())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(user) = self.user.clone() else {
            reply
                .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
                .await;
            return Ok(());
        };
        if self.shell_started {
            // One docket session per connection.
            reply
                .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
                .await;
            return Ok(());
        }
        self.shell_started = true;
        reply.accept().await;
        let shared = Arc::clone(&self.shared);
        let address = self.address.clone();
        tokio::spawn(async move {
            let slot = Slot::take(&shared);
            session::run(shared.clone(), user, address, channel, slot).await;
        });
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        _col_width: u32,
        _row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // The session's task answers the command (only `backup FILE` runs).
        session.channel_success(channel)?;
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        Ok(())
    }
}

/// A place among the sessions the server allows at once, or the lack of one.
pub(crate) struct Slot {
    shared: Option<Arc<Shared>>,
}

impl Slot {
    fn take(shared: &Arc<Shared>) -> Slot {
        let max = shared.options.max_sessions;
        let taken = shared
            .active
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < max).then_some(n + 1)
            })
            .is_ok();
        Slot {
            shared: taken.then(|| Arc::clone(shared)),
        }
    }

    fn granted(&self) -> bool {
        self.shared.is_some()
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(shared) = &self.shared {
            shared.active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}
