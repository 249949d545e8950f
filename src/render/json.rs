//! JSON rendering. The node schema is a contract:
//!
//! ```json
//! {"id": "src/a.rs::Parser::parse", "kind": "method", "lang": "rust", "path": "src/a.rs",
//!  "span": {"start_line": 3, "end_line": 9, "start_byte": 40, "end_byte": 180},
//!  "level": "outline", "text": "…", "children": [], "hidden_children": 0,
//!  "hash": "0123456789abcdef", "has_errors": false, "stale": false}
//! ```
//!
//! `span` and `lang` are `null` for directories and the root; `children` holds nodes of
//! the same shape; `hidden_children` counts children not shown.

use serde_json::{Value, json};

use crate::query::View;

/// A view as a JSON value of the documented schema.
pub fn view(view: &View) -> Value {
    // Post-order over an explicit stack, so depth never costs native stack here.
    let mut stack: Vec<(&View, bool)> = vec![(view, false)];
    let mut done: Vec<Value> = Vec::new();
    while let Some((current, expanded)) = stack.pop() {
        if !expanded {
            stack.push((current, true));
            for child in current.children.iter().rev() {
                stack.push((child, false));
            }
            continue;
        }
        let children = done.split_off(done.len() - current.children.len());
        let node = &current.node;
        let mut view = json!({
            "id": node.id,
            "kind": node.kind,
            "lang": node.lang,
            "path": node.path,
            "span": node.span,
            "level": current.level,
            "text": current.text,
            "children": children,
            "hidden_children": current.hidden_children,
            "hash": node.hash,
            "has_errors": node.has_errors,
            "stale": current.stale,
        });
        if !current.error_lines.is_empty() {
            view["error_lines"] = json!(current.error_lines);
        }
        done.push(view);
    }
    done.pop().unwrap_or(Value::Null)
}
