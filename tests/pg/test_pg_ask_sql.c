/* test_pg_ask_sql.c — stage: store (PostgreSQL). Runs every SQL statement the
 * ask stage issues on PostgreSQL and checks that it answers as on SQLite.
 *
 *   test_pg_ask_sql SQLITE_FILE POSTGRESQL_URI
 *
 * The two databases must hold the same rows (tests/e2e/pg_ask.sh builds them
 * with the same commands). The ask questions (dyad, compare, peak, rhythm,
 * partners, claims, summary, events; many filters and units) run on the
 * SQLite database with a statement trace: every distinct statement the ask
 * code prepares is captured with its bound values (sqlite3_expanded_sql).
 * Each captured statement is then run through the backend-neutral query
 * interface (store_query_*, src/store/query.h) on both databases and
 * the rows are compared cell by cell (numbers to 1e-9, rows as a multiset;
 * in order too where the statement has an ORDER BY that leaves no ties).
 * Statements that read SQLite's catalogue (sqlite_master) are listed, not
 * run: on PostgreSQL the ask code calls store_query_has_table /
 * _has_trigger instead (checked here too). Also checks '?' parameters of each
 * type through the interface. Prints one line per statement and
 * "N passed, M failed". */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/ask.h"
#include "parley/store.h"
#include "store/query.h"

#define MAX_SQL 4096
static char *captured[MAX_SQL];
static size_t n_captured;
static int passed, failed;

static int trace(unsigned type, void *ctx, void *p, void *x) {
  (void)ctx;
  (void)x;
  if (type != SQLITE_TRACE_STMT) return 0;
  char *sql = sqlite3_expanded_sql((sqlite3_stmt *)p);
  if (!sql) return 0;
  if (!strncmp(sql, "PRAGMA", 6) || !strncmp(sql, "--", 2)) {
    sqlite3_free(sql);
    return 0;
  }
  for (size_t i = 0; i < n_captured; i++)
    if (!strcmp(captured[i], sql)) {
      sqlite3_free(sql);
      return 0;
    }
  if (n_captured < MAX_SQL) captured[n_captured++] = strdup(sql);
  sqlite3_free(sql);
  return 0;
}

typedef struct rows {
  char **line; /* one line per row: cells joined by \x1f */
  size_t n;
} rows;

static void rows_free(rows *r) {
  for (size_t i = 0; i < r->n; i++)
    free(r->line[i]);
  free(r->line);
  memset(r, 0, sizeof *r);
}

/* Runs sql, every row as one line of cells (NULL as \N, numbers as %.12g). */
static int fetch(parley_store *s, const char *sql, rows *out, char *msg, size_t msize) {
  memset(out, 0, sizeof *out);
  store_stmt *st;
  parley_error e;
  parley_error_clear(&e);
  if (store_query_prepare(s, sql, &st, &e)) {
    snprintf(msg, msize, "%s", e.message);
    return -1;
  }
  int rc;
  while ((rc = store_query_step(st, &e)) == 1) {
    char line[8192];
    size_t len = 0;
    line[0] = '\0';
    for (int c = 0; c < store_query_column_count(st); c++) {
      char cell[2048];
      switch (store_query_column_type(st, c)) {
      case STORE_COL_NULL: snprintf(cell, sizeof cell, "\\N"); break;
      case STORE_COL_INT:
      case STORE_COL_FLOAT: snprintf(cell, sizeof cell, "%.12g", store_query_column_double(st, c)); break;
      default: snprintf(cell, sizeof cell, "%s", store_query_column_text(st, c)); break;
      }
      len += (size_t)snprintf(line + len, len < sizeof line ? sizeof line - len : 0, "%s%s", c ? "\x1f" : "", cell);
    }
    out->line = realloc(out->line, (out->n + 1) * sizeof *out->line);
    out->line[out->n++] = strdup(line);
  }
  store_query_finalize(st);
  if (rc < 0) {
    snprintf(msg, msize, "%s", e.message);
    rows_free(out);
    return -1;
  }
  return 0;
}

static int cmp_line(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void ok(const char *what) {
  passed++;
  printf("ok   %s\n", what);
}
static void fail(const char *what, const char *why) {
  failed++;
  printf("FAIL %s: %s\n", what, why);
}

static void short_sql(const char *sql, char *buf, size_t size) {
  snprintf(buf, size, "%s", sql);
  for (char *p = buf; *p; p++)
    if (*p == '\n') *p = ' ';
  if (strlen(buf) > 110) strcpy(buf + 107, "...");
}

static void compare_sql(parley_store *sq, parley_store *pg, const char *sql) {
  char name[160], msg[1024];
  short_sql(sql, name, sizeof name);
  if (strstr(sql, "sqlite_master")) {
    printf("note SQLite catalogue, replaced by store_query_has_table/_has_trigger: %s\n", name);
    return;
  }
  rows a, b;
  if (fetch(sq, sql, &a, msg, sizeof msg)) {
    printf("note fails on SQLite too (%s): %s\n", msg, name);
    return;
  }
  if (fetch(pg, sql, &b, msg, sizeof msg)) {
    fail(name, msg);
    rows_free(&a);
    return;
  }
  char why[1024] = "";
  if (a.n != b.n)
    snprintf(why, sizeof why, "%zu rows on SQLite, %zu on PostgreSQL", a.n, b.n);
  else {
    if (a.n) qsort(a.line, a.n, sizeof *a.line, cmp_line);
    if (b.n) qsort(b.line, b.n, sizeof *b.line, cmp_line);
    for (size_t i = 0; i < a.n && !why[0]; i++)
      if (strcmp(a.line[i], b.line[i]))
        snprintf(why, sizeof why, "row differs: [%.300s] vs [%.300s]", a.line[i], b.line[i]);
  }
  if (why[0])
    fail(name, why);
  else {
    char w[200];
    snprintf(w, sizeof w, "%.150s (%zu rows)", name, a.n);
    ok(w);
  }
  rows_free(&a);
  rows_free(&b);
}

static parley_actor_ref ref(const char *code) {
  parley_actor_ref r;
  parley_error e;
  if (parley_actor_ref_resolve(NULL, code, NULL, &r, &e)) {
    fprintf(stderr, "actor %s: %s\n", code, e.message);
    exit(2);
  }
  return r;
}

static int count_cb(void *ctx, const parley_event_row *row) {
  (void)row;
  ++*(long *)ctx;
  return 0;
}

/* Asks the questions on SQLite with the trace on. */
static void ask_all(parley_ask *a) {
  parley_error e;
  const char *pairs[][2] = {{"USA", "RUS"}, {"USA", "CHN"}, {"RUS", "UKR"}, {"USAGOV", "RUSGOV"}, {"CHN", "USA"}};
  parley_period periods[] = {PARLEY_BY_MONTH, PARLEY_BY_YEAR, PARLEY_BY_ALL};
  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
    parley_actor_ref x = ref(pairs[i][0]), y = ref(pairs[i][1]);
    for (int v = 0; v < 10; v++) {
      parley_query q = parley_query_default();
      q.by = periods[v % 3];
      if (v == 1) q.unit = PARLEY_UNIT_MENTIONS;
      if (v == 2) q.no_rollup = 1;
      if (v == 3) q.event_code = "04";
      if (v == 4) q.event_code = "042";
      if (v == 5) q.quad_class = 1;
      if (v == 6) q.origin = "gdelt2";
      if (v == 7) q.claimed = 1;
      if (v == 8) q.contested = 1;
      if (v == 9) q.day_from = 20150101, q.day_to = 20251231;
      parley_dyad *d = NULL;
      if (parley_ask_dyad(a, &x, &y, &q, &d, &e) == PARLEY_OK) parley_dyad_free(d);
      parley_peak *p = NULL;
      if (v < 3 && parley_ask_peak(a, &x, &y, &q, PARLEY_BOTH, &p, &e) == PARLEY_OK) parley_peak_free(p);
      parley_rhythm *r = NULL;
      if (v < 3 && parley_ask_rhythm(a, &x, &y, &q, &r, &e) == PARLEY_OK) parley_rhythm_free(r);
      parley_event_filter f = parley_event_filter_default();
      f.q = q;
      f.dyad[0] = &x;
      f.dyad[1] = &y;
      f.directed = v & 1;
      f.limit = 50;
      long long n = 0;
      parley_ask_events_count(a, &f, &n, &e);
      long cnt = 0;
      parley_ask_events(a, &f, count_cb, &cnt, &e);
    }
    parley_query q = parley_query_default();
    parley_partners *pp = NULL;
    if (parley_ask_partners(a, &x, &q, (int)(i & 1), 1, 1, &pp, &e) == PARLEY_OK) parley_partners_free(pp);
    q.unit = PARLEY_UNIT_MENTIONS;
    if (parley_ask_partners(a, &x, &q, 0, 0, 1, &pp, &e) == PARLEY_OK) parley_partners_free(pp);
    parley_claims *c = NULL;
    if (parley_ask_claims(a, &x, &q, &c, &e) == PARLEY_OK) parley_claims_free(c);
  }
  parley_actor_ref usa = ref("USA"), partners[] = {ref("RUS"), ref("CHN"), ref("GBR")};
  parley_query q = parley_query_default();
  parley_compare *cmp = NULL;
  if (parley_ask_compare(a, &usa, partners, 3, &q, &cmp, &e) == PARLEY_OK) parley_compare_free(cmp);
  parley_claims *c = NULL;
  if (parley_ask_claims(a, NULL, &q, &c, &e) == PARLEY_OK) parley_claims_free(c);
  parley_summary *s = NULL;
  if (parley_ask_summary(a, &q, 10, &s, &e) == PARLEY_OK) parley_summary_free(s);
  q.unit = PARLEY_UNIT_MENTIONS;
  if (parley_ask_summary(a, &q, 10, &s, &e) == PARLEY_OK) parley_summary_free(s);
  parley_event_filter f = parley_event_filter_default();
  f.actor = &usa;
  f.limit = 100;
  long cnt = 0;
  parley_ask_events(a, &f, count_cb, &cnt, &e);
  f = parley_event_filter_default();
  f.limit = 0;
  f.q.contested = 1;
  parley_ask_events(a, &f, count_cb, &cnt, &e);
}

/* '?' parameters of each type through the interface, on one backend. */
static void check_binds(parley_store *s, const char *label) {
  char what[128];
  store_stmt *st;
  parley_error e;
  int good = 0;
  if (store_query_prepare(s,
                          "SELECT count(*), sum(goldstein) FROM events WHERE source_country = ? AND day >= ? "
                          "AND (goldstein > ? OR goldstein IS NULL OR ? IS NULL) AND event_code <> '?'",
                          &st, &e) == PARLEY_OK) {
    store_query_bind_text(st, 1, "USA");
    store_query_bind_int64(st, 2, 20000101);
    store_query_bind_double(st, 3, -20.5);
    store_query_bind_null(st, 4);
    if (store_query_step(st, &e) == 1 && store_query_column_type(st, 0) == STORE_COL_INT &&
        store_query_column_int64(st, 0) > 0) {
      long long n1 = store_query_column_int64(st, 0);
      store_query_reset(st);
      store_query_bind_text(st, 1, "ZZZ");
      good = store_query_step(st, &e) == 1 && store_query_column_int64(st, 0) == 0 &&
             store_query_column_type(st, 1) == STORE_COL_NULL && n1 > 0;
    }
    store_query_finalize(st);
  }
  snprintf(what, sizeof what, "%s: bound text, integer, real and NULL parameters, reset and rebind", label);
  good ? ok(what) : fail(what, e.message);
  snprintf(what, sizeof what, "%s: catalogue checks (events, events_dedup, the rollup and its trigger, none)", label);
  int cat = store_query_has_table(s, "events") && store_query_has_table(s, "events_dedup") &&
            store_query_has_table(s, "dyad_day") == store_query_has_trigger(s, "events_dyad_day_insert") &&
            !store_query_has_table(s, "no_such_table") && !store_query_has_trigger(s, "no_such_trigger");
  cat ? ok(what) : fail(what, "wrong answer");
  snprintf(what, sizeof what, "%s: a nested query while another is being read", label);
  store_stmt *outer, *inner;
  int nested = 0;
  if (!store_query_prepare(s, "SELECT id FROM events ORDER BY id LIMIT 3", &outer, &e) &&
      !store_query_prepare(s, "SELECT count(*) FROM events WHERE id <= ?", &inner, &e)) {
    long long sum = 0;
    while (store_query_step(outer, &e) == 1) {
      store_query_reset(inner);
      store_query_bind_int64(inner, 1, store_query_column_int64(outer, 0));
      if (store_query_step(inner, &e) == 1) sum += store_query_column_int64(inner, 0);
    }
    nested = sum == 6;
    store_query_finalize(inner);
    store_query_finalize(outer);
  }
  nested ? ok(what) : fail(what, "wrong answer");
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s SQLITE_FILE POSTGRESQL_URI\n", argv[0]);
    return 2;
  }
  parley_store *sq = NULL, *pg = NULL;
  parley_error e;
  if (parley_store_open(argv[1], PARLEY_STORE_READONLY, &sq, &e) ||
      parley_store_open(argv[2], PARLEY_STORE_READONLY, &pg, &e)) {
    fprintf(stderr, "open: %s: %s\n", e.file, e.message);
    return 2;
  }
  sqlite3 *db = parley_store_sqlite(sq);
  sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace, NULL);
  parley_ask *a = NULL;
  if (parley_ask_open_store(sq, &a, &e)) {
    fprintf(stderr, "ask: %s\n", e.message);
    return 2;
  }
  ask_all(a);
  parley_ask_close(a);
  sqlite3_trace_v2(db, 0, NULL, NULL);
  printf("captured %zu distinct statements from the ask stage\n", n_captured);
  if (n_captured < 20) fail("enough statements captured", "fewer than 20");
  for (size_t i = 0; i < n_captured; i++) {
    compare_sql(sq, pg, captured[i]);
    free(captured[i]);
  }
  check_binds(sq, "SQLite");
  check_binds(pg, "PostgreSQL");
  parley_store_close(sq);
  parley_store_close(pg);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
