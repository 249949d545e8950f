//! `pyramid watch`: the index follows the files while they change.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::fixture;
use serde_json::Value;

/// Longest wait for the watcher to report a run before the test fails as hung.
const PATIENCE: Duration = Duration::from_secs(60);

/// Kills the watcher when the test ends, whatever happens.
struct Watcher(Child);

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn watch_reindexes_changed_files() {
    let repo = fixture("python_repo");
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyramid"))
        .args(["--json", "watch", "--debounce-ms", "100", "--repo"])
        .arg(&repo.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the watcher starts");
    let stdout = child.stdout.take().expect("piped");
    let _watcher = Watcher(child);
    let (lines, reports) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let next_report = || -> Value {
        let line = reports
            .recv_timeout(PATIENCE)
            .expect("the watcher reports a run");
        serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("one JSON report per line ({e}): {line}"))
    };

    let first = next_report();
    assert_eq!(
        first["files_parsed"], 6,
        "the first run indexes everything: {first}"
    );

    repo.write(
        "retrykit/widgets.py",
        "def frobnicate_widgets(count):\n    return count * 2\n",
    );
    let second = next_report();
    assert_eq!(
        second["files_parsed"], 1,
        "only the new file is parsed: {second}"
    );
    assert_eq!(second["files_reused"], 6, "{second}");
    let found = repo.run(&["search", "frobnicate widgets"]);
    assert!(
        found.starts_with("- retrykit/widgets.py::frobnicate_widgets "),
        "{found}"
    );

    std::fs::remove_file(repo.path("retrykit/widgets.py")).expect("removable");
    let third = next_report();
    assert_eq!(third["files_removed"], 1, "{third}");
    repo.fail(&["zoom", "retrykit/widgets.py"], 2);
}
