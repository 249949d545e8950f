//! `zoom`: one node at a chosen level, its children a level coarser.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::grammar::Lang;
pub use crate::pack::forms::View;
use crate::pyramid::{Level, Node, NodeKind, Span};
use crate::store::Reader;

/// The text of a node at a level. `source` is cut from the file's indexed text;
/// directories and the root have none and show their outline head.
pub fn node_text(reader: &Reader, node: &Node, level: Level) -> Result<String> {
    Ok(match level {
        Level::Label => node.label.clone(),
        Level::Gist => node.gist.clone(),
        Level::Outline => node.head.clone(),
        Level::Source => match node.span {
            Some(span) if !node.kind.is_tree() => {
                let text = reader.source(&node.path)?.unwrap_or_default();
                text.get(span.start_byte as usize..span.end_byte as usize)
                    .unwrap_or_default()
                    .to_string()
            }
            _ => node.head.clone(),
        },
    })
}

/// Node texts at any level, each file read once: for answers that show many nodes of
/// the same files.
pub struct Sources<'r> {
    reader: &'r Reader,
    /// Each file's text on disk with where its lines start (`None`: unreadable), then
    /// its indexed text.
    disk: HashMap<String, Option<(String, Vec<usize>)>>,
    indexed: HashMap<String, String>,
}

impl<'r> Sources<'r> {
    /// Texts read from this index.
    pub fn new(reader: &'r Reader) -> Sources<'r> {
        Sources {
            reader,
            disk: HashMap::new(),
            indexed: HashMap::new(),
        }
    }

    /// A node's text at a level, as [`node_text`] gives it.
    pub fn text(&mut self, node: &Node, level: Level) -> Result<String> {
        if level != Level::Source || node.kind.is_tree() {
            return node_text(self.reader, node, level);
        }
        let span = node.span.unwrap_or(Span::whole(""));
        let range = span.start_byte as usize..span.end_byte as usize;
        // From disk when the node is there as indexed, at the same line: cheaper than
        // the index's copy of the whole file, and than the manifest's hashes.
        let root = &self.reader.location().repo_root;
        let disk = self.disk.entry(node.path.clone()).or_insert_with(|| {
            let bytes = crate::walk::read_file(&root.join(&node.path)).ok()??;
            let text = crate::walk::check_content(bytes).ok()?;
            let starts = line_starts(&text);
            Some((text, starts))
        });
        if let Some((text, starts)) = disk
            && let Some(part) = text.get(range.clone())
            && crate::pyramid::short_hash(part.as_bytes()) == node.hash
            && starts.partition_point(|&start| start <= range.start) == span.start_line as usize
        {
            return Ok(part.to_string());
        }
        if !self.indexed.contains_key(&node.path) {
            let text = self.reader.source(&node.path)?.unwrap_or_default();
            self.indexed.insert(node.path.clone(), text);
        }
        Ok(self.indexed[&node.path]
            .get(range)
            .unwrap_or_default()
            .to_string())
    }
}

/// A view's text from byte `offset` on (0: all of it): the rest of a text an answer
/// cut at its budget named. Returns how many lines were skipped, so that numbering
/// goes on from there.
pub fn skip_to_offset(view: &mut View, offset: usize) -> Result<u32> {
    let length = view.text.len();
    if offset == 0 {
        return Ok(0);
    }
    if offset >= length {
        return Err(Error::InvalidArgument(format!(
            "offset {offset} is past the end of the text of `{}` at level `{}` ({length} bytes): give 0 to {}",
            view.node.id,
            view.level,
            length.saturating_sub(1)
        )));
    }
    let from = crate::pack::floor_boundary(&view.text, offset);
    let skipped = view.text[..from].matches('\n').count() as u32;
    view.text.replace_range(..from, "");
    Ok(skipped)
}

/// Most syntax error lines a view names.
const MAX_ERROR_LINES: usize = 5;

/// Where a node marked with syntax errors has them, parsed again from the indexed
/// text (one file, at the price of its parse): "has syntax errors" alone sends a
/// reader looking for a broken edit where the grammar may only not know the code's
/// dialect (Python 2).
fn error_lines(reader: &Reader, node: &Node) -> Vec<u32> {
    let (true, Some(lang)) = (node.has_errors, node.lang) else {
        return Vec::new();
    };
    // Detail for a title: a text that cannot be read leaves it out, not the answer.
    let Ok(Some(text)) = reader.source(&node.path) else {
        return Vec::new();
    };
    let within = node.span.map_or(0..text.len(), |s| {
        s.start_byte as usize..s.end_byte as usize
    });
    crate::parse::error_lines(lang, &text, within, MAX_ERROR_LINES)
}

/// The level children are shown at under a parent at `level`: one coarser, except
/// under `source`, whose text already holds theirs: there they are an index at `gist`.
fn child_level(level: Level) -> Level {
    match level {
        Level::Source => Level::Gist,
        other => other.coarser(),
    }
}

/// Looks up a node and renders it at `level` with `depth` levels of children. An id
/// followed by a line range (`src/x.py:40-90`, `src/x.py:48`) shows those lines of its
/// file instead, at `source`.
pub fn zoom(reader: &Reader, id: &str, level: Level, depth: u32) -> Result<View> {
    if reader.node(id.trim())?.is_none()
        && let Some((target, first, last)) = split_line_range(id.trim())
    {
        return lines(reader, target, first, last);
    }
    let node = find(reader, id)?;
    // A text file that is no code, at `outline`: its headings with their lines.
    if node.kind == NodeKind::File && node.lang.is_none() && level == Level::Outline {
        let stale = file_changed(reader, &node);
        let text = reader.source(&node.path)?.unwrap_or_default();
        return Ok(text_outline(node, &text, stale));
    }
    let mut root = if level == Level::Source && !node.kind.is_tree() {
        // The file is read from disk anyway, to tell whether it changed: when it did
        // not, its text is the indexed one (the index keeps a file's bytes as they are,
        // and their hash), and is cut from it instead of being loaded from the index,
        // which costs as much as the file is long, however small the node.
        match unchanged_text(reader, &node) {
            Some(text) => {
                let text = span_text(&text, node.span);
                View {
                    node,
                    level,
                    text,
                    children: Vec::new(),
                    hidden_children: 0,
                    stale: false,
                    error_lines: Vec::new(),
                }
            }
            None => {
                let stale = file_changed(reader, &node);
                view(reader, node, level, stale)?
            }
        }
    } else {
        view(reader, node, level, false)?
    };
    root.error_lines = error_lines(reader, &root.node);
    // Breadth-first with an explicit queue of paths, so deep trees cannot overflow the stack.
    let mut frontier: Vec<Vec<usize>> = vec![Vec::new()];
    for _ in 0..depth {
        if frontier.is_empty() {
            break;
        }
        let mut next = Vec::new();
        for path in frontier {
            let parent = at(&mut root, &path);
            let children = reader.children(&parent.node)?;
            let level = child_level(parent.level);
            for (i, child) in children.into_iter().enumerate() {
                let mut child_view = view(reader, child, level, false)?;
                if let Some(line) = signature_line(&child_view) {
                    child_view.text = line;
                }
                at(&mut root, &path).children.push(child_view);
                let mut child_path = path.clone();
                child_path.push(i);
                next.push(child_path);
            }
            let parent = at(&mut root, &path);
            parent.hidden_children = parent
                .node
                .children
                .saturating_sub(parent.children.len() as u32);
        }
        frontier = next;
    }
    for path in frontier {
        let leaf = at(&mut root, &path);
        leaf.hidden_children = leaf.node.children;
    }
    drop_listing(&mut root);
    Ok(root)
}

/// A directory whose children are shown keeps only the counts of its head
/// (`16 Python files, 2 dirs`), not the names that follow (`: a/, b.py, …`): the
/// children below name them all again. At every depth, without recursion.
fn drop_listing(root: &mut View) {
    let mut stack = vec![root];
    while let Some(view) = stack.pop() {
        if view.node.kind == NodeKind::Dir
            && let Some(first) = view.children.first()
        {
            let name = first.node.path.rsplit('/').next().unwrap_or_default();
            if let Some((counts, names)) = view.text.split_once(": ")
                && counts.starts_with(|c: char| c.is_ascii_digit())
                && names.starts_with(name)
            {
                let keep = counts.len();
                view.text.truncate(keep);
            }
        }
        stack.extend(view.children.iter_mut());
    }
}

/// An id followed by a line range, `ID:FIRST-LAST` or `ID:LINE`: the id and the
/// range (1-based, inclusive). `None` for anything else, `a::b` included.
pub fn split_line_range(id: &str) -> Option<(&str, u32, u32)> {
    let (target, range) = id.rsplit_once(':')?;
    if target.is_empty() || target.ends_with(':') {
        return None;
    }
    let number = |text: &str| -> Option<u32> {
        (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten()
    };
    let (first, last) = match range.split_once('-') {
        Some((first, last)) => (number(first)?, number(last)?),
        None => (number(range)?, number(range)?),
    };
    Some((target, first, last))
}

/// Most line ranges one id names.
pub const MAX_RANGES: usize = 10;

/// An id followed by several line ranges, `ID:1-20,828-839`: one id a range, in the
/// order written (at most [`MAX_RANGES`]). `None` unless there are two or more.
pub fn split_ranges(id: &str) -> Option<Vec<String>> {
    let (target, ranges) = id.rsplit_once(':')?;
    if !ranges.contains(',') {
        return None;
    }
    let ids: Vec<String> = ranges
        .split(',')
        .map(|range| format!("{target}:{}", range.trim()))
        .collect();
    let valid = ids.len() <= MAX_RANGES && ids.iter().all(|id| split_line_range(id).is_some());
    valid.then_some(ids)
}

/// The ids one zoom call shows, in the order given: an id with several line ranges
/// (`FILE:1-20,80-90`) as one id a range. At most [`MAX_RANGES`] in all.
pub fn zoom_ids(ids: &[String]) -> Result<Vec<String>> {
    let all: Vec<String> = ids
        .iter()
        .flat_map(|id| split_ranges(id).unwrap_or_else(|| vec![id.clone()]))
        .collect();
    if all.len() > MAX_RANGES {
        return Err(Error::InvalidArgument(format!(
            "{} ids and line ranges in one zoom; at most {MAX_RANGES}: split them over several calls",
            all.len()
        )));
    }
    Ok(all)
}

/// The line range `around` a line with `context` lines each side, as an id suffix
/// gives it: `48` with 10 → 38-58 (from line 1 at least).
pub fn around(line: u32, context: u32) -> (u32, u32) {
    (
        line.saturating_sub(context).max(1),
        line.saturating_add(context),
    )
}

/// Lines `first..=last` of the file that holds a node (`last` past the end: to the
/// end), as a `source` view of the file whose span is those lines.
fn lines(reader: &Reader, target: &str, first: u32, last: u32) -> Result<View> {
    let node = find(reader, target)?;
    if node.kind.is_tree() {
        return Err(Error::InvalidArgument(format!(
            "`{}` is a directory: a line range reads a file, e.g. `{}FILE:{first}-{last}`",
            node.id,
            if node.id == "." { "" } else { &node.id }
        )));
    }
    let file = if node.kind == crate::pyramid::NodeKind::File {
        node
    } else {
        find(reader, &node.path)?
    };
    let (text, stale) = match unchanged_text(reader, &file) {
        Some(text) => (text, false),
        None => (
            reader.source(&file.path)?.unwrap_or_default(),
            file_changed(reader, &file),
        ),
    };
    range_view(file, &text, first, last, stale)
}

/// A text file that is no code pyramid parses at `outline`: the lines that head its
/// parts (Markdown `#` headings, reST titles, TOML `[tables]`, top-level YAML keys,
/// the unindented lines of other code), each with its line number, so that a line
/// range or a section can be asked next.
fn text_outline(file: Node, text: &str, stale: bool) -> View {
    let total = text.lines().count().max(1);
    let heads = crate::pyramid::headings(&file.path, text);
    let mut out = String::new();
    if heads.is_empty() {
        out.push_str(&format!(
            "no headings: read lines with `{}:1-{}`\n",
            file.id,
            total.min(40)
        ));
    }
    for head in heads.iter().take(MAX_HEADINGS) {
        out.push_str(&crate::pack::forms::numbered_line(head.line, &head.text));
        out.push('\n');
    }
    if heads.len() > MAX_HEADINGS {
        out.push_str(&format!(
            "… {} more\n",
            crate::words::plural(heads.len() - MAX_HEADINGS, "heading")
        ));
    }
    View {
        text: out,
        node: file,
        level: Level::Outline,
        children: Vec::new(),
        hidden_children: 0,
        stale,
        error_lines: Vec::new(),
    }
}

/// Most headings a text file's outline lists.
const MAX_HEADINGS: usize = 200;

/// Lines `first..=last` of a file's text as a `source` view whose span is those lines.
fn range_view(file: Node, text: &str, first: u32, last: u32, stale: bool) -> Result<View> {
    if first == 0 || first > last {
        return Err(Error::InvalidArgument(format!(
            "`{first}-{last}` is no line range: give FIRST-LAST with 1 ≤ FIRST ≤ LAST, e.g. `{}:1-40`",
            file.id
        )));
    }
    let starts = line_starts(text);
    let total = starts.len() as u32;
    if first > total {
        return Err(Error::InvalidArgument(format!(
            "line {first} is past the end of `{}` ({}): give a range within it",
            file.id,
            crate::words::plural(total as usize, "line")
        )));
    }
    let last = last.min(total);
    let start_byte = starts[first as usize - 1];
    let end_byte = starts.get(last as usize).copied().unwrap_or(text.len());
    let span = Span {
        start_line: first,
        end_line: last,
        start_byte: start_byte as u32,
        end_byte: end_byte as u32,
    };
    Ok(View {
        text: text[start_byte..end_byte].to_string(),
        node: Node {
            span: Some(span),
            ..file
        },
        level: Level::Source,
        children: Vec::new(),
        hidden_children: 0,
        stale,
        error_lines: Vec::new(),
    })
}

/// Where each line of a text starts, in bytes (a final line break starts no line).
pub(super) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .filter(|&at| at < text.len())
        .collect()
}

/// For a definition shown at `label` under its parent, its signature's first line
/// instead: a label restates the name its id already shows, the signature says how it
/// is called (`def matches(self, scope: Scope) -> bool:`).
fn signature_line(view: &View) -> Option<String> {
    let node = &view.node;
    if view.level != Level::Label || node.kind.is_tree() || node.kind == NodeKind::File {
        return None;
    }
    // A signature over several lines, on one: `def f(\n    a,\n    b\n):` as `def f(a, b):`.
    let mut line = String::new();
    for part in node.signature.split_whitespace() {
        let joins = line.ends_with(['(', '[', '<']) || part.starts_with([')', ']', '>', ',']);
        if !line.is_empty() && !joins {
            line.push(' ');
        }
        line.push_str(part);
    }
    if line.chars().count() > MAX_SIGNATURE_CHARS {
        line = line.chars().take(MAX_SIGNATURE_CHARS).collect::<String>() + " …";
    }
    (!line.is_empty()).then_some(line)
}

/// Most characters of a signature shown on one line of an outline.
const MAX_SIGNATURE_CHARS: usize = 160;

/// The view at a path of child indices below `root`.
pub(super) fn at<'a>(root: &'a mut View, path: &[usize]) -> &'a mut View {
    let mut view = root;
    for &i in path {
        view = &mut view.children[i];
    }
    view
}

fn view(reader: &Reader, node: Node, level: Level, stale: bool) -> Result<View> {
    let text = node_text(reader, &node, level)?;
    Ok(View {
        node,
        level,
        text,
        children: Vec::new(),
        hidden_children: 0,
        stale,
        error_lines: Vec::new(),
    })
}

/// The node with this id, or an error suggesting close ids.
pub fn find(reader: &Reader, id: &str) -> Result<Node> {
    let id = id.trim();
    if id.is_empty() {
        return Err(Error::InvalidArgument(
            "empty id: give a node id such as `.`, `src/`, `src/lib.rs` or `src/lib.rs::main`"
                .into(),
        ));
    }
    if let Some(node) = reader.node(id)? {
        return Ok(node);
    }
    // Forgiving spellings that name exactly one node: a directory without its slash,
    // a leading `./`, a trailing `/` on a file.
    let variants = [
        format!("{id}/"),
        id.trim_start_matches("./").to_string(),
        id.trim_end_matches('/').to_string(),
    ];
    for variant in variants {
        if variant != id
            && !variant.is_empty()
            && let Some(node) = reader.node(&variant)?
        {
            return Ok(node);
        }
    }
    // A bare name (`load`) or the end of an id (`Config::load`) naming one definition.
    if let Some(node) = by_name(reader, id)? {
        return Ok(node);
    }
    Err(Error::UnknownId {
        id: id.to_string(),
        suggestions: suggestions(&reader.ids()?, id),
    })
}

/// The one definition a bare name (`load`) or the tail of an id (`Config::load`)
/// stands for; an error naming them when several do, `None` when none does.
fn by_name(reader: &Reader, written: &str) -> Result<Option<Node>> {
    let written = written.trim();
    let name = written.rsplit([':', '.']).next().unwrap_or(written);
    if name.is_empty() || written.contains('/') {
        return Ok(None);
    }
    let tail = format!("::{}", written.replace('.', "::"));
    let Some(named) = reader.named(name, MAX_NAMED)? else {
        return Ok(None);
    };
    let mut fitting: Vec<Node> = named
        .into_iter()
        .filter(|node| node.id.ends_with(&tail))
        .collect();
    if fitting.len() > 1 && fitting.len() <= MAX_PAIRED {
        // A function declared in one place and defined in another (a C prototype in a
        // header, the function in its source file): the definition.
        let mut sources = Sources::new(reader);
        let mut defining = Vec::new();
        for node in &fitting {
            if !declares(&mut sources, node)? {
                defining.push(node);
            }
        }
        let family = |n: &Node| n.lang.map(Lang::family);
        if let [one] = defining[..]
            && fitting
                .iter()
                .all(|n| n.kind == one.kind && family(n) == family(one))
        {
            return Ok(Some(one.clone()));
        }
    }
    match fitting.len() {
        0 => Ok(None),
        1 => Ok(fitting.pop()),
        _ => Err(names_several(written, "definitions", &fitting)),
    }
}

/// The error for a name that stands for several definitions (`what`: "definitions",
/// or which ones): the first ten ids, to give one of them instead.
pub(super) fn names_several<N: std::borrow::Borrow<Node>>(
    written: &str,
    what: &str,
    nodes: &[N],
) -> Error {
    let ids: Vec<String> = (nodes.iter().take(10))
        .map(|n| format!("`{}`", n.borrow().id))
        .collect();
    Error::InvalidArgument(format!(
        "`{written}` names {} {what}: give one id, e.g. {}",
        nodes.len(),
        ids.join(", ")
    ))
}

/// Most definitions of a bare name looked at.
const MAX_NAMED: usize = 50;

/// Most definitions of one name read to tell declarations from the definition.
const MAX_PAIRED: usize = 4;

/// Whether a function is a declaration whose definition stands elsewhere: its source
/// ends with `;` (a C prototype, a trait's method without a body).
pub(super) fn declares(sources: &mut Sources, node: &Node) -> Result<bool> {
    Ok(matches!(node.kind, NodeKind::Function | NodeKind::Method)
        && sources.text(node, Level::Source)?.trim_end().ends_with(';'))
}

/// Up to five ids close to a wanted one: same name first, then by edit distance.
pub fn suggestions(ids: &[String], wanted: &str) -> Vec<String> {
    let wanted_lower = wanted.to_lowercase();
    let wanted_name = last_segment(&wanted_lower);
    let mut scored: Vec<(usize, &String)> = ids
        .iter()
        .map(|id| {
            let lower = id.to_lowercase();
            let score = if lower.ends_with(&wanted_lower) {
                0
            } else if last_segment(&lower) == wanted_name {
                1
            } else {
                // A name written without its file (`Config::lod`) is compared with the
                // end of each id of as many segments.
                let tail = match wanted_lower.contains('/') {
                    true => lower.as_str(),
                    false => {
                        let segments = wanted_lower.matches("::").count() + 1;
                        let at = lower.rmatch_indices("::").nth(segments - 1);
                        at.map_or(lower.as_str(), |(i, _)| &lower[i + 2..])
                    }
                };
                2 + edit_distance(tail, &wanted_lower)
            };
            (score, id)
        })
        .collect();
    scored.sort();
    let limit = 2 + wanted.len() / 3;
    scored
        .into_iter()
        .filter(|(s, _)| *s <= limit)
        .take(5)
        .map(|(_, id)| id.clone())
        .collect()
}

fn last_segment(id: &str) -> &str {
    let id = id.trim_end_matches('/');
    let id = id.rsplit("::").next().unwrap_or(id);
    id.rsplit('/').next().unwrap_or(id)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(current + 1);
            prev = current;
        }
    }
    row[b.len()]
}

/// The text of a node's file on disk when it is the indexed one (same hash), decoded.
fn unchanged_text(reader: &Reader, node: &Node) -> Option<String> {
    let hash = reader.file_hash(&node.path).ok()??;
    match crate::walk::read_file(&reader.location().repo_root.join(&node.path)) {
        // Decoded as the indexer decodes it (a declared encoding, lone CRs), so the
        // text is the indexed one byte for byte.
        Ok(Some(bytes)) if blake3::hash(&bytes).to_hex().as_str() == hash => {
            crate::walk::check_content(bytes).ok()
        }
        _ => None,
    }
}

/// The part of a text a span covers; empty when it does not fit the text.
fn span_text(text: &str, span: Option<Span>) -> String {
    let span = span.unwrap_or(Span::whole(""));
    text.get(span.start_byte as usize..span.end_byte as usize)
        .unwrap_or_default()
        .to_string()
}

/// Whether a node's file differs on disk from the indexed text.
pub(super) fn file_changed(reader: &Reader, node: &Node) -> bool {
    // A file the index does not know cannot have changed since; an unreadable
    // manifest fails the caller's next read, with the reason.
    let Ok(Some(hash)) = reader.file_hash(&node.path) else {
        return false;
    };
    match crate::walk::read_file(&reader.location().repo_root.join(&node.path)) {
        Ok(Some(bytes)) => blake3::hash(&bytes).to_hex().as_str() != hash,
        Ok(None) | Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_prefer_suffixes_and_names() {
        let ids: Vec<String> = [
            "src/a.rs",
            "src/a.rs::Parser",
            "src/a.rs::Parser::parse",
            "src/b.rs::parse_all",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            suggestions(&ids, "Parser::parse")[0],
            "src/a.rs::Parser::parse"
        );
        assert_eq!(
            suggestions(&ids, "src/a.rs::Parser::prase")[0],
            "src/a.rs::Parser::parse"
        );
        assert!(suggestions(&ids, "completely::different::thing").is_empty());
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
