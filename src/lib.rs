//! pyramid turns a code repository into a pyramid of summaries that coding agents
//! zoom through: the whole repository in a few hundred tokens, any directory, file,
//! type or function expanded on demand, down to its exact source.
//!
//! The pipeline, one module per stage, plain data between them:
//!
//! ```text
//! walk ─► parse ─► pyramid ─► store ─► query ─► render
//! files   tree-sitter  nodes,     tantivy   zoom,      text,
//!         + grammars/  levels     index     overview,  JSON
//!                                           status
//! ```
//!
//! [`indexer::index`] runs the first four stages; [`query`] answers from the index.
//!
//! ```no_run
//! use pyramid::{indexer, query, store::{Location, Reader}, pyramid::Level};
//!
//! let location = Location::resolve(Some("my-repo".as_ref()), None, &std::env::current_dir()?, true)?;
//! indexer::index(&location, &indexer::IndexOptions::default(), &indexer::NoProgress)?;
//! let reader = Reader::open(&location)?;
//! let view = query::zoom(&reader, "src/lib.rs", Level::Outline, 1)?;
//! print!("{}", pyramid::render::text::render_view(&view));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

pub mod error;
pub mod grammar;
pub mod graph;
pub mod indexer;
pub mod lang;
pub mod mcp;
pub mod pack;
pub mod packages;
pub mod parse;
pub mod pyramid;
pub mod query;
pub mod registry;
pub mod render;
pub mod semport;
pub mod shape;
pub mod store;
pub mod tokens;
pub mod walk;
pub mod watch;
pub mod words;

pub use error::{Error, FrontEnd, Hint, Result};
