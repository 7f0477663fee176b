#!/usr/bin/env bash
# serve_load.sh — load test of `parley serve` (stage: present): wrk sends
# 10,000 requests (LOAD_REQUESTS), every tenth one malformed
# (tests/e2e/serve_load.lua), over loopback to a server on the example
# database plus the GDELT 2.0 sample. Passes when no answer is a 5xx, every
# malformed request got a 4xx and every other one a 2xx, no connection failed,
# the server still answers afterwards and stops cleanly on SIGTERM. Prints
# requests/s and latency percentiles (recorded in bench/README.md, "serve").
# Needs wrk and curl (scripts/install-deps).
set -uo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}"
if ! command -v wrk >/dev/null; then
  echo "FAIL wrk is not installed (scripts/install-deps installs it)"
  exit 1
fi
total=${LOAD_REQUESTS:-10000}
threads=${LOAD_THREADS:-2}
conns=${LOAD_CONNECTIONS:-16}
tmp=${PARLEY_TMP:-$(mktemp -d)}/serve_load
rm -rf "$tmp" && mkdir -p "$tmp"
unset PARLEY_DICT PARLEY_DB
db=$tmp/ex.db
"$PARLEY" add -q --db "$db" "$PARLEY_SRC/examples/zh-dense-diplomacy-2025.txt" >/dev/null 2>&1 || { echo "FAIL parley add"; exit 1; }
"$PARLEY" import gdelt -q --db "$db" "$PARLEY_SRC/tests/data/store/gdelt2_20191024143000.sample.CSV" >/dev/null 2>&1 ||
  { echo "FAIL parley import"; exit 1; }

"$PARLEY" serve --db "$db" --port 0 --log >"$tmp/serve.out" 2>"$tmp/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null; kill $wpid 2>/dev/null' EXIT
wpid=
port=
for _ in $(seq 100); do
  port=$(grep -o '127\.0\.0\.1:[0-9]*' "$tmp/serve.out" 2>/dev/null | head -1 | cut -d: -f2)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "FAIL the server did not start"; cat "$tmp/serve.log"; exit 1; }
base=http://127.0.0.1:$port
fail=0

# each wrk thread stops after its share of answers; the run is also bounded in time
LOAD_PER_THREAD=$(((total + threads - 1) / threads)) \
  wrk -t"$threads" -c"$conns" -d300s --timeout 10s --latency -s "$PARLEY_SRC/tests/e2e/serve_load.lua" "$base" \
  >"$tmp/wrk.out" 2>&1 &
wpid=$!
# wrk sleeps its whole duration even when every thread has stopped: stop it
# (SIGINT) as soon as the server has logged every answer
want=$((((total + threads - 1) / threads) * threads))
for _ in $(seq 3000); do
  kill -0 $wpid 2>/dev/null || break
  n=$(grep -c '^[0-9][0-9][0-9] ' "$tmp/serve.log" 2>/dev/null)
  if [ "${n:-0}" -ge "$want" ]; then sleep 0.05; kill -INT $wpid 2>/dev/null; break; fi
  sleep 0.05
done
wait $wpid
wpid=
line=$(grep '^load:' "$tmp/wrk.out")
if [ -z "$line" ]; then echo "FAIL wrk printed no figures"; cat "$tmp/wrk.out"; exit 1; fi
echo "$line"
get() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$line"; }
req=$(get requests) s2=$(get s2xx) s4=$(get s4xx) s5=$(get s5xx) other=$(get other)
errs=$(($(get connect_errors) + $(get read_errors) + $(get write_errors) + $(get timeouts)))
[ "$req" -ge "$total" ] && echo "ok   $req requests answered (wanted $total)" || { echo "FAIL only $req requests answered"; fail=1; }
[ "$s5" = 0 ] && echo "ok   no 5xx" || { echo "FAIL $s5 answers were 5xx"; fail=1; }
[ "$other" = 0 ] && [ $((s2 + s4)) = "$req" ] && echo "ok   every answer is a 2xx or a 4xx" ||
  { echo "FAIL $other answers neither 2xx nor 4xx"; fail=1; }
# a tenth of the requests sent are malformed; those answered are within the in-flight margin of it
lo=$((req / 10 - conns)) hi=$((req / 10 + conns))
[ "$s4" -ge "$lo" ] && [ "$s4" -le "$hi" ] && echo "ok   $s4 malformed requests got a 4xx (about a tenth)" ||
  { echo "FAIL $s4 4xx answers, expected about $((req / 10)): good requests failed?"; fail=1; }
grep '^4' "$tmp/serve.log" | awk '{print $3}' | sed 's/?.*//' | sort | uniq -c | sort -rn | head -5 | sed 's/^/     4xx /'
[ "$errs" = 0 ] && echo "ok   no connection errors or timeouts" || { echo "FAIL $errs connection errors or timeouts"; fail=1; }
grep -q 'Latency Distribution' "$tmp/wrk.out" && sed -n '/Latency Distribution/,/requests in/p' "$tmp/wrk.out" | sed 's/^/     /'

kill -0 $pid 2>/dev/null && echo "ok   the server is still running" || { echo "FAIL the server died"; fail=1; }
code=$(curl -s -o "$tmp/after.json" -w '%{http_code}' "$base/api/summary")
[ "$code" = 200 ] && jq -e .event_rows "$tmp/after.json" >/dev/null && echo "ok   it still answers: /api/summary 200" ||
  { echo "FAIL /api/summary after the load: HTTP $code"; fail=1; }
kill -TERM $pid
for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
if kill -0 $pid 2>/dev/null; then echo "FAIL no exit 10 s after SIGTERM"; kill -9 $pid; fail=1
else
  wait $pid && echo "ok   SIGTERM: clean exit" || { echo "FAIL SIGTERM: exit status $?"; tail -5 "$tmp/serve.log"; fail=1; }
fi
trap - EXIT
exit $fail
