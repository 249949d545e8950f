//! The data flow runs one way: walk → parse → build → store → query → render, with
//! the packer below query and render. A module that names a module above it fails
//! here, so that a cycle shows up in the change that makes it.

use std::fs;
use std::path::Path;

/// (module, the modules it must not name).
const RULES: &[(&str, &[&str])] = &[
    (
        "walk",
        &["parse", "pyramid", "store", "query", "render", "mcp"],
    ),
    ("store", &["query", "render", "mcp", "pack"]),
    ("pack", &["query", "render", "mcp", "semport", "store"]),
    ("query", &["render", "mcp"]),
    ("render", &["mcp"]),
];

/// The Rust files of a module: `src/NAME.rs` or everything under `src/NAME/`.
fn files(module: &str) -> Vec<std::path::PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let single = src.join(format!("{module}.rs"));
    if single.is_file() {
        return vec![single];
    }
    let mut out = Vec::new();
    let mut stack = vec![src.join(module)];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("a module directory of this crate") {
            let path = entry.expect("a readable directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out
}

/// The first names of `use crate::{a, b::c}` groups: `a`, `b`.
fn grouped(text: &str) -> impl Iterator<Item = &str> {
    text.split("crate::{").skip(1).flat_map(|rest| {
        let group = rest.split('}').next().unwrap_or_default();
        group
            .split(',')
            .map(|item| item.trim().split("::").next().unwrap_or_default())
    })
}

#[test]
fn no_module_names_a_module_above_it() {
    let mut broken = Vec::new();
    for (module, above) in RULES {
        let files = files(module);
        assert!(!files.is_empty(), "module {module} has no files");
        for file in files {
            let text = fs::read_to_string(&file).expect("a readable source file");
            for upper in *above {
                let named = [format!("crate::{upper}::"), format!("crate::{upper};")];
                if named.iter().any(|n| text.contains(n.as_str()))
                    || grouped(&text).any(|name| name == *upper)
                {
                    broken.push(format!("{} names crate::{upper}", file.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}
