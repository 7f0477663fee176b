#!/usr/bin/env bash
# store_malformed.sh — stage 3 (store): `parley import` reports each malformed row (wrong column
# count, bad date, non-numeric Goldstein/Intensity/fatalities, invalid UTF-8, bad code) as
# `parley: FILE:LINE: message`, goes on, says rows read/stored/skipped and exits 1; --strict stops
# at the first and stores nothing of the file; usage errors exit 2.
set -uo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:=/tmp}"
dir="$PARLEY_TMP/store_malformed"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
D="$PARLEY_SRC/tests/data/store"
fail=0
expect() { # file-with-output pattern
  if grep -qF -- "$2" "$1"; then echo "ok: $2"; else echo "FAIL: '$2' not in $1:"; cat "$1"; fail=1; fi
}

"$PARLEY" import gdelt --db t.db -q "$D/gdelt2_malformed.CSV" > g.out 2> g.err
rc=$?
[ $rc -eq 1 ] && echo "ok: exit 1 when rows were skipped" || { echo "FAIL: exit $rc"; fail=1; }
expect g.err "parley: $D/gdelt2_malformed.CSV:2: expected 57, 58 (GDELT 1.0) or 61 (GDELT 2.0) tab-separated columns, found 40"
expect g.err "parley: $D/gdelt2_malformed.CSV:3: bad date '20191345' in SQLDATE"
expect g.err "parley: $D/gdelt2_malformed.CSV:4: non-numeric GoldsteinScale 'abc'"
expect g.err "parley: $D/gdelt2_malformed.CSV:5: invalid UTF-8"
expect g.err "parley: $D/gdelt2_malformed.CSV:7: bad CAMEO event code 'X42'"
expect g.out "8 rows read, 3 stored, 0 already present, 5 skipped"
[ "$(wc -l < g.err)" -eq 5 ] || { echo "FAIL: expected exactly 5 messages"; fail=1; }

"$PARLEY" import icews --db t.db -q "$D/icews_synthetic.tab" > i.out 2> i.err
expect i.err "icews_synthetic.tab:5: bad date '2018-06-31' in Event Date"
expect i.err "icews_synthetic.tab:6: non-numeric Intensity 'high'"
expect i.err "icews_synthetic.tab:7: expected 20 tab-separated columns, found 12"
expect i.out "7 rows read, 4 stored, 0 already present, 3 skipped"

"$PARLEY" import acled --db t.db -q "$D/acled_synthetic.csv" "$D/acled_v6_synthetic.csv" > a.out 2> a.err
expect a.err "acled_synthetic.csv:6: bad date '2024-02-30' in event_date"
expect a.err "acled_synthetic.csv:7: non-numeric fatalities 'many'"
expect a.err "acled_synthetic.csv:8: expected 31 comma-separated columns, found 19"
expect a.err "acled_v6_synthetic.csv:4: bad date '31/13/2015' in event_date"
expect a.out "acled: 7 rows read, 4 stored, 0 already present, 3 skipped"
expect a.out "acled-v6: 3 rows read, 2 stored, 0 already present, 1 skipped"

"$PARLEY" import gdelt --db s.db -q --strict "$D/gdelt2_malformed.CSV" > s.out 2> s.err
rc=$?
[ $rc -eq 1 ] && echo "ok: --strict exits 1" || { echo "FAIL: --strict exit $rc"; fail=1; }
expect s.err "gdelt2_malformed.CSV:2: expected 57"
[ "$(wc -l < s.err)" -eq 1 ] || { echo "FAIL: --strict should report only the first row"; cat s.err; fail=1; }
[ "$(sqlite3 s.db 'select count(*) from events')" = 0 ] && echo "ok: --strict stored nothing" || { echo "FAIL: --strict stored rows"; fail=1; }

# JSON Lines: bad lines reported by line number
printf '{"id":"d#1","doc_id":"d","event_code":"042","date":"2025-01-01","doc":{"id":"d","hash":"00112233445566778899aabbccddeeff"}}\nnot json\n{"id":"d#2","doc_id":"d","event_code":"042","date":"2025-13-01"}\n\xff\xfe\n' > bad.jsonl
"$PARLEY" load --db t.db -q bad.jsonl > l.out 2> l.err
expect l.err "bad.jsonl:2: not a JSON object"
expect l.err "bad.jsonl:3: bad date in \"date\""
expect l.err "bad.jsonl:4: invalid UTF-8"
expect l.out "4 events read, 1 stored, 0 already present, 3 skipped"

"$PARLEY" import nonsense x > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && echo "ok: unknown kind exits 2" || { echo "FAIL: unknown kind exit $rc"; fail=1; }
"$PARLEY" import gdelt --db t.db --batch x y > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && echo "ok: bad --batch exits 2" || { echo "FAIL: bad --batch exit $rc"; fail=1; }
"$PARLEY" import gdelt --db t.db -q /nonexistent/file.CSV > /dev/null 2> n.err; rc=$?
[ $rc -eq 1 ] && expect n.err "parley: /nonexistent/file.CSV: cannot open" || { echo "FAIL: missing file exit $rc"; fail=1; }
[ "$(sqlite3 t.db 'pragma integrity_check')" = ok ] || fail=1
exit $fail
