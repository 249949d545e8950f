#!/usr/bin/env bash
# Fuzzes every cargo-fuzz target in fuzz/ (libFuzzer) for a while: the short run in CI,
# longer runs by hand.
#
#   fuzz/run.sh [SECONDS_PER_TARGET]        default 60; CI runs
#                                           `FUZZ_PROFILE=dev fuzz/run.sh 5`
#
# What it does:
# - installs cargo-fuzz (`cargo install cargo-fuzz --locked`) if `cargo fuzz` is missing;
# - builds all targets once, on whatever toolchain is the default (stable is enough:
#   RUSTC_BOOTSTRAP=1 unlocks the nightly-only flags cargo-fuzz passes), into fuzz/target;
# - runs each target for SECONDS_PER_TARGET (libFuzzer -max_total_time) from a scratch
#   corpus, fuzz/corpus-work/<target>, made afresh from fuzz/seeds/<target> and
#   fuzz/regressions/<target> (so the committed seeds never grow, and every saved
#   crash is replayed first), with the libFuzzer dictionary fuzz/dicts/<target>.dict
#   when there is one;
# - prints, per target, the executions done and exec/s (libFuzzer's final
#   "Done N runs in S second(s)" line); the full log is fuzz/corpus-work/<target>.log;
# - exits non-zero when a target crashes, panics, times out or runs out of memory,
#   naming the input that did it (libFuzzer writes it to fuzz/artifacts/<target>/).
#
# Environment:
#   FUZZ_SANITIZER=none|address   default none: fastest. `address` (AddressSanitizer,
#                                 works on stable too) catches memory errors in the C of
#                                 tree-sitter, 2-5x slower; leak checks are off
#   FUZZ_TARGETS="extract slice"  only these targets (default: all, `cargo fuzz list`)
#   FUZZ_KEEP_CORPUS=1            start from last run's fuzz/corpus-work instead
#   FUZZ_TIMEOUT=20               seconds one input may take before it counts as a hang
#   FUZZ_PROFILE=release|dev      default release: ~10 min to build from cold on 2 cores,
#                                 fast runs. `dev` (unoptimized, what CI uses) builds in
#                                 under 3 min and runs 5-20x fewer executions per second
#
# Reproducing a crash (from the repository root; use the same sanitizer):
#   RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none <target> fuzz/artifacts/<target>/crash-<hash>
# Shrinking it:
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin --sanitizer none <target> fuzz/artifacts/<target>/crash-<hash>
# Then save it as fuzz/regressions/<target>/<name> (replayed by every run) and turn it
# into a unit test.
set -euo pipefail

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
    echo "usage: $0 [SECONDS_PER_TARGET]" >&2
    exit 2
fi
sanitizer="${FUZZ_SANITIZER:-none}"
case "${FUZZ_PROFILE:-release}" in
    release) profile=() ;;
    dev) profile=(--dev) ;;
    *)
        echo "FUZZ_PROFILE must be release or dev, not ${FUZZ_PROFILE}" >&2
        exit 2
        ;;
esac
timeout="${FUZZ_TIMEOUT:-20}"

fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
cd "$fuzz_dir/.."
export RUSTC_BOOTSTRAP=1
export CARGO_TERM_COLOR=never

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

echo "== building fuzz targets (sanitizer: $sanitizer, profile: ${FUZZ_PROFILE:-release})"
cargo fuzz build "${profile[@]}" --sanitizer "$sanitizer"

targets="${FUZZ_TARGETS:-$(cargo fuzz list)}"
work="$fuzz_dir/corpus-work"
mkdir -p "$work"
failed=()
summary=()
for target in $targets; do
    corpus="$work/$target"
    log="$work/$target.log"
    if [ "${FUZZ_KEEP_CORPUS:-0}" != 1 ]; then
        rm -rf "$corpus"
    fi
    mkdir -p "$corpus"
    for dir in "$fuzz_dir/seeds/$target" "$fuzz_dir/regressions/$target"; do
        if [ -d "$dir" ]; then
            find "$dir" -maxdepth 1 -type f -exec cp {} "$corpus/" \;
        fi
    done
    echo "== fuzzing $target for ${seconds}s ($(find "$corpus" -type f | wc -l) inputs to start from)"
    options=(-max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=4096 -print_final_stats=1)
    if [ "$sanitizer" = address ]; then
        # tree-sitter's query parser leaks a few bytes on some invalid queries (its
        # capture quantifiers, on an error path): not worth stopping a run for. Off in
        # libFuzzer's loop and in LeakSanitizer's check at exit.
        options+=(-detect_leaks=0)
        export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
    fi
    if [ -f "$fuzz_dir/dicts/$target.dict" ]; then
        options+=(-dict="$fuzz_dir/dicts/$target.dict")
    fi
    status=0
    cargo fuzz run "${profile[@]}" --sanitizer "$sanitizer" "$target" "$corpus" -- "${options[@]}" \
        >"$log" 2>&1 || status=$?
    done_line="$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1 || true)"
    if [ "$status" -eq 0 ] && [ -n "$done_line" ]; then
        runs="$(awk '{print $2}' <<<"$done_line")"
        secs="$(awk '{print $5}' <<<"$done_line")"
        rate=$((runs / (secs > 0 ? secs : 1)))
        coverage="$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | awk '{print $2}' || true)"
        line="$(printf '%-8s %10s runs in %4ss = %7s exec/s, coverage %s edges, corpus %s' \
            "$target" "$runs" "$secs" "$rate" "${coverage:-?}" "$(find "$corpus" -type f | wc -l)")"
        summary+=("$line")
        echo "$line"
    else
        artifact="$(grep -oE 'Test unit written to [^ ]+' "$log" | tail -n 1 | awk '{print $5}' || true)"
        summary+=("$(printf '%-8s FAILED (exit %s)%s' "$target" "$status" "${artifact:+: $artifact}")")
        failed+=("$target")
        echo "!! $target failed (exit $status); last lines of $log:" >&2
        grep -vE '^(#[0-9]+|INFO:|MERGE)' "$log" | tail -n 40 >&2
        if [ -n "$artifact" ]; then
            echo "!! input: $artifact" >&2
            echo "!! reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run ${profile[*]:-}${profile[*]:+ }--sanitizer $sanitizer $target $artifact" >&2
        fi
    fi
done

echo "== summary (${seconds}s per target, sanitizer $sanitizer, profile ${FUZZ_PROFILE:-release})"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "!! failing targets: ${failed[*]}" >&2
    exit 1
fi
