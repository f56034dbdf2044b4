#!/usr/bin/env bash
# Business-travel footprints: 1,000,000 missions in GES 1point5 format (generated
# deterministically), parsed, places resolved, distances and footprints computed; peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p jalon-carbon --examples >/dev/null
bin=${CARGO_TARGET_DIR:-target}/release/examples
file=$(mktemp --suffix=.tsv)
trap 'rm -f "$file"' EXIT
"$bin/trips_bench" "$file"
/usr/bin/time -f "wall %e s, peak RSS %M kB" "$bin/trips_compute" "$file"
