//! Plain-text rendering, compact enough for prompts: every node shows its id, so any
//! line can be expanded with `pyramid zoom ID`.

use std::fmt::Write;

use crate::indexer::IndexReport;
use crate::pack::Packer;
use crate::pack::forms::{numbered_line, render_view_children, span_text, view_title};
use crate::pyramid::Level;
use crate::query::{
    self, Exemplar, FileCount, Found, GrepRequest, GrepResult, Implementation, Implementations,
    PatternResult, Refs, Similar, Status, View,
};
use crate::semport::{LinkReport, PortStatus, StatusReport, UnitStatus};
use crate::tokens;
use crate::words::plural;

/// The forms a budget is spent on are the packer's ([`crate::pack::forms`]); they
/// are the text renderings of views all the same.
pub use crate::pack::forms::{
    render_fold, render_hidden_note, render_line, render_view, render_view_header,
};

/// The first line number of a view's text when it is exact source (then lines can be
/// numbered), else `None`.
pub fn first_line(view: &View) -> Option<u32> {
    let span = view.node.span?;
    (view.level == Level::Source && !view.node.kind.is_tree()).then_some(span.start_line)
}

/// A text with each line numbered from `first` ([`numbered_line`]).
pub fn numbered(text: &str, first: u32) -> String {
    let mut out = String::with_capacity(text.len() + 6 * text.lines().count());
    for (n, line) in (first..).zip(text.lines()) {
        let _ = writeln!(out, "{}", numbered_line(n, line));
    }
    out
}

/// `name:` before a path of a registered repository (`--all`, `--repos`), so that the
/// path can be given to `zoom` as it is; nothing for the local one.
fn repo_prefix(repo: Option<&str>) -> String {
    repo.map_or(String::new(), |name| format!("{name}:"))
}

/// Line ranges of files, in the order asked: a file's header once, then each of its
/// ranges, parted by `--` as grep parts its groups.
pub fn render_ranges(views: &[View]) -> String {
    let mut out = String::new();
    for (i, view) in views.iter().enumerate() {
        if i > 0 && views[i - 1].node.path == view.node.path {
            out.push_str("--\n");
            out.push_str(&view.text);
            if !view.text.is_empty() && !view.text.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(&render_view(view));
        }
    }
    out
}

/// Bytes a token takes at most, but for runs of one character: a prefix this many
/// bytes per token long holds more tokens than a budget unless it is such a run.
const BYTES_PER_TOKEN: usize = 32;

/// Tokens of `line` when at most `room`, else None, at a cost bounded by `room`
/// (not by the line's length) for lines of ordinary text.
fn tokens_within(line: &str, room: usize) -> Option<usize> {
    let cap = crate::pack::floor_boundary(line, (room + 1).saturating_mul(BYTES_PER_TOKEN));
    if cap < line.len() && tokens::count(&line[..cap]) > room {
        return None;
    }
    let count = tokens::count(line);
    (count <= room).then_some(count)
}

/// A view within `budget` tokens, at a cost proportional to what is shown: lines are
/// counted one by one and rendering stops at the first that does not fit, with a last
/// line saying how much was cut and how to see it. The node's own text (`view.text`,
/// which starts at byte `text_offset` of the node's whole text) is continued by
/// `resume(byte)`, the call that shows the node's text from that byte; a first line
/// longer than the budget is cut inside, so that any text can be read a budget at a
/// time. Lines after the text (children) are continued by `how`.
pub fn render_view_within(
    view: &View,
    budget: usize,
    text_offset: usize,
    first_line: Option<u32>,
    resume: &dyn Fn(usize) -> String,
    how: &str,
) -> String {
    let mut out = view_title(view);
    if text_offset > 0 {
        let _ = write!(out, " from byte {text_offset}");
    }
    out.push('\n');
    let children = render_view_children(view);
    let text = view.text.as_str();
    let whole_length = text_offset + text.len();
    // Room for the widest last line this can end with.
    let widest = format!(
        "… {} more lines cut at the {budget}-token budget: for the rest of this node's text, {}; or {how}\n",
        text.matches('\n').count() + children.lines().count() + 1,
        resume(whole_length)
    );
    // A little more: tokens of joined lines can differ from the sum of their parts.
    let reserve = tokens::count(&widest) + 1 + budget / 50;
    let mut packer = Packer::new(budget);
    packer.spend(tokens::count(&out));
    // Line numbers, when asked.
    let mut number = first_line;
    let mut pos = 0;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |at| pos + at + 1);
        let prefix = number.map_or(String::new(), |n| numbered_line(n, ""));
        let numbered;
        let line = if prefix.is_empty() {
            &text[pos..end]
        } else {
            numbered = format!("{prefix}{}", &text[pos..end]);
            numbered.as_str()
        };
        let room = packer.room().saturating_sub(reserve);
        if let Some(count) = tokens_within(line, room) {
            number = number.map(|n| n + 1);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push('\n');
            }
            packer.spend(count);
            pos = end;
            continue;
        }
        if pos == 0 {
            // The first line alone is over the budget: show its start.
            let bare = &text[pos..end];
            let bare = bare.strip_suffix('\n').unwrap_or(bare);
            let room = room.saturating_sub(tokens::count(&prefix));
            let head =
                &bare[..crate::pack::floor_boundary(bare, room.saturating_mul(BYTES_PER_TOKEN))];
            let cut = tokens::truncate(head, room);
            out.push_str(&prefix);
            out.push_str(&cut);
            out.push('\n');
            let _ = writeln!(
                out,
                "… this line is cut after {} of its {} bytes at the {budget}-token budget: for the rest, {}",
                cut.len(),
                bare.len(),
                resume(text_offset + cut.len())
            );
            return out;
        }
        let more = text[pos..].lines().count() + children.lines().count();
        let _ = writeln!(
            out,
            "… {} cut at the {budget}-token budget: for the rest of this node's text, {}; or {how}",
            plural(more, "more line"),
            resume(text_offset + pos)
        );
        return out;
    }
    let mut rest = children.split_inclusive('\n');
    while let Some(line) = rest.next() {
        let room = packer.room().saturating_sub(reserve);
        match tokens_within(line, room) {
            Some(count) => {
                out.push_str(line);
                packer.spend(count);
            }
            None => {
                let more = 1 + rest.count();
                let _ = writeln!(
                    out,
                    "… {} cut at the {budget}-token budget: {how}",
                    plural(more, "more line")
                );
                return out;
            }
        }
    }
    out
}

/// Note printed when a node's file changed on disk since indexing.
pub fn stale_note(view: &View) -> Option<String> {
    view.stale.then(|| {
        format!(
            "note: {} changed on disk since it was indexed; this is the indexed text (run `pyramid index` to refresh)",
            view.node.path
        )
    })
}

/// Search results, best first: `- id (kind) L3-9 — gist [score]`.
pub fn render_found(found: &[Found]) -> String {
    let mut out = String::new();
    for hit in found {
        let _ = writeln!(
            out,
            "- {} ({}){} — {} [{:.2}]",
            hit.id,
            hit.kind,
            span_text(hit.span),
            hit.gist,
            hit.score
        );
        if let Some(why) = &hit.why {
            let mut parts = Vec::new();
            for (field, words) in [
                ("name", &why.name),
                ("prose", &why.prose),
                ("code", &why.code),
            ] {
                if !words.is_empty() {
                    parts.push(format!("{field}: {}", words.join(" ")));
                }
            }
            parts.extend(why.evidence.iter().cloned());
            if parts.is_empty() {
                parts.push("no word of the task: its file matches".to_string());
            }
            let _ = writeln!(out, "    why: {}", parts.join("; "));
        }
        if hit.source.is_none() {
            for line in &hit.lines {
                let _ = writeln!(out, "    {}: {}", line.line, line.text);
            }
        }
        if let Some(source) = &hit.source {
            out.push_str(&numbered(&source.text, source.first_line));
            if source.more_lines > 0 {
                let from = source.first_line + source.text.lines().count() as u32;
                let repo = repo_prefix(hit.repo.as_deref());
                let _ = writeln!(
                    out,
                    "… {}: pyramid zoom {repo}{}:{from}-{}",
                    plural(source.more_lines, "more line"),
                    hit.path,
                    from + source.more_lines - 1
                );
            }
        }
    }
    out
}

/// Candidate exemplars, best first: `- id (kind) — gist [score]`, then what
/// transplanting it takes.
pub fn render_exemplars(found: &[Exemplar]) -> String {
    let mut out = String::new();
    for exemplar in found {
        let _ = writeln!(
            out,
            "- {} ({}) — {} [{:.2}]",
            exemplar.id, exemplar.kind, exemplar.gist, exemplar.score
        );
        let size = exemplar.closure;
        let tests = plural(exemplar.tests, "test");
        let outside = if exemplar.outside.is_empty() {
            String::new()
        } else {
            format!(", needs {}", exemplar.outside.join(", "))
        };
        let _ = writeln!(
            out,
            "  {}, {}, {tests}{outside}: pyramid gene {}",
            plural(size.nodes, "definition"),
            plural(size.lines, "line"),
            exemplar.id
        );
    }
    out
}

/// What `semport link` recorded: one line per pair, then what it could not decide.
pub fn render_link_report(report: &LinkReport) -> String {
    let mut out = String::new();
    for pair in &report.linked {
        let _ = writeln!(out, "linked {} → {}", pair.source, pair.target);
    }
    for (source, targets) in &report.ambiguous {
        let _ = writeln!(
            out,
            "ambiguous {source}: {} (link one with `pyramid semport link {source} TARGET`)",
            targets.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "{} linked, {} ambiguous, {} already in the map, {} with no target of that name",
        report.linked.len(),
        report.ambiguous.len(),
        report.already,
        report.unmatched
    );
    out
}

/// A port's state: the totals, then stale units with what changed, missing ones,
/// unported ones and ported ones, one line each.
pub fn render_port_status(report: &StatusReport) -> String {
    let mut out = format!(
        "port of {}: {} of {} ported and fresh ({}%), {} stale, {} missing, {} unported\n",
        report.scope,
        report.ported,
        plural(report.total, "unit"),
        report.percent,
        report.stale,
        report.missing,
        report.unported
    );
    let mut units: Vec<&UnitStatus> = report.units.iter().collect();
    units.sort_by_key(|u| match u.status {
        PortStatus::Stale => 0,
        PortStatus::Missing => 1,
        PortStatus::Unported => 2,
        PortStatus::Ported => 3,
    });
    for unit in units {
        let status = match unit.status {
            PortStatus::Ported => "ported",
            PortStatus::Stale => "stale",
            PortStatus::Missing => "missing",
            PortStatus::Unported => "unported",
        };
        let target = unit
            .target
            .as_deref()
            .map(|t| format!(" → {t}"))
            .unwrap_or_default();
        let _ = writeln!(out, "{status:<9} {}{target}", unit.source);
        if let Some(changes) = &unit.changes {
            for line in changes.lines() {
                let _ = writeln!(out, "          {line}");
            }
        }
    }
    out
}

/// Pattern matches in path order: `path L3-9 — id (kind)`, the matched text indented,
/// then the captures; a last line when more matched than are shown.
pub fn render_pattern(result: &PatternResult, captures: bool) -> String {
    let mut out = String::new();
    for m in &result.matches {
        let repo = repo_prefix(m.repo.as_deref());
        if m.context.is_empty() {
            // One line a match, as grep prints it: where, then the line it starts on.
            let _ = write!(
                out,
                "{repo}{}:{}  {}",
                m.path,
                m.span.start_line,
                m.line.trim()
            );
            if m.span.end_line > m.span.start_line {
                let _ = write!(
                    out,
                    "  (+{})",
                    plural(m.span.end_line - m.span.start_line, "line")
                );
            }
            out.push('\n');
        } else {
            // The lines around it, numbered; `:` marks the match's own, as in grep.
            let _ = writeln!(
                out,
                "{repo}{}{} — {} ({})",
                m.path,
                span_text(Some(m.span)),
                m.id,
                m.kind
            );
            for line in &m.context {
                let mark = if line.matched { ':' } else { '-' };
                let _ = writeln!(out, "{}{mark} {}", line.line, line.text);
            }
            if m.cut_lines > 0 {
                let _ = writeln!(out, "… {} of the match", plural(m.cut_lines, "more line"));
            }
        }
        if captures {
            for (name, text) in &m.captures {
                let _ = writeln!(out, "  ${name} = {}", text.replace('\n', "⏎"));
            }
        }
    }
    let more = result.total - result.matches.len();
    if more > 0 {
        let _ = writeln!(
            out,
            "… {} ({} in all): raise --limit or narrow with --path",
            plural(more, "more match"),
            result.total
        );
    }
    out
}

/// Nodes shaped like an example, most similar first:
/// `- id (kind) L3-9 — gist [similarity 0.93: 45 of 48 shapes]`.
pub fn render_similar(found: &[Similar]) -> String {
    let mut out = String::new();
    for hit in found {
        let _ = writeln!(
            out,
            "- {} ({}){} — {} [similarity {:.2}: {} of {}]",
            hit.id,
            hit.kind,
            span_text(hit.span),
            hit.gist,
            hit.similarity,
            hit.shared,
            plural(hit.example_shapes, "shape")
        );
    }
    out
}

/// The summary of an index run.
pub fn render_index_report(report: &IndexReport) -> String {
    let files = report.files_parsed + report.files_reused;
    let code = plural(files - report.text_files.min(files), "file");
    let files = match report.text_files {
        0 => code,
        n => format!("{code} and {}", plural(n, "text file")),
    };
    let mut out = format!(
        "indexed {files} ({} parsed, {} unchanged), {}, in {:.2} s",
        report.files_parsed,
        report.files_reused,
        plural(report.nodes, "node"),
        report.elapsed_ms as f64 / 1000.0
    );
    if report.files_removed > 0 {
        let _ = write!(out, "; {} removed", report.files_removed);
    }
    if report.format_rebuilt {
        out.push_str("; built anew: the index was written by another pyramid version");
    }
    if report.files_with_errors > 0 {
        let _ = write!(
            out,
            "; {} with syntax errors (indexed, marked)",
            report.files_with_errors
        );
    }
    out.push('\n');
    if !report.skipped.is_empty() {
        let _ = writeln!(out, "skipped {}:", plural(report.skipped.len(), "file"));
        let mut by_reason: std::collections::BTreeMap<String, Vec<&str>> = Default::default();
        for skip in &report.skipped {
            let reason = skip
                .reason
                .split(" (")
                .next()
                .unwrap_or(&skip.reason)
                .to_string();
            by_reason.entry(reason).or_default().push(&skip.path);
        }
        for (reason, paths) in by_reason {
            let shown: Vec<&str> = paths.iter().take(5).copied().collect();
            let more = if paths.len() > 5 {
                format!(", … {} more", paths.len() - 5)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {reason} ({}): {}{more}",
                paths.len(),
                shown.join(", ")
            );
        }
    }
    out
}

/// The status of the index.
pub fn render_status(status: &Status) -> String {
    let mut out = if status.fresh {
        format!(
            "fresh: {} indexed, nothing changed since\n",
            plural(status.indexed_files, "file")
        )
    } else {
        format!(
            "stale: {} modified, {} added, {} deleted since the last index (run `pyramid index`)\n",
            status.modified.len(),
            status.added.len(),
            status.deleted.len()
        )
    };
    for (label, paths) in [
        ("modified", &status.modified),
        ("added", &status.added),
        ("deleted", &status.deleted),
    ] {
        for path in paths {
            let _ = writeln!(out, "  {label}: {path}");
        }
    }
    out
}

/// Members of an implementation named on its line; `zoom` lists them all.
const MEMBERS_SHOWN: usize = 8;

/// What implements or extends a definition: each implementation with its range, the
/// line naming the definition, and its members on one line; a type's own impls first.
fn render_implementations(refs: &Refs, found: &Implementations, limit_flag: &str) -> String {
    let mut out = refs_title(refs, "implementations by name");
    if found.own_total > 0 {
        let _ = writeln!(out, "its impls ({}):", found.own_total);
        for implementation in &found.own {
            render_implementation(&mut out, implementation);
        }
        more_implementations(&mut out, found.own_total, found.own.len(), limit_flag);
    }
    if refs.too_common {
        let name = refs.id.rsplit([':', '.']).next().unwrap_or(&refs.id);
        let _ = writeln!(
            out,
            "its name is used too widely to find what implements it: grep for `{name}`"
        );
    }
    if found.total == 0 {
        // A type with impls of its own needs no word on what extends it.
        if !refs.too_common && found.own_total == 0 {
            out.push_str("implemented or extended nowhere in the index\n");
        }
        return out;
    }
    let _ = writeln!(
        out,
        "implemented or extended by {}:",
        plural(found.total as u32, "definition")
    );
    for implementation in &found.listed {
        render_implementation(&mut out, implementation);
    }
    more_implementations(&mut out, found.total, found.listed.len(), limit_flag);
    out
}

/// The line naming the call for the implementations a limit left out.
fn more_implementations(out: &mut String, total: usize, listed: usize, limit_flag: &str) {
    let more = total.saturating_sub(listed);
    if more > 0 {
        let _ = writeln!(
            out,
            "… {} more: {limit_flag} {}",
            plural(more as u32, "definition"),
            total.min(query::MAX_REFS_LIMIT)
        );
    }
}

/// One implementation: its id, kind and lines, the line naming what it implements,
/// and its first members.
fn render_implementation(out: &mut String, implementation: &Implementation) {
    let how = if implementation.sure {
        ""
    } else {
        "  (by name only)"
    };
    let _ = writeln!(
        out,
        "{} ({}){}{how}",
        implementation.id,
        implementation.kind,
        span_text(implementation.span)
    );
    let _ = writeln!(out, "  {}: {}", implementation.line, implementation.text);
    if !implementation.members.is_empty() {
        let mut members: Vec<String> = (implementation.members.iter())
            .take(MEMBERS_SHOWN)
            .map(|m| format!("{}{}", m.name, span_text(m.span)))
            .collect();
        let more = implementation.members.len().saturating_sub(MEMBERS_SHOWN);
        if more > 0 {
            members.push(format!("… {more} more (zoom {})", implementation.id));
        }
        let _ = writeln!(out, "  members: {}", members.join(", "));
    }
}

/// The first line of a `refs` answer: the definition, or a name defined nowhere and
/// how it was looked up.
fn refs_title(refs: &Refs, by_name: &str) -> String {
    match refs.kind {
        Some(kind) => format!("{} ({kind}){}\n", refs.id, span_text(refs.span)),
        None => format!("{} (defined nowhere in the index: {by_name})\n", refs.id),
    }
}

/// Where a definition is used, lines grouped under the definition holding them (as
/// `rg --heading` groups by file), then what it uses, one definition a line.
pub fn render_refs(refs: &Refs, limit_flag: &str) -> String {
    if let Some(implementations) = &refs.implementations {
        return render_implementations(refs, implementations, limit_flag);
    }
    let mut out = refs_title(refs, "its uses by name");
    for (label, list) in [
        ("declared at", &refs.declared_at),
        ("defined at", &refs.defined_at),
    ] {
        let places: Vec<String> = (list.iter())
            .map(|u| format!("{}{}", u.id, span_text(u.span)))
            .collect();
        if !places.is_empty() {
            let _ = writeln!(out, "{label} {}", places.join(", "));
        }
    }
    if refs.too_common {
        let _ = writeln!(
            out,
            "its name is too common to resolve (defined or used too often): grep for `{}`",
            refs.id.rsplit("::").next().unwrap_or(&refs.id)
        );
    } else if refs.uses_total == 0 {
        out.push_str("used nowhere in the index\n");
    } else {
        let _ = writeln!(
            out,
            "used at {} in {}:",
            plural(refs.uses_total as u32, "line"),
            plural(refs.users_total as u32, "definition")
        );
        let mut within: Option<&str> = None;
        for place in &refs.used_at {
            if within != Some(place.within.as_str()) {
                within = Some(&place.within);
                let how = if place.sure { "" } else { "  (by name only)" };
                let _ = writeln!(out, "{}{how}", place.within);
            }
            let _ = writeln!(out, "  {}: {}", place.line, place.text);
        }
        let more = refs.uses_total - refs.used_at.len();
        if more > 0 {
            let which = match refs.hidden_by_name {
                0 => "",
                _ => " by name only (maybe other definitions of the name)",
            };
            let _ = writeln!(
                out,
                "… {} more{which}: {limit_flag} {}",
                plural(more as u32, "line"),
                refs.uses_total.min(query::MAX_REFS_LIMIT)
            );
        }
    }
    if !refs.uses.is_empty() {
        let _ = writeln!(
            out,
            "uses {}:",
            plural(refs.uses.len() as u32, "definition")
        );
        for used in refs.uses.iter().filter(|u| u.sure) {
            let _ = writeln!(out, "  {}{}", used.id, span_text(used.span));
        }
        // Name-only matches are mostly other types' methods of a common name: their
        // names on one line, with how many definitions each could be (`--json` lists them).
        let mut guesses: Vec<(&str, usize)> = Vec::new();
        for used in refs.uses.iter().filter(|u| !u.sure) {
            let name = used.id.rsplit("::").next().unwrap_or(&used.id);
            match guesses.iter_mut().find(|(n, _)| *n == name) {
                Some((_, count)) => *count += 1,
                None => guesses.push((name, 1)),
            }
        }
        if !guesses.is_empty() {
            let names: Vec<String> = guesses
                .iter()
                .map(|(name, n)| {
                    if *n > 1 {
                        format!("{name} ×{n}")
                    } else {
                        (*name).to_string()
                    }
                })
                .collect();
            let _ = writeln!(out, "  by name only: {}", names.join(", "));
        }
    }
    out
}

/// Why `grep` found nothing, in a front end's words: `filters` names its path
/// filters (`--path and --exclude`), `path_option` the path filter alone, and
/// `not_option` and `no_tests_option` the options that leave matching lines out
/// (`--not`, `--no-tests`).
pub fn grep_nothing(
    result: &GrepResult,
    request: &GrepRequest,
    filters: &str,
    path_option: &str,
    [not_option, no_tests_option]: [&str; 2],
) -> String {
    if result.left_out > 0 {
        let (leavers, loosen) = match (request.not.is_empty(), request.no_tests) {
            (false, true) => (format!("{not_option} or {no_tests_option}"), "them"),
            (false, false) => (not_option.to_string(), "it"),
            (true, _) => (no_tests_option.to_string(), "it"),
        };
        let (matches, are, see) = match result.left_out {
            1 => ("matches", "it is", "it"),
            _ => ("match", "all are", "them"),
        };
        return format!(
            "{} {matches} the pattern, and {are} left out by {leavers}: loosen {loosen} to see {see}",
            plural(result.left_out, "line"),
        );
    }
    let narrowed = request.narrowed();
    if narrowed && result.searched == 0 {
        let tops = match result.top_level.is_empty() {
            true => String::new(),
            false => format!("; the top level holds {}", result.top_level.join(" ")),
        };
        return format!(
            "no indexed file is kept by those {filters}: a glob's `*` does not cross `/` \
             (`src/**/*.rs`; without `/`, `*_test.go` names files at any depth); without \
             glob characters {path_option} is a path prefix (`src/`){tops}"
        );
    }
    format!(
        "no line matches in the {} searched{}",
        plural(result.searched, "file"),
        if narrowed {
            format!(" (those {filters} keep)")
        } else {
            String::new()
        }
    )
}

/// A file's matching lines by definition, one a line: `  Def L40-62 (3)`, the
/// file's own lines as `(top level)`.
fn render_definitions(out: &mut String, file: &FileCount, prefix: &str) {
    let definitions = (file.within.iter())
        .filter(|(id, _, _)| id.starts_with(prefix))
        .count();
    let top = definitions < file.within.len();
    let place = match (definitions, top) {
        (0, _) => "at the top level".to_string(),
        (n, true) => format!("in {} and the top level", plural(n, "definition")),
        (n, false) => format!("in {}", plural(n, "definition")),
    };
    let _ = writeln!(
        out,
        "{}  {} {place}:",
        file.path,
        plural(file.lines, "line")
    );
    for within in &file.within {
        let _ = writeln!(out, "  {}", definition_count(within, prefix));
    }
}

/// One definition of a count: `Def L40-62 (3)`, the file's own lines as `(top level)`.
fn definition_count((id, n, span): &(String, usize, Option<[u32; 2]>), prefix: &str) -> String {
    let name = id.strip_prefix(prefix).unwrap_or("(top level)");
    match span {
        Some([first, last]) => format!("{name} L{first}-{last} ({n})"),
        None => format!("{name} ({n})"),
    }
}

/// Matching lines under the definition holding them (as `rg --heading` groups by
/// file): `NN: line` for a match, `NN- line` for context; without context, lines are
/// trimmed. A last line says how many more matched, and `more` how to see them; with
/// counts, `path_option` is the front end's name for the path filter.
pub fn render_grep(
    result: &GrepResult,
    more: &str,
    path_option: &str,
    defs_option: &str,
) -> String {
    let mut out = String::new();
    if !result.counts.is_empty() {
        // `path  N lines: Def (3), Other (1), +2 more`, the file's own lines as `(top)`;
        // every definition when the answer is about one file.
        let shown = if result.counts.len() == 1 {
            usize::MAX
        } else {
            5
        };
        for file in &result.counts {
            let prefix = format!("{}::", file.path);
            if result.definitions {
                render_definitions(&mut out, file, &prefix);
                continue;
            }
            let named: Vec<String> = file
                .within
                .iter()
                .take(shown)
                .map(|within| definition_count(within, &prefix))
                .collect();
            let rest = file.within.len().saturating_sub(shown);
            let rest = if rest > 0 {
                format!(
                    ", +{rest} more (all with {path_option} {}, or {defs_option})",
                    file.path
                )
            } else {
                String::new()
            };
            let _ = match named.is_empty() {
                true => writeln!(out, "{}  {}", file.path, plural(file.lines, "line")),
                false => writeln!(
                    out,
                    "{}  {}: {}{rest}",
                    file.path,
                    plural(file.lines, "line"),
                    named.join(", ")
                ),
            };
        }
        if result.files > result.counts.len() {
            let _ = writeln!(
                out,
                "… {} ({} lines in {} files in all): {more}",
                plural(result.files - result.counts.len(), "more file"),
                result.total,
                result.files
            );
        } else {
            let _ = writeln!(
                out,
                "{} in {}",
                plural(result.total, "line"),
                plural(result.files, "file")
            );
        }
        return out;
    }
    let with_context = result
        .blocks
        .iter()
        .any(|b| b.lines.iter().any(|l| !l.matched));
    let mut within: Option<&str> = None;
    for block in &result.blocks {
        if within != Some(block.within.as_str()) {
            within = Some(&block.within);
            let _ = match block.span {
                Some([first, last]) => writeln!(out, "{} L{first}-{last}", block.within),
                None => writeln!(out, "{}", block.within),
            };
        } else if with_context {
            // Another group of the same definition: a break, as grep marks one.
            out.push_str("--\n");
        }
        for line in &block.lines {
            let mark = if line.matched { ':' } else { '-' };
            let text = if with_context {
                line.text.as_str()
            } else {
                line.text.trim()
            };
            let _ = writeln!(out, "{}{mark} {text}", line.line);
        }
        if block.more > 0 {
            let _ = writeln!(
                out,
                "… {} here (all with {path_option} {})",
                plural(block.more, "more matching line"),
                block.within
            );
        }
    }
    let shown: usize = result
        .blocks
        .iter()
        .map(|b| b.lines.iter().filter(|l| l.matched).count() + b.more)
        .sum();
    if result.total > shown {
        let _ = writeln!(
            out,
            "… {} ({} in {}): {more}",
            plural(result.total - shown, "more matching line"),
            result.total,
            plural(result.files, "file")
        );
    }
    out
}

/// What a grep says of files changed since indexing.
pub fn grep_stale_note(result: &GrepResult) -> String {
    format!(
        "note: {} changed since indexing ({}): their lines are today's, placed in no definition; `pyramid index` updates the index",
        plural(result.stale.len(), "file"),
        result.stale.join(", ")
    )
}
