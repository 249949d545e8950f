#!/usr/bin/env python3
"""Clone retrieval of `pyramid pattern --like`: plants renamed, re-literalled copies of
30 top-level functions of the Python standard library and 30 of a Rust crate into a
temporary repository that also holds both (as distractors), then asks `--like` about
each original and checks where its copy ranks. Reports precision@1 and @3 (share of
originals whose copy is first / in the top 3; the goal is @3 >= 90%), the median
similarity of the copies and the median time of one `--like` call (whole process).

    python3 benches/clone_eval.py [--crate regex-automata] [--keep]
        [--per-lang 30] [--binary target/release/pyramid]

The copies rename every identifier that is not a keyword (or a Rust primitive type),
change every number and the letters of every string (escapes, prefixes, raw strings,
lifetimes and char literals kept valid; Python f-strings left as they are). Originals
are chosen deterministically: functions whose parent is a file, 8 to 60 lines, without
parse errors, one per file, not test code, evenly spaced in id order. A copy that does
not parse (`ast.parse`, or `has_errors` in pyramid's own index) is replaced by the next
candidate. Uses only the built binary; the index is built from scratch in the temporary
repository (removed at the end unless --keep). Copies are planted under `zz_planted/`,
which sorts last, so ties (equal similarity, ordered by id) count against them. Exit code
0 unless the setup fails.
"""

import argparse
import ast
import glob
import io
import json
import keyword
import os
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import time
import tokenize

HERE = os.path.dirname(os.path.abspath(__file__))
# Copies go in a folder that sorts after `py/` and `rs/`: `--like` orders equal
# similarities by id, so a copy tied with other nodes is ranked after them, not before.
PLANTED = "zz_planted"


def fail(message):
    print(f"setup failed: {message}", file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------------------------
# Running pyramid


class Pyramid:
    def __init__(self, binary, repo):
        self.binary = binary
        self.repo = repo

    def run(self, *args, check=True):
        command = [self.binary, "--repo", self.repo, *args]
        done = subprocess.run(command, capture_output=True, text=True)
        if check and done.returncode != 0:
            fail(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()}")
        return done

    def json(self, *args):
        return json.loads(self.run(*args, "--json").stdout)

    def index(self):
        return self.json("index")


# ---------------------------------------------------------------------------------
# Shared rewriting helpers


def rot13(ch):
    if "a" <= ch <= "z":
        return chr((ord(ch) - 97 + 13) % 26 + 97)
    if "A" <= ch <= "Z":
        return chr((ord(ch) - 65 + 13) % 26 + 65)
    return ch


def swap_digit(ch):
    """A different digit, valid in every base (0 and 1)."""
    return "1" if ch == "0" else "0"


def change_last(body, allowed):
    """`body` with its last character from `allowed` changed by swap_digit."""
    for i in range(len(body) - 1, -1, -1):
        if body[i] in allowed:
            return body[:i] + swap_digit(body[i]) + body[i + 1 :]
    return body


HEX = "0123456789abcdefABCDEF"
DEC = "0123456789"


def rename(name, k):
    """A new, valid identifier for `name` in clone `k` (never a keyword)."""
    return f"v{k}_{name[::-1]}"


def relit_escaped(body, raw, rust):
    """String contents with their ASCII letters rotated, escape sequences intact."""
    out = []
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch == "\\":
            if raw:  # only keeps the next quote from closing the string
                out.append(body[i : i + 2])
                i += 2
                continue
            nxt = body[i + 1] if i + 1 < n else ""
            j = i + 2
            if nxt == "x":
                j = i + 4
            elif nxt == "u" and rust:
                j = body.index("}", i) + 1
            elif nxt == "u":
                j = i + 6
            elif nxt == "U":
                j = i + 10
            elif nxt == "N":
                j = body.index("}", i) + 1
            out.append(body[i:j])
            i = j
            continue
        out.append(rot13(ch))
        i += 1
    return "".join(out)


# ---------------------------------------------------------------------------------
# Python


PY_KEEP = set(keyword.kwlist) | set(getattr(keyword, "softkwlist", [])) | {"print", "exec"}
STRING_PREFIX = re.compile(r"^([A-Za-z]*)('''|\"\"\"|'|\")")


def py_number(text):
    lower = text.lower()
    if re.fullmatch(r"[0-9]+", text):
        return str(int(text) + 1)
    if lower.startswith(("0x", "0o", "0b")):
        allowed = {"0x": HEX, "0o": "01234567", "0b": "01"}[lower[:2]]
        return text[:2] + change_last(text[2:], allowed)
    return change_last(text, DEC)


def py_string(text):
    match = STRING_PREFIX.match(text)
    if not match:
        return text
    prefix, quote = match.group(1), match.group(2)
    if "f" in prefix.lower():
        return text  # f-strings: left alone (a literal is a leaf of the shape anyway)
    start, end = len(prefix) + len(quote), len(text) - len(quote)
    body = relit_escaped(text[start:end], "r" in prefix.lower(), rust=False)
    return text[:start] + body + text[end:]


def py_clone(source, k):
    """A renamed, re-literalled copy of Python source, or None when it cannot be made."""
    source = textwrap.dedent(source)
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    edits = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.NAME and tok.string not in PY_KEEP:
                new = rename(tok.string, k)
            elif tok.type == tokenize.NUMBER:
                new = py_number(tok.string)
            elif tok.type == tokenize.STRING:
                new = py_string(tok.string)
            else:
                continue
            if new != tok.string:
                start = offsets[tok.start[0] - 1] + tok.start[1]
                end = offsets[tok.end[0] - 1] + tok.end[1]
                edits.append((start, end, new))
    except (tokenize.TokenError, IndentationError, SyntaxError, ValueError):
        return None
    copy = splice(source, edits)
    try:
        ast.parse(copy)
    except (SyntaxError, ValueError):
        return None
    return copy


def splice(source, edits):
    out, last = [], 0
    for start, end, new in sorted(edits):
        out.append(source[last:start])
        out.append(new)
        last = end
    out.append(source[last:])
    return "".join(out)


# ---------------------------------------------------------------------------------
# Rust


RUST_KEEP = {
    # strict, reserved and weak keywords
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become",
    "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual",
    "yield", "try", "union", "default", "macro_rules", "auto", "gen", "raw", "_",
    # primitive types (tree-sitter parses them as `primitive_type`, not identifiers)
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128",
    "isize", "f32", "f64", "bool", "char", "str",
}


def is_ident_start(ch):
    return ch == "_" or ch.isalpha()


def is_ident_char(ch):
    return ch == "_" or ch.isalnum()


def rust_tokens(src):
    """(kind, start, end, extra) over Rust source: ident, raw_ident, number, string,
    raw_string, char, lifetime, comment, punct. `extra` is the body range of strings
    and chars, or of numbers (digits before a type suffix) with their base."""
    i, n = 0, len(src)
    prev_sig = ""
    while i < n:
        ch = src[i]
        if ch.isspace():
            i += 1
            continue
        start = i
        if src.startswith("//", i):
            end = src.find("\n", i)
            i = n if end < 0 else end
            yield ("comment", start, i, None)
            continue
        if src.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if src.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif src.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
            yield ("comment", start, i, None)
            continue
        # raw strings: r"..", r#".."#, br.., cr..
        m = re.compile(r'(?:b|c)?r(#*)"').match(src, i)
        if m:
            hashes = m.group(1)
            close = '"' + hashes
            body_start = m.end()
            body_end = src.find(close, body_start)
            if body_end < 0:
                raise ValueError("unterminated raw string")
            i = body_end + len(close)
            yield ("raw_string", start, i, (body_start, body_end))
            prev_sig = "lit"
            continue
        if src.startswith("r#", i) and i + 2 < n and is_ident_start(src[i + 2]):
            j = i + 2
            while j < n and is_ident_char(src[j]):
                j += 1
            yield ("raw_ident", start, j, None)
            i, prev_sig = j, "ident"
            continue
        m = re.compile(r'(?:b|c)?"').match(src, i)
        if m:
            j = m.end()
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            if j >= n:
                raise ValueError("unterminated string")
            yield ("string", start, j + 1, (m.end(), j))
            i, prev_sig = j + 1, "lit"
            continue
        if ch == "'" or src.startswith("b'", i):
            q = i + 1 if ch == "b" else i
            if q + 1 < n and src[q + 1] == "\\":
                j = q + 3  # past the backslash and the escaped character
                while j < n and src[j] != "'":
                    j += 1
                yield ("char", start, j + 1, (q + 1, j))
                i, prev_sig = j + 1, "lit"
                continue
            if q + 2 < n and src[q + 2] == "'":
                yield ("char", start, q + 3, (q + 1, q + 2))
                i, prev_sig = q + 3, "lit"
                continue
            if ch == "'":  # a lifetime or a label
                j = i + 1
                while j < n and is_ident_char(src[j]):
                    j += 1
                yield ("lifetime", start, j, None)
                i, prev_sig = j, "lifetime"
                continue
        if is_ident_start(ch):
            j = i
            while j < n and is_ident_char(src[j]):
                j += 1
            yield ("ident", start, j, None)
            i, prev_sig = j, "ident"
            continue
        if ch.isdigit():
            j = i
            if src.startswith(("0x", "0o", "0b"), i):
                base = {"x": HEX, "o": "01234567", "b": "01"}[src[i + 1]]
                j = i + 2
                body_start = j
                while j < n and (src[j] in base or src[j] == "_"):
                    j += 1
            else:
                base = DEC
                body_start = i
                while j < n and (src[j].isdigit() or src[j] == "_"):
                    j += 1
                if prev_sig != ".":  # not a tuple index such as `x.0.1`
                    if j + 1 < n and src[j] == "." and src[j + 1].isdigit():
                        j += 1
                        while j < n and (src[j].isdigit() or src[j] == "_"):
                            j += 1
                    m = re.compile(r"[eE][+-]?_*[0-9]").match(src, j)
                    if m:
                        j = m.end()
                        while j < n and (src[j].isdigit() or src[j] == "_"):
                            j += 1
            body_end = j
            while j < n and is_ident_char(src[j]):
                j += 1
            yield ("number", start, j, (body_start, body_end, base))
            i, prev_sig = j, "lit"
            continue
        yield ("punct", start, i + 1, None)
        prev_sig = ch
        i += 1


def rust_clone(source, k):
    """A renamed, re-literalled copy of Rust source, or None when it cannot be made."""
    if "macro_rules" in source:
        return None  # fragment specifiers (`$x:expr`) must not be renamed
    edits = []
    try:
        for kind, start, end, extra in rust_tokens(source):
            text = source[start:end]
            if kind == "ident" and text not in RUST_KEEP:
                new = rename(text, k)
            elif kind == "raw_ident":
                new = rename(text[2:], k)
            elif kind == "number":
                body_start, body_end, base = extra
                body = change_last(source[body_start:body_end], base)
                new = source[start:body_start] + body + source[body_end:end]
            elif kind == "string":
                body = relit_escaped(source[extra[0] : extra[1]], False, rust=True)
                new = source[start : extra[0]] + body + source[extra[1] : end]
            elif kind == "raw_string":
                body = "".join(rot13(c) for c in source[extra[0] : extra[1]])
                new = source[start : extra[0]] + body + source[extra[1] : end]
            elif kind == "char":
                body = source[extra[0] : extra[1]]
                if len(body) == 1:
                    body = rot13(body)
                new = source[start : extra[0]] + body + source[extra[1] : end]
            else:
                continue
            if new != text:
                edits.append((start, end, new))
    except (ValueError, IndexError):
        return None
    return splice(source, edits)


# ---------------------------------------------------------------------------------
# Setup


def newest_crate(prefix):
    pattern = os.path.expanduser(f"~/.cargo/registry/src/*/{prefix}-*")
    found = []
    for path in glob.glob(pattern):
        rest = os.path.basename(path)[len(prefix) + 1 :]
        m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)(.*)", rest)
        if m and os.path.isdir(path):
            found.append(((int(m[1]), int(m[2]), int(m[3]), m[4] == "", m[4]), path))
    if not found:
        fail(f"no crate {prefix}-<version> under ~/.cargo/registry/src/*/")
    return max(found)[1]


def walk(node, parent=None):
    yield node, parent
    for child in node.get("children", []):
        yield from walk(child, node)


TEST_PARTS = {"test", "tests", "idle_test", "testing"}


def is_test_path(path):
    parts = path.split("/")
    name = parts[-1]
    return (
        bool(TEST_PARTS & set(parts[:-1]))
        or name.startswith("test_")
        or name in ("test.rs", "tests.rs", "test.py", "tests.py")
        or name.endswith(("_test.rs", "_tests.rs"))
    )


def candidates(tree, top, lang):
    found = []
    for node, parent in walk(tree):
        if node["kind"] != "function" or not parent or parent["kind"] != "file":
            continue
        if node["lang"] != lang or not node["path"].startswith(top + "/"):
            continue
        span = node["span"]
        lines = span["end_line"] - span["start_line"] + 1
        name = node["id"].rsplit("::", 1)[-1]
        if not 8 <= lines <= 60 or node.get("has_errors") or "#" in name:
            continue
        if is_test_path(node["path"]) or name.startswith("test"):
            continue
        found.append(node)
    found.sort(key=lambda node: node["id"])
    return found


def source_of(repo, node):
    span = node["span"]
    with open(os.path.join(repo, node["path"]), "rb") as f:
        data = f.read()
    return data[span["start_byte"] : span["end_byte"]].decode("utf-8")


def make_copies(binary, repo, cands, lang, first_k):
    """Copy text for every candidate (None when it cannot be made or does not parse),
    checked by indexing all copies in a scratch repository."""
    ext = "py" if lang == "python" else "rs"
    make = py_clone if lang == "python" else rust_clone
    copies = []
    for i, node in enumerate(cands):
        copies.append(make(source_of(repo, node), first_k + i))
    scratch = tempfile.mkdtemp(prefix="clone_eval_scratch_")
    try:
        for i, copy in enumerate(copies):
            if copy is not None:
                with open(os.path.join(scratch, f"c{i}.{ext}"), "w", encoding="utf-8") as f:
                    f.write(copy.rstrip("\n") + "\n")
        p = Pyramid(binary, scratch)
        p.index()
        tree = p.json("zoom", ".", "--depth", "2", "--level", "label")
        bad = {node["path"] for node, _ in walk(tree) if node.get("has_errors")}
        good = {
            node["path"]
            for node, parent in walk(tree)
            if node["kind"] == "function" and parent and parent["kind"] == "file"
        }
        for i in range(len(copies)):
            path = f"c{i}.{ext}"
            if copies[i] is not None and (path in bad or path not in good):
                copies[i] = None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return copies


def choose(cands, copies, count):
    """`count` candidates evenly spaced in id order, each with a valid copy (the next
    candidate when one has none), from distinct files; when there are too few files
    (a crate's top-level functions sit in a few), at most 2, 3, … per file. Returns
    the chosen indices and the most per file that was needed."""
    per_file = 1
    while True:
        chosen, used = [], {}
        for k in range(count):
            start = k * len(cands) // count
            for j in list(range(start, len(cands))) + list(range(0, start)):
                path = cands[j]["path"]
                if copies[j] is not None and j not in chosen and used.get(path, 0) < per_file:
                    used[path] = used.get(path, 0) + 1
                    chosen.append(j)
                    break
        if len(chosen) == count or per_file >= max(1, len(cands)):
            return chosen, per_file
        per_file += 1


# ---------------------------------------------------------------------------------
# Evaluation


def fmt_pct(hits, total):
    return f"{100 * hits / total:.1f}% ({hits}/{total})" if total else "–"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crate", default="regex-automata", help="crate name prefix")
    parser.add_argument("--keep", action="store_true", help="keep the temporary repo")
    parser.add_argument("--per-lang", type=int, default=30)
    parser.add_argument(
        "--binary", default=os.path.join(HERE, "..", "target", "release", "pyramid")
    )
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        fail(f"no binary at {binary}")

    stdlib = sysconfig.get_paths()["stdlib"]
    crate = newest_crate(args.crate)
    repo = tempfile.mkdtemp(prefix="clone_eval_")
    try:
        run(args, binary, stdlib, crate, repo)
    finally:
        if args.keep:
            print(f"\nkept the repository at {repo}")
        else:
            shutil.rmtree(repo, ignore_errors=True)


def run(args, binary, stdlib, crate, repo):
    started = time.perf_counter()
    shutil.copytree(
        stdlib,
        os.path.join(repo, "py"),
        ignore=shutil.ignore_patterns("site-packages", "__pycache__", "test"),
        symlinks=True,
    )
    shutil.copytree(crate, os.path.join(repo, "rs"), symlinks=True,
                    ignore=shutil.ignore_patterns("target"))
    p = Pyramid(binary, repo)
    stats = p.index()
    print(f"distractors: {stdlib} -> py/, {crate} -> rs/; "
          f"{stats['nodes']} nodes in {stats['files_parsed']} files "
          f"({stats['elapsed_ms'] / 1000:.1f} s)")
    tree = p.json("zoom", ".", "--depth", "64", "--level", "label")

    originals = []  # (lang, original node, copy path)
    for lang, top, ext in (("python", "py", "py"), ("rust", "rs", "rs")):
        cands = candidates(tree, top, lang)
        first_k = len(originals) + 1
        copies = make_copies(binary, repo, cands, lang, first_k)
        chosen, per_file = choose(cands, copies, args.per_lang)
        files = len({cands[j]["path"] for j in chosen})
        print(f"{lang}: {len(cands)} candidates in {len({c['path'] for c in cands})} files, "
              f"{sum(c is not None for c in copies)} with a valid copy; {len(chosen)} chosen "
              f"from {files} files (at most {per_file} per file)")
        if len(chosen) < args.per_lang:
            fail(f"only {len(chosen)} {lang} originals with a valid copy")
        os.makedirs(os.path.join(repo, PLANTED), exist_ok=True)
        for j in chosen:
            number = len(originals) + 1
            node = cands[j]
            # Renamed with the clone's own number, not the scratch one.
            make = py_clone if lang == "python" else rust_clone
            copy = make(source_of(repo, node), number) or copies[j]
            path = f"{PLANTED}/clone_{number:02d}.{ext}"
            with open(os.path.join(repo, path), "w", encoding="utf-8") as f:
                f.write(copy.rstrip("\n") + "\n")
            originals.append((lang, node, path))

    stats = p.index()
    planted = p.json("zoom", PLANTED + "/", "--depth", "2", "--level", "label")
    broken = [n["path"] for n, _ in walk(planted) if n["kind"] == "file" and n.get("has_errors")]
    if broken:
        print(f"warning: copies with parse errors after planting: {', '.join(broken)}")
    print(f"planted {len(originals)} copies (re-index parsed {stats['files_parsed']} files)\n")

    results = []
    for lang, node, copy_path in originals:
        t0 = time.perf_counter()
        top = p.json("pattern", "--like", node["id"], "-n", "3")
        elapsed = time.perf_counter() - t0
        rank = next((i + 1 for i, r in enumerate(top) if r["path"] == copy_path), None)
        # Untimed and deeper: the copy's rank when not in the top 3, and its twins.
        found = p.json("pattern", "--like", node["id"], "-n", "100")
        deep = next((i + 1 for i, r in enumerate(found) if r["path"] == copy_path), None)
        if rank is None:
            rank = deep
        copy = found[deep - 1] if deep else None
        above = found[: (rank - 1) if rank else 3]
        twins = [r for r in found if r["path"] != copy_path and copy
                 and r["similarity"] == copy["similarity"]]
        results.append(dict(lang=lang, id=node["id"], copy_path=copy_path, rank=rank,
                            copy=copy, above=above, twins=twins, seconds=elapsed))

    print("| set | originals | precision@1 | precision@3 | copy tied at its rank | "
          "median copy similarity | median time per --like |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, subset in (("Python stdlib", [r for r in results if r["lang"] == "python"]),
                         (f"Rust {os.path.basename(crate)}",
                          [r for r in results if r["lang"] == "rust"]),
                         ("all", results)):
        total = len(subset)
        at1 = sum(r["rank"] == 1 for r in subset)
        at3 = sum(r["rank"] is not None and r["rank"] <= 3 for r in subset)
        tied = sum(bool(r["twins"]) for r in subset)
        sims = [r["copy"]["similarity"] for r in subset if r["copy"]]
        sim = f"{statistics.median(sims):.3f}" if sims else "–"
        ms = statistics.median(r["seconds"] for r in subset) * 1000
        print(f"| {name} | {total} | {fmt_pct(at1, total)} | {fmt_pct(at3, total)} | "
              f"{tied} | {sim} | {ms:.0f} ms |")
    at3 = sum(r["rank"] is not None and r["rank"] <= 3 for r in results)
    goal = at3 >= 0.9 * len(results)
    print(f"\ngoal (copy in the top 3 for >= 90% of originals): "
          f"{'met' if goal else 'NOT met'}")

    misses = [r for r in results if r["rank"] != 1]
    print(f"\nMisses (copy not first): {len(misses)}")
    for r in misses:
        where = (f"rank {r['rank']}, similarity {r['copy']['similarity']:.3f}"
                 if r["copy"] else "not among the first 100")
        above = ", ".join(f"{a['id']} ({a['similarity']:.3f})" for a in r["above"][:3])
        if len(r["above"]) > 3:
            above += f" (+{len(r['above']) - 3})"
        print(f"- {r['id']} -> {r['copy_path']}: {where}; above: {above or '–'}")

    inexact = [r for r in results if r["copy"] and r["copy"]["similarity"] < 1.0]
    print(f"\nCopies found with similarity < 1.0: {len(inexact)}")
    for r in inexact:
        c = r["copy"]
        print(f"- {r['id']} -> {r['copy_path']}: {c['similarity']:.3f} "
              f"({c['shared']} shared of {c['example_shapes']} / {c['shapes']})")

    tied = [r for r in results if r["twins"]]
    print(f"\nCopies tied with other nodes at the same similarity (order then by id): "
          f"{len(tied)}")
    for r in tied:
        names = ", ".join(t["id"] for t in r["twins"][:3])
        more = f" (+{len(r['twins']) - 3})" if len(r["twins"]) > 3 else ""
        print(f"- {r['id']} (rank {r['rank']}, {r['copy']['similarity']:.3f}): "
              f"{names}{more}")
    print(f"\ntotal time {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
