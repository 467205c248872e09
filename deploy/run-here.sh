#!/usr/bin/env bash
# The path of deploy/README.md ("From nothing to a running platform") run on this machine without systemd:
# PostgreSQL databases for the five provinces and the federation, the settings of systemd/doeners.env.example,
# `doeners migrate` and a first administrator, two `doeners serve` processes as the unit starts them (ports
# 8081 and 8082, their own search indexes), and the nginx site nginx/doeners.conf in front with a self-signed
# certificate for the six host names. Then it asks, over HTTPS through nginx, every province on its own host
# name and on the shared address, and checks that one process going away is no outage. It stops everything
# it started and drops its databases.
#
#   sudo deploy/run-here.sh      # needs root (nginx on ports 80 and 443), nginx, openssl, curl, psql
#   HTTP_PORT=18080 HTTPS_PORT=18443 deploy/run-here.sh   # the site moved to other ports (as CI runs it)
#
# PG_SERVER defaults to postgres://postgres@127.0.0.1:5432; DOENERS_BIN to target/release/doeners, else
# target/debug/doeners. Demo data is seeded so that the portals have something to show.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=${DOENERS_BIN:-}
if [ -z "$bin" ]; then
  for b in target/release/doeners target/debug/doeners; do [ -x "$b" ] && bin=$b && break; done
fi
[ -n "$bin" ] || { cargo build --release --bin doeners && bin=target/release/doeners; }
pg_server=${PG_SERVER:-postgres://postgres@127.0.0.1:5432}
http_port=${HTTP_PORT:-80}
https_port=${HTTPS_PORT:-443}
export PGOPTIONS='--client-min-messages=warning'
slugs=(antwerpen limburg oost-vlaanderen vlaams-brabant west-vlaanderen)

work=$(mktemp -d)
pids=()
nginx_pid=
cleanup() {
  [ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for name in federation "${slugs[@]}"; do
    psql -q "$pg_server/postgres" -c "DROP DATABASE IF EXISTS doeners_here_${name//-/_} WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "run-here: $*" >&2; tail -n 20 "$work"/*.log >&2 || true; exit 1; }

# 1. The databases.
for name in federation "${slugs[@]}"; do
  db=doeners_here_${name//-/_}
  psql -q "$pg_server/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
done

# 2-3. The settings file, as an operator fills it in (passwords and SMTP aside), and what the unit sets.
sed -e "s#postgres://doeners:CHANGE-ME@127.0.0.1:5432/doeners_#$pg_server/doeners_here_#" \
    -e 's#^DOENERS__MAIL__SMTP_URL=.*#DOENERS__MAIL__SMTP_URL=#' \
    -e "s#^DOENERS__DATA_DIR=.*#DOENERS__DATA_DIR=$work/data#" \
    -e "s#^DOENERS__TENANTS_DIR=.*#DOENERS__TENANTS_DIR=$root/tenants#" \
    deploy/systemd/doeners.env.example | grep -v '^#' | grep . >"$work/doeners.env"
set -a
# shellcheck disable=SC1091
. "$work/doeners.env"
set +a
export NO_COLOR=1 DOENERS__LOG__FORMAT=json
"$bin" migrate >"$work/migrate.log" 2>&1 || fail "migrate"
"$bin" seed --demo >>"$work/migrate.log" 2>&1 || fail "seed"
DOENERS_ADMIN_PASSWORD='beheer van de provincie limburg' "$bin" admin create --province limburg \
  --email beheer@limburg.example >>"$work/migrate.log" 2>&1 || fail "admin create"

# 4. Two processes, as doeners@8081 and doeners@8082 start them.
for port in 8081 8082; do
  DOENERS__SERVER__ADDR=127.0.0.1:$port DOENERS__SERVER__METRICS_ADDR=127.0.0.1:1$port \
    DOENERS__SEARCH__INDEX_DIR=$work/data/search-index-$port "$bin" serve >"$work/node-$port.log" 2>&1 &
  pids+=($!)
done
for port in 8081 8082; do
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.5
  done
  curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" || fail "the process on $port did not start"
done

# 5. nginx with the site as it is, its certificate self-signed for the six names.
mkdir -p "$work/ssl" "$work/nginx" "$work/acme"
names=(doeners.be "${slugs[@]/%/.doeners.be}")
san=$(printf 'DNS:%s,' "${names[@]}")
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=doeners.be -addext "subjectAltName=${san%,}" \
  -keyout "$work/ssl/doeners.be.key" -out "$work/ssl/doeners.be.crt" 2>/dev/null
sed -e "s#/etc/ssl/doeners/#$work/ssl/#" -e "s#/var/www/acme#$work/acme#" \
    -e "s#listen 80;#listen $http_port;#; s#listen \[::\]:80;#listen [::]:$http_port;#" \
    -e "s#listen 443 ssl#listen $https_port ssl#; s#listen \[::\]:443 ssl#listen [::]:$https_port ssl#" \
    deploy/nginx/doeners.conf >"$work/nginx/site.conf"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  include $work/nginx/site.conf;
}
EOF
nginx -t -c "$work/nginx/nginx.conf" -p "$work/nginx" 2>"$work/nginx-test.log" || fail "nginx -t: $(cat "$work/nginx-test.log")"
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -g 'daemon off;' 2>>"$work/nginx.log" &
nginx_pid=$!
for _ in $(seq 1 50); do curl -sk -o /dev/null "https://127.0.0.1:$https_port/" 2>/dev/null && break; sleep 0.1; done

ask() { # host path scheme -> status, the body in $work/body
  local port=$https_port
  [ "$3" = http ] && port=$http_port
  curl -sk --resolve "$1:$port:127.0.0.1" -o "$work/body" -w '%{http_code}' "$3://$1:$port$2" || true
}
checks=0
expect() { # what status host path scheme text
  local what=$1 status=$2 host=$3 path=$4 scheme=$5 text=$6 got
  got=$(ask "$host" "$path" "$scheme")
  [ "$got" = "$status" ] || fail "$what: $scheme://$host$path answered $got, not $status"
  [ -z "$text" ] || grep -q -- "$text" "$work/body" || fail "$what: $scheme://$host$path does not say '$text'"
  checks=$((checks + 1))
}

for slug in "${slugs[@]}"; do
  display=$(grep '^display_name' "tenants/$slug.toml" | sed 's/.*= *"//; s/"$//')
  expect "$slug on its own host" 200 "$slug.doeners.be" / https "$display"
  expect "$slug's search on its own host" 200 "$slug.doeners.be" '/zoeken?q=verpakken' https 'href="/organisaties/'
  expect "$slug on the shared address" 200 doeners.be "/$slug/" https "$display"
done
expect "Flanders" 200 doeners.be / https 'De provincies'
expect "plain HTTP" 301 limburg.doeners.be / http ''
expect "the metrics stay inside" 404 doeners.be /metrics https ''
expect "readiness" 200 doeners.be /readyz https '"status":"ok"'

# A process going away is no outage: nginx skips it.
kill "${pids[0]}"
wait "${pids[0]}" 2>/dev/null || true
for _ in 1 2 3 4; do
  expect "limburg with one process left" 200 limburg.doeners.be / https 'Provincie Limburg'
done
echo "run-here: $checks checks passed: five provinces on their own host names and on doeners.be over HTTPS through nginx, two processes on PostgreSQL, one stopped without an outage"
