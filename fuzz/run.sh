#!/usr/bin/env bash
# Runs one fuzz target for SECONDS on one core, the way the runs in README.md were made:
# minimised corpus, the target's dictionary, no address randomisation (so that
# new_pcs.py can map the new code points it prints), then where the new coverage was.
#
#   fuzz/run.sh TARGET SECONDS [extra libFuzzer flags]
#
# The log is written to fuzz/logs/TARGET-<date>.log.
set -euo pipefail
cd "$(dirname "$0")"
target=$1 seconds=$2
shift 2
case $target in
    shortcodes | text) dict=(-dict=dict/markdown.dict) ;;
    protocol | protocol_reader) dict=(-dict=dict/protocol.dict) ;;
    *) dict=() ;;
esac
RUSTC_BOOTSTRAP=1 cargo fuzz build --sanitizer none -O "$target"
binary=target/x86_64-unknown-linux-gnu/release/$target
mkdir -p "corpus/$target" "artifacts/$target" logs
# Keep only the inputs that add coverage (a merged corpus reloads in seconds, not minutes).
RUSTC_BOOTSTRAP=1 cargo fuzz cmin --sanitizer none -O "$target" > /dev/null 2>&1
log=logs/$target-$(date -u +%Y%m%dT%H%M).log
RAYON_NUM_THREADS=1 setarch "$(uname -m)" -R "$binary" "${dict[@]}" \
    -artifact_prefix="artifacts/$target/" -max_total_time="$seconds" \
    -report_slow_units=100000 -print_pcs=1 -print_final_stats=1 "$@" \
    "corpus/$target" > "$log" 2>&1 || { echo "the run failed: see $log"; exit 1; }
python3 new_pcs.py "$log" "$binary"
