//! Walk stage: which files of a repository to index, and why the others are skipped.
//!
//! Honors `.gitignore`, `.ignore` and git's exclude files (in or out of a git
//! repository), never enters the index directory, and never follows symlinks.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::grammar::Lang;

/// Directory name of the index inside a repository.
pub const INDEX_DIR_NAME: &str = ".pyramid";

/// A file that looks indexable by its name and metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Repository-relative path with `/` separators.
    pub path: String,
    /// Absolute path to read.
    pub abs: PathBuf,
    /// Its language.
    pub lang: Lang,
    /// Size in bytes when walked.
    pub size: u64,
    /// Modification time in nanoseconds since the epoch, 0 if unknown.
    pub mtime_ns: u64,
}

/// A file left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Skipped {
    /// Repository-relative path.
    pub path: String,
    /// Why, in words.
    pub reason: String,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct WalkOutput {
    /// Indexable files, sorted by path.
    pub files: Vec<Candidate>,
    /// Files of a known language left out, sorted by path.
    pub skipped: Vec<Skipped>,
}

/// Options of the walk.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Files larger than this are skipped.
    pub max_file_size: u64,
    /// An index directory to stay out of, when it lives inside the repository.
    pub index_dir: Option<PathBuf>,
}

/// Lists the files of a repository to index.
pub fn walk(root: &Path, options: &WalkOptions) -> WalkOutput {
    let index_dir = options.index_dir.clone();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .follow_links(false)
        .require_git(false)
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !(is_dir
                && (entry.file_name() == INDEX_DIR_NAME
                    || index_dir.as_deref().is_some_and(|d| entry.path() == d)))
        })
        .build();
    let mut out = WalkOutput::default();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                // An unreadable directory or ignore file: report it, keep walking.
                if let Some(path) = error_path(&err) {
                    let path = relative(root, &path);
                    out.skipped.push(Skipped {
                        path,
                        reason: format!("unreadable: {}", error_message(&err)),
                    });
                }
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let path = relative(root, entry.path());
        if entry.path().to_str().is_none() {
            if Lang::from_path(&path).is_some() {
                out.skipped.push(Skipped {
                    path,
                    reason: "file name is not valid UTF-8".into(),
                });
            }
            continue;
        }
        // A newline or another control character in a path would break the one line
        // every node and hit prints as; the report shows the path escaped.
        if path.chars().any(char::is_control) {
            if Lang::from_path(&path).is_some() && !entry.file_type().is_some_and(|t| t.is_dir()) {
                out.skipped.push(Skipped {
                    path: path.escape_debug().to_string(),
                    reason: "file name holds a control character (a newline, a tab): rename the file to index it".into(),
                });
            }
            continue;
        }
        let Some(lang) = Lang::from_path(&path) else {
            continue;
        };
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            continue;
        }
        if file_type.is_symlink() {
            out.skipped.push(Skipped {
                path,
                reason: SYMLINK_REASON.into(),
            });
            continue;
        }
        if !file_type.is_file() {
            out.skipped.push(Skipped {
                path,
                reason: "not a regular file".into(),
            });
            continue;
        }
        let metadata = match entry.metadata() {
            Ok(m) => m,
            Err(err) => {
                out.skipped.push(Skipped {
                    path,
                    reason: format!("unreadable: {}", error_message(&err)),
                });
                continue;
            }
        };
        if metadata.len() > options.max_file_size {
            out.skipped.push(Skipped {
                path,
                reason: format!(
                    "too large ({} bytes, limit {})",
                    metadata.len(),
                    options.max_file_size
                ),
            });
            continue;
        }
        out.files.push(Candidate {
            path,
            abs: entry.path().to_path_buf(),
            lang,
            size: metadata.len(),
            mtime_ns: mtime_ns(&metadata),
        });
    }
    out.files.sort_by(|a, b| a.path.cmp(&b.path));
    out.skipped.sort();
    out
}

/// Modification time in nanoseconds since the epoch, 0 if the platform has none.
pub fn mtime_ns(metadata: &std::fs::Metadata) -> u64 {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn error_message(err: &dyn std::fmt::Display) -> String {
    err.to_string()
}

/// Why a walked file was not read: a skip reason, the same the walk gives.
pub const SYMLINK_REASON: &str = "symlink (not followed)";

/// Opens a file of the repository for reading without following a symlink in its last
/// component: `Ok(None)` when it is one. The walk leaves symlinks out, but a file can be
/// swapped for a link between the walk and the read, and the link may point outside
/// the repository.
pub fn open_file(path: &Path) -> std::io::Result<Option<std::fs::File>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
        match options.open(path) {
            Ok(file) => Ok(Some(file)),
            // O_NOFOLLOW's answer for a symlink: ELOOP on Linux and macOS, other codes
            // on some BSDs, so ask the file system.
            Err(err)
                if err.kind() != std::io::ErrorKind::NotFound
                    && std::fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink()) =>
            {
                Ok(None)
            }
            Err(err) => Err(err),
        }
    }
    #[cfg(not(unix))]
    {
        if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
            return Ok(None);
        }
        options.open(path).map(Some)
    }
}

/// Opens a file of the repository at `root`, following a symlink only when its target
/// lies inside the repository (a README or a `requirements.txt` linked to another file
/// of it): `Ok(None)` for a link that leads out.
pub fn open_file_inside(root: &Path, path: &Path) -> std::io::Result<Option<std::fs::File>> {
    if let Some(file) = open_file(path)? {
        return Ok(Some(file));
    }
    let (Ok(target), Ok(root)) = (std::fs::canonicalize(path), std::fs::canonicalize(root)) else {
        return Ok(None);
    };
    if !target.starts_with(&root) {
        return Ok(None);
    }
    // A canonical path holds no link: opened without following one.
    open_file(&target)
}

/// Reads a whole file of the repository, without following a symlink (see
/// [`open_file`]): `Ok(None)` for a symlink.
pub fn read_file(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let Some(mut file) = open_file(path)? else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}

/// Why a file's content cannot be indexed, if it cannot: binary, not UTF-8, empty,
/// minified or generated. Returns the text when it can.
pub fn check_content(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.is_empty() || bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty".into());
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err("binary (contains NUL bytes)".into());
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            return Err(format!(
                "invalid UTF-8 (at byte {})",
                err.utf8_error().valid_up_to()
            ));
        }
    };
    let lines = text.lines().count().max(1);
    if text.len() > 16 * 1024 && text.len() / lines > 400 {
        return Err(format!(
            "minified (average line {} bytes)",
            text.len() / lines
        ));
    }
    let head: String = text.lines().take(5).collect::<Vec<_>>().join("\n");
    if head.contains("@generated") {
        return Err("generated (marked @generated)".into());
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_checks() {
        assert_eq!(check_content(b"".to_vec()), Err("empty".into()));
        assert_eq!(
            check_content(b"a\0b".to_vec()),
            Err("binary (contains NUL bytes)".into())
        );
        assert_eq!(
            check_content(vec![b'x', 0xff, b'y']),
            Err("invalid UTF-8 (at byte 1)".into())
        );
        assert!(
            check_content(b"// @generated by protoc\nfn x() {}".to_vec())
                .unwrap_err()
                .starts_with("generated")
        );
        assert!(
            check_content(vec![b'x'; 20_000])
                .unwrap_err()
                .starts_with("minified")
        );
        assert_eq!(check_content(b"x = 1\n".to_vec()), Ok("x = 1\n".into()));
    }

    #[cfg(unix)]
    #[test]
    fn reading_never_follows_a_symlink() {
        let dir = std::env::temp_dir().join(format!("pyramid-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let real = dir.join("real.py");
        std::fs::write(&real, "x = 1\n").unwrap();
        let link = dir.join("link.py");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(read_file(&real).unwrap(), Some(b"x = 1\n".to_vec()));
        assert_eq!(read_file(&link).unwrap(), None);
        assert!(open_file(&link).unwrap().is_none());
        assert_eq!(
            read_file(&dir.join("missing.py")).unwrap_err().kind(),
            std::io::ErrorKind::NotFound
        );
        // Inside a repository, a link to another of its files is followed; one that
        // leads out of it is not.
        let repo = dir.join("repo");
        std::fs::create_dir_all(&repo).unwrap();
        std::fs::write(repo.join("base.txt"), "attrs\n").unwrap();
        std::os::unix::fs::symlink(repo.join("base.txt"), repo.join("inner.txt")).unwrap();
        std::os::unix::fs::symlink(&real, repo.join("outer.txt")).unwrap();
        assert!(
            open_file_inside(&repo, &repo.join("inner.txt"))
                .unwrap()
                .is_some()
        );
        assert!(
            open_file_inside(&repo, &repo.join("outer.txt"))
                .unwrap()
                .is_none()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
