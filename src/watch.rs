//! `watch`: keeps an index fresh while files change, for long sessions. File-system
//! events are debounced into one incremental index run once the burst is over.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use ignore::gitignore::Gitignore;
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

/// Indexes the repository now, then again after every burst of changes, calling
/// `on_run` with each run's outcome until it says [`Next::Stop`]. A run that finds
/// the index locked by another process is tried again after the next quiet period.
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
    let ignored = Gitignore::new(location.repo_root.join(".gitignore")).0;
    let relevant = |event: &notify::Event| {
        !matches!(event.kind, EventKind::Access(_))
            && event
                .paths
                .iter()
                .any(|path| is_source_change(path, location, &ignored))
    };

    let mut pending = true;
    loop {
        if pending {
            let outcome = indexer::index(location, &IndexOptions::default(), &NoProgress);
            pending = matches!(outcome, Err(Error::Locked(_)));
            if on_run(outcome) == Next::Stop {
                return Ok(());
            }
        }
        // Wait for a change (or, with a run still owed, only for the quiet period).
        let first = if pending {
            changes.recv_timeout(debounce)
        } else {
            changes.recv().map_err(|_| RecvTimeoutError::Disconnected)
        };
        match first {
            Ok(Ok(event)) => pending |= relevant(&event),
            Ok(Err(err)) => {
                // Events were lost (queue overflow): index to be safe.
                tracing::warn!("file-watch error: {err}");
                pending = true;
            }
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => {
                return Err(Error::Watch("the file watcher stopped".into()));
            }
        }
        // Let the burst end: keep taking events until none comes for `debounce`.
        loop {
            match changes.recv_timeout(debounce) {
                Ok(Ok(event)) => pending |= relevant(&event),
                Ok(Err(_)) => pending = true,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(Error::Watch("the file watcher stopped".into()));
                }
            }
        }
    }
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
        let location = Location {
            repo_root: root.clone(),
            index_dir: root.join(".pyramid"),
        };
        let ignored = Gitignore::new(root.join(".gitignore")).0;
        let change = |p: &str| is_source_change(&root.join(p), &location, &ignored);
        assert!(change("src/lib.rs"));
        assert!(change("pkg/mod.py"));
        assert!(!change(".pyramid/CURRENT"));
        assert!(!change(".git/index"));
        assert!(!change("target/debug/x.rs"));
        assert!(!change("build.log"));
        assert!(!is_source_change(
            Path::new("/elsewhere/x.rs"),
            &location,
            &ignored
        ));
    }
}
