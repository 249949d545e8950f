#!/usr/bin/env bash
# Compare `pyramid index` against two floors on the same tree:
#   ctags -R (universal-ctags)  and  examples/parse_only (tree-sitter parse, nothing else).
# Also measures incremental re-index (no change / one file touched) and the peak RSS
# of a cold index. Prints a summary suitable for BENCHMARKS.md.
#
# The target directory is copied to a temp dir first, so the original is never
# modified and no .pyramid/ index is left behind.
set -euo pipefail

usage() {
    cat <<USAGE
usage: bash benches/compare.sh [DIR]

  DIR   tree to benchmark (default: the Python standard library of python3)

env:  RUNS=N (default 5) timed runs per command
      RESULTS=DIR (default target/bench-results) where hyperfine JSON/Markdown go
USAGE
}

case "${1:-}" in
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; exit 2 ;;
esac
[[ $# -le 1 ]] || { usage >&2; exit 2; }

log() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- tools
SUDO=
if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null || die "not root and no sudo: install hyperfine, universal-ctags and time yourself"
    SUDO=sudo
fi
apt_install() {
    log "installing $* via apt-get"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get install -y "$@" ||
        { $SUDO apt-get update && $SUDO apt-get install -y "$@"; } ||
        die "could not install $*"
}

command -v hyperfine >/dev/null || apt_install hyperfine
if ! ctags --version 2>/dev/null | grep -q 'Universal Ctags'; then
    apt_install universal-ctags
    ctags --version 2>/dev/null | grep -q 'Universal Ctags' || die "'ctags' is not universal-ctags"
fi
[[ -x /usr/bin/time ]] || apt_install time
command -v python3 >/dev/null || die "python3 is required"

# ---------------------------------------------------------------- inputs
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
DIR=${1:-$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}
[[ -d $DIR ]] || die "not a directory: $DIR"
RUNS=${RUNS:-5}
RESULTS=${RESULTS:-target/bench-results}
mkdir -p "$RESULTS"
RESULTS=$(cd "$RESULTS" && pwd)

log "building release binaries"
cargo build --release --bin pyramid --example parse_only
PYRAMID=$ROOT/target/release/pyramid
PARSE_ONLY=$ROOT/target/release/examples/parse_only

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pyramid-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
COPY=$WORK/repo
log "copying $DIR -> $COPY"
# The interpreter's stdlib folder also holds site-packages (third-party code, often
# hundreds of MB): leave it and bytecode caches out, so the figures are the stdlib's.
mkdir -p "$COPY"
tar -C "$DIR" --exclude=./site-packages --exclude=__pycache__ --exclude=.pyramid -cf - . | tar -C "$COPY" -xf -

# Shell-quoted forms for the command strings hyperfine runs through sh -c.
q() { printf '%q' "$1"; }
qCOPY=$(q "$COPY") qPYRAMID=$(q "$PYRAMID") qPARSE=$(q "$PARSE_ONLY")

# ---------------------------------------------------------------- 1. cold
log "cold: ctags vs parse_only vs pyramid index (runs=$RUNS)"
hyperfine --runs "$RUNS" --warmup 1 \
    --export-json "$RESULTS/cold.json" --export-markdown "$RESULTS/cold.md" \
    --prepare true --prepare true --prepare "rm -rf $qCOPY/.pyramid" \
    -n ctags "ctags -R --languages=Python,Rust -f /dev/null $qCOPY" \
    -n parse_only "$qPARSE $qCOPY" \
    -n pyramid-cold "$qPYRAMID index --repo $qCOPY >/dev/null 2>&1"

# ---------------------------------------------------------------- 2. incremental
# A file to touch: the first .py/.rs (<1 MiB) in sorted order.
TOUCH=$(find "$COPY" -path "$COPY/.pyramid" -prune -o -type f \( -name '*.py' -o -name '*.rs' \) -size -1024k -print |
    LC_ALL=C sort | sed -n 1p)
[[ -n $TOUCH ]] || die "no .py or .rs file under $DIR"
[[ $TOUCH == *.rs ]] && COMMENT='//' || COMMENT='#'
# $(date ...) is left for hyperfine's shell, so every run appends a different line.
# shellcheck disable=SC2016
TOUCH_CMD="echo \"$COMMENT touch \$(date +%s%N)\" >> $(q "$TOUCH")"

log "incremental: no change vs one file touched (${TOUCH#"$COPY"/})"
"$PYRAMID" index --repo "$COPY" >/dev/null 2>&1 # make sure the index is up to date
hyperfine --runs "$((RUNS * 2))" --warmup 1 \
    --export-json "$RESULTS/incremental.json" --export-markdown "$RESULTS/incremental.md" \
    --prepare true --prepare "$TOUCH_CMD" \
    -n pyramid-nochange "$qPYRAMID index --repo $qCOPY >/dev/null 2>&1" \
    -n pyramid-onefile "$qPYRAMID index --repo $qCOPY >/dev/null 2>&1"

# Sanity check: a touched file should be reparsed, the rest reused.
sh -c "$TOUCH_CMD"
ONEFILE_JSON=$("$PYRAMID" index --json --repo "$COPY" 2>/dev/null || true)

# ---------------------------------------------------------------- 3. peak RSS
log "peak memory of a cold index"
rm -rf "$COPY/.pyramid"
/usr/bin/time -v -o "$WORK/time.txt" "$PYRAMID" index --repo "$COPY" >/dev/null 2>&1
RSS_KB=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$WORK/time.txt")
[[ -n $RSS_KB ]] || die "could not read peak RSS from /usr/bin/time -v"

# ---------------------------------------------------------------- summary
log "summary"
python3 - "$RESULTS/cold.json" "$RESULTS/incremental.json" "$RSS_KB" "$DIR" "$ONEFILE_JSON" <<'PY'
import json, sys

cold, incr, rss_kb, src, onefile = sys.argv[1:6]
med = {}
for path in (cold, incr):
    for r in json.load(open(path))["results"]:
        med[r["command"]] = r["median"]

def fmt(s):
    return f"{s * 1000:.0f} ms" if s < 10 else f"{s:.2f} s"

print(f"tree: {src}")
print()
print("| case | median |")
print("|---|---|")
for name in ("ctags", "parse_only", "pyramid-cold", "pyramid-nochange", "pyramid-onefile"):
    print(f"| {name} | {fmt(med[name])} |")
print()
print(f"cold index / parse_only : {med['pyramid-cold'] / med['parse_only']:.2f}x")
print(f"cold index / ctags      : {med['pyramid-cold'] / med['ctags']:.2f}x")
print(f"peak RSS (cold index)   : {int(rss_kb) / 1024:.0f} MB")
if onefile.strip():
    print(f"one-file re-index       : {onefile.strip()}")
PY
printf '\nhyperfine exports: %s/{cold,incremental}.{json,md}\n' "$RESULTS"
