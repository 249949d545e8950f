//! Every language beyond Rust and Python, end to end on its fixture repository in
//! `testdata/<fixture>/`: the nodes it becomes (ids, kinds, spans, gists, as
//! snapshots), each node's source exactly its file's bytes, the references the
//! graph resolves, and search, slice, pattern and grep finding what a task names.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{Repo, fixture};
use serde_json::Value;

/// The fixture of each language, by the language's name (`pyramid --lang`).
const FIXTURES: [(&str, &str); 7] = [
    ("c", "c_repo"),
    ("cpp", "cpp_repo"),
    ("go", "go_repo"),
    ("java", "java_repo"),
    ("javascript", "js_repo"),
    ("typescript", "ts_repo"),
    ("tsx", "ts_repo"),
];

fn indexed(name: &str) -> Repo {
    let repo = fixture(name);
    repo.index(&[]);
    repo
}

/// Every node below the root, one line each: `id kind Lstart-end  gist`.
fn node_lines(repo: &Repo) -> String {
    let tree = repo.zoom(".", &["--depth", "64", "--level", "gist"]);
    let mut lines = Vec::new();
    let mut stack: Vec<&Value> = tree["children"].as_array().unwrap().iter().collect();
    while let Some(node) = stack.pop() {
        let span = &node["span"];
        let lines_of = match span.is_object() {
            true => format!("L{}-{}", span["start_line"], span["end_line"]),
            false => String::new(),
        };
        lines.push(format!(
            "{} {} {lines_of}  {}",
            node["id"].as_str().unwrap(),
            node["kind"].as_str().unwrap(),
            node["text"]
                .as_str()
                .unwrap_or_default()
                .replace('\n', " / ")
        ));
        stack.extend(node["children"].as_array().unwrap().iter());
    }
    lines.sort();
    lines.join("\n")
}

/// Ids of every node of the tree that has a span inside a file.
fn item_ids(repo: &Repo) -> Vec<(String, String)> {
    let tree = repo.zoom(".", &["--depth", "64", "--level", "label"]);
    let mut out = Vec::new();
    let mut stack = vec![&tree];
    while let Some(node) = stack.pop() {
        if node["span"].is_object() && node["kind"] != "dir" {
            out.push((
                node["id"].as_str().unwrap().to_string(),
                node["path"].as_str().unwrap().to_string(),
            ));
        }
        stack.extend(node["children"].as_array().unwrap().iter());
    }
    out
}

#[test]
fn every_language_has_a_fixture_with_its_files() {
    // The languages: the folders of `grammars/` with a `language.toml`.
    let grammars = Path::new(env!("CARGO_MANIFEST_DIR")).join("grammars");
    let languages: BTreeSet<String> = std::fs::read_dir(&grammars)
        .unwrap()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().join("language.toml").exists())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    let tested: BTreeSet<&str> = FIXTURES.iter().map(|(lang, _)| *lang).collect();
    for lang in &languages {
        // Rust and Python have fixtures and tests of their own (tests/cli.rs, …).
        assert!(
            matches!(lang.as_str(), "rust" | "python") || tested.contains(lang.as_str()),
            "{lang} has no fixture in tests/languages.rs"
        );
    }
    for (lang, name) in FIXTURES {
        assert!(languages.contains(lang), "{lang} is not a language");
        let repo = indexed(name);
        // A pattern reads the files of its language only.
        let found = repo.run(&["pattern", "--query", "(identifier) @x", "--lang", lang]);
        assert!(!found.is_empty(), "{name} has no {lang} code");
    }
}

#[test]
fn go_nodes() {
    insta::assert_snapshot!(node_lines(&indexed("go_repo")));
}

#[test]
fn typescript_nodes() {
    insta::assert_snapshot!(node_lines(&indexed("ts_repo")));
}

#[test]
fn c_nodes() {
    insta::assert_snapshot!(node_lines(&indexed("c_repo")));
}

#[test]
fn cpp_nodes() {
    insta::assert_snapshot!(node_lines(&indexed("cpp_repo")));
}

#[test]
fn java_nodes() {
    insta::assert_snapshot!(node_lines(&indexed("java_repo")));
}

#[test]
fn javascript_nodes() {
    insta::assert_snapshot!(node_lines(&indexed("js_repo")));
}

#[test]
fn every_node_source_is_exactly_its_span() {
    for name in [
        "go_repo",
        "ts_repo",
        "js_repo",
        "java_repo",
        "c_repo",
        "cpp_repo",
    ] {
        let repo = indexed(name);
        for (id, path) in item_ids(&repo) {
            let view = repo.zoom(&id, &["--level", "source"]);
            let span = &view["span"];
            let bytes = std::fs::read(repo.root.join(Path::new(&path))).unwrap();
            let (start, end) = (
                span["start_byte"].as_u64().unwrap() as usize,
                span["end_byte"].as_u64().unwrap() as usize,
            );
            let expected = String::from_utf8_lossy(&bytes[start..end]);
            assert_eq!(
                view["text"].as_str().unwrap().trim_end(),
                expected.trim_end(),
                "{name}: {id}"
            );
        }
    }
}

#[test]
fn go_methods_belong_to_their_type_wherever_declared() {
    let repo = indexed("go_repo");
    // `TokenBucket` is declared in bucket.go, its methods in take.go.
    let take = repo.zoom("bucket/take.go", &["--depth", "2"]);
    let container = &take["children"][0];
    assert_eq!(container["id"], "bucket/take.go::TokenBucket");
    assert_eq!(container["kind"], "impl");
    let methods: Vec<&str> = container["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(
        methods.contains(&"bucket/take.go::TokenBucket::refill"),
        "{methods:?}"
    );
    // A method declared beside its type is filed under the type's own node.
    let clock = repo.zoom("clock/clock.go::Fake", &["--depth", "1"]);
    assert_eq!(clock["kind"], "struct");
    assert!(
        clock["children"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == "clock/clock.go::Fake::Advance" && m["kind"] == "method")
    );
}

#[test]
fn go_references_resolve_across_files_and_packages() {
    let repo = indexed("go_repo");
    // Same package, another file: `New` calls `newFixedWindow` of window.go.
    let needs = repo.run(&["refs", "ratelimit.go::New"]);
    assert!(needs.contains("window.go::newFixedWindow"), "{needs}");
    // Another package, through its import path: `bucket.New`.
    let line = needs
        .lines()
        .find(|line| line.contains("bucket/bucket.go::New"))
        .unwrap_or_else(|| panic!("{needs}"));
    assert!(!line.contains("by name only"), "{line}");
    // The users of a method, across files.
    let users = repo.run(&["refs", "clock/clock.go::Fake::Advance"]);
    assert!(users.contains("bucket/bucket_test.go"), "{users}");
    // A method calling another through its receiver (`b.refill()` in `func (b
    // *TokenBucket) Allow()`) calls its own type's: a sure use.
    let users = repo.run(&["refs", "bucket/take.go::TokenBucket::refill"]);
    assert!(
        users.contains("bucket/take.go::TokenBucket::Allow\n  15: b.refill(b.Now())"),
        "{users}"
    );
}

#[test]
fn typescript_imports_resolve_to_files_and_index_files() {
    let repo = indexed("ts_repo");
    // `import { logged, type Clock } from "./util"` is util/index.ts.
    let users = repo.run(&["refs", "src/util/index.ts::logged"]);
    let line = users
        .lines()
        .find(|line| line.contains("src/scheduler.ts::Scheduler::runNext"))
        .unwrap_or_else(|| panic!("{users}"));
    assert!(!line.contains("by name only"), "{line}");
    // TSX uses TypeScript's definitions: one family. Its `import { type Task } from
    // "@model/task"` is src/model/task.ts through tsconfig.json's `paths`.
    let badge = repo.run(&["refs", "src/ui/TaskBadge.tsx::TaskBadge"]);
    assert!(badge.contains("  src/model/task.ts::Task L"), "{badge}");
}

#[test]
fn java_imports_name_classes_by_their_files() {
    let repo = indexed("java_repo");
    let model = "src/main/java/com/example/inventory/model/Item.java::Item";
    let users = repo.run(&["refs", model]);
    // `import com.example.inventory.model.Item;` is the class of Item.java.
    let line = users
        .lines()
        .find(|line| line.ends_with("store/CachingRepository.java::CachingRepository"))
        .unwrap_or_else(|| panic!("{users}"));
    assert!(!line.contains("by name only"), "{line}");
    // A class of the same package needs no import: its directory is its scope.
    let store =
        "src/main/java/com/example/inventory/store/InMemoryRepository.java::InMemoryRepository";
    let needs = repo.run(&["refs", store]);
    assert!(
        needs.contains("  src/main/java/com/example/inventory/store/AbstractRepository.java::AbstractRepository L"),
        "{needs}"
    );
}

#[test]
fn a_prototype_and_its_definition_name_each_other() {
    let repo = indexed("c_repo");
    let header = repo.run(&["refs", "include/ring.h::ring_new"]);
    assert!(
        header.lines().nth(1) == Some("defined at src/ring.c::ring_new L40-56"),
        "{header}"
    );
    // By its name, the two are one: the definition, naming its declaration.
    let by_name = repo.run(&["refs", "ring_new"]);
    assert!(
        by_name.starts_with(
            "src/ring.c::ring_new (function) L40-56\ndeclared at include/ring.h::ring_new"
        ),
        "{by_name}"
    );
    let source = repo.run(&["refs", "src/ring.c::ring_new", "--json"]);
    let json: Value = serde_json::from_str(&source).unwrap();
    assert_eq!(
        json["declared_at"][0]["id"], "include/ring.h::ring_new",
        "{json}"
    );
    assert!(json.get("defined_at").is_none(), "{json}");
    // A C++ member declared in its class and defined out of line.
    let cpp = indexed("cpp_repo");
    let area = cpp.run(&["refs", "src/shape.cpp::shapes::Circle::area"]);
    assert!(
        area.contains("declared at include/shapes/shape.hpp::shapes::Circle::area L51"),
        "{area}"
    );
}

#[test]
fn cpp_methods_defined_out_of_line_belong_to_their_class() {
    let repo = indexed("cpp_repo");
    let shapes = repo.zoom("src/shape.cpp::shapes", &["--depth", "2"]);
    let circle = shapes["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "src/shape.cpp::shapes::Circle")
        .unwrap_or_else(|| panic!("{shapes}"));
    assert_eq!(circle["kind"], "impl");
    assert!(
        circle["children"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == "src/shape.cpp::shapes::Circle::area" && m["kind"] == "method"),
        "{circle}"
    );
}

#[test]
fn c_includes_bring_a_header_and_its_source_file_into_scope() {
    let repo = indexed("c_repo");
    // main.c includes ring.h: `ring_push` is its declaration there, and its
    // definition in ring.c, the source file of the header's name.
    let needs = repo.run(&["refs", "src/main.c::main"]);
    for id in ["include/ring.h::ring_push", "src/ring.c::ring_push"] {
        let line = needs
            .lines()
            .find(|line| line.trim_start().starts_with(&format!("{id} L")))
            .unwrap_or_else(|| panic!("{id}: {needs}"));
        assert!(!line.contains("by name only"), "{line}");
    }
}

#[test]
fn go_module_paths_without_a_dot_and_methods_of_any_named_type() {
    let repo = common::empty_repo("gomod");
    repo.write("go.mod", "module x\n\ngo 1.22\n");
    repo.write(
        "p/p.go",
        "package p\n\n// Pairs are pairs.\ntype Pairs []int\n\n// Sum adds them.\nfunc (ps Pairs) Sum() int { return 0 }\n\n// Helper helps.\nfunc Helper() int { return 1 }\n",
    );
    repo.write(
        "main.go",
        "package main\n\nimport \"x/p\"\n\nfunc main() {\n\tp.Helper()\n}\n",
    );
    repo.index(&[]);
    // The module's own package, though its path has no dot (no standard library's).
    let users = repo.run(&["refs", "p/p.go::Helper"]);
    assert!(users.contains("main.go::main\n  6: p.Helper()"), "{users}");
    // A method of a named slice type is filed under that type.
    let pairs = repo.zoom("p/p.go::Pairs", &["--depth", "1"]);
    assert_eq!(pairs["kind"], "type");
    assert_eq!(pairs["children"][0]["id"], "p/p.go::Pairs::Sum", "{pairs}");
    assert_eq!(pairs["children"][0]["kind"], "method");
}

#[test]
fn c_headers_are_cpp_when_they_read_as_cpp() {
    let repo = fixture("c_repo");
    repo.write(
        "include/widget.h",
        "#pragma once\n// A widget.\nnamespace ui {\nclass Widget {\n public:\n  void draw();\n};\n}\n",
    );
    repo.index(&[]);
    assert_eq!(repo.zoom("include/widget.h", &[])["lang"], "cpp");
    assert_eq!(repo.zoom("include/ring.h", &[])["lang"], "c");
    let classes = repo.json(&["search", "widget", "--kind", "class"]);
    assert_eq!(
        classes[0]["id"], "include/widget.h::ui::Widget",
        "{classes}"
    );
}

#[test]
fn typescript_overloads_are_one_function() {
    let repo = indexed("ts_repo");
    let file = repo.zoom("src/model/task.ts", &["--depth", "1"]);
    let ids: Vec<&str> = file["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .filter(|id| id.contains("parsePriority"))
        .collect();
    assert_eq!(ids, ["src/model/task.ts::parsePriority"]);
}

#[test]
fn search_finds_what_a_task_names_in_each_language() {
    let cases = [
        (
            "go_repo",
            "the bucket adds the tokens earned since the last refill",
            "bucket/take.go::TokenBucket::refill",
            "func (b *TokenBucket) refill(now time.Time) {",
        ),
        (
            "ts_repo",
            "put a failed task back while it has attempts left",
            "src/scheduler.ts::Scheduler::retry",
            "private retry(task: Task): void {",
        ),
        (
            "c_repo",
            "drop the oldest item to make room",
            "src/ring.c::drop_oldest",
            "static void drop_oldest(ring_t *ring) {",
        ),
        (
            "cpp_repo",
            "read one shape from the command line arguments",
            "src/main.cpp::parse_shape",
            "ShapePtr parse_shape(char** argv, int argc, int& i) {",
        ),
        (
            "java_repo",
            "take units out of the stock, failing when there are not enough",
            "src/main/java/com/example/inventory/store/Inventory.java::Inventory::sell",
            "public void sell(String sku, int units) {",
        ),
        (
            "js_repo",
            "apply a discount code to an amount",
            "src/pricing.js::applyDiscount",
            "export const applyDiscount = (amount, code) => {",
        ),
    ];
    for (name, task, expected, source) in cases {
        let repo = indexed(name);
        let found = repo.json(&["search", task, "--limit", "3"]);
        let first = &found[0]["id"];
        assert_eq!(first, expected, "{name}: {task}: {found}");
        // The slice shows the function's source (alone, or in its whole file).
        let slice = repo.json(&["slice", task, "--budget", "1024"]);
        assert!(
            slice["text"].as_str().unwrap().contains(source),
            "{name}: the slice of `{task}` lacks {expected}"
        );
    }
}

#[test]
fn patterns_and_grep_read_every_language() {
    let repo = indexed("go_repo");
    // A Go pattern is a whole declaration: a file holds no bare expressions.
    let found = repo.run(&["pattern", "--ast", "func ($R *Fake) $M($$$P) { $$$B }"]);
    assert!(found.contains("clock/clock.go"), "{found}");
    let grep = repo.run(&["grep", "refill"]);
    assert!(grep.contains("TokenBucket::refill"), "{grep}");
    // C, C++ and Java snippets that are no whole file match as a function body's code.
    let c = indexed("c_repo");
    let found = c.run(&["pattern", "--ast", "ring_free($R)", "--lang", "c"]);
    assert!(found.contains("src/main.c:54"), "{found}");
    // A block's statements, `{ $$$B }`, though none of them is written.
    let found = c.run(&["pattern", "--ast", "while ($C) { $$$B }", "--lang", "c"]);
    assert!(
        found.starts_with("src/ring.c:90  while (visited < ring->len) {"),
        "{found}"
    );
    let cpp = indexed("cpp_repo");
    let found = cpp.run(&["pattern", "--ast", "std::move($X)", "--lang", "cpp"]);
    assert!(found.contains("src/canvas.cpp:8"), "{found}");
    let found = cpp.run(&[
        "pattern",
        "--ast",
        "for ($T $X : $L) { $$$B }",
        "--lang",
        "cpp",
    ]);
    assert!(found.contains("src/canvas.cpp:24"), "{found}");
    let java = indexed("java_repo");
    let found = java.run(&["pattern", "--ast", "throw new $E($$$A);", "--lang", "java"]);
    assert!(found.contains("Item.java:22"), "{found}");
    let found = java.run(&["pattern", "--ast", "items.find($X)", "--lang", "java"]);
    assert!(found.contains("Inventory.java:41"), "{found}");
    let found = java.run(&["pattern", "--ast", "if ($C) { $$$B }", "--lang", "java"]);
    assert!(found.contains("model/Item.java:21"), "{found}");
    let ts = indexed("ts_repo");
    let found = ts.run(&[
        "pattern",
        "--ast",
        "this.events.emit($E)",
        "--lang",
        "typescript",
    ]);
    assert!(found.contains("src/scheduler.ts"), "{found}");
}

#[test]
fn overview_like_and_gene_read_every_language() {
    let java_all =
        "src/main/java/com/example/inventory/store/CachingRepository.java::CachingRepository::all";
    let cases = [
        (
            "go_repo",
            "bucket/take.go::TokenBucket::Limit",
            &["go"][..],
            Some("`golang.org/x/time/rate` (golang.org/x/time v0.5.0)"),
        ),
        (
            "java_repo",
            java_all,
            &["java"],
            Some("`com.google.common.collect` (com.google.guava:guava 33.2.1-jre)"),
        ),
        (
            "js_repo",
            "src/pricing.js::applyDiscount",
            &["js", "jsx", "cjs"],
            None,
        ),
        (
            "ts_repo",
            "src/scheduler.ts::Scheduler::runNext",
            &["ts", "tsx"],
            None,
        ),
        ("c_repo", "src/ring.c::ring_new", &["c", "h"], None),
        (
            "cpp_repo",
            "src/main.cpp::parse_shape",
            &["cpp", "hpp"],
            None,
        ),
    ];
    for (name, function, extensions, outside) in cases {
        let repo = indexed(name);
        let path = function.split("::").next().unwrap();
        let top = path.split('/').next().unwrap();
        let overview = repo.run(&["overview"]);
        assert!(overview.contains(top), "{name}: {overview}");
        // Functions shaped like it: of its language, itself left out.
        let like = repo.run(&["pattern", "--like", function]);
        let found: Vec<&str> = like.lines().filter(|l| l.starts_with("- ")).collect();
        assert!(!found.is_empty(), "{name}: {like}");
        for line in &found {
            let id = line[2..].split(' ').next().unwrap();
            let file = id.split("::").next().unwrap();
            assert_ne!(id, function, "{like}");
            let ext = file.rsplit('.').next().unwrap();
            assert!(extensions.contains(&ext), "{name}: {line}");
        }
        let gene = repo.run(&["gene", function]);
        assert!(gene.contains("- Entry point:"), "{name}: {gene}");
        if let Some(outside) = outside {
            let line = gene
                .lines()
                .find(|l| l.starts_with("- Outside the repository:"))
                .unwrap_or_else(|| panic!("{name}: {gene}"));
            assert!(line.contains(outside), "{name}: {line}");
        }
    }
    // A Java method is most like its sibling class's version of it.
    let java = indexed("java_repo");
    let like = java.run(&["pattern", "--like", java_all]);
    assert!(
        like.starts_with("- src/main/java/com/example/inventory/store/AbstractRepository.java::AbstractRepository::all "),
        "{like}"
    );
}
