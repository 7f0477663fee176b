/* utf8.c — UTF-8 validation and decoding, character classes, byte buffers and
 * the content hash.
 *
 * Part of the read stage. parley_utf8_check is strict (RFC 3629): overlong
 * forms, UTF-16 surrogates, code points above U+10FFFF and truncated
 * sequences are invalid. rd_check_input turns a failure into an error record
 * with file, line, column and byte offset. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "read/internal.h"

/* ---- strings and buffers --------------------------------------------------- */

char *rd_strndup(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p) return NULL;
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *rd_strdup(const char *s) { return s ? rd_strndup(s, strlen(s)) : NULL; }

int rd_buf_reserve(rd_buf *b, size_t extra) {
  if (extra > SIZE_MAX - b->len - 1) return -1;
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need)
    cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  char *p = realloc(b->p, cap);
  if (!p) return -1;
  b->p = p;
  b->cap = cap;
  return 0;
}

int rd_buf_append(rd_buf *b, const char *s, size_t n) {
  if (rd_buf_reserve(b, n)) return -1;
  if (n) memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
  return 0;
}

int rd_buf_putc(rd_buf *b, char c) { return rd_buf_append(b, &c, 1); }

void rd_buf_free(rd_buf *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
}

char *rd_buf_take(rd_buf *b) {
  if (!b->p && rd_buf_reserve(b, 0)) return NULL;
  b->p[b->len] = '\0';
  char *p = b->p;
  b->p = NULL;
  b->len = b->cap = 0;
  return p;
}

/* ---- UTF-8 ------------------------------------------------------------------ */

/* Length of the valid sequence at p[0..n) or 0 if invalid. */
static size_t seq_len(const unsigned char *p, size_t n) {
  unsigned c = p[0];
  if (c < 0x80) return 1;
  size_t k;
  if (c >= 0xC2 && c <= 0xDF)
    k = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    k = 3;
  else if (c >= 0xF0 && c <= 0xF4)
    k = 4;
  else
    return 0;
  if (n < k) return 0;
  unsigned c1 = p[1];
  if ((c1 & 0xC0) != 0x80) return 0;
  if (c == 0xE0 && c1 < 0xA0) return 0; /* overlong */
  if (c == 0xED && c1 > 0x9F) return 0; /* surrogate */
  if (c == 0xF0 && c1 < 0x90) return 0; /* overlong */
  if (c == 0xF4 && c1 > 0x8F) return 0; /* > U+10FFFF */
  for (size_t i = 2; i < k; i++)
    if ((p[i] & 0xC0) != 0x80) return 0;
  return k;
}

int parley_utf8_check(const char *s, size_t len, size_t *bad_offset) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    /* ASCII fast path, 8 bytes at a time. */
    while (i + 8 <= len) {
      uint64_t w;
      memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= len) break;
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    size_t k = seq_len(p + i, len - i);
    if (!k) {
      if (bad_offset) *bad_offset = i;
      return PARLEY_EUTF8;
    }
    i += k;
  }
  return PARLEY_OK;
}

size_t rd_utf8_next(const char *s, size_t len, size_t i, uint32_t *cp) {
  const unsigned char *p = (const unsigned char *)s + i;
  unsigned c = p[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t k = seq_len(p, len - i);
  switch (k) {
  case 2: *cp = ((uint32_t)(c & 0x1F) << 6) | (p[1] & 0x3F); return 2;
  case 3: *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F); return 3;
  case 4:
    *cp =
        ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) | ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    return 4;
  default: *cp = 0xFFFD; return 1;
  }
}

size_t rd_utf8_prev(const char *s, size_t start, size_t i, uint32_t *cp) {
  size_t j = i - 1;
  while (j > start && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80)
    j--;
  size_t k = rd_utf8_next(s, i, j, cp);
  if (j + k != i) { /* not a clean sequence: treat the last byte alone */
    *cp = 0xFFFD;
    return 1;
  }
  return k;
}

size_t rd_utf8_encode(uint32_t cp, char *out) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

/* ---- character classes ---------------------------------------------------------- */

int rd_is_han(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x2FA1F) || (cp >= 0x30000 && cp <= 0x3134F) || cp == 0x3007;
}

int rd_is_cjk(uint32_t cp) {
  return rd_is_han(cp) || (cp >= 0x3000 && cp <= 0x30FF) || /* CJK symbols, kana */
         (cp >= 0xAC00 && cp <= 0xD7AF) ||                  /* hangul syllables */
         (cp >= 0xFF01 && cp <= 0xFF60) ||                  /* full-width forms */
         (cp >= 0x2E80 && cp <= 0x2FDF);                    /* radicals */
}

int rd_is_latin_letter(uint32_t cp) {
  if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
         (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
}

int rd_is_space(uint32_t cp) {
  switch (cp) {
  case ' ':
  case '\t':
  case '\n':
  case '\v':
  case '\f':
  case '\r':
  case 0x85:
  case 0xA0:
  case 0x1680:
  case 0x2028:
  case 0x2029:
  case 0x202F:
  case 0x205F:
  case 0x3000:
  case 0xFEFF: return 1;
  default: return cp >= 0x2000 && cp <= 0x200B;
  }
}

int rd_digit_value(uint32_t cp) {
  if (cp >= '0' && cp <= '9') return (int)(cp - '0');
  if (cp >= 0xFF10 && cp <= 0xFF19) return (int)(cp - 0xFF10);
  return -1;
}

int rd_is_digit(uint32_t cp) { return rd_digit_value(cp) >= 0; }

int rd_is_alnum(uint32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
  utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
         (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

int rd_has_alnum(const char *s, size_t a, size_t b) {
  for (size_t p = a; p < b;) {
    unsigned char c = (unsigned char)s[p];
    if (c < 0x80) {
      if (rd_is_alnum(c)) return 1;
      p++;
      continue;
    }
    uint32_t cp;
    p += rd_utf8_next(s, b, p, &cp);
    if (rd_is_alnum(cp)) return 1;
  }
  return 0;
}

void rd_trim(const char *s, size_t *start, size_t *end) {
  size_t a = *start, b = *end;
  while (a < b) {
    uint32_t cp;
    size_t k = rd_utf8_next(s, b, a, &cp);
    if (!rd_is_space(cp)) break;
    a += k;
  }
  while (b > a) {
    uint32_t cp;
    size_t k = rd_utf8_prev(s, a, b, &cp);
    if (!rd_is_space(cp)) break;
    b -= k;
  }
  *start = a;
  *end = b;
}

int rd_has_utf16_bom(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  return len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF));
}

/* Line (base_line + newlines before off) and 1-based column in code points. */
static void locate(const char *s, size_t off, long base_line, long *line, long *col) {
  long ln = base_line;
  size_t ls = 0;
  for (const char *q = s; (q = memchr(q, '\n', (size_t)(s + off - q))) != NULL; q++) {
    ln++;
    ls = (size_t)(q - s) + 1;
  }
  long c = 1;
  for (size_t i = ls; i < off; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
  *line = ln;
  *col = c;
}

int rd_check_input(const char *s, size_t len, const char *file, size_t base_offset, long base_line, parley_error *err) {
  if (rd_has_utf16_bom(s, len)) {
    parley_error_set(err, PARLEY_EUTF8, file, base_line, "UTF-16 input is not supported; convert to UTF-8");
    if (err) err->offset = (long long)base_offset;
    return PARLEY_EUTF8;
  }
  const char *nul = memchr(s, '\0', len);
  size_t scan = nul ? (size_t)(nul - s) : len;
  size_t bad;
  int status = PARLEY_OK;
  const char *what = NULL;
  if (parley_utf8_check(s, scan, &bad) != PARLEY_OK) {
    status = PARLEY_EUTF8;
    what = "invalid UTF-8";
  } else if (nul) {
    status = PARLEY_EFORMAT;
    what = "NUL byte";
    bad = scan;
  }
  if (status == PARLEY_OK) return PARLEY_OK;
  long line, col;
  locate(s, bad, base_line, &line, &col);
  parley_error_set(err, status, file, line, "%s at byte %zu (line %ld, column %ld)", what, base_offset + bad, line,
                   col);
  if (err) err->offset = (long long)(base_offset + bad);
  return status;
}

int rd_check_not_empty(const char *s, size_t len, const char *file, long line, parley_error *err) {
  size_t a = 0, b = len;
  rd_trim(s, &a, &b);
  if (a < b) return PARLEY_OK;
  parley_error_set(err, PARLEY_EFORMAT, file, line, "empty document");
  return PARLEY_EFORMAT;
}

const char *rd_basename(const char *path) {
  if (!path || strcmp(path, "-") == 0) return "stdin";
  const char *slash = strrchr(path, '/');
  const char *b = slash ? slash + 1 : path;
  return *b ? b : path;
}

/* ---- the content hash --------------------------------------------------------------
 * Two independent 64-bit hashes: FNV-1a over the bytes, and a murmur-style
 * word hash (64-bit multiply / rotate per 8-byte word, fmix64 finaliser) with
 * a different seed. For de-duplication of identical texts, NOT for security:
 * neither hash resists deliberate collisions. */

static uint64_t fmix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

static uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

void rd_hash128(const char *s, size_t len, char out[33]) {
  const unsigned char *p = (const unsigned char *)s;
  uint64_t h1 = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < len; i++) {
    h1 ^= p[i];
    h1 *= 0x100000001b3ULL;
  }
  const uint64_t c1 = 0x87c37b91114253d5ULL, c2 = 0x4cf5ad432745937fULL;
  uint64_t h2 = 0x9e3779b97f4a7c15ULL ^ (uint64_t)len;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t k;
    memcpy(&k, p + i, 8);
    k *= c1;
    k = rotl64(k, 31);
    k *= c2;
    h2 ^= k;
    h2 = rotl64(h2, 27) * 5 + 0x52dce729;
  }
  uint64_t t = 0;
  for (size_t j = 0; i + j < len; j++)
    t |= (uint64_t)p[i + j] << (8 * j);
  t *= c1;
  t = rotl64(t, 31);
  t *= c2;
  h2 ^= t;
  h2 = fmix64(h2 ^ (uint64_t)len);
  static const char hex[] = "0123456789abcdef";
  for (int b = 0; b < 8; b++) {
    out[2 * b] = hex[(h1 >> (60 - 8 * b)) & 0xF];
    out[2 * b + 1] = hex[(h1 >> (56 - 8 * b)) & 0xF];
    out[16 + 2 * b] = hex[(h2 >> (60 - 8 * b)) & 0xF];
    out[16 + 2 * b + 1] = hex[(h2 >> (56 - 8 * b)) & 0xF];
  }
  out[32] = '\0';
}
