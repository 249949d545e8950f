//! `search`: nodes ranked by BM25 over their names, ids, prose and own text, blended
//! with their file's match, raised where the task names them as code, quotes their
//! text or names their file; test and example code weighted down unless the task is
//! about it.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::grammar::Lang;
use crate::pyramid::{Node, NodeKind, Span};
use crate::store::{Reader, SearchFilter, SearchHit};

use super::task::Task;
pub(super) use super::task::is_about_tests;

/// What to search for.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// Words, identifiers, or a whole task description.
    pub query: String,
    /// Only these kinds (any when empty).
    pub kinds: Vec<NodeKind>,
    /// Only this language.
    pub lang: Option<Lang>,
    /// Only nodes whose path matches one of these globs (`src/**/*.rs`) or starts
    /// with one of these prefixes (`src/store/`); every node when empty.
    pub path: Vec<String>,
    /// Leave out nodes whose path matches one of these globs or starts with one of
    /// these prefixes (`tests/`, `*_test.py`).
    pub exclude: Vec<String>,
    /// Most results.
    pub limit: usize,
    /// How many of the first results come with their source (at most [`MAX_SHOW`]).
    pub show: usize,
    /// How many of its own lines holding the task's words each result shows (at most
    /// [`super::MAX_SEARCH_LINES`]).
    pub lines: usize,
    /// Whether each result says why it ranks: the task's words it holds, where, and
    /// what else the task named.
    pub explain: bool,
}

/// Why a result ranks where it does ([`SearchRequest::explain`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Explanation {
    /// Words of the task in its name (and id).
    pub name: Vec<String>,
    /// Words of the task in its signature, gist or docs.
    pub prose: Vec<String>,
    /// Words of the task in its code (identifiers, literals, comments).
    pub code: Vec<String>,
    /// What else raised it: the task names it or its file, quotes its text, it is test
    /// code weighted down.
    pub evidence: Vec<String>,
}

/// Most results shown with their source.
pub const MAX_SHOW: usize = 5;
/// Most lines of a result's source shown; the rest is named by a line range.
pub const MAX_SHOWN_LINES: usize = 40;

/// The source of a result, its first lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shown {
    /// The line the text starts on.
    pub first_line: u32,
    /// At most [`MAX_SHOWN_LINES`] lines of the node's source, exact.
    pub text: String,
    /// Lines of its source left out at the end.
    pub more_lines: u32,
}

/// One ranked node. Serialized as an element of `search --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found {
    /// The registered repository it is in, when several are searched (`--all`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    /// Node id (`name:id` when several repositories are searched).
    pub id: String,
    /// Node kind.
    pub kind: NodeKind,
    /// Language, `null` for directories.
    pub lang: Option<Lang>,
    /// Path of its file or directory.
    pub path: String,
    /// Where it is, `null` for directories.
    pub span: Option<Span>,
    /// What it does, in one line.
    pub gist: String,
    /// BM25 relevance; comparable only within one answer.
    pub score: f32,
    /// Its source, for the first results when asked (never for a file or directory:
    /// zoom into those).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Shown>,
    /// Its lines that hold the most telling of the task's words, in line order (past a
    /// definition's docs and signature, which its gist tells; none for a directory).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<Line>,
    /// Why it ranks, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<Explanation>,
}

/// A numbered line of a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// Its number, 1-based.
    pub line: u32,
    /// Its text, trimmed (and cut after [`MAX_LINE_CHARS`] characters).
    pub text: String,
}

/// Longest line a result shows whole: a minified line says nothing in full.
const MAX_LINE_CHARS: usize = 160;

/// The first results of a search, and whether more match.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// At most the limit asked for, best first.
    pub found: Vec<Found>,
    /// Whether a larger limit would show more.
    pub more: bool,
}

impl Results {
    /// The limit to ask for next when more match than `asked` showed: twice as many,
    /// up to the largest; `None` when nothing more matches or the limit cannot grow.
    pub fn larger_limit(&self, asked: usize) -> Option<usize> {
        (self.more && asked < super::MAX_SEARCH_LIMIT)
            .then(|| (asked * 2).min(super::MAX_SEARCH_LIMIT))
    }
}

/// Ranks the nodes of an index against a request.
pub fn search(reader: &Reader, request: &SearchRequest) -> Result<Results> {
    if !request.query.chars().any(char::is_alphanumeric) {
        return Err(Error::InvalidArgument(
            "empty query: give words or identifiers to search for, e.g. `pyramid search \"parse config\"`".into(),
        ));
    }
    // `--path` and `--exclude` become the list of indexed files they leave, searched
    // directly.
    let places = Places::new(&request.path, &request.exclude)?;
    let mut paths = BTreeSet::new();
    if !places.keeps_all() {
        paths = reader
            .manifest()?
            .files
            .keys()
            .filter(|path| places.keeps(path))
            .cloned()
            .collect();
        if paths.is_empty() {
            return Ok(Results::default());
        }
    }
    let filter = SearchFilter {
        kinds: request.kinds.clone(),
        lang: request.lang,
        paths,
    };
    let prepared = Prepared::read(reader, &request.query)?;
    // Every candidate diversified, then the limit taken (one more than it tells
    // whether more match): cut to a pool first, a file with many strong matches
    // filled it and left out the next best files (the eval's files R@5 +0.004, R@10
    // +0.008 on the commits, the issues unchanged; neither half of the repository
    // split loses).
    let hits = diversified(ranked(
        reader,
        &prepared,
        &filter,
        (request.limit + 1).max(POOL),
        true,
    )?);
    let weights = match request.lines {
        0 => HashMap::new(),
        _ => word_weights(reader, &prepared.words)?,
    };
    let mut sources = super::zoom::Sources::new(reader);
    let more = hits.len() > request.limit;
    let found = hits
        .into_iter()
        .take(request.limit)
        .enumerate()
        .map(|(rank, hit)| {
            let source = match hit.node.span {
                Some(span)
                    if rank < request.show.min(MAX_SHOW)
                        && !hit.node.kind.is_tree()
                        && hit.node.kind != NodeKind::File =>
                {
                    let text = sources.text(&hit.node, crate::pyramid::Level::Source)?;
                    Some(shown(&text, span.start_line))
                }
                _ => None,
            };
            let why = match request.explain {
                true => Some(explain(&prepared, &hit.node, &mut sources)?),
                false => None,
            };
            let lines = match hit.node.span {
                Some(span) if request.lines > 0 && !hit.node.kind.is_tree() => {
                    let text = sources.text(&hit.node, crate::pyramid::Level::Source)?;
                    let skip = header_lines(&hit.node, &text);
                    let told = code_words(&hit.node.gist).map(|w| stem(&w)).collect();
                    let first = span.start_line;
                    telling_lines(&text, first, skip, &told, &weights, request.lines)
                }
                _ => Vec::new(),
            };
            Ok(Found {
                why,
                lines,
                repo: None,
                score: hit.score,
                id: hit.node.id,
                kind: hit.node.kind,
                lang: hit.node.lang,
                path: hit.node.path,
                span: hit.node.span,
                gist: hit.node.gist,
                source,
            })
        })
        .collect::<Result<Vec<Found>>>()?;
    Ok(Results { found, more })
}

/// Why a node ranks for a task: the task's searched words it holds in each field
/// (compared by a crude stem, as the index stems them), and the other evidence.
fn explain(
    prepared: &Prepared,
    node: &Node,
    sources: &mut super::zoom::Sources,
) -> Result<Explanation> {
    let wanted: Vec<String> = {
        let mut words: Vec<String> = prepared
            .words
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 1)
            .map(|w| stem(&w.to_lowercase()))
            .collect();
        words.sort();
        words.dedup();
        words
    };
    let found_in = |text: &str| -> Vec<String> {
        let held: HashSet<String> = code_words(text).map(|w| stem(&w)).collect();
        wanted
            .iter()
            .filter(|w| held.contains(*w))
            .cloned()
            .collect()
    };
    let prose = format!(
        "{} {} {}",
        node.signature,
        node.gist,
        node.doc.as_deref().unwrap_or_default()
    );
    let code = if node.kind.is_tree() || node.kind == NodeKind::File {
        String::new()
    } else {
        sources.text(node, crate::pyramid::Level::Source)?
    };
    let mut evidence = Vec::new();
    let task = &prepared.task;
    if task.identifiers.contains(&node.name) {
        evidence.push(format!("the task names `{}`", node.name));
    }
    if task.files.iter().any(|f| names_file(f, &node.path)) {
        evidence.push(format!("the task names its file `{}`", node.path));
    }
    let held: HashSet<String> = code_words(&code).collect();
    for phrase in &task.phrases {
        let words: Vec<String> = code_words(phrase).collect();
        if !words.is_empty() && words.iter().all(|w| held.contains(w)) {
            evidence.push(format!("holds the quoted \"{phrase}\""));
        }
    }
    if !task.about_tests && is_test(node) {
        evidence.push("test code, weighted down".to_string());
    }
    let name = found_in(&format!("{} {}", node.name, node.path));
    Ok(Explanation {
        prose: found_in(&prose)
            .into_iter()
            .filter(|w| !name.contains(w))
            .collect(),
        code: found_in(&code)
            .into_iter()
            .filter(|w| !name.contains(w))
            .collect(),
        name,
        evidence,
    })
}

/// How telling each searched word is, by the parts [`code_words`] splits it into:
/// rarer among the repository's files, more telling.
fn word_weights(reader: &Reader, words: &str) -> Result<HashMap<String, f32>> {
    let files = reader.file_count()?.max(1) as f32;
    let mut weights = HashMap::new();
    for part in code_words(words) {
        let part = stem(&part);
        if weights.contains_key(&part) {
            continue;
        }
        let in_files = reader.file_frequency(&part)?;
        if in_files > 0 {
            weights.insert(part, (1.0 + files / in_files as f32).ln());
        }
    }
    Ok(weights)
}

/// How many lines a definition's text opens with up to its header, the line naming
/// it (its docs, attributes and signature, which the result's own line tells): none
/// for a file, or for a definition that is its header alone (a constant).
fn header_lines(node: &Node, text: &str) -> usize {
    if node.kind == NodeKind::File {
        return 0;
    }
    let lines = text.lines().count();
    let header = text
        .lines()
        .position(|line| {
            let code = line.trim_start();
            let comment = ["//", "/*", "*", "#"].iter().any(|m| code.starts_with(m));
            !comment && code.contains(node.name.as_str())
        })
        .map_or(1, |at| at + 1);
    if header >= lines { 0 } else { header }
}

/// The `n` lines of a text holding the most telling words, in line order; a line
/// counts each word once. Its first `skip` lines, and lines whose words are all `told`
/// already (a docstring the gist repeats), are not shown.
fn telling_lines(
    text: &str,
    first_line: u32,
    skip: usize,
    told: &HashSet<String>,
    weights: &HashMap<String, f32>,
    n: usize,
) -> Vec<Line> {
    let mut scored: Vec<(f32, usize, &str)> = text
        .lines()
        .enumerate()
        .skip(skip)
        .filter_map(|(i, line)| {
            // Most lines hold no searched word at all: told cheaply (a stem is the start
            // of its word, but for `retries` → `retry`).
            let lower = line.to_lowercase();
            if !weights
                .keys()
                .any(|w| lower.contains(w.trim_end_matches('y')))
            {
                return None;
            }
            let mut held: Vec<String> = code_words(line).map(|w| stem(&w)).collect();
            held.sort();
            held.dedup();
            if held.iter().all(|w| told.contains(w)) {
                return None;
            }
            let score: f32 = held.iter().filter_map(|w| weights.get(w)).sum();
            (score > 0.0).then_some((score, i, line))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.truncate(n);
    scored.sort_by_key(|&(_, i, _)| i);
    scored
        .into_iter()
        .map(|(_, i, line)| {
            let line_text = line.trim();
            let text = match line_text.char_indices().nth(MAX_LINE_CHARS) {
                Some((cut, _)) => format!("{}…", &line_text[..cut]),
                None => line_text.to_string(),
            };
            Line {
                line: first_line + i as u32,
                text,
            }
        })
        .collect()
}

/// The words of code or prose, lowercase, identifiers split as they are written
/// (`parseHTTPConfig`, `parse_http_config` → parse, http, config).
fn code_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .flat_map(|token| {
            let mut parts = Vec::new();
            let mut current = String::new();
            let chars: Vec<char> = token.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
                let prev_lower = i > 0 && chars[i - 1].is_lowercase();
                if c.is_uppercase() && !current.is_empty() && (prev_lower || next_lower) {
                    parts.push(std::mem::take(&mut current));
                }
                current.extend(c.to_lowercase());
            }
            parts.push(current);
            parts
        })
        .filter(|w| w.len() > 1)
}

/// A crude English stem, enough to tell `retries` and `retry` are one word.
fn stem(word: &str) -> String {
    for suffix in ["ing", "ies", "es", "ed", "s"] {
        if let Some(head) = word.strip_suffix(suffix)
            && head.len() >= 3
        {
            return if suffix == "ies" {
                format!("{head}y")
            } else {
                head.to_string()
            };
        }
    }
    word.to_string()
}

/// A source's first [`MAX_SHOWN_LINES`] lines.
fn shown(text: &str, first_line: u32) -> Shown {
    let starts = super::zoom::line_starts(text);
    let end = starts.get(MAX_SHOWN_LINES).copied().unwrap_or(text.len());
    Shown {
        first_line,
        text: text[..end].to_string(),
        more_lines: starts.len().saturating_sub(MAX_SHOWN_LINES) as u32,
    }
}

/// Most hits of one file before hits of other files come first.
const PER_FILE: usize = 2;

/// Fewest hits `search` asks the ranking for, whatever the limit: its candidates, and
/// so its first `n` results, never depend on how many were asked for (up to this many).
const POOL: usize = 60;

/// Below this share of the best score a hit is too weak to be shown before the best
/// files' further hits (the eval's files R@5 is the same from 0 to 0.3).
const EVIDENCE_FLOOR: f32 = 0.1;

/// Hits in rank order, except that a file's hits beyond its best [`PER_FILE`] wait
/// until every other file's best ones are shown: one file's many matches should not
/// hide the next best file. Directories and the root wait too: they are no file's
/// best node; and so do hits under [`EVIDENCE_FLOOR`], and docs the task does not name.
fn diversified(hits: Vec<SearchHit>) -> Vec<SearchHit> {
    let mut per_file: HashMap<String, usize> = HashMap::new();
    let (mut first, mut rest) = (Vec::new(), Vec::new());
    let floor = hits.first().map_or(0.0, |h| h.score) * EVIDENCE_FLOOR;
    for hit in hits {
        let seen = per_file.entry(hit.node.path.clone()).or_default();
        *seen += 1;
        // Docs not named by the task wait too: below every file's best code.
        let unasked_text = hit.node.is_text() && hit.score <= TEXT_WEIGHT;
        if *seen <= PER_FILE && !hit.node.kind.is_tree() && !unasked_text && hit.score >= floor {
            first.push(hit);
        } else {
            rest.push(hit);
        }
    }
    first.extend(rest);
    first
}

/// How much a match in test code counts, unless the query asks about tests: the code
/// a task is about is rarely its tests, and tests repeat its words.
pub(super) const TEST_WEIGHT: f32 = 0.4;
/// How much code in examples, benchmarks, docs, fuzzing or scripts counts, unless the
/// task names that kind of folder: like tests, it repeats the library's words.
const PERIPHERAL_WEIGHT: f32 = 0.4;
/// How much the match of a node's whole file counts beside the node's own match
/// (both relative to the best). Fitted on `../shared/eval`: at 8, files ranked no
/// better than whole-file BM25; at 1 or 0.5, lone nodes of weak files rose (both
/// halves of the repository split agree).
const FILE_WEIGHT: f32 = 2.0;
/// How much a match in docs and settings counts, unless the task names the file: the
/// code a task changes is rarely its docs, and docs repeat the code's words.
const TEXT_WEIGHT: f32 = 0.4;
/// Most text files and sections a ranking considers.
const TEXT_HITS: usize = 10;
/// Bonus of a node whose name the task writes as code (`parse_args`, `Config`).
const NAMED_WEIGHT: f32 = 1.0;
/// Bonus of a node whose own text holds every word of a phrase the task quotes.
const QUOTE_WEIGHT: f32 = 1.0;
/// Bonus of the nodes of a file the task names (`src/x.rs`, a traceback's file).
const PATH_WEIGHT: f32 = 2.0;
/// Files ranked for that.
const FILES_CONSIDERED: usize = 100;
/// The best files, whose best nodes are candidates even when their own match is weak.
const FILES_SEARCHED: usize = 10;
/// Most nodes one named identifier brings in: a name defined more often says little.
const MAX_NAMED_NODES: usize = 20;
/// Most distinct words of a task searched for: the rarest in the repository and on
/// the task's lines are kept, so a long issue's logs do not drown its point.
const MAX_WORDS: usize = 64;

/// Fewest hits fetched for re-ranking.
const MIN_RERANK: usize = 60;
/// Hits fetched per hit returned, so that re-ranking can promote from further down.
const RERANK_DEPTH: usize = 2;

/// The best `limit` nodes for a task: BM25 over each node's name, prose and own text,
/// with the match of its whole file, nodes the task names as code and the files it
/// names raised, test code weighted down unless the task is about tests.
pub(super) fn ranked_hits(
    reader: &Reader,
    query: &str,
    filter: &SearchFilter,
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let mut hits = ranked(reader, &Prepared::read(reader, query)?, filter, limit, true)?;
    hits.truncate(limit);
    Ok(hits)
}

/// A task read once, with the words it is searched by: a slice ranks by them and
/// then looks for them in the lines it shows.
pub(super) struct Prepared {
    pub(super) task: Task,
    /// The words searched for ([`telling_words`] of the task).
    pub(super) words: String,
}

impl Prepared {
    pub(super) fn read(reader: &Reader, query: &str) -> Result<Prepared> {
        let task = Task::read(query);
        let words = telling_words(reader, &task.words, MAX_WORDS)?;
        Ok(Prepared { task, words })
    }
}

/// [`ranked_hits`] for a task already read, without raising graph neighbours.
pub(super) fn ranked_for(
    reader: &Reader,
    prepared: &Prepared,
    filter: &SearchFilter,
    limit: usize,
) -> Result<Vec<SearchHit>> {
    // The slice follows the graph itself, from more seeds and with its budget in mind:
    // raising neighbours here too cost it line coverage on both sets.
    let mut hits = ranked(reader, prepared, filter, limit, false)?;
    hits.truncate(limit);
    Ok(hits)
}

/// Every candidate for the best `limit` hits (a few times more, for callers to cut),
/// ranked, neighbours in the reference graph of the best ones raised when `graph`
/// (see [`along_graph`]).
fn ranked(
    reader: &Reader,
    prepared: &Prepared,
    filter: &SearchFilter,
    limit: usize,
    graph: bool,
) -> Result<Vec<SearchHit>> {
    let (task, words) = (&prepared.task, &prepared.words);
    // A fixed floor, so that a shorter list is a prefix of a longer one.
    let depth = limit.saturating_mul(RERANK_DEPTH).max(MIN_RERANK);
    let ranked_files = reader.search_files(words, FILES_CONSIDERED)?;
    let mut hits = reader.search(words, filter, depth)?;
    let mut seen: HashSet<String> = hits.iter().map(|h| h.node.id.clone()).collect();
    // The best nodes of the best files, however weak their own match.
    let in_top_files = SearchFilter {
        paths: ranked_files
            .iter()
            .filter(|(path, _)| filter.paths.is_empty() || filter.paths.contains(path))
            .take(FILES_SEARCHED)
            .map(|(path, _)| path.clone())
            .collect(),
        ..filter.clone()
    };
    if !in_top_files.paths.is_empty() {
        for hit in reader.search(words, &in_top_files, MIN_RERANK)? {
            if seen.insert(hit.node.id.clone()) {
                hits.push(hit);
            }
        }
    }
    // Definitions the task names with what holds them (`Writer::new`), however
    // common their own name.
    let mut named: HashSet<String> = HashSet::new();
    let mut resolved: HashSet<&str> = HashSet::new();
    for (outer, name) in &task.qualified {
        for node in reader.named_within(outer, name, MAX_NAMED_NODES)? {
            if !filter.accepts(&node) {
                continue;
            }
            resolved.insert(name);
            named.insert(node.id.clone());
            if seen.insert(node.id.clone()) {
                hits.push(SearchHit { score: 0.0, node });
            }
        }
    }
    // Definitions the task names as code, whatever their words' match; a name it
    // wrote with what holds it (`Hir::empty`) stands for those alone, not for every
    // `empty` elsewhere.
    for identifier in &task.identifiers {
        if resolved.contains(identifier.as_str()) {
            continue;
        }
        let Some(nodes) = reader.named(identifier, MAX_NAMED_NODES)? else {
            continue;
        };
        for node in nodes {
            if !filter.accepts(&node) {
                continue;
            }
            named.insert(node.id.clone());
            if seen.insert(node.id.clone()) {
                hits.push(SearchHit { score: 0.0, node });
            }
        }
    }
    // Definitions holding the text the task quotes (a message, a literal).
    let mut quoting: HashSet<String> = HashSet::new();
    for phrase in &task.phrases {
        for node in reader.holding_all(phrase, MAX_NAMED_NODES)? {
            if !filter.accepts(&node) {
                continue;
            }
            quoting.insert(node.id.clone());
            if seen.insert(node.id.clone()) {
                hits.push(SearchHit { score: 0.0, node });
            }
        }
    }
    // Files the task names: their file nodes are candidates too.
    let mut named_files: HashSet<String> = HashSet::new();
    if !task.files.is_empty() {
        named_files.extend(
            reader
                .manifest()?
                .files
                .keys()
                .filter(|path| task.files.iter().any(|f| names_file(f, path)))
                .cloned(),
        );
    }
    for path in &named_files {
        if let Some(node) = reader.node(path)?
            && filter.accepts(&node)
            && seen.insert(node.id.clone())
        {
            hits.push(SearchHit { score: 0.0, node });
        }
    }
    let best_node = hits.iter().map(|h| h.score).fold(f32::EPSILON, f32::max);
    // Docs and settings, ranked by their own words apart from code (their scores are
    // relative to the best of theirs).
    let texts = reader.search_texts(words, filter, TEXT_HITS)?;
    let best_text = texts.iter().map(|h| h.score).fold(f32::EPSILON, f32::max);
    for hit in texts {
        if seen.insert(hit.node.id.clone()) {
            hits.push(hit);
        }
    }
    let files: HashMap<String, f32> = ranked_files.into_iter().collect();
    let best_file = files.values().copied().fold(f32::EPSILON, f32::max);
    for hit in &mut hits {
        if hit.node.is_text() {
            // Below code, unless the task names the file: then as code of the best
            // file would be.
            hit.score /= best_text;
            match named_files.contains(&hit.node.path) {
                true => hit.score += FILE_WEIGHT + PATH_WEIGHT,
                false => hit.score *= TEXT_WEIGHT,
            }
            continue;
        }
        let file = files.get(&hit.node.path).copied().unwrap_or(0.0);
        hit.score = hit.score / best_node + FILE_WEIGHT * file / best_file;
        if named.contains(&hit.node.id) {
            hit.score += NAMED_WEIGHT;
        }
        if quoting.contains(&hit.node.id) {
            hit.score += QUOTE_WEIGHT;
        }
        if named_files.contains(&hit.node.path) {
            hit.score += PATH_WEIGHT;
        }
        if !task.about_tests && is_test(&hit.node) {
            hit.score *= TEST_WEIGHT;
        } else if let Some(folder) = peripheral(&hit.node.path)
            && !task.mentions(folder)
        {
            hit.score *= PERIPHERAL_WEIGHT;
        }
    }
    by_score(&mut hits);
    if graph {
        along_graph(reader, task, filter, &mut hits)?;
    }
    Ok(hits)
}

fn by_score(hits: &mut [SearchHit]) {
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.node.id.cmp(&b.node.id))
    });
}

/// Best matches (one per file) whose neighbours in the reference graph are raised.
const GRAPH_SEEDS: usize = 3;
/// Most definitions raised per seed and direction (what it uses, what uses it).
const GRAPH_NEIGHBOURS: usize = 5;
/// Callers are looked for only when at most this many nodes use the seed's name:
/// each costs a load and a resolution, and a name used more widely says little (the
/// eval's R@5 is the same from 20 users to 200).
const GRAPH_USERS: usize = 20;
/// Names defined more often than this are not followed from a seed (the eval's R@5 is
/// the same from 4 definitions to 64).
const GRAPH_DEFINITIONS: usize = 8;
/// A neighbour's raise, as a share of its seed's score (times the edge's certainty).
const GRAPH_SHARE: f32 = 0.2;
/// The raise of the best match in each file a seed's file imports, as a share of
/// the seed's score.
const IMPORT_SHARE: f32 = 0.1;

/// Raises what the best matches use, what uses them and the files they import: the
/// file a task must change is often one the best match leads to while its own words
/// match weakly. A raise never lifts a match above the seed it comes from, so the
/// first result stays the best match. Fitted on `../shared/eval` (commits, files R@5
/// +0.027 with R@1 unchanged; both halves of the repository split gain).
fn along_graph(
    reader: &Reader,
    task: &Task,
    filter: &SearchFilter,
    hits: &mut Vec<SearchHit>,
) -> Result<()> {
    let graph = super::related::Graph::narrow(reader, GRAPH_DEFINITIONS);
    let mut seed_files: HashSet<&str> = HashSet::new();
    let seeds: Vec<(Node, f32)> = hits
        .iter()
        .filter(|hit| !hit.node.kind.is_tree() && hit.node.kind != NodeKind::File)
        .filter(|hit| seed_files.insert(&hit.node.path))
        .take(GRAPH_SEEDS)
        .map(|hit| (hit.node.clone(), hit.score))
        .collect();
    // Raises by node id: the largest wins, kept below its seed's score.
    let mut raises: HashMap<String, Raise> = HashMap::new();
    let mut best_of_file: HashMap<&str, &Node> = HashMap::new();
    for hit in hits.iter() {
        best_of_file
            .entry(hit.node.path.as_str())
            .or_insert(&hit.node);
    }
    for (seed, score) in &seeds {
        let callers = graph.callers_among(seed, GRAPH_USERS, |_| true)?;
        for related in [graph.callees(seed)?, callers] {
            for r in related
                .into_iter()
                .filter(|r| r.node.path != seed.path && filter.accepts(&r.node))
                .take(GRAPH_NEIGHBOURS)
            {
                let weight = if !task.about_tests && is_test(&r.node) {
                    TEST_WEIGHT
                } else {
                    1.0
                };
                Raise::add(
                    &mut raises,
                    r.node,
                    GRAPH_SHARE * score * r.weight * weight,
                    *score,
                );
            }
        }
        let Some(file) = reader.node(&seed.path)? else {
            continue;
        };
        for place in graph.imported_files(&file)? {
            // A directory stands for the files right inside it (a package).
            let in_place = |path: &str| match place.strip_suffix('/') {
                Some(_) => path
                    .strip_prefix(place.as_str())
                    .is_some_and(|rest| !rest.contains('/')),
                None => path == place,
            };
            for (_, node) in best_of_file
                .iter()
                .filter(|(path, _)| **path != seed.path && in_place(path))
            {
                Raise::add(&mut raises, (*node).clone(), IMPORT_SHARE * score, *score);
            }
        }
    }
    let at: HashMap<String, usize> = hits
        .iter()
        .enumerate()
        .map(|(i, hit)| (hit.node.id.clone(), i))
        .collect();
    let mut raises: Vec<(String, Raise)> = raises.into_iter().collect();
    raises.sort_by(|a, b| a.0.cmp(&b.0));
    for (id, raise) in raises {
        match at.get(&id) {
            Some(&i) => {
                let score = hits[i].score;
                // Kept just below the seed, never lowered.
                hits[i].score = (score + raise.by).min(raise.below * 0.99).max(score);
            }
            None => hits.push(SearchHit {
                score: raise.by.min(raise.below * 0.99),
                node: raise.node,
            }),
        }
    }
    by_score(hits);
    Ok(())
}

/// How much the graph raises one node, and the score of the seed it comes from.
struct Raise {
    node: Node,
    by: f32,
    below: f32,
}

impl Raise {
    fn add(raises: &mut HashMap<String, Raise>, node: Node, by: f32, below: f32) {
        match raises.get_mut(&node.id) {
            Some(raise) if raise.by >= by => {}
            Some(raise) => {
                raise.by = by;
                raise.below = below;
            }
            None => {
                raises.insert(node.id.clone(), Raise { node, by, below });
            }
        }
    }
}

/// Whether a file name written in a task (`x.py`, `src/a/x.py`) names this path.
fn names_file(written: &str, path: &str) -> bool {
    path == written
        || path
            .strip_suffix(written)
            .is_some_and(|head| head.ends_with('/'))
}

/// A task's words to search for: all of them when few, else the `max` most telling:
/// rare among the repository's files and in few of the task's lines.
fn telling_words(reader: &Reader, words: &str, max: usize) -> Result<String> {
    // In how many of the task's lines each word is: a log repeats its boilerplate on
    // every line, and the line that matters is one line.
    let mut lines = 0usize;
    let mut in_lines: HashMap<&str, usize> = HashMap::new();
    for line in words.lines() {
        lines += 1;
        let mut seen: HashSet<&str> = HashSet::new();
        for word in line.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            if !word.is_empty() && seen.insert(word) {
                *in_lines.entry(word).or_insert(0) += 1;
            }
        }
    }
    if in_lines.len() <= max {
        return Ok(words.to_string());
    }
    let files = reader.file_count()?.max(1) as f32;
    let mut scored: Vec<(f32, &str)> = Vec::with_capacity(in_lines.len());
    for (word, in_task) in in_lines {
        let hex_id =
            word.chars().all(|c| c.is_ascii_hexdigit()) && word.chars().any(|c| c.is_ascii_digit());
        if hex_id || word.starts_with(|c: char| c.is_ascii_digit()) {
            // Numbers (`200`, `0132s`) and hex ids of a long text are mostly its logs'
            // counters, times and request ids.
            continue;
        }
        let in_files = reader.file_frequency(word)? as f32;
        if in_files == 0.0 {
            // A word no file holds cannot match.
            continue;
        }
        let rare_here = (1.0 + files / in_files).ln();
        let rare_in_task = (1.0 + lines as f32 / in_task as f32).ln();
        scored.push((rare_here * rare_in_task, word));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.truncate(max);
    Ok(scored
        .into_iter()
        .map(|(_, word)| word)
        .collect::<Vec<&str>>()
        .join(" "))
}

/// The folder that puts a path outside the code a task usually changes: examples,
/// benchmarks, documentation, fuzzing, scripts. Such code repeats the library's
/// words; a task that means it names it.
pub(super) fn peripheral(path: &str) -> Option<&'static str> {
    const FOLDERS: [(&str, &str); 9] = [
        ("examples", "example"),
        ("example", "example"),
        ("benches", "bench"),
        ("bench", "bench"),
        ("benchmarks", "bench"),
        ("docs", "doc"),
        ("doc", "doc"),
        ("fuzz", "fuzz"),
        ("scripts", "script"),
    ];
    let mut segments = path.split('/');
    segments.next_back();
    segments.find_map(|segment| {
        FOLDERS
            .iter()
            .find(|(folder, _)| *folder == segment)
            .map(|(_, word)| *word)
    })
}

/// Whether a node is test code: under a `test`/`tests` directory, in a test file,
/// inside a `tests` module, or a test function.
pub fn is_test(node: &Node) -> bool {
    let segments: Vec<&str> = node.path.split('/').collect();
    let (file, dirs) = segments.split_last().unwrap_or((&"", &[]));
    // By the conventions of the file's language (its `language.toml`); a file of no
    // language only by its directory.
    let Some(tests) = Lang::from_path(file).map(|lang| &lang.facts().tests) else {
        return dirs.iter().any(|dir| {
            Lang::ALL
                .iter()
                .any(|lang| lang.facts().tests.dirs.iter().any(|d| d == dir))
        });
    };
    let stem = file.rsplit_once('.').map_or(*file, |(stem, _)| stem);
    dirs.iter().any(|dir| tests.dirs.iter().any(|d| d == dir))
        || tests.is_test_file(stem)
        || tests.is_test_item(&node.id, &node.name, node.kind == NodeKind::Module)
}

/// `--path`: a glob when it has glob characters, else a path prefix.
pub(crate) enum PathFilter {
    Prefix(String),
    Glob(globset::GlobMatcher),
}

impl PathFilter {
    pub(crate) fn new(pattern: &str) -> Result<PathFilter> {
        if !pattern.contains(['*', '?', '[', '{']) {
            return Ok(PathFilter::Prefix(
                pattern.trim_start_matches("./").to_string(),
            ));
        }
        // A glob without `/` names files at any depth (`*_test.go`), as in .gitignore.
        let anywhere;
        let pattern = match pattern.contains('/') {
            true => pattern,
            false => {
                anywhere = format!("**/{pattern}");
                anywhere.as_str()
            }
        };
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| Error::InvalidArgument(format!("bad path glob `{pattern}`: {e}")))?;
        Ok(PathFilter::Glob(glob.compile_matcher()))
    }

    pub(crate) fn matches(&self, path: &str) -> bool {
        match self {
            PathFilter::Prefix(prefix) => path.starts_with(prefix.as_str()),
            PathFilter::Glob(glob) => glob.is_match(path),
        }
    }
}

/// `--path` and `--exclude` together: the files a request keeps.
pub(crate) struct Places {
    /// Any of them (none: every file).
    only: Vec<PathFilter>,
    except: Vec<PathFilter>,
}

impl Places {
    pub(crate) fn new(paths: &[String], exclude: &[String]) -> Result<Places> {
        Ok(Places {
            only: paths
                .iter()
                .map(|pattern| PathFilter::new(pattern))
                .collect::<Result<_>>()?,
            except: exclude
                .iter()
                .map(|pattern| PathFilter::new(pattern))
                .collect::<Result<_>>()?,
        })
    }

    /// Whether every file is kept.
    pub(crate) fn keeps_all(&self) -> bool {
        self.only.is_empty() && self.except.is_empty()
    }

    pub(crate) fn keeps(&self, path: &str) -> bool {
        (self.only.is_empty() || self.only.iter().any(|f| f.matches(path)))
            && !self.except.iter().any(|f| f.matches(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(id: &str, score: f32) -> SearchHit {
        SearchHit {
            score,
            node: Node::bare(id, NodeKind::Function, Some(Lang::Rust)),
        }
    }

    #[test]
    fn test_code_is_told_by_the_test_runners_conventions() {
        let test = |id: &str| is_test(&Node::bare(id, NodeKind::Function, Some(Lang::Python)));
        for id in [
            "tests/x.py::f",
            "pkg/testing/helpers.py::f",
            "pkg/test_api.py::f",
            "pkg/api_test.py::f",
            "conftest.py::f",
            "app/tests.py::f",
            "src/tests.rs::f",
            "src/test.rs::f",
            "src/lexer.rs::tests::f",
            "src/fmt/mod.rs::test::default::with_ansi",
            "pkg/api.py::test_parse",
        ] {
            assert!(test(id), "{id} is test code");
        }
        let module = |id: &str| Node::bare(id, NodeKind::Module, Some(Lang::Rust));
        assert!(is_test(&module("src/fmt/mod.rs::test")));
        // A method named `test` is no test module.
        assert!(!test("src/filter.rs::Filter::test"));
        // A module named `test` or `testing` is library code (a test client).
        for id in [
            "werkzeug/test.py::Client",
            "pkg/testing.py::assert_equal",
            "src/latest.rs::f",
        ] {
            assert!(!test(id), "{id} is not test code");
        }
    }

    #[test]
    fn a_files_hits_beyond_its_best_two_wait_for_other_files() {
        // Five strong hits in one file, then two weaker files.
        let mut hits: Vec<SearchHit> = (0..5)
            .map(|i| hit(&format!("dir.rs::f{i}"), 10.0 - i as f32))
            .collect();
        hits.push(hit("walk.rs::g", 2.0));
        hits.push(hit("gitignore.rs::h", 1.0));
        let ids: Vec<String> = diversified(hits).into_iter().map(|h| h.node.id).collect();
        assert_eq!(
            ids,
            [
                "dir.rs::f0",
                "dir.rs::f1",
                "walk.rs::g",
                "gitignore.rs::h",
                "dir.rs::f2",
                "dir.rs::f3",
                "dir.rs::f4"
            ]
        );
    }

    #[test]
    fn diversity_never_loses_or_repeats_a_hit() {
        let hits: Vec<SearchHit> = (0..57)
            .map(|i| hit(&format!("f{}.rs::n{i}", i % 4), 100.0 - i as f32))
            .collect();
        let mut ids: Vec<String> = diversified(hits).into_iter().map(|h| h.node.id).collect();
        assert_eq!(ids.len(), 57);
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 57);
    }

    #[test]
    fn path_filters() {
        let prefix = PathFilter::new("src/store/").unwrap();
        assert!(prefix.matches("src/store/writer.rs") && !prefix.matches("src/lib.rs"));
        let glob = PathFilter::new("src/**/*.rs").unwrap();
        assert!(glob.matches("src/store/writer.rs") && !glob.matches("tests/a.rs"));
        let shallow = PathFilter::new("src/*.rs").unwrap();
        assert!(shallow.matches("src/lib.rs") && !shallow.matches("src/store/writer.rs"));
        assert!(PathFilter::new("src/[").is_err());
        // Without `/`, a glob names files at any depth, as in .gitignore.
        let tests = PathFilter::new("*_test.go").unwrap();
        assert!(tests.matches("a_test.go") && tests.matches("render/render_test.go"));
        assert!(!tests.matches("render/render.go"));
    }
}
