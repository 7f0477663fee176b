/* jsonl.c — stage 3 (store): loading the JSON Lines events of `parley code`.
 *
 * Reads exactly the records src/code/event_json.c writes (fields in
 * docs/events.md): one event per line, with its document's id, date,
 * source, url, title and content hash under "doc". Consecutive lines of the
 * same document are stored together inside one savepoint, so a document is
 * in the database whole or not at all; transactions are committed only
 * between documents. The document's full text is not in these records: its
 * row gets text '' and has_text = 0 (a later `parley add` of the same text
 * completes it), and the sentences that carry events are stored from their
 * evidence spans. A line that is not a valid event record is reported with
 * its line number and skipped. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

typedef struct pending_event {
  json_t *o;
  long line;
} pending_event;

typedef struct jsonl_state {
  char key[160]; /* document hash of the pending events */
  json_t *doc;   /* its "doc" object (or NULL) */
  char doc_id[512];
  pending_event *ev;
  size_t n, cap;
  const char *entry;
} jsonl_state;

static void clear_pending(jsonl_state *st) {
  for (size_t i = 0; i < st->n; i++)
    json_decref(st->ev[i].o);
  st->n = 0;
  json_decref(st->doc);
  st->doc = NULL;
  st->key[0] = '\0';
}

static void jsonl_free(void *p) {
  jsonl_state *st = p;
  if (!st) return;
  clear_pending(st);
  free(st->ev);
  free(st);
}

static const char *jstr(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

static long long jint(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_integer(v) ? (long long)json_integer_value(v) : STORE_NULL;
}

static double jreal(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_number(v) ? json_number_value(v) : NAN;
}

static void jspan(json_t *o, const char *k, long long *a, long long *b) {
  json_t *v = json_object_get(o, k);
  *a = *b = STORE_NULL;
  if (json_is_array(v) && json_array_size(v) == 2 && json_is_integer(json_array_get(v, 0)) &&
      json_is_integer(json_array_get(v, 1))) {
    *a = (long long)json_integer_value(json_array_get(v, 0));
    *b = (long long)json_integer_value(json_array_get(v, 1));
  }
}

static void actor_of(json_t *a, const char **code, const char **country, const char **name) {
  *code = *country = *name = NULL;
  if (!json_is_object(a)) return;
  *code = jstr(a, "code");
  *country = jstr(a, "country");
  *name = jstr(a, "name");
}

/* Checks a record enough to store it; returns a message or NULL. */
static const char *check(json_t *o, char *buf, size_t size) {
  const char *id = jstr(o, "id"), *code = jstr(o, "event_code");
  if (!id || !*id) return "no \"id\" string: not an event record of `parley code`";
  if (!code) return "no \"event_code\" string";
  if (!is_cameo_code(code)) {
    snprintf(buf, size, "bad CAMEO code '%s' in event_code", code);
    return buf;
  }
  static const char *const dates[] = {"date", "date_end"};
  for (int i = 0; i < 2; i++) {
    json_t *v = json_object_get(o, dates[i]);
    if (v && !json_is_null(v) && !(json_is_string(v) && ymd_from_iso(json_string_value(v)))) {
      snprintf(buf, size, "bad date in \"%s\" (expected \"YYYY-MM-DD\" or null)", dates[i]);
      return buf;
    }
  }
  json_t *g = json_object_get(o, "goldstein");
  if (g && !json_is_null(g) && !json_is_number(g)) return "non-numeric \"goldstein\"";
  json_t *d = json_object_get(o, "doc");
  if (d && !json_is_null(d) && !json_is_object(d)) return "\"doc\" is not an object";
  if (!jstr(o, "doc_id") && !(json_is_object(d) && (jstr(d, "hash") || jstr(d, "id"))))
    return "no document: neither \"doc_id\" nor \"doc\" with an id or hash";
  return NULL;
}

/* The document key of a record: its content hash, else one made from its id. */
static void doc_key(json_t *o, char key[160], char doc_id[512]) {
  json_t *d = json_object_get(o, "doc");
  const char *hash = json_is_object(d) ? jstr(d, "hash") : NULL;
  const char *id = json_is_object(d) && jstr(d, "id") ? jstr(d, "id") : jstr(o, "doc_id");
  snprintf(doc_id, 512, "%s", id ? id : "");
  if (hash && *hash) {
    snprintf(key, 160, "%s", hash);
  } else {
    char buf[600];
    int n = snprintf(buf, sizeof buf, "id:%s", id ? id : "");
    parley_store_hash_hex(buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1, key);
  }
}

static const char *precision_names[] = {"none", "year", "month", "day"};

static int store_event(store_import *im, jsonl_state *st, long long doc_id, pending_event *pe, int *inserted,
                       parley_error *err) {
  json_t *o = pe->o;
  store_event_row r;
  store_event_row_clear(&r);
  r.origin = "parley";
  r.event_key = jstr(o, "id");
  r.doc_id = doc_id;
  r.sentence = jint(o, "sentence");
  jspan(o, "span", &r.span_start, &r.span_end);
  r.day = ymd_from_iso(jstr(o, "date"));
  long long de = ymd_from_iso(jstr(o, "date_end"));
  r.day_end = de ? de : STORE_NULL;
  const char *basis = jstr(o, "date_basis");
  r.date_basis = basis && strcmp(basis, "none") ? basis : NULL;
  const char *prec = jstr(o, "date_precision");
  for (int i = 1; i <= 3 && prec; i++)
    if (!strcmp(prec, precision_names[i])) r.date_precision = i;
  if (r.date_precision == STORE_NULL && json_is_integer(json_object_get(o, "date_precision")))
    r.date_precision = jint(o, "date_precision");
  actor_of(json_object_get(o, "source_actor"), &r.source_code, &r.source_country, &r.source_name);
  actor_of(json_object_get(o, "target_actor"), &r.target_code, &r.target_country, &r.target_name);
  char stype[4], ttype[4], base[4], root[3];
  r.source_type =
      r.source_code && strlen(r.source_code) >= 6 && r.source_country && !strncmp(r.source_code, r.source_country, 3)
          ? (memcpy(stype, r.source_code + 3, 3), stype[3] = '\0', stype)
          : NULL;
  r.target_type =
      r.target_code && strlen(r.target_code) >= 6 && r.target_country && !strncmp(r.target_code, r.target_country, 3)
          ? (memcpy(ttype, r.target_code + 3, 3), ttype[3] = '\0', ttype)
          : NULL;
  r.event_code = jstr(o, "event_code");
  if (strlen(r.event_code) >= 3) {
    memcpy(base, r.event_code, 3);
    base[3] = '\0';
    r.base_code = base;
  }
  r.root_code = jstr(o, "root_code");
  if (!r.root_code || strlen(r.root_code) != 2) {
    memcpy(root, r.event_code, 2);
    root[2] = '\0';
    r.root_code = root;
  }
  r.quad_class = jint(o, "quad_class");
  if (r.quad_class == STORE_NULL || r.quad_class == 0) r.quad_class = quad_class_of_root(r.root_code);
  r.goldstein = jreal(o, "goldstein");
  r.count = jint(o, "count");
  r.trigger = jstr(o, "trigger");
  r.pattern = jstr(o, "pattern");
  r.lang = jstr(o, "lang");
  json_t *loc = json_object_get(o, "location");
  if (json_is_object(loc)) {
    r.location = jstr(loc, "name");
    r.location_country = jstr(loc, "country");
  }
  /* the sentence that carries the event */
  long long es, ee;
  jspan(o, "evidence_span", &es, &ee);
  int rc;
  if (r.sentence != STORE_NULL && es != STORE_NULL &&
      (rc = im->s->be->sentence_insert(im->s->impl, doc_id, r.sentence, es, ee, r.lang, err)))
    return rc;
  json_t *cl = json_object_get(o, "claims");
  size_t nc = json_is_array(cl) ? json_array_size(cl) : 0;
  store_claim_row *claims = nc ? calloc(nc, sizeof *claims) : NULL;
  if (nc && !claims) return parley_error_set(err, PARLEY_ENOMEM, st->entry, pe->line, "out of memory");
  size_t k = 0;
  for (size_t i = 0; i < nc; i++) {
    json_t *c = json_array_get(cl, i);
    const char *stance = json_is_object(c) ? jstr(c, "stance") : NULL;
    if (!stance || (strcmp(stance, "asserts") && strcmp(stance, "denies") && strcmp(stance, "doubts"))) continue;
    store_claim_row *x = &claims[k++];
    actor_of(json_object_get(c, "actor"), &x->actor_code, &x->actor_country, &x->actor_name);
    x->stance = stance;
    x->doc_id = doc_id;
    x->sentence = jint(c, "sentence");
    jspan(c, "span", &x->span_start, &x->span_end);
    x->cue = jstr(c, "cue");
  }
  rc = store_put_coded_event(im->s, doc_id, st->key, st->doc ? jstr(st->doc, "date") : NULL,
                             st->doc ? jstr(st->doc, "source") : NULL, &r, claims, k, inserted, err);
  free(claims);
  return rc;
}

/* Stores the pending document and its events inside one savepoint. */
static int flush(store_import *im, jsonl_state *st, parley_error *err) {
  if (!st->n) return PARLEY_OK;
  const store_backend *be = im->s->be;
  int rc = import_tx_need(im, err);
  if (rc) return rc;
  if ((rc = be->savepoint(im->s->impl, err))) return rc;
  long long doc_id = 0;
  int has_text = 0;
  size_t stored = 0, dup = 0;
  int added = 0;
  if ((rc = be->doc_find(im->s->impl, st->key, &doc_id, &has_text, err))) goto fail;
  if (!doc_id) {
    json_t *d = st->doc;
    store_doc_row row = {.doc_key = st->doc_id[0] ? st->doc_id : "doc",
                         .hash = st->key,
                         .date = d ? jstr(d, "date") : NULL,
                         .source = d ? jstr(d, "source") : NULL,
                         .url = d ? jstr(d, "url") : NULL,
                         .title = d ? jstr(d, "title") : NULL,
                         .lang = jstr(st->ev[0].o, "lang"),
                         .file = im->path,
                         .text = "",
                         .text_len = 0,
                         .has_text = 0};
    if ((rc = be->doc_insert(im->s->impl, &row, &doc_id, err))) goto fail;
    added = 1;
  }
  for (size_t i = 0; i < st->n; i++) {
    int ins = 0;
    if ((rc = store_event(im, st, doc_id, &st->ev[i], &ins, err))) goto fail;
    if (ins)
      stored++;
    else
      dup++;
  }
  if ((rc = be->release(im->s->impl, err))) goto fail;
  im->st->rows_stored += stored;
  im->st->rows_duplicate += dup;
  im->pending += stored;
  im->in_tx += st->n;
  if (added)
    im->st->documents_added++;
  else
    im->st->documents_present++;
  clear_pending(st);
  return import_tx_due(im, err);
fail:
  be->rollback_savepoint(im->s->impl);
  if (!err->file[0] || !strcmp(err->file, im->path)) {
    snprintf(err->file, sizeof err->file, "%s", st->entry);
    err->line = st->ev[0].line;
  }
  clear_pending(st);
  return rc;
}

int jsonl_parse(store_import *im, store_input *in, const char *entry, parley_error *err) {
  jsonl_state *st = im->parser_state;
  if (!st) {
    st = calloc(1, sizeof *st);
    if (!st) return parley_error_set(err, PARLEY_ENOMEM, entry, 0, "out of memory");
    im->parser_state = st;
    im->free_state = jsonl_free;
  }
  st->entry = entry;
  snprintf(im->st->kind, sizeof im->st->kind, "events-jsonl");
  char *line;
  size_t len;
  long lineno;
  int rc;
  while ((rc = store_input_line(in, &line, &len, &lineno, err)) == 1) {
    if (lineno == 1 && len >= 2 && (!memcmp(line, "\xFF\xFE", 2) || !memcmp(line, "\xFE\xFF", 2))) {
      /* a byte order mark: the whole file is UTF-16, not one bad line (as the reader says) */
      rc = parley_error_set(err, PARLEY_EUTF8, entry, lineno, "UTF-16 input is not supported; convert to UTF-8");
      break;
    }
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
      i++;
    if (i == len) continue;
    import_row_read(im);
    long long bad = utf8_bad_offset(line, len);
    if (bad >= 0) {
      /* counted as the reader does: the byte from 0, the column (in characters) from 1 */
      if ((rc = import_row_error(im, entry, lineno, "invalid UTF-8 at byte %lld of the line (column %ld)", bad,
                                 utf8_column(line, bad))))
        break;
      continue;
    }
    json_error_t je;
    json_t *o = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
    if (!o || !json_is_object(o)) {
      rc = import_row_error(im, entry, lineno, "not a JSON object: %s", o ? "another JSON value" : je.text);
      json_decref(o);
      if (rc) break;
      continue;
    }
    char buf[160];
    const char *msg = check(o, buf, sizeof buf);
    if (msg) {
      json_decref(o);
      if ((rc = import_row_error(im, entry, lineno, "%s", msg))) break;
      continue;
    }
    char key[160], did[512];
    doc_key(o, key, did);
    if (st->n && strcmp(key, st->key) && (rc = flush(im, st, err))) {
      json_decref(o);
      break;
    }
    if (!st->n) {
      snprintf(st->key, sizeof st->key, "%s", key);
      snprintf(st->doc_id, sizeof st->doc_id, "%s", did);
      json_t *d = json_object_get(o, "doc");
      st->doc = json_is_object(d) ? json_incref(d) : NULL;
    }
    if (st->n == st->cap) {
      size_t cap = st->cap ? st->cap * 2 : 64;
      pending_event *p = realloc(st->ev, cap * sizeof *p);
      if (!p) {
        json_decref(o);
        rc = parley_error_set(err, PARLEY_ENOMEM, entry, lineno, "out of memory");
        break;
      }
      st->ev = p;
      st->cap = cap;
    }
    st->ev[st->n].o = o;
    st->ev[st->n].line = lineno;
    st->n++;
  }
  if (rc == 0)
    rc = flush(im, st, err);
  else
    clear_pending(st);
  return rc;
}

int parley_store_load_events_jsonl(parley_store *s, const char *path, const parley_import_options *opt,
                                   parley_store_stats *st, parley_error *err) {
  return store_import_file(s, path, "events-jsonl", jsonl_parse, opt, st, err);
}
