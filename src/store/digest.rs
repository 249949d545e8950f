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
//! Two files in the index folder, each written to a temporary name and renamed:
//! `digest` (a version line, the segments, one `field total` line per field) and
//! `digest-files` (the segments, then `hash path` per file in path order), read only
//! when a query needs the paths or a hash.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, Term};

use super::manifest::Manifest;
use super::schema::Fields;

const TOTALS_FILE: &str = "digest";
const FILES_FILE: &str = "digest-files";
/// First line of the totals file: a digest in another layout is not read.
const VERSION: &str = "pyramid digest 1";

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
    let mut files = format!("{key}\n");
    for (path, entry) in &manifest.files {
        if path.contains(['\n', '\r']) || entry.hash.contains([' ', '\n', '\r']) {
            // Such a path cannot be a line: no file list, readers make their own.
            files.clear();
            break;
        }
        let _ = writeln!(files, "{} {path}", entry.hash);
    }
    let _ = replace(&folder.join(TOTALS_FILE), &totals);
    match files.is_empty() {
        true => {
            let _ = fs::remove_file(folder.join(FILES_FILE));
        }
        false => {
            let _ = replace(&folder.join(FILES_FILE), &files);
        }
    }
}

fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, text)?;
    fs::rename(&tmp, path)
}

/// The token totals of the digest in `folder`, by field, when it was computed on the
/// segments `searcher` sees.
pub(super) fn read_totals(folder: &Path, searcher: &Searcher) -> Option<Vec<(Field, u64)>> {
    let text = fs::read_to_string(folder.join(TOTALS_FILE)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != VERSION || lines.next()? != segments_key(searcher) {
        return None;
    }
    lines
        .map(|line| {
            let (field, total) = line.split_once(' ')?;
            Some((
                Field::from_field_id(field.parse().ok()?),
                total.parse().ok()?,
            ))
        })
        .collect()
}

/// The indexed files of a digest: each one's path and hash.
pub(super) struct Files {
    text: String,
    /// Where each file's line starts in `text`, and where its path starts.
    lines: Vec<(usize, usize)>,
}

impl Files {
    /// The digest's files in `folder`, when it was computed on the segments
    /// `searcher` sees.
    pub(super) fn read(folder: &Path, searcher: &Searcher) -> Option<Files> {
        let text = fs::read_to_string(folder.join(FILES_FILE)).ok()?;
        Files::parse(text, &segments_key(searcher))
    }

    /// The files of a digest's text, when it was computed on the segments `key` names.
    fn parse(text: String, wanted: &str) -> Option<Files> {
        let (key, _) = text.split_once('\n')?;
        // A file cut short (a full disk) is not read.
        if key != wanted || !text.ends_with('\n') {
            return None;
        }
        let mut lines = Vec::new();
        let mut at = key.len() + 1;
        while at < text.len() {
            let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
            let path = text[at..end].find(' ')? + at + 1;
            lines.push((at, path));
            at = end + 1;
        }
        Some(Files { text, lines })
    }

    fn line(&self, i: usize) -> (&str, &str) {
        let (start, path) = self.lines[i];
        let end = self
            .lines
            .get(i + 1)
            .map_or(self.text.len(), |&(next, _)| next)
            - 1;
        (&self.text[start..path - 1], &self.text[path..end])
    }

    /// The paths, sorted.
    pub(super) fn paths(&self) -> impl Iterator<Item = &str> {
        (0..self.lines.len()).map(|i| self.line(i).1)
    }

    /// The blake3 hash (hex) of a file's indexed bytes.
    pub(super) fn hash(&self, path: &str) -> Option<&str> {
        let (mut low, mut high) = (0, self.lines.len());
        while low < high {
            let middle = low + (high - low) / 2;
            let (hash, at) = self.line(middle);
            match at.cmp(path) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(hash),
            }
        }
        None
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
    fn files_are_read_back_by_path_and_only_for_their_segments() {
        let text = "seg:1\nh1 a.py\nh2 a/b c.py\nh3 z.rs\n";
        let files = Files::parse(text.to_string(), "seg:1").expect("the key matches");
        assert_eq!(
            files.paths().collect::<Vec<_>>(),
            ["a.py", "a/b c.py", "z.rs"]
        );
        assert_eq!(files.hash("a/b c.py"), Some("h2"));
        assert_eq!(files.hash("z.rs"), Some("h3"));
        assert_eq!(files.hash("a.py"), Some("h1"));
        assert_eq!(files.hash("b.py"), None);
        assert!(Files::parse(text.to_string(), "seg:2").is_none());
        // Cut short: not trusted.
        assert!(Files::parse(text.trim_end().to_string(), "seg:1").is_none());
        let empty = Files::parse("seg:1\n".to_string(), "seg:1").expect("no files");
        assert_eq!(empty.paths().count(), 0);
        assert_eq!(empty.hash("a.py"), None);
    }
}
