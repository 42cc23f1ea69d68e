#!/usr/bin/env bash
# Writes the records of processing (Art. 30) of the seed graphs into Samples/records: every
# controller's record (Art. 30(1)) and every processor's (Art. 30(2)) as Markdown, and all the
# controllers' as one workbook, in English and Norwegian. PNG pictures of the workbook need
# LibreOffice and pdftoppm (Debian: libreoffice-calc, poppler-utils); they are made when present.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${SHAREGRAPH:-.build/release/sharegraph}
mkdir -p Samples/records
rm -f Samples/records/*.md
for lang in en nb; do
    "$binary" records Graphs --format xlsx --lang "$lang" --out "Samples/records/records.$lang.xlsx"
    "$binary" records Graphs --list | while read -r kind id; do
        "$binary" records Graphs "--$kind" "$id" --format md --lang "$lang" --out "Samples/records/$kind-$id.$lang.md"
    done
done
if command -v soffice >/dev/null && command -v pdftoppm >/dev/null; then
    work=$(mktemp -d)
    soffice --headless --convert-to pdf --outdir "$work" Samples/records/records.en.xlsx >/dev/null
    # The first page, the table's part of it: the Axactor sheet, as a DPO would print it.
    pdftoppm -png -r 150 -f 1 -l 1 -x 40 -y 50 -W 1680 -H 330 -singlefile "$work/records.en.pdf" Samples/records/records.en
    rm -rf "$work"
fi
