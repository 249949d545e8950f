//! Language knowledge: which files belong to which language, and the tree-sitter
//! queries (shipped as data under `grammars/<lang>/`) that say what to extract.
//!
//! Captures form a fixed vocabulary (see `grammars/README.md`); loading a query with
//! any other capture name fails, so a typo cannot silently extract nothing.

use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use tree_sitter::{Language, Query};

use crate::error::{Error, Result};

mod facts;
pub use facts::{EntryFile, Facts, Graph, Shape, Syntax, Tests};

/// A language pyramid can parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Rust (`.rs`).
    Rust,
    /// Python (`.py`, `.pyi`).
    Python,
}

impl Lang {
    /// Every supported language.
    pub const ALL: [Lang; 2] = [Lang::Rust, Lang::Python];

    /// The language of a file, from its name (the extensions of `language.toml`).
    pub fn from_path(path: &str) -> Option<Lang> {
        let ext = path.rsplit_once('.')?.1;
        Lang::ALL
            .into_iter()
            .find(|lang| lang.facts().extensions.iter().any(|e| e == ext))
    }

    /// Its facts: `grammars/<name>/language.toml`, read once per process.
    pub fn facts(self) -> &'static Facts {
        static FACTS: [OnceLock<Facts>; Lang::ALL.len()] = [const { OnceLock::new() }; 2];
        FACTS[self as usize].get_or_init(|| {
            let text = self.file("language.toml").unwrap_or_default();
            // The shipped files are read by a unit test, so reading them cannot fail
            // in a released build.
            Facts::parse(text).expect("shipped language.toml parses")
        })
    }

    /// The languages' names in prose, joined by `or`: `Rust or Python`.
    pub fn titles() -> String {
        let titles: Vec<&str> = Lang::ALL.iter().map(|lang| lang.title()).collect();
        titles.join(" or ")
    }

    /// Their file name extensions with a dot, joined by `or`: `.rs or .py or .pyi`.
    pub fn extensions() -> String {
        let all: Vec<String> = Lang::ALL
            .iter()
            .flat_map(|lang| lang.facts().extensions.iter().map(|e| format!(".{e}")))
            .collect();
        all.join(" or ")
    }

    /// Its name in prose: `Rust`, `Python`.
    pub fn title(self) -> &'static str {
        &self.facts().title
    }

    /// Lower-case name, as used in ids, JSON and `grammars/<name>/`.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Rust => "rust",
            Lang::Python => "python",
        }
    }

    /// Parses a language name as typed by a user.
    pub fn parse(name: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.name() == name)
    }

    /// The tree-sitter grammar.
    pub fn language(self) -> Language {
        match self {
            Lang::Rust => tree_sitter_rust::LANGUAGE.into(),
            Lang::Python => tree_sitter_python::LANGUAGE.into(),
        }
    }

    /// Every file shipped for this language (`grammars/<name>/`), as `(file name,
    /// text)`: its facts, queries and word lists.
    pub fn files(self) -> &'static [(&'static str, &'static str)] {
        macro_rules! embed {
            ($dir:literal: $($file:literal),* $(,)?) => {
                &[$(($file, include_str!(concat!("../grammars/", $dir, "/", $file)))),*]
            };
        }
        match self {
            Lang::Rust => embed!("rust":
                "language.toml", "definitions.scm", "docs.scm", "imports.scm",
                "references.scm", "prelude.txt",
            ),
            Lang::Python => embed!("python":
                "language.toml", "definitions.scm", "docs.scm", "imports.scm",
                "references.scm", "builtins.txt", "import-names.txt", "stdlib-modules.txt",
            ),
        }
    }

    /// One shipped file by name.
    pub fn file(self, name: &str) -> Option<&'static str> {
        self.files()
            .iter()
            .find(|(file, _)| *file == name)
            .map(|(_, text)| *text)
    }

    /// The query files shipped for this language, as `(file name, text)`, in a fixed
    /// order.
    pub fn query_sources(self) -> Vec<(&'static str, &'static str)> {
        self.files()
            .iter()
            .filter(|(file, _)| file.ends_with(".scm"))
            .copied()
            .collect()
    }

    /// Whether every module of this language can use `name` without defining or
    /// importing it: Python's builtins (`len`, `enumerate`), Rust's prelude (`Vec`,
    /// `Some`). A plain use of such a name means it, unless the file says otherwise.
    pub fn is_builtin(self, name: &str) -> bool {
        static BUILTINS: [OnceLock<HashSet<&'static str>>; Lang::ALL.len()] =
            [const { OnceLock::new() }; 2];
        BUILTINS[self as usize]
            .get_or_init(|| {
                let list = self.facts().builtins.as_deref().and_then(|f| self.file(f));
                word_list(list.unwrap_or_default()).collect()
            })
            .contains(name)
    }

    /// The compiled extraction queries, built once per process.
    pub fn grammar(self) -> &'static Grammar {
        static RUST: OnceLock<Grammar> = OnceLock::new();
        static PYTHON: OnceLock<Grammar> = OnceLock::new();
        let cell = match self {
            Lang::Rust => &RUST,
            Lang::Python => &PYTHON,
        };
        cell.get_or_init(|| {
            // The shipped queries are compiled by a unit test against their grammar,
            // so loading them cannot fail in a released build.
            Grammar::load(self, &self.query_sources()).expect("shipped grammar queries compile")
        })
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a capture name means; the vocabulary of `grammars/*.scm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capture {
    /// `@definition.<kind>`: a whole item that becomes a node.
    Definition(DefKind),
    /// `@name`: the name of the definition in the same match.
    Name,
    /// `@body`: the body of the definition; its signature is the text before it.
    Body,
    /// `@doc`: a docstring belonging to the definition in the same match.
    Doc,
    /// `@doc.outer`: a doc comment documenting the item that follows it.
    DocOuter,
    /// `@doc.inner`: a doc comment documenting the enclosing item or file.
    DocInner,
    /// `@attribute`: an attribute between a doc comment and its item.
    Attribute,
    /// `@impl.type`: the type an impl block implements.
    ImplType,
    /// `@impl.trait`: the trait an impl block implements.
    ImplTrait,
    /// `@impl.generic`: a type parameter an impl block declares (`impl<T> … for &mut T`).
    ImplGeneric,
    /// `@parameter`: the name of one of a function's parameters, in the same match.
    Parameter,
    /// `@return`: a function's declared return type, in the same match.
    Return,
    /// `@member.field` / `@member.variant`: a member counted in its type's summary.
    Member(MemberKind),
    /// `@import`: an import statement.
    Import,
    /// `@reference.<kind>`: a use of a name.
    Reference(RefKind),
    /// `@_…`: a helper for predicates, meaning nothing to pyramid.
    Ignored,
}

/// Kinds a definition capture can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DefKind {
    /// An inline module.
    Module,
    /// A class.
    Class,
    /// A struct.
    Struct,
    /// An enum.
    Enum,
    /// A union.
    Union,
    /// A trait.
    Trait,
    /// An impl block.
    Impl,
    /// A function (a method when inside a type).
    Function,
    /// A constant.
    Const,
    /// A static.
    Static,
    /// A type alias or associated type.
    Type,
    /// A macro definition.
    Macro,
}

/// Kinds of members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MemberKind {
    /// A field or class attribute.
    Field,
    /// An enum variant.
    Variant,
}

/// Kinds of references.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RefKind {
    /// A function or method call.
    Call,
    /// A macro invocation.
    Macro,
    /// A type use.
    Type,
    /// A field or attribute access.
    Field,
    /// A name read as a value: a constant or static.
    Value,
}

/// Every capture name a query may use.
pub const CAPTURE_NAMES: &[&str] = &[
    "definition.module",
    "definition.class",
    "definition.struct",
    "definition.enum",
    "definition.union",
    "definition.trait",
    "definition.impl",
    "definition.function",
    "definition.const",
    "definition.static",
    "definition.type",
    "definition.macro",
    "name",
    "body",
    "doc",
    "doc.outer",
    "doc.inner",
    "attribute",
    "impl.type",
    "impl.trait",
    "impl.generic",
    "parameter",
    "return",
    "member.field",
    "member.variant",
    "import",
    "reference.call",
    "reference.macro",
    "reference.type",
    "reference.field",
    "reference.value",
];

impl Capture {
    /// Parses a capture name of the vocabulary.
    pub fn parse(name: &str) -> Option<Capture> {
        use Capture::*;
        Some(match name {
            "definition.module" => Definition(DefKind::Module),
            "definition.class" => Definition(DefKind::Class),
            "definition.struct" => Definition(DefKind::Struct),
            "definition.enum" => Definition(DefKind::Enum),
            "definition.union" => Definition(DefKind::Union),
            "definition.trait" => Definition(DefKind::Trait),
            "definition.impl" => Definition(DefKind::Impl),
            "definition.function" => Definition(DefKind::Function),
            "definition.const" => Definition(DefKind::Const),
            "definition.static" => Definition(DefKind::Static),
            "definition.type" => Definition(DefKind::Type),
            "definition.macro" => Definition(DefKind::Macro),
            "name" => Name,
            "body" => Body,
            "doc" => Doc,
            "doc.outer" => DocOuter,
            "doc.inner" => DocInner,
            "attribute" => Attribute,
            "impl.type" => ImplType,
            "impl.trait" => ImplTrait,
            "impl.generic" => ImplGeneric,
            "parameter" => Parameter,
            "return" => Return,
            "member.field" => Member(MemberKind::Field),
            "member.variant" => Member(MemberKind::Variant),
            "import" => Import,
            "reference.call" => Reference(RefKind::Call),
            "reference.macro" => Reference(RefKind::Macro),
            "reference.type" => Reference(RefKind::Type),
            "reference.field" => Reference(RefKind::Field),
            "reference.value" => Reference(RefKind::Value),
            _ => return None,
        })
    }
}

/// The compiled queries of one language: one query made of all its files, so a file
/// is walked once, and the meaning of each capture index.
pub struct Grammar {
    /// Which language.
    pub lang: Lang,
    /// All query files, concatenated in a fixed order.
    pub query: Query,
    /// `captures[i]` is the meaning of capture index `i` of `query`.
    pub captures: Vec<Capture>,
}

impl Grammar {
    /// Compiles query sources for a language, rejecting unknown capture names.
    ///
    /// The shipped queries load through here; so could a user's override folder.
    pub fn load(lang: Lang, sources: &[(&str, &str)]) -> Result<Grammar> {
        let language = lang.language();
        // Compile each file alone first, so an error names the file it is in.
        for (file, text) in sources {
            let query = Query::new(&language, text).map_err(|e| Error::Query {
                lang: lang.name(),
                file: file.to_string(),
                message: format!("line {}, column {}: {}", e.row + 1, e.column + 1, e.message),
            })?;
            for name in query.capture_names() {
                if name.starts_with('_') {
                    continue;
                }
                if Capture::parse(name).is_none() {
                    return Err(Error::Query {
                        lang: lang.name(),
                        file: file.to_string(),
                        message: format!(
                            "unknown capture `@{name}`; allowed: {}",
                            CAPTURE_NAMES
                                .iter()
                                .map(|c| format!("@{c}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    });
                }
            }
        }
        let combined: String = sources
            .iter()
            .map(|(_, text)| format!("{text}\n"))
            .collect();
        let query = Query::new(&language, &combined).map_err(|e| Error::Query {
            lang: lang.name(),
            file: "(all files)".to_string(),
            message: e.message,
        })?;
        let captures = query
            .capture_names()
            .iter()
            // Underscore captures are helpers for predicates; they mean nothing here.
            .map(|name| Capture::parse(name).unwrap_or(Capture::Ignored))
            .collect();
        Ok(Grammar {
            lang,
            query,
            captures,
        })
    }
}

/// The entries of a shipped word list: one a line, `#` starting a comment line.
pub fn word_list(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// A digest of every shipped file of every language (facts, queries, word lists),
/// part of the index format version: changing what is extracted or how it is
/// summarized makes old indexes ask for a rebuild.
pub fn queries_digest() -> String {
    let mut hasher = blake3::Hasher::new();
    for lang in Lang::ALL {
        for (file, text) in lang.files() {
            hasher.update(lang.name().as_bytes());
            hasher.update(file.as_bytes());
            hasher.update(text.as_bytes());
        }
    }
    hasher.finalize().to_hex()[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_query_compiles_with_known_captures() {
        for lang in Lang::ALL {
            let grammar = Grammar::load(lang, &lang.query_sources())
                .unwrap_or_else(|e| panic!("{lang}: {e}"));
            assert!(
                grammar.captures.contains(&Capture::Name),
                "{lang} has no @name"
            );
        }
    }

    #[test]
    fn unknown_capture_is_rejected_with_the_allowed_list() {
        let err = Grammar::load(Lang::Python, &[("x.scm", "(identifier) @definition.gizmo")])
            .err()
            .expect("unknown capture must fail");
        let message = err.to_string();
        assert!(message.contains("@definition.gizmo"), "{message}");
        assert!(message.contains("@definition.function"), "{message}");
    }

    #[test]
    fn syntax_error_names_file_and_position() {
        let err = Grammar::load(Lang::Rust, &[("bad.scm", "(function_item")])
            .err()
            .expect("must fail");
        let message = err.to_string();
        assert!(
            message.contains("bad.scm") && message.contains("line 1"),
            "{message}"
        );
    }

    #[test]
    fn languages_are_detected_by_extension() {
        assert_eq!(Lang::from_path("src/a.rs"), Some(Lang::Rust));
        assert_eq!(Lang::from_path("pkg/a.py"), Some(Lang::Python));
        assert_eq!(Lang::from_path("stubs/a.pyi"), Some(Lang::Python));
        assert_eq!(Lang::from_path("README.md"), None);
        assert_eq!(Lang::from_path("Makefile"), None);
    }
}
