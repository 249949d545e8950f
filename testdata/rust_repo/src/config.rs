use std::collections::HashMap;
use std::fmt;

use super::store::Writer;
use crate::store::Store;

/// Default location of the configuration file.
pub const DEFAULT_PATH: &str = "kvstore.conf";

static MAX_ENTRIES: usize = 1024;

/// Result type used by configuration operations.
pub type Result<T> = std::result::Result<T, String>;

/// Builds a namespaced configuration key at compile time.
macro_rules! config_key {
    ($section:expr, $name:expr) => {
        concat!($section, ".", $name)
    };
}

/// Runtime settings for a key-value store.
///
/// A `Config` is usually loaded from disk with [`Config::load`].
#[derive(Debug, Clone)]
pub struct Config {
    /// Path of the backing file.
    pub path: String,
    pub format: Format,
    entries: HashMap<String, String>,
    pub read_only: bool,
    max_entries: usize,
}

impl Config {
    /// Separator between keys and values in the config file.
    pub const SEPARATOR: char = '=';

    /// Creates an empty configuration stored at `path`.
    pub fn new(path: &str) -> Self {
        Config {
            path: path.to_string(),
            format: Format::Ini,
            entries: HashMap::new(),
            read_only: false,
            max_entries: MAX_ENTRIES,
        }
    }

    /// Loads a configuration from the file at `path`.
    ///
    /// Lines that do not contain a separator are skipped.
    pub fn load(path: &str) -> Result<Config> {
        let store = Store::open(path);
        let mut config = Config::new(path);
        for line in store.lines() {
            if let Some((key, value)) = Self::parse_line(&line) {
                config.entries.insert(key, value);
            }
        }
        Ok(config)
    }

    /// Writes all entries back to the backing file and returns how many were written.
    pub fn save(&self) -> Result<usize> {
        if self.read_only {
            return Err(format!("{} is read-only", self.path));
        }
        let mut writer = Writer::from(self.path.as_str());
        for (key, value) in &self.entries {
            writer.write_entry(key, value);
        }
        writer.commit().map_err(|e| e.to_string())
    }

    /// Returns the value stored under `key`, if any.
    pub fn get(&self, key: &str) -> Option<&String> {
        self.entries.get(key)
    }

    pub fn set(&mut self, key: &str, value: &str) -> bool {
        if self.entries.len() >= self.max_entries {
            return false;
        }
        self.entries.insert(key.to_string(), value.to_string());
        true
    }

    fn parse_line(line: &str) -> Option<(String, String)> {
        let (key, value) = line.split_once(Self::SEPARATOR)?;
        Some((key.trim().to_string(), value.trim().to_string()))
    }
}

impl fmt::Display for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Config({}, {} entries)", self.path, self.entries.len())
    }
}

impl Default for Config {
    fn default() -> Self {
        Config::new(DEFAULT_PATH)
    }
}

/// On-disk formats understood by the loader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON documents.
    Json,
    Toml,
    /// Flat `key = value` files.
    Ini,
}

/// Types that can check their own consistency.
pub trait Validate {
    /// Returns `true` when the value is valid.
    fn validate(&self) -> bool;

    fn name(&self) -> &str {
        "x"
    }
}

impl Validate for Config {
    fn validate(&self) -> bool {
        !self.path.is_empty() && self.entries.len() <= self.max_entries
    }
}

/// Raw representation of a config value shared with C code.
#[repr(C)]
pub union RawValue {
    pub int: i64,
    pub float: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_defaults() {
        let config = Config::default();
        assert_eq!(config.path, DEFAULT_PATH);
        assert!(config.get(config_key!("core", "name")).is_none());
        assert!(config.validate());
    }
}
