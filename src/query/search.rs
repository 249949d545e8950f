//! `search`: nodes ranked by BM25 over their names, ids, prose and the names they use,
//! test code weighted down unless the query is about tests.

use std::collections::HashMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::grammar::Lang;
use crate::pyramid::{Node, NodeKind, Span};
use crate::store::{Reader, SearchFilter, SearchHit};

/// What to search for.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// Words, identifiers, or a whole task description.
    pub query: String,
    /// Only these kinds (any when empty).
    pub kinds: Vec<NodeKind>,
    /// Only this language.
    pub lang: Option<Lang>,
    /// Only nodes whose path matches this glob (`src/**/*.rs`) or starts with this
    /// prefix (`src/store/`).
    pub path: Option<String>,
    /// Most results.
    pub limit: usize,
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
}

/// Ranks the nodes of an index against a request.
pub fn search(reader: &Reader, request: &SearchRequest) -> Result<Vec<Found>> {
    if !request.query.chars().any(char::is_alphanumeric) {
        return Err(Error::InvalidArgument(
            "empty query: give words or identifiers to search for, e.g. `pyramid search \"parse config\"`".into(),
        ));
    }
    // `--path` becomes the list of indexed files it matches, searched directly.
    let mut paths = Vec::new();
    if let Some(pattern) = request.path.as_deref() {
        let path_filter = PathFilter::new(pattern)?;
        paths = reader
            .manifest()
            .files
            .keys()
            .filter(|path| path_filter.matches(path))
            .cloned()
            .collect();
        if paths.is_empty() {
            return Ok(Vec::new());
        }
    }
    let filter = SearchFilter {
        kinds: request.kinds.clone(),
        lang: request.lang,
        paths,
    };
    let pool = request.limit.div_ceil(PAGE).saturating_mul(2 * PAGE);
    let hits = ranked_hits(reader, &request.query, &filter, pool)?;
    Ok(diversified(hits)
        .into_iter()
        .take(request.limit)
        .map(|hit| Found {
            repo: None,
            score: hit.score,
            id: hit.node.id,
            kind: hit.node.kind,
            lang: hit.node.lang,
            path: hit.node.path,
            span: hit.node.span,
            gist: hit.node.gist,
        })
        .collect())
}

/// Most hits of one file before hits of other files come first.
const PER_FILE: usize = 2;

/// Results are diversified in pages of this many: a page is filled from the next
/// `2 × PAGE` hits, so the first `n` results never depend on how many were asked for.
const PAGE: usize = 10;

/// Hits in rank order, except that within each page of [`PAGE`] results a file's hits
/// beyond its first [`PER_FILE`] wait for other files' best ones (among the next
/// `2 × PAGE` hits): one file's many matches should not hide the next best file.
/// A page shows every file's best hits first, in rank order, then, if too few files
/// filled it, the hits that waited, in rank order.
fn diversified(hits: Vec<SearchHit>) -> Vec<SearchHit> {
    let mut rest: std::collections::VecDeque<SearchHit> = hits.into();
    let mut out = Vec::with_capacity(rest.len());
    while !rest.is_empty() {
        let window = rest.len().min(2 * PAGE);
        let mut per_file: HashMap<&str, usize> = HashMap::new();
        let mut picked: Vec<usize> = Vec::with_capacity(PAGE);
        for (i, hit) in rest.iter().take(window).enumerate() {
            let seen = per_file.entry(hit.node.path.as_str()).or_default();
            *seen += 1;
            // Directories and the root are no file's best nodes: they wait too.
            if *seen <= PER_FILE && !hit.node.kind.is_tree() && picked.len() < PAGE {
                picked.push(i);
            }
        }
        // Too few files to fill the page: the waiting hits, best first, after them.
        let best = picked.len();
        for i in 0..window {
            if picked.len() >= PAGE.min(window) {
                break;
            }
            if !picked[..best].contains(&i) {
                picked.push(i);
            }
        }
        let mut taken: Vec<Option<SearchHit>> = rest.drain(..window).map(Some).collect();
        for &i in &picked {
            out.extend(taken[i].take());
        }
        // Hits of the window left out of the page go back, in rank order, before the rest.
        for hit in taken.into_iter().rev().flatten() {
            rest.push_front(hit);
        }
    }
    out
}

/// How much a match in test code counts, unless the query asks about tests: the code
/// a task is about is rarely its tests, and tests repeat its words.
pub(super) const TEST_WEIGHT: f32 = 0.4;
/// How much the match of a node's whole file counts beside the node's own match.
const FILE_WEIGHT: f32 = 8.0;
/// Files ranked for that.
const FILES_CONSIDERED: usize = 50;
/// The best files, whose best nodes are candidates even when their own match is weak.
const FILES_SEARCHED: usize = 10;

/// Fewest hits fetched for re-ranking.
const MIN_RERANK: usize = 60;
/// Hits fetched per hit returned, so that re-ranking can promote from further down.
const RERANK_DEPTH: usize = 3;

/// The best `limit` nodes for a query: BM25 over the index's fields, stop words left
/// out of the query, test code weighted down unless the query is about tests.
pub(super) fn ranked_hits(
    reader: &Reader,
    query: &str,
    filter: &SearchFilter,
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let terms = without_stop_words(query);
    let query = if terms.trim().is_empty() {
        query
    } else {
        &terms
    };
    let about_tests = is_about_tests(query);
    // A fixed floor, so that a shorter list is a prefix of a longer one.
    let depth = limit.saturating_mul(RERANK_DEPTH).max(MIN_RERANK);
    let ranked_files = reader.search_files(query, FILES_CONSIDERED)?;
    let mut hits = reader.search(query, filter, depth)?;
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
        let mut seen: std::collections::HashSet<String> =
            hits.iter().map(|h| h.node.id.clone()).collect();
        for hit in reader.search(query, &in_top_files, depth)? {
            if seen.insert(hit.node.id.clone()) {
                hits.push(hit);
            }
        }
    }
    let best_node = hits.iter().map(|h| h.score).fold(f32::EPSILON, f32::max);
    let files: HashMap<String, f32> = ranked_files.into_iter().collect();
    let best_file = files.values().copied().fold(f32::EPSILON, f32::max);
    for hit in &mut hits {
        let file = files.get(&hit.node.path).copied().unwrap_or(0.0);
        hit.score = hit.score / best_node + FILE_WEIGHT * file / best_file;
        if !about_tests && is_test(&hit.node) {
            hit.score *= TEST_WEIGHT;
        }
    }
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.node.id.cmp(&b.node.id))
    });
    hits.truncate(limit);
    Ok(hits)
}

/// Whether a query asks about tests.
pub(super) fn is_about_tests(query: &str) -> bool {
    query
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("test") || w.eq_ignore_ascii_case("tests"))
}

/// Whether a node is test code: under a `test`/`tests` directory, in a test file,
/// inside a `tests` module, or a test function.
pub fn is_test(node: &Node) -> bool {
    let path_says = node.path.split('/').any(|segment| {
        let stem = segment
            .strip_suffix(".py")
            .or_else(|| segment.strip_suffix(".rs"))
            .unwrap_or(segment);
        matches!(stem, "test" | "tests" | "testing" | "conftest")
            || stem.starts_with("test_")
            || stem.ends_with("_test")
            || stem.ends_with("_tests")
    });
    path_says
        || node.id.contains("::tests::")
        || node.id.ends_with("::tests")
        || node.name.starts_with("test_")
}

/// Words too common in English prose to say what a task is about.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "but", "by", "can", "could", "do", "does", "each", "either", "for", "from", "had",
    "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "least",
    "let", "may", "more", "most", "must", "no", "not", "of", "on", "one", "only", "or", "other",
    "our", "out", "over", "same", "should", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "to", "too", "under", "up", "us",
    "very", "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who",
    "why", "will", "with", "would", "you", "your",
];

/// The query with stop words removed; identifiers (`is_empty`, `a.b`) stay whole.
fn without_stop_words(query: &str) -> String {
    query
        .split_whitespace()
        .map(|word| {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
            let lower = bare.to_ascii_lowercase();
            if STOP_WORDS.binary_search(&lower.as_str()).is_ok() {
                ""
            } else {
                word
            }
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<&str>>()
        .join(" ")
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
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| Error::InvalidArgument(format!("bad --path glob `{pattern}`: {e}")))?;
        Ok(PathFilter::Glob(glob.compile_matcher()))
    }

    pub(crate) fn matches(&self, path: &str) -> bool {
        match self {
            PathFilter::Prefix(prefix) => path.starts_with(prefix.as_str()),
            PathFilter::Glob(glob) => glob.is_match(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_and_dropped() {
        assert!(
            STOP_WORDS.windows(2).all(|w| w[0] < w[1]),
            "binary search needs order"
        );
        assert_eq!(
            without_stop_words("Wrap the text so each line is at most `width`"),
            "Wrap text line `width`"
        );
        assert_eq!(without_stop_words("is_empty a.b"), "is_empty a.b");
    }

    fn hit(id: &str, score: f32) -> SearchHit {
        SearchHit {
            score,
            node: Node::bare(id, NodeKind::Function, Some(Lang::Rust)),
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
    }
}
