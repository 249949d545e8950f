//! Builds nodes bottom-up: a file's items from its parsed definitions, then the
//! directories and the root from their files' summaries.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::summary::{
    GIST_WORDS, count, dir_label, doc_gist, doc_summary, file_label, item_label, lang_title,
    name_list, truncate_words,
};
use super::{Node, NodeKind, ROOT_ID, Span, short_hash};
use crate::grammar::{DefKind, Lang, MemberKind, RefKind};
use crate::lang::Import;
use crate::parse::{Definition, ParsedFile};

/// What a directory needs to know about one of its files; kept in the manifest so
/// unchanged files need not be read again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileSummary {
    /// Repository-relative path.
    pub path: String,
    /// Language.
    pub lang: Lang,
    /// The file node's gist.
    pub gist: String,
    /// Whether the gist comes from the file's own documentation.
    pub documented: bool,
    /// blake3 of the file, 16 hex digits.
    pub hash: String,
}

/// Builds the file node and all item nodes of one file, in tree order.
pub fn build_file(path: &str, lang: Lang, text: &str, parsed: &ParsedFile) -> Vec<Node> {
    let file_id = path.to_string();
    let parent_dir = match path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/"),
        None => ROOT_ID.to_string(),
    };
    let mut nodes: Vec<Node> = Vec::with_capacity(parsed.definitions.len() + 1);
    nodes.push(Node {
        id: file_id.clone(),
        parent: Some(parent_dir),
        kind: NodeKind::File,
        lang: Some(lang),
        path: path.to_string(),
        name: path.rsplit('/').next().unwrap_or(path).to_string(),
        span: Some(Span::whole(text)),
        label: file_label(path),
        gist: String::new(),
        head: String::new(),
        doc: parsed.doc.clone(),
        signature: String::new(),
        hash: short_hash(text.as_bytes()),
        has_errors: parsed.has_errors,
        refs: parsed.refs.clone(),
        imports: file_imports(parsed, None),
        children: 0,
        ord: 0,
        shape: Vec::new(),
    });

    let mut by_id: HashMap<String, usize> = HashMap::new();
    by_id.insert(file_id, 0);
    // Node index of each definition; an inherent impl maps to its type's node.
    let mut node_of_def: Vec<usize> = Vec::with_capacity(parsed.definitions.len());
    // Members and method names per node, for the gists of types.
    let mut members: HashMap<usize, Vec<(MemberKind, String)>> = HashMap::new();
    // Containers made for impls whose type was not (yet) seen; a type defined later
    // in the same scope takes its container's place, id and children.
    let mut placeholders: std::collections::HashSet<usize> = std::collections::HashSet::new();
    // Function nodes without a body so far (an overload's signatures).
    let mut signatures: std::collections::HashSet<usize> = std::collections::HashSet::new();
    // Parameter names and return type per function node, for their gists.
    let mut callables: HashMap<usize, (&[String], Option<&str>)> = HashMap::new();

    for def in &parsed.definitions {
        let enclosing = def.parent.map_or(0, |p| node_of_def[p]);
        let scope = match &def.owner {
            // Go's `func (r *T) m()`, C++'s `void T::m() {}`: a method of `T`, wherever
            // `T` is declared.
            Some(owner) if def.kind == DefKind::Function && !nodes[enclosing].kind.is_type() => {
                let type_id = Node::item_id(&nodes[enclosing].id, owner);
                match by_id.get(&type_id) {
                    // Go's named types of any kind (`type Pairs []Pair`) have methods.
                    Some(&i) if nodes[i].kind.is_type() || nodes[i].kind == NodeKind::Type => {
                        if placeholders.contains(&i)
                            && let Some(span) = &mut nodes[i].span
                        {
                            // The methods of a type declared elsewhere, first to last.
                            span.end_byte = span.end_byte.max(def.span.end_byte);
                            span.end_line = span.end_line.max(def.span.end_line);
                        }
                        i
                    }
                    // `void ns::f() {}`: a function of a namespace of this file.
                    Some(&i) if nodes[i].kind == NodeKind::Module => i,
                    _ => {
                        let parent_id = nodes[enclosing].id.clone();
                        let mut container =
                            item_node(path, lang, text, def, &type_id, &parent_id, NodeKind::Impl);
                        container.doc = None;
                        container.signature = String::new();
                        container.shape = Vec::new();
                        // The methods' own nodes hold their references.
                        container.refs.clear();
                        let index = push_node(&mut nodes, &mut by_id, named(container, owner));
                        placeholders.insert(index);
                        index
                    }
                }
            }
            _ => enclosing,
        };
        let scope_id = nodes[scope].id.clone();
        if def.kind == DefKind::Impl && def.unnamed_type {
            // `impl<T> Foo for &mut T`, `impl Foo for (A, B)`: no type of the file is
            // implemented, so the block is a node of its own scope, `Foo for &mut T`.
            let name = match &def.trait_name {
                Some(trait_name) => format!("{trait_name} for {}", def.name),
                None => def.name.clone(),
            };
            let id = Node::item_id(&scope_id, &name);
            let mut node = item_node(path, lang, text, def, &id, &scope_id, NodeKind::Impl);
            node.label = item_label(NodeKind::Impl, def.trait_name.as_ref().unwrap_or(&name));
            node.name = name;
            let index = push_node(&mut nodes, &mut by_id, node);
            node_of_def.push(index);
            continue;
        }
        if def.kind == DefKind::Impl {
            let type_id = Node::item_id(&scope_id, &def.name);
            let type_node = match by_id.get(&type_id) {
                Some(&i) if nodes[i].kind.is_type() => i,
                _ => {
                    let mut container =
                        item_node(path, lang, text, def, &type_id, &scope_id, NodeKind::Impl);
                    if def.trait_name.is_some() {
                        // The trait's own node holds this block's references.
                        container.refs.clear();
                    }
                    let index = push_node(&mut nodes, &mut by_id, named(container, &def.name));
                    placeholders.insert(index);
                    index
                }
            };
            let Some(trait_name) = &def.trait_name else {
                node_of_def.push(type_node);
                continue;
            };
            let parent_id = nodes[type_node].id.clone();
            let id = Node::item_id(&parent_id, trait_name);
            let node = item_node(path, lang, text, def, &id, &parent_id, NodeKind::Impl);
            let index = push_node(&mut nodes, &mut by_id, named(node, trait_name));
            node_of_def.push(index);
            continue;
        }
        let kind = match def.owner {
            Some(_) if def.kind == DefKind::Function && scope != enclosing => NodeKind::Method,
            _ => node_kind(def.kind, nodes[scope].kind),
        };
        let id = Node::item_id(&scope_id, &def.name);
        let node = item_node(path, lang, text, def, &id, &scope_id, kind);
        let index = match by_id.get(&id) {
            Some(&placeholder) if kind.is_type() && placeholders.remove(&placeholder) => {
                let ord = nodes[placeholder].ord;
                nodes[placeholder] = Node { ord, ..node };
                placeholder
            }
            // A function declared before it is defined is one function: TypeScript's
            // overloads (signatures right above it, which its source takes in), C++'s
            // member declared in its class and defined below (its source is the
            // definition's).
            Some(&signature)
                if signatures.contains(&signature) && def.kind == DefKind::Function =>
            {
                let first = nodes[signature].span.unwrap_or(def.span);
                let span = match only_blanks_between(text, nodes[signature].span, def.span) {
                    true => Span {
                        start_byte: first.start_byte,
                        start_line: first.start_line,
                        ..def.span
                    },
                    false => def.span,
                };
                let source = &text.as_bytes()[span.start_byte as usize..span.end_byte as usize];
                let previous = std::mem::replace(&mut nodes[signature], node);
                let merged = &mut nodes[signature];
                merged.ord = previous.ord;
                merged.span = Some(span);
                merged.hash = short_hash(source);
                merged.doc = previous.doc.or(merged.doc.take());
                if def.has_body {
                    signatures.remove(&signature);
                }
                signature
            }
            _ => push_node(&mut nodes, &mut by_id, node),
        };
        if def.kind == DefKind::Function && !def.has_body {
            signatures.insert(index);
        }
        if def.kind == DefKind::Function {
            callables.insert(index, (&def.params, def.returns.as_deref()));
        }
        members
            .entry(index)
            .or_default()
            .extend(def.members.iter().map(|m| (m.kind, m.name.clone())));
        node_of_def.push(index);
    }

    // Imports inside an item (`use super::*;` in `mod tests`) belong to that item.
    for import in &parsed.imports {
        if let Some(def) = import.scope {
            nodes[node_of_def[def]]
                .imports
                .push(import.statement.clone());
        }
    }

    // Children, in tree order.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (i, node) in nodes.iter().enumerate().skip(1) {
        if let Some(&p) = node.parent.as_ref().and_then(|p| by_id.get(p)) {
            children[p].push(i);
        }
    }
    for i in (0..nodes.len()).rev() {
        nodes[i].children = children[i].len() as u32;
        let kids: Vec<(NodeKind, String)> = children[i]
            .iter()
            .map(|&c| (nodes[c].kind, nodes[c].name.clone()))
            .collect();
        let node_members = members.remove(&i).unwrap_or_default();
        let callable = callables.get(&i).copied().unwrap_or_default();
        let (gist, head) = if i == 0 {
            file_texts(&nodes[0], lang, &kids)
        } else {
            item_texts(&nodes[i], &kids, &node_members, callable)
        };
        nodes[i].gist = gist;
        nodes[i].head = head;
    }
    nodes
}

/// An `impl` node named for the type or trait it stands for (`impl Store`).
fn named(mut node: Node, name: &str) -> Node {
    node.name = name.to_string();
    node.label = item_label(NodeKind::Impl, name);
    node
}

/// Whether only whitespace stands between two spans, the first before the second.
fn only_blanks_between(text: &str, first: Option<Span>, second: Span) -> bool {
    first.is_some_and(|first| {
        text.get(first.end_byte as usize..second.start_byte as usize)
            .is_some_and(|gap| gap.trim().is_empty())
    })
}

/// The import statements directly inside a scope (`None`: the file itself).
fn file_imports(parsed: &ParsedFile, scope: Option<usize>) -> Vec<Import> {
    parsed
        .imports
        .iter()
        .filter(|i| i.scope == scope)
        .map(|i| i.statement.clone())
        .collect()
}

pub(super) fn push_node(
    nodes: &mut Vec<Node>,
    by_id: &mut HashMap<String, usize>,
    mut node: Node,
) -> usize {
    if by_id.contains_key(&node.id) {
        let base = node.id.clone();
        let mut n = 2;
        while by_id.contains_key(&format!("{base}#{n}")) {
            n += 1;
        }
        node.id = format!("{base}#{n}");
    }
    node.ord = nodes.len() as u32;
    by_id.insert(node.id.clone(), nodes.len());
    nodes.push(node);
    nodes.len() - 1
}

fn node_kind(kind: DefKind, scope: NodeKind) -> NodeKind {
    match kind {
        DefKind::Function if scope.is_type() => NodeKind::Method,
        DefKind::Function => NodeKind::Function,
        DefKind::Module => NodeKind::Module,
        DefKind::Class => NodeKind::Class,
        DefKind::Struct => NodeKind::Struct,
        DefKind::Enum => NodeKind::Enum,
        DefKind::Union => NodeKind::Union,
        DefKind::Trait => NodeKind::Trait,
        DefKind::Interface => NodeKind::Interface,
        DefKind::Impl => NodeKind::Impl,
        DefKind::Const => NodeKind::Const,
        DefKind::Static => NodeKind::Static,
        DefKind::Type => NodeKind::Type,
        DefKind::Macro => NodeKind::Macro,
    }
}

fn item_node(
    path: &str,
    lang: Lang,
    text: &str,
    def: &Definition,
    id: &str,
    parent: &str,
    kind: NodeKind,
) -> Node {
    let bytes = text.as_bytes();
    let source = &bytes[def.span.start_byte as usize..def.span.end_byte as usize];
    Node {
        id: id.to_string(),
        parent: Some(parent.to_string()),
        kind,
        lang: Some(lang),
        path: path.to_string(),
        name: def.name.clone(),
        span: Some(def.span),
        label: item_label(kind, &def.name),
        gist: String::new(),
        head: String::new(),
        doc: def.doc.clone(),
        signature: def.signature.clone(),
        hash: short_hash(source),
        has_errors: def.has_errors,
        refs: def.refs.clone(),
        imports: Vec::new(),
        children: 0,
        ord: 0,
        shape: def.shape.clone(),
    }
}

/// Names of the children of each kind, in order, with the noun used to count them.
fn group_children(kids: &[(NodeKind, String)]) -> Vec<(&'static str, Vec<String>)> {
    // Types and functions first: they are what a reader looks for.
    let order = [
        (NodeKind::Class, "class"),
        (NodeKind::Struct, "struct"),
        (NodeKind::Enum, "enum"),
        (NodeKind::Trait, "trait"),
        (NodeKind::Interface, "interface"),
        (NodeKind::Union, "union"),
        (NodeKind::Function, "function"),
        (NodeKind::Method, "method"),
        (NodeKind::Impl, "impl"),
        (NodeKind::Module, "module"),
        (NodeKind::Const, "constant"),
        (NodeKind::Static, "static"),
        (NodeKind::Type, "type"),
        (NodeKind::Macro, "macro"),
    ];
    order
        .iter()
        .filter_map(|(kind, noun)| {
            let names: Vec<String> = kids
                .iter()
                .filter(|(k, _)| k == kind)
                .map(|(_, n)| n.clone())
                .collect();
            (!names.is_empty()).then_some((*noun, names))
        })
        .collect()
}

/// "2 structs (Config, Store), 5 functions (open, …)" within a word budget: every
/// kind is counted first; names are added while words remain.
fn describe_contents(groups: &[(&str, Vec<String>)], words: usize) -> String {
    let mut shown = groups.len().min(words / 2);
    if shown < groups.len() {
        // Keep a word for the `…` that says some kinds are left out.
        shown = (words.saturating_sub(1)) / 2;
    }
    let mut left = words.saturating_sub(2 * shown + usize::from(shown < groups.len()));
    let mut parts = Vec::new();
    for (noun, names) in &groups[..shown] {
        let listed = left.min(3).min(names.len());
        left -= listed;
        if listed == 0 {
            parts.push(count(names.len(), noun));
        } else {
            parts.push(format!(
                "{} ({})",
                count(names.len(), noun),
                name_list(names, listed)
            ));
        }
    }
    if shown < groups.len() {
        parts.push("…".to_string());
    }
    parts.join(", ")
}

fn file_texts(file: &Node, lang: Lang, kids: &[(NodeKind, String)]) -> (String, String) {
    let groups = group_children(kids);
    let contents = describe_contents(&groups, GIST_WORDS - 2);
    let gist = doc_gist(file.doc.as_deref()).unwrap_or_else(|| {
        if contents.is_empty() {
            format!("{} file, no definitions", lang_title(lang))
        } else {
            truncate_words(
                &format!("{} file: {contents}", lang_title(lang)),
                GIST_WORDS,
            )
        }
    });
    let mut head = Vec::new();
    if let Some(doc) = doc_summary(file.doc.as_deref()) {
        head.push(doc);
    }
    if !file.imports.is_empty() {
        head.push(format!("imports: {}", import_summary(&file.imports)));
    }
    (gist, head.join("\n"))
}

/// The imported modules of a file, compactly: `os, re, typing (Optional, Callable)`.
fn import_summary(imports: &[Import]) -> String {
    let mut names: Vec<String> = imports
        .iter()
        .map(|i| {
            let i = i.text.trim_end_matches(';');
            let i = i.strip_prefix("pub ").unwrap_or(i);
            let i = i
                .strip_prefix("use ")
                .or_else(|| i.strip_prefix("import "))
                .unwrap_or(i);
            i.strip_prefix("from ")
                .map_or(i.to_string(), |rest| rest.replacen(" import ", ": ", 1))
        })
        .collect();
    names.dedup();
    const MAX: usize = 12;
    if names.len() > MAX {
        let more = names.len() - MAX;
        names.truncate(MAX);
        names.push(format!("… {more} more"));
    }
    names.join("; ")
}

fn item_texts(
    node: &Node,
    kids: &[(NodeKind, String)],
    members: &[(MemberKind, String)],
    callable: (&[String], Option<&str>),
) -> (String, String) {
    let derived = derived_gist(node, kids, members, callable);
    let gist = doc_gist(node.doc.as_deref()).unwrap_or(derived);
    let mut head = vec![node.signature.clone()];
    if let Some(doc) = doc_summary(node.doc.as_deref()) {
        head.push(doc);
    }
    // Python classes declare their attributes in the body, which the signature leaves out.
    let fields: Vec<String> = members
        .iter()
        .filter(|(k, _)| *k == MemberKind::Field)
        .map(|(_, n)| n.clone())
        .collect();
    if !fields.is_empty() && !node.signature.contains(&fields[0]) {
        head.push(format!("fields: {}", name_list(&fields, 12)));
    }
    (gist, head.join("\n").trim().to_string())
}

/// A gist for an undocumented item, from its kind, name, contents and, for functions,
/// the parameter names and return type read from its syntax tree.
fn derived_gist(
    node: &Node,
    kids: &[(NodeKind, String)],
    members: &[(MemberKind, String)],
    (params, returns): (&[String], Option<&str>),
) -> String {
    let name = &node.name;
    let text = match node.kind {
        NodeKind::Function | NodeKind::Method => {
            let mut text = format!("{} {name}({})", node.kind, params.join(", "));
            if let Some(ret) = returns {
                text.push_str(&format!(" -> {ret}"));
            }
            let calls: Vec<String> = node
                .refs
                .iter()
                .filter(|r| r.kind == RefKind::Call)
                // `len`, `staticmethod`, `Some`: what every module calls says little.
                .filter(|r| !node.lang.is_some_and(|lang| lang.is_builtin(&r.name)))
                .map(|r| {
                    r.name
                        .rsplit(['.', ':'])
                        .next()
                        .unwrap_or(&r.name)
                        .to_string()
                })
                .filter(|c| c != name)
                .fold(Vec::new(), |mut acc, c| {
                    if !acc.contains(&c) {
                        acc.push(c);
                    }
                    acc
                });
            let used = text.split_whitespace().count();
            if !calls.is_empty() && used + 2 < GIST_WORDS {
                text.push_str(&format!(
                    "; calls {}",
                    name_list(&calls, (GIST_WORDS - used - 2).min(5))
                ));
            }
            text
        }
        NodeKind::Class
        | NodeKind::Struct
        | NodeKind::Enum
        | NodeKind::Union
        | NodeKind::Trait
        | NodeKind::Interface
        | NodeKind::Impl
        | NodeKind::Module => {
            let title = match node.kind {
                NodeKind::Impl => format!("impl {name}"),
                NodeKind::Module => format!("mod {name}"),
                kind => format!("{kind} {name}"),
            };
            let mut parts = Vec::new();
            let fields: Vec<String> = members
                .iter()
                .filter(|(k, _)| *k == MemberKind::Field)
                .map(|(_, n)| n.clone())
                .collect();
            let variants: Vec<String> = members
                .iter()
                .filter(|(k, _)| *k == MemberKind::Variant)
                .map(|(_, n)| n.clone())
                .collect();
            if !variants.is_empty() {
                parts.push(format!(
                    "{} ({})",
                    count(variants.len(), "variant"),
                    name_list(&variants, 4)
                ));
            }
            if !fields.is_empty() {
                parts.push(if node.kind == NodeKind::Enum {
                    count(fields.len(), "field")
                } else {
                    format!(
                        "{} ({})",
                        count(fields.len(), "field"),
                        name_list(&fields, 3)
                    )
                });
            }
            let budget = GIST_WORDS.saturating_sub(
                2 + parts
                    .iter()
                    .map(|p| p.split_whitespace().count())
                    .sum::<usize>(),
            );
            let contents = describe_contents(&group_children(kids), budget);
            if !contents.is_empty() {
                parts.push(contents);
            }
            if parts.is_empty() {
                title
            } else {
                format!("{title}: {}", parts.join(", "))
            }
        }
        NodeKind::Macro => format!("macro {name}!"),
        _ => node.signature.lines().next().unwrap_or(name).to_string(),
    };
    truncate_words(&text, GIST_WORDS)
}

/// How many nodes [`build_tree`] makes for code files at these paths (one per
/// directory holding one, its ancestors and the root), without making them.
pub fn tree_len<'a>(paths: impl IntoIterator<Item = &'a str>) -> usize {
    let mut dirs: std::collections::HashSet<&str> = std::collections::HashSet::from([""]);
    for path in paths {
        let mut dir = parent_dir(path);
        while dirs.insert(dir) {
            dir = parent_dir(dir);
        }
    }
    dirs.len()
}

/// The directory a file or directory path is in (`""` for the root's).
fn parent_dir(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Builds the directory nodes and the root from the summaries of all indexed files.
/// `readme` is the text of the repository's README, if any.
pub fn build_tree(repo_name: &str, files: &[FileSummary], readme: Option<&str>) -> Vec<Node> {
    // Directory → (sub-directories, files).
    let mut dirs: BTreeMap<String, (Vec<String>, Vec<usize>)> = BTreeMap::new();
    dirs.insert(String::new(), Default::default());
    for (i, file) in files.iter().enumerate() {
        let dir = parent_dir(&file.path).to_string();
        dirs.entry(dir.clone()).or_default().1.push(i);
        let mut child = dir;
        while !child.is_empty() {
            let parent = parent_dir(&child).to_string();
            let entry = dirs.entry(parent.clone()).or_default();
            if entry.0.contains(&child) {
                break;
            }
            entry.0.push(child.clone());
            child = parent;
        }
    }
    // Deepest first, so a directory's sub-directories are summarized before it.
    let mut order: Vec<&String> = dirs.keys().collect();
    order.sort_by_key(|d| {
        std::cmp::Reverse(if d.is_empty() {
            0
        } else {
            d.matches('/').count() + 1
        })
    });
    let mut gists: HashMap<String, String> = HashMap::new();
    let mut hashes: HashMap<String, String> = HashMap::new();
    let mut nodes = Vec::with_capacity(dirs.len());
    for dir in order {
        let (subdirs, dir_files) = &dirs[dir];
        let mut subdirs = subdirs.clone();
        subdirs.sort();
        let mut dir_files: Vec<&FileSummary> = dir_files.iter().map(|&i| &files[i]).collect();
        dir_files.sort_by(|a, b| a.path.cmp(&b.path));

        let mut hasher = blake3::Hasher::new();
        for sub in &subdirs {
            hasher.update(hashes[sub].as_bytes());
        }
        for file in &dir_files {
            hasher.update(file.path.as_bytes());
            hasher.update(file.hash.as_bytes());
        }
        let hash = hasher.finalize().to_hex()[..16].to_string();

        let name = if dir.is_empty() {
            repo_name
        } else {
            dir.rsplit('/').next().unwrap_or(dir)
        };
        let child_names: Vec<String> = subdirs
            .iter()
            .map(|s| format!("{}/", s.rsplit('/').next().unwrap_or(s)))
            .chain(
                dir_files
                    .iter()
                    .map(|f| f.path.rsplit('/').next().unwrap_or(&f.path).to_string()),
            )
            .collect();
        let langs: Vec<&str> = {
            let mut l: Vec<&str> = dir_files.iter().map(|f| lang_title(f.lang)).collect();
            l.sort();
            l.dedup();
            l
        };
        let package_doc = dir_files
            .iter()
            .find(|f| {
                let file = f.path.rsplit('/').next().unwrap_or(&f.path);
                let entry = f.lang.facts().entry_file(file);
                f.documented && entry.is_some_and(|entry| entry.documents_dir)
            })
            .map(|f| f.gist.clone());
        let counts = {
            let mut parts = Vec::new();
            if !dir_files.is_empty() {
                let noun = if dir_files.len() == 1 {
                    "file"
                } else {
                    "files"
                };
                parts.push(format!("{} {} {noun}", dir_files.len(), langs.join("/")));
            }
            if !subdirs.is_empty() {
                parts.push(count(subdirs.len(), "dir"));
            }
            parts.join(", ")
        };
        let listing = format!("{}: {}", counts, name_list(&child_names, 6));
        let (id, kind, gist, head) = if dir.is_empty() {
            let readme_sentence = readme.map(super::first_sentence).filter(|s| !s.is_empty());
            let gist = match &readme_sentence {
                Some(sentence) => truncate_words(sentence, GIST_WORDS),
                None => truncate_words(&format!("repository {repo_name}: {listing}"), GIST_WORDS),
            };
            let mut head = Vec::new();
            if let Some(readme) = readme {
                let paragraph = super::summary::first_paragraph(readme);
                if !paragraph.is_empty() {
                    head.push(truncate_words(&paragraph, 80));
                }
            }
            let mut langs: Vec<&str> = files.iter().map(|f| lang_title(f.lang)).collect();
            langs.sort();
            langs.dedup();
            head.push(match files.len() {
                0 => format!("no code files indexed (pyramid reads {})", Lang::titles()),
                n => format!("{} indexed ({})", count(n, "file"), langs.join(", ")),
            });
            (ROOT_ID.to_string(), NodeKind::Repo, gist, head.join("\n"))
        } else {
            let gist = match package_doc {
                Some(doc) => doc,
                None => truncate_words(&listing, GIST_WORDS),
            };
            (
                format!("{dir}/"),
                NodeKind::Dir,
                gist.trim().to_string(),
                String::new(),
            )
        };
        let parent = if dir.is_empty() {
            None
        } else {
            Some(
                dir.rsplit_once('/')
                    .map_or(ROOT_ID.to_string(), |(p, _)| format!("{p}/")),
            )
        };
        let mut head = head;
        if head.is_empty() {
            head = gist.clone();
        }
        gists.insert(dir.clone(), gist.clone());
        hashes.insert(dir.clone(), hash.clone());
        nodes.push(Node {
            id,
            parent,
            kind,
            lang: None,
            path: dir.clone(),
            name: name.to_string(),
            span: None,
            label: dir_label(name),
            gist,
            head,
            doc: None,
            signature: String::new(),
            hash,
            has_errors: false,
            refs: Vec::new(),
            imports: Vec::new(),
            children: (subdirs.len() + dir_files.len()) as u32,
            ord: 0,
            shape: Vec::new(),
        });
    }
    nodes.sort_by(|a, b| a.path.cmp(&b.path));
    nodes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn ids(nodes: &[Node]) -> Vec<String> {
        nodes
            .iter()
            .map(|n| format!("{} {}", n.kind, n.id))
            .collect()
    }

    #[test]
    fn rust_methods_live_under_their_type_and_trait_impls_are_findable() {
        let src = "pub struct Parser { pos: usize }\nimpl Parser {\n    pub fn parse(&self) {}\n}\nimpl std::fmt::Display for Parser {\n    fn fmt(&self) {}\n}\nimpl Other {\n    fn helper() {}\n}\nfn parse() {}\nfn parse() {}\n";
        let nodes = build_file("src/a.rs", Lang::Rust, src, &parse(Lang::Rust, src));
        assert_eq!(
            ids(&nodes),
            [
                "file src/a.rs",
                "struct src/a.rs::Parser",
                "method src/a.rs::Parser::parse",
                "impl src/a.rs::Parser::Display",
                "method src/a.rs::Parser::Display::fmt",
                "impl src/a.rs::Other",
                "method src/a.rs::Other::helper",
                "function src/a.rs::parse",
                "function src/a.rs::parse#2",
            ]
        );
        assert_eq!(nodes[1].parent.as_deref(), Some("src/a.rs"));
        assert_eq!(
            nodes[4].parent.as_deref(),
            Some("src/a.rs::Parser::Display")
        );
        assert_eq!(nodes[1].children, 2);
        assert_eq!(
            nodes[1].gist,
            "struct Parser: 1 field (pos), 1 method (parse), 1 impl (Display)"
        );
        assert_eq!(nodes[0].parent.as_deref(), Some("src/"));
    }

    #[test]
    fn a_type_defined_after_its_impls_keeps_its_id_and_methods() {
        let src = "impl Display for Late {\n    fn fmt(&self) {}\n}\nimpl Late {\n    fn new() {}\n}\n/// Defined last.\nstruct Late;\n";
        let nodes = build_file("src/b.rs", Lang::Rust, src, &parse(Lang::Rust, src));
        assert_eq!(
            ids(&nodes),
            [
                "file src/b.rs",
                "struct src/b.rs::Late",
                "impl src/b.rs::Late::Display",
                "method src/b.rs::Late::Display::fmt",
                "method src/b.rs::Late::new",
            ]
        );
        assert_eq!(nodes[1].gist, "Defined last.");
        assert!(src[nodes[1].span.unwrap().start_byte as usize..].starts_with("/// Defined last."));
    }

    /// Every node of a file but the file itself, as `kind id — gist`, one a line.
    fn gists(nodes: &[Node]) -> String {
        nodes
            .iter()
            .skip(1)
            .map(|n| format!("{} {} — {}\n", n.kind, n.id, n.gist))
            .collect()
    }

    const RUST_CASES: &str = r#"pub struct Reader;
impl Reader {
    pub(crate) fn detect_binary(&mut self, buf: &[u8], range: Range<usize>) -> Option<usize> { self.scan(buf) }
    pub(super) fn sup(&self) {}
    pub(in crate::m) fn scoped(self: Box<Self>, mut x: u8) {}
}
pub fn generic<K: Hash + Eq, V>(map: HashMap<K, V>, f: impl Fn(K, V) -> u8) -> HashMap<K, V>
where
    K: Clone,
{
    map
}
pub async fn fetch(url: &str) -> Result<(), Error> { Ok(()) }
pub unsafe fn raw(ptr: *const u8, len: usize) {}
pub const fn konst(a: u32) -> u32 { a }
pub unsafe extern "C" fn cb(x: i32, ...) -> i32 { x }
fn patterns((a, b): (u8, u8), _: u8) {}
fn with_closure(f: &dyn Fn(u8, u8) -> u8) -> u8 { f(1, 2) }
pub trait Foo { fn foo(&self, n: usize) -> String; }
pub struct T;
impl<T: ?Sized> Foo for &mut T { fn foo(&self, n: usize) -> String { String::new() } }
impl<T> Foo for Box<T> {}
impl<T> Foo for [T] {}
impl<A, B> Foo for (A, B) {}
impl<T: Display> Foo for T {}
impl Foo for T {}
"#;

    #[test]
    fn rust_gists_take_parameters_from_the_tree() {
        let parsed = parse(Lang::Rust, RUST_CASES);
        let nodes = build_file("src/a.rs", Lang::Rust, RUST_CASES, &parsed);
        let gist = |id: &str| {
            nodes
                .iter()
                .find(|n| n.id == id)
                .map_or_else(|| panic!("no node {id}"), |n| n.gist.clone())
        };
        assert_eq!(
            gist("src/a.rs::Reader::detect_binary"),
            "method detect_binary(self, buf, range) -> Option<usize>; calls scan"
        );
        assert_eq!(gist("src/a.rs::Reader::sup"), "method sup(self)");
        assert_eq!(gist("src/a.rs::Reader::scoped"), "method scoped(self, x)");
        insta::assert_snapshot!("rust_gists", gists(&nodes));
    }

    #[test]
    fn impls_of_generic_or_unnamed_types_stay_at_file_level() {
        let parsed = parse(Lang::Rust, RUST_CASES);
        let nodes = build_file("src/a.rs", Lang::Rust, RUST_CASES, &parsed);
        let impls: Vec<String> = nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Impl)
            .map(|n| format!("{} in {}", n.id, n.parent.as_deref().unwrap_or("-")))
            .collect();
        assert_eq!(
            impls,
            [
                "src/a.rs::Foo for &mut T in src/a.rs",
                "src/a.rs::Foo for Box<T> in src/a.rs",
                "src/a.rs::Foo for [T] in src/a.rs",
                "src/a.rs::Foo for (A, B) in src/a.rs",
                "src/a.rs::Foo for T in src/a.rs",
                "src/a.rs::T::Foo in src/a.rs::T",
            ]
        );
        let blanket = nodes
            .iter()
            .find(|n| n.id == "src/a.rs::Foo for &mut T")
            .unwrap();
        assert_eq!(blanket.gist, "impl Foo for &mut T: 1 method (foo)");
        assert_eq!(blanket.label, "foo impl");
        assert!(
            nodes
                .iter()
                .any(|n| n.id == "src/a.rs::Foo for &mut T::foo" && n.kind == NodeKind::Method)
        );
        let t = nodes.iter().find(|n| n.id == "src/a.rs::T").unwrap();
        assert_eq!(t.kind, NodeKind::Struct);
        assert_eq!(t.children, 1, "only `impl Foo for T` is T's");
    }

    const PYTHON_CASES: &str = r#"def d2(sep=", ", end="\n"):
    pass

def with_lambda(key=lambda x, y: x, n=1):
    return sorted(n, key=key)

def star(a, *args, b: int = 3, **kwargs) -> None:
    pass

def kwonly(a, *, b, c=(1, 2)):
    pass

def posonly(a, b, /, c):
    pass

def typed(m: Dict[str, int], t: Tuple[int, ...] = (1, 2)) -> Dict[str, int]:
    pass

async def fetch(url: str, *, timeout: float = f(1, 2)) -> bytes:
    pass

class C:
    @staticmethod
    def s(x, y=[1, 2], z={"a": (1, 2)}):
        pass

    @decorate(a, b)
    def m(self, f=print("a, b")) -> "Tuple[int, int]":
        pass
"#;

    #[test]
    fn python_gists_take_parameters_from_the_tree() {
        let parsed = parse(Lang::Python, PYTHON_CASES);
        let nodes = build_file("pkg/m.py", Lang::Python, PYTHON_CASES, &parsed);
        assert_eq!(nodes[1].gist, "function d2(sep, end)");
        assert_eq!(
            nodes[2].gist, "function with_lambda(key, n)",
            "a lambda's parameters are not the function's"
        );
        insta::assert_snapshot!("python_gists", gists(&nodes));
    }

    #[test]
    fn python_gists_prefer_docstrings() {
        let src = "class Retry:\n    \"\"\"Retry with backoff. Details.\"\"\"\n    def wait(self, attempt):\n        return sleep(attempt)\n";
        let nodes = build_file("retry.py", Lang::Python, src, &parse(Lang::Python, src));
        assert_eq!(nodes[0].parent.as_deref(), Some("."));
        assert_eq!(nodes[1].gist, "Retry with backoff.");
        assert_eq!(nodes[2].id, "retry.py::Retry::wait");
        assert_eq!(nodes[2].kind, NodeKind::Method);
        assert_eq!(nodes[2].gist, "method wait(self, attempt); calls sleep");
        assert_eq!(nodes[0].gist, "Python file: 1 class (Retry)");
    }

    #[test]
    fn tree_has_every_ancestor_directory() {
        let file = |path: &str| FileSummary {
            path: path.into(),
            lang: Lang::Python,
            gist: "g".into(),
            documented: path.ends_with("__init__.py"),
            hash: "h".into(),
        };
        let files = [file("a/b/c.py"), file("a/__init__.py"), file("top.py")];
        let nodes = build_tree("repo", &files, Some("# Repo\n\nA test repo. More."));
        assert_eq!(ids(&nodes), ["repo .", "dir a/", "dir a/b/"]);
        assert_eq!(nodes[0].gist, "A test repo.");
        assert_eq!(nodes[0].children, 2);
        assert_eq!(nodes[1].gist, "g", "package doc wins");
        assert_eq!(nodes[2].parent.as_deref(), Some("a/"));
    }

    #[test]
    fn tree_len_counts_the_nodes_build_tree_makes() {
        let file = |path: &str| FileSummary {
            path: path.into(),
            lang: Lang::Python,
            gist: "g".into(),
            documented: false,
            hash: "h".into(),
        };
        let sets: [&[&str]; 4] = [
            &[],
            &["top.py"],
            &["a/b/c.py", "a/__init__.py", "top.py"],
            &[
                "x/y/z/w.py",
                "x/y/v.py",
                "x/q/r.py",
                "m/n.py",
                "m/o/p.py",
                "m/o/p2.py",
            ],
        ];
        for paths in sets {
            let files: Vec<FileSummary> = paths.iter().map(|p| file(p)).collect();
            assert_eq!(
                tree_len(paths.iter().copied()),
                build_tree("repo", &files, None).len(),
                "{paths:?}"
            );
        }
    }
}
