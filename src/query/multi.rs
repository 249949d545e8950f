//! Questions over several indexed repositories at once (`--all`, `--repos`): each
//! answers on its own, and the answers are merged, with ids prefixed `name:`.

use std::cmp::Ordering;

use super::gene::{Exemplar, GeneFindRequest, gene_find};
use super::like::{ExampleShape, Similar, like_shape};
use super::pattern::{PatternMatch, PatternRequest, PatternResult, pattern};
use super::search::{Found, Results, SearchRequest, search};
use crate::error::Result;
use crate::store::Reader;

/// A registered repository's name and its open index.
pub type Named = (String, Reader);

/// An answer naming a node, which says which repository it comes from when several
/// answer together.
trait FromRepo {
    fn mark(&mut self, repo: &str);
}

macro_rules! from_repo {
    ($($answer:ty),*) => {$(
        impl FromRepo for $answer {
            fn mark(&mut self, repo: &str) {
                self.id = format!("{repo}:{}", self.id);
                self.repo = Some(repo.to_string());
            }
        }
    )*};
}
from_repo!(Found, Similar, Exemplar, PatternMatch);

/// Every repository's answers, marked, best first by `better` (ties by id), at most
/// `limit`.
fn merged<T: FromRepo>(
    repos: &[Named],
    limit: usize,
    answer: impl Fn(&Reader) -> Result<Vec<T>>,
    better: impl Fn(&T, &T) -> Ordering,
    id: impl Fn(&T) -> &str,
) -> Result<Vec<T>> {
    let mut all = Vec::new();
    for (name, reader) in repos {
        for mut found in answer(reader)? {
            found.mark(name);
            all.push(found);
        }
    }
    all.sort_by(|a, b| better(a, b).then_with(|| id(a).cmp(id(b))));
    all.truncate(limit);
    Ok(all)
}

/// Search every repository; results merged by score (ties by id).
pub fn search_many(repos: &[Named], request: &SearchRequest) -> Result<Results> {
    let more_in_one = std::cell::Cell::new(false);
    let mut found = merged(
        repos,
        request.limit + 1,
        |reader| {
            let results = search(reader, request)?;
            more_in_one.set(more_in_one.get() || results.more);
            Ok(results.found)
        },
        |a, b| b.score.total_cmp(&a.score),
        |f| &f.id,
    )?;
    let more = more_in_one.get() || found.len() > request.limit;
    found.truncate(request.limit);
    // Each repository showed its own first results: only the first ones overall keep
    // their source.
    for hit in found.iter_mut().skip(request.show) {
        hit.source = None;
    }
    Ok(Results { found, more })
}

/// A pattern over every repository; matches in repository, path and position order.
pub fn pattern_many(repos: &[Named], request: &PatternRequest) -> Result<PatternResult> {
    let mut merged = PatternResult {
        matches: Vec::new(),
        total: 0,
        files_matched: 0,
        required_words: Vec::new(),
        warnings: Vec::new(),
    };
    for (name, reader) in repos {
        let result = pattern(reader, request)?;
        merged.total += result.total;
        merged.files_matched += result.files_matched;
        merged.required_words = result.required_words;
        merged.warnings = result.warnings;
        for mut found in result.matches {
            found.mark(name);
            merged.matches.push(found);
        }
    }
    merged.matches.truncate(request.limit);
    Ok(merged)
}

/// Code shaped like an example in every repository, most similar first (ties by id).
pub fn like_many(repos: &[Named], example: &ExampleShape, limit: usize) -> Result<Vec<Similar>> {
    merged(
        repos,
        limit,
        |reader| like_shape(reader, example, limit),
        |a, b| b.similarity.total_cmp(&a.similarity),
        |s| &s.id,
    )
}

/// Candidate exemplars from every repository, best first (ties by id).
pub fn gene_find_many(repos: &[Named], request: &GeneFindRequest) -> Result<Vec<Exemplar>> {
    merged(
        repos,
        request.limit,
        |reader| gene_find(reader, request),
        |a, b| b.score.total_cmp(&a.score),
        |e| &e.id,
    )
}
