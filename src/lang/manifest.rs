//! What the languages' manifest readers share: the dependency a manifest declares,
//! and reading TOML.

use std::collections::HashMap;

use toml::{Table, Value};

/// A dependency one manifest declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// The name code imports it by, as [`LanguageSupport::origin_keys`] writes its
    /// keys (Rust: the crate name with `-` as `_`; Python: the normalized distribution;
    /// Go: the module path; JavaScript: the package name; Java: a group).
    ///
    /// [`LanguageSupport::origin_keys`]: super::LanguageSupport::origin_keys
    pub import_key: String,
    /// The package's name as declared (`PyYAML`, `serde_json`, `com.google.guava:guava`).
    pub name: String,
    /// The version requirement as declared, when given.
    pub version: Option<String>,
}

/// What manifests read root first hand down to those below them, by key (Cargo's
/// `[workspace.dependencies]`: a member's `{ workspace = true }` takes its version).
pub type Inherited = HashMap<String, (String, Option<String>)>;

/// The table of a TOML manifest, or why it is none (`invalid TOML at line 3: …`).
pub(crate) fn toml_table(text: &str) -> Result<Table, String> {
    toml::from_str::<Table>(text).map_err(|error| {
        let offset = error.span().map_or(0, |span| span.start);
        let line = text.bytes().take(offset).filter(|&b| b == b'\n').count() + 1;
        let message = error.message().trim().replace('\n', " ");
        format!("invalid TOML at line {line}: {message}")
    })
}

/// The entries of `value` when it is a table, else none.
pub(crate) fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_table).into_iter().flatten()
}

/// The members of `value` when it is a table, else none.
pub(crate) fn members(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    value
        .and_then(Value::as_table)
        .into_iter()
        .flat_map(|table| table.values())
}

/// The string items of `value` when it is an array, else none.
pub(crate) fn string_items(value: Option<&Value>) -> impl Iterator<Item = &str> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}
