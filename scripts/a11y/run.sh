#!/usr/bin/env bash
# The accessibility check: starts the real binary with demo data and a Limburg administrator, then opens the
# pages in check.mjs in Debian's Chromium at 390 px and 1366 px and runs axe-core's WCAG 2.1 AA rules on each.
# Installs Chromium (apt) and the two npm packages (into scripts/a11y/node_modules) when they are missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
target=${CARGO_TARGET_DIR:-target}
bin=${DOENERS_BIN:-$target/debug/doeners}
[ -x "$bin" ] || cargo build --bin doeners
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
[ -d scripts/a11y/node_modules/axe-core ] || (cd scripts/a11y && npm install --silent --no-audit --no-fund)

work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export DOENERS__DATA_DIR=$work/data DOENERS__TENANTS_DIR=$root/tenants DOENERS__SERVER__ADDR=127.0.0.1:0 \
  DOENERS__LOG__FORMAT=pretty NO_COLOR=1 RUST_LOG=warn,doeners=info
export A11Y_PASSWORD='een beheerder voor de toegankelijkheid'
DOENERS_ADMIN_PASSWORD=$A11Y_PASSWORD "$bin" admin create --email beheer@limburg.example --province limburg >/dev/null
DOENERS_ADMIN_PASSWORD=$A11Y_PASSWORD "$bin" admin create --email adres@limburg.example --province limburg >/dev/null
DOENERS_ADMIN_PASSWORD=$A11Y_PASSWORD "$bin" admin create --email vlaanderen@doeners.example >/dev/null
"$bin" serve >"$work/server.log" 2>&1 &
pid=$!
base=
for _ in $(seq 1 240); do
  base=$(grep -o 'listening on http://[0-9.:]*' "$work/server.log" | head -n 1 | sed 's/listening on //' || true)
  [ -n "$base" ] && break
  sleep 0.5
done
[ -n "$base" ] || { cat "$work/server.log"; echo "a11y: the server did not start" >&2; exit 1; }
A11Y_MAIL_DIR=$work/data/mail node scripts/a11y/check.mjs "$base"
