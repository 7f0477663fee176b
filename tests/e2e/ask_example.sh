#!/usr/bin/env bash
# ask_example.sh — acceptance test of the ask stage on the project's founding
# example (stage: ask): after `parley add examples/zh-dense-diplomacy-2025.txt`,
# `parley dyad USA RUS --from 2025-01-01 --to 2025-12-31 --by month` shows
# contacts in February, August and December 2025, and `parley claims` lists
# the December drone attack with Russia asserting, Ukraine denying and the EU
# doubting it. Needs the reader, the coder, the dictionaries and the store.
set -euo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}"
tmp=${PARLEY_TMP:-$(mktemp -d)}/ask_example
rm -rf "$tmp" && mkdir -p "$tmp"
export PARLEY_DB=$tmp/ex.db
unset PARLEY_DICT
"$PARLEY" add "$PARLEY_SRC/examples/zh-dense-diplomacy-2025.txt" >/dev/null
fail=0
months=$("$PARLEY" dyad USA RUS --from 2025-01-01 --to 2025-12-31 --by month -f tsv |
  awk -F'\t' '$4=="both" && $5>0 {print $1}' | paste -sd' ')
for m in 2025-02 2025-08 2025-12; do
  case " $months " in
  *" $m "*) echo "ok   dyad USA RUS has contacts in $m" ;;
  *) echo "FAIL dyad USA RUS: no contact in $m (months with contacts: $months)"; fail=1 ;;
  esac
done
# the same through names, in both languages
n=$("$PARLEY" dyad 特朗普 Putin --from 2025-01-01 --to 2025-12-31 --by all -f tsv | awk -F'\t' '$4=="both"{print $5}')
if [ "${n:-0}" -gt 0 ]; then echo "ok   dyad 特朗普 Putin: $n events"; else echo "FAIL dyad 特朗普 Putin: none"; fail=1; fi

claims=$("$PARLEY" claims -f tsv)
drone=$(awk -F'\t' 'NR>1 && substr($3,1,7)=="2025-12" && substr($6,1,2)=="19"' <<<"$claims")
if [ -z "$drone" ]; then echo "FAIL claims: no contested December attack (root 19)"; echo "$claims"; fail=1; fi
stance() { # actor-country-prefix stance
  awk -F'\t' -v a="$1" -v s="$2" 'substr($7,1,length(a))==a && $8==s {f=1} END {exit !f}' <<<"$drone"
}
stance RUS asserts && echo "ok   claims: Russia asserts" || { echo "FAIL claims: Russia does not assert"; fail=1; }
stance UKR denies && echo "ok   claims: Ukraine denies" || { echo "FAIL claims: Ukraine does not deny"; fail=1; }
stance IGOEUREEC doubts && echo "ok   claims: the EU doubts" || { echo "FAIL claims: the EU does not doubt"; fail=1; }
grep -q '否认' <<<"$drone" && echo "ok   claims: evidence sentence" || { echo "FAIL claims: no evidence"; fail=1; }
grep -q '新华网' <<<"$drone" && echo "ok   claims: sources with the source list" || { echo "FAIL claims: no sources"; fail=1; }
exit $fail
