#!/usr/bin/env bash
# ask_fixture.sh — end-to-end test of the ask commands (stage: ask) on the
# fixture database of tests/data/ask/fixture.sql (built with the sqlite3
# command from src/store/schema.sql): dyad, rhythm, compare, peak, claims,
# partners, summary and events, in every output format, with actor names
# from tests/data/ask/dict, and the exit status of errors.
set -euo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}"
tmp=${PARLEY_TMP:-$(mktemp -d)}/ask_fixture
rm -rf "$tmp" && mkdir -p "$tmp"
command -v sqlite3 >/dev/null || { echo "ask_fixture: the sqlite3 command is needed (scripts/install-deps)"; exit 1; }
db=$tmp/fx.db
sqlite3 "$db" < "$PARLEY_SRC/src/store/schema.sql"
sqlite3 "$db" < "$PARLEY_SRC/tests/data/ask/fixture.sql"
# the ask commands open it read-only: it must carry this parley's schema version
version=$(sed -n 's/^#define PARLEY_STORE_SCHEMA_VERSION \([0-9]*\).*/\1/p' "$PARLEY_SRC/include/parley/store.h")
sqlite3 "$db" "PRAGMA user_version = $version"
export PARLEY_DB=$db PARLEY_DICT=$PARLEY_SRC/tests/data/ask/dict
fail=0
check() { # name expected actual
  if [ "$2" != "$3" ]; then echo "FAIL $1: expected [$2], got [$3]"; fail=1; else echo "ok   $1"; fi
}

# dyad by month: February, March, May, August and December 2025
out=$("$PARLEY" dyad USA RUS --from 2025-01-01 --to 2025-12-31 --by month -f tsv)
check "dyad months" "2025-02 2025-03 2025-05 2025-08 2025-12" \
  "$(awk -F'\t' '$4=="both" && $5>0 {print $1}' <<<"$out" | paste -sd' ')"
check "dyad August both" "2" "$(awk -F'\t' '$1=="2025-08" && $4=="both" {print $5}' <<<"$out")"
check "dyad August goldstein" "4.7" "$(awk -F'\t' '$1=="2025-08" && $4=="both" {print $10}' <<<"$out")"
check "dyad unit mentions" "2" \
  "$("$PARLEY" dyad USA RUS --from 2025-02 --to 2025-02 --unit mentions -f tsv | awk -F'\t' '$4=="both"{print $5}')"
check "dyad by names" "4" \
  "$("$PARLEY" dyad 特朗普 Putin --by all -f csv | awk -F, '$4=="both"{print $5}')"
check "dyad EU as a name" "1" "$("$PARLEY" dyad 欧盟 俄罗斯 --by all -f tsv | awk -F'\t' '$4=="a_to_b"{print $5}')"
"$PARLEY" dyad USA RUS --by year -f json > "$tmp/dyad.json"
grep -q '"first_contact": "2023-06-01"' "$tmp/dyad.json" && echo "ok   dyad json" || { echo "FAIL dyad json"; fail=1; }
"$PARLEY" dyad USA RUS --by quarter | grep -q '^TOTAL' && echo "ok   dyad table" || { echo "FAIL dyad table"; fail=1; }

# rhythm, compare, peak
check "rhythm days" "8" "$("$PARLEY" rhythm USA RUS -f tsv | tail -n +2 | wc -l | tr -d ' ')"
check "rhythm first gap" "278" "$("$PARLEY" rhythm USA RUS -f tsv | awk -F'\t' 'NR==3{print $3}')"
"$PARLEY" rhythm USA RUS -f json | grep -q '"burstiness"' && echo "ok   rhythm json" || { echo "FAIL rhythm json"; fail=1; }
check "compare ratio" "4.00" "$("$PARLEY" compare 特朗普 普京 泽连斯基 -f tsv | awk -F'\t' '$1=="total" && $2=="UKRGOV"{print $8}')"
check "peak 2025" "6 1 record" "$("$PARLEY" peak USA RUS -f tsv | awk -F'\t' '$1=="2025"{print $2, $3, $6}')"

# claims: the December drone attack, RUS asserting, UKR denying, the EU doubting
out=$("$PARLEY" claims -f tsv)
check "claims stances" "RUSGOV:asserts UKR:denies IGOEUREEC:doubts" \
  "$(awk -F'\t' 'NR>1 && $6=="195" {print $7 ":" $8}' <<<"$out" | paste -sd' ')"
grep -q '乌克兰方面坚决否认参与袭击' <<<"$out" && echo "ok   claims evidence" || { echo "FAIL claims evidence"; fail=1; }
grep -q 'Reuters 2025-12-29' <<<"$out" && echo "ok   claims sources" || { echo "FAIL claims sources"; fail=1; }
check "claims --all" "2" "$("$PARLEY" claims --all -f json | grep -c '"event_id"')"

# partners, summary
check "partners of Russia" "USA 9" "$("$PARLEY" partners RUS -f tsv | awk -F'\t' 'NR==2{print $2, $4}')"
check "summary events" "13" "$("$PARLEY" summary -f tsv | awk -F'\t' '$2=="event_rows"{print $3}')"

# events: counts, formats
check "events count" "12" "$("$PARLEY" events --count)"
check "events count mentions" "13" "$("$PARLEY" events --count --unit mentions)"
check "events contested" "1" "$("$PARLEY" events --contested --count)"
check "events directed dyad" "4" "$("$PARLEY" events USA RUS --directed --count)"
check "events directed dyad, mentions" "5" "$("$PARLEY" events USA RUS --directed --count --unit mentions)"
check "events jsonl lines" "10" "$("$PARLEY" events USA RUS -f json | wc -l | tr -d ' ')"
check "events gdelt columns" "61" "$("$PARLEY" events USA RUS -f gdelt | awk -F'\t' '{print NF}' | sort -u)"
check "events csv rows" "11" "$("$PARLEY" events USA RUS -f csv | wc -l | tr -d ' ')"

# errors: unknown actor with suggestions (exit 1), usage errors (exit 2)
set +e
msg=$("$PARLEY" dyad Putn USA 2>&1); rc=$?
set -e
check "unknown actor status" "1" "$rc"
grep -q "did you mean: Putin" <<<"$msg" && echo "ok   unknown actor suggestion" || { echo "FAIL suggestion: $msg"; fail=1; }
for bad in "dyad USA RUS --by fortnight" "dyad USA" "events --format xml" "peak USA RUS --by all" "dyad USA RUS --from 2025-13-01"; do
  set +e; "$PARLEY" $bad >/dev/null 2>&1; rc=$?; set -e
  check "usage error: $bad" "2" "$rc"
done
set +e; "$PARLEY" summary --db "$tmp/missing.db" >/dev/null 2>&1; rc=$?; set -e
check "missing database" "1" "$rc"
exit $fail
