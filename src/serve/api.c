/* api.c — stage 5 (present): the web API of `parley serve`, without network code.
 *
 * One GET request (path + raw query string) in, one response (status,
 * content type, body) out. The /api/<command> endpoints take the options of
 * the ask commands as query parameters (from=2025-01&by=month&code=04…),
 * check them as cli/cmd_ask.c checks its options, resolve actors the same
 * way and call the same ask functions, so that their JSON is byte for byte
 * what `parley <command> --format json` prints. /api/actors looks names up,
 * /report is `parley report`'s HTML and / the live page. Every error is a
 * 4xx (5xx only for a failing database) with a JSON body:
 *   {"error": {"status": 404, "reason": "Not Found", "message": "unknown actor 'Putn'; did you mean: Putin?"}}
 * Each calling thread gets its own read-only connection (a pthread key). */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/parley.h"
#include "parley/serve.h"
#include "serve/serve_internal.h"
#include "store/query.h"

#define API_MAX_PARAMS 64
#define API_MAX_KEY 32
#define API_MAX_VALUE 512

static const char CT_JSON[] = "application/json; charset=utf-8";
static const char CT_NDJSON[] = "application/x-ndjson; charset=utf-8";
static const char CT_HTML[] = "text/html; charset=utf-8";

typedef struct api_conn {
  parley_store *store;
  parley_ask *ask;
  long long data_version; /* store_data_version when c->ask was opened */
  struct api_conn *next;
} api_conn;

struct parley_api {
  char *db_path;
  char db_name[512]; /* for messages: no password */
  parley_dict *dict;
  size_t max_query;
  long max_rows, default_rows;
  pthread_key_t key;
  pthread_mutex_t mu; /* guards conns */
  api_conn *conns;
  char *page;
  size_t page_len;
};

parley_api_options parley_api_default_options(void) {
  parley_api_options o;
  memset(&o, 0, sizeof o);
  o.max_query = 4096;
  o.max_rows = 10000;
  o.default_rows = 1000;
  return o;
}

/* ------------------------------------------------------------ connections */

static long long data_version(api_conn *c) { return store_data_version(c->store); }

static void conn_close(api_conn *c) {
  parley_ask_close(c->ask);
  parley_store_close(c->store);
  free(c);
}

static api_conn *conn_open(parley_api *api, parley_error *err) {
  api_conn *c = calloc(1, sizeof *c);
  if (!c) {
    parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
    return NULL;
  }
  if (store_open_reader(api->db_path, &c->store, err) || parley_ask_open_store(c->store, &c->ask, err)) {
    conn_close(c);
    return NULL;
  }
  /* SQLite: query only, a larger page cache, reads through memory mapping */
  store_reader_tune(c->store, 65536, 1073741824, 1);
  c->data_version = data_version(c);
  pthread_mutex_lock(&api->mu);
  c->next = api->conns;
  api->conns = c;
  pthread_mutex_unlock(&api->mu);
  return c;
}

static api_conn *conn_get(parley_api *api, parley_error *err) {
  api_conn *c = pthread_getspecific(api->key);
  if (c) {
    /* another process wrote to the database: start the ask handle afresh, it
     * remembers facts about the data (whether events are grouped, the rollup) */
    long long v = data_version(c);
    if (v != c->data_version) {
      parley_ask *fresh = NULL;
      if (parley_ask_open_store(c->store, &fresh, err)) return NULL;
      parley_ask_close(c->ask);
      c->ask = fresh;
      c->data_version = v;
    }
    return c;
  }
  c = conn_open(api, err);
  if (c) pthread_setspecific(api->key, c);
  return c;
}

/* The page with the style and scripts put in at their markers. */
static char *build_page(void) {
  static const char *const markers[3] = {"<!--parley:css-->", "<!--parley:report-js-->", "<!--parley:app-js-->"};
  const char *texts[3] = {parley_web_report_css, parley_web_report_js, parley_web_app_js};
  pbuf b;
  pbuf_init(&b);
  const char *s = parley_web_page_html;
  for (;;) {
    const char *best = NULL;
    int which = -1;
    for (int i = 0; i < 3; i++) {
      const char *p = strstr(s, markers[i]);
      if (p && (!best || p < best)) best = p, which = i;
    }
    if (!best) break;
    pbuf_addn(&b, s, (size_t)(best - s));
    pbuf_add(&b, texts[which]);
    s = best + strlen(markers[which]);
  }
  pbuf_add(&b, s);
  return pbuf_take(&b, NULL);
}

int parley_api_open(const parley_api_options *opt, parley_api **out, parley_error *err) {
  *out = NULL;
  parley_api_options o = opt ? *opt : parley_api_default_options();
  if (!o.db_path || !*o.db_path) return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "no database given");
  parley_api *api = calloc(1, sizeof *api);
  if (!api) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  api->max_query = o.max_query ? o.max_query : 4096;
  api->max_rows = o.max_rows > 0 ? o.max_rows : 10000;
  api->default_rows = o.default_rows > 0 ? o.default_rows : 1000;
  if (api->default_rows > api->max_rows) api->default_rows = api->max_rows;
  pthread_mutex_init(&api->mu, NULL);
  if (pthread_key_create(&api->key, NULL)) {
    pthread_mutex_destroy(&api->mu);
    free(api);
    return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "no thread key left");
  }
  api->db_path = strdup(o.db_path);
  api->page = build_page();
  int rc = PARLEY_OK;
  if (!api->db_path || !api->page) rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  api->page_len = api->page ? strlen(api->page) : 0;
  /* open the calling thread's connection now: a bad database fails here, not at the first request */
  api_conn *first = rc ? NULL : conn_get(api, err);
  if (!rc && !first) rc = err ? err->status : PARLEY_ESTORE;
  if (first) {
    if (!strcmp(parley_store_backend(first->store), "postgresql"))
      store_display_name(first->store, api->db_name, sizeof api->db_name);
    else
      snprintf(api->db_name, sizeof api->db_name, "%s", api->db_path);
  }
  if (!rc && o.dict_dir) rc = parley_dict_open(o.dict_dir, &api->dict, err);
  if (rc) {
    parley_api_close(api);
    return rc;
  }
  *out = api;
  return PARLEY_OK;
}

const char *parley_api_db_name(const parley_api *api) { return api ? api->db_name : ""; }

void parley_api_close(parley_api *api) {
  if (!api) return;
  pthread_setspecific(api->key, NULL);
  api_conn *c = api->conns;
  while (c) {
    api_conn *next = c->next;
    conn_close(c);
    c = next;
  }
  pthread_key_delete(api->key);
  pthread_mutex_destroy(&api->mu);
  parley_dict_close(api->dict);
  free(api->db_path);
  free(api->page);
  free(api);
}

void parley_api_response_free(parley_api_response *r) {
  if (!r) return;
  free(r->body);
  r->body = NULL;
  r->body_len = 0;
}

/* --------------------------------------------------------------- requests */

typedef struct qparam {
  char *k, *v;
} qparam;

typedef struct areq {
  parley_api *api;
  api_conn *conn;
  qparam p[API_MAX_PARAMS];
  size_t n;
  parley_api_response *out;
  int failed; /* an error response was set */
} areq;

static const char *reason(int status) {
  switch (status) {
  case 200: return "OK";
  case 204: return "No Content";
  case 400: return "Bad Request";
  case 404: return "Not Found";
  case 405: return "Method Not Allowed";
  case 414: return "URI Too Long";
  case 503: return "Service Unavailable";
  default: return status >= 500 ? "Internal Server Error" : "Error";
  }
}

static void set_body(parley_api_response *out, int status, const char *ct, char *body, size_t len) {
  parley_api_response_free(out);
  out->status = status;
  out->content_type = ct;
  out->body = body;
  out->body_len = len;
}

static void set_error(parley_api_response *out, int status, const char *message) {
  json_t *e = json_object(), *o = json_object();
  json_object_set_new(e, "status", json_integer(status));
  json_object_set_new(e, "reason", json_string(reason(status)));
  json_t *m = json_string(message);
  json_object_set_new(e, "message", m ? m : json_string("(a message that is not valid UTF-8)"));
  json_object_set_new(o, "error", e);
  char *s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
  json_decref(o);
  size_t n = s ? strlen(s) : 0;
  char *body = s ? realloc(s, n + 2) : NULL;
  if (!body) {
    free(s);
    set_body(out, 500, CT_JSON, NULL, 0);
    return;
  }
  body[n] = '\n';
  body[n + 1] = '\0';
  set_body(out, status, CT_JSON, body, n + 1);
}

static int fail(areq *r, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(areq *r, int status, const char *fmt, ...) {
  char msg[1400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  set_error(r->out, status, msg);
  r->failed = 1;
  return -1;
}

/* The HTTP status for a library error. */
static int status_of(int st) {
  switch (st) {
  case PARLEY_EINVAL:
  case PARLEY_EFORMAT:
  case PARLEY_EUTF8:
  case PARLEY_EDICT: return 400;
  case PARLEY_ENOTFOUND: return 404;
  case PARLEY_EBUSY: return 503;
  default: return 500;
  }
}

static int fail_err(areq *r, const parley_error *err) {
  return fail(r, status_of(err->status), "%s", err->message[0] ? err->message : parley_status_name(err->status));
}

/* Sets a JSON body: the text the CLI prints (json + newline). Takes json. */
static void ok_json(areq *r, char *json) {
  if (!json) {
    fail(r, 500, "out of memory writing JSON");
    return;
  }
  size_t n = strlen(json);
  char *body = realloc(json, n + 2);
  if (!body) {
    free(json);
    fail(r, 500, "out of memory writing JSON");
    return;
  }
  body[n] = '\n';
  body[n + 1] = '\0';
  set_body(r->out, 200, CT_JSON, body, n + 1);
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes application/x-www-form-urlencoded text; NULL when malformed. */
static char *decode(const char *s, size_t n, size_t *outlen) {
  char *d = malloc(n + 1);
  if (!d) return NULL;
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '+')
      d[j++] = ' ';
    else if (s[i] == '%') {
      if (i + 2 >= n) {
        free(d);
        return NULL;
      }
      int a = hexval(s[i + 1]), b = hexval(s[i + 2]);
      if (a < 0 || b < 0) {
        free(d);
        return NULL;
      }
      d[j++] = (char)(a * 16 + b);
      i += 2;
    } else
      d[j++] = s[i];
  }
  d[j] = '\0';
  *outlen = j;
  return d;
}

static int parse_query(areq *r, const char *q) {
  if (!q) return 0;
  size_t len = strlen(q);
  if (len > r->api->max_query)
    return fail(r, 414, "the query string is %zu bytes long; at most %zu are accepted", len, r->api->max_query);
  const char *s = q, *end = q + len;
  while (s < end) {
    const char *amp = memchr(s, '&', (size_t)(end - s));
    if (!amp) amp = end;
    if (amp > s) {
      if (r->n >= API_MAX_PARAMS) return fail(r, 400, "too many parameters (at most %d)", API_MAX_PARAMS);
      const char *eq = memchr(s, '=', (size_t)(amp - s));
      const char *ke = eq ? eq : amp;
      size_t kl, vl;
      char *k = decode(s, (size_t)(ke - s), &kl);
      char *v = eq ? decode(eq + 1, (size_t)(amp - eq - 1), &vl) : strdup("");
      if (!eq && v) vl = 0;
      if (!k || !v) {
        free(k), free(v);
        return fail(r, 400, "malformed query string: a bad %%-escape");
      }
      r->p[r->n].k = k;
      r->p[r->n].v = v;
      r->n++;
      if (!utf8_valid(k, kl) || !utf8_valid(v, vl))
        return fail(r, 400, "parameters must be UTF-8 text without NUL bytes");
      if (kl == 0 || kl > API_MAX_KEY) return fail(r, 400, "malformed parameter name");
      if (vl > API_MAX_VALUE) return fail(r, 400, "parameter '%s' is longer than %d bytes", k, API_MAX_VALUE);
    }
    s = amp + 1;
  }
  return 0;
}

static void areq_free(areq *r) {
  for (size_t i = 0; i < r->n; i++)
    free(r->p[i].k), free(r->p[i].v);
  r->n = 0;
}

/* Every parameter must be one of allowed (space-separated names). */
static int check_allowed(areq *r, const char *endpoint, const char *allowed) {
  for (size_t i = 0; i < r->n; i++) {
    const char *k = r->p[i].k;
    size_t kl = strlen(k);
    const char *s = allowed;
    int ok = 0;
    while (*s && !ok) {
      const char *e = strchr(s, ' ');
      size_t l = e ? (size_t)(e - s) : strlen(s);
      ok = l == kl && !memcmp(s, k, l);
      s += l + (e ? 1 : 0);
    }
    if (!ok) return fail(r, 400, "unknown parameter '%s' for %s (it takes: %s)", k, endpoint, allowed);
  }
  return 0;
}

/* The single value of key, NULL when absent; an error when given twice. */
static int get1(areq *r, const char *key, const char **out) {
  *out = NULL;
  for (size_t i = 0; i < r->n; i++) {
    if (strcmp(r->p[i].k, key)) continue;
    if (*out) return fail(r, 400, "parameter '%s' is given twice", key);
    *out = r->p[i].v;
  }
  return 0;
}

static size_t get_all(areq *r, const char *key, const char **out, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < r->n; i++)
    if (!strcmp(r->p[i].k, key) && n < max) out[n++] = r->p[i].v;
  return n;
}

static int get_bool(areq *r, const char *key, int *out) {
  const char *v;
  if (get1(r, key, &v)) return -1;
  if (!v) return 0;
  if (!*v || !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on"))
    *out = 1;
  else if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off"))
    *out = 0;
  else
    return fail(r, 400, "%s must be true or false (1 or 0), not '%s'", key, v);
  return 0;
}

static int get_long(areq *r, const char *key, long min, long max, long *out) {
  const char *v;
  if (get1(r, key, &v)) return -1;
  if (!v) return 0;
  char *end = NULL;
  errno = 0;
  long x = strtol(v, &end, 10);
  if (!*v || *end || errno || x < min || x > max)
    return fail(r, 400, "%s must be a whole number from %ld to %ld, not '%s'", key, min, max, v);
  *out = x;
  return 0;
}

static int valid_code(const char *s) {
  size_t l = strlen(s);
  if (l < 2 || l > 4) return 0;
  for (size_t i = 0; i < l; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

#define COMMON "from to by unit code root quad origin claimed contested format"

/* The common options of the ask commands (cli/cmd_ask.c ask_opts_finish).
 * The pointers in q point into r's parameters. jsonl: may be NULL. */
static int parse_common(areq *r, const char *default_by, parley_query *q, int *jsonl, int *auto_by) {
  *q = parley_query_default();
  const char *from, *to, *by, *unit, *code, *root, *quad, *origin, *format;
  if (get1(r, "from", &from) || get1(r, "to", &to) || get1(r, "by", &by) || get1(r, "unit", &unit) ||
      get1(r, "code", &code) || get1(r, "root", &root) || get1(r, "quad", &quad) || get1(r, "origin", &origin) ||
      get1(r, "format", &format))
    return -1;
  if (from && !(q->day_from = parley_day_parse(from, 0)))
    return fail(r, 400, "from must be a date YYYY-MM-DD, YYYY-MM or YYYY, not '%s'", from);
  if (to && !(q->day_to = parley_day_parse(to, 1)))
    return fail(r, 400, "to must be a date YYYY-MM-DD, YYYY-MM or YYYY, not '%s'", to);
  if (q->day_from && q->day_to && q->day_from > q->day_to) return fail(r, 400, "from is after to");
  if (auto_by) *auto_by = !by || !strcmp(by, "auto");
  if (!by || (auto_by && *auto_by)) by = default_by;
  if (by) {
    int p = parley_period_parse(by);
    if (p < 0) return fail(r, 400, "by must be day, week, month, quarter, year or all, not '%s'", by);
    q->by = (parley_period)p;
  }
  if (!unit || !strcmp(unit, "events"))
    q->unit = PARLEY_UNIT_EVENTS;
  else if (!strcmp(unit, "mentions"))
    q->unit = PARLEY_UNIT_MENTIONS;
  else
    return fail(r, 400, "unit must be events or mentions, not '%s'", unit);
  if (code && root) return fail(r, 400, "give code or root, not both");
  if (!code) code = root;
  if (code && !valid_code(code)) return fail(r, 400, "code must be a CAMEO code of 2 to 4 digits, not '%s'", code);
  q->event_code = code;
  if (quad) {
    if (strlen(quad) != 1 || quad[0] < '1' || quad[0] > '4')
      return fail(r, 400, "quad must be 1, 2, 3 or 4, not '%s'", quad);
    q->quad_class = quad[0] - '0';
  }
  q->origin = origin;
  if (get_bool(r, "claimed", &q->claimed) || get_bool(r, "contested", &q->contested)) return -1;
  if (jsonl) *jsonl = 0;
  if (format && strcmp(format, "json")) {
    if (jsonl && !strcmp(format, "jsonl"))
      *jsonl = 1;
    else
      return fail(r, 400, "format must be json%s, not '%s'", jsonl ? " or jsonl" : "", format);
  }
  return 0;
}

static int resolve(areq *r, const char *const *names, size_t n, const parley_query *q, parley_actor_ref *out) {
  parley_error err;
  parley_error_clear(&err);
  if (rp_resolve_all(r->api->dict, names, n, q->day_to, out, &err)) return fail_err(r, &err);
  return 0;
}

/* a and b, both required */
static int two_actors(areq *r, const char *cmd, const parley_query *q, parley_actor_ref refs[2]) {
  const char *a, *b;
  if (get1(r, "a", &a) || get1(r, "b", &b)) return -1;
  if (!a || !b || !*a || !*b) return fail(r, 400, "%s needs two actors: a and b (codes or names)", cmd);
  const char *names[2] = {a, b};
  return resolve(r, names, 2, q, refs);
}

/* ---------------------------------------------------------------- endpoints */

static void ep_dyad(areq *r) {
  parley_query q;
  int fill = 0;
  parley_actor_ref refs[2];
  if (check_allowed(r, "/api/dyad", "a b fill " COMMON) || parse_common(r, "month", &q, NULL, NULL) ||
      get_bool(r, "fill", &fill))
    return;
  q.fill = fill;
  if (two_actors(r, "dyad", &q, refs)) return;
  parley_error err;
  parley_error_clear(&err);
  parley_dyad *d = NULL;
  if (parley_ask_dyad(r->conn->ask, &refs[0], &refs[1], &q, &d, &err)) {
    fail_err(r, &err);
    return;
  }
  ok_json(r, parley_dyad_to_json(d));
  parley_dyad_free(d);
}

static void ep_rhythm(areq *r) {
  parley_query q;
  parley_actor_ref refs[2];
  if (check_allowed(r, "/api/rhythm", "a b " COMMON) || parse_common(r, NULL, &q, NULL, NULL) ||
      two_actors(r, "rhythm", &q, refs))
    return;
  parley_error err;
  parley_error_clear(&err);
  parley_rhythm *x = NULL;
  if (parley_ask_rhythm(r->conn->ask, &refs[0], &refs[1], &q, &x, &err)) {
    fail_err(r, &err);
    return;
  }
  ok_json(r, parley_rhythm_to_json(x));
  parley_rhythm_free(x);
}

static void ep_compare(areq *r) {
  parley_query q;
  if (check_allowed(r, "/api/compare", "a b " COMMON) || parse_common(r, "all", &q, NULL, NULL)) return;
  const char *a;
  if (get1(r, "a", &a)) return;
  const char *names[API_MAX_PARAMS];
  size_t nb = get_all(r, "b", names + 1, API_MAX_PARAMS - 1);
  if (!a || nb < 2) {
    fail(r, 400, "compare needs an actor a and at least two partners b (b=RUS&b=UKR)");
    return;
  }
  names[0] = a;
  parley_actor_ref refs[API_MAX_PARAMS];
  if (resolve(r, names, nb + 1, &q, refs)) return;
  parley_error err;
  parley_error_clear(&err);
  parley_compare *c = NULL;
  if (parley_ask_compare(r->conn->ask, &refs[0], refs + 1, nb, &q, &c, &err)) {
    fail_err(r, &err);
    return;
  }
  ok_json(r, parley_compare_to_json(c));
  parley_compare_free(c);
}

/* the order of `parley peak --top` (cli/cmd_ask.c) */
static int cmp_peak_rows(const void *x, const void *y) {
  const parley_peak_row *a = x, *b = y;
  if (a->events != b->events) return a->events > b->events ? -1 : 1;
  return a->day_first < b->day_first ? -1 : 1;
}

static void ep_peak(areq *r) {
  parley_query q;
  const char *dir_s;
  long top = 0;
  if (check_allowed(r, "/api/peak", "a b direction top " COMMON) || parse_common(r, "year", &q, NULL, NULL) ||
      get1(r, "direction", &dir_s) || get_long(r, "top", 1, LONG_MAX, &top))
    return;
  int dir = PARLEY_BOTH;
  if (dir_s) {
    if (!strcmp(dir_s, "ab"))
      dir = PARLEY_AB;
    else if (!strcmp(dir_s, "ba"))
      dir = PARLEY_BA;
    else if (strcmp(dir_s, "both")) {
      fail(r, 400, "direction must be ab, ba or both, not '%s'", dir_s);
      return;
    }
  }
  if (q.by == PARLEY_BY_ALL) {
    fail(r, 400, "peak needs periods: by day, week, month, quarter or year");
    return;
  }
  parley_actor_ref refs[2];
  if (two_actors(r, "peak", &q, refs)) return;
  parley_error err;
  parley_error_clear(&err);
  parley_peak *p = NULL;
  if (parley_ask_peak(r->conn->ask, &refs[0], &refs[1], &q, dir, &p, &err)) {
    fail_err(r, &err);
    return;
  }
  if (top && (size_t)top < p->n_rows) {
    qsort(p->rows, p->n_rows, sizeof *p->rows, cmp_peak_rows);
    p->n_rows = (size_t)top;
  }
  ok_json(r, parley_peak_to_json(p));
  parley_peak_free(p);
}

static void ep_claims(areq *r) {
  parley_query q;
  int all = 0;
  const char *actor, *a;
  if (check_allowed(r, "/api/claims", "actor a all " COMMON) || parse_common(r, NULL, &q, NULL, NULL) ||
      get_bool(r, "all", &all) || get1(r, "actor", &actor) || get1(r, "a", &a))
    return;
  if (actor && a) {
    fail(r, 400, "give the actor as actor or as a, not both");
    return;
  }
  if (!actor) actor = a;
  if (!all) q.contested = 1;
  parley_actor_ref ref;
  if (actor && resolve(r, &actor, 1, &q, &ref)) return;
  parley_error err;
  parley_error_clear(&err);
  parley_claims *c = NULL;
  if (parley_ask_claims(r->conn->ask, actor ? &ref : NULL, &q, &c, &err)) {
    fail_err(r, &err);
    return;
  }
  ok_json(r, parley_claims_to_json(c));
  parley_claims_free(c);
}

/* the order of `parley partners --sort tone` (cli/cmd_ask.c) */
static int sort_tone(const void *x, const void *y) {
  const parley_partner *a = x, *b = y;
  long ra = a->rank_tone ? a->rank_tone : 1L << 30, rb = b->rank_tone ? b->rank_tone : 1L << 30;
  if (ra != rb) return ra < rb ? -1 : 1;
  return a->rank_contacts < b->rank_contacts ? -1 : 1;
}

static void ep_partners(areq *r) {
  parley_query q;
  long top = 20, min = 3;
  int domestic = 0, tone = 0, by_code = 0;
  const char *a, *sort, *level;
  if (check_allowed(r, "/api/partners", "a top sort level domestic min " COMMON) ||
      parse_common(r, "all", &q, NULL, NULL) || get_long(r, "top", 0, LONG_MAX, &top) ||
      get_long(r, "min", LONG_MIN, LONG_MAX, &min) || get_bool(r, "domestic", &domestic) || get1(r, "sort", &sort) ||
      get1(r, "level", &level) || get1(r, "a", &a))
    return;
  if (sort && !strcmp(sort, "tone"))
    tone = 1;
  else if (sort && strcmp(sort, "contacts")) {
    fail(r, 400, "sort must be contacts or tone, not '%s'", sort);
    return;
  }
  if (level && !strcmp(level, "code"))
    by_code = 1;
  else if (level && strcmp(level, "country")) {
    fail(r, 400, "level must be country or code, not '%s'", level);
    return;
  }
  if (!a || !*a) {
    fail(r, 400, "partners needs one actor: a");
    return;
  }
  parley_actor_ref ref;
  if (resolve(r, &a, 1, &q, &ref)) return;
  parley_error err;
  parley_error_clear(&err);
  parley_partners *p = NULL;
  if (parley_ask_partners(r->conn->ask, &ref, &q, by_code, domestic, min, &p, &err)) {
    fail_err(r, &err);
    return;
  }
  if (tone && p->n) qsort(p->items, p->n, sizeof *p->items, sort_tone);
  ok_json(r, parley_partners_to_json(p, (size_t)top));
  parley_partners_free(p);
}

static void ep_summary(areq *r) {
  parley_query q;
  long top = 10;
  if (check_allowed(r, "/api/summary", "top " COMMON) || parse_common(r, NULL, &q, NULL, NULL) ||
      get_long(r, "top", 0, LONG_MAX, &top))
    return;
  parley_error err;
  parley_error_clear(&err);
  parley_summary *s = NULL;
  if (parley_ask_summary(r->conn->ask, &q, (size_t)top, &s, &err)) {
    fail_err(r, &err);
    return;
  }
  ok_json(r, parley_summary_to_json(s));
  parley_summary_free(s);
}

typedef struct events_ctx {
  pbuf b;
  long rows;
  size_t before_last; /* the length before the last row */
  int jsonl;
} events_ctx;

static int on_row(void *vctx, const parley_event_row *row) {
  events_ctx *c = vctx;
  char *s = parley_event_row_to_json(row);
  if (!s) {
    c->b.oom = 1;
    return 1;
  }
  c->before_last = c->b.len;
  if (!c->jsonl) pbuf_add(&c->b, c->rows ? ",\n" : "[\n");
  pbuf_add(&c->b, s);
  if (c->jsonl) pbuf_add(&c->b, "\n");
  free(s);
  c->rows++;
  return c->b.oom;
}

static void ep_events(areq *r) {
  parley_query q;
  int jsonl = 0, directed = 0, count = 0;
  long limit = 0;
  const char *a, *b, *actor, *source, *target;
  if (check_allowed(r, "/api/events", "a b actor source target directed limit count " COMMON) ||
      parse_common(r, NULL, &q, &jsonl, NULL) || get_bool(r, "directed", &directed) || get_bool(r, "count", &count) ||
      get_long(r, "limit", 1, r->api->max_rows, &limit) || get1(r, "a", &a) || get1(r, "b", &b) ||
      get1(r, "actor", &actor) || get1(r, "source", &source) || get1(r, "target", &target))
    return;
  if (b && !a) {
    fail(r, 400, "b needs a (a and b: the A–B dyad)");
    return;
  }
  if (a && !b && actor) {
    fail(r, 400, "give the actor either as a or as actor");
    return;
  }
  if (directed && !(a && b)) {
    fail(r, 400, "directed needs two actors a and b");
    return;
  }
  /* the names in the order `parley events` resolves them: options, then positional */
  const char *names[5];
  int which[5];
  size_t n = 0;
  if (actor) names[n] = actor, which[n++] = 0;
  if (source) names[n] = source, which[n++] = 1;
  if (target) names[n] = target, which[n++] = 2;
  if (a && !b) names[n] = a, which[n++] = 0;
  if (a && b) {
    names[n] = a, which[n++] = 3;
    names[n] = b, which[n++] = 4;
  }
  parley_actor_ref refs[5];
  if (n && resolve(r, names, n, &q, refs)) return;
  parley_event_filter f = parley_event_filter_default();
  f.q = q;
  f.directed = directed;
  for (size_t i = 0; i < n; i++) {
    if (which[i] == 0)
      f.actor = &refs[i];
    else if (which[i] == 1)
      f.source = &refs[i];
    else if (which[i] == 2)
      f.target = &refs[i];
    else
      f.dyad[which[i] - 3] = &refs[i];
  }
  parley_error err;
  parley_error_clear(&err);
  if (count) {
    long long total = 0;
    if (parley_ask_events_count(r->conn->ask, &f, &total, &err)) {
      fail_err(r, &err);
      return;
    }
    char *s = malloc(96);
    if (s)
      snprintf(s, 96, "{\"count\": %lld, \"unit\": \"%s\"}", total,
               q.unit == PARLEY_UNIT_MENTIONS ? "mentions" : "events");
    ok_json(r, s);
    return;
  }
  int given = limit > 0;
  f.limit = given ? limit : r->api->default_rows + 1; /* one more: to tell whether rows were left out */
  events_ctx c = {.jsonl = jsonl};
  pbuf_init(&c.b);
  if (parley_ask_events(r->conn->ask, &f, on_row, &c, &err)) {
    pbuf_free(&c.b);
    fail_err(r, &err);
    return;
  }
  if (!given && c.rows > r->api->default_rows) {
    /* the extra row only tells that there are more */
    c.b.len = c.before_last;
    if (c.b.s) c.b.s[c.b.len] = '\0';
    c.rows--;
    r->out->more = 1;
  }
  if (!jsonl) pbuf_add(&c.b, c.rows ? "\n]\n" : "[]\n");
  size_t len = 0;
  char *body = pbuf_take(&c.b, &len);
  if (!body) {
    fail(r, 500, "out of memory writing JSON");
    return;
  }
  int more = r->out->more;
  set_body(r->out, 200, jsonl ? CT_NDJSON : CT_JSON, body, len);
  r->out->more = more;
}

static void ep_actors(areq *r) {
  const char *q;
  long limit = 20;
  if (check_allowed(r, "/api/actors", "q limit to") || get1(r, "q", &q) || get_long(r, "limit", 1, 200, &limit)) return;
  const char *to;
  if (get1(r, "to", &to)) return;
  int day_to = 0;
  if (to && !(day_to = parley_day_parse(to, 1))) {
    fail(r, 400, "to must be a date YYYY-MM-DD, YYYY-MM or YYYY, not '%s'", to);
    return;
  }
  if (!q || !*q) {
    fail(r, 400, "actors needs q: a part of a name or code");
    return;
  }
  ok_json(r, rp_actors_json(r->api->dict, r->conn->store, q, (size_t)limit, day_to));
}

static void ep_report(areq *r) {
  parley_query q;
  const char *title;
  int fragment = 0, auto_by = 1;
  if (check_allowed(r, "/report", "a b vs fragment title " COMMON) || get1(r, "title", &title) ||
      get_bool(r, "fragment", &fragment) || parse_common(r, NULL, &q, NULL, &auto_by))
    return;
  const char *a, *b;
  if (get1(r, "a", &a) || get1(r, "b", &b)) return;
  if (!a || !b || !*a || !*b) {
    fail(r, 400, "report needs two actors: a and b (codes or names)");
    return;
  }
  const char *vs[API_MAX_PARAMS];
  size_t nvs = get_all(r, "vs", vs, API_MAX_PARAMS);
  parley_report_request req = parley_report_request_default();
  req.a = a;
  req.b = b;
  req.vs = vs;
  req.n_vs = nvs;
  req.q = q;
  req.auto_by = auto_by;
  req.title = title;
  req.fragment = fragment;
  parley_error err;
  parley_error_clear(&err);
  char *html = NULL;
  size_t len = 0;
  if (parley_report_html(r->conn->ask, r->api->dict, &req, &html, &len, &err)) {
    fail_err(r, &err);
    return;
  }
  set_body(r->out, 200, CT_HTML, html, len);
}

static void ep_index(areq *r) {
  if (check_allowed(r, "/api", "")) return;
  static const char idx[] =
      "{\n  \"name\": \"parley\",\n  \"version\": \"" PARLEY_VERSION "\",\n  \"endpoints\": [\n"
      "    \"/api/events\", \"/api/dyad\", \"/api/rhythm\", \"/api/compare\", \"/api/peak\",\n"
      "    \"/api/claims\", \"/api/partners\", \"/api/summary\", \"/api/actors\", \"/report\", \"/\"\n  ],\n"
      "  \"documentation\": \"docs/api.md\"\n}";
  ok_json(r, strdup(idx));
}

static void ep_page(areq *r) {
  /* the page reads its own address: accept any parameters */
  char *s = malloc(r->api->page_len + 1);
  if (!s) {
    fail(r, 500, "out of memory");
    return;
  }
  memcpy(s, r->api->page, r->api->page_len + 1);
  set_body(r->out, 200, CT_HTML, s, r->api->page_len);
}

static const struct {
  const char *path;
  void (*fn)(areq *r);
  int needs_db;
} endpoints[] = {
    {"/api/events", ep_events, 1},
    {"/api/dyad", ep_dyad, 1},
    {"/api/rhythm", ep_rhythm, 1},
    {"/api/compare", ep_compare, 1},
    {"/api/peak", ep_peak, 1},
    {"/api/claims", ep_claims, 1},
    {"/api/partners", ep_partners, 1},
    {"/api/summary", ep_summary, 1},
    {"/api/actors", ep_actors, 1},
    {"/report", ep_report, 1},
    {"/api", ep_index, 0},
    {"/api/", ep_index, 0},
    {"/", ep_page, 0},
    {"/index.html", ep_page, 0},
};

void parley_api_handle(parley_api *api, const char *method, const char *path, const char *query,
                       parley_api_response *out) {
  memset(out, 0, sizeof *out);
  areq r;
  memset(&r, 0, sizeof r);
  r.api = api;
  r.out = out;
  if (!method || (strcmp(method, "GET") && strcmp(method, "HEAD"))) {
    fail(&r, 405, "only GET and HEAD are served");
    return;
  }
  if (!path) path = "/";
  size_t i, n = sizeof endpoints / sizeof endpoints[0];
  for (i = 0; i < n; i++)
    if (!strcmp(path, endpoints[i].path)) break;
  if (i == n) {
    if (!strcmp(path, "/favicon.ico")) {
      set_body(out, 204, "image/x-icon", NULL, 0);
      return;
    }
    char shown[120];
    size_t l = strlen(path);
    if (l > 100 || !utf8_valid(path, l))
      snprintf(shown, sizeof shown, "this path");
    else
      snprintf(shown, sizeof shown, "'%s'", path);
    fail(&r, 404, "no such page: %s (the API is under /api: see /api and docs/api.md)", shown);
    return;
  }
  if (parse_query(&r, query)) {
    areq_free(&r);
    return;
  }
  if (endpoints[i].needs_db) {
    parley_error err;
    parley_error_clear(&err);
    r.conn = conn_get(api, &err);
    if (!r.conn) {
      fail(&r, 503, "the database cannot be opened: %s", err.message);
      areq_free(&r);
      return;
    }
  }
  endpoints[i].fn(&r);
  areq_free(&r);
  if (!out->status) fail(&r, 500, "no answer");
}
