/* fuzz_util.h — helpers shared by parley's libFuzzer harnesses (tests/fuzz/fuzz_*.c).
 *
 * Header-only. Gives a harness: an in-memory file holding the fuzz input
 * (memfd, opened by path as /proc/self/fd/N so that parley's file readers
 * see an ordinary file), a private scratch directory removed at exit, a
 * checked-invariant macro that aborts (libFuzzer then saves the input), and
 * a UTF-8 validity check independent of parley's own. Every harness file
 * defines _GNU_SOURCE before including it (memfd_create). */
#ifndef PARLEY_FUZZ_UTIL_H
#define PARLEY_FUZZ_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* An invariant of parley's output: when it does not hold, print where and abort. */
#define FZ_CHECK(cond)                                                                                                 \
  do {                                                                                                                 \
    if (!(cond)) {                                                                                                     \
      fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);                                     \
      abort();                                                                                                         \
    }                                                                                                                  \
  } while (0)

/* An in-memory file with the given bytes. path is "/proc/self/fd/N". */
typedef struct fz_memfile {
  int fd;
  char path[64];
} fz_memfile;

static inline int fz_memfile_open(fz_memfile *m, const void *data, size_t size) {
  m->fd = memfd_create("parley-fuzz", MFD_CLOEXEC);
  if (m->fd < 0) return -1;
  const char *p = data;
  size_t done = 0;
  while (done < size) {
    ssize_t k = write(m->fd, p + done, size - done);
    if (k <= 0) {
      close(m->fd);
      m->fd = -1;
      return -1;
    }
    done += (size_t)k;
  }
  snprintf(m->path, sizeof m->path, "/proc/self/fd/%d", m->fd);
  return 0;
}

static inline void fz_memfile_close(fz_memfile *m) {
  if (m->fd >= 0) close(m->fd);
  m->fd = -1;
}

/* A scratch directory for this process, removed (with its plain files and
 * one level of subdirectories) at exit. */
static char fz_scratch_dir[256];

static inline void fz_rm_tree(const char *dir, int depth) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  char p[1024];
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    struct stat sb;
    if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
      if (depth < 3) fz_rm_tree(p, depth + 1);
    } else {
      unlink(p);
    }
  }
  closedir(d);
  rmdir(dir);
}

static inline void fz_scratch_cleanup(void) {
  if (fz_scratch_dir[0]) fz_rm_tree(fz_scratch_dir, 0);
}

static inline const char *fz_scratch(void) {
  if (!fz_scratch_dir[0]) {
    const char *tmp = getenv("TMPDIR");
    snprintf(fz_scratch_dir, sizeof fz_scratch_dir, "%s/parley-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(fz_scratch_dir)) {
      perror("mkdtemp");
      abort();
    }
    atexit(fz_scratch_cleanup);
  }
  return fz_scratch_dir;
}

/* Writes data to path (whole file). 0 or -1. */
static inline int fz_write_file(const char *path, const void *data, size_t size) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  int ok = size == 0 || fwrite(data, 1, size, f) == size;
  if (fclose(f) != 0) ok = 0;
  return ok ? 0 : -1;
}

/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
static inline int fz_utf8_ok(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    unsigned c = p[i];
    size_t n;
    uint32_t cp;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return 0;
    }
    for (size_t k = 1; k <= n; k++) {
      if (i + k >= len || (p[i + k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    i += n + 1;
  }
  return 1;
}

/* 1 when offset o of s (length len) is on a UTF-8 character boundary. */
static inline int fz_utf8_boundary(const char *s, size_t len, size_t o) {
  return o == 0 || o >= len || (((unsigned char)s[o]) & 0xC0) != 0x80;
}

/* A copy of data with a terminating NUL (for APIs that take C strings). */
static inline char *fz_strndup(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (!s) abort();
  if (size) memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

#endif
