/* test_read_text.c — unit tests for the read stage on plain text: the scraped-news
 * example article (paragraphs, headings, source list, notice), clean-up rules,
 * English source lists, hard-wrapped text, UTF-8 / NUL / UTF-16 / empty-input
 * errors with their line and offset, size limits, options, stdin and format
 * detection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parley/read.h"
#include "test_read_util.h"

#define EXAMPLE PARLEY_SRC "/examples/zh-dense-diplomacy-2025.txt"

static parley_doc *example(void) { return tr_read_one(EXAMPLE, NULL); }

static void test_example_text_is_file(void **state) {
  (void)state;
  size_t len;
  char *raw = tr_slurp(EXAMPLE, &len);
  parley_doc *d = example();
  assert_int_equal(d->text_len, len);
  assert_memory_equal(d->text, raw, len); /* text is the original bytes */
  assert_int_equal(d->text[len], '\0');
  assert_string_equal(d->id, "zh-dense-diplomacy-2025.txt");
  assert_string_equal(d->file, EXAMPLE);
  assert_int_equal(d->line, 1);
  assert_string_equal(d->lang, "zh");
  assert_null(d->date);
  assert_null(d->meta_json);
  assert_int_equal(strlen(d->hash), 32);
  for (int i = 0; i < 32; i++)
    assert_non_null(strchr("0123456789abcdef", d->hash[i]));
  /* same text → same hash; one byte changed → different hash */
  parley_doc *d2 = NULL;
  parley_error err;
  assert_int_equal(parley_doc_from_text(raw, len, "copy.txt", NULL, &d2, &err), PARLEY_OK);
  assert_string_equal(d2->hash, d->hash);
  assert_string_equal(d2->id, "copy.txt");
  parley_doc_free(d2);
  raw[len - 2] = 'X';
  assert_int_equal(parley_doc_from_text(raw, len, "copy.txt", NULL, &d2, &err), PARLEY_OK);
  assert_string_not_equal(d2->hash, d->hash);
  parley_doc_free(d2);
  free(raw);
  parley_doc_free(d);
}

static void test_example_paragraphs(void **state) {
  (void)state;
  parley_doc *d = example();
  /* 40 numbered content paragraphs; numbers, ![](), the source list and notices are not content. */
  assert_int_equal(d->n_paras, 40);
  assert_span(d, d->paras[0].span, "哈喽,各位朋友好,我是小玖。");
  assert_span(d, d->paras[4].span, "高频通话难掩分歧");
  assert_span(d, d->paras[18].span, "和平进程再添变数");
  assert_true(tr_span_has(d, d->paras[20].span, "次日,俄罗斯外长拉夫罗夫公开披露"));
  assert_true(tr_span_has(d, d->paras[39].span, "最基本保障。"));
  size_t headings = 0;
  for (size_t i = 0; i < d->n_paras; i++) {
    parley_span sp = d->paras[i].span;
    assert_true(sp.start < sp.end && sp.end <= d->text_len);
    if (i) assert_true(sp.start > d->paras[i - 1].span.end);
    if (d->paras[i].kind == PARLEY_PARA_HEADING) headings++;
    assert_false(tr_span_has(d, sp, "![]"));
    assert_false(tr_span_has(d, sp, "信息来源"));
    assert_false(tr_span_has(d, sp, "特别声明"));
    assert_false(tr_span_has(d, sp, "Notice"));
    assert_false(tr_span_has(d, sp, "新华网"));
    assert_false(tr_span_has(d, sp, "\n"));
    /* never a lone number */
    size_t n = sp.end - sp.start, digits = 0;
    for (size_t k = sp.start; k < sp.end; k++)
      digits += d->text[k] >= '0' && d->text[k] <= '9';
    assert_true(digits < n);
  }
  assert_int_equal(headings, 2);
  assert_int_equal(d->paras[4].kind, PARLEY_PARA_HEADING);
  assert_int_equal(d->paras[18].kind, PARLEY_PARA_HEADING);
  assert_int_equal(d->paras[0].kind, PARLEY_PARA_BODY);
  assert_null(d->title); /* the first paragraph is not a heading */
  parley_doc_free(d);
}

static void test_example_references_and_notice(void **state) {
  (void)state;
  parley_doc *d = example();
  assert_int_equal(d->n_refs, 5);
  static const struct {
    const char *outlet, *date, *headline;
  } want[5] = {
      {"新华网", "2025-02-13", "国际观察丨美与俄乌“通气” 俄乌冲突或现重大转机"},
      {"新华网", "2025-12-30", "俄总统助理:特朗普对乌无人机袭击普京官邸“震惊和愤怒”"},
      {"央视新闻客户端", "2025-08-16", "现场直击:俄美总统在阿拉斯加会晤 举行新闻发布会"},
      {"新华网", "2025-12-30", "克里姆林宫顾问表示,普京和特朗普在最近的美乌会谈中取得了电话进展"},
      {"中国网", "2025-05-24", "特朗普三度对话普京,俄乌和谈仍难破局"},
  };
  for (int i = 0; i < 5; i++) {
    assert_string_equal(d->refs[i].outlet, want[i].outlet);
    assert_non_null(d->refs[i].date);
    assert_string_equal(d->refs[i].date, want[i].date);
    assert_string_equal(d->refs[i].headline, want[i].headline);
    assert_true(tr_span_has(d, d->refs[i].span, want[i].headline));
    assert_true(d->refs[i].span.start > d->paras[39].span.end);
  }
  assert_span(d, d->refs[3].span,
              "新华网 2025年12月30日克里姆林宫顾问表示,普京和特朗普在最近的美乌会谈中取得了电话进展");
  assert_non_null(d->notice);
  const char *nl = strchr(d->notice, '\n');
  assert_non_null(nl);
  assert_true(strncmp(d->notice, "特别声明:以上内容", strlen("特别声明:以上内容")) == 0);
  assert_true(strncmp(nl + 1, "Notice: The content above", 25) == 0);
  assert_null(strchr(nl + 1, '\n'));
  assert_true(strstr(d->notice, "information storage services.") != NULL);
  parley_doc_free(d);
}

static void test_cleanup_rules(void **state) {
  (void)state;
  const char *t = "\xEF\xBB\xBF"
                  "１\r\n"
                  "俄罗斯外长发表讲话。\r\n"
                  "(3)\r\n"
                  "3.\r\n"
                  "（4）\n"
                  "5、\n"
                  "[6]\n"
                  "![photo of the talks](https://example.com/a(1).jpg) ![]()\n"
                  "![](x.png)双方同意继续对话。![图](y.png)\n"
                  "　　会谈将在利雅得举行。　\n"
                  "免责声明：本文仅供参考。\n"
                  "最后一段\n";
  parley_doc *d = NULL;
  parley_error err;
  assert_int_equal(parley_doc_from_text(t, strlen(t), NULL, NULL, &d, &err), PARLEY_OK);
  assert_int_equal(d->text_len, strlen(t));
  assert_string_equal(d->id, "text");
  assert_int_equal(d->n_paras, 4);
  assert_span(d, d->paras[0].span, "俄罗斯外长发表讲话。");
  assert_span(d, d->paras[1].span, "双方同意继续对话。");
  assert_span(d, d->paras[2].span, "会谈将在利雅得举行。");
  assert_span(d, d->paras[3].span, "最后一段");
  assert_int_equal(d->paras[3].kind, PARLEY_PARA_BODY); /* short, but nothing follows */
  assert_string_equal(d->notice, "免责声明：本文仅供参考。");
  assert_int_equal(d->n_refs, 0);
  parley_doc_free(d);

  /* A list of short lines: no headings (a heading needs body text after it). */
  const char *l = "Participants\nRussia\nUkraine\nUnited States\n\nThe talks began on Tuesday.\n";
  assert_int_equal(parley_doc_from_text(l, strlen(l), "list.txt", NULL, &d, &err), PARLEY_OK);
  assert_int_equal(d->n_paras, 5);
  for (size_t i = 0; i < 3; i++)
    assert_int_equal(d->paras[i].kind, PARLEY_PARA_BODY);
  assert_int_equal(d->paras[3].kind, PARLEY_PARA_HEADING); /* "United States" before a sentence */
  assert_string_equal(d->title ? d->title : "(none)", "(none)");
  parley_doc_free(d);

  /* A leading BOM is kept in text but is not part of any span. */
  const char *b = "\xEF\xBB\xBFHello world. It works.";
  assert_int_equal(parley_doc_from_text(b, strlen(b), "bom.txt", NULL, &d, &err), PARLEY_OK);
  assert_int_equal(d->n_paras, 1);
  assert_int_equal(d->paras[0].span.start, 3);
  assert_memory_equal(d->text, "\xEF\xBB\xBF", 3);
  assert_string_equal(d->lang, "en");
  parley_doc_free(d);
}

static void test_byline_and_false_source_list(void **state) {
  (void)state;
  /* "来源：" before any content is a byline; "来源" followed by a long paragraph is content. */
  char long_para[1200];
  strcpy(long_para, "");
  for (int i = 0; i < 30; i++)
    strcat(long_para, "乌克兰方面坚决否认。");
  char t[2000];
  snprintf(t, sizeof t, "来源：新华网 2025-02-13\n俄美两国元首通电话。\n来源\n%s\n", long_para);
  parley_doc *d = NULL;
  parley_error err;
  assert_int_equal(parley_doc_from_text(t, strlen(t), "b.txt", NULL, &d, &err), PARLEY_OK);
  assert_non_null(d->source);
  assert_string_equal(d->source, "新华网");
  assert_int_equal(d->n_refs, 0);
  assert_int_equal(d->n_paras, 3);
  assert_span(d, d->paras[0].span, "俄美两国元首通电话。");
  assert_span(d, d->paras[1].span, "来源");
  parley_doc_free(d);

  /* "来源：X" after content starts the list; its rest is the first entry. */
  const char *u = "俄美两国元首通电话。\n来源：新华网2025-02-13美俄通话\n中国网 2025/5/24 特朗普三度对话普京\n";
  assert_int_equal(parley_doc_from_text(u, strlen(u), "c.txt", NULL, &d, &err), PARLEY_OK);
  assert_int_equal(d->n_paras, 1);
  assert_int_equal(d->n_refs, 2);
  assert_string_equal(d->refs[0].outlet, "新华网");
  assert_string_equal(d->refs[0].date, "2025-02-13");
  assert_string_equal(d->refs[0].headline, "美俄通话");
  assert_span(d, d->refs[0].span, "新华网2025-02-13美俄通话");
  assert_string_equal(d->refs[1].outlet, "中国网");
  assert_string_equal(d->refs[1].date, "2025-05-24");
  assert_string_equal(d->refs[1].headline, "特朗普三度对话普京");
  parley_doc_free(d);
}

static void test_english_article(void **state) {
  (void)state;
  parley_doc *d = tr_read_one(PARLEY_SRC "/tests/data/read/en-wire.txt", NULL);
  assert_string_equal(d->lang, "en");
  assert_int_equal(d->n_paras, 4);
  assert_int_equal(d->paras[0].kind, PARLEY_PARA_HEADING);
  assert_span(d, d->paras[0].span, "Talks stall over ceasefire terms");
  assert_string_equal(d->title, "Talks stall over ceasefire terms");
  assert_int_equal(d->paras[1].kind, PARLEY_PARA_BODY);
  assert_true(tr_span_has(d, d->paras[1].span, "MOSCOW (Reuters)"));
  assert_int_equal(d->n_refs, 4);
  assert_string_equal(d->refs[0].outlet, "Reuters");
  assert_string_equal(d->refs[0].date, "2025-02-13");
  assert_string_equal(d->refs[0].headline, "Trump and Putin agree to start Ukraine peace talks");
  assert_string_equal(d->refs[1].outlet, "AP");
  assert_string_equal(d->refs[1].date, "2025-08-16");
  assert_string_equal(d->refs[1].headline, "Trump and Putin meet in Alaska");
  assert_string_equal(d->refs[2].outlet, "TASS");
  assert_string_equal(d->refs[2].date, "2025-02-12");
  assert_string_equal(d->refs[2].headline, "Kremlin readout of the call");
  assert_string_equal(d->refs[3].outlet, "Xinhua");
  assert_null(d->refs[3].date);
  assert_string_equal(d->refs[3].headline, "Russia and US hold talks");
  assert_string_equal(d->notice, "Disclaimer: This article was collected automatically for research purposes.");
  parley_doc_free(d);
}

static void test_hard_wrapped_text(void **state) {
  (void)state;
  const char *t = "Peace talks\n"
                  "\n"
                  "Russian and American officials met in Riyadh on Tuesday for\n"
                  "talks on ending the war in Ukraine, the first such meeting\n"
                  "since the invasion began three years ago.\n"
                  "\n"
                  "Ukraine was not invited to the meeting, which its president\n"
                  "said could not decide anything about Ukraine without its\n"
                  "participation.\n";
  parley_doc *d = NULL;
  parley_error err;
  assert_int_equal(parley_doc_from_text(t, strlen(t), "w.txt", NULL, &d, &err), PARLEY_OK);
  assert_int_equal(d->n_paras, 3);
  assert_int_equal(d->paras[0].kind, PARLEY_PARA_HEADING);
  assert_span(d, d->paras[1].span,
              "Russian and American officials met in Riyadh on Tuesday for\n"
              "talks on ending the war in Ukraine, the first such meeting\n"
              "since the invasion began three years ago.");
  assert_true(tr_span_has(d, d->paras[2].span, "its\nparticipation."));
  parley_sentence *s = NULL;
  size_t n = 0;
  assert_int_equal(parley_doc_sentences(d, &s, &n, &err), PARLEY_OK);
  assert_int_equal(n, 3);
  free(s);
  parley_doc_free(d);

  /* One paragraph per line, no blank lines: never joined. */
  const char *u = "First line of the story\nsecond line of the story\nthird line of the story\nfourth.\n";
  assert_int_equal(parley_doc_from_text(u, strlen(u), "u.txt", NULL, &d, &err), PARLEY_OK);
  assert_int_equal(d->n_paras, 4);
  parley_doc_free(d);
}

static void test_invalid_utf8_position(void **state) {
  (void)state;
  /* line 3, column 5: "ab中d" then a lone continuation byte */
  const char t[] = "first line\nsecond\nab\xE4\xB8\xAD"
                   "d\x80 rest\nfourth\n";
  const char *path = tr_write("bad.txt", t, sizeof t - 1);
  parley_error err;
  assert_int_equal(tr_read_error(path, NULL, &err), PARLEY_EUTF8);
  assert_int_equal(err.status, PARLEY_EUTF8);
  assert_int_equal(err.line, 3);
  assert_int_equal(err.offset, 24);
  assert_string_equal(err.file, path);
  assert_string_equal(err.message, "invalid UTF-8 at byte 24 (line 3, column 5)");

  /* overlong, surrogate, beyond U+10FFFF, truncated */
  static const struct {
    const char *s;
    size_t len, bad;
  } cases[] = {
      {"ok \xC0\xAF", 5, 3},        {"ok \xE0\x80\xAF", 6, 3}, {"x\xED\xA0\x80y", 5, 1}, {"\xF4\x90\x80\x80", 4, 0},
      {"ab\xF5\x80\x80\x80", 6, 2}, {"abc\xE4\xB8", 5, 3},     {"\xF0\x9F\x98", 3, 0},   {"a\xFF", 2, 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t bad = 999;
    assert_int_equal(parley_utf8_check(cases[i].s, cases[i].len, &bad), PARLEY_EUTF8);
    assert_int_equal(bad, cases[i].bad);
    parley_doc *d = NULL;
    assert_int_equal(parley_doc_from_text(cases[i].s, cases[i].len, "m.txt", NULL, &d, &err), PARLEY_EUTF8);
    assert_null(d);
    assert_int_equal(err.offset, (long long)cases[i].bad);
    assert_int_equal(err.line, 1);
  }
  /* valid: 4-byte emoji, U+10FFFF, U+FFFF, long ASCII run */
  const char ok[] = "\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF \xEF\xBF\xBF abcdefghijklmnopqrstuvwxyz";
  assert_int_equal(parley_utf8_check(ok, sizeof ok - 1, NULL), PARLEY_OK);
  assert_int_equal(parley_utf8_check("", 0, NULL), PARLEY_OK);
}

static void test_nul_utf16_empty(void **state) {
  (void)state;
  parley_error err;
  const char nul[] = "line one\nab\0cd\n";
  const char *p = tr_write("nul.txt", nul, sizeof nul - 1);
  assert_int_equal(tr_read_error(p, NULL, &err), PARLEY_EFORMAT);
  assert_int_equal(err.line, 2);
  assert_int_equal(err.offset, 11);
  assert_non_null(strstr(err.message, "NUL byte at byte 11"));

  const char le[] = "\xFF\xFEh\0i\0";
  p = tr_write("utf16.txt", le, sizeof le - 1);
  assert_int_equal(tr_read_error(p, NULL, &err), PARLEY_EUTF8);
  assert_string_equal(err.message, "UTF-16 input is not supported; convert to UTF-8");
  const char be[] = "\xFE\xFF\0h\0i";
  p = tr_write("utf16be.jsonl", be, sizeof be - 1);
  assert_int_equal(tr_read_error(p, NULL, &err), PARLEY_EUTF8);
  assert_non_null(strstr(err.message, "UTF-16"));
  parley_doc *d = NULL;
  assert_int_equal(parley_doc_from_text(le, sizeof le - 1, "x", NULL, &d, &err), PARLEY_EUTF8);

  p = tr_write("empty.txt", "", 0);
  assert_int_equal(tr_read_error(p, NULL, &err), PARLEY_EFORMAT);
  assert_string_equal(err.message, "empty document");
  assert_string_equal(err.file, p);
  p = tr_write_str("blank.txt", " \n\t\r\n　\n");
  assert_int_equal(tr_read_error(p, NULL, &err), PARLEY_EFORMAT);
  assert_string_equal(err.message, "empty document");
  char buf[1100];
  parley_error_format(&err, buf, sizeof buf);
  assert_non_null(strstr(buf, "blank.txt: empty document"));
  p = tr_write_str("blank.html", "  \n ");
  assert_int_equal(tr_read_error(p, NULL, &err), PARLEY_EFORMAT);
  assert_int_equal(parley_doc_from_text("   ", 3, "x", NULL, &d, &err), PARLEY_EFORMAT);
  assert_int_equal(parley_doc_from_text("", 0, NULL, NULL, &d, NULL), PARLEY_EFORMAT); /* err may be NULL */
  assert_int_equal(parley_doc_from_text(NULL, 5, NULL, NULL, &d, &err), PARLEY_EINVAL);
  assert_int_equal(parley_doc_from_text("x", 1, NULL, NULL, NULL, &err), PARLEY_EINVAL);
  parley_doc_free(NULL);
}

static void test_limits_and_options(void **state) {
  (void)state;
  parley_error err;
  parley_read_options o = parley_read_default_options();
  assert_int_equal(o.format, PARLEY_INPUT_AUTO);
  assert_int_equal(o.max_line_bytes, (size_t)64 << 20);
  assert_int_equal(o.max_doc_bytes, (size_t)256 << 20);
  assert_null(o.lang);
  assert_null(o.date);

  char big[5000];
  memset(big, 'a', sizeof big);
  for (size_t i = 50; i < sizeof big; i += 50)
    big[i] = ' ';
  const char *p = tr_write("big.txt", big, sizeof big);
  o.max_doc_bytes = 4096;
  assert_int_equal(tr_read_error(p, &o, &err), PARLEY_EFORMAT);
  assert_non_null(strstr(err.message, "larger than the limit of 4096 bytes"));
  parley_doc *d = NULL;
  assert_int_equal(parley_doc_from_text(big, sizeof big, "big", &o, &d, &err), PARLEY_EFORMAT);
  o.max_doc_bytes = 5000; /* exactly at the limit is fine */
  d = tr_read_one(p, &o);
  parley_doc_free(d);

  /* forced language and default date */
  o = parley_read_default_options();
  o.lang = "zh";
  o.date = "2025-02-13";
  p = tr_write_str("en.txt", "Putin spoke with Trump. They agreed to meet.\n");
  d = tr_read_one(p, &o);
  assert_string_equal(d->lang, "zh");
  assert_string_equal(d->date, "2025-02-13");
  parley_sentence *s = NULL;
  size_t n;
  assert_int_equal(parley_doc_sentences(d, &s, &n, &err), PARLEY_OK);
  assert_int_equal(n, 2);
  assert_string_equal(s[0].lang, "en"); /* sentences keep their detected language */
  free(s);
  parley_doc_free(d);

  parley_reader *r = NULL;
  o.lang = "fr";
  assert_int_equal(parley_reader_open(p, &o, &r, &err), PARLEY_EINVAL);
  assert_null(r);
  o.lang = NULL;
  o.date = "13/02/2025";
  assert_int_equal(parley_reader_open(p, &o, &r, &err), PARLEY_EINVAL);
  o.date = "2025-02-30";
  assert_int_equal(parley_reader_open(p, &o, &r, &err), PARLEY_EINVAL);
  o.date = NULL;
  o.format = (parley_input_format)42;
  assert_int_equal(parley_reader_open(p, &o, &r, &err), PARLEY_EINVAL);

  /* zero-initialised options mean defaults */
  parley_read_options z;
  memset(&z, 0, sizeof z);
  d = tr_read_one(p, &z);
  assert_string_equal(d->lang, "en");
  parley_doc_free(d);

  assert_int_equal(parley_reader_open(PARLEY_SRC "/no/such/file.txt", NULL, &r, &err), PARLEY_EIO);
  assert_non_null(strstr(err.message, "cannot open"));
  assert_int_equal(parley_reader_open(PARLEY_SRC "/tests", NULL, &r, &err), PARLEY_EIO);
  assert_non_null(strstr(err.message, "directory"));
}

static void test_format_detection(void **state) {
  (void)state;
  /* no known extension: decided by the first non-space byte */
  const char *p = tr_write_str("page", "\xEF\xBB\xBF  \n<html><body><p>Putin met Trump.</p></body></html>");
  parley_doc *d = tr_read_one(p, NULL);
  assert_string_equal(d->text, "Putin met Trump.");
  parley_doc_free(d);
  p = tr_write_str("recs", "\n {\"id\":\"r1\",\"text\":\"Putin met Trump.\"}\n");
  d = tr_read_one(p, NULL);
  assert_string_equal(d->id, "r1");
  assert_int_equal(d->line, 2);
  parley_doc_free(d);
  /* .txt wins over the content; an explicit format wins over everything */
  p = tr_write_str("notes.txt", "<b>not html</b>\n");
  d = tr_read_one(p, NULL);
  assert_string_equal(d->text, "<b>not html</b>\n");
  parley_doc_free(d);
  parley_read_options o = parley_read_default_options();
  o.format = PARLEY_INPUT_HTML;
  d = tr_read_one(p, &o);
  assert_string_equal(d->text, "not html");
  parley_doc_free(d);
}

static void test_stdin(void **state) {
  (void)state;
  const char *p = tr_write_str("stdin.txt", "普京与特朗普通电话。\n");
  assert_non_null(freopen(p, "rb", stdin));
  parley_doc *d = tr_read_one("-", NULL);
  assert_string_equal(d->id, "stdin");
  assert_string_equal(d->file, "-");
  assert_string_equal(d->lang, "zh");
  assert_int_equal(d->n_paras, 1);
  parley_doc_free(d);
}

static void test_detect_lang(void **state) {
  (void)state;
  assert_string_equal(parley_detect_lang("普京", 6), "zh");
  assert_string_equal(parley_detect_lang("Putin met Trump", 15), "en");
  assert_string_equal(parley_detect_lang("2025 — 12", 11), "und");
  assert_string_equal(parley_detect_lang("", 0), "und");
  assert_string_equal(parley_detect_lang("A", 1), "und");
  /* 4 Han vs 12 Latin letters: 25% → zh; 1 Han vs 13: 7% → en */
  const char *m = "普京 met with Trump 会谈";
  assert_string_equal(parley_detect_lang(m, strlen(m)), "zh");
  const char *e = "Trump met Putin 京";
  assert_string_equal(parley_detect_lang(e, strlen(e)), "en");
  /* mixed document: half the sentences in each language */
  const char *t = "普京与特朗普通电话。双方同意谈判。\nPutin spoke with Trump. Both agreed to talk.\n";
  parley_doc *d = NULL;
  parley_error err;
  assert_int_equal(parley_doc_from_text(t, strlen(t), "m.txt", NULL, &d, &err), PARLEY_OK);
  assert_string_equal(d->lang, "mixed");
  parley_doc_free(d);
}

/* parley_read_date_valid: the rule the reader applies to parley_read_options.date,
 * which the CLI checks --date by (a usage error, not a file error). */
static void test_date_option_valid(void **state) {
  (void)state;
  assert_true(parley_read_date_valid("2025-02-28"));
  assert_true(parley_read_date_valid("2024-02-29"));
  assert_true(parley_read_date_valid("2000-02-29"));
  assert_true(parley_read_date_valid("1900-01-01"));
  assert_true(parley_read_date_valid("2100-12-31"));
  assert_false(parley_read_date_valid("2025-02-30"));
  assert_false(parley_read_date_valid("2025-02-29"));
  assert_false(parley_read_date_valid("1900-02-29"));
  assert_false(parley_read_date_valid("2025-13-01"));
  assert_false(parley_read_date_valid("2025-04-31"));
  assert_false(parley_read_date_valid("2025-00-10"));
  assert_false(parley_read_date_valid("1850-01-01"));
  assert_false(parley_read_date_valid("99999999"));
  assert_false(parley_read_date_valid("9999-99-99"));
  assert_false(parley_read_date_valid("2025-1-1"));
  assert_false(parley_read_date_valid("2025-01-01T10:00"));
  assert_false(parley_read_date_valid(" 2025-01-01"));
  assert_false(parley_read_date_valid(""));
  assert_false(parley_read_date_valid(NULL));
  /* every date it accepts, the reader takes */
  parley_read_options o = parley_read_default_options();
  o.date = "2024-02-29";
  parley_reader *r = NULL;
  parley_error err;
  parley_error_clear(&err);
  assert_int_equal(parley_reader_open(PARLEY_SRC "/tests/data/read/en-wire.txt", &o, &r, &err), PARLEY_OK);
  parley_reader_close(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_example_text_is_file),
      cmocka_unit_test(test_example_paragraphs),
      cmocka_unit_test(test_example_references_and_notice),
      cmocka_unit_test(test_cleanup_rules),
      cmocka_unit_test(test_byline_and_false_source_list),
      cmocka_unit_test(test_english_article),
      cmocka_unit_test(test_hard_wrapped_text),
      cmocka_unit_test(test_invalid_utf8_position),
      cmocka_unit_test(test_nul_utf16_empty),
      cmocka_unit_test(test_limits_and_options),
      cmocka_unit_test(test_format_detection),
      cmocka_unit_test(test_stdin),
      cmocka_unit_test(test_detect_lang),
      cmocka_unit_test(test_date_option_valid),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
