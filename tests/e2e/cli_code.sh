#!/usr/bin/env bash
# cli_code.sh — `parley code` and `parley dict` as a user runs them: help,
# formats, input kinds, explain, and clear errors with file and line.
set -u
P=${PARLEY:?}; SRC=${PARLEY_SRC:?}
T=${PARLEY_TMP:-/tmp}/cli_code.$$; mkdir -p "$T"; trap 'rm -rf "$T"' EXIT
fails=0; passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

# help and version
check "--version" '"$P" --version | grep -q "^parley [0-9]"'
check "--help lists code" '"$P" --help | grep -q "^  code"'
check "help code" '"$P" help code | grep -q "Usage: parley code"'
check "code --help" '"$P" code --help | grep -q -- "--explain"'
check "dict --help" '"$P" dict --help | grep -q "lookup"'
"$P" nosuch >/dev/null 2>"$T/err"; rc=$?
check "unknown command exits 2" '[ $rc -eq 2 ] && grep -q "unknown command" "$T/err"'

# the example as JSON Lines: valid JSON, the acceptance facts visible
"$P" code "$SRC/examples/zh-dense-diplomacy-2025.txt" > "$T/ex.jsonl"; rc=$?
check "code example exits 0" '[ $rc -eq 0 ]'
check "every line is JSON with the fields" 'python3 -c "
import json,sys
n=0
for l in open(\"$T/ex.jsonl\"):
    e=json.loads(l); n+=1
    for k in (\"id\",\"doc_id\",\"sentence\",\"span\",\"evidence\",\"trigger\",\"pattern\",\"date\",\"date_end\",\"date_basis\",\"source_actor\",\"target_actor\",\"event_code\",\"root_code\",\"quad_class\",\"goldstein\",\"count\",\"claims\"):
        assert k in e, k
assert n > 10
"'
check "drone attack with claims" 'grep "\"event_code\":\"195\"" "$T/ex.jsonl" | grep -q "\"stance\":\"denies\""'
check "spans are byte offsets of the original" 'python3 -c "
import json
raw=open(\"$SRC/examples/zh-dense-diplomacy-2025.txt\",\"rb\").read()
for l in open(\"$T/ex.jsonl\"):
    e=json.loads(l); s,t=e[\"span\"]
    assert e[\"trigger\"].encode() in raw[s:t], (e[\"trigger\"], raw[s:t].decode())
    a,b=e[\"evidence_span\"]; assert raw[a:b].decode()==e[\"evidence\"]
"'

# TSV and table
"$P" code --format tsv "$SRC/examples/zh-dense-diplomacy-2025.txt" > "$T/ex.tsv"
check "tsv header" 'head -1 "$T/ex.tsv" | grep -q "^id	doc_id	sentence"'
check "tsv rows have equal columns" '[ "$(awk -F"\t" "{print NF}" "$T/ex.tsv" | sort -u | wc -l)" -eq 1 ]'
check "table" '"$P" code --format table "$SRC/examples/zh-dense-diplomacy-2025.txt" | grep -q "Employ aerial weapons"'
check "explain goes to stderr" '"$P" code --explain "$SRC/examples/zh-dense-diplomacy-2025.txt" 2>&1 >/dev/null | grep -q "claim  UKR denies"'

# stdin, JSON Lines, HTML
check "stdin" 'printf "Russian President Vladimir Putin met Chinese President Xi Jinping in Moscow on March 21, 2023.\n" | "$P" code --format tsv | grep -q "RUSGOV	RUS	.*CHNGOV"'
printf '{"id":"a1","date":"2025-08-16","text":"俄罗斯总统普京与美国总统特朗普15日在阿拉斯加举行会晤。"}\nnot json\n{"id":"a2","date":"2025-03-01","text":"The United States imposed sanctions on Iran."}\n' > "$T/in.jsonl"
"$P" code --format tsv "$T/in.jsonl" > "$T/j.tsv" 2> "$T/j.err"; rc=$?
check "jsonl: broken line reported with file and line" 'grep -q "in.jsonl:2:" "$T/j.err"'
check "jsonl: exit 1 after a skipped line" '[ $rc -eq 1 ]'
check "jsonl: other documents still coded" 'grep -q "^a1#" "$T/j.tsv" && grep -q "^a2#" "$T/j.tsv"'
check "jsonl: date from the text and metadata" 'grep "^a1#" "$T/j.tsv" | grep -q "2025-08-15"'
printf '<html><head><title>t</title><script>var x="美国与俄罗斯举行会谈";</script></head><body><p>Iran accused Israel of attacking its embassy in Damascus.</p></body></html>' > "$T/p.html"
check "html: text of paragraphs only" '"$P" code --format tsv --date 2024-04-02 "$T/p.html" | grep -q "IRN	.*ISR"'
check "html: no event from scripts" '! "$P" code --format tsv --date 2024-04-02 "$T/p.html" | grep -q "RUS"'

# bad input: clear errors with file and line, non-zero exit
printf 'Russia \xff\xfe attacked.\n' > "$T/bad.txt"
"$P" code "$T/bad.txt" >/dev/null 2>"$T/e1"; rc=$?
check "invalid UTF-8: file:line and exit 1" '[ $rc -eq 1 ] && grep -q "bad.txt:1: invalid UTF-8" "$T/e1"'
: > "$T/empty.txt"
"$P" code "$T/empty.txt" >/dev/null 2>"$T/e2"; rc=$?
check "empty file: error naming it" '[ $rc -eq 1 ] && grep -q "empty.txt" "$T/e2"'
"$P" code "$T/missing.txt" >/dev/null 2>"$T/e3"; rc=$?
check "missing file" '[ $rc -eq 1 ] && grep -q "missing.txt" "$T/e3"'
python3 -c "print('The United States and Russia ' + 'talked and talked '*600000)" > "$T/long.txt"
"$P" code "$T/long.txt" >/dev/null 2>"$T/e4"; rc=$?
check "10 MB line without a full stop is coded, not a crash" '[ $rc -eq 0 ]'

# dictionaries
check "dict check" '"$P" dict check | grep -q "covering 20 of 20 CAMEO roots"'
check "dict lookup 特朗普" '"$P" dict lookup 特朗普 | grep -q "USAGOV"'
check "dict lookup traditional 俄羅斯" '"$P" dict lookup 俄羅斯 | grep -q "RUS"'
mkdir -p "$T/d" && cp -r "$SRC/dict/." "$T/d/"
printf 'actor XXA\nen  Fooland\nrole XXAGOV 2020-01-01 *\n' >> "$T/d/actors/zz-bad.txt"
"$P" dict check --dict "$T/d" >/dev/null 2>"$T/e5"; rc=$?
check "dictionary syntax error: FILE:LINE" '[ $rc -eq 1 ] && grep -q "zz-bad.txt:3: role lines belong to a person" "$T/e5"'
rm "$T/d/actors/zz-bad.txt"; printf '0999 S ~ attack* T\n' >> "$T/d/patterns/en.txt"
"$P" code --dict "$T/d" "$SRC/examples/zh-dense-diplomacy-2025.txt" >/dev/null 2>"$T/e6"; rc=$?
check "unknown event code: FILE:LINE" '[ $rc -eq 1 ] && grep -q "patterns/en.txt:[0-9]*: unknown CAMEO event code .0999." "$T/e6"'

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
