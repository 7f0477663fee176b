/* test_read_html.c — unit tests for the read stage on HTML: text extraction from
 * blocks (headings, paragraphs, lists, quotes, cells), skipped elements
 * (script, style, nav, footer, aside, noscript, hidden), entities and white
 * space, metadata (title, dates, site name, canonical URL), source lists and
 * notices in HTML, and refusal of absurdly deep nesting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "parley/read.h"
#include "test_read_util.h"

static void test_article(void **state) {
  (void)state;
  parley_doc *d = tr_read_one(PARLEY_SRC "/tests/data/read/article.html", NULL);
  assert_string_equal(d->text, "普京与特朗普通电话\n\n"
                               "俄罗斯总统普京与美国总统特朗普通电话，双方讨论了乌克兰局势。\n\n"
                               "Putin & Trump spoke for 90 minutes, the Kremlin said.\n\n"
                               "Aides called it \"frank\".\n\n"
                               "“我们需要和平。”\n\n"
                               "第一点：停火\n\n"
                               "第二点：谈判\n\n"
                               "莫斯科\n\n"
                               "中中");
  assert_int_equal(d->text_len, strlen(d->text));
  assert_int_equal(d->n_paras, 9);
  assert_int_equal(d->paras[0].kind, PARLEY_PARA_HEADING);
  assert_span(d, d->paras[0].span, "普京与特朗普通电话");
  for (size_t i = 1; i < d->n_paras; i++)
    assert_int_equal(d->paras[i].kind, PARLEY_PARA_BODY);
  assert_span(d, d->paras[3].span, "Aides called it \"frank\".");
  assert_span(d, d->paras[8].span, "中中");
  assert_string_equal(d->title, "普京与特朗普通话 & 会晤 | 新闻网");
  assert_string_equal(d->date, "2025-12-30");
  assert_string_equal(d->source, "示例新闻网");
  assert_string_equal(d->url, "https://news.example.com/2025/12/30/a.html");
  assert_string_equal(d->id, "article.html");
  assert_string_equal(d->lang, "zh");
  assert_int_equal(d->line, 1);
  assert_null(d->notice);
  assert_int_equal(d->n_refs, 0);
  static const char *const absent[] = {"SCRIPT", "STYLE", "HIDDEN", "NOSCRIPT", "ASIDE", "FOOTER", "首页", "国际"};
  for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++)
    assert_null(strstr(d->text, absent[i]));
  parley_doc_free(d);
}

static parley_doc *html(const char *name, const char *s) { return tr_read_one(tr_write_str(name, s), NULL); }

static void test_metadata_fallbacks(void **state) {
  (void)state;
  parley_doc *d = html("a.html", "<html><head><meta name=\"pubdate\" content=\"2025-02-13 10:00:00\">"
                                 "<meta property=\"og:title\" content=\"OG title\">"
                                 "<meta property=\"og:url\" content=\"https://x.example/og\"></head>"
                                 "<body><time datetime=\"2019-05-05\">May 5</time><p>Putin met Trump.</p></body>"
                                 "</html>");
  assert_string_equal(d->date, "2025-02-13"); /* meta beats <time> */
  assert_string_equal(d->title, "OG title");
  assert_string_equal(d->url, "https://x.example/og");
  assert_null(d->source);
  parley_doc_free(d);

  d = html("b.htm", "<p>Putin met Trump.</p><p><time datetime=\"2025-08-15T18:00:00Z\">Friday</time> in Alaska.</p>");
  assert_string_equal(d->date, "2025-08-15");
  assert_null(d->title);
  assert_string_equal(d->text, "Putin met Trump.\n\nFriday in Alaska.");
  parley_doc_free(d);

  /* the default date only applies when the page has none */
  parley_read_options o = parley_read_default_options();
  o.date = "2000-01-01";
  d = tr_read_one(tr_write_str("c.html", "<p>Putin met Trump.</p>"), &o);
  assert_string_equal(d->date, "2000-01-01");
  parley_doc_free(d);
}

static void test_whitespace_entities_breaks(void **state) {
  (void)state;
  parley_doc *d = html("ws.html", "<div>  Text   directly\n in a div\t<span>with</span><b>out</b> p  </div>"
                                  "<div>中国\n外交部&lt;发言人&gt;&#x26;&copy;<br/>第二行</div>"
                                  "<p>a<script>x()</script>b <!-- comment --> c</p>"
                                  "<h2>Sub<em>title</em></h2><p>Body text after it.</p>"
                                  "<p> <strong>高频通话难掩分歧</strong> </p><p>正文。</p>");
  assert_string_equal(d->text, "Text directly in a div without p\n\n"
                               "中国外交部<发言人>&©\n\n"
                               "第二行\n\n"
                               "a b c\n\n"
                               "Subtitle\n\n"
                               "Body text after it.\n\n"
                               "高频通话难掩分歧\n\n"
                               "正文。");
  assert_int_equal(d->n_paras, 8);
  assert_int_equal(d->paras[4].kind, PARLEY_PARA_HEADING); /* <h2> */
  assert_int_equal(d->paras[6].kind, PARLEY_PARA_HEADING); /* a short all-bold paragraph before content */
  for (int i = 0; i < 4; i++)
    assert_int_equal(d->paras[i].kind, PARLEY_PARA_BODY); /* short, but plain text */
  assert_int_equal(d->paras[5].kind, PARLEY_PARA_BODY);
  assert_int_equal(d->paras[7].kind, PARLEY_PARA_BODY);
  parley_doc_free(d);
}

static void test_source_list_and_notice(void **state) {
  (void)state;
  parley_doc *d = html("refs.html", "<h1>美俄通话</h1><p>1</p><p>俄罗斯总统普京与美国总统特朗普通电话。</p>"
                                    "<p><img src=x.png></p>"
                                    "<h3>信息来源</h3><ul><li>新华网202502/13国际观察丨美与俄乌通气</li>"
                                    "<li>Reuters, Feb. 13, 2025: Trump and Putin talk</li></ul>"
                                    "<p>特别声明：以上内容为用户上传。</p>");
  assert_int_equal(d->n_paras, 2);
  assert_span(d, d->paras[1].span, "俄罗斯总统普京与美国总统特朗普通电话。");
  assert_int_equal(d->n_refs, 2);
  assert_string_equal(d->refs[0].outlet, "新华网");
  assert_string_equal(d->refs[0].date, "2025-02-13");
  assert_string_equal(d->refs[1].outlet, "Reuters");
  assert_string_equal(d->refs[1].headline, "Trump and Putin talk");
  assert_string_equal(d->notice, "特别声明：以上内容为用户上传。");
  assert_string_equal(d->title, "美俄通话"); /* no <title>: the leading heading */
  parley_doc_free(d);
}

static char *repeat(const char *unit, size_t times, const char *tail) {
  size_t ul = strlen(unit), tl = strlen(tail);
  char *s = malloc(ul * times + tl + 1);
  assert_non_null(s);
  for (size_t i = 0; i < times; i++)
    memcpy(s + i * ul, unit, ul);
  memcpy(s + ul * times, tail, tl + 1);
  return s;
}

static void test_deep_nesting(void **state) {
  (void)state;
  parley_error err;
  /* 200000 nested divs: refused quickly with a clear error */
  char *s = repeat("<div>", 200000, "deep text");
  const char *p = tr_write("deep.html", s, strlen(s));
  free(s);
  clock_t t0 = clock();
  assert_int_equal(tr_read_error(p, NULL, &err), PARLEY_EFORMAT);
  assert_non_null(strstr(err.message, "nested too deeply"));
  assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
  /* 100000 nested <b> (formatting elements) too */
  s = repeat("<b>", 100000, "x");
  p = tr_write("deepb.html", s, strlen(s));
  free(s);
  assert_int_equal(tr_read_error(p, NULL, &err), PARLEY_EFORMAT);

  /* more than a million tags (flat): refused before gumbo builds a tree of
     ~400 bytes an element */
  s = repeat("<b>x</b>", 1000001, "");
  p = tr_write("manytags.html", s, strlen(s));
  free(s);
  assert_int_equal(tr_read_error(p, NULL, &err), PARLEY_EFORMAT);
  assert_non_null(strstr(err.message, "more than 1000000 tags"));
  assert_int_equal(err.offset, 8000000);

  /* moderately deep pages are fine */
  s = repeat("<div>", 500, "<p>Putin met Trump.</p>");
  parley_doc *d = html("ok.html", s);
  free(s);
  assert_string_equal(d->text, "Putin met Trump.");
  parley_doc_free(d);
  /* many unclosed <p>, <li> and <td> are siblings, not nesting */
  s = repeat("<p>Talks continued", 20000, "");
  d = html("flat.html", s);
  free(s);
  assert_int_equal(d->n_paras, 20000);
  parley_doc_free(d);
  s = repeat("<ul><li>one<li>two<li>three</ul><table><tr><td>a<td>b<tr><td>c</table>", 3000, "");
  d = html("lists.html", s);
  free(s);
  assert_int_equal(d->n_paras, 6 * 3000);
  parley_doc_free(d);
  /* self-closing svg children do not nest */
  s = repeat("<path d='M0 0'/>", 5000, "</svg><p>After the chart.</p>");
  char *page = malloc(strlen(s) + 16);
  assert_non_null(page);
  strcpy(page, "<svg>");
  strcat(page, s);
  free(s);
  d = html("svg.html", page);
  free(page);
  assert_string_equal(d->text, "After the chart.");
  parley_doc_free(d);
}

static void test_html_errors(void **state) {
  (void)state;
  parley_error err;
  const char *p = tr_write_str("noscript.html", "<html><head><script>var a;</script></head><body> </body></html>");
  assert_int_equal(tr_read_error(p, NULL, &err), PARLEY_EFORMAT);
  assert_non_null(strstr(err.message, "empty document"));
  const char bad[] = "<html>\n<body>\n<p>caf\xE9</p></body></html>";
  p = tr_write("latin1.html", bad, sizeof bad - 1);
  assert_int_equal(tr_read_error(p, NULL, &err), PARLEY_EUTF8);
  assert_int_equal(err.line, 3);
  assert_int_equal(err.offset, 20);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_article),
      cmocka_unit_test(test_metadata_fallbacks),
      cmocka_unit_test(test_whitespace_entities_breaks),
      cmocka_unit_test(test_source_list_and_notice),
      cmocka_unit_test(test_deep_nesting),
      cmocka_unit_test(test_html_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
