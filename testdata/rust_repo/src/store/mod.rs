//! Append-only storage backed by a single file.
//!
//! Entries are buffered in memory and flushed through a [`Writer`].

mod writer;

pub use writer::Writer;

use std::fs;

/// A file-backed collection of lines.
pub struct Store {
    path: String,
    lines: Vec<String>,
}

impl Store {
    /// Opens the store at `path`, reading any existing lines.
    pub fn open(path: &str) -> Store {
        let contents = fs::read_to_string(path).unwrap_or_default();
        Store {
            path: path.to_string(),
            lines: contents.lines().map(String::from).collect(),
        }
    }

    /// Returns a copy of every stored line.
    pub fn lines(&self) -> Vec<String> {
        self.lines.clone()
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn append(&mut self, line: &str) {
        self.lines.push(line.to_string());
    }
}

pub fn compact(path: &str) -> usize {
    let store = Store::open(path);
    let mut writer = Writer::from(path);
    for line in dedup(store.lines()) {
        writer.write_entry(&line, "");
    }
    writer.commit().map(|_| store.len()).unwrap_or(0)
}

fn dedup(mut lines: Vec<String>) -> Vec<String> {
    lines.sort();
    lines.dedup();
    lines
}
