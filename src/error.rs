//! The library's error type: every variant says what went wrong and what to do next.

use std::path::PathBuf;

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
    #[error(
        "the index at `{path}` has format {found}, this pyramid reads format {expected}: run `pyramid index --rebuild`"
    )]
    FormatMismatch {
        /// Index directory.
        path: PathBuf,
        /// Format found on disk.
        found: String,
        /// Format this build reads and writes.
        expected: String,
    },

    /// The index exists but cannot be read.
    #[error(
        "the index at `{path}` is corrupt or unreadable ({reason}): run `pyramid index --rebuild`"
    )]
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
    #[error("no node `{id}`{}", suggest(.suggestions))]
    UnknownId {
        /// The id asked for.
        id: String,
        /// Close ids that do exist, best first.
        suggestions: Vec<String>,
    },

    /// An argument is out of range or malformed.
    #[error("{0}")]
    InvalidArgument(String),

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

fn suggest(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        "; run `pyramid overview` or `pyramid zoom .` to browse the ids".to_string()
    } else {
        let list: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
        format!("; did you mean {}?", list.join(", "))
    }
}

impl Error {
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
