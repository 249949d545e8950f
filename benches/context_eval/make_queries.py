#!/usr/bin/env python3
"""Writes benches/context_eval/queries.jsonl, the query set of `cargo bench --bench context_eval`.

Every query is a hand-written task, worded the way an issue or a request to an agent
would be, about code on this machine: the Python standard library (`{stdlib}`) and a few
crates of the cargo registry (`{cargo}/NAME-VERSION`). Each names the symbols that must
change (pyramid ids, relative to the repository root); gold_files are their files.

The task text never contains the gold symbol's name: this script checks that no word of
the query equals the name or one of its identifier fragments (snake_case / camelCase
parts of three letters or more), and fails otherwise. The harness itself checks that
every gold id exists in the index.

Usage: python3 benches/context_eval/make_queries.py [--check]
  --check   only lint the queries, do not write the file
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "queries.jsonl")

STDLIB = "{stdlib}"
IGNORE = "{cargo}/ignore-0.4.35"
CLAP = "{cargo}/clap_builder-4.6.7"
TANTIVY = "{cargo}/tantivy-0.27.0"
REGEX = "{cargo}/regex-automata-0.4.19"

# (id, repo_dir, gold_symbols, query)
QUERIES = [
    # ------------------------------------------------------------------ stdlib
    ("json-scanner-control-char", STDLIB, ["json/decoder.py::py_scanstring"],
     "In strict mode the pure-Python JSON string scanner reports a confusing position when "
     "a raw control character such as a tab appears inside a string literal. The error "
     "should point at the offending character, not at the opening quote. Invalid \\uXXXX "
     "escapes and lone surrogates must keep their current behaviour, and an unterminated "
     "literal should still say where it started."),
    ("json-stream-output", STDLIB, ["json/encoder.py::JSONEncoder::iterencode"],
     "Let callers stream JSON output piece by piece so that a huge object can be written "
     "to a socket without first building the whole string in memory."),
    ("textwrap-max-lines", STDLIB, ["textwrap.py::TextWrapper::_wrap_chunks"],
     "TextWrapper with max_lines set sometimes produces a last line longer than width once "
     "the placeholder is appended. When the remaining words don't fit, the placeholder "
     "should replace trailing words until the line fits. Words longer than the width must "
     "still be broken when break_long_words is true. Please fix the loop that assembles "
     "the output lines."),
    ("textwrap-common-indent", STDLIB, ["textwrap.py::dedent"],
     "Removing the common leading indentation from a block of text should normalize lines "
     "that contain only spaces or tabs to a bare newline instead of treating them as part "
     "of the margin."),
    ("textwrap-truncate", STDLIB, ["textwrap.py::shorten"],
     "Add a helper that collapses all runs of whitespace in a string and truncates it to a "
     "given width, ending with a placeholder like ' [...]' when text had to be dropped."),
    ("csv-dialect-detection", STDLIB,
     ["csv.py::Sniffer::sniff", "csv.py::Sniffer::_guess_quote_and_delimiter"],
     "The CSV dialect detector picks the wrong separator for semicolon-separated samples "
     "that contain quoted fields with commas inside. It should prefer the estimate based on "
     "quotes and only fall back to character frequency analysis when no quoted fields are "
     "found. A restricted set of candidate separators passed by the caller must also be "
     "honoured by both strategies."),
    ("shlex-escape-safe-chars", STDLIB, ["shlex.py::quote"],
     "Escaping an argument for safe use in a POSIX shell command line should leave strings "
     "made only of safe characters such as '@', '%', '+' and '=' untouched, and return '' "
     "for an empty string."),
    ("fnmatch-backtracking", STDLIB, ["fnmatch.py::translate"],
     "Converting a shell wildcard pattern to a regular expression produces catastrophic "
     "backtracking for patterns with many stars like '*a*a*a*a*a*b'. Consecutive '*' "
     "should be collapsed, and the generated regex should emulate atomic groups with a "
     "lookahead. Character classes with '!' negation and an unmatched '[' must keep "
     "working."),
    ("difflib-junk-extension", STDLIB, ["difflib.py::SequenceMatcher::find_longest_match"],
     "Locating the biggest common contiguous block between the slices a[alo:ahi] and "
     "b[blo:bhi] should extend the result over junk elements on both sides, so that junk "
     "adjacent to the block is included in it."),
    ("difflib-fuzzy-candidates", STDLIB, ["difflib.py::get_close_matches"],
     "Given a word and a list of possibilities, return the best 'good enough' candidates "
     "above a similarity cutoff, at most n of them, best first."),
    ("difflib-patch-headers", STDLIB,
     ["difflib.py::unified_diff", "difflib.py::_format_range_unified"],
     "Generating a patch-style delta with '---' and '+++' headers writes a tab even when "
     "no file modification date was given, leaving trailing whitespace on those lines. "
     "Only add the tab and the date when a date was passed. The hunk ranges for empty "
     "ranges should also follow the GNU convention of '@@ -3,0 +4,2 @@'."),
    ("configparser-missing-files", STDLIB, ["configparser.py::RawConfigParser::read"],
     "When loading configuration from a list of filenames, files that don't exist should "
     "be skipped silently, path-like objects accepted, and the list of files that were "
     "successfully parsed returned."),
    ("configparser-ini-loop", STDLIB, ["configparser.py::RawConfigParser::_read"],
     "INI parsing: a continuation line indented under a key whose value was empty gets "
     "attached to the wrong option. A section that appears twice in one file should raise "
     "DuplicateSectionError when strict is enabled, and inline comment prefixes must only "
     "be stripped when preceded by whitespace. Please fix the main line-by-line loop of "
     "the parser."),
    ("calendar-bad-month", STDLIB, ["calendar.py::monthrange"],
     "Getting the weekday of the first day and the number of days of a given month should "
     "raise IllegalMonthError for a month number like 13 instead of an IndexError."),
    ("statistics-binned-median", STDLIB, ["statistics.py::median_grouped"],
     "Estimating the middle value of continuous data binned into fixed-width class "
     "intervals should accept an interval width and interpolate within the class that "
     "contains the 50th percentile."),
    ("statistics-normal-quantile", STDLIB, ["statistics.py::NormalDist::inv_cdf"],
     "For a normal distribution, computing the value x such that P(X <= x) = p should "
     "raise StatisticsError for p outside the open interval (0, 1) instead of returning "
     "infinities."),
    ("fractions-closest-approx", STDLIB, ["fractions.py::Fraction::limit_denominator"],
     "Finding the closest Fraction whose bottom part does not exceed a given maximum "
     "returns a wrong result when the maximum equals 1. The continued-fraction algorithm "
     "should compare both candidate bounds and pick the nearer one. Raise ValueError when "
     "the maximum is less than one."),
    ("ipaddress-merge-networks", STDLIB, ["ipaddress.py::collapse_addresses"],
     "Merging a list of IPv4 or IPv6 networks and hosts into the smallest equivalent set of "
     "networks should raise TypeError when versions are mixed, naming both objects."),
    ("ipaddress-remove-subnet", STDLIB, ["ipaddress.py::_BaseNetwork::address_exclude"],
     "Removing a smaller network from a larger block should yield the remaining networks "
     "that together cover the rest. Passing a network of a different IP version gives a "
     "confusing AttributeError; it should raise TypeError. If the other network is not "
     "contained in this one, raise ValueError with a clear message."),
    ("zipfile-add-bytes", STDLIB, ["zipfile.py::ZipFile::writestr"],
     "Adding in-memory data to an archive under a given name should honour the "
     "compress_type and compresslevel arguments, and entries whose name ends in '/' should "
     "default to directory permissions 0o40775."),
    ("zipfile-path-traversal", STDLIB, ["zipfile.py::ZipFile::_extract_member"],
     "Unpacking an entry whose name contains '..' components or an absolute drive can "
     "escape the destination directory. Names should be sanitized: remove drive letters, "
     "leading slashes and parent references, and replace characters that are invalid on "
     "Windows. Directory entries must be created as directories rather than written as "
     "empty files."),
    ("tarfile-link-fallback", STDLIB, ["tarfile.py::TarFile::makelink"],
     "When the platform can't create symbolic or hard links while unpacking a tar archive, "
     "fall back to copying the referenced member's contents instead, and fail clearly if "
     "the link target isn't in the archive."),
    ("tarfile-extended-header-charset", STDLIB, ["tarfile.py::TarInfo::_proc_pax"],
     "Reading a POSIX extended header with a 'hdrcharset=BINARY' record mis-decodes UTF-8 "
     "path names. Keywords and values should be decoded according to the charset declared "
     "in the header, falling back to the archive's encoding. A record whose length field "
     "doesn't match its content should raise InvalidHeaderError."),
    ("shutil-delete-tree-symlink", STDLIB, ["shutil.py::rmtree"],
     "Recursively deleting a directory tree follows symlinks on platforms without "
     "fd-based functions, which is a security problem. The onerror callback should be "
     "invoked with the function that failed and the path. When the top-level path is "
     "itself a symbolic link, raise OSError instead of deleting the contents of its "
     "target."),
    ("shutil-find-executable", STDLIB, ["shutil.py::which"],
     "Looking up an executable on PATH should honour PATHEXT and the current directory on "
     "Windows, but never search the current directory implicitly on POSIX."),
    ("gettext-plural-eval", STDLIB, ["gettext.py::c2py"],
     "Plural-Forms expressions from .po/.mo catalogs are evaluated with eval, which is "
     "unsafe and gets nested ternaries wrong. Convert the C expression into a Python "
     "function by tokenizing it, limit the nesting depth, and raise ValueError for "
     "invalid plural forms."),
    ("smtplib-refused-recipients", STDLIB, ["smtplib.py::SMTP::sendmail"],
     "When sending a message to several recipients and the server rejects some of them, "
     "the transaction should continue and return a dict of the refused addresses; only "
     "raise SMTPRecipientsRefused when all were rejected. 8-bit messages need the "
     "SMTPUTF8 and 8BITMIME options when the server advertises them."),
    ("ftplib-passive-reply", STDLIB, ["ftplib.py::parse227"],
     "Parsing the reply to a passive-mode request to extract the host and port should "
     "raise error_proto when the '(h1,h2,h3,h4,p1,p2)' tuple is missing."),
    ("imaplib-date-format", STDLIB, ["imaplib.py::Time2Internaldate"],
     "Converting a datetime, epoch seconds or a struct to the IMAP date string used by "
     "APPEND should include the correct local UTC offset."),
    ("wave-fix-sizes", STDLIB, ["wave.py::Wave_write::_patchheader"],
     "When a WAV file is written without announcing the number of frames first, the RIFF "
     "and data chunk sizes stored at the start of the file are wrong; seek back and fix "
     "the length fields once all audio has been written."),
    ("tomllib-bytes-input", STDLIB, ["tomllib/_parser.py::loads"],
     "Parsing a TOML document that was passed as bytes should fail with a TypeError that "
     "tells the user to decode it to str first."),
    ("email-display-name", STDLIB, ["email/utils.py::formataddr"],
     "Formatting a (display name, email) pair for a To: line should quote the name when "
     "it contains specials like commas and encode non-ASCII names with RFC 2047."),
    ("http-static-path-escape", STDLIB,
     ["http/server.py::SimpleHTTPRequestHandler::translate_path"],
     "The static file server maps request URLs to files under the served directory. A "
     "request like '/../../etc/passwd', or one with encoded backslashes on Windows, must "
     "never escape that directory. Query strings and fragments should be dropped before "
     "mapping, and a trailing slash in the URL must be preserved so that directory "
     "listings still work."),
    ("logging-size-rotation", STDLIB, ["logging/handlers.py::RotatingFileHandler::doRollover"],
     "The size-based log handler should shift app.log.1 to app.log.2 and so on up to "
     "backupCount, then reopen a fresh stream, when the file would exceed maxBytes."),
    ("logging-timed-rotation-dst", STDLIB,
     ["logging/handlers.py::TimedRotatingFileHandler::computeRollover"],
     "The time-based rotating file handler computes the next rotation moment wrongly when "
     "the 'W0'-'W6' weekday option is used and daylight saving time changes before the "
     "next switch. Derive the moment from the configured interval, honouring atTime and "
     "utc. Rotation at midnight should respect atTime as well."),
    ("asyncio-timeout-cancel", STDLIB, ["asyncio/tasks.py::wait_for"],
     "Awaiting a coroutine with a deadline can leave the inner task running if the outer "
     "task is cancelled at the same moment the deadline passes. When the timeout expires, "
     "cancel the inner task and block until it is cancelled before raising TimeoutError. "
     "If the timeout is zero or negative, an awaitable that is already done should still "
     "return its result."),
    ("asyncio-stream-separator", STDLIB, ["asyncio/streams.py::StreamReader::readuntil"],
     "Reading from a stream up to a separator should raise LimitOverrunError when the "
     "buffer limit is exceeded and IncompleteReadError at EOF, leaving the data in the "
     "buffer so the caller can recover."),
    ("unittest-approx-equality", STDLIB, ["unittest/case.py::TestCase::assertAlmostEqual"],
     "The approximate float equality assertion should accept either places or delta but "
     "not both, and include the actual difference in the failure message."),
    ("unittest-test-discovery", STDLIB, ["unittest/loader.py::TestLoader::discover"],
     "Finding tests from a start directory fails on namespace packages and reports a "
     "confusing ImportError when the top-level directory is not importable. It should put "
     "top_level_dir on sys.path and raise a clear error when the start directory is not "
     "importable. Module patterns like 'test*.py' must be matched against file names."),
    ("urllib-dot-segments", STDLIB, ["urllib/parse.py::urljoin"],
     "Resolving a relative reference against a base URL mishandles '..' segments that "
     "climb above the root; follow the RFC 3986 algorithm for removing dot segments."),
    ("collections-record-class", STDLIB, ["collections/__init__.py::namedtuple"],
     "Creating a tuple subclass with named fields should reject field names that are "
     "keywords or start with an underscore unless rename=True, in which case invalid "
     "names get positional names like _1. Defaults should apply to the rightmost fields. "
     "The generated class needs a proper __module__ so that pickling works."),
    ("argparse-synopsis-wrap", STDLIB, ["argparse.py::HelpFormatter::_format_usage"],
     "The synopsis line that --help prints is wrapped badly when the program name is "
     "long. Optionals and positionals should be wrapped into separate groups of lines, "
     "indented to line up after the program name. Mutually exclusive groups must stay "
     "intact when wrapping."),
    ("base64-map01", STDLIB, ["base64.py::b32decode"],
     "Base32 input where the digit 0 or 1 was typed for the letters O and I or L should be "
     "accepted when a mapping for '1' is given, and lowercase input accepted when casefold "
     "is true."),
    ("html-char-references", STDLIB, ["html/__init__.py::unescape"],
     "Converting named and numeric character references like '&amp;' and '&#x27;' in a "
     "string back to Unicode characters should replace invalid code points the way HTML5 "
     "specifies."),
    ("pathlib-subpath-error", STDLIB, ["pathlib.py::PurePath::relative_to"],
     "Computing a path's position below another directory should raise ValueError naming "
     "both paths when it is not a subpath of the other."),
    ("email-encoded-words", STDLIB, ["email/header.py::decode_header"],
     "Splitting an RFC 2047 encoded-word value like '=?utf-8?q?...?=' into (string, "
     "charset) pairs should merge adjacent parts that use the same charset."),
    # ------------------------------------------------------------------ ignore
    ("ignore-pattern-line", IGNORE, ["src/gitignore.rs::GitignoreBuilder::add_line"],
     "A gitignore entry with trailing whitespace escaped by a backslash is handled "
     "incorrectly, and entries starting with '\\#' or '\\!' should be literal patterns. "
     "Patterns containing a slash anywhere but at the end must be anchored to the "
     "gitignore's directory, and a trailing '/' should only match directories."),
    ("ignore-excludesfile-config", IGNORE, ["src/gitignore.rs::parse_excludes_file"],
     "Reading the location of the user's global ignore rules from git config should find "
     "the core setting in any letter case and strip surrounding quotes."),
    ("ignore-home-prefix", IGNORE, ["src/gitignore.rs::expand_tilde"],
     "A global ignore path configured as '~/something' should be resolved against the HOME "
     "environment variable."),
    ("ignore-windows-attribute", IGNORE, ["src/pathutil.rs::is_hidden_entry"],
     "On Windows, walk entries that carry the file attribute hiding them from Explorer "
     "should be skipped like dotfiles, not only names that start with '.'."),
    ("ignore-order-by-full-path", IGNORE, ["src/walk.rs::WalkBuilder::sort_by_file_path"],
     "Let callers order the entries of a directory walk with a comparator over their full "
     "paths rather than only their base names."),
    ("ignore-parallel-quit", IGNORE, ["src/walk.rs::WalkParallel::visit"],
     "The multi-threaded directory traversal hangs when the visitor returns Quit on one "
     "thread while others still hold work. Each worker should stop taking new directories "
     "once quitting is signalled, and roots that are plain files must be handed to the "
     "visitor directly. Errors for roots that don't exist should be reported through the "
     "visitor as well."),
    ("ignore-worktree-exclude", IGNORE, ["src/dir.rs::resolve_git_commondir"],
     "In a linked worktree, follow the pointer file in the worktree to the main "
     "repository's metadata folder so that its info/exclude rules are honoured."),
    # ------------------------------------------------------------------ clap_builder
    ("clap-typo-suggestions", CLAP, ["src/parser/features/suggestions.rs::did_you_mean"],
     "When a user mistypes a value or subcommand, suggest the candidates whose Jaro "
     "similarity exceeds 0.7, ordered by confidence."),
    ("clap-help-padding", CLAP, ["src/output/help_template.rs::HelpTemplate::align_to_about"],
     "In --help output, the spaces between an option's switches and its description are "
     "miscounted for options that have only a short flag; positionals need their own "
     "padding rule."),
    ("clap-terminal-columns", CLAP, ["src/output/textwrap/core.rs::display_width"],
     "Measuring how many terminal columns a help string occupies counts wide CJK "
     "characters, emojis and combining accents wrongly."),
    ("clap-global-args-nested", CLAP, ["src/builder/command.rs::Command::_propagate_global_args"],
     "Arguments flagged to apply to all subcommands of a parent command are not available "
     "in nested subcommands. They should be copied into every subcommand without "
     "overriding a subcommand's own argument of the same id. The auto-generated help "
     "subcommand must not receive them, so completions stay clean."),
    ("clap-alias-lookup", CLAP, ["src/mkeymap.rs::append_keys"],
     "Register an argument's short flag, long flag and all their aliases as lookup entries "
     "for the parser, and positional arguments by their index."),
    ("clap-option-ordering", CLAP, ["src/output/help_template.rs::HelpTemplate::write_args"],
     "Options listed by --help should be ordered by the configured sort key, and the "
     "column width should ignore arguments whose help goes on the next line."),
    # ------------------------------------------------------------------ tantivy
    ("tantivy-discard-uncommitted", TANTIVY, ["src/indexer/index_writer.rs::IndexWriter::rollback"],
     "Discarding every change made since the last commit should restart the indexing "
     "workers and keep the directory lock, so that the writer remains usable afterwards."),
    ("tantivy-unused-files", TANTIVY,
     ["src/directory/managed_directory.rs::ManagedDirectory::garbage_collect"],
     "Files left behind by merged segments are sometimes deleted while another process is "
     "about to open them. The cleanup should list managed files that no living segment "
     "references only while holding the meta lock. Files that cannot be deleted must be "
     "kept in the managed list and retried next time, without returning an error."),
    ("tantivy-block-lower-bound", TANTIVY, ["src/postings/block_search.rs::kary_search"],
     "Speed up finding the first position in a sorted block of doc ids whose value is at "
     "least the target, by probing several pivots per step instead of plain "
     "bisection."),
    ("tantivy-file-trailer", TANTIVY, ["src/directory/footer.rs::Footer::extract_footer"],
     "Reading the trailing version and checksum metadata of an index file should fail "
     "with a clear corruption error when the file is shorter than the declared trailer "
     "length."),
    ("tantivy-nested-field-path", TANTIVY, ["src/core/json_utils.rs::split_json_path"],
     "Query parser: a dotted name into a nested-object field like 'attributes.color' must "
     "be broken at each '.', but a backslash should escape a literal dot in a key."),
    ("tantivy-score-debug", TANTIVY, ["src/query/bm25.rs::Bm25Weight::explain"],
     "The breakdown of a BM25 score should list term frequency, field norm, idf, k1 and b "
     "so that users can debug their ranking."),
    ("tantivy-vbyte-offset", TANTIVY,
     ["src/postings/compression/vint.rs::compress_sorted",
      "src/postings/compression/vint.rs::uncompress_sorted"],
     "Variable-byte encoding of ascending doc ids in a partial block takes deltas from the "
     "wrong base when a non-zero starting offset is given; fix both the encoder and the "
     "decoder so that the offset is the base of the first delta."),
    ("tantivy-typo-tolerant-terms", TANTIVY, ["src/query/fuzzy_query.rs::FuzzyTermQuery::automaton"],
     "Typo-tolerant term matching should build a Levenshtein DFA from a cached builder "
     "for the distance and transposition setting, and support prefix matching."),
    # ------------------------------------------------------------------ regex-automata
    ("regex-lazy-dfa-giveup", REGEX, ["src/hybrid/dfa.rs::Lazy::try_clear_cache"],
     "The lazy DFA gives up too early on large haystacks. After its transition storage "
     "fills up and has been reset more than the configured minimum number of times, a "
     "search should only fail when fewer than the minimum bytes per state were scanned "
     "since the last reset. Make sure the reset keeps the current state so that a search "
     "in progress can continue."),
    ("regex-capture-reference", REGEX, ["src/util/interpolate.rs::find_cap_ref"],
     "In replacement strings, '$1a' is read as a reference to a group named '1a' instead "
     "of group 1 followed by 'a'; the name should be the longest run of word characters, "
     "and braces like '${1}a' should allow disambiguation."),
    ("regex-counted-repetition", REGEX, ["src/nfa/thompson/compiler.rs::Compiler::c_bounded"],
     "Compiling a counted repetition like a{2,5} should emit the required copies followed "
     "by optional copies with greedy or lazy preference, and take the simple path when "
     "the minimum equals the maximum."),
    ("regex-plain-string-alternation", REGEX, ["src/meta/literal.rs::alternation_literals"],
     "The meta regex engine should detect patterns that are just a big 'foo|bar|baz|...' "
     "of plain strings and extract those strings, so that Aho-Corasick can be used "
     "instead of an NFA."),
    ("regex-zero-width-iteration", REGEX,
     ["src/util/iter.rs::Searcher::handle_overlapping_empty_match"],
     "Iterating over successive hits loops forever or yields results that share bytes "
     "when a pattern like 'a*' finds a zero-width hit right where the previous hit ended. "
     "The iterator must always move forward by one position and search again. This must "
     "also hold in UTF-8 mode, where a hit may not split a codepoint."),
    ("regex-onepass-conflict", REGEX, ["src/dfa/onepass.rs::InternalBuilder::build"],
     "Constructing a one-pass DFA should fail with a clear error when the NFA is not "
     "one-pass, for example when two transitions out of the same state overlap on a byte "
     "with different capture slot updates. Look-around assertions that are not supported "
     "should be rejected too. The state limit from the configuration must be enforced "
     "while states are added."),
]


def fragments(symbol_id):
    """The gold name and its identifier fragments (3+ letters), lower-cased."""
    name = symbol_id.split("::")[-1].split("#")[0]
    parts = {name.lower()}
    stop = {"and", "the", "for", "with", "from", "into"}
    for piece in re.split(r"_+", name):
        for word in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", piece):
            if len(word) >= 3 and word.lower() not in stop:
                parts.add(word.lower())
    return parts


def lint(queries):
    problems = []
    seen = set()
    for qid, repo, gold, text in queries:
        if qid in seen:
            problems.append(f"{qid}: duplicate id")
        seen.add(qid)
        words = {w.lower() for w in re.findall(r"[A-Za-z0-9]+", text)}
        words |= {w.lower() for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text)}
        for sym in gold:
            leaked = fragments(sym) & words
            if leaked:
                problems.append(f"{qid}: query names the gold symbol {sym}: {sorted(leaked)}")
    return problems


def main():
    problems = lint(QUERIES)
    for p in problems:
        print("error:", p, file=sys.stderr)
    if problems:
        sys.exit(1)
    if "--check" in sys.argv[1:]:
        print(f"{len(QUERIES)} queries ok")
        return
    with open(OUT, "w", encoding="utf-8") as out:
        for qid, repo, gold, text in QUERIES:
            files = []
            for sym in gold:
                path = sym.split("::")[0]
                if path not in files:
                    files.append(path)
            record = {
                "id": qid,
                "repo_dir": repo,
                "query": text,
                "gold_files": files,
                "gold_symbols": gold,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    by_repo = {}
    for _, repo, _, text in QUERIES:
        by_repo[repo] = by_repo.get(repo, 0) + 1
    multi = sum(1 for q in QUERIES if q[3].count(". ") + q[3].count("; ") >= 2)
    print(f"wrote {len(QUERIES)} queries to {os.path.relpath(OUT)} "
          f"({multi} multi-sentence): " + ", ".join(f"{r} {n}" for r, n in by_repo.items()))


if __name__ == "__main__":
    main()
