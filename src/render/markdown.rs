//! Markdown rendering of slices: headers for directories and files, code blocks for
//! source, one line per gist, and fold markers saying how to see what was left out.
//! Every node shows its id, so an agent can zoom further from any line.

use std::fmt::Write;

use crate::grammar::Lang;
use crate::pyramid::{Level, NodeKind, Span};
use crate::query::SliceEntry;

/// The first line of every slice: how to read it.
pub const SLICE_PREAMBLE: &str = "Slice: matching code in full, related code in one line each, the rest folded. Expand any id with `pyramid zoom ID`.\n";

/// The whole slice, in the order of `entries` (tree order, each with its depth).
pub fn slice(entries: &[SliceEntry]) -> String {
    let mut out = String::from(SLICE_PREAMBLE);
    // Entries with children shown whose subtree is still open: a fold marker closes
    // each, counting the children left out. Leaves need none: their id is zoomable.
    let mut open: Vec<&SliceEntry> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        close_until(&mut out, &mut open, entry.depth);
        out.push_str(&slice_block(entry));
        if entries
            .get(i + 1)
            .is_some_and(|next| next.depth > entry.depth)
        {
            open.push(entry);
        } else if entry.hidden_children > 0 && entry.level >= Level::Outline {
            // A block without its children (a Rust type without its methods).
            out.push_str(&fold_marker(entry.hidden_children, &entry.id));
        }
    }
    close_until(&mut out, &mut open, 0);
    out
}

/// Closes the open entries at `depth` or deeper, innermost first.
fn close_until(out: &mut String, open: &mut Vec<&SliceEntry>, depth: usize) {
    while let Some(entry) = open.pop_if(|o| o.depth >= depth) {
        if entry.hidden_children > 0 {
            out.push_str(&fold_marker(entry.hidden_children, &entry.id));
        }
    }
}

/// One entry on its own: what [`slice`] prints for it, without fold markers.
pub fn slice_block(entry: &SliceEntry) -> String {
    block(&Block::of(entry))
}

/// An entry as one line: `- id L3-9 — gist`.
pub fn slice_line(entry: &SliceEntry) -> String {
    block_line(&Block::of(entry))
}

/// A node shown at a level: what a block of a slice or a gene is made of.
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
}

impl<'a> Block<'a> {
    fn of(entry: &'a SliceEntry) -> Block<'a> {
        Block {
            id: &entry.id,
            kind: entry.kind,
            lang: entry.lang,
            span: entry.span,
            level: entry.level,
            text: &entry.text,
            cut_lines: entry.cut_lines,
        }
    }
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
            let _ = writeln!(out, "\n## {}{}", node.id, dash(node.text));
        }
        (_, Level::Source) => {
            let fence = fence_for(node.text);
            let lang = node.lang.map_or("", |l| l.name());
            let _ = writeln!(out, "\n{heading} {}{lines}", node.id);
            let _ = writeln!(out, "{fence}{lang}");
            out.push_str(node.text);
            if !node.text.ends_with('\n') {
                out.push('\n');
            }
            let _ = writeln!(out, "{fence}");
            if node.cut_lines > 0 {
                let _ = writeln!(
                    out,
                    "… {} more lines: pyramid zoom {} --level source",
                    node.cut_lines, node.id
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
            let _ = writeln!(out, "\n### {}{}", node.id, dash(node.text));
        }
        _ => out.push_str(&block_line(node)),
    }
    out
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
    match node.span {
        Some(span) if node.kind != NodeKind::File && span.start_line == span.end_line => {
            format!(" L{}", span.start_line)
        }
        Some(span) if node.kind != NodeKind::File => {
            format!(" L{}-{}", span.start_line, span.end_line)
        }
        _ => String::new(),
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

/// A code fence longer than any run of backticks in the text.
fn fence_for(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}
