//! Java: `import a.b.C;`, `import static a.b.C.m;`; a class is the file of its name in
//! its package's directory, under any source root (`src/main/java/a/b/C.java`); a
//! package's classes see each other without imports (`[graph] scope`); the standard
//! library is `java.*`, `javax.*` and a few more.

use super::{Binding, Bindings, Import, LanguageSupport, ModuleMap};

/// Java's support.
pub struct Java;

/// Packages of the Java platform.
const STANDARD: [&str; 7] = [
    "java.",
    "javax.",
    "jdk.",
    "sun.",
    "com.sun.",
    "org.w3c.",
    "org.xml.sax.",
];

impl LanguageSupport for Java {
    fn bindings(&self, import: &Import, _path: &str, modules: &ModuleMap) -> Bindings {
        let mut bindings = Bindings::default();
        for item in &import.items {
            let Some(name) = item.name.as_deref() else {
                continue;
            };
            let module = item.module.as_str();
            if is_standard(&format!("{module}.")) {
                if !item.is_wildcard() {
                    bindings.found.push(binding(module, name, Vec::new()));
                }
                continue;
            }
            let segments: Vec<&str> = module.split('.').collect();
            if item.is_wildcard() {
                // `import a.b.*`: every class of the package; `import static a.b.C.*`:
                // every member of the class, in its file.
                let class = modules.with_suffix(&format!("{}.java", segments.join("/")));
                bindings.wildcards.extend(match class.is_empty() {
                    true => modules.files_in_dirs_ending(&format!("{}/", segments.join("/"))),
                    false => class,
                });
                continue;
            }
            // The class's file: `a/b/C.java` for `a.b.C`; for a nested class or a static
            // member (`import static a.b.C.m`), the longest prefix of the path that is
            // a file.
            let mut path = segments;
            path.push(name);
            let places = (1..=path.len()).rev().find_map(|len| {
                let files = modules.with_suffix(&format!("{}.java", path[..len].join("/")));
                (!files.is_empty()).then_some(files)
            });
            match places {
                Some(files) => bindings.found.push(binding(module, name, files)),
                None => bindings.unknown.push(binding(module, name, Vec::new())),
            }
        }
        bindings
    }

    fn import_text(&self, binding: &Binding) -> String {
        let name = binding.original.as_deref().unwrap_or(&binding.local);
        format!("import {}.{name};", binding.module)
    }

    fn origin_keys(&self, module: &str) -> (bool, Vec<String>) {
        let mut keys: Vec<String> = module
            .match_indices('.')
            .map(|(i, _)| module[..i].to_string())
            .collect();
        keys.push(module.to_string());
        (is_standard(&format!("{module}.")), keys)
    }

    fn package_of<'a>(&self, module: &'a str) -> &'a str {
        module
    }
}

/// The binding of a name imported from a module.
fn binding(module: &str, name: &str, places: Vec<String>) -> Binding {
    Binding {
        local: name.to_string(),
        places,
        original: Some(name.to_string()),
        module: module.to_string(),
    }
}

/// Whether an import path is the Java platform's.
fn is_standard(path: &str) -> bool {
    STANDARD.iter().any(|prefix| path.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{Lang, bind_code};

    #[test]
    fn imports_bind_classes_by_their_files_under_any_source_root() {
        let modules = ModuleMap::new(
            [
                "src/main/java/com/ex/store/Repository.java",
                "src/main/java/com/ex/model/Item.java",
            ]
            .map(String::from),
        );
        let bind = |statement| {
            bind_code(
                Lang::Java,
                statement,
                "src/main/java/com/ex/App.java",
                &modules,
            )
        };
        let found = bind("import com.ex.store.Repository;");
        assert_eq!(found.found[0].local, "Repository");
        assert_eq!(
            found.found[0].places,
            ["src/main/java/com/ex/store/Repository.java"]
        );
        // A nested class lives in its outer class's file.
        let nested = bind("import com.ex.model.Item.Builder;");
        assert_eq!(
            nested.found[0].places,
            ["src/main/java/com/ex/model/Item.java"]
        );
        let member = bind("import static com.ex.model.Item.of;");
        assert_eq!(member.found[0].local, "of");
        assert_eq!(
            member.found[0].places,
            ["src/main/java/com/ex/model/Item.java"]
        );
        let standard = bind("import java.util.List;");
        assert!(standard.found[0].places.is_empty());
        let outside = bind("import com.google.common.cache.Cache;");
        assert_eq!(outside.unknown[0].module, "com.google.common.cache");
        assert_eq!(
            Java.import_text(&outside.unknown[0]),
            "import com.google.common.cache.Cache;"
        );
        let standard = bind("import java.util.*;");
        assert!(standard.found.is_empty() && standard.wildcards.is_empty());
        // Every class of a package; every member of a class.
        assert_eq!(
            bind("import com.ex.store.*;").wildcards,
            ["src/main/java/com/ex/store/Repository.java"]
        );
        assert_eq!(
            bind("import static com.ex.model.Item.*;").wildcards,
            ["src/main/java/com/ex/model/Item.java"]
        );
        assert!(Java.origin_keys("java.util").0);
    }
}
