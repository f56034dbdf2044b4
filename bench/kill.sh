#!/usr/bin/env bash
# Crash safety, the long run: every long write of the command line (a mission import, a plan
# import, a restore) killed with SIGKILL at random moments, KILLS times each (default 200),
# on SQLite; each database left must pass `PRAGMA integrity_check` and hold the whole change
# or none of it, with its validated values unchanged. `.ci/run` runs the same test with 8
# kills per write. Replay a failure with the JALON_KILL_SEED it printed.
#
#   bash bench/kill.sh            # 200 kills per write
#   KILLS=1000 bash bench/kill.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JALON_KILLS="${KILLS:-200}" cargo test --release -p jalon --test crash -- --nocapture
