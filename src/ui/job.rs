//! Work the desk hands to a thread of its own (an import, an export), so
//! the session goes on; its progress and then its outcome are polled.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};

/// What a job reports while it runs: done of total.
pub type Progress = Arc<Mutex<(usize, usize)>>;

#[derive(Debug)]
pub struct Job<T> {
    pub file: PathBuf,
    progress: Progress,
    done: Receiver<Result<T, String>>,
    /// The progress the footer last showed.
    shown: Option<usize>,
}

/// Where a job stands when polled.
pub enum Polled<T> {
    /// Still running; `Some` when its progress moved since last shown.
    Running(Option<(usize, usize)>),
    Ended(Result<T, String>),
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a thread named `name`; it reports through the
    /// progress it is given.
    pub fn spawn(
        name: &str,
        file: PathBuf,
        work: impl FnOnce(&Progress) -> Result<T, String> + Send + 'static,
    ) -> std::io::Result<Job<T>> {
        let progress: Progress = Arc::new(Mutex::new((0, 0)));
        let (done, receiver) = mpsc::channel();
        let shared = Arc::clone(&progress);
        std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                let _ = done.send(work(&shared));
            })?;
        Ok(Job {
            file,
            progress,
            done: receiver,
            shown: None,
        })
    }

    pub fn poll(&mut self) -> Polled<T> {
        match self.done.try_recv() {
            Ok(outcome) => Polled::Ended(outcome),
            Err(TryRecvError::Disconnected) => Polled::Ended(Err("the work ended early".into())),
            Err(TryRecvError::Empty) => {
                let now = *self.progress.lock().unwrap_or_else(PoisonError::into_inner);
                if self.shown == Some(now.0) {
                    Polled::Running(None)
                } else {
                    self.shown = Some(now.0);
                    Polled::Running(Some(now))
                }
            }
        }
    }
}

/// Records progress from inside a job.
pub fn report(progress: &Progress, done: usize, total: usize) {
    *progress.lock().unwrap_or_else(PoisonError::into_inner) = (done, total);
}
