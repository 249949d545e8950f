//! Reading a task as an agent writes it: the words to rank by, and the exact things
//! it names — identifiers in code spans or code shape (`parse_args`, `Config::load`,
//! `HTTPError`), file names (`src/x.rs`, `util.py`), and the frames of a traceback
//! (`File "x.py", line 3, in f`, `src/x.rs:12:5`). Pure text work, bounded in time
//! and memory by the size of the text it keeps.

use std::collections::BTreeSet;

/// Most bytes of a task read (as much as `--query-file` reads): every step below is
/// linear in the text, and a long log's telling line may come last.
pub(super) const MAX_TASK_BYTES: usize = 4 * 1024 * 1024;
/// Most identifiers and file names kept from one task.
const MAX_NAMED: usize = 64;

/// What a task says, as search can use it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Task {
    /// The words to rank by, stop words left out.
    pub words: String,
    /// Names written as code: the last segment of each path (`Config::load` → `load`,
    /// and `Config`), in the order first seen.
    pub identifiers: Vec<String>,
    /// Names written with what holds them (`format::Writer::new` → `Writer` and
    /// `new`, `format` and `Writer`): the outer name, then the inner one. A name as
    /// common as `new` says nothing alone; with its type it names one definition.
    pub qualified: Vec<(String, String)>,
    /// File names and paths named (`src/x.rs`, `util.py`), in the order first seen.
    pub files: Vec<String>,
    /// Text the task quotes from the program: quoted strings of two words or more and
    /// the messages of exceptions (`ValueError: bad input`), to match string literals.
    pub phrases: Vec<String>,
    /// Whether the task asks about tests.
    pub about_tests: bool,
}

impl Task {
    /// Reads a task text.
    pub(super) fn read(text: &str) -> Task {
        let text = cut_at_char(text, MAX_TASK_BYTES);
        let mut identifiers = Named::default();
        let mut qualified: Vec<(String, String)> = Vec::new();
        let mut files = Named::default();
        for token in text.split(|c: char| c.is_whitespace() || "\"'`,;()[]{}<>=!|".contains(c)) {
            let token = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
            if token.is_empty() || token.len() > 200 {
                continue;
            }
            if let Some(file) = file_name(token) {
                files.add(file);
                continue;
            }
            if looks_like_code(token) {
                // One letter (`e.g.`, `i.e.`) names nothing worth looking up.
                for part in token
                    .split(['.', ':'])
                    .filter(|p| p.len() > 1 && is_identifier(p))
                {
                    if looks_like_code(part) || token.contains(['.', ':']) {
                        identifiers.add(part);
                    }
                }
                let parts: Vec<&str> = token.split(['.', ':']).filter(|p| !p.is_empty()).collect();
                for pair in parts.windows(2) {
                    let (outer, inner) = (pair[0], pair[1]);
                    let pair = (outer.to_string(), inner.to_string());
                    if is_identifier(outer)
                        && is_identifier(inner)
                        && qualified.len() < MAX_NAMED
                        && !qualified.contains(&pair)
                    {
                        qualified.push(pair);
                    }
                }
            }
        }
        // `in name` of a Python traceback frame, and words inside backticks.
        for line in text.lines() {
            if let Some(at) = line.find(", in ")
                && line.trim_start().starts_with("File ")
            {
                let name = line[at + 5..].trim();
                if is_identifier(name) && name != "<module>" {
                    identifiers.add(name);
                }
            }
        }
        for (i, span) in text.split('`').enumerate() {
            if i % 2 == 1 && span.len() <= 200 {
                for word in span.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                    if is_identifier(word) && word.len() > 2 {
                        identifiers.add(word);
                    }
                }
            }
        }
        Task {
            words: without_stop_words(text),
            identifiers: identifiers.list,
            qualified,
            files: files.list,
            phrases: phrases(text),
            about_tests: is_about_tests(text),
        }
    }
}

/// Longest phrase kept, in bytes.
const MAX_PHRASE: usize = 200;

/// Quoted strings of two words or more, and exception messages, each once, in the
/// order first seen, at most [`MAX_NAMED`].
fn phrases(text: &str) -> Vec<String> {
    let mut found = Named::default();
    for line in text.lines() {
        for quote in ['"', '\''] {
            let mut rest = line;
            while let Some(open) = rest.find(quote) {
                // An opening quote follows no letter (`don't` is no quote).
                let before = rest[..open].chars().next_back();
                let after_open = &rest[open + 1..];
                let Some(close) = after_open.find(quote) else {
                    break;
                };
                let inside = &after_open[..close];
                if before.is_none_or(|c| !c.is_alphanumeric()) {
                    add_phrase(&mut found, inside);
                    rest = &after_open[close + 1..];
                } else {
                    rest = after_open;
                }
            }
        }
        // `ValueError: message`, `error: message` as a program prints them.
        let trimmed = line.trim();
        if let Some((head, message)) = trimmed.split_once(": ")
            && let Some(head) = head.rsplit('.').next()
            && is_identifier(head)
            && (head.ends_with("Error") || head.ends_with("Exception") || head.ends_with("Warning"))
        {
            add_phrase(&mut found, message);
        }
    }
    found.list
}

fn add_phrase(found: &mut Named, phrase: &str) {
    let phrase = phrase.trim();
    let words: Vec<String> = phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1)
        .map(str::to_lowercase)
        .collect();
    let telling = words.iter().any(|w| !is_stop_word(w));
    if words.len() >= 2 && telling && phrase.len() <= MAX_PHRASE && file_name(phrase).is_none() {
        found.add(phrase);
    }
}

impl Task {
    /// Whether the task holds a word starting with `stem` (`bench` for benchmarks).
    pub(super) fn mentions(&self, stem: &str) -> bool {
        self.words.split(|c: char| !c.is_alphanumeric()).any(|w| {
            w.get(..stem.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(stem))
        })
    }
}

/// Names in the order first seen, each once, at most [`MAX_NAMED`].
#[derive(Default)]
struct Named {
    list: Vec<String>,
    seen: BTreeSet<String>,
}

impl Named {
    fn add(&mut self, name: &str) {
        if self.list.len() < MAX_NAMED && self.seen.insert(name.to_string()) {
            self.list.push(name.to_string());
        }
    }
}

/// A source file's path or name: `x.py`, `src/a/b.rs`, `src/x.rs:12:5` (the line
/// number dropped).
fn file_name(token: &str) -> Option<&str> {
    let path = token.split(':').next().unwrap_or(token);
    let (stem, ext) = path.rsplit_once('.')?;
    // Code, and the docs and settings a task may name (`README.md`, `Cargo.toml`).
    let known = crate::grammar::Lang::from_path(path).is_some()
        || matches!(
            ext,
            "md" | "rst" | "toml" | "yaml" | "yml" | "json" | "cfg" | "ini"
        );
    let stem_ok = !stem.is_empty()
        && stem
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/' | '.'));
    (known && stem_ok).then_some(path.trim_start_matches("./"))
}

/// An identifier: letters, digits and `_`, not starting with a digit.
pub(super) fn is_identifier(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// Whether a word is written as code rather than prose: `snake_case`, `camelCase`,
/// `CamelCase`, `a.b`, `a::b`, or `name()`.
fn looks_like_code(word: &str) -> bool {
    let inner_upper = word.char_indices().skip(1).any(|(_, c)| c.is_uppercase())
        && word.chars().any(char::is_lowercase);
    let joined = word.contains("::")
        || (word.contains('.')
            && word
                .split('.')
                .all(|p| is_identifier(p) && p.chars().any(char::is_alphabetic)));
    let snake = word.contains('_') && word.trim_matches('_').len() > 1;
    inner_upper || joined || snake
}

/// Whether a query asks about tests.
pub(super) fn is_about_tests(query: &str) -> bool {
    query
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("test") || w.eq_ignore_ascii_case("tests"))
}

/// Words too common in English prose to say what a task is about.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "but", "by", "can", "could", "do", "does", "each", "either", "for", "from", "had",
    "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "least",
    "let", "may", "more", "most", "must", "no", "not", "of", "on", "one", "only", "or", "other",
    "our", "out", "over", "same", "should", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "to", "too", "under", "up", "us",
    "very", "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who",
    "why", "will", "with", "would", "you", "your",
];

/// Whether a lower-case word is a stop word.
pub(super) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// The query with stop words removed, line by line; identifiers (`is_empty`, `a.b`)
/// stay whole. The query itself when nothing else is left.
pub(super) fn without_stop_words(query: &str) -> String {
    let mut kept = String::new();
    for line in query.lines() {
        let words: Vec<&str> = line
            .split_whitespace()
            .filter(|word| {
                let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
                let lower = bare.to_ascii_lowercase();
                !bare.is_empty() && STOP_WORDS.binary_search(&lower.as_str()).is_err()
            })
            .collect();
        if !words.is_empty() {
            if !kept.is_empty() {
                kept.push('\n');
            }
            kept.push_str(&words.join(" "));
        }
    }
    if kept.is_empty() {
        query.to_string()
    } else {
        kept
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char boundary.
fn cut_at_char(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_and_dropped() {
        assert!(
            STOP_WORDS.windows(2).all(|w| w[0] < w[1]),
            "binary search needs order"
        );
        assert_eq!(
            without_stop_words("Wrap the text so each line is at most `width`"),
            "Wrap text line `width`"
        );
        assert_eq!(without_stop_words("is_empty a.b"), "is_empty a.b");
        assert_eq!(without_stop_words("the"), "the");
        // Lines stay lines: a long task's words are weighed by the lines holding them.
        assert_eq!(without_stop_words("the cat\n\nof the dog"), "cat\ndog");
    }

    #[test]
    fn code_names_and_files_are_read() {
        let task = Task::read(
            "Calling `Config::load` twice breaks parse_args in src/cli/app.rs:12:5; \
             see util.py and HTTPError, e.g. here. Plain words like Remove stay words. \
             Bump Cargo.toml.",
        );
        assert_eq!(
            task.identifiers,
            ["Config", "load", "parse_args", "HTTPError"]
        );
        assert_eq!(task.files, ["src/cli/app.rs", "util.py", "Cargo.toml"]);
        assert!(!task.about_tests);
    }

    #[test]
    fn qualified_names_keep_what_holds_them() {
        let task = Task::read("make `format::Writer::new()` public; see Config.load and a.b");
        assert_eq!(
            task.qualified,
            [
                ("format", "Writer"),
                ("Writer", "new"),
                ("Config", "load"),
                ("a", "b")
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn traceback_frames_name_files_and_functions() {
        let task = Task::read(
            "Traceback (most recent call last):\n  File \"pkg/io.py\", line 3, in read_all\n    x()\nValueError: bad",
        );
        assert_eq!(task.files, ["pkg/io.py"]);
        assert_eq!(task.identifiers, ["read_all", "ValueError"]);
        assert_eq!(task.phrases, ["bad"; 0]);
    }

    #[test]
    fn quoted_text_and_exception_messages_are_phrases() {
        let task = Task::read(
            "It says \"card was declined\" and doesn't stop; 'one more try', 'to be'.\nKeyError: no such key here",
        );
        assert_eq!(
            task.phrases,
            ["card was declined", "one more try", "no such key here"]
        );
    }

    #[test]
    fn a_huge_task_is_cut_on_a_char_boundary() {
        let text = "é".repeat(MAX_TASK_BYTES);
        let task = Task::read(&text);
        assert!(task.words.len() <= MAX_TASK_BYTES);
    }
}
