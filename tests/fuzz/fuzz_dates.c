/* fuzz_dates.c — libFuzzer harness: finding and resolving dates (parley_dates_find, parley_ymd_*).
 *
 * The first two bytes choose the language and the context (document date,
 * carried year: ordinary, leap-day, year-end, far past and far future
 * values). The rest is split at newlines into sentences, each normalised as
 * the coder does and passed to parley_dates_find with one shared context,
 * so carried and relative dates resolve against earlier sentences. Checks:
 * mention ranges lie in the sentence and do not exceed the count returned;
 * a day-precision date is a real calendar date; month and day are in range.
 * Each line is also given to parley_ymd_parse (a parsed date is valid and
 * formats back to YYYY-MM-DD), and the whole input, as a document, to
 * parley_dates_guess_document. */
#define _GNU_SOURCE
#include "fuzz_doc.h"
#include "fuzz_util.h"

#include "code/dates.h"
#include "parley/read.h"

static parley_normalizer *norm;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  parley_error err;
  if (parley_normalizer_open(&norm, &err)) {
    fprintf(stderr, "fuzz_dates: %s\n", err.message);
    abort();
  }
  return 0;
}

static const parley_ymd doc_dates[8] = {{2025, 3, 1}, {0, 0, 0},      {2024, 2, 29}, {2025, 12, 31},
                                        {1, 1, 1},    {9999, 12, 31}, {2000, 1, 1},  {1970, 1, 1}};
static const int years[4] = {0, 2025, 1, 9999};

static void check_ymd(parley_ymd d) {
  FZ_CHECK(d.m >= 0 && d.m <= 12);
  FZ_CHECK(d.d >= 0 && d.d <= 31);
}

static void one_sentence(const char *s, size_t len, const char *lang, parley_date_ctx *ctx) {
  parley_normtext t;
  parley_error err;
  if (parley_normalize(norm, s, len, 0, &t, &err) != PARLEY_OK) return;
  parley_date_mention m[8];
  size_t n = parley_dates_find(t.text, t.len, lang, ctx, m, 8);
  size_t k = n < 8 ? n : 8;
  for (size_t i = 0; i < k; i++) {
    FZ_CHECK(m[i].start <= m[i].end && m[i].end <= t.len);
    FZ_CHECK(m[i].precision >= 0 && m[i].precision <= 3);
    check_ymd(m[i].date);
    check_ymd(m[i].date_end);
    if (m[i].precision == 3 && m[i].date.y) FZ_CHECK(parley_ymd_valid(m[i].date));
    if (m[i].precision == 3 && m[i].date_end.y) FZ_CHECK(parley_ymd_valid(m[i].date_end));
    char buf[11];
    parley_ymd_format(m[i].date, buf);
    FZ_CHECK(strlen(buf) == 0 || strlen(buf) == 10);
  }
  /* max == 0 must write nothing and still count. */
  parley_date_ctx c2 = *ctx;
  (void)parley_dates_find(t.text, t.len, lang, &c2, NULL, 0);
  check_ymd(ctx->last);
  check_ymd(ctx->last_end);
  parley_normtext_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  const char *lang = (data[0] & 1) ? "en" : "zh";
  parley_date_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.doc = doc_dates[(data[0] >> 1) & 7];
  ctx.year = years[(data[0] >> 4) & 3];
  if (data[1] & 1) ctx.last = ctx.doc;
  const char *s = (const char *)data + 2;
  size_t len = size - 2;
  size_t a = 0;
  while (a <= len) {
    const char *nl = memchr(s + a, '\n', len - a);
    size_t b = nl ? (size_t)(nl - s) : len;
    one_sentence(s + a, b - a, lang, &ctx);
    if (b - a < 64) {
      char line[64];
      memcpy(line, s + a, b - a);
      line[b - a] = '\0';
      parley_ymd d;
      if (parley_ymd_parse(line, &d)) {
        FZ_CHECK(parley_ymd_valid(d));
        char out[11];
        parley_ymd_format(d, out);
        FZ_CHECK(strlen(out) == 10);
        parley_ymd back;
        FZ_CHECK(parley_ymd_parse(out, &back) && parley_ymd_cmp(back, d) == 0);
        int wd = parley_ymd_weekday(d);
        FZ_CHECK(wd >= 0 && wd <= 6);
        parley_ymd e = parley_ymd_add_days(d, (int)(data[1]) - 128);
        if (e.y) check_ymd(e);
      }
    }
    a = b + 1;
  }
  if (fz_utf8_ok(s, len)) {
    parley_read_options o = parley_read_default_options();
    o.format = PARLEY_INPUT_TEXT;
    parley_doc *doc = NULL;
    parley_error err;
    if (parley_doc_from_text(s, len, "fuzz.txt", &o, &doc, &err) == PARLEY_OK) {
      parley_ymd g;
      if (parley_dates_guess_document(doc, &g)) FZ_CHECK(parley_ymd_valid(g));
      parley_doc_free(doc);
    }
  }
  return 0;
}
