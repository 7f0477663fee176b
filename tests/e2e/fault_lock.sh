#!/usr/bin/env bash
# fault_lock.sh — fault injection: the database is locked by another process (a sqlite3
# holding a write transaction). Writers (`parley add`, `load`, `import`) wait their
# --busy-timeout, then fail with exit 1 and the message that says so; readers
# (`parley summary`, `events`) are not blocked; nothing is changed by the failed
# writers; once the lock is released the same commands succeed.
set -uo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:=/tmp}"
command -v sqlite3 >/dev/null || { echo "fault_lock: sqlite3 (the CLI) is needed"; exit 1; }
dir="$PARLEY_TMP/fault_lock"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
export PARLEY_DICT="$PARLEY_SRC/dict"
unset PARLEY_DB
fail=0
bad() { echo "FAIL: $*"; fail=1; }
ok() { echo "ok: $*"; }
totals() { sqlite3 t.db "select (select count(*) from documents), (select count(*) from events), (select count(*) from imports)"; }

cp "$PARLEY_SRC/tests/data/store/gdelt2_20191024143000.sample.CSV" g.CSV
"$PARLEY" code -q "$PARLEY_SRC/tests/data/read/en-wire.txt" >ev.jsonl
"$PARLEY" add -q --db t.db "$PARLEY_SRC/examples/zh-dense-diplomacy-2025.txt" >/dev/null || { echo "FAIL: setup"; exit 1; }
before=$(totals)

# Waits until another connection holds the write lock.
wait_locked() {
  for _ in $(seq 1 500); do
    sqlite3 t.db "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1 || return 0
    sleep 0.01
  done
  return 1
}

# The lock holder: sqlite3 reading commands from a fifo, inside BEGIN IMMEDIATE.
mkfifo ctl
sqlite3 t.db <ctl >holder.out 2>&1 &
holder=$!
exec 3>ctl
echo "BEGIN IMMEDIATE; INSERT INTO actors(code, country, name) VALUES ('ZZZLOCK', 'ZZZ', 'lock holder');" >&3
wait_locked || { echo "FAIL: the lock holder did not start: $(cat holder.out)"; exit 1; }

expect_busy() { # WHAT command...: exit 1, the busy message, within a few seconds
  local what=$1
  shift
  local t0 t1 st
  t0=$(date +%s%3N)
  "$@" >out 2>err
  st=$?
  t1=$(date +%s%3N)
  local want="parley: t.db: database is busy: another process is writing to it (waited 0.3 s)"
  [ $st = 1 ] || bad "$what: exit status $st, expected 1 ($(cat err))"
  grep -qxF "$want" err || bad "$what: stderr is not '$want': $(cat err)"
  # FAULT_LOCK_MAX_MS: more under valgrind, where starting parley alone takes seconds
  [ $((t1 - t0)) -lt "${FAULT_LOCK_MAX_MS:-5000}" ] || bad "$what: took $((t1 - t0)) ms with --busy-timeout 300"
  [ $st = 1 ] && grep -qxF "$want" err && ok "$what: busy after $((t1 - t0)) ms, exit 1"
}
expect_busy "import while locked" "$PARLEY" import gdelt -q --busy-timeout 300 --db t.db g.CSV
expect_busy "load while locked" "$PARLEY" load -q --busy-timeout 300 --db t.db ev.jsonl
expect_busy "add while locked" "$PARLEY" add -q --busy-timeout 300 --db t.db "$PARLEY_SRC/tests/data/read/en-wire.txt"

# Readers are not blocked.
"$PARLEY" summary --db t.db >sum.out 2>sum.err && ok "summary while locked" || bad "summary while locked: $(cat sum.err)"
"$PARLEY" events --db t.db -f tsv >evs.out 2>evs.err && ok "events while locked" || bad "events while locked: $(cat evs.err)"

# Release; nothing was changed by the failed writers.
echo "ROLLBACK;" >&3
exec 3>&-
wait $holder
[ "$(totals)" = "$before" ] && ok "the failed writers changed nothing ($before)" || bad "totals changed: $before -> $(totals)"
[ "$(sqlite3 t.db 'pragma integrity_check')" = ok ] && ok "integrity_check" || bad "integrity_check"

# Now the same commands succeed.
"$PARLEY" import gdelt -q --busy-timeout 300 --db t.db g.CSV >/dev/null 2>err && ok "import after release" || bad "import after release: $(cat err)"
"$PARLEY" load -q --busy-timeout 300 --db t.db ev.jsonl >/dev/null 2>err && ok "load after release" || bad "load after release: $(cat err)"
"$PARLEY" add -q --busy-timeout 300 --db t.db "$PARLEY_SRC/tests/data/read/en-wire.txt" >/dev/null 2>err && ok "add after release" || bad "add after release: $(cat err)"
ev=$(sqlite3 t.db "select count(*) from events where origin = 'gdelt2'")
[ "$ev" = "$(wc -l <g.CSV | tr -d ' ')" ] && ok "all $ev GDELT rows stored" || bad "$ev GDELT rows stored"

# A holder that waits longer than parley's default: a writer with a longer timeout
# waits for it and then succeeds.
rm -f ctl && mkfifo ctl
sqlite3 t.db <ctl >holder.out 2>&1 &
holder=$!
exec 3>ctl
echo "BEGIN IMMEDIATE; INSERT INTO actors(code, country, name) VALUES ('ZZZLOCK2', 'ZZZ', 'lock');" >&3
wait_locked || bad "the second lock holder did not start"
"$PARLEY_SRC/bench/gen_gdelt" --rows 500 --format 2 --seed 3 --out g2.CSV >/dev/null
"$PARLEY" import gdelt -q --busy-timeout 20000 --db t.db g2.CSV >out 2>err &
writer=$!
sleep 1
echo "COMMIT;" >&3
exec 3>&-
wait $holder
wait $writer && ok "a writer waiting for the lock stores once it is released" || bad "waiting writer: $(cat err)"
[ "$(sqlite3 t.db "select count(*) from actors where code = 'ZZZLOCK2'")" = 1 ] || bad "the holder's commit is missing"

[ $fail -eq 0 ] && echo "fault_lock: ok" || echo "fault_lock: FAILED"
exit $fail
