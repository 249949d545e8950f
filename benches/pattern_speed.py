#!/usr/bin/env python3
"""Whole-process time of `pyramid pattern` on an indexed repository (the Python
standard library by default), next to `grep -rlw` for the same literal word.

    cargo build --release
    python3 benches/pattern_speed.py REPO [--runs 7] [--bin target/release/pyramid]

Each command runs `--runs` times after one warm-up run; the median and the fastest are
printed. A benchmark, not a test.
"""

import argparse
import json
import statistics
import subprocess
import time

CASES = [
    # (label, pyramid arguments, literal a text search would look for)
    ("--query, no literal (every file parsed)",
     ["pattern", "--lang", "python", "--query", "(function_definition name: (identifier) @name)", "-n", "5"],
     None),
    ("--query with #eq? literal `urlopen`",
     ["pattern", "--lang", "python", "--query",
      '(call function: (attribute attribute: (identifier) @m) (#eq? @m "urlopen"))', "-n", "5"],
     "urlopen"),
    ("--ast, common words only (`def`)",
     ["pattern", "--lang", "python", "--ast", "def $F($$$ARGS): $$$BODY", "-n", "5"],
     None),
    ("--ast with literal `create_connection`",
     ["pattern", "--lang", "python", "--ast", "socket.create_connection($$$ARGS)", "-n", "5"],
     "create_connection"),
    ("--like an indexed function",
     ["pattern", "--like", "json/decoder.py::py_scanstring", "-n", "5"],
     None),
]


def timed(command, runs):
    subprocess.run(command, capture_output=True)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True)
        samples.append((time.perf_counter() - started) * 1000)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{command} failed: {done.stderr.decode()}")
    return statistics.median(samples), min(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bin", default="target/release/pyramid")
    args = parser.parse_args()

    print("| command | files matched | median | fastest |")
    print("| --- | ---: | ---: | ---: |")
    for label, arguments, literal in CASES:
        command = [args.bin, "--repo", args.repo, "--json", *arguments]
        out = subprocess.run(command, capture_output=True, text=True)
        files = "–"
        if out.returncode == 0 and out.stdout.startswith("{"):
            files = str(json.loads(out.stdout)["files_matched"])
        median, fastest = timed(command, args.runs)
        print(f"| `pyramid {' '.join(arguments[:2])}` {label} | {files} | {median:.0f} ms | {fastest:.0f} ms |")
        if literal:
            grep = ["grep", "-rlw", "--include=*.py", literal, args.repo]
            median, fastest = timed(grep, args.runs)
            count = len(subprocess.run(grep, capture_output=True, text=True).stdout.split())
            print(f"| `grep -rlw {literal}` (text only) | {count} | {median:.0f} ms | {fastest:.0f} ms |")


if __name__ == "__main__":
    main()
