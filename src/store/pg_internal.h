/* pg_internal.h — stage 3 (store), internal: the PostgreSQL backend's shared
 * declarations, and the backend-neutral read-query interface proposed for
 * the ask stage.
 *
 * 1. store_pg_backend: the libpq implementation of backend.h (pg_backend.c),
 *    selected by parley_store_open for postgresql:// and postgres:// URIs.
 * 2. store_query_*: a small prepare / bind / step / column interface over
 *    either backend (pg_query.c). SQL uses '?' placeholders and the portable
 *    subset of SQL that both engines accept; on PostgreSQL the '?' become $n
 *    and the parameters are typed (bigint, text). This is the interface the
 *    ask stage would use instead of the sqlite3 API so that every ask
 *    question runs unchanged on both backends (see docs/scale-out.md and the
 *    report of the PostgreSQL work for the exact changes). */
#ifndef PARLEY_STORE_PG_INTERNAL_H
#define PARLEY_STORE_PG_INTERNAL_H

#include <stddef.h>

#include "backend.h"
#include "parley/store.h"

#ifdef PARLEY_HAVE_PQ
extern const store_backend store_pg_backend;
/* src/store/schema_pg.sql, embedded (pg_schema_sql.c). */
extern const char store_pg_schema_sql[];
/* The libpq connection (PGconn *) of an open PostgreSQL store, NULL for others. */
void *store_pg_conn(parley_store *s);
#endif

/* 1 when target names a PostgreSQL database (postgresql:// or postgres://). */
int store_is_pg_uri(const char *target);

/* --- The backend-neutral read-query interface ------------------------- */

typedef struct store_stmt store_stmt;

enum store_col_type { STORE_COL_NULL = 0, STORE_COL_INT = 1, STORE_COL_FLOAT = 2, STORE_COL_TEXT = 3 };

/* Prepares sql ('?' placeholders, at most 99) on the store's connection. */
int store_query_prepare(parley_store *s, const char *sql, store_stmt **out, parley_error *err);
/* Parameters are 1-based, as in SQLite. text is copied. */
int store_query_bind_int64(store_stmt *st, int i, long long v);
int store_query_bind_double(store_stmt *st, int i, double v);
int store_query_bind_text(store_stmt *st, int i, const char *text);
int store_query_bind_null(store_stmt *st, int i);
/* 1: a row is ready; 0: no more rows; < 0: error (err filled). */
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

#endif
