/* fuzz_serve_api.c — libFuzzer harness: the HTTP request handling of `parley serve` (parley_api_handle).
 *
 * A small database (the example article, coded, and the GDELT 2.0 sample
 * rows) is built once in a scratch directory and opened with parley_api_open.
 * Each input is one request: the first byte picks the method (GET, HEAD,
 * POST, or a made-up one), the rest is the request target as received,
 * "PATH?QUERY" (percent-encoded or not, any bytes; a NUL ends it as it would
 * in the server). Checks: the status is one of those serve.h lists; a body
 * is present (except 204 and out-of-memory 500) and NUL-terminated at
 * body_len; every 4xx answer, and every JSON answer, is valid JSON. */
#define _GNU_SOURCE
#include "fuzz_util.h"

#include <jansson.h>

#include "parley/parley.h"
#include "parley/serve.h"

#ifndef PARLEY_DICT_DIR
#define PARLEY_DICT_DIR "dict"
#endif
#ifndef PARLEY_SRC
#define PARLEY_SRC "."
#endif

static parley_api *api;

static void die(const char *what, const parley_error *err) {
  fprintf(stderr, "fuzz_serve_api: %s: %s:%ld: %s\n", what, err->file, err->line, err->message);
  abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  char db[512];
  snprintf(db, sizeof db, "%s/serve.db", fz_scratch());
  parley_error err;
  parley_error_clear(&err);
  parley_store *s = NULL;
  parley_dict *d = NULL;
  parley_coder *c = NULL;
  if (parley_store_open(db, PARLEY_STORE_READWRITE, &s, &err)) die("store", &err);
  if (parley_dict_open(PARLEY_DICT_DIR, &d, &err)) die("dict", &err);
  if (parley_coder_open(d, NULL, &c, &err)) die("coder", &err);
  parley_read_options o = parley_read_default_options();
  parley_reader *r = NULL;
  if (parley_reader_open(PARLEY_SRC "/examples/zh-dense-diplomacy-2025.txt", &o, &r, &err)) die("reader", &err);
  parley_doc *doc = NULL;
  if (parley_reader_next(r, &doc, &err) != 1) die("reader", &err);
  parley_reader_close(r);
  parley_events ev = {0};
  if (parley_code_doc(c, doc, &ev, &err)) die("code", &err);
  if (parley_store_add_doc(s, doc, &ev, NULL, &err)) die("add", &err);
  parley_events_free(&ev);
  parley_doc_free(doc);
  parley_import_options io = parley_import_default_options();
  parley_store_stats st;
  if (parley_store_import_gdelt(s, PARLEY_SRC "/tests/data/store/gdelt2_20191024143000.sample.CSV", &io, &st, &err))
    die("import", &err);
  parley_coder_close(c);
  parley_dict_close(d);
  parley_store_close(s);
  parley_api_options ao = parley_api_default_options();
  ao.db_path = db;
  ao.dict_dir = PARLEY_DICT_DIR;
  if (parley_api_open(&ao, &api, &err)) die("api", &err);
  return 0;
}

static int json_ok(const char *body, size_t len) {
  json_error_t e;
  json_t *j = json_loadb(body, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
  if (!j) {
    /* JSON Lines: every line an object */
    size_t a = 0;
    while (a < len) {
      const char *nl = memchr(body + a, '\n', len - a);
      size_t b = nl ? (size_t)(nl - body) : len;
      if (b > a) {
        json_t *k = json_loadb(body + a, b - a, 0, &e);
        if (!k) return 0;
        json_decref(k);
      }
      a = b + 1;
    }
    return 1;
  }
  json_decref(j);
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  static const char *methods[4] = {"GET", "HEAD", "POST", "BREW"};
  const char *method = methods[data[0] & 3];
  char *target = fz_strndup(data + 1, size - 1);
  char *q = strchr(target, '?');
  const char *query = NULL;
  if (q) {
    *q = '\0';
    query = q + 1;
  }
  parley_api_response res;
  parley_api_handle(api, method, target, query, &res);
  static const int ok_status[] = {200, 204, 400, 404, 405, 414, 500, 503};
  int known = 0;
  for (size_t i = 0; i < sizeof ok_status / sizeof ok_status[0]; i++)
    known |= res.status == ok_status[i];
  if (!known) fprintf(stderr, "status %d for %s %s ? %s\n", res.status, method, target, query ? query : "(none)");
  FZ_CHECK(known);
  FZ_CHECK(res.content_type != NULL || res.status == 204);
  if (res.body) {
    FZ_CHECK(res.body[res.body_len] == '\0');
    int is_json = res.content_type && !strncmp(res.content_type, "application/json", 16);
    if ((res.status >= 400 && res.status < 500) || is_json) {
      if (!json_ok(res.body, res.body_len))
        fprintf(stderr, "not JSON (status %d, %s): %.300s\n", res.status, res.content_type, res.body);
      FZ_CHECK(json_ok(res.body, res.body_len));
    }
  } else {
    FZ_CHECK(res.status == 204 || res.status == 500 || !strcmp(method, "HEAD"));
  }
  parley_api_response_free(&res);
  free(target);
  return 0;
}
