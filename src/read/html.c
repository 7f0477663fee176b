/* html.c — an HTML page → one parley_doc, using the gumbo HTML5 parser.
 *
 * Part of the read stage. The document text is built from the page's blocks:
 * <h1>-<h6> (HEADING paragraphs), <p>, <li>, <blockquote>, <td>/<th>, and text
 * directly inside other block containers (<div>, <section>, ...); <br> also
 * starts a new block. Content of script, style, nav, footer, aside, noscript,
 * template, form controls, svg/math and elements with the hidden attribute is
 * skipped. White space is collapsed (a line break between two CJK characters
 * disappears, as browsers do); each non-empty block is one line of doc->text
 * and blocks are joined by "\n\n", so spans point into that extracted text.
 * The blocks then go through the scraped-news clean-up like text lines;
 * besides <h1>-<h6>, only a short block whose text is all bold (<p><strong>…)
 * can become a HEADING.
 * <title> (else og:title) → doc->title; article:published_time, meta date /
 * pubdate / datePublished, then the first <time datetime> → doc->date;
 * og:site_name → doc->source; canonical link (else og:url) → doc->url.
 *
 * gumbo has no nesting limit and is quadratic in the nesting depth, so a
 * cheap pre-scan estimates the depth and refuses pages nested deeper than
 * HTML_MAX_DEPTH; the tree is then walked without recursion. gumbo also keeps
 * the whole tree, about 400 bytes an element (50 MB of <b>x</b> took 2.6 GB),
 * so a page with more than HTML_MAX_TAGS tags is refused before parsing: a
 * long news page has tens of thousands. */
#include <ctype.h>
#include <gumbo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "read/internal.h"

#define HTML_MAX_DEPTH 1024
#define HTML_MAX_TAGS 1000000 /* start tags; at ~400 bytes each, gumbo's tree stays under ~400 MB */
#define SEARCH_CAP 256        /* how far the pre-scan looks down the open-element stack */

/* ---- the depth pre-scan ---------------------------------------------------------- */

static int is_void(GumboTag t) {
  switch (t) {
  case GUMBO_TAG_AREA:
  case GUMBO_TAG_BASE:
  case GUMBO_TAG_BR:
  case GUMBO_TAG_COL:
  case GUMBO_TAG_EMBED:
  case GUMBO_TAG_HR:
  case GUMBO_TAG_IMG:
  case GUMBO_TAG_IMAGE:
  case GUMBO_TAG_INPUT:
  case GUMBO_TAG_KEYGEN:
  case GUMBO_TAG_LINK:
  case GUMBO_TAG_META:
  case GUMBO_TAG_PARAM:
  case GUMBO_TAG_SOURCE:
  case GUMBO_TAG_TRACK:
  case GUMBO_TAG_WBR:
  case GUMBO_TAG_BASEFONT:
  case GUMBO_TAG_BGSOUND:
  case GUMBO_TAG_FRAME: return 1;
  default: return 0;
  }
}

static int is_raw_text(GumboTag t) {
  switch (t) {
  case GUMBO_TAG_SCRIPT:
  case GUMBO_TAG_STYLE:
  case GUMBO_TAG_TEXTAREA:
  case GUMBO_TAG_TITLE:
  case GUMBO_TAG_XMP:
  case GUMBO_TAG_IFRAME:
  case GUMBO_TAG_NOEMBED:
  case GUMBO_TAG_NOFRAMES:
  case GUMBO_TAG_NOSCRIPT:
  case GUMBO_TAG_PLAINTEXT: return 1;
  default: return 0;
  }
}

/* Start tags that close an open <p>. */
static int closes_p(GumboTag t) {
  switch (t) {
  case GUMBO_TAG_ADDRESS:
  case GUMBO_TAG_ARTICLE:
  case GUMBO_TAG_ASIDE:
  case GUMBO_TAG_BLOCKQUOTE:
  case GUMBO_TAG_CENTER:
  case GUMBO_TAG_DETAILS:
  case GUMBO_TAG_DIR:
  case GUMBO_TAG_DIV:
  case GUMBO_TAG_DL:
  case GUMBO_TAG_FIELDSET:
  case GUMBO_TAG_FIGCAPTION:
  case GUMBO_TAG_FIGURE:
  case GUMBO_TAG_FOOTER:
  case GUMBO_TAG_FORM:
  case GUMBO_TAG_H1:
  case GUMBO_TAG_H2:
  case GUMBO_TAG_H3:
  case GUMBO_TAG_H4:
  case GUMBO_TAG_H5:
  case GUMBO_TAG_H6:
  case GUMBO_TAG_HEADER:
  case GUMBO_TAG_HGROUP:
  case GUMBO_TAG_HR:
  case GUMBO_TAG_MAIN:
  case GUMBO_TAG_MENU:
  case GUMBO_TAG_NAV:
  case GUMBO_TAG_OL:
  case GUMBO_TAG_P:
  case GUMBO_TAG_PRE:
  case GUMBO_TAG_SECTION:
  case GUMBO_TAG_SUMMARY:
  case GUMBO_TAG_TABLE:
  case GUMBO_TAG_UL:
  case GUMBO_TAG_LI:
  case GUMBO_TAG_DD:
  case GUMBO_TAG_DT: return 1;
  default: return 0;
  }
}

/* Elements that stop the search for an implicitly closed li / dd / dt / td / tr. */
static int is_barrier(GumboTag t) {
  switch (t) {
  case GUMBO_TAG_UL:
  case GUMBO_TAG_OL:
  case GUMBO_TAG_DL:
  case GUMBO_TAG_TABLE:
  case GUMBO_TAG_TD:
  case GUMBO_TAG_TH:
  case GUMBO_TAG_BUTTON:
  case GUMBO_TAG_HTML:
  case GUMBO_TAG_BODY:
  case GUMBO_TAG_MENU:
  case GUMBO_TAG_SELECT:
  case GUMBO_TAG_SVG:
  case GUMBO_TAG_MATH: return 1;
  default: return 0;
  }
}

typedef struct scan {
  GumboTag stack[HTML_MAX_DEPTH + 1];
  size_t depth;
  size_t count[GUMBO_TAG_LAST + 1];
} scan;

static void pop_to(scan *sc, GumboTag t) { /* pops up to and including the nearest t */
  while (sc->depth) {
    GumboTag top = sc->stack[--sc->depth];
    sc->count[top]--;
    if (top == t) break;
  }
}

/* Finds t above the nearest barrier (within SEARCH_CAP frames); 1 if found. */
static int open_in_scope(const scan *sc, GumboTag t, int use_barrier) {
  if (!sc->count[t]) return 0;
  for (size_t i = sc->depth, n = 0; i-- > 0 && n < SEARCH_CAP; n++) {
    if (sc->stack[i] == t) return 1;
    if (use_barrier && is_barrier(sc->stack[i])) return 0;
  }
  return 0;
}

static size_t skip_to(const char *s, size_t len, size_t i, const char *lit) {
  size_t n = strlen(lit);
  while (i + n <= len) {
    const char *q = memchr(s + i, lit[0], len - i);
    if (!q || (size_t)(q - s) + n > len) return len;
    i = (size_t)(q - s);
    if (strncasecmp(s + i, lit, n) == 0) return i + n;
    i++;
  }
  return len;
}

/* 0 if the estimated nesting depth stays within HTML_MAX_DEPTH; else the
 * offset + 1 of the tag that went too deep. */
static size_t prescan_depth(const char *s, size_t len, scan *sc) {
  sc->depth = 0;
  memset(sc->count, 0, sizeof sc->count);
  size_t i = 0;
  while (i < len) {
    const char *lt = memchr(s + i, '<', len - i);
    if (!lt) break;
    size_t at = (size_t)(lt - s);
    i = at + 1;
    if (i >= len) break;
    if (s[i] == '!') {
      i = (len - i >= 3 && s[i + 1] == '-' && s[i + 2] == '-') ? skip_to(s, len, i + 3, "-->")
                                                               : skip_to(s, len, i, ">");
      continue;
    }
    if (s[i] == '?') {
      i = skip_to(s, len, i, ">");
      continue;
    }
    int end_tag = s[i] == '/';
    if (end_tag) i++;
    if (i >= len || !isalpha((unsigned char)s[i])) continue;
    char name[32];
    size_t n = 0;
    while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == ':' || s[i] == '_')) {
      if (n < sizeof name - 1) name[n++] = (char)tolower((unsigned char)s[i]);
      i++;
    }
    name[n] = '\0';
    GumboTag t = gumbo_tagn_enum(name, (unsigned)n);
    /* The rest of the tag, honouring quoted attribute values. */
    int self_closing = 0;
    char quote = 0;
    while (i < len) {
      char c = s[i];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        self_closing = i > at && s[i - 1] == '/';
        i++;
        break;
      }
      i++;
    }
    if (end_tag) {
      if (sc->count[t]) pop_to(sc, t);
      continue;
    }
    if (is_raw_text(t)) {
      char close[40];
      snprintf(close, sizeof close, "</%s", name);
      i = skip_to(s, len, i, close);
      continue;
    }
    if (is_void(t)) continue;
    if (self_closing &&
        (sc->count[GUMBO_TAG_SVG] || sc->count[GUMBO_TAG_MATH] || t == GUMBO_TAG_SVG || t == GUMBO_TAG_MATH))
      continue;
    if (closes_p(t) && open_in_scope(sc, GUMBO_TAG_P, 1)) pop_to(sc, GUMBO_TAG_P);
    switch (t) {
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_A:
    case GUMBO_TAG_NOBR:
      if (open_in_scope(sc, t, 1)) pop_to(sc, t);
      if ((t == GUMBO_TAG_DD || t == GUMBO_TAG_DT)) {
        GumboTag o = t == GUMBO_TAG_DD ? GUMBO_TAG_DT : GUMBO_TAG_DD;
        if (open_in_scope(sc, o, 1)) pop_to(sc, o);
      }
      if ((t == GUMBO_TAG_TD || t == GUMBO_TAG_TH)) {
        GumboTag o = t == GUMBO_TAG_TD ? GUMBO_TAG_TH : GUMBO_TAG_TD;
        if (open_in_scope(sc, o, 1)) pop_to(sc, o);
      }
      break;
    default: break;
    }
    if (sc->depth >= HTML_MAX_DEPTH) return at + 1;
    sc->stack[sc->depth++] = t;
    sc->count[t]++;
  }
  return 0;
}

/* ---- extraction ---------------------------------------------------------------------- */

typedef struct extract {
  rd_buf text;         /* blocks joined by "\n\n" */
  rd_buf cur;          /* the block being collected */
  int pending_space;   /* white space seen since the last character */
  int pending_newline; /* ... and it contained a line break */
  uint32_t last_cp;    /* last character of cur */
  int heading;         /* inside h1-h6 */
  int item;            /* inside li, td, th, dd, dt, caption: never a guessed heading */
  int bold;            /* inside b / strong */
  int plain;           /* the current block has text outside b / strong */
  rd_line *lines;
  size_t n_lines, cap_lines;
  char *title, *og_title, *source, *url, *og_url;
  char date[11];
  int date_rank; /* 0 none, 1 best */
  int failed;    /* out of memory */
} extract;

static void flush(extract *x) {
  if (x->failed) return;
  size_t a = 0, b = x->cur.len;
  if (b) rd_trim(x->cur.p, &a, &b);
  if (a < b) {
    if (x->n_lines == x->cap_lines) {
      size_t cap = x->cap_lines ? x->cap_lines * 2 : 32;
      rd_line *v = realloc(x->lines, cap * sizeof *v);
      if (!v) {
        x->failed = 1;
        return;
      }
      x->lines = v;
      x->cap_lines = cap;
    }
    if (x->text.len && rd_buf_append(&x->text, "\n\n", 2)) {
      x->failed = 1;
      return;
    }
    size_t start = x->text.len;
    if (rd_buf_append(&x->text, x->cur.p + a, b - a)) {
      x->failed = 1;
      return;
    }
    x->lines[x->n_lines++] = (rd_line){.span = {start, x->text.len},
                                       .hint = x->heading > 0            ? RD_HEADING
                                               : x->item > 0 || x->plain ? RD_BODY
                                                                         : RD_GUESS};
  }
  x->cur.len = 0;
  x->plain = 0;
  x->pending_space = x->pending_newline = 0;
  x->last_cp = 0;
}

static int is_html_space(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0;
}

/* Appends text with white space collapsed into b (used for blocks and <title>). */
static int append_collapsed(rd_buf *b, const char *s, size_t len, int *pending_space, int *pending_newline,
                            uint32_t *last_cp) {
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    size_t k = rd_utf8_next(s, len, i, &cp);
    if (is_html_space(cp)) {
      *pending_space = 1;
      if (cp == '\n' || cp == '\r') *pending_newline = 1;
      i += k;
      continue;
    }
    if (*pending_space && b->len) {
      int drop = *pending_newline && rd_is_cjk(*last_cp) && rd_is_cjk(cp);
      if (!drop && rd_buf_putc(b, ' ')) return -1;
    }
    *pending_space = *pending_newline = 0;
    /* copy the run of non-space characters; a byte that is not UTF-8 (gumbo
       passes some through, e.g. from a character reference beyond U+10FFFF)
       becomes U+FFFD, as HTML5 says, so the document text stays valid UTF-8 */
    size_t j = i;
    while (j < len) {
      uint32_t c2;
      size_t k2 = rd_utf8_next(s, len, j, &c2);
      if (j > i && is_html_space(c2)) break;
      *last_cp = c2;
      if (c2 == 0xFFFD && k2 == 1) {
        if (rd_buf_append(b, s + i, j - i) || rd_buf_append(b, "\xEF\xBF\xBD", 3)) return -1;
        i = j + 1;
      }
      j += k2;
    }
    if (rd_buf_append(b, s + i, j - i)) return -1;
    i = j;
  }
  return 0;
}

static int is_block(GumboTag t) {
  switch (t) {
  case GUMBO_TAG_ADDRESS:
  case GUMBO_TAG_ARTICLE:
  case GUMBO_TAG_BLOCKQUOTE:
  case GUMBO_TAG_BODY:
  case GUMBO_TAG_CAPTION:
  case GUMBO_TAG_CENTER:
  case GUMBO_TAG_DD:
  case GUMBO_TAG_DETAILS:
  case GUMBO_TAG_DIR:
  case GUMBO_TAG_DIV:
  case GUMBO_TAG_DL:
  case GUMBO_TAG_DT:
  case GUMBO_TAG_FIELDSET:
  case GUMBO_TAG_FIGCAPTION:
  case GUMBO_TAG_FIGURE:
  case GUMBO_TAG_FORM:
  case GUMBO_TAG_H1:
  case GUMBO_TAG_H2:
  case GUMBO_TAG_H3:
  case GUMBO_TAG_H4:
  case GUMBO_TAG_H5:
  case GUMBO_TAG_H6:
  case GUMBO_TAG_HEADER:
  case GUMBO_TAG_HGROUP:
  case GUMBO_TAG_HR:
  case GUMBO_TAG_HTML:
  case GUMBO_TAG_LEGEND:
  case GUMBO_TAG_LI:
  case GUMBO_TAG_MAIN:
  case GUMBO_TAG_MENU:
  case GUMBO_TAG_OL:
  case GUMBO_TAG_P:
  case GUMBO_TAG_PRE:
  case GUMBO_TAG_SECTION:
  case GUMBO_TAG_SUMMARY:
  case GUMBO_TAG_TABLE:
  case GUMBO_TAG_TBODY:
  case GUMBO_TAG_TD:
  case GUMBO_TAG_TFOOT:
  case GUMBO_TAG_TH:
  case GUMBO_TAG_THEAD:
  case GUMBO_TAG_TR:
  case GUMBO_TAG_UL:
  case GUMBO_TAG_BR: return 1;
  default: return 0;
  }
}

static int is_skipped(const GumboElement *e) {
  switch (e->tag) {
  case GUMBO_TAG_SCRIPT:
  case GUMBO_TAG_STYLE:
  case GUMBO_TAG_NAV:
  case GUMBO_TAG_FOOTER:
  case GUMBO_TAG_ASIDE:
  case GUMBO_TAG_NOSCRIPT:
  case GUMBO_TAG_TEMPLATE:
  case GUMBO_TAG_IFRAME:
  case GUMBO_TAG_SELECT:
  case GUMBO_TAG_TEXTAREA:
  case GUMBO_TAG_BUTTON:
  case GUMBO_TAG_SVG:
  case GUMBO_TAG_MATH:
  case GUMBO_TAG_OBJECT:
  case GUMBO_TAG_CANVAS:
  case GUMBO_TAG_AUDIO:
  case GUMBO_TAG_VIDEO:
  case GUMBO_TAG_MAP:
  case GUMBO_TAG_HEAD: /* <title> and <meta> are read separately */ return 1;
  default: break;
  }
  return gumbo_get_attribute(&e->attributes, "hidden") != NULL;
}

static int is_heading(GumboTag t) { return t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6; }

static int is_bold(GumboTag t) { return t == GUMBO_TAG_B || t == GUMBO_TAG_STRONG; }

static int has_visible(const char *s) {
  for (; *s; s++)
    if (!(*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f')) return 1;
  return 0;
}

static int is_item(GumboTag t) {
  return t == GUMBO_TAG_LI || t == GUMBO_TAG_TD || t == GUMBO_TAG_TH || t == GUMBO_TAG_DD || t == GUMBO_TAG_DT ||
         t == GUMBO_TAG_CAPTION || t == GUMBO_TAG_FIGCAPTION;
}

static const char *attr(const GumboElement *e, const char *name) {
  GumboAttribute *a = gumbo_get_attribute(&e->attributes, name);
  return a ? a->value : NULL;
}

static char *dup_collapsed(const char *s) {
  rd_buf b = {0};
  int ps = 0, pn = 0;
  uint32_t last = 0;
  if (append_collapsed(&b, s, strlen(s), &ps, &pn, &last)) {
    rd_buf_free(&b);
    return NULL;
  }
  if (b.len == 0) {
    rd_buf_free(&b);
    return NULL;
  }
  return rd_buf_take(&b);
}

static void set_date(extract *x, const char *value, int rank) {
  if (!value || (x->date_rank && x->date_rank <= rank)) return;
  char d[11];
  size_t ds, de, n = strlen(value);
  if (rd_iso_date(value, n, d) == 0 || (n <= 64 && rd_find_date(value, n, d, &ds, &de))) {
    memcpy(x->date, d, sizeof d);
    x->date_rank = rank;
  }
}

static void set_str(extract *x, char **slot, const char *value) {
  if (*slot || !value) return;
  *slot = dup_collapsed(value);
}

/* <meta>, <link>, <title>, <time>: metadata wherever they are. */
static void metadata(extract *x, const GumboNode *node, int in_text) {
  const GumboElement *e = &node->v.element;
  if (e->tag_namespace != GUMBO_NAMESPACE_HTML) return;
  switch (e->tag) {
  case GUMBO_TAG_TITLE:
    if (!x->title && e->children.length) {
      rd_buf b = {0};
      int ps = 0, pn = 0;
      uint32_t last = 0;
      for (unsigned i = 0; i < e->children.length; i++) {
        const GumboNode *c = e->children.data[i];
        if ((c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE) &&
            append_collapsed(&b, c->v.text.text, strlen(c->v.text.text), &ps, &pn, &last))
          x->failed = 1;
      }
      if (b.len)
        x->title = rd_buf_take(&b);
      else
        rd_buf_free(&b);
    }
    break;
  case GUMBO_TAG_META: {
    const char *key = attr(e, "property");
    if (!key) key = attr(e, "name");
    if (!key) key = attr(e, "itemprop");
    const char *content = attr(e, "content");
    if (!key || !content) break;
    if (strcasecmp(key, "article:published_time") == 0 || strcasecmp(key, "og:published_time") == 0)
      set_date(x, content, 1);
    else if (strcasecmp(key, "date") == 0 || strcasecmp(key, "pubdate") == 0 || strcasecmp(key, "publishdate") == 0 ||
             strcasecmp(key, "publish-date") == 0 || strcasecmp(key, "publication_date") == 0 ||
             strcasecmp(key, "datePublished") == 0 || strcasecmp(key, "dc.date") == 0 ||
             strcasecmp(key, "dc.date.issued") == 0 || strcasecmp(key, "parsely-pub-date") == 0 ||
             strcasecmp(key, "sailthru.date") == 0)
      set_date(x, content, 2);
    else if (strcasecmp(key, "og:site_name") == 0)
      set_str(x, &x->source, content);
    else if (strcasecmp(key, "og:url") == 0)
      set_str(x, &x->og_url, content);
    else if (strcasecmp(key, "og:title") == 0)
      set_str(x, &x->og_title, content);
    break;
  }
  case GUMBO_TAG_LINK: {
    const char *rel = attr(e, "rel");
    if (rel && strcasecmp(rel, "canonical") == 0) set_str(x, &x->url, attr(e, "href"));
    break;
  }
  case GUMBO_TAG_TIME: /* not in nav / aside / footer, where dates belong to other articles */
    if (in_text) set_date(x, attr(e, "datetime"), 3);
    break;
  default: break;
  }
}

typedef struct frame {
  const GumboNode *node;
  unsigned next; /* next child to visit */
  int text;      /* 1: collect text below; 0: metadata only (head, skipped elements) */
} frame;

static void walk(extract *x, const GumboNode *root) {
  size_t cap = 64, depth = 0;
  frame *st = malloc(cap * sizeof *st);
  if (!st) {
    x->failed = 1;
    return;
  }
  st[depth++] = (frame){root, 0, 1};
  while (depth && !x->failed) {
    frame *f = &st[depth - 1];
    const GumboNode *node = f->node;
    const GumboVector *children =
        node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children : &node->v.element.children;
    if (f->next >= children->length) { /* leave */
      if (node->type == GUMBO_NODE_ELEMENT && f->text) {
        GumboTag t = node->v.element.tag;
        if (is_block(t)) flush(x);
        if (is_heading(t)) x->heading--;
        if (is_item(t)) x->item--;
        if (is_bold(t)) x->bold--;
      }
      depth--;
      continue;
    }
    const GumboNode *c = children->data[f->next++];
    int text = f->text;
    switch (c->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_WHITESPACE:
    case GUMBO_NODE_CDATA:
      if (text && !x->bold && has_visible(c->v.text.text)) x->plain = 1;
      if (text && append_collapsed(&x->cur, c->v.text.text, strlen(c->v.text.text), &x->pending_space,
                                   &x->pending_newline, &x->last_cp))
        x->failed = 1;
      break;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE: {
      metadata(x, c, text);
      int child_text = text && c->type == GUMBO_NODE_ELEMENT && !is_skipped(&c->v.element);
      if (child_text) {
        GumboTag t = c->v.element.tag;
        if (is_block(t)) flush(x);
        if (is_heading(t)) x->heading++;
        if (is_item(t)) x->item++;
        if (is_bold(t)) x->bold++;
      } else if (text && c->v.element.tag != GUMBO_TAG_HEAD) {
        /* a skipped element separates the text around it */
        x->pending_space = 1;
      }
      if (!c->v.element.children.length) {
        if (child_text) {
          GumboTag t = c->v.element.tag;
          if (is_block(t)) flush(x);
          if (is_heading(t)) x->heading--;
          if (is_item(t)) x->item--;
          if (is_bold(t)) x->bold--;
        }
        break;
      }
      if (depth == cap) {
        frame *ns = realloc(st, cap * 2 * sizeof *st);
        if (!ns) {
          x->failed = 1;
          break;
        }
        st = ns;
        cap *= 2;
      }
      st[depth++] = (frame){c, 0, child_text};
      break;
    }
    default: break;
    }
  }
  free(st);
  flush(x);
}

static void extract_free(extract *x) {
  rd_buf_free(&x->text);
  rd_buf_free(&x->cur);
  free(x->lines);
  free(x->title);
  free(x->og_title);
  free(x->source);
  free(x->url);
  free(x->og_url);
}

int rd_doc_from_html(const char *html, size_t len, const char *file, const char *name, const parley_read_options *opt,
                     parley_doc **out, parley_error *err) {
  *out = NULL;
  scan *sc = malloc(sizeof *sc);
  if (!sc) return parley_error_set(err, PARLEY_ENOMEM, file, 0, "out of memory");
  size_t deep = prescan_depth(html, len, sc);
  free(sc);
  if (deep) {
    long line = 1;
    for (size_t i = 0; i + 1 < deep; i++)
      line += html[i] == '\n';
    parley_error_set(err, PARLEY_EFORMAT, file, line,
                     "HTML is nested too deeply (more than %d open elements at byte %zu)", HTML_MAX_DEPTH, deep - 1);
    if (err) err->offset = (long long)(deep - 1);
    return PARLEY_EFORMAT;
  }

  size_t tags = 0;
  for (size_t i = 0; i + 1 < len; i++) {
    if (html[i] != '<' || !isalpha((unsigned char)html[i + 1])) continue;
    if (++tags > HTML_MAX_TAGS) {
      long line = 1;
      for (size_t k = 0; k < i; k++)
        line += html[k] == '\n';
      parley_error_set(err, PARLEY_EFORMAT, file, line,
                       "HTML has more than %d tags (at byte %zu): too large for the HTML reader; "
                       "extract its text and read that instead",
                       HTML_MAX_TAGS, i);
      if (err) err->offset = (long long)i;
      return PARLEY_EFORMAT;
    }
  }

  GumboOptions gopt = kGumboDefaultOptions;
  gopt.max_errors = 0; /* parse errors are not used; recording them costs memory */
  GumboOutput *g = gumbo_parse_with_options(&gopt, html, len);
  if (!g) return parley_error_set(err, PARLEY_ENOMEM, file, 0, "out of memory parsing HTML");
  extract x;
  memset(&x, 0, sizeof x);
  walk(&x, g->document);
  gumbo_destroy_output(&gopt, g);
  if (x.failed) {
    extract_free(&x);
    return parley_error_set(err, PARLEY_ENOMEM, file, 0, "out of memory");
  }
  if (x.n_lines == 0) {
    extract_free(&x);
    return parley_error_set(err, PARLEY_EFORMAT, file, 0, "empty document (no text in the HTML)");
  }
  size_t text_len = x.text.len;
  char *text = rd_buf_take(&x.text);
  parley_doc *doc = text ? rd_doc_new(text, text_len, file, name, 1) : NULL;
  if (!doc) {
    extract_free(&x);
    return parley_error_set(err, PARLEY_ENOMEM, file, 0, "out of memory");
  }
  doc->title = x.title ? x.title : x.og_title;
  if (x.title) free(x.og_title);
  x.title = x.og_title = NULL;
  doc->source = x.source;
  x.source = NULL;
  doc->url = x.url ? x.url : x.og_url;
  if (x.url) free(x.og_url);
  x.url = x.og_url = NULL;
  if (x.date_rank && !(doc->date = rd_strdup(x.date))) {
    extract_free(&x);
    parley_doc_free(doc);
    return parley_error_set(err, PARLEY_ENOMEM, file, 0, "out of memory");
  }
  int st = rd_doc_complete(doc, x.lines, x.n_lines, 0, opt, NULL, out, err);
  extract_free(&x);
  return st;
}
