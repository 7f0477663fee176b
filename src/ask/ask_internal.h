/* ask_internal.h — stage 4 (ask), internal: the database handle, a small
 * SQL builder that keeps user values out of the SQL text (every value is a
 * bound parameter), the shared WHERE clauses, calendar arithmetic on
 * YYYYMMDD days and the JSON helpers shared by the question files. */
#ifndef PARLEY_ASK_INTERNAL_H
#define PARLEY_ASK_INTERNAL_H

#include <jansson.h>
#include <stddef.h>

#include "parley/ask.h"
#include "parley/store.h"
#include "store/query.h"

struct parley_ask {
  parley_store *s; /* read through store_query_* (SQLite or PostgreSQL) */
  int owns;        /* parley_ask_close closes s */
  int has_groups;  /* -1 unknown; 0: no event row has a group_id (the events unit is the rows) */
  int has_rollup;  /* -1 unknown; 1: the dyad_day table of the schema's ask section exists */
};

/* The unit to query with: PARLEY_UNIT_MENTIONS when the database has no groups
 * (then both units count the same rows and the cheaper query is used). */
parley_unit ask_effective_unit(parley_ask *a, parley_unit u);

/* One aggregated row of a dyad: events of one direction on one day with one
 * root code and quad class. */
typedef struct ask_daily {
  int day;
  int dir; /* PARLEY_AB or PARLEY_BA */
  char root[4];
  int quad;
  long n;
  double gs_sum;
  long gs_n;
} ask_daily;

/* Both directions of x–y (a row matching both is counted once, as x→y), sorted by day. */
int ask_fetch_daily(parley_ask *a, const parley_actor_ref *x, const parley_actor_ref *y, const parley_query *q,
                    ask_daily **rows, size_t *n, parley_error *err);

/* --- SQL builder ------------------------------------------------------- */

#define SQLB_MAX_PARAMS 64

typedef struct sqlb {
  char *sql;
  size_t len, cap;
  int n;
  int oom;
  struct {
    int is_text;
    long long i;
    char *s; /* a copy, freed by sqlb_free */
  } p[SQLB_MAX_PARAMS];
} sqlb;

void sqlb_init(sqlb *b);
void sqlb_free(sqlb *b);
/* Appends SQL text written by parley (never user input). */
void sqlb_add(sqlb *b, const char *sql);
/* Appends sql (holding one '?') and records the bound value. */
void sqlb_text(sqlb *b, const char *sql, const char *value);
void sqlb_int(sqlb *b, const char *sql, long long value);
int sqlb_prepare(parley_ask *a, sqlb *b, store_stmt **st, parley_error *err);

/* " AND <alias>.source_country = ?" (or _code) for an actor on a side ("source"/"target"). */
void ask_where_actor(sqlb *b, const char *alias, const char *side, const parley_actor_ref *r);
/* The query's filters except actors: dates, code, quad class, origin, claims. */
void ask_where_query(sqlb *b, const char *alias, const parley_query *q);

/* Adds, for the events unit, the union that counts one row per group:
 *   SELECT <cols> FROM events e WHERE e.group_id IS NULL AND <w>
 *   UNION ALL SELECT <gcols> FROM events e WHERE e.group_id IS NOT NULL AND <w> GROUP BY e.group_id
 * where <w> is written by where(b, ctx) (called twice), or, for the mentions
 * unit, just the first SELECT without the group condition. */
void ask_unit_source(sqlb *b, parley_unit unit, const char *cols, const char *gcols,
                     void (*where)(sqlb *b, const void *ctx), const void *ctx);

/* Rewrites err, filled by a failed store_query_* call, as "what: <the
 * database's message>" about the database (its path or URI without password). */
int ask_sql_error(parley_ask *a, parley_error *err, const char *what);
/* Prepares sql without parameters; on failure err is filled as by ask_sql_error. */
int ask_prepare(parley_ask *a, const char *sql, store_stmt **st, parley_error *err, const char *what);

/* 1 when q can be answered for country-level actors from the dyad_day
 * rollup (plus grouped rows from events): no 3-4 digit event code, origin
 * or claims filter, and the rollup exists. */
int ask_rollup_usable(parley_ask *a, const parley_query *q);
/* Appends the rows of one direction (src → tgt, both country-level) as
 *   day, root_code, quad_class, n, gs, gn
 * from the rollup, and the grouped rows from events in q's unit. */
void ask_rollup_source(parley_ask *a, sqlb *b, const char *src, const char *tgt, const parley_query *q);

/* --- Days -------------------------------------------------------------- */

/* Days since 1970-01-01 for a YYYYMMDD day, and back. */
long ask_day_serial(int day);
int ask_serial_day(long serial);
/* The first day of the period holding day, and the first day of the next one. */
int ask_period_start(parley_period p, int day);
int ask_period_next(parley_period p, int start);
int ask_day_valid(int day);
/* "YYYY-MM-DD" for a YYYYMMDD day. */
void ask_day_format(int day, char out[11]);

/* --- Tallies and JSON -------------------------------------------------- */

void ask_tally_add(parley_tally *t, const char *root, int quad, long n, double gs_sum, long gs_n);
void ask_tally_merge(parley_tally *t, const parley_tally *u);
json_t *ask_tally_json(const parley_tally *t);
json_t *ask_actor_ref_json(const parley_actor_ref *r);
json_t *ask_query_json(const parley_query *q);
json_t *ask_day_json(int day);       /* "YYYY-MM-DD" or null */
json_t *ask_real_json(double v);     /* number, or null when NaN */
json_t *ask_str_json(const char *s); /* string, or null when NULL or "" */
char *ask_json_dump(json_t *o);      /* steals o */

char *ask_strdup(const char *s); /* NULL for NULL */
/* Column text of a row as a NUL-terminated copy into buf (""), for fixed-size fields. */
void ask_col_copy(store_stmt *st, int col, char *buf, size_t size);
char *ask_col_dup(store_stmt *st, int col); /* NULL for NULL */

#endif
