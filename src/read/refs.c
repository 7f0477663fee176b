/* refs.c — parsing one entry of a trailing source list into outlet, date and headline.
 *
 * Part of the read stage. Handles the shapes scraped Chinese and English news
 * use, e.g.
 *   新华网202502/13国际观察丨美与俄乌“通气”     → 新华网, 2025-02-13, 国际观察丨…
 *   新华网 2025年12月30日克里姆林宫顾问表示…    → 新华网, 2025-12-30, 克里姆林宫…
 *   Reuters, Feb. 13, 2025: Headline            → Reuters, 2025-02-13, Headline
 *   - AP (2025-08-16) Headline                  → AP, 2025-08-16, Headline
 *   Headline, Reuters, 2025-02-13               → Reuters, 2025-02-13, Headline
 *   新华网：标题 / Reuters - Headline (no date)  → outlet and headline, date NULL
 * Anything else becomes a headline with outlet "" and no date. */
#include <stdlib.h>
#include <string.h>

#include "read/internal.h"

/* Separators between outlet, date and headline. */
static int is_sep(uint32_t cp) {
  switch (cp) {
  case ',':
  case ':':
  case ';':
  case '(':
  case ')':
  case '[':
  case ']':
  case '-':
  case '|':
  case '/':
  case '.':
  case 0x2013: /* – */
  case 0x2014: /* — */
  case 0x00B7: /* · */
  case 0x3001: /* 、 */
  case 0x3010: /* 【 */
  case 0x3011: /* 】 */
  case 0x4E28: /* 丨 */
  case 0xFF08: /* （ */
  case 0xFF09: /* ） */
  case 0xFF0C: /* ， */
  case 0xFF1A: /* ： */
  case 0xFF1B: /* ； */
  case 0xFF5C: /* ｜ */ return 1;
  default: return rd_is_space(cp);
  }
}

static void trim_seps(const char *s, size_t *a, size_t *b) {
  while (*a < *b) {
    uint32_t cp;
    size_t k = rd_utf8_next(s, *b, *a, &cp);
    if (!is_sep(cp)) break;
    *a += k;
  }
  while (*b > *a) {
    uint32_t cp;
    size_t k = rd_utf8_prev(s, *a, *b, &cp);
    if (!is_sep(cp)) break;
    *b -= k;
  }
}

/* Leading list markers: "- ", "* ", "• ", "1. ", "1、", "[1]", "（1）", "【1】". */
static size_t skip_bullet(const char *s, size_t a, size_t b) {
  uint32_t cp;
  size_t k = rd_utf8_next(s, b, a, &cp);
  if (cp == '-' || cp == '*' || cp == 0x2022 || cp == 0x00B7 || cp == 0x2013 || cp == 0x2014 || cp == 0x25CF) {
    size_t p = a + k;
    if (p < b) {
      uint32_t c2;
      size_t k2 = rd_utf8_next(s, b, p, &c2);
      if (rd_is_space(c2)) return p + k2;
    }
    return a;
  }
  size_t p = a;
  uint32_t close = 0;
  if (cp == '[' || cp == '(' || cp == 0xFF08 || cp == 0x3010) {
    close = cp == '[' ? ']' : cp == '(' ? ')' : cp == 0xFF08 ? 0xFF09 : 0x3011;
    p += k;
  }
  size_t digits = 0;
  while (p < b) {
    k = rd_utf8_next(s, b, p, &cp);
    if (!rd_is_digit(cp)) break;
    digits++;
    p += k;
  }
  if (!digits || digits > 3 || p >= b) return a;
  k = rd_utf8_next(s, b, p, &cp);
  if (close) {
    if (cp != close) return a;
    return p + k;
  }
  if (cp == 0x3001 || cp == 0xFF0E) return p + k; /* 、 ． */
  if (cp == '.' || cp == ')' || cp == 0xFF09) {
    /* "1." must be followed by a space (or a non-digit) so "2025.02.13" stays a date. */
    size_t q = p + k;
    if (q < b) {
      uint32_t c2;
      rd_utf8_next(s, b, q, &c2);
      if (rd_is_digit(c2)) return a;
    }
    return q;
  }
  return a;
}

/* Splits "outlet<sep>headline" when the outlet part is short; else 0. */
static int split_outlet(const char *s, size_t a, size_t b, size_t *oa, size_t *ob, size_t *ha, size_t *hb) {
  static const char *seps[] = {"：", ":", "丨", "｜", "|", " - ", " – ", " — "};
  size_t best = b, best_len = 0;
  for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
    size_t n = strlen(seps[i]);
    for (size_t p = a; p + n <= b && p < best; p++) {
      if (memcmp(s + p, seps[i], n) == 0) {
        best = p;
        best_len = n;
        break;
      }
    }
  }
  if (best >= b || best == a || best - a > 40) return 0;
  *oa = a, *ob = best, *ha = best + best_len, *hb = b;
  trim_seps(s, oa, ob);
  trim_seps(s, ha, hb);
  return *oa < *ob && *ha < *hb;
}

/* "Headline, Outlet" with the outlet last: splits at the last ", " / "，" / " - ". */
static int split_outlet_last(const char *s, size_t a, size_t b, size_t *oa, size_t *ob, size_t *ha, size_t *hb) {
  static const char *seps[] = {", ", "，", " - ", " – ", " — ", " | ", "丨"};
  size_t best = 0, best_len = 0;
  int found = 0;
  for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
    size_t n = strlen(seps[i]);
    for (size_t p = b >= n ? b - n + 1 : 0; p-- > a;) {
      if (memcmp(s + p, seps[i], n) == 0) {
        if (!found || p > best) best = p, best_len = n, found = 1;
        break;
      }
    }
  }
  if (!found || b - (best + best_len) > 40) return 0;
  *oa = best + best_len, *ob = b, *ha = a, *hb = best;
  trim_seps(s, oa, ob);
  trim_seps(s, ha, hb);
  return *oa < *ob && *ha < *hb;
}

int rd_parse_reference(const char *s, size_t len, size_t base, parley_reference *ref) {
  memset(ref, 0, sizeof *ref);
  size_t a = 0, b = len;
  rd_trim(s, &a, &b);
  ref->span.start = base + a;
  ref->span.end = base + b;
  a = skip_bullet(s, a, b);
  rd_trim(s, &a, &b);

  size_t oa = a, ob = a, ha = a, hb = b; /* outlet and headline ranges */
  char date[11];
  size_t ds, de;
  if (rd_find_date(s + a, b - a, date, &ds, &de)) {
    ds += a, de += a;
    ref->date = rd_strdup(date);
    if (!ref->date) goto nomem;
    size_t ba = a, bb = ds, aa = de, ab = b;
    trim_seps(s, &ba, &bb);
    trim_seps(s, &aa, &ab);
    if (ba < bb && aa < ab) {
      oa = ba, ob = bb, ha = aa, hb = ab;
    } else if (ba < bb) { /* "Headline, Outlet, DATE" or "Outlet DATE" */
      if (!split_outlet_last(s, ba, bb, &oa, &ob, &ha, &hb)) {
        if (bb - ba <= 40)
          oa = ba, ob = bb, ha = hb = bb;
        else
          oa = ob = ba, ha = ba, hb = bb;
      }
    } else if (aa < ab) { /* "DATE Outlet: Headline" */
      if (!split_outlet(s, aa, ab, &oa, &ob, &ha, &hb)) oa = ob = aa, ha = aa, hb = ab;
    } else {
      oa = ob = ha = hb = a;
    }
  } else if (!split_outlet(s, a, b, &oa, &ob, &ha, &hb)) {
    oa = ob = a, ha = a, hb = b;
  }
  ref->outlet = rd_strndup(s + oa, ob - oa);
  ref->headline = rd_strndup(s + ha, hb - ha);
  if (!ref->outlet || !ref->headline) goto nomem;
  return PARLEY_OK;
nomem:
  free(ref->outlet);
  free(ref->date);
  free(ref->headline);
  memset(ref, 0, sizeof *ref);
  return PARLEY_ENOMEM;
}
