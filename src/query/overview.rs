//! `overview`: the top of the pyramid, breadth-first, until the token budget is spent;
//! the library's code is opened before its tests, examples, benchmarks and docs.

use std::collections::VecDeque;
use std::convert::Infallible;

use crate::error::{Error, Hint, Result};
use crate::pack::forms::{
    render_fold, render_hidden_note, render_line, render_view, render_view_header,
};
use crate::pack::{self, Fit, Packer};
use crate::pyramid::{Level, Node, NodeKind, ROOT_ID};
use crate::store::Reader;
use crate::tokens;
use crate::words::plural;

use super::search::{is_test, peripheral};
use super::zoom::{View, at, node_text};

/// Deepest level the overview descends to; deeper trees are read with `zoom`.
const MAX_DEPTH: usize = 64;

/// The overview: the root at `outline`, then as many descendants at `gist` as fit.
pub type Overview = View;

/// Builds the overview within `budget` tokens of its text rendering.
pub fn overview(reader: &Reader, budget: usize) -> Result<Overview> {
    let root_node = reader.node(ROOT_ID)?.ok_or_else(|| Error::CorruptIndex {
        path: reader.location().index_dir.clone(),
        reason: "the root node is missing".into(),
    })?;
    let root_text = node_text(reader, &root_node, Level::Outline)?;
    let mut root = View {
        hidden_children: root_node.children,
        node: root_node,
        level: Level::Outline,
        text: root_text,
        children: Vec::new(),
        stale: false,
        error_lines: Vec::new(),
    };
    // The note on hidden children is shown while no child fits: reserve it.
    let frame =
        tokens::count(&render_view_header(&root)) + tokens::count(&render_hidden_note(&root));
    let mut packer = Packer::new(budget);
    if !packer.take(frame, 0) {
        return Err(Error::Unanswerable {
            problem: format!(
                "a budget of {} is too small for the overview, whose root alone needs {frame}",
                plural(budget, "token")
            ),
            hint: Hint::RaiseBudget {
                at_least: frame,
                useful: "a useful overview needs a few hundred",
            },
        });
    }

    // Breadth-first: every directory's children before any grandchildren; the code a
    // task usually changes before tests, examples, benchmarks and docs, whose lines
    // are shown but whose contents wait for what budget is left.
    let mut queue: VecDeque<Vec<usize>> = VecDeque::from([Vec::new()]);
    let mut aside: VecDeque<Vec<usize>> = VecDeque::new();
    'expand: while let Some(path) = queue.pop_front().or_else(|| aside.pop_front()) {
        let parent = at(&mut root, &path);
        let depth = path.len() + 1;
        let children = reader.children(&parent.node)?;
        let total = children.len();
        for (i, child) in children.into_iter().enumerate() {
            let text = node_text(reader, &child, Level::Gist)?;
            let view = View {
                hidden_children: child.children,
                node: child,
                level: Level::Gist,
                text,
                children: Vec::new(),
                stale: false,
                error_lines: Vec::new(),
            };
            let cost = tokens::count(&render_line(&view, depth));
            // Keep room for the marker that says what was left out.
            let marker = tokens::count(&render_fold(
                total - i,
                &at(&mut root, &path).node.id,
                depth,
            ));
            let last = i + 1 == total;
            if !packer.take(cost, if last { 0 } else { marker }) {
                let parent = at(&mut root, &path);
                parent.hidden_children = (total - i) as u32;
                break 'expand;
            }
            let has_children = view.node.children > 0;
            let later = is_aside(&view.node);
            let parent = at(&mut root, &path);
            parent.children.push(view);
            parent.hidden_children = (total - i - 1) as u32;
            if has_children && path.len() + 1 < MAX_DEPTH {
                let mut child_path = path.clone();
                child_path.push(i);
                match later {
                    true => aside.push_back(child_path),
                    false => queue.push_back(child_path),
                }
            }
        }
    }
    trim_to_budget(&mut root, budget);
    Ok(root)
}

/// Whether a node is tests, examples, benchmarks, docs, fuzzing or scripts: a
/// directory by its own name too (`tests/`, `benches/`).
fn is_aside(node: &Node) -> bool {
    let probe = match node.kind {
        NodeKind::Dir => Node::bare(&format!("{}/x", node.path), NodeKind::File, None),
        _ => node.clone(),
    };
    is_test(&probe) || peripheral(&probe.path).is_some()
}

/// Per-line counts can differ slightly from the count of the whole text: drop the
/// last lines shown until the whole rendering fits.
fn trim_to_budget(root: &mut View, budget: usize) {
    let drop_last = |root: &mut View, _over| {
        if root.children.is_empty() {
            return Ok(false);
        }
        let mut view = &mut *root;
        while view.children.last().is_some_and(|c| !c.children.is_empty()) {
            view = view.children.last_mut().expect("checked non-empty");
        }
        view.children.pop();
        view.hidden_children += 1;
        Ok(true)
    };
    let render = |root: &mut View| Ok::<_, Infallible>(render_view(root));
    match pack::shrink_to_fit(root, budget, render, String::as_str, drop_last) {
        // Over: the root alone, which `overview` checked fits.
        Ok(Fit::Fits(_) | Fit::Over(_)) => {}
        Err(never) => match never {},
    }
}
