#define _GNU_SOURCE 1 /* memmem */
/* coder.c — stage 2 (code): from a document's sentences to sourced events.
 *
 * For each sentence: normalise it, scan it once with the dictionary
 * automaton, turn name hits into actor mentions (longest match wins; country
 * + title + name becomes one person; "A与B", "英、法、德", "俄美" become
 * compound mentions; 双方 / "both sides" the pair last mentioned; 他 / "he"
 * the last person), find its dates, then try every verb pattern whose first
 * literal occurs, binding S and T to mentions. The most specific pattern wins
 * where patterns compete for the same words; negated triggers are dropped.
 * Reporting cues turn the events after them into claims by the speaker
 * (asserts), and denial / doubt cues attach to the latest claimed event.
 * Every decision can be printed with the explain callback. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code/dates.h"
#include "code/dict.h"

#define MAXMEM 8
#define MAXDATES 32
#define SLOT_GAP 12     /* bytes allowed between a literal and its slot */
#define GAP_CHARS 24    /* characters a ~ may span */
#define GAP_CHARS_EN 40 /* between two English literals ("agreed to an immediate and unconditional ceasefire") */
#define NEG_WINDOW 9    /* bytes before a trigger where a negation counts */
#define CARRY_SENTENCES 3

enum { MK_ACTOR = 0, MK_PERSON, MK_PLACE, MK_TITLE, MK_GROUP, MK_DEAD };

typedef struct member {
  long actor;         /* dict actor index, or -1 when `fixed` holds the actor */
  parley_actor fixed; /* for people the text introduced */
  char agent[4];      /* agent added to a country code (GOV from a title) */
} member;

typedef struct mention {
  size_t start, end; /* normalised sentence offsets */
  uint8_t kind;
  uint8_t used_as_title;
  int nmem;
  member mem[MAXMEM];
} mention;

typedef struct hit {
  uint32_t key;
  uint32_t start, end;
} hit;

typedef struct local_name {
  char norm[96];
  size_t len;
  member m;
} local_name;

typedef struct cue_hit {
  uint8_t cls;
  size_t start, end;
} cue_hit;

typedef struct buf {
  char *p;
  size_t n, cap;
} buf;

struct parley_coder {
  const parley_dict *d;
  parley_code_options opt;
  parley_code_stats stats;
  /* per-sentence scratch, reused */
  hit *hits;
  size_t nhits, caphits;
  mention *ments; /* raw mentions [0, nraw), then compounds [nraw, nments) */
  size_t nments, capments, nraw;
  long *grp_first, *grp_last; /* per raw mention: the compound it starts / ends, or -1 */
  size_t capgrp;
  size_t *rel_marks, nrel, caprel; /* ", who " … positions in the sentence (en) */
  size_t *commas, ncommas, capcommas;
  cue_hit *cues;
  size_t ncues, capcues;
  const hit *aux_hit; /* passive_aux memo for the hit tried last (patterns share triggers) */
  size_t aux_end, aux_val;
  /* per-document state */
  local_name *locals;
  size_t nlocals, caplocals;
};

typedef struct candidate {
  const pd_pattern *p;
  long s, t;         /* mention indexes, -1 none */
  size_t start, end; /* normalised span of the match */
  size_t first_lit;  /* start of the first literal hit */
  size_t last_lit;   /* start of the last literal hit */
  size_t last_lit_end;
  size_t anchor; /* where the trigger is, for dates */
} candidate;

/* ------------------------------------------------------------------ helpers */

static int grow(void **p, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return 0;
  size_t n = *cap ? *cap * 2 : 32;
  while (n < need)
    n *= 2;
  void *q = realloc(*p, n * elem);
  if (!q) return -1;
  *p = q;
  *cap = n;
  return 0;
}

static void explain(parley_coder *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void explain(parley_coder *c, const char *fmt, ...) {
  if (!c->opt.explain) return;
  char line[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  c->opt.explain(c->opt.explain_ctx, line);
}

/* Copies original text [a, b) into out, at most n-1 bytes, not splitting UTF-8. */
static void copy_text(const char *text, size_t a, size_t b, char *out, size_t n) {
  size_t len = b > a ? b - a : 0;
  if (len >= n) {
    len = n - 1;
    while (len > 0 && ((unsigned char)text[a + len] & 0xC0) == 0x80)
      len--;
  }
  memcpy(out, text + a, len);
  out[len] = '\0';
}

static size_t utf8_chars(const char *s, size_t a, size_t b) {
  size_t n = 0;
  for (size_t i = a; i < b; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
  return n;
}

static int is_clause_break(const char *s, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c == ',' || c == ';' || c == ':' || c == '!' || c == '?') return 1;
  /* 。 E3 80 82 */
  if (c == 0xE3 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x82) return 1;
  return 0;
}

static int has_clause_break(const char *s, size_t a, size_t b) {
  for (size_t i = a; i < b; i++)
    if (is_clause_break(s, i)) return 1;
  return 0;
}

/* Only white space between a and b? */
static int only_space(const char *s, size_t a, size_t b) {
  for (size_t i = a; i < b; i++)
    if (s[i] != ' ') return 0;
  return 1;
}

/* Is [a, b) an English possessive ending: "'s " or "’s " (then spaces)? */
static int possessive(const char *s, size_t a, size_t b) {
  size_t i = a;
  if (i + 2 <= b && s[i] == '\'' && s[i + 1] == 's')
    i += 2;
  else if (i + 4 <= b && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
           (unsigned char)s[i + 2] == 0x99 && s[i + 3] == 's')
    i += 4;
  else
    return 0;
  return i < b && only_space(s, i, b);
}

/* English text between a slot's actor and the next literal that keeps them
 * together: spaces, commas, quotes, brackets and the possessive ("India's
 * claims") — no other word. */
static int slot_glue(const char *s, size_t a, size_t b) {
  for (size_t i = a; i < b; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == ' ' || ch == ',' || ch == '"' || ch == '(' || ch == ')') continue;
    if (ch == '\'' && i + 1 < b && s[i + 1] == 's') {
      i++;
      continue;
    }
    if (ch == 0xE2 && i + 3 < b && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99 &&
        s[i + 3] == 's') {
      i += 3;
      continue;
    }
    return 0;
  }
  return 1;
}

/* Does a hit [start, end) of key stand at word boundaries (for keys that begin
 * or end with an ASCII letter or digit)? With prefix, the end may run on. */
static int word_ok(const char *t, size_t len, size_t start, size_t end, int prefix) {
  if (pd_isalnum((unsigned char)t[start]) && start > 0 && pd_isalnum((unsigned char)t[start - 1])) return 0;
  if (!prefix && pd_isalnum((unsigned char)t[end - 1]) && end < len && pd_isalnum((unsigned char)t[end])) return 0;
  return 1;
}

/* End of the word that starts a prefix match at `end`. */
static size_t word_end(const char *t, size_t len, size_t end) {
  while (end < len && pd_isalnum((unsigned char)t[end]))
    end++;
  return end;
}

/* ------------------------------------------------------------------ actors */

static int resolve_member(const parley_dict *d, const member *m, parley_ymd date, parley_actor *out) {
  memset(out, 0, sizeof *out);
  if (m->actor < 0) {
    *out = m->fixed;
    return out->code[0] != 0;
  }
  const pd_actor *a = &d->actors[m->actor];
  snprintf(out->name, sizeof out->name, "%s", a->name ? a->name : a->code);
  switch (a->kind) {
  case PD_PERSON: {
    const pd_role *r = pd_person_role(a, date);
    if (!r) return 0;
    snprintf(out->code, sizeof out->code, "%s", r->code);
    snprintf(out->country, sizeof out->country, "%s", r->country);
    return 1;
  }
  case PD_PLACE:
    snprintf(out->code, sizeof out->code, "%s", a->code);
    snprintf(out->country, sizeof out->country, "%s", a->country);
    return 1;
  case PD_TITLE: return 0;
  default:
    snprintf(out->country, sizeof out->country, "%s", a->country);
    if (m->agent[0] && strlen(a->code) == 3)
      snprintf(out->code, sizeof out->code, "%s%s", a->code, m->agent);
    else
      snprintf(out->code, sizeof out->code, "%s", a->code);
    return 1;
  }
}

static int member_is_person(const parley_dict *d, const member *m) {
  if (m->actor < 0) return 1; /* only people are introduced by the text */
  return d->actors[m->actor].kind == PD_PERSON;
}

static int member_same(const member *a, const member *b) {
  if (a->actor != b->actor) return 0;
  if (a->actor < 0) return !strcmp(a->fixed.code, b->fixed.code) && !strcmp(a->fixed.name, b->fixed.name);
  return !strcmp(a->agent, b->agent);
}

/* ---------------------------------------------------------- per-doc state */

typedef struct docstate {
  const parley_doc *doc;
  parley_date_ctx dctx;
  long last_date_sentence; /* sentence index where dctx.last was set */
  member pair[2];
  int have_pair;
  member person;
  int have_person;
  int person_ambiguous; /* the last sentence naming people named several */
  long person_sentence;
  mention topic;
  int have_topic;
  long topic_sentence;
  parley_events *out;
  size_t cap;
  long n;
  /* events reported by their own source ("Russia's defence ministry said
     its forces captured …"): no claim, unless someone denies or doubts them */
  struct self_report {
    size_t ev;
    parley_actor who;
    parley_span span;
    long sentence;
  } * self;
  size_t nself, capself;
} docstate;

/* -------------------------------------------------------------- the scan */

typedef struct scanctx {
  parley_coder *c;
  const char *text;
  size_t len;
  int oom;
} scanctx;

static void on_hit(void *vctx, uint32_t key, size_t start, size_t end) {
  scanctx *s = vctx;
  parley_coder *c = s->c;
  c->stats.steps++;
  if (grow((void **)&c->hits, &c->caphits, c->nhits + 1, sizeof *c->hits)) {
    s->oom = 1;
    return;
  }
  c->hits[c->nhits++] = (hit){key, (uint32_t)start, (uint32_t)end};
}

static int hit_cmp(const void *a, const void *b) {
  const hit *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  if (x->end != y->end) return x->end > y->end ? -1 : 1;
  return x->key < y->key ? -1 : x->key > y->key ? 1 : 0;
}

/* Bytes of the character that starts at i. */
static size_t char_len(const char *t, size_t i) {
  unsigned char b = (unsigned char)t[i];
  return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

static int is_han(const char *t, size_t i);
static size_t cue_from(const parley_coder *c, size_t pos);
static size_t hit_from(const parley_coder *c, size_t pos);

/* Is there a name hit of an abbreviation (or any single-char name) at [i, ...)? */
static int abbr_at(const parley_dict *d, const hit *hits, size_t nh, size_t pos, int before, int titles) {
  /* hits are sorted by start; names of one character are at most 4 bytes, titles longer: look
   * at the hits starting within 64 bytes before pos (for before) or at pos */
  size_t from = before ? (pos > 64 ? pos - 64 : 0) : pos;
  size_t lo = 0, hi = nh;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (hits[mid].start < from)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t h = lo; h < nh && hits[h].start <= pos; h++) {
    const hit *x = &hits[h];
    if ((before && x->end != pos) || (!before && x->start != pos)) continue;
    for (size_t u = d->use_start[x->key]; u < d->use_start[x->key + 1]; u++)
      if (d->uses[u].type == PD_USE_NAME && (d->uses[u].abbr || (titles && d->actors[d->uses[u].idx].kind == PD_TITLE)))
        return 1;
  }
  return 0;
}

/* May a one-character abbreviation start after the character before it? Not
 * after a digit (29日俄方: 日 is the day) nor inside a word (方法方面, 道德方面):
 * the character before must be punctuation, a non-Han character, another
 * abbreviation or one of a few function words. */
static int abbr_prev_ok(const parley_dict *d, const char *t, const hit *hits, size_t nh, const hit *x) {
  static const char *prev_ok[] = {"与", "和", "同", "及", "对", "向", "在", "将", "是", "的", "为", "、", "“", "「",
                                  "（", "《", "据", "被", "让", "令", "把", "给", "跟", "中", "即", "称", "说", "但",
                                  "而",
                                  /* verbs whose object it is: 会见以总理, 指责美方, 敦促俄方 */
                                  "见", "晤", "电", "责", "促", "吁", "告", "评", "访", NULL};
  if (x->start == 0) return 1;
  unsigned char p = (unsigned char)t[x->start - 1];
  if (p >= '0' && p <= '9') return 0;
  if (p < 0x80) return 1;
  if (x->start >= 3) {
    const char *pc = t + x->start - 3;
    for (int i = 0; prev_ok[i]; i++)
      if (!memcmp(pc, prev_ok[i], 3)) return 1;
    if (!is_han(t, x->start - 3)) return 1;
    if (abbr_at(d, hits, nh, x->start, 1, 0)) return 1; /* 中美, not 难民越境 */
    return 0;
  }
  return 1;
}

/* Is the two-character text at [a, a + 6) a "word" of the cues file? Common
 * words hold an abbreviation's character: 同意 (agree) and 加强 (strengthen)
 * are no Italy and Canada in 双方同意加强合作, nor 日 and 越 Japan and
 * Vietnam in 6日越境. Checked at the edges of a pair of abbreviations (美俄,
 * 中美俄), which is otherwise taken as it is. */
static int abbr_word_at(const parley_dict *d, const char *t, size_t len, long a) {
  return a >= 0 && (size_t)a + PD_WORD_BYTES <= len && pd_is_word(d, t + a);
}

static int abbr_context_ok(const parley_dict *d, const char *t, size_t len, const hit *hits, size_t nh, const hit *x) {
  static const char *after_ok[] = {"方", "军", "国", "、", "总", "外", "副", "防", "官", "媒", "驻", "籍", NULL};
  size_t e = x->end;
  if (x->start > 0 && t[x->start - 1] >= '0' && t[x->start - 1] <= '9') return 0; /* 29日 */
  /* 俄乌, 美俄: two abbreviations (not an abbreviation and a title: 以间谍罪),
   * unless the pair's edges are inside words (同意加强, 6日越境) */
  int next = abbr_at(d, hits, nh, e, 0, 0), prev = abbr_at(d, hits, nh, x->start, 1, 0);
  if (next || prev) {
    size_t a = prev && x->start >= 3 ? x->start - 3 : x->start, b = next ? e + 3 : e; /* Han: 3 bytes */
    if (a > 0 && t[a - 1] >= '0' && t[a - 1] <= '9') return 0;
    if (abbr_word_at(d, t, len, (long)a - 3) || abbr_word_at(d, t, len, (long)b - 3)) return 0;
    return 1;
  }
  if (!abbr_prev_ok(d, t, hits, nh, x)) return 0;
  for (int i = 0; after_ok[i]; i++) {
    size_t l = strlen(after_ok[i]);
    if (e + l <= len && !memcmp(t + e, after_ok[i], l)) return 1;
  }
  if (abbr_at(d, hits, nh, e, 0, 1)) return 1; /* 以总理, after a word boundary */
  if (abbr_at(d, hits, nh, x->start, 1, 0)) return 1;
  if (x->start >= 3 && !memcmp(t + x->start - 3, "、", 3)) return 1;
  /* 访美, 赴华, 抵俄, 来华: a visit's destination */
  if (x->start >= 3 && (!memcmp(t + x->start - 3, "访", 3) || !memcmp(t + x->start - 3, "赴", 3) ||
                        !memcmp(t + x->start - 3, "抵", 3) || !memcmp(t + x->start - 3, "来", 3)))
    return 1;
  /* 对俄强硬, 向美施压: the unambiguous ones after 对/向 */
  if (x->start >= 3 && (!memcmp(t + x->start - 3, "对", 3) || !memcmp(t + x->start - 3, "向", 3)) &&
      x->end - x->start == 3) {
    static const char *clear[] = {"俄", "美", "乌", "朝", "韩", "台", NULL}; /* 对台出售 */
    for (int i = 0; clear[i]; i++)
      if (!memcmp(t + x->start, clear[i], 3)) return 1;
  }
  return 0;
}

/* Picks the actor use of a name hit (first actor-like use that fits the word rules). */
static long name_use(const parley_dict *d, const char *t, size_t len, const hit *hits, size_t nh, const hit *x,
                     const parley_normtext *nt, const char *orig) {
  for (size_t u = d->use_start[x->key]; u < d->use_start[x->key + 1]; u++) {
    const pd_use *us = &d->uses[u];
    if (us->type != PD_USE_NAME) continue;
    if (!word_ok(t, len, x->start, x->end, 0)) return -1;
    /* 对台军售, 对台军事施压: 军 there starts 军售/军事 (arms sales, military),
       the name is 台 (Taiwan), not 台军 (Taiwan's military) */
    if (x->end - x->start >= 6 && !memcmp(t + x->end - 3, "军", 3) && x->end + 3 <= len &&
        (!memcmp(t + x->end, "事", 3) || !memcmp(t + x->end, "售", 3) || !memcmp(t + x->end, "工", 3) ||
         !memcmp(t + x->end, "备", 3)))
      return -1;
    if (us->abbr && !abbr_context_ok(d, t, len, hits, nh, x)) continue;
    if (us->upper) {
      int ok = 1;
      for (size_t i = nt->orig[x->start]; i < nt->orig[x->end] && ok; i++)
        if (orig[i] >= 'a' && orig[i] <= 'z') ok = 0;
      if (!ok) continue;
    }
    return (long)u;
  }
  return -1;
}

/* Chinese characters typical of transliterated foreign names. */
static int translit_char(const char *t, size_t i) {
  static const char *set =
      "阿埃艾安奥巴拜邦贝本比彼波伯博布查达戴丹道德迪蒂丁东杜多厄恩尔法菲费芬弗夫福富盖甘冈戈格根古圭哈海汉豪"
      "赫黑亨胡华霍基吉加贾杰金卡凯坎康考柯科克肯库奎拉莱赖兰朗劳勒雷蕾里利连林琳卢鲁伦罗洛马玛迈麦曼梅蒙米"
      "明莫姆穆纳娜内尼宁纽努诺帕派潘佩彭皮珀普齐奇乔切琴萨塞桑瑟森沙莎尚舍什施史斯松苏索塔泰坦汤特提托图瓦"
      "旺威韦维温沃乌西希锡夏谢辛休许亚扬耶伊因英尤于约泽扎詹兹佐茨久奈";
  size_t l = char_len(t, i);
  if (l != 3) return 0;
  char ch[4] = {t[i], t[i + 1], t[i + 2], 0};
  return strstr(set, ch) != NULL;
}

static int is_han(const char *t, size_t i) {
  unsigned char b = (unsigned char)t[i];
  if (b < 0xE4 || b > 0xE9) return 0;
  return 1;
}

/* Stop characters after which a Chinese name cannot continue. */
static int name_stop(const char *t, size_t i) {
  static const char *stops =
      "在于与和同对向将已曾也就则说称表示指出认为是的了等及率访会通举今昨日前后当从到至并又还再都被把让给上下中为以";
  char ch[5] = {0};
  size_t l = char_len(t, i);
  memcpy(ch, t + i, l);
  return strstr(stops, ch) != NULL;
}

/* Extracts an unknown person's name right after a title at pos, in the
 * normalised text (zh) or from the original's capitalisation (en). Returns
 * the end offset, or pos if none. */
static size_t unknown_name(const char *t, size_t len, size_t pos, const parley_normtext *nt, const char *orig_text,
                           int en) {
  if (!en) {
    size_t i = pos, n = 0;
    if (i < len && t[i] == ' ') i++;
    size_t start = i;
    if (i < len && is_han(t, i) && translit_char(t, i)) {
      /* transliterated: as long as the characters are typical, with '·' */
      while (i < len && n < 10) {
        if (is_han(t, i) && translit_char(t, i)) {
          i += 3;
          n++;
        } else if (i + 2 <= len && !memcmp(t + i, "·", 2)) {
          i += 2;
        } else
          break;
      }
      return n >= 2 ? i : pos;
    }
    /* a Chinese, Japanese or Korean name: 2 or 3 characters after a common surname */
    static const char *surnames =
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
        "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
        "岸安菅野小中山铃佐渡伊加吉松井木清斋森池桥岩福宫竹上原村朴文全柳洪申权黄尹";
    if (!(i + 3 <= len && is_han(t, i))) return pos;
    char first[4] = {t[i], t[i + 1], t[i + 2], 0};
    if (!strstr(surnames, first)) return pos;
    i = start;
    while (i < len && n < 3 && is_han(t, i) && !(n >= 2 && name_stop(t, i))) {
      if (n == 0 && name_stop(t, i)) return pos;
      i += 3;
      n++;
    }
    return n >= 2 ? i : pos;
  }
  /* English: capitalised words in the original text */
  size_t i = pos, last = pos;
  int words = 0;
  while (i < len && words < 4) {
    if (t[i] == ' ') i++;
    if (i >= len) break;
    size_t o = nt->orig[i];
    unsigned char oc = (unsigned char)orig_text[o];
    if (!(oc >= 'A' && oc <= 'Z')) break;
    size_t j = i;
    while (j < len && (pd_isalnum((unsigned char)t[j]) || t[j] == '-' || t[j] == '.' || t[j] == '\''))
      j++;
    if (j == i) break;
    /* stop at a sentence-final period */
    if (t[j - 1] == '.' && j - i > 2) j--;
    last = j;
    i = j;
    words++;
  }
  return words ? last : pos;
}

/* --------------------------------------------------------------- mentions */

/* Index of the first of ments[0..n) (sorted by start) starting at or after
 * pos, by bisection; n when none does. */
static size_t first_mention_from(parley_coder *c, size_t n, size_t pos) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    c->stats.steps++;
    if (c->ments[mid].start < pos)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Is the text right before pos (spaces allowed) two actor mentions that
 * touch or are joined by a join cue (俄乌, 中国和美国)? ments[0..n) sorted. */
/* Does join cue q lead to a mention starting at b: only spaces between, or
 * the cue's last word is the mention's first ("and the" + "the Philippines")? */
static int join_reaches(const char *t, const cue_hit *q, size_t b) {
  if (q->end <= b) return only_space(t, q->end, b);
  return b > q->start && t[b - 1] == ' ' && q->end - b == 3 && !memcmp(t + b, "the", 3);
}

static int joined_or_touching(parley_coder *c, const char *t, size_t a_end, size_t b_start) {
  if (only_space(t, a_end, b_start)) return 1;
  for (size_t k = cue_from(c, a_end); k < c->ncues && c->cues[k].start < b_start; k++) {
    c->stats.steps++;
    const cue_hit *q = &c->cues[k];
    if (q->cls == PD_CUE_JOIN && only_space(t, a_end, q->start) && join_reaches(t, q, b_start)) return 1;
  }
  return 0;
}

/* Returns the index + 1 of the second of the two mentions, or 0. */
static size_t named_pair_before(parley_coder *c, const char *t, size_t n, size_t pos) {
  size_t lo = first_mention_from(c, n, pos);
  if (lo < 2) return 0;
  const mention *b = &c->ments[lo - 1], *a = &c->ments[lo - 2];
  if (b->kind == MK_PLACE || b->kind == MK_DEAD || a->kind == MK_PLACE || a->kind == MK_DEAD) return 0;
  if (b->end > pos || !only_space(t, b->end, pos)) return 0;
  return a->end <= b->start && joined_or_touching(c, t, a->end, b->start) ? lo : 0;
}

/* The CAMEO type of an actor code (RUSGOV → GOV, PSEREBHMS → REB), or "". */
static void actor_type(const parley_actor *a, char out[4]) {
  out[0] = '\0';
  if (strlen(a->code) >= 6 && a->country[0] && !strncmp(a->code, a->country, 3)) {
    memcpy(out, a->code + 3, 3);
    out[3] = '\0';
  }
}

/* Two actors of one country are coded against each other only when one of
 * them stands outside the state — rebels, insurgents, separatists, armed
 * groups, criminals, the opposition (Boko Haram vs Nigeria's army, the PKK vs
 * Turkey) — and the other does not share its type; otherwise (the Chinese
 * government and China, a minister and his ministry) it is one side. */
static int domestic_conflict(const parley_actor *a, const parley_actor *b) {
  static const char *outside[] = {"REB", "INS", "SEP", "UAF", "CRM", "OPP", NULL};
  char ta[4], tb[4];
  actor_type(a, ta);
  actor_type(b, tb);
  if (!strcmp(ta, tb)) return 0;
  for (int i = 0; outside[i]; i++)
    if (!strcmp(ta, outside[i]) || !strcmp(tb, outside[i])) return 1;
  return 0;
}

static int add_mention(parley_coder *c, const mention *m) {
  if (grow((void **)&c->ments, &c->capments, c->nments + 1, sizeof *c->ments)) return -1;
  c->ments[c->nments++] = *m;
  return 0;
}

static int ment_cmp(const void *a, const void *b) {
  const mention *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return x->end > y->end ? -1 : x->end < y->end ? 1 : 0;
}

static void member_name(const parley_dict *d, const member *m, char *out, size_t n) {
  if (m->actor < 0)
    snprintf(out, n, "%s", m->fixed.name);
  else
    snprintf(out, n, "%s", d->actors[m->actor].name ? d->actors[m->actor].name : d->actors[m->actor].code);
}

/* Builds c->ments from the hits of one sentence. */
static int build_mentions(parley_coder *c, docstate *ds, const parley_normtext *nt, int en) {
  const parley_dict *d = c->d;
  const char *t = nt->text;
  size_t len = nt->len;
  c->nments = 0;
  /* 1. name hits, leftmost-longest, non-overlapping */
  size_t covered = 0;
  for (size_t h = 0; h < c->nhits; h++) {
    const hit *x = &c->hits[h];
    if (x->start < covered) continue;
    long u = name_use(d, t, len, c->hits, c->nhits, x, nt, ds->doc->text);
    if (u < 0) continue;
    /* a longer name hit starting here comes first (sorted), so take it */
    const pd_use *us = &d->uses[u];
    const pd_actor *a = &d->actors[us->idx];
    mention m;
    memset(&m, 0, sizeof m);
    m.start = x->start;
    m.end = x->end;
    m.kind = a->kind == PD_PERSON  ? MK_PERSON
             : a->kind == PD_PLACE ? MK_PLACE
             : a->kind == PD_TITLE ? MK_TITLE
                                   : MK_ACTOR;
    m.nmem = 1;
    m.mem[0].actor = (long)us->idx;
    if (add_mention(c, &m)) return -1;
    covered = x->end;
  }
  /* 2. people the document introduced earlier (bare later mentions) */
  for (size_t l = 0; l < c->nlocals; l++) {
    const local_name *ln = &c->locals[l];
    const char *p = t;
    while ((p = memmem(p, len - (size_t)(p - t), ln->norm, ln->len))) {
      size_t s = (size_t)(p - t), e = s + ln->len;
      int overl = 0;
      for (size_t k = 0; k < c->nments; k++)
        if (s < c->ments[k].end && c->ments[k].start < e) overl = 1;
      if (!overl && word_ok(t, len, s, e, 0)) {
        mention m;
        memset(&m, 0, sizeof m);
        m.start = s;
        m.end = e;
        m.kind = MK_PERSON;
        m.nmem = 1;
        m.mem[0] = ln->m;
        if (add_mention(c, &m)) return -1;
      }
      p += ln->len;
    }
  }
  if (c->nments > 1) qsort(c->ments, c->nments, sizeof *c->ments, ment_cmp);

  /* 3. [country] [title] [name]: one person */
  size_t w = 0;
  for (size_t i = 0; i < c->nments; i++) {
    mention *m = &c->ments[i];
    if (m->kind != MK_TITLE) {
      c->ments[w++] = *m;
      continue;
    }
    /* country right before the title? */
    mention *country = NULL;
    if (w > 0) {
      mention *p = &c->ments[w - 1];
      if (p->kind == MK_ACTOR && p->nmem == 1 &&
          (only_space(t, p->end, m->start) || (en && possessive(t, p->end, m->start))) &&
          strlen(d->actors[p->mem[0].actor].code) == 3)
        country = p; /* 俄罗斯总统, "the Russian president", "Germany's chancellor" */
    }
    const char *agent = d->actors[m->mem[0].actor].code;
    /* a known person right after the title */
    mention *next = (i + 1 < c->nments) ? &c->ments[i + 1] : NULL;
    if (next && next->kind == MK_TITLE && only_space(t, m->end, next->start)) {
      /* two titles in a row (外交与安全政策高级代表): keep the last */
      continue;
    }
    if (next && next->kind == MK_PERSON && only_space(t, m->end, next->start)) {
      next->start = country ? country->start : m->start;
      if (country) w--;
      continue; /* the person mention follows and absorbs the title */
    }
    size_t ne = unknown_name(t, len, m->end, nt, ds->doc->text, en);
    if (country && ne > m->end) {
      /* an unknown person: country + agent */
      mention pm;
      memset(&pm, 0, sizeof pm);
      pm.start = country->start;
      pm.end = ne;
      pm.kind = MK_PERSON;
      pm.nmem = 1;
      pm.mem[0].actor = -1;
      const pd_actor *ca = &d->actors[country->mem[0].actor];
      snprintf(pm.mem[0].fixed.code, sizeof pm.mem[0].fixed.code, "%s%s", ca->code, agent);
      snprintf(pm.mem[0].fixed.country, sizeof pm.mem[0].fixed.country, "%s", ca->country);
      size_t ns = m->end;
      if (t[ns] == ' ') ns++;
      copy_text(ds->doc->text, nt->orig[ns], nt->orig[ne], pm.mem[0].fixed.name, sizeof pm.mem[0].fixed.name);
      c->ments[w - 1] = pm;
      /* remember the bare name for later sentences */
      if (ne - ns >= 4 && ne - ns < sizeof c->locals[0].norm &&
          !grow((void **)&c->locals, &c->caplocals, c->nlocals + 1, sizeof *c->locals)) {
        local_name *ln = &c->locals[c->nlocals++];
        memcpy(ln->norm, t + ns, ne - ns);
        ln->norm[ne - ns] = '\0';
        ln->len = ne - ns;
        ln->m = pm.mem[0];
        /* the surname alone, for English "President Yoon Suk Yeol" → "Yoon" */
        const char *sp = en ? memchr(t + ns, ' ', ne - ns) : NULL;
        if (sp && (size_t)(sp - (t + ns)) >= 3 &&
            !grow((void **)&c->locals, &c->caplocals, c->nlocals + 1, sizeof *c->locals)) {
          local_name *l2 = &c->locals[c->nlocals++];
          *l2 = c->locals[c->nlocals - 2];
          l2->len = (size_t)(sp - (t + ns));
          l2->norm[l2->len] = '\0';
        }
      }
      /* skip mentions swallowed by the name */
      while (i + 1 < c->nments && c->ments[i + 1].start < ne)
        i++;
      continue;
    }
    if (country) {
      /* "俄罗斯总统", "the Russian president": the country's agent */
      country->end = m->end;
      snprintf(country->mem[0].agent, sizeof country->mem[0].agent, "%s", agent);
      continue;
    }
    /* "the Prime Minister of India", "his counterpart from Singapore": the
       country after the title, its agent (en) */
    if (en && next && next->kind == MK_ACTOR && next->nmem == 1 && next->mem[0].actor >= 0 &&
        strlen(d->actors[next->mem[0].actor].code) == 3) {
      static const char *const links[] = {" of ", " of the ", " from ", " from the ", NULL};
      int linked = 0;
      for (int k = 0; links[k] && !linked; k++)
        linked = next->start - m->end == strlen(links[k]) && !memcmp(t + m->end, links[k], strlen(links[k]));
      if (linked) {
        next->start = m->start;
        snprintf(next->mem[0].agent, sizeof next->mem[0].agent, "%s", agent);
        continue;
      }
    }
    /* a lone title is not an actor */
  }
  c->nments = w;

  /* 3b. a dateline names the agency and where it filed, not actors:
   * (中央社华盛顿15日综合外电报导), 【本报消息】, 新华社北京4月21日电, (法新社海牙8日电) */
  {
    size_t dl_end = 0;
    size_t open_len = 0;
    if (len > 0 && t[0] == '(')
      open_len = 1;
    else if (len >= 3 && !memcmp(t, "【", 3))
      open_len = 3;
    if (open_len) {
      for (size_t i = open_len; i < len && i < 120; i++)
        if (t[i] == ')' || (i + 3 <= len && !memcmp(t + i, "】", 3))) {
          if (memmem(t, i, "电", 3) || memmem(t, i, "报道", 6) || memmem(t, i, "报导", 6) || memmem(t, i, "消息", 6) ||
              memmem(t, i, "社", 3))
            dl_end = i + 1;
          break;
        }
    } else {
      const char *agency = memmem(t, len < 45 ? len : 45, "社", 3);
      if (agency) {
        const char *dian = memmem(agency, len - (size_t)(agency - t) < 60 ? len - (size_t)(agency - t) : 60, "电", 3);
        if (dian && (size_t)(dian - t) + 3 <= len) dl_end = (size_t)(dian - t) + 3;
      }
    }
    if (!en && dl_end)
      for (size_t i = 0; i < c->nments; i++)
        if (c->ments[i].end <= dl_end) c->ments[i].kind = MK_DEAD;
    /* English: "KYIV, Nov 20 (Reuters) - ", "WASHINGTON (AP) — ": a short
       bracket near the start followed by a dash ends the dateline */
    if (en) {
      const char *open = memchr(t, '(', len < 80 ? len : 80);
      const char *close =
          open ? memchr(open, ')', len - (size_t)(open - t) < 40 ? len - (size_t)(open - t) : 40) : NULL;
      /* the bracket names a news agency */
      static const char *const agencies[] = {"reuters", "ap",   "afp",      "xinhua",  "bloomberg", "upi",   "dpa",
                                             "efe",     "ansa", "tass",     "ria",     "interfax",  "kyodo", "yonhap",
                                             "pti",     "ians", "anadolu",  "bernama", "cna",       "aa",    "sputnik",
                                             "ani",     "apa",  "afp-jiji", NULL};
      int agency = 0;
      for (int a = 0; close && agencies[a] && !agency; a++)
        agency =
            (size_t)(close - open - 1) == strlen(agencies[a]) && !memcmp(open + 1, agencies[a], strlen(agencies[a]));
      if (close && agency) {
        size_t k = (size_t)(close - t) + 1;
        while (k < len && t[k] == ' ')
          k++;
        size_t dash = 0;
        if (k < len && t[k] == '-')
          dash = k + 1 < len && t[k + 1] == '-' ? 2 : 1;
        else if (k + 3 <= len && (!memcmp(t + k, "\xe2\x80\x93", 3) || !memcmp(t + k, "\xe2\x80\x94", 3)))
          dash = 3;
        if (dash && k + dash < len && t[k + dash] == ' ') {
          dl_end = k + dash;
          for (size_t i = 0; i < c->nments; i++)
            if (c->ments[i].end <= dl_end) c->ments[i].kind = MK_DEAD;
        }
      }
    }
  }

  /* "Russia-backed separatists", "a London-based group": the name qualifies a
     noun and is not an actor of the sentence (en) */
  if (en)
    for (size_t i = 0; i < c->nments; i++) {
      static const char *mods[] = {"backed ", "based ",     "born ",      "made ",    "owned ",
                                   "funded ", "sponsored ", "supported ", "aligned ", "affiliated ",
                                   "linked ", "allied ",    NULL};
      size_t e = c->ments[i].end;
      if (e >= len || (t[e] != '-')) continue;
      for (int k = 0; mods[k]; k++)
        if (len - e - 1 >= strlen(mods[k]) && !memcmp(t + e + 1, mods[k], strlen(mods[k]))) {
          c->ments[i].kind = MK_DEAD;
          break;
        }
    }

  /* 4. pair and pronoun cues become mentions */
  size_t nbase = c->nments;
  for (size_t k = 0; k < c->ncues; k++) {
    const cue_hit *q = &c->cues[k];
    if (q->cls != PD_CUE_PAIR && q->cls != PD_CUE_HE) continue;
    int overl = 0;
    {
      size_t lo = first_mention_from(c, nbase, q->start);
      for (size_t i = lo > 0 ? lo - 1 : 0; i < nbase && i <= lo + 1; i++)
        if (q->start < c->ments[i].end && c->ments[i].start < q->end) overl = 1;
    }
    if (overl) continue;
    mention m;
    memset(&m, 0, sizeof m);
    m.start = q->start;
    m.end = q->end;
    if (q->cls == PD_CUE_PAIR) {
      /* 俄乌双方, 中美两国元首, 中国和美国两国: the pair is named right before the
         cue, not the one last mentioned; the cue takes those two mentions in */
      size_t named = named_pair_before(c, t, nbase, q->start);
      if (named) {
        mention *a = &c->ments[named - 2], *b = &c->ments[named - 1];
        if (a->nmem != 1 || b->nmem != 1) continue;
        m.mem[0] = a->mem[0];
        m.mem[1] = b->mem[0];
        m.start = a->start;
        a->kind = b->kind = MK_DEAD;
      } else {
        /* 石破茂10日与南韩总统李在明举行电话会谈,双方同意…: the pair of the same
           sentence, an actor and the one after 与/同/和/跟 (or " with ") */
        long pa = -1, pb = -1;
        size_t lim = first_mention_from(c, nbase, q->start);
        for (size_t i = 1; i < lim && pb < 0; i++) {
          const mention *x = &c->ments[i];
          if (x->kind == MK_PLACE || x->kind == MK_DEAD || x->nmem != 1) continue;
          size_t st = x->start;
          int with = (st >= 3 && (!memcmp(t + st - 3, "与", 3) || !memcmp(t + st - 3, "同", 3) ||
                                  !memcmp(t + st - 3, "和", 3) || !memcmp(t + st - 3, "跟", 3))) ||
                     (st >= 6 && !memcmp(t + st - 6, " with ", 6));
          if (!with) continue;
          for (size_t j = 0; j < i; j++)
            if (c->ments[j].kind != MK_PLACE && c->ments[j].kind != MK_DEAD && c->ments[j].nmem == 1 &&
                !has_clause_break(t, c->ments[j].end, st)) {
              pa = (long)j;
              break;
            }
          if (pa >= 0) pb = (long)i;
        }
        if (pb >= 0) {
          m.mem[0] = c->ments[pa].mem[0];
          m.mem[1] = c->ments[pb].mem[0];
        } else {
          if (!ds->have_pair) continue;
          m.mem[0] = ds->pair[0];
          m.mem[1] = ds->pair[1];
        }
      }
      m.kind = MK_GROUP;
      m.nmem = 2;
      /* 两国领导人, "the two leaders": the countries' governments */
      static const char *leaders[] = {"领导人",  "元首",       "首脑",           "总统",
                                      "leaders", "presidents", "heads of state", NULL};
      for (int li = 0; leaders[li]; li++)
        if (memmem(t + q->start, q->end - q->start, leaders[li], strlen(leaders[li])))
          for (int j = 0; j < 2; j++)
            if (m.mem[j].actor >= 0 && d->actors[m.mem[j].actor].kind == PD_ACTOR &&
                strlen(d->actors[m.mem[j].actor].code) == 3)
              snprintf(m.mem[j].agent, sizeof m.mem[j].agent, "GOV");
    } else {
      /* "Japan's Prime Minister Sanae Takaichi held her first call with …",
         特朗普表示他…: a person named earlier in the same sentence, when only
         one is; two or more there make it ambiguous; none, the last sentence's */
      /* "his Chinese counterpart Wang Yi": the pronoun only qualifies the actor after it;
         "his counterpart", "her spokesman": someone else */
      {
        size_t nx = first_mention_from(c, nbase, q->end);
        if (nx < nbase && only_space(t, q->end, c->ments[nx].start)) continue;
        static const char *const others[] = {" counterpart", " deputy",      " aide",           " spokes", " envoy",
                                             " successor",   " predecessor", " rival",          " ally",   " allies",
                                             " minister",    " government",  " administration", NULL};
        int other = 0;
        for (int oi = 0; others[oi] && !other; oi++)
          other = q->end + strlen(others[oi]) <= len && !memcmp(t + q->end, others[oi], strlen(others[oi]));
        if (other) continue;
      }
      /* "on the first day of his official visit", "during her trip": a
         possessive inside a prepositional phrase names a background event
         (not coded), not an actor */
      {
        static const char *const preps[] = {" of ", " during ", " after ", " before ", " since ", " ahead of ", NULL};
        int bg = 0;
        for (int pi = 0; preps[pi] && !bg; pi++) {
          size_t pl = strlen(preps[pi]);
          bg = q->start >= pl && !memcmp(t + q->start - pl, preps[pi], pl);
        }
        if (bg) continue;
      }
      int here = 0;
      member who;
      memset(&who, 0, sizeof who);
      for (size_t i = 0; i < nbase && c->ments[i].end <= q->start; i++) {
        const mention *x = &c->ments[i];
        if (x->kind != MK_PERSON || x->nmem != 1 || !member_is_person(d, &x->mem[0])) continue;
        if (!here)
          who = x->mem[0], here = 1;
        else if (!member_same(&who, &x->mem[0]))
          here = 2;
      }
      if (here > 1) continue;
      if (here == 1)
        m.mem[0] = who;
      else if (ds->have_person && !ds->person_ambiguous)
        m.mem[0] = ds->person;
      else
        continue;
      m.kind = MK_PERSON;
      m.nmem = 1;
    }
    if (add_mention(c, &m)) return -1;
  }
  if (c->nments > 1) qsort(c->ments, c->nments, sizeof *c->ments, ment_cmp);

  /* 5. compounds: A与B, A、B、C, A and B, 俄美 — kept after the raw mentions */
  c->nraw = c->nments;
  for (size_t i = 0; i < c->nraw; i++) {
    if (c->ments[i].kind == MK_PLACE || c->ments[i].kind == MK_DEAD) continue;
    mention g = c->ments[i];
    size_t j = i;
    /* an English comma joins only a list that an "and"/"or" closes ("Russia,
       Ukraine and the U.S."), not "attacked Ukraine, South Korean intelligence
       said": the group as it was before its first comma link, kept for that */
    mention before_comma = g;
    size_t j_before_comma = (size_t)-1;
    int closed = 0;
    while (j + 1 < c->nraw && c->ments[j + 1].kind != MK_PLACE && c->ments[j + 1].kind != MK_DEAD && g.nmem < MAXMEM) {
      const mention *n = &c->ments[j + 1];
      size_t gs = c->ments[j].end, ge = n->start;
      int joined = gs == ge;
      /* 中国国台办, 俄罗斯外交部: a country touching one of its own organs is
         that organ, not a pair of actors */
      if (joined && j == i && c->ments[j].nmem == 1 && n->nmem == 1 && c->ments[j].mem[0].actor >= 0 &&
          n->mem[0].actor >= 0) {
        const pd_actor *a = &d->actors[c->ments[j].mem[0].actor], *b = &d->actors[n->mem[0].actor];
        if (a->kind == PD_ACTOR && b->kind == PD_ACTOR && a->country[0] && !strcmp(a->country, b->country) &&
            !strcmp(a->code, a->country) && strcmp(b->code, b->country)) {
          c->ments[j].kind = MK_DEAD;
          break;
        }
      }
      for (size_t k = cue_from(c, gs); k < c->ncues && c->cues[k].start < ge && !joined; k++) {
        const cue_hit *q = &c->cues[k];
        if (q->cls == PD_CUE_JOIN && only_space(t, gs, q->start) && join_reaches(t, q, ge)) joined = closed = 1;
      }
      /* "Russia, Ukraine and the U.S." */
      if (!joined && en && ge - gs <= 2 && t[gs] == ',') {
        joined = 1;
        if (j_before_comma == (size_t)-1) j_before_comma = j, before_comma = g;
      }
      /* "Biden and his Chinese counterpart Xi": skip the adjective */
      if (!joined && en && n->kind == MK_ACTOR && j + 2 < c->nraw) {
        static const char *lead[] = {" and his ",  " and her ",  " and their ", ", and his ",
                                     " with his ", " with her ", NULL};
        for (int k = 0; lead[k] && !joined; k++) {
          size_t ll = strlen(lead[k]);
          if (ge - gs == ll && !memcmp(t + gs, lead[k], ll) && n->end + 13 <= len &&
              !memcmp(t + n->end, " counterpart", 12) && c->ments[j + 2].start <= n->end + 16) {
            c->ments[j + 1].kind = MK_DEAD;
            n = &c->ments[j + 2];
            j++;
            joined = 1;
          }
        }
      }
      if (!joined) break;
      for (int k = 0; k < n->nmem && g.nmem < MAXMEM; k++)
        g.mem[g.nmem++] = n->mem[k];
      g.end = n->end;
      j++;
    }
    if (j_before_comma != (size_t)-1 && !closed) j = j_before_comma, g = before_comma;
    if (j == i) continue;
    g.kind = MK_GROUP;
    if (add_mention(c, &g)) return -1;
    i = j;
  }
  /* "英、法、德等国领导人": a title after a compound gives its countries the agent */
  for (size_t i = c->nraw; i < c->nments; i++) {
    mention *m = &c->ments[i];
    size_t reach = m->end + 9;
    if (m->end + 3 <= len && !memcmp(t + m->end, "等", 3)) reach = m->end + 40; /* 等主要欧洲国家领导人 */
    for (size_t h = hit_from(c, m->end); h < c->nhits && c->hits[h].start <= reach; h++) {
      const hit *x = &c->hits[h];
      if (en && !word_ok(t, len, x->start, x->end, 0)) continue; /* "MP" in "Mexican imports" */
      for (size_t u = d->use_start[x->key]; u < d->use_start[x->key + 1]; u++) {
        const pd_use *us = &d->uses[u];
        if (us->type == PD_USE_NAME && d->actors[us->idx].kind == PD_TITLE && !has_clause_break(t, m->end, x->start)) {
          for (int k = 0; k < m->nmem; k++)
            if (m->mem[k].actor >= 0 && d->actors[m->mem[k].actor].kind == PD_ACTOR)
              snprintf(m->mem[k].agent, sizeof m->mem[k].agent, "%s", d->actors[us->idx].code);
          /* mentions inside the description (欧洲) are part of it */
          for (size_t r = 0; r < c->nraw; r++)
            if (c->ments[r].start >= m->end && c->ments[r].end <= x->end) c->ments[r].kind = MK_DEAD;
          m->end = x->end;
          break;
        }
      }
    }
  }
  /* 6. which compound each raw mention starts or (as its last live member) ends;
   * compounds are disjoint and in text order, so one sweep does it */
  if (c->nraw + 1 > c->capgrp) {
    size_t ncap = (c->nraw + 1) * 2;
    long *a = realloc(c->grp_first, ncap * sizeof *a);
    if (!a) return -1;
    c->grp_first = a;
    long *b = realloc(c->grp_last, ncap * sizeof *b);
    if (!b) return -1;
    c->grp_last = b;
    c->capgrp = ncap;
  }
  for (size_t i = 0; i < c->nraw; i++)
    c->grp_first[i] = c->grp_last[i] = -1;
  size_t ri = 0;
  for (size_t g = c->nraw; g < c->nments; g++) {
    const mention *x = &c->ments[g];
    while (ri < c->nraw && c->ments[ri].start < x->start)
      ri++;
    long first = -1, last = -1;
    size_t j = ri;
    for (; j < c->nraw && c->ments[j].start < x->end; j++) {
      c->stats.steps++;
      if (c->ments[j].end > x->end) continue;
      if (first < 0) first = (long)j;
      if (c->ments[j].kind != MK_DEAD) last = (long)j;
    }
    ri = j;
    if (first >= 0) c->grp_first[first] = (long)g;
    if (last >= 0) c->grp_last[last] = (long)g;
  }
  return 0;
}

/* Index of the first cue starting at or after pos (cues are sorted by start). */
static size_t cue_from(const parley_coder *c, size_t pos) {
  size_t lo = 0, hi = c->ncues;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (c->cues[mid].start < pos)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Index of the first hit starting at or after pos (hits are sorted by start). */
static size_t hit_from(const parley_coder *c, size_t pos) {
  size_t lo = 0, hi = c->nhits;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (c->hits[mid].start < pos)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* ------------------------------------------------------------- patterns */

/* Index of the first mention starting in [a, a + gap] (skipping places if
 * noplace), or -1. */
static long mention_after(parley_coder *c, const char *t, size_t a, size_t gap, int noplace) {
  size_t lo = first_mention_from(c, c->nraw, a);
  for (size_t i = lo; i < c->nraw; i++) {
    const mention *m = &c->ments[i];
    c->stats.steps++;
    if (m->kind == MK_DEAD) continue;
    if (m->start < a) continue;
    if (m->start > a + gap) return -1;
    if (noplace && m->kind == MK_PLACE) continue;
    if (has_clause_break(t, a, m->start)) return -1;
    return (long)i;
  }
  return -1;
}

/* Nearest mention ending at or before pos (not a place), within the sentence. */
/* Is raw mention i the object of a preposition (与特朗普, 对俄罗斯, 在白宫)? */
static int oblique(parley_coder *c, const char *t, size_t i) {
  static const char *preps[] = {"与", "同", "和", "跟", "对", "向", "给", "为", "在", "从", "自", "把", "将", NULL};
  size_t st = c->ments[i].start;
  if (st < 3) return 0;
  for (int k = 0; preps[k]; k++)
    if (!memcmp(t + st - 3, preps[k], 3)) {
      /* A与B is a compound, not an object, when B is its last member */
      return 1;
    }
  return 0;
}

static long mention_before(parley_coder *c, size_t pos, int allow_place) {
  /* raw mentions do not overlap: the last one ending at or before pos, by bisection */
  size_t lo = 0, hi = c->nraw;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    c->stats.steps++;
    if (c->ments[mid].end <= pos)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t i = lo; i-- > 0;) {
    c->stats.steps++;
    if (c->ments[i].kind == MK_DEAD) continue;
    if (allow_place || c->ments[i].kind != MK_PLACE) return (long)i;
  }
  return -1;
}

/* The compound that starts (by_end 0) or ends (by_end 1) where raw mention m
 * does, or m itself. */
static long group_at(parley_coder *c, long m, int by_end) {
  if (m < 0 || (size_t)m >= c->nraw) return m;
  long g = by_end ? c->grp_last[m] : c->grp_first[m];
  return g >= 0 ? g : m;
}

static int key_is_join(const parley_dict *d, uint32_t key) {
  for (size_t u = d->use_start[key]; u < d->use_start[key + 1]; u++)
    if (d->uses[u].type == PD_USE_CUE && d->uses[u].cls == PD_CUE_JOIN) return 1;
  return 0;
}

/* Finds a hit of key starting in [from, from + maxgap]; returns its index or -1. */
static long lit_hit(parley_coder *c, const char *t, size_t len, uint32_t key, size_t from, size_t maxgap, int prefix,
                    int gap_chars) {
  /* hits are sorted by start: jump to the first at or after `from` */
  size_t lo = 0, hi = c->nhits;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    c->stats.steps++;
    if (c->hits[mid].start < from)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t h = lo; h < c->nhits; h++) {
    const hit *x = &c->hits[h];
    c->stats.steps++;
    if (gap_chars ? x->start > from + (size_t)gap_chars * 4 : x->start > from + maxgap) return -1;
    if (x->key != key) continue;
    if (gap_chars) {
      if (utf8_chars(t, from, x->start) > (size_t)gap_chars) return -1;
    }
    if (!word_ok(t, len, x->start, x->end, prefix)) continue;
    return (long)h;
  }
  return -1;
}

/* English subjects: when mention m (the nearest before pos) lies inside a
 * comma-delimited relative clause or aside that closes before pos ("Trump, who
 * had hosted Zelensky, spoke", "Putin, the Russian president, met", "Wang Yi,
 * speaking in Berlin, said"), the mention before the aside; else m. Asides
 * that are not relative clauses (rel_marks with the low bit set) count only
 * right after a mention ("Ukraine's allies, the United States and Britain,"
 * is not skipped). */
static long skip_aside(parley_coder *c, const char *t, long m, size_t pos) {
  if (m < 0 || !c->nrel) return m;
  size_t w = 0, close = 0;
  int have_w = 0, strict = 0;
  for (size_t lo = 0, hi = c->nrel; lo < hi;) { /* last marker before pos */
    size_t mid = (lo + hi) / 2;
    c->stats.steps++;
    if (c->rel_marks[mid] / 2 < pos)
      w = c->rel_marks[mid] / 2, strict = (int)(c->rel_marks[mid] & 1), have_w = 1, lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t lo = 0, hi = c->ncommas; lo < hi;) { /* last comma before pos */
    size_t mid = (lo + hi) / 2;
    c->stats.steps++;
    if (c->commas[mid] < pos)
      close = c->commas[mid], lo = mid + 1;
    else
      hi = mid;
  }
  if (!have_w || close <= w + 1 || c->ments[m].start <= w || c->ments[m].start >= close) return m;
  long before = mention_before(c, w, 0);
  if (before < 0) return m;
  if (strict) {
    size_t e = c->ments[before].end;
    while (e < w && (t[e] == ' ' || t[e] == ')' || t[e] == '"'))
      e++;
    if (e != w) return m;
  }
  return group_at(c, before, 1);
}

/* Does an English aside start at t[j] (after ", ")? "the Russian president",
 * "a close ally", "speaking in Berlin", "China's president", "on a visit". */
static int aside_start(const char *t, size_t len, size_t j) {
  static const char *words[] = {"the ",   "a ",      "an ",     "its ",    "his ",   "her ", "their ",  "now ",
                                "then ",  "former ", "also ",   "in ",     "on ",    "at ",  "during ", "after ",
                                "while ", "before ", "himself", "herself", "itself", NULL};
  for (int k = 0; words[k]; k++) {
    size_t wl = strlen(words[k]);
    if (j + wl <= len && !memcmp(t + j, words[k], wl)) return 1;
  }
  size_t e = j;
  while (e < len && ((t[e] >= 'a' && t[e] <= 'z') || t[e] == '-'))
    e++;
  if (e - j >= 5 && e < len && t[e] == ' ' && !memcmp(t + e - 3, "ing", 3)) return 1; /* speaking */
  if (e > j && e + 3 <= len && !memcmp(t + e, "'s ", 3)) return 1;                    /* China's */
  if (e > j && e + 5 <= len && !memcmp(t + e, "\xe2\x80\x99s ", 5)) return 1;         /* China’s */
  return 0;
}

/* English passive of an active pattern: the start of the auxiliary ("was",
 * "were", "been", "is", "be", maybe with an adverb: "was reportedly") right
 * before the trigger at trig, or (size_t)-1. The trigger must be a
 * participle: "is attacking" and "was ready to" are active. */
static size_t passive_aux(const char *t, size_t trig, size_t trig_end) {
  static const char *aux[] = {"was", "were", "been", "being", "is", "are", "be", "got", NULL};
  static const char *irregular[] = {"hit", "struck", "shot",  "held",    "sent",   "met",    "told",  "led",   "fought",
                                    "won", "lost",   "sold",  "brought", "caught", "bought", "kept",  "left",  "cut",
                                    "put", "shut",   "hurt",  "sought",  "set",    "spent",  "bound", "built", "dealt",
                                    "fed", "read",   "heard", "found",   "taught", NULL};
  /* the auxiliary first (cheap, and mostly absent) */
  size_t e = trig, found = (size_t)-1;
  for (int words = 0; words < 2 && found == (size_t)-1; words++) {
    while (e > 0 && t[e - 1] == ' ')
      e--;
    size_t b = e;
    while (b > 0 && e - b < 16 && t[b - 1] >= 'a' && t[b - 1] <= 'z')
      b--;
    if (b == e) return (size_t)-1;
    if (e - b <= 5)
      for (int k = 0; aux[k]; k++)
        if (e - b == strlen(aux[k]) && !memcmp(t + b, aux[k], e - b)) found = b;
    if (found == (size_t)-1 && (e - b < 4 || memcmp(t + e - 2, "ly", 2))) return (size_t)-1; /* "was reportedly" */
    e = b;
  }
  if (found == (size_t)-1) return found;
  /* the trigger must be a participle: -ed, -en, -wn, or an irregular one */
  size_t wl = trig_end - trig;
  int participle = wl >= 4 && (!memcmp(t + trig_end - 2, "ed", 2) || !memcmp(t + trig_end - 2, "en", 2) ||
                               !memcmp(t + trig_end - 2, "wn", 2));
  for (int k = 0; irregular[k] && !participle; k++)
    participle = wl == strlen(irregular[k]) && !memcmp(t + trig, irregular[k], wl);
  return participle ? found : (size_t)-1;
}

/* Is [a, b) at most three words, each an adverb (-ly, also, again, now,
 * still) or "on" and a weekday ("China on Monday condemns")? */
static int subject_adjacent(const char *t, size_t a, size_t b) {
  static const char *ok[] = {"also",     "again",  "now",      "still",  "on",    "monday",  "tuesday", "wednesday",
                             "thursday", "friday", "saturday", "sunday", "today", "further", NULL};
  int words = 0;
  size_t i = a;
  while (i < b) {
    while (i < b && t[i] == ' ')
      i++;
    if (i >= b) break;
    size_t e = i;
    while (e < b && t[e] != ' ')
      e++;
    int good = e - i > 3 && !memcmp(t + e - 2, "ly", 2);
    for (int k = 0; ok[k] && !good; k++)
      good = e - i == strlen(ok[k]) && !memcmp(t + i, ok[k], e - i);
    if (!good || ++words > 3) return 0;
    i = e;
  }
  return 1;
}

/* After an English verb at pos: the end of "the [one or two words] city of "
 * (town, village, region, province, port, capital, district, island, state),
 * or pos. */
static size_t place_noun_end(const char *t, size_t len, size_t pos) {
  static const char *nouns[] = {"city",    "town",     "village", "region", "province", "port",
                                "capital", "district", "island",  "state",  NULL};
  size_t i = pos;
  while (i < len && t[i] == ' ')
    i++;
  if (i + 4 > len || memcmp(t + i, "the ", 4)) return pos;
  i += 4;
  size_t prev_b = i, prev_e = i;
  for (int words = 0; words < 4 && i < len; words++) {
    size_t e = i;
    while (e < len && t[e] >= 'a' && t[e] <= 'z')
      e++;
    if (e == i || e >= len || t[e] != ' ') return pos;
    if (words > 0 && e - i == 2 && t[i] == 'o' && t[i + 1] == 'f') { /* "… city of " */
      for (int k = 0; nouns[k]; k++)
        if (prev_e - prev_b == strlen(nouns[k]) && !memcmp(t + prev_b, nouns[k], prev_e - prev_b)) return e + 1;
      return pos;
    }
    prev_b = i, prev_e = e;
    i = e + 1;
  }
  return pos;
}

/* After an English verb at pos: the end of a short object phrase and " in ",
 * " inside " or " near " ("an oil refinery in ", "military sites in "): at
 * most four words, no clause break; or pos. */
static size_t located_in_end(const char *t, size_t len, size_t pos) {
  static const char *preps[] = {"in ", "inside ", "near ", NULL};
  size_t i = pos;
  for (int words = 0; words <= 4 && i < len; words++) {
    while (i < len && t[i] == ' ')
      i++;
    if (words > 0)
      for (int k = 0; preps[k]; k++) {
        size_t pl = strlen(preps[k]);
        if (i + pl <= len && !memcmp(t + i, preps[k], pl)) return i + pl;
      }
    size_t e = i;
    while (e < len && t[e] != ' ' && !is_clause_break(t, e) && t[e] != '.')
      e++;
    if (e == i || e >= len || t[e] != ' ') return pos;
    i = e;
  }
  return pos;
}

/* Is the English word before position st (past "the") a preposition, so that
 * what starts at st is an object ("outside the U.S. Embassy")? */
static int after_preposition(const char *t, size_t st) {
  static const char *preps[] = {"outside", "at",  "in", "near", "to",     "from",   "with",    "of", "against",
                                "by",      "for", "on", "into", "inside", "toward", "towards", NULL};
  size_t e = st;
  while (e > 0 && t[e - 1] == ' ')
    e--;
  if (e >= 4 && !memcmp(t + e - 3, "the", 3) && t[e - 4] == ' ') {
    e -= 3;
    while (e > 0 && t[e - 1] == ' ')
      e--;
  }
  size_t b = e;
  while (b > 0 && t[b - 1] >= 'a' && t[b - 1] <= 'z')
    b--;
  for (int k = 0; preps[k]; k++)
    if (e - b == strlen(preps[k]) && !memcmp(t + b, preps[k], e - b)) return 1;
  return 0;
}

/* At pos in English text: the end of " on Monday" (any weekday, maybe with
 * "morning", "night" …), " yesterday" or " today", or pos. */
static size_t day_phrase_end(const char *t, size_t len, size_t pos) {
  static const char *days[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL};
  static const char *parts[] = {" morning", " afternoon", " evening", " night", NULL};
  size_t i = pos;
  if (i < len && t[i] == ' ') i++;
  if (i + 9 <= len && !memcmp(t + i, "yesterday", 9)) return i + 9;
  if (i + 5 <= len && !memcmp(t + i, "today", 5)) return i + 5;
  if (i + 3 > len || memcmp(t + i, "on ", 3)) return pos;
  i += 3;
  for (int k = 0; days[k]; k++) {
    size_t dl = strlen(days[k]);
    if (i + dl <= len && !memcmp(t + i, days[k], dl) && (i + dl == len || !pd_isalnum((unsigned char)t[i + dl]))) {
      i += dl;
      for (int m = 0; parts[m]; m++) {
        size_t ml = strlen(parts[m]);
        if (i + ml <= len && !memcmp(t + i, parts[m], ml)) return i + ml;
      }
      return i;
    }
  }
  return pos;
}

/* Tries pattern p with its first literal at hit h0. */
/* Chinese topic chains: "陆委会谴责中共…,呼吁北京停止挑衅", "美军突袭委内瑞拉首都,
 * 逮捕总统马杜罗". A clause that starts with its verb, no actor between the
 * comma and the trigger, shares the subject of the clause before: the actor
 * that opens that clause (within a few characters: 当地时间28日, 并), not the
 * last one named in it, which is mostly its object. Clauses that open with no
 * actor are passed over back to the sentence start. m: the last mention
 * before the trigger at trig; returns m when the rule does not apply. */
static long topic_subject(parley_coder *c, const char *t, long m, size_t trig) {
  if (m < 0 || (size_t)m >= c->nraw) return m;
  size_t b = trig; /* the last clause break before the trigger */
  while (b > 0 && !is_clause_break(t, b - 1))
    b--;
  if (b == 0 || c->ments[m].end > b - 1) return m; /* the clause has its own actor */
  if (utf8_chars(t, b, trig) > 6) return m;        /* not a clause that opens with its verb */
  size_t end = b - 1;                              /* the break */
  while (end > 0) {
    size_t start = end;
    while (start > 0 && !is_clause_break(t, start - 1))
      start--;
    for (size_t i = first_mention_from(c, c->nraw, start); i < c->nraw && c->ments[i].start < end; i++) {
      c->stats.steps++;
      const mention *x = &c->ments[i];
      if (x->kind == MK_DEAD) continue;
      if (x->kind == MK_PLACE || oblique(c, t, i) || utf8_chars(t, start, x->start) > 8) break;
      return group_at(c, (long)i, 0);
    }
    if (start == 0) break;
    end = start - 1;
  }
  return m;
}

/* A one-character Chinese preposition literal (同, 和, 与, 对, 向, 跟) inside a
 * common word ("word" in the cues file) is no preposition: 同意 (agree),
 * 共同, 和平, 对于, 反对, 方向. */
static int zh_prep_in_word(const parley_dict *d, const char *t, size_t len, size_t start, size_t end) {
  if (end - start != 3) return 0;
  return (end + 3 <= len && pd_is_word(d, t + start)) || (start >= 3 && pd_is_word(d, t + start - 3));
}

/* When the English trigger at pos ends a "during a|an|the|his|her|their|its
 * [up to three words]" phrase that follows an earlier actor (no comma in the
 * phrase), the sentence's first actor (its subject, a compound whole);
 * else -1. A sentence that opens with "During" is left alone. */
static long during_subject(parley_coder *c, const char *t, size_t pos) {
  static const char *const det[] = {"a", "an", "the", "his", "her", "their", "its", NULL};
  size_t k = pos, after = pos; /* after: the start of the word following the one looked at */
  for (int words = 0; words <= 4; words++) {
    while (k > 0 && t[k - 1] == ' ')
      k--;
    size_t w = k;
    while (w > 0 && t[w - 1] != ' ' && t[w - 1] != ',')
      w--;
    if (w == k || (w > 0 && t[w - 1] == ',')) return -1;
    if (k - w == 6 && !memcmp(t + w, "during", 6)) {
      if (words == 0 || w == 0) return -1; /* nothing between; or the sentence opens with it */
      size_t dl = 0;
      while (after + dl < pos && t[after + dl] != ' ')
        dl++;
      int ok = 0;
      for (int d = 0; det[d] && !ok; d++)
        ok = strlen(det[d]) == dl && !memcmp(t + after, det[d], dl);
      if (!ok) return -1;
      for (size_t i = 0; i < c->nraw && c->ments[i].end <= w; i++)
        if (c->ments[i].kind != MK_PLACE && c->ments[i].kind != MK_DEAD) return group_at(c, (long)i, 0);
      return -1;
    }
    after = w;
    k = w;
  }
  return -1;
}

/* A Chinese negator that governs the whole verb phrase after it, adverbials
 * included (未就…达成, 不会在压力下与美国谈判): 未, 没有 and the modal ones; not
 * 不 alone, which negates the next word only. */
static int zh_phrase_negator(const char *t, const cue_hit *q) {
  static const char *const neg[] = {"未",   "没有", "不会", "不愿", "不再", "绝不",   "决不",     "不肯",
                                    "从未", "尚未", "并未", "无意", "不曾", "并没有", "从来没有", NULL};
  size_t l = q->end - q->start;
  for (int k = 0; neg[k]; k++)
    if (strlen(neg[k]) == l && !memcmp(t + q->start, neg[k], l)) return 1;
  return 0;
}

static int try_pattern(parley_coder *c, const pd_pattern *p, const hit *h0, const char *t, size_t len, candidate *out) {
  int first = 0;
  while (p->el[first].kind != PD_EL_LIT)
    first++;
  if (!word_ok(t, len, h0->start, h0->end, p->el[first].prefix)) return 0;
  if (p->lang == PD_ZH && zh_prep_in_word(c->d, t, len, h0->start, h0->end)) return 0;
  /* "Iran-backed", "U.S.-led": a hyphenated participle is an adjective */
  if (p->lang == PD_EN && h0->start > 0 && t[h0->start - 1] == '-') return 0;
  candidate cd;
  memset(&cd, 0, sizeof cd);
  cd.p = p;
  cd.s = cd.t = -1;
  cd.start = h0->start;
  cd.first_lit = cd.last_lit = cd.anchor = h0->start;
  cd.last_lit_end = h0->end;
  size_t pos = p->el[first].prefix ? word_end(t, len, h0->end) : h0->end;
  int gap = 0, after_slot = 0;
  /* "S ~ attacked T" read in the passive: "T was attacked by S". Only for the
     shape S [~] literals T (PD_FLAG_PASSIVE), whose literals are the
     participle. An agentless passive ("Zelensky was invited to Washington") is
     not coded. */
  size_t aux = (size_t)-1;
  if (p->flags & PD_FLAG_PASSIVE) {
    size_t te = p->el[first].prefix ? word_end(t, len, h0->end) : h0->end;
    if (c->aux_hit != h0 || c->aux_end != te) {
      c->aux_hit = h0;
      c->aux_end = te;
      c->aux_val = passive_aux(t, h0->start, te);
    }
    aux = c->aux_val;
  }
  for (int e = first + 1; e < p->nel; e++) {
    const pd_elem *el = &p->el[e];
    if (el->kind == PD_EL_GAP) {
      gap = 1;
      continue;
    }
    if (aux != (size_t)-1 && el->kind == PD_EL_T) {
      /* the agent: "by" soon after the participle, then the first actor within a
         gap ("by a Chinese coast guard ship", "by a barrage of Russian missiles") */
      size_t by = (size_t)-1;
      for (size_t i = pos; i + 4 <= len && i <= pos + GAP_CHARS * 4; i++) {
        if (is_clause_break(t, i)) break;
        if (t[i] == ' ' && t[i + 1] == 'b' && t[i + 2] == 'y' && t[i + 3] == ' ') {
          if (utf8_chars(t, pos, i) <= GAP_CHARS) by = i + 4;
          break;
        }
      }
      if (by == (size_t)-1) return 0;
      long m = -1;
      for (size_t i = first_mention_from(c, c->nraw, by); i < c->nraw && c->ments[i].start <= by + GAP_CHARS * 4; i++) {
        c->stats.steps++;
        if (c->ments[i].kind != MK_PLACE && c->ments[i].kind != MK_DEAD &&
            utf8_chars(t, by, c->ments[i].start) <= GAP_CHARS && !has_clause_break(t, by, c->ments[i].start)) {
          m = (long)i;
          break;
        }
      }
      /* the agent is the noun phrase after "by", not an actor inside its
         complement: "hurt by the trade war with China" */
      if (m >= 0) {
        static const char *inner[] = {" with ", " against ", " between ", " over ", NULL};
        size_t ms = c->ments[m].start;
        for (int k = 0; inner[k] && m >= 0; k++)
          if (ms > by && memmem(t + by - 1, ms - by + 1, inner[k], strlen(inner[k]))) m = -1;
      }
      if (m < 0) return 0;
      m = group_at(c, m, 0);
      cd.s = m;
      pos = c->ments[m].end;
      continue;
    }
    if (el->kind == PD_EL_S || el->kind == PD_EL_T) {
      long m = mention_after(c, t, pos, SLOT_GAP, 0);
      /* 来华进行国事访问的西班牙国王: "V的 X" is the X who does V (a relative
         clause), not V done to X (zh) */
      if (m >= 0 && p->lang == PD_ZH && !gap && p->el[e - 1].kind == PD_EL_LIT && c->ments[m].start == pos + 3 &&
          !memcmp(t + pos, "的", 3))
        return 0;
      /* "shelled the southern city of Kherson": the place after "the … city of" */
      if (m < 0 && p->lang == PD_EN && !gap) {
        size_t q = place_noun_end(t, len, pos);
        if (q != pos) m = mention_after(c, t, q, 1, 0);
        /* material conflict against a thing in a place: "attacked an oil
           refinery in Ryazan", "struck military sites in Tehran" */
        if (m < 0 && p->cameo->quad_class == 4 && (q = located_in_end(t, len, pos)) != pos)
          m = mention_after(c, t, q, 1, 0);
      }
      if (m < 0) {
        if (gap) {
          /* "~ T": the first mention within the gap */
          for (size_t i = first_mention_from(c, c->nraw, pos); i < c->nraw && c->ments[i].start <= pos + GAP_CHARS * 4;
               i++) {
            c->stats.steps++;
            if (c->ments[i].kind != MK_PLACE && c->ments[i].kind != MK_DEAD &&
                utf8_chars(t, pos, c->ments[i].start) <= GAP_CHARS && !has_clause_break(t, pos, c->ments[i].start)) {
              m = (long)i;
              break;
            }
          }
        }
        if (m < 0) return 0;
      }
      /* 黎巴嫩南部真主党: a place right before an actor locates it */
      if (c->ments[m].kind == MK_PLACE && (size_t)m + 1 < c->nraw && c->ments[m + 1].start == c->ments[m].end &&
          c->ments[m + 1].kind != MK_PLACE && c->ments[m + 1].kind != MK_DEAD)
        m++;
      m = group_at(c, m, 0);
      /* English passive: "was attacked by Ukraine" is not "attacked Ukraine" */
      if (p->lang == PD_EN && !gap) {
        for (size_t i = pos; i + 2 <= c->ments[m].start; i++)
          if (t[i] == 'b' && t[i + 1] == 'y' && (i == 0 || t[i - 1] == ' ') &&
              (i + 2 == c->ments[m].start || t[i + 2] == ' '))
            return 0;
      }
      if (el->kind == PD_EL_S)
        cd.s = m;
      else
        cd.t = m;
      pos = c->ments[m].end;
      gap = 0;
      after_slot = 1;
      continue;
    }
    long h;
    if (gap) {
      h = lit_hit(c, t, len, el->key, pos, 0, el->prefix, p->lang == PD_EN ? GAP_CHARS_EN : GAP_CHARS);
      /* an English gap does not run into a "that" clause ("told T that Moscow
         was ready to" is not "told T ~ to") */
      if (h >= 0 && p->lang == PD_EN && memmem(t + pos, c->hits[h].start - pos, " that ", 6)) return 0;
      /* a Chinese gap that crosses a comma does not pass another actor: in
         瑙鲁宣布与台湾断交,改与中华人民共和国建交 "与 T ~ 建交" is not Taiwan's
         (乌克兰…,动用无人机,对 T 发动打击 is one act) */
      if (h >= 0 && p->lang == PD_ZH && has_clause_break(t, pos, c->hits[h].start)) {
        for (size_t i = first_mention_from(c, c->nraw, pos); i < c->nraw && c->ments[i].start < c->hits[h].start; i++)
          if (c->ments[i].kind != MK_DEAD && c->ments[i].kind != MK_PLACE) return 0;
      }
    } else if (after_slot)
      h = lit_hit(c, t, len, el->key, pos, SLOT_GAP, el->prefix, 0);
    else {
      h = lit_hit(c, t, len, el->key, pos, el->adj ? 1 : 0, el->prefix, 0);
      /* "pledged on Monday to help T": a day between adjacent English literals */
      size_t q;
      if (h < 0 && el->adj && p->lang == PD_EN && (q = day_phrase_end(t, len, pos)) != pos) {
        h = lit_hit(c, t, len, el->key, q, 1, el->prefix, 0);
        if (h >= 0) pos = q;
      }
    }
    if (h < 0) return 0;
    if (p->lang == PD_ZH && zh_prep_in_word(c->d, t, len, c->hits[h].start, c->hits[h].end)) return 0;
    if (el->adj && !gap && !after_slot && !only_space(t, pos, c->hits[h].start)) return 0;
    /* English "T to": the literal follows the actor itself, not a noun of
       which the actor is the owner ("welcomed China's decision to") */
    if (after_slot && !gap && p->lang == PD_EN && !slot_glue(t, pos, c->hits[h].start)) return 0;
    cd.last_lit = c->hits[h].start;
    cd.last_lit_end = c->hits[h].end;
    pos = el->prefix ? word_end(t, len, c->hits[h].end) : c->hits[h].end;
    gap = 0;
    after_slot = 0;
  }
  cd.end = pos;
  /* leading slot (S LIT or S ~ LIT) */
  if (first >= 1 && aux != (size_t)-1) {
    /* passive: the subject before the auxiliary is the target */
    long m = mention_before(c, aux, 1);
    if (m >= 0) m = skip_aside(c, t, group_at(c, m, 1), aux);
    if (m < 0) return 0;
    cd.t = m;
    cd.start = c->ments[m].start;
  } else if (first >= 1) {
    long m = mention_before(c, h0->start, p->el[0].kind == PD_EL_T);
    /* "A与B ~ 会谈": the compound; "A 与 T": A alone */
    if (m >= 0 && !(first == 1 && key_is_join(c->d, h0->key))) m = group_at(c, m, 1);
    /* "Keith Rowley (Trinidad and Tobago) signed": a bracketed aside after a
       name says who the name is; the name is the subject */
    if (m >= 0 && m < (long)c->nraw && p->el[0].kind == PD_EL_S) {
      size_t ms = c->ments[m].start, me = c->ments[m].end;
      size_t open = ms, close = me;
      while (open > 0 && t[open - 1] == ' ')
        open--;
      while (close < h0->start && t[close] == ' ')
        close++;
      if (open > 0 && t[open - 1] == '(' && close < h0->start && t[close] == ')' && m > 0) {
        long prev = m - 1;
        size_t pe = c->ments[prev].end, o = open - 1;
        while (o > pe && t[o - 1] == ' ')
          o--;
        if (o == pe && c->ments[prev].kind != MK_PLACE && c->ments[prev].kind != MK_DEAD) m = group_at(c, prev, 1);
      }
    }
    /* "Trump, who had hosted Zelensky …, spoke with Putin", "Putin, the Russian
       president, met": skip a relative clause or an aside (en) */
    if (m >= 0 && p->lang == PD_EN && p->el[0].kind == PD_EL_S) m = skip_aside(c, t, m, h0->start);
    /* "The Chinese embassy in Manila lodged": a place or capital after "in",
       "at" right behind another actor locates that actor (en) */
    if (m >= 0 && (size_t)m < c->nraw && p->lang == PD_EN && p->el[0].kind == PD_EL_S && m > 0) {
      size_t st = c->ments[m].start;
      long prev = m - 1;
      while (prev >= 0 && c->ments[prev].kind == MK_DEAD)
        prev--;
      if (prev >= 0 && c->ments[prev].kind != MK_PLACE) {
        size_t pe = c->ments[prev].end;
        if (((st == pe + 4 && (!memcmp(t + pe, " in ", 4) || !memcmp(t + pe, " at ", 4))) ||
             (st == pe + 8 && !memcmp(t + pe, " in the ", 8))) &&
            !after_preposition(t, c->ments[prev].start))
          m = group_at(c, prev, 1);
      }
    }
    /* "Merz urged China to … end the war in Ukraine during a visit to
       Beijing": a trigger in a "during …" phrase late in the sentence is the
       clause subject's, not the nearest actor's (en) */
    if (m >= 0 && p->lang == PD_EN && p->el[0].kind == PD_EL_S) {
      long subj = during_subject(c, t, h0->start);
      if (subj >= 0) m = subj;
    }
    if (m >= 0 && p->lang == PD_ZH && p->el[0].kind == PD_EL_S) m = topic_subject(c, t, m, h0->start);
    /* 普京在与特朗普通电话时…: skip an object of a preposition (zh); a
       compound by its first member (巴基斯坦和阿富汗在卡塔尔和土耳其斡旋下同意停火) */
    while (m >= 0 && p->lang == PD_ZH && p->el[0].kind == PD_EL_S) {
      long head = m;
      if ((size_t)m >= c->nraw) { /* a compound: the raw mention it starts with */
        head = -1;
        for (size_t i = first_mention_from(c, c->nraw, c->ments[m].start); i < c->nraw; i++)
          if (c->ments[i].start == c->ments[m].start && c->ments[i].kind != MK_DEAD) {
            head = (long)i;
            break;
          }
      }
      if (head < 0 || !oblique(c, t, (size_t)head)) break;
      long prev = head - 1;
      while (prev >= 0 && c->ments[prev].kind == MK_PLACE)
        prev--;
      if (prev < 0 || has_clause_break(t, c->ments[prev].end, c->ments[m].start)) break;
      m = group_at(c, prev, 1);
    }
    if (m >= 0) {
      if (p->el[0].kind == PD_EL_S)
        cd.s = m;
      else
        cd.t = m;
      cd.start = c->ments[m].start;
    }
  }
  /* a generated present form ("condemns") is a verb only right after its
     subject, maybe past an adverb or a day: "China strongly condemns" */
  if ((p->flags & PD_FLAG_PRESENT) && (cd.s < 0 || !subject_adjacent(t, c->ments[cd.s].end, h0->start))) return 0;
  cd.anchor = cd.last_lit;
  *out = cd;
  return 1;
}

/* ------------------------------------------------------------------ events */

static int cameo_detail(const parley_cameo *c) {
  size_t l = strlen(c->code);
  return (int)l * 2 + (c->code[l - 1] != '0');
}

static int cand_better(const candidate *a, const candidate *b) {
  if (a->p->spec != b->p->spec) return a->p->spec > b->p->spec;
  return cameo_detail(a->p->cameo) > cameo_detail(b->p->cameo);
}

static parley_event *new_event(docstate *ds) {
  parley_events *o = ds->out;
  if (grow((void **)&o->items, &ds->cap, o->count + 1, sizeof *o->items)) return NULL;
  parley_event *e = &o->items[o->count++];
  memset(e, 0, sizeof *e);
  return e;
}

static int add_claim(parley_event *e, const parley_actor *a, parley_stance st, long sentence, parley_span span) {
  for (size_t i = 0; i < e->n_claims; i++)
    if (!strcmp(e->claims[i].actor.code, a->code) && e->claims[i].stance == st) return 0;
  parley_claim *n = realloc(e->claims, (e->n_claims + 1) * sizeof *n);
  if (!n) return -1;
  e->claims = n;
  parley_claim *cl = &e->claims[e->n_claims++];
  memset(cl, 0, sizeof *cl);
  cl->actor = *a;
  cl->stance = st;
  cl->sentence = sentence;
  cl->span = span;
  return 0;
}

typedef struct sentctx {
  long index;
  const parley_sentence *s;
  const parley_normtext *nt;
  parley_date_mention dates[MAXDATES];
  size_t ndates;
  int en;
  size_t bg[8][2]; /* English non-restrictive clauses (", which … ,"): [comma, closing comma) */
  size_t nbg;
} sentctx;

/* The non-restrictive clause of sc holding [a, b), or -1. */
static int bg_clause(const sentctx *sc, size_t a, size_t b) {
  for (size_t k = 0; k < sc->nbg; k++)
    if (a > sc->bg[k][0] && b <= sc->bg[k][1]) return (int)k;
  return -1;
}

/* The date for an event whose trigger is at pos. An event inside a
 * non-restrictive clause ("Russia, which invaded Ukraine in 2022, said") takes
 * a date from that clause only, and the others never take one from it; an
 * event in such a clause that has no date of its own is background, not news
 * of the document's day: returns 1 and leaves e undated. Else 0. */
static int event_date(docstate *ds, const sentctx *sc, size_t pos, parley_event *e) {
  const parley_date_mention *best = NULL;
  size_t bestdist = (size_t)-1;
  int clause = bg_clause(sc, pos, pos + 1);
  for (size_t i = 0; i < sc->ndates && i < MAXDATES; i++) {
    const parley_date_mention *dm = &sc->dates[i];
    if (dm->basis == PARLEY_DATE_NONE || dm->date.y == 0) continue;
    if (sc->nbg && bg_clause(sc, dm->start, dm->end) != clause) continue;
    size_t dist;
    if (dm->end <= pos)
      dist = pos - dm->end;
    else if (dm->start >= pos)
      dist = (dm->start - pos) + (sc->en ? 0 : 1000); /* zh: dates precede */
    else
      dist = 0;
    if (dist < bestdist) {
      bestdist = dist;
      best = dm;
    }
  }
  if (best) {
    parley_ymd_format(best->date, e->date);
    if (best->date_end.y) parley_ymd_format(best->date_end, e->date_end);
    e->date_basis = best->basis;
    e->date_precision = best->precision;
    return 0;
  }
  if (clause >= 0) return 1;
  if (ds->dctx.last.y && ds->last_date_sentence >= 0 && sc->index - ds->last_date_sentence <= CARRY_SENTENCES) {
    /* after a range (28日深夜至29日凌晨) the story goes on from its end */
    parley_ymd_format(ds->dctx.last_end.y ? ds->dctx.last_end : ds->dctx.last, e->date);
    e->date_basis = PARLEY_DATE_CARRIED;
    e->date_precision = 3;
    return 0;
  }
  if (ds->dctx.doc.y) {
    parley_ymd_format(ds->dctx.doc, e->date);
    e->date_basis = PARLEY_DATE_DOCUMENT;
    e->date_precision = ds->dctx.doc.d ? 3 : ds->dctx.doc.m ? 2 : 1;
  }
  return 0;
}

/* A number before a count word right before the trigger (十次电话交流, "ten
 * phone calls"), or "N times" after it. Counts of one are not counts. */
static long number_before(const char *t, size_t i) {
  while (i > 0 && t[i - 1] == ' ')
    i--;
  long val = 0, mult = 1;
  size_t j = i;
  while (j > 0 && t[j - 1] >= '0' && t[j - 1] <= '9' && mult < 1000000) {
    val += (t[j - 1] - '0') * mult;
    mult *= 10;
    j--;
  }
  if (j < i) return val;
  static const char *digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  long units = 0, tens = 0;
  j = i;
  if (j >= 3) {
    for (int k = 0; k < 10; k++)
      if (!memcmp(t + j - 3, digits[k], 3)) {
        units = k, j -= 3;
        break; /* j moved: comparing on would read before the text */
      }
    if (j == i && !memcmp(t + j - 3, "两", 3)) units = 2, j -= 3;
  }
  if (j >= 3 && !memcmp(t + j - 3, "十", 3)) {
    tens = 1;
    j -= 3;
    if (j >= 3)
      for (int k = 2; k < 10; k++)
        if (!memcmp(t + j - 3, digits[k], 3)) tens = k;
  }
  if (tens || units) return tens * 10 + units;
  static const char *words[] = {"two",  "three", "four",   "five",   "six",   "seven", "eight",
                                "nine", "ten",   "eleven", "twelve", "dozen", NULL};
  for (int k = 0; words[k]; k++) {
    size_t wl = strlen(words[k]);
    if (i >= wl && !memcmp(t + i - wl, words[k], wl) && (i == wl || !pd_isalnum((unsigned char)t[i - wl - 1])))
      return k == 11 ? 12 : k + 2;
  }
  return 0;
}

static long find_count(parley_coder *c, const char *t, size_t len, const candidate *cd, int en) {
  (void)len;
  for (size_t k = cue_from(c, cd->start); k < c->ncues && c->cues[k].start <= cd->end + 16; k++) {
    const cue_hit *q = &c->cues[k];
    if (q->cls != PD_CUE_COUNT) continue;
    int before = q->end <= cd->last_lit && cd->last_lit - q->end <= 9 && q->start >= cd->start;
    int after = q->start >= cd->end && q->start - cd->end <= 16;
    if (!before && !after) continue;
    long v = number_before(t, q->start);
    if (v > 1) return v;
  }
  if (en) {
    /* "ten phone calls": a number right before the trigger words */
    long v = number_before(t, cd->first_lit);
    if (v > 1 && v < 1000) return v;
  }
  return 0;
}

static void actor_str(const parley_actor *a, char *out, size_t n) { snprintf(out, n, "%s (%s)", a->code, a->name); }

/* Emits the events of one accepted candidate; returns how many. */
static int emit(parley_coder *c, docstate *ds, const sentctx *sc, const candidate *cd, long *first_index) {
  const parley_dict *d = c->d;
  const mention *S = cd->s >= 0 ? &c->ments[cd->s] : NULL;
  const mention *T = cd->t >= 0 ? &c->ments[cd->t] : NULL;
  const pd_pattern *p = cd->p;
  member srcs[MAXMEM * 2], tgts[MAXMEM * 2];
  int ns = 0, nt = 0;
  int pairwise = 0;
  if (S)
    for (int i = 0; i < S->nmem; i++)
      srcs[ns++] = S->mem[i];
  if (T)
    for (int i = 0; i < T->nmem; i++)
      tgts[nt++] = T->mem[i];
  if (ns >= 2 && nt == 0 && (p->flags & (PD_FLAG_PAIR | PD_FLAG_SYM))) pairwise = 1;
  /* the venue right after the trigger ("held talks in Tokyo", "在北京会晤"): its country */
  char venue[8] = "";
  for (size_t k = 0; k < c->nraw && !strcmp(p->cameo->code, "044"); k++) {
    const mention *vm = &c->ments[k];
    if (vm->start < cd->first_lit || vm->start > cd->end + 4 || (long)k == cd->s || (long)k == cd->t) continue;
    if (vm->kind == MK_DEAD || vm->kind == MK_PERSON || vm->nmem != 1 || vm->mem[0].actor < 0) continue;
    const char *tx = sc->nt->text;
    int after_in = (vm->start >= 3 && !memcmp(tx + vm->start - 3, "in ", 3)) ||
                   (vm->start >= 3 && !memcmp(tx + vm->start - 3, "at ", 3)) ||
                   (vm->start >= 3 && !memcmp(tx + vm->start - 3, "在", 3));
    if (vm->kind != MK_PLACE && !after_in) continue;
    snprintf(venue, sizeof venue, "%s", d->actors[vm->mem[0].actor].country);
    break;
  }
  if (ns == 0 || (nt == 0 && !pairwise)) {
    explain(c, "  drop   %s %s: no %s", p->cameo->code, p->cameo->name, ns == 0 ? "source" : "target");
    return 0;
  }
  /* date first: people resolve by it */
  parley_event proto;
  memset(&proto, 0, sizeof proto);
  if (event_date(ds, sc, cd->anchor, &proto)) {
    explain(c, "  drop   %s %s: background (a non-restrictive clause with no date of its own)", p->cameo->code,
            p->cameo->name);
    return 0;
  }
  parley_ymd when = {0, 0, 0};
  if (proto.date[0])
    parley_ymd_parse(proto.date, &when);
  else
    when = ds->dctx.doc;
  if (proto.date[0] && proto.date_precision > 0 && proto.date_precision < 3) {
    /* "in 2025", "in March": roles as at the period's last day, or the document's date within it */
    parley_ymd last = when;
    if (proto.date_precision == 1)
      last.m = 12, last.d = 31;
    else {
      last.d = 28;
      while (last.d < 31 && parley_ymd_valid((parley_ymd){last.y, last.m, last.d + 1}))
        last.d++;
    }
    when = (ds->dctx.doc.y && parley_ymd_cmp(ds->dctx.doc, when) >= 0 && parley_ymd_cmp(ds->dctx.doc, last) <= 0)
               ? ds->dctx.doc
               : last;
  }
  long count = find_count(c, sc->nt->text, sc->nt->len, cd, sc->en);
  int made = 0;
  for (int i = 0; i < ns; i++) {
    int jn = pairwise ? ns : nt;
    for (int j = 0; j < jn; j++) {
      const member *ms = &srcs[i];
      const member *mt = pairwise ? &srcs[j] : &tgts[j];
      if (pairwise && i == j) continue;
      parley_actor as, at;
      if (!resolve_member(d, ms, when, &as) || !resolve_member(d, mt, when, &at)) {
        explain(c, "  drop   %s: an actor holds no role on %s", p->cameo->code, proto.date);
        continue;
      }
      if (!strcmp(as.code, at.code) ||
          (as.country[0] && !strcmp(as.country, at.country) && !domestic_conflict(&as, &at))) {
        explain(c, "  drop   %s: source and target are the same (%s)", p->cameo->code, as.code);
        continue;
      }
      /* a visit is also the host's act: 042 visitor→host, 043 host→visitor */
      const parley_cameo *host = NULL;
      if (!(p->flags & PD_FLAG_SYM) && !pairwise && !strcmp(p->cameo->code, "042")) host = parley_dict_cameo(d, "043");
      if (!(p->flags & PD_FLAG_SYM) && !pairwise && !strcmp(p->cameo->code, "043")) host = parley_dict_cameo(d, "042");
      int ndir = ((p->flags & PD_FLAG_SYM) && !pairwise) || host ? 2 : 1;
      for (int dir = 0; dir < ndir; dir++) {
        const parley_actor *a1 = dir ? &at : &as, *a2 = dir ? &as : &at;
        const parley_cameo *cam = dir && host ? host : p->cameo;
        /* "held talks in Tokyo" (044, a third location) between Japan and India is a
           visit: 042 for the guest, 043 for the host */
        if (!strcmp(cam->code, "044") && venue[0]) {
          if (!strcmp(venue, a2->country))
            cam = parley_dict_cameo(d, "042") ? parley_dict_cameo(d, "042") : cam;
          else if (!strcmp(venue, a1->country))
            cam = parley_dict_cameo(d, "043") ? parley_dict_cameo(d, "043") : cam;
        }
        /* same dyad and code in this sentence already? */
        int dup = 0;
        for (size_t k = ds->out->count; k-- > 0 && ds->out->items[k].sentence == sc->index;) {
          parley_event *o = &ds->out->items[k];
          if (o->sentence == sc->index && !strcmp(o->source.code, a1->code) && !strcmp(o->target.code, a2->code) &&
              !strcmp(o->event_code, cam->code) && !strcmp(o->date, proto.date))
            dup = 1;
        }
        if (dup) continue;
        parley_event *e = new_event(ds);
        if (!e) return -1;
        *e = proto;
        e->claims = NULL;
        e->n_claims = 0;
        snprintf(e->id, sizeof e->id, "%s#%ld", ds->doc->id ? ds->doc->id : "doc", ++ds->n);
        e->doc_id = ds->doc->id;
        e->sentence = sc->index;
        e->span.start = sc->nt->orig[cd->start];
        e->span.end = sc->nt->orig[cd->end];
        e->evidence = sc->s->span;
        size_t ts = cd->first_lit, te = cd->end;
        copy_text(ds->doc->text, sc->nt->orig[ts], sc->nt->orig[te], e->trigger, sizeof e->trigger);
        snprintf(e->pattern, sizeof e->pattern, "%s", p->source);
        e->source = *a1;
        e->target = *a2;
        snprintf(e->event_code, sizeof e->event_code, "%s", cam->code);
        snprintf(e->root_code, sizeof e->root_code, "%s", cam->root);
        e->quad_class = cam->quad_class;
        e->goldstein = cam->goldstein;
        e->count = count;
        snprintf(e->lang, sizeof e->lang, "%s", sc->en ? "en" : "zh");
        /* location: a place in the sentence (the target when it is one) */
        const mention *place = (T && T->kind == MK_PLACE) ? T : NULL;
        for (size_t k = 0; !place && k < c->nments; k++)
          if (c->ments[k].kind == MK_PLACE) place = &c->ments[k];
        if (place) {
          copy_text(ds->doc->text, sc->nt->orig[place->start], sc->nt->orig[place->end], e->location,
                    sizeof e->location);
          snprintf(e->location_country, sizeof e->location_country, "%s", d->actors[place->mem[0].actor].country);
        }
        if (*first_index < 0) *first_index = (long)(ds->out->count - 1);
        char sa[200], sb[200];
        actor_str(a1, sa, sizeof sa);
        actor_str(a2, sb, sizeof sb);
        explain(c, "  event  %s %s: %s -> %s  date %s%s%s (%s)  \"%s\"  [%s]", e->event_code, cam->name, sa, sb,
                e->date[0] ? e->date : "?", e->date_end[0] ? ".." : "", e->date_end,
                parley_date_basis_name(e->date_basis), e->trigger, p->source);
        made++;
      }
    }
  }
  /* the pair last mentioned */
  if (ns >= 1 && (nt >= 1 || pairwise) && (p->flags & (PD_FLAG_SYM | PD_FLAG_PAIR))) {
    ds->pair[0] = srcs[0];
    ds->pair[1] = pairwise ? srcs[1] : tgts[0];
    ds->have_pair = 1;
  }
  return made;
}

/* Who speaks at a cue: the first mention of its clause, else the nearest
 * mention before it in the sentence, else the previous sentence's subject. */
static const mention *speaker_of(parley_coder *c, docstate *ds, const char *t, const cue_hit *q, int en, int *after) {
  *after = 0;
  size_t cs = q->start;
  size_t floor_cs = q->start > 512 ? q->start - 512 : 0; /* a clause longer than that: its last 512 bytes */
  while (cs > floor_cs) {
    unsigned char b = (unsigned char)t[cs - 1];
    if (b == ',' || b == ';' || b == ':' || b == '!' || b == '?') break;
    if (cs >= 3 && !memcmp(t + cs - 3, "。", 3)) break;
    cs--;
  }
  for (size_t i = 0; i < c->nments; i++) {
    const mention *m = &c->ments[i];
    if (m->start >= cs && m->end <= q->start && m->kind != MK_PLACE && m->kind != MK_DEAD) return m;
  }
  long b = mention_before(c, q->start, 0);
  while (b > 0 && oblique(c, t, (size_t)b)) {
    long prev = b - 1;
    while (prev >= 0 && (c->ments[prev].kind == MK_PLACE || c->ments[prev].kind == MK_DEAD))
      prev--;
    if (prev < 0) break;
    b = prev;
  }
  long sb = skip_aside(c, t, b, q->start); /* "Putin, the Russian president, said" */
  if (sb != b) return &c->ments[sb];
  /* "…, the foreign ministry said", "…, according to X": a trailing report
     clause that names nobody before its cue is not the last actor's (en) */
  int trailing = en && q->cls == PD_CUE_REPORT && cs > floor_cs && t[cs - 1] == ',';
  if (b >= 0 && !trailing) return &c->ments[b];
  /* "according to X" */
  long a = mention_after(c, t, q->end, SLOT_GAP, 1);
  if (a >= 0) {
    *after = 1;
    return &c->ments[a];
  }
  /* an omitted subject continues the previous sentence's — for reports only:
   * a doubt or denial with nobody named is nobody's (各方…未经证实) */
  if (ds->have_topic && q->cls == PD_CUE_REPORT && !trailing) return &ds->topic;
  return NULL;
}

/* Is a report cue one that frames what follows as a charge? "claimed",
 * "alleged", 声称/宣称/指称 are; said, 称, 表示, 透露 are not (coding convention
 * C2: the reported event only). */
static int accusing_cue(const char *t, const cue_hit *q) {
  static const char *words[] = {"claim", "alleg", "声称", "宣称", "指称", NULL};
  for (int k = 0; words[k]; k++)
    if (q->end - q->start >= strlen(words[k]) && !memcmp(t + q->start, words[k], strlen(words[k]))) return 1;
  return 0;
}

/* Adds "who accuses the source of event i" (112), dated as `when`, unless the
 * sentence of event i already has who's 11 towards that source. */
static int add_accusation(parley_coder *c, docstate *ds, size_t i, const parley_actor *who, parley_span cspan,
                          const parley_event *when) {
  const parley_cameo *acc = parley_dict_cameo(c->d, "112");
  if (!acc) return 0;
  const parley_event *e = &ds->out->items[i];
  for (size_t j = ds->out->count; j-- > 0 && ds->out->items[j].sentence >= e->sentence;) {
    const parley_event *o = &ds->out->items[j];
    if (o->sentence == e->sentence && !strcmp(o->source.code, who->code) && !strcmp(o->target.code, e->source.code) &&
        !strcmp(o->root_code, "11"))
      return 0;
  }
  parley_event src = ds->out->items[i];
  parley_event *a = new_event(ds);
  if (!a) return -1;
  *a = src;
  a->claims = NULL;
  a->n_claims = 0;
  snprintf(a->id, sizeof a->id, "%s#%ld", ds->doc->id ? ds->doc->id : "doc", ++ds->n);
  a->source = *who;
  a->target = src.source;
  a->span = cspan;
  copy_text(ds->doc->text, cspan.start, cspan.end, a->trigger, sizeof a->trigger);
  snprintf(a->pattern, sizeof a->pattern, "claim: %s reports a hostile act by %s", who->code, src.source.code);
  snprintf(a->event_code, sizeof a->event_code, "%s", acc->code);
  snprintf(a->root_code, sizeof a->root_code, "%s", acc->root);
  a->quad_class = acc->quad_class;
  a->goldstein = acc->goldstein;
  a->count = 0;
  memcpy(a->date, when->date, sizeof a->date);
  memcpy(a->date_end, when->date_end, sizeof a->date_end);
  a->date_basis = when->date_basis;
  a->date_precision = when->date_precision;
  explain(c, "  event  112 accuse: %s -> %s (the claimant's own act)", who->code, src.source.code);
  return 0;
}

/* Adds "who denies what cl asserts" (016), dated where the cue q is. */
static int add_denial(parley_coder *c, docstate *ds, const sentctx *sc, const parley_actor *who, const parley_actor *cl,
                      parley_span cspan, const cue_hit *q) {
  const parley_cameo *deny = parley_dict_cameo(c->d, "016");
  if (!deny) return 0;
  parley_event tmp;
  memset(&tmp, 0, sizeof tmp);
  event_date(ds, sc, q->start, &tmp);
  parley_event *a = new_event(ds);
  if (!a) return -1;
  *a = tmp;
  snprintf(a->id, sizeof a->id, "%s#%ld", ds->doc->id ? ds->doc->id : "doc", ++ds->n);
  a->doc_id = ds->doc->id;
  a->sentence = sc->index;
  a->span = cspan;
  a->evidence = sc->s->span;
  copy_text(ds->doc->text, cspan.start, cspan.end, a->trigger, sizeof a->trigger);
  snprintf(a->pattern, sizeof a->pattern, "claim: %s denies what %s asserts", who->code, cl->code);
  a->source = *who;
  a->target = *cl;
  snprintf(a->event_code, sizeof a->event_code, "%s", deny->code);
  snprintf(a->root_code, sizeof a->root_code, "%s", deny->root);
  a->quad_class = deny->quad_class;
  a->goldstein = deny->goldstein;
  snprintf(a->lang, sizeof a->lang, "%s", sc->en ? "en" : "zh");
  explain(c, "  event  016 deny: %s -> %s (the denier's own act)", who->code, cl->code);
  return 0;
}

/* "The Philippines accused China of firing water cannon at …", 扎哈罗娃指责
 * 北约向乌克兰提供远程武器: an event of the accused later in the accusation's
 * sentence is what the accuser asserts (a claim), as after a report cue. */
static int accusation_claims(parley_coder *c, docstate *ds, const sentctx *sc, size_t ev_begin) {
  for (size_t i = ev_begin; i < ds->out->count; i++) {
    const parley_event *acc = &ds->out->items[i];
    if (strncmp(acc->event_code, "112", 3)) continue;
    for (size_t j = ev_begin; j < ds->out->count; j++) {
      parley_event *e = &ds->out->items[j];
      if (j == i || !strncmp(e->event_code, "112", 3) || e->span.start <= acc->span.start) continue;
      if (strcmp(e->source.code, acc->target.code) && strcmp(e->source.country, acc->target.country)) continue;
      if (!strcmp(e->source.country, acc->source.country)) continue;
      parley_actor who = acc->source;
      if (add_claim(e, &who, PARLEY_ASSERTS, sc->index, acc->span)) return -1;
      explain(c, "  claim  %s asserts %s %s -> %s (accusation)", who.code, e->event_code, e->source.code,
              e->target.code);
    }
  }
  return 0;
}

static int process_cues(parley_coder *c, docstate *ds, const sentctx *sc, size_t ev_begin) {
  const char *t = sc->nt->text;
  if (accusation_claims(c, ds, sc, ev_begin)) return -1;
  for (size_t k = 0; k < c->ncues; k++) {
    const cue_hit *q = &c->cues[k];
    if (q->cls != PD_CUE_REPORT && q->cls != PD_CUE_DENY && q->cls != PD_CUE_DOUBT) continue;
    if (q->cls == PD_CUE_REPORT && q->start >= 3 && q->end - q->start == 3 && !memcmp(t + q->start, "说", 3)) {
      const char *pc = t + q->start - 3;
      if (!memcmp(pc, "来", 3) || !memcmp(pc, "所", 3) || !memcmp(pc, "听", 3) || !memcmp(pc, "据", 3)) continue;
    }
    int after;
    const mention *sp = speaker_of(c, ds, t, q, sc->en, &after);
    if (!sp) {
      explain(c, "  cue    %.*s: no speaker found", (int)(q->end - q->start), t + q->start);
      continue;
    }
    parley_ymd when = ds->dctx.last.y ? ds->dctx.last : ds->dctx.doc;
    parley_actor who;
    if (!resolve_member(c->d, &sp->mem[0], when, &who)) continue;
    parley_span cspan = {sc->nt->orig[q->start], sc->nt->orig[q->end]};
    if (q->cls == PD_CUE_REPORT) {
      /* events after the cue; or, for "..., X said", events before the speaker */
      int any = 0;
      /* the speaker's place in this sentence: none for the document's topic,
         a mention of an earlier sentence (its offsets are that sentence's) */
      int sp_here = sp != &ds->topic;
      /* events that end before the next report cue, which has its own speaker
         (美方宣布…,中方随即宣布…: the second event, 中方 included, is the second cue's) */
      size_t stop = (size_t)-1;
      for (size_t k2 = 0; k2 < c->ncues; k2++) /* (cues are not in text order) */
        if (c->cues[k2].cls == PD_CUE_REPORT && c->cues[k2].start >= q->end && sc->nt->orig[c->cues[k2].start] < stop)
          stop = sc->nt->orig[c->cues[k2].start];
      for (int pass = 0; pass < (sc->en && sp_here ? 2 : 1) && !any; pass++) {
        for (size_t i = ev_begin; i < ds->out->count; i++) {
          parley_event *e = &ds->out->items[i];
          size_t epos = e->span.start;
          int in = pass == 0 ? epos >= cspan.end && e->span.end <= stop : epos < sc->nt->orig[sp->start];
          if (!in) continue;
          if (!strcmp(e->source.country, who.country) || !strcmp(e->source.code, who.code)) {
            if (grow((void **)&ds->self, &ds->capself, ds->nself + 1, sizeof *ds->self)) return -1;
            ds->self[ds->nself++] = (struct self_report){i, who, cspan, sc->index};
            continue;
          }
          if (add_claim(e, &who, PARLEY_ASSERTS, sc->index, cspan)) return -1;
          explain(c, "  claim  %s asserts %s %s -> %s (%.*s)", who.code, e->event_code, e->source.code, e->target.code,
                  (int)(q->end - q->start), t + q->start);
          any = 1;
          /* the claimant's own act: accusing the source of a hostile act. Only
             a cue that frames the report as a charge ("claimed", "alleged",
             声称, 指称) makes it one at once; "the Israeli military said",
             美国官员透露 report the act without accusing anybody (coding
             convention C2) -- unless the accused denies it later (below) */
          if (e->quad_class >= 3 && strcmp(e->source.country, who.country) && accusing_cue(t, q)) {
            parley_event at;
            memset(&at, 0, sizeof at);
            event_date(ds, sc, q->start, &at); /* the accusation is dated where the cue is */
            if (add_accusation(c, ds, i, &who, cspan, &at)) return -1;
          }
        }
      }
      continue;
    }
    /* deny / doubt: the latest claimed event, by someone else */
    parley_stance st = q->cls == PD_CUE_DENY ? PARLEY_DENIES : PARLEY_DOUBTS;
    /* Which claimed event? The accused denying its own act; a claimant named
     * in this sentence (俄方指控, "Russia's claim"); a material conflict; the latest. */
    parley_event *target = NULL;
    const struct self_report *target_self = NULL;
    int best = -1;
    size_t lowest = ds->out->count > 500 ? ds->out->count - 500 : 0;
    for (size_t i = ds->out->count; i-- > lowest;) {
      parley_event *e = &ds->out->items[i];
      if (e->sentence > sc->index) continue;
      int claimed_by_other = 0, claimant_named = 0;
      for (size_t j = 0; j < e->n_claims; j++) {
        const parley_claim *cl = &e->claims[j];
        if (cl->stance != PARLEY_ASSERTS || !strcmp(cl->actor.country, who.country)) continue;
        claimed_by_other = 1;
        for (size_t m = 0; m < c->nraw; m++) {
          parley_actor ma;
          if (&c->ments[m] != sp && resolve_member(c->d, &c->ments[m].mem[0], when, &ma) &&
              !strcmp(ma.country, cl->actor.country))
            claimant_named = 1;
        }
      }
      /* an event its own source reported ("Russia said it captured …, a claim
         Ukraine rejected"): denied or doubted by another, it becomes a claim */
      const struct self_report *self = NULL;
      if (!claimed_by_other)
        for (size_t r = 0; r < ds->nself && !self; r++)
          if (ds->self[r].ev == i && strcmp(ds->self[r].who.country, who.country)) self = &ds->self[r];
      if (!claimed_by_other && !self) continue;
      /* a stance far from the claim must name it: the denier is a party, or the
       * claimant or a party is named here; else it is about something else */
      int party = !strcmp(e->source.country, who.country) || !strcmp(e->target.country, who.country);
      /* a denial from far away is the denier's own act's ("Venezuela denied
         the U.S. accusations" is not about a Saudi visit a U.S. official
         announced four sentences before, though it names the U.S.) */
      if (!party && st == PARLEY_DENIES && sc->index - e->sentence > 2) continue;
      if (!party && !claimant_named && sc->index - e->sentence > 2) {
        int named = 0;
        for (size_t m = 0; m < c->nraw && !named; m++) {
          parley_actor ma;
          if (&c->ments[m] != sp && c->ments[m].kind != MK_DEAD &&
              resolve_member(c->d, &c->ments[m].mem[0], when, &ma) &&
              (!strcmp(ma.country, e->source.country) || !strcmp(ma.country, e->target.country)))
            named = 1;
        }
        if (!named) continue;
      }
      int score = 0;
      if (st == PARLEY_DENIES && !strcmp(e->source.country, who.country)) score += 4;
      if (claimant_named) score += 2;
      if (e->quad_class == 4) score += 2;
      if (score > best) {
        best = score;
        target = e;
        target_self = self;
      }
    }
    if (!target && st == PARLEY_DENIES && sc->en) {
      /* "Pakistan accused India of …, a charge New Delhi denied": the accused
         denies the accusation of this sentence */
      const parley_actor *accuser = NULL;
      for (size_t i = ev_begin; i < ds->out->count && !accuser; i++) {
        const parley_event *e = &ds->out->items[i];
        if (e->sentence == sc->index && !strcmp(e->root_code, "11") && !strcmp(e->target.country, who.country) &&
            strcmp(e->source.country, who.country) && e->span.start < cspan.start)
          accuser = &e->source;
      }
      if (accuser) {
        parley_actor cl = *accuser;
        if (add_denial(c, ds, sc, &who, &cl, cspan, q)) return -1;
        continue;
      }
    }
    if (!target) {
      explain(c, "  cue    %s %.*s: no claimed event to attach to", who.code, (int)(q->end - q->start), t + q->start);
      continue;
    }
    if (target_self) {
      parley_actor self_who = target_self->who;
      if (add_claim(target, &self_who, PARLEY_ASSERTS, target_self->sentence, target_self->span)) return -1;
      explain(c, "  claim  %s asserts %s %s -> %s (its own report)", self_who.code, target->event_code,
              target->source.code, target->target.code);
    }
    if (add_claim(target, &who, st, sc->index, cspan)) return -1;
    explain(c, "  claim  %s %s %s %s -> %s (%.*s)", who.code, parley_stance_name(st), target->event_code,
            target->source.code, target->target.code, (int)(q->end - q->start), t + q->start);
    /* a denial is also the denier's act towards the claimant: CAMEO 016 */
    const parley_cameo *deny = st == PARLEY_DENIES ? parley_dict_cameo(c->d, "016") : NULL;
    const parley_actor *claimant = NULL;
    parley_span claim_span = {0, 0};
    for (size_t j = 0; j < target->n_claims; j++)
      if (target->claims[j].stance == PARLEY_ASSERTS && strcmp(target->claims[j].actor.country, who.country)) {
        claimant = &target->claims[j].actor;
        claim_span = target->claims[j].span;
      }
    if (deny && claimant) {
      parley_actor cl = *claimant;
      /* a hostile act its author denies was an accusation by the claimant (in
         Chinese every claim of one already is: see above), dated as the act */
      if (sc->en && target->quad_class >= 3 && strcmp(cl.country, target->source.country)) {
        parley_event at = *target;
        if (add_accusation(c, ds, (size_t)(target - ds->out->items), &cl, claim_span, &at)) return -1;
      }
      if (add_denial(c, ds, sc, &who, &cl, cspan, q)) return -1;
    }
  }
  return 0;
}

/* --------------------------------------------------------------- sentence */

/* "Zelenskiy called on the United States to impose sanctions on Moscow": the
 * act an appeal, demand, invitation, refusal or threat (02, 03, 10, 12, 13) asks
 * of its target, in an infinitive after it, is not an act of the target. Drops
 * such candidates from acc; returns the new count. */
static size_t drop_requested_acts(parley_coder *c, const char *t, candidate *acc, size_t nacc) {
  size_t n = 0;
  for (size_t i = 0; i < nacc; i++) {
    const candidate *x = &acc[i];
    int requested = 0;
    for (size_t j = 0; j < nacc && x->s >= 0 && !requested; j++) {
      const candidate *g = &acc[j];
      const char *r = g->p->cameo->root;
      if (j == i || g->t < 0 || g->first_lit >= x->first_lit) continue;
      if (strcmp(r, "02") && strcmp(r, "03") && strcmp(r, "10") && strcmp(r, "12") && strcmp(r, "13")) continue;
      const mention *gt = &c->ments[g->t], *xs = &c->ments[x->s];
      if (xs->start < gt->start || xs->start >= gt->end || xs->end > x->first_lit) continue;
      for (size_t b = xs->end; b + 3 <= x->first_lit && !requested; b++)
        if (!memcmp(t + b, " to ", b + 4 <= x->first_lit ? 4 : 3)) requested = 1;
    }
    /* English, and the appeal had no target of its own: "Egypt and Qatar …
       urged both sides to return to negotiations" is no talks between Egypt
       and Qatar. An appeal verb between the subject and the act, then "to". */
    if (!requested && x->s >= 0 && x->p->lang == PD_EN) {
      static const char *appeal[] = {" urged ", " called on ", " asked ", " pressed ", " told ", " demanded ", NULL};
      const mention *xs = &c->ments[x->s];
      for (int k = 0; appeal[k] && !requested; k++) {
        size_t l = strlen(appeal[k]);
        for (size_t b = xs->end; b + l <= x->first_lit && !requested; b++)
          if (!memcmp(t + b, appeal[k], l) && memmem(t + b + l - 1, x->first_lit - (b + l - 1), " to ", 4) &&
              !has_clause_break(t, b, x->first_lit))
            requested = 1;
      }
    }
    if (requested) {
      explain(c, "  drop   %s %s: an act requested of the target", x->p->cameo->code, x->p->cameo->name);
      continue;
    }
    acc[n++] = acc[i];
  }
  return n;
}

/* Coordinated verbs share their subject: in "European leaders expressed
 * support for Ukraine and warned Moscow", 支持乌克兰并警告俄罗斯, the actor
 * right before "and"/并 is the object of the verb before, not the subject of
 * the next one. When a candidate's subject is the target of an earlier
 * accepted candidate and only a coordinator lies between that actor and the
 * candidate's verb, the earlier candidate's subject is taken. */
static void share_coordinated_subjects(parley_coder *c, const char *t, candidate *acc, size_t nacc,
                                       const candidate *neg, size_t nneg) {
  static const char *coord[] = {" and ", ", and ", " and also ", " and then ", "并",
                                ",并",   "并且",   "同时",       ",同时",      NULL};
  for (size_t i = 0; i < nacc; i++) {
    candidate *x = &acc[i];
    if (x->s < 0 || x->p->el[0].kind != PD_EL_S) continue;
    const mention *xs = &c->ments[x->s];
    if (xs->end > x->first_lit) continue;
    size_t gap = x->first_lit - xs->end;
    int is_coord = 0;
    for (int k = 0; coord[k] && !is_coord; k++)
      is_coord = gap == strlen(coord[k]) && !memcmp(t + xs->end, coord[k], gap);
    if (!is_coord) continue;
    for (size_t j = 0; j < nacc + nneg; j++) { /* the verbs before, kept or negated */
      const candidate *g = j < nacc ? &acc[j] : &neg[j - nacc];
      if (j == i || g->s < 0 || g->t < 0 || g->first_lit >= xs->start) continue;
      /* 将访问美国并与川普会面: the modal governs both verbs, and a shared
         subject would make the planned meeting a meeting */
      if (!strcmp(g->p->cameo->root, "03")) continue;
      const mention *gt = &c->ments[g->t];
      if (gt->start != xs->start || gt->end != xs->end) continue;
      if (x->t >= 0 && c->ments[x->t].start == c->ments[g->s].start) break; /* would be its own target */
      explain(c, "  share  %s %s: the subject of the verb before", x->p->cameo->code, x->p->cameo->name);
      x->s = g->s;
      break;
    }
  }
}

/* Does a non-restrictive relative clause start at the comma t[i] (", which ",
 * ", who ", ", whose ")? */
static int rel_clause_at(const char *t, size_t len, size_t i) {
  static const char *w[] = {", which ", ", who ", ", whose ", NULL};
  for (int k = 0; w[k]; k++)
    if (i + strlen(w[k]) <= len && !memcmp(t + i, w[k], strlen(w[k]))) return 1;
  return 0;
}

/* Codes one sentence. Returns 0, or a parley_status with err filled (the
   normaliser's own error, e.g. invalid UTF-8; anything else is memory). */
static int code_sentence(parley_coder *c, docstate *ds, long si, const parley_sentence *s, parley_error *err) {
  const parley_dict *d = c->d;
  const parley_doc *doc = ds->doc;
  parley_normtext nt = {0};
  parley_error e2;
  parley_error_clear(&e2);
  int nrc = pd_normalize(d->norm, doc->text + s->span.start, s->span.end - s->span.start, s->span.start, &nt, &e2);
  if (nrc) {
    if (nrc == PARLEY_ENOMEM || !e2.message[0])
      return parley_error_set(err, PARLEY_ENOMEM, doc->file, doc->line, "out of memory while coding %s",
                              doc->id ? doc->id : "?");
    return parley_error_set(err, nrc, doc->file, doc->line, "%s: %s", doc->id ? doc->id : "?", e2.message);
  }
  const char *t = nt.text;
  size_t len = nt.len;
  int en = !strcmp(s->lang, "en");
  sentctx sc;
  memset(&sc, 0, sizeof sc);
  sc.index = si;
  sc.s = s;
  sc.nt = &nt;
  sc.en = en;
  if (c->opt.explain) {
    char shown[600];
    copy_text(doc->text, s->span.start, s->span.end, shown, sizeof shown);
    explain(c, "[s%ld] (%s) %s", si, s->lang, shown);
  }
  /* dates. A date after the document date (a planned visit: 将于11月16日至20日
     访问) does not carry into the sentences after it: they report what
     happened, 当天 there is the document's day */
  if (ds->dctx.doc.d && ds->dctx.last.y && parley_ymd_cmp(ds->dctx.last, ds->dctx.doc) > 0) {
    memset(&ds->dctx.last, 0, sizeof ds->dctx.last);
    memset(&ds->dctx.last_end, 0, sizeof ds->dctx.last_end);
    ds->dctx.last_inferred = 0;
    ds->last_date_sentence = -1;
  }
  sc.ndates = parley_dates_find(t, len, en ? "en" : "zh", &ds->dctx, sc.dates, MAXDATES);
  for (size_t i = 0; i < sc.ndates && i < MAXDATES; i++) {
    const parley_date_mention *dm = &sc.dates[i];
    char a[11], b[11];
    parley_ymd_format(dm->date, a);
    parley_ymd_format(dm->date_end, b);
    explain(c, "  date   \"%.*s\" -> %s%s%s (%s)", (int)(dm->end - dm->start), t + dm->start, a[0] ? a : "?",
            b[0] ? ".." : "", b, parley_date_basis_name(dm->basis));
    if (dm->precision == 3 && dm->date.y) ds->last_date_sentence = si;
  }
  c->aux_hit = NULL; /* the hits array is refilled */
  /* one scan */
  c->nhits = 0;
  scanctx sx = {c, t, len, 0};
  pa_scan(d->ac, t, len, on_hit, &sx);
  if (sx.oom) {
    parley_normtext_free(&nt);
    return -1;
  }
  if (c->nhits > 1) qsort(c->hits, c->nhits, sizeof *c->hits, hit_cmp);
  /* cues */
  c->ncues = 0;
  for (size_t h = 0; h < c->nhits; h++) {
    const hit *x = &c->hits[h];
    for (size_t u = d->use_start[x->key]; u < d->use_start[x->key + 1]; u++) {
      const pd_use *us = &d->uses[u];
      if (us->type != PD_USE_CUE) continue;
      if ((us->lang == PD_EN) != en && us->cls != PD_CUE_JOIN) continue;
      if (!word_ok(t, len, x->start, x->end, 0)) continue;
      if (us->cls == PD_CUE_HE && x->end + 3 <= len && !memcmp(t + x->end, "们", 3)) continue;
      /* words that begin with a cue character but are not the cue: 不断, 未来, 说法, 称赞, 据称 */
      if (!en && x->end - x->start == 3) {
        static const char *not_after[][2] = {
            {"不", "断仅但过少同久料满管足然"}, {"未", "来必免"}, {"说", "法服明"}, {"称", "赞号为作"}, {"没", "收落"}};
        int skip = 0;
        for (size_t k = 0; k < sizeof not_after / sizeof not_after[0]; k++) {
          if (memcmp(t + x->start, not_after[k][0], 3) || x->end + 3 > len) continue;
          char nx[4] = {t[x->end], t[x->end + 1], t[x->end + 2], 0};
          if (strstr(not_after[k][1], nx)) skip = 1;
        }
        if (x->start >= 3 && !memcmp(t + x->start, "称", 3) && !memcmp(t + x->start - 3, "据", 3)) skip = 1;
        if (x->start >= 3 && !memcmp(t + x->start, "说", 3) && !memcmp(t + x->start - 3, "游", 3)) skip = 1;
        if (skip) continue;
      }
      int nested = 0;
      for (size_t k = c->ncues; k-- > 0 && c->cues[k].start + 96 >= x->start;)
        if (c->cues[k].cls == us->cls && c->cues[k].start <= x->start && x->end <= c->cues[k].end) nested = 1;
      if (nested) continue;
      if (grow((void **)&c->cues, &c->capcues, c->ncues + 1, sizeof *c->cues)) {
        parley_normtext_free(&nt);
        return -1;
      }
      c->cues[c->ncues++] = (cue_hit){us->cls, x->start, x->end};
      break;
    }
  }
  /* ", a claim Ukraine's military rejected", ", a charge Beijing dismissed":
     the verb of such a trailing clause denies (en) */
  if (en) {
    static const char *const heads[] = {", a claim ",       ", claims ",       ", a charge ",
                                        ", an allegation ", ", an assertion ", NULL};
    static const char *const verbs[] = {" rejected", " dismissed", " disputed", " refuted", NULL};
    for (int hk = 0; heads[hk]; hk++)
      for (const char *p = t; (p = memmem(p, len - (size_t)(p - t), heads[hk], strlen(heads[hk])));
           p += strlen(heads[hk])) {
        size_t from = (size_t)(p - t) + strlen(heads[hk]), lim = from + 60 < len ? from + 60 : len;
        for (size_t k = from; k < lim && t[k] != ','; k++)
          for (int vk = 0; verbs[vk]; vk++) {
            size_t vl = strlen(verbs[vk]);
            if (k + vl <= len && !memcmp(t + k, verbs[vk], vl) &&
                (k + vl == len || !pd_isalnum((unsigned char)t[k + vl])) &&
                !grow((void **)&c->cues, &c->capcues, c->ncues + 1, sizeof *c->cues)) {
              c->cues[c->ncues++] = (cue_hit){PD_CUE_DENY, k + 1, k + vl};
              k = lim;
              break;
            }
          }
      }
  }
  if (build_mentions(c, ds, &nt, en)) {
    parley_normtext_free(&nt);
    return -1;
  }
  if (c->opt.explain)
    for (size_t i = 0; i < c->nments; i++) {
      const mention *m = &c->ments[i];
      char names[600] = "";
      size_t nl = 0;
      for (int k = 0; k < m->nmem && nl < sizeof names - 100; k++) {
        parley_actor a;
        char nm[128];
        member_name(d, &m->mem[k], nm, sizeof nm);
        if (resolve_member(d, &m->mem[k], ds->dctx.last.y ? ds->dctx.last : ds->dctx.doc, &a))
          nl += (size_t)snprintf(names + nl, sizeof names - nl, "%s%s (%s)", k ? " + " : "", a.code, nm);
        else
          nl += (size_t)snprintf(names + nl, sizeof names - nl, "%s? (%s)", k ? " + " : "", nm);
      }
      static const char *kn[] = {"actor", "person", "place", "title", "group", "(part)"};
      explain(c, "  %-6s \"%.*s\" -> %s", kn[m->kind], (int)(m->end - m->start), t + m->start, names);
    }
  /* relative-clause markers and commas, for English subjects */
  c->nrel = c->ncommas = 0;
  if (en) {
    /* relative clauses and participial / appositive asides that name another
       actor between a subject and its verb ("The Houthis, backed by Iran, attacked") */
    static const char *rel[] = {", who ",
                                ", which ",
                                ", whose ",
                                ", whom ",
                                ", backed by ",
                                ", supported by ",
                                ", funded by ",
                                ", armed by ",
                                ", sponsored by ",
                                ", aided by ",
                                ", allied with ",
                                ", an ally of ",
                                ", a close ally of ",
                                NULL};
    for (size_t i = 0; i < len; i++) {
      if (t[i] != ',') continue;
      if (grow((void **)&c->commas, &c->capcommas, c->ncommas + 1, sizeof *c->commas)) {
        parley_normtext_free(&nt);
        return -1;
      }
      c->commas[c->ncommas++] = i;
      int mark = 0; /* 1: a relative clause; 2: another aside (after a mention only) */
      for (int k = 0; rel[k] && !mark; k++) {
        size_t rl = strlen(rel[k]);
        if (i + rl <= len && !memcmp(t + i, rel[k], rl)) mark = 1;
      }
      if (mark && rel_clause_at(t, len, i) && sc.nbg < sizeof sc.bg / sizeof sc.bg[0]) {
        size_t close = i + 1;
        while (close < len && t[close] != ',' && t[close] != ';')
          close++;
        sc.bg[sc.nbg][0] = i;
        sc.bg[sc.nbg++][1] = close;
      }
      if (!mark && i + 2 < len && t[i + 1] == ' ' && aside_start(t, len, i + 2)) mark = 2;
      if (mark) {
        if (grow((void **)&c->rel_marks, &c->caprel, c->nrel + 1, sizeof *c->rel_marks)) {
          parley_normtext_free(&nt);
          return -1;
        }
        c->rel_marks[c->nrel++] = i * 2 + (mark == 2);
      }
    }
  }
  /* patterns */
  candidate *cands = NULL;
  size_t ncand = 0, capcand = 0;
  for (size_t h = 0; h < c->nhits; h++) {
    const hit *x = &c->hits[h];
    for (size_t k = d->flp_start[x->key]; k < d->flp_start[x->key + 1]; k++) {
      const pd_pattern *p = &d->patterns[d->first_lit_patterns[k]];
      if ((p->lang == PD_EN) != en || (p->flags & PD_FLAG_SHADOWED)) continue;
      candidate cd;
      if (!try_pattern(c, p, x, t, len, &cd)) continue;
      /* a pattern without T codes only a pair (双方, A与B); with one actor it cannot
       * produce an event, and must not hide a pattern that can */
      int has_t = 0;
      for (int e = 0; e < p->nel; e++)
        if (p->el[e].kind == PD_EL_T) has_t = 1;
      /* "If the United States insists on a trade war, China will fight to the
         end": a threat's target is the actor of a leading if-clause (en) */
      if (!has_t && en && cd.s >= 0 && !strcmp(p->cameo->root, "13") && len > 3 && !memcmp(t, "if ", 3)) {
        const char *comma = memchr(t, ',', cd.first_lit);
        for (size_t m = 0; comma && m < c->nraw && c->ments[m].end <= (size_t)(comma - t); m++)
          if (c->ments[m].kind != MK_PLACE && c->ments[m].kind != MK_DEAD && (long)m != cd.s) {
            cd.t = group_at(c, (long)m, 0);
            has_t = 1;
            break;
          }
      }
      if (!has_t && cd.s >= 0 && c->ments[cd.s].nmem < 2) {
        explain(c, "  drop   %s %s: one actor and no target", p->cameo->code, p->cameo->name);
        continue;
      }
      /* nor with no actor at all ("以色列战机空袭…": 战机 is inside the source's
       * name), unless a pair named later may fill it */
      if (!has_t && cd.s < 0 && !(p->flags & PD_FLAG_PAIR)) {
        explain(c, "  drop   %s %s: no actor and no target", p->cameo->code, p->cameo->name);
        continue;
      }
      if (grow((void **)&cands, &capcand, ncand + 1, sizeof *cands)) {
        free(cands);
        parley_normtext_free(&nt);
        return -1;
      }
      cands[ncand++] = cd;
    }
  }
  /* most specific first */
  for (size_t i = 1; i < ncand; i++)
    for (size_t j = i; j > 0 && cand_better(&cands[j], &cands[j - 1]); j--) {
      candidate tmp = cands[j];
      cands[j] = cands[j - 1];
      cands[j - 1] = tmp;
    }
  size_t ev_begin = ds->out->count;
  candidate *acc = NULL;
  size_t nacc = 0, nneg = 0;
  /* per byte of the sentence: is it part of an accepted verb; which roots start there */
  uint8_t *verb_used = NULL;
  uint32_t *roots_at = NULL;
  if (ncand) {
    acc = calloc(2 * ncand, sizeof *acc); /* the kept candidates, then the negated ones */
    verb_used = calloc(len + 1, 1);
    roots_at = calloc(len + 1, sizeof *roots_at);
    if (!acc || !verb_used || !roots_at) {
      free(acc), free(verb_used), free(roots_at), free(cands);
      parley_normtext_free(&nt);
      return -1;
    }
  }
  for (size_t i = 0; i < ncand; i++) {
    candidate *cd = &cands[i];
    int clash = 0;
    /* the same verb words (精准打击 / 打击) serve one pattern only */
    for (size_t b = cd->last_lit; b < cd->last_lit_end && b < len; b++)
      if (verb_used[b] & 1) clash = 1;
    /* one verb, one event: a candidate starting at the trigger of a kept,
       more specific one ("rejected T ~ claims" 016 over "rejected T" 120,
       "hit T ~ with ~ tariffs" 163 over "hit T" 190) adds nothing */
    uint32_t rootbit = 1u << (atoi(cd->p->cameo->root) & 31);
    if (roots_at[cd->first_lit]) clash = 1;
    /* nor one whose trigger lies among the literals of a kept, more specific
       one ("ready to resume talks with T" 036 over "talks with T" 046) */
    if (en && (verb_used[cd->first_lit] & 2)) clash = 1;
    if (clash) continue;
    /* negation right before the trigger */
    int negated = 0;
    size_t nfrom = cd->first_lit > 120 ? cd->first_lit - 120 : 0;
    for (size_t k = cue_from(c, nfrom); k < c->ncues && c->cues[k].start < cd->last_lit_end; k++) {
      const cue_hit *q = &c->cues[k];
      if (q->cls != PD_CUE_NEGATE) continue;
      size_t trig = cd->first_lit;
      int before_first = q->end <= trig && trig - q->end <= NEG_WINDOW && !has_clause_break(t, q->end, trig);
      /* "did not ... meet": the negation may also sit between slot and a later literal */
      int inside = q->start >= cd->first_lit && q->end <= cd->last_lit && q->start > cd->first_lit;
      if (before_first || (inside && en)) negated = 1;
      if (!en && q->end <= trig && trig - q->end <= NEG_WINDOW + 24 && !has_clause_break(t, q->end, trig) &&
          zh_phrase_negator(t, q)) {
        /* 未就…达成, 不会在压力下与美国谈判: a Chinese negation governs the whole verb phrase */
        negated = negated || (trig - q->end <= 60);
      }
    }
    if (negated) {
      explain(c, "  drop   %s %s: negated", cd->p->cameo->code, cd->p->cameo->name);
      acc[ncand + nneg++] = *cd; /* its subject is still the next verb's ("avoid travelling to Japan and suspended") */
      continue;
    }
    acc[nacc++] = *cd;
    for (size_t b = cd->last_lit; b < cd->last_lit_end && b < len; b++)
      verb_used[b] |= 1;
    for (size_t b = cd->first_lit + 1; b < cd->last_lit_end && b < len; b++)
      verb_used[b] |= 2;
    roots_at[cd->first_lit] |= rootbit;
  }
  free(cands);
  free(verb_used);
  free(roots_at);
  if (en) nacc = drop_requested_acts(c, t, acc, nacc);
  share_coordinated_subjects(c, t, acc, nacc, acc ? acc + ncand : NULL, nneg);
  for (size_t i = 0; i < nacc; i++) {
    if (acc[i].s < 0 && (acc[i].p->flags & PD_FLAG_PAIR)) {
      /* 从2月12日首次通联到…，两国领导人保持着…: the pair named later in the sentence */
      for (size_t m = 0; m < c->nments && acc[i].s < 0; m++)
        if (c->ments[m].kind == MK_GROUP && (long)m != acc[i].t) acc[i].s = (long)m;
    }
    if (acc[i].s < 0 && ds->have_topic && si - ds->topic_sentence <= 1) {
      /* the previous sentence's subject, when this sentence names nobody else */
      int others = 0;
      for (size_t m = 0; m < c->nraw; m++)
        if (c->ments[m].kind != MK_PLACE && (long)m != acc[i].t) others = 1;
      /* an unresolved pronoun (he, 他) is somebody we could not tell: not the topic */
      for (size_t k = 0; k < c->ncues; k++)
        if (c->cues[k].cls == PD_CUE_HE && c->cues[k].start < acc[i].first_lit) others = 1;
      if (!others && !add_mention(c, &ds->topic)) acc[i].s = (long)c->nments - 1;
    }
    long first = -1;
    if (emit(c, ds, &sc, &acc[i], &first) < 0) {
      free(acc);
      parley_normtext_free(&nt);
      return -1;
    }
  }
  free(acc);
  if (process_cues(c, ds, &sc, ev_begin)) {
    parley_normtext_free(&nt);
    return -1;
  }
  /* state for later sentences */
  /* 他/he is the last person only when the last sentence naming people named one */
  {
    int npersons = 0;
    member first;
    memset(&first, 0, sizeof first);
    for (size_t i = 0; i < c->nraw; i++) {
      const mention *m = &c->ments[i];
      if (m->kind != MK_PERSON || m->nmem != 1 || !member_is_person(d, &m->mem[0])) continue;
      if (npersons == 0)
        first = m->mem[0], npersons = 1;
      else if (!member_same(&first, &m->mem[0]))
        npersons = 2;
    }
    if (npersons) ds->person_ambiguous = npersons > 1;
  }
  for (size_t i = 0; i < c->nments; i++) {
    const mention *m = &c->ments[i];
    if (m->kind == MK_GROUP && m->nmem == 2 && !member_same(&m->mem[0], &m->mem[1])) {
      ds->pair[0] = m->mem[0];
      ds->pair[1] = m->mem[1];
      ds->have_pair = 1;
    }
    if (m->kind == MK_PERSON && m->nmem == 1 && member_is_person(d, &m->mem[0])) {
      ds->person = m->mem[0];
      ds->have_person = 1;
      ds->person_sentence = si;
    }
  }
  for (size_t i = 0; i < c->nments; i++)
    if (c->ments[i].kind != MK_PLACE && c->ments[i].kind != MK_DEAD) {
      ds->topic = c->ments[i];
      ds->have_topic = 1;
      ds->topic_sentence = si;
      break;
    }
  c->stats.sentences++;
  parley_normtext_free(&nt);
  return 0;
}

/* ------------------------------------------------------------------- API */

parley_code_options parley_code_default_options(void) {
  parley_code_options o;
  memset(&o, 0, sizeof o);
  return o;
}

int parley_coder_open(const parley_dict *dict, const parley_code_options *opt, parley_coder **out, parley_error *err) {
  *out = NULL;
  if (!dict) return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "no dictionaries");
  parley_coder *c = calloc(1, sizeof *c);
  if (!c) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  c->d = dict;
  c->opt = opt ? *opt : parley_code_default_options();
  *out = c;
  return PARLEY_OK;
}

void parley_coder_close(parley_coder *c) {
  if (!c) return;
  free(c->hits);
  free(c->ments);
  free(c->cues);
  free(c->locals);
  free(c->grp_first);
  free(c->grp_last);
  free(c->rel_marks);
  free(c->commas);
  free(c);
}

void parley_events_free(parley_events *ev) {
  if (!ev) return;
  for (size_t i = 0; i < ev->count; i++)
    free(ev->items[i].claims);
  free(ev->items);
  ev->items = NULL;
  ev->count = 0;
}

const char *parley_stance_name(parley_stance s) {
  return s == PARLEY_ASSERTS ? "asserts" : s == PARLEY_DENIES ? "denies" : "doubts";
}

const char *parley_date_basis_name(parley_date_basis b) {
  switch (b) {
  case PARLEY_DATE_EXPLICIT: return "explicit";
  case PARLEY_DATE_RELATIVE: return "relative";
  case PARLEY_DATE_CARRIED: return "carried";
  case PARLEY_DATE_DOCUMENT: return "document";
  default: return "none";
  }
}

void parley_code_stats_get(const parley_coder *c, parley_code_stats *st) { *st = c->stats; }

int parley_code_doc(parley_coder *c, const parley_doc *doc, parley_events *out, parley_error *err) {
  out->items = NULL;
  out->count = 0;
  parley_sentence *sents = NULL;
  size_t nsent = 0;
  int rc = parley_doc_sentences(doc, &sents, &nsent, err);
  if (rc) return rc;
  docstate ds;
  memset(&ds, 0, sizeof ds);
  ds.doc = doc;
  ds.out = out;
  ds.last_date_sentence = -1;
  ds.person_sentence = -1;
  ds.topic_sentence = -10;
  parley_ymd dd = {0, 0, 0};
  if (doc->date && parley_ymd_parse(doc->date, &dd) && parley_ymd_valid(dd))
    ds.dctx.doc = dd;
  else if (parley_dates_guess_document(doc, &dd))
    ds.dctx.doc = dd;
  if (c->opt.explain) {
    char a[11];
    parley_ymd_format(ds.dctx.doc, a);
    explain(c, "document %s: %zu sentences, date %s%s", doc->id ? doc->id : "?", nsent, a[0] ? a : "unknown",
            doc->date ? " (metadata)"
            : a[0]    ? " (guessed from the text and its sources)"
                      : "");
  }
  c->nlocals = 0;
  for (size_t i = 0; i < nsent; i++) {
    int src = code_sentence(c, &ds, (long)i, &sents[i], err);
    if (src) {
      free(sents);
      free(ds.self);
      parley_events_free(out);
      if (src > 0 || src == -1 || !err->message[0])
        return parley_error_set(err, PARLEY_ENOMEM, doc->file, doc->line, "out of memory while coding %s",
                                doc->id ? doc->id : "?");
      return src;
    }
  }
  free(sents);
  free(ds.self);
  c->stats.documents++;
  c->stats.events += out->count;
  c->stats.bytes += doc->text_len;
  return PARLEY_OK;
}
