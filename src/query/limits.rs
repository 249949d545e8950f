//! The defaults and limits of the query operations' parameters, defined once for both
//! front ends: the command line (clap defaults and ranges) and the MCP tools (schema
//! defaults and ranges) read them from here, and `tests/front_ends.rs` checks that
//! they agree. Limits an MCP answer alone needs (its token budget) live in the server.

/// `search`: results unless asked otherwise, and at most.
pub const DEFAULT_SEARCH_LIMIT: usize = 10;
/// `search`: most results.
pub const MAX_SEARCH_LIMIT: usize = 100;
/// `search`: lines of its own each result shows that hold the task's words, unless
/// asked otherwise.
pub const DEFAULT_SEARCH_LINES: usize = 1;
/// `search`: most such lines a result shows.
pub const MAX_SEARCH_LINES: usize = 5;
/// `pattern`: matches shown unless asked otherwise.
pub const DEFAULT_PATTERN_LIMIT: usize = 20;
/// `pattern`: most matches shown (all are counted).
pub const MAX_PATTERN_LIMIT: usize = 100;
/// `zoom`: levels of children shown unless asked otherwise.
pub const DEFAULT_ZOOM_DEPTH: u32 = 1;
/// `zoom`: most levels of children.
pub const MAX_ZOOM_DEPTH: u32 = 64;
/// `overview`: tokens unless asked otherwise.
pub const DEFAULT_OVERVIEW_BUDGET: usize = 1_000;
/// `slice`: tokens unless asked otherwise.
pub const DEFAULT_SLICE_BUDGET: usize = 8_000;
/// `gene`: tokens unless asked otherwise.
pub const DEFAULT_GENE_BUDGET: usize = 6_000;
/// `gene`: most reference steps followed.
pub const MAX_GENE_DEPTH: usize = 10;
/// `gene --find`: candidates listed unless asked otherwise.
pub const DEFAULT_GENE_FIND_LIMIT: usize = 5;
/// `gene --find`: most candidates (each costs a closure).
pub const MAX_GENE_FIND_LIMIT: usize = 30;
/// `refs`: lines of uses listed unless asked otherwise.
pub const DEFAULT_REFS_LIMIT: usize = 30;
/// `refs`: most lines of uses listed (all are counted).
pub const MAX_REFS_LIMIT: usize = 500;
/// `grep`: matching lines shown unless asked otherwise.
pub const DEFAULT_GREP_LIMIT: usize = 50;
/// `grep`: most matching lines shown (all are counted).
pub const MAX_GREP_LIMIT: usize = 1_000;
