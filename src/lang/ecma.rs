//! JavaScript and TypeScript (ECMAScript modules and CommonJS): `import {a as b}
//! from "./m"`, `import * as ns from "m"`, `const x = require("m")`; a relative
//! specifier names a file by its path with or without its extension, or a
//! directory's `index` file; a bare one names a package (`@scope/pkg/sub` of
//! `@scope/pkg`), or one of Node's built-in modules.

use super::{Binding, Bindings, LanguageSupport, ModuleMap};

/// Support for JavaScript, TypeScript and TSX.
pub struct Ecma;

/// Extensions a relative specifier may leave out, in the order resolution tries them.
const EXTENSIONS: [&str; 8] = ["ts", "tsx", "d.ts", "js", "jsx", "mjs", "cjs", "mts"];

/// Node's built-in modules (also written `node:fs`).
const NODE_BUILTINS: [&str; 40] = [
    "assert",
    "async_hooks",
    "buffer",
    "child_process",
    "cluster",
    "console",
    "constants",
    "crypto",
    "dgram",
    "diagnostics_channel",
    "dns",
    "domain",
    "events",
    "fs",
    "http",
    "http2",
    "https",
    "inspector",
    "module",
    "net",
    "os",
    "path",
    "perf_hooks",
    "process",
    "punycode",
    "querystring",
    "readline",
    "repl",
    "stream",
    "string_decoder",
    "test",
    "timers",
    "tls",
    "trace_events",
    "tty",
    "url",
    "util",
    "v8",
    "vm",
    "zlib",
];

impl LanguageSupport for Ecma {
    fn bindings(&self, statement: &str, path: &str, modules: &ModuleMap) -> Bindings {
        let mut bindings = Bindings::default();
        let Some(module) = specifier(statement) else {
            return bindings;
        };
        let places = if module.starts_with('.') {
            Some(relative_places(module, path, modules))
        } else if is_builtin(module) {
            Some(Vec::new())
        } else {
            None
        };
        for (local, original) in names(statement) {
            let binding = Binding {
                local: local.to_string(),
                places: places.clone().unwrap_or_default(),
                original: original.map(String::from),
                module: module.to_string(),
            };
            match places {
                Some(_) => bindings.found.push(binding),
                None => bindings.unknown.push(binding),
            }
        }
        bindings
    }

    fn import_text(&self, binding: &Binding) -> String {
        let module = &binding.module;
        match binding.original.as_deref() {
            None => format!("import * as {} from \"{module}\";", binding.local),
            Some("default") => format!("import {} from \"{module}\";", binding.local),
            Some(name) => {
                let alias = binding.alias(name, " as ");
                format!("import {{ {name}{alias} }} from \"{module}\";")
            }
        }
    }

    fn origin_keys(&self, module: &str) -> (bool, Vec<String>) {
        (is_builtin(module), vec![module.to_string()])
    }

    fn package_of<'a>(&self, module: &'a str) -> &'a str {
        let module = module.strip_prefix("node:").unwrap_or(module);
        let end = match module.starts_with('@') {
            // `@scope/pkg/sub`: the package is `@scope/pkg`.
            true => module.match_indices('/').nth(1).map(|(i, _)| i),
            false => module.find('/'),
        };
        &module[..end.unwrap_or(module.len())]
    }
}

/// Whether a bare specifier names one of Node's built-in modules.
fn is_builtin(module: &str) -> bool {
    module.starts_with("node:")
        || NODE_BUILTINS.contains(&module.split('/').next().unwrap_or(module))
}

/// The module a statement imports from: the last quoted string (`from "./m"`,
/// `require("m")`).
fn specifier(statement: &str) -> Option<&str> {
    let end = statement.rfind(['"', '\'', '`'])?;
    let quote = statement.as_bytes()[end] as char;
    let start = statement[..end].rfind(quote)?;
    Some(&statement[start + 1..end]).filter(|s| !s.is_empty())
}

/// The names a statement binds, each with the name it has in its module: `None` for
/// the module itself (`* as ns`, `const ns = require(…)`), `default` for a default
/// import.
fn names(statement: &str) -> Vec<(&str, Option<&str>)> {
    let text = statement.trim().trim_end_matches(';');
    let clause = if let Some(rest) = text.strip_prefix("import") {
        let rest = rest.trim_start();
        let rest = rest.strip_prefix("type ").unwrap_or(rest);
        match rest.rfind(" from") {
            Some(at) => &rest[..at],
            // `import "./polyfill"`: nothing bound.
            None => return Vec::new(),
        }
    } else if let Some(rest) = text
        .strip_prefix("const ")
        .or(text.strip_prefix("let "))
        .or(text.strip_prefix("var "))
    {
        // `const x = require("m")`, `const { a, b: c } = require("m")`.
        let Some((pattern, _)) = rest.split_once('=') else {
            return Vec::new();
        };
        let pattern = pattern.trim();
        return match pattern.strip_prefix('{') {
            Some(inner) => inner
                .trim_end_matches('}')
                .split(',')
                .filter_map(|item| {
                    let (name, local) = item.split_once(':').unwrap_or((item, item));
                    let (name, local) = (name.trim(), local.trim());
                    is_name(local).then_some((local, Some(name)))
                })
                .collect(),
            None if is_name(pattern) => vec![(pattern, None)],
            None => Vec::new(),
        };
    } else {
        // `export … from "m"` re-exports: nothing bound here.
        return Vec::new();
    };
    let mut found = Vec::new();
    let (head, named) = match clause.find('{') {
        Some(open) => (&clause[..open], Some(&clause[open + 1..])),
        None => (clause, None),
    };
    for part in head.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.strip_prefix('*') {
            Some(rest) => {
                if let Some(local) = rest.trim().strip_prefix("as ") {
                    found.push((local.trim(), None));
                }
            }
            None if is_name(part) => found.push((part, Some("default"))),
            None => {}
        }
    }
    for item in named.unwrap_or("").trim_end_matches('}').split(',') {
        let item = item.trim();
        let item = item.strip_prefix("type ").unwrap_or(item);
        let (name, local) = match item.split_once(" as ") {
            Some((name, local)) => (name.trim(), local.trim()),
            None => (item, item),
        };
        if is_name(local) {
            found.push((local, Some(name)));
        }
    }
    found
}

fn is_name(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// The files a relative specifier may name: the path as written, with each known
/// extension, a `.js` written for the `.ts` it compiles from, or a directory's
/// `index` file.
fn relative_places(module: &str, path: &str, modules: &ModuleMap) -> Vec<String> {
    let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
    // Above the repository: nothing of it.
    let Some(base) = super::join_relative(dir, module) else {
        return Vec::new();
    };
    let stem = [".js", ".jsx", ".mjs", ".cjs"]
        .iter()
        .find_map(|ext| base.strip_suffix(ext))
        .unwrap_or(&base);
    // The path as written, when it names a file of a language (not a directory).
    let mut candidates: Vec<String> = super::Lang::from_path(&base)
        .map(|_| base.clone())
        .into_iter()
        .collect();
    for ext in EXTENSIONS {
        candidates.push(format!("{stem}.{ext}"));
    }
    for ext in EXTENSIONS {
        candidates.push(format!("{base}/index.{ext}"));
    }
    let Some(found) = candidates.into_iter().find(|c| modules.has_file(c)) else {
        return Vec::new();
    };
    if found.starts_with(&format!("{base}/index.")) {
        // An index file often re-exports its directory's modules (`export * from
        // "./format"`): the names it binds may be defined anywhere below.
        return vec![found, format!("{base}/")];
    }
    vec![found]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_of_import_binds_its_names() {
        type Bound<'a> = &'a [(&'a str, Option<&'a str>)];
        let cases: [(&str, Bound); 9] = [
            (
                "import { logged, type Clock } from \"./util\";",
                &[("logged", Some("logged")), ("Clock", Some("Clock"))],
            ),
            (
                "import Button from \"./button\";",
                &[("Button", Some("default"))],
            ),
            (
                "import { a, b as c } from './m';",
                &[("a", Some("a")), ("c", Some("b"))],
            ),
            ("import * as ns from \"m\";", &[("ns", None)]),
            (
                "import React, { useState } from \"react\";",
                &[("React", Some("default")), ("useState", Some("useState"))],
            ),
            ("import type { T } from \"./t\";", &[("T", Some("T"))]),
            ("import \"./polyfill\";", &[]),
            ("const fs = require(\"fs\");", &[("fs", None)]),
            (
                "const { join, resolve: r } = require(\"path\");",
                &[("join", Some("join")), ("r", Some("resolve"))],
            ),
        ];
        for (statement, expected) in cases {
            assert_eq!(names(statement), expected, "{statement}");
        }
    }

    #[test]
    fn relative_specifiers_find_files_and_index_files() {
        let modules = ModuleMap::new(
            [
                "src/app.ts",
                // A directory's path, as the index lists it beside its files.
                "src/util",
                "src/util/index.ts",
                "src/model.ts",
                "lib/old.js",
            ]
            .map(String::from),
        );
        let places = |module: &str| relative_places(module, "src/app.ts", &modules);
        assert_eq!(places("./util"), ["src/util/index.ts", "src/util/"]);
        let bound = Ecma.bindings(
            "import { logged, type Clock } from \"./util\";",
            "src/app.ts",
            &modules,
        );
        assert_eq!(bound.found[1].local, "Clock");
        assert_eq!(bound.found[1].places, ["src/util/index.ts", "src/util/"]);
        assert_eq!(places("./model"), ["src/model.ts"]);
        assert_eq!(places("./model.js"), ["src/model.ts"]);
        assert_eq!(places("../lib/old.js"), ["lib/old.js"]);
        assert!(places("../../../x").is_empty());
        let bound = Ecma.bindings("import { a } from \"lodash/fp\";", "src/app.ts", &modules);
        assert_eq!(bound.unknown[0].module, "lodash/fp");
        assert_eq!(Ecma.package_of("lodash/fp"), "lodash");
        assert_eq!(Ecma.package_of("@scope/pkg/sub"), "@scope/pkg");
        assert!(Ecma.origin_keys("node:fs").0);
        assert_eq!(
            Ecma.import_text(&bound.unknown[0]),
            "import { a } from \"lodash/fp\";"
        );
    }
}
