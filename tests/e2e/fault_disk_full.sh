#!/usr/bin/env bash
# fault_disk_full.sh — fault injection: the disk fills up while parley writes.
#
# Three ways: (1) RLIMIT_FSIZE (ulimit -f) with SIGXFSZ ignored, so writes fail
# with EFBIG; (2) RLIMIT_FSIZE with SIGXFSZ at its default, so the kernel kills
# parley mid-write; (3) a small tmpfs, so writes fail with ENOSPC (needs mount
# rights; skipped with a note when the machine does not give them). After
# each: exit status 1 (or the signal in 2), a message naming the database
# that says what happened, PRAGMA integrity_check ok, every document committed
# before still there and complete, only whole batches stored, the file not
# marked as imported; and with room again, the same command completes.
set -uo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:=/tmp}"
command -v sqlite3 >/dev/null || { echo "fault_disk_full: sqlite3 (the CLI) is needed"; exit 1; }
dir="$PARLEY_TMP/fault_disk_full"
umount "$dir/small" 2>/dev/null
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
trap 'umount "$dir/small" 2>/dev/null' EXIT
export PARLEY_DICT="$PARLEY_SRC/dict"
unset PARLEY_DB
fail=0
bad() { echo "FAIL: $*"; fail=1; }
ok() { echo "ok: $*"; }
docprint() {
  sqlite3 "$1" "select d.hash, (select count(*) from sentences s where s.doc_id = d.id),
     (select count(*) from events e where e.doc_id = d.id), (select count(*) from claims c where c.doc_id = d.id)
   from documents d order by d.hash"
}

rows=20000 batch=2000
"$PARLEY_SRC/bench/gen_gdelt" --rows $rows --format 2 --seed 5 --out big.CSV >/dev/null || { echo "FAIL: gen_gdelt"; exit 1; }
"$PARLEY" add -q --db base.db "$PARLEY_SRC/examples/zh-dense-diplomacy-2025.txt" "$PARLEY_SRC/tests/data/read/en-wire.txt" \
  "$PARLEY_SRC/tests/data/read/records.jsonl" >/dev/null 2>&1
[ "$(sqlite3 base.db 'select count(*) from documents')" -ge 3 ] || { echo "FAIL: setup: $(sqlite3 base.db 'select count(*) from documents') documents"; exit 1; }
docprint base.db >base.prints
base_kb=$(($(stat -c %s base.db) / 1024))

after_fault() { # WHAT DB: consistency after a failed write
  local what=$1 db=$2
  local ic
  ic=$(sqlite3 "$db" "pragma integrity_check" 2>&1)
  [ "$ic" = ok ] && ok "$what: integrity_check ok" || bad "$what: integrity_check: $ic"
  docprint "$db" >now.prints
  cmp -s now.prints base.prints && ok "$what: the committed documents are all there, complete" ||
    bad "$what: committed documents changed: $(diff base.prints now.prints | head -5)"
  local n
  n=$(sqlite3 "$db" "select count(*) from events where origin = 'gdelt2'")
  [ $((n % batch)) = 0 ] && ok "$what: whole batches only ($n rows)" || bad "$what: $n rows is not whole batches of $batch"
  [ "$n" -lt $rows ] || bad "$what: all rows stored although the disk was full"
  [ "$(sqlite3 "$db" 'select count(*) from imports')" = 0 ] && ok "$what: the file is not marked imported" ||
    bad "$what: the unfinished file is marked imported"
}
complete_again() { # WHAT DB
  local what=$1 db=$2
  if "$PARLEY" import gdelt -q --batch $batch --db "$db" big.CSV >again.out 2>again.err; then
    local n
    n=$(sqlite3 "$db" "select count(*) from events where origin = 'gdelt2'")
    [ "$n" = $rows ] && ok "$what: with room again the import completes ($n rows)" || bad "$what: $n rows after completing"
  else
    bad "$what: the import with room again failed: $(cat again.err)"
  fi
}

# ---- 1. RLIMIT_FSIZE, SIGXFSZ ignored: write() fails with EFBIG ---------------------
cp base.db t1.db
(
  trap '' XFSZ
  ulimit -f $((base_kb + 6000))
  exec "$PARLEY" import gdelt -q --batch $batch --db t1.db big.CSV
) >out1 2>err1
st=$?
[ $st = 1 ] && ok "fsize limit: exit 1" || bad "fsize limit: exit status $st, expected 1"
# SQLite itself says only "disk I/O error" for EFBIG: parley names the limit
if grep -qE '^parley: t1\.db: .*: the file size limit is reached, the database cannot grow \(File too large\)$' err1; then
  ok "fsize limit: message: $(head -1 err1)"
else
  bad "fsize limit: the message does not say the file size limit is reached: $(cat err1)"
fi
after_fault "fsize limit" t1.db
complete_again "fsize limit" t1.db

# ---- 2. RLIMIT_FSIZE, SIGXFSZ default: parley is killed mid-write --------------------
cp base.db t2.db
(
  ulimit -f $((base_kb + 6000))
  exec "$PARLEY" import gdelt -q --batch $batch --db t2.db big.CSV
) >out2 2>err2
st=$?
[ $st -gt 128 ] && ok "SIGXFSZ: killed by signal $((st - 128))" || bad "SIGXFSZ: exit status $st, expected death by SIGXFSZ"
after_fault "SIGXFSZ" t2.db
complete_again "SIGXFSZ" t2.db

# ---- 3. a full file system (tmpfs) ----------------------------------------------
mkdir -p small
if mount -t tmpfs -o size=$((base_kb + 6000))k parley-fault small 2>/dev/null; then
  cp base.db small/t3.db
  (cd small && "$PARLEY" import gdelt -q --batch $batch --db t3.db ../big.CSV) >out3 2>err3
  st=$?
  [ $st = 1 ] && ok "full tmpfs: exit 1" || bad "full tmpfs: exit status $st, expected 1"
  if grep -qE '^parley: t3\.db: .*database or disk is full$' err3; then
    ok "full tmpfs: message: $(head -1 err3)"
  else
    bad "full tmpfs: the message does not say the disk is full: $(cat err3)"
  fi
  after_fault "full tmpfs" small/t3.db
  # parley add on the full disk: each document whole or absent
  (cd small && "$PARLEY" add -q --db t3.db "$PARLEY_SRC/tests/fuzz/corpus/read_jsonl/one") >out4 2>err4
  sqlite3 small/t3.db "pragma integrity_check" | grep -qx ok && ok "full tmpfs: add: integrity_check ok" ||
    bad "full tmpfs: add: integrity_check"
  # the database with its -wal (a checkpoint may not have fit): moved off the full disk
  for f in small/t3.db small/t3.db-wal small/t3.db-shm; do [ -e "$f" ] && cp "$f" .; done
  umount small
  complete_again "full tmpfs" t3.db
else
  echo "note: cannot mount a tmpfs here (no privilege): the ENOSPC case is skipped"
fi

[ $fail -eq 0 ] && echo "fault_disk_full: ok" || echo "fault_disk_full: FAILED"
exit $fail
