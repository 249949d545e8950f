//! Writes the pyramid: one session per `pyramid index`, holding the lock, adding and
//! removing files' documents, then committing the tree and manifest with them.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use tantivy::schema::Schema;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use super::schema::{
    Fields, MANIFEST_GROUP, SOURCE_KIND, TEXT_KIND, TEXT_LANG, TREE_GROUP, schema,
};
use super::{
    LOCK_FILE, Location, Manifest, POINTER_FILE, Pointer, corrupt, format_version, live_index,
    read_pointer,
};
use crate::error::{Error, Result};
use crate::pyramid::Node;

/// Memory for tantivy's indexing threads, in all.
const WRITER_MEMORY: usize = 128 * 1024 * 1024;
/// Bytes of file sources held back before they are written together.
const SOURCE_BATCH: usize = 2 * 1024 * 1024;

/// An open write session. Dropping it without [`WriteSession::commit`] changes nothing.
pub struct WriteSession {
    location: Location,
    index: Index,
    /// The folder the index is in (its [digest](super::digest) is written there).
    folder: std::path::PathBuf,
    fields: Fields,
    previous: Manifest,
    /// The folder of a new index, made live by `commit` (rebuilds and first runs).
    new_folder: Option<String>,
    writer: OnceLock<std::result::Result<IndexWriter<TantivyDocument>, String>>,
    /// Files' source documents not yet written, with their paths and bytes: written
    /// in batches, apart from the nodes, so that the document store's blocks of
    /// nodes hold no sources (a search loads nodes, and each load decompresses a
    /// whole block).
    sources: Mutex<(Vec<(String, TantivyDocument)>, usize)>,
    _lock: File,
}

impl WriteSession {
    /// Takes the writer lock and opens the live index, or starts a new one when
    /// there is none or `rebuild` is set.
    pub fn open(location: &Location, rebuild: bool) -> Result<WriteSession> {
        let index_dir = &location.index_dir;
        if index_dir.exists() && !index_dir.is_dir() {
            return Err(Error::IndexDirIsFile(index_dir.clone()));
        }
        fs::create_dir_all(index_dir).map_err(|e| unwritable(index_dir, e))?;
        let gitignore = index_dir.join(".gitignore");
        if !gitignore.exists() {
            // Keep the index out of version control; failure to write this is harmless.
            let _ = fs::write(
                &gitignore,
                "# Written by pyramid: the index is a cache.\n*\n",
            );
        }
        let lock_path = index_dir.join(LOCK_FILE);
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| match unwritable(index_dir, e) {
                Error::Io { error, .. } => {
                    Error::io("cannot open the lock file", &lock_path, error)
                }
                denied => denied,
            })?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Err(Error::Locked(index_dir.clone())),
            Err(fs::TryLockError::Error(e)) => return Err(Error::io("cannot lock", &lock_path, e)),
        }

        let (_, fields) = schema();
        // Folders of interrupted runs go; the live one stays until a rebuild replaces it.
        // Only when `CURRENT` can be read: a failed read must not cost the live index.
        if let Ok(pointer) = read_pointer(index_dir) {
            remove_stale_folders(index_dir, pointer.map(|p| p.index).as_deref());
        }
        let pointer = if rebuild {
            None
        } else {
            read_pointer(index_dir)?
        };
        let session = match pointer {
            Some(pointer) => {
                let folder = live_index(index_dir, &pointer)?;
                let index = Index::open_in_dir(&folder).map_err(|e| corrupt(index_dir, e))?;
                super::tokenizer::register(&index);
                let previous = super::reader::load_manifest(&index, &fields, index_dir)?;
                WriteSession {
                    location: location.clone(),
                    index,
                    folder,
                    fields,
                    previous,
                    new_folder: None,
                    writer: OnceLock::new(),
                    sources: Mutex::default(),
                    _lock: lock,
                }
            }
            None => {
                let name = new_folder_name(index_dir);
                let folder = index_dir.join(&name);
                fs::create_dir_all(&folder).map_err(|e| Error::io("cannot create", &folder, e))?;
                let (schema, _): (Schema, _) = schema();
                let index = Index::create_in_dir(&folder, schema)?;
                super::tokenizer::register(&index);
                WriteSession {
                    location: location.clone(),
                    index,
                    folder,
                    fields,
                    previous: Manifest::default(),
                    new_folder: Some(name),
                    writer: OnceLock::new(),
                    sources: Mutex::default(),
                    _lock: lock,
                }
            }
        };
        Ok(session)
    }

    /// The manifest of the index as it was when the session opened (empty for a new
    /// index), taken out of the session: it is the session's caller that compares it.
    pub fn take_previous(&mut self) -> Manifest {
        std::mem::take(&mut self.previous)
    }

    fn writer(&self) -> Result<&IndexWriter<TantivyDocument>> {
        let writer = self.writer.get_or_init(|| {
            // One indexing thread: on two cores a second one only competes with parsing.
            self.index
                .writer_with_num_threads(1, WRITER_MEMORY)
                .map_err(|e| e.to_string())
        });
        writer
            .as_ref()
            .map_err(|e| corrupt(&self.location.index_dir, e))
    }

    /// Removes every document of a file.
    pub fn remove_file(&self, path: &str) -> Result<()> {
        self.held_sources().0.retain(|(held, _)| held != path);
        if self.new_folder.is_none() {
            self.writer()?
                .delete_term(Term::from_field_text(self.fields.group, path));
        }
        Ok(())
    }

    /// Replaces a file's documents with its nodes and source text. Safe to call from
    /// several threads at once.
    pub fn put_file(&self, path: &str, nodes: &[Node], source: &str) -> Result<()> {
        self.remove_file(path)?;
        let writer = self.writer()?;
        for (node, own) in nodes.iter().zip(own_texts(nodes, source)) {
            let mut doc = self.node_document(node, path);
            if !own.is_empty() {
                let field = match node.is_text() {
                    true => self.fields.prose,
                    false => self.fields.inner,
                };
                doc.add_text(field, own);
            }
            writer.add_document(doc)?;
        }
        let mut doc = TantivyDocument::default();
        doc.add_text(self.fields.group, path);
        doc.add_text(self.fields.path, path);
        doc.add_bytes(self.fields.source, source.as_bytes());
        if nodes.first().is_some_and(|file| file.lang.is_some()) {
            doc.add_text(self.fields.kind, SOURCE_KIND);
            // The path's words twice, as the file's name: a file is often found by it.
            let words = path.replace(['/', '.'], " ");
            doc.add_text(self.fields.body, format!("{words} {words}\n{source}"));
        } else {
            doc.add_text(self.fields.kind, TEXT_KIND);
            doc.add_text(self.fields.lang, TEXT_LANG);
        }
        let batch = {
            let mut held = self.held_sources();
            held.0.push((path.to_string(), doc));
            held.1 += source.len();
            if held.1 < SOURCE_BATCH {
                return Ok(());
            }
            held.1 = 0;
            std::mem::take(&mut held.0)
        };
        for (_, doc) in batch {
            writer.add_document(doc)?;
        }
        Ok(())
    }

    /// The source documents held back. A panic elsewhere while holding them leaves
    /// them as they were: still whole documents.
    fn held_sources(&self) -> std::sync::MutexGuard<'_, (Vec<(String, TantivyDocument)>, usize)> {
        self.sources
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn node_document(&self, node: &Node, group: &str) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &node.id);
        if let Some(parent) = &node.parent {
            doc.add_text(f.parent, parent);
        }
        doc.add_text(f.group, group);
        doc.add_text(f.kind, node.kind.name());
        doc.add_text(f.path, &node.path);
        if let Some(lang) = node.lang {
            doc.add_text(f.lang, lang.name());
        }
        if node.is_text() {
            // Searched by one field of their own (see `Fields::prose`); they define no
            // name the reference graph could resolve to.
            doc.add_text(f.lang, TEXT_LANG);
            let words = node.id.replace(['/', '.', ':', '-'], " ");
            doc.add_text(f.prose, format!("{words}\n{}\n{}", node.gist, node.head));
        } else {
            self.code_fields(&mut doc, node);
        }
        doc.add_u64(f.ord, u64::from(node.ord));
        // Serializing plain data with string keys cannot fail.
        doc.add_bytes(f.node, &serde_json::to_vec(node).unwrap_or_default());
        doc
    }

    /// The fields code is found by: its names, prose, uses and shape.
    fn code_fields(&self, doc: &mut TantivyDocument, node: &Node) {
        let f = &self.fields;
        // The node's own name, then the words of its id: for items the enclosing names
        // (`Writer::commit`), for files and directories their path. The name comes
        // twice, so that it counts more than its enclosing names. (One field, not two:
        // every field costs index time on every node.)
        let qualified = node
            .id
            .split_once("::")
            .map_or(node.id.as_str(), |(_, local)| local);
        doc.add_text(f.name, format!("{} {qualified}", node.name));
        // The gist and the head (signature, doc summary): the full doc costs index
        // time out of proportion to what it adds to a node's match.
        doc.add_text(f.text, format!("{}\n{}", node.gist, node.head));
        doc.add_text(f.defines, &node.name);
        let mut uses: Vec<&str> = node
            .refs
            .iter()
            .map(|r| crate::graph::target_name(&r.name))
            .collect();
        uses.sort_unstable();
        uses.dedup();
        for name in uses {
            doc.add_text(f.uses, name);
        }
        if !node.shape.is_empty() {
            let mut shapes = node.shape.clone();
            shapes.dedup();
            for shape in shapes {
                doc.add_text(f.shape, crate::shape::term(shape));
            }
            doc.add_bytes(f.shape_data, &crate::shape::to_bytes(&node.shape));
        }
    }

    /// Replaces the directory and root nodes and the manifest, and commits everything
    /// at once. A new index becomes live only now.
    pub fn commit(self, tree: &[Node], manifest: &Manifest) -> Result<()> {
        let writer = self.writer()?;
        let f = &self.fields;
        for (_, doc) in std::mem::take(&mut self.held_sources().0) {
            writer.add_document(doc)?;
        }
        writer.delete_term(Term::from_field_text(f.group, TREE_GROUP));
        writer.delete_term(Term::from_field_text(f.group, MANIFEST_GROUP));
        for node in tree {
            writer.add_document(self.node_document(node, TREE_GROUP))?;
        }
        let mut doc = TantivyDocument::default();
        doc.add_text(f.group, MANIFEST_GROUP);
        doc.add_text(f.kind, MANIFEST_GROUP);
        doc.add_bytes(
            f.manifest,
            &serde_json::to_vec(manifest).unwrap_or_default(),
        );
        writer.add_document(doc)?;

        let WriteSession {
            location,
            index,
            folder,
            fields,
            new_folder,
            writer: cell,
            ..
        } = self;
        let Some(Ok(mut writer)) = cell.into_inner() else {
            return Err(corrupt(
                &location.index_dir,
                "the index writer could not start",
            ));
        };
        writer.commit()?;
        writer.wait_merging_threads()?;
        // Before a new folder goes live, so that its first readers find the digest.
        let reader: tantivy::Result<tantivy::IndexReader> = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into();
        if let Ok(reader) = reader {
            super::digest::write(&folder, &reader.searcher(), &fields, manifest);
        }
        if let Some(name) = new_folder {
            publish(&location, &name)?;
            remove_stale_folders(&location.index_dir, Some(&name));
        } else if let Ok(Some(pointer)) = read_pointer(&location.index_dir)
            && pointer.repo_root != location.repo_root
        {
            // The repository moved: `--index-dir` alone must find it at its new place.
            publish(&location, &pointer.index)?;
        }
        Ok(())
    }
}

/// Makes a new index folder live by replacing `CURRENT` atomically.
fn publish(location: &Location, folder: &str) -> Result<()> {
    let pointer = Pointer {
        format: format_version(),
        index: folder.to_string(),
        repo_root: location.repo_root.clone(),
    };
    let dir = &location.index_dir;
    let tmp = dir.join(format!("{POINTER_FILE}.tmp"));
    let text = serde_json::to_string_pretty(&pointer).unwrap_or_default();
    let write = || -> std::io::Result<()> {
        let mut file = File::create(&tmp)?;
        std::io::Write::write_all(&mut file, text.as_bytes())?;
        file.sync_all()?;
        fs::rename(&tmp, dir.join(POINTER_FILE))?;
        // Make the rename durable; not every platform can sync a directory.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    };
    write().map_err(|e| Error::io("cannot update", dir.join(POINTER_FILE), e))
}

fn new_folder_name(index_dir: &Path) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut name = format!("index-{nanos:x}");
    let mut n = 1;
    while index_dir.join(&name).exists() {
        name = format!("index-{nanos:x}-{n}");
        n += 1;
    }
    name
}

/// Deletes index folders left by interrupted rebuilds or replaced by one. Only called
/// while holding the lock. Readers with files of an old folder open keep them.
fn remove_stale_folders(index_dir: &Path, live: Option<&str>) {
    let Ok(entries) = fs::read_dir(index_dir) else {
        return;
    };
    let stale: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with("index-") && Some(name.as_str()) != live && e.path().is_dir()
        })
        .map(|e| e.path())
        .collect();
    for path in stale {
        let _ = fs::remove_dir_all(path);
    }
}

/// The error for an index directory that cannot be made or written: a read-only
/// tree says to keep the index elsewhere.
fn unwritable(index_dir: &Path, error: std::io::Error) -> Error {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            Error::IndexDirUnwritable {
                path: index_dir.to_path_buf(),
                error,
            }
        }
        _ => Error::io("cannot create the index directory", index_dir, error),
    }
}

/// Each node's own text: the source of its span less the spans of the nodes inside
/// it (a class's own text is its header, docs and fields; its methods have theirs;
/// a file's is what lies outside its definitions). Pieces are joined by newlines.
fn own_texts(nodes: &[Node], source: &str) -> Vec<String> {
    let spans: Vec<Option<(usize, usize)>> = nodes
        .iter()
        .map(|n| {
            n.span
                .map(|s| (s.start_byte as usize, s.end_byte as usize))
                .filter(|&(from, to)| from <= to && to <= source.len())
        })
        .collect();
    let mut children: std::collections::HashMap<&str, Vec<(usize, usize)>> =
        std::collections::HashMap::new();
    for (node, span) in nodes.iter().zip(&spans) {
        if let (Some(parent), Some(span)) = (node.parent.as_deref(), span) {
            children.entry(parent).or_default().push(*span);
        }
    }
    nodes
        .iter()
        .zip(&spans)
        .map(|(node, span)| {
            let Some((from, to)) = *span else {
                return String::new();
            };
            let mut inside = children.remove(node.id.as_str()).unwrap_or_default();
            inside.sort_unstable();
            let mut own = String::new();
            let mut at = from;
            for (start, end) in inside {
                if start > at {
                    own.push_str(source.get(at..start).unwrap_or(""));
                    own.push('\n');
                }
                at = at.max(end);
            }
            if at < to {
                own.push_str(source.get(at..to).unwrap_or(""));
            }
            own
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_only_place_says_to_keep_the_index_elsewhere() {
        let dir = Path::new("/ro/.pyramid");
        for kind in [
            std::io::ErrorKind::PermissionDenied,
            std::io::ErrorKind::ReadOnlyFilesystem,
        ] {
            let message = unwritable(dir, kind.into()).to_string();
            assert!(message.contains("--index-dir"), "{message}");
        }
        let other = unwritable(dir, std::io::ErrorKind::StorageFull.into()).to_string();
        assert!(
            other.starts_with("cannot create the index directory"),
            "{other}"
        );
    }
}
