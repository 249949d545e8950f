//! The index a server answers from: built in the background when missing, refreshed
//! before each answer so that an agent's edits show up, one index run at a time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::indexer::{self, IndexOptions, IndexReport, Progress};
use crate::store::{Location, Reader};

/// A repository's index as a long-lived server sees it.
pub struct Session {
    location: Location,
    inner: Mutex<Inner>,
    /// Signalled whenever an index run ends.
    settled: Condvar,
    progress: Arc<Counter>,
}

struct Inner {
    /// The index answers come from; `None` until the first build ends.
    reader: Option<Arc<Reader>>,
    /// The index run in progress, if any.
    run: Option<Run>,
    /// When the last index run that ended well started: requests that arrived
    /// before it need no refresh of their own.
    last_run_started: Option<Instant>,
    /// Why the last build failed, when there is no reader.
    failure: Option<String>,
}

#[derive(Clone, Copy)]
struct Run {
    started: Instant,
    /// A build from nothing (or a rebuild), as opposed to a refresh.
    building: bool,
}

/// An index to answer from, with what the answer should warn about.
pub struct Snapshot {
    /// The index.
    pub reader: Arc<Reader>,
    /// Lines to show with the answer: why it may be stale.
    pub notes: Vec<String>,
}

/// Files done of files walked, for progress messages.
#[derive(Default)]
struct Counter {
    total: AtomicU64,
    done: AtomicU64,
}

impl Progress for Counter {
    fn start(&self, total: u64) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }
    fn advance(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
    fn finish(&self) {}
}

impl Session {
    /// Opens the index of a location; when there is none, or it cannot be read by
    /// this build, starts building it in the background and returns at once.
    pub fn open(location: Location) -> Arc<Session> {
        let opened = Reader::open(&location);
        let session = Arc::new(Session {
            location,
            inner: Mutex::new(Inner {
                reader: None,
                run: None,
                last_run_started: None,
                failure: None,
            }),
            settled: Condvar::new(),
            progress: Arc::new(Counter::default()),
        });
        match opened {
            Ok(reader) => session.lock().reader = Some(Arc::new(reader)),
            Err(Error::NoIndex(_)) => session.start_build(false),
            Err(Error::FormatMismatch { .. } | Error::CorruptIndex { .. }) => {
                tracing::warn!("the index cannot be read by this build: rebuilding it");
                session.start_build(true);
            }
            Err(err) => session.lock().failure = Some(err.to_string()),
        }
        session
    }

    /// Where the repository and its index are.
    pub fn location(&self) -> &Location {
        &self.location
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves plain data behind: keep serving.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Starts a build on another thread unless an index run is in progress.
    fn start_build(self: &Arc<Self>, rebuild: bool) {
        let started = Instant::now();
        {
            let mut inner = self.lock();
            if inner.run.is_some() {
                return;
            }
            inner.run = Some(Run {
                started,
                building: true,
            });
        }
        self.progress.start(0);
        let session = Arc::clone(self);
        std::thread::spawn(move || {
            tracing::info!("indexing {}", session.location.repo_root.display());
            let options = IndexOptions {
                rebuild,
                max_file_size: None,
            };
            let result = indexer::index(&session.location, &options, &*session.progress)
                .and_then(|report| Ok((report, Reader::open(&session.location)?)));
            let mut inner = session.lock();
            inner.run = None;
            match result {
                Ok((report, reader)) => {
                    tracing::info!(
                        "indexed {} files in {} ms",
                        report.files_parsed + report.files_reused,
                        report.elapsed_ms
                    );
                    inner.reader = Some(Arc::new(reader));
                    inner.last_run_started = Some(started);
                    inner.failure = None;
                }
                Err(err) => {
                    tracing::error!("indexing failed: {err}");
                    inner.failure = Some(err.to_string());
                }
            }
            drop(inner);
            session.settled.notify_all();
        });
    }

    /// The index to answer a query from, refreshed first for files changed since
    /// the last run. Waits at most `wait` for a run in progress; past that, answers
    /// from the previous index with a note, or, with none yet, says how far the
    /// build is.
    pub fn snapshot(&self, wait: Duration) -> Result<Snapshot, String> {
        let asked = Instant::now();
        let deadline = asked + wait;
        let inner = match self.settle(deadline) {
            Ok(inner) => inner,
            Err(run) => {
                return match self.lock().reader.clone() {
                    Some(reader) => Ok(Snapshot {
                        reader,
                        notes: vec![format!(
                            "note: the index is being {}; this answer comes from the previous index and may be stale",
                            if run.building { "rebuilt" } else { "refreshed" }
                        )],
                    }),
                    None => Err(self.building_message(run)),
                };
            }
        };
        let Some(reader) = inner.reader.clone() else {
            return Err(match &inner.failure {
                Some(failure) => format!(
                    "the index could not be built: {failure}. Fix the cause, then call the `index` tool with rebuild=true"
                ),
                None => "there is no index yet: call the `index` tool".to_string(),
            });
        };
        if inner
            .last_run_started
            .is_some_and(|started| started >= asked)
        {
            return Ok(Snapshot {
                reader,
                notes: Vec::new(),
            });
        }
        let (outcome, inner) = self.run_locked(inner);
        Ok(match outcome {
            Ok(_) => Snapshot {
                reader: inner.reader.clone().unwrap_or(reader),
                notes: Vec::new(),
            },
            Err(err) => Snapshot {
                reader: inner.reader.clone().unwrap_or(reader),
                notes: vec![refresh_failure_note(&err)],
            },
        })
    }

    /// Refreshes the index now, in this thread, with the lock released meanwhile;
    /// others wait for it. Opens the index again when the run (or another process)
    /// committed.
    fn run_locked<'a>(
        &'a self,
        mut inner: MutexGuard<'a, Inner>,
    ) -> (Result<IndexReport, Error>, MutexGuard<'a, Inner>) {
        let started = Instant::now();
        inner.run = Some(Run {
            started,
            building: false,
        });
        let previous = inner.reader.clone();
        drop(inner);
        let outcome = indexer::index(&self.location, &IndexOptions::default(), &*self.progress);
        let reopened = match &previous {
            Some(reader) if reader.is_latest() => None,
            _ => Some(Reader::open(&self.location)),
        };
        let mut inner = self.lock();
        inner.run = None;
        match reopened {
            Some(Ok(reader)) => inner.reader = Some(Arc::new(reader)),
            Some(Err(err)) => tracing::warn!("cannot open the refreshed index: {err}"),
            None => {}
        }
        if outcome.is_ok() {
            inner.last_run_started = Some(started);
            inner.failure = None;
        }
        self.settled.notify_all();
        (outcome, inner)
    }

    /// Brings the index up to date (or rebuilds it) for the `index` tool. A rebuild
    /// or first build runs in the background; this waits for it at most `wait`.
    pub fn refresh(self: &Arc<Self>, rebuild: bool, wait: Duration) -> Result<String, String> {
        let asked = Instant::now();
        if rebuild || self.lock().reader.is_none() {
            self.start_build(rebuild);
            let inner = match self.settle(asked + wait) {
                Ok(inner) => inner,
                Err(run) => return Ok(self.building_message(run)),
            };
            return match (&inner.reader, &inner.failure) {
                (_, Some(failure)) => Err(format!("indexing failed: {failure}")),
                (Some(reader), None) => Ok(format!(
                    "the index is built: {} files",
                    reader.manifest().files.len()
                )),
                (None, None) => Err("indexing ended without an index".to_string()),
            };
        }
        let inner = match self.settle(asked + wait) {
            Ok(inner) => inner,
            Err(run) => return Ok(self.building_message(run)),
        };
        let (outcome, _inner) = self.run_locked(inner);
        match outcome {
            Ok(report) => Ok(crate::render::text::render_index_report(&report)),
            Err(err) => Err(refresh_failure_note(&err)),
        }
    }

    /// The lock, once no index run is in progress; the run still going at `deadline`
    /// otherwise.
    fn settle(&self, deadline: Instant) -> Result<MutexGuard<'_, Inner>, Run> {
        let mut inner = self.lock();
        while let Some(run) = inner.run {
            let now = Instant::now();
            if now >= deadline {
                return Err(run);
            }
            inner = self
                .settled
                .wait_timeout(inner, deadline - now)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
        Ok(inner)
    }

    fn building_message(&self, run: Run) -> String {
        let done = self.progress.done.load(Ordering::Relaxed);
        let total = self.progress.total.load(Ordering::Relaxed);
        let progress = if total == 0 {
            "walking the repository".to_string()
        } else {
            format!("{done} of {total} files")
        };
        format!(
            "the index of {} is being built ({progress}, {} s so far); try again in a few seconds",
            self.location.repo_root.display(),
            run.started.elapsed().as_secs()
        )
    }
}

fn refresh_failure_note(err: &Error) -> String {
    match err {
        Error::Locked(_) => "note: another `pyramid index` is updating the index; this answer may miss the latest edits".to_string(),
        other => format!("note: the index could not be refreshed ({other}); this answer may be stale"),
    }
}

/// How long a query waits for an index run in progress before answering without it.
pub const QUERY_WAIT: Duration = Duration::from_secs(10);
