/* cleanup.c — the scraped-news clean-up: lines of a document → content paragraphs,
 * source-list references and platform notices.
 *
 * Part of the read stage. Works only on spans: doc->text is never changed.
 * Per line (after trimming white space, including a leading BOM and U+3000):
 *   - blank lines separate paragraphs;
 *   - a paragraph number alone ("1", "１", "(3)", "（3）", "3.", "3、", "[3]") is dropped;
 *   - markdown image placeholders (![]() / ![alt](url)) are dropped, also at
 *     either end of a content line;
 *   - lines without any letter or digit ("——", "* * *") are dropped;
 *   - platform disclaimers (特别声明 / 免责声明 / 版权声明 / Notice: / Disclaimer)
 *     go to doc->notice, wherever they are;
 *   - a source-list heading (信息来源, 资料来源, 参考资料, 来源：…, Sources,
 *     References) after some content starts the trailing source list: every
 *     later line is a reference, unless one of them is long (> 400 bytes), in
 *     which case the heading was ordinary content. "来源：X" before any content
 *     is a byline: X becomes doc->source;
 *   - every other line is a content paragraph. A short line (≤ 40 characters)
 *     without sentence punctuation that is followed by body text (a line that
 *     is not short and unpunctuated itself) is a HEADING.
 * Hard-wrapped plain text (blank lines between paragraphs, most lines within
 * a paragraph long and not ending a sentence) is detected and each block of
 * consecutive lines becomes one paragraph, whose span then contains newlines. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "read/internal.h"

enum kind { K_BLANK, K_SKIP, K_NOTICE, K_MARKER, K_MARKER_PREFIX, K_CONTENT };

typedef struct cline {
  size_t a, b; /* trimmed content (images stripped at the ends) */
  size_t rest; /* K_MARKER_PREFIX: start of the text after "来源：" */
  enum kind kind;
  int hint; /* RD_GUESS / RD_HEADING / RD_BODY */
} cline;

static size_t cp_at(const char *s, size_t end, size_t i, uint32_t *cp) { return rd_utf8_next(s, end, i, cp); }

/* "1", "１", "(3)", "（3）", "3.", "3．", "3、", "[3]", "【3】" — a paragraph number alone. */
static int is_number_line(const char *s, size_t a, size_t b) {
  uint32_t cp, close = 0;
  size_t p = a, k = cp_at(s, b, p, &cp);
  if (cp == '(' || cp == '[' || cp == 0xFF08 || cp == 0x3010 || cp == 0x3014) {
    close = cp == '(' ? ')' : cp == '[' ? ']' : cp == 0xFF08 ? 0xFF09 : cp == 0x3010 ? 0x3011 : 0x3015;
    p += k;
  }
  int digits = 0;
  while (p < b) {
    k = cp_at(s, b, p, &cp);
    if (!rd_is_digit(cp)) break;
    digits++;
    p += k;
  }
  if (digits == 0 || digits > 4) return 0;
  if (close) {
    if (p >= b) return 0;
    k = cp_at(s, b, p, &cp);
    if (cp != close) return 0;
    p += k;
  }
  if (p < b) {
    k = cp_at(s, b, p, &cp);
    if (cp == '.' || cp == 0xFF0E || cp == 0x3001 || (!close && (cp == ')' || cp == 0xFF09))) p += k;
  }
  return p == b;
}

#define IMG_MAX_ALT 512  /* longest alt text of a placeholder */
#define IMG_MAX_URL 4096 /* longest URL of a placeholder */
#define IMG_MAX_FAILS 64 /* failed placeholder matches tried per line (keeps the scan linear) */

/* Matches one ![alt](url) at p (bounded lengths, balanced brackets); returns the end or 0. */
static size_t match_image(const char *s, size_t p, size_t b) {
  if (p + 4 > b || s[p] != '!' || s[p + 1] != '[') return 0;
  size_t q = p + 2, lim = q + IMG_MAX_ALT < b ? q + IMG_MAX_ALT : b;
  int depth = 1;
  for (; q < lim; q++) {
    if (s[q] == '\n') return 0;
    if (s[q] == '[')
      depth++;
    else if (s[q] == ']' && --depth == 0)
      break;
  }
  if (q >= lim || q + 1 >= b || s[q + 1] != '(') return 0;
  q += 2;
  lim = q + IMG_MAX_URL < b ? q + IMG_MAX_URL : b;
  depth = 1;
  for (; q < lim; q++) {
    if (s[q] == '\n') return 0;
    if (s[q] == '(')
      depth++;
    else if (s[q] == ')' && --depth == 0)
      return q + 1;
  }
  return 0;
}

/* Drops image placeholders at both ends of [*a, *b). */
static void strip_images(const char *s, size_t *a, size_t *b) {
  for (;;) {
    size_t e = match_image(s, *a, *b);
    if (!e) break;
    *a = e;
    rd_trim(s, a, b);
  }
  /* Trailing ones: one forward pass remembering where the current run of
   * placeholders (separated only by white space) began. */
  size_t chain = 0, p = *a;
  int in_chain = 0, fails = 0;
  while (p < *b) {
    if (s[p] == '!' && fails < IMG_MAX_FAILS) {
      size_t e = match_image(s, p, *b);
      if (e) {
        if (!in_chain) chain = p, in_chain = 1;
        p = e;
        continue;
      }
      if (p + 1 < *b && s[p + 1] == '[') fails++;
    }
    uint32_t cp;
    size_t k = rd_utf8_next(s, *b, p, &cp);
    if (!rd_is_space(cp)) in_chain = 0;
    p += k;
  }
  if (in_chain) {
    *b = chain;
    rd_trim(s, a, b);
  }
}

static int prefix_ci(const char *s, size_t a, size_t b, const char *lit) {
  size_t n = strlen(lit);
  return b - a >= n && strncasecmp(s + a, lit, n) == 0;
}

static const char *const marker_words[] = {"信息来源", "资料来源",   "参考资料",  "参考来源",
                                           "参考文献", "新闻来源",   "来源",      "Sources",
                                           "Source",   "References", "Reference", "Sources and references"};

/* Source-list heading: K_MARKER (the whole line) or K_MARKER_PREFIX ("来源：X",
 * "Sources: X", *rest = start of X); else K_CONTENT. */
static enum kind marker_kind(const char *s, size_t a, size_t b, size_t *rest) {
  /* Strip markdown heading marks and brackets: "## Sources", "【信息来源】", "[Sources]". */
  size_t p = a, q = b;
  while (p < q && s[p] == '#')
    p++;
  rd_trim(s, &p, &q);
  uint32_t cp;
  size_t k = cp_at(s, q, p, &cp);
  if (p < q && (cp == 0x3010 || cp == '[')) {
    uint32_t cl;
    size_t kl = rd_utf8_prev(s, p, q, &cl);
    if ((cp == 0x3010 && cl == 0x3011) || (cp == '[' && cl == ']')) {
      p += k;
      q -= kl;
    }
  }
  for (size_t i = 0; i < sizeof marker_words / sizeof marker_words[0]; i++) {
    const char *w = marker_words[i];
    size_t n = strlen(w);
    if (!prefix_ci(s, p, q, w)) continue;
    size_t r = p + n;
    /* optional colon */
    size_t colon = 0;
    if (r < q) {
      k = cp_at(s, q, r, &cp);
      if (cp == ':' || cp == 0xFF1A) colon = k;
    }
    size_t t = r + colon, tb = q;
    rd_trim(s, &t, &tb);
    if (t == tb) return K_MARKER;
    if (colon) {
      *rest = t;
      return K_MARKER_PREFIX;
    }
  }
  return K_CONTENT;
}

static int is_notice(const char *s, size_t a, size_t b) {
  size_t p = a;
  uint32_t cp;
  size_t k = cp_at(s, b, p, &cp);
  if (cp == 0x3010 || cp == '[') p += k;
  static const char *const zh[] = {"特别声明", "免责声明", "版权声明", "声明：", "声明:"};
  for (size_t i = 0; i < sizeof zh / sizeof zh[0]; i++)
    if (prefix_ci(s, p, b, zh[i])) return 1;
  static const char *const en[] = {"Notice:", "Notice：", "Disclaimer", "Special statement:", "Special Notice:"};
  for (size_t i = 0; i < sizeof en / sizeof en[0]; i++)
    if (prefix_ci(s, p, b, en[i])) return 1;
  return 0;
}

/* Sentence or clause punctuation that rules out a heading when it ends the line. */
static int is_final_punct(uint32_t cp) {
  switch (cp) {
  case '.':
  case '!':
  case '?':
  case ';':
  case ',':
  case ':':
  case 0x3002: /* 。 */
  case 0xFF01: /* ！ */
  case 0xFF1F: /* ？ */
  case 0xFF1B: /* ； */
  case 0xFF0C: /* ， */
  case 0x3001: /* 、 */
  case 0xFF1A: /* ： */
  case 0x2026: /* … */
  case 0xFF0E: /* ． */
  case 0xFF61: /* ｡ */ return 1;
  default: return 0;
  }
}

static int is_closer(uint32_t cp) {
  switch (cp) {
  case '"':
  case '\'':
  case ')':
  case ']':
  case 0x201D: /* ” */
  case 0x2019: /* ’ */
  case 0x300D: /* 」 */
  case 0x300F: /* 』 */
  case 0xFF09: /* ） */
  case 0x3011: /* 】 */
  case 0x300B: /* 》 */ return 1;
  default: return 0;
  }
}

/* 1 if the line ends with sentence punctuation (possibly before closing quotes). */
static int ends_sentence(const char *s, size_t a, size_t b) {
  while (b > a) {
    uint32_t cp;
    size_t k = rd_utf8_prev(s, a, b, &cp);
    if (is_closer(cp)) {
      b -= k;
      continue;
    }
    return is_final_punct(cp);
  }
  return 0;
}

/* Code points and display width (CJK = 2) of s[a..b), capped at cap code points. */
static size_t width_of(const char *s, size_t a, size_t b, size_t *chars, size_t cap) {
  size_t w = 0, n = 0;
  for (size_t p = a; p < b && n <= cap;) {
    uint32_t cp;
    p += cp_at(s, b, p, &cp);
    n++;
    w += rd_is_cjk(cp) ? 2 : 1;
  }
  *chars = n;
  return w;
}

static int looks_like_heading(const char *s, size_t a, size_t b) {
  size_t chars;
  size_t w = width_of(s, a, b, &chars, 41);
  if (chars > 40 || w > 80) return 0;
  if (ends_sentence(s, a, b)) return 0;
  for (size_t p = a; p < b;) {
    uint32_t cp;
    p += cp_at(s, b, p, &cp);
    if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F) return 0;
  }
  return 1;
}

/* Hard-wrapped plain text? See the file comment. */
static int detect_wrapped(const char *s, const cline *cl, size_t n) {
  size_t blanks = 0, followed = 0, wrapped = 0;
  for (size_t i = 0; i < n; i++) {
    if (cl[i].kind == K_BLANK) {
      blanks++;
      continue;
    }
    if (cl[i].kind != K_CONTENT || i + 1 >= n || cl[i + 1].kind != K_CONTENT) continue;
    followed++;
    size_t chars;
    size_t w = width_of(s, cl[i].a, cl[i].b, &chars, 200);
    if (w >= 40 && !ends_sentence(s, cl[i].a, cl[i].b)) wrapped++;
  }
  return blanks > 0 && followed >= 3 && wrapped * 2 >= followed;
}

typedef struct vecs {
  parley_paragraph *paras;
  size_t n_paras, cap_paras;
  parley_reference *refs;
  size_t n_refs, cap_refs;
} vecs;

static int push_para(vecs *v, size_t a, size_t b, parley_para_kind kind) {
  if (v->n_paras == v->cap_paras) {
    size_t cap = v->cap_paras ? v->cap_paras * 2 : 32;
    parley_paragraph *p = realloc(v->paras, cap * sizeof *p);
    if (!p) return -1;
    v->paras = p;
    v->cap_paras = cap;
  }
  v->paras[v->n_paras++] = (parley_paragraph){.span = {a, b}, .kind = kind};
  return 0;
}

static int push_ref(vecs *v, const char *text, size_t a, size_t b) {
  if (v->n_refs == v->cap_refs) {
    size_t cap = v->cap_refs ? v->cap_refs * 2 : 8;
    parley_reference *p = realloc(v->refs, cap * sizeof *p);
    if (!p) return -1;
    v->refs = p;
    v->cap_refs = cap;
  }
  if (rd_parse_reference(text + a, b - a, a, &v->refs[v->n_refs]) != PARLEY_OK) return -1;
  v->n_refs++;
  return 0;
}

/* Index + 1 of the last line too long for a source-list entry (0 if none). */
static size_t last_long_line(const cline *cl, size_t n) {
  for (size_t j = n; j-- > 0;)
    if ((cl[j].kind == K_CONTENT || cl[j].kind == K_MARKER || cl[j].kind == K_MARKER_PREFIX) && cl[j].b - cl[j].a > 400)
      return j + 1;
  return 0;
}

int rd_cleanup(parley_doc *doc, const rd_line *lines, size_t n, int allow_wrap, parley_error *err) {
  const char *s = doc->text;
  cline *cl = calloc(n ? n : 1, sizeof *cl);
  vecs v = {0};
  rd_buf notice = {0};
  int status = PARLEY_ENOMEM;
  if (!cl) goto done;

  /* 1. Classify every line on its own. */
  for (size_t i = 0; i < n; i++) {
    size_t a = lines[i].span.start, b = lines[i].span.end;
    rd_trim(s, &a, &b);
    cl[i].hint = lines[i].hint;
    if (a == b) {
      cl[i].kind = K_BLANK;
      continue;
    }
    if (is_number_line(s, a, b)) {
      cl[i].kind = K_SKIP;
      continue;
    }
    strip_images(s, &a, &b);
    cl[i].a = a, cl[i].b = b;
    if (a == b || !rd_has_alnum(s, a, b)) { /* images only, or a separator such as "——" / "* * *" */
      cl[i].kind = K_SKIP;
    } else if (is_notice(s, a, b)) {
      cl[i].kind = K_NOTICE;
    } else {
      cl[i].kind = marker_kind(s, a, b, &cl[i].rest);
      if (cl[i].kind == K_MARKER_PREFIX && lines[i].hint == RD_HEADING) cl[i].kind = K_CONTENT;
    }
  }

  /* 2. The source list: the first heading after content that is followed only by short lines. */
  size_t refs_from = n;
  size_t long_end = last_long_line(cl, n); /* a source list can only start at or after it */
  int seen_content = 0;
  for (size_t i = 0; i < n; i++) {
    enum kind k = cl[i].kind;
    if (k == K_CONTENT) {
      seen_content = 1;
    } else if (k == K_MARKER || k == K_MARKER_PREFIX) {
      if (seen_content && i >= long_end) {
        refs_from = i;
        break;
      }
      if (k == K_MARKER_PREFIX && !seen_content) {
        /* A byline "来源：新华网" before the article. */
        if (!doc->source && cl[i].b - cl[i].rest <= 200) {
          parley_reference r;
          if (rd_parse_reference(s + cl[i].rest, cl[i].b - cl[i].rest, cl[i].rest, &r) != PARLEY_OK) goto done;
          const char *src = r.outlet[0] ? r.outlet : r.headline;
          doc->source = src[0] ? rd_strdup(src) : NULL;
          int bad = src[0] && !doc->source;
          free(r.outlet), free(r.date), free(r.headline);
          if (bad) goto done;
        }
        cl[i].kind = K_SKIP;
      } else {
        cl[i].kind = K_CONTENT; /* not a source list after all */
        seen_content = 1;
      }
    }
  }

  int wrapped = allow_wrap && detect_wrapped(s, cl, refs_from);

  /* 3. Emit. */
  for (size_t i = 0; i < n; i++) {
    enum kind k = cl[i].kind;
    if (k == K_BLANK || k == K_SKIP) continue;
    if (k == K_NOTICE) {
      if ((notice.len && rd_buf_putc(&notice, '\n')) || rd_buf_append(&notice, s + cl[i].a, cl[i].b - cl[i].a))
        goto done;
      continue;
    }
    if (i >= refs_from) {
      if (k == K_MARKER) continue; /* the list's heading (or a second one inside it) */
      size_t a = (k == K_MARKER_PREFIX) ? cl[i].rest : cl[i].a;
      if (push_ref(&v, s, a, cl[i].b)) goto done;
      continue;
    }
    /* Content. */
    size_t a = cl[i].a, b = cl[i].b;
    size_t j = i;
    if (wrapped && cl[i].hint == RD_GUESS) {
      while (j + 1 < refs_from && cl[j + 1].kind == K_CONTENT && cl[j + 1].hint == RD_GUESS)
        j++;
      b = cl[j].b;
    }
    parley_para_kind kind = PARLEY_PARA_BODY;
    if (cl[i].hint == RD_HEADING) {
      kind = PARLEY_PARA_HEADING;
    } else if (cl[i].hint == RD_GUESS && j == i && looks_like_heading(s, a, b)) {
      /* followed by body text (not by another heading-like line)? */
      for (size_t q = j + 1; q < refs_from; q++) {
        if (cl[q].kind == K_BLANK || cl[q].kind == K_SKIP || cl[q].kind == K_NOTICE) continue;
        if (cl[q].kind == K_CONTENT && cl[q].hint != RD_HEADING &&
            (cl[q].hint == RD_BODY || !looks_like_heading(s, cl[q].a, cl[q].b)))
          kind = PARLEY_PARA_HEADING;
        break;
      }
    }
    if (push_para(&v, a, b, kind)) goto done;
    i = j;
  }

  if (notice.len) {
    doc->notice = rd_buf_take(&notice);
    if (!doc->notice) goto done;
  }
  if (!doc->title && v.n_paras && v.paras[0].kind == PARLEY_PARA_HEADING) {
    doc->title = rd_strndup(s + v.paras[0].span.start, v.paras[0].span.end - v.paras[0].span.start);
    if (!doc->title) goto done;
  }
  doc->paras = v.paras, doc->n_paras = v.n_paras;
  doc->refs = v.refs, doc->n_refs = v.n_refs;
  v.paras = NULL, v.refs = NULL, v.n_refs = 0;
  status = PARLEY_OK;
done:
  if (status != PARLEY_OK) parley_error_set(err, status, doc->file, doc->line, "out of memory");
  for (size_t i = 0; i < v.n_refs; i++) {
    free(v.refs[i].outlet), free(v.refs[i].date), free(v.refs[i].headline);
  }
  free(v.refs);
  free(v.paras);
  rd_buf_free(&notice);
  free(cl);
  return status;
}
