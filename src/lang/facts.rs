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
    /// Files of another language's extension this one claims by their content (C++
    /// headers named `.h`).
    #[serde(default)]
    pub sniff: Option<Sniff>,
    /// Languages of one family resolve each other's names (TypeScript code imports
    /// JavaScript modules); absent: a family of its own.
    #[serde(default)]
    pub family: Option<String>,
    /// A word list beside the file: names every module may use without importing
    /// them (Python's builtins, Rust's prelude).
    #[serde(default)]
    pub builtins: Option<String>,
    /// Where tests live.
    #[serde(default)]
    pub tests: Tests,
    /// How doc comments are written, beyond the markers every language shares.
    #[serde(default)]
    pub docs: Docs,
    /// Structural fingerprints.
    #[serde(default)]
    pub shape: Shape,
    /// How code is written, as far as reading a line of it needs.
    pub syntax: Syntax,
    /// What the reference graph needs to know.
    #[serde(default)]
    pub graph: Graph,
    /// Files that stand for their directory (`mod.rs`, `__init__.py`).
    #[serde(default)]
    pub entry_files: Vec<EntryFile>,
}

/// How code is written, as far as reading a line of it needs (`refs` tells a name
/// in code from one in a string or a comment).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Syntax {
    /// Between a module and a name in it (`::`, `.`).
    pub module_separator: String,
    /// What starts a comment running to the end of the line.
    pub line_comments: Vec<String>,
    /// The characters that quote a string.
    pub quotes: Vec<char>,
    /// Prefixes of strings whose `{…}` hold code (Python's `f"…"`).
    #[serde(default)]
    pub format_string_prefixes: Vec<String>,
    /// Code around a `pattern --ast` snippet that is no whole file of the language (a
    /// statement or a call in C, C++, Java): before it and after it, the snippet in a
    /// function body. Absent: a snippet is parsed as a file.
    #[serde(default)]
    pub pattern_context: Option<(String, String)>,
    /// Nodes that wrap one definition with words of its declaration (C++'s `friend`,
    /// `extern "C"`, `template <…>`): the definition spans them.
    #[serde(default)]
    pub definition_wrappers: Vec<String>,
    /// A token that, right after a definition, ends it (the `;` of C's `struct X {…};`).
    #[serde(default)]
    pub definition_end: Option<String>,
}

impl Default for Syntax {
    /// For text of no language: `"` quotes, `//` comments.
    fn default() -> Syntax {
        Syntax {
            module_separator: "::".into(),
            line_comments: vec!["//".into()],
            quotes: vec!['"'],
            format_string_prefixes: Vec::new(),
            pattern_context: None,
            definition_wrappers: Vec::new(),
            definition_end: None,
        }
    }
}

/// Files of other languages' extensions that are this language's when a pattern
/// matches their first 8 KiB, comments left out.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sniff {
    /// The extensions, without the dot.
    pub extensions: Vec<String>,
    /// A regular expression (multi-line: `^` starts a line).
    pub pattern: String,
}

/// How doc comments are written: the markers of `///`, `//!`, `/** */` and docstrings
/// are known for every language; these are a language's own.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Docs {
    /// Markers starting each line of a doc comment (Go's `//`), removed with one space.
    pub line_markers: Vec<String>,
    /// A doc comment is the run of whole-line comments right above its item, which a
    /// blank line ends (Go, where any comment may be one): a comment after code on
    /// its line, or above a blank line, documents nothing below. The file's doc is
    /// the last such run of its own.
    pub whole_line_groups: bool,
    /// What starts a block tag (JSDoc's and Javadoc's `@param`): the description is
    /// the text before the first line starting with one.
    pub tag_marker: Option<String>,
    /// Tags whose text is the description itself (`@file`, `@module`): the tag is
    /// dropped where a doc starts with one.
    pub description_tags: Vec<String>,
}

/// What the reference graph needs to know.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Graph {
    /// Names a method calls its own type's members through (`self.f()`).
    pub receivers: Vec<String>,
    /// Which type of a nested method's id is its owner: `innermost` (`Inner` of
    /// `a.py::Outer::Inner::m`) or `first` (Rust: `T` of `T::Trait::m`).
    pub owner: Owner,
    /// What a plain name sees without an import: its own `file`, or every file of
    /// its `directory` (a Go package).
    pub scope: ImplicitScope,
    /// Whether a call may be of a macro (C's function-like `#define`s).
    pub calls_reach_macros: bool,
    /// The method that builds an instance (`__init__`): a method needs it with its
    /// type.
    pub constructor: Option<String>,
    /// A qualified path written in full whose first segment is lower case names
    /// another package, unless that segment is one of these (Rust: `crate`, `self`,
    /// `super`); absent: such paths say nothing.
    pub qualified_outside: Option<Vec<String>>,
}

impl Default for Graph {
    fn default() -> Graph {
        Graph {
            receivers: ["self", "cls", "Self"].map(String::from).to_vec(),
            owner: Owner::default(),
            scope: ImplicitScope::default(),
            calls_reach_macros: false,
            constructor: None,
            qualified_outside: None,
        }
    }
}

/// Which type of a nested method's id is its owner.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Owner {
    /// The innermost type (`Inner` of `Outer::Inner::m`).
    #[default]
    Innermost,
    /// The first type below the file (`T` of `T::Trait::m`).
    First,
}

/// What a plain name sees without an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImplicitScope {
    /// The definitions of its own file.
    #[default]
    File,
    /// The definitions of every file of its directory (a Go package).
    Directory,
}

/// A file that stands for its directory.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryFile {
    /// Its stem (`mod`, `__init__`).
    pub stem: String,
    /// Its label; `{dir}` is the directory's name in words (`store module`).
    pub label: String,
    /// Whether its documentation is its directory's.
    #[serde(default)]
    pub documents_dir: bool,
}

impl Facts {
    /// The entry file a file name is, if any: its stem, for a file of this language.
    pub fn entry_file(&self, file: &str) -> Option<&EntryFile> {
        let (stem, ext) = file.split_once('.')?;
        self.extensions
            .iter()
            .any(|e| e == ext)
            .then(|| self.entry_files.iter().find(|entry| entry.stem == stem))
            .flatten()
    }
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
            || self
                .file_prefixes
                .iter()
                .any(|p| stem.starts_with(p.as_str()))
            || self
                .file_suffixes
                .iter()
                .any(|s| stem.ends_with(s.as_str()))
    }

    /// Whether a definition, by its id and name, is test code: inside a test module,
    /// a test module itself (`module`: whether it is a module, not a function that
    /// happens to be named `test`), or a test function.
    pub fn is_test_item(&self, id: &str, name: &str, module: bool) -> bool {
        self.modules
            .iter()
            .any(|tests| id.contains(&format!("::{tests}::")) || (module && name == tests))
            || self
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
    use crate::lang::Lang;

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
                assert!(
                    extensions.insert(ext.clone()),
                    "{lang}: `.{ext}` claimed twice"
                );
                assert_eq!(Lang::from_path(&format!("a/b.{ext}")), Some(lang));
            }
            if let Some(list) = &facts.builtins {
                let words = lang
                    .file(list)
                    .unwrap_or_else(|| panic!("{lang}: no {list}"));
                assert!(crate::lang::word_list(words).count() > 10, "{lang}: {list}");
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
            for kind in &facts.syntax.definition_wrappers {
                assert_ne!(
                    language.id_for_node_kind(kind, true),
                    0,
                    "{lang}: `{kind}` is no named node kind"
                );
            }
            if let Some(token) = &facts.syntax.definition_end {
                assert_ne!(
                    language.id_for_node_kind(token, false),
                    0,
                    "{lang}: `{token}` is no token"
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
                    "integer"
                        | "float"
                        | "string"
                        | "concatenated_string"
                        | "true"
                        | "false"
                        | "none"
                )
        };
        for lang in [Lang::Rust, Lang::Python] {
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
