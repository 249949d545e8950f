#!/usr/bin/env python3
"""Writes a synthetic repository of N source files for scale benchmarks.

Usage: python3 benches/synth_repo.py N OUT_DIR [--rust-share 0.2] [--seed 1]

Files are spread over nested packages (20 files per directory, 20 directories per
level), each a small module like real code: a docstring, imports of two other modules
of the repository, a constant, a class with a few methods and some functions calling
each other and the imported modules. About a fifth are Rust files with the same shape.
Deterministic for a seed, so runs at different sizes and on different machines compare.
"""

import argparse
import os
import random

WORDS = (
    "parse config value token stream buffer cache index query node tree path file "
    "read write open close load save merge split join format render score rank "
    "limit budget graph edge name kind span line text word item entry record batch"
).split()


def name(rng, parts=2):
    return "_".join(rng.choice(WORDS) for _ in range(parts))


def camel(snake):
    return "".join(part.capitalize() for part in snake.split("_"))


def module_path(i, ext):
    """Nested directories: 20 files per directory, 20 directories per level."""
    top, rest = divmod(i, 400)
    mid, leaf = divmod(rest, 20)
    return f"pkg{top:04d}/sub{mid:02d}/mod{leaf:02d}{ext}"


def python_module(i, n, rng):
    others = [rng.randrange(n) for _ in range(2)]
    imports = "\n".join(
        f"from pkg{o // 400:04d}.sub{(o % 400) // 20:02d} import mod{o % 20:02d} as m{k}"
        for k, o in enumerate(others)
    )
    cls = camel(name(rng))
    funcs = [name(rng, 3) for _ in range(4)]
    lines = [f'"""Module {i}: {" ".join(rng.choice(WORDS) for _ in range(8))}."""', "", imports, "",
             f"LIMIT_{i} = {rng.randrange(1, 1000)}", "", "",
             f"class {cls}:", f'    """A {rng.choice(WORDS)} of {rng.choice(WORDS)}s."""', "",
             "    def __init__(self, size: int = 3) -> None:",
             "        self.size = size", "        self.items: list[str] = []", ""]
    for m in range(3):
        method = name(rng, 2)
        lines += [f"    def {method}_{m}(self, value: str) -> int:",
                  f'        """{rng.choice(WORDS).capitalize()} the value."""',
                  "        self.items.append(value)",
                  f"        return len(self.items) + LIMIT_{i}", ""]
    lines.append("")
    for k, func in enumerate(funcs):
        callee = funcs[k - 1] if k else None
        body = f"    return {callee}(text) + 1" if callee else "    return len(text.split())"
        lines += [f"def {func}(text: str) -> int:",
                  f'    """{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} from text."""',
                  body, "", ""]
    lines += ["def run(text: str) -> int:", '    """Entry point."""',
              f"    return {funcs[-1]}(text) + m0.LIMIT_{others[0]} + m1.LIMIT_{others[1]}", ""]
    return "\n".join(lines)


def rust_module(i, rng):
    ty = camel(name(rng))
    funcs = [name(rng, 3) for _ in range(4)]
    lines = [f"//! Module {i}: {' '.join(rng.choice(WORDS) for _ in range(8))}.", "",
             "use std::collections::HashMap;", "",
             f"/// How many {rng.choice(WORDS)}s at most.", f"pub const LIMIT: usize = {rng.randrange(1, 1000)};", "",
             f"/// A {rng.choice(WORDS)} of {rng.choice(WORDS)}s.", "#[derive(Debug, Default)]",
             f"pub struct {ty} {{", "    items: HashMap<String, usize>,", "}", "", f"impl {ty} {{"]
    for m in range(3):
        lines += [f"    /// {rng.choice(WORDS).capitalize()} the value.",
                  f"    pub fn {name(rng, 2)}_{m}(&mut self, value: &str) -> usize {{",
                  "        *self.items.entry(value.to_string()).or_default() += 1;",
                  "        self.items.len() + LIMIT", "    }", ""]
    lines += ["}", ""]
    for k, func in enumerate(funcs):
        body = f"    {funcs[k - 1]}(text) + 1" if k else "    text.split_whitespace().count()"
        lines += [f"/// {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} from text.",
                  f"pub fn {func}(text: &str) -> usize {{", body, "}", ""]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", type=int)
    parser.add_argument("out")
    parser.add_argument("--rust-share", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    made = set()
    for i in range(args.files):
        rust = rng.random() < args.rust_share
        path = os.path.join(args.out, module_path(i, ".rs" if rust else ".py"))
        directory = os.path.dirname(path)
        if directory not in made:
            os.makedirs(directory, exist_ok=True)
            made.add(directory)
            if not rust:
                open(os.path.join(directory, "__init__.py"), "w").write('"""A package."""\n')
        text = rust_module(i, rng) if rust else python_module(i, args.files, rng)
        with open(path, "w") as f:
            f.write(text)
    print(f"wrote {args.files} modules under {args.out}")


if __name__ == "__main__":
    main()
