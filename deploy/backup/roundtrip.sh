#!/usr/bin/env bash
# Backs up every province and the federation, imports organisations the backup does not hold (the search index
# takes them up), wipes every database, restores, and compares every table's rows and the answers of a set of
# searches before and after: the index, kept, must forget what the restore took away. Fails on any difference.
#
#   deploy/backup/roundtrip.sh                     # SQLite databases in a temporary directory
#   BACKEND=postgres deploy/backup/roundtrip.sh    # PostgreSQL databases doeners_roundtrip_* on PG_SERVER
#
# PG_SERVER defaults to postgres://postgres@127.0.0.1:5432. DOENERS_BIN defaults to target/debug/doeners (built
# by `cargo test`; built here when missing). Needs sqlite3 or psql, curl and sha256sum.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
backend=${BACKEND:-sqlite}
target=${CARGO_TARGET_DIR:-target}
bin=${DOENERS_BIN:-$target/debug/doeners}
[ -x "$bin" ] || cargo build --bin doeners
pg_server=${PG_SERVER:-postgres://postgres@127.0.0.1:5432}
export PGOPTIONS='--client-min-messages=warning'
slugs=(antwerpen limburg oost-vlaanderen vlaams-brabant west-vlaanderen)

work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [ "$backend" = postgres ]; then drop_all || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export DOENERS__DATA_DIR=$work/data DOENERS__TENANTS_DIR=$root/tenants DOENERS__SERVER__ADDR=127.0.0.1:0 \
  DOENERS__LOG__FORMAT=pretty NO_COLOR=1 RUST_LOG=warn,doeners=info

database_of() { echo "doeners_roundtrip_${1//-/_}"; }
drop_all() {
  for name in federation "${slugs[@]}"; do
    psql -q "$pg_server/postgres" -c "DROP DATABASE IF EXISTS $(database_of "$name") WITH (FORCE)" >/dev/null
  done
}
if [ "$backend" = postgres ]; then
  drop_all
  export DOENERS__FEDERATION__DATABASE_URL=$pg_server/$(database_of federation)
  for slug in "${slugs[@]}"; do
    key=$(echo "${slug//-/_}" | tr '[:lower:]' '[:upper:]')
    export "DOENERS__TENANTS__${key}__DATABASE_URL=$pg_server/$(database_of "$slug")"
  done
elif [ "$backend" != sqlite ]; then
  echo "roundtrip: BACKEND is sqlite or postgres, not '$backend'" >&2
  exit 2
fi

# A table's rows, less the mark a restore leaves in a province's change feed (which the index reads).
rows_of() {
  if [ "$1" = outbox ]; then echo "SELECT * FROM outbox WHERE kind <> 'feed.restored'"; else echo "SELECT * FROM \"$1\""; fi
}

# Every table of every database: its name, its row count and a digest of its rows in a fixed order.
snapshot() {
  local out=$1 name table file
  : >"$out"
  for name in federation "${slugs[@]}"; do
    if [ "$backend" = sqlite ]; then
      file=$DOENERS__DATA_DIR/$name.db
      for table in $(sqlite3 "$file" "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
        rows=$(rows_of "$table")
        echo "$name $table $(sqlite3 "$file" "SELECT count(*) FROM ($rows)") $(sqlite3 -csv "$file" "$rows" | sort | sha256sum | cut -c1-16)" >>"$out"
      done
    else
      # Two psql calls per database (the tables, then every table's digest), not two per table: the server
      # takes each digest, of the table's rows as text, sorted byte by byte. A failing statement stops psql.
      url=$pg_server/$(database_of "$name")
      sql=
      for table in $(psql -X -At "$url" -c "SELECT tablename FROM pg_tables WHERE schemaname='public' ORDER BY tablename"); do
        sql+="SELECT '$name $table ' || count(*) || ' ' || left(encode(sha256(convert_to(coalesce(string_agg(snapshot_row, E'\\n' ORDER BY snapshot_row COLLATE \"C\"), ''), 'UTF8')), 'hex'), 16) FROM (SELECT snapshot_table::text AS snapshot_row FROM ($(rows_of "$table")) snapshot_table) digested;"$'\n'
      done
      psql -X -v ON_ERROR_STOP=1 -At "$url" <<<"$sql" >>"$out"
    fi
  done
}

start() {
  "$bin" serve --no-seed >"$work/server.log" 2>&1 &
  pid=$!
  base=
  for _ in $(seq 1 240); do
    base=$(grep -o 'listening on http://[0-9.:]*' "$work/server.log" | head -n 1 | sed 's/listening on //' || true)
    [ -n "$base" ] && break
    sleep 0.5
  done
  [ -n "$base" ] || { cat "$work/server.log"; echo "roundtrip: the server did not start" >&2; exit 1; }
}

stop() {
  kill -TERM "$pid"
  wait "$pid" || true
  pid=
}

# What a set of searches finds: each hit's province, organisation and offer, in order, and the totals.
searches() {
  local out=$1 q
  : >"$out"
  for q in verpakken 'groenonderhoud&near=3500' 'kuisen&near=9000' catering 'fietsen%20herstellen' 'drukwerk&province=limburg' assemblage 'strijken&near=2000'; do
    curl -sf "$base/api/v1/search?q=$q&per_page=50" | python3 -c '
import json, sys
answer = json.load(sys.stdin)
print(sys.argv[1], answer["total"], [(h["province"], h["organisation"]["slug"], h["offer_id"], h["explanation"]["text"]) for h in answer["hits"]])
' "$q" >>"$out"
  done
}

"$bin" migrate >/dev/null
"$bin" seed --demo >/dev/null
"$bin" seed --activity >/dev/null
start
searches "$work/searches-before"
stop
snapshot "$work/tables-before"

"$bin" backup --to "$work/backup"

# After the backup: organisations the backup does not hold, which the index takes up.
printf 'ref;name;kind;enterprise_number;street;postal_code;municipality;website;email;phone;employees;description\nna-1;Atelier Na De Back-up;maatwerkbedrijf;;Kerkstraat 1;3500;;;;;;\n' >"$work/organisaties.csv"
printf 'organisation_ref;title;category;execution_mode;service_area;description\nna-1;Kwispelkoeken bakken;catering;eigen-atelier;flanders;\n' >"$work/aanbod.csv"
"$bin" import --tenant limburg --organisations "$work/organisaties.csv" --offers "$work/aanbod.csv" >/dev/null
start
for _ in $(seq 1 50); do
  found=$(curl -sf "$base/api/v1/search?q=kwispelkoeken" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')
  [ "$found" -gt 0 ] && break
  sleep 0.2
done
stop
[ "$found" -gt 0 ] || { echo "roundtrip ($backend): the organisation imported after the backup is not found" >&2; exit 1; }

# The disaster: every database gone. The search index stays, holding what the backup does not.
if [ "$backend" = sqlite ]; then
  rm -f "$DOENERS__DATA_DIR"/*.db "$DOENERS__DATA_DIR"/*.db-wal "$DOENERS__DATA_DIR"/*.db-shm
else
  drop_all
fi

"$bin" restore --from "$work/backup"
snapshot "$work/tables-after"
start
searches "$work/searches-after"
gone=$(curl -sf "$base/api/v1/search?q=kwispelkoeken" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')
stop
[ "$gone" = 0 ] || { echo "roundtrip ($backend): the index still finds what the restore took away" >&2; exit 1; }

if ! diff -u "$work/tables-before" "$work/tables-after"; then
  echo "roundtrip ($backend): the restored tables differ, see above" >&2
  exit 1
fi
if ! diff -u "$work/searches-before" "$work/searches-after"; then
  echo "roundtrip ($backend): the searches answer differently, see above" >&2
  exit 1
fi
echo "roundtrip ($backend): $(wc -l <"$work/tables-before") tables in 6 databases, $(awk '{ n += $3 } END { print n }' "$work/tables-before") rows and $(wc -l <"$work/searches-before") searches equal after backup, import, wipe and restore; the kept index forgot the organisation imported after the backup"
