#!/usr/bin/env bash
# The browser suite: starts the real binary twice with demo data and a Limburg administrator, then
# - walks the journeys in journeys.mjs (register and sign in, search to a contact request, an applicant approved,
#   an offer added, edited and found) on one server, and
# - opens the pages in check.mjs on the other (each server has its own rate limits, so the registrations of the
#   two suites do not run into the platform's limit per address),
# in Debian's Chromium at 390 px and 1366 px, running axe-core's WCAG 2.1 A and AA rules on every page.
# Screenshots are kept under $CARGO_TARGET_DIR/browser (target/browser). Installs Chromium (apt) and the two npm
# packages (into scripts/a11y/node_modules) when they are missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
target=${CARGO_TARGET_DIR:-target}
bin=${DOENERS_BIN:-$target/debug/doeners}
[ -x "$bin" ] || cargo build --bin doeners
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
[ -d scripts/a11y/node_modules/axe-core ] || (cd scripts/a11y && npm install --silent --no-audit --no-fund)
export BROWSER_SHOTS=$target/browser
rm -rf "$BROWSER_SHOTS"

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
export DOENERS__TENANTS_DIR=$root/tenants DOENERS__SERVER__ADDR=127.0.0.1:0 \
  DOENERS__LOG__FORMAT=pretty NO_COLOR=1 RUST_LOG=warn,doeners=info
export A11Y_PASSWORD='een beheerder voor de toegankelijkheid'

# A server on its own data directory, with the administrators the suites sign in as.
start() {
  local dir=$work/$1
  mkdir -p "$dir"
  export DOENERS__DATA_DIR=$dir/data
  DOENERS_ADMIN_PASSWORD=$A11Y_PASSWORD "$bin" admin create --email beheer@limburg.example --province limburg >/dev/null
  DOENERS_ADMIN_PASSWORD=$A11Y_PASSWORD "$bin" admin create --email adres@limburg.example --province limburg >/dev/null
  DOENERS_ADMIN_PASSWORD=$A11Y_PASSWORD "$bin" admin create --email vlaanderen@doeners.example >/dev/null
  "$bin" serve >"$dir/server.log" 2>&1 &
  pids+=($!)
}
address() {
  local log=$work/$1/server.log base=
  for _ in $(seq 1 240); do
    base=$(grep -o 'listening on http://[0-9.:]*' "$log" | head -n 1 | sed 's/listening on //' || true)
    [ -n "$base" ] && break
    sleep 0.5
  done
  [ -n "$base" ] || { cat "$log" >&2; echo "browser suite: the server did not start" >&2; exit 1; }
  echo "$base"
}
start journeys
start pages
journeys=$(address journeys)
pages=$(address pages)
A11Y_MAIL_DIR=$work/journeys/data/mail node scripts/a11y/journeys.mjs "$journeys"
A11Y_MAIL_DIR=$work/pages/data/mail node scripts/a11y/check.mjs "$pages"
