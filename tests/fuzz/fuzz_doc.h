/* fuzz_doc.h — invariants of a parley_doc and its sentences, checked by the reader harnesses.
 *
 * Header-only (includes fuzz_util.h). What read.h promises: the text is
 * NUL-terminated valid UTF-8 without NUL bytes; every paragraph, reference and
 * sentence span lies inside the text, on character boundaries, in order; no
 * sentence exceeds PARLEY_SENTENCE_MAX_BYTES; the hash is 32 hex digits; the
 * language is one of the documented tags. A violated invariant aborts. */
#ifndef PARLEY_FUZZ_DOC_H
#define PARLEY_FUZZ_DOC_H

#include <ctype.h>

#include "fuzz_util.h"
#include "parley/read.h"

static inline void fz_check_span(const parley_doc *d, parley_span s) {
  FZ_CHECK(s.start <= s.end);
  FZ_CHECK(s.end <= d->text_len);
  FZ_CHECK(fz_utf8_boundary(d->text, d->text_len, s.start));
  FZ_CHECK(fz_utf8_boundary(d->text, d->text_len, s.end));
}

static inline void fz_check_doc(const parley_doc *d) {
  FZ_CHECK(d != NULL);
  FZ_CHECK(d->text != NULL);
  FZ_CHECK(d->text[d->text_len] == '\0');
  FZ_CHECK(strlen(d->text) == d->text_len);
  FZ_CHECK(fz_utf8_ok(d->text, d->text_len));
  FZ_CHECK(d->id != NULL);
  FZ_CHECK(d->lang != NULL);
  FZ_CHECK(!strcmp(d->lang, "zh") || !strcmp(d->lang, "en") || !strcmp(d->lang, "mixed") || !strcmp(d->lang, "und") ||
           strlen(d->lang) < 16);
  FZ_CHECK(strlen(d->hash) == 32);
  for (int i = 0; i < 32; i++)
    FZ_CHECK(isxdigit((unsigned char)d->hash[i]));
  if (d->date) FZ_CHECK(strlen(d->date) == 10 && d->date[4] == '-' && d->date[7] == '-');
  size_t prev_end = 0;
  for (size_t i = 0; i < d->n_paras; i++) {
    fz_check_span(d, d->paras[i].span);
    FZ_CHECK(d->paras[i].span.start >= prev_end);
    prev_end = d->paras[i].span.end;
    FZ_CHECK(d->paras[i].kind == PARLEY_PARA_BODY || d->paras[i].kind == PARLEY_PARA_HEADING);
  }
  for (size_t i = 0; i < d->n_refs; i++) {
    const parley_reference *r = &d->refs[i];
    FZ_CHECK(r->outlet != NULL && r->headline != NULL);
    FZ_CHECK(fz_utf8_ok(r->outlet, strlen(r->outlet)));
    FZ_CHECK(fz_utf8_ok(r->headline, strlen(r->headline)));
    if (r->date) FZ_CHECK(strlen(r->date) == 10);
    fz_check_span(d, r->span);
  }
  if (d->notice) FZ_CHECK(fz_utf8_ok(d->notice, strlen(d->notice)));
  if (d->title) FZ_CHECK(fz_utf8_ok(d->title, strlen(d->title)));
  if (d->source) FZ_CHECK(fz_utf8_ok(d->source, strlen(d->source)));
}

/* Splits d into sentences and checks them. */
static inline void fz_check_sentences(const parley_doc *d) {
  parley_sentence *s = NULL;
  size_t n = 0;
  parley_error err;
  parley_error_clear(&err);
  int rc = parley_doc_sentences(d, &s, &n, &err);
  if (rc != PARLEY_OK) {
    FZ_CHECK(rc == PARLEY_ENOMEM);
    free(s);
    return;
  }
  size_t prev_end = 0;
  for (size_t i = 0; i < n; i++) {
    fz_check_span(d, s[i].span);
    FZ_CHECK(s[i].span.start < s[i].span.end);
    FZ_CHECK(s[i].span.end - s[i].span.start <= PARLEY_SENTENCE_MAX_BYTES);
    FZ_CHECK(s[i].span.start >= prev_end);
    prev_end = s[i].span.end;
    FZ_CHECK(s[i].paragraph < d->n_paras);
    FZ_CHECK(s[i].span.start >= d->paras[s[i].paragraph].span.start);
    FZ_CHECK(s[i].span.end <= d->paras[s[i].paragraph].span.end);
    FZ_CHECK(!strcmp(s[i].lang, "zh") || !strcmp(s[i].lang, "en") || !strcmp(s[i].lang, "und"));
  }
  free(s);
}

#endif
