//! The library's error type: every variant says what went wrong and what to do next.

use std::path::{Path, PathBuf};

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The repository directory given by the user is unusable.
    #[error("repository `{path}` {problem}")]
    BadRepo {
        /// The path the user gave.
        path: PathBuf,
        /// What is wrong with it.
        problem: String,
    },

    /// No index exists where one was expected.
    #[error("no index at `{0}`: run `pyramid index` in the repository first")]
    NoIndex(PathBuf),

    /// No repository with an index was found from the current directory upwards.
    #[error(
        "no pyramid index found in `{0}` or any parent directory: run `pyramid index` in the repository, or pass `--repo DIR`"
    )]
    NoIndexFound(PathBuf),

    /// The index was written by a build of pyramid with another format.
    #[error("{}", format_mismatch(.path, .found, .expected, FrontEnd::Cli))]
    FormatMismatch {
        /// Index directory.
        path: PathBuf,
        /// Format found on disk.
        found: String,
        /// Format this build reads and writes.
        expected: String,
    },

    /// The index exists but cannot be read.
    #[error("{}", corrupt_index(.path, .reason, FrontEnd::Cli))]
    CorruptIndex {
        /// Index directory.
        path: PathBuf,
        /// What failed.
        reason: String,
    },

    /// The repository's `.pyramid` is a symbolic link.
    #[error(
        "`{0}` is a symbolic link, which pyramid does not follow (it could point anywhere): remove it and run `pyramid index`, or pass `--index-dir` with the directory the index should live in"
    )]
    IndexDirIsSymlink(PathBuf),

    /// The index directory named (or the repository's `.pyramid`) is a file.
    #[error(
        "the index directory `{0}` is a file, not a directory: move the file away, or pass `--index-dir` with a directory for the index (it is made if missing)"
    )]
    IndexDirIsFile(PathBuf),

    /// The index directory cannot be made or written, e.g. in a read-only tree.
    #[error(
        "cannot write the index in `{path}`: {error}; pass `--index-dir` with a writable directory to keep the index elsewhere"
    )]
    IndexDirUnwritable {
        /// The index directory.
        path: PathBuf,
        /// What the system said.
        error: std::io::Error,
    },

    /// An `--index-dir` holds the index of another repository than the one given.
    #[error(
        "the index in `{index_dir}` belongs to the repository `{owner}`, not to `{repo}`: give `{repo}` an --index-dir of its own, or run `pyramid index --rebuild` with these options to replace that index with one of `{repo}`"
    )]
    IndexOfAnotherRepo {
        /// The index directory.
        index_dir: PathBuf,
        /// The repository it records as its own.
        owner: PathBuf,
        /// The repository it was asked to serve.
        repo: PathBuf,
    },

    /// The port map names a target repository that is used only when the user names
    /// it: a port map can come with a cloned repository.
    #[error(
        "the port map `{map}` names the target repository `{}`, {why}: give --target-repo {} to use it",
        target.display(),
        target.display()
    )]
    UnnamedPortTarget {
        /// The port map.
        map: PathBuf,
        /// The target as the map names it.
        target: PathBuf,
        /// Why it is not used unnamed.
        why: &'static str,
    },

    /// Another `pyramid index` holds the writer lock.
    #[error(
        "the index at `{0}` is locked by another `pyramid index` run: wait for it to finish, then try again"
    )]
    Locked(PathBuf),

    /// No node has the requested id.
    #[error("{}", unknown_id(.id, .suggestions, FrontEnd::Cli))]
    UnknownId {
        /// The id asked for.
        id: String,
        /// Close ids that do exist, best first.
        suggestions: Vec<String>,
    },

    /// An argument is out of range or malformed.
    #[error("{0}")]
    InvalidArgument(String),

    /// A request that cannot be answered as asked, and what would answer it.
    #[error("{}", unanswerable(.problem, .hint, FrontEnd::Cli))]
    Unanswerable {
        /// What is wrong, in words every front end shares.
        problem: String,
        /// What to do, worded by each front end ([`Hint::words`]).
        hint: Hint,
    },

    /// A tree-sitter query shipped in `grammars/` does not compile or uses an unknown capture.
    #[error("grammar query `{file}` for {lang}: {message}")]
    Query {
        /// Language of the query.
        lang: &'static str,
        /// Query file name.
        file: String,
        /// The problem, with its position.
        message: String,
    },

    /// A filesystem operation failed.
    // Not `#[source]`: the message already ends with the system's words, and a chain
    // printer would repeat them.
    #[error("{action} `{path}`: {error}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// On which path.
        path: PathBuf,
        /// The underlying error.
        error: std::io::Error,
    },

    /// The MCP server could not start or lost its client.
    #[error("MCP server: {0}")]
    Server(String),

    /// Watching the repository for changes failed.
    #[error("cannot watch the repository: {0}")]
    Watch(String),

    /// The search engine failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

// The messages of the variants with a hint, for any front end: `Display` gives the
// command line's, [`Error::message`] the others'.

fn format_mismatch(path: &Path, found: &str, expected: &str, front: FrontEnd) -> String {
    format!(
        "the index at `{}` has format {found}, this pyramid reads format {expected}: {}",
        path.display(),
        Hint::Rebuild.words(front)
    )
}

fn corrupt_index(path: &Path, reason: &str, front: FrontEnd) -> String {
    format!(
        "the index at `{}` is corrupt or unreadable ({reason}): {}",
        path.display(),
        Hint::Rebuild.words(front)
    )
}

fn unknown_id(id: &str, suggestions: &[String], front: FrontEnd) -> String {
    if suggestions.is_empty() {
        format!("no node `{id}`; {}", Hint::BrowseIds.words(front))
    } else {
        let list: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
        format!("no node `{id}`; did you mean {}?", list.join(", "))
    }
}

fn unanswerable(problem: &str, hint: &Hint, front: FrontEnd) -> String {
    format!("{problem}: {}", hint.words(front))
}

/// Who shows an error, in whose vocabulary: flags and commands on the command line,
/// tools and argument names over MCP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontEnd {
    /// `pyramid …` in a shell.
    Cli,
    /// A tool call of `pyramid mcp`.
    Mcp,
}

/// What to do about an error, said by each front end in its own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// Give a token budget, e.g. this many.
    GiveBudget {
        /// A budget that gives a useful answer.
        example: usize,
    },
    /// Give a budget of at least this many tokens.
    RaiseBudget {
        /// The least that answers.
        at_least: usize,
        /// What a useful answer needs, in words (`a few thousand`).
        useful: &'static str,
    },
    /// Give words to look for, or ids to start from.
    GiveQueryOrFocus,
    /// Build the index again from scratch.
    Rebuild,
    /// Browse the tree for the ids that exist.
    BrowseIds,
    /// Give a structural pattern: a tree-sitter query or code with metavariables.
    GivePattern,
    /// Narrow a pattern that ran too long.
    NarrowPattern,
    /// Start a gene from a definition or file, not this directory.
    FindExemplar {
        /// The directory asked for.
        dir: String,
    },
    /// Say what an exemplar should do.
    DescribeNeed,
}

impl Hint {
    /// The hint as a front end says it.
    pub fn words(&self, front: FrontEnd) -> String {
        let cli = front == FrontEnd::Cli;
        match self {
            Hint::GiveBudget { example } if cli => format!("give --budget, e.g. {example}"),
            Hint::GiveBudget { example } => format!("give a budget, e.g. {example}"),
            Hint::RaiseBudget { at_least, useful } => {
                let what = if cli { "--budget" } else { "a budget of" };
                format!("give {what} {at_least} or more ({useful})")
            }
            Hint::GiveQueryOrFocus => format!(
                "give a query (words, identifiers, a task description) or {}",
                if cli { "--focus ID" } else { "ids in `focus`" }
            ),
            Hint::Rebuild if cli => "run `pyramid index --rebuild`".to_string(),
            Hint::Rebuild => "call `index` with rebuild=true".to_string(),
            Hint::BrowseIds if cli => {
                "run `pyramid overview` or `pyramid zoom .` to browse the ids".to_string()
            }
            Hint::BrowseIds => "call `overview`, or zoom `.`, to browse the ids".to_string(),
            Hint::GivePattern if cli => {
                "give a tree-sitter query with --query or code with --ast".to_string()
            }
            Hint::GivePattern => "give a tree-sitter query in `query` or code in `ast`".to_string(),
            Hint::NarrowPattern => format!(
                "narrow it with {}, or name an identifier it must contain",
                if cli { "--path" } else { "`path`" }
            ),
            Hint::FindExemplar { dir } if cli => {
                format!("find one with `pyramid gene --find WORDS` or `pyramid zoom {dir}`")
            }
            Hint::FindExemplar { dir } => format!("find one with `gene_find`, or zoom `{dir}`"),
            Hint::DescribeNeed if cli => "describe what the exemplar should do, e.g. `pyramid gene --find \"retry with backoff\"`".to_string(),
            Hint::DescribeNeed => {
                "describe what the exemplar should do, e.g. \"retry with backoff\"".to_string()
            }
        }
    }
}

impl Error {
    /// The message as a front end shows it: what went wrong, then what to do in the
    /// front end's own vocabulary (the command line's is `Display`'s).
    pub fn message(&self, front: FrontEnd) -> String {
        match self {
            Error::Unanswerable { problem, hint } => unanswerable(problem, hint, front),
            Error::UnknownId { id, suggestions } => unknown_id(id, suggestions, front),
            Error::FormatMismatch {
                path,
                found,
                expected,
            } => format_mismatch(path, found, expected, front),
            Error::CorruptIndex { path, reason } => corrupt_index(path, reason, front),
            _ => self.to_string(),
        }
    }

    /// Wraps an IO error with the action and path it happened on.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, error: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            error,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    fn every_hint() -> Vec<Hint> {
        vec![
            Hint::GiveBudget { example: 2000 },
            Hint::RaiseBudget {
                at_least: 70,
                useful: "a useful overview needs a few hundred",
            },
            Hint::GiveQueryOrFocus,
            Hint::Rebuild,
            Hint::BrowseIds,
            Hint::GivePattern,
            Hint::NarrowPattern,
            Hint::FindExemplar { dir: "src/".into() },
            Hint::DescribeNeed,
        ]
    }

    #[test]
    fn each_front_end_words_a_hint_in_its_own_vocabulary() {
        for hint in every_hint() {
            let cli = hint.words(FrontEnd::Cli);
            let mcp = hint.words(FrontEnd::Mcp);
            assert_ne!(cli, mcp, "{hint:?}");
            // The command line names flags or commands; a tool call names neither.
            assert!(cli.contains("--") || cli.contains("`pyramid "), "{cli}");
            assert!(!mcp.contains("--") && !mcp.contains("pyramid "), "{mcp}");
        }
        let raise = Hint::RaiseBudget {
            at_least: 70,
            useful: "more",
        };
        assert!(raise.words(FrontEnd::Cli).contains("--budget 70"));
        assert!(raise.words(FrontEnd::Mcp).contains("budget of 70"));
    }

    #[test]
    fn an_error_says_the_same_problem_to_each_front_end() {
        let errors = [
            Error::Unanswerable {
                problem: "nothing to slice for".into(),
                hint: Hint::GiveQueryOrFocus,
            },
            Error::UnknownId {
                id: "src/x.rs::y".into(),
                suggestions: Vec::new(),
            },
            Error::CorruptIndex {
                path: "/r/.pyramid".into(),
                reason: "no meta.json".into(),
            },
            Error::FormatMismatch {
                path: "/r/.pyramid".into(),
                found: "1".into(),
                expected: "2".into(),
            },
        ];
        for error in errors {
            let cli = error.message(FrontEnd::Cli);
            let mcp = error.message(FrontEnd::Mcp);
            assert_eq!(cli, error.to_string());
            let problem = cli.split(':').next().unwrap();
            assert!(mcp.starts_with(problem), "{mcp} / {cli}");
            assert!(!mcp.contains("--") && !mcp.contains("`pyramid "), "{mcp}");
        }
        // Errors with no hint read the same everywhere.
        let plain = Error::InvalidArgument("bad".into());
        assert_eq!(plain.message(FrontEnd::Mcp), plain.message(FrontEnd::Cli));
    }
}
