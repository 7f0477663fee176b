/* claims.c — stage 4 (ask): `parley claims`, contested events with every
 * actor's stance, the evidence and the sources.
 *
 * An event is contested when some claim about it (about any report of it,
 * for grouped events) denies or doubts it. Reports of one event group are
 * listed once. Evidence is the sentence text, cut from documents.text with
 * the byte span of the sentences table; sources are the documents reporting
 * the event or a claim, with their trailing source lists (doc_references). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ask/ask_internal.h"

typedef struct claims_where_ctx {
  const parley_actor_ref *x;
  const parley_query *q;
} claims_where_ctx;

/* The text of sentence idx of document doc_id, or NULL. */
static char *sentence_text(parley_ask *a, store_stmt *st, long long doc_id, long idx) {
  if (!doc_id || idx < 0) return NULL;
  store_query_reset(st);
  store_query_bind_int64(st, 1, doc_id);
  store_query_bind_int64(st, 2, idx);
  char *out = NULL;
  parley_error err;
  if (store_query_step(st, &err) == 1) {
    long s = (long)store_query_column_int64(st, 0), e = (long)store_query_column_int64(st, 1);
    const char *t = store_query_column_text(st, 2);
    long len = t ? (long)strlen(t) : 0;
    if (t && s >= 0 && s <= e && e <= len && (out = malloc((size_t)(e - s) + 1))) {
      memcpy(out, t + s, (size_t)(e - s));
      out[e - s] = '\0';
    }
  }
  (void)a;
  return out;
}

static char *span_text(store_stmt *st, long long doc_id, long s, long e) {
  if (!doc_id || s < 0 || e < s) return NULL;
  store_query_reset(st);
  store_query_bind_int64(st, 1, doc_id);
  char *out = NULL;
  parley_error err;
  if (store_query_step(st, &err) == 1) {
    const char *t = store_query_column_text(st, 0);
    long len = t ? (long)strlen(t) : 0;
    if (t && e <= len && (out = malloc((size_t)(e - s) + 1))) {
      memcpy(out, t + s, (size_t)(e - s));
      out[e - s] = '\0';
    }
  }
  return out;
}

static int add_doc(parley_contested *c, long long id) {
  if (!id) return 0;
  for (size_t i = 0; i < c->n_docs; i++)
    if (c->docs[i].id == id) return 0;
  parley_claim_doc *d = realloc(c->docs, (c->n_docs + 1) * sizeof *d);
  if (!d) return -1;
  c->docs = d;
  memset(&d[c->n_docs], 0, sizeof *d);
  d[c->n_docs++].id = id;
  return 0;
}

static void free_contested(parley_contested *c) {
  free(c->evidence);
  for (size_t i = 0; i < c->n_claims; i++) {
    free(c->claims[i].cue);
    free(c->claims[i].evidence);
  }
  free(c->claims);
  for (size_t i = 0; i < c->n_docs; i++) {
    parley_claim_doc *d = &c->docs[i];
    free(d->key), free(d->source), free(d->url), free(d->date), free(d->title);
    for (size_t k = 0; k < d->n_refs; k++)
      free(d->refs[k].outlet), free(d->refs[k].date), free(d->refs[k].headline);
    free(d->refs);
  }
  free(c->docs);
}

static int fill_claims(parley_ask *a, parley_contested *c, store_stmt *sent, store_stmt *doct, parley_error *err) {
  sqlb b;
  sqlb_init(&b);
  sqlb_add(&b, "SELECT c.actor_code, c.actor_country, c.actor_name, c.stance, c.cue, c.doc_id, c.sentence, "
               "c.span_start, c.span_end FROM claims c WHERE ");
  if (c->group_id) {
    sqlb_int(&b, "c.group_id = ?", c->group_id);
    sqlb_int(&b, " OR c.event_id IN (SELECT id FROM events WHERE group_id = ?)", c->group_id);
  } else {
    sqlb_int(&b, "c.event_id = ?", c->event_id);
  }
  sqlb_add(&b, " ORDER BY c.id");
  store_stmt *st = NULL;
  int rc = sqlb_prepare(a, &b, &st, err);
  sqlb_free(&b);
  if (rc) return rc;
  int s;
  while ((s = store_query_step(st, err)) == 1) {
    parley_claim_row *x = realloc(c->claims, (c->n_claims + 1) * sizeof *x);
    if (!x) {
      store_query_finalize(st);
      return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
    }
    c->claims = x;
    x = &c->claims[c->n_claims++];
    memset(x, 0, sizeof *x);
    ask_col_copy(st, 0, x->actor_code, sizeof x->actor_code);
    ask_col_copy(st, 1, x->actor_country, sizeof x->actor_country);
    ask_col_copy(st, 2, x->actor_name, sizeof x->actor_name);
    ask_col_copy(st, 3, x->stance, sizeof x->stance);
    x->doc_id = store_query_column_int64(st, 5);
    x->sentence = store_query_column_type(st, 6) == STORE_COL_NULL ? -1 : (long)store_query_column_int64(st, 6);
    x->cue = ask_col_dup(st, 4);
    if (!x->cue && store_query_column_type(st, 7) != STORE_COL_NULL)
      x->cue = span_text(doct, x->doc_id, (long)store_query_column_int64(st, 7), (long)store_query_column_int64(st, 8));
    x->evidence = sentence_text(a, sent, x->doc_id, x->sentence);
    if (add_doc(c, x->doc_id)) {
      store_query_finalize(st);
      return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
    }
  }
  rc = s == 0 ? PARLEY_OK : ask_sql_error(a, err, "reading claims");
  store_query_finalize(st);
  return rc;
}

static int fill_docs(parley_ask *a, parley_contested *c, parley_error *err) {
  store_stmt *d = NULL, *r = NULL;
  if (ask_prepare(a, "SELECT doc_key, source, url, date, title FROM documents WHERE id = ?", &d, err,
                  "reading documents") ||
      ask_prepare(a, "SELECT outlet, date, headline FROM doc_references WHERE doc_id = ? ORDER BY idx", &r, err,
                  "reading documents")) {
    store_query_finalize(d);
    return err && err->status ? err->status : PARLEY_ESTORE;
  }
  int rc = PARLEY_OK;
  for (size_t i = 0; i < c->n_docs && !rc; i++) {
    parley_claim_doc *x = &c->docs[i];
    store_query_reset(d);
    store_query_bind_int64(d, 1, x->id);
    if (store_query_step(d, err) == 1) {
      x->key = ask_col_dup(d, 0);
      x->source = ask_col_dup(d, 1);
      x->url = ask_col_dup(d, 2);
      x->date = ask_col_dup(d, 3);
      x->title = ask_col_dup(d, 4);
    }
    store_query_reset(r);
    store_query_bind_int64(r, 1, x->id);
    while (store_query_step(r, err) == 1) {
      parley_source_ref *p = realloc(x->refs, (x->n_refs + 1) * sizeof *p);
      if (!p) {
        rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
        break;
      }
      x->refs = p;
      p[x->n_refs].outlet = ask_col_dup(r, 0);
      p[x->n_refs].date = ask_col_dup(r, 1);
      p[x->n_refs].headline = ask_col_dup(r, 2);
      x->n_refs++;
    }
  }
  store_query_finalize(d);
  store_query_finalize(r);
  return rc;
}

int parley_ask_claims(parley_ask *a, const parley_actor_ref *x, const parley_query *q, parley_claims **out,
                      parley_error *err) {
  *out = NULL;
  parley_claims *res = calloc(1, sizeof *res);
  if (!res) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  res->q = *q;
  parley_query qq = *q;
  qq.claimed = 1;
  sqlb b;
  sqlb_init(&b);
  sqlb_add(&b, "SELECT e.id, e.group_id, e.day, e.day_end, e.source_code, e.source_country, e.source_name, "
               "e.target_code, e.target_country, e.target_name, e.event_code, e.root_code, e.quad_class, e.goldstein, "
               "e.doc_id, e.sentence FROM events e WHERE 1 = 1");
  if (x) {
    const char *col = x->by_country ? "country" : "code";
    char frag[256];
    snprintf(frag, sizeof frag, " AND (e.source_%s = ?", col);
    sqlb_text(&b, frag, x->code);
    snprintf(frag, sizeof frag, " OR e.target_%s = ?", col);
    sqlb_text(&b, frag, x->code);
    snprintf(frag, sizeof frag, " OR EXISTS (SELECT 1 FROM claims c2 WHERE c2.event_id = e.id AND c2.actor_%s = ?))",
             col);
    sqlb_text(&b, frag, x->code);
  }
  ask_where_query(&b, "e", &qq);
  sqlb_add(&b, " ORDER BY e.day, e.id");
  store_stmt *st = NULL, *sent = NULL, *doct = NULL;
  int rc = sqlb_prepare(a, &b, &st, err);
  sqlb_free(&b);
  if (!rc && (ask_prepare(a,
                          "SELECT s.span_start, s.span_end, d.text FROM sentences s JOIN documents d ON d.id = "
                          "s.doc_id WHERE s.doc_id = ? AND s.idx = ?",
                          &sent, err, "preparing evidence queries") ||
              ask_prepare(a, "SELECT text FROM documents WHERE id = ?", &doct, err, "preparing evidence queries")))
    rc = err && err->status ? err->status : PARLEY_ESTORE;
  size_t cap = 0;
  int s = 0;
  while (!rc && (s = store_query_step(st, err)) == 1) {
    long long gid = store_query_column_int64(st, 1);
    long long doc = store_query_column_int64(st, 14);
    long sentence = store_query_column_type(st, 15) == STORE_COL_NULL ? -1 : (long)store_query_column_int64(st, 15);
    parley_contested *c = NULL;
    if (gid)
      for (size_t i = 0; i < res->n; i++)
        if (res->items[i].group_id == gid) c = &res->items[i];
    if (c) { /* another report of a listed event */
      if (add_doc(c, doc)) rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
      continue;
    }
    if (res->n == cap) {
      cap = cap ? cap * 2 : 16;
      parley_contested *p = realloc(res->items, cap * sizeof *p);
      if (!p) {
        rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
        break;
      }
      res->items = p;
    }
    c = &res->items[res->n++];
    memset(c, 0, sizeof *c);
    c->event_id = store_query_column_int64(st, 0);
    c->group_id = gid;
    c->day = (int)store_query_column_int64(st, 2);
    c->day_end = (int)store_query_column_int64(st, 3);
    ask_col_copy(st, 4, c->source_code, sizeof c->source_code);
    ask_col_copy(st, 5, c->source_country, sizeof c->source_country);
    ask_col_copy(st, 6, c->source_name, sizeof c->source_name);
    ask_col_copy(st, 7, c->target_code, sizeof c->target_code);
    ask_col_copy(st, 8, c->target_country, sizeof c->target_country);
    ask_col_copy(st, 9, c->target_name, sizeof c->target_name);
    ask_col_copy(st, 10, c->event_code, sizeof c->event_code);
    ask_col_copy(st, 11, c->root_code, sizeof c->root_code);
    c->quad_class = (int)store_query_column_int64(st, 12);
    c->goldstein = store_query_column_double(st, 13);
    c->evidence = sentence_text(a, sent, doc, sentence);
    if (add_doc(c, doc)) rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  }
  if (!rc && s != 0) rc = ask_sql_error(a, err, "reading contested events");
  store_query_finalize(st);
  for (size_t i = 0; !rc && i < res->n; i++) {
    rc = fill_claims(a, &res->items[i], sent, doct, err);
    if (!rc) rc = fill_docs(a, &res->items[i], err);
  }
  store_query_finalize(sent);
  store_query_finalize(doct);
  if (rc) {
    parley_claims_free(res);
    return rc;
  }
  *out = res;
  return PARLEY_OK;
}

void parley_claims_free(parley_claims *c) {
  if (!c) return;
  for (size_t i = 0; i < c->n; i++)
    free_contested(&c->items[i]);
  free(c->items);
  free(c);
}

static json_t *side_json(const char *code, const char *country, const char *name) {
  json_t *o = json_object();
  json_object_set_new(o, "code", ask_str_json(code));
  json_object_set_new(o, "country", ask_str_json(country));
  json_object_set_new(o, "name", ask_str_json(name));
  return o;
}

char *parley_claims_to_json(const parley_claims *c) {
  json_t *o = json_object();
  json_object_set_new(o, "query", ask_query_json(&c->q));
  json_t *arr = json_array();
  for (size_t i = 0; i < c->n; i++) {
    const parley_contested *e = &c->items[i];
    json_t *x = json_object();
    json_object_set_new(x, "event_id", json_integer(e->event_id));
    json_object_set_new(x, "group_id", e->group_id ? json_integer(e->group_id) : json_null());
    json_object_set_new(x, "date", ask_day_json(e->day));
    json_object_set_new(x, "date_end", ask_day_json(e->day_end));
    json_object_set_new(x, "source_actor", side_json(e->source_code, e->source_country, e->source_name));
    json_object_set_new(x, "target_actor", side_json(e->target_code, e->target_country, e->target_name));
    json_object_set_new(x, "event_code", json_string(e->event_code));
    json_object_set_new(x, "root_code", json_string(e->root_code));
    json_object_set_new(x, "quad_class", e->quad_class ? json_integer(e->quad_class) : json_null());
    json_object_set_new(x, "goldstein", json_real(e->goldstein));
    json_object_set_new(x, "evidence", ask_str_json(e->evidence));
    int contested = 0;
    json_t *cl = json_array();
    for (size_t k = 0; k < e->n_claims; k++) {
      const parley_claim_row *r = &e->claims[k];
      json_t *y = json_object();
      json_object_set_new(y, "actor", side_json(r->actor_code, r->actor_country, r->actor_name));
      json_object_set_new(y, "stance", json_string(r->stance));
      json_object_set_new(y, "cue", ask_str_json(r->cue));
      json_object_set_new(y, "evidence", ask_str_json(r->evidence));
      json_object_set_new(y, "doc_id", r->doc_id ? json_integer(r->doc_id) : json_null());
      json_object_set_new(y, "sentence", r->sentence >= 0 ? json_integer(r->sentence) : json_null());
      json_array_append_new(cl, y);
      if (strcmp(r->stance, "asserts")) contested = 1;
    }
    json_object_set_new(x, "contested", json_boolean(contested));
    json_object_set_new(x, "claims", cl);
    json_t *ds = json_array();
    for (size_t k = 0; k < e->n_docs; k++) {
      const parley_claim_doc *d = &e->docs[k];
      json_t *y = json_object();
      json_object_set_new(y, "id", json_integer(d->id));
      json_object_set_new(y, "key", ask_str_json(d->key));
      json_object_set_new(y, "source", ask_str_json(d->source));
      json_object_set_new(y, "url", ask_str_json(d->url));
      json_object_set_new(y, "date", ask_str_json(d->date));
      json_object_set_new(y, "title", ask_str_json(d->title));
      json_t *rs = json_array();
      for (size_t j = 0; j < d->n_refs; j++) {
        json_t *z = json_object();
        json_object_set_new(z, "outlet", ask_str_json(d->refs[j].outlet));
        json_object_set_new(z, "date", ask_str_json(d->refs[j].date));
        json_object_set_new(z, "headline", ask_str_json(d->refs[j].headline));
        json_array_append_new(rs, z);
      }
      json_object_set_new(y, "references", rs);
      json_array_append_new(ds, y);
    }
    json_object_set_new(x, "sources", ds);
    json_array_append_new(arr, x);
  }
  json_object_set_new(o, "events", arr);
  return ask_json_dump(o);
}
