#!/usr/bin/env bash
# pg_errors.sh — stage: store. PostgreSQL failures give clear messages and
# lose nothing: a refused connection, a wrong password, a missing database,
# a read-only replica (a real hot standby made with pg_basebackup), a
# database that is not parley's, and a server that goes away in the middle
# of a load (stopped with pg_ctl -m immediate): the load fails saying so,
# keeps its committed batches, and the same command run again after the
# restart stores exactly the rest (no duplicates, the same ids as an
# uninterrupted load). Starts its own servers (it stops them), so it needs
# the PostgreSQL server binaries; skipped without them (not in CI).
set -euo pipefail
. "$PARLEY_SRC/tests/pg/lib.sh"
# This test stops and restarts its server: never a shared one.
if [ -n "${PARLEY_PG_URI:-}" ]; then PARLEY_PG_LOCAL=1; fi
unset PARLEY_PG_URI
pg_begin errors
S=$PARLEY_SRC/scripts/pg-test-server
dir="$PARLEY_TMP/pg_errors"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
D=$PARLEY_SRC/tests/data
port=$(sed -E 's|.*:([0-9]+)/.*|\1|' <<<"$PG_URI")

expect_fail() { # NAME PATTERN COMMAND...
  local name=$1 pat=$2
  shift 2
  set +e
  out=$("$@" 2>&1)
  local rc=$?
  set -e
  if [ $rc -eq 1 ] && grep -q -- "$pat" <<<"$out"; then
    echo "ok   $name: $(head -1 <<<"$out")"
  else
    echo "FAIL $name: exit $rc, expected /$pat/: $out"
    fail=1
  fi
}

free=$("$S" free-port)
expect_fail "refused" "cannot connect to the PostgreSQL server.*127.0.0.1.*$free" \
  "$PARLEY" import icews --db "postgresql://parley@127.0.0.1:$free/parley" -q "$D/store/icews_synthetic.tab"
expect_fail "wrong password" "authentication failed" \
  "$PARLEY" import icews --db "postgresql://parley:wrong@127.0.0.1:$port/parley_errors" -q "$D/store/icews_synthetic.tab"
if grep -q "wrong" <<<"$out"; then echo "FAIL the password is printed"; fail=1; fi
expect_fail "no such database" 'database "nope" does not exist' \
  "$PARLEY" import icews --db "postgresql://parley:parley@127.0.0.1:$port/nope" -q "$D/store/icews_synthetic.tab"
OTHER=$(pg_db other_app)
pg_sql "$OTHER" "create table invoices (id int)"
expect_fail "not a parley database" "not a parley database" \
  "$PARLEY" import icews --db "$OTHER" -q "$D/store/icews_synthetic.tab"

# A hot standby of the server: writes are refused with a message saying so
"$PARLEY" import icews --db "$PG_URI" -q "$D/store/icews_synthetic.tab" >/dev/null 2>&1 || true
rep=$(mktemp -d "$PG_TMP/parley-pg-replica.XXXXXX")
if [ "$(id -u)" -eq 0 ]; then chown postgres "$rep"; RUN="runuser -u postgres --"; else RUN=""; fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
rport=$("$S" free-port)
$RUN env PGPASSWORD=parley "$bin/pg_basebackup" -h 127.0.0.1 -p "$port" -U parley -D "$rep/data" -R -X stream -c fast \
  >/dev/null 2>&1 && echo "$rport" > "$rep/port.txt"
if [ -s "$rep/port.txt" ]; then
  $RUN sed -i "s|^unix_socket_directories.*|unix_socket_directories = '$rep'|" "$rep/data/postgresql.conf"
  $RUN "$bin/pg_ctl" -D "$rep/data" -l "$rep/server.log" -o "-p $rport" -w -t 60 start >/dev/null
  trap '$RUN "$bin/pg_ctl" -D "$rep/data" -m immediate stop >/dev/null 2>&1; rm -rf "$rep"; pg_stop_own' EXIT
  RURI="postgresql://parley:parley@127.0.0.1:$rport/parley_errors"
  check "replica is in recovery" "t" "$(pg_sql "$RURI" "select pg_is_in_recovery()")"
  expect_fail "read-only replica" "read-only replica" "$PARLEY" import acled --db "$RURI" -q "$D/store/acled_synthetic.csv"
  check "replica has the primary's rows" "4" "$(pg_sql "$RURI" "select count(*) from events where origin='icews'")"
  $RUN "$bin/pg_ctl" -D "$rep/data" -m fast -w stop >/dev/null
  rm -rf "$rep"
  trap pg_stop_own EXIT
else
  echo "FAIL: pg_basebackup could not make a replica"
  fail=1
fi

# The server goes away in the middle of a load
python3 "$PARLEY_SRC/bench/gen_gdelt" --rows 120000 --format 2 --seed 11 --out big.CSV
"$PARLEY" import gdelt --db ref.db -q --batch 2000 big.CSV >/dev/null # the uninterrupted load, for the ids
set +e
"$PARLEY" import gdelt --db "$PG_URI" -q --batch 2000 big.CSV > load1.out 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  n=$(pg_sql "$PG_URI" "select count(*) from events where origin='gdelt2'" 2>/dev/null || echo 0)
  [ "${n:-0}" -gt 0 ] && break
  sleep 0.1
done
"$S" stop "$PG_SERVER_DIR" >/dev/null 2>&1 || true # pg_ctl -m fast: the load's session is ended at once
wait $pid
rc=$?
set -e
cat load1.out
check "interrupted load exits 1" "1" "$rc"
grep -q "lost the connection to the PostgreSQL server" load1.out && echo "ok   interrupted load says why" ||
  { echo "FAIL interrupted load message"; fail=1; }
"$S" start "$PG_SERVER_DIR" "$port" >/dev/null
kept=$(pg_sql "$PG_URI" "select count(*) from events where origin='gdelt2'")
echo "     committed before the server went away: $kept of 120000"
[ "$kept" -gt 0 ] && [ "$kept" -lt 120000 ] && echo "ok   the load was interrupted mid-way" ||
  { echo "FAIL the load was not interrupted mid-way ($kept rows)"; fail=1; }
out=$("$PARLEY" import gdelt --db "$PG_URI" -q --batch 2000 big.CSV 2>&1)
echo "$out"
grep -q "$((120000 - kept)) stored, $kept already present" <<<"$out" && echo "ok   resumed: the rest stored" ||
  { echo "FAIL resumed load counts"; fail=1; }
check "rows after resume" "120000 120000" \
  "$(pg_sql "$PG_URI" "select count(*) || ' ' || count(distinct event_key) from events where origin='gdelt2'")"
check "same ids and rows as an uninterrupted load" "0" \
  "$(python3 - ref.db "$PG_URI" <<'PY'
import json, sqlite3, subprocess, sys
a = sqlite3.connect(sys.argv[1]).execute("select id, event_key from events order by id").fetchall()
b = subprocess.run(["psql", "-X", "-At", "-d", sys.argv[2], "-F", "|", "-c",
                    "select id, event_key from events where origin='gdelt2' order by id"],
                   capture_output=True, text=True, check=True).stdout.split("\n")
b = [tuple(x.split("|")) for x in b if x]
first = min(int(j) for j, _ in b)
b = [(int(i) - first + 1, k) for i, k in b]
print(sum(1 for x, y in zip(a, b) if x != y) + abs(len(a) - len(b)))
PY
)"
exit $fail
