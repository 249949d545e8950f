//! Summaries as the binary prints them, on a repository written by the test: gists
//! whose parameters and return types come from the syntax tree (visibility paths,
//! defaults holding commas, lambdas, generics), impls of generic or unnamed types,
//! Python files declaring an encoding (PEP 263), and old Mac files whose lines end in
//! a lone `\r`.

mod common;

use common::{Repo, empty_repo};
use serde_json::Value;

const RUST: &str = r#"//! Cases the gists once got wrong.

pub struct Reader;

impl Reader {
    pub(crate) fn detect_binary(&mut self, buf: &[u8], range: Range<usize>) -> Option<usize> {
        self.scan(buf, range)
    }
    pub(super) fn sup(&self) {}
    pub(in crate::m) fn scoped(self: Box<Self>, mut x: u8) {}
}

pub fn generic<K: Hash + Eq, V>(map: HashMap<K, V>, f: impl Fn(K, V) -> u8) -> HashMap<K, V>
where
    K: Clone,
{
    map
}

pub async fn fetch(url: &str) -> Result<(), Error> {
    Ok(())
}

pub unsafe extern "C" fn callback(x: i32, ...) -> i32 {
    x
}

pub const fn konst(a: u32) -> u32 {
    a
}

pub trait Foo {
    fn foo(&self, n: usize) -> String;
}

pub struct T;

impl<T: ?Sized> Foo for &mut T {
    fn foo(&self, n: usize) -> String {
        String::new()
    }
}

impl<T> Foo for [T] {}

impl<T> Foo for Box<T> {
    fn foo(&self, n: usize) -> String {
        String::new()
    }
}

impl<A, B> Foo for (A, B) {}

impl Foo for T {}
"#;

const PYTHON: &str = r#""""Defaults that hold commas, parentheses and lambdas."""


def d2(sep=", ", end="\n"):
    pass


def with_lambda(key=lambda x, y: x, n=1):
    pass


def star(a, *args, b: int = 3, **kwargs) -> None:
    pass


def kwonly(a, *, b, c=(1, 2)):
    pass


def posonly(a, b, /, c):
    pass


def typed(m: Dict[str, int], t: Tuple[int, ...] = (1, 2)) -> Dict[str, int]:
    pass
"#;

/// A latin-1 file: `é` is the byte 0xE9, `µ` 0xB5.
const LATIN1: &[u8] = b"# -*- coding: latin-1 -*-\n\"\"\"Caf\xe9 helpers.\"\"\"\n\n\ndef greet(name):\n    \"\"\"Say h\xe9llo to `name`.\"\"\"\n    return 'h\xe9llo ' + name + ' \xb5'\n";

/// A cp1252 file: curly quotes 0x93 and 0x94, the euro sign 0x80.
const CP1252: &[u8] =
    b"#!/usr/bin/env python\n# coding: cp1252\n\n\ndef price(amount):\n    \"\"\"Format \x93amount\x94 in \x80.\"\"\"\n    return '\x80 %d' % amount\n";

/// An old Mac file: every line ends in a lone `\r`.
const MAC: &[u8] =
    b"\"\"\"Old Mac file.\"\"\"\r\rdef first():\r    return 1\r\r\rdef second(a, b):\r    \"\"\"Return a.\"\"\"\r    return a\r";

fn repo() -> (Repo, Value) {
    let repo = empty_repo("summaries");
    repo.write("src/lib.rs", RUST);
    repo.write("pkg/defaults.py", PYTHON);
    repo.write("pkg/latin1.py", LATIN1);
    repo.write("pkg/cp1252.py", CP1252);
    repo.write("pkg/mac.py", MAC);
    repo.write(
        "pkg/shift_jis.py",
        b"# -*- coding: shift_jis -*-\nx = '\x82\xa0'\n",
    );
    repo.write("pkg/undeclared.py", b"x = '\xe9'\n");
    let report = repo.index(&[]);
    (repo, report)
}

/// `id — text` of a node's children, one a line, as `zoom ID --json` shows them.
fn children_gists(view: &Value) -> String {
    view["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {} — {}\n",
                c["kind"].as_str().unwrap(),
                c["id"].as_str().unwrap(),
                c["text"].as_str().unwrap()
            )
        })
        .collect()
}

fn gist(repo: &Repo, id: &str) -> String {
    let view = repo.zoom(id, &["--level", "gist", "--depth", "0"]);
    view["text"].as_str().unwrap().to_string()
}

#[test]
fn rust_gists_read_parameters_from_the_tree() {
    let (repo, _) = repo();
    assert_eq!(
        gist(&repo, "src/lib.rs::Reader::detect_binary"),
        "method detect_binary(self, buf, range) -> Option<usize>; calls scan"
    );
    assert_eq!(gist(&repo, "src/lib.rs::Reader::sup"), "method sup(self)");
    assert_eq!(
        gist(&repo, "src/lib.rs::Reader::scoped"),
        "method scoped(self, x)"
    );
    assert_eq!(
        gist(&repo, "src/lib.rs::generic"),
        "function generic(map, f) -> HashMap<K, V>"
    );
    let file = repo.zoom("src/lib.rs", &[]);
    let mut listing = children_gists(&file);
    for child in file["children"].as_array().unwrap() {
        if child["hidden_children"].as_u64().unwrap_or(0) > 0
            || !child["children"].as_array().unwrap().is_empty()
        {
            let id = child["id"].as_str().unwrap();
            listing.push_str(&children_gists(&repo.zoom(id, &[])));
        }
    }
    insta::assert_snapshot!("rust_gists", listing);
}

#[test]
fn impls_of_generic_or_unnamed_types_belong_to_no_type() {
    let (repo, _) = repo();
    let blanket = repo.zoom("src/lib.rs::Foo for &mut T", &[]);
    assert_eq!(blanket["kind"], "impl");
    assert_eq!(blanket["text"], "impl<T: ?Sized> Foo for &mut T");
    assert_eq!(
        blanket["children"][0]["id"],
        "src/lib.rs::Foo for &mut T::foo"
    );
    let file = repo.zoom("src/lib.rs", &[]);
    let ids: Vec<&str> = file["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"src/lib.rs::Foo for [T]"), "{ids:?}");
    assert!(ids.contains(&"src/lib.rs::Foo for (A, B)"), "{ids:?}");
    // The prelude's `Box` is no type of this file: named like `Foo for &mut T`.
    assert!(ids.contains(&"src/lib.rs::Foo for Box<T>"), "{ids:?}");
    assert!(!ids.iter().any(|id| id.ends_with("::Box")), "{ids:?}");
    let boxed = repo.zoom("src/lib.rs::Foo for Box<T>", &[]);
    assert_eq!(boxed["kind"], "impl");
    assert_eq!(boxed["text"], "impl<T> Foo for Box<T>");
    assert_eq!(
        boxed["children"][0]["id"],
        "src/lib.rs::Foo for Box<T>::foo"
    );
    // The struct named `T` keeps only its own impl.
    let t = repo.zoom("src/lib.rs::T", &[]);
    let t_children: Vec<&str> = t["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(t_children, ["src/lib.rs::T::Foo"]);
}

#[test]
fn python_gists_read_parameters_from_the_tree() {
    let (repo, _) = repo();
    assert_eq!(gist(&repo, "pkg/defaults.py::d2"), "function d2(sep, end)");
    assert_eq!(
        gist(&repo, "pkg/defaults.py::with_lambda"),
        "function with_lambda(key, n)"
    );
    let file = repo.zoom("pkg/defaults.py", &[]);
    insta::assert_snapshot!("python_gists", children_gists(&file));
}

#[test]
fn declared_encodings_are_decoded_and_others_skipped_with_the_reason() {
    let (repo, report) = repo();
    let skipped: Vec<String> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}: {}",
                s["path"].as_str().unwrap(),
                s["reason"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            "pkg/shift_jis.py: declares encoding `shift_jis` (line 1), which pyramid does not \
             read: only UTF-8, latin-1 and cp1252 are; convert the file to UTF-8 to index it",
            "pkg/undeclared.py: invalid UTF-8 (at byte 5)",
        ]
    );

    // The decoded text is the indexed source: gists, docs and `source` agree, and the
    // file is not stale (its hash is of its bytes on disk).
    assert_eq!(gist(&repo, "pkg/latin1.py"), "Café helpers.");
    assert_eq!(gist(&repo, "pkg/latin1.py::greet"), "Say héllo to `name`.");
    let source = repo.zoom("pkg/latin1.py::greet", &["--level", "source"]);
    assert_eq!(
        source["text"],
        "def greet(name):\n    \"\"\"Say héllo to `name`.\"\"\"\n    return 'héllo ' + name + ' µ'"
    );
    assert_eq!(source["stale"], false);
    assert_eq!(source["span"]["start_line"], 5);
    let price = repo.zoom("pkg/cp1252.py::price", &["--level", "source"]);
    assert!(
        price["text"]
            .as_str()
            .unwrap()
            .contains("Format “amount” in €."),
        "{price}"
    );
    assert_eq!(price["stale"], false);
    assert!(repo.run(&["status"]).contains("fresh"), "nothing changed");

    // Found by search in its decoded spelling.
    let hits = repo.json(&["search", "héllo"]);
    assert_eq!(hits[0]["id"], "pkg/latin1.py::greet", "{hits}");

    // A change on disk makes it stale, as for any file.
    let mut edited = LATIN1.to_vec();
    edited.extend_from_slice(b"# \xe9dit\n");
    repo.write("pkg/latin1.py", edited);
    let source = repo.zoom("pkg/latin1.py::greet", &["--level", "source"]);
    assert_eq!(source["stale"], true);
}

#[test]
fn lone_carriage_returns_end_lines() {
    let (repo, _) = repo();
    let file = repo.zoom("pkg/mac.py", &[]);
    assert_eq!(file["text"], "Old Mac file.");
    assert_eq!(file["span"]["end_line"], 9);
    let second = repo.zoom("pkg/mac.py::second", &["--level", "source"]);
    assert_eq!(second["span"]["start_line"], 7);
    assert_eq!(second["span"]["end_line"], 9);
    assert_eq!(
        second["text"],
        "def second(a, b):\n    \"\"\"Return a.\"\"\"\n    return a"
    );
    // Byte offsets are those of the file on disk.
    let start = second["span"]["start_byte"].as_u64().unwrap() as usize;
    assert!(MAC[start..].starts_with(b"def second(a, b):\r"));
    assert_eq!(gist(&repo, "pkg/mac.py::first"), "function first()");
    assert_eq!(second["stale"], false);
}
