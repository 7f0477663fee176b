/* fuzz_code.c — libFuzzer harness: the event coder (parley_code_doc) on arbitrary text with the real dictionaries.
 *
 * The dictionaries of dict/ are loaded once. Each input becomes a text
 * document (first byte: forced language and default date, as in
 * fuzz_read_text), is coded, and every event is checked (spans inside the
 * text and the evidence sentence, codes present in the CAMEO table, dates
 * well formed) and turned into its JSON line. The coder's work counter must
 * stay within a fixed multiple of the input size: a superlinear blow-up on
 * some input shows up here as an invariant failure, not only as a timeout.
 * Inputs of up to 256 bytes are also given to parley_dict_lookup and
 * parley_dict_resolve_actor as a word. */
#define _GNU_SOURCE
#include "fuzz_doc.h"
#include "fuzz_util.h"

#include "parley/code.h"

#ifndef PARLEY_DICT_DIR
#define PARLEY_DICT_DIR "dict"
#endif

static parley_dict *dict;
static parley_coder *coder;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  parley_error err;
  const char *dir = getenv("PARLEY_DICT");
  if (!dir || !*dir) dir = PARLEY_DICT_DIR;
  if (parley_dict_open(dir, &dict, &err) || parley_coder_open(dict, NULL, &coder, &err)) {
    fprintf(stderr, "fuzz_code: %s:%ld: %s\n", err.file, err.line, err.message);
    abort();
  }
  return 0;
}

static void count_chars(void *ctx, const char *line) {
  FZ_CHECK(line != NULL && fz_utf8_ok(line, strlen(line)));
  *(size_t *)ctx += strlen(line);
}

static void check_date(const char *s) {
  size_t n = strlen(s);
  FZ_CHECK(n == 0 || (n == 10 && s[4] == '-' && s[7] == '-'));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  uint8_t mode = data[0];
  parley_read_options o = parley_read_default_options();
  o.format = PARLEY_INPUT_TEXT;
  if (mode & 1) o.lang = (mode & 2) ? "zh" : "en";
  if (mode & 4) o.date = "2025-03-01";
  parley_doc *doc = NULL;
  parley_error err;
  parley_error_clear(&err);
  if (size <= 257) {
    /* Short inputs are also looked up as a word and resolved as an actor name. */
    char *word = fz_strndup(data + 1, size - 1);
    size_t chars = 0;
    long n = parley_dict_lookup(dict, word, count_chars, &chars, &err);
    FZ_CHECK(n >= 0 || err.message[0]);
    char code[32], country[8];
    if (parley_dict_resolve_actor(dict, word, (mode & 8) ? "2020-06-01" : NULL, code, country, &err) == PARLEY_OK) {
      FZ_CHECK(memchr(code, 0, sizeof code) && code[0]);
      FZ_CHECK(memchr(country, 0, sizeof country));
    }
    free(word);
  }
  if (parley_doc_from_text((const char *)data + 1, size - 1, "fuzz.txt", &o, &doc, &err) != PARLEY_OK) return 0;
  parley_code_stats before, after;
  parley_code_stats_get(coder, &before);
  parley_events ev = {0};
  int rc = parley_code_doc(coder, doc, &ev, &err);
  parley_code_stats_get(coder, &after);
  /* Work bound: generous, but linear in the input. */
  FZ_CHECK(after.steps - before.steps <= 20000 + 4000 * (size_t)size);
  if (rc == PARLEY_OK) {
    for (size_t i = 0; i < ev.count; i++) {
      const parley_event *e = &ev.items[i];
      fz_check_span(doc, e->span);
      fz_check_span(doc, e->evidence);
      FZ_CHECK(e->evidence.start <= e->span.start && e->span.end <= e->evidence.end);
      FZ_CHECK(parley_dict_cameo(dict, e->event_code) != NULL);
      FZ_CHECK(e->quad_class >= 1 && e->quad_class <= 4);
      check_date(e->date);
      check_date(e->date_end);
      for (size_t k = 0; k < e->n_claims; k++)
        fz_check_span(doc, e->claims[k].span);
      char *j = parley_event_to_json(e, doc, dict);
      FZ_CHECK(j != NULL && fz_utf8_ok(j, strlen(j)));
      free(j);
    }
    parley_events_free(&ev);
  } else {
    FZ_CHECK(err.message[0]);
  }
  parley_doc_free(doc);
  return 0;
}
