/* pg_internal.h — stage 3 (store), internal: the PostgreSQL backend's shared
 * declarations: store_pg_backend, the libpq implementation of backend.h
 * (pg_backend.c), selected by parley_store_open for postgresql:// and
 * postgres:// URIs. The backend-neutral read-query interface over both
 * backends is in query.h (query.c), included here for the backend's tests. */
#ifndef PARLEY_STORE_PG_INTERNAL_H
#define PARLEY_STORE_PG_INTERNAL_H

#include <stddef.h>

#include "backend.h"
#include "parley/store.h"
#include "query.h"

#ifdef PARLEY_HAVE_PQ
extern const store_backend store_pg_backend;
/* src/store/schema_pg.sql, embedded (pg_schema_sql.c). */
extern const char store_pg_schema_sql[];
/* The libpq connection (PGconn *) of an open PostgreSQL store, NULL for others. */
void *store_pg_conn(parley_store *s);
#endif

/* 1 when target names a PostgreSQL database (postgresql:// or postgres://). */
int store_is_pg_uri(const char *target);

#endif
