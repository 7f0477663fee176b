/* test_read_jsonl.c — unit tests for the read stage on JSON Lines: known and unknown
 * keys, ids, dates, clean-up of the decoded text, and recovery after bad
 * records (invalid JSON, not an object, no text, bad date, invalid UTF-8,
 * NUL, over-long lines) with their line numbers, columns and offsets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parley/read.h"
#include "test_read_util.h"

#define RECORDS PARLEY_SRC "/tests/data/read/records.jsonl"

/* Expects the next call to fail with status st at line; returns the error. */
static parley_error expect_error(parley_reader *r, int st, long line) {
  parley_doc *d = (parley_doc *)0x1;
  parley_error err;
  int got = parley_reader_next(r, &d, &err);
  if (got != st) fprintf(stderr, "expected %d at line %ld, got %d (%s)\n", st, line, got, err.message);
  assert_int_equal(got, st);
  assert_null(d);
  assert_int_equal(err.status, st);
  assert_int_equal(err.line, line);
  assert_true(err.offset >= 0);
  return err;
}

static parley_doc *expect_doc(parley_reader *r) {
  parley_doc *d = NULL;
  parley_error err;
  int got = parley_reader_next(r, &d, &err);
  if (got != 1) fprintf(stderr, "expected a document, got %d (%s)\n", got, err.message);
  assert_int_equal(got, 1);
  assert_non_null(d);
  return d;
}

static void test_records_file(void **state) {
  (void)state;
  parley_reader *r = NULL;
  parley_error err;
  assert_int_equal(parley_reader_open(RECORDS, NULL, &r, &err), PARLEY_OK);

  /* line 1: everything known, two unknown keys, clean-up of the text */
  parley_doc *d = expect_doc(r);
  assert_string_equal(d->id, "xh-001");
  assert_string_equal(d->date, "2025-02-13");
  assert_string_equal(d->source, "新华网");
  assert_string_equal(d->url, "https://example.com/a");
  assert_string_equal(d->lang, "zh");
  assert_string_equal(d->title, "美俄通话");
  assert_string_equal(d->file, RECORDS);
  assert_int_equal(d->line, 1);
  assert_string_equal(d->meta_json, "{\"author\":\"张三\",\"tags\":[\"a\",\"b\"]}");
  assert_true(strncmp(d->text, "1\n俄罗斯总统普京", strlen("1\n俄罗斯总统普京")) == 0); /* decoded, unchanged */
  assert_int_equal(d->text_len, strlen(d->text));
  assert_int_equal(d->n_paras, 1);
  assert_span(d, d->paras[0].span, "俄罗斯总统普京与美国总统特朗普通电话。双方同意开始谈判。");
  assert_int_equal(d->n_refs, 1);
  assert_string_equal(d->refs[0].outlet, "新华网");
  assert_string_equal(d->refs[0].date, "2025-02-13");
  assert_string_equal(d->refs[0].headline, "国际观察丨美与俄乌“通气”");
  assert_string_equal(d->notice, "特别声明：以上内容为用户上传。");
  parley_doc_free(d);

  /* line 2 is blank; line 3: invalid JSON with the parser's column */
  parley_error e = expect_error(r, PARLEY_EFORMAT, 3);
  assert_string_equal(e.file, RECORDS);
  assert_non_null(strstr(e.message, "invalid JSON at column 35"));
  char buf[1600];
  parley_error_format(&e, buf, sizeof buf);
  assert_non_null(strstr(buf, "records.jsonl:3: invalid JSON at column 35: "));
  e = expect_error(r, PARLEY_EFORMAT, 4);
  assert_string_equal(e.message, "record is not a JSON object");
  e = expect_error(r, PARLEY_EFORMAT, 5);
  assert_string_equal(e.message, "record has no \"text\"");
  e = expect_error(r, PARLEY_EFORMAT, 6);
  assert_non_null(strstr(e.message, "invalid date \"13/02/2025\""));

  /* line 7: timestamp → date part; no id → basename:LINE */
  d = expect_doc(r);
  assert_string_equal(d->id, "records.jsonl:7");
  assert_string_equal(d->date, "2025-08-16");
  assert_string_equal(d->lang, "en");
  assert_null(d->meta_json);
  assert_null(d->source);
  assert_int_equal(d->line, 7);
  parley_doc_free(d);

  /* line 8: integer id, unknown null key kept */
  d = expect_doc(r);
  assert_string_equal(d->id, "42");
  assert_string_equal(d->text, "He said \"no\" twice.");
  assert_string_equal(d->meta_json, "{\"extra\":null}");
  parley_doc_free(d);

  /* line 9: raw invalid UTF-8 inside the text value */
  e = expect_error(r, PARLEY_EUTF8, 9);
  assert_non_null(strstr(e.message, "invalid UTF-8 at byte "));
  assert_non_null(strstr(e.message, "(line 9, column 29)"));
  size_t len;
  char *raw = tr_slurp(RECORDS, &len);
  assert_true(e.offset > 0 && (size_t)e.offset < len);
  assert_int_equal((unsigned char)raw[e.offset], 0xC3);
  free(raw);

  d = expect_doc(r);
  assert_string_equal(d->id, "last");
  assert_int_equal(d->line, 10);
  parley_doc_free(d);

  assert_int_equal(parley_reader_next(r, &d, &err), 0);
  assert_int_equal(parley_reader_next(r, &d, &err), 0);
  assert_int_equal(parley_reader_skipped(r), 5);
  parley_reader_close(r);
}

static void test_field_errors(void **state) {
  (void)state;
  const char *t = "{\"id\":\"a\",\"text\":\"x\\u0000y\"}\n"
                  "{\"id\":\"b\",\"text\":17}\n"
                  "{\"id\":[1],\"text\":\"ok\"}\n"
                  "{\"id\":\"c\",\"text\":\"  \\n \"}\n"
                  "{\"id\":\"d\",\"text\":\"a\",\"text\":\"b\"}\n"
                  "{\"id\":\"e\",\"lang\":\"en-US\",\"date\":null,\"title\":\"\",\"text\":"
                  "\"\\u4E2D\\u56FD\\ud83d\\ude00 ok\"}\r\n"
                  "{\"id\":\"f\",\"text\":\"bad \\ud800 surrogate\"}\n"
                  "{\"id\":\"g\",\"text\":\"trailing\"} x\n";
  const char *p = tr_write("fields.jsonl", t, strlen(t));
  parley_reader *r = NULL;
  parley_error err;
  assert_int_equal(parley_reader_open(p, NULL, &r, &err), PARLEY_OK);
  parley_error e = expect_error(r, PARLEY_EFORMAT, 1);
  assert_non_null(strstr(e.message, "NUL"));
  assert_int_equal(e.offset, 0);
  e = expect_error(r, PARLEY_EFORMAT, 2);
  assert_string_equal(e.message, "\"text\" must be a string");
  e = expect_error(r, PARLEY_EFORMAT, 3);
  assert_string_equal(e.message, "\"id\" must be a string or an integer");
  e = expect_error(r, PARLEY_EFORMAT, 4);
  assert_string_equal(e.message, "empty document");
  e = expect_error(r, PARLEY_EFORMAT, 5);
  assert_non_null(strstr(e.message, "duplicate"));
  parley_doc *d = expect_doc(r);
  assert_string_equal(d->id, "e");
  assert_string_equal(d->lang, "en"); /* "en-US" given */
  assert_null(d->date);
  assert_null(d->title);
  assert_string_equal(d->text, "中国\xF0\x9F\x98\x80 ok");
  parley_doc_free(d);
  e = expect_error(r, PARLEY_EFORMAT, 7);
  assert_non_null(strstr(e.message, "invalid JSON"));
  e = expect_error(r, PARLEY_EFORMAT, 8);
  assert_non_null(strstr(e.message, "invalid JSON at column 30"));
  assert_int_equal(parley_reader_next(r, &d, &err), 0);
  assert_int_equal(parley_reader_skipped(r), 7);
  parley_reader_close(r);
}

static void test_long_line_is_streamed(void **state) {
  (void)state;
  /* A 1 MiB line with a 4 KiB limit: reported with its line number, then skipped. */
  size_t big = (size_t)1 << 20;
  char *t = malloc(big + 200);
  assert_non_null(t);
  size_t n = 0;
  n += (size_t)sprintf(t + n, "\xEF\xBB\xBF{\"id\":\"first\",\"text\":\"Putin met Trump.\"}\n");
  size_t long_start = n;
  n += (size_t)sprintf(t + n, "{\"id\":\"huge\",\"text\":\"");
  memset(t + n, 'a', big);
  n += big;
  n += (size_t)sprintf(t + n, "\"}\n{\"id\":\"after\",\"text\":\"Talks resumed.\"}");
  const char *p = tr_write("long.jsonl", t, n);
  free(t);
  parley_read_options o = parley_read_default_options();
  o.max_line_bytes = 4096;
  parley_reader *r = NULL;
  parley_error err;
  assert_int_equal(parley_reader_open(p, &o, &r, &err), PARLEY_OK);
  parley_doc *d = expect_doc(r);
  assert_string_equal(d->id, "first"); /* the BOM is not part of the first record */
  parley_doc_free(d);
  parley_error e = expect_error(r, PARLEY_EFORMAT, 2);
  assert_non_null(strstr(e.message, "longer than the limit of 4096 bytes"));
  assert_int_equal(e.offset, (long long)long_start);
  d = expect_doc(r);
  assert_string_equal(d->id, "after"); /* last line without a newline */
  assert_int_equal(d->line, 3);
  parley_doc_free(d);
  assert_int_equal(parley_reader_next(r, &d, &err), 0);
  assert_int_equal(parley_reader_skipped(r), 1);
  parley_reader_close(r);
}

static void test_explicit_format_and_stdin_ids(void **state) {
  (void)state;
  const char *p = tr_write_str("feed.txt", "{\"text\":\"Putin met Trump.\"}\n{\"text\":\"普京会见特朗普。\"}\n");
  parley_read_options o = parley_read_default_options();
  o.format = PARLEY_INPUT_JSONL;
  o.date = "2024-01-02";
  assert_non_null(freopen(p, "rb", stdin));
  parley_reader *r = NULL;
  parley_error err;
  assert_int_equal(parley_reader_open(NULL, &o, &r, &err), PARLEY_OK);
  parley_doc *d = expect_doc(r);
  assert_string_equal(d->id, "stdin:1");
  assert_string_equal(d->file, "-");
  assert_string_equal(d->date, "2024-01-02"); /* the default date */
  assert_string_equal(d->lang, "en");
  parley_doc_free(d);
  d = expect_doc(r);
  assert_string_equal(d->id, "stdin:2");
  assert_string_equal(d->lang, "zh");
  parley_doc_free(d);
  assert_int_equal(parley_reader_next(r, &d, &err), 0);
  parley_reader_close(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_records_file),
      cmocka_unit_test(test_field_errors),
      cmocka_unit_test(test_long_line_is_streamed),
      cmocka_unit_test(test_explicit_format_and_stdin_ids),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
