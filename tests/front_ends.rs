//! One definition of each parameter, two front ends: every numeric parameter an MCP tool
//! shares with a command-line option has the same default on both, and the same limits
//! (the command line refuses what the schema's range leaves out, and takes its ends),
//! budgets aside: an MCP answer is capped at 20,000 tokens for the clients' sake, while
//! the command line prints what is asked.

mod common;

#[path = "common/mcp_client.rs"]
mod mcp_client;

use std::collections::BTreeMap;

use common::{Repo, fixture};
use mcp_client::connect;
use serde_json::Value;

/// A parameter of a tool and the option of the command line that is the same:
/// (tool, parameter) and (the command line before the option, the option).
type Pair = (
    (&'static str, &'static str),
    (Vec<&'static str>, &'static str),
);

fn pairs() -> Vec<Pair> {
    let gene_id = "retrykit/policy.py::RetryPolicy::delay_for";
    vec![
        (("search", "limit"), (vec!["search", "retry"], "--limit")),
        (("search", "show"), (vec!["search", "retry"], "--show")),
        (("search", "lines"), (vec!["search", "retry"], "--lines")),
        (("zoom", "depth"), (vec!["zoom", "."], "--depth")),
        (("slice", "budget"), (vec!["slice", "retry"], "--budget")),
        (("overview", "budget"), (vec!["overview"], "--budget")),
        (
            ("pattern", "limit"),
            (vec!["pattern", "--ast", "$X"], "--limit"),
        ),
        (
            ("pattern", "context"),
            (vec!["pattern", "--ast", "$X"], "--context"),
        ),
        (("gene", "budget"), (vec!["gene", gene_id], "--budget")),
        (("gene", "depth"), (vec!["gene", gene_id], "--depth")),
        (
            ("gene_find", "limit"),
            (vec!["gene", "--find", "retry"], "--limit"),
        ),
        (("refs", "limit"), (vec!["refs", "format_delay"], "--limit")),
        (("grep", "limit"), (vec!["grep", "retry"], "--limit")),
        (("grep", "context"), (vec!["grep", "retry"], "--context")),
        (
            ("grep", "max_per_def"),
            (vec!["grep", "retry"], "--max-per-def"),
        ),
    ]
}

/// The `[default: N]` of an option in a subcommand's `--help`.
fn cli_default(repo: &Repo, command: &[&str], option: &str) -> Option<String> {
    // The subcommand's help: its name and, for `gene --find`, nothing more.
    let out = repo.run(&[command[0], "--help"]);
    let mut in_option = false;
    for line in out.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('-') {
            in_option = trimmed.split([',', ' ', '=']).any(|word| word == option);
        }
        if in_option && let Some(at) = line.find("[default: ") {
            let rest = &line[at + 10..];
            return rest.split(']').next().map(str::to_string);
        }
    }
    None
}

/// The exit code of the command line with the option set to `value`.
fn exit_code(repo: &Repo, command: &[&str], option: &str, value: i64) -> i32 {
    let value = value.to_string();
    let mut args: Vec<&str> = command.to_vec();
    args.extend([option, value.as_str()]);
    let out = repo.cmd().args(&args).output().expect("pyramid runs");
    out.status.code().unwrap_or(-1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shared_parameters_have_one_default_and_one_range() {
    let repo = fixture("python_repo");
    repo.index(&[]);
    let client = connect(&repo).await;
    let tools = client.list_all_tools().await.expect("tools are listed");
    let schemas: BTreeMap<String, Value> = tools
        .iter()
        .map(|t| (t.name.to_string(), Value::Object((*t.input_schema).clone())))
        .collect();
    let mut problems = Vec::new();
    for ((tool, parameter), (command, option)) in pairs() {
        let schema = &schemas[tool]["properties"][parameter];
        assert!(schema.is_object(), "{tool} has no `{parameter}`");
        let mcp_default = schema["default"].as_i64();
        let cli = cli_default(&repo, &command, option);
        assert!(
            mcp_default.is_some() && cli.is_some(),
            "{tool}.{parameter}: a default on each side ({mcp_default:?}, {cli:?})"
        );
        if mcp_default.map(|d| d.to_string()) != cli {
            problems.push(format!(
                "{tool}.{parameter}: MCP default {mcp_default:?}, `{}` {option} default {cli:?}",
                command[0]
            ));
        }
        if parameter == "budget" {
            continue;
        }
        if let Some(max) = schema["maximum"].as_i64() {
            if exit_code(&repo, &command, option, max + 1) != 2 {
                problems.push(format!(
                    "{tool}.{parameter}: the command line takes {}",
                    max + 1
                ));
            }
            if exit_code(&repo, &command, option, max) == 2 {
                problems.push(format!(
                    "{tool}.{parameter}: the command line refuses {max}"
                ));
            }
        } else {
            problems.push(format!("{tool}.{parameter}: no maximum in the schema"));
        }
        if let Some(min) = schema["minimum"].as_i64().filter(|&min| min > 0)
            && exit_code(&repo, &command, option, min - 1) != 2
        {
            problems.push(format!(
                "{tool}.{parameter}: the command line takes {}",
                min - 1
            ));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
