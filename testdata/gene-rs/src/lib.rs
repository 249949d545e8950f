//! A small shop: prices, taxes and reports.

pub mod pricing;
pub mod report;
