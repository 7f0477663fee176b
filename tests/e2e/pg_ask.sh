#!/usr/bin/env bash
# pg_ask.sh — stage: store (PostgreSQL). The ask stage's SQL answers the same
# on PostgreSQL: the same data is stored on SQLite and on PostgreSQL (coded
# documents with claims and groups, the ask fixture's documents, GDELT 1.0 and
# 2.0 samples, 5 000 generated GDELT rows, ICEWS, ACLED), then
# tests/pg/test_pg_ask_sql captures every statement the ask questions issue on
# SQLite and runs each through the backend-neutral query interface on both
# databases, comparing the rows. (The ask commands themselves still open
# SQLite only: see docs/scale-out.md, "The ask stage on PostgreSQL".)
set -euo pipefail
. "$PARLEY_SRC/tests/pg/lib.sh"
pg_begin ask
bin=$(dirname "$PARLEY")/tests/pg/test_pg_ask_sql
[ -x "$bin" ] || { echo "FAIL: $bin not built (libpq missing?)"; exit 1; }
dir="$PARLEY_TMP/pg_ask"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
D=$PARLEY_SRC/tests/data
export PARLEY_DICT=$PARLEY_SRC/dict
python3 "$PARLEY_SRC/bench/gen_gdelt" --rows 5000 --format 2 --seed 3 --out gen.CSV
for db in s.db "$PG_URI"; do
  {
    "$PARLEY" add --db "$db" -q "$PARLEY_SRC/examples/zh-dense-diplomacy-2025.txt" "$D/read/en-wire.txt" \
      "$D/read/records.jsonl" "$D/read/article.html"
    "$PARLEY" import gdelt --db "$db" -q "$D/store/gdelt2_20191024143000.sample.CSV" "$D/store/gdelt1_20160728.sample.tsv" gen.CSV
    "$PARLEY" import icews --db "$db" -q "$D/store/icews_synthetic.tab"
    "$PARLEY" import acled --db "$db" -q "$D/store/acled_synthetic.csv"
  } >/dev/null 2>&1 || true
done
# documents.added_at is the wall clock of each store's own run: make it equal
sqlite3 s.db "update documents set added_at = '2000-01-01T00:00:00Z'"
pg_sql "$PG_URI" "update documents set added_at = '2000-01-01T00:00:00Z'"
python3 "$PARLEY_SRC/tests/pg/compare_stores.py" s.db "$PG_URI" events event_groups claims dyad_day >/dev/null ||
  { echo "FAIL: the two stores differ before the ask statements run"; exit 1; }
"$bin" s.db "$PG_URI"
