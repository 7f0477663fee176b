/* gdelt.c — stage 3 (store): importing GDELT event and mention files.
 *
 * Layouts (GDELT Event Codebook V2.0; tab-separated, no header):
 *   GDELT 1.0 daily export: 58 columns (57 in files before 2013-04-01, which
 *   have no SOURCEURL); GDELT 2.0 15-minute export: 61 columns (ADM2 codes
 *   added to each geography); GDELT 2.0 mentions: 16 columns.
 * The layout of an events row is told by its column count, so 1.0 files that
 * mix 57- and 58-column rows import as they are. Typed columns get the fields
 * analysts filter on and, since schema v5, the three geographies (ActionGeo
 * as location_..., Actor1Geo and Actor2Geo as source_geo_... and target_geo_...),
 * IsRootEvent and DATEADDED (see docs/schema.md); every other non-empty
 * field (the rarely filled known-group, ethnic, religion and second/third
 * type codes) goes into extra_json under its GDELT column name, as a string.
 * MonthYear, Year and FractionDate are left out: they are derived from
 * SQLDATE. Each geography's FIPS country code is kept as given (..._fips) and
 * mapped to ISO alpha-3 (location_country, ..._geo_country). A first line
 * starting with GLOBALEVENTID is taken as a header and skipped. */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

static const char *const COLS58[] = {"GLOBALEVENTID",
                                     "SQLDATE",
                                     "MonthYear",
                                     "Year",
                                     "FractionDate",
                                     "Actor1Code",
                                     "Actor1Name",
                                     "Actor1CountryCode",
                                     "Actor1KnownGroupCode",
                                     "Actor1EthnicCode",
                                     "Actor1Religion1Code",
                                     "Actor1Religion2Code",
                                     "Actor1Type1Code",
                                     "Actor1Type2Code",
                                     "Actor1Type3Code",
                                     "Actor2Code",
                                     "Actor2Name",
                                     "Actor2CountryCode",
                                     "Actor2KnownGroupCode",
                                     "Actor2EthnicCode",
                                     "Actor2Religion1Code",
                                     "Actor2Religion2Code",
                                     "Actor2Type1Code",
                                     "Actor2Type2Code",
                                     "Actor2Type3Code",
                                     "IsRootEvent",
                                     "EventCode",
                                     "EventBaseCode",
                                     "EventRootCode",
                                     "QuadClass",
                                     "GoldsteinScale",
                                     "NumMentions",
                                     "NumSources",
                                     "NumArticles",
                                     "AvgTone",
                                     "Actor1Geo_Type",
                                     "Actor1Geo_FullName",
                                     "Actor1Geo_CountryCode",
                                     "Actor1Geo_ADM1Code",
                                     "Actor1Geo_Lat",
                                     "Actor1Geo_Long",
                                     "Actor1Geo_FeatureID",
                                     "Actor2Geo_Type",
                                     "Actor2Geo_FullName",
                                     "Actor2Geo_CountryCode",
                                     "Actor2Geo_ADM1Code",
                                     "Actor2Geo_Lat",
                                     "Actor2Geo_Long",
                                     "Actor2Geo_FeatureID",
                                     "ActionGeo_Type",
                                     "ActionGeo_FullName",
                                     "ActionGeo_CountryCode",
                                     "ActionGeo_ADM1Code",
                                     "ActionGeo_Lat",
                                     "ActionGeo_Long",
                                     "ActionGeo_FeatureID",
                                     "DATEADDED",
                                     "SOURCEURL"};

const char *const parley_gdelt2_columns[61] = {"GLOBALEVENTID",
                                               "SQLDATE",
                                               "MonthYear",
                                               "Year",
                                               "FractionDate",
                                               "Actor1Code",
                                               "Actor1Name",
                                               "Actor1CountryCode",
                                               "Actor1KnownGroupCode",
                                               "Actor1EthnicCode",
                                               "Actor1Religion1Code",
                                               "Actor1Religion2Code",
                                               "Actor1Type1Code",
                                               "Actor1Type2Code",
                                               "Actor1Type3Code",
                                               "Actor2Code",
                                               "Actor2Name",
                                               "Actor2CountryCode",
                                               "Actor2KnownGroupCode",
                                               "Actor2EthnicCode",
                                               "Actor2Religion1Code",
                                               "Actor2Religion2Code",
                                               "Actor2Type1Code",
                                               "Actor2Type2Code",
                                               "Actor2Type3Code",
                                               "IsRootEvent",
                                               "EventCode",
                                               "EventBaseCode",
                                               "EventRootCode",
                                               "QuadClass",
                                               "GoldsteinScale",
                                               "NumMentions",
                                               "NumSources",
                                               "NumArticles",
                                               "AvgTone",
                                               "Actor1Geo_Type",
                                               "Actor1Geo_FullName",
                                               "Actor1Geo_CountryCode",
                                               "Actor1Geo_ADM1Code",
                                               "Actor1Geo_ADM2Code",
                                               "Actor1Geo_Lat",
                                               "Actor1Geo_Long",
                                               "Actor1Geo_FeatureID",
                                               "Actor2Geo_Type",
                                               "Actor2Geo_FullName",
                                               "Actor2Geo_CountryCode",
                                               "Actor2Geo_ADM1Code",
                                               "Actor2Geo_ADM2Code",
                                               "Actor2Geo_Lat",
                                               "Actor2Geo_Long",
                                               "Actor2Geo_FeatureID",
                                               "ActionGeo_Type",
                                               "ActionGeo_FullName",
                                               "ActionGeo_CountryCode",
                                               "ActionGeo_ADM1Code",
                                               "ActionGeo_ADM2Code",
                                               "ActionGeo_Lat",
                                               "ActionGeo_Long",
                                               "ActionGeo_FeatureID",
                                               "DATEADDED",
                                               "SOURCEURL"};

/* What each column becomes. */
enum {
  C_EXTRA = 0, /* extra_json, as a string */
  C_SKIP,      /* derived from SQLDATE */
  C_TYPED,     /* a typed column */
  C_INT        /* a typed integer column when it is one, else extra_json (nothing is lost) */
};

/* An actor's or the action's geography: the columns' indexes (-1: not in the layout). */
typedef struct geo_cols {
  int type, name, country, adm1, adm2, lat, lon, feature;
} geo_cols;

typedef struct layout {
  const char *const *names;
  int ncols;
  unsigned char use[61];
  int id, sqldate, a1code, a1name, a1country, a1type, a2code, a2name, a2country, a2type;
  int code, base, root, quad, goldstein, mentions, sources, articles, tone;
  int url, is_root, date_added;
  geo_cols geo[3]; /* Actor1Geo, Actor2Geo, ActionGeo */
  int numeric[16]; /* columns that must be numbers when not empty */
  int nnumeric;
} layout;

typedef struct gdelt_state {
  layout l58, l61;
  int mode; /* 0 unknown, 1 events, 2 mentions */
  const char *fips[26 * 26];
  unsigned char fips_done[26 * 26];
} gdelt_state;

static int col(const layout *l, const char *name) {
  for (int i = 0; i < l->ncols; i++)
    if (!strcmp(l->names[i], name)) return i;
  return -1;
}

/* The column called name, typed as `use`; -1 when the layout has none (ADM2 in GDELT 1.0). */
static int typed(layout *l, const char *name, int use) {
  int c = col(l, name);
  if (c >= 0) l->use[c] = (unsigned char)use;
  return c;
}

static void geo_init(layout *l, geo_cols *g, const char *prefix) {
  char name[64];
#define G(field, suffix, use) (snprintf(name, sizeof name, "%s_%s", prefix, suffix), g->field = typed(l, name, use))
  G(type, "Type", C_INT);
  G(name, "FullName", C_TYPED);
  G(country, "CountryCode", C_TYPED);
  G(adm1, "ADM1Code", C_TYPED);
  G(adm2, "ADM2Code", C_TYPED);
  G(lat, "Lat", C_TYPED);
  G(lon, "Long", C_TYPED);
  G(feature, "FeatureID", C_TYPED);
#undef G
}

static void layout_init(layout *l, const char *const *names, int ncols) {
  memset(l, 0, sizeof *l);
  l->names = names;
  l->ncols = ncols;
#define T(field, name) l->field = typed(l, name, C_TYPED)
  T(id, "GLOBALEVENTID");
  T(sqldate, "SQLDATE");
  T(a1code, "Actor1Code");
  T(a1name, "Actor1Name");
  T(a1country, "Actor1CountryCode");
  T(a1type, "Actor1Type1Code");
  T(a2code, "Actor2Code");
  T(a2name, "Actor2Name");
  T(a2country, "Actor2CountryCode");
  T(a2type, "Actor2Type1Code");
  T(code, "EventCode");
  T(base, "EventBaseCode");
  T(root, "EventRootCode");
  T(quad, "QuadClass");
  T(goldstein, "GoldsteinScale");
  T(mentions, "NumMentions");
  T(sources, "NumSources");
  T(articles, "NumArticles");
  T(tone, "AvgTone");
  T(url, "SOURCEURL");
#undef T
  l->is_root = typed(l, "IsRootEvent", C_INT);
  l->date_added = typed(l, "DATEADDED", C_INT);
  geo_init(l, &l->geo[0], "Actor1Geo");
  geo_init(l, &l->geo[1], "Actor2Geo");
  geo_init(l, &l->geo[2], "ActionGeo");
  typed(l, "MonthYear", C_SKIP);
  typed(l, "Year", C_SKIP);
  typed(l, "FractionDate", C_SKIP);
  int must[] = {l->quad,       l->goldstein,  l->mentions,   l->sources,    l->articles,   l->tone,
                l->geo[2].lat, l->geo[2].lon, l->geo[0].lat, l->geo[0].lon, l->geo[1].lat, l->geo[1].lon};
  l->nnumeric = (int)(sizeof must / sizeof must[0]);
  memcpy(l->numeric, must, sizeof must);
}

static const char *fips_iso3(gdelt_state *g, const char *f) {
  if (!f[0] || !f[1] || f[2] || f[0] < 'A' || f[0] > 'Z' || f[1] < 'A' || f[1] > 'Z')
    return parley_country_from_fips(f);
  int k = (f[0] - 'A') * 26 + (f[1] - 'A');
  if (!g->fips_done[k]) {
    g->fips[k] = parley_country_from_fips(f);
    g->fips_done[k] = 1;
  }
  return g->fips[k];
}

static long long opt_ll(const char *s) {
  long long v;
  return s && *s && parse_ll(s, &v) ? v : STORE_NULL;
}

static double opt_d(const char *s) {
  double v;
  return s && *s && parse_double(s, &v) ? v : NAN;
}

/* Column c of the row, NULL when the layout has no such column or it is empty. */
static const char *field(char **f, const size_t *fl, int c) { return c >= 0 && fl[c] ? f[c] : NULL; }

/* A C_INT column: its value, or STORE_NULL when empty or not an integer (then it goes to extra_json). */
static long long int_col(char **f, const size_t *fl, int c) { return opt_ll(field(f, fl, c)); }

static void geo_fill(gdelt_state *g, const geo_cols *c, char **f, const size_t *fl, store_geo *out) {
  out->type = int_col(f, fl, c->type);
  out->name = field(f, fl, c->name);
  out->fips = field(f, fl, c->country);
  out->country = out->fips ? fips_iso3(g, out->fips) : NULL;
  out->adm1 = field(f, fl, c->adm1);
  out->adm2 = field(f, fl, c->adm2);
  out->lat = opt_d(field(f, fl, c->lat));
  out->lon = opt_d(field(f, fl, c->lon));
  out->feature = field(f, fl, c->feature);
}

static int event_row(store_import *im, gdelt_state *g, const layout *l, char **f, size_t *fl, const char *entry,
                     long line, parley_error *err) {
  /* Checks: id, date, code, numbers. */
  long long id, day;
  if (!parse_ll(f[l->id], &id) || id < 0)
    return import_row_error(im, entry, line, "GLOBALEVENTID '%s' is not a number", f[l->id]);
  if (!parse_ymd8(f[l->sqldate], &day))
    return import_row_error(im, entry, line, "bad date '%s' in SQLDATE (expected YYYYMMDD)", f[l->sqldate]);
  if (!is_cameo_code(f[l->code]))
    return import_row_error(im, entry, line, "bad CAMEO event code '%s' in EventCode", f[l->code]);
  for (int k = 0; k < l->nnumeric; k++) {
    int c = l->numeric[k];
    double v;
    if (fl[c] && !parse_double(f[c], &v))
      return import_row_error(im, entry, line, "non-numeric %s '%s'", l->names[c], f[c]);
  }
  long long q = opt_ll(f[l->quad]);
  if (q != STORE_NULL && (q < 1 || q > 4))
    return import_row_error(im, entry, line, "QuadClass '%s' is not 1..4", f[l->quad]);
  const char *root = f[l->root];
  char rootbuf[3];
  if (!(fl[l->root] == 2 && is_cameo_code(root))) {
    memcpy(rootbuf, f[l->code], 2);
    rootbuf[2] = '\0';
    root = rootbuf;
  }

  store_event_row r;
  store_event_row_clear(&r);
  r.origin = l->ncols == 61 ? "gdelt2" : "gdelt1";
  r.event_key = f[l->id];
  r.day = day;
  r.date_precision = 3;
  r.source_code = f[l->a1code];
  r.source_name = f[l->a1name];
  r.source_country = f[l->a1country];
  r.source_type = f[l->a1type];
  r.target_code = f[l->a2code];
  r.target_name = f[l->a2name];
  r.target_country = f[l->a2country];
  r.target_type = f[l->a2type];
  r.event_code = f[l->code];
  r.base_code = f[l->base];
  r.root_code = root;
  r.quad_class = q != STORE_NULL ? q : quad_class_of_root(root);
  r.goldstein = opt_d(f[l->goldstein]);
  r.num_mentions = opt_ll(f[l->mentions]);
  r.num_sources = opt_ll(f[l->sources]);
  r.num_articles = opt_ll(f[l->articles]);
  r.avg_tone = opt_d(f[l->tone]);
  store_geo action;
  geo_fill(g, &l->geo[2], f, fl, &action);
  r.location = action.name;
  r.location_country = action.country;
  r.lat = action.lat;
  r.lon = action.lon;
  r.location_type = action.type;
  r.location_fips = action.fips;
  r.location_adm1 = action.adm1;
  r.location_adm2 = action.adm2;
  r.location_feature = action.feature;
  geo_fill(g, &l->geo[0], f, fl, &r.source_geo);
  geo_fill(g, &l->geo[1], f, fl, &r.target_geo);
  r.is_root = int_col(f, fl, l->is_root);
  r.date_added = int_col(f, fl, l->date_added);
  r.source_url = field(f, fl, l->url);

  /* extra_json: the rarely filled codes (known group, ethnic, religion,
   * second and third types), and a C_INT value that is not an integer */
  jwriter w;
  jw_begin(&w, &im->extra);
  for (int c = 0; c < l->ncols; c++) {
    if (!fl[c] || l->use[c] == C_TYPED || l->use[c] == C_SKIP) continue;
    long long v;
    if (l->use[c] == C_INT && parse_ll(f[c], &v)) continue;
    jw_str(&w, l->names[c], f[c], fl[c]);
  }
  jw_end(&w);
  r.extra_json = w.n ? im->extra.s : NULL;

  int rc = import_row_event(im, &r, err);
  if (rc) return rc;
  if ((rc = import_actor(im, r.source_code, r.source_country, r.source_name, err))) return rc;
  return import_actor(im, r.target_code, r.target_country, r.target_name, err);
}

static int mention_row(store_import *im, char **f, size_t *fl, const char *entry, long line, parley_error *err) {
  long long id;
  if (!parse_ll(f[0], &id) || id < 0)
    return import_row_error(im, entry, line, "GLOBALEVENTID '%s' is not a number", f[0]);
  static const char *const names[16] = {"GLOBALEVENTID",
                                        "EventTimeDate",
                                        "MentionTimeDate",
                                        "MentionType",
                                        "MentionSourceName",
                                        "MentionIdentifier",
                                        "SentenceID",
                                        "Actor1CharOffset",
                                        "Actor2CharOffset",
                                        "ActionCharOffset",
                                        "InRawText",
                                        "Confidence",
                                        "MentionDocLen",
                                        "MentionDocTone",
                                        "MentionDocTranslationInfo",
                                        "Extras"};
  long long v[16];
  static const int ints[] = {1, 2, 3, 6, 7, 8, 9, 10, 11, 12};
  for (size_t k = 0; k < sizeof ints / sizeof ints[0]; k++) {
    int c = ints[k];
    v[c] = STORE_NULL;
    if (fl[c] && !parse_ll(f[c], &v[c]))
      return import_row_error(im, entry, line, "non-numeric %s '%s'", names[c], f[c]);
  }
  if (v[2] == STORE_NULL || !ymd_valid(v[2] / 1000000))
    return import_row_error(im, entry, line, "bad date '%s' in MentionTimeDate (expected YYYYMMDDHHMMSS)", f[2]);
  double tone = NAN;
  if (fl[13] && !parse_double(f[13], &tone))
    return import_row_error(im, entry, line, "non-numeric MentionDocTone '%s'", f[13]);
  if (!fl[5]) return import_row_error(im, entry, line, "empty MentionIdentifier");
  store_mention_row m = {.event_key = f[0],
                         .event_time = v[1],
                         .mention_time = v[2],
                         .mention_type = v[3],
                         .source_name = f[4],
                         .identifier = f[5],
                         .sentence_id = v[6],
                         .actor1_offset = v[7],
                         .actor2_offset = v[8],
                         .action_offset = v[9],
                         .in_raw_text = v[10],
                         .confidence = v[11],
                         .doc_len = v[12],
                         .doc_tone = tone,
                         .translation_info = f[14],
                         .extras = f[15]};
  return import_row_mention(im, &m, err);
}

int gdelt_parse(store_import *im, store_input *in, const char *entry, parley_error *err) {
  gdelt_state *g = im->parser_state;
  if (!g) {
    g = calloc(1, sizeof *g);
    if (!g) return parley_error_set(err, PARLEY_ENOMEM, entry, 0, "out of memory");
    layout_init(&g->l58, COLS58, 58);
    layout_init(&g->l61, parley_gdelt2_columns, 61);
    im->parser_state = g;
  }
  layout l57 = g->l58;
  l57.ncols = 57; /* the 58-column layout without SOURCEURL */
  l57.url = -1;
  char *line;
  size_t len;
  long lineno;
  int rc;
  char *f[64];
  size_t fl[64];
  while ((rc = store_input_line(in, &line, &len, &lineno, err)) == 1) {
    if (len == 0) continue;
    if (lineno == 1 && !strncmp(line, "GLOBALEVENTID\t", 14)) continue; /* a header */
    import_row_read(im);
    long long bad = utf8_bad_offset(line, len);
    if (bad >= 0) {
      if ((rc = import_row_error(im, entry, lineno, "invalid UTF-8 at byte %lld of the line (column %ld)", bad,
                                 utf8_column(line, bad))))
        return rc;
      continue;
    }
    size_t n = split_tabs(line, len, f, fl, 64);
    if (!g->mode) {
      g->mode = n == 16 ? 2 : 1;
      snprintf(im->st->kind, sizeof im->st->kind, "%s", n == 16 ? "gdelt2-mentions" : n == 61 ? "gdelt2" : "gdelt1");
    }
    if (g->mode == 2) {
      if (n != 16)
        rc =
            import_row_error(im, entry, lineno, "expected 16 tab-separated columns (GDELT 2.0 mentions), found %zu", n);
      else
        rc = mention_row(im, f, fl, entry, lineno, err);
    } else if (n == 58) {
      rc = event_row(im, g, &g->l58, f, fl, entry, lineno, err);
    } else if (n == 61) {
      rc = event_row(im, g, &g->l61, f, fl, entry, lineno, err);
    } else if (n == 57) {
      rc = event_row(im, g, &l57, f, fl, entry, lineno, err);
    } else {
      rc = import_row_error(im, entry, lineno,
                            "expected 57, 58 (GDELT 1.0) or 61 (GDELT 2.0) tab-separated columns, found %zu", n);
    }
    if (rc) return rc;
  }
  return rc;
}

int parley_store_import_gdelt(parley_store *s, const char *path, const parley_import_options *opt,
                              parley_store_stats *st, parley_error *err) {
  return store_import_file(s, path, "gdelt", gdelt_parse, opt, st, err);
}
