//! On real code that exists on every machine: the Python standard library and the
//! Rust sources of this project's dependencies. Indexing succeeds, re-indexing is
//! incremental to the file, `source` is byte-exact, and genes hold the helpers their
//! exemplars call.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use serde_json::Value;

fn pyramid(repo: &Path, args: &[&str]) -> Value {
    let output = Command::cargo_bin("pyramid")
        .expect("binary is built")
        .arg("--repo")
        .arg(repo)
        .arg("--json")
        .args(args)
        .output()
        .expect("pyramid runs");
    assert!(
        output.status.success(),
        "pyramid {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON value")
}

/// Copies the files with one of `extensions` from `from` into `to`, skipping `skip` dirs.
fn copy_tree(from: &Path, to: &Path, extensions: &[&str], skip: &[&str]) -> usize {
    let mut copied = 0;
    let mut stack = vec![from.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("readable dir").flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if !skip.contains(&name.as_str()) {
                    stack.push(path);
                }
            } else if kind.is_file() && extensions.iter().any(|e| name.ends_with(e)) {
                let target = to.join(path.strip_prefix(from).expect("inside"));
                fs::create_dir_all(target.parent().expect("has parent")).expect("mkdir");
                fs::copy(&path, &target).expect("copy");
                copied += 1;
            }
        }
    }
    copied
}

fn stdlib() -> PathBuf {
    let out = StdCommand::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .expect("python3 is installed on every machine of this project");
    PathBuf::from(String::from_utf8(out.stdout).expect("utf-8").trim())
}

/// Checks the three incremental cases of a freshly copied repository.
fn check_incremental(repo: &Path, changed_file: &str, comment: &str) {
    let first = pyramid(repo, &["index"]);
    let parsed = first["files_parsed"].as_u64().expect("count");
    assert!(parsed > 100, "indexed only {parsed} files");
    let second = pyramid(repo, &["index"]);
    assert_eq!(second["files_parsed"], 0, "a no-change run parses nothing");
    assert_eq!(second["files_reused"].as_u64(), Some(parsed));
    let path = repo.join(changed_file);
    let mut text = fs::read_to_string(&path).expect("readable");
    text.push_str(comment);
    fs::write(&path, text).expect("writable");
    let third = pyramid(repo, &["index"]);
    assert_eq!(
        third["files_parsed"], 1,
        "exactly the changed file is parsed again"
    );
}

#[test]
fn python_standard_library() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let repo = tmp.path().join("stdlib");
    let copied = copy_tree(
        &stdlib(),
        &repo,
        &[".py"],
        &["site-packages", "__pycache__"],
    );
    assert!(
        copied > 1000,
        "the standard library has over 1,000 modules, found {copied}"
    );
    check_incremental(&repo, "json/decoder.py", "\n# changed\n");

    // The source level is byte-exact: compare with Python's own parser's line range.
    let file = "textwrap.py";
    let node = pyramid(
        &repo,
        &[
            "zoom",
            "textwrap.py::TextWrapper::wrap",
            "--level",
            "source",
            "--depth",
            "0",
        ],
    );
    let oracle = StdCommand::new("python3")
        .arg("-c")
        .arg(
            "import ast,sys; t=ast.parse(open(sys.argv[1]).read()); \
             c=[n for n in t.body if isinstance(n, ast.ClassDef) and n.name=='TextWrapper'][0]; \
             m=[n for n in c.body if isinstance(n, ast.FunctionDef) and n.name=='wrap'][0]; \
             print(m.lineno, m.end_lineno)",
        )
        .arg(repo.join(file))
        .output()
        .expect("python3 runs");
    let lines = String::from_utf8(oracle.stdout).expect("utf-8");
    let (start, end): (usize, usize) = {
        let mut it = lines.split_whitespace().map(|n| n.parse().expect("number"));
        (it.next().expect("start"), it.next().expect("end"))
    };
    let content = fs::read_to_string(repo.join(file)).expect("readable");
    let expected: Vec<&str> = content
        .lines()
        .skip(start - 1)
        .take(end - start + 1)
        .collect();
    let text = node["text"].as_str().expect("text");
    assert_eq!(text.trim_start(), expected.join("\n").trim_start());
    let span = &node["span"];
    let (a, b) = (
        span["start_byte"].as_u64().unwrap() as usize,
        span["end_byte"].as_u64().unwrap() as usize,
    );
    assert_eq!(text, &content[a..b]);

    // The gene of a method holds the helpers it calls, and tests that exercise it.
    let gene = pyramid(&repo, &["gene", "textwrap.py::TextWrapper::wrap"]);
    let parts = ids(&gene["parts"]);
    for helper in [
        "_split_chunks",
        "_munge_whitespace",
        "_split",
        "_fix_sentence_endings",
        "_wrap_chunks",
        "_handle_long_word",
        "__init__",
    ] {
        let id = format!("textwrap.py::TextWrapper::{helper}");
        assert!(parts.contains(&id), "{id} missing from {parts:?}");
    }
    assert!(
        ids(&gene["tests"])
            .iter()
            .any(|t| t.starts_with("test/test_textwrap.py::")),
        "{:?}",
        gene["tests"]
    );
    // A function's module-level helpers come with it.
    let gene = pyramid(&repo, &["gene", "textwrap.py::dedent"]);
    let parts = ids(&gene["parts"]);
    for helper in ["_whitespace_only_re", "_leading_whitespace_re"] {
        let id = format!("textwrap.py::{helper}");
        assert!(parts.contains(&id), "{id} missing from {parts:?}");
    }
}

/// The ids of a JSON list of parts.
fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|p| p["id"].as_str().expect("an id").to_string())
        .collect()
}

#[test]
fn a_large_rust_crate() {
    let registry = PathBuf::from(
        std::env::var("CARGO_HOME")
            .unwrap_or_else(|_| format!("{}/.cargo", std::env::var("HOME").expect("HOME is set"))),
    )
    .join("registry/src");
    // tantivy is a dependency of this project, so its sources are there after a build.
    let crate_dir = fs::read_dir(&registry)
        .expect("the cargo registry exists after a build")
        .flatten()
        .flat_map(|index| fs::read_dir(index.path()).into_iter().flatten().flatten())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("tantivy-0."))
        })
        .max()
        .expect("tantivy's sources are in the registry");
    let tmp = tempfile::tempdir().expect("tempdir");
    let repo = tmp.path().join("tantivy");
    copy_tree(&crate_dir, &repo, &[".rs"], &["target"]);
    check_incremental(&repo, "src/lib.rs", "\n// changed\n");

    let node = pyramid(
        &repo,
        &[
            "zoom",
            "src/indexer/index_writer.rs::IndexWriter::commit",
            "--level",
            "source",
            "--depth",
            "0",
        ],
    );
    assert_eq!(node["kind"], "method");
    let text = node["text"].as_str().expect("text");
    let content = fs::read_to_string(repo.join("src/indexer/index_writer.rs")).expect("readable");
    let span = &node["span"];
    let (a, b) = (
        span["start_byte"].as_u64().unwrap() as usize,
        span["end_byte"].as_u64().unwrap() as usize,
    );
    assert_eq!(text, &content[a..b]);
    // The method's doc comment is part of its source; the body closes it.
    assert!(text.trim_start().starts_with("///"), "{text}");
    assert!(text.contains("pub fn commit(&mut self)"), "{text}");
    assert!(text.ends_with('}'));
    assert_eq!(text.matches('{').count(), text.matches('}').count());

    // Its gene holds the method it delegates to and the type that returns, and
    // tests from its own file.
    let gene = pyramid(
        &repo,
        &["gene", "src/indexer/index_writer.rs::IndexWriter::commit"],
    );
    let parts = ids(&gene["parts"]);
    for id in [
        "src/indexer/index_writer.rs::IndexWriter::prepare_commit",
        "src/indexer/index_writer.rs::IndexWriter",
        "src/indexer/prepared_commit.rs::PreparedCommit",
    ] {
        assert!(
            parts.contains(&id.to_string()),
            "{id} missing from {parts:?}"
        );
    }
    assert!(
        ids(&gene["tests"])
            .iter()
            .any(|t| t.starts_with("src/indexer/index_writer.rs::tests::")),
        "{:?}",
        gene["tests"]
    );
    assert!(gene["tokens"].as_u64().unwrap() <= 6000);
}
