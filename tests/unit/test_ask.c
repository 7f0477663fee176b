/* test_ask.c — unit tests of the ask stage (parley/ask.h) on the fixture
 * database of tests/data/ask/fixture.sql (rows mirroring the example
 * article: Trump–Putin calls, the Alaska meeting, the contested December
 * drone attack, plus GDELT-origin rows 2023–2025), built from
 * src/store/schema.sql into a temporary file. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "parley/parley.h"

static char db_path[256];

static char *slurp(const char *rel) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", PARLEY_SRC, rel);
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  if (fread(s, 1, (size_t)n, f) != (size_t)n) n = 0;
  s[n] = '\0';
  fclose(f);
  return s;
}

/* A database made from schema.sql is a parley database of this version. */
#define STR_(x) #x
#define STR(x) STR_(x)
#define USER_VERSION_SQL "PRAGMA user_version = " STR(PARLEY_STORE_SCHEMA_VERSION)

static int make_db(void **state) {
  (void)state;
  snprintf(db_path, sizeof db_path, "/tmp/parley-test-ask-XXXXXX");
  int fd = mkstemp(db_path);
  if (fd < 0) return -1;
  close(fd);
  sqlite3 *db = NULL;
  if (sqlite3_open(db_path, &db) != SQLITE_OK) return -1;
  char *schema = slurp("src/store/schema.sql"), *fixture = slurp("tests/data/ask/fixture.sql");
  if (!schema || !fixture) return -1;
  char *msg = NULL;
  int rc = sqlite3_exec(db, schema, NULL, NULL, &msg);
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, fixture, NULL, NULL, &msg);
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, USER_VERSION_SQL, NULL, NULL, &msg); /* the ask opens read-only */
  if (rc != SQLITE_OK) fprintf(stderr, "fixture: %s\n", msg);
  sqlite3_free(msg);
  free(schema);
  free(fixture);
  sqlite3_close(db);
  return rc == SQLITE_OK ? 0 : -1;
}

static int drop_db(void **state) {
  (void)state;
  unlink(db_path);
  return 0;
}

static parley_ask *open_ask(void) {
  parley_ask *a = NULL;
  parley_error err;
  parley_error_clear(&err);
  int rc = parley_ask_open(db_path, &a, &err);
  if (rc) fprintf(stderr, "%s\n", err.message);
  assert_int_equal(rc, PARLEY_OK);
  return a;
}

static parley_actor_ref ref(const char *code) {
  parley_actor_ref r;
  parley_error err;
  parley_error_clear(&err);
  assert_int_equal(parley_actor_ref_resolve(NULL, code, NULL, &r, &err), PARLEY_OK);
  return r;
}

/* ------------------------------------------------------------------ days */

static void test_day_parse_accepts_full_partial_dates(void **s) {
  (void)s;
  assert_int_equal(parley_day_parse("2025-02-12", 0), 20250212);
  assert_int_equal(parley_day_parse("2025-02", 0), 20250201);
  assert_int_equal(parley_day_parse("2025-02", 1), 20250228);
  assert_int_equal(parley_day_parse("2024-02", 1), 20240229);
  assert_int_equal(parley_day_parse("2025", 1), 20251231);
  assert_int_equal(parley_day_parse("20250212", 0), 20250212);
  assert_int_equal(parley_day_parse("2025-02-30", 0), 0);
  assert_int_equal(parley_day_parse("2025-13", 0), 0);
  assert_int_equal(parley_day_parse("yesterday", 0), 0);
  assert_int_equal(parley_day_diff(20241231, 20250301), 60);
}

static void test_period_labels_use_iso_weeks(void **s) {
  (void)s;
  char b[16];
  parley_period_label(PARLEY_BY_WEEK, 20241230, b);
  assert_string_equal(b, "2025-W01");
  parley_period_label(PARLEY_BY_WEEK, 20210103, b);
  assert_string_equal(b, "2020-W53");
  parley_period_label(PARLEY_BY_WEEK, 20250212, b);
  assert_string_equal(b, "2025-W07");
  parley_period_label(PARLEY_BY_QUARTER, 20251229, b);
  assert_string_equal(b, "2025-Q4");
  parley_period_label(PARLEY_BY_MONTH, 20250815, b);
  assert_string_equal(b, "2025-08");
  assert_int_equal(parley_period_parse("quarter"), PARLEY_BY_QUARTER);
  assert_int_equal(parley_period_parse("fortnight"), -1);
}

/* ---------------------------------------------------------------- actors */

static void test_actor_codes_match_country_or_code_columns(void **s) {
  (void)s;
  parley_actor_ref r = ref("USA");
  assert_true(r.by_country);
  assert_string_equal(r.country, "USA");
  r = ref("RUSGOV");
  assert_false(r.by_country);
  assert_string_equal(r.code, "RUSGOV");
  assert_string_equal(r.country, "RUS");
  r = ref("IGOEUREEC");
  assert_false(r.by_country);
  parley_error err;
  parley_error_clear(&err);
  assert_int_equal(parley_actor_ref_resolve(NULL, "Putin", NULL, &r, &err), PARLEY_ENOTFOUND);
}

static void test_actor_names_resolve_and_unknown_names_get_suggestions(void **s) {
  (void)s;
  parley_dict *d = NULL;
  parley_error err;
  parley_error_clear(&err);
  char dir[1024];
  snprintf(dir, sizeof dir, "%s/tests/data/ask/dict", PARLEY_SRC);
  assert_int_equal(parley_dict_open(dir, &d, &err), PARLEY_OK);
  parley_actor_ref r;
  assert_int_equal(parley_actor_ref_resolve(d, "特朗普", "2025-06-01", &r, &err), PARLEY_OK);
  assert_string_equal(r.code, "USAGOV");
  assert_int_equal(parley_actor_ref_resolve(d, "Trump", "2023-06-01", &r, &err), PARLEY_OK);
  assert_string_equal(r.code, "USAELI");
  assert_int_equal(parley_actor_ref_resolve(d, "欧盟", NULL, &r, &err), PARLEY_OK);
  assert_string_equal(r.code, "IGOEUREEC");
  assert_false(r.by_country);
  assert_int_equal(parley_actor_ref_resolve(d, "Russia", NULL, &r, &err), PARLEY_OK);
  assert_string_equal(r.code, "RUS");
  assert_true(r.by_country);
  parley_error_clear(&err);
  assert_int_equal(parley_actor_ref_resolve(d, "Putn", NULL, &r, &err), PARLEY_ENOTFOUND);
  assert_non_null(strstr(err.message, "unknown actor 'Putn'"));
  assert_non_null(strstr(err.message, "did you mean: Putin"));
  assert_int_equal(parley_actor_ref_resolve(d, "泽连斯", NULL, &r, &err), PARLEY_ENOTFOUND);
  assert_non_null(strstr(err.message, "泽连斯基"));
  const char *sug[3];
  assert_int_equal(parley_dict_suggest_actors(d, "Zelenskiy", sug, 3), 2);
  assert_string_equal(sug[0], "Zelensky"); /* distance 1, like Zelenskyy: ties go alphabetically */
  assert_string_equal(sug[1], "Zelenskyy");
  assert_int_equal(parley_dict_suggest_actors(d, "Kazakhstan", sug, 3), 0);
  parley_dict_close(d);
}

/* ------------------------------------------------------------------ dyad */

static const parley_dyad_period *period(const parley_dyad *d, const char *label) {
  for (size_t i = 0; i < d->n_periods; i++)
    if (!strcmp(d->periods[i].label, label)) return &d->periods[i];
  return NULL;
}

static void test_dyad_by_month_counts_groups_once(void **s) {
  (void)s;
  parley_ask *a = open_ask();
  parley_actor_ref x = ref("USA"), y = ref("RUS");
  parley_query q = parley_query_default();
  q.day_from = 20250101;
  q.day_to = 20251231;
  q.by = PARLEY_BY_MONTH;
  parley_dyad *d = NULL;
  parley_error err;
  parley_error_clear(&err);
  assert_int_equal(parley_ask_dyad(a, &x, &y, &q, &d, &err), PARLEY_OK);
  assert_int_equal(d->n_periods, 5);
  static const char *months[] = {"2025-02", "2025-03", "2025-05", "2025-08", "2025-12"};
  static const long both[] = {1, 1, 1, 2, 1}, ab[] = {1, 0, 0, 1, 0};
  for (int i = 0; i < 5; i++) {
    assert_string_equal(d->periods[i].label, months[i]);
    assert_int_equal(d->periods[i].dir[PARLEY_BOTH].events, both[i]);
    assert_int_equal(d->periods[i].dir[PARLEY_AB].events, ab[i]);
  }
  const parley_dyad_period *aug = period(d, "2025-08");
  assert_int_equal(aug->dir[PARLEY_BOTH].quad[1], 2);
  assert_int_equal(aug->dir[PARLEY_BOTH].root[4], 2);
  assert_true(fabs(aug->dir[PARLEY_BOTH].goldstein_sum - 4.7) < 1e-9);
  assert_true(fabs(parley_tally_goldstein_mean(&aug->dir[PARLEY_BOTH]) - 2.35) < 1e-9);
  assert_int_equal(d->day_first, 20250212);
  assert_int_equal(d->day_last, 20251229);
  assert_int_equal(d->total[PARLEY_BOTH].events, 6);
  parley_dyad_free(d);
  /* mentions: both reports of the February call */
  q.unit = PARLEY_UNIT_MENTIONS;
  assert_int_equal(parley_ask_dyad(a, &x, &y, &q, &d, &err), PARLEY_OK);
  assert_int_equal(period(d, "2025-02")->dir[PARLEY_BOTH].events, 2);
  assert_int_equal(d->total[PARLEY_BOTH].events, 7);
  parley_dyad_free(d);
  /* fill lists all twelve months */
  q.fill = 1;
  assert_int_equal(parley_ask_dyad(a, &x, &y, &q, &d, &err), PARLEY_OK);
  assert_int_equal(d->n_periods, 12);
  assert_int_equal(period(d, "2025-04")->dir[PARLEY_BOTH].events, 0);
  assert_int_equal(period(d, "2025-12")->day_last, 20251231);
  parley_dyad_free(d);
  parley_ask_close(a);
}

static void test_dyad_rollup_and_events_index_agree(void **s) {
  (void)s;
  parley_ask *a = open_ask();
  static const char *pairs[][2] = {{"USA", "RUS"}, {"UKR", "RUS"}, {"RUS", "EUR"}, {"USA", "USA"}};
  static const char *codes[] = {NULL, "04", "11", "19"};
  for (size_t p = 0; p < 4; p++)
    for (int unit = 0; unit < 2; unit++)
      for (int c = 0; c < 4; c++)
        for (int quad = 0; quad <= 1; quad++) {
          parley_actor_ref x = ref(pairs[p][0]), y = ref(pairs[p][1]);
          parley_query q = parley_query_default();
          q.by = PARLEY_BY_DAY;
          q.unit = (parley_unit)unit;
          q.event_code = codes[c];
          q.quad_class = quad;
          q.day_from = c == 1 ? 20240101 : 0;
          parley_dyad *d1 = NULL, *d2 = NULL;
          parley_error err;
          parley_error_clear(&err);
          assert_int_equal(parley_ask_dyad(a, &x, &y, &q, &d1, &err), PARLEY_OK);
          q.no_rollup = 1;
          assert_int_equal(parley_ask_dyad(a, &x, &y, &q, &d2, &err), PARLEY_OK);
          assert_int_equal(d1->n_periods, d2->n_periods);
          for (int dir = 0; dir < 3; dir++) {
            assert_int_equal(d1->total[dir].events, d2->total[dir].events);
            assert_true(fabs(d1->total[dir].goldstein_sum - d2->total[dir].goldstein_sum) < 1e-9);
            for (int k = 0; k < 5; k++)
              assert_int_equal(d1->total[dir].quad[k], d2->total[dir].quad[k]);
          }
          for (size_t i = 0; i < d1->n_periods; i++) {
            assert_string_equal(d1->periods[i].label, d2->periods[i].label);
            assert_int_equal(d1->periods[i].dir[PARLEY_BOTH].events, d2->periods[i].dir[PARLEY_BOTH].events);
          }
          parley_dyad_free(d1);
          parley_dyad_free(d2);
        }
  parley_ask_close(a);
}

static void test_rollup_follows_inserts_updates_and_deletes(void **s) {
  (void)s;
  sqlite3 *db = NULL;
  assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db,
                                "INSERT INTO events (id, origin, event_key, day, source_code, source_country, "
                                "target_code, target_country, event_code, root_code, quad_class, goldstein) VALUES "
                                "(900, 'icews', 'x1', 20250301, 'USA', 'USA', 'RUS', 'RUS', '040', '04', 1, 1.0),"
                                "(901, 'icews', 'x2', 20250301, 'USA', 'USA', 'RUS', 'RUS', '111', '11', 3, -2.0)",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  parley_ask *a = open_ask();
  parley_actor_ref x = ref("USA"), y = ref("RUS");
  parley_query q = parley_query_default();
  q.by = PARLEY_BY_ALL;
  parley_dyad *d = NULL;
  parley_error err;
  parley_error_clear(&err);
  assert_int_equal(parley_ask_dyad(a, &x, &y, &q, &d, &err), PARLEY_OK);
  assert_int_equal(d->total[PARLEY_BOTH].events, 11);
  parley_dyad_free(d);
  /* regrouped, moved, deleted */
  assert_int_equal(sqlite3_exec(db,
                                "UPDATE events SET group_id = 3 WHERE id = 900; UPDATE events SET target_country = "
                                "'UKR' WHERE id = 901;",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  parley_ask_close(a);
  a = open_ask();
  for (int nr = 0; nr < 2; nr++) {
    q.no_rollup = nr;
    assert_int_equal(parley_ask_dyad(a, &x, &y, &q, &d, &err), PARLEY_OK);
    assert_int_equal(d->total[PARLEY_BOTH].events, 9); /* 900 joined group 3 */
    assert_int_equal(d->total[PARLEY_BOTH].quad[3], 1);
    parley_dyad_free(d);
  }
  assert_int_equal(sqlite3_exec(db, "DELETE FROM events WHERE id IN (900, 901)", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_prepare_v2(db, "SELECT COUNT(*), SUM(events) FROM dyad_day", -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(st, 0), 5); /* the five gdelt2 rows, nothing left over */
  assert_int_equal(sqlite3_column_int(st, 1), 5);
  sqlite3_finalize(st);
  sqlite3_close(db);
  parley_ask_close(a);
}

/* A database written before the ask section existed gets its rollup filled
 * once when the schema is applied again (the store's migration path). */
static void test_rollup_backfills_rows_stored_before_it(void **s) {
  (void)s;
  char path[256];
  snprintf(path, sizeof path, "/tmp/parley-test-ask-bf-XXXXXX");
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  char *schema = slurp("src/store/schema.sql"), *fixture = slurp("tests/data/ask/fixture.sql");
  char *mark = strstr(schema, "-- Ask section");
  assert_non_null(mark);
  char *before = strndup(schema, (size_t)(mark - schema));
  sqlite3 *db = NULL;
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, before, NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, fixture, NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, schema, NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, schema, NULL, NULL, NULL), SQLITE_OK); /* again: nothing doubles */
  assert_int_equal(sqlite3_exec(db, USER_VERSION_SQL, NULL, NULL, NULL), SQLITE_OK);
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_prepare_v2(db, "SELECT COUNT(*), SUM(events) FROM dyad_day", -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(st, 0), 5);
  assert_int_equal(sqlite3_column_int(st, 1), 5);
  sqlite3_finalize(st);
  sqlite3_close(db);
  parley_ask *a = NULL;
  parley_error err;
  parley_error_clear(&err);
  assert_int_equal(parley_ask_open(path, &a, &err), PARLEY_OK);
  parley_actor_ref x = ref("USA"), y = ref("RUS");
  parley_query q = parley_query_default();
  q.by = PARLEY_BY_ALL;
  parley_dyad *d = NULL;
  assert_int_equal(parley_ask_dyad(a, &x, &y, &q, &d, &err), PARLEY_OK);
  assert_int_equal(d->total[PARLEY_BOTH].events, 9);
  parley_dyad_free(d);
  parley_ask_close(a);
  free(before);
  free(schema);
  free(fixture);
  unlink(path);
}

static void test_compare_gives_asymmetry_of_partners(void **s) {
  (void)s;
  parley_ask *a = open_ask();
  parley_actor_ref x = ref("USAGOV"), p[2] = {ref("RUSGOV"), ref("UKRGOV")};
  parley_query q = parley_query_default();
  q.by = PARLEY_BY_MONTH;
  parley_compare *c = NULL;
  parley_error err;
  parley_error_clear(&err);
  assert_int_equal(parley_ask_compare(a, &x, p, 2, &q, &c, &err), PARLEY_OK);
  assert_int_equal(c->dyads[0]->total[PARLEY_BOTH].events, 4);
  assert_int_equal(c->dyads[1]->total[PARLEY_BOTH].events, 1);
  assert_int_equal(c->dyads[1]->total[PARLEY_BA].events, 1);
  assert_int_equal(c->dyads[0]->n_periods, c->dyads[1]->n_periods); /* same periods side by side */
  assert_int_equal(c->dyads[0]->n_periods, 11);                     /* 2025-02 .. 2025-12 */
  char *js = parley_compare_to_json(c);
  json_t *o = json_loads(js, 0, NULL);
  assert_non_null(o);
  json_t *p1 = json_array_get(json_object_get(o, "partners"), 1);
  assert_true(fabs(json_real_value(json_object_get(p1, "ratio_to_first")) - 4.0) < 1e-9);
  json_decref(o);
  free(js);
  parley_compare_free(c);
  parley_ask_close(a);
}

static void test_peak_ranks_each_period_against_earlier_ones(void **s) {
  (void)s;
  parley_ask *a = open_ask();
  parley_actor_ref x = ref("USA"), y = ref("RUS");
  parley_query q = parley_query_default();
  q.by = PARLEY_BY_YEAR;
  parley_peak *p = NULL;
  parley_error err;
  parley_error_clear(&err);
  assert_int_equal(parley_ask_peak(a, &x, &y, &q, PARLEY_BOTH, &p, &err), PARLEY_OK);
  assert_int_equal(p->n_rows, 3);
  assert_string_equal(p->rows[0].label, "2023");
  assert_int_equal(p->rows[1].events, 2);
  assert_true(p->rows[1].record);
  assert_int_equal(p->rows[2].events, 6);
  assert_true(p->rows[2].record);
  /* earlier: 1, 2 → mean 1.5, sd 0.7071 → z = 6.364 */
  assert_true(fabs(p->rows[2].z - (6 - 1.5) / sqrt(0.5)) < 1e-6);
  assert_true(isnan(p->rows[1].z));
  parley_peak_free(p);
  /* by quarter from 2024: 2024-Q4 (1 event) is the highest since 2024-Q1 */
  q.by = PARLEY_BY_QUARTER;
  q.day_from = 20240101;
  assert_int_equal(parley_ask_peak(a, &x, &y, &q, PARLEY_BOTH, &p, &err), PARLEY_OK);
  assert_string_equal(p->rows[0].label, "2024-Q1");
  assert_string_equal(p->first_period, "2023-Q2");
  assert_string_equal(p->rows[3].label, "2024-Q4");
  assert_string_equal(p->rows[3].since, "2024-Q1");
  assert_int_equal(p->rows[3].since_back, 3);
  assert_int_equal(p->rows[3].rank, 1);
  assert_int_equal(p->rows[1].rank, 3); /* 2024-Q2: 0, behind 2023-Q2 and 2024-Q1 */
  parley_peak_free(p);
  parley_ask_close(a);
}

/* ---------------------------------------------------------------- rhythm */

static void test_gap_stats_and_burstiness(void **s) {
  (void)s;
  double g[] = {10, 10, 10, 10};
  parley_gap_stats st;
  parley_gap_stats_compute(g, 4, &st);
  assert_true(fabs(st.burstiness + 1.0) < 1e-12); /* perfectly regular */
  double h[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 91};
  parley_gap_stats_compute(h, 10, &st);
  /* μ = 10, σ = 27 → B = 17/37 */
  assert_true(fabs(st.mean - 10) < 1e-12);
  assert_true(fabs(st.sd - 27) < 1e-12);
  assert_true(fabs(st.burstiness - 17.0 / 37.0) < 1e-12);
  assert_true(fabs(st.median - 1) < 1e-12);
  parley_gap_stats_compute(h, 0, &st);
  assert_true(isnan(st.mean));
}

static void test_change_point_found_where_gaps_shift(void **s) {
  (void)s;
  double g[] = {1, 2, 1, 1, 3, 1, 2, 30, 28, 35, 30, 29, 31};
  size_t cp[4];
  assert_int_equal(parley_change_points(g, 13, 3, cp, 4), 1);
  assert_int_equal(cp[0], 7);
  double flat[] = {5, 6, 5, 4, 5, 6, 5, 5, 4, 6};
  assert_int_equal(parley_change_points(flat, 10, 3, cp, 4), 0);
  assert_int_equal(parley_change_points(g, 5, 3, cp, 4), 0); /* too short */
}

static void test_rhythm_lists_contact_days_and_gaps(void **s) {
  (void)s;
  parley_ask *a = open_ask();
  parley_actor_ref x = ref("USA"), y = ref("RUS");
  parley_query q = parley_query_default();
  parley_rhythm *r = NULL;
  parley_error err;
  parley_error_clear(&err);
  assert_int_equal(parley_ask_rhythm(a, &x, &y, &q, &r, &err), PARLEY_OK);
  static const int days[] = {20230601, 20240305, 20241120, 20250212, 20250318, 20250519, 20250815, 20251229};
  assert_int_equal(r->n_days, 8);
  for (int i = 0; i < 8; i++)
    assert_int_equal(r->days[i], days[i]);
  assert_int_equal(r->per_day[6], 2);
  double gaps[7];
  for (int i = 0; i < 7; i++)
    gaps[i] = (double)parley_day_diff(days[i], days[i + 1]);
  parley_gap_stats st;
  parley_gap_stats_compute(gaps, 7, &st);
  assert_true(fabs(r->gaps.min - 34) < 1e-9);
  assert_true(fabs(r->gaps.max - 278) < 1e-9);
  assert_true(fabs(r->gaps.median - 88) < 1e-9);
  assert_true(fabs(r->gaps.burstiness - st.burstiness) < 1e-12);
  assert_true(r->n_segments >= 1);
  assert_int_equal(r->segments[0].day_first, 20230601);
  parley_rhythm_free(r);
  /* --code 19: no USA–RUS contact of that kind */
  q.event_code = "19";
  assert_int_equal(parley_ask_rhythm(a, &x, &y, &q, &r, &err), PARLEY_OK);
  assert_int_equal(r->n_days, 0);
  char *js = parley_rhythm_to_json(r);
  assert_non_null(strstr(js, "\"contacts\": 0"));
  free(js);
  parley_rhythm_free(r);
  parley_ask_close(a);
}

/* ---------------------------------------------------------------- claims */

static void test_claims_list_contested_event_with_stances_evidence_sources(void **s) {
  (void)s;
  parley_ask *a = open_ask();
  parley_query q = parley_query_default();
  q.contested = 1;
  parley_claims *c = NULL;
  parley_error err;
  parley_error_clear(&err);
  assert_int_equal(parley_ask_claims(a, NULL, &q, &c, &err), PARLEY_OK);
  assert_int_equal(c->n, 1);
  const parley_contested *e = &c->items[0];
  assert_string_equal(e->event_code, "195");
  assert_int_equal(e->day, 20251228);
  assert_int_equal(e->day_end, 20251229);
  assert_int_equal(e->n_claims, 3);
  assert_string_equal(e->claims[0].actor_code, "RUSGOV");
  assert_string_equal(e->claims[0].stance, "asserts");
  assert_string_equal(e->claims[1].actor_code, "UKR");
  assert_string_equal(e->claims[1].stance, "denies");
  assert_string_equal(e->claims[2].actor_code, "IGOEUREEC");
  assert_string_equal(e->claims[2].stance, "doubts");
  assert_string_equal(e->claims[1].evidence, "乌克兰方面坚决否认参与袭击。");
  assert_string_equal(e->claims[2].cue, "毫无证据支撑");
  assert_string_equal(e->evidence, "俄罗斯外长拉夫罗夫披露，乌克兰动用无人机袭击普京官邸。");
  assert_int_equal(e->n_docs, 1);
  assert_string_equal(e->docs[0].url, "https://example.org/zh-dense");
  assert_int_equal(e->docs[0].n_refs, 2);
  assert_string_equal(e->docs[0].refs[0].outlet, "新华网");
  parley_claims_free(c);
  /* all claimed events: the December call too; by actor */
  q.contested = 0;
  assert_int_equal(parley_ask_claims(a, NULL, &q, &c, &err), PARLEY_OK);
  assert_int_equal(c->n, 2);
  parley_claims_free(c);
  parley_actor_ref eu = ref("IGOEUREEC");
  assert_int_equal(parley_ask_claims(a, &eu, &q, &c, &err), PARLEY_OK);
  assert_int_equal(c->n, 1); /* the EU is only a claimant */
  parley_claims_free(c);
  parley_ask_close(a);
}

/* ---------------------------------------------------------------- others */

static void test_partners_rank_by_contacts_and_tone(void **s) {
  (void)s;
  parley_ask *a = open_ask();
  parley_actor_ref x = ref("RUS");
  parley_query q = parley_query_default();
  parley_partners *p = NULL;
  parley_error err;
  parley_error_clear(&err);
  for (int nr = 0; nr < 2; nr++) {
    q.no_rollup = nr;
    assert_int_equal(parley_ask_partners(a, &x, &q, 0, 0, 1, &p, &err), PARLEY_OK);
    assert_int_equal(p->n, 3);
    assert_string_equal(p->items[0].code, "USA");
    assert_int_equal(p->items[0].both.events, 9);
    assert_int_equal(p->items[0].out.events, 5);
    assert_string_equal(p->items[0].name, "United States");
    assert_int_equal(p->items[0].rank_tone, 1);
    assert_int_equal(p->items[2].rank_tone, 3); /* UKR: the drone attack, -10 */
    assert_string_equal(p->items[2].code, "UKR");
    parley_partners_free(p);
  }
  assert_int_equal(parley_ask_partners(a, &x, &q, 1, 0, 1, &p, &err), PARLEY_OK);
  assert_string_equal(p->items[0].code, "USA"); /* the five GDELT rows use bare country codes */
  assert_int_equal(p->items[0].both.events, 5);
  assert_string_equal(p->items[1].code, "USAGOV");
  assert_int_equal(p->items[1].both.events, 4);
  parley_partners_free(p);
  parley_ask_close(a);
}

static int count_rows(void *ctx, const parley_event_row *r) {
  (void)r;
  (*(int *)ctx)++;
  return 0;
}

static int grab_gdelt(void *ctx, const parley_event_row *r) {
  char **out = ctx;
  if (!*out) *out = parley_event_row_to_gdelt(r);
  return 1;
}

static void test_events_filters_and_counts(void **s) {
  (void)s;
  parley_ask *a = open_ask();
  parley_event_filter f = parley_event_filter_default();
  parley_error err;
  parley_error_clear(&err);
  long long n = 0;
  assert_int_equal(parley_ask_events_count(a, &f, &n, &err), PARLEY_OK);
  assert_int_equal(n, 12); /* 7 groups + 5 gdelt rows */
  f.q.unit = PARLEY_UNIT_MENTIONS;
  assert_int_equal(parley_ask_events_count(a, &f, &n, &err), PARLEY_OK);
  assert_int_equal(n, 13);
  f.q.contested = 1;
  assert_int_equal(parley_ask_events_count(a, &f, &n, &err), PARLEY_OK);
  assert_int_equal(n, 1);
  f.q.contested = 0;
  f.q.event_code = "041";
  assert_int_equal(parley_ask_events_count(a, &f, &n, &err), PARLEY_OK);
  assert_int_equal(n, 5);
  parley_actor_ref x = ref("USA"), y = ref("RUS");
  f.dyad[0] = &x;
  f.dyad[1] = &y;
  f.directed = 1;
  f.q.event_code = NULL;
  assert_int_equal(parley_ask_events_count(a, &f, &n, &err), PARLEY_OK);
  assert_int_equal(n, 5); /* USA→RUS rows: 1, 2, 4, 101, 102 */
  int rows = 0;
  assert_int_equal(parley_ask_events(a, &f, count_rows, &rows, &err), PARLEY_OK);
  assert_int_equal(rows, 5);
  f.limit = 2;
  rows = 0;
  assert_int_equal(parley_ask_events(a, &f, count_rows, &rows, &err), PARLEY_OK);
  assert_int_equal(rows, 2);
  char *line = NULL;
  assert_int_equal(parley_ask_events(a, &f, grab_gdelt, &line, &err), PARLEY_OK);
  assert_non_null(line);
  int tabs = 0;
  for (char *p = line; *p; p++)
    tabs += *p == '\t';
  assert_int_equal(tabs, 60);
  const char *head = "900000001\t20230601\t202306\t2023\t2023.4137\tUSA\tUNITED STATES\tUSA\t";
  assert_true(!strncmp(line, head, strlen(head)));
  assert_non_null(strstr(line, "\tRS\t")); /* ActionGeo_CountryCode kept from extra_json */
  free(line);
  parley_ask_close(a);
}

static void test_summary_counts_everything(void **s) {
  (void)s;
  parley_ask *a = open_ask();
  parley_query q = parley_query_default();
  parley_summary *sm = NULL;
  parley_error err;
  parley_error_clear(&err);
  assert_int_equal(parley_ask_summary(a, &q, 3, &sm, &err), PARLEY_OK);
  assert_int_equal(sm->documents, 2);
  assert_int_equal(sm->events, 13);
  assert_int_equal(sm->groups, 7);
  assert_int_equal(sm->claims, 4);
  assert_int_equal(sm->contested, 1);
  assert_int_equal(sm->day_first, 20230601);
  assert_int_equal(sm->day_last, 20251230);
  assert_int_equal(sm->n_dyads, 3);
  assert_string_equal(sm->dyads[0].source, "RUS");
  assert_string_equal(sm->dyads[0].target, "USA");
  assert_int_equal(sm->dyads[0].events, 9);
  char *js = parley_summary_to_json(sm);
  json_t *o = json_loads(js, 0, NULL);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "origins"), "gdelt2")), 5);
  json_decref(o);
  free(js);
  parley_summary_free(sm);
  parley_ask_close(a);
}

static void test_open_missing_database_is_an_io_error(void **s) {
  (void)s;
  parley_ask *a = NULL;
  parley_error err;
  parley_error_clear(&err);
  assert_int_equal(parley_ask_open("/nonexistent/parley.db", &a, &err), PARLEY_EIO);
  assert_null(a);
  assert_string_equal(err.file, "/nonexistent/parley.db");
}

/* A database of a newer parley (schema version above PARLEY_STORE_SCHEMA_VERSION)
 * is refused with a message naming it and both versions; one with the
 * current version opens. */
static void test_open_refuses_a_newer_schema_version(void **state) {
  (void)state;
  char path[256];
  snprintf(path, sizeof path, "/tmp/parley-test-ask-newer-XXXXXX");
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  char *schema = slurp("src/store/schema.sql");
  assert_non_null(schema);
  sqlite3 *db = NULL;
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, schema, NULL, NULL, NULL), SQLITE_OK);
  char sql[64];
  snprintf(sql, sizeof sql, "PRAGMA user_version = %d", PARLEY_STORE_SCHEMA_VERSION + 1);
  assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  parley_ask *a = NULL;
  parley_error err;
  parley_error_clear(&err);
  assert_int_equal(parley_ask_open(path, &a, &err), PARLEY_ESTORE);
  assert_null(a);
  assert_string_equal(err.file, path);
  char want[160];
  snprintf(want, sizeof want, "database schema version %d is newer than this parley's (%d)",
           PARLEY_STORE_SCHEMA_VERSION + 1, PARLEY_STORE_SCHEMA_VERSION);
  assert_non_null(strstr(err.message, want));
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, USER_VERSION_SQL, NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(parley_ask_open(path, &a, &err), PARLEY_OK);
  parley_ask_close(a);
  free(schema);
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_day_parse_accepts_full_partial_dates),
      cmocka_unit_test(test_period_labels_use_iso_weeks),
      cmocka_unit_test(test_actor_codes_match_country_or_code_columns),
      cmocka_unit_test(test_actor_names_resolve_and_unknown_names_get_suggestions),
      cmocka_unit_test(test_dyad_by_month_counts_groups_once),
      cmocka_unit_test(test_dyad_rollup_and_events_index_agree),
      cmocka_unit_test(test_rollup_backfills_rows_stored_before_it),
      cmocka_unit_test(test_compare_gives_asymmetry_of_partners),
      cmocka_unit_test(test_peak_ranks_each_period_against_earlier_ones),
      cmocka_unit_test(test_gap_stats_and_burstiness),
      cmocka_unit_test(test_change_point_found_where_gaps_shift),
      cmocka_unit_test(test_rhythm_lists_contact_days_and_gaps),
      cmocka_unit_test(test_claims_list_contested_event_with_stances_evidence_sources),
      cmocka_unit_test(test_partners_rank_by_contacts_and_tone),
      cmocka_unit_test(test_events_filters_and_counts),
      cmocka_unit_test(test_summary_counts_everything),
      cmocka_unit_test(test_open_missing_database_is_an_io_error),
      cmocka_unit_test(test_open_refuses_a_newer_schema_version),
      /* last: it changes the database */
      cmocka_unit_test(test_rollup_follows_inserts_updates_and_deletes),
  };
  return cmocka_run_group_tests(tests, make_db, drop_db);
}
