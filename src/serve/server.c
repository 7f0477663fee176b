/* server.c — stage 5 (present): the HTTP side of `parley serve`, on libmicrohttpd.
 *
 * A pool of threads (MHD's internal polling, one thread per pool slot) calls
 * parley_api_handle for each request; each thread then keeps its own
 * read-only database connection (api.c). The raw request URI is taken from
 * MHD's URI log callback so that the query string is parsed, length-checked
 * and decoded by parley itself (api.c), always answering errors with JSON.
 * Requests whose request line or headers do not fit in a connection's
 * memory (PARLEY_MHD_MEMORY) are refused by libmicrohttpd itself. Built
 * without libmicrohttpd, parley_server_start says so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/serve.h"

parley_server_options parley_server_default_options(void) {
  parley_server_options o;
  memset(&o, 0, sizeof o);
  o.bind = "127.0.0.1";
  o.port = 8080;
  o.threads = 4;
  o.max_connections = 256;
  o.timeout_s = 30;
  return o;
}

#ifndef PARLEY_HAVE_MHD

struct parley_server {
  int unused;
};

int parley_server_start(parley_api *api, const parley_server_options *opt, parley_server **out, parley_error *err) {
  (void)api, (void)opt;
  *out = NULL;
  return parley_error_set(err, PARLEY_EINVAL, NULL, 0,
                          "this parley was built without libmicrohttpd (install libmicrohttpd-dev and rebuild)");
}
int parley_server_port(const parley_server *s) { return s ? 0 : 0; }
void parley_server_stop(parley_server *s) { (void)s; }

#else

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#if MHD_VERSION < 0x00097002
typedef int MHD_Result_t;
#else
typedef enum MHD_Result MHD_Result_t;
#endif

/* Memory per connection: the request line and headers must fit (MHD answers
 * longer ones itself); the query string limit of the api is far below. */
#define PARLEY_MHD_MEMORY (1024 * 1024)

struct parley_server {
  struct MHD_Daemon *d;
  parley_api *api;
  parley_server_options o;
  int port;
};

typedef struct req_ctx {
  char *uri;        /* the raw request target, as sent */
  int seen;         /* the access handler was called once */
  size_t discarded; /* body bytes of a GET dropped so far */
} req_ctx;

#define PARLEY_MAX_DISCARD (64 * 1024)

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *con) {
  (void)cls, (void)con;
  req_ctx *c = calloc(1, sizeof *c);
  if (c && uri) c->uri = strdup(uri);
  return c;
}

static void on_done(void *cls, struct MHD_Connection *con, void **req_cls, enum MHD_RequestTerminationCode toe) {
  (void)cls, (void)con, (void)toe;
  req_ctx *c = *req_cls;
  if (c) {
    free(c->uri);
    free(c);
  }
  *req_cls = NULL;
}

static MHD_Result_t send_response(struct MHD_Connection *con, const parley_api_response *r) {
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(r->body_len, r->body ? r->body : (void *)"", MHD_RESPMEM_MUST_COPY);
  if (!resp) return MHD_NO;
  if (r->content_type) MHD_add_response_header(resp, "Content-Type", r->content_type);
  MHD_add_response_header(resp, "Cache-Control", "no-store");
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  if (r->content_type && !strncmp(r->content_type, "text/html", 9))
    MHD_add_response_header(
        resp, "Content-Security-Policy",
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  if (r->status == 405) MHD_add_response_header(resp, "Allow", "GET, HEAD");
  if (r->more) MHD_add_response_header(resp, "X-Parley-More", "true");
  MHD_Result_t ret = MHD_queue_response(con, (unsigned int)r->status, resp);
  MHD_destroy_response(resp);
  return ret;
}

static MHD_Result_t on_request(void *cls, struct MHD_Connection *con, const char *url, const char *method,
                               const char *version, const char *upload_data, size_t *upload_size, void **req_cls) {
  (void)version, (void)upload_data;
  parley_server *s = cls;
  req_ctx *c = *req_cls;
  int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
  /* The first call has the headers only. A GET or HEAD is answered on a later
   * call, once the request is complete, so that the connection can be kept
   * alive; any other method at once (405), without reading its body. A body
   * sent with a GET is dropped, up to PARLEY_MAX_DISCARD bytes. */
  if (get && c && !c->seen) {
    c->seen = 1;
    const char *cl = MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!cl || strtoull(cl, NULL, 10) <= PARLEY_MAX_DISCARD) return MHD_YES;
    static const char body[] =
        "{\"error\":{\"status\":413,\"reason\":\"Content Too Large\",\"message\":\"a GET request has no body\"}}\n";
    parley_api_response big = {413, "application/json; charset=utf-8", (char *)body, sizeof body - 1, 0};
    return send_response(con, &big); /* the body is not read: the connection is closed after the answer */
  }
  if (get && *upload_size) {
    size_t n = *upload_size;
    *upload_size = 0;
    /* a chunked body without a length that goes on: close the connection */
    return c && (c->discarded += n) <= PARLEY_MAX_DISCARD ? MHD_YES : MHD_NO;
  }
  const char *raw = c && c->uri ? c->uri : url;
  char path[1024];
  const char *q = strchr(raw, '?');
  size_t pl = q ? (size_t)(q - raw) : strlen(raw);
  parley_api_response r;
  if (pl >= sizeof path) {
    memset(&r, 0, sizeof r);
    static const char body[] =
        "{\"error\":{\"status\":414,\"reason\":\"URI Too Long\",\"message\":\"the path is too long\"}}\n";
    r.status = 414;
    r.content_type = "application/json; charset=utf-8";
    r.body = (char *)body;
    r.body_len = sizeof body - 1;
    return send_response(con, &r);
  }
  memcpy(path, raw, pl);
  path[pl] = '\0';
  parley_api_handle(s->api, method, path, q ? q + 1 : NULL, &r);
  if (!r.body && r.status != 204) {
    static const char body[] =
        "{\"error\":{\"status\":500,\"reason\":\"Internal Server Error\",\"message\":\"out of memory\"}}\n";
    r.status = 500;
    r.content_type = "application/json; charset=utf-8";
    MHD_Result_t ret;
    r.body = (char *)body;
    r.body_len = sizeof body - 1;
    ret = send_response(con, &r);
    return ret;
  }
  MHD_Result_t ret = send_response(con, &r);
  if (s->o.log) s->o.log(s->o.log_ctx, method, raw, r.status);
  parley_api_response_free(&r);
  return ret;
}

int parley_server_start(parley_api *api, const parley_server_options *opt, parley_server **out, parley_error *err) {
  *out = NULL;
  parley_server *s = calloc(1, sizeof *s);
  if (!s) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  s->api = api;
  s->o = opt ? *opt : parley_server_default_options();
  if (!s->o.bind || !*s->o.bind) s->o.bind = "127.0.0.1";
  if (!s->o.threads) s->o.threads = 4;
  if (!s->o.max_connections) s->o.max_connections = 256;
  if (!s->o.timeout_s) s->o.timeout_s = 30;
  if (s->o.port < 0 || s->o.port > 65535) {
    int port = s->o.port;
    free(s);
    return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "port must be 0 to 65535, not %d", port);
  }
  struct sockaddr_in a4;
  struct sockaddr_in6 a6;
  struct sockaddr *sa;
  unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
  memset(&a4, 0, sizeof a4);
  memset(&a6, 0, sizeof a6);
  if (inet_pton(AF_INET, s->o.bind, &a4.sin_addr) == 1) {
    a4.sin_family = AF_INET;
    a4.sin_port = htons((uint16_t)s->o.port);
    sa = (struct sockaddr *)&a4;
  } else if (inet_pton(AF_INET6, s->o.bind, &a6.sin6_addr) == 1) {
    a6.sin6_family = AF_INET6;
    a6.sin6_port = htons((uint16_t)s->o.port);
    sa = (struct sockaddr *)&a6;
    flags |= MHD_USE_IPv6;
  } else {
    int rc = parley_error_set(err, PARLEY_EINVAL, NULL, 0, "bind must be an IPv4 or IPv6 address, not '%s'", s->o.bind);
    free(s);
    return rc;
  }
  s->d =
      MHD_start_daemon(flags, (uint16_t)s->o.port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, sa,
                       MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)s->o.threads, MHD_OPTION_CONNECTION_LIMIT,
                       (unsigned int)s->o.max_connections, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)s->o.timeout_s,
                       MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)PARLEY_MHD_MEMORY, MHD_OPTION_URI_LOG_CALLBACK,
                       on_uri, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL, MHD_OPTION_END);
  if (!s->d) {
    int port = s->o.port;
    char bind[64];
    snprintf(bind, sizeof bind, "%s", s->o.bind);
    free(s);
    return parley_error_set(err, PARLEY_EIO, NULL, 0, "cannot listen on %s port %d (in use, or not allowed)", bind,
                            port);
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
  s->port = info ? info->port : s->o.port;
  *out = s;
  return PARLEY_OK;
}

int parley_server_port(const parley_server *s) { return s ? s->port : 0; }

void parley_server_stop(parley_server *s) {
  if (!s) return;
  if (s->d) MHD_stop_daemon(s->d);
  free(s);
}

#endif
