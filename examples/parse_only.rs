//! Reference "tree-sitter parse-only pass": the floor `pyramid index` is compared against.
//!
//! It discovers files exactly as the indexer does (the `ignore` crate, `.gitignore`/`.ignore`
//! honoured without requiring a git repo, `.pyramid` skipped, symlinks not followed, regular
//! files of every language pyramid reads up to 1 MiB), then reads and parses each one in
//! parallel with its language's grammar and throws the tree away. Whatever `pyramid index` costs beyond this is the price of summarising and indexing.
//!
//! Usage: `parse_only <dir> [--threads N]`
//! Prints: `files=<n> bytes=<n> error_trees=<n> elapsed_ms=<n>`

use std::cell::RefCell;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use ignore::WalkBuilder;
use pyramid::lang::Lang;
use rayon::prelude::*;
use tree_sitter::Parser;

const MAX_FILE_BYTES: u64 = 1024 * 1024;

thread_local! {
    /// One parser per language, made when a thread first meets a file of it.
    static PARSERS: RefCell<Vec<Option<Parser>>> =
        RefCell::new((0..Lang::ALL.len()).map(|_| None).collect());
}

fn parser_for(lang: Lang) -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&lang.language())
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
    let files: Vec<(PathBuf, Lang)> = WalkBuilder::new(dir)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| e.file_name() != ".pyramid")
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .filter(|e| e.metadata().is_ok_and(|m| m.len() <= MAX_FILE_BYTES))
        .filter_map(|e| {
            let lang = Lang::from_path(&e.file_name().to_string_lossy())?;
            Some((e.into_path(), lang))
        })
        .collect();

    let bytes = AtomicU64::new(0);
    let error_trees = AtomicU64::new(0);
    files.par_iter().for_each(|(path, lang)| {
        let Ok(source) = std::fs::read(path) else {
            return;
        };
        let tree = PARSERS.with_borrow_mut(|parsers| {
            parsers[lang.index()]
                .get_or_insert_with(|| parser_for(*lang))
                .parse(&source, None)
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
