//! `watch`: keeps an index fresh while files change, for long sessions. File-system
//! events are debounced into one incremental index run once the burst is over.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use notify::{EventKind, RecursiveMode, Watcher};

use crate::error::{Error, Result};
use crate::indexer::{self, IndexOptions, IndexReport, NoProgress};
use crate::store::Location;

/// Quiet time after the last change before the index is refreshed: editors and
/// formatters write a file in several steps.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(300);

/// What to do after each index run: keep watching or stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Wait for the next change.
    Continue,
    /// Stop watching and return.
    Stop,
}

/// Longest a refresh waits while changes keep coming: a tool that writes without
/// pause still sees the index follow.
pub const MAX_DELAY: Duration = Duration::from_secs(2);

/// Longest pause between attempts while another process holds the index.
const MAX_RETRY: Duration = Duration::from_secs(5);

/// Indexes the repository now, then again after every burst of changes, calling
/// `on_run` with each run's outcome until it says [`Next::Stop`]. A run that finds
/// the index locked by another process is tried again with growing pauses; only the
/// first of a row of such failures is reported.
pub fn watch(
    location: &Location,
    debounce: Duration,
    mut on_run: impl FnMut(Result<IndexReport>) -> Next,
) -> Result<()> {
    let (events, changes) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(events)
        .map_err(|e| Error::Watch(format!("{e}; is the file-watch limit reached?")))?;
    watcher
        .watch(&location.repo_root, RecursiveMode::Recursive)
        .map_err(|e| {
            Error::Watch(format!(
                "{}: {e}; on Linux, raise fs.inotify.max_user_watches",
                location.repo_root.display()
            ))
        })?;
    let root = Folder::of(&location.repo_root).ok_or_else(|| Error::BadRepo {
        path: location.repo_root.clone(),
        problem: "does not exist: check the path".to_string(),
    })?;
    let mut ignored = ignore_rules(&location.repo_root);
    let gone = || {
        Error::Watch(format!(
            "{} was deleted or replaced: watching stopped; run `pyramid watch` again once the repository is back",
            location.repo_root.display()
        ))
    };
    let stopped = || {
        if is_same_folder(&location.repo_root, &root) {
            Error::Watch("the file watcher stopped".into())
        } else {
            gone()
        }
    };

    let mut retry: Option<Duration> = None;
    let mut pending = true;
    loop {
        if pending {
            // An index run would create the folder again, empty, to put `.pyramid/` in.
            if !is_same_folder(&location.repo_root, &root) {
                return Err(gone());
            }
            let outcome = indexer::index(location, &IndexOptions::default(), &NoProgress);
            let locked = matches!(outcome, Err(Error::Locked(_)));
            let first_failure = retry.is_none();
            retry = locked.then(|| retry.map_or(debounce, |pause| (pause * 2).min(MAX_RETRY)));
            if (!locked || first_failure) && on_run(outcome) == Next::Stop {
                return Ok(());
            }
        }
        // Wait for a relevant change; with a retry owed, only until it is due.
        let retry_at = retry.map(|pause| Instant::now() + pause);
        pending = retry.is_some();
        let first_change = loop {
            let event = match retry_at {
                Some(at) => {
                    match changes.recv_timeout(at.saturating_duration_since(Instant::now())) {
                        Ok(event) => event,
                        Err(RecvTimeoutError::Timeout) => break None,
                        Err(RecvTimeoutError::Disconnected) => return Err(stopped()),
                    }
                }
                None => changes.recv().map_err(|_| stopped())?,
            };
            if relevant(&event, location, &mut ignored) {
                break Some(Instant::now());
            }
        };
        let Some(first_change) = first_change else {
            continue;
        };
        pending = true;
        // Let the burst end: until no relevant change for `debounce`, at most
        // `MAX_DELAY` after the first.
        let mut last_change = first_change;
        loop {
            let quiet_at = (last_change + debounce).min(first_change + MAX_DELAY);
            match changes.recv_timeout(quiet_at.saturating_duration_since(Instant::now())) {
                Ok(event) => {
                    if relevant(&event, location, &mut ignored) {
                        last_change = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Err(stopped()),
            }
        }
    }
}

/// Which folder a path is: on Unix its device and inode, so that a folder deleted and
/// made again under the same name is not taken for the one watched.
#[derive(Debug, PartialEq, Eq)]
struct Folder(Option<(u64, u64)>);

impl Folder {
    fn of(path: &Path) -> Option<Folder> {
        let metadata = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(Folder(Some((metadata.dev(), metadata.ino()))))
        }
        #[cfg(not(unix))]
        {
            let _ = metadata;
            Some(Folder(None))
        }
    }
}

/// Whether `path` is still the folder watched.
fn is_same_folder(path: &Path, watched: &Folder) -> bool {
    Folder::of(path).is_some_and(|now| now == *watched)
}

/// Whether an event can change the index; a changed ignore file reloads the rules.
fn relevant(
    event: &notify::Result<notify::Event>,
    location: &Location,
    ignored: &mut Gitignore,
) -> bool {
    let event = match event {
        Ok(event) => event,
        Err(err) => {
            // Events were lost (a queue overflow): index to be safe.
            tracing::warn!("file-watch error: {err}");
            return true;
        }
    };
    if matches!(event.kind, EventKind::Access(_)) {
        return false;
    }
    if event.paths.iter().any(|path| {
        path.parent() == Some(location.repo_root.as_path())
            && path
                .file_name()
                .is_some_and(|name| IGNORE_FILES.iter().any(|file| name == *file))
    }) {
        *ignored = ignore_rules(&location.repo_root);
        return true;
    }
    event
        .paths
        .iter()
        .any(|path| is_source_change(path, location, ignored))
}

/// The ignore files at the root that `walk` honours too.
const IGNORE_FILES: [&str; 2] = [".gitignore", ".ignore"];

/// The root's ignore rules (nested ones only cost a needless, cheap index run).
fn ignore_rules(root: &Path) -> Gitignore {
    let mut rules = GitignoreBuilder::new(root);
    for file in IGNORE_FILES {
        let path = root.join(file);
        if path.is_file() {
            // A malformed line is skipped, as `walk` does.
            let _ = rules.add(path);
        }
    }
    rules.build().unwrap_or_else(|_| Gitignore::empty())
}

/// Whether a changed path can change the index: not the index itself, not git's
/// own files, not what the root `.gitignore` leaves out.
fn is_source_change(path: &Path, location: &Location, ignored: &Gitignore) -> bool {
    if path.starts_with(&location.index_dir) {
        return false;
    }
    let Ok(relative) = path.strip_prefix(&location.repo_root) else {
        return false;
    };
    if relative.components().any(|c| c.as_os_str() == ".git") {
        return false;
    }
    !ignored
        .matched_path_or_any_parents(relative, path.is_dir())
        .is_ignore()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_git_and_ignored_paths_are_not_changes() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let root = dir.path().canonicalize().expect("it exists");
        std::fs::write(root.join(".gitignore"), "target/\n*.log\n").expect("writable");
        std::fs::write(root.join(".ignore"), "generated/\n").expect("writable");
        let location = Location {
            repo_root: root.clone(),
            index_dir: root.join(".pyramid"),
        };
        let ignored = ignore_rules(&root);
        let change = |p: &str| is_source_change(&root.join(p), &location, &ignored);
        assert!(change("src/lib.rs"));
        assert!(change("pkg/mod.py"));
        assert!(!change(".pyramid/CURRENT"));
        assert!(!change(".git/index"));
        assert!(!change("target/debug/x.rs"));
        assert!(!change("build.log"));
        assert!(!change("generated/x.py"));
        assert!(!is_source_change(
            Path::new("/elsewhere/x.rs"),
            &location,
            &ignored
        ));
    }
}
