//! Figures every search needs that cost a pass over the whole index, computed once
//! when a commit is made and kept beside it: the token totals BM25 divides by, and
//! the paths of the indexed files (the reference graph maps imports to them) with
//! their hashes (an answer tells whether a file changed since). At 100,000 files the
//! two passes took half of a search, and the manifest's 25 MB two thirds of a slice.
//!
//! A digest names the segments it was computed on (each segment's id and deletes); a
//! reader takes it only when it sees exactly those segments, else it computes the
//! figures itself as before. So a digest that is missing, stale (a commit made since,
//! a writer killed before it wrote one) or unreadable costs time, never an answer.
//!
//! Three files in the index folder, each written to a temporary name and renamed, each
//! starting with its layout's version and the segments: `digest` (one `field total`
//! line per field), `digest-files` (one path per line, in path order) and
//! `digest-hashes` (the files' hashes in the same order, 64 hex digits a line, so that
//! the n-th is found without reading the others), each read only when a query needs it.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, Term};

use super::manifest::Manifest;
use super::schema::Fields;

const TOTALS_FILE: &str = "digest";
const FILES_FILE: &str = "digest-files";
const HASHES_FILE: &str = "digest-hashes";
/// First lines of the files: a digest in another layout is not read.
const VERSION: &str = "pyramid digest 1";
const FILES_VERSION: &str = "pyramid digest-files 2";
const HASHES_VERSION: &str = "pyramid digest-hashes 2";
/// A hash's length: blake3 in hex.
const HASH_LEN: usize = 64;

/// The segments a searcher sees, as one line: the digest's key.
pub(super) fn segments_key(searcher: &Searcher) -> String {
    let mut key = String::new();
    for (id, deletes) in searcher.generation().segments() {
        let deletes = deletes.map_or_else(|| "-".to_string(), |d| d.to_string());
        // Writing to a String cannot fail.
        let _ = write!(key, "{}:{deletes} ", id.uuid_string());
    }
    key.trim_end().to_string()
}

/// The fields searched by BM25, whose token totals a search divides by.
pub(super) fn ranked_fields(fields: &Fields) -> [Field; 5] {
    [
        fields.name,
        fields.text,
        fields.body,
        fields.inner,
        fields.prose,
    ]
}

/// Writes the digest of what `searcher` sees, whose files are `manifest`'s, into
/// `folder`. A failure is left unreported: readers then compute the figures
/// themselves.
pub(super) fn write(folder: &Path, searcher: &Searcher, fields: &Fields, manifest: &Manifest) {
    let key = segments_key(searcher);
    let mut totals = format!("{VERSION}\n{key}\n");
    for field in ranked_fields(fields) {
        let Ok(total) = live_tokens(searcher, field) else {
            return;
        };
        let _ = writeln!(totals, "{} {total}", field.field_id());
    }
    let mut files = format!("{FILES_VERSION}\n{key}\n");
    let mut hashes = format!("{HASHES_VERSION}\n{key}\n");
    for (path, entry) in &manifest.files {
        if path.contains(['\n', '\r']) || entry.hash.len() != HASH_LEN || !entry.hash.is_ascii() {
            // Such a path cannot be a line: no file list, readers make their own.
            files.clear();
            break;
        }
        files.push_str(path);
        files.push('\n');
        hashes.push_str(&entry.hash);
        hashes.push('\n');
    }
    let _ = replace(&folder.join(TOTALS_FILE), &totals);
    for (name, text) in [(FILES_FILE, &files), (HASHES_FILE, &hashes)] {
        let _ = match files.is_empty() {
            true => fs::remove_file(folder.join(name)),
            false => replace(&folder.join(name), text),
        };
    }
}

fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, text)?;
    fs::rename(&tmp, path)
}

/// The token totals of the digest in `folder`, by field, when it was computed on the
/// segments `searcher` sees.
pub(super) fn read_totals(
    folder: &Path,
    searcher: &Searcher,
    fields: &Fields,
) -> Option<Vec<(Field, u64)>> {
    let text = fs::read_to_string(folder.join(TOTALS_FILE)).ok()?;
    parse_totals(&text, &segments_key(searcher), fields)
}

/// The totals of a digest's text: one for each ranked field, each once.
fn parse_totals(text: &str, key: &str, fields: &Fields) -> Option<Vec<(Field, u64)>> {
    let from = body(text, VERSION, key)?;
    let totals = text[from..]
        .lines()
        .map(|line| {
            let (field, total) = line.split_once(' ')?;
            Some((
                Field::from_field_id(field.parse().ok()?),
                total.parse().ok()?,
            ))
        })
        .collect::<Option<Vec<(Field, u64)>>>()?;
    let mut got: Vec<Field> = totals.iter().map(|&(field, _)| field).collect();
    let mut wanted = ranked_fields(fields).to_vec();
    got.sort();
    wanted.sort();
    (got == wanted).then_some(totals)
}

/// The text of a digest file after its version and key lines, when it has that
/// version, was computed on the segments `key` names, and was written whole.
fn body(text: &str, version: &str, key: &str) -> Option<usize> {
    let (first, rest) = text.split_once('\n')?;
    let (second, _) = rest.split_once('\n')?;
    // A file cut short (a full disk) is not read.
    (first == version && second == key && text.ends_with('\n'))
        .then_some(first.len() + second.len() + 2)
}

/// The indexed files of a digest, by path.
pub(super) struct Files {
    text: String,
    /// Where each path starts in `text`; each ends with a line break.
    starts: Vec<usize>,
}

impl Files {
    /// The digest's files in `folder`, when it was computed on the segments
    /// `searcher` sees.
    pub(super) fn read(folder: &Path, searcher: &Searcher) -> Option<Files> {
        let text = fs::read_to_string(folder.join(FILES_FILE)).ok()?;
        Files::parse(text, &segments_key(searcher))
    }

    fn parse(text: String, key: &str) -> Option<Files> {
        let from = body(&text, FILES_VERSION, key)?;
        let mut starts = Vec::new();
        let mut at = from;
        while at < text.len() {
            starts.push(at);
            at += text[at..].find('\n')? + 1;
        }
        let files = Files { text, starts };
        // In strictly increasing order, as written: else a path could not be found.
        let ordered = (1..files.len()).all(|i| files.path(i - 1) < files.path(i));
        (ordered && files.paths().all(|path| !path.is_empty())).then_some(files)
    }

    fn path(&self, i: usize) -> &str {
        let end = self.starts.get(i + 1).map_or(self.text.len(), |&next| next);
        &self.text[self.starts[i]..end - 1]
    }

    /// How many files there are.
    pub(super) fn len(&self) -> usize {
        self.starts.len()
    }

    /// The paths, sorted.
    pub(super) fn paths(&self) -> impl Iterator<Item = &str> {
        (0..self.starts.len()).map(|i| self.path(i))
    }

    /// Where a path is among the paths.
    pub(super) fn position(&self, path: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.starts.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.path(middle).cmp(path) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle),
            }
        }
        None
    }
}

/// The hashes of a digest's files, in the order of its paths.
pub(super) struct Hashes {
    text: String,
    from: usize,
}

impl Hashes {
    /// The digest's hashes in `folder`, when it was computed on the segments
    /// `searcher` sees and holds one for each of `files` files.
    pub(super) fn read(folder: &Path, searcher: &Searcher, files: usize) -> Option<Hashes> {
        let text = fs::read_to_string(folder.join(HASHES_FILE)).ok()?;
        Hashes::parse(text, &segments_key(searcher), files)
    }

    fn parse(text: String, key: &str, files: usize) -> Option<Hashes> {
        let from = body(&text, HASHES_VERSION, key)?;
        (text.len() - from == files * (HASH_LEN + 1)).then_some(Hashes { text, from })
    }

    /// The blake3 hash (hex) of the `i`-th file's indexed bytes.
    pub(super) fn get(&self, i: usize) -> Option<&str> {
        let at = self.from + i * (HASH_LEN + 1);
        self.text.get(at..at + HASH_LEN)
    }
}

/// The paths among a `path` field's terms that are files: a directory's path is
/// the folder of another path, the root's is empty.
pub(super) fn file_paths(paths: Vec<String>) -> Vec<String> {
    let folders: std::collections::HashSet<&str> = paths
        .iter()
        .flat_map(|path| path.match_indices('/').map(|(i, _)| &path[..i]))
        .collect();
    let files: Vec<bool> = paths
        .iter()
        .map(|path| !path.is_empty() && !folders.contains(path.as_str()))
        .collect();
    paths
        .into_iter()
        .zip(files)
        .filter_map(|(path, file)| file.then_some(path))
        .collect()
}

/// The tokens of a field over the live documents, as tantivy stores each document's
/// length (exact up to 40 tokens, then rounded): the same for the same document in
/// any index, unlike the exact per-segment totals, which include deleted documents.
pub(super) fn live_tokens(searcher: &Searcher, field: Field) -> tantivy::Result<u64> {
    let mut total = 0u64;
    for segment in searcher.segment_readers() {
        let norms = segment.get_fieldnorms_reader(field)?;
        total += segment
            .doc_ids_alive()
            .map(|doc| u64::from(norms.fieldnorm(doc)))
            .sum::<u64>();
    }
    Ok(total)
}

/// The terms of a raw-string field that some live document holds, sorted.
pub(super) fn live_terms(searcher: &Searcher, field: Field) -> tantivy::Result<Vec<String>> {
    let mut terms_found = Vec::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut terms = inverted.terms().stream()?;
        let any_deleted = segment.num_deleted_docs() > 0;
        while terms.advance() {
            let Ok(text) = std::str::from_utf8(terms.key()) else {
                continue;
            };
            if !any_deleted {
                terms_found.push(text.to_string());
                continue;
            }
            // Deleted documents keep their terms until a merge: keep live ones only.
            let term = Term::from_field_text(field, text);
            let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != tantivy::TERMINATED && segment.is_deleted(doc) {
                doc = postings.advance();
            }
            if doc != tantivy::TERMINATED {
                terms_found.push(text.to_string());
            }
        }
    }
    terms_found.sort();
    terms_found.dedup();
    Ok(terms_found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_no_files() {
        let terms = ["", "a", "a/b", "a/b/c.py", "a/d.py", "e.py", "f"].map(String::from);
        assert_eq!(
            file_paths(terms.to_vec()),
            ["a/b/c.py", "a/d.py", "e.py", "f"]
        );
    }

    #[test]
    fn files_and_hashes_are_read_back_and_only_for_their_segments() {
        let text = format!("{FILES_VERSION}\nseg:1\na.py\na/b c.py\nz.rs\n");
        let files = Files::parse(text.clone(), "seg:1").expect("the key matches");
        assert_eq!(
            files.paths().collect::<Vec<_>>(),
            ["a.py", "a/b c.py", "z.rs"]
        );
        assert_eq!(files.position("a/b c.py"), Some(1));
        assert_eq!(files.position("z.rs"), Some(2));
        assert_eq!(files.position("a.py"), Some(0));
        assert_eq!(files.position("b.py"), None);
        assert!(Files::parse(text.clone(), "seg:2").is_none());
        assert!(
            Files::parse(
                text.replace(FILES_VERSION, "pyramid digest-files 1"),
                "seg:1"
            )
            .is_none()
        );
        // Cut short: not trusted.
        assert!(Files::parse(text.trim_end().to_string(), "seg:1").is_none());
        for hostile in ["z.rs\na.py\n", "a.py\na.py\n", "a.py\n\nz.rs\n"] {
            let text = format!("{FILES_VERSION}\nseg:1\n{hostile}");
            assert!(Files::parse(text, "seg:1").is_none(), "{hostile:?}");
        }
        let empty = Files::parse(format!("{FILES_VERSION}\nseg:1\n"), "seg:1").expect("no files");
        assert_eq!(empty.paths().count(), 0);
        assert_eq!(empty.position("a.py"), None);

        let (h0, h1) = ("0".repeat(HASH_LEN), "f".repeat(HASH_LEN));
        let text = format!("{HASHES_VERSION}\nseg:1\n{h0}\n{h1}\n");
        let hashes = Hashes::parse(text.clone(), "seg:1", 2).expect("two hashes");
        assert_eq!(hashes.get(0), Some(h0.as_str()));
        assert_eq!(hashes.get(1), Some(h1.as_str()));
        assert_eq!(hashes.get(2), None);
        assert!(
            Hashes::parse(text.clone(), "seg:1", 3).is_none(),
            "one per file"
        );
        assert!(Hashes::parse(text, "seg:2", 2).is_none());
    }

    #[test]
    fn totals_are_read_only_whole_and_for_every_ranked_field() {
        let (_, fields) = crate::store::schema::schema();
        let lines: String = ranked_fields(&fields)
            .iter()
            .map(|field| format!("{} 100\n", field.field_id()))
            .collect();
        let text = format!("{VERSION}\nseg:1\n{lines}");
        let totals = parse_totals(&text, "seg:1", &fields).expect("every field once");
        assert_eq!(totals.len(), ranked_fields(&fields).len());
        assert!(parse_totals(&text, "seg:2", &fields).is_none());
        assert!(
            parse_totals(text.trim_end(), "seg:1", &fields).is_none(),
            "cut short"
        );
        let first_line_gone = text.replacen(&format!("{} 100\n", fields.name.field_id()), "", 1);
        assert!(
            parse_totals(&first_line_gone, "seg:1", &fields).is_none(),
            "a field missing"
        );
        assert!(parse_totals(&text.replace(" 100", " x"), "seg:1", &fields).is_none());
    }
}
