/* summary.c — stage 4 (ask): `parley summary`, what is in the database:
 * table sizes, the date range, events per origin and the top dyads (by
 * country, undirected, foreign pairs only). The per-origin and top-dyad
 * counts scan the events (or an index of them): on a very large database,
 * narrow them with --from/--to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ask/ask_internal.h"

static long long scalar(parley_ask *a, const char *sql, int *rc, parley_error *err) {
  store_stmt *st = NULL;
  long long v = 0;
  if (*rc) return 0;
  if (ask_prepare(a, sql, &st, err, "reading the summary")) {
    *rc = err && err->status ? err->status : PARLEY_ESTORE;
    return 0;
  }
  int s = store_query_step(st, err);
  if (s == 1)
    v = store_query_column_int64(st, 0);
  else if (s != 0)
    *rc = ask_sql_error(a, err, "reading the summary");
  store_query_finalize(st);
  return v;
}

static void q_where(sqlb *b, const void *ctx) { ask_where_query(b, "e", ctx); }

typedef struct pair_count {
  char a[8], b[8];
  long long n;
} pair_count;

static int cmp_pair(const void *x, const void *y) {
  const pair_count *p = x, *q = y;
  int c = strcmp(p->a, q->a);
  return c ? c : strcmp(p->b, q->b);
}

static int cmp_top(const void *x, const void *y) {
  const parley_top_dyad *p = x, *q = y;
  if (p->events != q->events) return p->events > q->events ? -1 : 1;
  int c = strcmp(p->source, q->source);
  return c ? c : strcmp(p->target, q->target);
}

int parley_ask_summary(parley_ask *a, const parley_query *q, size_t top, parley_summary **out, parley_error *err) {
  *out = NULL;
  parley_summary *s = calloc(1, sizeof *s);
  if (!s) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  int rc = PARLEY_OK;
  s->unit = q->unit;
  s->documents = scalar(a, "SELECT COUNT(*) FROM documents", &rc, err);
  s->sentences = scalar(a, "SELECT COUNT(*) FROM sentences", &rc, err);
  s->events = scalar(a, "SELECT COUNT(*) FROM events", &rc, err);
  s->groups = scalar(a, "SELECT COUNT(*) FROM event_groups", &rc, err);
  s->claims = scalar(a, "SELECT COUNT(*) FROM claims", &rc, err);
  s->contested =
      scalar(a, "SELECT COUNT(DISTINCT event_id) FROM claims WHERE stance IN ('denies', 'doubts')", &rc, err);
  s->actors = scalar(a, "SELECT COUNT(*) FROM actors", &rc, err);
  s->imports = scalar(a, "SELECT COUNT(*) FROM imports", &rc, err);
  s->day_first = (int)scalar(a, "SELECT MIN(day) FROM events", &rc, err);
  s->day_last = (int)scalar(a, "SELECT MAX(day) FROM events", &rc, err);
  parley_unit unit = ask_effective_unit(a, q->unit);
  /* events per origin */
  if (!rc) {
    sqlb b;
    sqlb_init(&b);
    sqlb_add(&b, "SELECT origin, COUNT(*) FROM (");
    ask_unit_source(&b, unit, "e.origin AS origin", "MIN(e.origin)", q_where, q);
    sqlb_add(&b, ") x GROUP BY origin ORDER BY COUNT(*) DESC, origin");
    store_stmt *st = NULL;
    rc = sqlb_prepare(a, &b, &st, err);
    sqlb_free(&b);
    int r = 0;
    while (!rc && (r = store_query_step(st, err)) == 1) {
      parley_count_by *p = realloc(s->origins, (s->n_origins + 1) * sizeof *p);
      if (!p) {
        rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
        break;
      }
      s->origins = p;
      ask_col_copy(st, 0, p[s->n_origins].key, sizeof p[s->n_origins].key);
      p[s->n_origins++].n = store_query_column_int64(st, 1);
    }
    if (!rc && r != 0) rc = ask_sql_error(a, err, "reading origins");
    store_query_finalize(st);
  }
  /* top dyads: directed counts from SQL, folded into undirected pairs here */
  if (!rc && top) {
    sqlb b;
    sqlb_init(&b);
    sqlb_add(&b, "SELECT sc, tc, COUNT(*) FROM (");
    ask_unit_source(&b, unit, "e.source_country AS sc, e.target_country AS tc",
                    "MIN(e.source_country), MIN(e.target_country)", q_where, q);
    sqlb_add(&b, ") x WHERE sc IS NOT NULL AND tc IS NOT NULL AND sc <> '' AND tc <> '' AND sc <> tc GROUP BY sc, tc");
    store_stmt *st = NULL;
    rc = sqlb_prepare(a, &b, &st, err);
    sqlb_free(&b);
    pair_count *pc = NULL;
    size_t n = 0, cap = 0;
    int r = 0;
    while (!rc && (r = store_query_step(st, err)) == 1) {
      if (n == cap) {
        cap = cap ? cap * 2 : 256;
        pair_count *p = realloc(pc, cap * sizeof *p);
        if (!p) {
          rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
          break;
        }
        pc = p;
      }
      char x[8], y[8];
      ask_col_copy(st, 0, x, sizeof x);
      ask_col_copy(st, 1, y, sizeof y);
      int sw = strcmp(x, y) > 0;
      snprintf(pc[n].a, sizeof pc[n].a, "%s", sw ? y : x);
      snprintf(pc[n].b, sizeof pc[n].b, "%s", sw ? x : y);
      pc[n++].n = store_query_column_int64(st, 2);
    }
    if (!rc && r != 0) rc = ask_sql_error(a, err, "reading dyads");
    store_query_finalize(st);
    if (!rc && n) {
      qsort(pc, n, sizeof *pc, cmp_pair);
      size_t m = 0;
      for (size_t i = 0; i < n; i++) {
        if (m && !strcmp(pc[m - 1].a, pc[i].a) && !strcmp(pc[m - 1].b, pc[i].b))
          pc[m - 1].n += pc[i].n;
        else
          pc[m++] = pc[i];
      }
      s->dyads = calloc(m, sizeof *s->dyads);
      if (!s->dyads) rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
      for (size_t i = 0; !rc && i < m; i++) {
        snprintf(s->dyads[i].source, sizeof s->dyads[i].source, "%s", pc[i].a);
        snprintf(s->dyads[i].target, sizeof s->dyads[i].target, "%s", pc[i].b);
        s->dyads[i].events = pc[i].n;
      }
      if (!rc) {
        qsort(s->dyads, m, sizeof *s->dyads, cmp_top);
        s->n_dyads = m < top ? m : top;
      }
    }
    free(pc);
  }
  if (rc) {
    parley_summary_free(s);
    return rc;
  }
  *out = s;
  return PARLEY_OK;
}

void parley_summary_free(parley_summary *s) {
  if (!s) return;
  free(s->origins);
  free(s->dyads);
  free(s);
}

char *parley_summary_to_json(const parley_summary *s) {
  json_t *o = json_object();
  json_object_set_new(o, "documents", json_integer(s->documents));
  json_object_set_new(o, "sentences", json_integer(s->sentences));
  json_object_set_new(o, "event_rows", json_integer(s->events));
  json_object_set_new(o, "event_groups", json_integer(s->groups));
  json_object_set_new(o, "claims", json_integer(s->claims));
  json_object_set_new(o, "contested_event_rows", json_integer(s->contested));
  json_object_set_new(o, "actors", json_integer(s->actors));
  json_object_set_new(o, "imports", json_integer(s->imports));
  json_object_set_new(o, "first_day", ask_day_json(s->day_first));
  json_object_set_new(o, "last_day", ask_day_json(s->day_last));
  json_object_set_new(o, "unit", json_string(s->unit == PARLEY_UNIT_MENTIONS ? "mentions" : "events"));
  json_t * or = json_object();
  for (size_t i = 0; i < s->n_origins; i++)
    json_object_set_new(or, s->origins[i].key, json_integer(s->origins[i].n));
  json_object_set_new(o, "origins", or);
  json_t *d = json_array();
  for (size_t i = 0; i < s->n_dyads; i++) {
    json_t *x = json_object();
    json_object_set_new(x, "a", json_string(s->dyads[i].source));
    json_object_set_new(x, "b", json_string(s->dyads[i].target));
    json_object_set_new(x, "events", json_integer(s->dyads[i].events));
    json_array_append_new(d, x);
  }
  json_object_set_new(o, "top_dyads", d);
  return ask_json_dump(o);
}
