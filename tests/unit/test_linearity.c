/* test_linearity.c — the coder's work grows linearly with pathological inputs.
 *
 * Codes inputs of size N and 2N (and 4N) built from one repeating unit —
 * thousands of actor names in one sentence, enumerations and compounds,
 * 1 MB of 。, long runs without a sentence end, dense dates, cue words,
 * triggers and pattern literals with no actors, many short sentences — and
 * compares the coder's machine-independent work counter
 * (parley_code_stats.steps): work(2N) / work(N) must stay below 2.3. Each
 * doubling is checked, so a quadratic loop (ratio 4) fails whatever the
 * machine. Sizes stay under PARLEY_SENTENCE_MAX_BYTES where the point is
 * one long sentence, and go to 1 MB where it is many. As a cross-check of
 * the counter itself, a run whose CPU time grows more than 10x for a 4x
 * larger input (and takes at least 50 ms) is reported on stderr: superlinear
 * work the counter may not count. It does not fail the test, since CPU time
 * depends on load and sanitizers; the step counter is the assertion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "parley/parley.h"

#define MAX_RATIO 2.3
#define CPU_MIN_SECONDS 0.05
#define CPU_MAX_RATIO_4X 10.0

static parley_dict *dict;

static int setup(void **state) {
  (void)state;
  parley_error err;
  parley_error_clear(&err);
  if (parley_dict_open(PARLEY_DICT_DIR, &dict, &err)) {
    char b[2048];
    fprintf(stderr, "%s\n", parley_error_format(&err, b, sizeof b));
    return -1;
  }
  return 0;
}

static int teardown(void **state) {
  (void)state;
  parley_dict_close(dict);
  return 0;
}

/* prefix + unit repeated until the text has at least `bytes` bytes + suffix. */
static char *build(const char *prefix, const char *unit, const char *suffix, size_t bytes, size_t *len) {
  size_t pl = strlen(prefix), ul = strlen(unit), sl = strlen(suffix);
  size_t reps = bytes / ul + 1;
  char *t = malloc(pl + reps * ul + sl + 1);
  assert_non_null(t);
  memcpy(t, prefix, pl);
  for (size_t i = 0; i < reps; i++)
    memcpy(t + pl + i * ul, unit, ul);
  memcpy(t + pl + reps * ul, suffix, sl);
  *len = pl + reps * ul + sl;
  t[*len] = '\0';
  return t;
}

typedef struct work {
  size_t steps, events, sentences;
  double cpu;
} work;

static work code_text(const char *text, size_t len, const char *lang) {
  parley_error err;
  parley_error_clear(&err);
  parley_read_options o = parley_read_default_options();
  o.format = PARLEY_INPUT_TEXT;
  o.lang = lang;
  o.date = "2025-03-01";
  parley_doc *doc = NULL;
  assert_int_equal(parley_doc_from_text(text, len, "linear.txt", &o, &doc, &err), PARLEY_OK);
  parley_coder *c = NULL;
  assert_int_equal(parley_coder_open(dict, NULL, &c, &err), PARLEY_OK);
  parley_events ev = {0};
  clock_t t0 = clock();
  assert_int_equal(parley_code_doc(c, doc, &ev, &err), PARLEY_OK);
  clock_t t1 = clock();
  parley_code_stats st;
  parley_code_stats_get(c, &st);
  work w = {st.steps, ev.count, st.sentences, (double)(t1 - t0) / CLOCKS_PER_SEC};
  parley_events_free(&ev);
  parley_coder_close(c);
  parley_doc_free(doc);
  return w;
}

/* Codes the input at sizes n, 2n, 4n and checks each doubling. */
static void check_linear(const char *what, const char *prefix, const char *unit, const char *suffix, size_t n,
                         const char *lang) {
  work w[3];
  size_t lens[3];
  for (int i = 0; i < 3; i++) {
    char *t = build(prefix, unit, suffix, n << i, &lens[i]);
    w[i] = code_text(t, lens[i], lang);
    free(t);
  }
  for (int i = 0; i < 3; i++)
    printf("  %-34s %8zu bytes: %10zu steps %6zu sentences %6zu events %7.3f s cpu\n", what, lens[i], w[i].steps,
           w[i].sentences, w[i].events, w[i].cpu);
  assert_true(w[0].steps > 0);
  /* Cross-check of the counter itself: work the counter does not see. CPU
   * time is only compared within one run, at 4x the input, with a wide
   * margin (linear work gives about 4x, quadratic 16x) and only once the
   * largest run takes long enough to measure. */
  double c0 = w[0].cpu > 0.001 ? w[0].cpu : 0.001;
  if (w[2].cpu >= CPU_MIN_SECONDS && w[2].cpu / c0 > CPU_MAX_RATIO_4X) {
    fprintf(stderr,
            "%s: CPU time grew %.1fx when the input grew %.1fx, but parley_code_stats.steps only %.1fx: "
            "the coder does superlinear work its step counter does not count\n",
            what, w[2].cpu / c0, (double)lens[2] / (double)lens[0], (double)w[2].steps / (double)w[0].steps);
    /* reported, not failed: CPU time depends on the machine's load and on
     * sanitizers; the assertion of this test is on the step counter below */
  }
  for (int i = 1; i < 3; i++) {
    double r = (double)w[i].steps / (double)w[i - 1].steps;
    double rl = (double)lens[i] / (double)lens[i - 1];
    if (r > MAX_RATIO * rl / 2.0) {
      fprintf(stderr, "%s: work grew %.2fx when the input grew %.2fx (%zu -> %zu steps)\n", what, r, rl, w[i - 1].steps,
              w[i].steps);
      fail();
    }
  }
}

/* One sentence, thousands of actor names (Chinese, enumerated with 、). */
static void zh_actor_enumeration(void **state) {
  (void)state;
  check_linear("zh actors enumerated", "", "普京、特朗普、泽连斯基、马克龙、", "举行会谈。", 8000, "zh");
}

/* One sentence, thousands of actor names joined by 与 and an event each. */
static void zh_actor_pairs(void **state) {
  (void)state;
  check_linear("zh actor pairs with triggers", "", "普京与特朗普通电话，", "。", 8000, "zh");
}

/* Actor names with nothing between them. */
static void zh_actor_run(void **state) {
  (void)state;
  check_linear("zh actors back to back", "", "美国俄罗斯乌克兰欧盟", "。", 8000, "zh");
}

/* English: thousands of names and triggers in one sentence. */
static void en_actor_run(void **state) {
  (void)state;
  check_linear("en actors and triggers", "", "Putin met Trump and ", ".", 8000, "en");
}

/* English relative clauses (", who ... ,") before a trigger, thousands of times. */
static void en_relative_clauses(void **state) {
  (void)state;
  check_linear("en relative clauses", "", "Putin met Trump, who ", ".", 4000, "en");
}

static void en_actor_list(void **state) {
  (void)state;
  check_linear("en actors listed", "", "Russia, the United States, Ukraine, France, ", "held talks.", 8000, "en");
}

/* 1 MB of 。 (empty sentences). */
static void zh_full_stops(void **state) {
  (void)state;
  check_linear("1 MB of full stops", "普京", "。", "", 256 * 1024, "zh");
}

/* No sentence end at all: pieces of PARLEY_SENTENCE_MAX_BYTES. */
static void zh_no_sentence_end(void **state) {
  (void)state;
  check_linear("no sentence end, actors", "", "特朗普称普京", "", 256 * 1024, "zh");
}

/* Dense dates in one sentence, and across sentences. */
static void zh_dates(void **state) {
  (void)state;
  check_linear("zh dates in one sentence", "普京", "2025年2月12日至13日，次日，", "访问美国。", 8000, "zh");
  check_linear("en dates in one sentence", "Putin ", "on Feb. 12, 2025, the next day, last Tuesday, ",
               "visited Russia.", 8000, "en");
}

/* Cue words (report, deny, doubt, negate, pair) repeated: claims bookkeeping. */
static void cues(void **state) {
  (void)state;
  check_linear("zh cues", "俄方", "称美方否认双方未无法确认", "。", 8000, "zh");
  check_linear("zh cues across sentences", "", "俄方称美国袭击乌克兰。美方否认。双方无法确认。", "", 64000, "zh");
  check_linear("en cues", "Russia ", "said the U.S. denied both sides did not confirm ", ".", 8000, "en");
}

/* Pattern literals and gaps without actors: pattern search without anchors. */
static void triggers_without_actors(void **state) {
  (void)state;
  check_linear("zh triggers, no actors", "", "举行会谈发表声明访问袭击", "。", 8000, "zh");
  check_linear("en triggers, no actors", "", "held talks with visited accused attacked ", ".", 8000, "en");
}

/* Many short sentences with events: the document-level state (claims,
 * carried dates, pairs, pronouns) must not be rescanned per sentence. */
static void many_sentences(void **state) {
  (void)state;
  check_linear("zh sentences with events", "", "2025年3月1日，特朗普与普京通电话。他表示双方同意会谈。", "", 64000,
               "zh");
  check_linear("en sentences with events", "", "Trump spoke with Putin on March 1. He said both sides agreed. ", "",
               64000, "en");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(zh_actor_enumeration),
      cmocka_unit_test(zh_actor_pairs),
      cmocka_unit_test(zh_actor_run),
      cmocka_unit_test(en_actor_run),
      cmocka_unit_test(en_actor_list),
      cmocka_unit_test(zh_full_stops),
      cmocka_unit_test(zh_no_sentence_end),
      cmocka_unit_test(zh_dates),
      cmocka_unit_test(cues),
      cmocka_unit_test(triggers_without_actors),
      cmocka_unit_test(many_sentences),
      cmocka_unit_test(en_relative_clauses),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
