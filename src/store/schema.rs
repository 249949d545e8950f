//! The tantivy schema, in one place. Its description is hashed into the index format
//! version, so any change here makes old indexes ask for a rebuild.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use super::tokenizer::{CODE_TOKENIZER, PROSE_TOKENIZER, WORDS_TOKENIZER};

/// Value of the `group` field for the directory and root nodes.
pub const TREE_GROUP: &str = "@tree";
/// Value of the `group` field for the manifest document.
pub const MANIFEST_GROUP: &str = "@manifest";
/// Value of the `kind` field for a code file's stored source text.
pub const SOURCE_KIND: &str = "@source";
/// Value of the `kind` field for a text file's stored text: apart from the code's, so
/// that whole-file ranking and its statistics stay over code.
pub const TEXT_KIND: &str = "@text";
/// Value of the `lang` field for every document of a text file: counted out of the
/// documents code is ranked among.
pub const TEXT_LANG: &str = "@text";

/// Handles to every field.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Node id, exact.
    pub id: Field,
    /// Parent node id, exact.
    pub parent: Field,
    /// What to delete together: a file's path for its nodes and source, or a group constant.
    pub group: Field,
    /// Node kind, `@source` or `@manifest`.
    pub kind: Field,
    /// Repository-relative path of the file or directory.
    pub path: Field,
    /// Language name; [`TEXT_LANG`] for text files, their sections and texts.
    pub lang: Field,
    /// The node's name and the words of its id (enclosing names, or the path of a
    /// file or directory), code-tokenized (`parseHTTPConfig` → parse, http, config).
    pub name: Field,
    /// Gist, documentation and signature, English-stemmed.
    pub text: Field,
    /// Names it uses (the last segment of each reference), exact: the reference
    /// graph finds a definition's users through it.
    pub uses: Field,
    /// The node's name, exact: the reference graph finds definitions through it.
    pub defines: Field,
    /// A file's whole text, code-tokenized (`@source` documents): ranks files.
    pub body: Field,
    /// A node's own text (its source less its children's), English-stemmed: the
    /// identifiers, string literals and comments inside a definition, so that a task
    /// naming what a body does or says finds that definition, not only its file.
    pub inner: Field,
    /// A text file's or section's words (name, gist, headings, its own text),
    /// English-stemmed: apart from the code's fields, so that docs neither change the
    /// statistics code is ranked by nor crowd its hits.
    pub prose: Field,
    /// The distinct shape hashes of a function's or type's fingerprint, exact: finds
    /// code shaped like an example.
    pub shape: Field,
    /// The whole fingerprint, as little-endian `u32`s, to rank what `shape` found.
    pub shape_data: Field,
    /// Position among the nodes of its file.
    pub ord: Field,
    /// The node, as JSON.
    pub node: Field,
    /// A file's text (`@source` documents).
    pub source: Field,
    /// The manifest, as JSON (`@manifest` document).
    pub manifest: Field,
}

/// Builds the schema and its field handles.
pub fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fields = Fields {
        id: builder.add_text_field("id", STRING),
        parent: builder.add_text_field("parent", STRING),
        group: builder.add_text_field("group", STRING),
        kind: builder.add_text_field("kind", STRING),
        path: builder.add_text_field("path", STRING | FAST),
        lang: builder.add_text_field("lang", STRING),
        name: builder.add_text_field("name", searchable(CODE_TOKENIZER)),
        text: builder.add_text_field("text", searchable(PROSE_TOKENIZER)),
        uses: builder.add_text_field("uses", STRING),
        defines: builder.add_text_field("defines", STRING),
        body: builder.add_text_field("body", searchable(WORDS_TOKENIZER)),
        inner: builder.add_text_field("inner", searchable(PROSE_TOKENIZER)),
        prose: builder.add_text_field("prose", searchable(PROSE_TOKENIZER)),
        shape: builder.add_text_field("shape", STRING),
        shape_data: builder.add_bytes_field("shape_data", STORED),
        ord: builder.add_u64_field("ord", FAST | INDEXED),
        node: builder.add_bytes_field("node", STORED),
        source: builder.add_bytes_field("source", STORED),
        manifest: builder.add_bytes_field("manifest", STORED),
    };
    (builder.build(), fields)
}

/// A field searched with BM25: term frequencies, no positions (no phrase queries).
fn searchable(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqs),
    )
}

/// Version of everything the index holds: bump when the meaning of stored data changes
/// in a way the schema and the queries do not show.
const FORMAT_EPOCH: u32 = 6;

/// The index format this build reads and writes: a digest of the schema, the shipped
/// grammar queries and [`FORMAT_EPOCH`].
pub fn format_version() -> String {
    let (schema, _) = schema();
    let description = serde_json::to_string(&schema).unwrap_or_default();
    let mut hasher = blake3::Hasher::new();
    hasher.update(&FORMAT_EPOCH.to_le_bytes());
    hasher.update(&crate::shape::VERSION.to_le_bytes());
    // Summaries are built by this code: another release may summarize differently.
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(description.as_bytes());
    hasher.update(crate::grammar::queries_digest().as_bytes());
    // The tokenizers' behaviour, not just their names: their output on a sample.
    let sample = "parseHTTPConfig utf8_decode Größe __init__ x1Y2";
    for token in super::tokenizer::code_tokens(sample) {
        hasher.update(token.text.as_bytes());
        hasher.update(b" ");
    }
    format!("{FORMAT_EPOCH}-{}", &hasher.finalize().to_hex()[..12])
}
