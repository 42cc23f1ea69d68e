#!/usr/bin/env bash
# Renders the overview of each seed organisation into Samples/diagrams (SVG and PNG), and the whole map.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${SHAREGRAPH:-.build/release/sharegraph}
mkdir -p Samples/diagrams
for organisation in vekstly janteloppet jetpak igo jackon axactor vipps sterk sats; do
    for format in svg png; do
        "$binary" render "Graphs/$organisation.yaml" Graphs/shared.yaml --out "Samples/diagrams/$organisation-overview.$format"
    done
done
for format in svg png; do "$binary" render Graphs --out "Samples/diagrams/all-overview.$format"; done
"$binary" render Graphs --view subject Samples/subjects/vekstly-and-janteloppet.yaml --as-of 2025-06-01 --out Samples/diagrams/subject-vekstly-and-janteloppet.svg
