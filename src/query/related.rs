//! The neighbourhood of a node in the reference graph: what it uses, what uses it.
//! Edges are resolved from the index on demand (see [`crate::graph`]).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use crate::error::Result;
use crate::grammar::RefKind;
use crate::graph::{self, ModuleMap, Scope, Site};
use crate::pyramid::{Node, NodeKind, Reference};
use crate::store::Reader;

/// Most definitions of one name looked at when resolving a reference to it.
pub(super) const MAX_DEFINITIONS: usize = 64;
/// Most nodes using one name looked at when finding callers.
const MAX_USERS: usize = 200;

/// A node related to another, with how sure the relation is (0–1].
#[derive(Debug, Clone)]
pub struct Related {
    /// The related node.
    pub node: Node,
    /// Edge weight: 1 when resolved with certainty, less when ambiguous.
    pub weight: f32,
}

/// What a node needs ([`Graph::needs`]).
#[derive(Debug, Clone, Default)]
pub struct Needs {
    /// Definitions it surely uses, in the order found (may repeat).
    pub sure: Vec<Node>,
    /// Definitions it may use: matched by name only.
    pub maybe: Vec<Node>,
}

/// Edges at least this sure are followed by [`Graph::needs`]: certain ones, and plain
/// names with one definition.
pub const FOLLOWED: f32 = 0.5;

/// A use of something from outside the repository.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OutsideUse {
    /// The top-level module or crate it comes from: `os`, `serde_json`, `std`.
    pub package: String,
    /// The import of it (`from os import path`, `use serde_json::json;`); `None` for
    /// a Rust path written in full (`std::mem::take`).
    pub import: Option<String>,
    /// What it uses, written in full: `os.path.join`, `serde_json::from_str`.
    pub api: String,
    /// Whether it is surely outside; if not, `package` may also be a module of this
    /// repository that its imports do not place (`use serde_json::json`, `std::mem`
    /// without an import).
    pub certain: bool,
}

/// Resolves references over one index, caching what several lookups share.
pub struct Graph<'r> {
    reader: &'r Reader,
    /// The repository's modules, from the manifest, read when first needed.
    modules: std::cell::OnceCell<ModuleMap>,
    scopes: RefCell<HashMap<String, std::rc::Rc<Scope>>>,
    definitions: RefCell<HashMap<String, Option<std::rc::Rc<Vec<Node>>>>>,
    /// Names defined more often than this are not resolved.
    max_definitions: usize,
}

impl<'r> Graph<'r> {
    /// A graph over the index a reader sees.
    pub fn new(reader: &'r Reader) -> Graph<'r> {
        Graph {
            reader,
            modules: std::cell::OnceCell::new(),
            scopes: RefCell::default(),
            definitions: RefCell::default(),
            max_definitions: MAX_DEFINITIONS,
        }
    }

    /// A graph that resolves only names defined at most `max_definitions` times: a
    /// cheaper, less complete one, for ranking.
    pub fn narrow(reader: &'r Reader, max_definitions: usize) -> Graph<'r> {
        Graph {
            max_definitions: max_definitions.min(MAX_DEFINITIONS),
            ..Graph::new(reader)
        }
    }

    /// The definitions a node's references resolve to, strongest first.
    pub fn callees(&self, node: &Node) -> Result<Vec<Related>> {
        self.resolve(node, &node.refs)
    }

    /// The definitions these references, made from `node`, resolve to, strongest first.
    pub fn resolve(&self, node: &Node, refs: &[Reference]) -> Result<Vec<Related>> {
        let scope = self.scope(node)?;
        let site = Site {
            node,
            scope: &scope,
        };
        let mut found: BTreeMap<String, Related> = BTreeMap::new();
        for reference in refs {
            let Some(candidates) = self.definitions(graph::target_name(&reference.name))? else {
                continue;
            };
            for (i, weight) in graph::resolve(&site, reference, &candidates) {
                add(&mut found, &candidates[i], weight);
            }
        }
        Ok(ranked(found))
    }

    /// The nodes whose references resolve to `node`, strongest first.
    pub fn callers(&self, node: &Node) -> Result<Vec<Related>> {
        self.callers_among(node, MAX_USERS, |_| true)
    }

    /// The nodes kept by `keep` whose references resolve to `node`, strongest
    /// first; none when more than `limit` nodes use its name.
    pub fn callers_among(
        &self,
        node: &Node,
        limit: usize,
        keep: impl Fn(&Node) -> bool,
    ) -> Result<Vec<Related>> {
        let Some(mut users) = self.reader.users_of(&node.name, limit)? else {
            return Ok(Vec::new());
        };
        users.retain(|user| keep(user));
        let Some(candidates) = self.definitions(&node.name)? else {
            return Ok(Vec::new());
        };
        let Some(me) = candidates.iter().position(|c| c.id == node.id) else {
            return Ok(Vec::new());
        };
        let mut found: BTreeMap<String, Related> = BTreeMap::new();
        for user in &users {
            let scope = self.scope(user)?;
            let site = Site {
                node: user,
                scope: &scope,
            };
            for reference in user
                .refs
                .iter()
                .filter(|r| graph::target_name(&r.name) == node.name)
            {
                if let Some((_, weight)) = graph::resolve(&site, reference, &candidates)
                    .into_iter()
                    .find(|(i, _)| *i == me)
                {
                    add(&mut found, user, weight);
                }
            }
        }
        Ok(ranked(found))
    }

    /// What a node needs to work: the definitions its references resolve to surely,
    /// and those they resolve to only maybe. Sure: resolved with certainty, or a plain
    /// name with a single definition; a method called on a receiver of unknown type
    /// (`x.strip()`, or `self.width` that its class does not define) is only maybe the
    /// one method of that name. A method also needs its type (and, in Python, the
    /// constructor that sets up the fields it reads).
    pub fn needs(&self, node: &Node) -> Result<Needs> {
        let mut needs = Needs::default();
        let mut refs = node.refs.clone();
        if node.kind == NodeKind::Method
            && let Some(parent) = node.parent.as_deref()
            && let Some(owner) = self.reader.node(parent)?
        {
            if owner.kind == NodeKind::Impl {
                // `impl Trait for Type` elsewhere: the type it is for.
                let type_name = owner.name.split("::").next().unwrap_or(&owner.name);
                refs.push(Reference {
                    kind: RefKind::Type,
                    name: type_name.to_string(),
                });
            }
            // The constructor that makes the instance a method works on.
            let constructor = owner
                .lang
                .and_then(|l| l.facts().graph.constructor.as_deref());
            if let Some(constructor) = constructor
                && node.name != constructor
            {
                let init = self
                    .reader
                    .children(&owner)?
                    .into_iter()
                    .find(|c| c.name == constructor);
                needs.sure.extend(init);
            }
            needs.sure.push(owner);
        }
        for reference in &refs {
            let qualified = graph::split_reference(&reference.name).0.is_some();
            for related in self.resolve(node, std::slice::from_ref(reference))? {
                if related.weight >= graph::CERTAIN || (!qualified && related.weight >= FOLLOWED) {
                    needs.sure.push(related.node);
                } else {
                    needs.maybe.push(related.node);
                }
            }
        }
        Ok(needs)
    }

    /// What a node uses from outside the repository: names its imports bind to
    /// nothing here, names imported from modules of unknown place, and (in Rust)
    /// paths written in full from another crate's root.
    pub fn outside(&self, node: &Node) -> Result<Vec<OutsideUse>> {
        let scope = self.scope(node)?;
        let Some(lang) = node.lang else {
            return Ok(Vec::new());
        };
        let facts = lang.facts();
        let mut found = std::collections::BTreeSet::new();
        for reference in &node.refs {
            let (qualifier, name) = graph::split_reference(&reference.name);
            let first = qualifier.map_or(name, |q| q.split(['.', ':']).next().unwrap_or(q));
            let (binding, certain) = match scope.binding(first) {
                Some(binding) if binding.places.is_empty() => (Some(binding), true),
                Some(_) => continue,
                None => (scope.unknown(first), false),
            };
            let package = match binding {
                Some(binding) => lang.support().package_of(&binding.module),
                // A path written in full from another package's root (`std::fs::read`).
                None if qualifier.is_some()
                    && first.starts_with(|c: char| c.is_ascii_lowercase())
                    && facts
                        .graph
                        .qualified_outside
                        .as_ref()
                        .is_some_and(|inside| !inside.iter().any(|name| name == first)) =>
                {
                    first
                }
                None => continue,
            };
            if !package.is_empty() {
                // What it names, written in full: the imported path, then the rest of
                // the reference (`os.path.join` from `import os` and `os.path.join`).
                let separator = facts.syntax.module_separator.as_str();
                let rest = &reference.name[first.len().min(reference.name.len())..];
                let api = match binding {
                    Some(binding) => {
                        let mut path = binding.module.clone();
                        if let Some(original) = &binding.original {
                            if !path.is_empty() {
                                path.push_str(separator);
                            }
                            path.push_str(original);
                        }
                        format!("{path}{rest}")
                    }
                    None => reference.name.clone(),
                };
                found.insert(OutsideUse {
                    package: package.to_string(),
                    import: binding.map(|b| lang.support().import_text(b)),
                    api,
                    certain,
                });
            }
        }
        Ok(found.into_iter().collect())
    }

    /// The files of the repository a file's imports name (a directory stands for
    /// its package's files), sorted.
    pub fn imported_files(&self, file: &Node) -> Result<Vec<String>> {
        let scope = self.scope(file)?;
        let mut places: Vec<String> = scope.places().map(str::to_string).collect();
        places.sort();
        places.dedup();
        Ok(places)
    }

    /// Definitions named `name`; `None` when too many to mean anything.
    fn definitions(&self, name: &str) -> Result<Option<std::rc::Rc<Vec<Node>>>> {
        if let Some(cached) = self.definitions.borrow().get(name) {
            return Ok(cached.clone());
        }
        let found = self
            .reader
            .named(name, self.max_definitions)?
            .map(std::rc::Rc::new);
        self.definitions
            .borrow_mut()
            .insert(name.to_string(), found.clone());
        Ok(found)
    }

    /// What the imports of a node's file (and its own) bring into scope.
    fn scope(&self, node: &Node) -> Result<std::rc::Rc<Scope>> {
        let key = if node.imports.is_empty() {
            node.path.clone()
        } else {
            node.id.clone()
        };
        if let Some(scope) = self.scopes.borrow().get(&key) {
            return Ok(scope.clone());
        }
        let mut imports = match self.reader.node(&node.path)? {
            Some(file) if file.id != node.id => file.imports,
            _ => Vec::new(),
        };
        imports.extend(node.imports.iter().cloned());
        let modules = match self.modules.get() {
            Some(modules) => modules,
            None => {
                let files = self.reader.file_paths()?;
                let read = |path: &str| self.reader.source(path).ok().flatten();
                let modules = ModuleMap::new(files).with_configured_aliases(read);
                self.modules.get_or_init(|| modules)
            }
        };
        let scope = std::rc::Rc::new(match node.lang {
            Some(lang) => Scope::new(lang, &node.path, &imports, modules),
            None => Scope::default(),
        });
        self.scopes.borrow_mut().insert(key, scope.clone());
        Ok(scope)
    }
}

fn add(found: &mut BTreeMap<String, Related>, node: &Node, weight: f32) {
    found
        .entry(node.id.clone())
        .and_modify(|r| r.weight = r.weight.max(weight))
        .or_insert_with(|| Related {
            node: node.clone(),
            weight,
        });
}

/// Strongest first, ties by id.
fn ranked(found: BTreeMap<String, Related>) -> Vec<Related> {
    let mut related: Vec<Related> = found.into_values().collect();
    related.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| a.node.id.cmp(&b.node.id))
    });
    related
}
