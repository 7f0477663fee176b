/* pg_shard.c — stage 3 (store): `parley admin shard add`, the scale-out
 * layout of scripts/pg-shard through libpq (parley/admin.h,
 * docs/scale-out.md).
 *
 * The coordinator is opened read-write through the store (so its schema is
 * created or migrated to this parley's version first), then, with its libpq
 * connection: the shards the layout already has are read back from the
 * foreign servers shard_0… and their user mappings; every shard (old and
 * new) gets its tables events_r<year>_h<i> (dropped first), created in one
 * transaction per shard; and the coordinator, in one transaction under the
 * writer lock, gets its servers and user mappings, the partitioned events
 * table with foreign partitions, event_keys (the dedup keys a partitioned
 * table cannot enforce), the events_dedup view, and loses the dyad_day
 * rollup. Nothing is moved: the events table must be empty. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/admin.h"
#include "pg_internal.h"
#include "store_internal.h"

#ifdef PARLEY_HAVE_PQ
#include <libpq-fe.h>
#endif

parley_shard_layout parley_shard_layout_default(void) {
  parley_shard_layout l = {1979, 2040, 5};
  return l;
}

#ifndef PARLEY_HAVE_PQ
int parley_admin_shard_add(const char *coordinator, const char *const *shards, size_t n,
                           const parley_shard_layout *layout, parley_shard_result *res, parley_error *err) {
  (void)coordinator, (void)shards, (void)n, (void)layout, (void)res;
  return parley_error_set(err, PARLEY_EINVAL, NULL, 0,
                          "this parley was built without libpq: no PostgreSQL backend (install libpq-dev, rebuild)");
}
#else

#define SHARD_KEYS 7
static const char *const shard_keys[SHARD_KEYS] = {"host", "port",     "dbname",         "sslmode",
                                                   "user", "password", "connect_timeout"};
enum { K_HOST, K_PORT, K_DB, K_SSL, K_USER, K_PASSWORD, K_TIMEOUT };

typedef struct shard {
  char *v[SHARD_KEYS]; /* NULL: not given */
  char display[320];
  PGconn *conn;
} shard;

static void shard_free(shard *s) {
  for (int k = 0; k < SHARD_KEYS; k++)
    free(s->v[k]);
  if (s->conn) PQfinish(s->conn);
  memset(s, 0, sizeof *s);
}

static void shard_set(shard *s, int k, const char *v) {
  free(s->v[k]);
  s->v[k] = v && *v ? strdup(v) : NULL;
}

static void shard_display(shard *s) {
  snprintf(s->display, sizeof s->display, "postgresql://%s%s%s:%s/%s", s->v[K_USER] ? s->v[K_USER] : "",
           s->v[K_USER] ? "@" : "", s->v[K_HOST] ? s->v[K_HOST] : "localhost", s->v[K_PORT] ? s->v[K_PORT] : "5432",
           s->v[K_DB] ? s->v[K_DB] : "");
}

/* The defaults of scripts/pg-shard: localhost:5432, the user's name as the database, a 5 s connect timeout. */
static void shard_defaults(shard *s) {
  if (!s->v[K_HOST]) shard_set(s, K_HOST, "localhost");
  if (!s->v[K_PORT]) shard_set(s, K_PORT, "5432");
  if (!s->v[K_USER]) {
    const char *u = getenv("USER");
    shard_set(s, K_USER, u && *u ? u : "postgres");
  }
  if (!s->v[K_DB]) shard_set(s, K_DB, s->v[K_USER]);
  if (!s->v[K_TIMEOUT]) shard_set(s, K_TIMEOUT, "5");
  shard_display(s);
}

static int shard_from_uri(shard *s, const char *uri, parley_error *err) {
  memset(s, 0, sizeof *s);
  if (!store_is_pg_uri(uri))
    return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "a shard must be a postgresql:// or postgres:// URI");
  char *msg = NULL;
  PQconninfoOption *o = PQconninfoParse(uri, &msg);
  if (!o) {
    int rc = parley_error_set(err, PARLEY_EINVAL, NULL, 0, "not a valid PostgreSQL URI: %s", msg ? msg : "?");
    PQfreemem(msg);
    return rc;
  }
  for (PQconninfoOption *p = o; p->keyword; p++)
    for (int k = 0; k < SHARD_KEYS; k++)
      if (!strcmp(p->keyword, shard_keys[k]) && p->val && *p->val) shard_set(s, k, p->val);
  PQconninfoFree(o);
  shard_defaults(s);
  return PARLEY_OK;
}

/* "key=value" lines (array_to_string of srvoptions / umoptions) into s. */
static void shard_options(shard *s, const char *lines) {
  const char *p = lines;
  while (p && *p) {
    const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p), *eq = memchr(p, '=', (size_t)(end - p));
    if (eq)
      for (int k = 0; k < SHARD_KEYS; k++)
        if (strlen(shard_keys[k]) == (size_t)(eq - p) && !strncmp(p, shard_keys[k], (size_t)(eq - p))) {
          char *v = strndup(eq + 1, (size_t)(end - eq - 1));
          shard_set(s, k, v);
          free(v);
        }
    p = nl ? nl + 1 : NULL;
  }
}

static int same_place(const shard *a, const shard *b) {
  for (int k = K_HOST; k <= K_DB; k++)
    if (strcmp(a->v[k] ? a->v[k] : "", b->v[k] ? b->v[k] : "")) return 0;
  return 1;
}

static const char *first_line(const char *m, char *buf, size_t size) {
  snprintf(buf, size, "%s", m ? m : "");
  char *nl = strchr(buf, '\n');
  if (nl) *nl = '\0';
  return buf;
}

/* Runs sql; rows in *out (or cleared). Errors name the database. */
static int run(PGconn *c, const char *who, const char *sql, PGresult **out, parley_error *err) {
  if (out) *out = NULL;
  PGresult *r = PQexec(c, sql);
  ExecStatusType st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    char line[512];
    first_line(PQresultErrorMessage(r)[0] ? PQresultErrorMessage(r) : PQerrorMessage(c), line, sizeof line);
    PQclear(r);
    if (PQtransactionStatus(c) == PQTRANS_INERROR) PQclear(PQexec(c, "ROLLBACK"));
    return parley_error_set(err, PARLEY_ESTORE, who, 0, "setting up the shards: %s", line);
  }
  if (out)
    *out = r;
  else
    PQclear(r);
  return PARLEY_OK;
}

static void add(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(sbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || sbuf_reserve(b, (size_t)n + 1)) return;
  va_start(ap, fmt);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

/* A SQL string literal. */
static void lit(sbuf *b, const char *s) {
  sbuf_addc(b, '\'');
  for (; s && *s; s++) {
    if (*s == '\'') sbuf_addc(b, '\'');
    sbuf_addc(b, *s);
  }
  sbuf_addc(b, '\'');
}

/* Reads the shards of an existing layout (servers shard_0, shard_1 … in order). */
static int read_shards(PGconn *c, const char *who, shard **out, size_t *n, parley_error *err) {
  PGresult *r;
  int rc = run(c, who,
               "SELECT s.srvname, array_to_string(s.srvoptions, E'\\n'), (SELECT array_to_string(m.umoptions, "
               "E'\\n') FROM pg_user_mappings m WHERE m.srvid = s.oid AND m.usename = current_user) FROM "
               "pg_foreign_server s WHERE s.srvname ~ '^shard_[0-9]+$' ORDER BY substr(s.srvname, 7)::int",
               &r, err);
  if (rc) return rc;
  size_t rows = (size_t)PQntuples(r);
  *out = calloc(rows ? rows : 1, sizeof **out);
  if (!*out) {
    PQclear(r);
    return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  }
  for (size_t i = 0; i < rows; i++) {
    char want[32];
    snprintf(want, sizeof want, "shard_%zu", i);
    if (strcmp(PQgetvalue(r, (int)i, 0), want)) {
      PQclear(r);
      *n = i;
      return parley_error_set(err, PARLEY_ESTORE, who, 0,
                              "the coordinator's shard servers are not shard_0 … shard_%zu in order (found %s)",
                              rows - 1, PQgetvalue(r, (int)i, 0));
    }
    shard_options(&(*out)[i], PQgetvalue(r, (int)i, 1));
    shard_options(&(*out)[i], PQgetvalue(r, (int)i, 2));
    shard_defaults(&(*out)[i]);
  }
  *n = rows;
  PQclear(r);
  return PARLEY_OK;
}

/* NOTICEs of IF EXISTS / CASCADE are not for the user. */
static void no_notice(void *ctx, const char *message) { (void)ctx, (void)message; }

static int connect_shard(shard *s, size_t i, parley_error *err) {
  const char *keys[SHARD_KEYS + 2], *vals[SHARD_KEYS + 2];
  int n = 0;
  for (int k = 0; k < SHARD_KEYS; k++)
    if (s->v[k]) keys[n] = shard_keys[k], vals[n++] = s->v[k];
  keys[n] = "application_name", vals[n++] = "parley";
  keys[n] = NULL, vals[n] = NULL;
  s->conn = PQconnectdbParams(keys, vals, 0);
  if (!s->conn) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  if (PQstatus(s->conn) != CONNECTION_OK) {
    char line[512];
    return parley_error_set(err, PARLEY_ESTORE, s->display, 0, "cannot connect to shard %zu: %s", i,
                            first_line(PQerrorMessage(s->conn), line, sizeof line));
  }
  PQsetNoticeProcessor(s->conn, no_notice, NULL);
  return PARLEY_OK;
}

typedef struct range {
  char name[32];
  char bound[64];
} range;

int parley_admin_shard_add(const char *coordinator, const char *const *new_uris, size_t n_new,
                           const parley_shard_layout *layout, parley_shard_result *res, parley_error *err) {
  parley_shard_layout lay = layout ? *layout : parley_shard_layout_default();
  if (res) memset(res, 0, sizeof *res);
  if (!coordinator || !store_is_pg_uri(coordinator))
    return parley_error_set(err, PARLEY_EINVAL, NULL, 0,
                            "shards need a PostgreSQL coordinator: give --db postgresql://… (or $PARLEY_DB)");
  if (!n_new) return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "no shard given");
  if (lay.step < 1 || lay.year_from < 1 || lay.year_to <= lay.year_from || lay.year_to > 9999)
    return parley_error_set(err, PARLEY_EINVAL, NULL, 0,
                            "the time ranges need 1 <= --from < --to <= 9999, --step >= 1");
  size_t n_ranges = (size_t)((lay.year_to - lay.year_from + lay.step - 1) / lay.step) + 1;
  if (n_ranges > 1000)
    return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "more than 1000 time ranges: a larger --step");

  parley_store *store = NULL;
  int rc = parley_store_open(coordinator, PARLEY_STORE_READWRITE, &store, err);
  if (rc) return rc;
  PGconn *c = store_pg_conn(store);
  PQnoticeProcessor saved_notice = PQsetNoticeProcessor(c, no_notice, NULL);
  char who[512];
  store_display_name(store, who, sizeof who);
  shard *sh = NULL;
  size_t n_sh = 0, n_old = 0;
  range *rg = NULL;
  sbuf b = {0};
  PGresult *r = NULL;

  /* the layout there now */
  if ((rc = run(c, who, "SELECT relkind FROM pg_class WHERE oid = to_regclass('events')", &r, err))) goto done;
  int partitioned = PQntuples(r) && !strcmp(PQgetvalue(r, 0, 0), "p");
  PQclear(r);
  if ((rc = run(c, who, "SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1) x", &r, err))) goto done;
  int has_rows = atoi(PQgetvalue(r, 0, 0)) > 0;
  PQclear(r);
  if (has_rows) {
    rc = parley_error_set(err, PARLEY_ESTORE, who, 0,
                          "the events table holds rows: shards are added before loading (parley never moves rows "
                          "between shards); set the layout up on a new database, then load through it");
    goto done;
  }
  if (partitioned && (rc = read_shards(c, who, &sh, &n_old, err))) {
    n_sh = n_old;
    goto done;
  }
  n_sh = n_old;
  shard *grown = realloc(sh, (n_old + n_new) * sizeof *sh);
  if (!grown) {
    rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
    goto done;
  }
  sh = grown;
  for (size_t i = 0; i < n_new; i++) {
    if ((rc = shard_from_uri(&sh[n_sh], new_uris[i], err))) goto done;
    n_sh++;
    for (size_t k = 0; k + 1 < n_sh; k++)
      if (same_place(&sh[k], &sh[n_sh - 1])) {
        rc = parley_error_set(err, PARLEY_ESTORE, sh[n_sh - 1].display, 0, "already shard %zu of %s", k, who);
        goto done;
      }
  }

  /* the time ranges */
  rg = calloc(n_ranges, sizeof *rg);
  if (!rg) {
    rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
    goto done;
  }
  size_t nr = 0;
  for (int y = lay.year_from; y < lay.year_to; y += lay.step, nr++) {
    int e = y + lay.step < lay.year_to ? y + lay.step : lay.year_to;
    snprintf(rg[nr].name, sizeof rg[nr].name, "events_r%d", y);
    snprintf(rg[nr].bound, sizeof rg[nr].bound, "FOR VALUES FROM (%d0101) TO (%d0101)", y, e);
  }
  snprintf(rg[nr].name, sizeof rg[nr].name, "events_rdefault");
  snprintf(rg[nr].bound, sizeof rg[nr].bound, "DEFAULT");
  nr++;

  /* the events columns, as CREATE TABLE definitions */
  if ((rc = run(c, who,
                "SELECT format('%I %s%s%s', a.attname, format_type(a.atttypid, a.atttypmod), CASE WHEN "
                "a.attcollation <> 0 AND co.collname <> 'default' THEN ' COLLATE ' || quote_ident(co.collname) ELSE "
                "'' END, CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END) FROM pg_attribute a LEFT JOIN "
                "pg_collation co ON co.oid = a.attcollation WHERE a.attrelid = 'events'::regclass AND a.attnum > 0 "
                "AND NOT a.attisdropped ORDER BY a.attnum",
                &r, err)))
    goto done;
  sbuf cols = {0};
  for (int i = 0; i < PQntuples(r); i++)
    add(&cols, "%s  %s", i ? ",\n" : "", PQgetvalue(r, i, 0));
  PQclear(r);
  r = NULL;

  /* 1. every shard's tables */
  for (size_t i = 0; i < n_sh && !rc; i++) {
    if ((rc = connect_shard(&sh[i], i, err))) break;
    b.len = 0;
    add(&b, "BEGIN;\n");
    for (size_t k = 0; k < nr; k++) {
      const char *t = rg[k].name;
      add(&b, "DROP TABLE IF EXISTS %s_h%zu;\nCREATE TABLE %s_h%zu (\n%s,\n  PRIMARY KEY (id));\n", t, i, t, i,
          cols.s ? cols.s : "");
      add(&b, "CREATE INDEX ON %s_h%zu (source_country, target_country, day);\n", t, i);
      add(&b, "CREATE INDEX ON %s_h%zu (source_code, target_code, day);\n", t, i);
      add(&b, "CREATE INDEX ON %s_h%zu (day);\n", t, i);
      add(&b, "CREATE INDEX ON %s_h%zu (group_id) WHERE group_id IS NOT NULL;\n", t, i);
      add(&b, "CREATE INDEX ON %s_h%zu (doc_id) WHERE doc_id IS NOT NULL;\n", t, i);
    }
    add(&b, "COMMIT;");
    rc = run(sh[i].conn, sh[i].display, b.s, NULL, err);
  }
  if (rc) {
    sbuf_free(&cols);
    goto done;
  }

  /* 2. the coordinator, in one transaction under the writer lock */
  b.len = 0;
  add(&b,
      "BEGIN;\nSET LOCAL lock_timeout = %d;\nSELECT pg_advisory_xact_lock(7250718191);\n"
      "CREATE EXTENSION IF NOT EXISTS postgres_fdw;\n",
      PARLEY_STORE_BUSY_TIMEOUT_MS);
  for (size_t i = 0; i < n_sh; i++) {
    add(&b,
        "DROP SERVER IF EXISTS shard_%zu CASCADE;\nCREATE SERVER shard_%zu FOREIGN DATA WRAPPER postgres_fdw "
        "OPTIONS (",
        i, i);
    for (int k = K_HOST; k <= K_SSL; k++)
      if (sh[i].v[k]) {
        add(&b, "%s ", shard_keys[k]);
        lit(&b, sh[i].v[k]);
        add(&b, ", ");
      }
    add(&b, "connect_timeout ");
    lit(&b, sh[i].v[K_TIMEOUT]);
    add(&b,
        ", async_capable 'true', fetch_size '10000', batch_size '1000', extensions 'postgres_fdw');\n"
        "CREATE USER MAPPING FOR CURRENT_USER SERVER shard_%zu OPTIONS (user ",
        i);
    lit(&b, sh[i].v[K_USER]);
    if (sh[i].v[K_PASSWORD]) {
      add(&b, ", password ");
      lit(&b, sh[i].v[K_PASSWORD]);
    }
    add(&b, ");\n");
  }
  add(&b,
      "DROP TRIGGER IF EXISTS events_dyad_day_insert ON events;\n"
      "DROP TRIGGER IF EXISTS events_dyad_day_delete ON events;\n"
      "DROP TRIGGER IF EXISTS events_dyad_day_update ON events;\n"
      "DROP TABLE IF EXISTS dyad_day;\n"
      "DELETE FROM ask_meta WHERE key = 'dyad_day';\n"
      "DROP TABLE events CASCADE;\n"
      "CREATE TABLE IF NOT EXISTS event_keys (id bigint PRIMARY KEY, origin text COLLATE \"C\" NOT NULL, "
      "event_key text COLLATE \"C\");\n"
      "CREATE UNIQUE INDEX IF NOT EXISTS event_keys_origin_key ON event_keys (origin, event_key);\n"
      "ALTER TABLE claims DROP CONSTRAINT IF EXISTS claims_event_id_fkey;\n"
      "ALTER TABLE claims ADD CONSTRAINT claims_event_id_fkey FOREIGN KEY (event_id) REFERENCES event_keys (id) "
      "ON DELETE CASCADE;\n"
      "CREATE TABLE events (\n%s\n) PARTITION BY RANGE (day);\n",
      cols.s ? cols.s : "");
  sbuf_free(&cols);
  for (size_t k = 0; k < nr; k++) {
    add(&b, "CREATE TABLE %s PARTITION OF events %s PARTITION BY HASH (source_country, target_country);\n", rg[k].name,
        rg[k].bound);
    for (size_t i = 0; i < n_sh; i++)
      add(&b,
          "CREATE FOREIGN TABLE %s_h%zu PARTITION OF %s FOR VALUES WITH (MODULUS %zu, REMAINDER %zu) SERVER "
          "shard_%zu OPTIONS (table_name '%s_h%zu');\n",
          rg[k].name, i, rg[k].name, n_sh, i, i, rg[k].name, i);
  }
  /* the events_dedup view of schema_pg.sql (dropped with events) */
  const char *v = strstr(store_pg_schema_sql, "CREATE OR REPLACE VIEW events_dedup");
  const char *ve = v ? strchr(v, ';') : NULL;
  if (!v || !ve) {
    rc = parley_error_set(err, PARLEY_ESTORE, NULL, 0, "the embedded schema has no events_dedup view");
    goto done;
  }
  sbuf_add(&b, v, (size_t)(ve - v + 1));
  add(&b,
      "\nINSERT INTO store_meta (key, value) VALUES ('layout', 'partitioned: time range, then hash of the dyad "
      "over %zu shards') ON CONFLICT (key) DO UPDATE SET value = excluded.value;\n"
      "UPDATE store_meta SET value = (value::bigint + 1)::text WHERE key = 'pg_write_generation';\n"
      "COMMIT;",
      n_sh);
  if ((rc = run(c, who, b.s, NULL, err))) goto done;
  /* partitionwise aggregation and joins: the shards aggregate their own rows */
  b.len = 0;
  add(&b, "DO $$ BEGIN EXECUTE format('ALTER DATABASE %%I SET enable_partitionwise_aggregate = on', "
          "current_database()); EXECUTE format('ALTER DATABASE %%I SET enable_partitionwise_join = on', "
          "current_database()); END $$");
  if ((rc = run(c, who, b.s, NULL, err))) goto done;
  if (res) {
    res->n_shards = n_sh;
    res->n_added = n_new;
    res->n_ranges = nr;
  }
done:
  for (size_t i = 0; i < n_sh; i++)
    shard_free(&sh[i]);
  free(sh);
  free(rg);
  sbuf_free(&b);
  PQsetNoticeProcessor(c, saved_notice, NULL);
  parley_store_close(store);
  return rc;
}
#endif
