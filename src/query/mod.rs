//! Query stage: read-only questions over an index — zoom, overview, search, status.

mod overview;
mod search;
mod status;
mod zoom;

pub use overview::{Overview, overview};
pub use search::{Found, SearchRequest, search};
pub use status::{Status, status};
pub use zoom::{View, node_text, suggestions, zoom};
