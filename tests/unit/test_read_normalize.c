/* test_read_normalize.c — unit tests for the read stage's normalisation for matching:
 * NFKC (full-width digits, letters, punctuation), case folding, traditional →
 * simplified Chinese, combining marks, and the orig[] map from every
 * normalised byte back to the original text, with a base offset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parley/read.h"
#include "test_read_util.h"

static parley_normalizer *nz;

static int setup(void **state) {
  (void)state;
  parley_error err;
  int st = parley_normalizer_open(&nz, &err);
  if (st != PARLEY_OK) fprintf(stderr, "normalizer: %s\n", err.message);
  return st == PARLEY_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  parley_normalizer_close(nz);
  return 0;
}

/* Normalises s with base; checks the text and the general orig[] invariants. */
static parley_normtext norm(const char *s, size_t base, const char *want) {
  parley_normtext t;
  parley_error err;
  assert_int_equal(parley_normalize(nz, s, strlen(s), base, &t, &err), PARLEY_OK);
  assert_string_equal(t.text, want);
  assert_int_equal(t.len, strlen(want));
  assert_int_equal(t.orig[t.len], base + strlen(s));
  for (size_t i = 0; i < t.len; i++) {
    assert_true(t.orig[i] >= base && t.orig[i] < base + strlen(s));
    if (i) assert_true(t.orig[i] >= t.orig[i - 1]);
  }
  return t;
}

/* The original text behind normalised bytes [i, j). */
static void check_back(const char *orig_text, size_t base, const parley_normtext *t, const char *needle,
                       const char *want) {
  const char *at = strstr(t->text, needle);
  assert_non_null(at);
  size_t i = (size_t)(at - t->text), j = i + strlen(needle);
  size_t a = t->orig[i] - base, b = t->orig[j] - base;
  assert_int_equal(b - a, strlen(want));
  assert_memory_equal(orig_text + a, want, b - a);
}

static void test_mixed_full_width(void **state) {
  (void)state;
  const char *s = "２０２５年俄羅斯總統ＰＵＴＩＮ，「澤倫斯基」說";
  parley_normtext t = norm(s, 1000, "2025年俄罗斯总统putin,「泽伦斯基」说");
  /* each ASCII digit comes from a 3-byte full-width digit */
  for (size_t i = 0; i < 4; i++)
    assert_int_equal(t.orig[i], 1000 + 3 * i);
  /* 年 starts at byte 12 and keeps its 3 bytes */
  assert_int_equal(t.orig[4], 1012);
  assert_int_equal(t.orig[6], 1012);
  check_back(s, 1000, &t, "俄罗斯", "俄羅斯");
  check_back(s, 1000, &t, "泽伦斯基", "澤倫斯基");
  check_back(s, 1000, &t, "putin", "ＰＵＴＩＮ");
  check_back(s, 1000, &t, "2025", "２０２５");
  check_back(s, 1000, &t, ",", "，");
  check_back(s, 1000, &t, "「", "「");
  parley_normtext_free(&t);
  assert_null(t.text);
}

static void test_case_and_compatibility(void **state) {
  (void)state;
  parley_normtext t = norm("Hello WORLD, U.S. ÉTATS-UNIS", 0, "hello world, u.s. états-unis");
  parley_normtext_free(&t);
  t = norm("Straße", 5, "strasse");
  assert_int_equal(t.orig[4], 5 + 4); /* both s of ß map to ß */
  assert_int_equal(t.orig[5], 5 + 4);
  assert_int_equal(t.orig[6], 5 + 6);
  parley_normtext_free(&t);
  t = norm("ﬁnal ①", 0, "final 1");
  assert_int_equal(t.orig[0], 0);
  assert_int_equal(t.orig[1], 0);
  assert_int_equal(t.orig[2], 3);
  parley_normtext_free(&t);
  /* e + COMBINING ACUTE → é, both output bytes map to the e */
  t = norm("Cafe\xCC\x81!", 0, "caf\xC3\xA9!");
  assert_int_equal(t.orig[3], 3);
  assert_int_equal(t.orig[4], 3);
  assert_int_equal(t.orig[5], 6);
  parley_normtext_free(&t);
  /* Hangul jamo compose; ideographic space and full-width brackets */
  t = norm("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB　（俄）", 0, "한 (俄)");
  assert_int_equal(t.orig[3], 9);
  parley_normtext_free(&t);
  /* a character beyond the BMP passes through */
  t = norm("\xF0\xA0\x80\x80"
           "A",
           0,
           "\xF0\xA0\x80\x80"
           "a");
  parley_normtext_free(&t);
  /* a cluster of 100 combining marks is processed in bounded pieces */
  char zalgo[1 + 200 + 2];
  zalgo[0] = 'a';
  for (int i = 0; i < 100; i++)
    memcpy(zalgo + 1 + 2 * i, "\xCC\x81", 2);
  memcpy(zalgo + 201, "B", 2);
  parley_error err;
  assert_int_equal(parley_normalize(nz, zalgo, strlen(zalgo), 0, &t, &err), PARLEY_OK);
  assert_int_equal(t.text[t.len - 1], 'b');
  assert_int_equal(t.orig[t.len - 1], 201);
  assert_int_equal(t.orig[0], 0);
  for (size_t i = 1; i <= t.len; i++)
    assert_true(t.orig[i] >= t.orig[i - 1]);
  parley_normtext_free(&t);
  t = norm("", 7, "");
  assert_int_equal(t.orig[0], 7);
  parley_normtext_free(&t);
}

static void test_repeated_and_cached(void **state) {
  (void)state;
  /* the same characters twice (the second time from the cache) give the same result */
  for (int k = 0; k < 2; k++) {
    parley_normtext t = norm("烏克蘭總統澤倫斯基與俄羅斯談判。", 0, "乌克兰总统泽伦斯基与俄罗斯谈判。");
    parley_normtext_free(&t);
  }
}

static void test_errors(void **state) {
  (void)state;
  parley_normtext t;
  parley_error err;
  assert_int_equal(parley_normalize(nz, "ab\xC0\xAF", 4, 10, &t, &err), PARLEY_EUTF8);
  assert_int_equal(err.offset, 12);
  assert_null(t.text);
  assert_null(t.orig);
  assert_int_equal(parley_normalize(NULL, "a", 1, 0, &t, &err), PARLEY_EINVAL);
  parley_normtext_free(NULL);
}

static void test_document_sentence(void **state) {
  (void)state;
  /* normalising a sentence of a document maps back into doc->text */
  const char *text = "標題\n\n美國總統ＴＲＵＭＰ與俄羅斯總統普京通電話。";
  parley_doc *d = NULL;
  parley_error err;
  assert_int_equal(parley_doc_from_text(text, strlen(text), "t.txt", NULL, &d, &err), PARLEY_OK);
  parley_sentence *s = NULL;
  size_t n = 0;
  assert_int_equal(parley_doc_sentences(d, &s, &n, &err), PARLEY_OK);
  assert_int_equal(n, 2);
  parley_span sp = s[1].span;
  parley_normtext t;
  assert_int_equal(parley_normalize(nz, d->text + sp.start, sp.end - sp.start, sp.start, &t, &err), PARLEY_OK);
  assert_string_equal(t.text, "美国总统trump与俄罗斯总统普京通电话。");
  check_back(d->text, 0, &t, "trump", "ＴＲＵＭＰ");
  check_back(d->text, 0, &t, "俄罗斯总统", "俄羅斯總統");
  assert_int_equal(t.orig[t.len], sp.end);
  parley_normtext_free(&t);
  free(s);
  parley_doc_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_mixed_full_width),    cmocka_unit_test(test_case_and_compatibility),
      cmocka_unit_test(test_repeated_and_cached), cmocka_unit_test(test_errors),
      cmocka_unit_test(test_document_sentence),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
