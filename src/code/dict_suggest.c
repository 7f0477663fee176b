/* dict_suggest.c — stage 2 (code), used by stage 4 (ask): the dictionary
 * names and actor codes nearest to an unknown actor name, by Levenshtein
 * distance over Unicode code points with case folded, so that
 * `parley dyad Putn USA` can answer "did you mean: Putin?". */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "code/dict.h"
#include "parley/ask.h"

#define SUGGEST_MAX_CP 64

/* Decodes and case-folds s into cp; returns the number of code points (capped). */
static size_t fold(const char *s, int32_t *cp) {
  size_t n = 0, i = 0, len = strlen(s);
  while (i < len && n < SUGGEST_MAX_CP) {
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
    if (k <= 0) {
      i++;
      continue;
    }
    cp[n++] = utf8proc_tolower(c);
    i += (size_t)k;
  }
  return n;
}

static size_t levenshtein(const int32_t *a, size_t na, const int32_t *b, size_t nb) {
  size_t row[SUGGEST_MAX_CP + 1];
  for (size_t j = 0; j <= nb; j++)
    row[j] = j;
  for (size_t i = 1; i <= na; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= nb; j++) {
      size_t up = row[j];
      size_t best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[nb];
}

typedef struct cand {
  const char *text;
  size_t dist;
} cand;

static int cmp_cand(const void *x, const void *y) {
  const cand *a = x, *b = y;
  if (a->dist != b->dist) return a->dist < b->dist ? -1 : 1;
  return strcmp(a->text, b->text);
}

static void consider(cand *best, size_t *nbest, size_t max, const char *text, const int32_t *q, size_t nq) {
  if (!text || !*text) return;
  int32_t cp[SUGGEST_MAX_CP];
  size_t n = fold(text, cp);
  size_t longer = n > nq ? n : nq;
  size_t limit = longer / 3 ? longer / 3 : 1;
  size_t diff = n > nq ? n - nq : nq - n;
  if (diff > limit) return;
  size_t d = levenshtein(q, nq, cp, n);
  if (d > limit || d == 0) return;
  for (size_t i = 0; i < *nbest; i++)
    if (!strcmp(best[i].text, text)) return;
  cand c = {text, d};
  if (*nbest < max) {
    best[(*nbest)++] = c;
  } else if (cmp_cand(&c, &best[max - 1]) < 0) {
    best[max - 1] = c;
  } else {
    return;
  }
  qsort(best, *nbest, sizeof *best, cmp_cand);
}

size_t parley_dict_suggest_actors(const parley_dict *d, const char *name, const char **out, size_t max) {
  if (!d || !name || !max) return 0;
  int32_t q[SUGGEST_MAX_CP];
  size_t nq = fold(name, q);
  if (!nq) return 0;
  cand *best = calloc(max, sizeof *best);
  if (!best) return 0;
  size_t nbest = 0;
  for (size_t i = 0; i < d->nuses; i++) {
    const pd_use *u = &d->uses[i];
    if (u->type != PD_USE_NAME || u->idx >= d->nactors || d->actors[u->idx].kind == PD_TITLE) continue;
    consider(best, &nbest, max, u->text, q, nq);
  }
  for (size_t i = 0; i < d->nactors; i++)
    if (d->actors[i].kind == PD_ACTOR) consider(best, &nbest, max, d->actors[i].code, q, nq);
  for (size_t i = 0; i < nbest; i++)
    out[i] = best[i].text;
  free(best);
  return nbest;
}
