//! A user's tree-sitter query is compiled in a child process first: tree-sitter's query
//! compiler aborts the whole process on some malformed queries (a C assertion) or never
//! returns, and a server must outlive any query it is sent. The shapes known to do it
//! are refused before compiling (`query::check_pattern`); this catches the ones nobody
//! has found yet.

use std::io::Write;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::grammar::Lang;

/// Longest the child may take: a compilation that does not end is as bad as a crash.
const CHECK_TIME: Duration = Duration::from_secs(10);

/// Err, saying what to do, when compiling `query` crashes the child or outlasts
/// [`CHECK_TIME`]; Ok otherwise (a query that merely does not compile is reported by
/// the in-process compile, with the same message). Ok too when no child can be
/// started: the check guards, it does not gate.
pub fn query_compiles_safely(query: &str, lang: Lang) -> Result<(), String> {
    let Ok(exe) = std::env::current_exe() else {
        return Ok(());
    };
    let mut checker = Command::new(exe);
    checker.args(["__check-query", "--lang", lang.name()]);
    survives(checker, query, CHECK_TIME)
}

/// Runs `checker` with `input` on its stdin; Err when it dies by a signal or runs past
/// `limit`.
fn survives(mut checker: Command, input: &str, limit: Duration) -> Result<(), String> {
    let spawned = checker
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = spawned else {
        tracing::warn!("cannot start a process to check a query first; compiling it here");
        return Ok(());
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A child that dies before reading it all shows in its status below.
        let _ = stdin.write_all(input.as_bytes());
    }
    let started = Instant::now();
    let status: ExitStatus = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < limit => std::thread::sleep(Duration::from_millis(2)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "tree-sitter did not finish compiling this query within {} s: simplify it",
                    limit.as_secs_f64()
                ));
            }
            Err(_) => return Ok(()),
        }
    };
    if status.code().is_some() {
        return Ok(());
    }
    Err(format!(
        "tree-sitter's query compiler crashed on this query ({status}): simplify it, and keep each predicate beside a node pattern, e.g. `((identifier) @x (#eq? @x \"a\"))`"
    ))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        command
    }

    #[test]
    fn a_checker_that_crashes_or_hangs_is_an_error_and_one_that_exits_is_not() {
        let limit = Duration::from_secs(20);
        assert_eq!(survives(sh("cat >/dev/null"), "(call) @c", limit), Ok(()));
        assert_eq!(
            survives(sh("cat >/dev/null; exit 1"), "(call", limit),
            Ok(())
        );
        let crashed = survives(sh("kill -ABRT $$"), "((#eq?)) @c", limit).unwrap_err();
        assert!(crashed.contains("crashed on this query"), "{crashed}");
        let hung = survives(sh("sleep 30"), "q", Duration::from_millis(100)).unwrap_err();
        assert!(hung.contains("within 0.1 s"), "{hung}");
    }

    #[test]
    fn a_long_query_to_a_checker_that_dies_early_does_not_block() {
        let long = "(identifier) @x ".repeat(20_000);
        let crashed = survives(sh("kill -ABRT $$"), &long, Duration::from_secs(20));
        assert!(crashed.is_err());
    }
}
