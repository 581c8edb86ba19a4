#!/usr/bin/env bash
# Runs one fuzz target for SECONDS on one core, the way the runs in README.md were made:
# minimised corpus, the target's dictionary, no address randomisation (so that
# new_pcs.py can map the new code points it prints), then where the new coverage was.
# An input that takes over 5 s or grows the process past 1 GB stops the run like a crash
# (hostile input must stay bounded in time and memory).
#
#   fuzz/run.sh TARGET SECONDS [extra libFuzzer flags]
#
# The log is written to fuzz/logs/TARGET-<date>.log; a crash goes to fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
if [ $# -lt 2 ]; then
    echo "usage: fuzz/run.sh TARGET SECONDS [libFuzzer flags]" >&2
    exit 2
fi
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
log=logs/$target-$(date -u +%Y%m%dT%H%M%S).log
# Keep only the inputs that add coverage (a merged corpus reloads in seconds, not minutes).
RAYON_NUM_THREADS=1 RUSTC_BOOTSTRAP=1 cargo fuzz cmin --sanitizer none -O "$target" > "$log.cmin" 2>&1 ||
    { echo "minimising the corpus failed: see $log.cmin" >&2; exit 1; }
status=0
RAYON_NUM_THREADS=1 setarch "$(uname -m)" -R "$binary" ${dict[@]+"${dict[@]}"} \
    -artifact_prefix="artifacts/$target/" -max_total_time="$seconds" \
    -timeout=5 -rss_limit_mb=1024 -print_pcs=1 -print_final_stats=1 "$@" \
    "corpus/$target" > "$log" 2>&1 || status=$?
python3 new_pcs.py "$log" "$binary"
if [ "$status" = 72 ]; then
    echo "the run was interrupted (libFuzzer's status 72): see $log" >&2
elif [ "$status" != 0 ]; then
    echo "the run stopped with status $status (a crash is in artifacts/$target/): see $log" >&2
fi
exit "$status"
