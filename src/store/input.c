/* input.c — stage 3 (store): reading dataset files record by record.
 *
 * A store_input reads a plain file, standard input or every entry of a .zip
 * archive (minizip; GDELT ships its exports zipped), and hands out lines or
 * CSV records (a quoted field may span lines) with the number of the line
 * they start on, so that every message can say FILE:LINE. Bytes read are
 * counted for progress reports, and hashed for standard input (which cannot
 * be hashed beforehand). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unzip.h>

#include "store_internal.h"

#define RBUF_SIZE (1u << 20)

struct store_input {
  char *path;
  int is_zip, is_stdin;
  FILE *f;
  unzFile zf;
  int zip_started, entry_open, entries_given;
  char entry_name[1280];
  unsigned char *rbuf;
  size_t rpos, rlen;
  int eof;   /* current entry fully read */
  sbuf line; /* a line that crossed a buffer boundary */
  sbuf rec;  /* a CSV record */
  long lineno;
  long long bytes_done, bytes_total;
  store_hash hash;
};

static int has_zip_magic(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  unsigned char m[4] = {0};
  size_t n = fread(m, 1, 4, f);
  fclose(f);
  return n == 4 && m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4;
}

int store_input_open(const char *path, store_input **out, parley_error *err) {
  *out = NULL;
  store_input *in = calloc(1, sizeof *in);
  if (!in) return parley_error_set(err, PARLEY_ENOMEM, path, 0, "out of memory");
  in->is_stdin = !path || !strcmp(path, "-");
  in->path = strdup(in->is_stdin ? "<stdin>" : path);
  in->rbuf = malloc(RBUF_SIZE);
  store_hash_init(&in->hash);
  if (!in->path || !in->rbuf) {
    store_input_close(in);
    return parley_error_set(err, PARLEY_ENOMEM, path, 0, "out of memory");
  }
  if (in->is_stdin) {
    in->f = stdin;
  } else if (has_zip_magic(path)) {
    in->is_zip = 1;
    in->zf = unzOpen64(path);
    if (!in->zf) {
      store_input_close(in);
      return parley_error_set(err, PARLEY_EIO, path, 0, "cannot open as a .zip archive");
    }
  } else {
    in->f = fopen(path, "rb");
    if (!in->f) {
      int e = errno;
      store_input_close(in);
      return parley_error_set(err, PARLEY_EIO, path, 0, "cannot open: %s", strerror(e));
    }
    struct stat sb;
    if (fstat(fileno(in->f), &sb) == 0 && S_ISREG(sb.st_mode)) in->bytes_total = (long long)sb.st_size;
  }
  *out = in;
  return PARLEY_OK;
}

void store_input_close(store_input *in) {
  if (!in) return;
  if (in->f && !in->is_stdin) fclose(in->f);
  if (in->zf) {
    if (in->entry_open) unzCloseCurrentFile(in->zf);
    unzClose(in->zf);
  }
  sbuf_free(&in->line);
  sbuf_free(&in->rec);
  free(in->rbuf);
  free(in->path);
  free(in);
}

int store_input_next_entry(store_input *in, const char **name, parley_error *err) {
  in->rpos = in->rlen = 0;
  in->eof = 0;
  in->lineno = 0;
  in->line.len = 0;
  if (!in->is_zip) {
    if (in->entries_given++) return 0;
    *name = in->path;
    return 1;
  }
  if (in->entry_open) {
    unzCloseCurrentFile(in->zf);
    in->entry_open = 0;
  }
  for (;;) {
    int rc = in->zip_started ? unzGoToNextFile(in->zf) : unzGoToFirstFile(in->zf);
    in->zip_started = 1;
    if (rc == UNZ_END_OF_LIST_OF_FILE) return 0;
    if (rc != UNZ_OK) return parley_error_set(err, PARLEY_EIO, in->path, 0, "damaged .zip archive");
    unz_file_info64 fi;
    char inner[1024];
    if (unzGetCurrentFileInfo64(in->zf, &fi, inner, sizeof inner, NULL, 0, NULL, 0) != UNZ_OK)
      return parley_error_set(err, PARLEY_EIO, in->path, 0, "damaged .zip archive");
    size_t l = strlen(inner);
    if (l && inner[l - 1] == '/') continue; /* a folder */
    if (unzOpenCurrentFile(in->zf) != UNZ_OK)
      return parley_error_set(err, PARLEY_EIO, in->path, 0, "cannot read %s in the .zip archive", inner);
    in->entry_open = 1;
    in->bytes_done = 0;
    in->bytes_total = (long long)fi.uncompressed_size;
    snprintf(in->entry_name, sizeof in->entry_name, "%s!%s", in->path, inner);
    *name = in->entry_name;
    return 1;
  }
}

static int fill(store_input *in, parley_error *err) {
  if (in->eof) return 0;
  long n;
  if (in->is_zip) {
    n = unzReadCurrentFile(in->zf, in->rbuf, RBUF_SIZE);
    if (n < 0)
      return parley_error_set(err, PARLEY_EIO, in->entry_name, in->lineno, "damaged .zip entry (error %ld)", n);
  } else {
    n = (long)fread(in->rbuf, 1, RBUF_SIZE, in->f);
    if (n == 0 && ferror(in->f)) return parley_error_set(err, PARLEY_EIO, in->path, in->lineno, "read error");
    if (in->is_stdin) /* a file was hashed before its import began (store_hash_file) */
      store_hash_update(&in->hash, in->rbuf, (size_t)n);
  }
  in->rpos = 0;
  in->rlen = (size_t)n;
  in->bytes_done += n;
  if (n == 0) in->eof = 1;
  return n > 0;
}

int store_input_line(store_input *in, char **line, size_t *len, long *lineno, parley_error *err) {
  in->line.len = 0;
  for (;;) {
    if (in->rpos >= in->rlen) {
      int rc = fill(in, err);
      if (rc < 0) return rc;
      if (rc == 0) {
        if (!in->line.len) return 0;
        break; /* last line without a newline */
      }
    }
    unsigned char *p = in->rbuf + in->rpos;
    size_t avail = in->rlen - in->rpos;
    unsigned char *nl = memchr(p, '\n', avail);
    if (nl) {
      size_t n = (size_t)(nl - p);
      in->rpos += n + 1;
      if (!in->line.len) { /* the whole line is in the buffer: hand it out in place */
        if (n && p[n - 1] == '\r') n--;
        p[n] = '\0';
        *line = (char *)p;
        *len = n;
        *lineno = ++in->lineno;
        return 1;
      }
      if (sbuf_add(&in->line, (char *)p, n)) return parley_error_set(err, PARLEY_ENOMEM, in->path, 0, "out of memory");
      break;
    }
    if (sbuf_add(&in->line, (char *)p, avail))
      return parley_error_set(err, PARLEY_ENOMEM, in->path, 0, "out of memory");
    in->rpos = in->rlen;
  }
  if (in->line.len && in->line.s[in->line.len - 1] == '\r') in->line.s[--in->line.len] = '\0';
  *line = in->line.s;
  *len = in->line.len;
  *lineno = ++in->lineno;
  return 1;
}

static size_t count_quotes(const char *s, size_t n) {
  size_t q = 0;
  for (const char *p = s; (p = memchr(p, '"', (size_t)(s + n - p))) != NULL; p++)
    q++;
  return q;
}

int store_input_csv_record(store_input *in, char **rec, size_t *len, long *lineno, parley_error *err) {
  char *l;
  size_t n;
  long ln;
  int rc = store_input_line(in, &l, &n, &ln, err);
  if (rc <= 0) return rc;
  size_t q = count_quotes(l, n);
  if (!(q & 1)) {
    *rec = l;
    *len = n;
    *lineno = ln;
    return 1;
  }
  in->rec.len = 0;
  sbuf_add(&in->rec, l, n);
  long first = ln;
  while (q & 1) {
    rc = store_input_line(in, &l, &n, &ln, err);
    if (rc < 0) return rc;
    if (rc == 0) break; /* unterminated: the parser reports it */
    sbuf_addc(&in->rec, '\n');
    sbuf_add(&in->rec, l, n);
    q += count_quotes(l, n);
    if (in->rec.len > (64u << 20)) break;
  }
  *rec = in->rec.s;
  *len = in->rec.len;
  *lineno = first;
  return 1;
}

long long store_input_bytes_done(const store_input *in) { return in->bytes_done; }
long long store_input_bytes_total(const store_input *in) { return in->bytes_total; }

void store_input_hash(store_input *in, char out[33]) {
  store_hash h = in->hash;
  store_hash_final(&h, out);
}
