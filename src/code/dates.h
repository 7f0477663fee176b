/* dates.h — stage 2 (code), internal: finding and resolving dates in text.
 *
 * Works on NORMALISED sentence text (see parley_normalize: NFKC, lower case,
 * simplified Chinese; full-width digits are ASCII). A parley_date_ctx carries
 * what earlier sentences of the same document established: the document
 * date, the last year mentioned, the last full date mentioned. Each call
 * finds the date expressions of one sentence, resolves them and updates the
 * context. */
#ifndef PARLEY_CODE_DATES_H
#define PARLEY_CODE_DATES_H

#include <stddef.h>

#include "parley/code.h"

typedef struct parley_ymd {
  int y, m, d; /* 0 when unknown */
} parley_ymd;

typedef struct parley_date_ctx {
  parley_ymd doc;      /* document date (may be all 0) */
  int year;            /* last year mentioned or implied (自2025年…以来), 0 if none */
  parley_ymd last;     /* last fully resolved date mentioned (start of a range) */
  parley_ymd last_end; /* end of that range, or all 0 */
  int last_inferred;   /* 1 when last's month was not written but inferred from the document date (a day
                          alone, 30日; 昨天): a later day alone is then resolved from the document date too */
} parley_date_ctx;

typedef struct parley_date_mention {
  size_t start, end;   /* byte range in the normalised sentence text */
  parley_ymd date;     /* resolved start (fields 0 where unknown) */
  parley_ymd date_end; /* resolved end of a range (28日深夜至29日凌晨), or all 0 */
  int precision;       /* 3 day, 2 month, 1 year */
  parley_date_basis basis;
} parley_date_mention;

/* Parses "YYYY-MM-DD" (also "YYYY/MM/DD", "YYYYMMDD", "YYYY年M月D日"); returns 1 if valid. */
int parley_ymd_parse(const char *s, parley_ymd *out);
/* Writes "YYYY-MM-DD" (11 bytes with NUL); "" when y == 0. Month/day 0 print as 01. */
void parley_ymd_format(parley_ymd d, char out[11]);
/* 1 if y-m-d is a real calendar date. */
int parley_ymd_valid(parley_ymd d);
/* Adds days (may be negative) to a full date. */
parley_ymd parley_ymd_add_days(parley_ymd d, int days);
/* 0 = Monday … 6 = Sunday for a full date. */
int parley_ymd_weekday(parley_ymd d);
/* Compare: <0, 0, >0. */
int parley_ymd_cmp(parley_ymd a, parley_ymd b);

/* Finds date expressions in one normalised sentence (lang "zh" or "en"),
 * resolving them against ctx and updating ctx. Writes at most max mentions;
 * returns how many were found (may exceed max: only max are written). */
size_t parley_dates_find(const char *text, size_t len, const char *lang, parley_date_ctx *ctx, parley_date_mention *out,
                         size_t max);

/* Guesses a document date from its whole text and source list when no
 * metadata date exists: the latest full date of its references, else the
 * latest full explicit date in the text. Returns 1 when found. */
int parley_dates_guess_document(const parley_doc *doc, parley_ymd *out);

#endif
