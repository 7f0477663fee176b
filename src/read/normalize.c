/* normalize.c — text normalisation for matching: NFKC + case folding + traditional → simplified Chinese,
 * with a map from every output byte back to its original byte offset.
 *
 * Part of the read stage. The input is processed one unit at a time:
 *  - an ASCII byte not followed by a combining mark: lower-cased as is;
 *  - a common CJK ideograph (U+3400-4DBF, U+4E00-9FFF) not followed by a
 *    combining mark: only the traditional → simplified table applies;
 *  - anything else: the grapheme cluster (a starter and the marks that belong
 *    to it, at most MAX_CLUSTER code points) goes through utf8proc (NFKC +
 *    case fold), then Han characters of the result are converted.
 * Every output byte of a unit maps to the unit's first original byte; so for
 * a normalised range [i, j) on unit boundaries, [orig[i], orig[j]) is the
 * original range. Traditional → simplified uses OpenCC's "t2s.json" one
 * character at a time (no phrase conversion), cached per normaliser: a lazily
 * filled table for the Basic Multilingual Plane; characters beyond it are
 * converted on every use (they are rare). A normaliser is not thread-safe;
 * open one per thread. */
#include <opencc/opencc.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "read/internal.h"

#define MAX_CLUSTER 32
#define UNMAPPED 0u           /* table entry not computed yet */
#define POOL_FLAG 0x80000000u /* entry is (POOL_FLAG | offset) into the pool: a multi-character result */

struct parley_normalizer {
  opencc_t cc;
  uint32_t *bmp; /* 65536 entries: UNMAPPED, a code point, or POOL_FLAG | pool offset */
  rd_buf pool;   /* multi-character conversions: one length byte + UTF-8 */
};

static const utf8proc_option_t NORM_OPTS = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD;

int parley_normalizer_open(parley_normalizer **out, parley_error *err) {
  if (!out) return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "parley_normalizer_open: NULL output");
  *out = NULL;
  parley_normalizer *n = calloc(1, sizeof *n);
  if (!n) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  n->bmp = calloc(65536, sizeof *n->bmp);
  if (!n->bmp) {
    free(n);
    return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  }
  static const char *const configs[] = {"t2s.json", "/usr/share/opencc/t2s.json", "/usr/local/share/opencc/t2s.json"};
  n->cc = (opencc_t)-1;
  const char *why = NULL;
  for (size_t i = 0; i < sizeof configs / sizeof configs[0] && n->cc == (opencc_t)-1; i++) {
    n->cc = opencc_open(configs[i]);
    if (n->cc == (opencc_t)-1 && !why) why = opencc_error();
  }
  if (n->cc == (opencc_t)-1) {
    free(n->bmp);
    free(n);
    return parley_error_set(err, PARLEY_EIO, NULL, 0,
                            "cannot open the OpenCC configuration \"t2s.json\" (%s); install the OpenCC data "
                            "files (Debian: opencc / libopencc-data)",
                            why ? why : "unknown error");
  }
  *out = n;
  return PARLEY_OK;
}

void parley_normalizer_close(parley_normalizer *n) {
  if (!n) return;
  if (n->cc != (opencc_t)-1) opencc_close(n->cc);
  free(n->bmp);
  rd_buf_free(&n->pool);
  free(n);
}

/* ---- output --------------------------------------------------------------------- */

typedef struct outbuf {
  char *text;
  size_t *orig;
  size_t len, cap;
} outbuf;

static int out_reserve(outbuf *o, size_t extra) {
  if (o->len + extra + 1 <= o->cap) return 0;
  size_t cap = o->cap ? o->cap : 256;
  while (cap < o->len + extra + 1)
    cap *= 2;
  char *t = realloc(o->text, cap);
  if (!t) return -1;
  o->text = t;
  size_t *m = realloc(o->orig, cap * sizeof *m);
  if (!m) return -1;
  o->orig = m;
  o->cap = cap;
  return 0;
}

static int out_bytes(outbuf *o, const char *s, size_t n, size_t orig) {
  if (out_reserve(o, n)) return -1;
  for (size_t i = 0; i < n; i++) {
    o->text[o->len] = s[i];
    o->orig[o->len++] = orig;
  }
  return 0;
}

/* ---- traditional → simplified --------------------------------------------------- */

/* Converts one Han character with OpenCC; writes UTF-8 to out (cap bytes). Returns the length. */
static size_t t2s_opencc(parley_normalizer *n, uint32_t cp, char *out, size_t cap) {
  char in[5];
  size_t k = rd_utf8_encode(cp, in);
  in[k] = '\0';
  char *res = opencc_convert_utf8(n->cc, in, k);
  size_t len = 0;
  if (res) {
    len = strlen(res);
    if (len == 0 || len >= cap || parley_utf8_check(res, len, NULL) != PARLEY_OK)
      len = 0;
    else
      memcpy(out, res, len);
    opencc_convert_utf8_free(res);
  }
  if (!len) {
    memcpy(out, in, k);
    len = k;
  }
  return len;
}

/* Appends the simplified form of Han character cp. */
static int out_han(parley_normalizer *n, outbuf *o, uint32_t cp, size_t orig) {
  char buf[64];
  if (cp >= 0x10000) {
    size_t len = t2s_opencc(n, cp, buf, sizeof buf);
    return out_bytes(o, buf, len, orig);
  }
  uint32_t e = n->bmp[cp];
  if (e == UNMAPPED) {
    size_t len = t2s_opencc(n, cp, buf, sizeof buf);
    uint32_t c2;
    size_t k = rd_utf8_next(buf, len, 0, &c2);
    if (k == len) {
      e = c2;
    } else { /* more than one character: keep it in the pool */
      if (n->pool.len >= POOL_FLAG - 64) return out_bytes(o, buf, len, orig);
      e = POOL_FLAG | (uint32_t)n->pool.len;
      char lb = (char)len;
      if (rd_buf_append(&n->pool, &lb, 1) || rd_buf_append(&n->pool, buf, len)) return -1;
    }
    n->bmp[cp] = e;
  }
  if (e & POOL_FLAG) {
    const char *p = n->pool.p + (e & ~POOL_FLAG);
    return out_bytes(o, p + 1, (unsigned char)p[0], orig);
  }
  size_t k = rd_utf8_encode(e, buf);
  return out_bytes(o, buf, k, orig);
}

/* ---- the main loop ----------------------------------------------------------------- */

static int is_common_han(uint32_t cp) { return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF); }

/* 1 if the code point at s[i] would join the preceding one in a grapheme cluster. */
static int continues_cluster(const char *s, size_t len, size_t i, uint32_t prev, utf8proc_int32_t *state) {
  if (i >= len || (unsigned char)s[i] < 0x80) return 0;
  uint32_t cp;
  rd_utf8_next(s, len, i, &cp);
  return !utf8proc_grapheme_break_stateful((utf8proc_int32_t)prev, (utf8proc_int32_t)cp, state);
}

int parley_normalize(parley_normalizer *n, const char *s, size_t len, size_t base, parley_normtext *out,
                     parley_error *err) {
  if (!out) return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "parley_normalize: NULL output");
  memset(out, 0, sizeof *out);
  if (!n || (!s && len)) return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "parley_normalize: NULL argument");
  if (!s) s = "";
  size_t bad;
  if (parley_utf8_check(s, len, &bad) != PARLEY_OK) {
    parley_error_set(err, PARLEY_EUTF8, NULL, 0, "invalid UTF-8 at byte %zu", base + bad);
    if (err) err->offset = (long long)(base + bad);
    return PARLEY_EUTF8;
  }
  outbuf o = {0};
  utf8proc_int32_t stack[64];
  utf8proc_int32_t *heap = NULL;
  int st = PARLEY_ENOMEM;
  if (out_reserve(&o, len + len / 4)) goto fail;
  size_t i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80 && (i + 1 >= len || (unsigned char)s[i + 1] < 0x80)) {
      if (out_reserve(&o, 1)) goto fail;
      o.text[o.len] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
      o.orig[o.len++] = base + i;
      i++;
      continue;
    }
    uint32_t cp;
    size_t k = rd_utf8_next(s, len, i, &cp);
    utf8proc_int32_t state = 0;
    size_t j = i + k;
    uint32_t prev = cp;
    int ncp = 1;
    while (ncp < MAX_CLUSTER && continues_cluster(s, len, j, prev, &state)) {
      j += rd_utf8_next(s, len, j, &prev);
      ncp++;
    }
    if (ncp == 1 && is_common_han(cp)) {
      if (out_han(n, &o, cp, base + i)) goto fail;
      i = j;
      continue;
    }
    /* NFKC + case fold of the cluster s[i..j). */
    utf8proc_int32_t *buf = stack;
    utf8proc_ssize_t cnt =
        utf8proc_decompose((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(j - i), buf, 64, NORM_OPTS);
    if (cnt > 64) {
      free(heap);
      heap = malloc((size_t)cnt * sizeof *heap);
      if (!heap) goto fail;
      buf = heap;
      cnt = utf8proc_decompose((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(j - i), buf, cnt, NORM_OPTS);
    }
    if (cnt >= 0) cnt = utf8proc_normalize_utf32(buf, cnt, NORM_OPTS);
    if (cnt < 0) { /* cannot happen on valid UTF-8; keep the bytes */
      if (out_bytes(&o, s + i, j - i, base + i)) goto fail;
      i = j;
      continue;
    }
    for (utf8proc_ssize_t q = 0; q < cnt; q++) {
      uint32_t r = (uint32_t)buf[q];
      if (rd_is_han(r)) {
        if (out_han(n, &o, r, base + i)) goto fail;
      } else {
        char e[4];
        size_t el = rd_utf8_encode(r, e);
        if (out_bytes(&o, e, el, base + i)) goto fail;
      }
    }
    i = j;
  }
  if (out_reserve(&o, 0)) goto fail;
  o.text[o.len] = '\0';
  o.orig[o.len] = base + len;
  out->text = o.text;
  out->orig = o.orig;
  out->len = o.len;
  free(heap);
  return PARLEY_OK;
fail:
  free(heap);
  free(o.text);
  free(o.orig);
  return parley_error_set(err, st, NULL, 0, "out of memory normalising text");
}

void parley_normtext_free(parley_normtext *t) {
  if (!t) return;
  free(t->text);
  free(t->orig);
  memset(t, 0, sizeof *t);
}
