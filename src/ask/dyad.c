/* dyad.c — stage 4 (ask): `parley dyad`, `parley compare` and `parley peak`.
 *
 * All three rest on one aggregate query per direction (ask_fetch_daily):
 * events of x→y grouped by day, root code and quad class, answered from the
 * covering index events_ask_dyad / events_ask_dyad_code (schema.sql, ask
 * section) without touching the table. Days are then bucketed into periods
 * in C, so week/month/quarter/year need no SQL date functions. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ask/ask_internal.h"

/* ------------------------------------------------------------ daily rows */

typedef struct dir_ctx {
  const parley_actor_ref *src, *tgt;
  const parley_actor_ref *not_src, *not_tgt; /* exclude rows already counted the other way */
  const parley_query *q;
} dir_ctx;

static void dir_where(sqlb *b, const void *vctx) {
  const dir_ctx *c = vctx;
  ask_where_actor(b, "e", "source", c->src);
  ask_where_actor(b, "e", "target", c->tgt);
  if (c->not_src) {
    char frag[128];
    snprintf(frag, sizeof frag, " AND NOT (e.source_%s = ?", c->not_src->by_country ? "country" : "code");
    sqlb_text(b, frag, c->not_src->code);
    snprintf(frag, sizeof frag, " AND e.target_%s = ?)", c->not_tgt->by_country ? "country" : "code");
    sqlb_text(b, frag, c->not_tgt->code);
  }
  ask_where_query(b, "e", c->q);
}

static int cmp_daily(const void *x, const void *y) {
  const ask_daily *a = x, *b = y;
  if (a->day != b->day) return a->day < b->day ? -1 : 1;
  return a->dir - b->dir;
}

int ask_fetch_daily(parley_ask *a, const parley_actor_ref *x, const parley_actor_ref *y, const parley_query *q,
                    ask_daily **rows, size_t *n, parley_error *err) {
  *rows = NULL;
  *n = 0;
  size_t cap = 0;
  parley_unit unit = ask_effective_unit(a, q->unit);
  int rollup = x->by_country && y->by_country && !q->no_rollup && ask_rollup_usable(a, q);
  for (int dir = PARLEY_AB; dir <= PARLEY_BA; dir++) {
    dir_ctx c = {dir == PARLEY_AB ? x : y, dir == PARLEY_AB ? y : x, dir == PARLEY_AB ? NULL : x,
                 dir == PARLEY_AB ? NULL : y, q};
    /* the same country on both sides: one direction holds every row */
    if (dir == PARLEY_BA && x->by_country == y->by_country && !strcmp(x->code, y->code)) break;
    sqlb b;
    sqlb_init(&b);
    if (rollup) {
      sqlb_add(&b, "SELECT day, root_code, quad_class, SUM(n), SUM(gs), SUM(gn) FROM (");
      ask_rollup_source(a, &b, c.src->code, c.tgt->code, q);
      sqlb_add(&b, ") x GROUP BY day, root_code, quad_class");
    } else {
      sqlb_add(&b, "SELECT day, root_code, quad_class, COUNT(*), SUM(goldstein), COUNT(goldstein) FROM (");
      ask_unit_source(&b, unit,
                      "e.day AS day, e.root_code AS root_code, e.quad_class AS quad_class, e.goldstein AS goldstein",
                      "MIN(e.day), MIN(e.root_code), MIN(e.quad_class), AVG(e.goldstein)", dir_where, &c);
      sqlb_add(&b, ") x GROUP BY day, root_code, quad_class");
    }
    store_stmt *st = NULL;
    int rc = sqlb_prepare(a, &b, &st, err);
    sqlb_free(&b);
    if (rc) goto fail;
    while ((rc = store_query_step(st, err)) == 1) {
      if (*n == cap) {
        cap = cap ? cap * 2 : 256;
        ask_daily *p = realloc(*rows, cap * sizeof *p);
        if (!p) {
          store_query_finalize(st);
          rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
          goto fail;
        }
        *rows = p;
      }
      ask_daily *r = &(*rows)[(*n)++];
      memset(r, 0, sizeof *r);
      r->day = (int)store_query_column_int64(st, 0);
      r->dir = dir;
      ask_col_copy(st, 1, r->root, sizeof r->root);
      r->quad = (int)store_query_column_int64(st, 2);
      r->n = store_query_column_int64(st, 3);
      r->gs_sum = store_query_column_double(st, 4);
      r->gs_n = store_query_column_int64(st, 5);
    }
    if (rc != 0) {
      rc = ask_sql_error(a, err, "reading events");
      store_query_finalize(st);
      goto fail;
    }
    store_query_finalize(st);
  }
  if (*n) qsort(*rows, *n, sizeof **rows, cmp_daily);
  return PARLEY_OK;
fail:
  free(*rows);
  *rows = NULL;
  *n = 0;
  return err && err->status ? err->status : PARLEY_ESTORE;
}

/* ------------------------------------------------------------------- dyad */

static int push_period(parley_dyad *d, size_t *cap, parley_period by, int start) {
  if (d->n_periods == *cap) {
    *cap = *cap ? *cap * 2 : 32;
    parley_dyad_period *p = realloc(d->periods, *cap * sizeof *p);
    if (!p) return -1;
    d->periods = p;
  }
  parley_dyad_period *p = &d->periods[d->n_periods++];
  memset(p, 0, sizeof *p);
  p->day_first = start;
  int next = ask_period_next(by, start);
  p->day_last = by == PARLEY_BY_ALL ? 0 : ask_serial_day(ask_day_serial(next) - 1);
  parley_period_label(by, start, p->label);
  return 0;
}

/* Builds d's periods from rows; with fill_from/fill_to (YYYYMMDD, both set),
 * every period between them is listed, events or not. */
static int dyad_build(parley_dyad *d, const ask_daily *rows, size_t n, int fill_from, int fill_to, parley_error *err) {
  parley_period by = d->q.by;
  size_t cap = 0;
  if (by == PARLEY_BY_ALL) {
    if (push_period(d, &cap, by, 10101)) goto oom;
    d->periods[0].day_first = n ? rows[0].day : fill_from;
    d->periods[0].day_last = n ? rows[n - 1].day : fill_to;
  }
  int filling = fill_from && fill_to && by != PARLEY_BY_ALL;
  if (filling) {
    if (n && rows[0].day < fill_from) fill_from = rows[0].day;
    if (n && rows[n - 1].day > fill_to) fill_to = rows[n - 1].day;
    for (int s = ask_period_start(by, fill_from); s <= fill_to; s = ask_period_next(by, s))
      if (push_period(d, &cap, by, s)) goto oom;
  }
  size_t pi = 0;
  for (size_t i = 0; i < n; i++) {
    const ask_daily *r = &rows[i];
    parley_dyad_period *p = NULL;
    if (by == PARLEY_BY_ALL) {
      p = &d->periods[0];
    } else {
      int s = ask_period_start(by, r->day);
      if (filling) {
        while (pi < d->n_periods && d->periods[pi].day_first < s)
          pi++;
        if (pi < d->n_periods && d->periods[pi].day_first == s) p = &d->periods[pi];
      } else {
        if (!d->n_periods || d->periods[d->n_periods - 1].day_first != s)
          if (push_period(d, &cap, by, s)) goto oom;
        p = &d->periods[d->n_periods - 1];
      }
    }
    if (!p) continue;
    ask_tally_add(&p->dir[r->dir], r->root, r->quad, r->n, r->gs_sum, r->gs_n);
    ask_tally_add(&p->dir[PARLEY_BOTH], r->root, r->quad, r->n, r->gs_sum, r->gs_n);
    ask_tally_add(&d->total[r->dir], r->root, r->quad, r->n, r->gs_sum, r->gs_n);
    ask_tally_add(&d->total[PARLEY_BOTH], r->root, r->quad, r->n, r->gs_sum, r->gs_n);
  }
  if (n) {
    d->day_first = rows[0].day;
    d->day_last = rows[n - 1].day;
  }
  return PARLEY_OK;
oom:
  return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
}

static int dyad_compute(parley_ask *a, const parley_actor_ref *x, const parley_actor_ref *y, const parley_query *q,
                        int fill_from, int fill_to, parley_dyad **out, parley_error *err) {
  *out = NULL;
  parley_dyad *d = calloc(1, sizeof *d);
  if (!d) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  d->a = *x;
  d->b = *y;
  d->q = *q;
  ask_daily *rows = NULL;
  size_t n = 0;
  int rc = ask_fetch_daily(a, x, y, q, &rows, &n, err);
  if (!rc) rc = dyad_build(d, rows, n, fill_from, fill_to, err);
  free(rows);
  if (rc) {
    parley_dyad_free(d);
    return rc;
  }
  *out = d;
  return PARLEY_OK;
}

int parley_ask_dyad(parley_ask *a, const parley_actor_ref *x, const parley_actor_ref *y, const parley_query *q,
                    parley_dyad **out, parley_error *err) {
  if (!q->fill) return dyad_compute(a, x, y, q, 0, 0, out, err);
  /* fill between --from/--to, or the first and last contact */
  ask_daily *rows = NULL;
  size_t n = 0;
  int rc = ask_fetch_daily(a, x, y, q, &rows, &n, err);
  if (rc) return rc;
  int from = q->day_from ? q->day_from : n ? rows[0].day : 0;
  int to = q->day_to ? q->day_to : n ? rows[n - 1].day : 0;
  parley_dyad *d = calloc(1, sizeof *d);
  if (!d) {
    free(rows);
    return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  }
  d->a = *x;
  d->b = *y;
  d->q = *q;
  rc = dyad_build(d, rows, n, from, to, err);
  free(rows);
  if (rc) {
    parley_dyad_free(d);
    return rc;
  }
  *out = d;
  return PARLEY_OK;
}

void parley_dyad_free(parley_dyad *d) {
  if (!d) return;
  free(d->periods);
  free(d);
}

static json_t *dirs_json(json_t *o, const parley_tally t[3]) {
  json_object_set_new(o, "a_to_b", ask_tally_json(&t[PARLEY_AB]));
  json_object_set_new(o, "b_to_a", ask_tally_json(&t[PARLEY_BA]));
  json_object_set_new(o, "both", ask_tally_json(&t[PARLEY_BOTH]));
  return o;
}

static json_t *dyad_json(const parley_dyad *d, int with_query) {
  json_t *o = json_object();
  if (with_query) json_object_set_new(o, "query", ask_query_json(&d->q));
  json_object_set_new(o, "a", ask_actor_ref_json(&d->a));
  json_object_set_new(o, "b", ask_actor_ref_json(&d->b));
  json_object_set_new(o, "first_contact", ask_day_json(d->day_first));
  json_object_set_new(o, "last_contact", ask_day_json(d->day_last));
  json_object_set_new(o, "total", dirs_json(json_object(), d->total));
  json_t *ps = json_array();
  for (size_t i = 0; i < d->n_periods; i++) {
    const parley_dyad_period *p = &d->periods[i];
    json_t *po = json_object();
    json_object_set_new(po, "period", json_string(p->label));
    json_object_set_new(po, "from", ask_day_json(p->day_first));
    json_object_set_new(po, "to", ask_day_json(p->day_last));
    dirs_json(po, p->dir);
    json_array_append_new(ps, po);
  }
  json_object_set_new(o, "periods", ps);
  return o;
}

char *parley_dyad_to_json(const parley_dyad *d) { return ask_json_dump(dyad_json(d, 1)); }

/* ---------------------------------------------------------------- compare */

int parley_ask_compare(parley_ask *a, const parley_actor_ref *actor, const parley_actor_ref *partners, size_t n,
                       const parley_query *q, parley_compare **out, parley_error *err) {
  *out = NULL;
  parley_compare *c = calloc(1, sizeof *c);
  if (!c || !(c->dyads = calloc(n ? n : 1, sizeof *c->dyads))) {
    free(c);
    return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  }
  c->actor = *actor;
  c->q = *q;
  c->n_partners = n;
  /* first pass: the overall range, so that every partner gets the same periods */
  int from = q->day_from, to = q->day_to, lo = 0, hi = 0;
  int rc = PARLEY_OK;
  ask_daily **rows = calloc(n ? n : 1, sizeof *rows);
  size_t *nrows = calloc(n ? n : 1, sizeof *nrows);
  if (!rows || !nrows) rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  for (size_t i = 0; !rc && i < n; i++) {
    rc = ask_fetch_daily(a, actor, &partners[i], q, &rows[i], &nrows[i], err);
    if (!rc && nrows[i]) {
      if (!lo || rows[i][0].day < lo) lo = rows[i][0].day;
      if (rows[i][nrows[i] - 1].day > hi) hi = rows[i][nrows[i] - 1].day;
    }
  }
  if (!from) from = lo;
  if (!to) to = hi;
  for (size_t i = 0; !rc && i < n; i++) {
    parley_dyad *d = calloc(1, sizeof *d);
    if (!d) {
      rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
      break;
    }
    d->a = *actor;
    d->b = partners[i];
    d->q = *q;
    c->dyads[i] = d;
    rc = dyad_build(d, rows[i], nrows[i], from, to, err);
  }
  for (size_t i = 0; rows && i < n; i++)
    free(rows[i]);
  free(rows);
  free(nrows);
  if (rc) {
    parley_compare_free(c);
    return rc;
  }
  *out = c;
  return PARLEY_OK;
}

void parley_compare_free(parley_compare *c) {
  if (!c) return;
  for (size_t i = 0; i < c->n_partners; i++)
    parley_dyad_free(c->dyads[i]);
  free(c->dyads);
  free(c);
}

static double ratio(long x, long y) { return y ? (double)x / (double)y : NAN; }

char *parley_compare_to_json(const parley_compare *c) {
  json_t *o = json_object();
  json_object_set_new(o, "query", ask_query_json(&c->q));
  json_object_set_new(o, "actor", ask_actor_ref_json(&c->actor));
  json_t *ps = json_array();
  long first = c->n_partners ? c->dyads[0]->total[PARLEY_BOTH].events : 0;
  for (size_t i = 0; i < c->n_partners; i++) {
    const parley_dyad *d = c->dyads[i];
    json_t *p = json_object();
    json_object_set_new(p, "partner", ask_actor_ref_json(&d->b));
    json_object_set_new(p, "first_contact", ask_day_json(d->day_first));
    json_object_set_new(p, "last_contact", ask_day_json(d->day_last));
    dirs_json(p, d->total);
    json_object_set_new(p, "out_in_ratio",
                        ask_real_json(ratio(d->total[PARLEY_AB].events, d->total[PARLEY_BA].events)));
    json_object_set_new(p, "ratio_to_first", ask_real_json(ratio(first, d->total[PARLEY_BOTH].events)));
    json_array_append_new(ps, p);
  }
  json_object_set_new(o, "partners", ps);
  json_t *per = json_array();
  size_t np = c->n_partners ? c->dyads[0]->n_periods : 0;
  for (size_t k = 0; k < np; k++) {
    json_t *po = json_object();
    json_object_set_new(po, "period", json_string(c->dyads[0]->periods[k].label));
    json_object_set_new(po, "from", ask_day_json(c->dyads[0]->periods[k].day_first));
    json_object_set_new(po, "to", ask_day_json(c->dyads[0]->periods[k].day_last));
    json_t *ev = json_array();
    for (size_t i = 0; i < c->n_partners; i++) {
      const parley_dyad_period *p = &c->dyads[i]->periods[k];
      json_t *e = json_object();
      json_object_set_new(e, "a_to_b", json_integer(p->dir[PARLEY_AB].events));
      json_object_set_new(e, "b_to_a", json_integer(p->dir[PARLEY_BA].events));
      json_object_set_new(e, "both", json_integer(p->dir[PARLEY_BOTH].events));
      json_object_set_new(e, "goldstein_mean", ask_real_json(parley_tally_goldstein_mean(&p->dir[PARLEY_BOTH])));
      json_array_append_new(ev, e);
    }
    json_object_set_new(po, "partners", ev);
    json_array_append_new(per, po);
  }
  json_object_set_new(o, "periods", per);
  return ask_json_dump(o);
}

/* ------------------------------------------------------------------- peak */

int parley_ask_peak(parley_ask *a, const parley_actor_ref *x, const parley_actor_ref *y, const parley_query *q,
                    int direction, parley_peak **out, parley_error *err) {
  *out = NULL;
  parley_query qq = *q;
  if (qq.by == PARLEY_BY_ALL) qq.by = PARLEY_BY_YEAR;
  qq.fill = 1;
  /* Periods before --from still count as "earlier": fetch from the start and cut later. */
  qq.day_from = 0;
  parley_dyad *d = NULL;
  int rc = parley_ask_dyad(a, x, y, &qq, &d, err);
  if (rc) return rc;
  parley_peak *p = calloc(1, sizeof *p);
  if (!p || !(p->rows = calloc(d->n_periods ? d->n_periods : 1, sizeof *p->rows))) {
    free(p);
    parley_dyad_free(d);
    return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  }
  p->a = *x;
  p->b = *y;
  p->q = *q;
  p->direction = direction;
  if (d->n_periods) memcpy(p->first_period, d->periods[0].label, sizeof p->first_period);
  double sum = 0, sumsq = 0;
  for (size_t i = 0; i < d->n_periods; i++) {
    const parley_dyad_period *dp = &d->periods[i];
    long v = dp->dir[direction].events;
    parley_peak_row r;
    memset(&r, 0, sizeof r);
    memcpy(r.label, dp->label, sizeof r.label);
    r.day_first = dp->day_first;
    r.day_last = dp->day_last;
    r.events = v;
    r.n_earlier = (long)i;
    r.rank = 1;
    for (size_t j = 0; j < i; j++)
      if (d->periods[j].dir[direction].events > v) r.rank++;
    for (size_t j = i; j-- > 0;)
      if (d->periods[j].dir[direction].events >= v) {
        memcpy(r.since, d->periods[j].label, sizeof r.since);
        r.since_back = (long)(i - j);
        break;
      }
    r.record = i > 0 && !r.since[0];
    r.z = NAN;
    if (i >= 2) {
      double mean = sum / (double)i;
      double var = (sumsq - (double)i * mean * mean) / (double)(i - 1);
      if (var > 1e-12) r.z = ((double)v - mean) / sqrt(var);
    }
    sum += (double)v;
    sumsq += (double)v * (double)v;
    if (!q->day_from || dp->day_last >= q->day_from) p->rows[p->n_rows++] = r;
  }
  parley_dyad_free(d);
  *out = p;
  return PARLEY_OK;
}

void parley_peak_free(parley_peak *p) {
  if (!p) return;
  free(p->rows);
  free(p);
}

char *parley_peak_to_json(const parley_peak *p) {
  static const char *dn[] = {"a_to_b", "b_to_a", "both"};
  json_t *o = json_object();
  json_object_set_new(o, "query", ask_query_json(&p->q));
  json_object_set_new(o, "a", ask_actor_ref_json(&p->a));
  json_object_set_new(o, "b", ask_actor_ref_json(&p->b));
  json_object_set_new(o, "direction", json_string(dn[p->direction]));
  json_object_set_new(o, "first_period", ask_str_json(p->first_period));
  json_t *rs = json_array();
  for (size_t i = 0; i < p->n_rows; i++) {
    const parley_peak_row *r = &p->rows[i];
    json_t *x = json_object();
    json_object_set_new(x, "period", json_string(r->label));
    json_object_set_new(x, "from", ask_day_json(r->day_first));
    json_object_set_new(x, "to", ask_day_json(r->day_last));
    json_object_set_new(x, "events", json_integer(r->events));
    json_object_set_new(x, "rank", json_integer(r->rank));
    json_object_set_new(x, "earlier_periods", json_integer(r->n_earlier));
    json_object_set_new(x, "z", ask_real_json(r->z));
    json_object_set_new(x, "record", json_boolean(r->record));
    json_object_set_new(x, "highest_since", ask_str_json(r->since));
    json_object_set_new(x, "since_periods_back", json_integer(r->since_back));
    json_array_append_new(rs, x);
  }
  json_object_set_new(o, "periods", rs);
  return ask_json_dump(o);
}
