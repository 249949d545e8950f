//! The languages pyramid reads: the one list of them, their facts (data shipped under
//! `grammars/<name>/`), and, behind [`LanguageSupport`], the little each needs in code
//! (how an import statement binds names to files, which modules are its standard
//! library's).
//!
//! Adding a language is a folder of data, a grammar crate, one line of [`REGISTRY`]
//! and one file implementing [`LanguageSupport`] (see `grammars/README.md`).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use tree_sitter::Language;

mod c;
mod ecma;
mod facts;
mod go;
mod java;
mod manifest;
mod python;
mod rust;

pub use facts::{Docs, EntryFile, Facts, Graph, ImplicitScope, Owner, Shape, Sniff, Syntax, Tests};
pub use manifest::{Dependency, Inherited};

/// A language pyramid can parse: an index into [`REGISTRY`]. Serialized by name.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang(u8);

/// What the code knows of one language: its grammar, its folder of data, its support.
struct Entry {
    grammar: fn() -> Language,
    /// `grammars/<name>/`, embedded: `(file name, text)`.
    files: &'static [(&'static str, &'static str)],
    support: &'static dyn LanguageSupport,
}

/// Embeds files of one folder of `grammars/`.
macro_rules! embed {
    ($dir:literal: $($file:literal),* $(,)?) => {
        &[$(($file, include_str!(concat!("../../grammars/", $dir, "/", $file)))),*]
    };
}

/// Folders of queries that languages share (`; inherits: ecma`) but that are no
/// language of their own.
static SHARED: [(&str, &[(&str, &str)]); 1] = [(
    "ecma",
    embed!("ecma": "definitions.scm", "docs.scm", "imports.scm", "references.scm"),
)];

/// The query files of a language folder, as they all name them, and its word lists
/// (`"builtins.txt" in "javascript"`: another folder's, under its name).
macro_rules! queries {
    ($dir:literal $(, $more:literal)* $(; $file:literal in $other:literal)?) => {
        &[
            ("language.toml", include_str!(concat!("../../grammars/", $dir, "/language.toml"))),
            ("definitions.scm", include_str!(concat!("../../grammars/", $dir, "/definitions.scm"))),
            ("docs.scm", include_str!(concat!("../../grammars/", $dir, "/docs.scm"))),
            ("imports.scm", include_str!(concat!("../../grammars/", $dir, "/imports.scm"))),
            ("references.scm", include_str!(concat!("../../grammars/", $dir, "/references.scm"))),
            $(($more, include_str!(concat!("../../grammars/", $dir, "/", $more))),)*
            $(($file, include_str!(concat!("../../grammars/", $other, "/", $file))),)?
        ]
    };
}

/// Every language, in the order of their [`Lang`] constants.
static REGISTRY: [Entry; 9] = [
    Entry {
        grammar: || tree_sitter_rust::LANGUAGE.into(),
        files: queries!("rust", "prelude.txt"),
        support: &rust::Rust,
    },
    Entry {
        grammar: || tree_sitter_python::LANGUAGE.into(),
        files: queries!(
            "python",
            "builtins.txt",
            "import-names.txt",
            "stdlib-modules.txt"
        ),
        support: &python::Python,
    },
    Entry {
        grammar: || tree_sitter_go::LANGUAGE.into(),
        files: queries!("go", "builtins.txt"),
        support: &go::Go,
    },
    Entry {
        grammar: || tree_sitter_javascript::LANGUAGE.into(),
        files: queries!("javascript", "builtins.txt"),
        support: &ecma::Ecma,
    },
    Entry {
        grammar: || tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        files: queries!("typescript"; "builtins.txt" in "javascript"),
        support: &ecma::Ecma,
    },
    Entry {
        grammar: || tree_sitter_typescript::LANGUAGE_TSX.into(),
        files: queries!("tsx"; "builtins.txt" in "javascript"),
        support: &ecma::Ecma,
    },
    Entry {
        grammar: || tree_sitter_java::LANGUAGE.into(),
        files: queries!("java", "builtins.txt"),
        support: &java::Java,
    },
    Entry {
        grammar: || tree_sitter_c::LANGUAGE.into(),
        files: queries!("c", "builtins.txt"),
        support: &c::C,
    },
    Entry {
        grammar: || tree_sitter_cpp::LANGUAGE.into(),
        files: queries!("cpp", "builtins.txt"),
        support: &c::C,
    },
];

#[allow(non_upper_case_globals)]
impl Lang {
    /// Rust (`.rs`).
    pub const Rust: Lang = Lang(0);
    /// Python (`.py`, `.pyi`).
    pub const Python: Lang = Lang(1);
    /// Go (`.go`).
    pub const Go: Lang = Lang(2);
    /// JavaScript, with JSX (`.js`, `.jsx`, `.mjs`, `.cjs`).
    pub const JavaScript: Lang = Lang(3);
    /// TypeScript (`.ts`, `.mts`, `.cts`).
    pub const TypeScript: Lang = Lang(4);
    /// TypeScript with JSX (`.tsx`).
    pub const Tsx: Lang = Lang(5);
    /// Java (`.java`).
    pub const Java: Lang = Lang(6);
    /// C (`.c`, and `.h` unless it reads as C++).
    pub const C: Lang = Lang(7);
    /// C++ (`.cpp`, `.cc`, `.hpp`, …, and a `.h` that reads as C++).
    pub const Cpp: Lang = Lang(8);

    /// Every supported language.
    pub const ALL: [Lang; REGISTRY.len()] = {
        let mut all = [Lang(0); REGISTRY.len()];
        let mut i = 0;
        while i < all.len() {
            all[i] = Lang(i as u8);
            i += 1;
        }
        all
    };

    fn entry(self) -> &'static Entry {
        &REGISTRY[self.index()]
    }

    /// Its place in [`Lang::ALL`], for tables of one entry per language.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The language of a file, from its name (the extensions of `language.toml`).
    pub fn from_path(path: &str) -> Option<Lang> {
        let ext = path.rsplit_once('.')?.1;
        Lang::ALL
            .into_iter()
            .find(|lang| lang.facts().extensions.iter().any(|e| e == ext))
    }

    /// The language of a file from its name and, where two languages share an
    /// extension (`.h`), its first 8 KiB: a `[sniff]` of `language.toml` claims the
    /// file from the language its extension names when its pattern matches outside
    /// comments.
    pub fn of_file(path: &str, text: &str) -> Option<Lang> {
        const SNIFFED: usize = 8192;
        let lang = Lang::from_path(path)?;
        let ext = path.rsplit_once('.').map_or("", |(_, ext)| ext);
        let claims = Lang::ALL.into_iter().filter(|other| {
            other
                .facts()
                .sniff
                .as_ref()
                .is_some_and(|sniff| sniff.extensions.iter().any(|e| e == ext))
        });
        let mut end = SNIFFED.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let code = without_comments(&text[..end]);
        for other in claims {
            if other != lang && other.sniffs(&code) {
                return Some(other);
            }
        }
        Some(lang)
    }

    /// Whether this language's `[sniff]` pattern matches code.
    fn sniffs(self, code: &str) -> bool {
        static PATTERNS: [OnceLock<Option<regex::Regex>>; REGISTRY.len()] =
            [const { OnceLock::new() }; _];
        PATTERNS[self.index()]
            .get_or_init(|| {
                let sniff = self.facts().sniff.as_ref()?;
                // Checked by a unit test: the shipped patterns compile.
                regex::RegexBuilder::new(&sniff.pattern)
                    .multi_line(true)
                    .build()
                    .ok()
            })
            .as_ref()
            .is_some_and(|pattern| pattern.is_match(code))
    }

    /// Its facts: `grammars/<name>/language.toml`, read once per process.
    pub fn facts(self) -> &'static Facts {
        static FACTS: [OnceLock<Facts>; REGISTRY.len()] = [const { OnceLock::new() }; _];
        FACTS[self.index()].get_or_init(|| {
            let text = self.file("language.toml").unwrap_or_default();
            // The shipped files are read by a unit test, so reading them cannot fail
            // in a released build.
            Facts::parse(text).expect("shipped language.toml parses")
        })
    }

    /// What stays code of this language: import binding, its standard library.
    pub fn support(self) -> &'static dyn LanguageSupport {
        self.entry().support
    }

    /// The languages' names in prose: `Rust, Python, … or C++`.
    pub fn titles() -> String {
        let titles: Vec<&str> = Lang::ALL.iter().map(|lang| lang.title()).collect();
        match titles.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }

    /// Their names, as typed: `rust, python, go, …`.
    pub fn names() -> String {
        let names: Vec<&str> = Lang::ALL.iter().map(|lang| lang.name()).collect();
        names.join(", ")
    }

    /// Its name in prose: `Rust`, `Python`.
    pub fn title(self) -> &'static str {
        &self.facts().title
    }

    /// Lower-case name, as used in ids, JSON and `grammars/<name>/`.
    pub fn name(self) -> &'static str {
        &self.facts().name
    }

    /// Its family's name: languages of one family resolve each other's names.
    pub fn family(self) -> &'static str {
        self.facts().family.as_deref().unwrap_or(self.name())
    }

    /// Parses a language name as typed by a user.
    pub fn parse(name: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.name() == name)
    }

    /// The tree-sitter grammar.
    pub fn language(self) -> Language {
        (self.entry().grammar)()
    }

    /// Every file shipped for this language (`grammars/<name>/`), as `(file name,
    /// text)`: its facts, queries and word lists.
    pub fn files(self) -> &'static [(&'static str, &'static str)] {
        self.entry().files
    }

    /// Every file shipped for the languages (their folders, then the shared ones), as
    /// `(folder number, file name, text)`, in a fixed order; read without parsing any
    /// of them.
    pub fn shipped_files() -> impl Iterator<Item = (usize, &'static str, &'static str)> {
        REGISTRY
            .iter()
            .map(|entry| entry.files)
            .chain(SHARED.iter().map(|(_, files)| *files))
            .enumerate()
            .flat_map(|(folder, files)| files.iter().map(move |&(file, text)| (folder, file, text)))
    }

    /// One shipped file by name.
    pub fn file(self, name: &str) -> Option<&'static str> {
        self.files()
            .iter()
            .find(|(file, _)| *file == name)
            .map(|(_, text)| *text)
    }

    /// The query files shipped for this language, as `(file name, text)`, in a fixed
    /// order; a file starting `; inherits: <folder>` comes after that folder's file
    /// of the same name (and what it inherits, in turn).
    pub fn query_sources(self) -> Vec<(&'static str, &'static str)> {
        let mut sources = Vec::new();
        for &(file, text) in self.files().iter().filter(|(f, _)| f.ends_with(".scm")) {
            let mut chain = vec![text];
            // Bounded: a folder cannot inherit itself through more folders than exist.
            while chain.len() <= REGISTRY.len() + SHARED.len()
                && let Some(parent) = inherits(chain[chain.len() - 1])
                && let Some(text) = folder_file(parent, file)
            {
                chain.push(text);
            }
            sources.extend(chain.into_iter().rev().map(|text| (file, text)));
        }
        sources
    }

    /// Whether every module of this language can use `name` without defining or
    /// importing it: Python's builtins (`len`, `enumerate`), Rust's prelude (`Vec`,
    /// `Some`). A plain use of such a name means it, unless the file says otherwise.
    pub fn is_builtin(self, name: &str) -> bool {
        static BUILTINS: [OnceLock<HashSet<&'static str>>; REGISTRY.len()] =
            [const { OnceLock::new() }; _];
        BUILTINS[self.index()]
            .get_or_init(|| {
                let list = self.facts().builtins.as_deref().and_then(|f| self.file(f));
                word_list(list.unwrap_or_default()).collect()
            })
            .contains(name)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Lang, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Lang::parse(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown language `{name}` (not {})",
                Lang::titles()
            ))
        })
    }
}

/// C-style code with its `//` and `/* */` comments blanked.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('/') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        if let Some(comment) = after.strip_prefix("//") {
            let end = comment.find('\n').unwrap_or(comment.len());
            rest = &comment[end..];
            out.push(' ');
        } else if let Some(comment) = after.strip_prefix("/*") {
            let end = comment.find("*/").map_or(comment.len(), |i| i + 2);
            rest = &comment[end..];
            out.push(' ');
        } else {
            out.push('/');
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The folder a query file inherits from: its first line `; inherits: <folder>`.
fn inherits(text: &str) -> Option<&str> {
    let first = text.lines().next()?;
    Some(
        first
            .strip_prefix(";")?
            .trim()
            .strip_prefix("inherits:")?
            .trim(),
    )
}

/// A file of a folder of `grammars/`, a language's or a shared one.
fn folder_file(folder: &str, file: &str) -> Option<&'static str> {
    let lang = Lang::ALL.into_iter().find(|lang| lang.name() == folder);
    let files = match lang {
        Some(lang) => lang.files(),
        None => SHARED.iter().find(|(name, _)| *name == folder)?.1,
    };
    files
        .iter()
        .find(|(name, _)| *name == file)
        .map(|(_, text)| *text)
}

/// Whether a file (by its name) stands for its folder by its language's entry files
/// (`__init__.py`, `mod.rs`, `index.ts`): the module it is, is its folder.
pub fn stands_for_folder(file: &str) -> bool {
    Lang::from_path(file)
        .and_then(|lang| lang.facts().entry_file(file))
        .is_some_and(|entry| entry.documents_dir)
}

/// Whether a file (by its name) is a manifest that names a package
/// ([`LanguageSupport::package_manifests`]).
pub fn names_a_package(file: &str) -> bool {
    Lang::ALL
        .into_iter()
        .any(|lang| lang.support().package_manifests().contains(&file))
}

/// The name code calls the package a manifest declares by, read by the languages
/// whose package manifest it is ([`LanguageSupport::package_name`]).
pub fn package_name(file: &str, text: &str) -> Option<String> {
    Lang::ALL
        .into_iter()
        .map(Lang::support)
        .filter(|support| support.package_manifests().contains(&file))
        .find_map(|support| support.package_name(file, text))
}

/// The entries of a shipped word list: one a line, `#` starting a comment line.
pub fn word_list(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// What a language needs in code, beyond its data: one implementation per language,
/// in a file of its own beside this one.
pub trait LanguageSupport: Sync {
    /// The names one import statement of the file at `path` binds to places of the
    /// repository (or, with no places, to the outside: the standard library), and
    /// those it imports from modules of unknown place (another package).
    ///
    /// A statement's items ([`Import::items`]) say what it names, from the captures of
    /// `imports.scm`; a language whose imports a query cannot take apart (Rust's
    /// nested use trees) reads its text.
    fn bindings(&self, import: &Import, path: &str, modules: &ModuleMap) -> Bindings;

    /// The import of one bound name, as the language writes it: what a transplant
    /// needs of a longer statement (`from os import path` of `from os import sep, path`).
    fn import_text(&self, binding: &Binding) -> String;

    /// Whether top-level module `module` is the standard library's, and the keys a
    /// package declared in a manifest must have to provide it.
    fn origin_keys(&self, module: &str) -> (bool, Vec<String>);

    /// The manifests that declare the packages this language imports, by file name,
    /// in reading order (`Cargo.toml`; `requirements*.txt`: `*` stands for any text).
    fn manifests(&self) -> &'static [&'static str] {
        &[]
    }

    /// The dependencies one manifest of [`manifests`] declares, in order, or why it
    /// cannot be read (`invalid TOML at line 3: …`). `inherited` holds what the
    /// manifests of the directories above declared for those below.
    ///
    /// [`manifests`]: LanguageSupport::manifests
    fn dependencies(
        &self,
        _file_name: &str,
        _text: &str,
        _inherited: &mut Inherited,
    ) -> Result<Vec<Dependency>, String> {
        Ok(Vec::new())
    }

    /// The manifests that name the package of their folder and the folders below, up
    /// to the next such manifest, by file name (`Cargo.toml`): see [`package_name`].
    ///
    /// [`package_name`]: LanguageSupport::package_name
    fn package_manifests(&self) -> &'static [&'static str] {
        &[]
    }

    /// The name code calls the package that a manifest of [`package_manifests`]
    /// declares by (`regex_syntax` of a `Cargo.toml` of package `regex-syntax`), if it
    /// declares one.
    ///
    /// [`package_manifests`]: LanguageSupport::package_manifests
    fn package_name(&self, _file_name: &str, _text: &str) -> Option<String> {
        None
    }

    /// The names of the build configuration files that map import paths of this
    /// language to directories (`tsconfig.json`): see [`path_aliases`].
    ///
    /// [`path_aliases`]: LanguageSupport::path_aliases
    fn path_configs(&self) -> &'static [&'static str] {
        &[]
    }

    /// The import path aliases the configuration file at `path` declares.
    fn path_aliases(&self, _path: &str, _text: &str) -> Vec<PathAlias> {
        Vec::new()
    }

    /// The package an import of `module` comes from, as [`origin_keys`] takes it:
    /// by default its first segment (`os` of `os.path`, `serde` of `serde::de`).
    ///
    /// [`origin_keys`]: LanguageSupport::origin_keys
    fn package_of<'a>(&self, module: &'a str) -> &'a str {
        module.split(['.', ':']).next().unwrap_or_default()
    }
}

/// One import statement: its text, and what the captures of `imports.scm` say it names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Import {
    /// The statement, whitespace collapsed.
    pub text: String,
    /// What it names, one item per match of `imports.scm` with an `@import.module`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ImportItem>,
}

/// One thing an import statement names: a module, or a name of a module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportItem {
    /// The module as written, without quotes or whitespace (`os.path`, `.m`, `./m`,
    /// `x.com/y/b`, `<stdio.h>`).
    pub module: String,
    /// The name imported from it (`*` for every name); `None`: the module itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The name it is bound to, when the statement gives one (`as y`, Go's package
    /// name before the path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
}

impl ImportItem {
    /// Whether it brings every name of its module into scope (`*`).
    pub fn is_wildcard(&self) -> bool {
        self.name.as_deref() == Some("*")
    }
}

/// What one import statement binds: names with a place, names of unknown place.
#[derive(Debug, Default)]
pub struct Bindings {
    /// Names bound to files or directories of the repository, or (with no places) to
    /// the standard library.
    pub found: Vec<Binding>,
    /// Names imported from modules neither in the repository nor known to be outside
    /// it: another package, or a module path the language's resolver does not follow.
    pub unknown: Vec<Binding>,
    /// Files whose every name the statement brings into scope (C's `#include`).
    pub wildcards: Vec<String>,
}

/// One name brought into scope by an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The name as used in the code (`F` in `use a::Fields as F`).
    pub local: String,
    /// Files (or directories, ending in `/`) that may define it, repository-relative.
    /// Empty when it comes from outside the repository.
    pub places: Vec<String>,
    /// The name it has where it is defined; `None` when it names a module.
    pub original: Option<String>,
    /// The module it is imported from, as written (`os.path`, `serde_json`, `.decoder`):
    /// its first segment names the package an outside import comes from.
    pub module: String,
}

impl Binding {
    /// ` as local` when the name is bound under another name than `original`.
    pub fn alias(&self, original: &str, keyword: &str) -> String {
        if original == self.local {
            String::new()
        } else {
            format!("{keyword}{}", self.local)
        }
    }
}

/// An import path that a build configuration maps to places of the repository
/// (tsconfig.json's `"paths": {"@/*": ["src/*"]}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathAlias {
    /// The directory whose files it serves (ending in `/`; "" for the whole).
    pub scope: String,
    /// The import path it matches: whole, or up to its `*` (`@/`).
    pub prefix: String,
    /// Whether `prefix` ended in `*`: it matches any path it starts.
    pub wildcard: bool,
    /// Repository-relative paths the import may name, with `*` for what the import
    /// path has after `prefix`.
    pub targets: Vec<String>,
}

/// The source files of a repository, to map import paths to files.
#[derive(Debug, Clone, Default)]
pub struct ModuleMap {
    /// Every source file path, sorted, once each.
    files: Vec<String>,
    /// Indices into `files` by their last segment (`decoder.py` → `json/decoder.py`,
    /// …): made on first use, not for every map (a search builds one for 100,000
    /// files and may ask it nothing by name).
    by_name: OnceLock<HashMap<String, Vec<usize>>>,
    /// Directories holding source files (ending in `/`), by their last segment: made
    /// on first use (Java's `import a.b.*`), not for every map.
    dirs_by_name: OnceLock<HashMap<String, BTreeSet<String>>>,
    /// Import path aliases of build configurations, nearest scope first.
    aliases: Vec<PathAlias>,
}

impl ModuleMap {
    /// A map of these files.
    pub fn new<I: IntoIterator<Item = String>>(files: I) -> ModuleMap {
        let mut files: Vec<String> = files.into_iter().collect();
        // Sorted already when they come from the index's terms: cheap to check.
        files.sort_unstable();
        files.dedup();
        ModuleMap {
            files,
            by_name: OnceLock::new(),
            dirs_by_name: OnceLock::new(),
            aliases: Vec::new(),
        }
    }

    /// The files whose last segment is `name`.
    fn named(&self, name: &str) -> impl Iterator<Item = &String> {
        let by_name = self.by_name.get_or_init(|| {
            let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, file) in self.files.iter().enumerate() {
                let name = file.rsplit('/').next().unwrap_or(file);
                by_name.entry(name.to_string()).or_default().push(i);
            }
            by_name
        });
        by_name
            .get(name)
            .into_iter()
            .flatten()
            .map(|&i| &self.files[i])
    }

    /// The files from `from` on, in order.
    fn files_from(&self, from: &str) -> impl Iterator<Item = &String> {
        let start = self.files.partition_point(|file| file.as_str() < from);
        self.files[start..].iter()
    }

    /// The map with the import path aliases the languages read from the build
    /// configurations among its files; `read` gives a file's text.
    pub fn with_configured_aliases(mut self, read: impl Fn(&str) -> Option<String>) -> ModuleMap {
        let mut seen: Vec<&str> = Vec::new();
        for lang in Lang::ALL {
            for name in lang.support().path_configs() {
                if seen.contains(name) {
                    continue;
                }
                seen.push(name);
                // A scan, not the index by name: most maps are asked nothing else.
                let configs = self.files.iter().filter(|file| {
                    file.strip_suffix(*name)
                        .is_some_and(|dir| dir.is_empty() || dir.ends_with('/'))
                });
                for path in configs {
                    if let Some(text) = read(path) {
                        self.aliases
                            .extend(lang.support().path_aliases(path, &text));
                    }
                }
            }
        }
        // Nearest scope first; within one, the longest prefix first, as TypeScript
        // matches them.
        self.aliases.sort_by(|a, b| {
            (b.scope.len(), b.prefix.len(), a.wildcard).cmp(&(
                a.scope.len(),
                a.prefix.len(),
                b.wildcard,
            ))
        });
        self
    }

    /// The paths an import path may name through the aliases serving the file at
    /// `from`, in the order they are tried (`@/ui/button` → `src/ui/button`).
    pub fn aliased(&self, from: &str, import: &str) -> Vec<String> {
        let mut found = Vec::new();
        for alias in self.aliases.iter().filter(|a| from.starts_with(&a.scope)) {
            let rest = match alias.wildcard {
                true => import.strip_prefix(&alias.prefix),
                false => (import == alias.prefix).then_some(""),
            };
            if let Some(rest) = rest {
                found.extend(alias.targets.iter().map(|t| t.replacen('*', rest, 1)));
            }
        }
        found
    }

    /// Whether the repository has this source file.
    pub fn has_file(&self, path: &str) -> bool {
        self.files
            .binary_search_by(|file| file.as_str().cmp(path))
            .is_ok()
    }

    /// Whether a source file lies below this directory (ending in `/`).
    pub fn has_dir(&self, dir: &str) -> bool {
        self.files_from(dir)
            .next()
            .is_some_and(|f| f.starts_with(dir))
    }

    /// The source files directly in a directory (ending in `/`, or "" for the top).
    pub fn files_in(&self, dir: &str) -> impl Iterator<Item = &str> {
        self.files_from(dir)
            .take_while(move |f| f.starts_with(dir))
            .filter(move |f| !f[dir.len()..].contains('/'))
            .map(String::as_str)
    }

    /// The source files directly in the directories whose path ends with `suffix`
    /// (ending in `/`) on a segment boundary: a package under any source root.
    pub fn files_in_dirs_ending(&self, suffix: &str) -> Vec<String> {
        let trimmed = suffix.trim_end_matches('/');
        let name = trimmed.rsplit('/').next().unwrap_or(trimmed);
        let dirs_by_name = self.dirs_by_name.get_or_init(|| {
            let mut dirs: HashMap<String, BTreeSet<String>> = HashMap::new();
            for (dir, _) in self.files.iter().filter_map(|file| file.rsplit_once('/')) {
                let dir_name = dir.rsplit('/').next().unwrap_or(dir);
                dirs.entry(dir_name.to_string())
                    .or_default()
                    .insert(format!("{dir}/"));
            }
            dirs
        });
        let dirs = dirs_by_name.get(name).into_iter().flatten();
        dirs.filter(|dir| *dir == suffix || dir.ends_with(&format!("/{suffix}")))
            .flat_map(|dir| self.files_in(dir).map(String::from).collect::<Vec<_>>())
            .collect()
    }

    /// The files ending with a path suffix on a segment boundary.
    pub fn with_suffix(&self, suffix: &str) -> Vec<String> {
        let name = suffix.rsplit('/').next().unwrap_or(suffix);
        self.named(name)
            .filter(|f| {
                f.as_str() == suffix
                    || (f.ends_with(suffix) && f[..f.len() - suffix.len()].ends_with('/'))
            })
            .cloned()
            .collect()
    }
}

/// `dir/relative` with its `.` and `..` segments resolved (`src/a` and `../b/c.h` →
/// `src/b/c.h`); `None` when it climbs above the repository.
pub(crate) fn join_relative(dir: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for segment in relative.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            segment => parts.push(segment),
        }
    }
    Some(parts.join("/"))
}

/// The import statements of a snippet of code, as the parse stage reads them: for
/// tests of the languages' bindings.
#[cfg(test)]
pub(crate) fn parse_imports(lang: Lang, code: &str) -> Vec<Import> {
    crate::parse::parse(lang, code)
        .imports
        .into_iter()
        .map(|import| import.statement)
        .collect()
}

/// What the import statements of a snippet bind, together: for tests.
#[cfg(test)]
pub(crate) fn bind_code(lang: Lang, code: &str, path: &str, modules: &ModuleMap) -> Bindings {
    let mut all = Bindings::default();
    for import in parse_imports(lang, code) {
        let mut found = lang.support().bindings(&import, path, modules);
        all.found.append(&mut found.found);
        all.unknown.append(&mut found.unknown);
        all.wildcards.append(&mut found.wildcards);
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_detected_by_extension() {
        assert_eq!(Lang::from_path("src/a.rs"), Some(Lang::Rust));
        assert_eq!(Lang::from_path("pkg/a.py"), Some(Lang::Python));
        assert_eq!(Lang::from_path("stubs/a.pyi"), Some(Lang::Python));
        assert_eq!(Lang::from_path("README.md"), None);
        assert_eq!(Lang::from_path("Makefile"), None);
    }

    #[test]
    fn each_constant_names_its_registry_entry() {
        let named = [
            (Lang::Rust, "rust"),
            (Lang::Python, "python"),
            (Lang::Go, "go"),
            (Lang::JavaScript, "javascript"),
            (Lang::TypeScript, "typescript"),
            (Lang::Tsx, "tsx"),
            (Lang::Java, "java"),
            (Lang::C, "c"),
            (Lang::Cpp, "cpp"),
        ];
        assert_eq!(named.len(), Lang::ALL.len());
        for (lang, name) in named {
            assert_eq!(lang.name(), name);
            assert_eq!(Lang::parse(name), Some(lang));
        }
    }

    #[test]
    fn a_header_is_cpp_when_it_reads_as_cpp_outside_comments() {
        let c = "/* class Foo in a comment, std::vector too */\nint f(void);\n";
        assert_eq!(Lang::of_file("a/x.h", c), Some(Lang::C));
        let cpp = "#pragma once\nnamespace ui {\nclass Widget {};\n}\n";
        assert_eq!(Lang::of_file("a/x.h", cpp), Some(Lang::Cpp));
        assert_eq!(Lang::of_file("a/x.c", cpp), Some(Lang::C));
        assert_eq!(Lang::of_file("a/x.md", cpp), None);
        // A cut inside a character is no panic.
        let wide = format!("{}é namespace x {{}}", "a".repeat(8191));
        assert_eq!(Lang::of_file("x.h", &wide), Some(Lang::C));
    }

    #[test]
    fn languages_serialize_by_name_and_refuse_unknown_ones() {
        for lang in Lang::ALL {
            let json = serde_json::to_string(&lang).unwrap();
            assert_eq!(json, format!("\"{}\"", lang.name()));
            assert_eq!(serde_json::from_str::<Lang>(&json).unwrap(), lang);
        }
        let err = serde_json::from_str::<Lang>("\"cobol\"").unwrap_err();
        assert!(
            err.to_string().contains("unknown language `cobol`"),
            "{err}"
        );
    }
}
