//! Render stage: one renderer per format. Text is for people and prompts; JSON is
//! a stable contract (see the README's "JSON schema").

pub mod json;
pub mod markdown;
pub mod text;
