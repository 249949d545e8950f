//! Parse stage: source text → definitions, docs, imports and references, by running a
//! language's query set (see [`crate::grammar`]) over its tree-sitter tree.
//!
//! Nothing here recurses over the syntax tree, so deeply nested code cannot overflow
//! the stack. A file with syntax errors still yields whatever parsed; the affected
//! definitions are marked.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use streaming_iterator::StreamingIterator;
use tree_sitter::{Node as TsNode, Parser, QueryCursor, Tree};

use crate::grammar::{Capture, DefKind, Lang, MemberKind, RefKind};
use crate::lang::Docs;

/// A byte and line range in a file. Lines are 1-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First line, 1-based.
    pub start_line: u32,
    /// Last line, 1-based, inclusive.
    pub end_line: u32,
    /// Offset of the first byte.
    pub start_byte: u32,
    /// Offset one past the last byte.
    pub end_byte: u32,
}

impl Span {
    fn of(node: TsNode) -> Span {
        let end = node.end_position();
        // A node ending at column 0 ends on the previous line (its trailing newline).
        let end_line = if end.column == 0 && end.row > node.start_position().row {
            end.row
        } else {
            end.row + 1
        };
        Span {
            start_line: node.start_position().row as u32 + 1,
            end_line: end_line as u32,
            start_byte: node.start_byte() as u32,
            end_byte: node.end_byte() as u32,
        }
    }

    /// The whole of a text.
    pub fn whole(text: &str) -> Span {
        let lines = text.lines().count().max(1) as u32;
        Span {
            start_line: 1,
            end_line: lines,
            start_byte: 0,
            end_byte: text.len() as u32,
        }
    }

    fn contains(&self, other: &Span) -> bool {
        self.start_byte <= other.start_byte && other.end_byte <= self.end_byte
    }
}

/// A use of a name: the raw material of the reference graph.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Reference {
    /// Call, type use, field access, macro.
    pub kind: RefKind,
    /// The name as written (`Store::open`, `join`, `Config`).
    pub name: String,
}

/// A member of a type (field or variant), listed in its summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Field or variant.
    pub kind: MemberKind,
    /// Its name.
    pub name: String,
}

/// One definition found in a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    /// What the query called it.
    pub kind: DefKind,
    /// Its name; for impl blocks, the implemented type: its bare name (`Formatter` for
    /// `&mut fmt::Formatter<'_>`), or, when it has none ([`Definition::unnamed_type`]),
    /// the type as written, path qualifiers dropped (`&mut T`, `[T]`, `(A, B)`).
    pub name: String,
    /// For impl blocks: the implemented trait, if any (last path segment).
    pub trait_name: Option<String>,
    /// For impl blocks: whether the implemented type names no type of the file, because
    /// it is one of the impl's type parameters (`impl<T> Foo for &mut T`), a type
    /// without a name (a slice, tuple, pointer, function or trait-object type), or a
    /// type of the language's prelude the file does not define (`Box<T>`, `Vec<u8>`).
    /// Such an impl belongs to no type's node.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unnamed_type: bool,
    /// For functions: the parameters' names, in order, read from the syntax tree
    /// (`self` for any receiver, `*args` and `**kwargs` with their stars).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<String>,
    /// For functions: the declared return type, whitespace collapsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returns: Option<String>,
    /// For functions declared outside their type's body (Go's `func (r *T) m()`): the
    /// type they belong to, as a method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Index of the enclosing definition in [`ParsedFile::definitions`].
    pub parent: Option<usize>,
    /// The item's extent, including its doc comments and attributes.
    pub span: Span,
    /// The declaration without its body, whitespace collapsed per line.
    pub signature: String,
    /// Its documentation, comment markers removed.
    pub doc: Option<String>,
    /// Fields and variants.
    pub members: Vec<Member>,
    /// Names used directly in it (not in nested definitions), first use first.
    pub refs: Vec<Reference>,
    /// Whether a syntax error lies inside it.
    pub has_errors: bool,
    /// Whether it has a body (`@body`): a function without one is a signature (a
    /// TypeScript overload, a trait's required method).
    #[serde(default)]
    pub has_body: bool,
    /// Its structural fingerprint ([`crate::shape`]), for functions and types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shape: Vec<u32>,
}

/// An import statement where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Import {
    /// Its text and what it names.
    pub statement: crate::lang::Import,
    /// Where it is.
    pub span: Span,
    /// The innermost definition it is inside (`None`: at file level).
    pub scope: Option<usize>,
}

/// Everything extracted from one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ParsedFile {
    /// Whether tree-sitter had to recover from syntax errors anywhere.
    pub has_errors: bool,
    /// The file's own documentation (module docstring, `//!`).
    pub doc: Option<String>,
    /// Import statements in file order.
    pub imports: Vec<Import>,
    /// Definitions in file order; parents come before their children.
    pub definitions: Vec<Definition>,
    /// Names used outside any definition.
    pub refs: Vec<Reference>,
}

thread_local! {
    static PARSERS: RefCell<HashMap<Lang, Parser>> = RefCell::new(HashMap::new());
}

/// The lines (1-based, ascending) where tree-sitter found a syntax error or a missing
/// token in the bytes `within` of a text, at most `limit`: what "has syntax errors"
/// means in a file a reader is looking at.
pub fn error_lines(
    lang: Lang,
    text: &str,
    within: std::ops::Range<usize>,
    limit: usize,
) -> Vec<u32> {
    let Some(tree) = parse_tree(lang, text) else {
        return Vec::new();
    };
    let mut lines: Vec<u32> = Vec::new();
    let mut cursor = tree.walk();
    'walk: loop {
        let node = cursor.node();
        let (start, end) = (node.start_byte(), node.end_byte());
        let inside = match start == end {
            // A missing token sits where it was expected: at a definition's end too.
            true => within.start <= start && start <= within.end,
            false => start < within.end && within.start < end,
        };
        // An error reaching back before the bytes asked holds more than them (a
        // well-formed definition after a broken header): its children say where.
        let here = node.is_missing() || (node.is_error() && start >= within.start);
        if inside && here {
            let line = node.start_position().row as u32 + 1;
            if lines.last() != Some(&line) {
                lines.push(line);
                if lines.len() >= limit {
                    break;
                }
            }
        } else if inside && node.has_error() && cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    lines
}

/// Parses a tree with a per-thread parser. `None` only if tree-sitter gives up.
pub(crate) fn parse_tree(lang: Lang, text: &str) -> Option<Tree> {
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let parser = parsers.entry(lang).or_insert_with(|| {
            let mut parser = Parser::new();
            // The grammar crates are linked in and their ABI is checked by the
            // grammar tests, so setting the language cannot fail.
            parser
                .set_language(&lang.language())
                .expect("grammar ABI is supported");
            parser
        });
        parser.parse(text, None)
    })
}

/// Deepest nesting of definitions that become nodes: ids grow with depth, and no
/// real code nests items this deep.
const MAX_DEF_DEPTH: usize = 64;

/// A definition as it is gathered from possibly several query matches.
#[derive(Default)]
struct RawDef {
    kind: Option<DefKind>,
    node_span: Option<Span>,
    name: Option<(usize, Span)>,
    body_start: Option<u32>,
    doc: Option<Span>,
    impl_type: Option<Span>,
    impl_trait: Option<Span>,
    impl_generics: Vec<Span>,
    /// Parameter names, by the syntax node that holds each (one match per parameter,
    /// so a node may come more than once).
    params: Vec<(usize, Span)>,
    returns: Option<Span>,
    /// The receiver's type of a function declared outside its type (`@method.owner`).
    owner: Option<Span>,
    /// The receiver's name (`@method.receiver`).
    receiver: Option<Span>,
    has_errors: bool,
}

/// Extracts definitions, docs, imports and references from a file's text.
pub fn parse(lang: Lang, text: &str) -> ParsedFile {
    let Some(tree) = parse_tree(lang, text) else {
        return ParsedFile {
            has_errors: true,
            ..ParsedFile::default()
        };
    };
    let grammar = lang.grammar();
    let docs_facts = &lang.facts().docs;
    let src = text.as_bytes();
    let root = tree.root_node();

    // Definitions in match order (deterministic), indexed by their syntax node.
    let mut defs: Vec<RawDef> = Vec::new();
    let mut def_index: HashMap<usize, usize> = HashMap::new();
    let mut outer_docs: Vec<Span> = Vec::new();
    let mut inner_docs: Vec<Span> = Vec::new();
    let mut attributes: Vec<Span> = Vec::new();
    let mut imports: Vec<Import> = Vec::new();
    // Each statement once, by its syntax node: several patterns take it apart.
    let mut import_index: HashMap<usize, usize> = HashMap::new();
    let mut members: Vec<(Span, Member)> = Vec::new();
    let mut refs: Vec<(Span, usize, Reference)> = Vec::new();

    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(&grammar.query, root, src);
    while let Some(m) = matches.next() {
        let def_node = m
            .captures()
            .iter()
            .find_map(|c| match grammar.captures[c.index as usize] {
                Capture::Definition(kind) => Some((kind, c.node)),
                _ => None,
            });
        if let Some((kind, node)) = def_node {
            let index = *def_index.entry(node.id()).or_insert_with(|| {
                defs.push(RawDef::default());
                defs.len() - 1
            });
            let raw = &mut defs[index];
            raw.kind.get_or_insert(kind);
            raw.node_span = Some(definition_span(node, &lang.facts().syntax));
            raw.has_errors = node.has_error();
            for c in m.captures() {
                let span = Span::of(c.node);
                match grammar.captures[c.index as usize] {
                    Capture::Name => raw.name = Some((c.node.id(), span)),
                    Capture::Body => raw.body_start = Some(c.node.start_byte() as u32),
                    Capture::Doc => raw.doc = Some(span),
                    Capture::ImplType => raw.impl_type = Some(span),
                    Capture::ImplTrait => raw.impl_trait = Some(span),
                    Capture::ImplGeneric => raw.impl_generics.push(span),
                    Capture::Parameter => raw.params.push((c.node.id(), span)),
                    Capture::Return => raw.returns = Some(span),
                    Capture::MethodOwner => raw.owner = Some(span),
                    Capture::MethodReceiver => raw.receiver = Some(span),
                    _ => {}
                }
            }
            continue;
        }
        if let Some(statement) = m
            .captures()
            .iter()
            .find(|c| grammar.captures[c.index as usize] == Capture::Import)
        {
            let index = *import_index.entry(statement.node.id()).or_insert_with(|| {
                let span = Span::of(statement.node);
                imports.push(Import {
                    statement: crate::lang::Import {
                        text: collapse_whitespace(slice(src, span)),
                        items: Vec::new(),
                    },
                    span,
                    scope: None,
                });
                imports.len() - 1
            });
            let setting = grammar.query.property_settings(m.pattern_index);
            let items = &mut imports[index].statement.items;
            if let Some(item) = import_item(m.captures(), &grammar.captures, setting, src)
                && !items.contains(&item)
            {
                items.push(item);
            }
        }
        for c in m.captures() {
            let span = Span::of(c.node);
            match grammar.captures[c.index as usize] {
                Capture::DocOuter => outer_docs.push(span),
                Capture::DocInner => inner_docs.push(span),
                Capture::Attribute => attributes.push(span),
                Capture::Member(kind) => members.push((
                    span,
                    Member {
                        kind,
                        name: slice(src, span).to_string(),
                    },
                )),
                Capture::Reference(kind) => {
                    // A whole call (Java's `repo.save(x)`) names what it calls before
                    // its arguments.
                    let named = match c.node.child_by_field_name("arguments") {
                        Some(arguments) => Span {
                            end_byte: arguments.start_byte() as u32,
                            ..span
                        },
                        None => span,
                    };
                    refs.push((
                        span,
                        c.node.id(),
                        Reference {
                            kind,
                            name: reference_name(slice(src, named)),
                        },
                    ))
                }
                _ => {}
            }
        }
    }

    let mut raw_defs: Vec<RawDef> = defs.into_iter().filter(|d| d.node_span.is_some()).collect();
    let name_nodes: std::collections::HashSet<usize> = raw_defs
        .iter()
        .filter_map(|d| d.name.map(|(id, _)| id))
        .collect();
    merge_by_name(&mut raw_defs);
    raw_defs.sort_by_key(|d| {
        let span = d.node_span.unwrap_or(Span::whole(""));
        (span.start_byte, std::cmp::Reverse(span.end_byte))
    });

    outer_docs.sort_by_key(|s| s.start_byte);
    attributes.sort_by_key(|s| s.start_byte);
    let mut prefixes: Vec<(Span, bool)> = outer_docs
        .iter()
        .map(|s| (*s, true))
        .chain(attributes.iter().map(|s| (*s, false)))
        .collect();
    prefixes.sort_by_key(|(s, _)| s.start_byte);

    let mut definitions: Vec<Definition> = Vec::with_capacity(raw_defs.len());
    // The syntax node of each fingerprinted definition.
    let mut shaped_nodes: Vec<Option<TsNode<'_>>> = Vec::with_capacity(raw_defs.len());
    // The receiver's name of each definition that names it (Go's methods).
    let mut receivers: Vec<Option<String>> = Vec::with_capacity(raw_defs.len());
    let mut stack: Vec<usize> = Vec::new();
    // Impls of a type the prelude names (`Box<T>`, `Vec<u8>`), with the type as
    // written: no type of the repository, unless the file defines one of that name.
    let mut prelude_impls: Vec<(usize, String)> = Vec::new();
    for raw in &raw_defs {
        let (Some(kind), Some(node_span)) = (raw.kind, raw.node_span) else {
            continue;
        };
        while let Some(&top) = stack.last() {
            if definitions[top].span.contains(&node_span) {
                break;
            }
            stack.pop();
        }
        if stack.len() >= MAX_DEF_DEPTH {
            // Items nested deeper stay inside their ancestor's source.
            continue;
        }
        let parent = stack.last().copied();
        let (mut span, outer_doc) = attach_prefixes(src, node_span, &prefixes, docs_facts);
        // Start at the beginning of the line, so the source keeps its first indentation.
        let line_start = src[..span.start_byte as usize]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        if src[line_start..span.start_byte as usize]
            .iter()
            .all(|&b| b == b' ' || b == b'\t')
        {
            span.start_byte = line_start as u32;
        }
        let doc = raw
            .doc
            .map(|s| clean_doc_in(slice(src, s), docs_facts))
            .or(outer_doc)
            .filter(|d| !d.is_empty());
        let mut unnamed_type = false;
        let name = match (raw.name, raw.impl_type) {
            // A name tree-sitter made up for broken code (MISSING) is none.
            (Some((_, s)), _) if s.start_byte == s.end_byte => continue,
            (Some((_, s)), _) => slice(src, s).to_string(),
            (None, Some(s)) => {
                let written = slice(src, s);
                let name = type_name(written);
                let generic = raw.impl_generics.iter().any(|g| slice(src, *g) == name);
                if generic || !is_identifier(&name) {
                    unnamed_type = true;
                    written_type(written)
                } else {
                    if lang.is_builtin(&name) {
                        prelude_impls.push((definitions.len(), written_type(written)));
                    }
                    name
                }
            }
            (None, None) => continue,
        };
        let trait_name = raw.impl_trait.map(|s| type_name(slice(src, s)));
        let mut params = raw.params.clone();
        params.sort_by_key(|(_, s)| s.start_byte);
        params.dedup_by_key(|(id, _)| *id);
        let params = params
            .iter()
            .map(|(_, s)| collapse_whitespace(slice(src, *s)))
            .collect();
        let returns = raw.returns.map(|s| collapse_whitespace(slice(src, s)));
        let owner = raw.owner.map(|s| type_name(slice(src, s)));
        let signature = signature(src, node_span, raw.body_start);
        let shaped = match kind {
            DefKind::Function
            | DefKind::Class
            | DefKind::Struct
            | DefKind::Enum
            | DefKind::Trait
            | DefKind::Interface
            | DefKind::Impl => root.descendant_for_byte_range(
                node_span.start_byte as usize,
                node_span.end_byte as usize,
            ),
            _ => None,
        };
        shaped_nodes.push(shaped);
        receivers.push(raw.receiver.map(|s| slice(src, s).to_string()));
        definitions.push(Definition {
            kind,
            name,
            trait_name,
            unnamed_type,
            params,
            returns,
            owner,
            parent,
            span,
            signature,
            doc,
            members: Vec::new(),
            refs: Vec::new(),
            has_errors: raw.has_errors,
            has_body: raw.body_start.is_some(),
            shape: Vec::new(),
        });
        stack.push(definitions.len() - 1);
    }

    // `impl<T> Foo for Box<T>` implements `Foo` for the prelude's `Box`, as
    // `impl<T> Foo for &mut T` does for references: a node of its own, `Foo for Box<T>`,
    // not a `Box` type of this file.
    for (i, written) in prelude_impls {
        let name = &definitions[i].name;
        let defined_here = definitions
            .iter()
            .any(|d| d.kind != DefKind::Impl && &d.name == name);
        if !defined_here {
            definitions[i].unnamed_type = true;
            definitions[i].name = written;
        }
    }

    // Fingerprints: a definition's own structure, its nested definitions (which have
    // their own) left out, so a class is shaped by its members, not their bodies.
    if shaped_nodes.iter().any(Option::is_some) {
        let shapes = crate::shape::TreeShapes::new(root, lang);
        // Each definition's nested ones, found in one pass (a file may hold 100k).
        let mut nested: Vec<Vec<TsNode<'_>>> = vec![Vec::new(); definitions.len()];
        for (j, definition) in definitions.iter().enumerate() {
            if let (Some(parent), Some(node)) = (definition.parent, shaped_nodes[j]) {
                nested[parent].push(node);
            }
        }
        for i in 0..definitions.len() {
            let Some(node) = shaped_nodes[i] else {
                continue;
            };
            definitions[i].shape = shapes.of_without(node, &nested[i]);
        }
    }

    // Members and references go to the innermost definition around them.
    members.sort_by_key(|(s, _)| s.start_byte);
    for (span, member) in members {
        if let Some(i) = innermost(&definitions, &span) {
            definitions[i].members.push(member);
        }
    }
    imports.sort_by_key(|i| i.span.start_byte);
    for import in &mut imports {
        import.scope = innermost(&definitions, &import.span);
    }
    let mut file_refs = Vec::new();
    refs.sort_by_key(|(s, _, _)| (s.start_byte, s.end_byte));
    let mut seen_ends = std::collections::HashSet::new();
    for (span, node_id, reference) in refs {
        // A definition's own name is not a use of it. A name captured by two patterns
        // (`self.parse` as a call, `parse` as an attribute) ends where they both end:
        // it counts once, as the widest capture, the one with its receiver.
        if name_nodes.contains(&node_id)
            || reference.name.is_empty()
            || !seen_ends.insert(span.end_byte)
        {
            continue;
        }
        let within = innermost(&definitions, &span);
        // `b.refill()` in `func (b *Bucket) take()` is a call on the method's own type.
        let receiver = within.and_then(|i| receivers[i].as_deref());
        let reference =
            match receiver.and_then(|r| reference.name.strip_prefix(r)?.strip_prefix('.')) {
                Some(rest) => Reference {
                    name: format!("{RECEIVER}.{rest}"),
                    ..reference
                },
                None => reference,
            };
        let list = match within {
            Some(i) => &mut definitions[i].refs,
            None => &mut file_refs,
        };
        if !list.contains(&reference) {
            list.push(reference);
        }
    }

    // Inner docs document the innermost definition around them, or the file.
    let mut file_doc = String::new();
    inner_docs.sort_by_key(|s| s.start_byte);
    if docs_facts.whole_line_groups {
        last_group(src, &mut inner_docs);
    }
    for span in inner_docs {
        let text = clean_doc_in(slice(src, span), docs_facts);
        let target = match innermost(&definitions, &span) {
            Some(i) => definitions[i].doc.get_or_insert_with(String::new),
            None => &mut file_doc,
        };
        if !target.is_empty() {
            target.push('\n');
        }
        target.push_str(&text);
    }

    ParsedFile {
        has_errors: root.has_error(),
        doc: Some(file_doc.trim().to_string()).filter(|d| !d.is_empty()),
        imports,
        definitions,
        refs: file_refs,
    }
}

/// The innermost definition whose span contains `span`.
fn innermost(definitions: &[Definition], span: &Span) -> Option<usize> {
    let idx = definitions.partition_point(|d| d.span.start_byte <= span.start_byte);
    let mut candidate = idx.checked_sub(1);
    while let Some(i) = candidate {
        if definitions[i].span.contains(span) {
            return Some(i);
        }
        candidate = definitions[i].parent;
    }
    None
}

/// A decorated definition and the definition inside it share their name node:
/// keep one, with the outer span and the captures of both.
fn merge_by_name(defs: &mut Vec<RawDef>) {
    let mut by_name: HashMap<usize, usize> = HashMap::new();
    let mut keep = vec![true; defs.len()];
    for i in 0..defs.len() {
        let Some((name_id, _)) = defs[i].name else {
            continue;
        };
        let Some(&j) = by_name.get(&name_id) else {
            by_name.insert(name_id, i);
            continue;
        };
        let (outer, inner) = if span_len(&defs[i]) > span_len(&defs[j]) {
            (i, j)
        } else {
            (j, i)
        };
        let inner_def = std::mem::take(&mut defs[inner]);
        let outer_def = &mut defs[outer];
        outer_def.body_start = outer_def.body_start.or(inner_def.body_start);
        outer_def.doc = outer_def.doc.or(inner_def.doc);
        outer_def.returns = outer_def.returns.or(inner_def.returns);
        outer_def.owner = outer_def.owner.or(inner_def.owner);
        outer_def.receiver = outer_def.receiver.or(inner_def.receiver);
        outer_def.params.extend(inner_def.params);
        outer_def.impl_generics.extend(inner_def.impl_generics);
        outer_def.has_errors |= inner_def.has_errors;
        keep[inner] = false;
        by_name.insert(name_id, outer);
    }
    let mut index = 0;
    defs.retain(|_| {
        index += 1;
        keep[index - 1]
    });
}

fn span_len(def: &RawDef) -> u32 {
    def.node_span.map_or(0, |s| s.end_byte - s.start_byte)
}

/// Extends a definition's span over the doc comments and attributes directly above
/// it, and returns their documentation text.
fn attach_prefixes(
    src: &[u8],
    span: Span,
    prefixes: &[(Span, bool)],
    docs_facts: &Docs,
) -> (Span, Option<String>) {
    let mut start = span;
    let mut docs: Vec<Span> = Vec::new();
    let mut idx = prefixes.partition_point(|(s, _)| s.end_byte <= span.start_byte);
    while idx > 0 {
        let (prefix, is_doc) = prefixes[idx - 1];
        if prefix.end_byte > start.start_byte {
            break;
        }
        let gap = &src[prefix.end_byte as usize..start.start_byte as usize];
        if !gap.iter().all(u8::is_ascii_whitespace) {
            break;
        }
        if docs_facts.whole_line_groups
            && (gap.iter().filter(|&&b| b == b'\n').count() > 1 || !starts_line(src, prefix))
        {
            break;
        }
        if is_doc {
            docs.push(prefix);
        }
        start.start_byte = prefix.start_byte;
        start.start_line = prefix.start_line;
        idx -= 1;
    }
    if docs.is_empty() {
        return (start, None);
    }
    docs.reverse();
    let text: Vec<String> = docs
        .iter()
        .map(|s| clean_doc_in(slice(src, *s), docs_facts))
        .collect();
    (start, Some(text.join("\n").trim().to_string()))
}

/// Whether only blanks stand before a span on its line.
fn starts_line(src: &[u8], span: Span) -> bool {
    src[..span.start_byte as usize]
        .iter()
        .rev()
        .take_while(|&&b| b != b'\n')
        .all(|&b| b == b' ' || b == b'\t')
}

/// The last run of `spans` with no blank line between them (nor code before them on
/// their lines).
fn last_group(src: &[u8], spans: &mut Vec<Span>) {
    let mut first = spans.len();
    while first > 0 {
        let span = spans[first - 1];
        if !starts_line(src, span) {
            break;
        }
        if first < spans.len() {
            let next = spans[first];
            let gap = &src[span.end_byte as usize..next.start_byte as usize];
            if gap.iter().filter(|&&b| b == b'\n').count() > 1 {
                break;
            }
        }
        first -= 1;
    }
    spans.drain(..first);
}

/// A definition's extent: its node, widened to the wrappers that hold it with words
/// of its declaration (`friend`, `extern "C"`) and to the token that ends it (`;`).
fn definition_span(node: TsNode, syntax: &crate::lang::Syntax) -> Span {
    let mut outer = node;
    while let Some(parent) = outer.parent()
        && syntax
            .definition_wrappers
            .iter()
            .any(|w| w == parent.kind())
    {
        outer = parent;
    }
    let mut span = Span::of(outer);
    if let Some(end) = &syntax.definition_end
        && let Some(next) = outer.next_sibling()
        && !next.is_named()
        && next.kind() == end
    {
        let next = Span::of(next);
        span.end_byte = next.end_byte;
        span.end_line = next.end_line;
    }
    span
}

/// The item one match of `imports.scm` names: its `@import.module`, `@import.name`
/// (or a `#set! import.name`), `@import.alias` and `@import.wildcard`; `None` without
/// a module.
fn import_item(
    captures: &[tree_sitter::QueryCapture],
    meanings: &[Capture],
    settings: &[tree_sitter::QueryProperty],
    src: &[u8],
) -> Option<crate::lang::ImportItem> {
    let text = |capture: Capture| {
        captures
            .iter()
            .find(|c| meanings[c.index as usize] == capture)
            .map(|c| slice(src, Span::of(c.node)))
    };
    let module: String = text(Capture::ImportModule)?
        .trim_matches(['"', '\'', '`'])
        .split_whitespace()
        .collect();
    let set = settings
        .iter()
        .find(|p| &*p.key == "import.name")
        .and_then(|p| p.value.as_deref());
    let name = match text(Capture::ImportWildcard) {
        Some(_) => Some("*"),
        None => text(Capture::ImportName).or(set),
    };
    Some(crate::lang::ImportItem {
        module,
        name: name.map(|n| n.split_whitespace().collect()),
        alias: text(Capture::ImportAlias).map(|a| a.trim().to_string()),
    })
}

fn slice(src: &[u8], span: Span) -> &str {
    // Spans come from tree-sitter nodes of this very text, which is valid UTF-8, and
    // node boundaries fall on character boundaries.
    std::str::from_utf8(&src[span.start_byte as usize..span.end_byte as usize]).unwrap_or("")
}

/// The declaration of an item without its body, one line per source line, each
/// line's whitespace collapsed. Items without a body keep their full text, capped.
fn signature(src: &[u8], span: Span, body_start: Option<u32>) -> String {
    const MAX_LINES: usize = 12;
    let end = body_start.unwrap_or(span.end_byte).max(span.start_byte);
    let text = slice(
        src,
        Span {
            end_byte: end,
            ..span
        },
    );
    let raw: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    // Keep the declaration's own layout, minus the indentation its lines share.
    let indent = raw
        .iter()
        .skip(1)
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0)
        .min(
            raw.first()
                .map_or(0, |l| l.len() - l.trim_start().len())
                .max(4),
        );
    let mut lines: Vec<String> = raw
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.trim().to_string()
            } else {
                l.get(indent..)
                    .unwrap_or(l.trim_start())
                    .trim_end()
                    .to_string()
            }
        })
        .collect();
    if lines.len() > MAX_LINES {
        let hidden = lines.len() - MAX_LINES + 1;
        lines.truncate(MAX_LINES - 1);
        lines.push(format!("… {}", crate::words::plural(hidden, "more line")));
    }
    let mut signature = lines.join("\n");
    if body_start.is_some() {
        // Python's `def f():` keeps its colon; Rust's `fn f() {` has its brace in the body.
        signature = signature.trim_end().to_string();
    }
    signature
}

/// Removes comment markers and quotes from a doc comment or docstring, and the
/// indentation common to its lines.
pub fn clean_doc(raw: &str) -> String {
    clean_doc_in(raw, &Docs::default())
}

/// [`clean_doc`], as a language writes docs: its own line markers (Go's `//`)
/// removed too, block tags (`@param`) left out.
fn clean_doc_in(raw: &str, facts: &Docs) -> String {
    let text = clean_markers(raw, &facts.line_markers);
    let Some(marker) = facts.tag_marker.as_deref() else {
        return text;
    };
    let text = facts
        .description_tags
        .iter()
        .find_map(|tag| {
            let rest = text.strip_prefix(tag.as_str())?;
            rest.starts_with(char::is_whitespace)
                .then(|| rest.trim_start())
        })
        .unwrap_or(&text);
    let description: Vec<&str> = text
        .lines()
        .take_while(|line| !line.trim_start().starts_with(marker))
        .collect();
    description.join("\n").trim().to_string()
}

/// A doc comment's text: comment markers and docstring quotes removed, indentation
/// made even.
fn clean_markers(raw: &str, markers: &[String]) -> String {
    let mut text = raw.trim();
    // Docstrings: optional prefix letters, then triple or single quotes.
    let prefix_len = text
        .find(['"', '\''])
        .filter(|&i| i <= 2 && text[..i].chars().all(|c| c.is_ascii_alphabetic()));
    if let Some(i) = prefix_len {
        let body = &text[i..];
        for quote in ["\"\"\"", "'''", "\"", "'"] {
            if let Some(inner) = body.strip_prefix(quote) {
                text = inner.strip_suffix(quote).unwrap_or(inner);
                break;
            }
        }
    } else if let Some(inner) = text
        .strip_prefix("/**")
        .or_else(|| text.strip_prefix("/*!"))
        .or_else(|| text.strip_prefix("/*"))
    {
        text = inner.strip_suffix("*/").unwrap_or(inner);
    }
    let lines: Vec<&str> = text
        .lines()
        .map(|line| {
            let t = line.trim_start();
            let own = markers.iter().map(String::as_str);
            for marker in ["///", "//!", "* ", "*"].into_iter().chain(own) {
                if let Some(rest) = t.strip_prefix(marker) {
                    return rest.strip_prefix(' ').unwrap_or(rest);
                }
            }
            line
        })
        .collect();
    let indent = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            out.push(line.trim());
        } else {
            out.push(line.get(indent..).unwrap_or(line.trim_start()).trim_end());
        }
    }
    out.join("\n").trim().to_string()
}

/// The bare name of a type or trait as written in an impl header:
/// `&'a mut fmt::Formatter<T>` → `Formatter`.
fn type_name(written: &str) -> String {
    let mut text = written.trim();
    loop {
        let before = text;
        text = text.trim_start_matches('&').trim_start();
        if text.starts_with('\'') {
            text = text
                .split_once(char::is_whitespace)
                .map_or("", |(_, rest)| rest)
                .trim_start();
        }
        for keyword in ["mut ", "dyn ", "impl "] {
            text = text.strip_prefix(keyword).unwrap_or(text).trim_start();
        }
        if text == before {
            break;
        }
    }
    let text = text.split('<').next().unwrap_or(text);
    let name = text.rsplit("::").next().unwrap_or(text).trim();
    if name.is_empty() {
        collapse_whitespace(written)
    } else {
        name.to_string()
    }
}

/// Whether a bare type name is a name (`Formatter`, `u8`) rather than the text of a
/// type that has none (`[T]`, `(A, B)`, `Error + Send`).
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// A type as written, for a node name: whitespace collapsed and path qualifiers
/// dropped (`&'a mut (io::Error, u8)` → `&'a mut (Error, u8)`), as a node id uses `::`
/// only between its own segments.
fn written_type(written: &str) -> String {
    let text = collapse_whitespace(written);
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let mut rest = text.as_str();
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("::") {
            // The word before it was a qualifier: drop both.
            word.clear();
            rest = after;
            continue;
        }
        rest = &rest[c.len_utf8()..];
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            out.push_str(&word);
            word.clear();
            out.push(c);
        }
    }
    out.push_str(&word);
    out
}

/// The name a reference uses, with its receiver when that is a plain path:
/// `self.parse`, `Store::open`; `make().parse` → `parse` (a computed receiver says
/// nothing the reference graph can use, and can be long).
fn reference_name(text: &str) -> String {
    let text: String = text.split_whitespace().collect();
    // Optional chaining (`a?.b`) and C's `p->f` reach a member as `.` does.
    let text = text.replace("?.", ".").replace("->", ".");
    // The last run of name characters; any other character (a parenthesis, a
    // bracket, or a mark that is not alphanumeric, of any width) ends the receiver.
    // `$` and `#` belong to names in JavaScript (`$el`, `this.#count`).
    let tail = text
        .rsplit(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | ':' | '$' | '#')))
        .next()
        .unwrap_or_default();
    let name = tail.trim_start_matches(['.', ':']);
    if name.len() < tail.len() && tail.len() < text.len() {
        // A receiver that is not a name (`items[0].pop`): say there is one, of a type
        // nobody knows, so that the name is not taken for a plain one.
        let separator = &tail[..tail.len() - name.len()];
        format!("{UNKNOWN_RECEIVER}{separator}{name}")
    } else {
        name.to_string()
    }
}

/// What a method's references call its receiver by, whatever the code names it
/// (Go's `b` of `func (b *Bucket) take()`): `self`, a receiver of every language's
/// graph facts.
pub const RECEIVER: &str = "self";

/// What stands for a receiver that is an expression rather than a name:
/// `items[0].pop` is recorded as `?.pop`.
pub const UNKNOWN_RECEIVER: &str = "?";

/// Collapses runs of whitespace into one space.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(parsed: &ParsedFile) -> Vec<String> {
        parsed
            .definitions
            .iter()
            .map(|d| {
                let parent = d
                    .parent
                    .map(|p| format!("{}.", parsed.definitions[p].name))
                    .unwrap_or_default();
                format!("{:?} {parent}{}", d.kind, d.name)
            })
            .collect()
    }

    #[test]
    fn rust_items_docs_and_impls() {
        let src = "//! Crate docs.\nuse std::fmt;\n\n/// A parser.\n#[derive(Debug)]\npub struct Parser { pos: usize, text: String }\n\nimpl Parser {\n    /// Parses.\n    pub fn parse(&mut self) -> Option<u8> { self.advance(); None }\n}\n\nimpl fmt::Display for Parser {\n    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { Ok(()) }\n}\n";
        let parsed = parse(Lang::Rust, src);
        assert_eq!(parsed.doc.as_deref(), Some("Crate docs."));
        assert_eq!(parsed.imports[0].statement.text, "use std::fmt;");
        assert_eq!(
            names(&parsed),
            [
                "Struct Parser",
                "Impl Parser",
                "Function Parser.parse",
                "Impl Parser",
                "Function Parser.fmt"
            ]
        );
        let parser = &parsed.definitions[0];
        assert_eq!(parser.doc.as_deref(), Some("A parser."));
        assert_eq!(parser.span.start_line, 4, "span starts at the doc comment");
        assert!(src[parser.span.start_byte as usize..].starts_with("/// A parser."));
        assert_eq!(parser.members.len(), 2);
        assert_eq!(parsed.definitions[3].trait_name.as_deref(), Some("Display"));
        let parse_fn = &parsed.definitions[2];
        assert_eq!(parse_fn.signature, "pub fn parse(&mut self) -> Option<u8>");
        assert!(
            parse_fn
                .refs
                .iter()
                .any(|r| r.kind == RefKind::Call && r.name == "self.advance")
        );
    }

    #[test]
    fn error_lines_are_where_the_parse_broke_within_the_bytes_asked() {
        let src = "def ok():\n    return 1\n\ndef broken(:\n    return 2\n\nx = )\n";
        let all = error_lines(Lang::Python, src, 0..src.len(), 10);
        assert!(all.contains(&4) && all.contains(&7), "{all:?}");
        let first = src.find("def broken").unwrap();
        let in_broken = error_lines(Lang::Python, src, first..first + 20, 10);
        assert_eq!(in_broken, [4]);
        // A missing token (`;`) at the very end of the bytes asked still counts.
        let open = "fn f() {\n    let x = 1\n}\n";
        let end = open.find("1\n").unwrap() + 1;
        assert_eq!(error_lines(Lang::Rust, open, 0..end, 10), [2]);
        assert_eq!(
            error_lines(Lang::Python, src, 0..first, 10),
            Vec::<u32>::new()
        );
        assert_eq!(error_lines(Lang::Python, src, 0..src.len(), 1).len(), 1);
    }

    #[test]
    fn inside_token_trees_a_bang_is_a_macro_and_only_parentheses_make_a_call() {
        let src = "macro_rules! m {\n    ($x:expr) => {{\n        use outer::{inner};\n        if crate::enabled!(cs) { work($x) } else { table[0] }\n    }};\n}\n";
        let parsed = parse(Lang::Rust, src);
        let refs: Vec<(RefKind, &str)> = parsed
            .definitions
            .iter()
            .flat_map(|d| d.refs.iter())
            .chain(&parsed.refs)
            .map(|r| (r.kind, r.name.as_str()))
            .collect();
        assert!(refs.contains(&(RefKind::Macro, "enabled")), "{refs:?}");
        assert!(refs.contains(&(RefKind::Call, "work")), "{refs:?}");
        for name in ["enabled", "outer", "table"] {
            assert!(
                !refs.contains(&(RefKind::Call, name)),
                "{name} is no call: {refs:?}"
            );
        }
    }

    #[test]
    fn reference_names_keep_plain_receivers_only() {
        assert_eq!(reference_name("self.parse"), "self.parse");
        assert_eq!(reference_name("Store::open"), "Store::open");
        assert_eq!(reference_name("make(a, b).parse"), "?.parse");
        assert_eq!(reference_name("items[0].pop"), "?.pop");
        assert_eq!(reference_name("Vec::<u8>::new"), "?::new");
        assert_eq!(reference_name("self\n    .parse"), "self.parse");
        // Characters that are neither alphanumeric nor one byte wide.
        assert_eq!(reference_name("नमस्ते.foo"), "ते.foo");
        assert_eq!(reference_name("x·y.z"), "y.z");
    }

    #[test]
    fn python_decorators_docstrings_and_nesting() {
        let src = "\"\"\"Module doc.\"\"\"\nimport os\n\nMAX = 3\n\nclass A(Base):\n    '''Class A.'''\n    size: int = 3\n\n    @property\n    def b(self) -> int:\n        \"\"\"Return b.\n\n        More.\n        \"\"\"\n        return os.path.join(self.x)\n\n    class Inner:\n        pass\n";
        let parsed = parse(Lang::Python, src);
        assert_eq!(parsed.doc.as_deref(), Some("Module doc."));
        assert_eq!(
            names(&parsed),
            ["Const MAX", "Class A", "Function A.b", "Class A.Inner"]
        );
        let b = &parsed.definitions[2];
        assert!(
            src[b.span.start_byte as usize..].starts_with("    @property"),
            "decorator is part of the source"
        );
        assert_eq!(b.doc.as_deref(), Some("Return b.\n\nMore."));
        assert_eq!(b.signature, "@property\ndef b(self) -> int:");
        // Calls keep their receiver; the attribute inside one is not a second use.
        assert!(b.refs.contains(&Reference {
            kind: RefKind::Call,
            name: "os.path.join".into()
        }));
        assert!(!b.refs.iter().any(|r| r.name == "join"));
        assert_eq!(parsed.definitions[1].members[0].name, "size");
        assert!(
            parsed.definitions[1]
                .refs
                .iter()
                .any(|r| r.kind == RefKind::Type && r.name == "Base")
        );
    }

    #[test]
    fn syntax_errors_are_marked_but_definitions_survive() {
        let parsed = parse(
            Lang::Python,
            "def ok():\n    pass\n\ndef broken(:\n    pass\n",
        );
        assert!(parsed.has_errors);
        assert!(
            parsed
                .definitions
                .iter()
                .any(|d| d.name == "ok" && !d.has_errors)
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 20_000;
        let src = format!("x = {}1{}\n", "(".repeat(depth), ")".repeat(depth));
        let parsed = parse(Lang::Python, &src);
        assert!(parsed.definitions.is_empty());
        let src = format!(
            "fn f() {{ {} }}\n",
            "{ ".repeat(10_000) + &"} ".repeat(10_000)
        );
        let parsed = parse(Lang::Rust, &src);
        assert_eq!(parsed.definitions.len(), 1);
    }

    #[test]
    fn nesting_deeper_than_the_cap_stays_in_the_ancestor() {
        let depth = 100;
        let src = format!(
            "{}fn leaf() {{}}{}\n",
            "mod m { ".repeat(depth),
            " }".repeat(depth)
        );
        let parsed = parse(Lang::Rust, &src);
        assert_eq!(parsed.definitions.len(), MAX_DEF_DEPTH);
        assert!(parsed.definitions.iter().all(|d| d.kind == DefKind::Module));
    }

    #[test]
    fn doc_comment_inside_a_broken_attribute_does_not_panic() {
        let parsed = parse(Lang::Rust, "#[derive(Debug\n/// doc\nstruct A;\n");
        assert!(parsed.has_errors);
    }

    /// `name(params) -> returns` of each function, as the tree gives them.
    fn callables(parsed: &ParsedFile) -> Vec<String> {
        parsed
            .definitions
            .iter()
            .filter(|d| d.kind == DefKind::Function)
            .map(|d| {
                let mut text = format!("{}({})", d.name, d.params.join(", "));
                if let Some(returns) = &d.returns {
                    text.push_str(&format!(" -> {returns}"));
                }
                text
            })
            .collect()
    }

    #[test]
    fn rust_parameters_come_from_the_tree() {
        let src = r#"
pub(crate) fn detect_binary(&mut self, buf: &[u8], range: Range<usize>) -> Option<u8> { None }
pub(super) fn sup(&self) {}
pub(in crate::m) fn scoped(self: Box<Self>, mut x: u8) {}
pub fn generic<K: Hash, V>(map: HashMap<K, V>, f: impl Fn(K, V) -> u8) -> HashMap<K, V>
where
    K: Clone,
{
    map
}
pub async fn fetch(url: &str) -> Result<(), Error> { Ok(()) }
pub unsafe fn raw(ptr: *const u8, len: usize) {}
pub const fn konst(a: u32) -> u32 { a }
pub unsafe extern "C" fn cb(x: i32, ...) -> i32 { x }
fn patterns((a, b): (u8, u8), _: u8, &c: &u8) {}
fn closure(f: &dyn Fn(u8, u8) -> u8) { let g = |p, q| p + q; }
fn outer(a: u8) -> impl Fn(u8) -> u8 { fn inner(b: u8) {} move |x| x }
trait T { fn required(&self, n: usize) -> String; }
"#;
        let parsed = parse(Lang::Rust, src);
        assert_eq!(
            callables(&parsed),
            [
                "detect_binary(self, buf, range) -> Option<u8>",
                "sup(self)",
                "scoped(self, x)",
                "generic(map, f) -> HashMap<K, V>",
                "fetch(url) -> Result<(), Error>",
                "raw(ptr, len)",
                "konst(a) -> u32",
                "cb(x, ...) -> i32",
                "patterns((a, b), _, &c)",
                "closure(f)",
                "outer(a) -> impl Fn(u8) -> u8",
                "inner(b)",
                "required(self, n) -> String",
            ]
        );
    }

    #[test]
    fn python_parameters_come_from_the_tree() {
        let src = r#"
def d2(sep=", ", end="\n"): pass
def with_lambda(key=lambda x, y: x, n=1): pass
def star(a, *args, b: int = 3, **kwargs) -> None: pass
def kwonly(a, *, b, c=(1, 2)): pass
def posonly(a, b, /, c): pass
def typed(m: Dict[str, int], t: Tuple[int, ...] = (1, 2), *rest: str) -> Dict[str, int]: pass
async def fetch(url: str, *, timeout: float = f(1, 2)) -> bytes: pass
class C:
    @staticmethod
    def s(x, y=[1, 2], z={"a": (1, 2)}): pass
    @decorate(a, b)
    def m(self, f=print("a, b")) -> "Tuple[int, int]":
        def inner(q): pass
"#;
        let parsed = parse(Lang::Python, src);
        assert_eq!(
            callables(&parsed),
            [
                "d2(sep, end)",
                "with_lambda(key, n)",
                "star(a, *args, b, **kwargs) -> None",
                "kwonly(a, b, c)",
                "posonly(a, b, c)",
                "typed(m, t, *rest) -> Dict[str, int]",
                "fetch(url, timeout) -> bytes",
                "s(x, y, z)",
                "m(self, f) -> \"Tuple[int, int]\"",
                "inner(q)",
            ]
        );
    }

    #[test]
    fn impls_of_unnamed_or_generic_types_name_no_type() {
        let src = "struct T;\nimpl<T: ?Sized> Foo for &mut T {}\nimpl<T> Foo for Box<T> {}\nimpl<T> Foo for [T] {}\nimpl<A, B> Foo for (A, B) {}\nimpl<T> Foo for T {}\nimpl Foo for T {}\nimpl<'a> Foo for &'a T {}\nimpl Foo for (io::Error, std::fmt::Result) {}\nimpl Foo for dyn Error + Send {}\nimpl dyn Error {}\n";
        let parsed = parse(Lang::Rust, src);
        let impls: Vec<String> = parsed
            .definitions
            .iter()
            .filter(|d| d.kind == DefKind::Impl)
            .map(|d| {
                format!(
                    "{} {:?} {}",
                    d.name,
                    d.trait_name.as_deref().unwrap_or("-"),
                    if d.unnamed_type { "unnamed" } else { "named" }
                )
            })
            .collect();
        assert_eq!(
            impls,
            [
                "&mut T \"Foo\" unnamed",
                "Box<T> \"Foo\" unnamed",
                "[T] \"Foo\" unnamed",
                "(A, B) \"Foo\" unnamed",
                "T \"Foo\" unnamed",
                "T \"Foo\" named",
                "T \"Foo\" named",
                "(Error, Result) \"Foo\" unnamed",
                "dyn Error + Send \"Foo\" unnamed",
                "Error \"-\" named",
            ]
        );
    }

    #[test]
    fn an_impl_of_a_prelude_name_the_file_defines_is_that_types() {
        let src = "struct Option;\nimpl Foo for Option {}\nimpl Foo for Vec<u8> {}\n";
        let parsed = parse(Lang::Rust, src);
        let impls: Vec<(&str, bool)> = parsed
            .definitions
            .iter()
            .filter(|d| d.kind == DefKind::Impl)
            .map(|d| (d.name.as_str(), d.unnamed_type))
            .collect();
        assert_eq!(impls, [("Option", false), ("Vec<u8>", true)]);
    }

    #[test]
    fn written_types_drop_path_qualifiers() {
        assert_eq!(written_type("&'a  mut\n T"), "&'a mut T");
        assert_eq!(
            written_type("(io::Error, ::std::fmt::Result)"),
            "(Error, Result)"
        );
        assert_eq!(written_type("[a::B<c::D>; 4]"), "[B<D>; 4]");
        assert!(is_identifier("Formatter") && is_identifier("u8") && is_identifier("_X"));
        assert!(!is_identifier("[T]") && !is_identifier("Error + Send") && !is_identifier(""));
    }

    #[test]
    fn type_names_are_bare() {
        assert_eq!(type_name("&'a mut fmt::Formatter<T>"), "Formatter");
        assert_eq!(type_name("Vec<u8>"), "Vec");
        assert_eq!(type_name("dyn Error + Send"), "Error + Send");
    }

    #[test]
    fn docs_are_cleaned() {
        assert_eq!(
            clean_doc("r\"\"\"Raw doc.\n    Indented.\n    \"\"\""),
            "Raw doc.\nIndented."
        );
        assert_eq!(clean_doc("/// Line doc."), "Line doc.");
        assert_eq!(clean_doc("/** Block\n * doc\n */"), "Block\ndoc");
    }
}
