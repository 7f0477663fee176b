/* pg_query.c — stage 3 (store): the backend-neutral read-query interface
 * (store_query_*, declared in pg_internal.h) over SQLite and PostgreSQL.
 *
 * Proposed for the ask stage: its questions are written with '?' parameters
 * in the SQL both engines share, and run through these calls instead of the
 * sqlite3 API. On SQLite the calls are thin wrappers of sqlite3_prepare_v2,
 * _bind_*, _step and _column_*. On PostgreSQL a statement is run with
 * PQexecParams when first stepped ('?' outside quotes become $1, $2…;
 * integers are sent as bigint, reals as float8, text as text), and its rows
 * are read from the result; nested statements (a query per row of another)
 * work as on SQLite. Column types follow SQLite's: integer kinds and
 * whole-valued numeric (what SUM of a bigint returns) are INT, other numbers
 * FLOAT, everything else TEXT. (This file would move to src/store/query.c
 * once the ask stage adopts it; it is named pg_ only while the PostgreSQL
 * work owns it.) */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"
#include "store_internal.h"

#ifdef PARLEY_HAVE_PQ
#include <libpq-fe.h>
#endif

#define Q_MAX_PARAMS 99

struct store_stmt {
  parley_store *s;
  int is_pg;
  sqlite3_stmt *sq;
#ifdef PARLEY_HAVE_PQ
  PGconn *conn;
  char *sql; /* with $n */
  int n_params;
  char *val[Q_MAX_PARAMS];
  Oid type[Q_MAX_PARAMS];
  PGresult *res;
  int row, executed;
#endif
};

#ifdef PARLEY_HAVE_PQ
void *store_pg_conn(parley_store *s) {
  if (!s || strcmp(s->be->name, "postgresql") != 0) return NULL;
  return s->be->native(s->impl);
}

/* '?' → $n outside string literals, quoted identifiers and comments. */
static char *translate(const char *sql, int *n_params) {
  size_t len = strlen(sql);
  char *out = malloc(len * 3 + 1);
  if (!out) return NULL;
  size_t o = 0;
  int n = 0;
  for (size_t i = 0; i < len; i++) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      out[o++] = c;
      for (i++; i < len; i++) {
        out[o++] = sql[i];
        if (sql[i] == c) {
          if (i + 1 < len && sql[i + 1] == c)
            out[o++] = sql[++i];
          else
            break;
        }
      }
    } else if (c == '-' && i + 1 < len && sql[i + 1] == '-') {
      while (i < len && sql[i] != '\n')
        out[o++] = sql[i++];
      if (i < len) out[o++] = sql[i];
    } else if (c == '?' && n < Q_MAX_PARAMS) {
      o += (size_t)sprintf(out + o, "$%d", ++n);
    } else
      out[o++] = c;
  }
  out[o] = '\0';
  *n_params = n;
  return out;
}
#endif

int store_query_prepare(parley_store *s, const char *sql, store_stmt **out, parley_error *err) {
  *out = NULL;
  if (!s) return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "no database");
  store_stmt *st = calloc(1, sizeof *st);
  if (!st) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  st->s = s;
#ifdef PARLEY_HAVE_PQ
  if (!strcmp(s->be->name, "postgresql")) {
    st->is_pg = 1;
    st->conn = s->be->native(s->impl);
    st->sql = translate(sql, &st->n_params);
    if (!st->sql) {
      free(st);
      return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
    }
    *out = st;
    return PARLEY_OK;
  }
#endif
  sqlite3 *db = parley_store_sqlite(s);
  if (!db || sqlite3_prepare_v2(db, sql, -1, &st->sq, NULL) != SQLITE_OK) {
    int rc = parley_error_set(err, PARLEY_ESTORE, NULL, 0, "preparing a query: %s",
                              db ? sqlite3_errmsg(db) : "no SQLite connection");
    free(st);
    return rc;
  }
  *out = st;
  return PARLEY_OK;
}

#ifdef PARLEY_HAVE_PQ
static int pg_bind(store_stmt *st, int i, char *v, Oid type) {
  if (i < 1 || i > st->n_params) {
    free(v);
    return PARLEY_EINVAL;
  }
  free(st->val[i - 1]);
  st->val[i - 1] = v;
  st->type[i - 1] = type;
  return PARLEY_OK;
}
#endif

int store_query_bind_int64(store_stmt *st, int i, long long v) {
#ifdef PARLEY_HAVE_PQ
  if (st->is_pg) {
    char *s = malloc(24);
    if (!s) return PARLEY_ENOMEM;
    snprintf(s, 24, "%lld", v);
    return pg_bind(st, i, s, 20 /* int8 */);
  }
#endif
  return sqlite3_bind_int64(st->sq, i, v) == SQLITE_OK ? PARLEY_OK : PARLEY_EINVAL;
}

int store_query_bind_double(store_stmt *st, int i, double v) {
#ifdef PARLEY_HAVE_PQ
  if (st->is_pg) {
    char *s = malloc(32);
    if (!s) return PARLEY_ENOMEM;
    snprintf(s, 32, "%.17g", v);
    return pg_bind(st, i, s, 701 /* float8 */);
  }
#endif
  return sqlite3_bind_double(st->sq, i, v) == SQLITE_OK ? PARLEY_OK : PARLEY_EINVAL;
}

int store_query_bind_text(store_stmt *st, int i, const char *text) {
  if (!text) return store_query_bind_null(st, i);
#ifdef PARLEY_HAVE_PQ
  if (st->is_pg) {
    char *s = strdup(text);
    if (!s) return PARLEY_ENOMEM;
    return pg_bind(st, i, s, 25 /* text */);
  }
#endif
  return sqlite3_bind_text(st->sq, i, text, -1, SQLITE_TRANSIENT) == SQLITE_OK ? PARLEY_OK : PARLEY_EINVAL;
}

int store_query_bind_null(store_stmt *st, int i) {
#ifdef PARLEY_HAVE_PQ
  if (st->is_pg) return pg_bind(st, i, NULL, i >= 1 && i <= st->n_params ? st->type[i - 1] : 0); /* keeps a type */
#endif
  return sqlite3_bind_null(st->sq, i) == SQLITE_OK ? PARLEY_OK : PARLEY_EINVAL;
}

int store_query_step(store_stmt *st, parley_error *err) {
#ifdef PARLEY_HAVE_PQ
  if (st->is_pg) {
    if (!st->executed) {
      st->res = PQexecParams(st->conn, st->sql, st->n_params, st->type, (const char *const *)st->val, NULL, NULL, 0);
      const char *state = PQresultErrorField(st->res, PG_DIAG_SQLSTATE);
      if (state && !strcmp(state, "42P18")) { /* a NULL whose type nothing tells ("? IS NULL"): say text */
        for (int i = 0; i < st->n_params; i++)
          if (!st->val[i] && !st->type[i]) st->type[i] = 25;
        PQclear(st->res);
        st->res = PQexecParams(st->conn, st->sql, st->n_params, st->type, (const char *const *)st->val, NULL, NULL, 0);
      }
      st->executed = 1;
      st->row = -1;
      if (PQresultStatus(st->res) != PGRES_TUPLES_OK && PQresultStatus(st->res) != PGRES_COMMAND_OK) {
        const char *m = PQresultErrorMessage(st->res);
        char line[512];
        snprintf(line, sizeof line, "%s", m && *m ? m : PQerrorMessage(st->conn));
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        int lost = PQstatus(st->conn) == CONNECTION_BAD;
        const char *detail = PQresultErrorField(st->res, PG_DIAG_MESSAGE_DETAIL);
        char d[512];
        snprintf(d, sizeof d, "%s", detail ? detail : "");
        if ((nl = strchr(d, '\n'))) *nl = '\0';
        PQclear(st->res);
        st->res = NULL;
        return parley_error_set(err, PARLEY_ESTORE, NULL, 0, "%s%s%s%s%s",
                                lost ? "lost the connection to the PostgreSQL server: " : "query failed: ", line,
                                d[0] ? " (" : "", d, d[0] ? ")" : "");
      }
    }
    if (!st->res) return 0;
    st->row++;
    return st->row < PQntuples(st->res) ? 1 : 0;
  }
#endif
  int rc = sqlite3_step(st->sq);
  if (rc == SQLITE_ROW) return 1;
  if (rc == SQLITE_DONE) return 0;
  return parley_error_set(err, rc == SQLITE_BUSY ? PARLEY_EBUSY : PARLEY_ESTORE, NULL, 0, "query failed: %s",
                          sqlite3_errmsg(sqlite3_db_handle(st->sq)));
}

int store_query_column_count(store_stmt *st) {
#ifdef PARLEY_HAVE_PQ
  if (st->is_pg) return st->res ? PQnfields(st->res) : 0;
#endif
  return sqlite3_column_count(st->sq);
}

#ifdef PARLEY_HAVE_PQ
static const char *pg_val(store_stmt *st, int col) {
  if (!st->res || st->row < 0 || st->row >= PQntuples(st->res) || col < 0 || col >= PQnfields(st->res)) return NULL;
  if (PQgetisnull(st->res, st->row, col)) return NULL;
  return PQgetvalue(st->res, st->row, col);
}
#endif

int store_query_column_type(store_stmt *st, int col) {
#ifdef PARLEY_HAVE_PQ
  if (st->is_pg) {
    const char *v = pg_val(st, col);
    if (!v) return STORE_COL_NULL;
    switch (PQftype(st->res, col)) {
    case 16: /* bool */
    case 20:
    case 21:
    case 23:
    case 26: return STORE_COL_INT;
    case 700:
    case 701: return STORE_COL_FLOAT;
    case 1700: return strpbrk(v, ".eEN") ? STORE_COL_FLOAT : STORE_COL_INT; /* numeric */
    default: return STORE_COL_TEXT;
    }
  }
#endif
  switch (sqlite3_column_type(st->sq, col)) {
  case SQLITE_NULL: return STORE_COL_NULL;
  case SQLITE_INTEGER: return STORE_COL_INT;
  case SQLITE_FLOAT: return STORE_COL_FLOAT;
  default: return STORE_COL_TEXT;
  }
}

long long store_query_column_int64(store_stmt *st, int col) {
#ifdef PARLEY_HAVE_PQ
  if (st->is_pg) {
    const char *v = pg_val(st, col);
    if (!v) return 0;
    if (v[0] == 't' && !v[1]) return 1;
    if (strpbrk(v, ".eE")) return (long long)strtod(v, NULL);
    return strtoll(v, NULL, 10);
  }
#endif
  return sqlite3_column_int64(st->sq, col);
}

double store_query_column_double(store_stmt *st, int col) {
#ifdef PARLEY_HAVE_PQ
  if (st->is_pg) {
    const char *v = pg_val(st, col);
    if (!v) return 0.0;
    if (v[0] == 't' && !v[1]) return 1.0;
    return strtod(v, NULL);
  }
#endif
  return sqlite3_column_double(st->sq, col);
}

const char *store_query_column_text(store_stmt *st, int col) {
#ifdef PARLEY_HAVE_PQ
  if (st->is_pg) return pg_val(st, col);
#endif
  return (const char *)sqlite3_column_text(st->sq, col);
}

void store_query_reset(store_stmt *st) {
  if (!st) return;
#ifdef PARLEY_HAVE_PQ
  if (st->is_pg) {
    PQclear(st->res);
    st->res = NULL;
    st->executed = 0;
    return;
  }
#endif
  sqlite3_reset(st->sq);
}

void store_query_finalize(store_stmt *st) {
  if (!st) return;
#ifdef PARLEY_HAVE_PQ
  if (st->is_pg) {
    PQclear(st->res);
    for (int i = 0; i < st->n_params; i++)
      free(st->val[i]);
    free(st->sql);
    free(st);
    return;
  }
#endif
  sqlite3_finalize(st->sq);
  free(st);
}

static int exists_query(parley_store *s, const char *sql_sqlite, const char *sql_pg, const char *name) {
  store_stmt *st;
  parley_error e;
  int is_pg = !strcmp(parley_store_backend(s), "postgresql");
  if (store_query_prepare(s, is_pg ? sql_pg : sql_sqlite, &st, &e)) return 0;
  store_query_bind_text(st, 1, name);
  int found = store_query_step(st, &e) == 1 && store_query_column_int64(st, 0) != 0;
  store_query_finalize(st);
  return found;
}

int store_query_has_table(parley_store *s, const char *name) {
  return exists_query(s, "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?",
                      "SELECT to_regclass(quote_ident(?)) IS NOT NULL", name);
}

int store_query_has_trigger(parley_store *s, const char *name) {
  return exists_query(s, "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                      "SELECT EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN "
                      "pg_namespace n ON n.oid = c.relnamespace WHERE t.tgname = ? AND n.nspname = current_schema())",
                      name);
}
