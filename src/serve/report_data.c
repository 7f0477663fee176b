/* report_data.c — stage 5 (present): gathers what one dyad report shows.
 *
 * The numbers come from the ask stage, through the same calls as the
 * commands: parley_ask_rhythm (the contact days), parley_ask_dyad (the
 * timeline and the Goldstein trend), parley_ask_partners and
 * parley_ask_compare (A's partners), parley_ask_claims (contested events)
 * and parley_ask_events (the events of each contact day). What the ask API
 * does not give — the evidence sentence of an event and its source
 * document — is read through the documented schema (src/store/schema.sql:
 * sentences.span_* are byte offsets into documents.text). */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve_internal.h"
#include "store/query.h"

static char *dup_or_null(const char *s) {
  if (!s || !*s) return NULL;
  size_t n = strlen(s);
  char *d = malloc(n + 1);
  if (d) memcpy(d, s, n + 1);
  return d;
}

void rp_actor_name(parley_store *db, const parley_dict *dict, const char *code, char *out, size_t size) {
  out[0] = '\0';
  const char *zh = rp_dict_actor_zh(dict, code), *en = rp_dict_actor_name(dict, code);
  if (zh || en) {
    snprintf(out, size, "%s%s%s", zh ? zh : "", zh && en ? " " : "", en ? en : "");
    return;
  }
  store_stmt *st = NULL;
  parley_error e;
  if (store_query_prepare(db, "SELECT name FROM actors WHERE code = ? AND name IS NOT NULL AND name <> ''", &st, &e))
    return;
  store_query_bind_text(st, 1, code);
  if (store_query_step(st, &e) == 1) snprintf(out, size, "%s", store_query_column_text(st, 0));
  store_query_finalize(st);
}

/* 1 when s looks like an actor code: upper-case letters and digits, a multiple of 3 long
 * (the rule of the ask commands, docs/cli.md "Actors"). */
int rp_is_code(const char *s) {
  size_t l = strlen(s);
  if (l < 3 || l % 3) return 0;
  for (size_t i = 0; i < l; i++)
    if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9'))) return 0;
  return 1;
}

/* The dictionary's normaliser is not known to be safe in several threads at once. */
static pthread_mutex_t resolve_mu = PTHREAD_MUTEX_INITIALIZER;

void rp_dict_lock(void) { pthread_mutex_lock(&resolve_mu); }
void rp_dict_unlock(void) { pthread_mutex_unlock(&resolve_mu); }

int rp_resolve_all(const parley_dict *dict, const char *const *names, size_t n, int day_to, parley_actor_ref *out,
                   parley_error *err) {
  char date[11], *dp = NULL;
  if (day_to) {
    snprintf(date, sizeof date, "%04d-%02d-%02d", day_to / 10000 % 10000, day_to / 100 % 100, day_to % 100);
    dp = date;
  }
  int need = 0;
  for (size_t i = 0; i < n; i++) {
    if (!names[i] || !*names[i]) return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "an actor is empty");
    need |= !rp_is_code(names[i]);
  }
  int rc = PARLEY_OK;
  rp_dict_lock();
  for (size_t i = 0; i < n && !rc; i++)
    rc = parley_actor_ref_resolve(need ? dict : NULL, names[i], dp, &out[i], err);
  rp_dict_unlock();
  return rc;
}

/* ------------------------------------------------------------- contacts */

typedef struct ev_ctx {
  rp_data *d;
  const parley_dict *dict;
  parley_store *db;
  store_stmt *sent, *doc, *refs;
  size_t ci;         /* the contact the last row went to */
  long long *groups; /* groups already seen */
  size_t n_groups, cap_groups;
  int oom;
} ev_ctx;

static int seen_group(ev_ctx *c, long long g) {
  for (size_t i = c->n_groups; i-- > 0;)
    if (c->groups[i] == g) return 1;
  if (c->n_groups == c->cap_groups) {
    size_t cap = c->cap_groups ? c->cap_groups * 2 : 64;
    long long *p = realloc(c->groups, cap * sizeof *p);
    if (!p) return 0;
    c->groups = p;
    c->cap_groups = cap;
  }
  c->groups[c->n_groups++] = g;
  return 0;
}

static char *sentence_text(ev_ctx *c, long long doc, long idx) {
  if (!c->sent || doc <= 0 || idx < 0) return NULL;
  store_query_reset(c->sent);
  store_query_bind_int64(c->sent, 1, doc);
  store_query_bind_int64(c->sent, 2, idx);
  char *out = NULL;
  parley_error e;
  if (store_query_step(c->sent, &e) == 1) {
    /* the sentence's bytes of the text (byte offsets), cut here rather than
     * in SQL: the same on both backends */
    long long s0 = store_query_column_int64(c->sent, 0), s1 = store_query_column_int64(c->sent, 1);
    const char *text = store_query_column_text(c->sent, 2);
    long long tl = text ? (long long)strlen(text) : 0;
    if (s0 < 0) s0 = 0;
    if (s1 > tl) s1 = tl;
    const char *p = text && s0 < s1 ? text + s0 : NULL;
    int n = p ? (int)(s1 - s0) : 0;
    if (p && n > 0 && (out = malloc((size_t)n + 1))) {
      memcpy(out, p, (size_t)n);
      out[n] = '\0';
      /* trim white space and keep it valid UTF-8 */
      char *s = out;
      while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
        s++;
      size_t l = strlen(s);
      while (l && (s[l - 1] == ' ' || s[l - 1] == '\n' || s[l - 1] == '\r' || s[l - 1] == '\t'))
        l--;
      memmove(out, s, l);
      out[l] = '\0';
      if (!utf8_valid(out, l) || !l) {
        free(out);
        out = NULL;
      }
    }
  }
  return out;
}

static char *document_text(ev_ctx *c, long long doc) {
  if (!c->doc || doc <= 0) return NULL;
  store_query_reset(c->doc);
  store_query_bind_int64(c->doc, 1, doc);
  char *out = NULL;
  parley_error e;
  if (store_query_step(c->doc, &e) == 1) {
    pbuf b;
    pbuf_init(&b);
    for (int i = 0; i < 4; i++) {
      const char *t = store_query_column_text(c->doc, i);
      if (!t || !*t) continue;
      if (b.len) pbuf_add(&b, " · ");
      pbuf_add(&b, t);
    }
    /* the first entries of the document's own source list: "outlet date
     * headline" (trimmed of spaces), joined by "; " */
    pbuf r;
    pbuf_init(&r);
    int n_refs = 0;
    if (c->refs) {
      store_query_reset(c->refs);
      store_query_bind_int64(c->refs, 1, doc);
      while (store_query_step(c->refs, &e) == 1) {
        pbuf x;
        pbuf_init(&x);
        for (int i = 0; i < 3; i++) {
          const char *t = store_query_column_text(c->refs, i);
          if (i) pbuf_add(&x, " ");
          pbuf_add(&x, t ? t : "");
        }
        const char *xs = x.s ? x.s : "";
        size_t xl = x.len;
        while (xl && *xs == ' ')
          xs++, xl--;
        while (xl && xs[xl - 1] == ' ')
          xl--;
        if (n_refs++) pbuf_add(&r, "; ");
        pbuf_addn(&r, xs, xl);
        pbuf_free(&x);
      }
    }
    if (r.len) {
      pbuf_add(&b, b.len ? " — " : "");
      pbuf_addn(&b, r.s, r.len);
    }
    pbuf_free(&r);
    out = b.len ? pbuf_take(&b, NULL) : NULL;
    pbuf_free(&b);
    if (out && !utf8_valid(out, strlen(out))) {
      free(out);
      out = NULL;
    }
  }
  return out;
}

static int on_event(void *vctx, const parley_event_row *r) {
  ev_ctx *c = vctx;
  rp_data *d = c->d;
  if (r->group_id && seen_group(c, r->group_id)) return 0;
  /* rows come in day order, like the rhythm's days */
  while (c->ci < d->n_contacts && d->contacts[c->ci].day < r->day)
    c->ci++;
  if (c->ci >= d->n_contacts) return 1;
  rp_contact *k = &d->contacts[c->ci];
  if (k->day != r->day) return 0;
  int q = r->quad_class >= 1 && r->quad_class <= 4 ? r->quad_class : 0;
  k->quad[q]++;
  if (r->has_goldstein) k->gs_sum += r->goldstein, k->gs_n++;
  /* the same event coded in both directions (a call, a meeting) is listed once, as A ⇄ B */
  for (size_t i = 0; i < k->n_ev; i++) {
    rp_event *e = &k->ev[i];
    if (!e->both && !strcmp(e->source, r->target_code) && !strcmp(e->target, r->source_code) &&
        !strcmp(e->code, r->event_code) && e->doc_id == r->doc_id && e->sentence == r->sentence) {
      e->both = 1;
      return 0;
    }
  }
  if (k->n_ev >= RP_MAX_LISTED) {
    k->n_more++;
    return 0;
  }
  if (!k->ev && !(k->ev = calloc(RP_MAX_LISTED, sizeof *k->ev))) {
    c->oom = 1;
    return 1;
  }
  rp_event *e = &k->ev[k->n_ev++];
  memset(e, 0, sizeof *e);
  e->day = r->day;
  snprintf(e->source, sizeof e->source, "%s", r->source_code[0] ? r->source_code : r->source_country);
  snprintf(e->target, sizeof e->target, "%s", r->target_code[0] ? r->target_code : r->target_country);
  snprintf(e->code, sizeof e->code, "%s", r->event_code);
  e->quad = q;
  e->has_gs = r->has_goldstein;
  e->gs = r->goldstein;
  e->doc_id = r->doc_id;
  e->group_id = r->group_id;
  e->sentence = r->sentence;
  const parley_cameo *cm = c->dict ? parley_dict_cameo(c->dict, r->event_code) : NULL;
  e->name = dup_or_null(cm ? cm->name : NULL);
  e->trigger = dup_or_null(r->trigger);
  e->location = dup_or_null(r->location);
  e->claims = dup_or_null(r->claims);
  e->url = dup_or_null(r->source_url[0] ? r->source_url : r->doc_url);
  e->evidence = sentence_text(c, r->doc_id, r->sentence);
  e->document = document_text(c, r->doc_id);
  return 0;
}

static int gather_contacts(parley_ask *ask, parley_store *db, const parley_dict *dict, rp_data *d, parley_error *err) {
  const parley_rhythm *rh = d->rhythm;
  d->n_contacts = rh->n_days;
  if (!rh->n_days) return PARLEY_OK;
  d->contacts = calloc(rh->n_days, sizeof *d->contacts);
  if (!d->contacts) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  for (size_t i = 0; i < rh->n_days; i++) {
    d->contacts[i].day = rh->days[i];
    d->contacts[i].events = rh->per_day[i];
  }
  ev_ctx c = {.d = d, .dict = dict, .db = db};
  parley_error e;
  if (store_query_prepare(db,
                          "SELECT s.span_start, s.span_end, d.text FROM sentences s JOIN documents d ON d.id = "
                          "s.doc_id WHERE s.doc_id = ? AND s.idx = ?",
                          &c.sent, &e))
    c.sent = NULL;
  if (store_query_prepare(
          db, "SELECT COALESCE(d.title, d.doc_key), d.source, d.date, d.url FROM documents d WHERE d.id = ?", &c.doc,
          &e))
    c.doc = NULL;
  if (store_query_prepare(db,
                          "SELECT r.outlet, r.date, r.headline FROM doc_references r WHERE r.doc_id = ? ORDER BY r.idx "
                          "LIMIT 3",
                          &c.refs, &e))
    c.refs = NULL;
  parley_event_filter f = parley_event_filter_default();
  f.q = d->q;
  f.dyad[0] = &d->a;
  f.dyad[1] = &d->b;
  f.limit = 50000; /* the events of the first contact days; later days keep their counts only */
  int rc = parley_ask_events(ask, &f, on_event, &c, err);
  store_query_finalize(c.sent);
  store_query_finalize(c.doc);
  store_query_finalize(c.refs);
  free(c.groups);
  if (!rc && c.oom) rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  return rc;
}

/* ------------------------------------------------------------------ claims */

static int cmp_claim(const void *x, const void *y) {
  const parley_contested *a = *(const parley_contested *const *)x, *b = *(const parley_contested *const *)y;
  if (a->day != b->day) return a->day < b->day ? -1 : 1;
  return a->event_id < b->event_id ? -1 : a->event_id > b->event_id;
}

static int merge_claims(rp_data *d, parley_error *err) {
  size_t n = (d->claims_a ? d->claims_a->n : 0) + (d->claims_b ? d->claims_b->n : 0);
  if (!n) return PARLEY_OK;
  d->claims = calloc(n, sizeof *d->claims);
  if (!d->claims) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  const parley_claims *lists[2] = {d->claims_a, d->claims_b};
  for (int l = 0; l < 2; l++) {
    if (!lists[l]) continue;
    for (size_t i = 0; i < lists[l]->n; i++) {
      const parley_contested *e = &lists[l]->items[i];
      int dup = 0;
      for (size_t j = 0; j < d->n_claims && !dup; j++)
        dup = d->claims[j]->event_id == e->event_id;
      if (!dup) d->claims[d->n_claims++] = e;
    }
  }
  qsort(d->claims, d->n_claims, sizeof *d->claims, cmp_claim);
  return PARLEY_OK;
}

/* --------------------------------------------------------------- partners */

static int gather_compare(parley_ask *ask, parley_store *db, const parley_dict *dict, const parley_report_request *req,
                          rp_data *d, parley_error *err) {
  size_t max = 1 + (req->n_vs ? req->n_vs : 5);
  parley_actor_ref *refs = calloc(max, sizeof *refs);
  if (!refs) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  size_t n = 0;
  refs[n++] = d->b;
  parley_query q = d->q;
  q.by = PARLEY_BY_ALL;
  q.fill = 0;
  int rc = PARLEY_OK;
  if (req->n_vs) {
    rc = rp_resolve_all(dict, req->vs, req->n_vs, d->q.day_to, refs + 1, err);
    n += req->n_vs;
  } else {
    /* A's top partners (countries) besides B */
    parley_partners *p = NULL;
    rc = parley_ask_partners(ask, &d->a, &q, 0, 0, 3, &p, err);
    for (size_t i = 0; !rc && i < p->n && n < max; i++) {
      const char *code = p->items[i].code;
      if (!strcmp(code, d->b.code) || !strcmp(code, d->b.country) || !strcmp(code, d->a.country)) continue;
      rc = parley_actor_ref_resolve(NULL, code, NULL, &refs[n++], err);
    }
    parley_partners_free(p);
  }
  if (!rc) rc = parley_ask_compare(ask, &d->a, refs, n, &q, &d->compare, err);
  free(refs);
  if (rc) return rc;
  d->partner_names = calloc(d->compare->n_partners + 1, sizeof *d->partner_names);
  if (!d->partner_names) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  for (size_t i = 0; i < d->compare->n_partners; i++)
    rp_actor_name(db, dict, d->compare->dyads[i]->b.code, d->partner_names[i], sizeof d->partner_names[i]);
  return PARLEY_OK;
}

/* ------------------------------------------------------------------- all */

static parley_period auto_period(int from, int to) {
  long span = svg_day_serial(to) - svg_day_serial(from);
  if (span <= 62) return PARLEY_BY_DAY;
  if (span <= 240) return PARLEY_BY_WEEK;
  if (span <= 6 * 366) return PARLEY_BY_MONTH;
  if (span <= 20 * 366) return PARLEY_BY_QUARTER;
  return PARLEY_BY_YEAR;
}

int rp_gather(parley_ask *ask, parley_store *db, const parley_dict *dict, const parley_report_request *req, rp_data *d,
              parley_error *err) {
  memset(d, 0, sizeof *d);
  d->q = req->q;
  d->q.fill = 0;
  if (d->q.day_from && d->q.day_to && d->q.day_from > d->q.day_to)
    return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "from is after to");
  const char *ab[2] = {req->a, req->b};
  parley_actor_ref refs[2];
  int rc = rp_resolve_all(dict, ab, 2, d->q.day_to, refs, err);
  if (rc) return rc;
  d->a = refs[0];
  d->b = refs[1];
  rp_actor_name(db, dict, d->a.code, d->a_name, sizeof d->a_name);
  rp_actor_name(db, dict, d->b.code, d->b_name, sizeof d->b_name);
  if ((rc = parley_ask_rhythm(ask, &d->a, &d->b, &d->q, &d->rhythm, err))) return rc;
  const parley_rhythm *rh = d->rhythm;
  d->range_from = d->q.day_from ? d->q.day_from : rh->n_days ? rh->days[0] : 0;
  d->range_to = d->q.day_to ? d->q.day_to : rh->n_days ? rh->days[rh->n_days - 1] : 0;
  if (!d->range_from && d->range_to) d->range_from = d->range_to;
  if (!d->range_to && d->range_from) d->range_to = d->range_from;
  if (req->auto_by && d->range_from)
    d->q.by = auto_period(d->range_from, d->range_to);
  else if (req->auto_by)
    d->q.by = PARLEY_BY_MONTH;
  if (d->q.by == PARLEY_BY_ALL) d->q.by = PARLEY_BY_YEAR; /* a timeline needs periods */
  parley_query qd = d->q;
  qd.fill = 1;
  if ((rc = parley_ask_dyad(ask, &d->a, &d->b, &qd, &d->dyad, err))) return rc;
  if ((rc = gather_contacts(ask, db, dict, d, err))) return rc;
  if ((rc = gather_compare(ask, db, dict, req, d, err))) return rc;
  parley_query qc = d->q;
  qc.contested = 1;
  if ((rc = parley_ask_claims(ask, &d->a, &qc, &d->claims_a, err))) return rc;
  if ((rc = parley_ask_claims(ask, &d->b, &qc, &d->claims_b, err))) return rc;
  if ((rc = merge_claims(d, err))) return rc;
  return PARLEY_OK;
}

void rp_free(rp_data *d) {
  if (!d) return;
  for (size_t i = 0; i < d->n_contacts; i++) {
    rp_contact *k = &d->contacts[i];
    for (size_t j = 0; j < k->n_ev; j++) {
      rp_event *e = &k->ev[j];
      free(e->name), free(e->trigger), free(e->evidence), free(e->document), free(e->url), free(e->claims);
      free(e->location);
    }
    free(k->ev);
  }
  free(d->contacts);
  parley_dyad_free(d->dyad);
  parley_rhythm_free(d->rhythm);
  parley_compare_free(d->compare);
  free(d->partner_names);
  parley_claims_free(d->claims_a);
  parley_claims_free(d->claims_b);
  free(d->claims);
  memset(d, 0, sizeof *d);
}
