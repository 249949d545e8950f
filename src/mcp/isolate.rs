//! A user's tree-sitter query is compiled in a child process first: tree-sitter's query
//! compiler aborts the whole process on some malformed queries (a C assertion) or never
//! returns, and a server must outlive any query it is sent. The shapes known to do it
//! are refused before compiling (`query::check_pattern`); this catches the ones nobody
//! has found yet.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Once;
use std::time::{Duration, Instant};

use crate::grammar::Lang;
use crate::query::MAX_PATTERN_BYTES;

/// Longest the child may take: a compilation that does not end is as bad as a crash.
const CHECK_TIME: Duration = Duration::from_secs(10);

/// Err, saying what to do, when compiling `query` crashes the child or outlasts
/// [`CHECK_TIME`]; Ok otherwise (a query that merely does not compile is reported by
/// the in-process compile, with the same message). Ok too when no child can be
/// started: the check guards, it does not gate.
pub fn query_compiles_safely(query: &str, lang: Lang) -> Result<(), String> {
    // Refused in-process before compiling: no child needed.
    if query.len() > MAX_PATTERN_BYTES || query.trim().is_empty() {
        return Ok(());
    }
    let Some(exe) = this_program() else {
        return Ok(());
    };
    let mut checker = Command::new(exe);
    checker.args(["__check-query", "--lang", lang.name()]);
    survives(checker, query, CHECK_TIME)
}

/// This very program, even when its file has been replaced or removed since it started
/// (`cargo install` over a running server): Linux keeps it at `/proc/self/exe`.
fn this_program() -> Option<PathBuf> {
    let own = Path::new("/proc/self/exe");
    if cfg!(target_os = "linux") && own.exists() {
        return Some(own.to_path_buf());
    }
    std::env::current_exe().ok()
}

/// Runs `checker` with `input` on its stdin; Err when it crashes (any end but an exit
/// with 0, 1 or 2) or runs past `limit`.
fn survives(mut checker: Command, input: &str, limit: Duration) -> Result<(), String> {
    let spawned = checker
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = spawned else {
        static WARNED: Once = Once::new();
        WARNED.call_once(|| {
            tracing::warn!("cannot start a process to check queries first; compiling them here");
        });
        return Ok(());
    };
    if let Some(mut stdin) = child.stdin.take() {
        // On a thread of its own: a child that stops reading must not block the server;
        // killing it ends the write. A child that dies early shows in its status below.
        let input = input.to_string();
        std::thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
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
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Ok(());
            }
        }
    };
    // 0: it compiles; 1 or 2: an error, said again by the in-process compile next.
    // Anything else (a signal on Unix, an abort's or a crash's exit code on Windows, a
    // panic's 101) is a crash.
    if matches!(status.code(), Some(0..=2)) {
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
            survives(sh("cat >/dev/null; exit 2"), "(call", limit),
            Ok(())
        );
        let panicked = survives(sh("cat >/dev/null; exit 101"), "q", limit).unwrap_err();
        assert!(panicked.contains("crashed on this query"), "{panicked}");
        let crashed = survives(sh("kill -ABRT $$"), "((#eq?)) @c", limit).unwrap_err();
        assert!(crashed.contains("crashed on this query"), "{crashed}");
        let hung = survives(sh("sleep 30"), "q", Duration::from_millis(100)).unwrap_err();
        assert!(hung.contains("within 0.1 s"), "{hung}");
        // A child that never reads its input does not block the check either.
        let long = "(identifier) @x ".repeat(20_000);
        let stuck = survives(sh("sleep 30"), &long, Duration::from_millis(100));
        assert!(stuck.is_err());
    }

    #[test]
    fn a_long_query_to_a_checker_that_dies_early_does_not_block() {
        let long = "(identifier) @x ".repeat(20_000);
        let crashed = survives(sh("kill -ABRT $$"), &long, Duration::from_secs(20));
        assert!(crashed.is_err());
    }
}
