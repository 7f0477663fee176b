/* sentences.c — splitting paragraphs into sentences (Chinese and English rules).
 *
 * Part of the read stage. One forward pass per paragraph, linear time:
 *  - Chinese: a sentence ends after 。！？；｡‼ (and … / …… next to CJK text),
 *    together with any further terminals and the closing quotes / brackets that
 *    follow (”’」』）】》"').
 *  - ASCII ! ? ; end a sentence when CJK text follows.
 *  - English: . ! ? (plus closing quotes) followed by white space and an upper-
 *    case letter, a digit, an opening quote/bracket or CJK. A period does not
 *    end a sentence after titles and other abbreviations (Mr. Gen. vs. e.g.),
 *    nor after "No." / "Vol." / "Art." before a number; after abbreviations
 *    that can also end a sentence (U.S. Inc. Jr. etc. a.m., months, single
 *    initials like "W.") only when the next word is a common sentence opener
 *    ("The", "He", ...). "..." never ends an English
 *    sentence; decimals (3.5) and URLs do not, as no white space follows.
 *  - A stretch without any boundary is cut into pieces of at most
 *    PARLEY_SENTENCE_MAX_BYTES, at white space or a comma in the second half of
 *    the window when there is one.
 * Spans are trimmed of white space; pieces without any letter or digit are dropped. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "read/internal.h"

static int is_zh_terminal(uint32_t cp) {
  return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B || cp == 0xFF61 || cp == 0x203C || cp == 0x2047 ||
         cp == 0x2048 || cp == 0x2049;
}

static int is_closer(uint32_t cp) {
  switch (cp) {
  case '"':
  case '\'':
  case ')':
  case ']':
  case 0x201D: /* ” */
  case 0x2019: /* ’ */
  case 0x00BB: /* » */
  case 0x300D: /* 」 */
  case 0x300F: /* 』 */
  case 0xFF09: /* ） */
  case 0x3011: /* 】 */
  case 0x300B: /* 》 */
  case 0x3009: /* 〉 */
  case 0x3015: /* 〕 */
  case 0x3017: /* 〗 */
  case 0xFF02: /* ＂ */
  case 0xFF07: /* ＇ */ return 1;
  default: return 0;
  }
}

static int is_opener(uint32_t cp) {
  switch (cp) {
  case '"':
  case '\'':
  case '(':
  case '[':
  case 0x201C: /* “ */
  case 0x2018: /* ‘ */
  case 0x00AB: /* « */
  case 0x300C: /* 「 */
  case 0x300E: /* 『 */
  case 0xFF08: /* （ */
  case 0x3010: /* 【 */
  case 0x300A: /* 《 */ return 1;
  default: return 0;
  }
}

static int is_upper(uint32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

/* ---- abbreviations ---------------------------------------------------------- */

enum abbr { AB_NONE, AB_NEVER, AB_CAN_END };

/* Never end a sentence: titles, "vs.", "e.g.". */
static const char *const never_end[] = {"Mr",   "Mrs",  "Ms",     "Dr",     "Prof", "Gen",  "Col",  "Lt",   "Sgt",
                                        "Gov",  "Sen",  "Rep",    "Capt",   "Maj",  "Adm",  "Cmdr", "Brig", "Rev",
                                        "Hon",  "Pres", "Gens",   "Sens",   "Reps", "Amb",  "Cpl",  "Pvt",  "Supt",
                                        "Insp", "Det",  "Messrs", "Mme",    "Mt",   "Ft",   "vs",   "v",    "cf",
                                        "e.g",  "i.e",  "viz",    "approx", "Dept", "Univ", "Assn", "est"};

/* Abbreviations only before a number: "No. 5", "Vol. 3", "Art. 51". */
static const char *const before_number[] = {"No", "Nos", "Vol", "Art", "Sec", "Fig", "Ch", "pp", "p"};

/* May end a sentence; then only before a common sentence opener. */
static const char *const can_end[] = {"Jr",  "Sr",  "Inc",  "Corp", "Co",   "Ltd",  "etc", "St",  "Bros", "al",
                                      "LLC", "PLC", "Blvd", "Rd",   "Ave",  "Govt", "Jan", "Feb", "Mar",  "Apr",
                                      "Jun", "Jul", "Aug",  "Sep",  "Sept", "Oct",  "Nov", "Dec"};

static const char *const openers[] = {
    "The",   "A",    "An",      "He",        "She",    "It",        "They",      "We",      "I",        "You",
    "But",   "And",  "Or",      "So",        "Yet",    "In",        "On",        "At",      "As",       "For",
    "From",  "By",   "With",    "After",     "Before", "When",      "While",     "If",      "Although", "Though",
    "This",  "That", "These",   "Those",     "His",    "Her",       "Its",       "Their",   "Our",      "My",
    "There", "Here", "However", "Meanwhile", "Also",   "Still",     "Now",       "Then",    "Some",     "Many",
    "Most",  "All",  "Both",    "Each",      "Such",   "Officials", "According", "Earlier", "Later",    "Last",
    "Mr",    "Mrs",  "Ms",      "Dr",        "What",   "Why",       "How",       "Who",     "Where",    "Despite"};

static int in_list(const char *s, size_t n, const char *const *list, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0) return 1;
  return 0;
}

static int is_ascii_letter(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* Classifies the word before the period at dot (letters and inner dots);
 * next is the first character after the period and any white space. */
static enum abbr abbreviation(const char *t, size_t s0, size_t dot, uint32_t next) {
  size_t ts = dot;
  while (ts > s0 && dot - ts < 24 && (is_ascii_letter(t[ts - 1]) || t[ts - 1] == '.'))
    ts--;
  while (ts < dot && t[ts] == '.')
    ts++;
  if (ts == dot) return AB_NONE;
  /* A word glued to a digit or to other Latin letters ("3rd", "Café") is not an abbreviation. */
  if (ts > s0) {
    uint32_t prev;
    rd_utf8_prev(t, s0, ts, &prev);
    if ((prev >= '0' && prev <= '9') || rd_is_latin_letter(prev)) return AB_NONE;
  }
  const char *w = t + ts;
  size_t n = dot - ts;
  if (in_list(w, n, never_end, sizeof never_end / sizeof never_end[0])) return AB_NEVER;
  if (in_list(w, n, before_number, sizeof before_number / sizeof before_number[0]))
    return next >= '0' && next <= '9' ? AB_NEVER : AB_NONE;
  if (in_list(w, n, can_end, sizeof can_end / sizeof can_end[0])) return AB_CAN_END;
  if (n == 1 && w[0] >= 'A' && w[0] <= 'Z') return AB_CAN_END; /* initial: "George W. Bush" */
  /* Initialisms: single letters separated by dots — U.S, U.K, U.N, E.U, a.m, p.m, D.C */
  if (n >= 3 && n % 2 == 1) {
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++)
      ok = (i % 2 == 0) ? is_ascii_letter(w[i]) : w[i] == '.';
    if (ok) return AB_CAN_END;
  }
  return AB_NONE;
}

static int next_word_is_opener(const char *t, size_t r, size_t end) {
  size_t e = r;
  while (e < end && e - r < 16 && is_ascii_letter(t[e]))
    e++;
  return in_list(t + r, e - r, openers, sizeof openers / sizeof openers[0]);
}

static int all_digits_before(const char *t, size_t s0, size_t dot) {
  size_t i = dot;
  while (i > s0 && t[i - 1] >= '0' && t[i - 1] <= '9')
    i--;
  if (i == dot) return 0;
  return i == s0 || !is_ascii_letter(t[i - 1]);
}

/* ---- the splitter ---------------------------------------------------------------- */

static int emit(rd_sentvec *out, const char *t, size_t a, size_t b, size_t index) {
  rd_trim(t, &a, &b);
  if (a >= b || !rd_has_alnum(t, a, b)) return 0;
  if (out->n == out->cap) {
    size_t cap = out->cap ? out->cap * 2 : 64;
    parley_sentence *v = realloc(out->v, cap * sizeof *v);
    if (!v) return PARLEY_ENOMEM;
    out->v = v;
    out->cap = cap;
  }
  parley_sentence *s = &out->v[out->n++];
  memset(s, 0, sizeof *s);
  s->span.start = a;
  s->span.end = b;
  s->paragraph = index;
  return 0;
}

/* Where to cut an over-long stretch [s0, p): after the last white space or
 * comma in the second half of the window, else at the window's end. */
static size_t cut_point(const char *t, size_t s0, size_t p) {
  size_t limit = p - s0 > PARLEY_SENTENCE_MAX_BYTES ? s0 + PARLEY_SENTENCE_MAX_BYTES : p;
  while (limit > s0 && ((unsigned char)t[limit] & 0xC0) == 0x80)
    limit--;
  size_t floor = s0 + PARLEY_SENTENCE_MAX_BYTES / 2;
  for (size_t q = limit; q > floor; q--) {
    unsigned char c = (unsigned char)t[q - 1];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';') return q;
    if (q - floor >= 3 && c >= 0x80) {
      const unsigned char *u = (const unsigned char *)t + q - 3;
      if ((u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8C) ||                 /* ， */
          (u[0] == 0xE3 && u[1] == 0x80 && (u[2] == 0x80 || u[2] == 0x81))) /* U+3000, 、 */
        return q;
    }
  }
  return limit > s0 ? limit : p;
}

static size_t absorb_closers(const char *t, size_t end, size_t q) {
  while (q < end) {
    uint32_t cp;
    size_t k = rd_utf8_next(t, end, q, &cp);
    if (!is_closer(cp)) break;
    q += k;
  }
  return q;
}

static size_t skip_space(const char *t, size_t end, size_t q) {
  while (q < end) {
    uint32_t cp;
    size_t k = rd_utf8_next(t, end, q, &cp);
    if (!rd_is_space(cp)) break;
    q += k;
  }
  return q;
}

int rd_split_paragraph(const char *t, parley_span para, size_t index, rd_sentvec *out) {
  size_t end = para.end, s0 = para.start, p = para.start;
  while (p < end) {
    if (p - s0 >= PARLEY_SENTENCE_MAX_BYTES) {
      size_t c = cut_point(t, s0, p);
      if (emit(out, t, s0, c, index)) return PARLEY_ENOMEM;
      s0 = c;
      continue;
    }
    uint32_t cp;
    size_t k = rd_utf8_next(t, end, p, &cp);
    if (is_zh_terminal(cp) || cp == 0x2026) {
      size_t q = p + k;
      int ell = cp == 0x2026;
      for (;;) { /* further terminals: "？！", "……", "。。" */
        if (q >= end) break;
        uint32_t c2;
        size_t k2 = rd_utf8_next(t, end, q, &c2);
        if (!(is_zh_terminal(c2) || c2 == 0x2026 || c2 == '!' || c2 == '?' || c2 == '.')) break;
        if (!(c2 == 0x2026 || c2 == '.')) ell = 0;
        q += k2;
      }
      q = absorb_closers(t, end, q);
      if (ell) {
        /* An ellipsis ends a sentence only in CJK context. */
        uint32_t before = 0, after = 0;
        if (p > s0) rd_utf8_prev(t, s0, p, &before);
        size_t r = skip_space(t, end, q);
        if (r < end) rd_utf8_next(t, end, r, &after);
        if (!(rd_is_han(before) || rd_is_cjk(after))) {
          p = q;
          continue;
        }
      }
      if (emit(out, t, s0, q, index)) return PARLEY_ENOMEM;
      s0 = p = q;
      continue;
    }
    if (cp == '.' || cp == '!' || cp == '?' || cp == ';') {
      size_t q = p + 1;
      while (q < end && (t[q] == '.' || t[q] == '!' || t[q] == '?'))
        q++;
      int ell = cp == '.' && q - p >= 2 && t[p + 1] == '.';
      int plain_period = cp == '.' && q == p + 1;
      q = absorb_closers(t, end, q);
      size_t r = skip_space(t, end, q);
      if (r >= end) {
        p = q;
        continue;
      }
      int ws = r > q;
      uint32_t nx;
      rd_utf8_next(t, end, r, &nx);
      int boundary = 0;
      if (rd_is_cjk(nx) || (!ws && (nx == 0x201C || nx == 0x2018))) {
        if (plain_period)
          boundary = abbreviation(t, s0, p, nx) == AB_NONE && !all_digits_before(t, s0, p);
        else
          boundary = cp != '.' || ell;
      } else if (cp != ';' && ws && !ell && (is_upper(nx) || (nx >= '0' && nx <= '9') || is_opener(nx))) {
        if (plain_period) {
          enum abbr ab = abbreviation(t, s0, p, nx);
          boundary = ab == AB_NONE || (ab == AB_CAN_END && next_word_is_opener(t, r, end));
        } else {
          boundary = 1;
        }
      }
      if (boundary) {
        if (emit(out, t, s0, q, index)) return PARLEY_ENOMEM;
        s0 = q;
        p = r;
      } else {
        p = q;
      }
      continue;
    }
    p += k;
  }
  while (end - s0 > PARLEY_SENTENCE_MAX_BYTES) {
    size_t c = cut_point(t, s0, end);
    if (emit(out, t, s0, c, index)) return PARLEY_ENOMEM;
    s0 = c;
  }
  if (emit(out, t, s0, end, index)) return PARLEY_ENOMEM;
  return PARLEY_OK;
}

int parley_doc_sentences(const parley_doc *doc, parley_sentence **out, size_t *n, parley_error *err) {
  if (!out || !n) return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "parley_doc_sentences: NULL argument");
  *out = NULL;
  *n = 0;
  if (!doc) return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "parley_doc_sentences: NULL document");
  rd_sentvec v = {0};
  for (size_t i = 0; i < doc->n_paras; i++) {
    if (rd_split_paragraph(doc->text, doc->paras[i].span, i, &v) != PARLEY_OK) {
      free(v.v);
      return parley_error_set(err, PARLEY_ENOMEM, doc->file, doc->line, "out of memory splitting sentences");
    }
  }
  const char *fallback =
      doc->lang && (strcmp(doc->lang, "zh") == 0 || strcmp(doc->lang, "en") == 0) ? doc->lang : "und";
  for (size_t i = 0; i < v.n; i++) {
    parley_sentence *s = &v.v[i];
    const char *l = parley_detect_lang(doc->text + s->span.start, s->span.end - s->span.start);
    if (strcmp(l, "und") == 0) l = fallback;
    memcpy(s->lang, l, strlen(l) + 1);
  }
  *out = v.v;
  *n = v.n;
  return PARLEY_OK;
}
