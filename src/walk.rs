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
    /// Its language; `None` for a text file that is no code ([`is_text_path`]).
    pub lang: Option<Lang>,
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
    /// Indexable files, code and text, sorted by path.
    pub files: Vec<Candidate>,
    /// Files of a known language left out, sorted by path (text files left out are
    /// not listed: they are many, and no code is missing).
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

/// A walk of a repository as every stage sees it: ignore files honoured, hidden files,
/// symlinks and the index directory left out.
fn walker(root: &Path, options: &WalkOptions) -> ignore::WalkParallel {
    let index_dir = options.index_dir.clone();
    ignore::WalkBuilder::new(root)
        .hidden(true)
        .follow_links(false)
        .require_git(false)
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !(is_dir
                && (entry.file_name() == INDEX_DIR_NAME
                    || index_dir.as_deref().is_some_and(|d| entry.path() == d)))
        })
        .build_parallel()
}

/// Extensions of files that are never text: looked over without reading them. Any
/// other file that is no code pyramid parses is read as text when its content is
/// ([`check_content`]).
const BINARY_EXTENSIONS: [&str; 62] = [
    "png", "jpg", "jpeg", "gif", "bmp", "ico", "icns", "webp", "tif", "tiff", "psd", "pdf", "zip",
    "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "tar", "jar", "war", "whl", "egg", "class",
    "pyc", "pyo", "pyd", "so", "dylib", "dll", "exe", "o", "a", "lib", "obj", "bin", "dat", "db",
    "sqlite", "sqlite3", "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4", "wav", "ogg", "flac",
    "avi", "mov", "mkv", "webm", "wasm", "npy", "npz", "pkl", "parquet", "onnx",
];

/// Whether a path may name a text file that is no code pyramid parses: docs,
/// settings, manifests, code in other languages (C headers, type stubs, scripts).
/// Lock files are left out (generated, and long), and files whose extension says they
/// are binary; the content decides the rest.
pub fn is_text_path(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    if Lang::from_path(path).is_some() || name.ends_with(".lock") || name == "package-lock.json" {
        return false;
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty() && !BINARY_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
        }
        None => !name.is_empty(),
    }
}

/// Lists the files of a repository to index, in path order. The directories are
/// read and the files stat'ed on every core: a run that changes nothing is mostly
/// this walk (100,000 files: 370 ms on one thread).
pub fn walk(root: &Path, options: &WalkOptions) -> WalkOutput {
    let found = std::sync::Mutex::new(WalkOutput::default());
    walker(root, options).run(|| {
        let found = &found;
        Box::new(move |entry| {
            let mut out = WalkOutput::default();
            visit(root, options, entry, &mut out);
            if !(out.files.is_empty() && out.skipped.is_empty()) {
                // A poisoned lock only means another walking thread panicked; the
                // lists it guards are whole.
                let mut found = found.lock().unwrap_or_else(|p| p.into_inner());
                found.files.append(&mut out.files);
                found.skipped.append(&mut out.skipped);
            }
            ignore::WalkState::Continue
        })
    });
    let mut out = found.into_inner().unwrap_or_else(|p| p.into_inner());
    out.files.sort_by(|a, b| a.path.cmp(&b.path));
    out.skipped.sort();
    out
}

/// What the walk makes of one entry: a file to index, a file left out with its
/// reason, or nothing.
fn visit(
    root: &Path,
    options: &WalkOptions,
    entry: Result<ignore::DirEntry, ignore::Error>,
    out: &mut WalkOutput,
) {
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
            return;
        }
    };
    if entry.depth() == 0 {
        return;
    }
    let path = relative(root, entry.path());
    if entry.path().to_str().is_none() {
        if Lang::from_path(&path).is_some() {
            out.skipped.push(Skipped {
                path,
                reason: "file name is not valid UTF-8".into(),
            });
        }
        return;
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
        return;
    }
    let lang = Lang::from_path(&path);
    if lang.is_none() && !is_text_path(&path) {
        return;
    }
    let Some(file_type) = entry.file_type() else {
        return;
    };
    if file_type.is_dir() {
        return;
    }
    // Text files left out are not reported.
    let mut skip = |reason: String| {
        if lang.is_some() {
            out.skipped.push(Skipped {
                path: path.clone(),
                reason,
            });
        }
    };
    if file_type.is_symlink() {
        skip(SYMLINK_REASON.into());
        return;
    }
    if !file_type.is_file() {
        skip("not a regular file".into());
        return;
    }
    let metadata = match entry.metadata() {
        Ok(m) => m,
        Err(err) => {
            skip(format!("unreadable: {}", error_message(&err)));
            return;
        }
    };
    if metadata.len() > options.max_file_size {
        skip(format!(
            "too large ({} bytes, limit {})",
            metadata.len(),
            options.max_file_size
        ));
        return;
    }
    out.files.push(Candidate {
        path,
        abs: entry.path().to_path_buf(),
        lang,
        size: metadata.len(),
        mtime_ns: mtime_ns(&metadata),
    });
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
    // A Unix path is already `/`-separated.
    #[cfg(unix)]
    return rel.to_string_lossy().into_owned();
    #[cfg(not(unix))]
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    #[cfg(not(unix))]
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

/// Why a file's content cannot be indexed, if it cannot: binary, not decodable, empty,
/// minified or generated. Returns the text to index when it can: the bytes decoded as
/// the file declares ([`decode`]), with each line break that is a lone `\r` (old Mac
/// files) written `\n`, so that every line count of the index (spans, `L` numbers,
/// line ranges) sees the file's lines. That rewrite keeps every byte offset; the
/// file's hash, which tells whether it changed since indexing, is taken of its bytes
/// on disk.
pub fn check_content(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.is_empty() || bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty".into());
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err("binary (contains NUL bytes)".into());
    }
    let text = lone_cr_as_lf(decode(bytes)?);
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

/// Decodes a file's bytes: UTF-8, unless a PEP 263 coding declaration (`# -*- coding:
/// latin-1 -*-` as a `#` comment on line 1, or on line 2 after a comment or blank
/// line 1) names another encoding, as Python reads it. Latin-1 and cp1252 are decoded
/// (as Python does, bytes cp1252 leaves undefined are an error); any other encoding is
/// a skip reason. Rust files are UTF-8: `#` starts no comment in Rust, so no Rust file
/// declares an encoding this way.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    let declared = declared_encoding(&bytes).map(|(line, name)| (line, name.to_string()));
    let encoding = declared
        .as_ref()
        .map_or(Encoding::Utf8, |(_, name)| Encoding::named(name));
    let on_line = |what: &str| match &declared {
        Some((line, name)) => format!("{what}, as line {line} declares (`coding: {name}`)"),
        None => what.to_string(),
    };
    match encoding {
        Encoding::Utf8 => String::from_utf8(bytes).map_err(|err| {
            on_line(&format!(
                "invalid UTF-8 (at byte {})",
                err.utf8_error().valid_up_to()
            ))
        }),
        Encoding::Ascii => match bytes.iter().position(|b| !b.is_ascii()) {
            Some(at) => Err(on_line(&format!("invalid ASCII (at byte {at})"))),
            // ASCII is UTF-8.
            None => String::from_utf8(bytes).map_err(|err| err.to_string()),
        },
        // Each byte is the code point of the same number.
        Encoding::Latin1 => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
        Encoding::Cp1252 => {
            let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
            for (at, &b) in bytes.iter().enumerate() {
                match cp1252(b) {
                    Some(c) => text.push(c),
                    None => return Err(on_line(&format!("invalid cp1252 (at byte {at})"))),
                }
            }
            Ok(text)
        }
        Encoding::Other => {
            let (line, name) = declared.as_ref().map_or((1, ""), |(l, n)| (*l, n.as_str()));
            Err(format!(
                "declares encoding `{name}` (line {line}), which pyramid does not read: \
                 only UTF-8, latin-1 and cp1252 are; convert the file to UTF-8 to index it"
            ))
        }
    }
}

/// Encodings a coding declaration may name, by what pyramid does with them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Ascii,
    Latin1,
    Cp1252,
    Other,
}

impl Encoding {
    /// The encoding of a declared name, with Python's aliases: case, `-` and `_` do
    /// not matter (`Latin-1`, `ISO_8859_1`, `windows-1252`, `utf8`).
    fn named(name: &str) -> Encoding {
        let mut normal = String::with_capacity(name.len());
        for c in name.chars() {
            if c.is_ascii_alphanumeric() || c == '.' {
                normal.push(c.to_ascii_lowercase());
            } else if !normal.ends_with('_') {
                normal.push('_');
            }
        }
        let normal = normal.trim_matches('_');
        let with_suffix = |base: &str| {
            normal == base
                || normal
                    .strip_prefix(base)
                    .is_some_and(|rest| rest.starts_with('_'))
        };
        if with_suffix("utf_8") || matches!(normal, "utf8" | "u8" | "utf" | "cp65001") {
            Encoding::Utf8
        } else if with_suffix("latin_1")
            || with_suffix("iso_8859_1")
            || with_suffix("iso_latin_1")
            || matches!(
                normal,
                "latin1"
                    | "latin"
                    | "l1"
                    | "iso8859_1"
                    | "iso8859"
                    | "8859"
                    | "cp819"
                    | "ibm819"
                    | "iso_ir_100"
                    | "csisolatin1"
            )
        {
            Encoding::Latin1
        } else if matches!(normal, "cp1252" | "windows_1252" | "1252") {
            Encoding::Cp1252
        } else if matches!(
            normal,
            "ascii" | "us_ascii" | "646" | "us" | "cp367" | "ibm367" | "iso646_us" | "csascii"
        ) {
            Encoding::Ascii
        } else {
            Encoding::Other
        }
    }
}

/// The encoding a file declares, PEP 263 style, with its line (1 or 2): what Python's
/// `tokenize.detect_encoding` finds, `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`.
fn declared_encoding(bytes: &[u8]) -> Option<(u32, &str)> {
    let mut lines = bytes.split(|&b| b == b'\n' || b == b'\r');
    let first = lines.next()?;
    if let Some(name) = coding_of(first) {
        return Some((1, name));
    }
    // Line 2 counts only after a comment or blank line 1.
    let blank_or_comment = first
        .iter()
        .find(|&&b| !matches!(b, b' ' | b'\t' | 0x0c))
        .is_none_or(|&b| b == b'#');
    if !blank_or_comment {
        return None;
    }
    // A `\r\n` break leaves an empty piece between the two lines.
    let second =
        if bytes.get(first.len()) == Some(&b'\r') && bytes.get(first.len() + 1) == Some(&b'\n') {
            lines.nth(1)?
        } else {
            lines.next()?
        };
    coding_of(second).map(|name| (2, name))
}

/// The encoding named by a comment line's coding declaration, if it has one.
fn coding_of(line: &[u8]) -> Option<&str> {
    let start = line
        .iter()
        .position(|&b| !matches!(b, b' ' | b'\t' | 0x0c))?;
    if line[start] != b'#' {
        return None;
    }
    let comment = &line[start + 1..];
    let mut from = 0;
    while let Some(at) = comment[from..]
        .windows(6)
        .position(|w| w == b"coding")
        .map(|at| from + at)
    {
        from = at + 1;
        let after = at + 6;
        if !matches!(comment.get(after), Some(b':' | b'=')) {
            continue;
        }
        let name_start = after
            + 1
            + comment[after + 1..]
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
        let name_len = comment[name_start..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            .count();
        if name_len > 0 {
            // ASCII bytes only, so valid UTF-8.
            return std::str::from_utf8(&comment[name_start..name_start + name_len]).ok();
        }
    }
    None
}

/// A byte of cp1252 as a character; `None` for the five bytes it leaves undefined.
fn cp1252(b: u8) -> Option<char> {
    const HIGH: [u16; 32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
        0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
        0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => {
            let code = HIGH[usize::from(b - 0x80)];
            (code != 0)
                .then(|| char::from_u32(u32::from(code)))
                .flatten()
        }
        _ => Some(char::from(b)),
    }
}

/// Writes each `\r` that is not followed by `\n` as `\n`: one byte for one, so offsets
/// stay those of the file.
fn lone_cr_as_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
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

    #[test]
    fn coding_declarations_are_decoded() {
        // latin-1: every byte is the character of the same number.
        let latin1 = b"# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'\n".to_vec();
        assert_eq!(
            check_content(latin1),
            Ok("# -*- coding: latin-1 -*-\nname = '\u{e9}t\u{e9}'\n".into())
        );
        // On line 2 after a comment, in Python's spellings.
        let second = b"#!/usr/bin/env python\n# vim: set fileencoding=ISO_8859_1 :\nx = '\xb5'\n";
        assert_eq!(
            check_content(second.to_vec()).unwrap().lines().nth(2),
            Some("x = '\u{b5}'")
        );
        // cp1252: curly quotes and the euro sign; its undefined bytes are errors.
        let cp1252 = b"# coding=windows-1252\ns = '\x93\x80\x94'\n".to_vec();
        assert_eq!(
            check_content(cp1252).unwrap().lines().nth(1),
            Some("s = '\u{201c}\u{20ac}\u{201d}'")
        );
        assert_eq!(
            check_content(b"# coding: cp1252\ns = '\x81'\n".to_vec()),
            Err("invalid cp1252 (at byte 22), as line 1 declares (`coding: cp1252`)".into())
        );
        // Valid UTF-8 declared latin-1 reads as Python reads it.
        assert_eq!(
            check_content("# coding: latin-1\ns = 'é'\n".as_bytes().to_vec())
                .unwrap()
                .lines()
                .nth(1),
            Some("s = '\u{c3}\u{a9}'")
        );
        // UTF-8 declared, or nothing declared: UTF-8, strictly.
        assert_eq!(
            check_content(b"# -*- coding: utf-8 -*-\nx = '\xe9'\n".to_vec()),
            Err("invalid UTF-8 (at byte 29), as line 1 declares (`coding: utf-8`)".into())
        );
        // Line 2 does not count after a line of code; a declaration elsewhere neither.
        assert!(
            check_content(b"x = 1\n# coding: latin-1\ny = '\xe9'\n".to_vec())
                .unwrap_err()
                .starts_with("invalid UTF-8")
        );
        assert!(
            check_content(b"\n\n# coding: latin-1\ny = '\xe9'\n".to_vec())
                .unwrap_err()
                .starts_with("invalid UTF-8")
        );
        // An encoding pyramid does not read is a reason, with what to do.
        assert_eq!(
            check_content(b"# -*- coding: shift_jis -*-\nx = '\x82\xa0'\n".to_vec()),
            Err(
                "declares encoding `shift_jis` (line 1), which pyramid does not read: only \
                 UTF-8, latin-1 and cp1252 are; convert the file to UTF-8 to index it"
                    .into()
            )
        );
        assert!(
            check_content(b"# coding: ascii\nx = '\xe9'\n".to_vec())
                .unwrap_err()
                .starts_with("invalid ASCII (at byte 21)")
        );
    }

    #[test]
    fn declared_encodings_follow_pep_263() {
        assert_eq!(
            declared_encoding(b"# coding: latin-1\n"),
            Some((1, "latin-1"))
        );
        assert_eq!(declared_encoding(b"  #coding=cp1252"), Some((1, "cp1252")));
        assert_eq!(
            declared_encoding(b"#!python\r\n# -*- coding: utf8 -*-\r\n"),
            Some((2, "utf8"))
        );
        assert_eq!(
            declared_encoding(b"#!python\r# coding: l1\r"),
            Some((2, "l1"))
        );
        assert_eq!(
            declared_encoding(b"# encoding is latin-1\n"),
            None,
            "no `:` after it"
        );
        assert_eq!(
            declared_encoding(b"# codings coding: x\n"),
            Some((1, "x")),
            "the first `coding:` counts"
        );
        assert_eq!(declared_encoding(b"x = 1  # coding: latin-1\n"), None);
        assert_eq!(Encoding::named("ISO-8859-1"), Encoding::Latin1);
        assert_eq!(Encoding::named("latin-1-unix"), Encoding::Latin1);
        assert_eq!(Encoding::named("Windows_1252"), Encoding::Cp1252);
        assert_eq!(Encoding::named("UTF-8-sig"), Encoding::Utf8);
        assert_eq!(Encoding::named("latin-2"), Encoding::Other);
        assert_eq!(Encoding::named("iso-8859-15"), Encoding::Other);
    }

    #[test]
    fn lone_carriage_returns_are_line_breaks() {
        let text = check_content(b"a = 1\rb = 2\r\nc = 3\r\rd\n".to_vec()).unwrap();
        assert_eq!(text, "a = 1\nb = 2\r\nc = 3\n\nd\n");
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            ["a = 1", "b = 2", "c = 3", "", "d"]
        );
        // One byte for one: offsets are the file's.
        assert_eq!(text.len(), 22);
        assert_eq!(lone_cr_as_lf("é\r".into()), "é\n");
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

#[cfg(test)]
mod text_tests {
    use super::is_text_path;

    #[test]
    fn docs_settings_manifests_and_other_code_are_text_parsed_code_locks_and_binaries_are_not() {
        for path in [
            "README.md",
            "docs/api.rst",
            "Cargo.toml",
            "a/b.yaml",
            "CHANGES",
            "LICENSE.txt",
            "setup.cfg",
            "MANIFEST.in",
            "Makefile",
            "web/app.rb",
        ] {
            assert!(is_text_path(path), "{path}");
        }
        for path in [
            "src/lib.rs",
            "a.py",
            "src/attr/__init__.pyi",
            "web/app.js",
            "cmd/main.go",
            "include/rure.h",
            "web/App.java",
            "Cargo.lock",
            "package-lock.json",
            "logo.png",
            "docs/Logo.PNG",
            "lib/libfoo.so",
            "__pycache__/a.cpython-312.pyc",
            ".toml",
        ] {
            assert!(!is_text_path(path), "{path}");
        }
    }
}
