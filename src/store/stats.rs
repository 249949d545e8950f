//! BM25 statistics over the live documents of an index only.
//!
//! An incremental update deletes a changed file's documents and adds new ones; tantivy
//! keeps the deleted ones (their terms, their token counts) until a merge, and its own
//! statistics count them. Scores then depend on the index's history: a term found in
//! every file could count more documents than there are (tantivy's `idf` asserts on
//! that), and two indexes of the same tree could rank differently. These statistics
//! count what a fresh build of the same tree would hold, whatever the segments look
//! like.

use std::collections::HashMap;
use std::sync::Mutex;

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, Term};

/// Live-document statistics for one searcher, with the token totals it has computed.
pub(super) struct LiveStatistics {
    /// Token totals per field, over live documents: computed once per field, since
    /// they need a pass over every document's length.
    tokens: Mutex<HashMap<Field, u64>>,
}

impl LiveStatistics {
    /// Statistics with these token totals already known (from the index's
    /// [digest](super::digest)), the others computed when first asked for.
    pub(super) fn with_totals(totals: impl IntoIterator<Item = (Field, u64)>) -> LiveStatistics {
        LiveStatistics {
            tokens: Mutex::new(totals.into_iter().collect()),
        }
    }

    /// The statistics of `searcher` (the one these totals were computed on), counting
    /// `docs` documents in all: every live document for a node search, the live files
    /// for a whole-file search.
    pub(super) fn provider<'a>(&'a self, searcher: &'a Searcher, docs: u64) -> Provider<'a> {
        Provider {
            searcher,
            docs,
            totals: self,
        }
    }

    fn total_tokens(&self, searcher: &Searcher, field: Field) -> tantivy::Result<u64> {
        // A poisoned lock only means another thread panicked while inserting a number:
        // the map is still a valid cache.
        let cached = self
            .tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(&field)
            .copied();
        if let Some(total) = cached {
            return Ok(total);
        }
        let total = super::digest::live_tokens(searcher, field)?;
        self.tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(field, total);
        Ok(total)
    }
}

/// The number of live documents holding `term`.
pub(super) fn live_doc_freq(searcher: &Searcher, term: &Term) -> tantivy::Result<u64> {
    let mut count = 0u64;
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(term.field())?;
        let Some(alive) = segment.alive_bitset() else {
            count += u64::from(inverted.doc_freq(term)?);
            continue;
        };
        let Some(mut postings) = inverted.read_postings(term, IndexRecordOption::Basic)? else {
            continue;
        };
        let mut doc = postings.doc();
        while doc != tantivy::TERMINATED {
            count += u64::from(alive.is_alive(doc));
            doc = postings.advance();
        }
    }
    Ok(count)
}

/// [`LiveStatistics`] bound to a searcher and a document count, for one search.
pub(super) struct Provider<'a> {
    searcher: &'a Searcher,
    docs: u64,
    totals: &'a LiveStatistics,
}

impl Bm25StatisticsProvider for Provider<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.totals.total_tokens(self.searcher, field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.docs.max(1))
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        // Never more than the documents counted: tantivy's idf asserts on it, and a
        // count of files and a count of documents holding a word come from two places.
        Ok(live_doc_freq(self.searcher, term)?.min(self.docs.max(1)))
    }
}
