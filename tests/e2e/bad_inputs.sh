#!/usr/bin/env bash
# bad_inputs.sh — end-to-end: the bad-input corpus (tests/bad/cases.txt) against `parley`:
# invalid UTF-8, UTF-16 with BOM, NUL bytes, 50 MB single lines, deeply nested
# HTML and JSON, GDELT rows with 56 and 62 columns, impossible dates, broken
# archives, dictionaries with typos. Each case has its exact messages and exit
# status; see tests/bad/run.sh. PARLEY_BAD_BIG_MB and PARLEY_VALGRIND pass through.
set -euo pipefail
: "${PARLEY:?}" "${PARLEY_SRC:?}"
exec bash "$PARLEY_SRC/tests/bad/run.sh"
