/* doc.c — parley_doc construction and release, read options, line splitting.
 *
 * Part of the read stage. A text document is: the original bytes (kept as
 * they are), split into lines, run through the scraped-news clean-up
 * (cleanup.c), then given a language, a default date and a content hash. */
#include <stdlib.h>
#include <string.h>

#include "read/internal.h"

parley_read_options parley_read_default_options(void) {
  parley_read_options o;
  memset(&o, 0, sizeof o);
  o.format = PARLEY_INPUT_AUTO;
  o.lang = NULL;
  o.date = NULL;
  o.max_line_bytes = (size_t)64 << 20;
  o.max_doc_bytes = (size_t)256 << 20;
  return o;
}

int parley_read_date_valid(const char *s) {
  char d[11];
  return s && strlen(s) == 10 && rd_iso_date(s, 10, d) == 0;
}

int rd_effective_options(const parley_read_options *opt, parley_read_options *eff, parley_error *err) {
  *eff = parley_read_default_options();
  if (opt) {
    *eff = *opt;
    if (eff->max_line_bytes == 0) eff->max_line_bytes = parley_read_default_options().max_line_bytes;
    if (eff->max_doc_bytes == 0) eff->max_doc_bytes = parley_read_default_options().max_doc_bytes;
  }
  if (eff->format < PARLEY_INPUT_AUTO || eff->format > PARLEY_INPUT_HTML)
    return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "unknown input format %d", (int)eff->format);
  if (eff->lang) {
    char buf[16];
    const char *l = rd_lang_tag(eff->lang, buf);
    if (!l || !(strcmp(l, "zh") == 0 || strcmp(l, "en") == 0))
      return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "language must be \"zh\" or \"en\", not \"%s\"", eff->lang);
  }
  if (eff->date) {
    char d[11];
    if (rd_iso_date(eff->date, strlen(eff->date), d) != 0)
      return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "date must be YYYY-MM-DD, not \"%s\"", eff->date);
  }
  return PARLEY_OK;
}

void parley_doc_free(parley_doc *doc) {
  if (!doc) return;
  free(doc->id);
  free(doc->date);
  free(doc->source);
  free(doc->url);
  free(doc->lang);
  free(doc->title);
  free(doc->text);
  free(doc->meta_json);
  free(doc->notice);
  for (size_t i = 0; i < doc->n_refs; i++) {
    free(doc->refs[i].outlet);
    free(doc->refs[i].date);
    free(doc->refs[i].headline);
  }
  free(doc->refs);
  free(doc->paras);
  free(doc->file);
  free(doc);
}

int rd_split_lines(const char *text, size_t len, rd_line **out, size_t *n) {
  size_t count = 1;
  for (size_t i = 0; i < len; i++)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n'))) count++;
  rd_line *v = calloc(count, sizeof *v);
  if (!v) return PARLEY_ENOMEM;
  size_t k = 0, start = 0;
  for (size_t i = 0; i < len; i++) {
    if (text[i] == '\n' || text[i] == '\r') {
      v[k++].span = (parley_span){start, i};
      if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') i++;
      start = i + 1;
    }
  }
  if (start < len) v[k++].span = (parley_span){start, len};
  *out = v;
  *n = k;
  return PARLEY_OK;
}

int rd_doc_complete(parley_doc *doc, const rd_line *lines, size_t n_lines, int allow_wrap,
                    const parley_read_options *opt, const char *given_lang, parley_doc **out, parley_error *err) {
  *out = NULL;
  rd_line *own = NULL;
  int st = PARLEY_OK;
  if (!lines) {
    st = rd_split_lines(doc->text, doc->text_len, &own, &n_lines);
    lines = own;
  }
  if (st == PARLEY_OK) st = rd_cleanup(doc, lines, n_lines, allow_wrap, err);
  free(own);
  if (st == PARLEY_OK && rd_finish_doc(doc, opt, given_lang) != PARLEY_OK) st = PARLEY_ENOMEM;
  if (st != PARLEY_OK) {
    if (st == PARLEY_ENOMEM) parley_error_set(err, st, doc->file, doc->line, "out of memory");
    parley_doc_free(doc);
    return st;
  }
  *out = doc;
  return PARLEY_OK;
}

parley_doc *rd_doc_new(char *text, size_t len, const char *file, const char *id, long line) {
  parley_doc *doc = calloc(1, sizeof *doc);
  if (!doc) {
    free(text);
    return NULL;
  }
  doc->text = text;
  doc->text_len = len;
  doc->line = line;
  doc->file = rd_strdup(file ? file : "");
  doc->id = rd_strdup(id ? id : "text");
  if (!doc->file || !doc->id) {
    parley_doc_free(doc);
    return NULL;
  }
  return doc;
}

int rd_doc_from_owned_text(char *text, size_t len, const char *file, const char *id, long line,
                           const parley_read_options *opt, parley_doc **out, parley_error *err) {
  *out = NULL;
  parley_doc *doc = rd_doc_new(text, len, file, id, line);
  if (!doc) return parley_error_set(err, PARLEY_ENOMEM, file, line, "out of memory");
  return rd_doc_complete(doc, NULL, 0, 1, opt, NULL, out, err);
}

int parley_doc_from_text(const char *text, size_t len, const char *name, const parley_read_options *opt,
                         parley_doc **out, parley_error *err) {
  if (!out) return parley_error_set(err, PARLEY_EINVAL, name, 0, "parley_doc_from_text: NULL output");
  *out = NULL;
  if (!text && len) return parley_error_set(err, PARLEY_EINVAL, name, 0, "parley_doc_from_text: NULL text");
  if (!text) text = "";
  parley_read_options o;
  int st = rd_effective_options(opt, &o, err);
  if (st != PARLEY_OK) return st;
  const char *file = name ? name : "";
  if (len > o.max_doc_bytes)
    return parley_error_set(err, PARLEY_EFORMAT, file, 0, "document is larger than the limit of %zu bytes",
                            o.max_doc_bytes);
  st = rd_check_input(text, len, file, 0, 1, err);
  if (st != PARLEY_OK) return st;
  st = rd_check_not_empty(text, len, file, 0, err);
  if (st != PARLEY_OK) return st;
  char *copy = rd_strndup(text, len);
  if (!copy) return parley_error_set(err, PARLEY_ENOMEM, file, 0, "out of memory");
  return rd_doc_from_owned_text(copy, len, file, name ? rd_basename(name) : "text", 1, &o, out, err);
}
