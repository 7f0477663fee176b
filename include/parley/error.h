/* parley/error.h — status codes and the error record every parley call fills.
 *
 * Every library function returns an int status (PARLEY_OK or a negative
 * parley_status) and, on failure, fills the caller's parley_error with a
 * message and, where it applies, the file, line and byte offset of the input
 * that caused it. The library never prints and never exits. */
#ifndef PARLEY_ERROR_H
#define PARLEY_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum parley_status {
  PARLEY_OK = 0,
  PARLEY_EINVAL = -1,   /* bad argument or option */
  PARLEY_EIO = -2,      /* a file could not be opened, read or written */
  PARLEY_ENOMEM = -3,   /* out of memory */
  PARLEY_EFORMAT = -4,  /* malformed input (JSON, CSV, HTML, dictionary syntax) */
  PARLEY_EUTF8 = -5,    /* invalid UTF-8 */
  PARLEY_EDICT = -6,    /* dictionary content error (unknown code, bad date) */
  PARLEY_ESTORE = -7,   /* database error */
  PARLEY_EBUSY = -8,    /* database is locked by another writer */
  PARLEY_ENOTFOUND = -9 /* unknown actor, code or record */
} parley_status;

typedef struct parley_error {
  int status;         /* PARLEY_OK when no error */
  char file[512];     /* input file the error is about, or "" */
  long line;          /* 1-based line in that file, or 0 */
  long long offset;   /* byte offset in the file or line, or -1 */
  char message[1024]; /* human-readable, no trailing newline */
} parley_error;

/* Resets an error record to "no error". */
void parley_error_clear(parley_error *err);

/* Fills err (if not NULL) and returns status. file may be NULL, line 0. */
int parley_error_set(parley_error *err, int status, const char *file, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Formats err as "FILE:LINE: message" (or "message" without a file) into buf. */
const char *parley_error_format(const parley_error *err, char *buf, size_t size);

/* A short name for a status ("invalid UTF-8", "database is busy", ...). */
const char *parley_status_name(int status);

#ifdef __cplusplus
}
#endif
#endif
