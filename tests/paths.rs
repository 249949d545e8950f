//! Paths pyramid is given or reads from files: a port map naming a target outside the
//! repository, one `--index-dir` for two repositories, `--repo` against `index DIR`,
//! a watched repository deleted, a registered repository gone.

mod common;
#[path = "common/mcp_client.rs"]
mod mcp_client;

use std::fs;
use std::path::{Path, PathBuf};

use common::{HANG, Repo, fixture, pyramid, pyramid_process, run_fail, run_json, run_ok};
use serde_json::json;

/// Copies a fixture's files (no index) into `dst`.
fn copy_fixture(name: &str, dst: &Path) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name);
    copy_tree(&src, dst);
}

fn copy_tree(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for entry in fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == ".pyramid" || name == "target" {
            continue;
        }
        let to = dst.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &to);
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
}

/// The Python port fixture, indexed, with a hostile port map naming `target_repo`,
/// and a Rust repository outside it (`<tmp>/victim`, not indexed) a map may name.
struct Hostile {
    py: Repo,
    victim: PathBuf,
}

impl Hostile {
    fn new() -> Hostile {
        let py = fixture("semport-py");
        py.index(&[]);
        let victim = py.tmp.path().join("victim");
        copy_fixture("semport-rs", &victim);
        Hostile { py, victim }
    }

    /// Writes the port map as a cloned repository could bring it.
    fn map(&self, target_repo: &str) {
        let map = toml::to_string(&toml::Table::from_iter([(
            "target_repo".to_string(),
            toml::Value::String(target_repo.to_string()),
        )]))
        .unwrap();
        fs::write(self.py.index_dir().join("semport.toml"), map).unwrap();
    }

    fn victim_s(&self) -> String {
        self.victim.to_string_lossy().into_owned()
    }

    fn assert_victim_untouched(&self) {
        assert!(
            !self.victim.join(".pyramid").exists(),
            "an index was created in {}",
            self.victim.display()
        );
    }
}

#[test]
fn a_port_map_alone_never_sends_pyramid_outside_the_repository() {
    let h = Hostile::new();
    let victim = h.victim_s();
    // A link inside the repository that leads out of it.
    #[cfg(unix)]
    std::os::unix::fs::symlink(&h.victim, h.py.path("linked")).unwrap();
    for target in [
        victim.as_str(),
        "../victim",
        "textkit/../../victim",
        "linked",
    ] {
        h.map(target);
        for args in [&["semport", "status"][..], &["semport", "link", "--auto"]] {
            let err = h.py.fail(args, 2);
            assert!(
                err.contains(&format!("names the target repository `{target}`"))
                    && err.contains("not a folder inside this repository")
                    && err.contains(&format!("give --target-repo {target}")),
                "{target} {args:?}: {err}"
            );
            h.assert_victim_untouched();
        }
    }

    // A folder inside the repository without an index is not indexed on the map's word.
    fs::create_dir_all(h.py.path("port")).unwrap();
    fs::write(h.py.path("port/lib.rs"), "pub fn f() {}\n").unwrap();
    h.map("port");
    let err = h.py.fail(&["semport", "status"], 2);
    assert!(
        err.contains("which has no index yet") && err.contains("give --target-repo port"),
        "{err}"
    );
    assert!(!h.py.path("port/.pyramid").exists());

    // Named on the command line, the outside target is the user's to choose.
    h.map(&victim);
    let out =
        h.py.cmd()
            .args(["semport", "status", "--target-repo", &victim])
            .output()
            .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("port of .: 0 of "),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(h.victim.join(".pyramid/CURRENT").is_file());
}

#[test]
fn a_target_inside_the_repository_with_an_index_is_used_from_the_map() {
    let h = Hostile::new();
    let inside = h.py.path("port-rs");
    copy_fixture("semport-rs", &inside);
    run_ok(pyramid().arg("--repo").arg(&inside).arg("index"));
    h.map("port-rs");
    let status = h.py.run(&["semport", "status"]);
    assert!(status.starts_with("port of .: 0 of "), "{status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mcp_semport_status_never_follows_a_port_map_outside_the_repository() {
    let h = Hostile::new();
    for target in [h.victim_s(), "../victim".to_string()] {
        h.map(&target);
        let client = mcp_client::connect(&h.py).await;
        let refusal = mcp_client::refusal(&client, "semport_status", json!({})).await;
        assert!(
            refusal.contains(&format!("names the target repository `{target}`"))
                && refusal.contains("the MCP server reads no other repository")
                && refusal.contains(&format!(
                    "`pyramid semport status --target-repo {target}` in a shell"
                )),
            "{refusal}"
        );
        client.cancel().await.expect("the client closes");
        h.assert_victim_untouched();
    }
}

/// `pyramid --repo <root> --index-dir <dir> <args>`.
fn with_index_dir(root: &Path, index_dir: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = pyramid();
    cmd.timeout(HANG)
        .arg("--repo")
        .arg(root)
        .arg("--index-dir")
        .arg(index_dir)
        .args(args);
    cmd
}

#[test]
fn one_index_dir_serves_one_repository() {
    let rust = fixture("rust_repo");
    let python = fixture("python_repo");
    let shared = rust.tmp.path().join("shared-index");
    run_ok(&mut with_index_dir(&rust.root, &shared, &["index"]));

    for args in [
        &["overview"][..],
        &["index"],
        &["search", "retry"],
        &["mcp"],
    ] {
        let err = run_fail(
            with_index_dir(&python.root, &shared, args).write_stdin(""),
            2,
        );
        assert!(
            err.contains(&format!(
                "the index in `{}` belongs to the repository `{}`, not to `{}`",
                shared.display(),
                rust.root.display(),
                python.root.display()
            )) && err.contains("an --index-dir of its own")
                && err.contains("pyramid index --rebuild"),
            "{args:?}: {err}"
        );
    }
    // The index is still the Rust repository's, whole.
    let overview = run_json(&mut with_index_dir(
        &rust.root,
        &shared,
        &["--json", "status"],
    ));
    assert_eq!(overview["fresh"], true, "{overview}");

    // `index --rebuild` takes it over, and then it is the Python repository's.
    let report = run_json(&mut with_index_dir(
        &python.root,
        &shared,
        &["--json", "index", "--rebuild"],
    ));
    assert_eq!(report["files_parsed"], 10, "{report}");
    let err = run_fail(&mut with_index_dir(&rust.root, &shared, &["overview"]), 2);
    assert!(err.contains("belongs to the repository"), "{err}");
    let zoomed = run_ok(pyramid().arg("--index-dir").arg(&shared).args([
        "zoom",
        "retrykit/",
        "--depth",
        "0",
    ]));
    assert!(zoomed.contains("retrykit/"), "{zoomed}");
}

#[test]
fn repo_and_index_dir_argument_must_agree() {
    let a = fixture("rust_repo");
    let b = fixture("python_repo");
    let err = run_fail(
        pyramid()
            .timeout(HANG)
            .arg("--repo")
            .arg(&a.root)
            .arg("index")
            .arg(&b.root),
        2,
    );
    assert!(
        err.contains(&format!("--repo `{}`", a.root.display()))
            && err.contains(&format!("the DIR argument `{}`", b.root.display()))
            && err.contains("different repositories"),
        "{err}"
    );
    assert!(!a.index_dir().exists() && !b.index_dir().exists());

    // The same folder spelt two ways is one repository.
    let report = run_json(
        pyramid()
            .timeout(HANG)
            .current_dir(a.tmp.path())
            .args(["--json", "--repo"])
            .arg(&a.root)
            .arg("index")
            .arg("rust_repo/."),
    );
    assert_eq!(report["files_parsed"], 7, "{report}");
}

#[test]
fn watch_stops_when_the_repository_is_deleted() {
    let repo = fixture("python_repo");
    let mut child = pyramid_process()
        .args(["--json", "watch", "--debounce-ms", "100", "--repo"])
        .arg(&repo.root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the watcher starts");
    let mut stdout = std::io::BufReader::new(child.stdout.take().expect("piped"));
    let mut first = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut first).unwrap();
    assert!(first.contains("\"files_parsed\":10"), "{first}");

    fs::remove_dir_all(&repo.root).unwrap();
    let deadline = std::time::Instant::now() + HANG;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("the watcher kept running after its repository was deleted");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("{} was deleted or replaced", repo.root.display()))
            && stderr.contains("watching stopped"),
        "{stderr}"
    );
    assert!(!repo.root.exists(), "the repository folder was made again");
}

#[test]
fn all_answers_from_the_repositories_still_there() {
    let config = tempfile::tempdir().unwrap();
    let python = fixture("python_repo");
    python.index(&[]);
    let rust = fixture("rust_repo");
    rust.index(&[]);
    let registry = |args: &[&str]| common::with_registry(config.path(), args);
    for repo in [&python, &rust] {
        run_ok(&mut registry(&[
            "repos",
            "add",
            &repo.root.to_string_lossy(),
        ]));
    }
    fs::remove_dir_all(&rust.root).unwrap();

    let out = registry(&["--json", "search", "--all", "retry policy"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = found.as_array().expect("a list");
    assert!(!found.is_empty());
    assert!(
        found.iter().all(|f| f["repo"] == "python_repo"),
        "{found:?}"
    );
    assert!(
        stderr.contains(&format!(
            "warning: the registered repository `rust_repo` ({}) cannot be read: it no longer exists",
            rust.root.display()
        )) && stderr.contains("pyramid repos remove rust_repo"),
        "{stderr}"
    );
    let patterns = registry(&[
        "pattern",
        "--all",
        "--lang",
        "python",
        "--query",
        "(function_definition) @f",
        "-n",
        "1",
    ])
    .output()
    .unwrap();
    assert!(
        patterns.status.success(),
        "{}",
        String::from_utf8_lossy(&patterns.stderr)
    );

    // Asked for by name, it is an error that says so.
    let err = run_fail(&mut registry(&["search", "--repos", "rust_repo", "x"]), 2);
    assert!(err.contains("it no longer exists"), "{err}");
}
