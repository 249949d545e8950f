//! `search`: nodes ranked by BM25 over their names, ids, prose and the names they use.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::grammar::Lang;
use crate::pyramid::{NodeKind, Span};
use crate::store::{Reader, SearchFilter};

/// What to search for.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// Words, identifiers, or a whole task description.
    pub query: String,
    /// Only these kinds (any when empty).
    pub kinds: Vec<NodeKind>,
    /// Only this language.
    pub lang: Option<Lang>,
    /// Only nodes whose path matches this glob (`src/**/*.rs`) or starts with this
    /// prefix (`src/store/`).
    pub path: Option<String>,
    /// Most results.
    pub limit: usize,
}

/// One ranked node. Serialized as an element of `search --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found {
    /// Node id.
    pub id: String,
    /// Node kind.
    pub kind: NodeKind,
    /// Language, `null` for directories.
    pub lang: Option<Lang>,
    /// Path of its file or directory.
    pub path: String,
    /// Where it is, `null` for directories.
    pub span: Option<Span>,
    /// What it does, in one line.
    pub gist: String,
    /// BM25 relevance; comparable only within one answer.
    pub score: f32,
}

/// Ranks the nodes of an index against a request.
pub fn search(reader: &Reader, request: &SearchRequest) -> Result<Vec<Found>> {
    if !request.query.chars().any(char::is_alphanumeric) {
        return Err(Error::InvalidArgument(
            "empty query: give words or identifiers to search for, e.g. `pyramid search \"parse config\"`".into(),
        ));
    }
    let path_filter = request.path.as_deref().map(PathFilter::new).transpose()?;
    let filter = SearchFilter {
        kinds: request.kinds.clone(),
        lang: request.lang,
    };
    // A path filter applies after ranking: look further down the list for it.
    let wanted = if path_filter.is_some() {
        5_000
    } else {
        request.limit
    };
    let hits = reader.search(&request.query, &filter, wanted)?;
    Ok(hits
        .into_iter()
        .filter(|hit| {
            path_filter
                .as_ref()
                .is_none_or(|f| f.matches(&hit.node.path))
        })
        .take(request.limit)
        .map(|hit| Found {
            score: hit.score,
            id: hit.node.id,
            kind: hit.node.kind,
            lang: hit.node.lang,
            path: hit.node.path,
            span: hit.node.span,
            gist: hit.node.gist,
        })
        .collect())
}

/// `--path`: a glob when it has glob characters, else a path prefix.
enum PathFilter {
    Prefix(String),
    Glob(globset::GlobMatcher),
}

impl PathFilter {
    fn new(pattern: &str) -> Result<PathFilter> {
        if !pattern.contains(['*', '?', '[', '{']) {
            return Ok(PathFilter::Prefix(
                pattern.trim_start_matches("./").to_string(),
            ));
        }
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| Error::InvalidArgument(format!("bad --path glob `{pattern}`: {e}")))?;
        Ok(PathFilter::Glob(glob.compile_matcher()))
    }

    fn matches(&self, path: &str) -> bool {
        match self {
            PathFilter::Prefix(prefix) => path.starts_with(prefix.as_str()),
            PathFilter::Glob(glob) => glob.is_match(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_filters() {
        let prefix = PathFilter::new("src/store/").unwrap();
        assert!(prefix.matches("src/store/writer.rs") && !prefix.matches("src/lib.rs"));
        let glob = PathFilter::new("src/**/*.rs").unwrap();
        assert!(glob.matches("src/store/writer.rs") && !glob.matches("tests/a.rs"));
        let shallow = PathFilter::new("src/*.rs").unwrap();
        assert!(shallow.matches("src/lib.rs") && !shallow.matches("src/store/writer.rs"));
        assert!(PathFilter::new("src/[").is_err());
    }
}
