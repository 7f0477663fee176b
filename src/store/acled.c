/* acled.c — stage 3 (store): importing ACLED CSV exports.
 *
 * Two layouts, told apart by the header (columns are found by name, in any
 * case and order):
 *   current (2019-): event_id_cnty, event_date, year, time_precision,
 *     disorder_type, event_type, sub_event_type, actor1, assoc_actor_1,
 *     inter1, actor2, assoc_actor_2, inter2, interaction, civilian_targeting,
 *     iso, region, country, admin1, admin2, admin3, location, latitude,
 *     longitude, geo_precision, source, source_scale, notes, fatalities,
 *     tags, timestamp (31 columns, UTF-8; dates YYYY-MM-DD or "15 March 2024");
 *   v6 (up to 2016): GWNO, EVENT_ID_CNTY, EVENT_ID_NO_CNTY, EVENT_DATE (dd/mm/yyyy),
 *     YEAR, TIME_PRECISION, EVENT_TYPE, ACTOR1, ALLY_ACTOR_1, INTER1, ACTOR2,
 *     ALLY_ACTOR_2, INTER2, INTERACTION, COUNTRY, ADMIN1..3, LOCATION,
 *     LATITUDE, LONGITUDE, GEO_PRECISION, SOURCE, NOTES, FATALITIES
 *     (cp1252 text; "auto" encoding decodes a record as cp1252 unless it is
 *     valid UTF-8).
 * A quoted field may span lines; messages give the record's first line.
 * ACLED event types are mapped to the nearest CAMEO code (acled_cameo below,
 * the table in docs/schema.md); the ACLED type and sub-type are kept in
 * extra_json with every other column. Actors get CAMEO-style codes from
 * their country (named in the actor, else the event's country) and their
 * ACLED interaction code (inter1/inter2). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store_internal.h"

enum {
  A_ID,
  A_DATE,
  A_PREC,
  A_TYPE,
  A_SUB,
  A_ACTOR1,
  A_INTER1,
  A_ACTOR2,
  A_INTER2,
  A_COUNTRY,
  A_LOCATION,
  A_LAT,
  A_LON,
  A_FATAL,
  A__N
};
static const char *const NAMES[A__N] = {"event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
                                        "actor1",        "inter1",     "actor2",         "inter2",     "country",
                                        "location",      "latitude",   "longitude",      "fatalities"};
static const int REQUIRED[] = {A_ID, A_DATE, A_TYPE, A_ACTOR1, A_COUNTRY};

#define MAXCOLS 64

typedef struct acled_state {
  int have_header, v6, ncols;
  int map[A__N];
  char *names[MAXCOLS]; /* lowercased header names */
  unsigned char typed[MAXCOLS];
  country_memo memo;
} acled_state;

static void acled_free(void *p) {
  acled_state *st = p;
  if (!st) return;
  for (int i = 0; i < MAXCOLS; i++)
    free(st->names[i]);
  country_memo_free(&st->memo);
  free(st);
}

/* --- ACLED event type → CAMEO -------------------------------------------- */

typedef struct type_map {
  const char *type, *sub; /* sub NULL: any sub-type */
  const char *code;
} type_map;

/* The first matching row wins. See docs/schema.md for the reasons. */
static const type_map TYPES[] = {
    /* Battles → 19 Fight */
    {"Battles", "Armed clash", "190"},
    {"Battles", "Government regains territory", "192"},
    {"Battles", "Non-state actor overtakes territory", "192"},
    {"Battles", NULL, "190"},
    {"Battle-No change of territory", NULL, "190"},
    {"Battle-Government regains territory", NULL, "192"},
    {"Battle-Non-state actor overtakes territory", NULL, "192"},
    /* Explosions/Remote violence → 19 (195, 194) or 18 (183 bombings) */
    {"Explosions/Remote violence", "Air/drone strike", "195"},
    {"Explosions/Remote violence", "Shelling/artillery/missile attack", "194"},
    {"Explosions/Remote violence", "Suicide bomb", "1831"},
    {"Explosions/Remote violence", "Remote explosive/landmine/IED", "183"},
    {"Explosions/Remote violence", "Grenade", "183"},
    {"Explosions/Remote violence", "Chemical weapon", "2041"},
    {"Explosions/Remote violence", NULL, "195"},
    {"Remote violence", NULL, "195"},
    /* Violence against civilians → 18 Assault (20 when mass killing: see acled_cameo) */
    {"Violence against civilians", "Sexual violence", "1821"},
    {"Violence against civilians", "Abduction/forced disappearance", "181"},
    {"Violence against civilians", NULL, "180"},
    /* Protests and riots → 14 Protest (repression of protesters → 175) */
    {"Protests", "Excessive force against protesters", "175"},
    {"Protests", NULL, "141"},
    {"Riots", NULL, "145"},
    {"Riots/Protests", NULL, "141"}, /* v6: 145 when the actor is rioters (see acled_cameo) */
    /* Strategic developments: not violence; nearest roots */
    {"Strategic developments", "Agreement", "057"},
    {"Strategic developments", "Arrests", "173"},
    {"Strategic developments", "Looting/property destruction", "171"},
    {"Strategic developments", "Non-violent transfer of territory", "192"},
    {"Strategic developments", NULL, "150"},
    {"Strategic development", NULL, "150"},
    {"Non-violent transfer of territory", NULL, "192"},
    {"Headquarters or base established", NULL, "150"},
};

/* ACLED inter codes: numbers (≤ 2022) or words (2023-). */
static int inter_code(const char *s) {
  static const char *const words[] = {
      NULL,      "State forces", "Rebel group", "Political militia",    "Identity militia",
      "Rioters", "Protesters",   "Civilians",   "External/Other forces"};
  if (!s || !*s) return 0;
  if (isdigit((unsigned char)s[0])) return atoi(s);
  for (int i = 1; i <= 8; i++)
    if (!strcasecmp(s, words[i])) return i;
  return 0;
}

static const char *acled_cameo(const char *type, const char *sub, int inter1, long long fatalities) {
  if (!strcasecmp(type, "Violence against civilians") && fatalities >= 10 &&
      (!sub || !*sub || !strcasecmp(sub, "Attack")))
    return "202"; /* mass killing: ten or more civilians killed in one event */
  if (!strcasecmp(type, "Riots/Protests") && inter1 == 5) return "145";
  for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++) {
    if (strcasecmp(TYPES[i].type, type)) continue;
    if (TYPES[i].sub && (!sub || strcasecmp(TYPES[i].sub, sub))) continue;
    return TYPES[i].code;
  }
  return NULL;
}

/* --- actors --------------------------------------------------------------- */

static const char *inter_type(int inter, const char *actor) {
  switch (inter) {
  case 1: return !strncasecmp(actor, "Police", 6) ? "COP" : "MIL";
  case 2: return "REB";
  case 3:
  case 4: return "UAF";
  case 5:
  case 6: return "OPP";
  case 7: return "CVL";
  case 8: return "IMG";
  default: return NULL;
  }
}

/* The country an actor names: "Protesters (Algeria)", "Military Forces of
 * Nigeria (2015-)", "Police Forces of South Africa (1994-)". */
static const char *actor_country(acled_state *st, const char *a) {
  char buf[256];
  const char *open = strrchr(a, '(');
  if (open) {
    const char *close = strchr(open, ')');
    if (close && close > open + 1 && (size_t)(close - open - 1) < sizeof buf) {
      memcpy(buf, open + 1, (size_t)(close - open - 1));
      buf[close - open - 1] = '\0';
      const char *c = country_memo_get(&st->memo, buf);
      if (c) return c;
    }
  }
  static const char *const prefixes[] = {"Military Forces of ", "Police Forces of ", "Government of ",
                                         "Government Forces of "};
  for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
    size_t pl = strlen(prefixes[i]);
    if (strncasecmp(a, prefixes[i], pl)) continue;
    const char *p = a + pl, *e = strstr(p, " (");
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n >= sizeof buf) return NULL;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return country_memo_get(&st->memo, buf);
  }
  return NULL;
}

static void actor_code(acled_state *st, const char *actor, int inter, const char *event_country, char out[16],
                       const char **country, const char **type) {
  out[0] = '\0';
  *country = NULL;
  *type = NULL;
  if (!actor || !*actor) return;
  const char *c = actor_country(st, actor);
  if (!c && inter >= 1 && inter <= 7) c = event_country;
  const char *t = inter_type(inter, actor);
  *country = c;
  *type = t;
  snprintf(out, 16, "%s%s", c ? c : "", t ? t : "");
}

/* --- records -------------------------------------------------------------- */

static int header(store_import *im, acled_state *st, char **f, size_t n, const char *entry, long line,
                  parley_error *err) {
  if (n > MAXCOLS)
    return parley_error_set(err, PARLEY_EFORMAT, entry, line, "more than %d columns in the header", MAXCOLS);
  for (int k = 0; k < A__N; k++)
    st->map[k] = -1;
  st->v6 = 0;
  for (size_t i = 0; i < n; i++) {
    free(st->names[i]);
    st->names[i] = strdup(f[i]);
    for (char *p = st->names[i]; p && *p; p++)
      *p = (char)tolower((unsigned char)*p);
    st->typed[i] = 0;
    if (!st->names[i]) continue;
    if (!strcmp(st->names[i], "gwno")) st->v6 = 1;
    for (int k = 0; k < A__N; k++)
      if (!strcmp(st->names[i], NAMES[k])) st->map[k] = (int)i;
  }
  for (size_t k = 0; k < sizeof REQUIRED / sizeof REQUIRED[0]; k++)
    if (st->map[REQUIRED[k]] < 0)
      return parley_error_set(err, PARLEY_EFORMAT, entry, line, "not an ACLED export: the header has no '%s' column",
                              NAMES[REQUIRED[k]]);
  static const int typed[] = {A_ID, A_DATE, A_ACTOR1, A_ACTOR2, A_LOCATION, A_LAT, A_LON, A_FATAL};
  for (size_t k = 0; k < sizeof typed / sizeof typed[0]; k++)
    if (st->map[typed[k]] >= 0) st->typed[st->map[typed[k]]] = 1;
  st->ncols = (int)n;
  st->have_header = 1;
  snprintf(im->st->kind, sizeof im->st->kind, "%s", st->v6 ? "acled-v6" : "acled");
  return PARLEY_OK;
}

static int row(store_import *im, acled_state *st, char **f, size_t *fl, const char *entry, long line,
               parley_error *err) {
  static const char empty[] = "";
#define F(k) (st->map[k] >= 0 ? f[st->map[k]] : empty)
  const char *id = F(A_ID);
  if (!*id) return import_row_error(im, entry, line, "empty event_id_cnty");
  long long day;
  if (!parse_date_any(F(A_DATE), &day))
    return import_row_error(im, entry, line, "bad date '%s' in event_date", F(A_DATE));
  long long fatalities = STORE_NULL;
  if (*F(A_FATAL) && (!parse_ll(F(A_FATAL), &fatalities) || fatalities < 0))
    return import_row_error(im, entry, line, "non-numeric fatalities '%s'", F(A_FATAL));
  double lat = NAN, lon = NAN;
  if (*F(A_LAT) && !parse_double(F(A_LAT), &lat))
    return import_row_error(im, entry, line, "non-numeric latitude '%s'", F(A_LAT));
  if (*F(A_LON) && !parse_double(F(A_LON), &lon))
    return import_row_error(im, entry, line, "non-numeric longitude '%s'", F(A_LON));
  int inter1 = inter_code(F(A_INTER1)), inter2 = inter_code(F(A_INTER2));
  const char *code = acled_cameo(F(A_TYPE), F(A_SUB), inter1, fatalities == STORE_NULL ? 0 : fatalities);
  if (!code)
    return import_row_error(im, entry, line, "unknown ACLED event type '%s'%s%s%s", F(A_TYPE),
                            *F(A_SUB) ? " (sub-type '" : "", F(A_SUB), *F(A_SUB) ? "')" : "");
  const char *country = country_memo_get(&st->memo, F(A_COUNTRY));
  char scode[16], tcode[16];
  const char *scountry, *stype, *tcountry, *ttype;
  actor_code(st, F(A_ACTOR1), inter1, country, scode, &scountry, &stype);
  actor_code(st, F(A_ACTOR2), inter2, country, tcode, &tcountry, &ttype);
  long long prec = STORE_NULL, tp;
  if (parse_ll(F(A_PREC), &tp))
    prec = tp == 1 ? 3 : 2; /* ACLED 1 day; 2 week, 3 month → coarser than a day */
  else
    prec = 3;
  char root[3] = {code[0], code[1], 0}, base[4] = {code[0], code[1], code[2], 0};

  store_event_row r;
  store_event_row_clear(&r);
  r.origin = "acled";
  r.event_key = id;
  r.day = day;
  r.date_precision = prec;
  r.source_code = scode;
  r.source_country = scountry;
  r.source_name = F(A_ACTOR1);
  r.source_type = stype;
  r.target_code = tcode;
  r.target_country = tcountry;
  r.target_name = F(A_ACTOR2);
  r.target_type = ttype;
  r.event_code = code;
  r.base_code = base;
  r.root_code = root;
  r.quad_class = quad_class_of_root(root);
  r.goldstein = cameo_goldstein(code);
  r.location = F(A_LOCATION);
  r.location_country = country;
  r.lat = lat;
  r.lon = lon;
  r.fatalities = fatalities;
  jwriter w;
  jw_begin(&w, &im->extra);
  for (int c = 0; c < st->ncols; c++) {
    if (st->typed[c] || !fl[c] || !st->names[c] || !st->names[c][0]) continue;
    long long v;
    const char *k = st->names[c];
    int num = parse_ll(f[c], &v) && (!strcmp(k, "year") || !strcmp(k, "time_precision") || !strcmp(k, "gwno") ||
                                     !strcmp(k, "geo_precision") || !strcmp(k, "interaction") || !strcmp(k, "iso") ||
                                     !strcmp(k, "timestamp") || !strcmp(k, "event_id_no_cnty") ||
                                     !strcmp(k, "inter1") || !strcmp(k, "inter2"));
    if (num)
      jw_num(&w, k, f[c], fl[c]);
    else
      jw_str(&w, k, f[c], fl[c]);
  }
  jw_end(&w);
  r.extra_json = w.n ? im->extra.s : NULL;
#undef F
  int rc = import_row_event(im, &r, err);
  if (rc) return rc;
  if ((rc = import_actor(im, scode, scountry, NULL, err))) return rc;
  return import_actor(im, tcode, tcountry, NULL, err);
}

int acled_parse(store_import *im, store_input *in, const char *entry, parley_error *err) {
  acled_state *st = im->parser_state;
  if (!st) {
    st = calloc(1, sizeof *st);
    if (!st) return parley_error_set(err, PARLEY_ENOMEM, entry, 0, "out of memory");
    im->parser_state = st;
    im->free_state = acled_free;
  }
  st->have_header = 0;
  const char *enc = im->opt->encoding ? im->opt->encoding : "auto";
  int force_cp1252 = !strcasecmp(enc, "cp1252") || !strcasecmp(enc, "windows-1252");
  int force_utf8 = !strcasecmp(enc, "utf-8") || !strcasecmp(enc, "utf8");
  if (!force_cp1252 && !force_utf8 && strcasecmp(enc, "auto"))
    return parley_error_set(err, PARLEY_EINVAL, entry, 0, "unknown encoding '%s' (auto, utf-8 or cp1252)", enc);
  char *rec, *f[MAXCOLS + 1];
  size_t len, fl[MAXCOLS + 1];
  long lineno;
  int rc;
  while ((rc = store_input_csv_record(in, &rec, &len, &lineno, err)) == 1) {
    if (len == 0) continue;
    if (!st->have_header && lineno == 1 && len >= 3 && (unsigned char)rec[0] == 0xEF && (unsigned char)rec[1] == 0xBB &&
        (unsigned char)rec[2] == 0xBF)
      rec += 3, len -= 3; /* UTF-8 byte order mark */
    if (st->have_header) import_row_read(im);
    /* Text encoding: UTF-8, or cp1252 decoded to UTF-8. */
    long long bad = utf8_bad_offset(rec, len);
    int cp = force_cp1252 || (bad >= 0 && !force_utf8 && (st->v6 || !st->have_header));
    if (cp) {
      size_t badb = 0;
      im->tmp.len = 0;
      if (cp1252_to_utf8(&im->tmp, rec, len, &badb)) {
        if (!st->have_header)
          return parley_error_set(err, PARLEY_EFORMAT, entry, lineno, "undefined cp1252 byte in the header");
        if ((rc = import_row_error(im, entry, lineno, "byte 0x%02X at byte %zu is not cp1252 text",
                                   (unsigned char)rec[badb], badb + 1)))
          return rc;
        continue;
      }
      rec = im->tmp.s;
      len = im->tmp.len;
    } else if (bad >= 0) {
      if (!st->have_header) return parley_error_set(err, PARLEY_EUTF8, entry, lineno, "invalid UTF-8 in the header");
      if ((rc = import_row_error(im, entry, lineno, "invalid UTF-8 at byte %lld of the record (column %ld)", bad,
                                 utf8_column(rec, bad))))
        return rc;
      continue;
    }
    size_t n = split_csv(rec, len, f, fl, MAXCOLS + 1);
    if (n == (size_t)-1) {
      if (!st->have_header) return parley_error_set(err, PARLEY_EFORMAT, entry, lineno, "malformed CSV header");
      if ((rc = import_row_error(im, entry, lineno, "malformed CSV quoting"))) return rc;
      continue;
    }
    if (!st->have_header) {
      if ((rc = header(im, st, f, n, entry, lineno, err))) return rc;
      continue;
    }
    if ((int)n != st->ncols)
      rc = import_row_error(im, entry, lineno, "expected %d comma-separated columns, found %zu", st->ncols, n);
    else
      rc = row(im, st, f, fl, entry, lineno, err);
    if (rc) return rc;
  }
  return rc;
}

int parley_store_import_acled(parley_store *s, const char *path, const parley_import_options *opt,
                              parley_store_stats *st, parley_error *err) {
  return store_import_file(s, path, "acled", acled_parse, opt, st, err);
}
