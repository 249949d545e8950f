//! Python: `import a.b`, `from .m import x as y`; modules as files (`a/b.py`), packages
//! as directories (`a/b/__init__.py`); the standard library's module list and the
//! import names that differ from their distribution's.

use toml::Value;

use super::manifest::{entries, members, string_items, toml_table};
use super::{
    Binding, Bindings, Dependency, Import, Inherited, Lang, LanguageSupport, ModuleMap, word_list,
};

/// Python's support.
pub struct Python;

impl LanguageSupport for Python {
    fn bindings(&self, import: &Import, path: &str, modules: &ModuleMap) -> Bindings {
        python_bindings(import, path, modules)
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

    fn manifests(&self) -> &'static [&'static str] {
        &["pyproject.toml", "setup.cfg", "requirements*.txt"]
    }

    fn dependencies(
        &self,
        file_name: &str,
        text: &str,
        _inherited: &mut Inherited,
    ) -> Result<Vec<Dependency>, String> {
        Ok(match file_name {
            "pyproject.toml" => pyproject(text)?,
            "setup.cfg" => setup_cfg(text),
            _ => requirements_txt(text),
        })
    }
}

/// A distribution a manifest declares.
fn dependency(name: &str, version: Option<&str>) -> Dependency {
    Dependency {
        import_key: normalize(name),
        name: name.to_string(),
        version: version.map(str::to_string),
    }
}

/// A PEP 508 requirement as a dependency; none when the text is no requirement.
fn required(text: &str) -> Option<Dependency> {
    requirement(text).map(|(name, version)| dependency(name, version))
}

/// `[project]` dependencies and optional dependencies, `[dependency-groups]`, and
/// Poetry's dependencies, dev dependencies and groups.
fn pyproject(text: &str) -> Result<Vec<Dependency>, String> {
    let table = toml_table(text)?;
    let mut found = Vec::new();
    let project = table.get("project");
    let lists = members(project.and_then(|p| p.get("optional-dependencies")))
        .chain(members(table.get("dependency-groups")));
    for text in string_items(project.and_then(|p| p.get("dependencies")))
        .chain(lists.flat_map(|list| string_items(Some(list))))
    {
        found.extend(required(text));
    }
    let poetry = table.get("tool").and_then(|tool| tool.get("poetry"));
    let groups = members(poetry.and_then(|p| p.get("group"))).map(|g| g.get("dependencies"));
    let tables = ["dependencies", "dev-dependencies"].map(|kind| poetry.and_then(|p| p.get(kind)));
    for (name, value) in tables.into_iter().chain(groups).flat_map(entries) {
        let version = match value {
            Value::String(version) => Some(version.as_str()),
            Value::Table(entry) => entry.get("version").and_then(Value::as_str),
            _ => None,
        };
        if name != "python" {
            found.push(dependency(name, version));
        }
    }
    Ok(found)
}

/// `install_requires` of `[options]` and every key of `[options.extras_require]`.
fn setup_cfg(text: &str) -> Vec<Dependency> {
    let mut found = Vec::new();
    let (mut section, mut in_requirements) = ("", false);
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            if in_requirements {
                found.extend(required(trimmed));
            }
            continue;
        }
        in_requirements = false;
        if let Some(name) = trimmed
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            section = name.trim();
        } else if let Some((key, value)) = trimmed.split_once(['=', ':']) {
            in_requirements = (section == "options" && key.trim() == "install_requires")
                || section == "options.extras_require";
            if in_requirements {
                found.extend(required(value));
            }
        }
    }
    found
}

/// One requirement a line; options (`-r`, `-e`, `--index-url`) and URLs name no
/// distribution, and per-requirement options (`--hash=…`) follow the requirement.
fn requirements_txt(text: &str) -> Vec<Dependency> {
    let mut found = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or(line).trim();
        if !line.starts_with('-') && !line.contains("://") {
            found.extend(required(line.split(" -").next().unwrap_or(line)));
        }
    }
    found
}

/// A Python distribution or module name in comparable form: lowercase, `-` and `.` as
/// `_` (what a manifest declares and what code imports meet in it).
fn normalize(name: &str) -> String {
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

/// The bindings of one Python import statement: `import a.b` binds `a`, `import a.b
/// as c` binds `c` to `a.b`; `from m import x` binds `x`, which `m` defines or which
/// is its submodule `m.x`; `from m import *` brings every name of `m` into scope.
fn python_bindings(import: &Import, path: &str, modules: &ModuleMap) -> Bindings {
    let mut bindings = Bindings::default();
    for item in &import.items {
        let dots = item.module.len() - item.module.trim_start_matches('.').len();
        let parts: Vec<&str> = item.module[dots..]
            .split('.')
            .filter(|p| !p.is_empty())
            .collect();
        let package = match dots {
            0 => None,
            // More dots than directories: nothing in the repository.
            _ => match python_package(path, dots) {
                Some(package) => Some(package),
                None => continue,
            },
        };
        match item.name.as_deref() {
            None => {
                let Some(first) = parts.first() else {
                    continue;
                };
                let (local, module) = match item.alias.as_deref() {
                    Some(alias) => (alias, &parts[..]),
                    None => (*first, &parts[..1]),
                };
                bindings.found.push(Binding {
                    local: local.to_string(),
                    places: python_places(module, None, modules),
                    original: None,
                    module: module.join("."),
                });
            }
            Some("*") => {
                let places = python_places(&parts, package, modules);
                bindings
                    .wildcards
                    .extend(places.into_iter().filter(|p| !p.ends_with('/')));
            }
            Some(name) => {
                let mut places = python_places(&parts, package, modules);
                let mut submodule = parts.clone();
                submodule.push(name);
                places.extend(python_places(&submodule, package, modules));
                places.sort();
                places.dedup();
                bindings.found.push(Binding {
                    local: item.alias.as_deref().unwrap_or(name).to_string(),
                    places,
                    original: Some(name.to_string()),
                    module: item.module.clone(),
                });
            }
        }
    }
    bindings
}

/// The name and version requirement of a PEP 508 requirement (`attrs[extra]~=23.1 ;
/// python_version>'3.8'` → `attrs`, `~=23.1`); None when `text` is not one.
fn requirement(text: &str) -> Option<(&str, Option<&str>)> {
    let text = text.split(';').next().unwrap_or(text).trim();
    let is_name = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    let (name, rest) = text.split_at(text.find(|c| !is_name(c)).unwrap_or(text.len()));
    let mut rest = rest.trim_start();
    if let Some(extras) = rest.strip_prefix('[') {
        rest = extras.split_once(']')?.1.trim_start();
    }
    let version = rest.trim_start_matches('(').trim_end_matches(')').trim();
    match version {
        _ if name.is_empty() => None,
        "" => Some((name, None)),
        _ if version.starts_with('@') => Some((name, None)),
        _ if version.starts_with(['<', '>', '=', '!', '~']) => Some((name, Some(version))),
        _ => None,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{ImportItem, bind_code, parse_imports};

    #[test]
    fn statements_are_taken_apart_by_their_captures() {
        let item = |module: &str, name: Option<&str>, alias: Option<&str>| ImportItem {
            module: module.to_string(),
            name: name.map(String::from),
            alias: alias.map(String::from),
        };
        let imports = parse_imports(
            Lang::Python,
            "import a.b, c as d\nfrom ..p.q import (x as y,\n    z)\nfrom . import *\n",
        );
        let items: Vec<&[ImportItem]> = imports.iter().map(|i| &i.items[..]).collect();
        assert_eq!(
            items,
            [
                &[item("a.b", None, None), item("c", None, Some("d"))][..],
                &[
                    item("..p.q", Some("x"), Some("y")),
                    item("..p.q", Some("z"), None)
                ],
                &[item(".", Some("*"), None)],
            ]
        );
        assert_eq!(imports[1].text, "from ..p.q import (x as y, z)");
    }

    #[test]
    fn a_star_import_brings_its_module_files_into_scope() {
        let modules = ModuleMap::new(
            ["pkg/__init__.py", "pkg/a.py", "pkg/sub/__init__.py"].map(String::from),
        );
        let bound = bind_code(
            Lang::Python,
            "from .sub import *\nfrom os import *\n",
            "pkg/a.py",
            &modules,
        );
        assert_eq!(bound.wildcards, ["pkg/sub/__init__.py"]);
        let bound = bind_code(Lang::Python, "import pkg.a as m\n", "x.py", &modules);
        assert_eq!(
            (bound.found[0].local.as_str(), &bound.found[0].places[..]),
            ("m", &["pkg/a.py".to_string()][..])
        );
    }
}
