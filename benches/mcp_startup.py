#!/usr/bin/env python3
"""Time for `pyramid mcp` to answer `initialize` and the first `search`, on a repository
whose index exists (warm) and on one with no index yet (the server builds it in the
background; the first search waits for it, or says it is in progress and is retried).
Then, in one server that has answered once, the latency of `search` and of `slice` at
8,192 tokens over the evaluation's queries for that repository (each answer includes
the refresh of changed files that precedes it).

    cargo build --release
    python3 benches/mcp_startup.py REPO_DIR [--runs 5] [--bin target/release/pyramid]
        [--queries benches/context_eval/queries.jsonl] [--repo-key {stdlib}]

A benchmark, not a test: it speaks newline-delimited JSON-RPC to the child directly.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

QUERY = "parse a date string into a datetime"


class Server:
    def __init__(self, binary, repo, index_dir):
        args = [binary, "mcp", "--repo", repo]
        if index_dir:
            args += ["--index-dir", index_dir]
        self.proc = subprocess.Popen(
            args,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
        )
        self.next_id = 0

    def request(self, method, params):
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}
        self.proc.stdin.write(json.dumps(message) + "\n")
        self.proc.stdin.flush()
        while True:
            line = self.proc.stdout.readline()
            if not line:
                sys.exit(f"the server closed stdout while answering {method}")
            answer = json.loads(line)
            if answer.get("id") == self.next_id:
                return answer

    def notify(self, method):
        self.proc.stdin.write(json.dumps({"jsonrpc": "2.0", "method": method}) + "\n")
        self.proc.stdin.flush()

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def one_run(binary, repo, index_dir):
    started = time.perf_counter()
    server = Server(binary, repo, index_dir)
    server.request(
        "initialize",
        {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "bench", "version": "0"},
        },
    )
    initialized = time.perf_counter() - started
    server.notify("notifications/initialized")
    attempts = 0
    while True:
        attempts += 1
        answer = server.request(
            "tools/call", {"name": "search", "arguments": {"query": QUERY, "limit": 5}}
        )
        result = answer.get("result", {})
        if not result.get("isError"):
            break
        text = result["content"][0]["text"]
        if "being built" not in text:
            sys.exit(f"search failed: {text}")
    searched = time.perf_counter() - started
    server.close()
    return initialized, searched, attempts


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def warm_latency(binary, repo, queries):
    """Per-call latency of search and slice in one running server, in ms."""
    server = Server(binary, repo, None)
    server.request(
        "initialize",
        {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "0"}},
    )
    server.notify("notifications/initialized")
    server.request("tools/call", {"name": "slice", "arguments": {"query": QUERY}})
    timings = {"search": [], "slice 8k": []}
    for query in queries:
        for name, tool, arguments in [
            ("search", "search", {"query": query}),
            ("slice 8k", "slice", {"query": query, "budget": 8192}),
        ]:
            runs = []
            for _ in range(3):
                started = time.perf_counter()
                answer = server.request("tools/call", {"name": tool, "arguments": arguments})
                runs.append((time.perf_counter() - started) * 1000)
                if answer.get("result", {}).get("isError"):
                    break
            timings[name].append(statistics.median(runs))
    server.close()
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bin", default="target/release/pyramid")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--queries", default=os.path.join(here, "context_eval", "queries.jsonl"))
    parser.add_argument("--repo-key", default="{stdlib}", help="repo_dir of the queries to run")
    args = parser.parse_args()

    subprocess.run([args.bin, "--repo", args.repo, "index"], check=True, capture_output=True)
    rows = []
    for label in ["indexed", "unindexed"]:
        inits, searches, tries = [], [], []
        for _ in range(args.runs):
            fresh = tempfile.mkdtemp(prefix="pyramid-mcp-bench-") if label == "unindexed" else None
            try:
                init, search, attempts = one_run(args.bin, args.repo, fresh)
            finally:
                if fresh:
                    shutil.rmtree(fresh, ignore_errors=True)
            inits.append(init * 1000)
            searches.append(search * 1000)
            tries.append(attempts)
        rows.append((label, statistics.median(inits), max(inits), statistics.median(searches), max(searches), max(tries)))
    print(f"{'index':<10} {'initialize p50':>15} {'max':>8} {'first search p50':>17} {'max':>8} {'search calls':>13}")
    for label, init50, initmax, s50, smax, calls in rows:
        print(f"{label:<10} {init50:>12.1f} ms {initmax:>5.1f} ms {s50:>14.1f} ms {smax:>5.1f} ms {calls:>13}")

    with open(args.queries) as lines:
        queries = [q["query"] for q in map(json.loads, lines) if q["repo_dir"].startswith(args.repo_key)]
    timings = warm_latency(args.bin, args.repo, queries)
    print(f"\nwarm server, {len(queries)} queries, median of 3 calls each")
    print("| tool | p50 | p95 | max |\n| --- | ---: | ---: | ---: |")
    for name, values in timings.items():
        print(f"| {name} | {percentile(values, 0.5):.1f} ms | {percentile(values, 0.95):.1f} ms | {max(values):.1f} ms |")


if __name__ == "__main__":
    main()
