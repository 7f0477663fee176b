/* util.c — stage 3 (store): small helpers the importers share.
 *
 * A growable buffer and a JSON object writer (for extra_json), splitting of
 * tab-separated and CSV records in place, number and date parsing with
 * calendar checks, UTF-8 validation and cp1252 decoding, and GDELT's CAMEO
 * quad-class and Goldstein values for the codes the importers assign. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "store_internal.h"

/* --- buffer ------------------------------------------------------------ */

int sbuf_reserve(sbuf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1)
    cap *= 2;
  char *p = realloc(b->s, cap);
  if (!p) return -1;
  b->s = p;
  b->cap = cap;
  return 0;
}

int sbuf_add(sbuf *b, const char *s, size_t n) {
  if (sbuf_reserve(b, n)) return -1;
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
  return 0;
}

int sbuf_addc(sbuf *b, char c) { return sbuf_add(b, &c, 1); }
int sbuf_adds(sbuf *b, const char *s) { return sbuf_add(b, s, strlen(s)); }

void sbuf_free(sbuf *b) {
  free(b->s);
  b->s = NULL;
  b->len = b->cap = 0;
}

/* --- JSON ---------------------------------------------------------------- */

void json_quote(sbuf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  sbuf_reserve(b, n + 2);
  sbuf_addc(b, '"');
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    sbuf_add(b, s + run, i - run);
    run = i + 1;
    switch (c) {
    case '"': sbuf_add(b, "\\\"", 2); break;
    case '\\': sbuf_add(b, "\\\\", 2); break;
    case '\n': sbuf_add(b, "\\n", 2); break;
    case '\r': sbuf_add(b, "\\r", 2); break;
    case '\t': sbuf_add(b, "\\t", 2); break;
    default: {
      char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      sbuf_add(b, u, 6);
    }
    }
  }
  sbuf_add(b, s + run, n - run);
  sbuf_addc(b, '"');
}

void jw_begin(jwriter *w, sbuf *b) {
  w->b = b;
  w->n = 0;
  b->len = 0;
  sbuf_addc(b, '{');
}

static void jw_key(jwriter *w, const char *key) {
  if (w->n++) sbuf_addc(w->b, ',');
  json_quote(w->b, key, strlen(key));
  sbuf_addc(w->b, ':');
}

void jw_str(jwriter *w, const char *key, const char *v, size_t vlen) {
  if (!v || !vlen) return;
  jw_key(w, key);
  json_quote(w->b, v, vlen);
}

/* 1 if s[0..n) is a number in JSON's grammar (no leading zeros, no blanks). */
static int json_number_ok(const char *s, size_t n) {
  size_t i = 0;
  if (i < n && s[i] == '-') i++;
  if (i >= n || !isdigit((unsigned char)s[i])) return 0;
  if (s[i] == '0')
    i++;
  else
    while (i < n && isdigit((unsigned char)s[i]))
      i++;
  if (i < n && s[i] == '.') {
    i++;
    if (i >= n || !isdigit((unsigned char)s[i])) return 0;
    while (i < n && isdigit((unsigned char)s[i]))
      i++;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    if (i >= n || !isdigit((unsigned char)s[i])) return 0;
    while (i < n && isdigit((unsigned char)s[i]))
      i++;
  }
  return i == n;
}

void jw_num(jwriter *w, const char *key, const char *v, size_t vlen) {
  if (!v || !vlen) return;
  if (!json_number_ok(v, vlen)) { /* "012", " 27.5": kept as text */
    jw_str(w, key, v, vlen);
    return;
  }
  jw_key(w, key);
  sbuf_add(w->b, v, vlen);
}

void jw_end(jwriter *w) { sbuf_addc(w->b, '}'); }

/* --- splitting ----------------------------------------------------------- */

size_t split_tabs(char *line, size_t len, char **fields, size_t *lens, size_t max) {
  size_t n = 0;
  char *p = line, *end = line + len;
  for (;;) {
    char *t = memchr(p, '\t', (size_t)(end - p));
    char *fe = t ? t : end;
    if (n < max) {
      fields[n] = p;
      lens[n] = (size_t)(fe - p);
    }
    n++;
    if (!t) break;
    *t = '\0';
    p = t + 1;
  }
  *end = '\0';
  return n;
}

size_t split_csv(char *rec, size_t len, char **fields, size_t *lens, size_t max) {
  size_t n = 0, i = 0;
  for (;;) {
    char *out = rec + i, *start = out;
    if (i < len && rec[i] == '"') {
      i++;
      for (;;) {
        if (i >= len) return (size_t)-1; /* unterminated quote */
        if (rec[i] == '"') {
          if (i + 1 < len && rec[i + 1] == '"') {
            *out++ = '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        *out++ = rec[i++];
      }
      if (i < len && rec[i] != ',') return (size_t)-1; /* text after a closing quote */
    } else {
      while (i < len && rec[i] != ',') {
        if (rec[i] == '"') return (size_t)-1; /* a quote inside an unquoted field */
        out++;
        i++;
      }
    }
    if (n < max) {
      fields[n] = start;
      lens[n] = (size_t)(out - start);
    }
    n++;
    int more = i < len; /* rec[i] == ',' */
    *out = '\0';
    if (!more) break;
    i++;
    if (i == len) { /* a trailing comma: one more empty field */
      if (n < max) {
        fields[n] = rec + len;
        lens[n] = 0;
      }
      n++;
      break;
    }
  }
  return n;
}

/* --- numbers and dates --------------------------------------------------- */

/* Surrounding blanks are allowed: spaces, tabs, no-break spaces (ACLED v6
 * has a longitude "\u00a027.56061"). */
static size_t blank_at(const char *s) {
  if (*s == ' ' || *s == '\t') return 1;
  if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) return 2;
  return 0;
}

static const char *trim(const char *s, char *buf, size_t size) {
  size_t k;
  while ((k = blank_at(s)) > 0)
    s += k;
  size_t n = strlen(s);
  for (;;) {
    if (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
      n--;
    else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
      n -= 2;
    else
      break;
  }
  if (s[n] == '\0') return s;
  if (n >= size) return NULL;
  memcpy(buf, s, n);
  buf[n] = '\0';
  return buf;
}

int parse_ll(const char *s, long long *out) {
  char buf[64];
  if (!s || !*s || !(s = trim(s, buf, sizeof buf)) || !*s) return 0;
  const char *p = s;
  if (*p == '-' || *p == '+') p++;
  if (!isdigit((unsigned char)*p)) return 0;
  errno = 0;
  char *end;
  long long v = strtoll(s, &end, 10);
  if (*end || errno) return 0;
  *out = v;
  return 1;
}

int parse_double(const char *s, double *out) {
  char buf[64];
  if (!s || !*s || !(s = trim(s, buf, sizeof buf)) || !*s) return 0;
  const char *p = s;
  if (*p == '-' || *p == '+') p++;
  if (!isdigit((unsigned char)*p) && *p != '.') return 0;
  /* Plain decimals of up to 15 digits (coordinates, tones, Goldstein values):
   * digits / 10^k with both exact doubles is correctly rounded, the very
   * value strtod gives (Clinger's fast path), at a fraction of its cost. */
  static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  unsigned long long m = 0;
  int nd = 0, frac = -1;
  const char *q = p;
  for (; nd <= 15; q++) {
    if (isdigit((unsigned char)*q))
      m = m * 10 + (unsigned)(*q - '0'), nd++, frac += frac >= 0;
    else if (*q == '.' && frac < 0)
      frac = 0;
    else
      break;
  }
  if (!*q && nd > 0 && nd <= 15) {
    double v = (double)m / pow10[frac > 0 ? frac : 0];
    *out = *s == '-' ? -v : v;
    return 1;
  }
  char *end;
  double v = strtod(s, &end);
  if (*end || !isfinite(v)) return 0;
  *out = v;
  return 1;
}

static int days_in_month(long long y, long long m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return d[m - 1];
}

int ymd_valid(long long ymd) {
  long long y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
long long ymd_to_days(long long ymd) {
  long long y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  long long yoe = y - era * 400;
  long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

long long days_to_ymd(long long z) {
  z += 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  long long doe = z - era * 146097;
  long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long y = yoe + era * 400;
  long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long long mp = (5 * doy + 2) / 153;
  long long d = doy - (153 * mp + 2) / 5 + 1;
  long long m = mp + (mp < 10 ? 3 : -9);
  return (y + (m <= 2)) * 10000 + m * 100 + d;
}

static int all_digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!isdigit((unsigned char)s[i])) return 0;
  return 1;
}

int parse_ymd8(const char *s, long long *out) {
  if (!s || strlen(s) != 8 || !all_digits(s, 8)) return 0;
  long long v = atoll(s);
  if (!ymd_valid(v)) return 0;
  *out = v;
  return 1;
}

long long ymd_from_iso(const char *s) {
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
  if (!all_digits(s, 4) || !all_digits(s + 5, 2) || !all_digits(s + 8, 2)) return 0;
  long long v = atoll(s) * 10000 + atoll(s + 5) * 100 + atoll(s + 8);
  return ymd_valid(v) ? v : 0;
}

static int month_from_name(const char *s, size_t n) {
  static const char *names[] = {"january", "february", "march",     "april",   "may",      "june",
                                "july",    "august",   "september", "october", "november", "december"};
  if (n < 3) return 0;
  for (int i = 0; i < 12; i++) {
    size_t l = strlen(names[i]);
    if ((n == l || n == 3 || (i == 8 && n == 4)) && n <= l && strncasecmp(s, names[i], n) == 0) return i + 1;
  }
  return 0;
}

int parse_date_any(const char *s, long long *out) {
  if (!s) return 0;
  size_t n = strlen(s);
  long long v;
  if (n == 10 && s[4] == '-' && (v = ymd_from_iso(s))) {
    *out = v;
    return 1;
  }
  if (n == 8 && parse_ymd8(s, out)) return 1;
  /* DD/MM/YYYY (ACLED v6) */
  if (n == 10 && s[2] == '/' && s[5] == '/' && all_digits(s, 2) && all_digits(s + 3, 2) && all_digits(s + 6, 4)) {
    v = atoll(s + 6) * 10000 + atoll(s + 3) * 100 + atoll(s);
    if (!ymd_valid(v)) return 0;
    *out = v;
    return 1;
  }
  /* "D Month YYYY" or "D-Mon-YYYY" (ACLED website exports) */
  const char *p = s;
  long long d = 0, y = 0;
  size_t nd = 0;
  while (isdigit((unsigned char)*p) && nd < 2)
    d = d * 10 + (*p++ - '0'), nd++;
  if (!nd || (*p != ' ' && *p != '-')) return 0;
  char sep = *p++;
  const char *m0 = p;
  while (isalpha((unsigned char)*p))
    p++;
  int m = month_from_name(m0, (size_t)(p - m0));
  if (!m || *p != sep) return 0;
  p++;
  size_t ny = strlen(p);
  if (ny != 4 || !all_digits(p, 4)) return 0;
  y = atoll(p);
  v = y * 10000 + m * 100 + d;
  if (!ymd_valid(v)) return 0;
  *out = v;
  return 1;
}

int quad_class_of_root(const char *root) {
  if (!root || !isdigit((unsigned char)root[0]) || !isdigit((unsigned char)root[1])) return 0;
  int r = (root[0] - '0') * 10 + (root[1] - '0');
  if (r >= 1 && r <= 5) return 1;
  if (r >= 6 && r <= 9) return 2;
  if (r >= 10 && r <= 14) return 3;
  if (r >= 15 && r <= 20) return 4;
  return 0;
}

int is_cameo_code(const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (n < 2 || n > 4 || !all_digits(s, n)) return 0;
  int root = (s[0] - '0') * 10 + (s[1] - '0');
  return root >= 1 && root <= 20;
}

/* Goldstein values of the codes the ACLED mapping assigns, from GDELT's
 * CAMEO.goldsteinscale.txt (../shared/data/cameo/, GDELT terms). */
double cameo_goldstein(const char *code) {
  static const struct {
    const char *code;
    double g;
  } t[] = {{"057", 8.0},   {"141", -6.5},   {"145", -7.5},  {"150", -7.2},  {"171", -9.2},
           {"173", -5.0},  {"175", -9.0},   {"180", -9.0},  {"181", -9.0},  {"1821", -9.0},
           {"183", -10.0}, {"1831", -10.0}, {"190", -10.0}, {"192", -9.5},  {"193", -10.0},
           {"194", -10.0}, {"195", -10.0},  {"202", -10.0}, {"2041", -10.0}};
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    if (!strcmp(t[i].code, code)) return t[i].g;
  return NAN;
}

/* --- text encodings ------------------------------------------------------ */

long utf8_column(const char *s, long long off) {
  long col = 1;
  for (long long k = 0; k < off; k++)
    if (((unsigned char)s[k] & 0xC0) != 0x80) col++;
  return col;
}

long long utf8_bad_offset(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    unsigned char c = p[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t need;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF)
      need = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
      need = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
      need = 3, cp = c & 0x07;
    else
      return (long long)i;
    for (size_t k = 1; k <= need; k++) {
      if (i + k >= len || (p[i + k] & 0xC0) != 0x80) return (long long)i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return (long long)i;
    i += need + 1;
  }
  return -1;
}

int cp1252_to_utf8(sbuf *b, const char *s, size_t len, size_t *bad) {
  static const unsigned short hi[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                        0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  sbuf_reserve(b, len * 3);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    unsigned cp = c;
    if (c < 0x80) {
      sbuf_addc(b, (char)c);
      continue;
    }
    if (c < 0xA0) {
      cp = hi[c - 0x80];
      if (!cp) {
        if (bad) *bad = i;
        return -1;
      }
    }
    char u[3];
    if (cp < 0x800) {
      u[0] = (char)(0xC0 | (cp >> 6));
      u[1] = (char)(0x80 | (cp & 0x3F));
      sbuf_add(b, u, 2);
    } else {
      u[0] = (char)(0xE0 | (cp >> 12));
      u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
      u[2] = (char)(0x80 | (cp & 0x3F));
      sbuf_add(b, u, 3);
    }
  }
  return 0;
}

double store_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
