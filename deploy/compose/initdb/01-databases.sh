#!/usr/bin/env bash
# Run once by the postgres image, on its first start with an empty data volume: the role `doeners` and one
# database per province plus the federation's, each owned by that role. On PostgreSQL 15 the owner of a
# database owns its `public` schema too, so `doeners migrate` can create its tables there.
# The role's password comes from DOENERS_DB_PASSWORD (set in .env, see compose.yaml).
# The image runs this file when it is executable and sources it otherwise, so it sets no shell options beyond
# the image's own (-e, pipefail) and its variable names start with doeners_.
set -eo pipefail

: "${DOENERS_DB_PASSWORD:?DOENERS_DB_PASSWORD is not set}"

doeners_psql=(psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}")

# From standard input, so that psql puts the password in as a quoted literal (:'password').
"${doeners_psql[@]}" --set=password="$DOENERS_DB_PASSWORD" <<'SQL'
CREATE ROLE doeners LOGIN PASSWORD :'password';
SQL

for doeners_database in doeners_antwerpen doeners_limburg doeners_oost_vlaanderen doeners_vlaams_brabant \
    doeners_west_vlaanderen doeners_federation; do
  "${doeners_psql[@]}" <<SQL
CREATE DATABASE ${doeners_database} OWNER doeners;
REVOKE ALL ON DATABASE ${doeners_database} FROM PUBLIC;
SQL
  echo "01-databases.sh: ${doeners_database} created, owned by doeners"
done
