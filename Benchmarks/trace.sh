#!/usr/bin/env bash
# Trace benchmark: one person's trace on a generated graph, beside the same traversal in networkx.
# usage: Benchmarks/trace.sh [PARTIES] [FLOWS] [RUNS]   (default 10000 100000 5; the full size is 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
parties=${1:-10000}
flows=${2:-100000}
runs=${3:-5}
python3 -c 'import networkx' 2>/dev/null || python3 -m pip install --quiet networkx
swift build -c release --product sharegraph-trace-bench >/dev/null
export_dir=$(mktemp -d)
trap 'rm -rf "$export_dir"' EXIT
echo "graph: $parties parties, $flows flows; $(nproc) cores; $(date -u +%F)"
/usr/bin/time -f "sharegraph peak RSS: %M KB" .build/release/sharegraph-trace-bench "$parties" "$flows" "$runs" "$export_dir"
/usr/bin/time -f "networkx peak RSS: %M KB" python3 Benchmarks/peers/trace_networkx.py "$export_dir" "$runs"
