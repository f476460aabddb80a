//! `docket serve` on loopback, with real SSH sessions (russh's client), on
//! a generated store (default 100,000 applications; `DOCKET_BENCH_SCALE`
//! sets it; `DOCKET_BENCH_SECONDS` the length of the typing run):
//!
//! - 30 sessions each typing 10 keys a second for 30 s: p99 key-to-output
//!   latency <= 50 ms, with the server using at most one core;
//! - bytes for ten `j` at once in a queue at 120x40 until the screen
//!   settles: <= 800 (<= 200 with `--lean`);
//! - the first frame at 80x24: <= 2.5 KB.

// Benchmarks fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{env_number, generated_in, scale};
use docket::domain::{User, UserRole};
use russh::keys::{Algorithm, PrivateKey, PrivateKeyWithHashAlg};
use russh::{ChannelMsg, client};

const SESSIONS: usize = 30;
const KEYS_PER_SECOND: u64 = 10;
/// Output that ends a quiet spell this long is the screen settled.
const SETTLE: Duration = Duration::from_millis(400);

struct Bench {
    dir: tempfile::TempDir,
    key: Arc<PrivateKey>,
}

/// A store with the generated applications and 30 supervisors (who read
/// everything and change nothing), all with one key.
fn prepare(scale: usize) -> Bench {
    let dir = tempfile::tempdir().unwrap();
    let service = generated_in(&dir.path().join("store"), scale);
    let admin = service.default_user().unwrap();
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
    let line = key.public_key().to_openssh().unwrap();
    service.add_user_key(&admin, "admin", &line).unwrap();
    for n in 0..SESSIONS {
        let name = format!("reader{n:02}");
        service
            .add_user(&admin, &User::new(&name, UserRole::Supervisor))
            .unwrap();
        service.add_user_key(&admin, &name, &line).unwrap();
    }
    drop(service);
    Bench {
        dir,
        key: Arc::new(key),
    }
}

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(home: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_docket"))
            .arg("--db")
            .arg(home.join("store"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env_remove("NO_COLOR")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let port = loop {
            let line = lines.next().expect("docket serve ended").unwrap();
            if let Some(rest) = line.strip_prefix("docket serve: listening on 127.0.0.1:") {
                break rest.trim().parse().unwrap();
            }
        };
        std::thread::spawn(move || for _ in lines {});
        Server { child, port }
    }

    /// CPU time the server has used, from /proc.
    fn cpu(&self) -> Duration {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap();
        // The fields after the command's closing parenthesis; utime and
        // stime are the 14th and 15th fields of the whole line.
        let after = &stat[stat.rfind(')').unwrap() + 2..];
        let fields: Vec<&str> = after.split_whitespace().collect();
        let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
        // The kernel's clock tick is 100 Hz on Linux.
        Duration::from_millis(ticks * 10)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Accept;

impl client::Handler for Accept {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

type Channel = russh::Channel<client::Msg>;

/// Logs in with a pty of `cols` x `rows` and a shell.
async fn session(
    port: u16,
    user: &str,
    key: &Arc<PrivateKey>,
    cols: u32,
    rows: u32,
) -> (client::Handle<Accept>, Channel) {
    let config = Arc::new(client::Config {
        nodelay: true,
        ..client::Config::default()
    });
    let mut handle = client::connect(config, ("127.0.0.1", port), Accept)
        .await
        .unwrap();
    let auth = handle
        .authenticate_publickey(user, PrivateKeyWithHashAlg::new(Arc::clone(key), None))
        .await
        .unwrap();
    assert!(auth.success(), "{user} was refused");
    let channel = handle.channel_open_session().await.unwrap();
    channel
        .request_pty(false, "xterm-256color", cols, rows, 0, 0, &[])
        .await
        .unwrap();
    channel.request_shell(false).await.unwrap();
    (handle, channel)
}

/// Reads until nothing has come for [`SETTLE`]; returns the bytes read.
async fn settle(channel: &mut Channel) -> usize {
    let mut bytes = 0;
    loop {
        match tokio::time::timeout(SETTLE, channel.wait()).await {
            Ok(Some(ChannelMsg::Data { data })) => bytes += data.len(),
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return bytes,
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at]
}

/// One typist: a key every 100 ms, alternating down and up; the time from
/// each key to the first output after it (a key still unanswered when the
/// next is typed waits on, so a slow answer counts in full). Also returns
/// the keys that got no answer before the run ended.
async fn typist(mut channel: Channel, run: Duration) -> (Vec<Duration>, usize) {
    let mut latencies = Vec::new();
    let period = Duration::from_millis(1000 / KEYS_PER_SECOND);
    let start = tokio::time::Instant::now();
    let mut next = start;
    let mut pending: Vec<tokio::time::Instant> = Vec::new();
    let mut down = true;
    while start.elapsed() < run {
        tokio::select! {
            () = tokio::time::sleep_until(next) => {
                let key: &[u8] = if down { b"j" } else { b"k" };
                down = !down;
                pending.push(tokio::time::Instant::now());
                channel.data(key).await.unwrap();
                next += period;
            }
            message = channel.wait() => match message {
                Some(ChannelMsg::Data { .. }) => {
                    latencies.extend(pending.drain(..).map(|sent| sent.elapsed()));
                }
                Some(_) => {}
                None => panic!("a session ended during the run"),
            },
        }
    }
    (latencies, pending.len())
}

async fn typing_run(bench: &Bench, seconds: u64) {
    let server = Server::start(bench.dir.path(), &["--max-sessions", "64"]);
    let mut sessions = Vec::new();
    for n in 0..SESSIONS {
        let (handle, mut channel) =
            session(server.port, &format!("reader{n:02}"), &bench.key, 120, 40).await;
        settle(&mut channel).await;
        sessions.push((handle, channel));
    }
    let run = Duration::from_secs(seconds);
    let cpu_before = server.cpu();
    let wall = Instant::now();
    let tasks: Vec<_> = sessions
        .into_iter()
        .map(|(handle, channel)| {
            tokio::spawn(async move {
                let result = typist(channel, run).await;
                drop(handle);
                result
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut unanswered = 0;
    for task in tasks {
        let (answered, waiting) = task.await.unwrap();
        latencies.extend(answered);
        unanswered += waiting;
    }
    let cores =
        server.cpu().saturating_sub(cpu_before).as_secs_f64() / wall.elapsed().as_secs_f64();
    latencies.sort();
    println!(
        "{SESSIONS} sessions typing {KEYS_PER_SECOND} keys/s for {seconds} s: {} keys answered, \
         {unanswered} still waiting at the end; \
         key-to-output p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (budget p99 50 ms); \
         server CPU {cores:.2} cores (budget 1)",
        latencies.len(),
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3,
    );
}

async fn bytes_run(bench: &Bench, lean: bool) {
    let server = Server::start(bench.dir.path(), if lean { &["--lean"] } else { &[] });
    let label = if lean { " --lean" } else { "" };

    let (handle, mut channel) = session(server.port, "admin", &bench.key, 80, 24).await;
    let first = settle(&mut channel).await;
    println!("first frame at 80x24{label}, over SSH: {first} bytes (budget 2,560)");
    drop((handle, channel));

    let (handle, mut channel) = session(server.port, "admin", &bench.key, 120, 40).await;
    settle(&mut channel).await;
    channel.data(&b"jjjjjjjjjj"[..]).await.unwrap();
    let ten = settle(&mut channel).await;
    let budget = if lean { 200 } else { 800 };
    println!("ten j at once at 120x40{label}, over SSH: {ten} bytes (budget {budget})");
    drop((handle, channel));
}

fn main() {
    let scale = scale();
    let seconds = env_number("DOCKET_BENCH_SECONDS", 30) as u64;
    let bench = prepare(scale);
    std::fs::set_permissions(bench.dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    println!("scale: {scale} applications");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        bytes_run(&bench, false).await;
        bytes_run(&bench, true).await;
        typing_run(&bench, seconds).await;
    });
}
