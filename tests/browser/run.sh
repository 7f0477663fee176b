#!/usr/bin/env bash
# run.sh — the browser tests of `parley report` and `parley serve` (stage: present):
# builds a database from the example article and the GDELT 2.0 sample, writes
# `parley report USA RUS`, starts `parley serve --port 0` on loopback, and runs
# ui.test.mjs (node's test runner, playwright-core driving Debian's chromium).
# Screenshots go to $ARTIFACTS (default build/test-artifacts). Not part of
# ctest (it needs chromium and npm packages): .ci/run runs it after installing
# them with scripts/install-deps --with-browser.
# Usage: tests/browser/run.sh [PARLEY-BINARY]   (default build/parley)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
PARLEY=$(realpath "${1:-${PARLEY:-$src/build/parley}}")
export ARTIFACTS=${ARTIFACTS:-$src/build/test-artifacts}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$PARLEY" ] || { echo "run.sh: no parley binary at $PARLEY" >&2; exit 1; }
[ -x "$CHROMIUM" ] || { echo "run.sh: no chromium at $CHROMIUM (scripts/install-deps --with-browser)" >&2; exit 1; }
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
tmp=$(mktemp -d)
mkdir -p "$ARTIFACTS"
ARTIFACTS=$(realpath "$ARTIFACTS") # node runs in tests/browser
unset PARLEY_DICT PARLEY_DB
db=$tmp/ex.db
"$PARLEY" add -q --db "$db" "$src/examples/zh-dense-diplomacy-2025.txt" >/dev/null
"$PARLEY" import gdelt -q --db "$db" "$src/tests/data/store/gdelt2_20191024143000.sample.CSV" >/dev/null
"$PARLEY" report -q --db "$db" USA RUS -o "$ARTIFACTS/report-usa-rus.html"
export REPORT_FILE=$ARTIFACTS/report-usa-rus.html
export FROM_DATE=2025-08-01
CONTACTS=$("$PARLEY" rhythm --db "$db" USA RUS -f json | jq .contacts)
CONTACTS_FROM=$("$PARLEY" rhythm --db "$db" USA RUS --from "$FROM_DATE" -f json | jq .contacts)
export CONTACTS CONTACTS_FROM

"$PARLEY" serve --db "$db" --port 0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
port=
for _ in $(seq 100); do
  port=$(grep -o '127\.0\.0\.1:[0-9]*' "$tmp/serve.out" 2>/dev/null | head -1 | cut -d: -f2) || true
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "run.sh: parley serve did not start"; cat "$tmp/serve.err"; exit 1; }
export SERVE_URL=http://127.0.0.1:$port/
echo "browser tests: report $REPORT_FILE ($CONTACTS contacts), page $SERVE_URL, screenshots in $ARTIFACTS"
st=0
(cd "$here" && node --test --test-reporter=spec ui.test.mjs) 2>&1 | tee "$tmp/node.out" || st=$?
kill -TERM "$pid"
wait "$pid" || { echo "run.sh: parley serve did not exit cleanly on SIGTERM"; st=1; }
ls -1 "$ARTIFACTS"/*.png 2>/dev/null | sed 's/^/artifact: /'
passed=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$tmp/node.out")
failed=$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$tmp/node.out")
[ "${passed:-0}" -gt 0 ] || st=1
[ "${failed:-1}" = 0 ] || st=1
echo "browser: ${passed:-0} passed, ${failed:-?} failed"
exit $st
