#!/usr/bin/env bash
# A bounded schemathesis run against the real binary: its OpenAPI document (/api/openapi.json) is fuzzed with
# every check, anonymously and with the API token of each role that has one (a province administrator, a
# company, an organisation's member). It fails on any server error or any answer that does not match the
# document, and prints how many cases each run tried.
#
#   scripts/schemathesis/run.sh            # uses target/debug/doeners (built by `cargo test`), 25 examples an operation
#   DOENERS_BIN=target/release/doeners SCHEMATHESIS_EXAMPLES=100 scripts/schemathesis/run.sh   # the documented run
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

examples=${SCHEMATHESIS_EXAMPLES:-25}
form() { curl -sf -H 'Sec-Fetch-Site: same-origin' "$@"; }

# An API token, made the way a person makes one: sign in, open the account page, ask for a key.
token_of() {
  local email=$1 pass=$2 jar csrf token
  jar=$(mktemp -p "$work")
  form -o /dev/null -c "$jar" --data-urlencode "email=$email" --data-urlencode "password=$pass" "$base/limburg/aanmelden"
  csrf=$(curl -sf -b "$jar" "$base/limburg/account" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
  token=$(form -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode name=schemathesis \
    "$base/limburg/account/api-sleutels" | grep -o 'dnr_limburg_[A-Za-z0-9_-]*' | head -n 1)
  [ -n "$token" ] || { echo "schemathesis: no API token could be made for $email" >&2; exit 1; }
  echo "$token"
}

# The e-mailed link to `path` sent to `recipient` (messages are written as .eml files, quoted-printable).
link_to() {
  local recipient=$1 path=$2 link= file
  for _ in $(seq 1 100); do
    for file in "$work"/data/mail/*.eml; do
      [ -f "$file" ] && grep -qi "^To: .*$recipient" "$file" || continue
      link=$(sed -e ':a' -e '/=\r\?$/{N;s/=\r\?\n//;ba}' "$file" | sed 's/=3D/=/g' |
        grep -o "http://[^ ]*$path?token=[A-Za-z0-9_-]*" | tail -n 1 || true)
      [ -n "$link" ] && break 2
    done
    sleep 0.1
  done
  [ -n "$link" ] || { echo "schemathesis: no e-mailed link to $path for $recipient" >&2; exit 1; }
  echo "$link"
}

admin_token=$(token_of beheer@limburg.example "$password")

# A company registers and confirms its address.
company_password='een bedrijf dat test met schemathesis'
form -o /dev/null --data-urlencode email=inkoop@schemathesis.example --data-urlencode "password=$company_password" \
  --data-urlencode name='Proef Logistiek' --data-urlencode enterprise_number= --data-urlencode sector=h \
  --data-urlencode size=klein --data-urlencode postal_code=3500 "$base/limburg/registreren"
curl -sf -o /dev/null "$(link_to inkoop@schemathesis.example /limburg/bevestigen)"
company_token=$(token_of inkoop@schemathesis.example "$company_password")

# An organisation applies, confirms its address, and the province's administrator approves it.
member_password='een ploeg die test met schemathesis'
form -o /dev/null --data-urlencode account_email=ploeg@schemathesis.example --data-urlencode "password=$member_password" \
  --data-urlencode name='Proefploeg Bree' --data-urlencode kind=lokale-diensteneconomie \
  --data-urlencode street='Kanaalweg 4' --data-urlencode postal_code=3960 "$base/limburg/registreren/organisatie"
curl -sf -o /dev/null "$(link_to ploeg@schemathesis.example /limburg/bevestigen)"
jar=$work/admin-cookies
form -o /dev/null -c "$jar" --data-urlencode email=beheer@limburg.example --data-urlencode "password=$password" "$base/limburg/aanmelden"
queue=$(curl -sf -b "$jar" "$base/limburg/beheer/aanvragen")
action=$(echo "$queue" | grep -o 'action="/limburg/beheer/aanvragen/[^"]*"' | head -n 1 | sed 's/^action="//; s/"$//')
csrf=$(echo "$queue" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
form -o /dev/null -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode decision=approve "$base$action"
member_token=$(token_of ploeg@schemathesis.example "$member_password")

run() {
  local name=$1
  shift
  local out=$work/$name.txt
  if ! "$venv/bin/st" --config-file scripts/schemathesis/schemathesis.toml run "$base/api/openapi.json" \
    --checks all --max-examples "$examples" --seed 20261201 --no-color --request-timeout 20 "$@" >"$out" 2>&1; then
    cat "$out"
    echo "schemathesis ($name): failures, see above" >&2
    exit 1
  fi
  echo "schemathesis ($name): $(grep -E '^ *[0-9]+ generated' "$out" | sed 's/^ *//')"
  cases=$((cases + $(grep -oE '^ *[0-9]+ generated' "$out" | grep -oE '[0-9]+' | head -n 1)))
}
cases=0
run anonymous
run administrator -H "Authorization: Bearer $admin_token"
run company -H "Authorization: Bearer $company_token"
run member -H "Authorization: Bearer $member_token"
if grep -q 'panicked' "$work/server.log"; then
  grep 'panicked' "$work/server.log" >&2
  exit 1
fi
echo "schemathesis: $cases cases, 0 server errors, 0 schema mismatches"
