//! `pyramid mcp` at the protocol level, through raw stdio sessions: requests piped
//! then stdin closed, and the malformed input a real MCP client never sends. Each
//! reply is checked as JSON-RPC 2.0 and MCP say it should be.

mod common;

#[path = "common/raw_mcp.rs"]
mod raw_mcp;

use common::{Repo, fixture};
use raw_mcp::{
    RawSession, error_of, exchange, initialize_request, initialized_notification, lines, ping,
    result_text, tool_call,
};
use serde_json::{Value, json};

/// A fixture copy whose index exists, so sessions do not start a build.
fn indexed() -> Repo {
    let repo = fixture("rust_repo");
    repo.index(&[]);
    repo
}

/// `initialize`, `notifications/initialized`, then `messages`, as lines.
fn after_handshake(messages: &[Value]) -> Vec<u8> {
    let mut all = vec![initialize_request(), initialized_notification()];
    all.extend_from_slice(messages);
    lines(&all)
}

#[test]
fn requests_piped_into_an_unindexed_repository_are_all_answered_and_the_index_is_built() {
    let repo = fixture("rust_repo");
    // Enough files that the first build outlasts the 5 s rmcp gave in-flight answers
    // after end of input: that is when the answers were lost.
    for i in 0..2000 {
        repo.write(
            &format!("src/generated/part{i}.rs"),
            format!("/// Part {i}.\npub fn part_{i}(x: u32) -> u32 {{\n    x + {i}\n}}\n"),
        );
    }
    assert!(!repo.index_dir().exists());
    // The README's session, and a search: written at once, then stdin closed. Calls
    // may wait for the first build as long as it takes, so that the answers are real.
    let input = after_handshake(&[
        tool_call(json!(1), "overview", json!({"budget": 300})),
        tool_call(json!(2), "search", json!({"query": "commit the writer"})),
    ]);
    let ended = exchange(&repo, &["--wait-ms", "600000"], &input);
    ended.assert_success();
    assert_eq!(ended.replies.len(), 3, "{:#?}", ended.replies);
    assert!(ended.one(&json!("init")).get("result").is_some());
    let overview = result_text(ended.one(&json!(1)));
    assert!(overview.contains("src/generated"), "{overview}");
    let found = result_text(ended.one(&json!(2)));
    assert!(found.contains("src/store/writer.rs"), "{found}");
    assert!(
        !ended.stderr.contains("timed out"),
        "no answer was abandoned: {}",
        ended.stderr
    );
    assert!(repo.index_dir().join("CURRENT").is_file());
    assert_eq!(repo.index_folders(), 1);
}

#[test]
fn closing_stdin_during_the_first_build_lets_the_build_finish() {
    let repo = fixture("rust_repo");
    // Enough files that the build is still going when the handshake is done.
    for i in 0..300 {
        repo.write(
            &format!("src/generated/part{i}.rs"),
            format!("/// Part {i}.\npub fn part_{i}(x: u32) -> u32 {{\n    x + {i}\n}}\n"),
        );
    }
    let ended = exchange(&repo, &[], &after_handshake(&[]));
    ended.assert_success();
    assert_eq!(ended.replies.len(), 1, "{:#?}", ended.replies);
    // The index the server left is complete: nothing in the tree is missing from it.
    let status = repo.run(&["status"]);
    assert!(
        status.starts_with("fresh: ") && status.contains("files indexed"),
        "the build finished before the server exited:\n{status}"
    );
}

#[test]
fn a_line_that_is_not_json_is_a_parse_error_with_a_null_id() {
    let repo = indexed();
    let mut input = after_handshake(&[]);
    input.extend_from_slice(b"hello, server\n");
    input.extend(lines(&[ping(json!(5))]));
    let ended = exchange(&repo, &[], &input);
    ended.assert_success();
    let error = ended.one(&Value::Null);
    let message = error_of(error, -32700, &Value::Null);
    assert!(message.contains("not JSON"), "{message}");
    assert!(
        message.contains("one JSON-RPC 2.0 message per line"),
        "{message}"
    );
    // The session goes on.
    assert_eq!(ended.one(&json!(5))["result"], json!({}));
}

#[test]
fn invalid_utf8_is_a_parse_error_with_a_null_id() {
    let repo = indexed();
    let mut input = after_handshake(&[]);
    input.extend_from_slice(
        b"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\",\"x\":\"\xff\xfe\"}\n",
    );
    input.extend(lines(&[ping(json!(4))]));
    let ended = exchange(&repo, &[], &input);
    ended.assert_success();
    let message = error_of(ended.one(&Value::Null), -32700, &Value::Null);
    assert!(message.contains("not UTF-8"), "{message}");
    assert!(
        ended.with_id(&json!(3)).is_empty(),
        "the bad line is not run"
    );
    assert_eq!(ended.one(&json!(4))["result"], json!({}));
}

#[test]
fn a_ten_megabyte_line_is_a_parse_error_and_the_session_goes_on() {
    let repo = indexed();
    let mut session = RawSession::start(&repo, &[]);
    session.initialize();
    let mut garbage = vec![b'x'; 10 * 1024 * 1024];
    garbage.push(b'\n');
    session.send_bytes(&garbage);
    let reply = session.next_reply();
    let message = error_of(&reply, -32700, &Value::Null);
    assert!(message.contains("longer than"), "{message}");
    assert!(message.contains("send smaller messages"), "{message}");
    session.send(&ping(json!(6)));
    assert_eq!(session.next_reply()["id"], 6);
    let ended = session.close();
    ended.assert_success();
    assert!(
        ended.replies.is_empty(),
        "one reply per line: {:?}",
        ended.replies
    );
}

#[test]
fn json_nested_100000_deep_is_a_parse_error_not_a_crash() {
    let repo = indexed();
    let mut input = after_handshake(&[]);
    input.extend("[".repeat(100_000).into_bytes());
    input.push(b'\n');
    input.extend(r#"{"a":"#.repeat(100_000).into_bytes());
    input.push(b'\n');
    input.extend(lines(&[ping(json!(7))]));
    let ended = exchange(&repo, &[], &input);
    ended.assert_success();
    let errors = ended.with_id(&Value::Null);
    assert_eq!(errors.len(), 2, "{:#?}", ended.replies);
    for error in errors {
        let message = error_of(error, -32700, &Value::Null);
        assert!(message.contains("nested more than 128 levels"), "{message}");
    }
    assert_eq!(ended.one(&json!(7))["result"], json!({}));
}

#[test]
fn tools_call_without_params_is_invalid_params_saying_what_they_look_like() {
    let repo = indexed();
    let input = after_handshake(&[
        json!({"jsonrpc": "2.0", "id": 8, "method": "tools/call"}),
        json!({"jsonrpc": "2.0", "id": 9, "method": "tools/call", "params": {"arguments": {}}}),
        json!({"jsonrpc": "2.0", "id": 10, "method": "tools/call", "params": [1]}),
    ]);
    let ended = exchange(&repo, &[], &input);
    ended.assert_success();
    for id in [8, 9] {
        let message = error_of(ended.one(&json!(id)), -32602, &json!(id));
        assert!(message.contains("`tools/call` needs `params`"), "{message}");
        assert!(message.contains(r#""name": "search""#), "{message}");
        assert!(message.contains("tools/list"), "{message}");
    }
    let message = error_of(ended.one(&json!(10)), -32602, &json!(10));
    assert!(message.contains("must be an object"), "{message}");
}

#[test]
fn a_call_before_initialize_is_told_to_initialize_first() {
    let repo = indexed();
    let input = lines(&[
        // A notification before `initialize` is dropped and ends nothing.
        initialized_notification(),
        tool_call(json!(11), "overview", json!({})),
        json!({"jsonrpc": "2.0", "id": 12, "method": "tools/list"}),
        ping(json!(13)),
        initialize_request(),
        initialized_notification(),
        tool_call(json!(14), "overview", json!({"budget": 200})),
    ]);
    let ended = exchange(&repo, &[], &input);
    ended.assert_success();
    for id in [11, 12] {
        let message = error_of(ended.one(&json!(id)), -32600, &json!(id));
        assert!(
            message.contains("not initialized")
                && message.contains("send an `initialize` request first"),
            "{message}"
        );
        assert!(!message.contains("_meta"), "{message}");
    }
    assert_eq!(
        ended.one(&json!(13))["result"],
        json!({}),
        "ping needs no handshake"
    );
    assert!(ended.one(&json!("init")).get("result").is_some());
    assert!(result_text(ended.one(&json!(14))).contains("src/store"));
    // A second `initialize` is refused.
    let again = lines(&[initialize_request(), {
        let mut second = initialize_request();
        second["id"] = json!("again");
        second
    }]);
    let ended = exchange(&repo, &[], &again);
    ended.assert_success();
    let message = error_of(ended.one(&json!("again")), -32600, &json!("again"));
    assert!(message.contains("already initialized"), "{message}");
}

#[test]
fn requests_piped_without_initialize_are_all_answered_before_the_server_ends() {
    // The guard's refusals used to be lost at random when input ended before any
    // `initialize` (rmcp's handshake failed and the server exited before writing
    // them): several sessions, so that such a race shows.
    let repo = indexed();
    let input = [
        json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}).to_string(),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}).to_string(),
        "not json at all".to_string(),
        ping(json!(3)).to_string(),
    ]
    .map(|line| line + "\n")
    .concat();
    for _ in 0..5 {
        let ended = exchange(&repo, &[], input.as_bytes());
        ended.assert_success();
        assert_eq!(
            ended.replies.len(),
            4,
            "one reply per request: {:#?}",
            ended.replies
        );
        for id in [1, 2] {
            let message = error_of(ended.one(&json!(id)), -32600, &json!(id));
            assert!(
                message.contains("send an `initialize` request first"),
                "{message}"
            );
        }
        error_of(ended.one(&Value::Null), -32700, &Value::Null);
        assert_eq!(ended.one(&json!(3))["result"], json!({}));
    }
    // One request alone, the tester's shortest case.
    for _ in 0..5 {
        let ended = exchange(
            &repo,
            &[],
            &lines(&[json!({"jsonrpc": "2.0", "id": 7, "method": "tools/list"})]),
        );
        ended.assert_success();
        assert_eq!(ended.replies.len(), 1, "{:#?}", ended.replies);
        error_of(ended.one(&json!(7)), -32600, &json!(7));
    }
}

#[test]
fn json_that_is_not_a_request_is_an_invalid_request_with_a_null_id() {
    let repo = indexed();
    let cases: [(&str, &str); 7] = [
        ("[]", "batches"),
        (r#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#, "batches"),
        ("{}", "needs `method`"),
        ("123", "not a number"),
        ("null", "not null"),
        (r#""ping""#, "not a string"),
        (
            r#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#,
            "`id` must be a string or an integer",
        ),
    ];
    for (line, expected) in cases {
        let mut input = after_handshake(&[]);
        input.extend(format!("{line}\n").into_bytes());
        let ended = exchange(&repo, &[], &input);
        ended.assert_success();
        assert_eq!(ended.replies.len(), 2, "{line}: {:#?}", ended.replies);
        let message = error_of(ended.one(&Value::Null), -32600, &Value::Null);
        assert!(message.contains(expected), "{line}: {message}");
        assert!(
            message.contains("send") || message.contains("such as"),
            "{line}: {message}"
        );
    }
    // With an id that can be read, the error carries it.
    let mut input = after_handshake(&[]);
    input.extend(b"{\"jsonrpc\":\"1.0\",\"id\":15,\"method\":\"ping\"}\n");
    let ended = exchange(&repo, &[], &input);
    let message = error_of(ended.one(&json!(15)), -32600, &json!(15));
    assert!(message.contains(r#"`jsonrpc` must be "2.0""#), "{message}");
}

#[test]
fn an_unknown_method_is_not_found_with_the_methods_to_call() {
    let repo = indexed();
    let input = after_handshake(&[
        json!({"jsonrpc": "2.0", "id": 16, "method": "tools/run"}),
        json!({"jsonrpc": "2.0", "id": 17, "method": "resources/list"}),
    ]);
    let ended = exchange(&repo, &[], &input);
    ended.assert_success();
    for (id, method) in [(16, "tools/run"), (17, "resources/list")] {
        let message = error_of(ended.one(&json!(id)), -32601, &json!(id));
        assert!(message.contains(&format!("`{method}`")), "{message}");
        assert!(message.contains("`tools/call`"), "{message}");
        assert!(message.contains("call `tools/list`"), "{message}");
    }
}

#[test]
fn two_requests_with_one_id_get_two_answers() {
    let repo = indexed();
    // A rebuild keeps the first request busy while the second is read.
    let input = after_handshake(&[
        tool_call(json!(18), "index", json!({"rebuild": true})),
        tool_call(json!(18), "overview", json!({"budget": 200})),
    ]);
    let ended = exchange(&repo, &["--wait-ms", "600000"], &input);
    ended.assert_success();
    let answers = ended.with_id(&json!(18));
    assert_eq!(answers.len(), 2, "{:#?}", ended.replies);
    // The second is refused while the first is in progress (or, if the first was
    // done already, answered like any other request).
    for answer in &answers {
        if answer.get("error").is_some() {
            let message = error_of(answer, -32600, &json!(18));
            assert!(
                message.contains("already used by a request still in progress"),
                "{message}"
            );
            assert!(message.contains("unused id"), "{message}");
        }
    }
    assert!(
        answers
            .iter()
            .any(|a| a.get("result").is_some() && result_text(a).starts_with("indexed ")),
        "the rebuild is answered: {answers:#?}"
    );
}
