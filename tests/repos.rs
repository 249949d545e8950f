//! The registry of repositories (`pyramid repos`) and queries over several at once
//! (`--all`, `--repos`, `zoom name:id`).

mod common;

use common::{Repo, fixture, pyramid, run_fail, run_ok};
use serde_json::Value;
use tempfile::TempDir;

/// A registry in its own configuration directory, and the two fixtures indexed.
struct World {
    config: TempDir,
    python: Repo,
    rust: Repo,
}

impl World {
    fn new() -> World {
        let python = fixture("python_repo");
        python.index(&[]);
        let rust = fixture("rust_repo");
        rust.index(&[]);
        World {
            config: tempfile::tempdir().expect("a temporary directory"),
            python,
            rust,
        }
    }

    /// `pyramid <args>` with this world's registry, run outside both repositories.
    fn cmd(&self, args: &[&str]) -> assert_cmd::Command {
        common::with_registry(self.config.path(), args)
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = run_ok(&mut self.cmd(&all));
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
    }

    fn register(&self) {
        let python = self.python.root.to_string_lossy().into_owned();
        let rust = self.rust.root.to_string_lossy().into_owned();
        run_ok(&mut self.cmd(&["repos", "add", &python, "--name", "py"]));
        run_ok(&mut self.cmd(&["repos", "add", &rust]));
    }
}

#[test]
fn repositories_are_registered_listed_and_removed() {
    let world = World::new();
    world.register();
    let listed = world.json(&["repos", "list"]);
    let names: Vec<&String> = listed.as_object().expect("an object").keys().collect();
    assert_eq!(names, ["py", "rust_repo"]);
    assert!(
        world.config.path().join("pyramid/repos.json").is_file(),
        "the registry lives in XDG_CONFIG_HOME"
    );
    let text = run_ok(&mut world.cmd(&["repos", "list"]));
    assert!(text.starts_with("py\t"), "{text}");

    // Adding the same repository under the same name again changes nothing; another
    // repository under a taken name is refused.
    let rust = world.rust.root.to_string_lossy().into_owned();
    run_ok(&mut world.cmd(&["repos", "add", &rust]));
    let err = run_fail(&mut world.cmd(&["repos", "add", &rust, "--name", "py"]), 2);
    assert!(err.contains("already registered as `rust_repo`"), "{err}");
    let other = fixture("python_repo");
    other.index(&[]);
    let other_path = other.root.to_string_lossy().into_owned();
    let err = run_fail(
        &mut world.cmd(&["repos", "add", &other_path, "--name", "py"]),
        2,
    );
    assert!(err.contains("the name `py` is taken"), "{err}");
    let err = run_fail(&mut world.cmd(&["repos", "add", &rust, "--name", "a:b"]), 2);
    assert!(err.contains("bad repository name"), "{err}");
    let unindexed = fixture("python_repo");
    let path = unindexed.root.to_string_lossy().into_owned();
    let err = run_fail(&mut world.cmd(&["repos", "add", &path, "--name", "new"]), 1);
    assert!(err.contains("pyramid index"), "{err}");

    run_ok(&mut world.cmd(&["repos", "remove", "py"]));
    let listed = world.json(&["repos", "list"]);
    assert_eq!(listed.as_object().map(|o| o.len()), Some(1));
    let err = run_fail(&mut world.cmd(&["repos", "remove", "py"]), 2);
    assert!(
        err.contains("no registered repository `py`; registered: rust_repo"),
        "{err}"
    );
}

#[test]
fn search_and_pattern_over_all_repositories() {
    let world = World::new();
    world.register();
    // "commit" is in the Rust fixture, "retry" in the Python one.
    let found = world.json(&["search", "--all", "commit writer retry policy", "-n", "20"]);
    let list = found.as_array().expect("a list");
    let repos: Vec<&str> = list.iter().map(|f| f["repo"].as_str().unwrap()).collect();
    assert!(
        repos.contains(&"py") && repos.contains(&"rust_repo"),
        "{found}"
    );
    for f in list {
        let prefix = format!("{}:", f["repo"].as_str().unwrap());
        assert!(f["id"].as_str().unwrap().starts_with(&prefix), "{f}");
    }
    let scores: Vec<f64> = list.iter().map(|f| f["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "merged by score: {scores:?}"
    );

    let only = world.json(&["search", "--repos", "rust_repo", "commit"]);
    assert!(
        only.as_array()
            .unwrap()
            .iter()
            .all(|f| f["repo"] == "rust_repo")
    );

    let matches = world.json(&[
        "pattern",
        "--all",
        "--lang",
        "python",
        "--ast",
        "time.sleep($D)",
    ]);
    let first = &matches["matches"][0];
    assert_eq!(first["repo"], "py", "{matches}");
    assert_eq!(first["id"], "py:retrykit/policy.py::RetryPolicy::sleep");

    // An id from a merged answer zooms as it is, from anywhere.
    let view = world.json(&[
        "zoom",
        "py:retrykit/policy.py::RetryPolicy::sleep",
        "--level",
        "source",
    ]);
    assert!(
        view["text"]
            .as_str()
            .unwrap()
            .contains("time.sleep(seconds)"),
        "{view}"
    );

    let similar = world.json(&[
        "pattern",
        "--all",
        "--like",
        "py:retrykit/policy.py::RetryPolicy::delay_for",
        "-n",
        "3",
    ]);
    let ids: Vec<&str> = similar
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(
        !ids.contains(&"py:retrykit/policy.py::RetryPolicy::delay_for"),
        "{ids:?}"
    );
    assert!(
        ids.iter().all(|id| id.starts_with("py:")),
        "Python shapes only: {ids:?}"
    );

    let twice = world.json(&["search", "--repos", "py,py", "retry policy", "-n", "50"]);
    let ids: Vec<&str> = twice
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(
        ids.len(),
        unique.len(),
        "a repository named twice answers once"
    );

    let err = run_fail(&mut world.cmd(&["search", "--repos", "nope", "x"]), 2);
    assert!(err.contains("no registered repository `nope`"), "{err}");
}

#[test]
fn a_corrupt_registry_does_not_break_local_ids() {
    let world = World::new();
    let registry = world.config.path().join("pyramid/repos.json");
    std::fs::create_dir_all(registry.parent().expect("a folder")).expect("writable");
    std::fs::write(&registry, "{ not json").expect("writable");
    let out = world
        .cmd(&["zoom", "retrykit/util.py", "--depth", "0"])
        .arg("--repo")
        .arg(&world.python.root)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = run_fail(&mut world.cmd(&["search", "--all", "retry"]), 2);
    assert!(
        err.contains("is malformed") && err.contains("fix or delete it"),
        "{err}"
    );
}

#[test]
fn all_without_a_registry_says_how_to_make_one() {
    let config = tempfile::tempdir().expect("a temporary directory");
    let err = run_fail(
        pyramid()
            .current_dir(config.path())
            .env("XDG_CONFIG_HOME", config.path())
            .args(["search", "--all", "retry"]),
        2,
    );
    assert!(err.contains("pyramid repos add PATH"), "{err}");
}
