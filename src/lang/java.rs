//! Java: `import a.b.C;`, `import static a.b.C.m;`; a class is the file of its name in
//! its package's directory, under any source root (`src/main/java/a/b/C.java`); a
//! package's classes see each other without imports (`[graph] scope`); the standard
//! library is `java.*`, `javax.*` and a few more.

use super::{Binding, Bindings, LanguageSupport, ModuleMap};

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
    fn bindings(&self, statement: &str, _path: &str, modules: &ModuleMap) -> Bindings {
        let mut bindings = Bindings::default();
        let text = statement.trim().trim_end_matches(';').trim();
        let Some(rest) = text.strip_prefix("import") else {
            return bindings;
        };
        let rest = rest.trim_start();
        let (is_static, path) = match rest.strip_prefix("static ") {
            Some(path) => (true, path.trim()),
            None => (false, rest),
        };
        let path: String = path.split_whitespace().collect();
        let Some((module, name)) = path.rsplit_once('.') else {
            return bindings;
        };
        if name == "*" {
            // Every class of a package (or member of a class): names this resolver
            // cannot list; the by-name rule still finds them.
            return bindings;
        }
        let binding = |places| Binding {
            local: name.to_string(),
            places,
            original: Some(name.to_string()),
            module: module.to_string(),
        };
        if is_standard(&path) {
            bindings.found.push(binding(Vec::new()));
            return bindings;
        }
        // The class's file: `a/b/C.java` for `a.b.C`; for a nested class or a static
        // member, the longest prefix of the path that is a file.
        let segments: Vec<&str> = path.split('.').collect();
        let last = if is_static {
            segments.len() - 1
        } else {
            segments.len()
        };
        let places = (1..=last).rev().find_map(|len| {
            let files = modules.with_suffix(&format!("{}.java", segments[..len].join("/")));
            (!files.is_empty()).then_some(files)
        });
        match places {
            Some(files) => bindings.found.push(binding(files)),
            None => bindings.unknown.push(binding(Vec::new())),
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

/// Whether an import path is the Java platform's.
fn is_standard(path: &str) -> bool {
    STANDARD.iter().any(|prefix| path.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_bind_classes_by_their_files_under_any_source_root() {
        let modules = ModuleMap::new(
            [
                "src/main/java/com/ex/store/Repository.java",
                "src/main/java/com/ex/model/Item.java",
            ]
            .map(String::from),
        );
        let bind = |statement| Java.bindings(statement, "src/main/java/com/ex/App.java", &modules);
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
        assert!(bind("import java.util.*;").found.is_empty());
        assert!(Java.origin_keys("java.util").0);
    }
}
