/* query.c — stage 3 (store): the backend-neutral read-query interface
 * (store_query_*, declared in query.h) over SQLite and PostgreSQL, and the
 * reader helpers of the ask stage, `parley report` and `parley serve`.
 *
 * The ask questions are written with '?' parameters in the SQL both engines
 * share, and run through these calls instead of the sqlite3 API. On SQLite
 * the calls are thin wrappers of sqlite3_prepare_v2, _bind_*, _step and
 * _column_*. On PostgreSQL a statement is run with PQexecParams when first
 * stepped ('?' outside quotes become $1, $2…; integers are sent as bigint,
 * reals as float8, text as text), and its rows are read from the result;
 * nested statements (a query per row of another) work as on SQLite. Column
 * types follow SQLite's: integer kinds and whole-valued numeric (what SUM of
 * a bigint returns) are INT, other numbers FLOAT, everything else TEXT. */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pg_internal.h"
#include "query.h"
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
  int stream;      /* read through a cursor, STREAM_BATCH rows at a time */
  int cursor_open; /* the cursor is declared */
  int own_tx;      /* the cursor's transaction was begun for it */
  char cursor[40];
#endif
};

#define STREAM_BATCH 5000

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

static int sqlite_status(int code) {
  return code == SQLITE_BUSY || code == SQLITE_LOCKED ? PARLEY_EBUSY
         : code == SQLITE_NOMEM                       ? PARLEY_ENOMEM
                                                      : PARLEY_ESTORE;
}

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
    int rc = parley_error_set(err, db ? sqlite_status(sqlite3_errcode(db)) : PARLEY_ESTORE, NULL, 0, "%s",
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

#ifdef PARLEY_HAVE_PQ
/* The error of a failed result, as the server words it (first line, and its detail). */
static int pg_result_error(store_stmt *st, PGresult *r, parley_error *err) {
  const char *m = PQresultErrorMessage(r);
  char line[512];
  snprintf(line, sizeof line, "%s", m && *m ? m : PQerrorMessage(st->conn));
  char *nl = strchr(line, '\n');
  if (nl) *nl = '\0';
  int lost = PQstatus(st->conn) == CONNECTION_BAD;
  const char *detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
  char d[512];
  snprintf(d, sizeof d, "%s", detail ? detail : "");
  if ((nl = strchr(d, '\n'))) *nl = '\0';
  return parley_error_set(err, PARLEY_ESTORE, NULL, 0, "%s%s%s%s%s",
                          lost ? "lost the connection to the PostgreSQL server: " : "", line, d[0] ? " (" : "", d,
                          d[0] ? ")" : "");
}

static int pg_ok(PGresult *r) { return PQresultStatus(r) == PGRES_TUPLES_OK || PQresultStatus(r) == PGRES_COMMAND_OK; }

static PGresult *pg_exec_params(store_stmt *st, const char *sql) {
  PGresult *r = PQexecParams(st->conn, sql, st->n_params, st->type, (const char *const *)st->val, NULL, NULL, 0);
  const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  if (state && !strcmp(state, "42P18")) { /* a NULL whose type nothing tells ("? IS NULL"): say text */
    for (int i = 0; i < st->n_params; i++)
      if (!st->val[i] && !st->type[i]) st->type[i] = 25;
    PQclear(r);
    if (st->own_tx) { /* the failed statement ended the transaction's usefulness: start it again */
      PQclear(PQexec(st->conn, "ROLLBACK"));
      PQclear(PQexec(st->conn, "BEGIN"));
    }
    r = PQexecParams(st->conn, sql, st->n_params, st->type, (const char *const *)st->val, NULL, NULL, 0);
  }
  return r;
}

/* Closes the cursor and ends the transaction begun for it. */
static void pg_stream_end(store_stmt *st) {
  if (st->cursor_open && PQtransactionStatus(st->conn) == PQTRANS_INTRANS) {
    char sql[64];
    snprintf(sql, sizeof sql, "CLOSE %s", st->cursor);
    PQclear(PQexec(st->conn, sql));
  }
  st->cursor_open = 0;
  if (st->own_tx) {
    PQclear(PQexec(st->conn, PQtransactionStatus(st->conn) == PQTRANS_INTRANS ? "COMMIT" : "ROLLBACK"));
    st->own_tx = 0;
  }
}

static int pg_fetch(store_stmt *st, parley_error *err) {
  char sql[80];
  snprintf(sql, sizeof sql, "FETCH FORWARD %d FROM %s", STREAM_BATCH, st->cursor);
  PQclear(st->res);
  st->res = PQexec(st->conn, sql);
  st->row = -1;
  if (!pg_ok(st->res)) {
    int rc = pg_result_error(st, st->res, err);
    PQclear(st->res);
    st->res = NULL;
    pg_stream_end(st);
    return rc;
  }
  return PARLEY_OK;
}
#endif

void store_query_stream(store_stmt *st) {
#ifdef PARLEY_HAVE_PQ
  if (st && st->is_pg && !st->executed) st->stream = 1;
#else
  (void)st;
#endif
}

int store_query_step(store_stmt *st, parley_error *err) {
#ifdef PARLEY_HAVE_PQ
  if (st->is_pg) {
    if (!st->executed) {
      st->executed = 1;
      st->row = -1;
      if (st->stream) {
        /* a cursor needs a transaction: begin one unless the caller's is open */
        if (PQtransactionStatus(st->conn) == PQTRANS_IDLE) {
          PGresult *b = PQexec(st->conn, "BEGIN");
          int ok = pg_ok(b);
          if (!ok) {
            int rc = pg_result_error(st, b, err);
            PQclear(b);
            return rc;
          }
          PQclear(b);
          st->own_tx = 1;
        }
        snprintf(st->cursor, sizeof st->cursor, "parley_c%lx", (unsigned long)(size_t)st);
        size_t len = strlen(st->sql) + 80;
        char *decl = malloc(len);
        if (!decl) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
        snprintf(decl, len, "DECLARE %s NO SCROLL CURSOR FOR %s", st->cursor, st->sql);
        PGresult *r = pg_exec_params(st, decl);
        free(decl);
        if (!pg_ok(r)) {
          int rc = pg_result_error(st, r, err);
          PQclear(r);
          pg_stream_end(st);
          return rc;
        }
        PQclear(r);
        st->cursor_open = 1;
        int rc = pg_fetch(st, err);
        if (rc) return rc;
      } else {
        st->res = pg_exec_params(st, st->sql);
        if (!pg_ok(st->res)) {
          int rc = pg_result_error(st, st->res, err);
          PQclear(st->res);
          st->res = NULL;
          return rc;
        }
      }
    }
    if (!st->res) return 0;
    st->row++;
    if (st->row < PQntuples(st->res)) return 1;
    if (!st->cursor_open || PQntuples(st->res) < STREAM_BATCH) {
      pg_stream_end(st);
      return 0;
    }
    int rc = pg_fetch(st, err);
    if (rc) return rc;
    st->row++;
    if (st->row < PQntuples(st->res)) return 1;
    pg_stream_end(st);
    return 0;
  }
#endif
  int rc = sqlite3_step(st->sq);
  if (rc == SQLITE_ROW) return 1;
  if (rc == SQLITE_DONE) return 0;
  return parley_error_set(err, sqlite_status(rc), NULL, 0, "%s", sqlite3_errmsg(sqlite3_db_handle(st->sq)));
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
    pg_stream_end(st);
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
    pg_stream_end(st);
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

int store_query_works(parley_store *s, const char *sql) {
  store_stmt *st;
  parley_error e;
  if (store_query_prepare(s, sql, &st, &e)) return 0;
  int ok = store_query_step(st, &e) >= 0;
  store_query_finalize(st);
  return ok;
}

/* --- Readers ------------------------------------------------------------- */

/* 1 when the folder holding path cannot be written by this process. */
static int folder_readonly(const char *path) {
  const char *slash = strrchr(path, '/');
  char dir[4096];
  if (!slash)
    snprintf(dir, sizeof dir, ".");
  else if (slash == path)
    snprintf(dir, sizeof dir, "/");
  else
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
  return access(dir, W_OK) != 0 && errno != ENOENT;
}

int store_open_reader(const char *target, parley_store **out, parley_error *err) {
  *out = NULL;
  struct stat sb;
  if (target && *target && !store_is_pg_uri(target) && strncmp(target, "file:", 5) && strcmp(target, ":memory:") &&
      stat(target, &sb) == 0 && S_ISREG(sb.st_mode) && folder_readonly(target)) {
    /* WAL readers need a -shm beside the file (and SQLite makes one, and a
     * -wal, when they are missing): impossible here. Nothing can write to
     * the folder either, so the file cannot change while it is read:
     * immutable=1 reads it without locks or -shm. A -wal with content holds
     * committed data only a normal open reads (it needs the -shm to exist). */
    char side[4200];
    snprintf(side, sizeof side, "%s-wal", target);
    if (stat(side, &sb) != 0 || sb.st_size == 0) {
      char uri[4096 * 3 + 32];
      size_t o = (size_t)snprintf(uri, sizeof uri, "file:");
      for (const char *p = target; *p && o + 4 < sizeof uri; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '?' || c == '#' || c == '%' || c <= ' ' || c >= 0x7f)
          o += (size_t)snprintf(uri + o, sizeof uri - o, "%%%02X", c);
        else
          uri[o++] = (char)c;
      }
      snprintf(uri + o, sizeof uri - o, "?immutable=1");
      int rc = parley_store_open(uri, PARLEY_STORE_READONLY, out, err);
      if (rc && err && !strcmp(err->file, uri)) snprintf(err->file, sizeof err->file, "%s", target);
      return rc;
    }
  }
  return parley_store_open(target, PARLEY_STORE_READONLY, out, err);
}

void store_reader_tune(parley_store *s, long long cache_kib, long long mmap_bytes, int query_only) {
  sqlite3 *db = parley_store_sqlite(s);
  if (!db) return;
  char sql[160];
  snprintf(sql, sizeof sql, "PRAGMA cache_size = -%lld; PRAGMA mmap_size = %lld%s", cache_kib, mmap_bytes,
           query_only ? "; PRAGMA query_only = 1" : "");
  sqlite3_exec(db, sql, NULL, NULL, NULL);
}

long long store_data_version(parley_store *s) {
  int is_pg = s && !strcmp(parley_store_backend(s), "postgresql");
  store_stmt *st;
  parley_error e;
  if (store_query_prepare(
          s, is_pg ? "SELECT value FROM store_meta WHERE key = 'pg_write_generation'" : "PRAGMA data_version", &st, &e))
    return -1;
  long long v = -1;
  if (store_query_step(st, &e) == 1) v = store_query_column_int64(st, 0);
  store_query_finalize(st);
  return v;
}

void store_display_name(parley_store *s, char *out, size_t size) {
  if (!size) return;
  out[0] = '\0';
  if (!s) return;
#ifdef PARLEY_HAVE_PQ
  PGconn *c = store_pg_conn(s);
  if (c) {
    const char *user = PQuser(c), *host = PQhost(c), *port = PQport(c), *db = PQdb(c);
    if (host && host[0] == '/') host = "localhost"; /* a socket folder */
    snprintf(out, size, "postgresql://%s%s%s%s%s/%s", user && *user ? user : "", user && *user ? "@" : "",
             host && *host ? host : "localhost", port && *port ? ":" : "", port && *port ? port : "", db ? db : "");
    return;
  }
#endif
  sqlite3 *db = parley_store_sqlite(s);
  const char *f = db ? sqlite3_db_filename(db, "main") : NULL;
  snprintf(out, size, "%s", f ? f : "");
}
