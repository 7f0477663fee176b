/* events.c — stage 4 (ask): `parley events`, stored event rows by actor,
 * dyad, code, quad class, dates and claims; each row as JSON or as a GDELT
 * 2.0 export line (61 columns, blanks where parley has no value). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ask/ask_internal.h"

parley_event_filter parley_event_filter_default(void) {
  parley_event_filter f;
  memset(&f, 0, sizeof f);
  f.q = parley_query_default();
  return f;
}

static const char *col(const parley_actor_ref *r) { return r->by_country ? "country" : "code"; }

static void filter_where(sqlb *b, const void *vctx) {
  const parley_event_filter *f = vctx;
  char frag[256];
  if (f->actor) {
    snprintf(frag, sizeof frag, " AND (e.source_%s = ?", col(f->actor));
    sqlb_text(b, frag, f->actor->code);
    snprintf(frag, sizeof frag, " OR e.target_%s = ?)", col(f->actor));
    sqlb_text(b, frag, f->actor->code);
  }
  ask_where_actor(b, "e", "source", f->source);
  ask_where_actor(b, "e", "target", f->target);
  if (f->dyad[0] && f->dyad[1]) {
    const parley_actor_ref *x = f->dyad[0], *y = f->dyad[1];
    snprintf(frag, sizeof frag, " AND ((e.source_%s = ?", col(x));
    sqlb_text(b, frag, x->code);
    snprintf(frag, sizeof frag, " AND e.target_%s = ?)", col(y));
    sqlb_text(b, frag, y->code);
    if (!f->directed) {
      snprintf(frag, sizeof frag, " OR (e.source_%s = ?", col(y));
      sqlb_text(b, frag, y->code);
      snprintf(frag, sizeof frag, " AND e.target_%s = ?)", col(x));
      sqlb_text(b, frag, x->code);
    }
    sqlb_add(b, ")");
  }
  ask_where_query(b, "e", &f->q);
}

int parley_ask_events_count(parley_ask *a, const parley_event_filter *f, long long *out, parley_error *err) {
  *out = 0;
  sqlb b;
  sqlb_init(&b);
  sqlb_add(&b, "SELECT COUNT(*) FROM (");
  ask_unit_source(&b, ask_effective_unit(a, f->q.unit), "e.id AS id", "MIN(e.id)", filter_where, f);
  sqlb_add(&b, ") x");
  store_stmt *st = NULL;
  int rc = sqlb_prepare(a, &b, &st, err);
  sqlb_free(&b);
  if (rc) return rc;
  int s = store_query_step(st, err);
  if (s == 1)
    *out = store_query_column_int64(st, 0);
  else
    rc = ask_sql_error(a, err, "counting events");
  store_query_finalize(st);
  return rc;
}

static const char *txt(store_stmt *st, int i) {
  const char *t = store_query_column_text(st, i);
  return t ? t : "";
}

static long num_or(store_stmt *st, int i, long dflt) {
  return store_query_column_type(st, i) == STORE_COL_NULL ? dflt : (long)store_query_column_int64(st, i);
}

/* The nine columns of a geography (schema v5) from column i on. */
static void geo_row(store_stmt *st, int i, parley_geo *g) {
  g->type = (int)num_or(st, i, -1);
  g->name = txt(st, i + 1);
  g->country = txt(st, i + 2);
  g->fips = txt(st, i + 3);
  g->adm1 = txt(st, i + 4);
  g->adm2 = txt(st, i + 5);
  g->has_point =
      store_query_column_type(st, i + 6) != STORE_COL_NULL && store_query_column_type(st, i + 7) != STORE_COL_NULL;
  g->lat = store_query_column_double(st, i + 6);
  g->lon = store_query_column_double(st, i + 7);
  g->feature = txt(st, i + 8);
}

int parley_ask_events(parley_ask *a, const parley_event_filter *f, int (*cb)(void *ctx, const parley_event_row *row),
                      void *ctx, parley_error *err) {
  sqlb b;
  sqlb_init(&b);
  sqlb_add(&b, "SELECT e.id, e.origin, e.event_key, e.doc_id, e.sentence, e.span_start, e.span_end, e.day, e.day_end, "
               "e.date_basis, e.date_precision, e.source_code, e.source_country, e.source_name, e.target_code, "
               "e.target_country, e.target_name, e.event_code, e.root_code, e.quad_class, e.goldstein, e.count, "
               "e.trigger, e.pattern, e.lang, e.location, e.location_country, e.lat, e.lon, e.num_mentions, "
               "e.num_sources, e.num_articles, e.avg_tone, e.fatalities, e.source_url, e.extra_json, e.group_id, "
               "d.url, d.source, d.date, d.added_at, ");
  /* schema version 2 columns, when the database has them */
  int has_v2 = store_query_works(a->s, "SELECT source_type, target_type, base_code FROM events LIMIT 0");
  sqlb_add(&b, has_v2 ? "e.source_type, e.target_type, e.base_code" : "NULL, NULL, NULL");
  sqlb_add(&b, ", e.is_root, e.date_added, e.location_type, e.location_fips, e.location_adm1, e.location_adm2, "
               "e.location_feature, e.source_geo_type, e.source_geo_name, e.source_geo_country, e.source_geo_fips, "
               "e.source_geo_adm1, e.source_geo_adm2, e.source_geo_lat, e.source_geo_lon, e.source_geo_feature, "
               "e.target_geo_type, e.target_geo_name, e.target_geo_country, e.target_geo_fips, e.target_geo_adm1, "
               "e.target_geo_adm2, e.target_geo_lat, e.target_geo_lon, e.target_geo_feature");
  sqlb_add(&b, " FROM events e LEFT JOIN documents d ON d.id = e.doc_id WHERE 1 = 1");
  filter_where(&b, f);
  sqlb_add(&b, " ORDER BY e.day, e.id");
  if (f->limit > 0) sqlb_int(&b, " LIMIT ?", f->limit);
  store_stmt *st = NULL, *cl = NULL;
  int rc = sqlb_prepare(a, &b, &st, err);
  sqlb_free(&b);
  if (rc) return rc;
  store_query_stream(st); /* PostgreSQL: a batch of rows at a time, not all of them in memory */
  /* claims, only when the database has any */
  store_stmt *any = NULL;
  int has_claims = 0;
  parley_error e2;
  if (store_query_prepare(a->s, "SELECT 1 FROM claims LIMIT 1", &any, &e2) == PARLEY_OK)
    has_claims = store_query_step(any, &e2) == 1;
  store_query_finalize(any);
  if (has_claims && ask_prepare(a,
                                "SELECT actor_code, stance FROM claims WHERE event_id = ? OR (? > 0 AND "
                                "group_id = ?) ORDER BY id",
                                &cl, err, "preparing the claims query")) {
    store_query_finalize(st);
    return err && err->status ? err->status : PARLEY_ESTORE;
  }
  char *claims = NULL;
  size_t ccap = 0;
  int s;
  while ((s = store_query_step(st, err)) == 1) {
    parley_event_row r;
    memset(&r, 0, sizeof r);
    r.id = store_query_column_int64(st, 0);
    r.origin = txt(st, 1);
    r.event_key = txt(st, 2);
    r.doc_id = store_query_column_int64(st, 3);
    r.sentence = num_or(st, 4, -1);
    r.span_start = num_or(st, 5, -1);
    r.span_end = num_or(st, 6, -1);
    r.day = (int)store_query_column_int64(st, 7);
    r.day_end = (int)store_query_column_int64(st, 8);
    r.date_basis = txt(st, 9);
    r.date_precision = (int)store_query_column_int64(st, 10);
    r.source_code = txt(st, 11);
    r.source_country = txt(st, 12);
    r.source_name = txt(st, 13);
    r.target_code = txt(st, 14);
    r.target_country = txt(st, 15);
    r.target_name = txt(st, 16);
    r.event_code = txt(st, 17);
    r.root_code = txt(st, 18);
    r.quad_class = (int)store_query_column_int64(st, 19);
    r.has_goldstein = store_query_column_type(st, 20) != STORE_COL_NULL;
    r.goldstein = store_query_column_double(st, 20);
    r.count = num_or(st, 21, 0);
    r.trigger = txt(st, 22);
    r.pattern = txt(st, 23);
    r.lang = txt(st, 24);
    r.location = txt(st, 25);
    r.location_country = txt(st, 26);
    r.has_geo = store_query_column_type(st, 27) != STORE_COL_NULL && store_query_column_type(st, 28) != STORE_COL_NULL;
    r.lat = store_query_column_double(st, 27);
    r.lon = store_query_column_double(st, 28);
    r.num_mentions = num_or(st, 29, -1);
    r.num_sources = num_or(st, 30, -1);
    r.num_articles = num_or(st, 31, -1);
    r.has_tone = store_query_column_type(st, 32) != STORE_COL_NULL;
    r.avg_tone = store_query_column_double(st, 32);
    r.fatalities = num_or(st, 33, -1);
    r.source_url = txt(st, 34);
    r.extra_json = txt(st, 35);
    r.group_id = store_query_column_int64(st, 36);
    r.doc_url = txt(st, 37);
    r.doc_source = txt(st, 38);
    r.doc_date = txt(st, 39);
    r.doc_added = txt(st, 40);
    r.source_type = txt(st, 41);
    r.target_type = txt(st, 42);
    r.base_code = txt(st, 43);
    r.is_root = (int)num_or(st, 44, -1);
    r.date_added = store_query_column_type(st, 45) == STORE_COL_NULL ? 0 : store_query_column_int64(st, 45);
    r.location_type = (int)num_or(st, 46, -1);
    r.location_fips = txt(st, 47);
    r.location_adm1 = txt(st, 48);
    r.location_adm2 = txt(st, 49);
    r.location_feature = txt(st, 50);
    geo_row(st, 51, &r.source_geo);
    geo_row(st, 60, &r.target_geo);
    r.claims = "";
    if (cl) {
      store_query_reset(cl);
      store_query_bind_int64(cl, 1, r.id);
      store_query_bind_int64(cl, 2, r.group_id);
      store_query_bind_int64(cl, 3, r.group_id);
      size_t len = 0;
      while (store_query_step(cl, err) == 1) {
        const char *ac = txt(cl, 0), *stn = txt(cl, 1);
        size_t need = len + strlen(ac) + strlen(stn) + 3;
        if (need > ccap) {
          size_t nc = ccap ? ccap * 2 : 256;
          while (nc < need)
            nc *= 2;
          char *p = realloc(claims, nc);
          if (!p) break;
          claims = p;
          ccap = nc;
        }
        len += (size_t)snprintf(claims + len, ccap - len, "%s%s:%s", len ? "," : "", ac, stn);
      }
      if (claims && len) r.claims = claims;
    }
    if (cb(ctx, &r)) break;
  }
  rc = (s == 1 || s == 0) ? PARLEY_OK : ask_sql_error(a, err, "reading events");
  free(claims);
  store_query_finalize(cl);
  store_query_finalize(st);
  return rc;
}

/* ------------------------------------------------------------------ JSON */

static json_t *side_json(const char *code, const char *country, const char *name) {
  json_t *o = json_object();
  json_object_set_new(o, "code", ask_str_json(code));
  json_object_set_new(o, "country", ask_str_json(country));
  json_object_set_new(o, "name", ask_str_json(name));
  return o;
}

static json_t *opt_int(long v) { return v >= 0 ? json_integer(v) : json_null(); }

/* A place (the event's location, or where an actor is); null when there is none. The
 * GDELT fields (type, fips, adm1, adm2, feature) only when the row has them. */
static json_t *geo_json(const parley_geo *g) {
  if (!g->name[0] && !g->has_point && !g->country[0] && !g->fips[0] && g->type < 0) return json_null();
  json_t *l = json_object();
  json_object_set_new(l, "name", ask_str_json(g->name));
  json_object_set_new(l, "country", ask_str_json(g->country));
  json_object_set_new(l, "lat", g->has_point ? json_real(g->lat) : json_null());
  json_object_set_new(l, "lon", g->has_point ? json_real(g->lon) : json_null());
  if (g->type >= 0 || g->fips[0] || g->adm1[0] || g->adm2[0] || g->feature[0]) {
    json_object_set_new(l, "type", g->type >= 0 ? json_integer(g->type) : json_null());
    json_object_set_new(l, "fips", ask_str_json(g->fips));
    json_object_set_new(l, "adm1", ask_str_json(g->adm1));
    json_object_set_new(l, "adm2", ask_str_json(g->adm2));
    json_object_set_new(l, "feature", ask_str_json(g->feature));
  }
  return l;
}

char *parley_event_row_to_json(const parley_event_row *r) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(r->id));
  json_object_set_new(o, "origin", json_string(r->origin));
  json_object_set_new(o, "event_key", ask_str_json(r->event_key));
  json_object_set_new(o, "group_id", r->group_id ? json_integer(r->group_id) : json_null());
  json_object_set_new(o, "date", ask_day_json(r->day));
  json_object_set_new(o, "date_end", ask_day_json(r->day_end));
  json_object_set_new(o, "date_basis", ask_str_json(r->date_basis));
  json_object_set_new(o, "source_actor", side_json(r->source_code, r->source_country, r->source_name));
  json_object_set_new(o, "target_actor", side_json(r->target_code, r->target_country, r->target_name));
  json_object_set_new(o, "event_code", json_string(r->event_code));
  json_object_set_new(o, "root_code", json_string(r->root_code));
  json_object_set_new(o, "quad_class", r->quad_class ? json_integer(r->quad_class) : json_null());
  json_object_set_new(o, "goldstein", r->has_goldstein ? json_real(r->goldstein) : json_null());
  json_object_set_new(o, "count", r->count > 0 ? json_integer(r->count) : json_null());
  parley_geo action = {r->location_type, r->location,         r->location_country, r->location_fips, r->location_adm1,
                       r->location_adm2, r->location_feature, r->has_geo,          r->lat,           r->lon};
  json_object_set_new(o, "location", geo_json(&action));
  json_object_set_new(o, "source_geo", geo_json(&r->source_geo));
  json_object_set_new(o, "target_geo", geo_json(&r->target_geo));
  json_object_set_new(o, "trigger", ask_str_json(r->trigger));
  json_object_set_new(o, "lang", ask_str_json(r->lang));
  json_object_set_new(o, "doc_id", r->doc_id ? json_integer(r->doc_id) : json_null());
  json_object_set_new(o, "sentence", opt_int(r->sentence));
  json_t *sp = json_null();
  if (r->span_start >= 0 && r->span_end >= 0) {
    sp = json_array();
    json_array_append_new(sp, json_integer(r->span_start));
    json_array_append_new(sp, json_integer(r->span_end));
  }
  json_object_set_new(o, "span", sp);
  json_object_set_new(o, "num_mentions", opt_int(r->num_mentions));
  json_object_set_new(o, "num_sources", opt_int(r->num_sources));
  json_object_set_new(o, "num_articles", opt_int(r->num_articles));
  json_object_set_new(o, "avg_tone", r->has_tone ? json_real(r->avg_tone) : json_null());
  json_object_set_new(o, "fatalities", opt_int(r->fatalities));
  json_object_set_new(o, "is_root", r->is_root >= 0 ? json_boolean(r->is_root) : json_null());
  json_object_set_new(o, "date_added", r->date_added ? json_integer(r->date_added) : json_null());
  json_object_set_new(o, "url", ask_str_json(r->source_url[0] ? r->source_url : r->doc_url));
  json_object_set_new(o, "doc_source", ask_str_json(r->doc_source));
  json_object_set_new(o, "doc_date", ask_str_json(r->doc_date));
  json_t *cl = json_array();
  if (r->claims[0]) {
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", r->claims);
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
      char *c = strchr(t, ':');
      if (!c) continue;
      *c = '\0';
      json_t *x = json_object();
      json_object_set_new(x, "actor", json_string(t));
      json_object_set_new(x, "stance", json_string(c + 1));
      json_array_append_new(cl, x);
    }
  }
  json_object_set_new(o, "claims", cl);
  char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
  json_decref(o);
  return s;
}

/* ----------------------------------------------------------------- GDELT */

/* the columns: parley_gdelt2_columns (store.h), as the importer reads them */

const char *parley_gdelt2_header(void) {
  static char buf[1400];
  if (!buf[0]) {
    size_t l = 0;
    for (int i = 0; i < 61; i++)
      l += (size_t)snprintf(buf + l, sizeof buf - l, "%s%s", i ? "\t" : "", parley_gdelt2_columns[i]);
  }
  return buf;
}

typedef struct strbuf {
  char *s;
  size_t len, cap;
} strbuf;

static void sb_add(strbuf *b, const char *s, int raw) {
  size_t l = strlen(s);
  if (b->len + l + 1 > b->cap) {
    size_t c = b->cap ? b->cap : 512;
    while (c < b->len + l + 1)
      c *= 2;
    char *p = realloc(b->s, c);
    if (!p) return;
    b->s = p;
    b->cap = c;
  }
  /* a tab or newline inside a value would break the columns */
  for (size_t i = 0; i < l; i++)
    b->s[b->len++] = !raw && (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') ? ' ' : s[i];
  b->s[b->len] = '\0';
}

/* The CAMEO type codes after the country in an actor code: USAGOVMIL → GOV, MIL. */
static void actor_types(const char *code, const char *country, char types[3][4]) {
  memset(types, 0, 3 * 4);
  size_t l = strlen(code), off = 0;
  if (country[0] && !strncmp(code, country, 3))
    off = 3;
  else if (!strncmp(code, "IGO", 3) || !strncmp(code, "NGO", 3) || !strncmp(code, "MNC", 3))
    return;
  for (int k = 0; k < 3 && off + 3 <= l; k++, off += 3)
    memcpy(types[k], code + off, 3);
}

/* Shortest exact-ish text of a number as GDELT writes it ("8", "-2.21667");
 * with point, a whole number keeps ".0" (GDELT 2.0's GoldsteinScale: "-7.0"). */
static void fmt_real(char *b, size_t n, double v, int point) {
  snprintf(b, n, "%.15g", v);
  if (point && !strpbrk(b, ".eEn")) snprintf(b + strlen(b), n - strlen(b), ".0");
}

char *parley_event_row_to_gdelt(const parley_event_row *r) {
  const char *v[61];
  char own[61][64];
  for (int i = 0; i < 61; i++)
    v[i] = "", own[i][0] = '\0';
  json_t *extra = r->extra_json[0] ? json_loads(r->extra_json, 0, NULL) : NULL;
  if (extra && !json_is_object(extra)) {
    json_decref(extra);
    extra = NULL;
  }
#define SETF(i, ...) (snprintf(own[i], sizeof own[i], __VA_ARGS__), v[i] = own[i])
  if (!strncmp(r->origin, "gdelt", 5) && r->event_key[0])
    v[0] = r->event_key;
  else
    SETF(0, "%lld", r->id);
  int y = r->day / 10000, m = r->day / 100 % 100, d = r->day % 100;
  SETF(1, "%08d", r->day);
  SETF(2, "%04d%02d", y, m);
  SETF(3, "%04d", y);
  SETF(4, "%.4f", y + ((m - 1) * 30 + d) / 365.0);
  v[5] = r->source_code;
  v[6] = r->source_name;
  v[7] = r->source_country;
  v[15] = r->target_code;
  v[16] = r->target_name;
  v[17] = r->target_country;
  /* actor types: as stored (an imported Actor1Type1Code), else, for coded
   * text, the 3-letter agents after the country in the code (USAGOV → GOV) */
  char t1[3][4], t2[3][4];
  memset(t1, 0, sizeof t1);
  memset(t2, 0, sizeof t2);
  if (!strcmp(r->origin, "parley")) {
    actor_types(r->source_code, r->source_country, t1);
    actor_types(r->target_code, r->target_country, t2);
  }
  for (int k = 0; k < 3; k++)
    v[12 + k] = t1[k], v[22 + k] = t2[k];
  if (r->source_type && r->source_type[0]) v[12] = r->source_type;
  if (r->target_type && r->target_type[0]) v[22] = r->target_type;
  v[26] = r->event_code;
  if (r->base_code && r->base_code[0])
    v[27] = r->base_code;
  else if (strlen(r->event_code) >= 3)
    SETF(27, "%.3s", r->event_code);
  else
    v[27] = r->event_code;
  v[28] = r->root_code;
  if (r->quad_class) SETF(29, "%d", r->quad_class);
  if (r->has_goldstein) fmt_real(own[30], sizeof own[30], r->goldstein, 1), v[30] = own[30];
  if (r->num_mentions >= 0) SETF(31, "%ld", r->num_mentions);
  if (r->num_sources >= 0) SETF(32, "%ld", r->num_sources);
  if (r->num_articles >= 0) SETF(33, "%ld", r->num_articles);
  if (r->has_tone) fmt_real(own[34], sizeof own[34], r->avg_tone, 0), v[34] = own[34];
  /* ActionGeo from parley's location (no FIPS country code: parley keeps ISO) */
  if (r->location[0]) v[52] = r->location;
  if (r->has_geo) {
    fmt_real(own[56], sizeof own[56], r->lat, 0), v[56] = own[56];
    fmt_real(own[57], sizeof own[57], r->lon, 0), v[57] = own[57];
  }
  if (r->doc_added[0] && strlen(r->doc_added) >= 19) {
    const char *a = r->doc_added; /* 2025-12-30T10:00:00Z */
    SETF(59, "%.4s%.2s%.2s%.2s%.2s%.2s", a, a + 5, a + 8, a + 11, a + 14, a + 17);
  }
  v[60] = r->source_url[0] ? r->source_url : r->doc_url;
  /* schema v5: IsRootEvent, the geographies' GDELT fields, DATEADDED */
  if (r->is_root >= 0) SETF(25, "%d", r->is_root);
  if (r->location_type >= 0) SETF(51, "%d", r->location_type);
  if (r->location_fips[0]) v[53] = r->location_fips;
  if (r->location_adm1[0]) v[54] = r->location_adm1;
  if (r->location_adm2[0]) v[55] = r->location_adm2;
  if (r->location_feature[0]) v[58] = r->location_feature;
  const parley_geo *geo[2] = {&r->source_geo, &r->target_geo};
  for (int k = 0; k < 2; k++) {
    int at = 35 + 8 * k; /* Actor1Geo_Type, Actor2Geo_Type */
    const parley_geo *g = geo[k];
    if (g->type >= 0) SETF(at, "%d", g->type);
    v[at + 1] = g->name;
    v[at + 2] = g->fips;
    v[at + 3] = g->adm1;
    v[at + 4] = g->adm2;
    if (g->has_point) {
      fmt_real(own[at + 5], sizeof own[at + 5], g->lat, 0), v[at + 5] = own[at + 5];
      fmt_real(own[at + 6], sizeof own[at + 6], g->lon, 0), v[at + 6] = own[at + 6];
    }
    v[at + 7] = g->feature;
  }
  if (r->date_added) SETF(59, "%lld", r->date_added);
  /* an imported record's own fields win wherever it kept them */
  if (extra) {
    for (int i = 0; i < 61; i++) {
      json_t *x = json_object_get(extra, parley_gdelt2_columns[i]);
      if (!x) continue;
      if (json_is_string(x))
        v[i] = json_string_value(x);
      else if (json_is_integer(x))
        SETF(i, "%lld", (long long)json_integer_value(x));
      else if (json_is_real(x))
        fmt_real(own[i], sizeof own[i], json_real_value(x), 0), v[i] = own[i];
    }
  }
#undef SETF
  strbuf b = {0};
  for (int i = 0; i < 61; i++) {
    if (i) sb_add(&b, "\t", 1);
    sb_add(&b, v[i], 0);
  }
  json_decref(extra);
  return b.s;
}
