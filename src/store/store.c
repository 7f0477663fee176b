/* store.c — stage 3 (store): the parley_store handle and storing coded documents.
 *
 * Opens a database through the backend its URI names (SQLite for a path or
 * a file: URI; PostgreSQL URIs are recognised and refused until that backend
 * exists), runs batches, and turns a parley_doc with its parley_events into
 * rows: the document, its references and sentences, one events row per
 * event (a "mention"), its claims, and the event group it belongs to. A
 * document is stored inside one savepoint, so it is either wholly in the
 * database or absent. Storing a document whose content hash is already
 * there changes nothing. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"
#include "store_internal.h"

void store_event_row_clear(store_event_row *r) {
  memset(r, 0, sizeof *r);
  r->doc_id = r->sentence = r->span_start = r->span_end = STORE_NULL;
  r->day = 0;
  r->day_end = r->date_precision = r->quad_class = r->count = STORE_NULL;
  r->num_mentions = r->num_sources = r->num_articles = r->fatalities = STORE_NULL;
  r->goldstein = r->lat = r->lon = r->avg_tone = NAN;
  r->is_root = r->date_added = r->location_type = r->source_geo.type = r->target_geo.type = STORE_NULL;
  r->source_geo.lat = r->source_geo.lon = r->target_geo.lat = r->target_geo.lon = NAN;
}

const char *parley_store_default_path(const char *opt) {
  if (opt && *opt) return opt;
  const char *env = getenv("PARLEY_DB");
  if (env && *env) return env;
  return "parley.db";
}

int parley_store_open(const char *uri, int flags, parley_store **out, parley_error *err) {
  parley_error_clear(err);
  *out = NULL;
  if (!uri || !*uri) return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "no database given");
  if (!(flags & (PARLEY_STORE_READONLY | PARLEY_STORE_READWRITE)) ||
      (flags & PARLEY_STORE_READONLY && flags & PARLEY_STORE_READWRITE))
    return parley_error_set(err, PARLEY_EINVAL, uri, 0, "open flags must be PARLEY_STORE_READONLY or _READWRITE");
  const store_backend *be = &store_sqlite_backend;
  if (store_is_pg_uri(uri)) { /* pg_backend.c */
#ifdef PARLEY_HAVE_PQ
    be = &store_pg_backend;
#else
    return parley_error_set(err, PARLEY_EINVAL, NULL, 0,
                            "this parley was built without libpq: no PostgreSQL backend (install libpq-dev, rebuild)");
#endif
  }
  parley_store *s = calloc(1, sizeof *s);
  if (!s) return parley_error_set(err, PARLEY_ENOMEM, uri, 0, "out of memory");
  s->be = be;
  s->writable = (flags & PARLEY_STORE_READWRITE) != 0;
  int rc = s->be->open(uri, flags, &s->impl, err);
  if (rc) {
    free(s);
    return rc;
  }
  s->window_days = PARLEY_STORE_DEDUP_WINDOW_DAYS;
  char buf[32];
  if (s->be->meta_get(s->impl, "dedup_window_days", buf, sizeof buf, err) == PARLEY_OK && buf[0])
    s->window_days = atoi(buf);
  parley_error_clear(err);
  *out = s;
  return PARLEY_OK;
}

void parley_store_close(parley_store *s) {
  if (!s) return;
  if (s->in_batch) s->be->rollback(s->impl);
  s->be->close(s->impl);
  free(s);
}

const char *parley_store_backend(const parley_store *s) { return s ? s->be->name : NULL; }

struct sqlite3 *parley_store_sqlite(parley_store *s) {
  if (!s || strcmp(s->be->name, "sqlite") != 0) return NULL;
  return s->be->native(s->impl);
}

void parley_store_set_busy_timeout(parley_store *s, int ms) {
  if (s) s->be->set_busy_timeout(s->impl, ms);
}

int parley_store_schema_version(parley_store *s, int *version, parley_error *err) {
  return s->be->schema_version(s->impl, version, err);
}

int parley_store_begin(parley_store *s, parley_error *err) {
  if (s->in_batch) return PARLEY_OK;
  int rc = s->be->begin(s->impl, err);
  if (rc == PARLEY_OK) s->in_batch = 1;
  return rc;
}

int parley_store_commit(parley_store *s, parley_error *err) {
  if (!s->in_batch) return PARLEY_OK;
  int rc = s->be->commit(s->impl, err);
  if (rc) {
    s->be->rollback(s->impl);
  }
  s->in_batch = 0;
  return rc;
}

void parley_store_rollback(parley_store *s) {
  if (!s->in_batch) return;
  s->be->rollback(s->impl);
  s->in_batch = 0;
}

int store_tx_begin(parley_store *s, int *opened, parley_error *err) {
  *opened = 0;
  if (s->in_batch) return PARLEY_OK;
  int rc = s->be->begin(s->impl, err);
  if (rc == PARLEY_OK) *opened = 1;
  return rc;
}

int store_tx_end(parley_store *s, int opened, int ok, parley_error *err) {
  if (!opened) return PARLEY_OK;
  if (!ok) {
    s->be->rollback(s->impl);
    return PARLEY_OK;
  }
  int rc = s->be->commit(s->impl, err);
  if (rc) s->be->rollback(s->impl);
  return rc;
}

/* The CAMEO type inside an actor code: USAGOV → GOV, GOV → GOV, USA → NULL. */
static const char *actor_type(const char *code, const char *country, char buf[4]) {
  size_t n = code ? strlen(code) : 0;
  if (n >= 6 && country && *country && !strncmp(code, country, 3)) {
    memcpy(buf, code + 3, 3);
    buf[3] = '\0';
    return buf;
  }
  if (n == 3 && (!country || !*country)) {
    for (int i = 0; i < 3; i++)
      if (!isupper((unsigned char)code[i])) return NULL;
    memcpy(buf, code, 4);
    return buf;
  }
  return NULL;
}

/* The row of one coded event (origin parley). Strings point into e. */
static void row_from_event(store_event_row *r, const parley_event *e, long long doc_id, char base[4], char stype[4],
                           char ttype[4]) {
  store_event_row_clear(r);
  r->origin = "parley";
  r->event_key = e->id;
  r->doc_id = doc_id;
  r->sentence = e->sentence;
  r->span_start = (long long)e->span.start;
  r->span_end = (long long)e->span.end;
  r->day = ymd_from_iso(e->date);
  long long de = ymd_from_iso(e->date_end);
  r->day_end = de ? de : STORE_NULL;
  r->date_basis = e->date_basis != PARLEY_DATE_NONE ? parley_date_basis_name(e->date_basis) : NULL;
  r->date_precision = e->date_precision > 0 ? e->date_precision : STORE_NULL;
  r->source_code = e->source.code;
  r->source_country = e->source.country;
  r->source_name = e->source.name;
  r->source_type = actor_type(e->source.code, e->source.country, stype);
  r->target_code = e->target.code;
  r->target_country = e->target.country;
  r->target_name = e->target.name;
  r->target_type = actor_type(e->target.code, e->target.country, ttype);
  r->event_code = e->event_code;
  if (strlen(e->event_code) >= 3) {
    memcpy(base, e->event_code, 3);
    base[3] = '\0';
    r->base_code = base;
  }
  r->root_code = e->root_code;
  r->quad_class = e->quad_class ? e->quad_class : STORE_NULL;
  r->goldstein = e->goldstein;
  r->count = e->count > 0 ? e->count : STORE_NULL;
  r->trigger = e->trigger;
  r->pattern = e->pattern;
  r->lang = e->lang;
  r->location = e->location;
  r->location_country = e->location_country;
}

int store_put_coded_event(parley_store *s, long long doc_id, const char *doc_hash, const char *doc_date,
                          const char *outlet, store_event_row *r, store_claim_row *claims, size_t n_claims,
                          int *inserted, parley_error *err) {
  const store_backend *be = s->be;
  long long id = 0, other = 0;
  *inserted = 0;
  int rc = be->event_insert(s->impl, r, &id, &other, err);
  if (rc) return rc;
  char key[200];
  if (!id) {
    if (other == doc_id) return PARLEY_OK; /* this very event is stored already */
    /* Another document has an event with the same id (two documents with the
     * same name): keep both, this one's key made unique by its hash. */
    snprintf(key, sizeof key, "%s@%.8s", r->event_key ? r->event_key : "", doc_hash);
    const char *saved = r->event_key;
    r->event_key = key;
    rc = be->event_insert(s->impl, r, &id, &other, err);
    r->event_key = saved;
    if (rc) return rc;
    if (!id) return PARLEY_OK;
  }
  store_group_key k = {.source_code = r->source_code,
                       .target_code = r->target_code,
                       .source_country = r->source_country,
                       .target_country = r->target_country,
                       .root_code = r->root_code,
                       .event_code = r->event_code,
                       .day = r->day,
                       .date_precision = r->date_precision == STORE_NULL ? 0 : (int)r->date_precision,
                       .window_days = s->window_days,
                       .doc_id = doc_id,
                       .doc_date = doc_date && *doc_date ? doc_date : NULL,
                       .outlet = outlet};
  if (k.source_code && !*k.source_code) k.source_code = NULL;
  if (k.target_code && !*k.target_code) k.target_code = NULL;
  long long gid = 0;
  if ((rc = be->event_group(s->impl, id, &k, &gid, err))) return rc;
  for (size_t i = 0; i < n_claims; i++) {
    claims[i].event_id = id;
    claims[i].group_id = gid;
    if ((rc = be->claim_insert(s->impl, &claims[i], err))) return rc;
    if ((rc = be->actor_note(s->impl, claims[i].actor_code, claims[i].actor_country, claims[i].actor_name, err)))
      return rc;
  }
  if ((rc = be->actor_note(s->impl, r->source_code, r->source_country, r->source_name, err))) return rc;
  if ((rc = be->actor_note(s->impl, r->target_code, r->target_country, r->target_name, err))) return rc;
  *inserted = 1;
  return PARLEY_OK;
}

static int put_doc(parley_store *s, const parley_doc *doc, const parley_events *events, const char *hash, int *added,
                   parley_error *err) {
  const store_backend *be = s->be;
  long long doc_id = 0;
  int has_text = 0, rc;
  if ((rc = be->doc_find(s->impl, hash, &doc_id, &has_text, err))) return rc;
  if (doc_id && has_text) return PARLEY_OK; /* the same text is stored already */
  store_doc_row d = {.doc_key = doc->id ? doc->id : (doc->file ? doc->file : "doc"),
                     .hash = hash,
                     .date = doc->date,
                     .source = doc->source,
                     .url = doc->url,
                     .title = doc->title,
                     .lang = doc->lang,
                     .file = doc->file,
                     .meta_json = doc->meta_json,
                     .notice = doc->notice,
                     .text = doc->text ? doc->text : "",
                     .text_len = doc->text ? doc->text_len : 0,
                     .has_text = 1};
  if (doc_id)
    rc = be->doc_fill(s->impl, doc_id, &d, err); /* known from `parley load` only */
  else
    rc = be->doc_insert(s->impl, &d, &doc_id, err);
  if (rc) return rc;
  for (size_t i = 0; i < doc->n_refs; i++)
    if ((rc = be->ref_insert(s->impl, doc_id, (long long)i, &doc->refs[i], err))) return rc;
  if (doc->text && doc->n_paras) {
    parley_sentence *sent = NULL;
    size_t ns = 0;
    if ((rc = parley_doc_sentences(doc, &sent, &ns, err))) return rc;
    for (size_t i = 0; i < ns && rc == PARLEY_OK; i++)
      rc = be->sentence_insert(s->impl, doc_id, (long long)i, (long long)sent[i].span.start,
                               (long long)sent[i].span.end, sent[i].lang, err);
    free(sent);
    if (rc) return rc;
  }
  size_t n = events ? events->count : 0;
  for (size_t i = 0; i < n; i++) {
    const parley_event *e = &events->items[i];
    store_event_row r;
    char base[4], st[4], tt[4];
    row_from_event(&r, e, doc_id, base, st, tt);
    store_claim_row *cl = e->n_claims ? calloc(e->n_claims, sizeof *cl) : NULL;
    if (e->n_claims && !cl) return parley_error_set(err, PARLEY_ENOMEM, doc->file, doc->line, "out of memory");
    for (size_t k = 0; k < e->n_claims; k++) {
      const parley_claim *c = &e->claims[k];
      cl[k].doc_id = doc_id;
      cl[k].actor_code = c->actor.code;
      cl[k].actor_country = c->actor.country;
      cl[k].actor_name = c->actor.name;
      cl[k].stance = parley_stance_name(c->stance);
      cl[k].sentence = c->sentence;
      cl[k].span_start = (long long)c->span.start;
      cl[k].span_end = (long long)c->span.end;
      cl[k].cue = NULL;
      if (doc->text && c->span.end <= doc->text_len && c->span.start < c->span.end) {
        char *cue = strndup(doc->text + c->span.start, c->span.end - c->span.start);
        cl[k].cue = cue;
      }
    }
    int ins = 0;
    rc = store_put_coded_event(s, doc_id, hash, doc->date, doc->source, &r, cl, e->n_claims, &ins, err);
    for (size_t k = 0; k < e->n_claims; k++)
      free((char *)cl[k].cue);
    free(cl);
    if (rc) return rc;
  }
  *added = 1;
  return PARLEY_OK;
}

int parley_store_add_doc(parley_store *s, const parley_doc *doc, const parley_events *events, int *added,
                         parley_error *err) {
  int dummy;
  if (!added) added = &dummy;
  *added = 0;
  if (!s || !doc) return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "no store or document");
  char hash[33];
  if (doc->hash[0])
    snprintf(hash, sizeof hash, "%s", doc->hash);
  else
    parley_store_hash_hex(doc->text ? doc->text : "", doc->text ? doc->text_len : 0, hash);
  int opened, rc;
  if ((rc = store_tx_begin(s, &opened, err))) return rc;
  if ((rc = s->be->savepoint(s->impl, err))) {
    store_tx_end(s, opened, 0, NULL);
    return rc;
  }
  rc = put_doc(s, doc, events, hash, added, err);
  if (rc) {
    s->be->rollback_savepoint(s->impl);
    *added = 0;
    if (err && !err->file[0] && doc->file) {
      snprintf(err->file, sizeof err->file, "%s", doc->file);
      err->line = doc->line;
    }
    store_tx_end(s, opened, 0, NULL);
    return rc;
  }
  if ((rc = s->be->release(s->impl, err))) {
    store_tx_end(s, opened, 0, NULL);
    *added = 0;
    return rc;
  }
  rc = store_tx_end(s, opened, 1, err);
  if (rc) *added = 0;
  return rc;
}
