//! Several processes on one index at once: a second writer is refused while the first
//! runs; while a writer commits, a CLI reader sees one whole commit across every file
//! and MCP readers (whose server refreshes the index too) whole files, never older than
//! what they saw before; `pyramid watch` waits out another writer's lock, and ends on
//! exactly the files on disk after bursts of edits, deletions, renames and half-written
//! files.
//!
//! One command: `cargo test --test concurrency`. `PYRAMID_BURSTS=N` (default 6) makes
//! the watch run longer: `PYRAMID_BURSTS=200 cargo test --release --test concurrency
//! -- --nocapture`.

mod common;
#[path = "common/mcp_client.rs"]
mod mcp_client;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Child, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::{HANG, Repo, Watcher, empty_repo, parse_one_json, pyramid, pyramid_process};
use mcp_client::{answer, connect};
use serde_json::json;

/// Kills a child process when the test ends, whatever happens.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A Python module whose definitions all carry the generation: `step_<g>_<j>`.
fn module(i: usize, generation: usize, definitions: usize) -> String {
    let mut out = format!("\"\"\"Module {i}, generation {generation}.\"\"\"\n\nimport os\n");
    for j in 0..definitions {
        out.push_str(&format!(
            "\n\ndef step_{generation}_{j}(path, count={i}):\n    \"\"\"Step {j} of module {i}.\"\"\"\n    return os.path.join(path, str(count + {j}))\n"
        ));
    }
    out
}

fn module_path(i: usize) -> String {
    format!("pkg/m{i:04}.py")
}

/// The generations named by the `step_<g>_` definitions in a text.
fn generations(text: &str) -> BTreeSet<usize> {
    text.match_indices("step_")
        .filter_map(|(at, _)| {
            let rest = &text[at + "step_".len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            rest[digits.len()..]
                .starts_with('_')
                .then(|| digits.parse().ok())
                .flatten()
        })
        .collect()
}

/// The one generation a file's answer shows; fails when it mixes two, or shows none.
fn one_generation(text: &str, what: &str) -> usize {
    let found = generations(text);
    assert_eq!(
        found.len(),
        1,
        "{what} shows definitions of generations {found:?}: {text}"
    );
    found.into_iter().next().expect("one generation")
}

/// Writes a file in one step, as editors that save by renaming do: readers of the
/// directory see the old file or the new one, never a part.
fn write_atomically(staging: &Path, root: &Path, rel: &str, contents: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().expect("inside the root")).expect("creatable");
    let temporary = staging.join(rel.replace('/', "_"));
    fs::write(&temporary, contents).expect("writable");
    fs::rename(&temporary, &path).expect("renamable");
}

fn write_generation(repo: &Repo, modules: usize, generation: usize, definitions: usize) {
    for i in 0..modules {
        write_atomically(
            repo.tmp.path(),
            &repo.root,
            &module_path(i),
            &module(i, generation, definitions),
        );
    }
}

/// Polls `done` every few milliseconds until it holds; fails the test after `HANG`.
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + HANG;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_lock_error(output: &Output) {
    let stderr = stderr_of(output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: the index at `")
            && stderr.contains("is locked by another `pyramid index` run"),
        "{stderr}"
    );
    assert!(
        output.stdout.is_empty(),
        "a refused writer printed a result"
    );
}

// ---------------------------------------------------------------- two writers

/// Modules of the tree a rebuild takes a while over.
const WRITER_MODULES: usize = 1_500;

#[test]
fn a_second_writer_is_refused_while_the_first_runs() {
    let repo = empty_repo("two-writers");
    write_generation(&repo, WRITER_MODULES, 0, 6);
    repo.index(&[]);
    write_generation(&repo, WRITER_MODULES, 1, 6);

    // The second writer must try while the first holds the lock; on a machine fast
    // enough to finish the rebuild first, try again.
    let mut overlapped = false;
    for _attempt in 0..5 {
        let mut first = Reaped(
            pyramid_process()
                .arg("--repo")
                .arg(&repo.root)
                .args(["--json", "index", "--rebuild"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("the first writer starts"),
        );
        // A rebuild makes its new folder once it holds the lock.
        wait_until("the first writer holds the lock", || {
            repo.index_folders() == 2 || first.0.try_wait().ok().flatten().is_some()
        });
        let mut refused = Vec::new();
        for extra in [&[][..], &["--rebuild"]] {
            if first.0.try_wait().expect("waitable").is_some() {
                break;
            }
            let second = repo.cmd().arg("index").args(extra).output().unwrap();
            let first_running = first.0.try_wait().expect("waitable").is_none();
            if second.status.success() {
                assert!(
                    !first_running,
                    "a second writer succeeded while the first was still writing: {}",
                    stderr_of(&second)
                );
                break;
            }
            assert_lock_error(&second);
            refused.push(extra);
        }
        let Reaped(child) = &mut first;
        let mut stdout = String::new();
        child
            .stdout
            .take()
            .expect("piped")
            .read_to_string(&mut stdout)
            .expect("readable");
        let status = child.wait().expect("the first writer ends");
        assert!(status.success(), "the first writer failed");
        let report = parse_one_json(&stdout);
        assert_eq!(report["files_parsed"], WRITER_MODULES, "{report}");
        if refused.len() == 2 {
            overlapped = true;
            break;
        }
    }
    assert!(
        overlapped,
        "the first writer always finished before the second could try: make the tree larger"
    );

    // The first writer's index is whole and current; the refused ones left nothing.
    assert_eq!(repo.index_folders(), 1);
    let file = repo.zoom(&module_path(7), &[]);
    assert_eq!(one_generation(&file.to_string(), "the file"), 1);
    let report = repo.index(&[]);
    assert_eq!(report["files_parsed"], 0, "{report}");
}

// ---------------------------------------------------------------- readers during commits

const READER_MODULES: usize = 150;
const GENERATIONS: usize = 6;

/// Runs `pyramid index` until it gets the lock (the MCP server refreshes the same index
/// before its answers); returns how often it was refused.
fn index_until_done(root: &Path) -> usize {
    let mut refused = 0;
    loop {
        let output = pyramid()
            .timeout(HANG)
            .arg("--repo")
            .arg(root)
            .arg("index")
            .output()
            .unwrap();
        if output.status.success() {
            return refused;
        }
        assert_lock_error(&output);
        refused += 1;
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Writes each generation (every file first, then `pyramid index`) on a thread.
/// Returns how often the writer was refused the lock.
fn spawn_writer(repo: &Arc<Repo>) -> JoinHandle<usize> {
    let repo = Arc::clone(repo);
    std::thread::spawn(move || {
        let mut refused = 0;
        for generation in 1..=GENERATIONS {
            write_generation(&repo, READER_MODULES, generation, 3);
            refused += index_until_done(&repo.root);
        }
        refused
    })
}

#[test]
fn cli_readers_see_one_whole_commit_while_a_writer_commits() {
    let repo = Arc::new(empty_repo("cli-readers"));
    write_generation(&repo, READER_MODULES, 0, 3);
    repo.index(&[]);
    let writer = spawn_writer(&repo);

    // Only the writer commits, and only once every file of a generation is written:
    // an answer spanning every file shows one generation, or a commit was torn.
    let (mut reads, mut newest, mut seen) = (0, 0, BTreeSet::new());
    while !writer.is_finished() {
        let tree = repo.zoom("pkg/", &["--depth", "2"]);
        let ids = common::ids(&tree);
        let steps = ids.iter().filter(|id| id.contains("::step_")).count();
        assert_eq!(steps, READER_MODULES * 3, "every definition listed");
        let generation = one_generation(&ids.join(" "), "an answer over every file");
        assert!(generation >= newest, "a CLI answer went back a generation");
        newest = generation;
        seen.insert(generation);
        // A file's source, read later, is whole and no older.
        let source = repo.zoom(&module_path(42), &["--level", "source"]);
        let text = source["text"].as_str().expect("a source text");
        let later = one_generation(text, "a file's source");
        assert_eq!(text, module(42, later, 3), "a whole file");
        assert!(later >= generation, "a later answer went back a generation");
        reads += 1;
    }
    let refused = writer.join().expect("the writer ends");
    eprintln!("{reads} CLI reads saw generations {seen:?} of 0..={GENERATIONS}");
    assert_eq!(refused, 0, "readers never hold the lock");
    assert!(
        seen.len() >= 2,
        "the reader saw the writer's commits: {seen:?}"
    );
    let last = repo.zoom("pkg/", &["--depth", "2"]);
    assert_eq!(
        one_generation(&common::ids(&last).join(" "), "the last answer"),
        GENERATIONS
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mcp_readers_see_whole_files_while_two_writers_take_turns() {
    let repo = Arc::new(empty_repo("mcp-readers"));
    write_generation(&repo, READER_MODULES, 0, 3);
    repo.index(&[]);
    let client = connect(&repo).await;
    // The server refreshes the index before each answer, so it and the CLI writer take
    // turns on the lock; its refreshes may catch a generation half written, so only
    // files (written whole by renames) are each of one generation.
    let writer = spawn_writer(&repo);

    let (mut reads, mut newest_outline, mut newest_source) = (0, 0, 0);
    let mut seen = BTreeSet::new();
    while !writer.is_finished() {
        let outline = answer(&client, "zoom", json!({"id": module_path(7), "depth": 1})).await;
        let generation = one_generation(&outline, "an MCP outline");
        assert!(
            generation >= newest_outline,
            "an MCP answer went back a generation"
        );
        newest_outline = generation;
        seen.insert(generation);
        let source = answer(
            &client,
            "zoom",
            json!({"id": module_path(99), "level": "source", "line_numbers": false}),
        )
        .await;
        let generation = one_generation(&source, "an MCP source");
        assert!(
            source.contains(module(99, generation, 3).trim_end()),
            "an MCP answer is the whole file: {source}"
        );
        assert!(
            generation >= newest_source,
            "an MCP answer went back a generation"
        );
        newest_source = generation;
        reads += 1;
    }
    let refused = writer.join().expect("the writer ends");
    eprintln!(
        "{reads} MCP reads saw generations {seen:?} during {GENERATIONS} commits; the CLI writer was refused {refused} times"
    );
    assert!(
        seen.len() >= 2,
        "the server answered from the new commits: {seen:?}"
    );

    // Once the writer is done, the next answer is the last generation, without a note.
    let last = answer(&client, "zoom", json!({"id": module_path(7), "depth": 1})).await;
    assert_eq!(one_generation(&last, "the last answer"), GENERATIONS);
    assert!(!last.contains("note:"), "{last}");
    client.cancel().await.expect("the client closes");
}

// ---------------------------------------------------------------- watch under bursts

/// A small deterministic random source (xorshift), so a failing run can be replayed.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % sides as u64) as usize
    }
}

/// The files the bursts play with: some at the top, some in three subdirectories that
/// come and go.
fn burst_path(k: usize) -> String {
    match k % 4 {
        3 => format!("src/sub{}/n{k:02}.py", k % 3),
        _ => format!("src/w{k:02}.py"),
    }
}

const BURST_PATHS: usize = 32;
const OPS_PER_BURST: usize = 60;
/// Pauses after each burst, in turn: shorter than the debounce, about it, longer.
const PAUSES_MS: [u64; 5] = [0, 40, 120, 400, 15];

/// Python source that names the edit that wrote it.
fn edited(edit: usize) -> String {
    format!(
        "def edit_{edit}(value):\n    \"\"\"Edit number {edit}.\"\"\"\n    return value + {edit}\n"
    )
}

/// One burst of edits without pauses: writes (some in two steps, as editors that
/// truncate first do), deletions, renames over other files, a directory removed.
fn burst(root: &Path, dice: &mut Dice, edit: &mut usize) {
    for _ in 0..OPS_PER_BURST {
        let rel = burst_path(dice.roll(BURST_PATHS));
        let path = root.join(&rel);
        *edit += 1;
        match dice.roll(20) {
            0..=8 => {
                fs::create_dir_all(path.parent().expect("inside")).expect("creatable");
                fs::write(&path, edited(*edit)).expect("writable");
            }
            9..=11 => {
                fs::create_dir_all(path.parent().expect("inside")).expect("creatable");
                let text = edited(*edit);
                fs::write(&path, &text[..text.len() / 2]).expect("writable");
                fs::write(&path, &text).expect("writable");
            }
            12..=15 => {
                let _ = fs::remove_file(&path);
            }
            16..=18 => {
                let to = root.join(burst_path(dice.roll(BURST_PATHS)));
                if path.exists() {
                    fs::create_dir_all(to.parent().expect("inside")).expect("creatable");
                    fs::rename(&path, &to).expect("renamable");
                }
            }
            _ => {
                let _ = fs::remove_dir_all(root.join(format!("src/sub{}", dice.roll(3))));
            }
        }
    }
}

/// Every `.py` file under `src/`, by repository-relative path.
fn files_on_disk(root: &Path) -> BTreeMap<String, String> {
    fn visit(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                visit(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "py") {
                let rel = path.strip_prefix(root).expect("inside").to_string_lossy();
                out.insert(
                    rel.replace('\\', "/"),
                    fs::read_to_string(&path).expect("readable"),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    visit(root, &root.join("src"), &mut out);
    out
}

#[test]
fn watch_follows_bursts_of_edits_to_exactly_the_files_on_disk() {
    let bursts: usize = std::env::var("PYRAMID_BURSTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(6);
    let repo = empty_repo("bursts");
    let keep = "def keep(value):\n    \"\"\"Never edited.\"\"\"\n    return value";
    repo.write("stable.py", format!("{keep}\n"));
    for k in 0..BURST_PATHS / 2 {
        repo.write(&burst_path(k), edited(0));
    }

    let mut watcher = Watcher::start(&repo.root);
    let first = watcher.next_report();
    assert_eq!(first["files_parsed"], BURST_PATHS / 2 + 1, "{first}");

    // A reader while the watcher commits: the untouched function stays answerable.
    let editing = Arc::new(AtomicBool::new(true));
    let reader = {
        let root = repo.root.clone();
        let editing = Arc::clone(&editing);
        std::thread::spawn(move || {
            let mut reads = 0;
            while editing.load(Ordering::SeqCst) {
                let output = pyramid()
                    .timeout(HANG)
                    .arg("--repo")
                    .arg(&root)
                    .args(["--json", "zoom", "stable.py::keep", "--level", "source"])
                    .output()
                    .unwrap();
                assert!(output.status.success(), "{}", stderr_of(&output));
                let answer = parse_one_json(&String::from_utf8_lossy(&output.stdout));
                assert_eq!(answer["text"], keep);
                reads += 1;
            }
            reads
        })
    };

    let mut dice = Dice(0x9E37_79B9_7F4A_7C15);
    let mut edit = 0;
    for b in 0..bursts {
        burst(&repo.root, &mut dice, &mut edit);
        std::thread::sleep(Duration::from_millis(PAUSES_MS[b % PAUSES_MS.len()]));
    }
    editing.store(false, Ordering::SeqCst);
    let reads = reader.join().expect("the reader ends");

    // The watcher catches up with the last burst without another change to wake it.
    let deadline = Instant::now() + HANG;
    loop {
        let status = repo.json(&["status"]);
        if status["fresh"] == true {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the watcher never caught up with the last burst: {status}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let runs = 1 + watcher.reports_so_far();
    eprintln!("{bursts} bursts, {edit} edits: {runs} watcher runs, {reads} reads meanwhile");

    // Exactly the files on disk, each with its content.
    let on_disk = files_on_disk(&repo.root);
    for (rel, text) in &on_disk {
        let source = repo.zoom(rel, &["--level", "source"]);
        assert_eq!(source["text"].as_str(), Some(text.as_str()), "{rel}");
    }
    let gone: Vec<String> = (0..BURST_PATHS)
        .map(burst_path)
        .filter(|rel| !on_disk.contains_key(rel))
        .collect();
    for rel in &gone {
        repo.fail(&["zoom", rel], 2);
    }
    assert!(
        !on_disk.is_empty() && !gone.is_empty(),
        "the bursts left both"
    );
    let errors = watcher.stop();
    assert!(
        !errors.contains("error") && !errors.contains("panicked"),
        "the watcher reported: {errors}"
    );
    // Nothing missed: a full run afterwards finds nothing to do.
    let report = repo.index(&[]);
    assert_eq!(report["files_parsed"], 0, "{report}");
    assert_eq!(report["files_removed"], 0, "{report}");
}

#[test]
fn watch_waits_for_another_writer_then_catches_up() {
    let repo = empty_repo("watch-locked");
    repo.write("first.py", edited(1));
    repo.index(&[]);
    let lock = repo.hold_lock();

    let mut watcher = Watcher::start(&repo.root);
    let note = "note: another `pyramid index` holds the index; trying again";
    watcher.await_stderr(note);
    repo.write("second.py", edited(2));
    // Tries again with growing pauses, saying so once, until the lock is free.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(watcher.reports_so_far(), 0, "no run while the lock is held");
    lock.unlock().expect("unlocked");
    let report = watcher.next_report();
    assert_eq!(report["files_parsed"], 1, "{report}");
    assert_eq!(report["files_reused"], 1, "{report}");
    repo.zoom("second.py::edit_2", &[]);

    let printed = watcher.stop();
    assert_eq!(printed.matches(note).count(), 1, "{printed}");
    assert!(!printed.contains("error"), "{printed}");
}
