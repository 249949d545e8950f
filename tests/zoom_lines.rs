//! Line numbers and line ranges in `zoom`, and numbered sources under `search --show`,
//! on the CLI and over MCP: the numbers an agent reads are the file's own, and a range
//! shows exactly those lines.

mod common;

#[path = "common/mcp_client.rs"]
mod mcp_client;

use common::{Repo, fixture};
use mcp_client::{answer, connect, refusal};
use serde_json::json;

const FILE: &str = "retrykit/policy.py";

fn indexed() -> Repo {
    let repo = fixture("python_repo");
    repo.index(&[]);
    repo
}

/// The file's lines `first..=last` as `zoom` numbers them: `NN\ttext`.
fn numbered_lines(repo: &Repo, first: usize, last: usize) -> Vec<String> {
    let text = repo.read_string(FILE);
    let lines: Vec<&str> = text.lines().collect();
    (first..=last.min(lines.len()))
        .map(|n| format!("{n}\t{}", lines[n - 1]))
        .collect()
}

/// The body of a zoom answer: the lines after its header line.
fn body(out: &str) -> Vec<String> {
    out.lines().skip(1).map(str::to_string).collect()
}

#[test]
fn a_line_range_shows_exactly_those_lines_numbered() {
    let repo = indexed();
    let out = repo.run(&["zoom", &format!("{FILE}:33-36")]);
    assert!(
        out.starts_with(&format!("{FILE} (file, python, lines 33-36) [source]\n")),
        "{out}"
    );
    assert_eq!(body(&out), numbered_lines(&repo, 33, 36), "{out}");
    assert!(
        out.contains("33\t    def delay_for(self, attempt):"),
        "{out}"
    );

    // One line; a range past the end stops at the end.
    let one = repo.run(&["zoom", &format!("{FILE}:33")]);
    assert_eq!(body(&one), numbered_lines(&repo, 33, 33), "{one}");
    let tail = repo.run(&["zoom", &format!("{FILE}:120-400")]);
    assert_eq!(body(&tail), numbered_lines(&repo, 120, 129), "{tail}");

    // The id may be any node: the range is in its file's lines.
    let via_node = repo.run(&["zoom", "retrykit/policy.py::RetryPolicy::delay_for:1-3"]);
    assert_eq!(body(&via_node), numbered_lines(&repo, 1, 3), "{via_node}");
}

#[test]
fn around_a_line_shows_its_context_each_side() {
    let repo = indexed();
    let out = repo.run(&["zoom", FILE, "--around", "35", "-C", "2"]);
    assert_eq!(body(&out), numbered_lines(&repo, 33, 37), "{out}");
    // Near the start, from line 1.
    let start = repo.run(&["zoom", FILE, "--around", "2"]);
    assert_eq!(body(&start), numbered_lines(&repo, 1, 12), "{start}");
    // `-C` means nothing without `--around`.
    repo.fail(&["zoom", FILE, "-C", "3"], 2);
}

#[test]
fn source_is_numbered_with_its_own_lines_when_asked() {
    let repo = indexed();
    let id = "retrykit/policy.py::RetryPolicy::delay_for";
    let plain = repo.run(&["zoom", id, "--level", "source"]);
    assert!(
        plain.contains("\n    def delay_for(self, attempt):\n"),
        "{plain}"
    );
    let numbered = repo.run(&["zoom", id, "--level", "source", "-N"]);
    assert_eq!(body(&numbered), numbered_lines(&repo, 33, 36), "{numbered}");
    // Numbers are for source only: an outline is unchanged.
    assert_eq!(
        repo.run(&["zoom", id, "-N"]),
        repo.run(&["zoom", id]),
        "outline with -N"
    );
}

#[test]
fn json_keeps_the_exact_text_and_says_which_lines() {
    let repo = indexed();
    let view = repo.json(&["zoom", &format!("{FILE}:33-36"), "--json"]);
    assert_eq!(view["span"]["start_line"], 33);
    assert_eq!(view["span"]["end_line"], 36);
    let text = repo.read_string(FILE);
    let (from, to) = (
        view["span"]["start_byte"].as_u64().unwrap() as usize,
        view["span"]["end_byte"].as_u64().unwrap() as usize,
    );
    assert_eq!(view["text"].as_str().unwrap(), &text[from..to]);
    let expected: String = text
        .lines()
        .skip(32)
        .take(4)
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(view["text"].as_str().unwrap(), expected);
}

#[test]
fn bad_ranges_say_what_to_give() {
    let repo = indexed();
    let past = repo.fail(&["zoom", &format!("{FILE}:500-510")], 2);
    assert!(
        past.contains("line 500 is past the end of `retrykit/policy.py` (129 lines)"),
        "{past}"
    );
    let reversed = repo.fail(&["zoom", &format!("{FILE}:40-30")], 2);
    assert!(reversed.contains("FIRST-LAST"), "{reversed}");
    let zero = repo.fail(&["zoom", &format!("{FILE}:0-3")], 2);
    assert!(zero.contains("1 ≤ FIRST ≤ LAST"), "{zero}");
    let dir = repo.fail(&["zoom", "retrykit/:1-3"], 2);
    assert!(dir.contains("is a directory"), "{dir}");
    // A Rust-style path is an id, not a range.
    let unknown = repo.fail(&["zoom", "retrykit/policy.py::nope"], 2);
    assert!(
        unknown.contains("no node `retrykit/policy.py::nope`"),
        "{unknown}"
    );
}

#[test]
fn search_shows_the_first_results_source_numbered() {
    let repo = indexed();
    let task = "delay_for backoff jitter";
    let plain = repo.run(&["search", task, "-n", "3"]);
    let shown = repo.run(&["search", task, "-n", "3", "--show", "1"]);
    let first = plain.lines().next().unwrap();
    assert!(
        first.starts_with("- retrykit/policy.py::RetryPolicy::delay_for (method) L33-36"),
        "{plain}"
    );
    // The first result, then its source numbered instead of its matching lines, then
    // the other results as before.
    let mut expected = vec![first.to_string()];
    expected.extend(numbered_lines(&repo, 33, 36));
    expected.extend(
        plain
            .lines()
            .skip(1)
            .skip_while(|l| l.starts_with("    "))
            .map(str::to_string),
    );
    assert_eq!(shown.lines().collect::<Vec<_>>(), expected, "{shown}");
    // In JSON, the exact text and where it starts.
    let found = repo.json(&["search", task, "-n", "3", "--show", "1", "--json"]);
    assert_eq!(found[0]["source"]["first_line"], 33);
    let text = repo.read_string(FILE);
    let lines: String = text
        .lines()
        .skip(32)
        .take(4)
        .map(|l| format!("{l}\n"))
        .collect();
    let source = found[0]["source"]["text"].as_str().unwrap();
    assert_eq!(format!("{source}\n"), lines);
    assert!(found[1].get("source").is_none(), "{found}");
    repo.fail(&["search", task, "--show", "6"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mcp_numbers_source_and_reads_line_ranges() {
    let repo = indexed();
    let client = connect(&repo).await;
    let range = answer(&client, "zoom", json!({"id": format!("{FILE}:33-36")})).await;
    assert_eq!(body(&range), numbered_lines(&repo, 33, 36), "{range}");

    let id = "retrykit/policy.py::RetryPolicy::delay_for";
    let source = answer(&client, "zoom", json!({"id": id, "level": "source"})).await;
    assert_eq!(body(&source), numbered_lines(&repo, 33, 36), "{source}");
    let bare = answer(
        &client,
        "zoom",
        json!({"id": id, "level": "source", "line_numbers": false}),
    )
    .await;
    let text = repo.read_string(FILE);
    let lines: Vec<String> = text.lines().skip(32).take(4).map(str::to_string).collect();
    assert_eq!(body(&bare), lines, "{bare}");

    // Read from an offset: the numbers continue where the text resumes.
    let resumed = answer(
        &client,
        "zoom",
        json!({"id": format!("{FILE}:33-36"), "offset": lines[0].len() + 1}),
    )
    .await;
    assert_eq!(body(&resumed), numbered_lines(&repo, 34, 36), "{resumed}");

    // A range cut at the budget goes on with the same range, numbered on.
    let range = format!("{FILE}:1-129");
    let page = answer(&client, "zoom", json!({"id": range, "budget": 200})).await;
    let last = page.lines().last().unwrap_or_default();
    let at = last.find("zoom with {").expect("a call to go on with");
    let call: serde_json::Value = serde_json::Deserializer::from_str(&last[at + 10..])
        .into_iter()
        .next()
        .and_then(Result::ok)
        .expect("a JSON call");
    assert_eq!(call["id"], range.as_str(), "{last}");
    let shown = page.lines().count() - 2;
    let next = answer(&client, "zoom", call).await;
    let all = numbered_lines(&repo, 1, 129);
    assert_eq!(
        next.lines().nth(1),
        Some(all[shown].as_str()),
        "{page}\n---\n{next}"
    );

    let past = refusal(&client, "zoom", json!({"id": format!("{FILE}:500-510")})).await;
    assert!(past.contains("past the end"), "{past}");

    let found = answer(
        &client,
        "search",
        json!({"query": "delay_for backoff jitter", "limit": 2, "show": 1}),
    )
    .await;
    let found: Vec<&str> = found.lines().collect();
    assert_eq!(found[1..5], numbered_lines(&repo, 33, 36)[..], "{found:#?}");
    let too_many = refusal(&client, "search", json!({"query": "delay", "show": 9})).await;
    assert!(too_many.contains("show"), "{too_many}");
}

/// The second range of a file: its numbered lines after `--`, without the file's header
/// again.
fn without_header(single: &str) -> String {
    let (_, lines) = single.split_once('\n').expect("a header line");
    format!("--\n{lines}")
}

#[test]
fn several_ranges_in_one_call_are_the_single_ranges_in_order() {
    let repo = indexed();
    let both = repo.run(&["zoom", &format!("{FILE}:40-42,5-6")]);
    let first = repo.run(&["zoom", &format!("{FILE}:40-42")]);
    let second = repo.run(&["zoom", &format!("{FILE}:5-6")]);
    assert_eq!(both, format!("{first}{}", without_header(&second)));
    let json = repo.json(&["zoom", &format!("{FILE}:40-42,5-6")]);
    assert_eq!(json.as_array().map(Vec::len), Some(2), "{json}");
    assert_eq!(json[1]["span"]["start_line"], 5);
    repo.fail(&["zoom", &format!("{FILE}:1-2,x")], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mcp_reads_several_ranges_in_one_call() {
    let repo = indexed();
    let client = connect(&repo).await;
    let both = answer(&client, "zoom", json!({"id": format!("{FILE}:40-42,5-6")})).await;
    let first = answer(&client, "zoom", json!({"id": format!("{FILE}:40-42")})).await;
    let second = answer(&client, "zoom", json!({"id": format!("{FILE}:5-6")})).await;
    assert_eq!(both, format!("{first}{}", without_header(&second)));
    let paged = refusal(
        &client,
        "zoom",
        json!({"id": format!("{FILE}:40-42,5-6"), "offset": 3}),
    )
    .await;
    assert!(paged.contains("offset"), "{paged}");
}

const OTHER: &str = "retrykit/schedule/cron.py";

#[test]
fn several_ids_in_one_call_are_the_single_calls_in_order() {
    let repo = indexed();
    let (a, b, c) = (
        format!("{FILE}:40-42"),
        format!("{OTHER}:13-15"),
        format!("{FILE}:5-6"),
    );
    let all = repo.run(&["zoom", &a, &b, &c]);
    let single = |id: &str| repo.run(&["zoom", id]);
    // Another file between two ranges of one: each gets its header.
    assert_eq!(all, format!("{}{}{}", single(&a), single(&b), single(&c)));
    // A definition among ranges, at the level asked.
    let class = "retrykit/schedule/cron.py::CronSchedule";
    let mixed = repo.run(&["zoom", &a, class]);
    assert_eq!(mixed, format!("{}{}", single(&a), single(class)));
    let json = repo.json(&["zoom", &a, &b]);
    assert_eq!(json.as_array().map(Vec::len), Some(2), "{json}");
    assert_eq!(json[1]["id"], OTHER, "{json}");
    // At most ten views; --around reads one file.
    let eleven: Vec<String> = (1..=11).map(|n| format!("{FILE}:{n}")).collect();
    let mut args = vec!["zoom"];
    args.extend(eleven.iter().map(String::as_str));
    let err = repo.fail(&args, 2);
    assert!(err.contains("at most 10"), "{err}");
    let err = repo.fail(&["zoom", FILE, OTHER, "--around", "5"], 2);
    assert!(err.contains("one id"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mcp_zooms_into_more_ids_with_also() {
    let repo = indexed();
    let client = connect(&repo).await;
    let (a, b) = (format!("{FILE}:40-42"), format!("{OTHER}:13-15"));
    let both = answer(&client, "zoom", json!({"id": a, "also": [b]})).await;
    let first = answer(&client, "zoom", json!({"id": a})).await;
    let second = answer(&client, "zoom", json!({"id": b})).await;
    assert_eq!(both, format!("{first}{second}"));
    let ids: Vec<String> = (1..=11).map(|n| format!("{FILE}:{n}")).collect();
    let too_many = refusal(&client, "zoom", json!({"id": ids[0], "also": ids[1..]})).await;
    assert!(too_many.contains("at most 10"), "{too_many}");
}

#[test]
fn a_budget_cuts_a_long_source_with_the_call_for_the_rest() {
    let repo = indexed();
    let text = repo.read_string(FILE);
    let budget = 200;
    let mut args: Vec<String> = ["zoom", FILE, "-l", "source", "-N", "--budget", "200"]
        .map(String::from)
        .to_vec();
    let mut numbers = Vec::new();
    for _ in 0..50 {
        let args_ref: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = repo.run(&args_ref);
        assert!(
            common::tokens(&out) <= budget,
            "{} tokens:\n{out}",
            common::tokens(&out)
        );
        // Every numbered line is the file's own line at that number.
        for line in out.lines().skip(1) {
            let trimmed = line.trim_start();
            let Some((n, rest)) = trimmed.split_once('\t') else {
                continue;
            };
            let Ok(n) = n.parse::<usize>() else { continue };
            if let Some(own) = text.lines().nth(n - 1)
                && own == rest
            {
                numbers.push(n);
            }
        }
        // The last line names the call that shows the rest, until there is none.
        let last = out.lines().last().unwrap_or_default();
        let Some(at) = last.find("pyramid zoom ") else {
            break;
        };
        let call = last[at..].split(';').next().unwrap_or_default();
        args = call.split_whitespace().skip(1).map(String::from).collect();
        assert!(args.contains(&"--offset".to_string()), "{last}");
    }
    numbers.dedup();
    let all: Vec<usize> = (1..=text.lines().count()).collect();
    assert_eq!(numbers, all, "every line once, in order, across the pages");
    // One id only.
    let err = repo.fail(&["zoom", FILE, "retrykit/util.py", "--budget", "300"], 2);
    assert!(err.contains("give one id"), "{err}");
}

#[test]
fn the_call_for_the_rest_quotes_an_id_a_shell_would_split() {
    let repo = common::empty_repo("quoted");
    let body: String = (0..60)
        .map(|i| format!("        let v{i} = {i} + 1;\n"))
        .collect();
    repo.write(
        "src/lib.rs",
        format!(
            "pub trait Foo {{\n    fn foo(&self) -> u8;\n}}\n\nimpl<T> Foo for &mut T {{\n    fn foo(&self) -> u8 {{\n{body}        0\n    }}\n}}\n"
        ),
    );
    repo.index(&[]);
    let id = "src/lib.rs::Foo for &mut T";
    let out = repo.run(&["zoom", id, "-l", "source", "--budget", "150"]);
    assert!(
        out.contains(&format!(
            "pyramid zoom '{id}' -l source -d 1 --budget 150 --offset "
        )),
        "{out}"
    );
}
