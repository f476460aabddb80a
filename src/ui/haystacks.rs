//! The filter's text of every application (see [`filter::haystack`]),
//! built on a thread of its own as the queue loads, so that the first key
//! typed after `/` finds it ready instead of building it.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use crate::domain::Summary;

use super::filter;

/// From this many applications on, the text is built in the background:
/// below it, building it when first asked takes a few milliseconds.
pub const BACKGROUND_FROM: usize = 2_000;

#[derive(Debug, Default)]
pub enum Haystacks {
    /// Not built: nothing searched yet, or the queue is small.
    #[default]
    Absent,
    /// Being built from these summaries.
    Building(Build),
    Built(Vec<String>),
}

impl Haystacks {
    /// Starts building for `summaries` if there are many; otherwise (or if
    /// no thread can be had) it is built when first asked for.
    pub fn start(summaries: &Arc<Vec<Summary>>) -> Haystacks {
        if summaries.len() < BACKGROUND_FROM {
            return Haystacks::Absent;
        }
        let summaries = Arc::clone(summaries);
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&cancel);
        let spawned = std::thread::Builder::new()
            .name("haystacks".into())
            .spawn(move || {
                let mut built = Vec::with_capacity(summaries.len());
                for part in summaries.chunks(CHECK_EVERY) {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    built.extend(part.iter().map(filter::haystack));
                }
                built
            });
        match spawned {
            Ok(handle) => Haystacks::Building(Build {
                handle: Some(handle),
                cancel,
            }),
            Err(e) => {
                tracing::debug!("building the filter's text when asked: {e}");
                Haystacks::Absent
            }
        }
    }

    /// The text for `fresh` summaries that replace `old`. Text already
    /// built is kept for every summary whose searched fields did not change
    /// and made for the others, so a reload costs what changed; otherwise a
    /// large queue's text is built anew in the background (if `background`)
    /// or when first asked for, and a build under way is stopped.
    pub fn reload(self, old: &[Summary], fresh: &Arc<Vec<Summary>>, background: bool) -> Haystacks {
        let mut built = match self {
            Haystacks::Built(built) if built.len() == old.len() => built,
            _ if background => return Haystacks::start(fresh),
            _ => return Haystacks::Absent,
        };
        // Mostly in the same places; looked up by id where not.
        let mut by_id: Option<HashMap<&str, usize>> = None;
        let text = fresh
            .iter()
            .enumerate()
            .map(|(j, summary)| {
                let at = if old.get(j).is_some_and(|o| o.id == summary.id) {
                    Some(j)
                } else {
                    by_id
                        .get_or_insert_with(|| {
                            old.iter()
                                .enumerate()
                                .map(|(i, o)| (o.id.as_str(), i))
                                .collect()
                        })
                        .get(summary.id.as_str())
                        .copied()
                };
                match at {
                    Some(i) if filter::same_haystack(&old[i], summary) => {
                        std::mem::take(&mut built[i])
                    }
                    _ => filter::haystack(summary),
                }
            })
            .collect();
        Haystacks::Built(text)
    }

    /// The text of every summary: waits for the background build, or
    /// builds it now.
    pub fn ready(&mut self, summaries: &[Summary]) -> &[String] {
        if let Haystacks::Building(build) = self {
            *self = Haystacks::Built(build.finish());
        }
        if !matches!(self, Haystacks::Built(built) if built.len() == summaries.len()) {
            *self = Haystacks::Built(crate::par::map(summaries, filter::haystack));
        }
        self.built()
    }

    /// The text, if it is built; empty otherwise.
    pub fn built(&self) -> &[String] {
        match self {
            Haystacks::Built(built) => built,
            _ => &[],
        }
    }

    /// Takes one summary's fresh text. A build under way is finished
    /// first, so that the summaries are no longer shared with it.
    pub fn update(&mut self, summaries: &[Summary], index: usize, summary: &Summary) {
        if matches!(self, Haystacks::Absent) {
            return;
        }
        self.ready(summaries);
        if let Haystacks::Built(built) = self
            && let Some(slot) = built.get_mut(index)
        {
            *slot = filter::haystack(summary);
        }
    }

    /// Whether the build is done (or was never started).
    #[cfg(test)]
    fn is_settled(&self) -> bool {
        match self {
            Haystacks::Building(build) => build.handle.as_ref().is_none_or(JoinHandle::is_finished),
            _ => true,
        }
    }
}

/// How many summaries the background build makes between looks at
/// whether it is still wanted.
const CHECK_EVERY: usize = 1_024;

/// A build under way. Dropped unfinished (the session ended, or fresh
/// summaries came), it tells its thread to stop.
#[derive(Debug)]
pub struct Build {
    handle: Option<JoinHandle<Vec<String>>>,
    cancel: Arc<AtomicBool>,
}

impl Build {
    /// Waits for the build and takes what it made.
    fn finish(&mut self) -> Vec<String> {
        let Some(handle) = self.handle.take() else {
            return Vec::new();
        };
        match handle.join() {
            Ok(built) => built,
            // A panic in the build is a bug; it is carried here unchanged.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

impl Drop for Build {
    fn drop(&mut self) {
        if self.handle.is_some() {
            self.cancel.store(true, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::testkit;

    fn many(n: usize) -> Arc<Vec<Summary>> {
        Arc::new(testkit::many_summaries(n))
    }

    #[test]
    fn a_large_queue_is_built_in_the_background_and_a_small_one_when_asked() {
        let small = many(BACKGROUND_FROM - 1);
        assert!(matches!(Haystacks::start(&small), Haystacks::Absent));

        let large = many(BACKGROUND_FROM);
        let mut haystacks = Haystacks::start(&large);
        assert!(matches!(haystacks, Haystacks::Building(_)));
        let waited = std::time::Instant::now();
        while !haystacks.is_settled() {
            assert!(waited.elapsed().as_secs() < 60, "the build ends");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let expected: Vec<String> = large.iter().map(filter::haystack).collect();
        assert_eq!(haystacks.ready(&large), expected.as_slice());
        assert_eq!(
            Arc::strong_count(&large),
            1,
            "the thread let go of the summaries"
        );
    }

    #[test]
    fn a_build_no_longer_wanted_stops() {
        let large = many(BACKGROUND_FROM * 8);
        let haystacks = Haystacks::start(&large);
        let Haystacks::Building(build) = &haystacks else {
            panic!("a large queue is built in the background");
        };
        let cancel = Arc::clone(&build.cancel);
        drop(haystacks);
        assert!(cancel.load(Ordering::Relaxed), "the thread is told to stop");
        let waited = std::time::Instant::now();
        while Arc::strong_count(&large) > 1 {
            assert!(waited.elapsed().as_secs() < 60, "the thread ends");
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    #[test]
    fn a_reload_keeps_the_text_of_what_did_not_change() {
        let old = many(50);
        let mut built = Haystacks::Absent;
        built.ready(&old);
        let mut fresh: Vec<Summary> = old.iter().skip(1).cloned().collect();
        fresh.swap(3, 20);
        fresh[7].name = "Zhou Xiaoyu".into();
        fresh[9].stage = crate::domain::Stage::Certified;
        let fresh = Arc::new(fresh);
        let mut reloaded = built.reload(&old, &fresh, true);
        assert!(
            matches!(reloaded, Haystacks::Built(_)),
            "nothing to wait for"
        );
        let expected: Vec<String> = fresh.iter().map(filter::haystack).collect();
        assert_eq!(reloaded.ready(&fresh), expected.as_slice());

        // Nothing built before: a large queue starts in the background.
        let large = many(BACKGROUND_FROM);
        let started = Haystacks::Absent.reload(&old, &large, true);
        assert!(matches!(started, Haystacks::Building(_)));
        assert!(matches!(
            Haystacks::Absent.reload(&old, &large, false),
            Haystacks::Absent
        ));
    }

    #[test]
    fn an_update_waits_for_the_build_and_then_takes_the_new_text() {
        let large = many(BACKGROUND_FROM + 10);
        let mut haystacks = Haystacks::start(&large);
        let mut changed = large[7].clone();
        changed.name = "Zhou Xiaoyu".into();
        haystacks.update(&large, 7, &changed);
        assert!(matches!(haystacks, Haystacks::Built(_)));
        assert_eq!(haystacks.built()[7], filter::haystack(&changed));
        assert_eq!(haystacks.built()[8], filter::haystack(&large[8]));

        // Nothing built: an update builds nothing.
        let mut absent = Haystacks::Absent;
        absent.update(&large, 7, &changed);
        assert!(absent.built().is_empty());
        // Summaries of another length are built afresh.
        let fewer = many(5);
        assert_eq!(haystacks.ready(&fewer).len(), 5);
    }
}
