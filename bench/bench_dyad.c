/* bench_dyad.c — benchmark of the ask stage's dyad query (stage: ask).
 *
 *   bench_dyad gen DB N [SEED]   creates DB with parley's schema and N
 *                                generated GDELT-shaped events (origin gdelt2)
 *   bench_dyad query DB [REPS] [index]  times parley_ask_dyad by month and
 *                                by year, cold (first run) and warm (median
 *                                of REPS); "index" also times country dyads
 *                                without the rollup (events indexes only);
 *                                "rollup" times country dyads only
 *
 * The generator inserts directly with SQLite in bulk: secondary indexes are
 * dropped first and rebuilt from src/store/schema.sql afterwards (that is
 * also how the store's indexes, including the ask section's covering ones,
 * end up in the file). Distribution, roughly GDELT's: days uniform over
 * 2015-01-01..2025-12-31 in ascending order; each actor has no country 35%
 * of the time, else a country drawn by Zipf (s = 1) over 60 countries (USA
 * first, RUS third); half the actors carry an agent code (GOV, MIL, …);
 * event codes from a weighted list of common CAMEO codes with their
 * Goldstein values and quad classes. Results: bench/README.md "Queries". */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/ask.h"

static const char *countries[] = {"USA", "CHN", "RUS", "GBR", "IND", "ISR", "FRA", "DEU", "UKR", "IRN", "JPN", "PAK",
                                  "TUR", "SYR", "AUS", "CAN", "KOR", "PRK", "AFG", "IRQ", "EGY", "SAU", "NGA", "ZAF",
                                  "MEX", "BRA", "ITA", "ESP", "PHL", "IDN", "PSE", "LBN", "KEN", "VNM", "TWN", "MYS",
                                  "THA", "POL", "GRC", "VEN", "COL", "ARG", "QAT", "ARE", "YEM", "LBY", "SDN", "ETH",
                                  "SOM", "BGD", "LKA", "NPL", "MMR", "BLR", "GEO", "ARM", "AZE", "KAZ", "HUN", "SRB"};
#define NCOUNTRIES 60

static const char *agents[] = {"GOV", "MIL", "BUS", "MED", "OPP", "COP", "JUD", "LEG", "EDU", "CVL"};

static const struct {
  const char *code;
  double goldstein;
  int weight;
} codes[] = {{"010", 0.0, 10}, {"020", 3.0, 6},  {"036", 4.0, 8},   {"040", 1.0, 12},  {"042", 1.9, 8},
             {"043", 2.8, 8},  {"046", 7.0, 4},  {"051", 3.4, 6},   {"057", 8.0, 3},   {"061", 6.4, 2},
             {"071", 7.4, 2},  {"111", -2.0, 4}, {"112", -2.0, 5},  {"120", -4.0, 2},  {"130", -4.4, 3},
             {"141", -6.5, 2}, {"173", -5.0, 3}, {"190", -10.0, 4}, {"193", -10.0, 2}, {"195", -10.0, 1}};
#define NCODES (sizeof codes / sizeof codes[0])

static unsigned long long rng_state = 88172645463325252ULL;
static unsigned long long rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}
static double rndf(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }

static double zipf_cdf[NCOUNTRIES];
static int code_cdf[NCODES], code_total;

static const char *pick_country(void) {
  double u = rndf();
  for (int i = 0; i < NCOUNTRIES; i++)
    if (u <= zipf_cdf[i]) return countries[i];
  return countries[NCOUNTRIES - 1];
}

static long days_from_civil(long y, long m, long d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}
static int serial_day(long z) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097, doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  return (int)((yoe + era * 400 + (m <= 2)) * 10000 + m * 100 + d);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *read_schema(void) {
  char path[4096];
  snprintf(path, sizeof path, "%s", __FILE__);
  char *slash = strrchr(path, '/');
  if (slash)
    strcpy(slash, "/../src/store/schema.sql");
  else
    snprintf(path, sizeof path, "../src/store/schema.sql");
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "bench_dyad: cannot open %s\n", path);
    return NULL;
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  if (s && fread(s, 1, (size_t)n, f) != (size_t)n) n = 0;
  if (s) s[n] = '\0';
  fclose(f);
  return s;
}

static int exec(sqlite3 *db, const char *sql) {
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    fprintf(stderr, "bench_dyad: %s\n", msg ? msg : "error");
    sqlite3_free(msg);
    return -1;
  }
  return 0;
}

static void actor(char code[16], const char **country) {
  if (rndf() < 0.35) {
    /* no country: a bare agent (POLICE, REBEL…) or nothing */
    *country = NULL;
    if (rndf() < 0.5)
      snprintf(code, 16, "%s", agents[rnd() % 10]);
    else
      code[0] = '\0';
    return;
  }
  *country = pick_country();
  if (rndf() < 0.5)
    snprintf(code, 16, "%s%s", *country, agents[rnd() % 10]);
  else
    snprintf(code, 16, "%s", *country);
}

static int gen(const char *path, long long n) {
  double h = 0;
  for (int i = 0; i < NCOUNTRIES; i++)
    h += 1.0 / (i + 1);
  double c = 0;
  for (int i = 0; i < NCOUNTRIES; i++)
    zipf_cdf[i] = (c += 1.0 / (i + 1) / h);
  for (size_t i = 0; i < NCODES; i++)
    code_cdf[i] = (code_total += codes[i].weight);
  char *schema = read_schema();
  if (!schema) return 1;
  remove(path);
  sqlite3 *db = NULL;
  if (sqlite3_open(path, &db) != SQLITE_OK) return 1;
  if (exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000; "
               "PRAGMA temp_store = FILE;") ||
      exec(db, schema))
    return 1;
  /* bulk insert without secondary indexes; they are rebuilt below */
  sqlite3_stmt *ix = NULL;
  sqlite3_prepare_v2(db,
                     "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL",
                     -1, &ix, NULL);
  char drops[8192] = "";
  while (sqlite3_step(ix) == SQLITE_ROW)
    snprintf(drops + strlen(drops), sizeof drops - strlen(drops), "DROP INDEX %s;", sqlite3_column_text(ix, 0));
  sqlite3_finalize(ix);
  if (exec(db, drops) || exec(db, "BEGIN")) return 1;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO events (origin, event_key, day, source_code, source_country, source_name, "
                         "target_code, target_country, target_name, event_code, root_code, quad_class, goldstein, "
                         "num_mentions, num_sources, num_articles, avg_tone, lat, lon, location, source_url) VALUES "
                         "('gdelt2', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         -1, &st, NULL) != SQLITE_OK) {
    fprintf(stderr, "bench_dyad: %s\n", sqlite3_errmsg(db));
    return 1;
  }
  long d0 = days_from_civil(2015, 1, 1), d1 = days_from_civil(2025, 12, 31);
  long ndays = d1 - d0 + 1;
  double t0 = now();
  for (long long i = 0; i < n; i++) {
    char key[24], c1[16], c2[16], url[96];
    const char *k1, *k2;
    snprintf(key, sizeof key, "%lld", 1000000000LL + i);
    int day = serial_day(d0 + (long)(i * ndays / n));
    actor(c1, &k1);
    actor(c2, &k2);
    int w = (int)(rnd() % (unsigned)code_total);
    size_t ci = 0;
    while (code_cdf[ci] <= w)
      ci++;
    char root[3] = {codes[ci].code[0], codes[ci].code[1], 0};
    int r = atoi(root), quad = r <= 5 ? 1 : r <= 9 ? 2 : r <= 14 ? 3 : 4;
    snprintf(url, sizeof url, "https://news.example.com/%d/%08llx-story-%lld.html", day / 100, rnd() & 0xffffffffULL,
             i);
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, day);
    if (c1[0])
      sqlite3_bind_text(st, 3, c1, -1, SQLITE_TRANSIENT);
    else
      sqlite3_bind_null(st, 3);
    if (k1)
      sqlite3_bind_text(st, 4, k1, -1, SQLITE_STATIC);
    else
      sqlite3_bind_null(st, 4);
    if (c1[0])
      sqlite3_bind_text(st, 5, c1, -1, SQLITE_TRANSIENT);
    else
      sqlite3_bind_null(st, 5);
    if (c2[0])
      sqlite3_bind_text(st, 6, c2, -1, SQLITE_TRANSIENT);
    else
      sqlite3_bind_null(st, 6);
    if (k2)
      sqlite3_bind_text(st, 7, k2, -1, SQLITE_STATIC);
    else
      sqlite3_bind_null(st, 7);
    if (c2[0])
      sqlite3_bind_text(st, 8, c2, -1, SQLITE_TRANSIENT);
    else
      sqlite3_bind_null(st, 8);
    sqlite3_bind_text(st, 9, codes[ci].code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, root, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 11, quad);
    sqlite3_bind_double(st, 12, codes[ci].goldstein);
    int m = 1 + (int)(rnd() % 10);
    sqlite3_bind_int(st, 13, m);
    sqlite3_bind_int(st, 14, 1 + (int)(rnd() % 3));
    sqlite3_bind_int(st, 15, m);
    sqlite3_bind_double(st, 16, (rndf() - 0.5) * 20);
    sqlite3_bind_double(st, 17, (rndf() - 0.5) * 180);
    sqlite3_bind_double(st, 18, (rndf() - 0.5) * 360);
    sqlite3_bind_text(st, 19, "Somewhere, Some Region, Some Country", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 20, url, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE) {
      fprintf(stderr, "bench_dyad: %s\n", sqlite3_errmsg(db));
      return 1;
    }
    if ((i + 1) % 1000000 == 0) {
      if (exec(db, "COMMIT; BEGIN")) return 1;
      fprintf(stderr, "\rbench_dyad: %lld rows, %.0f s", i + 1, now() - t0);
    }
  }
  sqlite3_finalize(st);
  if (exec(db, "COMMIT")) return 1;
  double t1 = now();
  fprintf(stderr, "\nbench_dyad: inserted %lld rows in %.1f s; building indexes\n", n, t1 - t0);
  if (exec(db, schema) || exec(db, "ANALYZE")) return 1;
  fprintf(stderr, "bench_dyad: indexes and ANALYZE in %.1f s\n", now() - t1);
  free(schema);
  sqlite3_close(db);
  return 0;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static int query(const char *path, int reps, int index_too) {
  parley_ask *a = NULL;
  parley_error err;
  parley_error_clear(&err);
  if (parley_ask_open(path, &a, &err)) {
    fprintf(stderr, "bench_dyad: %s\n", err.message);
    return 1;
  }
  static const char *pairs[][2] = {{"USA", "RUS"}, {"USA", "CHN"},       {"RUS", "UKR"},
                                   {"AZE", "HUN"}, {"USAGOV", "RUSGOV"}, {"CHNGOV", "USAMIL"}};
  printf("dyad\tby\tpath\tevents\tperiods\tcold_ms\twarm_median_ms\twarm_min_ms\n");
  for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
    for (int variant = 0; variant < 3; variant++) {
      int by = variant == 1 ? PARLEY_BY_YEAR : PARLEY_BY_MONTH, no_rollup = variant == 2;
      if (no_rollup && (strlen(pairs[p][0]) != 3 || index_too != 1)) continue;
      if (index_too == 2 && strlen(pairs[p][0]) != 3) continue; /* "rollup": country dyads only */
      parley_actor_ref x, y;
      parley_actor_ref_resolve(NULL, pairs[p][0], NULL, &x, &err);
      parley_actor_ref_resolve(NULL, pairs[p][1], NULL, &y, &err);
      parley_query q = parley_query_default();
      q.by = (parley_period)by;
      q.no_rollup = no_rollup;
      double *t = calloc((size_t)reps + 1, sizeof *t);
      long events = 0;
      size_t periods = 0;
      for (int i = 0; i <= reps; i++) {
        parley_dyad *d = NULL;
        double t0 = now();
        if (parley_ask_dyad(a, &x, &y, &q, &d, &err)) {
          fprintf(stderr, "bench_dyad: %s\n", err.message);
          return 1;
        }
        t[i] = (now() - t0) * 1000;
        events = d->total[PARLEY_BOTH].events;
        periods = d->n_periods;
        parley_dyad_free(d);
      }
      double cold = t[0];
      qsort(t + 1, (size_t)reps, sizeof *t, cmp_double);
      printf("%s-%s\t%s\t%s\t%ld\t%zu\t%.1f\t%.1f\t%.1f\n", pairs[p][0], pairs[p][1],
             parley_period_name((parley_period)by),
             strlen(pairs[p][0]) != 3 ? "code index"
             : no_rollup              ? "events index"
                                      : "rollup",
             events, periods, cold, t[1 + reps / 2], t[1]);
      fflush(stdout);
      free(t);
    }
  }
  parley_ask_close(a);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 4 && !strcmp(argv[1], "gen")) {
    if (argc >= 5) rng_state = strtoull(argv[4], NULL, 10) | 1;
    return gen(argv[2], atoll(argv[3]));
  }
  if (argc >= 3 && !strcmp(argv[1], "query"))
    return query(argv[2], argc >= 4 ? atoi(argv[3]) : 5,
                 argc >= 5 && !strcmp(argv[4], "index")    ? 1
                 : argc >= 5 && !strcmp(argv[4], "rollup") ? 2
                                                           : 0);
  fprintf(stderr, "usage: bench_dyad gen DB N [SEED] | bench_dyad query DB [REPS] [index|rollup]\n");
  return 2;
}
