#!/usr/bin/env bash
# bench_pg.sh — stage: store (PostgreSQL). Load and dyad-query throughput of
# the same GDELT-shaped data on SQLite, on one PostgreSQL server, and on a
# coordinator with one and with two shard servers (scripts/pg-shard), side by
# side in one run, for each size given.
#
#   bench/bench_pg.sh [ROWS...]        default: 1000000
#   BUILD=build SHARDS="1 2" WORK=/tmp/parley-bench-pg bench/bench_pg.sh 1000000 10000000
#
# Data: bench/gen_gdelt, GDELT 2.0 rows over 10 years (2015-2024). Load:
# `parley import gdelt` (batches of 20 000 rows; SQLite: prepared inserts in
# WAL mode; PostgreSQL: COPY per batch), wall-clock rows/s. Queries:
# bench/bench_pg_query (the ask stage's dyad SQL, cold and warm). Sizes: the
# SQLite file, pg_database_size of each database (shards: summed). Servers:
# throwaway ones from scripts/pg-test-server (fsync off: this measures the
# engines, not the disk), all on this machine; each size's data is dropped
# before the next size. Prints TSV; results go to bench/README.md by hand.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$src/build}
PARLEY=${PARLEY:-$BUILD/parley}
Q=$BUILD/bench/bench_pg_query
WORK=${WORK:-/tmp/parley-bench-pg}
SHARDS=${SHARDS-"1 2"} # SHARDS="" for none
S=$src/scripts/pg-test-server
[ -x "$PARLEY" ] && [ -x "$Q" ] || { echo "bench_pg: build first (cmake --build $BUILD)"; exit 1; }
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000)
mkdir -p "$WORK"
dirs=()
stop_all() { for d in "${dirs[@]}"; do "$S" destroy "$d" >/dev/null 2>&1 || true; done; }
trap stop_all EXIT
for name in single shard0 shard1; do
  d=$(mktemp -d "$WORK/$name.XXXXXX")
  dirs+=("$d")
  "$S" start "$d" >"$d/uri"
done
SINGLE=$(cat "${dirs[0]}/uri")
SH0=$(cat "${dirs[1]}/uri")
SH1=$(cat "${dirs[2]}/uri")
db_uri() { echo "${1%/*}/$2"; }
mkdb() { psql -X -q -d "$1" -c "DROP DATABASE IF EXISTS $2 WITH (FORCE)" -c "CREATE DATABASE $2" >/dev/null 2>&1; db_uri "$1" "$2"; }
dbsize() { psql -X -At -d "$1" -c "select pg_database_size(current_database())"; }
mb() { echo $(($1 / 1048576)); }

timed_load() { # DB FILE → prints "seconds rows/s"
  local t0 t1
  t0=$(date +%s.%N)
  "$PARLEY" import gdelt --db "$1" -q --batch 20000 "$2" >/dev/null
  t1=$(date +%s.%N)
  python3 -c "import sys; s=$t1-$t0; print('%.1f\t%.0f' % (s, $3 / s))"
}

printf 'rows\ttarget\tload_s\trows_per_s\tsize_MB\n' >"$WORK/load.tsv"
printf 'rows\tquestion\ttarget\tresult_rows\tcold_ms\tmedian_ms\tmin_ms\n' >"$WORK/query.tsv"
for n in "${sizes[@]}"; do
  f=$WORK/g$n.CSV
  echo "== $n rows: generating" >&2
  python3 "$src/bench/gen_gdelt" --rows "$n" --format 2 --seed 1 --start 20150101 --days 3652 --out "$f"
  rm -f "$WORK/s$n.db" "$WORK/s$n.db-wal" "$WORK/s$n.db-shm"
  echo "== $n rows: SQLite" >&2
  r=$(timed_load "$WORK/s$n.db" "$f" "$n")
  printf '%s\tsqlite\t%s\t%s\n' "$n" "$r" "$(mb "$(stat -c %s "$WORK/s$n.db")")" >>"$WORK/load.tsv"
  echo "== $n rows: PostgreSQL, one server" >&2
  P=$(mkdb "$SINGLE" "b$n")
  r=$(timed_load "$P" "$f" "$n")
  psql -X -q -d "$P" -c "vacuum analyze" >/dev/null
  printf '%s\tpostgresql\t%s\t%s\n' "$n" "$r" "$(mb "$(dbsize "$P")")" >>"$WORK/load.tsv"
  "$Q" "$WORK/s$n.db" "$WORK/s$n.db" | sed "s/^/$n\t/" >>"$WORK/query.tsv"
  "$Q" "$WORK/s$n.db" "$P" | sed "s/^/$n\t/" >>"$WORK/query.tsv"
  psql -X -q -d "$SINGLE" -c "DROP DATABASE b$n WITH (FORCE)" >/dev/null
  for k in $SHARDS; do
    echo "== $n rows: PostgreSQL, coordinator + $k shard(s)" >&2
    C=$(mkdb "$SINGLE" "c$n")
    s0=$(mkdb "$SH0" "s$n")
    shards=("$s0")
    [ "$k" -ge 2 ] && shards+=("$(mkdb "$SH1" "s$n")")
    "$src/scripts/pg-shard" setup "$C" "${shards[@]}" --from 2015 --to 2025 --step 1 >/dev/null
    r=$(timed_load "$C" "$f" "$n")
    for s in "${shards[@]}"; do psql -X -q -d "$s" -c "vacuum analyze" >/dev/null; done
    psql -X -q -d "$C" -c "analyze" >/dev/null
    size=$(dbsize "$C")
    for s in "${shards[@]}"; do size=$((size + $(dbsize "$s"))); done
    printf '%s\t%s shard(s)\t%s\t%s\n' "$n" "$k" "$r" "$(mb "$size")" >>"$WORK/load.tsv"
    "$Q" "$WORK/s$n.db" "$C" | sed "s/^/$n\t/; s/(sharded)/($k shard(s))/" >>"$WORK/query.tsv"
    psql -X -q -d "$SINGLE" -c "DROP DATABASE c$n WITH (FORCE)" >/dev/null
    psql -X -q -d "$SH0" -c "DROP DATABASE s$n WITH (FORCE)" >/dev/null
    [ "$k" -ge 2 ] && psql -X -q -d "$SH1" -c "DROP DATABASE s$n WITH (FORCE)" >/dev/null
  done
  rm -f "$f" "$WORK/s$n.db" "$WORK/s$n.db-wal" "$WORK/s$n.db-shm"
done
echo "== load"
column -t -s $'\t' "$WORK/load.tsv"
echo "== dyad questions"
column -t -s $'\t' "$WORK/query.tsv"
