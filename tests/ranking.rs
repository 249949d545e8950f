//! Ranking on tasks whose right answer is known (`testdata/ranking_repo`): each kind of
//! evidence a task can carry must put its node first, ahead of a decoy whose name and
//! docs match the task's prose better.

mod common;

use common::{Repo, fixture};
use serde_json::Value;

fn indexed() -> Repo {
    let repo = fixture("ranking_repo");
    repo.index(&[]);
    repo
}

/// The ids `search` ranks first for a task.
fn top_ids(repo: &Repo, task: &str, n: usize) -> Vec<String> {
    let limit = n.to_string();
    let found: Value = repo.json(&["search", task, "-n", &limit, "--json"]);
    found
        .as_array()
        .expect("search --json prints an array")
        .iter()
        .map(|hit| hit["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Tasks and the node each must rank first. The decoys: `validate_card` reads like the
/// first task, `Cart::clear` like the second, `reserve`'s file holds the most of the
/// third's words, `RATES`' neighbour functions share its file.
const TASKS: [(&str, &str, &str); 5] = [
    (
        "a message quoted from the program matches the string literal inside a body",
        "Paying fails with \"card was declined by the issuer\" although the card is valid",
        "shop/payment.py::charge",
    ),
    (
        "an identifier in backticks names its definition",
        "`apply_coupon` keeps the discount after the cart is emptied",
        "shop/cart.py::Cart::apply_coupon",
    ),
    (
        "a traceback names the file and the function",
        "Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n  File \"shop/inventory.py\", line 11, in reserve\n    left = STOCK[sku]\nKeyError: 'A-1'",
        "shop/inventory.py::reserve",
    ),
    (
        "words found only outside any definition find the file",
        "the quarterly export for accountants",
        "shop/ledger.py",
    ),
    (
        "a table entry is found by the words of its body",
        "shipping rates lack an overnight option beside same_day",
        "shop/shipping.py::RATES",
    ),
];

#[test]
fn each_kind_of_evidence_ranks_its_node_first() {
    let repo = indexed();
    let mut wrong = Vec::new();
    for (what, task, expected) in TASKS {
        let top = top_ids(&repo, task, 3);
        if top.first().map(String::as_str) != Some(expected) {
            wrong.push(format!("{what}: expected {expected} first, got {top:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_quoted_message_brings_its_line_into_a_small_slice() {
    let repo = indexed();
    let text = repo.run(&[
        "slice",
        "Paying fails with \"card was declined by the issuer\" although the card is valid",
        "--budget",
        "300",
    ]);
    assert!(
        text.contains("raise ShopError(\"card was declined by the issuer\")"),
        "the raising line is shown:\n{text}"
    );
    assert!(common::tokens(&text) <= 300, "within budget:\n{text}");
}

#[test]
fn search_lists_other_files_before_a_files_third_node() {
    let repo = indexed();
    // Every function of the shop matches "cart" or "order" somewhere; cart.py has most.
    let top = top_ids(&repo, "cart order card stock parcel quantity", 12);
    let files: Vec<&str> = top
        .iter()
        .map(|id| id.split("::").next().unwrap_or(id))
        .collect();
    let mut third = None;
    for (i, file) in files.iter().enumerate() {
        if files[..i].iter().filter(|f| *f == file).count() == 2 {
            third = Some(i);
            break;
        }
    }
    if let Some(i) = third {
        let mut before: Vec<&str> = files[..i].to_vec();
        before.sort();
        before.dedup();
        let all: std::collections::BTreeSet<&str> = files.iter().copied().collect();
        assert_eq!(
            before.len(),
            all.len(),
            "every file shows its best nodes before any file's third: {top:?}"
        );
    }
}

#[test]
fn a_file_full_of_strong_matches_leaves_room_for_the_next_file() {
    // 80 functions of one file match every word of the task; one function of another
    // file matches a single one. The second file must still be listed: a file's many
    // matches must not fill the candidates before the other files are seen.
    let repo = common::empty_repo("crowded");
    let crowded: String = (0..80)
        .map(|i| {
            format!(
                "def render_widget_{i}(widget):\n    \"Render the widget frame and its border.\"\n    return frame_border(widget, {i})\n\n"
            )
        })
        .collect();
    repo.write("crowded.py", crowded);
    repo.write(
        "other.py",
        "def keep_border(value):\n    \"Keeps a value.\"\n    return value\n",
    );
    repo.index(&[]);
    let top = top_ids(&repo, "render the widget frame border", 50);
    assert!(
        top.iter().any(|id| id.starts_with("other.py")),
        "other.py is missing from {top:?}"
    );
}

#[test]
fn a_common_name_written_with_its_type_finds_that_definition() {
    // 30 classes define `new`: too common a name to say anything alone. Written with
    // its class or module, it names one.
    let repo = common::empty_repo("common_names");
    for i in 0..30 {
        repo.write(
            &format!("shapes/shape{i}.py"),
            format!("class Shape{i}:\n    def new(self):\n        return Shape{i}()\n"),
        );
    }
    repo.write(
        "shapes/writer.py",
        "class Writer:\n    def new(self):\n        return Writer()\n",
    );
    // More than 20 look-alikes whose names hold the word "writer".
    for i in 0..25 {
        repo.write(
            &format!("logs/log{i}.py"),
            format!("class Log{i}Writer:\n    def new(self):\n        return Log{i}Writer()\n"),
        );
    }
    for i in 0..3 {
        repo.write(
            &format!("shapes/open{i}.py"),
            format!(
                "def make_public{i}(item):\n    \"Make the item public.\"\n    # make public, make it public\n    item.public = True\n"
            ),
        );
    }
    repo.index(&[]);
    // The method the task names comes before the class that only qualifies it (and
    // before every other `new`); without its qualifier it would come after.
    for (task, wanted, class) in [
        (
            "make `Writer.new()` public",
            "shapes/writer.py::Writer::new",
            "shapes/writer.py::Writer",
        ),
        // Held by its module, the file `shape3.py`.
        (
            "make `shape3.new()` public",
            "shapes/shape3.py::Shape3::new",
            "shapes/shape3.py::Shape3",
        ),
    ] {
        let top = top_ids(&repo, task, 10);
        let at = |id: &str| top.iter().position(|t| t == id);
        assert!(
            at(wanted).is_some_and(|w| at(class).is_none_or(|c| w < c)),
            "{task}: {wanted} is not listed before {class}: {top:?}"
        );
        let other_new = top
            .iter()
            .position(|id| id.ends_with("::new") && id != wanted);
        assert!(
            other_new.is_none_or(|o| at(wanted).is_some_and(|w| w < o)),
            "{task}: another `new` comes first: {top:?}"
        );
    }
}

#[test]
fn a_name_written_with_its_package_finds_the_definition_anywhere_in_it() {
    // Three `Error`s; the task means the root crate's (named only in Cargo.toml: the
    // checkout's folder is named otherwise) and the Python package's, though the
    // decoys' words match it better and no file of either is named after the package.
    let repo = common::empty_repo("packages");
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"fast-scan\"\nversion = \"0.1.0\"\n",
    );
    repo.write("src/lib.rs", "mod error;\npub use error::Error;\n");
    repo.write(
        "src/error.rs",
        "#[derive(Debug)]\npub enum Error {\n    Io,\n    Syntax,\n}\n",
    );
    repo.write(
        "extra/Cargo.toml",
        "[package]\nname = \"fast-scan-extra\"\nversion = \"0.1.0\"\n",
    );
    repo.write(
        "extra/src/lib.rs",
        "/// A cloneable error that derives Clone: clone the error, compare errors.\n#[derive(Clone)]\npub struct Error;\n",
    );
    repo.write("kit/__init__.py", "from kit.parts import Parser\n");
    repo.write(
        "kit/parts.py",
        "class Parser:\n    def feed(self, text):\n        return text\n",
    );
    repo.write(
        "tools/parsing.py",
        "class Parser:\n    \"\"\"Parse tokens.\"\"\"\n    def feed(self, tokens):\n        return tokens\n",
    );
    repo.index(&[]);
    for (task, wanted) in [
        (
            "`fast_scan::Error` should be comparable",
            "src/error.rs::Error",
        ),
        ("`kit.Parser` should parse", "kit/parts.py::Parser"),
    ] {
        let top = top_ids(&repo, task, 5);
        assert_eq!(
            top.first().map(String::as_str),
            Some(wanted),
            "{task}: {top:?}"
        );
    }
}

#[test]
fn a_long_task_keeps_its_telling_words() {
    let repo = indexed();
    // A task drowned in a log: thousands of lines of words the repository lacks or
    // holds everywhere, and one line that matters.
    // Request ids, times and counters on every line; the message halfway down.
    let mut lines: Vec<String> = (0..20_000u64)
        .map(|i| {
            let id = i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            format!("INFO worker-{i} heartbeat ok request={id:016x} latency=0.{i:04}s order cart")
        })
        .collect();
    lines.insert(
        10_000,
        "Paying fails: \"card was declined by the issuer\"".into(),
    );
    let task = lines.join("\n");
    let file = repo.path("task.txt");
    std::fs::write(&file, &task).expect("write the task");
    let found: Value = repo.json(&[
        "search",
        "--query-file",
        file.to_str().expect("utf-8 path"),
        "-n",
        "1",
        "--json",
    ]);
    assert_eq!(found[0]["id"], "shop/payment.py::charge", "{found}");
}

#[test]
fn a_best_file_too_big_to_show_whole_shows_its_head() {
    // The imports and settings of the file a task is about are often what a change
    // edits beside the code: the file too big for the budget shows its first lines,
    // up to its first definition.
    let repo = indexed();
    let task = "receipts should print amounts with the locale's decimal separator";
    let slice = repo.json(&["slice", task, "--budget", "1500", "--json"]);
    let file = slice["entries"]
        .as_array()
        .expect("entries is a list")
        .iter()
        .find(|e| e["id"] == "shop/receipts.py")
        .expect("the best file is in the slice");
    assert_eq!(file["level"], "source", "{file}");
    assert_eq!(file["why"], "match", "{file}");
    assert_eq!(file["skipped_lines"], 0, "{file}");
    assert!(file["cut_lines"].as_u64().unwrap() > 0, "{file}");
    let text = slice["text"].as_str().unwrap();
    assert!(text.contains("import locale\n"), "{text}");
    assert!(
        text.contains("… 87 more lines: pyramid zoom shop/receipts.py --level source"),
        "{text}"
    );

    // The smallest slices keep their room for the matches themselves.
    let small = repo.json(&["slice", task, "--budget", "400", "--json"]);
    let head = small["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "shop/receipts.py" && e["level"] == "source");
    assert!(head.is_none(), "{small}");
}

#[test]
fn what_the_best_match_calls_is_listed_below_it_though_its_words_do_not_match() {
    let repo = indexed();
    let task = "the checkout total is wrong when finalizing an order";
    let top = top_ids(&repo, task, 10);
    assert_eq!(top[0], "shop/checkout.py::finalize_order", "{top:?}");
    // `levy` shares no word with the task: the call from the best match brings it.
    assert!(top.contains(&"shop/tax.py::levy".to_string()), "{top:?}");
    // Narrowed to methods, the raise obeys the filter: no function comes in by it.
    let found: Value = repo.json(&["search", task, "--kind", "method"]);
    assert!(
        found
            .as_array()
            .unwrap()
            .iter()
            .all(|hit| hit["kind"] == "method"),
        "{found}"
    );
}

#[test]
fn explain_says_which_words_and_names_raised_a_result() {
    let repo = indexed();
    let task = "`apply_coupon` keeps the discount after the cart is emptied";
    let found: Value = repo.json(&["search", task, "--explain", "-n", "3"]);
    let first = &found[0];
    assert_eq!(first["id"], "shop/cart.py::Cart::apply_coupon", "{found:#}");
    let why = &first["why"];
    assert!(
        why["evidence"]
            .as_array()
            .unwrap()
            .contains(&Value::from("the task names `apply_coupon`")),
        "{why:#}"
    );
    let name: Vec<&str> = why["name"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(name.contains(&"coupon"), "{why:#}");
    // Without --explain, no `why`.
    let plain: Value = repo.json(&["search", task, "-n", "1"]);
    assert!(plain[0].get("why").is_none(), "{plain:#}");
    let text = repo.run(&["search", task, "--explain", "-n", "1"]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[1].starts_with("    why: name: "), "{text}");
    assert!(lines[1].contains("the task names `apply_coupon`"), "{text}");
}
