//! Argument parsing and output for the `pyramid` binary. The library does the work.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use pyramid::grammar::Lang;
use pyramid::indexer::{self, IndexOptions, Progress};
use pyramid::pyramid::{Level, NodeKind};
use pyramid::registry::{Registry, registry_path};
use pyramid::render::{json, markdown, text};
use pyramid::store::{Location, Reader};
use pyramid::{Error, query, semport};

/// Turn a code repository into a pyramid of summaries an agent can zoom through.
#[derive(Parser, Debug)]
#[command(name = "pyramid", version, about, long_about = None, max_term_width = 100)]
#[command(after_help = "\
To find the code a task changes, in few calls:
  pyramid search \"<the task's words>\"   definitions ranked for the task, each with its telling line
      [-n N] [--path GLOB] [--exclude tests/] [--show N: the first N with their source]
  pyramid grep -c PATTERN               the files and definitions matching, a line each
      [--defs: every definition on a line of its own]; then
  pyramid grep PATTERN                  the lines, numbered, under their definitions
      [-C N | -W: the whole definition] [-F] [-i] [-e PATTERN: one more] [--not PATTERN]
      [--code-only] [--exclude GLOB] [--path GLOB, or an id]
  pyramid zoom src/x.py:40-90           those lines, numbered (more: src/x.py:1-20,80-90 src/y.py:5-9)
  pyramid zoom ID                       a definition's outline [-l source -N: its code, numbered]
  pyramid zoom . -l label -d 2          the tree: folders and files with their lines
  pyramid refs ID                       where a definition is used, and what it uses
      [--impls: what implements or extends it instead]

Every command takes --repo DIR (default: found upwards from here), --index-dir PATH
(default: <repo>/.pyramid) and --json (machine-readable output).")]
struct Cli {
    // Taken by every command, listed once at the end of the top-level help rather
    // than in every command's help.
    /// Repository root [default: found from the current directory upwards]
    #[arg(long, global = true, value_name = "DIR", hide = true)]
    repo: Option<PathBuf>,

    /// Where the index lives [default: <repo>/.pyramid]
    #[arg(long, global = true, value_name = "PATH", hide = true)]
    index_dir: Option<PathBuf>,

    /// Print machine-readable JSON instead of text
    #[arg(long, global = true, hide = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Definitions ranked for a task's words, each with its telling line
    #[command(
        after_help = "Nodes ranked by relevance to words, identifiers or a task description; docs and settings (a Markdown heading: kind `section`) below code unless the task names their file."
    )]
    Search {
        /// What to look for
        #[arg(required_unless_present = "query_file")]
        query: Option<String>,
        /// Read the query from a file (an issue text, at most 4 MiB; `-`: stdin)
        #[arg(long, value_name = "FILE", conflicts_with = "query")]
        query_file: Option<PathBuf>,
        /// Only these kinds (comma-separated): function, method, struct, …
        #[arg(long, short, value_delimiter = ',', value_parser = parse_kind)]
        kind: Vec<NodeKind>,
        /// Only this language: rust, python, go, javascript, typescript, tsx, java, c, cpp
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
        /// Only paths matching this glob (`src/**/*.rs`, `{src,lib}/**`) or prefix
        /// (repeatable: any of them)
        #[arg(long, value_name = "GLOB")]
        path: Vec<String>,
        /// Leave out paths matching this glob or prefix (repeatable): `tests/`
        #[arg(long, value_name = "GLOB")]
        exclude: Vec<String>,
        /// Most results (1 to 100)
        #[arg(long, short = 'n', default_value_t = query::DEFAULT_SEARCH_LIMIT as u64, value_parser = clap::value_parser!(u64).range(1..=query::MAX_SEARCH_LIMIT as u64))]
        limit: u64,
        /// Print the first N results' source, numbered (at most 40 lines each)
        #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=query::MAX_SHOW as u64))]
        show: u64,
        /// Each result's lines with the query's rarest words (0 to 5)
        #[arg(long, value_name = "N", default_value_t = query::DEFAULT_SEARCH_LINES as u64, value_parser = clap::value_parser!(u64).range(0..=query::MAX_SEARCH_LINES as u64))]
        lines: u64,
        /// Say why each result ranks: the task's words in its name, prose and code
        #[arg(long)]
        explain: bool,
        #[command(flatten)]
        many: ManyRepos,
    },
    /// Matching lines, numbered, under the definitions holding them
    #[command(
        after_help = "Lines of the indexed files, code and text (docs, settings), matching a regular expression (or, with -F, literal text), grouped under the innermost definition or Markdown section holding them."
    )]
    Grep {
        /// A regular expression (Rust regex syntax: `fn \w+_at\(`), or text with -F;
        /// then paths to search, as for --path (with -e, every argument is a path)
        #[arg(required_unless_present = "regexp", value_name = "PATTERN] [PATH")]
        pattern: Vec<String>,
        /// A pattern (repeatable: lines matching any), or one starting with `-`; with
        /// it, the arguments are all paths
        #[arg(long, short = 'e', value_name = "PATTERN", allow_hyphen_values = true)]
        regexp: Vec<String>,
        /// The pattern is literal text, not a regular expression
        #[arg(long = "fixed-strings", short = 'F')]
        fixed: bool,
        /// Ignore case
        #[arg(long, short = 'i')]
        ignore_case: bool,
        /// Only paths matching this glob (`src/**/*.rs`, `{src,lib}/**`) or prefix
        /// (repeatable: any of them); or only the lines of a definition, given its id
        /// (`src/x.rs::Type::f`)
        #[arg(long, value_name = "GLOB|ID")]
        path: Vec<String>,
        /// Leave out paths matching this glob or prefix (repeatable): `tests/`, `*.md`
        #[arg(long, value_name = "GLOB")]
        exclude: Vec<String>,
        /// Leave out matching lines that also match this pattern (repeatable; literal
        /// with -F): `--not 'debug!' --not '^\s*//'`, grep's `| grep -v` without the pipe
        #[arg(long, value_name = "PATTERN", allow_hyphen_values = true)]
        not: Vec<String>,
        /// Lines shown each side of a match (0 to 100)
        #[arg(long, short = 'C', value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=query::MAX_CONTEXT as u64))]
        context: u64,
        /// Each match with the whole definition holding it (one of up to 60 lines, from its
        /// code: the doc comments above it left out unless they match; in a longer one, 10
        /// lines each side, or -C's if more), as git grep -W: find and read in one call;
        /// -C also serves lines outside any definition
        #[arg(long, short = 'W')]
        function_context: bool,
        /// Only code files (languages pyramid parses): no docs, settings or other text
        #[arg(long)]
        code_only: bool,
        /// Most matching lines shown (all are counted); with --count, --defs or -l, most files
        #[arg(long, short = 'm', default_value_t = query::DEFAULT_GREP_LIMIT as u64, value_parser = clap::value_parser!(u64).range(1..=query::MAX_GREP_LIMIT as u64))]
        limit: u64,
        /// Most matching lines shown in one definition, the rest counted under it (0: no
        /// cap): one definition repeating the pattern does not fill the answer
        #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=query::MAX_GREP_LIMIT as u64))]
        max_per_def: u64,
        /// Accepted as grep has it: lines are always numbered
        #[arg(long = "line-number", short = 'n')]
        _line_number: bool,
        /// Only how many lines match, a line a file with its definitions: cheap
        #[arg(long, short = 'c')]
        count: bool,
        /// Every definition holding a match, one a line with its lines and how many
        /// match (--count with all the definitions, not a file's five): a map of where
        /// a pattern lives
        #[arg(long, conflicts_with = "files_only")]
        defs: bool,
        /// Only the files with matching lines, a line each with how many (-c without
        /// the definitions): the cheapest look
        #[arg(long = "files-with-matches", short = 'l', conflicts_with = "count")]
        files_only: bool,
        /// Leave out test code: test files, and tests inside a file (`mod tests`, test
        /// functions)
        #[arg(long)]
        no_tests: bool,
    },
    /// A node at a level of detail, or lines of a file, numbered
    #[command(
        after_help = "One node with its children one level coarser; or lines of a file (`src/lib.rs:40-90`)."
    )]
    Zoom {
        /// Node id: `.`, `src/`, `src/lib.rs`, `src/lib.rs::Type::method`, or a name one
        /// definition has (`method`); followed by `:FIRST-LAST` or `:LINE`, those lines of
        /// its file (several ranges: `:1-20,828-839`). Several ids, one after the other
        /// (at most 10 views)
        #[arg(required = true, num_args = 1..)]
        id: Vec<String>,
        /// label, gist, outline, source, or 0-3
        #[arg(long, short, default_value = "outline")]
        level: Level,
        /// How many levels of children to show (0 to 64)
        #[arg(long, short, default_value_t = query::DEFAULT_ZOOM_DEPTH, value_parser = clap::value_parser!(u32).range(0..=query::MAX_ZOOM_DEPTH as i64))]
        depth: u32,
        /// Number the lines of source (always for a line range)
        #[arg(long = "line-numbers", short = 'N')]
        line_numbers: bool,
        /// The lines of the id's file around this line (with --context each side)
        #[arg(long, value_name = "LINE")]
        around: Option<u32>,
        /// Lines each side of --around
        #[arg(
            long,
            short = 'C',
            value_name = "N",
            default_value_t = 10,
            requires = "around"
        )]
        context: u32,
        /// Most tokens of the answer (one id): a longer text is cut, with the call that
        /// shows the rest
        #[arg(long, short = 'b', value_name = "TOKENS", value_parser = clap::value_parser!(u64).range(100..))]
        budget: Option<u64>,
        /// Byte of the node's text to start from, as an answer cut at its budget names it
        #[arg(long, value_name = "BYTE", default_value_t = 0, requires = "budget")]
        offset: u64,
    },
    /// Where a definition is used, and what it uses
    #[command(
        after_help = "From the reference graph: lines of uses under the definitions holding them; matches by name only are marked."
    )]
    Refs {
        /// A function, method, type or constant id: `src/lib.rs::Config::load`
        /// (`name:id` for a registered repository); or a name defined nowhere in the
        /// repository (`requests.get`): the lines that write it
        id: String,
        /// Most lines of uses listed (all are counted); with --impls, most implementations
        #[arg(long, short = 'n', default_value_t = query::DEFAULT_REFS_LIMIT as u64, value_parser = clap::value_parser!(u64).range(1..=query::MAX_REFS_LIMIT as u64))]
        limit: u64,
        /// What implements or extends it instead: trait impls, subclasses, types whose
        /// declaration names it, each with its lines and members (a trait or class the
        /// repository does not define, such as `Display`, by name)
        #[arg(long)]
        impls: bool,
    },
    /// The context for a task within a token budget
    #[command(
        after_help = "The code that matters in full, what it uses and what uses it in one line each, the rest folded."
    )]
    // One group, so that a slice with no task names every way to give one.
    #[command(group(clap::ArgGroup::new("task").required(true).multiple(true).args(["query", "query_file", "focus"])))]
    Slice {
        /// The task: words, identifiers, or a whole issue text (optional with --focus)
        query: Option<String>,
        /// Read the task from a file (e.g. an issue text; at most 4 MiB); `-` for standard input
        #[arg(long, value_name = "FILE", conflicts_with = "query")]
        query_file: Option<PathBuf>,
        /// Centre the slice on this node id (repeatable), with or without a query
        #[arg(long, value_name = "ID")]
        focus: Vec<String>,
        /// Most tokens to print (o200k tokenizer)
        #[arg(long, short, default_value_t = query::DEFAULT_SLICE_BUDGET, value_name = "TOKENS")]
        budget: usize,
        /// markdown, or json (same as --json)
        #[arg(long, default_value = "markdown", value_parser = ["markdown", "json"])]
        format: String,
    },
    /// The top of the pyramid within a token budget
    Overview {
        /// Most tokens to print (o200k tokenizer)
        #[arg(long, default_value_t = query::DEFAULT_OVERVIEW_BUDGET, value_name = "TOKENS")]
        budget: usize,
    },
    /// Structural search: a tree-sitter query or a code pattern with metavariables
    ///
    /// Not matched: code inside Rust macro invocations (`println!(…)`, `assert!(…)`,
    /// `vec![…]`, any `name!(…)`) and `macro_rules!` bodies. tree-sitter parses them as
    /// token trees (identifiers and punctuation, no expressions), so neither --ast nor
    /// --query sees a call or expression there: in ripgrep, `--ast '$X.unwrap()'` finds
    /// 1,047 of its 1,156 `.unwrap()` calls. Search such code as text (`pyramid search`,
    /// grep). A request runs for at most 60 s, compiling the query included; a --query
    /// node pattern with more than 16 quantified (`*`, `+`, `?`) or `[…]` children, or a
    /// pattern with more than 32 in all, nested groups included, is refused first, as
    /// tree-sitter can spend minutes on one node with them.
    #[command(group = clap::ArgGroup::new("how").required(true))]
    Pattern {
        /// A tree-sitter query: `(call function: (attribute attr: (identifier) @m) (#eq? @m "sleep"))`
        #[arg(long, group = "how", value_name = "SCM", value_parser = parse_code)]
        query: Option<String>,
        /// Code with metavariables: `$X.unwrap()`, `def $F($$$ARGS): $$$BODY`
        #[arg(long, group = "how", value_name = "PATTERN", value_parser = parse_code)]
        ast: Option<String>,
        /// Functions and types shaped like this indexed one (renamed copies first)
        #[arg(long, group = "how", value_name = "ID")]
        like: Option<String>,
        /// Code shaped like this file, or these lines of it: `src/a.rs:10-30`
        #[arg(long, group = "how", value_name = "PATH[:START-END]")]
        like_file: Option<String>,
        /// Code shaped like this snippet (with --lang)
        #[arg(long, group = "how", value_name = "CODE", value_parser = parse_code)]
        like_text: Option<String>,
        /// Language of the query or pattern (rust, python, go, javascript, typescript,
        /// tsx, java, c, cpp) [default: the index's only one]
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
        /// Only paths matching this glob (`src/**/*.rs`, `{src,lib}/**`) or prefix
        /// (repeatable: any of them)
        #[arg(long, value_name = "GLOB")]
        path: Vec<String>,
        /// Most matches shown (1 to 100; all are counted)
        #[arg(long, short = 'n', default_value_t = query::DEFAULT_PATTERN_LIMIT as u64, value_parser = clap::value_parser!(u64).range(1..=query::MAX_PATTERN_LIMIT as u64))]
        limit: u64,
        /// Lines of the file shown before and after each match, numbered (0 to 100); without
        /// it, one line a match
        #[arg(long, short = 'C', value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=query::MAX_CONTEXT as u64))]
        context: u64,
        /// Show what each metavariable or capture matched (`$X = …`)
        #[arg(long)]
        captures: bool,
        #[command(flatten)]
        many: ManyRepos,
    },
    /// An exemplar with what it needs to be re-implemented elsewhere
    #[command(
        after_help = "The definitions it uses (dependencies first), its imports with declared versions, its tests."
    )]
    #[command(group = clap::ArgGroup::new("what").required(true))]
    Gene {
        /// The exemplar: a function, method, type or file id (`name:id` for a
        /// registered repository)
        #[arg(group = "what")]
        id: Option<String>,
        /// Instead, list candidate exemplars for a need: "retry with exponential backoff"
        #[arg(long, group = "what", value_name = "NEED")]
        find: Option<String>,
        /// Most tokens to print (o200k tokenizer)
        #[arg(long, short, default_value_t = query::DEFAULT_GENE_BUDGET, value_name = "TOKENS")]
        budget: usize,
        /// Most reference steps followed from the exemplar (1 to 10)
        #[arg(long, short, default_value_t = query::DEFAULT_DEPTH as u64, value_name = "STEPS", value_parser = clap::value_parser!(u64).range(1..=query::MAX_GENE_DEPTH as u64))]
        depth: u64,
        /// markdown, or json (same as --json)
        #[arg(long, default_value = "markdown", value_parser = ["markdown", "json"])]
        format: String,
        /// Most candidates listed (with --find; 1 to 30)
        #[arg(long, short = 'n', default_value_t = query::DEFAULT_GENE_FIND_LIMIT as u64, value_parser = clap::value_parser!(u64).range(1..=query::MAX_GENE_FIND_LIMIT as u64))]
        limit: u64,
        #[command(flatten)]
        many: ManyRepos,
    },
    /// Build or update the index
    #[command(after_help = "Incremental: unchanged files are not parsed again.")]
    Index {
        /// Repository to index (same as --repo)
        #[arg(value_name = "DIR")]
        path: Option<PathBuf>,
        /// Start over instead of updating
        #[arg(long)]
        rebuild: bool,
        /// Skip files larger than this many bytes [default: the last run's, else 1048576]
        #[arg(long, value_name = "BYTES")]
        max_file_size: Option<u64>,
    },
    /// Is the index fresh?
    #[command(after_help = "Which files changed, were added or deleted since it was built.")]
    Status {
        /// Files larger than this many bytes are not indexed [default: the index's limit]
        #[arg(long, value_name = "BYTES")]
        max_file_size: Option<u64>,
    },
    /// Keep the index fresh while files change
    #[command(after_help = "One line per refresh.")]
    Watch {
        /// Quiet time after a change before the index is refreshed
        #[arg(long, default_value_t = 300, value_name = "MS")]
        debounce_ms: u64,
        /// Log detail on stderr: error, warn, info, debug or trace
        #[arg(long, default_value = "warn", value_name = "LEVEL")]
        log_level: tracing::Level,
    },
    /// Serve the index to agents over MCP (stdio)
    #[command(
        after_help = "Tools: overview, zoom, refs, grep, search, slice, pattern, gene, gene_find, semport_plan, semport_status, index."
    )]
    Mcp {
        /// Log detail on stderr: error, warn, info, debug or trace
        #[arg(long, default_value = "warn", value_name = "LEVEL")]
        log_level: tracing::Level,
        /// Longest a tool call waits for an index build or refresh in progress before
        /// answering without it
        #[arg(long, default_value_t = 10_000, value_name = "MS")]
        wait_ms: u64,
    },
    /// Port code between Python and Rust
    #[command(
        after_help = "Plan it unit by unit, record what was ported, and see what went stale since."
    )]
    Semport {
        #[command(subcommand)]
        action: SemportAction,
    },
    /// Registered repositories that --all and --repos query together
    Repos {
        #[command(subcommand)]
        action: ReposAction,
    },
    /// Compiles a tree-sitter query read from stdin: exit 0 when it compiles, 2 when not.
    /// The MCP server asks a child process this first, so that a query on which
    /// tree-sitter's compiler aborts ends the child, not the server.
    #[command(name = "__check-query", hide = true)]
    CheckQuery {
        /// A language name
        #[arg(long, value_name = "LANG", value_parser = parse_lang)]
        lang: Lang,
    },
}

/// `--all` / `--repos`: query registered repositories together.
#[derive(clap::Args, Debug)]
struct ManyRepos {
    /// Query every registered repository (`pyramid repos list`); ids print as `name:id`
    #[arg(long, conflicts_with = "repos")]
    all: bool,
    /// Query these registered repositories (comma-separated names)
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    repos: Vec<String>,
}

#[derive(Subcommand, Debug)]
enum SemportAction {
    /// The units of a scope in the order they can be ported, leaves first, each with
    /// its source, what it uses, its outside APIs and a skeleton in the target language
    Plan {
        /// The language to port to: rust or python
        #[arg(long, value_parser = parse_lang)]
        to: Lang,
        /// A directory, file or item id [default: the whole repository]
        #[arg(value_name = "SCOPE")]
        scope: Option<String>,
        /// markdown, or json (same as --json)
        #[arg(long, default_value = "markdown", value_parser = ["markdown", "json"])]
        format: String,
    },
    /// Record that a source unit was ported to a target unit (or, with --auto, every
    /// unit whose target has the same name)
    #[command(group = clap::ArgGroup::new("what").required(true))]
    Link {
        /// Source unit id (in this repository)
        #[arg(group = "what", requires = "target")]
        source: Option<String>,
        /// Target unit id (in the target repository)
        target: Option<String>,
        /// Match unported units to target units by name and module
        #[arg(long, group = "what")]
        auto: bool,
        /// The port's target repository [default: the one the port map remembers, when
        /// it is inside this repository and indexed]
        #[arg(long, value_name = "DIR")]
        target_repo: Option<PathBuf>,
        /// The language ported to, remembered in the port map [default: the target
        /// repository's only language]
        #[arg(long, value_parser = parse_lang)]
        to: Option<Lang>,
        /// What is ported: a directory, file or item id, remembered in the port map
        /// [default: the whole repository]
        #[arg(long, value_name = "ID")]
        scope: Option<String>,
        /// Notes to keep with the pair
        #[arg(long, value_name = "TEXT", conflicts_with = "auto")]
        notes: Option<String>,
    },
    /// Which units are ported, stale (source changed since), missing (target gone) or
    /// unported; exit code 1 when any is stale or missing
    Status {
        /// The port's target repository [default: the one the port map remembers, when
        /// it is inside this repository and indexed]
        #[arg(long, value_name = "DIR")]
        target_repo: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
enum ReposAction {
    /// Register an indexed repository
    Add {
        /// The repository's root [default: --repo, else found from here]
        #[arg(value_name = "PATH")]
        path: Option<PathBuf>,
        /// Its name in `name:id` [default: its folder's name]
        #[arg(long)]
        name: Option<String>,
    },
    /// The registered repositories
    List,
    /// Unregister a repository (its index stays)
    Remove {
        /// Its name
        name: String,
    },
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match execute(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            let usage = err.downcast_ref::<Error>().is_some_and(|e| {
                matches!(
                    e,
                    Error::UnknownId { .. }
                        | Error::InvalidArgument(_)
                        | Error::Unanswerable { .. }
                        | Error::BadRepo { .. }
                        | Error::UnnamedPortTarget { .. }
                        | Error::IndexOfAnotherRepo { .. }
                )
            });
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn execute(cli: Cli) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    if let Command::Mcp { log_level, wait_ms } = cli.command {
        // Before stdout is locked below: the server writes to it from other threads.
        log_to_stderr(log_level);
        let location =
            Location::resolve(cli.repo.as_deref(), cli.index_dir.as_deref(), &cwd, true)?;
        pyramid::mcp::serve_stdio(location, std::time::Duration::from_millis(wait_ms))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    match cli.command {
        Command::Index {
            path,
            rebuild,
            max_file_size,
        } => {
            let repo = one_repo(cli.repo, path, &cwd)?;
            let location = if rebuild {
                Location::resolve_replacing(repo.as_deref(), cli.index_dir.as_deref(), &cwd)?
            } else {
                Location::resolve(repo.as_deref(), cli.index_dir.as_deref(), &cwd, true)?
            };
            let progress = Bar::new();
            let report = indexer::index(
                &location,
                &IndexOptions {
                    rebuild,
                    max_file_size,
                },
                &progress,
            )?;
            if cli.json {
                writeln!(out, "{}", serde_json::to_string(&report)?)?;
            } else {
                write!(out, "{}", text::render_index_report(&report))?;
            }
        }
        Command::Status { max_file_size } => {
            let reader = open(&cli.repo, &cli.index_dir, &cwd)?;
            let status = query::status(&reader, max_file_size)?;
            if cli.json {
                writeln!(out, "{}", serde_json::to_string(&status)?)?;
            } else {
                write!(out, "{}", text::render_status(&status))?;
            }
        }
        Command::Overview { budget } => {
            pyramid::tokens::warm_up();
            let reader = open(&cli.repo, &cli.index_dir, &cwd)?;
            let view = query::overview(&reader, budget)?;
            if cli.json {
                writeln!(out, "{}", json::view(&view))?;
            } else {
                write!(out, "{}", text::render_view(&view))?;
            }
        }
        Command::Search {
            query,
            query_file,
            kind,
            lang,
            path,
            exclude,
            limit,
            show,
            lines,
            explain,
            many,
        } => {
            let query = match (query, query_file) {
                (Some(query), _) => query,
                (None, Some(file)) => read_query_file(&file)?,
                (None, None) => unreachable!("clap requires a query or a query file"),
            };
            let request = query::SearchRequest {
                query,
                kinds: kind,
                lang,
                path,
                exclude,
                limit: usize::try_from(limit).unwrap_or(usize::MAX),
                show: usize::try_from(show).unwrap_or(query::MAX_SHOW),
                lines: usize::try_from(lines).unwrap_or(query::MAX_SEARCH_LINES),
                explain,
            };
            let results = match open_many(&many)? {
                Some(repos) => query::search_many(&repos, &request)?,
                None => query::search(&open(&cli.repo, &cli.index_dir, &cwd)?, &request)?,
            };
            let found = &results.found;
            if found.is_empty() {
                // An empty list is still an answer to a program reading JSON.
                if cli.json {
                    writeln!(out, "[]")?;
                }
                eprintln!(
                    "no node matches this query: try other words, fewer filters, or `pyramid overview`"
                );
                return Ok(ExitCode::from(1));
            }
            if cli.json {
                writeln!(out, "{}", serde_json::to_string(found)?)?;
            } else {
                write!(out, "{}", text::render_found(found))?;
                if let Some(next) = results.larger_limit(request.limit) {
                    writeln!(out, "… more match: -n {next}")?;
                } else if results.more {
                    writeln!(out, "… more match: narrow with --path, --exclude or --kind")?;
                }
            }
        }
        Command::Slice {
            query,
            query_file,
            focus,
            budget,
            format,
        } => {
            let query = match (query, query_file) {
                (Some(query), _) => Some(query),
                (None, Some(file)) => Some(read_query_file(&file)?),
                (None, None) => None,
            };
            pyramid::tokens::warm_up();
            let reader = open(&cli.repo, &cli.index_dir, &cwd)?;
            let request = query::SliceRequest {
                query,
                focus,
                budget,
            };
            let slice = query::slice(&reader, &request)?;
            if slice.entries.is_empty() {
                eprintln!(
                    "nothing matches this task: try other words, name a node with --focus, or see `pyramid overview`"
                );
                return Ok(ExitCode::from(1));
            }
            note_stale(&slice.stale);
            if cli.json || format == "json" {
                writeln!(out, "{}", serde_json::to_string(&slice)?)?;
            } else {
                write!(out, "{}", slice.text)?;
            }
        }
        Command::Mcp { .. } => unreachable!("served above"),
        Command::CheckQuery { lang } => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                .context("cannot read the query from stdin")?;
            query::check_pattern(&query::PatternSpec::Query(text), lang)?;
        }
        Command::Repos { action } => {
            let path = registry_path()?;
            let mut registry = Registry::load(&path)?;
            match action {
                ReposAction::Add { path: dir, name } => {
                    let dir = dir.or(cli.repo);
                    let location =
                        Location::resolve(dir.as_deref(), cli.index_dir.as_deref(), &cwd, false)?;
                    let name = registry.add(&location, name.as_deref())?;
                    registry.save(&path)?;
                    eprintln!("registered `{name}`: {}", location.repo_root.display());
                }
                ReposAction::Remove { name } => {
                    registry.remove(&name)?;
                    registry.save(&path)?;
                    eprintln!("unregistered `{name}` (its index stays)");
                }
                ReposAction::List => {}
            }
            if cli.json {
                writeln!(out, "{}", serde_json::to_string(&registry.repos)?)?;
            } else {
                for (name, repo) in &registry.repos {
                    writeln!(out, "{name}\t{}", repo.repo_root.display())?;
                }
            }
        }
        Command::Watch {
            debounce_ms,
            log_level,
        } => {
            log_to_stderr(log_level);
            let location =
                Location::resolve(cli.repo.as_deref(), cli.index_dir.as_deref(), &cwd, true)?;
            eprintln!(
                "watching {} for changes (Ctrl-C to stop)",
                location.repo_root.display()
            );
            let mut failure = None;
            let mut report_run =
                |outcome: pyramid::Result<indexer::IndexReport>| -> anyhow::Result<()> {
                    match outcome {
                        Ok(report) if cli.json => {
                            writeln!(out, "{}", serde_json::to_string(&report)?)?
                        }
                        Ok(report) => write!(out, "{}", text::render_index_report(&report))?,
                        Err(Error::Locked(_)) => {
                            eprintln!(
                                "note: another `pyramid index` holds the index; trying again"
                            );
                        }
                        Err(err) => eprintln!("error: {err}"),
                    }
                    Ok(out.flush()?)
                };
            pyramid::watch::watch(
                &location,
                std::time::Duration::from_millis(debounce_ms),
                |outcome| match report_run(outcome) {
                    Ok(()) => pyramid::watch::Next::Continue,
                    Err(err) => {
                        failure = Some(err);
                        pyramid::watch::Next::Stop
                    }
                },
            )?;
            if let Some(err) = failure {
                return Err(err);
            }
        }
        Command::Pattern {
            query,
            ast,
            like,
            like_file,
            like_text,
            lang,
            path,
            limit,
            context,
            captures,
            many,
        } => {
            let repos = open_many(&many)?;
            let registry_id = |id: &str| -> anyhow::Result<Option<(Reader, String)>> {
                Ok(match registered_id(id) {
                    Some((location, rest)) => Some((Reader::open(&location)?, rest)),
                    None => None,
                })
            };
            // The index the example is read from (and, alone, searched).
            let (reader, example) = match (like, like_file, like_text) {
                (Some(id), _, _) => match registry_id(&id)? {
                    Some((reader, rest)) => (reader, Some(query::Example::Id(rest))),
                    None => (
                        open(&cli.repo, &cli.index_dir, &cwd)?,
                        Some(query::Example::Id(id)),
                    ),
                },
                (None, Some(file), _) => (
                    open(&cli.repo, &cli.index_dir, &cwd)?,
                    Some(parse_like_file(&file)?),
                ),
                (None, None, like_text) => {
                    // With --all or --repos, no current repository is needed: the
                    // language, unless given, is the one the repositories share.
                    let reader = match &repos {
                        Some(repos) => match repos.first() {
                            Some((_, first)) => Reader::open(first.location())?,
                            None => {
                                return Err(Error::InvalidArgument(
                                    "no registered repository to search: `pyramid repos add PATH` registers one".into(),
                                )
                                .into());
                            }
                        },
                        None => open(&cli.repo, &cli.index_dir, &cwd)?,
                    };
                    let example = match like_text {
                        Some(code) => Some(query::Example::Text {
                            code,
                            lang: match (lang, &repos) {
                                (Some(lang), _) => lang,
                                (None, Some(repos)) => {
                                    only_language(repos.iter().map(|(_, reader)| reader))?
                                }
                                (None, None) => only_language([&reader])?,
                            },
                        }),
                        None => None,
                    };
                    (reader, example)
                }
            };
            if let Some(example) = example {
                let limit = usize::try_from(limit).unwrap_or(usize::MAX);
                let found = match &repos {
                    Some(repos) => {
                        let shape = query::example_shape(&reader, &example)?;
                        query::like_many(repos, &shape, limit)?
                    }
                    None => query::like(&reader, &example, limit)?,
                };
                if found.is_empty() {
                    eprintln!("nothing shaped like this example");
                    return Ok(ExitCode::from(1));
                }
                if cli.json {
                    writeln!(out, "{}", serde_json::to_string(&found)?)?;
                } else {
                    write!(out, "{}", text::render_similar(&found))?;
                }
                out.flush()?;
                return Ok(ExitCode::SUCCESS);
            }
            let spec = match (query, ast) {
                (Some(query), _) => query::PatternSpec::Query(query),
                (None, Some(ast)) => query::PatternSpec::Ast(ast),
                (None, None) => unreachable!("clap requires one of --query, --ast, --like…"),
            };
            let lang = match (lang, &repos) {
                (Some(lang), _) => lang,
                (None, Some(repos)) => only_language(repos.iter().map(|(_, reader)| reader))?,
                (None, None) => only_language([&reader])?,
            };
            let request = query::PatternRequest {
                spec,
                lang,
                path,
                limit: usize::try_from(limit).unwrap_or(usize::MAX),
                context: usize::try_from(context).unwrap_or(query::MAX_CONTEXT),
            };
            let result = match &repos {
                Some(repos) => query::pattern_many(repos, &request)?,
                None => query::pattern(&reader, &request)?,
            };
            for warning in &result.warnings {
                eprintln!("warning: {warning}");
            }
            if result.total == 0 {
                if result.files_matched == 0 && !result.required_words.is_empty() {
                    eprintln!(
                        "no match: no {} file contains all of {}",
                        lang.name(),
                        result.required_words.join(", ")
                    );
                } else {
                    eprintln!(
                        "no match in {}: compare the pattern with the code it should match (`pyramid zoom ID --level source`)",
                        pyramid::words::plural(
                            result.files_matched,
                            &format!("{} file", lang.name())
                        )
                    );
                }
                return Ok(ExitCode::from(1));
            }
            if cli.json {
                writeln!(out, "{}", serde_json::to_string(&result)?)?;
            } else {
                write!(out, "{}", text::render_pattern(&result, captures))?;
            }
        }
        Command::Gene {
            id,
            find,
            budget,
            depth,
            format,
            limit,
            many,
        } => {
            pyramid::tokens::warm_up();
            let depth = usize::try_from(depth).unwrap_or(query::MAX_GENE_DEPTH);
            if let Some(need) = find {
                let request = query::GeneFindRequest {
                    query: need,
                    limit: usize::try_from(limit).unwrap_or(usize::MAX),
                    depth,
                };
                let found = match open_many(&many)? {
                    Some(repos) => query::gene_find_many(&repos, &request)?,
                    None => query::gene_find(&open(&cli.repo, &cli.index_dir, &cwd)?, &request)?,
                };
                if found.is_empty() {
                    eprintln!(
                        "nothing matches this need: try other words, or `pyramid search` with fewer of them"
                    );
                    return Ok(ExitCode::from(1));
                }
                if cli.json || format == "json" {
                    writeln!(out, "{}", serde_json::to_string(&found)?)?;
                } else {
                    write!(out, "{}", text::render_exemplars(&found))?;
                }
            } else {
                if many.all || !many.repos.is_empty() {
                    return Err(Error::InvalidArgument(
                        "--all and --repos go with --find; for one exemplar of a registered repository give its id as `name:id`".into(),
                    )
                    .into());
                }
                let id = id.unwrap_or_default();
                let (reader, id) = match registered_id(&id) {
                    Some((location, rest)) => (Reader::open(&location)?, rest),
                    None => (open(&cli.repo, &cli.index_dir, &cwd)?, id),
                };
                let gene = query::gene(&reader, &query::GeneRequest { id, budget, depth })?;
                note_stale(&gene.stale);
                if cli.json || format == "json" {
                    writeln!(out, "{}", serde_json::to_string(&gene)?)?;
                } else {
                    write!(out, "{}", gene.text)?;
                }
            }
        }
        Command::Semport { action } => {
            let location =
                Location::resolve(cli.repo.as_deref(), cli.index_dir.as_deref(), &cwd, false)?;
            return semport(&location, action, cli.json, &cwd, &mut out);
        }
        Command::Grep {
            pattern,
            regexp,
            fixed,
            ignore_case,
            path,
            exclude,
            not,
            context,
            function_context,
            code_only,
            limit,
            max_per_def,
            count,
            defs,
            files_only,
            no_tests,
            _line_number,
        } => {
            let reader = open(&cli.repo, &cli.index_dir, &cwd)?;
            // As grep and rg read them: the first argument is the pattern unless -e
            // gives it; the others are paths.
            let mut arguments = pattern.into_iter();
            let patterns: Vec<String> = match regexp.is_empty() {
                true => arguments.next().into_iter().collect(),
                false => regexp,
            };
            let path: Vec<String> = path.into_iter().chain(arguments).collect();
            let request = query::GrepRequest {
                patterns,
                fixed,
                ignore_case,
                path,
                exclude,
                not,
                function_context,
                code_only,
                context: usize::try_from(context).unwrap_or(query::MAX_CONTEXT),
                limit: usize::try_from(limit).unwrap_or(usize::MAX),
                max_per_def: usize::try_from(max_per_def).unwrap_or(usize::MAX),
                count: count || defs,
                definitions: defs,
                files_only,
                no_tests,
            };
            let result = query::grep(&reader, &request)?;
            if !result.stale.is_empty() {
                eprintln!("{}", text::grep_stale_note(&result));
            }
            if result.total == 0 {
                eprintln!(
                    "{}",
                    text::grep_nothing(
                        &result,
                        &request,
                        "--path and --exclude",
                        "--path",
                        ["--not", "--no-tests"]
                    )
                );
                return Ok(ExitCode::from(1));
            }
            if cli.json {
                writeln!(out, "{}", serde_json::to_string(&result)?)?;
            } else {
                write!(
                    out,
                    "{}",
                    text::render_grep(
                        &result,
                        "raise --limit or narrow with --path",
                        "--path",
                        "--defs"
                    )
                )?;
            }
        }
        Command::Refs { id, limit, impls } => {
            let (reader, id) = open_for_id(&cli.repo, &cli.index_dir, &cwd, id)?;
            let request = query::RefsRequest {
                id,
                limit: usize::try_from(limit).unwrap_or(usize::MAX),
                impls,
            };
            let refs = query::refs(&reader, &request)?;
            if cli.json {
                writeln!(out, "{}", serde_json::to_string(&refs)?)?;
            } else {
                let flag = if impls { " --impls" } else { "" };
                let more = format!("pyramid refs {}{flag} --limit", refs.id);
                write!(out, "{}", text::render_refs(&refs, &more))?;
            }
        }
        Command::Zoom {
            id,
            level,
            depth,
            line_numbers,
            around,
            context,
            budget,
            offset,
        } => {
            let ids = match (around, id.as_slice()) {
                (Some(line), [id]) => {
                    let (first, last) = query::around(line, context);
                    vec![format!("{id}:{first}-{last}")]
                }
                (Some(_), _) => {
                    return Err(Error::InvalidArgument(
                        "--around reads lines of one file: give one id with it".into(),
                    )
                    .into());
                }
                (None, _) => id,
            };
            // `FILE:1-20,828-839`: one view a range.
            let ids = query::zoom_ids(&ids)?;
            if budget.is_some() && ids.len() != 1 {
                return Err(Error::InvalidArgument(
                    "--budget cuts one text: give one id (or one line range) with it".into(),
                )
                .into());
            }
            let mut views = Vec::new();
            for id in ids {
                let (reader, id) = open_for_id(&cli.repo, &cli.index_dir, &cwd, id)?;
                let line_numbers = line_numbers || query::split_line_range(&id).is_some();
                let view = query::zoom(&reader, &id, level, depth)?;
                if let Some(note) = text::stale_note(&view) {
                    eprintln!("{note}");
                }
                views.push((id, line_numbers, view));
            }
            if let (Some(budget), [(id, line_numbers, view)]) = (budget, views.as_mut_slice()) {
                let length = view.text.len();
                let skipped = query::skip_to_offset(view, usize::try_from(offset)?)?;
                let offset = length - view.text.len();
                if cli.json {
                    writeln!(out, "{}", json::view(view))?;
                } else {
                    let first_line = text::first_line(view)
                        .filter(|_| *line_numbers)
                        .map(|first| first + skipped);
                    let numbers = if *line_numbers { " -N" } else { "" };
                    // Quoted for a shell when it holds more than a path's characters
                    // (`src/a.rs::Foo for &mut T`).
                    let plain = id
                        .chars()
                        .all(|c| c.is_alphanumeric() || "_./:#,-".contains(c));
                    let shown = match plain {
                        true => id.clone(),
                        false => format!("'{}'", id.replace('\'', r"'\''")),
                    };
                    let resume = |byte: usize| {
                        format!(
                            "pyramid zoom {shown} -l {level} -d {depth} --budget {budget} --offset {byte}{numbers}"
                        )
                    };
                    let how = "zoom into a child id, a coarser level, or a larger --budget";
                    let budget = usize::try_from(budget)?;
                    write!(
                        out,
                        "{}",
                        text::render_view_within(view, budget, offset, first_line, &resume, how)
                    )?;
                }
                out.flush()?;
                return Ok(ExitCode::SUCCESS);
            }
            let views: Vec<query::View> = views
                .into_iter()
                .map(|(_, line_numbers, mut view)| {
                    if !cli.json
                        && line_numbers
                        && let Some(first) = text::first_line(&view)
                    {
                        view.text = text::numbered(&view.text, first);
                    }
                    view
                })
                .collect();
            if cli.json {
                match views.as_slice() {
                    [view] => writeln!(out, "{}", json::view(view))?,
                    views => writeln!(
                        out,
                        "{}",
                        serde_json::Value::Array(views.iter().map(json::view).collect())
                    )?,
                }
            } else {
                write!(out, "{}", text::render_ranges(&views))?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The index an id is read from: `name:id` reads a registered repository, any other
/// id the current one.
fn open_for_id(
    repo: &Option<PathBuf>,
    index_dir: &Option<PathBuf>,
    cwd: &Path,
    id: String,
) -> anyhow::Result<(Reader, String)> {
    Ok(match registered_id(&id) {
        Some((location, rest)) => (Reader::open(&location)?, rest),
        None => match open(repo, index_dir, cwd) {
            Ok(reader) => (reader, id),
            // `name:id` of no registered repository, and no index here either:
            // say both, not only the missing index.
            Err(err) if looks_registered(&id) => {
                let name = id.split(':').next().unwrap_or_default();
                return Err(err.context(format!(
                    "`{name}` is not a registered repository (`pyramid repos list` shows them; `pyramid repos add PATH --name {name}` adds one), so `{id}` was read as an id of this repository"
                )));
            }
            Err(err) => return Err(err),
        },
    })
}

/// Sends the library's and the MCP SDK's logs to stderr: stdout carries only results
/// (and, for `mcp`, protocol messages).
fn log_to_stderr(level: tracing::Level) {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_target(false)
        .try_init();
}

/// `pyramid semport …`.
fn semport(
    location: &Location,
    action: SemportAction,
    json: bool,
    cwd: &std::path::Path,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let mut map = semport::PortMap::load(location)?;
    // The target repository: as given (and then remembered), else as remembered.
    let target = |given: Option<PathBuf>,
                  map: &mut semport::PortMap|
     -> anyhow::Result<(Reader, Option<String>)> {
        let given = given.map(|dir| cwd.join(dir));
        let target = semport::target_location(location, map, given.as_deref(), cwd)?
            .ok_or_else(|| {
                Error::InvalidArgument(
                    "which repository is the port's target? give --target-repo DIR (it is remembered in the port map)".into(),
                )
            })?;
        if given.is_some() {
            map.set_target_dir(location, &target.repo_root);
        }
        Ok(semport::open_fresh(&target)?)
    };
    match action {
        SemportAction::Plan { to, scope, format } => {
            pyramid::tokens::warm_up();
            let reader = Reader::open(location)?;
            let plan = semport::plan(&reader, &semport::PlanRequest { to, scope }, &map)?;
            if json || format == "json" {
                writeln!(out, "{}", serde_json::to_string(&plan)?)?;
            } else {
                write!(out, "{}", markdown::plan(&plan))?;
            }
        }
        SemportAction::Link {
            source,
            target: target_id,
            auto,
            target_repo,
            to,
            scope,
            notes,
        } => {
            let (source_reader, note) = semport::open_fresh(location)?;
            note.iter().for_each(|n| eprintln!("{n}"));
            let (target_reader, note) = target(target_repo, &mut map)?;
            note.iter().for_each(|n| eprintln!("{n}"));
            if let Some(to) = to {
                map.to = Some(to);
            }
            if map.to.is_none()
                && let [only] = target_reader.manifest()?.languages().as_slice()
            {
                map.to = Some(*only);
            }
            if let Some(scope) = scope {
                map.scope = Some(query::find(&source_reader, &scope)?.id);
            }
            let report = if auto {
                semport::link_auto(&mut map, (location, &source_reader), &target_reader)?
            } else {
                let pair = semport::Link {
                    source: source.as_deref().unwrap_or_default(),
                    target: target_id.as_deref().unwrap_or_default(),
                    notes: notes.as_deref(),
                };
                let linked =
                    semport::link(&mut map, (location, &source_reader), &target_reader, &pair)?;
                semport::LinkReport {
                    linked: vec![linked],
                    ..semport::LinkReport::default()
                }
            };
            map.save(location)?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&report)?)?;
            } else {
                write!(out, "{}", text::render_link_report(&report))?;
            }
        }
        SemportAction::Status { target_repo } => {
            let (source_reader, note) = semport::open_fresh(location)?;
            note.iter().for_each(|n| eprintln!("{n}"));
            let remembered = map.clone();
            let (target_reader, note) = target(target_repo, &mut map)?;
            note.iter().for_each(|n| eprintln!("{n}"));
            if map != remembered {
                map.save(location)?;
            }
            let report = semport::status(&map, (location, &source_reader), &target_reader)?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&report)?)?;
            } else {
                write!(out, "{}", text::render_port_status(&report))?;
            }
            out.flush()?;
            if report.stale > 0 || report.missing > 0 {
                return Ok(ExitCode::from(1));
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The repository `index` is given by `--repo` and by its `DIR` argument: both only
/// when they are the same folder.
fn one_repo(
    flag: Option<PathBuf>,
    argument: Option<PathBuf>,
    cwd: &std::path::Path,
) -> anyhow::Result<Option<PathBuf>> {
    let (Some(flag), Some(argument)) = (&flag, &argument) else {
        return Ok(flag.or(argument));
    };
    let folder = |p: &PathBuf| cwd.join(p).canonicalize().unwrap_or_else(|_| cwd.join(p));
    if folder(flag) != folder(argument) {
        return Err(Error::InvalidArgument(format!(
            "--repo `{}` and the DIR argument `{}` name different repositories: give one of them",
            flag.display(),
            argument.display()
        ))
        .into());
    }
    Ok(Some(argument.clone()))
}

/// Says on stderr which files shown at source changed since they were indexed.
fn note_stale(paths: &[String]) {
    for path in paths {
        eprintln!(
            "note: {path} changed on disk since it was indexed; this is the indexed text (run `pyramid index` to refresh)"
        );
    }
}

fn read_query_file(file: &std::path::Path) -> anyhow::Result<String> {
    use std::io::Read as _;
    let name = if file == std::path::Path::new("-") {
        "standard input".to_string()
    } else {
        format!("the query file `{}`", file.display())
    };
    let cannot = |e: std::io::Error| -> anyhow::Error {
        Error::InvalidArgument(format!(
            "cannot read {name}: {e}; give a readable UTF-8 text file, or `-` for standard input"
        ))
        .into()
    };
    let reader: Box<dyn std::io::Read> = if file == std::path::Path::new("-") {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(file).map_err(cannot)?)
    };
    // Read one byte past the limit to tell a file of exactly the limit from a longer
    // one, and never more: a query from `/dev/zero` must not fill the memory.
    let mut bytes = Vec::new();
    reader
        .take(QUERY_FILE_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > QUERY_FILE_LIMIT {
        return Err(Error::InvalidArgument(format!(
            "{name} is over {} MiB, the most a query may be: give the task's text, not its attachments (logs, data)",
            QUERY_FILE_LIMIT >> 20
        ))
        .into());
    }
    String::from_utf8(bytes).map_err(|_| cannot(std::io::ErrorKind::InvalidData.into()))
}

/// The most bytes `--query-file` reads: far more than any task text.
const QUERY_FILE_LIMIT: u64 = 4 << 20;

/// `PATH` or `PATH:START-END` of `--like-file`.
fn parse_like_file(value: &str) -> anyhow::Result<query::Example> {
    let bad = || {
        Error::InvalidArgument(format!(
            "bad --like-file `{value}`: give PATH or PATH:START-END, e.g. src/a.rs:10-30"
        ))
    };
    let (path, lines) = match value.rsplit_once(':') {
        Some((path, range)) if range.chars().all(|c| c.is_ascii_digit() || c == '-') => {
            let (first, last) = range.split_once('-').unwrap_or((range, range));
            let first: u32 = first.parse().map_err(|_| bad())?;
            let last: u32 = last.parse().map_err(|_| bad())?;
            if first == 0 || last < first {
                return Err(bad().into());
            }
            (path, Some((first, last)))
        }
        _ => (value, None),
    };
    Ok(query::Example::File {
        path: path.trim_start_matches("./").to_string(),
        lines,
    })
}

/// The language of an index that holds only one; else a usage error asking for it.
fn only_language<'r>(readers: impl IntoIterator<Item = &'r Reader>) -> anyhow::Result<Lang> {
    let mut langs: Vec<Lang> = Vec::new();
    for reader in readers {
        langs.extend(reader.manifest()?.languages());
    }
    langs.sort_by_key(|lang| lang.name());
    langs.dedup();
    match langs.as_slice() {
        [lang] => Ok(*lang),
        _ => Err(Error::InvalidArgument(format!(
            "say which language the pattern is in: --lang, one of {}",
            Lang::names()
        ))
        .into()),
    }
}

fn parse_kind(name: &str) -> Result<NodeKind, String> {
    NodeKind::parse(name).ok_or_else(|| {
        let all: Vec<&str> = NodeKind::ALL.iter().map(|k| k.name()).collect();
        format!("unknown kind `{name}`; kinds: {}", all.join(", "))
    })
}

/// A query, pattern or example: empty or only whitespace, it would match nothing (or
/// everything), so it is a usage error.
fn parse_code(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err("it is empty or only whitespace: give the code or query to match".to_string());
    }
    Ok(text.to_string())
}

fn parse_lang(name: &str) -> Result<Lang, String> {
    Lang::parse(name)
        .ok_or_else(|| format!("unknown language `{name}`; languages: {}", Lang::names()))
}

/// A registered repository's location and the id inside it, for `name:id`; `None`
/// for a plain id. A registry that cannot be read is reported and ignored: a local id
/// still works.
fn registered_id(id: &str) -> Option<(Location, String)> {
    if !looks_registered(id) {
        return None;
    }
    let registry = match registry_path().and_then(|path| Registry::load(&path)) {
        Ok(registry) => registry,
        Err(err) => {
            eprintln!("warning: {err}; reading `{id}` in this repository");
            return None;
        }
    };
    registry
        .split_id(id)
        .map(|(repo, rest)| (repo.location(), rest.to_string()))
}

/// Whether an id has the `name:id` form of a registered repository's ids (a `::`
/// path or a name with a `/` is an id of this repository).
fn looks_registered(id: &str) -> bool {
    id.split_once(':').is_some_and(|(name, rest)| {
        !name.is_empty() && !rest.starts_with(':') && !name.contains('/')
    })
}

/// The registered repositories `--all` or `--repos` names, opened; `None` without
/// either.
fn open_many(many: &ManyRepos) -> anyhow::Result<Option<Vec<query::Named>>> {
    if !many.all && many.repos.is_empty() {
        return Ok(None);
    }
    let opened = Registry::load(&registry_path()?)?.open(&many.repos)?;
    for left_out in &opened.left_out {
        eprintln!("warning: {left_out}; answering from the others");
    }
    Ok(Some(opened.readers))
}

fn open(
    repo: &Option<PathBuf>,
    index_dir: &Option<PathBuf>,
    cwd: &std::path::Path,
) -> anyhow::Result<Reader> {
    let location = Location::resolve(repo.as_deref(), index_dir.as_deref(), cwd, false)?;
    Ok(Reader::open(&location)?)
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new() -> Bar {
        if !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} indexing {pos}/{len} files [{bar:30}] {elapsed}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Bar(Some(bar))
    }
}

impl Progress for Bar {
    fn start(&self, total: u64) {
        if let Some(bar) = &self.0 {
            bar.set_length(total);
        }
    }
    fn advance(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }
    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
