/* actors.c — stage 5 (present): GET /api/actors?q=, looking actors up by a
 * part of a name in either language (普京, Putin, 欧盟, EU) or of a code, for
 * the live page's completion. Reads the loaded dictionaries (actor, person
 * and place names, code/dict.h) and the database's actors table (names seen
 * in stored events, e.g. from GDELT), ranks exact matches, then prefixes,
 * then other substrings, and says what the other endpoints would resolve q
 * to. ASCII is matched without regard to case. */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "code/dict.h"
#include "serve/serve_internal.h"
#include "store/query.h"

typedef struct hit {
  char code[32], country[8];
  const char *name;    /* display name */
  const char *matched; /* the entry that matched */
  const char *kind;    /* actor, person, place, database */
  int rank;            /* 0 exact, 1 prefix, 2 substring */
  char *own;           /* names copied from the database */
} hit;

/* The first place q (nq bytes) occurs in text, ASCII case folded, or NULL. */
static const char *find_ci(const char *text, const char *q, size_t nq) {
  char lo = (char)tolower((unsigned char)q[0]), up = (char)toupper((unsigned char)q[0]);
  for (const char *p = text; *p; p++)
    if ((*p == lo || *p == up) && !strncasecmp(p, q, nq)) return p;
  return NULL;
}

/* 0 exact, 1 prefix, 2 substring, -1 no match. */
static int match(const char *text, const char *q, size_t nq) {
  if (!text || !*text || !nq) return -1;
  const char *p = find_ci(text, q, nq);
  if (!p) return -1;
  return p != text ? 2 : text[nq] ? 1 : 0;
}

static int cmp_hit(const void *x, const void *y) {
  const hit *a = x, *b = y;
  if (a->rank != b->rank) return a->rank - b->rank;
  size_t la = strlen(a->matched), lb = strlen(b->matched);
  if (la != lb) return la < lb ? -1 : 1;
  int c = strcmp(a->matched, b->matched);
  if (c) return c;
  c = strcmp(a->code, b->code);
  /* dictionary entries before database ones */
  return c ? c : (a->own != NULL) - (b->own != NULL);
}

typedef struct hits {
  hit *v;
  size_t n, cap;
} hits;

static hit *add(hits *h) {
  if (h->n == h->cap) {
    size_t cap = h->cap ? h->cap * 2 : 64;
    hit *p = realloc(h->v, cap * sizeof *p);
    if (!p) return NULL;
    h->v = p;
    h->cap = cap;
  }
  hit *x = &h->v[h->n++];
  memset(x, 0, sizeof *x);
  return x;
}

const char *rp_dict_actor_name(const parley_dict *d, const char *code) {
  if (!d || !code) return NULL;
  for (size_t i = 0; i < d->nactors; i++)
    if (d->actors[i].kind == PD_ACTOR && !strcmp(d->actors[i].code, code) && d->actors[i].name)
      return d->actors[i].name;
  return NULL;
}

/* A Chinese name the dictionaries give an actor code, or NULL. */
const char *rp_dict_actor_zh(const parley_dict *d, const char *code) {
  if (!d || !code) return NULL;
  const pd_use *best = NULL;
  for (size_t i = 0; i < d->nuses; i++) {
    const pd_use *u = &d->uses[i];
    if (u->type != PD_USE_NAME || u->lang != PD_ZH || u->abbr || u->idx >= d->nactors || !u->text) continue;
    const pd_actor *a = &d->actors[u->idx];
    if (a->kind != PD_ACTOR || strcmp(a->code, code)) continue;
    /* the first line of names in the file, its shortest name: 法国 rather than 法兰西共和国 */
    if (!best || u->line < best->line || (u->line == best->line && strlen(u->text) < strlen(best->text))) best = u;
  }
  return best ? best->text : NULL;
}

char *rp_actors_json(const parley_dict *d, parley_store *db, const char *q, size_t limit, int day_to) {
  size_t nq = strlen(q);
  hits h = {0};
  if (d) {
    parley_ymd today = {0, 0, 0};
    for (size_t i = 0; i < d->nuses; i++) {
      const pd_use *u = &d->uses[i];
      if (u->type != PD_USE_NAME || u->idx >= d->nactors) continue;
      const pd_actor *a = &d->actors[u->idx];
      if (a->kind == PD_TITLE) continue;
      int r = match(u->text, q, nq);
      if (r < 0) continue;
      const char *code = a->code, *country = a->country;
      if (a->kind == PD_PERSON) {
        const pd_role *role = pd_person_role(a, today);
        if (!role) continue;
        code = role->code;
        country = role->country;
      }
      hit *x = add(&h);
      if (!x) break;
      snprintf(x->code, sizeof x->code, "%s", code);
      snprintf(x->country, sizeof x->country, "%s", country);
      x->name = a->name ? a->name : u->text;
      x->matched = u->text;
      x->kind = a->kind == PD_PERSON ? "person" : a->kind == PD_PLACE ? "place" : "actor";
      x->rank = r;
    }
    for (size_t i = 0; i < d->nactors; i++) {
      const pd_actor *a = &d->actors[i];
      if (a->kind != PD_ACTOR) continue;
      int r = match(a->code, q, nq);
      if (r < 0) continue;
      hit *x = add(&h);
      if (!x) break;
      snprintf(x->code, sizeof x->code, "%s", a->code);
      snprintf(x->country, sizeof x->country, "%s", a->country);
      x->name = a->name ? a->name : a->code;
      x->matched = a->code;
      x->kind = "actor";
      x->rank = r;
    }
  }
  /* names seen in the database (imported datasets name actors the dictionaries may not know) */
  /* Portable SQL: the pattern is lowered here (ASCII only, as SQLite's and
   * PostgreSQL's "C" collation lower() do) with LIKE's % and _ escaped;
   * names that are NULL come first, as SQLite sorts them. */
  store_stmt *st = NULL;
  parley_error e;
  char *pat = malloc(2 * nq + 3);
  if (pat) {
    size_t o = 0;
    pat[o++] = '%';
    for (size_t i = 0; i < nq; i++) {
      char ch = q[i];
      if (ch == '%' || ch == '_' || ch == '\\') pat[o++] = '\\';
      pat[o++] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
    }
    pat[o++] = '%';
    pat[o] = '\0';
  }
  if (db && pat &&
      store_query_prepare(db,
                          "SELECT code, COALESCE(country, ''), COALESCE(name, '') FROM actors "
                          "WHERE lower(code) LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\' "
                          "ORDER BY CASE WHEN name IS NULL THEN 0 ELSE 1 END, length(name), code LIMIT 200",
                          &st, &e) == PARLEY_OK) {
    store_query_bind_text(st, 1, pat);
    store_query_bind_text(st, 2, pat);
    while (store_query_step(st, &e) == 1) {
      const char *code = store_query_column_text(st, 0), *country = store_query_column_text(st, 1);
      const char *name = store_query_column_text(st, 2);
      if (!code) continue;
      int rn = match(name, q, nq), rc = match(code, q, nq);
      int r = rn < 0 ? rc : rc < 0 ? rn : rn < rc ? rn : rc;
      const char *m = rn >= 0 && (rc < 0 || rn <= rc) ? name : code;
      if (r < 0) continue;
      hit *x = add(&h);
      if (!x) break;
      size_t ln = strlen(name), lm = strlen(m);
      x->own = malloc(ln + lm + 2);
      if (!x->own) {
        h.n--;
        break;
      }
      memcpy(x->own, name, ln + 1);
      memcpy(x->own + ln + 1, m, lm + 1);
      snprintf(x->code, sizeof x->code, "%s", code);
      snprintf(x->country, sizeof x->country, "%s", country);
      x->name = *x->own ? x->own : x->own + ln + 1;
      x->matched = x->own + ln + 1;
      x->kind = "database";
      x->rank = r;
    }
  }
  store_query_finalize(st);
  free(pat);
  if (h.n) qsort(h.v, h.n, sizeof *h.v, cmp_hit);
  /* the same code through the same name (several dictionary files, or the database too) once */
  size_t kept = 0;
  for (size_t i = 0; i < h.n; i++) {
    if (kept && !strcmp(h.v[kept - 1].code, h.v[i].code) && !strcmp(h.v[kept - 1].matched, h.v[i].matched)) {
      free(h.v[i].own);
      continue;
    }
    h.v[kept++] = h.v[i];
  }
  h.n = kept;
  json_t *o = json_object(), *arr = json_array();
  json_object_set_new(o, "query", json_string(q));
  /* what the ask endpoints would take q for (without the slow "did you mean" of an unknown name) */
  parley_actor_ref ref;
  parley_error err;
  parley_error_clear(&err);
  int rc;
  memset(&ref, 0, sizeof ref);
  if (rp_is_code(q)) {
    rc = parley_actor_ref_resolve(NULL, q, NULL, &ref, &err);
  } else if (!d) {
    rc = parley_error_set(&err, PARLEY_ENOTFOUND, NULL, 0, "unknown actor '%s' (no dictionary loaded)", q);
  } else {
    char date[11], *dp = NULL;
    if (day_to) {
      snprintf(date, sizeof date, "%04d-%02d-%02d", day_to / 10000 % 10000, day_to / 100 % 100, day_to % 100);
      dp = date;
    }
    snprintf(ref.input, sizeof ref.input, "%s", q);
    rp_dict_lock();
    rc = parley_dict_resolve_actor(d, q, dp, ref.code, ref.country, &err);
    rp_dict_unlock();
    ref.by_country = strlen(ref.code) == 3;
  }
  if (rc == PARLEY_OK) {
    json_t *r = json_object();
    json_object_set_new(r, "input", json_string(ref.input));
    json_object_set_new(r, "code", json_string(ref.code));
    json_object_set_new(r, "country", ref.country[0] ? json_string(ref.country) : json_null());
    json_object_set_new(r, "match", json_string(ref.by_country ? "country" : "code"));
    json_object_set_new(o, "resolved", r);
  } else {
    json_object_set_new(o, "resolved", json_null());
    json_object_set_new(o, "message", json_string(err.message));
  }
  for (size_t i = 0; i < h.n && i < limit; i++) {
    json_t *x = json_object();
    json_object_set_new(x, "code", json_string(h.v[i].code));
    json_object_set_new(x, "country", h.v[i].country[0] ? json_string(h.v[i].country) : json_null());
    json_object_set_new(x, "name", json_string(h.v[i].name));
    json_object_set_new(x, "matched", json_string(h.v[i].matched));
    json_object_set_new(x, "source", json_string(h.v[i].kind));
    json_array_append_new(arr, x);
  }
  json_object_set_new(o, "actors", arr);
  json_object_set_new(o, "more", json_boolean(h.n > limit));
  for (size_t i = 0; i < h.n; i++)
    free(h.v[i].own);
  free(h.v);
  char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(o);
  return s;
}
