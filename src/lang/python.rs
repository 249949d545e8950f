//! Python: `import a.b`, `from .m import x as y`; modules as files (`a/b.py`), packages
//! as directories (`a/b/__init__.py`); the standard library's module list and the
//! import names that differ from their distribution's.

use super::{Binding, Bindings, Lang, LanguageSupport, ModuleMap, split_alias, word_list};

/// Python's support.
pub struct Python;

impl LanguageSupport for Python {
    fn bindings(&self, statement: &str, path: &str, modules: &ModuleMap) -> Bindings {
        Bindings {
            found: python_bindings(statement, path, modules),
            ..Bindings::default()
        }
    }

    fn import_text(&self, binding: &Binding) -> String {
        match binding.original.as_deref() {
            Some(name) => format!(
                "from {} import {name}{}",
                binding.module,
                binding.alias(name, " as ")
            ),
            None => {
                let last = binding.module.rsplit('.').next().unwrap_or(&binding.module);
                format!("import {}{}", binding.module, binding.alias(last, " as "))
            }
        }
    }

    fn origin_keys(&self, module: &str) -> (bool, Vec<String>) {
        let file = |name| Lang::Python.file(name).unwrap_or_default();
        let standard = word_list(file("stdlib-modules.txt")).any(|name| name == module);
        let aliases = word_list(file("import-names.txt"))
            .filter_map(|line| line.split_once(char::is_whitespace))
            .filter(|(import_name, _)| *import_name == module)
            .map(|(_, distribution)| normalize(distribution.trim()));
        let keys = std::iter::once(normalize(module)).chain(aliases).collect();
        (standard, keys)
    }
}

/// A Python distribution or module name in comparable form: lowercase, `-` and `.` as
/// `_` (what a manifest declares and what code imports meet in it).
pub fn normalize(name: &str) -> String {
    name.to_ascii_lowercase().replace(['-', '.'], "_")
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
