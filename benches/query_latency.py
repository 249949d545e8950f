#!/usr/bin/env python3
"""Whole-process latency of `pyramid search` and `pyramid slice` on a warm index.

Runs every query of the context evaluation whose repository is REPO's kind (the
stdlib queries by default) against an already indexed REPO: each query several
times, keeping its median, then prints the median (p50) and 95th percentile over
queries. Process start, opening the index and (for slice) loading the o200k
tokenizer are included: that is what a caller waits for.

usage: python3 benches/query_latency.py REPO [--queries FILE] [--repo-key {stdlib}]
           [--runs N] [--binary PATH]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timed(command, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            sys.exit(f"failed ({done.returncode}): {' '.join(command)}")
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", help="an indexed repository")
    parser.add_argument("--queries", default=os.path.join(HERE, "context_eval", "queries.jsonl"))
    parser.add_argument("--repo-key", default="{stdlib}", help="repo_dir of the queries to run")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--binary", default=os.path.join(HERE, "..", "target", "release", "pyramid")
    )
    args = parser.parse_args()

    with open(args.queries, encoding="utf-8") as lines:
        queries = [json.loads(line)["query"] for line in lines if line.strip()
                   and json.loads(line)["repo_dir"] == args.repo_key]
    if not queries:
        sys.exit(f"no query has repo_dir {args.repo_key}")
    base = [args.binary, "--repo", args.repo]
    subprocess.run(base + ["zoom", "."], check=True, stdout=subprocess.DEVNULL)

    results = {"search": [], "slice 8k": []}
    with tempfile.TemporaryDirectory() as tmp:
        for n, query in enumerate(queries):
            path = os.path.join(tmp, f"q{n}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(query)
            results["search"].append(
                timed(base + ["search", "--query-file", path], args.runs))
            results["slice 8k"].append(
                timed(base + ["slice", "--query-file", path, "--budget", "8192"], args.runs))

    print(f"{len(queries)} queries, median of {args.runs} runs each, whole process")
    print("| command | p50 | p95 | max |")
    print("| --- | ---: | ---: | ---: |")
    for name, values in results.items():
        ms = [v * 1000 for v in values]
        print(f"| {name} | {percentile(ms, 0.5):.1f} ms | {percentile(ms, 0.95):.1f} ms "
              f"| {max(ms):.1f} ms |")


if __name__ == "__main__":
    main()
