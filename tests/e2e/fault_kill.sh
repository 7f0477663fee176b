#!/usr/bin/env bash
# fault_kill.sh — fault injection: SIGKILL at random points of `parley add`, `parley load`
# and `parley import`, repeated (50 + 15 + 15 times), always on the same database.
#
# A reference database is built first by uninterrupted runs. Then each round
# starts the command on the test database, kills it with SIGKILL after a
# random delay within the reference run time, and checks: PRAGMA
# integrity_check is ok and foreign_key_check is empty; every document in the
# database is complete — its sentences, references, events and claims are
# exactly those of the same document (same content hash) in the reference; no
# document present before the round is missing after it. At the end the
# command is run to completion once more and the database must equal the
# reference (documents with their counts, events, groups, imports). Rounds go
# on on the same database (each starts from what the killed one left) until a
# run finishes before its kill; the database is then started afresh.
# FAULT_KILL_ROUNDS (default 50) and FAULT_KILL_SEED (default: random, printed)
# may be set; a failure prints the seed to replay it.
set -uo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:=/tmp}"
command -v sqlite3 >/dev/null || { echo "fault_kill: sqlite3 (the CLI) is needed"; exit 1; }
command -v python3 >/dev/null || { echo "fault_kill: python3 is needed"; exit 1; }
dir="$PARLEY_TMP/fault_kill"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
rounds=${FAULT_KILL_ROUNDS:-50}
seed=${FAULT_KILL_SEED:-$((($(date +%s) ^ $$) % 32768))}
RANDOM=$seed
echo "fault_kill: seed $seed (FAULT_KILL_SEED=$seed replays it), $rounds rounds of add"
export PARLEY_DICT="$PARLEY_SRC/dict"
unset PARLEY_DB
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# ---- inputs ----------------------------------------------------------------
# 300 documents built from the coding gold sentences (Chinese and English), each distinct.
python3 - "$PARLEY_SRC" <<'PY'
import json, sys
src = sys.argv[1]
rows = []
for f in ("zh-real.tsv", "en-real.tsv", "en-synthetic.tsv"):
    lines = [l for l in open(src + "/tests/data/coding/" + f, encoding="utf-8").read().splitlines()
             if l and not l.startswith("#")]
    head = lines[0].split("\t")
    ti, di = head.index("text"), head.index("date")
    for l in lines[1:]:
        c = l.split("\t")
        rows.append((c[di], c[ti]))
n = len(rows)
with open("docs.jsonl", "w", encoding="utf-8") as out:
    for i in range(300):
        a, b, c = rows[i % n], rows[(i * 7 + 3) % n], rows[(i * 13 + 5) % n]
        text = "\n\n".join([a[1], b[1], c[1], "(%d)" % i])
        out.write(json.dumps({"id": "doc%d" % i, "date": a[0] or None, "source": "outlet%d" % (i % 9),
                              "text": text}, ensure_ascii=False) + "\n")
PY
"$PARLEY" code -q docs.jsonl >events.jsonl || { echo "FAIL: parley code on the inputs"; exit 1; }
"$PARLEY_SRC/bench/gen_gdelt" --rows 20000 --format 2 --seed 11 --out gdelt.CSV >/dev/null ||
  { echo "FAIL: bench/gen_gdelt"; exit 1; }

# ---- fingerprints -------------------------------------------------------------
# One line per document: hash, sentences, references, events, claims.
docprint() {
  sqlite3 "$1" "select d.hash,
     (select count(*) from sentences s where s.doc_id = d.id),
     (select count(*) from doc_references r where r.doc_id = d.id),
     (select count(*) from events e where e.doc_id = d.id),
     (select count(*) from claims c where c.doc_id = d.id)
   from documents d order by d.hash" 2>&1
}
totals() {
  sqlite3 "$1" "select (select count(*) from documents), (select count(*) from events),
     (select count(*) from claims), (select count(*) from event_groups),
     (select coalesce(sum(num_mentions),0) from event_groups), (select count(*) from imports)" 2>&1
}
check_db() { # check_db DB WHAT REFPRINTS PREVHASHES
  local db=$1 what=$2 ref=$3 prev=$4
  local ic fk
  ic=$(sqlite3 "$db" "pragma integrity_check" 2>&1)
  [ "$ic" = ok ] || bad "$what: integrity_check: $ic"
  # killed while the schema was being created: all of it or none of it
  local tables version
  tables=$(sqlite3 "$db" "select count(*) from sqlite_master where type = 'table'" 2>&1)
  version=$(sqlite3 "$db" "pragma user_version" 2>&1)
  if [ "$(sqlite3 "$db" "select count(*) from sqlite_master where name = 'documents'" 2>&1)" = 0 ]; then
    [ "$tables" = 0 ] && [ "$version" = 0 ] || bad "$what: half a schema: $tables tables, user_version $version"
    return
  fi
  [ "$version" -ge 1 ] 2>/dev/null || bad "$what: tables but user_version $version"
  fk=$(sqlite3 "$db" "pragma foreign_key_check" 2>&1)
  [ -z "$fk" ] || bad "$what: foreign_key_check: $(echo "$fk" | head -3)"
  docprint "$db" >now.prints
  # every document complete: its fingerprint is one of the reference's
  if [ -s now.prints ]; then
    local half
    half=$(grep -vxF -f "$ref" now.prints | head -3)
    [ -z "$half" ] || bad "$what: document(s) half-present or different from the reference: $half"
  fi
  # nothing committed lost
  cut -d'|' -f1 now.prints | sort >now.hashes
  local lost
  lost=$(comm -23 "$prev" now.hashes | head -3)
  [ -z "$lost" ] || bad "$what: committed document(s) lost: $lost"
  cp now.hashes "$prev"
}

# Runs "$@" in the background and kills it with SIGKILL after a random delay
# of up to $1 milliseconds. Prints "killed" or "finished".
kill_at_random() {
  local max_ms=$1
  shift
  local ms=$((RANDOM * 32768 + RANDOM))
  ms=$((ms % (max_ms > 0 ? max_ms : 1)))
  "$@" >run.out 2>run.err &
  local pid=$!
  sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null
    echo "killed after ${ms}ms"
  else
    wait "$pid" 2>/dev/null
    echo "finished before ${ms}ms"
  fi
}

now_ms() { date +%s%3N; }

run_rounds() { # NAME ROUNDS REFDB DB command... (the command writes to DB)
  local name=$1 n=$2 refdb=$3 db=$4
  shift 4
  docprint "$refdb" >"$name.ref.prints"
  : >"$name.prev"
  local t0 t1 dur killed=0
  t0=$(now_ms)
  "$@" --db "$refdb.timing" >/dev/null 2>&1
  t1=$(now_ms)
  dur=$((t1 - t0))
  rm -f "$refdb.timing"*
  echo "$name: an uninterrupted run takes ${dur}ms; killing $n times at random points"
  for r in $(seq 1 "$n"); do
    local res
    res=$(kill_at_random "$dur" "$@" --db "$db")
    case "$res" in killed*) killed=$((killed + 1)) ;; esac
    check_db "$db" "$name round $r ($res)" "$name.ref.prints" "$name.prev"
    [ $fail -ne 0 ] && { echo "fault_kill: stopped at $name round $r; seed $seed"; return 1; }
    # a round that ran to the end leaves nothing to interrupt: start afresh
    case "$res" in finished*) rm -f "$db" "$db-wal" "$db-shm"; : >"$name.prev" ;; esac
  done
  echo "$name: $killed of $n rounds killed mid-way, database consistent after each"
  # kill points are drawn from an uninterrupted run's duration; on a loaded machine or under
  # a sanitizer some rounds finish first, so a quarter of the rounds must be real kills
  [ $killed -ge $((n / 4)) ] || bad "$name: only $killed of $n rounds were killed before the end"
  # to completion: the same as the reference
  "$@" --db "$db" >final.out 2>&1 || { bad "$name: the run after the kills failed: $(tail -3 final.out)"; return 1; }
  check_db "$db" "$name final" "$name.ref.prints" "$name.prev"
  docprint "$db" >final.prints
  cmp -s final.prints "$name.ref.prints" || bad "$name: after completion the documents differ from the reference"
  local a b
  a=$(totals "$refdb")
  b=$(totals "$db")
  [ "$a" = "$b" ] || bad "$name: totals differ from the reference: $a vs $b (documents|events|claims|groups|mentions|imports)"
  [ $fail -eq 0 ] && echo "ok: $name: complete and equal to the reference ($b)"
}

# ---- 1. parley add -------------------------------------------------------------
"$PARLEY" add -q --batch 7 --db ref-add.db docs.jsonl >/dev/null || { echo "FAIL: reference add"; exit 1; }
run_rounds add "$rounds" ref-add.db add.db "$PARLEY" add -q --batch 7 docs.jsonl

# ---- 2. parley load ------------------------------------------------------------
if [ $fail -eq 0 ]; then
  "$PARLEY" load -q --batch 500 --db ref-load.db events.jsonl >/dev/null || { echo "FAIL: reference load"; exit 1; }
  run_rounds load 15 ref-load.db load.db "$PARLEY" load -q --batch 500 events.jsonl
fi

# ---- 3. parley import gdelt ------------------------------------------------------
if [ $fail -eq 0 ]; then
  "$PARLEY" import gdelt -q --batch 5000 --db ref-import.db gdelt.CSV >/dev/null || { echo "FAIL: reference import"; exit 1; }
  run_rounds import 15 ref-import.db import.db "$PARLEY" import gdelt -q --batch 5000 gdelt.CSV
  rows=$(sqlite3 import.db "select count(*) from events")
  [ "$rows" = 20000 ] || bad "import: $rows rows after completion, expected 20000"
fi

[ $fail -eq 0 ] && echo "fault_kill: all rounds consistent" || echo "fault_kill: FAILED (seed $seed)"
exit $fail
