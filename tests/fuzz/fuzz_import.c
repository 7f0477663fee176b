/* fuzz_import.c — libFuzzer harness: the dataset importers and the events JSON Lines loader of the store.
 *
 * Compiled once per entry point (CMake defines FZ_KIND): 1 GDELT
 * (parley_store_import_gdelt), 2 ICEWS, 3 ACLED, 4 events JSON Lines
 * (parley_store_load_events_jsonl). The input, after one option byte, is
 * the file (read through an in-memory file, so a leading "PK\3\4" takes the
 * .zip path). Each run opens a fresh in-memory SQLite store. The option byte
 * chooses strict mode, the ACLED encoding, a small batch size and (ICEWS)
 * resolving actor names with the real dictionaries. Checks:
 * every malformed record is reported with a message and a line; counts add
 * up; in strict mode a failed file leaves nothing behind; importing the same
 * file again with force changes no row count (records are deduplicated);
 * PRAGMA integrity_check is "ok" at the end. */
#define _GNU_SOURCE
#include "fuzz_util.h"

#include <sqlite3.h>

#include "parley/store.h"

#ifndef FZ_KIND
#define FZ_KIND 1
#endif

static int run(parley_store *s, const char *path, const parley_import_options *o, parley_store_stats *st,
               parley_error *err) {
  memset(st, 0, sizeof *st);
#if FZ_KIND == 1
  return parley_store_import_gdelt(s, path, o, st, err);
#elif FZ_KIND == 2
  return parley_store_import_icews(s, path, o, st, err);
#elif FZ_KIND == 3
  return parley_store_import_acled(s, path, o, st, err);
#else
  return parley_store_load_events_jsonl(s, path, o, st, err);
#endif
}

static long long count(parley_store *s, const char *sql) {
  sqlite3 *db = parley_store_sqlite(s);
  FZ_CHECK(db != NULL);
  sqlite3_stmt *q = NULL;
  FZ_CHECK(sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK);
  FZ_CHECK(sqlite3_step(q) == SQLITE_ROW);
  long long n = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  return n;
}

static void check_integrity(parley_store *s) {
  sqlite3 *db = parley_store_sqlite(s);
  sqlite3_stmt *q = NULL;
  FZ_CHECK(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) == SQLITE_OK);
  FZ_CHECK(sqlite3_step(q) == SQLITE_ROW);
  const char *r = (const char *)sqlite3_column_text(q, 0);
  if (!r || strcmp(r, "ok")) fprintf(stderr, "integrity_check: %s\n", r ? r : "(null)");
  FZ_CHECK(r && !strcmp(r, "ok"));
  sqlite3_finalize(q);
}

static size_t row_errors;

static void on_row_error(void *ctx, const parley_error *e) {
  (void)ctx;
  FZ_CHECK(e != NULL && e->message[0]);
  FZ_CHECK(e->line > 0);
  row_errors++;
}

static const char totals_sql[] =
    "SELECT (SELECT count(*) FROM events) * 1000003 + (SELECT count(*) FROM documents) * 1009 "
    "+ (SELECT count(*) FROM claims)";

#if FZ_KIND == 2
#ifndef PARLEY_DICT_DIR
#define PARLEY_DICT_DIR "dict"
#endif
/* ICEWS: actor names may be resolved with the dictionaries (option byte bit 4). */
static parley_dict *dict;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  parley_error err;
  if (parley_dict_open(PARLEY_DICT_DIR, &dict, &err)) {
    fprintf(stderr, "fuzz_import_icews: %s:%ld: %s\n", err.file, err.line, err.message);
    abort();
  }
  return 0;
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  uint8_t mode = data[0];
  fz_memfile m;
  if (fz_memfile_open(&m, data + 1, size - 1)) return 0;
  parley_store *s = NULL;
  parley_error err;
  parley_error_clear(&err);
  if (parley_store_open(":memory:", PARLEY_STORE_READWRITE, &s, &err) != PARLEY_OK) {
    fprintf(stderr, "fuzz_import: cannot open an in-memory store: %s\n", err.message);
    abort();
  }
  parley_import_options o = parley_import_default_options();
  o.strict = mode & 1;
  o.batch_rows = (mode & 2) ? 2 : 0;
  static const char *enc[4] = {NULL, "auto", "utf-8", "cp1252"};
  if (enc[(mode >> 2) & 3]) o.encoding = enc[(mode >> 2) & 3];
  o.on_row_error = on_row_error;
  o.progress_interval = 1e9;
#if FZ_KIND == 2
  if (mode & 16) o.dict = dict;
#endif
  row_errors = 0;
  parley_store_stats st;
  int rc = run(s, m.path, &o, &st, &err);
  if (rc == PARLEY_OK) {
    FZ_CHECK(st.rows_stored + st.rows_duplicate + st.rows_skipped <= st.rows_read + st.documents_added + 1);
    FZ_CHECK(row_errors == st.rows_skipped);
    long long before = count(s, totals_sql);
    /* Again, forced: deduplication must keep every count as it was. */
    o.force = 1;
    o.strict = 0;
    parley_store_stats st2;
    parley_error err2;
    row_errors = 0;
    int rc2 = run(s, m.path, &o, &st2, &err2);
    FZ_CHECK(rc2 == PARLEY_OK);
    long long after = count(s, totals_sql);
    if (before != after) fprintf(stderr, "re-import changed the store: %lld -> %lld\n", before, after);
    FZ_CHECK(before == after);
  } else {
    FZ_CHECK(err.message[0]);
    if (o.strict && rc != PARLEY_ENOMEM) {
      FZ_CHECK(count(s, "SELECT count(*) FROM events") == 0);
      FZ_CHECK(count(s, "SELECT count(*) FROM documents") == 0);
      FZ_CHECK(count(s, "SELECT count(*) FROM imports") == 0);
    }
  }
  check_integrity(s);
  parley_store_close(s);
  fz_memfile_close(&m);
  return 0;
}
