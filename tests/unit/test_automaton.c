/* test_automaton.c — the Aho–Corasick automaton finds exactly what a naive
 * search finds, on random keys and texts, including overlapping keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "code/automaton.h"

typedef struct found {
  uint32_t key;
  size_t start, end;
} found;

typedef struct collect {
  found *v;
  size_t n, cap;
} collect;

static void on_match(void *ctx, uint32_t key, size_t start, size_t end) {
  collect *c = ctx;
  if (c->n == c->cap) {
    c->cap = c->cap ? c->cap * 2 : 64;
    c->v = realloc(c->v, c->cap * sizeof *c->v);
  }
  c->v[c->n++] = (found){key, start, end};
}

static int found_cmp(const void *a, const void *b) {
  const found *x = a, *y = b;
  if (x->end != y->end) return x->end < y->end ? -1 : 1;
  return x->key < y->key ? -1 : x->key > y->key ? 1 : 0;
}

static void overlapping_keys(void **state) {
  (void)state;
  pa_automaton *a = pa_new();
  int32_t he = pa_add(a, "he", 2), she = pa_add(a, "she", 3), his = pa_add(a, "his", 3), hers = pa_add(a, "hers", 4);
  assert_int_equal(pa_add(a, "he", 2), he); /* deduplicated */
  assert_int_equal(pa_build(a), 0);
  collect c = {0};
  pa_scan(a, "ushers", 6, on_match, &c);
  qsort(c.v, c.n, sizeof *c.v, found_cmp);
  assert_int_equal(c.n, 3);
  assert_int_equal(c.v[0].key, (uint32_t)he);
  assert_int_equal(c.v[1].key, (uint32_t)she);
  assert_int_equal(c.v[2].key, (uint32_t)hers);
  assert_int_equal(c.v[2].start, 2);
  (void)his;
  free(c.v);
  pa_free(a);
}

static void utf8_keys(void **state) {
  (void)state;
  pa_automaton *a = pa_new();
  int32_t k1 = pa_add(a, "俄罗斯", strlen("俄罗斯")), k2 = pa_add(a, "罗斯", strlen("罗斯"));
  pa_build(a);
  collect c = {0};
  const char *t = "在俄罗斯与美国";
  pa_scan(a, t, strlen(t), on_match, &c);
  qsort(c.v, c.n, sizeof *c.v, found_cmp);
  assert_int_equal(c.n, 2);
  assert_int_equal(c.v[0].start, 3);
  assert_true((c.v[0].key == (uint32_t)k1 && c.v[1].key == (uint32_t)k2) ||
              (c.v[0].key == (uint32_t)k2 && c.v[1].key == (uint32_t)k1));
  free(c.v);
  pa_free(a);
}

static void matches_naive_search(void **state) {
  (void)state;
  srand(12345);
  for (int round = 0; round < 20; round++) {
    pa_automaton *a = pa_new();
    enum { NK = 300 };
    char keys[NK][8];
    size_t lens[NK];
    int32_t ids[NK];
    for (int k = 0; k < NK; k++) {
      lens[k] = 1 + (size_t)(rand() % 6);
      for (size_t i = 0; i < lens[k]; i++)
        keys[k][i] = (char)('a' + rand() % 4);
      ids[k] = pa_add(a, keys[k], lens[k]);
      assert_true(ids[k] >= 0);
    }
    pa_build(a);
    char text[2000];
    for (size_t i = 0; i < sizeof text; i++)
      text[i] = (char)('a' + rand() % 4);
    collect c = {0};
    pa_scan(a, text, sizeof text, on_match, &c);
    /* naive: every distinct key id at every position */
    collect want = {0};
    size_t nkeys = pa_key_count(a);
    for (uint32_t id = 0; id < nkeys; id++) {
      int k = 0;
      while (ids[k] != (int32_t)id)
        k++;
      for (size_t s = 0; s + lens[k] <= sizeof text; s++)
        if (!memcmp(text + s, keys[k], lens[k])) on_match(&want, id, s, s + lens[k]);
    }
    qsort(c.v, c.n, sizeof *c.v, found_cmp);
    qsort(want.v, want.n, sizeof *want.v, found_cmp);
    assert_int_equal(c.n, want.n);
    for (size_t i = 0; i < c.n; i++) {
      assert_int_equal(c.v[i].key, want.v[i].key);
      assert_int_equal(c.v[i].start, want.v[i].start);
    }
    free(c.v);
    free(want.v);
    pa_free(a);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(overlapping_keys),
      cmocka_unit_test(utf8_keys),
      cmocka_unit_test(matches_naive_search),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
