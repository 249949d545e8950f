//! Where an import from outside the repository comes from: the standard library, a
//! dependency declared in a manifest (`Cargo.toml`, `pyproject.toml`, `setup.cfg`,
//! `requirements*.txt`, `go.mod`, `package.json`, `pom.xml`, `build.gradle`) of the
//! importing directory or an ancestor, or neither. Each language's
//! [`LanguageSupport`](crate::lang::LanguageSupport) names and reads its manifests;
//! this finds them, directory by directory, and keeps what they declare.

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::grammar::Lang;
use crate::lang::{Dependency, Inherited};

/// Manifests larger than this are skipped: real ones are a few KiB.
const MAX_MANIFEST_BYTES: usize = 1 << 20;

/// A dependency declared in a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Package {
    /// The package's name as declared (`PyYAML`, `serde_json`; for a renamed Cargo
    /// dependency, the `package = "…"` it stands for).
    pub name: String,
    /// The version requirement as declared (`1.0`, `>=2.31,<3`); None when not given.
    pub version: Option<String>,
    /// Repository-relative path of the manifest (`Cargo.toml`, `sub/pyproject.toml`).
    pub manifest: String,
}

/// Where an imported top-level module comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "origin", rename_all = "snake_case")]
pub enum Origin {
    /// The language's standard library.
    Standard,
    /// A package declared in a manifest.
    Declared(Package),
    /// Neither standard nor declared in any manifest that applies.
    Undeclared,
}

/// A declared package and the name code imports it by.
#[derive(Debug)]
struct Declaration {
    lang: Lang,
    /// Rust: the crate name with `-` as `_`; Python: the normalized distribution;
    /// Go: the module path; JavaScript: the package name. A declaration serves every
    /// language of its language's family (`package.json`: JavaScript and TypeScript).
    import_key: String,
    package: Package,
}

/// The manifests that apply to a directory of a repository, read once.
#[derive(Debug, Default)]
pub struct Manifests {
    /// Nearest directory first; within one, in reading order.
    declarations: Vec<Declaration>,
    problems: Vec<String>,
}

impl Manifests {
    /// Reads the manifests in `dir` (repository-relative, "" for the root, may end in
    /// '/') and every ancestor up to the repository root `root`, nearest first. Never
    /// fails: an unreadable or malformed manifest is skipped and described in
    /// [`Manifests::problems`]; a missing one is simply absent.
    pub fn near(root: &Path, dir: &str) -> Manifests {
        let names: Vec<&str> = dir
            .split('/')
            .filter(|name| !matches!(*name, "" | "." | ".."))
            .collect();
        // Root first, so that what a manifest hands down (Cargo's `{ workspace = true
        // }`) is read before the manifests below it.
        let mut inherited = vec![Inherited::new(); Lang::ALL.len()];
        let mut directories = Vec::new();
        for depth in 0..=names.len() {
            let prefix = names[..depth]
                .iter()
                .map(|name| format!("{name}/"))
                .collect();
            let mut reader = Reader {
                root,
                prefix,
                manifest: String::new(),
                found: Manifests::default(),
            };
            reader.read(&mut inherited);
            directories.push(reader.found);
        }
        let mut manifests = Manifests::default();
        for directory in directories.into_iter().rev() {
            manifests.declarations.extend(directory.declarations);
            manifests.problems.extend(directory.problems);
        }
        manifests
    }

    /// What the manifests could not read, one line each
    /// (`pyproject.toml: invalid TOML at line 3: …`).
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// Where top-level module `module` of `lang` comes from.
    pub fn origin(&self, lang: Lang, module: &str) -> Origin {
        let (standard, keys) = lang.support().origin_keys(module);
        if standard {
            return Origin::Standard;
        }
        let declared = self
            .declarations
            .iter()
            .find(|d| d.lang.family() == lang.family() && keys.contains(&d.import_key));
        declared.map_or(Origin::Undeclared, |d| Origin::Declared(d.package.clone()))
    }
}

/// The manifests of many directories of one repository, each directory read once.
#[derive(Debug)]
pub struct ManifestCache {
    root: PathBuf,
    by_dir: HashMap<String, Manifests>,
}

impl ManifestCache {
    /// An empty cache for the repository at `root`.
    pub fn new(root: &Path) -> ManifestCache {
        ManifestCache {
            root: root.to_path_buf(),
            by_dir: HashMap::new(),
        }
    }

    /// The manifests that apply to `dir`, as [`Manifests::near`] reads them.
    pub fn manifests(&mut self, dir: &str) -> &Manifests {
        let dir = dir.trim_end_matches('/');
        self.by_dir
            .entry(dir.to_owned())
            .or_insert_with(|| Manifests::near(&self.root, dir))
    }
}

/// Reads the manifests of one directory.
struct Reader<'a> {
    root: &'a Path,
    /// The directory, repository-relative: "" or ending in '/'.
    prefix: String,
    /// Repository-relative path of the manifest being read.
    manifest: String,
    found: Manifests,
}

impl Reader<'_> {
    /// The text of manifest `file_name`; None if absent or unreadable (a problem).
    fn text(&mut self, file_name: &str) -> Option<String> {
        self.manifest = format!("{}{file_name}", self.prefix);
        let text = read_capped(self.root, &self.root.join(&self.manifest));
        text.inspect_err(|problem| self.problem(problem)).ok()?
    }

    /// Records that the manifest being read could not be used, and why.
    fn problem(&mut self, problem: &str) {
        self.found
            .problems
            .push(format!("{}: {problem}", self.manifest));
    }

    /// Reads the manifests of every language in the directory, in the languages'
    /// order, each file once (TypeScript reads JavaScript's `package.json`).
    fn read(&mut self, inherited: &mut [Inherited]) {
        let mut seen: Vec<&str> = Vec::new();
        for lang in Lang::ALL {
            let support = lang.support();
            for &pattern in support.manifests() {
                if seen.contains(&pattern) {
                    continue;
                }
                seen.push(pattern);
                for file_name in self.matching(pattern) {
                    let Some(text) = self.text(&file_name) else {
                        continue;
                    };
                    match support.dependencies(&file_name, &text, &mut inherited[lang.index()]) {
                        Ok(found) => {
                            for dependency in found {
                                self.declare(lang, dependency);
                            }
                        }
                        Err(problem) => self.problem(&problem),
                    }
                }
            }
        }
    }

    /// The file names of the directory a manifest pattern names, sorted: the name
    /// itself, or those a `*` in it matches (`requirements*.txt`).
    fn matching(&self, pattern: &str) -> Vec<String> {
        let Some((start, end)) = pattern.split_once('*') else {
            return vec![pattern.to_string()];
        };
        let Ok(entries) = fs::read_dir(self.root.join(&self.prefix)) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| {
                name.len() >= start.len() + end.len()
                    && name.starts_with(start)
                    && name.ends_with(end)
            })
            .collect();
        names.sort();
        names
    }

    fn declare(&mut self, lang: Lang, dependency: Dependency) {
        let package = Package {
            name: dependency.name,
            version: dependency.version,
            manifest: self.manifest.clone(),
        };
        self.found.declarations.push(Declaration {
            lang,
            import_key: dependency.import_key,
            package,
        });
    }
}

/// The text of the file at `path` in the repository at `root`: None when absent (or a
/// symlink out of the repository), Err with the reason when unreadable or larger than
/// [`MAX_MANIFEST_BYTES`].
fn read_capped(root: &Path, path: &Path) -> Result<Option<String>, String> {
    let file = match crate::walk::open_file_inside(root, path) {
        Ok(Some(file)) => file,
        Ok(None) => return Ok(None),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("unreadable: {error}")),
    };
    let mut text = String::new();
    let limit = MAX_MANIFEST_BYTES as u64 + 1;
    let read = file.take(limit).read_to_string(&mut text);
    read.map_err(|error| format!("unreadable: {error}"))?;
    if text.len() > MAX_MANIFEST_BYTES {
        return Err(format!(
            "larger than {} KiB, skipped",
            MAX_MANIFEST_BYTES >> 10
        ));
    }
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8()); // A byte-order mark is no part of the content.
    }
    Ok(Some(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository made from `fixture`, where each `=== path` line starts a file.
    fn repo(fixture: &str) -> tempfile::TempDir {
        let repo = tempfile::tempdir().expect("tempdir");
        for file in fixture.split("=== ").skip(1) {
            let (path, text) = file.split_once('\n').expect("a path line");
            write(repo.path(), path, text.as_bytes());
        }
        repo
    }

    fn write(root: &Path, path: &str, bytes: &[u8]) {
        let path = root.join(path);
        fs::create_dir_all(path.parent().expect("a joined path has a parent")).expect("mkdir");
        fs::write(path, bytes).expect("write manifest");
    }

    /// Checks `module → origin` lines; a declared origin reads `name version manifest`.
    fn check(manifests: &Manifests, lang: Lang, expected: &str) {
        for line in expected.lines().filter(|line| !line.trim().is_empty()) {
            let (module, expected) = line.split_once('→').expect("module → origin");
            let shown = match manifests.origin(lang, module.trim()) {
                Origin::Declared(p) => format!("{} {:?} {}", p.name, p.version, p.manifest),
                other => format!("{other:?}"),
            };
            assert_eq!(shown, expected.trim(), "{lang:?} {module}");
        }
    }

    #[test]
    fn cargo_dependencies_in_every_form() {
        let fixture = r#"
=== Cargo.toml
[workspace.dependencies]
shared = { version = "2.5", features = ["x"] }
[dependencies]
serde = "1.0"
serde-json = { version = "1", features = ["preserve_order"] }
local = { path = "../local" }
remote = { git = "https://example.com/remote" }
short = { package = "real-name", version = "0.3" }
shared = { workspace = true }
[dev-dependencies]
tempfile = "3"
[build-dependencies]
cc = "1"
[target.'cfg(unix)'.dependencies]
libc = "0.2"
"#;
        let expected = r#"
            serde → serde Some("1.0") Cargo.toml
            serde_json → serde-json Some("1") Cargo.toml
            local → local None Cargo.toml
            remote → remote None Cargo.toml
            short → real-name Some("0.3") Cargo.toml
            real_name → Undeclared
            shared → shared Some("2.5") Cargo.toml
            tempfile → tempfile Some("3") Cargo.toml
            cc → cc Some("1") Cargo.toml
            libc → libc Some("0.2") Cargo.toml
            std → Standard
            proc_macro → Standard
            rand → Undeclared"#;
        let repo = repo(fixture);
        let manifests = Manifests::near(repo.path(), "src/");
        check(&manifests, Lang::Rust, expected);
        check(&manifests, Lang::Python, "serde → Undeclared");
        assert!(manifests.problems().is_empty());
    }

    #[test]
    fn pyproject_pep621_and_poetry() {
        let fixture = r#"
=== a/pyproject.toml
[project]
dependencies = ["requests>=2.31", "PyYAML==6.0.1 ; python_version>'3.8'",
                "attrs[extra]~=23.1", "pkg @ https://example.com/pkg.whl"]
[project.optional-dependencies]
dev = ["pytest"]
=== b/pyproject.toml
[tool.poetry.dependencies]
python = "^3.10"
requests = "^2.31"
numpy = { version = "^1.26", extras = ["x"] }
[tool.poetry.group.dev.dependencies]
black = "^24"
[tool.poetry.dev-dependencies]
mypy = "*"
"#;
        let pep621 = r#"
            requests → requests Some(">=2.31") a/pyproject.toml
            yaml → PyYAML Some("==6.0.1") a/pyproject.toml
            attr → attrs Some("~=23.1") a/pyproject.toml
            pkg → pkg None a/pyproject.toml
            pytest → pytest None a/pyproject.toml"#;
        let poetry = r#"
            requests → requests Some("^2.31") b/pyproject.toml
            numpy → numpy Some("^1.26") b/pyproject.toml
            black → black Some("^24") b/pyproject.toml
            mypy → mypy Some("*") b/pyproject.toml
            python → Undeclared"#;
        let repo = repo(fixture);
        check(&Manifests::near(repo.path(), "a"), Lang::Python, pep621);
        check(&Manifests::near(repo.path(), "b/"), Lang::Python, poetry);
    }

    #[test]
    fn requirements_files_and_setup_cfg() {
        let fixture = r#"
=== requirements.txt
# pinned
-r base.txt
--index-url https://example.com/simple
-e .
git+https://example.com/x.git

flask==3.0  # web
numpy>=1.26; python_version >= "3.9"
Django
rich==13.0 --hash=sha256:abc
=== requirements-dev.txt
pytest==8.0
flask==2.0
=== setup.cfg
[metadata]
name = demo

[options]
install_requires =
    click>=8

    python-dateutil
python_requires = >=3.9
[options.extras_require]
test = hypothesis>=6
"#;
        // requirements-dev.txt sorts before requirements.txt, so its flask wins.
        let expected = r#"
            flask → flask Some("==2.0") requirements-dev.txt
            numpy → numpy Some(">=1.26") requirements.txt
            django → Django None requirements.txt
            rich → rich Some("==13.0") requirements.txt
            pytest → pytest Some("==8.0") requirements-dev.txt
            click → click Some(">=8") setup.cfg
            dateutil → python-dateutil None setup.cfg
            hypothesis → hypothesis Some(">=6") setup.cfg
            git → Undeclared
            base → Undeclared
            demo → Undeclared"#;
        let repo = repo(fixture);
        check(&Manifests::near(repo.path(), ""), Lang::Python, expected);
    }

    #[test]
    fn standard_library_and_byte_order_mark() {
        let repo = repo("=== requirements.txt\n\u{feff}json==1.0\nattrs\n");
        let manifests = Manifests::near(repo.path(), "pkg");
        let python = "json → Standard\nos → Standard\n__future__ → Standard\nrequests → Undeclared";
        check(&manifests, Lang::Python, python);
        check(
            &manifests,
            Lang::Python,
            "attr → attrs None requirements.txt",
        );
        let rust = "std → Standard\ncore → Standard\nalloc → Standard";
        check(&manifests, Lang::Rust, rust);
    }

    #[test]
    fn nearest_manifest_shadows_ancestors() {
        let fixture = r#"
=== Cargo.toml
[workspace.dependencies]
tokio = "1.40"
[dependencies]
serde = "1.0"
anyhow = "1"
=== sub/deeper/Cargo.toml
[dependencies]
serde = "2.0"
tokio = { workspace = true }
=== requirements.txt
requests==1.0
=== sub/pyproject.toml
[project]
dependencies = ["requests>=2"]
"#;
        let deeper = r#"
            serde → serde Some("2.0") sub/deeper/Cargo.toml
            anyhow → anyhow Some("1") Cargo.toml
            tokio → tokio Some("1.40") sub/deeper/Cargo.toml"#;
        let repo = repo(fixture);
        let mut cache = ManifestCache::new(repo.path());
        check(cache.manifests("sub/deeper/"), Lang::Rust, deeper);
        let requests = r#"requests → requests Some(">=2") sub/pyproject.toml"#;
        check(cache.manifests("sub/deeper"), Lang::Python, requests);
        check(
            cache.manifests(""),
            Lang::Rust,
            r#"serde → serde Some("1.0") Cargo.toml"#,
        );
        let requests = r#"requests → requests Some("==1.0") requirements.txt"#;
        check(cache.manifests(""), Lang::Python, requests);
    }

    #[test]
    fn go_mod_package_json_and_pom_xml() {
        let fixture = r#"
=== go.mod
module example.com/rl

go 1.22

require golang.org/x/time v0.5.0 // indirect
require (
	github.com/stretchr/testify v1.9.0
)
=== web/package.json
{"name": "web", "dependencies": {"react": "^18.2.0", "@tanstack/query": "5.0.0"},
 "devDependencies": {"vitest": "1.0.0"}}
=== java/pom.xml
<project><dependencies>
  <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId>
    <version>33.2.1-jre</version></dependency>
  <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId></dependency>
</dependencies></project>
"#;
        let repo = repo(fixture);
        let go = r#"
            golang.org/x/time/rate → golang.org/x/time Some("v0.5.0") go.mod
            github.com/stretchr/testify/assert → github.com/stretchr/testify Some("v1.9.0") go.mod
            net/http → Standard
            github.com/other/x → Undeclared"#;
        check(&Manifests::near(repo.path(), ""), Lang::Go, go);
        let web = r#"
            react → react Some("^18.2.0") web/package.json
            @tanstack/query → @tanstack/query Some("5.0.0") web/package.json
            vitest → vitest Some("1.0.0") web/package.json
            fs → Standard"#;
        // JavaScript's and TypeScript's: one family.
        check(&Manifests::near(repo.path(), "web"), Lang::TypeScript, web);
        check(&Manifests::near(repo.path(), "web"), Lang::JavaScript, web);
        let java = r#"
            org.junit.jupiter.api → org.junit.jupiter:junit-jupiter None java/pom.xml
            com.google.common.collect → com.google.guava:guava Some("33.2.1-jre") java/pom.xml
            java.util → Standard"#;
        check(&Manifests::near(repo.path(), "java"), Lang::Java, java);
    }

    #[test]
    fn build_gradle_in_groovy_and_kotlin() {
        let fixture = r#"
=== app/build.gradle
plugins { id 'java' }
repositories { maven { url 'https://repo.example.com/maven2' } }
dependencies {
    implementation 'com.google.guava:guava:33.2.1-jre'
    api group: 'org.slf4j', name: 'slf4j-api', version: '2.0.9'
    // implementation 'com.example:commented:1.0'
}
=== lib/build.gradle.kts
dependencies {
    testImplementation("org.junit.jupiter:junit-jupiter:5.10.0")
    implementation(platform("io.netty:netty-bom:4.1.100.Final"))
}
"#;
        let repo = repo(fixture);
        let app = r#"
            com.google.common.collect → com.google.guava:guava Some("33.2.1-jre") app/build.gradle
            org.slf4j → org.slf4j:slf4j-api Some("2.0.9") app/build.gradle
            com.example.x → Undeclared
            java.util → Standard"#;
        check(&Manifests::near(repo.path(), "app"), Lang::Java, app);
        let lib = r#"
            org.junit.jupiter.api → org.junit.jupiter:junit-jupiter Some("5.10.0") lib/build.gradle.kts
            io.netty.channel → io.netty:netty-bom Some("4.1.100.Final") lib/build.gradle.kts"#;
        check(&Manifests::near(repo.path(), "lib"), Lang::Java, lib);
    }

    #[test]
    fn bad_manifests_become_problems() {
        let repo = repo("=== pyproject.toml\n[project]\ndependencies = [\"requests\"\n");
        write(
            repo.path(),
            "sub/Cargo.toml",
            b"[dependencies]\nserde = \"1\"\n",
        );
        write(
            repo.path(),
            "sub/setup.cfg",
            &[0xff, 0xfe, 0x00, b'[', 0x80],
        );
        write(
            repo.path(),
            "sub/requirements.txt",
            &vec![b'x'; MAX_MANIFEST_BYTES + 1],
        );
        let manifests = Manifests::near(repo.path(), "sub");
        let problems = manifests.problems();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].starts_with("sub/setup.cfg: unreadable: "),
            "{problems:?}"
        );
        assert_eq!(
            problems[1],
            "sub/requirements.txt: larger than 1024 KiB, skipped"
        );
        let invalid = "pyproject.toml: invalid TOML at line 2: unclosed array";
        assert!(
            problems[2].starts_with(invalid) && !problems[2].contains('\n'),
            "{problems:?}"
        );
        check(
            &manifests,
            Lang::Rust,
            r#"serde → serde Some("1") sub/Cargo.toml"#,
        );
        check(&manifests, Lang::Python, "requests → Undeclared");
    }

    #[test]
    fn origin_serializes_tagged_and_flat() {
        let (name, manifest) = ("PyYAML".to_owned(), "setup.cfg".to_owned());
        let declared = Origin::Declared(Package {
            name,
            version: None,
            manifest,
        });
        let json = serde_json::to_string(&[declared, Origin::Standard]).expect("serializable");
        let expected = r#"[{"origin":"declared","name":"PyYAML","version":null,"manifest":"setup.cfg"},{"origin":"standard"}]"#;
        assert_eq!(json, expected);
    }
}
