//! JavaScript and TypeScript (ECMAScript modules and CommonJS): `import {a as b}
//! from "./m"`, `import * as ns from "m"`, `const x = require("m")`; a relative
//! specifier names a file by its path with or without its extension, or a
//! directory's `index` file; a bare one names a package (`@scope/pkg/sub` of
//! `@scope/pkg`), or one of Node's built-in modules.

use super::{
    Binding, Bindings, Dependency, Import, Inherited, LanguageSupport, ModuleMap, PathAlias,
    join_relative,
};

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
    fn bindings(&self, import: &Import, path: &str, modules: &ModuleMap) -> Bindings {
        let mut bindings = Bindings::default();
        for item in &import.items {
            let module = item.module.as_str();
            // `import "./polyfill"` binds nothing; `* as ns` and `require` bind the module.
            let Some(local) = item.alias.as_deref().or(item.name.as_deref()) else {
                continue;
            };
            let places = if module.starts_with('.') {
                Some(relative_places(module, path, modules))
            } else if is_builtin(module) {
                Some(Vec::new())
            } else {
                // A bare path a tsconfig.json maps into the repository (`@/ui/button`).
                (modules.aliased(path, module).iter())
                    .map(|base| places_at(base, modules))
                    .find(|found| !found.is_empty())
            };
            let binding = Binding {
                local: local.to_string(),
                places: places.clone().unwrap_or_default(),
                original: item.name.clone(),
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

    fn manifests(&self) -> &'static [&'static str] {
        &["package.json"]
    }

    /// `dependencies` and its dev, peer and optional kinds of `package.json`.
    fn dependencies(
        &self,
        _file_name: &str,
        text: &str,
        _inherited: &mut Inherited,
    ) -> Result<Vec<Dependency>, String> {
        let json: serde_json::Value = serde_json::from_str(text)
            .map_err(|error| format!("invalid JSON at line {}: {error}", error.line()))?;
        let mut found = Vec::new();
        for kind in [
            "dependencies",
            "devDependencies",
            "peerDependencies",
            "optionalDependencies",
        ] {
            let Some(table) = json.get(kind).and_then(|t| t.as_object()) else {
                continue;
            };
            for (name, version) in table {
                found.push(Dependency {
                    import_key: name.clone(),
                    name: name.clone(),
                    version: version.as_str().map(str::to_string),
                });
            }
        }
        Ok(found)
    }

    fn path_configs(&self) -> &'static [&'static str] {
        &["tsconfig.json", "jsconfig.json"]
    }

    /// `compilerOptions.paths` (`"@/*": ["src/*"]`), relative to `baseUrl` or to the
    /// file's directory, and `baseUrl` itself, below which bare paths are looked for;
    /// for the files below the file's directory. (`extends` is not followed.)
    fn path_aliases(&self, path: &str, text: &str) -> Vec<PathAlias> {
        let Ok(config) = serde_json::from_str::<serde_json::Value>(&without_jsonc(text)) else {
            return Vec::new();
        };
        let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let options = &config["compilerOptions"];
        let base_url = options["baseUrl"].as_str();
        let Some(base) = join_relative(dir, base_url.unwrap_or(".")) else {
            return Vec::new();
        };
        let scope = match dir {
            "" => String::new(),
            dir => format!("{dir}/"),
        };
        let mut aliases = Vec::new();
        for (pattern, targets) in options["paths"].as_object().into_iter().flatten() {
            let targets = targets.as_array().into_iter().flatten();
            let targets = (targets.filter_map(serde_json::Value::as_str))
                .filter_map(|target| join_relative(&base, target))
                .collect();
            let (prefix, wildcard) = match pattern.strip_suffix('*') {
                Some(prefix) => (prefix, true),
                None => (pattern.as_str(), false),
            };
            aliases.push(PathAlias {
                scope: scope.clone(),
                prefix: prefix.to_string(),
                wildcard,
                targets,
            });
        }
        if base_url.is_some() {
            let below = join_relative(&base, "*").unwrap_or_default();
            aliases.push(PathAlias {
                scope,
                prefix: String::new(),
                wildcard: true,
                targets: vec![below],
            });
        }
        aliases
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

/// The files a relative specifier may name: the path as written, with each known
/// extension, a `.js` written for the `.ts` it compiles from, or a directory's
/// `index` file.
fn relative_places(module: &str, path: &str, modules: &ModuleMap) -> Vec<String> {
    let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
    // Above the repository: nothing of it.
    join_relative(dir, module).map_or_else(Vec::new, |base| places_at(&base, modules))
}

/// The files a repository-relative import path may name (see [`relative_places`]).
fn places_at(base: &str, modules: &ModuleMap) -> Vec<String> {
    let base = base.to_string();
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

/// JSON with comments and trailing commas (as tsconfig.json allows) made JSON: both
/// are dropped outside strings.
fn without_jsonc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => while chars.next_if(|&c| c != '\n').is_some() {},
            ('/', Some('*')) => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            (',', _) => {
                // A comma before a closing bracket is dropped; comments between are
                // read as the loop goes on, so look past whitespace only.
                let mut ahead = chars.clone();
                while ahead.next_if(|c| c.is_whitespace()).is_some() {}
                if !matches!(ahead.peek(), Some('}' | ']')) {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{Lang, bind_code};

    #[test]
    fn every_shape_of_import_binds_its_names() {
        type Bound<'a> = &'a [(&'a str, Option<&'a str>)];
        let cases: [(&str, Bound); 10] = [
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
            ("import x = require(\"./x\");", &[("x", None)]),
            (
                "const { join, resolve: r } = require(\"path\");",
                &[("join", Some("join")), ("r", Some("resolve"))],
            ),
        ];
        for (statement, expected) in cases {
            let modules = ModuleMap::default();
            let bound = bind_code(Lang::TypeScript, statement, "src/app.ts", &modules);
            let names: Vec<(&str, Option<&str>)> = (bound.found.iter())
                .chain(&bound.unknown)
                .map(|b| (b.local.as_str(), b.original.as_deref()))
                .collect();
            assert_eq!(names, expected, "{statement}");
        }
    }

    #[test]
    fn tsconfig_paths_and_base_url_map_bare_paths_into_the_repository() {
        let config = r#"{
            // Comments and trailing commas, as tsconfig.json allows.
            "$schema": "https://json.schemastore.org/tsconfig",
            "compilerOptions": {
                "baseUrl": "./src", /* paths are relative to it */
                "paths": { "@/*": ["*"], "@ui": ["ui/index.ts"], },
            },
        }"#;
        let files = [
            "web/tsconfig.json",
            "web/src/app.ts",
            "web/src/ui/button.tsx",
            "web/src/ui/index.ts",
            "web/src/lib/date.ts",
            "other/app.ts",
        ];
        let modules = ModuleMap::new(files.map(String::from)).with_configured_aliases(|path| {
            (path == "web/tsconfig.json").then(|| config.to_string())
        });
        let code = "import { Button } from \"@/ui/button\";\nimport { ui } from \"@ui\";\nimport { day } from \"lib/date\";\nimport React from \"react\";\n";
        let bound = bind_code(Lang::TypeScript, code, "web/src/app.ts", &modules);
        let places: Vec<(&str, &[String])> = (bound.found.iter())
            .map(|b| (b.local.as_str(), &b.places[..]))
            .collect();
        assert_eq!(
            places,
            [
                ("Button", &["web/src/ui/button.tsx".to_string()][..]),
                ("ui", &["web/src/ui/index.ts".to_string()][..]),
                ("day", &["web/src/lib/date.ts".to_string()][..]),
            ]
        );
        assert_eq!(bound.unknown[0].local, "React");
        // A file outside the configuration's directory is not served by it.
        let outside = bind_code(Lang::TypeScript, code, "other/app.ts", &modules);
        assert!(outside.found.is_empty(), "{outside:?}");
        // A configuration that is no JSON maps nothing.
        let broken = ModuleMap::new(files.map(String::from))
            .with_configured_aliases(|_| Some("{ \"compilerOptions\": ".to_string()));
        let bound = bind_code(Lang::TypeScript, code, "web/src/app.ts", &broken);
        assert!(bound.found.is_empty());
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
        let bound = bind_code(
            Lang::TypeScript,
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
        let bound = bind_code(
            Lang::TypeScript,
            "import { a } from \"lodash/fp\";",
            "src/app.ts",
            &modules,
        );
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
