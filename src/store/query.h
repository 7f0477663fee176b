/* query.h — stage 3 (store), internal: the backend-neutral read-query
 * interface the ask stage and `parley report` / `parley serve` read through.
 *
 * A small prepare / bind / step / column interface over either backend
 * (query.c). SQL uses '?' placeholders and the portable subset of SQL that
 * both engines accept (docs/scale-out.md, "The ask stage on PostgreSQL"); on
 * PostgreSQL the '?' become $n and the parameters are typed (bigint, float8,
 * text). Column types follow SQLite's: integer kinds and whole-valued
 * numerics (what SUM of a bigint returns) are INT, other numbers FLOAT,
 * everything else TEXT. Errors fill a parley_error whose message is the
 * database's own (no prefix); callers say what they were doing. */
#ifndef PARLEY_STORE_QUERY_H
#define PARLEY_STORE_QUERY_H

#include <stddef.h>

#include "parley/store.h"

typedef struct store_stmt store_stmt;

enum store_col_type { STORE_COL_NULL = 0, STORE_COL_INT = 1, STORE_COL_FLOAT = 2, STORE_COL_TEXT = 3 };

/* Prepares sql ('?' placeholders, at most 99) on the store's connection. */
int store_query_prepare(parley_store *s, const char *sql, store_stmt **out, parley_error *err);
/* Parameters are 1-based, as in SQLite. text is copied. */
int store_query_bind_int64(store_stmt *st, int i, long long v);
int store_query_bind_double(store_stmt *st, int i, double v);
int store_query_bind_text(store_stmt *st, int i, const char *text);
int store_query_bind_null(store_stmt *st, int i);
/* For a statement that may return many rows, before its first step: on
 * PostgreSQL its rows are read through a cursor a batch at a time (in a
 * read-only transaction begun for it when none is open, ended when the rows
 * are read, or at reset/finalize) instead of all at once; nested statements
 * run as usual meanwhile. A no-op on SQLite, which always steps. */
void store_query_stream(store_stmt *st);
/* 1: a row is ready; 0: no more rows; < 0: error (err filled: PARLEY_EBUSY,
 * PARLEY_ENOMEM or PARLEY_ESTORE). */
int store_query_step(store_stmt *st, parley_error *err);
int store_query_column_count(store_stmt *st);
int store_query_column_type(store_stmt *st, int col);
long long store_query_column_int64(store_stmt *st, int col);
double store_query_column_double(store_stmt *st, int col);
/* NUL-terminated; NULL for SQL NULL; valid until the next step/reset/finalize. */
const char *store_query_column_text(store_stmt *st, int col);
/* Runs the statement again from the start (bindings are kept). */
void store_query_reset(store_stmt *st);
void store_query_finalize(store_stmt *st);
/* 1 when a table (or view) / trigger of that name exists in the store's schema. */
int store_query_has_table(parley_store *s, const char *name);
int store_query_has_trigger(parley_store *s, const char *name);
/* 1 when sql prepares and runs (e.g. a "SELECT col FROM t LIMIT 0" probe for
 * a column), 0 otherwise. */
int store_query_works(parley_store *s, const char *sql);

/* --- Readers ----------------------------------------------------------- */

/* Opens target read-only for the ask stage, `parley report` and `parley
 * serve` (parley_store_open with PARLEY_STORE_READONLY), so that the schema
 * version rules of the store apply (a newer schema is refused). A SQLite
 * file in a folder this process cannot write to is opened immutable (no
 * -shm or -wal can be made there, and no writer can change it) unless a
 * -wal file with content lies beside it; messages still name the path. */
int store_open_reader(const char *target, parley_store **out, parley_error *err);
/* SQLite only (a no-op on PostgreSQL): a page cache of cache_kib KiB and
 * reads through memory mapping up to mmap_bytes; query_only when asked. */
void store_reader_tune(parley_store *s, long long cache_kib, long long mmap_bytes, int query_only);
/* A number that changes when another connection commits: SQLite's PRAGMA
 * data_version, PostgreSQL's store_meta pg_write_generation; -1 if unknown. */
long long store_data_version(parley_store *s);
/* The database's name for messages: SQLite's file path, PostgreSQL's
 * postgresql://user@host:port/db (never the password). */
void store_display_name(parley_store *s, char *out, size_t size);

#endif
