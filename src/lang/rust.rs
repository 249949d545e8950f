//! Rust: `use` trees (`use crate::a::{b, c as d};`), modules as files below the crate
//! root (`src/a/b.rs`, `src/a/b/mod.rs`), `crate`, `self` and `super`; the crates that
//! ship with Rust.

use toml::Value;

use super::manifest::{entries, members, toml_table};
use super::{Binding, Bindings, Dependency, Import, Inherited, LanguageSupport, ModuleMap};

/// Deepest `use` tree nesting followed.
const MAX_USE_DEPTH: usize = 32;
/// Cargo.toml tables that declare dependencies, at the top level and under `[target.*]`.
const DEPENDENCY_TABLES: [&str; 3] = ["dependencies", "dev-dependencies", "build-dependencies"];
/// Crates that ship with Rust itself.
const STANDARD: [&str; 5] = ["std", "core", "alloc", "proc_macro", "test"];

/// Rust's support.
pub struct Rust;

impl LanguageSupport for Rust {
    /// Reads the statement's text: a use tree nests paths (`a::{b::{c, d}}`), whose
    /// joined prefixes no query capture can spell.
    fn bindings(&self, import: &Import, path: &str, modules: &ModuleMap) -> Bindings {
        rust_bindings(&import.text, path, modules)
    }

    fn import_text(&self, binding: &Binding) -> String {
        match binding.original.as_deref() {
            Some(name) if !binding.module.is_empty() => format!(
                "use {}::{name}{};",
                binding.module,
                binding.alias(name, " as ")
            ),
            _ => {
                let last = binding
                    .module
                    .rsplit("::")
                    .next()
                    .unwrap_or(&binding.module);
                format!("use {}{};", binding.module, binding.alias(last, " as "))
            }
        }
    }

    fn origin_keys(&self, module: &str) -> (bool, Vec<String>) {
        (STANDARD.contains(&module), vec![module.to_owned()])
    }

    fn manifests(&self) -> &'static [&'static str] {
        &["Cargo.toml"]
    }

    /// `[dependencies]`, `[dev-dependencies]` and `[build-dependencies]`, at the top
    /// and under `[target.*]`, and `[workspace.dependencies]`, which the members'
    /// `{ workspace = true }` entries inherit.
    fn dependencies(
        &self,
        _file_name: &str,
        text: &str,
        workspace: &mut Inherited,
    ) -> Result<Vec<Dependency>, String> {
        let table = toml_table(text)?;
        let workspace_table = table.get("workspace").and_then(|w| w.get("dependencies"));
        for (key, value) in entries(workspace_table) {
            if let Some(dependency) = cargo_dependency(key, value, workspace) {
                workspace.insert(key.clone(), dependency);
            }
        }
        let platforms = members(table.get("target"));
        let sections = std::iter::once(&table).chain(platforms.filter_map(Value::as_table));
        let sections = sections.flat_map(|section| DEPENDENCY_TABLES.map(|kind| section.get(kind)));
        let mut found = Vec::new();
        for (key, value) in sections.chain([workspace_table]).flat_map(entries) {
            if let Some((name, version)) = cargo_dependency(key, value, workspace) {
                let import_key = key.replace('-', "_");
                found.push(Dependency {
                    import_key,
                    name,
                    version,
                });
            }
        }
        Ok(found)
    }

    fn package_manifests(&self) -> &'static [&'static str] {
        &["Cargo.toml"]
    }

    /// `[lib] name` when given (what code writes), else `[package] name` with `-` as
    /// `_`: a crate's folder need not be named after it (the root crate's is wherever
    /// the checkout is).
    fn package_name(&self, _file_name: &str, text: &str) -> Option<String> {
        let table = toml_table(text).ok()?;
        let lib = table.get("lib").and_then(|lib| lib.get("name"));
        let name = lib
            .or_else(|| table.get("package")?.get("name"))?
            .as_str()?;
        Some(name.replace('-', "_"))
    }
}

/// The bindings of one Rust `use` declaration (or `extern crate`), and the names it
/// imports from modules of unknown place.
fn rust_bindings(statement: &str, path: &str, modules: &ModuleMap) -> Bindings {
    let mut text = statement.trim().trim_end_matches(';').trim();
    if let Some(rest) = text.strip_prefix("pub") {
        text = rest.trim_start();
        if text.starts_with('(') {
            text = text.find(')').map_or("", |i| text[i + 1..].trim_start());
        }
    }
    let Some(tree) = text.strip_prefix("use ") else {
        return Bindings::default();
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
    Bindings {
        found: bindings,
        unknown,
        ..Bindings::default()
    }
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

/// The package name and version of a Cargo dependency entry; None if it is no entry.
fn cargo_dependency(
    key: &str,
    value: &Value,
    workspace: &Inherited,
) -> Option<(String, Option<String>)> {
    match value {
        Value::String(version) => Some((key.to_owned(), Some(version.clone()))),
        Value::Table(entry) if entry.get("workspace") == Some(&Value::Boolean(true)) => Some(
            workspace
                .get(key)
                .cloned()
                .unwrap_or((key.to_owned(), None)),
        ),
        Value::Table(entry) => {
            let name = entry
                .get("package")
                .and_then(Value::as_str)
                .unwrap_or(key)
                .to_owned();
            Some((
                name,
                entry
                    .get("version")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            ))
        }
        _ => None,
    }
}

/// Splits `name as alias` (by the language's keyword) into the name and the alias.
fn split_alias<'a>(item: &'a str, keyword: &str) -> (&'a str, Option<&'a str>) {
    match item.split_once(keyword) {
        Some((name, alias)) => (name.trim(), Some(alias.trim())),
        None => (item.trim(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
