//! The MCP server (`pyramid mcp`) driven by a real MCP client: rmcp's client over a
//! child-process transport talking to the built binary on the fixture repositories.

mod common;

#[path = "common/mcp_client.rs"]
mod mcp_client;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{Repo, fixture};
use mcp_client::{Client, answer, call, connect, connect_with, refusal, text};
use serde_json::{Value, json};

fn indexed(name: &str) -> Repo {
    let repo = fixture(name);
    repo.index(&[]);
    repo
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tools_are_listed_with_described_schemas() {
    let repo = indexed("python_repo");
    let client = connect(&repo).await;
    let info = client.peer_info().expect("the server introduced itself");
    let server = info.server_info.as_ref().expect("the server names itself");
    assert_eq!(server.name, "pyramid");
    assert!(
        info.instructions
            .as_deref()
            .unwrap_or_default()
            .contains("Ids:"),
        "the instructions explain ids"
    );

    let tools = client.list_all_tools().await.expect("tools are listed");
    let by_name: BTreeMap<String, _> = tools.iter().map(|t| (t.name.to_string(), t)).collect();
    let expected: BTreeMap<&str, (&[&str], &[&str])> = BTreeMap::from([
        (
            "search",
            (
                &[
                    "query", "limit", "kind", "lang", "path", "exclude", "show", "lines", "explain",
                ][..],
                &["query"][..],
            ),
        ),
        (
            "zoom",
            (
                &[
                    "id",
                    "also",
                    "level",
                    "depth",
                    "budget",
                    "offset",
                    "line_numbers",
                ][..],
                &["id"][..],
            ),
        ),
        ("slice", (&["query", "focus", "budget"][..], &[][..])),
        ("gene", (&["id", "budget", "depth"][..], &["id"][..])),
        ("gene_find", (&["query", "limit"][..], &["query"][..])),
        (
            "semport_plan",
            (&["to", "scope", "budget"][..], &["to"][..]),
        ),
        ("semport_status", (&["budget"][..], &[][..])),
        ("overview", (&["budget"][..], &[][..])),
        ("refs", (&["id", "limit", "impls"][..], &["id"][..])),
        (
            "grep",
            (
                &[
                    "pattern",
                    "also",
                    "fixed",
                    "ignore_case",
                    "path",
                    "exclude",
                    "not",
                    "context",
                    "function_context",
                    "code_only",
                    "limit",
                    "max_per_def",
                    "count",
                    "defs",
                    "files_only",
                    "no_tests",
                ][..],
                &["pattern"][..],
            ),
        ),
        ("index", (&["rebuild"][..], &[][..])),
        (
            "pattern",
            (
                &[
                    "query",
                    "ast",
                    "like",
                    "like_text",
                    "lang",
                    "path",
                    "limit",
                    "context",
                    "captures",
                ][..],
                &[][..],
            ),
        ),
    ]);
    assert_eq!(
        by_name.keys().map(String::as_str).collect::<Vec<_>>(),
        expected.keys().copied().collect::<Vec<_>>()
    );
    for (name, (parameters, required)) in expected {
        let tool = by_name[name];
        let description = tool.description.as_deref().unwrap_or_default();
        assert!(
            description.len() > 80,
            "{name} is described for a model: {description}"
        );
        let schema = Value::Object((*tool.input_schema).clone());
        let properties = schema["properties"].as_object().expect("properties");
        let mut names: Vec<&str> = properties.keys().map(String::as_str).collect();
        names.sort_unstable();
        let mut want = parameters.to_vec();
        want.sort_unstable();
        assert_eq!(names, want, "parameters of {name}");
        for (parameter, property) in properties {
            let about = property["description"].as_str().unwrap_or_default();
            assert!(
                about.len() > 10,
                "{name}.{parameter} is described: {property}"
            );
        }
        let mut needed: Vec<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        needed.sort_unstable();
        assert_eq!(needed, required, "required parameters of {name}");
    }
    assert_eq!(
        by_name["zoom"].input_schema["properties"]["budget"]["default"],
        json!(4000),
        "defaults are in the schema"
    );
    client.cancel().await.expect("the client closes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tools_read_other_languages() {
    let repo = indexed("go_repo");
    let client = connect(&repo).await;
    let found = answer(
        &client,
        "search",
        json!({"query": "refill the bucket's tokens for the time passed"}),
    )
    .await;
    assert!(
        found
            .lines()
            .any(|l| l.starts_with("- bucket/take.go::TokenBucket::refill ")),
        "{found}"
    );
    let users = answer(
        &client,
        "refs",
        json!({"id": "bucket/take.go::TokenBucket::refill"}),
    )
    .await;
    assert!(
        users.contains("bucket/take.go::TokenBucket::Allow"),
        "{users}"
    );
    let source = answer(
        &client,
        "zoom",
        json!({"id": "bucket/take.go::TokenBucket::refill", "level": "source"}),
    )
    .await;
    assert!(source.contains("func (b *TokenBucket) refill("), "{source}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_tool_answers() {
    let repo = indexed("python_repo");
    let client = connect(&repo).await;

    let found = answer(
        &client,
        "search",
        json!({"query": "delay before the next retry attempt"}),
    )
    .await;
    assert!(
        found
            .lines()
            .any(|l| l.starts_with("- retrykit/policy.py::RetryPolicy::delay_for ")),
        "{found}"
    );
    let elsewhere = answer(
        &client,
        "search",
        json!({"query": "delay before the next retry attempt", "exclude": ["retrykit/policy.py"]}),
    )
    .await;
    assert!(!elsewhere.contains("retrykit/policy.py"), "{elsewhere}");
    assert!(
        elsewhere.lines().any(|l| l.starts_with("- ")),
        "{elsewhere}"
    );
    let first = answer(&client, "search", json!({"query": "retry", "limit": 1})).await;
    assert!(first.ends_with("… more match: limit 2\n"), "{first}");
    let only_classes = answer(
        &client,
        "search",
        json!({"query": "retry policy", "kind": "class", "limit": 3}),
    )
    .await;
    let results: Vec<&str> = only_classes
        .lines()
        .filter(|l| l.starts_with("- "))
        .collect();
    assert!(!results.is_empty() && results.len() <= 3, "{only_classes}");
    assert!(
        results.iter().all(|l| l.contains("(class)")),
        "{only_classes}"
    );

    let source = answer(
        &client,
        "zoom",
        json!({"id": "retrykit/policy.py::RetryPolicy::delay_for", "level": "source"}),
    )
    .await;
    assert!(source.contains("def delay_for(self, attempt):"), "{source}");

    let outline = answer(&client, "zoom", json!({"id": "retrykit/", "depth": 2})).await;
    assert!(outline.contains("retrykit/policy.py"), "{outline}");

    let slice = answer(
        &client,
        "slice",
        json!({"query": "the delay grows with each attempt", "budget": 2000}),
    )
    .await;
    assert!(common::tokens(&slice) <= 2000, "the slice fits its budget");
    assert!(slice.contains("def delay_for"), "{slice}");

    let focused = answer(
        &client,
        "slice",
        json!({"focus": ["retrykit/util.py"], "budget": 1500}),
    )
    .await;
    assert!(focused.contains("retrykit/util.py"), "{focused}");

    let overview = answer(&client, "overview", json!({})).await;
    assert!(overview.contains("retrykit/"), "{overview}");
    assert!(common::tokens(&overview) <= 1000);

    let matched = answer(&client, "pattern", json!({"ast": "time.sleep($D)"})).await;
    assert!(
        matched.starts_with("retrykit/policy.py:54  time.sleep(seconds)\n"),
        "{matched}"
    );
    assert!(
        !matched.contains("$D = "),
        "captures only when asked: {matched}"
    );
    let with_context = answer(
        &client,
        "pattern",
        json!({"ast": "time.sleep($D)", "context": 1, "captures": true}),
    )
    .await;
    assert!(
        with_context.starts_with(
            "retrykit/policy.py L54 — retrykit/policy.py::RetryPolicy::sleep (method)\n53- "
        ),
        "{with_context}"
    );
    assert!(
        with_context.contains("\n54:         time.sleep(seconds)\n"),
        "{with_context}"
    );
    assert!(with_context.contains("  $D = seconds"), "{with_context}");
    // A tree-sitter query, compiled in a child process first.
    let queried = answer(
        &client,
        "pattern",
        json!({"query": "(call function: (attribute attribute: (identifier) @m) (#eq? @m \"sleep\")) @call"}),
    )
    .await;
    assert!(
        queried.starts_with("retrykit/policy.py:54  time.sleep(seconds)\n"),
        "{queried}"
    );
    // A predicate outside its pattern filters nothing: the answer says so.
    let loose = answer(
        &client,
        "pattern",
        json!({"query": "(call function: (attribute attribute: (identifier) @m)) @call (#eq? @m \"sleep\")"}),
    )
    .await;
    assert!(
        loose
            .starts_with("warning: the predicate `(#eq? @m \"sleep\")` stands outside any pattern"),
        "{loose}"
    );
    let similar = answer(
        &client,
        "pattern",
        json!({"like": "retrykit/policy.py::RetryPolicy::delay_for", "limit": 2}),
    )
    .await;
    assert_eq!(similar.lines().count(), 2, "{similar}");
    assert!(similar.contains("[similarity "), "{similar}");
    let both = refusal(
        &client,
        "pattern",
        json!({"ast": "$X()", "query": "(call) @c"}),
    )
    .await;
    assert!(both.contains("exactly one"), "{both}");

    let index = answer(&client, "index", json!({})).await;
    assert!(index.starts_with("indexed 6 files"), "{index}");
    client.cancel().await.expect("the client closes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_are_bounded_by_their_budget() {
    let repo = indexed("rust_repo");
    let client = connect(&repo).await;
    let whole = answer(
        &client,
        "zoom",
        json!({"id": ".", "depth": 8, "level": "outline", "budget": 20000}),
    )
    .await;
    let full_tokens = common::tokens(&whole);
    assert!(
        full_tokens > 150,
        "the fixture's tree is large enough to cut"
    );
    let cut = answer(
        &client,
        "zoom",
        json!({"id": ".", "depth": 8, "level": "outline", "budget": 150}),
    )
    .await;
    assert!(common::tokens(&cut) <= 150, "{cut}");
    let marker = cut.lines().last().unwrap_or_default();
    assert!(
        marker.starts_with("… ") && marker.contains("more lines cut at the 150-token budget"),
        "{marker}"
    );
    assert!(whole.starts_with(cut.lines().next().unwrap_or_default()));
    client.cancel().await.expect("the client closes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_inputs_are_errors_and_the_server_keeps_answering() {
    let repo = indexed("python_repo");
    let client = connect(&repo).await;
    let huge = "retry ".repeat(40_000);
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "zoom",
            json!({"id": "retrykit/polcy.py"}),
            "did you mean `retrykit/policy.py`",
        ),
        ("zoom", json!({}), "id"),
        ("zoom", json!({"id": 42}), "string"),
        (
            "zoom",
            json!({"id": "retrykit/", "level": "everything"}),
            "unknown level",
        ),
        ("zoom", json!({"id": "retrykit/", "depth": 99}), "depth"),
        (
            "zoom",
            json!({"id": "../../etc/passwd"}),
            "outside the repository",
        ),
        (
            "zoom",
            json!({"id": "/etc/passwd"}),
            "outside the repository",
        ),
        ("zoom", json!({"id": "retrykit/", "budget": 0}), "too small"),
        (
            "zoom",
            json!({"id": "retrykit/", "budget": 1_000_000}),
            "over the limit",
        ),
        ("search", json!({"query": ""}), "empty"),
        ("search", json!({"query": "   "}), "empty"),
        ("search", json!({"query": huge}), "bytes long"),
        ("search", json!({"query": "retry", "limit": "ten"}), "limit"),
        ("search", json!({"query": "retry", "limit": 0}), "limit"),
        (
            "search",
            json!({"query": "retry", "kind": "gizmo"}),
            "unknown kind",
        ),
        (
            "search",
            json!({"query": "retry", "lang": "cobol"}),
            "unknown language",
        ),
        (
            "search",
            json!({"query": "retry", "path": "../elsewhere/"}),
            "outside the repository",
        ),
        (
            "search",
            json!({"query": "retry", "exclude": ["tests/", "/etc/"]}),
            "outside the repository",
        ),
        ("search", json!({"query": "zzqxv"}), "no node matches"),
        (
            "search",
            json!({"query": "retry", "colour": "red"}),
            "colour",
        ),
        (
            "search",
            json!({"query": "retry", "kind": "k".repeat(300_000)}),
            "`kind` is 300000 bytes",
        ),
        (
            "zoom",
            json!({"id": "retrykit/", "level": "l".repeat(300_000)}),
            "`level` is 300000 bytes",
        ),
        (
            "zoom",
            json!({"id": "retrykit/", "level": [3]}),
            "bad argument `level`",
        ),
        (
            "zoom",
            json!({"id": "~/.ssh/id_rsa"}),
            "outside the repository",
        ),
        (
            "slice",
            json!({"focus": ["../secret.py::leak"]}),
            "outside the repository",
        ),
        (
            "gene",
            json!({"id": "/etc/passwd"}),
            "outside the repository",
        ),
        (
            "pattern",
            json!({"like": "../../elsewhere.py::f"}),
            "outside the repository",
        ),
        (
            "pattern",
            json!({"ast": "time.sleep($D)", "path": "/etc/"}),
            "outside the repository",
        ),
        (
            "semport_plan",
            json!({"to": "rust", "scope": "../elsewhere/"}),
            "outside the repository",
        ),
        ("pattern", json!({"query": "(call"}), "syntax error"),
        ("pattern", json!({"like_text": ""}), "only whitespace"),
        ("pattern", json!({"like_text": " \n\t "}), "only whitespace"),
        (
            "pattern",
            json!({"query": "((#eq? @a \"x\")) @c"}),
            "must hold a node pattern",
        ),
        ("slice", json!({}), "query"),
        ("slice", json!({"query": "retry", "budget": 0}), "too small"),
        ("slice", json!({"focus": ["no/such.py::thing"]}), "no node"),
        ("overview", json!({"budget": -5}), "budget"),
        ("index", json!({"rebuild": "yes"}), "rebuild"),
        ("frobnicate", json!({}), "frobnicate"),
    ];
    for (tool, arguments, expected) in cases {
        let message = refusal(&client, tool, arguments.clone()).await;
        assert!(
            message.to_lowercase().contains(&expected.to_lowercase()),
            "{tool}({}) should explain `{expected}`: {message}",
            arguments.to_string().chars().take(120).collect::<String>()
        );
        let still = answer(
            &client,
            "search",
            json!({"query": "retry policy", "limit": 1}),
        )
        .await;
        assert!(
            still.contains("retrykit/"),
            "the server still answers after {tool}"
        );
    }
    client.cancel().await.expect("the client closes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_shows_up_in_the_next_answer() {
    let repo = indexed("python_repo");
    let client = connect(&repo).await;
    let before = refusal(&client, "search", json!({"query": "frobnicate widgets"})).await;
    assert!(before.contains("no node matches"), "{before}");

    repo.write(
        "retrykit/widgets.py",
        "def frobnicate_widgets(count):\n    \"\"\"Frobnicate the widgets.\"\"\"\n    return count * 2\n",
    );
    let after = answer(&client, "search", json!({"query": "frobnicate widgets"})).await;
    assert!(
        after
            .lines()
            .next()
            .unwrap_or_default()
            .starts_with("- retrykit/widgets.py::frobnicate_widgets "),
        "{after}"
    );

    let policy = repo.read_string("retrykit/policy.py");
    repo.write(
        "retrykit/policy.py",
        policy.replace(
            "def delay_for(self, attempt):",
            "def delay_for(self, attempt):  # edited",
        ),
    );
    let source = answer(
        &client,
        "zoom",
        json!({"id": "retrykit/policy.py::RetryPolicy::delay_for", "level": "source"}),
    )
    .await;
    assert!(source.contains("# edited"), "{source}");

    std::fs::remove_file(repo.path("retrykit/widgets.py")).expect("removable");
    let gone = refusal(&client, "zoom", json!({"id": "retrykit/widgets.py"})).await;
    assert!(gone.contains("no node"), "{gone}");
    client.cancel().await.expect("the client closes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_concurrent_calls_all_get_correct_answers() {
    let repo = indexed("python_repo");
    let client = std::sync::Arc::new(connect(&repo).await);
    let calls: Vec<(&str, Value, &str)> = vec![
        (
            "search",
            json!({"query": "jitter spread"}),
            "retrykit/policy.py::jitter",
        ),
        (
            "search",
            json!({"query": "cron schedule"}),
            "retrykit/schedule/cron.py",
        ),
        (
            "zoom",
            json!({"id": "retrykit/policy.py::retry", "level": "source"}),
            "def retry(policy: RetryPolicy):",
        ),
        (
            "zoom",
            json!({"id": "retrykit/util.py"}),
            "retrykit/util.py",
        ),
        (
            "slice",
            json!({"query": "retry an async function", "budget": 1500}),
            "retry_async",
        ),
        (
            "slice",
            json!({"focus": ["retrykit/policy.py::RetryPolicy::exhausted"], "budget": 800}),
            "def exhausted",
        ),
        ("overview", json!({"budget": 600}), "retrykit/"),
        (
            "search",
            json!({"query": "record attempt", "kind": "method"}),
            "RetryPolicy::record_attempt",
        ),
    ];
    let tasks: Vec<_> = calls
        .into_iter()
        .map(|(tool, arguments, expected)| {
            let client = std::sync::Arc::clone(&client);
            tokio::spawn(async move {
                let body = answer(&client, tool, arguments.clone()).await;
                assert!(
                    body.contains(expected),
                    "{tool}({arguments}) lacks `{expected}`: {body}"
                );
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("each call succeeds");
    }
}

/// Polls `search` until it answers; returns the answer and how many calls said the
/// index was still being built.
async fn search_until_answered(client: &Client, query: &str) -> (String, usize) {
    for building in 0..240 {
        let result = call(client, "search", json!({"query": query}))
            .await
            .expect("no protocol error");
        let body = text(&result);
        if result.is_error != Some(true) {
            return (body, building);
        }
        assert!(
            body.contains("is being built") || body.contains("another `pyramid index`"),
            "{body}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("the index was never built");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unindexed_repository_is_indexed_in_the_background() {
    let repo = fixture("rust_repo");
    // Enough files that the build outlasts the handshake and the first call.
    for i in 0..400 {
        repo.write(
            &format!("src/generated/part{i}.rs"),
            format!("/// Part {i}.\npub fn part_{i}(x: u32) -> u32 {{\n    x + {i}\n}}\n"),
        );
    }
    assert!(!repo.index_dir().exists());
    // Calls do not wait: while the index is built they say how far it is.
    let client = connect_with(&repo, &["--wait-ms", "0"]).await;
    let (found, building) = search_until_answered(&client, "commit the writer").await;
    assert!(
        building > 0,
        "the handshake returned before the index was built"
    );
    assert!(found.contains("src/store/writer.rs"), "{found}");
    assert!(repo.index_dir().join("CURRENT").is_file());
    client.cancel().await.expect("the client closes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_build_blocked_by_another_indexer_is_tried_again() {
    let repo = fixture("python_repo");
    let lock = repo.hold_lock();
    let client = connect(&repo).await;
    let blocked = refusal(&client, "search", json!({"query": "retry policy"})).await;
    assert!(blocked.contains("another `pyramid index`"), "{blocked}");
    lock.unlock().expect("unlocked");
    let (found, _) = search_until_answered(&client, "retry policy").await;
    assert!(found.contains("retrykit/policy.py"), "{found}");
    client.cancel().await.expect("the client closes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notes_on_stale_answers_fit_the_budget() {
    let repo = indexed("python_repo");
    let client = connect(&repo).await;
    let lock = repo.hold_lock();
    let policy = repo.read_string("retrykit/policy.py");
    repo.write("retrykit/policy.py", format!("{policy}\n# edited\n"));
    let calls = [
        (
            "zoom",
            json!({"id": "retrykit/policy.py", "level": "source", "budget": 120}),
        ),
        ("slice", json!({"query": "retry delay", "budget": 300})),
        ("overview", json!({"budget": 200})),
    ];
    for (tool, arguments) in calls {
        let budget = arguments["budget"].as_u64().expect("a budget") as usize;
        let body = answer(&client, tool, arguments).await;
        assert!(
            common::tokens(&body) <= budget,
            "{tool} over {budget}: {body}"
        );
        assert!(
            body.contains("note: the index could not be refreshed"),
            "{tool}: {body}"
        );
    }
    lock.unlock().expect("unlocked");
    let fresh = answer(
        &client,
        "zoom",
        json!({"id": "retrykit/policy.py", "level": "source"}),
    )
    .await;
    assert!(
        fresh.contains("# edited") && !fresh.contains("note:"),
        "{fresh}"
    );
    client.cancel().await.expect("the client closes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn index_refreshes_and_rebuilds() {
    let repo = indexed("python_repo");
    let client = connect(&repo).await;
    let refreshed = answer(&client, "index", json!({})).await;
    assert!(
        refreshed.starts_with("indexed 6 files and 4 text files (0 parsed, 10 unchanged)"),
        "{refreshed}"
    );
    let rebuilt = answer(&client, "index", json!({"rebuild": true})).await;
    assert!(
        rebuilt.starts_with("indexed 6 files and 4 text files (10 parsed, 0 unchanged)"),
        "{rebuilt}"
    );
    let found = answer(&client, "search", json!({"query": "jitter spread"})).await;
    assert!(found.contains("retrykit/policy.py::jitter"), "{found}");
    client.cancel().await.expect("the client closes");
}

#[test]
fn stdout_carries_only_protocol_messages_and_closing_stdin_ends_the_server() {
    let repo = indexed("python_repo");
    // A client that sends its requests and closes stdin at once; the server answers
    // what it got, then exits cleanly.
    let requests = [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "test", "version": "0"}}}),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
            "name": "search", "arguments": {"query": "retry policy"}}}),
    ];
    let input: String = requests.iter().map(|r| format!("{r}\n")).collect();
    let output = repo
        .cmd()
        .args(["mcp", "--log-level", "debug"])
        .write_stdin(input)
        .output()
        .expect("the server runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let ids: Vec<Value> = stdout
        .lines()
        .map(|line| {
            let message: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("stdout holds only JSON-RPC ({e}): {line}"));
            assert_eq!(message["jsonrpc"], "2.0", "{line}");
            message["id"].clone()
        })
        .collect();
    assert!(ids.contains(&json!(1)), "initialize answered: {stdout}");
    assert!(
        ids.contains(&json!(2)),
        "the call sent before stdin closed is answered: {stdout}"
    );

    let silent = repo
        .cmd()
        .arg("mcp")
        .write_stdin("")
        .output()
        .expect("runs");
    assert!(silent.status.success(), "no client: a clean exit");
    assert!(silent.stdout.is_empty());
}

/// The lines of a `gene_find` answer for one candidate: `- ID (kind) — gist [score]`
/// and the closure line under it.
fn candidate_lines<'a>(answer: &'a str, id: &str) -> Option<(&'a str, &'a str)> {
    let lines: Vec<&str> = answer.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(&format!("- {id} (")))?;
    Some((lines[at], lines.get(at + 1).copied().unwrap_or_default()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gene_answers_with_the_exemplar_its_helpers_and_its_test() {
    for (fixture, entry, helper, test, unused) in [
        (
            "gene-py",
            "shop/pricing.py::checkout_total",
            "shop/pricing.py::_with_tax",
            "tests/test_pricing.py::test_checkout_total_adds_tax",
            "def banner(",
        ),
        (
            "gene-rs",
            "src/pricing.rs::checkout_total",
            "src/pricing.rs::with_tax",
            "src/pricing.rs::tests::checkout_total_adds_tax",
            "pub fn banner(",
        ),
    ] {
        let repo = indexed(fixture);
        let client = connect(&repo).await;
        let gene = answer(&client, "gene", json!({"id": entry})).await;
        assert!(gene.starts_with(&format!("# Gene of {entry}\n")), "{gene}");
        for id in [entry, helper, test] {
            assert!(
                gene.contains(&format!("\n#### {id} L")),
                "`{id}` is shown: {gene}"
            );
        }
        assert!(!gene.contains(unused), "{gene}");
        assert!(common::tokens(&gene) <= 6000, "the default budget");
        // The same text as the command line's.
        assert_eq!(gene, repo.run(&["gene", entry]), "{fixture}");

        // Smaller budgets: the answer fits, the exemplar is still shown, and what
        // does not fit is named.
        for budget in [300, 600, 1000] {
            let small = answer(&client, "gene", json!({"id": entry, "budget": budget})).await;
            assert!(
                common::tokens(&small) <= budget,
                "{fixture} at {budget}: {small}"
            );
            assert!(
                small.contains(&format!("\n#### {entry} L")),
                "{fixture} at {budget}: {small}"
            );
        }
        let near = answer(&client, "gene", json!({"id": entry, "depth": 1})).await;
        assert!(near.contains("\n## Left out\n"), "{near}");
        client.cancel().await.expect("the client closes");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gene_find_lists_candidates_with_their_closure() {
    let repo = indexed("gene-py");
    let client = connect(&repo).await;
    let found = answer(&client, "gene_find", json!({"query": "total with tax"})).await;
    let (head, detail) = candidate_lines(&found, "shop/pricing.py::checkout_total")
        .unwrap_or_else(|| panic!("no candidate line for checkout_total: {found}"));
    assert!(
        head.starts_with("- shop/pricing.py::checkout_total (function) — "),
        "{head}"
    );
    assert!(detail.starts_with("  4 definitions, "), "{detail}");
    assert!(detail.contains(", 1 test"), "{detail}");
    assert!(
        detail.ends_with("pyramid gene shop/pricing.py::checkout_total"),
        "{detail}"
    );
    assert!(
        candidate_lines(&found, "shop/pricing.py::banner").is_none(),
        "{found}"
    );
    let one = answer(
        &client,
        "gene_find",
        json!({"query": "total with tax", "limit": 1}),
    )
    .await;
    assert_eq!(
        one.lines().filter(|l| l.starts_with("- ")).count(),
        1,
        "{one}"
    );
    client.cancel().await.expect("the client closes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gene_bad_arguments_are_errors_a_model_can_act_on() {
    let repo = indexed("gene-py");
    let client = connect(&repo).await;
    let entry = "shop/pricing.py::checkout_total";
    let cases: Vec<(&str, Value, &[&str])> = vec![
        (
            "gene",
            json!({"id": entry, "depth": 0}),
            &["depth", "1 to 10"],
        ),
        (
            "gene",
            json!({"id": entry, "depth": 11}),
            &["depth", "1 to 10"],
        ),
        ("gene", json!({"id": entry, "colour": "red"}), &["colour"]),
        ("gene", json!({}), &["id"]),
        ("gene", json!({"id": entry, "budget": "lots"}), &["budget"]),
        ("gene", json!({"id": entry, "budget": 0}), &["too small"]),
        (
            "gene",
            json!({"id": entry, "budget": 1_000_000}),
            &["over the limit"],
        ),
        (
            "gene",
            json!({"id": "shop/pricing.py::checkout_totl"}),
            &["did you mean `shop/pricing.py::checkout_total`"],
        ),
        (
            "gene",
            json!({"id": "shop/"}),
            &["a gene grows from a function, type or file"],
        ),
        ("gene_find", json!({"query": ""}), &["empty"]),
        ("gene_find", json!({"query": "tax", "limit": 0}), &["limit"]),
        (
            "gene_find",
            json!({"query": "tax", "limit": 31}),
            &["limit"],
        ),
        ("gene_find", json!({"query": "tax", "depth": 2}), &["depth"]),
        (
            "gene_find",
            json!({"query": "zzqxv wibble"}),
            &["nothing matches"],
        ),
    ];
    for (tool, arguments, expected) in cases {
        let message = refusal(&client, tool, arguments.clone()).await;
        for words in expected {
            assert!(
                message.to_lowercase().contains(&words.to_lowercase()),
                "{tool}({arguments}) should explain `{words}`: {message}"
            );
        }
        let still = answer(&client, "gene", json!({"id": entry, "budget": 1000})).await;
        assert!(
            still.starts_with(&format!("# Gene of {entry}")),
            "the server still answers after {tool}({arguments})"
        );
    }
    // The smallest budget the schema allows: an answer within it that shows the
    // exemplar, or an error that names the parameter to raise (not a CLI flag).
    match call(&client, "gene", json!({"id": entry, "budget": 100}))
        .await
        .expect("no protocol error")
    {
        result if result.is_error == Some(true) => {
            let message = text(&result);
            assert!(message.contains("budget"), "{message}");
            assert!(!message.contains("--"), "{message}");
        }
        result => {
            let body = text(&result);
            assert!(common::tokens(&body) <= 100, "{body}");
            assert!(body.contains(&format!("\n#### {entry} L")), "{body}");
        }
    }
    client.cancel().await.expect("the client closes");
}

/// The `semport-py` fixture, indexed, with its Rust port (`semport-rs`) inside it as
/// `port-rs/` (the MCP server reads no target outside the repository), linked by the
/// command line; returns both.
fn linked_port() -> (Repo, Repo) {
    let py = indexed("semport-py");
    let copy = fixture("semport-rs");
    std::fs::rename(&copy.root, py.path("port-rs")).expect("movable");
    let rs = Repo {
        tmp: copy.tmp,
        root: py.path("port-rs"),
    };
    let target = rs.root.to_str().expect("a UTF-8 path").to_string();
    let report = py.json(&["semport", "link", "--auto", "--target-repo", &target]);
    assert_eq!(
        report["linked"].as_array().map(Vec::len),
        Some(4),
        "{report}"
    );
    (py, rs)
}

/// The `## Step` sections of a plan, each with its heading.
fn plan_steps(plan: &str) -> Vec<&str> {
    plan.split("\n## Step ").skip(1).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn semport_plan_shows_the_steps_within_its_budget() {
    let (py, _rs) = linked_port();
    let client = connect(&py).await;
    let plan = answer(&client, "semport_plan", json!({"to": "rust"})).await;
    assert!(plan.starts_with("# Port plan: . → rust\n"), "{plan}");
    assert!(common::tokens(&plan) <= 6000, "the default budget");
    let steps = plan_steps(&plan);
    assert_eq!(steps.len(), 10, "{plan}");
    let parity: Vec<&&str> = steps
        .iter()
        .filter(|s| s.contains("### textkit/parity.py::is_even "))
        .collect();
    assert_eq!(parity.len(), 1, "{plan}");
    assert!(
        parity[0].contains("### textkit/parity.py::is_odd ")
            && parity[0].matches("\n### ").count() == 2,
        "is_even and is_odd in one step, alone: {}",
        parity[0]
    );
    // What the command line links shows up as ported.
    assert!(
        plan.contains("Ported as src/words.rs::split_words."),
        "{plan}"
    );
    // The same text as the command line's.
    assert_eq!(plan, py.run(&["semport", "plan", "--to", "rust"]));

    let scoped = answer(
        &client,
        "semport_plan",
        json!({"to": "rust", "scope": "textkit/words.py"}),
    )
    .await;
    assert_eq!(plan_steps(&scoped).len(), 3, "{scoped}");
    assert!(!scoped.contains("textkit/parity.py"), "{scoped}");

    for budget in [150, 300, 600] {
        let small = answer(
            &client,
            "semport_plan",
            json!({"to": "rust", "budget": budget}),
        )
        .await;
        assert!(common::tokens(&small) <= budget, "over {budget}: {small}");
        assert!(small.starts_with("# Port plan: . → rust\n"), "{small}");
        let marker = small.lines().last().unwrap_or_default();
        assert!(
            marker.contains(&format!("within the {budget}-token budget"))
                && marker.contains("more step")
                && marker.contains("scope"),
            "says how to see the rest: {marker}"
        );
    }
    client.cancel().await.expect("the client closes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn semport_status_answers_with_the_totals() {
    let (py, rs) = linked_port();
    let client = connect(&py).await;
    let status = answer(&client, "semport_status", json!({})).await;
    assert!(
        status.starts_with(
            "port of .: 4 of 11 units ported and fresh (36.4%), 0 stale, 0 missing, 7 unported\n"
        ),
        "{status}"
    );
    assert!(
        status.contains("ported    textkit/words.py::count_words → src/words.rs::count_words"),
        "{status}"
    );
    assert_eq!(status, py.run(&["semport", "status"]));

    // An edit of the Rust side shows up in the next answer.
    let words = rs.read_string("src/words.rs");
    let cut = words.find("/// How many words").expect("count_words");
    common::modify(&rs.path("src/words.rs"), &words[..cut]);
    let missing = answer(&client, "semport_status", json!({})).await;
    assert!(
        missing.starts_with(
            "port of .: 3 of 11 units ported and fresh (27.3%), 0 stale, 1 missing, 7 unported\n"
        ) && missing
            .contains("missing   textkit/words.py::count_words → src/words.rs::count_words"),
        "{missing}"
    );
    client.cancel().await.expect("the client closes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn semport_errors_say_what_to_do() {
    let py = indexed("semport-py");
    let client = connect(&py).await;
    let no_map = refusal(&client, "semport_status", json!({})).await;
    assert!(
        no_map.contains("pyramid semport link") && no_map.contains("--target-repo"),
        "{no_map}"
    );
    let cases: Vec<(&str, Value, &[&str])> = vec![
        (
            "semport_plan",
            json!({"to": "go"}),
            &["`go`", "rust", "python"],
        ),
        ("semport_plan", json!({}), &["to"]),
        (
            "semport_plan",
            json!({"to": "python"}),
            &["nothing to port to python"],
        ),
        (
            "semport_plan",
            json!({"to": "rust", "scope": "textkit/word.py"}),
            &["did you mean `textkit/words.py`"],
        ),
        (
            "semport_plan",
            json!({"to": "rust", "budget": 5}),
            &["too small"],
        ),
        ("semport_status", json!({"target": "x"}), &["target"]),
    ];
    for (tool, arguments, expected) in cases {
        let message = refusal(&client, tool, arguments.clone()).await;
        for words in expected {
            assert!(
                message.to_lowercase().contains(&words.to_lowercase()),
                "{tool}({arguments}) should explain `{words}`: {message}"
            );
        }
    }
    // The server still answers.
    let plan = answer(&client, "semport_plan", json!({"to": "rust"})).await;
    assert!(plan.starts_with("# Port plan: . → rust\n"), "{plan}");

    // A malformed map is named, with what to do.
    std::fs::write(py.index_dir().join("semport.toml"), "unit = 3\n[[\n").expect("writable");
    for (tool, arguments) in [
        ("semport_status", json!({})),
        ("semport_plan", json!({"to": "rust"})),
    ] {
        let bad = refusal(&client, tool, arguments).await;
        assert!(
            bad.contains("semport.toml") && bad.contains("delete it"),
            "{tool}: {bad}"
        );
    }
    client.cancel().await.expect("the client closes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_over_its_budget_is_cut_between_steps() {
    let (py, _rs) = linked_port();
    let client = connect(&py).await;
    let full = answer(&client, "semport_plan", json!({"to": "rust"})).await;
    for budget in [300, 600, 900] {
        let small = answer(
            &client,
            "semport_plan",
            json!({"to": "rust", "budget": budget}),
        )
        .await;
        assert!(common::tokens(&small) <= budget, "over {budget}: {small}");
        let kept = &small[..small.trim_end().rfind('\n').map_or(0, |at| at + 1)];
        assert!(
            full.starts_with(kept),
            "the cut answer is the start of the plan: {small}"
        );
        let fences = kept.lines().filter(|l| l.starts_with("```")).count();
        assert!(
            fences % 2 == 0,
            "at {budget}: the cut leaves a code block open (the schema says a plan is cut at a step):\n{small}"
        );
        assert!(
            full[kept.len()..]
                .trim_start_matches('\n')
                .starts_with("## Step "),
            "at {budget}: not cut at a step:\n{small}"
        );
    }
    client.cancel().await.expect("the client closes");
}
