#!/usr/bin/env bash
# tests/bad/run.sh — runs the bad-input corpus: every case of tests/bad/cases.txt
# against the parley binary, checking the exact messages and the exit status.
#
# Usage: PARLEY=build/parley [PARLEY_SRC=.] [PARLEY_TMP=/tmp/x] tests/bad/run.sh [CASE...]
# Environment:
#   PARLEY            the binary (required)
#   PARLEY_SRC        the source tree (default: two folders up from this script)
#   PARLEY_TMP        scratch folder (default: a new one under $TMPDIR)
#   PARLEY_BAD_BIG_MB size of the generated "big" inputs in MiB (default 50)
#   PARLEY_VALGRIND=1 run every command under valgrind memcheck: any error or
#                     leak definitely lost fails the case
#   PARLEY_BAD_TIMEOUT seconds allowed per case (default 900)
#
# cases.txt format (one directive a line, '#' comments):
#   case NAME            starts a case; it runs in its own empty folder
#   input FILE           copies tests/bad/inputs/FILE into the folder
#   gen FILE             generates FILE (see gen_file below: big and deep inputs
#                        are made at test time, never committed)
#   dict                 copies tests/bad/dict-base to ./dict
#   dict-set F N TEXT    replaces line N of dict/F by TEXT (printf %b escapes)
#   dict-add F TEXT      appends TEXT as a line to dict/F (printf %b escapes)
#   dict-rm F            removes dict/F (a file or a folder)
#   run ARGS...          the parley arguments (split at spaces)
#   exit N               the expected exit status
#   err TEXT             the next expected line of standard error; the lines
#                        given must be the whole of standard error
#   out TEXT             the next expected line of standard output; when a case
#                        has no out line, standard output is not compared
#   lines N              standard output has exactly N lines
# A case also fails when parley dies of a signal, exceeds the time limit,
# or (with PARLEY_VALGRIND=1) valgrind reports an error.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${PARLEY:?PARLEY must name the parley binary}"
PARLEY=$(cd "$(dirname "$PARLEY")" && pwd)/$(basename "$PARLEY")
src=${PARLEY_SRC:-$(cd "$here/../.." && pwd)}
big_mb=${PARLEY_BAD_BIG_MB:-50}
limit=${PARLEY_BAD_TIMEOUT:-900}
if [ -n "${PARLEY_TMP:-}" ]; then
  mkdir -p "$PARLEY_TMP"
  work=$(mktemp -d "$PARLEY_TMP/bad.XXXXXX")
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/parley-bad.XXXXXX")
fi
trap 'rm -rf "$work"' EXIT
export PARLEY_DICT="$src/dict"
unset PARLEY_DB

only=("$@")

# ---------------------------------------------------------------- generators
rep() { # rep STRING COUNT: STRING repeated COUNT times, no newline
  local s=$1 n=$2 out=$1
  local have=1
  while [ $((have * 2)) -le "$n" ]; do out=$out$out; have=$((have * 2)); done
  printf '%s' "$out"
  [ "$have" -lt "$n" ] && rep "$s" $((n - have))
  return 0
}

gen_file() { # gen_file NAME: writes NAME in the current folder
  local bytes=$((big_mb * 1024 * 1024))
  case "$1" in
  big-line.txt) # one line of ordinary words, no sentence end, no newline
    yes 'the delegates discussed trade and climate policy at length' | tr '\n' ' ' | head -c "$bytes" >"$1" ;;
  big-line-zh.txt) # one line of Chinese text with commas only
    yes '天气很好，代表们讨论了贸易和气候政策，' | tr -d '\n' | head -c $((bytes / 3 * 3)) >"$1" ;;
  big-line.jsonl) # one JSON Lines record of about big_mb MiB
    { printf '{"id":"big","text":"'; yes 'the delegates discussed trade' | tr '\n' ' ' | head -c "$bytes"; printf '"}\n'; } >"$1" ;;
  over-limit.jsonl) # a record over the 64 MiB line limit (whatever big_mb says), then a good one
    { printf '{"id":"big","text":"'; yes 'the delegates discussed trade' | tr '\n' ' ' | head -c $((65 * 1024 * 1024))
      printf '"}\n{"id":"small","text":"Putin met Trump."}\n'; } >"$1" ;;
  big-line-gdelt.CSV) # one 50 MB line without a tab
    { yes 'x' | tr -d '\n' | head -c "$bytes"; printf '\n'; } >"$1" ;;
  big-line-events.jsonl) # one 50 MB line that is not JSON
    { yes 'not json' | tr '\n' ' ' | head -c "$bytes"; printf '\n'; } >"$1" ;;
  full-stops.txt) # 1 MB of 。
    { printf '普京'; rep '。' 349525; } >"$1" ;;
  nested-100k.html) # 100,000 nested elements
    { printf '<html><body>'; rep '<div>' 100000; printf 'Putin met Trump.'; rep '</div>' 100000; printf '</body></html>\n'; } >"$1" ;;
  nested-1000.html) # nested, but within the limit: read and coded
    { printf '<html><body>'; rep '<div>' 1000; printf '<p>Putin met Trump in Alaska.</p>'; rep '</div>' 1000; printf '</body></html>\n'; } >"$1" ;;
  nested-10000.jsonl) # JSON with 10,000 levels of nesting
    { printf '{"id":"deep","text":"Putin met Trump.","tags":'; rep '[' 10000; rep ']' 10000; printf '}\n'; } >"$1" ;;
  nested-events.jsonl)
    { printf '{"id":"deep","source_actor":'; rep '{"a":' 10000; printf '1'; rep '}' 10000; printf '}\n'; } >"$1" ;;
  gdelt-56.CSV | gdelt-62.CSV | gdelt-bad-dates.CSV | gdelt-mixed.CSV)
    local s="$src/tests/data/store/gdelt2_20191024143000.sample.CSV"
    case "$1" in
    gdelt-56.CSV) head -n 2 "$s" | cut -f1-56 >"$1" ;;
    gdelt-62.CSV) head -n 2 "$s" | sed 's/$/\textra/' >"$1" ;;
    gdelt-bad-dates.CSV) head -n 2 "$s" | awk -F'\t' 'BEGIN{OFS="\t"} NR==1{$2="20250230"} NR==2{$2="99999999"} {print}' >"$1" ;;
    gdelt-mixed.CSV) { head -n 1 "$s"; head -n 2 "$s" | tail -n 1 | cut -f1-56; head -n 3 "$s" | tail -n 1 | sed 's/$/\textra/'; head -n 4 "$s" | tail -n 1; } >"$1" ;;
    esac ;;
  gdelt-truncated.zip | gdelt-zip-garbage.zip)
    local s="$src/tests/data/store/gdelt2_20191024143000.sample.CSV"
    if [ "$1" = gdelt-zip-garbage.zip ]; then
      printf 'PK\003\004this is not a zip archive' >"$1"
    else
      # a stored (uncompressed) zip of the sample, cut in half: built with
      # python3's zipfile when available, else gzip -> not a zip at all
      python3 - "$s" "$1" <<'EOF'
import sys, zipfile, io
b = io.BytesIO()
with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
    z.write(sys.argv[1], "20191024143000.export.CSV")
d = b.getvalue()
open(sys.argv[2], "wb").write(d[: len(d) // 2])
EOF
    fi ;;
  acled-dates.csv) # current layout: the header and two rows with impossible dates
    { head -n 1 "$src/tests/data/store/acled_synthetic.csv"
      head -n 2 "$src/tests/data/store/acled_synthetic.csv" | tail -n 1 | sed 's/^XYZ1,2024-03-15,/XYZ3,2025-02-30,/'
      head -n 2 "$src/tests/data/store/acled_synthetic.csv" | tail -n 1 | sed 's/^XYZ1,2024-03-15,/XYZ4,99999999,/'
    } >"$1" ;;
  acled-v6-dates.csv) # the older v6 layout (dd/mm/yyyy)
    { head -n 1 "$src/tests/data/store/acled_v6_synthetic.csv"
      head -n 2 "$src/tests/data/store/acled_v6_synthetic.csv" | tail -n 1 | sed 's|^615,1ABC,,29/12/2015,|615,1ABD,,30/02/2016,|'
      head -n 2 "$src/tests/data/store/acled_v6_synthetic.csv" | tail -n 1 | sed 's|^615,1ABC,,29/12/2015,|615,1ABE,,99999999,|'
    } >"$1" ;;
  icews-dates.tab)
    head -n 2 "$src/tests/data/store/icews_synthetic.tab" |
      awk -F'\t' 'BEGIN{OFS="\t"} NR==1{print} NR==2{$2="2025-02-30"; print; $1="9000099"; $2="99999999"; print}' >"$1" ;;
  not-sqlite.db) printf 'this is not a database, just text\n%.0s' {1..200} >"$1" ;;
  *) echo "run.sh: no generator for $1" >&2; return 1 ;;
  esac
}

# ------------------------------------------------------------------- runner
pass=0
failn=0
failed=()
name=""
declare -a exp_err exp_out setup
exp_exit=""
args=""
nlines=""

run_case() {
  [ -z "$name" ] && return 0
  if [ ${#only[@]} -gt 0 ]; then
    local hit=0
    for o in "${only[@]}"; do [ "$o" = "$name" ] && hit=1; done
    [ $hit -eq 0 ] && return 0
  fi
  local dir="$work/$name"
  mkdir -p "$dir"
  local ok=1 why=""
  (
    cd "$dir" || exit 1
    set +o pipefail # yes | head: yes ends by SIGPIPE
    for s in "${setup[@]}"; do
      set -- $s
      local kind=$1
      shift
      case "$kind" in
      input) cp "$here/inputs/$1" . || exit 1 ;;
      gen) gen_file "$1" || exit 1 ;;
      dict) cp -r "$here/dict-base" dict || exit 1 ;;
      esac
    done
  ) || { ok=0; why="setup failed"; }
  # dictionary edits keep their text exactly (they are stored unsplit)
  for s in "${setup[@]}"; do
    case "$s" in
    "dict-set "*)
      local rest=${s#dict-set } f n text
      f=${rest%% *}; rest=${rest#* }; n=${rest%% *}; text=${rest#* }
      local line
      line=$(printf '%b' "$text")
      awk -v n="$n" -v t="$line" 'NR==n{print t; next} {print}' "$dir/dict/$f" >"$dir/dict/$f.new" && mv "$dir/dict/$f.new" "$dir/dict/$f" ;;
    "dict-add "*)
      local rest=${s#dict-add } f text
      f=${rest%% *}; text=${rest#* }
      printf '%b\n' "$text" >>"$dir/dict/$f" ;;
    "dict-rm "*) rm -rf "${dir:?}/dict/${s#dict-rm }" ;;
    esac
  done
  local vg=()
  if [ "${PARLEY_VALGRIND:-0}" = 1 ]; then
    vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
      --show-leak-kinds=definite --log-file="$dir/valgrind.log")
  fi
  local st=0
  if [ $ok -eq 1 ]; then
    # shellcheck disable=SC2086
    (cd "$dir" && timeout "$limit" "${vg[@]}" "$PARLEY" $args >"$dir/stdout" 2>"$dir/stderr")
    st=$?
    if [ "$st" -eq 124 ]; then
      ok=0; why="timed out after ${limit}s"
    elif [ "$st" -eq 99 ] && [ ${#vg[@]} -gt 0 ]; then
      ok=0; why="valgrind reported errors: $(head -c 3000 "$dir/valgrind.log")"
    elif [ "$st" -ge 128 ]; then
      ok=0; why="killed by signal $((st - 128))"
    elif [ "$st" != "$exp_exit" ]; then
      ok=0; why="exit status $st, expected $exp_exit"
    fi
    if [ $ok -eq 1 ]; then
      local want
      want=$(printf '%s\n' "${exp_err[@]+"${exp_err[@]}"}")
      [ ${#exp_err[@]} -eq 0 ] && want=""
      if [ "$(cat "$dir/stderr")" != "$want" ]; then
        ok=0
        why="standard error differs:"$'\n'"--- expected"$'\n'"$want"$'\n'"--- got"$'\n'"$(head -c 4000 "$dir/stderr")"
      fi
    fi
    if [ $ok -eq 1 ] && [ ${#exp_out[@]} -gt 0 ]; then
      local want
      want=$(printf '%s\n' "${exp_out[@]}")
      if [ "$(cat "$dir/stdout")" != "$want" ]; then
        ok=0
        why="standard output differs:"$'\n'"--- expected"$'\n'"$want"$'\n'"--- got"$'\n'"$(head -c 4000 "$dir/stdout")"
      fi
    fi
    if [ $ok -eq 1 ] && [ -n "$nlines" ]; then
      local got
      got=$(wc -l <"$dir/stdout")
      [ "$got" -eq "$nlines" ] || { ok=0; why="$got lines of output, expected $nlines"; }
    fi
  fi
  if [ $ok -eq 1 ]; then
    pass=$((pass + 1))
    echo "ok   $name"
  else
    failn=$((failn + 1))
    failed+=("$name")
    echo "FAIL $name: parley $args"
    echo "$why" | sed 's/^/     /'
  fi
  rm -rf "$dir"
}

while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
  '' | '#'*) continue ;;
  esac
  key=${line%% *}
  val=""
  [ "$key" != "$line" ] && val=${line#* }
  case "$key" in
  case)
    run_case
    name=$val; exp_err=(); exp_out=(); setup=(); exp_exit=0; args=""; nlines="" ;;
  input | gen) setup+=("$key $val") ;;
  dict) setup+=("dict") ;;
  dict-set | dict-add | dict-rm) setup+=("$key $val") ;;
  run) args=$val ;;
  exit) exp_exit=$val ;;
  err) exp_err+=("$val") ;;
  out) exp_out+=("$val") ;;
  lines) nlines=$val ;;
  *) echo "run.sh: cases.txt: unknown directive '$key'" >&2; exit 2 ;;
  esac
done <"$here/cases.txt"
run_case

echo "bad-inputs: $pass passed, $failn failed"
[ $failn -eq 0 ] || { printf 'failed: %s\n' "${failed[*]}"; exit 1; }
exit 0
