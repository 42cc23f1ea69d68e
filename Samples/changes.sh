#!/usr/bin/env bash
# The worked example of `sharegraph diff`, written into Samples/changes: the seed graphs against the
# seed graphs with Samples/changes/change.yaml loaded beside them, while the Vekstly course
# participant's erasure is under way in a ledger. The diff is Markdown (as a pull-request comment),
# JSON, and a diagram.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${SHAREGRAPH:-.build/release/sharegraph}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$binary" erase Samples/requests/vekstly-course-participant-erasure.yaml --graphs Graphs --ledger "$work/ledger.sqlite" >/dev/null
sides=(--old Graphs --new Graphs --new Samples/changes/change.yaml)
# Exit status 1 is the answer here: the change needs review.
expect_review() { local status=0; "$@" || status=$?; [ "$status" -eq 1 ] || { echo "expected exit 1 from: $*" >&2; exit 1; }; }
expect_review "$binary" diff "${sides[@]}" --ledger "$work/ledger.sqlite" --format markdown --out Samples/changes/change.md
expect_review "$binary" diff "${sides[@]}" --ledger "$work/ledger.sqlite" --format json --out Samples/changes/change.json
expect_review "$binary" diff "${sides[@]}" --format dot --out Samples/changes/change.dot
expect_review "$binary" diff "${sides[@]}" --format png --out Samples/changes/change.png
