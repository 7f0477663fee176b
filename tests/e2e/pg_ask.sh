#!/usr/bin/env bash
# pg_ask.sh — stage: ask (PostgreSQL). The ask commands, `parley report` and
# `parley serve` answer on PostgreSQL exactly as on SQLite.
#
# The same data is stored on SQLite and on PostgreSQL with the same commands
# (the example article and other coded documents with claims and groups,
# GDELT 1.0 and 2.0 samples, 5 000 generated GDELT rows, ICEWS, ACLED). Then:
#  1. tests/pg/test_pg_ask_sql captures every statement the ask questions
#     issue on SQLite and runs each through the backend-neutral query
#     interface (src/store/query.h) on both databases, comparing the rows;
#  2. every ask command (dyad, compare, peak, rhythm, partners, claims,
#     summary, events; many filters, units and formats) and `parley report`
#     run with --db s.db and with --db postgresql://…: the output and exit
#     status must be byte for byte the same;
#  3. `parley serve --db postgresql://…` answers every /api/ endpoint and
#     /report with the bytes `parley <command> -f json` / `parley report -o -`
#     print on the SQLite file, and sees data another process writes;
#  4. opening rules: a PostgreSQL database of a newer schema version is
#     refused by the ask commands, report and serve (naming the database and
#     both versions), and no message ever shows the URI's password.
set -uo pipefail
. "$PARLEY_SRC/tests/pg/lib.sh"
pg_begin ask
bin=$(dirname "$PARLEY")/tests/pg/test_pg_ask_sql
[ -x "$bin" ] || { echo "FAIL: $bin not built (libpq missing?)"; exit 1; }
dir="$PARLEY_TMP/pg_ask"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
D=$PARLEY_SRC/tests/data
export PARLEY_DICT=$PARLEY_SRC/dict
unset PARLEY_DB
python3 "$PARLEY_SRC/bench/gen_gdelt" --rows 5000 --format 2 --seed 3 --out gen.CSV
load() { # DB
  "$PARLEY" add --db "$1" -q "$PARLEY_SRC/examples/zh-dense-diplomacy-2025.txt" "$D/read/en-wire.txt" \
    "$D/read/records.jsonl" "$D/read/article.html"
  "$PARLEY" import gdelt --db "$1" -q "$D/store/gdelt2_20191024143000.sample.CSV" "$D/store/gdelt1_20160728.sample.tsv" gen.CSV
  "$PARLEY" import icews --db "$1" -q "$D/store/icews_synthetic.tab"
  "$PARLEY" import acled --db "$1" -q "$D/store/acled_synthetic.csv"
}
for db in s.db "$PG_URI"; do load "$db" >/dev/null 2>&1 || true; done
# documents.added_at is the wall clock of each store's own run: make it equal
sqlite3 s.db "update documents set added_at = '2000-01-01T00:00:00Z'"
pg_sql "$PG_URI" "update documents set added_at = '2000-01-01T00:00:00Z'"
python3 "$PARLEY_SRC/tests/pg/compare_stores.py" s.db "$PG_URI" events event_groups claims dyad_day >/dev/null ||
  { echo "FAIL: the two stores differ before the ask commands run"; exit 1; }

# --- 1. every statement of the ask stage, through the query interface
"$bin" s.db "$PG_URI" >sql.out
st=$?
grep -E '^(FAIL|[0-9]+ passed)' sql.out
[ $st = 0 ] && echo "ok   every ask statement gives the same rows ($(tail -1 sql.out))" || { echo "FAIL statements"; fail=1; }

# --- 2. the commands, on both databases
n_same=0
same() { # ARGS… : parley ARGS --db s.db and --db $PG_URI print the same and end the same
  "$PARLEY" "$@" --db s.db >sq.out 2>sq.err
  local a=$?
  "$PARLEY" "$@" --db "$PG_URI" >pg.out 2>pg.err
  local b=$?
  if [ $a != $b ] || ! cmp -s sq.out pg.out; then
    echo "FAIL parley $*: SQLite exit $a ($(wc -c <sq.out) bytes), PostgreSQL exit $b ($(wc -c <pg.out) bytes)"
    diff sq.out pg.out | head -10
    head -3 pg.err
    fail=1
  elif [ $a != 0 ] && [ "$(sed 's/^parley: [^:]*: //' sq.err)" != "$(sed 's/^parley: [^:]*: //' pg.err)" ] &&
    [ "$(cat sq.err)" != "$(cat pg.err)" ]; then
    # errors about the request itself (unknown actor, bad option) are the same
    echo "FAIL parley $*: messages differ: [$(head -1 sq.err)] vs [$(head -1 pg.err)]"
    fail=1
  else
    n_same=$((n_same + 1))
    [ -n "${VERBOSE:-}" ] && echo "ok   parley $* ($(wc -c <pg.out) bytes, exit $a)"
  fi
}
for f in json tsv table; do
  same dyad USA RUS -f $f
  same dyad USA RUS --by week --code 04 -f $f
  same summary -f $f
  same partners USA -f $f
  same claims -f $f
  same rhythm USA RUS -f $f
done
same dyad USA RUS --from 2025-01-01 --to 2025-12-31 --by month -f json
same dyad 特朗普 Putin --from 2025-01-01 --to 2025-12-31 --fill -f json
same dyad USA RUS --unit mentions --quad 1 --by quarter -f json
same dyad USA RUS --unit mentions --by day -f csv
same dyad ARE ESP --by day --origin gdelt2 -f json
same dyad USA CHN --by year --origin gdelt -f json
same dyad USA CHN --by month --code 042 -f json
same dyad USA CHN --by month --code 0421 --fill -f json
same dyad UKR RUS --contested --by all -f json
same dyad UKR RUS --claimed --by all -f json
same dyad USAGOV RUSGOV --by all -f json
same dyad USA USA --by year -f json
same dyad SYR SYR --by month --origin acled -f json
same rhythm USA 俄罗斯 --root 04 -f json
same rhythm USA CHN -f json
same rhythm USA CHN --unit mentions -f tsv
same compare USA RUS UKR -f json
same compare USA RUS UKR WST --by month --from 2025 -f json
same compare USA CHN RUS GBR --by year -f tsv
same peak USA RUS --by month -f json
same peak USA RUS --by month --direction ab --top 2 -f json
same peak USA CHN --by day -f tsv
same claims --all -f json
same claims 欧盟 -f json
same claims UKR --from 2025-12 -f json
same partners USA --sort tone --top 3 -f json
same partners USA --level code --domestic --min 1 --top 0 -f json
same partners CHN --unit mentions -f tsv
same partners RUS --origin gdelt2 -f json
same summary --top 3 --from 2019 --to 2019 -f json
same summary --unit mentions -f json
same summary --origin icews -f tsv
same events USA RUS --limit 100 -f json
same events --actor USA --origin gdelt2 --limit 40 -f json
same events UKR RUS --directed --limit 50 -f json
same events --source 普京 --claimed --limit 50 -f json
same events --source 普京 --limit 50 -f json
same events -f tsv
same events -f csv --limit 2000
same events --count
same events --count --unit mentions
same events USA CHN --count
same events --origin gdelt2 -f gdelt
same events --origin acled -f json
same events --origin icews --limit 30 -f tsv
# errors about the question: the same message
same dyad Putn USA
same dyad USA RUS --from 2025-13-45
# the report
same report USA RUS --vs UKR --from 2025 --to 2025 -q -o -
same report 特朗普 普京 -q -o -
same report USA CHN --by year -q -o -
same report UKR RUS --unit mentions -q -o -
echo "ok   $n_same command answers the same on PostgreSQL as on SQLite"

# --- 3. parley serve on PostgreSQL
"$PARLEY" serve --db "$PG_URI" --port 0 >serve.out 2>serve.err &
pid=$!
trap 'kill $pid 2>/dev/null; pg_stop_own' EXIT
port=
for _ in $(seq 100); do
  port=$(grep -o '127\.0\.0\.1:[0-9]*' serve.out 2>/dev/null | head -1 | cut -d: -f2)
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "FAIL parley serve on PostgreSQL did not start: $(head -3 serve.err)"
  fail=1
else
  base=http://127.0.0.1:$port
  grep -q 'secret\|:parley@' serve.out serve.err && { echo "FAIL serve prints the password"; fail=1; }
  urlenc() { jq -rn --arg v "$1" '$v|@uri'; }
  n_api=0
  api() { # URL ARGS… : the API on PostgreSQL answers what `parley ARGS -f json` prints on SQLite
    local url=$1 code
    shift
    "$PARLEY" "$@" --db s.db -f json >cli.json 2>cli.err
    code=$(curl -s -o api.json -w '%{http_code}' "$base$url")
    if [ "$code" = 200 ] && cmp -s cli.json api.json; then n_api=$((n_api + 1))
    else
      echo "FAIL serve $url (HTTP $code) differs from parley $* -f json on SQLite"
      diff <(head -c 3000 cli.json) <(head -c 3000 api.json) | head -10
      fail=1
    fi
  }
  api '/api/dyad?a=USA&b=RUS' dyad USA RUS
  api "/api/dyad?a=$(urlenc 特朗普)&b=$(urlenc Putin)&from=2025-01-01&to=2025-12-31&fill=1" \
    dyad 特朗普 Putin --from 2025-01-01 --to 2025-12-31 --fill
  api '/api/dyad?a=USA&b=RUS&by=week&code=04' dyad USA RUS --by week --code 04
  api '/api/dyad?a=USA&b=RUS&unit=mentions&quad=1&by=quarter' dyad USA RUS --unit mentions --quad 1 --by quarter
  api '/api/dyad?a=ARE&b=ESP&by=day&origin=gdelt2' dyad ARE ESP --by day --origin gdelt2
  api '/api/dyad?a=UKR&b=RUS&contested=1&by=all' dyad UKR RUS --contested --by all
  api '/api/rhythm?a=USA&b=RUS' rhythm USA RUS
  api "/api/rhythm?a=USA&b=$(urlenc 俄罗斯)&root=04" rhythm USA 俄罗斯 --root 04
  api '/api/compare?a=USA&b=RUS&b=UKR' compare USA RUS UKR
  api '/api/peak?a=USA&b=RUS&by=month&direction=ab&top=2' peak USA RUS --by month --direction ab --top 2
  api '/api/claims' claims
  api '/api/claims?all=1' claims --all
  api "/api/claims?actor=$(urlenc 欧盟)" claims 欧盟
  api '/api/partners?a=USA' partners USA
  api '/api/partners?a=USA&level=code&domestic=true&min=1&top=0' partners USA --level code --domestic --min 1 --top 0
  api '/api/summary' summary
  api '/api/summary?unit=mentions' summary --unit mentions
  api '/api/events?a=USA&b=RUS&limit=100&format=jsonl' events USA RUS --limit 100
  api '/api/events?actor=USA&origin=gdelt2&limit=40&format=jsonl' events --actor USA --origin gdelt2 --limit 40
  api "/api/events?source=$(urlenc 普京)&claimed=1&limit=50&format=jsonl" events --source 普京 --claimed --limit 50
  c_cli=$("$PARLEY" events --db s.db --count)
  c_api=$(curl -s "$base/api/events?count=1" | jq -r .count)
  check "serve: events count" "$c_cli" "$c_api"
  "$PARLEY" report --db s.db USA RUS --vs UKR --from 2025 --to 2025 -o - >cli.html 2>/dev/null
  curl -s -o api.html "$base/report?a=USA&b=RUS&vs=UKR&from=2025&to=2025"
  if [ -s api.html ] && cmp -s cli.html api.html; then n_api=$((n_api + 1))
  else echo "FAIL serve /report on PostgreSQL differs from parley report on SQLite"; fail=1; fi
  # the actor look-up reads the actors table: the same on both backends
  "$PARLEY" serve --db s.db --port 0 >serve2.out 2>serve2.err &
  pid2=$!
  trap 'kill $pid $pid2 2>/dev/null; pg_stop_own' EXIT
  port2=
  for _ in $(seq 100); do
    port2=$(grep -o '127\.0\.0\.1:[0-9]*' serve2.out 2>/dev/null | head -1 | cut -d: -f2)
    [ -n "$port2" ] && break
    sleep 0.1
  done
  for q in 普京 Putin rus uni 'a_b' '%' ARM; do
    a=$(curl -s "http://127.0.0.1:$port2/api/actors?q=$(urlenc "$q")&limit=50")
    b=$(curl -s "$base/api/actors?q=$(urlenc "$q")&limit=50")
    if [ -n "$a" ] && [ "$a" = "$b" ]; then n_api=$((n_api + 1))
    else echo "FAIL serve /api/actors?q=$q differs: [${a:0:200}] vs [${b:0:200}]"; fail=1; fi
  done
  kill $pid2 2>/dev/null
  # what another process writes shows in the next answers
  before=$(curl -s "$base/api/summary" | jq -r .event_rows)
  "$PARLEY" import acled --db "$PG_URI" -q "$D/store/acled_v6_synthetic.csv" >/dev/null 2>&1
  "$PARLEY" summary --db "$PG_URI" -f json >cli.json
  curl -s -o api.json "$base/api/summary"
  if cmp -s cli.json api.json && [ "$(jq -r .event_rows api.json)" != "$before" ]; then
    echo "ok   serve on PostgreSQL sees data written meanwhile ($before -> $(jq -r .event_rows api.json) events)"
  else echo "FAIL serve on PostgreSQL does not see the new data ($before -> $(jq -r .event_rows api.json))"; fail=1; fi
  echo "ok   $n_api API answers on PostgreSQL equal the SQLite ones"
  kill -TERM $pid
  for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  kill -0 $pid 2>/dev/null && { echo "FAIL serve did not stop"; kill -9 $pid; fail=1; }
  wait $pid 2>/dev/null
  [ $? = 0 ] && echo "ok   serve on PostgreSQL: clean exit" || { echo "FAIL serve: exit status"; fail=1; }
fi
trap pg_stop_own EXIT

# --- 4. opening rules
# a password in the URI is never printed
pw_uri=$(echo "$PG_URI" | sed -E 's#^(postgres(ql)?://)([^:@/]+)(:[^@]*)?@#\1\3:s3cr3t-pw@#')
bad_db=$(pg_uri_with_db "$pw_uri" no_such_db_h6)
for c in "summary" "dyad USA RUS" "report USA RUS -q -o -"; do
  # shellcheck disable=SC2086
  "$PARLEY" $c --db "$bad_db" >out 2>err
  st=$?
  if [ $st = 0 ] || grep -q 's3cr3t-pw' out err || ! grep -q '^parley: postgresql://' err; then
    echo "FAIL parley $c on a bad URI: exit $st: $(head -1 err)"
    fail=1
  else echo "ok   parley ${c%% *} on a bad URI: exit $st, no password: $(head -1 err | cut -c1-120)"; fi
done
# a newer schema version is refused by the readers
newer=$(pg_db parley_ask_newer)
"$PARLEY" import gdelt --db "$newer" -q "$D/store/gdelt2_20191024143000.sample.CSV" >/dev/null 2>&1
pg_sql "$newer" "update store_meta set value = '99' where key = 'schema_version'"
for c in "summary" "dyad USA RUS" "events --count" "report USA RUS -q -o -" "serve --port 0"; do
  # shellcheck disable=SC2086
  timeout 20 "$PARLEY" $c --db "$newer" >out 2>err
  st=$?
  if [ $st = 1 ] && head -1 err | grep -qE "^parley: postgresql://[^ ]*/parley_ask_newer: database schema version 99 is newer than this parley.s \([0-9]+\)"; then
    echo "ok   parley ${c%% *}: a newer schema is refused: $(head -1 err)"
  else
    echo "FAIL parley $c on a newer schema: exit $st: $(head -1 err)"
    fail=1
  fi
done

[ $fail = 0 ] && echo "pg_ask: ok" || echo "pg_ask: FAILED"
exit $fail
