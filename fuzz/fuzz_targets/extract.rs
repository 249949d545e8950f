//! `extract`: the walk → parse → pyramid path on arbitrary file contents, and a semport
//! skeleton of every unit found.
//!
//! Input: first byte, low bit: 0 Python (`f.py`), 1 Rust (`f.rs`); the rest is the file.
//!
//! Properties, for every text `walk::check_content` accepts:
//! - the first node is the file (kind `file`, id = path) and no other node is a file;
//! - every span lies inside the text, on char boundaries, lines 1-based with
//!   start <= end; the file's span is the whole text; every other span lies inside it;
//! - ids are unique, every parent is a node of the file, `ord` is the position, `hash`
//!   is the hash of the span's bytes;
//! - `semport::skeleton` of every unit, into the other language, does not panic, counts
//!   no more TODOs than its text holds, and into the same language gives the source back.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use pyramid::grammar::Lang;
use pyramid::pyramid::{NodeKind, short_hash};
use pyramid::semport::{Unit, UnitKind, is_unit, skeleton};

/// Longest file tried: well past the 16 KiB where the minified check starts.
const MAX_INPUT: usize = 64 * 1024;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    if rest.len() > MAX_INPUT {
        return;
    }
    let (lang, path, other) = if selector & 1 == 0 {
        (Lang::Python, "f.py", Lang::Rust)
    } else {
        (Lang::Rust, "f.rs", Lang::Python)
    };
    let Ok(text) = pyramid::walk::check_content(rest.to_vec()) else {
        return;
    };
    let parsed = pyramid::parse::parse(lang, &text);
    let nodes = pyramid::pyramid::build_file(path, lang, &text, &parsed);

    // The file node comes first and is the only one.
    let file = nodes
        .first()
        .expect("build_file returns at least the file node");
    assert_eq!(file.kind, NodeKind::File, "first node is not the file");
    assert_eq!(file.id, path, "file node id");
    assert_eq!(
        nodes.iter().filter(|n| n.kind == NodeKind::File).count(),
        1,
        "exactly one file node"
    );
    let file_span = file.span.expect("the file node has a span");
    let whole = &text[file_span.start_byte as usize..file_span.end_byte as usize];
    assert_eq!(whole, text, "the file span covers the whole text");

    let mut ids = HashSet::new();
    for (i, node) in nodes.iter().enumerate() {
        assert!(ids.insert(node.id.as_str()), "duplicate id {:?}", node.id);
        assert_eq!(node.ord as usize, i, "ord of {:?}", node.id);
        let span = node
            .span
            .unwrap_or_else(|| panic!("{:?} in a file has no span", node.id));
        let (start, end) = (span.start_byte as usize, span.end_byte as usize);
        assert!(
            start <= end && end <= text.len(),
            "{:?}: bytes {start}..{end} of {}",
            node.id,
            text.len()
        );
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "{:?}: bytes {start}..{end} not on char boundaries",
            node.id
        );
        assert!(
            1 <= span.start_line && span.start_line <= span.end_line,
            "{:?}: lines {}..{}",
            node.id,
            span.start_line,
            span.end_line
        );
        assert_eq!(
            node.hash,
            short_hash(text[start..end].as_bytes()),
            "{:?}: hash is not that of its span",
            node.id
        );
        if i > 0 {
            assert!(
                file_span.start_byte <= span.start_byte && span.end_byte <= file_span.end_byte,
                "{:?}: bytes {start}..{end} outside the file",
                node.id
            );
            assert!(
                span.end_line <= file_span.end_line,
                "{:?}: ends on line {}, the file has {}",
                node.id,
                span.end_line,
                file_span.end_line
            );
        }
    }
    for node in &nodes[1..] {
        let parent = node.parent.as_deref().expect("an item has a parent");
        assert!(
            ids.contains(parent),
            "{:?}: parent {parent:?} is not a node",
            node.id
        );
    }

    // Skeletons of every unit, as `semport` makes them.
    for node in &nodes[1..] {
        if !is_unit(node.kind) {
            continue;
        }
        let span = node.span.expect("checked above");
        let source = &text[span.start_byte as usize..span.end_byte as usize];
        let owner = match node.kind {
            NodeKind::Method => node
                .parent
                .as_deref()
                .and_then(|p| nodes.iter().find(|n| n.id == p))
                .map(|owner| owner.name.split("::").next().unwrap_or(&owner.name)),
            _ => None,
        };
        let unit = Unit {
            kind: match node.kind {
                NodeKind::Function => UnitKind::Function,
                NodeKind::Method => UnitKind::Method,
                NodeKind::Const | NodeKind::Static => UnitKind::Const,
                _ => UnitKind::Type,
            },
            lang,
            name: &node.name,
            owner,
            source,
            doc: node.doc.as_deref(),
        };
        let ported = skeleton(&unit, other);
        let markers = ported.text.matches("TODO").count();
        assert!(
            ported.todos <= markers,
            "{:?}: {} TODOs counted, {markers} in the text",
            node.id,
            ported.todos
        );
        let same = skeleton(&unit, lang);
        assert_eq!(same.text, source, "{:?}: same-language skeleton", node.id);
        assert_eq!(same.todos, 0);
    }
});
