//! `status`: is the index fresh, and which files changed since it was built?

use serde::Serialize;

use crate::error::Result;
use crate::store::{Location, Manifest, Reader};
use crate::walk::{self, WalkOptions};

/// How the working tree differs from the indexed snapshot.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// Nothing changed since the last index.
    pub fresh: bool,
    /// Files indexed.
    pub indexed_files: usize,
    /// When the index was last written, seconds since the epoch.
    pub indexed_at: u64,
    /// Indexed files whose content changed.
    pub modified: Vec<String>,
    /// Files not in the index.
    pub added: Vec<String>,
    /// Indexed files that are gone, or that the next index leaves out (skipped now:
    /// too large for the size limit, binary, a symlink).
    pub deleted: Vec<String>,
}

/// Compares the repository on disk with its index.
/// `max_file_size` defaults to the limit the index was built with.
pub fn status(reader: &Reader, max_file_size: Option<u64>) -> Result<Status> {
    let location: &Location = reader.location();
    let manifest: &Manifest = reader.manifest()?;
    let walked = walk::walk(
        &location.repo_root,
        &WalkOptions {
            max_file_size: max_file_size
                .or(manifest.max_file_size)
                .unwrap_or(crate::indexer::DEFAULT_MAX_FILE_SIZE),
            index_dir: Some(location.index_dir.clone()),
        },
    );
    let mut modified = Vec::new();
    let mut added = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for file in &walked.files {
        seen.insert(file.path.as_str());
        match manifest.files.get(&file.path) {
            Some(entry)
                if entry.size == file.size
                    && entry.mtime_ns == file.mtime_ns
                    && entry.mtime_ns != 0 => {}
            Some(entry) => {
                let changed = walk::read_file(&file.abs)
                    .ok()
                    .flatten()
                    .is_none_or(|b| blake3::hash(&b).to_hex().as_str() != entry.hash);
                if changed {
                    modified.push(file.path.clone());
                }
            }
            None => match manifest.skipped.get(&file.path) {
                Some(skip)
                    if skip.size == file.size
                        && skip.mtime_ns == file.mtime_ns
                        && skip.mtime_ns != 0 => {}
                // Skipped before: new only if its content would be indexed now.
                Some(_) => {
                    let indexable = walk::read_file(&file.abs)
                        .ok()
                        .flatten()
                        .is_some_and(|bytes| walk::check_content(bytes).is_ok());
                    if indexable {
                        added.push(file.path.clone());
                    }
                }
                None => added.push(file.path.clone()),
            },
        }
    }
    // Indexed before, skipped now (too large for the limit, binary, a symlink): the
    // next index removes it, so it is not seen and counts as deleted.
    for skip in &walked.skipped {
        if !manifest.files.contains_key(&skip.path) {
            seen.insert(skip.path.as_str());
        }
    }
    let deleted: Vec<String> = manifest
        .files
        .keys()
        .filter(|p| !seen.contains(p.as_str()))
        .cloned()
        .collect();
    Ok(Status {
        fresh: modified.is_empty() && added.is_empty() && deleted.is_empty(),
        indexed_files: manifest.files.len(),
        indexed_at: manifest.indexed_at,
        modified,
        added,
        deleted,
    })
}
