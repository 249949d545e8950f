#!/usr/bin/env python3
"""The o200k tokens of every kind of answer pyramid gives, on one indexed repository: what an
agent pays per call. Ids and patterns are taken from the repository itself (the first results
of a search for TASK), so the script runs on any Rust or Python repository.

usage: python3 benches/answer_sizes.py BIN REPO INDEX_DIR "TASK TEXT"

Tokens are counted with tiktoken's o200k_base; offline, the loader of ../shared/eval/score.py
is used when it is there (it finds the BPE file in the cargo registry)."""
import json
import os
import subprocess
import sys


def encoder():
    try:
        import tiktoken
        return tiktoken.get_encoding("o200k_base")
    except Exception:
        here = os.path.dirname(os.path.abspath(__file__))
        sys.path.insert(0, os.path.join(here, "..", "..", "shared", "eval"))
        from score import load_o200k  # noqa: E402
        enc, _ = load_o200k()
        if enc is None:
            sys.exit("no o200k tokenizer: pip install tiktoken")
        return enc


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    binary, repo, index_dir, task = sys.argv[1:]
    enc = encoder()

    def run(*args):
        out = subprocess.run([binary, "--repo", repo, "--index-dir", index_dir, *args],
                             capture_output=True, text=True)
        return out.stdout

    found = json.loads(run("--json", "search", task, "-n", "20") or "[]")
    defs = [f for f in found if f["kind"] in ("function", "method")]
    if not defs:
        sys.exit("the task finds no function: give another TASK")
    fn = defs[0]
    path = fn["path"]
    name = fn["id"].rsplit("::", 1)[-1]
    start = fn["span"]["start_line"]
    calls = [
        ("overview (default budget)", ["overview"]),
        ("search TASK", ["search", task]),
        ("search TASK --lines 0", ["search", task, "--lines", "0"]),
        ("search TASK --explain", ["search", task, "--explain"]),
        ("zoom FILE (outline)", ["zoom", path]),
        ("zoom FUNCTION (outline)", ["zoom", fn["id"]]),
        ("zoom FUNCTION -l source -N", ["zoom", fn["id"], "-l", "source", "-N"]),
        ("zoom FILE:A-(A+39)", ["zoom", f"{path}:{start}-{start + 39}"]),
        ("grep NAME", ["grep", name]),
        ("grep -c NAME", ["grep", "-c", name]),
        ("grep -C 2 NAME", ["grep", "-C", "2", name]),
        ("refs FUNCTION", ["refs", fn["id"]]),
        ("slice TASK --budget 2048", ["slice", task, "--budget", "2048"]),
        ("gene FUNCTION (default budget)", ["gene", fn["id"]]),
        ("status", ["status"]),
        ("--help", ["--help"]),
        ("grep --help", ["grep", "--help"]),
    ]
    print(f"Function used: `{fn['id']}`; repository `{repo}`\n")
    print("| answer | lines | o200k tokens |")
    print("| --- | ---: | ---: |")
    for label, args in calls:
        text = run(*args)
        print(f"| `{label}` | {len(text.splitlines())} | {len(enc.encode(text, disallowed_special=()))} |")


if __name__ == "__main__":
    main()
