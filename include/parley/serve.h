/* parley/serve.h — stage 5, present: the web API and the HTTP server of `parley serve`.
 *
 * parley_api answers GET requests without any network code, so that it can
 * be tested and reused: /api/events, /api/dyad, /api/rhythm, /api/compare,
 * /api/peak, /api/claims, /api/partners and /api/summary take the options of
 * the commands of the same name as query parameters and answer with the same
 * JSON as `parley CMD --format json` (they call the same ask functions);
 * /api/actors?q= looks actors up by name in either language; /report is the
 * HTML of `parley report`; / is the live page. Every bad request is a 4xx
 * with a JSON error body (docs/api.md). The database is opened read-only,
 * one connection per calling thread.
 *
 * parley_server serves a parley_api over HTTP with libmicrohttpd (a pool of
 * threads), on 127.0.0.1 unless told otherwise. It installs no signal
 * handlers: the caller stops it (`parley serve` does on SIGTERM and SIGINT). */
#ifndef PARLEY_SERVE_H
#define PARLEY_SERVE_H

#include <stddef.h>

#include "parley/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_api parley_api;

typedef struct parley_api_options {
  const char *db_path;  /* the database (must exist) */
  const char *dict_dir; /* dictionaries for names; NULL: actors must be codes */
  size_t max_query;     /* longest query string accepted (bytes); 0: 4096 */
  long max_rows;        /* /api/events: most rows per answer; 0: 10000 */
  long default_rows;    /* /api/events without limit; 0: 1000 */
} parley_api_options;

parley_api_options parley_api_default_options(void);

/* Opens the database read-only (it must be a parley database) and loads the dictionaries. */
int parley_api_open(const parley_api_options *opt, parley_api **out, parley_error *err);
/* The database as messages name it: the path as given for SQLite, the URI
 * without its password for PostgreSQL. Valid while api is open. */
const char *parley_api_db_name(const parley_api *api);
/* Closes every connection the api opened. No thread may be inside parley_api_get. */
void parley_api_close(parley_api *api);

typedef struct parley_api_response {
  int status;               /* HTTP status: 200, 400, 404, 405, 414, 500, 503 */
  const char *content_type; /* static string */
  char *body;               /* malloc'ed, body_len bytes (+ NUL) */
  size_t body_len;
  int more; /* /api/events without limit stopped at its default: more rows match */
} parley_api_response;

/* Answers one request. method: "GET" or "HEAD" (others are 405); path: the
 * request path, percent-encoded as received; query: the raw query string
 * after '?', or NULL. Always fills out (out->body may be NULL only on
 * out-of-memory, with status 500). Safe to call from several threads. */
void parley_api_handle(parley_api *api, const char *method, const char *path, const char *query,
                       parley_api_response *out);
void parley_api_response_free(parley_api_response *r);

typedef struct parley_server parley_server;

typedef struct parley_server_options {
  const char *bind;         /* address to listen on; NULL: "127.0.0.1" */
  int port;                 /* 0: a free port (see parley_server_port) */
  unsigned threads;         /* worker threads; 0: 4 */
  unsigned max_connections; /* 0: 256 */
  unsigned timeout_s;       /* idle connection timeout; 0: 30 */
  /* Called after each request (may be NULL): method, path and query, status. */
  void (*log)(void *ctx, const char *method, const char *uri, int status);
  void *log_ctx;
} parley_server_options;

parley_server_options parley_server_default_options(void);

/* Starts serving api (which must outlive the server) in background threads. */
int parley_server_start(parley_api *api, const parley_server_options *opt, parley_server **out, parley_error *err);
/* The port listened on. */
int parley_server_port(const parley_server *s);
/* Stops accepting, finishes the requests in progress and frees the server. */
void parley_server_stop(parley_server *s);

#ifdef __cplusplus
}
#endif
#endif
