//! A real MCP client (rmcp's, over a child-process transport) for the tests that drive
//! `pyramid mcp`. Declared by those tests with
//! `#[path = "common/mcp_client.rs"] mod mcp_client;`.
#![allow(dead_code)]

use std::time::Duration;

use rmcp::model::{CallToolRequestParams, CallToolResult};
use rmcp::service::{RoleClient, RunningService, ServiceError};
use rmcp::transport::TokioChildProcess;
use rmcp::{ServiceExt, transport::ConfigureCommandExt};
use serde_json::Value;

use crate::common::Repo;

pub type Client = RunningService<RoleClient, ()>;

/// Longest a single exchange with the server may take before the test fails as hung.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// Starts `pyramid mcp --repo <root>` and completes the MCP handshake.
pub async fn connect(repo: &Repo) -> Client {
    connect_with(repo, &[]).await
}

/// Starts `pyramid mcp --repo <root> <extra>` and completes the MCP handshake.
pub async fn connect_with(repo: &Repo, extra: &[&str]) -> Client {
    let root = repo.root.clone();
    let transport = TokioChildProcess::new(
        tokio::process::Command::new(env!("CARGO_BIN_EXE_pyramid")).configure(|cmd| {
            cmd.arg("mcp").arg("--repo").arg(&root).args(extra);
        }),
    )
    .expect("the server starts");
    tokio::time::timeout(PATIENCE, ().serve(transport))
        .await
        .expect("the handshake does not hang")
        .expect("the handshake succeeds")
}

/// Calls a tool; `Err` for protocol errors.
pub async fn call(
    client: &Client,
    tool: &str,
    arguments: Value,
) -> Result<CallToolResult, ServiceError> {
    let Value::Object(arguments) = arguments else {
        panic!("arguments must be an object");
    };
    let params = CallToolRequestParams::new(tool.to_string()).with_arguments(arguments);
    tokio::time::timeout(PATIENCE, client.call_tool(params))
        .await
        .expect("the call does not hang")
}

/// The text of a tool result.
pub fn text(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|block| block.as_text().map(|t| t.text.clone()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Calls a tool that must succeed; returns its text.
pub async fn answer(client: &Client, tool: &str, arguments: Value) -> String {
    let result = call(client, tool, arguments.clone())
        .await
        .unwrap_or_else(|e| panic!("{tool}({arguments}) failed with a protocol error: {e}"));
    let body = text(&result);
    assert_ne!(
        result.is_error,
        Some(true),
        "{tool}({arguments}) returned an error: {body}"
    );
    body
}

/// Calls a tool that must fail, as a tool error (`isError`) or a protocol error;
/// returns the message.
pub async fn refusal(client: &Client, tool: &str, arguments: Value) -> String {
    match call(client, tool, arguments.clone()).await {
        Ok(result) => {
            let body = text(&result);
            assert_eq!(
                result.is_error,
                Some(true),
                "{tool}({arguments}) should fail but answered: {body}"
            );
            body
        }
        Err(err) => err.to_string(),
    }
}
