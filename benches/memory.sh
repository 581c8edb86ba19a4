#!/usr/bin/env bash
# Peak memory of one preprocessor run against the size of its input (issue target: 3x).
#   benches/memory.sh [PAGES]        (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-10000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cargo build --quiet --release
cargo run --quiet --release --example generate -- "$pages" "$dir/book" > /dev/null
for shape in 0.5 0.4; do
    input="$dir/book/input-$shape.json"
    bytes=$(stat -c %s "$input")
    rss_kb=$( { /usr/bin/time -f "%M" target/release/mdbook-jekyll < "$input" > /dev/null; } 2>&1 | tail -1)
    awk -v b="$bytes" -v r="$rss_kb" -v s="$shape" -v p="$pages" 'BEGIN {
        printf "mdBook %s input, %d pages: %.1f MB in, peak RSS %.1f MB, ratio %.2f\n", s, p, b/1e6, r*1024/1e6, r*1024/b }'
done
