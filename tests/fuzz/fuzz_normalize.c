/* fuzz_normalize.c — libFuzzer harness: normalisation for matching (parley_normalize).
 *
 * Runs NFKC + case folding + traditional→simplified on the raw input. Invalid
 * UTF-8 must be refused with PARLEY_EUTF8 exactly when the input is invalid;
 * otherwise the output must be valid UTF-8 without NUL bytes (unless the input
 * had them), and the map back to the original must start at base, never
 * decrease, stay within [base, base + len] and end at base + len. */
#define _GNU_SOURCE
#include "fuzz_util.h"

#include "parley/read.h"

static parley_normalizer *norm;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  parley_error err;
  if (parley_normalizer_open(&norm, &err)) {
    fprintf(stderr, "fuzz_normalize: %s\n", err.message);
    abort();
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  size_t base = size % 7;
  parley_normtext t;
  parley_error err;
  parley_error_clear(&err);
  int rc = parley_normalize(norm, s, size, base, &t, &err);
  if (!fz_utf8_ok(s, size)) {
    FZ_CHECK(rc == PARLEY_EUTF8);
    return 0;
  }
  if (rc == PARLEY_ENOMEM) return 0;
  FZ_CHECK(rc == PARLEY_OK);
  FZ_CHECK(t.text && t.orig);
  FZ_CHECK(t.text[t.len] == '\0');
  FZ_CHECK(fz_utf8_ok(t.text, t.len));
  if (!memchr(s, 0, size)) FZ_CHECK(strlen(t.text) == t.len);
  FZ_CHECK(t.orig[t.len] == base + size);
  for (size_t i = 0; i < t.len; i++) {
    FZ_CHECK(t.orig[i] >= base && t.orig[i] <= base + size);
    if (i) FZ_CHECK(t.orig[i] >= t.orig[i - 1]);
  }
  if (t.len) FZ_CHECK(t.orig[t.len] >= t.orig[t.len - 1]);
  parley_normtext_free(&t);
  return 0;
}
