//! Questions over several indexed repositories at once (`--all`, `--repos`): each
//! answers on its own, and the answers are merged, with ids prefixed `name:`.

use super::gene::{Exemplar, GeneFindRequest, gene_find};
use super::like::{ExampleShape, Similar, like_shape};
use super::pattern::{PatternRequest, PatternResult, pattern};
use super::search::{Found, SearchRequest, search};
use crate::error::Result;
use crate::store::Reader;

/// A registered repository's name and its open index.
pub type Named = (String, Reader);

fn prefixed(name: &str, id: &str) -> String {
    format!("{name}:{id}")
}

/// Search every repository; results merged by score (ties by id).
pub fn search_many(repos: &[Named], request: &SearchRequest) -> Result<Vec<Found>> {
    let mut all = Vec::new();
    for (name, reader) in repos {
        for mut found in search(reader, request)? {
            found.id = prefixed(name, &found.id);
            found.repo = Some(name.clone());
            all.push(found);
        }
    }
    all.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    all.truncate(request.limit);
    Ok(all)
}

/// A pattern over every repository; matches in repository, path and position order.
pub fn pattern_many(repos: &[Named], request: &PatternRequest) -> Result<PatternResult> {
    let mut merged = PatternResult {
        matches: Vec::new(),
        total: 0,
        files_matched: 0,
        required_words: Vec::new(),
    };
    for (name, reader) in repos {
        let result = pattern(reader, request)?;
        merged.total += result.total;
        merged.files_matched += result.files_matched;
        merged.required_words = result.required_words;
        for mut found in result.matches {
            found.id = prefixed(name, &found.id);
            found.repo = Some(name.clone());
            merged.matches.push(found);
        }
    }
    merged.matches.truncate(request.limit);
    Ok(merged)
}

/// Code shaped like an example in every repository, most similar first (ties by id).
pub fn like_many(repos: &[Named], example: &ExampleShape, limit: usize) -> Result<Vec<Similar>> {
    let mut all = Vec::new();
    for (name, reader) in repos {
        for mut found in like_shape(reader, example, limit)? {
            found.id = prefixed(name, &found.id);
            found.repo = Some(name.clone());
            all.push(found);
        }
    }
    all.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then_with(|| a.id.cmp(&b.id))
    });
    all.truncate(limit);
    Ok(all)
}

/// Candidate exemplars from every repository, best first (ties by id).
pub fn gene_find_many(repos: &[Named], request: &GeneFindRequest) -> Result<Vec<Exemplar>> {
    let mut all = Vec::new();
    for (name, reader) in repos {
        for mut found in gene_find(reader, request)? {
            found.id = prefixed(name, &found.id);
            found.repo = Some(name.clone());
            all.push(found);
        }
    }
    all.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    all.truncate(request.limit);
    Ok(all)
}
