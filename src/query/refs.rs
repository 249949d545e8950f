//! `refs`: where a definition is used, as lines of files under the definitions that
//! use it, and what it uses; both from the reference graph, sure edges told apart
//! from matches by name only.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::grammar::Lang;
use crate::graph::CERTAIN;
use crate::lang::Syntax;
use crate::pyramid::{Level, Node, NodeKind, Span};
use crate::store::Reader;

use super::grep::comment_starts;
use super::related::{Graph, MAX_DEFINITIONS, Related};
use super::search::is_test;
use super::zoom::{Sources, declares, find, line_starts, names_several};

/// What to look up.
#[derive(Debug, Clone)]
pub struct RefsRequest {
    /// The definition: a function, method, type, constant… id.
    pub id: String,
    /// Most lines of uses listed (all are counted); with `impls`, most implementations.
    pub limit: usize,
    /// List what implements or extends the definition instead of its uses.
    pub impls: bool,
}

/// Lines using a definition by name only listed beside sure uses, by default.
const MAYBE_BESIDE_SURE: usize = 5;

/// Most nodes using a name that are resolved: a name used more often is looked up
/// by `grep`.
const MAX_USERS: usize = 400;

/// The uses of a definition and what it uses. Serialized as `refs --json`.
#[derive(Debug, Clone, Serialize)]
pub struct Refs {
    /// The definition's id; or the name as written, when the repository defines it
    /// nowhere (an outside package's API, a builtin).
    pub id: String,
    /// Its kind; `None` for a name defined nowhere.
    pub kind: Option<NodeKind>,
    /// Its file.
    pub path: String,
    /// Where it is.
    pub span: Option<Span>,
    /// Lines that use it, sure ones first, then in path and line order; at most the
    /// request's limit.
    pub used_at: Vec<Use>,
    /// Lines that use it in all.
    pub uses_total: usize,
    /// Definitions holding those lines.
    pub users_total: usize,
    /// Lines that only write the name, left out beside sure uses (listed when more
    /// lines than the default are asked for).
    pub hidden_by_name: usize,
    /// Whether its name is used by too many nodes to resolve them (then `used_at` is
    /// empty: grep for the name).
    pub too_common: bool,
    /// Definitions it uses, sure ones first.
    pub uses: Vec<Used>,
    /// Where it is declared, for a definition whose declaration stands apart (a C
    /// header's prototype, a trait's method): the declarations of its name, kind and
    /// owner in its language family.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub declared_at: Vec<Used>,
    /// Where it is defined, for a declaration (a prototype, a trait's method without
    /// a body): the definitions of its name, kind and owner in its language family.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub defined_at: Vec<Used>,
    /// What implements or extends it, when asked for instead of its uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub implementations: Option<Implementations>,
}

impl Refs {
    /// A definition's answer with nothing found yet.
    fn bare(id: String, kind: Option<NodeKind>, path: String, span: Option<Span>) -> Refs {
        Refs {
            id,
            kind,
            path,
            span,
            used_at: Vec::new(),
            uses_total: 0,
            users_total: 0,
            hidden_by_name: 0,
            too_common: false,
            uses: Vec::new(),
            declared_at: Vec::new(),
            defined_at: Vec::new(),
            implementations: None,
        }
    }
}

/// What implements or extends a definition: the types whose declaration names it
/// (`impl Validate for Config`, `class Child(Base)`, `class A implements B`, `struct D :
/// public B`), library code first, then in path and line order; and for a type, its
/// own impls (Rust's `Config::Display`). Go's implicit interface satisfaction is not
/// told.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Implementations {
    /// Its own impls (a Rust type's trait impls, in its file or another), when it is a
    /// type: what it implements; at most the request's limit.
    pub own: Vec<Implementation>,
    /// How many own impls it has.
    pub own_total: usize,
    /// What implements or extends it, at most the request's limit.
    pub listed: Vec<Implementation>,
    /// How many implement or extend it.
    pub total: usize,
}

/// A definition that implements or extends another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Implementation {
    /// Its id.
    pub id: String,
    /// Its kind.
    pub kind: NodeKind,
    /// Its file.
    pub path: String,
    /// Where it is.
    pub span: Option<Span>,
    /// The line of its declaration that names what it implements.
    pub line: u32,
    /// That line's text, trimmed.
    pub text: String,
    /// Resolved with certainty; if not, by name only (it may name another definition).
    pub sure: bool,
    /// Its members (methods, associated items), in order.
    pub members: Vec<Member>,
}

/// A member of an implementation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: NodeKind,
    /// Where it is.
    pub span: Option<Span>,
}

/// One line that uses a definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Use {
    /// Its file.
    pub path: String,
    /// The line (1-based).
    pub line: u32,
    /// The line's text, trimmed.
    pub text: String,
    /// The innermost definition holding the line.
    pub within: String,
    /// Resolved with certainty (an import, a path, a method of a known type); if not,
    /// by name only, and it may mean another definition of that name.
    pub sure: bool,
}

/// A definition used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Used {
    /// Its id.
    pub id: String,
    /// Its kind.
    pub kind: NodeKind,
    /// Its file.
    pub path: String,
    /// Where it is.
    pub span: Option<Span>,
    /// Resolved with certainty; if not, matched by name only.
    pub sure: bool,
}

/// Where a definition is used and what it uses.
pub fn refs(reader: &Reader, request: &RefsRequest) -> Result<Refs> {
    if request.impls
        && let Some(found) = implemented_name(reader, &request.id, request.limit)?
    {
        return Ok(found);
    }
    let node = match find(reader, &request.id) {
        Err(Error::UnknownId { id, suggestions }) => {
            let found = match request.impls {
                true => undefined_implementations(reader, &id, request.limit)?,
                false => undefined(reader, &id, request.limit)?,
            };
            return match found {
                Some(refs) => Ok(refs),
                None => Err(Error::UnknownId { id, suggestions }),
            };
        }
        found => found?,
    };
    if node.kind.is_tree() || node.kind == NodeKind::File {
        return Err(Error::InvalidArgument(format!(
            "`{}` is a {}: refs looks up a definition (function, method, type, constant); zoom into it for its definitions",
            node.id, node.kind
        )));
    }
    let graph = Graph::new(reader);
    if request.impls {
        if !IMPLEMENTABLE.contains(&node.kind) {
            return Err(not_implementable(&node));
        }
        return implementations_of(reader, &graph, node, request.limit);
    }
    let uses = graph
        .callees(&node)?
        .into_iter()
        .filter(|r| r.node.id != node.id)
        // Library code calls no test helper: a test definition of the name is another.
        .filter(|r| r.weight >= CERTAIN || !is_test(&r.node) || is_test(&node))
        .map(|r| Used {
            sure: r.weight >= CERTAIN,
            id: r.node.id,
            kind: r.node.kind,
            path: r.node.path,
            span: r.node.span,
        })
        .collect::<Vec<_>>();
    let users = graph.callers_among(&node, MAX_USERS, |user| user.id != node.id)?;
    // Nothing resolved because the name is too common, not because nothing uses it.
    let too_common = users.is_empty()
        && (reader.users_of(&node.name, MAX_USERS)?.is_none()
            || reader.named(&node.name, MAX_DEFINITIONS)?.is_none());
    let mut all = use_lines(reader, &node, users)?;
    all.sort_by(|a, b| {
        b.sure
            .cmp(&a.sure)
            .then_with(|| a.path.cmp(&b.path))
            .then(a.line.cmp(&b.line))
    });
    let (uses_total, users_total) = totals(&all);
    // Beside sure uses, lines that only write the name are mostly other definitions'
    // (a field `input.email` beside the one use of the regex `email`): a few are
    // listed, unless more lines are asked for than by default.
    let sure = all.iter().filter(|u| u.sure).count();
    let cap = sure + MAYBE_BESIDE_SURE;
    let mut hidden_by_name = 0;
    let mut keep = request.limit;
    if sure > 0 && request.limit <= super::DEFAULT_REFS_LIMIT && cap < keep && all.len() > cap {
        keep = cap;
        hidden_by_name = all.len() - cap;
    }
    all.truncate(keep);
    let mut uses = uses;
    uses.sort_by_key(|u| !u.sure);
    let (declared_at, defined_at) = counterparts(reader, &node)?;
    Ok(Refs {
        id: node.id,
        kind: Some(node.kind),
        path: node.path,
        span: node.span,
        used_at: all,
        uses_total,
        users_total,
        hidden_by_name,
        too_common,
        uses,
        declared_at,
        defined_at,
        implementations: None,
    })
}

/// What implements or extends a definition: the definitions the graph finds using it;
/// by name when it has too many namesakes for the graph to resolve (a trait of 64
/// impls, all named after it).
fn implementations_of(reader: &Reader, graph: &Graph, node: Node, limit: usize) -> Result<Refs> {
    let (users, too_common) = match reader.named(&node.name, MAX_DEFINITIONS)? {
        Some(_) => {
            let users = graph.callers_among(&node, MAX_USERS, |user| {
                user.id != node.id && IMPLEMENTING.contains(&user.kind)
            })?;
            let too_common = users.is_empty() && reader.users_of(&node.name, MAX_USERS)?.is_none();
            (users, too_common)
        }
        None => users_by_name(reader, &node.name)?,
    };
    implementations(reader, node, users, too_common, limit)
}

/// The definitions that can implement or extend a name and use it, matched by name
/// only; and whether the name is used too widely to look at every use.
fn users_by_name(reader: &Reader, name: &str) -> Result<(Vec<Related>, bool)> {
    let users = reader.users_of(name, MAX_USERS)?;
    let too_common = users.is_none();
    let users = (users.unwrap_or_default().into_iter())
        .filter(|user| IMPLEMENTING.contains(&user.kind))
        .map(|node| Related { node, weight: 0.0 })
        .collect();
    Ok((users, too_common))
}

/// One implementation found, before its members are read.
struct Found {
    node: Node,
    line: u32,
    text: String,
    sure: bool,
}

/// What implements or extends `node` ([`Implementations`]) among `users`, the
/// definitions using its name.
fn implementations(
    reader: &Reader,
    node: Node,
    users: Vec<Related>,
    too_common: bool,
    limit: usize,
) -> Result<Refs> {
    let mut sources = Sources::new(reader);
    let mut own = match node.kind {
        NodeKind::Trait | NodeKind::Interface => Vec::new(),
        _ => own_impls(reader, &mut sources, &node)?,
    };
    let own_total = own.len();
    let own_ids: HashSet<&str> = own.iter().map(|f| f.node.id.as_str()).collect();
    // Types whose declaration names it.
    let mut named: Vec<Use> = use_lines(reader, &node, users)?;
    named.sort_by(|a, b| a.path.cmp(&b.path).then(a.line.cmp(&b.line)));
    let (mut library, mut tests) = (Vec::new(), Vec::new());
    let mut seen: HashSet<String> = HashSet::new();
    for place in named {
        // One line an implementation: the first of its declaration naming it.
        if seen.contains(&place.within) || own_ids.contains(place.within.as_str()) {
            continue;
        }
        let Some(user) = reader.node(&place.within)? else {
            continue;
        };
        // An impl implements what it is named after; a trait it names elsewhere
        // (`impl<E: FormatEvent> Layer<E>`) only bounds a parameter.
        let bound = user.kind == NodeKind::Impl
            && user.name != node.name
            && !user.name.starts_with(&format!("{} ", node.name));
        if bound || !names_in_declaration(&mut sources, &user, place.line, &node.name)? {
            continue;
        }
        seen.insert(place.within.clone());
        let found = Found {
            line: place.line,
            text: place.text,
            sure: place.sure,
            node: user,
        };
        match is_test(&found.node) {
            true => tests.push(found),
            false => library.push(found),
        }
    }
    // Library code before tests' doubles, which an agent changes less often.
    library.extend(tests);
    let total = library.len();
    library.truncate(limit);
    own.truncate(limit);
    let with_members = |found: Vec<Found>| -> Result<Vec<Implementation>> {
        found
            .into_iter()
            .map(|f| implementation(reader, f))
            .collect()
    };
    let implementations = Implementations {
        own: with_members(own)?,
        own_total,
        listed: with_members(library)?,
        total,
    };
    let defined = node.span.is_some();
    Ok(Refs {
        too_common,
        implementations: Some(implementations),
        ..Refs::bare(node.id, defined.then_some(node.kind), node.path, node.span)
    })
}

/// A type's own impls: the trait impls filed under it (Rust's `Config::Display`), and
/// those filed under its name in other files of its language family
/// (`other.rs::Config::Debug`; `other.rs::Config` itself holds the methods of its
/// impl blocks there, which `zoom` lists).
fn own_impls(reader: &Reader, sources: &mut Sources, node: &Node) -> Result<Vec<Found>> {
    let family = |n: &Node| n.lang.map(Lang::family);
    let mut impls: Vec<Node> = Vec::new();
    if node.span.is_some() {
        let children = reader.children(node)?;
        impls.extend(children.into_iter().filter(|c| c.kind == NodeKind::Impl));
    }
    let elsewhere = reader
        .named(&node.name, MAX_DEFINITIONS)?
        .unwrap_or_default();
    for block in elsewhere {
        let in_a_file = block.parent.as_deref() == Some(block.path.as_str());
        if block.kind == NodeKind::Impl
            && in_a_file
            && block.id != node.id
            && family(&block) == family(node)
        {
            let children = reader.children(&block)?;
            impls.extend(children.into_iter().filter(|c| c.kind == NodeKind::Impl));
        }
    }
    let mut found = Vec::new();
    for block in impls {
        let text = sources.text(&block, Level::Source)?;
        let start = block.span.map_or(0, |s| s.start_line);
        let (line, first) = match declaration(&text, block.lang) {
            Some((first, _)) => (
                start + first as u32,
                text.lines().nth(first).unwrap_or_default(),
            ),
            None => (start, ""),
        };
        found.push(Found {
            line,
            text: first.trim().to_string(),
            sure: true,
            node: block,
        });
    }
    Ok(found)
}

/// For `--impls` of a name (`Display`, `fmt::Display`, `tracing_core::Subscriber`):
/// a trait's impls are named after it (`Config::Display`), so the name stands for
/// its one definition that can be implemented (held by what qualifies it, if anything
/// does); when every definition of it is an impl (a trait from outside), for the name
/// itself. `None` when it is no name or nothing defines it (`find` then says what it
/// is); an error when it names several such definitions or none that can be
/// implemented.
fn implemented_name(reader: &Reader, id: &str, limit: usize) -> Result<Option<Refs>> {
    // An id (`src/config.rs::Config`) is looked up as one.
    if id.contains('/') || reader.node(id)?.is_some() {
        return Ok(None);
    }
    let Some((outer, name)) = written_name(id) else {
        return Ok(None);
    };
    let named = match outer {
        Some(outer) => Some(reader.named_within(outer, name, MAX_USERS)?),
        None => reader.named(name, MAX_USERS)?,
    };
    let Some(named) = named else {
        return Err(Error::InvalidArgument(format!(
            "`{id}` names more than {MAX_USERS} definitions: give one id"
        )));
    };
    let mut types: Vec<&Node> = (named.iter())
        .filter(|n| IMPLEMENTABLE.contains(&n.kind))
        .collect();
    match (types.len(), named.first()) {
        (_, None) => Ok(None),
        (0, Some(_)) if named.iter().all(|n| n.kind == NodeKind::Impl) => {
            undefined_implementations(reader, id, limit)
        }
        (0, Some(first)) => Err(not_implementable(first)),
        (1, _) => {
            let node = types.remove(0).clone();
            implementations_of(reader, &Graph::new(reader), node, limit).map(Some)
        }
        _ => Err(names_several(
            id,
            "definitions that can be implemented or extended",
            &types,
        )),
    }
}

/// Why a definition has no implementations to list.
fn not_implementable(node: &Node) -> Error {
    Error::InvalidArgument(format!(
        "`{}` is a {}: implementations are listed for a trait, interface, class or other type; for where it is used, ask without impls",
        node.id, node.kind
    ))
}

/// A name as written, qualified or not (`Display`, `fmt::Display`, `os.path.join`):
/// what qualifies it last (`fmt`, `path`), if anything, and the name itself; `None`
/// unless every part is an identifier.
fn written_name(written: &str) -> Option<(Option<&str>, &str)> {
    let written = written.trim();
    if written.ends_with([':', '.']) {
        return None;
    }
    let mut parts = written.split([':', '.']).filter(|p| !p.is_empty());
    let all_names = parts.clone().all(super::task::is_identifier);
    let name = parts.next_back()?;
    all_names.then_some((parts.next_back(), name))
}

/// What implements or extends a name the repository defines nowhere (`Display`,
/// `fmt::Display`, `Exception`), by name; `None` when it is no name or nothing uses it.
fn undefined_implementations(reader: &Reader, written: &str, limit: usize) -> Result<Option<Refs>> {
    let written = written.trim();
    let Some((_, name)) = written_name(written) else {
        return Ok(None);
    };
    if reader
        .users_of(name, MAX_USERS)?
        .is_some_and(|users| users.is_empty())
    {
        return Ok(None);
    }
    let (users, too_common) = users_by_name(reader, name)?;
    let target = Node {
        name: name.to_string(),
        path: String::new(),
        ..Node::bare(written, NodeKind::Trait, None)
    };
    implementations(reader, target, users, too_common, limit).map(Some)
}

/// The kinds of definitions that can be implemented or extended.
const IMPLEMENTABLE: [NodeKind; 6] = [
    NodeKind::Class,
    NodeKind::Struct,
    NodeKind::Enum,
    NodeKind::Union,
    NodeKind::Trait,
    NodeKind::Interface,
];

/// The kinds of definitions that implement or extend another in their declaration.
const IMPLEMENTING: [NodeKind; 7] = [
    NodeKind::Class,
    NodeKind::Struct,
    NodeKind::Enum,
    NodeKind::Union,
    NodeKind::Trait,
    NodeKind::Impl,
    NodeKind::Interface,
];

/// Whether line `line` of `user` is in its declaration ([`declaration`]) and names
/// `name` there outside type parameters and arguments (`<S: Sink>`, `Base<Config>`,
/// `Generic[Config]`): a bound or an argument implements nothing.
fn names_in_declaration(sources: &mut Sources, user: &Node, line: u32, name: &str) -> Result<bool> {
    let text = sources.text(user, Level::Source)?;
    let start = user.span.map_or(0, |s| s.start_line);
    let Some((first, last)) = declaration(&text, user.lang) else {
        return Ok(false);
    };
    let at = line.checked_sub(start).map(|at| at as usize);
    let Some(at) = at.filter(|at| (first..=last).contains(at)) else {
        return Ok(false);
    };
    let written = text.lines().nth(at).unwrap_or_default();
    Ok(outside_brackets(written)
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|word| word == name))
}

/// A line with what is inside `<…>` and `[…]` left out (the `>` of `->` and `=>`
/// closes nothing).
fn outside_brackets(line: &str) -> String {
    let mut depth = 0usize;
    let mut kept = String::with_capacity(line.len());
    let mut previous = ' ';
    for c in line.chars() {
        match c {
            '<' | '[' => depth += 1,
            '>' if matches!(previous, '-' | '=') => {}
            '>' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
        previous = c;
    }
    kept
}

/// The lines (0-based, in a definition's source) of its declaration: from its first
/// line that is no comment of its language ([`comment_starts`]), attribute or
/// decorator, to the line that
/// opens its body, the first holding `{` or a `:` that is not half of `::` (`impl
/// Validate for Config {`, the `):` of a `class Child(\n    Base,\n):`, `class D :
/// public B`), or the line before a `where` clause, which bounds parameters
/// (`where S: Subscriber`) and implements nothing.
fn declaration(source: &str, lang: Option<Lang>) -> Option<(usize, usize)> {
    let mut skipped = comment_starts(lang);
    // Attributes (`#[derive(…)]`) and decorators (`@dataclass`, `@Override`).
    skipped.extend(["#", "@"].map(String::from));
    let lines: Vec<&str> = source.lines().map(str::trim).collect();
    let first = (lines.iter())
        .position(|l| !l.is_empty() && !skipped.iter().any(|mark| l.starts_with(mark.as_str())))?;
    for (at, line) in lines.iter().enumerate().skip(first) {
        if *line == "where" || line.starts_with("where ") {
            return (at > first).then_some((first, at - 1));
        }
        if line.contains('{') || line.replace("::", "").contains(':') {
            return Some((first, at));
        }
    }
    None
}

/// An implementation with its members.
fn implementation(reader: &Reader, found: Found) -> Result<Implementation> {
    let members = reader
        .children(&found.node)?
        .into_iter()
        .map(|member| Member {
            name: member.name,
            kind: member.kind,
            span: member.span,
        })
        .collect();
    let node = found.node;
    Ok(Implementation {
        id: node.id,
        kind: node.kind,
        path: node.path,
        span: node.span,
        line: found.line,
        text: found.text,
        sure: found.sure,
        members,
    })
}

/// Most declarations or definitions listed beside a function's.
const MAX_COUNTERPARTS: usize = 8;

/// The declarations of a function defined apart from them, or the definitions of a
/// declaration: the functions of its name, kind and owner (the type or namespace its
/// id names it under) in its language family, with a body where it has none or none
/// where it has one. A declaration is a function whose source ends with `;`.
fn counterparts(reader: &Reader, node: &Node) -> Result<(Vec<Used>, Vec<Used>)> {
    let none = (Vec::new(), Vec::new());
    if !matches!(node.kind, NodeKind::Function | NodeKind::Method) {
        return Ok(none);
    }
    let Some(named) = reader.named(&node.name, MAX_DEFINITIONS)? else {
        return Ok(none);
    };
    fn owner(n: &Node) -> Option<&str> {
        let parent = n.parent.as_deref()?;
        parent.contains("::").then(|| parent.rsplit("::").next())?
    }
    let family = |n: &Node| n.lang.map(Lang::family);
    let mut sources = Sources::new(reader);
    let mut declares = |n: &Node| declares(&mut sources, n);
    let declaration = declares(node)?;
    let mut found = Vec::new();
    for other in named {
        if other.id == node.id
            || other.kind != node.kind
            || family(&other) != family(node)
            || owner(&other) != owner(node)
            || declares(&other)? == declaration
        {
            continue;
        }
        found.push(Used {
            id: other.id,
            kind: other.kind,
            path: other.path,
            span: other.span,
            sure: true,
        });
        if found.len() == MAX_COUNTERPARTS {
            break;
        }
    }
    Ok(match declaration {
        true => (Vec::new(), found),
        false => (found, Vec::new()),
    })
}

/// How many lines use a name, and how many definitions hold them.
fn totals(all: &[Use]) -> (usize, usize) {
    let mut within: Vec<&str> = all.iter().map(|u| u.within.as_str()).collect();
    within.sort_unstable();
    within.dedup();
    (all.len(), within.len())
}

/// The uses of a name the repository defines nowhere (`requests.get`, `json::from_str`,
/// `len`), found by name: the definitions whose references end in it, and their lines
/// that write it as written (qualified or not), strings and comments left out.
/// `None` when nothing uses it either, or it is no name.
fn undefined(reader: &Reader, written: &str, limit: usize) -> Result<Option<Refs>> {
    let written = written.trim();
    let Some((_, name)) = written_name(written) else {
        return Ok(None);
    };
    let empty = |too_common| Refs {
        too_common,
        ..Refs::bare(written.to_string(), None, String::new(), None)
    };
    let Some(users) = reader.users_of(name, MAX_USERS)? else {
        return Ok(Some(empty(true)));
    };
    if users.is_empty() {
        return Ok(None);
    }
    // The name as written, as a word: a use of it in any form but a call it is not.
    let target = Node {
        name: written.to_string(),
        ..Node::bare(written, NodeKind::Const, None)
    };
    let users = users
        .into_iter()
        .map(|node| Related { node, weight: 0.0 })
        .collect();
    let mut all = use_lines(reader, &target, users)?;
    all.sort_by(|a, b| a.path.cmp(&b.path).then(a.line.cmp(&b.line)));
    if all.is_empty() {
        return Ok(None);
    }
    let (uses_total, users_total) = totals(&all);
    all.truncate(limit);
    Ok(Some(Refs {
        used_at: all,
        uses_total,
        users_total,
        ..empty(false)
    }))
}

/// The lines of the users whose code (strings and comments left out) holds `name`
/// as a word, called when it is a function; a line two users hold (a class and its
/// method) goes to the innermost. A user whose code never writes the name so (its
/// reference was a method of that name, for a free function) is left out.
fn use_lines(reader: &Reader, target: &Node, users: Vec<Related>) -> Result<Vec<Use>> {
    let callable = matches!(target.kind, NodeKind::Function | NodeKind::Method);
    let free = target.kind == NodeKind::Function;
    let mut sources = Sources::new(reader);
    // By place: the use and the length of the span holding it.
    let mut at: HashMap<(String, u32), (Use, u32)> = HashMap::new();
    for user in users {
        let Some(span) = user.node.span else { continue };
        // Lines of its children are theirs: a child that uses the name is a user too.
        let inner: Vec<Span> = if user.node.children > 0 {
            reader
                .children(&user.node)?
                .into_iter()
                .filter_map(|child| child.span)
                .collect()
        } else {
            Vec::new()
        };
        let text = sources.text(&user.node, Level::Source)?;
        let size = span.end_byte.saturating_sub(span.start_byte);
        let starts = line_starts(&text);
        let lines: Vec<(u32, &str)> = starts
            .iter()
            .enumerate()
            .map(|(i, &start)| {
                let end = starts.get(i + 1).copied().unwrap_or(text.len());
                (span.start_line + i as u32, &text[start..end])
            })
            .collect();
        let code: Vec<String> = lines
            .iter()
            .map(|(_, line)| code_of(line, user.node.lang))
            .collect();
        let own = |i: &usize| {
            let line = lines[*i].0;
            !inner
                .iter()
                .any(|s| s.start_line <= line && line <= s.end_line)
        };
        // The lines that call or name it plainly first; then qualified (`p.Helper()`, a module's
        // function through its import); then any line naming it.
        let mut holding: Vec<usize> = Vec::new();
        for (called, plain) in [
            (callable, free),
            (false, free),
            (callable, false),
            (false, false),
        ] {
            if holding.is_empty() {
                holding = (0..lines.len())
                    .filter(own)
                    .filter(|&i| holds_word(&code[i], &target.name, called, plain))
                    .collect();
            }
        }
        for i in holding {
            let (line, text) = lines[i];
            place(&mut at, &user, line, text, size);
        }
    }
    Ok(at.into_values().map(|(u, _)| u).collect())
}

fn place(
    at: &mut HashMap<(String, u32), (Use, u32)>,
    user: &Related,
    line: u32,
    text: &str,
    size: u32,
) {
    let found = Use {
        path: user.node.path.clone(),
        line,
        text: text.trim().to_string(),
        within: user.node.id.clone(),
        sure: user.weight >= CERTAIN,
    };
    let key = (found.path.clone(), line);
    match at.get(&key) {
        Some((_, held)) if *held <= size => {}
        _ => {
            at.insert(key, (found, size));
        }
    }
}

/// Whether a line holds `word` with no identifier character either side (and, when
/// `called`, followed by `(`, `!` or `::<`; when `free`, not after a `.`: a method
/// call is no use of a free function).
fn holds_word(line: &str, word: &str, called: bool, free: bool) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    line.match_indices(word).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        if free && line[..at].trim_end().ends_with('.') {
            return false;
        }
        let rest = &line[at + word.len()..];
        let whole = !before.is_some_and(is_ident) && !rest.chars().next().is_some_and(is_ident);
        let rest = rest.trim_start();
        whole && (!called || rest.starts_with(['(', '!']) || rest.starts_with("::<"))
    })
}

/// A line without its string literals and comment (roughly: strings and comments
/// that span lines are not followed), so that a name in a message or a comment is no
/// use of it.
fn code_of(line: &str, lang: Option<Lang>) -> String {
    let default = Syntax::default();
    let syntax = lang.map_or(&default, |lang| &lang.facts().syntax);
    let mut code = String::with_capacity(line.len());
    let mut quote: Option<char> = None;
    // Inside a format string (Python's f-string), whose `{…}` hold code: kept whole.
    let mut formatted = false;
    let mut chars = line.char_indices();
    while let Some((at, c)) = chars.next() {
        match quote {
            Some(q) => {
                if c == '\\' {
                    chars.next();
                } else if c == q {
                    quote = None;
                    code.push(c);
                } else if formatted {
                    code.push(c);
                }
            }
            None if syntax.quotes.contains(&c) => {
                formatted = syntax
                    .format_string_prefixes
                    .iter()
                    .any(|prefix| code.ends_with(prefix.as_str()));
                quote = Some(c);
                code.push(c);
            }
            None if syntax
                .line_comments
                .iter()
                .any(|marker| line[at..].starts_with(marker.as_str())) =>
            {
                break;
            }
            None => code.push(c),
        }
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_whole() {
        assert!(holds_word("let x = parse(a);", "parse", true, true));
        assert!(holds_word("parse", "parse", false, false));
        assert!(!holds_word("parse", "parse", true, false));
        assert!(!holds_word("let x = parse_args(a);", "parse", false, false));
        assert!(!holds_word("reparse()", "parse", false, false));
        assert!(holds_word("a.parse ().b", "parse", true, false));
        assert!(holds_word("a.parse::<u8>()", "parse", true, false));
        assert!(!holds_word("a.parse()", "parse", true, true));
    }

    #[test]
    fn strings_and_comments_are_no_code() {
        let rust = Some(Lang::Rust);
        assert_eq!(code_of(r#"f("a \" parse") // parse"#, rust), r#"f("") "#);
        assert_eq!(
            code_of("x = 'parse' # parse()", Some(Lang::Python)),
            "x = '' "
        );
        assert_eq!(
            code_of("f'{parse(a)}'", Some(Lang::Python)),
            "f'{parse(a)}'"
        );
        assert_eq!(code_of("let a: &'a str = b;", rust), "let a: &'a str = b;");
    }

    #[test]
    fn a_declaration_ends_where_its_body_or_a_where_clause_starts() {
        let rust = "/// Docs: with a colon.\n#[derive(Debug)]\nimpl<S, N> FormatEvent<S, N> for Format\nwhere\n    S: Subscriber,\n{\n}\n";
        assert_eq!(declaration(rust, Some(Lang::Rust)), Some((2, 2)));
        let python = "@decorate(Base)\nclass Child(\n    Base,\n):\n    x: int = 1\n";
        assert_eq!(declaration(python, Some(Lang::Python)), Some((1, 3)));
        assert_eq!(
            declaration("struct Pair(std::vec::Vec<u8>);\n", Some(Lang::Rust)),
            None
        );
        assert_eq!(
            declaration("class D : public B {\n};\n", Some(Lang::Cpp)),
            Some((0, 0))
        );
        assert_eq!(declaration("// only a comment\n", Some(Lang::Java)), None);
    }

    #[test]
    fn type_parameters_and_arguments_are_left_out_of_a_declaration_line() {
        assert_eq!(
            outside_brackets("impl<S: Sink> Foo for Bar<S> {"),
            "impl Foo for Bar {"
        );
        assert_eq!(
            outside_brackets("class Box(Generic[Base]):"),
            "class Box(Generic):"
        );
        assert_eq!(
            outside_brackets("impl<F: Fn() -> Sink> Wrap for F {"),
            "impl Wrap for F {"
        );
        assert_eq!(outside_brackets("a >> b ]] c"), "a  b  c");
    }
}
