//! Markdown rendering of slices: headers for directories and files, code blocks for
//! source, one line per gist, and fold markers saying how to see what was left out.
//! Every node shows its id, so an agent can zoom further from any line.

use std::fmt::Write;

use crate::pyramid::{Level, NodeKind};
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
    let mut out = String::new();
    let lines = lines(entry);
    match (entry.kind, entry.level) {
        (NodeKind::Repo | NodeKind::Dir, _) => {
            let _ = writeln!(out, "\n## {}{}", entry.id, dash(&entry.text));
        }
        (_, Level::Source) => {
            let fence = fence_for(&entry.text);
            let lang = entry.lang.map_or("", |l| l.name());
            let heading = if entry.kind == NodeKind::File {
                "###"
            } else {
                "####"
            };
            let _ = writeln!(out, "\n{heading} {}{lines}", entry.id);
            let _ = writeln!(out, "{fence}{lang}");
            out.push_str(&entry.text);
            if !entry.text.ends_with('\n') {
                out.push('\n');
            }
            let _ = writeln!(out, "{fence}");
            if entry.cut_lines > 0 {
                let _ = writeln!(
                    out,
                    "… {} more lines: pyramid zoom {} --level source",
                    entry.cut_lines, entry.id
                );
            }
        }
        (_, Level::Outline) => {
            let heading = if entry.kind == NodeKind::File {
                "###"
            } else {
                "####"
            };
            let _ = writeln!(out, "\n{heading} {}{lines} ({})", entry.id, entry.kind);
            if !entry.text.is_empty() {
                out.push_str(&entry.text);
                if !entry.text.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
        (NodeKind::File, _) => {
            let _ = writeln!(out, "\n### {}{}", entry.id, dash(&entry.text));
        }
        _ => out.push_str(&slice_line(entry)),
    }
    out
}

/// An entry as one line: `- id L3-9 — gist`.
pub fn slice_line(entry: &SliceEntry) -> String {
    let text = entry.text.lines().next().unwrap_or_default();
    format!("- {}{}{}\n", entry.id, lines(entry), dash(text))
}

/// The fold marker for children of an entry that are not shown.
pub fn fold_marker(hidden: u32, id: &str) -> String {
    let noun = if hidden == 1 { "item" } else { "items" };
    format!("… {hidden} more {noun}: pyramid zoom {id}\n")
}

fn lines(entry: &SliceEntry) -> String {
    match entry.span {
        Some(span) if entry.kind != NodeKind::File && span.start_line == span.end_line => {
            format!(" L{}", span.start_line)
        }
        Some(span) if entry.kind != NodeKind::File => {
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
