/* parley/store.h — stage 3, store: events into a database, datasets imported.
 *
 * A parley_store is an open event database. The embedded default is SQLite
 * (one file, WAL mode); the interface is backend-neutral so that a
 * PostgreSQL backend can be added behind the same calls. The schema is
 * documented in docs/schema.md and meant to be queried directly as well.
 *
 * Writers: parley_store_add_doc (a coded document), parley_store_load_events_jsonl
 * (the JSON Lines of `parley code`), parley_store_import_gdelt/icews/acled
 * (public datasets). Every write is transactional: a document is stored whole
 * or not at all, even if the process is killed. Storing the same document
 * (same content hash), event (same origin and key) or file twice changes
 * nothing. One writer at a time; readers are never blocked. */
#ifndef PARLEY_STORE_H
#define PARLEY_STORE_H

#include <stddef.h>

#include "parley/code.h"
#include "parley/error.h"
#include "parley/read.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The schema version this library writes (PRAGMA user_version). Older
 * databases are migrated when opened read-write; newer ones are refused. */
#define PARLEY_STORE_SCHEMA_VERSION 5

/* Reports of the same event whose dates lie within this many days of each
 * other form one event group (see docs/schema.md, "Event groups"). */
#define PARLEY_STORE_DEDUP_WINDOW_DAYS 2

/* How long a writer waits for another writer before PARLEY_EBUSY. */
#define PARLEY_STORE_BUSY_TIMEOUT_MS 5000

typedef struct parley_store parley_store;

enum parley_store_flags {
  PARLEY_STORE_READONLY = 0x1,  /* never writes; the database must exist */
  PARLEY_STORE_READWRITE = 0x2, /* creates the database (and migrates it) if needed */
};

/* The database to use: opt when not NULL, else $PARLEY_DB, else "parley.db". */
const char *parley_store_default_path(const char *opt);

/* Opens a database. uri_or_path is a file path, a SQLite "file:" URI, or
 * (later) a "postgresql://" URI. flags: PARLEY_STORE_READONLY or _READWRITE. */
int parley_store_open(const char *uri_or_path, int flags, parley_store **out, parley_error *err);
void parley_store_close(parley_store *s);

/* "sqlite" (or "postgresql" later). */
const char *parley_store_backend(const parley_store *s);

/* The SQLite connection, for the ask stage and for tests; NULL for other
 * backends. Do not close it. */
struct sqlite3;
struct sqlite3 *parley_store_sqlite(parley_store *s);

/* Milliseconds a writer waits for another one (default PARLEY_STORE_BUSY_TIMEOUT_MS). */
void parley_store_set_busy_timeout(parley_store *s, int ms);

/* The schema version of the open database. */
int parley_store_schema_version(parley_store *s, int *version, parley_error *err);

/* Batches: between begin and commit, writes share one transaction (much
 * faster; still atomic per document). Without begin, each call commits on
 * its own. commit of a store with no open batch is a no-op. */
int parley_store_begin(parley_store *s, parley_error *err);
int parley_store_commit(parley_store *s, parley_error *err);
void parley_store_rollback(parley_store *s);

/* Stores one document with its sentences, references, events, claims and
 * event groups. *added (may be NULL) is 1 when stored, 0 when a document with
 * the same content hash was already there (nothing changes then). */
int parley_store_add_doc(parley_store *s, const parley_doc *doc, const parley_events *events, int *added,
                         parley_error *err);

/* --- Loading and importing files ------------------------------------ */

typedef struct parley_store_stats {
  char kind[24];            /* gdelt1, gdelt2, gdelt2-mentions, icews, acled, acled-v6, events-jsonl */
  size_t rows_read;         /* data records read (not counting a header) */
  size_t rows_stored;       /* records stored */
  size_t rows_duplicate;    /* records already in the store (same key) */
  size_t rows_skipped;      /* malformed records, each reported */
  size_t documents_added;   /* load: documents new to the store */
  size_t documents_present; /* load: documents already stored */
  int already_imported;     /* the same file (kind + content hash) was imported before: nothing done */
  char previous_import[32]; /* when it was, "YYYY-MM-DDTHH:MM:SSZ" */
} parley_store_stats;

typedef struct parley_import_progress {
  const char *file;
  size_t rows_read, rows_stored, rows_skipped;
  long long bytes_done, bytes_total; /* bytes_total 0 when unknown (stdin) */
  double seconds;                    /* since the file was opened */
} parley_import_progress;

typedef struct parley_import_options {
  int strict;              /* stop at the first malformed record; nothing of the file is kept */
  int force;               /* import a file again even if already imported (records stay deduplicated) */
  size_t batch_rows;       /* records per transaction (default 20000) */
  const char *encoding;    /* ACLED text: "auto" (default: UTF-8, cp1252 for the v6 layout), "utf-8", "cp1252" */
  const parley_dict *dict; /* optional: ICEWS actor names (people) resolved to codes at the event date */
  /* Called for every malformed record (err has file, line, message). */
  void (*on_row_error)(void *ctx, const parley_error *err);
  void *on_row_error_ctx;
  /* Called about every progress_interval seconds, and once at the end. */
  void (*progress)(void *ctx, const parley_import_progress *p);
  void *progress_ctx;
  double progress_interval; /* default 0.5 */
} parley_import_options;

parley_import_options parley_import_default_options(void);

/* The 61 columns of a GDELT 2.0 event export, in file order (GLOBALEVENTID …
 * SOURCEURL): what the importer reads and `parley events --format gdelt` writes. */
extern const char *const parley_gdelt2_columns[61];

/* GDELT 1.0 daily exports (57 or 58 columns), GDELT 2.0 exports (61) and
 * 2.0 mentions (16), tab-separated, plain or .zip. */
int parley_store_import_gdelt(parley_store *s, const char *path, const parley_import_options *opt,
                              parley_store_stats *st, parley_error *err);
/* ICEWS public event files (.tab, 20 columns with a header), plain or .zip. */
int parley_store_import_icews(parley_store *s, const char *path, const parley_import_options *opt,
                              parley_store_stats *st, parley_error *err);
/* ACLED CSV exports: the current layout (event_id_cnty, …, 31 columns) and
 * the older v6 layout (GWNO, EVENT_ID_CNTY, dd/mm/yyyy, cp1252). */
int parley_store_import_acled(parley_store *s, const char *path, const parley_import_options *opt,
                              parley_store_stats *st, parley_error *err);
/* The JSON Lines records `parley code` prints (path NULL or "-": stdin). */
int parley_store_load_events_jsonl(parley_store *s, const char *path, const parley_import_options *opt,
                                   parley_store_stats *st, parley_error *err);

/* --- Small helpers, also used by tests --------------------------------- */

/* 128-bit non-cryptographic content hash as 32 hex digits (+ NUL). */
void parley_store_hash_hex(const void *data, size_t len, char out[33]);

/* ISO 3166 alpha-3 code for a country name as ICEWS, ACLED or common usage
 * spells it ("Russian Federation", "Ivory Coast"), or NULL. */
const char *parley_country_iso3(const char *name);
/* ISO 3166 alpha-3 code for a FIPS 10-4 code (GDELT geography), or NULL. */
const char *parley_country_from_fips(const char *fips);

#ifdef __cplusplus
}
#endif
#endif
