//! `slice`: the fisheye view for a task. The nodes that matter most at full source,
//! the code around them (what they use, what uses them) at `gist`, their files and
//! directories as headers, everything else folded into markers that say how to zoom
//! in — all within a token budget, in tree order.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::error::{Error, Hint, Result};
use crate::grammar::Lang;
use crate::graph;
use crate::pack::forms::{self, Block, Placed, SLICE_PREAMBLE};
use crate::pack::{self, Fit, Packer};
use crate::pyramid::{Level, Node, NodeKind, Span};
use crate::store::{Reader, SearchFilter};
use crate::tokens;
use crate::words::plural;

use super::related::Graph;
use super::search::{Prepared, TEST_WEIGHT, is_test, ranked_for};
use super::zoom::{Sources, file_changed, find, line_starts};

/// Search hits considered for a slice.
const MAX_HITS: usize = 60;
/// Seeds whose graph neighbours are brought in.
const EXPANDED_SEEDS: usize = 10;
/// Neighbours taken per seed and direction.
const NEIGHBOURS_PER_SEED: usize = 8;
/// Tokens of a cut source's heading, fences and marker, about.
const CUT_OVERHEAD: usize = 40;
/// A source shown cut keeps at least this many lines, else it is shown as an outline.
const MIN_CUT_LINES: usize = 8;
/// Most nodes of a directory or file in focus considered, in tree order.
const MAX_FOCUS_CONTENTS: usize = 2_000;
/// Relevance of the contents of a directory or file in focus.
const FOCUS_CHILD: f32 = 0.9;
/// Share of a node's relevance that comes from its own match; the rest comes from
/// the reference graph.
const MATCH_SHARE: f32 = 0.5;
/// Below this budget, a slice of bare lines is considered against the full layout.
const COMPACT_BELOW: usize = 1000;
/// A node's source may take at most this share of the budget; beyond, its outline.
const MAX_SOURCE_SHARE: f32 = 0.5;
/// The best files (by their best match) that are candidates themselves.
const HEAD_FILES: usize = 3;
/// Relevance of one of those files, against its best match.
const HEAD_SHARE: f32 = 0.8;
/// Most tokens of a file's head (its imports, docs and settings before its first
/// definition), shown when the file is too big to show whole.
const HEAD_MAX_TOKENS: usize = 200;
/// ... and at most this share of the budget.
const HEAD_MAX_SHARE: f32 = 0.1;
/// A head shorter than this shows too little to be worth its heading.
const MIN_HEAD_LINES: usize = 3;
/// The best files (by their best match) whose small definitions holding task words
/// are candidates too.
const SIBLING_FILES: usize = 2;
/// Largest definition, in tokens, brought in as a sibling of a match.
const SIBLING_MAX_TOKENS: usize = 600;
/// Relevance of the sibling holding the most task words, against its file's best match.
const SIBLING_SHARE: f32 = 0.5;

/// What to slice for.
#[derive(Debug, Clone, Default)]
pub struct SliceRequest {
    /// A task in words: keywords, identifiers, or a whole issue text.
    pub query: Option<String>,
    /// Ids to centre the slice on, whatever the query says.
    pub focus: Vec<String>,
    /// Most tokens of the rendered text (o200k).
    pub budget: usize,
}

/// Why a node is in a slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// Named by `--focus`.
    Focus,
    /// Matched the query.
    Match,
    /// Used by a focus or match node.
    Uses,
    /// Uses a focus or match node.
    UsedBy,
    /// Encloses a node shown (a directory, file or type shown as a header).
    Context,
}

/// One node of a slice, in tree order. Serialized in `slice --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct SliceEntry {
    /// Node id.
    pub id: String,
    /// Node kind.
    pub kind: NodeKind,
    /// Language, `null` for directories.
    pub lang: Option<Lang>,
    /// Path of its file or directory.
    pub path: String,
    /// Where it is, `null` for directories.
    pub span: Option<Span>,
    /// How much of it is shown.
    pub level: Level,
    /// Why it is there.
    pub why: Why,
    /// Relevance (0 for context); comparable only within one slice.
    pub score: f32,
    /// Children not shown, for `pyramid zoom`.
    pub hidden_children: u32,
    /// Lines of its source left out at the end (a source too big for the budget is
    /// shown in part: the lines around what the task names, or its first lines).
    pub cut_lines: u32,
    /// Lines of its source left out at the start.
    pub skipped_lines: u32,
    /// Its text at `level`.
    #[serde(skip)]
    pub text: String,
    /// Depth in the tree (the root is 0).
    #[serde(skip)]
    pub depth: usize,
}

impl SliceEntry {
    fn new(node: &Node, level: Level, why: Why, score: f32, text: String, depth: usize) -> Self {
        SliceEntry {
            id: node.id.clone(),
            kind: node.kind,
            lang: node.lang,
            path: node.path.clone(),
            span: node.span,
            level,
            why,
            score,
            hidden_children: 0,
            cut_lines: 0,
            skipped_lines: 0,
            text,
            depth,
        }
    }

    /// The entry as the packer measures and prints it.
    fn placed(&self) -> Placed<'_> {
        Placed {
            block: Block {
                id: &self.id,
                kind: self.kind,
                lang: self.lang,
                span: self.span,
                level: self.level,
                text: &self.text,
                cut_lines: self.cut_lines,
                skipped_lines: self.skipped_lines,
            },
            depth: self.depth,
            hidden_children: self.hidden_children,
        }
    }

    /// Its block alone: what the slice prints for it, without fold markers.
    fn block(&self) -> String {
        forms::block(&self.placed().block)
    }

    /// Its block as one line: `- id L3-9 — gist`.
    fn line(&self) -> String {
        forms::block_line(&self.placed().block)
    }

    /// Keeps only `window.lines` lines of the text, after the first `window.skip`,
    /// byte for byte (a window that reaches the end keeps the text's own ending).
    fn cut(&mut self, window: Window) {
        let starts = line_starts(&self.text);
        let total = starts.len();
        let skip = window.skip.min(total);
        let lines = window.lines.min(total - skip);
        if skip > 0 || lines < total {
            let from = starts.get(skip).copied().unwrap_or(self.text.len());
            let to = starts.get(skip + lines).copied().unwrap_or(self.text.len());
            self.text = self.text[from..to].to_string();
            self.skipped_lines = skip as u32;
            self.cut_lines = (total - skip - lines) as u32;
        }
    }
}

/// A slice: its rendered text and what it holds.
#[derive(Debug, Clone, Serialize)]
pub struct Slice {
    /// The budget asked for.
    pub budget: usize,
    /// Tokens of `text` (o200k); never more than `budget`.
    pub tokens: usize,
    /// The slice as markdown, as an agent should read it.
    pub text: String,
    /// The nodes shown, in tree order.
    pub entries: Vec<SliceEntry>,
    /// Files shown at `source` that changed on disk since they were indexed.
    pub stale: Vec<String>,
}

/// A node that may go into the slice.
struct Candidate {
    node: Node,
    why: Why,
    score: f32,
}

/// Builds the slice for a request.
pub fn slice(reader: &Reader, request: &SliceRequest) -> Result<Slice> {
    if request.budget == 0 {
        return Err(Error::Unanswerable {
            problem: "a budget of 0 tokens holds nothing".into(),
            hint: Hint::GiveBudget { example: 2000 },
        });
    }
    let query = request
        .query
        .as_deref()
        .filter(|q| q.chars().any(char::is_alphanumeric));
    if query.is_none() && request.focus.is_empty() {
        return Err(Error::Unanswerable {
            problem: "nothing to slice for".into(),
            hint: Hint::GiveQueryOrFocus,
        });
    }
    let prepared = query.map(|q| Prepared::read(reader, q)).transpose()?;
    let mut cache = NodeCache::new(reader);
    let words = TaskWords::new(prepared.as_ref().map(|p| p.words.as_str()));
    let candidates = rank(
        &mut cache,
        prepared.as_ref(),
        &words,
        &request.focus,
        request.budget,
    )?;
    let choice = choose(&candidates, request.budget, &words, &mut cache)?;
    let (mut entries, mut text) = fit(&candidates, choice, request.budget, &mut cache)?;
    if request.budget < COMPACT_BELOW {
        // When no source fits, headers and markers cost more than they tell: one
        // line per node may show more nodes.
        let (lines, compact_text) = compact(&candidates, request.budget, &mut cache)?;
        let shown = entries.iter().filter(|e| e.why != Why::Context).count();
        let has_source = entries.iter().any(|e| e.level == Level::Source);
        if !has_source && lines.len() > shown {
            (entries, text) = (lines, compact_text);
        }
    }
    let stale: Vec<String> = entries
        .iter()
        .filter(|e| e.level == Level::Source)
        .map(|e| e.path.clone())
        .collect::<BTreeSet<String>>()
        .into_iter()
        .filter(|path| {
            cache
                .get(path)
                .ok()
                .flatten()
                .is_some_and(|file| file_changed(reader, &file))
        })
        .collect();
    Ok(Slice {
        budget: request.budget,
        tokens: tokens::count(&text),
        text,
        entries,
        stale,
    })
}

/// Focus nodes, query matches and their graph neighbours, most relevant first.
fn rank(
    cache: &mut NodeCache,
    query: Option<&Prepared>,
    words: &TaskWords,
    focus: &[String],
    budget: usize,
) -> Result<Vec<Candidate>> {
    let reader = cache.reader;
    let mut nodes: Vec<Node> = Vec::new();
    let mut why: Vec<Why> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut prior: BTreeMap<usize, f32> = BTreeMap::new();
    let mut add = |node: Node, reason: Why, nodes: &mut Vec<Node>, why: &mut Vec<Why>| {
        *index.entry(node.id.clone()).or_insert_with(|| {
            nodes.push(node);
            why.push(reason);
            nodes.len() - 1
        })
    };
    for id in focus {
        let node = find(reader, id)?;
        // A directory or file in focus: its contents too, and their members (a
        // class's methods), in case it does not fit whole.
        let mut contents: Vec<(Node, f32)> = Vec::new();
        if node.kind.is_tree() || node.kind == NodeKind::File {
            for child in reader.children(&node)? {
                if contents.len() >= MAX_FOCUS_CONTENTS {
                    // More than a budget can show: the rest stays folded.
                    break;
                }
                if child.kind.is_type() {
                    for member in reader.children(&child)? {
                        contents.push((member, FOCUS_CHILD * FOCUS_CHILD));
                    }
                }
                contents.push((child, FOCUS_CHILD));
            }
        }
        let i = add(node, Why::Focus, &mut nodes, &mut why);
        prior.insert(i, 1.0);
        for (member, weight) in contents {
            let i = add(member, Why::Focus, &mut nodes, &mut why);
            prior.entry(i).or_insert(weight);
        }
    }
    if let Some(query) = query {
        let hits = ranked_for(reader, query, &SearchFilter::default(), MAX_HITS)?;
        // Files in the order of their best match, with its weight.
        let mut files: Vec<(String, f32)> = Vec::new();
        // Code only: docs and settings are found by `search`, and read by `zoom`.
        let hits: Vec<_> = hits.into_iter().filter(|h| !h.node.is_text()).collect();
        let best = hits.first().map_or(1.0, |h| h.score.max(f32::EPSILON));
        for hit in hits {
            if hit.node.kind.is_tree() {
                continue;
            }
            let weight = 0.8 * hit.score / best;
            if !files.iter().any(|(path, _)| *path == hit.node.path) {
                files.push((hit.node.path.clone(), weight));
            }
            let i = add(hit.node, Why::Match, &mut nodes, &mut why);
            let entry = prior.entry(i).or_insert(0.0);
            *entry = entry.max(weight);
        }
        // The best files themselves: shown whole when small, else their head (a
        // change often adds an import or a setting beside the code it edits). Not
        // in the smallest slices, where a head would crowd out the matches.
        let heads = if budget >= COMPACT_BELOW {
            HEAD_FILES
        } else {
            0
        };
        for (path, weight) in files.iter().take(heads) {
            if let Some(file) = cache.get(path)? {
                let i = add(file, Why::Match, &mut nodes, &mut why);
                let entry = prior.entry(i).or_insert(0.0);
                *entry = entry.max(HEAD_SHARE * weight);
            }
        }
        for (path, weight) in files.into_iter().take(SIBLING_FILES) {
            for (sibling, share) in siblings(cache, &path, words)? {
                let i = add(sibling, Why::Match, &mut nodes, &mut why);
                prior.entry(i).or_insert(SIBLING_SHARE * weight * share);
            }
        }
    }
    let mut seeds: Vec<(usize, f32)> = prior.iter().map(|(&i, &w)| (i, w)).collect();
    seeds.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let graph = Graph::new(reader);
    let mut edges: Vec<(usize, usize, f32)> = Vec::new();
    for &(seed, _) in seeds.iter().take(EXPANDED_SEEDS) {
        let node = nodes[seed].clone();
        for (related, reason) in [
            (graph.callees(&node)?, Why::Uses),
            (graph.callers(&node)?, Why::UsedBy),
        ] {
            for r in related.into_iter().take(NEIGHBOURS_PER_SEED) {
                let i = add(r.node, reason, &mut nodes, &mut why);
                edges.push((seed, i, r.weight));
            }
        }
    }
    // Relevance: mostly the node's own match, partly where the graph leads from all
    // matches together (a helper every match calls rises; a lone hit sinks a little).
    let rank = graph::personalized_rank(nodes.len(), &edges, &prior);
    let top_rank = rank.iter().copied().fold(f32::EPSILON, f32::max);
    let top_prior = prior.values().copied().fold(f32::EPSILON, f32::max);
    let about_tests = query.is_some_and(|q| q.task.about_tests);
    let mut candidates: Vec<Candidate> = nodes
        .into_iter()
        .zip(why)
        .zip(rank)
        .enumerate()
        .map(|(i, ((node, why), rank))| {
            let own = prior.get(&i).copied().unwrap_or(0.0) / top_prior;
            let mut score = MATCH_SHARE * own + (1.0 - MATCH_SHARE) * rank / top_rank;
            if !prior.contains_key(&i) && !about_tests && is_test(&node) {
                score *= TEST_WEIGHT;
            }
            Candidate { node, why, score }
        })
        .collect();
    candidates.sort_by(|a, b| {
        (a.why != Why::Focus)
            .cmp(&(b.why != Why::Focus))
            .then(b.score.total_cmp(&a.score))
            .then_with(|| a.node.id.cmp(&b.node.id))
    });
    Ok(candidates)
}

/// The small functions and methods of a file that hold task words, each with its
/// share of the most words any of them holds. Their own search score is low (a
/// short body says little), yet a change often touches them beside the match.
fn siblings(cache: &mut NodeCache, path: &str, words: &TaskWords) -> Result<Vec<(Node, f32)>> {
    let mut definitions: Vec<(Node, String)> = Vec::new();
    for node in cache.reader.file_nodes(path)? {
        if matches!(node.kind, NodeKind::Function | NodeKind::Method) {
            let text = cache.text(&node, Level::Source)?;
            definitions.push((node, text));
        }
    }
    let shares = sibling_shares(definitions.iter().map(|(_, text)| text.as_str()), words);
    Ok(definitions
        .into_iter()
        .zip(shares)
        .filter_map(|((node, _), share)| Some((node, share?)))
        .collect())
}

/// For each source, its share of the most distinct task words any source holds;
/// `None` for one that holds none or is over [`SIBLING_MAX_TOKENS`].
fn sibling_shares<'t>(
    sources: impl Iterator<Item = &'t str>,
    words: &TaskWords,
) -> Vec<Option<f32>> {
    let held: Vec<usize> = sources
        .map(|text| match words.held(text) {
            0 => 0,
            _ if tokens::count(text) > SIBLING_MAX_TOKENS => 0,
            held => held,
        })
        .collect();
    let most = held.iter().copied().max().unwrap_or(0).max(1) as f32;
    held.into_iter()
        .map(|held| (held > 0).then(|| held as f32 / most))
        .collect()
}

/// Nodes and files' text, each loaded once per slice.
struct NodeCache<'r> {
    reader: &'r Reader,
    nodes: HashMap<String, Option<Node>>,
    sources: Sources<'r>,
}

impl<'r> NodeCache<'r> {
    fn new(reader: &'r Reader) -> NodeCache<'r> {
        NodeCache {
            reader,
            nodes: HashMap::new(),
            sources: Sources::new(reader),
        }
    }

    /// A node's text at a level, its file read once.
    fn text(&mut self, node: &Node, level: Level) -> Result<String> {
        self.sources.text(node, level)
    }

    fn get(&mut self, id: &str) -> Result<Option<Node>> {
        if let Some(node) = self.nodes.get(id) {
            return Ok(node.clone());
        }
        let node = self.reader.node(id)?;
        self.nodes.insert(id.to_string(), node.clone());
        Ok(node)
    }

    /// The children of a node, in tree order.
    fn children(&mut self, node: &Node) -> Result<Vec<Node>> {
        self.reader.children(node)
    }

    /// The ancestors of a node, root first.
    fn ancestors(&mut self, node: &Node) -> Result<Vec<Node>> {
        let mut chain = Vec::new();
        let mut parent = node.parent.clone();
        while let Some(id) = parent {
            let Some(up) = self.get(&id)? else {
                break;
            };
            parent = up.parent.clone();
            chain.push(up);
            if chain.len() > 256 {
                break;
            }
        }
        chain.reverse();
        Ok(chain)
    }
}

/// How much of a chosen node to show: a level, and for `source`, maybe only some of
/// its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Detail {
    level: Level,
    lines: Option<Window>,
}

/// Lines of a source shown: `lines` lines after the first `skip`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Window {
    skip: usize,
    lines: usize,
}

impl Detail {
    fn at(level: Level) -> Detail {
        Detail { level, lines: None }
    }
}

/// The lines of a text to show in `room` tokens (counted line by line): the run of
/// lines that holds most of the task's words, else the first lines; `None` when
/// fewer than [`MIN_CUT_LINES`] lines fit.
fn window_within(text: &str, room: usize, words: &TaskWords) -> Option<Window> {
    let lines: Vec<&str> = text.lines().collect();
    let costs: Vec<usize> = lines.iter().map(|line| pack::line_cost(line)).collect();
    let hits: Vec<usize> = lines.iter().map(|line| words.held(line)).collect();
    // Slide a window that fits the room; keep the one with most hits (the earliest
    // on a tie, so a source without hits shows its first lines).
    let (mut best, mut best_hits) = (None, 0);
    let (mut end, mut used, mut inside) = (0, 0, 0);
    for start in 0..lines.len() {
        while end < lines.len() && used + costs[end] <= room {
            used += costs[end];
            inside += hits[end];
            end += 1;
        }
        let window = end - start;
        if window >= MIN_CUT_LINES && (best.is_none() || inside > best_hits) {
            best = Some(Window {
                skip: start,
                lines: window,
            });
            best_hits = inside;
        }
        if end == start {
            // One line alone is over the room: the window starts after it.
            end += 1;
        } else {
            used -= costs[start];
            inside -= hits[start];
        }
    }
    // Blank lines at either end of a window show nothing.
    best.map(|mut window| {
        while window.lines > 1 && lines[window.skip + window.lines - 1].trim().is_empty() {
            window.lines -= 1;
        }
        while window.lines > 1 && lines[window.skip].trim().is_empty() {
            window.skip += 1;
            window.lines -= 1;
        }
        window
    })
}

/// A file's head: its first lines before `before` (where its first definition
/// starts), as many as fit in `room` tokens, blank ends trimmed; `None` when there
/// are none worth showing.
fn head_within(text: &str, before: usize, room: usize) -> Option<Window> {
    let mut lines = pack::lines_within(text, room).min(before);
    let all: Vec<&str> = text.lines().take(lines).collect();
    let mut skip = 0;
    while skip < lines && all[skip].trim().is_empty() {
        skip += 1;
    }
    while lines > skip && all[lines - 1].trim().is_empty() {
        lines -= 1;
    }
    (lines - skip >= MIN_HEAD_LINES).then_some(Window {
        skip,
        lines: lines - skip,
    })
}

/// The words of a task, as lines of code are checked for them: lower-case words of
/// three letters or more, identifiers split (`parse_args` → parse, args).
pub(super) struct TaskWords(BTreeSet<String>);

impl TaskWords {
    pub(super) fn new(query: Option<&str>) -> TaskWords {
        TaskWords(query.map(word_set).unwrap_or_default())
    }

    /// How many distinct task words a text (a line, a definition) holds.
    fn held(&self, text: &str) -> usize {
        if self.0.is_empty() {
            return 0;
        }
        word_set(text).intersection(&self.0).count()
    }
}

fn word_set(text: &str) -> BTreeSet<String> {
    crate::pyramid::split_words(text)
        .into_iter()
        .filter(|w| w.len() >= 3)
        .map(|w| w.to_lowercase())
        .filter(|w| !super::task::is_stop_word(w))
        .collect()
}

/// The first pick: candidates in rank order at the richest level that fits an
/// estimate of the budget (each block's tokens, summed).
fn choose(
    candidates: &[Candidate],
    budget: usize,
    words: &TaskWords,
    cache: &mut NodeCache,
) -> Result<Choice> {
    let mut chosen: BTreeMap<String, Detail> = BTreeMap::new();
    let mut swallowed: HashMap<String, Vec<String>> = HashMap::new();
    let mut containers: BTreeSet<String> = BTreeSet::new();
    let mut packer = Packer::new(budget);
    packer.spend(tokens::count(SLICE_PREAMBLE) + fold_cost());
    let max_source = (budget as f32 * MAX_SOURCE_SHARE) as usize;
    let head_max = HEAD_MAX_TOKENS.min((budget as f32 * HEAD_MAX_SHARE) as usize);
    // Nodes shown at source (id, path, span), and where every chosen node is.
    let mut shown_in_full: Vec<(String, String, Span)> = Vec::new();
    let mut placed: BTreeMap<String, (String, Option<Span>)> = BTreeMap::new();
    let mut focused: Vec<(String, Option<Span>)> = Vec::new();
    // The estimated tokens of each chosen node's own block.
    let mut costs: HashMap<String, usize> = HashMap::new();
    for candidate in candidates {
        let node = &candidate.node;
        if let Some((outer, _, _)) = shown_in_full
            .iter()
            .find(|(_, path, span)| contains(path, *span, node))
        {
            // Already in the source of another node.
            swallowed
                .entry(outer.clone())
                .or_default()
                .push(node.id.clone());
            continue;
        }
        let ancestors = cache.ancestors(node)?;
        let mut context_cost = 0;
        for ancestor in &ancestors {
            if !containers.contains(&ancestor.id) && !chosen.contains_key(&ancestor.id) {
                let entry = SliceEntry::new(
                    ancestor,
                    Level::Label,
                    Why::Context,
                    0.0,
                    ancestor.label.clone(),
                    0,
                );
                context_cost += tokens::count(&entry.block()) + fold_cost();
            }
        }
        let levels: &[Level] = match candidate.why {
            _ if node.kind.is_tree() => &[Level::Outline],
            Why::Focus | Why::Match => &[Level::Source, Level::Outline, Level::Gist],
            _ => &[Level::Gist],
        };
        // A focus node keeps its own block: a match around it shows less.
        let holds_focus = candidate.why != Why::Focus
            && node.span.is_some_and(|span| {
                focused.iter().any(|(path, inner)| {
                    *path == node.path && inner.is_some_and(|inner| span_contains(span, inner))
                })
            });
        for &level in levels {
            if level == Level::Source && holds_focus {
                continue;
            }
            let text = cache.text(node, level)?;
            let mut entry = SliceEntry::new(node, level, candidate.why, candidate.score, text, 0);
            let mut cost = tokens::count(&entry.block());
            let room = packer.room().saturating_sub(context_cost);
            let mut detail = Detail::at(level);
            if level == Level::Source && (cost > max_source || cost > room) {
                // Too big whole: a function's lines around the task's words, a file's
                // head, if enough of them fit. (A type cut would show little beyond its
                // docs; its members are candidates of their own.)
                let room = room.min(max_source).saturating_sub(CUT_OVERHEAD);
                let window = match node.kind {
                    NodeKind::Function | NodeKind::Method => {
                        window_within(&entry.text, room, words)
                    }
                    NodeKind::File if budget >= COMPACT_BELOW => {
                        // Its lines before its first definition.
                        let first = cache
                            .children(node)?
                            .iter()
                            .filter_map(|c| c.span)
                            .map(|s| s.start_line)
                            .min();
                        let start = node.span.map_or(1, |s| s.start_line);
                        first.and_then(|first| {
                            let before = first.saturating_sub(start) as usize;
                            head_within(&entry.text, before, room.min(head_max))
                        })
                    }
                    _ => None,
                };
                let Some(window) = window else {
                    continue;
                };
                entry.cut(window);
                cost = tokens::count(&entry.block());
                detail.lines = Some(window);
            }
            if packer.take(context_cost + cost, 0) {
                if detail == Detail::at(Level::Source)
                    && let Some(span) = node.span
                {
                    // Its source holds the nodes inside it: drop them. (A Rust type's
                    // methods are its children, yet outside its source.)
                    let inside: Vec<String> = placed
                        .iter()
                        .filter(|(_, (path, _))| path == &node.path)
                        .filter(|(_, (_, s))| s.is_some_and(|s| span_contains(span, s)))
                        .map(|(id, _)| id.clone())
                        .collect();
                    for id in inside {
                        chosen.remove(&id);
                        swallowed
                            .entry(node.id.clone())
                            .or_default()
                            .push(id.clone());
                        // Their tokens are now inside this node's.
                        packer.refund(costs.remove(&id).unwrap_or(0));
                    }
                    shown_in_full.push((node.id.clone(), node.path.clone(), span));
                }
                placed.insert(node.id.clone(), (node.path.clone(), node.span));
                if candidate.why == Why::Focus {
                    focused.push((node.path.clone(), node.span));
                }
                costs.insert(node.id.clone(), cost);
                chosen.insert(node.id.clone(), detail);
                containers.extend(ancestors.iter().map(|a| a.id.clone()));
                break;
            }
        }
    }
    if chosen.is_empty()
        && let Some(best) = candidates.first()
    {
        // Not even one line fits with its context: `fit` shows it alone.
        chosen.insert(best.node.id.clone(), Detail::at(Level::Gist));
    }
    Ok(Choice { chosen, swallowed })
}

/// What [`choose`] picked, and the nodes each source holds (to bring back if that
/// source has to be shown as an outline after all).
struct Choice {
    chosen: BTreeMap<String, Detail>,
    swallowed: HashMap<String, Vec<String>>,
}

/// Whether a node lies inside a span of a file.
fn contains(path: &str, span: Span, node: &Node) -> bool {
    node.path == path && node.span.is_some_and(|inner| span_contains(span, inner))
}

fn span_contains(outer: Span, inner: Span) -> bool {
    outer.start_byte <= inner.start_byte && inner.end_byte <= outer.end_byte
}

/// Tokens of one fold marker, about.
fn fold_cost() -> usize {
    16
}

/// Renders the chosen nodes exactly and drops the least relevant until the text fits.
fn fit(
    candidates: &[Candidate],
    choice: Choice,
    budget: usize,
    cache: &mut NodeCache,
) -> Result<(Vec<SliceEntry>, String)> {
    let Choice {
        mut chosen,
        mut swallowed,
    } = choice;
    let order: HashMap<&str, usize> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (c.node.id.as_str(), i))
        .collect();
    let render = |chosen: &mut BTreeMap<String, Detail>| {
        let entries = entries(candidates, chosen, cache)?;
        let text = slice_text(&entries);
        Ok((entries, text))
    };
    // Drop the least relevant node, or coarsen it when it is shown at source.
    let shrink = |chosen: &mut BTreeMap<String, Detail>, _over| {
        if chosen.len() <= 1 {
            return Ok::<_, Error>(false);
        }
        let worst = chosen
            .keys()
            .max_by_key(|id| order.get(id.as_str()).copied().unwrap_or(usize::MAX))
            .cloned();
        if let Some(worst) = worst {
            match chosen.get(&worst).map(|d| d.level) {
                Some(Level::Source) => {
                    // The nodes its source held are shown on their own again.
                    for id in swallowed.remove(&worst).unwrap_or_default() {
                        chosen.entry(id).or_insert(Detail::at(Level::Gist));
                    }
                    chosen.insert(worst, Detail::at(Level::Outline));
                }
                Some(Level::Outline) => {
                    chosen.insert(worst, Detail::at(Level::Gist));
                }
                _ => {
                    chosen.remove(&worst);
                }
            }
        }
        Ok(true)
    };
    fn text((_, text): &(Vec<SliceEntry>, String)) -> &str {
        text
    }
    match pack::shrink_to_fit(&mut chosen, budget, render, text, shrink)? {
        Fit::Fits(fitted) => Ok(fitted),
        Fit::Over(_) => compact(candidates, budget, cache),
    }
}

/// For budgets too small for one node with its context: one line per candidate,
/// as many as fit in rank order, printed in tree order. The best one without its
/// gist if even its line does not fit; an error if not even its id does.
fn compact(
    candidates: &[Candidate],
    budget: usize,
    cache: &mut NodeCache,
) -> Result<(Vec<SliceEntry>, String)> {
    let mut picked: Vec<(Vec<SortKey>, SliceEntry)> = Vec::new();
    let mut packer = Packer::new(budget);
    for candidate in candidates {
        let node = &candidate.node;
        let gist = cache.text(node, Level::Gist)?;
        let mut entry = SliceEntry::new(node, Level::Gist, candidate.why, candidate.score, gist, 0);
        entry.hidden_children = node.children;
        let mut cost = tokens::count(&entry.line());
        if cost > packer.room() && picked.is_empty() {
            entry.text.clear();
            cost = tokens::count(&entry.line());
            if cost > budget {
                return Err(Error::Unanswerable {
                    problem: format!(
                        "a budget of {} cannot hold even the id of the best match ({})",
                        plural(budget, "token"),
                        plural(cost, "token")
                    ),
                    hint: Hint::RaiseBudget {
                        at_least: cost,
                        useful: "a useful slice needs a few thousand",
                    },
                });
            }
        }
        if !packer.take(cost, 0) {
            break;
        }
        let ancestors = cache.ancestors(node)?;
        picked.push((tree_key(node, &ancestors), entry));
    }
    picked.sort_by(|a, b| a.0.cmp(&b.0));
    let parents: Vec<Option<String>> = picked
        .iter()
        .map(|(_, e)| {
            candidates
                .iter()
                .find(|c| c.node.id == e.id)
                .and_then(|c| c.node.parent.clone())
        })
        .collect();
    let mut entries: Vec<SliceEntry> = picked.into_iter().map(|(_, e)| e).collect();
    for entry in &mut entries {
        let shown = parents
            .iter()
            .filter(|p| p.as_deref() == Some(entry.id.as_str()))
            .count() as u32;
        entry.hidden_children = entry.hidden_children.saturating_sub(shown);
    }
    // Lines counted apart may count more together: drop the last until they fit, so
    // that the entries are exactly the lines shown.
    let lines = |entries: &mut Vec<SliceEntry>| {
        Ok::<String, Error>(entries.iter().map(SliceEntry::line).collect())
    };
    let drop_last =
        |entries: &mut Vec<SliceEntry>, _over| Ok(entries.len() > 1 && entries.pop().is_some());
    let text = match pack::shrink_to_fit(&mut entries, budget, lines, String::as_str, drop_last)? {
        Fit::Fits(text) => text,
        Fit::Over(text) => tokens::truncate(&text, budget),
    };
    Ok((entries, text))
}

/// The slice's text: its entries' blocks in tree order, with fold markers.
fn slice_text(entries: &[SliceEntry]) -> String {
    let placed: Vec<Placed> = entries.iter().map(SliceEntry::placed).collect();
    forms::slice(&placed)
}

/// The chosen nodes and their ancestors, in tree order.
fn entries(
    candidates: &[Candidate],
    chosen: &BTreeMap<String, Detail>,
    cache: &mut NodeCache,
) -> Result<Vec<SliceEntry>> {
    let by_id: HashMap<&str, &Candidate> =
        candidates.iter().map(|c| (c.node.id.as_str(), c)).collect();
    let mut all: BTreeMap<Vec<SortKey>, (Node, Option<Detail>)> = BTreeMap::new();
    for (id, &detail) in chosen {
        let Some(candidate) = by_id.get(id.as_str()) else {
            continue;
        };
        let ancestors = cache.ancestors(&candidate.node)?;
        for (depth, ancestor) in ancestors.iter().enumerate() {
            let key = tree_key(ancestor, &ancestors[..depth]);
            all.entry(key).or_insert_with(|| (ancestor.clone(), None));
        }
        let key = tree_key(&candidate.node, &ancestors);
        all.insert(key, (candidate.node.clone(), Some(detail)));
    }
    // Children shown per parent, to count the hidden ones.
    let mut shown_children: HashMap<String, u32> = HashMap::new();
    for (node, _) in all.values() {
        if let Some(parent) = &node.parent {
            *shown_children.entry(parent.clone()).or_default() += 1;
        }
    }
    let mut entries = Vec::with_capacity(all.len());
    for (key, (node, detail)) in all {
        let (detail, why, score) = match detail {
            Some(detail) => {
                let candidate = by_id[node.id.as_str()];
                (detail, candidate.why, candidate.score)
            }
            None => (Detail::at(Level::Label), Why::Context, 0.0),
        };
        let level = detail.level;
        let text = cache.text(&node, level)?;
        let shown = shown_children.get(&node.id).copied().unwrap_or(0);
        let span = node.span.unwrap_or(Span::whole(""));
        let hidden_children = match (level, detail.lines) {
            // Children below the cut are not shown.
            (Level::Source, Some(window)) => {
                let first_line = span.start_line + window.skip as u32;
                let last_line = first_line + window.lines as u32 - 1;
                let outside = cache
                    .children(&node)?
                    .iter()
                    .filter(|c| {
                        c.span
                            .is_none_or(|s| s.start_line < first_line || s.end_line > last_line)
                    })
                    .count() as u32;
                outside.saturating_sub(shown)
            }
            // A Rust type's methods are its children but outside its source.
            (Level::Source, None) if node.kind.is_type() && node.children > shown => {
                let outside = cache
                    .children(&node)?
                    .iter()
                    .filter(|c| !contains(&node.path, span, c))
                    .count() as u32;
                outside.saturating_sub(shown)
            }
            (Level::Source, None) => 0,
            _ => node.children.saturating_sub(shown),
        };
        let mut entry = SliceEntry::new(&node, level, why, score, text, key.len() - 1);
        if let Some(window) = detail.lines {
            entry.cut(window);
        }
        entry.hidden_children = hidden_children;
        entries.push(entry);
    }
    Ok(entries)
}

/// One step of a node's place in the tree: directories before files, by name;
/// inside a file, by position.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey {
    Root,
    Dir(String),
    File(String),
    Item(u32),
}

fn tree_key(node: &Node, ancestors: &[Node]) -> Vec<SortKey> {
    ancestors
        .iter()
        .chain(std::iter::once(node))
        .map(|n| match n.kind {
            NodeKind::Repo => SortKey::Root,
            NodeKind::Dir => SortKey::Dir(n.id.clone()),
            NodeKind::File => SortKey::File(n.id.clone()),
            _ => SortKey::Item(n.ord),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_ends_before_the_first_definition_without_blank_ends() {
        let text = "\n\"\"\"Docs.\"\"\"\n\nimport os\nimport re\n\n\ndef main():\n    pass\n";
        let window = head_within(text, 7, 1_000).expect("a head");
        assert_eq!(window, Window { skip: 1, lines: 4 });
        // Only what fits the room; too few lines are no head.
        let window = head_within(text, 7, 5).map(|w| w.lines);
        assert_eq!(window, None);
        assert_eq!(head_within("def main():\n    pass\n", 0, 1_000), None);
    }

    #[test]
    fn siblings_are_small_sources_holding_task_words() {
        let words = TaskWords::new(Some("refund the order total"));
        let big = format!("def big():\n{}", "    refund(order)\n".repeat(400));
        let sources = [
            "def refund(order):\n    return order.total",
            "def unrelated():\n    pass",
            big.as_str(),
            "def total(order):\n    return 0",
        ];
        let shares = sibling_shares(sources.into_iter(), &words);
        assert_eq!(shares, vec![Some(1.0), None, None, Some(2.0 / 3.0)]);
    }
}
