//! End-to-end tests of `pyramid search` and `pyramid slice` on the fixture
//! repositories in `testdata/`: ranking and filters, exit codes, the token budget of
//! slices (a property test over pseudo-random budgets), exact source, focus, the
//! reference graph, tree order, determinism, staleness, and snapshots of renderings.

mod common;

use std::collections::{BTreeSet, HashMap};

use common::{Repo, fixture, parse_one_json, run_fail, run_ok, tokens};
use serde_json::Value;

/// The first line of every slice (see `render::markdown::SLICE_PREAMBLE`).
const PREAMBLE_START: &str = "Slice: ";

/// A task in prose for the Rust fixture, as an agent would get it from an issue.
const RUST_TASK: &str = "The writer loses data when a commit fails halfway. When \
`Writer::commit` returns an error after some entries were written, the pending entries \
are already drained, so a retry writes nothing. Make commit keep the pending entries \
until the file write succeeds, and make `Config::save` report how many entries were \
written. Also add a checksum check when the store is loaded, so that corrupted lines \
are skipped instead of being parsed as configuration.";

/// A task in prose for the Python fixture.
const PYTHON_TASK: &str = "Retries sleep too long. `RetryPolicy.delay_for` adds jitter \
on top of an exponential backoff, but the cap at MAX_DELAY is applied before the jitter \
in some paths. Make sure the delay never exceeds the maximum, and make the cron \
schedule describe its next run with format_delay. The policy should stop retrying \
once it is exhausted.";

fn indexed(name: &str) -> Repo {
    let repo = fixture(name);
    repo.index(&[]);
    repo
}

fn args_with<'a>(first: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![first];
    args.extend_from_slice(rest);
    args
}

/// `search --json <args>` as a list of results.
fn search(repo: &Repo, args: &[&str]) -> Vec<Value> {
    let found = repo.json(&args_with("search", args));
    found.as_array().expect("search --json is a list").clone()
}

/// Ids of `search --json <args>`, best first.
fn search_ids(repo: &Repo, args: &[&str]) -> Vec<String> {
    search(repo, args)
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

/// Position of an id in a ranked list; fails when absent.
fn rank_of(ids: &[String], id: &str) -> usize {
    ids.iter()
        .position(|i| i == id)
        .unwrap_or_else(|| panic!("`{id}` not found in {ids:#?}"))
}

/// `slice --json <args>`.
fn slice(repo: &Repo, args: &[&str]) -> Value {
    repo.json(&args_with("slice", args))
}

fn entries(slice: &Value) -> &Vec<Value> {
    slice["entries"].as_array().expect("entries is a list")
}

fn entry<'a>(slice: &'a Value, id: &str) -> Option<&'a Value> {
    entries(slice).iter().find(|e| e["id"] == id)
}

/// The entry of an id; fails with the slice's entries when absent.
fn must_entry<'a>(slice: &'a Value, id: &str) -> &'a Value {
    entry(slice, id).unwrap_or_else(|| {
        panic!(
            "`{id}` is not in the slice; entries:\n{}",
            describe_entries(slice)
        )
    })
}

fn describe_entries(slice: &Value) -> String {
    entries(slice)
        .iter()
        .map(|e| {
            format!(
                "  {} ({}) level={} why={} hidden={}\n",
                e["id"].as_str().unwrap_or("?"),
                e["kind"].as_str().unwrap_or("?"),
                e["level"].as_str().unwrap_or("?"),
                e["why"].as_str().unwrap_or("?"),
                e["hidden_children"]
            )
        })
        .collect()
}

fn text(slice: &Value) -> &str {
    slice["text"].as_str().expect("text is a string")
}

fn span_of(node: &Value) -> Option<(usize, usize, u64, u64)> {
    let span = &node["span"];
    if span.is_null() {
        return None;
    }
    Some((
        span["start_byte"].as_u64().unwrap() as usize,
        span["end_byte"].as_u64().unwrap() as usize,
        span["start_line"].as_u64().unwrap(),
        span["end_line"].as_u64().unwrap(),
    ))
}

/// The bytes of a node (a search result or slice entry) read from the file on disk.
fn file_bytes(repo: &Repo, node: &Value) -> String {
    let (start, end, _, _) = span_of(node).expect("node has a span");
    let file = repo.read(node["path"].as_str().unwrap());
    String::from_utf8(file[start..end].to_vec()).unwrap()
}

/// The body of the code block an entry at `source` is rendered with: the lines
/// between the opening fence (after the entry's heading) and the closing fence.
fn source_block<'t>(text: &'t str, entry: &Value) -> Option<&'t str> {
    let id = entry["id"].as_str().unwrap();
    let heading = if entry["kind"] == "file" {
        format!("\n### {id}\n")
    } else {
        let (_, _, start, end) = span_of(entry)?;
        format!("\n#### {id}{}\n", line_range(start, end))
    };
    let at = text.find(&heading)? + heading.len();
    let mut rest = &text[at..];
    // A source shown from further down says how many lines are above.
    if rest.starts_with("… ")
        && let Some(end) = rest.find('\n')
        && rest[..end].ends_with(" above")
    {
        rest = &rest[end + 1..];
    }
    let fence_len = rest.chars().take_while(|&c| c == '`').count();
    if fence_len < 3 {
        return None;
    }
    let fence = &rest[..fence_len];
    let body_start = rest.find('\n')? + 1;
    let body = &rest[body_start..];
    let close = format!("\n{fence}\n");
    let end = body.find(&close)?;
    Some(&body[..end])
}

/// How a slice prints a line range: ` L7` for one line, ` L7-9` for more.
fn line_range(start: u64, end: u64) -> String {
    if start == end {
        format!(" L{start}")
    } else {
        format!(" L{start}-{end}")
    }
}

/// Every entry at `source` is rendered with exactly the bytes of its span in the file.
fn assert_source_blocks_exact(repo: &Repo, slice: &Value, context: &str) {
    let text = text(slice);
    for e in entries(slice) {
        if e["level"] != "source" || e["kind"] == "dir" || e["kind"] == "repo" {
            continue;
        }
        let id = e["id"].as_str().unwrap();
        let block = source_block(text, e)
            .unwrap_or_else(|| panic!("{context}: no code block for `{id}` in:\n{text}"));
        let bytes = file_bytes(repo, e);
        let whole = bytes.strip_suffix('\n').unwrap_or(&bytes);
        let cut = e["cut_lines"].as_u64().unwrap();
        let skipped = e["skipped_lines"].as_u64().unwrap();
        if cut == 0 && skipped == 0 {
            assert_eq!(
                block, whole,
                "{context}: source of `{id}` differs from the file"
            );
            continue;
        }
        // Cut to fit: a run of its lines exactly, with markers counting the lines
        // above and below it.
        let shown = block.lines().count();
        let expected: Vec<&str> = whole.lines().skip(skipped as usize).take(shown).collect();
        assert_eq!(
            block,
            expected.join("\n"),
            "{context}: cut source of `{id}`"
        );
        assert_eq!(
            whole.lines().count() - shown - skipped as usize,
            cut as usize,
            "{context}: {id}"
        );
        let lines = |n: u64| {
            if n == 1 {
                "1 line".to_string()
            } else {
                format!("{n} lines")
            }
        };
        if cut > 0 {
            let more = if cut == 1 {
                "1 more line".to_string()
            } else {
                format!("{cut} more lines")
            };
            let marker = format!("… {more}: pyramid zoom {id} --level source");
            assert!(
                text.contains(&marker),
                "{context}: no `{marker}` in:\n{text}"
            );
        }
        if skipped > 0 {
            let marker = format!("… {} above", lines(skipped));
            assert!(
                text.contains(&marker),
                "{context}: no `{marker}` in:\n{text}"
            );
        }
    }
}

/// The parent of a node id: `a.rs::T::m` → `a.rs::T`, `src/a.rs` → `src/`,
/// `src/store/` → `src/`, `src/` → `.`, `.` → none.
fn parent_id(id: &str) -> Option<String> {
    if id == "." {
        return None;
    }
    if let Some((parent, _)) = id.rsplit_once("::") {
        return Some(parent.to_string());
    }
    let trimmed = id.strip_suffix('/').unwrap_or(id);
    match trimmed.rsplit_once('/') {
        Some((dir, _)) => Some(format!("{dir}/")),
        None => Some(".".to_string()),
    }
}

fn ancestor_ids(id: &str) -> Vec<String> {
    let mut chain = Vec::new();
    let mut at = parent_id(id);
    while let Some(id) = at {
        at = parent_id(&id);
        chain.push(id);
    }
    chain.reverse();
    chain
}

/// One step of a node's place in the tree: the root, then directories before files
/// (by name), then items by position in their file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Root,
    Dir(String),
    File(String),
    Item(u64, u64),
}

fn step(node: &Value) -> Step {
    let id = node["id"].as_str().unwrap().to_string();
    match node["kind"].as_str().unwrap() {
        "repo" => Step::Root,
        "dir" => Step::Dir(id),
        "file" => Step::File(id),
        _ => {
            let (start_byte, _, start_line, _) = span_of(node).expect("items have spans");
            Step::Item(start_line, start_byte as u64)
        }
    }
}

/// Entries are in tree order and every non-root entry comes after all its ancestors.
fn assert_tree_order(slice: &Value, context: &str) {
    let list = entries(slice);
    let position: HashMap<&str, usize> = list
        .iter()
        .enumerate()
        .map(|(i, e)| (e["id"].as_str().unwrap(), i))
        .collect();
    let mut keys = Vec::new();
    for (i, e) in list.iter().enumerate() {
        let id = e["id"].as_str().unwrap();
        let mut key = Vec::new();
        for ancestor in ancestor_ids(id) {
            let Some(&at) = position.get(ancestor.as_str()) else {
                panic!(
                    "{context}: `{id}` is shown without its ancestor `{ancestor}`:\n{}",
                    describe_entries(slice)
                );
            };
            assert!(
                at < i,
                "{context}: ancestor `{ancestor}` comes after `{id}`:\n{}",
                describe_entries(slice)
            );
            key.push(step(&list[at]));
        }
        key.push(step(e));
        keys.push((key, id));
    }
    for pair in keys.windows(2) {
        assert!(
            pair[0].0 < pair[1].0,
            "{context}: `{}` comes before `{}`, not in tree order:\n{}",
            pair[0].1,
            pair[1].1,
            describe_entries(slice)
        );
    }
}

/// The markdown has the documented shape for each entry: a preamble line, `## id`
/// for directories, `### id` for files, `#### id Lx-y` and a code block for items at
/// source, `- id Lx-y — gist` for items at gist, and fold markers that name an entry
/// with that many hidden children.
fn assert_markdown_shape(slice: &Value, context: &str) {
    let text = text(slice);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(PREAMBLE_START) && text.starts_with(&format!("{first}\n")),
        "{context}: no one-line preamble:\n{text}"
    );
    for e in entries(slice) {
        let id = e["id"].as_str().unwrap();
        let level = e["level"].as_str().unwrap();
        let lines = span_of(e)
            .map(|(_, _, s, end)| line_range(s, end))
            .unwrap_or_default();
        let expected = match (e["kind"].as_str().unwrap(), level) {
            ("repo" | "dir", _) => format!("\n## {id}"),
            ("file", _) => format!("\n### {id}"),
            (_, "source") => match e["skipped_lines"].as_u64().unwrap() {
                0 => format!("\n#### {id}{lines}\n```"),
                1 => format!("\n#### {id}{lines}\n… 1 line above\n```"),
                n => format!("\n#### {id}{lines}\n… {n} lines above\n```"),
            },
            (_, "outline") => format!("\n#### {id}{lines} ("),
            (_, _) => format!("\n- {id}{lines}"),
        };
        assert!(
            text.contains(&expected),
            "{context}: `{id}` at {level} is not rendered as {expected:?}:\n{text}"
        );
    }
    let hidden: HashMap<&str, u64> = entries(slice)
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap(),
                e["hidden_children"].as_u64().unwrap(),
            )
        })
        .collect();
    // Fold markers for children (`… 3 more items: …`); cut sources have their own.
    for line in text
        .lines()
        .filter(|l| l.starts_with('…') && !l.contains(" more line") && !l.ends_with(" above"))
    {
        let rest = line.trim_start_matches('…').trim();
        let (count, id) = rest
            .split_once(" more item")
            .and_then(|(n, tail)| {
                Some((n.parse::<u64>().ok()?, tail.split_once("pyramid zoom ")?.1))
            })
            .unwrap_or_else(|| panic!("{context}: malformed fold marker {line:?}"));
        assert_eq!(
            hidden.get(id).copied(),
            Some(count),
            "{context}: fold marker {line:?} does not match the entry's hidden_children"
        );
    }
}

/// Checks output has nothing from the machine it ran on.
fn portable(text: String, repo: &Repo) -> String {
    let tmp = repo.tmp.path().to_str().unwrap();
    assert!(!text.contains(tmp), "output contains the temp path: {text}");
    assert!(
        !text.contains("/tmp/"),
        "output contains a temp path: {text}"
    );
    text
}

/// A small deterministic PRNG (xorshift64*), so the property test needs no crate.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// 40 budgets from 50 to 50,000: both ends, and 38 log-uniform draws between them.
fn budgets(seed: u64) -> Vec<usize> {
    let mut rng = XorShift(seed);
    let (lo, hi) = (50f64.ln(), 50_000f64.ln());
    let mut out = vec![50, 50_000];
    out.extend((0..38).map(|_| (lo + rng.unit() * (hi - lo)).exp().round() as usize));
    out
}

// ---------------------------------------------------------------- search

#[test]
fn search_finds_the_right_node_first() {
    let cases = [
        (
            "rust_repo",
            "checksum",
            "src/store/writer.rs::helpers::checksum",
        ),
        (
            "rust_repo",
            "parse_line",
            "src/config.rs::Config::parse_line",
        ),
        (
            "rust_repo",
            "open default store",
            "src/lib.rs::open_default",
        ),
        ("rust_repo", "Writer", "src/store/writer.rs::Writer"),
        ("python_repo", "jitter", "retrykit/policy.py::jitter"),
        (
            "python_repo",
            "delay_for",
            "retrykit/policy.py::RetryPolicy::delay_for",
        ),
        (
            "python_repo",
            "CronSchedule",
            "retrykit/schedule/cron.py::CronSchedule",
        ),
        (
            "python_repo",
            "environment boolean flag",
            "retrykit/util.py::env_flag",
        ),
        (
            "python_repo",
            "next run",
            "retrykit/schedule/cron.py::CronSchedule::next_run",
        ),
    ];
    let rust = indexed("rust_repo");
    let python = indexed("python_repo");
    for (name, query, expected) in cases {
        let repo = if name == "rust_repo" { &rust } else { &python };
        let ids = search_ids(repo, &[query]);
        assert_eq!(
            ids.first().map(String::as_str),
            Some(expected),
            "{name}: `search {query}` ranked {ids:#?}"
        );
        // The text output lists the same node first, with its kind and gist.
        let out = repo.run(&["search", query]);
        assert!(
            out.starts_with(&format!("- {expected} (")),
            "{name}: text output of `search {query}`:\n{out}"
        );
    }
}

#[test]
fn search_json_schema() {
    let repo = indexed("rust_repo");
    let found = search(&repo, &["entries"]);
    assert!(found.len() > 1, "{found:#?}");
    let mut last_per_file: HashMap<&str, f64> = HashMap::new();
    for f in &found {
        let mut keys: BTreeSet<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        // `lines` when the result has lines holding the query's words.
        keys.remove("lines");
        assert_eq!(
            keys,
            BTreeSet::from(["id", "kind", "lang", "path", "span", "gist", "score"]),
            "{f}"
        );
        assert!(f["id"].is_string() && f["kind"].is_string() && f["gist"].is_string());
        let score = f["score"].as_f64().expect("score is a number");
        // Descending per file: a file's hits beyond its first two may wait for
        // other files' first ones.
        let path = f["path"].as_str().unwrap();
        let last = last_per_file.entry(path).or_insert(f64::INFINITY);
        assert!(
            score <= *last,
            "scores of {path} are not descending: {found:#?}"
        );
        *last = score;
        if f["kind"] == "dir" || f["kind"] == "repo" {
            assert!(f["lang"].is_null() && f["span"].is_null(), "{f}");
        } else {
            // Code is Rust here; docs and settings have no language.
            let text =
                ["Cargo.toml", "README.md", "notes.txt"].contains(&f["path"].as_str().unwrap());
            assert_eq!(
                f["lang"],
                if text { Value::Null } else { "rust".into() },
                "{f}"
            );
            let id = f["id"].as_str().unwrap();
            assert!(id.starts_with(f["path"].as_str().unwrap()), "{f}");
            // The span locates the node in its file: its name is in those bytes.
            let name = id.rsplit("::").next().unwrap();
            if f["kind"] != "file" {
                assert!(file_bytes(&repo, f).contains(name), "{f}");
            }
        }
    }
}

#[test]
fn search_kind_filter() {
    let repo = indexed("rust_repo");
    let methods = search(&repo, &["entries", "--kind", "method"]);
    assert!(!methods.is_empty());
    assert!(
        methods.iter().all(|f| f["kind"] == "method"),
        "{methods:#?}"
    );

    // Comma-separated and repeated kinds.
    for args in [
        &["config format", "--kind", "struct,enum"][..],
        &["config format", "-k", "struct", "--kind", "enum"][..],
    ] {
        let found = search(&repo, args);
        let kinds: BTreeSet<&str> = found.iter().map(|f| f["kind"].as_str().unwrap()).collect();
        assert_eq!(
            kinds,
            BTreeSet::from(["enum", "struct"]),
            "{args:?}: {found:#?}"
        );
        let ids: Vec<&str> = found.iter().map(|f| f["id"].as_str().unwrap()).collect();
        assert!(ids.contains(&"src/config.rs::Config"), "{ids:?}");
        assert!(ids.contains(&"src/config.rs::Format"), "{ids:?}");
    }

    // A kind nothing of which matches: nothing found.
    let err = repo.fail(&["search", "checksum", "--kind", "union"], 1);
    assert!(!err.trim().is_empty());

    // An unknown kind is bad usage and lists the kinds.
    let err = repo.fail(&["search", "checksum", "--kind", "functoin"], 2);
    assert!(err.contains("functoin"), "{err}");
    assert!(err.contains("function"), "{err}");
}

#[test]
fn search_lang_filter() {
    // The Rust fixture plus a Python script that also defines `checksum`.
    let repo = fixture("rust_repo");
    repo.write(
        "tools/checksum.py",
        "def checksum(data):\n    \"\"\"Return the checksum of `data`.\"\"\"\n    return sum(data) % 256\n",
    );
    repo.index(&[]);

    let both = search(&repo, &["checksum"]);
    let ids: Vec<&str> = both.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"tools/checksum.py::checksum"), "{ids:?}");
    assert!(
        ids.contains(&"src/store/writer.rs::helpers::checksum"),
        "{ids:?}"
    );

    let python = search(&repo, &["checksum", "--lang", "python"]);
    assert!(python.iter().all(|f| f["lang"] == "python"), "{python:#?}");
    assert!(
        python
            .iter()
            .any(|f| f["id"] == "tools/checksum.py::checksum")
    );

    let rust = search(&repo, &["checksum", "--lang", "rust"]);
    assert!(rust.iter().all(|f| f["lang"] == "rust"), "{rust:#?}");
    assert_eq!(rust[0]["id"], "src/store/writer.rs::helpers::checksum");

    // Only Rust in the plain fixture: nothing in Python.
    let plain = indexed("rust_repo");
    plain.fail(&["search", "checksum", "--lang", "python"], 1);
    let err = plain.fail(&["search", "checksum", "--lang", "cobol"], 2);
    assert!(err.contains("cobol"), "{err}");
}

#[test]
fn search_path_filter() {
    let repo = indexed("rust_repo");
    let prefix = search(&repo, &["entries", "--path", "src/store/", "-n", "50"]);
    assert!(!prefix.is_empty());
    assert!(
        prefix
            .iter()
            .all(|f| f["path"].as_str().unwrap().starts_with("src/store/")),
        "{prefix:#?}"
    );
    // The filter applies before the limit: the store's best match is found even
    // though files outside it rank higher without the filter.
    let unfiltered = search_ids(&repo, &["entries", "-n", "50"]);
    let filtered = search_ids(&repo, &["entries", "--path", "src/store/", "-n", "50"]);
    let expected: Vec<String> = unfiltered
        .iter()
        .filter(|id| id.starts_with("src/store/"))
        .cloned()
        .collect();
    assert_eq!(filtered, expected);

    // A glob: `*` does not cross directories.
    let shallow = search(&repo, &["entries", "--path", "src/*.rs", "-n", "50"]);
    assert!(!shallow.is_empty());
    for f in &shallow {
        let path = f["path"].as_str().unwrap();
        assert!(
            path.starts_with("src/") && !path["src/".len()..].contains('/'),
            "{path}"
        );
    }
    let deep = search(&repo, &["entries", "--path", "src/**/writer.rs"]);
    assert!(!deep.is_empty());
    assert!(
        deep.iter().all(|f| f["path"] == "src/store/writer.rs"),
        "{deep:#?}"
    );

    // --exclude leaves out what it names, before the limit too, and goes with --path.
    let outside = search_ids(&repo, &["entries", "--exclude", "src/store/", "-n", "50"]);
    let expected: Vec<String> = unfiltered
        .iter()
        // Like --path, it keeps the nodes of files: no directory, no root.
        .filter(|id| !id.starts_with("src/store/") && *id != "." && !id.ends_with('/'))
        .cloned()
        .collect();
    assert!(!outside.is_empty());
    assert_eq!(outside, expected);
    let both = search_ids(
        &repo,
        &[
            "entries",
            "--path",
            "src/",
            "--exclude",
            "**/writer.rs",
            "--exclude",
            "src/lib.rs",
        ],
    );
    assert!(!both.is_empty());
    assert!(
        both.iter().all(|id| id.starts_with("src/")
            && !id.starts_with("src/store/writer.rs")
            && !id.starts_with("src/lib.rs")),
        "{both:?}"
    );

    // Several places in one glob.
    let two = search(
        &repo,
        &["entries", "--path", "{src/store/**,src/lib.rs}", "-n", "50"],
    );
    let paths: BTreeSet<&str> = two.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(paths.contains("src/lib.rs") && paths.len() > 1, "{paths:?}");
    assert!(
        paths
            .iter()
            .all(|p| *p == "src/lib.rs" || p.starts_with("src/store/")),
        "{paths:?}"
    );

    // Or in --path given twice: a path matching either is kept.
    let repeated = search(
        &repo,
        &[
            "entries",
            "--path",
            "src/store/",
            "--path",
            "src/lib.rs",
            "-n",
            "50",
        ],
    );
    let again: BTreeSet<&str> = (repeated.iter())
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(again, paths);

    // Nothing under the path: exit 1. A bad glob: exit 2, naming the glob.
    repo.fail(&["search", "entries", "--path", "tests/"], 1);
    let docs = search(&repo, &["entries", "--exclude", "src/"]);
    assert!(
        docs.iter().all(|f| f["lang"].is_null()),
        "only docs: {docs:#?}"
    );
    repo.fail(
        &[
            "search",
            "entries",
            "--exclude",
            "src/",
            "--kind",
            "function",
        ],
        1,
    );
    let err = repo.fail(&["search", "entries", "--path", "src/[a"], 2);
    assert!(err.contains("src/[a"), "{err}");
    let err = repo.fail(&["search", "entries", "--exclude", "src/[a"], 2);
    assert!(err.contains("src/[a"), "{err}");
}

#[test]
fn each_result_shows_its_own_lines_that_hold_the_query_words() {
    let repo = indexed("python_repo");
    let query = "delay before the next retry attempt";
    let lines_of = |f: &Value| f["lines"].as_array().cloned().unwrap_or_default();
    let found = search(&repo, &[query, "--lines", "2"]);
    let mut shown = 0;
    for f in &found {
        let lines = lines_of(f);
        assert!(lines.len() <= 2, "{f:#}");
        let (first, last) = (
            f["span"]["start_line"].as_u64(),
            f["span"]["end_line"].as_u64(),
        );
        let file = repo.read_string(f["path"].as_str().unwrap());
        for line in &lines {
            let n = line["line"].as_u64().unwrap();
            // Inside the result.
            assert!(first.unwrap() <= n && n <= last.unwrap(), "{f:#}");
            let text = line["text"].as_str().unwrap();
            assert_eq!(text, file.lines().nth(n as usize - 1).unwrap().trim());
            let lower = text.to_lowercase();
            assert!(
                ["delay", "retry", "attempt", "next"]
                    .iter()
                    .any(|w| lower.contains(w)),
                "{text}"
            );
        }
        shown += lines.len();
    }
    assert!(shown > 0, "{found:#?}");
    // One line each unless asked; none with 0.
    let default = search(&repo, &[query]);
    assert!(default.iter().all(|f| lines_of(f).len() <= 1));
    assert!(default.iter().any(|f| lines_of(f).len() == 1));
    let none = search(&repo, &[query, "--lines", "0"]);
    assert!(none.iter().all(|f| f.get("lines").is_none()), "{none:#?}");
    // The text shows them numbered under their result.
    let text = repo.run(&["search", query]);
    for f in &default {
        for line in lines_of(f) {
            let printed = format!(
                "\n    {}: {}\n",
                line["line"],
                line["text"].as_str().unwrap()
            );
            assert!(text.contains(&printed), "{printed} in {text}");
        }
    }
    repo.fail(&["search", query, "--lines", "6"], 2);
}

#[test]
fn search_limit() {
    let repo = indexed("python_repo");
    let all = search_ids(&repo, &["retry"]);
    assert!(all.len() > 3, "{all:?}");
    assert!(all.len() <= 10, "the default limit is 10: {all:?}");
    assert_eq!(search_ids(&repo, &["retry", "-n", "1"]), all[..1]);
    assert_eq!(search_ids(&repo, &["retry", "--limit", "3"]), all[..3]);
    let many = search_ids(&repo, &["retry", "--limit", "100"]);
    assert!(many.len() > 10 && many.starts_with(&all), "{many:?}");
    // The text says when more match, and the call that shows them.
    let one = repo.run(&["search", "retry", "-n", "1"]);
    assert!(one.ends_with("\n… more match: -n 2\n"), "{one}");
    let every = repo.run(&["search", "retry", "-n", &many.len().to_string()]);
    assert!(!every.contains("more match"), "{every}");
    let short = repo.run(&["search", "retry", "-n", &(many.len() - 1).to_string()]);
    assert!(short.contains("… more match: -n "), "{short}");
}

#[test]
fn search_query_file_and_stdin() {
    let repo = indexed("python_repo");
    let inline = repo.run(&["--json", "search", PYTHON_TASK]);
    let file = repo.tmp.path().join("task.txt");
    std::fs::write(&file, PYTHON_TASK).unwrap();
    let from_file = repo.run(&["--json", "search", "--query-file", file.to_str().unwrap()]);
    assert_eq!(from_file, inline);
    let from_stdin = run_ok(
        repo.cmd()
            .args(["--json", "search", "--query-file", "-"])
            .write_stdin(PYTHON_TASK),
    );
    assert_eq!(from_stdin, inline);
    let found = parse_one_json(&inline);
    assert!(!found.as_array().unwrap().is_empty());
    // A query and a query file together are bad usage.
    repo.fail(
        &["search", "jitter", "--query-file", file.to_str().unwrap()],
        2,
    );
}

#[test]
fn search_exit_codes() {
    let repo = indexed("rust_repo");
    // Nothing matches: exit 1, a message on stderr, nothing on stdout (run_fail).
    let err = repo.fail(&["search", "zebraquux"], 1);
    assert!(!err.trim().is_empty());
    // With --json: the same exit code and `[]` (tests/hostile.rs).

    // A limit of 0 is bad usage.
    repo.fail(&["search", "commit", "-n", "0"], 2);

    // Empty queries are bad usage.
    for query in ["", "   ", "?! -- ..."] {
        let err = repo.fail(&["search", query], 2);
        assert!(err.contains("empty query"), "{query:?}: {err}");
    }
    repo.fail(&["search"], 2);
    let empty = repo.tmp.path().join("empty.txt");
    std::fs::write(&empty, "\n").unwrap();
    let err = repo.fail(&["search", "--query-file", empty.to_str().unwrap()], 2);
    assert!(err.contains("empty query"), "{err}");
    let err = run_fail(
        repo.cmd()
            .args(["search", "--query-file", "-"])
            .write_stdin(""),
        2,
    );
    assert!(err.contains("empty query"), "{err}");
    repo.fail(&["search", "checksum", "--limit", "many"], 2);
}

#[test]
fn search_missing_query_file_is_bad_usage() {
    let repo = indexed("rust_repo");
    let missing = repo.tmp.path().join("no-such-task.txt");
    let err = repo.fail(&["search", "--query-file", missing.to_str().unwrap()], 2);
    assert!(err.contains("no-such-task.txt"), "{err}");
    let err = repo.fail(&["slice", "--query-file", missing.to_str().unwrap()], 2);
    assert!(err.contains("no-such-task.txt"), "{err}");
}

#[test]
fn search_drops_stop_words() {
    let rust = indexed("rust_repo");
    let python = indexed("python_repo");
    for (repo, padded, bare) in [
        (&rust, "what is the checksum of it", "checksum"),
        (&rust, "how should the Writer commit", "Writer commit"),
        (&python, "the jitter for an attempt", "jitter attempt"),
    ] {
        let a = repo.run(&["--json", "search", padded]);
        let b = repo.run(&["--json", "search", bare]);
        assert_eq!(a, b, "`{padded}` and `{bare}` rank differently");
    }
}

#[test]
fn search_weights_test_code_down_unless_asked() {
    // The Python fixture has tests/test_policy.py with a test per feature.
    let repo = indexed("python_repo");
    // (query, code, its test, whether the test should rank first once asked for)
    let cases = [
        (
            "from_config",
            "retrykit/policy.py::RetryPolicy::from_config",
            "tests/test_policy.py::test_from_config",
            false,
        ),
        (
            "default attempts",
            "retrykit/policy.py::DEFAULT_ATTEMPTS",
            "tests/test_policy.py::test_default_attempts",
            true,
        ),
        (
            "summarize",
            "retrykit/policy.py::summarize",
            "tests/test_policy.py::test_summarize",
            true,
        ),
    ];
    let scores = |query: &str| -> HashMap<String, f64> {
        search(&repo, &[query, "-n", "50"])
            .iter()
            .map(|f| {
                (
                    f["id"].as_str().unwrap().to_string(),
                    f["score"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    for (query, code, test, test_first) in cases {
        let neutral = search_ids(&repo, &[query, "-n", "50"]);
        assert!(
            rank_of(&neutral, code) < rank_of(&neutral, test),
            "`{query}`: test code ranked above code: {neutral:#?}"
        );
        let neutral_scores = scores(query);
        let neutral_ratio = neutral_scores[test] / neutral_scores[code];
        for about in [format!("{query} test"), format!("tests for {query}")] {
            // Not weighted down any more: the test gains on the code.
            let asked = scores(&about);
            let ratio = asked[test] / asked[code];
            assert!(
                ratio > neutral_ratio,
                "`{about}`: test/code score ratio {ratio:.3} ≤ {neutral_ratio:.3} for `{query}`"
            );
            // "test" is in the test's name ("tests" is not, without stemming).
            if test_first && about.ends_with(" test") {
                let ids = search_ids(&repo, &[&about, "-n", "50"]);
                assert!(
                    rank_of(&ids, test) < rank_of(&ids, code),
                    "`{about}`: the test should rank first: {ids:#?}"
                );
            }
        }
    }
    // The Rust fixture's only test, `src/config.rs::tests::loads_defaults`, is in a
    // `tests` module: weighted down for a neutral query, but still found.
    let rust = indexed("rust_repo");
    let neutral = search(&rust, &["loads defaults"]);
    let asked = search(&rust, &["loads defaults test"]);
    let score = |found: &[Value]| {
        found
            .iter()
            .find(|f| f["id"] == "src/config.rs::tests::loads_defaults")
            .and_then(|f| f["score"].as_f64())
            .expect("loads_defaults found")
    };
    assert!(score(&asked) > score(&neutral));
}

// ---------------------------------------------------------------- slice: budget

/// `tokens <= budget` by an independent count, the JSON `tokens` equal to that count,
/// and a non-empty text, for 40 budgets × 3 queries; exact source and the markdown
/// shape whenever the full layout is used.
fn budget_property(name: &str, queries: &[&str], seed: u64) {
    let repo = indexed(name);
    let budgets = budgets(seed);
    for (b, &budget) in budgets.iter().enumerate() {
        for (q, query) in queries.iter().enumerate() {
            let context = format!("{name}: budget {budget}, query {query:?}");
            let budget_arg = budget.to_string();
            let s = slice(&repo, &[query, "--budget", &budget_arg]);
            let text = text(&s);
            let counted = tokens(text);
            assert!(
                counted <= budget,
                "{context}: {counted} tokens over the budget:\n{text}"
            );
            assert_eq!(s["tokens"], counted, "{context}: JSON tokens");
            assert_eq!(s["budget"], budget, "{context}");
            assert!(!text.trim().is_empty(), "{context}: empty text");
            assert!(!entries(&s).is_empty(), "{context}: no entries");
            assert_eq!(s["stale"], serde_json::json!([]), "{context}");
            // Every id in the text is an entry, every entry is in the text.
            for e in entries(&s) {
                assert!(
                    text.contains(e["id"].as_str().unwrap()),
                    "{context}: entry {} not in the text",
                    e["id"]
                );
            }
            assert_source_blocks_exact(&repo, &s, &context);
            if text.starts_with(PREAMBLE_START) {
                assert_markdown_shape(&s, &context);
            }
            // Now and then, the markdown printed is the JSON's text.
            if (b + q) % 10 == 0 {
                let markdown = repo.run(&["slice", query, "--budget", &budget_arg]);
                assert_eq!(markdown, text, "{context}: markdown ≠ JSON text");
            }
        }
    }
}

#[test]
fn slice_budget_property_rust() {
    budget_property(
        "rust_repo",
        &["checksum", "config load save", RUST_TASK],
        0x5EED_0001,
    );
}

#[test]
fn slice_budget_property_python() {
    budget_property(
        "python_repo",
        &["jitter", "cron schedule next run", PYTHON_TASK],
        0x5EED_0002,
    );
}

#[test]
fn slice_budget_property_with_focus() {
    let repo = indexed("rust_repo");
    for budget in budgets(0x5EED_0003).into_iter().step_by(4) {
        let budget_arg = budget.to_string();
        let s = slice(
            &repo,
            &[
                "--focus",
                "src/config.rs::Config::save",
                "--budget",
                &budget_arg,
            ],
        );
        let counted = tokens(text(&s));
        assert!(counted <= budget, "budget {budget}: {counted} tokens");
        assert_eq!(s["tokens"], counted);
        assert!(
            entry(&s, "src/config.rs::Config::save").is_some(),
            "budget {budget}: the focus is left out:\n{}",
            describe_entries(&s)
        );
    }
}

// ---------------------------------------------------------------- slice: content

#[test]
fn slice_shows_top_match_at_source() {
    let cases = [
        ("rust_repo", "checksum"),
        ("rust_repo", "parse_line"),
        ("rust_repo", "validate"),
        ("python_repo", "jitter"),
        ("python_repo", "delay_for"),
        ("python_repo", "environment boolean flag"),
        ("rust_repo", RUST_TASK),
        ("python_repo", PYTHON_TASK),
    ];
    let rust = indexed("rust_repo");
    let python = indexed("python_repo");
    for (name, query) in cases {
        let repo = if name == "rust_repo" { &rust } else { &python };
        let top = search(repo, &[query, "-n", "1"]).remove(0);
        let top_id = top["id"].as_str().unwrap();
        let bytes = file_bytes(repo, &top);
        // Budgets well above what the answer needs (these repositories are small).
        for budget in ["2000", "8000", "50000"] {
            let context = format!("{name}: slice {query:?} --budget {budget}");
            let s = slice(repo, &[query, "--budget", budget]);
            assert_source_blocks_exact(repo, &s, &context);
            assert_markdown_shape(&s, &context);
            // Its exact source is shown: its own, or inside an enclosing node's.
            let ancestors = ancestor_ids(top_id);
            let at_source = |e: &&Value| e["level"] == "source";
            let own = entries(&s)
                .iter()
                .filter(at_source)
                .find(|e| e["id"] == top_id);
            let enclosing = entries(&s)
                .iter()
                .filter(at_source)
                .find(|e| ancestors.iter().any(|a| e["id"] == a.as_str()));
            match (own, enclosing) {
                (Some(own), _) => assert_eq!(own["why"], "match", "{context}"),
                (None, Some(enclosing)) => assert!(
                    source_block(text(&s), enclosing)
                        .unwrap()
                        .contains(bytes.trim_end()),
                    "{context}: top match `{top_id}` is not in the slice, and `{}` is shown at \
                     source instead, whose source does not contain it:\n{}",
                    enclosing["id"],
                    describe_entries(&s)
                ),
                (None, None) => panic!(
                    "{context}: top match `{top_id}` is not at source:\n{}",
                    describe_entries(&s)
                ),
            }
        }
    }
}

/// Whether a search result is visible in a slice: listed as an entry, or inside
/// the source text of an entry shown at `source`.
fn visible(slice: &Value, hit: &Value) -> bool {
    let id = hit["id"].as_str().unwrap();
    if entry(slice, id).is_some() {
        return true;
    }
    let Some((start, end, _, _)) = span_of(hit) else {
        return false;
    };
    entries(slice).iter().any(|e| {
        e["level"] == "source"
            && e["path"] == hit["path"]
            && span_of(e).is_some_and(|(s0, e0, _, _)| s0 <= start && end <= e0)
    })
}

#[test]
fn large_budget_slice_covers_every_match() {
    // With a budget far above the size of the repository, every node the query
    // matches is shown: as an entry, or inside the source of an entry.
    let cases = [
        ("rust_repo", "parse_line"),
        ("rust_repo", "Store"),
        ("rust_repo", "checksum"),
        ("python_repo", "jitter"),
        ("python_repo", "cron schedule"),
    ];
    for (name, query) in cases {
        let repo = indexed(name);
        let s = slice(&repo, &[query, "--budget", "50000"]);
        let context = format!("{name}: slice {query:?} --budget 50000");
        for hit in search(&repo, &[query, "-n", "60"]) {
            // Directories are context; docs and settings are not sliced.
            if hit["kind"] == "dir" || hit["kind"] == "repo" || hit["lang"].is_null() {
                continue;
            }
            assert!(
                visible(&s, &hit),
                "{context}: match `{}` is neither listed nor inside a source entry:\n{}",
                hit["id"],
                describe_entries(&s)
            );
        }
    }
}

#[test]
fn slice_shows_the_best_matches() {
    // The three best search results are in the slice (as entries or inside a source
    // entry) whenever the budget is well above what they need.
    let cases = [
        ("rust_repo", RUST_TASK),
        ("rust_repo", "Writer commit"),
        ("rust_repo", "Store open"),
        ("python_repo", PYTHON_TASK),
        ("python_repo", "retry policy"),
        ("python_repo", "cron schedule"),
    ];
    let rust = indexed("rust_repo");
    let python = indexed("python_repo");
    let mut problems = Vec::new();
    for (name, query) in cases {
        let repo = if name == "rust_repo" { &rust } else { &python };
        let best: Vec<Value> = search(repo, &[query, "-n", "20"])
            .into_iter()
            .filter(|f| f["kind"] != "dir" && f["kind"] != "repo")
            .take(3)
            .collect();
        for budget in ["2000", "8000"] {
            let s = slice(repo, &[query, "--budget", budget]);
            for (rank, hit) in best.iter().enumerate() {
                if !visible(&s, hit) {
                    problems.push(format!(
                        "{name}: slice {query:?} --budget {budget} ({} tokens used): search \
                         result #{} `{}` is not in the slice",
                        s["tokens"],
                        rank + 1,
                        hit["id"]
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn slice_focus_alone() {
    let cases = [
        ("rust_repo", "src/store/writer.rs::Writer::commit"),
        ("rust_repo", "src/config.rs::Config::Display::fmt"),
        (
            "python_repo",
            "retrykit/schedule/cron.py::CronSchedule::describe",
        ),
        ("python_repo", "retrykit/util.py::load_attempts"),
    ];
    for (name, id) in cases {
        let repo = indexed(name);
        let s = slice(&repo, &["--focus", id]);
        let context = format!("{name}: slice --focus {id}");
        assert_eq!(s["budget"], 8000, "the default budget");
        let focus = must_entry(&s, id);
        assert_eq!(focus["why"], "focus", "{context}");
        assert_eq!(focus["level"], "source", "{context}");
        assert_source_blocks_exact(&repo, &s, &context);
        assert_markdown_shape(&s, &context);
        assert_tree_order(&s, &context);
        // Only the focus is why=focus, and nothing matched a query.
        for e in entries(&s) {
            assert!(
                e["why"] != "match" && (e["why"] != "focus" || e["id"] == id),
                "{context}: {e}"
            );
        }
    }
}

#[test]
fn slice_focus_and_query() {
    let repo = indexed("python_repo");
    let s = slice(
        &repo,
        &["jitter", "--focus", "retrykit/util.py::format_delay"],
    );
    let focus = must_entry(&s, "retrykit/util.py::format_delay");
    assert_eq!(focus["why"], "focus");
    assert_eq!(focus["level"], "source");
    // The match is shown at source: on its own, or inside its small file shown whole.
    let jitter = entry(&s, "retrykit/policy.py::jitter")
        .unwrap_or_else(|| must_entry(&s, "retrykit/policy.py"));
    assert_eq!(jitter["why"], "match");
    assert_eq!(jitter["level"], "source");
    assert_eq!(jitter["cut_lines"], 0);
    assert_source_blocks_exact(&repo, &s, "jitter + focus");
    assert_tree_order(&s, "jitter + focus");

    // Several focus ids; a focus that the query also matches stays why=focus.
    let s = slice(
        &repo,
        &[
            "jitter",
            "--focus",
            "retrykit/policy.py::jitter",
            "--focus",
            "retrykit/schedule/cron.py::CronSchedule::parse",
        ],
    );
    for id in [
        "retrykit/policy.py::jitter",
        "retrykit/schedule/cron.py::CronSchedule::parse",
    ] {
        let e = must_entry(&s, id);
        assert_eq!(e["why"], "focus", "{id}");
        assert_eq!(e["level"], "source", "{id}");
    }

    // A small budget keeps the focus before any match.
    let s = slice(
        &repo,
        &[
            "retry policy delay",
            "--focus",
            "retrykit/util.py::env_flag",
            "--budget",
            "300",
        ],
    );
    assert!(tokens(text(&s)) <= 300);
    assert_eq!(must_entry(&s, "retrykit/util.py::env_flag")["why"], "focus");
}

/// Asserts two `slice --json` outputs are byte-identical; on a difference, says
/// where (the text, or which entry and field) instead of printing both whole.
fn assert_same_json(left: &str, right: &str, context: &str) {
    if left == right {
        return;
    }
    let (l, r) = (parse_one_json(left), parse_one_json(right));
    assert_eq!(text(&l), text(&r), "{context}: the texts differ");
    let (le, re) = (entries(&l), entries(&r));
    assert_eq!(
        le.iter().map(|e| &e["id"]).collect::<Vec<_>>(),
        re.iter().map(|e| &e["id"]).collect::<Vec<_>>(),
        "{context}: the entries differ"
    );
    for (a, b) in le.iter().zip(re) {
        for (key, value) in a.as_object().unwrap() {
            assert_eq!(
                value, &b[key],
                "{context}: `{key}` of entry `{}` differs",
                a["id"]
            );
        }
    }
    panic!("{context}: the JSON differs outside the entries:\n{left}\n{right}");
}

#[test]
fn slice_is_deterministic() {
    let cases = [
        ("rust_repo", RUST_TASK),
        ("rust_repo", "checksum"),
        ("python_repo", PYTHON_TASK),
        ("python_repo", "jitter"),
    ];
    for (name, query) in cases {
        let a = indexed(name);
        let b = indexed(name);
        for budget in ["300", "2000", "8000"] {
            let context = format!("{name}: slice {query:?} --budget {budget}");
            let args = ["slice", query, "--budget", budget];
            let first = a.run(&args);
            assert_eq!(a.run(&args), first, "{context}: run twice");
            assert_eq!(b.run(&args), first, "{context}: two indexes");
            let json_args = ["--json", "slice", query, "--budget", budget];
            let json = a.run(&json_args);
            assert_same_json(&json, &a.run(&json_args), &format!("{context}: JSON twice"));
            assert_same_json(
                &json,
                &b.run(&json_args),
                &format!("{context}: JSON, two indexes"),
            );
            portable(json, &a);
        }
    }
}

#[test]
fn slice_entries_in_tree_order() {
    let cases = [
        ("rust_repo", RUST_TASK),
        ("rust_repo", "checksum"),
        ("rust_repo", "Writer commit"),
        ("python_repo", PYTHON_TASK),
        ("python_repo", "jitter"),
        ("python_repo", "retry policy"),
    ];
    for (name, query) in cases {
        let repo = indexed(name);
        for budget in ["1000", "1500", "3000", "8000", "50000"] {
            let s = slice(&repo, &[query, "--budget", budget]);
            let context = format!("{name}: slice {query:?} --budget {budget}");
            assert_tree_order(&s, &context);
            assert_markdown_shape(&s, &context);
            assert_eq!(entries(&s)[0]["id"], ".", "{context}: the root comes first");
        }
    }
}

#[test]
fn small_budget_slices_keep_tree_order_and_preamble() {
    // Below 1000 tokens, a slice with source keeps the full layout (preamble, tree
    // order, ancestors); one where no source fits may be compact: one whole line
    // per node, in tree order, without headers.
    let cases = [
        ("rust_repo", "checksum"),
        ("rust_repo", RUST_TASK),
        ("python_repo", "jitter"),
        ("python_repo", PYTHON_TASK),
    ];
    let mut full_layouts = 0;
    for (name, query) in cases {
        let repo = indexed(name);
        for budget in ["150", "200", "300", "500", "800"] {
            let s = slice(&repo, &[query, "--budget", budget]);
            let context = format!("{name}: slice {query:?} --budget {budget}");
            if text(&s).starts_with(PREAMBLE_START) {
                full_layouts += 1;
                assert_tree_order(&s, &context);
                assert_markdown_shape(&s, &context);
            } else {
                assert_compact_layout(&s, &context);
            }
        }
    }
    assert!(full_layouts > 0, "small budgets never show source");
}

/// A compact slice: one `- id Lx-y — gist` line per entry, whole ids, files in tree
/// order (directories first, then files, by name).
fn assert_compact_layout(slice: &Value, context: &str) {
    let text = text(slice);
    let list = entries(slice);
    assert!(!list.is_empty(), "{context}: empty compact slice");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        list.len(),
        "{context}: one line per entry:\n{text}"
    );
    let mut keys = Vec::new();
    for (line, e) in lines.iter().zip(list.iter()) {
        let id = e["id"].as_str().unwrap();
        let (_, _, start, end) = span_of(e).expect("compact entries are items or files");
        let head = if e["kind"] == "file" {
            format!("- {id}")
        } else {
            format!("- {id}{}", line_range(start, end))
        };
        assert!(
            line.starts_with(&head),
            "{context}: `{line}` is not `{head}…`"
        );
        assert_eq!(e["level"], "gist", "{context}: {id}");
        // Tree order of files: directories before files at each level.
        let path = e["path"].as_str().unwrap();
        let mut segments: Vec<&str> = path.split('/').collect();
        let file = segments.pop().unwrap();
        let mut key: Vec<Step> = segments.iter().map(|d| Step::Dir(d.to_string())).collect();
        key.push(Step::File(file.to_string()));
        // Inside a file, tree order follows nesting (a trait impl sits under its type,
        // wherever the trait is), which ids alone do not tell.
        keys.push((key, id.to_string()));
    }
    for pair in keys.windows(2) {
        assert!(
            pair[0].0 <= pair[1].0,
            "{context}: `{}` before `{}` is not tree order",
            pair[0].1,
            pair[1].1
        );
    }
}

/// A child in the index: its id, path, and first and last line.
type Child = (String, String, Option<(u64, u64)>);

/// Every node's children, from `zoom . --depth 64`.
fn children_by_id(repo: &Repo) -> HashMap<String, Vec<Child>> {
    let tree = repo.zoom(".", &["--depth", "64", "--level", "label"]);
    let mut out = HashMap::new();
    let mut stack = vec![&tree];
    while let Some(node) = stack.pop() {
        let children = node["children"].as_array().unwrap();
        assert_eq!(node["hidden_children"], 0, "the tree is deeper than 64");
        out.insert(
            node["id"].as_str().unwrap().to_string(),
            children
                .iter()
                .map(|c| {
                    (
                        c["id"].as_str().unwrap().to_string(),
                        c["path"].as_str().unwrap().to_string(),
                        span_of(c).map(|(_, _, first, last)| (first, last)),
                    )
                })
                .collect(),
        );
        stack.extend(children.iter());
    }
    out
}

#[test]
fn slice_hidden_children_add_up() {
    // For every entry: its children in the index are shown as entries, inside its
    // source text, or counted in `hidden_children` (which the fold markers print).
    let cases: [(&str, &[&str]); 12] = [
        ("rust_repo", &["checksum", "--budget", "400"]),
        ("rust_repo", &["checksum", "--budget", "3000"]),
        ("rust_repo", &["checksum", "--budget", "50000"]),
        ("rust_repo", &["parse_line", "--budget", "50000"]),
        ("rust_repo", &[RUST_TASK, "--budget", "2000"]),
        (
            "rust_repo",
            &["--focus", "src/config.rs", "--budget", "200"],
        ),
        ("rust_repo", &["--focus", "src/config.rs::Config::save"]),
        ("rust_repo", &["--focus", "src/", "--budget", "2000"]),
        ("python_repo", &["jitter", "--budget", "1000"]),
        ("python_repo", &["delay_for", "--budget", "3000"]),
        ("python_repo", &[PYTHON_TASK, "--budget", "2000"]),
        ("python_repo", &["--focus", "retrykit/", "--budget", "2000"]),
    ];
    let rust = indexed("rust_repo");
    let python = indexed("python_repo");
    let rust_tree = children_by_id(&rust);
    let python_tree = children_by_id(&python);
    let mut problems = Vec::new();
    for (name, args) in cases {
        let (repo, tree) = if name == "rust_repo" {
            (&rust, &rust_tree)
        } else {
            (&python, &python_tree)
        };
        let s = slice(repo, args);
        let shown: BTreeSet<&str> = entries(&s)
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        for e in entries(&s) {
            let id = e["id"].as_str().unwrap();
            let at_source = e["level"] == "source";
            // The lines its source shows: a cut source hides lines at either end.
            let own = span_of(e).map(|(_, _, first, last)| {
                (
                    first + e["skipped_lines"].as_u64().unwrap(),
                    last - e["cut_lines"].as_u64().unwrap(),
                )
            });
            let path = e["path"].as_str().unwrap();
            let children = &tree[id];
            let accounted = children
                .iter()
                .filter(|(child, child_path, span)| {
                    shown.contains(child.as_str())
                        || (at_source
                            && child_path == path
                            && matches!((own, span), (Some((s0, e0)), Some((s1, e1))) if s0 <= *s1 && *e1 <= e0))
                })
                .count();
            let hidden = e["hidden_children"].as_u64().unwrap() as usize;
            if accounted + hidden != children.len() {
                let missing: Vec<&str> = children
                    .iter()
                    .map(|(c, _, _)| c.as_str())
                    .filter(|c| !shown.contains(c))
                    .collect();
                problems.push(format!(
                    "{name}: slice {args:?}: `{id}` at {}: {} children, {accounted} shown or in \
                     its source, hidden_children = {hidden} (not shown: {missing:?})",
                    e["level"],
                    children.len()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn tiny_budgets_show_whole_ids_or_fail_clearly() {
    // A budget too small for one line: a clear error (exit 2), or a text in which
    // every entry's id is whole, so that it can be zoomed.
    let repo = indexed("rust_repo");
    for budget in ["1", "5", "10", "20"] {
        let out = repo
            .cmd()
            .args(["--json", "slice", "checksum", "--budget", budget])
            .output()
            .unwrap();
        if out.status.success() {
            let s = parse_one_json(&String::from_utf8(out.stdout).unwrap());
            assert!(tokens(text(&s)) <= budget.parse().unwrap());
            for e in entries(&s) {
                let id = e["id"].as_str().unwrap();
                assert!(
                    text(&s).contains(id),
                    "--budget {budget}: the id `{id}` is cut: {:?}",
                    text(&s)
                );
            }
        } else {
            assert_eq!(out.status.code(), Some(2), "--budget {budget}");
            assert!(out.stdout.is_empty());
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains("budget"), "--budget {budget}: {stderr}");
        }
    }
}

#[test]
fn slice_graph_neighbours() {
    // (fixture, caller, callee): the caller's source calls the callee.
    let cases = [
        // A method call on a local of an imported type (`Writer::from` then `.commit()`).
        (
            "rust_repo",
            "src/config.rs::Config::save",
            "src/store/writer.rs::Writer::commit",
        ),
        (
            "rust_repo",
            "src/config.rs::Config::save",
            "src/store/writer.rs::Writer::write_entry",
        ),
        // `Self::parse_line`.
        (
            "rust_repo",
            "src/config.rs::Config::load",
            "src/config.rs::Config::parse_line",
        ),
        // Through an import: `use crate::store::Store` then `Store::open`.
        (
            "rust_repo",
            "src/config.rs::Config::load",
            "src/store/mod.rs::Store::open",
        ),
        // Same file, a path through a private module: `helpers::checksum`.
        (
            "rust_repo",
            "src/store/writer.rs::Writer::commit",
            "src/store/writer.rs::helpers::checksum",
        ),
        // `from ..util import format_delay`.
        (
            "python_repo",
            "retrykit/schedule/cron.py::CronSchedule::describe",
            "retrykit/util.py::format_delay",
        ),
        // `self.next_run`.
        (
            "python_repo",
            "retrykit/schedule/cron.py::CronSchedule::describe",
            "retrykit/schedule/cron.py::CronSchedule::next_run",
        ),
        // Same file, by name.
        (
            "python_repo",
            "retrykit/policy.py::RetryPolicy::delay_for",
            "retrykit/policy.py::jitter",
        ),
    ];
    let rust = indexed("rust_repo");
    let python = indexed("python_repo");
    for (name, caller, callee) in cases {
        let repo = if name == "rust_repo" { &rust } else { &python };
        let s = slice(repo, &["--focus", caller]);
        let e = must_entry(&s, callee);
        assert_eq!(
            e["why"], "uses",
            "{name}: slice --focus {caller}: `{callee}`"
        );
        assert_tree_order(&s, caller);

        let s = slice(repo, &["--focus", callee]);
        let e = must_entry(&s, caller);
        assert_eq!(
            e["why"], "used_by",
            "{name}: slice --focus {callee}: `{caller}`"
        );
        assert_tree_order(&s, callee);
    }
}

#[test]
fn slice_formats_agree() {
    let repo = indexed("rust_repo");
    let args = ["slice", "checksum", "--budget", "1200"];
    let markdown = repo.run(&args);
    let json = repo.run(&["--json", "slice", "checksum", "--budget", "1200"]);
    let format_json = repo.run(&["slice", "checksum", "--budget", "1200", "--format", "json"]);
    let explicit_markdown = repo.run(&[
        "slice", "checksum", "--budget", "1200", "--format", "markdown",
    ]);
    assert_eq!(format_json, json);
    assert_eq!(explicit_markdown, markdown);
    let s = parse_one_json(&json);
    assert_eq!(text(&s), markdown);
    let keys: BTreeSet<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        BTreeSet::from(["budget", "tokens", "text", "entries", "stale"])
    );
    for e in entries(&s) {
        let keys: BTreeSet<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "id",
                "kind",
                "skipped_lines",
                "lang",
                "path",
                "span",
                "level",
                "why",
                "score",
                "hidden_children",
                "cut_lines"
            ]),
            "{e}"
        );
        assert!(
            ["label", "gist", "outline", "source"].contains(&e["level"].as_str().unwrap()),
            "{e}"
        );
        assert!(
            ["focus", "match", "uses", "used_by", "context"].contains(&e["why"].as_str().unwrap()),
            "{e}"
        );
        assert!(
            e["score"].is_number() && e["hidden_children"].is_u64(),
            "{e}"
        );
        if e["why"] == "context" {
            assert_eq!(e["score"], 0.0, "{e}");
        }
    }
    // `-b` is `--budget`.
    assert_eq!(repo.run(&["slice", "checksum", "-b", "1200"]), markdown);
}

#[test]
fn slice_query_file_and_stdin() {
    let repo = indexed("rust_repo");
    let inline = repo.run(&["slice", RUST_TASK, "--budget", "2500"]);
    let file = repo.tmp.path().join("task.md");
    std::fs::write(&file, RUST_TASK).unwrap();
    let from_file = repo.run(&[
        "slice",
        "--query-file",
        file.to_str().unwrap(),
        "--budget",
        "2500",
    ]);
    assert_eq!(from_file, inline);
    let from_stdin = run_ok(
        repo.cmd()
            .args(["slice", "--query-file", "-", "--budget", "2500"])
            .write_stdin(RUST_TASK),
    );
    assert_eq!(from_stdin, inline);
}

#[test]
fn slice_exit_codes() {
    let repo = indexed("rust_repo");
    // Nothing matches: exit 1, a message, nothing on stdout.
    let err = repo.fail(&["slice", "zebraquux"], 1);
    assert!(!err.trim().is_empty());
    repo.fail(&["--json", "slice", "zebraquux"], 1);

    // Neither a query nor a focus.
    repo.fail(&["slice"], 2);
    repo.fail(&["slice", "--budget", "500"], 2);
    for query in ["", "   ", "?!"] {
        repo.fail(&["slice", query], 2);
    }
    let empty = repo.tmp.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    repo.fail(&["slice", "--query-file", empty.to_str().unwrap()], 2);

    // An unknown focus names it and suggests close ids.
    let err = repo.fail(&["slice", "--focus", "src/config.rs::Config::sav"], 2);
    assert!(err.contains("src/config.rs::Config::sav"), "{err}");
    assert!(err.contains("src/config.rs::Config::save"), "{err}");
    let err = repo.fail(
        &["slice", "checksum", "--focus", "src/store/writer.rs::Writr"],
        2,
    );
    assert!(err.contains("src/store/writer.rs::Writr"), "{err}");
    assert!(err.contains("src/store/writer.rs::Writer"), "{err}");

    // Budget 0 and bad budgets.
    let err = repo.fail(&["slice", "checksum", "--budget", "0"], 2);
    assert!(err.contains("budget"), "{err}");
    repo.fail(&["slice", "checksum", "--budget", "-5"], 2);
    repo.fail(&["slice", "checksum", "--budget", "lots"], 2);
    repo.fail(&["slice", "checksum", "--format", "xml"], 2);
}

#[test]
fn slice_of_edited_file_is_stale() {
    let repo = indexed("rust_repo");
    let original = repo.read_string("src/store/writer.rs");
    let before = slice(&repo, &["checksum", "--budget", "3000"]);
    // Prepend a line: the spans on disk move, the slice still shows the indexed text.
    common::modify(
        &repo.path("src/store/writer.rs"),
        &format!("// edited after indexing\n{original}"),
    );

    let out = repo
        .cmd()
        .args(["slice", "checksum", "--budget", "3000"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("src/store/writer.rs") && stderr.contains("pyramid index"),
        "no stale note on stderr: {stderr:?}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout, text(&before), "the indexed text is shown");

    let s = slice(&repo, &["checksum", "--budget", "3000"]);
    assert_eq!(s["stale"], serde_json::json!(["src/store/writer.rs"]));
    assert!(
        entries(&s)
            .iter()
            .any(|e| e["path"] == "src/store/writer.rs" && e["level"] == "source")
    );
    // The source shown is the indexed version, byte for byte.
    let indexed_repo = fixture("rust_repo");
    assert_source_blocks_exact(&indexed_repo, &s, "stale slice");

    // A slice that shows nothing of that file at source has no note.
    let out = repo
        .cmd()
        .args([
            "slice",
            "--focus",
            "src/lib.rs::open_default",
            "--budget",
            "400",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = parse_one_json(&run_ok(repo.cmd().args([
        "--json",
        "slice",
        "--focus",
        "src/lib.rs::open_default",
        "--budget",
        "400",
    ])));
    assert!(
        !entries(&s)
            .iter()
            .any(|e| e["path"] == "src/store/writer.rs" && e["level"] == "source"),
        "the check needs a slice without writer.rs at source:\n{}",
        describe_entries(&s)
    );
    assert_eq!(s["stale"], serde_json::json!([]));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

// ---------------------------------------------------------------- snapshots

#[test]
fn slice_snapshots_rust() {
    let repo = indexed("rust_repo");
    for budget in ["400", "3000"] {
        insta::assert_snapshot!(
            format!("slice_rust_checksum_{budget}"),
            portable(repo.run(&["slice", "checksum", "--budget", budget]), &repo)
        );
    }
}

#[test]
fn slice_snapshots_python() {
    let repo = indexed("python_repo");
    for budget in ["400", "3000"] {
        insta::assert_snapshot!(
            format!("slice_python_delay_for_{budget}"),
            portable(repo.run(&["slice", "delay_for", "--budget", budget]), &repo)
        );
    }
}

/// Rounds every `score` to two decimals, so the snapshot does not depend on the
/// last bits of a float.
fn round_scores(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "score" {
                    let score = v.as_f64().expect("score is a number");
                    *v = Value::String(format!("{score:.2}"));
                } else {
                    round_scores(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(round_scores),
        _ => {}
    }
}

#[test]
fn slice_json_snapshot() {
    let repo = indexed("python_repo");
    let mut s = slice(&repo, &["jitter", "--budget", "1000"]);
    round_scores(&mut s);
    insta::assert_snapshot!(
        "slice_python_jitter_json",
        portable(serde_json::to_string_pretty(&s).unwrap(), &repo)
    );
}
