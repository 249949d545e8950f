//! Raw stdio sessions with `pyramid mcp`: bytes written to its stdin, its stdout read
//! line by line as JSON, for the protocol cases a real MCP client never produces.
//! Declared by those tests with `#[path = "common/raw_mcp.rs"] mod raw_mcp;`.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;

use serde_json::{Value, json};

use crate::common::{HANG, Repo, pyramid_process};

/// `pyramid mcp` running on a repository, its stdin open.
pub struct RawSession {
    child: Child,
    stdin: Option<ChildStdin>,
    /// Stdout, one line at a time, as the server wrote it.
    lines: mpsc::Receiver<String>,
    stderr: Option<JoinHandle<String>>,
}

/// What a session printed once its stdin was closed and it exited.
pub struct Ended {
    /// Every message on stdout, in order; each checked to be JSON-RPC 2.0.
    pub replies: Vec<Value>,
    /// How the server exited.
    pub status: ExitStatus,
    /// Its logs.
    pub stderr: String,
}

/// The `initialize` request a client sends first, with id `"init"`.
pub fn initialize_request() -> Value {
    json!({"jsonrpc": "2.0", "id": "init", "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "raw-test", "version": "0"}}})
}

/// The notification a client sends once `initialize` is answered.
pub fn initialized_notification() -> Value {
    json!({"jsonrpc": "2.0", "method": "notifications/initialized"})
}

/// A `tools/call` request.
pub fn tool_call(id: Value, tool: &str, arguments: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
        "params": {"name": tool, "arguments": arguments}})
}

/// A `ping` request.
pub fn ping(id: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "ping"})
}

impl RawSession {
    /// Starts `pyramid mcp --repo <root> <extra>` with piped stdio.
    pub fn start(repo: &Repo, extra: &[&str]) -> RawSession {
        let mut child = pyramid_process()
            .arg("mcp")
            .arg("--repo")
            .arg(&repo.root)
            .args(extra)
            .current_dir(repo.tmp.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().expect("piped");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let line = line.expect("stdout is UTF-8 text");
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let mut stderr = child.stderr.take().expect("piped");
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        RawSession {
            stdin: child.stdin.take(),
            child,
            lines,
            stderr: Some(stderr),
        }
    }

    /// Writes raw bytes to the server's stdin.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("the server reads its stdin");
        stdin.flush().expect("flushed");
    }

    /// Writes a message as one line.
    pub fn send(&mut self, message: &Value) {
        self.send_bytes(format!("{message}\n").as_bytes());
    }

    /// The next message on stdout; fails the test when none comes within `HANG`.
    pub fn next_reply(&self) -> Value {
        let line = self
            .lines
            .recv_timeout(HANG)
            .expect("the server answers (stdout ended or nothing came)");
        parse_reply(&line)
    }

    /// Sends `initialize` and `notifications/initialized`; returns the `initialize`
    /// answer.
    pub fn initialize(&mut self) -> Value {
        self.send(&initialize_request());
        let reply = self.next_reply();
        assert_eq!(reply["id"], "init", "initialize is answered first: {reply}");
        assert!(
            reply.get("result").is_some(),
            "initialize succeeds: {reply}"
        );
        self.send(&initialized_notification());
        reply
    }

    /// Closes stdin, reads stdout to its end and waits for the server to exit.
    pub fn close(mut self) -> Ended {
        drop(self.stdin.take());
        let mut replies = Vec::new();
        loop {
            match self.lines.recv_timeout(HANG) {
                Ok(line) => replies.push(parse_reply(&line)),
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let _ = self.child.kill();
                    panic!("the server did not end after stdin closed; it wrote {replies:?}");
                }
            }
        }
        let status = self.child.wait().expect("the server exits");
        let stderr = self
            .stderr
            .take()
            .expect("read once")
            .join()
            .expect("stderr is read");
        Ended {
            replies,
            status,
            stderr,
        }
    }
}

impl Drop for RawSession {
    fn drop(&mut self) {
        // A test that failed midway must not leave a server behind.
        if self.stdin.is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Parses one stdout line, which must be a JSON-RPC 2.0 message and nothing else.
pub fn parse_reply(line: &str) -> Value {
    let message: Value = serde_json::from_str(line)
        .unwrap_or_else(|e| panic!("stdout holds only JSON-RPC messages ({e}): {line:?}"));
    assert_eq!(message["jsonrpc"], "2.0", "{line}");
    message
}

/// Starts a session, writes `input` (raw bytes), closes stdin and returns all the
/// server wrote. The session is not initialized unless `input` does it.
pub fn exchange(repo: &Repo, extra: &[&str], input: &[u8]) -> Ended {
    let mut session = RawSession::start(repo, extra);
    session.send_bytes(input);
    session.close()
}

/// The lines of messages, for `exchange`.
pub fn lines(messages: &[Value]) -> Vec<u8> {
    messages
        .iter()
        .flat_map(|m| format!("{m}\n").into_bytes())
        .collect()
}

impl Ended {
    /// The replies with this id.
    pub fn with_id(&self, id: &Value) -> Vec<&Value> {
        self.replies
            .iter()
            .filter(|reply| reply.get("id") == Some(id))
            .collect()
    }

    /// The only reply with this id.
    pub fn one(&self, id: &Value) -> &Value {
        let found = self.with_id(id);
        assert_eq!(
            found.len(),
            1,
            "one reply with id {id}; all replies: {:#?}\nstderr:\n{}",
            self.replies,
            self.stderr
        );
        found[0]
    }

    /// Asserts a clean exit.
    pub fn assert_success(&self) {
        assert!(
            self.status.success(),
            "the server exits 0 ({:?}); stderr:\n{}",
            self.status,
            self.stderr
        );
    }
}

/// Asserts that `reply` is a JSON-RPC error with `code` and an explicit `id` equal
/// to `id`; returns its message.
pub fn error_of(reply: &Value, code: i64, id: &Value) -> String {
    assert_eq!(
        reply.get("id"),
        Some(id),
        "the error carries the id (`null` when none could be read): {reply}"
    );
    assert!(
        reply.get("result").is_none(),
        "an error, not a result: {reply}"
    );
    assert_eq!(reply["error"]["code"], json!(code), "{reply}");
    reply["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("the error has a message: {reply}"))
        .to_string()
}

/// The text of a `tools/call` result.
pub fn result_text(reply: &Value) -> String {
    reply["result"]["content"]
        .as_array()
        .unwrap_or_else(|| panic!("a tool result: {reply}"))
        .iter()
        .filter_map(|block| block["text"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
}
