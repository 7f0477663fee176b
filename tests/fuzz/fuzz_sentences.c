/* fuzz_sentences.c — libFuzzer harness: sentence splitting (parley_doc_sentences) and language detection.
 *
 * Checks parley_utf8_check against an independent validator and
 * parley_detect_lang on the raw bytes; then, for valid UTF-8, builds a text
 * document from the input repeated 1..64 times (the first byte says how
 * often, so that the PARLEY_SENTENCE_MAX_BYTES cut is reached from small
 * inputs) and checks that every sentence lies inside its paragraph, in
 * order, on character boundaries, and is no longer than the maximum. */
#define _GNU_SOURCE
#include "fuzz_doc.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  size_t bad = 0;
  const char *body = (const char *)data + 1;
  size_t blen = size - 1;
  int ok = parley_utf8_check(body, blen, &bad) == PARLEY_OK;
  FZ_CHECK(ok == fz_utf8_ok(body, blen));
  if (!ok) {
    FZ_CHECK(bad < blen);
    return 0;
  }
  const char *l = parley_detect_lang(body, blen);
  FZ_CHECK(l && (!strcmp(l, "zh") || !strcmp(l, "en") || !strcmp(l, "und")));
  size_t reps = (size_t)(data[0] & 63) + 1;
  if (blen * reps > (size_t)1 << 20) reps = 1;
  char *text = malloc(blen * reps + 1);
  if (!text) return 0;
  for (size_t i = 0; i < reps; i++)
    memcpy(text + i * blen, body, blen);
  parley_read_options o = parley_read_default_options();
  o.format = PARLEY_INPUT_TEXT;
  parley_doc *doc = NULL;
  parley_error err;
  parley_error_clear(&err);
  if (parley_doc_from_text(text, blen * reps, "fuzz.txt", &o, &doc, &err) == PARLEY_OK) {
    fz_check_doc(doc);
    fz_check_sentences(doc);
    parley_doc_free(doc);
  }
  free(text);
  return 0;
}
