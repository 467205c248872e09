#!/usr/bin/env bash
# The evaluation at scale: a fresh platform with the demo organisations and ten times a realistic year of
# activity in all five provinces (`doeners seed --activity --scale 10`: about one million searches, 50,000
# contact requests, 5,000 questions), then the console's overview, the report and /api/v1/stats for that year,
# each asked ROUNDS times (default 20) by one client after one warm-up: min, median, p95 and max in ms.
# Usage: scripts/bench/evaluation.sh [scale]   (uses target/release/doeners; builds it when missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
scale=${1:-10}
rounds=${ROUNDS:-20}
bin=${DOENERS_BIN:-target/release/doeners}
[ -x "$bin" ] || cargo build --release --bin doeners
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export DOENERS__DATA_DIR=$work/data DOENERS__SERVER__ADDR=127.0.0.1:0 DOENERS__LOG__FORMAT=pretty NO_COLOR=1 \
  RUST_LOG=warn,doeners=info DOENERS__SERVER__SEED_DEMO_WHEN_EMPTY=false
"$bin" seed --demo >/dev/null
echo "seed --activity --scale $scale: $("$bin" seed --activity --scale "$scale")"
for db in "$work"/data/*.db; do
  printf '  %s: %s search log rows, %s exchanges, %s steps\n' "$(basename "$db" .db)" \
    "$(sqlite3 "$db" 'select count(*) from search_log')" \
    "$(sqlite3 "$db" 'select count(*) from exchanges' 2>/dev/null || echo -)" \
    "$(sqlite3 "$db" 'select count(*) from exchange_events' 2>/dev/null || echo -)"
done
DOENERS_ADMIN_PASSWORD='een wachtwoord voor de meting' "$bin" admin create --email meting@vlaanderen.example >/dev/null
"$bin" serve >"$work/server.log" 2>&1 &
pid=$!
base=
for _ in $(seq 1 240); do
  base=$(grep -o 'listening on http://[0-9.:]*' "$work/server.log" | head -n 1 | sed 's/listening on //' || true)
  [ -n "$base" ] && break
  sleep 0.5
done
[ -n "$base" ] || { cat "$work/server.log"; exit 1; }
jar=$work/cookies
curl -s -c "$jar" -o /dev/null -d 'email=meting@vlaanderen.example&password=een wachtwoord voor de meting' "$base/admin/aanmelden"
from=$(date -d '364 days ago' +%F)
to=$(date +%F)
measure() {
  local name=$1 url=$2
  curl -s -b "$jar" -o /dev/null "$base$url"
  local times=()
  for _ in $(seq 1 "$rounds"); do
    times+=("$(curl -s -b "$jar" -o /dev/null -w '%{http_code} %{time_total}' "$base$url")")
  done
  printf '%s\n' "${times[@]}" | python3 -c "
import sys
rows=[l.split() for l in sys.stdin if l.strip()]
bad=[r[0] for r in rows if r[0]!='200']
t=sorted(float(r[1])*1000 for r in rows)
p95=t[min(len(t)-1, int(round(0.95*(len(t)-1))))]
print(f'$name: min {t[0]:.0f} ms, median {t[len(t)//2]:.0f} ms, p95 {p95:.0f} ms, max {t[-1]:.0f} ms ({len(t)} requests' + (f', NOT 200: {bad}' if bad else '') + ')')
"
}
echo "year: $from to $to, $rounds requests each after one warm-up"
measure "console overview /admin/evaluatie" "/admin/evaluatie?from=$from&to=$to"
measure "console JSON /admin/evaluatie.json" "/admin/evaluatie.json?from=$from&to=$to"
measure "report /admin/rapport" "/admin/rapport?from=$from&to=$to"
measure "open data /api/v1/stats" "/api/v1/stats?from=$from&to=$to"
