//! Helpers shared by the integration tests: fixture repositories in temporary
//! directories, a `pyramid` command builder, and run-and-parse helpers.
#![allow(dead_code)]

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex, mpsc};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// Longest any single command may run before the test fails as hung.
pub const HANG: std::time::Duration = std::time::Duration::from_secs(60);

/// A repository in a temporary directory, removed when dropped.
pub struct Repo {
    /// Keeps the temporary directory alive.
    pub tmp: TempDir,
    /// The repository root: `<tmp>/<name>`, so the folder name (and the root's label)
    /// is the same on every run.
    pub root: PathBuf,
}

impl Repo {
    /// Absolute path of a repository-relative path.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes a file (creating its directories).
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, contents).unwrap();
    }

    /// Reads a file as bytes.
    pub fn read(&self, rel: &str) -> Vec<u8> {
        fs::read(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Reads a file as text.
    pub fn read_string(&self, rel: &str) -> String {
        String::from_utf8(self.read(rel)).unwrap()
    }

    /// A `pyramid` command with `--repo <root>`, run from the temp dir (outside the repo).
    /// A command that hangs fails the test instead of stalling it.
    pub fn cmd(&self) -> Command {
        let mut cmd = pyramid();
        cmd.timeout(HANG)
            .current_dir(self.tmp.path())
            .arg("--repo")
            .arg(&self.root);
        cmd
    }

    /// `pyramid --repo R <args>`; asserts success and returns stdout.
    pub fn run(&self, args: &[&str]) -> String {
        run_ok(self.cmd().args(args))
    }

    /// `pyramid --repo R --json <args>`; asserts success and parses stdout as one JSON value.
    pub fn json(&self, args: &[&str]) -> Value {
        run_json(self.cmd().arg("--json").args(args))
    }

    /// `pyramid --repo R <args>`; asserts the exit code and returns stderr.
    pub fn fail(&self, args: &[&str], code: i32) -> String {
        run_fail(self.cmd().args(args), code)
    }

    /// Indexes the repository; returns the `--json` report.
    pub fn index(&self, extra: &[&str]) -> Value {
        let mut args = vec!["index"];
        args.extend_from_slice(extra);
        self.json(&args)
    }

    /// `zoom ID --json` with extra arguments.
    pub fn zoom(&self, id: &str, extra: &[&str]) -> Value {
        let mut args = vec!["zoom", id];
        args.extend_from_slice(extra);
        self.json(&args)
    }

    /// The index directory inside the repository.
    pub fn index_dir(&self) -> PathBuf {
        self.root.join(".pyramid")
    }

    /// Index folders (`index-*`) in the index directory: one when idle, two while a
    /// rebuild runs or after one was killed.
    pub fn index_folders(&self) -> usize {
        fs::read_dir(self.index_dir()).map_or(0, |entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| {
                    e.file_name().to_string_lossy().starts_with("index-") && e.path().is_dir()
                })
                .count()
        })
    }

    /// Takes the index's writer lock, as a running `pyramid index` holds it, until the
    /// returned file is unlocked or dropped.
    pub fn hold_lock(&self) -> fs::File {
        fs::create_dir_all(self.index_dir()).expect("the index directory can be made");
        let lock = fs::File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.index_dir().join("lock"))
            .expect("the lock file opens");
        lock.try_lock().expect("nobody holds the lock yet");
        lock
    }
}

/// Copies `testdata/<name>` into a fresh temporary directory as `<tmp>/<name>`.
pub fn fixture(name: &str) -> Repo {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name);
    assert!(src.is_dir(), "no fixture {}", src.display());
    let tmp = tempfile::Builder::new()
        .prefix("pyramid-test-")
        .tempdir()
        .unwrap();
    let root = tmp.path().join(name);
    copy_dir(&src, &root);
    Repo { tmp, root }
}

/// An empty repository `<tmp>/<name>`.
pub fn empty_repo(name: &str) -> Repo {
    let tmp = tempfile::Builder::new()
        .prefix("pyramid-test-")
        .tempdir()
        .unwrap();
    let root = tmp.path().join(name);
    fs::create_dir_all(&root).unwrap();
    Repo { tmp, root }
}

fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    let mut entries: Vec<_> = fs::read_dir(src).unwrap().map(|e| e.unwrap()).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        // Never copy an index or build output someone left in the fixture.
        if name == ".pyramid" || name == "target" {
            continue;
        }
        let file_type = entry.file_type().unwrap();
        let to = dst.join(&name);
        if file_type.is_dir() {
            copy_dir(&entry.path(), &to);
        } else if file_type.is_file() {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
}

/// The `pyramid` binary built by cargo for these tests.
pub fn pyramid() -> Command {
    let mut cmd = Command::cargo_bin("pyramid").unwrap();
    // Nothing from the environment should change the output.
    cmd.env_remove("RUST_LOG").env("NO_COLOR", "1");
    cmd
}

/// Path of the binary, for tests that need a `std::process::Child`.
/// `pyramid <args>` with the registry of repositories in `config` (as
/// `XDG_CONFIG_HOME`), run from there: outside every registered repository.
pub fn with_registry(config: &Path, args: &[&str]) -> Command {
    let mut cmd = pyramid();
    cmd.timeout(HANG)
        .current_dir(config)
        .env("XDG_CONFIG_HOME", config)
        .args(args);
    cmd
}

pub fn pyramid_path() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_pyramid"))
}

/// `pyramid` as a process to spawn and watch or kill (`pyramid()` only runs to the
/// end), with the same environment.
pub fn pyramid_process() -> std::process::Command {
    let mut cmd = std::process::Command::new(pyramid_path());
    cmd.env_remove("RUST_LOG").env("NO_COLOR", "1");
    cmd
}

/// Runs, asserts exit 0, returns stdout.
pub fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "command failed ({:?})\nstdout:\n{stdout}\nstderr:\n{stderr}",
        out.status
    );
    stdout
}

/// Runs, asserts exit 0, parses stdout as exactly one JSON value.
pub fn run_json(cmd: &mut Command) -> Value {
    let stdout = run_ok(cmd);
    parse_one_json(&stdout)
}

/// Parses a text that must hold one JSON value and nothing else (but a final newline).
pub fn parse_one_json(stdout: &str) -> Value {
    let mut stream = serde_json::Deserializer::from_str(stdout).into_iter::<Value>();
    let value = stream
        .next()
        .unwrap_or_else(|| panic!("no JSON on stdout: {stdout:?}"))
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {stdout:?}"));
    let rest = &stdout[stream.byte_offset()..];
    assert_eq!(rest.trim(), "", "stdout holds more than one JSON value");
    value
}

/// Runs, asserts the exit code, asserts stderr starts with `error: `, returns stderr.
pub fn run_fail(cmd: &mut Command, code: i32) -> String {
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "unexpected exit code\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert_eq!(stdout, "", "a failing command printed on stdout");
    stderr
}

/// Tokens of a text by the o200k tokenizer (what `--budget` counts).
pub fn tokens(text: &str) -> usize {
    tiktoken_rs::o200k_base_singleton()
        .encode_ordinary(text)
        .len()
}

/// All ids in a zoom JSON tree, depth-first.
pub fn ids(view: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![view];
    while let Some(v) = stack.pop() {
        out.push(v["id"].as_str().unwrap().to_string());
        if let Some(children) = v["children"].as_array() {
            stack.extend(children.iter().rev());
        }
    }
    out
}

/// Ids of the direct children of a zoom JSON view.
pub fn child_ids(view: &Value) -> Vec<String> {
    view["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

/// The `skipped` list of an index report as (path, reason) pairs.
pub fn skipped(report: &Value) -> Vec<(String, String)> {
    report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_string(),
                s["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Changes a file's content and makes sure its size and modification time change too.
pub fn modify(path: &Path, new_contents: &str) {
    let before = fs::metadata(path).ok().and_then(|m| m.modified().ok());
    fs::write(path, new_contents).unwrap();
    // Coarse-mtime filesystems: push the time forward explicitly.
    if let Some(before) = before {
        let file = fs::File::options().write(true).open(path).unwrap();
        let later = before + std::time::Duration::from_secs(2);
        file.set_modified(later).unwrap();
    }
}

/// `pyramid --json watch --debounce-ms 100` on a repository, killed when dropped.
pub struct Watcher {
    child: Child,
    /// Its stdout, line by line: one JSON report per index run.
    reports: mpsc::Receiver<String>,
    /// Its stderr so far.
    stderr: Arc<Mutex<String>>,
    stderr_reader: Option<std::thread::JoinHandle<()>>,
}

impl Watcher {
    /// Starts watching `root`.
    pub fn start(root: &Path) -> Watcher {
        let mut child = pyramid_process()
            .args(["--json", "watch", "--debounce-ms", "100", "--repo"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the watcher starts");
        let stdout = child.stdout.take().expect("piped");
        let (lines, reports) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let stderr_reader = {
            let pipe = child.stderr.take().expect("piped");
            let stderr = Arc::clone(&stderr);
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines() {
                    let Ok(line) = line else { break };
                    let mut text = stderr.lock().unwrap_or_else(|e| e.into_inner());
                    text.push_str(&line);
                    text.push('\n');
                }
            })
        };
        Watcher {
            child,
            reports,
            stderr,
            stderr_reader: Some(stderr_reader),
        }
    }

    /// The next run's report; fails the test when none comes within `HANG`.
    pub fn next_report(&self) -> Value {
        let line = self
            .reports
            .recv_timeout(HANG)
            .expect("the watcher reports a run");
        serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("one JSON report per line ({e}): {line}"))
    }

    /// Reports printed so far and not yet taken.
    pub fn reports_so_far(&self) -> usize {
        self.reports.try_iter().count()
    }

    /// Waits until the watcher has printed `text` on stderr; fails the test after `HANG`.
    pub fn await_stderr(&self, text: &str) {
        let deadline = std::time::Instant::now() + HANG;
        loop {
            if self.stderr().contains(text) {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the watcher never printed {text:?}; it printed:\n{}",
                self.stderr()
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    fn stderr(&self) -> String {
        self.stderr
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Stops the watcher, which must still be running; returns all it printed on
    /// stderr.
    pub fn stop(&mut self) -> String {
        let exited = self.child.try_wait().expect("waitable");
        assert!(
            exited.is_none(),
            "the watcher had stopped by itself: {exited:?}"
        );
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(reader) = self.stderr_reader.take() {
            let _ = reader.join();
        }
        self.stderr()
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
