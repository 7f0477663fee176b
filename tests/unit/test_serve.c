/* test_serve.c — unit tests of stage 5, present (parley/report.h, parley/serve.h):
 * the text buffer and escaping, the SVG chart writer (marks, labels, empty
 * charts, hostile text), the report of a dyad on the ask stage's fixture
 * database (tests/data/ask/fixture.sql, built into a temporary file through
 * the store so that it opens read-only like a real one), and the web API
 * without HTTP: statuses, JSON errors, limits, and answers equal to the ask
 * library's JSON. */
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
#include "serve/serve_internal.h"

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

static int make_db(void **state) {
  (void)state;
  snprintf(db_path, sizeof db_path, "/tmp/parley-test-serve-XXXXXX");
  int fd = mkstemp(db_path);
  if (fd < 0) return -1;
  close(fd);
  unlink(db_path);
  parley_store *s = NULL;
  parley_error err;
  parley_error_clear(&err);
  if (parley_store_open(db_path, PARLEY_STORE_READWRITE, &s, &err)) return -1;
  char *fixture = slurp("tests/data/ask/fixture.sql");
  if (!fixture) return -1;
  char *msg = NULL;
  int rc = sqlite3_exec(parley_store_sqlite(s), fixture, NULL, NULL, &msg);
  if (rc != SQLITE_OK) fprintf(stderr, "fixture: %s\n", msg);
  sqlite3_free(msg);
  free(fixture);
  parley_store_close(s);
  return rc == SQLITE_OK ? 0 : -1;
}

static int drop_db(void **state) {
  (void)state;
  char p[300];
  unlink(db_path);
  snprintf(p, sizeof p, "%s-wal", db_path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", db_path);
  unlink(p);
  return 0;
}

static size_t count(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
    n++;
  return n;
}

/* ------------------------------------------------------------------ buffer */

static void test_escape_and_cut(void **state) {
  (void)state;
  pbuf b;
  pbuf_init(&b);
  pbuf_esc(&b, "<a href=\"x\">&'</a>\x01");
  assert_string_equal(b.s, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt; ");
  pbuf_free(&b);
  pbuf_esc_cut(&b, "普京与特朗普通电话", 3);
  assert_string_equal(b.s, "普京与…");
  pbuf_free(&b);
  pbuf_esc_cut(&b, "abc", 3);
  assert_string_equal(b.s, "abc");
  pbuf_free(&b);
  assert_int_equal(utf8_count("a普京"), 3);
  assert_true(utf8_valid("普京 Putin", strlen("普京 Putin")));
  assert_false(utf8_valid("\xff\xfe", 2));
  assert_false(utf8_valid("\xe6\x99", 2));     /* cut sequence */
  assert_false(utf8_valid("\xed\xa0\x80", 3)); /* a surrogate */
  assert_false(utf8_valid("a\0b", 3));         /* NUL */
  assert_false(utf8_valid("\xc0\xaf", 2));     /* overlong */
  for (int i = 0; i < 2000; i++)
    pbuf_printf(&b, "%d,", i); /* grows past the first block */
  size_t len = 0;
  char *s = pbuf_take(&b, &len);
  assert_non_null(s);
  assert_int_equal(len, strlen(s));
  assert_true(len > 8000);
  free(s);
}

/* ------------------------------------------------------------------- svg */

static void test_days_and_steps(void **state) {
  (void)state;
  assert_int_equal(svg_day_serial(19700101), 0);
  assert_int_equal(svg_day_serial(20250215) - svg_day_serial(20250212), 3);
  assert_int_equal(svg_day_serial(20250301) - svg_day_serial(20250228), 1);
  assert_int_equal(svg_day_serial(20240301) - svg_day_serial(20240228), 2);
  int days[] = {20250212, 20241231, 20000229, 19991231, 20251229};
  for (size_t i = 0; i < 5; i++)
    assert_int_equal(svg_serial_day(svg_day_serial(days[i])), days[i]);
  assert_true(svg_nice_step(4, 4) == 1);
  assert_true(svg_nice_step(9, 4) == 5 || svg_nice_step(9, 4) == 2);
  assert_true(svg_nice_step(240, 4) == 100 || svg_nice_step(240, 4) == 50);
  assert_true(svg_nice_step(0, 4) == 1);
}

static void test_strip_marks(void **state) {
  (void)state;
  svg_mark m[5];
  const int days[5] = {20250212, 20250815, 20251228, 20251229, 20251230};
  const char *labels[5] = {"02-12 通联", "08-15 阿拉斯加州", "12-28 <b>x</b>", "12-29 通话", "12-30"};
  for (int i = 0; i < 5; i++) {
    memset(&m[i], 0, sizeof m[i]);
    m[i].day = svg_day_serial(days[i]);
    m[i].label = labels[i];
    m[i].title = "title & <evidence>";
    m[i].color = "#7cc46a";
    m[i].weight = i + 1;
    m[i].id = i;
  }
  svg_strip c = {.id = "s", .title = "接触 · Contacts", .day_from = m[0].day, .day_to = m[4].day, .marks = m, .n = 5};
  pbuf b;
  pbuf_init(&b);
  svg_write_strip(&b, &c);
  assert_false(b.oom);
  assert_int_equal(count(b.s, "tabindex=\"0\""), 5);
  assert_int_equal(count(b.s, "<circle class=\"mark\""), 5);
  assert_non_null(strstr(b.s, "阿拉斯加州"));
  assert_null(strstr(b.s, "<b>")); /* text is escaped */
  assert_non_null(strstr(b.s, "&lt;b&gt;"));
  assert_non_null(strstr(b.s, "title &amp; &lt;evidence&gt;"));
  assert_non_null(strstr(b.s, "2025-08")); /* month ticks */
  assert_int_equal(count(b.s, "<svg"), 1);
  assert_int_equal(count(b.s, "</svg>"), 1);
  pbuf_free(&b);
  /* three days in a row do not overlap: they go to different lanes */
  c.marks = m + 2;
  c.n = 3;
  c.day_from = m[0].day;
  pbuf_init(&b);
  svg_write_strip(&b, &c);
  double cy[3];
  const char *p = b.s;
  for (int i = 0; i < 3; i++) {
    p = strstr(p, "<circle class=\"mark\"");
    assert_non_null(p);
    const char *q = strstr(p, "cy=\"");
    cy[i] = atof(q + 4);
    p = q;
  }
  assert_true(cy[0] != cy[1] && cy[1] != cy[2]);
  pbuf_free(&b);
  /* no marks: a note instead */
  c.n = 0;
  pbuf_init(&b);
  svg_write_strip(&b, &c);
  assert_non_null(strstr(b.s, "no contacts"));
  pbuf_free(&b);
}

static void test_bars_lines_hbars(void **state) {
  (void)state;
  const char *labels[3] = {"2025-02", "2025-03", "2025-04"};
  const char *names[2] = {"言语合作 Verbal cooperation", "物质冲突 Material conflict"};
  const char *classes[2] = {"q1", "q4"}, *colors[2] = {"#7cc46a", "#c9303e"};
  double up[6] = {1, 0, 0, 0, 2, 3}, down[6] = {1, 0, 0, 0, 0, 1};
  svg_stack_bars sb = {.id = "t",
                       .title = "时间线",
                       .n = 3,
                       .labels = labels,
                       .n_stack = 2,
                       .stack_names = names,
                       .stack_classes = classes,
                       .stack_colors = colors,
                       .up = up,
                       .down = down,
                       .up_label = "USA → RUS",
                       .down_label = "RUS → USA",
                       .y_label = "events"};
  pbuf b;
  pbuf_init(&b);
  svg_write_stack_bars(&b, &sb);
  assert_int_equal(count(b.s, "<rect class=\"bar "), 5); /* one per non-zero segment */
  assert_int_equal(count(b.s, "class=\"legend"), 2);
  assert_non_null(strstr(b.s, "2025-04 · USA → RUS · 物质冲突 Material conflict: 3"));
  pbuf_free(&b);

  double v[3] = {1.0, NAN, -7.2};
  svg_line_series s = {"both", "#000", "both", v, 0, 1};
  svg_lines ln = {.id = "g",
                  .title = "Goldstein",
                  .n = 3,
                  .labels = labels,
                  .series = &s,
                  .n_series = 1,
                  .y_min = -10,
                  .y_max = 10};
  pbuf_init(&b);
  svg_write_lines(&b, &ln);
  assert_int_equal(count(b.s, "class=\"point\""), 2);
  assert_non_null(strstr(b.s, "-7.20"));
  assert_non_null(strstr(b.s, "class=\"bridge\""));
  pbuf_free(&b);

  svg_hbar_row rows[2] = {{"RUS 俄国 Russia", 4, 4, "8 total"}, {"UKR", 2, 0, NULL}};
  svg_hbars hb = {.id = "c",
                  .title = "partners",
                  .rows = rows,
                  .n = 2,
                  .left_name = "P → USA",
                  .right_name = "USA → P",
                  .left_color = "#e3a73c",
                  .right_color = "#3a6fb0"};
  pbuf_init(&b);
  svg_write_hbars(&b, &hb);
  assert_int_equal(count(b.s, "<rect class=\"bar "), 3);
  assert_non_null(strstr(b.s, "8 total"));
  pbuf_free(&b);

  /* nothing at all */
  sb.n = 0;
  pbuf_init(&b);
  svg_write_stack_bars(&b, &sb);
  assert_non_null(strstr(b.s, "no events"));
  pbuf_free(&b);
}

/* ------------------------------------------------------------------ report */

static void test_report(void **state) {
  (void)state;
  parley_store *s = NULL;
  parley_ask *ask = NULL;
  parley_dict *dict = NULL;
  parley_error err;
  parley_error_clear(&err);
  assert_int_equal(parley_store_open(db_path, PARLEY_STORE_READONLY, &s, &err), 0);
  assert_int_equal(parley_ask_open_store(s, &ask, &err), 0);
  assert_int_equal(parley_dict_open(PARLEY_DICT_DIR, &dict, &err), 0);
  parley_report_request req = parley_report_request_default();
  req.a = "特朗普";
  req.b = "普京";
  req.q.day_from = 20250101;
  req.q.day_to = 20251231;
  char *html = NULL;
  size_t len = 0;
  assert_int_equal(parley_report_html(ask, dict, &req, &html, &len, &err), 0);
  assert_int_equal(len, strlen(html));
  /* as many contact marks as the rhythm has contact days */
  parley_actor_ref a, b;
  assert_int_equal(parley_actor_ref_resolve(dict, "特朗普", "2025-12-31", &a, &err), 0);
  assert_int_equal(parley_actor_ref_resolve(dict, "普京", "2025-12-31", &b, &err), 0);
  parley_query q = parley_query_default();
  q.day_from = 20250101;
  q.day_to = 20251231;
  parley_rhythm *r = NULL;
  assert_int_equal(parley_ask_rhythm(ask, &a, &b, &q, &r, &err), 0);
  assert_true(r->n_days >= 3);
  assert_int_equal(count(html, "tabindex=\"0\""), r->n_days);
  char attr[64];
  snprintf(attr, sizeof attr, "data-contacts=\"%zu\"", r->n_days);
  assert_non_null(strstr(html, attr));
  parley_rhythm_free(r);
  assert_non_null(strstr(html, "<!DOCTYPE html>"));
  assert_non_null(strstr(html, "id=\"chart-timeline\""));
  assert_non_null(strstr(html, "id=\"chart-goldstein\""));
  assert_non_null(strstr(html, "id=\"chart-compare\""));
  assert_non_null(strstr(html, "id=\"claims\""));
  assert_non_null(strstr(html, "阿拉斯加")); /* the meeting's evidence sentence */
  assert_non_null(strstr(html, "denies"));   /* the contested attack */
  /* nothing to fetch: no external scripts, styles, fonts or images */
  assert_null(strstr(html, "src=\""));
  assert_null(strstr(html, "href=\"http"));
  assert_null(strstr(html, "url("));
  assert_null(strstr(html, "@import"));
  assert_null(strstr(html, "fetch("));
  free(html);
  /* the fragment for the live page: no script, the same main */
  req.fragment = 1;
  assert_int_equal(parley_report_html(ask, dict, &req, &html, &len, &err), 0);
  assert_null(strstr(html, "<script"));
  assert_true(!strncmp(html, "<main", 5));
  free(html);
  /* an unknown actor */
  req.b = "Nobodyland";
  assert_int_equal(parley_report_html(ask, dict, &req, &html, &len, &err), PARLEY_ENOTFOUND);
  assert_null(html);
  /* a dyad without contacts still gives a page */
  req.a = "FRA";
  req.b = "JPN";
  assert_int_equal(parley_report_html(ask, dict, &req, &html, &len, &err), 0);
  assert_non_null(strstr(html, "no contacts"));
  free(html);
  parley_dict_close(dict);
  parley_ask_close(ask);
  parley_store_close(s);
}

/* --------------------------------------------------------------------- api */

static parley_api *open_api(long default_rows) {
  parley_api_options o = parley_api_default_options();
  o.db_path = db_path;
  o.dict_dir = PARLEY_DICT_DIR;
  o.default_rows = default_rows;
  o.max_query = 256;
  parley_api *api = NULL;
  parley_error err;
  parley_error_clear(&err);
  assert_int_equal(parley_api_open(&o, &api, &err), 0);
  return api;
}

static int get(parley_api *api, const char *path, const char *query, parley_api_response *r) {
  parley_api_handle(api, "GET", path, query, r);
  return r->status;
}

/* status and that the body is a JSON error with a message */
static void expect_error(parley_api *api, const char *path, const char *query, int status) {
  parley_api_response r;
  assert_int_equal(get(api, path, query, &r), status);
  json_error_t je;
  json_t *j = json_loads(r.body, 0, &je);
  assert_non_null(j);
  json_t *m = json_object_get(json_object_get(j, "error"), "message");
  assert_true(json_is_string(m) && json_string_length(m) > 0);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "error"), "status")), status);
  json_decref(j);
  parley_api_response_free(&r);
}

static void test_api_same_json(void **state) {
  (void)state;
  parley_api *api = open_api(0);
  parley_api_response r;
  assert_int_equal(get(api, "/api/dyad", "a=USA&b=RUS&by=month&fill", &r), 200);
  /* the same as the ask library's JSON for the same question */
  parley_ask *ask = NULL;
  parley_error err;
  parley_error_clear(&err);
  assert_int_equal(parley_ask_open(db_path, &ask, &err), 0);
  parley_actor_ref a, b;
  parley_actor_ref_resolve(NULL, "USA", NULL, &a, &err);
  parley_actor_ref_resolve(NULL, "RUS", NULL, &b, &err);
  parley_query q = parley_query_default();
  q.fill = 1;
  parley_dyad *d = NULL;
  assert_int_equal(parley_ask_dyad(ask, &a, &b, &q, &d, &err), 0);
  char *json = parley_dyad_to_json(d);
  assert_int_equal(r.body_len, strlen(json) + 1);
  assert_memory_equal(r.body, json, strlen(json));
  assert_int_equal(r.body[r.body_len - 1], '\n');
  assert_string_equal(r.content_type, "application/json; charset=utf-8");
  free(json);
  parley_dyad_free(d);
  parley_ask_close(ask);
  parley_api_response_free(&r);
  /* '+' and %-escapes decode; names in either language */
  assert_int_equal(get(api, "/api/rhythm", "a=%E7%89%B9%E6%9C%97%E6%99%AE&b=Vladimir+Putin", &r), 200);
  assert_non_null(strstr(r.body, "\"input\": \"Vladimir Putin\""));
  parley_api_response_free(&r);
  parley_api_close(api);
}

static void test_api_events_limit(void **state) {
  (void)state;
  parley_api *api = open_api(2);
  parley_api_response r;
  assert_int_equal(get(api, "/api/events", NULL, &r), 200);
  json_t *j = json_loads(r.body, 0, NULL);
  assert_true(json_is_array(j));
  assert_int_equal(json_array_size(j), 2);
  assert_int_equal(r.more, 1);
  json_decref(j);
  parley_api_response_free(&r);
  assert_int_equal(get(api, "/api/events", "limit=3&format=jsonl", &r), 200);
  assert_int_equal(count(r.body, "\n"), 3);
  assert_int_equal(r.more, 0);
  parley_api_response_free(&r);
  assert_int_equal(get(api, "/api/events", "a=FRA&b=JPN", &r), 200);
  assert_string_equal(r.body, "[]\n");
  parley_api_response_free(&r);
  assert_int_equal(get(api, "/api/events", "count", &r), 200);
  j = json_loads(r.body, 0, NULL);
  assert_true(json_integer_value(json_object_get(j, "count")) > 3);
  json_decref(j);
  parley_api_response_free(&r);
  parley_api_close(api);
}

static void test_api_errors(void **state) {
  (void)state;
  parley_api *api = open_api(0);
  expect_error(api, "/api/dyad", "a=Putn&b=USA", 404);
  expect_error(api, "/api/dyad", "a=USA&b=RUS&from=2025-02-30", 400);
  expect_error(api, "/api/dyad", "a=USA&b=RUS&by=hour", 400);
  expect_error(api, "/api/dyad", "a=USA&b=RUS&nonsense=1", 400);
  expect_error(api, "/api/dyad", "a=USA&a=CHN&b=RUS", 400);
  expect_error(api, "/api/dyad", "a=%zz&b=RUS", 400);
  expect_error(api, "/api/dyad", "a=%&b=RUS", 400);
  expect_error(api, "/api/dyad", "a=%E6%99&b=RUS", 400);
  expect_error(api, "/api/dyad", "=x", 400);
  char longq[400];
  memset(longq, 'a', sizeof longq - 1);
  longq[sizeof longq - 1] = '\0';
  expect_error(api, "/api/summary", longq, 414);
  expect_error(api, "/api/events", "limit=-1", 400);
  expect_error(api, "/api/events", "directed=1&a=USA", 400);
  expect_error(api, "/api/events", "b=RUS", 400);
  expect_error(api, "/api/partners", "", 400);
  expect_error(api, "/api/partners", "a=USA&sort=alpha", 400);
  expect_error(api, "/api/peak", "a=USA&b=RUS&by=all", 400);
  expect_error(api, "/api/compare", "a=USA&b=RUS", 400);
  expect_error(api, "/api/claims", "actor=USA&a=RUS", 400);
  expect_error(api, "/api/actors", "q=", 400);
  expect_error(api, "/api/nothing", NULL, 404);
  expect_error(api, "/API/DYAD", NULL, 404);
  expect_error(api, "/api", "x=1", 400);
  expect_error(api, "/report", "a=USA", 400);
  /* many parameters */
  char many[200] = "";
  for (int i = 0; i < 70; i++)
    strcat(many, "a&");
  expect_error(api, "/api/summary", many, 400); /* too many parameters */
  parley_api_response r;
  parley_api_handle(api, "POST", "/api/dyad", NULL, &r);
  assert_int_equal(r.status, 405);
  parley_api_response_free(&r);
  parley_api_handle(api, NULL, "/", NULL, &r);
  assert_int_equal(r.status, 405);
  parley_api_response_free(&r);
  assert_int_equal(get(api, "/favicon.ico", NULL, &r), 204);
  parley_api_response_free(&r);
  assert_int_equal(get(api, "/", "a=USA&b=RUS", &r), 200);
  assert_non_null(strstr(r.body, "parleyBindTips"));
  assert_null(strstr(r.body, "<!--parley:"));
  parley_api_response_free(&r);
  parley_api_close(api);
  /* a database that is not there */
  parley_api_options bad = parley_api_default_options();
  bad.db_path = "/nonexistent/parley.db";
  parley_api *x = NULL;
  parley_error err;
  parley_error_clear(&err);
  assert_int_not_equal(parley_api_open(&bad, &x, &err), 0);
  assert_null(x);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_escape_and_cut),   cmocka_unit_test(test_days_and_steps),
      cmocka_unit_test(test_strip_marks),      cmocka_unit_test(test_bars_lines_hbars),
      cmocka_unit_test(test_report),           cmocka_unit_test(test_api_same_json),
      cmocka_unit_test(test_api_events_limit), cmocka_unit_test(test_api_errors),
  };
  return cmocka_run_group_tests(tests, make_db, drop_db);
}
