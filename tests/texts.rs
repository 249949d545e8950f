//! Text files that are no code (docs, settings, manifests) in the index: file nodes
//! without a language, Markdown headings as section nodes; found by `search`, read by
//! `zoom` and `grep`, kept out of the directory tree's summaries.

mod common;

#[path = "common/mcp_client.rs"]
mod mcp_client;

use common::{Repo, fixture};
use serde_json::{Value, json};

fn indexed() -> Repo {
    let repo = fixture("python_repo");
    repo.index(&[]);
    repo
}

fn ids(results: &Value) -> Vec<String> {
    results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

/// The lines `first..=last` of a file, each with its line break.
fn lines_of(text: &str, first: usize, last: usize) -> String {
    text.split_inclusive('\n')
        .skip(first - 1)
        .take(last + 1 - first)
        .collect()
}

#[test]
fn markdown_headings_are_section_nodes_whose_source_is_their_text() {
    let repo = indexed();
    let guide = repo.read_string("docs/guide.md");
    let file = repo.zoom("docs/guide.md", &["--level", "gist", "--depth", "3"]);
    assert_eq!(file["lang"], Value::Null, "{file:#}");
    assert_eq!(file["text"], "Using retrykit");
    let sections = common::ids(&file);
    assert_eq!(
        sections,
        [
            "docs/guide.md",
            "docs/guide.md::using-retrykit",
            "docs/guide.md::using-retrykit::configuration",
            "docs/guide.md::using-retrykit::configuration::environment-variables",
            "docs/guide.md::using-retrykit::troubleshooting",
        ],
        "{file:#}"
    );
    // A section at `source`: its heading and everything up to the next heading of its
    // level or above, byte for byte.
    let section = repo.zoom(
        "docs/guide.md::using-retrykit::configuration",
        &["--level", "source"],
    );
    let node = &section;
    assert_eq!(node["kind"], "section");
    let (first, last) = (
        node["span"]["start_line"].as_u64().unwrap() as usize,
        node["span"]["end_line"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        section["text"],
        lines_of(&guide, first, last),
        "{section:#}"
    );
    assert!(guide.lines().nth(first - 1) == Some("## Configuration"));
    assert!(guide.lines().nth(last) == Some("## Troubleshooting"));
    // Its outline: what its first sentence says.
    let outline = repo.run(&["zoom", "docs/guide.md::using-retrykit::troubleshooting"]);
    assert!(
        outline.contains("Troubleshooting: When a job never runs, check the cron expression first"),
        "{outline}"
    );
}

#[test]
fn search_finds_a_section_and_ranks_it_first_when_the_task_names_its_file() {
    let repo = indexed();
    let found = repo.json(&[
        "search",
        "move the state files with an environment variable",
    ]);
    let env = "docs/guide.md::using-retrykit::configuration::environment-variables";
    assert!(ids(&found).contains(&env.to_string()), "{found:#}");
    let only = repo.json(&["search", "state files environment", "--kind", "section"]);
    assert_eq!(ids(&only)[0], env, "{only:#}");
    assert!(
        only.as_array()
            .unwrap()
            .iter()
            .all(|r| r["kind"] == "section" && r["lang"].is_null()),
        "{only:#}"
    );
    // Docs count for less than code, unless the task names the file.
    let named = repo.json(&[
        "search",
        "docs/guide.md: explain the cron expression fields",
    ]);
    assert_eq!(
        ids(&named)[0],
        "docs/guide.md::using-retrykit::troubleshooting",
        "{named:#}"
    );
    let code = repo.json(&["search", "cron expression fields"]);
    assert!(
        code[0]["id"]
            .as_str()
            .unwrap()
            .starts_with("retrykit/schedule/"),
        "{code:#}"
    );
}

#[test]
fn settings_files_are_file_nodes_named_by_their_tables() {
    let repo = indexed();
    let toml = repo.zoom("pyproject.toml", &["--level", "gist"]);
    assert_eq!(
        toml["text"], "pyproject.toml: project, build-system",
        "{toml:#}"
    );
    let found = repo.json(&["search", "pyproject build system setuptools"]);
    assert!(
        ids(&found).contains(&"pyproject.toml".to_string()),
        "{found:#}"
    );
}

#[test]
fn grep_places_lines_in_their_section() {
    let repo = indexed();
    let result = repo.json(&["grep", "-F", "RETRYKIT_STATE_DIR"]);
    let block = &result["blocks"][0];
    assert_eq!(
        block["within"], "docs/guide.md::using-retrykit::configuration::environment-variables",
        "{result:#}"
    );
    assert_eq!(block["kind"], "section");
}

#[test]
fn docs_stay_out_of_the_directory_tree() {
    let repo = indexed();
    let overview = repo.run(&["overview", "--budget", "2000"]);
    assert!(!overview.contains("docs/"), "{overview}");
    assert!(!overview.contains("guide.md"), "{overview}");
    assert!(overview.contains("files indexed (Python)"), "{overview}");
}

#[test]
fn changed_and_deleted_text_files_are_reindexed() {
    let repo = indexed();
    repo.write(
        "docs/guide.md",
        "# Using retrykit\n\n## Upgrading\n\nRename `max_tries` to `max_attempts`.\n",
    );
    let report = repo.index(&[]);
    assert_eq!(report["files_parsed"], 1, "{report}");
    let file = repo.zoom("docs/guide.md", &["--level", "gist", "--depth", "3"]);
    assert_eq!(
        common::ids(&file),
        [
            "docs/guide.md",
            "docs/guide.md::using-retrykit",
            "docs/guide.md::using-retrykit::upgrading",
        ]
    );
    repo.fail(
        &["zoom", "docs/guide.md::using-retrykit::troubleshooting"],
        2,
    );
    std::fs::remove_file(repo.path("docs/guide.md")).unwrap();
    let report = repo.index(&[]);
    assert_eq!(report["files_removed"], 1, "{report}");
    repo.fail(&["zoom", "docs/guide.md"], 2);
    repo.fail(&["grep", "-F", "max_attempts", "--path", "docs/"], 1);
}

#[test]
fn files_that_are_not_text_after_all_are_left_out_unreported() {
    let repo = indexed();
    repo.write("native/blob.dat", "retry_policy_delay\0\0\0");
    repo.write("native/libretry", "retry_policy_delay\0\0\0");
    let report = repo.index(&[]);
    assert_eq!(report["files_skipped"], 0, "{report}");
    assert_eq!(report["files_parsed"], 0, "{report}");
    repo.fail(&["zoom", "native/libretry"], 2);
    // Remembered: not read again while unchanged.
    let again = repo.index(&[]);
    assert_eq!(again["files_parsed"], 0, "{again}");
    let status = repo.json(&["status"]);
    assert_eq!(status["fresh"], true, "{status}");
}

#[tokio::test]
async fn mcp_search_and_zoom_read_sections() {
    let repo = indexed();
    let client = mcp_client::connect(&repo).await;
    let found = mcp_client::answer(
        &client,
        "search",
        json!({"query": "environment variable state files", "kind": "section"}),
    )
    .await;
    let env = "docs/guide.md::using-retrykit::configuration::environment-variables";
    assert!(found.contains(env), "{found}");
    let source = mcp_client::answer(&client, "zoom", json!({"id": env, "level": "source"})).await;
    assert!(source.contains("RETRYKIT_STATE_DIR"), "{source}");
    client.cancel().await.unwrap();
}

#[test]
fn grep_lists_code_before_docs() {
    let repo = indexed();
    let counted = repo.json(&["grep", "-F", "retry", "-c"]);
    let text: Vec<bool> = counted["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let path = c["path"].as_str().unwrap();
            !(path.ends_with(".py"))
        })
        .collect();
    assert!(text.contains(&true) && text.contains(&false), "{counted:#}");
    // Every code file comes before every text file.
    assert!(text.windows(2).all(|w| w[0] <= w[1]), "{counted:#}");
}
