//! What extraction's tree-sitter queries cost beside the parse, on one thread: the
//! files of one language under a directory are parsed once, then each measured pass
//! runs over the kept trees (best of three): a bare `TreeCursor` walk, a query that
//! matches one node a file (`(<root kind>) @x`: the cursor's own walk), each shipped
//! `.scm` file alone, and all of them as the indexer compiles them.
//!
//! Usage: `query_cost <dir> [language]` (default python)
//! Prints one line a pass: its name, milliseconds and matches.

use std::process::ExitCode;
use std::time::Instant;

use pyramid::lang::Lang;
use streaming_iterator::StreamingIterator;
use tree_sitter::{Parser, Query, QueryCursor, Tree};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, name) = match args.as_slice() {
        [dir] => (dir.as_str(), "python"),
        [dir, name] => (dir.as_str(), name.as_str()),
        _ => {
            eprintln!("usage: query_cost <dir> [language]");
            return ExitCode::from(2);
        }
    };
    let Some(lang) = Lang::ALL.into_iter().find(|lang| lang.name() == name) else {
        eprintln!("unknown language {name}: one of {}", Lang::names());
        return ExitCode::from(2);
    };
    let texts: Vec<String> = ignore::WalkBuilder::new(dir)
        .build()
        .flatten()
        .filter(|entry| Lang::from_path(&entry.path().to_string_lossy()) == Some(lang))
        .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
        .filter(|text| text.len() <= 1 << 20)
        .collect();
    let language = lang.language();
    let mut parser = Parser::new();
    if parser.set_language(&language).is_err() {
        eprintln!("the {name} grammar does not load");
        return ExitCode::FAILURE;
    }
    let started = Instant::now();
    let trees: Vec<Tree> = texts
        .iter()
        .filter_map(|text| parser.parse(text, None))
        .collect();
    println!(
        "{:24} {:6} ms  {} files",
        "parse",
        started.elapsed().as_millis(),
        trees.len()
    );
    let best = |pass: &dyn Fn() -> usize| {
        let mut fastest = u128::MAX;
        let mut count = 0;
        for _ in 0..3 {
            let started = Instant::now();
            count = pass();
            fastest = fastest.min(started.elapsed().as_millis());
        }
        (fastest, count)
    };
    let (ms, nodes) = best(&|| trees.iter().map(walk).sum());
    println!("{:24} {ms:6} ms  {nodes} nodes", "tree cursor walk");
    let root = trees
        .first()
        .map_or("module", |tree| tree.root_node().kind());
    let mut passes: Vec<(String, String)> = vec![(format!("({root}) @x"), format!("({root}) @x"))];
    let queries: Vec<(&str, &str)> = lang
        .files()
        .iter()
        .copied()
        .filter(|(file, _)| file.ends_with(".scm"))
        .collect();
    passes.extend(
        queries
            .iter()
            .map(|(file, text)| (file.to_string(), text.to_string())),
    );
    let all: Vec<&str> = queries.iter().map(|(_, text)| *text).collect();
    passes.push(("all queries".into(), all.join("\n")));
    for (label, source) in passes {
        let query = match Query::new(&language, &source) {
            Ok(query) => query,
            Err(err) => {
                eprintln!("{label}: {err}");
                return ExitCode::FAILURE;
            }
        };
        let (ms, found) = best(&|| {
            let mut found = 0;
            for (text, tree) in texts.iter().zip(&trees) {
                let mut cursor = QueryCursor::new();
                let mut matches = cursor.matches(&query, tree.root_node(), text.as_bytes());
                while matches.next().is_some() {
                    found += 1;
                }
            }
            found
        });
        println!("{label:24} {ms:6} ms  {found} matches");
    }
    ExitCode::SUCCESS
}

/// Visits every node, named or not, as a query cursor does; returns how many.
fn walk(tree: &Tree) -> usize {
    let mut cursor = tree.walk();
    let mut nodes = 0;
    loop {
        nodes += 1;
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return nodes;
            }
        }
    }
}
