//! End-to-end tests of the `pyramid` command line on the fixture repositories in
//! `testdata/`: index, status, zoom, overview, repository discovery, determinism,
//! and snapshots of the renderings.

mod common;

use std::fs;

use common::{Repo, child_ids, fixture, ids, parse_one_json, pyramid, run_fail, run_ok, tokens};
use serde_json::Value;

const RUST_FILES: [&str; 4] = [
    "src/config.rs",
    "src/lib.rs",
    "src/store/mod.rs",
    "src/store/writer.rs",
];
const PYTHON_FILES: [&str; 6] = [
    "retrykit/__init__.py",
    "retrykit/policy.py",
    "retrykit/schedule/__init__.py",
    "retrykit/schedule/cron.py",
    "retrykit/util.py",
    "tests/test_policy.py",
];

fn indexed(name: &str) -> Repo {
    let repo = fixture(name);
    repo.index(&[]);
    repo
}

/// Every node of the index, as the JSON of `zoom . --depth 64`.
fn whole_tree(repo: &Repo) -> Value {
    repo.zoom(".", &["--depth", "64", "--level", "label"])
}

/// Ids of every node of a kind in a JSON tree.
fn ids_of_kind(view: &Value, kind: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![view];
    while let Some(v) = stack.pop() {
        if v["kind"] == kind {
            out.push(v["id"].as_str().unwrap().to_string());
        }
        stack.extend(v["children"].as_array().unwrap().iter());
    }
    out.sort();
    out
}

/// Finds a node by id in a JSON tree.
fn find<'a>(view: &'a Value, id: &str) -> Option<&'a Value> {
    let mut stack = vec![view];
    while let Some(v) = stack.pop() {
        if v["id"] == id {
            return Some(v);
        }
        stack.extend(v["children"].as_array().unwrap().iter());
    }
    None
}

fn assert_report_shape(report: &Value) {
    for key in [
        "files_parsed",
        "files_reused",
        "files_skipped",
        "nodes",
        "elapsed_ms",
    ] {
        assert!(
            report[key].is_u64(),
            "`{key}` missing or not a count: {report}"
        );
    }
    assert!(
        report["skipped"].is_array(),
        "`skipped` is not a list: {report}"
    );
}

// ---------------------------------------------------------------- index

#[test]
fn index_json_report() {
    // (fixture, code files, dirs, nodes of the tree, text files, paths not indexed)
    type Case<'a> = (
        &'a str,
        &'a [&'a str],
        &'a [&'a str],
        usize,
        &'a [&'a str],
        &'a [&'a str],
    );
    let cases: [Case; 2] = [
        (
            "rust_repo",
            &RUST_FILES,
            &["src/", "src/store/"],
            49,
            &["Cargo.toml", "README.md", "notes.txt"],
            &["ignored_generated.rs"],
        ),
        (
            "python_repo",
            &PYTHON_FILES,
            &["retrykit/", "retrykit/schedule/", "tests/"],
            48,
            &[
                "README.md",
                "docs/guide.md",
                "native/retry.i",
                "pyproject.toml",
            ],
            &["build/", "build/generated.py"],
        ),
    ];
    for (name, files, dirs, nodes, texts, absent) in cases {
        let repo = fixture(name);
        let report = repo.index(&[]);
        assert_report_shape(&report);
        assert_eq!(
            report["files_parsed"],
            files.len() + texts.len(),
            "{report}"
        );
        assert_eq!(report["text_files"], texts.len(), "{report}");
        assert_eq!(report["files_reused"], 0);
        assert_eq!(report["files_skipped"], 0);
        assert_eq!(report["skipped"], serde_json::json!([]));
        assert_eq!(report["files_removed"], 0);
        assert_eq!(report["files_with_errors"], 0);

        // Exactly the code files outside `.ignore` are in the tree.
        let tree = whole_tree(&repo);
        assert_eq!(ids_of_kind(&tree, "file"), files);
        assert_eq!(ids_of_kind(&tree, "dir"), dirs);
        assert_eq!(ids(&tree).len(), nodes, "the tree's nodes");
        // The text files are indexed beside it: found by their path, and counted.
        let mut text_nodes = 0;
        for text in texts {
            let file = repo.zoom(text, &["--depth", "64", "--level", "label"]);
            assert_eq!(file["node"]["lang"], Value::Null, "{file}");
            text_nodes += ids(&file).len();
        }
        assert_eq!(
            report["nodes"],
            nodes + text_nodes,
            "report's node count = nodes in the tree and the text files"
        );
        for absent in absent {
            let err = repo.fail(&["zoom", absent], 2);
            assert!(err.contains("no node `"), "{err}");
        }
        assert!(
            !ids(&tree)
                .iter()
                .any(|id| id.contains("should_not_be_indexed"))
        );
    }
}

#[test]
fn index_text_report() {
    let repo = fixture("rust_repo");
    let out = repo.cmd().arg("index").output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout
            .starts_with("indexed 4 files and 3 text files (7 parsed, 0 unchanged), 54 nodes, in "),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    // No progress bar or anything else when stderr is not a terminal.
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn second_index_reuses_everything() {
    // Code files and text files (docs, settings), and their nodes.
    for (name, files, nodes) in [("rust_repo", 7, 54), ("python_repo", 10, 58)] {
        let repo = indexed(name);
        let report = repo.index(&[]);
        assert_eq!(report["files_parsed"], 0, "{name}: {report}");
        assert_eq!(report["files_reused"], files, "{name}: {report}");
        assert_eq!(report["files_removed"], 0);
        assert_eq!(report["nodes"], nodes);
    }
}

#[test]
fn touched_but_unchanged_file_is_not_parsed() {
    let repo = indexed("rust_repo");
    let path = repo.path("src/lib.rs");
    let file = fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
        .unwrap();
    drop(file);
    let report = repo.index(&[]);
    assert_eq!(report["files_parsed"], 0, "{report}");
    assert_eq!(report["files_reused"], 7);
}

#[test]
fn modified_file_is_reparsed_alone() {
    let repo = indexed("rust_repo");
    let mut text = repo.read_string("src/lib.rs");
    text.push_str("\n/// Closes everything.\npub fn shutdown() {}\n");
    common::modify(&repo.path("src/lib.rs"), &text);
    let report = repo.index(&[]);
    assert_eq!(report["files_parsed"], 1, "{report}");
    assert_eq!(report["files_reused"], 6, "{report}");
    assert_eq!(report["nodes"], 55);
    let node = repo.zoom("src/lib.rs::shutdown", &["--level", "gist"]);
    assert_eq!(node["text"], "Closes everything.");
    assert_eq!(node["kind"], "function");

    let repo = indexed("python_repo");
    let mut text = repo.read_string("retrykit/util.py");
    text.push_str("\n\ndef brand_new_helper():\n    return 42\n");
    common::modify(&repo.path("retrykit/util.py"), &text);
    let report = repo.index(&[]);
    assert_eq!(report["files_parsed"], 1, "{report}");
    assert_eq!(report["files_reused"], 9, "{report}");
    repo.zoom("retrykit/util.py::brand_new_helper", &[]);
}

#[test]
fn deleted_file_loses_its_nodes() {
    let repo = indexed("rust_repo");
    fs::remove_file(repo.path("src/store/writer.rs")).unwrap();
    let report = repo.index(&[]);
    assert_eq!(report["files_parsed"], 0, "{report}");
    assert_eq!(report["files_reused"], 6);
    assert_eq!(report["files_removed"], 1);
    for id in [
        "src/store/writer.rs",
        "src/store/writer.rs::Writer",
        "src/store/writer.rs::Writer::commit",
    ] {
        let err = repo.fail(&["zoom", id], 2);
        assert!(err.starts_with(&format!("error: no node `{id}`")), "{err}");
    }
    let dir = repo.zoom("src/store/", &[]);
    assert_eq!(child_ids(&dir), ["src/store/mod.rs"]);
    assert_eq!(ids_of_kind(&whole_tree(&repo), "file").len(), 3);

    let repo = indexed("python_repo");
    fs::remove_file(repo.path("retrykit/util.py")).unwrap();
    let report = repo.index(&[]);
    assert_eq!(report["files_removed"], 1, "{report}");
    repo.fail(&["zoom", "retrykit/util.py::format_delay"], 2);
    repo.fail(&["zoom", "retrykit/util.py"], 2);
}

#[test]
fn renamed_and_removed_directories() {
    let repo = indexed("rust_repo");
    fs::rename(repo.path("src/store"), repo.path("src/storage")).unwrap();
    let status = repo.json(&["status"]);
    assert_eq!(
        status["added"],
        serde_json::json!(["src/storage/mod.rs", "src/storage/writer.rs"])
    );
    assert_eq!(
        status["deleted"],
        serde_json::json!(["src/store/mod.rs", "src/store/writer.rs"])
    );
    let report = repo.index(&[]);
    assert_eq!(report["files_parsed"], 2, "{report}");
    assert_eq!(report["files_removed"], 2, "{report}");
    assert_eq!(report["nodes"], 54);
    repo.fail(&["zoom", "src/store/"], 2);
    repo.zoom("src/storage/writer.rs::Writer::commit", &[]);
    assert_eq!(
        child_ids(&repo.zoom("src/", &[])),
        ["src/storage/", "src/config.rs", "src/lib.rs"]
    );

    fs::remove_dir_all(repo.path("src/storage")).unwrap();
    let report = repo.index(&[]);
    assert_eq!(report["files_removed"], 2, "{report}");
    repo.fail(&["zoom", "src/storage/"], 2);
    repo.fail(&["zoom", "src/storage/mod.rs::Store"], 2);
    assert_eq!(
        child_ids(&repo.zoom("src/", &[])),
        ["src/config.rs", "src/lib.rs"]
    );
    let overview = repo.run(&["overview"]);
    assert!(!overview.contains("storage"), "{overview}");
    assert!(overview.contains("2 files indexed (Rust)"), "{overview}");
}

#[test]
fn empty_repository() {
    let repo = common::empty_repo("nothing_here");
    repo.write("notes.txt", "no code\n");
    let report = repo.index(&[]);
    // The text file is indexed, but no code: the tree is the root alone.
    assert_eq!(report["files_parsed"], 1, "{report}");
    assert_eq!(report["text_files"], 1, "{report}");
    assert_eq!(report["nodes"], 2, "{report}");
    let root = repo.zoom(".", &[]);
    assert_eq!(root["children"], serde_json::json!([]));
    assert_eq!(root["hidden_children"], 0);
    assert_eq!(repo.json(&["status"])["fresh"], true);
    let text = repo.run(&["overview"]);
    assert!(text.starts_with(". (repo) [outline]\n"), "{text}");
    assert!(
        text.contains("no code files indexed (pyramid reads Rust, Python, Go,"),
        "{text}"
    );
    // No empty list of languages.
    assert!(!text.contains("()"), "{text}");
}

#[test]
fn rebuild_reparses_everything() {
    for (name, files) in [("rust_repo", 7), ("python_repo", 10)] {
        let repo = indexed(name);
        let report = repo.index(&["--rebuild"]);
        assert_eq!(report["files_parsed"], files, "{name}: {report}");
        assert_eq!(report["files_reused"], 0, "{name}: {report}");
        repo.zoom(".", &[]);
    }
}

// ---------------------------------------------------------------- status

#[test]
fn status_fresh_then_stale_rust() {
    let repo = indexed("rust_repo");
    let status = repo.json(&["status"]);
    assert_eq!(status["fresh"], true, "{status}");
    assert_eq!(status["modified"], serde_json::json!([]));
    assert_eq!(status["added"], serde_json::json!([]));
    assert_eq!(status["deleted"], serde_json::json!([]));
    assert_eq!(
        repo.run(&["status"]),
        "fresh: 7 files indexed, nothing changed since\n"
    );

    let mut text = repo.read_string("src/lib.rs");
    text.push_str("\npub fn extra() {}\n");
    common::modify(&repo.path("src/lib.rs"), &text);
    repo.write("src/new_module.rs", "pub fn hello() {}\n");
    fs::remove_file(repo.path("src/store/writer.rs")).unwrap();
    // Ignored files do not count as added; text files are indexed, so they count.
    repo.write("ignored_generated.rs", "fn changed() {}\n");
    repo.write("notes.txt", "more notes\n");

    let status = repo.json(&["status"]);
    assert_eq!(status["fresh"], false, "{status}");
    assert_eq!(
        status["modified"],
        serde_json::json!(["notes.txt", "src/lib.rs"])
    );
    assert_eq!(status["added"], serde_json::json!(["src/new_module.rs"]));
    assert_eq!(
        status["deleted"],
        serde_json::json!(["src/store/writer.rs"])
    );
    assert_eq!(
        repo.run(&["status"]),
        "stale: 2 modified, 1 added, 1 deleted since the last index (run `pyramid index`)\n\
         \x20 modified: notes.txt\n\
         \x20 modified: src/lib.rs\n\
         \x20 added: src/new_module.rs\n\
         \x20 deleted: src/store/writer.rs\n"
    );

    let report = repo.index(&[]);
    assert_eq!(report["files_parsed"], 3, "{report}");
    assert_eq!(report["files_removed"], 1, "{report}");
    assert_eq!(repo.json(&["status"])["fresh"], true);
}

#[test]
fn status_python_and_touch_only() {
    let repo = indexed("python_repo");
    assert_eq!(repo.json(&["status"])["fresh"], true);
    // A new mtime with the same content is not a modification.
    let file = fs::File::options()
        .write(true)
        .open(repo.path("retrykit/util.py"))
        .unwrap();
    file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
        .unwrap();
    drop(file);
    assert_eq!(repo.json(&["status"])["fresh"], true);

    common::modify(&repo.path("retrykit/policy.py"), "X = 1\n");
    repo.write("retrykit/extra.py", "def f():\n    pass\n");
    repo.write("build/more_generated.py", "def g():\n    pass\n");
    fs::remove_file(repo.path("tests/test_policy.py")).unwrap();
    let status = repo.json(&["status"]);
    assert_eq!(status["fresh"], false);
    assert_eq!(
        status["modified"],
        serde_json::json!(["retrykit/policy.py"])
    );
    assert_eq!(status["added"], serde_json::json!(["retrykit/extra.py"]));
    assert_eq!(
        status["deleted"],
        serde_json::json!(["tests/test_policy.py"])
    );
}

// ---------------------------------------------------------------- zoom

const NODE_KEYS: [&str; 12] = [
    "children",
    "has_errors",
    "hash",
    "hidden_children",
    "id",
    "kind",
    "lang",
    "level",
    "path",
    "span",
    "stale",
    "text",
];

fn assert_schema(view: &Value) {
    let mut stack = vec![view];
    while let Some(v) = stack.pop() {
        let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        keys.sort();
        assert_eq!(keys, NODE_KEYS, "keys of {}", v["id"]);
        let tree = matches!(v["kind"].as_str().unwrap(), "repo" | "dir");
        if tree {
            assert!(v["span"].is_null() && v["lang"].is_null(), "{v}");
        } else {
            let mut span_keys: Vec<&str> = v["span"]
                .as_object()
                .unwrap_or_else(|| panic!("no span: {v}"))
                .keys()
                .map(|k| k.as_str())
                .collect();
            span_keys.sort();
            assert_eq!(
                span_keys,
                ["end_byte", "end_line", "start_byte", "start_line"]
            );
            for k in &span_keys {
                assert!(v["span"][k].is_u64());
            }
            assert!(v["lang"].is_string());
        }
        assert!(v["id"].is_string() && v["kind"].is_string() && v["path"].is_string());
        assert!(v["text"].is_string() && v["level"].is_string());
        assert!(v["hidden_children"].is_u64());
        assert!(v["has_errors"].is_boolean() && v["stale"].is_boolean());
        let hash = v["hash"].as_str().unwrap();
        assert_eq!(hash.len(), 16, "{hash}");
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
        stack.extend(v["children"].as_array().unwrap().iter());
    }
}

#[test]
fn zoom_json_schema() {
    let repo = indexed("rust_repo");
    let tree = repo.zoom(".", &["--depth", "5"]);
    assert_schema(&tree);
    assert_eq!(tree["kind"], "repo");
    assert_eq!(tree["path"], "");
    let repo = indexed("python_repo");
    assert_schema(&repo.zoom(".", &["--depth", "5"]));
    assert_schema(&repo.zoom("retrykit/policy.py::retry", &["--level", "source"]));
}

#[test]
fn zoom_levels_named_and_numeric() {
    let repo = indexed("rust_repo");
    let id = "src/config.rs::Config::load";
    let expected = [
        ("label", "0", "load".to_string()),
        (
            "gist",
            "1",
            "Loads a configuration from the file at `path`.".to_string(),
        ),
        (
            "outline",
            "2",
            "pub fn load(path: &str) -> Result<Config>\nLoads a configuration from the file at `path`."
                .to_string(),
        ),
        ("source", "3", {
            let file = repo.read_string("src/config.rs");
            let mut start = file.find("    /// Loads a configuration").unwrap();
            let end = start + file[start..].find("\n    }\n").unwrap() + 6;
            // The span starts at the doc comment, with or without its indentation.
            let z = repo.zoom(id, &["--level", "source"]);
            if !z["text"].as_str().unwrap().starts_with(' ') {
                start += 4;
            }
            file[start..end].to_string()
        }),
    ];
    for (name, number, text) in expected {
        let named = repo.zoom(id, &["--level", name]);
        assert_eq!(named["level"], name);
        assert_eq!(named["text"], text.as_str(), "level {name}");
        let numeric = repo.zoom(id, &["--level", number]);
        assert_eq!(
            named, numeric,
            "--level {number} differs from --level {name}"
        );
        let short = repo.zoom(id, &["-l", name]);
        assert_eq!(named, short);
        // Text rendering at that level names the level.
        let text_out = repo.run(&["zoom", id, "--level", number]);
        assert!(
            text_out.starts_with(&format!(
                "src/config.rs::Config::load (method, rust, lines 50-62) [{name}]\n"
            )),
            "{text_out}"
        );
    }
    // Default level is outline.
    assert_eq!(repo.zoom(id, &[])["level"], "outline");

    let err = repo.fail(&["zoom", id, "--level", "4"], 2);
    assert!(err.contains("unknown level `4`"), "{err}");
    let err = repo.fail(&["zoom", id, "--level", "everything"], 2);
    assert!(err.contains("label, gist, outline, source"), "{err}");
}

#[test]
fn zoom_children_levels_and_depth() {
    let repo = indexed("rust_repo");
    let file_children = [
        "src/config.rs::DEFAULT_PATH",
        "src/config.rs::MAX_ENTRIES",
        "src/config.rs::Result",
        "src/config.rs::config_key",
        "src/config.rs::Config",
        "src/config.rs::Format",
        "src/config.rs::Validate",
        "src/config.rs::RawValue",
        "src/config.rs::tests",
    ];

    // depth 0: no children shown, all counted as hidden.
    let z = repo.zoom("src/config.rs", &["--depth", "0"]);
    assert_eq!(z["children"], serde_json::json!([]));
    assert_eq!(z["hidden_children"], 9);
    let text = repo.run(&["zoom", "src/config.rs", "--depth", "0"]);
    assert!(
        text.ends_with("\n9 children not shown (pyramid zoom src/config.rs --depth 1)\n"),
        "{text}"
    );

    // depth 1 (the default): children at gist, their own children hidden.
    let z = repo.zoom("src/config.rs", &["--depth", "1"]);
    assert_eq!(z, repo.zoom("src/config.rs", &[]));
    assert_eq!(child_ids(&z), file_children);
    assert_eq!(z["hidden_children"], 0);
    let hidden: Vec<u64> = z["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert_eq!(c["level"], "gist");
            assert_eq!(c["children"], serde_json::json!([]));
            c["hidden_children"].as_u64().unwrap()
        })
        .collect();
    assert_eq!(hidden, [0, 0, 0, 0, 10, 0, 2, 0, 1]);
    let text = repo.run(&["zoom", "src/config.rs"]);
    assert!(
        text.contains(
            "\n- src/config.rs::Config L22-33 — Runtime settings for a key-value store. (+10)\n"
        ),
        "{text}"
    );

    // depth 2: grandchildren at label, a definition as its signature on one line.
    let z = repo.zoom("src/config.rs", &["--depth", "2"]);
    let config = &z["children"][4];
    assert_eq!(config["id"], "src/config.rs::Config");
    assert_eq!(config["hidden_children"], 0);
    assert_eq!(config["children"].as_array().unwrap().len(), 10);
    let display = find(&z, "src/config.rs::Config::Display").unwrap();
    assert_eq!(display["level"], "label");
    assert_eq!(display["text"], "impl fmt::Display for Config");
    let set = find(&z, "src/config.rs::Config::set").unwrap();
    assert_eq!(
        set["text"],
        "pub fn set(&mut self, key: &str, value: &str) -> bool"
    );
    assert_eq!(display["hidden_children"], 1);
    assert_eq!(display["children"], serde_json::json!([]));

    // Children of a source view are listed at gist.
    let z = repo.zoom("src/config.rs::Config", &["--level", "source"]);
    assert_eq!(z["children"].as_array().unwrap().len(), 10);
    assert_eq!(z["children"][0]["level"], "gist");

    // Forgiving spellings of an id.
    assert_eq!(repo.zoom("src/store", &[])["id"], "src/store/");
    assert_eq!(repo.zoom("./src/lib.rs", &[])["id"], "src/lib.rs");
}

#[test]
fn zoom_directory_and_root() {
    let repo = indexed("python_repo");
    let root = repo.zoom(".", &[]);
    assert_eq!(root["kind"], "repo");
    assert_eq!(child_ids(&root), ["retrykit/", "tests/"]);
    let dir = repo.zoom("retrykit/", &[]);
    assert_eq!(
        child_ids(&dir),
        [
            "retrykit/schedule/",
            "retrykit/__init__.py",
            "retrykit/policy.py",
            "retrykit/util.py"
        ]
    );
    // A directory has no source: `source` shows its outline text.
    let src = repo.zoom("retrykit/", &["--level", "source"]);
    assert_eq!(src["text"], dir["text"]);
    assert_eq!(dir["span"], Value::Null);
    // A directory without a package doc names its files, unless they are listed below.
    let alone = repo.zoom("tests/", &["--depth", "0"]);
    assert_eq!(alone["text"], "1 Python file: test_policy.py");
    let listed = repo.zoom("tests/", &[]);
    assert_eq!(child_ids(&listed), ["tests/test_policy.py"]);
    assert_eq!(listed["text"], "1 Python file");
    // So does one listed deeper down, with its own children below it.
    let tests_dir_under_root = |depth: &str| -> Value {
        let root = repo.zoom(".", &["--depth", depth]);
        let children = root["children"].as_array().unwrap();
        let found = children.iter().find(|child| child["id"] == "tests/");
        found.expect("tests/ is listed").clone()
    };
    let deep = tests_dir_under_root("2");
    assert_eq!(child_ids(&deep), ["tests/test_policy.py"]);
    assert_eq!(deep["text"], "1 Python file");
    let shallow = tests_dir_under_root("1");
    let text = shallow["text"].as_str().unwrap();
    assert!(text.ends_with(": test_policy.py"), "{text}");
}

/// Asserts that `text` of a source zoom is exactly the file's bytes in its span, and
/// that the span's lines match its bytes.
fn assert_exact_source(repo: &Repo, id: &str) -> Value {
    let z = repo.zoom(id, &["--level", "source"]);
    assert_eq!(z["stale"], false);
    let path = z["path"].as_str().unwrap();
    let file = repo.read(path);
    // The fixture as checked in, not only its copy.
    let original = fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata")
            .join(repo.root.file_name().unwrap())
            .join(path),
    )
    .unwrap();
    assert_eq!(file, original);
    let span = &z["span"];
    let start = span["start_byte"].as_u64().unwrap() as usize;
    let end = span["end_byte"].as_u64().unwrap() as usize;
    assert!(start < end && end <= file.len(), "{span}");
    assert_eq!(
        z["text"].as_str().unwrap().as_bytes(),
        &file[start..end],
        "source of {id}"
    );
    let line_of = |byte: usize| 1 + file[..byte].iter().filter(|&&b| b == b'\n').count();
    assert_eq!(
        span["start_line"].as_u64().unwrap() as usize,
        line_of(start)
    );
    assert_eq!(
        span["end_line"].as_u64().unwrap() as usize,
        line_of(end - 1)
    );
    z
}

#[test]
fn source_is_byte_exact() {
    let repo = indexed("rust_repo");
    let z = assert_exact_source(&repo, "src/config.rs::Config::load");
    let text = z["text"].as_str().unwrap();
    // (The span may or may not include the indentation of its first line.)
    assert!(
        text.trim_start()
            .starts_with("/// Loads a configuration from the file at `path`.\n"),
        "{text}"
    );
    assert!(text.ends_with("Ok(config)\n    }"), "{text}");

    // A struct with its doc comment and attribute.
    let z = assert_exact_source(&repo, "src/config.rs::Config");
    let text = z["text"].as_str().unwrap();
    assert!(
        text.starts_with(
            "/// Runtime settings for a key-value store.\n///\n/// A `Config` is usually loaded from disk with [`Config::load`].\n#[derive(Debug, Clone)]\npub struct Config {"
        ),
        "{text}"
    );
    assert!(text.ends_with("    max_entries: usize,\n}"), "{text}");

    assert_exact_source(&repo, "src/config.rs::Config::Display");
    assert_exact_source(&repo, "src/store/writer.rs::helpers::checksum");
    assert_exact_source(&repo, "src/config.rs::RawValue");
    // A whole file is the whole file.
    let z = assert_exact_source(&repo, "src/lib.rs");
    assert_eq!(
        z["text"].as_str().unwrap().as_bytes(),
        repo.read("src/lib.rs")
    );

    let repo = indexed("python_repo");
    // A decorated method starts at its decorator.
    let z = assert_exact_source(&repo, "retrykit/policy.py::RetryPolicy::exhausted");
    assert_eq!(
        z["text"].as_str().unwrap().trim_start(),
        "@property\n    def exhausted(self) -> bool:\n        \"\"\"Whether every allowed attempt has been used.\"\"\"\n        return self._attempts >= self.max_attempts"
    );
    let z = assert_exact_source(&repo, "retrykit/policy.py::retry::decorator::wrapper");
    assert!(
        z["text"]
            .as_str()
            .unwrap()
            .trim_start()
            .starts_with("@functools.wraps(fn)\n")
    );
    let z = assert_exact_source(&repo, "retrykit/policy.py::jitter");
    assert!(
        z["text"]
            .as_str()
            .unwrap()
            .starts_with("@functools.lru_cache(maxsize=None)\ndef jitter(")
    );
    assert_exact_source(&repo, "retrykit/policy.py::RetryPolicy::Config");
    assert_exact_source(&repo, "retrykit/util.py::env_flag");
}

#[test]
fn source_of_edited_file_is_stale() {
    let repo = indexed("rust_repo");
    let before = repo.zoom("src/config.rs::Config::load", &["--level", "source"]);
    let original = repo.read_string("src/config.rs");
    common::modify(
        &repo.path("src/config.rs"),
        &format!(
            "// a new first line\n{}",
            original.replace("Loads a", "Reads a")
        ),
    );

    let out = repo
        .cmd()
        .args([
            "--json",
            "zoom",
            "src/config.rs::Config::load",
            "--level",
            "source",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let after = parse_one_json(&String::from_utf8(out.stdout).unwrap());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(after["stale"], true);
    assert_eq!(
        after["text"], before["text"],
        "the indexed text is returned"
    );
    assert!(after["text"].as_str().unwrap().contains("/// Loads a"));
    assert_eq!(
        stderr,
        "note: src/config.rs changed on disk since it was indexed; this is the indexed text (run `pyramid index` to refresh)\n"
    );

    // The text rendering is the same indexed text.
    let text = repo.run(&["zoom", "src/config.rs::Config::load", "--level", "source"]);
    assert!(text.contains("/// Loads a configuration"), "{text}");

    // After re-indexing, fresh again with the new text.
    repo.index(&[]);
    let fresh = repo.zoom("src/config.rs::Config::load", &["--level", "source"]);
    assert_eq!(fresh["stale"], false);
    assert!(
        fresh["text"]
            .as_str()
            .unwrap()
            .trim_start()
            .starts_with("/// Reads a"),
        "{fresh}"
    );
}

#[test]
fn deleted_file_source_is_stale() {
    let repo = indexed("python_repo");
    fs::remove_file(repo.path("retrykit/util.py")).unwrap();
    let z = repo.zoom("retrykit/util.py::format_delay", &["--level", "source"]);
    assert_eq!(z["stale"], true);
    assert!(
        z["text"]
            .as_str()
            .unwrap()
            .starts_with("def format_delay(seconds):")
    );
}

#[test]
fn unknown_id_suggests_close_ids() {
    let repo = indexed("rust_repo");
    let err = repo.fail(&["zoom", "src/config.rs::Config::lod"], 2);
    assert!(
        err.starts_with("error: no node `src/config.rs::Config::lod`; did you mean `src/config.rs::Config::load`"),
        "{err}"
    );
    // The end of an id, or a bare name, that names one definition stands for it.
    let view = repo.zoom("Config::load", &[]);
    assert_eq!(view["id"], "src/config.rs::Config::load", "{view}");
    assert_eq!(repo.zoom("load", &[])["id"], "src/config.rs::Config::load");
    let err = repo.fail(&["--json", "zoom", "Config::lod"], 2);
    assert!(
        err.contains("did you mean `src/config.rs::Config::load`"),
        "{err}"
    );
    let err = repo.fail(&["zoom", "nothing/like/this.zig::at::all"], 2);
    assert!(
        err.starts_with("error: no node `nothing/like/this.zig::at::all`"),
        "{err}"
    );
    assert!(err.contains("pyramid zoom ."), "{err}");
    let err = repo.fail(&["zoom", ""], 2);
    assert!(err.starts_with("error: empty id"), "{err}");

    let repo = indexed("python_repo");
    let err = repo.fail(&["zoom", "retrykit/policy.py::RetryPolicy::Confg"], 2);
    assert!(
        err.starts_with("error: no node `retrykit/policy.py::RetryPolicy::Confg`; did you mean `retrykit/policy.py::RetryPolicy::Config`"),
        "{err}"
    );
}

#[test]
fn rust_impl_ids() {
    let repo = indexed("rust_repo");
    let config = repo.zoom("src/config.rs::Config", &[]);
    assert_eq!(config["kind"], "struct");
    assert_eq!(
        child_ids(&config),
        [
            "src/config.rs::Config::SEPARATOR",
            "src/config.rs::Config::new",
            "src/config.rs::Config::load",
            "src/config.rs::Config::save",
            "src/config.rs::Config::get",
            "src/config.rs::Config::set",
            "src/config.rs::Config::parse_line",
            "src/config.rs::Config::Display",
            "src/config.rs::Config::Default",
            "src/config.rs::Config::Validate",
        ]
    );
    for (id, kind) in [
        ("src/config.rs::Config::Display", "impl"),
        ("src/config.rs::Config::Default", "impl"),
        ("src/config.rs::Config::Validate", "impl"),
        ("src/config.rs::Config::Display::fmt", "method"),
        ("src/config.rs::Config::Default::default", "method"),
        ("src/config.rs::Config::load", "method"),
        ("src/config.rs::Config::SEPARATOR", "const"),
        ("src/config.rs::Validate", "trait"),
        ("src/config.rs::Validate::name", "method"),
        ("src/config.rs::Format", "enum"),
        ("src/config.rs::RawValue", "union"),
        ("src/config.rs::config_key", "macro"),
        ("src/config.rs::tests", "module"),
        ("src/config.rs::tests::loads_defaults", "function"),
        ("src/store/writer.rs::Writer::From", "impl"),
        ("src/store/writer.rs::Writer::From::from", "method"),
        ("src/store/writer.rs::helpers::checksum", "function"),
    ] {
        let z = repo.zoom(id, &["--depth", "0"]);
        assert_eq!(z["id"], id);
        assert_eq!(z["kind"], kind, "{id}");
        assert_eq!(z["lang"], "rust");
    }
    let display = repo.zoom("src/config.rs::Config::Display", &[]);
    assert_eq!(child_ids(&display), ["src/config.rs::Config::Display::fmt"]);
    // No duplicates in the fixture, so no `#2` ids.
    assert!(!ids(&whole_tree(&repo)).iter().any(|id| id.contains('#')));
}

#[test]
fn python_nested_ids() {
    let repo = indexed("python_repo");
    for (id, kind) in [
        ("retrykit/policy.py::RetryPolicy", "class"),
        ("retrykit/policy.py::RetryPolicy::Config", "class"),
        ("retrykit/policy.py::RetryPolicy::Config::as_dict", "method"),
        ("retrykit/policy.py::RetryPolicy::exhausted", "method"),
        ("retrykit/policy.py::retry", "function"),
        ("retrykit/policy.py::retry::decorator", "function"),
        ("retrykit/policy.py::retry::decorator::wrapper", "function"),
        ("retrykit/policy.py::retry_async", "function"),
        ("retrykit/schedule/cron.py::CronSchedule::parse", "method"),
        (
            "tests/test_policy.py::test_retry_decorator_reraises::flaky",
            "function",
        ),
    ] {
        let z = repo.zoom(id, &["--depth", "0"]);
        assert_eq!(z["kind"], kind, "{id}");
        assert_eq!(z["lang"], "python");
    }
    let config = repo.zoom("retrykit/policy.py::RetryPolicy::Config", &[]);
    assert_eq!(
        child_ids(&config),
        [
            "retrykit/policy.py::RetryPolicy::Config::__init__",
            "retrykit/policy.py::RetryPolicy::Config::as_dict"
        ]
    );
    let retry = repo.zoom("retrykit/policy.py::retry", &["--depth", "2"]);
    assert_eq!(
        ids(&retry),
        [
            "retrykit/policy.py::retry",
            "retrykit/policy.py::retry::decorator",
            "retrykit/policy.py::retry::decorator::wrapper"
        ]
    );
}

#[test]
fn duplicate_names_get_numbered_ids() {
    let repo = common::empty_repo("dups");
    repo.write(
        "lib.rs",
        "#[cfg(unix)]\nfn platform() -> u8 { 1 }\n\n#[cfg(windows)]\nfn platform() -> u8 { 2 }\n",
    );
    repo.index(&[]);
    let file = repo.zoom("lib.rs", &[]);
    assert_eq!(child_ids(&file), ["lib.rs::platform", "lib.rs::platform#2"]);
    let second = repo.zoom("lib.rs::platform#2", &["--level", "source"]);
    assert_eq!(second["text"], "#[cfg(windows)]\nfn platform() -> u8 { 2 }");
}

// ---------------------------------------------------------------- overview

#[test]
fn overview_respects_budget() {
    for name in ["rust_repo", "python_repo"] {
        let repo = indexed(name);
        let mut shown = Vec::new();
        for budget in [100, 300, 1000, 5000] {
            let text = repo.run(&["overview", "--budget", &budget.to_string()]);
            let used = tokens(&text);
            assert!(
                used <= budget,
                "{name}: overview --budget {budget} printed {used} tokens:\n{text}"
            );
            assert!(text.starts_with(". (repo) [outline]\n"), "{text}");
            shown.push(
                text.lines()
                    .filter(|l| l.trim_start().starts_with("- "))
                    .count(),
            );
        }
        // More budget never shows less.
        assert!(shown.windows(2).all(|w| w[0] <= w[1]), "{name}: {shown:?}");
        // 5000 tokens hold the whole fixture.
        let text = repo.run(&["overview", "--budget", "5000"]);
        assert!(!text.contains(" more (pyramid zoom "), "{text}");
        let all = ids(&whole_tree(&repo)).len();
        assert_eq!(
            shown[3],
            all - 1,
            "{name}: every node but the root is listed"
        );
        // A small budget leaves nodes out and says how many.
        assert!(shown[0] < all - 1, "{name}: {shown:?}");
        let text = repo.run(&["overview", "--budget", "100"]);
        assert!(
            text.contains(" more (pyramid zoom ") || text.contains(" (+"),
            "{text}"
        );
        // The default budget is 1000.
        assert_eq!(
            repo.run(&["overview"]),
            repo.run(&["overview", "--budget", "1000"])
        );
    }
}

#[test]
fn overview_json_matches_budget_choice() {
    let repo = indexed("python_repo");
    let json = repo.json(&["overview", "--budget", "300"]);
    assert_schema(&json);
    assert_eq!(json["id"], ".");
    assert_eq!(json["level"], "outline");
    let text = repo.run(&["overview", "--budget", "300"]);
    for id in ids(&json) {
        if id != "." {
            assert!(text.contains(&format!("- {id}")), "{id} missing from text");
        }
    }
}

#[test]
fn overview_budget_too_small() {
    let repo = indexed("rust_repo");
    for budget in ["5", "0"] {
        let err = repo.fail(&["overview", "--budget", budget], 2);
        assert!(
            err.starts_with(&format!(
                "error: a budget of {budget} tokens is too small for the overview"
            )),
            "{err}"
        );
        // The budget suggested is the one that works.
        let suggested = err
            .split("give --budget ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("no budget suggested: {err}"));
        assert!(err.contains(&format!("needs {suggested}:")), "{err}");
        repo.run(&["overview", "--budget", suggested]);
    }
    let err = repo.fail(&["overview", "--budget=-3"], 2);
    assert!(err.contains("--budget"), "{err}");
}

/// Budgets just above the smallest that works: the root alone fits, its children do not.
#[test]
fn overview_budget_holds_when_only_the_root_fits() {
    for name in ["rust_repo", "python_repo"] {
        let repo = indexed(name);
        let err = repo.fail(&["overview", "--budget", "0"], 2);
        let needs: usize = err
            .split("root alone needs ")
            .nth(1)
            .and_then(|rest| rest.split(':').next())
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no size in: {err}"));
        let err = repo.fail(&["overview", "--budget", &(needs - 1).to_string()], 2);
        assert!(err.contains("too small"), "{err}");
        for budget in [
            needs,
            needs + 5,
            needs + 10,
            needs + 13,
            needs + 20,
            needs + 40,
        ] {
            let text = repo.run(&["overview", "--budget", &budget.to_string()]);
            let used = tokens(&text);
            assert!(
                used <= budget,
                "{name}: overview --budget {budget} printed {used} tokens:\n{text}"
            );
        }
    }
}

// ---------------------------------------------------------------- locations

#[test]
fn repo_found_from_a_subdirectory() {
    let repo = indexed("rust_repo");
    let sub = repo.path("src/store");
    let out = run_ok(pyramid().current_dir(&sub).args(["zoom", "."]));
    assert!(out.starts_with(". (repo) [outline]\n"), "{out}");
    assert_eq!(out, repo.run(&["zoom", "."]));
    let z = common::run_json(
        pyramid()
            .current_dir(&sub)
            .args(["--json", "zoom", "src/lib.rs"]),
    );
    assert_eq!(z["id"], "src/lib.rs");
    // `index` from a subdirectory updates the same index, not a new one.
    let report = common::run_json(pyramid().current_dir(&sub).args(["--json", "index"]));
    assert_eq!(report["files_reused"], 7, "{report}");
    assert!(!sub.join(".pyramid").exists());

    // Outside any indexed repository: a clear error.
    let err = run_fail(
        pyramid().current_dir(repo.tmp.path()).args(["zoom", "."]),
        1,
    );
    assert!(err.contains("no pyramid index found"), "{err}");
    assert!(err.contains("run `pyramid index`"), "{err}");
}

#[test]
fn index_path_argument() {
    let repo = common::fixture("python_repo");
    let report = common::run_json(pyramid().current_dir(repo.tmp.path()).args([
        "index",
        "python_repo",
        "--json",
    ]));
    assert_eq!(report["files_parsed"], 10);
    assert!(repo.index_dir().join("CURRENT").is_file());
}

#[test]
fn index_dir_elsewhere() {
    let repo = common::fixture("rust_repo");
    let elsewhere = tempfile::tempdir().unwrap();
    let index_dir = elsewhere.path().join("idx");
    let index_dir_s = index_dir.to_str().unwrap();

    let report = common::run_json(
        pyramid()
            .current_dir(repo.tmp.path())
            .args(["--json", "--repo"])
            .arg(&repo.root)
            .args(["--index-dir", index_dir_s, "index"]),
    );
    assert_eq!(report["files_parsed"], 7);
    assert!(index_dir.join("CURRENT").is_file());
    assert!(
        !repo.index_dir().exists(),
        "nothing written inside the repo"
    );

    // The index knows its repository: `--index-dir` alone is enough, from anywhere.
    let z = common::run_json(pyramid().current_dir(elsewhere.path()).args([
        "--json",
        "--index-dir",
        index_dir_s,
        "zoom",
        "src/config.rs::Config::load",
        "--level",
        "source",
    ]));
    assert_eq!(z["stale"], false);
    assert!(
        z["text"]
            .as_str()
            .unwrap()
            .contains("pub fn load(path: &str)")
    );
    let with_repo = common::run_json(
        pyramid()
            .current_dir(elsewhere.path())
            .args(["--json", "--repo"])
            .arg(&repo.root)
            .args([
                "--index-dir",
                index_dir_s,
                "zoom",
                "src/config.rs::Config::load",
                "--level",
                "source",
            ]),
    );
    assert_eq!(z, with_repo);
    let status = common::run_json(pyramid().current_dir(elsewhere.path()).args([
        "--json",
        "--index-dir",
        index_dir_s,
        "status",
    ]));
    assert_eq!(status["fresh"], true);
    // Incremental through the separate index too.
    let report = common::run_json(
        pyramid()
            .current_dir(elsewhere.path())
            .args(["--json", "--index-dir", index_dir_s, "--repo"])
            .arg(&repo.root)
            .arg("index"),
    );
    assert_eq!(report["files_reused"], 7);

    // The repository itself has no index.
    let err = repo.fail(&["zoom", "."], 1);
    assert!(err.contains("run `pyramid index`"), "{err}");
}

#[test]
fn index_dir_follows_a_moved_repository() {
    let repo = common::fixture("rust_repo");
    let elsewhere = tempfile::tempdir().unwrap();
    let index_dir = elsewhere.path().join("idx");
    let index = |root: &std::path::Path| {
        common::run_json(
            pyramid()
                .arg("--repo")
                .arg(root)
                .arg("--index-dir")
                .arg(&index_dir)
                .args(["--json", "index"]),
        )
    };
    index(&repo.root);
    let moved = repo.tmp.path().join("moved_repo");
    std::fs::rename(&repo.root, &moved).unwrap();
    let report = index(&moved);
    assert_eq!(
        report["files_parsed"], 0,
        "moving changes no content: {report}"
    );
    // `--index-dir` alone now reads the repository at its new place.
    let status = common::run_json(
        pyramid()
            .current_dir(elsewhere.path())
            .arg("--index-dir")
            .arg(&index_dir)
            .args(["--json", "status"]),
    );
    assert_eq!(status["fresh"], true, "{status}");
    let z = common::run_json(
        pyramid()
            .current_dir(elsewhere.path())
            .arg("--index-dir")
            .arg(&index_dir)
            .args(["--json", "zoom", "src/lib.rs", "--level", "source"]),
    );
    assert_eq!(z["stale"], false, "{z}");
}

#[test]
fn index_dir_alone_indexes_the_current_directory() {
    let repo = common::fixture("python_repo");
    let elsewhere = tempfile::tempdir().unwrap();
    let index_dir = elsewhere.path().join("python.idx");
    let report = common::run_json(
        pyramid()
            .current_dir(&repo.root)
            .arg("--index-dir")
            .arg(&index_dir)
            .args(["--json", "index"]),
    );
    assert_eq!(report["files_parsed"], 10, "{report}");
    assert!(!repo.index_dir().exists());
    let z = common::run_json(
        pyramid()
            .current_dir(elsewhere.path())
            .arg("--index-dir")
            .arg(&index_dir)
            .args(["--json", "zoom", "retrykit/policy.py::RetryPolicy::Config"]),
    );
    assert_eq!(z["kind"], "class");
    // A relative --index-dir is relative to the current directory.
    let z = common::run_json(pyramid().current_dir(elsewhere.path()).args([
        "--index-dir",
        "python.idx",
        "--json",
        "zoom",
        "tests/",
    ]));
    assert_eq!(z["kind"], "dir");
}

// ---------------------------------------------------------------- output hygiene

#[test]
fn output_is_deterministic() {
    for name in ["rust_repo", "python_repo"] {
        let a = indexed(name);
        let b = indexed(name);
        for args in [
            &["overview"][..],
            &["overview", "--budget", "300"],
            &["--json", "overview"],
            &["zoom", ".", "--depth", "64"],
            &["--json", "zoom", ".", "--depth", "64", "--level", "gist"],
        ] {
            let first = a.run(args);
            assert_eq!(first, a.run(args), "{name}: two runs of {args:?} differ");
            assert_eq!(
                first,
                b.run(args),
                "{name}: two indexes give different {args:?}"
            );
        }
        // Status names when each index was built; everything else must agree.
        let status = |repo: &Repo| {
            let first = repo.run(&["--json", "status"]);
            assert_eq!(first, repo.run(&["--json", "status"]), "{name}: status");
            let mut value: Value = serde_json::from_str(&first).expect("status is JSON");
            value["indexed_at"] = Value::Null;
            value
        };
        assert_eq!(status(&a), status(&b), "{name}: two indexes, two statuses");
        // Re-indexing (incremental and full) does not change the pyramid.
        let before = a.run(&["zoom", ".", "--depth", "64"]);
        a.index(&[]);
        assert_eq!(before, a.run(&["zoom", ".", "--depth", "64"]));
        a.index(&["--rebuild"]);
        assert_eq!(before, a.run(&["zoom", ".", "--depth", "64"]));
    }
}

#[test]
fn index_report_is_deterministic() {
    for name in ["rust_repo", "python_repo"] {
        let strip = |mut report: Value| {
            report.as_object_mut().unwrap().remove("elapsed_ms");
            report
        };
        let a = strip(fixture(name).index(&[]));
        let b = strip(fixture(name).index(&[]));
        assert_eq!(a, b, "{name}");
    }
}

#[test]
fn stdout_holds_only_the_result() {
    let repo = common::fixture("python_repo");
    for args in [
        &["--json", "index"][..],
        &["--json", "index"],
        &["--json", "status"],
        &["--json", "overview"],
        &["--json", "zoom", "retrykit/"],
        &[
            "--json",
            "zoom",
            "retrykit/policy.py::retry",
            "--level",
            "source",
        ],
    ] {
        let out = repo.cmd().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.ends_with("}\n"), "{args:?}: {stdout:?}");
        parse_one_json(&stdout);
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let repo = indexed("rust_repo");
    repo.fail(&["zoom"], 2);
    repo.fail(&["frobnicate"], 2);
    repo.fail(&["zoom", ".", "--depth", "many"], 2);
    repo.fail(&["index", "--max-file-size", "big"], 2);
    let out = pyramid().arg("--help").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("zoom"));
}

// ---------------------------------------------------------------- snapshots

/// Checks a snapshot has nothing from the machine it ran on.
fn portable(text: String, repo: &Repo) -> String {
    let tmp = repo.tmp.path().to_str().unwrap();
    assert!(!text.contains(tmp), "output contains the temp path: {text}");
    assert!(
        !text.contains("/tmp/"),
        "output contains a temp path: {text}"
    );
    text
}

fn snapshot_zooms(repo: &Repo, prefix: &str, file: &str, ty: &str) {
    {
        insta::assert_snapshot!(
            format!("{prefix}_overview"),
            portable(repo.run(&["overview"]), repo)
        );
        insta::assert_snapshot!(
            format!("{prefix}_file_outline_depth1"),
            portable(repo.run(&["zoom", file, "--depth", "1"]), repo)
        );
        insta::assert_snapshot!(
            format!("{prefix}_file_outline_depth2"),
            portable(repo.run(&["zoom", file, "--depth", "2"]), repo)
        );
        insta::assert_snapshot!(
            format!("{prefix}_type_outline_depth1"),
            portable(repo.run(&["zoom", ty, "--depth", "1"]), repo)
        );
        insta::assert_snapshot!(
            format!("{prefix}_type_outline_depth2"),
            portable(repo.run(&["zoom", ty, "--depth", "2"]), repo)
        );
        insta::assert_snapshot!(
            format!("{prefix}_tree_label"),
            portable(
                repo.run(&["zoom", ".", "--level", "label", "--depth", "64"]),
                repo
            )
        );
        insta::assert_snapshot!(
            format!("{prefix}_tree_gist"),
            portable(
                repo.run(&["zoom", ".", "--level", "gist", "--depth", "3"]),
                repo
            )
        );
        insta::assert_snapshot!(
            format!("{prefix}_file_gist"),
            portable(repo.run(&["zoom", file, "--level", "gist"]), repo)
        );
    }
}

#[test]
fn snapshots_rust() {
    let repo = indexed("rust_repo");
    snapshot_zooms(&repo, "rust", "src/config.rs", "src/config.rs::Config");
    let json = repo.zoom("src/config.rs::Config::Display", &["--depth", "1"]);
    insta::assert_snapshot!(
        "rust_zoom_impl_json",
        portable(serde_json::to_string_pretty(&json).unwrap(), &repo)
    );
}

#[test]
fn snapshots_python() {
    let repo = indexed("python_repo");
    snapshot_zooms(
        &repo,
        "python",
        "retrykit/policy.py",
        "retrykit/policy.py::RetryPolicy",
    );
    let json = repo.zoom("retrykit/policy.py::RetryPolicy::Config", &["--depth", "1"]);
    insta::assert_snapshot!(
        "python_zoom_class_json",
        portable(serde_json::to_string_pretty(&json).unwrap(), &repo)
    );
}

/// The calls the top-level help teaches name only options their commands have.
#[test]
fn the_help_teaches_options_that_exist() {
    let repo = indexed("python_repo");
    let help = repo.run(&["--help"]);
    let guide = help
        .split("To find the code a task changes")
        .nth(1)
        .expect("the help ends with the guide");
    // The options every command takes close the guide; they are hidden from each
    // command's own help, and the commands below use them all.
    let (guide, global) = guide
        .split_once("Every command takes")
        .expect("the guide names the options every command takes");
    for option in ["--repo", "--index-dir", "--json"] {
        assert!(global.contains(option), "{global}");
    }
    let mut command = "";
    let mut checked = 0;
    for line in guide.lines() {
        if let Some(rest) = line.trim_start().strip_prefix("pyramid ") {
            command = rest.split_whitespace().next().unwrap();
        }
        let options: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || matches!(c, '[' | ']' | ':' | ','))
            .filter(|word| word.starts_with('-') && word.len() > 1 && word != &"-PATTERN")
            .collect();
        if options.is_empty() {
            continue;
        }
        let sub_help = repo.run(&[command, "--help"]);
        for option in options {
            let listed = sub_help
                .lines()
                .any(|l| l.trim_start().split([',', ' ', '=']).any(|w| w == option));
            assert!(listed, "`pyramid {command}` has no {option}:\n{sub_help}");
            checked += 1;
        }
    }
    assert!(checked >= 10, "{guide}");
}
