//! End-to-end tests of `pyramid semport` on the fixtures written for it: the Python
//! package `textkit` (`testdata/semport-py`) and its partial Rust port
//! (`testdata/semport-rs`). The plan's order checked against the fixture's known
//! uses, units that use each other in one step, scopes, outside APIs, `link --auto`
//! (and ambiguity), `status` as either side changes, errors, and the map surviving a
//! rebuild. Skeleton text is not checked here (it has tests of its own).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use common::{Repo, fixture, modify, parse_one_json};
use serde_json::Value;

/// Every unit of `testdata/semport-py`, in source order.
const UNITS: [&str; 11] = [
    "textkit/config.py::DEFAULT_WIDTH",
    "textkit/config.py::WrapConfig",
    "textkit/parity.py::ParseError",
    "textkit/parity.py::is_even",
    "textkit/parity.py::is_odd",
    "textkit/parity.py::parse_count",
    "textkit/words.py::WORD_PATTERN",
    "textkit/words.py::split_words",
    "textkit/words.py::count_words",
    "textkit/wrap.py::wrap",
    "textkit/wrap.py::fill",
];

/// What uses what in `testdata/semport-py`, read off its source by hand: `(user, used)`.
const EDGES: [(&str, &str); 10] = [
    (
        "textkit/config.py::WrapConfig",
        "textkit/config.py::DEFAULT_WIDTH",
    ),
    ("textkit/parity.py::is_even", "textkit/parity.py::is_odd"),
    ("textkit/parity.py::is_odd", "textkit/parity.py::is_even"),
    (
        "textkit/parity.py::parse_count",
        "textkit/parity.py::ParseError",
    ),
    (
        "textkit/words.py::split_words",
        "textkit/words.py::WORD_PATTERN",
    ),
    (
        "textkit/words.py::count_words",
        "textkit/words.py::split_words",
    ),
    ("textkit/wrap.py::wrap", "textkit/config.py::WrapConfig"),
    ("textkit/wrap.py::wrap", "textkit/words.py::split_words"),
    ("textkit/wrap.py::fill", "textkit/config.py::WrapConfig"),
    ("textkit/wrap.py::fill", "textkit/wrap.py::wrap"),
];

/// The units the Rust fixture already ports, with their targets.
const PORTED: [(&str, &str); 4] = [
    (
        "textkit/config.py::DEFAULT_WIDTH",
        "src/config.rs::DEFAULT_WIDTH",
    ),
    ("textkit/config.py::WrapConfig", "src/config.rs::WrapConfig"),
    ("textkit/words.py::split_words", "src/words.rs::split_words"),
    ("textkit/words.py::count_words", "src/words.rs::count_words"),
];

const SPLIT_WORDS: &str = "textkit/words.py::split_words";
const COUNT_WORDS: &str = "textkit/words.py::count_words";

/// The Python fixture, indexed, with a copy of the Rust port beside it (same
/// temporary directory, not indexed: `semport link` and `status` index it).
struct Port {
    py: Repo,
    rs: PathBuf,
}

impl Port {
    fn new() -> Port {
        let py = fixture("semport-py");
        let rs = py.tmp.path().join("semport-rs");
        copy_tree(&testdata("semport-rs"), &rs);
        py.index(&[]);
        Port { py, rs }
    }

    /// `--target-repo` as an absolute path.
    fn target(&self) -> &str {
        self.rs.to_str().expect("a UTF-8 path")
    }

    /// Writes a file of the Rust copy.
    fn write_rs(&self, rel: &str, contents: &str) {
        let path = self.rs.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        modify(&path, contents);
    }

    /// `semport link --auto --target-repo <rs> --json`.
    fn link_auto(&self) -> Value {
        self.py
            .json(&["semport", "link", "--auto", "--target-repo", self.target()])
    }

    /// The port map's path.
    fn map_path(&self) -> PathBuf {
        self.py.index_dir().join("semport.toml")
    }

    /// The port map, parsed.
    fn map(&self) -> toml::Table {
        let text = fs::read_to_string(self.map_path()).expect("the map was written");
        toml::from_str(&text).unwrap_or_else(|e| panic!("the map is TOML ({e}): {text}"))
    }

    /// `(source, target)` pairs of the map.
    fn map_pairs(&self) -> BTreeSet<(String, String)> {
        self.map()
            .get("unit")
            .and_then(toml::Value::as_array)
            .map(|units| {
                units
                    .iter()
                    .map(|u| {
                        (
                            u["source"].as_str().unwrap().to_string(),
                            u["target"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `pyramid --repo <py> <args>` for a `semport status`: exit code and stdout
    /// (status exits 1 with a report when a unit is stale or missing).
    fn run_status(&self, args: &[&str]) -> (i32, String) {
        let out = self.py.cmd().args(args).output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let code = out.status.code().expect("an exit code");
        assert!(
            code == 0 || code == 1,
            "status failed ({code})\nstdout:\n{stdout}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (code, stdout)
    }

    /// `semport status`: exit code and text.
    fn status(&self) -> (i32, String) {
        self.run_status(&["semport", "status", "--target-repo", self.target()])
    }

    /// `semport status --json`: exit code and report.
    fn status_json(&self) -> (i32, Value) {
        let (code, stdout) = self.run_status(&[
            "--json",
            "semport",
            "status",
            "--target-repo",
            self.target(),
        ]);
        (code, parse_one_json(&stdout))
    }
}

fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name)
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

fn args_with<'a>(first: &[&'a str], rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = first.to_vec();
    args.extend_from_slice(rest);
    args
}

/// `semport plan --to rust <extra> --json`.
fn plan(repo: &Repo, extra: &[&str]) -> Value {
    repo.json(&args_with(&["semport", "plan", "--to", "rust"], extra))
}

fn steps(plan: &Value) -> &Vec<Value> {
    plan["steps"]
        .as_array()
        .unwrap_or_else(|| panic!("steps: {plan}"))
}

/// The ids of each step, in order.
fn step_ids(plan: &Value) -> Vec<Vec<String>> {
    steps(plan)
        .iter()
        .map(|s| {
            s["units"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["id"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

/// Every unit of the plan by id.
fn units(plan: &Value) -> BTreeMap<String, &Value> {
    steps(plan)
        .iter()
        .flat_map(|s| s["units"].as_array().unwrap())
        .map(|u| (u["id"].as_str().unwrap().to_string(), u))
        .collect()
}

/// Step index of each unit.
fn step_of(plan: &Value) -> BTreeMap<String, usize> {
    step_ids(plan)
        .into_iter()
        .enumerate()
        .flat_map(|(i, ids)| ids.into_iter().map(move |id| (id, i)))
        .collect()
}

/// `(user, used)` pairs as the plan lists them.
fn plan_edges(plan: &Value) -> BTreeSet<(String, String)> {
    units(plan)
        .into_iter()
        .flat_map(|(id, unit)| {
            unit["uses"]
                .as_array()
                .unwrap_or_else(|| panic!("uses of {id}: {unit}"))
                .iter()
                .map(move |d| (id.clone(), d["id"].as_str().unwrap().to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `uses` of one unit as `id → ported_as`.
fn uses_of(plan: &Value, id: &str) -> BTreeMap<String, Value> {
    units(plan)[id]["uses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["ported_as"].clone(),
            )
        })
        .collect()
}

fn owned(pairs: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn strings(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

/// `(source, target)` pairs of a link report's `linked`.
fn linked(report: &Value) -> BTreeSet<(String, String)> {
    report["linked"]
        .as_array()
        .unwrap_or_else(|| panic!("linked: {report}"))
        .iter()
        .map(|p| {
            (
                p["source"].as_str().unwrap().to_string(),
                p["target"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// One unit's entry of a status report.
fn unit_status<'a>(report: &'a Value, source: &str) -> &'a Value {
    report["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["source"] == source)
        .unwrap_or_else(|| panic!("no status for {source}: {report}"))
}

/// The `(ported, stale, missing, unported, total)` counts of a status report.
fn counts(report: &Value) -> [u64; 5] {
    ["ported", "stale", "missing", "unported", "total"].map(|k| {
        report[k]
            .as_u64()
            .unwrap_or_else(|| panic!("{k}: {report}"))
    })
}

#[test]
fn plan_order_respects_every_use_and_the_fixtures_known_edges() {
    let port = Port::new();
    let plan = plan(&port.py, &[]);
    let at = step_of(&plan);

    // Each use the plan lists is of a unit in an earlier step, or in the same one.
    let listed = plan_edges(&plan);
    assert!(!listed.is_empty(), "{plan}");
    for (user, used) in &listed {
        let (u, d) = (at[user], at.get(used).copied());
        let d = d.unwrap_or_else(|| panic!("{user} uses {used}, which is not in the plan"));
        assert!(
            d <= u,
            "{user} (step {}) uses {used} (step {})",
            u + 1,
            d + 1
        );
    }

    // Independently of the plan's own `uses`: every use read off the fixture by hand
    // is respected, strictly unless both units use each other.
    for (user, used) in EDGES {
        let mutual = EDGES.contains(&(used, user));
        let (u, d) = (at[user], at[used]);
        if mutual {
            assert_eq!(u, d, "{user} and {used} use each other: one step");
        } else {
            assert!(
                d < u,
                "{user} (step {}) uses {used} (step {}): it must come later\n{:?}",
                u + 1,
                d + 1,
                step_ids(&plan)
            );
        }
    }
    // And the graph found exactly those uses.
    assert_eq!(listed, owned(&EDGES));

    // Steps are numbered 1, 2, 3, … in order.
    let numbers: Vec<u64> = steps(&plan)
        .iter()
        .map(|s| s["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=numbers.len() as u64).collect::<Vec<_>>());
    assert_eq!(plan["to"], "rust");
    assert_eq!(plan["scope"], ".");

    // `--format json` is the same plan as `--json`.
    let formatted = port
        .py
        .run(&["semport", "plan", "--to", "rust", "--format", "json"]);
    assert_eq!(parse_one_json(&formatted), plan);
}

#[test]
fn units_that_use_each_other_share_one_step_and_no_unit_is_left_out() {
    let port = Port::new();
    let plan = plan(&port.py, &[]);
    let ids = step_ids(&plan);
    let together: Vec<&Vec<String>> = ids.iter().filter(|s| s.len() > 1).collect();
    assert_eq!(
        together,
        [&strings(&[
            "textkit/parity.py::is_even",
            "textkit/parity.py::is_odd"
        ])],
        "is_even and is_odd share a step, alone; every other step has one unit: {ids:?}"
    );
    assert_eq!(ids.len(), 10, "{ids:?}");
    assert!(ids.iter().all(|s| !s.is_empty()), "{ids:?}");

    // 11 units, each exactly once.
    assert_eq!(plan["units"], 11);
    assert_eq!(plan["ported"], 0);
    let flat: Vec<String> = ids.concat();
    let planned: BTreeSet<String> = flat.iter().cloned().collect();
    assert_eq!(flat.len(), planned.len(), "a unit planned twice: {flat:?}");
    assert_eq!(planned, strings(&UNITS).into_iter().collect());

    // The same set as the functions, classes and constants the index holds, and the
    // same hashes.
    let tree = port.py.zoom(".", &["--depth", "6"]);
    let mut indexed = BTreeMap::new();
    let mut stack = vec![&tree];
    while let Some(node) = stack.pop() {
        if ["function", "method", "class", "const"].contains(&node["kind"].as_str().unwrap()) {
            indexed.insert(node["id"].as_str().unwrap().to_string(), &node["hash"]);
        }
        stack.extend(node["children"].as_array().into_iter().flatten());
    }
    assert_eq!(
        indexed.keys().cloned().collect::<BTreeSet<_>>(),
        planned,
        "the plan covers every unit of the fixture"
    );
    for (id, unit) in units(&plan) {
        assert_eq!(&unit["hash"], indexed[&id], "hash of {id}");
        assert_eq!(unit["lang"], "python", "{id}");
        assert!(unit["ported_as"].is_null(), "{id}");
        assert!(unit["skeleton"].is_object(), "{id} has a skeleton");
    }
    let units = units(&plan);
    assert_eq!(units["textkit/parity.py::is_even"]["kind"], "function");
    assert_eq!(units["textkit/config.py::WrapConfig"]["kind"], "class");
    assert_eq!(units["textkit/words.py::WORD_PATTERN"]["kind"], "const");
    assert!(
        units[COUNT_WORDS]["source"]
            .as_str()
            .unwrap()
            .starts_with("def count_words(text: str) -> int:"),
        "{}",
        units[COUNT_WORDS]
    );

    // The markdown says so too.
    let text = port.py.run(&["semport", "plan", "--to", "rust"]);
    assert!(
        text.starts_with("# Port plan: . → rust\n11 units in 10 steps, leaves first"),
        "{text}"
    );
    let step = text
        .split("\n## Step ")
        .find(|s| s.contains("### textkit/parity.py::is_even "))
        .unwrap_or_else(|| panic!("no step of is_even: {text}"));
    assert!(
        step.contains("2 units that use each other")
            && step.contains("### textkit/parity.py::is_odd "),
        "{step}"
    );
    assert_eq!(
        text.matches("\n### ").count(),
        11,
        "one heading per unit: {text}"
    );
}

#[test]
fn a_scope_plans_only_its_units() {
    let port = Port::new();
    let words = plan(&port.py, &["textkit/words.py"]);
    assert_eq!(words["scope"], "textkit/words.py");
    assert_eq!(words["units"], 3);
    assert_eq!(
        step_ids(&words),
        [
            strings(&["textkit/words.py::WORD_PATTERN"]),
            strings(&[SPLIT_WORDS]),
            strings(&[COUNT_WORDS])
        ]
    );
    assert_eq!(
        plan_edges(&words),
        owned(&[
            (SPLIT_WORDS, "textkit/words.py::WORD_PATTERN"),
            (COUNT_WORDS, SPLIT_WORDS)
        ])
    );

    let one = plan(&port.py, &[COUNT_WORDS]);
    assert_eq!(one["scope"], COUNT_WORDS);
    assert_eq!(one["units"], 1);
    assert_eq!(step_ids(&one), [strings(&[COUNT_WORDS])]);
    assert_eq!(
        uses_of(&one, COUNT_WORDS),
        BTreeMap::new(),
        "split_words is outside the scope: not a use to port"
    );

    // wrap.py uses config.py and words.py: those are not listed.
    let wrap = plan(&port.py, &["textkit/wrap.py"]);
    assert_eq!(
        step_ids(&wrap),
        [
            strings(&["textkit/wrap.py::wrap"]),
            strings(&["textkit/wrap.py::fill"])
        ]
    );
    assert_eq!(
        plan_edges(&wrap),
        owned(&[("textkit/wrap.py::fill", "textkit/wrap.py::wrap")])
    );

    // A directory is the whole of it.
    let dir = plan(&port.py, &["textkit/"]);
    assert_eq!(step_ids(&dir), step_ids(&plan(&port.py, &[])));
}

#[test]
fn bad_plan_requests_are_refused_with_what_to_do() {
    let port = Port::new();
    let typo = port
        .py
        .fail(&["semport", "plan", "--to", "rust", "textkit/word.py"], 2);
    assert!(
        typo.starts_with("error: ") && typo.contains("did you mean `textkit/words.py`"),
        "{typo}"
    );
    let item = port.py.fail(
        &[
            "semport",
            "plan",
            "--to",
            "rust",
            "textkit/words.py::count_word",
        ],
        2,
    );
    assert!(
        item.contains("did you mean `textkit/words.py::count_words`"),
        "{item}"
    );
    // Python to Python: nothing to port.
    let same = port.py.fail(&["semport", "plan", "--to", "python"], 2);
    assert!(
        same.starts_with("error: ") && same.contains("nothing to port to python"),
        "{same}"
    );
    let unknown = port.py.fail(&["semport", "plan", "--to", "go"], 2);
    assert!(
        unknown.contains("rust") && unknown.contains("python"),
        "{unknown}"
    );
    let missing = port.py.fail(&["semport", "plan"], 2);
    assert!(missing.contains("--to"), "{missing}");
}

#[test]
fn outside_apis_come_with_their_equivalents() {
    let port = Port::new();
    let plan = plan(&port.py, &[]);
    let units = units(&plan);
    let outside = |id: &str| -> BTreeMap<String, Value> {
        units[id]["outside"]
            .as_array()
            .unwrap_or_else(|| panic!("outside of {id}: {}", units[id]))
            .iter()
            .map(|a| {
                (
                    a["api"].as_str().unwrap().to_string(),
                    a["equivalent"].clone(),
                )
            })
            .collect()
    };
    let pattern = outside("textkit/words.py::WORD_PATTERN");
    assert_eq!(
        pattern.get("re.compile"),
        Some(&Value::from("regex::Regex::new")),
        "{pattern:?}"
    );
    let config = outside("textkit/config.py::WrapConfig");
    let dataclass = config
        .get("dataclasses.dataclass")
        .unwrap_or_else(|| panic!("WrapConfig lists dataclasses.dataclass: {config:?}"));
    assert!(
        dataclass.as_str().is_some_and(|e| !e.trim().is_empty()),
        "with an equivalent: {dataclass}"
    );
    // What is inside the repository is a use, not an outside API.
    assert!(
        outside(COUNT_WORDS).is_empty(),
        "{:?}",
        outside(COUNT_WORDS)
    );

    let text = port.py.run(&["semport", "plan", "--to", "rust"]);
    assert!(
        text.contains("Outside: `re.compile` → regex::Regex::new."),
        "{text}"
    );
    assert!(text.contains("`dataclasses.dataclass` → "), "{text}");
}

#[test]
fn link_auto_links_units_of_the_same_name_and_remembers_the_port() {
    let port = Port::new();
    let report = port.link_auto();
    assert_eq!(linked(&report), owned(&PORTED), "{report}");
    assert_eq!(report["ambiguous"], serde_json::json!({}), "{report}");
    assert_eq!(report["already"], 0, "{report}");
    assert_eq!(
        report["unmatched"], 7,
        "the other seven have no target: {report}"
    );

    // The map: the target repository, the language, the four pairs with the hashes
    // of their sources.
    let map = port.map();
    assert_eq!(map["to"].as_str(), Some("rust"), "{map}");
    let target_repo = map["target_repo"].as_str().expect("target_repo is kept");
    assert_eq!(
        port.py.root.join(target_repo).canonicalize().unwrap(),
        port.rs.canonicalize().unwrap(),
        "target_repo = {target_repo:?}"
    );
    assert!(
        Path::new(target_repo).is_relative(),
        "a target beside the source is kept relative: {target_repo:?}"
    );
    assert_eq!(port.map_pairs(), owned(&PORTED));
    let plan_before = plan(&port.py, &[]);
    let hashes = units(&plan_before);
    for unit in map["unit"].as_array().unwrap() {
        let source = unit["source"].as_str().unwrap();
        assert_eq!(
            unit["source_hash"].as_str(),
            hashes[source]["hash"].as_str(),
            "{source}"
        );
    }

    // Again: nothing new, in JSON and in text.
    let again = port.link_auto();
    assert_eq!(linked(&again), BTreeSet::new(), "{again}");
    assert_eq!(again["already"], 4, "{again}");
    assert_eq!(again["unmatched"], 7, "{again}");
    assert_eq!(port.map_pairs(), owned(&PORTED));
    let text = port
        .py
        .run(&["semport", "link", "--auto", "--target-repo", port.target()]);
    assert_eq!(
        text,
        "0 linked, 0 ambiguous, 4 already in the map, 7 with no target of that name\n"
    );

    // The plan marks what is ported, and what each unit uses that is.
    let plan = plan_before;
    assert_eq!(plan["ported"], 4);
    let units = units(&plan);
    for id in UNITS {
        let expected = PORTED.iter().find(|(s, _)| *s == id).map(|(_, t)| *t);
        assert_eq!(
            units[id]["ported_as"].as_str(),
            expected,
            "ported_as of {id}"
        );
    }
    assert_eq!(
        uses_of(&plan, COUNT_WORDS),
        BTreeMap::from([(SPLIT_WORDS.to_string(), "src/words.rs::split_words".into())])
    );
    assert_eq!(
        uses_of(&plan, "textkit/wrap.py::fill"),
        BTreeMap::from([
            (
                "textkit/config.py::WrapConfig".to_string(),
                "src/config.rs::WrapConfig".into()
            ),
            ("textkit/wrap.py::wrap".to_string(), Value::Null),
        ])
    );
    assert_eq!(
        uses_of(&plan, "textkit/parity.py::is_even"),
        BTreeMap::from([("textkit/parity.py::is_odd".to_string(), Value::Null)])
    );
    let markdown = port.py.run(&["semport", "plan", "--to", "rust"]);
    assert!(
        markdown.contains("4 already ported")
            && markdown.contains("Ported as src/words.rs::count_words.")
            && markdown.contains(
                "Uses: `textkit/words.py::split_words` (ported as `src/words.rs::split_words`)."
            ),
        "{markdown}"
    );
}

#[test]
fn link_auto_reports_in_text_what_it_linked_and_what_not() {
    let port = Port::new();
    let text = port
        .py
        .run(&["semport", "link", "--auto", "--target-repo", port.target()]);
    for (source, target) in PORTED {
        assert!(
            text.contains(&format!("linked {source} → {target}\n")),
            "{text}"
        );
    }
    assert!(
        text.ends_with(
            "4 linked, 0 ambiguous, 0 already in the map, 7 with no target of that name\n"
        ),
        "{text}"
    );
}

#[test]
fn link_auto_with_a_scope_links_and_tracks_only_that_scope() {
    let port = Port::new();
    let report = port.py.json(&[
        "semport",
        "link",
        "--auto",
        "--target-repo",
        port.target(),
        "--scope",
        "textkit/words.py",
    ]);
    assert_eq!(linked(&report), owned(&PORTED[2..]), "{report}");
    assert_eq!(report["unmatched"], 1, "WORD_PATTERN: {report}");
    assert_eq!(port.map()["scope"].as_str(), Some("textkit/words.py"));
    let (code, status) = port.status_json();
    assert_eq!(code, 0);
    assert_eq!(status["scope"], "textkit/words.py");
    assert_eq!(counts(&status), [2, 0, 0, 1, 3], "{status}");

    let bad = port.py.fail(
        &[
            "semport",
            "link",
            "--auto",
            "--scope",
            "textkit/nope.py",
            "--target-repo",
            port.target(),
        ],
        2,
    );
    assert!(bad.contains("no node `textkit/nope.py`"), "{bad}");
}

/// The Rust copy with `split_words` in two files named unlike the source's module
/// (`src/a.rs`, `src/b.rs`) and no longer in `src/words.rs`.
fn two_split_words(port: &Port) {
    let split = "pub fn split_words(text: &str) -> Vec<String> {\n    text.split_whitespace().map(str::to_string).collect()\n}\n";
    port.write_rs("src/a.rs", split);
    port.write_rs("src/b.rs", split);
    port.write_rs(
        "src/words.rs",
        "//! Words of a text.\n\n/// How many words `text` has.\npub fn count_words(text: &str) -> i64 {\n    crate::a::split_words(text).len() as i64\n}\n",
    );
    port.write_rs(
        "src/lib.rs",
        "pub mod a;\npub mod b;\npub mod config;\npub mod words;\n",
    );
}

#[test]
fn an_ambiguous_name_is_not_linked_until_a_person_picks_its_target() {
    let port = Port::new();
    two_split_words(&port);
    let report = port.link_auto();
    assert_eq!(
        report["ambiguous"],
        serde_json::json!({SPLIT_WORDS: ["src/a.rs::split_words", "src/b.rs::split_words"]}),
        "{report}"
    );
    assert_eq!(linked(&report), owned(&[PORTED[0], PORTED[1], PORTED[3]]));
    assert!(
        port.map_pairs().iter().all(|(s, _)| s != SPLIT_WORDS),
        "not linked: {:?}",
        port.map_pairs()
    );
    let text = port
        .py
        .run(&["semport", "link", "--auto", "--target-repo", port.target()]);
    assert!(
        text.contains(&format!(
            "ambiguous {SPLIT_WORDS}: src/a.rs::split_words, src/b.rs::split_words (link one with `pyramid semport link {SPLIT_WORDS} TARGET`)"
        )),
        "{text}"
    );
    assert!(
        text.ends_with(
            "0 linked, 1 ambiguous, 3 already in the map, 7 with no target of that name\n"
        ),
        "{text}"
    );
    let (_, status) = port.status_json();
    assert_eq!(unit_status(&status, SPLIT_WORDS)["status"], "unported");

    // A person decides.
    let picked = port.py.json(&[
        "semport",
        "link",
        SPLIT_WORDS,
        "src/b.rs::split_words",
        "--notes",
        "b is the real one",
        // The map's target is outside this repository: named here, as a user must.
        "--target-repo",
        port.target(),
    ]);
    assert_eq!(
        linked(&picked),
        owned(&[(SPLIT_WORDS, "src/b.rs::split_words")]),
        "{picked}"
    );
    let units = port.map()["unit"].as_array().unwrap().clone();
    let entry = units
        .iter()
        .find(|u| u["source"].as_str() == Some(SPLIT_WORDS))
        .expect("linked");
    assert_eq!(entry["target"].as_str(), Some("src/b.rs::split_words"));
    assert_eq!(entry["notes"].as_str(), Some("b is the real one"));

    let again = port.link_auto();
    assert_eq!(again["ambiguous"], serde_json::json!({}), "{again}");
    assert_eq!(again["already"], 4, "{again}");
    let (code, status) = port.status_json();
    assert_eq!(code, 0, "{status}");
    assert_eq!(counts(&status), [4, 0, 0, 7, 11], "{status}");
    assert_eq!(
        unit_status(&status, SPLIT_WORDS)["notes"],
        "b is the real one"
    );
}

#[test]
fn the_module_name_settles_a_name_found_in_several_files() {
    let port = Port::new();
    // `split_words` is also in a file of another name: `src/words.rs` still wins.
    port.write_rs(
        "src/extra.rs",
        "pub fn split_words(text: &str) -> Vec<&str> {\n    text.split(' ').collect()\n}\n",
    );
    let report = port.link_auto();
    assert_eq!(report["ambiguous"], serde_json::json!({}), "{report}");
    assert_eq!(linked(&report), owned(&PORTED), "{report}");
}

#[test]
fn one_auto_run_links_each_target_to_one_source() {
    let port = Port::new();
    // A second `split_words` in the source, in a module the target has no file for.
    port.py.write(
        "textkit/extra.py",
        "def split_words(text):\n    return text.split()\n",
    );
    port.link_auto();
    // A target already in the map is not offered again by a later run; within one
    // run, a target just linked must not be linked again either.
    let pairs = port.map_pairs();
    let mut sources_of: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (source, target) in &pairs {
        sources_of.entry(target).or_default().push(source);
    }
    let doubled: Vec<_> = sources_of.iter().filter(|(_, s)| s.len() > 1).collect();
    assert!(
        doubled.is_empty(),
        "one `link --auto` linked a target to several sources: {doubled:?}"
    );
    // As with several targets of one name, the module of the same name decides
    // (`textkit/extra.py` comes first in source order, but has no `extra.rs`).
    assert!(
        pairs.contains(&(
            SPLIT_WORDS.to_string(),
            "src/words.rs::split_words".to_string()
        )),
        "the source in the module of the same name gets it: {pairs:?}"
    );
}

#[test]
fn only_units_can_be_linked_and_unknown_ids_are_refused() {
    let port = Port::new();
    let t = port.target();
    let cases: [(&[&str], &[&str]); 5] = [
        (
            &["textkit/words.py", "src/words.rs"],
            &["`textkit/words.py` is a file", "source side"],
        ),
        (&["textkit/", "src/"], &["`textkit/` is a dir"]),
        (
            &[COUNT_WORDS, "src/words.rs"],
            &["`src/words.rs` is a file", "target side"],
        ),
        (
            &["textkit/words.py::count_word", "src/words.rs::count_words"],
            &["did you mean `textkit/words.py::count_words`"],
        ),
        (
            &[COUNT_WORDS, "src/words.rs::count_word"],
            &["did you mean", "src/words.rs"],
        ),
    ];
    for (ids, expected) in cases {
        let stderr = port.py.fail(
            &args_with(&["semport", "link"], &args_with(ids, &["--target-repo", t])),
            2,
        );
        assert!(stderr.starts_with("error: "), "{stderr}");
        for words in expected {
            assert!(stderr.contains(words), "{ids:?}: `{words}` in {stderr}");
        }
    }
    assert!(!port.map_path().exists(), "a refused link writes no map");

    // Linked, then a refused link leaves the map as it was.
    port.link_auto();
    let before = fs::read(port.map_path()).unwrap();
    let refused = port.py.fail(
        &[
            "semport",
            "link",
            "textkit/words.py",
            "src/words.rs",
            "--target-repo",
            port.target(),
        ],
        2,
    );
    assert!(refused.contains("not a unit of a port"), "{refused}");
    assert_eq!(fs::read(port.map_path()).unwrap(), before);

    // One id is a usage error.
    let usage = port.py.fail(&["semport", "link", COUNT_WORDS], 2);
    assert!(
        usage.contains("<TARGET>") && usage.contains("Usage:"),
        "{usage}"
    );
    let nothing = port.py.fail(&["semport", "link"], 2);
    assert!(nothing.contains("Usage:"), "{nothing}");
}

#[test]
fn status_follows_edits_of_either_side() {
    let port = Port::new();
    port.link_auto();

    // Fresh after linking, and the target repository is remembered.
    let (code, status) = port.status_json();
    assert_eq!(code, 0, "{status}");
    assert_eq!(counts(&status), [4, 0, 0, 7, 11], "{status}");
    let percent = status["percent"].as_f64().unwrap();
    assert!((percent - 36.4).abs() < 0.05, "{percent}");
    for (source, target) in PORTED {
        let unit = unit_status(&status, source);
        assert_eq!(unit["status"], "ported", "{unit}");
        assert_eq!(unit["target"], target, "{unit}");
    }
    assert_eq!(
        unit_status(&status, "textkit/wrap.py::fill")["status"],
        "unported"
    );
    let (code, text) = port.status();
    assert_eq!(code, 0);
    assert!(
        text.starts_with(
            "port of .: 4 of 11 units ported and fresh (36.4%), 0 stale, 0 missing, 7 unported\n"
        ),
        "{text}"
    );

    // The Python side changes: that unit is stale, with what changed.
    let words = port.py.read_string("textkit/words.py");
    let edited = words.replace(
        "    return WORD_PATTERN.findall(text)",
        "    return [w for w in WORD_PATTERN.findall(text) if w]",
    );
    assert_ne!(edited, words);
    modify(&port.py.path("textkit/words.py"), &edited);
    let (code, status) = port.status_json();
    assert_eq!(code, 1, "stale: exit code 1: {status}");
    assert_eq!(counts(&status), [3, 1, 0, 7, 11], "{status}");
    let stale = unit_status(&status, SPLIT_WORDS);
    assert_eq!(stale["status"], "stale", "{stale}");
    let changes = stale["changes"].as_str().expect("changes");
    assert!(
        changes.contains("\n-    return WORD_PATTERN.findall(text)\n")
            && changes.contains("\n+    return [w for w in WORD_PATTERN.findall(text) if w]\n"),
        "{changes}"
    );
    assert_eq!(unit_status(&status, COUNT_WORDS)["status"], "ported");
    let (code, text) = port.status();
    assert_eq!(code, 1);
    assert!(
        text.contains("\nstale     textkit/words.py::split_words → src/words.rs::split_words\n")
            && text.contains("-    return WORD_PATTERN.findall(text)")
            && text.contains("+    return [w for w in WORD_PATTERN.findall(text) if w]"),
        "{text}"
    );

    // The Rust side loses a ported unit: missing.
    let rust_words = fs::read_to_string(port.rs.join("src/words.rs")).unwrap();
    let cut = rust_words
        .find("/// How many words")
        .expect("count_words is in the Rust copy");
    port.write_rs("src/words.rs", &rust_words[..cut]);
    let (code, status) = port.status_json();
    assert_eq!(code, 1, "{status}");
    assert_eq!(counts(&status), [2, 1, 1, 7, 11], "{status}");
    assert_eq!(unit_status(&status, COUNT_WORDS)["status"], "missing");
    assert_eq!(unit_status(&status, SPLIT_WORDS)["status"], "stale");
    let (code, text) = port.status();
    assert_eq!(code, 1);
    assert!(
        text.starts_with(
            "port of .: 2 of 11 units ported and fresh (18.2%), 1 stale, 1 missing, 7 unported\n"
        ) && text
            .contains("\nmissing   textkit/words.py::count_words → src/words.rs::count_words\n"),
        "{text}"
    );

    // The stale unit is ported again: fresh.
    let relinked = port.py.json(&[
        "semport",
        "link",
        SPLIT_WORDS,
        "src/words.rs::split_words",
        "--target-repo",
        port.target(),
    ]);
    assert_eq!(
        linked(&relinked),
        owned(&[(SPLIT_WORDS, "src/words.rs::split_words")])
    );
    let (code, status) = port.status_json();
    assert_eq!(code, 1, "count_words is still missing: {status}");
    assert_eq!(unit_status(&status, SPLIT_WORDS)["status"], "ported");
    assert!(unit_status(&status, SPLIT_WORDS).get("changes").is_none());
    assert_eq!(counts(&status), [3, 0, 1, 7, 11], "{status}");

    // And the target comes back: all fresh, exit 0.
    port.write_rs("src/words.rs", &rust_words);
    let (code, status) = port.status_json();
    assert_eq!(code, 0, "{status}");
    assert_eq!(counts(&status), [4, 0, 0, 7, 11], "{status}");
}

#[test]
fn a_removed_source_unit_is_stale_and_says_so() {
    let port = Port::new();
    port.link_auto();
    let words = port.py.read_string("textkit/words.py");
    let cut = words.find("\n\ndef count_words").expect("count_words");
    modify(&port.py.path("textkit/words.py"), &words[..cut + 1]);
    let (code, status) = port.status_json();
    assert_eq!(code, 1, "{status}");
    let gone = unit_status(&status, COUNT_WORDS);
    assert_eq!(gone["status"], "stale", "{gone}");
    let changes = gone["changes"].as_str().expect("changes");
    assert!(
        changes.contains("the source is gone")
            && changes.contains("-    return len(split_words(text))"),
        "{changes}"
    );
}

#[test]
fn status_needs_a_target_and_a_readable_map() {
    let port = Port::new();
    let stderr = port.py.fail(&["semport", "status"], 2);
    assert!(
        stderr.starts_with("error: ") && stderr.contains("--target-repo"),
        "{stderr}"
    );
    let stderr = port.py.fail(&["semport", "link", "--auto"], 2);
    assert!(stderr.contains("--target-repo"), "{stderr}");

    // Given once to status, the target is remembered.
    let (code, text) = port.run_status(&["semport", "status", "--target-repo", port.target()]);
    assert_eq!(code, 0);
    assert!(
        text.starts_with(
            "port of .: 0 of 11 units ported and fresh (0%), 0 stale, 0 missing, 11 unported\n"
        ),
        "{text}"
    );
    assert_eq!(port.map()["target_repo"].as_str(), Some("../semport-rs"));
    // Outside this repository, it is used only when named again: a port map can come
    // with a cloned repository (`tests/paths.rs` has the hostile ones).
    let unnamed = port.py.fail(&["semport", "status"], 2);
    assert!(
        unnamed.contains("names the target repository `../semport-rs`")
            && unnamed.contains("give --target-repo ../semport-rs"),
        "{unnamed}"
    );
    let (code, status) = port.status_json();
    assert_eq!(code, 0);
    assert_eq!(counts(&status), [0, 0, 0, 11, 11], "{status}");

    // A malformed map: every command names it and says what to do.
    fs::write(port.map_path(), "unit = 3\n[[\n").unwrap();
    for args in [
        &["semport", "status"][..],
        &["semport", "plan", "--to", "rust"],
        &["semport", "link", "--auto"],
        &["semport", "link", COUNT_WORDS, "src/words.rs::count_words"],
    ] {
        let stderr = port.py.fail(args, 2);
        assert!(
            stderr.starts_with("error: ")
                && stderr.contains(&port.map_path().display().to_string())
                && stderr.contains("fix it")
                && stderr.contains("delete it"),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(
        fs::read_to_string(port.map_path()).unwrap(),
        "unit = 3\n[[\n",
        "a bad map is left for the person to fix"
    );
}

#[test]
fn the_map_survives_a_rebuild_of_the_source_index() {
    let port = Port::new();
    port.link_auto();
    let map = fs::read(port.map_path()).unwrap();
    let report = port.py.index(&["--rebuild"]);
    assert!(report.is_object(), "{report}");
    assert_eq!(fs::read(port.map_path()).unwrap(), map, "the map is kept");
    let (code, status) = port.status_json();
    assert_eq!(code, 0, "still fresh after a rebuild: {status}");
    assert_eq!(counts(&status), [4, 0, 0, 7, 11], "{status}");
    assert_eq!(plan(&port.py, &[])["ported"], 4);
    // The kept sources still show what changed.
    let words = port.py.read_string("textkit/words.py");
    modify(
        &port.py.path("textkit/words.py"),
        &words.replace("return WORD_PATTERN.findall(text)", "return text.split()"),
    );
    let (code, status) = port.status_json();
    assert_eq!(code, 1);
    let changes = unit_status(&status, SPLIT_WORDS)["changes"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        changes.contains("-    return WORD_PATTERN.findall(text)"),
        "{changes}"
    );
}

/// Every unit's skeleton in plan order: its id, then the skeleton.
fn skeletons(plan: &Value) -> String {
    let mut out = String::new();
    for step in steps(plan) {
        for unit in step["units"].as_array().expect("units") {
            let skeleton = &unit["skeleton"];
            out.push_str(&format!(
                "// {} → {} ({} TODO)\n{}\n\n",
                unit["id"].as_str().expect("id"),
                skeleton["name"].as_str().expect("name"),
                skeleton["todos"],
                skeleton["text"].as_str().expect("text").trim_end()
            ));
        }
    }
    out
}

#[test]
fn skeletons_of_the_python_package_in_rust() {
    let repo = fixture("semport-py");
    repo.index(&[]);
    insta::assert_snapshot!("skeletons_python_to_rust", skeletons(&plan(&repo, &[])));
}

#[test]
fn skeletons_of_the_rust_port_in_python() {
    let repo = fixture("semport-rs");
    repo.index(&[]);
    let plan = repo.json(&["semport", "plan", "--to", "python"]);
    insta::assert_snapshot!("skeletons_rust_to_python", skeletons(&plan));
}
