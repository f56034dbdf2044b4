#!/usr/bin/env bash
# The server under hostile and heavy uploads, on the demo database (SQLite), with the release
# binary and an editor signed in:
#   1. decompression bombs (an XLSX of ~1 MB that expands to 300 MB, then to 2 GB), three at
#      once, to the research import: their status and the server's peak memory above idle;
#   2. a 200 MB body: its status and the peak memory;
#   3. /ready's latency while a 200,000-leg mission file is imported (the heaviest write).
#
#   bash bench/hostile.sh
#
# Prints Markdown rows. Peak memory is VmHWM of /proc, reset before each step
# (`echo 5 > /proc/PID/clear_refs`), minus the resident memory at idle before it.
set -euo pipefail
cd "$(dirname "$0")/.."
LEGS=${LEGS:-200000}
cargo build --release -p jalon >/dev/null
jalon=${CARGO_TARGET_DIR:-target}/release/jalon
work=$(mktemp -d)
pid=
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$p"
"$jalon" demo --data-dir "$work/demo" --no-serve >/dev/null
JALON_DATABASE_URL="sqlite://$work/demo/jalon-demo.db" JALON_LOG=warn \
  "$jalon" serve --bind "127.0.0.1:$p" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "$base/ready" >/dev/null 2>&1 && break; sleep 0.1; done

# An editor's session and its CSRF token (sent as X-CSRF-Token to the API).
jar=$work/jar
csrf=$(curl -fs -c "$jar" "$base/login" | grep -o 'name="_csrf" value="[0-9a-f]*"' | grep -o '[0-9a-f]\{32\}')
curl -fs -b "$jar" -c "$jar" -o /dev/null -d "_csrf=$csrf&username=editeur&password=jalon-editeur&next=/" "$base/login"
csrf=$(curl -fs -b "$jar" "$base/account" | grep -o 'name="_csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"//')

python3 - "$work" "$LEGS" <<'EOF'
import sys, zipfile, os
work, legs = sys.argv[1], int(sys.argv[2])
def bomb(name, mb):
    with zipfile.ZipFile(os.path.join(work, name), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            block = b" " * (1 << 20)
            for _ in range(mb):
                f.write(block)
bomb("bomb-300.xlsx", 300)
bomb("bomb-2000.xlsx", 2000)
with open(os.path.join(work, "big.bin"), "wb") as f:
    f.write(os.urandom(200 << 20))
pairs = [("Paris", "FR", "Lyon", "FR", "train", ""), ("Toulouse", "FR", "Paris", "FR", "avion", ""),
         ("Lyon", "FR", "Grenoble", "FR", "voiture", "2"), ("Paris", "FR", "Berlin", "Allemagne", "avion", ""),
         ("Lille", "FR", "Bruxelles", "Belgique", "train", ""), ("Nantes", "FR", "Rennes", "FR", "bus", "")]
with open(os.path.join(work, "missions.tsv"), "w", encoding="utf-8") as f:
    f.write("\t".join(["# mission", "Date de départ", "Ville de départ", "Pays de départ", "Ville de destination",
                       "Pays de destination", "Mode de déplacement", "Nb de personnes dans la voiture",
                       "Aller Retour (OUI si identiques, NON si différents)"]) + "\n")
    for i in range(legs):
        a = pairs[(i * 7 + i // 6) % len(pairs)]
        f.write("\t".join([f"H{i // 3:07d}", f"{1 + i * 11 % 28:02d}/{1 + i * 5 % 12:02d}/{2023 + i // 3 % 3}",
                           *a, "NON" if i % 4 == 0 else "OUI"]) + "\n")
EOF

kb() { awk -v k="$1:" '$1==k{print $2}' "/proc/$pid/status"; }
reset_peak() { echo 5 >"/proc/$pid/clear_refs"; }
post() { # path file → status
  curl -s -o /dev/null -w '%{http_code}' -b "$jar" -H "X-CSRF-Token: $csrf" \
    -H 'Content-Type: application/octet-stream' --data-binary "@$2" "$base$1"
}

echo "| upload | size sent | statuses | peak memory above idle |"
echo "|---|---|---|---|"
for b in bomb-300 bomb-2000; do
  idle=$(kb VmRSS); reset_peak
  statuses=$(for i in 1 2 3; do (post "/api/v1/research/projects?file_name=$b-$i.xlsx" "$work/$b.xlsx"; echo) & done; wait)
  peak=$(kb VmHWM)
  size=$(du -k "$work/$b.xlsx" | cut -f1)
  echo "| three ${b#bomb-} MB bombs at once | $size kB each | $(echo $statuses) | $(( (peak - idle) / 1024 )) MB |"
done
idle=$(kb VmRSS); reset_peak
status=$(post "/api/v1/research/projects?file_name=big.xlsx" "$work/big.bin")
peak=$(kb VmHWM)
echo "| a 200 MB body | 204800 kB | $status | $(( (peak - idle) / 1024 )) MB |"

echo
echo "| during | /ready answers | p50 | p99 | max |"
echo "|---|---|---|---|---|"
start=$(date +%s.%N)
post "/api/v1/carbon/trips?file_name=missions.tsv" "$work/missions.tsv" >"$work/import-status" &
importer=$!
: >"$work/ready"
while kill -0 "$importer" 2>/dev/null; do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$base/ready" >>"$work/ready"
  sleep 0.05
done
wait "$importer"
took=$(echo "$(date +%s.%N) - $start" | bc)
sort -k2 -n "$work/ready" | awk -v legs="$LEGS" -v took="$took" -v st="$(cat "$work/import-status")" '
  { t[NR] = $2 * 1000; if ($1 != "200") bad++ }
  END {
    printf "| import of %d mission legs (status %s, %.1f s) | %d (%d not 200) | %.1f ms | %.1f ms | %.1f ms |\n",
      legs, st, took, NR, bad, t[int(NR * 0.5) + 1], t[int(NR * 0.99) + (NR * 0.99 > int(NR * 0.99))], t[NR]
  }'
