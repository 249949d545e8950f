//! Language knowledge: which files belong to which language, and the tree-sitter
//! queries (shipped as data under `grammars/<lang>/`) that say what to extract.
//!
//! Captures form a fixed vocabulary (see `grammars/README.md`); loading a query with
//! any other capture name fails, so a typo cannot silently extract nothing.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use tree_sitter::Query;

use crate::error::{Error, Result};
pub use crate::lang::Lang;

impl Lang {
    /// The compiled extraction queries, built once per process.
    pub fn grammar(self) -> &'static Grammar {
        static GRAMMARS: [OnceLock<Grammar>; Lang::ALL.len()] = [const { OnceLock::new() }; _];
        GRAMMARS[self.index()].get_or_init(|| {
            // The shipped queries are compiled by a unit test against their grammar,
            // so loading them cannot fail in a released build.
            Grammar::load(self, &self.query_sources()).expect("shipped grammar queries compile")
        })
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
    /// `@method.owner`: the type a function declared outside its type's body belongs
    /// to (Go's receiver type): the function is filed under that type as a method.
    MethodOwner,
    /// `@method.receiver`: the name a method calls its receiver by (Go's `b` of
    /// `func (b *Bucket) take()`): `b.refill()` in it is `self.refill()`.
    MethodReceiver,
    /// `@parameter`: the name of one of a function's parameters, in the same match.
    Parameter,
    /// `@return`: a function's declared return type, in the same match.
    Return,
    /// `@member.field` / `@member.variant`: a member counted in its type's summary.
    Member(MemberKind),
    /// `@import`: an import statement.
    Import,
    /// `@import.module`: the module an import statement names (`os.path`, `"./m"`,
    /// `<stdio.h>`), read without its quotes; each match with one is one item of the
    /// statement ([`crate::lang::ImportItem`]).
    ImportModule,
    /// `@import.name`: a name imported from the module of the same match.
    ImportName,
    /// `@import.alias`: the name the item is bound to in the importing file.
    ImportAlias,
    /// `@import.wildcard`: every name of the module (`*`).
    ImportWildcard,
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
    /// An interface.
    Interface,
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
    "definition.interface",
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
    "method.owner",
    "method.receiver",
    "parameter",
    "return",
    "member.field",
    "member.variant",
    "import",
    "import.module",
    "import.name",
    "import.alias",
    "import.wildcard",
    "reference.call",
    "reference.macro",
    "reference.type",
    "reference.field",
    "reference.value",
];

/// The properties a pattern may set (`#set! key "value"`): `import.name` names what a
/// match imports when no node spells it (JavaScript's default import is `default`).
pub const SETTINGS: &[&str] = &["import.name"];

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
            "definition.interface" => Definition(DefKind::Interface),
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
            "method.owner" => MethodOwner,
            "method.receiver" => MethodReceiver,
            "parameter" => Parameter,
            "return" => Return,
            "member.field" => Member(MemberKind::Field),
            "member.variant" => Member(MemberKind::Variant),
            "import" => Import,
            "import.module" => ImportModule,
            "import.name" => ImportName,
            "import.alias" => ImportAlias,
            "import.wildcard" => ImportWildcard,
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
        let query_error = |file: &str, e: tree_sitter::QueryError| Error::Query {
            lang: lang.name(),
            file: file.to_string(),
            message: format!("line {}, column {}: {}", e.row + 1, e.column + 1, e.message),
        };
        let combined: String = sources
            .iter()
            .map(|(_, text)| format!("{text}\n"))
            .collect();
        // Compiling a query costs (C++'s: 90 ms), so the files are compiled one by one
        // only when the whole fails, to name the file the error is in.
        let query = match Query::new(&language, &combined) {
            Ok(query) => query,
            Err(whole) => {
                for (file, text) in sources {
                    Query::new(&language, text).map_err(|e| query_error(file, e))?;
                }
                return Err(Error::Query {
                    lang: lang.name(),
                    file: "(all files)".to_string(),
                    message: whole.message,
                });
            }
        };
        for name in query.capture_names() {
            if name.starts_with('_') || Capture::parse(name).is_some() {
                continue;
            }
            let file = sources
                .iter()
                .find(|(_, text)| text.contains(&format!("@{name}")))
                .map_or("(all files)", |(file, _)| file);
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
        for pattern in 0..query.pattern_count() {
            for property in query.property_settings(pattern) {
                if !SETTINGS.contains(&&*property.key) {
                    return Err(Error::Query {
                        lang: lang.name(),
                        file: "(all files)".to_string(),
                        message: format!(
                            "unknown setting `#set! {}`; allowed: {}",
                            property.key,
                            SETTINGS.join(", ")
                        ),
                    });
                }
            }
        }
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

/// A digest of every shipped file of every language (facts, queries, word lists),
/// part of the index format version: changing what is extracted or how it is
/// summarized makes old indexes ask for a rebuild.
///
/// Every file is hashed as it is embedded, so that no process parses the languages'
/// facts to open an index (0.6 ms of each `search`).
pub fn queries_digest() -> String {
    let mut hasher = blake3::Hasher::new();
    for (folder, file, text) in Lang::shipped_files() {
        hasher.update(&(folder as u64).to_le_bytes());
        hasher.update(file.as_bytes());
        hasher.update(&[0]);
        hasher.update(&(text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
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
    fn unknown_setting_is_rejected() {
        let err = Grammar::load(
            Lang::Python,
            &[(
                "x.scm",
                "((identifier) @import (#set! import.colour \"red\"))",
            )],
        )
        .err()
        .expect("unknown setting must fail");
        assert!(err.to_string().contains("import.colour"), "{err}");
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
}
