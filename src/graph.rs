//! The reference graph: which definitions a node's references point at, and how sure
//! that is.
//!
//! Edges are resolved when asked, from what the index stores for every node (the
//! names it uses, the imports around it). So the graph is always exactly as fresh as
//! the index and is updated incrementally with it: changing one file changes its own
//! references and, through name lookups, the edges others resolve to it, with no
//! second pass over the repository.
//!
//! Resolution, most certain first; the first rule that yields candidates decides:
//! 1. the receiver is known: `self.f()`, `cls.f()`, `Self::f()` are methods of the
//!    enclosing type, `Type::f()` of `Type`;
//! 2. the name (or its qualifier) is bound by an import: definitions in the imported
//!    module, or none when it comes from outside the repository (`std::fmt::Display`);
//! 3. for a plain name, definitions in the same file (or package, in Go and Java),
//!    else in the files it includes (C's `#include`);
//! 4. every definition of that name in the same language, each weighted down by how
//!    many there are; names defined too often to mean anything, and builtins
//!    (`len`, `Vec`), resolve to nothing.

use std::collections::{BTreeMap, HashMap};

use crate::grammar::{Lang, RefKind};
pub use crate::lang::{Binding, ModuleMap};
use crate::lang::{ImplicitScope, Import, Owner};
use crate::pyramid::{Node, NodeKind, Reference};

/// Weight of an edge that names its target unambiguously.
pub const CERTAIN: f32 = 1.0;
/// Weight shared among the candidates of a name resolved by name alone.
const AMBIGUOUS: f32 = 0.5;
/// A name defined more often than this, resolved by name alone, resolves to nothing.
pub const MAX_CANDIDATES: usize = 12;

/// A use of a name split into what qualifies it and the name itself:
/// `self.open` → (`self`, `open`), `store::Reader::open` → (`store::Reader`, `open`).
pub fn split_reference(name: &str) -> (Option<&str>, &str) {
    let cut = match (name.rfind("::"), name.rfind('.')) {
        (Some(a), Some(b)) if b > a => Some((b, 1)),
        (Some(a), _) => Some((a, 2)),
        (None, Some(b)) => Some((b, 1)),
        (None, None) => None,
    };
    match cut {
        Some((at, len)) => (Some(&name[..at]), &name[at + len..]),
        None => (None, name),
    }
}

/// The last segment of a reference: the name a definition must have.
pub fn target_name(name: &str) -> &str {
    split_reference(name).1
}

/// Whether a definition of this kind can be what a reference of that kind uses.
pub fn can_target(reference: RefKind, kind: NodeKind) -> bool {
    use NodeKind as K;
    match reference {
        // A module-level value may be called too (`_find_unsafe = re.compile(…).search`).
        RefKind::Call => matches!(
            kind,
            K::Function | K::Method | K::Class | K::Struct | K::Enum | K::Const | K::Static
        ),
        RefKind::Macro => kind == K::Macro,
        RefKind::Type => matches!(
            kind,
            K::Class | K::Struct | K::Enum | K::Union | K::Trait | K::Interface | K::Type
        ),
        RefKind::Field => matches!(kind, K::Method | K::Const | K::Static),
        RefKind::Value => matches!(kind, K::Const | K::Static),
    }
}

/// What is in scope in one file: the names its imports bind.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    bindings: HashMap<String, Binding>,
    /// Names imported from modules neither in the repository nor known to be
    /// outside it (another crate, or a module path this resolver does not follow).
    unknown: HashMap<String, Binding>,
    /// Files whose every name is in scope (C's `#include`).
    wildcards: Vec<String>,
}

impl Scope {
    /// The bindings of the import statements of a file at `path`. `modules` lists the
    /// repository's source files (to tell local modules from outside ones).
    pub fn new(lang: Lang, path: &str, imports: &[Import], modules: &ModuleMap) -> Scope {
        let mut scope = Scope::default();
        for import in imports {
            let mut found = lang.support().bindings(import, path, modules);
            scope.wildcards.append(&mut found.wildcards);
            for (list, map) in [
                (found.found, &mut scope.bindings),
                (found.unknown, &mut scope.unknown),
            ] {
                for binding in list {
                    map.insert(binding.local.clone(), binding);
                }
            }
        }
        scope
    }

    /// The files and directories of the repository its imports bind names from.
    pub fn places(&self) -> impl Iterator<Item = &str> {
        self.bindings
            .values()
            .flat_map(|b| b.places.iter().map(String::as_str))
            .chain(self.wildcards.iter().map(String::as_str))
    }

    /// The binding of a local name, if an import made one.
    pub fn binding(&self, local: &str) -> Option<&Binding> {
        self.bindings.get(local)
    }

    /// The import of a local name from a module of unknown place (`use
    /// serde_json::json`): its `places` are empty.
    pub fn unknown(&self, local: &str) -> Option<&Binding> {
        self.unknown.get(local)
    }
}

/// Whether an import binds a module (`import os`, `from . import _parser`) rather
/// than a name defined in one.
fn names_a_module(binding: &Binding) -> bool {
    let Some(name) = binding.original.as_deref() else {
        return true;
    };
    binding.places.iter().any(|place| {
        let place = place.trim_end_matches('/');
        let (dir, file) = place.rsplit_once('/').unwrap_or(("", place));
        let module = match Lang::from_path(file) {
            // A file standing for its directory (`a/__init__.py`) is the module `a`.
            Some(_) if crate::lang::stands_for_folder(file) => {
                dir.rsplit('/').next().unwrap_or(dir)
            }
            Some(_) => file.rsplit_once('.').map_or(file, |(stem, _)| stem),
            None => file,
        };
        module == name
    })
}

/// Whether a definition's file is one of the files (or, with `directories`, lies in
/// one of the directories) a binding names.
fn in_places(node: &Node, places: &[String], directories: bool) -> bool {
    places.iter().any(|place| match place.strip_suffix('/') {
        Some(_) => directories && node.path.starts_with(place.as_str()),
        None => !directories && node.path == *place,
    })
}

/// The type a definition belongs to, if any: `Reader` for `a.rs::Reader::open` and for
/// the trait impl method `a.rs::Reader::Display::fmt` (Rust: the first segment),
/// `Inner` for `a.py::Outer::Inner::m` (Python: the innermost class).
fn owner(node: &Node) -> Option<&str> {
    let parent = node.parent.as_deref()?;
    let (_, local) = parent.split_once("::")?;
    match node.lang.map(|lang| lang.facts().graph.owner) {
        Some(Owner::First) => local.split("::").next(),
        _ => local.rsplit("::").next(),
    }
}

/// Where a reference is made from: the node using it and what is in scope there.
pub struct Site<'a> {
    /// The node whose body holds the reference.
    pub node: &'a Node,
    /// Names bound by imports around it.
    pub scope: &'a Scope,
}

/// Resolves a reference to definitions among `candidates` (definitions with the
/// reference's target name): the indexes of those it points at, with weights.
pub fn resolve(site: &Site, reference: &Reference, candidates: &[Node]) -> Vec<(usize, f32)> {
    let (qualifier, name) = split_reference(&reference.name);
    let facts = site.node.lang.map(|lang| &lang.facts().graph);
    let usable: Vec<usize> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.name == name
                && c.lang.map(Lang::family) == site.node.lang.map(Lang::family)
                && c.id != site.node.id
                && (can_target(reference.kind, c.kind)
                    || (reference.kind == RefKind::Call
                        && c.kind == NodeKind::Macro
                        && facts.is_some_and(|f| f.calls_reach_macros)))
        })
        .map(|(i, _)| i)
        .collect();
    if usable.is_empty() {
        return Vec::new();
    }
    let certain = |picked: Vec<usize>| -> Vec<(usize, f32)> {
        picked.into_iter().map(|i| (i, CERTAIN)).collect()
    };

    // 1. A known receiver.
    let receiver: Option<&str> = match qualifier {
        Some(q) if facts.is_some_and(|f| f.receivers.iter().any(|r| r == q)) => owner(site.node),
        Some(q) => Some(q.rsplit(['.', ':']).next().unwrap_or(q)),
        None => None,
    };
    if let Some(receiver) = receiver {
        let picked: Vec<usize> = usable
            .iter()
            .copied()
            .filter(|&i| owner(&candidates[i]) == Some(receiver))
            .collect();
        if !picked.is_empty() {
            // The receiver's type may be known only by name: prefer the same file.
            let same_file: Vec<usize> = picked
                .iter()
                .copied()
                .filter(|&i| candidates[i].path == site.node.path)
                .collect();
            return certain(if same_file.is_empty() {
                picked
            } else {
                same_file
            });
        }
    }

    // 2. An import: the name itself, or the first segment of its qualifier.
    let bound = qualifier
        .map(|q| q.split(['.', ':']).next().unwrap_or(q))
        .and_then(|first| site.scope.binding(first))
        .or_else(|| site.scope.binding(name));
    if let Some(binding) = bound {
        if binding.places.is_empty() {
            return Vec::new();
        }
        // In an imported module's own file: certain. Only somewhere below an imported
        // package's directory: one of several, weighted down.
        let in_files: Vec<usize> = usable
            .iter()
            .copied()
            .filter(|&i| in_places(&candidates[i], &binding.places, false))
            .collect();
        // What an import names is a module's own item, not a method of a type in it
        // (`from textwrap import wrap` is the function, not `TextWrapper.wrap`).
        let top_level: Vec<usize> = in_files
            .iter()
            .copied()
            .filter(|&i| candidates[i].parent.as_deref() == Some(candidates[i].path.as_str()))
            .collect();
        if !top_level.is_empty() {
            return certain(top_level);
        }
        if qualifier.is_none() && names_a_module(binding) {
            // The name is an imported module (`from . import _parser`), not a
            // definition of that name anywhere (Java's `import a.b.Item` is the class
            // `Item` of `Item.java`, a top-level definition found above).
            return Vec::new();
        }
        if !in_files.is_empty() {
            return certain(in_files);
        }
        let in_dirs: Vec<usize> = usable
            .iter()
            .copied()
            .filter(|&i| in_places(&candidates[i], &binding.places, true))
            .collect();
        if !in_dirs.is_empty() {
            let weight = AMBIGUOUS / in_dirs.len() as f32;
            return in_dirs.into_iter().map(|i| (i, weight)).collect();
        }
    }

    // 3. The same file (or package), for plain names: `x.open()` on a receiver of
    // unknown type is no more likely to be this file's `open` than any other.
    let directory = facts.is_some_and(|f| f.scope == ImplicitScope::Directory);
    fn dir_of(path: &str) -> &str {
        path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }
    let own_dir = dir_of(&site.node.path);
    let same_file: Vec<usize> = usable
        .iter()
        .copied()
        .filter(|&i| match directory {
            true => dir_of(&candidates[i].path) == own_dir,
            false => candidates[i].path == site.node.path,
        })
        .collect();
    if !same_file.is_empty() && qualifier.is_none() {
        return certain(same_file);
    }

    // 3b. A plain name defined in a file whose every name is in scope (C's
    // `#include "ring.h"`).
    if qualifier.is_none() && !site.scope.wildcards.is_empty() {
        let included: Vec<usize> = usable
            .iter()
            .copied()
            .filter(|&i| in_places(&candidates[i], &site.scope.wildcards, false))
            .collect();
        if !included.is_empty() {
            return certain(included);
        }
    }

    // 4. By name alone; a plain builtin name not defined in this file means the
    // builtin (`enumerate`, `Vec`), however many modules define their own.
    // Overloads of one method (Java's eleven `Gson::fromJson`) are one definition of
    // the name: counted, and weighted, by their owner.
    let builtin = qualifier.is_none() && site.node.lang.is_some_and(|l| l.is_builtin(name));
    let mut owners: HashMap<&str, usize> = HashMap::new();
    for &i in &usable {
        *owners
            .entry(candidates[i].parent.as_deref().unwrap_or(""))
            .or_default() += 1;
    }
    if owners.len() > MAX_CANDIDATES || builtin {
        return Vec::new();
    }
    let weight = |i: usize| {
        let overloads = owners[candidates[i].parent.as_deref().unwrap_or("")];
        AMBIGUOUS / owners.len() as f32 / overloads as f32
    };
    usable.into_iter().map(|i| (i, weight(i))).collect()
}

/// The strongly connected components of a directed graph whose edge `(a, b)` says
/// `a` depends on `b`, dependencies first: a component comes after every component
/// it depends on, and units that depend on each other share one. Members in
/// ascending order; the order is a function of the input alone.
pub fn components_dependencies_first(nodes: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); nodes];
    for &(a, b) in edges {
        if a < nodes && b < nodes {
            next[a].push(b);
        }
    }
    for list in &mut next {
        list.sort_unstable();
        list.dedup();
    }
    // Tarjan's algorithm with an explicit stack (no recursion: any depth is fine).
    // It finishes a component only after every component reachable from it.
    let mut order = vec![UNSEEN; nodes];
    let mut low = vec![0; nodes];
    let mut on_stack = vec![false; nodes];
    let mut stack: Vec<usize> = Vec::new();
    let mut counter = 0;
    let mut components = Vec::new();
    for root in 0..nodes {
        if order[root] != UNSEEN {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&(v, edge)) = work.last() {
            if edge == 0 && order[v] == UNSEEN {
                order[v] = counter;
                low[v] = counter;
                counter += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = next[v].get(edge) {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                if order[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
        }
    }
    components
}

/// Personalized PageRank over a small graph: how much each node matters to the
/// `seeds` (node index → prior weight), following weighted edges both ways.
pub fn personalized_rank(
    nodes: usize,
    edges: &[(usize, usize, f32)],
    seeds: &BTreeMap<usize, f32>,
) -> Vec<f32> {
    const DAMPING: f32 = 0.5;
    const ROUNDS: usize = 20;
    let total: f32 = seeds.values().sum();
    if nodes == 0 || total <= 0.0 {
        return vec![0.0; nodes];
    }
    let mut teleport = vec![0.0f32; nodes];
    for (&node, &weight) in seeds {
        if node < nodes {
            teleport[node] = weight / total;
        }
    }
    let mut out_weight = vec![0.0f32; nodes];
    for &(a, b, w) in edges {
        out_weight[a] += w;
        out_weight[b] += w;
    }
    let mut rank = teleport.clone();
    for _ in 0..ROUNDS {
        let mut next: Vec<f32> = teleport.iter().map(|t| (1.0 - DAMPING) * t).collect();
        let mut dangling = 0.0;
        for (node, &r) in rank.iter().enumerate() {
            if out_weight[node] == 0.0 {
                dangling += r;
            }
        }
        for &(a, b, w) in edges {
            next[b] += DAMPING * rank[a] * w / out_weight[a];
            next[a] += DAMPING * rank[b] * w / out_weight[b];
        }
        for (n, t) in next.iter_mut().zip(&teleport) {
            *n += DAMPING * dangling * t;
        }
        rank = next;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, kind: NodeKind, lang: Lang) -> Node {
        Node::bare(id, kind, Some(lang))
    }

    fn call(name: &str) -> Reference {
        Reference {
            kind: RefKind::Call,
            name: name.into(),
        }
    }

    /// The ids a reference from `from` resolves to, with weights.
    fn resolved(
        from: &Node,
        imports: &[&str],
        reference: Reference,
        candidates: &[Node],
        files: &[&str],
    ) -> Vec<(String, f32)> {
        let modules = ModuleMap::new(files.iter().map(|f| f.to_string()));
        let lang = from.lang.unwrap();
        let imports: Vec<Import> = imports
            .iter()
            .flat_map(|i| crate::lang::parse_imports(lang, i))
            .collect();
        let scope = Scope::new(from.lang.unwrap(), &from.path, &imports, &modules);
        let site = Site {
            node: from,
            scope: &scope,
        };
        resolve(&site, &reference, candidates)
            .into_iter()
            .map(|(i, w)| (candidates[i].id.clone(), w))
            .collect()
    }

    #[test]
    fn overloads_of_one_method_count_once_against_the_limit() {
        let from = node("Main.java::Main::run", NodeKind::Method, Lang::Java);
        // Eleven overloads of `Gson.fromJson`, and three other owners of the name.
        let mut candidates: Vec<Node> = (1..=MAX_CANDIDATES - 1)
            .map(|n| {
                let id = match n {
                    1 => "Gson.java::Gson::fromJson".to_string(),
                    n => format!("Gson.java::Gson::fromJson#{n}"),
                };
                let mut overload = node(&id, NodeKind::Method, Lang::Java);
                overload.name = "fromJson".into();
                overload.parent = Some("Gson.java::Gson".into());
                overload
            })
            .collect();
        for owner in ["A", "B", "C"] {
            let mut other = node(
                &format!("{owner}.java::{owner}::fromJson"),
                NodeKind::Method,
                Lang::Java,
            );
            other.parent = Some(format!("{owner}.java::{owner}"));
            candidates.push(other);
        }
        assert!(candidates.len() > MAX_CANDIDATES);
        let found = resolved(&from, &[], call("gson.fromJson"), &candidates, &[]);
        assert_eq!(found.len(), candidates.len(), "{found:?}");
        // Four owners share the weight of one name; an overload, its owner's share.
        let weight = |id: &str| found.iter().find(|(i, _)| i == id).unwrap().1;
        assert!((weight("A.java::A::fromJson") - AMBIGUOUS / 4.0).abs() < 1e-6);
        assert!((weight("Gson.java::Gson::fromJson") - AMBIGUOUS / 4.0 / 11.0).abs() < 1e-6);
    }

    #[test]
    fn references_split_into_qualifier_and_name() {
        assert_eq!(split_reference("open"), (None, "open"));
        assert_eq!(split_reference("self.open"), (Some("self"), "open"));
        assert_eq!(split_reference("os.path.join"), (Some("os.path"), "join"));
        assert_eq!(
            split_reference("store::Reader::open"),
            (Some("store::Reader"), "open")
        );
    }

    #[test]
    fn python_relative_imports() {
        let files = [
            "json/__init__.py",
            "json/decoder.py",
            "json/scanner.py",
            "json/tool.py",
            "email/parser.py",
            "other/decoder.py",
        ];
        let from = node("json/__init__.py::loads", NodeKind::Function, Lang::Python);
        let decoders = [
            node(
                "other/decoder.py::JSONDecoder",
                NodeKind::Class,
                Lang::Python,
            ),
            node(
                "json/decoder.py::JSONDecoder",
                NodeKind::Class,
                Lang::Python,
            ),
        ];
        // `from .decoder import JSONDecoder` picks the sibling module, certainly.
        assert_eq!(
            resolved(
                &from,
                &["from .decoder import JSONDecoder"],
                call("JSONDecoder"),
                &decoders,
                &files
            ),
            [("json/decoder.py::JSONDecoder".to_string(), CERTAIN)]
        );
        // Two levels up, with an alias.
        let deep = node("json/tool.py::main", NodeKind::Function, Lang::Python);
        let parsers = [node(
            "email/parser.py::Parser",
            NodeKind::Class,
            Lang::Python,
        )];
        assert_eq!(
            resolved(
                &deep,
                &["from ..email.parser import Parser as P"],
                call("P"),
                &[node("email/parser.py::P", NodeKind::Class, Lang::Python)],
                &files
            )
            .len(),
            1
        );
        assert_eq!(
            resolved(
                &deep,
                &["from ..email import parser"],
                call("parser.Parser"),
                &parsers,
                &files
            ),
            [("email/parser.py::Parser".to_string(), CERTAIN)]
        );
        // `import json.scanner as s` then `s.make_scanner()`.
        let scanners = [node(
            "json/scanner.py::make_scanner",
            NodeKind::Function,
            Lang::Python,
        )];
        assert_eq!(
            resolved(
                &deep,
                &["import json.scanner as s"],
                call("s.make_scanner"),
                &scanners,
                &files
            ),
            [("json/scanner.py::make_scanner".to_string(), CERTAIN)]
        );
        // Imported from outside the repository: no edge, though a local one exists.
        assert!(
            resolved(
                &from,
                &["from collections import JSONDecoder"],
                call("JSONDecoder"),
                &decoders,
                &files
            )
            .is_empty()
        );
        // Without an import: both candidates, weighted down.
        let both = resolved(&from, &[], call("JSONDecoder"), &decoders, &files);
        assert_eq!(both.len(), 2);
        assert!(both.iter().all(|(_, w)| *w < CERTAIN));
    }

    #[test]
    fn an_imported_name_is_the_module_item_not_a_method() {
        let files = ["textwrap.py", "test_textwrap.py"];
        let from = node("test_textwrap.py::check", NodeKind::Function, Lang::Python);
        let candidates = [
            node(
                "textwrap.py::TextWrapper::wrap",
                NodeKind::Method,
                Lang::Python,
            ),
            node("textwrap.py::wrap", NodeKind::Function, Lang::Python),
        ];
        assert_eq!(
            resolved(
                &from,
                &["from textwrap import TextWrapper, wrap"],
                call("wrap"),
                &candidates,
                &files
            ),
            [("textwrap.py::wrap".to_string(), CERTAIN)]
        );
    }

    #[test]
    fn builtins_and_imported_modules_are_not_definitions_elsewhere() {
        let files = [
            "textwrap.py",
            "threading.py",
            "re/__init__.py",
            "re/_parser.py",
            "decimal.py",
        ];
        let from = node("textwrap.py::dedent", NodeKind::Function, Lang::Python);
        let elsewhere = [node(
            "threading.py::enumerate",
            NodeKind::Function,
            Lang::Python,
        )];
        assert!(resolved(&from, &[], call("enumerate"), &elsewhere, &files).is_empty());
        // Defined in the same file, it is that one.
        let here = [node(
            "textwrap.py::enumerate",
            NodeKind::Function,
            Lang::Python,
        )];
        assert_eq!(
            resolved(&from, &[], call("enumerate"), &here, &files).len(),
            1
        );
        // `from . import _parser`, then `_parser` read as a value: the module.
        let parser = node("re/__init__.py::compile", NodeKind::Function, Lang::Python);
        let value = Reference {
            kind: RefKind::Value,
            name: "_parser".into(),
        };
        let other = [node("decimal.py::_parser", NodeKind::Const, Lang::Python)];
        assert!(resolved(&parser, &["from . import _parser"], value, &other, &files).is_empty());
    }

    #[test]
    fn one_binding_is_written_as_its_own_import() {
        let modules = ModuleMap::new(["src/lib.rs".to_string(), "a.py".to_string()]);
        let scope = Scope::new(
            Lang::Python,
            "a.py",
            &crate::lang::parse_imports(
                Lang::Python,
                "from os import sep, path as p\nimport numpy as np\nimport xml.dom\n",
            ),
            &modules,
        );
        let text = |local: &str| {
            Lang::Python
                .support()
                .import_text(scope.binding(local).unwrap())
        };
        assert_eq!(text("p"), "from os import path as p");
        assert_eq!(text("np"), "import numpy as np");
        assert_eq!(text("xml"), "import xml");
        let scope = Scope::new(
            Lang::Rust,
            "src/lib.rs",
            &crate::lang::parse_imports(
                Lang::Rust,
                "use {aho_corasick::AhoCorasick, std::{borrow::Cow as C, io}};",
            ),
            &modules,
        );
        assert_eq!(
            Lang::Rust
                .support()
                .import_text(scope.unknown("AhoCorasick").unwrap()),
            "use aho_corasick::AhoCorasick;"
        );
        assert_eq!(
            Lang::Rust
                .support()
                .import_text(scope.binding("C").unwrap()),
            "use std::borrow::Cow as C;"
        );
    }

    #[test]
    fn python_methods_on_self() {
        let files = ["a.py"];
        let from = node("a.py::Parser::parse", NodeKind::Method, Lang::Python);
        let candidates = [
            node("a.py::Lexer::advance", NodeKind::Method, Lang::Python),
            node("a.py::Parser::advance", NodeKind::Method, Lang::Python),
        ];
        assert_eq!(
            resolved(&from, &[], call("self.advance"), &candidates, &files),
            [("a.py::Parser::advance".to_string(), CERTAIN)]
        );
    }

    #[test]
    fn self_outside_a_class_is_no_receiver() {
        let files = ["a.py", "b.py"];
        let from = node("a.py::helper", NodeKind::Function, Lang::Python);
        let candidates = [
            node("a.py::save", NodeKind::Function, Lang::Python),
            node("b.py::save", NodeKind::Function, Lang::Python),
        ];
        let found = resolved(&from, &[], call("self.save"), &candidates, &files);
        assert!(found.iter().all(|(_, w)| *w < CERTAIN), "{found:?}");
        // A trait impl's `self` is the implementing type, not the trait.
        let files = ["src/lib.rs", "src/a.rs", "src/b.rs"];
        let from = node("src/a.rs::A::Visitor::visit", NodeKind::Method, Lang::Rust);
        let candidates = [
            node("src/a.rs::A::helper", NodeKind::Method, Lang::Rust),
            node("src/b.rs::B::Visitor::helper", NodeKind::Method, Lang::Rust),
        ];
        assert_eq!(
            resolved(&from, &[], call("self.helper"), &candidates, &files),
            [("src/a.rs::A::helper".to_string(), CERTAIN)]
        );
    }

    #[test]
    fn rust_use_with_self_and_super() {
        let files = [
            "src/lib.rs",
            "src/store/mod.rs",
            "src/store/reader.rs",
            "src/store/schema.rs",
            "src/query/zoom.rs",
        ];
        let fields = [
            node("src/store/schema.rs::Fields", NodeKind::Struct, Lang::Rust),
            node("src/query/zoom.rs::Fields", NodeKind::Struct, Lang::Rust),
        ];
        let reader = node(
            "src/store/reader.rs::Reader::open",
            NodeKind::Method,
            Lang::Rust,
        );
        let ty = |name: &str| Reference {
            kind: RefKind::Type,
            name: name.into(),
        };
        for import in [
            "use super::schema::Fields;",
            "use crate::store::schema::{Fields, schema};",
            "use super::schema::{self, Fields as Fields};",
        ] {
            assert_eq!(
                resolved(&reader, &[import], ty("Fields"), &fields, &files),
                [("src/store/schema.rs::Fields".to_string(), CERTAIN)],
                "{import}"
            );
        }
        // `self::` from a mod.rs is its own directory.
        let from_mod = node("src/store/mod.rs::open", NodeKind::Function, Lang::Rust);
        assert_eq!(
            resolved(
                &from_mod,
                &["pub(crate) use self::schema::Fields;"],
                ty("Fields"),
                &fields,
                &files
            ),
            [("src/store/schema.rs::Fields".to_string(), CERTAIN)]
        );
        // A module imported whole, then a qualified path.
        assert_eq!(
            resolved(
                &reader,
                &["use super::schema;"],
                ty("schema::Fields"),
                &fields,
                &files
            ),
            [("src/store/schema.rs::Fields".to_string(), CERTAIN)]
        );
        // A module beside this one, 2018 style, from a mod.rs.
        assert_eq!(
            resolved(
                &from_mod,
                &["pub use schema::Fields;"],
                ty("Fields"),
                &fields,
                &files
            ),
            [("src/store/schema.rs::Fields".to_string(), CERTAIN)]
        );
        // The standard library: nothing here, though a local `Fields` exists.
        let std = resolved(
            &reader,
            &["use std::fmt::Fields;"],
            ty("Fields"),
            &fields,
            &files,
        );
        assert!(std.is_empty());
        // Another crate this repository cannot see: the later rules still apply.
        let other = ["use tantivy::schema::Fields;"];
        assert_eq!(
            resolved(&reader, &other, ty("Fields"), &fields, &files).len(),
            2
        );
    }

    #[test]
    fn rust_methods_on_a_known_type() {
        let files = ["src/lib.rs", "src/a.rs", "src/b.rs"];
        let candidates = [
            node("src/a.rs::Index::open", NodeKind::Method, Lang::Rust),
            node("src/b.rs::Store::open", NodeKind::Method, Lang::Rust),
            node("src/b.rs::open", NodeKind::Function, Lang::Rust),
        ];
        let from = node("src/b.rs::Store::reopen", NodeKind::Method, Lang::Rust);
        assert_eq!(
            resolved(&from, &[], call("Index::open"), &candidates, &files),
            [("src/a.rs::Index::open".to_string(), CERTAIN)]
        );
        assert_eq!(
            resolved(&from, &[], call("Self::open"), &candidates, &files),
            [("src/b.rs::Store::open".to_string(), CERTAIN)]
        );
        assert_eq!(
            resolved(&from, &[], call("self.open"), &candidates, &files),
            [("src/b.rs::Store::open".to_string(), CERTAIN)]
        );
        // Unknown receiver: every `open`, none certain.
        let unknown = resolved(&from, &[], call("x.open"), &candidates, &files);
        assert_eq!(unknown.len(), 3);
        assert!(unknown.iter().all(|(_, w)| *w < CERTAIN));
        // A plain name: the same file first.
        assert_eq!(
            resolved(&from, &[], call("open"), &candidates, &files),
            [
                ("src/b.rs::Store::open".to_string(), CERTAIN),
                ("src/b.rs::open".to_string(), CERTAIN)
            ]
        );
    }

    #[test]
    fn common_names_resolve_to_nothing() {
        let files: Vec<String> = (0..20).map(|i| format!("m{i}.py")).collect();
        let file_refs: Vec<&str> = files.iter().map(String::as_str).collect();
        let candidates: Vec<Node> = files
            .iter()
            .map(|f| node(&format!("{f}::get"), NodeKind::Function, Lang::Python))
            .collect();
        let from = node("main.py::run", NodeKind::Function, Lang::Python);
        assert!(resolved(&from, &[], call("get"), &candidates, &file_refs).is_empty());
    }

    #[test]
    fn components_come_dependencies_first() {
        // 0 → 1 → 2 → 1 (a cycle), 0 → 3, 4 alone.
        let edges = [(0, 1), (1, 2), (2, 1), (0, 3)];
        let components = components_dependencies_first(5, &edges);
        assert_eq!(components.len(), 4);
        assert!(components.contains(&vec![1, 2]));
        let at = |n: usize| components.iter().position(|c| c.contains(&n)).unwrap();
        for (a, b) in edges {
            assert!(at(b) <= at(a), "{b} should come before {a}: {components:?}");
        }
        // A long chain does not overflow the stack.
        let chain: Vec<(usize, usize)> = (0..100_000).map(|i| (i, i + 1)).collect();
        let components = components_dependencies_first(100_001, &chain);
        assert_eq!(components.first(), Some(&vec![100_000]));
        assert_eq!(components.last(), Some(&vec![0]));
    }

    #[test]
    fn rank_flows_from_seeds_to_neighbours() {
        // 0 → 1 → 2, 3 isolated; seed 0.
        let edges = [(0, 1, 1.0), (1, 2, 1.0)];
        let seeds = BTreeMap::from([(0, 1.0)]);
        let rank = personalized_rank(4, &edges, &seeds);
        assert!(rank[0] > rank[1] && rank[1] > rank[2] && rank[2] > rank[3]);
        assert_eq!(rank[3], 0.0);
    }
}
