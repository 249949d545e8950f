//! Deterministic, offline prose for labels and gists: names split into words, the
//! first sentence of the documentation, and counts of what a node contains.

use crate::grammar::Lang;

use super::NodeKind;

/// Most words in a label.
pub const LABEL_WORDS: usize = 4;
/// Most words in a gist.
pub const GIST_WORDS: usize = 16;
/// Most words of documentation in an outline's head.
const HEAD_DOC_WORDS: usize = 80;

/// Splits an identifier into lower-case words: `parseHTTPConfig` → parse, http, config;
/// `__init__` → init; `MAX_DELAY2` → max, delay, 2.
pub fn split_words(identifier: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = identifier.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let boundary = match prev {
            Some(p) if p.is_alphanumeric() => {
                (p.is_lowercase() && c.is_uppercase())
                    || (p.is_uppercase()
                        && c.is_uppercase()
                        && next.is_some_and(char::is_lowercase))
                    || (p.is_ascii_digit() != c.is_ascii_digit())
            }
            _ => false,
        };
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// The first sentence of a text: up to the first `.`, `!` or `?` followed by
/// whitespace, or the first blank line; whitespace collapsed; markup headings skipped.
pub fn first_sentence(text: &str) -> String {
    let paragraph = first_paragraph(text);
    let mut end = paragraph.len();
    let bytes = paragraph.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace())
        {
            // "e.g. " and "i.e. " do not end a sentence.
            let before = &paragraph[..i];
            if before.ends_with("e.g") || before.ends_with("i.e") || before.ends_with("etc") {
                continue;
            }
            end = i + 1;
            break;
        }
    }
    paragraph[..end].trim().to_string()
}

/// The first paragraph of a text with its whitespace collapsed, skipping Markdown
/// headings, badges and reStructuredText titles (`jinja2.ext` over `~~~~~~~~~~`):
/// a title alone is what is left when no paragraph follows it.
pub fn first_paragraph(text: &str) -> String {
    let mut lines = Vec::new();
    let mut title = None;
    for line in text.lines() {
        let trimmed = line.trim();
        let rule = !trimmed.is_empty() && trimmed.chars().all(|c| "=-~*^`#_".contains(c));
        // reST's underline: one character repeated, at least as long as the title
        // (so that a code fence or a short rule after a sentence is none).
        let underline = rule
            && !trimmed.starts_with('`')
            && trimmed.chars().all(|c| trimmed.starts_with(c))
            && lines.last().is_some_and(|title: &&str| {
                trimmed.chars().count() >= title.chars().count().max(3)
            });
        if underline {
            // The line above it is a title, not the paragraph's.
            let above = lines.pop();
            title = title.or(above);
            if lines.is_empty() {
                continue;
            }
            break;
        }
        let decoration = trimmed.starts_with('#')
            || trimmed.starts_with("[!")
            || trimmed.starts_with("![")
            || trimmed.starts_with("<")
            || rule;
        if trimmed.is_empty() || decoration {
            if !lines.is_empty() {
                break;
            }
            continue;
        }
        lines.push(trimmed);
    }
    if lines.is_empty() {
        lines.extend(title);
    }
    crate::parse::collapse_whitespace(&lines.join(" "))
}

/// Keeps at most `max` words, marking a cut with `…`.
pub fn truncate_words(text: &str, max: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= max {
        return words.join(" ");
    }
    format!("{} …", words[..max - 1].join(" "))
}

/// The label of a code item: its name in words, with the kind for types.
pub fn item_label(kind: NodeKind, name: &str) -> String {
    let mut words = split_words(name);
    if words.is_empty() {
        words.push(name.to_string());
    }
    let with_kind = !matches!(
        kind,
        NodeKind::Function | NodeKind::Method | NodeKind::Const | NodeKind::Static
    );
    if with_kind {
        words.truncate(LABEL_WORDS - 1);
        words.push(kind.name().to_string());
    } else {
        words.truncate(LABEL_WORDS);
    }
    words.join(" ")
}

/// The label of a file: its stem in words; the entry files of its language say what
/// they are (`library root`), naming their directory (`store module`).
pub fn file_label(path: &str) -> String {
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    let stem = file.split('.').next().unwrap_or(file);
    let dir_name = dir.rsplit('/').next().unwrap_or(dir);
    let entry = Lang::from_path(path).and_then(|lang| lang.facts().entry_file(file));
    let words = match entry {
        Some(entry) if !entry.label.contains("{dir}") || !dir_name.is_empty() => entry
            .label
            .replace("{dir}", &split_words(dir_name).join(" "))
            .split_whitespace()
            .map(str::to_string)
            .collect(),
        _ => split_words(stem),
    };
    let mut words = if words.is_empty() {
        vec![stem.to_string()]
    } else {
        words
    };
    words.truncate(LABEL_WORDS);
    words.join(" ")
}

/// The label of a directory (or of the repository, from its folder name).
pub fn dir_label(name: &str) -> String {
    let mut words = split_words(name);
    if words.is_empty() {
        return "repository".to_string();
    }
    words.truncate(LABEL_WORDS);
    words.join(" ")
}

/// A gist from documentation, if there is any.
pub fn doc_gist(doc: Option<&str>) -> Option<String> {
    let sentence = plain_markup(&first_sentence(doc?));
    (!sentence.is_empty()).then(|| truncate_words(&sentence, GIST_WORDS))
}

/// reStructuredText markup as plain code spans: ``` ``x`` ``` and ``:class:`X` `` → `` `x` ``.
fn plain_markup(text: &str) -> String {
    let mut out = text.replace("``", "`");
    // Drop the role of `:role:`target``, keeping the backticked target.
    while let Some((start, end)) = out.find(":`").and_then(|end| {
        let role_start = out[..end]
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == ':' || c == '_'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let role = &out[role_start..end];
        (role.starts_with(':') && role.len() > 1).then_some((role_start, end + 1))
    }) {
        out.replace_range(start..end, "");
    }
    out
}

/// The doc part of an outline's head: the first paragraph, bounded.
pub fn doc_summary(doc: Option<&str>) -> Option<String> {
    let paragraph = first_paragraph(doc?);
    (!paragraph.is_empty()).then(|| truncate_words(&paragraph, HEAD_DOC_WORDS))
}

/// A list of names that fits a word budget: `a, b, c, …`.
pub fn name_list(names: &[String], max_words: usize) -> String {
    let shown = names.len().min(max_words.max(1));
    let mut out = names[..shown].join(", ");
    if names.len() > shown {
        out.push_str(", …");
    }
    out
}

/// Counts with nouns: `3 functions`, `1 method`, `2 classes` (see
/// [`crate::words::plural`]).
pub fn count(n: usize, singular: &str) -> String {
    crate::words::plural(n, singular)
}

/// A human name for a language's files.
pub fn lang_title(lang: Lang) -> &'static str {
    lang.title()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_split_into_words() {
        assert_eq!(split_words("parseHTTPConfig"), ["parse", "http", "config"]);
        assert_eq!(split_words("__init__"), ["init"]);
        assert_eq!(split_words("MAX_DELAY2"), ["max", "delay", "2"]);
        assert_eq!(split_words("IndexWriter"), ["index", "writer"]);
        assert_eq!(split_words("utf8_decode"), ["utf", "8", "decode"]);
    }

    #[test]
    fn a_restructured_text_title_is_no_paragraph() {
        let doc = "\n    jinja2.testsuite.conftest\n    ~~~~~~~~~~~~~~~~~~~~~~~~~\n\n    Configuration for the tests\n\n    :copyright: 2010\n";
        assert_eq!(first_paragraph(doc), "Configuration for the tests");
        let overlined = "=====\nTitle\n=====\n\nThe text\ngoes on.\n";
        assert_eq!(first_paragraph(overlined), "The text goes on.");
        // A paragraph ends where a section's title begins.
        let numpy = "Compute x.\nParameters\n----------\nx : int\n";
        assert_eq!(first_paragraph(numpy), "Compute x.");
        // A title alone is kept.
        assert_eq!(first_paragraph("Jinja2\n======\n"), "Jinja2");
        // A code fence, a rule shorter than the line, a mixed one: no underlines.
        assert_eq!(
            first_paragraph("Parses x.\n```\ncode\n```\nMore."),
            "Parses x."
        );
        assert_eq!(first_paragraph("Parses x.\n***\nMore."), "Parses x.");
        assert_eq!(first_paragraph("Parses.\n=-=-=-=-\nMore."), "Parses.");
    }

    #[test]
    fn first_sentences() {
        assert_eq!(
            first_sentence("Opens a file. Then reads it."),
            "Opens a file."
        );
        assert_eq!(
            first_sentence("Uses e.g. caching to be fast.\n\nMore."),
            "Uses e.g. caching to be fast."
        );
        assert_eq!(
            first_sentence("# Title\n\nA tiny store.\nMore words."),
            "A tiny store."
        );
        assert_eq!(first_sentence("Version 1.2 is here"), "Version 1.2 is here");
    }

    #[test]
    fn rst_markup_becomes_code_spans() {
        assert_eq!(
            plain_markup("Use ``policy`` and :class:`RetryPolicy.Config`."),
            "Use `policy` and `RetryPolicy.Config`."
        );
        assert_eq!(plain_markup("Call :meth:`~x.y` now"), "Call `~x.y` now");
        assert_eq!(plain_markup("ratio 1:2 stays"), "ratio 1:2 stays");
        assert_eq!(plain_markup(":class:`X` first"), "`X` first");
        assert_eq!(plain_markup("Größe:`n` 参数:`x`"), "Größe:`n` 参数:`x`");
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate_words("a b c", 3), "a b c");
        assert_eq!(truncate_words("a b c d", 3), "a b …");
    }

    #[test]
    fn labels() {
        assert_eq!(
            item_label(NodeKind::Struct, "IndexWriter"),
            "index writer struct"
        );
        assert_eq!(
            item_label(NodeKind::Function, "retry_with_backoff_and_jitter_now"),
            "retry with backoff and"
        );
        assert_eq!(file_label("src/store/mod.rs"), "store module");
        assert_eq!(file_label("pkg/__init__.py"), "pkg package");
        assert_eq!(file_label("src/text_wrap.py"), "text wrap");
        // Entry files by their language's facts: none at the root names a directory.
        assert_eq!(file_label("src/lib.rs"), "library root");
        assert_eq!(file_label("tool/__main__.py"), "program entry point");
        assert_eq!(file_label("lib.py"), "library root");
        assert_eq!(file_label("mod.rs"), "mod");
        assert_eq!(file_label("docs/lib.md"), "lib");
    }
}
