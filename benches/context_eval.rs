//! Relevance evaluation of `pyramid search` and `pyramid slice` on task-like queries.
//!
//! ```text
//! cargo bench --bench context_eval -- [--queries FILE] [--only-search] [--json] [--per-query]
//! ```
//!
//! Reads a JSONL query set (default `benches/context_eval/queries.jsonl`), one object a
//! line: `{"id", "repo_dir", "query", "gold_files": [..], "gold_symbols": [..]}` (`id`
//! and `source` optional). `repo_dir` may start with `{stdlib}` (a copy of the Python
//! standard library of `python3`, without `site-packages` and `__pycache__`) or
//! `{cargo}/NAME-VERSION` (a copy of that crate from `~/.cargo/registry/src/*/`); the
//! copies live under `target/context_eval/` so that no `.pyramid` index is written into
//! the interpreter or the cargo registry. Any other `repo_dir` is used in place.
//!
//! Each repository is indexed once (`pyramid index`, incremental). Then, per query:
//!
//! - `pyramid search` (`--limit 10`): file-level recall@1/5/10 over the distinct files of
//!   the ranked nodes, in rank order, and the reciprocal rank of the first gold file;
//! - `pyramid slice` at 2,048 and 8,192 tokens: coverage, the share of the gold symbols'
//!   non-blank source lines (stripped) that appear as a line of the slice's `text`;
//! - two baselines built here, over the files pyramid indexed (the `file` nodes of
//!   `pyramid zoom . --depth 64`): BM25 over whole files (k1 = 1.2, b = 0.75, identifiers
//!   and their snake_case / camelCase parts, lower-cased), and all files in path order;
//!   each concatenates files (`## path` line, then the text) up to the budget, cutting
//!   the last file at a line boundary. BM25 also gets file-level recall and MRR.
//!
//! Tokens are counted with o200k (`pyramid::tokens::count`). `--only-search` skips the
//! slices and the coverage figures. If the binary has no `slice` command yet, the slice
//! rows say so and the rest is still measured. A gold id the index does not know is
//! reported loudly and makes the run exit with code 1.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const PYRAMID: &str = env!("CARGO_BIN_EXE_pyramid");
const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");
const BUDGETS: [usize; 2] = [2048, 8192];
const SEARCH_LIMIT: usize = 10;
const RECALL_AT: [usize; 3] = [1, 5, 10];
/// Coverage at or above this counts a query as "fully covered" in the tables.
const FULL: f64 = 0.9;
const BM25_K1: f64 = 1.2;
const BM25_B: f64 = 0.75;

fn main() -> ExitCode {
    let opts = match Options::parse(std::env::args().skip(1)) {
        Ok(Some(opts)) if opts.bench => opts,
        Ok(Some(_)) => {
            eprintln!(
                "context_eval: not run without --bench (run `cargo bench --bench context_eval`)"
            );
            return ExitCode::SUCCESS;
        }
        Ok(None) => return ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("context_eval: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&opts) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("context_eval: error: {msg}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo bench --bench context_eval -- [--queries FILE] [--only-search] [--json] [--per-query]

  --queries FILE   JSONL query set [default: benches/context_eval/queries.jsonl]
  --only-search    only file-level retrieval (pyramid search and BM25); no slices, no coverage
  --json           print the results as one JSON object instead of tables
  --per-query      also print one row per query

env: CONTEXT_EVAL_CACHE=DIR  where repository copies go [default: target/context_eval]
     CONTEXT_EVAL_STDLIB=DIR the standard library to copy [default: python3's]";

struct Options {
    /// Set by `cargo bench`; without it (`cargo test --benches`) nothing is measured.
    bench: bool,
    queries: PathBuf,
    only_search: bool,
    json: bool,
    per_query: bool,
}

impl Options {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
        let mut opts = Options {
            bench: false,
            queries: Path::new(MANIFEST_DIR).join("benches/context_eval/queries.jsonl"),
            only_search: false,
            json: false,
            per_query: false,
        };
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--queries" => {
                    let file = args.next().ok_or("--queries needs a file")?;
                    opts.queries = PathBuf::from(file);
                }
                "--only-search" => opts.only_search = true,
                "--json" => opts.json = true,
                "--per-query" => opts.per_query = true,
                // `cargo bench` passes `--bench` to every bench binary; `cargo test` does not.
                "--bench" => opts.bench = true,
                "-h" | "--help" => {
                    println!("{USAGE}");
                    return Ok(None);
                }
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(Some(opts))
    }
}

// ------------------------------------------------------------------------ queries

struct Query {
    id: String,
    repo_dir: String,
    source: String,
    text: String,
    gold_files: Vec<String>,
    gold_symbols: Vec<String>,
}

fn read_queries(file: &Path) -> Result<Vec<Query>, String> {
    let content =
        fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let mut queries = Vec::new();
    for (n, line) in content.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        let at = || format!("{}:{}", file.display(), n + 1);
        let v: Value = serde_json::from_str(line).map_err(|e| format!("{}: {e}", at()))?;
        let string = |key: &str| {
            v.get(key)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| format!("{}: `{key}` must be a string", at()))
        };
        let strings = |key: &str| -> Result<Vec<String>, String> {
            v.get(key)
                .and_then(Value::as_array)
                .and_then(|a| a.iter().map(|s| s.as_str().map(str::to_string)).collect())
                .ok_or_else(|| format!("{}: `{key}` must be an array of strings", at()))
        };
        let repo_dir = string("repo_dir")?;
        let source = match v.get("source").and_then(Value::as_str) {
            Some(s) => s.to_string(),
            None if repo_dir.starts_with("{stdlib}") => "stdlib".to_string(),
            None if repo_dir.starts_with("{cargo}") => "rust".to_string(),
            None => "other".to_string(),
        };
        let query = Query {
            id: v
                .get("id")
                .and_then(Value::as_str)
                .map_or_else(|| format!("q{}", queries.len() + 1), str::to_string),
            repo_dir,
            source,
            text: string("query")?,
            gold_files: strings("gold_files")?,
            gold_symbols: strings("gold_symbols")?,
        };
        if query.gold_files.is_empty() {
            return Err(format!("{}: `gold_files` is empty", at()));
        }
        queries.push(query);
    }
    if queries.is_empty() {
        return Err(format!("no query in {}", file.display()));
    }
    Ok(queries)
}

// ------------------------------------------------------------------------ repositories

/// Where `{stdlib}` and `{cargo}/…` copies are kept between runs.
fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CONTEXT_EVAL_CACHE") {
        return PathBuf::from(dir);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(MANIFEST_DIR).join("target"));
    target.join("context_eval")
}

/// The directory a `repo_dir` stands for, copying it into the cache first if needed.
fn resolve_repo(spec: &str, cache: &Path) -> Result<PathBuf, String> {
    if let Some(rest) = spec.strip_prefix("{stdlib}") {
        let copy = cache.join("stdlib");
        if !copy.is_dir() {
            let src = stdlib_dir()?;
            eprintln!(
                "context_eval: copying {} -> {}",
                src.display(),
                copy.display()
            );
            copy_tree(&src, &copy, &["site-packages"])?;
        }
        return Ok(copy.join(rest.trim_start_matches('/')));
    }
    if let Some(rest) = spec.strip_prefix("{cargo}/") {
        let (name, rest) = rest.split_once('/').unwrap_or((rest, ""));
        let copy = cache.join(name);
        if !copy.is_dir() {
            let src = cargo_crate_dir(name)?;
            eprintln!(
                "context_eval: copying {} -> {}",
                src.display(),
                copy.display()
            );
            copy_tree(&src, &copy, &[])?;
        }
        return Ok(copy.join(rest));
    }
    let path = Path::new(MANIFEST_DIR).join(spec);
    if path.is_dir() {
        Ok(path)
    } else {
        Err(format!("not a directory: {}", path.display()))
    }
}

fn stdlib_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("CONTEXT_EVAL_STDLIB") {
        return Ok(PathBuf::from(dir));
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .map_err(|e| format!("cannot run python3 to find the standard library: {e}"))?;
    let dir = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || dir.is_empty() || !Path::new(&dir).is_dir() {
        return Err("python3 did not name its standard library directory".into());
    }
    Ok(PathBuf::from(dir))
}

fn cargo_crate_dir(name: &str) -> Result<PathBuf, String> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let registry = home.join("registry/src");
    let mut indexes: Vec<PathBuf> = fs::read_dir(&registry)
        .map_err(|e| format!("cannot list {}: {e}", registry.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    indexes.sort();
    indexes
        .into_iter()
        .map(|index| index.join(name))
        .find(|dir| dir.is_dir())
        .ok_or_else(|| format!("no crate `{name}` under {}/*/", registry.display()))
}

/// Copies a tree (regular files and directories; no symlinks, `__pycache__` or `.pyramid`),
/// leaving out `skip_top` entries of the root. Writes to a temporary sibling first, so an
/// interrupted copy is never mistaken for a complete one.
fn copy_tree(src: &Path, dst: &Path, skip_top: &[&str]) -> Result<(), String> {
    let name = dst.file_name().and_then(|n| n.to_str()).unwrap_or("copy");
    let tmp = dst.with_file_name(format!("{name}.partial-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    let err = |p: &Path, e: std::io::Error| format!("copying {}: {e}", p.display());
    let mut stack = vec![(src.to_path_buf(), tmp.clone(), true)];
    while let Some((from, to, top)) = stack.pop() {
        fs::create_dir_all(&to).map_err(|e| err(&to, e))?;
        for entry in fs::read_dir(&from).map_err(|e| err(&from, e))? {
            let entry = entry.map_err(|e| err(&from, e))?;
            let file_name = entry.file_name();
            let name = file_name.to_string_lossy();
            if name == "__pycache__" || name == ".pyramid" || (top && skip_top.contains(&&*name)) {
                continue;
            }
            let kind = entry.file_type().map_err(|e| err(&entry.path(), e))?;
            if kind.is_dir() {
                stack.push((entry.path(), to.join(&file_name), false));
            } else if kind.is_file() {
                fs::copy(entry.path(), to.join(&file_name)).map_err(|e| err(&entry.path(), e))?;
            }
        }
    }
    fs::rename(&tmp, dst).map_err(|e| err(dst, e))
}

/// One indexed repository: its files (sorted by path) and a BM25 index over them.
struct Repo {
    root: PathBuf,
    files: Vec<FileDoc>,
    bm25: Bm25,
    /// The "first files in path order" context, per budget (the same for every query).
    first_files: HashMap<usize, String>,
}

struct FileDoc {
    path: String,
    text: String,
}

fn pyramid(root: &Path, args: &[&str]) -> Result<Output, String> {
    Command::new(PYRAMID)
        .arg("--repo")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {PYRAMID}: {e}"))
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).trim().to_string()
}

fn load_repo(spec: &str, root: PathBuf, budgets: &[usize]) -> Result<Repo, String> {
    let started = Instant::now();
    let mut out = pyramid(&root, &["index"])?;
    if !out.status.success() && stderr_of(&out).contains("--rebuild") {
        // An index of another format (e.g. built by an older pyramid): start over.
        out = pyramid(&root, &["index", "--rebuild"])?;
    }
    if !out.status.success() {
        return Err(format!("`pyramid index` failed: {}", stderr_of(&out)));
    }
    let summary = String::from_utf8_lossy(&out.stdout);
    eprintln!(
        "context_eval: {spec}: {} ({:.1} s)",
        summary.lines().last().unwrap_or("indexed").trim(),
        started.elapsed().as_secs_f64()
    );

    // The files pyramid indexed: the `file` nodes of the whole tree.
    let out = pyramid(
        &root,
        &["--json", "zoom", ".", "--level", "label", "--depth", "64"],
    )?;
    if !out.status.success() {
        return Err(format!("`pyramid zoom .` failed: {}", stderr_of(&out)));
    }
    let tree: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("`pyramid zoom .` printed no JSON: {e}"))?;
    let mut paths = Vec::new();
    let mut stack = vec![&tree];
    while let Some(node) = stack.pop() {
        if node["kind"] == "file" {
            if let Some(path) = node["path"].as_str() {
                paths.push(path.to_string());
            }
        } else if let Some(children) = node["children"].as_array() {
            stack.extend(children);
        }
    }
    paths.sort();
    let files: Vec<FileDoc> = paths
        .into_iter()
        .filter_map(|path| {
            let text = fs::read_to_string(root.join(&path)).ok()?;
            Some(FileDoc { path, text })
        })
        .collect();
    if files.is_empty() {
        return Err("the index holds no file".into());
    }
    let bm25 = Bm25::new(files.iter().map(|f| f.text.as_str()));
    let first_files = budgets
        .iter()
        .map(|&b| (b, pack(files.iter(), b)))
        .collect();
    Ok(Repo {
        root,
        files,
        bm25,
        first_files,
    })
}

// ------------------------------------------------------------------------ BM25 baseline

/// Identifier terms of a text: each identifier lower-cased, plus its snake_case and
/// camelCase parts (`parseHTTPConfig` → parsehttpconfig, parse, http, config).
fn terms(text: &str, mut emit: impl FnMut(String)) {
    for ident in text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map(|w| w.trim_matches('_'))
        .filter(|w| w.len() >= 2 && w.bytes().any(|b| b.is_ascii_alphabetic()))
    {
        let words = split_words(ident);
        if words.len() > 1 {
            for word in &words {
                if word.len() >= 2 {
                    emit(word.to_ascii_lowercase());
                }
            }
        }
        emit(ident.to_ascii_lowercase());
    }
}

/// Splits an identifier at underscores, lower→upper case changes, the last capital of an
/// acronym (`HTTPConfig` → HTTP, Config) and letter/digit changes.
fn split_words(ident: &str) -> Vec<&str> {
    let mut words = Vec::new();
    for part in ident.split('_').filter(|p| !p.is_empty()) {
        let b = part.as_bytes();
        let mut start = 0;
        for i in 1..b.len() {
            let (p, c) = (b[i - 1], b[i]);
            let next_lower = b.get(i + 1).is_some_and(u8::is_ascii_lowercase);
            let boundary = (p.is_ascii_lowercase() && c.is_ascii_uppercase())
                || (p.is_ascii_uppercase() && c.is_ascii_uppercase() && next_lower)
                || (p.is_ascii_digit() != c.is_ascii_digit());
            if boundary {
                words.push(&part[start..i]);
                start = i;
            }
        }
        words.push(&part[start..]);
    }
    words
}

struct Bm25 {
    postings: HashMap<String, Vec<(u32, u32)>>,
    doc_len: Vec<f64>,
    avg_len: f64,
}

impl Bm25 {
    fn new<'a>(docs: impl Iterator<Item = &'a str>) -> Bm25 {
        let mut postings: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
        let mut doc_len = Vec::new();
        for (doc, text) in docs.enumerate() {
            let mut tf: HashMap<String, u32> = HashMap::new();
            let mut len = 0u64;
            terms(text, |t| {
                len += 1;
                *tf.entry(t).or_default() += 1;
            });
            for (term, n) in tf {
                postings.entry(term).or_default().push((doc as u32, n));
            }
            doc_len.push(len as f64);
        }
        let avg_len = (doc_len.iter().sum::<f64>() / doc_len.len().max(1) as f64).max(1.0);
        Bm25 {
            postings,
            doc_len,
            avg_len,
        }
    }

    /// Documents with a positive score, best first (ties: lower index, i.e. path order).
    fn rank(&self, query: &str) -> Vec<usize> {
        let mut query_terms = HashSet::new();
        terms(query, |t| {
            query_terms.insert(t);
        });
        let n = self.doc_len.len() as f64;
        let mut scores: HashMap<u32, f64> = HashMap::new();
        for term in &query_terms {
            let Some(list) = self.postings.get(term) else {
                continue;
            };
            let df = list.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for &(doc, tf) in list {
                let tf = f64::from(tf);
                let norm =
                    BM25_K1 * (1.0 - BM25_B + BM25_B * self.doc_len[doc as usize] / self.avg_len);
                *scores.entry(doc).or_default() += idf * tf * (BM25_K1 + 1.0) / (tf + norm);
            }
        }
        let mut ranked: Vec<(u32, f64)> = scores.into_iter().filter(|&(_, s)| s > 0.0).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.into_iter().map(|(d, _)| d as usize).collect()
    }
}

/// Files concatenated in the given order, each after a `## path` line, up to `budget`
/// o200k tokens; the file that does not fit is cut at a line boundary.
fn pack<'a>(files: impl Iterator<Item = &'a FileDoc>, budget: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    'files: for file in files {
        let header = format!("## {}\n", file.path);
        let lines = std::iter::once(header.as_str()).chain(file.text.split_inclusive('\n'));
        for line in lines {
            let with_newline;
            let line = if line.ends_with('\n') {
                line
            } else {
                with_newline = format!("{line}\n");
                &with_newline
            };
            let cost = pyramid::tokens::count(line);
            if used + cost > budget {
                break 'files;
            }
            out.push_str(line);
            used += cost;
        }
    }
    // Tokens of separate lines add up to about the tokens of the whole; make it exact.
    while pyramid::tokens::count(&out) > budget {
        let cut = out[..out.len() - 1].rfind('\n').map_or(0, |i| i + 1);
        out.truncate(cut);
    }
    out
}

// ------------------------------------------------------------------------ metrics

/// The stripped, non-blank lines of a text.
fn line_set(text: &str) -> HashSet<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Share of the gold lines that appear as lines of the context.
fn coverage(gold_lines: &[String], context: &str) -> f64 {
    if gold_lines.is_empty() {
        return 0.0;
    }
    let have = line_set(context);
    let found = gold_lines
        .iter()
        .filter(|l| have.contains(l.as_str()))
        .count();
    found as f64 / gold_lines.len() as f64
}

/// recall@k for each k of `RECALL_AT`, then the reciprocal rank of the first gold file.
fn retrieval(ranked_files: &[String], gold: &[String]) -> (Vec<f64>, f64, Option<usize>) {
    let recall = RECALL_AT
        .iter()
        .map(|&k| {
            let top = &ranked_files[..k.min(ranked_files.len())];
            gold.iter().filter(|g| top.contains(g)).count() as f64 / gold.len() as f64
        })
        .collect();
    let first = ranked_files.iter().position(|f| gold.contains(f));
    (recall, first.map_or(0.0, |r| 1.0 / (r + 1) as f64), first)
}

/// Distinct values in first-seen order.
fn dedup(items: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = HashSet::new();
    items
        .into_iter()
        .filter(|i| seen.insert(i.clone()))
        .collect()
}

/// Per-query figures, keyed by metric name (see `RETRIEVAL_ROWS` / `context_rows`).
#[derive(Default)]
struct Figures {
    values: BTreeMap<String, f64>,
    notes: BTreeMap<String, Value>,
}

impl Figures {
    fn set(&mut self, key: impl Into<String>, value: f64) {
        self.values.insert(key.into(), value);
    }
}

fn record_retrieval(fig: &mut Figures, system: &str, ranked: &[String], gold: &[String]) {
    let (recall, rr, first) = retrieval(ranked, gold);
    for (k, r) in RECALL_AT.iter().zip(recall) {
        fig.set(format!("{system} R@{k}"), r);
    }
    fig.set(format!("{system} MRR"), rr);
    fig.notes.insert(
        format!("{system} rank"),
        first.map_or(Value::Null, |r| json!(r + 1)),
    );
}

fn record_context(fig: &mut Figures, name: &str, budget: usize, gold_lines: &[String], text: &str) {
    let cov = coverage(gold_lines, text);
    fig.set(format!("{name}@{budget} cov"), cov);
    fig.set(
        format!("{name}@{budget} full"),
        if cov >= FULL { 1.0 } else { 0.0 },
    );
    fig.set(
        format!("{name}@{budget} tokens"),
        pyramid::tokens::count(text) as f64,
    );
}

// ------------------------------------------------------------------------ the run

/// Slice results: whether the command exists, and failures seen.
struct SliceState {
    available: Result<(), String>,
    errors: usize,
    over_budget: usize,
}

fn probe_slice(root: &Path) -> Result<(), String> {
    let out = pyramid(root, &["slice", "--help"])?;
    if out.status.success() {
        Ok(())
    } else {
        let msg = stderr_of(&out);
        Err(msg
            .lines()
            .next()
            .unwrap_or("`pyramid slice --help` failed")
            .to_string())
    }
}

#[derive(Default)]
struct Timing {
    search: Vec<Duration>,
    slice: Vec<Duration>,
}

fn mean_ms(d: &[Duration]) -> f64 {
    if d.is_empty() {
        return 0.0;
    }
    d.iter().map(Duration::as_secs_f64).sum::<f64>() * 1000.0 / d.len() as f64
}

fn run(opts: &Options) -> Result<ExitCode, String> {
    let started = Instant::now();
    let queries = read_queries(&opts.queries)?;
    let cache = cache_dir();
    fs::create_dir_all(&cache).map_err(|e| format!("cannot create {}: {e}", cache.display()))?;
    let budgets: &[usize] = if opts.only_search { &[] } else { &BUDGETS };

    // Each repository once: copy, index, list and read its files.
    let mut repos: BTreeMap<String, Result<Repo, String>> = BTreeMap::new();
    for q in &queries {
        if repos.contains_key(&q.repo_dir) {
            continue;
        }
        let repo = resolve_repo(&q.repo_dir, &cache)
            .and_then(|root| load_repo(&q.repo_dir, root, budgets));
        if let Err(msg) = &repo {
            eprintln!(
                "context_eval: warning: skipping the queries of {}: {msg}",
                q.repo_dir
            );
        }
        repos.insert(q.repo_dir.clone(), repo);
    }
    let index_time = started.elapsed();

    // Every gold id must exist: its source is what coverage is measured against.
    let mut gold_source: HashMap<(String, String), String> = HashMap::new();
    let mut missing = Vec::new();
    for q in &queries {
        let Some(Ok(repo)) = repos.get(&q.repo_dir) else {
            continue;
        };
        for id in &q.gold_symbols {
            let key = (q.repo_dir.clone(), id.clone());
            if gold_source.contains_key(&key) {
                continue;
            }
            let out = pyramid(
                &repo.root,
                &["--json", "zoom", id, "--level", "source", "--depth", "0"],
            )?;
            let node: Option<Value> = serde_json::from_slice(&out.stdout).ok();
            match node.as_ref().and_then(|n| n["text"].as_str()) {
                Some(text) if out.status.success() => {
                    if node.as_ref().is_some_and(|n| n["stale"] == true) {
                        eprintln!("context_eval: warning: {id} is stale in {}", q.repo_dir);
                    }
                    gold_source.insert(key, text.to_string());
                }
                _ => missing.push(format!(
                    "{} ({}, query {}): {}",
                    id,
                    q.repo_dir,
                    q.id,
                    stderr_of(&out).lines().next().unwrap_or("no source")
                )),
            }
            let file = id.split("::").next().unwrap_or(id);
            if !q.gold_files.iter().any(|f| f == file) {
                eprintln!(
                    "context_eval: warning: query {}: gold symbol {id} is not in gold_files",
                    q.id
                );
            }
        }
    }
    if !missing.is_empty() {
        eprintln!(
            "\n!!! context_eval: {} GOLD ID(S) NOT IN THE INDEX:",
            missing.len()
        );
        for m in &missing {
            eprintln!("!!!   {m}");
        }
        eprintln!("!!! their queries are left out of every figure\n");
    }

    let mut slice = SliceState {
        available: Err("--only-search".into()),
        errors: 0,
        over_budget: 0,
    };
    if !opts.only_search
        && let Some(repo) = repos.values().find_map(|r| r.as_ref().ok())
    {
        slice.available = probe_slice(&repo.root);
        if let Err(msg) = &slice.available {
            eprintln!("context_eval: slice: not available ({msg})");
        }
    }

    // The queries.
    let mut timing = Timing::default();
    let mut results: Vec<(&Query, Figures)> = Vec::new();
    let mut skipped = 0;
    for q in &queries {
        let Some(Ok(repo)) = repos.get(&q.repo_dir) else {
            skipped += 1;
            continue;
        };
        let sources: Option<Vec<&String>> = q
            .gold_symbols
            .iter()
            .map(|id| gold_source.get(&(q.repo_dir.clone(), id.clone())))
            .collect();
        let Some(sources) = sources else {
            skipped += 1;
            continue;
        };
        let gold_lines: Vec<String> = sources
            .iter()
            .flat_map(|s| s.lines())
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        let fig = evaluate(q, repo, &gold_lines, opts, &mut slice, &mut timing)?;
        results.push((q, fig));
    }
    if results.is_empty() {
        return Err("no query could be evaluated".into());
    }

    let report = Report {
        opts,
        results: &results,
        skipped,
        repos: repos.values().filter(|r| r.is_ok()).count(),
        missing: &missing,
        slice: &slice,
        timing: &timing,
        index_time,
        total_time: started.elapsed(),
    };
    if opts.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report.json()).map_err(|e| e.to_string())?
        );
    } else {
        print!("{}", report.tables());
    }
    std::io::stdout().flush().ok();
    Ok(if missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn evaluate(
    q: &Query,
    repo: &Repo,
    gold_lines: &[String],
    opts: &Options,
    slice: &mut SliceState,
    timing: &mut Timing,
) -> Result<Figures, String> {
    let mut fig = Figures::default();
    // Long queries go through a file rather than argv.
    let mut query_file = tempfile::NamedTempFile::new().map_err(|e| e.to_string())?;
    query_file
        .write_all(q.text.as_bytes())
        .map_err(|e| e.to_string())?;
    let query_path = query_file.path().to_string_lossy().to_string();

    // pyramid search: exit 1 with no output means no hit.
    let limit = SEARCH_LIMIT.to_string();
    let t = Instant::now();
    let out = pyramid(
        &repo.root,
        &[
            "--json",
            "search",
            "--query-file",
            &query_path,
            "--limit",
            &limit,
        ],
    )?;
    timing.search.push(t.elapsed());
    let hits: Vec<Value> = if out.status.success() {
        serde_json::from_slice(&out.stdout)
            .map_err(|e| format!("query {}: search printed no JSON array: {e}", q.id))?
    } else if out.status.code() == Some(1) && out.stdout.is_empty() {
        Vec::new()
    } else {
        eprintln!(
            "context_eval: warning: query {}: search failed: {}",
            q.id,
            stderr_of(&out)
        );
        Vec::new()
    };
    let search_files = dedup(
        hits.iter()
            .filter_map(|h| h["path"].as_str().map(str::to_string)),
    );
    record_retrieval(&mut fig, "search", &search_files, &q.gold_files);
    fig.notes.insert("search files".into(), json!(search_files));

    // BM25 over whole files.
    let ranked = repo.bm25.rank(&q.text);
    let bm25_files: Vec<String> = ranked
        .iter()
        .take(SEARCH_LIMIT)
        .map(|&i| repo.files[i].path.clone())
        .collect();
    record_retrieval(&mut fig, "bm25", &bm25_files, &q.gold_files);
    if opts.only_search || gold_lines.is_empty() {
        return Ok(fig);
    }

    for &budget in &BUDGETS {
        let text = pack(ranked.iter().map(|&i| &repo.files[i]), budget);
        record_context(&mut fig, "bm25", budget, gold_lines, &text);
        record_context(
            &mut fig,
            "first",
            budget,
            gold_lines,
            &repo.first_files[&budget],
        );

        if slice.available.is_err() {
            continue;
        }
        let budget_arg = budget.to_string();
        let t = Instant::now();
        let out = pyramid(
            &repo.root,
            &[
                "slice",
                "--query-file",
                &query_path,
                "--budget",
                &budget_arg,
                "--format",
                "json",
            ],
        )?;
        timing.slice.push(t.elapsed());
        let parsed: Option<Value> = serde_json::from_slice(&out.stdout).ok();
        let text = match parsed.as_ref().and_then(|v| v["text"].as_str()) {
            Some(text) if out.status.success() => text,
            _ => {
                slice.errors += 1;
                if slice.errors <= 3 {
                    eprintln!(
                        "context_eval: warning: query {}: slice --budget {budget} failed: {}",
                        q.id,
                        stderr_of(&out)
                            .lines()
                            .next()
                            .unwrap_or("no JSON with `text`")
                    );
                }
                ""
            }
        };
        if pyramid::tokens::count(text) > budget {
            slice.over_budget += 1;
        }
        record_context(&mut fig, "slice", budget, gold_lines, text);
    }
    Ok(fig)
}

// ------------------------------------------------------------------------ report

struct Report<'a> {
    opts: &'a Options,
    results: &'a [(&'a Query, Figures)],
    skipped: usize,
    repos: usize,
    missing: &'a [String],
    slice: &'a SliceState,
    timing: &'a Timing,
    index_time: Duration,
    total_time: Duration,
}

const CONTEXTS: [(&str, &str); 3] = [
    ("slice", "pyramid slice"),
    ("bm25", "BM25 files"),
    ("first", "first files by path"),
];

impl Report<'_> {
    /// "all", then each source in order of first appearance, with their queries.
    fn groups(&self) -> Vec<(String, Vec<&Figures>)> {
        let mut groups: Vec<(String, Vec<&Figures>)> = vec![(
            "all".to_string(),
            self.results.iter().map(|r| &r.1).collect(),
        )];
        for (q, fig) in self.results {
            match groups.iter_mut().skip(1).find(|g| g.0 == q.source) {
                Some(g) => g.1.push(fig),
                None => groups.push((q.source.clone(), vec![fig])),
            }
        }
        groups
    }

    fn mean(figs: &[&Figures], key: &str) -> Option<f64> {
        let vals: Vec<f64> = figs
            .iter()
            .filter_map(|f| f.values.get(key).copied())
            .collect();
        (!vals.is_empty()).then(|| vals.iter().sum::<f64>() / vals.len() as f64)
    }

    fn slice_on(&self) -> bool {
        self.slice.available.is_ok()
    }

    fn tables(&self) -> String {
        let groups = self.groups();
        let mut s = String::new();
        let sizes: Vec<String> = groups
            .iter()
            .skip(1)
            .map(|(name, figs)| format!("{name} {}", figs.len()))
            .collect();
        let _ = writeln!(
            s,
            "\ncontext_eval: {} queries ({}) over {} repositories; search --limit {SEARCH_LIMIT}; tokens: o200k",
            self.results.len(),
            sizes.join(", "),
            self.repos
        );
        if self.skipped > 0 {
            let _ = writeln!(
                s,
                "!!! {} queries skipped (repository missing or gold ids not found)",
                self.skipped
            );
        }
        let header = |s: &mut String, first: &str, second: &str| {
            let cols: Vec<String> = groups
                .iter()
                .map(|(n, f)| format!("{n} ({})", f.len()))
                .collect();
            let _ = writeln!(s, "| {first} | {second} | {} |", cols.join(" | "));
            let _ = writeln!(s, "|---|---|{}", "---:|".repeat(groups.len()));
        };

        let _ = writeln!(
            s,
            "\nFile-level retrieval: recall@k over the distinct files of the ranked results, MRR of the first gold file\n"
        );
        header(&mut s, "system", "metric");
        for (system, label) in [("search", "pyramid search"), ("bm25", "BM25 files")] {
            let metrics = RECALL_AT
                .iter()
                .map(|k| format!("R@{k}"))
                .chain(["MRR".to_string()]);
            for metric in metrics {
                let key = format!("{system} {metric}");
                let cells: Vec<String> = groups
                    .iter()
                    .map(|(_, figs)| {
                        Self::mean(figs, &key).map_or("-".into(), |v| format!("{v:.3}"))
                    })
                    .collect();
                let _ = writeln!(s, "| {label} | {metric} | {} |", cells.join(" | "));
            }
        }

        if !self.opts.only_search {
            let _ = writeln!(
                s,
                "\nCoverage: share of the gold symbols' non-blank source lines found verbatim in the context \
                 (in brackets: share of queries with coverage >= {FULL}); tokens: mean o200k count of the context\n"
            );
            header(&mut s, "context", "budget");
            for budget in BUDGETS {
                for (name, label) in CONTEXTS {
                    if name == "slice" && !self.slice_on() {
                        let cells = vec!["not available"; groups.len()];
                        let _ = writeln!(s, "| {label} | {budget} | {} |", cells.join(" | "));
                        continue;
                    }
                    let cells: Vec<String> = groups
                        .iter()
                        .map(|(_, figs)| {
                            let cov = Self::mean(figs, &format!("{name}@{budget} cov"));
                            let full = Self::mean(figs, &format!("{name}@{budget} full"));
                            let tokens = Self::mean(figs, &format!("{name}@{budget} tokens"));
                            match (cov, full, tokens) {
                                (Some(c), Some(f), Some(t)) => {
                                    format!("{c:.3} ({:.0}%) {t:.0} tok", f * 100.0)
                                }
                                _ => "-".into(),
                            }
                        })
                        .collect();
                    let _ = writeln!(s, "| {label} | {budget} | {} |", cells.join(" | "));
                }
            }
            match &self.slice.available {
                Ok(()) => {
                    let _ = writeln!(
                        s,
                        "\nslice: {} calls, {} failed, {} over budget",
                        self.timing.slice.len(),
                        self.slice.errors,
                        self.slice.over_budget
                    );
                }
                Err(msg) => {
                    let _ = writeln!(s, "\nslice: not available ({msg})");
                }
            }
        }

        if self.opts.per_query {
            s.push_str(&self.per_query_table());
        }
        if !self.missing.is_empty() {
            let _ = writeln!(
                s,
                "\n!!! {} gold id(s) not in the index (listed on stderr); exit code 1",
                self.missing.len()
            );
        }
        let _ = writeln!(
            s,
            "\ntime: {:.1} s total; copy + index + file lists {:.1} s; search {:.0} ms/query; slice {} (process start included)",
            self.total_time.as_secs_f64(),
            self.index_time.as_secs_f64(),
            mean_ms(&self.timing.search),
            if self.timing.slice.is_empty() {
                "-".to_string()
            } else {
                format!("{:.0} ms/call", mean_ms(&self.timing.slice))
            }
        );
        s
    }

    fn per_query_table(&self) -> String {
        let mut s = String::new();
        let rank = |f: &Figures, key: &str| match f.notes.get(key) {
            Some(Value::Number(n)) => n.to_string(),
            _ => "-".into(),
        };
        let cov =
            |f: &Figures, key: &str| f.values.get(key).map_or("-".into(), |v| format!("{v:.2}"));
        let _ = writeln!(
            s,
            "\nPer query (rank of the first gold file; coverage at 2048 / 8192)\n"
        );
        let _ = writeln!(
            s,
            "| query | source | search rank | BM25 rank | slice | BM25 files |\n|---|---|---:|---:|---:|---:|"
        );
        for (q, f) in self.results {
            let pair = |name: &str| {
                format!(
                    "{} / {}",
                    cov(f, &format!("{name}@2048 cov")),
                    cov(f, &format!("{name}@8192 cov"))
                )
            };
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                q.id,
                q.source,
                rank(f, "search rank"),
                rank(f, "bm25 rank"),
                pair("slice"),
                pair("bm25")
            );
        }
        s
    }

    fn json(&self) -> Value {
        let groups: serde_json::Map<String, Value> = self
            .groups()
            .into_iter()
            .map(|(name, figs)| {
                let keys: HashSet<&String> = figs.iter().flat_map(|f| f.values.keys()).collect();
                let mut means: BTreeMap<&String, f64> = BTreeMap::new();
                for key in keys {
                    if let Some(m) = Self::mean(&figs, key) {
                        means.insert(key, m);
                    }
                }
                (name, json!({"queries": figs.len(), "means": means}))
            })
            .collect();
        let per_query: Vec<Value> = self
            .results
            .iter()
            .map(|(q, f)| {
                json!({
                    "id": q.id,
                    "source": q.source,
                    "repo_dir": q.repo_dir,
                    "gold_files": q.gold_files,
                    "values": f.values,
                    "notes": f.notes,
                })
            })
            .collect();
        json!({
            "queries": self.results.len(),
            "skipped": self.skipped,
            "search_limit": SEARCH_LIMIT,
            "budgets": BUDGETS,
            "slice_available": self.slice_on(),
            "slice_unavailable_reason": self.slice.available.as_ref().err(),
            "slice_errors": self.slice.errors,
            "slice_over_budget": self.slice.over_budget,
            "missing_gold": self.missing,
            "groups": groups,
            "per_query": per_query,
            "time_s": {
                "total": self.total_time.as_secs_f64(),
                "index": self.index_time.as_secs_f64(),
                "search_ms_mean": mean_ms(&self.timing.search),
                "slice_ms_mean": mean_ms(&self.timing.slice),
            },
        })
    }
}
