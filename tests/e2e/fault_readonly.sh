#!/usr/bin/env bash
# fault_readonly.sh — fault injection: the database cannot be written: the file is
# read-only, its folder is read-only, or it is opened through a read-only URI.
#
# Writers (import, load, add) must end with exit status 1 and a message naming
# the database that says it is read-only; the database must be unchanged
# (integrity_check ok, same documents and events). Permissions do not bind
# root, so when the test runs as root the commands run as user 65534
# (nobody) through setpriv; without setpriv (and as root) the test is skipped
# with a note.
set -uo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:=/tmp}"
command -v sqlite3 >/dev/null || { echo "fault_readonly: sqlite3 (the CLI) is needed"; exit 1; }
dir="$PARLEY_TMP/fault_readonly"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
export PARLEY_DICT="$PARLEY_SRC/dict"
unset PARLEY_DB
fail=0
bad() { echo "FAIL: $*"; fail=1; }
ok() { echo "ok: $*"; }

as_user=()
if [ "$(id -u)" = 0 ]; then
  if ! command -v setpriv >/dev/null; then
    echo "note: running as root without setpriv: read-only files cannot be tested; skipped"
    exit 0
  fi
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  # the other user must be able to reach the binary, the inputs and this folder
  if ! "${as_user[@]}" test -x "$PARLEY"; then
    echo "note: user 65534 cannot run $PARLEY (folder permissions); skipped"
    exit 0
  fi
  if ! "${as_user[@]}" test -r "$PARLEY_SRC/dict/cameo/events.tsv"; then
    echo "note: user 65534 cannot read the dictionaries; skipped"
    exit 0
  fi
fi
chmod 755 "$dir"
cp "$PARLEY_SRC/tests/data/store/gdelt2_20191024143000.sample.CSV" g.CSV
cp "$PARLEY_SRC/tests/data/read/en-wire.txt" en-wire.txt
"$PARLEY" code -q en-wire.txt >ev.jsonl
"$PARLEY" add -q --db t.db "$PARLEY_SRC/examples/zh-dense-diplomacy-2025.txt" >/dev/null || { echo "FAIL: setup"; exit 1; }
chmod 644 g.CSV en-wire.txt ev.jsonl
totals() { sqlite3 "$1" "select (select count(*) from documents), (select count(*) from events), (select count(*) from imports)"; }
before=$(totals t.db)

writers() { # LABEL DB RE
  local label=$1 db=$2 re=$3 c st
  for c in "import gdelt -q --db $db g.CSV" "load -q --db $db ev.jsonl" "add -q --db $db en-wire.txt"; do
    # shellcheck disable=SC2086
    timeout 60 "${as_user[@]}" "$PARLEY" $c >out 2>err
    st=$?
    if [ $st != 1 ]; then bad "$label: parley $c: exit status $st, expected 1: $(head -3 err)"
    elif ! head -1 err | grep -qE "$re"; then bad "$label: parley $c: message '$(head -1 err)' does not match /$re/"
    else ok "$label: parley ${c%% *}: exit 1 $(head -1 err)"; fi
  done
}
unchanged() { # LABEL DB
  [ "$(sqlite3 "$2" 'pragma integrity_check')" = ok ] && ok "$1: integrity_check ok" || bad "$1: integrity_check"
  [ "$(totals "$2")" = "$before" ] && ok "$1: unchanged ($before)" || bad "$1: changed: $before -> $(totals "$2")"
}

# 1. the file is read-only, the folder writable (-wal and -shm can be made)
mkdir -p f && cp t.db f/t.db && chmod 777 f && chmod 444 f/t.db
(cd f && ln -sf ../g.CSV ../ev.jsonl ../en-wire.txt .)
(cd f && writers "read-only file" t.db '^parley: t\.db: .*(readonly|read-only)')
unchanged "read-only file" f/t.db

# 2. the folder is read-only (nothing can be created beside the file)
mkdir -p d && cp t.db d/t.db && chmod 644 d/t.db
(cd d && ln -sf ../g.CSV ../ev.jsonl ../en-wire.txt .)
chmod 555 d
(cd d && writers "read-only folder" t.db '^parley: t\.db: .*(readonly|read-only|unable to open)')
# Readers there: the ask commands, report and serve read a WAL database in a
# read-only folder too (no -shm can be made there: they open it immutable),
# with the same answers as beside a writable folder, and leave nothing behind.
expected_summary=$("$PARLEY" summary --db t.db -f json 2>&1)
expected_events=$("$PARLEY" events --db t.db -f tsv 2>&1)
expected_dyad=$("$PARLEY" dyad RUS USA --db t.db -f tsv --by month 2>&1)
"$PARLEY" report RUS USA --db t.db -q -o report.html 2>&1 || bad "report in a writable folder"
rm -f t.db-shm t.db-wal
for c in "summary -f json" "events -f tsv" "dyad RUS USA -f tsv --by month" "report RUS USA -q -o -"; do
  # shellcheck disable=SC2086
  (cd d && timeout 60 "${as_user[@]}" "$PARLEY" $c --db t.db >../out 2>../err)
  st=$?
  case $c in
  summary*) want=$expected_summary ;; events*) want=$expected_events ;; dyad*) want=$expected_dyad ;;
  report*) want=$(cat report.html) ;;
  esac
  if [ $st != 0 ]; then bad "read-only folder: parley ${c%% *}: exit $st: $(head -2 err)"
  elif [ "$(cat out)" != "$want" ]; then bad "read-only folder: parley ${c%% *}: answer differs from a writable folder's"
  else ok "read-only folder: parley ${c%% *} reads (same answer)"; fi
done
[ -z "$(ls d | grep -E 't\.db-(wal|shm)$')" ] && ok "read-only folder: no -wal or -shm made" || bad "read-only folder: $(ls d)"
chmod 755 d
unchanged "read-only folder" d/t.db

# 3. a read-only URI
writers "mode=ro URI" "file:t.db?mode=ro" '^parley: file:t\.db\?mode=ro: .*(readonly|read-only)'
unchanged "mode=ro URI" t.db

[ $fail -eq 0 ] && echo "fault_readonly: ok" || echo "fault_readonly: FAILED"
exit $fail
