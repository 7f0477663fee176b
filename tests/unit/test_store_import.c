/* test_store_import.c — stage 3 (store): GDELT, ICEWS and ACLED importers and their helpers.
 * Uses the small files of tests/data/store/ (GDELT rows are real, from the
 * GDELT Project; the ICEWS- and ACLED-shaped files are synthetic). */
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include <cmocka.h>

#include "parley/parley.h"
#include "store/store_internal.h"

#define DATA PARLEY_SRC "/tests/data/store/"

static char tmpdir[256];

static const char *tmp_path(const char *name) {
  static char buf[4][512];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
  return buf[k];
}

static parley_store *open_rw(const char *name) {
  const char *p = tmp_path(name);
  char b[600];
  unlink(p);
  snprintf(b, sizeof b, "%s-wal", p);
  unlink(b);
  snprintf(b, sizeof b, "%s-shm", p);
  unlink(b);
  parley_store *s = NULL;
  parley_error err;
  if (parley_store_open(p, PARLEY_STORE_READWRITE, &s, &err)) fail_msg("open: %s", err.message);
  return s;
}

static long long q1(parley_store *s, const char *sql) {
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(parley_store_sqlite(s), sql, -1, &st, NULL), SQLITE_OK);
  long long v = -1;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

/* Collected row errors: "LINE: message" each. */
typedef struct errors {
  char text[8192];
  long lines[64];
  int n;
} errors;

static void on_error(void *ctx, const parley_error *e) {
  errors *x = ctx;
  if (x->n < 64) x->lines[x->n] = e->line;
  x->n++;
  size_t l = strlen(x->text);
  snprintf(x->text + l, sizeof x->text - l, "%ld: %s\n", e->line, e->message);
}

static parley_import_options opts(errors *x) {
  parley_import_options o = parley_import_default_options();
  memset(x, 0, sizeof *x);
  o.on_row_error = on_error;
  o.on_row_error_ctx = x;
  return o;
}

/* --- helpers ------------------------------------------------------------- */

static void dates_parse_in_every_layout(void **state) {
  (void)state;
  long long v = 0;
  assert_true(parse_date_any("2024-03-15", &v) && v == 20240315);
  assert_true(parse_date_any("15/03/2024", &v) && v == 20240315);
  assert_true(parse_date_any("15 March 2024", &v) && v == 20240315);
  assert_true(parse_date_any("5-Mar-2024", &v) && v == 20240305);
  assert_true(parse_date_any("20240229", &v) && v == 20240229);
  assert_false(parse_date_any("20230229", &v));
  assert_false(parse_date_any("31/13/2015", &v));
  assert_false(parse_date_any("2024-02-30", &v));
  assert_false(parse_date_any("March 2024", &v));
  assert_int_equal(days_to_ymd(ymd_to_days(20240301) - 1), 20240229);
  assert_int_equal(days_to_ymd(ymd_to_days(20191231) + 1), 20200101);
  assert_int_equal(ymd_to_days(19700101), 0);
}

static void numbers_allow_blanks_but_not_text(void **state) {
  (void)state;
  double d;
  long long l;
  assert_true(parse_double(" 27.5", &d) && d == 27.5);
  assert_true(parse_double("\xc2\xa0"
                           "27.5",
                           &d) &&
              d == 27.5);
  assert_true(parse_double("-7.0", &d) && d == -7.0);
  assert_false(parse_double("abc", &d));
  assert_false(parse_double("1.5x", &d));
  assert_false(parse_double("", &d));
  assert_true(parse_ll("42", &l) && l == 42);
  assert_false(parse_ll("4.2", &l));
}

/* parse_double's fast path for plain decimals gives strtod's very value. */
static void decimals_parse_as_strtod_does(void **state) {
  (void)state;
  char fixed[] = "0 -0 -0.0 5. .5 +1.25 38.8951 -77.0364 0.1 0.3 1234567890.12345 123456789012345 1234567890123456 "
                 "9007199254740993 1e5 . 1.2.3 0.000000000000000000001 00000000000000001.5";
  char buf[64], *next = strtok(fixed, " ");
  unsigned long long x = 88172645463325252ULL;
  for (int i = 0; i < 200000; i++) {
    const char *t = next;
    if (next)
      next = strtok(NULL, " ");
    else {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      int fd = (int)(x % 13);
      unsigned long long ip = (x >> 8) % 10000000, fr = (x >> 20) % 100000000000ULL;
      if (fd < 12)
        snprintf(buf, sizeof buf, "%s%llu.%0*llu", x & 1 ? "-" : "", ip, fd + 1, fr);
      else
        snprintf(buf, sizeof buf, "%llu", ip);
      t = buf;
    }
    char *end;
    double want = strtod(t, &end), got = 0;
    int ok = end != t && !*end;
    assert_int_equal(parse_double(t, &got), ok);
    if (ok && memcmp(&want, &got, sizeof want)) fail_msg("%s: %.17g, strtod %.17g", t, got, want);
  }
}

static void csv_and_tabs_split_in_place(void **state) {
  (void)state;
  char a[] = "x,\"a, \"\"quoted\"\" b\",,\"multi\nline\",";
  char *f[8];
  size_t fl[8];
  assert_int_equal(split_csv(a, strlen(a), f, fl, 8), 5);
  assert_string_equal(f[0], "x");
  assert_string_equal(f[1], "a, \"quoted\" b");
  assert_string_equal(f[2], "");
  assert_string_equal(f[3], "multi\nline");
  assert_string_equal(f[4], "");
  char bad[] = "x,\"open";
  assert_int_equal(split_csv(bad, strlen(bad), f, fl, 8), (size_t)-1);
  char t[] = "a\t\tb";
  assert_int_equal(split_tabs(t, strlen(t), f, fl, 8), 3);
  assert_string_equal(f[2], "b");
  assert_int_equal(fl[1], 0);
}

static void text_encodings_are_checked_and_decoded(void **state) {
  (void)state;
  assert_int_equal(utf8_bad_offset("abc", 3), -1);
  assert_int_equal(utf8_bad_offset("特朗普", strlen("特朗普")), -1);
  assert_int_equal(utf8_bad_offset("ab\xff", 3), 2);
  assert_int_equal(utf8_bad_offset("a\xe7\x89", 3), 1);    /* truncated */
  assert_int_equal(utf8_bad_offset("\xc0\xaf", 2), 0);     /* overlong */
  assert_int_equal(utf8_bad_offset("\xed\xa0\x80", 3), 0); /* surrogate */
  sbuf b = {0};
  assert_int_equal(cp1252_to_utf8(&b, "Workers\x92 caf\xe9 \x80", 15, NULL), 0);
  assert_string_equal(b.s, "Workers\xe2\x80\x99 caf\xc3\xa9 \xe2\x82\xac");
  b.len = 0;
  size_t bad = 0;
  assert_int_equal(cp1252_to_utf8(&b, "a\x81", 2, &bad), -1);
  assert_int_equal(bad, 1);
  sbuf_free(&b);
}

static void countries_map_names_and_fips_codes(void **state) {
  (void)state;
  assert_string_equal(parley_country_iso3("Russian Federation"), "RUS");
  assert_string_equal(parley_country_iso3("russia"), "RUS");
  assert_string_equal(parley_country_iso3("Occupied Palestinian Territory"), "PSE");
  assert_string_equal(parley_country_iso3("Democratic Republic of Congo"), "COD");
  assert_string_equal(parley_country_iso3("Republic of Congo"), "COG");
  assert_string_equal(parley_country_iso3("Ivory Coast"), "CIV");
  assert_string_equal(parley_country_iso3("the former Yugoslav Republic of Macedonia"), "MKD");
  assert_null(parley_country_iso3("Atlantis"));
  assert_string_equal(parley_country_from_fips("RS"), "RUS");
  assert_string_equal(parley_country_from_fips("CH"), "CHN");
  assert_string_equal(parley_country_from_fips("UK"), "GBR");
  assert_string_equal(parley_country_from_fips("GM"), "DEU");
  assert_string_equal(parley_country_from_fips("SF"), "ZAF");
  assert_string_equal(parley_country_from_fips("IZ"), "IRQ");
  assert_null(parley_country_from_fips("QQ"));
  assert_string_equal(icews_sector_type("Military,Government"), "MIL");
  assert_string_equal(icews_sector_type("Executive,Foreign Ministry,Government"), "GOV");
  assert_string_equal(icews_sector_type("Police"), "COP");
  assert_null(icews_sector_type("Hindu"));
}

/* --- GDELT --------------------------------------------------------------- */

static void gdelt_samples_import_with_typed_columns(void **state) {
  (void)state;
  parley_store *s = open_rw("gdelt.db");
  errors x;
  parley_import_options o = opts(&x);
  parley_store_stats st;
  parley_error err;
  assert_int_equal(parley_store_import_gdelt(s, DATA "gdelt2_20191024143000.sample.CSV", &o, &st, &err), PARLEY_OK);
  assert_string_equal(st.kind, "gdelt2");
  assert_int_equal(st.rows_read, 300);
  assert_int_equal(st.rows_stored, 300);
  assert_int_equal(st.rows_skipped, 0);
  assert_int_equal(parley_store_import_gdelt(s, DATA "gdelt1_20160728.sample.tsv", &o, &st, &err), PARLEY_OK);
  assert_string_equal(st.kind, "gdelt1");
  assert_int_equal(st.rows_stored, 150);
  assert_int_equal(x.n, 0);
  /* row 2 of the 2.0 sample: 881990833, no actor 1, actor 2 IGOEUREEC "THE EU" EUR, 040, Minsk (BO) */
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE origin = 'gdelt2' AND event_key = '881990833' AND "
                         "day = 20181024 AND target_code = 'IGOEUREEC' AND target_name = 'THE EU' AND "
                         "target_country = 'EUR' AND target_type = 'IGO' AND source_code IS NULL AND "
                         "event_code = '040' AND base_code = '040' AND root_code = '04' AND quad_class = 1 AND "
                         "goldstein = 1.0 AND num_mentions = 10 AND num_sources = 1 AND num_articles = 10 AND "
                         "abs(avg_tone - 0.63492063492064) < 1e-9 AND location = 'Minsk, Belarus (general), Belarus' "
                         "AND location_country = 'BLR' AND lat = 53.9 AND lon = 27.5667 AND "
                         "source_url LIKE 'https://belsat.eu/%' AND "
                         "json_extract(extra_json, '$.Actor2KnownGroupCode') = 'EEC' AND "
                         "location_fips = 'BO' AND location_type = 4 AND location_adm1 = 'BO00' AND "
                         "location_adm2 = '5840' AND location_feature = '-1946324' AND is_root = 0 AND "
                         "date_added = 20191024143000 AND source_geo_type = 0 AND source_geo_name IS NULL AND "
                         "source_geo_lat IS NULL AND target_geo_type = 4 AND "
                         "target_geo_name = 'Minsk, Belarus (general), Belarus' AND target_geo_country = 'BLR' AND "
                         "target_geo_fips = 'BO' AND target_geo_adm1 = 'BO00' AND target_geo_adm2 = '5840' AND "
                         "target_geo_lat = 53.9 AND target_geo_lon = 27.5667 AND target_geo_feature = '-1946324' AND "
                         "extra_json = '{\"Actor2KnownGroupCode\":\"EEC\"}'"),
                   1);
  /* GDELT 1.0 has no ADM2 codes */
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE origin = 'gdelt1' AND (location_adm2 IS NOT NULL OR "
                         "source_geo_adm2 IS NOT NULL OR target_geo_adm2 IS NOT NULL)"),
                   0);
  assert_true(q1(s, "SELECT count(*) FROM events WHERE origin = 'gdelt1' AND target_geo_adm1 IS NOT NULL") > 50);
  /* 57-column rows (before 2013-04-01) have no SOURCEURL */
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE origin = 'gdelt1' AND source_url IS NULL"), 50);
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE extra_json IS NOT NULL AND json_valid(extra_json) = 0"), 0);
  assert_int_equal(q1(s, "SELECT count(*) FROM events_dedup"), 450);
  assert_true(q1(s, "SELECT count(*) FROM actors") > 50);
  parley_store_close(s);
}

/* The parser runs on its own thread and hands records over in blocks: a file
 * of many blocks keeps its order (ids follow the file), every malformed row
 * is reported once with its line, in order; a record larger than a block (a
 * 300,000-byte SOURCEURL) is stored whole; progress is monotonic and ends at
 * the file's size. */
typedef struct seen_progress {
  long long last_bytes, calls, backwards;
} seen_progress;

static void on_progress(void *ctx, const parley_import_progress *p) {
  seen_progress *x = ctx;
  if (p->bytes_done < x->last_bytes) x->backwards++;
  x->last_bytes = p->bytes_done;
  x->calls++;
}

static void the_parser_thread_keeps_order_and_every_row(void **state) {
  (void)state;
  /* 40,000 rows from the first row of the GDELT 2.0 sample, new ids; every
   * 997th has a bad date; row 20,000 a huge URL */
  FILE *in = fopen(DATA "gdelt2_20191024143000.sample.CSV", "rb");
  assert_non_null(in);
  char row[8192];
  assert_non_null(fgets(row, sizeof row, in));
  fclose(in);
  char *tab = strchr(row, '\t');
  assert_non_null(tab);
  char *last_tab = strrchr(row, '\t');
  const char *path = tmp_path("many.CSV");
  FILE *out = fopen(path, "wb");
  assert_non_null(out);
  char *big = malloc(300001);
  memset(big, 'x', 300000);
  big[300000] = '\0';
  memcpy(big, "https://example.org/", 20);
  long expected_bad = 0;
  for (long i = 1; i <= 40000; i++) {
    if (i % 997 == 0) {
      /* SQLDATE (column 2) not a date */
      char *date_end = strchr(tab + 1, '\t');
      fprintf(out, "%ld\t2019x024%.*s", 1000000 + i, (int)(last_tab - date_end), date_end);
      expected_bad++;
    } else if (i == 20000) {
      fprintf(out, "%ld%.*s\t%s", 1000000 + i, (int)(last_tab - tab), tab, big);
    } else {
      fprintf(out, "%ld%.*s", 1000000 + i, (int)(last_tab - tab), tab);
      fputs(last_tab, out);
      continue;
    }
    fputc('\n', out);
  }
  long size = ftell(out);
  fclose(out);
  parley_store *s = open_rw("many.db");
  errors x;
  parley_import_options o = opts(&x);
  seen_progress pr = {0};
  o.progress = on_progress;
  o.progress_ctx = &pr;
  o.progress_interval = 0;
  parley_store_stats st;
  parley_error err;
  assert_int_equal(parley_store_import_gdelt(s, path, &o, &st, &err), PARLEY_OK);
  assert_int_equal(st.rows_read, 40000);
  assert_int_equal(st.rows_skipped, expected_bad);
  assert_int_equal(st.rows_stored, 40000 - expected_bad);
  assert_int_equal(x.n, expected_bad);
  for (int k = 0; k < x.n && k < 64; k++)
    assert_int_equal(x.lines[k], 997L * (k + 1));
  /* ids in file order */
  assert_int_equal(q1(s, "SELECT count(*) FROM (SELECT id, CAST(event_key AS INTEGER) AS k, "
                         "lag(CAST(event_key AS INTEGER)) OVER (ORDER BY id) AS prev FROM events) WHERE k <= prev"),
                   0);
  assert_int_equal(q1(s, "SELECT length(source_url) FROM events WHERE event_key = '1020000'"), 300000);
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE event_key = '1019999' AND source_url LIKE 'http%'"), 1);
  assert_int_equal(pr.backwards, 0);
  assert_true(pr.calls > 1);
  assert_int_equal(pr.last_bytes, size);
  free(big);
  parley_store_close(s);
}

static void gdelt_malformed_rows_are_reported_by_line(void **state) {
  (void)state;
  parley_store *s = open_rw("bad.db");
  errors x;
  parley_import_options o = opts(&x);
  parley_store_stats st;
  parley_error err;
  assert_int_equal(parley_store_import_gdelt(s, DATA "gdelt2_malformed.CSV", &o, &st, &err), PARLEY_OK);
  assert_int_equal(st.rows_read, 8);
  assert_int_equal(st.rows_stored, 3);
  assert_int_equal(st.rows_skipped, 5);
  assert_int_equal(x.n, 5);
  long want[] = {2, 3, 4, 5, 7};
  for (int i = 0; i < 5; i++)
    assert_int_equal(x.lines[i], want[i]);
  assert_non_null(strstr(x.text, "2: expected 57, 58 (GDELT 1.0) or 61 (GDELT 2.0) tab-separated columns, found 40"));
  assert_non_null(strstr(x.text, "3: bad date '20191345'"));
  assert_non_null(strstr(x.text, "4: non-numeric GoldsteinScale 'abc'"));
  assert_non_null(strstr(x.text, "5: invalid UTF-8"));
  assert_non_null(strstr(x.text, "7: bad CAMEO event code 'X42'"));
  assert_int_equal(q1(s, "SELECT rows_read * 10000 + rows_stored * 100 + rows_skipped FROM imports"), 80305);
  parley_store_close(s);
}

static void strict_import_stops_and_keeps_nothing(void **state) {
  (void)state;
  parley_store *s = open_rw("strict.db");
  errors x;
  parley_import_options o = opts(&x);
  o.strict = 1;
  parley_store_stats st;
  parley_error err;
  int rc = parley_store_import_gdelt(s, DATA "gdelt2_malformed.CSV", &o, &st, &err);
  assert_int_equal(rc, PARLEY_EFORMAT);
  assert_int_equal(err.line, 2);
  assert_int_equal(x.n, 1);
  assert_int_equal(st.rows_stored, 0);
  assert_int_equal(q1(s, "SELECT count(*) FROM events"), 0);
  assert_int_equal(q1(s, "SELECT count(*) FROM imports"), 0);
  parley_store_close(s);
}

static void reimport_is_a_noop_and_force_stores_nothing_new(void **state) {
  (void)state;
  parley_store *s = open_rw("again.db");
  errors x;
  parley_import_options o = opts(&x);
  parley_store_stats st;
  parley_error err;
  o.batch_rows = 7; /* many small transactions */
  assert_int_equal(parley_store_import_gdelt(s, DATA "gdelt2_20191024143000.sample.CSV", &o, &st, &err), PARLEY_OK);
  int changes = sqlite3_total_changes(parley_store_sqlite(s));
  assert_int_equal(parley_store_import_gdelt(s, DATA "gdelt2_20191024143000.sample.CSV", &o, &st, &err), PARLEY_OK);
  assert_int_equal(st.already_imported, 1);
  assert_int_equal(st.rows_read, 0);
  assert_int_equal(sqlite3_total_changes(parley_store_sqlite(s)), changes);
  o.force = 1;
  assert_int_equal(parley_store_import_gdelt(s, DATA "gdelt2_20191024143000.sample.CSV", &o, &st, &err), PARLEY_OK);
  assert_int_equal(st.rows_read, 300);
  assert_int_equal(st.rows_stored, 0);
  assert_int_equal(st.rows_duplicate, 300);
  assert_int_equal(q1(s, "SELECT count(*) FROM events"), 300);
  parley_store_close(s);
}

static void zip_files_import_like_plain_ones(void **state) {
  (void)state;
  const char *zpath = tmp_path("sample.export.CSV.zip");
  unlink(zpath);
  FILE *in = fopen(DATA "gdelt2_20191024143000.sample.CSV", "rb");
  assert_non_null(in);
  zipFile z = zipOpen64(zpath, APPEND_STATUS_CREATE);
  assert_non_null(z);
  assert_int_equal(zipOpenNewFileInZip64(z, "20191024143000.export.CSV", NULL, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
                                         Z_DEFAULT_COMPRESSION, 0),
                   ZIP_OK);
  char buf[8192];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0)
    zipWriteInFileInZip(z, buf, (unsigned)n);
  fclose(in);
  zipCloseFileInZip(z);
  zipClose(z, NULL);
  parley_store *s = open_rw("zip.db");
  errors x;
  parley_import_options o = opts(&x);
  parley_store_stats st;
  parley_error err;
  assert_int_equal(parley_store_import_gdelt(s, zpath, &o, &st, &err), PARLEY_OK);
  assert_int_equal(st.rows_stored, 300);
  assert_string_equal(st.kind, "gdelt2");
  assert_int_equal(q1(s, "SELECT count(DISTINCT event_key) FROM events WHERE origin = 'gdelt2'"), 300);
  parley_store_close(s);
}

static void gdelt2_mentions_are_stored(void **state) {
  (void)state;
  parley_store *s = open_rw("mentions.db");
  errors x;
  parley_import_options o = opts(&x);
  parley_store_stats st;
  parley_error err;
  assert_int_equal(parley_store_import_gdelt(s, DATA "gdelt2_20191024143000.sample.CSV", &o, &st, &err), PARLEY_OK);
  assert_int_equal(parley_store_import_gdelt(s, DATA "gdelt2_synthetic.mentions.CSV", &o, &st, &err), PARLEY_OK);
  assert_string_equal(st.kind, "gdelt2-mentions");
  assert_int_equal(st.rows_stored, 6);
  assert_int_equal(st.rows_skipped, 2);
  assert_int_equal(x.lines[0], 7);
  assert_int_equal(x.lines[1], 8);
  assert_int_equal(q1(s, "SELECT count(*) FROM gdelt_mentions m JOIN events e ON e.origin = 'gdelt2' AND "
                         "e.event_key = m.event_key"),
                   6);
  assert_int_equal(q1(s, "SELECT count(*) FROM gdelt_mentions WHERE translation_info = 'srclc:fra;eng:GT-FRA 1.0'"), 1);
  parley_store_close(s);
}

/* --- ICEWS --------------------------------------------------------------- */

static void icews_names_become_actor_codes(void **state) {
  (void)state;
  parley_store *s = open_rw("icews.db");
  errors x;
  parley_import_options o = opts(&x);
  parley_store_stats st;
  parley_error err;
  assert_int_equal(parley_store_import_icews(s, DATA "icews_synthetic.tab", &o, &st, &err), PARLEY_OK);
  assert_int_equal(st.rows_read, 7);
  assert_int_equal(st.rows_stored, 4);
  assert_int_equal(st.rows_skipped, 3);
  assert_int_equal(x.lines[0], 5);
  assert_int_equal(x.lines[1], 6);
  assert_int_equal(x.lines[2], 7);
  assert_non_null(strstr(x.text, "bad date '2018-06-31'"));
  assert_non_null(strstr(x.text, "non-numeric Intensity 'high'"));
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE event_key = '9000001' AND source_code = 'INDCOP' AND "
                         "source_name = 'Police (India)' AND source_type = 'COP' AND target_code = 'INDCVL' AND "
                         "event_code = '173' AND root_code = '17' AND quad_class = 4 AND goldstein = -5 AND "
                         "location = 'Mumbai' AND location_country = 'IND' AND "
                         "json_extract(extra_json, '$.story_id') = 100"),
                   1);
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE event_key = '9000002' AND source_code = 'RUS' AND "
                         "source_country = 'RUS' AND target_code = 'IGOEUREEC' AND target_country = 'EUR' AND "
                         "json_extract(extra_json, '$.source_country') = 'Russian Federation'"),
                   1);
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE event_key = '9000003' AND source_code = 'VNMMIL' AND "
                         "target_code = 'BGDGOV'"),
                   1);
  /* "NA" is missing, not a name */
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE event_key = '9000007' AND source_code IS NULL AND "
                         "target_name IS NULL AND location IS NULL"),
                   1);
  parley_store_close(s);
}

/* --- ACLED --------------------------------------------------------------- */

static void acled_current_layout_maps_types_to_cameo(void **state) {
  (void)state;
  parley_store *s = open_rw("acled.db");
  errors x;
  parley_import_options o = opts(&x);
  parley_store_stats st;
  parley_error err;
  assert_int_equal(parley_store_import_acled(s, DATA "acled_synthetic.csv", &o, &st, &err), PARLEY_OK);
  assert_string_equal(st.kind, "acled");
  assert_int_equal(st.rows_read, 7);
  assert_int_equal(st.rows_stored, 4);
  assert_int_equal(st.rows_skipped, 3);
  /* record 2 spans lines 3-4, so the bad ones are on lines 6, 7 and 8 */
  assert_int_equal(x.lines[0], 6);
  assert_int_equal(x.lines[1], 7);
  assert_int_equal(x.lines[2], 8);
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE event_key = 'XYZ1' AND event_code = '190' AND "
                         "source_code = 'NGAMIL' AND target_code = 'NGAREB' AND fatalities = 3 AND day = 20240315 "
                         "AND goldstein = -10 AND quad_class = 4 AND location_country = 'NGA'"),
                   1);
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE event_key = 'XYZ2' AND event_code = '141' AND "
                         "source_code = 'KENOPP' AND day = 20240315 AND "
                         "json_extract(extra_json, '$.notes') = 'Teachers marched.' || char(10) || "
                         "'A second line of notes.'"),
                   1);
  /* twelve civilians killed: mass killing; week precision is coarser than a day */
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE event_key = 'XYZ3' AND event_code = '202' AND "
                         "date_precision = 2 AND target_code = 'SDNCVL'"),
                   1);
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE event_key = 'XYZ7' AND event_code = '173' AND "
                         "source_code = 'KENCOP' AND json_extract(extra_json, '$.sub_event_type') = 'Arrests'"),
                   1);
  parley_store_close(s);
}

static void acled_v6_layout_is_decoded_from_cp1252(void **state) {
  (void)state;
  parley_store *s = open_rw("acled6.db");
  errors x;
  parley_import_options o = opts(&x);
  parley_store_stats st;
  parley_error err;
  assert_int_equal(parley_store_import_acled(s, DATA "acled_v6_synthetic.csv", &o, &st, &err), PARLEY_OK);
  assert_string_equal(st.kind, "acled-v6");
  assert_int_equal(st.rows_stored, 2);
  assert_int_equal(st.rows_skipped, 1);
  assert_int_equal(x.lines[0], 4);
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE event_key = '1ABC' AND day = 20151229 AND "
                         "event_code = '141' AND source_code = 'DZAOPP' AND "
                         "json_extract(extra_json, '$.notes') = 'Workers' || char(8217) || ' sit-in in Batna.'"),
                   1);
  /* rioters: 145; the police named as actor 2 get their own code */
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE event_key = '2ABC' AND event_code = '145' AND "
                         "target_code = 'DZACOP'"),
                   1);
  /* forcing UTF-8 makes the cp1252 byte an error */
  o = opts(&x);
  o.encoding = "utf-8";
  o.force = 1;
  assert_int_equal(parley_store_import_acled(s, DATA "acled_v6_synthetic.csv", &o, &st, &err), PARLEY_OK);
  assert_int_equal(st.rows_skipped, 2);
  assert_non_null(strstr(x.text, "2: invalid UTF-8"));
  parley_store_close(s);
}

static void a_file_of_another_kind_is_refused(void **state) {
  (void)state;
  parley_store *s = open_rw("kind.db");
  errors x;
  parley_import_options o = opts(&x);
  parley_store_stats st;
  parley_error err;
  assert_int_equal(parley_store_import_icews(s, DATA "acled_synthetic.csv", &o, &st, &err), PARLEY_EFORMAT);
  assert_non_null(strstr(err.message, "not an ICEWS event file"));
  assert_int_equal(parley_store_import_acled(s, DATA "icews_synthetic.tab", &o, &st, &err), PARLEY_EFORMAT);
  assert_non_null(strstr(err.message, "not an ACLED export"));
  assert_int_equal(parley_store_import_gdelt(s, DATA "does-not-exist.CSV", &o, &st, &err), PARLEY_EIO);
  parley_store_close(s);
}

int main(void) {
  snprintf(tmpdir, sizeof tmpdir, "/tmp/parley-test-import-%d", (int)getpid());
  char cmd[300];
  snprintf(cmd, sizeof cmd, "mkdir -p %s", tmpdir);
  if (system(cmd) != 0) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(dates_parse_in_every_layout),
      cmocka_unit_test(numbers_allow_blanks_but_not_text),
      cmocka_unit_test(decimals_parse_as_strtod_does),
      cmocka_unit_test(csv_and_tabs_split_in_place),
      cmocka_unit_test(text_encodings_are_checked_and_decoded),
      cmocka_unit_test(countries_map_names_and_fips_codes),
      cmocka_unit_test(gdelt_samples_import_with_typed_columns),
      cmocka_unit_test(the_parser_thread_keeps_order_and_every_row),
      cmocka_unit_test(gdelt_malformed_rows_are_reported_by_line),
      cmocka_unit_test(strict_import_stops_and_keeps_nothing),
      cmocka_unit_test(reimport_is_a_noop_and_force_stores_nothing_new),
      cmocka_unit_test(zip_files_import_like_plain_ones),
      cmocka_unit_test(gdelt2_mentions_are_stored),
      cmocka_unit_test(icews_names_become_actor_codes),
      cmocka_unit_test(acled_current_layout_maps_types_to_cameo),
      cmocka_unit_test(acled_v6_layout_is_decoded_from_cp1252),
      cmocka_unit_test(a_file_of_another_kind_is_refused),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
  if (system(cmd) != 0) return 1;
  return rc;
}
