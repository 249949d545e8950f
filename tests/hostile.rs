//! Regressions from a hostile test of the CLI: each test is one finding, as a user met
//! it, and fails on the code that had it.

mod common;

use std::fs;

use common::{empty_repo, fixture, modify};

/// `search -n 5` once gave five nodes of one file: a file's nodes beyond its best two
/// come after every other file's best two.
#[test]
fn search_shows_other_files_before_a_files_third_node() {
    let repo = empty_repo("diverse");
    let mut big = String::new();
    for i in 0..5 {
        big.push_str(&format!(
            "def match_gitignore_{i}(path):\n    \"\"\"Match gitignore files against a path, way {i}.\"\"\"\n    return path\n\n\n"
        ));
    }
    repo.write("big.py", &big);
    repo.write(
        "walk.py",
        "def walk(root):\n    \"\"\"Walk a tree, honoring gitignore files.\"\"\"\n    return root\n",
    );
    repo.write(
        "other.py",
        "def read_ignore(path):\n    \"\"\"Read ignore files: gitignore rules matched.\"\"\"\n    return path\n",
    );
    repo.index(&[]);
    let found = repo.json(&["search", "match gitignore files", "-n", "10"]);
    let paths: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["path"].as_str().unwrap())
        .collect();
    assert_eq!(&paths[..2], ["big.py", "big.py"], "{found}");
    // Every file's first two hits, then the rest.
    let mut seen = std::collections::HashMap::new();
    let rank: Vec<usize> = paths
        .iter()
        .map(|path| {
            let n = seen.entry(*path).or_insert(0);
            *n += 1;
            *n
        })
        .collect();
    let first_third = rank
        .iter()
        .position(|&r| r > 2)
        .expect("a file's third hit");
    assert!(
        rank[first_third..].iter().all(|&r| r > 2),
        "a file's best two after another's third: {paths:?}"
    );
    for other in ["walk.py", "other.py"] {
        assert!(paths[..first_third].contains(&other), "{paths:?}");
    }
}

/// `--query-file /dev/zero` read until the memory ran out.
#[test]
fn a_query_file_is_read_up_to_its_limit() {
    let repo = fixture("rust_repo");
    repo.index(&[]);
    let huge = repo.tmp.path().join("huge.txt");
    fs::write(&huge, "config ".repeat(700_000)).unwrap();
    let err = repo.fail(&["search", "--query-file", huge.to_str().unwrap()], 2);
    assert!(err.contains("over 4 MiB"), "{err}");
    #[cfg(unix)]
    {
        let err = repo.fail(&["search", "--query-file", "/dev/zero"], 2);
        assert!(err.contains("over 4 MiB"), "{err}");
    }
    // Under the limit, a long task text is a query like any other.
    let long = repo.tmp.path().join("long.txt");
    fs::write(&long, "load the config entries ".repeat(20_000)).unwrap();
    repo.run(&["search", "--query-file", long.to_str().unwrap()]);
}

/// `search --json` with no match printed nothing: a program reading JSON gets `[]`.
#[test]
fn search_json_with_no_match_prints_an_empty_list() {
    let repo = fixture("rust_repo");
    repo.index(&[]);
    let out = repo
        .cmd()
        .args(["--json", "search", "zzqxvwk"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no node matches"));
}

/// `slice` with no task said only that QUERY was missing.
#[test]
fn slice_without_a_task_names_every_way_to_give_one() {
    let repo = fixture("rust_repo");
    repo.index(&[]);
    let err = repo.fail(&["slice"], 2);
    for way in ["QUERY", "--query-file", "--focus"] {
        assert!(err.contains(way), "{way} missing from: {err}");
    }
}

/// `--like-text ''` searched for nothing instead of saying so.
#[test]
fn empty_patterns_are_usage_errors() {
    let repo = fixture("rust_repo");
    repo.index(&[]);
    for flag in ["--like-text", "--ast", "--query"] {
        let err = repo.fail(&["pattern", flag, ""], 2);
        assert!(err.contains(flag), "{flag}: {err}");
    }
}

/// `status --max-file-size 5` listed as modified the files the next index removes; a
/// file turned into a symlink was "modified" in `status` and "removed" by `index`.
#[test]
fn status_counts_files_the_next_index_leaves_out_as_deleted() {
    let repo = fixture("rust_repo");
    repo.index(&[]);
    let status = repo.json(&["status", "--max-file-size", "5"]);
    assert_eq!(status["modified"], serde_json::json!([]), "{status}");
    let deleted = status["deleted"].as_array().unwrap();
    // Every file, code and text, is over the limit.
    assert_eq!(deleted.len(), 7, "{status}");

    #[cfg(unix)]
    {
        let lib = repo.path("src/lib.rs");
        let text = fs::read_to_string(&lib).unwrap();
        modify(&repo.path("src/lib_copy.txt"), &text);
        fs::remove_file(&lib).unwrap();
        std::os::unix::fs::symlink("lib_copy.txt", &lib).unwrap();
        let status = repo.json(&["status"]);
        assert_eq!(status["modified"], serde_json::json!([]), "{status}");
        assert_eq!(
            status["deleted"],
            serde_json::json!(["src/lib.rs"]),
            "{status}"
        );
        let report = repo.index(&[]);
        assert_eq!(report["files_removed"], 1, "{report}");
    }
}

/// `--index-dir` naming a file said "run `pyramid index --rebuild`", which failed the
/// same way.
#[test]
fn an_index_dir_that_is_a_file_says_to_name_a_directory() {
    let repo = fixture("rust_repo");
    let file = repo.tmp.path().join("not-a-dir");
    fs::write(&file, "x").unwrap();
    let file = file.to_str().unwrap();
    for args in [
        vec!["index"],
        vec!["index", "--rebuild"],
        vec!["search", "config"],
    ] {
        let mut all = vec!["--index-dir", file];
        all.extend(args);
        let err = repo.fail(&all, 1);
        assert!(err.contains("is a file, not a directory"), "{err}");
        assert!(
            err.contains("--index-dir") && !err.contains("--rebuild"),
            "{err}"
        );
    }
}

/// `zoom nope:x` outside any index said only that no index was found.
#[test]
fn an_unregistered_name_says_it_is_not_registered() {
    let config = tempfile::tempdir().unwrap();
    let err = common::run_fail(
        &mut common::with_registry(config.path(), &["zoom", "nope:x"]),
        1,
    );
    assert!(
        err.contains("`nope` is not a registered repository"),
        "{err}"
    );
    assert!(err.contains("no pyramid index found"), "{err}");
}

/// A file name holding a newline made one node print as two lines.
#[cfg(unix)]
#[test]
fn a_file_name_with_a_newline_is_skipped_with_its_name_escaped() {
    let repo = fixture("rust_repo");
    repo.write("src/two\nlines.rs", "pub fn hidden_by_name() {}\n");
    let report = repo.index(&[]);
    let skipped = common::skipped(&report);
    assert!(
        skipped
            .iter()
            .any(|(path, reason)| path == "src/two\\nlines.rs"
                && reason.contains("control character")),
        "{report}"
    );
    let out = repo
        .cmd()
        .args(["search", "hidden_by_name"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("hidden_by_name"));
    // The text report keeps one line per skipped file.
    let text = repo.run(&["index", "--rebuild"]);
    assert!(!text.contains("two\nlines"), "{text}");
}

/// `pattern --all` from a folder with no index said "no pyramid index found": the
/// registered repositories are searched, and the language is the one they share.
#[test]
fn pattern_all_needs_no_index_where_it_runs() {
    let config = tempfile::tempdir().unwrap();
    let rust = fixture("rust_repo");
    rust.index(&[]);
    let registry = |args: &[&str]| common::with_registry(config.path(), args);
    let root = rust.root.to_str().unwrap();
    common::run_ok(&mut registry(&["repos", "add", root, "--name", "rs"]));
    for how in [
        ["--ast", "$X.unwrap_or($D)"],
        ["--query", "(function_item) @f"],
        ["--like-text", "fn f(a: u8) -> u8 { a }"],
    ] {
        let mut args = vec!["pattern", "--all", "-n", "1"];
        args.extend(how);
        let found = common::run_ok(&mut registry(&args));
        assert!(found.contains("rs:src/"), "{how:?}: {found}");
    }
    // With repositories of two languages, what is missing is the language.
    let python = fixture("python_repo");
    python.index(&[]);
    let root = python.root.to_str().unwrap();
    common::run_ok(&mut registry(&["repos", "add", root, "--name", "py"]));
    let err = common::run_fail(
        &mut registry(&["pattern", "--all", "--query", "(identifier) @i"]),
        2,
    );
    assert!(
        err.contains("say which language the pattern is in: --lang, one of rust, python"),
        "{err}"
    );
    assert!(!err.contains("no pyramid index"), "{err}");
}

/// `--like-text ''` was a usage error but `--like-text '   '` searched and found
/// "nothing shaped like this example"; so for --query and --ast.
#[test]
fn patterns_of_only_whitespace_are_usage_errors() {
    let repo = fixture("rust_repo");
    repo.index(&[]);
    for flag in ["--like-text", "--ast", "--query"] {
        let err = repo.fail(&["pattern", flag, " \n\t "], 2);
        assert!(err.contains(flag), "{flag}: {err}");
        assert!(err.contains("only whitespace"), "{flag}: {err}");
    }
}

/// A repository of one small Rust file with `functions` functions of `lines` body
/// lines each, and a file too large for `--max-file-size 2000`.
fn one_file_repo(functions: usize, lines: usize) -> common::Repo {
    let repo = empty_repo("one");
    let mut code = String::new();
    for i in 0..functions {
        code.push_str(&format!("pub fn f{i}(a: u8) -> u8 {{\n"));
        for _ in 0..lines {
            code.push_str("    let a = a + 1;\n");
        }
        code.push_str("    a\n}\n\n");
    }
    repo.write("src/lib.rs", &code);
    repo.write("src/big.rs", "// big\n".repeat(400));
    repo
}

/// "1 more matches" and "… 1 more lines" under `pattern`.
#[test]
fn pattern_counts_one_more_match_and_one_more_line_in_the_singular() {
    // 13 lines a function: one more than a match shows.
    let repo = one_file_repo(2, 10);
    repo.index(&["--max-file-size", "2000"]);
    let out = repo.run(&[
        "pattern",
        "--query",
        "(function_item) @f",
        "-n",
        "1",
        "-C",
        "1",
    ]);
    assert!(out.contains("… 1 more line of the match\n"), "{out}");
    assert!(out.contains("… 1 more match (2 in all)"), "{out}");
    assert!(
        !out.contains("more lines") && !out.contains("more matches"),
        "{out}"
    );
}

/// "a budget of 1 tokens".
#[test]
fn a_budget_of_one_token_is_said_in_the_singular() {
    let repo = fixture("rust_repo");
    repo.index(&[]);
    let err = repo.fail(&["overview", "--budget", "1"], 2);
    assert!(err.contains("a budget of 1 token is too small"), "{err}");
}

/// "indexed 1 files", "skipped 1 files:", "fresh: 1 files indexed".
#[test]
fn an_index_of_one_file_says_file() {
    let repo = one_file_repo(1, 1);
    let out = repo.run(&["index", "--max-file-size", "2000"]);
    assert!(
        out.contains("indexed 1 file (1 parsed, 0 unchanged)"),
        "{out}"
    );
    assert!(out.contains("skipped 1 file:"), "{out}");
    let status = repo.run(&["status", "--max-file-size", "2000"]);
    assert!(status.starts_with("fresh: 1 file indexed"), "{status}");
}

/// "no match in 1 rust files".
#[test]
fn no_match_in_one_file_is_said_in_the_singular() {
    let repo = one_file_repo(1, 1);
    repo.index(&["--max-file-size", "2000"]);
    let err = repo.fail(&["pattern", "--query", "(struct_item) @s"], 1);
    assert!(err.contains("no match in 1 "), "{err}");
    assert!(!err.contains("files"), "{err}");
}
