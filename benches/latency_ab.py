#!/usr/bin/env python3
"""Whole-process latency of two builds side by side, alternated query by query, so that a
noisy machine slows both alike: the stdlib queries of benches/context_eval, each run RUNS
times per build (median kept), then p50 and p95 over queries and the ratio of the p50s.

usage: python3 benches/latency_ab.py search|slice BIN_A REPO_A BIN_B REPO_B [RUNS]
(each REPO already indexed by its BIN; slice runs with --budget 8192)"""
import json, subprocess, sys, time, statistics
if len(sys.argv) < 6 or sys.argv[1] not in ('search', 'slice'):
    sys.exit(__doc__)
cmd, a, ra, b, rb = sys.argv[1:6]; runs=int(sys.argv[6]) if len(sys.argv)>6 else 3
qs=[json.loads(l)['query'] for l in open(__import__('os').path.join(__import__('os').path.dirname(__import__('os').path.abspath(__file__)), 'context_eval', 'queries.jsonl')) if json.loads(l)['repo_dir']=='{stdlib}']
res={'A':[],'B':[]}
for q in qs:
    t={'A':[],'B':[]}
    for _ in range(runs):
        for k,bin_,repo in (('A',a,ra),('B',b,rb)):
            args=[bin_,'--repo',repo,cmd]+(['--budget','8192'] if cmd=='slice' else [])+[q]
            s=time.perf_counter(); subprocess.run(args,stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL); t[k].append(time.perf_counter()-s)
    for k in t: res[k].append(statistics.median(t[k]))
for k in res:
    v=sorted(res[k]); print(f"{cmd} {k}: p50 {statistics.median(v)*1000:.1f} ms  p95 {v[int(0.95*(len(v)-1))]*1000:.1f} ms")
print("ratio B/A: %.3f" % (statistics.median(res['B'])/statistics.median(res['A'])))
