/* test_code_util.h — what the coder's rule tests share: the real dictionaries
 * and one coder (opened by code_setup, closed by code_teardown), code() to
 * read and code a short text, find() to look for an event among the results.
 * Header-only; include after <cmocka.h>. */
#ifndef PARLEY_TEST_CODE_UTIL_H
#define PARLEY_TEST_CODE_UTIL_H

#include <string.h>

#include "parley/parley.h"

static parley_dict *dict;
static parley_coder *coder;

/* Reads text as one plain-text document dated date and codes it. */
static parley_events code(const char *text, const char *date) {
  parley_read_options ro = parley_read_default_options();
  ro.format = PARLEY_INPUT_TEXT;
  ro.date = date;
  parley_doc *doc = NULL;
  parley_error err;
  parley_error_clear(&err);
  parley_events ev = {0};
  if (parley_doc_from_text(text, strlen(text), "t", &ro, &doc, &err)) fail_msg("read: %s", err.message);
  if (parley_code_doc(coder, doc, &ev, &err)) fail_msg("code: %s", err.message);
  parley_doc_free(doc);
  return ev;
}

/* The first event from source s to target t (actor codes or countries) with
 * root code root (any when NULL), or NULL. */
static const parley_event *find(const parley_events *ev, const char *s, const char *t, const char *root) {
  for (size_t i = 0; i < ev->count; i++) {
    const parley_event *e = &ev->items[i];
    if ((strcmp(e->source.code, s) && strcmp(e->source.country, s)) ||
        (strcmp(e->target.code, t) && strcmp(e->target.country, t)))
      continue;
    if (root && strcmp(e->root_code, root)) continue;
    return e;
  }
  return NULL;
}

static int code_setup(void **state) {
  (void)state;
  parley_error err;
  parley_error_clear(&err);
  if (parley_dict_open(PARLEY_DICT_DIR, &dict, &err)) return -1;
  return parley_coder_open(dict, NULL, &coder, &err);
}

static int code_teardown(void **state) {
  (void)state;
  parley_coder_close(coder);
  parley_dict_close(dict);
  return 0;
}

#endif
