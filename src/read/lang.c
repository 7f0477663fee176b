/* lang.c — language identification (zh / en / mixed / und) and language tags.
 *
 * Part of the read stage. parley_detect_lang counts Han characters against
 * Latin letters: "zh" when Han characters are at least 20% of the two
 * together (one Han character carries about as much as a whole English
 * word), "en" when Latin letters dominate, "und" when there are neither (or
 * only a single Latin letter). A document is "mixed" when at least 30% of its
 * zh/en sentences are in each language; otherwise it takes the majority. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "read/internal.h"

const char *rd_detect_counts(const char *s, size_t len, size_t *han, size_t *latin) {
  size_t h = 0, l = 0;
  for (size_t i = 0; i < len;) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') l++;
      i++;
      continue;
    }
    uint32_t cp;
    i += rd_utf8_next(s, len, i, &cp);
    if (rd_is_han(cp))
      h++;
    else if (rd_is_latin_letter(cp))
      l++;
  }
  if (han) *han = h;
  if (latin) *latin = l;
  if (h > 0 && h * 5 >= h + l) return "zh";
  if (l >= 2) return "en";
  return "und";
}

const char *parley_detect_lang(const char *s, size_t len) {
  if (!s) return "und";
  return rd_detect_counts(s, len, NULL, NULL);
}

const char *rd_lang_tag(const char *tag, char out[16]) {
  if (!tag) return NULL;
  while (isspace((unsigned char)*tag))
    tag++;
  size_t n = 0;
  while (n < 15 && isalpha((unsigned char)tag[n])) {
    out[n] = (char)tolower((unsigned char)tag[n]);
    n++;
  }
  out[n] = '\0';
  char next = tag[n];
  if (n == 0 || !(next == '\0' || next == '-' || next == '_' || isspace((unsigned char)next))) return NULL;
  if (strcmp(out, "zh") == 0 || strcmp(out, "cmn") == 0 || strcmp(out, "chi") == 0 || strcmp(out, "zho") == 0 ||
      strcmp(out, "chinese") == 0)
    return "zh";
  if (strcmp(out, "en") == 0 || strcmp(out, "eng") == 0 || strcmp(out, "english") == 0) return "en";
  if (strcmp(out, "mixed") == 0 || strcmp(out, "mul") == 0) return "mixed";
  if (strcmp(out, "und") == 0) return "und";
  if (n > 8) return NULL;
  return out;
}

/* The detected language of a whole document, from its sentences. */
static const char *doc_lang(const parley_doc *doc) {
  rd_sentvec v = {0};
  size_t zh = 0, en = 0;
  for (size_t i = 0; i < doc->n_paras; i++) {
    v.n = 0;
    if (rd_split_paragraph(doc->text, doc->paras[i].span, i, &v) != PARLEY_OK) {
      free(v.v);
      return NULL;
    }
    for (size_t j = 0; j < v.n; j++) {
      const char *l = parley_detect_lang(doc->text + v.v[j].span.start, v.v[j].span.end - v.v[j].span.start);
      if (l[0] == 'z')
        zh++;
      else if (l[0] == 'e')
        en++;
    }
  }
  free(v.v);
  size_t total = zh + en;
  if (total == 0) return "und";
  if (zh * 10 >= total * 3 && en * 10 >= total * 3) return "mixed";
  return zh >= en ? "zh" : "en";
}

int rd_finish_doc(parley_doc *doc, const parley_read_options *opt, const char *given_lang) {
  char buf[16];
  const char *lang = NULL;
  if (opt && opt->lang) lang = rd_lang_tag(opt->lang, buf);
  if (!lang && given_lang) lang = rd_lang_tag(given_lang, buf);
  if (!lang) lang = doc_lang(doc);
  if (!lang) return PARLEY_ENOMEM;
  free(doc->lang);
  doc->lang = rd_strdup(lang);
  if (!doc->lang) return PARLEY_ENOMEM;
  if (!doc->date && opt && opt->date) {
    char d[11];
    if (rd_iso_date(opt->date, strlen(opt->date), d) == 0) {
      doc->date = rd_strdup(d);
      if (!doc->date) return PARLEY_ENOMEM;
    }
  }
  rd_hash128(doc->text, doc->text_len, doc->hash);
  return PARLEY_OK;
}
