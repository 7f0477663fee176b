/* fuzz_read_text.c — libFuzzer harness: the text / scraped-news reader (parley_doc_from_text).
 *
 * The input is a whole document as a text file would hold it. The first byte
 * picks the options (forced language, default date) so both detection and
 * the overrides are exercised; the rest is the text. Every document built is
 * checked against read.h's invariants, then split into sentences. Errors
 * (invalid UTF-8, NUL bytes, UTF-16, empty text) are fine; crashes, leaks and
 * broken invariants are not. */
#define _GNU_SOURCE
#include "fuzz_doc.h"
#include "fuzz_util.h"

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
  int rc = parley_doc_from_text((const char *)data + 1, size - 1, "fuzz.txt", &o, &doc, &err);
  if (rc == PARLEY_OK) {
    fz_check_doc(doc);
    if (o.lang) FZ_CHECK(!strcmp(doc->lang, o.lang));
    fz_check_sentences(doc);
    parley_doc_free(doc);
  } else {
    FZ_CHECK(doc == NULL);
    FZ_CHECK(rc < 0 && err.status == rc && err.message[0]);
  }
  return 0;
}
