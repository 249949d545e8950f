//! The facts of a language that are no query: `grammars/<lang>/language.toml`. Each
//! stage asks them instead of matching on the language, so that a language is a
//! folder of data (see `grammars/README.md`).

use serde::Deserialize;

/// What `language.toml` says.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// The language's name: its folder, its ids, `--lang`, JSON's `lang`.
    pub name: String,
    /// Its name in prose ("Rust file: 2 structs").
    pub title: String,
    /// File name extensions, without the dot.
    pub extensions: Vec<String>,
    /// A word list beside the file: names every module may use without importing
    /// them (Python's builtins, Rust's prelude).
    #[serde(default)]
    pub builtins: Option<String>,
    /// Where tests live.
    #[serde(default)]
    pub tests: Tests,
    /// Structural fingerprints.
    #[serde(default)]
    pub shape: Shape,
}

/// Where tests live, by the conventions of a language's test runners: test code is
/// weighted down in rankings unless a task is about tests.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Tests {
    /// Directories whose files are tests (`tests/`).
    pub dirs: Vec<String>,
    /// File stems that are tests (`conftest`).
    pub file_stems: Vec<String>,
    /// Prefixes of test files' stems (`test_`).
    pub file_prefixes: Vec<String>,
    /// Suffixes of test files' stems (`_test`).
    pub file_suffixes: Vec<String>,
    /// Inline test modules: an id passing through one (`::tests::`) is a test.
    pub modules: Vec<String>,
    /// Prefixes of test functions' names (`test_`).
    pub function_prefixes: Vec<String>,
}

impl Tests {
    /// Whether a file's stem (its name less the extension) names a test file.
    pub fn is_test_file(&self, stem: &str) -> bool {
        self.file_stems.iter().any(|s| s == stem)
            || self.file_prefixes.iter().any(|p| stem.starts_with(p.as_str()))
            || self.file_suffixes.iter().any(|s| stem.ends_with(s.as_str()))
    }

    /// Whether a definition, by its id and name, is test code.
    pub fn is_test_item(&self, id: &str, name: &str) -> bool {
        self.modules.iter().any(|module| {
            id.contains(&format!("::{module}::")) || id.ends_with(&format!("::{module}"))
        }) || self
            .function_prefixes
            .iter()
            .any(|p| name.starts_with(p.as_str()))
    }
}

/// What structural fingerprints need to know.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Shape {
    /// Named node kinds that are values written in the code: one kind to a
    /// fingerprint, so that changing `0.5` to `2` keeps the shape.
    pub literal_kinds: Vec<String>,
}

impl Facts {
    /// Reads a `language.toml`.
    pub fn parse(text: &str) -> Result<Facts, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use crate::grammar::Lang;

    #[test]
    fn every_shipped_language_toml_is_whole_and_true_to_its_folder() {
        let mut extensions = std::collections::HashSet::new();
        for lang in Lang::ALL {
            let facts = lang.facts();
            // The enum's name (ids, JSON, `--lang`) is the folder's and the file's.
            assert_eq!(facts.name, lang.name());
            assert!(!facts.title.is_empty(), "{lang}: no title");
            assert!(!facts.extensions.is_empty(), "{lang}: no extensions");
            for ext in &facts.extensions {
                assert!(extensions.insert(ext.clone()), "{lang}: `.{ext}` claimed twice");
                assert_eq!(Lang::from_path(&format!("a/b.{ext}")), Some(lang));
            }
            if let Some(list) = &facts.builtins {
                let words = lang.file(list).unwrap_or_else(|| panic!("{lang}: no {list}"));
                assert!(crate::grammar::word_list(words).count() > 10, "{lang}: {list}");
            }
            // Every literal kind is a named kind of the grammar: a typo would make
            // literals shape like any other node.
            let language = lang.language();
            for kind in &facts.shape.literal_kinds {
                assert_ne!(
                    language.id_for_node_kind(kind, true),
                    0,
                    "{lang}: `{kind}` is no named node kind"
                );
            }
            assert!(!facts.tests.dirs.is_empty(), "{lang}: no test directories");
        }
    }

    #[test]
    fn literal_kinds_are_those_the_fingerprints_were_built_with() {
        // The rule fingerprints followed before literal kinds were data: the list must
        // keep every fingerprint (and `shape::VERSION`) as it was.
        let old = |kind: &str| {
            kind.ends_with("_literal")
                || matches!(
                    kind,
                    "integer" | "float" | "string" | "concatenated_string" | "true" | "false" | "none"
                )
        };
        for lang in Lang::ALL {
            let language = lang.language();
            let literals = &lang.facts().shape.literal_kinds;
            for id in 0..language.node_kind_count() as u16 {
                let Some(kind) = language.node_kind_for_id(id) else {
                    continue;
                };
                if language.node_kind_is_named(id) {
                    assert_eq!(
                        literals.iter().any(|l| l == kind),
                        old(kind),
                        "{lang}: `{kind}`"
                    );
                }
            }
        }
    }

    #[test]
    fn unknown_fields_are_refused() {
        let err = super::Facts::parse(
            "name = \"x\"\ntitle = \"X\"\nextensions = [\"x\"]\nextension = \"y\"\n",
        )
        .unwrap_err();
        assert!(err.contains("extension"), "{err}");
    }
}
