//! Inputs at the limits: a hundred thousand functions in one file, ten thousand nested
//! directories (deeper than a path may be long), a line of hundreds of kilobytes
//! among ordinary ones, and the promise that indexing writes nothing but the index.
//! Every one is indexed or skipped with a stated reason, and every answer stays
//! within its budget.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command as StdCommand;

use common::{empty_repo, skipped, tokens};

#[test]
fn a_hundred_thousand_functions_in_one_file() {
    let repo = empty_repo("many");
    let mut text = String::from("\"\"\"A hundred thousand functions.\"\"\"\n\n");
    for i in 0..100_000 {
        text.push_str(&format!("def f{i}(x):\n    return x + {i}\n\n"));
    }
    repo.write("many.py", &text);
    repo.write("small.py", "def small():\n    return f5(1)\n");
    let report = repo.index(&["--max-file-size", "10000000"]);
    assert_eq!(report["files_parsed"], 2, "{report}");
    assert!(report["nodes"].as_u64().unwrap() > 100_000, "{report}");

    let file = repo.zoom("many.py", &["--depth", "0"]);
    assert_eq!(file["hidden_children"], 100_000, "{file}");
    let found = repo.json(&["search", "f99999", "-n", "1"]);
    assert_eq!(found[0]["id"], "many.py::f99999", "{found}");
    let source = repo.zoom("many.py::f99999", &["--level", "source"]);
    assert_eq!(source["text"], "def f99999(x):\n    return x + 99999");
    for (args, budget) in [
        (vec!["overview", "--budget", "500"], 500),
        (
            vec!["slice", "--focus", "many.py", "--budget", "3000"],
            3000,
        ),
        (vec!["gene", "small.py::small", "--budget", "2000"], 2000),
    ] {
        let out = repo.run(&args);
        assert!(
            tokens(&out) <= budget,
            "{args:?} over budget: {}",
            tokens(&out)
        );
    }
}

#[test]
fn ten_thousand_nested_directories() {
    let repo = empty_repo("nested");
    repo.write("top.py", "def top():\n    return 1\n");
    // Created one level at a time from inside, as no path may be that long.
    let made = StdCommand::new("python3")
        .current_dir(&repo.root)
        .arg("-c")
        .arg(
            "import os\n\
             for i in range(10000):\n    \
                 os.mkdir('d'); os.chdir('d')\n    \
                 if i in (10, 1000, 9999):\n        \
                     open('m.py', 'w').write(f'def level_{i}():\\n    return {i}\\n')\n",
        )
        .status()
        .expect("python3 runs");
    assert!(made.success());
    let report = repo.index(&[]);
    // What a path can reach is indexed; deeper, a stated reason, not a crash.
    let indexed = repo.json(&["search", "level", "-n", "10"]);
    let ids: Vec<&str> = indexed
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["id"].as_str())
        .filter(|id| id.contains("::level_"))
        .collect();
    assert!(ids.iter().any(|id| id.ends_with("::level_10")), "{ids:?}");
    assert!(ids.iter().any(|id| id.ends_with("::level_1000")), "{ids:?}");
    let reasons: BTreeMap<String, String> = skipped(&report).into_iter().collect();
    assert!(
        reasons.values().any(|r| r.contains("too long")),
        "the deepest file is reported: {report}"
    );
    let overview = repo.run(&["overview", "--budget", "400"]);
    assert!(tokens(&overview) <= 400);
    repo.run(&["zoom", ".", "--depth", "64"]);
}

#[test]
fn huge_single_line_files_are_skipped_with_their_reason() {
    let repo = empty_repo("one-line");
    // 4 MiB on one line: over the default size limit, and minified under a raised one.
    let statements = "x = 1; ".repeat(600_000);
    repo.write("huge.py", &statements);
    // 900 KB on one line, one definition: under the default limit, but minified.
    let call = format!("def wide(): return [{}]", "1, ".repeat(300_000));
    repo.write("wide.py", &call);
    repo.write("small.py", "def small():\n    return 1\n");

    let report = repo.index(&[]);
    let reasons = skipped(&report);
    assert_eq!(reasons.len(), 2, "{report}");
    assert_eq!(reasons[0].0, "huge.py");
    assert!(reasons[0].1.starts_with("too large"), "{reasons:?}");
    assert_eq!(reasons[1].0, "wide.py");
    assert!(reasons[1].1.starts_with("minified"), "{reasons:?}");
    assert_eq!(report["files_parsed"], 1, "{report}");

    let report = repo.index(&["--max-file-size", "8000000"]);
    let reasons = skipped(&report);
    assert_eq!(reasons.len(), 2, "{report}");
    assert!(
        reasons.iter().all(|(_, why)| why.starts_with("minified")),
        "{reasons:?}"
    );
    let search = repo.run(&["search", "small"]);
    assert!(search.starts_with("- small.py::small "), "{search}");
    let overview = repo.run(&["overview", "--budget", "300"]);
    assert!(tokens(&overview) <= 300);
}

#[test]
fn a_line_of_hundreds_of_kilobytes_among_ordinary_ones() {
    let repo = empty_repo("long");
    let mut text = String::new();
    for i in 0..1_000 {
        text.push_str(&format!("def g{i}():\n    return {i}\n\n"));
    }
    let long = "x".repeat(300_000);
    text.push_str(&format!("def blob():\n    return \"{long}\"\n"));
    repo.write("long.py", &text);
    let report = repo.index(&[]);
    assert_eq!(report["files_parsed"], 1, "{report}");
    let blob = repo.zoom("long.py::blob", &["--level", "source"]);
    assert_eq!(
        blob["text"].as_str().unwrap().len(),
        text.len() - text.find("def blob").unwrap() - 1
    );
    let gist = repo.zoom("long.py::blob", &["--level", "gist"]);
    assert!(gist["text"].as_str().unwrap().split_whitespace().count() <= 16);
    for budget in [300, 2000] {
        let b = budget.to_string();
        let slice = repo.run(&["slice", "--focus", "long.py::blob", "--budget", &b]);
        assert!(tokens(&slice) <= budget, "{}", tokens(&slice));
        let gene = repo.run(&["gene", "long.py::blob", "--budget", &b]);
        assert!(tokens(&gene) <= budget, "{}", tokens(&gene));
    }
}

#[test]
fn indexing_writes_nothing_outside_the_index_directory() {
    let repo = empty_repo("untouched");
    repo.write("a.py", "def a():\n    return 1\n");
    repo.write("pkg/b.rs", "pub fn b() -> u8 { 2 }\n");
    let before = listing(&repo.root);
    repo.index(&[]);
    repo.write("a.py", "def a():\n    return 3\n");
    let edited = listing(&repo.root);
    repo.index(&[]);
    repo.run(&["index", "--rebuild"]);
    let after = listing(&repo.root);
    assert_eq!(after, edited, "only the index directory changed");
    assert_eq!(before.len(), after.len());
}

/// Every path under `root` outside `.pyramid/` with its size and contents' length.
fn listing(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if entry.file_name() == ".pyramid" {
                continue;
            }
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                stack.push(path);
                found.insert(format!("{rel}/"), Vec::new());
            } else {
                found.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    found
}
