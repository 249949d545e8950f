//! Criterion benchmarks of the pipeline's stages on the fixtures: parse + build of one
//! file per language, a cold index of a small repository, and warm queries.
//! Whole-process comparisons on real code live in `benches/compare.sh`.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use pyramid::grammar::Lang;
use pyramid::indexer::{IndexOptions, NoProgress, index};
use pyramid::pyramid::Level;
use pyramid::store::{Location, Reader};
use pyramid::{parse, pyramid as model, query};

fn fixture(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn parse_and_build(c: &mut Criterion) {
    for (name, lang, path) in [
        ("rust_config", Lang::Rust, "rust_repo/src/config.rs"),
        (
            "python_policy",
            Lang::Python,
            "python_repo/retrykit/policy.py",
        ),
    ] {
        let text = fixture(path);
        c.bench_function(&format!("parse_build/{name}"), |b| {
            b.iter(|| {
                let parsed = parse::parse(lang, &text);
                model::build_file(path, lang, &text, &parsed)
            })
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
