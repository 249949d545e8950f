//! Differential test: an index kept up to date by incremental `index` runs answers
//! exactly as a fresh `index --rebuild` of the same tree does.
//!
//! A seeded random walk edits, adds, deletes and renames files of a Rust and Python
//! repository; after each step the incremental index (in the repository) and a rebuilt
//! one (in another `--index-dir`) must give the same `search`, `slice`, `zoom`, `gene`
//! and `pattern` answers, and none may fail. Deleted documents stay in tantivy's
//! segments until a merge, which once made BM25 statistics count more documents holding
//! a word than there were documents (a panic in `idf`), and could make scores depend on
//! the index's history.
//!
//! `PYRAMID_DIFF_STEPS` (default 8) and `PYRAMID_DIFF_SEED` set the walk; the long run
//! in BENCHMARKS.md is `PYRAMID_DIFF_STEPS=300 cargo test --release --test incremental
//! -- --nocapture`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Repo, fixture, modify};
use serde_json::Value;

/// Words found in (nearly) every file of the repository after a few steps: the query
/// that once panicked.
const COMMON_WORDS: &str = "open the store entry";

/// A small deterministic generator (xorshift64*): the walk must be replayable from
/// its seed, and the tests take no dependency for it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A repository of both fixtures: Rust at the root, Python under `py/`.
fn mixed_repo() -> Repo {
    let repo = fixture("rust_repo");
    let python = fixture("python_repo");
    copy_tree(&python.root, &repo.root.join("py"));
    repo
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != ".pyramid" {
                copy_tree(&entry.path(), &target);
            }
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Source files of the repository (`.rs`, `.py`), relative, sorted.
fn source_files(root: &Path) -> Vec<String> {
    fn visit(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap()).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if entry.file_type().unwrap().is_dir() {
                visit(root, &path, out);
            } else if matches!(path.extension().and_then(|e| e.to_str()), Some("rs" | "py")) {
                let rel = path.strip_prefix(root).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    visit(root, root, &mut out);
    out
}

/// A definition to add to a file, named by the step so every one is new.
fn definition(path: &str, step: u64, rng: &mut Rng) -> String {
    const VERBS: [&str; 5] = ["open", "close", "flush", "load", "store"];
    let verb = VERBS[rng.below(VERBS.len())];
    if path.ends_with(".py") {
        format!(
            "\n\ndef {verb}_entry_{step}(entry, store=None):\n    \"\"\"{verb} the store entry {step}.\"\"\"\n    return open_the_store(entry) or store\n"
        )
    } else {
        format!(
            "\n/// {verb} the store entry {step}.\npub fn {verb}_entry_{step}(entry: &str) -> Option<usize> {{\n    open_the_store(entry).map(|s| s.len()).ok()\n}}\n"
        )
    }
}

/// One random change to the tree; returns what it did, for the failure message.
fn change(root: &Path, step: u64, rng: &mut Rng) -> String {
    let files = source_files(root);
    let pick = |rng: &mut Rng| files[rng.below(files.len())].clone();
    let choice = if files.len() < 3 { 1 } else { rng.below(10) };
    match choice {
        // Edit: append a definition, or cut the file's last third.
        0..=3 => {
            let path = pick(rng);
            let full = root.join(&path);
            let text = fs::read_to_string(&full).unwrap();
            let new = if rng.below(4) == 0 {
                let mut cut = text.len() * 2 / 3;
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                text[..cut].to_string()
            } else {
                text + &definition(&path, step, rng)
            };
            modify(&full, &new);
            format!("edit {path}")
        }
        // Add a file, in an existing folder or a new one.
        4..=5 => {
            let ext = if rng.below(2) == 0 { "rs" } else { "py" };
            let dir = if rng.below(3) == 0 {
                format!("gen{step}/")
            } else if ext == "py" {
                "py/retrykit/".to_string()
            } else {
                "src/".to_string()
            };
            let path = format!("{dir}added_{step}.{ext}");
            let body = definition(&path, step, rng);
            let full = root.join(&path);
            fs::create_dir_all(full.parent().unwrap()).unwrap();
            fs::write(&full, body.trim_start()).unwrap();
            format!("add {path}")
        }
        // Delete a file.
        6..=7 => {
            let path = pick(rng);
            fs::remove_file(root.join(&path)).unwrap();
            format!("delete {path}")
        }
        // Rename a file, keeping its content.
        _ => {
            let path = pick(rng);
            let ext = Path::new(&path).extension().unwrap().to_string_lossy();
            let to = format!("moved_{step}.{ext}");
            let parent = Path::new(&path).parent().unwrap_or(Path::new(""));
            let target: PathBuf = root.join(parent).join(&to);
            fs::rename(root.join(&path), &target).unwrap();
            format!("rename {path} -> {}", parent.join(to).display())
        }
    }
}

/// The answers compared between the two indexes, each with the command that gave it.
fn answers(repo: &Repo, index_dir: Option<&Path>) -> Vec<(String, Value)> {
    let run = |args: &[&str]| -> Value {
        let mut cmd = repo.cmd();
        if let Some(dir) = index_dir {
            cmd.arg("--index-dir").arg(dir);
        }
        let out = cmd.arg("--json").args(args).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            out.status.code().is_some_and(|code| code == 0 || code == 1),
            "`{}` failed ({:?}) on the {} index:\n{stderr}",
            args.join(" "),
            out.status,
            if index_dir.is_some() {
                "rebuilt"
            } else {
                "incremental"
            },
        );
        if out.status.success() {
            common::parse_one_json(&stdout)
        } else {
            // A clear error (no match, unknown id) must be the same error.
            Value::String(stderr)
        }
    };
    let tree = run(&["zoom", ".", "--depth", "9", "--level", "label"]);
    let ids = common::ids(&tree);
    let file = ids
        .iter()
        .find(|id| id.ends_with(".rs") || id.ends_with(".py"))
        .cloned()
        .unwrap_or_else(|| ".".to_string());
    let item = ids
        .iter()
        .find(|id| id.contains("::"))
        .cloned()
        .unwrap_or_else(|| file.clone());
    let mut out = vec![("zoom . --depth 9".to_string(), tree)];
    let queries: Vec<Vec<&str>> = vec![
        vec!["search", COMMON_WORDS],
        vec!["search", "retry policy backoff", "--limit", "50"],
        vec!["search", "write all entries config", "--kind", "function"],
        vec!["slice", COMMON_WORDS, "--budget", "1500"],
        vec!["slice", "load the config from disk", "--budget", "4000"],
        vec!["zoom", &file, "--level", "source"],
        vec!["zoom", &item, "--level", "outline"],
        vec!["gene", &item, "--budget", "3000"],
        vec!["gene", "--find", COMMON_WORDS],
        vec!["pattern", "--ast", "$X.get($Y)", "--lang", "rust"],
        vec!["pattern", "--ast", "len($X)", "--lang", "python"],
        vec!["pattern", "--like", &item],
        vec!["overview", "--budget", "600"],
    ];
    for args in queries {
        out.push((args.join(" "), run(&args)));
    }
    out
}

#[test]
fn incremental_index_answers_as_a_rebuild_does() {
    let steps = env_number("PYRAMID_DIFF_STEPS", 8);
    let seed = env_number("PYRAMID_DIFF_SEED", 0x5eed_1234_abcd_0001);
    let repo = mixed_repo();
    let fresh = repo.tmp.path().join("fresh-index");
    repo.index(&[]);
    let mut rng = Rng(seed | 1);
    let mut history = Vec::new();
    for step in 0..steps {
        history.push(change(&repo.root, step, &mut rng));
        repo.index(&[]);
        let mut rebuild = repo.cmd();
        rebuild
            .arg("--index-dir")
            .arg(&fresh)
            .args(["--json", "index", "--rebuild"]);
        common::run_ok(&mut rebuild);
        let incremental = answers(&repo, None);
        let rebuilt = answers(&repo, Some(&fresh));
        for ((command, got), (_, want)) in incremental.iter().zip(&rebuilt) {
            assert_eq!(
                got,
                want,
                "step {step} (seed {seed:#x}): `{command}` differs between the incremental \
                 index and a rebuild after:\n  {}",
                history.join("\n  ")
            );
        }
    }
    eprintln!(
        "{steps} steps (seed {seed:#x}) matched a rebuild: {}",
        history.join("; ")
    );
}

/// The defect that started this file, as its report gave it: after one edit, a word
/// found in every file made `search`, `slice` and `gene --find` panic.
#[test]
fn a_word_in_every_file_after_an_edit_is_searchable() {
    let repo = fixture("rust_repo");
    repo.index(&[]);
    let lib = repo.path("src/lib.rs");
    let text = fs::read_to_string(&lib).unwrap() + "// edit\n";
    modify(&lib, &text);
    repo.index(&[]);
    for args in [
        vec!["search", "open the store"],
        vec!["slice", "open the store", "--budget", "1000"],
        vec!["gene", "--find", "open the store"],
    ] {
        let out = repo.cmd().args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "`{}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The digest files of the live index folder.
fn digest_files(repo: &Repo) -> Vec<PathBuf> {
    let folders = fs::read_dir(repo.index_dir()).expect("the index directory exists");
    let folder = folders
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .expect("an index folder");
    ["digest", "digest-files", "digest-hashes"]
        .map(|name| folder.join(name))
        .to_vec()
}

/// The figures a commit keeps beside the index (token totals, file paths and hashes)
/// only save time: answers are the same with them, without them, and with a digest
/// of an earlier commit, which must be ignored.
#[test]
fn answers_are_the_same_with_without_and_with_a_stale_digest() {
    let repo = mixed_repo();
    repo.index(&[]);
    let files = digest_files(&repo);
    let old: Vec<Vec<u8>> = files
        .iter()
        .map(|f| fs::read(f).expect("a commit writes its digest"))
        .collect();
    let mut rng = Rng(7);
    for step in 0..3 {
        change(&repo.root, step, &mut rng);
    }
    repo.index(&[]);
    let with = answers(&repo, None);
    for (file, old) in files.iter().zip(&old) {
        assert_ne!(
            &fs::read(file).unwrap(),
            old,
            "{} was not rewritten",
            file.display()
        );
        fs::write(file, old).unwrap();
    }
    let stale = answers(&repo, None);
    for file in &files {
        fs::remove_file(file).unwrap();
    }
    let without = answers(&repo, None);
    for (((command, with), (_, stale)), (_, without)) in with.iter().zip(&stale).zip(&without) {
        assert_eq!(with, stale, "`{command}` differs with a stale digest");
        assert_eq!(with, without, "`{command}` differs without a digest");
    }
}
