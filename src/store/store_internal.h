/* store_internal.h — stage 3 (store), internal: helpers shared by the store's files.
 *
 * The parley_store handle, the input layer the importers read records from
 * (plain files, .zip entries, stdin; lines or CSV records with their line
 * numbers), a growable text buffer with a JSON writer for extra_json, field
 * parsers, the country and CAMEO tables, and the import driver that every
 * dataset parser plugs into. Nothing here is public API. */
#ifndef PARLEY_STORE_INTERNAL_H
#define PARLEY_STORE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "backend.h"
#include "parley/store.h"

struct parley_store {
  const store_backend *be;
  store_impl *impl;
  int in_batch;    /* parley_store_begin called */
  int window_days; /* dedup window, from store_meta */
  int writable;
};

/* Stores one coded event (origin parley) of document doc_id: its row (a
 * second document with the same event id gets "ID@HASH8"), its event group,
 * claims (event_id and group_id are filled in) and actors. *inserted = 0 when
 * the event was already stored for this document. */
int store_put_coded_event(parley_store *s, long long doc_id, const char *doc_hash, const char *doc_date,
                          const char *outlet, store_event_row *r, store_claim_row *claims, size_t n_claims,
                          int *inserted, parley_error *err);

/* Transaction helpers: open one if no batch is open. */
int store_tx_begin(parley_store *s, int *opened, parley_error *err);
int store_tx_end(parley_store *s, int opened, int ok, parley_error *err);

/* --- text buffer ----------------------------------------------------- */

typedef struct sbuf {
  char *s;
  size_t len, cap;
} sbuf;

int sbuf_reserve(sbuf *b, size_t extra);
int sbuf_add(sbuf *b, const char *s, size_t n);
int sbuf_addc(sbuf *b, char c);
int sbuf_adds(sbuf *b, const char *s);
void sbuf_free(sbuf *b);

/* A JSON object written field by field into a buffer. */
typedef struct jwriter {
  sbuf *b;
  int n;
} jwriter;

void jw_begin(jwriter *w, sbuf *b);
/* A string member (skipped when v is NULL or empty). */
void jw_str(jwriter *w, const char *key, const char *v, size_t vlen);
/* A number member written as given (v must be a valid JSON number). */
void jw_num(jwriter *w, const char *key, const char *v, size_t vlen);
void jw_end(jwriter *w);
/* Appends s as a JSON string literal. */
void json_quote(sbuf *b, const char *s, size_t n);

/* --- migrations (migrate.c) ----------------------------------------- */

/* The SQL that moves a version 4 database's GDELT fields from extra_json to
 * the version 5 columns (after they were added), in SQLite's dialect or, when
 * pg, PostgreSQL's; appended to b. -1 when out of memory. */
int store_v5_move_sql(int pg, sbuf *b);

/* --- hashing --------------------------------------------------------- */

typedef struct store_hash {
  uint64_t h1, h2, total;
  unsigned char tail[16];
  size_t ntail;
} store_hash;

void store_hash_init(store_hash *h);
void store_hash_update(store_hash *h, const void *data, size_t len);
void store_hash_final(store_hash *h, char out[33]);
/* Hashes a whole file; PARLEY_EIO on failure. */
int store_hash_file(const char *path, char out[33], long long *size, parley_error *err);

/* --- input ----------------------------------------------------------- */

/* Records from a plain file, stdin ("-") or each entry of a .zip file. */
typedef struct store_input store_input;

int store_input_open(const char *path, store_input **out, parley_error *err);
void store_input_close(store_input *in);
/* Moves to the next .zip entry (1), or 0 when none is left. A plain file has
 * exactly one "entry". name is the display name of the entry ("a.zip!a.CSV"). */
int store_input_next_entry(store_input *in, const char **name, parley_error *err);
/* Reads one line (without "\n" or "\r\n") into an internal writable buffer.
 * Returns 1 with *line, *len and *lineno set, 0 at the end of the entry,
 * or a negative status. The line is NUL-terminated. */
int store_input_line(store_input *in, char **line, size_t *len, long *lineno, parley_error *err);
/* Reads one CSV record: lines are joined while a quoted field is open.
 * Same return values; *lineno is the record's first line. */
int store_input_csv_record(store_input *in, char **rec, size_t *len, long *lineno, parley_error *err);
long long store_input_bytes_done(const store_input *in);
long long store_input_bytes_total(const store_input *in);
/* Hash of all bytes read so far (the raw file's bytes for a plain file or stdin). */
void store_input_hash(store_input *in, char out[33]);

/* Splits a line on tabs in place: fields[i] NUL-terminated. Returns the
 * number of fields (may exceed max: only max are stored). */
size_t split_tabs(char *line, size_t len, char **fields, size_t *lens, size_t max);
/* Parses one CSV record in place (RFC 4180 quoting, "" escapes). Returns
 * the number of fields, or (size_t)-1 for a malformed quote. */
size_t split_csv(char *rec, size_t len, char **fields, size_t *lens, size_t max);

/* --- field parsing --------------------------------------------------- */

/* 1 if s is a decimal integer (optional sign) / a decimal number. */
int parse_ll(const char *s, long long *out);
int parse_double(const char *s, double *out);
/* YYYYMMDD integer from "YYYYMMDD", "YYYY-MM-DD", "DD/MM/YYYY", "D Month YYYY",
 * "D-Mon-YYYY". Returns 1 if it is a real calendar date. */
int parse_ymd8(const char *s, long long *out);
int parse_date_any(const char *s, long long *out);
int ymd_valid(long long ymd);
/* Day ordinal (days since 1970-01-01) and back. */
long long ymd_to_days(long long ymd);
long long days_to_ymd(long long days);
/* "YYYY-MM-DD" → YYYYMMDD; 0 when s is NULL/"" or invalid. */
long long ymd_from_iso(const char *s);
/* 1..4 from a 2-digit CAMEO root (GDELT's mapping), 0 if none. */
int quad_class_of_root(const char *root);
/* 1 if s is a CAMEO event code: 2 to 4 digits. */
int is_cameo_code(const char *s);
/* Goldstein value of a CAMEO code (the codes the importers map to), NaN if unknown. */
double cameo_goldstein(const char *code);
/* The byte offset of the first invalid UTF-8 sequence, or -1. */
long long utf8_bad_offset(const char *s, size_t len);
/* The column (in characters, from 1) of byte offset off of a line, as the reader counts. */
long utf8_column(const char *s, long long off);
/* Decodes cp1252 into UTF-8 (appends to b). Returns -1 on an undefined byte
 * (0x81, 0x8D, 0x8F, 0x90, 0x9D), else 0. */
int cp1252_to_utf8(sbuf *b, const char *s, size_t len, size_t *bad);

/* --- countries and actors ------------------------------------------- */

/* A per-import cache of country name lookups (direct-mapped). */
#define COUNTRY_MEMO_SIZE 1024
typedef struct country_memo {
  char *key[COUNTRY_MEMO_SIZE];
  const char *val[COUNTRY_MEMO_SIZE];
} country_memo;
const char *country_memo_get(country_memo *m, const char *name);
void country_memo_free(country_memo *m);

/* Case-insensitive country name lookup (see countries.c). */
const char *country_iso3(const char *name, size_t len);
/* CAMEO actor type for an ICEWS sector list ("Military,Government" → MIL), or NULL. */
const char *icews_sector_type(const char *sectors);
/* Known international organisations by name: code and country, or 0. */
int igo_code(const char *name, const char **code, const char **country);

/* --- the import driver ---------------------------------------------- */

typedef struct store_import store_import;

/* A dataset parser: called once per input entry; reads records with
 * store_input_*, calls import_row_* for each. */
typedef int (*store_parse_fn)(store_import *im, store_input *in, const char *entry, parley_error *err);

struct store_import {
  parley_store *s;
  const parley_import_options *opt;
  parley_store_stats *st;
  const char *path;  /* as given */
  parley_error *err; /* the caller's: filled by a row error in strict mode */
  store_input *in;
  size_t in_tx;   /* records in the open transaction */
  size_t pending; /* rows stored in the open transaction (lost on rollback) */
  int tx_open;
  double t0, last_progress;
  sbuf extra; /* extra_json of the current record */
  sbuf tmp;   /* scratch (decoded text) */
  void *parser_state;
  void (*free_state)(void *state); /* frees parser_state (default: free) */
  /* Actor codes already written to the actors table (open addressing). */
  char **seen;
  size_t n_seen, cap_seen;
  int may_defer; /* a dataset import (not JSON Lines): may build events' indexes at the end */
  int defer_tried, deferred;
  /* Set while the parser runs on its own thread (import.c): the import_row_*
   * calls then record what to store, and the calling thread stores it. */
  struct import_pipe *pipe;
  long long pipe_bytes; /* input bytes read when the block being stored was handed over */
};

/* Runs a whole file through parse: checks whether it was imported before,
 * opens the input, batches transactions, records the import. kind is the
 * imports.kind ("gdelt", refined by the parser through st->kind). */
int store_import_file(parley_store *s, const char *path, const char *kind, store_parse_fn parse,
                      const parley_import_options *opt, parley_store_stats *st, parley_error *err);

/* A malformed record: reported, counted; PARLEY_EFORMAT (stop) in strict mode. */
int import_row_error(store_import *im, const char *file, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Stores one imported events row (counts stored / duplicate, commits batches). */
int import_row_event(store_import *im, const store_event_row *e, parley_error *err);
int import_row_mention(store_import *im, const store_mention_row *m, parley_error *err);
/* Opens the import's transaction if none is open. */
int import_tx_need(store_import *im, parley_error *err);
/* Commits when in_tx reached the batch size (never in strict mode). */
int import_tx_due(store_import *im, parley_error *err);
/* Counts a record read; calls the progress callback when due. */
void import_row_read(store_import *im);
/* Records an actor code in the actors table once per import. */
int import_actor(store_import *im, const char *code, const char *country, const char *name, parley_error *err);

double store_now(void);

/* --- parsers --------------------------------------------------------- */

int gdelt_parse(store_import *im, store_input *in, const char *entry, parley_error *err);
int icews_parse(store_import *im, store_input *in, const char *entry, parley_error *err);
int acled_parse(store_import *im, store_input *in, const char *entry, parley_error *err);
int jsonl_parse(store_import *im, store_input *in, const char *entry, parley_error *err);

/* --- the embedded schema -------------------------------------------- */

/* The text of src/store/schema.sql (schema_sql.c, kept identical by a test). */
extern const char store_schema_sql[];

#endif
