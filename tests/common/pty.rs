//! The real `docket` binary in a pseudo-terminal, read back through a
//! terminal emulator (vt100), as a person would see it.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Screen {
    /// While set, the program's output is left unread, as a stalled
    /// terminal or a lost link would leave it.
    paused: Arc<AtomicBool>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
}

impl Screen {
    /// Starts docket with `args` at `cols` x `rows`, with its data, state and
    /// home folders under `home` so nothing touches the real user's files.
    pub fn spawn(args: &[&str], cols: u16, rows: u16, home: &Path, env: &[(&str, &str)]) -> Screen {
        Screen::spawn_program(env!("CARGO_BIN_EXE_docket"), args, cols, rows, home, env)
    }

    /// Starts any program (an SSH client, say) the same way.
    pub fn spawn_program(
        program: &str,
        args: &[&str],
        cols: u16,
        rows: u16,
        home: &Path,
        env: &[(&str, &str)],
    ) -> Screen {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut command = CommandBuilder::new(program);
        command.args(args);
        command.env("HOME", home);
        command.env("XDG_DATA_HOME", home.join("data"));
        command.env("XDG_STATE_HOME", home.join("state"));
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        command.env_remove("DOCKET_DB");
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pair.slave.spawn_command(command).expect("spawn docket");
        drop(pair.slave);

        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let (sink, copy) = (Arc::clone(&parser), Arc::clone(&raw));
        let paused = Arc::new(AtomicBool::new(false));
        let hold = Arc::clone(&paused);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                while hold.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(5));
                }
                let Ok(n) = reader.read(&mut buf) else {
                    break;
                };
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
                copy.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Screen {
            paused,
            parser,
            raw,
            writer,
            child,
            master: pair.master,
        }
    }

    /// Stops reading the program's output (after the read under way).
    pub fn pause_reading(&self) {
        self.paused.store(true, Ordering::SeqCst);
    }

    pub fn resume_reading(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }

    pub fn send(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).unwrap();
        self.writer.flush().unwrap();
    }

    /// The screen's text, row by row.
    pub fn contents(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Everything the program has written so far, escape sequences and all.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Whether the program is drawing on the alternate screen.
    pub fn on_alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Waits until the screen shows `needle`; panics with the screen if it never does.
    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_until(needle, |s| s.contains(needle))
    }

    pub fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        super::wait_screen(what, || self.contents(), done)
    }

    /// Tells the program its terminal has a new size.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
    }

    /// Waits for the program to exit and returns whether it succeeded.
    pub fn wait_exit(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            assert!(
                Instant::now() < deadline,
                "docket did not exit; screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
