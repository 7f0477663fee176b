/* dates.c — calendar dates in document metadata and in source-list entries.
 *
 * Part of the read stage. rd_iso_date accepts "YYYY-MM-DD" and ISO 8601
 * timestamps (keeping the date part); rd_find_date locates the first date in
 * a line in the forms news source lists use: 2025-02-13, 2025/2/13, 2025.02.13,
 * 20250213, 202502/13, 2025年2月13日, Feb. 13, 2025, 13 February 2025.
 * ASCII and full-width digits are both accepted. Years must be 1900-2100. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "read/internal.h"

int rd_valid_ymd(int y, int m, int d) {
  static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return 0;
  if (d > mdays[m - 1]) return 0;
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 0;
  return 1;
}

static void put_ymd(char out[11], int y, int m, int d) { /* y, m, d already validated */
  unsigned v[3] = {(unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u};
  out[0] = (char)('0' + v[0] / 1000), out[1] = (char)('0' + v[0] / 100 % 10);
  out[2] = (char)('0' + v[0] / 10 % 10), out[3] = (char)('0' + v[0] % 10), out[4] = '-';
  out[5] = (char)('0' + v[1] / 10), out[6] = (char)('0' + v[1] % 10), out[7] = '-';
  out[8] = (char)('0' + v[2] / 10), out[9] = (char)('0' + v[2] % 10), out[10] = '\0';
}

int rd_iso_date(const char *s, size_t len, char out[11]) {
  while (len && isspace((unsigned char)s[len - 1]))
    len--;
  while (len && isspace((unsigned char)*s))
    s++, len--;
  if (len < 10) return -1;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) {
      if (s[i] != '-') return -1;
    } else if (!isdigit((unsigned char)s[i])) {
      return -1;
    }
  }
  int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int m = (s[5] - '0') * 10 + (s[6] - '0');
  int d = (s[8] - '0') * 10 + (s[9] - '0');
  if (!rd_valid_ymd(y, m, d)) return -1;
  if (len > 10) {
    /* A timestamp: the time part must at least start like one. */
    if (!(s[10] == 'T' || s[10] == 't' || s[10] == ' ') || len < 12 || !isdigit((unsigned char)s[11])) return -1;
  }
  put_ymd(out, y, m, d);
  return 0;
}

/* ---- the scanner ----------------------------------------------------------------- */

/* Reads min..max digits (ASCII or full-width) at *pos; returns the count. */
static int read_num(const char *s, size_t len, size_t *pos, int min, int max, int *val) {
  size_t p = *pos;
  int n = 0, v = 0;
  while (p < len && n < max) {
    uint32_t cp;
    size_t k = rd_utf8_next(s, len, p, &cp);
    int dv = rd_digit_value(cp);
    if (dv < 0) break;
    v = v * 10 + dv;
    n++;
    p += k;
  }
  if (n < min) return 0;
  *pos = p;
  *val = v;
  return n;
}

static int digit_at(const char *s, size_t len, size_t pos) {
  if (pos >= len) return 0;
  uint32_t cp;
  rd_utf8_next(s, len, pos, &cp);
  return rd_is_digit(cp);
}

static int starts_with(const char *s, size_t len, size_t pos, const char *lit) {
  size_t n = strlen(lit);
  return pos + n <= len && memcmp(s + pos, lit, n) == 0;
}

static size_t skip_spaces(const char *s, size_t len, size_t p) {
  while (p < len && (s[p] == ' ' || s[p] == '\t'))
    p++;
  return p;
}

static const struct {
  const char *name;
  int month;
} months[] = {{"january", 1}, {"february", 2}, {"march", 3},     {"april", 4},    {"may", 5},       {"june", 6},
              {"july", 7},    {"august", 8},   {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12},
              {"sept", 9},    {"jan", 1},      {"feb", 2},       {"mar", 3},      {"apr", 4},       {"jun", 6},
              {"jul", 7},     {"aug", 8},      {"sep", 9},       {"oct", 10},     {"nov", 11},      {"dec", 12}};

/* A month name (full or abbreviated, optional '.') at p; returns 1-12 or 0. */
static int read_month(const char *s, size_t len, size_t *pos) {
  size_t p = *pos, q = p;
  while (q < len && isalpha((unsigned char)s[q]))
    q++;
  size_t n = q - p;
  if (n < 3 || n > 9) return 0;
  for (size_t i = 0; i < sizeof months / sizeof months[0]; i++) {
    if (strlen(months[i].name) == n && strncasecmp(s + p, months[i].name, n) == 0) {
      if (q < len && s[q] == '.') q++;
      *pos = q;
      return months[i].month;
    }
  }
  return 0;
}

/* Numeric and Chinese forms starting at p (a digit not preceded by one). */
static size_t parse_numeric(const char *s, size_t len, size_t p, int *y, int *m, int *d) {
  size_t q = p;
  int v;
  int nd = read_num(s, len, &q, 4, 8, &v);
  if (!nd) return 0;
  if (nd == 8 && !digit_at(s, len, q)) { /* 20250213 */
    *y = v / 10000, *m = v / 100 % 100, *d = v % 100;
    return q;
  }
  if (nd == 6 && q < len && s[q] == '/') { /* 202502/13 */
    size_t r = q + 1;
    int dd;
    if (read_num(s, len, &r, 1, 2, &dd) && !digit_at(s, len, r)) {
      *y = v / 100, *m = v % 100, *d = dd;
      return r;
    }
    return 0;
  }
  if (nd != 4) return 0;
  *y = v;
  size_t r = skip_spaces(s, len, q);
  if (starts_with(s, len, r, "年")) { /* 2025年2月13日 */
    r = skip_spaces(s, len, r + 3);
    if (!read_num(s, len, &r, 1, 2, m)) return 0;
    r = skip_spaces(s, len, r);
    if (!starts_with(s, len, r, "月")) return 0;
    r = skip_spaces(s, len, r + 3);
    if (!read_num(s, len, &r, 1, 2, d)) return 0;
    r = skip_spaces(s, len, r);
    if (starts_with(s, len, r, "日") || starts_with(s, len, r, "号")) return r + 3;
    return 0;
  }
  if (q < len && (s[q] == '-' || s[q] == '/' || s[q] == '.')) { /* 2025-02-13, 2025/2/13, 2025.02.13 */
    char sep = s[q];
    r = q + 1;
    if (!read_num(s, len, &r, 1, 2, m) || r >= len || s[r] != sep) return 0;
    r++;
    if (!read_num(s, len, &r, 1, 2, d) || digit_at(s, len, r)) return 0;
    return r;
  }
  return 0;
}

/* "Feb. 13, 2025" / "February 13 2025" starting at p (a letter not preceded by one). */
static size_t parse_month_first(const char *s, size_t len, size_t p, int *y, int *m, int *d) {
  size_t q = p;
  *m = read_month(s, len, &q);
  if (!*m) return 0;
  size_t r = skip_spaces(s, len, q);
  if (r == q) return 0;
  if (!read_num(s, len, &r, 1, 2, d)) return 0;
  if (r + 2 <= len && (strncasecmp(s + r, "st", 2) == 0 || strncasecmp(s + r, "nd", 2) == 0 ||
                       strncasecmp(s + r, "rd", 2) == 0 || strncasecmp(s + r, "th", 2) == 0))
    r += 2;
  if (r < len && s[r] == ',') r++;
  size_t t = skip_spaces(s, len, r);
  if (t == r && s[r - 1] != ',') return 0;
  if (read_num(s, len, &t, 4, 4, y) != 4 || digit_at(s, len, t)) return 0;
  return t;
}

/* "13 February 2025" / "13 Feb. 2025" starting at p (a digit not preceded by one). */
static size_t parse_day_first(const char *s, size_t len, size_t p, int *y, int *m, int *d) {
  size_t q = p;
  if (!read_num(s, len, &q, 1, 2, d) || digit_at(s, len, q)) return 0;
  size_t r = skip_spaces(s, len, q);
  if (r == q) return 0;
  *m = read_month(s, len, &r);
  if (!*m) return 0;
  if (r < len && s[r] == ',') r++;
  size_t t = skip_spaces(s, len, r);
  if (t == r) return 0;
  if (read_num(s, len, &t, 4, 4, y) != 4 || digit_at(s, len, t)) return 0;
  return t;
}

int rd_find_date(const char *s, size_t len, char out[11], size_t *ds, size_t *de) {
  int prev_digit = 0, prev_alpha = 0;
  size_t p = 0;
  while (p < len) {
    uint32_t cp;
    size_t k = rd_utf8_next(s, len, p, &cp);
    int is_dig = rd_is_digit(cp);
    int is_alpha = cp < 0x80 && isalpha((int)cp);
    int y = 0, m = 0, d = 0;
    size_t e = 0;
    if (is_dig && !prev_digit) {
      e = parse_numeric(s, len, p, &y, &m, &d);
      if (!e || !rd_valid_ymd(y, m, d)) e = parse_day_first(s, len, p, &y, &m, &d);
    } else if (is_alpha && !prev_alpha) {
      e = parse_month_first(s, len, p, &y, &m, &d);
    }
    if (e && rd_valid_ymd(y, m, d)) {
      put_ymd(out, y, m, d);
      *ds = p;
      *de = e;
      return 1;
    }
    prev_digit = is_dig;
    prev_alpha = is_alpha;
    p += k;
  }
  return 0;
}
