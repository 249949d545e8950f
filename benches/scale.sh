#!/usr/bin/env bash
# How pyramid's costs grow with a repository's size: synthetic repositories of 1k, 10k
# and 100k files (benches/synth_repo.py), each indexed cold, then re-indexed with no
# change, then searched and sliced warm. Prints a Markdown table for BENCHMARKS.md.
#
#   bash benches/scale.sh            # sizes 1000 10000 100000
#   SIZES="1000 10000" bash benches/scale.sh
#
# Needs hyperfine and GNU time (installed with apt-get when missing, as compare.sh does).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-10}
log() { printf '==> %s\n' "$*" >&2; }

if ! command -v hyperfine >/dev/null || [[ ! -x /usr/bin/time ]]; then
    log "installing hyperfine and time"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y hyperfine time >/dev/null 2>&1 ||
        { apt-get update >/dev/null && apt-get install -y hyperfine time >/dev/null; }
fi

log "building the release binary"
cargo build --release --quiet
PYRAMID=$ROOT/target/release/pyramid
WORK=$(mktemp -d /tmp/pyramid-scale.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

median_ms() { # hyperfine JSON → median in ms
    python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["results"][0]["median"]*1000, 1))' "$1"
}

printf '| files | source | cold index | per 1k files | peak RSS | index size | no-change | search | slice 4k |\n'
printf '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
for n in $SIZES; do
    repo=$WORK/synth-$n
    log "generating $n files"
    python3 benches/synth_repo.py "$n" "$repo" >/dev/null
    source_mb=$(du -sb "$repo" | awk '{printf "%.0f MB", $1/1e6}')
    log "cold index of $n files"
    /usr/bin/time -f '%e %M' -o "$WORK/time-$n" "$PYRAMID" index "$repo" >/dev/null 2>"$WORK/index-$n.log"
    read -r seconds rss_kb <"$WORK/time-$n"
    index_mb=$(du -sb "$repo/.pyramid" | awk '{printf "%.0f MB", $1/1e6}')
    per_k=$(python3 -c "print(round($seconds * 1000 / $n * 1000))")
    log "warm queries on $n files"
    hyperfine -N -w 1 -r 5 --export-json "$WORK/nochange-$n.json" "$PYRAMID index $repo" >/dev/null 2>&1
    hyperfine -N -w 2 -r "$RUNS" --export-json "$WORK/search-$n.json" \
        "$PYRAMID --repo $repo search 'parse the config value'" >/dev/null 2>&1
    hyperfine -N -w 2 -r "$RUNS" --export-json "$WORK/slice-$n.json" \
        "$PYRAMID --repo $repo slice 'cache the parsed config value' --budget 4000" >/dev/null 2>&1
    printf '| %s | %s | %.1f s | %s ms | %d MB | %s | %s ms | %s ms | %s ms |\n' \
        "$n" "$source_mb" "$seconds" "$per_k" $((rss_kb / 1024)) "$index_mb" \
        "$(median_ms "$WORK/nochange-$n.json")" "$(median_ms "$WORK/search-$n.json")" \
        "$(median_ms "$WORK/slice-$n.json")"
    rm -rf "$repo"
done
