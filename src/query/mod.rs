//! Query stage: read-only questions over an index — zoom, overview, search, slice,
//! pattern, gene, the reference graph, status.

mod gene;
mod grep;
mod like;
mod limits;
mod multi;
mod overview;
mod pattern;
mod refs;
mod related;
mod search;
mod slice;
mod status;
mod task;
mod zoom;

pub use gene::{
    DEFAULT_DEPTH, Exemplar, Gene, GeneFindRequest, GeneRequest, LeftOut, LeftReason, Outside,
    Part, Role, Size, gene, gene_find,
};
pub use grep::{FileCount, GrepBlock, GrepRequest, GrepResult, grep};
pub use like::{Example, ExampleShape, Similar, example_shape, like, like_shape};
pub use limits::*;
pub use multi::{Named, gene_find_many, like_many, pattern_many, search_many};
pub use overview::{Overview, overview};
pub use pattern::{
    ContextLine, MAX_CONTEXT, MAX_PATTERN_BYTES, PatternMatch, PatternRequest, PatternResult,
    PatternSpec, check_pattern, count_matches, pattern, pattern_since,
};
pub use refs::{Implementation, Implementations, Member, Refs, RefsRequest, Use, Used, refs};
pub use related::{Graph, Needs, OutsideUse, Related};
pub use search::{Explanation, Found, Line, MAX_SHOW, Results, SearchRequest, Shown, search};
pub use slice::{Slice, SliceEntry, SliceRequest, Why, slice};
pub use status::{Status, status};
pub use zoom::{
    MAX_RANGES, Sources, View, around, find, node_text, skip_to_offset, split_line_range,
    split_ranges, suggestions, zoom, zoom_ids,
};
