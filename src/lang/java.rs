//! Java: `import a.b.C;`, `import static a.b.C.m;`; a class is the file of its name in
//! its package's directory, under any source root (`src/main/java/a/b/C.java`); a
//! package's classes see each other without imports (`[graph] scope`); the standard
//! library is `java.*`, `javax.*` and a few more.

use std::sync::OnceLock;

use regex::Regex;

use super::{Binding, Bindings, Dependency, Import, Inherited, LanguageSupport, ModuleMap};

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

    fn manifests(&self) -> &'static [&'static str] {
        &["pom.xml", "build.gradle", "build.gradle.kts"]
    }

    fn dependencies(
        &self,
        file_name: &str,
        text: &str,
        _inherited: &mut Inherited,
    ) -> Result<Vec<Dependency>, String> {
        let coordinates = match file_name {
            "pom.xml" => pom_xml(text),
            _ => build_gradle(text),
        };
        Ok(maven(&coordinates))
    }
}

/// Maven coordinates: group, artifact, version.
type Coordinates = (String, String, Option<String>);

/// The `<dependency>` elements of a Maven `pom.xml`.
fn pom_xml(text: &str) -> Vec<Coordinates> {
    let element = |block: &str, name: &str| -> Option<String> {
        let start = block.find(&format!("<{name}>"))? + name.len() + 2;
        let end = block[start..].find(&format!("</{name}>"))? + start;
        Some(block[start..end].trim().to_owned())
    };
    let mut found = Vec::new();
    for block in text.split("<dependency>").skip(1) {
        let block = block.split("</dependency>").next().unwrap_or(block);
        if let (Some(group), Some(artifact)) =
            (element(block, "groupId"), element(block, "artifactId"))
        {
            found.push((group, artifact, element(block, "version")));
        }
    }
    found
}

/// `build.gradle` and `build.gradle.kts`: a dependency is a string of Maven
/// coordinates (`implementation 'com.google.guava:guava:33.2.1-jre'`,
/// `testImplementation("org.junit.jupiter:junit-jupiter:5.10.0")`) or a map of them
/// (`api group: 'org.slf4j', name: 'slf4j-api', version: '2.0.9'`).
fn build_gradle(text: &str) -> Vec<Coordinates> {
    static COORDINATES: OnceLock<[Regex; 2]> = OnceLock::new();
    let [string, map] = COORDINATES.get_or_init(|| {
        // Fixed patterns: they compile.
        let compile = |pattern| Regex::new(pattern).expect("fixed pattern compiles");
        [
            compile(r#"["']([\w.-]+):([\w.-]+)(?::([^"'\s@:]+))?(?:@\w+)?["']"#),
            compile(
                r#"group\s*[:=]\s*["']([\w.-]+)["']\s*,\s*name\s*[:=]\s*["']([\w.-]+)["'](?:\s*,\s*version\s*[:=]\s*["']([^"']+)["'])?"#,
            ),
        ]
    });
    let mut found = Vec::new();
    for line in text.lines().map(str::trim) {
        // A dependency line starts with its configuration's name; comments, plugins
        // (`id 'java'`) and repositories name no coordinates.
        if line.starts_with("//") || !line.starts_with(|c: char| c.is_ascii_lowercase()) {
            continue;
        }
        for captures in string.captures_iter(line).chain(map.captures_iter(line)) {
            let part = |i| captures.get(i).map(|m: regex::Match| m.as_str().to_owned());
            if let (Some(group), Some(artifact)) = (part(1), part(2)) {
                found.push((group, artifact, part(3)));
            }
        }
    }
    found
}

/// The dependencies Maven coordinates declare. A Maven group does not name the Java
/// packages it ships (`com.google.guava` ships `com.google.common`): each declares its
/// group, then, after every group of the manifest, the group's first two segments
/// (`com.google`), which an import under them is taken to come from.
fn maven(found: &[Coordinates]) -> Vec<Dependency> {
    let declare = |import_key: String, (group, artifact, version): &Coordinates| Dependency {
        import_key,
        name: format!("{group}:{artifact}"),
        version: version.clone(),
    };
    let mut dependencies: Vec<Dependency> = found
        .iter()
        .map(|coordinates| declare(coordinates.0.clone(), coordinates))
        .collect();
    for coordinates in found {
        let mut segments = coordinates.0.split('.');
        if let (Some(first), Some(second)) = (segments.next(), segments.next()) {
            dependencies.push(declare(format!("{first}.{second}"), coordinates));
        }
    }
    dependencies
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
