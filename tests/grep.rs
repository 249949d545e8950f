//! `grep`: matching lines of the indexed files under the innermost definition holding
//! them, numbered as in the file; on the CLI (text and `--json`) and over MCP.

use std::collections::BTreeMap;

mod common;

#[path = "common/mcp_client.rs"]
mod mcp_client;

use common::{Repo, empty_repo, fixture};
use mcp_client::{answer, connect, refusal};
use serde_json::{Value, json};

fn indexed() -> Repo {
    let repo = fixture("python_repo");
    repo.index(&[]);
    repo
}

/// Every line a result shows is the file's own line at that number.
fn assert_lines_are_the_files(repo: &Repo, result: &Value) {
    for block in result["blocks"].as_array().unwrap() {
        let path = block["path"].as_str().unwrap();
        let text = repo.read_string(path);
        for line in block["lines"].as_array().unwrap() {
            let n = line["line"].as_u64().unwrap() as usize;
            assert_eq!(line["text"], text.lines().nth(n - 1).unwrap(), "{path}:{n}");
        }
    }
}

#[test]
fn matching_lines_sit_under_the_definition_holding_them() {
    let repo = indexed();
    let result = repo.json(&["grep", r"return DEFAULT_\w+"]);
    assert_lines_are_the_files(&repo, &result);
    let blocks = result["blocks"].as_array().unwrap();
    assert_eq!(result["total"], 2, "{result:#}");
    assert!(
        blocks
            .iter()
            .all(|b| b["within"] == "retrykit/util.py::load_attempts")
    );
    assert!(blocks.iter().all(|b| b["kind"] == "function"));

    // The definition's lines, as `zoom` has them.
    let span = repo.zoom("retrykit/util.py::load_attempts", &[])["span"].clone();
    let [first, last] = ["start_line", "end_line"].map(|end| span[end].as_u64().unwrap());
    assert!(blocks.iter().all(|b| b["span"] == json!([first, last])));

    let text = repo.run(&["grep", r"return DEFAULT_\w+"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        format!("retrykit/util.py::load_attempts L{first}-{last}"),
        "{text}"
    );
    // Numbered as in the file, trimmed, the heading said once.
    let file = repo.read_string("retrykit/util.py");
    let n = file
        .lines()
        .position(|l| l.contains("return DEFAULT_ATTEMPTS"))
        .unwrap()
        + 1;
    assert_eq!(lines[1], format!("{n}: return DEFAULT_ATTEMPTS"), "{text}");
    assert_eq!(lines.len(), 3, "{text}");
}

#[test]
fn literal_text_case_and_paths() {
    let repo = indexed();
    // `(` is literal with -F; a regular expression it would not compile.
    let literal = repo.json(&["grep", "-F", "open(path)"]);
    assert_eq!(literal["total"], 1, "{literal:#}");
    let err = repo.fail(&["grep", "open(path"], 2);
    assert!(
        err.contains("regular expression") && err.contains("literal"),
        "{err}"
    );

    // Case counts unless -i: nothing matches (exit 1).
    repo.fail(&["grep", "-F", "retrypolicy"], 1);
    let insensitive = repo.json(&["grep", "-F", "-i", "retrypolicy"]);
    assert!(insensitive["total"].as_u64().unwrap() > 0);

    let only_tests = repo.json(&["grep", "RetryPolicy", "--path", "tests/"]);
    let blocks = only_tests["blocks"].as_array().unwrap();
    assert!(!blocks.is_empty());
    assert!(
        blocks
            .iter()
            .all(|b| b["path"].as_str().unwrap().starts_with("tests/"))
    );
    // As grep and rg take them: paths after the pattern, all arguments paths after -e;
    // `--path` repeated keeps a file matching any.
    let paths = |result: &serde_json::Value| -> std::collections::BTreeSet<String> {
        (result["blocks"].as_array().unwrap().iter())
            .map(|b| {
                b["path"]
                    .as_str()
                    .unwrap()
                    .split('/')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let both = ["retrykit".to_string(), "tests".to_string()].into();
    let positional = repo.json(&["grep", "RetryPolicy", "tests/", "retrykit/"]);
    assert_eq!(paths(&positional), both, "{positional:#}");
    let after_e = repo.json(&[
        "grep",
        "-e",
        "RetryPolicy",
        "-e",
        "nothing_like_it",
        "tests/",
        "retrykit/",
    ]);
    assert_eq!(paths(&after_e), both, "{after_e:#}");
    let repeated = repo.json(&[
        "grep",
        "RetryPolicy",
        "--path",
        "tests/",
        "--path",
        "retrykit/",
    ]);
    assert_eq!(paths(&repeated), both, "{repeated:#}");
    let err = repo.fail(
        &[
            "grep",
            "x",
            "--path",
            "retrykit/policy.py::jitter",
            "tests/",
        ],
        2,
    );
    assert!(err.contains("give one id"), "{err}");
}

#[test]
fn context_lines_are_numbered_and_marked() {
    let repo = indexed();
    let result = repo.json(&["grep", "-F", "exist_ok=True", "-C", "2"]);
    assert_lines_are_the_files(&repo, &result);
    let lines = result["blocks"][0]["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 5, "{result:#}");
    let marks: Vec<bool> = lines
        .iter()
        .map(|l| l["matched"].as_bool().unwrap())
        .collect();
    assert_eq!(marks, [false, false, true, false, false]);
    let text = repo.run(&["grep", "-F", "exist_ok=True", "-C", "2"]);
    let matched = lines[2]["line"].as_u64().unwrap();
    assert!(
        text.contains(&format!("\n{matched}:     os.makedirs(")),
        "{text}"
    );
    assert!(text.contains(&format!("\n{}-", matched + 1)), "{text}");
    repo.fail(&["grep", "x", "-C", "101"], 2);
}

#[test]
fn groups_of_one_definition_share_its_header_and_are_parted_by_a_break() {
    let repo = fixture("rust_repo");
    repo.index(&[]);
    let args = [
        "grep",
        r"Store::open|Ok\(config\)",
        "-C",
        "1",
        "--path",
        "src/config.rs",
    ];
    let result = repo.json(&args);
    let blocks = result["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 2, "{result:#}");
    assert!(
        blocks
            .iter()
            .all(|b| b["within"] == "src/config.rs::Config::load")
    );
    let text = repo.run(&args);
    assert_eq!(
        text.matches("src/config.rs::Config::load L").count(),
        1,
        "{text}"
    );
    assert!(text.contains("\n--\n"), "{text}");
}

#[test]
fn a_pattern_that_starts_with_a_dash_is_given_with_e() {
    let repo = fixture("rust_repo");
    repo.index(&[]);
    let with_e = repo.json(&["grep", "-F", "-e", "-> Result<", "--path", "src/config.rs"]);
    assert_eq!(with_e["total"], 2, "{with_e:#}");
    let plain = repo.json(&["grep", "-F", "> Result<", "--path", "src/config.rs"]);
    assert_eq!(with_e, plain);
    repo.fail(&["grep"], 2);
}

#[test]
fn a_path_that_is_a_definitions_id_keeps_its_lines_only() {
    let repo = fixture("rust_repo");
    repo.index(&[]);
    let whole = repo.json(&["grep", r"self\.", "--path", "src/config.rs"]);
    let id = "src/config.rs::Config::save";
    let within = repo.json(&["grep", r"self\.", "--path", id]);
    let blocks = within["blocks"].as_array().unwrap();
    assert!(!blocks.is_empty(), "{within:#}");
    assert!(blocks.iter().all(|b| b["within"] == id), "{within:#}");
    // The same lines as the whole file's search shows under that definition.
    let lines = |result: &Value| -> Vec<u64> {
        result["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["within"] == id)
            .flat_map(|b| b["lines"].as_array().unwrap().clone())
            .map(|l| l["line"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(lines(&within), lines(&whole));
    assert!(within["total"].as_u64() < whole["total"].as_u64());
    let err = repo.fail(&["grep", "x", "--path", "src/config.rs::Nothing"], 2);
    assert!(err.contains("no node"), "{err}");
}

#[test]
fn no_match_says_how_many_files_were_searched_and_what_kept_them() {
    let repo = indexed();
    let all = repo.fail(&["grep", "no_such_text_anywhere"], 1);
    assert!(all.contains("no line matches in the "), "{all}");
    assert!(!all.contains("keep"), "{all}");
    let some = repo.fail(&["grep", "no_such_text_anywhere", "--path", "retrykit/"], 1);
    assert!(some.contains("(those --path and --exclude keep)"), "{some}");
    // A filter that keeps no file at all says so, and how globs match.
    let none = repo.fail(&["grep", "def ", "--path", "lib/*.py"], 1);
    assert!(
        none.starts_with("no indexed file is kept by those --path and --exclude"),
        "{none}"
    );
    assert!(none.contains("`src/**/*.rs`"), "{none}");
    // And what the top level holds, to aim the next try.
    assert!(
        none.contains("the top level holds ") && none.contains(" retrykit/ "),
        "{none}"
    );
}

#[test]
fn a_limit_counts_everything_and_says_how_to_see_more() {
    let repo = indexed();
    let all = repo.json(&["grep", "def "]);
    let total = all["total"].as_u64().unwrap();
    assert!(total > 3);
    let two = repo.json(&["grep", "def ", "-m", "2"]);
    assert_eq!(two["total"].as_u64().unwrap(), total);
    let shown: usize = two["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["lines"].as_array().unwrap().len())
        .sum();
    assert_eq!(shown, 2);
    let text = repo.run(&["grep", "def ", "-m", "2"]);
    assert!(
        text.trim_end()
            .ends_with("raise --limit or narrow with --path"),
        "{text}"
    );
    assert!(text.contains(&format!("({total} in ")), "{text}");
}

#[test]
fn a_file_changed_since_indexing_is_searched_as_it_is_now() {
    let repo = indexed();
    let old = repo.read_string("retrykit/util.py");
    repo.write("retrykit/util.py", format!("# fresh_marker\n{old}"));
    let out = repo
        .cmd()
        .args(["--json", "grep", "fresh_marker"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let result: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["blocks"][0]["lines"][0]["line"], 1);
    assert_eq!(result["blocks"][0]["within"], "retrykit/util.py");
    assert_eq!(result["stale"], json!(["retrykit/util.py"]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pyramid index"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mcp_grep_answers_as_the_cli_prints() {
    let repo = indexed();
    let cli = repo.run(&["grep", r"return DEFAULT_\w+", "-C", "1"]);
    let client = connect(&repo).await;
    let mcp = answer(
        &client,
        "grep",
        json!({"pattern": r"return DEFAULT_\w+", "context": 1}),
    )
    .await;
    assert!(mcp.contains(cli.trim_end()), "MCP:\n{mcp}\nCLI:\n{cli}");
    let literal = answer(
        &client,
        "grep",
        json!({"pattern": "open(path)", "fixed": true}),
    )
    .await;
    assert!(literal.contains("open(path)"), "{literal}");
    // More patterns with `also`, as the command line's repeated -e.
    let cli_any = repo.run(&["grep", "-F", "-e", "open(path)", "-e", "retry_policy_free"]);
    let any = json!({"pattern": "open(path)", "also": ["retry_policy_free"], "fixed": true});
    let mcp_any = answer(&client, "grep", any).await;
    assert!(
        mcp_any.contains(cli_any.trim_end()),
        "MCP:\n{mcp_any}\nCLI:\n{cli_any}"
    );
    assert!(mcp_any.contains("retry_policy_free") && mcp_any.contains("open(path)"));
    let cli_defs = repo.run(&["grep", "def ", "--defs"]);
    let mcp_defs = answer(&client, "grep", json!({"pattern": "def ", "defs": true})).await;
    assert!(
        mcp_defs.contains(cli_defs.trim_end()),
        "MCP:\n{mcp_defs}\nCLI:\n{cli_defs}"
    );
    let both = json!({"pattern": "def ", "defs": true, "files_only": true});
    let refused = refusal(&client, "grep", both).await;
    assert!(refused.contains("`defs` and `files_only`"), "{refused}");
    let bad = refusal(&client, "grep", json!({"pattern": "open(path"})).await;
    assert!(bad.contains("regular expression"), "{bad}");
    let none = refusal(&client, "grep", json!({"pattern": "no_such_text_anywhere"})).await;
    assert!(none.contains("no line matches"), "{none}");
    assert!(!none.contains("keep"), "{none}");
    let scoped = json!({"pattern": "no_such_text_anywhere", "path": "retrykit/"});
    let none_there = refusal(&client, "grep", scoped).await;
    assert!(
        none_there.contains("(those `path` and `exclude` keep)"),
        "{none_there}"
    );
    // `not` as the command line's --not.
    let cli_not = repo.run(&["grep", "-F", "retry_policy", "--not", "retry_policy_free"]);
    let not = json!({"pattern": "retry_policy", "not": ["retry_policy_free"], "fixed": true});
    let mcp_not = answer(&client, "grep", not).await;
    assert!(
        mcp_not.contains(cli_not.trim_end()),
        "MCP:\n{mcp_not}\nCLI:\n{cli_not}"
    );
    // `files_only` as -l.
    let cli_files = repo.run(&["grep", "-l", "def "]);
    let mcp_files = answer(
        &client,
        "grep",
        json!({"pattern": "def ", "files_only": true}),
    )
    .await;
    assert!(
        mcp_files.contains(cli_files.trim_end()),
        "MCP:\n{mcp_files}\nCLI:\n{cli_files}"
    );
    // `max_per_def` as --max-per-def, said in the tool's words.
    let cli_capped = repo.run(&["grep", "def |return", "--max-per-def", "1"]);
    let capped = json!({"pattern": "def |return", "max_per_def": 1});
    let mcp_capped = answer(&client, "grep", capped).await;
    let cli_words = cli_capped.replace("(all with --path ", "(all with `path` ");
    assert!(
        mcp_capped.contains(cli_words.lines().next().unwrap())
            && mcp_capped.contains("with `path` "),
        "MCP:\n{mcp_capped}\nCLI:\n{cli_capped}"
    );
    let all_out = json!({"pattern": "retry_policy_free", "not": ["free"], "fixed": true});
    let all_out = refusal(&client, "grep", all_out).await;
    assert!(
        all_out.contains("left out by `not`") && !all_out.contains("check the pattern"),
        "{all_out}"
    );
    // `function_context` and `code_only` as -W and --code-only.
    let cli_whole = repo.run(&["grep", "-W", "--code-only", "return DEFAULT_ATTEMPTS"]);
    let whole =
        json!({"pattern": "return DEFAULT_ATTEMPTS", "function_context": true, "code_only": true});
    let mcp_whole = answer(&client, "grep", whole).await;
    assert!(
        mcp_whole.contains(cli_whole.trim_end()),
        "MCP:\n{mcp_whole}\nCLI:\n{cli_whole}"
    );
    let wide = refusal(&client, "grep", json!({"pattern": "x", "context": 101})).await;
    assert!(wide.contains("context"), "{wide}");
}

#[test]
fn text_files_that_are_no_code_are_grepped_and_read_by_line_range() {
    let repo = indexed();
    let result = repo.json(&["grep", "-F", "RetryPolicy", "--path", "README.md"]);
    assert_lines_are_the_files(&repo, &result);
    let block = &result["blocks"][0];
    assert_eq!(block["within"], "README.md::retrykit", "{result:#}");
    assert_eq!(block["kind"], "section");
    // Read by line range, numbered as in the file.
    let out = repo.run(&["zoom", "pyproject.toml:1-2"]);
    let file = repo.read_string("pyproject.toml");
    let first: Vec<&str> = file.lines().take(2).collect();
    assert_eq!(
        out.lines().skip(1).collect::<Vec<_>>(),
        [format!("1\t{}", first[0]), format!("2\t{}", first[1])],
        "{out}"
    );
}

#[test]
fn line_ranges_never_read_outside_the_repository_or_the_index() {
    let repo = indexed();
    std::fs::write(repo.tmp.path().join("secret.md"), "top secret\n").unwrap();
    let err = repo.fail(&["zoom", "../secret.md:1-1"], 2);
    assert!(!err.contains("top secret"), "{err}");
    std::fs::write(repo.index_dir().join("notes.json"), "{\"secret\": 1}\n").unwrap();
    let err = repo.fail(&["zoom", ".pyramid/notes.json:1-1"], 2);
    assert!(!err.contains("secret\""), "{err}");
    // grep does not look into the index either.
    repo.fail(&["grep", "-F", "\"secret\""], 1);
}

#[test]
fn count_says_how_many_lines_each_file_and_definition_holds() {
    let repo = indexed();
    let lines = repo.json(&["grep", r"return DEFAULT_\w+"]);
    let counted = repo.json(&["grep", r"return DEFAULT_\w+", "--count"]);
    assert_eq!(counted["total"], lines["total"]);
    assert!(
        counted
            .get("blocks")
            .is_none_or(|b| b.as_array().unwrap().is_empty())
    );
    let file = &counted["counts"][0];
    assert_eq!(file["path"], "retrykit/util.py");
    assert_eq!(file["lines"], 2);
    // With the lines the definition spans, as `zoom` has them.
    let span = repo.zoom("retrykit/util.py::load_attempts", &[])["span"].clone();
    let (first, last) = (
        span["start_line"].as_u64().unwrap(),
        span["end_line"].as_u64().unwrap(),
    );
    assert_eq!(
        file["within"],
        json!([["retrykit/util.py::load_attempts", 2, [first, last]]])
    );
    let text = repo.run(&["grep", r"return DEFAULT_\w+", "-c"]);
    assert_eq!(
        text,
        format!(
            "retrykit/util.py  2 lines: load_attempts L{first}-{last} (2)\n2 lines in 1 file\n"
        )
    );
    // The limit counts files: the rest is named with the call that lists them.
    let all = repo.json(&["grep", "def ", "-c"]);
    let files = all["files"].as_u64().unwrap();
    assert!(files > 1);
    let one = repo.run(&["grep", "def ", "-c", "-m", "1"]);
    assert!(one.contains(&format!("… {} more file", files - 1)), "{one}");
    // Five definitions a file, the rest named by the call that lists them all: the same
    // count about that file alone.
    let busy = busy_file(&all);
    let path = busy["path"].as_str().unwrap();
    let text = repo.run(&["grep", "def ", "-c"]);
    let call = format!("more (all with --path {path}, or --defs)");
    assert!(text.contains(&call), "{text}");
    let alone = repo.run(&["grep", "def ", "-c", "--path", path]);
    let named = alone.lines().next().unwrap().matches(" (").count();
    assert_eq!(named, busy["within"].as_array().unwrap().len(), "{alone}");
}

/// A file of a `--count` answer with more definitions holding a match than a file's
/// line names (five).
fn busy_file(counted: &Value) -> &Value {
    counted["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["within"].as_array().unwrap().len() > 5)
        .expect("a file with more than five definitions matching `def `")
}

#[test]
fn defs_lists_every_definition_holding_a_match_one_a_line() {
    let repo = indexed();
    let counted = repo.json(&["grep", "def ", "-c"]);
    let busy = busy_file(&counted);
    let path = busy["path"].as_str().unwrap();
    let text = repo.run(&["grep", "def ", "--defs"]);
    assert!(
        !text.contains("more (all with"),
        "every definition, not five: {text}"
    );
    // The file's header, then each definition on a line of its own, most matches first.
    let within = busy["within"].as_array().unwrap();
    let mut lines = text.lines().skip_while(|l| !l.starts_with(path));
    let header = lines.next().unwrap();
    assert_eq!(
        header,
        format!(
            "{path}  {} lines in {} definitions:",
            busy["lines"],
            within.len()
        )
    );
    for (line, definition) in lines.zip(within) {
        let id = definition[0].as_str().unwrap();
        let name = id
            .strip_prefix(&format!("{path}::"))
            .unwrap_or("(top level)");
        let n = &definition[1];
        match definition[2].as_array() {
            Some(span) => assert_eq!(line, format!("  {name} L{}-{} ({n})", span[0], span[1])),
            None => assert_eq!(line, format!("  {name} ({n})")),
        }
    }
    // A file's lines outside any definition are its top level.
    let init = "retrykit/__init__.py";
    let top = repo.json(&["grep", "--defs", "-i", "retry", "--path", init]);
    let lines = top["counts"][0]["lines"].clone();
    assert_eq!(top["counts"][0]["within"][0][0], init, "{top:#}");
    let text = repo.run(&["grep", "--defs", "-i", "retry", "--path", init]);
    let expected = format!("{init}  {lines} lines at the top level:\n  (top level) ({lines})\n");
    assert!(text.starts_with(&expected), "{text}");
    // The same answer as --count in JSON, and no answer with -l.
    assert_eq!(repo.json(&["grep", "def ", "--defs"]), counted);
    repo.fail(&["grep", "def ", "-l", "--defs"], 2);
}

#[test]
fn files_with_matches_lists_the_files_count_lists() {
    let repo = indexed();
    let counted = repo.json(&["grep", "def ", "-c"]);
    let listed = repo.json(&["grep", "def ", "-l"]);
    let files = |result: &Value| -> Vec<(String, u64)> {
        result["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().unwrap().to_string(),
                    f["lines"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert!(files(&listed).len() > 1);
    assert_eq!(files(&listed), files(&counted));
    assert_eq!(listed["total"], counted["total"]);
    // A line a file, without its definitions.
    let text = repo.run(&["grep", "def ", "--files-with-matches"]);
    let (path, lines) = &files(&listed)[0];
    assert!(
        text.starts_with(&format!("{path}  {lines} lines\n")),
        "{text}"
    );
    assert!(!text.contains(" L"), "{text}");
    repo.fail(&["grep", "def ", "-l", "-c"], 2);
}

#[test]
fn exclude_leaves_out_paths_by_glob_or_prefix() {
    let repo = indexed();
    let all = repo.json(&["grep", "-F", "RetryPolicy", "-c"]);
    let paths = |result: &Value| -> Vec<String> {
        result["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["path"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(paths(&all).iter().any(|p| p.starts_with("tests/")));
    assert!(paths(&all).iter().any(|p| p.ends_with(".md")));
    let some = repo.json(&[
        "grep",
        "-F",
        "RetryPolicy",
        "-c",
        "--exclude",
        "tests/",
        "--exclude",
        "*.md",
    ]);
    let kept = paths(&some);
    assert!(!kept.is_empty());
    assert!(
        kept.iter()
            .all(|p| !p.starts_with("tests/") && !p.ends_with(".md")),
        "{kept:?}"
    );
}

#[test]
fn a_text_file_zooms_to_its_headings_with_their_lines() {
    let repo = indexed();
    let out = repo.run(&["zoom", "README.md"]);
    let readme = repo.read_string("README.md");
    let headings: Vec<String> = readme
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with('#'))
        .map(|(i, l)| format!("{}\t{l}", i + 1))
        .collect();
    assert!(!headings.is_empty());
    let body: Vec<&str> = out.lines().skip(1).map(str::trim_start).collect();
    assert_eq!(
        body,
        headings.iter().map(String::as_str).collect::<Vec<_>>(),
        "{out}"
    );
    let toml = repo.run(&["zoom", "pyproject.toml"]);
    assert!(
        toml.lines()
            .any(|l| l.trim_start().starts_with("1\t[project]")),
        "{toml}"
    );
    // At `source`: its text, then its sections as an index, as for code.
    let source = repo.run(&["zoom", "README.md", "--level", "source"]);
    assert!(source.contains(&readme), "{source}");
    assert!(source.contains("- README.md::retrykit L1-15"), "{source}");
}

#[cfg(unix)]
#[test]
fn text_files_behind_links_ignored_or_hidden_are_not_read() {
    let repo = indexed();
    let outside = repo.tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.md"), "top secret\n").unwrap();
    std::os::unix::fs::symlink(&outside, repo.path("linked")).unwrap();
    std::os::unix::fs::symlink(repo.path("README.md"), repo.path("alias.md")).unwrap();
    repo.write(".hidden.toml", "token = 'top secret'\n");
    repo.write(".gitignore", "local.yaml\n");
    repo.write("local.yaml", "password: top secret\n");
    repo.index(&[]);
    for id in [
        "linked/secret.md",
        "linked/secret.md:1-1",
        "alias.md:1-1",
        ".hidden.toml:1-1",
        "local.yaml:1-1",
    ] {
        let out = repo.cmd().args(["zoom", id]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{id}");
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!all.contains("top secret"), "{id}: {all}");
    }
    repo.fail(&["grep", "-F", "top secret"], 1);
}

#[test]
fn code_in_languages_pyramid_does_not_parse_is_grepped_and_outlined_and_binaries_are_not() {
    let repo = indexed();
    let result = repo.json(&["grep", "-F", "retry_policy_delay"]);
    assert_lines_are_the_files(&repo, &result);
    assert_eq!(
        result["blocks"][0]["within"], "native/retry.i",
        "{result:#}"
    );
    // A file whose content is not text is passed over, whatever its name.
    repo.write("native/blob.dat", "retry_policy_delay\0\0\0");
    repo.write("native/libretry", "retry_policy_delay\0\0\0");
    repo.index(&[]);
    let again = repo.json(&["grep", "-F", "retry_policy_delay"]);
    assert_eq!(again["total"], result["total"], "{again:#}");
    // Its outline: the unindented lines that start a declaration, with their numbers.
    let out = repo.run(&["zoom", "native/retry.i"]);
    let header = repo.read_string("native/retry.i");
    let line_of = |text: &str| {
        header
            .lines()
            .position(|l| l.starts_with(text))
            .map(|i| i + 1)
            .expect("a line of the fixture")
    };
    for declaration in [
        "typedef struct retry_policy",
        "retry_policy *retry_policy_new(",
        "double retry_policy_delay(",
    ] {
        let numbered = format!("{}\t{declaration}", line_of(declaration));
        assert!(
            out.lines().any(|l| l.trim_start().starts_with(&numbered)),
            "{numbered}\n{out}"
        );
    }
    assert!(
        !out.contains("#include") && !out.contains("backoff_seconds);"),
        "{out}"
    );
}

#[test]
fn function_context_shows_the_whole_definition_holding_a_match() {
    let repo = indexed();
    let zoomed = repo.zoom("retrykit/util.py::load_attempts", &[]);
    let span = &zoomed["span"];
    let (first, last) = (span["start_line"].as_u64(), span["end_line"].as_u64());
    let result = repo.json(&["grep", "-W", "return DEFAULT_ATTEMPTS"]);
    assert_lines_are_the_files(&repo, &result);
    let blocks = result["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 1, "{result:#}");
    let lines = blocks[0]["lines"].as_array().unwrap();
    assert_eq!(lines.first().unwrap()["line"].as_u64(), first);
    assert_eq!(lines.last().unwrap()["line"].as_u64(), last);
    assert_eq!(lines.iter().filter(|l| l["matched"] == true).count(), 2);
    // The long name, and the same over MCP.
    let text = repo.run(&["grep", "--function-context", "return DEFAULT_ATTEMPTS"]);
    assert_eq!(text, repo.run(&["grep", "-W", "return DEFAULT_ATTEMPTS"]));
    assert!(text.contains("def load_attempts(path):"), "{text}");
}

#[test]
fn code_only_leaves_out_docs_settings_and_unparsed_text() {
    let repo = indexed();
    let files = |args: &[&str]| -> Vec<String> {
        let result = repo.json(args);
        let mut paths: Vec<String> = result["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["path"].as_str().unwrap().to_string())
            .collect();
        paths.sort();
        paths
    };
    let all = files(&["grep", "-c", "-F", "retry"]);
    let code = files(&["grep", "-c", "-F", "retry", "--code-only"]);
    assert!(all.iter().any(|p| p.ends_with(".md")), "{all:?}");
    assert!(all.contains(&"native/retry.i".to_string()), "{all:?}");
    assert!(!code.is_empty());
    assert!(code.iter().all(|p| p.ends_with(".py")), "{code:?}");
    let code_of_all: Vec<String> = all.into_iter().filter(|p| p.ends_with(".py")).collect();
    assert_eq!(code, code_of_all);
}

#[test]
fn not_leaves_out_the_matching_lines_that_match_it() {
    let repo = indexed();
    let total = |args: &[&str]| repo.json(args)["total"].as_u64().unwrap_or(0);
    let all = total(&["grep", "-F", "retry_policy"]);
    let free = total(&["grep", "-F", "retry_policy_free"]);
    let delay = total(&["grep", "-F", "retry_policy_delay"]);
    assert!(
        free > 0 && delay > 0 && all > free + delay,
        "{all} {free} {delay}"
    );
    assert_eq!(
        total(&["grep", "-F", "retry_policy", "--not", "retry_policy_free"]),
        all - free
    );
    // Repeatable, literal with -F, case as -i says.
    let neither = [
        "grep",
        "-F",
        "-i",
        "retry_policy",
        "--not",
        "RETRY_POLICY_FREE",
        "--not",
        "retry_policy_delay(",
    ];
    let left = repo.json(&neither);
    assert_lines_are_the_files(&repo, &left);
    let shown: Vec<&str> = left["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["lines"].as_array().unwrap())
        .filter_map(|l| l["text"].as_str())
        .collect();
    assert!(!shown.is_empty());
    assert!(
        shown
            .iter()
            .all(|l| !l.contains("retry_policy_free") && !l.contains("retry_policy_delay(")),
        "{shown:?}"
    );
    // Nothing left: grep's exit code for no match, and a word on what left them out.
    let none = repo.fail(&["grep", "-F", "retry_policy_free", "--not", "free"], 1);
    assert!(none.contains("left out by --not"), "{none}");
    // An empty pattern would leave out every line: refused, saying so.
    let empty = repo.fail(&["grep", "-F", "retry", "--not", "x", "--not", ""], 2);
    assert!(empty.contains("leave out every line"), "{empty}");
}

#[test]
fn patterns_given_with_e_match_any_and_n_is_accepted_as_grep_has_it() {
    let repo = indexed();
    let total = |args: &[&str]| repo.json(args)["total"].as_u64().unwrap_or(0);
    let delay = total(&["grep", "-F", "retry_policy_delay"]);
    let free = total(&["grep", "-F", "retry_policy_free"]);
    assert!(delay > 0 && free > 0);
    // Several patterns: a line matching any, each taken literally with -F.
    let either = total(&[
        "grep",
        "-F",
        "-e",
        "retry_policy_delay",
        "-e",
        "retry_policy_free",
    ]);
    assert_eq!(either, delay + free);
    // With -e, the arguments are paths, as grep and rg read them.
    let there = total(&["grep", "-e", "retry_policy_free", "native/"]);
    assert_eq!(there, free);
    repo.fail(&["grep", "-e", "retry_policy_free", "retrykit/"], 1);
    // A literal that is no regular expression stays literal among others.
    let dotted = total(&["grep", "-F", "-e", "x.(", "-e", "retry_policy_free"]);
    assert_eq!(dotted, free);
    // -n is line numbers to a grep user: lines are numbered anyway, nothing changes.
    let numbered = repo.run(&["grep", "-n", "retry_policy_delay"]);
    assert_eq!(numbered, repo.run(&["grep", "retry_policy_delay"]));
}

#[test]
fn no_tests_leaves_out_rust_test_modules_and_says_when_it_left_out_everything() {
    let repo = empty_repo("rust_tests");
    repo.write(
        "src/lib.rs",
        "pub fn parse() -> u8 {\n    1\n}\n\n#[cfg(test)]\nmod test {\n    #[test]\n    fn check_parse() {\n        assert_eq!(super::parse(), 1);\n    }\n}\n",
    );
    repo.index(&[]);
    let all = repo.json(&["grep", "parse"]);
    assert_eq!(all["total"], 3, "{all:#}");
    // `mod test` is test code, as `mod tests` is.
    let code = repo.json(&["grep", "parse", "--no-tests"]);
    assert_eq!(code["total"], 1, "{code:#}");
    assert_eq!(code["left_out"], 2, "{code:#}");
    assert_eq!(code["blocks"][0]["within"], "src/lib.rs::parse");
    // Every match in the tests: nothing left, and the answer says which option did it.
    let none = repo.fail(&["grep", "assert_eq", "--no-tests"], 1);
    assert!(
        none.contains("1 line matches the pattern, and it is left out by --no-tests: loosen it"),
        "{none}"
    );
}

#[test]
fn max_per_def_caps_each_definition_and_counts_the_rest_under_it() {
    let repo = indexed();
    let all = repo.json(&["grep", "def |return"]);
    let capped = repo.json(&["grep", "def |return", "--max-per-def", "1"]);
    assert_eq!(capped["total"], all["total"]);
    let matched = |b: &Value| {
        b["lines"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["matched"] == true)
            .count()
    };
    // Per definition: at most one line shown; shown and counted add up to all of it.
    let mut per: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    for block in capped["blocks"].as_array().unwrap() {
        let entry = per
            .entry(block["within"].as_str().unwrap().to_string())
            .or_default();
        entry.0 += matched(block);
        entry.1 += block["more"].as_u64().unwrap_or(0);
    }
    assert!(per.values().all(|(shown, _)| *shown == 1), "{per:?}");
    let (id, (_, more)) = per
        .iter()
        .find(|(_, (_, more))| *more > 0)
        .expect("a definition with two matching lines");
    let whole = repo.json(&["grep", "def |return", "--path", id]);
    assert_eq!(whole["total"].as_u64().unwrap(), 1 + more);
    let text = repo.run(&["grep", "def |return", "--max-per-def", "1"]);
    let said = format!(
        "more matching line{} here (all with --path {id})",
        if *more == 1 { "" } else { "s" }
    );
    assert!(text.contains(&said), "{text}");
    repo.fail(&["grep", "x", "--max-per-def", "1001"], 2);
}
