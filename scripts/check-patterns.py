#!/usr/bin/env python3
"""Check parley's verb-pattern and cue files against docs/dictionaries.md.

Usage:
    scripts/check-patterns.py [--codebook CSV] [--counts] [FILE ...]

With no FILE, checks dict/patterns/zh.txt, dict/patterns/en.txt, dict/cues/zh.txt
and dict/cues/en.txt (relative to the repository root).  Pattern files are
recognised by their directory (`patterns/`), cue files by `cues/`.

Pattern lines: `CODE  PATTERN  [| FLAG ...]`
  - CODE is 2-4 digits and exists in the CAMEO code list: dict/cameo/events.tsv when
    it exists, else the CAMEO codebook CSV of ../shared/data (icews_pkg_cameo-codes.csv),
    else no code check (a warning says so).
  - PATTERN elements: S, T, ~ and literals; at least one literal, at most one S and
    one T; no leading, trailing or doubled ~; flags only `sym`, `pair` and `verb`.
  - English literals: lower case, `word` or `word*` (stem of 3+ letters); Chinese
    literals: no `*`, already NFKC-normalised, lower case and simplified (checked with
    the `opencc` command when it is installed).
  - The same pattern may not appear twice (same code: duplicate; other code or
    flags: a conflict the matcher could only break by file order).

Cue lines: `CLASS  word; word; ...` with CLASS one of report, deny, doubt, negate,
pair, he, count, join; every class present (a class given twice is a warning).

Also reported (not errors): how many patterns have neither a T nor a `pair`/`sym` flag,
which the coder cannot turn into events on their own (an event needs a target).

Errors are printed as FILE:LINE: message; the exit status is 1 if there were any.
--counts prints the number of patterns per root and per 3-digit code family.
"""

import argparse
import collections
import csv
import os
import re
import shutil
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_FILES = [
    "dict/patterns/zh.txt",
    "dict/patterns/en.txt",
    "dict/cues/zh.txt",
    "dict/cues/en.txt",
]
CODEBOOK_CANDIDATES = [
    os.path.join(ROOT, "..", "shared", "data", "cameo", "icews_pkg_cameo-codes.csv"),
    "/work/shared/data/cameo/icews_pkg_cameo-codes.csv",
]
FLAGS = {"sym", "pair", "verb"}
CUE_CLASSES = ["report", "deny", "doubt", "negate", "pair", "he", "count", "join"]
SENTENCE_END = set("。！？!?；;")
CJK = re.compile(r"[\u3400-\u9fff]")
EN_LITERAL = re.compile(r"^[a-z0-9][a-z0-9'’.\-]*\*?$")


class Report:
    def __init__(self):
        self.errors = 0
        self.warnings = 0

    def error(self, path, line, msg):
        self.errors += 1
        print(f"{path}:{line}: {msg}")

    def warn(self, path, line, msg):
        self.warnings += 1
        print(f"{path}:{line}: warning: {msg}")


def load_codes(explicit):
    """Return (set of codes, source) or (None, None)."""
    tsv = os.path.join(ROOT, "dict", "cameo", "events.tsv")
    if not explicit and os.path.exists(tsv):
        codes = set()
        with open(tsv, encoding="utf-8") as f:
            for i, row in enumerate(f):
                if i == 0 or not row.strip() or row.lstrip().startswith("#"):
                    continue
                code = row.split("\t")[0].strip()
                if code != "code":
                    codes.add(code)
        if codes:
            return codes, tsv
    for path in ([explicit] if explicit else CODEBOOK_CANDIDATES):
        if path and os.path.exists(path):
            with open(path, encoding="cp1252", errors="replace", newline="") as f:
                return {r["code"].strip() for r in csv.DictReader(f)}, path
    return None, None


def opencc_t2s(texts):
    """Simplified forms of texts via the opencc CLI, or None when unavailable."""
    exe = shutil.which("opencc")
    if not exe or not texts:
        return None
    try:
        out = subprocess.run(
            [exe, "-c", "t2s"], input="\n".join(texts) + "\n",
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return None
    return out[: len(texts)] if len(out) >= len(texts) else None


def normal(s):
    return unicodedata.normalize("NFKC", s).lower()


def check_patterns(path, lang, codes, rep, counts):
    seen = {}
    zh_literals = []  # (line, literal) for the opencc pass
    notarget = [0]
    n = 0
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for lineno, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        n += 1
        if line.count("|") > 1:
            rep.error(path, lineno, "more than one '|'")
            continue
        body, _, flagpart = line.partition("|")
        flags = flagpart.split()
        for fl in flags:
            if fl not in FLAGS:
                rep.error(path, lineno, f"unknown flag {fl!r}")
        if len(set(flags)) != len(flags):
            rep.error(path, lineno, "flag repeated")
        if "|" in line and not flags:
            rep.error(path, lineno, "'|' without flags")
        toks = body.split()
        if len(toks) < 2:
            rep.error(path, lineno, "expected CODE PATTERN")
            continue
        code, elems = toks[0], toks[1:]
        if not re.fullmatch(r"\d{2,4}", code):
            rep.error(path, lineno, f"bad code {code!r}")
        elif codes is not None and code not in codes:
            rep.error(path, lineno, f"code {code} is not a CAMEO code")
        lits = [e for e in elems if e not in ("S", "T", "~")]
        if not lits:
            rep.error(path, lineno, "no literal")
        if elems.count("S") > 1 or elems.count("T") > 1:
            rep.error(path, lineno, "more than one S or T")
        if elems[0] == "~" or elems[-1] == "~":
            rep.error(path, lineno, "pattern starts or ends with ~")
        for a, b in zip(elems, elems[1:]):
            if a == "~" and b == "~":
                rep.error(path, lineno, "doubled ~")
            if {a, b} == {"S", "T"}:
                rep.error(path, lineno, "S and T adjacent")
        for i, e in enumerate(elems):
            if e in ("S", "T") and i > 0 and elems[i - 1] == "~":
                rep.error(path, lineno, f"{e} after ~ (a non-leading slot must follow a literal)")
            if e in ("S", "T") and i > 0 and elems[i - 1] in ("S", "T"):
                rep.error(path, lineno, "two slots in a row")
        if elems[-1] in ("S", "T") and len(elems) >= 2 and elems[-2] == "~":
            pass  # already reported above
        for k, lit in enumerate(lits):
            if lit == "." and k == len(lits) - 1 and lang == "en":
                continue  # the sentence's final full stop: "S ~ called T ."
            if any(ch in SENTENCE_END for ch in lit):
                rep.error(path, lineno, f"literal {lit!r} contains sentence-end punctuation")
            if lit != normal(lit):
                rep.error(path, lineno, f"literal {lit!r} is not NFKC/lower case (write {normal(lit)!r})")
            if lang == "en":
                if not EN_LITERAL.match(lit):
                    rep.error(path, lineno, f"bad English literal {lit!r}")
                elif lit.endswith("*") and len(lit.rstrip("*")) < 3:
                    rep.error(path, lineno, f"prefix {lit!r} too short")
                if CJK.search(lit):
                    rep.error(path, lineno, f"Chinese in English file: {lit!r}")
            else:
                if "*" in lit:
                    rep.error(path, lineno, f"'*' prefix form is English-only: {lit!r}")
                if not CJK.search(lit):
                    rep.warn(path, lineno, f"literal without Chinese: {lit!r}")
                zh_literals.append((lineno, lit))
        key = " ".join(elems)
        if key in seen:
            pline, pcode, pflags = seen[key]
            if pcode == code and pflags == sorted(flags):
                rep.error(path, lineno, f"duplicate of line {pline}")
            else:
                rep.error(path, lineno, f"same pattern as line {pline} with code {pcode}")
        else:
            seen[key] = (lineno, code, sorted(flags))
        counts[code] += 1
        if "T" not in elems and not flags:
            notarget[0] += 1
    if zh_literals:
        simp = opencc_t2s([lit for _, lit in zh_literals])
        if simp is None:
            rep.warn(path, 0, "opencc not found: simplified-Chinese check skipped")
        else:
            for (lineno, lit), s in zip(zh_literals, simp):
                if s != lit:
                    rep.error(path, lineno, f"literal {lit!r} is not simplified Chinese (t2s gives {s!r})")
    return n, notarget[0]


# Chinese only: common two-character words holding a one-character token (docs/dictionaries.md)
ZH_ONLY_CUE_CLASSES = ["word"]


def check_cues(path, lang, rep):
    found = {}
    words_seen = {}  # class "word", over all its lines
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for lineno, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        cls = parts[0]
        if cls not in CUE_CLASSES and not (lang == "zh" and cls in ZH_ONLY_CUE_CLASSES):
            rep.error(path, lineno, f"unknown cue class {cls!r}")
            continue
        if cls in found and cls not in ZH_ONLY_CUE_CLASSES:
            rep.warn(path, lineno, f"class {cls} already given on line {found[cls]} (allowed; the words add up)")
        found[cls] = lineno
        words = [w.strip() for w in (parts[1] if len(parts) > 1 else "").split(";")]
        if not any(words):
            rep.error(path, lineno, "no words")
            continue
        seen = set()
        for w in words:
            if not w:
                rep.error(path, lineno, "empty word (stray ';')")
                continue
            if w in seen:
                rep.error(path, lineno, f"word {w!r} repeated")
            seen.add(w)
            if w != normal(w) and lang == "zh":
                rep.error(path, lineno, f"word {w!r} is not NFKC/lower case")
            if lang == "en" and w != w.lower():
                rep.error(path, lineno, f"word {w!r} is not lower case")
            if cls == "word":
                if len(w) != 2 or not all("\u3400" <= ch <= "\u9fff" for ch in w):
                    rep.error(path, lineno, f"word {w!r} is not two Chinese characters")
                if w in words_seen:
                    rep.error(path, lineno, f"word {w!r} already on line {words_seen[w]}")
                words_seen.setdefault(w, lineno)
    for cls in CUE_CLASSES:
        if cls not in found:
            rep.error(path, 0, f"cue class {cls} missing")
    return len(found)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--codebook", help="CAMEO codebook CSV (icews_pkg_cameo-codes.csv)")
    ap.add_argument("--counts", action="store_true", help="print counts per root and code family")
    args = ap.parse_args()
    files = args.files or [os.path.join(ROOT, f) for f in DEFAULT_FILES]
    codes, source = load_codes(args.codebook)
    rep = Report()
    if codes is None:
        rep.warn("-", 0, "no CAMEO code list found: codes not checked")
    all_counts = {}
    for path in files:
        if not os.path.exists(path):
            rep.error(path, 0, "missing")
            continue
        lang = "zh" if os.path.basename(path).startswith("zh") else "en"
        if os.sep + "cues" + os.sep in os.path.abspath(path):
            k = check_cues(path, lang, rep)
            print(f"{os.path.relpath(path, ROOT)}: {k} cue classes")
        else:
            counts = collections.Counter()
            n, nt = check_patterns(path, lang, codes, rep, counts)
            all_counts[path] = counts
            roots = len({c[:2] for c in counts})
            print(f"{os.path.relpath(path, ROOT)}: {n} patterns, {len(counts)} codes, {roots} roots; "
                  f"{nt} without T and without pair/sym")
    if args.counts and all_counts:
        names = [os.path.relpath(p, ROOT) for p in all_counts]
        roots = sorted({c[:2] for cs in all_counts.values() for c in cs})
        print("\nroot  " + "  ".join(f"{n:>22}" for n in names))
        for r in roots:
            print(f"{r:4}  " + "  ".join(
                f"{sum(v for c, v in cs.items() if c[:2] == r):>22}" for cs in all_counts.values()))
        fams = sorted({c[:3] for cs in all_counts.values() for c in cs if len(c) >= 3})
        print("\nfamily " + "  ".join(f"{n:>22}" for n in names))
        for fam in fams:
            print(f"{fam:6} " + "  ".join(
                f"{sum(v for c, v in cs.items() if c[:3] == fam):>22}" for cs in all_counts.values()))
    if codes is not None:
        print(f"codes checked against {os.path.relpath(source, ROOT) if source.startswith(ROOT) else source}")
    print(f"{rep.errors} error(s), {rep.warnings} warning(s)")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
