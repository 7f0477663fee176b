/* test_dates.c — unit tests for stage 2 (code) dates: calendar arithmetic,
 * finding and resolving Chinese and English date expressions against a
 * document context, rejecting non-dates, and guessing a document's date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "code/dates.h"

#define MAXM 16

static parley_date_ctx ctx_at(int y, int m, int d) {
  parley_date_ctx c;
  memset(&c, 0, sizeof c);
  c.doc.y = y, c.doc.m = m, c.doc.d = d;
  return c;
}

/* Runs parley_dates_find over an exact-length copy of text (no NUL after it,
 * so the sanitizers catch reads past len). */
static size_t find(const char *text, const char *lang, parley_date_ctx *ctx, parley_date_mention *out) {
  size_t len = strlen(text);
  char *copy = malloc(len ? len : 1);
  assert_non_null(copy);
  memcpy(copy, text, len);
  memset(out, 0x5A, sizeof *out * MAXM);
  size_t n = parley_dates_find(copy, len, lang, ctx, out, MAXM);
  free(copy);
  return n;
}

/* Checks one mention: the exact text it covers, start date, end date
 * (0,0,0 for none), precision and basis. */
static void check_at(const char *text, const parley_date_mention *m, const char *span, int y, int mo, int d, int ey,
                     int em, int ed, int prec, parley_date_basis basis, int line) {
  size_t sl = strlen(span);
  const char *at = strstr(text, span);
  _assert_true(at != NULL, "span in text", __FILE__, line);
  _assert_int_equal(m->start, (uintmax_t)(at - text), __FILE__, line);
  _assert_int_equal(m->end, (uintmax_t)(at - text) + sl, __FILE__, line);
  _assert_int_equal((uintmax_t)m->date.y, (uintmax_t)y, __FILE__, line);
  _assert_int_equal((uintmax_t)m->date.m, (uintmax_t)mo, __FILE__, line);
  _assert_int_equal((uintmax_t)m->date.d, (uintmax_t)d, __FILE__, line);
  _assert_int_equal((uintmax_t)m->date_end.y, (uintmax_t)ey, __FILE__, line);
  _assert_int_equal((uintmax_t)m->date_end.m, (uintmax_t)em, __FILE__, line);
  _assert_int_equal((uintmax_t)m->date_end.d, (uintmax_t)ed, __FILE__, line);
  _assert_int_equal((uintmax_t)m->precision, (uintmax_t)prec, __FILE__, line);
  _assert_int_equal((uintmax_t)m->basis, (uintmax_t)basis, __FILE__, line);
}
#define CHECK(text, m, span, y, mo, d, ey, em, ed, prec, basis)                                                        \
  check_at(text, m, span, y, mo, d, ey, em, ed, prec, basis, __LINE__)

/* One sentence with exactly one mention. */
static void one_at(const char *text, const char *lang, parley_date_ctx *ctx, const char *span, int y, int mo, int d,
                   int ey, int em, int ed, int prec, parley_date_basis basis, int line) {
  parley_date_mention m[MAXM];
  size_t n = find(text, lang, ctx, m);
  _assert_int_equal(n, 1, __FILE__, line);
  check_at(text, &m[0], span, y, mo, d, ey, em, ed, prec, basis, line);
}
#define ONE(text, lang, ctx, span, y, mo, d, ey, em, ed, prec, basis)                                                  \
  one_at(text, lang, ctx, span, y, mo, d, ey, em, ed, prec, basis, __LINE__)

/* Text that must contain no date at all. */
static void none_at(const char *text, const char *lang, int line) {
  parley_date_ctx c = ctx_at(2025, 12, 30);
  parley_date_mention m[MAXM];
  size_t n = find(text, lang, &c, m);
  if (n != 0) print_error("unexpected date in \"%s\" at %zu..%zu\n", text, m[0].start, m[0].end);
  _assert_int_equal(n, 0, __FILE__, line);
}
#define NONE(text, lang) none_at(text, lang, __LINE__)

#define EXPL PARLEY_DATE_EXPLICIT
#define CARR PARLEY_DATE_CARRIED
#define RELA PARLEY_DATE_RELATIVE
#define NOBA PARLEY_DATE_NONE

static parley_ymd ymd(int y, int m, int d) {
  parley_ymd r = {y, m, d};
  return r;
}

/* --- calendar ---------------------------------------------------------- */

static void test_valid_and_cmp(void **state) {
  (void)state;
  assert_true(parley_ymd_valid(ymd(2024, 2, 29)));
  assert_false(parley_ymd_valid(ymd(2025, 2, 29)));
  assert_false(parley_ymd_valid(ymd(1900, 2, 29)));
  assert_true(parley_ymd_valid(ymd(2000, 2, 29)));
  assert_false(parley_ymd_valid(ymd(2025, 4, 31)));
  assert_false(parley_ymd_valid(ymd(2025, 13, 1)));
  assert_false(parley_ymd_valid(ymd(2025, 0, 1)));
  assert_false(parley_ymd_valid(ymd(0, 0, 0)));
  assert_true(parley_ymd_cmp(ymd(2025, 1, 1), ymd(2024, 12, 31)) > 0);
  assert_true(parley_ymd_cmp(ymd(2025, 2, 1), ymd(2025, 3, 1)) < 0);
  assert_true(parley_ymd_cmp(ymd(2025, 3, 2), ymd(2025, 3, 1)) > 0);
  assert_int_equal(parley_ymd_cmp(ymd(2025, 3, 1), ymd(2025, 3, 1)), 0);
}

static void test_add_days_and_weekday(void **state) {
  (void)state;
  parley_ymd r = parley_ymd_add_days(ymd(2025, 12, 31), 1);
  assert_int_equal(parley_ymd_cmp(r, ymd(2026, 1, 1)), 0);
  r = parley_ymd_add_days(ymd(2024, 3, 1), -1);
  assert_int_equal(parley_ymd_cmp(r, ymd(2024, 2, 29)), 0);
  r = parley_ymd_add_days(ymd(2025, 12, 30), -365);
  assert_int_equal(parley_ymd_cmp(r, ymd(2024, 12, 30)), 0);
  r = parley_ymd_add_days(ymd(2025, 2, 30), 1); /* invalid input */
  assert_int_equal(r.y, 0);
  assert_int_equal(parley_ymd_weekday(ymd(1970, 1, 1)), 3);   /* Thursday */
  assert_int_equal(parley_ymd_weekday(ymd(2000, 1, 1)), 5);   /* Saturday */
  assert_int_equal(parley_ymd_weekday(ymd(2025, 12, 30)), 1); /* Tuesday */
  assert_int_equal(parley_ymd_weekday(ymd(2025, 12, 3)), 2);  /* Wednesday */
  assert_int_equal(parley_ymd_weekday(ymd(2025, 2, 30)), -1);

  /* Walk every day 1899-12-25 .. 2101-01-10 naively and compare. */
  parley_ymd base = ymd(1899, 12, 25), cur = base;
  int wd = parley_ymd_weekday(base);
  static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int k = 0; k < 73800; k++) {
    parley_ymd got = parley_ymd_add_days(base, k);
    if (parley_ymd_cmp(got, cur) != 0) fail_msg("add_days(%d) wrong", k);
    if (parley_ymd_weekday(cur) != (wd + k) % 7) fail_msg("weekday at %d wrong", k);
    if (parley_ymd_cmp(parley_ymd_add_days(cur, -k), base) != 0) fail_msg("add_days(-%d) wrong", k);
    int leap = (cur.y % 4 == 0 && cur.y % 100 != 0) || cur.y % 400 == 0;
    int last = dim[cur.m - 1] + (cur.m == 2 && leap);
    if (++cur.d > last) {
      cur.d = 1;
      if (++cur.m > 12) cur.m = 1, cur.y++;
    }
  }
}

static void test_format_and_parse(void **state) {
  (void)state;
  char buf[11];
  parley_ymd_format(ymd(2025, 8, 16), buf);
  assert_string_equal(buf, "2025-08-16");
  parley_ymd_format(ymd(2025, 8, 0), buf);
  assert_string_equal(buf, "2025-08-01");
  parley_ymd_format(ymd(2025, 0, 0), buf);
  assert_string_equal(buf, "2025-01-01");
  parley_ymd_format(ymd(0, 0, 0), buf);
  assert_string_equal(buf, "");

  parley_ymd d;
  static const char *const ok[] = {"2025-08-16",    "2025/8/16",    "2025.08.16",           "20250816",
                                   "2025年8月16日", " 2025-08-16 ", "2025-08-16T10:00:00Z", "202508/16"};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    if (!parley_ymd_parse(ok[i], &d)) fail_msg("did not parse %s", ok[i]);
    assert_int_equal(parley_ymd_cmp(d, ymd(2025, 8, 16)), 0);
  }
  static const char *const bad[] = {"2025-02-30",  "20251330", "2025-08",       "abc",        "",
                                    "2025-08-16x", "99999999", "2025年13月5日", "2025-8-16-1"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    d = ymd(1, 1, 1);
    if (parley_ymd_parse(bad[i], &d)) fail_msg("parsed %s", bad[i]);
    assert_int_equal(d.y, 0);
  }
  assert_false(parley_ymd_parse(NULL, &d));
}

/* --- Chinese absolute -------------------------------------------------- */

static void test_zh_explicit(void **state) {
  (void)state;
  parley_date_ctx c = ctx_at(2026, 1, 5);
  ONE("双方于2025年8月15日举行会谈", "zh", &c, "2025年8月15日", 2025, 8, 15, 0, 0, 0, 3, EXPL);
  assert_int_equal(c.year, 2025);
  assert_int_equal(parley_ymd_cmp(c.last, ymd(2025, 8, 15)), 0);
  assert_int_equal(c.last_end.y, 0);

  c = ctx_at(2026, 1, 5);
  ONE("2025年8月,局势升级", "zh", &c, "2025年8月", 2025, 8, 0, 0, 0, 0, 2, EXPL);
  assert_int_equal(c.year, 2025);
  assert_int_equal(c.last.y, 0); /* month precision does not set last */

  c = ctx_at(2026, 1, 5);
  ONE("2025年,俄罗斯与美国之间的互动频率达到了近年来的高峰", "zh", &c, "2025年", 2025, 0, 0, 0, 0, 0, 1, EXPL);
  assert_int_equal(c.year, 2025);

  c = ctx_at(2026, 1, 5);
  ONE("会议定于 2025 年 8 月 15 日举行", "zh", &c, "2025 年 8 月 15 日", 2025, 8, 15, 0, 0, 0, 3, EXPL);
  ONE("8月15号见", "zh", &c, "8月15号", 2025, 8, 15, 0, 0, 0, 3, CARR);
}

static void test_zh_digits_forms(void **state) {
  (void)state;
  parley_date_ctx c = ctx_at(2026, 1, 5);
  ONE("央视新闻客户端2025-08-16现场直击", "zh", &c, "2025-08-16", 2025, 8, 16, 0, 0, 0, 3, EXPL);
  ONE("发布于2025/8/16。", "zh", &c, "2025/8/16", 2025, 8, 16, 0, 0, 0, 3, EXPL);
  ONE("(2025.08.16)", "zh", &c, "2025.08.16", 2025, 8, 16, 0, 0, 0, 3, EXPL);
  ONE("新华网202512/30俄总统助理", "zh", &c, "202512/30", 2025, 12, 30, 0, 0, 0, 3, EXPL);
  ONE("新华网202502/13国际观察", "zh", &c, "202502/13", 2025, 2, 13, 0, 0, 0, 3, EXPL);
  ONE("编号20250816", "zh", &c, "20250816", 2025, 8, 16, 0, 0, 0, 3, EXPL);
  assert_int_equal(c.year, 2025);
  assert_int_equal(parley_ymd_cmp(c.last, ymd(2025, 8, 16)), 0);
}

static void test_zh_carried(void **state) {
  (void)state;
  /* year from ctx->year */
  parley_date_ctx c = ctx_at(2026, 3, 1);
  c.year = 2025;
  ONE("8月15日,双方会面", "zh", &c, "8月15日", 2025, 8, 15, 0, 0, 0, 3, CARR);
  assert_int_equal(c.year, 2025); /* unchanged */

  /* no year: the document's year */
  c = ctx_at(2025, 12, 30);
  ONE("8月15日,双方会面", "zh", &c, "8月15日", 2025, 8, 15, 0, 0, 0, 3, CARR);
  assert_int_equal(c.year, 0); /* a carried year is not a written one */
  /* more than ~2 months after the document date: previous year */
  c = ctx_at(2025, 1, 10);
  ONE("12月29日最后一次通话", "zh", &c, "12月29日", 2024, 12, 29, 0, 0, 0, 3, CARR);
  c = ctx_at(2025, 1, 10);
  ONE("3月1日举行", "zh", &c, "3月1日", 2025, 3, 1, 0, 0, 0, 3, CARR);
  c = ctx_at(2025, 1, 10);
  ONE("8月的会谈", "zh", &c, "8月", 2024, 8, 0, 0, 0, 0, 2, CARR);

  /* day alone: month and year from the last date, else the document */
  c = ctx_at(2025, 12, 30);
  c.last = ymd(2025, 8, 10);
  ONE("15日,双方会面", "zh", &c, "15日", 2025, 8, 15, 0, 0, 0, 3, CARR);
  c = ctx_at(2025, 12, 30);
  ONE("15日,双方会面", "zh", &c, "15日", 2025, 12, 15, 0, 0, 0, 3, CARR);
  c = ctx_at(2025, 12, 3);
  ONE("28日,双方会面", "zh", &c, "28日", 2025, 11, 28, 0, 0, 0, 3, CARR);
  c = ctx_at(2025, 12, 3);
  ONE("将于5日举行", "zh", &c, "5日", 2025, 12, 5, 0, 0, 0, 3, CARR);
  c = ctx_at(2025, 3, 5);
  ONE("31日,双方会面", "zh", &c, "31日", 0, 0, 0, 0, 0, 0, 3, NOBA); /* 2月31日 does not exist */
  /* a day alone after a day alone: each from the document date (an article of
     11-12: 30日 is October's, 11日 November's), not the month the first got */
  c = ctx_at(2025, 11, 12);
  ONE("赖清德30日表示", "zh", &c, "30日", 2025, 10, 30, 0, 0, 0, 3, CARR);
  ONE("鲁比奥11日与内塔尼亚胡通电话", "zh", &c, "11日", 2025, 11, 11, 0, 0, 0, 3, CARR);
  /* after a written month it keeps that month: 10月28日…30日 */
  ONE("10月28日,李在明抵达庆州", "zh", &c, "10月28日", 2025, 10, 28, 0, 0, 0, 3, CARR);
  ONE("30日,他会见了特朗普", "zh", &c, "30日", 2025, 10, 30, 0, 0, 0, 3, CARR);
  ONE("31日,双方签署协议", "zh", &c, "31日", 2025, 10, 31, 0, 0, 0, 3, CARR);
  /* after 昨天 (counted from the document date), too */
  c = ctx_at(2025, 11, 12);
  ONE("特朗普昨天表示", "zh", &c, "昨天", 2025, 11, 11, 0, 0, 0, 3, RELA);
  ONE("28日,双方会面", "zh", &c, "28日", 2025, 10, 28, 0, 0, 0, 3, CARR);
}

static void test_zh_numerals(void **state) {
  (void)state;
  parley_date_ctx c = ctx_at(2026, 1, 5);
  ONE("二〇二五年八月十五日", "zh", &c, "二〇二五年八月十五日", 2025, 8, 15, 0, 0, 0, 3, EXPL);
  ONE("二零二五年十二月", "zh", &c, "二零二五年十二月", 2025, 12, 0, 0, 0, 0, 2, EXPL);
  c.year = 2025;
  ONE("于八月十五日会面", "zh", &c, "八月十五日", 2025, 8, 15, 0, 0, 0, 3, CARR);
  ONE("十二月二十九日通话", "zh", &c, "十二月二十九日", 2025, 12, 29, 0, 0, 0, 3, CARR);
  ONE("十一月三十日", "zh", &c, "十一月三十日", 2025, 11, 30, 0, 0, 0, 3, CARR);
  /* a Chinese-numeral day without a month is a count, not a date */
  NONE("为期三日的访问", "zh");
  NONE("一年内进行了多达十次电话交流", "zh");
}

static void test_zh_ranges(void **state) {
  (void)state;
  parley_date_ctx c = ctx_at(2025, 12, 30);
  c.last = ymd(2025, 12, 29);
  const char *t = "乌克兰在当地时间28日深夜至29日凌晨,动用共计91架远程攻击型无人机";
  ONE(t, "zh", &c, "28日深夜至29日", 2025, 12, 28, 2025, 12, 29, 3, CARR);
  assert_int_equal(parley_ymd_cmp(c.last, ymd(2025, 12, 28)), 0);
  assert_int_equal(parley_ymd_cmp(c.last_end, ymd(2025, 12, 29)), 0);

  c = ctx_at(2025, 12, 30);
  c.year = 2025;
  ONE("8月15日至17日举行", "zh", &c, "8月15日至17日", 2025, 8, 15, 2025, 8, 17, 3, CARR);
  ONE("8月15日到8月17日", "zh", &c, "8月15日到8月17日", 2025, 8, 15, 2025, 8, 17, 3, CARR);
  ONE("8月15-17日举行", "zh", &c, "8月15-17日", 2025, 8, 15, 2025, 8, 17, 3, CARR);
  c.last = ymd(2025, 9, 1);
  ONE("15-17日举行", "zh", &c, "15-17日", 2025, 9, 15, 2025, 9, 17, 3, CARR);
  ONE("2025年8月至10月", "zh", &c, "2025年8月至10月", 2025, 8, 0, 2025, 10, 0, 2, EXPL);
  ONE("12月30日上午10时至1月2日", "zh", &c, "12月30日上午10时至1月2日", 2025, 12, 30, 2026, 1, 2, 3, CARR);
  ONE("2024年至2025年", "zh", &c, "2024年至2025年", 2024, 0, 0, 2025, 0, 0, 1, EXPL);
  assert_int_equal(c.year, 2025);
  ONE("八月十五日至十七日", "zh", &c, "八月十五日至十七日", 2025, 8, 15, 2025, 8, 17, 3, CARR);
  ONE("1-3月", "zh", &c, "1-3月", 2025, 1, 0, 2025, 3, 0, 2, CARR);
  ONE("8月15、16日两天", "zh", &c, "8月15、16日", 2025, 8, 15, 2025, 8, 16, 3, CARR);
  /* a weekday in brackets after a date belongs to it; ranges bridge it */
  ONE("12月29日(周一)至1月2日(周五)举行", "zh", &c, "12月29日(周一)至1月2日", 2025, 12, 29, 2026, 1, 2, 3, CARR);
  ONE("2025年8月15日(周五)", "zh", &c, "2025年8月15日", 2025, 8, 15, 0, 0, 0, 3, EXPL);
  c.last = ymd(2025, 10, 2);
  ONE("周三(15日)", "zh", &c, "15日", 2025, 10, 15, 0, 0, 0, 3, CARR);
  /* 至今: until the document date */
  ONE("2022年至今", "zh", &c, "2022年至今", 2022, 0, 0, 2025, 0, 0, 1, EXPL);
  ONE("自2025年8月15日至今", "zh", &c, "2025年8月15日至今", 2025, 8, 15, 2025, 12, 30, 3, EXPL);
  /* 到 that is not a range (到达) */
  parley_date_mention m[MAXM];
  assert_int_equal(find("8月15日到达北京", "zh", &c, m), 1);
  CHECK("8月15日到达北京", &m[0], "8月15日", 2025, 8, 15, 0, 0, 0, 3, CARR);
  assert_int_equal(c.last_end.y, 0); /* reset by a single date */
}

/* --- Chinese relative -------------------------------------------------- */

static void test_zh_relative_days(void **state) {
  (void)state;
  parley_date_ctx c = ctx_at(2025, 12, 30);
  ONE("今天宣布", "zh", &c, "今天", 2025, 12, 30, 0, 0, 0, 3, RELA);
  ONE("外交部今日表示", "zh", &c, "今日", 2025, 12, 30, 0, 0, 0, 3, RELA);
  ONE("本日", "zh", &c, "本日", 2025, 12, 30, 0, 0, 0, 3, RELA);
  ONE("昨天下午", "zh", &c, "昨天", 2025, 12, 29, 0, 0, 0, 3, RELA);
  ONE("昨日", "zh", &c, "昨日", 2025, 12, 29, 0, 0, 0, 3, RELA);
  ONE("前天", "zh", &c, "前天", 2025, 12, 28, 0, 0, 0, 3, RELA);
  ONE("明天将举行", "zh", &c, "明天", 2025, 12, 31, 0, 0, 0, 3, RELA);

  c = ctx_at(2025, 12, 30);
  c.last = ymd(2025, 12, 28);
  ONE("次日,俄方宣布", "zh", &c, "次日", 2025, 12, 29, 0, 0, 0, 3, RELA);
  ONE("翌日", "zh", &c, "翌日", 2025, 12, 30, 0, 0, 0, 3, RELA);
  ONE("第二天", "zh", &c, "第二天", 2025, 12, 31, 0, 0, 0, 3, RELA);
  ONE("隔天", "zh", &c, "隔天", 2026, 1, 1, 0, 0, 0, 3, RELA);
  ONE("当天", "zh", &c, "当天", 2026, 1, 1, 0, 0, 0, 3, RELA);
  ONE("当日", "zh", &c, "当日", 2026, 1, 1, 0, 0, 0, 3, RELA);
  ONE("同日", "zh", &c, "同日", 2026, 1, 1, 0, 0, 0, 3, RELA);
  ONE("前一天", "zh", &c, "前一天", 2025, 12, 31, 0, 0, 0, 3, RELA);

  /* 次日 after a range counts from its end */
  c = ctx_at(2025, 12, 30);
  c.last = ymd(2025, 12, 28), c.last_end = ymd(2025, 12, 29);
  ONE("次日", "zh", &c, "次日", 2025, 12, 30, 0, 0, 0, 3, RELA);
  /* no last date: the document date */
  c = ctx_at(2025, 12, 30);
  ONE("次日", "zh", &c, "次日", 2025, 12, 31, 0, 0, 0, 3, RELA);
  c = ctx_at(2025, 12, 30);
  ONE("当天", "zh", &c, "当天", 2025, 12, 30, 0, 0, 0, 3, RELA);

  /* vague: document date, does not move ctx->last */
  c = ctx_at(2025, 12, 30);
  c.last = ymd(2025, 8, 15);
  ONE("外交部发言人近日表示", "zh", &c, "近日", 2025, 12, 30, 0, 0, 0, 3, RELA);
  ONE("外交部发言人日前表示", "zh", &c, "日前", 2025, 12, 30, 0, 0, 0, 3, RELA);
  assert_int_equal(parley_ymd_cmp(c.last, ymd(2025, 8, 15)), 0);
  c = ctx_at(2025, 12, 30);
  ONE("三天前", "zh", &c, "三天前", 2025, 12, 27, 0, 0, 0, 3, RELA);
  ONE("3天前", "zh", &c, "3天前", 2025, 12, 27, 0, 0, 0, 3, RELA);
}

static void test_zh_relative_weeks_months_years(void **state) {
  (void)state;
  parley_date_ctx c = ctx_at(2025, 12, 30); /* a Tuesday */
  ONE("本周", "zh", &c, "本周", 2025, 12, 29, 2026, 1, 4, 3, RELA);
  ONE("这周", "zh", &c, "这周", 2025, 12, 29, 2026, 1, 4, 3, RELA);
  ONE("上周", "zh", &c, "上周", 2025, 12, 22, 2025, 12, 28, 3, RELA);
  assert_int_equal(c.last.y, 0); /* a week is not one day */
  ONE("下周", "zh", &c, "下周", 2026, 1, 5, 2026, 1, 11, 3, RELA);
  ONE("上周五", "zh", &c, "上周五", 2025, 12, 26, 0, 0, 0, 3, RELA);
  ONE("下周一", "zh", &c, "下周一", 2026, 1, 5, 0, 0, 0, 3, RELA);
  ONE("本周末", "zh", &c, "本周末", 2026, 1, 3, 2026, 1, 4, 3, RELA);
  ONE("周一", "zh", &c, "周一", 2025, 12, 29, 0, 0, 0, 3, RELA);
  ONE("周二", "zh", &c, "周二", 2025, 12, 30, 0, 0, 0, 3, RELA);
  ONE("星期三", "zh", &c, "星期三", 2025, 12, 24, 0, 0, 0, 3, RELA);
  ONE("礼拜天", "zh", &c, "礼拜天", 2025, 12, 28, 0, 0, 0, 3, RELA);
  ONE("本月", "zh", &c, "本月", 2025, 12, 0, 0, 0, 0, 2, RELA);
  ONE("上月", "zh", &c, "上月", 2025, 11, 0, 0, 0, 0, 2, RELA);
  c = ctx_at(2026, 1, 5);
  ONE("上个月", "zh", &c, "上个月", 2025, 12, 0, 0, 0, 0, 2, RELA);
  ONE("今年", "zh", &c, "今年", 2026, 0, 0, 0, 0, 0, 1, RELA);
  assert_int_equal(c.year, 2026);
  ONE("去年", "zh", &c, "去年", 2025, 0, 0, 0, 0, 0, 1, RELA);
  assert_int_equal(c.year, 2025);
  /* a relative month or year with the written part: one mention */
  c = ctx_at(2026, 1, 5);
  c.last = ymd(2025, 3, 3);
  ONE("上月28日", "zh", &c, "上月28日", 2025, 12, 28, 0, 0, 0, 3, RELA);
  ONE("本月2日", "zh", &c, "本月2日", 2026, 1, 2, 0, 0, 0, 3, RELA);
  ONE("去年12月", "zh", &c, "去年12月", 2025, 12, 0, 0, 0, 0, 2, RELA);
  assert_int_equal(c.year, 2025);
  ONE("今年1月3日至4日", "zh", &c, "今年1月3日至4日", 2026, 1, 3, 2026, 1, 4, 3, RELA);
  assert_int_equal(c.year, 2026);
  NONE("一周一次", "zh");
  NONE("每周一", "zh");
  NONE("加上周边国家", "zh");
}

static void test_zh_false_friends(void **state) {
  (void)state;
  NONE("此前天然气价格上涨", "zh");
  NONE("前天津市委书记", "zh");
  NONE("今日俄罗斯电视台报道", "zh");
  NONE("如今日益严峻", "zh");
  NONE("这说明天气变化", "zh");
  NONE("表明年轻人", "zh");
  NONE("在过去年间", "zh");
  NONE("登上月球", "zh");
  NONE("首次日美首脑会谈", "zh");
  NONE("接近日本", "zh");
  NONE("不可同日而语", "zh");
  NONE("春节日前夕", "zh");
  NONE("前天安门广场", "zh");
  NONE("在日内瓦", "zh");
  parley_date_ctx c = ctx_at(2025, 12, 30);
  ONE("今天空军发布消息", "zh", &c, "今天", 2025, 12, 30, 0, 0, 0, 3, RELA);
  ONE("昨日记者会上", "zh", &c, "昨日", 2025, 12, 29, 0, 0, 0, 3, RELA);
  ONE("当日常委会", "zh", &c, "当日", 2025, 12, 29, 0, 0, 0, 3, RELA);
  ONE("日本日前宣布", "zh", &c, "日前", 2025, 12, 30, 0, 0, 0, 3, RELA);
  ONE("他于8日前往北京", "zh", &c, "8日", 2025, 12, 8, 0, 0, 0, 3, CARR);
}

/* --- English ------------------------------------------------------------ */

static void test_en_absolute(void **state) {
  (void)state;
  parley_date_ctx c = ctx_at(2026, 1, 5);
  ONE("the talks on feb. 12, 2025 ended", "en", &c, "feb. 12, 2025", 2025, 2, 12, 0, 0, 0, 3, EXPL);
  assert_int_equal(c.year, 2025);
  ONE("on february 12, 2025,", "en", &c, "february 12, 2025", 2025, 2, 12, 0, 0, 0, 3, EXPL);
  ONE("on 12 february 2025 they met", "en", &c, "12 february 2025", 2025, 2, 12, 0, 0, 0, 3, EXPL);
  ONE("on 12 february they met", "en", &c, "12 february", 2025, 2, 12, 0, 0, 0, 3, CARR);
  ONE("on aug. 15 the leaders met", "en", &c, "aug. 15", 2025, 8, 15, 0, 0, 0, 3, CARR);
  ONE("on aug 15, the leaders met", "en", &c, "aug 15", 2025, 8, 15, 0, 0, 0, 3, CARR);
  ONE("by dec. 29 nothing changed", "en", &c, "dec. 29", 2025, 12, 29, 0, 0, 0, 3, CARR);
  ONE("on august 15th", "en", &c, "august 15th", 2025, 8, 15, 0, 0, 0, 3, CARR);
  ONE("in august 2025 talks", "en", &c, "august 2025", 2025, 8, 0, 0, 0, 0, 2, EXPL);
  ONE("in august, talks", "en", &c, "august", 2025, 8, 0, 0, 0, 0, 2, CARR);
  ONE("released 2025-08-16.", "en", &c, "2025-08-16", 2025, 8, 16, 0, 0, 0, 3, EXPL);
  ONE("dated 12/29/2025.", "en", &c, "12/29/2025", 2025, 12, 29, 0, 0, 0, 3, EXPL);
  ONE("dated 29/12/2025.", "en", &c, "29/12/2025", 2025, 12, 29, 0, 0, 0, 3, EXPL);
  ONE("dated 05/06/2025.", "en", &c, "05/06/2025", 2025, 5, 6, 0, 0, 0, 3, EXPL); /* US order */
  ONE("dated 16.08.2025.", "en", &c, "16.08.2025", 2025, 8, 16, 0, 0, 0, 3, EXPL);
  /* ranges */
  ONE("talks on aug. 15-17 in geneva", "en", &c, "aug. 15-17", 2025, 8, 15, 2025, 8, 17, 3, CARR);
  ONE("from aug. 15 to aug. 17", "en", &c, "aug. 15 to aug. 17", 2025, 8, 15, 2025, 8, 17, 3, CARR);
  ONE("from aug. 15 to 17, 2024.", "en", &c, "aug. 15 to 17, 2024", 2024, 8, 15, 2024, 8, 17, 3, EXPL);
  ONE("from dec. 30 to jan. 2, 2026.", "en", &c, "dec. 30 to jan. 2, 2026", 2025, 12, 30, 2026, 1, 2, 3, EXPL);
  ONE("between aug. 15 and 17", "en", &c, "aug. 15 and 17", 2026, 8, 15, 2026, 8, 17, 3, CARR);
  ONE("on monday, aug. 15, the leaders met", "en", &c, "aug. 15", 2026, 8, 15, 0, 0, 0, 3, CARR);
  ONE("on may 5 the talks", "en", &c, "may 5", 2026, 5, 5, 0, 0, 0, 3, CARR);
  ONE("in may, talks", "en", &c, "may", 2026, 5, 0, 0, 0, 0, 2, CARR);
  ONE("late on aug. 28 to early aug. 29 local time", "en", &c, "aug. 28 to early aug. 29", 2026, 8, 28, 2026, 8, 29, 3,
      CARR);
}

static void test_en_years(void **state) {
  (void)state;
  parley_date_ctx c = ctx_at(2027, 6, 1);
  ONE("since 2025, relations improved", "en", &c, "2025", 2025, 0, 0, 0, 0, 0, 1, EXPL);
  assert_int_equal(c.year, 2025);
  ONE("on dec. 29 they spoke", "en", &c, "dec. 29", 2025, 12, 29, 0, 0, 0, 3, CARR);
  c = ctx_at(2027, 6, 1);
  ONE("in early 2025 talks began", "en", &c, "2025", 2025, 0, 0, 0, 0, 0, 1, EXPL);
  ONE("by mid-2026", "en", &c, "2026", 2026, 0, 0, 0, 0, 0, 1, EXPL);
  assert_int_equal(c.year, 2026);
  NONE("2025 people were evacuated", "en");
  NONE("the 2025 budget", "en");
  NONE("in 1850 the treaty", "en");
  NONE("in 2150 maybe", "en");
  NONE("you may 5 times", "en");
  NONE("the meeting may 15 people attend", "en");
  NONE("in the 1990s", "en");
  NONE("the march on washington", "en");
}

static void test_en_relative(void **state) {
  (void)state;
  parley_date_ctx c = ctx_at(2025, 12, 30); /* a Tuesday */
  ONE("the ministry said today", "en", &c, "today", 2025, 12, 30, 0, 0, 0, 3, RELA);
  ONE("Yesterday, the ministry said", "en", &c, "Yesterday", 2025, 12, 29, 0, 0, 0, 3, RELA);
  ONE("talks resume tomorrow", "en", &c, "tomorrow", 2025, 12, 31, 0, 0, 0, 3, RELA);
  ONE("talks were held on monday", "en", &c, "monday", 2025, 12, 29, 0, 0, 0, 3, RELA);
  ONE("the kremlin said wednesday", "en", &c, "wednesday", 2025, 12, 24, 0, 0, 0, 3, RELA);
  ONE("the kremlin said tuesday", "en", &c, "tuesday", 2025, 12, 30, 0, 0, 0, 3, RELA);
  ONE("talks last tuesday failed", "en", &c, "last tuesday", 2025, 12, 23, 0, 0, 0, 3, RELA);
  ONE("talks next tuesday", "en", &c, "next tuesday", 2026, 1, 6, 0, 0, 0, 3, RELA);
  ONE("this week", "en", &c, "this week", 2025, 12, 29, 2026, 1, 4, 3, RELA);
  ONE("last week", "en", &c, "last week", 2025, 12, 22, 2025, 12, 28, 3, RELA);
  ONE("last month", "en", &c, "last month", 2025, 11, 0, 0, 0, 0, 2, RELA);
  ONE("earlier this month", "en", &c, "earlier this month", 2025, 12, 0, 0, 0, 0, 2, RELA);
  ONE("this year", "en", &c, "this year", 2025, 0, 0, 0, 0, 0, 1, RELA);
  ONE("last year", "en", &c, "last year", 2024, 0, 0, 0, 0, 0, 1, RELA);
  assert_int_equal(c.year, 2024);
  ONE("a week ago", "en", &c, "a week ago", 2025, 12, 23, 0, 0, 0, 3, RELA);
  ONE("two days ago", "en", &c, "two days ago", 2025, 12, 28, 0, 0, 0, 3, RELA);
  ONE("2 days ago", "en", &c, "2 days ago", 2025, 12, 28, 0, 0, 0, 3, RELA);

  /* against the last date mentioned */
  c = ctx_at(2025, 12, 30);
  c.last = ymd(2025, 12, 28);
  ONE("the next day", "en", &c, "the next day", 2025, 12, 29, 0, 0, 0, 3, RELA);
  ONE("the following day", "en", &c, "the following day", 2025, 12, 30, 0, 0, 0, 3, RELA);
  ONE("the day before", "en", &c, "the day before", 2025, 12, 29, 0, 0, 0, 3, RELA);
  ONE("that day", "en", &c, "that day", 2025, 12, 29, 0, 0, 0, 3, RELA);
  ONE("three days earlier", "en", &c, "three days earlier", 2025, 12, 26, 0, 0, 0, 3, RELA);
  ONE("a day later", "en", &c, "a day later", 2025, 12, 27, 0, 0, 0, 3, RELA);
}

/* --- references and context -------------------------------------------- */

static void test_missing_reference(void **state) {
  (void)state;
  parley_date_ctx c;
  memset(&c, 0, sizeof c);
  ONE("昨天", "zh", &c, "昨天", 0, 0, 0, 0, 0, 0, 3, NOBA);
  ONE("8月15日", "zh", &c, "8月15日", 0, 0, 0, 0, 0, 0, 3, NOBA);
  ONE("15日", "zh", &c, "15日", 0, 0, 0, 0, 0, 0, 3, NOBA);
  ONE("last tuesday", "en", &c, "last tuesday", 0, 0, 0, 0, 0, 0, 3, NOBA);
  ONE("this week", "en", &c, "this week", 0, 0, 0, 0, 0, 0, 3, NOBA);
  ONE("last year", "en", &c, "last year", 0, 0, 0, 0, 0, 0, 1, NOBA);
  assert_int_equal(c.last.y, 0);
  assert_int_equal(c.year, 0);
  /* an explicit date still works, and then 次日 has a reference */
  ONE("2025年8月15日", "zh", &c, "2025年8月15日", 2025, 8, 15, 0, 0, 0, 3, EXPL);
  ONE("次日", "zh", &c, "次日", 2025, 8, 16, 0, 0, 0, 3, RELA);
  ONE("8月20日", "zh", &c, "8月20日", 2025, 8, 20, 0, 0, 0, 3, CARR);
  /* a document date that is only a year still gives month-days their year */
  memset(&c, 0, sizeof c);
  c.doc.y = 2024;
  ONE("8月15日", "zh", &c, "8月15日", 2024, 8, 15, 0, 0, 0, 3, CARR);
  ONE("昨天", "zh", &c, "昨天", 0, 0, 0, 0, 0, 0, 3, NOBA);
  /* a NULL context is allowed */
  parley_date_mention m[2];
  assert_int_equal(parley_dates_find("2025年8月15日", strlen("2025年8月15日"), "zh", NULL, m, 2), 1);
  assert_int_equal(parley_dates_find(NULL, 0, "zh", NULL, m, 2), 0);
}

static void test_invalid_and_not_dates(void **state) {
  (void)state;
  NONE("2025-02-30", "zh");
  NONE("2025年13月5日", "zh");
  NONE("2025年2月30日", "zh");
  NONE("99999999", "zh");
  NONE("12345月", "zh");
  NONE("12345日", "zh");
  NONE("2025架无人机", "zh");
  NONE("共有2025人参加", "zh");
  NONE("动用共计91架远程攻击型无人机", "zh");
  NONE("3个月后", "zh");
  NONE("第15日", "zh");
  NONE("35日", "zh");
  NONE("feb. 30, 2025", "en");
  NONE("version 1.2.2025", "en");
  NONE("3.15日", "zh");
  NONE("15日元", "zh");
  NONE("", "zh");
}

/* The example article, sentence by sentence, one context (doc 2025-12-30). */
static void test_article_sequence(void **state) {
  (void)state;
  parley_date_ctx c = ctx_at(2025, 12, 30);
  parley_date_mention m[MAXM];

  const char *s2 = "2025年,俄罗斯与美国之间的互动频率达到了近年来的高峰,被外界称为“密集外交年”。";
  assert_int_equal(find(s2, "zh", &c, m), 1);
  CHECK(s2, &m[0], "2025年", 2025, 0, 0, 0, 0, 0, 1, EXPL);

  const char *s6 = "自2025年特朗普重返白宫以来,俄美关系迅速进入一个高度活跃的对话周期。";
  assert_int_equal(find(s6, "zh", &c, m), 1);
  CHECK(s6, &m[0], "2025年", 2025, 0, 0, 0, 0, 0, 1, EXPL);
  assert_int_equal(c.year, 2025);

  const char *s7 = "从2月12日首次通联到12月29日最后一次通话,两国领导人保持着持续且规律性的联系。";
  assert_int_equal(find(s7, "zh", &c, m), 2);
  CHECK(s7, &m[0], "2月12日", 2025, 2, 12, 0, 0, 0, 3, CARR);
  CHECK(s7, &m[1], "12月29日", 2025, 12, 29, 0, 0, 0, 3, CARR);

  const char *s8 = "尤为引人注目的是,8月15日,双方在阿拉斯加州安克雷奇的埃尔门多夫-理查森联合军事基地举行了直接会面。";
  assert_int_equal(find(s8, "zh", &c, m), 1);
  CHECK(s8, &m[0], "8月15日", 2025, 8, 15, 0, 0, 0, 3, CARR);

  const char *s20 = "正当俄美互动升温、泽连斯基于12月28日访问佛罗里达州海湖庄园并与特朗普举行会谈。";
  assert_int_equal(find(s20, "zh", &c, m), 1);
  CHECK(s20, &m[0], "12月28日", 2025, 12, 28, 0, 0, 0, 3, CARR);

  const char *s21 = "次日,俄罗斯外长拉夫罗夫公开披露:乌克兰在当地时间28日深夜至29日凌晨,动用共计91架远程攻击型"
                    "无人机,对普京位于诺夫哥罗德州的官邸发动了精准打击。";
  assert_int_equal(find(s21, "zh", &c, m), 2);
  CHECK(s21, &m[0], "次日", 2025, 12, 29, 0, 0, 0, 3, RELA);
  CHECK(s21, &m[1], "28日深夜至29日", 2025, 12, 28, 2025, 12, 29, 3, CARR);

  const char *s40 = "2026年已然开启,俄乌冲突的最终走向仍笼罩在不确定性之中。";
  assert_int_equal(find(s40, "zh", &c, m), 1);
  assert_int_equal(c.year, 2026);

  static const char *const plain[] = {
      "尽管高层沟通频繁,但俄乌战争的和平前景依然模糊不清,实质性进展迟迟未能落地。",
      "更重要的是,当今世界格局已不再是美俄两家闭门商议就能主导全球走向的时代。",
      "特朗普与普京在一年内进行了多达十次电话交流,并在阿拉斯加实现了面对面会晤。",
      "英、法、德等主要欧洲国家领导人近期频繁与特朗普沟通。",
      "如今的世界秩序早已告别两强主导的旧模式。",
      "此次事件恰恰揭示了当前地缘局势的高度敏感性。",
  };
  for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
    size_t n = find(plain[i], "zh", &c, m);
    if (n) fail_msg("date found in \"%s\"", plain[i]);
  }
}

static void test_since_sets_year(void **state) {
  (void)state;
  parley_date_ctx c = ctx_at(2027, 3, 1);
  parley_date_mention m[MAXM];
  assert_int_equal(find("自2025年以来,双方多次通话", "zh", &c, m), 1);
  ONE("12月29日最后一次通话", "zh", &c, "12月29日", 2025, 12, 29, 0, 0, 0, 3, CARR);
  ONE("2月12日首次通联", "zh", &c, "2月12日", 2025, 2, 12, 0, 0, 0, 3, CARR);
}

static void test_truncation_and_ctx(void **state) {
  (void)state;
  parley_date_ctx c = ctx_at(2025, 12, 30);
  parley_date_mention m[3];
  memset(m, 0x5A, sizeof m);
  const char *t = "8月1日、8月2日、8月3日和2024年8月4日";
  size_t n = parley_dates_find(t, strlen(t), "zh", &c, m, 2);
  assert_int_equal(n, 4);
  assert_int_equal(m[1].date.d, 2);
  assert_int_equal(m[2].start, 0x5A5A5A5A5A5A5A5AULL); /* untouched */
  assert_int_equal(parley_ymd_cmp(c.last, ymd(2024, 8, 4)), 0);
  assert_int_equal(c.year, 2024);
  assert_int_equal(parley_dates_find(t, strlen(t), "zh", &c, NULL, 0), 4);
}

/* Random mixes of date fragments must never crash or read out of bounds. */
static void test_fuzz(void **state) {
  (void)state;
  static const char *const frag[] = {
      "2025", "年",       "月",       "日",      "号",      "至",   "-",    "/",        ".",    "12",
      "3",    "31",       "13",       "次日",    "前一天",  "今日", "周",   "一",       "十",   "〇",
      "二",   "星期",     "上周",     "aug.",    "may",     "15",   "to",   "last",     " ",    ",",
      "the",  "next",     "day",      "ago",     "two",     "days", "\xe5", "\xe6\x97", "in",   "since",
      "深夜", "当地时间", "2025-08-", "202512/", "tuesday", "this", "week", "日前",     "天前", "9"};
  unsigned seed = 12345;
  char buf[256];
  parley_date_mention m[MAXM];
  for (int round = 0; round < 20000; round++) {
    size_t len = 0;
    int parts = 1 + (int)((seed >> 16) % 12);
    for (int p = 0; p < parts; p++) {
      seed = seed * 1103515245u + 12345u;
      const char *f = frag[(seed >> 16) % (sizeof frag / sizeof frag[0])];
      size_t fl = strlen(f);
      if (len + fl >= sizeof buf) break;
      memcpy(buf + len, f, fl);
      len += fl;
    }
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, buf, len);
    parley_date_ctx c = ctx_at(2025, 12, 30);
    if (round % 3 == 0) memset(&c, 0, sizeof c);
    size_t n = parley_dates_find(copy, len, round % 2 ? "en" : "zh", &c, m, MAXM);
    for (size_t k = 0; k < n && k < MAXM; k++) {
      assert_true(m[k].start < m[k].end);
      assert_true(m[k].end <= len);
      if (m[k].basis != PARLEY_DATE_NONE && m[k].precision == 3) assert_true(parley_ymd_valid(m[k].date));
      if (k) assert_true(m[k].start >= m[k - 1].end);
    }
    free(copy);
  }
}

/* --- document date guess ------------------------------------------------ */

static void test_guess_document(void **state) {
  (void)state;
  parley_doc doc;
  memset(&doc, 0, sizeof doc);
  parley_reference refs[3];
  memset(refs, 0, sizeof refs);
  char d1[] = "2025-02-13", d2[] = "2025-12-30", d3[] = "not a date";
  refs[0].date = d1, refs[1].date = d2, refs[2].date = d3;
  char text[] = "2025年,俄罗斯与美国之间的互动。泽连斯基于12月28日访问。\n"
                "新华网202512/31俄总统助理\n央视新闻客户端2025-08-16现场直击";
  doc.text = text;
  doc.text_len = strlen(text);
  doc.refs = refs;
  doc.n_refs = 3;
  parley_ymd out;
  assert_int_equal(parley_dates_guess_document(&doc, &out), 1);
  assert_int_equal(parley_ymd_cmp(out, ymd(2025, 12, 30)), 0); /* refs first */

  doc.n_refs = 0; /* from the text: latest full explicit date (12月28日 is carried, not explicit) */
  assert_int_equal(parley_dates_guess_document(&doc, &out), 1);
  assert_int_equal(parley_ymd_cmp(out, ymd(2025, 12, 31)), 0);

  char text2[] = "February 12, 2025: talks. Later, on 2025年3月1日 more talks; ２０２６年1月1日 ignored.";
  doc.text = text2;
  doc.text_len = strlen(text2);
  assert_int_equal(parley_dates_guess_document(&doc, &out), 1);
  assert_int_equal(parley_ymd_cmp(out, ymd(2025, 3, 1)), 0);

  char text3[] = "没有日期。2025年,只是年份。";
  doc.text = text3;
  doc.text_len = strlen(text3);
  assert_int_equal(parley_dates_guess_document(&doc, &out), 0);
  assert_int_equal(out.y, 0);
  assert_int_equal(parley_dates_guess_document(NULL, &out), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_valid_and_cmp),      cmocka_unit_test(test_add_days_and_weekday),
      cmocka_unit_test(test_format_and_parse),   cmocka_unit_test(test_zh_explicit),
      cmocka_unit_test(test_zh_digits_forms),    cmocka_unit_test(test_zh_carried),
      cmocka_unit_test(test_zh_numerals),        cmocka_unit_test(test_zh_ranges),
      cmocka_unit_test(test_zh_relative_days),   cmocka_unit_test(test_zh_relative_weeks_months_years),
      cmocka_unit_test(test_zh_false_friends),   cmocka_unit_test(test_en_absolute),
      cmocka_unit_test(test_en_years),           cmocka_unit_test(test_en_relative),
      cmocka_unit_test(test_missing_reference),  cmocka_unit_test(test_invalid_and_not_dates),
      cmocka_unit_test(test_article_sequence),   cmocka_unit_test(test_since_sets_year),
      cmocka_unit_test(test_truncation_and_ctx), cmocka_unit_test(test_fuzz),
      cmocka_unit_test(test_guess_document),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
