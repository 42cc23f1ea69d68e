#!/usr/bin/env bash
# Render benchmark: the overview of generated graphs through libgraphviz, beside `dot` and `sfdp`
# run from the command line on the DOT Sharegraph writes; then the leak check (100 rounds of the seeds).
# usage: Benchmarks/render.sh [SIZES] [RUNS]   (default "100 1000 10000" 3; flows are 10 per party)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-"100 1000 10000"}
runs=${2:-3}
swift build -c release --product sharegraph --product sharegraph-render-bench >/dev/null 2>&1 || swift build -c release >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "$(nproc) cores; $(date -u +%F); $(dot -V 2>&1)"
for parties in $sizes; do
    flows=$((parties * 10))
    .build/release/sharegraph generate --parties "$parties" --flows "$flows" --seed 7 --requests 0 --subjects 0 --out "$work/g$parties" >/dev/null
    echo "== $parties parties, $flows flows"
    /usr/bin/time -f "sharegraph peak RSS: %M KB" .build/release/sharegraph-render-bench scale "$work/g$parties/graph" "$runs" "$work/g$parties.dot"
    for engine in dot sfdp; do
        /usr/bin/time -f "$engine CLI on the same DOT: %e s, peak RSS %M KB" timeout 900 "$engine" -Tsvg "$work/g$parties.dot" -o /dev/null 2>&1 | grep -v -i warning || true
    done
done
echo "== leak check: 100 rounds of the five seed overviews as SVG and PNG"
.build/release/sharegraph-render-bench repeat 100
