#!/usr/bin/env bash
# pg_schema.sh — stage: store (PostgreSQL). The PostgreSQL schema keeps up
# with the SQLite one: src/store/pg_schema_sql.c is schema_pg.sql embedded
# as is; a new database made by each backend has the same tables and views,
# with the same columns in the same order, the same indexes and the same
# rollup triggers (by name), and the same schema version. A database made by
# a newer parley (schema version 99) is refused read-write and read-only, and
# a database whose version is older is refused read-only with the advice to
# open it read-write once.
set -euo pipefail
. "$PARLEY_SRC/tests/pg/lib.sh"
dir="$PARLEY_TMP/pg_schema"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"

# 1. the embedded copy (no server needed)
mkdir -p chk/scripts chk/src/store
cp "$PARLEY_SRC/scripts/pg-embed-schema" chk/scripts/
cp "$PARLEY_SRC/src/store/schema_pg.sql" chk/src/store/
sh chk/scripts/pg-embed-schema
if cmp -s chk/src/store/pg_schema_sql.c "$PARLEY_SRC/src/store/pg_schema_sql.c"; then
  echo "ok   pg_schema_sql.c is schema_pg.sql"
else
  echo "FAIL src/store/pg_schema_sql.c differs from schema_pg.sql: run scripts/pg-embed-schema"
  fail=1
fi

pg_begin schema
# 2. both backends create their schema on a first read-write open
"$PARLEY" import icews --db s.db -q "$PARLEY_SRC/tests/data/store/icews_synthetic.tab" >/dev/null 2>&1 || true
"$PARLEY" import icews --db "$PG_URI" -q "$PARLEY_SRC/tests/data/store/icews_synthetic.tab" >/dev/null 2>&1 || true
diff <(sqlite3 s.db "select m.name || '.' || p.cid || '.' || p.name from sqlite_master m, pragma_table_info(m.name) p
                      where m.type in ('table', 'view') order by 1") \
     <(pg_sql "$PG_URI" "select c.relname || '.' || (a.attnum - 1) || '.' || a.attname from pg_class c
                          join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid
                          where n.nspname = current_schema() and c.relkind in ('r', 'v', 'p') and a.attnum > 0
                          and not a.attisdropped order by 1" | LC_ALL=C sort) > cols.diff &&
  echo "ok   same tables, views and columns in the same order" ||
  { echo "FAIL tables/columns differ (< SQLite, > PostgreSQL):"; cat cols.diff; fail=1; }
diff <(sqlite3 s.db "select name from sqlite_master where type = 'index' and name not like 'sqlite_autoindex%' order by 1") \
     <(pg_sql "$PG_URI" "select indexname from pg_indexes where schemaname = current_schema()
                          and indexname not in (select conname from pg_constraint) order by 1" |
       grep -v '^gdelt_mentions_key$' | LC_ALL=C sort) > idx.diff &&
  echo "ok   same indexes" || { echo "FAIL indexes differ (< SQLite, > PostgreSQL):"; cat idx.diff; fail=1; }
diff <(sqlite3 s.db "select name from sqlite_master where type = 'trigger' order by 1") \
     <(pg_sql "$PG_URI" "select distinct tgname from pg_trigger where not tgisinternal order by 1") > trg.diff &&
  echo "ok   same triggers" || { echo "FAIL triggers differ:"; cat trg.diff; fail=1; }
check "schema version" "$(sqlite3 s.db "pragma user_version")" \
  "$(pg_sql "$PG_URI" "select value from store_meta where key = 'schema_version'")"

# 3. versions
pg_sql "$PG_URI" "update store_meta set value = '99' where key = 'schema_version'"
out=$("$PARLEY" import icews --db "$PG_URI" -q "$PARLEY_SRC/tests/data/store/icews_synthetic.tab" 2>&1 || true)
grep -q "newer than this parley's" <<<"$out" && echo "ok   newer schema refused" || { echo "FAIL newer: $out"; fail=1; }
pg_sql "$PG_URI" "update store_meta set value = '1' where key = 'schema_version'"
out=$(PARLEY_DB=$PG_URI "$PARLEY" import icews -q --force "$PARLEY_SRC/tests/data/store/icews_synthetic.tab" 2>&1 || true)
check "an older version is migrated on a read-write open (\$PARLEY_DB)" "5" \
  "$(pg_sql "$PG_URI" "select value from store_meta where key = 'schema_version'")"

# 4. version 4 -> 5 moves GDELT fields out of extra_json (as SQLite's test_store
# a_version_4_database_gets_typed_gdelt_columns): rows as a version 4 parley
# stored them (tests/data/store/gdelt_v4_events.sql) are put back into a
# version 5 import of the same files, the v5 columns emptied, the version set to
# 4; after a read-write open, the GDELT export must be the files again
d="$PARLEY_SRC/tests/data/store"
pg_sql "$PG_URI" "truncate events, dyad_day, imports cascade"
"$PARLEY" import gdelt --db "$PG_URI" -q "$d/gdelt_v4_events.CSV" "$d/gdelt_v4_events.tsv" >/dev/null
sqlite3 v4.db <"$d/schema_v4.sql"
sqlite3 v4.db <"$d/gdelt_v4_events.sql"
{
  # the v5 columns: those after target_type
  echo "update events set $(pg_sql "$PG_URI" "select string_agg(attname || ' = null', ', ' order by attnum)
    from pg_attribute where attrelid = 'events'::regclass and not attisdropped and attnum > (select attnum
    from pg_attribute where attrelid = 'events'::regclass and attname = 'target_type')");"
  sqlite3 v4.db "select 'update events set extra_json = ' || quote(extra_json) || ' where origin = ' ||
                 quote(origin) || ' and event_key = ' || quote(event_key) || ';' from events"
  echo "update store_meta set value = '4' where key = 'schema_version';"
} >to_v4.sql
check "the version 4 rows are in place" "0" "$(pg_sql "$PG_URI" "$(cat to_v4.sql) select count(*) from events where date_added is not null")"
"$PARLEY" import icews --db "$PG_URI" -q --force "$PARLEY_SRC/tests/data/store/icews_synthetic.tab" >/dev/null 2>&1 || true
check "version 4 migrated" "5" "$(pg_sql "$PG_URI" "select value from store_meta where key = 'schema_version'")"
check "no geography left in extra_json" "0" "$(pg_sql "$PG_URI" "select count(*) from events where extra_json like '%Geo%'")"
check "non-integer fields kept in extra_json" "1" \
  "$(pg_sql "$PG_URI" "select count(*) from events where event_key = '999000001' and is_root is null and
                      extra_json::jsonb ->> 'IsRootEvent' = 'yes' and extra_json::jsonb ->> 'DATEADDED' = '2019-10-24'")"
"$PARLEY" events --db "$PG_URI" --origin gdelt2 -f gdelt | LC_ALL=C sort >v5.CSV
LC_ALL=C sort "$d/gdelt_v4_events.CSV" >want.CSV
if cmp -s v5.CSV want.CSV; then echo "ok   migrated GDELT 2.0 rows export as the file"; else
  echo "FAIL migrated GDELT 2.0 rows differ from the file:"; diff v5.CSV want.CSV | head -5; fail=1; fi
exit $fail
