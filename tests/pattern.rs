//! `pyramid pattern`: tree-sitter queries and ast-grep patterns over the fixtures.

mod common;

use common::{Repo, fixture};
use serde_json::Value;

fn indexed(name: &str) -> Repo {
    let repo = fixture(name);
    repo.index(&[]);
    repo
}

fn matches(repo: &Repo, args: &[&str]) -> Value {
    let mut all = vec!["pattern"];
    all.extend_from_slice(args);
    repo.json(&all)
}

#[test]
fn ast_patterns_capture_metavariables() {
    let repo = indexed("rust_repo");
    let found = matches(&repo, &["--ast", "$X.unwrap_or($D)"]);
    let list = found["matches"].as_array().expect("matches");
    assert_eq!(found["total"], list.len());
    let by_id: Vec<(&str, &str, &str)> = list
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap(),
                m["captures"]["X"].as_str().unwrap(),
                m["captures"]["D"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by_id,
        [(
            "src/store/mod.rs::compact",
            "writer.commit().map(|_| store.len())",
            "0"
        )],
        "`unwrap_or_default` is another method: {found}"
    );
    for m in list {
        let text = m["text"].as_str().unwrap();
        assert!(text.contains("unwrap_or("), "the matched text: {m}");
        assert!(m["span"]["start_line"].as_u64() <= m["span"]["end_line"].as_u64());
    }
    // Only files naming `unwrap_or` were parsed.
    assert_eq!(found["required_words"], serde_json::json!(["unwrap_or"]));
    assert!(found["files_matched"].as_u64().unwrap() < 4, "{found}");
}

#[test]
fn multi_metavariables_and_text_output() {
    let repo = indexed("python_repo");
    let out = repo.run(&[
        "pattern",
        "--ast",
        "def $F($$$ARGS): $$$BODY",
        "--path",
        "retrykit/util.py",
        "-n",
        "2",
        "--captures",
    ]);
    let first = out.lines().next().unwrap_or_default();
    assert!(first.starts_with("retrykit/util.py:"), "{out}");
    assert!(
        first.contains("  def "),
        "one line a match, the line it starts on: {out}"
    );
    assert!(out.contains("  $F = "), "{out}");
    assert!(out.contains("  $ARGS = "), "{out}");
    assert!(
        out.lines()
            .last()
            .unwrap_or_default()
            .contains("more matches"),
        "{out}"
    );
}

#[test]
fn queries_with_predicates() {
    let repo = indexed("python_repo");
    let query = r#"(call function: (attribute attribute: (identifier) @method) (#eq? @method "sleep")) @call"#;
    let found = matches(&repo, &["--query", query]);
    let list = found["matches"].as_array().expect("matches");
    assert!(!list.is_empty(), "{found}");
    for m in list {
        assert_eq!(m["captures"]["method"], "sleep");
        assert!(
            m["captures"]["call"].as_str().unwrap().ends_with(')'),
            "{m}"
        );
    }
    assert_eq!(found["required_words"], serde_json::json!(["sleep"]));

    // Without a literal, every Python file is matched.
    let all = matches(
        &repo,
        &[
            "--query",
            "(function_definition name: (identifier) @name)",
            "-n",
            "100",
        ],
    );
    assert_eq!(all["files_matched"], 6);
    let names: Vec<&str> = all["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["captures"]["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"delay_for") && names.contains(&"jitter"),
        "{names:?}"
    );
    // In path and position order.
    let places: Vec<(String, u64)> = all["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["path"].as_str().unwrap().to_string(),
                m["span"]["start_byte"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = places.clone();
    sorted.sort();
    assert_eq!(places, sorted);
}

#[test]
fn no_match_and_invalid_patterns() {
    let repo = indexed("python_repo");
    let err = repo.fail(&["pattern", "--ast", "frobnicate($X)"], 1);
    assert!(
        err.contains("no python file contains all of frobnicate"),
        "{err}"
    );
    let err = repo.fail(&["pattern", "--ast", "$X.delay_for($A, $B, $C)"], 1);
    assert!(err.contains("no match in "), "{err}");

    let err = repo.fail(&["pattern", "--query", "(call function: "], 2);
    assert!(
        err.contains("invalid tree-sitter query at line 1, column"),
        "{err}"
    );
    let err = repo.fail(&["pattern", "--query", "(no_such_node) @x"], 2);
    assert!(err.contains("unknown node type"), "{err}");
    let err = repo.fail(&["pattern", "--ast", "def (:"], 2);
    assert!(
        err.contains("invalid python pattern at line 1, column"),
        "{err}"
    );
    let err = repo.fail(&["pattern", "--ast", "x = 1\ny = 2"], 2);
    assert!(err.contains("several statements"), "{err}");
    let err = repo.fail(&["pattern"], 2);
    assert!(err.contains("--query") && err.contains("--ast"), "{err}");
    let err = repo.fail(&["pattern", "--ast", "$X()", "--lang", "cobol"], 2);
    assert!(err.contains("unknown language"), "{err}");
}

#[test]
fn like_finds_renamed_copies_first() {
    let repo = fixture("python_repo");
    // A copy of `RetryPolicy.delay_for` with every name and literal changed.
    repo.write(
        "retrykit/copied.py",
        "def wait_before(obj, n):\n    \"\"\"How long to wait before try ``n``.\"\"\"\n    pause = obj.factor ** n + wobble(n)\n    return min(pause, LIMIT)\n",
    );
    repo.index(&[]);
    let found = matches(
        &repo,
        &[
            "--like",
            "retrykit/policy.py::RetryPolicy::delay_for",
            "-n",
            "3",
        ],
    );
    let list = found.as_array().expect("a list");
    assert_eq!(list[0]["id"], "retrykit/copied.py::wait_before", "{found}");
    assert_eq!(list[0]["similarity"], 1.0);
    assert_eq!(list[0]["shared"], list[0]["example_shapes"]);
    assert!(
        list.iter()
            .all(|s| s["id"] != "retrykit/policy.py::RetryPolicy::delay_for")
    );
    assert!(list[1]["similarity"].as_f64() < Some(1.0));

    let from_lines = matches(&repo, &["--like-file", "retrykit/copied.py:1-4", "-n", "1"]);
    assert_eq!(from_lines[0]["similarity"], 1.0, "{from_lines}");
    assert_eq!(from_lines[0]["id"], "retrykit/copied.py::wait_before");
    let from_text = matches(
        &repo,
        &[
            "--like-text",
            "def f(a, b):\n    \"\"\"Doc.\"\"\"\n    c = a.d ** b + e(b)\n    return min(c, G)\n",
            "-n",
            "2",
        ],
    );
    let ids: Vec<&str> = from_text
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"retrykit/copied.py::wait_before"), "{ids:?}");

    let err = repo.fail(&["pattern", "--like", "retrykit/nope.py::x"], 2);
    assert!(err.contains("no node"), "{err}");
    let err = repo.fail(&["pattern", "--like-file", "retrykit/policy.py:9-3"], 2);
    assert!(err.contains("PATH:START-END"), "{err}");
}

#[test]
fn literals_of_optional_parts_do_not_rule_files_out() {
    let repo = indexed("python_repo");
    // The second pattern names a word no file holds; the first still matches.
    let several =
        r#"((identifier) @a (#eq? @a "jitter")) ((identifier) @b (#eq? @b "zzz_nowhere"))"#;
    let found = matches(&repo, &["--query", several]);
    assert!(found["total"].as_u64() > Some(0), "{found}");
    assert_eq!(found["required_words"], serde_json::json!([]));

    // A capture of several nodes spans them all.
    let query = r#"(call function: (identifier) @f (#eq? @f "min") arguments: (argument_list (identifier) @args (identifier) @args))"#;
    let found = matches(&repo, &["--query", query]);
    let list = found["matches"].as_array().expect("matches");
    assert_eq!(list.len(), 1, "{found}");
    assert_eq!(list[0]["captures"]["args"], "delay, MAX_DELAY");
    assert_eq!(list[0]["id"], "retrykit/policy.py::RetryPolicy::delay_for");
}

/// The child process the MCP server compiles a query in first (`__check-query`): it
/// exits 0 for a query that compiles and 2 (a bad argument) with the reason for one
/// that does not.
#[test]
fn the_query_checker_says_whether_a_query_compiles() {
    let check = |lang: &str, query: &str| {
        common::pyramid()
            .timeout(common::HANG)
            .args(["__check-query", "--lang", lang])
            .write_stdin(query)
            .output()
            .unwrap()
    };
    let good = check("python", "(call function: (identifier) @f)");
    assert!(good.status.success(), "{good:?}");
    assert!(good.stdout.is_empty());
    for (lang, bad, why) in [
        ("rust", "(call_expression", "syntax error"),
        ("python", "((#eq? @a \"x\")) @c", "must hold a node pattern"),
        ("python", "(call) @c (#eq? @c \"x\"\0)", "NUL"),
    ] {
        let out = check(lang, bad);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {stderr}");
        assert!(stderr.contains(why), "{bad}: {stderr}");
    }
    let hidden = common::pyramid().arg("--help").output().unwrap();
    assert!(!String::from_utf8_lossy(&hidden.stdout).contains("__check-query"));
}

#[test]
fn one_line_a_match_context_when_asked_and_loose_predicates_warned() {
    let repo = indexed("python_repo");
    // One line a match: where, then the whole line it starts on.
    let out = repo.run(&["pattern", "--ast", "time.sleep($D)"]);
    let first = out.lines().next().unwrap_or_default();
    assert_eq!(first, "retrykit/policy.py:54  time.sleep(seconds)", "{out}");
    assert!(!out.contains("$D = "), "{out}");
    // With -C, the lines around it, numbered; `:` marks the match.
    let out = repo.run(&["pattern", "--ast", "time.sleep($D)", "-C", "2", "-n", "1"]);
    let file = repo.read_string("retrykit/policy.py");
    let lines: Vec<&str> = file.lines().collect();
    let expected: Vec<String> = (52..=56)
        .map(|n| format!("{n}{} {}", if n == 54 { ':' } else { '-' }, lines[n - 1]))
        .collect();
    let shown: Vec<&str> = out.lines().skip(1).take(5).collect();
    assert_eq!(shown, expected, "{out}");
    // A predicate outside its pattern filters nothing: said on stderr.
    let assert = repo
        .cmd()
        .args([
            "pattern",
            "--query",
            "(call function: (attribute attribute: (identifier) @m)) @c (#eq? @m \"sleep\")",
        ])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("warning: the predicate `(#eq? @m \"sleep\")` stands outside any pattern"),
        "{stderr}"
    );
    // Too much context is a usage error.
    repo.fail(&["pattern", "--ast", "time.sleep($D)", "-C", "101"], 2);
}
