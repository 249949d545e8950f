//! The index a server answers from. Index runs (the first build, checks before
//! answers that refresh what changed, rebuilds) happen one at a time on a background
//! thread; a request waits for the run it needs at most a set time, then answers from
//! the index it has, saying so, so that no call blocks past a client's timeout.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::indexer::{self, Check, IndexOptions, IndexReport, Progress};
use crate::store::{Location, Reader};

/// A repository's index as a long-lived server sees it.
pub struct Session {
    location: Location,
    inner: Mutex<Inner>,
    /// Signalled whenever an index run ends.
    settled: Condvar,
    progress: Counter,
}

struct Inner {
    /// The index answers come from; `None` until a build succeeds.
    reader: Option<Arc<Reader>>,
    /// The index run in progress, if any.
    running: Option<Run>,
    /// The run wanted after it: the strongest asked (a rebuild over a refresh, a
    /// refresh over a check).
    queued: Option<RunKind>,
    /// The last run that ended.
    last: Option<Ended>,
}

/// Kinds of index run, the stronger last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum RunKind {
    /// Before an answer: a refresh, unless the walk finds every file as the index
    /// answering has it (then nothing is opened for writing).
    Check,
    /// Index what changed since the last run (the first run builds everything).
    Refresh,
    /// Start over.
    Rebuild,
}

#[derive(Clone, Copy)]
struct Run {
    started: Instant,
    kind: RunKind,
}

/// How a run ended.
struct Ended {
    run: Run,
    outcome: Result<IndexReport, String>,
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
    /// Opens the index of a location; when there is none, or this build cannot read
    /// it, starts building it in the background and returns at once.
    pub fn open(location: Location) -> Arc<Session> {
        let opened = Reader::open(&location);
        let session = Arc::new(Session {
            location,
            inner: Mutex::new(Inner {
                reader: None,
                running: None,
                queued: None,
                last: None,
            }),
            settled: Condvar::new(),
            progress: Counter::default(),
        });
        let first_run = match opened {
            Ok(reader) => {
                session.lock().reader = Some(Arc::new(reader));
                None
            }
            Err(Error::FormatMismatch { .. } | Error::CorruptIndex { .. }) => {
                tracing::warn!("the index cannot be read by this build: rebuilding it");
                Some(RunKind::Rebuild)
            }
            Err(_) => Some(RunKind::Refresh),
        };
        if let Some(kind) = first_run {
            let mut inner = session.lock();
            session.request(&mut inner, kind);
        }
        session
    }

    /// Where the repository and its index are.
    pub fn location(&self) -> &Location {
        &self.location
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Poisoning needs a panic while the lock is held; nothing that can panic runs
        // under it, and the data stays consistent: keep serving.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Asks for a run of `kind`: starts it now, or queues it behind the run in
    /// progress.
    fn request(self: &Arc<Self>, inner: &mut Inner, kind: RunKind) {
        if inner.running.is_some() {
            inner.queued = inner.queued.max(Some(kind));
            return;
        }
        let run = Run {
            started: Instant::now(),
            kind,
        };
        inner.running = Some(run);
        self.progress.start(0);
        let session = Arc::clone(self);
        std::thread::spawn(move || session.run_until_idle(run));
    }

    /// The background runner: runs `run`, then whatever was queued meanwhile.
    fn run_until_idle(&self, mut run: Run) {
        loop {
            let options = IndexOptions {
                rebuild: run.kind == RunKind::Rebuild,
                max_file_size: None,
            };
            tracing::debug!(
                "index run ({:?}) of {}",
                run.kind,
                self.location.repo_root.display()
            );
            // A panic in the indexer must not leave the session waiting forever.
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                let walk = match run.kind {
                    RunKind::Check => match self.check() {
                        Check::Unchanged => return Ok(IndexReport::default()),
                        Check::Changed(walk) => walk,
                    },
                    _ => None,
                };
                indexer::index_after(&self.location, &options, &self.progress, walk)
            }))
            .unwrap_or_else(|_| {
                Err(Error::Server(
                    "the indexer failed unexpectedly (a bug: please report it with the repository that caused it)".into(),
                ))
            });
            let current = self.lock().reader.clone();
            let reopened = match &current {
                Some(reader) if reader.is_latest() => None,
                _ => Some(Reader::open(&self.location)),
            };
            let mut inner = self.lock();
            match reopened {
                Some(Ok(reader)) => inner.reader = Some(Arc::new(reader)),
                Some(Err(err)) => tracing::warn!("cannot open the index: {err}"),
                None => {}
            }
            if let Err(err) = &outcome {
                tracing::warn!("index run failed: {err}");
            }
            inner.last = Some(Ended {
                run,
                outcome: outcome.map_err(|err| describe_failure(&err)),
            });
            match inner.queued.take() {
                Some(kind) => {
                    run = Run {
                        started: Instant::now(),
                        kind,
                    };
                    inner.running = Some(run);
                    drop(inner);
                    self.settled.notify_all();
                }
                None => {
                    inner.running = None;
                    drop(inner);
                    self.settled.notify_all();
                    return;
                }
            }
        }
    }

    /// Whether the index answering is the live one and every file is as it records
    /// them (a check run has nothing to do), with the walk made to see it.
    fn check(&self) -> Check {
        let reader = self.lock().reader.clone();
        match reader
            .as_deref()
            .map(|reader| (reader.is_latest(), reader.manifest()))
        {
            Some((true, Ok(manifest))) => indexer::check(&self.location, manifest),
            _ => Check::Changed(None),
        }
    }

    /// Waits until a run of at least `kind` that started at or after `asked` has
    /// ended (asking for one if needed), or until `deadline`. Returns the lock and
    /// whether that run ended in time.
    fn await_run(
        self: &Arc<Self>,
        kind: RunKind,
        asked: Instant,
        deadline: Instant,
    ) -> (MutexGuard<'_, Inner>, bool) {
        let mut inner = self.lock();
        loop {
            if inner
                .last
                .as_ref()
                .is_some_and(|last| last.run.started >= asked && last.run.kind >= kind)
            {
                return (inner, true);
            }
            let covered = inner
                .running
                .is_some_and(|run| run.started >= asked && run.kind >= kind)
                || inner.queued.is_some_and(|queued| queued >= kind);
            if !covered {
                self.request(&mut inner, kind);
            }
            let now = Instant::now();
            if now >= deadline {
                return (inner, false);
            }
            inner = self
                .settled
                .wait_timeout(inner, deadline - now)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
    }

    /// Blocks until no index run is in progress or queued: a server whose client has
    /// gone lets the build it started finish instead of leaving it half done.
    pub fn wait_idle(&self) {
        let mut inner = self.lock();
        while inner.running.is_some() {
            inner = self
                .settled
                .wait(inner)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    /// The index to answer a query from, refreshed first for the files changed
    /// since the last run. Waits at most `wait`; past that, answers from the index
    /// it has with a note, or, with none yet, says how far the build is.
    pub fn snapshot(self: &Arc<Self>, wait: Duration) -> Result<Snapshot, String> {
        let asked = Instant::now();
        let (inner, ended) = self.await_run(RunKind::Check, asked, asked + wait);
        let mut notes = Vec::new();
        if !ended {
            let what = match inner.running.map(|run| run.kind) {
                Some(RunKind::Rebuild) => "rebuilt",
                _ => "refreshed",
            };
            notes.push(format!(
                "note: the index is being {what}; this answer comes from the index as it was and may miss the latest edits"
            ));
        } else if let Some(Err(failure)) = inner.last.as_ref().map(|last| &last.outcome) {
            notes.push(format!(
                "note: the index could not be refreshed ({failure}); this answer may miss the latest edits"
            ));
        }
        match &inner.reader {
            Some(reader) => Ok(Snapshot {
                reader: Arc::clone(reader),
                notes,
            }),
            None if !ended => Err(self.building_message(&inner)),
            None => Err(format!(
                "the index could not be built: {}. Fix the cause, then call any tool again",
                inner
                    .last
                    .as_ref()
                    .and_then(|last| last.outcome.as_ref().err())
                    .map_or("no reason given", String::as_str)
            )),
        }
    }

    /// Brings the index up to date, or rebuilds it, for the `index` tool; waits for
    /// the run at most `wait`, after which it goes on in the background.
    pub fn refresh(self: &Arc<Self>, rebuild: bool, wait: Duration) -> Result<String, String> {
        let asked = Instant::now();
        let kind = if rebuild {
            RunKind::Rebuild
        } else {
            RunKind::Refresh
        };
        let (inner, ended) = self.await_run(kind, asked, asked + wait);
        if !ended {
            return Ok(format!(
                "{}; it goes on in the background, and other tools answer from the new index once it is done",
                self.building_message(&inner)
            ));
        }
        match inner.last.as_ref().map(|last| &last.outcome) {
            Some(Ok(report)) => Ok(crate::render::text::render_index_report(report)),
            Some(Err(failure)) => Err(format!("indexing failed: {failure}")),
            None => Err("indexing ended without a report".to_string()),
        }
    }

    fn building_message(&self, inner: &Inner) -> String {
        let done = self.progress.done.load(Ordering::Relaxed);
        let total = self.progress.total.load(Ordering::Relaxed);
        let progress = if total == 0 {
            "walking the repository".to_string()
        } else {
            format!("{done} of {}", crate::words::plural(total, "file"))
        };
        let (verb, elapsed) = match inner.running {
            Some(run) => (
                if run.kind == RunKind::Rebuild || inner.reader.is_none() {
                    "built"
                } else {
                    "refreshed"
                },
                run.started.elapsed().as_secs(),
            ),
            None => ("built", 0),
        };
        format!(
            "the index of {} is being {verb} ({progress}, {elapsed} s so far); try again in a few seconds",
            self.location.repo_root.display(),
        )
    }
}

/// A run's failure as a model should read it: what to do differs for a lock held by
/// another process.
fn describe_failure(err: &Error) -> String {
    match err {
        Error::Locked(_) => {
            "another `pyramid index` or `pyramid watch` is writing the index; the next call tries again"
                .to_string()
        }
        other => other.message(crate::error::FrontEnd::Mcp),
    }
}

/// How long a call waits for the index run it needs before answering without it.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(10);
