#!/usr/bin/env bash
# store_gdelt_counts.sh — stage 3 (store): counts in the store equal awk's counts on the raw GDELT
# files, for several dyads and codes and for every root code; re-importing is a no-op; a .zip of
# the same file imports the same rows. Uses ../shared's full samples when present, else the part
# shipped in tests/data/store/.
set -euo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}" "${PARLEY_TMP:=/tmp}"
dir="$PARLEY_TMP/store_gdelt_counts"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
if [ -d "${PARLEY_SHARED:-/nonexistent}/data/gdelt" ]; then
  g2="$PARLEY_SHARED/data/gdelt/gdelt2_20191024143000.export.CSV"
  g1="$PARLEY_SHARED/data/gdelt/gdelt1_sample_20160728_events.tsv"
else
  echo "note: ../shared not found, using the GDELT rows shipped in tests/data/store/"
  g2="$PARLEY_SRC/tests/data/store/gdelt2_20191024143000.sample.CSV"
  g1="$PARLEY_SRC/tests/data/store/gdelt1_20160728.sample.tsv"
fi
db=t.db
fail=0
check() { # name expected actual
  if [ "$2" != "$3" ]; then echo "FAIL: $1: awk says $2, the store says $3"; fail=1; else echo "ok: $1 = $2"; fi
}

"$PARLEY" import gdelt --db "$db" -q "$g2" "$g1" > out.txt
cat out.txt
grep -q "gdelt2: $(wc -l < "$g2" | tr -d ' ') rows read" out.txt || { echo "FAIL: summary of $g2"; fail=1; }

# Totals per origin
check "gdelt2 rows" "$(awk 'END{print NR}' "$g2")" "$(sqlite3 $db "select count(*) from events where origin='gdelt2'")"
check "gdelt1 rows" "$(awk 'END{print NR}' "$g1")" "$(sqlite3 $db "select count(*) from events where origin='gdelt1'")"
check "gdelt1 rows without SOURCEURL (57 columns)" "$(awk -F'\t' 'NF==57' "$g1" | wc -l | tr -d ' ')" \
  "$(sqlite3 $db "select count(*) from events where origin='gdelt1' and source_url is null")"

# Several dyads (Actor1CountryCode $8, Actor2CountryCode $18) and codes (EventCode $27, root $29)
for f in "$g2:gdelt2" "$g1:gdelt1"; do
  file=${f%:*} origin=${f##*:}
  for dyad in USA:GBR USA:RUS GBR:USA RUS:UKR USA:CHN CHN:USA SYR:TUR USA:: :USA; do
    a=${dyad%%:*} b=${dyad#*:}
    want=$(awk -F'\t' -v a="$a" -v b="$b" '$8==a && $18==b' "$file" | wc -l | tr -d ' ')
    qa=$([ -n "$a" ] && echo "source_country='$a'" || echo "source_country is null")
    qb=$([ -n "$b" ] && echo "target_country='$b'" || echo "target_country is null")
    check "$origin dyad '$a'->'$b'" "$want" "$(sqlite3 $db "select count(*) from events where origin='$origin' and $qa and $qb")"
  done
  for code in 010 040 042 043 051 190 112; do
    want=$(awk -F'\t' -v c="$code" '$27==c' "$file" | wc -l | tr -d ' ')
    check "$origin EventCode $code" "$want" "$(sqlite3 $db "select count(*) from events where origin='$origin' and event_code='$code'")"
  done
  want=$(awk -F'\t' '$8=="USA" && $29=="04"' "$file" | wc -l | tr -d ' ')
  check "$origin USA as actor 1, root 04" "$want" "$(sqlite3 $db "select count(*) from events where origin='$origin' and source_country='USA' and root_code='04'")"
  # the whole distribution of root codes, and of quad classes with Goldstein sums
  diff <(awk -F'\t' '{n[$29]++} END{for (k in n) print k"|"n[k]}' "$file" | sort) \
       <(sqlite3 $db "select root_code, count(*) from events where origin='$origin' group by 1" | sort) \
    && echo "ok: $origin root code distribution" || { echo "FAIL: $origin root code distribution"; fail=1; }
  diff <(awk -F'\t' '{n[$30]++; g[$30]+=$31} END{for (k in n) printf "%s|%d|%.1f\n", k, n[k], g[k]}' "$file" | sort) \
       <(sqlite3 $db "select quad_class, count(*), printf('%.1f', sum(goldstein)) from events where origin='$origin' group by 1" | sort) \
    && echo "ok: $origin quad classes and Goldstein sums" || { echo "FAIL: $origin quad classes"; fail=1; }
  diff <(awk -F'\t' '{m+=$32; s+=$33; r+=$34} END{print m"|"s"|"r}' "$file") \
       <(sqlite3 $db "select sum(num_mentions), sum(num_sources), sum(num_articles) from events where origin='$origin'") \
    && echo "ok: $origin NumMentions/NumSources/NumArticles sums" || { echo "FAIL: $origin mention sums"; fail=1; }
done

# Re-import: a no-op, nothing changes
before=$(sqlite3 $db "select count(*), (select count(*) from actors), (select count(*) from imports) from events")
"$PARLEY" import gdelt --db "$db" -q "$g2" > again.txt
grep -q "already imported" again.txt || { echo "FAIL: re-import did not say 'already imported'"; cat again.txt; fail=1; }
"$PARLEY" import gdelt --db "$db" -q --force "$g1" > force.txt
grep -q "0 stored, $(wc -l < "$g1" | tr -d ' ') already present, 0 skipped" force.txt || { echo "FAIL: forced re-import"; cat force.txt; fail=1; }
check "counts after re-import" "$before" "$(sqlite3 $db "select count(*), (select count(*) from actors), (select count(*) from imports) from events")"

# A .zip of the 2.0 file imports the same rows
python3 - "$g2" <<'PY'
import sys, zipfile
with zipfile.ZipFile("g2.export.CSV.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write(sys.argv[1], "20191024143000.export.CSV")
PY
"$PARLEY" import gdelt --db z.db -q g2.export.CSV.zip
check "rows from the .zip" "$(sqlite3 $db "select count(*), sum(goldstein), sum(num_mentions) from events where origin='gdelt2'")" \
  "$(sqlite3 z.db "select count(*), sum(goldstein), sum(num_mentions) from events where origin='gdelt2'")"
check "integrity" ok "$(sqlite3 $db 'pragma integrity_check')"
exit $fail
