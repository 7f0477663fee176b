/* partners.c — stage 4 (ask): `parley partners A`, A's partners ranked by
 * contacts (events either way) and by tone (mean Goldstein value).
 *
 * Two aggregate queries: A as source grouped by the target, A as target
 * grouped by the source (rows with A on both sides are counted once, in the
 * first). Partners are countries (*_country) by default, actor codes with
 * by_code. Rows whose partner is A's own country are domestic and left out
 * unless include_domestic. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ask/ask_internal.h"

typedef struct side_ctx {
  const parley_actor_ref *actor;
  const char *mine, *other; /* "source"/"target" */
  const char *pcol;         /* partner column */
  int exclude_reverse;      /* leave out rows where A is also on the other side */
  const char *domestic;     /* partner value to leave out, or NULL */
  const parley_query *q;
} side_ctx;

static void side_where(sqlb *b, const void *vctx) {
  const side_ctx *c = vctx;
  char frag[160];
  ask_where_actor(b, "e", c->mine, c->actor);
  snprintf(frag, sizeof frag, " AND e.%s IS NOT NULL AND e.%s <> ''", c->pcol, c->pcol);
  sqlb_add(b, frag);
  if (c->exclude_reverse) {
    snprintf(frag, sizeof frag, " AND NOT (e.%s_%s = ?)", c->other, c->actor->by_country ? "country" : "code");
    sqlb_text(b, frag, c->actor->code);
  }
  if (c->domestic) {
    snprintf(frag, sizeof frag, " AND e.%s <> ?", c->pcol);
    sqlb_text(b, frag, c->domestic);
  }
  ask_where_query(b, "e", c->q);
}

/* The same from the dyad_day rollup, plus grouped rows from events. */
static void rollup_partners(parley_ask *a, sqlb *b, const side_ctx *c) {
  char frag[512];
  const parley_query *q = c->q;
  sqlb_add(b, "SELECT partner, quad_class, SUM(n), SUM(gs), SUM(gn) FROM (");
  snprintf(frag, sizeof frag,
           "SELECT r.%s AS partner, r.quad_class AS quad_class, r.events AS n, r.goldstein_sum AS gs, "
           "r.goldstein_n AS gn FROM dyad_day r WHERE r.%s_country = ?",
           c->pcol, c->mine);
  sqlb_text(b, frag, c->actor->code);
  if (c->exclude_reverse) {
    snprintf(frag, sizeof frag, " AND r.%s <> ?", c->pcol);
    sqlb_text(b, frag, c->actor->code);
  }
  if (c->domestic) {
    snprintf(frag, sizeof frag, " AND r.%s <> ?", c->pcol);
    sqlb_text(b, frag, c->domestic);
  }
  if (q->day_from) sqlb_int(b, " AND r.day >= ?", q->day_from);
  if (q->day_to) sqlb_int(b, " AND r.day <= ?", q->day_to);
  if (q->event_code && *q->event_code) sqlb_text(b, " AND r.root_code = ?", q->event_code);
  if (q->quad_class) sqlb_int(b, " AND r.quad_class = ?", q->quad_class);
  if (ask_effective_unit(a, PARLEY_UNIT_EVENTS) == PARLEY_UNIT_EVENTS) {
    if (q->unit == PARLEY_UNIT_MENTIONS)
      snprintf(frag, sizeof frag,
               " UNION ALL SELECT e.%s, COALESCE(e.quad_class, 0), 1, COALESCE(e.goldstein, 0), "
               "CASE WHEN e.goldstein IS NULL THEN 0 ELSE 1 END FROM events e WHERE e.group_id IS NOT NULL",
               c->pcol);
    else
      snprintf(frag, sizeof frag,
               " UNION ALL SELECT MIN(e.%s), COALESCE(MIN(e.quad_class), 0), 1, COALESCE(AVG(e.goldstein), 0), "
               "CASE WHEN AVG(e.goldstein) IS NULL THEN 0 ELSE 1 END FROM events e WHERE e.group_id IS NOT NULL",
               c->pcol);
    sqlb_add(b, frag);
    side_where(b, c);
    if (q->unit != PARLEY_UNIT_MENTIONS) sqlb_add(b, " GROUP BY e.group_id");
  }
  sqlb_add(b, ") x GROUP BY partner, quad_class");
}

static parley_partner *find_partner(parley_partners *p, size_t *cap, const char *code) {
  for (size_t i = 0; i < p->n; i++)
    if (!strcmp(p->items[i].code, code)) return &p->items[i];
  if (p->n == *cap) {
    *cap = *cap ? *cap * 2 : 64;
    parley_partner *x = realloc(p->items, *cap * sizeof *x);
    if (!x) return NULL;
    p->items = x;
  }
  parley_partner *x = &p->items[p->n++];
  memset(x, 0, sizeof *x);
  snprintf(x->code, sizeof x->code, "%s", code);
  return x;
}

static int by_contacts(const void *x, const void *y) {
  const parley_partner *a = x, *b = y;
  if (a->both.events != b->both.events) return a->both.events > b->both.events ? -1 : 1;
  return strcmp(a->code, b->code);
}

typedef struct tone_key {
  double mean;
  size_t idx;
} tone_key;

static int by_tone(const void *x, const void *y) {
  const tone_key *a = x, *b = y;
  if (a->mean != b->mean) return a->mean > b->mean ? -1 : 1;
  return a->idx < b->idx ? -1 : 1;
}

int parley_ask_partners(parley_ask *a, const parley_actor_ref *actor, const parley_query *q, int by_code,
                        int include_domestic, long min_events, parley_partners **out, parley_error *err) {
  *out = NULL;
  parley_partners *p = calloc(1, sizeof *p);
  if (!p) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  p->actor = *actor;
  p->q = *q;
  p->by_code = by_code;
  p->min_events = min_events;
  size_t cap = 0;
  int rc = PARLEY_OK;
  parley_unit unit = ask_effective_unit(a, q->unit);
  int rollup = !by_code && actor->by_country && !q->no_rollup && ask_rollup_usable(a, q);
  const char *domestic = include_domestic ? NULL : by_code ? NULL : actor->country[0] ? actor->country : NULL;
  for (int side = 0; side < 2 && !rc; side++) {
    side_ctx c = {actor, side ? "target" : "source", side ? "source" : "target", NULL, side, domestic, q};
    char pcol[32], cols[160], gcols[160];
    snprintf(pcol, sizeof pcol, "%s_%s", c.other, by_code ? "code" : "country");
    c.pcol = pcol;
    snprintf(cols, sizeof cols, "e.%s AS partner, e.quad_class AS quad_class, e.goldstein AS goldstein", pcol);
    snprintf(gcols, sizeof gcols, "MIN(e.%s), MIN(e.quad_class), AVG(e.goldstein)", pcol);
    sqlb b;
    sqlb_init(&b);
    if (rollup) {
      rollup_partners(a, &b, &c);
    } else {
      sqlb_add(&b, "SELECT partner, quad_class, COUNT(*), SUM(goldstein), COUNT(goldstein) FROM (");
      ask_unit_source(&b, unit, cols, gcols, side_where, &c);
      sqlb_add(&b, ") x GROUP BY partner, quad_class");
    }
    store_stmt *st = NULL;
    rc = sqlb_prepare(a, &b, &st, err);
    sqlb_free(&b);
    if (rc) break;
    int s;
    while ((s = store_query_step(st, err)) == 1) {
      char code[32];
      ask_col_copy(st, 0, code, sizeof code);
      parley_partner *x = find_partner(p, &cap, code);
      if (!x) {
        rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
        break;
      }
      long n = store_query_column_int64(st, 2);
      double gs = store_query_column_double(st, 3);
      long gn = store_query_column_int64(st, 4);
      int quad = (int)store_query_column_int64(st, 1);
      ask_tally_add(side ? &x->in : &x->out, NULL, quad, n, gs, gn);
      ask_tally_add(&x->both, NULL, quad, n, gs, gn);
    }
    if (!rc && s != 0) rc = ask_sql_error(a, err, "reading partners");
    store_query_finalize(st);
  }
  if (rc) {
    parley_partners_free(p);
    return rc;
  }
  if (p->n) qsort(p->items, p->n, sizeof *p->items, by_contacts);
  tone_key *tk = malloc((p->n ? p->n : 1) * sizeof *tk);
  if (!tk) {
    parley_partners_free(p);
    return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  }
  size_t nt = 0;
  for (size_t i = 0; i < p->n; i++) {
    p->items[i].rank_contacts = (long)i + 1;
    if (p->items[i].both.events >= min_events && p->items[i].both.goldstein_n)
      tk[nt++] = (tone_key){parley_tally_goldstein_mean(&p->items[i].both), i};
  }
  if (nt) qsort(tk, nt, sizeof *tk, by_tone);
  for (size_t i = 0; i < nt; i++)
    p->items[tk[i].idx].rank_tone = (long)i + 1;
  free(tk);
  /* display names from the actors table, when it has them */
  store_stmt *st = NULL;
  parley_error e2;
  if (store_query_prepare(a->s, "SELECT name FROM actors WHERE code = ?", &st, &e2) == PARLEY_OK) {
    for (size_t i = 0; i < p->n; i++) {
      store_query_reset(st);
      store_query_bind_text(st, 1, p->items[i].code);
      if (store_query_step(st, &e2) == 1) ask_col_copy(st, 0, p->items[i].name, sizeof p->items[i].name);
    }
  }
  store_query_finalize(st);
  *out = p;
  return PARLEY_OK;
}

void parley_partners_free(parley_partners *p) {
  if (!p) return;
  free(p->items);
  free(p);
}

char *parley_partners_to_json(const parley_partners *p, size_t limit) {
  json_t *o = json_object();
  json_object_set_new(o, "query", ask_query_json(&p->q));
  json_object_set_new(o, "actor", ask_actor_ref_json(&p->actor));
  json_object_set_new(o, "partner_level", json_string(p->by_code ? "code" : "country"));
  json_object_set_new(o, "min_events_for_tone", json_integer(p->min_events));
  json_t *arr = json_array();
  size_t n = limit && limit < p->n ? limit : p->n;
  for (size_t i = 0; i < n; i++) {
    const parley_partner *x = &p->items[i];
    json_t *e = json_object();
    json_object_set_new(e, "partner", json_string(x->code));
    json_object_set_new(e, "name", ask_str_json(x->name));
    json_object_set_new(e, "events", json_integer(x->both.events));
    json_object_set_new(e, "events_out", json_integer(x->out.events));
    json_object_set_new(e, "events_in", json_integer(x->in.events));
    json_object_set_new(e, "goldstein_mean", ask_real_json(parley_tally_goldstein_mean(&x->both)));
    json_object_set_new(e, "goldstein_mean_out", ask_real_json(parley_tally_goldstein_mean(&x->out)));
    json_object_set_new(e, "goldstein_mean_in", ask_real_json(parley_tally_goldstein_mean(&x->in)));
    json_t *qc = json_array();
    for (int k = 1; k <= 4; k++)
      json_array_append_new(qc, json_integer(x->both.quad[k]));
    json_object_set_new(e, "quad_class", qc);
    json_object_set_new(e, "rank_contacts", json_integer(x->rank_contacts));
    json_object_set_new(e, "rank_tone", x->rank_tone ? json_integer(x->rank_tone) : json_null());
    json_array_append_new(arr, e);
  }
  json_object_set_new(o, "partners", arr);
  return ask_json_dump(o);
}
