#!/usr/bin/env bash
# Business-travel footprints: 1,000,000 mission legs in GES 1point5 format (generated
# deterministically), computed by `jalon carbon trips` (parse, resolve places, distances,
# footprints with intervals, levy at 100 €/t, CSV written); wall time and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p jalon -p jalon-carbon --examples --bins >/dev/null
dir=${CARGO_TARGET_DIR:-target}/release
file=$(mktemp --suffix=.tsv)
out=$(mktemp --suffix=.csv)
trap 'rm -f "$file" "$out"' EXIT
"$dir/examples/trips_bench" "$file"
echo "jalon carbon trips (whole command, CSV output):"
/usr/bin/time -f "wall %e s, peak RSS %M kB" "$dir/jalon" carbon trips --input "$file" --price 100 --output "$out"
echo "library only (parse and compute, no output):"
/usr/bin/time -f "wall %e s, peak RSS %M kB" "$dir/examples/trips_compute" "$file"
