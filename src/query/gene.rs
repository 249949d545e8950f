//! `gene`: an exemplar packed with everything it needs to be re-implemented
//! elsewhere. The definitions it uses, transitively and dependencies first; what it
//! imports from outside the repository, with the package versions the manifests
//! declare; the tests that exercise it; all within a token budget, with what did not
//! fit listed by id.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::error::{Error, Hint, Result};
use crate::grammar::Lang;
use crate::graph;
use crate::pack::forms::{self, Block};
use crate::pack::{self, Fit, Packer};
use crate::packages::{ManifestCache, Origin};
use crate::pyramid::{Level, Node, NodeKind, Span};
use crate::store::{Reader, SearchFilter};
use crate::tokens;
use crate::words::plural;

use super::related::{FOLLOWED, Graph, Needs};
use super::search::{is_about_tests, is_test, ranked_hits};
use super::zoom::{Sources, file_changed, find};

/// How many reference steps from the exemplar are followed when the call does not say.
pub const DEFAULT_DEPTH: usize = 4;
/// Most definitions a closure gathers; the rest are listed as left out.
const MAX_PARTS: usize = 200;
/// Most tests considered.
const MAX_TESTS: usize = 8;
/// Most nodes using a name looked through for tests (a widely used function has
/// many users; its tests are among them).
const MAX_TEST_USERS: usize = 5_000;
/// Most parts the recipe names.
const RECIPE_PARTS: usize = 24;
/// Tokens of a line of the "left out" section without its ids, and its heading.
const LEFT_OUT_LINE: usize = 30;
/// Most ids listed per reason in the "left out" section.
const MAX_LISTED: usize = 20;
/// A cut source keeps at least this many lines, else the exemplar is shown as an outline.
const MIN_CUT_LINES: usize = 8;
/// Candidates whose closures `gene --find` measures, per result asked for.
const FIND_CANDIDATES_PER_RESULT: usize = 3;
/// Most users of a candidate's name `gene --find` looks through for its tests.
const FIND_TEST_USERS: usize = 200;
/// Most candidates `gene --find` measures.
const MAX_FIND_CANDIDATES: usize = 30;

/// What to extract.
#[derive(Debug, Clone)]
pub struct GeneRequest {
    /// The exemplar's id: a function, method, type, or file.
    pub id: String,
    /// Most tokens of the rendered text (o200k).
    pub budget: usize,
    /// Most reference steps followed from the exemplar.
    pub depth: usize,
}

/// What a part of a gene is to the exemplar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The exemplar itself, or one of its members.
    Entry,
    /// A definition the exemplar uses, directly or through others.
    Dependency,
    /// A test that exercises the exemplar or what it uses.
    Test,
}

/// One definition of a gene.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// Node id.
    pub id: String,
    /// Node kind.
    pub kind: NodeKind,
    /// Language.
    pub lang: Option<Lang>,
    /// Path of its file.
    pub path: String,
    /// Where it is.
    pub span: Option<Span>,
    /// What it is to the exemplar.
    pub role: Role,
    /// Reference steps from the exemplar (0 for the exemplar and its members).
    pub distance: usize,
    /// How much of it is shown; `null` when the budget left it out.
    pub level: Option<Level>,
    /// Lines of its source left out at the end.
    pub cut_lines: u32,
    /// The part whose source already shows it, when it is not shown on its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inside: Option<String>,
    /// The parts it uses (ids), for dependencies and the exemplar.
    pub uses: Vec<String>,
    #[serde(skip)]
    node: Node,
    #[serde(skip)]
    text: String,
    /// Whether it may be shown at source: not when that would show the exemplar
    /// twice (a method's class).
    #[serde(skip)]
    whole: bool,
}

/// A package the gene imports from outside the repository.
#[derive(Debug, Clone, Serialize)]
pub struct Outside {
    /// The top-level module or crate: `time`, `requests`, `serde_json`, `std`.
    pub package: String,
    /// Where it comes from: the standard library, a declared package, or nowhere known.
    #[serde(flatten)]
    pub origin: Origin,
    /// The import statements that bring it in.
    pub imports: Vec<String>,
    /// The parts that use it.
    pub used_by: Vec<String>,
}

/// Why a definition is not in the gene.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftReason {
    /// Part of the closure, but the budget had no room for it.
    Budget,
    /// More reference steps away than `--depth`.
    Depth,
    /// Past the most definitions a gene gathers.
    Size,
    /// Matched by name only (a method of a value of unknown type, a name defined
    /// in several places): maybe used.
    Uncertain,
}

/// A definition left out of the gene, to zoom into if needed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LeftOut {
    /// Why.
    pub reason: LeftReason,
    /// Node id.
    pub id: String,
}

/// The size of a transplant: what would have to be re-implemented.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Size {
    /// Definitions: the exemplar, its members and dependencies.
    pub nodes: usize,
    /// Lines of their source.
    pub lines: usize,
    /// Tokens of their source (o200k).
    pub tokens: usize,
}

/// An exemplar with what it needs. Serialized in `gene --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct Gene {
    /// The exemplar's id.
    pub id: String,
    /// The budget asked for.
    pub budget: usize,
    /// Tokens of `text` (o200k); never more than `budget`.
    pub tokens: usize,
    /// Reference steps followed.
    pub depth: usize,
    /// The exemplar's declaration.
    pub signature: String,
    /// The exemplar, its members and its dependencies, dependencies first.
    pub parts: Vec<Part>,
    /// Tests that exercise them, the most direct first.
    pub tests: Vec<Part>,
    /// What the parts import from outside the repository.
    pub outside: Vec<Outside>,
    /// What was found but is not shown.
    pub left_out: Vec<LeftOut>,
    /// The size of the whole transplant, shown or not.
    pub size: Size,
    /// Files shown at `source` that changed on disk since they were indexed.
    pub stale: Vec<String>,
    /// The gene as markdown, as an agent should read it.
    pub text: String,
}

/// Extracts the gene of an exemplar.
pub fn gene(reader: &Reader, request: &GeneRequest) -> Result<Gene> {
    if request.budget == 0 {
        return Err(Error::Unanswerable {
            problem: "a budget of 0 tokens holds nothing".into(),
            hint: Hint::GiveBudget { example: 6000 },
        });
    }
    let entry = find(reader, &request.id)?;
    if entry.kind.is_tree() {
        return Err(Error::Unanswerable {
            problem: format!(
                "`{}` is a directory: a gene grows from a function, type or file",
                entry.id
            ),
            hint: Hint::FindExemplar { dir: entry.id },
        });
    }
    let graph = Graph::new(reader);
    let closure = Closure::of(reader, &graph, &entry, request.depth)?;
    let mut sources = Sources::new(reader);
    let mut parts = closure.parts(&mut sources)?;
    let tests = tests_of(&graph, &closure, MAX_TEST_USERS)?;
    let mut tests: Vec<Part> = tests
        .into_iter()
        .map(|node| part(&mut sources, node, Role::Test, 1, Vec::new()))
        .collect::<Result<_>>()?;
    let outside = outside_of(reader, &graph, &parts)?;
    let size = size_of(&parts);
    let layout = Layout {
        entry: &entry,
        size,
        outside: &outside,
        depth: request.depth,
        found_left_out: &closure.left_out,
    };
    fit(&layout, &mut parts, &mut tests, request.budget)?;
    let left_out = layout.left_out(&parts, &tests);
    let text = layout.render(&parts, &tests, &left_out);
    let shown_files: BTreeMap<&str, &Node> = parts
        .iter()
        .chain(&tests)
        .filter(|p| p.level == Some(Level::Source))
        .map(|p| (p.path.as_str(), &p.node))
        .collect();
    let stale: Vec<String> = shown_files
        .into_iter()
        .filter(|(_, node)| file_changed(reader, node))
        .map(|(path, _)| path.to_string())
        .collect();
    Ok(Gene {
        id: entry.id.clone(),
        budget: request.budget,
        tokens: tokens::count(&text),
        depth: request.depth,
        signature: entry.signature.clone(),
        parts,
        tests,
        outside,
        left_out,
        size,
        stale,
        text,
    })
}

/// The definitions an exemplar needs, found by following its references.
struct Closure {
    /// The exemplar and its members first, then dependencies in the order found.
    nodes: Vec<Node>,
    /// Reference steps from the exemplar, per node.
    distance: Vec<usize>,
    /// Whether a node may be shown at source: not when its source holds the exemplar
    /// (a method's class), which would show the exemplar twice.
    whole: Vec<bool>,
    /// `(a, b)`: node `a` uses node `b`.
    edges: Vec<(usize, usize)>,
    /// Found but not followed.
    left_out: Vec<LeftOut>,
}

impl Closure {
    fn of(reader: &Reader, graph: &Graph, entry: &Node, depth: usize) -> Result<Closure> {
        let mut closure = Closure {
            nodes: Vec::new(),
            distance: Vec::new(),
            whole: Vec::new(),
            edges: Vec::new(),
            left_out: Vec::new(),
        };
        let mut index: HashMap<String, usize> = HashMap::new();
        // The exemplar and, for a type or file, everything inside it.
        let mut pending = vec![entry.clone()];
        while let Some(node) = pending.pop() {
            if closure.nodes.len() >= MAX_PARTS {
                closure.left_out.push(LeftOut {
                    reason: LeftReason::Size,
                    id: node.id,
                });
                continue;
            }
            if node.children > 0 && !matches!(node.kind, NodeKind::Function | NodeKind::Method) {
                let mut children = reader.children(&node)?;
                children.reverse();
                pending.extend(children);
            }
            index.insert(node.id.clone(), closure.nodes.len());
            closure.push(node, 0);
        }
        let entry_is_test = is_test(entry);
        let mut uncertain: BTreeSet<String> = BTreeSet::new();
        let mut next = 0;
        while next < closure.nodes.len() {
            let from = next;
            next += 1;
            let node = closure.nodes[from].clone();
            let Needs {
                mut sure,
                maybe: unsure,
            } = graph.needs(&node)?;
            // A method called on a value of unknown type is surely the one of a type
            // the gene already holds (`candidate.path_prefix()` with `Candidate` in).
            let holds = |id: &str| index.contains_key(id) || sure.iter().any(|n: &Node| n.id == id);
            let (owned, unowned): (Vec<Node>, Vec<Node>) = unsure
                .into_iter()
                .partition(|n| n.parent.as_deref().is_some_and(holds));
            sure.extend(owned);
            uncertain.extend(unowned.into_iter().map(|n| n.id));
            for dependency in sure {
                if dependency.id == node.id || (!entry_is_test && is_test(&dependency)) {
                    continue;
                }
                if let Some(&to) = index.get(&dependency.id) {
                    closure.edges.push((from, to));
                    continue;
                }
                let reason = if closure.distance[from] >= depth {
                    LeftReason::Depth
                } else if closure.nodes.len() >= MAX_PARTS {
                    LeftReason::Size
                } else {
                    let to = closure.nodes.len();
                    index.insert(dependency.id.clone(), to);
                    closure.edges.push((from, to));
                    closure.push(dependency, closure.distance[from] + 1);
                    continue;
                };
                closure.left_out.push(LeftOut {
                    reason,
                    id: dependency.id.clone(),
                });
            }
        }
        for (i, node) in closure.nodes.iter().enumerate() {
            closure.whole[i] = !contains(node, entry) || node.id == entry.id;
        }
        closure.left_out.retain(|l| !index.contains_key(&l.id));
        closure.left_out.extend(
            uncertain
                .into_iter()
                .filter(|id| !index.contains_key(id))
                .map(|id| LeftOut {
                    reason: LeftReason::Uncertain,
                    id,
                }),
        );
        Ok(closure)
    }

    fn push(&mut self, node: Node, distance: usize) {
        self.nodes.push(node);
        self.distance.push(distance);
        self.whole.push(true);
    }

    /// The nodes as parts, dependencies first (units that use each other together).
    /// A class, impl or file may be shown whole, its members inside it: it comes
    /// after what its members use too, so that the text reads dependencies first.
    fn parts(&self, sources: &mut Sources) -> Result<Vec<Part>> {
        let mut ordering = self.edges.clone();
        for (outer, container) in self.nodes.iter().enumerate() {
            for &(inner, used) in &self.edges {
                if inner != outer
                    && contains(container, &self.nodes[inner])
                    && !contains(container, &self.nodes[used])
                {
                    ordering.push((outer, used));
                }
            }
        }
        let order = graph::components_dependencies_first(self.nodes.len(), &ordering);
        let mut uses: Vec<BTreeSet<String>> = vec![BTreeSet::new(); self.nodes.len()];
        for &(a, b) in &self.edges {
            if a != b {
                uses[a].insert(self.nodes[b].id.clone());
            }
        }
        let mut parts = Vec::with_capacity(self.nodes.len());
        for i in order.into_iter().flatten() {
            let role = if self.distance[i] == 0 {
                Role::Entry
            } else {
                Role::Dependency
            };
            let mut part = part(
                sources,
                self.nodes[i].clone(),
                role,
                self.distance[i],
                std::mem::take(&mut uses[i]).into_iter().collect(),
            )?;
            part.whole = self.whole[i];
            parts.push(part);
        }
        Ok(parts)
    }
}

/// Whether `outer`'s source holds `inner`.
fn contains(outer: &Node, inner: &Node) -> bool {
    outer.path == inner.path
        && match (outer.span, inner.span) {
            (Some(o), Some(i)) => o.start_byte <= i.start_byte && i.end_byte <= o.end_byte,
            _ => false,
        }
}

fn part(
    sources: &mut Sources,
    node: Node,
    role: Role,
    distance: usize,
    uses: Vec<String>,
) -> Result<Part> {
    let text = sources.text(&node, Level::Source)?;
    Ok(Part {
        id: node.id.clone(),
        kind: node.kind,
        lang: node.lang,
        path: node.path.clone(),
        span: node.span,
        role,
        distance,
        level: None,
        cut_lines: 0,
        inside: None,
        uses,
        node,
        text,
        whole: true,
    })
}

/// Tests that exercise the exemplar: those using it or its members, or, for a
/// method, constructing its type. Tests in a file named after the exemplar's file
/// first, then the most direct, then the surest.
fn tests_of(graph: &Graph, closure: &Closure, users: usize) -> Result<Vec<Node>> {
    let Some(entry) = closure.nodes.first() else {
        return Ok(Vec::new());
    };
    let stem = file_stem(&entry.path);
    let mut found: BTreeMap<String, (usize, f32, Node)> = BTreeMap::new();
    for (i, node) in closure.nodes.iter().enumerate() {
        let distance = closure.distance[i];
        let owner = entry.kind == NodeKind::Method && entry.parent.as_deref() == Some(&node.id);
        if !(distance == 0 || owner) || is_test(node) {
            continue;
        }
        for caller in graph.callers_among(node, users, is_test)? {
            if caller.weight < FOLLOWED || closure.nodes.iter().any(|n| n.id == caller.node.id) {
                continue;
            }
            let entry = found.entry(caller.node.id.clone()).or_insert((
                distance,
                caller.weight,
                caller.node,
            ));
            if (distance, -caller.weight) < (entry.0, -entry.1) {
                entry.0 = distance;
                entry.1 = caller.weight;
            }
        }
    }
    let mut tests: Vec<(usize, f32, Node)> = found.into_values().collect();
    let elsewhere = |node: &Node| !file_stem(&node.path).contains(stem);
    tests.sort_by(|a, b| {
        elsewhere(&a.2)
            .cmp(&elsewhere(&b.2))
            .then(a.0.cmp(&b.0))
            .then(b.1.total_cmp(&a.1))
            .then_with(|| a.2.id.cmp(&b.2.id))
    });
    Ok(tests.into_iter().take(MAX_TESTS).map(|t| t.2).collect())
}

/// A file's name without directories and extension: `textwrap` for `lib/textwrap.py`.
fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// What the parts import from outside the repository, by package.
fn outside_of(reader: &Reader, graph: &Graph, parts: &[Part]) -> Result<Vec<Outside>> {
    let mut manifests = ManifestCache::new(&reader.location().repo_root);
    let mut by_package: BTreeMap<String, Outside> = BTreeMap::new();
    for part in parts {
        let Some(lang) = part.lang else {
            continue;
        };
        let dir = part.path.rfind('/').map_or("", |i| &part.path[..=i]);
        for used in graph.outside(&part.node)? {
            let origin = manifests.manifests(dir).origin(lang, &used.package);
            // Maybe a module of this repository after all.
            if !used.certain && origin == Origin::Undeclared {
                continue;
            }
            let entry = by_package
                .entry(used.package.clone())
                .or_insert_with(|| Outside {
                    package: used.package.clone(),
                    origin,
                    imports: Vec::new(),
                    used_by: Vec::new(),
                });
            if let Some(import) = used.import
                && !entry.imports.contains(&import)
            {
                entry.imports.push(import);
            }
            if !entry.used_by.contains(&part.id) {
                entry.used_by.push(part.id.clone());
            }
        }
    }
    Ok(by_package.into_values().collect())
}

/// The size of the parts' sources, each line counted once (a method inside a
/// class shown whole is not counted twice).
fn size_of(parts: &[Part]) -> Size {
    let mut size = Size {
        nodes: parts.len(),
        ..Size::default()
    };
    for part in parts {
        let inside_another = parts
            .iter()
            .any(|other| other.id != part.id && contains(&other.node, &part.node));
        if !inside_another {
            size.lines += part.text.lines().count();
            size.tokens += tokens::count(&part.text);
        }
    }
    size
}

/// What the text is made of besides the parts: the recipe at the top, the outside
/// packages and the left-out list at the bottom.
struct Layout<'a> {
    entry: &'a Node,
    size: Size,
    outside: &'a [Outside],
    depth: usize,
    /// What the closure found and did not follow.
    found_left_out: &'a [LeftOut],
}

impl Layout<'_> {
    /// The text as it would be rendered now.
    fn text(&self, parts: &[Part], tests: &[Part]) -> String {
        self.render(parts, tests, &self.left_out(parts, tests))
    }

    /// Tokens of the text as it would be rendered now.
    fn tokens(&self, parts: &[Part], tests: &[Part]) -> usize {
        tokens::count(&self.text(parts, tests))
    }

    /// Everything left out: what the closure did not follow, and the parts and
    /// tests the budget had no room for.
    fn left_out(&self, parts: &[Part], tests: &[Part]) -> Vec<LeftOut> {
        let mut left_out = self.found_left_out.to_vec();
        left_out.extend(
            parts
                .iter()
                .chain(tests)
                .filter(|p| p.level.is_none() && p.inside.is_none())
                .map(|p| LeftOut {
                    reason: LeftReason::Budget,
                    id: p.id.clone(),
                }),
        );
        left_out.sort();
        left_out.dedup();
        left_out
    }

    fn render(&self, parts: &[Part], tests: &[Part], left_out: &[LeftOut]) -> String {
        let mut out = self.recipe(parts, tests);
        out.push_str("\n## Parts, dependencies first\n");
        for part in parts {
            out.push_str(&part_block(part));
        }
        if tests.iter().any(|t| t.level.is_some()) {
            out.push_str("\n## Tests\n");
            for test in tests {
                out.push_str(&part_block(test));
            }
        }
        if !self.outside.is_empty() {
            out.push_str("\n## Outside the repository\n");
            for outside in self.outside {
                out.push_str(&format!(
                    "- `{}` — {}{}\n",
                    outside.package,
                    origin_text(&outside.origin),
                    imports_text(&outside.imports)
                ));
            }
        }
        out.push_str(&self.left_out_text(left_out));
        out
    }

    /// The top: what the exemplar is, what it is made of, what it needs.
    fn recipe(&self, parts: &[Part], tests: &[Part]) -> String {
        let entry = self.entry;
        let mut out = format!("# Gene of {}\n", entry.id);
        if !entry.gist.is_empty() {
            out.push_str(&format!("{}\n", entry.gist));
        }
        let lines = entry
            .span
            .map(|s| format!(" L{}-{}", s.start_line, s.end_line))
            .unwrap_or_default();
        if !entry.signature.is_empty() {
            out.push_str(&format!(
                "\n- Entry point: `{}` ({}{lines})\n",
                entry.signature.lines().next().unwrap_or_default().trim(),
                entry.path
            ));
        } else {
            out.push('\n');
        }
        // The nearest parts by name, in order; the count says how many more there are.
        let mut names: Vec<String> = parts
            .iter()
            .filter(|p| p.distance <= 1 || parts.len() <= RECIPE_PARTS)
            .map(|p| format!("`{}`", short_name(p)))
            .collect();
        if names.len() > RECIPE_PARTS {
            names.drain(..names.len() - RECIPE_PARTS);
        }
        if names.len() < parts.len() {
            names.insert(0, format!("… {} more", parts.len() - names.len()));
        }
        out.push_str(&format!(
            "- Parts, dependencies first ({}): {}\n",
            parts.len(),
            names.join(" → ")
        ));
        if !self.outside.is_empty() {
            let packages: Vec<String> = self
                .outside
                .iter()
                .map(|o| format!("`{}` ({})", o.package, origin_short(&o.origin)))
                .collect();
            out.push_str(&format!(
                "- Outside the repository: {}\n",
                packages.join(", ")
            ));
        }
        out.push_str(&format!(
            "- Tests: {}\n",
            match tests.len() {
                0 => "none found".to_string(),
                n => format!("{n} ({})", short_names(tests)),
            }
        ));
        out.push_str(&format!(
            "- Transplant: {}, {}, {} of source\n",
            plural(self.size.nodes, "definition"),
            plural(self.size.lines, "line"),
            plural(self.size.tokens, "token")
        ));
        out
    }

    fn left_out_text(&self, left_out: &[LeftOut]) -> String {
        if left_out.is_empty() {
            return String::new();
        }
        let mut out = String::from("\n## Left out\n");
        for (reason, says) in [
            (
                LeftReason::Budget,
                "no room in the budget (pyramid zoom ID --level source)".to_string(),
            ),
            (
                LeftReason::Depth,
                // No id in the hint: the same text serves `name:id` and MCP callers.
                format!(
                    "more than {} away (--depth {} brings them in)",
                    plural(self.depth, "step"),
                    self.depth + 2
                ),
            ),
            (
                LeftReason::Size,
                format!("past the first {MAX_PARTS} definitions"),
            ),
            (
                LeftReason::Uncertain,
                "maybe used (matched by name only)".to_string(),
            ),
        ] {
            let ids: Vec<&str> = left_out
                .iter()
                .filter(|l| l.reason == reason)
                .map(|l| l.id.as_str())
                .collect();
            if ids.is_empty() {
                continue;
            }
            // What did not fit is worth zooming into; what may not be used at all less so.
            let most = match reason {
                LeftReason::Budget => MAX_LISTED,
                LeftReason::Depth | LeftReason::Size => MAX_LISTED / 2,
                LeftReason::Uncertain => MAX_LISTED / 4,
            };
            let mut listed: Vec<String> =
                ids.iter().take(most).map(|id| format!("`{id}`")).collect();
            if ids.len() > most {
                listed.push(format!("… {} more", ids.len() - most));
            }
            out.push_str(&format!("- {says}: {}\n", listed.join(", ")));
        }
        out
    }
}

fn part_block(part: &Part) -> String {
    let Some(level) = part.level else {
        return String::new();
    };
    if part.inside.is_some() {
        return String::new();
    }
    let text = match level {
        Level::Source => part.text.as_str(),
        Level::Outline => part.node.head.as_str(),
        Level::Gist | Level::Label => part.node.gist.as_str(),
    };
    let cut_lines = if level == Level::Source {
        part.cut_lines
    } else {
        0
    };
    forms::block(&Block {
        id: &part.id,
        kind: part.kind,
        lang: part.lang,
        span: part.span,
        level,
        text,
        cut_lines,
        skipped_lines: 0,
    })
}

/// A part's name as the recipe lists it: `Type::method`, `CONSTANT`.
fn short_name(part: &Part) -> &str {
    part.id
        .split_once("::")
        .map_or(part.id.as_str(), |(_, local)| local)
}

/// The first few ids of the tests, for the recipe; all of them follow in full.
fn short_names(tests: &[Part]) -> String {
    const NAMED: usize = 3;
    let mut names: Vec<String> = tests
        .iter()
        .take(NAMED)
        .map(|p| format!("`{}`", p.id))
        .collect();
    if tests.len() > NAMED {
        names.push(format!("… {} more", tests.len() - NAMED));
    }
    names.join(", ")
}

fn origin_short(origin: &Origin) -> String {
    match origin {
        Origin::Standard => "standard library".to_string(),
        Origin::Declared(package) => match &package.version {
            Some(version) => format!("{} {version}", package.name),
            None => package.name.clone(),
        },
        Origin::Undeclared => "not declared".to_string(),
    }
}

fn origin_text(origin: &Origin) -> String {
    match origin {
        Origin::Declared(package) => {
            format!("{}, declared in {}", origin_short(origin), package.manifest)
        }
        Origin::Undeclared => "not declared in any manifest found".to_string(),
        Origin::Standard => origin_short(origin),
    }
}

fn imports_text(imports: &[String]) -> String {
    if imports.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = imports.iter().map(|i| format!("`{i}`")).collect();
    format!(": {}", quoted.join(", "))
}

/// Chooses how much of each part to show so that the text fits the budget: the
/// exemplar at source (or its first lines, or its outline) first, then the nearest
/// dependencies, the first test, the farther dependencies and the other tests, each
/// at the richest level that fits; then renders exactly and coarsens the last chosen
/// until it does fit. The exemplar is never shown coarser than its outline: a
/// budget that cannot hold that is an error that says what would.
fn fit(layout: &Layout, parts: &mut [Part], tests: &mut [Part], budget: usize) -> Result<()> {
    // Priority: (group, distance, position); the exemplar's members come with it.
    let mut order: Vec<(usize, usize, bool, usize)> = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let group = match part.distance {
            0 => 0,
            1 => 1,
            _ => 3,
        };
        order.push((group, part.distance, false, i));
    }
    for (i, _) in tests.iter().enumerate() {
        order.push((if i == 0 { 2 } else { 4 }, 0, true, i));
    }
    // The exemplar itself before its members; at one distance, its own file's code
    // before other files'.
    let entry_id = layout.entry.id.clone();
    order.sort_by_key(|&(group, distance, is_test, i)| {
        let part = if is_test { &tests[i] } else { &parts[i] };
        let is_entry = !is_test && part.id == entry_id;
        (
            group,
            !is_entry,
            distance,
            part.path != layout.entry.path,
            i,
        )
    });
    let frame = tokens::count(&layout.render(parts, tests, layout.found_left_out));
    // Room for the ids the budget leaves out, about.
    let mut packer = Packer::new(budget);
    packer.spend(frame + 40);
    // Once a dependency too big for the room left is shown as an outline, farther
    // ones are too: near code in outline beats far code in full.
    let mut source_closed_after: Option<usize> = None;
    for &(group, _, is_test, i) in &order {
        mark_inside(parts, tests);
        let part = if is_test {
            &mut tests[i]
        } else {
            &mut parts[i]
        };
        if part.inside.is_some() {
            continue;
        }
        let is_entry = part.id == entry_id;
        if !is_test && source_closed_after.is_some_and(|closed| group > closed) {
            part.whole = false;
        }
        let may_be_whole = part.whole;
        let levels: &[Level] = match (is_entry, part.whole) {
            (true, _) => &[Level::Source, Level::Outline],
            (false, true) => &[Level::Source, Level::Outline, Level::Gist],
            (false, false) => &[Level::Outline, Level::Gist],
        };
        for &level in levels {
            part.level = Some(level);
            let mut cost = tokens::count(&part_block(part));
            if cost > packer.room() && level == Level::Source && is_entry {
                // The exemplar too long whole: its first lines.
                let room = packer.room().saturating_sub(40);
                if let Some(lines) = first_lines_within(&part.text, room) {
                    let total = part.text.lines().count();
                    part.text = part.text.lines().take(lines).collect::<Vec<_>>().join("\n");
                    part.text.push('\n');
                    part.cut_lines = (total - lines) as u32;
                    cost = tokens::count(&part_block(part));
                }
            }
            if packer.take(cost, 0) {
                break;
            }
            part.level = None;
        }
        if may_be_whole && !is_entry && !is_test && part.level != Some(Level::Source) {
            source_closed_after.get_or_insert(group);
        }
    }
    if let Some(entry) = parts.iter_mut().find(|p| p.id == entry_id)
        && entry.level.is_none()
    {
        // Not even its outline fitted: measure the smallest gene there is, to say so.
        entry.level = Some(Level::Outline);
        for part in parts.iter_mut().chain(tests.iter_mut()) {
            if part.id != entry_id {
                part.level = None;
            }
        }
    }
    mark_inside(parts, tests);
    // Exact: coarsen or drop the last chosen until the whole text fits.
    let mut state = (parts, tests);
    let render = |(parts, tests): &mut (&mut [Part], &mut [Part])| Ok(layout.text(parts, tests));
    let coarsen_last = |(parts, tests): &mut (&mut [Part], &mut [Part]), over: usize| {
        let needed = budget + over;
        let last = order.iter().rev().find(|&&(_, _, is_test, i)| {
            let part = if is_test { &tests[i] } else { &parts[i] };
            part.level.is_some() && part.inside.is_none()
        });
        let part = match last {
            Some(&(_, _, true, i)) => &mut tests[i],
            Some(&(_, _, false, i)) => &mut parts[i],
            None => return Err(too_small(budget, needed)),
        };
        part.level = match part.level {
            Some(Level::Source) => Some(Level::Outline),
            Some(Level::Outline) if part.id == entry_id => {
                return Err(too_small(budget, needed));
            }
            Some(Level::Outline) => Some(Level::Gist),
            _ => None,
        };
        mark_inside(parts, tests);
        Ok(true)
    };
    match pack::shrink_to_fit(&mut state, budget, render, String::as_str, coarsen_last)? {
        Fit::Fits(_) => {
            let (parts, tests) = state;
            grow(layout, parts, tests, &order, budget);
            Ok(())
        }
        // Never: the last part that cannot be coarsened is an error above.
        Fit::Over(text) => Err(too_small(budget, tokens::count(&text))),
    }
}

/// Shows parts in more detail, in priority order, while the exact text still fits:
/// the first pass chose on estimates, which leave some room unused.
fn grow(
    layout: &Layout,
    parts: &mut [Part],
    tests: &mut [Part],
    order: &[(usize, usize, bool, usize)],
    budget: usize,
) {
    let mut needed = layout.tokens(parts, tests);
    // Until nothing more fits: a part shown may free the room another needs (its
    // id leaves the left-out list).
    let mut grown = true;
    while grown {
        grown = false;
        for &(_, _, is_test, i) in order {
            grown |= grow_part(layout, parts, tests, (is_test, i), budget, &mut needed);
        }
    }
}

/// Shows one part in more detail while the exact text still fits; whether it did.
fn grow_part(
    layout: &Layout,
    parts: &mut [Part],
    tests: &mut [Part],
    (is_test, i): (bool, usize),
    budget: usize,
    needed: &mut usize,
) -> bool {
    let mut grown = false;
    loop {
        let part = if is_test {
            &mut tests[i]
        } else {
            &mut parts[i]
        };
        if part.inside.is_some() || part.cut_lines > 0 {
            return grown;
        }
        let richer = match part.level {
            None => Level::Gist,
            Some(Level::Gist | Level::Label) => Level::Outline,
            Some(Level::Outline) if part.whole => Level::Source,
            Some(_) => return grown,
        };
        let before = part.level;
        // Left out, it costs its id in the left-out list, and the list's line when
        // it is alone there.
        let old_cost = match before {
            Some(_) => tokens::count(&part_block(part)),
            None => tokens::count(&format!("`{}`, ", part.id)) + LEFT_OUT_LINE,
        };
        part.level = Some(richer);
        if tokens::count(&part_block(part)) > old_cost + budget.saturating_sub(*needed) {
            // Cannot fit, whatever else changes: not worth measuring.
            part.level = before;
            return grown;
        }
        mark_inside(parts, tests);
        let now = layout.tokens(parts, tests);
        if now > budget {
            let part = if is_test {
                &mut tests[i]
            } else {
                &mut parts[i]
            };
            part.level = before;
            mark_inside(parts, tests);
            return grown;
        }
        *needed = now;
        grown = true;
    }
}

fn too_small(budget: usize, needed: usize) -> Error {
    Error::Unanswerable {
        problem: format!(
            "a budget of {} cannot hold this gene's recipe and the exemplar's outline",
            crate::words::plural(budget, "token")
        ),
        hint: Hint::RaiseBudget {
            at_least: needed,
            useful: "a useful gene needs a few thousand",
        },
    }
}

/// Marks the parts whose text another part shows at source.
fn mark_inside(parts: &mut [Part], tests: &mut [Part]) {
    let shown: Vec<(String, String, Span)> = parts
        .iter()
        .chain(tests.iter())
        .filter(|p| p.level == Some(Level::Source) && p.cut_lines == 0)
        .filter_map(|p| Some((p.id.clone(), p.path.clone(), p.span?)))
        .collect();
    for part in parts.iter_mut().chain(tests.iter_mut()) {
        part.inside = part.span.and_then(|inner| {
            shown
                .iter()
                .find(|(id, path, outer)| {
                    let wider =
                        outer.end_byte - outer.start_byte > inner.end_byte - inner.start_byte;
                    *id != part.id
                        && *path == part.path
                        && outer.start_byte <= inner.start_byte
                        && inner.end_byte <= outer.end_byte
                        && (wider || *id < part.id)
                })
                .map(|(id, _, _)| id.clone())
        });
    }
}

/// The first lines of a text that fit `room` tokens, if at least [`MIN_CUT_LINES`].
fn first_lines_within(text: &str, room: usize) -> Option<usize> {
    let lines = pack::lines_within(text, room);
    (lines >= MIN_CUT_LINES).then_some(lines)
}

/// What `gene --find` looks for.
#[derive(Debug, Clone)]
pub struct GeneFindRequest {
    /// The need, in words: "retry with exponential backoff".
    pub query: String,
    /// Most candidates returned.
    pub limit: usize,
    /// Reference steps followed to measure each candidate's closure.
    pub depth: usize,
}

/// A candidate exemplar for a need.
#[derive(Debug, Clone, Serialize)]
pub struct Exemplar {
    /// The registered repository it is in, when several are searched (`--all`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    /// Node id (`name:id` when several repositories are searched).
    pub id: String,
    /// Node kind.
    pub kind: NodeKind,
    /// Language.
    pub lang: Option<Lang>,
    /// What it does, in one line.
    pub gist: String,
    /// Relevance to the need and self-containedness together; comparable within one answer.
    pub score: f32,
    /// Relevance to the need alone, 0–1 (the best match is 1).
    pub relevance: f32,
    /// What re-implementing it takes: it and its dependency closure.
    pub closure: Size,
    /// Tests that exercise it.
    pub tests: usize,
    /// Packages from outside the repository it needs.
    pub outside: Vec<String>,
}

/// Candidate exemplars for a need: relevant first, and among the relevant the most
/// self-contained (a small closure, tests).
pub fn gene_find(reader: &Reader, request: &GeneFindRequest) -> Result<Vec<Exemplar>> {
    if !request.query.chars().any(char::is_alphanumeric) {
        return Err(Error::Unanswerable {
            problem: "empty need".into(),
            hint: Hint::DescribeNeed,
        });
    }
    let filter = SearchFilter {
        kinds: vec![
            NodeKind::Function,
            NodeKind::Method,
            NodeKind::Class,
            NodeKind::Struct,
            NodeKind::Enum,
            NodeKind::Trait,
            NodeKind::Interface,
            NodeKind::Macro,
        ],
        ..SearchFilter::default()
    };
    let wanted = (request.limit * FIND_CANDIDATES_PER_RESULT).clamp(1, MAX_FIND_CANDIDATES);
    let about_tests = is_about_tests(&request.query);
    let hits: Vec<_> = ranked_hits(reader, &request.query, &filter, wanted)?
        .into_iter()
        .filter(|hit| about_tests || !is_test(&hit.node))
        .collect();
    let best = hits.first().map_or(1.0, |h| h.score.max(f32::EPSILON));
    let graph = Graph::new(reader);
    let mut sources = Sources::new(reader);
    let mut found = Vec::with_capacity(hits.len());
    for hit in hits {
        let closure = Closure::of(reader, &graph, &hit.node, request.depth)?;
        let parts = closure.parts(&mut sources)?;
        let size = size_of(&parts);
        // Whether it has tests, cheaply: among the users a slice looks at.
        let tests = tests_of(&graph, &closure, FIND_TEST_USERS)?.len();
        let outside: Vec<String> = outside_of(reader, &graph, &parts)?
            .into_iter()
            .map(|o| o.package)
            .collect();
        let relevance = hit.score / best;
        // Relevance leads; among the relevant, a small closure and tests win.
        let contained = 1.0 / (1.0 + (size.nodes.max(1) as f32).ln());
        let tested = if tests > 0 { 1.15 } else { 1.0 };
        let score = relevance * (0.6 + 0.4 * contained) * tested;
        found.push(Exemplar {
            repo: None,
            id: hit.node.id.clone(),
            kind: hit.node.kind,
            lang: hit.node.lang,
            gist: hit.node.gist.clone(),
            score,
            relevance,
            closure: size,
            tests,
            outside,
        });
    }
    found.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    found.truncate(request.limit);
    Ok(found)
}
