#!/usr/bin/env bash
# The demo's SDG report (2024): time to build the PDF with `jalon report sdg --format pdf`
# (assembling the report from the database, typst layout and PDF export), and, for comparison,
# the time headless Chromium takes to print the same report's HTML page to PDF.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p jalon >/dev/null
bin=${CARGO_TARGET_DIR:-target}/release/jalon
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" demo --no-serve --data-dir "$work/demo" >/dev/null 2>&1
export JALON_DATABASE_URL="sqlite://$work/demo/jalon-demo.db" RUST_LOG=warn
"$bin" report sdg --year 2024 --format page --output "$work/report.html" >/dev/null
echo "PDF with typst (whole command: database, assembly, layout, export):"
hyperfine --warmup 1 --runs 10 \
  "$bin report sdg --year 2024 --format pdf --output $work/report.pdf"
pdfinfo "$work/report.pdf" 2>/dev/null | grep -E "Pages|Tagged"
echo "HTML only:"
hyperfine --warmup 1 --runs 10 \
  "$bin report sdg --year 2024 --format page --output $work/page.html"
echo "Headless Chromium printing the same HTML to PDF:"
hyperfine --warmup 1 --runs 5 \
  "chromium --headless=new --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf=$work/chromium.pdf file://$work/report.html"
pdfinfo "$work/chromium.pdf" 2>/dev/null | grep -E "Pages|Tagged"
