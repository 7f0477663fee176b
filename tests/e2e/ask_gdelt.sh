#!/usr/bin/env bash
# ask_gdelt.sh — end-to-end test of the ask commands (stage: ask) on the real
# GDELT samples of ../shared/data/gdelt, imported with `parley import gdelt`:
# counts from `parley dyad` and `parley events` must equal those computed
# with awk on the raw files for the same filters (several dyads, codes, quad
# classes, dates), and the GDELT export must give back the GDELT 2.0 file.
set -euo pipefail
: "${PARLEY:?}"
g=${PARLEY_SHARED:-}/data/gdelt
if [ -z "${PARLEY_SHARED:-}" ] || [ ! -d "$g" ]; then
  echo "ask_gdelt: SKIP: \$PARLEY_SHARED/data/gdelt is missing (the shared data sets)"
  exit 0
fi
tmp=${PARLEY_TMP:-$(mktemp -d)}/ask_gdelt
rm -rf "$tmp" && mkdir -p "$tmp"
export PARLEY_DB=$tmp/g.db
g2=$g/gdelt2_20191024143000.export.CSV
g1=$g/gdelt1_sample_20160728_events.tsv
"$PARLEY" import gdelt "$g2" "$g1" >/dev/null
raw=$tmp/raw.tsv
cat "$g2" "$g1" > "$raw"
fail=0
check() {
  if [ "$2" != "$3" ]; then echo "FAIL $1: awk says [$2], parley says [$3]"; fail=1; else echo "ok   $1 ($2)"; fi
}
# columns (both layouts): 2 SQLDATE, 6/16 Actor1/2Code, 8/18 Actor1/2CountryCode,
# 27 EventCode, 29 EventRootCode, 30 QuadClass
check "all events" "$(wc -l < "$raw" | tr -d ' ')" "$("$PARLEY" events --count)"

# the five busiest country dyads (either direction) and two rare ones
pairs=$(awk -F'\t' '$8!="" && $18!="" && $8!=$18 {a=$8<$18?$8:$18; b=$8<$18?$18:$8; n[a" "b]++}
  END {for (k in n) print n[k], k}' "$raw" | sort -k1,1nr -k2 | awk 'NR<=5 || NR==20 || NR==40 {print $2 "-" $3}')
for p in $pairs; do
  a=${p%-*} b=${p#*-}
  want=$(awk -F'\t' -v a="$a" -v b="$b" '($8==a && $18==b) || ($8==b && $18==a)' "$raw" | wc -l | tr -d ' ')
  got=$("$PARLEY" dyad "$a" "$b" --by all -f tsv | awk -F'\t' '$4=="both"{print $5}')
  check "dyad $a $b" "$want" "$got"
  want=$(awk -F'\t' -v a="$a" -v b="$b" '$8==a && $18==b' "$raw" | wc -l | tr -d ' ')
  got=$("$PARLEY" events "$a" "$b" --directed --count)
  check "events $a→$b" "$want" "$got"
  # per year and per quad class
  want=$(awk -F'\t' -v a="$a" -v b="$b" '($8==a && $18==b) || ($8==b && $18==a) {y[substr($2,1,4)]++}
    END {for (k in y) print k, y[k]}' "$raw" | sort | paste -sd' ')
  got=$("$PARLEY" dyad "$a" "$b" --by year -f tsv | awk -F'\t' '$4=="both"{print $1, $5}' | sort | paste -sd' ')
  check "dyad $a $b by year" "$want" "$got"
  want=$(awk -F'\t' -v a="$a" -v b="$b" '($8==a && $18==b) || ($8==b && $18==a) {q[$30]++}
    END {print q[1]+0, q[2]+0, q[3]+0, q[4]+0}' "$raw")
  got=$("$PARLEY" dyad "$a" "$b" --by all -f tsv | awk -F'\t' '$4=="both"{print $6, $7, $8, $9}')
  check "dyad $a $b quad classes" "$want" "$got"
done

# the busiest actor-code dyad (codes longer than 3 letters match *_code)
p=$(awk -F'\t' 'length($6)>3 && length($16)>3 && $6!=$16 {n[$6" "$16]++} END {for (k in n) print n[k], k}' "$raw" |
  sort -k1,1nr -k2 | head -1)
a=$(awk '{print $2}' <<<"$p") b=$(awk '{print $3}' <<<"$p")
want=$(awk -F'\t' -v a="$a" -v b="$b" '($6==a && $16==b) || ($6==b && $16==a)' "$raw" | wc -l | tr -d ' ')
check "dyad $a $b (codes)" "$want" "$("$PARLEY" dyad "$a" "$b" --by all -f tsv | awk -F'\t' '$4=="both"{print $5}')"

# event codes, roots, quad classes, dates
for c in 04 19 042 0834 190; do
  want=$(awk -F'\t' -v c="$c" 'length(c)==2 ? $29==c : substr($27,1,length(c))==c' "$raw" | wc -l | tr -d ' ')
  check "events --code $c" "$want" "$("$PARLEY" events --code "$c" --count)"
done
for q in 1 4; do
  check "events --quad $q" "$(awk -F'\t' -v q=$q '$30==q' "$raw" | wc -l | tr -d ' ')" "$("$PARLEY" events --quad $q --count)"
done
want=$(awk -F'\t' '$2>=20160701 && $2<=20181031 && $8=="USA"' "$raw" | wc -l | tr -d ' ')
check "events USA as source, dates" "$want" "$("$PARLEY" events --source USA --from 2016-07 --to 2018-10 --count)"
want=$(awk -F'\t' '($8=="USA" || $18=="USA") && $29=="04"' "$raw" | wc -l | tr -d ' ')
check "events USA either side, code 04" "$want" "$("$PARLEY" events USA --code 04 --count)"
want=$(awk -F'\t' '$8=="USA" && $18!="" && $18!="USA" {n++} $18=="USA" && $8!="" && $8!="USA" {n++} END {print n+0}' "$raw")
check "partners of USA, all events" "$want" \
  "$("$PARLEY" partners USA --top 0 -f tsv | awk -F'\t' 'NR>1 {s+=$4} END {print s+0}')"

# GDELT 2.0 export: the file back, all 61 columns, row for row
"$PARLEY" events --origin gdelt2 -f gdelt | sort > "$tmp/export.tsv"
if sort "$g2" | cmp -s - "$tmp/export.tsv"; then echo "ok   gdelt2 export equals the imported file";
else echo "FAIL gdelt2 export differs:"; sort "$g2" | diff - "$tmp/export.tsv" | head -4; fail=1; fi
# GDELT 1.0 rows: the columns parley keeps, in 2.0 order
want=$(awk -F'\t' 'BEGIN{OFS="\t"} {print $1,$2,$6,$7,$8,$16,$17,$18,$27,$28,$29,$30,$32,$33,$34}' "$g1" | sort | md5sum)
got=$("$PARLEY" events --origin gdelt1 -f gdelt | awk -F'\t' 'BEGIN{OFS="\t"} {print $1,$2,$6,$7,$8,$16,$17,$18,$27,$28,$29,$30,$32,$33,$34}' | sort | md5sum)
check "gdelt1 export, kept columns" "$want" "$got"
# where the actors are (schema v5 columns, JSON source_geo / target_geo): Actor1Geo_CountryCode
# is column 38 (1.0) / 38 (2.0), Actor2Geo_CountryCode 45 (1.0) / 46 (2.0); RS is FIPS for Russia
"$PARLEY" events -f json > "$tmp/events.jsonl"
geo_count() { # SIDE FIELD VALUE
  python3 -c 'import json, sys
side, field, value = sys.argv[1:4]
print(sum(1 for l in open(sys.argv[4]) if (json.loads(l)[side] or {}).get(field) == value))' "$@" "$tmp/events.jsonl"
}
want=$(awk -F'\t' 'NF == 61 && $46 == "RS" {n++} NF != 61 && $45 == "RS" {n++} END {print n+0}' "$raw")
check "actor 2 located in Russia (target_geo.fips)" "$want" "$(geo_count target_geo fips RS)"
check "actor 2 located in Russia (target_geo.country)" "$want" "$(geo_count target_geo country RUS)"
want=$(awk -F'\t' '$38 == "US" {n++} END {print n+0}' "$raw")
check "actor 1 located in the US (source_geo.country)" "$want" "$(geo_count source_geo country USA)"
exit $fail
