#!/usr/bin/env bash
# Batch erasure into a fresh ledger against the seed graphs, beside a plain bulk insert of the same rows
# into SQLite with Python's sqlite3. Usage: Benchmarks/erase.sh [N ...] (default 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product sharegraph >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in "${@:-10000 100000}"; do
  for size in $n; do
    python3 Benchmarks/peers/erase_requests.py "$size" "$work/requests.jsonl"
    rm -f "$work"/ledger.sqlite* "$work"/peer.sqlite*
    /usr/bin/time -f "%e s wall, %M KB peak" .build/release/sharegraph erase --batch "$work/requests.jsonl" --ledger "$work/ledger.sqlite" 2>&1 | tail -2
    sqlite3 "$work/ledger.sqlite" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    cp "$work/ledger.sqlite" "$work/copy.sqlite"
    /usr/bin/time -f "%e s wall, %M KB peak" python3 Benchmarks/peers/sqlite_bulk_insert.py "$work/copy.sqlite" "$work/peer.sqlite" 2>&1 | tail -2
  done
done
