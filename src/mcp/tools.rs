//! The tools an agent calls: their parameters (with the descriptions a model reads),
//! checks on what it sends, and answers bounded by a token budget.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    JsonObject, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, tool, tool_handler, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::session::{Session, Snapshot};
use crate::error::{Error, FrontEnd};
use crate::grammar::Lang;
use crate::pack::{self, Fit, Packer};
use crate::pyramid::{Level, NodeKind};
use crate::render::{markdown, text};
use crate::semport;
use crate::words::plural;
use crate::{query, tokens};

/// Tokens an answer may take when the call does not say.
pub const DEFAULT_BUDGET: u32 = 4_000;
/// No answer is longer than this, whatever the call asks: below clients' caps.
pub const MAX_BUDGET: u32 = 20_000;
/// Smaller budgets cannot hold a useful answer.
pub const MIN_BUDGET: u32 = 100;
/// Longest query accepted: a long issue text fits; a pasted file does not.
pub const MAX_QUERY_BYTES: usize = 100_000;
/// Longest id, path, name or other short argument accepted.
const MAX_ID_BYTES: usize = 2_000;
/// Most ids in `focus`.
const MAX_FOCUS: usize = 100;
/// Longest error message: errors quote what they were given, which may be huge.
const MAX_ERROR_CHARS: usize = 1_000;

const INSTRUCTIONS: &str = "\
pyramid serves a code repository as a pyramid of summaries: the whole repository in a few \
hundred tokens, any directory, file, type or function expanded on demand down to its exact source.

Ids: `.` is the repository root, directories end in `/` (`src/store/`), files are paths \
(`src/store/reader.rs`), items and members follow `::` (`src/store/reader.rs::Reader::open`, \
`pkg/util.py::retry`). Use ids exactly as answers print them. Answers write zoom calls in \
their command-line form: `… 12 more (pyramid zoom src/)` means call `zoom` with id `src/`; \
`pyramid zoom ID --level source` means id ID, level `source`; `--depth 1` means depth 1.

Start with `slice` and the task in words: it returns the code that most likely must change at \
full detail, what it calls and what calls it in one line each, and the rest folded, within a \
token budget. Use `search` to list candidates, `zoom` to read one node at a level (label, gist, \
outline, source) or lines of a file, `refs` for where a definition is used and what it uses, `grep` for lines \
matching a regular expression, `overview` for the map of the repository, `pattern` for structural search \
(code patterns with metavariables, tree-sitter queries, or code shaped like an example), \
`gene_find` and `gene` for an exemplar to re-implement with everything it uses, \
`semport_plan` and `semport_status` to port code between Python and Rust. The index refreshes itself before \
each answer; `index` forces a refresh or a rebuild.";

/// The MCP server: the tools over one repository's index.
#[derive(Clone)]
pub struct PyramidServer {
    session: Arc<Session>,
    /// How long a call waits for the index run it needs.
    wait: Duration,
    tool_router: ToolRouter<PyramidServer>,
}

/// Parameters of `search`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    /// What to look for: words, identifiers, or a whole task description.
    pub query: String,
    /// Most results (1 to 100).
    #[serde(default = "default_limit")]
    #[schemars(range(min = 1, max = query::MAX_SEARCH_LIMIT))]
    pub limit: u32,
    /// Only nodes of these kinds, separated by commas: function, method, class, struct,
    /// enum, union, trait, impl, module, const, static, type, macro, section (a
    /// Markdown heading), file, dir, repo.
    #[serde(default)]
    pub kind: Option<String>,
    /// Only this language: `rust`, `python`, `go`, `javascript`, `typescript`, `tsx`,
    /// `java`, `c` or `cpp`.
    #[serde(default)]
    pub lang: Option<String>,
    /// Only paths matching this glob (`src/**/*.rs`; several: `{src,lib}/**`) or starting with this prefix
    /// (`src/store/`), relative to the repository root.
    #[serde(default)]
    pub path: Option<String>,
    /// Leave out paths matching these globs or starting with these prefixes
    /// (`["tests/", "examples/"]`).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Show the source of the first N results under them, numbered (0 to 5; at most 40
    /// lines each; not for files and directories).
    #[serde(default)]
    #[schemars(range(min = 0, max = query::MAX_SHOW))]
    pub show: u32,
    /// Under each result, this many of its lines that hold the task's most telling
    /// words, numbered (0 to 5; default 1).
    #[serde(default = "default_search_lines")]
    #[schemars(range(min = 0, max = query::MAX_SEARCH_LINES))]
    pub lines: u32,
    /// Say under each result why it ranks: the task's words in its name, prose and
    /// code, and what else the task named (default false).
    #[serde(default)]
    pub explain: bool,
}

/// Parameters of `grep`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GrepParams {
    /// A regular expression (Rust regex syntax: `fn \\w+_at\\(`), or literal text
    /// when `fixed` is true.
    pub pattern: String,
    /// More patterns: a line matching any of them or `pattern` is shown (each literal
    /// when `fixed`).
    #[serde(default)]
    pub also: Vec<String>,
    /// Take `pattern` as literal text (default false).
    #[serde(default)]
    pub fixed: bool,
    /// Ignore case (default false).
    #[serde(default)]
    pub ignore_case: bool,
    /// Only paths matching this glob (`src/**/*.rs`; several: `{src,lib}/**`) or starting with this prefix
    /// (`src/store/`), relative to the repository root; or only the lines of a
    /// definition, given its id (`src/x.rs::Type::f`).
    #[serde(default)]
    pub path: Option<String>,
    /// Leave out paths matching these globs or starting with these prefixes
    /// (`["tests/", "**/*.md"]`).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Leave out matching lines that also match any of these patterns (each literal
    /// when `fixed`): `["debug!", "^\\s*//"]`.
    #[serde(default)]
    pub not: Vec<String>,
    /// Lines shown before and after each matching line (0 to 100).
    #[serde(default)]
    #[schemars(range(min = 0, max = query::MAX_CONTEXT))]
    pub context: u32,
    /// Show each matching line with the whole definition holding it (one of up to 60
    /// lines, from its code: the doc comments above it left out unless they match; in
    /// a longer one, 10 lines each side, or `context`'s if more), as git grep's
    /// `--function-context` (default false): finding and reading in one call.
    #[serde(default)]
    pub function_context: bool,
    /// Only files in a language pyramid parses: no docs, settings or other text
    /// (default false).
    #[serde(default)]
    pub code_only: bool,
    /// Most matching lines shown (1 to 1000; all are counted); with `count`, `defs` or
    /// `files_only`, most files listed.
    #[serde(default = "default_grep_limit")]
    #[schemars(range(min = 1, max = query::MAX_GREP_LIMIT))]
    pub limit: u32,
    /// Most matching lines shown in one definition, the rest counted under it (0, the
    /// default: no cap; at most 1000): one definition repeating the pattern does not
    /// fill the answer.
    #[serde(default)]
    #[schemars(range(min = 0, max = query::MAX_GREP_LIMIT))]
    pub max_per_def: u32,
    /// Instead of the lines, how many match in each file and each definition, one
    /// line a file: how much the pattern would print (default false).
    #[serde(default)]
    pub count: bool,
    /// Instead of the lines, every definition holding a match, one a line with its
    /// lines and how many match: `count` with all the definitions, not a file's five,
    /// a map of where a pattern lives (default false).
    #[serde(default)]
    pub defs: bool,
    /// Instead of the lines, only the files with a matching line, one line each with
    /// how many: `count` without the definitions, the cheapest look (default false).
    #[serde(default)]
    pub files_only: bool,
    /// Leave out test code: test files, and tests inside a file (`mod tests`, test
    /// functions) (default false).
    #[serde(default)]
    pub no_tests: bool,
}

fn default_grep_limit() -> u32 {
    query::DEFAULT_GREP_LIMIT as u32
}

/// Parameters of `refs`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefsParams {
    /// A function, method, type or constant id as answers print it:
    /// `src/lib.rs::Config::load`; or a name defined nowhere in the repository
    /// (`requests.get`).
    pub id: String,
    /// Most lines of uses listed (1 to 500; all are counted); with `impls`, most
    /// implementations.
    #[serde(default = "default_refs_limit")]
    #[schemars(range(min = 1, max = query::MAX_REFS_LIMIT))]
    pub limit: u32,
    /// List what implements or extends it instead of its uses: trait impls,
    /// subclasses, types whose declaration names it, each with its lines and members
    /// (a trait or class the repository does not define, such as `Display`, by name).
    #[serde(default)]
    pub impls: bool,
}

fn default_refs_limit() -> u32 {
    query::DEFAULT_REFS_LIMIT as u32
}

/// Parameters of `zoom`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoomParams {
    /// Node id as answers print it: `.`, `src/`, `src/lib.rs`, `src/lib.rs::Type::method`;
    /// followed by `:FIRST-LAST` or `:LINE`, those lines of its file (`src/lib.rs:40-90`).
    pub id: String,
    /// More ids (or line ranges) shown after the first, in order; at most 10 views in
    /// all: `["src/a.rs:10-30", "src/b.rs:5-20"]`.
    #[serde(default)]
    pub also: Vec<String>,
    /// Detail of the node itself: `label` (a few words), `gist` (one line), `outline`
    /// (signature, doc, children in one line each) or `source` (exact code); or 0 to 3.
    #[serde(default = "default_level")]
    pub level: LevelName,
    /// Levels of children to list under the node (0 to 64), each one level coarser.
    #[serde(default = "default_depth")]
    #[schemars(range(min = 0, max = query::MAX_ZOOM_DEPTH))]
    pub depth: u32,
    /// Most tokens of the answer (100 to 20000); longer answers are cut with a note.
    #[serde(default = "default_budget")]
    #[schemars(range(min = 100, max = 20000))]
    pub budget: u32,
    /// Byte of the node's text to start from (0: its start), as an answer cut at its
    /// budget names it: a long text is read a budget at a time.
    #[serde(default)]
    pub offset: u64,
    /// Number the lines of `source` (default true).
    #[serde(default = "default_true")]
    pub line_numbers: bool,
}

fn default_true() -> bool {
    true
}

/// A level by name or number.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum LevelName {
    /// `label`, `gist`, `outline`, `source`, or `0`–`3`.
    Name(String),
    /// 0 (label) to 3 (source).
    Number(u8),
}

/// Parameters of `slice`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SliceParams {
    /// The task in words: keywords, identifiers, or a whole issue text. Optional when
    /// `focus` names ids.
    #[serde(default)]
    pub query: Option<String>,
    /// Ids to centre the slice on (as answers print them), with or without a query.
    #[serde(default)]
    pub focus: Vec<String>,
    /// Most tokens of the slice (100 to 20000).
    #[serde(default = "default_slice_budget")]
    #[schemars(range(min = 100, max = 20000))]
    pub budget: u32,
}

/// Parameters of `overview`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverviewParams {
    /// Most tokens of the overview (100 to 20000).
    #[serde(default = "default_overview_budget")]
    #[schemars(range(min = 100, max = 20000))]
    pub budget: u32,
}

/// Parameters of `index`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexParams {
    /// Throw the index away and build it again (only needed when it is damaged).
    #[serde(default)]
    pub rebuild: bool,
}

/// Parameters of `pattern`: exactly one of `query`, `ast`, `like`, `like_text`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatternParams {
    /// A tree-sitter query (S-expression with captures and predicates), e.g.
    /// `(call function: (identifier) @f (#eq? @f "open"))`.
    #[serde(default)]
    pub query: Option<String>,
    /// Code with metavariables: `$X` stands for one node, `$$$XS` for any number, e.g.
    /// `$X.unwrap()` or `def $F($$$ARGS): $$$BODY`.
    #[serde(default)]
    pub ast: Option<String>,
    /// Id of an indexed function or type: finds code shaped like it (renamed copies
    /// first).
    #[serde(default)]
    pub like: Option<String>,
    /// Code as text: finds functions and types shaped like it.
    #[serde(default)]
    pub like_text: Option<String>,
    /// Language of `query`, `ast` or `like_text`: `rust`, `python`, `go`, … (default: the
    /// repository's only language).
    #[serde(default)]
    pub lang: Option<String>,
    /// Only paths matching this glob or starting with this prefix (`query`, `ast`).
    #[serde(default)]
    pub path: Option<String>,
    /// Most results (1 to 100).
    #[serde(default = "default_pattern_limit")]
    #[schemars(range(min = 1, max = query::MAX_PATTERN_LIMIT))]
    pub limit: u32,
    /// Lines of the file shown before and after each match, numbered (0 to 100; 0:
    /// one line a match).
    #[serde(default)]
    #[schemars(range(min = 0, max = query::MAX_CONTEXT))]
    pub context: u32,
    /// Show what each metavariable or capture matched (`$X = …`).
    #[serde(default)]
    pub captures: bool,
}

/// Parameters of `gene`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GeneParams {
    /// The exemplar: id of a function, method, type or file (as answers print them).
    pub id: String,
    /// Most tokens of the answer (100 to 20000).
    #[serde(default = "default_gene_budget")]
    #[schemars(range(min = 100, max = 20000))]
    pub budget: u32,
    /// Most reference steps followed from the exemplar (1 to 10).
    #[serde(default = "default_gene_depth")]
    #[schemars(range(min = 1, max = query::MAX_GENE_DEPTH))]
    pub depth: u32,
}

/// Parameters of `gene_find`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GeneFindParams {
    /// The need in words: "retry with exponential backoff", "parse a config file".
    pub query: String,
    /// Most candidates (1 to 30).
    #[serde(default = "default_gene_find_limit")]
    #[schemars(range(min = 1, max = query::MAX_GENE_FIND_LIMIT))]
    pub limit: u32,
}

/// Parameters of `semport_plan`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SemportPlanParams {
    /// The language to port to: `rust` or `python`.
    pub to: String,
    /// A directory, file or item id to plan (default: the whole repository).
    #[serde(default)]
    pub scope: Option<String>,
    /// Most tokens of the answer (100 to 20000); a plan longer than that is cut at a
    /// step, saying how to see the rest.
    #[serde(default = "default_gene_budget")]
    #[schemars(range(min = 100, max = 20000))]
    pub budget: u32,
}

/// Parameters of `semport_status`; the port map names the target repository.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SemportStatusParams {
    /// Most tokens of the answer (100 to 20000).
    #[serde(default = "default_budget")]
    #[schemars(range(min = 100, max = 20000))]
    pub budget: u32,
}

fn default_gene_budget() -> u32 {
    query::DEFAULT_GENE_BUDGET as u32
}
fn default_gene_depth() -> u32 {
    query::DEFAULT_DEPTH as u32
}
fn default_gene_find_limit() -> u32 {
    query::DEFAULT_GENE_FIND_LIMIT as u32
}

fn default_pattern_limit() -> u32 {
    query::DEFAULT_PATTERN_LIMIT as u32
}

fn default_limit() -> u32 {
    query::DEFAULT_SEARCH_LIMIT as u32
}
fn default_search_lines() -> u32 {
    query::DEFAULT_SEARCH_LINES as u32
}
fn default_level() -> LevelName {
    LevelName::Name("outline".to_string())
}
fn default_depth() -> u32 {
    query::DEFAULT_ZOOM_DEPTH
}
fn default_budget() -> u32 {
    DEFAULT_BUDGET
}
fn default_slice_budget() -> u32 {
    query::DEFAULT_SLICE_BUDGET as u32
}
fn default_overview_budget() -> u32 {
    query::DEFAULT_OVERVIEW_BUDGET as u32
}

/// A tool's answer: text for the model, or an error it can act on.
type Answer = Result<String, String>;

#[tool_router]
impl PyramidServer {
    /// A server over a session's index; calls wait at most `wait` for the index run
    /// they need, then answer from the index as it is, saying so.
    pub fn new(session: Arc<Session>, wait: Duration) -> PyramidServer {
        PyramidServer {
            session,
            wait,
            tool_router: Self::tool_router(),
        }
    }

    #[tool(
        description = "Find code by words, identifiers or a task description. Returns up to `limit` nodes, best first, one per line: `- ID (kind) L12-30 — what it does [score]`. Use the ids with `zoom` (to read) or `slice` (`focus`); `show: N` prints the source of the first N results under them, numbered. Filters: kind, lang, path (glob or prefix). Docs and settings are found too (a Markdown heading is kind `section`), below code unless the task names their file.",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn search(&self, Parameters(params): Parameters<SearchParams>) -> Answer {
        self.answer(move |snapshot| search(snapshot, params)).await
    }

    #[tool(
        description = "Read one node of the repository at a level of detail, with its children listed one level coarser. `level`: label, gist, outline (default: signature, doc and children in one line each) or source (exact code, each line numbered unless `line_numbers` is false). `depth`: levels of children to list. An id followed by `:FIRST-LAST` (`src/lib.rs:40-90`) or `:LINE` reads those lines of its file; several ranges at once: `src/lib.rs:1-20,828-839`. Start from `.` (the root) or any id printed by search, slice or overview. Unknown ids get suggestions.",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn zoom(&self, Parameters(params): Parameters<ZoomParams>) -> Answer {
        self.answer(move |snapshot| zoom(snapshot, params)).await
    }

    #[tool(
        description = "Lines of the indexed files, code and text (docs, settings, code pyramid does not parse), matching a regular expression (Rust regex syntax), or literal text with `fixed: true` (more patterns in `also`), as grep finds them: grouped under the id of the innermost definition or Markdown section holding them (`src/a.rs::Parser::next`), each numbered (`48: let x = …`; context lines `47- …` with `context: N`). Says how many more matched when `limit` cut the list. Filter with `path` (glob or prefix), `ignore_case`.",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn grep(&self, Parameters(params): Parameters<GrepParams>) -> Answer {
        self.answer(move |snapshot| grep(snapshot, params)).await
    }

    #[tool(
        description = "Where a definition is used and what it uses, from the reference graph. Lists the lines that use it (`193: let entry = find(reader, id)?;`) under the id of the definition holding them, sure uses first; `(by name only)` marks uses matched by name alone, which may mean another definition of that name (beside sure uses, five are listed unless a larger `limit` asks for more). Then the definitions it uses, with their line spans. A function declared apart from its definition (a C header's prototype, a trait's method) names the other: `defined at src/ring.c::ring_new L40-56`. Give a function, method, type or constant id; or a name the repository defines nowhere (an outside API: `requests.get`, `serde_json::from_str`, `len`) for the lines that write it. With `impls`: what implements or extends it instead (a trait's impls, subclasses, implementing classes), each with its lines, the declaration line naming it and its members.",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn refs(&self, Parameters(params): Parameters<RefsParams>) -> Answer {
        self.answer(move |snapshot| refs(snapshot, params)).await
    }

    #[tool(
        description = "The best context for a task within a token budget (default 8000): the code most likely to change in full (or as an outline when too long), what it calls and what calls it in one line each, enclosing files and directories in a few words, everything else folded into `… N more` markers with the id to zoom into. Give the task in words (an issue text works as is), ids in `focus`, or both. Every node shows its id and line span.",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn slice(&self, Parameters(params): Parameters<SliceParams>) -> Answer {
        self.answer(move |snapshot| slice(snapshot, params)).await
    }

    #[tool(
        description = "Structural search. `ast`: code with metavariables (`$X.unwrap()`, `def $F($$$ARGS): $$$BODY`) matched as syntax, not text; `query`: a raw tree-sitter query; `like` (an id) or `like_text` (code): functions and types with the same structure, renamed copies first, with a similarity from 0 to 1. Returns one line per match (`path:line` and the line it starts on); `context: N` shows N numbered lines around each match under its enclosing node id instead, `captures: true` adds what each metavariable matched. A predicate outside its pattern's parentheses is warned about. Give exactly one of query, ast, like, like_text.",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn pattern(&self, Parameters(params): Parameters<PatternParams>) -> Answer {
        self.answer(move |snapshot| pattern(snapshot, params)).await
    }

    #[tool(
        description = "An exemplar packed for re-implementing it elsewhere: a recipe (entry signature, parts in order, outside packages, size of the transplant), then the exemplar and every definition it uses, transitively and dependencies first, at source while the budget (default 6000) allows and as outlines farther out; the tests that exercise it; the packages it imports from outside with the versions the manifests declare; and what was left out, by id. `id`: a function, method, type or file; `depth`: reference steps followed (default 4).",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn gene(&self, Parameters(params): Parameters<GeneParams>) -> Answer {
        self.answer(move |snapshot| gene(snapshot, params)).await
    }

    #[tool(
        description = "Candidate exemplars for a need (\"retry with exponential backoff\"): functions and types ranked by relevance and, among the relevant, by how self-contained they are (a small dependency closure, tests). Each line: `- ID (kind) — what it does [score]`, then its closure size, tests and outside packages. Pass an id to `gene` to extract it.",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn gene_find(&self, Parameters(params): Parameters<GeneFindParams>) -> Answer {
        self.answer(move |snapshot| gene_find(snapshot, params))
            .await
    }

    #[tool(
        description = "Plan a port of this repository (or of `scope`: a directory, file or item id) to `to` (rust or python), unit by unit in the order an agent can do it: leaves first, units that use each other in one step. Each unit comes with its id, source hash, source, the units it uses (marked when already ported), the outside APIs it calls with their equivalents in the target language, and a skeleton in the target language (names, signature through a type map, docs; TODO where a type is unknown).",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn semport_plan(&self, Parameters(params): Parameters<SemportPlanParams>) -> Answer {
        self.answer(move |snapshot| semport_plan(snapshot, params))
            .await
    }

    #[tool(
        description = "Where the port recorded in the port map stands (`pyramid semport link` records ported units): each unit ported (fresh), stale (its source changed since it was ported, with the changed lines), missing (its target is gone) or unported, with totals. Both repositories are brought up to date first. The server reads a target repository only inside this one (and already indexed); any other is read by `pyramid semport status --target-repo DIR` in a shell.",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn semport_status(&self, Parameters(params): Parameters<SemportStatusParams>) -> Answer {
        self.answer(move |snapshot| semport_status(snapshot, params))
            .await
    }

    #[tool(
        description = "The top of the pyramid: what the repository is, its directories and files in one line each, as much as fits in `budget` tokens (default 1000). A good first call in an unknown repository.",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn overview(&self, Parameters(params): Parameters<OverviewParams>) -> Answer {
        self.answer(move |snapshot| overview(snapshot, params))
            .await
    }

    #[tool(
        description = "Bring the index up to date with the files on disk now (other tools already do this before each answer), or with rebuild=true start it over. Returns what was parsed, reused and skipped. A rebuild of a large repository continues in the background; other tools say when it is done.",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn index(&self, Parameters(params): Parameters<IndexParams>) -> Answer {
        let session = Arc::clone(&self.session);
        let wait = self.wait;
        run_blocking(move || session.refresh(params.rebuild, wait)).await
    }
}

impl PyramidServer {
    /// Answers from a fresh snapshot of the index, on a thread that may block.
    async fn answer<F>(&self, respond: F) -> Answer
    where
        F: FnOnce(&Snapshot) -> Answer + Send + 'static,
    {
        let session = Arc::clone(&self.session);
        let wait = self.wait;
        run_blocking(move || respond(&session.snapshot(wait)?)).await
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for PyramidServer {
    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        if !self.tool_router.has_route(&request.name) {
            let tools: Vec<String> = self
                .tool_router
                .list_all()
                .into_iter()
                .map(|tool| tool.name.to_string())
                .collect();
            return Err(ErrorData::invalid_params(
                format!(
                    "unknown tool `{}`: the tools are {}",
                    request.name.chars().take(80).collect::<String>(),
                    tools.join(", ")
                ),
                None,
            ));
        }
        let arguments = request.arguments.clone().unwrap_or_default();
        if let Some(problem) = argument_problem(&request.name, arguments) {
            tracing::debug!("{}: {problem}", request.name);
            return Ok(CallToolResult::error(vec![ContentBlock::text(problem)]).into());
        }
        tracing::debug!("{} called", request.name);
        let call = ToolCallContext::new(self, request, context);
        self.tool_router.call(call).await
    }

    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("pyramid", env!("CARGO_PKG_VERSION")))
            .with_instructions(INSTRUCTIONS)
    }
}

/// Why a call's arguments do not fit its tool's parameters, naming the parameter;
/// `None` when they fit.
fn argument_problem(tool: &str, arguments: JsonObject) -> Option<String> {
    if let Some(problem) = oversized_argument(&arguments) {
        return Some(problem);
    }
    fn check<P: DeserializeOwned>(arguments: JsonObject) -> Option<String> {
        let err = serde_path_to_error::deserialize::<_, P>(Value::Object(arguments)).err()?;
        let path = err.path().to_string();
        Some(if path == "." {
            format!(
                "bad arguments: {}; see the tool's input schema",
                err.inner()
            )
        } else {
            format!(
                "bad argument `{path}`: {}; see the tool's input schema",
                err.inner()
            )
        })
    }
    match tool {
        "search" => check::<SearchParams>(arguments),
        "zoom" => check::<ZoomParams>(arguments),
        "refs" => check::<RefsParams>(arguments),
        "grep" => check::<GrepParams>(arguments),
        "slice" => check::<SliceParams>(arguments),
        "overview" => check::<OverviewParams>(arguments),
        "index" => check::<IndexParams>(arguments),
        "pattern" => check::<PatternParams>(arguments),
        "gene" => check::<GeneParams>(arguments),
        "gene_find" => check::<GeneFindParams>(arguments),
        "semport_plan" => check::<SemportPlanParams>(arguments),
        "semport_status" => check::<SemportStatusParams>(arguments),
        _ => None,
    }
}

/// An argument too long to be what its parameter wants (checked before anything
/// quotes it back).
fn oversized_argument(arguments: &JsonObject) -> Option<String> {
    for (name, value) in arguments {
        let limit = if name == "query" {
            MAX_QUERY_BYTES
        } else {
            MAX_ID_BYTES
        };
        let too_long = |text: &str| text.len() > limit;
        let problem = match value {
            Value::String(text) if too_long(text) => Some(format!(
                "`{name}` is {} bytes long; at most {limit} are accepted",
                text.len()
            )),
            Value::Array(items) if items.len() > MAX_FOCUS => Some(format!(
                "`{name}` has {} items; at most {MAX_FOCUS} are accepted",
                items.len()
            )),
            Value::Array(items) => items
                .iter()
                .filter_map(Value::as_str)
                .find(|item| too_long(item))
                .map(|item| {
                    format!(
                        "an item of `{name}` is {} bytes long; at most {limit} are accepted",
                        item.len()
                    )
                }),
            _ => None,
        };
        if problem.is_some() {
            return problem;
        }
    }
    None
}

async fn run_blocking(work: impl FnOnce() -> Answer + Send + 'static) -> Answer {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|err| Err(format!("internal error while answering: {err}")))
        .map_err(clip)
}

/// An error message cut to a readable length.
fn clip(message: String) -> String {
    match message.char_indices().nth(MAX_ERROR_CHARS) {
        Some((end, _)) => format!("{}… (message cut)", &message[..end]),
        None => message,
    }
}

fn search(snapshot: &Snapshot, params: SearchParams) -> Answer {
    let query = checked_query(&params.query)?;
    checked_limit(params.limit, query::MAX_SEARCH_LIMIT as u32)?;
    let kinds = match params.kind.as_deref() {
        None => Vec::new(),
        Some(list) => list
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(|name| {
                NodeKind::parse(name).ok_or_else(|| {
                    let all: Vec<&str> = NodeKind::ALL.iter().map(|k| k.name()).collect();
                    format!("unknown kind `{name}`: use one of {}", all.join(", "))
                })
            })
            .collect::<Result<_, _>>()?,
    };
    let lang =
        match params.lang.as_deref() {
            None => None,
            Some(name) => Some(Lang::parse(name).ok_or_else(|| {
                format!("unknown language `{name}`: use one of {}", Lang::names())
            })?),
        };
    if let Some(path) = &params.path {
        inside_repository(path, "path")?;
    }
    for pattern in &params.exclude {
        inside_repository(pattern, "exclude")?;
    }
    let request = query::SearchRequest {
        query: query.to_string(),
        kinds,
        lang,
        path: params.path.into_iter().collect(),
        exclude: params.exclude,
        limit: params.limit as usize,
        show: params.show as usize,
        lines: params.lines as usize,
        explain: params.explain,
    };
    if request.show > query::MAX_SHOW {
        return Err(format!(
            "show {} is more than one answer holds: give 0 to {}",
            request.show,
            query::MAX_SHOW
        ));
    }
    let results = query::search(&snapshot.reader, &request).map_err(explain)?;
    if results.found.is_empty() {
        return Err(
            "no node matches this query: try other words, fewer filters, or the overview tool"
                .to_string(),
        );
    }
    let mut body = text::render_found(&results.found);
    if let Some(next) = results.larger_limit(request.limit) {
        body.push_str(&format!("… more match: limit {next}\n"));
    } else if results.more {
        body.push_str("… more match: narrow with `path`, `exclude` or `kind`\n");
    }
    Ok(fit(
        body,
        &snapshot.notes,
        MAX_BUDGET as usize,
        "ask for fewer results with `limit`",
    ))
}

fn zoom(snapshot: &Snapshot, params: ZoomParams) -> Answer {
    let id = checked_id(&params.id)?;
    for id in &params.also {
        checked_id(id)?;
    }
    let level: Level = match &params.level {
        LevelName::Name(name) => name.parse()?,
        LevelName::Number(number) => number.to_string().parse()?,
    };
    if params.depth > query::MAX_ZOOM_DEPTH {
        return Err(format!(
            "depth {} is too deep for one answer: give 0 to {}, then zoom into the children",
            params.depth,
            query::MAX_ZOOM_DEPTH
        ));
    }
    if !params.also.is_empty() || query::split_ranges(id).is_some() {
        let ids: Vec<String> = std::iter::once(id.to_string())
            .chain(params.also.iter().cloned())
            .collect();
        let ids = query::zoom_ids(&ids).map_err(explain)?;
        return zoom_many(snapshot, &ids, level, &params);
    }
    let budget = checked_budget(params.budget)?;
    let mut view = query::zoom(&snapshot.reader, id, level, params.depth).map_err(explain)?;
    let mut notes = snapshot.notes.clone();
    if view.stale {
        notes.push(stale_note(&view.node.path));
    }
    // From `offset` on: the rest of a text an earlier answer cut.
    let length = view.text.len();
    let offset = usize::try_from(params.offset).unwrap_or(usize::MAX);
    let skipped_lines = query::skip_to_offset(&mut view, offset).map_err(explain)?;
    let offset = length - view.text.len();
    let first_line = text::first_line(&view)
        .filter(|_| params.line_numbers)
        .map(|first| first + skipped_lines);
    let (node_id, level_name, depth) = (params.id.trim().to_string(), view.level, params.depth);
    let line_numbers = params.line_numbers;
    let resume = |byte: usize| {
        let mut call = serde_json::json!({"id": node_id, "level": level_name.to_string(), "depth": depth, "budget": budget, "offset": byte});
        if !line_numbers {
            call["line_numbers"] = false.into();
        }
        format!("zoom with {call}")
    };
    let how =
        format!("zoom into a child id, a coarser level, or a larger budget (at most {MAX_BUDGET})");
    let room = budget.saturating_sub(notes_tokens(&notes));
    let body = text::render_view_within(&view, room, offset, first_line, &resume, &how);
    Ok(fit(body, &notes, budget, &how))
}

fn grep(snapshot: &Snapshot, params: GrepParams) -> Answer {
    if params.pattern.is_empty() {
        return Err(
            "empty `pattern`: give a regular expression, or text with `fixed: true`".into(),
        );
    }
    checked_limit(params.limit, query::MAX_GREP_LIMIT as u32)?;
    if params.max_per_def as usize > query::MAX_GREP_LIMIT {
        return Err(format!(
            "max_per_def {} is out of range: give 0 (no cap) to {}",
            params.max_per_def,
            query::MAX_GREP_LIMIT
        ));
    }
    if (params.count || params.defs) && params.files_only {
        let asked = if params.defs { "defs" } else { "count" };
        return Err(format!(
            "`{asked}` and `files_only` are two answers: ask for one (`files_only`: the files alone)"
        ));
    }
    if params.context as usize > query::MAX_CONTEXT {
        return Err(format!(
            "context {} is more lines than an answer shows around a match: give 0 to {}",
            params.context,
            query::MAX_CONTEXT
        ));
    }
    if let Some(path) = &params.path {
        inside_repository(path, "path")?;
    }
    for pattern in &params.exclude {
        inside_repository(pattern, "exclude")?;
    }
    let request = query::GrepRequest {
        patterns: std::iter::once(params.pattern).chain(params.also).collect(),
        fixed: params.fixed,
        ignore_case: params.ignore_case,
        path: params.path.into_iter().collect(),
        exclude: params.exclude,
        not: params.not,
        function_context: params.function_context,
        code_only: params.code_only,
        context: params.context as usize,
        limit: params.limit as usize,
        max_per_def: params.max_per_def as usize,
        count: params.count || params.defs,
        definitions: params.defs,
        files_only: params.files_only,
        no_tests: params.no_tests,
    };
    let result = query::grep(&snapshot.reader, &request).map_err(explain)?;
    if result.total == 0 {
        let nothing = text::grep_nothing(
            &result,
            &request,
            "`path` and `exclude`",
            "`path`",
            ["`not`", "`no_tests`"],
        );
        return Err(match result.left_out {
            0 => format!(
                "{nothing}: check the pattern (regular expression unless `fixed`), or widen `path`"
            ),
            _ => nothing,
        });
    }
    let mut notes = snapshot.notes.clone();
    if !result.stale.is_empty() {
        notes.push(text::grep_stale_note(&result).replace("`pyramid index`", "the index tool"));
    }
    Ok(fit(
        text::render_grep(
            &result,
            "raise `limit` or narrow with `path`",
            "`path`",
            "`defs`",
        ),
        &notes,
        DEFAULT_BUDGET as usize,
        match (
            request.count || request.files_only,
            request.function_context,
        ) {
            (true, _) => "ask for fewer files with `limit`, or narrow with `path`",
            (false, true) => "ask for fewer lines with `limit`, or without `function_context`",
            (false, false) => "ask for fewer lines with `limit`, or less `context`",
        },
    ))
}

fn refs(snapshot: &Snapshot, params: RefsParams) -> Answer {
    let id = checked_id(&params.id)?;
    checked_limit(params.limit, query::MAX_REFS_LIMIT as u32)?;
    let request = query::RefsRequest {
        id: id.to_string(),
        limit: params.limit as usize,
        impls: params.impls,
    };
    let refs = query::refs(&snapshot.reader, &request).map_err(explain)?;
    let more = match params.impls {
        true => "call refs with impls and limit",
        false => "call refs with limit",
    };
    Ok(fit(
        text::render_refs(&refs, more),
        &snapshot.notes,
        DEFAULT_BUDGET as usize,
        "ask for fewer lines with `limit`",
    ))
}

/// Several line ranges of one file (`src/lib.rs:1-20,828-839`), one after the other,
/// numbered as in the file unless `line_numbers` is false, within the budget.
/// Several ids or line ranges, one after the other (a file's header once for its
/// ranges), within one budget.
fn zoom_many(snapshot: &Snapshot, ids: &[String], level: Level, params: &ZoomParams) -> Answer {
    if params.offset > 0 {
        return Err(
            "`offset` goes on with one text: give one id or line range with it, not several".into(),
        );
    }
    let budget = checked_budget(params.budget)?;
    let mut notes = snapshot.notes.clone();
    let mut views = Vec::new();
    for id in ids {
        let mut view = query::zoom(&snapshot.reader, id, level, params.depth).map_err(explain)?;
        if view.stale {
            notes.push(stale_note(&view.node.path));
        }
        if params.line_numbers
            && let Some(first) = text::first_line(&view)
        {
            view.text = text::numbered(&view.text, first);
        }
        views.push(view);
    }
    notes.dedup();
    Ok(fit(
        text::render_ranges(&views),
        &notes,
        budget,
        "ask for fewer or shorter ranges, or a larger budget",
    ))
}

fn slice(snapshot: &Snapshot, params: SliceParams) -> Answer {
    let query = match params.query.as_deref().map(str::trim) {
        Some("") | None => None,
        Some(query) => Some(checked_query(query)?.to_string()),
    };
    for id in &params.focus {
        checked_id(id)?;
    }
    if query.is_none() && params.focus.is_empty() {
        return Err(
            "give the task in `query`, node ids in `focus`, or both: an empty slice request has nothing to centre on"
                .to_string(),
        );
    }
    let budget = checked_budget(params.budget)?;
    let request = query::SliceRequest {
        query,
        focus: params.focus,
        budget: budget.saturating_sub(notes_tokens(&snapshot.notes)),
    };
    let slice = query::slice(&snapshot.reader, &request).map_err(explain)?;
    if slice.entries.is_empty() {
        return Err(
            "nothing matches this task: try other words, name a node in `focus`, or see the overview tool"
                .to_string(),
        );
    }
    let mut notes = snapshot.notes.clone();
    notes.extend(slice.stale.iter().map(|path| stale_note(path)));
    Ok(fit(
        slice.text,
        &notes,
        budget,
        "zoom into the ids shown, or ask for a larger budget",
    ))
}

fn gene(snapshot: &Snapshot, params: GeneParams) -> Answer {
    let id = checked_id(&params.id)?;
    let max_depth = query::MAX_GENE_DEPTH as u32;
    if !(1..=max_depth).contains(&params.depth) {
        return Err(format!(
            "depth {} is out of range: give 1 to {max_depth}",
            params.depth
        ));
    }
    let budget = checked_budget(params.budget)?;
    let request = query::GeneRequest {
        id: id.to_string(),
        budget: budget.saturating_sub(notes_tokens(&snapshot.notes)),
        depth: params.depth as usize,
    };
    let gene = query::gene(&snapshot.reader, &request).map_err(explain)?;
    let mut notes = snapshot.notes.clone();
    notes.extend(gene.stale.iter().map(|path| stale_note(path)));
    Ok(fit(
        gene.text,
        &notes,
        budget,
        "zoom into the ids shown, or ask for a larger budget",
    ))
}

fn gene_find(snapshot: &Snapshot, params: GeneFindParams) -> Answer {
    let need = checked_query(&params.query)?;
    checked_limit(params.limit, query::MAX_GENE_FIND_LIMIT as u32)?;
    let request = query::GeneFindRequest {
        query: need.to_string(),
        limit: params.limit as usize,
        depth: query::DEFAULT_DEPTH,
    };
    let found = query::gene_find(&snapshot.reader, &request).map_err(explain)?;
    if found.is_empty() {
        return Err(
            "nothing matches this need: try other words, or the search tool with fewer of them"
                .to_string(),
        );
    }
    Ok(fit(
        text::render_exemplars(&found),
        &snapshot.notes,
        MAX_BUDGET as usize,
        "ask for fewer candidates with `limit`",
    ))
}

fn semport_plan(snapshot: &Snapshot, params: SemportPlanParams) -> Answer {
    let to = Lang::parse(&params.to).ok_or_else(|| {
        format!(
            "unknown language `{}`: use one of {}",
            params.to,
            Lang::names()
        )
    })?;
    let scope = match params.scope.as_deref() {
        Some(id) => Some(checked_id(id)?.to_string()),
        None => None,
    };
    let budget = checked_budget(params.budget)?;
    let map = semport::PortMap::load(snapshot.reader.location()).map_err(explain)?;
    let plan = semport::plan(&snapshot.reader, &semport::PlanRequest { to, scope }, &map)
        .map_err(explain)?;
    // Whole steps only: a step cut in the middle would leave a unit half shown.
    let room = budget.saturating_sub(notes_tokens(&snapshot.notes));
    let mut text = markdown::plan_header(&plan);
    let mut packer = Packer::new(room);
    packer.spend(tokens::count(&text));
    for (shown, step) in plan.steps.iter().enumerate() {
        let block = markdown::plan_step(step, plan.to);
        let rest = plan.steps.len() - shown;
        let marker = format!(
            "\n… {rest} more {} ({}–{}) not shown within the {budget}-token budget: plan a smaller `scope` (a directory or file of the steps to come), or ask for a larger budget\n",
            if rest == 1 { "step" } else { "steps" },
            step.number,
            plan.steps.len()
        );
        let last = shown + 1 == plan.steps.len();
        let reserve = if last { 0 } else { tokens::count(&marker) };
        if !packer.take(tokens::count(&block), reserve) {
            text.push_str(&marker);
            break;
        }
        text.push_str(&block);
    }
    Ok(fit(
        text,
        &snapshot.notes,
        budget,
        "plan a smaller `scope`, or ask for a larger budget",
    ))
}

fn semport_status(snapshot: &Snapshot, params: SemportStatusParams) -> Answer {
    let budget = checked_budget(params.budget)?;
    let location = snapshot.reader.location();
    let map = semport::PortMap::load(location).map_err(explain)?;
    // Over MCP no one names the target: only one the map may name alone is used.
    let target = match semport::target_location(location, &map, None, &location.repo_root) {
        Ok(Some(target)) => target,
        Ok(None) => {
            return Err(
                "no port recorded yet: run `pyramid semport link --auto --target-repo DIR` (or link units one by one) in the repository first"
                    .to_string(),
            );
        }
        Err(Error::UnnamedPortTarget { map, target, why }) => {
            return Err(format!(
                "the port map `{}` names the target repository `{}`, {why}: the MCP server reads no other repository; run `pyramid semport status --target-repo {}` in a shell instead",
                map.display(),
                target.display(),
                target.display()
            ));
        }
        Err(err) => return Err(explain(err)),
    };
    let (target_reader, note) = semport::open_fresh(&target).map_err(explain)?;
    let report =
        semport::status(&map, (location, &snapshot.reader), &target_reader).map_err(explain)?;
    let mut notes = snapshot.notes.clone();
    notes.extend(note);
    Ok(fit(
        text::render_port_status(&report),
        &notes,
        budget,
        "see the whole status with `pyramid semport status`, or ask for a larger budget",
    ))
}

fn pattern(snapshot: &Snapshot, params: PatternParams) -> Answer {
    checked_limit(params.limit, query::MAX_PATTERN_LIMIT as u32)?;
    let lang =
        match params.lang.as_deref() {
            Some(name) => Some(Lang::parse(name).ok_or_else(|| {
                format!("unknown language `{name}`: use one of {}", Lang::names())
            })?),
            None => None,
        };
    let reader = &snapshot.reader;
    let lang_or_only = || -> Result<Lang, String> {
        if let Some(lang) = lang {
            return Ok(lang);
        }
        match reader.manifest().map_err(explain)?.languages().as_slice() {
            [lang] => Ok(*lang),
            _ => Err(format!(
                "say which language: lang, one of {}",
                Lang::names()
            )),
        }
    };
    if let Some(path) = &params.path {
        inside_repository(path, "path")?;
    }
    let limit = params.limit as usize;
    let given = [
        params.query.is_some(),
        params.ast.is_some(),
        params.like.is_some(),
        params.like_text.is_some(),
    ];
    if given.iter().filter(|&&g| g).count() != 1 {
        return Err("give exactly one of `query`, `ast`, `like`, `like_text`".to_string());
    }
    let body = if let Some(id) = params.like {
        let found = query::like(
            reader,
            &query::Example::Id(checked_id(&id)?.to_string()),
            limit,
        )
        .map_err(explain)?;
        text::render_similar(&found)
    } else if let Some(code) = params.like_text {
        let example = query::Example::Text {
            code,
            lang: lang_or_only()?,
        };
        text::render_similar(&query::like(reader, &example, limit).map_err(explain)?)
    } else {
        // The time limit counts the child's check of the query too.
        let started = std::time::Instant::now();
        let spec = match (params.query, params.ast) {
            (Some(query), _) => {
                super::isolate::query_compiles_safely(&query, lang_or_only()?)?;
                query::PatternSpec::Query(query)
            }
            (None, Some(ast)) => query::PatternSpec::Ast(ast),
            (None, None) => return Err("give `query` or `ast`".to_string()),
        };
        if params.context as usize > query::MAX_CONTEXT {
            return Err(format!(
                "context {} is more than one answer shows: give 0 to {}",
                params.context,
                query::MAX_CONTEXT
            ));
        }
        let request = query::PatternRequest {
            spec,
            lang: lang_or_only()?,
            path: params.path.into_iter().collect(),
            limit,
            context: params.context as usize,
        };
        let result = query::pattern_since(reader, &request, started).map_err(explain)?;
        if result.total == 0 {
            return Err(format!(
                "no match in {}: compare the pattern with code it should match (zoom with level `source`)",
                plural(result.files_matched, "file")
            ));
        }
        let mut body = String::new();
        for warning in &result.warnings {
            body.push_str(&format!("warning: {warning}\n"));
        }
        body.push_str(&text::render_pattern(&result, params.captures));
        body
    };
    if body.is_empty() {
        return Err("nothing shaped like this example".to_string());
    }
    Ok(fit(
        body,
        &snapshot.notes,
        MAX_BUDGET as usize,
        "ask for fewer results with `limit`",
    ))
}

fn overview(snapshot: &Snapshot, params: OverviewParams) -> Answer {
    let budget = checked_budget(params.budget)?;
    let room = budget.saturating_sub(notes_tokens(&snapshot.notes));
    let view = query::overview(&snapshot.reader, room).map_err(explain)?;
    Ok(fit(
        text::render_view(&view),
        &snapshot.notes,
        budget,
        "zoom into the ids shown",
    ))
}

fn stale_note(path: &str) -> String {
    format!(
        "note: {path} changed on disk since it was indexed and the index could not be refreshed; this is the indexed text"
    )
}

/// The message for a library error, as a model should read it: tool parameters
/// where the library names command-line options.
fn explain(err: Error) -> String {
    err.message(FrontEnd::Mcp)
}

fn checked_query(query: &str) -> Result<&str, String> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(format!(
            "the query is {} bytes long; at most {MAX_QUERY_BYTES} are accepted: keep the task description and the names that matter",
            query.len()
        ));
    }
    let query = query.trim();
    if !query.chars().any(char::is_alphanumeric) {
        return Err("the query is empty: give words or identifiers to look for".to_string());
    }
    Ok(query)
}

fn checked_id(id: &str) -> Result<&str, String> {
    if id.len() > MAX_ID_BYTES {
        return Err(format!(
            "an id of {} bytes is not an id: ids are paths and names such as `src/lib.rs::main`",
            id.len()
        ));
    }
    let id = id.trim();
    inside_repository(id.split("::").next().unwrap_or(id), "id")?;
    Ok(id)
}

/// Refuses paths that point outside the repository: ids and path filters are
/// relative to its root.
fn inside_repository(path: &str, what: &str) -> Result<(), String> {
    let outside = path.starts_with(['/', '\\', '~'])
        || path.as_bytes().get(1) == Some(&b':')
        || path.split(['/', '\\']).any(|segment| segment == "..");
    if outside {
        return Err(format!(
            "the {what} `{path}` points outside the repository: {what}s are relative to its root, as answers print them (`src/lib.rs`, `src/`)"
        ));
    }
    Ok(())
}

fn checked_limit(limit: u32, max: u32) -> Result<(), String> {
    if (1..=max).contains(&limit) {
        Ok(())
    } else {
        Err(format!("limit {limit} is out of range: give 1 to {max}"))
    }
}

fn checked_budget(budget: u32) -> Result<usize, String> {
    if budget < MIN_BUDGET {
        return Err(format!(
            "a budget of {} is too small to answer with: give {MIN_BUDGET} to {MAX_BUDGET}",
            plural(budget, "token")
        ));
    }
    if budget > MAX_BUDGET {
        return Err(format!(
            "a budget of {budget} tokens is over the limit of {MAX_BUDGET}: ask for less, or zoom into parts"
        ));
    }
    Ok(budget as usize)
}

/// Tokens of notes as [`fit`] appends them.
fn notes_tokens(notes: &[String]) -> usize {
    notes.iter().map(|note| tokens::count(note) + 1).sum()
}

/// The answer and its notes within `budget` tokens: the answer is cut (see [`pack::bound`])
/// to leave room for the notes, which say why it may be stale.
fn fit(answer: String, notes: &[String], budget: usize, how: &str) -> String {
    let mut room = budget.saturating_sub(notes_tokens(notes));
    let with_notes = |room: &mut usize| {
        let mut out = pack::bound(answer.clone(), *room, how);
        for note in notes {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(note);
            out.push('\n');
        }
        Ok::<_, Infallible>(out)
    };
    // Tokens of joined texts can differ from the sum of their parts: cut the answer
    // by what the whole is over.
    let shrink = |room: &mut usize, over: usize| {
        let before = *room;
        *room = room.saturating_sub(over);
        Ok(before > 0)
    };
    match pack::shrink_to_fit(&mut room, budget, with_notes, String::as_str, shrink) {
        Ok(Fit::Fits(out)) => out,
        Ok(Fit::Over(out)) => tokens::truncate(&out, budget),
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_repository_are_refused() {
        for bad in [
            "/etc/passwd",
            "../x.rs",
            "src/../../x",
            "~/x",
            "C:/x",
            "\\x",
        ] {
            assert!(inside_repository(bad, "id").is_err(), "{bad}");
        }
        for good in [".", "src/", "src/lib.rs", "a..b/c.py"] {
            assert!(inside_repository(good, "id").is_ok(), "{good}");
        }
        assert!(checked_id("../secret.rs::x").is_err());
        assert!(checked_id("src/lib.rs::Type::..").is_ok());
    }

    #[test]
    fn budgets_queries_and_ids_are_checked() {
        assert!(checked_budget(0).is_err());
        assert!(checked_budget(MAX_BUDGET + 1).is_err());
        assert_eq!(checked_budget(MIN_BUDGET), Ok(MIN_BUDGET as usize));
        assert!(checked_query("  ").is_err());
        assert!(checked_query(&"a".repeat(MAX_QUERY_BYTES + 1)).is_err());
        assert_eq!(checked_query(" parse config "), Ok("parse config"));
        assert!(checked_id(&"x".repeat(MAX_ID_BYTES + 1)).is_err());
    }
}
