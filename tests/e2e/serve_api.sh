#!/usr/bin/env bash
# serve_api.sh — acceptance test of `parley serve`'s JSON API (stage: present).
# Builds a database from the example article and the GDELT 2.0 sample, starts
# `parley serve --port 0` on loopback, and checks that every /api/<command>
# answer is byte for byte what `parley <command> --format json` prints for the
# same options (events: the JSON Lines, and the array form row by row), that
# /report is `parley report -o -`, that every bad request is a 4xx with a JSON
# error body, that the database is not written (and that what another process
# writes shows in the next answers), and that SIGTERM stops the
# server with status 0. Needs curl and jq.
set -uo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}"
tmp=${PARLEY_TMP:-$(mktemp -d)}/serve_api
rm -rf "$tmp" && mkdir -p "$tmp"
unset PARLEY_DICT PARLEY_DB
db=$tmp/ex.db
"$PARLEY" add --db "$db" "$PARLEY_SRC/examples/zh-dense-diplomacy-2025.txt" >/dev/null 2>&1 || { echo "FAIL parley add"; exit 1; }
"$PARLEY" import gdelt -q --db "$db" "$PARLEY_SRC/tests/data/store/gdelt2_20191024143000.sample.CSV" >/dev/null 2>&1 ||
  { echo "FAIL parley import"; exit 1; }
dbsum() { cat "$db" "$db-wal" 2>/dev/null | md5sum; } # -shm is the readers' shared memory
sum_before=$(dbsum)

"$PARLEY" serve --db "$db" --port 0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
port=
for _ in $(seq 100); do
  port=$(grep -o '127\.0\.0\.1:[0-9]*' "$tmp/serve.out" 2>/dev/null | head -1 | cut -d: -f2)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "FAIL the server did not start"; cat "$tmp/serve.err"; exit 1; }
base=http://127.0.0.1:$port
echo "ok   serving on $base"
fail=0
n_eq=0

urlenc() { jq -rn --arg v "$1" '$v|@uri'; }

# same NAME 'api path?query' cli-args... : the API's body equals the CLI's --format json output
same() {
  local name=$1 url=$2
  shift 2
  "$PARLEY" "$@" --db "$db" -f json >"$tmp/cli.json" 2>"$tmp/cli.err"
  local cst=$?
  local code
  code=$(curl -s -o "$tmp/api.json" -w '%{http_code}' "$base$url")
  if [ "$cst" -eq 0 ] && [ "$code" = 200 ] && cmp -s "$tmp/cli.json" "$tmp/api.json"; then
    n_eq=$((n_eq + 1))
    echo "ok   $name: $url = parley $* -f json ($(wc -c <"$tmp/api.json") bytes)"
  else
    echo "FAIL $name: $url (HTTP $code) differs from parley $* -f json (exit $cst)"
    diff <(head -c 3000 "$tmp/cli.json") <(head -c 3000 "$tmp/api.json") | head -20
    cat "$tmp/cli.err"
    fail=1
  fi
}

same dyad '/api/dyad?a=USA&b=RUS' dyad USA RUS
same dyad-names "/api/dyad?a=$(urlenc 特朗普)&b=$(urlenc Putin)&from=2025-01-01&to=2025-12-31&fill=1" \
  dyad 特朗普 Putin --from 2025-01-01 --to 2025-12-31 --fill
same dyad-week '/api/dyad?a=USA&b=RUS&by=week&code=04' dyad USA RUS --by week --code 04
same dyad-mentions '/api/dyad?a=USA&b=RUS&unit=mentions&quad=1&by=quarter' dyad USA RUS --unit mentions --quad 1 --by quarter
same dyad-gdelt '/api/dyad?a=ARE&b=ESP&by=day&origin=gdelt2' dyad ARE ESP --by day --origin gdelt2
same dyad-claimed '/api/dyad?a=UKR&b=RUS&contested=1&by=all' dyad UKR RUS --contested --by all
same rhythm '/api/rhythm?a=USA&b=RUS' rhythm USA RUS
same rhythm-code "/api/rhythm?a=USA&b=$(urlenc 俄罗斯)&root=04" rhythm USA 俄罗斯 --root 04
same compare '/api/compare?a=USA&b=RUS&b=UKR' compare USA RUS UKR
same compare-month '/api/compare?a=USA&b=RUS&b=UKR&b=WST&by=month&from=2025' compare USA RUS UKR WST --by month --from 2025
same peak '/api/peak?a=USA&b=RUS&by=month' peak USA RUS --by month
same peak-top '/api/peak?a=USA&b=RUS&by=month&direction=ab&top=2' peak USA RUS --by month --direction ab --top 2
same claims '/api/claims' claims
same claims-all '/api/claims?all=1' claims --all
same claims-actor "/api/claims?actor=$(urlenc 欧盟)" claims 欧盟
same claims-a '/api/claims?a=UKR&from=2025-12' claims UKR --from 2025-12
same partners '/api/partners?a=USA' partners USA
same partners-tone '/api/partners?a=USA&sort=tone&top=3' partners USA --sort tone --top 3
same partners-code '/api/partners?a=USA&level=code&domestic=true&min=1&top=0' partners USA --level code --domestic --min 1 --top 0
same summary '/api/summary' summary
same summary-top '/api/summary?top=3&from=2019&to=2019' summary --top 3 --from 2019 --to 2019
same summary-mentions '/api/summary?unit=mentions' summary --unit mentions
same events-jsonl '/api/events?a=USA&b=RUS&limit=100&format=jsonl' events USA RUS --limit 100
same events-actor '/api/events?actor=USA&origin=gdelt2&limit=40&format=jsonl' events --actor USA --origin gdelt2 --limit 40
same events-directed '/api/events?a=UKR&b=RUS&directed=1&limit=50&format=jsonl' events UKR RUS --directed --limit 50
same events-source "/api/events?source=$(urlenc 普京)&claimed=1&limit=50&format=jsonl" events --source 普京 --claimed --limit 50

# the array form holds the same rows
"$PARLEY" events --db "$db" USA RUS -f json --limit 100 >"$tmp/cli.jsonl"
curl -s "$base/api/events?a=USA&b=RUS&limit=100" | jq -c '.[]' >"$tmp/api.jsonl"
"$PARLEY" events --db "$db" USA RUS -f json --limit 100 | jq -c . >"$tmp/cli.jsonl"
if [ -s "$tmp/api.jsonl" ] && cmp -s "$tmp/cli.jsonl" "$tmp/api.jsonl"; then
  echo "ok   events array: the same $(wc -l <"$tmp/api.jsonl") rows as parley events USA RUS -f json"
else
  echo "FAIL events array differs from parley events USA RUS -f json"
  fail=1
fi
c_cli=$("$PARLEY" events --db "$db" --count)
c_api=$(curl -s "$base/api/events?count=1" | jq -r .count)
[ "$c_cli" = "$c_api" ] && echo "ok   events count: $c_api" || { echo "FAIL events count: cli $c_cli api $c_api"; fail=1; }
# without limit: at most the default (1000) rows, with X-Parley-More when there are more
c_rows=$("$PARLEY" events --db "$db" --count --unit mentions)
more=$(curl -s -D - -o "$tmp/all.json" "$base/api/events" | tr -d '\r' | grep -ci '^x-parley-more: true')
rows=$(jq length "$tmp/all.json")
if [ "$c_rows" -gt 1000 ]; then want_more=1; want_rows=1000; else want_more=0; want_rows=$c_rows; fi
if [ "$rows" = "$want_rows" ] && [ "$more" = "$want_more" ]; then echo "ok   events without limit: $rows rows, more=$more"
else echo "FAIL events without limit: $rows rows, more=$more"; fail=1; fi

# /report is `parley report -o -`
"$PARLEY" report --db "$db" USA RUS --vs UKR --from 2025 --to 2025 -o - >"$tmp/cli.html" 2>"$tmp/cli.err"
curl -s -o "$tmp/api.html" "$base/report?a=USA&b=RUS&vs=UKR&from=2025&to=2025"
if [ -s "$tmp/api.html" ] && cmp -s "$tmp/cli.html" "$tmp/api.html"; then
  echo "ok   /report = parley report USA RUS --vs UKR -o - ($(wc -c <"$tmp/api.html") bytes)"
else
  echo "FAIL /report differs from parley report"; fail=1
fi

# bad requests: a 4xx with a JSON error
bad() { # NAME WANT-STATUS CURL-ARGS...
  local name=$1 want=$2
  shift 2
  local code
  code=$(curl -s -o "$tmp/err.json" -w '%{http_code}' "$@")
  if [ "$code" = "$want" ] && jq -e '.error.message | length > 0' "$tmp/err.json" >/dev/null 2>&1; then
    echo "ok   $name: $code $(jq -r .error.message "$tmp/err.json" | cut -c1-90)"
  else
    echo "FAIL $name: HTTP $code (want $want), body: $(head -c 300 "$tmp/err.json")"
    fail=1
  fi
}
bad unknown-actor 404 "$base/api/dyad?a=Putn&b=USA"
bad unknown-actor-zh 404 "$base/api/rhythm?a=$(urlenc 乌有之国)&b=USA"
bad bad-date 400 "$base/api/dyad?a=USA&b=RUS&from=2025-13-45"
bad from-after-to 400 "$base/api/dyad?a=USA&b=RUS&from=2025-12&to=2025-01"
bad bad-period 400 "$base/api/dyad?a=USA&b=RUS&by=fortnight"
bad bad-unit 400 "$base/api/summary?unit=tons"
bad bad-code 400 "$base/api/dyad?a=USA&b=RUS&code=4x"
bad bad-quad 400 "$base/api/dyad?a=USA&b=RUS&quad=5"
bad bad-bool 400 "$base/api/dyad?a=USA&b=RUS&fill=maybe"
bad unknown-param 400 "$base/api/dyad?a=USA&b=RUS&colour=red"
bad twice 400 "$base/api/dyad?a=USA&b=RUS&from=2025&from=2024"
bad missing-actor 400 "$base/api/dyad?a=USA"
bad compare-one 400 "$base/api/compare?a=USA&b=RUS"
bad peak-all 400 "$base/api/peak?a=USA&b=RUS&by=all"
bad peak-direction 400 "$base/api/peak?a=USA&b=RUS&direction=up"
bad limit-zero 400 "$base/api/events?limit=0"
bad limit-huge 400 "$base/api/events?limit=99999999"
bad limit-text 400 "$base/api/events?limit=ten"
bad format 400 "$base/api/dyad?a=USA&b=RUS&format=csv"
bad bad-escape 400 "$base/api/dyad?a=%ZZ&b=RUS"
bad bad-utf8 400 "$base/api/dyad?a=%FF%FE&b=RUS"
bad nul-byte 400 "$base/api/dyad?a=US%00A&b=RUS"
bad long-value 400 "$base/api/dyad?a=$(printf 'A%.0s' $(seq 600))&b=RUS"
bad long-query 414 "$base/api/dyad?a=USA&b=RUS&x=$(head -c 9000 /dev/zero | tr '\0' a)"
bad unknown-path 404 "$base/api/nothing"
bad unknown-path-deep 404 "$base/../../etc/passwd"
bad post 405 -X POST --data 'a=USA' "$base/api/dyad"
bad delete 405 -X DELETE "$base/api/summary"
head -c 200000 /dev/zero >"$tmp/body.bin"
bad get-with-body 413 -X GET -H 'Content-Type: application/octet-stream' --data-binary @"$tmp/body.bin" "$base/api/summary"
bad actors-empty 400 "$base/api/actors"
bad report-unknown 404 "$base/report?a=USA&b=Nobodyland"
bad report-bad-by 400 "$base/report?a=USA&b=RUS&by=hour"

# the look-up in either language
for q in 普京 Putin 欧盟 rus; do
  code=$(curl -s -o "$tmp/act.json" -w '%{http_code}' "$base/api/actors?q=$(urlenc "$q")&limit=5")
  n=$(jq '.actors | length' "$tmp/act.json" 2>/dev/null)
  if [ "$code" = 200 ] && [ "${n:-0}" -gt 0 ]; then echo "ok   actors q=$q: $n, first $(jq -r '.actors[0] | .code + " " + .name' "$tmp/act.json")"
  else echo "FAIL actors q=$q: HTTP $code"; fail=1; fi
done
jq -e '.resolved.code == "RUSGOV"' <(curl -s "$base/api/actors?q=$(urlenc 普京)") >/dev/null &&
  echo "ok   actors: 普京 resolves to RUSGOV" || { echo "FAIL actors: 普京 does not resolve to RUSGOV"; fail=1; }

# HEAD, the page, keep-alive after errors
code=$(curl -s -I -o /dev/null -w '%{http_code}' "$base/api/summary")
[ "$code" = 200 ] && echo "ok   HEAD /api/summary" || { echo "FAIL HEAD: $code"; fail=1; }
curl -s -o "$tmp/page.html" "$base/"
grep -q 'id="filters"' "$tmp/page.html" && echo "ok   / is the live page" || { echo "FAIL / is not the page"; fail=1; }

# read-only: the database files did not change
[ "$(dbsum)" = "$sum_before" ] && echo "ok   the database is unchanged" || { echo "FAIL the database changed"; fail=1; }
# data written meanwhile by another process shows in the next answers
"$PARLEY" import gdelt -q --db "$db" "$PARLEY_SRC/tests/data/store/gdelt1_20160728.sample.tsv" >/dev/null 2>&1
same summary-after-import '/api/summary' summary
same dyad-after-import '/api/dyad?a=USA&b=RUS&by=year' dyad USA RUS --by year

kill -0 $pid 2>/dev/null && echo "ok   still running after the bad requests" || { echo "FAIL the server died"; fail=1; }
kill -TERM $pid
st=0
for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
if kill -0 $pid 2>/dev/null; then echo "FAIL no exit 10 s after SIGTERM"; kill -9 $pid; fail=1
else
  wait $pid; st=$?
  [ $st = 0 ] && echo "ok   SIGTERM: clean exit" || { echo "FAIL SIGTERM: exit $st"; cat "$tmp/serve.err"; fail=1; }
fi
trap - EXIT
echo "$n_eq endpoint answers equal to the CLI's"
exit $fail
