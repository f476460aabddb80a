//! Helpers for the tests of `docket serve`: a store with the demo's data
//! and users with keys, the real server on a free loopback port, and a
//! scripted russh client whose screen is read through vt100.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use docket::service::Service;
use docket::store::OpenOptions;
use russh::keys::{Algorithm, HashAlg, PrivateKey, PrivateKeyWithHashAlg};
use russh::{ChannelMsg, client};

/// A store with the demo applications, the demo committee, and a key for
/// `admin`, `li.wei` and `chen.jing`, each in `home/keys/NAME`.
pub struct Desk {
    pub home: tempfile::TempDir,
    pub db: PathBuf,
}

impl Desk {
    pub fn new() -> Desk {
        let home = tempfile::tempdir().unwrap();
        let db = home.path().join("store");
        let service = crate::common::demo_store(&db);
        let admin = service.default_user().unwrap();
        std::fs::create_dir_all(home.path().join("keys")).unwrap();
        let desk = Desk { home, db };
        for name in ["admin", "li.wei", "chen.jing"] {
            let line = desk.make_key(name);
            service.add_user_key(&admin, name, &line).unwrap();
        }
        drop(service);
        desk
    }

    /// Makes a key pair `keys/NAME` (mode 0600, as ssh wants) and returns
    /// its public line.
    pub fn make_key(&self, name: &str) -> String {
        let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
        let path = self.key_path(name);
        std::fs::write(
            &path,
            key.to_openssh(russh::keys::ssh_key::LineEnding::LF)
                .unwrap(),
        )
        .unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        key.public_key().to_openssh().unwrap()
    }

    pub fn key_path(&self, name: &str) -> PathBuf {
        self.home.path().join("keys").join(name)
    }

    pub fn key(&self, name: &str) -> PrivateKey {
        PrivateKey::read_openssh_file(self.key_path(name)).unwrap()
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.home.path().join("state/docket/docket.log"))
            .unwrap_or_default()
    }

    /// Opens the store again once the server is gone.
    pub fn reopen(&self) -> Service {
        Service::open(&self.db, &OpenOptions::default(), crate::common::clock())
            .unwrap()
            .service
    }

    /// The `docket` binary with this desk's store and folders.
    pub fn docket(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_docket"));
        command
            .arg("--db")
            .arg(&self.db)
            .env("HOME", self.home.path())
            .env("XDG_DATA_HOME", self.home.path().join("data"))
            .env("XDG_STATE_HOME", self.home.path().join("state"))
            .env_remove("DOCKET_DB")
            .env_remove("NO_COLOR");
        command
    }
}

/// `docket serve` on a free loopback port, killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    pub fingerprint: String,
    pub banner: Vec<String>,
}

impl Server {
    pub fn start(desk: &Desk, extra: &[&str]) -> Server {
        let mut child = desk
            .docket()
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let mut banner = Vec::new();
        let (mut port, mut fingerprint) = (None, None);
        // The banner ends with the store's path.
        while banner
            .last()
            .is_none_or(|l: &String| !l.starts_with("docket serve: store"))
        {
            let line = lines
                .next()
                .unwrap_or_else(|| panic!("docket serve ended early: {banner:?}"))
                .unwrap();
            if let Some(rest) = line.strip_prefix("docket serve: listening on 127.0.0.1:") {
                port = Some(rest.trim().parse().unwrap());
            }
            if let Some(rest) = line.strip_prefix("docket serve: host key ") {
                fingerprint = Some(rest.split_whitespace().next().unwrap().to_owned());
            }
            banner.push(line);
        }
        // Keep draining stdout so the server never blocks on it.
        std::thread::spawn(move || for _ in lines {});
        Server {
            child,
            port: port.unwrap(),
            fingerprint: fingerprint.unwrap(),
            banner,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server's resident set, in KiB.
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap()
    }

    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Asks the server to stop (SIGTERM) and waits for it; true when it
    /// exited successfully.
    pub fn terminate(mut self) -> bool {
        let status = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            assert!(Instant::now() < deadline, "docket serve did not stop");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the server the hard way, as a crash would.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The OpenSSH client's arguments for `user` with the desk's key.
    pub fn ssh_args(&self, desk: &Desk, user: &str, key: &str) -> Vec<String> {
        let known_hosts = desk.home.path().join("known_hosts");
        [
            "-F",
            "/dev/null",
            "-p",
            &self.port.to_string(),
            "-i",
            desk.key_path(key).to_str().unwrap(),
            "-o",
            &format!("UserKnownHostsFile={}", known_hosts.display()),
            "-o",
            "StrictHostKeyChecking=accept-new",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
            &format!("{user}@127.0.0.1"),
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the test asks the client's thread to do.
enum Order {
    Send(Vec<u8>),
    Resize(u32, u32),
    Drop,
}

struct Client {
    fingerprint: String,
}

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        // The key must be the one the server printed at start.
        Ok(match key {
            russh::keys::PublicKeyOrCertificate::PublicKey { key, .. } => {
                key.fingerprint(HashAlg::Sha256).to_string() == self.fingerprint
            }
            russh::keys::PublicKeyOrCertificate::Certificate(_) => false,
        })
    }
}

/// A scripted SSH session through russh's client.
pub struct Remote {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    orders: tokio::sync::mpsc::UnboundedSender<Order>,
    pub closed: Arc<AtomicBool>,
    pub received: Arc<AtomicUsize>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Remote {
    /// Logs in as `user` with `key` and asks for a pty of `size` and a shell.
    pub fn connect(
        server: &Server,
        user: &str,
        key: PrivateKey,
        size: (u32, u32),
    ) -> Result<Remote, String> {
        let (rows, cols) = (size.1.clamp(1, 500) as u16, size.0.clamp(1, 500) as u16);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let closed = Arc::new(AtomicBool::new(false));
        let received = Arc::new(AtomicUsize::new(0));
        let (orders, mut inbox) = tokio::sync::mpsc::unbounded_channel();
        let (ready, started) = std::sync::mpsc::channel::<Result<(), String>>();
        let port = server.port;
        let fingerprint = server.fingerprint.clone();
        let user = user.to_owned();
        let (sink, copy, done, count) = (
            Arc::clone(&parser),
            Arc::clone(&raw),
            Arc::clone(&closed),
            Arc::clone(&received),
        );
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let config = Arc::new(client::Config::default());
                let handler = Client { fingerprint };
                let mut handle = match client::connect(config, ("127.0.0.1", port), handler).await {
                    Ok(handle) => handle,
                    Err(e) => {
                        let _ = ready.send(Err(format!("connect: {e}")));
                        return;
                    }
                };
                let key = PrivateKeyWithHashAlg::new(Arc::new(key), None);
                match handle.authenticate_publickey(&user, key).await {
                    Ok(result) if result.success() => {}
                    Ok(_) => {
                        let _ = ready.send(Err("authentication refused".into()));
                        return;
                    }
                    Err(e) => {
                        let _ = ready.send(Err(format!("authentication: {e}")));
                        return;
                    }
                }
                let mut channel = handle.channel_open_session().await.unwrap();
                channel
                    .request_pty(false, "xterm-256color", size.0, size.1, 0, 0, &[])
                    .await
                    .unwrap();
                channel.request_shell(false).await.unwrap();
                let _ = ready.send(Ok(()));
                loop {
                    tokio::select! {
                        message = channel.wait() => match message {
                            Some(ChannelMsg::Data { data }) => {
                                count.fetch_add(data.len(), Ordering::SeqCst);
                                sink.lock().unwrap().process(&data);
                                copy.lock().unwrap().extend_from_slice(&data);
                            }
                            Some(ChannelMsg::Eof | ChannelMsg::Close) | None => break,
                            Some(_) => {}
                        },
                        order = inbox.recv() => match order {
                            Some(Order::Send(bytes)) => {
                                if channel.data(&bytes[..]).await.is_err() {
                                    break;
                                }
                            }
                            Some(Order::Resize(w, h)) => {
                                let _ = channel.window_change(w, h, 0, 0).await;
                            }
                            // Gone without a goodbye, like a lost link.
                            Some(Order::Drop) | None => return,
                        },
                    }
                }
                done.store(true, Ordering::SeqCst);
                drop(handle);
            });
        });
        match started.recv_timeout(Duration::from_secs(30)) {
            Ok(Ok(())) => Ok(Remote {
                parser,
                raw,
                orders,
                closed,
                received,
                thread: Some(thread),
            }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err("no answer from the server".into()),
        }
    }

    pub fn send(&self, keys: &[u8]) {
        self.orders.send(Order::Send(keys.to_vec())).unwrap();
    }

    /// Tells the server a new size, and reads the screen at that size.
    pub fn resize(&self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
        self.orders
            .send(Order::Resize(u32::from(cols), u32::from(rows)))
            .unwrap();
    }

    /// Resizes the server's idea of the screen without touching ours.
    pub fn send_size(&self, cols: u32, rows: u32) {
        self.orders.send(Order::Resize(cols, rows)).unwrap();
    }

    pub fn contents(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_until(needle, |s| s.contains(needle))
    }

    pub fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        crate::common::wait_screen(what, || self.contents(), done)
    }

    pub fn wait_closed(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self.closed.load(Ordering::SeqCst) {
            assert!(Instant::now() < deadline, "the session did not end");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Cuts the connection without closing the session.
    pub fn drop_connection(mut self) {
        let _ = self.orders.send(Order::Drop);
        if let Some(thread) = self.thread.take() {
            thread.join().unwrap();
        }
    }
}

impl Drop for Remote {
    fn drop(&mut self) {
        let _ = self.orders.send(Order::Drop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Whether the machine has the OpenSSH client (`.ci/run` installs it).
pub fn have_ssh() -> bool {
    Command::new("ssh")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

pub fn wait(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The OpenSSH client with its input and output on pipes rather than a
/// terminal, and `-tt` so the server still gets a pty (of 0x0, so 80x24).
/// On a terminal, ssh writes its output blocking: a terminal that stops
/// reading stops ssh forwarding keys as well. On a pipe it keeps taking
/// keys and holds the output until its window to the server runs out.
pub struct Piped {
    child: Child,
    input: std::process::ChildStdin,
    paused: Arc<AtomicBool>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Piped {
    pub fn spawn(args: &[String]) -> Piped {
        use std::io::Read;
        let mut child = Command::new("ssh")
            .arg("-tt")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start ssh");
        let input = child.stdin.take().unwrap();
        let mut output = child.stdout.take().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let paused = Arc::new(AtomicBool::new(false));
        let (sink, copy, hold) = (Arc::clone(&parser), Arc::clone(&raw), Arc::clone(&paused));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                while hold.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(5));
                }
                match output.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        sink.lock().unwrap().process(&buf[..n]);
                        copy.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                }
            }
        });
        Piped {
            child,
            input,
            paused,
            parser,
            raw,
        }
    }

    pub fn send(&mut self, keys: &[u8]) {
        use std::io::Write;
        self.input.write_all(keys).unwrap();
        self.input.flush().unwrap();
    }

    /// Stops reading ssh's output (after the read under way).
    pub fn pause_reading(&self) {
        self.paused.store(true, Ordering::SeqCst);
    }

    pub fn resume_reading(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }

    pub fn raw_len(&self) -> usize {
        self.raw.lock().unwrap().len()
    }

    pub fn wait_for(&self, needle: &str) -> String {
        crate::common::wait_screen(
            needle,
            || self.parser.lock().unwrap().screen().contents(),
            |s| s.contains(needle),
        )
    }

    pub fn wait_exit(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            assert!(Instant::now() < deadline, "ssh did not exit");
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Piped {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
