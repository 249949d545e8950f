//! Markdown rendering of slices: headers for directories and files, code blocks for
//! source, one line per gist, and fold markers saying how to see what was left out.
//! Every node shows its id, so an agent can zoom further from any line.

use std::fmt::Write;

use crate::grammar::Lang;
use crate::pyramid::{Level, NodeKind, Span};
use crate::query::SliceEntry;
use crate::render::text::plural;
use crate::semport::{Plan, PlanUnit, Step};

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
    /// Lines of its source left out at the start (a long source is shown around what
    /// the task names).
    pub skipped_lines: u32,
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
            skipped_lines: entry.skipped_lines,
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

/// A port plan: its steps in order, each unit with its source, what it uses, its
/// outside APIs and its skeleton.
pub fn plan(plan: &Plan) -> String {
    let mut out = plan_header(plan);
    for step in &plan.steps {
        out.push_str(&plan_step(step, plan.to));
    }
    out
}

/// The first lines of a plan: its scope and size.
pub fn plan_header(plan: &Plan) -> String {
    format!(
        "# Port plan: {} → {}\n{} in {}, leaves first: a step uses only earlier steps. {} already ported.\n",
        plan.scope,
        plan.to,
        plural(plan.units, "unit"),
        plural(plan.steps.len(), "step"),
        plan.ported
    )
}

/// One step of a plan.
pub fn plan_step(step: &Step, to: Lang) -> String {
    let mut out = String::new();
    let together = if step.units.len() > 1 {
        format!(
            " — {} units that use each other: port them together",
            step.units.len()
        )
    } else {
        String::new()
    };
    let _ = writeln!(out, "\n## Step {}{together}", step.number);
    for unit in &step.units {
        plan_unit(&mut out, unit, to);
    }
    out
}

fn plan_unit(out: &mut String, unit: &PlanUnit, to: Lang) {
    let lines = match unit.span {
        Some(s) if s.start_line == s.end_line => format!(" L{}", s.start_line),
        Some(s) => format!(" L{}-{}", s.start_line, s.end_line),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "\n### {} ({}){lines} · source {}",
        unit.id, unit.kind, unit.hash
    );
    if let Some(target) = &unit.ported_as {
        let _ = writeln!(out, "Ported as {target}.");
    }
    code_block(out, &unit.source, unit.lang);
    let uses: Vec<String> = unit
        .uses
        .iter()
        .map(|d| match &d.ported_as {
            Some(target) => format!("`{}` (ported as `{target}`)", d.id),
            None => format!("`{}`", d.id),
        })
        .collect();
    if !uses.is_empty() {
        let _ = writeln!(out, "Uses: {}.", uses.join(", "));
    }
    let outside: Vec<String> = unit
        .outside
        .iter()
        .map(|api| match &api.equivalent {
            Some(equivalent) => format!("`{}` → {equivalent}", api.api),
            None => format!("`{}` → ?", api.api),
        })
        .collect();
    if !outside.is_empty() {
        let _ = writeln!(out, "Outside: {}.", outside.join("; "));
    }
    let todos = match unit.skeleton.todos {
        0 => String::new(),
        n => format!(", {}", plural(n, "TODO")),
    };
    let _ = writeln!(out, "Skeleton ({to}{todos}):");
    code_block(out, &unit.skeleton.text, to);
}

fn code_block(out: &mut String, text: &str, lang: Lang) {
    let fence = fence_for(text);
    let _ = writeln!(out, "{fence}{}", lang.name());
    out.push_str(text);
    if !text.ends_with('\n') {
        out.push('\n');
    }
    let _ = writeln!(out, "{fence}");
}

/// A code fence longer than any run of backticks in the text.
fn fence_for(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}
