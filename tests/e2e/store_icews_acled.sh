#!/usr/bin/env bash
# store_icews_acled.sh — stage 3 (store): the real ICEWS and ACLED samples of ../shared import
# completely (every row stored or reported with its line), per-country counts in the store equal
# an independent count of the raw files (python3's csv module), every country name is mapped to
# an ISO code, and re-importing is a no-op. ACLED data is not shipped with parley (its licence):
# without ../shared this test is skipped.
set -euo pipefail
: "${PARLEY:?}" "${PARLEY_TMP:=/tmp}"
icews="${PARLEY_SHARED:-/nonexistent}/data/icews/icews_events.2018.sample.tab"
acled="${PARLEY_SHARED:-/nonexistent}/data/acled/ACLED_All_Africa_20160101-20160528.csv"
if [ ! -r "$icews" ] || [ ! -r "$acled" ]; then
  echo "SKIP: needs ../shared/data/icews and ../shared/data/acled (PARLEY_SHARED=${PARLEY_SHARED:-unset})"
  exit 0
fi
dir="$PARLEY_TMP/store_icews_acled"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
fail=0
check() { if [ "$2" != "$3" ]; then echo "FAIL: $1: expected $2, got $3"; fail=1; else echo "ok: $1"; fi; }

set +e
"$PARLEY" import icews --db t.db -q "$icews" > icews.out 2> icews.err
"$PARLEY" import acled --db t.db -q "$acled" > acled.out 2> acled.err
set -e
cat icews.out acled.out icews.err acled.err

# Every data row is stored or reported with its line.
for k in icews acled; do
  read -r rd st sk <<<"$(sed -E 's/.*: ([0-9]+) rows read, ([0-9]+) stored, [0-9]+ already present, ([0-9]+) skipped.*/\1 \2 \3/' $k.out)"
  check "$k: read = stored + skipped" "$rd" "$((st + sk))"
  check "$k: one message per skipped row" "$sk" "$(grep -c ':[0-9]*: ' $k.err || true)"
  origin=$k
  check "$k: stored rows are in the store" "$st" "$(sqlite3 t.db "select count(*) from events where origin='$origin'")"
done
check "icews: rows in the raw file" "$(python3 -c "
import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding='utf-8', newline=''), delimiter='\t', quoting=csv.QUOTE_NONE)))" "$icews")" \
  "$(sqlite3 t.db "select count(*) from events where origin='icews'")"
check "acled: records in the raw file" "$(python3 -c "
import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding='cp1252', newline=''))))" "$acled")" \
  "$(sqlite3 t.db "select count(*) from events where origin='acled'")"

# Per-country counts, independently of parley.
python3 - "$icews" <<'PY' | LC_ALL=C sort > icews.want
import csv, sys, collections
c = collections.Counter(r["Country"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""),
                                                             delimiter="\t", quoting=csv.QUOTE_NONE))
for k, v in sorted(c.items()): print(f"{'' if k == 'NA' else k}|{v}")
PY
sqlite3 t.db "select coalesce(json_extract(extra_json,'$.country'),''), count(*) from events where origin='icews' group by 1" | LC_ALL=C sort > icews.got
diff icews.want icews.got && echo "ok: icews per-country counts ($(wc -l < icews.want) countries)" || { echo "FAIL: icews per-country counts"; fail=1; }
python3 - "$acled" <<'PY' | LC_ALL=C sort > acled.want
import csv, sys, collections
c = collections.Counter(r["COUNTRY"] for r in csv.DictReader(open(sys.argv[1], encoding="cp1252", newline="")))
for k, v in sorted(c.items()): print(f"{k}|{v}")
PY
sqlite3 t.db "select json_extract(extra_json,'$.country'), count(*) from events where origin='acled' group by 1" | LC_ALL=C sort > acled.got
diff acled.want acled.got && echo "ok: acled per-country counts ($(wc -l < acled.want) countries)" || { echo "FAIL: acled per-country counts"; fail=1; }
# ... and per event type and fatalities
python3 - "$acled" <<'PY' | LC_ALL=C sort > acled_types.want
import csv, sys, collections
n = collections.Counter(); f = collections.Counter()
for r in csv.DictReader(open(sys.argv[1], encoding="cp1252", newline="")):
    n[r["EVENT_TYPE"]] += 1; f[r["EVENT_TYPE"]] += int(r["FATALITIES"])
for k in sorted(n): print(f"{k}|{n[k]}|{f[k]}")
PY
sqlite3 t.db "select json_extract(extra_json,'$.event_type'), count(*), sum(fatalities) from events where origin='acled' group by 1" | LC_ALL=C sort > acled_types.got
diff acled_types.want acled_types.got && echo "ok: acled per-type counts and fatalities" || { echo "FAIL: acled per-type counts"; fail=1; }

# Every country name maps to an ISO code; actor codes were derived.
check "icews: unmapped event countries" 0 "$(sqlite3 t.db "select count(*) from events where origin='icews' and location_country is null and json_extract(extra_json,'$.country') is not null")"
check "acled: unmapped event countries" 0 "$(sqlite3 t.db "select count(*) from events where origin='acled' and location_country is null")"
check "icews: 'Police (India)' is INDCOP" 0 "$(sqlite3 t.db "select count(*) from events where origin='icews' and source_name='Police (India)' and source_code<>'INDCOP'")"
check "acled: UTF-8 text decoded from cp1252" 1 "$(sqlite3 t.db "select count(*) > 0 from events where origin='acled' and json_extract(extra_json,'$.notes') like '%’%'")"

# Re-import: nothing changes.
before=$(sqlite3 t.db "select count(*) from events")
"$PARLEY" import icews --db t.db -q "$icews" | grep -q "already imported" || { echo "FAIL: icews re-import"; fail=1; }
"$PARLEY" import acled --db t.db -q "$acled" | grep -q "already imported" || { echo "FAIL: acled re-import"; fail=1; }
check "rows after re-import" "$before" "$(sqlite3 t.db "select count(*) from events")"
check "integrity" ok "$(sqlite3 t.db 'pragma integrity_check')"
exit $fail
