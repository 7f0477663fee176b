#!/usr/bin/env bash
# report_example.sh — acceptance test of `parley report` (stage: present) on the
# project's founding example: after `parley add examples/zh-dense-diplomacy-2025.txt`,
# `parley report USA RUS -o FILE.html` writes one self-contained file (no
# external script, style, font or image) with the four SVG charts, one contact
# mark per contact day of `parley rhythm USA RUS` (the calls of 2025-02-12 and
# 2025-12-29 and the Anchorage summit of 2025-08-15 among them), the contested
# drone attack with Russia asserting, Ukraine denying and the EU doubting, and
# labels in Chinese and English; the same input gives the same bytes; bad
# requests exit 1 or 2 with a message. The browser checks are tests/browser.
set -uo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}"
tmp=${PARLEY_TMP:-$(mktemp -d)}/report_example
rm -rf "$tmp" && mkdir -p "$tmp"
unset PARLEY_DICT
export PARLEY_DB=$tmp/ex.db
"$PARLEY" add "$PARLEY_SRC/examples/zh-dense-diplomacy-2025.txt" >/dev/null 2>&1 || { echo "FAIL parley add"; exit 1; }
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

out=$tmp/usa-rus.html
if "$PARLEY" report USA RUS -o "$out" 2>"$tmp/err"; then ok "parley report USA RUS -o FILE ($(wc -c <"$out") bytes)"
else bad "parley report exited $?: $(cat "$tmp/err")"; exit 1; fi

contacts=$("$PARLEY" rhythm USA RUS -f json | jq .contacts)
marks=$(grep -o '<g class="contact[^"]*" data-contact="[0-9]*" tabindex="0">' "$out" | wc -l)
[ "$marks" = "$contacts" ] && [ "$marks" -gt 0 ] && ok "$marks contact marks = parley rhythm's $contacts contact days" ||
  bad "$marks contact marks, parley rhythm has $contacts contact days"
for day in 2025-02-12 2025-08-15 2025-12-29; do
  grep -q "<title>$day: " "$out" && ok "a contact mark on $day" || bad "no contact mark on $day"
done
grep -q '阿拉斯加' "$out" && ok "the Anchorage summit's place and evidence" || bad "no 阿拉斯加 in the report"
for id in chart-timeline chart-contacts chart-goldstein chart-compare; do
  grep -q "<svg [^>]*id=\"$id\"" "$out" && ok "SVG chart $id" || bad "no SVG chart $id"
done
n=$(grep -o '<rect class="bar q[0-9]' "$out" | wc -l)
[ "$n" -gt 0 ] && ok "$n timeline bar segments" || bad "no timeline bars"
claims=$(sed -n '/<table class="claims">/,/<\/table>/p' "$out")
for s in 'stance-badge asserts' 'stance-badge denies' 'stance-badge doubts' 'RUSGOV' 'IGOEUREEC' '否认' '新华网'; do
  grep -q "$s" <<<"$claims" && ok "claims table: $s" || bad "claims table lacks $s"
done
for label in '事件时间线 · Dyad timeline' '接触 · Contacts' '合作–冲突趋势 · Goldstein trend' '争议事件 · Contested events'; do
  grep -q "$label" "$out" && ok "label: $label" || bad "no label $label"
done
# self-contained: nothing to fetch when viewed
if grep -Eq '<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|url\(|@import' "$out"; then bad "the report refers to outside files"
else ok "self-contained: no external script, style, font or image"; fi
# valid UTF-8 and well-formed SVG (each chart parses as XML)
iconv -f UTF-8 -t UTF-8 "$out" >/dev/null 2>&1 && ok "valid UTF-8" || bad "invalid UTF-8"
if command -v python3 >/dev/null; then
  python3 - "$out" <<'EOF' && ok "every SVG chart is well-formed XML" || bad "an SVG chart is not well-formed XML"
import re, sys, xml.dom.minidom
html = open(sys.argv[1], encoding="utf-8").read()
svgs = re.findall(r"<svg .*?</svg>", html, re.S)
assert len(svgs) == 4, len(svgs)
for s in svgs:
    xml.dom.minidom.parseString(s)
EOF
fi

# the same input, the same bytes; standard output; names in Chinese; --vs
"$PARLEY" report USA RUS -o - >"$tmp/again.html" 2>/dev/null
cmp -s "$out" "$tmp/again.html" && ok "deterministic: -o - gives the same bytes" || bad "two runs differ"
"$PARLEY" report 特朗普 普京 --from 2025-01-01 --to 2025-12-31 --vs UKR,EUR -o "$tmp/names.html" 2>/dev/null &&
  grep -q 'data-b="RUSGOV"' "$tmp/names.html" && ok "names in Chinese: 特朗普 普京 → USAGOV RUSGOV, --vs UKR,EUR" ||
  bad "parley report 特朗普 普京 failed"
grep -o 'class="partner-label"[^>]*>[^<]*' "$tmp/names.html" | grep -q 'EUR' && ok "--vs partners in the comparison chart" ||
  bad "--vs partners missing"

# errors
"$PARLEY" report USA Putn -o "$tmp/x.html" 2>"$tmp/err"; st=$?
[ $st = 1 ] && grep -q "did you mean" "$tmp/err" && ok "unknown actor: exit 1, $(cat "$tmp/err")" || bad "unknown actor: exit $st"
"$PARLEY" report USA RUS 2>"$tmp/err"; st=$?
[ $st = 2 ] && ok "no -o: exit 2, $(cat "$tmp/err")" || bad "no -o: exit $st"
"$PARLEY" report USA RUS --from 2025-13 -o "$tmp/x.html" 2>"$tmp/err"; st=$?
[ $st = 2 ] && ok "bad date: exit 2" || bad "bad date: exit $st"
"$PARLEY" report USA RUS --db "$tmp/none.db" -o "$tmp/x.html" 2>"$tmp/err"; st=$?
[ $st = 1 ] && ok "missing database: exit 1, $(cat "$tmp/err")" || bad "missing database: exit $st"
[ ! -e "$tmp/x.html" ] && ok "no file written on errors" || bad "a file was written on an error"
exit $fail
