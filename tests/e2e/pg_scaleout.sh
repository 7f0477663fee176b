#!/usr/bin/env bash
# pg_scaleout.sh — stage: store (PostgreSQL scale-out). A coordinator and two
# shard servers on loopback ports, set up with scripts/pg-shard (events
# partitioned by time range, then by hash of the dyad, partitions on the
# shards through postgres_fdw). The same coded documents and 20 000
# generated GDELT rows over 2014-2024 are stored on SQLite and through the
# coordinator; then:
#   - the events land on both shards, none on the coordinator, ids unique;
#   - every SQL statement of the ask questions answers on the coordinator as
#     on SQLite (tests/pg/test_pg_ask_sql), and dyad aggregates are pushed
#     down to the shards (partitionwise aggregation, async foreign scans);
#   - a re-import through the coordinator stores nothing new;
#   - `parley admin shard add` (one shard, then a second) lays out a second
#     coordinator exactly as scripts/pg-shard does; loaded through it, the
#     ask commands and the report answer as on SQLite; a loaded coordinator
#     is not laid out again;
#   - with shard 1 stopped, questions needing its rows fail with an error
#     naming it (never a partial total), a dyad held by shard 0 alone still
#     answers exactly, and a load fails saying a shard is unreachable.
set -euo pipefail
. "$PARLEY_SRC/tests/pg/lib.sh"
pg_begin scaleout # the coordinator database (on $PARLEY_PG_URI's server, or its own)
S=$PARLEY_SRC/scripts/pg-test-server
if [ "${PARLEY_PG_LOCAL:-0}" != 1 ] && [ "${PARLEY_PG_REQUIRED:-0}" != 1 ] && [ -z "${PARLEY_PG_URI:-}" ]; then
  echo "SKIP: the shard servers are started only with PARLEY_PG_LOCAL=1, PARLEY_PG_REQUIRED=1 or \$PARLEY_PG_URI"
  exit 0
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  [ "${PARLEY_PG_REQUIRED:-0}" = 1 ] && { echo "FAIL: the shard servers need the PostgreSQL server binaries"; exit 1; }
  echo "SKIP: no PostgreSQL server binaries for the shard servers"
  exit 0
fi
bin=$(dirname "$PARLEY")/tests/pg/test_pg_ask_sql
dir="$PARLEY_TMP/pg_scaleout"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
shard_dirs=()
cleanup() {
  for d in "${shard_dirs[@]}"; do "$S" destroy "$d" >/dev/null 2>&1 || true; done
  pg_stop_own
}
trap cleanup EXIT
SH=()
for i in 0 1; do
  d=$(mktemp -d "$PG_TMP/parley-pg-shard$i.XXXXXX")
  shard_dirs+=("$d")
  SH+=("$("$S" start "$d")")
done
COORD=$PG_URI
"$PARLEY_SRC/scripts/pg-shard" setup "$COORD" "${SH[@]}" --from 2010 --to 2030 --step 2
check "events is partitioned" "p" "$(pg_sql "$COORD" "select relkind from pg_class where oid = 'events'::regclass")"

export PARLEY_DICT=$PARLEY_SRC/dict
D=$PARLEY_SRC/tests/data
python3 "$PARLEY_SRC/bench/gen_gdelt" --rows 20000 --format 2 --seed 5 --start 20140101 --days 4000 --out gen.CSV
for db in s.db "$COORD"; do
  {
    "$PARLEY" add --db "$db" -q "$PARLEY_SRC/examples/zh-dense-diplomacy-2025.txt" "$D/read/en-wire.txt"
    "$PARLEY" import gdelt --db "$db" -q --batch 4000 gen.CSV "$D/store/gdelt2_20191024143000.sample.CSV"
  } > "load-$([ "$db" = s.db ] && echo sqlite || echo pg).out" 2>&1 || true
done
diff <(sed 's/ ([0-9.]* s.*//; s|^s.db: ||' load-sqlite.out) <(sed "s/ ([0-9.]* s.*//; s|^$COORD: ||" load-pg.out) &&
  echo "ok   the loads print the same" || { echo "FAIL the loads print differently"; fail=1; }
total=$(sqlite3 s.db "select count(*) from events")
check "events through the coordinator" "$total" "$(pg_sql "$COORD" "select count(*) from events")"
check "ids unique" "$total" "$(pg_sql "$COORD" "select count(distinct id) from events")"
n0=$(pg_sql "${SH[0]}" "select sum((xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %I', tablename), false, true, '')))[1]::text::bigint) from pg_tables where schemaname = 'public' and tablename like 'events_r%'")
n1=$(pg_sql "${SH[1]}" "select sum((xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %I', tablename), false, true, '')))[1]::text::bigint) from pg_tables where schemaname = 'public' and tablename like 'events_r%'")
echo "     shard 0 holds $n0 events, shard 1 holds $n1"
[ "$n0" -gt 1000 ] && [ "$n1" -gt 1000 ] && echo "ok   both shards hold events" || { echo "FAIL both shards"; fail=1; }
check "shard rows add up" "$total" "$((n0 + n1))"
check "nothing stored on the coordinator itself" "0" \
  "$(pg_sql "$COORD" "select count(*) from pg_inherits i join pg_class c on c.oid = i.inhrelid where c.relkind = 'r' and i.inhparent::regclass::text like 'events%'")"

# the ask stage's statements, on the coordinator, against SQLite. The
# coordinator has no dyad_day rollup (pg-shard drops it): without it the ask
# stage reads events (its has_rollup check), so SQLite's copy drops it too.
sqlite3 s.db "drop trigger events_dyad_day_insert; drop trigger events_dyad_day_delete;
  drop trigger events_dyad_day_update; drop table dyad_day"
sqlite3 s.db "update documents set added_at = '2000-01-01T00:00:00Z'"
pg_sql "$COORD" "update documents set added_at = '2000-01-01T00:00:00Z'"
"$bin" s.db "$COORD" > ask.out || { grep -v '^ok' ask.out; echo "FAIL the ask statements on the coordinator"; fail=1; }
tail -1 ask.out

# partitionwise: a dyad aggregate grouped by the partition keys (day, source
# and target country) is aggregated per partition (Append of aggregates, or
# aggregates run by the shards themselves), the shards scanned asynchronously
pg_sql "$COORD" "analyze events"
plan=$(pg_sql "$COORD" "explain (verbose) select source_country, target_country, day, root_code, count(*),
  sum(goldstein) from events where (source_country = 'USA' and target_country = 'CHN')
  or (source_country = 'CHN' and target_country = 'USA') group by 1, 2, 3, 4")
grep -q "Async Foreign Scan" <<<"$plan" && echo "ok   asynchronous foreign scans of the shards" ||
  { echo "FAIL no async foreign scans"; echo "$plan" | head -30; fail=1; }
if head -1 <<<"$plan" | grep -q "^Append" || grep -q "Relations: Aggregate on" <<<"$plan"; then
  echo "ok   partitionwise aggregation (per partition, below the Append)"
else
  echo "FAIL not partitionwise"; echo "$plan" | head -30; fail=1
fi

# re-import through the coordinator: all present
out=$("$PARLEY" import gdelt --db "$COORD" -q --force --batch 4000 gen.CSV 2>&1 || true)
grep -q "0 stored, 20000 already present" <<<"$out" && echo "ok   forced re-import: nothing new" ||
  { echo "FAIL forced re-import: $out"; fail=1; }

# parley admin shard add: the same layout through libpq, one shard at a time
# (a second coordinator, and a new database on each shard server)
COORD2=$(pg_db parley_scaleout_admin)
SH2=()
for i in 0 1; do
  pg_sql "${SH[$i]}" "DROP DATABASE IF EXISTS parley_admin WITH (FORCE)" >/dev/null 2>&1 || true
  pg_sql "${SH[$i]}" "CREATE DATABASE parley_admin" >/dev/null
  SH2+=("$(pg_uri_with_db "${SH[$i]}" parley_admin)")
done
out=$("$PARLEY" admin shard add --db "$COORD2" "${SH2[0]}" --from 2010 --to 2030 --step 2 2>&1) &&
  echo "ok   admin shard add (first shard): $out" || { echo "FAIL admin shard add: $out"; fail=1; }
out=$("$PARLEY" admin shard add --db "$COORD2" --from 2010 --to 2030 --step 2 "${SH2[1]}" 2>&1) &&
  echo "ok   admin shard add (second shard, laid out again): $out" || { echo "FAIL admin shard add: $out"; fail=1; }
grep -q "parley" <<<"$out" && ! grep -qE ':[^@/]*@' <<<"$out" || { echo "FAIL admin output shows a password: $out"; fail=1; }
layout() { pg_sql "$1" "select c.relname, c.relkind, coalesce(pg_get_expr(c.relpartbound, c.oid), ''),
  coalesce(s.srvname, '') from pg_class c left join pg_foreign_table f on f.ftrelid = c.oid
  left join pg_foreign_server s on s.oid = f.ftserver join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and (c.relname like 'events%' or c.relname like 'event_keys%' or c.relname = 'dyad_day')
  order by 1"; }
[ "$(layout "$COORD")" = "$(layout "$COORD2")" ] && echo "ok   admin shard add lays out what scripts/pg-shard does" ||
  { echo "FAIL layouts differ"; diff <(layout "$COORD") <(layout "$COORD2") | head -10; fail=1; }
{
  "$PARLEY" add --db "$COORD2" -q "$PARLEY_SRC/examples/zh-dense-diplomacy-2025.txt" "$D/read/en-wire.txt"
  "$PARLEY" import gdelt --db "$COORD2" -q --batch 4000 gen.CSV "$D/store/gdelt2_20191024143000.sample.CSV"
} >load-admin.out 2>&1 || { echo "FAIL load through the admin coordinator: $(tail -3 load-admin.out)"; fail=1; }
check "events through the admin coordinator" "$total" "$(pg_sql "$COORD2" "select count(*) from events")"
for i in 0 1; do
  n=$(pg_sql "${SH2[$i]}" "select sum((xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %I', tablename), false, true, '')))[1]::text::bigint) from pg_tables where schemaname = 'public' and tablename like 'events_r%'")
  [ "${n:-0}" -gt 1000 ] && echo "ok   shard $i of the admin layout holds $n events" || { echo "FAIL shard $i holds ${n:-0}"; fail=1; }
done
pg_sql "$COORD2" "update documents set added_at = '2000-01-01T00:00:00Z'"
# the ask commands and the report on the sharded coordinator answer as on SQLite
n_same=0
for c in "dyad USA CHN --by year -f json" "dyad USA RUS --by month -f tsv" "rhythm USA CHN -f json" \
  "compare USA CHN RUS GBR --by year -f json" "peak USA CHN --by quarter -f tsv" "partners USA -f json" \
  "claims --all -f json" "summary -f json" "events --count" "events USA CHN --limit 200 -f json" \
  "report USA RUS -q -o -"; do
  # shellcheck disable=SC2086
  a=$("$PARLEY" $c --db s.db 2>&1)
  # shellcheck disable=SC2086
  b=$("$PARLEY" $c --db "$COORD2" 2>&1)
  [ "$a" = "$b" ] && n_same=$((n_same + 1)) || { echo "FAIL parley $c: the sharded coordinator answers differently"; diff <(echo "$a") <(echo "$b") | head -6; fail=1; }
done
echo "ok   $n_same ask commands answer on the sharded coordinator as on SQLite"
# a loaded layout is not laid out again
set +e
out=$("$PARLEY" admin shard add --db "$COORD2" "$(pg_uri_with_db "${SH[0]}" postgres)" 2>&1)
rc=$?
set -e
[ $rc = 1 ] && grep -q 'holds rows' <<<"$out" && echo "ok   admin shard add on a loaded coordinator: refused: $out" ||
  { echo "FAIL admin shard add on a loaded coordinator: rc $rc: $out"; fail=1; }
check "nothing changed by the refusal" "$total" "$(pg_sql "$COORD2" "select count(*) from events")"

# one shard down
"$S" stop "${shard_dirs[1]}"
set +e
err=$(pg_sql "$COORD" "select count(*) from events" 2>&1)
rc=$?
set -e
[ $rc -ne 0 ] && grep -q 'shard_1' <<<"$err" && echo "ok   total with shard 1 down: an error naming it: $(head -1 <<<"$err")" ||
  { echo "FAIL total with a shard down: rc $rc: $err"; fail=1; }
# a dyad: which shard holds each direction depends on the hash; find one on shard 0 only
found=
for pair in USA:CHN CHN:USA USA:RUS RUS:USA GBR:USA USA:GBR FRA:DEU DEU:FRA JPN:CHN CHN:JPN IND:PAK PAK:IND; do
  a=${pair%%:*} b=${pair#*:}
  if got=$(pg_sql "$COORD" "select count(*) from events where source_country = '$a' and target_country = '$b'" 2>/dev/null); then
    check "dyad $a->$b (held by shard 0) still exact" "$(sqlite3 s.db "select count(*) from events where source_country = '$a' and target_country = '$b'")" "$got"
    found=1
  else
    set +e
    e=$(pg_sql "$COORD" "select count(*) from events where source_country = '$a' and target_country = '$b'" 2>&1)
    set -e
    grep -q shard_1 <<<"$e" || { echo "FAIL dyad $a->$b: error without the shard's name: $e"; fail=1; }
  fi
done
[ -n "$found" ] || { echo "FAIL: no dyad held by shard 0 alone among those tried"; fail=1; }
set +e
python3 "$PARLEY_SRC/bench/gen_gdelt" --rows 2000 --format 2 --seed 9 --start 20140101 --days 4000 \
  --first-id 900000000 --out new.CSV
out=$("$PARLEY" import gdelt --db "$COORD" -q new.CSV 2>&1)
rc=$?
set -e
[ $rc -eq 1 ] && grep -q 'shard server is unreachable.*shard_1' <<<"$out" &&
  echo "ok   a load with shard 1 down: $(grep unreachable <<<"$out" | head -1 | cut -c1-160)" ||
  { echo "FAIL load with a shard down: rc $rc: $out"; fail=1; }
"$S" start "${shard_dirs[1]}" "$(cat "${shard_dirs[1]}/port")" >/dev/null
check "back: the same total (the failed load stored nothing)" "$total" "$(pg_sql "$COORD" "select count(*) from events")"
out=$("$PARLEY" import gdelt --db "$COORD" -q new.CSV 2>&1)
grep -q "2000 stored, 0 already present" <<<"$out" && echo "ok   the load again, shard 1 back: all stored" ||
  { echo "FAIL the load again: $out"; fail=1; }
check "total after it" "$((total + 2000))" "$(pg_sql "$COORD" "select count(*) from events")"
exit $fail
