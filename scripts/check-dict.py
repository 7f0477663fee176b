#!/usr/bin/env python3
"""Checks parley's actor dictionaries (dict/actors/*.txt) and the CAMEO table beyond what the
loader checks: well-formed blocks, codes, dates and role order, and names that collide once
normalised the way parley matches them (NFKC, lower case, OpenCC t2s for Chinese).

Usage: scripts/check-dict.py [DICT_DIR]   (default: dict/ next to this script's parent)
Exit status 1 on errors; warnings (deliberate collisions, same-record duplicates) are printed
but do not fail. Needs python3; uses the `opencc` command (t2s.json) when it is installed.

Errors:   malformed lines, bad codes/dates, role fallback not last, a title agent that is not a
          CAMEO type, a place whose country has no actor, a person role whose country is unknown,
          the same normalised name on two records of the same kind class (names vs titles).
Warnings: a name listed twice in one record; a zh name that t2s would change (write it
          simplified); a name used both by a title and by an actor/person/place.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import unicodedata

HEADERS = ("actor", "person", "place", "title")
CAMEO_TYPES = set("COP GOV INS JUD MIL OPP REB SEP SPY UAF AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI "
                  "LAB LEG MED REF MOD RAD AMN IRC GRP UNO PKO UIS IGO IMG INT MNC NGM NGO SET".split())
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def t2s_all(strings):
    """Converts a list of strings with OpenCC t2s; identity when opencc is missing."""
    exe = shutil.which("opencc")
    if not exe or not strings:
        return list(strings)
    data = "\n".join(s.replace("\n", " ") for s in strings) + "\n"
    out = subprocess.run([exe, "-c", "t2s.json"], input=data.encode("utf-8"), stdout=subprocess.PIPE,
                         check=True).stdout.decode("utf-8")
    res = out.split("\n")[: len(strings)]
    return res if len(res) == len(strings) else list(strings)


def valid_date(s):
    if s == "*":
        return True
    if not DATE.match(s):
        return False
    y, m, d = map(int, s.split("-"))
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return False
    mdays = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31,
             30, 31]
    return d <= mdays[m - 1]


def parse(path, errors):
    recs = []
    cur = None
    with open(path, encoding="utf-8") as f:
        for ln, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            kw, _, rest = line.partition(" ")
            rest = rest.strip()
            where = "%s:%d" % (os.path.relpath(path), ln)
            if kw in HEADERS:
                m = re.match(r'^(\S+)((?:\s+(?:country=[A-Z]{3}|name="[^"]*"))*)\s*$', rest)
                if not m:
                    errors.append("%s: malformed %s header: %r" % (where, kw, rest))
                    cur = None
                    continue
                code = m.group(1)
                attrs = m.group(2)
                country = re.search(r"country=([A-Z]{3})", attrs)
                name = re.search(r'name="([^"]*)"', attrs)
                cur = {"kind": kw, "code": code, "country": country.group(1) if country else None,
                       "name": name.group(1) if name else code, "where": where, "en": [], "zh": [], "abbr": [],
                       "roles": [], "file": os.path.basename(path)}
                recs.append(cur)
                if kw == "person":
                    if not re.match(r"^[A-Z0-9_]{3,30}$", code):
                        errors.append("%s: bad person id %r" % (where, code))
                elif not re.match(r"^[A-Z]{3,30}$", code):
                    errors.append("%s: bad code %r (capital letters A-Z)" % (where, code))
                elif kw == "actor" and len(code) % 3:
                    errors.append("%s: actor code %r is not made of 3-letter parts" % (where, code))
                if kw in ("title", "place") and len(code) != 3:
                    errors.append("%s: %s code must have 3 letters: %r" % (where, kw, code))
                if kw == "title" and code not in CAMEO_TYPES:
                    errors.append("%s: title agent %r is not a CAMEO actor type" % (where, code))
                continue
            if cur is None:
                errors.append("%s: %r outside a block" % (where, kw))
                continue
            if kw == "role":
                parts = rest.split()
                if cur["kind"] != "person":
                    errors.append("%s: role outside a person" % where)
                elif len(parts) != 3 or not re.match(r"^[A-Z]{3,30}$", parts[0]):
                    errors.append("%s: expected 'role CODE FROM TO'" % where)
                elif not (valid_date(parts[1]) and valid_date(parts[2])):
                    errors.append("%s: bad date in %r" % (where, rest))
                elif parts[1] != "*" and parts[2] != "*" and parts[1] >= parts[2]:
                    errors.append("%s: role ends before it begins: %r" % (where, rest))
                else:
                    cur["roles"].append((parts[0], parts[1], parts[2], where))
                continue
            if kw in ("en", "zh", "abbr"):
                names = [x.strip() for x in rest.split(";")]
                if any(not x for x in names):
                    errors.append("%s: empty name in list" % where)
                for x in names:
                    if not x:
                        continue
                    if kw == "abbr" and len(x) != 1:
                        errors.append("%s: abbr %r is not one character" % (where, x))
                    if kw == "en" and re.search(r"[\u3400-\u9fff]", x):
                        errors.append("%s: Chinese characters in an en name: %r" % (where, x))
                    if kw in ("zh", "abbr") and not re.search(r"[\u3400-\u9fff]", x):
                        errors.append("%s: zh name without Chinese characters: %r" % (where, x))
                    cur[kw].append((x, where))
                continue
            errors.append("%s: unknown line type %r" % (where, kw))
    return recs


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ddir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "dict")
    errors, warnings = [], []
    recs = []
    files = sorted(glob.glob(os.path.join(ddir, "actors", "*.txt")))
    if not files:
        print("no actor files in %s/actors" % ddir)
        return 1
    for path in files:
        recs += parse(path, errors)

    actors = {r["code"]: r for r in recs if r["kind"] == "actor"}
    countries = {c for c in actors if len(c) == 3}
    seen_ids = {}
    for r in recs:
        if r["kind"] in ("actor", "person"):
            if r["code"] in seen_ids:
                errors.append("%s: %s %s already defined at %s" % (r["where"], r["kind"], r["code"], seen_ids[r["code"]]))
            seen_ids.setdefault(r["code"], r["where"])
        if r["kind"] in ("actor", "person", "place") and not (r["en"] or r["zh"] or r["abbr"]):
            errors.append("%s: %s %s has no names" % (r["where"], r["kind"], r["code"]))
        if r["kind"] == "place" and r["code"] not in countries:
            errors.append("%s: place country %s has no actor" % (r["where"], r["code"]))
        if r["kind"] == "actor" and not r["code"].startswith(("IGO", "NGO")) and len(r["code"]) > 3:
            if r["code"][:3] not in countries:
                errors.append("%s: %s: country %s has no actor" % (r["where"], r["code"], r["code"][:3]))
        if r["kind"] == "person":
            if not r["roles"]:
                errors.append("%s: person %s has no role" % (r["where"], r["code"]))
            for i, (code, fr, to, where) in enumerate(r["roles"]):
                if fr == "*" and to == "*" and i != len(r["roles"]) - 1:
                    errors.append("%s: fallback role '%s * *' must be the last role" % (where, code))
                if code.startswith(("IGO", "NGO")):
                    if code not in actors:
                        errors.append("%s: role code %s is not an actor" % (where, code))
                elif code[:3] not in countries:
                    errors.append("%s: role country %s has no actor" % (where, code[:3]))
                elif len(code) > 3 and code[3:6] not in CAMEO_TYPES:
                    errors.append("%s: role agent %s is not a CAMEO type" % (where, code[3:6]))
            dated = [x for x in r["roles"] if not (x[1] == "*" and x[2] == "*")]
            for i in range(len(dated)):
                for j in range(i + 1, len(dated)):
                    a, b = dated[i], dated[j]
                    a0, a1 = a[1] if a[1] != "*" else "0000", a[2] if a[2] != "*" else "9999"
                    b0, b1 = b[1] if b[1] != "*" else "0000", b[2] if b[2] != "*" else "9999"
                    if a0 < b1 and b0 < a1 and a[0] != b[0] and b[1] != "*":
                        warnings.append("%s: roles %s %s-%s and %s %s-%s overlap (the first listed wins)"
                                        % (b[3], a[0], a[1], a[2], b[0], b[1], b[2]))

    # normalised names
    entries = []
    for r in recs:
        for lang in ("en", "zh", "abbr"):
            for x, where in r[lang]:
                entries.append((lang, x, where, r))
    zh_raw = [unicodedata.normalize("NFKC", x) for lang, x, _, _ in entries if lang != "en"]
    zh_conv = t2s_all(zh_raw)
    conv = dict(zip(zh_raw, zh_conv))
    index = {}
    for lang, x, where, r in entries:
        k = unicodedata.normalize("NFKC", x).lower()
        if lang != "en":
            k = unicodedata.normalize("NFKC", x)
            if conv.get(k, k) != k:
                warnings.append("%s: %r becomes %r after t2s: write the simplified form" % (where, x, conv[k]))
            k = conv.get(k, k).lower()
        key = ("en" if lang == "en" else "zh", k, lang == "abbr")
        index.setdefault(key, []).append((where, r, x))
    n_cross = 0
    for key, uses in sorted(index.items()):
        ids = {(u[1]["kind"], u[1]["code"], id(u[1])) for u in uses}
        if len(ids) == 1:
            if len(uses) > 1:
                warnings.append("%s: %r listed %d times in %s %s" % (uses[1][0], key[1], len(uses), uses[0][1]["kind"],
                                                                     uses[0][1]["code"]))
            continue
        kinds = {u[1]["kind"] for u in uses}
        desc = ", ".join("%s %s (%s)" % (u[1]["kind"], u[1]["code"], u[0]) for u in uses)
        if "title" in kinds and len(kinds) > 1:
            warnings.append("name %r is both a title and a name: %s" % (key[1], desc))
            n_cross += 1
        else:
            errors.append("name %r (%s) maps to several records: %s" % (key[1], key[0], desc))

    counts = {}
    for r in recs:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    n_en = sum(1 for e in entries if e[0] == "en")
    n_zh = sum(1 for e in entries if e[0] == "zh")
    n_ab = sum(1 for e in entries if e[0] == "abbr")
    n_roles = sum(len(r["roles"]) for r in recs)

    ev = os.path.join(ddir, "cameo", "events.tsv")
    n_ev = 0
    if os.path.exists(ev):
        header_seen = False
        with open(ev, encoding="utf-8") as f:
            for ln, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line or (line.startswith("#") and not header_seen):
                    continue
                cols = line.split("\t")
                if not header_seen:
                    if cols != ["code", "name", "goldstein", "quad_class"]:
                        errors.append("%s:%d: bad header %r" % (ev, ln, line))
                    header_seen = True
                    continue
                if len(cols) != 4 or not re.match(r"^\d{2,4}$", cols[0]) or cols[1] != cols[1].strip() or not cols[1]:
                    errors.append("%s:%d: bad row %r" % (ev, ln, line))
                    continue
                try:
                    g = float(cols[2])
                    q = int(cols[3])
                except ValueError:
                    errors.append("%s:%d: non-numeric value in %r" % (ev, ln, line))
                    continue
                root = int(cols[0][:2])
                want = 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4
                if not -10 <= g <= 10 or q != want:
                    errors.append("%s:%d: bad goldstein/quad_class in %r" % (ev, ln, line))
                n_ev += 1

    for w in warnings:
        print("warning: " + w)
    for e in errors:
        print("error: " + e)
    print("actors %d, people %d (roles %d), places %d, titles %d; names: en %d, zh %d, abbr %d; "
          "title/name overlaps %d; CAMEO codes %d; %d errors, %d warnings"
          % (counts.get("actor", 0), counts.get("person", 0), n_roles, counts.get("place", 0), counts.get("title", 0),
             n_en, n_zh, n_ab, n_cross, n_ev, len(errors), len(warnings)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
