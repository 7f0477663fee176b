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
 * in the imports table in the same transaction as its last rows.
 *
 * The dataset parsers (GDELT, ICEWS, ACLED; not --strict) run on a second
 * thread: their import_row_* calls are recorded, in order, into blocks that
 * the calling thread plays back against the database, so that reading and
 * checking the file overlaps with storing it (see "The parser thread"). */
#include <pthread.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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
                              .bytes_done = im->pipe ? im->pipe_bytes
                                            : im->in ? store_input_bytes_done(im->in)
                                                     : 0,
                              .bytes_total = im->in ? store_input_bytes_total(im->in) : 0,
                              .seconds = now - im->t0};
  im->opt->progress(im->opt->progress_ctx, &p);
}

static int pipe_read(store_import *im);
static int pipe_error(store_import *im, const parley_error *e);
static int pipe_event(store_import *im, const store_event_row *e);
static int pipe_mention(store_import *im, const store_mention_row *m);
static int pipe_actor(store_import *im, const char *code, const char *country, const char *name);

static void row_read(store_import *im) {
  im->st->rows_read++;
  if ((im->st->rows_read & 1023) == 0) progress(im, 0);
}

void import_row_read(store_import *im) {
  if (im->pipe)
    pipe_read(im); /* a failure is seen at the next record */
  else
    row_read(im);
}

static int row_error(store_import *im, const parley_error *e) {
  im->st->rows_skipped++;
  if (im->opt->on_row_error) im->opt->on_row_error(im->opt->on_row_error_ctx, e);
  if (im->opt->strict) {
    if (im->err) *im->err = *e;
    return PARLEY_EFORMAT;
  }
  return PARLEY_OK;
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
  return im->pipe ? pipe_error(im, &e) : row_error(im, &e);
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

static int row_event(store_import *im, const store_event_row *e, parley_error *err) {
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

static int row_mention(store_import *im, const store_mention_row *m, parley_error *err) {
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

int import_row_event(store_import *im, const store_event_row *e, parley_error *err) {
  return im->pipe ? pipe_event(im, e) : row_event(im, e, err);
}

int import_row_mention(store_import *im, const store_mention_row *m, parley_error *err) {
  return im->pipe ? pipe_mention(im, m) : row_mention(im, m, err);
}

static uint64_t str_hash(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

static int actor_write(store_import *im, const char *code, const char *country, const char *name, parley_error *err) {
  int rc = import_tx_need(im, err);
  if (rc) return rc;
  return im->s->be->actor_note(im->s->impl, code, country, name, err);
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
  return im->pipe ? pipe_actor(im, code, country, name) : actor_write(im, code, country, name, err);
}

/* --- The parser thread ------------------------------------------------------
 * The parser thread appends records (a row read, a malformed row, an events
 * row, a mentions row, an actor) to a block; a full block goes on a queue of
 * at most PIPE_BLOCKS, which the calling thread plays back in order through
 * the same functions a single-threaded import calls. Strings are copied into
 * the block, so a record outlives the parser's line buffer. If storing fails,
 * the parser is told to stop at its next record; if parsing fails, the rows
 * recorded before the failure are still stored, as they would have been. */

enum { OP_READ = 1, OP_ERROR, OP_EVENT, OP_MENTION, OP_ACTOR };
enum { PIPE_BLOCK_SIZE = 1 << 18, PIPE_BLOCKS = 8 };

typedef struct pipe_block {
  struct pipe_block *next;
  size_t cap, len;
  long long bytes_done; /* input position when the block was handed over */
  alignas(max_align_t) unsigned char data[];
} pipe_block;

typedef struct op_head {
  uint32_t type, size; /* size: of the whole record, header included, a multiple of 8 */
} op_head;

typedef struct import_pipe {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  pipe_block *head, *tail; /* full blocks, oldest first */
  int queued;
  pipe_block *spare; /* played-back blocks, for reuse */
  int done;          /* the parser has returned: rc, err */
  int stop;          /* storing failed: the parser stops */
  int rc;
  parley_error err;
  /* the parser thread's own */
  pipe_block *cur;
  store_parse_fn parse;
  store_import *im;
} import_pipe;

static size_t round8(size_t n) { return (n + 7) & ~(size_t)7; }

/* Hands the block being filled to the storing thread (waits while the queue
 * is full). PARLEY_ESTORE when storing has failed. */
static int pipe_flush(import_pipe *p) {
  pipe_block *b = p->cur;
  if (!b || !b->len) return PARLEY_OK;
  b->bytes_done = p->im->in ? store_input_bytes_done(p->im->in) : 0;
  p->cur = NULL;
  pthread_mutex_lock(&p->mu);
  while (p->queued >= PIPE_BLOCKS && !p->stop)
    pthread_cond_wait(&p->cv, &p->mu);
  int stop = p->stop;
  if (!stop) {
    b->next = NULL;
    if (p->tail)
      p->tail->next = b;
    else
      p->head = b;
    p->tail = b;
    p->queued++;
    pthread_cond_broadcast(&p->cv);
  } else {
    b->next = p->spare;
    p->spare = b;
  }
  pthread_mutex_unlock(&p->mu);
  return stop ? PARLEY_ESTORE : PARLEY_OK;
}

/* Why the parser must stop recording: storing failed, or memory ran out. */
static int pipe_fail(import_pipe *p, int stopped) {
  if (!p->err.status) {
    if (stopped)
      parley_error_set(&p->err, PARLEY_ESTORE, NULL, 0, "storing failed");
    else
      parley_error_set(&p->err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  }
  return p->err.status;
}

/* Room for a record of size bytes (a multiple of 8) in the block being
 * filled; NULL when out of memory or when storing has failed (p->err says
 * which). */
static unsigned char *pipe_room(import_pipe *p, uint32_t type, size_t size) {
  if (p->cur && p->cur->len + size > p->cur->cap && pipe_flush(p)) {
    pipe_fail(p, 1);
    return NULL;
  }
  if (!p->cur) {
    pthread_mutex_lock(&p->mu);
    int stop = p->stop;
    pipe_block *b = NULL;
    if (!stop && p->spare && p->spare->cap >= size) {
      b = p->spare;
      p->spare = b->next;
    }
    pthread_mutex_unlock(&p->mu);
    if (stop) {
      pipe_fail(p, 1);
      return NULL;
    }
    if (!b) {
      size_t cap = size > PIPE_BLOCK_SIZE ? size : PIPE_BLOCK_SIZE;
      b = malloc(sizeof *b + cap);
      if (!b) {
        pipe_fail(p, 0);
        return NULL;
      }
      b->cap = cap;
    }
    b->len = 0;
    p->cur = b;
  }
  unsigned char *r = p->cur->data + p->cur->len;
  p->cur->len += size;
  op_head h = {type, (uint32_t)size};
  memcpy(r, &h, sizeof h);
  return r + sizeof(op_head);
}

static size_t str_size(const char *s) { return s ? strlen(s) + 1 : 0; }

/* Copies s to *at (advancing it); NULL stays NULL. */
static const char *str_copy(unsigned char **at, const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  memcpy(*at, s, n);
  const char *r = (const char *)*at;
  *at += n;
  return r;
}

static int pipe_read(store_import *im) {
  return pipe_room(im->pipe, OP_READ, sizeof(op_head)) ? PARLEY_OK : im->pipe->err.status;
}

static int pipe_error(store_import *im, const parley_error *e) {
  unsigned char *r = pipe_room(im->pipe, OP_ERROR, round8(sizeof(op_head) + sizeof *e));
  if (!r) return im->pipe->err.status;
  memcpy(r, e, sizeof *e);
  return PARLEY_OK;
}

/* The string fields of an events row, copied into a block with it. */
static const size_t EVENT_STRINGS[] = {offsetof(store_event_row, origin),
                                       offsetof(store_event_row, event_key),
                                       offsetof(store_event_row, date_basis),
                                       offsetof(store_event_row, source_code),
                                       offsetof(store_event_row, source_country),
                                       offsetof(store_event_row, source_name),
                                       offsetof(store_event_row, source_type),
                                       offsetof(store_event_row, target_code),
                                       offsetof(store_event_row, target_country),
                                       offsetof(store_event_row, target_name),
                                       offsetof(store_event_row, target_type),
                                       offsetof(store_event_row, event_code),
                                       offsetof(store_event_row, base_code),
                                       offsetof(store_event_row, root_code),
                                       offsetof(store_event_row, trigger),
                                       offsetof(store_event_row, pattern),
                                       offsetof(store_event_row, lang),
                                       offsetof(store_event_row, location),
                                       offsetof(store_event_row, location_country),
                                       offsetof(store_event_row, source_url),
                                       offsetof(store_event_row, extra_json),
                                       offsetof(store_event_row, location_fips),
                                       offsetof(store_event_row, location_adm1),
                                       offsetof(store_event_row, location_adm2),
                                       offsetof(store_event_row, location_feature),
#define GEO_STRINGS(g)                                                                                                 \
  offsetof(store_event_row, g.name), offsetof(store_event_row, g.country), offsetof(store_event_row, g.fips),          \
      offsetof(store_event_row, g.adm1), offsetof(store_event_row, g.adm2), offsetof(store_event_row, g.feature)
                                       GEO_STRINGS(source_geo),
                                       GEO_STRINGS(target_geo)};
#undef GEO_STRINGS
enum { N_EVENT_STRINGS = sizeof EVENT_STRINGS / sizeof EVENT_STRINGS[0] };

static const char **event_string(store_event_row *r, int k) {
  return (const char **)(void *)((char *)r + EVENT_STRINGS[k]);
}

static int pipe_event(store_import *im, const store_event_row *e) {
  store_event_row c = *e;
  size_t n = round8(sizeof(op_head) + sizeof *e);
  for (int k = 0; k < N_EVENT_STRINGS; k++)
    n += str_size(*event_string(&c, k));
  unsigned char *r = pipe_room(im->pipe, OP_EVENT, round8(n));
  if (!r) return im->pipe->err.status;
  unsigned char *at = r + round8(sizeof(op_head) + sizeof *e) - sizeof(op_head);
  for (int k = 0; k < N_EVENT_STRINGS; k++)
    *event_string(&c, k) = str_copy(&at, *event_string(&c, k));
  memcpy(r, &c, sizeof c);
  return PARLEY_OK;
}

static int pipe_mention(store_import *im, const store_mention_row *m) {
  size_t n = round8(sizeof(op_head) + sizeof *m) + str_size(m->event_key) + str_size(m->source_name) +
             str_size(m->identifier) + str_size(m->translation_info) + str_size(m->extras);
  unsigned char *r = pipe_room(im->pipe, OP_MENTION, round8(n));
  if (!r) return im->pipe->err.status;
  store_mention_row c = *m;
  unsigned char *at = r + round8(sizeof(op_head) + sizeof *m) - sizeof(op_head);
  c.event_key = str_copy(&at, m->event_key);
  c.source_name = str_copy(&at, m->source_name);
  c.identifier = str_copy(&at, m->identifier);
  c.translation_info = str_copy(&at, m->translation_info);
  c.extras = str_copy(&at, m->extras);
  memcpy(r, &c, sizeof c);
  return PARLEY_OK;
}

static int pipe_actor(store_import *im, const char *code, const char *country, const char *name) {
  size_t n = sizeof(op_head) + 3 + str_size(code) + str_size(country) + str_size(name);
  unsigned char *r = pipe_room(im->pipe, OP_ACTOR, round8(n));
  if (!r) return im->pipe->err.status;
  /* three strings, each with a presence byte */
  const char *v[3] = {code, country, name};
  for (int i = 0; i < 3; i++) {
    *r++ = v[i] != NULL;
    if (v[i]) str_copy(&r, v[i]);
  }
  return PARLEY_OK;
}

/* Plays one block back; the first failure stops it. */
static int pipe_play(store_import *im, const pipe_block *b, parley_error *err) {
  im->pipe_bytes = b->bytes_done;
  for (size_t off = 0; off < b->len;) {
    op_head h;
    memcpy(&h, b->data + off, sizeof h);
    const unsigned char *r = b->data + off + sizeof h;
    off += h.size;
    int rc = PARLEY_OK;
    switch (h.type) {
    case OP_READ: row_read(im); break;
    case OP_ERROR: rc = row_error(im, (const parley_error *)(const void *)r); break;
    case OP_EVENT: rc = row_event(im, (const store_event_row *)(const void *)r, err); break;
    case OP_MENTION: rc = row_mention(im, (const store_mention_row *)(const void *)r, err); break;
    case OP_ACTOR: {
      const char *v[3];
      for (int i = 0; i < 3; i++) {
        v[i] = *r++ ? (const char *)r : NULL;
        if (v[i]) r += strlen(v[i]) + 1;
      }
      rc = actor_write(im, v[0], v[1], v[2], err);
      break;
    }
    default: rc = parley_error_set(err, PARLEY_ESTORE, NULL, 0, "internal error: unknown import record %u", h.type);
    }
    if (rc) return rc;
  }
  return PARLEY_OK;
}

static void *pipe_parser_main(void *arg) {
  import_pipe *p = arg;
  store_import *im = p->im;
  parley_error e;
  parley_error_clear(&e);
  const char *entry;
  int rc;
  while ((rc = store_input_next_entry(im->in, &entry, &e)) == 1)
    if ((rc = p->parse(im, im->in, entry, &e))) break;
  if (rc == PARLEY_OK && pipe_flush(p)) rc = pipe_fail(p, 1);
  if (p->cur) { /* not handed over: after a failure */
    free(p->cur);
    p->cur = NULL;
  }
  pthread_mutex_lock(&p->mu);
  p->done = 1;
  p->rc = rc;
  if (rc && !p->err.status) p->err = e;
  pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

/* Runs the parser on its own thread and stores what it records. 1 when the
 * thread could not be started (the caller parses on this thread). */
static int pipe_run(store_import *im, store_parse_fn parse, parley_error *err) {
  import_pipe *p = calloc(1, sizeof *p);
  if (!p) return 1;
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->cv, NULL);
  p->parse = parse;
  p->im = im;
  im->pipe = p;
  pthread_t t;
  if (pthread_create(&t, NULL, pipe_parser_main, p)) {
    im->pipe = NULL;
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
    return 1;
  }
  int rc = PARLEY_OK;
  for (;;) {
    pthread_mutex_lock(&p->mu);
    while (!p->head && !p->done)
      pthread_cond_wait(&p->cv, &p->mu);
    pipe_block *b = p->head;
    if (b) {
      p->head = b->next;
      if (!p->head) p->tail = NULL;
      p->queued--;
      pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    if (!b) break; /* done, and everything stored */
    rc = pipe_play(im, b, err);
    if (b->cap > PIPE_BLOCK_SIZE) { /* made for one huge record: not kept */
      free(b);
      b = NULL;
    }
    pthread_mutex_lock(&p->mu);
    if (b) {
      b->next = p->spare;
      p->spare = b;
    }
    if (rc) {
      p->stop = 1;
      pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    if (rc) break;
  }
  pthread_join(t, NULL);
  im->pipe = NULL;
  if (rc == PARLEY_OK && p->rc) {
    rc = p->rc;
    *err = p->err;
  }
  for (pipe_block *b = p->head, *n; b; b = n) /* after a failure to store */
    n = b->next, free(b);
  for (pipe_block *b = p->spare, *n; b; b = n)
    n = b->next, free(b);
  pthread_cond_destroy(&p->cv);
  pthread_mutex_destroy(&p->mu);
  free(p);
  return rc;
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
  int bulk = im.may_defer && s->be->bulk;
  if (bulk && (rc = s->be->bulk(s->impl, 1, err))) {
    store_input_close(im.in);
    return rc;
  }
  /* the dataset parsers on their own thread; --strict stops at the first
   * malformed row, which is simplest where it is found */
  if (!im.may_defer || opt->strict || (rc = pipe_run(&im, parse, err)) == 1) {
    const char *entry;
    while ((rc = store_input_next_entry(im.in, &entry, err)) == 1) {
      if ((rc = parse(&im, im.in, entry, err))) break;
    }
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
  if (bulk) {
    parley_error e;
    if (s->be->bulk(s->impl, 0, &e) && rc == PARLEY_OK) *err = e, rc = e.status;
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
