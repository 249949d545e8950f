//! The pyramid model: nodes with stable ids, nested repo → dir → file → item → member,
//! each readable at four levels of detail.

mod build;
mod summary;
mod text;

pub use build::{FileSummary, build_file, build_tree, tree_len};
pub use summary::{first_sentence, split_words};
pub use text::{Heading, build_text, headings};

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::grammar::Lang;
pub use crate::parse::{Reference, Span};

/// The id of the repository's root node.
pub const ROOT_ID: &str = ".";

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// The repository root, id `.`.
    Repo,
    /// A directory, id ending in `/`.
    Dir,
    /// A source file.
    File,
    /// An inline module.
    Module,
    /// A class.
    Class,
    /// A struct.
    Struct,
    /// An enum.
    Enum,
    /// A union.
    Union,
    /// A trait.
    Trait,
    /// A trait impl (`Type::Trait`) or the methods of a type defined elsewhere.
    Impl,
    /// A free function.
    Function,
    /// A function inside a type.
    Method,
    /// A constant.
    Const,
    /// A static.
    Static,
    /// A type alias or associated type.
    Type,
    /// A macro definition.
    Macro,
    /// An interface: a type that names methods (and fields) without implementing
    /// them (Go, TypeScript, Java).
    Interface,
    /// A Markdown heading and the text under it, up to the next heading of its
    /// level or above.
    Section,
}

impl NodeKind {
    /// The lower-case name used in ids, JSON and `--kind`.
    pub fn name(self) -> &'static str {
        match self {
            NodeKind::Repo => "repo",
            NodeKind::Dir => "dir",
            NodeKind::File => "file",
            NodeKind::Module => "module",
            NodeKind::Class => "class",
            NodeKind::Struct => "struct",
            NodeKind::Enum => "enum",
            NodeKind::Union => "union",
            NodeKind::Trait => "trait",
            NodeKind::Impl => "impl",
            NodeKind::Function => "function",
            NodeKind::Method => "method",
            NodeKind::Const => "const",
            NodeKind::Static => "static",
            NodeKind::Type => "type",
            NodeKind::Macro => "macro",
            NodeKind::Interface => "interface",
            NodeKind::Section => "section",
        }
    }

    /// Every kind.
    pub const ALL: [NodeKind; 18] = [
        NodeKind::Repo,
        NodeKind::Dir,
        NodeKind::File,
        NodeKind::Module,
        NodeKind::Class,
        NodeKind::Struct,
        NodeKind::Enum,
        NodeKind::Union,
        NodeKind::Trait,
        NodeKind::Impl,
        NodeKind::Function,
        NodeKind::Method,
        NodeKind::Const,
        NodeKind::Static,
        NodeKind::Type,
        NodeKind::Macro,
        NodeKind::Interface,
        NodeKind::Section,
    ];

    /// Parses a kind name as printed (`struct`, `method`, …).
    pub fn parse(name: &str) -> Option<NodeKind> {
        NodeKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether functions inside it are methods.
    pub fn is_type(self) -> bool {
        matches!(
            self,
            NodeKind::Class
                | NodeKind::Struct
                | NodeKind::Enum
                | NodeKind::Union
                | NodeKind::Trait
                | NodeKind::Interface
                | NodeKind::Impl
        )
    }

    /// Whether it is part of the file tree rather than of a file's contents.
    pub fn is_tree(self) -> bool {
        matches!(self, NodeKind::Repo | NodeKind::Dir)
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A zoom level: how much of a node to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// At most 4 words: what it is.
    Label = 0,
    /// At most 16 words on one line: what it does.
    Gist = 1,
    /// Signature, doc summary, and children at `gist`.
    Outline = 2,
    /// The exact indexed source.
    Source = 3,
}

impl Level {
    /// The level one step coarser (`label` stays `label`).
    pub fn coarser(self) -> Level {
        match self {
            Level::Source => Level::Outline,
            Level::Outline => Level::Gist,
            Level::Gist | Level::Label => Level::Label,
        }
    }

    /// The lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Level::Label => "label",
            Level::Gist => "gist",
            Level::Outline => "outline",
            Level::Source => "source",
        }
    }
}

impl FromStr for Level {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "label" | "0" => Ok(Level::Label),
            "gist" | "1" => Ok(Level::Gist),
            "outline" | "2" => Ok(Level::Outline),
            "source" | "3" => Ok(Level::Source),
            _ => Err(format!(
                "unknown level `{s}`: use label, gist, outline, source or 0–3"
            )),
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One unit of the pyramid, with everything needed to render it at any level but
/// `source` (which is cut from the file's stored text by `span`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Stable id: `.`, `src/store/`, `src/store/writer.rs`, `src/store/writer.rs::Writer::commit`.
    pub id: String,
    /// Id of the enclosing node; `None` for the root.
    pub parent: Option<String>,
    /// What it is.
    pub kind: NodeKind,
    /// Language of its file; `None` for directories and the root.
    pub lang: Option<Lang>,
    /// Repository-relative path of its file or directory (`""` for the root).
    pub path: String,
    /// Its own name (last segment of the id).
    pub name: String,
    /// Where it is in its file; `None` for directories and the root.
    pub span: Option<Span>,
    /// Level 0.
    pub label: String,
    /// Level 1.
    pub gist: String,
    /// Level 2 without the children: signature and doc summary.
    pub head: String,
    /// Full documentation, markers removed.
    pub doc: Option<String>,
    /// The declaration without its body.
    pub signature: String,
    /// blake3 of its source bytes (of its files' hashes, for directories), 16 hex digits.
    pub hash: String,
    /// Whether a syntax error lies inside it.
    pub has_errors: bool,
    /// Names it uses directly.
    pub refs: Vec<Reference>,
    /// Import statements: a file's, and those inside an item (`use super::*;` in
    /// `mod tests`).
    pub imports: Vec<crate::lang::Import>,
    /// Number of direct children.
    pub children: u32,
    /// Position among the nodes of its file (0 for the file node), for tree order.
    pub ord: u32,
    /// Structural fingerprint of functions and types ([`crate::shape`]); stored
    /// beside the node, not in it.
    #[serde(skip)]
    pub shape: Vec<u32>,
}

impl Node {
    /// A node with only its id, kind and language (its path, name and parent taken
    /// from the id): for tests of what works on ids, and for a file no index holds.
    pub(crate) fn bare(id: &str, kind: NodeKind, lang: Option<Lang>) -> Node {
        let (path, local) = id.split_once("::").unwrap_or((id, ""));
        let parent = match local.rsplit_once("::") {
            Some((owner, _)) => format!("{path}::{owner}"),
            None => path.to_string(),
        };
        Node {
            id: id.into(),
            parent: Some(parent),
            kind,
            lang,
            path: path.into(),
            name: id.rsplit("::").next().unwrap_or(id).into(),
            span: None,
            label: String::new(),
            gist: String::new(),
            head: String::new(),
            doc: None,
            signature: String::new(),
            hash: String::new(),
            has_errors: false,
            refs: Vec::new(),
            imports: Vec::new(),
            children: 0,
            ord: 0,
            shape: Vec::new(),
        }
    }

    /// Whether it belongs to a text file that is no code (docs, settings): a file
    /// without a language, or a section of one.
    pub fn is_text(&self) -> bool {
        self.lang.is_none() && !self.kind.is_tree()
    }

    /// The id of a file-level item: `path::Name`.
    pub fn item_id(scope: &str, name: &str) -> String {
        format!("{scope}::{name}")
    }
}

/// Short blake3 digest used for node hashes.
pub fn short_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..16].to_string()
}
