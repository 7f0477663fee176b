#!/usr/bin/env python3
"""compare_stores.py — stage: store. Compares a SQLite parley database with a
PostgreSQL one, table by table, row by row (every column, ids included):
the two backends must store the same rows after the same commands.

  compare_stores.py SQLITE_FILE POSTGRESQL_URI [TABLE...]

Rows are compared as sorted JSON records. Left out: the wall-clock columns
(documents.added_at, imports.finished_at) and the store_meta keys only the
PostgreSQL backend keeps (schema_version, pg_write_generation). The rollup's
Goldstein sums are compared to 1e-9 (PostgreSQL adds a batch's rows before
adding them to the rollup, SQLite one by one). Prints one line per table and
exits 1 on any difference."""
import json
import math
import sqlite3
import subprocess
import sys

TABLES = ["documents", "doc_references", "sentences", "actors", "events", "event_groups", "event_group_sources", "claims",
          "imports", "store_meta", "gdelt_mentions", "dyad_day", "ask_meta", "events_dedup"]
SKIP_COLS = {"documents": {"added_at"}, "imports": {"finished_at"}}
PG_ONLY_META = {"schema_version", "pg_write_generation"}
APPROX = {("dyad_day", "goldstein_sum")}


def sqlite_rows(path, table):
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    try:
        rows = [dict(r) for r in db.execute(f"SELECT * FROM {table}")]
    except sqlite3.OperationalError:
        return None
    return rows


def pg_rows(uri, table):
    sql = f"SELECT coalesce(json_agg(t), '[]')::text FROM {table} t"
    exists = subprocess.run(["psql", "-X", "-At", "-d", uri, "-c", f"SELECT to_regclass('{table}') IS NOT NULL"],
                            capture_output=True, text=True, check=True).stdout.strip()
    if exists != "t":
        return None
    out = subprocess.run(["psql", "-X", "-At", "-d", uri, "-c", sql], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def norm(table, rows):
    skip = SKIP_COLS.get(table, set())
    out = []
    for r in rows:
        r = {k: v for k, v in r.items() if k not in skip}
        if table == "store_meta" and r.get("key") in PG_ONLY_META:
            continue
        out.append(r)
    out.sort(key=lambda r: json.dumps({k: (v if (table, k) not in APPROX else 0) for k, v in r.items()},
                                      sort_keys=True, ensure_ascii=False))
    return out


def same(table, a, b):
    if len(a) != len(b):
        return f"{len(a)} rows in SQLite, {len(b)} in PostgreSQL"
    for i, (x, y) in enumerate(zip(a, b)):
        if set(x) != set(y):
            return f"columns differ: {sorted(set(x) ^ set(y))}"
        for k in x:
            u, v = x[k], y[k]
            if (table, k) in APPROX and isinstance(u, (int, float)) and isinstance(v, (int, float)):
                if not math.isclose(u, v, rel_tol=1e-9, abs_tol=1e-9):
                    return f"row {i} {k}: {u!r} vs {v!r}"
            elif isinstance(u, float) or isinstance(v, float):
                if u is None or v is None or float(u) != float(v):
                    return f"row {i} {k}: SQLite {u!r}, PostgreSQL {v!r}\n  {x}\n  {y}"
            elif u != v:
                return f"row {i} {k}: SQLite {u!r}, PostgreSQL {v!r}\n  {x}\n  {y}"
    return None


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    path, uri = sys.argv[1], sys.argv[2]
    tables = sys.argv[3:] or TABLES
    bad = 0
    for t in tables:
        a, b = sqlite_rows(path, t), pg_rows(uri, t)
        if a is None and b is None:
            continue
        if a is None or b is None:
            print(f"FAIL {t}: only in {'PostgreSQL' if a is None else 'SQLite'}")
            bad = 1
            continue
        diff = same(t, norm(t, a), norm(t, b))
        if diff:
            print(f"FAIL {t}: {diff}")
            bad = 1
        else:
            print(f"ok   {t}: {len(a)} rows identical")
    return bad


if __name__ == "__main__":
    sys.exit(main())
