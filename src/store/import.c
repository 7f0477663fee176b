/* import.c — stage 3 (store): the driver every file import runs through.
 *
 * For one file: skips it when the same content (kind + 128-bit hash) was
 * imported before; opens it (plain, .zip or stdin); lets the dataset parser
 * read its records; stores rows in batched transactions (a record is either
 * committed or not; a killed import keeps its committed batches, and running
 * it again stores only what is missing since every record has a unique key);
 * counts rows read / stored / duplicate / skipped; reports malformed rows
 * through the caller's callback (--strict: stops at the first and keeps
 * nothing of the file); calls the progress callback; finally records the file
 * in the imports table in the same transaction as its last rows. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

parley_import_options parley_import_default_options(void) {
  parley_import_options o;
  memset(&o, 0, sizeof o);
  o.batch_rows = 20000;
  o.encoding = "auto";
  o.progress_interval = 0.5;
  return o;
}

static void progress(store_import *im, int final) {
  if (!im->opt->progress) return;
  double now = store_now();
  if (!final && now - im->last_progress < im->opt->progress_interval) return;
  im->last_progress = now;
  parley_import_progress p = {.file = im->path,
                              .rows_read = im->st->rows_read,
                              .rows_stored = im->st->rows_stored,
                              .rows_skipped = im->st->rows_skipped,
                              .bytes_done = im->in ? store_input_bytes_done(im->in) : 0,
                              .bytes_total = im->in ? store_input_bytes_total(im->in) : 0,
                              .seconds = now - im->t0};
  im->opt->progress(im->opt->progress_ctx, &p);
}

void import_row_read(store_import *im) {
  im->st->rows_read++;
  if ((im->st->rows_read & 1023) == 0) progress(im, 0);
}

int import_row_error(store_import *im, const char *file, long line, const char *fmt, ...) {
  parley_error e;
  parley_error_clear(&e);
  e.status = PARLEY_EFORMAT;
  snprintf(e.file, sizeof e.file, "%s", file ? file : "");
  e.line = line;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e.message, sizeof e.message, fmt, ap);
  va_end(ap);
  im->st->rows_skipped++;
  if (im->opt->on_row_error) im->opt->on_row_error(im->opt->on_row_error_ctx, &e);
  if (im->opt->strict) {
    if (im->err) *im->err = e;
    return PARLEY_EFORMAT;
  }
  return PARLEY_OK;
}

int import_tx_need(store_import *im, parley_error *err) {
  if (im->tx_open) return PARLEY_OK;
  int rc = im->s->be->begin(im->s->impl, err);
  if (rc == PARLEY_OK) {
    im->tx_open = 1;
    im->in_tx = 0;
    im->pending = 0;
    /* Into an empty events table, rows go in faster without its secondary
     * indexes, which are then built once, sorted, at the end of the file. */
    if (!im->defer_tried && im->may_defer && im->s->be->defer_indexes) {
      im->defer_tried = 1;
      rc = im->s->be->defer_indexes(im->s->impl, &im->deferred, err);
    }
  }
  return rc;
}

int import_tx_due(store_import *im, parley_error *err) {
  if (!im->tx_open || im->opt->strict || im->in_tx < (im->opt->batch_rows ? im->opt->batch_rows : 20000))
    return PARLEY_OK;
  int rc = im->s->be->commit(im->s->impl, err);
  im->tx_open = 0;
  if (rc) {
    im->s->be->rollback(im->s->impl);
    im->st->rows_stored -= im->pending;
  }
  im->pending = 0;
  return rc;
}

static int tx_step(store_import *im, parley_error *err) {
  im->in_tx++;
  return import_tx_due(im, err);
}

int import_row_event(store_import *im, const store_event_row *e, parley_error *err) {
  int rc = import_tx_need(im, err);
  if (rc) return rc;
  long long id = 0;
  if ((rc = im->s->be->event_insert(im->s->impl, e, &id, NULL, err))) return rc;
  if (id)
    im->st->rows_stored++, im->pending++;
  else
    im->st->rows_duplicate++;
  return tx_step(im, err);
}

int import_row_mention(store_import *im, const store_mention_row *m, parley_error *err) {
  int rc = import_tx_need(im, err);
  if (rc) return rc;
  int ins = 0;
  if ((rc = im->s->be->mention_insert(im->s->impl, m, &ins, err))) return rc;
  if (ins)
    im->st->rows_stored++, im->pending++;
  else
    im->st->rows_duplicate++;
  return tx_step(im, err);
}

static uint64_t str_hash(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

int import_actor(store_import *im, const char *code, const char *country, const char *name, parley_error *err) {
  if (!code || !*code) return PARLEY_OK;
  if (im->n_seen * 2 >= im->cap_seen) {
    size_t cap = im->cap_seen ? im->cap_seen * 2 : 1024;
    char **t = calloc(cap, sizeof *t);
    if (!t) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < im->cap_seen; i++)
      if (im->seen[i]) {
        size_t j = str_hash(im->seen[i]) & (cap - 1);
        while (t[j])
          j = (j + 1) & (cap - 1);
        t[j] = im->seen[i];
      }
    free(im->seen);
    im->seen = t;
    im->cap_seen = cap;
  }
  size_t j = str_hash(code) & (im->cap_seen - 1);
  while (im->seen[j]) {
    if (!strcmp(im->seen[j], code)) return PARLEY_OK;
    j = (j + 1) & (im->cap_seen - 1);
  }
  im->seen[j] = strdup(code);
  if (!im->seen[j]) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  im->n_seen++;
  int rc = import_tx_need(im, err);
  if (rc) return rc;
  return im->s->be->actor_note(im->s->impl, code, country, name, err);
}

/* The imports.kind values a family of files may have been recorded under. */
static const char *const *kinds_of(const char *family) {
  static const char *const gdelt[] = {"gdelt1", "gdelt2", "gdelt2-mentions", NULL};
  static const char *const acled[] = {"acled", "acled-v6", NULL};
  static const char *const icews[] = {"icews", NULL};
  static const char *const jsonl[] = {"events-jsonl", NULL};
  if (!strcmp(family, "gdelt")) return gdelt;
  if (!strcmp(family, "acled")) return acled;
  if (!strcmp(family, "icews")) return icews;
  return jsonl;
}

int store_import_file(parley_store *s, const char *path, const char *family, store_parse_fn parse,
                      const parley_import_options *opt, parley_store_stats *st, parley_error *err) {
  parley_import_options defaults = parley_import_default_options();
  if (!opt) opt = &defaults;
  parley_store_stats dummy;
  if (!st) st = &dummy;
  memset(st, 0, sizeof *st);
  parley_error_clear(err);
  if (!s || !s->writable) return parley_error_set(err, PARLEY_EINVAL, path, 0, "the database is not open for writing");
  if (s->in_batch)
    return parley_error_set(err, PARLEY_EINVAL, path, 0, "imports run their own transactions: commit the batch first");
  int is_stdin = !path || !strcmp(path, "-");
  const char *display = is_stdin ? "<stdin>" : path;
  char hash[33] = "";
  int rc;
  if (!is_stdin) {
    if ((rc = store_hash_file(path, hash, NULL, err))) return rc;
    if (!opt->force)
      for (const char *const *k = kinds_of(family); *k; k++) {
        int found = 0;
        if ((rc = s->be->import_find(s->impl, *k, hash, &found, st->previous_import, err))) return rc;
        if (found) {
          st->already_imported = 1;
          snprintf(st->kind, sizeof st->kind, "%s", *k);
          return PARLEY_OK;
        }
      }
  }
  store_import im;
  memset(&im, 0, sizeof im);
  im.s = s;
  im.opt = opt;
  im.st = st;
  im.path = display;
  im.err = err;
  im.t0 = im.last_progress = store_now();
  im.may_defer = !strcmp(family, "gdelt") || !strcmp(family, "icews") || !strcmp(family, "acled");
  if ((rc = store_input_open(path, &im.in, err))) return rc;
  const char *entry;
  while ((rc = store_input_next_entry(im.in, &entry, err)) == 1) {
    if ((rc = parse(&im, im.in, entry, err))) break;
  }
  if (rc == PARLEY_OK) {
    if (is_stdin) store_input_hash(im.in, hash);
    if (!st->kind[0]) snprintf(st->kind, sizeof st->kind, "%s", kinds_of(family)[0]);
    if ((rc = import_tx_need(&im, err)) == PARLEY_OK &&
        (!im.deferred || (rc = s->be->restore_indexes(s->impl, err)) == PARLEY_OK) &&
        (rc = s->be->import_record(s->impl, st->kind, display, hash, st, err)) == PARLEY_OK) {
      rc = s->be->commit(s->impl, err);
      im.tx_open = 0;
      if (rc == PARLEY_OK) im.deferred = 0;
    }
  }
  if (im.tx_open) {
    s->be->rollback(s->impl); /* the rows of the open batch are lost: not stored */
    st->rows_stored -= im.pending;
  }
  if (im.deferred) { /* the committed batches' indexes; else the next read-write open builds them */
    parley_error e;
    if (s->be->begin(s->impl, &e) == PARLEY_OK) {
      if (s->be->restore_indexes(s->impl, &e) == PARLEY_OK) s->be->commit(s->impl, &e);
      s->be->rollback(s->impl);
    }
  }
  progress(&im, 1);
  for (size_t i = 0; i < im.cap_seen; i++)
    free(im.seen[i]);
  free(im.seen);
  sbuf_free(&im.extra);
  sbuf_free(&im.tmp);
  if (im.free_state)
    im.free_state(im.parser_state);
  else
    free(im.parser_state);
  store_input_close(im.in);
  return rc;
}
