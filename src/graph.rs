//! The reference graph: which definitions a node's references point at, and how sure
//! that is.
//!
//! Edges are resolved when asked, from what the index stores for every node (the
//! names it uses, the imports around it). So the graph is always exactly as fresh as
//! the index and is updated incrementally with it: changing one file changes its own
//! references and, through name lookups, the edges others resolve to it, with no
//! second pass over the repository.
//!
//! Resolution, most certain first; the first rule that yields candidates decides:
//! 1. the receiver is known: `self.f()`, `cls.f()`, `Self::f()` are methods of the
//!    enclosing type, `Type::f()` of `Type`;
//! 2. the name (or its qualifier) is bound by an import: definitions in the imported
//!    module, or none when it comes from outside the repository (`std::fmt::Display`);
//! 3. for a plain name, definitions in the same file;
//! 4. every definition of that name in the same language, each weighted down by how
//!    many there are; names defined too often to mean anything, and builtins
//!    (`len`, `Vec`), resolve to nothing.

use std::collections::{BTreeMap, HashMap};

use crate::grammar::{Lang, RefKind};
use crate::pyramid::{Node, NodeKind, Reference};

/// Deepest `use` tree nesting followed.
const MAX_USE_DEPTH: usize = 32;
/// Weight of an edge that names its target unambiguously.
pub const CERTAIN: f32 = 1.0;
/// Weight shared among the candidates of a name resolved by name alone.
const AMBIGUOUS: f32 = 0.5;
/// A name defined more often than this, resolved by name alone, resolves to nothing.
pub const MAX_CANDIDATES: usize = 12;

/// A use of a name split into what qualifies it and the name itself:
/// `self.open` → (`self`, `open`), `store::Reader::open` → (`store::Reader`, `open`).
pub fn split_reference(name: &str) -> (Option<&str>, &str) {
    let cut = match (name.rfind("::"), name.rfind('.')) {
        (Some(a), Some(b)) if b > a => Some((b, 1)),
        (Some(a), _) => Some((a, 2)),
        (None, Some(b)) => Some((b, 1)),
        (None, None) => None,
    };
    match cut {
        Some((at, len)) => (Some(&name[..at]), &name[at + len..]),
        None => (None, name),
    }
}

/// The last segment of a reference: the name a definition must have.
pub fn target_name(name: &str) -> &str {
    split_reference(name).1
}

/// Whether a definition of this kind can be what a reference of that kind uses.
pub fn can_target(reference: RefKind, kind: NodeKind) -> bool {
    use NodeKind as K;
    match reference {
        // A module-level value may be called too (`_find_unsafe = re.compile(…).search`).
        RefKind::Call => matches!(
            kind,
            K::Function | K::Method | K::Class | K::Struct | K::Enum | K::Const | K::Static
        ),
        RefKind::Macro => kind == K::Macro,
        RefKind::Type => matches!(
            kind,
            K::Class | K::Struct | K::Enum | K::Union | K::Trait | K::Type
        ),
        RefKind::Field => matches!(kind, K::Method | K::Const | K::Static),
        RefKind::Value => matches!(kind, K::Const | K::Static),
    }
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
    /// The import of this one name, as the language writes it: what a transplant
    /// needs of a longer statement (`from os import path` of `from os import sep, path`).
    pub fn import_text(&self, lang: Lang) -> String {
        let alias = |original: &str| {
            if original == self.local {
                String::new()
            } else {
                format!(" as {}", self.local)
            }
        };
        match (lang, self.original.as_deref()) {
            (Lang::Python, Some(name)) => {
                format!("from {} import {name}{}", self.module, alias(name))
            }
            (Lang::Python, None) => {
                let last = self.module.rsplit('.').next().unwrap_or(&self.module);
                format!("import {}{}", self.module, alias(last))
            }
            (Lang::Rust, Some(name)) if !self.module.is_empty() => {
                format!("use {}::{name}{};", self.module, alias(name))
            }
            (Lang::Rust, _) => {
                let last = self.module.rsplit("::").next().unwrap_or(&self.module);
                format!("use {}{};", self.module, alias(last))
            }
        }
    }
}

/// What is in scope in one file: the names its imports bind.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    bindings: HashMap<String, Binding>,
    /// Names imported from modules neither in the repository nor known to be
    /// outside it (another crate, or a module path this resolver does not follow).
    unknown: HashMap<String, Binding>,
}

impl Scope {
    /// The bindings of the import statements of a file at `path`. `modules` lists the
    /// repository's source files (to tell local modules from outside ones).
    pub fn new(lang: Lang, path: &str, imports: &[String], modules: &ModuleMap) -> Scope {
        let mut scope = Scope::default();
        for statement in imports {
            let (found, unknown) = match lang {
                Lang::Python => (python_bindings(statement, path, modules), Vec::new()),
                Lang::Rust => rust_bindings(statement, path, modules),
            };
            for (list, map) in [(found, &mut scope.bindings), (unknown, &mut scope.unknown)] {
                for binding in list {
                    map.insert(binding.local.clone(), binding);
                }
            }
        }
        scope
    }

    /// The files and directories of the repository its imports bind names from.
    pub fn places(&self) -> impl Iterator<Item = &str> {
        self.bindings
            .values()
            .flat_map(|b| b.places.iter().map(String::as_str))
    }

    /// The binding of a local name, if an import made one.
    pub fn binding(&self, local: &str) -> Option<&Binding> {
        self.bindings.get(local)
    }

    /// The import of a local name from a module of unknown place (`use
    /// serde_json::json`): its `places` are empty.
    pub fn unknown(&self, local: &str) -> Option<&Binding> {
        self.unknown.get(local)
    }
}

/// The source files of a repository, to map import paths to files.
#[derive(Debug, Clone, Default)]
pub struct ModuleMap {
    /// Every source file path.
    files: std::collections::BTreeSet<String>,
    /// Paths by their last segment (`decoder.py` → `json/decoder.py`, …).
    by_name: HashMap<String, Vec<String>>,
}

impl ModuleMap {
    /// A map of these files.
    pub fn new<I: IntoIterator<Item = String>>(files: I) -> ModuleMap {
        let files: std::collections::BTreeSet<String> = files.into_iter().collect();
        let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
        for file in &files {
            let name = file.rsplit('/').next().unwrap_or(file);
            by_name
                .entry(name.to_string())
                .or_default()
                .push(file.clone());
        }
        ModuleMap { files, by_name }
    }

    fn has_file(&self, path: &str) -> bool {
        self.files.contains(path)
    }

    fn has_dir(&self, dir: &str) -> bool {
        self.files
            .range(dir.to_string()..)
            .next()
            .is_some_and(|f| f.starts_with(dir))
    }

    /// The files ending with a path suffix on a segment boundary.
    fn with_suffix(&self, suffix: &str) -> Vec<String> {
        let name = suffix.rsplit('/').next().unwrap_or(suffix);
        self.by_name
            .get(name)
            .into_iter()
            .flatten()
            .filter(|f| {
                f.as_str() == suffix
                    || (f.ends_with(suffix) && f[..f.len() - suffix.len()].ends_with('/'))
            })
            .cloned()
            .collect()
    }
}

/// Where a Python module path (`a.b`, relative to `package` when given) may live:
/// `a/b.py`, `a/b/__init__.py`, or the package directory `a/b/`.
fn python_places(module: &[&str], package: Option<&str>, modules: &ModuleMap) -> Vec<String> {
    let rel = module.join("/");
    let mut places = Vec::new();
    match package {
        Some(package) => {
            let base = if rel.is_empty() {
                package.trim_end_matches('/').to_string()
            } else if package.is_empty() {
                rel.clone()
            } else {
                format!("{package}{rel}")
            };
            for candidate in [format!("{base}.py"), format!("{base}/__init__.py")] {
                if modules.has_file(&candidate) {
                    places.push(candidate);
                }
            }
            let dir = format!("{base}/");
            if !base.is_empty() && modules.has_dir(&dir) {
                places.push(dir);
            }
        }
        None => {
            // Absolute: the module may sit under any source root (`src/`, `lib/`, the top).
            places.extend(modules.with_suffix(&format!("{rel}.py")));
            for init in modules.with_suffix(&format!("{rel}/__init__.py")) {
                let dir = init.trim_end_matches("__init__.py").to_string();
                places.push(init);
                places.push(dir);
            }
        }
    }
    places.sort();
    places.dedup();
    places
}

/// The bindings of one Python import statement.
fn python_bindings(statement: &str, path: &str, modules: &ModuleMap) -> Vec<Binding> {
    let statement = statement.trim();
    let mut bindings = Vec::new();
    if let Some(rest) = statement.strip_prefix("import ") {
        for item in rest.split(',') {
            let (dotted, alias) = split_alias(item, " as ");
            let parts: Vec<&str> = dotted.split('.').map(str::trim).collect();
            let Some(first) = parts.first().filter(|p| !p.is_empty()) else {
                continue;
            };
            // `import a.b` binds `a`; `import a.b as c` binds `c` to `a.b`.
            let (local, module) = match alias {
                Some(alias) => (alias, &parts[..]),
                None => (*first, &parts[..1]),
            };
            bindings.push(Binding {
                local: local.to_string(),
                places: python_places(module, None, modules),
                original: None,
                module: module.join("."),
            });
        }
    } else if let Some(rest) = statement.strip_prefix("from ") {
        let Some((module, names)) = rest.split_once(" import ") else {
            return bindings;
        };
        let module = module.trim();
        let dots = module.len() - module.trim_start_matches('.').len();
        let parts: Vec<&str> = module[dots..]
            .split('.')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let package = if dots == 0 {
            None
        } else {
            match python_package(path, dots) {
                Some(package) => Some(package),
                // More dots than directories: nothing in the repository.
                None => return bindings,
            }
        };
        let places = python_places(&parts, package, modules);
        return from_import(names, module, &places, &parts, package, modules);
    }
    bindings
}

/// Bindings of the names of `from module import a, b as c`: each may be a name
/// defined in the module or a submodule of it.
fn from_import(
    names: &str,
    written: &str,
    places: &[String],
    module: &[&str],
    package: Option<&str>,
    modules: &ModuleMap,
) -> Vec<Binding> {
    let names = names.trim().trim_start_matches('(').trim_end_matches(')');
    let mut bindings = Vec::new();
    for item in names.split(',') {
        let (name, alias) = split_alias(item, " as ");
        if name.is_empty() || name == "*" {
            continue;
        }
        let mut submodule: Vec<&str> = module.to_vec();
        submodule.push(name);
        let mut all = places.to_vec();
        all.extend(python_places(&submodule, package, modules));
        all.sort();
        all.dedup();
        bindings.push(Binding {
            local: alias.unwrap_or(name).to_string(),
            places: all,
            original: Some(name.to_string()),
            module: written.to_string(),
        });
    }
    bindings
}

/// The package directory `dots` levels up from a Python file (`a/b/c.py`, 1 → `a/b/`),
/// `None` when there are not that many levels.
fn python_package(path: &str, dots: usize) -> Option<&str> {
    let mut dir = path.rfind('/').map_or("", |i| &path[..=i]);
    for _ in 1..dots {
        if dir.is_empty() {
            return None;
        }
        let trimmed = dir.trim_end_matches('/');
        dir = trimmed.rfind('/').map_or("", |i| &trimmed[..=i]);
    }
    Some(dir)
}

fn split_alias<'a>(item: &'a str, keyword: &str) -> (&'a str, Option<&'a str>) {
    match item.split_once(keyword) {
        Some((name, alias)) => (name.trim(), Some(alias.trim())),
        None => (item.trim(), None),
    }
}

/// The bindings of one Rust `use` declaration (or `extern crate`), and the names it
/// imports from modules of unknown place.
fn rust_bindings(statement: &str, path: &str, modules: &ModuleMap) -> (Vec<Binding>, Vec<Binding>) {
    let mut text = statement.trim().trim_end_matches(';').trim();
    if let Some(rest) = text.strip_prefix("pub") {
        text = rest.trim_start();
        if text.starts_with('(') {
            text = text.find(')').map_or("", |i| text[i + 1..].trim_start());
        }
    }
    let Some(tree) = text.strip_prefix("use ") else {
        return (Vec::new(), Vec::new());
    };
    let mut paths = Vec::new();
    expand_use_tree(
        tree.trim().trim_start_matches("::"),
        &mut Vec::new(),
        &mut paths,
    );
    let crate_root = rust_crate_root(path);
    let own_module = rust_module_of(path, &crate_root);
    let mut bindings = Vec::new();
    let mut unknown = Vec::new();
    for (segments, alias) in paths {
        let Some((last, prefix)) = segments.split_last() else {
            continue;
        };
        if last == "*" {
            continue;
        }
        let (module, original) = if last == "self" {
            (prefix.to_vec(), None)
        } else {
            (prefix.to_vec(), Some(last.clone()))
        };
        let local = alias.unwrap_or_else(|| match &original {
            Some(name) => name.clone(),
            None => prefix.last().cloned().unwrap_or_default(),
        });
        if local.is_empty() || local == "_" {
            continue;
        }
        // A module import (`use crate::store;` or `use a::b::{self}`) names the module's
        // files; an item import names the files of the module it is in, and below.
        let mut full = module.clone();
        if original.is_some() && last.chars().next().is_some_and(char::is_lowercase) {
            // `use crate::store` may name a module as well as a function.
            full.push(last.clone());
        }
        // Neither in this crate nor a known outside crate: no binding, so that the
        // later rules (same file, by name) still apply.
        let Some(mut places) = rust_places(&module, &own_module, &crate_root, modules) else {
            unknown.push(Binding {
                local,
                places: Vec::new(),
                original,
                module: module.join("::"),
            });
            continue;
        };
        if full.len() > module.len()
            && let Some(more) = rust_places(&full, &own_module, &crate_root, modules)
        {
            places.extend(more);
            places.sort();
            places.dedup();
        }
        bindings.push(Binding {
            local,
            places,
            original,
            module: module.join("::"),
        });
    }
    (bindings, unknown)
}

/// Flattens a use tree `a::{b, c::{d as e, self}}` into paths with their aliases.
/// Nesting deeper than [`MAX_USE_DEPTH`] is ignored: no real code nests braces that
/// deep, and recursion must stay bounded whatever the input.
fn expand_use_tree(
    tree: &str,
    prefix: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>)>,
) {
    expand_use_tree_at(tree, prefix, out, 0);
}

fn expand_use_tree_at(
    tree: &str,
    prefix: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>)>,
    depth: usize,
) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        if depth > MAX_USE_DEPTH {
            return;
        }
        let head = tree[..open].trim().trim_end_matches("::");
        let kept = prefix.len();
        prefix.extend(
            head.split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from),
        );
        let inner = tree[open + 1..].trim_end();
        let inner = inner.strip_suffix('}').unwrap_or(inner);
        for item in split_top_level(inner) {
            expand_use_tree_at(item, prefix, out, depth + 1);
        }
        prefix.truncate(kept);
        return;
    }
    let (path, alias) = split_alias(tree, " as ");
    if path.is_empty() {
        return;
    }
    let mut segments = prefix.clone();
    segments.extend(
        path.split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from),
    );
    out.push((segments, alias.map(String::from)));
}

/// Splits on commas outside braces.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

/// The directory of a Rust file's crate root: up to and including its last `src/`
/// (the top of the repository when there is none).
fn rust_crate_root(path: &str) -> String {
    match path.rfind("src/") {
        Some(i) if i == 0 || path[..i].ends_with('/') => path[..i + 4].to_string(),
        _ => String::new(),
    }
}

/// The module path of a Rust file below its crate root: `src/store/reader.rs` →
/// [store, reader]; `src/store/mod.rs` → [store]; `src/lib.rs` → [].
fn rust_module_of(path: &str, crate_root: &str) -> Vec<String> {
    let rel = path.strip_prefix(crate_root).unwrap_or(path);
    let rel = rel.trim_end_matches(".rs");
    let mut segments: Vec<String> = rel.split('/').map(String::from).collect();
    if matches!(
        segments.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        segments.pop();
    }
    segments
}

/// Files and directories a Rust module path may live in: `crate::a::b` →
/// `src/a/b.rs`, `src/a/b/mod.rs`, `src/a/b/`, and `src/a.rs` (an inline module).
/// `Some(empty)` for the standard library, `None` for a path this repository cannot
/// place (another crate, or a module declared where files do not show it).
fn rust_places(
    module: &[String],
    own_module: &[String],
    crate_root: &str,
    modules: &ModuleMap,
) -> Option<Vec<String>> {
    let mut resolved: Vec<String> = Vec::new();
    let mut segments = module.iter().peekable();
    match segments.peek().map(|s| s.as_str()) {
        Some("crate") => {
            segments.next();
        }
        Some("self") => {
            segments.next();
            resolved.extend(own_module.iter().cloned());
        }
        Some("super") => {
            resolved.extend(own_module.iter().cloned());
            while segments.peek().is_some_and(|s| s.as_str() == "super") {
                segments.next();
                resolved.pop();
            }
        }
        Some("std" | "core" | "alloc") => return Some(Vec::new()),
        Some(first) => {
            // 2018 paths: a module beside this one (`use reader::Reader;` in
            // `store/mod.rs`), or one at the crate root.
            let exists = |dir: &str| {
                modules.has_file(&format!("{dir}{first}.rs"))
                    || modules.has_dir(&format!("{dir}{first}/"))
            };
            let own_dir = format!("{crate_root}{}/", own_module.join("/"));
            if !own_module.is_empty() && exists(&own_dir) {
                resolved.extend(own_module.iter().cloned());
            } else if !exists(crate_root) {
                return None;
            }
        }
        None => {}
    }
    resolved.extend(segments.cloned());
    let mut places = Vec::new();
    // The module itself and every enclosing module file (inline `mod` blocks).
    for len in (0..=resolved.len()).rev() {
        let base = format!("{crate_root}{}", resolved[..len].join("/"));
        let candidates = if len == 0 {
            vec![
                format!("{crate_root}lib.rs"),
                format!("{crate_root}main.rs"),
            ]
        } else {
            vec![format!("{base}.rs"), format!("{base}/mod.rs")]
        };
        for candidate in candidates {
            if modules.has_file(&candidate) {
                places.push(candidate);
            }
        }
        if len == resolved.len() && len > 0 && modules.has_dir(&format!("{base}/")) {
            places.push(format!("{base}/"));
        }
        if !places.is_empty() {
            break;
        }
    }
    Some(places)
}

/// Whether a definition's file is one of the files (or, with `directories`, lies in
/// one of the directories) a binding names.
/// Whether an import binds a module (`import os`, `from . import _parser`) rather
/// than a name defined in one.
fn names_a_module(binding: &Binding) -> bool {
    let Some(name) = binding.original.as_deref() else {
        return true;
    };
    binding.places.iter().any(|place| {
        let place = place.trim_end_matches('/');
        let place = place.strip_suffix("/__init__.py").unwrap_or(place);
        let file = place.rsplit('/').next().unwrap_or(place);
        file.strip_suffix(".py")
            .or(file.strip_suffix(".rs"))
            .unwrap_or(file)
            == name
    })
}

fn in_places(node: &Node, places: &[String], directories: bool) -> bool {
    places.iter().any(|place| match place.strip_suffix('/') {
        Some(_) => directories && node.path.starts_with(place.as_str()),
        None => !directories && node.path == *place,
    })
}

/// The type a definition belongs to, if any: `Reader` for `a.rs::Reader::open` and for
/// the trait impl method `a.rs::Reader::Display::fmt` (Rust: the first segment),
/// `Inner` for `a.py::Outer::Inner::m` (Python: the innermost class).
fn owner(node: &Node) -> Option<&str> {
    let parent = node.parent.as_deref()?;
    let (_, local) = parent.split_once("::")?;
    match node.lang {
        Some(Lang::Rust) => local.split("::").next(),
        _ => local.rsplit("::").next(),
    }
}

/// Where a reference is made from: the node using it and what is in scope there.
pub struct Site<'a> {
    /// The node whose body holds the reference.
    pub node: &'a Node,
    /// Names bound by imports around it.
    pub scope: &'a Scope,
}

/// Resolves a reference to definitions among `candidates` (definitions with the
/// reference's target name): the indexes of those it points at, with weights.
pub fn resolve(site: &Site, reference: &Reference, candidates: &[Node]) -> Vec<(usize, f32)> {
    let (qualifier, name) = split_reference(&reference.name);
    let usable: Vec<usize> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.name == name
                && c.lang == site.node.lang
                && c.id != site.node.id
                && can_target(reference.kind, c.kind)
        })
        .map(|(i, _)| i)
        .collect();
    if usable.is_empty() {
        return Vec::new();
    }
    let certain = |picked: Vec<usize>| -> Vec<(usize, f32)> {
        picked.into_iter().map(|i| (i, CERTAIN)).collect()
    };

    // 1. A known receiver.
    let receiver: Option<&str> = match qualifier {
        Some("self" | "cls" | "Self") => owner(site.node),
        Some(q) => Some(q.rsplit(['.', ':']).next().unwrap_or(q)),
        None => None,
    };
    if let Some(receiver) = receiver {
        let picked: Vec<usize> = usable
            .iter()
            .copied()
            .filter(|&i| owner(&candidates[i]) == Some(receiver))
            .collect();
        if !picked.is_empty() {
            // The receiver's type may be known only by name: prefer the same file.
            let same_file: Vec<usize> = picked
                .iter()
                .copied()
                .filter(|&i| candidates[i].path == site.node.path)
                .collect();
            return certain(if same_file.is_empty() {
                picked
            } else {
                same_file
            });
        }
    }

    // 2. An import: the name itself, or the first segment of its qualifier.
    let bound = qualifier
        .map(|q| q.split(['.', ':']).next().unwrap_or(q))
        .and_then(|first| site.scope.binding(first))
        .or_else(|| site.scope.binding(name));
    if let Some(binding) = bound {
        if binding.places.is_empty() {
            return Vec::new();
        }
        if qualifier.is_none() && names_a_module(binding) {
            // The name is an imported module (`from . import _parser`), not a
            // definition of that name anywhere.
            return Vec::new();
        }
        // In an imported module's own file: certain. Only somewhere below an imported
        // package's directory: one of several, weighted down.
        let in_files: Vec<usize> = usable
            .iter()
            .copied()
            .filter(|&i| in_places(&candidates[i], &binding.places, false))
            .collect();
        // What an import names is a module's own item, not a method of a type in it
        // (`from textwrap import wrap` is the function, not `TextWrapper.wrap`).
        let top_level: Vec<usize> = in_files
            .iter()
            .copied()
            .filter(|&i| candidates[i].parent.as_deref() == Some(candidates[i].path.as_str()))
            .collect();
        if !top_level.is_empty() {
            return certain(top_level);
        }
        if !in_files.is_empty() {
            return certain(in_files);
        }
        let in_dirs: Vec<usize> = usable
            .iter()
            .copied()
            .filter(|&i| in_places(&candidates[i], &binding.places, true))
            .collect();
        if !in_dirs.is_empty() {
            let weight = AMBIGUOUS / in_dirs.len() as f32;
            return in_dirs.into_iter().map(|i| (i, weight)).collect();
        }
    }

    // 3. The same file, for plain names: `x.open()` on a receiver of unknown type is
    // no more likely to be this file's `open` than any other.
    let same_file: Vec<usize> = usable
        .iter()
        .copied()
        .filter(|&i| candidates[i].path == site.node.path)
        .collect();
    if !same_file.is_empty() && qualifier.is_none() {
        return certain(same_file);
    }

    // 4. By name alone; a plain builtin name not defined in this file means the
    // builtin (`enumerate`, `Vec`), however many modules define their own.
    let builtin = qualifier.is_none() && site.node.lang.is_some_and(|l| l.is_builtin(name));
    if usable.len() > MAX_CANDIDATES || builtin {
        return Vec::new();
    }
    let weight = AMBIGUOUS / usable.len() as f32;
    usable.into_iter().map(|i| (i, weight)).collect()
}

/// The strongly connected components of a directed graph whose edge `(a, b)` says
/// `a` depends on `b`, dependencies first: a component comes after every component
/// it depends on, and units that depend on each other share one. Members in
/// ascending order; the order is a function of the input alone.
pub fn components_dependencies_first(nodes: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); nodes];
    for &(a, b) in edges {
        if a < nodes && b < nodes {
            next[a].push(b);
        }
    }
    for list in &mut next {
        list.sort_unstable();
        list.dedup();
    }
    // Tarjan's algorithm with an explicit stack (no recursion: any depth is fine).
    // It finishes a component only after every component reachable from it.
    let mut order = vec![UNSEEN; nodes];
    let mut low = vec![0; nodes];
    let mut on_stack = vec![false; nodes];
    let mut stack: Vec<usize> = Vec::new();
    let mut counter = 0;
    let mut components = Vec::new();
    for root in 0..nodes {
        if order[root] != UNSEEN {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&(v, edge)) = work.last() {
            if edge == 0 && order[v] == UNSEEN {
                order[v] = counter;
                low[v] = counter;
                counter += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = next[v].get(edge) {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                if order[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
        }
    }
    components
}

/// Personalized PageRank over a small graph: how much each node matters to the
/// `seeds` (node index → prior weight), following weighted edges both ways.
pub fn personalized_rank(
    nodes: usize,
    edges: &[(usize, usize, f32)],
    seeds: &BTreeMap<usize, f32>,
) -> Vec<f32> {
    const DAMPING: f32 = 0.5;
    const ROUNDS: usize = 20;
    let total: f32 = seeds.values().sum();
    if nodes == 0 || total <= 0.0 {
        return vec![0.0; nodes];
    }
    let mut teleport = vec![0.0f32; nodes];
    for (&node, &weight) in seeds {
        if node < nodes {
            teleport[node] = weight / total;
        }
    }
    let mut out_weight = vec![0.0f32; nodes];
    for &(a, b, w) in edges {
        out_weight[a] += w;
        out_weight[b] += w;
    }
    let mut rank = teleport.clone();
    for _ in 0..ROUNDS {
        let mut next: Vec<f32> = teleport.iter().map(|t| (1.0 - DAMPING) * t).collect();
        let mut dangling = 0.0;
        for (node, &r) in rank.iter().enumerate() {
            if out_weight[node] == 0.0 {
                dangling += r;
            }
        }
        for &(a, b, w) in edges {
            next[b] += DAMPING * rank[a] * w / out_weight[a];
            next[a] += DAMPING * rank[b] * w / out_weight[b];
        }
        for (n, t) in next.iter_mut().zip(&teleport) {
            *n += DAMPING * dangling * t;
        }
        rank = next;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, kind: NodeKind, lang: Lang) -> Node {
        Node::bare(id, kind, Some(lang))
    }

    fn call(name: &str) -> Reference {
        Reference {
            kind: RefKind::Call,
            name: name.into(),
        }
    }

    /// The ids a reference from `from` resolves to, with weights.
    fn resolved(
        from: &Node,
        imports: &[&str],
        reference: Reference,
        candidates: &[Node],
        files: &[&str],
    ) -> Vec<(String, f32)> {
        let modules = ModuleMap::new(files.iter().map(|f| f.to_string()));
        let imports: Vec<String> = imports.iter().map(|i| i.to_string()).collect();
        let scope = Scope::new(from.lang.unwrap(), &from.path, &imports, &modules);
        let site = Site {
            node: from,
            scope: &scope,
        };
        resolve(&site, &reference, candidates)
            .into_iter()
            .map(|(i, w)| (candidates[i].id.clone(), w))
            .collect()
    }

    #[test]
    fn references_split_into_qualifier_and_name() {
        assert_eq!(split_reference("open"), (None, "open"));
        assert_eq!(split_reference("self.open"), (Some("self"), "open"));
        assert_eq!(split_reference("os.path.join"), (Some("os.path"), "join"));
        assert_eq!(
            split_reference("store::Reader::open"),
            (Some("store::Reader"), "open")
        );
    }

    #[test]
    fn python_relative_imports() {
        let files = [
            "json/__init__.py",
            "json/decoder.py",
            "json/scanner.py",
            "json/tool.py",
            "email/parser.py",
            "other/decoder.py",
        ];
        let from = node("json/__init__.py::loads", NodeKind::Function, Lang::Python);
        let decoders = [
            node(
                "other/decoder.py::JSONDecoder",
                NodeKind::Class,
                Lang::Python,
            ),
            node(
                "json/decoder.py::JSONDecoder",
                NodeKind::Class,
                Lang::Python,
            ),
        ];
        // `from .decoder import JSONDecoder` picks the sibling module, certainly.
        assert_eq!(
            resolved(
                &from,
                &["from .decoder import JSONDecoder"],
                call("JSONDecoder"),
                &decoders,
                &files
            ),
            [("json/decoder.py::JSONDecoder".to_string(), CERTAIN)]
        );
        // Two levels up, with an alias.
        let deep = node("json/tool.py::main", NodeKind::Function, Lang::Python);
        let parsers = [node(
            "email/parser.py::Parser",
            NodeKind::Class,
            Lang::Python,
        )];
        assert_eq!(
            resolved(
                &deep,
                &["from ..email.parser import Parser as P"],
                call("P"),
                &[node("email/parser.py::P", NodeKind::Class, Lang::Python)],
                &files
            )
            .len(),
            1
        );
        assert_eq!(
            resolved(
                &deep,
                &["from ..email import parser"],
                call("parser.Parser"),
                &parsers,
                &files
            ),
            [("email/parser.py::Parser".to_string(), CERTAIN)]
        );
        // `import json.scanner as s` then `s.make_scanner()`.
        let scanners = [node(
            "json/scanner.py::make_scanner",
            NodeKind::Function,
            Lang::Python,
        )];
        assert_eq!(
            resolved(
                &deep,
                &["import json.scanner as s"],
                call("s.make_scanner"),
                &scanners,
                &files
            ),
            [("json/scanner.py::make_scanner".to_string(), CERTAIN)]
        );
        // Imported from outside the repository: no edge, though a local one exists.
        assert!(
            resolved(
                &from,
                &["from collections import JSONDecoder"],
                call("JSONDecoder"),
                &decoders,
                &files
            )
            .is_empty()
        );
        // Without an import: both candidates, weighted down.
        let both = resolved(&from, &[], call("JSONDecoder"), &decoders, &files);
        assert_eq!(both.len(), 2);
        assert!(both.iter().all(|(_, w)| *w < CERTAIN));
    }

    #[test]
    fn an_imported_name_is_the_module_item_not_a_method() {
        let files = ["textwrap.py", "test_textwrap.py"];
        let from = node("test_textwrap.py::check", NodeKind::Function, Lang::Python);
        let candidates = [
            node(
                "textwrap.py::TextWrapper::wrap",
                NodeKind::Method,
                Lang::Python,
            ),
            node("textwrap.py::wrap", NodeKind::Function, Lang::Python),
        ];
        assert_eq!(
            resolved(
                &from,
                &["from textwrap import TextWrapper, wrap"],
                call("wrap"),
                &candidates,
                &files
            ),
            [("textwrap.py::wrap".to_string(), CERTAIN)]
        );
    }

    #[test]
    fn builtins_and_imported_modules_are_not_definitions_elsewhere() {
        let files = [
            "textwrap.py",
            "threading.py",
            "re/__init__.py",
            "re/_parser.py",
            "decimal.py",
        ];
        let from = node("textwrap.py::dedent", NodeKind::Function, Lang::Python);
        let elsewhere = [node(
            "threading.py::enumerate",
            NodeKind::Function,
            Lang::Python,
        )];
        assert!(resolved(&from, &[], call("enumerate"), &elsewhere, &files).is_empty());
        // Defined in the same file, it is that one.
        let here = [node(
            "textwrap.py::enumerate",
            NodeKind::Function,
            Lang::Python,
        )];
        assert_eq!(
            resolved(&from, &[], call("enumerate"), &here, &files).len(),
            1
        );
        // `from . import _parser`, then `_parser` read as a value: the module.
        let parser = node("re/__init__.py::compile", NodeKind::Function, Lang::Python);
        let value = Reference {
            kind: RefKind::Value,
            name: "_parser".into(),
        };
        let other = [node("decimal.py::_parser", NodeKind::Const, Lang::Python)];
        assert!(resolved(&parser, &["from . import _parser"], value, &other, &files).is_empty());
    }

    #[test]
    fn one_binding_is_written_as_its_own_import() {
        let modules = ModuleMap::new(["src/lib.rs".to_string(), "a.py".to_string()]);
        let scope = Scope::new(
            Lang::Python,
            "a.py",
            &[
                "from os import sep, path as p".to_string(),
                "import numpy as np".to_string(),
                "import xml.dom".to_string(),
            ],
            &modules,
        );
        let text = |local: &str| scope.binding(local).unwrap().import_text(Lang::Python);
        assert_eq!(text("p"), "from os import path as p");
        assert_eq!(text("np"), "import numpy as np");
        assert_eq!(text("xml"), "import xml");
        let scope = Scope::new(
            Lang::Rust,
            "src/lib.rs",
            &["use {aho_corasick::AhoCorasick, std::{borrow::Cow as C, io}};".to_string()],
            &modules,
        );
        assert_eq!(
            scope
                .unknown("AhoCorasick")
                .unwrap()
                .import_text(Lang::Rust),
            "use aho_corasick::AhoCorasick;"
        );
        assert_eq!(
            scope.binding("C").unwrap().import_text(Lang::Rust),
            "use std::borrow::Cow as C;"
        );
    }

    #[test]
    fn python_methods_on_self() {
        let files = ["a.py"];
        let from = node("a.py::Parser::parse", NodeKind::Method, Lang::Python);
        let candidates = [
            node("a.py::Lexer::advance", NodeKind::Method, Lang::Python),
            node("a.py::Parser::advance", NodeKind::Method, Lang::Python),
        ];
        assert_eq!(
            resolved(&from, &[], call("self.advance"), &candidates, &files),
            [("a.py::Parser::advance".to_string(), CERTAIN)]
        );
    }

    #[test]
    fn self_outside_a_class_is_no_receiver() {
        let files = ["a.py", "b.py"];
        let from = node("a.py::helper", NodeKind::Function, Lang::Python);
        let candidates = [
            node("a.py::save", NodeKind::Function, Lang::Python),
            node("b.py::save", NodeKind::Function, Lang::Python),
        ];
        let found = resolved(&from, &[], call("self.save"), &candidates, &files);
        assert!(found.iter().all(|(_, w)| *w < CERTAIN), "{found:?}");
        // A trait impl's `self` is the implementing type, not the trait.
        let files = ["src/lib.rs", "src/a.rs", "src/b.rs"];
        let from = node("src/a.rs::A::Visitor::visit", NodeKind::Method, Lang::Rust);
        let candidates = [
            node("src/a.rs::A::helper", NodeKind::Method, Lang::Rust),
            node("src/b.rs::B::Visitor::helper", NodeKind::Method, Lang::Rust),
        ];
        assert_eq!(
            resolved(&from, &[], call("self.helper"), &candidates, &files),
            [("src/a.rs::A::helper".to_string(), CERTAIN)]
        );
    }

    #[test]
    fn rust_use_with_self_and_super() {
        let files = [
            "src/lib.rs",
            "src/store/mod.rs",
            "src/store/reader.rs",
            "src/store/schema.rs",
            "src/query/zoom.rs",
        ];
        let fields = [
            node("src/store/schema.rs::Fields", NodeKind::Struct, Lang::Rust),
            node("src/query/zoom.rs::Fields", NodeKind::Struct, Lang::Rust),
        ];
        let reader = node(
            "src/store/reader.rs::Reader::open",
            NodeKind::Method,
            Lang::Rust,
        );
        let ty = |name: &str| Reference {
            kind: RefKind::Type,
            name: name.into(),
        };
        for import in [
            "use super::schema::Fields;",
            "use crate::store::schema::{Fields, schema};",
            "use super::schema::{self, Fields as Fields};",
        ] {
            assert_eq!(
                resolved(&reader, &[import], ty("Fields"), &fields, &files),
                [("src/store/schema.rs::Fields".to_string(), CERTAIN)],
                "{import}"
            );
        }
        // `self::` from a mod.rs is its own directory.
        let from_mod = node("src/store/mod.rs::open", NodeKind::Function, Lang::Rust);
        assert_eq!(
            resolved(
                &from_mod,
                &["pub(crate) use self::schema::Fields;"],
                ty("Fields"),
                &fields,
                &files
            ),
            [("src/store/schema.rs::Fields".to_string(), CERTAIN)]
        );
        // A module imported whole, then a qualified path.
        assert_eq!(
            resolved(
                &reader,
                &["use super::schema;"],
                ty("schema::Fields"),
                &fields,
                &files
            ),
            [("src/store/schema.rs::Fields".to_string(), CERTAIN)]
        );
        // A module beside this one, 2018 style, from a mod.rs.
        assert_eq!(
            resolved(
                &from_mod,
                &["pub use schema::Fields;"],
                ty("Fields"),
                &fields,
                &files
            ),
            [("src/store/schema.rs::Fields".to_string(), CERTAIN)]
        );
        // The standard library: nothing here, though a local `Fields` exists.
        let std = resolved(
            &reader,
            &["use std::fmt::Fields;"],
            ty("Fields"),
            &fields,
            &files,
        );
        assert!(std.is_empty());
        // Another crate this repository cannot see: the later rules still apply.
        let other = ["use tantivy::schema::Fields;"];
        assert_eq!(
            resolved(&reader, &other, ty("Fields"), &fields, &files).len(),
            2
        );
    }

    #[test]
    fn deep_use_trees_are_bounded() {
        let modules = ModuleMap::new(["src/lib.rs".to_string()]);
        for deep in [
            format!("use a::{}b{};", "{c::".repeat(100_000), "}".repeat(100_000)),
            format!("use a::{}b{};", "{".repeat(100_000), "}".repeat(100_000)),
        ] {
            // Completes without overflowing the stack; what it binds does not matter.
            let _ = rust_bindings(&deep, "src/lib.rs", &modules);
        }
        let mut paths = Vec::new();
        expand_use_tree("a::{b::{c, d}, e as f}", &mut Vec::new(), &mut paths);
        let flat: Vec<String> = paths.iter().map(|(p, _)| p.join("::")).collect();
        assert_eq!(flat, ["a::b::c", "a::b::d", "a::e"]);
        assert_eq!(paths[2].1.as_deref(), Some("f"));
    }

    #[test]
    fn rust_methods_on_a_known_type() {
        let files = ["src/lib.rs", "src/a.rs", "src/b.rs"];
        let candidates = [
            node("src/a.rs::Index::open", NodeKind::Method, Lang::Rust),
            node("src/b.rs::Store::open", NodeKind::Method, Lang::Rust),
            node("src/b.rs::open", NodeKind::Function, Lang::Rust),
        ];
        let from = node("src/b.rs::Store::reopen", NodeKind::Method, Lang::Rust);
        assert_eq!(
            resolved(&from, &[], call("Index::open"), &candidates, &files),
            [("src/a.rs::Index::open".to_string(), CERTAIN)]
        );
        assert_eq!(
            resolved(&from, &[], call("Self::open"), &candidates, &files),
            [("src/b.rs::Store::open".to_string(), CERTAIN)]
        );
        assert_eq!(
            resolved(&from, &[], call("self.open"), &candidates, &files),
            [("src/b.rs::Store::open".to_string(), CERTAIN)]
        );
        // Unknown receiver: every `open`, none certain.
        let unknown = resolved(&from, &[], call("x.open"), &candidates, &files);
        assert_eq!(unknown.len(), 3);
        assert!(unknown.iter().all(|(_, w)| *w < CERTAIN));
        // A plain name: the same file first.
        assert_eq!(
            resolved(&from, &[], call("open"), &candidates, &files),
            [
                ("src/b.rs::Store::open".to_string(), CERTAIN),
                ("src/b.rs::open".to_string(), CERTAIN)
            ]
        );
    }

    #[test]
    fn common_names_resolve_to_nothing() {
        let files: Vec<String> = (0..20).map(|i| format!("m{i}.py")).collect();
        let file_refs: Vec<&str> = files.iter().map(String::as_str).collect();
        let candidates: Vec<Node> = files
            .iter()
            .map(|f| node(&format!("{f}::get"), NodeKind::Function, Lang::Python))
            .collect();
        let from = node("main.py::run", NodeKind::Function, Lang::Python);
        assert!(resolved(&from, &[], call("get"), &candidates, &file_refs).is_empty());
    }

    #[test]
    fn components_come_dependencies_first() {
        // 0 → 1 → 2 → 1 (a cycle), 0 → 3, 4 alone.
        let edges = [(0, 1), (1, 2), (2, 1), (0, 3)];
        let components = components_dependencies_first(5, &edges);
        assert_eq!(components.len(), 4);
        assert!(components.contains(&vec![1, 2]));
        let at = |n: usize| components.iter().position(|c| c.contains(&n)).unwrap();
        for (a, b) in edges {
            assert!(at(b) <= at(a), "{b} should come before {a}: {components:?}");
        }
        // A long chain does not overflow the stack.
        let chain: Vec<(usize, usize)> = (0..100_000).map(|i| (i, i + 1)).collect();
        let components = components_dependencies_first(100_001, &chain);
        assert_eq!(components.first(), Some(&vec![100_000]));
        assert_eq!(components.last(), Some(&vec![0]));
    }

    #[test]
    fn rank_flows_from_seeds_to_neighbours() {
        // 0 → 1 → 2, 3 isolated; seed 0.
        let edges = [(0, 1, 1.0), (1, 2, 1.0)];
        let seeds = BTreeMap::from([(0, 1.0)]);
        let rank = personalized_rank(4, &edges, &seeds);
        assert!(rank[0] > rank[1] && rank[1] > rank[2] && rank[2] > rank[3]);
        assert_eq!(rank[3], 0.0);
    }
}
