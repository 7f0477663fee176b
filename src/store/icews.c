/* icews.c — stage 3 (store): importing ICEWS public event files.
 *
 * ICEWS (Integrated Crisis Early Warning System, Harvard Dataverse release)
 * ships one .tab file per year: tab-separated, 20 columns, a header line:
 *   Event ID, Event Date, Source Name, Source Sectors, Source Country,
 *   Event Text, CAMEO Code, Intensity, Target Name, Target Sectors,
 *   Target Country, Story ID, Sentence Number, Publisher, City, District,
 *   Province, Country, Latitude, Longitude
 * ("NA" marks a missing value). ICEWS codes events in CAMEO; Intensity is its
 * Goldstein-like value (-10..10), stored as goldstein. ICEWS names actors and
 * countries in words; parley gives each side a CAMEO-style actor code where
 * it can: a known IGO ("European Union" → IGOEUREEC); a country named as
 * itself ("Russia" → RUS); with the optional dictionary, a person resolved at
 * the event date ("Donald Trump" → USAGOV); else the country's alpha-3 code
 * plus the CAMEO type of the most specific sector ("Police (India)" with
 * sector Police → INDCOP). The original names, sectors and country names
 * are kept (source_name / target_name, extra_json). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store_internal.h"

enum {
  I_ID,
  I_DATE,
  I_SNAME,
  I_SSECT,
  I_SCOUNTRY,
  I_TEXT,
  I_CODE,
  I_INTENSITY,
  I_TNAME,
  I_TSECT,
  I_TCOUNTRY,
  I_STORY,
  I_SENT,
  I_PUB,
  I_CITY,
  I_DISTRICT,
  I_PROVINCE,
  I_COUNTRY,
  I_LAT,
  I_LON,
  I__N
};

static const char *const HEADER[I__N] = {
    "Event ID",  "Event Date",  "Source Name",    "Source Sectors", "Source Country", "Event Text",      "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",       "Sentence Number", "Publisher",
    "City",      "District",    "Province",       "Country",        "Latitude",       "Longitude"};

/* extra_json keys (snake_case of the header) */
static const char *const KEYS[I__N] = {
    "event_id",  "event_date",  "source_name",    "source_sectors", "source_country", "event_text",      "cameo_code",
    "intensity", "target_name", "target_sectors", "target_country", "story_id",       "sentence_number", "publisher",
    "city",      "district",    "province",       "country",        "latitude",       "longitude"};

typedef struct icews_state {
  int map[I__N]; /* column of each field */
  int ncols;
  int have_header;
  country_memo memo;
} icews_state;

static void icews_free(void *p) {
  icews_state *st = p;
  if (!st) return;
  country_memo_free(&st->memo);
  free(st);
}

static int is_na(const char *s) { return !s || !*s || !strcmp(s, "NA"); }

typedef struct side {
  char code[40];
  const char *country;
  const char *type;
  char country_buf[8], type_buf[4];
} side;

static void resolve(store_import *im, icews_state *st, const char *name, const char *sectors, const char *cname,
                    const char *date_iso, side *out) {
  out->code[0] = '\0';
  out->type = NULL;
  out->country = is_na(cname) ? NULL : country_memo_get(&st->memo, cname);
  if (is_na(name)) name = NULL;
  const char *c, *cc;
  if (name && im->opt->dict) {
    char code[32], country[8];
    parley_error e;
    if (parley_dict_resolve_actor(im->opt->dict, name, date_iso, code, country, &e) == PARLEY_OK && code[0]) {
      snprintf(out->code, sizeof out->code, "%s", code);
      if (country[0]) {
        snprintf(out->country_buf, sizeof out->country_buf, "%s", country);
        out->country = out->country_buf;
      }
      if (strlen(code) >= 6 && out->country && !strncmp(code, out->country, 3)) {
        memcpy(out->type_buf, code + 3, 3);
        out->type_buf[3] = '\0';
        out->type = out->type_buf;
      }
      return;
    }
  }
  if (name && igo_code(name, &c, &cc)) {
    snprintf(out->code, sizeof out->code, "%s", c);
    out->country = cc;
    out->type = "IGO";
    return;
  }
  const char *self = name ? country_memo_get(&st->memo, name) : NULL;
  if (self) {
    snprintf(out->code, sizeof out->code, "%s", self);
    out->country = self;
    return;
  }
  const char *t = sectors && !is_na(sectors) ? icews_sector_type(sectors) : NULL;
  out->type = t;
  if (t && (!strcmp(t, "IGO") || !strcmp(t, "NGO") || !strcmp(t, "MNC")))
    snprintf(out->code, sizeof out->code, "%s", t);
  else if (out->country)
    snprintf(out->code, sizeof out->code, "%s%s", out->country, t ? t : "");
  else if (t)
    snprintf(out->code, sizeof out->code, "%s", t);
}

static int header_map(icews_state *st, char **f, size_t n) {
  for (int k = 0; k < I__N; k++)
    st->map[k] = -1;
  for (size_t i = 0; i < n; i++)
    for (int k = 0; k < I__N; k++)
      if (!strcasecmp(f[i], HEADER[k])) st->map[k] = (int)i;
  for (int k = 0; k < I__N; k++)
    if (st->map[k] < 0) return k;
  return -1;
}

static int row(store_import *im, icews_state *st, char **f, size_t *fl, const char *entry, long line,
               parley_error *err) {
#define F(k) f[st->map[k]]
#define FL(k) fl[st->map[k]]
  if (is_na(F(I_ID))) return import_row_error(im, entry, line, "empty Event ID");
  long long day = ymd_from_iso(F(I_DATE));
  if (!day) return import_row_error(im, entry, line, "bad date '%s' in Event Date (expected YYYY-MM-DD)", F(I_DATE));
  const char *code = F(I_CODE);
  if (!is_cameo_code(code)) return import_row_error(im, entry, line, "bad CAMEO code '%s'", code);
  double intensity = NAN, lat = NAN, lon = NAN;
  if (!is_na(F(I_INTENSITY)) && !parse_double(F(I_INTENSITY), &intensity))
    return import_row_error(im, entry, line, "non-numeric Intensity '%s'", F(I_INTENSITY));
  if (!is_na(F(I_LAT)) && !parse_double(F(I_LAT), &lat))
    return import_row_error(im, entry, line, "non-numeric Latitude '%s'", F(I_LAT));
  if (!is_na(F(I_LON)) && !parse_double(F(I_LON), &lon))
    return import_row_error(im, entry, line, "non-numeric Longitude '%s'", F(I_LON));

  char date_iso[11];
  snprintf(date_iso, sizeof date_iso, "%s", F(I_DATE));
  side src, tgt;
  resolve(im, st, F(I_SNAME), F(I_SSECT), F(I_SCOUNTRY), date_iso, &src);
  resolve(im, st, F(I_TNAME), F(I_TSECT), F(I_TCOUNTRY), date_iso, &tgt);
  char root[3] = {code[0], code[1], 0}, base[4] = {code[0], code[1], code[2] ? code[2] : 0, 0};

  store_event_row r;
  store_event_row_clear(&r);
  r.origin = "icews";
  r.event_key = F(I_ID);
  r.day = day;
  r.date_precision = 3;
  r.source_code = src.code;
  r.source_country = src.country;
  r.source_name = is_na(F(I_SNAME)) ? NULL : F(I_SNAME);
  r.source_type = src.type;
  r.target_code = tgt.code;
  r.target_country = tgt.country;
  r.target_name = is_na(F(I_TNAME)) ? NULL : F(I_TNAME);
  r.target_type = tgt.type;
  r.event_code = code;
  r.base_code = strlen(code) >= 3 ? base : NULL;
  r.root_code = root;
  r.quad_class = quad_class_of_root(root);
  r.goldstein = intensity;
  r.location = !is_na(F(I_CITY))       ? F(I_CITY)
               : !is_na(F(I_DISTRICT)) ? F(I_DISTRICT)
               : !is_na(F(I_PROVINCE)) ? F(I_PROVINCE)
                                       : NULL;
  r.location_country = is_na(F(I_COUNTRY)) ? NULL : country_memo_get(&st->memo, F(I_COUNTRY));
  r.lat = lat;
  r.lon = lon;
  jwriter w;
  jw_begin(&w, &im->extra);
  static const int extra[] = {I_TEXT, I_SSECT, I_SCOUNTRY, I_TSECT,    I_TCOUNTRY, I_STORY,
                              I_SENT, I_PUB,   I_CITY,     I_DISTRICT, I_PROVINCE, I_COUNTRY};
  for (size_t k = 0; k < sizeof extra / sizeof extra[0]; k++) {
    int c = extra[k];
    if (is_na(F(c))) continue;
    long long v;
    if ((c == I_STORY || c == I_SENT) && parse_ll(F(c), &v))
      jw_num(&w, KEYS[c], F(c), FL(c));
    else
      jw_str(&w, KEYS[c], F(c), FL(c));
  }
  jw_end(&w);
  r.extra_json = w.n ? im->extra.s : NULL;
#undef F
#undef FL
  int rc = import_row_event(im, &r, err);
  if (rc) return rc;
  if ((rc = import_actor(im, src.code, src.country, NULL, err))) return rc;
  return import_actor(im, tgt.code, tgt.country, NULL, err);
}

int icews_parse(store_import *im, store_input *in, const char *entry, parley_error *err) {
  icews_state *st = im->parser_state;
  if (!st) {
    st = calloc(1, sizeof *st);
    if (!st) return parley_error_set(err, PARLEY_ENOMEM, entry, 0, "out of memory");
    im->parser_state = st;
    im->free_state = icews_free;
  }
  st->have_header = 0;
  snprintf(im->st->kind, sizeof im->st->kind, "icews");
  char *line, *f[64];
  size_t len, fl[64];
  long lineno;
  int rc;
  while ((rc = store_input_line(in, &line, &len, &lineno, err)) == 1) {
    if (len == 0) continue;
    if (!st->have_header) {
      if (lineno == 1 && len >= 3 && (unsigned char)line[0] == 0xEF && (unsigned char)line[1] == 0xBB &&
          (unsigned char)line[2] == 0xBF)
        line += 3, len -= 3; /* UTF-8 byte order mark */
      size_t n = split_tabs(line, len, f, fl, 64);
      int missing = header_map(st, f, n < 64 ? n : 64);
      if (missing >= 0)
        return parley_error_set(err, PARLEY_EFORMAT, entry, lineno,
                                "not an ICEWS event file: the header has no '%s' column (expected the 20 "
                                "tab-separated ICEWS columns)",
                                HEADER[missing]);
      st->ncols = (int)n;
      st->have_header = 1;
      continue;
    }
    import_row_read(im);
    long long bad = utf8_bad_offset(line, len);
    if (bad >= 0) {
      if ((rc = import_row_error(im, entry, lineno, "invalid UTF-8 at byte %lld of the line (column %ld)", bad,
                                 utf8_column(line, bad))))
        return rc;
      continue;
    }
    size_t n = split_tabs(line, len, f, fl, 64);
    if ((int)n != st->ncols)
      rc = import_row_error(im, entry, lineno, "expected %d tab-separated columns, found %zu", st->ncols, n);
    else
      rc = row(im, st, f, fl, entry, lineno, err);
    if (rc) return rc;
  }
  return rc;
}

int parley_store_import_icews(parley_store *s, const char *path, const parley_import_options *opt,
                              parley_store_stats *st, parley_error *err) {
  return store_import_file(s, path, "icews", icews_parse, opt, st, err);
}
