//! `refs`: the lines that use a definition, under the definitions holding them, and
//! what it uses; on the CLI (text and `--json`) and over MCP.

mod common;

#[path = "common/mcp_client.rs"]
mod mcp_client;

use common::{Repo, fixture};
use mcp_client::{answer, connect, refusal};
use serde_json::{Value, json};

fn indexed(name: &str) -> Repo {
    let repo = fixture(name);
    repo.index(&[]);
    repo
}

/// Every listed use is the file's own line at that number, trimmed.
fn assert_lines_are_the_files(repo: &Repo, refs: &Value) {
    for place in refs["used_at"].as_array().unwrap() {
        let path = place["path"].as_str().unwrap();
        let line = place["line"].as_u64().unwrap() as usize;
        let text = repo.read_string(path);
        let actual = text.lines().nth(line - 1).unwrap().trim();
        assert_eq!(place["text"], actual, "{path}:{line}");
        let within = place["within"].as_str().unwrap();
        assert!(
            within.starts_with(&format!("{path}::")),
            "{within} holds {path}:{line}"
        );
    }
}

#[test]
fn a_function_called_from_an_f_string_in_another_package_is_found_at_its_line() {
    let repo = indexed("python_repo");
    let refs = repo.json(&["refs", "retrykit/util.py::format_delay"]);
    assert_lines_are_the_files(&repo, &refs);
    let used = refs["used_at"].as_array().unwrap();
    assert_eq!(used.len(), 1, "{refs:#}");
    assert_eq!(used[0]["path"], "retrykit/schedule/cron.py");
    assert_eq!(
        used[0]["within"],
        "retrykit/schedule/cron.py::CronSchedule::describe"
    );
    assert_eq!(used[0]["sure"], true);
    let line = used[0]["line"].as_u64().unwrap() as usize;
    let file = repo.read_string("retrykit/schedule/cron.py");
    assert!(
        file.lines()
            .nth(line - 1)
            .unwrap()
            .contains("format_delay(")
    );

    let text = repo.run(&["refs", "retrykit/util.py::format_delay"]);
    assert!(
        text.starts_with("retrykit/util.py::format_delay (function) L"),
        "{text}"
    );
    assert!(
        text.contains("retrykit/schedule/cron.py::CronSchedule::describe\n"),
        "{text}"
    );
    assert!(text.contains(&format!("  {line}: return f\"")), "{text}");
}

#[test]
fn a_class_is_used_in_annotations_and_calls_and_uses_are_sure_first() {
    let repo = indexed("python_repo");
    let refs = repo.json(&["refs", "retrykit/policy.py::RetryPolicy"]);
    assert_lines_are_the_files(&repo, &refs);
    let used = refs["used_at"].as_array().unwrap();
    let within: Vec<&str> = used.iter().map(|u| u["within"].as_str().unwrap()).collect();
    assert!(within.contains(&"retrykit/policy.py::retry"), "{within:?}");
    assert!(
        within.contains(&"retrykit/policy.py::retry_async"),
        "{within:?}"
    );
    // Sure ones first.
    let sure: Vec<bool> = used.iter().map(|u| u["sure"].as_bool().unwrap()).collect();
    assert!(sure.windows(2).all(|w| w[0] >= w[1]), "{sure:?}");
    // The class's own lines are no use of it.
    assert!(used.iter().all(|u| {
        !u["within"]
            .as_str()
            .unwrap()
            .starts_with("retrykit/policy.py::RetryPolicy")
    }));
    assert_eq!(refs["uses_total"].as_u64().unwrap() as usize, used.len());
}

#[test]
fn a_method_lists_its_callers_and_what_it_uses() {
    let repo = indexed("rust_repo");
    let refs = repo.json(&["refs", "src/config.rs::Config::load"]);
    assert_lines_are_the_files(&repo, &refs);
    let used = refs["used_at"].as_array().unwrap();
    assert!(
        used.iter()
            .any(|u| u["within"] == "src/lib.rs::open_default" && u["sure"] == true),
        "{refs:#}"
    );
    let uses: Vec<&str> = refs["uses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["sure"] == true)
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    for needed in [
        "src/config.rs::Config::new",
        "src/config.rs::Config::parse_line",
    ] {
        assert!(uses.contains(&needed), "{uses:?}");
    }
    let text = repo.run(&["refs", "src/config.rs::Config::load"]);
    assert!(text.contains("\nuses "), "{text}");
    assert!(text.contains("  src/config.rs::Config::new L"), "{text}");
    // What it may use by name only is named once, on one line.
    let guesses: Vec<&str> = refs["uses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["sure"] == false)
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert!(!guesses.is_empty(), "{refs:#}");
    let line = text
        .lines()
        .find(|l| l.starts_with("  by name only: "))
        .unwrap();
    for id in guesses {
        assert!(!text.contains(id), "{text}");
        assert!(line.contains(id.rsplit("::").next().unwrap()), "{line}");
    }
}

#[test]
fn a_limit_keeps_the_count_and_names_the_call_for_the_rest() {
    let repo = indexed("python_repo");
    let all = repo.json(&["refs", "retrykit/policy.py::RetryPolicy"]);
    let total = all["uses_total"].as_u64().unwrap();
    assert!(total >= 3, "{all:#}");
    let one = repo.json(&["refs", "retrykit/policy.py::RetryPolicy", "--limit", "1"]);
    assert_eq!(one["used_at"].as_array().unwrap().len(), 1);
    assert_eq!(one["uses_total"].as_u64().unwrap(), total);
    assert_eq!(one["used_at"][0], all["used_at"][0]);
    let text = repo.run(&["refs", "retrykit/policy.py::RetryPolicy", "-n", "1"]);
    assert!(
        text.contains(&format!(
            "… {} more: pyramid refs retrykit/policy.py::RetryPolicy --limit {total}",
            if total - 1 == 1 {
                "1 line".to_string()
            } else {
                format!("{} lines", total - 1)
            }
        )),
        "{text}"
    );
}

#[test]
fn files_and_unknown_ids_are_refused_with_what_to_do() {
    let repo = indexed("rust_repo");
    let err = repo.fail(&["refs", "src/config.rs"], 2);
    assert!(err.contains("is a file") && err.contains("zoom"), "{err}");
    let err = repo.fail(&["refs", "src/config.rs::Config::lod"], 2);
    assert!(err.contains("Config::load"), "suggests the near id: {err}");
    let err = repo.fail(&["refs", "src/config.rs::Config::load", "--limit", "0"], 2);
    assert!(err.contains("--limit"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mcp_refs_answers_as_the_cli_prints() {
    let repo = indexed("python_repo");
    let cli = repo.run(&["refs", "retrykit/util.py::format_delay"]);
    let client = connect(&repo).await;
    let mcp = answer(
        &client,
        "refs",
        json!({"id": "retrykit/util.py::format_delay"}),
    )
    .await;
    assert!(mcp.contains(cli.trim_end()), "MCP:\n{mcp}\nCLI:\n{cli}");
    let refused = refusal(&client, "refs", json!({"id": "retrykit/util.py"})).await;
    assert!(refused.contains("is a file"), "{refused}");
    let refused = refusal(
        &client,
        "refs",
        json!({"id": "retrykit/util.py::format_delay", "limit": 0}),
    )
    .await;
    assert!(refused.contains("limit"), "{refused}");
}

#[test]
fn a_bare_name_or_the_tail_of_an_id_stands_for_its_one_definition() {
    let repo = indexed("python_repo");
    let full = repo.json(&["refs", "retrykit/util.py::format_delay"]);
    assert_eq!(repo.json(&["refs", "format_delay"]), full);
    let tail = repo.json(&["refs", "Config.as_dict"]);
    assert_eq!(
        tail["id"],
        "retrykit/policy.py::RetryPolicy::Config::as_dict"
    );
    // A name of several definitions lists them instead of picking one.
    let err = repo.fail(&["refs", "__init__"], 2);
    assert!(err.contains("names 3 definitions"), "{err}");
    assert!(
        err.contains("`retrykit/policy.py::RetryPolicy::__init__`"),
        "{err}"
    );
}

#[test]
fn a_use_belongs_to_the_innermost_definition_that_makes_it() {
    let repo = common::empty_repo("nested");
    repo.write(
        "app.py",
        "def main():\n    return 1\n\n\ndef other():\n    return main()\n\n\nif __name__ == \"__main__\":\n    main()\n",
    );
    repo.index(&[]);
    let refs = repo.json(&["refs", "app.py::main"]);
    let places: Vec<(u64, &str)> = refs["used_at"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["line"].as_u64().unwrap(), u["within"].as_str().unwrap()))
        .collect();
    // Not its own `def main():` line, which the file holds too.
    assert_eq!(places, [(6, "app.py::other"), (10, "app.py")], "{refs:#}");
}

#[test]
fn a_name_defined_nowhere_lists_the_lines_that_write_it() {
    let repo = indexed("python_repo");
    // An outside API, qualified as written: only lines writing it so.
    let refs = repo.json(&["refs", "os.path.join"]);
    assert_eq!(refs["kind"], Value::Null, "{refs:#}");
    assert_lines_are_the_files(&repo, &refs);
    let used = refs["used_at"].as_array().unwrap();
    assert!(!used.is_empty(), "{refs:#}");
    assert!(
        used.iter()
            .all(|u| u["text"].as_str().unwrap().contains("os.path.join")),
        "{refs:#}"
    );
    // The bare name finds more: every `join`, the string method's too.
    let bare = repo.json(&["refs", "join"]);
    assert!(
        bare["uses_total"].as_u64() > refs["uses_total"].as_u64(),
        "{bare:#}"
    );
    let text = repo.run(&["refs", "os.path.join"]);
    assert!(
        text.starts_with("os.path.join (defined nowhere in the index: its uses by name)\n"),
        "{text}"
    );
    // Neither defined nor used: an unknown id, as before.
    let err = repo.fail(&["refs", "no_such_name_anywhere"], 2);
    assert!(err.contains("no node `no_such_name_anywhere`"), "{err}");
}

#[test]
fn lines_by_name_only_are_few_beside_sure_uses_unless_more_are_asked_for() {
    let repo = common::empty_repo("byname");
    repo.write("checks.py", "def check(value):\n    return bool(value)\n");
    repo.write(
        "app.py",
        "from checks import check\n\n\ndef run(value):\n    return check(value)\n",
    );
    for n in 0..9 {
        repo.write(
            &format!("other{n}.py"),
            format!("def use{n}(form):\n    return form.check()\n"),
        );
    }
    repo.index(&[]);
    let text = repo.run(&["refs", "checks.py::check"]);
    assert!(
        text.contains("used at 10 lines in 10 definitions:"),
        "{text}"
    );
    // The sure use, five lines by name only, and the call for the rest.
    assert!(
        text.contains("app.py::run\n  5: return check(value)"),
        "{text}"
    );
    assert_eq!(text.matches("(by name only)").count(), 5, "{text}");
    assert!(
        text.contains("… 4 lines more by name only (maybe other definitions of the name): pyramid refs checks.py::check --limit 10"),
        "{text}"
    );
    let json = repo.json(&["refs", "checks.py::check"]);
    assert_eq!(json["hidden_by_name"], 4, "{json}");
    // Asked for more than by default: every line.
    let all = repo.run(&["refs", "checks.py::check", "--limit", "100"]);
    assert_eq!(all.matches("(by name only)").count(), 9, "{all}");
}

/// The ids `refs --impls` lists, in order.
fn implementation_ids(found: &Value) -> Vec<String> {
    found["implementations"]["listed"]
        .as_array()
        .expect("--impls lists implementations")
        .iter()
        .map(|i| i["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn impls_lists_the_declarations_that_implement_or_extend_a_definition() {
    let rust = indexed("rust_repo");
    // A trait: the impl that names it, at the line naming it, with its members.
    let found = rust.json(&["refs", "--impls", "Validate"]);
    assert_eq!(found["id"], "src/config.rs::Validate");
    assert_eq!(
        implementation_ids(&found),
        ["src/config.rs::Config::Validate"]
    );
    let first = &found["implementations"]["listed"][0];
    assert_eq!(first["line"], 127);
    assert_eq!(first["text"], "impl Validate for Config {");
    assert_eq!(first["members"][0]["name"], "validate");
    // A type: its own trait impls.
    let found = rust.json(&["refs", "--impls", "src/config.rs::Config"]);
    let own: Vec<&str> = (found["implementations"]["own"].as_array().unwrap().iter())
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        own,
        [
            "src/config.rs::Config::Display",
            "src/config.rs::Config::Default",
            "src/config.rs::Config::Validate"
        ]
    );
    // A trait defined nowhere in the repository, by name.
    let found = rust.json(&["refs", "--impls", "fmt::Display"]);
    assert_eq!(found["kind"], Value::Null);
    assert_eq!(
        implementation_ids(&found),
        ["src/config.rs::Config::Display"]
    );

    // An interface and an abstract class (Java), a base class (C++).
    let java = indexed("java_repo");
    let store = "src/main/java/com/example/inventory/store";
    assert_eq!(
        implementation_ids(&java.json(&["refs", "--impls", "Repository"])),
        [
            format!("{store}/AbstractRepository.java::AbstractRepository"),
            format!("{store}/CachingRepository.java::CachingRepository"),
        ]
    );
    assert_eq!(
        implementation_ids(&java.json(&["refs", "--impls", "AbstractRepository"])),
        [format!(
            "{store}/InMemoryRepository.java::InMemoryRepository"
        )]
    );
    let cpp = indexed("cpp_repo");
    assert_eq!(
        implementation_ids(&cpp.json(&["refs", "--impls", "Shape"])),
        [
            "include/shapes/shape.hpp::shapes::Circle",
            "include/shapes/shape.hpp::shapes::Rectangle"
        ]
    );
}

#[test]
fn impls_leaves_out_uses_that_implement_nothing() {
    let repo = common::empty_repo("impls");
    repo.write(
        "shapes.py",
        "from typing import Generic\n\nclass Base:\n    def run(self):\n        pass\n\n\n@decorate(Base)\nclass Child(\n    Base,\n):\n    other: Base\n\n    def run(self):\n        return Base()\n\n\nclass Holder:\n    base: Base\n\n\nclass Box(Generic[Base]):\n    pass\n\n\ndef make(b: Base) -> Base:\n    return Base()\n",
    );
    repo.write(
        "src/lib.rs",
        "pub trait Sink {\n    fn put(&self);\n}\n\n/// A sink: it writes\npub struct Null;\n\nimpl Sink for Null {\n    fn put(&self) {}\n}\n\npub struct Holder {\n    sink: Box<dyn Sink>,\n}\n\npub struct Pair<S: Sink> {\n    left: S,\n}\n\npub struct Bound<S>\nwhere\n    S: Sink,\n{\n    s: S,\n}\n\nimpl<S> Wrapper<S>\nwhere\n    S: Sink,\n{\n    fn put(&self) {}\n}\n\npub trait Loud: Sink {}\n",
    );
    repo.write(
        "src/show.rs",
        "use crate::Null;\n\n/// Shown as nothing.\n#[allow(unused)]\nimpl std::fmt::Debug for Null {\n    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {\n        Ok(())\n    }\n}\n",
    );
    repo.index(&[]);
    // A type's own impls, in its file and another, each at its `impl` line.
    let own = repo.json(&["refs", "--impls", "src/lib.rs::Null"])["implementations"]["own"].clone();
    let own: Vec<(&str, u64)> = (own.as_array().unwrap().iter())
        .map(|i| (i["id"].as_str().unwrap(), i["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        own,
        [
            ("src/lib.rs::Null::Sink", 8),
            ("src/show.rs::Null::Debug", 5)
        ]
    );
    let found = repo.json(&["refs", "--impls", "shapes.py::Base"]);
    assert_eq!(
        implementation_ids(&found),
        ["shapes.py::Child"],
        "neither a decorator, a field, a type argument nor a function implements it"
    );
    assert_eq!(found["implementations"]["listed"][0]["line"], 10);
    assert_eq!(
        implementation_ids(&repo.json(&["refs", "--impls", "Sink"])),
        ["src/lib.rs::Null::Sink", "src/lib.rs::Loud"],
        "neither a field's type nor a parameter's bound implements it"
    );
}

#[test]
fn impls_of_a_trait_with_more_impls_than_the_graph_resolves_are_all_listed() {
    let repo = common::empty_repo("many_impls");
    let mut code = String::from("pub trait Visit {\n    fn visit(&self);\n}\n");
    for i in 0..70 {
        code.push_str(&format!(
            "\npub struct S{i};\n\nimpl Visit for S{i} {{\n    fn visit(&self) {{}}\n}}\n"
        ));
    }
    repo.write("src/lib.rs", code);
    repo.index(&[]);
    let found = repo.json(&["refs", "--impls", "Visit", "-n", "100"]);
    assert_eq!(found["implementations"]["total"], 70, "{found:#}");
    assert_eq!(found["id"], "src/lib.rs::Visit");
}

#[test]
fn impls_refuses_what_cannot_be_implemented_and_unknown_names() {
    let repo = indexed("rust_repo");
    let err = repo.fail(&["refs", "--impls", "src/config.rs::Config::load"], 2);
    assert!(
        err.contains("is a method") && err.contains("impls"),
        "{err}"
    );
    let err = repo.fail(&["refs", "--impls", "Validat"], 2);
    assert!(err.contains("Validate"), "suggests the near name: {err}");
    let err = repo.fail(&["refs", "--impls", "src/missing.rs::Config"], 2);
    assert!(err.contains("src/missing.rs::Config"), "{err}");
}

#[test]
fn impls_text_names_each_implementation_its_line_and_members_and_the_call_for_more() {
    let repo = indexed("rust_repo");
    insta::assert_snapshot!(repo.run(&["refs", "--impls", "src/config.rs::Config", "-n", "2"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mcp_refs_impls_answers_as_the_cli_prints() {
    let repo = indexed("rust_repo");
    let cli = repo.run(&["refs", "--impls", "Validate"]);
    let client = connect(&repo).await;
    let mcp = answer(&client, "refs", json!({"id": "Validate", "impls": true})).await;
    assert!(mcp.contains(cli.trim_end()), "MCP:\n{mcp}\nCLI:\n{cli}");
    assert!(mcp.contains("impl Validate for Config"), "{mcp}");
}
