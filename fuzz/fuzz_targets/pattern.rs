//! `pattern`: compiling a user's tree-sitter query or ast-grep pattern, and running it.
//!
//! Input: first byte, low bit: 0 Python, 1 Rust; second byte, low bit: 0 tree-sitter
//! query, 1 ast-grep pattern; the rest is the text (UTF-8, lossy), at most 4 KiB.
//!
//! Properties: `query::check_pattern` answers Ok or Err — never panics, never hangs (the
//! run's `-timeout` catches a hang) — and answers the same when asked twice; a pattern
//! that compiles runs over a fixture file of its language (`query::count_matches`)
//! without a panic or a hang, and counts the same matches twice.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use pyramid::grammar::Lang;
use pyramid::query::{PatternSpec, check_pattern, count_matches};

/// Longest pattern tried: ast-grep is slow on long pathological patterns, and real
/// ones are short.
const MAX_PATTERN: usize = 4 * 1024;

/// Longest a pattern may run over the code: well under the run's `-timeout`, so that
/// a pattern that ignores its time limit shows up as a hang.
const TIME_LIMIT: Duration = Duration::from_secs(2);

/// Code to run the patterns over: a fixture file of each language.
const PYTHON: &str = include_str!("../../testdata/python_repo/retrykit/policy.py");
const RUST: &str = include_str!("../../testdata/rust_repo/src/config.rs");

fuzz_target!(|data: &[u8]| {
    let [lang, mode, rest @ ..] = data else {
        return;
    };
    if rest.len() > MAX_PATTERN {
        return;
    }
    let lang = if lang & 1 == 0 {
        Lang::Python
    } else {
        Lang::Rust
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let spec = if mode & 1 == 0 {
        PatternSpec::Query(text)
    } else {
        PatternSpec::Ast(text)
    };
    let first = check_pattern(&spec, lang).map_err(|e| e.to_string());
    let second = check_pattern(&spec, lang).map_err(|e| e.to_string());
    assert_eq!(first, second, "check_pattern is not deterministic");
    if first.is_err() {
        return;
    }
    let code = match lang {
        Lang::Python => PYTHON,
        _ => RUST,
    };
    let first = count_matches(&spec, lang, code, TIME_LIMIT).map_err(|e| e.to_string());
    let second = count_matches(&spec, lang, code, TIME_LIMIT).map_err(|e| e.to_string());
    assert_eq!(first, second, "count_matches is not deterministic");
});
