//! Semports: a port of code between Python and Rust, planned unit by unit in the
//! order an agent can do it (what a unit uses comes before it), each unit handed over
//! with its source, what it uses, the outside APIs it calls and their equivalents, and
//! a skeleton in the target language; afterwards, which ported units went stale.
//!
//! The plan reads the source index; the port map ([`PortMap`]) records which source
//! unit became which target unit, and with what source; `status` compares both
//! indexes with it.

mod map;
mod skeleton;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path};
use std::sync::OnceLock;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::grammar::Lang;
use crate::graph;
use crate::pyramid::{Level, Node, NodeKind, Span};
use crate::query::{Graph, Sources, find};
use crate::store::{Location, Reader};

pub use map::{
    Link, LinkReport, MAP_FILE, PortMap, PortStatus, Ported, StatusReport, UnitStatus, link,
    link_auto, status,
};
pub use skeleton::{Skeleton, Unit, UnitKind, skeleton};

/// The languages semport ports between: the translators are pair code, one per
/// direction, not a fact of each language.
pub const PORTED: [Lang; 2] = [Lang::Python, Lang::Rust];

/// What to plan.
#[derive(Debug, Clone)]
pub struct PlanRequest {
    /// The language to port to.
    pub to: Lang,
    /// A directory, file or item id; `None` for the whole repository.
    pub scope: Option<String>,
}

/// The units of a scope in the order they can be ported: each step's units use only
/// units of earlier steps (or of the same step, which are ported together).
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The language ported to.
    pub to: Lang,
    /// The scope's id (`.` for the whole repository).
    pub scope: String,
    /// Units in scope.
    pub units: usize,
    /// Units already ported (in the port map).
    pub ported: usize,
    /// The steps, leaves first.
    pub steps: Vec<Step>,
}

/// One step of a plan: one unit, or units that use each other, ported together.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// 1-based position in the plan.
    pub number: usize,
    /// Its units, in source order.
    pub units: Vec<PlanUnit>,
}

/// A unit to port, with what porting it takes.
#[derive(Debug, Clone, Serialize)]
pub struct PlanUnit {
    /// Node id.
    pub id: String,
    /// Node kind.
    pub kind: NodeKind,
    /// Its source language.
    pub lang: Lang,
    /// Path of its file.
    pub path: String,
    /// Where it is.
    pub span: Option<Span>,
    /// Hash of its source: what `semport link` records and `status` compares.
    pub hash: String,
    /// Its exact source.
    pub source: String,
    /// The units in scope it uses, each with its target when already ported.
    pub uses: Vec<Dependency>,
    /// What it calls outside the repository, with the target language's equivalent.
    pub outside: Vec<OutsideApi>,
    /// Its target when already ported.
    pub ported_as: Option<String>,
    /// A skeleton in the target language.
    pub skeleton: Skeleton,
}

/// A unit another unit uses.
#[derive(Debug, Clone, Serialize)]
pub struct Dependency {
    /// Node id.
    pub id: String,
    /// Its target id, when already ported.
    pub ported_as: Option<String>,
}

/// An outside API a unit uses and what it becomes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct OutsideApi {
    /// The API written in full: `json.loads`, `serde_json::from_str`.
    pub api: String,
    /// Its equivalent in the target language, from `grammars/semport/apis.toml`.
    pub equivalent: Option<String>,
}

/// Opens a repository's index after bringing it up to date (incrementally, as
/// `pyramid index` does), so that a port's status is as fresh as the files; when
/// another run holds the index, the index as it is, with a note saying so.
pub fn open_fresh(location: &Location) -> Result<(Reader, Option<String>)> {
    let note = match crate::indexer::index(
        location,
        &crate::indexer::IndexOptions::default(),
        &crate::indexer::NoProgress,
    ) {
        Ok(_) => None,
        Err(Error::Locked(_)) => Some(format!(
            "note: another `pyramid index` holds the index of {}; this answer may be stale",
            location.repo_root.display()
        )),
        Err(err) => return Err(err),
    };
    Ok((Reader::open(location)?, note))
}

/// The target repository of a port: the one the user names (`--target-repo`,
/// relative to `cwd`), else the one the port map remembers; `None` when neither says.
///
/// A port map is a file, and it can come with a cloned repository: what it remembers
/// is used only inside the source repository (symlinks resolved) and only when it
/// already holds an index, so that a map alone never makes pyramid read another
/// repository or write an index where the user did not ask for one
/// ([`Error::UnnamedPortTarget`]).
pub fn target_location(
    source: &Location,
    map: &PortMap,
    named: Option<&Path>,
    cwd: &Path,
) -> Result<Option<Location>> {
    if let Some(dir) = named {
        return Location::resolve(Some(dir), None, cwd, true).map(Some);
    }
    let (Some(remembered), Some(dir)) = (map.target_repo.as_ref(), map.target_dir(source)) else {
        return Ok(None);
    };
    let refused = |why| Error::UnnamedPortTarget {
        map: PortMap::path(source),
        target: remembered.clone(),
        why,
    };
    // Checked on the words first, so that a map's path out of the repository is not
    // even looked at; then with symlinks resolved.
    let relative = remembered
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    let inside = relative
        .then(|| dir.canonicalize().ok())
        .flatten()
        .filter(|root| root.starts_with(&source.repo_root) && root.is_dir());
    let Some(root) = inside else {
        return Err(refused(
            "which is not a folder inside this repository (pyramid reads another repository only when you name it)",
        ));
    };
    let target = Location::resolve(Some(&root), None, cwd, false)?;
    if !target.has_index() {
        return Err(refused(
            "which has no index yet (pyramid creates an index only where you ask for one)",
        ));
    }
    Ok(Some(target))
}

/// Kinds a port is made of: what is written, not what groups it.
pub fn is_unit(kind: NodeKind) -> bool {
    use NodeKind as K;
    matches!(
        kind,
        K::Function
            | K::Method
            | K::Class
            | K::Struct
            | K::Enum
            | K::Union
            | K::Trait
            | K::Interface
            | K::Type
            | K::Const
            | K::Static
    )
}

/// The port plan of a scope.
pub fn plan(reader: &Reader, request: &PlanRequest, map: &PortMap) -> Result<Plan> {
    if !PORTED.contains(&request.to) {
        return Err(Error::InvalidArgument(format!(
            "semport ports between `python` and `rust` only, not to `{}`",
            request.to.name()
        )));
    }
    let scope = match request.scope.as_deref() {
        Some(id) => find(reader, id)?,
        None => find(reader, crate::pyramid::ROOT_ID)?,
    };
    let units: Vec<Node> = units_in(reader, &scope)?
        .into_iter()
        .filter(|n| {
            n.lang
                .is_some_and(|l| l != request.to && PORTED.contains(&l))
        })
        .collect();
    if units.is_empty() {
        return Err(Error::InvalidArgument(format!(
            "`{}` holds nothing to port to {}: no functions, types or constants in another language",
            scope.id, request.to
        )));
    }
    let index: HashMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let graph = Graph::new(reader);
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut outside: Vec<Vec<OutsideApi>> = Vec::with_capacity(units.len());
    for (i, unit) in units.iter().enumerate() {
        for needed in graph.needs(unit)?.sure {
            if let Some(&j) = index.get(needed.id.as_str())
                && j != i
            {
                edges.push((i, j));
            }
        }
        let lang = unit.lang.unwrap_or(Lang::Python);
        let apis: BTreeSet<OutsideApi> = graph
            .outside(unit)?
            .into_iter()
            .filter(|used| used.certain || equivalent(lang, &used.api).is_some())
            .map(|used| OutsideApi {
                equivalent: equivalent(lang, &used.api),
                api: used.api,
            })
            .collect();
        outside.push(apis.into_iter().collect());
    }
    let mut uses: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); units.len()];
    for &(a, b) in &edges {
        uses[a].insert(b);
    }
    let ported_as = |id: &str| map.target_of(id).map(str::to_string);
    let mut steps = Vec::new();
    let mut sources = Sources::new(reader);
    for (number, component) in graph::components_dependencies_first(units.len(), &edges)
        .into_iter()
        .enumerate()
    {
        let mut step_units = Vec::with_capacity(component.len());
        for i in component {
            let unit = &units[i];
            let lang = unit.lang.unwrap_or(Lang::Python);
            let own = own_source(reader, &mut sources, unit)?;
            let skeleton = skeleton::skeleton(
                &skeleton::Unit {
                    kind: skeleton_kind(unit.kind),
                    lang,
                    name: &unit.name,
                    owner: owner_name(reader, unit)?.as_deref(),
                    source: &own.whole,
                    doc: unit.doc.as_deref(),
                },
                request.to,
            );
            step_units.push(PlanUnit {
                id: unit.id.clone(),
                kind: unit.kind,
                lang,
                path: unit.path.clone(),
                span: unit.span,
                hash: own.hash,
                source: own.text,
                uses: uses[i]
                    .iter()
                    .map(|&j| Dependency {
                        id: units[j].id.clone(),
                        ported_as: ported_as(&units[j].id),
                    })
                    .collect(),
                outside: std::mem::take(&mut outside[i]),
                ported_as: ported_as(&unit.id),
                skeleton,
            });
        }
        steps.push(Step {
            number: number + 1,
            units: step_units,
        });
    }
    Ok(Plan {
        to: request.to,
        scope: scope.id.clone(),
        units: units.len(),
        ported: units
            .iter()
            .filter(|u| map.target_of(&u.id).is_some())
            .count(),
        steps,
    })
}

/// The units inside a node (itself included when it is one), in tree order.
pub fn units_in(reader: &Reader, scope: &Node) -> Result<Vec<Node>> {
    let files: Vec<String> = match scope.kind {
        NodeKind::Repo | NodeKind::Dir => reader
            .manifest()?
            .files
            .keys()
            .filter(|path| scope.kind == NodeKind::Repo || path.starts_with(&scope.id))
            .cloned()
            .collect(),
        _ => vec![scope.path.clone()],
    };
    let inside = |node: &Node| match scope.kind {
        NodeKind::Repo | NodeKind::Dir | NodeKind::File => true,
        _ => node.id == scope.id || node.id.starts_with(&format!("{}::", scope.id)),
    };
    let mut units = Vec::new();
    for path in files {
        let mut nodes: Vec<Node> = reader
            .file_nodes(&path)?
            .into_iter()
            .filter(|n| is_unit(n.kind) && inside(n))
            .collect();
        nodes.sort_by_key(|n| n.ord);
        units.extend(nodes);
    }
    Ok(units)
}

/// A unit's own source: a class without the methods inside it (each is a unit of its
/// own, with its own step and its own staleness), anything else whole.
pub(crate) struct OwnSource {
    /// The text shown and compared.
    pub text: String,
    /// Its hash: what the port map records.
    pub hash: String,
    /// The whole source, members included (what a skeleton reads fields from).
    pub whole: String,
}

pub(crate) fn own_source(reader: &Reader, sources: &mut Sources, unit: &Node) -> Result<OwnSource> {
    let whole = sources.text(unit, Level::Source)?;
    let whole_unit = |whole: String| OwnSource {
        text: whole.clone(),
        hash: unit.hash.clone(),
        whole,
    };
    let Some(span) = unit
        .span
        .filter(|_| unit.kind.is_type() && unit.children > 0)
    else {
        return Ok(whole_unit(whole));
    };
    let mut members: Vec<(Node, Span)> = reader
        .children(unit)?
        .into_iter()
        .filter(|m| is_unit(m.kind))
        .filter_map(|m| {
            let s = m.span?;
            (span.start_byte <= s.start_byte && s.end_byte <= span.end_byte).then_some((m, s))
        })
        .collect();
    if members.is_empty() {
        return Ok(whole_unit(whole));
    }
    members.sort_by_key(|(_, s)| s.start_byte);
    let mut text = String::with_capacity(whole.len());
    let mut at = 0;
    for (member, s) in &members {
        let start = (s.start_byte - span.start_byte) as usize;
        let end = (s.end_byte - span.start_byte) as usize;
        let (Some(before), Some(inner)) = (whole.get(at..start), whole.get(start..end)) else {
            continue;
        };
        text.push_str(before);
        let indent: String = inner
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        text.push_str(&format!(
            "{indent}# {} {}: a unit of its own",
            member.kind, member.name
        ));
        at = end;
    }
    text.push_str(whole.get(at..).unwrap_or_default());
    Ok(OwnSource {
        hash: crate::pyramid::short_hash(text.as_bytes()),
        text,
        whole,
    })
}

fn skeleton_kind(kind: NodeKind) -> skeleton::UnitKind {
    match kind {
        NodeKind::Function => skeleton::UnitKind::Function,
        NodeKind::Method => skeleton::UnitKind::Method,
        NodeKind::Const | NodeKind::Static => skeleton::UnitKind::Const,
        _ => skeleton::UnitKind::Type,
    }
}

/// The name of a method's type: its class, struct, or the type an impl is for.
fn owner_name(reader: &Reader, unit: &Node) -> Result<Option<String>> {
    if unit.kind != NodeKind::Method {
        return Ok(None);
    }
    let Some(parent) = unit.parent.as_deref() else {
        return Ok(None);
    };
    Ok(reader.node(parent)?.map(|owner| {
        owner
            .name
            .split("::")
            .next()
            .unwrap_or(&owner.name)
            .to_string()
    }))
}

/// The target language's equivalent of an outside API, from the table in
/// `grammars/semport/apis.toml`: the entry of the API or of its nearest enclosing
/// module.
pub fn equivalent(from: Lang, api: &str) -> Option<String> {
    let table = match from {
        Lang::Python => &apis().python_to_rust,
        Lang::Rust => &apis().rust_to_python,
        _ => return None,
    };
    let separator = if from == Lang::Rust { "::" } else { "." };
    let mut key = api;
    loop {
        if let Some(found) = table.get(key) {
            return Some(found.clone());
        }
        key = &key[..key.rfind(separator)?];
    }
}

#[derive(serde::Deserialize)]
struct ApiTable {
    python_to_rust: BTreeMap<String, String>,
    rust_to_python: BTreeMap<String, String>,
}

fn apis() -> &'static ApiTable {
    static TABLE: OnceLock<ApiTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The shipped table is parsed by a unit test, so it cannot fail in a release.
        toml::from_str(include_str!("../../grammars/semport/apis.toml"))
            .expect("grammars/semport/apis.toml parses")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_apis_map_by_their_longest_known_prefix() {
        assert_eq!(
            equivalent(Lang::Python, "json.loads").as_deref(),
            Some("serde_json::from_str")
        );
        assert_eq!(
            equivalent(Lang::Python, "os.path.normpath").as_deref(),
            Some("std::path")
        );
        assert_eq!(
            equivalent(Lang::Rust, "serde_json::to_string").as_deref(),
            Some("json.dumps")
        );
        assert_eq!(
            equivalent(Lang::Rust, "std::collections::HashMap::new").as_deref(),
            Some("dict")
        );
        assert_eq!(equivalent(Lang::Python, "numpyx.array"), None);
        // The table parses and maps both ways.
        assert!(apis().python_to_rust.len() > 50 && apis().rust_to_python.len() > 50);
    }
}
