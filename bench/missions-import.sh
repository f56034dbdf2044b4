#!/usr/bin/env bash
# Mission import into the database: GES 1point5 files of 20,000, 100,000 and 1,000,000 legs
# (generated deterministically from 40 French and European city pairs, every line distinct),
# each imported by `jalon carbon missions` into a fresh database with a levy of 100 €/t set
# for the years of the file; wall time and peak resident memory of the import.
#
#   bash bench/missions-import.sh                  # SQLite only
#   PG=postgres://postgres@127.0.0.1:5432 bash bench/missions-import.sh   # and PostgreSQL
#   SIZES="20000 100000" TIMEOUT=300 bash bench/missions-import.sh
#   JALON=/path/to/jalon bash bench/missions-import.sh   # an already built binary (no build)
#
# PostgreSQL needs a server that lets this user create databases (trust on loopback); each
# run gets a database of its own, dropped afterwards. An import that takes longer than
# TIMEOUT seconds is stopped and reported as such. Prints one Markdown table row per run.
set -euo pipefail
cd "$(dirname "$0")/.."
export JALON_LOG=${JALON_LOG:-warn} JALON_LANG=en
SIZES=${SIZES:-"20000 100000 1000000"}
PG=${PG:-}
TIMEOUT=${TIMEOUT:-900}
PRICE_CENTS=${PRICE_CENTS:-10000}

jalon=${JALON:-}
if [[ -z $jalon ]]; then
  cargo build --release -p jalon >/dev/null
  jalon=${CARGO_TARGET_DIR:-target}/release/jalon
fi
work=$(mktemp -d)
pgdbs=()
cleanup() {
  for d in "${pgdbs[@]}"; do psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# GES 1point5 missions export: header, then one leg a line. Lines differ by mission id, date,
# pair, purpose and status; three legs a mission; years 2023 to 2025.
generate() { # lines file
  awk -v n="$1" 'BEGIN {
    OFS = "\t"
    split("Paris|FR|Lyon|FR|train|;Paris|France|Marseille|France|train|;Lyon|FR|Grenoble|FR|voiture|2;" \
          "Toulouse|FR|Paris|FR|avion|;Bordeaux|FR|Paris|FR|train|;Lille|FR|Bruxelles|Belgique|train|;" \
          "Strasbourg|FR|Francfort|Allemagne|train|;Nantes|FR|Rennes|FR|voiture|1;" \
          "Montpellier|FR|Barcelone|Espagne|train|;Nice|FR|Rome|Italie|avion|;Paris|FR|Londres|Royaume-Uni|train|;" \
          "Paris|FR|Berlin|Allemagne|avion|;Lyon|FR|Genève|Suisse|train|;Marseille|FR|Madrid|ES|avion|;" \
          "Grenoble|FR|Milan|IT|bus|;Clermont-Ferrand|FR|Paris|FR|train|;Saint-Étienne|FR|Lyon|FR|voiture|3;" \
          "Alès|FR|Nîmes|FR|voiture|1;Toulouse|FR|Bordeaux|FR|train|;Paris|FR|Amsterdam|Pays-Bas|train|;" \
          "Paris|FR|Lisbonne|Portugal|avion|;Lyon|FR|Vienne|Autriche|avion|;Paris|FR|Copenhague|Danemark|avion|;" \
          "Rennes|FR|Brest|FR|train|;Dijon|FR|Besançon|FR|bus|;Paris|France|Orsay|France|RER|;" \
          "Versailles|France|Paris|France|RER|;Metz|FR|Nancy|FR|train|;Poitiers|FR|La Rochelle|FR|voiture|2;" \
          "Caen|FR|Rouen|FR|bus|;Paris|FR|Stockholm|Suède|avion|;Lille|FR|London|GB|train|;" \
          "Nîmes|FR|Avignon|FR|train|;Pau|FR|Toulouse|FR|train|;Limoges|FR|Paris|FR|train|;" \
          "Perpignan|FR|Barcelone|Espagne|train|;Bordeaux|FR|Dublin|Irlande|avion|;Paris|FR|Athènes|Grèce|avion|;" \
          "Strasbourg|FR|Zurich|Suisse|train|;Marseille|FR|Nice|FR|train|", pairs, ";")
    np = length(pairs)
    split("Colloque;Réunion;Terrain;Formation;Séminaire;", purposes, ";")
    split("Chercheur;Doctorant;ITA;Enseignant-chercheur;Post-doctorant;", statuses, ";")
    print "# mission", "Date de départ", "Ville de départ", "Pays de départ", "Ville de destination", \
      "Pays de destination", "Mode de déplacement", "Nb de personnes dans la voiture", \
      "Aller Retour (OUI si identiques, NON si différents)", "Motif du déplacement (optionnel)", \
      "Statut de l'\''agent (optionnel)"
    for (i = 0; i < n; i++) {
      split(pairs[1 + (i * 7 + int(i / np)) % np], p, "|")
      date = sprintf("%02d/%02d/%d", 1 + (i * 11) % 28, 1 + (i * 5) % 12, 2023 + int(i / 3) % 3)
      print sprintf("M%07d", int(i / 3)), date, p[1], p[2], p[3], p[4], p[5], p[6], \
        (i % 4 ? "OUI" : "NON"), purposes[1 + i % 6], statuses[1 + (i * 5) % 6]
    }
  }' >"$2"
}

# Wall time (s) and peak resident memory (kB) of a command, or "timeout".
measure() { # out-file command…
  local out=$1; shift
  if [[ -x /usr/bin/time ]]; then
    local rc=0
    /usr/bin/time -f "%e %M" -o "$work/time" timeout "$TIMEOUT" "$@" >"$out" 2>"$out.err" || rc=$?
    if [[ $rc -eq 124 ]]; then echo "timeout"; return; fi
    [[ $rc -eq 0 ]] || { cat "$out" "$out.err" >&2; exit "$rc"; }
    tail -n1 "$work/time"
  else
    # No GNU time: poll the high-water mark of the process's resident memory.
    local start pid hwm=0 h
    start=$(date +%s.%N)
    "$@" >"$out" 2>"$out.err" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      h=$(awk '/^VmHWM/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
      [[ -n $h && $h -gt $hwm ]] && hwm=$h
      if (($(date +%s) - ${start%.*} > TIMEOUT)); then kill "$pid"; echo "timeout"; return; fi
      sleep 0.05
    done
    wait "$pid"
    awk -v s="$start" -v e="$(date +%s.%N)" -v m="$hwm" 'BEGIN { printf "%.2f %d\n", e - s, m }'
  fi
}

# One import into the database at $1 (fresh, migrated by the first import): a one-line file
# creates the institution, the levy rules are set, then the measured import of $2.
run() { # db-name url file lines sql-command…
  local db=$1 url=$2 file=$3 lines=$4; shift 4
  printf '%s\n' "$(head -n1 "$file")" "W1	01/01/2019	Paris	FR	Lyon	FR	train		OUI		" >"$work/warmup.tsv"
  JALON_DATABASE_URL=$url "$jalon" carbon missions "$work/warmup.tsv" >/dev/null
  for y in 2023 2024 2025; do
    "$@" "INSERT INTO levy_rule (institution_id, year, rule) SELECT id, $y, '{\"CarbonPrice\":{\"cents_per_tonne\":$PRICE_CENTS}}' FROM institution"
  done
  local t
  t=$(JALON_DATABASE_URL=$url measure "$work/out" "$jalon" carbon missions "$file")
  if [[ $t == timeout ]]; then
    printf '| %s | %s | > %s s (stopped) | — | — |\n' "$db" "$lines" "$TIMEOUT"
    return
  fi
  local stored
  stored=$("$@" "SELECT count(*) FROM trip" | tr -d ' ')
  read -r wall rss <<<"$t"
  printf '| %s | %s | %s s | %s MB | %s trips stored — %s |\n' "$db" "$lines" "$wall" \
    "$(awk -v k="$rss" 'BEGIN{printf "%.0f", k/1024}')" "$((stored - 1))" "$(head -n1 "$work/out")"
}

echo "| database | legs | wall time | peak RSS | check |"
echo "|---|---|---|---|---|"
for n in $SIZES; do
  file=$work/missions-$n.tsv
  generate "$n" "$file"
  rm -f "$work/bench.db" "$work/bench.db-wal" "$work/bench.db-shm"
  run SQLite "sqlite://$work/bench.db" "$file" "$n" sqlite3 "$work/bench.db"
  if [[ -n $PG ]]; then
    d="jalon_bench_$$_$n"
    pgdbs+=("$d")
    psql "$PG/postgres" -q -c "CREATE DATABASE $d"
    run PostgreSQL "$PG/$d" "$file" "$n" psql "$PG/$d" -qtA -c
    psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS $d WITH (FORCE)"
  fi
  rm -f "$file"
done
