/* backend.h — stage 3 (store), internal: the database backend interface.
 *
 * Everything above this interface (documents to rows, dataset parsers, the
 * JSON Lines loader, event grouping rules) is backend-neutral; a backend
 * only turns the neutral row records below into its own statements.
 * sqlite_backend.c is the SQLite implementation; a PostgreSQL one (libpq)
 * will implement the same table of functions.
 *
 * Null convention of the row records: a NULL or "" string, an integer equal
 * to STORE_NULL and a NaN double are stored as SQL NULL. */
#ifndef PARLEY_STORE_BACKEND_H
#define PARLEY_STORE_BACKEND_H

#include <limits.h>
#include <math.h>

#include "parley/store.h"

#define STORE_NULL LLONG_MIN

typedef struct store_doc_row {
  const char *doc_key, *hash, *date, *source, *url, *title, *lang, *file, *meta_json, *notice;
  const char *text;
  size_t text_len;
  int has_text; /* 0: known only from loaded events (text is "") */
} store_doc_row;

/* One events row. */
/* Where an actor is (GDELT's Actor1Geo_* / Actor2Geo_*). */
typedef struct store_geo {
  long long type; /* 1 country, 2 US state, 3 US city, 4 world city, 5 world state; STORE_NULL if none */
  const char *name, *country /* ISO alpha-3 */, *fips /* as given */, *adm1, *adm2, *feature;
  double lat, lon; /* NAN if none */
} store_geo;

/* Every string field of an events row is copied by the import's parser
 * thread: a new one must be listed in EVENT_STRINGS (import.c). */
typedef struct store_event_row {
  const char *origin, *event_key;
  long long doc_id, sentence, span_start, span_end;
  long long day, day_end; /* YYYYMMDD */
  const char *date_basis;
  long long date_precision;
  const char *source_code, *source_country, *source_name, *source_type;
  const char *target_code, *target_country, *target_name, *target_type;
  const char *event_code, *base_code, *root_code;
  long long quad_class;
  double goldstein;
  long long count;
  const char *trigger, *pattern, *lang, *location, *location_country;
  double lat, lon;
  long long num_mentions, num_sources, num_articles;
  double avg_tone;
  long long fatalities;
  const char *source_url, *extra_json;
  /* schema v5: the rest of a GDELT record (ActionGeo's type and codes,
   * each actor's geography, IsRootEvent, DATEADDED) */
  long long is_root, date_added, location_type;
  const char *location_fips, *location_adm1, *location_adm2, *location_feature;
  store_geo source_geo, target_geo;
} store_event_row;

/* The events columns of schema v5, in table order (both backends insert
 * them after the v2 columns, in this order). */
#define STORE_EVENT_V5_COLS                                                                                            \
  "is_root, date_added, location_type, location_fips, location_adm1, location_adm2, location_feature, "                \
  "source_geo_type, source_geo_name, source_geo_country, source_geo_fips, source_geo_adm1, source_geo_adm2, "          \
  "source_geo_lat, source_geo_lon, source_geo_feature, target_geo_type, target_geo_name, target_geo_country, "         \
  "target_geo_fips, target_geo_adm1, target_geo_adm2, target_geo_lat, target_geo_lon, target_geo_feature"
#define STORE_EVENT_V5_NCOLS 25

/* Sets every field of r to NULL. */
void store_event_row_clear(store_event_row *r);

typedef struct store_claim_row {
  long long event_id, group_id, doc_id, sentence, span_start, span_end;
  const char *actor_code, *actor_country, *actor_name, *stance, *cue;
} store_claim_row;

/* One GDELT 2.0 mentions row. */
typedef struct store_mention_row {
  const char *event_key;
  long long event_time, mention_time, mention_type;
  const char *source_name, *identifier;
  long long sentence_id, actor1_offset, actor2_offset, action_offset, in_raw_text, confidence, doc_len;
  double doc_tone;
  const char *translation_info, *extras;
} store_mention_row;

/* What an event group is keyed and measured by. */
typedef struct store_group_key {
  const char *source_code, *target_code, *source_country, *target_country, *root_code, *event_code;
  long long day;        /* YYYYMMDD, 0 when undated (never merged) */
  int date_precision;   /* only events of the same precision are merged */
  int window_days;      /* day-precision events: max span of a group in days */
  long long doc_id;     /* the reporting document */
  const char *doc_date; /* its date (YYYY-MM-DD) or NULL */
  const char *outlet;   /* its outlet, or NULL: then the document counts as its own outlet */
} store_group_key;

typedef struct store_impl store_impl;

typedef struct store_backend {
  const char *name;
  int (*open)(const char *target, int flags, store_impl **out, parley_error *err);
  void (*close)(store_impl *b);
  void *(*native)(store_impl *b);
  void (*set_busy_timeout)(store_impl *b, int ms);
  int (*schema_version)(store_impl *b, int *version, parley_error *err);
  /* Transactions: begin takes the write lock (PARLEY_EBUSY after the timeout). */
  int (*begin)(store_impl *b, parley_error *err);
  int (*commit)(store_impl *b, parley_error *err);
  void (*rollback)(store_impl *b);
  /* Nested unit inside a transaction (a document): savepoint / release / undo. */
  int (*savepoint)(store_impl *b, parley_error *err);
  int (*release)(store_impl *b, parley_error *err);
  void (*rollback_savepoint)(store_impl *b);
  /* Settings kept in the database (store_meta). buf gets "" when absent. */
  int (*meta_get)(store_impl *b, const char *key, char *buf, size_t size, parley_error *err);

  /* Documents. *id = 0 when no document has that hash. */
  int (*doc_find)(store_impl *b, const char *hash, long long *id, int *has_text, parley_error *err);
  int (*doc_insert)(store_impl *b, const store_doc_row *d, long long *id, parley_error *err);
  /* Completes a document known only from loaded events with its text and metadata. */
  int (*doc_fill)(store_impl *b, long long id, const store_doc_row *d, parley_error *err);
  int (*ref_insert)(store_impl *b, long long doc_id, long long idx, const parley_reference *r, parley_error *err);
  int (*sentence_insert)(store_impl *b, long long doc_id, long long idx, long long start, long long end,
                         const char *lang, parley_error *err);
  int (*actor_note)(store_impl *b, const char *code, const char *country, const char *name, parley_error *err);

  /* Inserts an event; *id = 0 when (origin, event_key) already exists, and
   * then *other_doc is the doc_id of the existing row (0 if none). */
  int (*event_insert)(store_impl *b, const store_event_row *e, long long *id, long long *other_doc, parley_error *err);
  /* Puts event_id into the group the key selects (creating one if none) and
   * updates the group's counts incrementally. */
  int (*event_group)(store_impl *b, long long event_id, const store_group_key *k, long long *group_id,
                     parley_error *err);
  int (*claim_insert)(store_impl *b, const store_claim_row *c, parley_error *err);
  int (*mention_insert)(store_impl *b, const store_mention_row *m, int *inserted, parley_error *err);

  /* Imported files. */
  int (*import_find)(store_impl *b, const char *kind, const char *hash, int *found, char when[32], parley_error *err);
  int (*import_record)(store_impl *b, const char *kind, const char *file, const char *hash,
                       const parley_store_stats *st, parley_error *err);

  /* Bulk loads into an empty events table (optional: NULL when not done).
   * defer_indexes, inside the import's first transaction: when events has no
   * rows, drops its non-unique indexes (and the rollup's) and records how to
   * build them again (so that a crash leaves that to the next read-write
   * open); *deferred = 1 when it did. restore_indexes, inside a transaction:
   * builds them again (nothing when none are deferred). */
  int (*defer_indexes)(store_impl *b, int *deferred, parley_error *err);
  int (*restore_indexes)(store_impl *b, parley_error *err);
  /* Bulk mode (optional), on for a dataset import: until it is turned off,
   * the caller only inserts events rows (never groups, updates or deletes
   * them, no savepoints), so the backend may keep derived data (the dyad_day
   * rollup) in memory until each commit. Turning it off outside a
   * transaction. */
  int (*bulk)(store_impl *b, int on, parley_error *err);
} store_backend;

extern const store_backend store_sqlite_backend;

#endif
