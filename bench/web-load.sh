#!/usr/bin/env bash
# Load test of the dashboard and the strategy page under 64 concurrent connections on
# loopback, on SQLite and on PostgreSQL, with the demo institution and a signed-in editor.
#
#   bash bench/web-load.sh            # builds the release binary, runs both databases
#   DURATION=30 bash bench/web-load.sh
#
# Needs wrk (Debian package `wrk`) and, for PostgreSQL, a server on 127.0.0.1:5432 (trust).
# Prints one Markdown table row per (database, page): p50, p99, requests/s.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
cargo build --release -p jalon >/dev/null
jalon=${CARGO_TARGET_DIR:-target}/release/jalon
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start() { # url → prints the port of a server on that database, signed in as editeur into $work/cookie
  local url=$1 p; p=$(port)
  JALON_DATABASE_URL=$url RUST_LOG=warn "$jalon" serve --bind "127.0.0.1:$p" >"$work/serve-$p.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$p/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  local jar=$work/jar-$p csrf
  csrf=$(curl -fs -c "$jar" "http://127.0.0.1:$p/login" | grep -o 'name="_csrf" value="[0-9a-f]*"' | grep -o '[0-9a-f]\{32\}')
  curl -fs -b "$jar" -c "$jar" -o /dev/null -d "_csrf=$csrf&username=editeur&password=jalon-editeur&next=/" "http://127.0.0.1:$p/login"
  awk '$6=="jalon_session"{print $7}' "$jar" >"$work/cookie-$p"
  echo "$p"
}

measure() { # db port path
  local db=$1 p=$2 path=$3 cookie out
  cookie=$(cat "$work/cookie-$p")
  # Warm up (first request loads the plan into the cache), then measure.
  curl -fs -o /dev/null -b "jalon_session=$cookie" "http://127.0.0.1:$p$path"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -H "Cookie: jalon_session=$cookie" "http://127.0.0.1:$p$path" >/dev/null
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Cookie: jalon_session=$cookie" "http://127.0.0.1:$p$path")
  local p50 p99 rps non2xx
  p50=$(awk '$1=="50%"{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{print $2}' <<<"$out")
  rps=$(awk '/^Requests\/sec/{printf "%.0f", $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/{print $5}' <<<"$out")
  echo "| $db | \`$path\` | $p50 | $p99 | $rps | ${non2xx:-0} |"
}

# SQLite: the demo database.
"$jalon" demo --data-dir "$work/demo" --no-serve >/dev/null
sqlite_port=$(start "sqlite://$work/demo/jalon-demo.db")

# PostgreSQL: a fresh database with the same plan and accounts.
pgdb="jalon_bench_$$"
psql "$PG/postgres" -q -c "CREATE DATABASE $pgdb"
trap 'cleanup; psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" || true' EXIT
JALON_DATABASE_URL="$PG/$pgdb" "$jalon" import plan demo/imt-mines-ales-res-2023-2027.yaml >/dev/null
printf 'jalon-editeur\n' | JALON_DATABASE_URL="$PG/$pgdb" "$jalon" user add editeur --role editor --person "Chargée de mission RES" --password-stdin >/dev/null
pg_port=$(start "$PG/$pgdb")

echo "| database | page | p50 | p99 | requests/s | non-2xx |"
echo "|---|---|---|---|---|---|"
for path in / /strategy; do
  measure SQLite "$sqlite_port" "$path"
  measure PostgreSQL "$pg_port" "$path"
done
