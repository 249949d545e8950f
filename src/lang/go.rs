//! Go: `import alias "path"`; a package is a directory, whose files see each other's
//! names without imports; an import path names a directory of the repository by its
//! end (the module path of `go.mod` before it); a standard-library path has no dot in
//! its first element.

use super::{Binding, Bindings, Dependency, Import, Inherited, LanguageSupport, ModuleMap};

/// Go's support.
pub struct Go;

impl LanguageSupport for Go {
    fn bindings(&self, import: &Import, _path: &str, modules: &ModuleMap) -> Bindings {
        let mut bindings = Bindings::default();
        for item in &import.items {
            let module = item.module.as_str();
            let local = match item.alias.as_deref() {
                // `_` imports for side effects; `.` puts the names in plain scope,
                // where the same-package and by-name rules find them.
                Some("_" | ".") => continue,
                Some(alias) => alias.to_string(),
                None => package_name(module).to_string(),
            };
            let binding = |places| Binding {
                local: local.clone(),
                places,
                original: None,
                module: module.to_string(),
            };
            match places(module, modules) {
                Some(files) if !is_standard(module) => bindings.found.push(binding(files)),
                _ if is_standard(module) => bindings.found.push(binding(Vec::new())),
                _ => bindings.unknown.push(binding(Vec::new())),
            }
        }
        bindings
    }

    fn import_text(&self, binding: &Binding) -> String {
        let alias = binding.alias(package_name(&binding.module), "");
        let alias = if alias.is_empty() { alias } else { alias + " " };
        format!("import {alias}\"{}\"", binding.module)
    }

    fn origin_keys(&self, module: &str) -> (bool, Vec<String>) {
        // A declared module covers every package below it: its path is a prefix.
        let mut keys = Vec::new();
        for (i, _) in module.match_indices('/') {
            keys.push(module[..i].to_string());
        }
        keys.push(module.to_string());
        (is_standard(module), keys)
    }

    fn package_of<'a>(&self, module: &'a str) -> &'a str {
        module
    }

    fn manifests(&self) -> &'static [&'static str] {
        &["go.mod"]
    }

    /// The `require`d modules of `go.mod`, in its one-line and block forms.
    fn dependencies(
        &self,
        _file_name: &str,
        text: &str,
        _inherited: &mut Inherited,
    ) -> Result<Vec<Dependency>, String> {
        let mut found = Vec::new();
        let mut in_block = false;
        for line in text.lines() {
            let line = line.split("//").next().unwrap_or(line).trim();
            let spec = match line.strip_prefix("require") {
                Some(rest) if rest.trim() == "(" => {
                    in_block = true;
                    continue;
                }
                Some(rest) => Some(rest.trim()),
                None if in_block && line == ")" => {
                    in_block = false;
                    None
                }
                None if in_block => Some(line),
                None => None,
            };
            let mut words = spec.unwrap_or_default().split_whitespace();
            if let Some(module) = words.next() {
                found.push(Dependency {
                    import_key: module.to_string(),
                    name: module.to_string(),
                    version: words.next().map(str::to_string),
                });
            }
        }
        Ok(found)
    }
}

/// The top-level packages of Go's standard library.
const STANDARD: [&str; 50] = [
    "archive",
    "bufio",
    "builtin",
    "bytes",
    "cmp",
    "compress",
    "container",
    "context",
    "crypto",
    "database",
    "debug",
    "embed",
    "encoding",
    "errors",
    "expvar",
    "flag",
    "fmt",
    "go",
    "hash",
    "html",
    "image",
    "index",
    "io",
    "iter",
    "log",
    "maps",
    "math",
    "mime",
    "net",
    "os",
    "path",
    "plugin",
    "reflect",
    "regexp",
    "runtime",
    "slices",
    "sort",
    "strconv",
    "strings",
    "structs",
    "sync",
    "syscall",
    "testing",
    "text",
    "time",
    "unicode",
    "unique",
    "unsafe",
    "weak",
    "C",
];

/// A standard-library import path (`net/http`): its first element is one of the
/// standard library's (a module path without a dot, `module x`, is not).
fn is_standard(module: &str) -> bool {
    STANDARD.contains(&module.split('/').next().unwrap_or(module))
}

/// The name a package is used by when imported without an alias: its last path
/// element, less a major-version element (`…/v2`) or suffix (`yaml.v3`).
fn package_name(module: &str) -> &str {
    let mut elements = module.rsplit('/');
    let last = elements.next().unwrap_or(module);
    let is_version = |e: &str| {
        e.strip_prefix('v')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    let name = if is_version(last) {
        elements.next().unwrap_or(last)
    } else {
        last
    };
    match name.rsplit_once('.') {
        Some((base, version)) if is_version(version) => base,
        _ => name,
    }
}

/// The Go files (tests aside) of the repository's directory an import path names:
/// the longest end of the path that is a directory with Go files (the part before it
/// is the module path of `go.mod`). `None` when no directory matches.
fn places(module: &str, modules: &ModuleMap) -> Option<Vec<String>> {
    let elements: Vec<&str> = module.split('/').collect();
    (1..elements.len()).find_map(|skip| {
        let dir = format!("{}/", elements[skip..].join("/"));
        let files: Vec<String> = modules
            .files_in(&dir)
            .filter(|f| f.ends_with(".go") && !f.ends_with("_test.go"))
            .map(String::from)
            .collect();
        (!files.is_empty()).then_some(files)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn specs_of_single_grouped_and_aliased_imports() {
        let code = "package p\nimport \"fmt\"\nimport ( b \"example.com/x/bucket\"; . \"strings\"; _ `embed` )\n";
        let items: Vec<(Option<String>, String)> = crate::lang::parse_imports(Lang::Go, code)
            .into_iter()
            .flat_map(|import| import.items)
            .map(|item| (item.alias, item.module))
            .collect();
        let expected = [
            (None, "fmt"),
            (Some("b"), "example.com/x/bucket"),
            (Some("."), "strings"),
            (Some("_"), "embed"),
        ]
        .map(|(alias, module)| (alias.map(String::from), module.to_string()));
        assert_eq!(items, expected);
    }

    #[test]
    fn package_names_drop_major_versions() {
        assert_eq!(package_name("net/http"), "http");
        assert_eq!(package_name("github.com/a/b/v2"), "b");
        assert_eq!(package_name("gopkg.in/yaml.v3"), "yaml");
        assert_eq!(package_name("fmt"), "fmt");
    }

    #[test]
    fn import_paths_bind_directories_by_their_end() {
        let modules = ModuleMap::new(
            [
                "go.go",
                "internal/bucket/bucket.go",
                "internal/bucket/fill.go",
                "internal/bucket/bucket_test.go",
                "internal/bucket/deep/x.go",
            ]
            .map(String::from),
        );
        let found = crate::lang::bind_code(
            Lang::Go,
            "package main\nimport ( \"fmt\"; b \"example.com/rl/internal/bucket\"; \"github.com/x/y\" )\n",
            "go.go",
            &modules,
        );
        let fmt = &found.found[0];
        assert_eq!((fmt.local.as_str(), fmt.places.len()), ("fmt", 0));
        let bucket = &found.found[1];
        assert_eq!(bucket.local, "b");
        assert_eq!(
            bucket.places,
            ["internal/bucket/bucket.go", "internal/bucket/fill.go"]
        );
        assert_eq!(found.unknown[0].local, "y");
        assert_eq!(
            Go.import_text(bucket),
            "import b \"example.com/rl/internal/bucket\""
        );
        assert_eq!(Go.import_text(fmt), "import \"fmt\"");
        let (standard, keys) = Go.origin_keys("github.com/x/y/z");
        assert!(!standard);
        assert!(keys.contains(&"github.com/x/y".to_string()));
        assert!(Go.origin_keys("net/http").0);
    }
}
