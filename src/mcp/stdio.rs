//! The stdio transport: one JSON-RPC message per line, checked before rmcp sees it.
//!
//! rmcp's own line transport drops what it cannot parse without a reply, answers some
//! malformed messages without an `id`, lets a request reach a tool before `initialize`,
//! and ends the session at end of input while answers are still being computed. This
//! transport stands in front of rmcp and keeps rmcp for every valid message:
//!
//! - a line that is not UTF-8, not JSON, nested deeper than serde_json's recursion
//!   limit (128) or longer than [`MAX_LINE_BYTES`] is answered `-32700` (parse error)
//!   with `"id": null`; an oversized line is answered as soon as it passes the limit
//!   and the rest of it is skipped, never buffered;
//! - JSON that is not a request (`123`, `null`, `{}`, a bad `id` or `jsonrpc`) is
//!   answered `-32600` (invalid request), with the request's id when it can be read and
//!   `null` otherwise; an array is a batch, which MCP 2025-06-18 removed, answered
//!   `-32600` saying to send each message on its own line;
//! - a request before `initialize` (other than `ping`, or one carrying the 2026-07-28
//!   per-request `_meta` lifecycle, which rmcp serves) is answered `-32600` saying to
//!   send `initialize` first; a second `initialize` is refused the same way;
//!   notifications before `initialize` are dropped (rmcp would end the session);
//! - a request whose id is already used by a request still in progress is answered
//!   `-32600`, since MCP requires a fresh id per request and the two answers could not
//!   be told apart; the request in progress is answered as usual;
//! - a served method whose `params` do not fit (`tools/call` without `params`) is
//!   answered `-32602` (invalid params) saying what the params look like; rmcp's
//!   `-32601` (method not found) is reworded to list the methods served.
//!
//! Notifications are never answered, as JSON-RPC says, even when malformed. At end
//! of input the transport reports the end to rmcp only once every request it passed on
//! has been answered (or cancelled by the client) and every reply is written, so a
//! client that writes its requests and closes stdin gets every answer, even when it
//! never sent `initialize`. All output goes through one writer task, a whole
//! line at a time, so replies from the guard and from rmcp never interleave mid-line.

use std::collections::HashMap;
use std::io;
use std::time::Duration;

use rmcp::RoleServer;
use rmcp::model::{
    CallToolRequestParams, ClientJsonRpcMessage, ClientNotification, ClientRequest, ErrorCode,
    InitializeRequestParams, JsonRpcMessage, PaginatedRequestParams, RequestId,
    ServerJsonRpcMessage,
};
use rmcp::transport::Transport;
use serde_json::{Map, Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// The longest line read as a message: far above any valid request (a tool's text
/// arguments are capped at 100 kB), low enough that a line without an end cannot
/// exhaust memory.
pub const MAX_LINE_BYTES: usize = 4 * 1024 * 1024;

/// How long, after end of input, the transport waits for the answers still owed
/// before giving up on them. Every tool answers within its own limits (a call waits at
/// most `--wait-ms` for the index); this only bounds a bug.
const ANSWER_GRACE: Duration = Duration::from_secs(600);

/// How long closing waits for the last lines to be written to a client that may have
/// stopped reading.
const CLOSE_GRACE: Duration = Duration::from_secs(10);

/// Lines queued for the writer before a sender waits.
const QUEUE: usize = 64;

/// The `_meta` key a 2026-07-28 client puts on each request instead of `initialize`.
const INLINE_PROTOCOL_VERSION: &str = "io.modelcontextprotocol/protocolVersion";

/// The methods this server answers, for the method-not-found message.
const SERVED: &str = "`initialize`, `ping`, `tools/list` and `tools/call`";

const PARSE_ERROR: i32 = -32700;
const INVALID_REQUEST: i32 = -32600;
const INVALID_PARAMS: i32 = -32602;

/// A line for the writer, with where to report whether it was written.
struct Outgoing {
    line: Vec<u8>,
    written: Option<oneshot::Sender<io::Result<()>>>,
}

/// How one bounded read of a line ended.
enum LineRead {
    /// A whole line (without its `\n`) is in `line`.
    Line,
    /// The line passed [`MAX_LINE_BYTES`]; what was read of it is dropped.
    Oversized,
    /// End of input; `line` holds any last line without a `\n`.
    Eof,
}

/// What to do with one line of input.
#[derive(Debug)]
enum Verdict {
    /// Hand the message to rmcp.
    Pass(Box<ClientJsonRpcMessage>),
    /// Answer it with this JSON-RPC error.
    Reply(Value),
    /// Nothing to answer (a blank line, a notification, a response).
    Drop,
}

/// The checked stdio transport (see the module documentation).
pub struct GuardedStdio<R> {
    reader: BufReader<R>,
    /// The line read so far; kept here so that a read cancelled by rmcp's `select!`
    /// resumes where it stopped.
    line: Vec<u8>,
    /// Skipping the rest of an oversized line already answered.
    discarding: bool,
    /// When input ended.
    ended: Option<Instant>,
    /// A guard reply not yet queued for the writer.
    pending: Option<Vec<u8>>,
    lifecycle: Lifecycle,
    /// Requests passed to rmcp and not answered yet, with their methods.
    in_flight: HashMap<RequestId, String>,
    out: Option<mpsc::Sender<Outgoing>>,
    writer: Option<JoinHandle<()>>,
}

/// Where the session is in the MCP lifecycle, as far as the guard enforces it.
#[derive(Debug, Default)]
struct Lifecycle {
    /// An `initialize` request was passed on.
    initialized: bool,
}

impl<R: AsyncRead + Unpin + Send> GuardedStdio<R> {
    /// A transport reading `input` and writing to `output`; must be made inside a
    /// tokio runtime (it starts the writer task).
    pub fn new<W: AsyncWrite + Unpin + Send + 'static>(input: R, output: W) -> Self {
        let (out, queue) = mpsc::channel(QUEUE);
        GuardedStdio {
            reader: BufReader::new(input),
            line: Vec::new(),
            discarding: false,
            ended: None,
            pending: None,
            lifecycle: Lifecycle::default(),
            in_flight: HashMap::new(),
            out: Some(out),
            writer: Some(tokio::spawn(write_lines(output, queue))),
        }
    }

    /// Reads one `\n`-terminated line into `self.line` without letting it grow past
    /// [`MAX_LINE_BYTES`]. Cancellation-safe: bytes are moved from the reader's
    /// buffer into `self.line` with no await in between.
    async fn read_line(&mut self) -> io::Result<LineRead> {
        loop {
            let (used, outcome) = {
                let available = self.reader.fill_buf().await?;
                if available.is_empty() {
                    return Ok(LineRead::Eof);
                }
                let newline = available.iter().position(|&b| b == b'\n');
                let take = newline.map_or(available.len(), |at| at + 1);
                if self.discarding {
                    if newline.is_some() {
                        self.discarding = false;
                    }
                    (take, None)
                } else if self.line.len() + newline.unwrap_or(take) > MAX_LINE_BYTES {
                    self.line = Vec::new();
                    self.discarding = newline.is_none();
                    (take, Some(LineRead::Oversized))
                } else {
                    self.line
                        .extend_from_slice(&available[..newline.unwrap_or(take)]);
                    (take, newline.map(|_| LineRead::Line))
                }
            };
            self.reader.consume(used);
            if let Some(outcome) = outcome {
                return Ok(outcome);
            }
        }
    }

    /// Queues the guard's pending reply for the writer (cancellation-safe: the reply
    /// stays pending until a slot is reserved).
    async fn flush_pending(&mut self) {
        let (Some(_), Some(out)) = (&self.pending, &self.out) else {
            return;
        };
        let Ok(permit) = out.reserve().await else {
            // The writer stopped (stdout closed): nobody can read the reply.
            self.pending = None;
            return;
        };
        if let Some(line) = self.pending.take() {
            permit.send(Outgoing {
                line,
                written: None,
            });
        }
    }

    /// Waits until every line queued so far is written (at most [`CLOSE_GRACE`]):
    /// the writer writes in order, so an empty line's report comes after theirs.
    /// Cancellation-safe: dropped, it leaves nothing behind but a line of no bytes.
    async fn drain(&mut self) {
        let Some(out) = &self.out else {
            return;
        };
        let (written, report) = oneshot::channel();
        let queued = out.send(Outgoing {
            line: Vec::new(),
            written: Some(written),
        });
        if tokio::time::timeout(CLOSE_GRACE, async {
            if queued.await.is_ok() {
                let _ = report.await;
            }
        })
        .await
        .is_err()
        {
            tracing::warn!("stdout is not being read: the last answers may be lost");
        }
    }

    /// Decides what to do with a line and records what passing it implies.
    fn judge(&mut self, line: &[u8]) -> Verdict {
        let verdict = judge(line, &self.lifecycle, &self.in_flight);
        if let Verdict::Pass(message) = &verdict {
            match message.as_ref() {
                JsonRpcMessage::Request(request) => {
                    if matches!(request.request, ClientRequest::InitializeRequest(_)) {
                        self.lifecycle.initialized = true;
                    }
                    self.in_flight
                        .insert(request.id.clone(), request.request.method().to_string());
                }
                JsonRpcMessage::Notification(notification) => {
                    // The client gave up on the request: rmcp drops its answer, so do
                    // not wait for one at end of input.
                    if let ClientNotification::CancelledNotification(cancelled) =
                        &notification.notification
                        && let Some(id) = &cancelled.params.request_id
                    {
                        self.in_flight.remove(id);
                    }
                }
                _ => {}
            }
        }
        verdict
    }
}

impl<R: AsyncRead + Unpin + Send + 'static> Transport<RoleServer> for GuardedStdio<R> {
    type Error = io::Error;

    fn send(
        &mut self,
        item: ServerJsonRpcMessage,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send + 'static {
        let line = self.encode(item);
        let out = self.out.clone();
        async move {
            let out = out.ok_or_else(closed)?;
            let (written, report) = oneshot::channel();
            out.send(Outgoing {
                line: line?,
                written: Some(written),
            })
            .await
            .map_err(|_| closed())?;
            report.await.unwrap_or_else(|_| Err(closed()))
        }
    }

    async fn receive(&mut self) -> Option<ClientJsonRpcMessage> {
        loop {
            self.flush_pending().await;
            if let Some(ended) = self.ended {
                if self.in_flight.is_empty() {
                    // rmcp may end without `close` (input ended before `initialize`
                    // fails its handshake): write the guard's replies now.
                    self.drain().await;
                    return None;
                }
                // The answers owed arrive through `send`, which rmcp calls after
                // dropping this future; the next call looks again.
                tokio::time::sleep_until(ended + ANSWER_GRACE).await;
                tracing::warn!(
                    "stdin closed and {} request(s) still unanswered after {} s: giving up on them",
                    self.in_flight.len(),
                    ANSWER_GRACE.as_secs()
                );
                self.in_flight.clear();
                self.drain().await;
                return None;
            }
            let read = match self.read_line().await {
                Ok(read) => read,
                Err(err) => {
                    tracing::error!("cannot read stdin: {err}");
                    self.line.clear();
                    LineRead::Eof
                }
            };
            let verdict = match read {
                LineRead::Line => {
                    let line = std::mem::take(&mut self.line);
                    self.judge(&line)
                }
                LineRead::Oversized => Verdict::Reply(error_reply(
                    None,
                    PARSE_ERROR,
                    format!(
                        "parse error: the message is longer than {MAX_LINE_BYTES} bytes, the most this server reads; send smaller messages, one per line"
                    ),
                )),
                LineRead::Eof => {
                    self.ended = Some(Instant::now());
                    // A last line without its `\n` is still a message.
                    let line = std::mem::take(&mut self.line);
                    self.judge(&line)
                }
            };
            match verdict {
                Verdict::Pass(message) => return Some(*message),
                Verdict::Reply(reply) => self.pending = Some(to_line(&reply)),
                Verdict::Drop => {}
            }
        }
    }

    async fn close(&mut self) -> Result<(), Self::Error> {
        self.flush_pending().await;
        // The writer ends once every sender is gone and the queue is written.
        drop(self.out.take());
        if let Some(writer) = self.writer.take()
            && tokio::time::timeout(CLOSE_GRACE, writer).await.is_err()
        {
            tracing::warn!("stdout is not being read: the last answers may be lost");
        }
        Ok(())
    }
}

impl<R> GuardedStdio<R> {
    /// Serializes an outgoing message as one line, settling the request it answers:
    /// an error always carries an `id` (`null` when none was read), and rmcp's
    /// method-not-found names what to call instead.
    fn encode(&mut self, item: ServerJsonRpcMessage) -> io::Result<Vec<u8>> {
        let answered = match &item {
            JsonRpcMessage::Response(response) => Some(&response.id),
            JsonRpcMessage::Error(error) => error.id.as_ref(),
            _ => None,
        };
        let method = answered.and_then(|id| self.in_flight.remove(id));
        let mut value = serde_json::to_value(&item)?;
        if let JsonRpcMessage::Error(error) = &item
            && let Value::Object(fields) = &mut value
        {
            fields.entry("id").or_insert(Value::Null);
            if error.error.code == ErrorCode::METHOD_NOT_FOUND
                && let Some(method) = &method
                && let Some(Value::Object(body)) = fields.get_mut("error")
            {
                body.insert("message".into(), Value::String(method_not_found(method)));
            }
        }
        Ok(to_line(&value))
    }
}

/// What to do with one line, given the lifecycle and the requests in progress.
fn judge(line: &[u8], lifecycle: &Lifecycle, in_flight: &HashMap<RequestId, String>) -> Verdict {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    if line.iter().all(u8::is_ascii_whitespace) {
        return Verdict::Drop;
    }
    let text = match std::str::from_utf8(line) {
        Ok(text) => text,
        Err(err) => {
            return Verdict::Reply(error_reply(
                None,
                PARSE_ERROR,
                format!(
                    "parse error: the message is not UTF-8 (invalid byte at offset {}); send JSON-RPC 2.0 messages as UTF-8 JSON, one per line",
                    err.valid_up_to()
                ),
            ));
        }
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(err) if err.to_string().starts_with("recursion limit exceeded") => {
            return Verdict::Reply(error_reply(
                None,
                PARSE_ERROR,
                "parse error: the message is nested more than 128 levels deep, more than this server reads; send flatter JSON".to_string(),
            ));
        }
        Err(err) => {
            return Verdict::Reply(error_reply(
                None,
                PARSE_ERROR,
                format!(
                    "parse error: the message is not JSON ({err}); send one JSON-RPC 2.0 message per line"
                ),
            ));
        }
    };
    let fields = match value {
        Value::Object(fields) => fields,
        Value::Array(_) => {
            return Verdict::Reply(error_reply(
                None,
                INVALID_REQUEST,
                "invalid request: batches (JSON arrays) are not supported, MCP removed them in 2025-06-18; send each message as its own line".to_string(),
            ));
        }
        other => {
            return Verdict::Reply(error_reply(
                None,
                INVALID_REQUEST,
                format!(
                    "invalid request: a message is a JSON object such as {}, not {}",
                    r#"{"jsonrpc": "2.0", "id": 1, "method": "tools/list"}"#,
                    json_kind(&other)
                ),
            ));
        }
    };
    judge_object(fields, lifecycle, in_flight)
}

/// What to do with a JSON object received as a message.
fn judge_object(
    fields: Map<String, Value>,
    lifecycle: &Lifecycle,
    in_flight: &HashMap<RequestId, String>,
) -> Verdict {
    let method = fields.get("method");
    let is_notification = method.is_some() && !fields.contains_key("id");
    // JSON-RPC: a notification is never answered, even when it is malformed.
    let refuse = |id: Option<&RequestId>, code: i32, message: String| {
        if is_notification {
            tracing::debug!("dropping a notification: {message}");
            Verdict::Drop
        } else {
            Verdict::Reply(error_reply(id, code, message))
        }
    };
    let id = match fields.get("id") {
        None => None,
        Some(Value::String(id)) => Some(RequestId::String(id.as_str().into())),
        Some(Value::Number(n)) if n.is_i64() => n.as_i64().map(RequestId::Number),
        Some(other) => {
            return refuse(
                None,
                INVALID_REQUEST,
                format!(
                    "invalid request: `id` must be a string or an integer (MCP allows no null id), not {}; send the request again with an id such as 1",
                    json_kind(other)
                ),
            );
        }
    };
    let method = match method {
        Some(Value::String(method)) => method.clone(),
        Some(other) => {
            return refuse(
                id.as_ref(),
                INVALID_REQUEST,
                format!(
                    "invalid request: `method` must be a string, not {}",
                    json_kind(other)
                ),
            );
        }
        None => {
            if id.is_some() && (fields.contains_key("result") || fields.contains_key("error")) {
                // A response to a request of ours: never answered.
                return match parse_message(fields) {
                    Ok(message) if lifecycle.initialized => Verdict::Pass(message),
                    _ => Verdict::Drop,
                };
            }
            return refuse(
                id.as_ref(),
                INVALID_REQUEST,
                format!(
                    "invalid request: a request needs `method` (and `id` to get an answer), such as {}",
                    r#"{"jsonrpc": "2.0", "id": 1, "method": "tools/list"}"#
                ),
            );
        }
    };
    if fields.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return refuse(
            id.as_ref(),
            INVALID_REQUEST,
            r#"invalid request: `jsonrpc` must be "2.0"; send "jsonrpc": "2.0" in every message"#
                .to_string(),
        );
    }
    let shown = shorten(&method);
    if let Some(params) = fields.get("params")
        && !params.is_object()
    {
        return refuse(
            id.as_ref(),
            INVALID_PARAMS,
            format!(
                "invalid params: `params` of `{shown}` must be an object, not {}",
                json_kind(params)
            ),
        );
    }
    let Some(id) = id else {
        // A notification: dropped before `initialize` (rmcp would end the session).
        if !lifecycle.initialized {
            tracing::debug!("dropping the notification `{shown}` sent before `initialize`");
            return Verdict::Drop;
        }
        return match parse_message(fields) {
            Ok(message) => Verdict::Pass(message),
            Err(err) => {
                tracing::debug!("dropping the notification `{shown}`: {err}");
                Verdict::Drop
            }
        };
    };
    if in_flight.contains_key(&id) {
        return refuse(
            Some(&id),
            INVALID_REQUEST,
            format!(
                "invalid request: id {} is already used by a request still in progress, and MCP requires a new id for each request; send this one again with an unused id",
                show_id(&id)
            ),
        );
    }
    let inline_lifecycle = fields
        .get("params")
        .and_then(|params| params.get("_meta"))
        .and_then(|meta| meta.get(INLINE_PROTOCOL_VERSION))
        .is_some();
    if method == "initialize" && lifecycle.initialized {
        return refuse(
            Some(&id),
            INVALID_REQUEST,
            "invalid request: the session is already initialized; send `initialize` once, then `tools/list` and `tools/call`".to_string(),
        );
    }
    if !lifecycle.initialized && method != "initialize" && method != "ping" && !inline_lifecycle {
        return refuse(
            Some(&id),
            INVALID_REQUEST,
            format!(
                "invalid request: the session is not initialized; send an `initialize` request first (then the `notifications/initialized` notification), then `{shown}`"
            ),
        );
    }
    let params = fields.get("params").cloned();
    let message = match parse_message(fields) {
        Ok(message) => message,
        Err(err) => {
            return refuse(
                Some(&id),
                INVALID_PARAMS,
                format!("invalid params for `{shown}`: {err}"),
            );
        }
    };
    // rmcp reads a served method whose params do not fit as a custom request, then
    // answers "method not found": say what the params should be instead.
    if let JsonRpcMessage::Request(request) = message.as_ref()
        && matches!(request.request, ClientRequest::CustomRequest(_))
        && let Some(problem) = params_problem(&method, params)
    {
        return refuse(Some(&id), INVALID_PARAMS, problem);
    }
    Verdict::Pass(message)
}

/// Why `params` do not fit a method this server serves; `None` for other methods.
fn params_problem(method: &str, params: Option<Value>) -> Option<String> {
    let params = params.unwrap_or(Value::Null);
    let (err, shape) = match method {
        "tools/call" => (
            serde_json::from_value::<CallToolRequestParams>(params).err()?,
            format!(
                "`tools/call` needs `params` such as {}; call `tools/list` for the tools and their arguments",
                r#"{"name": "search", "arguments": {"query": "where the config is read"}}"#
            ),
        ),
        "initialize" => (
            serde_json::from_value::<InitializeRequestParams>(params).err()?,
            "`initialize` needs `params` with `protocolVersion` (such as \"2025-06-18\"), `capabilities` and `clientInfo` (`name`, `version`)".to_string(),
        ),
        "tools/list" => (
            serde_json::from_value::<Option<PaginatedRequestParams>>(params).err()?,
            "`tools/list` takes no `params`, or `{\"cursor\": ...}` from a previous answer"
                .to_string(),
        ),
        _ => return None,
    };
    Some(format!("invalid params: {shape} ({err})"))
}

/// The message rmcp reads from checked JSON.
fn parse_message(fields: Map<String, Value>) -> serde_json::Result<Box<ClientJsonRpcMessage>> {
    serde_json::from_value(Value::Object(fields)).map(Box::new)
}

/// The method-not-found message: what was asked, and what to ask instead.
fn method_not_found(method: &str) -> String {
    format!(
        "method not found: this server does not serve `{}`; it answers {SERVED} (call `tools/list` for the tools)",
        shorten(method)
    )
}

/// A JSON-RPC error response; `"id": null` when no id could be read.
fn error_reply(id: Option<&RequestId>, code: i32, message: String) -> Value {
    let id = id.map_or(Value::Null, |id| match id {
        RequestId::Number(n) => json!(n),
        RequestId::String(s) => json!(s.as_ref()),
    });
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// A value as one line of output.
fn to_line(value: &Value) -> Vec<u8> {
    let mut line = value.to_string().into_bytes();
    line.push(b'\n');
    line
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn show_id(id: &RequestId) -> String {
    match id {
        RequestId::Number(n) => n.to_string(),
        RequestId::String(s) => format!("{:?}", shorten(s)),
    }
}

/// A name from the client, cut so that a long one cannot fill the reply.
fn shorten(text: &str) -> String {
    const MAX: usize = 80;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

fn closed() -> io::Error {
    io::Error::new(io::ErrorKind::BrokenPipe, "stdout is closed")
}

/// Writes queued lines in order, flushing each; after a failed write, reports the
/// failure for every later line instead of writing it.
async fn write_lines<W: AsyncWrite + Unpin>(mut output: W, mut queue: mpsc::Receiver<Outgoing>) {
    let mut failed: Option<io::ErrorKind> = None;
    while let Some(Outgoing { line, written }) = queue.recv().await {
        let result = match failed {
            Some(kind) => Err(io::Error::from(kind)),
            None => {
                let result = async {
                    output.write_all(&line).await?;
                    output.flush().await
                }
                .await;
                if let Err(err) = &result {
                    tracing::warn!("cannot write to stdout: {err}");
                    failed = Some(err.kind());
                }
                result
            }
        };
        if let Some(written) = written {
            let _ = written.send(result);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(line: &str, initialized: bool) -> Verdict {
        judge(line.as_bytes(), &Lifecycle { initialized }, &HashMap::new())
    }

    fn reply(line: &str, initialized: bool) -> Value {
        match verdict(line, initialized) {
            Verdict::Reply(reply) => reply,
            other => panic!("{line}: expected a reply, got {other:?}"),
        }
    }

    #[test]
    fn deep_nesting_is_a_parse_error_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        let answer = reply(&deep, true);
        assert_eq!(answer["error"]["code"], PARSE_ERROR);
        assert_eq!(answer["id"], Value::Null);
        let deep_objects = r#"{"a":"#.repeat(100_000);
        assert_eq!(reply(&deep_objects, true)["error"]["code"], PARSE_ERROR);
    }

    #[test]
    fn a_valid_request_is_passed_on() {
        let line = r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"search","arguments":{"query":"x"}}}"#;
        assert!(matches!(verdict(line, true), Verdict::Pass(_)), "{line}");
        let init = r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}"#;
        assert!(matches!(verdict(init, false), Verdict::Pass(_)));
    }

    #[test]
    fn malformed_notifications_are_not_answered() {
        for line in [
            r#"{"jsonrpc":"1.0","method":"notifications/initialized"}"#,
            r#"{"jsonrpc":"2.0","method":"notifications/initialized","params":3}"#,
            r#"{"jsonrpc":"2.0","method":"notifications/whatever","params":{"_meta":3}}"#,
        ] {
            assert!(!matches!(verdict(line, true), Verdict::Reply(_)), "{line}");
        }
    }

    #[test]
    fn an_id_still_in_flight_is_refused_with_that_id() {
        let in_flight = HashMap::from([(RequestId::Number(4), "tools/call".to_string())]);
        let line = r#"{"jsonrpc":"2.0","id":4,"method":"ping"}"#;
        let Verdict::Reply(answer) = judge(
            line.as_bytes(),
            &Lifecycle { initialized: true },
            &in_flight,
        ) else {
            panic!("a reused id is refused");
        };
        assert_eq!(answer["id"], 4);
        assert_eq!(answer["error"]["code"], INVALID_REQUEST);
        // The same id as a string is another id.
        let line = r#"{"jsonrpc":"2.0","id":"4","method":"ping"}"#;
        assert!(matches!(
            judge(
                line.as_bytes(),
                &Lifecycle { initialized: true },
                &in_flight
            ),
            Verdict::Pass(_)
        ));
    }

    #[test]
    fn an_empty_object_is_told_it_needs_a_method() {
        let answer = reply("{}", true);
        assert_eq!(answer["id"], Value::Null);
        assert_eq!(answer["error"]["code"], INVALID_REQUEST);
        assert!(
            answer["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("needs `method`")),
            "{answer}"
        );
    }

    #[tokio::test]
    async fn an_oversized_line_is_answered_without_being_buffered() {
        let (mut client, server) = tokio::io::duplex(64 * 1024);
        let mut transport = GuardedStdio::new(server, tokio::io::sink());
        tokio::spawn(async move {
            let chunk = vec![b'x'; 64 * 1024];
            for _ in 0..(MAX_LINE_BYTES / chunk.len() + 2) {
                client.write_all(&chunk).await.unwrap();
            }
            client.write_all(b"\n").await.unwrap();
        });
        assert!(matches!(
            transport.read_line().await.unwrap(),
            LineRead::Oversized
        ));
        assert!(transport.line.is_empty(), "what was read of it is dropped");
        // The rest of the line is skipped; what follows is the end of input.
        assert!(matches!(
            transport.read_line().await.unwrap(),
            LineRead::Eof
        ));
        assert!(transport.line.is_empty());
    }
}
