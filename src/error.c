/* error.c — the parley_error record: filling, formatting, naming statuses.
 * Shared by every stage; the library reports errors only through this. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "parley/parley.h"

const char *parley_version(void) { return PARLEY_VERSION; }

void parley_error_clear(parley_error *err) {
  if (!err) return;
  err->status = PARLEY_OK;
  err->file[0] = '\0';
  err->line = 0;
  err->offset = -1;
  err->message[0] = '\0';
}

int parley_error_set(parley_error *err, int status, const char *file, long line, const char *fmt, ...) {
  if (!err) return status;
  err->status = status;
  snprintf(err->file, sizeof err->file, "%s", file ? file : "");
  err->line = line;
  err->offset = -1;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return status;
}

const char *parley_error_format(const parley_error *err, char *buf, size_t size) {
  if (!err || size == 0) return "";
  const char *msg = err->message[0] ? err->message : parley_status_name(err->status);
  if (err->file[0] && err->line > 0)
    snprintf(buf, size, "%s:%ld: %s", err->file, err->line, msg);
  else if (err->file[0])
    snprintf(buf, size, "%s: %s", err->file, msg);
  else
    snprintf(buf, size, "%s", msg);
  return buf;
}

const char *parley_status_name(int status) {
  switch (status) {
  case PARLEY_OK: return "ok";
  case PARLEY_EINVAL: return "invalid argument";
  case PARLEY_EIO: return "input/output error";
  case PARLEY_ENOMEM: return "out of memory";
  case PARLEY_EFORMAT: return "malformed input";
  case PARLEY_EUTF8: return "invalid UTF-8";
  case PARLEY_EDICT: return "dictionary error";
  case PARLEY_ESTORE: return "database error";
  case PARLEY_EBUSY: return "database is busy";
  case PARLEY_ENOTFOUND: return "not found";
  default: return "unknown error";
  }
}
