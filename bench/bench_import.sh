#!/usr/bin/env bash
# bench_import.sh — stage 3 (store): GDELT import throughput of `parley import gdelt` against
# sqlite3's own `.import` of the same file and against pandas (read_csv + to_sql into SQLite),
# in the same run, on a GDELT 2.0-shaped file made by bench/gen_gdelt.
#   bench/bench_import.sh [ROWS [PARLEY_BINARY]]        (defaults: 1000000, build/parley)
# pandas is optional: the script says how to install it (python3-pandas, Debian) when missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rows=${1:-1000000}
parley=${2:-${PARLEY:-$here/../build/parley}}
work=${BENCH_TMP:-/tmp/parley-bench-import}
rm -rf "$work" && mkdir -p "$work"
[ -x "$parley" ] || { echo "bench_import: no parley binary at $parley (build first, or pass its path)"; exit 2; }
command -v sqlite3 > /dev/null || { echo "bench_import: needs the sqlite3 command (apt-get install sqlite3)"; exit 2; }
now() { date +%s.%N; }
# CPU seconds (user + sys) of a command: less sensitive than wall time to a busy machine.
cpu() { local f=$work/cpu.$$; /usr/bin/time -f "%U %S" -o "$f" "$@" >> "$work/commands.out"; awk '{ printf "%.2f", $1 + $2 }' "$f"; }
rate() { awk -v r="$rows" -v t="$1" 'BEGIN { printf "%8.2f s  %9.0f rows/s", t, r / t }'; }

echo "generating $rows GDELT 2.0 rows ..."
"$here/gen_gdelt" --rows "$rows" --format 2 --seed 1 --out "$work/g.CSV"
size=$(du -m "$work/g.CSV" | cut -f1)
cat "$work/g.CSV" > /dev/null # warm the page cache for every contender

t0=$(now)
c_parley=$(cpu "$parley" import gdelt --db "$work/parley.db" -q "$work/g.CSV")
t_parley=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')
n=$(sqlite3 "$work/parley.db" "select count(*) from events")
[ "$n" = "$rows" ] || { echo "bench_import: parley stored $n rows, not $rows"; exit 1; }

# sqlite3 .import: one table of 61 TEXT columns, no index, no parsing of values.
cols=$(seq 1 61 | sed 's/^/c/' | paste -sd, -)
sqlite3 "$work/sqlite.db" "PRAGMA journal_mode = WAL; CREATE TABLE g($cols);" > /dev/null
t0=$(now)
c_sqlite=$(cpu sqlite3 "$work/sqlite.db" -cmd ".mode tabs" ".import $work/g.CSV g")
t_sqlite=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')

# the same plus the store's indexes on the equivalent columns (same work on the index side)
sqlite3 "$work/sqlite_idx.db" "PRAGMA journal_mode = WAL; CREATE TABLE g($cols);
  CREATE INDEX g1 ON g(c8, c18, c2); CREATE INDEX g2 ON g(c6, c16, c2); CREATE INDEX g3 ON g(c2);
  CREATE UNIQUE INDEX g4 ON g(c1);" > /dev/null
t0=$(now)
c_sqlite_idx=$(cpu sqlite3 "$work/sqlite_idx.db" -cmd ".mode tabs" ".import $work/g.CSV g")
t_sqlite_idx=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')

t_pandas=""
py=""
for p in python3 /usr/bin/python3; do # Debian's python3-pandas is for /usr/bin/python3
  if command -v "$p" > /dev/null && "$p" -c "import pandas" 2> /dev/null; then py=$p; break; fi
done
if [ -n "$py" ]; then
  t_pandas=$("$py" - "$work/g.CSV" "$work/pandas.db" <<'PY'
import sqlite3, sys, time
import pandas as pd
t0 = time.time()
con = sqlite3.connect(sys.argv[2])
for chunk in pd.read_csv(sys.argv[1], sep="\t", header=None, dtype=str, keep_default_na=False,
                         quoting=3, chunksize=200000):
    chunk.columns = ["c%d" % (i + 1) for i in range(chunk.shape[1])]
    chunk.to_sql("g", con, if_exists="append", index=False)
con.commit()
con.close()
print("%.2f" % (time.time() - t0))
PY
)
else
  echo "note: pandas is not installed: 'apt-get install python3-pandas' (Debian) to compare with it"
fi

# End to end, as the issue asks: the file → one dyad-by-month answer. parley: the
# import above plus `parley dyad A B --by month` on the busiest country pair;
# pandas: read_csv of the whole file (dtypes inferred, as an analyst would) and the
# same group-by (month, direction, quad class: events, Goldstein sum and mean).
pair=$(sqlite3 -separator ' ' "$work/parley.db" "select source_country, target_country from events
  where source_country <> '' and target_country <> '' group by 1, 2 order by count(*) desc limit 1")
set -- $pair
t0=$(now)
"$parley" dyad --db "$work/parley.db" --by month -f tsv "$1" "$2" > "$work/dyad.tsv"
t_dyad=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')
t_e2e_parley=$(awk -v a="$t_parley" -v b="$t_dyad" 'BEGIN { print a + b }')
t_e2e_pandas=""
if [ -n "$py" ]; then
  t_e2e_pandas=$("$py" - "$work/g.CSV" "$1" "$2" <<'PY'
import sys, time
import pandas as pd
t0 = time.time()
df = pd.read_csv(sys.argv[1], sep="\t", header=None, quoting=3, low_memory=False)
a, b = sys.argv[2], sys.argv[3]
s1, s2 = df[7], df[17]  # Actor1CountryCode, Actor2CountryCode
sub = df[((s1 == a) & (s2 == b)) | ((s1 == b) & (s2 == a))]
out = sub.groupby([sub[2], sub[7], sub[29]])[30].agg(["size", "sum", "mean"])  # MonthYear, source, QuadClass; Goldstein
assert len(out) > 0
print("%.2f" % (time.time() - t0))
PY
)
fi

echo
echo "GDELT 2.0 import, $rows rows, $size MB ($(nproc) cores, sqlite $(sqlite3 --version | cut -d' ' -f1))"
echo "  (wall time, rows/s, CPU seconds)"
echo "  parley import gdelt            $(rate "$t_parley")  cpu ${c_parley} s   typed columns + extra_json, $(sqlite3 "$work/parley.db" "select count(*) from sqlite_master where type='index' and tbl_name='events'") indexes, dyad_day rollup"
echo "  sqlite3 .import (no index)     $(rate "$t_sqlite")  cpu ${c_sqlite} s   61 text columns"
echo "  sqlite3 .import (4 indexes)    $(rate "$t_sqlite_idx")  cpu ${c_sqlite_idx} s   61 text columns"
if [ -n "$t_pandas" ]; then
  echo "  pandas read_csv + to_sql       $(rate "$t_pandas")   61 text columns, no index"
fi
echo "End to end: the file -> $1-$2 events by month, quad class and direction"
echo "  parley import + parley dyad    $(rate "$t_e2e_parley")   (the question alone: $(awk -v t="$t_dyad" 'BEGIN { printf "%.3f", t }') s; each further question costs only that)"
if [ -n "$t_e2e_pandas" ]; then
  echo "  pandas read_csv + group-by     $(rate "$t_e2e_pandas")   (each further question in a new session reads the file again)"
  awk -v p="$t_e2e_parley" -v q="$t_e2e_pandas" 'BEGIN { printf "  end to end, parley speed / pandas speed: %.2f (target: at least 3)\n", q / p }'
fi
awk -v p="$t_parley" -v q="$t_sqlite" 'BEGIN { printf "  import, parley speed / sqlite3 .import speed (no index): %.2f (target: at least 1)\n", q / p }' 
ls -la "$work"/*.db | awk '{printf "  %-40s %6.0f MB\n", $NF, $5 / 1048576}'
