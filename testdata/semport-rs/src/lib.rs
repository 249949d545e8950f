//! Small text utilities, ported from the Python package `textkit`.

pub mod config;
pub mod words;
