//! `grep`: a regular expression (or literal text) over the indexed files, code and
//! text (docs, settings, manifests, languages pyramid does not parse), the matching
//! lines grouped under the innermost definition or section holding them, numbered,
//! with context. Files are read from disk in parallel, as ripgrep does; a file changed since
//! it was indexed is still searched, its lines placed in no definition.

use std::collections::HashMap;

use rayon::prelude::*;
use regex::{Regex, RegexBuilder};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::pyramid::{Node, NodeKind};
use crate::store::Reader;

use super::pattern::{ContextLine, MAX_CONTEXT};
use super::search::{Places, is_test};

/// What to look for.
#[derive(Debug, Clone)]
pub struct GrepRequest {
    /// Regular expressions (Rust `regex` syntax), or literal texts when `fixed`: a line
    /// matches when any does (grep's repeated `-e`).
    pub patterns: Vec<String>,
    /// Whether the patterns (and `not`) are literal text.
    pub fixed: bool,
    /// Whether case is ignored.
    pub ignore_case: bool,
    /// Only files whose path matches one of these globs (`src/**/*.rs`) or starts
    /// with one of these prefixes (`src/store/`); or, given one definition's id
    /// (`src/x.rs::Type::f`), only its lines. Every file when empty.
    pub path: Vec<String>,
    /// Leave out files whose path matches one of these globs or starts with one of
    /// these prefixes (`tests/`, `docs/**`, `*.md`).
    pub exclude: Vec<String>,
    /// Leave out matching lines that also match any of these patterns (regular
    /// expressions, or literal text when `fixed`; case as `ignore_case` says): grep's
    /// `| grep -v` without the pipe.
    pub not: Vec<String>,
    /// Lines shown before and after each matching line (at most [`MAX_CONTEXT`]).
    pub context: usize,
    /// Show each matching line with the whole definition holding it (git grep's
    /// `--function-context`) when it has at most [`WHOLE_DEFINITION_LINES`] lines;
    /// in a longer one, [`LONG_DEFINITION_CONTEXT`] lines each side (or `context`, if
    /// more) within it; lines outside any definition get `context`.
    pub function_context: bool,
    /// Only files in a language pyramid parses: no docs, settings or other text.
    pub code_only: bool,
    /// Most matching lines shown (all are counted); with `count`, most files listed.
    pub limit: usize,
    /// Most matching lines shown in one definition (0: no cap); the rest are counted
    /// under it, so that one definition repeating the pattern does not fill the answer.
    pub max_per_def: usize,
    /// Instead of the lines, how many match in each file and each definition: what a
    /// pattern would cost to read, for the price of a line a file.
    pub count: bool,
    /// With `count`: every definition holding a matching line, one a line, instead of
    /// the few of each file that hold the most: a map of where a pattern lives.
    pub definitions: bool,
    /// Instead of the lines, only the files with a matching line and how many each has
    /// (grep's `-l`): `count` without the definitions, the cheapest look.
    pub files_only: bool,
    /// Leave out test code: test files, and the tests inside a file (Rust's `mod
    /// tests`, test functions), by the conventions of its language.
    pub no_tests: bool,
}

/// Longest definition `function_context` shows whole: a match in a longer one (a
/// macro's body, a file-long class) would flood the answer with lines it does not
/// need; `zoom ID -l source` reads it all.
pub const WHOLE_DEFINITION_LINES: u32 = 60;
/// Lines each side of a match in a definition too long to show whole.
pub const LONG_DEFINITION_CONTEXT: u32 = 10;

/// Longest pattern accepted.
const MAX_GREP_PATTERN_BYTES: usize = 10_000;
/// Most memory a compiled pattern may take: more is a pattern no one meant.
const REGEX_SIZE_LIMIT: usize = 10 * 1024 * 1024;

/// The matching lines, grouped. Serialized as `grep --json`.
#[derive(Debug, Clone, Serialize)]
pub struct GrepResult {
    /// Groups of lines in path and line order, holding at most the limit of matching
    /// lines.
    pub blocks: Vec<GrepBlock>,
    /// Matching lines in all.
    pub total: usize,
    /// Files with a matching line.
    pub files: usize,
    /// Files searched.
    pub searched: usize,
    /// When the paths kept no file: the top level's folders (`src/`), then its files,
    /// at most [`MAX_TOP_LEVEL`] (then `…`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub top_level: Vec<String>,
    /// Matching lines left out by `not` or `no_tests` (counted in no other figure).
    #[serde(skip_serializing_if = "is_zero")]
    pub left_out: usize,
    /// Files with matches that changed since they were indexed: their lines are
    /// today's, placed in no definition (`within` is the file).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stale: Vec<String>,
    /// With `count` or `files_only`: the files with matching lines, in path order, at
    /// most the limit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub counts: Vec<FileCount>,
    /// Whether the answer lists every definition of `counts`, one a line (`counts`
    /// holds them all either way).
    #[serde(skip)]
    pub definitions: bool,
}

/// Most top-level entries named when the paths kept no file.
pub const MAX_TOP_LEVEL: usize = 20;

/// The top-level folders (`src/`), then files, of sorted paths, at most
/// [`MAX_TOP_LEVEL`] and `…` when there are more.
fn top_level<'p>(paths: impl Iterator<Item = &'p str>) -> Vec<String> {
    let mut tops: Vec<String> = Vec::new();
    for path in paths {
        let top = match path.split_once('/') {
            Some((folder, _)) => format!("{folder}/"),
            None => path.to_string(),
        };
        // Sorted paths: a folder's files are next to each other.
        if tops.last() != Some(&top) {
            tops.push(top);
        }
    }
    // Folders first: `src/` before `.gitignore` and `CHANGELOG.md`.
    tops.sort_by_key(|top| (!top.ends_with('/'), top.clone()));
    if tops.len() > MAX_TOP_LEVEL {
        tops.truncate(MAX_TOP_LEVEL);
        tops.push("…".to_string());
    }
    tops
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// How many lines match in one file, and in which definitions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileCount {
    /// The file.
    pub path: String,
    /// Its matching lines.
    pub lines: usize,
    /// The definitions holding them (the file's id for lines outside any), how many
    /// each holds, most first, and the lines each spans (none for the file's own
    /// lines), so that an answer can be given without reading it; none with
    /// `files_only`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub within: Vec<(String, usize, Option<[u32; 2]>)>,
}

/// Matching lines of one definition, near enough to share their context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrepBlock {
    /// The file.
    pub path: String,
    /// The innermost definition holding the matching lines (the file's id when none
    /// does).
    pub within: String,
    /// Its kind.
    pub kind: NodeKind,
    /// Its first and last line (none for a file's own lines): where an answer's range
    /// ends, without reading the rest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<[u32; 2]>,
    /// The lines, numbered; `matched` marks the matching ones, the others are context.
    pub lines: Vec<ContextLine>,
    /// Matching lines of this definition beyond `max_per_def`, not shown (on its last
    /// group).
    #[serde(skip_serializing_if = "is_zero")]
    pub more: usize,
}

impl GrepRequest {
    /// Whether `path`, `exclude` or `code_only` narrow the files searched.
    pub fn narrowed(&self) -> bool {
        !self.path.is_empty() || !self.exclude.is_empty() || self.code_only
    }
}

/// One pattern that matches a line when any of `patterns` does (as grep's repeated
/// `-e`), and whether it is literal text: literal patterns are escaped and joined
/// into a regular expression, one pattern is kept as it is.
fn any_of(patterns: &[String], fixed: bool) -> (String, bool) {
    if let [pattern] = patterns {
        return (pattern.clone(), fixed);
    }
    let alternatives: Vec<String> = patterns
        .iter()
        .map(|p| match fixed {
            true => regex::escape(p),
            false => format!("(?:{p})"),
        })
        .collect();
    (alternatives.join("|"), false)
}

/// The lines of the indexed files that match a request.
pub fn grep(reader: &Reader, request: &GrepRequest) -> Result<GrepResult> {
    let (pattern, fixed) = any_of(&request.patterns, request.fixed);
    let regex = compile(&pattern, fixed, request.ignore_case)?;
    if request.not.iter().any(String::is_empty) {
        return Err(Error::InvalidArgument(
            "an empty pattern of lines to leave out would leave out every line: give the text to leave out".into(),
        ));
    }
    let not = match request.not.is_empty() {
        true => None,
        false => {
            let (not, fixed) = any_of(&request.not, request.fixed);
            Some(compile(&not, fixed, request.ignore_case)?)
        }
    };
    // A path that is a definition's id (`src/x.rs::Type::f`): its file, its lines only.
    let (paths, within) = match &request.path[..] {
        [id] if id.contains("::") => {
            let node = super::zoom::find(reader, id)?;
            let lines = node.span.map(|s| s.start_line..=s.end_line);
            (vec![node.path], lines)
        }
        paths if paths.iter().any(|p| p.contains("::")) => {
            return Err(Error::InvalidArgument(
                "a definition's id stands alone as the path: give one id, or globs and prefixes of paths".into(),
            ));
        }
        paths => (paths.to_vec(), None),
    };
    let places = Places::new(&paths, &request.exclude)?;
    let manifest = reader.manifest()?;
    let location = reader.location();
    let root = &location.repo_root;
    // The indexed files with the hash they were indexed with: code first, then the
    // text files (docs, settings), each in path order, so that a limit cuts docs first.
    let mut files: Vec<(&str, &str)> = manifest
        .files
        .iter()
        .filter(|(path, entry)| places.keeps(path) && (!request.code_only || entry.lang.is_some()))
        .map(|(path, entry)| (path.as_str(), entry.hash.as_str()))
        .collect();
    files.sort_by_key(|(path, _)| manifest.files.get(*path).is_some_and(|e| e.lang.is_none()));
    // Paths that keep no file: what the top level holds, to aim the next try.
    let top_level = match files.is_empty() {
        true => top_level(manifest.files.keys().map(String::as_str)),
        false => Vec::new(),
    };
    // Read and match in parallel; placed in order afterwards.
    let found: Vec<Option<FileMatches>> = files
        .par_iter()
        .map(|&(path, hash)| {
            // A file that went away or is no longer text has nothing to match.
            let bytes = crate::walk::read_file(&root.join(path)).ok()??;
            let changed = blake3::hash(&bytes).to_hex().as_str() != hash;
            let text = crate::walk::check_content(bytes).ok()?;
            let (mut lines, mut left_out) = matching_lines(&regex, not.as_ref(), &text);
            if let Some(within) = &within {
                lines.retain(|line| within.contains(line));
                left_out.retain(|line| within.contains(line));
            }
            (!lines.is_empty() || !left_out.is_empty()).then_some(FileMatches {
                text,
                lines,
                left_out: left_out.len(),
                changed,
            })
        })
        .collect();
    let mut result = GrepResult {
        blocks: Vec::new(),
        total: 0,
        files: 0,
        searched: files.len(),
        left_out: 0,
        top_level,
        stale: Vec::new(),
        counts: Vec::new(),
        definitions: request.count && request.definitions,
    };
    let context = request.context.min(MAX_CONTEXT);
    let mut room = request.limit;
    let by_file = request.count || request.files_only;
    for (&(path, _), found) in files.iter().zip(found) {
        let Some(mut found) = found else { continue };
        result.left_out += found.left_out;
        // The cap of lines shown a definition, while lines are still shown.
        let cap = match by_file || room == 0 {
            true => 0,
            false => request.max_per_def,
        };
        // Matching lines beyond the cap of their definition: counted, not shown.
        let mut capped: HashMap<String, usize> = HashMap::new();
        let mut nodes = None;
        if (request.no_tests || cap > 0) && !found.changed && !found.lines.is_empty() {
            // Each line's definition, found once for both: tests left out, then the cap.
            let file_nodes = reader.file_nodes(path)?;
            let mut seen: HashMap<String, usize> = HashMap::new();
            let mut tests = 0;
            found.lines.retain(|&line| {
                let (id, kind) = holder(path, &file_nodes, |s| on_line(s, line));
                if request.no_tests && is_test(&Node::bare(&id, kind, None)) {
                    tests += 1;
                    return false;
                }
                if cap == 0 {
                    return true;
                }
                let n = seen.entry(id.clone()).or_insert(0);
                *n += 1;
                if *n <= cap {
                    return true;
                }
                *capped.entry(id).or_insert(0) += 1;
                false
            });
            result.left_out += tests;
            nodes = Some(file_nodes);
        }
        if found.lines.is_empty() {
            continue;
        }
        result.total += found.lines.len() + capped.values().sum::<usize>();
        result.files += 1;
        if room == 0 {
            continue;
        }
        let shown = if by_file {
            room -= 1;
            &found.lines[..]
        } else {
            let shown = &found.lines[..found.lines.len().min(room)];
            room -= shown.len();
            shown
        };
        if found.changed {
            result.stale.push(path.to_string());
        }
        if request.files_only {
            result.counts.push(FileCount {
                path: path.to_string(),
                lines: shown.len(),
                within: Vec::new(),
            });
            continue;
        }
        let nodes = match nodes {
            _ if found.changed => Vec::new(),
            Some(nodes) => nodes,
            None => reader.file_nodes(path)?,
        };
        if request.count {
            result.counts.push(count(path, shown, &nodes));
        } else {
            let reach = Reach {
                context,
                function_context: request.function_context,
            };
            let mut new = blocks(path, &found.text, shown, &nodes, reach);
            // The count of a definition's capped lines goes on its last group.
            for block in new.iter_mut().rev() {
                block.more = capped.remove(&block.within).unwrap_or(0);
            }
            result.blocks.extend(new);
        }
    }
    Ok(result)
}

/// How many of a file's matching lines each definition holds.
fn count(path: &str, lines: &[u32], nodes: &[Node]) -> FileCount {
    let mut within: Vec<(String, usize, Option<[u32; 2]>)> = Vec::new();
    for &line in lines {
        let (id, _) = holder(path, nodes, |s| on_line(s, line));
        match within.iter_mut().find(|(held, _, _)| *held == id) {
            Some((_, n, _)) => *n += 1,
            None => {
                let span = nodes
                    .iter()
                    .find(|node| node.id == id && node.kind != NodeKind::File)
                    .and_then(|node| node.span)
                    .map(|s| [s.start_line, s.end_line]);
                within.push((id, 1, span));
            }
        }
    }
    // Most first; ties in the file's order (the sort is stable).
    within.sort_by_key(|(_, n, _)| std::cmp::Reverse(*n));
    FileCount {
        path: path.to_string(),
        lines: lines.len(),
        within,
    }
}

/// One file's matching lines.
struct FileMatches {
    text: String,
    /// Matching line numbers, 1-based, ascending.
    lines: Vec<u32>,
    /// Matching lines left out by the `not` patterns.
    left_out: usize,
    /// Whether the file changed since it was indexed.
    changed: bool,
}

/// A pattern as a regular expression: literal text when `fixed`.
fn compile(pattern: &str, fixed: bool, ignore_case: bool) -> Result<Regex> {
    if pattern.is_empty() {
        return Err(Error::InvalidArgument(
            "empty pattern: give a regular expression or, as literal text, the words to find"
                .into(),
        ));
    }
    if pattern.len() > MAX_GREP_PATTERN_BYTES {
        return Err(Error::InvalidArgument(format!(
            "the pattern is {} bytes long; at most {MAX_GREP_PATTERN_BYTES} are accepted",
            pattern.len()
        )));
    }
    let source = if fixed {
        regex::escape(pattern)
    } else {
        pattern.to_string()
    };
    RegexBuilder::new(&source)
        .case_insensitive(ignore_case)
        // `^` and `$` at line ends, also when the whole text is tried first.
        .multi_line(true)
        .crlf(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|err| {
            Error::InvalidArgument(format!(
                "not a regular expression: {err}\nescape what is meant literally (`\\(`, `\\.`), or search for the text as it is (fixed strings)"
            ))
        })
}

/// The numbers of the lines that hold a match and no match of `not`, ascending.
/// Matched line by line, as grep does, so that `[^>]*` never runs across lines; the
/// whole text is tried first, which rules most files out at the regex engine's speed.
/// Returns the lines kept, and those left out because they match `not` too.
fn matching_lines(regex: &Regex, not: Option<&Regex>, text: &str) -> (Vec<u32>, Vec<u32>) {
    if !regex.is_match(text) {
        return (Vec::new(), Vec::new());
    }
    let (mut kept, mut left_out) = (Vec::new(), Vec::new());
    for (line, n) in text.lines().zip(1u32..) {
        if regex.is_match(line) {
            match not.is_some_and(|not| not.is_match(line)) {
                false => kept.push(n),
                true => left_out.push(n),
            }
        }
    }
    (kept, left_out)
}

/// How far around a matching line its group reaches.
#[derive(Debug, Clone, Copy)]
struct Reach {
    /// Lines each side.
    context: usize,
    /// To the ends of the definition holding the line instead, when it is short
    /// enough to show whole (see [`GrepRequest::function_context`]).
    function_context: bool,
}

impl Reach {
    /// The first and last line shown around `line`, held by a node spanning `span`.
    fn around(self, line: u32, span: Option<crate::pyramid::Span>) -> (u32, u32) {
        let context = self.context as u32;
        let near = |each_side: u32| {
            (
                line.saturating_sub(each_side),
                line.saturating_add(each_side),
            )
        };
        match span.filter(|_| self.function_context) {
            Some(span) if span.end_line - span.start_line < WHOLE_DEFINITION_LINES => {
                (span.start_line, span.end_line)
            }
            Some(span) => {
                let (from, to) = near(context.max(LONG_DEFINITION_CONTEXT));
                (from.max(span.start_line), to.min(span.end_line))
            }
            None => near(context),
        }
    }
}

/// What starts a comment line in a language's code: its line comments, and the lines
/// of a block comment where those are `//` (`/**`, ` * `, ` */`).
pub(super) fn comment_starts(lang: Option<crate::grammar::Lang>) -> Vec<String> {
    let Some(lang) = lang else {
        return Vec::new();
    };
    let mut starts = lang.facts().syntax.line_comments.clone();
    if starts.iter().any(|c| c == "//") {
        starts.extend(["/*", "*"].map(String::from));
    }
    starts
}

/// The first line from `first` on that is neither blank nor a comment: where a
/// definition's code starts below its doc comments; never after `matched`.
fn code_start(all: &[&str], first: u32, matched: u32, comments: &[String]) -> u32 {
    let mut line = first;
    while line < matched {
        let at = (line as usize).checked_sub(1);
        let text = at.and_then(|i| all.get(i)).map_or("", |t| t.trim_start());
        if !text.is_empty() && !comments.iter().any(|c| text.starts_with(c.as_str())) {
            break;
        }
        line += 1;
    }
    line
}

/// Matching lines grouped by the innermost definition holding them, with the lines
/// `reach` says around; lines whose context touches merge into one group while they
/// are in the same definition.
fn blocks(path: &str, text: &str, matched: &[u32], nodes: &[Node], reach: Reach) -> Vec<GrepBlock> {
    let all: Vec<&str> = text.lines().collect();
    let comments = comment_starts(crate::grammar::Lang::from_path(path));
    let last_line = all.len().max(1) as u32;
    let spans: Vec<Option<crate::pyramid::Span>> = matched
        .iter()
        .map(|&line| innermost(nodes, |s| on_line(s, line)).and_then(|node| node.span))
        .collect();
    let held: Vec<(String, NodeKind)> = matched
        .iter()
        .map(|&line| holder(path, nodes, |s| on_line(s, line)))
        .collect();
    // For each match, the first later matching line held by another definition: the
    // context stops before it (with whole definitions, before that definition's first
    // line), so that no line shows in two groups.
    let mut stop = vec![u32::MAX; matched.len()];
    for i in (0..matched.len()).rev() {
        if let Some(j) = (i + 1..matched.len()).find(|&j| held[j].0 != held[i].0) {
            stop[i] = match spans[j] {
                Some(span) if reach.function_context && span.start_line > matched[i] => {
                    span.start_line
                }
                _ => matched[j],
            };
        }
    }
    let mut out: Vec<GrepBlock> = Vec::new();
    for (i, (&line, (within, kind))) in matched.iter().zip(held).enumerate() {
        let shown_to = out
            .last()
            .and_then(|b| b.lines.last())
            .map_or(0, |l| l.line);
        // A whole definition is shown from its code: the doc comments above it are
        // read with `zoom` when wanted (they cost an agent as much as the code).
        let code = spans[i]
            .filter(|_| reach.function_context)
            .map(|span| crate::pyramid::Span {
                start_line: code_start(&all, span.start_line, line, &comments),
                ..span
            });
        let (from, to) = reach.around(line, code);
        let from = from.max(1).max(shown_to + 1).min(line);
        let to = to.min(last_line).min(stop[i].saturating_sub(1)).max(line);
        let joins = out.last().is_some_and(|block: &GrepBlock| {
            block.within == within && block.lines.last().is_some_and(|l| l.line + 1 >= from)
        });
        if !joins {
            out.push(GrepBlock {
                path: path.to_string(),
                within,
                kind,
                span: spans[i].map(|s| [s.start_line, s.end_line]),
                lines: Vec::new(),
                more: 0,
            });
        }
        let Some(block) = out.last_mut() else {
            continue;
        };
        let next = block.lines.last().map_or(from, |l| l.line + 1).max(from);
        for n in next..=to {
            block.lines.push(ContextLine {
                line: n,
                text: all
                    .get(n as usize - 1)
                    .copied()
                    .unwrap_or_default()
                    .to_string(),
                matched: n == line,
            });
        }
        // A line shown as context of an earlier match may match too.
        if let Some(shown) = block.lines.iter_mut().find(|l| l.line == line) {
            shown.matched = true;
        }
    }
    out
}

/// Whether a span's lines hold a line.
fn on_line(span: crate::pyramid::Span, line: u32) -> bool {
    span.start_line <= line && line <= span.end_line
}

/// The innermost node of a file whose span `holds` what was found: its id and kind
/// (the file's when none).
pub(super) fn holder(
    path: &str,
    nodes: &[Node],
    holds: impl Fn(crate::pyramid::Span) -> bool,
) -> (String, NodeKind) {
    innermost(nodes, holds).map_or((path.to_string(), NodeKind::File), |node| {
        (node.id.clone(), node.kind)
    })
}

/// The innermost definition of a file whose span `holds` what was found.
fn innermost(nodes: &[Node], holds: impl Fn(crate::pyramid::Span) -> bool) -> Option<&Node> {
    nodes
        .iter()
        .filter(|node| node.kind != NodeKind::File)
        .filter(|node| node.span.is_some_and(&holds))
        .min_by_key(|node| node.span.map_or(u32::MAX, |s| s.end_byte - s.start_byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(pattern: &str, text: &str) -> Vec<u32> {
        matching_lines(&compile(pattern, false, false).unwrap(), None, text).0
    }

    #[test]
    fn the_top_level_is_its_folders_and_files() {
        let paths = [
            "README.md",
            "src/a.rs",
            "src/b/c.rs",
            "src.rs",
            "tests/t.rs",
        ];
        assert_eq!(
            top_level(paths.into_iter()),
            ["src/", "tests/", "README.md", "src.rs"]
        );
        let many: Vec<String> = (0..50).map(|n| format!("d{n:02}/x.py")).collect();
        let tops = top_level(many.iter().map(String::as_str));
        assert_eq!(tops.len(), MAX_TOP_LEVEL + 1);
        assert_eq!(
            (tops[0].as_str(), tops[MAX_TOP_LEVEL].as_str()),
            ("d00/", "…")
        );
    }

    #[test]
    fn each_matching_line_once() {
        assert_eq!(lines_of("a", "a a\nb\na\n"), [1, 3]);
        assert_eq!(lines_of("^b$", "a\nb\nc"), [2]);
        // Line by line: a class never runs across lines, `^` and `$` are a line's ends.
        assert_eq!(lines_of("a[^>]*b", "a\nb>\n"), Vec::<u32>::new());
        assert_eq!(lines_of("^b$", "a\nb\r\nc"), [2]);
        assert_eq!(lines_of("z", "a\nb"), Vec::<u32>::new());
    }

    #[test]
    fn lines_matching_a_not_pattern_are_left_out() {
        let (not, fixed) = any_of(&["debug!(".into(), "//".into()], true);
        let not = compile(&not, fixed, true).unwrap();
        let text = "foo()\nDEBUG!(foo)\n// foo\nlet foo = 1;\n";
        let regex = compile("foo", false, false).unwrap();
        let (kept, left_out) = matching_lines(&regex, Some(&not), text);
        assert_eq!((kept, left_out), (vec![1, 4], vec![2, 3]));
        assert_eq!(matching_lines(&regex, None, text).0, [1, 2, 3, 4]);
    }

    #[test]
    fn context_merges_near_lines_of_one_definition() {
        let text = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
        let found = blocks("f.py", text, &[2, 4, 9], &[], lines(1));
        assert_eq!(found.len(), 2);
        let first: Vec<(u32, bool)> = found[0].lines.iter().map(|l| (l.line, l.matched)).collect();
        assert_eq!(
            first,
            [(1, false), (2, true), (3, false), (4, true), (5, false)]
        );
        let second: Vec<u32> = found[1].lines.iter().map(|l| l.line).collect();
        assert_eq!(second, [8, 9, 10]);
        assert_eq!(found[1].within, "f.py");
    }

    fn lines(context: usize) -> Reach {
        Reach {
            context,
            function_context: false,
        }
    }

    fn function(id: &str, first: u32, last: u32) -> Node {
        let mut node = Node::bare(id, NodeKind::Function, None);
        node.span = Some(crate::pyramid::Span {
            start_line: first,
            end_line: last,
            start_byte: first * 2,
            end_byte: last * 2 + 1,
        });
        node
    }

    #[test]
    fn a_match_can_show_the_whole_definition_holding_it() {
        let text = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
        let nodes = [function("f.py::A", 1, 8), function("f.py::A::m", 3, 5)];
        let whole = Reach {
            context: 0,
            function_context: true,
        };
        let shown = |matched: &[u32]| -> Vec<(String, Vec<u32>)> {
            blocks("f.py", text, matched, &nodes, whole)
                .into_iter()
                .map(|b| (b.within, b.lines.iter().map(|l| l.line).collect()))
                .collect()
        };
        let group = |id: &str, lines: &[u32]| (id.to_string(), lines.to_vec());
        assert_eq!(
            shown(&[4, 7, 10]),
            [
                group("f.py::A::m", &[3, 4, 5]),
                // The class's lines not shown yet, to its end.
                group("f.py::A", &[6, 7, 8]),
                // Outside any definition: the lines of `context`.
                group("f.py", &[10]),
            ]
        );
        // A match of the class before one of its method: the class's lines stop where
        // the method begins, and the method is shown whole under its own name.
        assert_eq!(
            shown(&[2, 4]),
            [group("f.py::A", &[1, 2]), group("f.py::A::m", &[3, 4, 5])]
        );
    }

    #[test]
    fn a_whole_definition_is_shown_from_its_code_below_its_docs() {
        let text = "/// Adds.\n///\n/// More.\n#[inline]\nfn add(a: u8) -> u8 {\n    a + 1\n}\n";
        let nodes = [function("f.rs::add", 1, 7)];
        let whole = Reach {
            context: 0,
            function_context: true,
        };
        let shown = |matched: &[u32]| -> Vec<u32> {
            let found = blocks("f.rs", text, matched, &nodes, whole);
            // The header still names the whole definition.
            assert_eq!(found[0].span, Some([1, 7]));
            found[0].lines.iter().map(|l| l.line).collect()
        };
        assert_eq!(shown(&[6]), [4, 5, 6, 7]);
        // A match in the docs shows them from there.
        assert_eq!(shown(&[3]), [3, 4, 5, 6, 7]);
        // Python's `#` comments likewise; its docstrings are code's lines.
        let text = "# Adds.\ndef add(a):\n    \"Adds.\"\n    return a + 1\n";
        let nodes = [function("f.py::add", 1, 4)];
        let found = blocks("f.py", text, &[4], &nodes, whole);
        assert_eq!(
            found[0].lines.iter().map(|l| l.line).collect::<Vec<_>>(),
            [2, 3, 4]
        );
        assert_eq!(code_start(&["x"], 0, 1, &[]), 1, "a line 0 is passed over");
    }

    #[test]
    fn a_match_in_a_long_definition_shows_its_neighbourhood() {
        let long = WHOLE_DEFINITION_LINES + 40;
        let text: String = (1..=long + 5).map(|n| format!("{n}\n")).collect();
        let nodes = [
            function("f.rs::m", 1, long),
            function("f.rs::g", long + 1, long + 5),
        ];
        let whole = Reach {
            context: 0,
            function_context: true,
        };
        let shown = |matched: &[u32], reach: Reach| -> Vec<(u32, u32)> {
            blocks("f.rs", &text, matched, &nodes, reach)
                .iter()
                .map(|b| (b.lines[0].line, b.lines[b.lines.len() - 1].line))
                .collect()
        };
        let c = LONG_DEFINITION_CONTEXT;
        // The lines around the match, kept inside the definition; a short one whole.
        assert_eq!(
            shown(&[50, long + 2], whole),
            [(50 - c, 50 + c), (long + 1, long + 5)]
        );
        assert_eq!(shown(&[3], whole), [(1, 3 + c)]);
        // A wider -C widens it.
        let wide = Reach {
            context: 30,
            ..whole
        };
        assert_eq!(shown(&[50], wide), [(20, 80)]);
    }

    #[test]
    fn no_line_shows_in_two_groups() {
        let text = "a\nb\nc\nd\ne\nf\n";
        let mut first = Node::bare("f.py::A", NodeKind::Function, None);
        first.span = Some(crate::pyramid::Span {
            start_line: 1,
            end_line: 3,
            start_byte: 0,
            end_byte: 6,
        });
        let mut second = Node::bare("f.py::B", NodeKind::Function, None);
        second.span = Some(crate::pyramid::Span {
            start_line: 4,
            end_line: 6,
            start_byte: 6,
            end_byte: 12,
        });
        let found = blocks(
            "f.py",
            text,
            &[3, 4],
            &[first.clone(), second.clone()],
            lines(2),
        );
        let lines: Vec<Vec<(u32, bool)>> = found
            .iter()
            .map(|b| b.lines.iter().map(|l| (l.line, l.matched)).collect())
            .collect();
        assert_eq!(
            lines,
            [
                vec![(1, false), (2, false), (3, true)],
                vec![(4, true), (5, false), (6, false)]
            ]
        );
    }

    #[test]
    fn a_bad_regex_says_how_to_search_literally() {
        let err = compile("foo(", false, false).unwrap_err().to_string();
        assert!(err.contains("literal"), "{err}");
        let fixed = compile("foo(", true, false).unwrap();
        assert_eq!(matching_lines(&fixed, None, "x\nfoo(1)\n").0, [2]);
    }
}
