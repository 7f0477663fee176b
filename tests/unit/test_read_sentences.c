/* test_read_sentences.c — unit tests for sentence splitting in the read stage:
 * Chinese terminals and closing quotes, ASCII terminals before CJK, English
 * abbreviations / initials / decimals / quotes / ellipses, per-sentence
 * language, the example article, and bounded pieces for a huge paragraph
 * without any sentence end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "parley/read.h"
#include "test_read_util.h"

/* Splits text (one document) and compares with the expected sentences (NULL-terminated). */
static void check_split(const char *text, const char *const *want, int line) {
  parley_doc *d = NULL;
  parley_error err;
  _assert_int_equal(parley_doc_from_text(text, strlen(text), "s.txt", NULL, &d, &err), PARLEY_OK, __FILE__, line);
  parley_sentence *s = NULL;
  size_t n = 0;
  _assert_int_equal(parley_doc_sentences(d, &s, &n, &err), PARLEY_OK, __FILE__, line);
  size_t nw = 0;
  while (want[nw])
    nw++;
  if (n != nw) {
    for (size_t i = 0; i < n; i++)
      fprintf(stderr, "  got [%.*s]\n", (int)(s[i].span.end - s[i].span.start), d->text + s[i].span.start);
  }
  _assert_int_equal(n, nw, __FILE__, line);
  for (size_t i = 0; i < n; i++) {
    if (!tr_span_is(d, s[i].span, want[i]))
      fprintf(stderr, "  sentence %zu: got [%.*s] want [%s]\n", i, (int)(s[i].span.end - s[i].span.start),
              d->text + s[i].span.start, want[i]);
    _assert_true(tr_span_is(d, s[i].span, want[i]), "sentence text", __FILE__, line);
  }
  free(s);
  parley_doc_free(d);
}
#define SPLIT(text, ...)                                                                                               \
  do {                                                                                                                 \
    static const char *const w_[] = {__VA_ARGS__, NULL};                                                               \
    check_split(text, w_, __LINE__);                                                                                   \
  } while (0)

static void test_chinese(void **state) {
  (void)state;
  SPLIT("普京表示欢迎。特朗普说：“我们会赢！”他随后离开。", "普京表示欢迎。", "特朗普说：“我们会赢！”", "他随后离开。");
  SPLIT("真的吗？！当然……双方；继续谈判", "真的吗？！", "当然……", "双方；", "继续谈判");
  SPLIT("他说「停火。」然后（笑）。结束", "他说「停火。」", "然后（笑）。", "结束");
  SPLIT("局势紧张!双方呼吁克制?是的;继续", "局势紧张!", "双方呼吁克制?", "是的;", "继续");
  SPLIT("增长3.5%。美国U.S.官员表示。访问www.gov.cn网站", "增长3.5%。", "美国U.S.官员表示。", "访问www.gov.cn网站");
  SPLIT("1.中方立场不变。", "1.中方立场不变。");
  SPLIT("谈判。——。继续", "谈判。", "继续"); /* a piece without letters is dropped */
  SPLIT("He said hello!中方表示欢迎。Then he left.", "He said hello!", "中方表示欢迎。", "Then he left.");
}

static void test_english(void **state) {
  (void)state;
  SPLIT("Mr. Smith met Gen. Jones on Feb. 13. They talked.", "Mr. Smith met Gen. Jones on Feb. 13.", "They talked.");
  SPLIT("George W. Bush visited the U.S. Embassy in Kyiv. Dr. Who? No. 5 is big.",
        "George W. Bush visited the U.S. Embassy in Kyiv.", "Dr. Who?", "No. 5 is big.");
  SPLIT("Sanctions hit the U.S. The talks failed.", "Sanctions hit the U.S.", "The talks failed.");
  SPLIT("Prices rose 3.5 percent in 2025. 12 people died.", "Prices rose 3.5 percent in 2025.", "12 people died.");
  SPLIT("He said \"No.\" Then he left. (It was late.) \"Why?\" she asked.", "He said \"No.\"", "Then he left.",
        "(It was late.)", "\"Why?\" she asked.");
  SPLIT("Wait... What happened? Nothing... really.", "Wait... What happened?", "Nothing... really.");
  SPLIT("Apple Inc. said so. He works at Apple Inc. The firm agreed.", "Apple Inc. said so.", "He works at Apple Inc.",
        "The firm agreed.");
  SPLIT("Talks resumed, e.g. In Riyadh, i.e. Saudi Arabia, etc. and more. Done!",
        "Talks resumed, e.g. In Riyadh, i.e. Saudi Arabia, etc. and more.", "Done!");
  SPLIT("It ended at 5 p.m. local time. Sen. Graham and Rep. Wilson spoke vs. the plan.",
        "It ended at 5 p.m. local time.", "Sen. Graham and Rep. Wilson spoke vs. the plan.");
  SPLIT("Is it over? yes, it is! maybe not.", "Is it over? yes, it is! maybe not.");
  SPLIT("Visit example.com.It works", "Visit example.com.It works");
  SPLIT("  Leading and trailing spaces.   Next one.  ", "Leading and trailing spaces.", "Next one.");
  SPLIT("Plan B. The end.", "Plan B.", "The end.");
}

static void test_languages_and_paragraphs(void **state) {
  (void)state;
  const char *t = "普京与特朗普通电话。Putin spoke with Trump.\n2025\n——\n俄方表示欢迎。";
  parley_doc *d = NULL;
  parley_error err;
  assert_int_equal(parley_doc_from_text(t, strlen(t), "l.txt", NULL, &d, &err), PARLEY_OK);
  assert_int_equal(d->n_paras, 2); /* "2025" alone is a paragraph number, "——" a separator */
  parley_sentence *s = NULL;
  size_t n = 0;
  assert_int_equal(parley_doc_sentences(d, &s, &n, &err), PARLEY_OK);
  assert_int_equal(n, 3);
  assert_string_equal(s[0].lang, "zh");
  assert_string_equal(s[1].lang, "en");
  assert_string_equal(s[2].lang, "zh");
  assert_int_equal(s[0].paragraph, 0);
  assert_int_equal(s[1].paragraph, 0);
  assert_int_equal(s[2].paragraph, 1);
  free(s);
  parley_doc_free(d);

  /* a sentence without letters of either script takes the document's language */
  const char *u = "普京与特朗普通电话。双方同意谈判。\n12:30, 14:00.\n";
  assert_int_equal(parley_doc_from_text(u, strlen(u), "u.txt", NULL, &d, &err), PARLEY_OK);
  assert_int_equal(parley_doc_sentences(d, &s, &n, &err), PARLEY_OK);
  assert_int_equal(n, 3);
  assert_string_equal(s[2].lang, "zh");
  free(s);
  parley_doc_free(d);

  assert_int_equal(parley_doc_sentences(NULL, &s, &n, &err), PARLEY_EINVAL);
}

static void test_example_article(void **state) {
  (void)state;
  parley_doc *d = tr_read_one(PARLEY_SRC "/examples/zh-dense-diplomacy-2025.txt", NULL);
  parley_sentence *s = NULL;
  size_t n = 0;
  parley_error err;
  assert_int_equal(parley_doc_sentences(d, &s, &n, &err), PARLEY_OK);
  assert_int_equal(n, 45);
  size_t per[40] = {0};
  for (size_t i = 0; i < n; i++) {
    assert_true(s[i].paragraph < 40);
    per[s[i].paragraph]++;
    assert_string_equal(s[i].lang, "zh");
    if (i) assert_true(s[i].span.start >= s[i - 1].span.end);
    parley_span p = d->paras[s[i].paragraph].span;
    assert_true(s[i].span.start >= p.start && s[i].span.end <= p.end);
  }
  /* numbered paragraph 21 (index 20) is one long sentence; 40 (index 39) has two */
  assert_int_equal(per[20], 1);
  assert_int_equal(per[39], 2);
  assert_int_equal(per[17], 2); /* split at ';' before CJK */
  for (size_t i = 0; i < n; i++) {
    if (s[i].paragraph == 39) {
      assert_true(tr_span_is(d, s[i].span, "2026年已然开启,俄乌冲突的最终走向仍笼罩在不确定性之中。"));
      assert_true(
          tr_span_is(d, s[i + 1].span, "但可以肯定的是,持续不断的外交接触,仍是防止局势进一步恶化的最基本保障。"));
      break;
    }
  }
  free(s);
  parley_doc_free(d);
}

static void check_pieces(const parley_doc *d, const parley_sentence *s, size_t n) {
  assert_true(n > 0);
  for (size_t i = 0; i < n; i++) {
    size_t len = s[i].span.end - s[i].span.start;
    assert_true(len > 0 && len <= PARLEY_SENTENCE_MAX_BYTES);
    assert_int_equal(parley_utf8_check(d->text + s[i].span.start, len, NULL), PARLEY_OK);
    if (i) assert_true(s[i].span.start >= s[i - 1].span.end);
  }
  /* the pieces cover the paragraph: only white space and separators are lost */
  assert_int_equal(s[0].span.start, d->paras[0].span.start);
  assert_int_equal(s[n - 1].span.end, d->paras[0].span.end);
  for (size_t i = 1; i < n; i++)
    assert_true(s[i].span.start - s[i - 1].span.end <= 1);
}

static void test_huge_paragraph(void **state) {
  (void)state;
  /* 10 MB of English words without a full stop */
  size_t len = 10u << 20;
  char *t = malloc(len + 1);
  assert_non_null(t);
  static const char words[] = "talks continued between the delegations and ";
  for (size_t i = 0; i < len; i++)
    t[i] = words[i % (sizeof words - 1)];
  t[len] = '\0';
  t[0] = 'T';
  parley_doc *d = NULL;
  parley_error err;
  clock_t t0 = clock();
  assert_int_equal(parley_doc_from_text(t, len, "huge.txt", NULL, &d, &err), PARLEY_OK);
  assert_int_equal(d->n_paras, 1);
  parley_sentence *s = NULL;
  size_t n = 0;
  assert_int_equal(parley_doc_sentences(d, &s, &n, &err), PARLEY_OK);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  assert_true(n >= len / PARLEY_SENTENCE_MAX_BYTES);
  assert_true(n <= 2 * (len / PARLEY_SENTENCE_MAX_BYTES) + 2);
  check_pieces(d, s, n);
  for (size_t i = 0; i + 1 < n; i++) /* cut at white space */
    assert_int_equal(d->text[s[i].span.end], ' ');
  assert_true(secs < 20.0);
  free(s);
  parley_doc_free(d);

  /* 10 MB of Han characters without any punctuation or space: cut at character boundaries */
  size_t chars = len / 3;
  for (size_t i = 0; i < chars; i++)
    memcpy(t + 3 * i, "谈", 3);
  t[3 * chars] = '\0';
  assert_int_equal(parley_doc_from_text(t, 3 * chars, "huge-zh.txt", NULL, &d, &err), PARLEY_OK);
  assert_string_equal(d->lang, "zh");
  assert_int_equal(parley_doc_sentences(d, &s, &n, &err), PARLEY_OK);
  check_pieces(d, s, n);
  for (size_t i = 1; i < n; i++)
    assert_int_equal(s[i].span.start, s[i - 1].span.end);
  free(s);
  parley_doc_free(d);

  /* a paragraph of 200000 dots and closers (no space): still bounded */
  for (size_t i = 0; i < 200000; i++)
    t[i] = (i % 2) ? '.' : ')';
  memcpy(t, "Ab", 2);
  t[200000] = '\0';
  assert_int_equal(parley_doc_from_text(t, 200000, "dots.txt", NULL, &d, &err), PARLEY_OK);
  assert_int_equal(parley_doc_sentences(d, &s, &n, &err), PARLEY_OK);
  for (size_t i = 0; i < n; i++)
    assert_true(s[i].span.end - s[i].span.start <= PARLEY_SENTENCE_MAX_BYTES);
  free(s);
  parley_doc_free(d);
  free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_chinese),
      cmocka_unit_test(test_english),
      cmocka_unit_test(test_languages_and_paragraphs),
      cmocka_unit_test(test_example_article),
      cmocka_unit_test(test_huge_paragraph),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
