/* dates.c — stage 2 (code): finds the date expressions of one normalised
 * sentence (Chinese or English) and resolves them to calendar dates against
 * a per-document context (document date, last year mentioned, last full date
 * mentioned); also the small proleptic-Gregorian date arithmetic the coder
 * uses and the guess of a document's date from its text and source list.
 *
 * One left-to-right pass over the bytes, no regular expressions, no
 * allocation. Forms found (text is NFKC + lower case, so digits are ASCII):
 *
 *   Chinese  2025年8月15日 / 2025年8月 / 2025年 / 8月15日 / 8月15号 / 8月 /
 *            15日 / 二〇二五年八月十五日 / 十二月二十九日 / ranges
 *            (28日深夜至29日凌晨, 8月15日至17日, 15-17日, 1-3月, 2025年8月至10月,
 *            2022年至今), relative words (今天 昨天 前天 明天 次日 翌日 第二天
 *            当天 前一天 本周 上周 下周 本月 上月 今年 去年 近日 日前 周一 星期一
 *            上周五 三天前 ...), and both together as one mention (上月28日,
 *            今年8月15日, 去年12月: basis RELATIVE).
 *   English  feb. 12, 2025 / february 12 / 12 february 2025 / aug. 15-17 /
 *            from aug. 15 to aug. 17 / august 2025 / in august / in 2025 /
 *            today yesterday tomorrow / the next day / the day before /
 *            that day / monday / last tuesday / next friday / this week /
 *            last month / earlier this year / two days ago / a day later.
 *   Digits   2025-08-16, 2025/8/16, 2025.08.16, 20250816, 202512/30
 *            (YYYYMM/DD of scraped source lists), 12/29/2025, 16.08.2025.
 *
 * Choices (documented here because callers depend on them):
 *   - Years must lie in 1900..2100. A bare number is a year only with 年
 *     (Chinese) or, in English, after a month or after one of in, since, by,
 *     of, until, before, after, during, from, through, early, late, mid-, end,
 *     year, spring, summer, autumn, fall, winter.
 *   - a/b/yyyy is month/day/year (US order) unless a > 12 (then day/month);
 *     dd.mm.yyyy (two-digit day and month only) is day.month.year. lang is
 *     not consulted: every form is tried in both languages.
 *   - Month precision gives date = {y, m, 0}, year precision {y, 0, 0}.
 *   - A day list 15、16日 / 15和16日 is reported as the range it spans.
 *   - A weekday in brackets after a date (8月15日(周五)) or just before one
 *     ("monday, aug. 15", 周三(15日)) names that date and is not reported.
 *   - Month-day without a year takes ctx->year (basis CARRIED); without one
 *     the document year, or the year before when the date would fall more
 *     than 61 days after the document date (CARRIED). A document date that
 *     is only a year ({2025, 0, 0}) still gives the year; relative words
 *     need a full document date.
 *   - Day alone (15日) takes month and year from ctx->last when that month was
 *     written (10月28日…30日) or came from one that was; without one, or when
 *     ctx->last's month was itself inferred from the document date (30日…11日,
 *     昨天…28日: ctx->last_inferred), from the document date, using the
 *     previous month when the day would fall more than 7 days after the
 *     document date or does not exist (CARRIED).
 *   - 近日 / 日前 resolve to the document date, precision 3, RELATIVE, and do
 *     not move ctx->last. Week expressions (本周, 上周, this week, last week)
 *     give date = Monday, date_end = Sunday, precision 3, and do not move
 *     ctx->last either (they are not one day).
 *   - 次日 / the next day count from the end of the last range when there is
 *     one (28日至29日 … 次日 = 30日); 当天 / 前一天 from its start.
 *   - Weekday alone (周一, monday, on monday) is the most recent such day on
 *     or before the document date; last/past X strictly before it; next/coming
 *     X strictly after; 本周X / this X the day of the document's week;
 *     上周X / 下周X the day of the previous / next week.
 *   - ctx->year changes only on a year written in the text (2025年, in 2025,
 *     a full date, the end of a range) and on 今年 / 去年 / 明年 / this year /
 *     last year / next year. Every resolved day-precision mention (other than
 *     the exceptions above) sets ctx->last and ctx->last_end (0 unless a
 *     range).
 *   - A mention whose reference is missing (no document date, no year) is
 *     reported with date all zero and basis NONE. Impossible dates
 *     (2025-02-30, 2025年13月5日) are consumed and not reported. */
#include "code/dates.h"

#include <string.h>

#define YEAR_MIN 1900
#define YEAR_MAX 2100
#define CARRY_AHEAD_DAYS 61 /* month-day later than doc + 61 days → previous year */
#define DAY_AHEAD_DAYS 7    /* day alone later than doc + 7 days → previous month */

/* --- Calendar ------------------------------------------------------------ */

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
  static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return dim[m - 1] + (m == 2 && is_leap(y));
}

int parley_ymd_valid(parley_ymd d) {
  return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 && d.d <= days_in_month(d.y, d.m);
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
static long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153u * (unsigned)(m > 2 ? m - 3 : m + 9) + 2u) / 5u + (unsigned)d - 1u;
  unsigned doe = yoe * 365u + yoe / 4u - yoe / 100u + doy;
  return era * 146097L + (long)doe - 719468L;
}

static parley_ymd civil_from_days(long z) {
  z += 719468L;
  long era = (z >= 0 ? z : z - 146096L) / 146097L;
  unsigned doe = (unsigned)(z - era * 146097L);
  unsigned yoe = (doe - doe / 1460u + doe / 36524u - doe / 146096u) / 365u;
  long y = (long)yoe + era * 400L;
  unsigned doy = doe - (365u * yoe + yoe / 4u - yoe / 100u);
  unsigned mp = (5u * doy + 2u) / 153u;
  unsigned d = doy - (153u * mp + 2u) / 5u + 1u;
  unsigned m = mp < 10u ? mp + 3u : mp - 9u;
  y += m <= 2u;
  parley_ymd r = {(int)y, (int)m, (int)d};
  return r;
}

static long ymd_days(parley_ymd d) { return days_from_civil(d.y, d.m, d.d); }

parley_ymd parley_ymd_add_days(parley_ymd d, int days) {
  parley_ymd zero = {0, 0, 0};
  if (!parley_ymd_valid(d)) return zero;
  parley_ymd r = civil_from_days(ymd_days(d) + days);
  return parley_ymd_valid(r) ? r : zero;
}

int parley_ymd_weekday(parley_ymd d) {
  if (!parley_ymd_valid(d)) return -1;
  long z = ymd_days(d); /* 1970-01-01 was a Thursday (3) */
  long w = (z + 3) % 7;
  return (int)(w < 0 ? w + 7 : w);
}

int parley_ymd_cmp(parley_ymd a, parley_ymd b) {
  if (a.y != b.y) return a.y < b.y ? -1 : 1;
  if (a.m != b.m) return a.m < b.m ? -1 : 1;
  if (a.d != b.d) return a.d < b.d ? -1 : 1;
  return 0;
}

static void put2(char *p, int v) {
  v = v < 0 ? 0 : v % 100;
  p[0] = (char)('0' + v / 10);
  p[1] = (char)('0' + v % 10);
}

void parley_ymd_format(parley_ymd d, char out[11]) {
  if (d.y <= 0 || d.y > 9999) {
    out[0] = '\0';
    return;
  }
  put2(out, d.y / 100);
  put2(out + 2, d.y % 100);
  out[4] = '-';
  put2(out + 5, d.m <= 0 ? 1 : d.m);
  out[7] = '-';
  put2(out + 8, d.d <= 0 ? 1 : d.d);
  out[10] = '\0';
}

static size_t num_run(const char *s, size_t i, int *val) {
  size_t k = i;
  long v = 0;
  while (s[k] >= '0' && s[k] <= '9') {
    if (k - i < 9) v = v * 10 + (s[k] - '0');
    k++;
  }
  *val = (int)v;
  return k - i;
}

/* Parses "YYYY-MM-DD", "YYYY/M/D", "YYYY.MM.DD", "YYYYMMDD", "YYYYMM/DD",
 * "YYYY年M月D日"; surrounding white space and a time part after 'T' or a
 * space ("2025-08-16T10:00:00Z") are allowed. */
int parley_ymd_parse(const char *s, parley_ymd *out) {
  parley_ymd r = {0, 0, 0}, zero = {0, 0, 0};
  if (out) *out = zero;
  if (!s) return 0;
  size_t i = 0;
  while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
    i++;
  int v;
  size_t L = num_run(s, i, &v), k = i + L;
  if (L == 8) {
    r.y = v / 10000, r.m = v / 100 % 100, r.d = v % 100;
  } else if (L == 6 && s[k] == '/') {
    int d;
    size_t L2 = num_run(s, k + 1, &d);
    if (L2 < 1 || L2 > 2) return 0;
    r.y = v / 100, r.m = v % 100, r.d = d;
    k += 1 + L2;
  } else if (L == 4) {
    int zh = strncmp(s + k, "年", 3) == 0;
    char sep = s[k];
    if (!zh && sep != '-' && sep != '/' && sep != '.') return 0;
    k += zh ? 3 : 1;
    int m, d;
    size_t L2 = num_run(s, k, &m);
    if (L2 < 1 || L2 > 2) return 0;
    k += L2;
    if (zh ? strncmp(s + k, "月", 3) != 0 : s[k] != sep) return 0;
    k += zh ? 3 : 1;
    size_t L3 = num_run(s, k, &d);
    if (L3 < 1 || L3 > 2) return 0;
    k += L3;
    if (zh && (strncmp(s + k, "日", 3) == 0 || strncmp(s + k, "号", 3) == 0)) k += 3;
    r.y = v, r.m = m, r.d = d;
  } else {
    return 0;
  }
  if (s[k] == 'T' || s[k] == 't' || s[k] == ' ') {
    if (!(s[k + 1] >= '0' && s[k + 1] <= '9')) {
      while (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r')
        k++;
      if (s[k]) return 0;
    }
  } else {
    while (s[k] == '\t' || s[k] == '\n' || s[k] == '\r')
      k++;
    if (s[k]) return 0;
  }
  if (!parley_ymd_valid(r)) return 0;
  if (out) *out = r;
  return 1;
}

/* --- Scanner state and byte helpers -------------------------------------- */

typedef void (*date_sink)(void *arg, const parley_date_mention *m);

typedef struct scan {
  const char *s;
  size_t n;
  parley_date_ctx *ctx;
  parley_date_mention *out;
  size_t max, count;
  date_sink sink;
  void *sink_arg;
  int inferred; /* the date being put has a month inferred from the document date (ctx->last_inferred) */
} scan;

/* What the text says of one date: fields it writes (0 = absent). */
typedef struct part {
  int y, m, d;
  int d2;   /* inline range end day (15-17日, 15、16日, aug. 15-17), 0 if none */
  int m2;   /* inline range end month (1-3月), 0 if none */
  int prec; /* 3 day, 2 month, 1 year */
  size_t end;
} part;

static const parley_ymd ZERO_YMD = {0, 0, 0};

static int byte_at(const scan *sc, size_t i) { return i < sc->n ? (unsigned char)sc->s[i] : -1; }
static int is_dig(int c) { return c >= '0' && c <= '9'; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_alnum(int c) { return is_dig(c) || is_alpha(c); }
static int lc(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static size_t skip_sp(const scan *sc, size_t i) {
  while (i < sc->n && (sc->s[i] == ' ' || sc->s[i] == '\t'))
    i++;
  return i;
}

/* Length of the ASCII digit run at i; *val its value (runs over 9 digits are
 * never used as numbers). */
static size_t digit_run(const scan *sc, size_t i, int *val) {
  size_t k = i;
  long v = 0;
  while (k < sc->n && is_dig((unsigned char)sc->s[k])) {
    if (k - i < 9) v = v * 10 + (sc->s[k] - '0');
    k++;
  }
  *val = (int)v;
  return k - i;
}

static int decode(const unsigned char *p, size_t avail, size_t *len) {
  if (avail == 0) {
    *len = 0;
    return -1;
  }
  unsigned c = p[0];
  size_t need;
  unsigned cp;
  if (c < 0x80) {
    *len = 1;
    return (int)c;
  } else if ((c & 0xE0) == 0xC0) {
    need = 2, cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    need = 3, cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    need = 4, cp = c & 0x07;
  } else {
    *len = 1;
    return -1;
  }
  if (avail < need) {
    *len = 1;
    return -1;
  }
  for (size_t k = 1; k < need; k++) {
    if ((p[k] & 0xC0) != 0x80) {
      *len = 1;
      return -1;
    }
    cp = (cp << 6) | (p[k] & 0x3F);
  }
  *len = need;
  return (int)cp;
}

static int cp_at(const scan *sc, size_t i, size_t *len) {
  if (i >= sc->n) {
    *len = 0;
    return -1;
  }
  return decode((const unsigned char *)sc->s + i, sc->n - i, len);
}

/* The code point that ends just before i, or -1. */
static int cp_before(const scan *sc, size_t i) {
  if (i == 0 || i > sc->n) return -1;
  size_t k = i - 1;
  while (k > 0 && i - k < 4 && ((unsigned char)sc->s[k] & 0xC0) == 0x80)
    k--;
  size_t len;
  int cp = cp_at(sc, k, &len);
  return k + len == i ? cp : -1;
}

/* Length of the UTF-8 literal w if the text has it at i, else 0. */
static size_t lit(const scan *sc, size_t i, const char *w) {
  size_t k = 0;
  for (; w[k]; k++)
    if (i + k >= sc->n || sc->s[i + k] != w[k]) return 0;
  return k;
}

/* 1 if cp is one of the characters of the UTF-8 string set. */
static int cp_in(int cp, const char *set) {
  if (cp < 0 || !set) return 0;
  const unsigned char *p = (const unsigned char *)set;
  size_t avail = strlen(set);
  while (avail > 0) {
    size_t l;
    int c = decode(p, avail, &l);
    if (c == cp) return 1;
    p += l, avail -= l;
  }
  return 0;
}

/* Length of the ASCII word (letters) at i. */
static size_t word_len(const scan *sc, size_t i) {
  size_t k = i;
  while (k < sc->n && is_alpha((unsigned char)sc->s[k]))
    k++;
  return k - i;
}

/* 1 if the word [i, i+wl) is w (lower case), ignoring case. */
static int word_is(const scan *sc, size_t i, size_t wl, const char *w) {
  size_t k = 0;
  for (; k < wl; k++)
    if (!w[k] || lc((unsigned char)sc->s[i + k]) != w[k]) return 0;
  return w[k] == '\0';
}

static int word_in(const scan *sc, size_t i, size_t wl, const char *const *list) {
  for (size_t k = 0; list[k]; k++)
    if (word_is(sc, i, wl, list[k])) return 1;
  return 0;
}

/* The next ASCII word after spaces from k: sets *ws and returns its length
 * (0 when the next thing is not a word). */
static size_t next_word(const scan *sc, size_t k, size_t *ws) {
  k = skip_sp(sc, k);
  *ws = k;
  if (!is_alpha(byte_at(sc, k))) return 0;
  return word_len(sc, k);
}

/* The ASCII word just before i (skipping spaces and one '-'): its start in
 * *ws and its length, or 0. */
static size_t prev_word(const scan *sc, size_t i, size_t *ws) {
  size_t k = i;
  while (k > 0 && (sc->s[k - 1] == ' ' || sc->s[k - 1] == '\t'))
    k--;
  if (k == i && k > 0 && sc->s[k - 1] == '-') k--;
  size_t we = k;
  while (k > 0 && is_alpha((unsigned char)sc->s[k - 1]))
    k--;
  if (k == we) return 0;
  if (k > 0 && is_dig((unsigned char)sc->s[k - 1])) return 0;
  *ws = k;
  return we - k;
}

/* --- Chinese numerals ----------------------------------------------------- */

#define CP_SHI 0x5341   /* 十 */
#define CP_LIANG 0x4E24 /* 两 */
#define CP_DI 0x7B2C    /* 第 */

static int cn_digit(int cp) {
  switch (cp) {
  case 0x3007: /* 〇 */
  case 0x96F6: /* 零 */ return 0;
  case 0x4E00: return 1; /* 一 */
  case 0x4E8C: return 2; /* 二 */
  case 0x4E09: return 3; /* 三 */
  case 0x56DB: return 4; /* 四 */
  case 0x4E94: return 5; /* 五 */
  case 0x516D: return 6; /* 六 */
  case 0x4E03: return 7; /* 七 */
  case 0x516B: return 8; /* 八 */
  case 0x4E5D: return 9; /* 九 */
  default: return -1;
  }
}

static int is_cn_num(int cp) { return cn_digit(cp) >= 0 || cp == CP_SHI || cp == CP_LIANG; }

/* A month/day/count number at i: 1-2 ASCII digits, or a Chinese numeral up to
 * 九十九 (两 only when allow_liang). Returns 1 with *val and *end set. */
static int small_num(const scan *sc, size_t i, int allow_liang, int *val, size_t *end) {
  int c = byte_at(sc, i);
  if (is_dig(c)) {
    size_t L = digit_run(sc, i, val);
    if (L > 2) return 0;
    *end = i + L;
    return 1;
  }
  if (c < 0x80) return 0;
  int d[4];
  int k = 0;
  size_t p = i;
  while (k < 4) {
    size_t l;
    int cp = cp_at(sc, p, &l);
    int v = cn_digit(cp);
    if (cp == CP_SHI) v = 10;
    if (cp == CP_LIANG) v = allow_liang ? 2 : -1;
    if (v < 0) break;
    d[k++] = v;
    p += l;
  }
  if (k == 0 || k == 4) return 0;
  int v;
  if (k == 1) {
    v = d[0];
  } else if (k == 2 && d[0] == 10 && d[1] >= 1 && d[1] <= 9) {
    v = 10 + d[1];
  } else if (k == 2 && d[1] == 10 && d[0] >= 2 && d[0] <= 9) {
    v = d[0] * 10;
  } else if (k == 3 && d[1] == 10 && d[0] >= 2 && d[0] <= 9 && d[2] >= 1 && d[2] <= 9) {
    v = d[0] * 10 + d[2];
  } else {
    return 0;
  }
  if (v <= 0) return 0;
  *val = v;
  *end = p;
  return 1;
}

/* A year written as 4 ASCII digits or 4 Chinese digits (二〇二五). */
static int year_num(const scan *sc, size_t i, int *val, size_t *end) {
  int c = byte_at(sc, i);
  if (is_dig(c)) {
    if (digit_run(sc, i, val) != 4) return 0;
    *end = i + 4;
    return 1;
  }
  if (c < 0x80) return 0;
  int v = 0;
  size_t p = i;
  for (int k = 0; k < 4; k++) {
    size_t l;
    int dg = cn_digit(cp_at(sc, p, &l));
    if (dg < 0) return 0;
    v = v * 10 + dg;
    p += l;
  }
  size_t l;
  if (is_cn_num(cp_at(sc, p, &l))) return 0;
  *val = v;
  *end = p;
  return 1;
}

/* --- Output --------------------------------------------------------------- */

static void put(scan *sc, size_t start, size_t end, parley_ymd d, parley_ymd e, int prec, parley_date_basis basis,
                int set_last, int year_written) {
  parley_date_mention m;
  if (basis == PARLEY_DATE_NONE) d = e = ZERO_YMD;
  m.start = start;
  m.end = end;
  m.date = d;
  m.date_end = e;
  m.precision = prec;
  m.basis = basis;
  parley_date_ctx *c = sc->ctx;
  if (basis != PARLEY_DATE_NONE && prec == 3 && set_last) {
    c->last = d;
    c->last_end = e;
    c->last_inferred = sc->inferred;
  }
  sc->inferred = 0;
  if (year_written >= YEAR_MIN && year_written <= YEAR_MAX) c->year = year_written;
  if (sc->out && sc->count < sc->max) sc->out[sc->count] = m;
  sc->count++;
  if (sc->sink) sc->sink(sc->sink_arg, &m);
}

static int doc_ok(const scan *sc) { return parley_ymd_valid(sc->ctx->doc); }

/* Reference for 次日 / 当天 / the next day: the last date (or the end of the
 * last range when use_end), else the document date. */
static int last_ref(const scan *sc, int use_end, parley_ymd *r) {
  const parley_date_ctx *c = sc->ctx;
  if (parley_ymd_valid(c->last)) {
    *r = use_end && parley_ymd_valid(c->last_end) ? c->last_end : c->last;
    return 1;
  }
  if (doc_ok(sc)) {
    *r = c->doc;
    return 1;
  }
  return 0;
}

/* One day relative to a reference: 0 ref → NONE. */
static void put_day(scan *sc, size_t start, size_t end, int ok, parley_ymd ref, int days, int set_last) {
  parley_ymd d = ok ? parley_ymd_add_days(ref, days) : ZERO_YMD;
  /* 昨天, 周一: counted from the document date; 次日: from the last date, as it was got */
  const parley_date_ctx *c = sc->ctx;
  int from_last = parley_ymd_valid(c->last) && (!parley_ymd_cmp(ref, c->last) ||
                                                (parley_ymd_valid(c->last_end) && !parley_ymd_cmp(ref, c->last_end)));
  sc->inferred = from_last ? c->last_inferred : 1;
  put(sc, start, end, d, ZERO_YMD, 3, parley_ymd_valid(d) ? PARLEY_DATE_RELATIVE : PARLEY_DATE_NONE, set_last, 0);
}

/* Monday of the document's week shifted by weeks; range to Sunday, or one
 * weekday (wd 0..6) when wd >= 0, or the weekend when wd == 7. */
static void put_week(scan *sc, size_t start, size_t end, int weeks, int wd) {
  if (!doc_ok(sc)) {
    put(sc, start, end, ZERO_YMD, ZERO_YMD, 3, PARLEY_DATE_NONE, 0, 0);
    return;
  }
  parley_ymd doc = sc->ctx->doc;
  parley_ymd mon = parley_ymd_add_days(doc, -parley_ymd_weekday(doc) + 7 * weeks);
  if (wd >= 0 && wd <= 6) {
    put_day(sc, start, end, 1, mon, wd, 1);
  } else if (wd == 7) {
    put(sc, start, end, parley_ymd_add_days(mon, 5), parley_ymd_add_days(mon, 6), 3, PARLEY_DATE_RELATIVE, 0, 0);
  } else {
    put(sc, start, end, mon, parley_ymd_add_days(mon, 6), 3, PARLEY_DATE_RELATIVE, 0, 0);
  }
}

/* Weekday wd relative to the document date: mode 0 on or before, -1 strictly
 * before, +1 strictly after. */
static void put_weekday(scan *sc, size_t start, size_t end, int wd, int mode) {
  if (!doc_ok(sc)) {
    put(sc, start, end, ZERO_YMD, ZERO_YMD, 3, PARLEY_DATE_NONE, 0, 0);
    return;
  }
  parley_ymd doc = sc->ctx->doc;
  int dw = parley_ymd_weekday(doc);
  int delta;
  if (mode <= 0) {
    delta = (dw - wd + 7) % 7;
    if (mode < 0 && delta == 0) delta = 7;
    delta = -delta;
  } else {
    delta = (wd - dw + 7) % 7;
    if (delta == 0) delta = 7;
  }
  put_day(sc, start, end, 1, doc, delta, 1);
}

static void put_month(scan *sc, size_t start, size_t end, int ok, parley_ymd ref, int months) {
  if (!ok) {
    put(sc, start, end, ZERO_YMD, ZERO_YMD, 2, PARLEY_DATE_NONE, 0, 0);
    return;
  }
  long t = (long)ref.y * 12 + (ref.m - 1) + months;
  parley_ymd d = {(int)(t / 12), (int)(t % 12) + 1, 0};
  put(sc, start, end, d, ZERO_YMD, 2, PARLEY_DATE_RELATIVE, 0, 0);
}

static void put_year(scan *sc, size_t start, size_t end, int ok, parley_ymd ref, int years, int set_year) {
  if (!ok) {
    put(sc, start, end, ZERO_YMD, ZERO_YMD, 1, PARLEY_DATE_NONE, 0, 0);
    return;
  }
  parley_ymd d = {ref.y + years, 0, 0};
  put(sc, start, end, d, ZERO_YMD, 1, PARLEY_DATE_RELATIVE, 0, set_year ? d.y : 0);
}

/* --- Resolving absolute parts --------------------------------------------- */

static int part_valid(const part *p) {
  if (p->y && (p->y < YEAR_MIN || p->y > YEAR_MAX)) return 0;
  if ((p->prec == 2 || p->m) && (p->m < 1 || p->m > 12)) return 0;
  if (p->prec == 3) {
    if (p->d < 1 || p->d > 31) return 0;
    if (p->m && p->d > days_in_month(p->y ? p->y : 2000, p->m)) return 0; /* 2000: Feb 29 allowed */
    if (p->d2 && (p->d2 <= p->d || p->d2 > 31)) return 0;
    if (p->d2 && p->m && p->d2 > days_in_month(p->y ? p->y : 2000, p->m)) return 0;
  }
  if (p->m2 && (p->m2 <= p->m || p->m2 > 12)) return 0;
  return 1;
}

static parley_date_basis resolve(scan *sc, const part *p, parley_ymd *out) {
  const parley_date_ctx *c = sc->ctx;
  parley_ymd r = {0, 0, 0};
  *out = r;
  if (p->y) {
    r.y = p->y, r.m = p->prec >= 2 ? p->m : 0, r.d = p->prec == 3 ? p->d : 0;
    if (p->prec == 3 && !parley_ymd_valid(r)) return PARLEY_DATE_NONE;
    *out = r;
    return PARLEY_DATE_EXPLICIT;
  }
  if (p->m) {
    if (c->year >= YEAR_MIN && c->year <= YEAR_MAX) {
      r.y = c->year;
    } else if (doc_ok(sc)) {
      r.y = c->doc.y;
      long cand = days_from_civil(r.y, p->m, p->d ? p->d : 1);
      if (cand - ymd_days(c->doc) > CARRY_AHEAD_DAYS) r.y--;
    } else if (c->doc.y >= YEAR_MIN && c->doc.y <= YEAR_MAX) { /* a document date that is only a year */
      r.y = c->doc.y;
    } else {
      return PARLEY_DATE_NONE;
    }
    r.m = p->m, r.d = p->prec == 3 ? p->d : 0;
    if (p->prec == 3 && !parley_ymd_valid(r)) return PARLEY_DATE_NONE;
    *out = r;
    return PARLEY_DATE_CARRIED;
  }
  if (p->d) {
    /* a day alone takes the month of the last date when the text wrote that
       month (10月28日，…30日); after a day whose month was itself inferred
       (30日表示…。11日…), it is resolved from the document date again */
    if (parley_ymd_valid(c->last) && (!c->last_inferred || !doc_ok(sc))) {
      r.y = c->last.y, r.m = c->last.m, r.d = p->d;
      if (!parley_ymd_valid(r)) return PARLEY_DATE_NONE;
      sc->inferred = c->last_inferred;
    } else if (doc_ok(sc)) {
      sc->inferred = 1;
      r.y = c->doc.y, r.m = c->doc.m, r.d = p->d;
      if (!parley_ymd_valid(r) || ymd_days(r) - ymd_days(c->doc) > DAY_AHEAD_DAYS) {
        if (--r.m == 0) r.m = 12, r.y--;
        if (!parley_ymd_valid(r)) return PARLEY_DATE_NONE;
      }
    } else {
      return PARLEY_DATE_NONE;
    }
    *out = r;
    return PARLEY_DATE_CARRIED;
  }
  return PARLEY_DATE_NONE;
}

/* The end of a range: fields the text leaves out come from the start. */
static parley_ymd resolve_end(parley_ymd start, int prec, const part *b) {
  parley_ymd e = {b->y ? b->y : start.y, 0, 0};
  if (prec >= 2) e.m = b->m ? b->m : start.m;
  if (prec == 3) e.d = b->d;
  if (!b->y && parley_ymd_cmp(e, start) < 0) {
    if (prec == 3 && !b->m) {
      if (++e.m == 13) e.m = 1, e.y++;
    } else {
      e.y++;
    }
  }
  if (prec == 3 && !parley_ymd_valid(e)) return ZERO_YMD;
  if (parley_ymd_cmp(e, start) < 0) return ZERO_YMD;
  return e;
}

/* Reports an absolute date (a), or a range a..b (b may be NULL; a->d2 is an
 * inline range end day). force, when not NONE, replaces the basis of a
 * resolved date (今年8月15日 is RELATIVE although a->y is filled in). */
static void put_abs_as(scan *sc, size_t start, size_t end, const part *a, const part *b, parley_date_basis force,
                       int set_year) {
  parley_ymd d, e = ZERO_YMD;
  parley_date_basis basis = resolve(sc, a, &d);
  if (basis != PARLEY_DATE_NONE && force != PARLEY_DATE_NONE) basis = force;
  if (basis != PARLEY_DATE_NONE) {
    if (a->d2) {
      part t = {.d = a->d2, .prec = 3};
      e = resolve_end(d, 3, &t);
    } else if (a->m2) {
      part t = {.m = a->m2, .prec = 2};
      e = resolve_end(d, 2, &t);
    } else if (b) {
      e = resolve_end(d, a->prec, b);
    }
  }
  int yw = b && b->y ? b->y : a->y;
  put(sc, start, end, d, e, a->prec, basis, 1, set_year ? yw : 0);
}

static void put_abs(scan *sc, size_t start, size_t end, const part *a, const part *b) {
  put_abs_as(sc, start, end, a, b, PARLEY_DATE_NONE, 1);
}

/* --- Fillers and connectors between the two ends of a range --------------- */

static const char *const ZH_FILLER[] = {"当地时间", "北京时间", "莫斯科时间", "深夜", "凌晨", "清晨", "早晨",
                                        "早上",     "上午",     "中午",       "午间", "下午", "傍晚", "晚间",
                                        "晚上",     "夜间",     "夜里",       "午夜", "白天", "黎明", "左右",
                                        "晚",       "夜",       "早",         "许",   NULL};
static const char *const EN_FILLER[] = {"morning", "afternoon", "evening", "night", "midnight", "noon", "local", "time",
                                        "early",   "late",      "on",      "the",   "of",       "gmt",  "utc",   NULL};

/* A clock time at i (8时, 8时30分, 10点半, 20:00, 10 a.m.): its end, or i. */
static size_t skip_clock(const scan *sc, size_t i) {
  int v;
  size_t L = digit_run(sc, i, &v);
  if (L < 1 || L > 2) return i;
  size_t k = i + L, l;
  if ((l = lit(sc, k, "时")) || (l = lit(sc, k, "点"))) {
    k += l;
    size_t L2 = digit_run(sc, k, &v);
    if (L2 >= 1 && L2 <= 2 && (l = lit(sc, k + L2, "分")))
      k += L2 + l;
    else if ((l = lit(sc, k, "半")))
      k += l;
    return k;
  }
  if (byte_at(sc, k) == ':' && digit_run(sc, k + 1, &v) == 2) k += 3;
  size_t m = skip_sp(sc, k);
  if ((l = lit(sc, m, "a.m.")) || (l = lit(sc, m, "p.m.")) ||
      ((l = lit(sc, m, "am")) && !is_alpha(byte_at(sc, m + 2))) ||
      ((l = lit(sc, m, "pm")) && !is_alpha(byte_at(sc, m + 2))))
    return m + l;
  return k > i + L ? k : i;
}

static size_t weekday_char(const scan *sc, size_t j, int allow_tian, int *wd);

/* "(周五)", "(星期一)" right after a date: its end, or k. */
static size_t skip_paren_weekday(const scan *sc, size_t k) {
  size_t p = skip_sp(sc, k), l;
  int wd;
  if (byte_at(sc, p) != '(') return k;
  p = skip_sp(sc, p + 1);
  if ((l = lit(sc, p, "周")) || (l = lit(sc, p, "星期")) || (l = lit(sc, p, "礼拜"))) {
    size_t w = weekday_char(sc, p + l, l == 6, &wd);
    if (!w) return k;
    p = skip_sp(sc, p + l + w);
  } else {
    size_t wl = word_len(sc, p);
    static const char *const WD[] = {"monday", "tuesday",  "wednesday", "thursday",
                                     "friday", "saturday", "sunday",    NULL};
    if (!wl || !word_in(sc, p, wl, WD)) return k;
    p = skip_sp(sc, p + wl);
  }
  return byte_at(sc, p) == ')' ? p + 1 : k;
}

static size_t skip_filler(const scan *sc, size_t i) {
  for (int guard = 0; guard < 8; guard++) {
    size_t k = skip_sp(sc, i), l = 0;
    for (size_t f = 0; ZH_FILLER[f] && !l; f++)
      l = lit(sc, k, ZH_FILLER[f]);
    if (!l && is_alpha(byte_at(sc, k)) && (k == 0 || !is_alnum((unsigned char)sc->s[k - 1]))) {
      size_t wl = word_len(sc, k);
      if (word_in(sc, k, wl, EN_FILLER)) l = wl;
    }
    if (!l) l = skip_clock(sc, k) - k;
    if (!l) l = skip_paren_weekday(sc, k) - k;
    if (!l) return k;
    i = k + l;
  }
  return skip_sp(sc, i);
}

/* Range connector at k: its length, or 0. Words only when en. */
static size_t connector(const scan *sc, size_t k, int en) {
  static const char *const SYM[] = {"至", "到", "-", "~", "–", "—", "〜", NULL};
  static const char *const WORDS[] = {"to", "through", "thru", "until", "till", NULL};
  size_t l;
  for (size_t i = 0; SYM[i]; i++)
    if ((l = lit(sc, k, SYM[i]))) {
      if (!en && SYM[i][0] != '-' && l == 3 && lit(sc, k + l, "今")) return 0; /* 至今: until now */
      return l;
    }
  if (en && is_alpha(byte_at(sc, k)) && (k == 0 || !is_alnum((unsigned char)sc->s[k - 1]))) {
    size_t wl = word_len(sc, k);
    if (word_in(sc, k, wl, WORDS)) return wl;
  }
  return 0;
}

/* --- Chinese absolute dates ----------------------------------------------- */

/* 日 (not 日元/日圆) or, after a month, 号: its length, or 0. */
static size_t day_mark(const scan *sc, size_t k, int have_month) {
  size_t l = lit(sc, k, "日");
  if (l) {
    size_t nl;
    int nc = cp_at(sc, k + l, &nl);
    return cp_in(nc, "元圆") ? 0 : l;
  }
  return have_month ? lit(sc, k, "号") : 0;
}

/* [Y年][M月][D日|号] at i (at least one unit, descending and contiguous), with
 * an inline day range (15-17日). Returns 1 parsed, 0 nothing, -1 impossible
 * date (p->end says how far to skip). Chinese-numeral days need a month
 * unless bare_cn_day. */
static int zh_part(const scan *sc, size_t i, part *p, int bare_cn_day) {
  memset(p, 0, sizeof *p);
  size_t pos = i, e, k, l;
  int v, got_y = 0, got_m = 0, got_d = 0;
  if (year_num(sc, pos, &v, &e)) {
    k = skip_sp(sc, e);
    if (!(l = lit(sc, k, "年"))) return 0;
    if (v < YEAR_MIN || v > YEAR_MAX) return 0;
    p->y = v, got_y = 1, pos = k + l;
  }
  size_t mpos = got_y ? skip_sp(sc, pos) : pos;
  if (small_num(sc, mpos, 0, &v, &e)) {
    k = skip_sp(sc, e);
    if ((l = lit(sc, k, "月"))) {
      if (v < 1 || v > 12) { /* 13月5日: skip the day too */
        p->end = skip_sp(sc, k + l);
        size_t dl;
        if (small_num(sc, p->end, 0, &v, &e) && (dl = day_mark(sc, skip_sp(sc, e), 1)))
          p->end = skip_sp(sc, e) + dl;
        else
          p->end = k + l;
        return -1;
      }
      p->m = v, got_m = 1, pos = k + l;
    } else if ((l = connector(sc, k, 0)) || (l = lit(sc, k, "、"))) { /* 1-3月 */
      int v2;
      size_t k2 = skip_sp(sc, k + l), e2, l3;
      if (small_num(sc, k2, 0, &v2, &e2) && (l3 = lit(sc, skip_sp(sc, e2), "月"))) {
        p->m = v, p->m2 = v2, got_m = 1, pos = skip_sp(sc, e2) + l3;
        if (v < 1 || v2 <= v || v2 > 12) {
          p->end = pos;
          return -1;
        }
      }
    }
  }
  if (!p->m2 && (got_m || !got_y)) {
    size_t dpos = got_m ? skip_sp(sc, pos) : pos;
    int cn_day = !is_dig(byte_at(sc, dpos));
    if ((got_m || !cn_day || bare_cn_day) && small_num(sc, dpos, 0, &v, &e)) {
      k = skip_sp(sc, e);
      if ((l = day_mark(sc, k, got_m))) {
        if (v < 1 || v > 31) {
          p->end = k + l;
          return -1;
        }
        p->d = v, got_d = 1, pos = k + l;
      } else if ((l = connector(sc, k, 0)) || (l = lit(sc, k, "、")) || (l = lit(sc, k, "和"))) {
        int v2; /* 15-17日; a list 15、16日 is reported as the range it spans */
        size_t k2 = skip_sp(sc, k + l), e2;
        if (small_num(sc, k2, 0, &v2, &e2)) {
          size_t k3 = skip_sp(sc, e2), l3 = day_mark(sc, k3, got_m);
          if (l3) {
            p->d = v, p->d2 = v2, got_d = 1, pos = k3 + l3;
            if (v < 1 || v > 31 || v2 <= v || v2 > 31) {
              p->end = pos;
              return -1;
            }
          }
        }
      }
    }
  }
  if (!got_y && !got_m && !got_d) return 0;
  p->prec = got_d ? 3 : got_m ? 2 : 1;
  p->end = pos;
  return part_valid(p) ? 1 : -1;
}

/* After a Chinese part a ending at i: [filler] connector [filler] part b of
 * the same precision. */
static int zh_tail(const scan *sc, size_t i, const part *a, part *b) {
  if (a->d2 || a->m2) return 0;
  size_t k = skip_filler(sc, i), c = connector(sc, k, 0);
  if (!c) return 0;
  k = skip_filler(sc, k + c);
  if (zh_part(sc, k, b, 1) != 1) return 0;
  if (b->prec != a->prec || b->d2 || b->m2) return 0;
  if (b->y && !a->y) return 0;
  return 1;
}

/* --- English absolute dates ----------------------------------------------- */

static const char *const MONTH_NAMES[13] = {"",     "january", "february",  "march",   "april",    "may",     "june",
                                            "july", "august",  "september", "october", "november", "december"};

/* Month name at word start i (full, 3-letter abbreviation or "sept"): 1..12
 * with *end after it (and after a '.' of an abbreviation), or 0. */
static int month_at(const scan *sc, size_t i, size_t *end, int *full) {
  if (!is_alpha(byte_at(sc, i)) || (i > 0 && is_alnum((unsigned char)sc->s[i - 1]))) return 0;
  size_t wl = word_len(sc, i);
  if (wl < 3 || wl > 9) return 0;
  const char *p = sc->s + i;
  int a = lc((unsigned char)p[0]), b = lc((unsigned char)p[1]), c = lc((unsigned char)p[2]);
  int m;
  for (m = 1; m <= 12; m++)
    if (MONTH_NAMES[m][0] == a && MONTH_NAMES[m][1] == b && MONTH_NAMES[m][2] == c) break;
  if (m > 12) return 0;
  if (word_is(sc, i, wl, MONTH_NAMES[m])) {
    *full = 1;
  } else if (wl == 3 || (m == 9 && wl == 4 && lc((unsigned char)p[3]) == 't')) {
    *full = 0;
  } else {
    return 0;
  }
  *end = i + wl;
  if (!*full && byte_at(sc, *end) == '.') (*end)++;
  return m;
}

/* st/nd/rd/th after a day number. */
static size_t ordinal(const scan *sc, size_t k) {
  static const char *const ORD[] = {"st", "nd", "rd", "th", NULL};
  size_t wl = word_len(sc, k);
  return wl == 2 && word_in(sc, k, wl, ORD) ? k + 2 : k;
}

/* ", 2025" / " 2025" after a day: the year and the end, or 0. */
static int trailing_year(const scan *sc, size_t k, size_t *end) {
  size_t y0 = k;
  if (byte_at(sc, y0) == ',') y0++;
  y0 = skip_sp(sc, y0);
  int v;
  if (y0 == k || digit_run(sc, y0, &v) != 4 || v < YEAR_MIN || v > YEAR_MAX) return 0;
  if (is_alpha(byte_at(sc, y0 + 4))) return 0;
  *end = y0 + 4;
  return v;
}

/* Inline day range "-17" / "–17" after a day: sets p->d2 and moves *pos. */
static void inline_range(const scan *sc, size_t *pos, part *p) {
  size_t l = lit(sc, *pos, "-");
  if (!l) l = lit(sc, *pos, "–");
  if (!l) return;
  int v2;
  size_t L2 = digit_run(sc, *pos + l, &v2);
  if (L2 < 1 || L2 > 2 || v2 <= p->d || v2 > 31) return;
  size_t e = ordinal(sc, *pos + l + L2);
  if (is_alpha(byte_at(sc, e))) return;
  p->d2 = v2;
  *pos = e;
}

static const char *const MONTH_CONTEXT[] = {"in",   "since",   "by",         "until",  "till",  "during",
                                            "from", "through", "throughout", "before", "after", "early",
                                            "late", "mid",     "of",         "end",    NULL};
static const char *const DAY_CONTEXT[] = {"on",   "in",     "since", "by", "until", "till",
                                          "from", "before", "after", "of", "said",  NULL};
static const char *const YEAR_CONTEXT[] = {
    "in",   "since", "by", "until", "till", "during", "from",   "through", "throughout", "before", "after", "early",
    "late", "mid",   "of", "end",   "year", "spring", "summer", "autumn",  "fall",       "winter", NULL};

static int has_context(const scan *sc, size_t i, const char *const *list) {
  size_t ws, wl = prev_word(sc, i, &ws);
  return wl && word_in(sc, ws, wl, list);
}

/* MONTH[.] D[th][-D2][, YYYY] | MONTH YYYY | MONTH (allow_bare) at i. */
static int en_part(const scan *sc, size_t i, part *p, int allow_bare) {
  memset(p, 0, sizeof *p);
  int full, v = 0;
  size_t e;
  int mon = month_at(sc, i, &e, &full);
  if (!mon) return 0;
  size_t k = skip_sp(sc, e);
  size_t L = k > e || byte_at(sc, e - 1) == '.' ? digit_run(sc, k, &v) : 0;
  if (L >= 1 && L <= 2 && byte_at(sc, k + L) != ':') {
    size_t pos = ordinal(sc, k + L);
    if (!is_alpha(byte_at(sc, pos)) && !(byte_at(sc, pos) == '.' && is_dig(byte_at(sc, pos + 1)))) {
      p->m = mon, p->d = v, p->prec = 3;
      inline_range(sc, &pos, p);
      size_t ye, ws;
      int y = trailing_year(sc, pos, &ye);
      if (y) p->y = y, pos = ye;
      /* "may 5": the verb unless a date context, a year or no word follows */
      if (mon == 5 && !y && !has_context(sc, i, DAY_CONTEXT) && next_word(sc, pos, &ws) && ws == skip_sp(sc, pos))
        return 0;
      p->end = pos;
      return part_valid(p) ? 1 : -1;
    }
  } else if (L == 4 && v >= YEAR_MIN && v <= YEAR_MAX && !is_alpha(byte_at(sc, k + 4))) {
    p->m = mon, p->y = v, p->prec = 2, p->end = k + 4;
    return 1;
  }
  if (!allow_bare || !full) return 0;
  p->m = mon, p->prec = 2, p->end = e;
  return 1;
}

/* D[th][-D2] MONTH[.][, YYYY] at i (12 february 2025). */
static int en_dm_part(const scan *sc, size_t i, part *p) {
  memset(p, 0, sizeof *p);
  int v, full;
  size_t L = digit_run(sc, i, &v);
  if (L < 1 || L > 2) return 0;
  size_t pos = ordinal(sc, i + L);
  p->d = v, p->prec = 3;
  inline_range(sc, &pos, p);
  size_t k = skip_sp(sc, pos), e;
  if (k == pos) return 0;
  if (word_is(sc, k, word_len(sc, k), "of")) k = skip_sp(sc, k + 2);
  int mon = month_at(sc, k, &e, &full);
  if (!mon) return 0;
  size_t ye;
  int y = trailing_year(sc, e, &ye);
  if (mon == 5 && !y) { /* "5 may": only with a year or before punctuation */
    size_t ws;
    if (next_word(sc, e, &ws)) return 0;
  }
  p->m = mon;
  if (y) p->y = y, e = ye;
  p->end = e;
  return part_valid(p) ? 1 : -1;
}

/* After an English part a ending at i: [filler] connector [filler] second
 * end (a full part, D MONTH, or a bare day number). */
static int en_tail(const scan *sc, size_t start, size_t i, part *a, part *b) {
  static const char *const FOLLOW[] = {"in",    "at", "and",   "or",     "with", "during", "local", "when",
                                       "while", "as", "after", "before", "for",  "but",    "on",    NULL};
  if (a->d2) return 0;
  size_t k = skip_filler(sc, i), c = connector(sc, k, 1), ws;
  if (!c && word_is(sc, k, word_len(sc, k), "and")) { /* between aug. 15 and 17 */
    size_t pl = prev_word(sc, start, &ws);
    if (pl && word_is(sc, ws, pl, "between")) c = 3;
  }
  if (!c) return 0;
  k = skip_filler(sc, k + c);
  int r = en_part(sc, k, b, a->prec == 2);
  if (r != 1 && a->prec == 3) r = en_dm_part(sc, k, b);
  if (r != 1 && a->prec == 3) {
    int v;
    size_t L = digit_run(sc, k, &v);
    if (L < 1 || L > 2 || v < 1 || v > 31) return 0;
    size_t pos = ordinal(sc, k + L), wl = next_word(sc, pos, &ws);
    int nc = byte_at(sc, pos);
    if (is_alpha(nc) || nc == ':' || (nc == '.' && is_dig(byte_at(sc, pos + 1)))) return 0;
    if (wl && ws == skip_sp(sc, pos) && !word_in(sc, ws, wl, FOLLOW)) return 0;
    memset(b, 0, sizeof *b);
    b->d = v, b->prec = 3;
    size_t ye;
    int y = trailing_year(sc, pos, &ye);
    if (y) b->y = y, pos = ye;
    b->end = pos;
    r = 1;
  }
  if (r != 1 || b->prec != a->prec || b->d2) return 0;
  if (b->y && !a->y) { /* aug. 15 to 17, 2025 / dec. 30 to jan. 2, 2026 */
    a->y = b->y;
    if (b->m && a->m > b->m) a->y--;
    if (!part_valid(a)) return 0;
  }
  return 1;
}

/* Reports a parsed Chinese part a that starts at start, with a range after it
 * (至17日, 至今) and a weekday in brackets after it; returns where to go on. */
static size_t finish_zh(scan *sc, size_t start, part *a, parley_date_basis force, int set_year) {
  part b;
  size_t l, k;
  if (zh_tail(sc, a->end, a, &b)) {
    put_abs_as(sc, start, b.end, a, &b, force, set_year);
    return skip_paren_weekday(sc, b.end);
  }
  k = skip_filler(sc, skip_paren_weekday(sc, a->end));
  if (!a->d2 && !a->m2 && ((l = lit(sc, k, "至今")) || (l = lit(sc, k, "到现在")))) { /* 2022年至今 */
    parley_ymd doc = sc->ctx->doc;
    memset(&b, 0, sizeof b);
    if (doc_ok(sc)) {
      b.y = doc.y, b.m = a->prec >= 2 ? doc.m : 0, b.d = a->prec == 3 ? doc.d : 0, b.prec = a->prec;
      put_abs_as(sc, start, k + l, a, &b, force, set_year);
    } else {
      put_abs_as(sc, start, k + l, a, NULL, force, set_year);
    }
    return k + l;
  }
  put_abs_as(sc, start, a->end, a, NULL, force, set_year);
  return skip_paren_weekday(sc, a->end);
}

/* Reports a parsed English part a (with a range after it). */
static size_t finish_en(scan *sc, size_t start, part *a) {
  part b;
  if (en_tail(sc, start, a->end, a, &b)) {
    put_abs(sc, start, b.end, a, &b);
    return skip_paren_weekday(sc, b.end);
  }
  put_abs(sc, start, a->end, a, NULL);
  return skip_paren_weekday(sc, a->end);
}

/* --- Relative counts: two days ago, 三天前 --------------------------------- */

static const char *const COUNT_WORDS[] = {"a",     "an",    "one",  "two", "three",  "four",   "five", "six",
                                          "seven", "eight", "nine", "ten", "eleven", "twelve", NULL};

static int count_word(const scan *sc, size_t i, size_t wl) {
  for (int k = 0; COUNT_WORDS[k]; k++)
    if (word_is(sc, i, wl, COUNT_WORDS[k])) return k < 2 ? 1 : k - 1;
  return 0;
}

/* N day(s)/week(s)/month(s)/year(s) ago/earlier/later after the count. */
static size_t en_ago(scan *sc, size_t start, size_t k, int n) {
  size_t ws, wl = next_word(sc, k, &ws);
  if (!wl) return 0;
  int unit; /* days, or -1 months, -2 years */
  if (word_is(sc, ws, wl, "day") || word_is(sc, ws, wl, "days"))
    unit = 1;
  else if (word_is(sc, ws, wl, "week") || word_is(sc, ws, wl, "weeks"))
    unit = 7;
  else if (word_is(sc, ws, wl, "month") || word_is(sc, ws, wl, "months"))
    unit = -1;
  else if (word_is(sc, ws, wl, "year") || word_is(sc, ws, wl, "years"))
    unit = -2;
  else
    return 0;
  size_t ws2, wl2 = next_word(sc, ws + wl, &ws2);
  int sign, from_last;
  if (wl2 && word_is(sc, ws2, wl2, "ago"))
    sign = -1, from_last = 0;
  else if (wl2 && word_is(sc, ws2, wl2, "earlier"))
    sign = -1, from_last = 1;
  else if (wl2 && word_is(sc, ws2, wl2, "later"))
    sign = 1, from_last = 1;
  else
    return 0;
  size_t end = ws2 + wl2;
  parley_ymd ref = sc->ctx->doc;
  int ok = from_last ? last_ref(sc, sign > 0, &ref) : doc_ok(sc);
  if (unit > 0)
    put_day(sc, start, end, ok, ref, sign * n * unit, 1);
  else if (unit == -1)
    put_month(sc, start, end, ok, ref, sign * n);
  else
    put_year(sc, start, end, ok, ref, sign * n, 0);
  return end;
}

/* N天前 / N天后 / N周前 / N周后 after a number ending at k. */
static size_t zh_ago(scan *sc, size_t start, size_t k, int n) {
  size_t l;
  int unit, sign;
  if ((l = lit(sc, k, "天前")))
    unit = 1, sign = -1;
  else if ((l = lit(sc, k, "天后")))
    unit = 1, sign = 1;
  else if ((l = lit(sc, k, "周前")))
    unit = 7, sign = -1;
  else if ((l = lit(sc, k, "周后")))
    unit = 7, sign = 1;
  else if ((l = lit(sc, k, "个星期前")))
    unit = 7, sign = -1;
  else
    return 0;
  parley_ymd ref = sc->ctx->doc;
  int ok = sign < 0 ? doc_ok(sc) : last_ref(sc, 1, &ref);
  put_day(sc, start, k + l, ok, ref, sign * n * unit, 1);
  return k + l;
}

/* --- Digits --------------------------------------------------------------- */

static void put_explicit(scan *sc, size_t start, size_t end, int y, int m, int d) {
  parley_ymd r = {y, m, d};
  put(sc, start, end, r, ZERO_YMD, 3, PARLEY_DATE_EXPLICIT, 1, y);
}

static int ymd_ok(int y, int m, int d) {
  parley_ymd r = {y, m, d};
  return y >= YEAR_MIN && y <= YEAR_MAX && parley_ymd_valid(r);
}

/* A date starting with the ASCII digit run at i: the end of what was
 * consumed, or 0. */
static size_t try_digits(scan *sc, size_t i) {
  int pb = i ? (unsigned char)sc->s[i - 1] : -1;
  if (is_alpha(pb)) return 0;
  if (i >= 2 && (pb == '.' || pb == ',' || pb == ':' || pb == '/' || pb == '-') && is_dig((unsigned char)sc->s[i - 2]))
    return 0;
  int v, v2, v3;
  size_t L = digit_run(sc, i, &v), j = i + L;
  int c = byte_at(sc, j);
  part a;

  /* 2025-08-16, 2025/8/16, 2025.08.16 */
  if (L == 4 && (c == '-' || c == '/' || c == '.')) {
    size_t L2 = digit_run(sc, j + 1, &v2);
    if (L2 >= 1 && L2 <= 2 && byte_at(sc, j + 1 + L2) == c) {
      size_t L3 = digit_run(sc, j + 2 + L2, &v3), e = j + 2 + L2 + L3;
      if (L3 >= 1 && L3 <= 2) {
        if (byte_at(sc, e) == c && is_dig(byte_at(sc, e + 1))) return e; /* longer code */
        if (ymd_ok(v, v2, v3)) put_explicit(sc, i, e, v, v2, v3);
        return e;
      }
    }
  }
  /* 202512/30 */
  if (L == 6 && c == '/') {
    size_t L2 = digit_run(sc, j + 1, &v2), e = j + 1 + L2;
    if (L2 >= 1 && L2 <= 2 && byte_at(sc, e) != '/') {
      if (ymd_ok(v / 100, v % 100, v2)) put_explicit(sc, i, e, v / 100, v % 100, v2);
      return e;
    }
  }
  /* 20250816 */
  if (L == 8 && !is_alpha(c)) {
    if (ymd_ok(v / 10000, v / 100 % 100, v % 100)) {
      put_explicit(sc, i, j, v / 10000, v / 100 % 100, v % 100);
      return j;
    }
    return 0;
  }
  /* 12/29/2025 (m/d/y; d/m/y when the first is over 12), 16.08.2025 (dd.mm.yyyy only) */
  if (L <= 2 && (c == '/' || c == '.')) {
    size_t L2 = digit_run(sc, j + 1, &v2);
    if (L2 >= 1 && L2 <= 2 && byte_at(sc, j + 1 + L2) == c) {
      size_t L3 = digit_run(sc, j + 2 + L2, &v3), e = j + 2 + L2 + L3;
      if (L3 == 4 && (c == '/' || (L == 2 && L2 == 2))) {
        int m = v, d = v2;
        if (c == '.' || v > 12) m = v2, d = v;
        if (ymd_ok(v3, m, d)) put_explicit(sc, i, e, v3, m, d);
        return e;
      }
    }
  }
  /* Chinese units: 2025年8月15日, 8月15日, 15日, 15-17日 (and a range after) */
  int r = zh_part(sc, i, &a, 0);
  if (r < 0) return a.end;
  if (r == 1 && !(a.prec == 3 && !a.m && cp_before(sc, i) == CP_DI)) return finish_zh(sc, i, &a, PARLEY_DATE_NONE, 1);
  if (r == 1) return a.end;
  /* 12 february 2025, 15-17 august */
  if (L <= 2) {
    r = en_dm_part(sc, i, &a);
    if (r < 0) return a.end;
    if (r == 1) return finish_en(sc, i, &a);
  }
  /* 3 days ago, 3天前 */
  if (L <= 2 && v > 0) {
    size_t e = en_ago(sc, i, j, v);
    if (!e) e = zh_ago(sc, i, skip_sp(sc, j), v);
    if (e) return e;
  }
  /* in 2025, since 2025, mid-2025 */
  if (L == 4 && v >= YEAR_MIN && v <= YEAR_MAX && !is_alpha(c) && c != ':' && c != '%' &&
      !(c == '.' && is_dig(byte_at(sc, j + 1))) && !(c == ',' && is_dig(byte_at(sc, j + 1))) &&
      has_context(sc, i, YEAR_CONTEXT)) {
    parley_ymd d = {v, 0, 0};
    put(sc, i, j, d, ZERO_YMD, 1, PARLEY_DATE_EXPLICIT, 0, v);
    return j;
  }
  return 0;
}

/* --- English words -------------------------------------------------------- */

static const char *const WEEKDAYS[] = {"monday", "tuesday",  "wednesday", "thursday",
                                       "friday", "saturday", "sunday",    NULL};

static int weekday_word(const scan *sc, size_t i, size_t wl) {
  for (int k = 0; WEEKDAYS[k]; k++)
    if (word_is(sc, i, wl, WEEKDAYS[k])) return k;
  return -1;
}

/* last/past/next/coming/this + weekday | week | weekend | month | year |
 * night | morning...; start is where the mention begins, k after the
 * modifier. */
static size_t en_modifier(scan *sc, size_t start, size_t k, int mod, int weekday_only) {
  size_t ws, wl = next_word(sc, k, &ws);
  if (!wl) return 0;
  size_t end = ws + wl;
  int wd = weekday_word(sc, ws, wl);
  parley_ymd doc = sc->ctx->doc;
  int ok = doc_ok(sc);
  if (wd >= 0) {
    if (mod == 0)
      put_week(sc, start, end, 0, wd);
    else
      put_weekday(sc, start, end, wd, mod);
    return end;
  }
  if (weekday_only) return 0;
  if (word_is(sc, ws, wl, "week"))
    put_week(sc, start, end, mod, -1);
  else if (word_is(sc, ws, wl, "weekend"))
    put_week(sc, start, end, mod, 7);
  else if (word_is(sc, ws, wl, "month"))
    put_month(sc, start, end, ok, doc, mod);
  else if (word_is(sc, ws, wl, "year"))
    put_year(sc, start, end, ok, doc, mod, 1);
  else if (mod == -1 && word_is(sc, ws, wl, "night"))
    put_day(sc, start, end, ok, doc, -1, 1);
  else if (mod == 0 &&
           (word_is(sc, ws, wl, "morning") || word_is(sc, ws, wl, "afternoon") || word_is(sc, ws, wl, "evening")))
    put_day(sc, start, end, ok, doc, 0, 1);
  else
    return 0;
  return end;
}

static int modifier_of(const scan *sc, size_t i, size_t wl, int *weekday_only) {
  *weekday_only = 0;
  if (word_is(sc, i, wl, "last")) return -1;
  if (word_is(sc, i, wl, "next")) return 1;
  if (word_is(sc, i, wl, "this")) return 0;
  *weekday_only = 1;
  if (word_is(sc, i, wl, "past")) return -1;
  if (word_is(sc, i, wl, "coming")) return 1;
  return 2;
}

/* 1 if a day-precision date follows k (after ',', '(' and spaces): a weekday
 * just before it names that date ("monday, aug. 15", 周三(15日)) and is not a
 * mention of its own. */
static int date_follows(const scan *sc, size_t k) {
  if (byte_at(sc, k) == ',') k++;
  k = skip_sp(sc, k);
  if (byte_at(sc, k) == '(') k = skip_sp(sc, k + 1);
  part a;
  return (zh_part(sc, k, &a, 0) == 1 && a.prec == 3) || (en_part(sc, k, &a, 0) == 1 && a.prec == 3) ||
         en_dm_part(sc, k, &a) == 1;
}

static size_t try_word(scan *sc, size_t i) {
  size_t wl = word_len(sc, i);
  int c0 = lc((unsigned char)sc->s[i]);
  if (wl > 9 || !strchr("acdefjlmnopstwy", c0)) return 0; /* no keyword starts so */
  parley_ymd doc = sc->ctx->doc, ref = doc;
  int ok = doc_ok(sc);
  size_t ws, wl2, ws3, wl3;

  /* month names */
  size_t e;
  int full;
  if (wl >= 3 && strchr("jfmasond", c0) && month_at(sc, i, &e, &full)) {
    part a;
    int r = en_part(sc, i, &a, has_context(sc, i, MONTH_CONTEXT));
    if (r < 0) return a.end;
    if (r == 0) return 0;
    return finish_en(sc, i, &a);
  }
  int wd = wl >= 6 && strchr("mtwfs", c0) ? weekday_word(sc, i, wl) : -1;
  if (wd >= 0) {
    if (date_follows(sc, i + wl)) return i + wl;
    put_weekday(sc, i, i + wl, wd, 0);
    return i + wl;
  }
  if (word_is(sc, i, wl, "today") || word_is(sc, i, wl, "tonight")) {
    put_day(sc, i, i + wl, ok, doc, 0, 1);
    return i + wl;
  }
  if (word_is(sc, i, wl, "yesterday")) {
    put_day(sc, i, i + wl, ok, doc, -1, 1);
    return i + wl;
  }
  if (word_is(sc, i, wl, "tomorrow")) {
    put_day(sc, i, i + wl, ok, doc, 1, 1);
    return i + wl;
  }
  int weekday_only, mod = strchr("lntpc", c0) ? modifier_of(sc, i, wl, &weekday_only) : 2;
  if (mod != 2) return en_modifier(sc, i, i + wl, mod, weekday_only);
  if (word_is(sc, i, wl, "earlier") || word_is(sc, i, wl, "later") || word_is(sc, i, wl, "early") ||
      word_is(sc, i, wl, "late")) {
    wl2 = next_word(sc, i + wl, &ws);
    if (!wl2) return 0;
    if (word_is(sc, ws, wl2, "today")) {
      put_day(sc, i, ws + wl2, ok, doc, 0, 1);
      return ws + wl2;
    }
    mod = modifier_of(sc, ws, wl2, &weekday_only);
    if (mod == 2 || weekday_only) return 0;
    return en_modifier(sc, i, ws + wl2, mod, 0);
  }
  if (word_is(sc, i, wl, "the") || word_is(sc, i, wl, "that")) {
    int the = wl == 3;
    wl2 = next_word(sc, i + wl, &ws);
    if (!wl2) return 0;
    wl3 = next_word(sc, ws + wl2, &ws3);
    int is_day3 = wl3 && word_is(sc, ws3, wl3, "day");
    int days, use_end;
    size_t end;
    if (the && is_day3 && (word_is(sc, ws, wl2, "next") || word_is(sc, ws, wl2, "following")))
      days = 1, use_end = 1, end = ws3 + wl3;
    else if (the && is_day3 && word_is(sc, ws, wl2, "previous"))
      days = -1, use_end = 0, end = ws3 + wl3;
    else if (is_day3 && word_is(sc, ws, wl2, "same"))
      days = 0, use_end = 0, end = ws3 + wl3;
    else if (!the && word_is(sc, ws, wl2, "day"))
      days = 0, use_end = 0, end = ws + wl2;
    else if (the && word_is(sc, ws, wl2, "day") && wl3 &&
             (word_is(sc, ws3, wl3, "before") || word_is(sc, ws3, wl3, "earlier")))
      days = -1, use_end = 0, end = ws3 + wl3;
    else if (the && word_is(sc, ws, wl2, "day") && wl3 &&
             (word_is(sc, ws3, wl3, "after") || word_is(sc, ws3, wl3, "later")))
      days = 1, use_end = 1, end = ws3 + wl3;
    else
      return 0;
    int rok = last_ref(sc, use_end, &ref);
    put_day(sc, i, end, rok, ref, days, 1);
    return end;
  }
  wl2 = next_word(sc, i + wl, &ws); /* a count only matters before a unit: two days ago */
  if (wl2 >= 3 && wl2 <= 6 && strchr("dwmy", lc((unsigned char)sc->s[ws]))) {
    int n = count_word(sc, i, wl);
    if (n) return en_ago(sc, i, i + wl, n);
  }
  return 0;
}

/* --- Chinese words -------------------------------------------------------- */

enum rel_kind {
  RK_DOC,   /* document date + arg days */
  RK_NEXT,  /* end of last range / last / doc, + arg days */
  RK_LAST,  /* last / doc, + arg days */
  RK_VAGUE, /* 近日, 日前: document date, no ctx->last */
  RK_WEEK,  /* week of the document + arg weeks (本周, 上周五, 下周末) */
  RK_MONTH, /* month of the document + arg */
  RK_YEAR,  /* year of the document + arg (sets ctx->year) */
  RK_WD     /* 周一, 星期一, 礼拜一: weekday on or before the document date */
};

/* Characters that, after or before a word, show it is part of another word
 * (此前天然气, 前天津市长, 日本, 日益, 说明天, 过去年, 接近日, 生日前, 登上月球). */
#define AFTER_RI "本元圆益趋渐程期"
#define AFTER_TIAN "然津堂性际气赋线府涯皇职敌鹅"
#define AFTER_NIAN "轻龄纪迈幼华鉴薪"
#define AFTER_ZHOU "边围期年刊转旋密折游"
#define AFTER_YUE "球亮光饼食"
#define NUMS "〇零一二三四五六七八九十两"
#define BEFORE_MING "说表证声阐标申查透光文清鲜指注写讲点辨严开分英聪昭发神黎简"
#define BEFORE_DANG "相正应担适充恰理每勾门"
#define BEFORE_TONG "不共相合协认赞等陪连混雷异大视会公如"
#define BEFORE_CI "此这本该每一上首多两几数再层名其历屡"
#define BEFORE_QU "过回离失上进下出死"
#define BEFORE_JIN "接靠邻附将临逼贴亲最挨走拉就趋"
#define BEFORE_RIQIAN NUMS "节生念假期末作举止幕当此今昨明次同翌数几多周每该某平终到效议航易祭庆诞会首"
#define AFTER_RIQIAN "往进线景提夕所途面方锋沿列后身卫车"
#define BEFORE_ZHOU NUMS "每数几多半上下本这"

static const struct zrel {
  const char *w;
  enum rel_kind kind;
  int arg;
  const char *bad_before, *bad_after;
} ZREL[] = {
    {"今天", RK_DOC, 0, NULL, AFTER_TIAN},
    {"今日", RK_DOC, 0, NULL, AFTER_RI},
    {"今晚", RK_DOC, 0, NULL, NULL},
    {"今晨", RK_DOC, 0, NULL, NULL},
    {"本日", RK_DOC, 0, "日", AFTER_RI},
    {"昨天", RK_DOC, -1, NULL, AFTER_TIAN},
    {"昨日", RK_DOC, -1, NULL, AFTER_RI},
    {"昨晚", RK_DOC, -1, NULL, NULL},
    {"昨夜", RK_DOC, -1, NULL, NULL},
    {"前一天", RK_LAST, -1, NULL, NULL},
    {"前一日", RK_LAST, -1, NULL, AFTER_RI},
    {"前天", RK_DOC, -2, NULL, AFTER_TIAN "主王"},
    {"明天", RK_DOC, 1, BEFORE_MING, AFTER_TIAN},
    {"明日", RK_DOC, 1, BEFORE_MING, AFTER_RI},
    {"明年", RK_YEAR, 1, BEFORE_MING, AFTER_NIAN},
    {"次日", RK_NEXT, 1, BEFORE_CI, AFTER_RI},
    {"翌日", RK_NEXT, 1, NULL, AFTER_RI},
    {"第二天", RK_NEXT, 1, NULL, NULL},
    {"隔天", RK_NEXT, 1, NULL, AFTER_TIAN},
    {"隔日", RK_NEXT, 1, NULL, AFTER_RI},
    {"当天", RK_LAST, 0, BEFORE_DANG, AFTER_TIAN},
    {"当日", RK_LAST, 0, BEFORE_DANG, AFTER_RI},
    {"当晚", RK_LAST, 0, BEFORE_DANG, NULL},
    {"当夜", RK_LAST, 0, BEFORE_DANG, NULL},
    {"同日", RK_LAST, 0, BEFORE_TONG, AFTER_RI "而"},
    {"同一天", RK_LAST, 0, NULL, NULL},
    {"那天", RK_LAST, 0, NULL, AFTER_TIAN},
    {"本周", RK_WEEK, 0, "日基版", AFTER_ZHOU},
    {"这周", RK_WEEK, 0, NULL, AFTER_ZHOU},
    {"本星期", RK_WEEK, 0, NULL, NULL},
    {"上周", RK_WEEK, -1, NULL, AFTER_ZHOU},
    {"上星期", RK_WEEK, -1, NULL, NULL},
    {"上个星期", RK_WEEK, -1, NULL, NULL},
    {"下周", RK_WEEK, 1, NULL, AFTER_ZHOU},
    {"下星期", RK_WEEK, 1, NULL, NULL},
    {"下个星期", RK_WEEK, 1, NULL, NULL},
    {"近日", RK_VAGUE, 0, BEFORE_JIN, AFTER_RI},
    {"日前", RK_VAGUE, 0, BEFORE_RIQIAN, AFTER_RIQIAN},
    {"本月", RK_MONTH, 0, "日基版", AFTER_YUE},
    {"这个月", RK_MONTH, 0, NULL, NULL},
    {"上月", RK_MONTH, -1, NULL, AFTER_YUE},
    {"上个月", RK_MONTH, -1, NULL, NULL},
    {"下月", RK_MONTH, 1, NULL, AFTER_YUE},
    {"下个月", RK_MONTH, 1, NULL, NULL},
    {"今年", RK_YEAR, 0, NULL, AFTER_NIAN},
    {"去年", RK_YEAR, -1, BEFORE_QU, AFTER_NIAN},
    {"星期", RK_WD, 1, "个每", NULL},
    {"礼拜", RK_WD, 1, "做每", NULL},
    {"周", RK_WD, 0, BEFORE_ZHOU, NULL},
};

/* 一..六 → 0..5, 日 (and 天 when allow_tian) → 6, else -1. */
static int zh_weekday(int cp, int allow_tian) {
  int dg = cn_digit(cp);
  if (dg >= 1 && dg <= 6) return dg - 1;
  if (cp == 0x65E5 /* 日 */) return 6;
  if (allow_tian && cp == 0x5929 /* 天 */) return 6;
  return -1;
}

/* A weekday character at j that is not the start of a longer number or
 * count (周一次, 星期二十): its length, with *wd set; or 0. */
static size_t weekday_char(const scan *sc, size_t j, int allow_tian, int *wd) {
  size_t l, nl;
  *wd = zh_weekday(cp_at(sc, j, &l), allow_tian);
  if (*wd < 0) return 0;
  int nc = cp_at(sc, j + l, &nl);
  if (is_cn_num(nc) || cp_in(nc, "次个年岁届位名遍")) return 0;
  if (*wd == 6 && cp_in(nc, AFTER_RI)) return 0;
  return l;
}

static size_t handle_zrel(scan *sc, const struct zrel *z, size_t i, size_t j) {
  parley_ymd doc = sc->ctx->doc, ref = doc;
  int ok = doc_ok(sc), wd;
  size_t l;
  switch (z->kind) {
  case RK_DOC: put_day(sc, i, j, ok, doc, z->arg, 1); return j;
  case RK_NEXT:
    ok = last_ref(sc, 1, &ref);
    put_day(sc, i, j, ok, ref, z->arg, 1);
    return j;
  case RK_LAST:
    ok = last_ref(sc, 0, &ref);
    put_day(sc, i, j, ok, ref, z->arg, 1);
    return j;
  case RK_VAGUE: put_day(sc, i, j, ok, doc, 0, 0); return j;
  case RK_WEEK:
    if ((l = weekday_char(sc, j, strstr(z->w, "星期") != NULL, &wd))) {
      put_week(sc, i, j + l, z->arg, wd);
      return j + l;
    }
    if ((l = lit(sc, j, "末"))) {
      put_week(sc, i, j + l, z->arg, 7);
      return j + l;
    }
    put_week(sc, i, j, z->arg, -1);
    return j;
  case RK_MONTH:
  case RK_YEAR: {
    /* 上月28日, 今年8月15日, 去年12月: one mention with the written part */
    part a;
    size_t k = skip_sp(sc, j);
    if (ok && zh_part(sc, k, &a, 1) == 1 && !a.y && (z->kind == RK_MONTH ? !a.m && a.prec == 3 : a.prec >= 2)) {
      if (z->kind == RK_MONTH) {
        long t = (long)doc.y * 12 + (doc.m - 1) + z->arg;
        a.y = (int)(t / 12), a.m = (int)(t % 12) + 1;
      } else {
        a.y = doc.y + z->arg;
      }
      if (part_valid(&a)) return finish_zh(sc, i, &a, PARLEY_DATE_RELATIVE, z->kind == RK_YEAR);
    }
    if (z->kind == RK_MONTH)
      put_month(sc, i, j, ok, doc, z->arg);
    else
      put_year(sc, i, j, ok, doc, z->arg, 1);
    return j;
  }
  case RK_WD:
    if ((l = weekday_char(sc, j, z->arg, &wd))) {
      if (!date_follows(sc, j + l)) put_weekday(sc, i, j + l, wd, 0);
      return j + l;
    }
    return 0;
  }
  return 0;
}

static size_t try_zh_word(scan *sc, size_t i, int cp) {
  switch (cp) {
  case 0x4ECA: /* 今 */
  case 0x6628: /* 昨 */
  case 0x524D: /* 前 */
  case 0x660E: /* 明 */
  case 0x6B21: /* 次 */
  case 0x7FCC: /* 翌 */
  case 0x7B2C: /* 第 */
  case 0x9694: /* 隔 */
  case 0x5F53: /* 当 */
  case 0x540C: /* 同 */
  case 0x672C: /* 本 */
  case 0x8FD9: /* 这 */
  case 0x4E0A: /* 上 */
  case 0x4E0B: /* 下 */
  case 0x8FD1: /* 近 */
  case 0x65E5: /* 日 */
  case 0x53BB: /* 去 */
  case 0x5468: /* 周 */
  case 0x661F: /* 星 */
  case 0x793C: /* 礼 */
  case 0x90A3: /* 那 */ break;
  default: return 0;
  }
  int pc = cp_before(sc, i);
  if (is_dig(pc)) return 0;
  for (size_t k = 0; k < sizeof ZREL / sizeof ZREL[0]; k++) {
    const struct zrel *z = &ZREL[k];
    if (z->w[0] != sc->s[i] || z->w[1] != sc->s[i + 1] || z->w[2] != sc->s[i + 2]) continue; /* 1st char */
    size_t l = lit(sc, i, z->w);
    if (!l) continue;
    size_t j = i + l, nl;
    int nc = cp_at(sc, j, &nl);
    if (cp_in(pc, z->bad_before) || cp_in(nc, z->bad_after)) return 0;
    /* 今日俄罗斯 (RT), 《今日美国》, 如今天下 */
    if (!strcmp(z->w, "今日") && ((lit(sc, j, "俄罗斯") && lit(sc, j + 9, "电视台")) || pc == 0x300A /* 《 */))
      return 0;
    if (!strcmp(z->w, "今天") && pc == 0x5982 /* 如 */ && nc == 0x4E0B /* 下 */) return 0;
    if (lit(sc, j, "安门") || lit(sc, j, "内瓦")) return 0; /* 天安门, 日内瓦 */
    return handle_zrel(sc, z, i, j);
  }
  return 0;
}

/* A Chinese numeral at i: 二〇二五年八月十五日, 八月十五日, 三天前. */
static size_t try_cn_num(scan *sc, size_t i) {
  if (is_cn_num(cp_before(sc, i))) return 0;
  part a;
  int r = zh_part(sc, i, &a, 0);
  if (r < 0) return a.end;
  if (r == 1) return finish_zh(sc, i, &a, PARLEY_DATE_NONE, 1);
  int v;
  size_t e;
  if (small_num(sc, i, 1, &v, &e)) return zh_ago(sc, i, e, v);
  return 0;
}

/* --- Driver --------------------------------------------------------------- */

static void run_scan(scan *sc) {
  const char *s = sc->s;
  size_t n = sc->n, i = 0;
  while (i < n) {
    int c = (unsigned char)s[i];
    size_t e = 0;
    if (is_dig(c)) {
      e = try_digits(sc, i);
      if (e > i) {
        i = e;
      } else {
        while (i < n && is_dig((unsigned char)s[i]))
          i++;
      }
    } else if (is_alpha(c)) {
      size_t wl = word_len(sc, i);
      if (i == 0 || !is_alnum((unsigned char)s[i - 1])) e = try_word(sc, i);
      i = e > i ? e : i + wl;
    } else if (c >= 0x80) {
      size_t cl;
      int cp = cp_at(sc, i, &cl);
      if (cl == 0) cl = 1;
      if (cp > 0) {
        e = is_cn_num(cp) ? try_cn_num(sc, i) : try_zh_word(sc, i, cp);
      }
      i = e > i ? e : i + cl;
    } else {
      i++;
    }
  }
}

size_t parley_dates_find(const char *text, size_t len, const char *lang, parley_date_ctx *ctx, parley_date_mention *out,
                         size_t max) {
  parley_date_ctx local;
  memset(&local, 0, sizeof local);
  if (!text) return 0;
  (void)lang; /* every form is tried in both languages; nothing depends on it yet */
  scan sc = {text, len, ctx ? ctx : &local, out, out ? max : 0, 0, NULL, NULL, 0};
  run_scan(&sc);
  return sc.count;
}

/* --- Document date guess -------------------------------------------------- */

typedef struct guess_acc {
  parley_ymd best;
  int found;
} guess_acc;

static void guess_take(guess_acc *g, parley_ymd d) {
  if (!parley_ymd_valid(d) || d.y < YEAR_MIN || d.y > YEAR_MAX) return;
  if (!g->found || parley_ymd_cmp(d, g->best) > 0) g->best = d;
  g->found = 1;
}

static void guess_sink(void *arg, const parley_date_mention *m) {
  if (m->basis != PARLEY_DATE_EXPLICIT || m->precision != 3) return;
  guess_take(arg, m->date);
  guess_take(arg, m->date_end);
}

int parley_dates_guess_document(const parley_doc *doc, parley_ymd *out) {
  guess_acc g;
  memset(&g, 0, sizeof g);
  if (out) *out = ZERO_YMD;
  if (!doc) return 0;
  for (size_t i = 0; doc->refs && i < doc->n_refs; i++) {
    parley_ymd d;
    if (doc->refs[i].date && parley_ymd_parse(doc->refs[i].date, &d)) guess_take(&g, d);
  }
  if (!g.found && doc->text) {
    parley_date_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    scan sc = {doc->text, doc->text_len, &ctx, NULL, 0, 0, guess_sink, &g, 0};
    run_scan(&sc);
  }
  if (g.found && out) *out = g.best;
  return g.found;
}
