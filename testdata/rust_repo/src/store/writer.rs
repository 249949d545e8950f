use std::fs::OpenOptions;
use std::io::{self, Write};

/// Buffers entries and writes them to disk on commit.
pub struct Writer {
    path: String,
    pending: Vec<(String, String)>,
}

impl Writer {
    /// Flushes all pending entries to the backing file.
    pub fn commit(&mut self) -> io::Result<usize> {
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        let count = self.pending.len();
        for (key, value) in self.pending.drain(..) {
            let sum = helpers::checksum(key.as_bytes());
            writeln!(file, "{}={} #{:08x}", key, value, sum)?;
        }
        Ok(count)
    }

    /// Discards all pending entries.
    pub fn rollback(&mut self) {
        self.pending.clear();
    }

    pub fn write_entry(&mut self, key: &str, value: &str) {
        self.pending.push((key.to_string(), value.to_string()));
    }
}

impl<T: AsRef<str>> From<T> for Writer {
    fn from(path: T) -> Self {
        Writer {
            path: path.as_ref().to_string(),
            pending: Vec::new(),
        }
    }
}

/// Writes every item of `entries` and commits them in one batch.
pub fn write_all<I, K>(writer: &mut Writer, entries: I) -> io::Result<usize>
where
    I: IntoIterator<Item = (K, K)>,
    K: AsRef<str>,
{
    for (key, value) in entries {
        writer.write_entry(key.as_ref(), value.as_ref());
    }
    writer.commit()
}

mod helpers {
    /// Computes a simple additive checksum of `bytes`.
    pub fn checksum(bytes: &[u8]) -> u32 {
        bytes
            .iter()
            .fold(0u32, |acc, b| acc.wrapping_mul(31).wrapping_add(*b as u32))
    }
}
