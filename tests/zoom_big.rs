//! MCP `zoom` on a big file, generated here (never committed): a line longer than the
//! budget is shown cut inside the line with the exact call that shows the rest, and a
//! small node of the big file is shown whole.

mod common;

#[path = "common/mcp_client.rs"]
mod mcp_client;

use common::{Repo, empty_repo, tokens};
use serde_json::{Value, json};

/// Bytes of the one-line constant.
const LONG: usize = 300_000;

/// A repository with `big.py`: thousands of small functions around `BLOB`, a string
/// constant of [`LONG`] bytes on one line. Returns it with the constant's text.
fn big_repo() -> (Repo, String) {
    let repo = empty_repo("big");
    // Letters and digits in a pattern no tokenizer merges into a few tokens.
    let blob: String = (0..LONG)
        .map(|i| {
            let c = (i * 7 + i / 13) % 62;
            char::from(match c {
                0..=25 => b'a' + c as u8,
                26..=51 => b'A' + (c - 26) as u8,
                _ => b'0' + (c - 52) as u8,
            })
        })
        .collect();
    let mut text = String::from("\"\"\"Many functions and one long constant.\"\"\"\n\n");
    for i in 0..5_000 {
        text.push_str(&format!("def f{i}(x):\n    return x + {i}\n\n"));
    }
    text.push_str(&format!("BLOB = \"{blob}\"\n\n"));
    for i in 5_000..10_000 {
        text.push_str(&format!("def f{i}(x):\n    return x + {i}\n\n"));
    }
    repo.write("big.py", &text);
    let report = repo.index(&["--max-file-size", "10000000"]);
    assert_eq!(report["files_parsed"], 1, "{report}");
    (repo, format!("BLOB = \"{blob}\""))
}

/// The JSON arguments of the `zoom with {…}` call an answer ends with.
fn resume_call(answer: &str) -> Value {
    let last = answer.lines().last().unwrap_or_default();
    let at = last
        .find("zoom with {")
        .unwrap_or_else(|| panic!("no call to continue with: {last}"));
    let rest = &last[at + "zoom with ".len()..];
    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
    stream
        .next()
        .and_then(Result::ok)
        .unwrap_or_else(|| panic!("not a JSON call: {last}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_line_longer_than_the_budget_is_cut_inside_with_the_call_for_the_rest() {
    let (repo, constant) = big_repo();
    let client = mcp_client::connect(&repo).await;
    let budget = 1000;
    let first = mcp_client::answer(
        &client,
        "zoom",
        json!({"id": "big.py::BLOB", "level": "source", "depth": 0, "budget": budget}),
    )
    .await;
    assert!(tokens(&first) <= budget, "{} tokens", tokens(&first));
    let lines: Vec<&str> = first.lines().collect();
    assert!(lines[0].starts_with("big.py::BLOB ("), "{first}");
    // The line itself, numbered and cut: a start of the constant, not nothing. Every
    // page numbers it as the line it is.
    let numbered = |line: &str| -> String {
        line.strip_prefix("15003\t")
            .unwrap_or_else(|| panic!("not numbered as line 15003: {line:.80}"))
            .to_string()
    };
    let shown = numbered(lines[1]);
    let shown = shown.as_str();
    assert!(shown.len() > 500, "{first}");
    assert!(constant.starts_with(shown), "{shown}");
    let last = lines.last().unwrap();
    assert!(
        last.contains(&format!(
            "cut after {} of its {} bytes",
            shown.len(),
            constant.len()
        )),
        "{last}"
    );
    let call = resume_call(&first);
    assert_eq!(
        call,
        json!({"id": "big.py::BLOB", "level": "source", "depth": 0, "budget": budget, "offset": shown.len()})
    );

    // The exact call shows what follows, and so on to the end.
    let mut read = shown.to_string();
    let mut next = call;
    for _ in 0..3 {
        let page = mcp_client::answer(&client, "zoom", next.clone()).await;
        assert!(tokens(&page) <= budget);
        let lines: Vec<&str> = page.lines().collect();
        assert!(
            lines[0].ends_with(&format!("from byte {}", read.len())),
            "{}",
            lines[0]
        );
        read.push_str(&numbered(lines[1]));
        assert!(constant.starts_with(&read), "pages join up");
        next = resume_call(&page);
    }
    // The end of the text, from the offset a last page would give.
    let tail_from = constant.len() - 50;
    let tail = mcp_client::answer(
        &client,
        "zoom",
        json!({"id": "big.py::BLOB", "level": "source", "depth": 0, "offset": tail_from}),
    )
    .await;
    assert_eq!(
        tail.lines().nth(1).map(numbered).as_deref(),
        Some(&constant[tail_from..]),
        "{tail}"
    );
    let past = mcp_client::refusal(
        &client,
        "zoom",
        json!({"id": "big.py::BLOB", "level": "source", "offset": constant.len() + 5}),
    )
    .await;
    assert!(past.contains("past the end"), "{past}");
    client.cancel().await.expect("the client closes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_node_of_a_big_file_is_shown_whole_and_the_file_within_its_budget() {
    let (repo, _) = big_repo();
    let client = mcp_client::connect(&repo).await;
    let small = mcp_client::answer(
        &client,
        "zoom",
        json!({"id": "big.py::f7777", "level": "source", "depth": 0}),
    )
    .await;
    assert_eq!(
        small,
        "big.py::f7777 (function, python, lines 23336-23337) [source]\n23336\tdef f7777(x):\n23337\t    return x + 7777\n",
    );
    let budget = 2000;
    let file = mcp_client::answer(
        &client,
        "zoom",
        json!({"id": "big.py", "depth": 1, "budget": budget}),
    )
    .await;
    assert!(tokens(&file) <= budget, "{} tokens", tokens(&file));
    assert!(file.contains("- big.py::f0 "), "{file}");
    let last = file.lines().last().unwrap();
    assert!(
        last.contains("more lines cut at the") && last.contains("zoom into a child id"),
        "{last}"
    );
    client.cancel().await.expect("the client closes");
}
