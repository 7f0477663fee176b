/* ask.c — stage 4 (ask): opening the database read-only, resolving actors,
 * the SQL builder and WHERE clauses every question shares, calendar
 * arithmetic on YYYYMMDD days, periods, tallies and JSON helpers.
 *
 * SQL here is written to stay portable to PostgreSQL: plain SELECTs, bound
 * parameters, no SQLite-only functions in the shared clauses. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ask/ask_internal.h"

/* ------------------------------------------------------------------ handle */

static int check_schema(parley_ask *a, parley_error *err) {
  if (store_query_has_table(a->s, "events")) return PARLEY_OK;
  char name[512];
  store_display_name(a->s, name, sizeof name);
  return parley_error_set(err, PARLEY_ESTORE, name, 0, "not a parley database (no events table)");
}

static int ask_new(parley_store *s, int owns, parley_ask **out, parley_error *err) {
  *out = NULL;
  parley_ask *a = calloc(1, sizeof *a);
  if (!a) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  a->s = s;
  a->owns = owns;
  a->has_groups = -1;
  a->has_rollup = -1;
  int rc = check_schema(a, err);
  if (rc) {
    parley_ask_close(a);
    return rc;
  }
  *out = a;
  return PARLEY_OK;
}

int parley_ask_open(const char *target, parley_ask **out, parley_error *err) {
  *out = NULL;
  if (!target || !*target) return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "no database given");
  if (strncmp(target, "file:", 5) && strncmp(target, "postgresql://", 13) && strncmp(target, "postgres://", 11)) {
    FILE *f = fopen(target, "rb");
    if (!f)
      return parley_error_set(err, PARLEY_EIO, target, 0,
                              "no such database (create it with 'parley add' or 'parley import')");
    fclose(f);
  }
  /* Read-only through the store: its schema version rules apply (a newer
   * schema is refused), PostgreSQL URIs work, errors never show a password. */
  parley_store *s = NULL;
  int rc = store_open_reader(target, &s, err);
  if (rc) return rc;
  /* A larger page cache keeps the covering indexes of big databases warm (SQLite). */
  store_reader_tune(s, 262144, 1073741824, 0);
  return ask_new(s, 1, out, err);
}

int parley_ask_open_store(parley_store *s, parley_ask **out, parley_error *err) {
  *out = NULL;
  if (!s) return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "no database given");
  return ask_new(s, 0, out, err);
}

parley_store *parley_ask_store(parley_ask *a) { return a ? a->s : NULL; }

void parley_ask_close(parley_ask *a) {
  if (!a) return;
  if (a->owns) parley_store_close(a->s);
  free(a);
}

parley_unit ask_effective_unit(parley_ask *a, parley_unit u) {
  if (u == PARLEY_UNIT_MENTIONS) return u;
  if (a->has_groups < 0) {
    store_stmt *st = NULL;
    parley_error e;
    a->has_groups = 1;
    if (store_query_prepare(a->s, "SELECT 1 FROM events WHERE group_id IS NOT NULL LIMIT 1", &st, &e) == PARLEY_OK)
      a->has_groups = store_query_step(st, &e) == 1;
    store_query_finalize(st);
  }
  return a->has_groups ? u : PARLEY_UNIT_MENTIONS;
}

int ask_rollup_usable(parley_ask *a, const parley_query *q) {
  if (a->has_rollup < 0)
    a->has_rollup = store_query_has_table(a->s, "dyad_day") && store_query_has_trigger(a->s, "events_dyad_day_insert");
  if (!a->has_rollup || q->origin || q->claimed || q->contested) return 0;
  return !q->event_code || strlen(q->event_code) <= 2;
}

void ask_rollup_source(parley_ask *a, sqlb *b, const char *src, const char *tgt, const parley_query *q) {
  sqlb_text(b,
            "SELECT r.day AS day, r.root_code AS root_code, r.quad_class AS quad_class, r.events AS n, "
            "r.goldstein_sum AS gs, r.goldstein_n AS gn FROM dyad_day r WHERE r.source_country = ?",
            src);
  sqlb_text(b, " AND r.target_country = ?", tgt);
  if (q->day_from) sqlb_int(b, " AND r.day >= ?", q->day_from);
  if (q->day_to) sqlb_int(b, " AND r.day <= ?", q->day_to);
  if (q->event_code && *q->event_code) sqlb_text(b, " AND r.root_code = ?", q->event_code);
  if (q->quad_class) sqlb_int(b, " AND r.quad_class = ?", q->quad_class);
  if (ask_effective_unit(a, PARLEY_UNIT_EVENTS) == PARLEY_UNIT_MENTIONS) return; /* no grouped rows at all */
  if (q->unit == PARLEY_UNIT_MENTIONS)
    sqlb_add(b, " UNION ALL SELECT e.day, e.root_code, COALESCE(e.quad_class, 0), 1, COALESCE(e.goldstein, 0), "
                "CASE WHEN e.goldstein IS NULL THEN 0 ELSE 1 END FROM events e WHERE e.group_id IS NOT NULL");
  else
    sqlb_add(b, " UNION ALL SELECT MIN(e.day), MIN(e.root_code), COALESCE(MIN(e.quad_class), 0), 1, "
                "COALESCE(AVG(e.goldstein), 0), CASE WHEN AVG(e.goldstein) IS NULL THEN 0 ELSE 1 END FROM events e "
                "WHERE e.group_id IS NOT NULL");
  sqlb_text(b, " AND e.source_country = ?", src);
  sqlb_text(b, " AND e.target_country = ?", tgt);
  ask_where_query(b, "e", q);
  if (q->unit != PARLEY_UNIT_MENTIONS) sqlb_add(b, " GROUP BY e.group_id");
}

int ask_sql_error(parley_ask *a, parley_error *err, const char *what) {
  if (!err) return PARLEY_ESTORE;
  int st = err->status ? err->status : PARLEY_ESTORE;
  char msg[sizeof err->message], name[512];
  snprintf(msg, sizeof msg, "%s", err->message);
  store_display_name(a->s, name, sizeof name);
  return parley_error_set(err, st, name, 0, "%s: %s", what, msg);
}

int ask_prepare(parley_ask *a, const char *sql, store_stmt **st, parley_error *err, const char *what) {
  if (store_query_prepare(a->s, sql, st, err)) return ask_sql_error(a, err, what);
  return PARLEY_OK;
}

/* ------------------------------------------------------------- SQL builder */

void sqlb_init(sqlb *b) { memset(b, 0, sizeof *b); }

void sqlb_free(sqlb *b) {
  free(b->sql);
  for (int i = 0; i < b->n; i++)
    free(b->p[i].s);
  memset(b, 0, sizeof *b);
}

void sqlb_add(sqlb *b, const char *sql) {
  size_t l = strlen(sql);
  if (b->oom) return;
  if (b->len + l + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 512;
    while (cap < b->len + l + 1)
      cap *= 2;
    char *p = realloc(b->sql, cap);
    if (!p) {
      b->oom = 1;
      return;
    }
    b->sql = p;
    b->cap = cap;
  }
  memcpy(b->sql + b->len, sql, l + 1);
  b->len += l;
}

void sqlb_text(sqlb *b, const char *sql, const char *value) {
  if (b->n >= SQLB_MAX_PARAMS) {
    b->oom = 1;
    return;
  }
  sqlb_add(b, sql);
  b->p[b->n].is_text = 1;
  b->p[b->n].s = ask_strdup(value ? value : "");
  if (!b->p[b->n].s) b->oom = 1;
  b->n++;
}

void sqlb_int(sqlb *b, const char *sql, long long value) {
  if (b->n >= SQLB_MAX_PARAMS) {
    b->oom = 1;
    return;
  }
  sqlb_add(b, sql);
  b->p[b->n].is_text = 0;
  b->p[b->n].i = value;
  b->n++;
}

int sqlb_prepare(parley_ask *a, sqlb *b, store_stmt **st, parley_error *err) {
  *st = NULL;
  if (b->oom || !b->sql) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory building a query");
  if (store_query_prepare(a->s, b->sql, st, err)) return ask_sql_error(a, err, "preparing a query");
  for (int i = 0; i < b->n; i++) {
    int rc =
        b->p[i].is_text ? store_query_bind_text(*st, i + 1, b->p[i].s) : store_query_bind_int64(*st, i + 1, b->p[i].i);
    if (rc != PARLEY_OK) {
      store_query_finalize(*st);
      *st = NULL;
      parley_error_set(err, rc, NULL, 0, "parameter %d", i + 1);
      return ask_sql_error(a, err, "binding a query parameter");
    }
  }
  return PARLEY_OK;
}

void ask_where_actor(sqlb *b, const char *alias, const char *side, const parley_actor_ref *r) {
  if (!r) return;
  char frag[96];
  snprintf(frag, sizeof frag, " AND %s.%s_%s = ?", alias, side, r->by_country ? "country" : "code");
  sqlb_text(b, frag, r->code);
}

void ask_where_query(sqlb *b, const char *al, const parley_query *q) {
  char frag[512];
  if (q->day_from) {
    snprintf(frag, sizeof frag, " AND %s.day >= ?", al);
    sqlb_int(b, frag, q->day_from);
  }
  if (q->day_to) {
    snprintf(frag, sizeof frag, " AND %s.day <= ?", al);
    sqlb_int(b, frag, q->day_to);
  }
  if (q->event_code && *q->event_code) {
    size_t l = strlen(q->event_code);
    if (l <= 2) {
      snprintf(frag, sizeof frag, " AND %s.root_code = ?", al);
      sqlb_text(b, frag, q->event_code);
    } else if (l == 3) {
      /* 042 and its children 0421…0429: a range, so an index can serve it */
      char hi[8];
      snprintf(hi, sizeof hi, "%s", q->event_code);
      hi[2] = (char)(hi[2] + 1);
      snprintf(frag, sizeof frag, " AND %s.event_code >= ?", al);
      sqlb_text(b, frag, q->event_code);
      snprintf(frag, sizeof frag, " AND %s.event_code < ?", al);
      sqlb_text(b, frag, hi);
    } else {
      snprintf(frag, sizeof frag, " AND %s.event_code = ?", al);
      sqlb_text(b, frag, q->event_code);
    }
  }
  if (q->quad_class) {
    snprintf(frag, sizeof frag, " AND %s.quad_class = ?", al);
    sqlb_int(b, frag, q->quad_class);
  }
  if (q->origin && *q->origin) {
    if (!strcmp(q->origin, "gdelt")) {
      snprintf(frag, sizeof frag, " AND %s.origin IN ('gdelt1', 'gdelt2')", al);
      sqlb_add(b, frag);
    } else {
      snprintf(frag, sizeof frag, " AND %s.origin = ?", al);
      sqlb_text(b, frag, q->origin);
    }
  }
  if (q->claimed || q->contested) {
    snprintf(frag, sizeof frag,
             " AND EXISTS (SELECT 1 FROM claims c WHERE (c.event_id = %s.id OR (%s.group_id IS NOT NULL AND "
             "c.group_id = %s.group_id))%s)",
             al, al, al, q->contested ? " AND c.stance IN ('denies', 'doubts')" : "");
    sqlb_add(b, frag);
  }
}

void ask_unit_source(sqlb *b, parley_unit unit, const char *cols, const char *gcols,
                     void (*where)(sqlb *b, const void *ctx), const void *ctx) {
  sqlb_add(b, "SELECT ");
  sqlb_add(b, cols);
  sqlb_add(b, " FROM events e WHERE 1 = 1");
  if (unit == PARLEY_UNIT_MENTIONS) {
    where(b, ctx);
    return;
  }
  sqlb_add(b, " AND e.group_id IS NULL");
  where(b, ctx);
  sqlb_add(b, " UNION ALL SELECT ");
  sqlb_add(b, gcols);
  sqlb_add(b, " FROM events e WHERE e.group_id IS NOT NULL");
  where(b, ctx);
  sqlb_add(b, " GROUP BY e.group_id");
}

/* ------------------------------------------------------------------ actors */

static int looks_like_code(const char *s) {
  size_t l = strlen(s);
  if (l < 3 || l > 30 || l % 3 != 0 || !isupper((unsigned char)s[0])) return 0;
  for (size_t i = 0; i < l; i++)
    if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i])) return 0;
  return 1;
}

int parley_actor_ref_resolve(const parley_dict *dict, const char *name, const char *date, parley_actor_ref *out,
                             parley_error *err) {
  memset(out, 0, sizeof *out);
  if (!name || !*name) return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "empty actor name");
  snprintf(out->input, sizeof out->input, "%s", name);
  if (looks_like_code(name)) {
    snprintf(out->code, sizeof out->code, "%s", name);
    char code[32], country[8];
    parley_error e2;
    parley_error_clear(&e2);
    if (dict && parley_dict_resolve_actor(dict, name, date, code, country, &e2) == PARLEY_OK && !strcmp(code, name))
      snprintf(out->country, sizeof out->country, "%s", country);
    else if (strlen(name) >= 3 && strncmp(name, "IGO", 3) && strncmp(name, "NGO", 3) && strncmp(name, "MNC", 3))
      snprintf(out->country, sizeof out->country, "%.3s", name);
    out->by_country = strlen(out->code) == 3;
    return PARLEY_OK;
  }
  if (!dict) return parley_error_set(err, PARLEY_ENOTFOUND, NULL, 0, "unknown actor '%s' (no dictionary loaded)", name);
  char code[32], country[8];
  parley_error e2;
  parley_error_clear(&e2);
  int rc = parley_dict_resolve_actor(dict, name, date, code, country, &e2);
  if (rc == PARLEY_OK) {
    snprintf(out->code, sizeof out->code, "%s", code);
    snprintf(out->country, sizeof out->country, "%s", country);
    out->by_country = strlen(code) == 3;
    return PARLEY_OK;
  }
  if (rc != PARLEY_ENOTFOUND) {
    if (err) *err = e2;
    return rc;
  }
  const char *sugg[5];
  size_t n = parley_dict_suggest_actors(dict, name, sugg, 5);
  char list[512] = "";
  size_t l = 0;
  for (size_t i = 0; i < n && l < sizeof list; i++)
    l += (size_t)snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", sugg[i]);
  if (n) return parley_error_set(err, PARLEY_ENOTFOUND, NULL, 0, "%s; did you mean: %s?", e2.message, list);
  return parley_error_set(err, PARLEY_ENOTFOUND, NULL, 0, "%s (no similar name in the dictionaries)", e2.message);
}

/* ----------------------------------------------------------------- queries */

parley_query parley_query_default(void) {
  parley_query q;
  memset(&q, 0, sizeof q);
  q.by = PARLEY_BY_MONTH;
  q.unit = PARLEY_UNIT_EVENTS;
  return q;
}

static const char *period_names[] = {"day", "week", "month", "quarter", "year", "all"};

int parley_period_parse(const char *s) {
  for (int i = 0; i < 6; i++)
    if (!strcmp(s, period_names[i])) return i;
  return -1;
}

const char *parley_period_name(parley_period p) { return (unsigned)p < 6 ? period_names[p] : "?"; }

/* -------------------------------------------------------------------- days */

static long days_from_civil(long y, long m, long d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long yy = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yy + (*m <= 2));
}

static int days_in_month(int y, int m) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return dm[m - 1];
}

int ask_day_valid(int day) {
  int y = day / 10000, m = day / 100 % 100, d = day % 100;
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

long ask_day_serial(int day) { return days_from_civil(day / 10000, day / 100 % 100, day % 100); }

long parley_day_diff(int a, int b) { return ask_day_serial(b) - ask_day_serial(a); }

int ask_serial_day(long serial) {
  int y, m, d;
  civil_from_days(serial, &y, &m, &d);
  return y * 10000 + m * 100 + d;
}

void ask_day_format(int day, char out[11]) {
  snprintf(out, 11, "%04d-%02d-%02d", day / 10000 % 10000, day / 100 % 100, day % 100);
}

int parley_day_parse(const char *s, int end) {
  int y = 0, m = 0, d = 0;
  size_t l = s ? strlen(s) : 0;
  for (size_t i = 0; i < l; i++)
    if (!isdigit((unsigned char)s[i]) && !((i == 4 || i == 7) && s[i] == '-')) return 0;
  if (l == 10 && s[4] == '-' && s[7] == '-')
    sscanf(s, "%4d-%2d-%2d", &y, &m, &d);
  else if (l == 8 && s[4] != '-')
    sscanf(s, "%4d%2d%2d", &y, &m, &d);
  else if (l == 7 && s[4] == '-')
    sscanf(s, "%4d-%2d", &y, &m);
  else if (l == 4)
    sscanf(s, "%4d", &y);
  else
    return 0;
  if (y < 1 || (l <= 7 && l != 4 && (m < 1 || m > 12))) return 0;
  if (l == 4) m = end ? 12 : 1;
  if (l <= 7) d = end ? days_in_month(y, m) : 1;
  int day = y * 10000 + m * 100 + d;
  return ask_day_valid(day) ? day : 0;
}

/* ISO 8601 week: the Thursday of the day's week decides the year. */
static void iso_week(int day, int *wy, int *wk) {
  long s = ask_day_serial(day);
  long wd = ((s % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday: 0 = Monday */
  long thu = s - wd + 3;
  int ty = ask_serial_day(thu) / 10000;
  long jan1 = days_from_civil(ty, 1, 1);
  *wy = ty;
  *wk = (int)((thu - jan1) / 7 + 1);
}

int ask_period_start(parley_period p, int day) {
  int y = day / 10000, m = day / 100 % 100;
  switch (p) {
  case PARLEY_BY_DAY: return day;
  case PARLEY_BY_WEEK: {
    long s = ask_day_serial(day);
    long wd = ((s % 7) + 7 + 3) % 7;
    return ask_serial_day(s - wd);
  }
  case PARLEY_BY_MONTH: return y * 10000 + m * 100 + 1;
  case PARLEY_BY_QUARTER: return y * 10000 + ((m - 1) / 3 * 3 + 1) * 100 + 1;
  case PARLEY_BY_YEAR: return y * 10000 + 101;
  default: return 10101;
  }
}

int ask_period_next(parley_period p, int start) {
  int y = start / 10000, m = start / 100 % 100;
  switch (p) {
  case PARLEY_BY_DAY: return ask_serial_day(ask_day_serial(start) + 1);
  case PARLEY_BY_WEEK: return ask_serial_day(ask_day_serial(start) + 7);
  case PARLEY_BY_MONTH: return m == 12 ? (y + 1) * 10000 + 101 : y * 10000 + (m + 1) * 100 + 1;
  case PARLEY_BY_QUARTER: return m >= 10 ? (y + 1) * 10000 + 101 : y * 10000 + (m + 3) * 100 + 1;
  case PARLEY_BY_YEAR: return (y + 1) * 10000 + 101;
  default: return 99991231;
  }
}

void parley_period_label(parley_period p, int day, char out[16]) {
  int y = day / 10000, m = day / 100 % 100, d = day % 100;
  switch (p) {
  case PARLEY_BY_DAY: snprintf(out, 16, "%04d-%02d-%02d", y, m, d); break;
  case PARLEY_BY_WEEK: {
    int wy, wk;
    iso_week(day, &wy, &wk);
    snprintf(out, 16, "%04d-W%02d", wy, wk);
    break;
  }
  case PARLEY_BY_MONTH: snprintf(out, 16, "%04d-%02d", y, m); break;
  case PARLEY_BY_QUARTER: snprintf(out, 16, "%04d-Q%d", y, (m - 1) / 3 + 1); break;
  case PARLEY_BY_YEAR: snprintf(out, 16, "%04d", y); break;
  default: snprintf(out, 16, "all"); break;
  }
}

/* ------------------------------------------------------------------ tallies */

double parley_tally_goldstein_mean(const parley_tally *t) {
  return t->goldstein_n ? t->goldstein_sum / (double)t->goldstein_n : NAN;
}

void ask_tally_add(parley_tally *t, const char *root, int quad, long n, double gs_sum, long gs_n) {
  t->events += n;
  t->quad[quad >= 1 && quad <= 4 ? quad : 0] += n;
  int r = root && isdigit((unsigned char)root[0]) ? atoi(root) : 0;
  t->root[r >= 1 && r <= 20 ? r : 0] += n;
  t->goldstein_sum += gs_sum;
  t->goldstein_n += gs_n;
}

void ask_tally_merge(parley_tally *t, const parley_tally *u) {
  t->events += u->events;
  for (int i = 0; i < 5; i++)
    t->quad[i] += u->quad[i];
  for (int i = 0; i < 21; i++)
    t->root[i] += u->root[i];
  t->goldstein_sum += u->goldstein_sum;
  t->goldstein_n += u->goldstein_n;
}

/* ------------------------------------------------------------------- JSON */

json_t *ask_real_json(double v) { return isnan(v) || isinf(v) ? json_null() : json_real(v); }
json_t *ask_str_json(const char *s) { return s && *s ? json_string(s) : json_null(); }

json_t *ask_day_json(int day) {
  if (!day) return json_null();
  char b[11];
  ask_day_format(day, b);
  return json_string(b);
}

json_t *ask_tally_json(const parley_tally *t) {
  json_t *o = json_object();
  json_object_set_new(o, "events", json_integer(t->events));
  json_t *q = json_object();
  static const char *qn[] = {"unknown", "verbal_cooperation", "material_cooperation", "verbal_conflict",
                             "material_conflict"};
  for (int i = 1; i <= 4; i++)
    json_object_set_new(q, qn[i], json_integer(t->quad[i]));
  if (t->quad[0]) json_object_set_new(q, qn[0], json_integer(t->quad[0]));
  json_object_set_new(o, "quad_class", q);
  json_t *r = json_object();
  for (int i = 1; i <= 20; i++)
    if (t->root[i]) {
      char k[4];
      snprintf(k, sizeof k, "%02d", i);
      json_object_set_new(r, k, json_integer(t->root[i]));
    }
  if (t->root[0]) json_object_set_new(r, "unknown", json_integer(t->root[0]));
  json_object_set_new(o, "root_code", r);
  json_object_set_new(o, "goldstein_sum", json_real(t->goldstein_sum));
  json_object_set_new(o, "goldstein_mean", ask_real_json(parley_tally_goldstein_mean(t)));
  return o;
}

json_t *ask_actor_ref_json(const parley_actor_ref *r) {
  json_t *o = json_object();
  json_object_set_new(o, "input", json_string(r->input));
  json_object_set_new(o, "code", json_string(r->code));
  json_object_set_new(o, "country", ask_str_json(r->country));
  json_object_set_new(o, "match", json_string(r->by_country ? "country" : "code"));
  return o;
}

json_t *ask_query_json(const parley_query *q) {
  json_t *o = json_object();
  json_object_set_new(o, "from", ask_day_json(q->day_from));
  json_object_set_new(o, "to", ask_day_json(q->day_to));
  json_object_set_new(o, "by", json_string(parley_period_name(q->by)));
  json_object_set_new(o, "unit", json_string(q->unit == PARLEY_UNIT_MENTIONS ? "mentions" : "events"));
  json_object_set_new(o, "code", ask_str_json(q->event_code));
  json_object_set_new(o, "quad_class", q->quad_class ? json_integer(q->quad_class) : json_null());
  json_object_set_new(o, "origin", ask_str_json(q->origin));
  json_object_set_new(o, "claimed", json_boolean(q->claimed));
  json_object_set_new(o, "contested", json_boolean(q->contested));
  return o;
}

char *ask_json_dump(json_t *o) {
  if (!o) return NULL;
  char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
  json_decref(o);
  return s;
}

char *ask_strdup(const char *s) {
  if (!s) return NULL;
  size_t l = strlen(s);
  char *p = malloc(l + 1);
  if (p) memcpy(p, s, l + 1);
  return p;
}

void ask_col_copy(store_stmt *st, int col, char *buf, size_t size) {
  const char *t = store_query_column_text(st, col);
  snprintf(buf, size, "%s", t ? t : "");
}

char *ask_col_dup(store_stmt *st, int col) { return ask_strdup(store_query_column_text(st, col)); }
