#!/usr/bin/env bash
# A bounded schemathesis run against the real binary: its OpenAPI document (/api/openapi.json) is fuzzed with
# every check, once anonymously and once with a province administrator's API token. It fails on any server
# error or any answer that does not match the document, and prints how many cases each run tried.
#
#   scripts/schemathesis/run.sh            # uses target/debug/doeners (built by `cargo test`)
#   DOENERS_BIN=target/release/doeners scripts/schemathesis/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
target=${CARGO_TARGET_DIR:-target}
bin=${DOENERS_BIN:-$target/debug/doeners}
[ -x "$bin" ] || cargo build --bin doeners
venv=$target/schemathesis
version=4.32.5
if [ "$("$venv/bin/st" --version 2>/dev/null)" != "st, version $version" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version"
fi

work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export DOENERS__DATA_DIR=$work/data DOENERS__TENANTS_DIR=$root/tenants DOENERS__SERVER__ADDR=127.0.0.1:0 \
  DOENERS__LOG__FORMAT=pretty NO_COLOR=1 RUST_LOG=warn,doeners=info
password='een beheerder voor de schemathesis-run'
DOENERS_ADMIN_PASSWORD=$password "$bin" admin create --email beheer@limburg.example --province limburg >/dev/null
"$bin" serve >"$work/server.log" 2>&1 &
pid=$!
base=
for _ in $(seq 1 240); do
  base=$(grep -o 'listening on http://[0-9.:]*' "$work/server.log" | head -n 1 | sed 's/listening on //' || true)
  [ -n "$base" ] && break
  sleep 0.5
done
[ -n "$base" ] || { cat "$work/server.log"; echo "schemathesis: the server did not start" >&2; exit 1; }

# An API token, made the way a person makes one: sign in, open the account page, ask for a key.
jar=$work/cookies
curl -sf -o /dev/null -c "$jar" -H 'Sec-Fetch-Site: same-origin' \
  --data-urlencode email=beheer@limburg.example --data-urlencode "password=$password" "$base/limburg/aanmelden"
csrf=$(curl -sf -b "$jar" "$base/limburg/account" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
token=$(curl -sf -b "$jar" -H 'Sec-Fetch-Site: same-origin' --data-urlencode "csrf=$csrf" \
  --data-urlencode name=schemathesis "$base/limburg/account/api-sleutels" | grep -o 'dnr_limburg_[A-Za-z0-9_-]*' | head -n 1)
[ -n "$token" ] || { echo "schemathesis: no API token could be made" >&2; exit 1; }

run() {
  local name=$1
  shift
  local out=$work/$name.txt
  if ! "$venv/bin/st" --config-file scripts/schemathesis/schemathesis.toml run "$base/api/openapi.json" \
    --checks all --max-examples 25 --seed 20261201 --no-color --request-timeout 20 "$@" >"$out" 2>&1; then
    cat "$out"
    echo "schemathesis ($name): failures, see above" >&2
    exit 1
  fi
  echo "schemathesis ($name): $(grep -E '^ *[0-9]+ generated' "$out" | sed 's/^ *//')"
}
run anonymous
run token -H "Authorization: Bearer $token"
if grep -q 'panicked' "$work/server.log"; then
  grep 'panicked' "$work/server.log" >&2
  exit 1
fi
echo "schemathesis: 0 server errors, 0 schema mismatches"
