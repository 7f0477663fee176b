#!/usr/bin/env bash
# fault_corrupt.sh — fault injection: the database file is not SQLite, is corrupt, is cut
# short, has a garbage -wal, is empty, is a newer schema, or is a folder.
#
# Every parley command that opens it (import, load, add, summary, events) must
# end with exit status 1 and one message naming the file and saying what is
# wrong — never a crash, a hang or a silent success on garbage — and must not
# modify a file that is not a parley database. Cases SQLite can recover from
# (an empty file, a -wal with a bad checksum) must just work.
set -uo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:=/tmp}"
command -v sqlite3 >/dev/null || { echo "fault_corrupt: sqlite3 (the CLI) is needed"; exit 1; }
dir="$PARLEY_TMP/fault_corrupt"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
export PARLEY_DICT="$PARLEY_SRC/dict"
unset PARLEY_DB
fail=0
bad() { echo "FAIL: $*"; fail=1; }
ok() { echo "ok: $*"; }

cp "$PARLEY_SRC/tests/data/store/gdelt2_20191024143000.sample.CSV" g.CSV
"$PARLEY" code -q "$PARLEY_SRC/tests/data/read/en-wire.txt" >ev.jsonl
"$PARLEY_SRC/bench/gen_gdelt" --rows 20000 --format 2 --seed 9 --out big.CSV >/dev/null
"$PARLEY" import gdelt -q --db good.db big.CSV >/dev/null || { echo "FAIL: setup"; exit 1; }
"$PARLEY" add -q --db good.db "$PARLEY_SRC/examples/zh-dense-diplomacy-2025.txt" >/dev/null || { echo "FAIL: setup"; exit 1; }

# Runs every command on DB; each must exit WANT (1 unless given) with a message
# matching the extended regex RE on its first line, within 60 s, no signal.
all_commands() { # LABEL DB RE [WRITERS-ONLY]
  local label=$1 db=$2 re=$3 want=1
  local cmds=("import gdelt -q --db $db g.CSV" "load -q --db $db ev.jsonl"
    "add -q --db $db $PARLEY_SRC/tests/data/read/en-wire.txt")
  [ -n "${4:-}" ] || cmds+=("summary --db $db" "events --db $db -f tsv")
  local c st
  for c in "${cmds[@]}"; do
    # shellcheck disable=SC2086
    timeout 60 "$PARLEY" $c >out 2>err
    st=$?
    if [ $st -ge 124 ]; then
      bad "$label: parley $c: exit status $st (timeout or signal): $(head -3 err)"
    elif [ $st != "$want" ]; then
      bad "$label: parley $c: exit status $st, expected $want: $(head -3 err)"
    elif [ "$want" = 1 ] && ! head -1 err | grep -qE "$re"; then
      bad "$label: parley $c: message '$(head -1 err)' does not match /$re/"
    else
      ok "$label: parley ${c%% *}: exit $st $(head -1 err)"
    fi
  done
}

# 1. a text file
printf 'analyst notes, not a database\n%.0s' $(seq 1 300) >notes.db
cp notes.db notes.orig
all_commands "not SQLite" notes.db '^parley: [^ ]*notes\.db: .*file is not a database$'
cmp -s notes.db notes.orig && ok "not SQLite: the file is unchanged" || bad "not SQLite: parley modified a file that is not a database"
ls notes.db-wal notes.db-shm >/dev/null 2>&1 && bad "not SQLite: parley left -wal/-shm files beside it" || true

# 2. garbage over the middle of a real database; the import runs on three
# differently corrupted copies (where storing fails decides which paths of the
# parser thread's shutdown run)
corrupt() { # DB
  cp good.db "$1"
  local size
  size=$(stat -c %s "$1")
  dd if=/dev/urandom of="$1" bs=4096 seek=$((size / 4096 / 3)) count=$((size / 4096 / 3)) conv=notrunc status=none
}
corrupt mid.db
for c in "summary --db mid.db" "events --db mid.db -f tsv" "import gdelt -q --force --db mid.db big.CSV" \
  "import gdelt -q --force --db mid2.db big.CSV" "import gdelt -q --force --db mid3.db big.CSV"; do
  case $c in *mid2.db*) corrupt mid2.db ;; *mid3.db*) corrupt mid3.db ;; esac
  # shellcheck disable=SC2086
  timeout 120 "$PARLEY" $c >out 2>err
  st=$?
  if [ $st -ge 124 ]; then bad "corrupt pages: parley $c: exit status $st (timeout or signal)"
  elif [ $st = 0 ]; then bad "corrupt pages: parley $c succeeded on a corrupt database"
  elif ! grep -qE '^parley: [^ ]*mid[23]?\.db: .*(malformed|not a database|corrupt)' err; then bad "corrupt pages: parley $c: message: $(head -2 err)"
  else ok "corrupt pages: parley ${c%% *}: exit $st $(head -1 err)"; fi
done

# 3. cut in half
cp good.db half.db
truncate -s $(($(stat -c %s half.db) / 2)) half.db
for c in "summary --db half.db" "import gdelt -q --force --db half.db big.CSV"; do
  # shellcheck disable=SC2086
  timeout 120 "$PARLEY" $c >out 2>err
  st=$?
  if [ $st -ge 124 ]; then bad "cut short: parley $c: exit status $st"
  elif [ $st = 0 ]; then bad "cut short: parley $c succeeded on a truncated database"
  elif ! grep -qE '^parley: [^ ]*half\.db: .*(malformed|not a database|corrupt)' err; then bad "cut short: parley $c: message: $(head -2 err)"
  else ok "cut short: parley ${c%% *}: exit $st $(head -1 err)"; fi
done

# 4. a garbage -wal beside a good database: SQLite ignores a WAL with bad checksums
cp good.db walg.db
head -c 100000 /dev/urandom >walg.db-wal
"$PARLEY" import gdelt -q --db walg.db g.CSV >out 2>err && ok "garbage -wal: import works" || bad "garbage -wal: $(cat err)"
[ "$(sqlite3 walg.db 'pragma integrity_check')" = ok ] && ok "garbage -wal: integrity_check ok" || bad "garbage -wal: integrity_check"
[ "$(sqlite3 walg.db 'select count(*) from documents')" = 1 ] || bad "garbage -wal: a committed document was lost"

# 5. an empty file is a new database
: >empty.db
"$PARLEY" import gdelt -q --db empty.db g.CSV >out 2>err && ok "empty file: import creates the schema" || bad "empty file: $(cat err)"

# 6. a database of a newer parley
cp good.db newer.db
sqlite3 newer.db "pragma user_version = 99"
# writers and readers (the ask commands, report) alike refuse it
all_commands "newer schema" newer.db '^parley: [^ ]*newer\.db: database schema version 99 is newer than this parley.s \([0-9]+\): upgrade parley$'
"$PARLEY" report USA RUS --db newer.db -q -o r.html >out 2>err
st=$?
[ $st = 1 ] && grep -qE '^parley: newer\.db: database schema version 99 is newer than this parley.s \([0-9]+\)' err &&
  ok "newer schema: parley report: exit 1 $(head -1 err)" || bad "newer schema: parley report: exit $st $(head -1 err)"

# 7. a SQLite database that is not parley's
sqlite3 other.db "create table t(x); insert into t values (1); pragma user_version = 7"
"$PARLEY" summary --db other.db >out 2>err
st=$?
[ $st = 1 ] && ok "another program's database: summary: exit 1 $(head -1 err)" || bad "another program's database: summary: exit $st $(head -1 err)"
[ "$(sqlite3 other.db 'select count(*) from t')" = 1 ] || bad "another program's database was modified"

# 8. a folder
mkdir folder.db
"$PARLEY" import gdelt -q --db folder.db g.CSV >out 2>err
st=$?
[ $st = 1 ] && grep -q '^parley: folder\.db: ' err && ok "a folder: exit 1 $(head -1 err)" || bad "a folder: exit $st $(cat err)"

[ $fail -eq 0 ] && echo "fault_corrupt: ok" || echo "fault_corrupt: FAILED"
exit $fail
