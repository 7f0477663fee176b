# lib.sh — stage: store. Sourced by the PostgreSQL e2e tests (tests/e2e/pg_*.sh).
#
# pg_begin NAME   makes sure a PostgreSQL server is there and sets PG_URI to
#                 a new, empty database "parley_NAME" on it:
#                 - $PARLEY_PG_URI (a superuser URI, e.g. the server .ci/run
#                   starts) when set;
#                 - else, with $PARLEY_PG_LOCAL=1 or $PARLEY_PG_REQUIRED=1, a
#                   throwaway server started with scripts/pg-test-server in
#                   /tmp/parley-pg-NAME.*, destroyed when the test exits;
#                 - else the test is skipped (exit 0 with "SKIP"), so that a
#                   plain ctest run does not start servers. $PARLEY_PG_REQUIRED=1
#                   (CI's PostgreSQL stage) turns a missing server into a failure.
# pg_db NAME      prints the URI of a new empty database NAME on the same server.
# pg_sql URI SQL  runs SQL with psql (unaligned, no header) and prints the rows.
# check NAME EXPECTED ACTUAL   prints ok/FAIL and records failures in $fail.

: "${PARLEY:?}" "${PARLEY_SRC:?}"
PARLEY_TMP=${PARLEY_TMP:-/tmp}
mkdir -p "$PARLEY_TMP"
# Server folders go under /tmp: the server runs as the unprivileged "postgres"
# user when we are root, and must be able to reach its folder (a checkout
# under /root would not be).
PG_TMP=${PG_TMP:-/tmp}
fail=0
PG_SERVER_DIR=

check() {
  if [ "$2" != "$3" ]; then
    echo "FAIL $1: expected [$2], got [$3]"
    fail=1
  else
    echo "ok   $1"
  fi
}

pg_sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

pg_uri_with_db() { # URI DBNAME → the same server, another database
  local base=${1%%\?*} query=
  [ "$base" != "$1" ] && query="?${1#*\?}"
  echo "${base%/*}/$2$query"
}

pg_db() {
  local name=$1
  pg_sql "$PG_ADMIN_URI" "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true
  pg_sql "$PG_ADMIN_URI" "CREATE DATABASE $name" >/dev/null
  pg_uri_with_db "$PG_ADMIN_URI" "$name"
}

pg_stop_own() {
  if [ -n "$PG_SERVER_DIR" ]; then
    "$PARLEY_SRC/scripts/pg-test-server" destroy "$PG_SERVER_DIR" >/dev/null 2>&1 || true
  fi
}

pg_begin() {
  local name=$1
  command -v psql >/dev/null || {
    [ "${PARLEY_PG_REQUIRED:-0}" = 1 ] && { echo "FAIL: psql is not installed"; exit 1; }
    echo "SKIP: no psql (scripts/install-deps --with-postgresql)"; exit 0
  }
  if [ -n "${PARLEY_PG_URI:-}" ]; then
    PG_ADMIN_URI=$PARLEY_PG_URI
  elif [ "${PARLEY_PG_LOCAL:-0}" != 1 ] && [ "${PARLEY_PG_REQUIRED:-0}" != 1 ]; then
    echo "SKIP: no \$PARLEY_PG_URI (scripts/pg-test-server start DIR prints one) and PARLEY_PG_LOCAL is not 1"
    exit 0
  else
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${PG_BIN:-}" ]; then
      [ "${PARLEY_PG_REQUIRED:-0}" = 1 ] && { echo "FAIL: no PostgreSQL server installed"; exit 1; }
      echo "SKIP: no PostgreSQL server (scripts/install-deps --with-postgresql) and no \$PARLEY_PG_URI"
      exit 0
    fi
    PG_SERVER_DIR=$(mktemp -d "$PG_TMP/parley-pg-$name.XXXXXX")
    trap pg_stop_own EXIT
    PG_ADMIN_URI=$("$PARLEY_SRC/scripts/pg-test-server" start "$PG_SERVER_DIR") || { echo "FAIL: no server"; exit 1; }
  fi
  PG_URI=$(pg_db "parley_$name")
  export PG_URI PG_ADMIN_URI
}
