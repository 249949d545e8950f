//! Text files that are no code pyramid parses (docs, settings, manifests, code in
//! other languages): a file node, and in Markdown a section node per heading, nested
//! by level, so that `search` finds a part of the docs and `zoom` reads it by id.

use std::collections::HashMap;

use super::build::push_node;
use super::summary::{GIST_WORDS, LABEL_WORDS, file_label, first_sentence, truncate_words};
use super::{Node, NodeKind, ROOT_ID, Span, short_hash};

/// A line that heads a part of a text file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1-based line number.
    pub line: u32,
    /// The line as written, trimmed (`## Install`, `[dependencies]`).
    pub text: String,
    /// Markdown's heading level (1 for `#` and `===` underlines, 2 for `##` and
    /// `---`); 0 for the heads of other files, which do not nest.
    pub level: u8,
}

/// Whether a path names a Markdown file, whose headings become section nodes.
fn is_markdown(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    matches!(ext.to_ascii_lowercase().as_str(), "md" | "markdown")
}

/// The lines that head the parts of a text file: Markdown `#` and underlined
/// headings, reST titles, TOML and INI `[tables]`, top-level YAML keys, the unindented
/// lines that start a declaration in code of other languages. Fenced code is no
/// heading.
pub fn headings(path: &str, text: &str) -> Vec<Heading> {
    let ext = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    let markdown = is_markdown(path);
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut fences = Fences::default();
    // YAML front matter of a Markdown page (`---` lines around it) heads nothing.
    let front = match markdown && lines.first().is_some_and(|l| l.trim_end() == "---") {
        true => lines[1..]
            .iter()
            .position(|l| l.trim_end() == "---")
            .map_or(0, |end| end + 2),
        false => 0,
    };
    let mut push = |i: usize, text: &str, level: u8| {
        found.push(Heading {
            line: i as u32 + 1,
            text: text.to_string(),
            level,
        });
    };
    for (i, line) in lines.iter().enumerate().skip(front) {
        let trimmed = line.trim_end();
        match ext {
            "toml" | "ini" | "cfg" | "conf" => {
                if trimmed.starts_with('[') && trimmed.ends_with(']') {
                    push(i, trimmed, 0);
                }
            }
            "yaml" | "yml" => {
                let top = !line.starts_with([' ', '\t', '#', '-']);
                if top && trimmed.ends_with(':') {
                    push(i, trimmed, 0);
                }
            }
            "json" => {}
            "md" | "markdown" | "rst" | "txt" | "adoc" | "textile" | "in" | "" => {
                if fences.inside(trimmed) {
                    continue;
                }
                let hashes = trimmed.len() - trimmed.trim_start_matches('#').len();
                let atx = (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ');
                if atx {
                    push(i, trimmed.trim(), if markdown { hashes as u8 } else { 0 });
                    continue;
                }
                // reST: a title over a line of one punctuation mark, as long at least
                // (Markdown's setext headings: `=` or `-` only).
                let marks = if markdown { "=-" } else { "=-~^*#\"'+:." };
                let underline = lines.get(i + 1).and_then(|next| {
                    let next = next.trim_end();
                    let first = next.chars().next()?;
                    (!trimmed.trim().is_empty()
                        && next.len() >= trimmed.trim().len()
                        && next.len() >= 3
                        && marks.contains(first)
                        && trimmed.chars().any(char::is_alphanumeric)
                        && !trimmed.starts_with([' ', '\t', '-', '*', '>', '|'])
                        && next.chars().all(|c| c == first))
                    .then_some(first)
                });
                if let Some(mark) = underline {
                    let level = match (markdown, mark) {
                        (true, '=') => 1,
                        (true, _) => 2,
                        (false, _) => 0,
                    };
                    push(i, trimmed.trim(), level);
                }
            }
            // Code in a language pyramid does not parse (a C header, a type stub, a
            // script): its unindented lines that start a declaration.
            _ => {
                let starts = line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
                // A line of data ends with a comma; a declaration's first line may too.
                let data = trimmed.ends_with(',') && !trimmed.contains('(');
                if starts && !data && trimmed.len() >= 4 {
                    push(i, trimmed, 0);
                }
            }
        }
    }
    found
}

/// A heading's words: `## Install it ##` → `Install it`.
fn title(heading: &str) -> &str {
    heading.trim_start_matches('#').trim_end_matches('#').trim()
}

/// The id segment of a heading, as Markdown renderers make anchors: lower case, words
/// joined by `-` (`Getting Started!` → `getting-started`); `section` when no word is
/// left. Links count by their text and addresses not at all (`[1.2.0](https://…) -
/// 2024-05-01` → `1-2-0-2024-05-01`), and a long title by its first words: an id is
/// typed and read, often.
fn slug(title: &str) -> String {
    /// Most characters of a slug, cut after a whole word.
    const MAX_SLUG: usize = 40;
    let mut slug = String::new();
    for word in title
        .split_whitespace()
        .flat_map(|word| link_text(word).split(|c: char| !(c.is_alphanumeric() || c == '_')))
        .filter(|w| !w.is_empty())
    {
        if slug.len() >= MAX_SLUG {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(word.chars().flat_map(char::to_lowercase));
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// A word of a heading without the address of a link (`[1.2.0](https://…)` → `[1.2.0]`,
/// `<https://…>` → nothing).
fn link_text(word: &str) -> &str {
    let word = match word.find("](") {
        Some(at) => &word[..at],
        None => word,
    };
    let bare = word.trim_start_matches(['<', '(', '[']);
    match bare.contains("://") || bare.starts_with("www.") {
        true => "",
        false => word,
    }
}

/// Builds the nodes of a text file: its file node (no language), then in Markdown a
/// section per heading, running to the next heading of the same level or above.
pub fn build_text(path: &str, text: &str) -> Vec<Node> {
    let heads = headings(path, text);
    let starts = line_starts(text);
    let parent_dir = match path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/"),
        None => ROOT_ID.to_string(),
    };
    let file = Node {
        parent: Some(parent_dir),
        span: Some(Span::whole(text)),
        label: file_label(path),
        gist: text_gist(path, &heads, text),
        head: heads
            .iter()
            .take(MAX_HEAD_LINES)
            .map(|h| h.text.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        hash: short_hash(text.as_bytes()),
        ..Node::bare(path, NodeKind::File, None)
    };
    let mut nodes = vec![file];
    if !is_markdown(path) {
        return nodes;
    }
    let mut by_id: HashMap<String, usize> = HashMap::from([(path.to_string(), 0)]);
    // The open sections, outermost first: (level, node index).
    let mut open: Vec<(u8, usize)> = Vec::new();
    let byte_at = |line: u32| starts.get(line as usize - 1).copied().unwrap_or(text.len());
    for (k, head) in heads.iter().enumerate() {
        while open.last().is_some_and(|&(level, _)| level >= head.level) {
            open.pop();
        }
        let parent = open.last().map_or(0, |&(_, i)| i);
        // To the next heading of this level or above, or the end.
        let end_line = heads[k + 1..]
            .iter()
            .find(|next| next.level <= head.level)
            .map_or(starts.len() as u32 + 1, |next| next.line);
        let start_byte = byte_at(head.line);
        let end_byte = byte_at(end_line).max(start_byte);
        let body = &text[start_byte..end_byte];
        let title = title(&head.text);
        // The first sentence under the heading (an underline is decoration).
        let first = first_sentence(&prose(body.split_once('\n').map_or("", |(_, rest)| rest)));
        let gist = match first.is_empty() {
            true => title.to_string(),
            false => format!("{title}: {first}"),
        };
        let id = Node::item_id(&nodes[parent].id, &slug(title));
        let section = Node {
            parent: Some(nodes[parent].id.clone()),
            name: slug(title),
            span: Some(Span {
                start_line: head.line,
                end_line: (end_line - 1).max(head.line),
                start_byte: start_byte as u32,
                end_byte: end_byte as u32,
            }),
            label: truncate_words(title, LABEL_WORDS),
            gist: truncate_words(&gist, GIST_WORDS),
            head: truncate_words(&gist, HEAD_WORDS),
            signature: head.text.clone(),
            hash: short_hash(body.as_bytes()),
            ..Node::bare(&id, NodeKind::Section, None)
        };
        let index = push_node(&mut nodes, &mut by_id, section);
        nodes[parent].children += 1;
        open.push((head.level, index));
    }
    nodes
}

/// Most heading lines a text file's outline head holds.
const MAX_HEAD_LINES: usize = 200;
/// Most words of a section's outline head.
const HEAD_WORDS: usize = 80;

/// What a text file is, in one line: its title (a document's first heading, or its
/// first sentence), or the names of its parts (`Cargo.toml: package, dependencies`).
fn text_gist(path: &str, heads: &[Heading], text: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let titled = heads.first().filter(|h| h.level > 0 || is_prose(path));
    let gist = match titled {
        Some(head) => title(&head.text).to_string(),
        None if heads.is_empty() || is_prose(path) => first_sentence(&prose(text)),
        None => {
            let parts: Vec<&str> = heads
                .iter()
                .map(|h| {
                    h.text
                        .trim_matches(|c| c == '[' || c == ']' || c == ':')
                        .trim()
                })
                .collect();
            format!("{name}: {}", parts.join(", "))
        }
    };
    match gist.is_empty() {
        true => name.to_string(),
        false => truncate_words(&gist, GIST_WORDS),
    }
}

/// Fenced code blocks, line by line: a fence of three or more backticks or tildes
/// closes at a fence of the same mark at least as long (so ```` ```` ```` can hold
/// ```` ``` ````), as CommonMark has it.
#[derive(Default)]
struct Fences {
    open: Option<(char, usize)>,
}

impl Fences {
    /// Whether a line is a fence or inside a fenced block.
    fn inside(&mut self, line: &str) -> bool {
        let trimmed = line.trim();
        let mark = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'));
        let run = mark.map_or(0, |m| trimmed.chars().take_while(|&c| c == m).count());
        let fence = mark.filter(|_| run >= 3);
        match (self.open, fence) {
            (None, Some(mark)) => self.open = Some((mark, run)),
            (Some((open, length)), Some(mark))
                if mark == open && run >= length && trimmed.len() == run * mark.len_utf8() =>
            {
                self.open = None;
            }
            (None, None) => return false,
            _ => {}
        }
        true
    }
}

/// A text without its fenced code blocks: what its first sentence is taken from.
fn prose(text: &str) -> String {
    let mut fences = Fences::default();
    let mut out = String::new();
    for line in text.lines() {
        if fences.inside(line) {
            // A block ends a paragraph.
            out.push('\n');
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Whether a text file is prose, titled by its first heading.
fn is_prose(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    matches!(ext, "md" | "markdown" | "rst" | "txt" | "adoc" | "textile")
}

/// Where each line of a text starts, in bytes (a final line break starts no line).
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&start| start < text.len())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUIDE: &str = "# Guide\n\nHow to use it. More.\n\n## Install\n\nRun `make`.\n\n```sh\n# not a heading\n```\n\n### From source\n\nClone it.\n\n## Install\n\nAgain.\n\nUsage\n-----\n\nCall it.\n";

    #[test]
    fn markdown_headings_become_nested_sections_whose_spans_hold_their_text() {
        let nodes = build_text("docs/guide.md", GUIDE);
        let ids: Vec<(&str, &str)> = nodes
            .iter()
            .map(|n| (n.id.as_str(), n.parent.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            ids,
            [
                ("docs/guide.md", "docs/"),
                ("docs/guide.md::guide", "docs/guide.md"),
                ("docs/guide.md::guide::install", "docs/guide.md::guide"),
                (
                    "docs/guide.md::guide::install::from-source",
                    "docs/guide.md::guide::install"
                ),
                ("docs/guide.md::guide::install#2", "docs/guide.md::guide"),
                ("docs/guide.md::guide::usage", "docs/guide.md::guide"),
            ]
        );
        for node in &nodes[1..] {
            let span = node.span.expect("sections have spans");
            let source = &GUIDE[span.start_byte as usize..span.end_byte as usize];
            assert!(
                source.starts_with(&node.signature),
                "{}: {source:?}",
                node.id
            );
            assert_eq!(node.hash, short_hash(source.as_bytes()));
            let lines: Vec<&str> = GUIDE.lines().collect();
            assert_eq!(lines[span.start_line as usize - 1], node.signature);
        }
        let install = &nodes[2];
        assert_eq!(install.gist, "Install: Run `make`.");
        assert_eq!(install.children, 1);
        assert_eq!(nodes[0].children, 1);
        assert_eq!(nodes[0].gist, "Guide");
        // Code under a heading is not its gist.
        assert_eq!(nodes[3].gist, "From source: Clone it.");
        let fenced = build_text("r.md", "# Use\n\n```py\nx = 1\n```\n\nCall it.\n");
        assert_eq!(fenced[1].gist, "Use: Call it.");
        assert!(nodes.iter().all(|n| n.lang.is_none()));
        // The last section runs to the end.
        assert_eq!(nodes[5].span.map(|s| s.end_byte), Some(GUIDE.len() as u32));
    }

    #[test]
    fn other_text_files_are_one_node_named_by_their_parts() {
        let toml = "[package]\nname = \"x\"\n\n[dependencies]\nserde = \"1\"\n";
        let nodes = build_text("Cargo.toml", toml);
        assert_eq!(nodes.len(), 1);
        assert_eq!(nodes[0].gist, "Cargo.toml: package, dependencies");
        assert_eq!(nodes[0].head, "[package]\n[dependencies]");
        assert_eq!(nodes[0].parent.as_deref(), Some("."));
        let plain = build_text("NOTES", "Plain words here. And more.\n");
        assert_eq!(plain[0].gist, "Plain words here.");
        assert_eq!(build_text("empty.txt", "")[0].gist, "empty.txt");
        let page = build_text("p.md", "---\ntitle: x\n---\n# Real\n");
        assert_eq!(page.len(), 2);
        assert_eq!(page[1].id, "p.md::real");
    }

    #[test]
    fn a_fence_closes_only_at_one_as_long() {
        let text = "# Top\n\n````md\n# Not a heading\n```\n## Nor this\n```\n````\n\n## Real\n";
        let heads: Vec<String> = headings("a.md", text).into_iter().map(|h| h.text).collect();
        assert_eq!(heads, ["# Top", "## Real"]);
        assert_eq!(prose("````\nx\n```\ny\n````\nSaid.\n").trim(), "Said.");
    }

    #[test]
    fn slugs_are_typeable() {
        assert_eq!(slug("Getting Started!"), "getting-started");
        assert_eq!(slug("`Config::load` (v2)"), "config-load-v2");
        assert_eq!(slug("???"), "section");
        assert_eq!(
            slug("[19.1.0](https://github.com/python-attrs/attrs/tree/19.1.0) - 2019-03-03"),
            "19-1-0-2019-03-03"
        );
        assert_eq!(
            slug("See <https://example.com/a/b> for more"),
            "see-for-more"
        );
        assert_eq!(
            slug("How the index is kept fresh while many processes read and write it at once"),
            "how-the-index-is-kept-fresh-while-many-processes"
        );
    }
}
