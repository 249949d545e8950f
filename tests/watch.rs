//! `pyramid watch`: the index follows the files while they change.

mod common;

use common::{Watcher, fixture};

#[test]
fn watch_reindexes_changed_files() {
    let repo = fixture("python_repo");
    let watcher = Watcher::start(&repo.root);

    let first = watcher.next_report();
    assert_eq!(
        first["files_parsed"], 10,
        "the first run indexes everything, code and text: {first}"
    );

    repo.write(
        "retrykit/widgets.py",
        "def frobnicate_widgets(count):\n    return count * 2\n",
    );
    let second = watcher.next_report();
    assert_eq!(
        second["files_parsed"], 1,
        "only the new file is parsed: {second}"
    );
    assert_eq!(second["files_reused"], 10, "{second}");
    let found = repo.run(&["search", "frobnicate widgets"]);
    assert!(
        found.starts_with("- retrykit/widgets.py::frobnicate_widgets "),
        "{found}"
    );

    std::fs::remove_file(repo.path("retrykit/widgets.py")).expect("removable");
    let third = watcher.next_report();
    assert_eq!(third["files_removed"], 1, "{third}");
    repo.fail(&["zoom", "retrykit/widgets.py"], 2);
}

#[test]
fn watch_follows_files_of_other_languages() {
    let repo = fixture("go_repo");
    let watcher = Watcher::start(&repo.root);
    let first = watcher.next_report();
    assert!(first["files_parsed"].as_u64() > Some(5), "{first}");
    repo.write(
        "bucket/drain.go",
        "package bucket\n\n// Drain empties the bucket of its tokens.\nfunc (b *TokenBucket) Drain() {\n\tb.tokens = 0\n}\n",
    );
    let second = watcher.next_report();
    assert_eq!(second["files_parsed"], 1, "{second}");
    let found = repo.run(&["search", "drain the bucket empty of its tokens"]);
    assert!(
        found.starts_with("- bucket/drain.go::TokenBucket::Drain "),
        "{found}"
    );
}
