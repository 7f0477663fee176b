/* reader.c — parley_reader: documents from a file or stdin, format detection, streaming JSON Lines.
 *
 * Part of the read stage. The format is options.format, or detected on the
 * first call of parley_reader_next: by extension (.jsonl/.ndjson → JSON
 * Lines, .html/.htm/.xhtml → HTML, .txt/.text/.md → text), else by the first
 * non-space byte after an optional UTF-8 BOM ('{' → JSON Lines, '<' → HTML,
 * anything else → text). A text or HTML input is read whole (at most
 * max_doc_bytes) and is one document. JSON Lines are streamed one line at a
 * time: a line longer than max_line_bytes is reported and skipped without
 * being held in memory, blank lines are ignored, and after a bad record the
 * next call goes on with the following line. UTF-16 input is refused. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "read/internal.h"

#define CHUNK ((size_t)64 << 10)

struct parley_reader {
  FILE *f;
  int own;          /* fclose on close */
  char *file;       /* as given, "-" for stdin */
  const char *name; /* id prefix: basename or "stdin" (points into file or a literal) */
  parley_read_options opt;
  char *opt_lang, *opt_date; /* owned copies of the option strings */
  parley_input_format fmt;
  int started, done;
  size_t skipped;
  char *buf; /* unread input is buf[pos..len) */
  size_t cap, len, pos;
  int eof;
  unsigned long long offset; /* file offset of buf[pos] */
  long line;                 /* lines consumed so far */
  rd_buf linebuf;
};

/* Appends up to CHUNK bytes to buf. Returns the count, 0 at end, -1 on a read error. */
static long fill(parley_reader *r) {
  if (r->eof) return 0;
  if (r->pos == r->len) r->pos = r->len = 0;
  if (r->cap - r->len < CHUNK + 1) {
    size_t cap = r->cap ? r->cap : CHUNK + 1;
    while (cap - r->len < CHUNK + 1)
      cap *= 2;
    char *b = realloc(r->buf, cap);
    if (!b) {
      errno = ENOMEM;
      return -1;
    }
    r->buf = b;
    r->cap = cap;
  }
  size_t n = fread(r->buf + r->len, 1, CHUNK, r->f);
  if (n == 0) {
    if (ferror(r->f)) return -1;
    r->eof = 1;
    return 0;
  }
  r->len += n;
  r->buf[r->len] = '\0';
  return (long)n;
}

static int read_failed(parley_reader *r, parley_error *err) {
  int e = errno;
  r->done = 1;
  if (e == ENOMEM) return parley_error_set(err, PARLEY_ENOMEM, r->file, 0, "out of memory");
  return parley_error_set(err, PARLEY_EIO, r->file, 0, "read error: %s", strerror(e ? e : EIO));
}

static parley_input_format by_extension(const char *path) {
  if (!path) return PARLEY_INPUT_AUTO;
  const char *base = rd_basename(path);
  const char *dot = strrchr(base, '.');
  if (!dot) return PARLEY_INPUT_AUTO;
  dot++;
  if (!strcasecmp(dot, "jsonl") || !strcasecmp(dot, "ndjson")) return PARLEY_INPUT_JSONL;
  if (!strcasecmp(dot, "html") || !strcasecmp(dot, "htm") || !strcasecmp(dot, "xhtml")) return PARLEY_INPUT_HTML;
  if (!strcasecmp(dot, "txt") || !strcasecmp(dot, "text") || !strcasecmp(dot, "md")) return PARLEY_INPUT_TEXT;
  return PARLEY_INPUT_AUTO;
}

int parley_reader_open(const char *path, const parley_read_options *opt, parley_reader **out, parley_error *err) {
  parley_error_clear(err);
  if (!out) return parley_error_set(err, PARLEY_EINVAL, path, 0, "parley_reader_open: NULL output");
  *out = NULL;
  parley_read_options o;
  int st = rd_effective_options(opt, &o, err);
  if (st != PARLEY_OK) return st;
  int is_stdin = !path || strcmp(path, "-") == 0;
  parley_reader *r = calloc(1, sizeof *r);
  if (!r) return parley_error_set(err, PARLEY_ENOMEM, path, 0, "out of memory");
  r->file = rd_strdup(is_stdin ? "-" : path);
  r->opt = o;
  r->opt_lang = o.lang ? rd_strdup(o.lang) : NULL;
  r->opt_date = o.date ? rd_strdup(o.date) : NULL;
  if (!r->file || (o.lang && !r->opt_lang) || (o.date && !r->opt_date)) {
    parley_reader_close(r);
    return parley_error_set(err, PARLEY_ENOMEM, path, 0, "out of memory");
  }
  r->opt.lang = r->opt_lang;
  r->opt.date = r->opt_date;
  r->name = rd_basename(is_stdin ? NULL : r->file);
  if (is_stdin) {
    r->f = stdin;
  } else {
    r->f = fopen(path, "rb");
    if (!r->f) {
      int e = errno;
      parley_reader_close(r);
      return parley_error_set(err, PARLEY_EIO, path, 0, "cannot open: %s", strerror(e));
    }
    r->own = 1;
    struct stat sb;
    if (fstat(fileno(r->f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
      parley_reader_close(r);
      return parley_error_set(err, PARLEY_EIO, path, 0, "cannot read: is a directory");
    }
  }
  r->fmt = o.format != PARLEY_INPUT_AUTO ? o.format : by_extension(is_stdin ? NULL : path);
  *out = r;
  return PARLEY_OK;
}

size_t parley_reader_skipped(const parley_reader *r) { return r ? r->skipped : 0; }

void parley_reader_close(parley_reader *r) {
  if (!r) return;
  if (r->own && r->f) fclose(r->f);
  free(r->file);
  free(r->opt_lang);
  free(r->opt_date);
  free(r->buf);
  rd_buf_free(&r->linebuf);
  free(r);
}

/* A per-document failure: counted as skipped. */
static int doc_error(parley_reader *r, int st) {
  if (st == PARLEY_EFORMAT || st == PARLEY_EUTF8) r->skipped++;
  return st;
}

/* First call: refuse UTF-16, detect the format. */
static int start(parley_reader *r, parley_error *err) {
  r->started = 1;
  while (r->len < 4 && !r->eof)
    if (fill(r) < 0) return read_failed(r, err);
  if (rd_has_utf16_bom(r->buf, r->len)) {
    r->done = 1;
    r->skipped++;
    parley_error_set(err, PARLEY_EUTF8, r->file, 1, "UTF-16 input is not supported; convert to UTF-8");
    if (err) err->offset = 0;
    return PARLEY_EUTF8;
  }
  if (r->fmt != PARLEY_INPUT_AUTO) return PARLEY_OK;
  size_t i = (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
  for (;;) {
    while (i < r->len && (r->buf[i] == ' ' || r->buf[i] == '\t' || r->buf[i] == '\n' || r->buf[i] == '\r' ||
                          r->buf[i] == '\f' || r->buf[i] == '\v'))
      i++;
    if (i < r->len || r->eof || r->len > r->opt.max_doc_bytes) break;
    if (fill(r) < 0) return read_failed(r, err);
  }
  char c = i < r->len ? r->buf[i] : '\0';
  r->fmt = c == '{' ? PARLEY_INPUT_JSONL : c == '<' ? PARLEY_INPUT_HTML : PARLEY_INPUT_TEXT;
  return PARLEY_OK;
}

/* Text and HTML: the whole input is one document. */
static int next_whole(parley_reader *r, parley_doc **doc, parley_error *err) {
  r->done = 1;
  while (!r->eof && r->len <= r->opt.max_doc_bytes)
    if (fill(r) < 0) return read_failed(r, err);
  if (r->len > r->opt.max_doc_bytes)
    return doc_error(r, parley_error_set(err, PARLEY_EFORMAT, r->file, 0,
                                         "document is larger than the limit of %zu bytes (max_doc_bytes)",
                                         r->opt.max_doc_bytes));
  const char *s = r->buf ? r->buf : "";
  size_t len = r->len;
  int st = rd_check_input(s, len, r->file, 0, 1, err);
  if (st == PARLEY_OK) st = rd_check_not_empty(s, len, r->file, 0, err);
  if (st != PARLEY_OK) return doc_error(r, st);
  if (r->fmt == PARLEY_INPUT_HTML) {
    size_t bom = (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    st = rd_doc_from_html(s + bom, len - bom, r->file, r->name, &r->opt, doc, err);
    free(r->buf);
  } else {
    char *text = r->buf ? r->buf : rd_strdup("");
    if (!text) return parley_error_set(err, PARLEY_ENOMEM, r->file, 0, "out of memory");
    text[len] = '\0';
    st = rd_doc_from_owned_text(text, len, r->file, r->name, 1, &r->opt, doc, err);
  }
  r->buf = NULL;
  r->len = r->pos = r->cap = 0;
  return st == PARLEY_OK ? 1 : doc_error(r, st);
}

/* Reads the next line into r->linebuf. 1: a line; 2: too long (discarded);
 * 0: end of input; -1: read error. *off is the line's file offset. */
static int read_line(parley_reader *r, unsigned long long *off) {
  r->linebuf.len = 0;
  *off = r->offset;
  int any = 0, too_long = 0;
  for (;;) {
    if (r->pos == r->len) {
      long n = fill(r);
      if (n < 0) return -1;
      if (n == 0) {
        if (!any) return 0;
        break;
      }
    }
    const char *p = r->buf + r->pos;
    size_t avail = r->len - r->pos;
    const char *nl = memchr(p, '\n', avail);
    size_t take = nl ? (size_t)(nl - p) : avail;
    any = 1;
    if (!too_long) {
      if (take > r->opt.max_line_bytes - r->linebuf.len) {
        too_long = 1;
        rd_buf_free(&r->linebuf);
      } else if (rd_buf_append(&r->linebuf, p, take)) {
        errno = ENOMEM;
        return -1;
      }
    }
    size_t used = take + (nl ? 1 : 0);
    r->pos += used;
    r->offset += used;
    if (nl) break;
  }
  r->line++;
  return too_long ? 2 : 1;
}

static int next_jsonl(parley_reader *r, parley_doc **doc, parley_error *err) {
  for (;;) {
    unsigned long long off;
    int got = read_line(r, &off);
    if (got < 0) return read_failed(r, err);
    if (got == 0) {
      r->done = 1;
      return 0;
    }
    if (got == 2) {
      parley_error_set(err, PARLEY_EFORMAT, r->file, r->line,
                       "line is longer than the limit of %zu bytes (max_line_bytes); skipped", r->opt.max_line_bytes);
      if (err) err->offset = (long long)off;
      return doc_error(r, PARLEY_EFORMAT);
    }
    const char *s = r->linebuf.p ? r->linebuf.p : "";
    size_t len = r->linebuf.len;
    if (r->line == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
      s += 3;
      len -= 3;
      off += 3;
    }
    if (len && s[len - 1] == '\r') len--;
    size_t a = 0, b = len;
    while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' || s[a] == '\f' || s[a] == '\v'))
      a++;
    if (a == b) continue; /* blank line */
    int st = rd_doc_from_jsonl(s, len, r->file, r->name, r->line, (size_t)off, &r->opt, doc, err);
    if (st == PARLEY_OK) return 1;
    if (st != PARLEY_EFORMAT && st != PARLEY_EUTF8) r->done = 1;
    return doc_error(r, st);
  }
}

int parley_reader_next(parley_reader *r, parley_doc **doc, parley_error *err) {
  parley_error_clear(err);
  if (!doc) return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "parley_reader_next: NULL output");
  *doc = NULL;
  if (!r) return parley_error_set(err, PARLEY_EINVAL, NULL, 0, "parley_reader_next: NULL reader");
  if (r->done) return 0;
  if (!r->started) {
    int st = start(r, err);
    if (st != PARLEY_OK) return st;
  }
  if (r->fmt == PARLEY_INPUT_JSONL) return next_jsonl(r, doc, err);
  return next_whole(r, doc, err);
}
