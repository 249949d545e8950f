//! The manifest: what was indexed, from which bytes. Stored as a document of the
//! index, so it is committed atomically with the nodes it describes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::grammar::Lang;
use crate::pyramid::FileSummary;

/// One indexed file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Language; `None` for a text file that is no code (docs, settings).
    pub lang: Option<Lang>,
    /// Size in bytes.
    pub size: u64,
    /// Modification time (ns since the epoch) when indexed.
    pub mtime_ns: u64,
    /// blake3 of the content, full hex.
    pub hash: String,
    /// The file node's gist, for directory summaries.
    pub gist: String,
    /// Whether that gist comes from the file's documentation.
    pub documented: bool,
    /// How many nodes the file contributed.
    pub nodes: u32,
    /// Whether tree-sitter found syntax errors.
    pub has_errors: bool,
}

/// One skipped file, remembered so `status` does not call it new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedEntry {
    /// Size in bytes when skipped.
    pub size: u64,
    /// Modification time when skipped.
    pub mtime_ns: u64,
    /// Why.
    pub reason: String,
}

/// Everything known about the indexed snapshot.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Index format version.
    pub format: String,
    /// Absolute path of the repository when indexed.
    pub repo_root: String,
    /// The size limit files were indexed with.
    #[serde(default)]
    pub max_file_size: Option<u64>,
    /// Indexed files by path.
    pub files: BTreeMap<String, FileEntry>,
    /// Skipped files of a known language, by path.
    pub skipped: BTreeMap<String, SkippedEntry>,
    /// The README text used for the root summary (first paragraphs only).
    pub readme: Option<String>,
    /// When the index was last committed, seconds since the epoch.
    pub indexed_at: u64,
}

impl Manifest {
    /// The paths of the code files, which the directory nodes are made of.
    pub fn code_paths(&self) -> impl Iterator<Item = &str> {
        self.files
            .iter()
            .filter(|(_, entry)| entry.lang.is_some())
            .map(|(path, _)| path.as_str())
    }

    /// The summaries directories are built from, in path order: code files only, so
    /// that docs and settings do not crowd the top of the pyramid.
    pub fn file_summaries(&self) -> Vec<FileSummary> {
        self.files
            .iter()
            .filter_map(|(path, entry)| Some((path, entry, entry.lang?)))
            .map(|(path, entry, lang)| FileSummary {
                path: path.clone(),
                lang,
                gist: entry.gist.clone(),
                documented: entry.documented,
                hash: entry.hash[..16.min(entry.hash.len())].to_string(),
            })
            .collect()
    }

    /// The languages of the indexed files, in name order.
    pub fn languages(&self) -> Vec<Lang> {
        let mut langs: Vec<Lang> = self.files.values().filter_map(|entry| entry.lang).collect();
        langs.sort_by_key(|lang| lang.name());
        langs.dedup();
        langs
    }

    /// The paths of the indexed code files, in order.
    pub fn code_files(&self) -> impl Iterator<Item = &String> {
        self.files
            .iter()
            .filter(|(_, entry)| entry.lang.is_some())
            .map(|(path, _)| path)
    }

    /// Total nodes in the index: every file's nodes plus the directories and root.
    pub fn node_count(&self, tree_nodes: usize) -> u64 {
        self.files.values().map(|f| u64::from(f.nodes)).sum::<u64>() + tree_nodes as u64
    }
}
