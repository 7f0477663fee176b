/* buf.c — stage 5 (present): the growable text buffer the report, the charts
 * and the web API write into, with HTML/XML escaping and UTF-8 helpers
 * (counting and cutting by code points, validating request parameters). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve_internal.h"

void pbuf_init(pbuf *b) { memset(b, 0, sizeof *b); }

void pbuf_free(pbuf *b) {
  free(b->s);
  memset(b, 0, sizeof *b);
}

static int pbuf_reserve(pbuf *b, size_t extra) {
  if (b->oom) return 0;
  if (b->len + extra + 1 <= b->cap) return 1;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < b->len + extra + 1)
    cap *= 2;
  char *s = realloc(b->s, cap);
  if (!s) {
    b->oom = 1;
    return 0;
  }
  b->s = s;
  b->cap = cap;
  return 1;
}

void pbuf_addn(pbuf *b, const char *s, size_t n) {
  if (!pbuf_reserve(b, n)) return;
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

void pbuf_add(pbuf *b, const char *s) { pbuf_addn(b, s, strlen(s)); }

void pbuf_printf(pbuf *b, const char *fmt, ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof small) {
    pbuf_addn(b, small, (size_t)n);
    return;
  }
  if (!pbuf_reserve(b, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void pbuf_escn(pbuf *b, const char *s, size_t n) {
  size_t start = 0;
  for (size_t i = 0; i < n; i++) {
    const char *rep = NULL;
    switch (s[i]) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    case '\'': rep = "&#39;"; break;
    default:
      /* control characters other than tab and newline are not allowed in XML */
      if ((unsigned char)s[i] < 0x20 && s[i] != '\t' && s[i] != '\n') rep = " ";
    }
    if (rep) {
      pbuf_addn(b, s + start, i - start);
      pbuf_add(b, rep);
      start = i + 1;
    }
  }
  pbuf_addn(b, s + start, n - start);
}

void pbuf_esc(pbuf *b, const char *s) {
  if (s) pbuf_escn(b, s, strlen(s));
}

/* Length in bytes of the UTF-8 sequence starting with byte c (1 for invalid bytes). */
static size_t seq_len(unsigned char c) {
  if (c >= 0xF0 && c <= 0xF4) return 4;
  if (c >= 0xE0) return c <= 0xEF ? 3 : 1;
  if (c >= 0xC2) return 2;
  return 1;
}

size_t utf8_count(const char *s) {
  size_t n = 0;
  for (size_t i = 0; s[i];) {
    size_t k = seq_len((unsigned char)s[i]);
    for (size_t j = 1; j < k; j++)
      if (!s[i + j]) k = j;
    i += k;
    n++;
  }
  return n;
}

void pbuf_esc_cut(pbuf *b, const char *s, size_t max) {
  if (!s) return;
  size_t i = 0, n = 0;
  while (s[i] && n < max) {
    size_t k = seq_len((unsigned char)s[i]);
    for (size_t j = 1; j < k; j++)
      if (!s[i + j]) k = j;
    i += k;
    n++;
  }
  pbuf_escn(b, s, i);
  if (s[i]) pbuf_add(b, "…");
}

int utf8_valid(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c == 0) return 0;
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t k;
    unsigned int cp;
    if (c >= 0xC2 && c <= 0xDF)
      k = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
      k = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
      k = 4, cp = c & 0x07;
    else
      return 0;
    if (i + k > n) return 0;
    for (size_t j = 1; j < k; j++) {
      if ((p[i + j] & 0xC0) != 0x80) return 0;
      cp = cp << 6 | (p[i + j] & 0x3F);
    }
    if ((k == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return 0;
    i += k;
  }
  return 1;
}

char *pbuf_take(pbuf *b, size_t *len) {
  if (b->oom) {
    pbuf_free(b);
    return NULL;
  }
  if (!b->s) pbuf_addn(b, "", 0);
  char *s = b->s;
  if (len) *len = b->len;
  memset(b, 0, sizeof *b);
  return s;
}
