//! Reference "tree-sitter parse-only pass": the floor `pyramid index` is compared against.
//!
//! It discovers files exactly as the indexer does (the `ignore` crate, `.gitignore`/`.ignore`
//! honoured without requiring a git repo, `.pyramid` skipped, symlinks not followed, `.rs`/`.py`
//! regular files up to 1 MiB), then reads and parses each one in parallel and throws the tree
//! away. Whatever `pyramid index` costs beyond this is the price of summarising and indexing.
//!
//! Usage: `parse_only <dir> [--threads N]`
//! Prints: `files=<n> bytes=<n> error_trees=<n> elapsed_ms=<n>`

use std::cell::RefCell;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use ignore::WalkBuilder;
use rayon::prelude::*;
use tree_sitter::{Language, Parser};

const MAX_FILE_BYTES: u64 = 1024 * 1024;

thread_local! {
    static PARSERS: RefCell<(Parser, Parser)> = RefCell::new((
        parser_for(tree_sitter_rust::LANGUAGE.into()),
        parser_for(tree_sitter_python::LANGUAGE.into()),
    ));
}

fn parser_for(lang: Language) -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&lang)
        .expect("grammar version is compatible with tree-sitter");
    parser
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, threads) = match args.as_slice() {
        [dir] => (dir, None),
        [dir, flag, n] | [flag, n, dir] if flag == "--threads" => match n.parse::<usize>() {
            Ok(n) if n > 0 => (dir, Some(n)),
            _ => return usage(),
        },
        _ => return usage(),
    };
    if let Some(n) = threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .expect("configure rayon");
    }

    let start = Instant::now();
    let files: Vec<PathBuf> = WalkBuilder::new(dir)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| e.file_name() != ".pyramid")
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs" || x == "py"))
        .filter(|e| e.metadata().is_ok_and(|m| m.len() <= MAX_FILE_BYTES))
        .map(ignore::DirEntry::into_path)
        .collect();

    let bytes = AtomicU64::new(0);
    let error_trees = AtomicU64::new(0);
    files.par_iter().for_each(|path| {
        let Ok(source) = std::fs::read(path) else {
            return;
        };
        let is_rust = path.extension().is_some_and(|x| x == "rs");
        let tree = PARSERS.with_borrow_mut(|(rust, python)| {
            let parser = if is_rust { rust } else { python };
            parser.parse(&source, None)
        });
        bytes.fetch_add(source.len() as u64, Ordering::Relaxed);
        if tree.is_none_or(|t| t.root_node().has_error()) {
            error_trees.fetch_add(1, Ordering::Relaxed);
        }
    });

    println!(
        "files={} bytes={} error_trees={} elapsed_ms={}",
        files.len(),
        bytes.into_inner(),
        error_trees.into_inner(),
        start.elapsed().as_millis()
    );
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    eprintln!("usage: parse_only <dir> [--threads N]");
    ExitCode::from(2)
}
