/* test_coding_eval.c — precision and recall of the coder on gold sentences.
 *
 * Each file of tests/data/coding/ holds sentences with the events a human
 * coder expects, as SRC>TGT:ROOT items over countries. The coder's events
 * are reduced to the same (source country, target country, root) triples;
 * the test prints precision and recall per file and fails below the floors
 * set here from measured runs (see the comment on each floor). */
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
static parley_coder *coder;

typedef struct eval_set {
  const char *file;
  double min_precision, min_recall;
} eval_set;

/* Floors: the values measured on 2026-11-26 after the English recall and the
 * Chinese dictionary work (precision / recall: en-synthetic 0.940 / 0.644,
 * en-real 0.967 / 0.551, zh-real 0.924 / 0.733, en-dev 0.980 / 0.926,
 * en-heldout 0.907 / 0.790, en-fresh 0.968 / 0.882, zh-dev 0.931 / 0.858, trade-dev 0.896 / 0.915)
 * less about 0.05, so that a regression fails while small dictionary edits
 * do not. */
static const eval_set sets[] = {
    {"en-synthetic.tsv", 0.89, 0.59},
    {"en-real.tsv", 0.91, 0.50},
    {"zh-real.tsv", 0.87, 0.68},
    /* a development set the English rules were tuned on (see its header): its
     * figures are optimistic, the floors only catch regressions */
    {"en-dev.tsv", 0.93, 0.86},
    /* written after the English rules were changed, measured (P 0.864, R 0.613
     * for the rules of that time), then used to find further misses */
    {"en-heldout.tsv", 0.85, 0.74},
    /* written at the end of that work, measured once (P 0.933, R 0.824), then
     * one shadowed-pattern fix */
    {"en-fresh.tsv", 0.91, 0.77},
    /* a development set the Chinese dictionaries were edited on (see its
     * header): its figures are optimistic, the floors only catch regressions */
    {"zh-dev.tsv", 0.88, 0.80},
    /* a development set of trade-war and economic-coercion news (both
     * languages) the trade patterns were written on: optimistic figures */
    {"trade-dev.tsv", 0.84, 0.86},
};

/* The 3-letter tag of an actor for scoring: its country, or for IGOs without
 * one the last three letters of the code (IGOUNO → UNO, IGOWSTNAT → NAT). */
static void tag_of(const parley_actor *a, char out[4]) {
  if (a->country[0]) {
    snprintf(out, 4, "%s", a->country);
    return;
  }
  size_t l = strlen(a->code);
  snprintf(out, 4, "%s", l >= 3 ? a->code + l - 3 : a->code);
}

typedef struct triple {
  char s[4], t[4], r[3];
} triple;

static int has(const triple *v, int n, const triple *x) {
  for (int i = 0; i < n; i++)
    if (!strcmp(v[i].s, x->s) && !strcmp(v[i].t, x->t) && !strcmp(v[i].r, x->r)) return 1;
  return 0;
}

static void run_set(const eval_set *es) {
  char path[1024];
  snprintf(path, sizeof path, "%s/tests/data/coding/%s", PARLEY_SRC, es->file);
  FILE *f = fopen(path, "r");
  if (!f) fail_msg("cannot open %s", path);
  char *line = NULL;
  size_t cap = 0;
  long tp = 0, fp = 0, fn = 0, rows = 0;
  int header = 1;
  while (getline(&line, &cap, f) > 0) {
    if (line[0] == '#' || line[0] == '\n') continue;
    if (header) {
      header = 0;
      continue;
    }
    char *fields[6] = {0};
    int nf = 0;
    char *p = line;
    while (nf < 6) {
      fields[nf++] = p;
      char *tab = strchr(p, '\t');
      if (!tab) break;
      *tab = '\0';
      p = tab + 1;
    }
    if (nf < 4) fail_msg("%s: a row with %d fields", es->file, nf);
    char *nl = strchr(fields[nf - 1], '\n');
    if (nl) *nl = '\0';
    const char *id = fields[0], *date = fields[1], *text = fields[2];
    char *expected = fields[3];
    triple want[64], got[64];
    int nw = 0, ng = 0;
    for (char *tok = strtok(expected, ";"); tok && nw < 64; tok = strtok(NULL, ";")) {
      while (*tok == ' ')
        tok++;
      if (strlen(tok) < 10) continue;
      triple x;
      memset(&x, 0, sizeof x);
      memcpy(x.s, tok, 3);
      memcpy(x.t, tok + 4, 3);
      memcpy(x.r, tok + 8, 2);
      if (!has(want, nw, &x)) want[nw++] = x;
    }
    parley_read_options ro = parley_read_default_options();
    ro.format = PARLEY_INPUT_TEXT;
    ro.date = date;
    parley_doc *doc = NULL;
    parley_error err;
    parley_error_clear(&err);
    if (parley_doc_from_text(text, strlen(text), id, &ro, &doc, &err)) fail_msg("%s: %s", id, err.message);
    parley_events ev = {0};
    if (parley_code_doc(coder, doc, &ev, &err)) fail_msg("%s: %s", id, err.message);
    for (size_t i = 0; i < ev.count && ng < 64; i++) {
      triple x;
      memset(&x, 0, sizeof x);
      tag_of(&ev.items[i].source, x.s);
      tag_of(&ev.items[i].target, x.t);
      memcpy(x.r, ev.items[i].root_code, 2);
      if (!has(got, ng, &x)) got[ng++] = x;
    }
    for (int i = 0; i < ng; i++) {
      if (has(want, nw, &got[i]))
        tp++;
      else {
        fp++;
        if (getenv("PARLEY_EVAL_VERBOSE"))
          fprintf(stderr, "  FP %s %s>%s:%s  %s\n", id, got[i].s, got[i].t, got[i].r, text);
      }
    }
    for (int i = 0; i < nw; i++)
      if (!has(got, ng, &want[i])) {
        fn++;
        if (getenv("PARLEY_EVAL_VERBOSE"))
          fprintf(stderr, "  FN %s %s>%s:%s  %s\n", id, want[i].s, want[i].t, want[i].r, text);
      }
    parley_events_free(&ev);
    parley_doc_free(doc);
    rows++;
  }
  free(line);
  fclose(f);
  double precision = tp + fp ? (double)tp / (double)(tp + fp) : 0.0;
  double recall = tp + fn ? (double)tp / (double)(tp + fn) : 0.0;
  printf(
      "coding eval %-18s sentences %3ld  tp %3ld fp %3ld fn %3ld  precision %.3f  recall %.3f  (floors %.2f / %.2f)\n",
      es->file, rows, tp, fp, fn, precision, recall, es->min_precision, es->min_recall);
  assert_true(rows >= 30);
  if (precision < es->min_precision) fail_msg("%s: precision %.3f below %.2f", es->file, precision, es->min_precision);
  if (recall < es->min_recall) fail_msg("%s: recall %.3f below %.2f", es->file, recall, es->min_recall);
}

static void en_synthetic(void **state) { (void)state, run_set(&sets[0]); }
static void en_real(void **state) { (void)state, run_set(&sets[1]); }
static void zh_real(void **state) { (void)state, run_set(&sets[2]); }
static void en_dev(void **state) { (void)state, run_set(&sets[3]); }
static void en_heldout(void **state) { (void)state, run_set(&sets[4]); }
static void en_fresh(void **state) { (void)state, run_set(&sets[5]); }
static void zh_dev(void **state) { (void)state, run_set(&sets[6]); }
static void trade_dev(void **state) { (void)state, run_set(&sets[7]); }

static int setup(void **state) {
  (void)state;
  parley_error err;
  parley_error_clear(&err);
  if (parley_dict_open(PARLEY_DICT_DIR, &dict, &err)) return -1;
  return parley_coder_open(dict, NULL, &coder, &err);
}

static int teardown(void **state) {
  (void)state;
  parley_coder_close(coder);
  parley_dict_close(dict);
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(en_synthetic), cmocka_unit_test(en_real),    cmocka_unit_test(zh_real),
      cmocka_unit_test(en_dev),       cmocka_unit_test(en_heldout), cmocka_unit_test(en_fresh),
      cmocka_unit_test(zh_dev),       cmocka_unit_test(trade_dev),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
