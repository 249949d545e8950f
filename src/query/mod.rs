//! Query stage: read-only questions over an index — zoom, overview, status.

mod overview;
mod status;
mod zoom;

pub use overview::{Overview, overview};
pub use status::{Status, status};
pub use zoom::{View, node_text, suggestions, zoom};
