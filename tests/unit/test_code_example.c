/* test_code_example.c — the founding example article, coded end to end:
 * the acceptance facts of the coder issue, checked on the real events. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parley/parley.h"

static parley_dict *dict;
static parley_doc *doc;
static parley_events ev;

static int setup(void **state) {
  (void)state;
  parley_error err;
  parley_error_clear(&err);
  if (parley_dict_open(PARLEY_DICT_DIR, &dict, &err)) {
    char b[2048];
    fprintf(stderr, "%s\n", parley_error_format(&err, b, sizeof b));
    return -1;
  }
  parley_read_options ro = parley_read_default_options();
  parley_reader *r = NULL;
  if (parley_reader_open(PARLEY_SRC "/examples/zh-dense-diplomacy-2025.txt", &ro, &r, &err)) return -1;
  if (parley_reader_next(r, &doc, &err) != 1) return -1;
  parley_reader_close(r);
  parley_coder *c = NULL;
  if (parley_coder_open(dict, NULL, &c, &err)) return -1;
  int rc = parley_code_doc(c, doc, &ev, &err);
  parley_coder_close(c);
  return rc;
}

static int teardown(void **state) {
  (void)state;
  parley_events_free(&ev);
  parley_doc_free(doc);
  parley_dict_close(dict);
  return 0;
}

static int dyad_is(const parley_event *e, const char *a, const char *b) {
  return !strcmp(e->source.country, a) && !strcmp(e->target.country, b);
}

/* An event between a and b (either direction), root `root`, dated `date`. */
static const parley_event *find(const char *a, const char *b, const char *root, const char *date, int both_ways) {
  for (size_t i = 0; i < ev.count; i++) {
    const parley_event *e = &ev.items[i];
    if (strcmp(e->root_code, root)) continue;
    if (date && strcmp(e->date, date)) continue;
    if (dyad_is(e, a, b) || (both_ways && dyad_is(e, b, a))) return e;
  }
  return NULL;
}

static void usa_rus_consultations(void **state) {
  (void)state;
  const char *dates[] = {"2025-02-12", "2025-08-15", "2025-12-29"};
  for (int i = 0; i < 3; i++) {
    const parley_event *e = find("USA", "RUS", "04", dates[i], 1);
    if (!e) fail_msg("no USA-RUS consultation dated %s", dates[i]);
  }
  const parley_event *call = find("USA", "RUS", "04", "2025-02-12", 1);
  assert_string_equal(call->event_code, "041");
  const parley_event *meet = find("USA", "RUS", "04", "2025-08-15", 1);
  assert_non_null(meet);
}

static void ukraine_us_visit_or_talks(void **state) {
  (void)state;
  const parley_event *e = find("UKR", "USA", "04", "2025-12-28", 0);
  assert_non_null(e);
}

static const parley_claim *claim_by(const parley_event *e, const char *country, parley_stance st) {
  for (size_t i = 0; i < e->n_claims; i++)
    if (!strcmp(e->claims[i].actor.country, country) && e->claims[i].stance == st) return &e->claims[i];
  return NULL;
}

static void drone_attack_is_contested(void **state) {
  (void)state;
  const parley_event *e = NULL;
  for (size_t i = 0; i < ev.count; i++)
    if (dyad_is(&ev.items[i], "UKR", "RUS") && !strcmp(ev.items[i].root_code, "19")) e = &ev.items[i];
  assert_non_null(e);
  assert_string_equal(e->event_code, "195");
  assert_string_equal(e->date, "2025-12-28");
  assert_string_equal(e->date_end, "2025-12-29");
  assert_non_null(claim_by(e, "RUS", PARLEY_ASSERTS));
  assert_non_null(claim_by(e, "UKR", PARLEY_DENIES));
  const parley_claim *eu = claim_by(e, "EUR", PARLEY_DOUBTS);
  assert_non_null(eu);
  /* Kallas: 俄方指控“毫无证据支撑” — the cue is in her sentence */
  assert_true(eu->span.end - eu->span.start == strlen("毫无证据") &&
              !memcmp(doc->text + eu->span.start, "毫无证据", strlen("毫无证据")));
  assert_non_null(claim_by(e, "USA", PARLEY_DOUBTS));
  /* and Russia's own act: it accuses Ukraine */
  assert_non_null(find("RUS", "UKR", "11", NULL, 0));
}

static void eu_military_support_to_ukraine(void **state) {
  (void)state;
  const parley_event *e = NULL;
  for (size_t i = 0; i < ev.count; i++)
    if (dyad_is(&ev.items[i], "EUR", "UKR") && !strcmp(ev.items[i].event_code, "072")) e = &ev.items[i];
  assert_non_null(e);
  assert_string_equal(e->source.code, "IGOEUREEC");
}

static void trump_is_the_us_government(void **state) {
  (void)state;
  int seen = 0;
  for (size_t i = 0; i < ev.count; i++) {
    const parley_event *e = &ev.items[i];
    if (strstr(e->source.name, "Trump")) {
      assert_string_equal(e->source.code, "USAGOV");
      seen++;
    }
  }
  assert_true(seen > 0);
}

static void ten_calls_are_one_event_with_a_count(void **state) {
  (void)state;
  int n = 0;
  for (size_t i = 0; i < ev.count; i++)
    if (ev.items[i].count == 10) n++;
  assert_true(n >= 1);
  assert_true(n <= 2); /* one call, in each direction */
}

static void nothing_from_numbers_sources_or_notice(void **state) {
  (void)state;
  for (size_t i = 0; i < ev.count; i++) {
    const parley_event *e = &ev.items[i];
    int inside = 0;
    for (size_t p = 0; p < doc->n_paras; p++)
      if (e->span.start >= doc->paras[p].span.start && e->span.end <= doc->paras[p].span.end) inside = 1;
    if (!inside) fail_msg("event %s at %zu..%zu is outside the article's content", e->id, e->span.start, e->span.end);
    /* the source list starts at 信息来源 */
    const char *src = strstr(doc->text, "信息来源");
    assert_non_null(src);
    assert_true(e->span.end <= (size_t)(src - doc->text));
  }
}

static void spans_point_at_the_trigger(void **state) {
  (void)state;
  for (size_t i = 0; i < ev.count; i++) {
    const parley_event *e = &ev.items[i];
    assert_true(e->span.start < e->span.end);
    assert_true(e->span.end <= doc->text_len);
    assert_true(e->evidence.start <= e->span.start && e->span.end <= e->evidence.end);
    /* the trigger text is in the original text inside the span */
    char *t = strndup(doc->text + e->span.start, e->span.end - e->span.start);
    if (!strstr(t, e->trigger)) fail_msg("trigger '%s' not inside span text '%s'", e->trigger, t);
    free(t);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(usa_rus_consultations),
      cmocka_unit_test(ukraine_us_visit_or_talks),
      cmocka_unit_test(drone_attack_is_contested),
      cmocka_unit_test(eu_military_support_to_ukraine),
      cmocka_unit_test(trump_is_the_us_government),
      cmocka_unit_test(ten_calls_are_one_event_with_a_count),
      cmocka_unit_test(nothing_from_numbers_sources_or_notice),
      cmocka_unit_test(spans_point_at_the_trigger),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
