//! The forms whose tokens a budget is spent on: blocks of slices and genes, lines of
//! outlines and overviews, and the markers that say what was left out. They live
//! below query and render alike, so that the packer measures exactly what the
//! renderer prints.

use std::fmt::Write;

use serde::Serialize;

use crate::grammar::Lang;
use crate::pyramid::{Level, Node, NodeKind, Span};
use crate::words::plural;

/// A node rendered at a level, with the children shown beneath it.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// The node.
    pub node: Node,
    /// The level its text is at.
    pub level: Level,
    /// Its text at that level.
    pub text: String,
    /// Children shown, in tree order.
    pub children: Vec<View>,
    /// Children not shown (beyond the depth or the budget).
    pub hidden_children: u32,
    /// The file changed on disk since it was indexed: `source` is the indexed text.
    pub stale: bool,
    /// Where the node's syntax errors are (their first lines), when it has some and
    /// they were looked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub error_lines: Vec<u32>,
}

/// The first line of every slice: how to read it.
pub const SLICE_PREAMBLE: &str = "Slice: matching code in full, related code in one line each, the rest folded. Expand any id with `pyramid zoom ID`.\n";

/// A block placed in a slice's tree: its depth (the root is 0) and the children it
/// does not show.
pub struct Placed<'a> {
    /// The block.
    pub block: Block<'a>,
    /// Depth in the tree.
    pub depth: usize,
    /// Children not shown, counted by its fold marker.
    pub hidden_children: u32,
}

/// The whole slice, in the order of `entries` (tree order, each with its depth).
pub fn slice(entries: &[Placed]) -> String {
    let mut out = String::from(SLICE_PREAMBLE);
    // Entries with children shown whose subtree is still open: a fold marker closes
    // each, counting the children left out. Leaves need none: their id is zoomable.
    let mut open: Vec<&Placed> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        close_until(&mut out, &mut open, entry.depth);
        out.push_str(&block(&entry.block));
        if entries
            .get(i + 1)
            .is_some_and(|next| next.depth > entry.depth)
        {
            open.push(entry);
        } else if entry.hidden_children > 0 && entry.block.level >= Level::Outline {
            // A block without its children (a Rust type without its methods).
            out.push_str(&fold_marker(entry.hidden_children, entry.block.id));
        }
    }
    close_until(&mut out, &mut open, 0);
    out
}

/// Closes the open entries at `depth` or deeper, innermost first.
fn close_until(out: &mut String, open: &mut Vec<&Placed>, depth: usize) {
    while let Some(entry) = open.pop_if(|o| o.depth >= depth) {
        if entry.hidden_children > 0 {
            out.push_str(&fold_marker(entry.hidden_children, entry.block.id));
        }
    }
}

/// A node shown at a level: what a block of a slice or a gene is made of.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    /// Node id.
    pub id: &'a str,
    /// Node kind.
    pub kind: NodeKind,
    /// Language, for the code fence.
    pub lang: Option<Lang>,
    /// Where it is, for the line range.
    pub span: Option<Span>,
    /// How much of it is shown.
    pub level: Level,
    /// Its text at `level`.
    pub text: &'a str,
    /// Lines of its source left out at the end.
    pub cut_lines: u32,
    /// Lines of its source left out at the start (a long source is shown around what
    /// the task names).
    pub skipped_lines: u32,
}

/// A node as a block: a heading with its source in a code block, its outline, or
/// one line with its gist.
pub fn block(node: &Block) -> String {
    let mut out = String::new();
    let lines = lines(node);
    let heading = if node.kind == NodeKind::File {
        "###"
    } else {
        "####"
    };
    match (node.kind, node.level) {
        (NodeKind::Repo | NodeKind::Dir, _) => {
            let _ = writeln!(out, "\n## {}{}", node.id, dash(said(node)));
        }
        (_, Level::Source) => {
            let fence = fence_for(node.text);
            let lang = node.lang.map_or("", |l| l.name());
            let _ = writeln!(out, "\n{heading} {}{lines}", node.id);
            if node.skipped_lines > 0 {
                let _ = writeln!(out, "… {} above", plural(node.skipped_lines, "line"));
            }
            let _ = writeln!(out, "{fence}{lang}");
            out.push_str(node.text);
            if !node.text.ends_with('\n') {
                out.push('\n');
            }
            let _ = writeln!(out, "{fence}");
            if node.cut_lines > 0 {
                let _ = writeln!(
                    out,
                    "… {}: pyramid zoom {} --level source",
                    plural(node.cut_lines, "more line"),
                    node.id
                );
            }
        }
        (_, Level::Outline) => {
            let _ = writeln!(out, "\n{heading} {}{lines} ({})", node.id, node.kind);
            if !node.text.is_empty() {
                out.push_str(node.text);
                if !node.text.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
        (NodeKind::File, _) => {
            let _ = writeln!(out, "\n### {}{}", node.id, dash(said(node)));
        }
        _ => out.push_str(&block_line(node)),
    }
    out
}

/// A heading's text: none when it only says the node's name.
fn said<'a>(node: &Block<'a>) -> &'a str {
    match only_names(node.text, node.id, node.kind) {
        true => "",
        false => node.text,
    }
}

/// A node as one line: `- id L3-9 — gist`.
pub fn block_line(node: &Block) -> String {
    let text = node.text.lines().next().unwrap_or_default();
    format!("- {}{}{}\n", node.id, lines(node), dash(text))
}

/// The fold marker for children of an entry that are not shown.
pub fn fold_marker(hidden: u32, id: &str) -> String {
    let noun = if hidden == 1 { "item" } else { "items" };
    format!("… {hidden} more {noun}: pyramid zoom {id}\n")
}

fn lines(node: &Block) -> String {
    if node.kind == NodeKind::File {
        String::new()
    } else {
        span_text(node.span)
    }
}

fn dash(text: &str) -> String {
    let text = text.lines().next().unwrap_or_default().trim();
    if text.is_empty() {
        String::new()
    } else {
        format!(" — {text}")
    }
}

/// A line of source with its number, as `zoom` and `search --show` write it: `9\tx = 1`.
/// A tab aligns the lines on a terminal without padding the numbers, which costs
/// tokens: numbers right-aligned to the widest and two spaces took 8% more o200k tokens
/// over the first 150 lines of 20 files, 1.6% more over the 49 numbered answers of the
/// agent runs 13–16.
pub fn numbered_line(n: u32, line: &str) -> String {
    format!("{n}\t{line}")
}

/// ` L3` or ` L3-9`, nothing without a span.
pub fn span_text(span: Option<Span>) -> String {
    match span {
        Some(span) if span.start_line == span.end_line => format!(" L{}", span.start_line),
        Some(span) => format!(" L{}-{}", span.start_line, span.end_line),
        None => String::new(),
    }
}

/// Whether a text says no more than a node's name (or a file's name without its
/// extension), its words apart: `jinja 2` of `jinja2/`, `writer` of `writer.rs`.
fn only_names(text: &str, id: &str, kind: NodeKind) -> bool {
    let letters = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let name = id
        .trim_end_matches('/')
        .rsplit(['/', ':'])
        .next()
        .unwrap_or_default();
    let stem = match kind {
        NodeKind::File => name.rsplit_once('.').map_or(name, |(stem, _)| stem),
        _ => name,
    };
    let said = letters(text);
    !said.is_empty() && (said == letters(name) || said == letters(stem))
}

/// A view's title, without its newline: `id (kind, lang, lines 3-9) [level]`.
pub fn view_title(view: &View) -> String {
    let node = &view.node;
    let mut out = format!("{} ({}", node.id, node.kind);
    if let Some(lang) = node.lang {
        let _ = write!(out, ", {lang}");
    }
    if let Some(span) = node.span {
        let _ = write!(out, ", lines {}-{}", span.start_line, span.end_line);
    }
    if node.has_errors {
        out.push_str(", has syntax errors");
        if let (Some(lang), false) = (node.lang, view.error_lines.is_empty()) {
            let lines: Vec<String> = view.error_lines.iter().map(u32::to_string).collect();
            let _ = write!(
                out,
                " at line{} {} by the {lang} grammar",
                if lines.len() == 1 { "" } else { "s" },
                lines.join(", ")
            );
        }
    }
    let _ = write!(out, ") [{}]", view.level);
    out
}

/// The first lines of a view: its title, then its text.
pub fn render_view_header(view: &View) -> String {
    let mut out = view_title(view);
    out.push('\n');
    if !view.text.is_empty() {
        out.push_str(&view.text);
        if !view.text.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// One child on one line, indented by depth: `  - id L3-9 — gist (+4)`; the text left
/// out when it only says the name the id ends with (`src/store/ — store`).
pub fn render_line(view: &View, depth: usize) -> String {
    let indent = "  ".repeat(depth.saturating_sub(1));
    let text = view.text.lines().next().unwrap_or_default();
    let mut line = format!("{indent}- {}{}", view.node.id, span_text(view.node.span));
    if !text.is_empty() && !only_names(text, &view.node.id, view.node.kind) {
        let _ = write!(line, " — {text}");
    }
    if view.node.has_errors {
        line.push_str(" [syntax errors]");
    }
    if view.children.is_empty() && view.hidden_children > 0 {
        let _ = write!(line, " (+{})", view.hidden_children);
    }
    line.push('\n');
    line
}

/// The marker for children left out: `  … 14 more (pyramid zoom src/store/)`.
pub fn render_fold(hidden: usize, parent_id: &str, depth: usize) -> String {
    let indent = "  ".repeat(depth.saturating_sub(1));
    format!("{indent}… {hidden} more (pyramid zoom {parent_id})\n")
}

/// For a view shown without its children: how many there are and how to see them.
pub fn render_hidden_note(view: &View) -> String {
    if view.hidden_children == 0 || view.level == Level::Source {
        return String::new();
    }
    let noun = if view.hidden_children == 1 {
        "child"
    } else {
        "children"
    };
    format!(
        "\n{} {noun} not shown (pyramid zoom {} --depth 1)\n",
        view.hidden_children, view.node.id
    )
}

/// A view with its children, depth-first in tree order.
pub fn render_view(view: &View) -> String {
    let mut out = render_view_header(view);
    out.push_str(&render_view_children(view));
    out
}

/// The lines of a view after its own text: its children, folds and hidden note, as
/// [`render_view`] prints them.
pub fn render_view_children(view: &View) -> String {
    let mut out = String::new();
    if !view.children.is_empty() {
        out.push('\n');
    }
    // (view, depth, next child index)
    let mut stack: Vec<(&View, usize, usize)> = vec![(view, 0, 0)];
    while let Some((current, depth, next)) = stack.pop() {
        if next < current.children.len() {
            stack.push((current, depth, next + 1));
            let child = &current.children[next];
            out.push_str(&render_line(child, depth + 1));
            stack.push((child, depth + 1, 0));
        } else if !current.children.is_empty() && current.hidden_children > 0 {
            out.push_str(&render_fold(
                current.hidden_children as usize,
                &current.node.id,
                depth + 1,
            ));
        }
    }
    if view.children.is_empty() {
        out.push_str(&render_hidden_note(view));
    }
    out
}

/// A code fence longer than any run of backticks in the text.
pub fn fence_for(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}
