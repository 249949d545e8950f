//! Store stage: the pyramid on disk, a tantivy index under `.pyramid/`.
//!
//! Layout of the index directory:
//! - `CURRENT`: which index folder is live, its format and the repository root,
//!   replaced atomically (write, then rename) when a rebuild completes;
//! - `index-<n>/`: a tantivy index: one document per node, one per file's source text,
//!   and the manifest, all committed together; beside them the commit's `digest`
//!   (figures a search would otherwise compute from the whole index);
//! - `lock`: held by the one `pyramid index` allowed to write at a time.
//!
//! A writer killed at any point leaves the last commit, or the previous index folder,
//! readable.

mod digest;
mod manifest;
mod reader;
mod schema;
mod stats;
mod tokenizer;
mod writer;

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use manifest::{FileEntry, Manifest, SkippedEntry};
pub use reader::Reader;
pub use reader::{SearchFilter, SearchHit};
pub use schema::format_version;
pub use tokenizer::code_tokens;
pub use writer::WriteSession;

use crate::error::{Error, Result};
use crate::walk::INDEX_DIR_NAME;

/// Where a repository and its index are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The repository's root directory (absolute).
    pub repo_root: PathBuf,
    /// The index directory (`<repo>/.pyramid` unless given).
    pub index_dir: PathBuf,
}

/// The contents of `CURRENT`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Pointer {
    format: String,
    index: String,
    repo_root: PathBuf,
}

const POINTER_FILE: &str = "CURRENT";
const LOCK_FILE: &str = "lock";

impl Location {
    /// Finds the repository and index from the user's options.
    ///
    /// - `--repo` wins; the index defaults to `<repo>/.pyramid`.
    /// - With only `--index-dir`, the repository is the one recorded in that index
    ///   (or, when `creating`, the current directory).
    /// - With neither, the nearest directory from `cwd` upwards holding a `.pyramid`
    ///   index; when `creating` and none exists, the nearest holding `.git`, else `cwd`.
    ///
    /// An `--index-dir` holding the index of another repository that still exists is
    /// refused ([`Error::IndexOfAnotherRepo`]): serving it would mix two repositories,
    /// and updating it would replace the other's; [`Location::resolve_replacing`] takes
    /// it over.
    pub fn resolve(
        repo: Option<&Path>,
        index_dir: Option<&Path>,
        cwd: &Path,
        creating: bool,
    ) -> Result<Location> {
        let location = Location::locate(repo, index_dir, cwd, creating)?;
        location.check_owner()?;
        Ok(location)
    }

    /// As [`Location::resolve`] when creating, but an index of another repository in
    /// `--index-dir` is accepted, for `index --rebuild` to replace.
    pub fn resolve_replacing(
        repo: Option<&Path>,
        index_dir: Option<&Path>,
        cwd: &Path,
    ) -> Result<Location> {
        Location::locate(repo, index_dir, cwd, true)
    }

    /// Whether an index has been written here (it may still be unreadable).
    pub fn has_index(&self) -> bool {
        self.index_dir.join(POINTER_FILE).is_file()
    }

    /// Refuses an index that records another repository as its own, while that one
    /// is still there. The repository's own `.pyramid` is its own wherever the folder
    /// was copied or moved from; an index whose repository is gone (moved, deleted)
    /// goes with the repository now given, as an update of it.
    fn check_owner(&self) -> Result<()> {
        let own = self.repo_root.join(INDEX_DIR_NAME);
        let same = |a: &Path, b: &Path| {
            a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
        };
        if same(&self.index_dir, &own) {
            return Ok(());
        }
        // No index yet, or one that cannot be read: opening it says what is wrong.
        let Ok(Some(pointer)) = read_pointer(&self.index_dir) else {
            return Ok(());
        };
        let owner = pointer.repo_root;
        // The same folder, perhaps spelt another way (through a symlink).
        if !owner.is_dir() || same(&owner, &self.repo_root) {
            return Ok(());
        }
        Err(Error::IndexOfAnotherRepo {
            index_dir: self.index_dir.clone(),
            owner,
            repo: self.repo_root.clone(),
        })
    }

    fn locate(
        repo: Option<&Path>,
        index_dir: Option<&Path>,
        cwd: &Path,
        creating: bool,
    ) -> Result<Location> {
        let absolute = |p: &Path| {
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                cwd.join(p)
            }
        };
        let index_dir = index_dir.map(absolute);
        if let Some(repo) = repo {
            let repo_root = check_repo(&absolute(repo))?;
            let index_dir = match index_dir {
                Some(dir) => dir,
                None => own_index_dir(&repo_root)?,
            };
            return Ok(Location {
                repo_root,
                index_dir,
            });
        }
        if let Some(index_dir) = index_dir {
            return match read_pointer(&index_dir) {
                Ok(Some(pointer)) => Ok(Location {
                    repo_root: check_repo(&pointer.repo_root)?,
                    index_dir,
                }),
                Ok(None) | Err(_) if creating => Ok(Location {
                    repo_root: check_repo(cwd)?,
                    index_dir,
                }),
                Ok(None) => Err(Error::NoIndex(index_dir)),
                Err(err) => Err(err),
            };
        }
        let ancestors = || cwd.ancestors();
        if let Some(root) =
            ancestors().find(|dir| dir.join(INDEX_DIR_NAME).join(POINTER_FILE).is_file())
        {
            let repo_root = check_repo(root)?;
            let index_dir = own_index_dir(&repo_root)?;
            return Ok(Location {
                repo_root,
                index_dir,
            });
        }
        if !creating {
            return Err(Error::NoIndexFound(cwd.to_path_buf()));
        }
        let root = ancestors()
            .find(|dir| dir.join(".git").exists())
            .unwrap_or(cwd);
        let repo_root = check_repo(root)?;
        let index_dir = own_index_dir(&repo_root)?;
        Ok(Location {
            repo_root,
            index_dir,
        })
    }

    /// The repository's name: its folder's name.
    pub fn repo_name(&self) -> String {
        self.repo_root.file_name().map_or_else(
            || "repository".to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

/// The repository's own index directory (`.pyramid`), refused when it is a symlink or
/// holds one: one committed to a repository could send the index's reads and writes
/// anywhere. An `--index-dir` given by the user is theirs to point where they like.
fn own_index_dir(repo_root: &Path) -> Result<PathBuf> {
    let dir = repo_root.join(INDEX_DIR_NAME);
    let is_link = |path: &Path| fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink());
    if is_link(&dir) {
        return Err(Error::IndexDirIsSymlink(dir));
    }
    // Nor a link inside it (the pointer, its temporary, the lock, an index folder): a
    // committed `.pyramid/` could hold one.
    if let Ok(entries) = fs::read_dir(&dir) {
        for entry in entries.filter_map(std::result::Result::ok) {
            if entry.file_type().is_ok_and(|t| t.is_symlink()) {
                return Err(Error::IndexDirIsSymlink(entry.path()));
            }
        }
    }
    Ok(dir)
}

fn check_repo(path: &Path) -> Result<PathBuf> {
    let metadata = fs::metadata(path).map_err(|err| Error::BadRepo {
        path: path.to_path_buf(),
        problem: match err.kind() {
            std::io::ErrorKind::NotFound => "does not exist: check the path".to_string(),
            _ => format!("cannot be read: {err}"),
        },
    })?;
    if !metadata.is_dir() {
        return Err(Error::BadRepo {
            path: path.to_path_buf(),
            problem: "is not a directory: pass the repository's root folder".to_string(),
        });
    }
    path.canonicalize().map_err(|err| Error::BadRepo {
        path: path.to_path_buf(),
        problem: format!("cannot be resolved: {err}"),
    })
}

/// Reads `CURRENT`; `None` when there is no index yet.
fn read_pointer(index_dir: &Path) -> Result<Option<Pointer>> {
    let path = index_dir.join(POINTER_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) if err.kind() == std::io::ErrorKind::NotADirectory => {
            return Err(Error::IndexDirIsFile(index_dir.to_path_buf()));
        }
        Err(err) => {
            return Err(Error::CorruptIndex {
                path: index_dir.to_path_buf(),
                reason: format!("cannot read {POINTER_FILE}: {err}"),
            });
        }
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|err| Error::CorruptIndex {
            path: index_dir.to_path_buf(),
            reason: format!("{POINTER_FILE} is malformed: {err}"),
        })
}

/// Checks the pointer's format and returns the live index folder.
fn live_index(index_dir: &Path, pointer: &Pointer) -> Result<PathBuf> {
    let expected = format_version();
    if pointer.format != expected {
        return Err(Error::FormatMismatch {
            path: index_dir.to_path_buf(),
            found: pointer.format.clone(),
            expected,
        });
    }
    let name = &pointer.index;
    if name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(Error::CorruptIndex {
            path: index_dir.to_path_buf(),
            reason: format!("{POINTER_FILE} names an invalid folder `{name}`"),
        });
    }
    Ok(index_dir.join(name))
}

fn corrupt(index_dir: &Path, err: impl std::fmt::Display) -> Error {
    Error::CorruptIndex {
        path: index_dir.to_path_buf(),
        reason: err.to_string(),
    }
}
