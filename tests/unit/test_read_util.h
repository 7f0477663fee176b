/* test_read_util.h — helpers shared by the read-stage unit tests (test_read_*.c):
 * temporary input files, whole-file reads, span comparison. Header-only; each
 * test program includes it once, after <cmocka.h>. */
#ifndef TEST_READ_UTIL_H
#define TEST_READ_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parley/read.h"

/* A fresh temporary directory per test program, removed at exit. */
static char tr_dir[256];
static char tr_files[64][320];
static int tr_nfiles;

static inline void tr_cleanup(void) {
  for (int i = 0; i < tr_nfiles; i++)
    unlink(tr_files[i]);
  if (tr_dir[0]) rmdir(tr_dir);
}

/* Writes data to DIR/name and returns the path (static storage). */
static inline const char *tr_write(const char *name, const void *data, size_t len) {
  if (!tr_dir[0]) {
    const char *tmp = getenv("TMPDIR");
    snprintf(tr_dir, sizeof tr_dir, "%s/parley-read-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(tr_dir));
    atexit(tr_cleanup);
  }
  assert_true(tr_nfiles < 64);
  char *path = tr_files[tr_nfiles++];
  snprintf(path, 320, "%s/%s", tr_dir, name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  if (len) assert_int_equal(fwrite(data, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
  return path;
}

static inline const char *tr_write_str(const char *name, const char *s) { return tr_write(name, s, strlen(s)); }

/* Reads a whole file (NUL-terminated); *len gets the size. */
static inline char *tr_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  assert_non_null(buf);
  size_t k;
  while ((k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += k;
    if (cap - n - 1 == 0) {
      cap *= 2;
      buf = realloc(buf, cap);
      assert_non_null(buf);
    }
  }
  fclose(f);
  buf[n] = '\0';
  if (len) *len = n;
  return buf;
}

/* 1 if the span of doc->text equals s. */
static inline int tr_span_is(const parley_doc *d, parley_span sp, const char *s) {
  size_t n = strlen(s);
  return sp.end >= sp.start && sp.end <= d->text_len && sp.end - sp.start == n && memcmp(d->text + sp.start, s, n) == 0;
}

/* 1 if the span of doc->text contains s. */
static inline int tr_span_has(const parley_doc *d, parley_span sp, const char *s) {
  size_t n = strlen(s);
  if (sp.end - sp.start < n) return 0;
  for (size_t i = sp.start; i + n <= sp.end; i++)
    if (memcmp(d->text + i, s, n) == 0) return 1;
  return 0;
}

#define assert_span(d, sp, s) assert_true(tr_span_is((d), (sp), (s)))

/* Reads the single document of a file (asserting success). */
static inline parley_doc *tr_read_one(const char *path, const parley_read_options *opt) {
  parley_reader *r = NULL;
  parley_error err;
  assert_int_equal(parley_reader_open(path, opt, &r, &err), PARLEY_OK);
  parley_doc *d = NULL;
  int st = parley_reader_next(r, &d, &err);
  if (st != 1) fprintf(stderr, "read %s: %d %s\n", path, st, err.message);
  assert_int_equal(st, 1);
  parley_doc *extra = NULL;
  assert_int_equal(parley_reader_next(r, &extra, &err), 0);
  assert_null(extra);
  parley_reader_close(r);
  return d;
}

/* Reads the only document of a file and expects an error; returns the status. */
static inline int tr_read_error(const char *path, const parley_read_options *opt, parley_error *err) {
  parley_reader *r = NULL;
  assert_int_equal(parley_reader_open(path, opt, &r, err), PARLEY_OK);
  parley_doc *d = NULL;
  int st = parley_reader_next(r, &d, err);
  assert_true(st < 0);
  assert_null(d);
  parley_error e2;
  assert_int_equal(parley_reader_next(r, &d, &e2), 0); /* nothing after a whole-file error */
  assert_int_equal(parley_reader_skipped(r), st == PARLEY_EIO ? 0 : 1);
  parley_reader_close(r);
  return st;
}

#endif
