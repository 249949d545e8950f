//! A tiny key-value store with file-backed configuration.
//!
//! The crate exposes a [`config::Config`] type for settings and a
//! [`store::Store`] that persists entries through a [`store::Writer`].

pub mod config;
pub mod store;

pub use config::{Config, Format};

/// Opens the default store using the configuration at `DEFAULT_PATH`.
///
/// Returns `None` when the configuration cannot be loaded.
pub fn open_default() -> Option<store::Store> {
    let config = Config::load(config::DEFAULT_PATH).ok()?;
    Some(store::Store::open(&config.path))
}
