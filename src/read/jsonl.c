/* jsonl.c — one JSON Lines record → one parley_doc (via jansson).
 *
 * Part of the read stage. Known keys: id (string or integer), date
 * (YYYY-MM-DD or an ISO 8601 timestamp, whose date part is kept), source, url,
 * lang, title and text (strings; null counts as absent). "text" is required
 * and goes through the same scraped-news clean-up as a text file. Every other
 * key is kept, in input order, in doc->meta_json (compact JSON). Errors name
 * the file and line; JSON syntax errors add the parser's column. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/internal.h"

static const char *const known_keys[] = {"id", "date", "source", "url", "lang", "title", "text"};

static int is_known(const char *key) {
  for (size_t i = 0; i < sizeof known_keys / sizeof known_keys[0]; i++)
    if (strcmp(key, known_keys[i]) == 0) return 1;
  return 0;
}

/* A string member: *out = NULL when absent or null. -1 (error set) when not a
 * string or when it holds a NUL character. */
static int get_string(json_t *obj, const char *key, const char **out, size_t *len, const char *file, long line,
                      parley_error *err) {
  *out = NULL;
  if (len) *len = 0;
  json_t *v = json_object_get(obj, key);
  if (!v || json_is_null(v)) return 0;
  if (!json_is_string(v)) {
    parley_error_set(err, PARLEY_EFORMAT, file, line, "\"%s\" must be a string", key);
    return -1;
  }
  const char *s = json_string_value(v);
  size_t n = json_string_length(v);
  if (strlen(s) != n) {
    parley_error_set(err, PARLEY_EFORMAT, file, line, "NUL character (\\u0000) in \"%s\"", key);
    return -1;
  }
  *out = s;
  if (len) *len = n;
  return 0;
}

int rd_doc_from_jsonl(const char *line, size_t len, const char *file, const char *name, long lineno, size_t offset,
                      const parley_read_options *opt, parley_doc **out, parley_error *err) {
  *out = NULL;
  int st = rd_check_input(line, len, file, offset, lineno, err);
  if (st != PARLEY_OK) return st;

  json_error_t jerr;
  json_t *root = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
  if (!root) {
    parley_error_set(err, PARLEY_EFORMAT, file, lineno, "invalid JSON at column %d: %s", jerr.column, jerr.text);
    if (err) err->offset = (long long)offset + (jerr.position > 0 ? jerr.position - 1 : 0);
    return PARLEY_EFORMAT;
  }
  parley_doc *doc = NULL;
  json_t *meta = NULL;
  char idbuf[64];
  st = PARLEY_EFORMAT;
  if (!json_is_object(root)) {
    parley_error_set(err, PARLEY_EFORMAT, file, lineno, "record is not a JSON object");
    goto fail;
  }
  const char *id, *date, *source, *url, *lang, *title, *text;
  size_t text_len;
  if (get_string(root, "date", &date, NULL, file, lineno, err) ||
      get_string(root, "source", &source, NULL, file, lineno, err) ||
      get_string(root, "url", &url, NULL, file, lineno, err) ||
      get_string(root, "lang", &lang, NULL, file, lineno, err) ||
      get_string(root, "title", &title, NULL, file, lineno, err) ||
      get_string(root, "text", &text, &text_len, file, lineno, err))
    goto fail;
  json_t *jid = json_object_get(root, "id");
  if (jid && json_is_integer(jid)) {
    snprintf(idbuf, sizeof idbuf, "%" JSON_INTEGER_FORMAT, json_integer_value(jid));
    id = idbuf;
  } else if (get_string(root, "id", &id, NULL, file, lineno, err)) {
    if (jid && !json_is_string(jid))
      parley_error_set(err, PARLEY_EFORMAT, file, lineno, "\"id\" must be a string or an integer");
    goto fail;
  }
  if (id && !*id) id = NULL;
  if (!text) {
    parley_error_set(err, PARLEY_EFORMAT, file, lineno, "record has no \"text\"");
    goto fail;
  }
  size_t bad;
  if (parley_utf8_check(text, text_len, &bad) != PARLEY_OK) { /* jansson guarantees it; be sure */
    st = parley_error_set(err, PARLEY_EUTF8, file, lineno, "invalid UTF-8 in \"text\" at byte %zu", bad);
    goto fail;
  }
  if (rd_check_not_empty(text, text_len, file, lineno, err) != PARLEY_OK) goto fail;
  char dbuf[11];
  if (date && rd_iso_date(date, strlen(date), dbuf) != 0) {
    parley_error_set(err, PARLEY_EFORMAT, file, lineno, "invalid date \"%.40s\" (expected YYYY-MM-DD)", date);
    goto fail;
  }

  /* Unknown keys, in input order. */
  const char *key;
  json_t *value;
  json_object_foreach(root, key, value) {
    if (is_known(key)) continue;
    if (!meta && !(meta = json_object())) goto nomem;
    if (json_object_set(meta, key, value)) goto nomem;
  }

  char idgen[600];
  if (!id) {
    snprintf(idgen, sizeof idgen, "%s:%ld", name, lineno);
    id = idgen;
  }
  char *copy = rd_strndup(text, text_len);
  if (!copy || !(doc = rd_doc_new(copy, text_len, file, id, lineno))) goto nomem;
  if ((date && !(doc->date = rd_strdup(dbuf))) || (source && *source && !(doc->source = rd_strdup(source))) ||
      (url && *url && !(doc->url = rd_strdup(url))) || (title && *title && !(doc->title = rd_strdup(title))))
    goto nomem;
  if (meta && !(doc->meta_json = json_dumps(meta, JSON_COMPACT))) goto nomem;
  json_decref(meta);
  meta = NULL;
  /* rd_doc_complete needs the record's lang after root is gone: copy it. */
  char lbuf[32];
  snprintf(lbuf, sizeof lbuf, "%s", lang ? lang : "");
  json_decref(root);
  root = NULL;
  parley_doc *d = doc;
  doc = NULL;
  return rd_doc_complete(d, NULL, 0, 1, opt, lbuf[0] ? lbuf : NULL, out, err);

nomem:
  st = parley_error_set(err, PARLEY_ENOMEM, file, lineno, "out of memory");
fail:
  if (err && err->offset < 0) err->offset = (long long)offset;
  parley_doc_free(doc);
  json_decref(meta);
  json_decref(root);
  return st;
}
