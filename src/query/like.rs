//! `pattern --like`: functions and types shaped like an example, found through the
//! shape terms of the index and ranked by how much of their structure they share with
//! it, so that copies with renamed identifiers and changed literals come first.

use serde::Serialize;
use tree_sitter::Node as TsNode;

use super::zoom::find;
use crate::error::{Error, Result};
use crate::grammar::Lang;
use crate::pyramid::{NodeKind, Span};
use crate::shape;
use crate::store::Reader;

/// The example to find code like.
#[derive(Debug, Clone)]
pub enum Example {
    /// An indexed function or type.
    Id(String),
    /// A file of the repository, or lines of it (1-based, inclusive).
    File {
        /// Repository-relative path.
        path: String,
        /// The lines holding the example; the whole file when `None`.
        lines: Option<(u32, u32)>,
    },
    /// Code given as text.
    Text {
        /// The code.
        code: String,
        /// Its language.
        lang: Lang,
    },
}

/// One node shaped like the example. Serialized as an element of
/// `pattern --like --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Similar {
    /// The registered repository it is in, when several are searched (`--all`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    /// Node id (`name:id` when several repositories are searched).
    pub id: String,
    /// Node kind.
    pub kind: NodeKind,
    /// Its file.
    pub path: String,
    /// Where it is.
    pub span: Option<Span>,
    /// What it does, in one line.
    pub gist: String,
    /// Shapes shared over shapes of either (1.0: the same structure).
    pub similarity: f32,
    /// Shapes it shares with the example.
    pub shared: usize,
    /// Shapes of the example.
    pub example_shapes: usize,
    /// Shapes of this node.
    pub shapes: usize,
}

/// Candidates taken from the index before they are ranked by similarity.
const CANDIDATES: usize = 200;
/// Longest example text accepted.
const MAX_EXAMPLE_BYTES: usize = 200_000;

/// Nodes shaped like the example, most similar first (ties by id); the example
/// itself is left out.
pub fn like(reader: &Reader, example: &Example, limit: usize) -> Result<Vec<Similar>> {
    let shape = example_shape(reader, example)?;
    like_shape(reader, &shape, limit)
}

/// An example's structure: its fingerprint, language, and id when it is indexed.
#[derive(Debug, Clone)]
pub struct ExampleShape {
    fingerprint: Vec<u32>,
    lang: Lang,
    /// The id of an indexed example, and the index it is in.
    itself: Option<String>,
    origin: Option<std::path::PathBuf>,
}

/// Nodes of `reader` shaped like an example taken from any index.
pub fn like_shape(reader: &Reader, example: &ExampleShape, limit: usize) -> Result<Vec<Similar>> {
    let ExampleShape {
        fingerprint,
        lang,
        itself,
        ..
    } = example;
    let (fingerprint, lang) = (fingerprint.as_slice(), *lang);
    let itself = itself.as_ref().filter(|_| {
        // The example is left out only of its own repository's answer.
        example_in(reader, example)
    });
    let mut found: Vec<Similar> = reader
        .shaped_like(fingerprint, lang, CANDIDATES.max(limit))?
        .into_iter()
        .filter(|(node, _)| Some(&node.id) != itself)
        .map(|(node, theirs)| {
            let (shared, similarity) = shape::compare(fingerprint, &theirs);
            Similar {
                repo: None,
                id: node.id,
                kind: node.kind,
                path: node.path,
                span: node.span,
                gist: node.gist,
                similarity,
                shared,
                example_shapes: fingerprint.len(),
                shapes: theirs.len(),
            }
        })
        .collect();
    found.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then_with(|| a.id.cmp(&b.id))
    });
    found.truncate(limit);
    Ok(found)
}

/// Whether an indexed example is in this reader's index.
fn example_in(reader: &Reader, example: &ExampleShape) -> bool {
    example.origin.as_deref() == Some(reader.location().index_dir.as_path())
}

/// The example's fingerprint, language, and id when it is an indexed node.
pub fn example_shape(reader: &Reader, example: &Example) -> Result<ExampleShape> {
    let (fingerprint, lang, itself) = example_parts(reader, example)?;
    if fingerprint.is_empty() {
        return Err(Error::InvalidArgument(
            "the example has no structure to compare: give a function, a class or a type".into(),
        ));
    }
    Ok(ExampleShape {
        fingerprint,
        lang,
        origin: itself
            .is_some()
            .then(|| reader.location().index_dir.clone()),
        itself,
    })
}

fn example_parts(reader: &Reader, example: &Example) -> Result<(Vec<u32>, Lang, Option<String>)> {
    match example {
        Example::Id(id) => {
            let node = find(reader, id)?;
            let lang = node.lang.ok_or_else(|| {
                let what = match node.is_text() {
                    true => "a text file that is no code",
                    false => "a directory",
                };
                Error::InvalidArgument(format!(
                    "`{}` is {what}: give a function, a class or a type",
                    node.id
                ))
            })?;
            match reader.node_shape(&node.id)? {
                Some(shape) => Ok((shape, lang, Some(node.id))),
                None => {
                    // A file, a constant…: its source is the example.
                    let source = super::node_text(reader, &node, crate::pyramid::Level::Source)?;
                    Ok((text_shape(&source, lang)?, lang, Some(node.id)))
                }
            }
        }
        Example::File { path, lines } => {
            let lang = Lang::from_path(path).ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "`{path}` is no code of a language pyramid reads ({}): give a file of one",
                    Lang::titles()
                ))
            })?;
            let text = reader.source(path)?.ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "`{path}` is not an indexed file: give a path as `pyramid zoom` shows it"
                ))
            })?;
            let code = match lines {
                None => text,
                Some((first, last)) => {
                    let picked: Vec<&str> = text
                        .lines()
                        .skip(first.saturating_sub(1) as usize)
                        .take(last.saturating_sub(*first) as usize + 1)
                        .collect();
                    if picked.is_empty() {
                        return Err(Error::InvalidArgument(format!(
                            "`{path}` has no lines {first}-{last}"
                        )));
                    }
                    dedent(&picked)
                }
            };
            Ok((text_shape(&code, lang)?, lang, None))
        }
        Example::Text { code, lang } => Ok((text_shape(code, *lang)?, *lang, None)),
    }
}

/// The fingerprint of code given as text: of its first definition, else of its one
/// top-level item.
fn text_shape(code: &str, lang: Lang) -> Result<Vec<u32>> {
    if code.trim().is_empty() {
        return Err(Error::InvalidArgument(
            "the example holds no code (it is empty or only whitespace): give the code of a function or type to find the ones shaped like it".to_string(),
        ));
    }
    if code.len() > MAX_EXAMPLE_BYTES {
        return Err(Error::InvalidArgument(format!(
            "the example is {} bytes long; at most {MAX_EXAMPLE_BYTES} are accepted",
            code.len()
        )));
    }
    // As the index fingerprints it: its first top-level definition, when it has one.
    let parsed = crate::parse::parse(lang, code);
    if let Some(definition) = parsed
        .definitions
        .iter()
        .find(|d| d.parent.is_none() && !d.shape.is_empty())
    {
        return Ok(definition.shape.clone());
    }
    let tree = crate::parse::parse_tree(lang, code)
        .ok_or_else(|| Error::InvalidArgument("the example could not be parsed".to_string()))?;
    Ok(shape::fingerprint(single_item(tree.root_node()), lang))
}

/// Down from the root while there is only one named child: the item itself, as the
/// index fingerprinted it.
fn single_item(mut node: TsNode<'_>) -> TsNode<'_> {
    loop {
        // Comments and Rust attributes sit beside an item: the index fingerprints the
        // item alone.
        let mut cursor = node.walk();
        let mut items = node
            .named_children(&mut cursor)
            .filter(|child| !child.is_extra() && child.kind() != "attribute_item");
        match (items.next(), items.next()) {
            (Some(only), None) => node = only,
            _ => return node,
        }
    }
}

/// Lines with their common indentation removed, so a method parses on its own (and
/// a match reads as written).
pub(super) fn dedent(lines: &[&str]) -> String {
    let common = lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|line| line.get(common..).unwrap_or(line.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
}
