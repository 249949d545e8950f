//! Settings for wrapping.

/// The width lines are wrapped to unless told otherwise.
pub const DEFAULT_WIDTH: i64 = 70;

/// How to wrap text.
#[derive(Debug, Clone, PartialEq)]
pub struct WrapConfig {
    pub width: i64,
    pub indent: String,
}
