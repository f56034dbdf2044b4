#!/usr/bin/env bash
# SDG classifier: mean accuracy of `jalon sdg eval` on the development split, and
# `jalon sdg classify` on 100,000 abstract-sized texts (~1,500 characters, built
# deterministically by concatenating benchmark texts), wall time and peak memory; the
# library-level throughput for comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p jalon -p jalon-sdg --examples --bins >/dev/null
dir=${CARGO_TARGET_DIR:-target}/release
bench=crates/jalon-sdg/tests/data/benchmark-dev.csv
"$dir/jalon" sdg eval --benchmark "$bench" | tail -2
texts=$(mktemp --suffix=.csv)
out=$(mktemp --suffix=.csv)
trap 'rm -f "$texts" "$out"' EXIT
python3 - "$bench" "$texts" <<'PY'
import csv, sys
rows = [r["text"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]
n = len(rows)
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["id", "text"])
    for i in range(100_000):
        t, k = [], 0
        while sum(len(x) + 1 for x in t) < 1500:
            t.append(rows[(i * 7 + k * 13) % n])
            k += 1
        w.writerow([f"T{i}", " ".join(t)[:1600]])
PY
echo "jalon sdg classify, 100,000 texts ($(du -h "$texts" | cut -f1)):"
/usr/bin/time -f "wall %e s, peak RSS %M kB" "$dir/jalon" sdg classify --input "$texts" --id-column id --output "$out"
echo "library only:"
"$dir/examples/throughput"
