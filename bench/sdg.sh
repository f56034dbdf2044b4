#!/usr/bin/env bash
# SDG classifier: mean accuracy on the development split and throughput on 100,000
# abstract-sized texts (library level; `jalon sdg eval`/`classify` call the same functions).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p jalon-sdg --examples >/dev/null
bin=${CARGO_TARGET_DIR:-target}/release/examples
"$bin/eval" crates/jalon-sdg/tests/data/benchmark-dev.csv | tail -2
"$bin/throughput"
