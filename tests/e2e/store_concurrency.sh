#!/usr/bin/env bash
# store_concurrency.sh — stage 3 (store): while one `parley import` writes, readers (sqlite3) keep
# reading and only ever see whole committed batches; a second writer waits --busy-timeout and
# fails with "database is busy" (exit 1) without writing anything; afterwards the database is
# intact and complete, and the second import succeeds once the first is done.
set -uo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:=/tmp}"
dir="$PARLEY_TMP/store_concurrency"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
fail=0
check() { if [ "$2" != "$3" ]; then echo "FAIL: $1: expected $2, got $3"; fail=1; else echo "ok: $1 ($3)"; fi; }
rows=200000 batch=2000
"$PARLEY_SRC/bench/gen_gdelt" --rows $rows --format 2 --seed 11 --out big.CSV
"$PARLEY_SRC/bench/gen_gdelt" --rows 1000 --format 2 --seed 12 --first-id 2000000000 --out small.CSV

"$PARLEY" import gdelt --db t.db --batch $batch -q big.CSV > w1.out 2> w1.err &
w1=$!
# wait for the first commits
for i in $(seq 1 2000); do
  n=$(sqlite3 t.db "select count(*) from events" 2>/dev/null || echo 0)
  [ "${n:-0}" -ge $((2 * batch)) ] && break
  sleep 0.01
done

# readers: never blocked, counts only grow, whole batches only
prev=0 reads=0 bad=0
for i in $(seq 1 30); do
  n=$(sqlite3 -readonly t.db "select count(*) from events") || { echo "FAIL: a reader failed"; bad=1; break; }
  reads=$((reads + 1))
  [ "$n" -ge "$prev" ] || { echo "FAIL: count went down ($prev -> $n)"; bad=1; }
  [ $((n % batch)) -eq 0 ] || { echo "FAIL: a reader saw a partial batch ($n rows)"; bad=1; }
  prev=$n
  sleep 0.02
done
[ $bad -eq 0 ] && echo "ok: $reads reads during the import, counts growing by whole batches (last $prev)" || fail=1

# a second writer: busy after its timeout
kill -0 $w1 2>/dev/null || { echo "FAIL: the first import ended too early for this test"; fail=1; }
start=$(date +%s%N)
"$PARLEY" import gdelt --db t.db --busy-timeout 300 -q small.CSV > w2.out 2> w2.err
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
cat w2.err
check "second writer exit status" 1 "$rc"
grep -q "database is busy" w2.err && echo "ok: second writer says 'database is busy' after ${ms} ms" || { echo "FAIL: no 'database is busy'"; fail=1; }
[ "$ms" -ge 300 ] || { echo "FAIL: the second writer did not wait its timeout ($ms ms)"; fail=1; }

wait $w1
check "first import's exit status" 0 $?
check "integrity" ok "$(sqlite3 t.db 'pragma integrity_check')"
check "rows of the first import" $rows "$(sqlite3 t.db "select count(*) from events")"
check "nothing of the second file was written" 0 "$(sqlite3 t.db "select count(*) from events where cast(event_key as integer) >= 2000000000")"
"$PARLEY" import gdelt --db t.db -q small.CSV > w3.out 2>&1
check "second import once the first is done" 0 $?
check "rows after both" $((rows + 1000)) "$(sqlite3 t.db "select count(*) from events")"
exit $fail
