//! `slice`: task slices (and genes) under arbitrary budgets and queries, over an index
//! of `testdata/python_repo` built once per process in a temporary copy.
//!
//! Input: bytes 0–1 (little-endian) pick the budget, 1..=20000 tokens; byte 2, low bit:
//! also grow a gene, of the exemplar the other bits pick; the rest is the query (UTF-8,
//! lossy), at most 1 KiB.
//!
//! Properties: on Ok, a slice (and a gene) holds at most `budget` tokens, counted again
//! here with `tokens::count`, and reports its own count and budget truly. Errors are
//! fine (a query without words; a budget too small for a gene's outline); panics and
//! hangs are not.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pyramid::indexer::{IndexOptions, NoProgress, index};
use pyramid::query::{DEFAULT_DEPTH, GeneRequest, SliceRequest, gene, slice};
use pyramid::store::{Location, Reader};
use pyramid::tokens;

/// Largest budget tried.
const MAX_BUDGET: usize = 20_000;
/// Longest query tried: a whole issue text is rarely longer, and tokenizing is the
/// cost of every run.
const MAX_QUERY: usize = 1024;
/// Exemplars for `gene`: a class, a method, a function, a file.
const GENE_IDS: &[&str] = &[
    "retrykit/policy.py::RetryPolicy",
    "retrykit/policy.py::RetryPolicy::delay_for",
    "retrykit/policy.py::jitter",
    "retrykit/util.py",
];

struct Fixture {
    reader: Reader,
}

static FIXTURE: OnceLock<Fixture> = OnceLock::new();
static FIXTURE_DIR: OnceLock<PathBuf> = OnceLock::new();

unsafe extern "C" {
    /// libc's: libFuzzer ends a run with `exit`, which skips Rust destructors but
    /// runs these.
    safe fn atexit(callback: extern "C" fn()) -> i32;
}

extern "C" fn remove_fixture() {
    if let Some(dir) = FIXTURE_DIR.get() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == ".pyramid" {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn fixture() -> &'static Fixture {
    FIXTURE.get_or_init(|| {
        let testdata = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("testdata")
            .join("python_repo");
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let tmp =
            std::env::temp_dir().join(format!("pyramid-fuzz-slice-{}-{nanos}", std::process::id()));
        let repo = tmp.join("python_repo");
        copy_dir(&testdata, &repo);
        FIXTURE_DIR.set(tmp).unwrap();
        atexit(remove_fixture);
        let location = Location::resolve(Some(&repo), None, &repo, true).unwrap();
        index(&location, &IndexOptions::default(), &NoProgress).unwrap();
        let reader = Reader::open(&location).unwrap();
        for id in GENE_IDS {
            assert!(
                reader.node(id).unwrap().is_some(),
                "the fixture has no node {id}"
            );
        }
        Fixture { reader }
    })
}

/// An answer within `budget`, counted again, that reports its own count and budget
/// truly.
fn assert_fits(what: &str, text: &str, reported: usize, reported_budget: usize, budget: usize) {
    let counted = tokens::count(text);
    assert!(
        reported <= budget,
        "{what} reports {reported} tokens over a budget of {budget}"
    );
    assert!(
        counted <= budget,
        "{what} text has {counted} tokens over a budget of {budget}"
    );
    assert_eq!(reported, counted, "{what} misreports its tokens");
    assert_eq!(reported_budget, budget, "{what} misreports its budget");
}

fuzz_target!(
    init: {
        fixture();
        tokens::count("warm up the tokenizer");
    },
    |data: &[u8]| {
        let [b0, b1, mode, rest @ ..] = data else {
            return;
        };
        let budget = 1 + usize::from(u16::from_le_bytes([*b0, *b1])) % MAX_BUDGET;
        let query = String::from_utf8_lossy(&rest[..rest.len().min(MAX_QUERY)]).into_owned();
        let reader = &fixture().reader;

        let request = SliceRequest {
            query: Some(query.clone()),
            focus: vec![],
            budget,
        };
        if let Ok(slice) = slice(reader, &request) {
            assert_fits("slice", &slice.text, slice.tokens, slice.budget, budget);
        }

        if mode & 1 == 1 {
            let id = GENE_IDS[usize::from(mode >> 1) % GENE_IDS.len()];
            let request = GeneRequest {
                id: id.to_string(),
                budget,
                depth: DEFAULT_DEPTH,
            };
            // Err is fine: a budget below the gene's outline is refused.
            if let Ok(gene) = gene(reader, &request) {
                let what = format!("gene {id}");
                assert_fits(&what, &gene.text, gene.tokens, gene.budget, budget);
            }
        }
    }
);
