/* bench_pg_query.c — stage: store (PostgreSQL). Times the dyad questions'
 * SQL on SQLite, on one PostgreSQL server and on a sharded coordinator.
 *
 *   bench_pg_query SQLITE_FILE TARGET [RUNS]
 *
 * The ask stage opens SQLite only (for now), so the questions are asked once
 * on SQLITE_FILE with a statement trace (sqlite3_expanded_sql), and the
 * captured statements of each question are then timed on TARGET (the same
 * file, or a postgresql:// URI holding the same rows) through the
 * backend-neutral query interface (store_query_*): a cold run, then the
 * median and minimum of RUNS (default 5) warm runs, all rows read. Questions:
 * the busiest country dyad by month, from the dyad_day rollup and from
 * events (no_rollup), the busiest actor-code dyad (the events table), and
 * the partners of the busiest dyad's source country (events). A target without the
 * rollup (the sharded layout) prints n/a for the rollup question.
 * Output: one TSV line per question: question, target kind, rows, cold ms,
 * median ms, min ms. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/ask.h"
#include "parley/store.h"
#include "store/pg_internal.h"

#define MAX_STMT 64
static char *stmts[MAX_STMT];
static size_t n_stmts;

static int trace(unsigned type, void *ctx, void *p, void *x) {
  (void)ctx;
  (void)x;
  if (type != SQLITE_TRACE_STMT || n_stmts == MAX_STMT) return 0;
  char *sql = sqlite3_expanded_sql((sqlite3_stmt *)p);
  if (!sql) return 0;
  if (strncmp(sql, "PRAGMA", 6) && !strstr(sql, "sqlite_master") && !strstr(sql, "LIMIT 1") && !strstr(sql, "LIMIT 0"))
    stmts[n_stmts++] = strdup(sql);
  sqlite3_free(sql);
  return 0;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Runs every captured statement, reading all rows; -1 on error. */
static long run_all(parley_store *s, parley_error *e) {
  long rows = 0;
  for (size_t i = 0; i < n_stmts; i++) {
    store_stmt *st;
    if (store_query_prepare(s, stmts[i], &st, e)) return -1;
    int rc;
    while ((rc = store_query_step(st, e)) == 1) {
      rows++;
      (void)store_query_column_double(st, 0);
    }
    store_query_finalize(st);
    if (rc < 0) return -1;
  }
  return rows;
}

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s SQLITE_FILE TARGET [RUNS]\n", argv[0]);
    return 2;
  }
  int runs = argc > 3 ? atoi(argv[3]) : 5;
  if (runs < 1 || runs > 100) runs = 5;
  parley_error e;
  parley_store *src = NULL, *dst = NULL;
  if (parley_store_open(argv[1], PARLEY_STORE_READONLY, &src, &e) ||
      parley_store_open(argv[2], PARLEY_STORE_READONLY, &dst, &e)) {
    fprintf(stderr, "open: %s: %s\n", e.file, e.message);
    return 1;
  }
  const char *kind = parley_store_backend(dst);
  int sharded = !strcmp(kind, "postgresql") && !store_query_has_table(dst, "dyad_day");
  parley_ask *a = NULL;
  if (parley_ask_open_store(src, &a, &e)) {
    fprintf(stderr, "ask: %s\n", e.message);
    return 1;
  }
  /* The busiest country dyad and actor-code dyad of the data (generated data
   * differ in which pair is busiest from seed to seed). */
  char cx[8] = "USA", cy[8] = "CHN", ax[32] = "USAGOV", ay[32] = "CHNGOV";
  store_stmt *st;
  if (!store_query_prepare(src,
                           "SELECT source_country, target_country FROM events WHERE source_country IS NOT NULL "
                           "AND target_country IS NOT NULL GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1",
                           &st, &e)) {
    if (store_query_step(st, &e) == 1)
      snprintf(cx, sizeof cx, "%s", store_query_column_text(st, 0)),
          snprintf(cy, sizeof cy, "%s", store_query_column_text(st, 1));
    store_query_finalize(st);
  }
  if (!store_query_prepare(src,
                           "SELECT source_code, target_code FROM events WHERE length(source_code) >= 6 AND "
                           "length(target_code) >= 6 GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1",
                           &st, &e)) {
    if (store_query_step(st, &e) == 1)
      snprintf(ax, sizeof ax, "%s", store_query_column_text(st, 0)),
          snprintf(ay, sizeof ay, "%s", store_query_column_text(st, 1));
    store_query_finalize(st);
  }
  char n1[64], n2[64], n3[96], n4[64];
  snprintf(n1, sizeof n1, "%s-%s by month (rollup)", cx, cy);
  snprintf(n2, sizeof n2, "%s-%s by month (events)", cx, cy);
  snprintf(n3, sizeof n3, "%s-%s by month (events)", ax, ay);
  snprintf(n4, sizeof n4, "partners of %s (events)", cx);
  struct {
    const char *name, *x, *y;
    int no_rollup, partners;
  } qs[] = {{n1, cx, cy, 0, 0}, {n2, cx, cy, 1, 0}, {n3, ax, ay, 0, 0}, {n4, cx, cy, 1, 1}};
  for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++) {
    parley_actor_ref x, y;
    if (parley_actor_ref_resolve(NULL, qs[k].x, NULL, &x, &e) || parley_actor_ref_resolve(NULL, qs[k].y, NULL, &y, &e))
      return 1;
    parley_query q = parley_query_default();
    q.by = PARLEY_BY_MONTH;
    q.no_rollup = qs[k].no_rollup;
    sqlite3_trace_v2(parley_store_sqlite(src), SQLITE_TRACE_STMT, trace, NULL);
    int rc;
    if (qs[k].partners) {
      parley_partners *pp = NULL;
      rc = parley_ask_partners(a, &x, &q, 0, 0, 1, &pp, &e);
      if (!rc) parley_partners_free(pp);
    } else {
      parley_dyad *d = NULL;
      rc = parley_ask_dyad(a, &x, &y, &q, &d, &e);
      if (!rc) parley_dyad_free(d);
    }
    sqlite3_trace_v2(parley_store_sqlite(src), 0, NULL, NULL);
    if (rc) {
      fprintf(stderr, "%s: %s\n", qs[k].name, e.message);
      return 1;
    }
    int uses_rollup = 0;
    for (size_t i = 0; i < n_stmts; i++)
      if (strstr(stmts[i], "dyad_day")) uses_rollup = 1;
    if (uses_rollup && sharded) {
      printf("%s\t%s (sharded)\tn/a\tn/a\tn/a\tn/a\n", qs[k].name, kind);
    } else {
      double t0 = now_ms();
      long rows = run_all(dst, &e);
      double cold = now_ms() - t0;
      if (rows < 0) {
        fprintf(stderr, "%s: %s\n", qs[k].name, e.message);
        return 1;
      }
      double t[100];
      for (int r = 0; r < runs; r++) {
        t0 = now_ms();
        run_all(dst, &e);
        t[r] = now_ms() - t0;
      }
      qsort(t, (size_t)runs, sizeof t[0], cmp_d);
      printf("%s\t%s%s\t%ld\t%.1f\t%.1f\t%.1f\n", qs[k].name, kind, sharded ? " (sharded)" : "", rows, cold,
             t[runs / 2], t[0]);
    }
    for (size_t i = 0; i < n_stmts; i++)
      free(stmts[i]);
    n_stmts = 0;
  }
  parley_ask_close(a);
  parley_store_close(src);
  parley_store_close(dst);
  return 0;
}
