/* migrate.c — stage 3 (store): the data part of schema migrations, written
 * once for both backends.
 *
 * Version 5 gave a GDELT record's geography, IsRootEvent and DATEADDED typed
 * columns of events (schema.sql, "v5"); before, they were keys of extra_json.
 * The backends add the columns (MIGRATIONS[4], PG_MIGRATIONS[4]), then run
 * store_v5_move_sql: it fills the columns of every GDELT row from its
 * extra_json and removes the moved keys, as an import of this version would
 * have stored the row. An integer field that is not an integer (a hand-edited
 * row) stays in extra_json, as the importer keeps it. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

enum { K_INT, K_REAL, K_TEXT, K_ISO3 /* the ISO alpha-3 of a FIPS code key */ };

typedef struct moved {
  const char *column, *key;
  int kind;
} moved;

static const moved V5[] = {
    {"is_root", "IsRootEvent", K_INT},
    {"date_added", "DATEADDED", K_INT},
    {"location_type", "ActionGeo_Type", K_INT},
    {"location_fips", "ActionGeo_CountryCode", K_TEXT},
    {"location_adm1", "ActionGeo_ADM1Code", K_TEXT},
    {"location_adm2", "ActionGeo_ADM2Code", K_TEXT},
    {"location_feature", "ActionGeo_FeatureID", K_TEXT},
#define GEO(side, prefix)                                                                                              \
  {side "_geo_type", prefix "_Type", K_INT}, {side "_geo_name", prefix "_FullName", K_TEXT},                           \
      {side "_geo_country", prefix "_CountryCode", K_ISO3}, {side "_geo_fips", prefix "_CountryCode", K_TEXT},         \
      {side "_geo_adm1", prefix "_ADM1Code", K_TEXT}, {side "_geo_adm2", prefix "_ADM2Code", K_TEXT},                  \
      {side "_geo_lat", prefix "_Lat", K_REAL}, {side "_geo_lon", prefix "_Long", K_REAL}, {                           \
    side "_geo_feature", prefix "_FeatureID", K_TEXT                                                                   \
  }
    GEO("source", "Actor1Geo"),
    GEO("target", "Actor2Geo"),
#undef GEO
};
enum { N_V5 = sizeof V5 / sizeof V5[0] };

static int addf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int addf(sbuf *b, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  return n < 0 || (size_t)n >= sizeof tmp ? -1 : sbuf_add(b, tmp, (size_t)n);
}

/* The value of key in the row's extra_json, typed as its column. */
static int value(sbuf *b, int pg, const moved *m) {
  if (!pg) switch (m->kind) {
    case K_INT:
      return addf(b, "CASE WHEN json_type(extra_json, '$.%s') = 'integer' THEN json_extract(extra_json, '$.%s') END",
                  m->key, m->key);
    case K_REAL:
      return addf(b,
                  "CASE WHEN json_type(extra_json, '$.%s') IN ('integer', 'real') THEN "
                  "json_extract(extra_json, '$.%s') END",
                  m->key, m->key);
    case K_TEXT:
      return addf(b, "CASE WHEN json_type(extra_json, '$.%s') = 'text' THEN json_extract(extra_json, '$.%s') END",
                  m->key, m->key);
    default: return addf(b, "(SELECT iso3 FROM parley_fips WHERE fips = json_extract(extra_json, '$.%s'))", m->key);
    }
  switch (m->kind) {
  case K_INT:
    return addf(b,
                "CASE WHEN jsonb_typeof(j.x -> '%s') = 'number' AND j.x ->> '%s' ~ '^-?[0-9]{1,18}$' THEN "
                "(j.x ->> '%s')::bigint END",
                m->key, m->key, m->key);
  case K_REAL:
    return addf(b, "CASE WHEN jsonb_typeof(j.x -> '%s') = 'number' THEN (j.x ->> '%s')::float8 END", m->key, m->key);
  case K_TEXT: return addf(b, "CASE WHEN jsonb_typeof(j.x -> '%s') = 'string' THEN j.x ->> '%s' END", m->key, m->key);
  default: return addf(b, "(SELECT iso3 FROM parley_fips WHERE fips = j.x ->> '%s')", m->key);
  }
}

int store_v5_move_sql(int pg, sbuf *b) {
  int bad = 0;
  /* FIPS 10-4 → ISO alpha-3, as the importer maps them */
  bad |= addf(b, "CREATE TEMP TABLE parley_fips (fips TEXT PRIMARY KEY, iso3 TEXT NOT NULL);\n");
  size_t n = 0;
  for (char f[3] = "AA"; f[0] <= 'Z'; f[1] == 'Z' ? (f[0]++, f[1] = 'A') : f[1]++) {
    const char *iso3 = parley_country_from_fips(f);
    if (!iso3) continue;
    bad |= addf(b, "%s('%s', '%s')", n++ ? ", " : "INSERT INTO parley_fips (fips, iso3) VALUES ", f, iso3);
  }
  if (n) bad |= addf(b, ";\n");
  /* the columns */
  bad |= addf(b, pg ? "UPDATE events e SET " : "UPDATE events SET ");
  for (int i = 0; i < N_V5; i++) {
    /* coalesce: a row that has the column filled already (run twice) keeps it */
    bad |= addf(b, "%s%s = coalesce(", i ? ",\n  " : "", V5[i].column);
    bad |= value(b, pg, &V5[i]);
    bad |= addf(b, ", %s)", V5[i].column);
  }
  bad |= addf(b, pg ? "\nFROM (SELECT id, extra_json::jsonb AS x FROM events WHERE origin IN ('gdelt1', 'gdelt2') "
                      "AND extra_json IS NOT NULL) j WHERE e.id = j.id;\n"
                    : "\nWHERE origin IN ('gdelt1', 'gdelt2') AND json_valid(extra_json);\n");
  /* the keys, where their column got the value */
  bad |= addf(b, pg ? "UPDATE events SET extra_json = nullif((extra_json::jsonb"
                    : "UPDATE events SET extra_json = nullif(json_remove(extra_json");
  for (int i = 0; i < N_V5; i++) {
    if (V5[i].kind == K_ISO3) continue; /* the same key as the _fips column's */
    if (pg)
      bad |= addf(b, "\n  - CASE WHEN %s IS NOT NULL THEN '%s' ELSE '' END", V5[i].column, V5[i].key);
    else
      bad |= addf(b, ",\n  CASE WHEN %s IS NOT NULL THEN '$.%s' ELSE '$.\"\"' END", V5[i].column, V5[i].key);
  }
  bad |= addf(b, pg ? ")::text, '{}')\nWHERE origin IN ('gdelt1', 'gdelt2') AND extra_json IS NOT NULL;\n"
                    : "), '{}')\nWHERE origin IN ('gdelt1', 'gdelt2') AND json_valid(extra_json);\n");
  bad |= addf(b, "DROP TABLE parley_fips;\n");
  return bad ? -1 : 0;
}
