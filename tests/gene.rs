//! End-to-end tests of `pyramid gene` on the fixtures written for it
//! (`testdata/gene-py`, `testdata/gene-rs`) and on the larger fixtures: the closure
//! of an exemplar, dependencies-first order, its tests, outside packages with their
//! declared versions, the token budget, `--depth`, `--find` (also over registered
//! repositories), errors, determinism and snapshots of the markdown.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use common::{Repo, fixture, parse_one_json, run_fail, run_ok, tokens};
use serde_json::Value;

/// What the issue says the gene of `checkout_total` is, per fixture.
struct Spec {
    /// The fixture under `testdata/`.
    fixture: &'static str,
    /// The exemplar.
    entry: &'static str,
    /// Its whole dependency closure, the exemplar included.
    closure: &'static [&'static str],
    /// The exemplar and what it uses directly (one reference step).
    direct: &'static [&'static str],
    /// Defined in the same file, but nothing in the checkout uses them.
    unused: &'static [&'static str],
    /// A file of the fixture no part may come from.
    unrelated_file: &'static str,
    /// How the unused `banner` function's definition starts.
    banner_definition: &'static str,
    /// The test that calls the exemplar.
    test: &'static str,
    /// The test that only calls `banner`.
    banner_test: &'static str,
    /// The standard library packages the closure imports.
    standard: &'static [&'static str],
    /// A declared package only the unrelated file uses.
    declared: Declared,
}

/// A package a manifest declares, and the function that uses it.
struct Declared {
    user: &'static str,
    package: &'static str,
    version: &'static str,
    manifest: &'static str,
}

const PYTHON: Spec = Spec {
    fixture: "gene-py",
    entry: "shop/pricing.py::checkout_total",
    closure: &[
        "shop/pricing.py::checkout_total",
        "shop/pricing.py::_with_tax",
        "shop/pricing.py::Money",
        "shop/pricing.py::TAX_RATE",
    ],
    direct: &[
        "shop/pricing.py::checkout_total",
        "shop/pricing.py::_with_tax",
        "shop/pricing.py::Money",
    ],
    unused: &["shop/pricing.py::banner", "shop/pricing.py::Money::plus"],
    unrelated_file: "shop/remote.py",
    banner_definition: "def banner(",
    test: "tests/test_pricing.py::test_checkout_total_adds_tax",
    banner_test: "tests/test_pricing.py::test_banner_is_as_long_as_the_title",
    standard: &["dataclasses", "math"],
    declared: Declared {
        user: "shop/remote.py::fetch_rates",
        package: "requests",
        version: ">=2.31",
        manifest: "pyproject.toml",
    },
};

const RUST: Spec = Spec {
    fixture: "gene-rs",
    entry: "src/pricing.rs::checkout_total",
    closure: &[
        "src/pricing.rs::checkout_total",
        "src/pricing.rs::with_tax",
        "src/pricing.rs::Money",
        "src/pricing.rs::TAX_PERCENT",
    ],
    direct: &[
        "src/pricing.rs::checkout_total",
        "src/pricing.rs::with_tax",
        "src/pricing.rs::Money",
    ],
    unused: &["src/pricing.rs::banner"],
    unrelated_file: "src/report.rs",
    banner_definition: "pub fn banner(",
    test: "src/pricing.rs::tests::checkout_total_adds_tax",
    banner_test: "src/pricing.rs::tests::banner_is_as_long_as_the_title",
    standard: &["std"],
    declared: Declared {
        user: "src/report.rs::report",
        package: "serde_json",
        version: "1.0",
        manifest: "Cargo.toml",
    },
};

const SPECS: [&Spec; 2] = [&PYTHON, &RUST];

/// Budgets the issue names; more are swept in [`budget_is_respected_at_every_budget`].
const NAMED_BUDGETS: [usize; 5] = [150, 300, 600, 1200, 6000];

fn indexed(name: &str) -> Repo {
    let repo = fixture(name);
    repo.index(&[]);
    repo
}

fn args_with<'a>(first: &[&'a str], rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = first.to_vec();
    args.extend_from_slice(rest);
    args
}

/// `gene ID --json <extra>`.
fn gene(repo: &Repo, id: &str, extra: &[&str]) -> Value {
    repo.json(&args_with(&["gene", id], extra))
}

/// `gene ID <extra>` as markdown.
fn gene_text(repo: &Repo, id: &str, extra: &[&str]) -> String {
    repo.run(&args_with(&["gene", id], extra))
}

fn list<'a>(gene: &'a Value, field: &str) -> &'a Vec<Value> {
    gene[field]
        .as_array()
        .unwrap_or_else(|| panic!("`{field}` is a list: {gene}"))
}

fn id_of(value: &Value) -> &str {
    value["id"].as_str().expect("an id")
}

fn ids_in<'a>(gene: &'a Value, field: &str) -> Vec<&'a str> {
    list(gene, field).iter().map(id_of).collect()
}

fn text(gene: &Value) -> &str {
    gene["text"].as_str().expect("text is a string")
}

fn set<'a>(ids: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
    ids.into_iter().collect()
}

/// `(reason, id)` pairs of the `left_out` list.
fn left_out(gene: &Value) -> BTreeSet<(String, String)> {
    list(gene, "left_out")
        .iter()
        .map(|l| {
            (
                l["reason"].as_str().expect("a reason").to_string(),
                id_of(l).to_string(),
            )
        })
        .collect()
}

fn left_out_for(gene: &Value, reason: &str) -> BTreeSet<String> {
    left_out(gene)
        .into_iter()
        .filter(|(r, _)| r == reason)
        .map(|(_, id)| id)
        .collect()
}

/// One line per part, to show in failure messages.
fn describe(gene: &Value) -> String {
    let mut out = String::new();
    for field in ["parts", "tests"] {
        for p in list(gene, field) {
            out.push_str(&format!(
                "  {field}: {} role={} distance={} level={} inside={} uses={}\n",
                id_of(p),
                p["role"],
                p["distance"],
                p["level"],
                p["inside"],
                p["uses"]
            ));
        }
    }
    out.push_str(&format!("  left_out: {}\n", gene["left_out"]));
    out
}

/// The part with this id (among parts and tests); fails when absent.
fn part<'a>(gene: &'a Value, id: &str) -> &'a Value {
    list(gene, "parts")
        .iter()
        .chain(list(gene, "tests"))
        .find(|p| id_of(p) == id)
        .unwrap_or_else(|| panic!("`{id}` is not a part:\n{}", describe(gene)))
}

/// The exact bytes of a part's span in its file on disk.
fn source_of(repo: &Repo, part: &Value) -> String {
    let span = &part["span"];
    let start = span["start_byte"].as_u64().expect("a span") as usize;
    let end = span["end_byte"].as_u64().expect("a span") as usize;
    let file = repo.read(part["path"].as_str().expect("a path"));
    String::from_utf8(file[start..end].to_vec()).expect("UTF-8 source")
}

/// The `#### id` / `### id` headings of the text, in order.
fn headings(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            l.strip_prefix("#### ")
                .or_else(|| l.strip_prefix("### "))
                .map(|rest| rest.split(' ').next().unwrap_or_default().to_string())
        })
        .collect()
}

/// The text with nothing from the machine it ran on.
fn portable(text: String, repo: &Repo) -> String {
    let tmp = repo.tmp.path().to_str().expect("a UTF-8 temp path");
    assert!(
        !text.contains(tmp),
        "output contains the temp path:\n{text}"
    );
    text
}

/// Runs a command and returns its exit code, stdout and stderr.
fn outcome(cmd: &mut assert_cmd::Command) -> (Option<i32>, String, String) {
    let out = cmd.output().expect("the command runs");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    )
}

/// Levels from coarsest to richest, for comparing how much of a part is shown.
fn rank(level: &Value) -> usize {
    match level.as_str() {
        None => 0,
        Some("label") => 1,
        Some("gist") => 2,
        Some("outline") => 3,
        Some("source") => 4,
        Some(other) => panic!("unknown level {other}"),
    }
}

// ---------------------------------------------------------------- the closure

#[test]
fn closure_is_exactly_what_checkout_total_uses() {
    for spec in SPECS {
        let repo = indexed(spec.fixture);
        let g = gene(&repo, spec.entry, &[]);
        let context = format!("{}:\n{}", spec.fixture, describe(&g));
        assert_eq!(g["id"], spec.entry);
        assert_eq!(
            set(ids_in(&g, "parts")),
            set(spec.closure.iter().copied()),
            "{context}"
        );
        assert_eq!(
            ids_in(&g, "parts").len(),
            spec.closure.len(),
            "no part twice: {context}"
        );
        for p in list(&g, "parts") {
            let role = if id_of(p) == spec.entry {
                "entry"
            } else {
                "dependency"
            };
            assert_eq!(p["role"], role, "{}: {context}", id_of(p));
            assert_eq!(
                p["distance"] == 0,
                id_of(p) == spec.entry,
                "only the entry is 0 steps away: {context}"
            );
        }
        assert_eq!(g["size"]["nodes"], spec.closure.len(), "{context}");
        // What the checkout does not use is nowhere: not a part, not left out, not
        // shown.
        let everywhere: Vec<String> = ids_in(&g, "parts")
            .into_iter()
            .chain(ids_in(&g, "tests"))
            .map(String::from)
            .chain(left_out(&g).into_iter().map(|(_, id)| id))
            .collect();
        for unused in spec.unused {
            assert!(
                !everywhere.iter().any(|id| id == unused),
                "`{unused}` is in the gene: {context}"
            );
        }
        assert!(
            !everywhere
                .iter()
                .any(|id| id.starts_with(&format!("{}::", spec.unrelated_file))),
            "nothing from {}: {context}",
            spec.unrelated_file
        );
        let shown = text(&g);
        assert!(
            !shown.contains(spec.banner_definition),
            "banner's source is not shown:\n{shown}"
        );
        assert!(
            shown.contains(&format!(
                "- Parts, dependencies first ({}):",
                spec.closure.len()
            )),
            "the recipe counts the parts:\n{shown}"
        );
        // Everything fits the default budget: every part at source, exactly as in
        // the file.
        for p in list(&g, "parts") {
            assert_eq!(p["level"], "source", "{}: {context}", id_of(p));
            assert_eq!(p["cut_lines"], 0, "{}: {context}", id_of(p));
            let source = source_of(&repo, p);
            assert!(
                shown.contains(source.trim_end()),
                "the source of `{}` is shown exactly:\n{shown}",
                id_of(p)
            );
        }
        assert_eq!(g["stale"], serde_json::json!([]));
        assert!(g["tokens"].as_u64().unwrap() <= g["budget"].as_u64().unwrap());
    }
}

// ---------------------------------------------------------------- order

/// Whether `from` reaches `to` by following `uses`.
fn reaches(uses: &HashMap<&str, Vec<&str>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(at) = stack.pop() {
        if at == to {
            return true;
        }
        if seen.insert(at) {
            stack.extend(uses.get(at).into_iter().flatten().copied());
        }
    }
    false
}

fn uses_graph(g: &Value) -> HashMap<&str, Vec<&str>> {
    list(g, "parts")
        .iter()
        .map(|p| {
            let uses = p["uses"]
                .as_array()
                .expect("uses is a list")
                .iter()
                .map(|u| u.as_str().expect("uses holds ids"))
                .collect();
            (id_of(p), uses)
        })
        .collect()
}

/// Every part comes after the parts it uses (unless they use each other), and
/// every id in `uses` is a part. For a function or method, nothing it does not
/// reach back to comes after the exemplar.
fn assert_dependencies_first(g: &Value, context: &str) {
    let parts = ids_in(g, "parts");
    let position: HashMap<&str, usize> = parts.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let uses = uses_graph(g);
    for (&user, used) in &uses {
        for &dependency in used {
            let Some(&at) = position.get(dependency) else {
                panic!(
                    "{context}: `{user}` uses `{dependency}`, which is not a part:\n{}",
                    describe(g)
                );
            };
            assert!(
                at < position[user] || reaches(&uses, dependency, user),
                "{context}: `{dependency}` comes after `{user}`, which uses it:\n{}",
                describe(g)
            );
        }
    }
    let entry = g["id"].as_str().unwrap();
    let entry_part = list(g, "parts")
        .iter()
        .find(|p| id_of(p) == entry)
        .unwrap_or_else(|| panic!("{context}: the exemplar is not a part:\n{}", describe(g)));
    assert_eq!(entry_part["role"], "entry", "{context}");
    if matches!(entry_part["kind"].as_str(), Some("function" | "method")) {
        for &later in &parts[position[entry] + 1..] {
            assert!(
                reaches(&uses, later, entry),
                "{context}: `{later}` comes after the exemplar:\n{}",
                describe(g)
            );
        }
    }
}

#[test]
fn parts_come_dependencies_first() {
    for spec in SPECS {
        let repo = indexed(spec.fixture);
        let g = gene(&repo, spec.entry, &[]);
        let context = format!("{}:\n{}", spec.fixture, describe(&g));
        assert_dependencies_first(&g, spec.fixture);
        let parts = ids_in(&g, "parts");
        assert_eq!(
            parts.last().copied(),
            Some(spec.entry),
            "the exemplar comes last: {context}"
        );
        // The edges the code shows: the exemplar calls the tax helper, which reads
        // the rate and builds the amount.
        let uses = uses_graph(&g);
        let (helper, rate, money) = (spec.closure[1], spec.closure[3], spec.closure[2]);
        assert!(uses[spec.entry].contains(&helper), "{context}");
        assert!(uses[helper].contains(&rate), "{context}");
        assert!(uses[helper].contains(&money), "{context}");
        // The text shows them in the same order, and the recipe lists them so.
        let shown = text(&g);
        let heads = headings(shown);
        let test_heads = ids_in(&g, "tests");
        assert_eq!(
            heads
                .iter()
                .filter(|h| !test_heads.contains(&h.as_str()))
                .collect::<Vec<_>>(),
            parts,
            "{shown}"
        );
        let names: Vec<String> = parts
            .iter()
            .map(|id| format!("`{}`", id.split_once("::").unwrap().1))
            .collect();
        assert!(
            shown.contains(&format!(
                "- Parts, dependencies first ({}): {}\n",
                parts.len(),
                names.join(" → ")
            )),
            "{shown}"
        );
    }
}

/// Ids of every file and definition of an indexed repository.
fn definition_ids(repo: &Repo) -> Vec<String> {
    let tree = repo.zoom(".", &["--depth", "8", "--level", "label"]);
    let mut out = Vec::new();
    let mut stack = vec![&tree];
    while let Some(view) = stack.pop() {
        if !matches!(view["kind"].as_str(), Some("repo" | "dir")) {
            out.push(id_of(view).to_string());
        }
        if let Some(children) = view["children"].as_array() {
            stack.extend(children.iter().rev());
        }
    }
    out
}

/// A gene at the default budget of every file and definition of every fixture, as
/// `(fixture, id, gene)`; computed once for the tests that check them all.
fn all_genes() -> &'static [(String, String, Value)] {
    static GENES: OnceLock<Vec<(String, String, Value)>> = OnceLock::new();
    GENES.get_or_init(|| {
        let mut out = Vec::new();
        for name in ["gene-py", "gene-rs", "python_repo", "rust_repo"] {
            let repo = indexed(name);
            let ids = definition_ids(&repo);
            assert!(ids.len() > 10, "{name}: {ids:?}");
            for id in ids {
                let g = gene(&repo, &id, &[]);
                out.push((name.to_string(), id, g));
            }
        }
        out
    })
}

#[test]
fn every_gene_of_every_fixture_is_dependencies_first_and_within_budget() {
    for (name, id, g) in all_genes() {
        let context = format!("{name} {id}");
        assert_eq!(g["id"], id.as_str(), "{context}");
        assert_dependencies_first(g, &context);
        assert!(
            g["tokens"].as_u64().unwrap() <= 6000,
            "{context}: {}",
            g["tokens"]
        );
        assert_eq!(tokens(text(g)), g["tokens"].as_u64().unwrap() as usize);
        let parts = set(ids_in(g, "parts"));
        for t in ids_in(g, "tests") {
            assert!(!parts.contains(t), "{context}: `{t}` is a part and a test");
        }
    }
}

/// Shown blocks in text order, each with the ids it shows: itself and the parts
/// marked as inside it.
fn blocks(g: &Value) -> Vec<(String, BTreeSet<String>)> {
    let all: Vec<&Value> = list(g, "parts").iter().collect();
    all.iter()
        .filter(|p| !p["level"].is_null() && p["inside"].is_null())
        .map(|p| {
            let id = id_of(p).to_string();
            let mut shows: BTreeSet<String> = all
                .iter()
                .filter(|q| q["inside"].as_str() == Some(id.as_str()))
                .map(|q| id_of(q).to_string())
                .collect();
            shows.insert(id.clone());
            (id, shows)
        })
        .collect()
}

/// As an agent reads it: a block of code comes after the blocks that show what it
/// uses, the uses of the definitions inside it (a class's methods) included.
#[test]
fn shown_code_comes_after_what_it_uses() {
    let mut wrong = Vec::new();
    for (name, id, g) in all_genes() {
        let uses = uses_graph(g);
        let blocks = blocks(g);
        let block_of: HashMap<&str, usize> = blocks
            .iter()
            .enumerate()
            .flat_map(|(i, (_, shows))| shows.iter().map(move |s| (s.as_str(), i)))
            .collect();
        // Block-level edges, to allow blocks that use each other.
        let mut edges: HashMap<usize, BTreeSet<usize>> = HashMap::new();
        for (i, (_, shows)) in blocks.iter().enumerate() {
            for shown in shows {
                for used in uses.get(shown.as_str()).into_iter().flatten() {
                    if let Some(&j) = block_of.get(used)
                        && j != i
                    {
                        edges.entry(i).or_default().insert(j);
                    }
                }
            }
        }
        let block_reaches = |from: usize, to: usize| {
            let mut seen = BTreeSet::new();
            let mut stack = vec![from];
            while let Some(at) = stack.pop() {
                if at == to {
                    return true;
                }
                if seen.insert(at) {
                    stack.extend(edges.get(&at).into_iter().flatten().copied());
                }
            }
            false
        };
        for (&i, used) in &edges {
            for &j in used {
                if j > i && !block_reaches(j, i) {
                    wrong.push(format!(
                        "{name} gene {id}: `{}` is shown after `{}`, whose code uses it",
                        blocks[j].0, blocks[i].0
                    ));
                }
            }
        }
    }
    wrong.sort();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

// ---------------------------------------------------------------- tests

#[test]
fn tests_are_those_that_exercise_the_exemplar() {
    for spec in SPECS {
        let repo = indexed(spec.fixture);
        let g = gene(&repo, spec.entry, &[]);
        let context = format!("{}:\n{}", spec.fixture, describe(&g));
        let tests = ids_in(&g, "tests");
        assert!(tests.contains(&spec.test), "{context}");
        assert!(!tests.contains(&spec.banner_test), "{context}");
        for t in list(&g, "tests") {
            assert_eq!(t["role"], "test", "{context}");
        }
        let shown = text(&g);
        let test = part(&g, spec.test);
        assert_eq!(test["level"], "source", "{context}");
        assert!(shown.contains("\n## Tests\n"), "{shown}");
        assert!(shown.contains(source_of(&repo, test).trim_end()), "{shown}");
        assert!(
            shown.contains(&format!("- Tests: {} (", tests.len())) && shown.contains(spec.test),
            "the recipe names the tests:\n{shown}"
        );

        // And the other way round: banner's gene has banner's test, not the checkout's.
        let banner = gene(&repo, spec.unused[0], &[]);
        let banner_tests = ids_in(&banner, "tests");
        assert!(banner_tests.contains(&spec.banner_test), "{banner}");
        assert!(!banner_tests.contains(&spec.test), "{banner}");
    }
}

// ---------------------------------------------------------------- outside

/// The `outside` entries by package.
fn outside(g: &Value) -> BTreeMap<String, Value> {
    list(g, "outside")
        .iter()
        .map(|o| {
            (
                o["package"].as_str().expect("a package").to_string(),
                o.clone(),
            )
        })
        .collect()
}

#[test]
fn outside_packages_of_checkout_total_are_the_standard_library() {
    for spec in SPECS {
        let repo = indexed(spec.fixture);
        let g = gene(&repo, spec.entry, &[]);
        let found = outside(&g);
        assert_eq!(
            found.keys().map(String::as_str).collect::<Vec<_>>(),
            spec.standard,
            "{}: {}",
            spec.fixture,
            g["outside"]
        );
        for (package, o) in &found {
            assert_eq!(o["origin"], "standard", "{package}: {o}");
            for user in o["used_by"].as_array().expect("used_by is a list") {
                assert!(
                    spec.closure.contains(&user.as_str().unwrap()),
                    "{package} is used by a part: {o}"
                );
            }
        }
        assert!(
            !found.contains_key(spec.declared.package),
            "only {} uses {}: {}",
            spec.unrelated_file,
            spec.declared.package,
            g["outside"]
        );
        let shown = text(&g);
        assert!(shown.contains("\n## Outside the repository\n"), "{shown}");
        for package in spec.standard {
            assert!(
                shown.contains(&format!("- `{package}` — standard library")),
                "{shown}"
            );
        }
        assert!(!shown.contains(spec.declared.package), "{shown}");
    }
}

/// A gene whose part uses a package the manifest declares lists it with its version.
fn assert_declared_package(spec: &Spec) {
    let repo = indexed(spec.fixture);
    let d = &spec.declared;
    let g = gene(&repo, d.user, &[]);
    let found = outside(&g);
    let Some(o) = found.get(d.package) else {
        panic!(
            "{}: the gene of `{}` does not list `{}`; outside = {}\n{}",
            spec.fixture,
            d.user,
            d.package,
            g["outside"],
            text(&g)
        );
    };
    assert_eq!(o["origin"], "declared", "{o}");
    assert_eq!(o["version"], d.version, "{o}");
    assert_eq!(o["manifest"], d.manifest, "{o}");
    assert_eq!(o["used_by"], serde_json::json!([d.user]), "{o}");
    let shown = text(&g);
    assert!(
        shown.contains(&format!(
            "- `{}` — {} {}, declared in {}",
            d.package, d.package, d.version, d.manifest
        )),
        "{shown}"
    );
}

#[test]
fn a_declared_python_package_is_listed_with_its_version() {
    assert_declared_package(&PYTHON);
    let repo = indexed(PYTHON.fixture);
    let g = gene(&repo, PYTHON.declared.user, &[]);
    assert_eq!(
        outside(&g)["requests"]["imports"],
        serde_json::json!(["import requests"])
    );
}

#[test]
fn a_declared_rust_crate_is_listed_with_its_version() {
    assert_declared_package(&RUST);
}

// ---------------------------------------------------------------- budget

/// What must hold of a gene at any budget it answers at.
fn assert_within_budget(repo: &Repo, spec: &Spec, g: &Value, budget: usize, markdown: &str) {
    let context = format!("{} at --budget {budget}:\n{}", spec.fixture, describe(g));
    let shown = text(g);
    assert_eq!(g["budget"], budget, "{context}");
    assert!(
        g["tokens"].as_u64().unwrap() as usize <= budget,
        "{context}"
    );
    assert_eq!(
        tokens(shown),
        g["tokens"].as_u64().unwrap() as usize,
        "{context}"
    );
    assert_eq!(
        markdown, shown,
        "the markdown is the JSON's text: {context}"
    );
    assert!(tokens(markdown) <= budget, "{context}\n{markdown}");
    // The closure is the same whatever the budget; only how much is shown changes.
    assert_eq!(
        set(ids_in(g, "parts")),
        set(spec.closure.iter().copied()),
        "{context}"
    );
    // What is not shown is listed, and only that.
    let hidden: BTreeSet<String> = list(g, "parts")
        .iter()
        .chain(list(g, "tests"))
        .filter(|p| p["level"].is_null() && p["inside"].is_null())
        .map(|p| id_of(p).to_string())
        .collect();
    assert_eq!(left_out_for(g, "budget"), hidden, "{context}");
    for id in &hidden {
        assert!(
            shown.contains(&format!("`{id}`")) && shown.contains("\n## Left out\n"),
            "{context}\n`{id}` is not in the left-out section:\n{shown}"
        );
    }
    // Shown at source means the exact bytes (the first lines when cut).
    for p in list(g, "parts").iter().chain(list(g, "tests")) {
        if p["level"] == "source" && p["inside"].is_null() {
            let source = source_of(repo, p);
            let cut = p["cut_lines"].as_u64().unwrap() as usize;
            let kept = source.lines().count() - cut;
            let expected: Vec<&str> = source.lines().take(kept).collect();
            assert!(
                shown.contains(&expected.join("\n")),
                "{context}\nthe source of `{}` is not shown:\n{shown}",
                id_of(p)
            );
        }
    }
    // The exemplar first: at source, or its outline when even that cannot fit, and
    // never shown less than another part.
    let entry = part(g, spec.entry);
    assert!(
        matches!(entry["level"].as_str(), Some("source" | "outline")),
        "{context}\nthe exemplar is shown at {} in:\n{shown}",
        entry["level"]
    );
    for p in list(g, "parts").iter().chain(list(g, "tests")) {
        assert!(
            rank(&p["level"]) <= rank(&entry["level"]),
            "{context}\n`{}` is shown more than the exemplar",
            id_of(p)
        );
    }
}

#[test]
fn budget_is_respected_at_every_budget() {
    for spec in SPECS {
        let repo = indexed(spec.fixture);
        let full = gene(&repo, spec.entry, &[]);
        let whole = full["tokens"].as_u64().unwrap() as usize;
        let mut budgets: BTreeSet<usize> = NAMED_BUDGETS.into_iter().collect();
        budgets.extend((100..whole + 60).step_by(10));
        budgets.extend([whole - 1, whole, whole + 1]);
        let mut answered_at = None;
        for budget in budgets {
            let b = budget.to_string();
            let (code, stdout, stderr) = outcome(
                repo.cmd()
                    .args(["--json", "gene", spec.entry, "--budget", &b]),
            );
            if code == Some(2) {
                // Too small for anything: a clear error, and only below every budget
                // that answers.
                assert_eq!(stdout, "");
                assert!(
                    stderr.starts_with("error: ") && stderr.contains("--budget"),
                    "{}: {stderr}",
                    spec.fixture
                );
                assert_eq!(
                    answered_at, None,
                    "{}: --budget {budget} fails though a smaller one answered: {stderr}",
                    spec.fixture
                );
                continue;
            }
            assert_eq!(
                code,
                Some(0),
                "{}: --budget {budget}: {stderr}",
                spec.fixture
            );
            answered_at.get_or_insert(budget);
            let g = parse_one_json(&stdout);
            let markdown = gene_text(&repo, spec.entry, &["--budget", &b]);
            assert_within_budget(&repo, spec, &g, budget, &markdown);
            if budget >= whole {
                assert_eq!(
                    text(&g),
                    text(&full),
                    "{}: a budget the whole gene fits shows it whole",
                    spec.fixture
                );
            } else {
                assert!(
                    !left_out_for(&g, "budget").is_empty()
                        || list(&g, "parts")
                            .iter()
                            .chain(list(&g, "tests"))
                            .any(|p| p["level"] != "source" || p["cut_lines"] != 0),
                    "{}: less than the whole gene at --budget {budget}, yet nothing is left out or coarser",
                    spec.fixture
                );
            }
        }
        let answered_at = answered_at.expect("some budget answers");
        assert!(
            answered_at <= 600,
            "{}: a budget of 600 tokens holds a gene of four small definitions",
            spec.fixture
        );
    }
}

#[test]
fn a_budget_too_small_fails_clearly() {
    for spec in SPECS {
        let repo = indexed(spec.fixture);
        for budget in ["0", "1", "20"] {
            let err = repo.fail(&["gene", spec.entry, "--budget", budget], 2);
            assert!(
                err.starts_with("error: ") && err.contains("--budget"),
                "{}: --budget {budget}: {err}",
                spec.fixture
            );
        }
        // The budget the message suggests works.
        let err = repo.fail(&["gene", spec.entry, "--budget", "20"], 2);
        let suggested: String = err
            .split("--budget ")
            .nth(1)
            .unwrap_or_default()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        assert!(!suggested.is_empty(), "a budget is suggested: {err}");
        let g = gene(&repo, spec.entry, &["--budget", &suggested]);
        let markdown = gene_text(&repo, spec.entry, &["--budget", &suggested]);
        assert_within_budget(&repo, spec, &g, suggested.parse().unwrap(), &markdown);
    }
}

// ---------------------------------------------------------------- depth

#[test]
fn depth_one_keeps_the_direct_dependencies() {
    for spec in SPECS {
        let repo = indexed(spec.fixture);
        let g = gene(&repo, spec.entry, &["--depth", "1"]);
        let context = format!("{}:\n{}", spec.fixture, describe(&g));
        assert_eq!(g["depth"], 1);
        assert_eq!(
            set(ids_in(&g, "parts")),
            set(spec.direct.iter().copied()),
            "{context}"
        );
        for p in list(&g, "parts") {
            assert!(p["distance"].as_u64().unwrap() <= 1, "{context}");
        }
        let farther: BTreeSet<String> = spec
            .closure
            .iter()
            .filter(|id| !spec.direct.contains(id))
            .map(|id| id.to_string())
            .collect();
        assert_eq!(left_out_for(&g, "depth"), farther, "{context}");
        assert_dependencies_first(&g, spec.fixture);
        let shown = text(&g);
        for id in &farther {
            assert!(shown.contains(&format!("`{id}`")), "{shown}");
        }
        assert!(
            shown.contains("more than 1 step away (--depth 3 brings them in)"),
            "says how to go farther:\n{shown}"
        );
        // The direct dependencies are those the full gene says the exemplar uses.
        let full = gene(&repo, spec.entry, &[]);
        let mut direct = uses_graph(&full)[spec.entry].clone();
        direct.push(spec.entry);
        assert_eq!(set(direct), set(spec.direct.iter().copied()));
        // Two steps reach the whole closure.
        let two = gene(&repo, spec.entry, &["--depth", "2"]);
        assert_eq!(
            set(ids_in(&two, "parts")),
            set(spec.closure.iter().copied())
        );
        assert!(left_out_for(&two, "depth").is_empty(), "{two}");
    }
}

// ---------------------------------------------------------------- --find

/// `gene --find NEED --json` candidates.
fn find(repo: &Repo, need: &str, extra: &[&str]) -> Vec<Value> {
    let found = repo.json(&args_with(&["gene", "--find", need], extra));
    found.as_array().expect("a list of candidates").clone()
}

/// Checks the text of `gene --find`: `- ID (kind) — gist [score]`, then a line
/// with the closure's size, its tests and the command to extract it.
fn assert_candidate_line(text: &str, id: &str, nodes: usize, tests: usize) {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(&format!("- {id} (function) — ")))
        .unwrap_or_else(|| panic!("no candidate line for `{id}`:\n{text}"));
    let detail = lines.get(at + 1).copied().unwrap_or_default();
    assert!(
        detail.starts_with(&format!("  {nodes} definitions, ")),
        "{detail:?} in:\n{text}"
    );
    assert!(detail.contains(&format!(", {tests} test")), "{detail:?}");
    assert!(
        detail.ends_with(&format!("pyramid gene {id}")),
        "{detail:?}"
    );
}

#[test]
fn find_lists_checkout_total_with_its_closure_and_tests() {
    for spec in SPECS {
        let repo = indexed(spec.fixture);
        let found = find(&repo, "total with tax", &[]);
        let candidate = found
            .iter()
            .find(|c| c["id"] == spec.entry)
            .unwrap_or_else(|| panic!("{}: no `{}` in {found:#?}", spec.fixture, spec.entry));
        assert_eq!(
            candidate["closure"]["nodes"],
            spec.closure.len(),
            "{candidate}"
        );
        assert_eq!(candidate["tests"], 1, "{candidate}");
        assert_eq!(candidate["kind"], "function");
        assert!(candidate.get("repo").is_none(), "{candidate}");
        assert!(candidate["relevance"].as_f64().unwrap() > 0.0);
        // The candidate's measure is the gene's.
        let g = gene(&repo, spec.entry, &[]);
        assert_eq!(candidate["closure"], g["size"], "{candidate}");
        let packages: Vec<&str> = list(&g, "outside")
            .iter()
            .map(|o| o["package"].as_str().unwrap())
            .collect();
        assert_eq!(candidate["outside"], serde_json::json!(packages));
        // Best first.
        let scores: Vec<f64> = found.iter().map(|c| c["score"].as_f64().unwrap()).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
        // The unused banner is no candidate for this need.
        assert!(
            !found.iter().any(|c| c["id"] == spec.unused[0]),
            "{found:#?}"
        );

        let shown = repo.run(&["gene", "--find", "total with tax"]);
        assert_candidate_line(&shown, spec.entry, spec.closure.len(), 1);
        let json_flag = repo.run(&["gene", "--find", "total with tax", "--format", "json"]);
        assert_eq!(
            parse_one_json(&json_flag),
            serde_json::json!(found),
            "--format json is --json"
        );

        let one = find(&repo, "total with tax", &["--limit", "1"]);
        assert_eq!(one.len(), 1, "{one:#?}");
        assert_eq!(one[0], found[0]);
    }
}

#[test]
fn find_without_a_match_or_words() {
    let repo = indexed(PYTHON.fixture);
    let (code, stdout, stderr) = outcome(repo.cmd().args(["gene", "--find", "zzqxv wibble"]));
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("nothing matches"), "{stderr}");
    let err = repo.fail(&["gene", "--find", "  ?! "], 2);
    assert!(err.contains("empty need"), "{err}");
}

/// A registry in its own configuration directory, with both gene fixtures in it.
struct Registry {
    config: tempfile::TempDir,
    python: Repo,
    rust: Repo,
}

impl Registry {
    fn new() -> Registry {
        let registry = Registry {
            config: tempfile::tempdir().expect("a temporary directory"),
            python: indexed(PYTHON.fixture),
            rust: indexed(RUST.fixture),
        };
        for repo in [&registry.python, &registry.rust] {
            let root = repo.root.to_string_lossy().into_owned();
            run_ok(&mut registry.cmd(&["repos", "add", &root]));
        }
        registry
    }

    /// `pyramid <args>` with this registry, run outside both repositories.
    fn cmd(&self, args: &[&str]) -> assert_cmd::Command {
        common::with_registry(self.config.path(), args)
    }

    fn run(&self, args: &[&str]) -> String {
        run_ok(&mut self.cmd(args))
    }
}

#[test]
fn find_over_registered_repositories_prefixes_ids_with_their_name() {
    let registry = Registry::new();
    let found =
        parse_one_json(&registry.run(&["--json", "gene", "--find", "total with tax", "--all"]));
    let found = found.as_array().expect("a list");
    for spec in SPECS {
        let id = format!("{}:{}", spec.fixture, spec.entry);
        let candidate = found
            .iter()
            .find(|c| c["id"] == id.as_str())
            .unwrap_or_else(|| panic!("no `{id}` in {found:#?}"));
        assert_eq!(candidate["repo"], spec.fixture, "{candidate}");
        assert_eq!(candidate["closure"]["nodes"], spec.closure.len());
        assert_eq!(candidate["tests"], 1);
    }
    for c in found {
        let repo = c["repo"]
            .as_str()
            .expect("each candidate names its repository");
        assert!(
            id_of(c).starts_with(&format!("{repo}:")),
            "the id is prefixed with its repository: {c}"
        );
    }
    let shown = registry.run(&["gene", "--find", "total with tax", "--all"]);
    for spec in SPECS {
        assert_candidate_line(
            &shown,
            &format!("{}:{}", spec.fixture, spec.entry),
            spec.closure.len(),
            1,
        );
    }
    // `--repos` picks some.
    let only = parse_one_json(&registry.run(&[
        "--json",
        "gene",
        "--find",
        "total with tax",
        "--repos",
        RUST.fixture,
    ]));
    let only = only.as_array().expect("a list");
    assert!(!only.is_empty());
    assert!(only.iter().all(|c| c["repo"] == RUST.fixture), "{only:#?}");
}

#[test]
fn gene_of_a_registered_repository_by_name() {
    let registry = Registry::new();
    for (spec, repo) in [(&PYTHON, &registry.python), (&RUST, &registry.rust)] {
        let id = format!("{}:{}", spec.fixture, spec.entry);
        let g = parse_one_json(&registry.run(&["--json", "gene", &id]));
        assert_eq!(
            set(ids_in(&g, "parts")),
            set(spec.closure.iter().copied()),
            "{g}"
        );
        assert!(ids_in(&g, "tests").contains(&spec.test));
        // The same gene as asked inside the repository.
        let here = gene_text(repo, spec.entry, &[]);
        assert_eq!(registry.run(&["gene", &id]), here);
    }
    // One exemplar, not a search: --all goes with --find.
    let err = run_fail(&mut registry.cmd(&["gene", PYTHON.entry, "--all"]), 2);
    assert!(err.contains("--find") && err.contains("name:id"), "{err}");
}

// ---------------------------------------------------------------- errors

#[test]
fn errors_say_what_to_do() {
    let repo = indexed(PYTHON.fixture);
    for (id, suggestion) in [
        (
            "shop/pricing.py::checkout_totl",
            "shop/pricing.py::checkout_total",
        ),
        ("checkout_totl", "shop/pricing.py::checkout_total"),
    ] {
        let err = repo.fail(&["gene", id], 2);
        assert!(err.starts_with("error: "), "{err}");
        assert!(
            err.contains(&format!("did you mean `{suggestion}`")),
            "{id}: {err}"
        );
    }
    // A bare name that names one definition stands for it.
    let by_name = repo.run(&["gene", "checkout_total"]);
    assert!(
        by_name.starts_with("# Gene of shop/pricing.py::checkout_total"),
        "{by_name}"
    );
    for dir in ["shop/", "tests/", "."] {
        let err = repo.fail(&["gene", dir], 2);
        assert!(
            err.starts_with("error: ")
                && err.contains(&format!("`{dir}` is a directory"))
                && err.contains("a gene grows from a function, type or file"),
            "{dir}: {err}"
        );
    }
    let rust = indexed(RUST.fixture);
    let err = rust.fail(&["gene", "src/"], 2);
    assert!(
        err.contains("a gene grows from a function, type or file"),
        "{err}"
    );

    // Neither an id nor --find, or both: usage errors.
    let err = repo.fail(&["gene"], 2);
    assert!(err.contains("required") && err.contains("Usage: "), "{err}");
    assert!(err.contains("--find"), "{err}");
    let err = repo.fail(&["gene", PYTHON.entry, "--find", "tax"], 2);
    assert!(
        err.contains("cannot be used with") && err.contains("Usage: "),
        "{err}"
    );
    let err = repo.fail(&["gene", PYTHON.entry, "--format", "yaml"], 2);
    assert!(err.contains("yaml"), "{err}");

    // No index: exit 1, as for every command.
    let bare = common::empty_repo("bare");
    let err = bare.fail(&["gene", "a.py::f"], 1);
    assert!(err.contains("pyramid index"), "{err}");
}

// ---------------------------------------------------------------- what is shown once

#[test]
fn a_method_gene_shows_its_class_as_an_outline() {
    let repo = indexed(PYTHON.fixture);
    let g = gene(&repo, "shop/pricing.py::Money::plus", &[]);
    let context = describe(&g);
    assert_eq!(
        set(ids_in(&g, "parts")),
        set(["shop/pricing.py::Money::plus", "shop/pricing.py::Money"]),
        "{context}"
    );
    assert_eq!(part(&g, "shop/pricing.py::Money::plus")["level"], "source");
    // The class's source holds the method: shown whole it would show it twice.
    assert_eq!(
        part(&g, "shop/pricing.py::Money")["level"],
        "outline",
        "{context}"
    );
    let shown = text(&g);
    assert_eq!(
        shown
            .matches("return Money(self.cents + other.cents)")
            .count(),
        1,
        "{shown}"
    );
    assert_dependencies_first(&g, "Money::plus");
}

#[test]
fn a_file_gene_shows_each_definition_once() {
    for (spec, file, lines) in [
        (
            &PYTHON,
            "shop/pricing.py",
            &[
                "TAX_RATE = 0.2",
                "return _with_tax(sum(amounts))",
                "return \"=\" * len(title)",
            ][..],
        ),
        (
            &RUST,
            "src/pricing.rs",
            &[
                "pub const TAX_PERCENT: u64 = 20;",
                "with_tax(Money { cents: sum })",
            ][..],
        ),
    ] {
        let repo = indexed(spec.fixture);
        let g = gene(&repo, file, &[]);
        let context = describe(&g);
        let parts = set(ids_in(&g, "parts"));
        for id in spec.closure {
            assert!(parts.contains(id), "{file}: `{id}` missing:\n{context}");
        }
        assert!(
            parts.contains(spec.unused[0]),
            "a file gene holds all of it"
        );
        for p in list(&g, "parts") {
            assert_eq!(p["role"], "entry", "{context}");
        }
        let shown = text(&g);
        for line in lines {
            assert_eq!(shown.matches(line).count(), 1, "{line:?} in:\n{shown}");
        }
    }
}

// ---------------------------------------------------------------- stale

#[test]
fn an_edited_file_is_reported_stale() {
    let repo = indexed(PYTHON.fixture);
    let path = repo.path("shop/pricing.py");
    let edited = repo.read_string("shop/pricing.py").replace("0.2", "0.25");
    common::modify(&path, &edited);
    let (code, stdout, stderr) = outcome(repo.cmd().args(["--json", "gene", PYTHON.entry]));
    assert_eq!(code, Some(0), "{stderr}");
    let g = parse_one_json(&stdout);
    assert_eq!(g["stale"], serde_json::json!(["shop/pricing.py"]));
    assert!(
        stderr.contains("shop/pricing.py changed on disk"),
        "{stderr}"
    );
    // The indexed text is what is shown.
    assert!(text(&g).contains("TAX_RATE = 0.2\n"), "{}", text(&g));
}

// ---------------------------------------------------------------- output

#[test]
fn output_is_deterministic_and_the_same_in_both_formats() {
    for spec in SPECS {
        let repo = indexed(spec.fixture);
        let first = gene_text(&repo, spec.entry, &[]);
        assert_eq!(gene_text(&repo, spec.entry, &[]), first);
        let json = repo.run(&["--json", "gene", spec.entry]);
        assert_eq!(repo.run(&["--json", "gene", spec.entry]), json);
        assert_eq!(
            repo.run(&["gene", spec.entry, "--format", "json"]),
            json,
            "--format json is --json"
        );
        assert_eq!(text(&parse_one_json(&json)), first);
        // Another copy, indexed on its own, gives the same gene.
        let again = indexed(spec.fixture);
        assert_eq!(gene_text(&again, spec.entry, &[]), first);
        assert_eq!(
            gene_text(&again, spec.entry, &["--budget", "300"]),
            gene_text(&repo, spec.entry, &["--budget", "300"])
        );
        let find = repo.run(&["gene", "--find", "total with tax"]);
        assert_eq!(again.run(&["gene", "--find", "total with tax"]), find);
    }
}

#[test]
fn gene_snapshots() {
    for (spec, name) in [
        (&PYTHON, "gene_python_checkout_total"),
        (&RUST, "gene_rust_checkout_total"),
    ] {
        let repo = indexed(spec.fixture);
        insta::assert_snapshot!(name, portable(gene_text(&repo, spec.entry, &[]), &repo));
    }
}
