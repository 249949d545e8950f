//! Runs the pipeline walk → parse → build → store, incrementally: files whose size
//! and modification time (or, failing that, content hash) are unchanged are not
//! read or parsed again.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::error::Result;
use crate::lang::Lang;
use crate::parse;
use crate::pyramid::{self, Node};
use crate::store::{FileEntry, Location, Manifest, SkippedEntry, WriteSession, format_version};
use crate::walk::{self, Candidate, Skipped, WalkOptions};

/// Default for `--max-file-size`: larger files are skipped.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

/// Files larger than this (only indexed with `--max-file-size` raised) are parsed one
/// at a time.
const BIG_FILE: usize = 4 * 1024 * 1024;

/// How to index.
#[derive(Debug, Clone, Default)]
pub struct IndexOptions {
    /// Start over instead of updating.
    pub rebuild: bool,
    /// Skip files larger than this many bytes; `None`: the limit of the last run,
    /// else [`DEFAULT_MAX_FILE_SIZE`].
    pub max_file_size: Option<u64>,
}

/// What an index run did. Serialized as the `--json` output of `pyramid index`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// Files read and parsed.
    pub files_parsed: u64,
    /// Files unchanged since the last run, not parsed.
    pub files_reused: u64,
    /// Of the files parsed and reused, how many are text files that are no code
    /// (docs, settings, manifests).
    pub text_files: u64,
    /// Files of a known language left out.
    pub files_skipped: u64,
    /// Files that were indexed before and are gone now.
    pub files_removed: u64,
    /// Each skipped file and why.
    pub skipped: Vec<Skipped>,
    /// Nodes in the index after the run.
    pub nodes: u64,
    /// Files with syntax errors (indexed, nodes marked `has_errors`).
    pub files_with_errors: u64,
    /// Wall time.
    pub elapsed_ms: u64,
    /// Whether the index was of another format (written by another pyramid version)
    /// and was built again from scratch.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub format_rebuilt: bool,
}

/// Receives progress of a long run; the CLI draws a bar with it.
pub trait Progress: Sync {
    /// Work of `total` files starts.
    fn start(&self, total: u64);
    /// One more file done.
    fn advance(&self);
    /// All done.
    fn finish(&self);
}

/// A [`Progress`] that shows nothing.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: u64) {}
    fn advance(&self) {}
    fn finish(&self) {}
}

/// The outcome for one walked file.
enum Outcome {
    /// As the previous index has it: its entry is moved over, not copied.
    Unchanged,
    /// Touched but the same content: the entry with its new time.
    Reused(FileEntry),
    Parsed(FileEntry),
    Skipped(Skipped, SkippedEntry),
    /// A text file that is not text after all (binary, minified): left out unreported.
    Passed(Skipped, SkippedEntry),
}

/// Builds or updates the index of a repository.
pub fn index(
    location: &Location,
    options: &IndexOptions,
    progress: &dyn Progress,
) -> Result<IndexReport> {
    index_after(location, options, progress, None)
}

/// A walk of the repository under one file size limit, kept by a [`check`] that found
/// a change, so that the index run it calls for need not walk again.
pub struct Walk {
    output: walk::WalkOutput,
    max_file_size: u64,
    /// Files modified after this (ns since the epoch) may change again within the
    /// same timestamp tick: their time does not vouch for them next time.
    racy_after: u64,
}

impl Walk {
    fn new(location: &Location, max_file_size: u64) -> Walk {
        let output = walk_repository(location, max_file_size);
        Walk {
            output,
            max_file_size,
            racy_after: now_ns().saturating_sub(2_000_000_000),
        }
    }
}

/// What a [`check`] found.
pub enum Check {
    /// An index run would find nothing to do.
    Unchanged,
    /// Something changed, or may have: the walk made to see it, if one was.
    Changed(Option<Walk>),
}

/// [`index`], over the walk a [`check`] just made when it has the file size limit
/// this run uses (otherwise the repository is walked again).
pub fn index_after(
    location: &Location,
    options: &IndexOptions,
    progress: &dyn Progress,
    walk: Option<Walk>,
) -> Result<IndexReport> {
    let started = Instant::now();
    // An index another pyramid version wrote is a cache this one cannot read: it is
    // built again (a corrupt one is not: that says `--rebuild`, so nothing is lost
    // unasked).
    let (mut session, format_rebuilt) = match WriteSession::open(location, options.rebuild) {
        Err(crate::error::Error::FormatMismatch { .. }) => {
            (WriteSession::open(location, true)?, true)
        }
        opened => (opened?, false),
    };
    let mut previous = session.take_previous();
    let max_file_size = options
        .max_file_size
        .or(previous.max_file_size)
        .unwrap_or(DEFAULT_MAX_FILE_SIZE);

    let Walk {
        output: walked,
        racy_after,
        ..
    } = walk
        .filter(|walk| walk.max_file_size == max_file_size)
        .unwrap_or_else(|| Walk::new(location, max_file_size));
    progress.start(walked.files.len() as u64);
    let outcomes: Vec<(String, Result<Outcome>)> = walked
        .files
        .par_iter()
        .map(|candidate| {
            let outcome = process_file(&session, &previous, candidate, racy_after);
            progress.advance();
            (candidate.path.clone(), outcome)
        })
        .collect();
    progress.finish();

    let mut manifest = Manifest {
        format: format_version(),
        repo_root: location.repo_root.to_string_lossy().into_owned(),
        max_file_size: Some(max_file_size),
        files: BTreeMap::new(),
        skipped: BTreeMap::new(),
        readme: read_readme(&location.repo_root),
        indexed_at: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    };
    let mut report = IndexReport::default();
    let mut skipped = walked.skipped;
    let mut changed = false;
    // The walk and the previous manifest are both in path order: one pass over the
    // two pairs each file with its previous entry and finds the files that are gone.
    let mut old_files = std::mem::take(&mut previous.files).into_iter().peekable();
    let mut gone = Vec::new();
    // In path order, as walked: the map is built at once from them, not by inserts.
    let mut files = Vec::with_capacity(outcomes.len());
    for (path, outcome) in outcomes {
        let mut old = None;
        while let Some((old_path, _)) = old_files.peek() {
            match old_path.as_str().cmp(&path) {
                std::cmp::Ordering::Less => gone.extend(old_files.next().map(|(p, _)| p)),
                std::cmp::Ordering::Equal => {
                    old = old_files.next().map(|(_, entry)| entry);
                    break;
                }
                std::cmp::Ordering::Greater => break,
            }
        }
        match outcome? {
            // Only a file the previous index holds is unchanged.
            Outcome::Unchanged => {
                report.files_reused += 1;
                files.extend(old.map(|entry| (path, entry)));
            }
            Outcome::Reused(entry) => {
                report.files_reused += 1;
                changed |= old.as_ref() != Some(&entry);
                files.push((path, entry));
            }
            Outcome::Parsed(entry) => {
                report.files_parsed += 1;
                changed = true;
                files.push((path, entry));
            }
            Outcome::Skipped(skip, entry) => {
                manifest.skipped.insert(skip.path.clone(), entry);
                skipped.push(skip);
                gone.extend(old.map(|_| path));
            }
            // Remembered so that it is not read again while unchanged.
            Outcome::Passed(skip, entry) => {
                manifest.skipped.insert(skip.path.clone(), entry);
                gone.extend(old.map(|_| path));
            }
        }
    }
    manifest.files = files.into_iter().collect();
    for skip in &skipped {
        manifest
            .skipped
            .entry(skip.path.clone())
            .or_insert_with(|| SkippedEntry {
                size: 0,
                mtime_ns: 0,
                reason: skip.reason.clone(),
            });
    }
    gone.extend(old_files.map(|(path, _)| path));
    for path in gone {
        session.remove_file(&path)?;
        report.files_removed += 1;
        changed = true;
    }
    changed |= previous.readme != manifest.readme
        || previous.skipped != manifest.skipped
        || options.rebuild;
    changed |= previous.format != manifest.format
        || previous.repo_root != manifest.repo_root
        || previous.max_file_size != manifest.max_file_size;

    // The directories' nodes are made again only when something changed; otherwise
    // they are only counted (100,000 files: 50 ms against 15).
    let tree_nodes = if changed {
        let tree = pyramid::build_tree(
            &location.repo_name(),
            &manifest.file_summaries(),
            manifest.readme.as_deref(),
        );
        session.commit(&tree, &manifest)?;
        tree.len()
    } else {
        manifest.indexed_at = previous.indexed_at;
        pyramid::tree_len(manifest.code_paths())
    };

    skipped.sort();
    report.files_skipped = skipped.len() as u64;
    report.skipped = skipped;
    report.nodes = manifest.node_count(tree_nodes);
    report.files_with_errors = manifest.files.values().filter(|f| f.has_errors).count() as u64;
    report.text_files = manifest.files.values().filter(|f| f.lang.is_none()).count() as u64;
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    report.format_rebuilt = format_rebuilt;
    Ok(report)
}

/// What an index run would find: `Unchanged` when every file the walk finds is as
/// `previous` (a manifest of the live index) recorded it, by size and trusted
/// modification time, none went away, and the settings, README and left-out files
/// are the same. Costs the walk alone: a long-lived server checks this before each
/// answer instead of opening the index for writing. `Changed` when in doubt: a file
/// recorded without a time that can vouch for it (unreadable, or written while a run
/// walked) sends every check to the indexer until a run records one.
pub fn check(location: &Location, previous: &Manifest) -> Check {
    let Some(max_file_size) = previous.max_file_size else {
        return Check::Changed(None);
    };
    if previous.format != format_version()
        || previous.repo_root != location.repo_root.to_string_lossy()
    {
        return Check::Changed(None);
    }
    let walk = Walk::new(location, max_file_size);
    if walk_matches(&walk.output, previous) && read_readme(&location.repo_root) == previous.readme {
        Check::Unchanged
    } else {
        Check::Changed(Some(walk))
    }
}

/// Whether the walk found the files and left-out files `previous` records, each
/// with its size and time.
fn walk_matches(walked: &walk::WalkOutput, previous: &Manifest) -> bool {
    let (mut files, mut skipped) = (0, 0);
    for candidate in &walked.files {
        let (size, mtime_ns, seen) = match previous.files.get(&candidate.path) {
            Some(old) => (old.size, old.mtime_ns, &mut files),
            None => match previous.skipped.get(&candidate.path) {
                Some(old) => (old.size, old.mtime_ns, &mut skipped),
                None => return false,
            },
        };
        if !same_stat(size, mtime_ns, candidate) {
            return false;
        }
        *seen += 1;
    }
    // What the walk leaves out is recorded with no size or time.
    for skip in &walked.skipped {
        match previous.skipped.get(&skip.path) {
            Some(old) if old.size == 0 && old.mtime_ns == 0 && old.reason == skip.reason => {
                skipped += 1;
            }
            _ => return false,
        }
    }
    files == previous.files.len() && skipped == previous.skipped.len()
}

/// The files an index run of the repository considers, and those it leaves out.
fn walk_repository(location: &Location, max_file_size: u64) -> walk::WalkOutput {
    walk::walk(
        &location.repo_root,
        &WalkOptions {
            max_file_size,
            index_dir: Some(location.index_dir.clone()),
        },
    )
}

/// Whether a walked file has the size and modification time an entry recorded, the
/// time being one that can vouch for it (not 0: unknown, or too close to a run).
fn same_stat(size: u64, mtime_ns: u64, candidate: &Candidate) -> bool {
    size == candidate.size && mtime_ns == candidate.mtime_ns && mtime_ns != 0
}

fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

fn process_file(
    session: &WriteSession,
    previous: &Manifest,
    candidate: &Candidate,
    racy_after: u64,
) -> Result<Outcome> {
    // An mtime of 0 makes the next run compare content hashes instead.
    let trusted_mtime = if candidate.mtime_ns >= racy_after {
        0
    } else {
        candidate.mtime_ns
    };
    let old = previous.files.get(&candidate.path);
    if let Some(old) = old
        && same_stat(old.size, old.mtime_ns, candidate)
    {
        return Ok(Outcome::Unchanged);
    }
    if let Some(old) = previous.skipped.get(&candidate.path)
        && same_stat(old.size, old.mtime_ns, candidate)
    {
        let skip = Skipped {
            path: candidate.path.clone(),
            reason: old.reason.clone(),
        };
        return Ok(match candidate.lang {
            Some(_) => Outcome::Skipped(skip, old.clone()),
            None => Outcome::Passed(skip, old.clone()),
        });
    }
    let skip = |reason: String, mtime_ns: u64| {
        let entry = SkippedEntry {
            size: candidate.size,
            mtime_ns,
            reason: reason.clone(),
        };
        let skip = Skipped {
            path: candidate.path.clone(),
            reason,
        };
        Ok(match candidate.lang {
            Some(_) => Outcome::Skipped(skip, entry),
            None => Outcome::Passed(skip, entry),
        })
    };
    let bytes = match walk::read_file(&candidate.abs) {
        Ok(Some(bytes)) => bytes,
        // Made a symlink since the walk: left out as the walk leaves symlinks out.
        Ok(None) => return skip(walk::SYMLINK_REASON.into(), 0),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return skip("deleted while indexing".into(), 0);
        }
        // Read failures may be temporary: not remembered (mtime 0), retried next run.
        Err(err) => return skip(format!("unreadable: {err}"), 0),
    };
    let hash = blake3::hash(&bytes).to_hex().to_string();
    if let Some(old) = old
        && old.hash == hash
    {
        // Touched but unchanged: remember the new time, keep the nodes.
        let mut entry = old.clone();
        entry.size = candidate.size;
        entry.mtime_ns = trusted_mtime;
        return Ok(Outcome::Reused(entry));
    }
    let text = match walk::check_content(bytes) {
        Ok(text) => text,
        Err(reason) => {
            if old.is_some() {
                session.remove_file(&candidate.path)?;
            }
            return skip(reason, trusted_mtime);
        }
    };
    // Parsing and building take about 90 bytes of memory per byte of a file: big
    // files go one at a time, so the peak is the largest file's, not their sum's.
    // A poisoned lock only means another big file's thread panicked; nothing is
    // guarded but the turn.
    let _turn = (text.len() > BIG_FILE).then(|| {
        static BIG_FILES: std::sync::Mutex<()> = std::sync::Mutex::new(());
        BIG_FILES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    });
    // A `.h` is C's or C++'s by what it holds.
    let lang = candidate
        .lang
        .and_then(|_| Lang::of_file(&candidate.path, &text));
    let (nodes, has_errors) = match lang {
        Some(lang) => {
            let parsed = parse::parse(lang, &text);
            let nodes: Vec<Node> = pyramid::build_file(&candidate.path, lang, &text, &parsed);
            // The definitions are in the nodes now: freed before the store copies the
            // nodes into documents.
            (nodes, parsed.has_errors)
        }
        None => (pyramid::build_text(&candidate.path, &text), false),
    };
    session.put_file(&candidate.path, &nodes, &text)?;
    let file = &nodes[0];
    Ok(Outcome::Parsed(FileEntry {
        lang,
        size: candidate.size,
        mtime_ns: trusted_mtime,
        hash,
        gist: file.gist.clone(),
        documented: file
            .doc
            .as_deref()
            .is_some_and(|doc| !pyramid::first_sentence(doc).is_empty()),
        nodes: nodes.len() as u32,
        has_errors,
    }))
}

/// The beginning of the repository's README, for the root's summary.
fn read_readme(root: &Path) -> Option<String> {
    const NAMES: [&str; 5] = [
        "README.md",
        "README.rst",
        "README.txt",
        "README",
        "readme.md",
    ];
    const KEEP: usize = 4096;
    let text = NAMES.iter().find_map(|name| {
        let file = walk::open_file_inside(root, &root.join(name)).ok()??;
        // Only the beginning is kept: read no more of a long README.
        let mut text = Vec::new();
        file.take(KEEP as u64).read_to_end(&mut text).ok()?;
        Some(text)
    })?;
    let text = String::from_utf8_lossy(&text).into_owned();
    // Cut at a character boundary the lossy conversion may have replaced.
    Some(text.trim_end_matches('\u{fffd}').to_string()).filter(|t| !t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    /// Writes a file dated an hour ago, so that its time can vouch for it.
    fn write_old(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(SystemTime::now() - Duration::from_secs(3600))
            .unwrap();
    }

    /// Indexes the repository and tells whether a check right after finds it unchanged.
    fn indexed_then_checked(location: &Location) -> bool {
        index(location, &IndexOptions::default(), &NoProgress).unwrap();
        unchanged_now(location)
    }

    /// A check against the live index's manifest, as the server makes it.
    fn checked(location: &Location) -> Check {
        let reader = crate::store::Reader::open(location).unwrap();
        check(location, reader.manifest().unwrap())
    }

    fn unchanged_now(location: &Location) -> bool {
        matches!(checked(location), Check::Unchanged)
    }

    /// Index options with a file size limit.
    fn limited_to(max_file_size: u64) -> IndexOptions {
        IndexOptions {
            rebuild: false,
            max_file_size: Some(max_file_size),
        }
    }

    #[test]
    fn an_index_run_takes_the_walk_of_the_check_that_found_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_old(&root.join("a.py"), "def a():\n    return 1\n");
        write_old(&root.join("big.py"), &"x = 1\n".repeat(400));
        let location = Location::resolve(Some(root), None, root, true).unwrap();
        let small = limited_to(1000);
        index(&location, &small, &NoProgress).unwrap();
        // The check's walk finds the new file; the run over it indexes it.
        write_old(&root.join("b.py"), "def b():\n    return 2\n");
        let Check::Changed(walk @ Some(_)) = checked(&location) else {
            panic!("a new file is a change, seen by a walk");
        };
        let report = index_after(&location, &small, &NoProgress, walk).unwrap();
        assert_eq!((report.files_parsed, report.files_skipped), (1, 1));
        assert!(unchanged_now(&location));
        // A run under another size limit walks again: the larger limit lets big.py in.
        write_old(&root.join("c.py"), "c = 3\n");
        let Check::Changed(walk @ Some(_)) = checked(&location) else {
            panic!("a new file is a change, seen by a walk");
        };
        let report = index_after(&location, &limited_to(100_000), &NoProgress, walk).unwrap();
        assert_eq!((report.files_parsed, report.files_skipped), (2, 0));
    }

    #[test]
    fn a_check_finds_what_an_index_run_would() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_old(&root.join("src/a.py"), "def a():\n    return 1\n");
        write_old(&root.join("README.md"), "# Demo\n\nA demo.\n");
        write_old(&root.join("big.py"), &"x = 1\n".repeat(400));
        let location = Location::resolve(Some(root), None, root, true).unwrap();
        let small = limited_to(1000);
        // A file the walk leaves out (too large) is recorded and found the same.
        index(&location, &small, &NoProgress).unwrap();
        assert!(unchanged_now(&location));

        // Each kind of change is seen.
        write_old(&root.join("src/b.py"), "def b():\n    return 2\n");
        assert!(!unchanged_now(&location), "a new file");
        assert!(indexed_then_checked(&location));
        write_old(&root.join("src/a.py"), "def a():\n    return 10\n");
        assert!(!unchanged_now(&location), "an edited file");
        assert!(indexed_then_checked(&location));
        std::fs::remove_file(root.join("src/b.py")).unwrap();
        assert!(!unchanged_now(&location), "a file gone");
        assert!(indexed_then_checked(&location));
        write_old(&root.join("README.md"), "# Demo\n\nAnother demo.\n");
        assert!(!unchanged_now(&location), "another README");
        assert!(indexed_then_checked(&location));
        std::fs::remove_file(root.join("big.py")).unwrap();
        assert!(!unchanged_now(&location), "a left-out file gone");
        assert!(indexed_then_checked(&location));
        // A file just written cannot vouch for itself by its time: checked again.
        std::fs::write(root.join("src/c.py"), "c = 3\n").unwrap();
        index(&location, &IndexOptions::default(), &NoProgress).unwrap();
        assert!(!unchanged_now(&location), "a file too new to trust");
    }
}
