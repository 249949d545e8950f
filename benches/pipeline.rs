//! Criterion benchmarks of the pipeline's stages on the fixtures, one group per stage
//! (walk, parse, build, store, query) so that a regression shows where it is, and
//! whole index runs (cold, no change) of a small repository. Whole-process comparisons
//! on real code live in `benches/compare.sh` and `benches/scale.sh`.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use pyramid::grammar::Lang;
use pyramid::indexer::{IndexOptions, NoProgress, index};
use pyramid::pyramid::Level;
use pyramid::store::{Location, Manifest, Reader, WriteSession};
use pyramid::walk::{WalkOptions, walk};
use pyramid::{parse, pyramid as model, query};

fn fixture(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// One fixture file per language family the pipeline treats apart.
const FILES: [(&str, Lang, &str); 2] = [
    ("rust_config", Lang::Rust, "rust_repo/src/config.rs"),
    (
        "python_policy",
        Lang::Python,
        "python_repo/retrykit/policy.py",
    ),
];

/// Parse (tree-sitter, the extraction query, fingerprints) and build (nodes and
/// summaries) apart, each on its own input.
fn parse_and_build(c: &mut Criterion) {
    for (name, lang, path) in FILES {
        let text = fixture(path);
        c.bench_function(&format!("parse/{name}"), |b| {
            b.iter(|| parse::parse(lang, &text))
        });
        let parsed = parse::parse(lang, &text);
        c.bench_function(&format!("build/{name}"), |b| {
            b.iter(|| model::build_file(path, lang, &text, &parsed))
        });
    }
}

fn index_and_query(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let repo = tmp.path().join("rust_repo");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rust_repo");
    for entry in walk_files(&source) {
        let target = repo.join(entry.strip_prefix(&source).expect("inside"));
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&entry, &target).expect("copy");
    }
    let location = Location::resolve(Some(&repo), None, tmp.path(), true).expect("location");
    c.bench_function("walk/fixture", |b| {
        let options = WalkOptions {
            max_file_size: 1 << 20,
            index_dir: Some(location.index_dir.clone()),
        };
        b.iter(|| walk(&repo, &options))
    });
    // A file's nodes and source written and committed into a fresh index: the
    // documents, the tokenizers, tantivy's postings and store.
    let (_, lang, path) = FILES[0];
    let text = fixture(path);
    let nodes = model::build_file(path, lang, &text, &parse::parse(lang, &text));
    c.bench_function("store/write_file", |b| {
        b.iter(|| {
            let session = WriteSession::open(&location, true).expect("session");
            session.put_file(path, &nodes, &text).expect("put");
            session.commit(&[], &Manifest::default()).expect("commit");
        })
    });
    let rebuild = IndexOptions {
        rebuild: true,
        ..IndexOptions::default()
    };
    c.bench_function("index/cold_fixture", |b| {
        b.iter(|| index(&location, &rebuild, &NoProgress).expect("index"))
    });
    c.bench_function("index/no_change_fixture", |b| {
        b.iter(|| index(&location, &IndexOptions::default(), &NoProgress).expect("index"))
    });
    let reader = Reader::open(&location).expect("reader");
    c.bench_function("query/zoom_outline", |b| {
        b.iter(|| query::zoom(&reader, "src/config.rs::Config", Level::Outline, 1).expect("zoom"))
    });
    c.bench_function("query/overview_1000", |b| {
        b.iter(|| query::overview(&reader, 1000).expect("overview"))
    });
    c.bench_function("query/search", |b| {
        let request = query::SearchRequest {
            query: "parse the config value from the environment".into(),
            kinds: Vec::new(),
            lang: None,
            path: Vec::new(),
            exclude: Vec::new(),
            limit: 10,
            show: 1,
            lines: 1,
            explain: false,
        };
        b.iter(|| query::search(&reader, &request).expect("search"))
    });
}

fn walk_files(root: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

criterion_group!(benches, parse_and_build, index_and_query);
criterion_main!(benches);
