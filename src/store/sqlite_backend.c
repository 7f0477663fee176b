/* sqlite_backend.c — stage 3 (store): the SQLite implementation of backend.h.
 *
 * One database file in WAL mode: readers never block the writer nor each
 * other; one writer at a time, the others wait busy_timeout ms and then get
 * PARLEY_EBUSY ("database is busy"). synchronous=NORMAL: in WAL mode a
 * committed transaction survives the process being killed (only a power loss
 * may lose the last ones). Writes go through prepared statements, prepared
 * once per connection. On a read-write open the schema is created (from the
 * embedded schema.sql) or migrated to PARLEY_STORE_SCHEMA_VERSION, inside one
 * IMMEDIATE transaction so that concurrent first opens are safe. */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store_internal.h"

enum {
  ST_DOC_FIND,
  ST_DOC_INSERT,
  ST_DOC_FILL,
  ST_REF_INSERT,
  ST_SENT_INSERT,
  ST_ACTOR,
  ST_EVENT_INSERT,
  ST_EVENT_DOC,
  ST_GROUP_FIND,
  ST_GROUP_INSERT,
  ST_EVENT_SET_GROUP,
  ST_GROUP_REFRESH,
  ST_GROUP_HAS_DOC,
  ST_GROUP_SOURCE,
  ST_CLAIM_INSERT,
  ST_MENTION_INSERT,
  ST_IMPORT_FIND,
  ST_IMPORT_RECORD,
  ST_META_GET,
  ST_SAVEPOINT,
  ST_RELEASE,
  ST_ROLLBACK_TO,
  ST_BEGIN,
  ST_COMMIT,
  ST_ROLLUP_CELL,
  ST_ROLLUP,
  ST__COUNT
};

static const char *const SQL[ST__COUNT] = {
    [ST_DOC_FIND] = "SELECT id, has_text FROM documents WHERE hash = ?1",
    [ST_DOC_INSERT] = "INSERT INTO documents (doc_key, hash, date, source, url, title, lang, file, meta_json, "
                      "notice, text, has_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [ST_DOC_FILL] = "UPDATE documents SET doc_key = ?2, date = coalesce(?3, date), source = coalesce(?4, source), "
                    "url = coalesce(?5, url), title = coalesce(?6, title), lang = coalesce(?7, lang), "
                    "file = ?8, meta_json = ?9, notice = ?10, text = ?11, has_text = 1 WHERE id = ?1",
    [ST_REF_INSERT] = "INSERT OR IGNORE INTO doc_references (doc_id, idx, outlet, date, headline, span_start, "
                      "span_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_SENT_INSERT] = "INSERT OR IGNORE INTO sentences (doc_id, idx, span_start, span_end, lang) "
                       "VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_ACTOR] = "INSERT INTO actors (code, country, name) VALUES (?1, ?2, ?3) ON CONFLICT (code) DO UPDATE SET "
                 "country = coalesce(actors.country, excluded.country), name = coalesce(actors.name, excluded.name) "
                 "WHERE actors.country IS NULL AND excluded.country IS NOT NULL "
                 "OR actors.name IS NULL AND excluded.name IS NOT NULL",
    [ST_EVENT_INSERT] =
        "INSERT INTO events (origin, event_key, doc_id, sentence, span_start, span_end, day, day_end, date_basis, "
        "date_precision, source_code, source_country, source_name, target_code, target_country, target_name, "
        "event_code, root_code, quad_class, goldstein, count, trigger, pattern, lang, location, location_country, "
        "lat, lon, num_mentions, num_sources, num_articles, avg_tone, fatalities, source_url, extra_json, "
        "base_code, source_type, target_type, " STORE_EVENT_V5_COLS
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
        "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, "
        "?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44, ?45, ?46, ?47, ?48, ?49, ?50, ?51, ?52, ?53, ?54, ?55, "
        "?56, ?57, ?58, ?59, ?60, ?61, ?62, ?63) ON CONFLICT DO NOTHING",
    [ST_EVENT_DOC] = "SELECT coalesce(doc_id, 0) FROM events WHERE origin = ?1 AND event_key = ?2",
    [ST_GROUP_FIND] = "SELECT id, day_first, day_last FROM event_groups WHERE source_code IS ?1 AND target_code IS ?2 "
                      "AND root_code = ?3 AND date_precision IS ?4 AND day_first BETWEEN ?5 AND ?6",
    [ST_GROUP_INSERT] = "INSERT INTO event_groups (source_code, target_code, source_country, target_country, "
                        "root_code, event_code, day_first, day_last, num_mentions, num_sources, num_articles, "
                        "first_report, last_report, date_precision) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, 0, 0, 0, ?8, ?8, ?9)",
    [ST_EVENT_SET_GROUP] = "UPDATE events SET group_id = ?1 WHERE id = ?2",
    /* ?2 new article (0/1), ?3 new outlet (0/1), ?4 day, ?5 document date, ?6 code, ?7 its specificity */
    [ST_GROUP_REFRESH] =
        "UPDATE event_groups SET num_mentions = num_mentions + 1, num_articles = num_articles + ?2, "
        "num_sources = num_sources + ?3, day_first = min(day_first, ?4), day_last = max(day_last, ?4), "
        "first_report = CASE WHEN ?5 IS NOT NULL AND (first_report IS NULL OR ?5 < first_report) THEN ?5 "
        "  ELSE first_report END, "
        "last_report = CASE WHEN ?5 IS NOT NULL AND (last_report IS NULL OR ?5 > last_report) THEN ?5 "
        "  ELSE last_report END, "
        "event_code = CASE WHEN ?7 > length(event_code) * 2 + NOT (length(event_code) = 3 AND "
        "  substr(event_code, 3, 1) = '0') THEN ?6 ELSE event_code END, "
        "source_country = coalesce(source_country, ?8), target_country = coalesce(target_country, ?9) "
        "WHERE id = ?1",
    /* "+group_id": look among the document's few events (events_doc), not the group's many */
    [ST_GROUP_HAS_DOC] = "SELECT 1 FROM events WHERE doc_id = ?1 AND +group_id = ?2 LIMIT 1",
    [ST_GROUP_SOURCE] = "INSERT OR IGNORE INTO event_group_sources (group_id, outlet) VALUES (?1, ?2)",
    [ST_CLAIM_INSERT] = "INSERT INTO claims (event_id, group_id, actor_code, actor_country, actor_name, stance, "
                        "doc_id, sentence, span_start, span_end, cue) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [ST_MENTION_INSERT] =
        "INSERT INTO gdelt_mentions (event_key, event_time, mention_time, mention_type, source_name, identifier, "
        "sentence_id, actor1_offset, actor2_offset, action_offset, in_raw_text, confidence, doc_len, doc_tone, "
        "translation_info, extras) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
        "ON CONFLICT DO NOTHING",
    [ST_IMPORT_FIND] = "SELECT finished_at FROM imports WHERE kind = ?1 AND hash = ?2",
    [ST_IMPORT_RECORD] = "INSERT INTO imports (kind, file, hash, rows_read, rows_stored, rows_skipped) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (kind, hash) DO UPDATE SET "
                         "file = excluded.file, rows_read = excluded.rows_read, rows_stored = excluded.rows_stored, "
                         "rows_skipped = excluded.rows_skipped, "
                         "finished_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')",
    [ST_META_GET] = "SELECT value FROM store_meta WHERE key = ?1",
    [ST_SAVEPOINT] = "SAVEPOINT parley_doc",
    [ST_RELEASE] = "RELEASE parley_doc",
    [ST_ROLLBACK_TO] = "ROLLBACK TO parley_doc",
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    /* The dyad_day rollup of a transaction's events rows (ids >= ?1; see
     * sq_open): one aggregated upsert, in key order, just before COMMIT. */
    /* one cell of the rollup kept in memory during a bulk load (sq_bulk) */
    [ST_ROLLUP_CELL] = "INSERT INTO dyad_day (source_country, target_country, day, root_code, quad_class, events, "
                       "goldstein_sum, goldstein_n) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                       "ON CONFLICT (source_country, target_country, day, root_code, quad_class) DO UPDATE SET "
                       "events = events + excluded.events, goldstein_sum = goldstein_sum + excluded.goldstein_sum, "
                       "goldstein_n = goldstein_n + excluded.goldstein_n",
    [ST_ROLLUP] = "INSERT INTO dyad_day (source_country, target_country, day, root_code, quad_class, events, "
                  "goldstein_sum, goldstein_n) "
                  "SELECT source_country, target_country, day, root_code, coalesce(quad_class, 0), count(*), "
                  "coalesce(sum(goldstein), 0), count(goldstein) FROM events NOT INDEXED WHERE id >= ?1 "
                  "AND group_id IS NULL AND source_country IS NOT NULL AND target_country IS NOT NULL "
                  "GROUP BY source_country, target_country, day, root_code, coalesce(quad_class, 0) "
                  "ON CONFLICT (source_country, target_country, day, root_code, quad_class) DO UPDATE SET "
                  "events = events + excluded.events, goldstein_sum = goldstein_sum + excluded.goldstein_sum, "
                  "goldstein_n = goldstein_n + excluded.goldstein_n",
};

/* Migrations: MIGRATIONS[v] turns a version v database into version v + 1;
 * the embedded schema.sql (all IF NOT EXISTS) then adds new tables, indexes
 * and views. */
static const char *const MIGRATIONS[PARLEY_STORE_SCHEMA_VERSION] = {
    [1] = "ALTER TABLE documents ADD COLUMN has_text INTEGER NOT NULL DEFAULT 1;\n"
          "ALTER TABLE events ADD COLUMN base_code TEXT;\n"
          "ALTER TABLE events ADD COLUMN source_type TEXT;\n"
          "ALTER TABLE events ADD COLUMN target_type TEXT;\n"
          "ALTER TABLE event_groups ADD COLUMN date_precision INTEGER;\n",
    /* a prefix of events_ask_dyad_code: every query it served uses that one */
    [2] = "DROP INDEX IF EXISTS events_dyad_code;\n",
    /* made partial by schema.sql (imported records have no document, no group) */
    [3] = "DROP INDEX IF EXISTS events_doc;\nDROP INDEX IF EXISTS events_group;\n",
    /* the GDELT columns; their values are moved out of extra_json next
     * (store_v5_move_sql, migrate.c) */
    [4] = "ALTER TABLE events ADD COLUMN is_root INTEGER;\n"
          "ALTER TABLE events ADD COLUMN date_added INTEGER;\n"
          "ALTER TABLE events ADD COLUMN location_type INTEGER;\n"
          "ALTER TABLE events ADD COLUMN location_fips TEXT;\n"
          "ALTER TABLE events ADD COLUMN location_adm1 TEXT;\n"
          "ALTER TABLE events ADD COLUMN location_adm2 TEXT;\n"
          "ALTER TABLE events ADD COLUMN location_feature TEXT;\n"
          "ALTER TABLE events ADD COLUMN source_geo_type INTEGER;\n"
          "ALTER TABLE events ADD COLUMN source_geo_name TEXT;\n"
          "ALTER TABLE events ADD COLUMN source_geo_country TEXT;\n"
          "ALTER TABLE events ADD COLUMN source_geo_fips TEXT;\n"
          "ALTER TABLE events ADD COLUMN source_geo_adm1 TEXT;\n"
          "ALTER TABLE events ADD COLUMN source_geo_adm2 TEXT;\n"
          "ALTER TABLE events ADD COLUMN source_geo_lat REAL;\n"
          "ALTER TABLE events ADD COLUMN source_geo_lon REAL;\n"
          "ALTER TABLE events ADD COLUMN source_geo_feature TEXT;\n"
          "ALTER TABLE events ADD COLUMN target_geo_type INTEGER;\n"
          "ALTER TABLE events ADD COLUMN target_geo_name TEXT;\n"
          "ALTER TABLE events ADD COLUMN target_geo_country TEXT;\n"
          "ALTER TABLE events ADD COLUMN target_geo_fips TEXT;\n"
          "ALTER TABLE events ADD COLUMN target_geo_adm1 TEXT;\n"
          "ALTER TABLE events ADD COLUMN target_geo_adm2 TEXT;\n"
          "ALTER TABLE events ADD COLUMN target_geo_lat REAL;\n"
          "ALTER TABLE events ADD COLUMN target_geo_lon REAL;\n"
          "ALTER TABLE events ADD COLUMN target_geo_feature TEXT;\n",
};

/* A cell of dyad_day summed in memory during a bulk load. */
typedef struct rollup_cell {
  char source[8], target[8], root[8]; /* "" marks a free slot */
  long long day, quad, events, goldstein_n;
  double goldstein_sum;
} rollup_cell;

struct store_impl {
  sqlite3 *db;
  char path[512];
  int busy_ms;
  int readonly;
  int writer_fd;         /* flock held from the first transaction to close: one writer per database */
  int rollup;            /* dyad_day is kept by ST_ROLLUP, this connection's triggers are off */
  long long rollup_from; /* the open transaction's first events id, 0 when it stored none */
  int bulk;              /* sq_bulk: rows are only inserted; their rollup is summed in cells */
  rollup_cell *cells;    /* open addressing, cap a power of 2 */
  size_t n_cells, cap_cells;
  sqlite3_stmt *st[ST__COUNT];
};

/* A write that failed for want of room: SQLite says only "disk I/O error" when
 * write() fails with EFBIG (the file size limit, RLIMIT_FSIZE) and at times
 * when it fails with ENOSPC. sqlite3_system_errno() is often 0 after a failed
 * COMMIT, so errno as SQLite left it (the failed write's) is asked too, and
 * only for a failed write. NULL for other errors. */
static const char *no_room(store_impl *b, int rc) {
  int e = errno;
  if (!b->db || ((rc & 0xff) != SQLITE_IOERR && (rc & 0xff) != SQLITE_FULL)) return NULL;
  int ext = sqlite3_extended_errcode(b->db);
  if (sqlite3_system_errno(b->db))
    e = sqlite3_system_errno(b->db);
  else if (ext != SQLITE_IOERR_WRITE && ext != SQLITE_IOERR_FSYNC && ext != SQLITE_IOERR_TRUNCATE &&
           ext != SQLITE_IOERR_SHMSIZE)
    e = 0;
  if (e == EFBIG) return "the file size limit is reached, the database cannot grow (File too large)";
  if (e == ENOSPC || (rc & 0xff) == SQLITE_FULL) return "database or disk is full";
  return NULL;
}

static int db_error(store_impl *b, int rc, const char *what, parley_error *err) {
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    return parley_error_set(err, PARLEY_EBUSY, b->path, 0,
                            "database is busy: another process is writing to it (waited %.1f s)", b->busy_ms / 1000.0);
  const char *room = no_room(b, rc);
  return parley_error_set(err, PARLEY_ESTORE, b->path, 0, "%s: %s", what, room ? room : sqlite3_errmsg(b->db));
}

static sqlite3_stmt *stmt(store_impl *b, int which, parley_error *err) {
  if (!b->st[which]) {
    int rc = sqlite3_prepare_v3(b->db, SQL[which], -1, SQLITE_PREPARE_PERSISTENT, &b->st[which], NULL);
    if (rc != SQLITE_OK) {
      db_error(b, rc, "preparing a statement", err);
      return NULL;
    }
  } else {
    sqlite3_reset(b->st[which]);
    sqlite3_clear_bindings(b->st[which]);
  }
  return b->st[which];
}

/* Runs a prepared statement that returns no rows. */
static int run(store_impl *b, sqlite3_stmt *s, const char *what, parley_error *err) {
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return db_error(b, rc, what, err);
  return PARLEY_OK;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v) {
  if (v && *v)
    sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(s, i);
}

static void bind_int(sqlite3_stmt *s, int i, long long v) {
  if (v != STORE_NULL)
    sqlite3_bind_int64(s, i, v);
  else
    sqlite3_bind_null(s, i);
}

static void bind_real(sqlite3_stmt *s, int i, double v) {
  if (!isnan(v))
    sqlite3_bind_double(s, i, v);
  else
    sqlite3_bind_null(s, i);
}

/* The nine columns of an actor's geography (schema v5), from i on. */
static void bind_geo(sqlite3_stmt *s, int i, const store_geo *g) {
  bind_int(s, i, g->type);
  bind_text(s, i + 1, g->name);
  bind_text(s, i + 2, g->country);
  bind_text(s, i + 3, g->fips);
  bind_text(s, i + 4, g->adm1);
  bind_text(s, i + 5, g->adm2);
  bind_real(s, i + 6, g->lat);
  bind_real(s, i + 7, g->lon);
  bind_text(s, i + 8, g->feature);
}

static int exec(store_impl *b, const char *sql, const char *what, parley_error *err) {
  char *msg = NULL;
  int rc = sqlite3_exec(b->db, sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK) {
    int r;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED || no_room(b, rc))
      r = db_error(b, rc, what, err);
    else
      r = parley_error_set(err, PARLEY_ESTORE, b->path, 0, "%s: %s", what, msg ? msg : sqlite3_errstr(rc));
    sqlite3_free(msg);
    return r;
  }
  return PARLEY_OK;
}

static int user_version(store_impl *b, int *v, parley_error *err) {
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(b->db, "PRAGMA user_version", -1, &s, NULL);
  if (rc != SQLITE_OK) return db_error(b, rc, "reading the schema version", err);
  rc = sqlite3_step(s);
  *v = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
  sqlite3_finalize(s);
  if (rc != SQLITE_ROW) return db_error(b, rc, "reading the schema version", err);
  return PARLEY_OK;
}

static int count_tables(store_impl *b, int *n, parley_error *err) {
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(b->db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'", -1, &s, NULL);
  if (rc != SQLITE_OK) return db_error(b, rc, "reading the schema", err);
  rc = sqlite3_step(s);
  *n = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
  sqlite3_finalize(s);
  if (rc != SQLITE_ROW) return db_error(b, rc, "reading the schema", err);
  return PARLEY_OK;
}

/* Creates or migrates the schema (read-write opens). */
static int setup_schema(store_impl *b, parley_error *err) {
  int v = 0, rc;
  if ((rc = user_version(b, &v, err))) return rc;
  if (v == PARLEY_STORE_SCHEMA_VERSION) return PARLEY_OK;
  if (v > PARLEY_STORE_SCHEMA_VERSION)
    return parley_error_set(err, PARLEY_ESTORE, b->path, 0,
                            "database schema version %d is newer than this parley's (%d): upgrade parley", v,
                            PARLEY_STORE_SCHEMA_VERSION);
  if ((rc = exec(b, "BEGIN IMMEDIATE", "creating the schema", err))) return rc;
  /* Again inside the write lock: another process may have done it meanwhile. */
  if ((rc = user_version(b, &v, err))) goto fail;
  if (v == 0) {
    int n = 0;
    if ((rc = count_tables(b, &n, err))) goto fail;
    if (n > 0) {
      rc = parley_error_set(err, PARLEY_ESTORE, b->path, 0,
                            "not a parley database (it has tables but no schema version)");
      goto fail;
    }
    if ((rc = exec(b, store_schema_sql, "creating the schema", err))) goto fail;
  } else if (v < PARLEY_STORE_SCHEMA_VERSION) {
    for (int k = v; k < PARLEY_STORE_SCHEMA_VERSION; k++) {
      char what[64];
      snprintf(what, sizeof what, "migrating the schema from version %d to %d", k, k + 1);
      if ((rc = exec(b, MIGRATIONS[k], what, err))) goto fail;
      if (k == 4) {
        sbuf move = {0};
        rc = store_v5_move_sql(0, &move) ? parley_error_set(err, PARLEY_ENOMEM, b->path, 0, "out of memory")
                                         : exec(b, move.s, what, err);
        sbuf_free(&move);
        if (rc) goto fail;
      }
    }
    if ((rc = exec(b, store_schema_sql, "migrating the schema", err))) goto fail;
  }
  if (v != PARLEY_STORE_SCHEMA_VERSION) {
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", PARLEY_STORE_SCHEMA_VERSION);
    if ((rc = exec(b, sql, "setting the schema version", err))) goto fail;
  }
  return exec(b, "COMMIT", "creating the schema", err);
fail:
  sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
  return rc;
}

static void sq_close(store_impl *b) {
  if (!b) return;
  free(b->cells);
  for (int i = 0; i < ST__COUNT; i++)
    sqlite3_finalize(b->st[i]);
  if (b->db) sqlite3_close_v2(b->db);
  if (b->writer_fd > 0) close(b->writer_fd); /* releases the writer's flock */
  free(b);
}

/* One writer per database for the whole command, not only per transaction:
 * SQLite releases its write lock at every batch commit, and a second writer
 * could slip in between two batches of a long import. An flock(2) on the
 * database file (independent of SQLite's fcntl locks) is taken at the first
 * transaction, waited for up to busy_ms, and held until close; it goes away
 * with the process, so a killed writer leaves none behind. */
static int writer_lock(store_impl *b, parley_error *err) {
  if (b->writer_fd > 0 || !strncmp(b->path, "file:", 5) || !strcmp(b->path, ":memory:") || !b->path[0]) return 0;
  int fd = open(b->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0; /* not a plain file: SQLite's own locking applies */
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (;;) {
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
      b->writer_fd = fd;
      return 0;
    }
    if (errno != EWOULDBLOCK && errno != EINTR) {
      close(fd);
      return 0;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1000.0 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    if (ms >= b->busy_ms) break;
    struct timespec nap = {0, 10 * 1000 * 1000};
    nanosleep(&nap, NULL);
  }
  close(fd);
  return parley_error_set(err, PARLEY_EBUSY, b->path, 0,
                          "database is busy: another process is writing to it (waited %.1f s)", b->busy_ms / 1000.0);
}

static int sq_restore_indexes(store_impl *b, parley_error *err);

/* A bulk load was killed before it built its deferred indexes (see
 * sq_defer_indexes): build them now, unless another writer is at work (it
 * may be that very load, which builds them at its end). Not an error when
 * that fails (a full disk): the rows are right without them, and the next
 * read-write open tries again. */
static void finish_deferred(store_impl *b) {
  sqlite3_stmt *q = NULL;
  int pending = 0;
  if (sqlite3_prepare_v2(b->db, "SELECT 1 FROM store_meta WHERE key = 'indexes_deferred'", -1, &q, NULL) == SQLITE_OK)
    pending = sqlite3_step(q) == SQLITE_ROW;
  sqlite3_finalize(q);
  if (!pending) return;
  int busy_ms = b->busy_ms;
  b->busy_ms = 0;
  parley_error e;
  int rc = writer_lock(b, &e);
  b->busy_ms = busy_ms;
  if (rc || exec(b, "BEGIN IMMEDIATE", "building the indexes", &e)) return;
  if (sq_restore_indexes(b, &e) || exec(b, "COMMIT", "building the indexes", &e))
    sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
}

static int sq_open(const char *target, int flags, store_impl **out, parley_error *err) {
  *out = NULL;
  store_impl *b = calloc(1, sizeof *b);
  if (!b) return parley_error_set(err, PARLEY_ENOMEM, target, 0, "out of memory");
  snprintf(b->path, sizeof b->path, "%s", target);
  b->busy_ms = PARLEY_STORE_BUSY_TIMEOUT_MS;
  b->readonly = !(flags & PARLEY_STORE_READWRITE);
  int is_uri = !strncmp(target, "file:", 5);
  if (b->readonly && !is_uri) {
    struct stat sb;
    if (stat(target, &sb) != 0) {
      int e = errno;
      sq_close(b);
      return parley_error_set(err, PARLEY_EIO, target, 0, "no database here: %s", strerror(e));
    }
  }
  int oflags = (b->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
               (is_uri ? SQLITE_OPEN_URI : 0) | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(target, &b->db, oflags, NULL);
  if (rc != SQLITE_OK) {
    int r = parley_error_set(err, PARLEY_ESTORE, target, 0, "cannot open the database: %s",
                             b->db ? sqlite3_errmsg(b->db) : sqlite3_errstr(rc));
    sq_close(b);
    return r;
  }
  sqlite3_extended_result_codes(b->db, 0);
  sqlite3_busy_timeout(b->db, b->busy_ms);
  if ((rc = exec(b, "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY",
                 "setting up the connection", err)))
    goto fail;
  if (!b->readonly) {
    /* A new database gets 16 KiB pages (SQLite's default is 4 KiB): events
     * rows are large (~700 bytes with extra_json) and stores are mostly
     * scanned in ranges; a bulk import is ~10% faster. It has to be said
     * before WAL mode, and does nothing to an existing database. */
    if ((rc = exec(b, "PRAGMA page_size = 16384", "setting up the writer", err))) goto fail;
    /* WAL is persistent: set once by the first writer, readers then use it too. */
    if ((rc = exec(b, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", "switching to WAL mode", err)))
      goto fail;
    /* A writer loads in bulk: a larger page cache keeps the indexes' hot pages
     * in memory, and checkpointing every 64 MiB of WAL instead of every 1000
     * pages writes each index page once per checkpoint rather than many
     * times. (Every 1 GiB was tried: faster for 300k GDELT rows, but slower
     * from 1M rows on, a large WAL costing more than the checkpoints saved.)
     * A WAL grown past 64 MiB (a long transaction) is cut back after each
     * checkpoint. */
    if ((rc = exec(b, "PRAGMA cache_size = -262144; PRAGMA journal_size_limit = 67108864", "setting up the writer",
                   err)))
      goto fail;
    {
      sqlite3_stmt *q = NULL;
      int page = 4096;
      if (sqlite3_prepare_v2(b->db, "PRAGMA page_size", -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        page = sqlite3_column_int(q, 0);
      sqlite3_finalize(q);
      sqlite3_wal_autocheckpoint(b->db, (64 << 20) / (page > 0 ? page : 4096));
    }
    if ((rc = setup_schema(b, err))) goto fail;
    /* The dyad_day rollup (schema.sql, ask section) without its per-row
     * triggers, which cost ~5 us per row even when their WHEN is false: this
     * connection runs no triggers, and each transaction's new events rows are
     * added at commit with one aggregated upsert (ST_ROLLUP). That is exact
     * because this connection changes events rows in only two ways: inserts
     * (ids max(id) + 1, so the transaction's rows are ids >= its first), and
     * setting the group of a row inserted in the same transaction (the rollup
     * reads rows as they are at commit). Other connections (the sqlite3
     * shell) keep the triggers. Without the insert trigger (dropped, as for a
     * scale-out copy) dyad_day is left alone, as the triggers would. */
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(b->db,
                           "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'events_dyad_day_insert' "
                           "AND EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'dyad_day')",
                           -1, &q, NULL) == SQLITE_OK)
      b->rollup = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_finalize(q);
    if (b->rollup && sqlite3_db_config(b->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL) != SQLITE_OK) {
      rc = db_error(b, SQLITE_ERROR, "setting up the writer", err);
      goto fail;
    }
    finish_deferred(b);
  } else {
    int v = 0;
    if ((rc = user_version(b, &v, err))) goto fail;
    if (v == 0) {
      rc = parley_error_set(err, PARLEY_ESTORE, target, 0, "not a parley database (no schema version)");
      goto fail;
    }
    if (v != PARLEY_STORE_SCHEMA_VERSION) {
      rc = parley_error_set(err, PARLEY_ESTORE, target, 0,
                            v < PARLEY_STORE_SCHEMA_VERSION
                                ? "database schema version %d is older than this parley's (%d): open it read-write "
                                  "once (any 'parley add', 'load' or 'import') to migrate it"
                                : "database schema version %d is newer than this parley's (%d): upgrade parley",
                            v, PARLEY_STORE_SCHEMA_VERSION);
      goto fail;
    }
  }
  *out = b;
  return PARLEY_OK;
fail:
  sq_close(b);
  return rc;
}

static void *sq_native(store_impl *b) { return b->db; }

static void sq_set_busy_timeout(store_impl *b, int ms) {
  b->busy_ms = ms < 0 ? 0 : ms;
  sqlite3_busy_timeout(b->db, b->busy_ms);
}

static int sq_schema_version(store_impl *b, int *version, parley_error *err) { return user_version(b, version, err); }

static int simple(store_impl *b, int which, const char *what, parley_error *err) {
  sqlite3_stmt *s = stmt(b, which, err);
  if (!s) return err ? err->status : PARLEY_ESTORE;
  return run(b, s, what, err);
}

/* --- the rollup of a bulk load, in memory -----------------------------------
 * During a bulk load (sq_bulk) the events rows of a transaction are summed
 * into cells as they are inserted, and the cells are upserted into dyad_day,
 * in key order, just before COMMIT: the same sums as ST_ROLLUP's GROUP BY
 * (in the same order: rows as inserted), without reading the rows back and
 * sorting them. A key longer than a cell holds is upserted on its own. */
enum { ROLLUP_MAX_CELLS = 1 << 20 }; /* flushed early past this: memory stays bounded */

static uint64_t cell_hash(const char *src, const char *tgt, const char *root, long long day, long long quad) {
  uint64_t h = 1469598103934665603ULL;
  for (const char *p = src; *p; p++)
    h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  h = (h ^ 0xff) * 1099511628211ULL;
  for (const char *p = tgt; *p; p++)
    h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  h = (h ^ 0xff) * 1099511628211ULL;
  for (const char *p = root; *p; p++)
    h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  h = (h ^ (uint64_t)day) * 1099511628211ULL;
  h = (h ^ (uint64_t)quad) * 1099511628211ULL;
  return h ^ (h >> 29);
}

static int cell_cmp(const void *x, const void *y) {
  const rollup_cell *a = x, *b = y;
  int c = strcmp(a->source, b->source);
  if (!c) c = strcmp(a->target, b->target);
  if (!c) c = (a->day > b->day) - (a->day < b->day);
  if (!c) c = strcmp(a->root, b->root);
  if (!c) c = (a->quad > b->quad) - (a->quad < b->quad);
  return c;
}

static int cell_upsert(store_impl *b, const char *src, const char *tgt, long long day, const char *root, long long quad,
                       long long events, double gsum, long long gn, parley_error *err) {
  sqlite3_stmt *s = stmt(b, ST_ROLLUP_CELL, err);
  if (!s) return err->status;
  sqlite3_bind_text(s, 1, src, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, tgt, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 3, day);
  sqlite3_bind_text(s, 4, root, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 5, quad);
  sqlite3_bind_int64(s, 6, events);
  sqlite3_bind_double(s, 7, gsum);
  sqlite3_bind_int64(s, 8, gn);
  return run(b, s, "updating the dyad_day rollup", err);
}

/* Upserts the cells, sorted by key (compacted to the front of the table),
 * and empties the table. */
static int cells_flush(store_impl *b, parley_error *err) {
  if (!b->n_cells) return PARLEY_OK;
  size_t n = 0;
  for (size_t i = 0; i < b->cap_cells; i++)
    if (b->cells[i].source[0]) b->cells[n++] = b->cells[i];
  qsort(b->cells, n, sizeof *b->cells, cell_cmp);
  int rc = PARLEY_OK;
  for (size_t i = 0; i < n && rc == PARLEY_OK; i++) {
    const rollup_cell *c = &b->cells[i];
    rc = cell_upsert(b, c->source, c->target, c->day, c->root, c->quad, c->events, c->goldstein_sum, c->goldstein_n,
                     err);
  }
  memset(b->cells, 0, b->cap_cells * sizeof *b->cells);
  b->n_cells = 0;
  return rc;
}

static void cells_clear(store_impl *b) {
  if (b->n_cells) memset(b->cells, 0, b->cap_cells * sizeof *b->cells);
  b->n_cells = 0;
}

static int cells_add(store_impl *b, const store_event_row *e, parley_error *err) {
  const char *src = e->source_country, *tgt = e->target_country, *root = e->root_code ? e->root_code : "";
  if (!src || !*src || !tgt || !*tgt) return PARLEY_OK; /* stored as NULL: not in the rollup */
  long long day = e->day == STORE_NULL ? 0 : e->day, quad = e->quad_class == STORE_NULL ? 0 : e->quad_class;
  int has_g = !isnan(e->goldstein);
  double g = has_g ? e->goldstein : 0;
  if (strlen(src) >= sizeof b->cells->source || strlen(tgt) >= sizeof b->cells->target ||
      strlen(root) >= sizeof b->cells->root)
    return cell_upsert(b, src, tgt, day, root, quad, 1, g, has_g, err);
  if (b->n_cells * 2 >= b->cap_cells) {
    if (b->n_cells >= ROLLUP_MAX_CELLS) {
      int rc = cells_flush(b, err);
      if (rc) return rc;
    } else {
      size_t cap = b->cap_cells ? b->cap_cells * 2 : 4096;
      rollup_cell *t = calloc(cap, sizeof *t);
      if (!t) return parley_error_set(err, PARLEY_ENOMEM, b->path, 0, "out of memory");
      for (size_t i = 0; i < b->cap_cells; i++) {
        const rollup_cell *c = &b->cells[i];
        if (!c->source[0]) continue;
        size_t j = cell_hash(c->source, c->target, c->root, c->day, c->quad) & (cap - 1);
        while (t[j].source[0])
          j = (j + 1) & (cap - 1);
        t[j] = *c;
      }
      free(b->cells);
      b->cells = t;
      b->cap_cells = cap;
    }
  }
  size_t j = cell_hash(src, tgt, root, day, quad) & (b->cap_cells - 1);
  rollup_cell *c;
  for (;; j = (j + 1) & (b->cap_cells - 1)) {
    c = &b->cells[j];
    if (!c->source[0]) {
      strcpy(c->source, src);
      strcpy(c->target, tgt);
      strcpy(c->root, root);
      c->day = day;
      c->quad = quad;
      b->n_cells++;
      break;
    }
    if (c->day == day && c->quad == quad && !strcmp(c->source, src) && !strcmp(c->target, tgt) &&
        !strcmp(c->root, root))
      break;
  }
  c->events++;
  if (has_g) c->goldstein_sum += g, c->goldstein_n++;
  return PARLEY_OK;
}

static int sq_bulk(store_impl *b, int on, parley_error *err) {
  int rc = on || !b->bulk ? PARLEY_OK : cells_flush(b, err); /* normally empty: flushed at commit */
  b->bulk = on;
  if (!on) {
    free(b->cells);
    b->cells = NULL;
    b->cap_cells = b->n_cells = 0;
  }
  return rc;
}

static int sq_begin(store_impl *b, parley_error *err) {
  if (b->readonly) return parley_error_set(err, PARLEY_EINVAL, b->path, 0, "the database is open read-only");
  int rc = writer_lock(b, err);
  if (rc) return rc;
  return simple(b, ST_BEGIN, "starting a transaction", err);
}
static int sq_commit(store_impl *b, parley_error *err) {
  if (b->n_cells) {
    int rc = cells_flush(b, err);
    if (rc) { /* as a failed COMMIT: nothing of the transaction stays */
      sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
      b->rollup_from = 0;
      return rc;
    }
  }
  if (b->rollup_from > 0) {
    sqlite3_stmt *s = stmt(b, ST_ROLLUP, err);
    if (!s) return err->status;
    sqlite3_bind_int64(s, 1, b->rollup_from);
    int rc = run(b, s, "updating the dyad_day rollup", err);
    b->rollup_from = 0;
    if (rc) { /* as a failed COMMIT: nothing of the transaction stays */
      sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
      return rc;
    }
  }
  return simple(b, ST_COMMIT, "committing", err);
}
static void sq_rollback(store_impl *b) {
  b->rollup_from = 0;
  cells_clear(b);
  if (!sqlite3_get_autocommit(b->db)) sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
}
static int sq_savepoint(store_impl *b, parley_error *err) { return simple(b, ST_SAVEPOINT, "savepoint", err); }
static int sq_release(store_impl *b, parley_error *err) { return simple(b, ST_RELEASE, "savepoint release", err); }
/* rollup_from stays: ids inserted again after the rollback are >= it. */
static void sq_rollback_savepoint(store_impl *b) {
  parley_error e;
  if (simple(b, ST_ROLLBACK_TO, "rollback", &e) == PARLEY_OK) simple(b, ST_RELEASE, "release", &e);
}

static int sq_meta_get(store_impl *b, const char *key, char *buf, size_t size, parley_error *err) {
  buf[0] = '\0';
  sqlite3_stmt *s = stmt(b, ST_META_GET, err);
  if (!s) return err->status;
  bind_text(s, 1, key);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) snprintf(buf, size, "%s", (const char *)sqlite3_column_text(s, 0));
  sqlite3_reset(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error(b, rc, "reading store_meta", err);
  return PARLEY_OK;
}

static int sq_doc_find(store_impl *b, const char *hash, long long *id, int *has_text, parley_error *err) {
  *id = 0;
  sqlite3_stmt *s = stmt(b, ST_DOC_FIND, err);
  if (!s) return err->status;
  bind_text(s, 1, hash);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    *id = sqlite3_column_int64(s, 0);
    if (has_text) *has_text = sqlite3_column_int(s, 1);
  }
  sqlite3_reset(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error(b, rc, "looking up a document", err);
  return PARLEY_OK;
}

static void bind_doc(sqlite3_stmt *s, int base, const store_doc_row *d) {
  /* base: index of doc_key */
  bind_text(s, base, d->doc_key);
  int i = base + 1;
  if (base == 1) bind_text(s, i++, d->hash);
  bind_text(s, i++, d->date);
  bind_text(s, i++, d->source);
  bind_text(s, i++, d->url);
  bind_text(s, i++, d->title);
  bind_text(s, i++, d->lang);
  bind_text(s, i++, d->file);
  bind_text(s, i++, d->meta_json);
  bind_text(s, i++, d->notice);
  sqlite3_bind_text(s, i++, d->text ? d->text : "", d->text ? (int)d->text_len : 0, SQLITE_STATIC);
  if (base == 1) sqlite3_bind_int(s, i++, d->has_text);
}

static int sq_doc_insert(store_impl *b, const store_doc_row *d, long long *id, parley_error *err) {
  sqlite3_stmt *s = stmt(b, ST_DOC_INSERT, err);
  if (!s) return err->status;
  bind_doc(s, 1, d);
  int rc = run(b, s, "storing a document", err);
  if (rc) return rc;
  *id = sqlite3_last_insert_rowid(b->db);
  return PARLEY_OK;
}

static int sq_doc_fill(store_impl *b, long long id, const store_doc_row *d, parley_error *err) {
  sqlite3_stmt *s = stmt(b, ST_DOC_FILL, err);
  if (!s) return err->status;
  sqlite3_bind_int64(s, 1, id);
  bind_doc(s, 2, d);
  return run(b, s, "completing a document", err);
}

static int sq_ref_insert(store_impl *b, long long doc_id, long long idx, const parley_reference *r, parley_error *err) {
  sqlite3_stmt *s = stmt(b, ST_REF_INSERT, err);
  if (!s) return err->status;
  sqlite3_bind_int64(s, 1, doc_id);
  sqlite3_bind_int64(s, 2, idx);
  bind_text(s, 3, r->outlet);
  bind_text(s, 4, r->date);
  bind_text(s, 5, r->headline);
  sqlite3_bind_int64(s, 6, (long long)r->span.start);
  sqlite3_bind_int64(s, 7, (long long)r->span.end);
  return run(b, s, "storing a reference", err);
}

static int sq_sentence_insert(store_impl *b, long long doc_id, long long idx, long long start, long long end,
                              const char *lang, parley_error *err) {
  sqlite3_stmt *s = stmt(b, ST_SENT_INSERT, err);
  if (!s) return err->status;
  sqlite3_bind_int64(s, 1, doc_id);
  sqlite3_bind_int64(s, 2, idx);
  sqlite3_bind_int64(s, 3, start);
  sqlite3_bind_int64(s, 4, end);
  bind_text(s, 5, lang);
  return run(b, s, "storing a sentence", err);
}

static int sq_actor_note(store_impl *b, const char *code, const char *country, const char *name, parley_error *err) {
  if (!code || !*code) return PARLEY_OK;
  sqlite3_stmt *s = stmt(b, ST_ACTOR, err);
  if (!s) return err->status;
  bind_text(s, 1, code);
  bind_text(s, 2, country);
  bind_text(s, 3, name);
  return run(b, s, "storing an actor", err);
}

static int sq_event_insert(store_impl *b, const store_event_row *e, long long *id, long long *other_doc,
                           parley_error *err) {
  *id = 0;
  if (other_doc) *other_doc = 0;
  sqlite3_stmt *s = stmt(b, ST_EVENT_INSERT, err);
  if (!s) return err->status;
  bind_text(s, 1, e->origin);
  bind_text(s, 2, e->event_key);
  bind_int(s, 3, e->doc_id);
  bind_int(s, 4, e->sentence);
  bind_int(s, 5, e->span_start);
  bind_int(s, 6, e->span_end);
  sqlite3_bind_int64(s, 7, e->day == STORE_NULL ? 0 : e->day);
  bind_int(s, 8, e->day_end);
  bind_text(s, 9, e->date_basis);
  bind_int(s, 10, e->date_precision);
  bind_text(s, 11, e->source_code);
  bind_text(s, 12, e->source_country);
  bind_text(s, 13, e->source_name);
  bind_text(s, 14, e->target_code);
  bind_text(s, 15, e->target_country);
  bind_text(s, 16, e->target_name);
  sqlite3_bind_text(s, 17, e->event_code ? e->event_code : "", -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 18, e->root_code ? e->root_code : "", -1, SQLITE_STATIC);
  bind_int(s, 19, e->quad_class);
  bind_real(s, 20, e->goldstein);
  bind_int(s, 21, e->count);
  bind_text(s, 22, e->trigger);
  bind_text(s, 23, e->pattern);
  bind_text(s, 24, e->lang);
  bind_text(s, 25, e->location);
  bind_text(s, 26, e->location_country);
  bind_real(s, 27, e->lat);
  bind_real(s, 28, e->lon);
  bind_int(s, 29, e->num_mentions);
  bind_int(s, 30, e->num_sources);
  bind_int(s, 31, e->num_articles);
  bind_real(s, 32, e->avg_tone);
  bind_int(s, 33, e->fatalities);
  bind_text(s, 34, e->source_url);
  bind_text(s, 35, e->extra_json);
  bind_text(s, 36, e->base_code);
  bind_text(s, 37, e->source_type);
  bind_text(s, 38, e->target_type);
  bind_int(s, 39, e->is_root);
  bind_int(s, 40, e->date_added);
  bind_int(s, 41, e->location_type);
  bind_text(s, 42, e->location_fips);
  bind_text(s, 43, e->location_adm1);
  bind_text(s, 44, e->location_adm2);
  bind_text(s, 45, e->location_feature);
  bind_geo(s, 46, &e->source_geo);
  bind_geo(s, 55, &e->target_geo);
  int rc = run(b, s, "storing an event", err);
  if (rc) return rc;
  if (sqlite3_changes(b->db) > 0) {
    *id = sqlite3_last_insert_rowid(b->db);
    if (b->rollup && b->bulk) return cells_add(b, e, err);
    if (b->rollup && (!b->rollup_from || *id < b->rollup_from)) b->rollup_from = *id;
    return PARLEY_OK;
  }
  if (other_doc && e->event_key) {
    sqlite3_stmt *q = stmt(b, ST_EVENT_DOC, err);
    if (!q) return err->status;
    bind_text(q, 1, e->origin);
    bind_text(q, 2, e->event_key);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) *other_doc = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error(b, rc, "looking up an event", err);
  }
  return PARLEY_OK;
}

static int sq_event_group(store_impl *b, long long event_id, const store_group_key *k, long long *group_id,
                          parley_error *err) {
  long long gid = 0;
  int rc;
  if (k->day > 0) {
    int w = k->date_precision == 3 ? k->window_days : 0;
    long long d = ymd_to_days(k->day);
    sqlite3_stmt *s = stmt(b, ST_GROUP_FIND, err);
    if (!s) return err->status;
    bind_text(s, 1, k->source_code);
    bind_text(s, 2, k->target_code);
    bind_text(s, 3, k->root_code);
    bind_int(s, 4, k->date_precision ? k->date_precision : STORE_NULL);
    sqlite3_bind_int64(s, 5, days_to_ymd(d - w));
    sqlite3_bind_int64(s, 6, days_to_ymd(d + w));
    long long best_dist = -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      long long id = sqlite3_column_int64(s, 0);
      long long f = ymd_to_days(sqlite3_column_int64(s, 1)), l = ymd_to_days(sqlite3_column_int64(s, 2));
      long long lo = f < d ? f : d, hi = l > d ? l : d;
      if (hi - lo > w) continue; /* the group would span more than the window */
      long long dist = d < f ? f - d : d > l ? d - l : 0;
      if (best_dist < 0 || dist < best_dist) best_dist = dist, gid = id;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return db_error(b, rc, "finding an event group", err);
  }
  if (!gid) {
    sqlite3_stmt *s = stmt(b, ST_GROUP_INSERT, err);
    if (!s) return err->status;
    bind_text(s, 1, k->source_code);
    bind_text(s, 2, k->target_code);
    bind_text(s, 3, k->source_country);
    bind_text(s, 4, k->target_country);
    sqlite3_bind_text(s, 5, k->root_code ? k->root_code : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, k->event_code ? k->event_code : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 7, k->day > 0 ? k->day : 0);
    bind_text(s, 8, k->doc_date);
    bind_int(s, 9, k->date_precision ? k->date_precision : STORE_NULL);
    if ((rc = run(b, s, "creating an event group", err))) return rc;
    gid = sqlite3_last_insert_rowid(b->db);
  }
  /* Is this document new to the group? (before the event joins it) */
  int new_article = 1;
  sqlite3_stmt *s = stmt(b, ST_GROUP_HAS_DOC, err);
  if (!s) return err->status;
  sqlite3_bind_int64(s, 1, k->doc_id);
  sqlite3_bind_int64(s, 2, gid);
  rc = sqlite3_step(s);
  sqlite3_reset(s);
  if (rc == SQLITE_ROW)
    new_article = 0;
  else if (rc != SQLITE_DONE)
    return db_error(b, rc, "updating an event group", err);
  int new_source = 0;
  if (new_article) {
    char own[32];
    snprintf(own, sizeof own, "#%lld", k->doc_id);
    s = stmt(b, ST_GROUP_SOURCE, err);
    if (!s) return err->status;
    sqlite3_bind_int64(s, 1, gid);
    sqlite3_bind_text(s, 2, k->outlet && *k->outlet ? k->outlet : own, -1, SQLITE_TRANSIENT);
    if ((rc = run(b, s, "updating an event group", err))) return rc;
    new_source = sqlite3_changes(b->db) > 0;
  }
  s = stmt(b, ST_EVENT_SET_GROUP, err);
  if (!s) return err->status;
  sqlite3_bind_int64(s, 1, gid);
  sqlite3_bind_int64(s, 2, event_id);
  if ((rc = run(b, s, "grouping an event", err))) return rc;
  const char *code = k->event_code ? k->event_code : "";
  size_t cl = strlen(code);
  int spec = (int)cl * 2 + !(cl == 3 && code[2] == '0');
  s = stmt(b, ST_GROUP_REFRESH, err);
  if (!s) return err->status;
  sqlite3_bind_int64(s, 1, gid);
  sqlite3_bind_int(s, 2, new_article);
  sqlite3_bind_int(s, 3, new_source);
  sqlite3_bind_int64(s, 4, k->day > 0 ? k->day : 0);
  bind_text(s, 5, k->doc_date);
  sqlite3_bind_text(s, 6, code, -1, SQLITE_STATIC);
  sqlite3_bind_int(s, 7, spec);
  bind_text(s, 8, k->source_country);
  bind_text(s, 9, k->target_country);
  if ((rc = run(b, s, "updating an event group", err))) return rc;
  *group_id = gid;
  return PARLEY_OK;
}

static int sq_claim_insert(store_impl *b, const store_claim_row *c, parley_error *err) {
  sqlite3_stmt *s = stmt(b, ST_CLAIM_INSERT, err);
  if (!s) return err->status;
  sqlite3_bind_int64(s, 1, c->event_id);
  bind_int(s, 2, c->group_id);
  sqlite3_bind_text(s, 3, c->actor_code ? c->actor_code : "", -1, SQLITE_STATIC);
  bind_text(s, 4, c->actor_country);
  bind_text(s, 5, c->actor_name);
  bind_text(s, 6, c->stance);
  bind_int(s, 7, c->doc_id);
  bind_int(s, 8, c->sentence);
  bind_int(s, 9, c->span_start);
  bind_int(s, 10, c->span_end);
  bind_text(s, 11, c->cue);
  return run(b, s, "storing a claim", err);
}

static int sq_mention_insert(store_impl *b, const store_mention_row *m, int *inserted, parley_error *err) {
  sqlite3_stmt *s = stmt(b, ST_MENTION_INSERT, err);
  if (!s) return err->status;
  bind_text(s, 1, m->event_key);
  bind_int(s, 2, m->event_time);
  bind_int(s, 3, m->mention_time);
  bind_int(s, 4, m->mention_type);
  bind_text(s, 5, m->source_name);
  sqlite3_bind_text(s, 6, m->identifier ? m->identifier : "", -1, SQLITE_STATIC);
  bind_int(s, 7, m->sentence_id);
  bind_int(s, 8, m->actor1_offset);
  bind_int(s, 9, m->actor2_offset);
  bind_int(s, 10, m->action_offset);
  bind_int(s, 11, m->in_raw_text);
  bind_int(s, 12, m->confidence);
  bind_int(s, 13, m->doc_len);
  bind_real(s, 14, m->doc_tone);
  bind_text(s, 15, m->translation_info);
  bind_text(s, 16, m->extras);
  int rc = run(b, s, "storing a mention", err);
  if (rc) return rc;
  *inserted = sqlite3_changes(b->db) > 0;
  return PARLEY_OK;
}

static int sq_import_find(store_impl *b, const char *kind, const char *hash, int *found, char when[32],
                          parley_error *err) {
  *found = 0;
  when[0] = '\0';
  sqlite3_stmt *s = stmt(b, ST_IMPORT_FIND, err);
  if (!s) return err->status;
  bind_text(s, 1, kind);
  bind_text(s, 2, hash);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    *found = 1;
    snprintf(when, 32, "%s", (const char *)sqlite3_column_text(s, 0));
  }
  sqlite3_reset(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error(b, rc, "looking up imports", err);
  return PARLEY_OK;
}

static int sq_import_record(store_impl *b, const char *kind, const char *file, const char *hash,
                            const parley_store_stats *st, parley_error *err) {
  sqlite3_stmt *s = stmt(b, ST_IMPORT_RECORD, err);
  if (!s) return err->status;
  bind_text(s, 1, kind);
  bind_text(s, 2, file);
  bind_text(s, 3, hash);
  sqlite3_bind_int64(s, 4, (long long)st->rows_read);
  sqlite3_bind_int64(s, 5, (long long)st->rows_stored);
  sqlite3_bind_int64(s, 6, (long long)st->rows_skipped);
  return run(b, s, "recording the import", err);
}

/* Deferred indexes of a bulk load (backend.h). The store_meta row
 * 'indexes_deferred' holds the CREATE INDEX statements of the dropped
 * indexes; it is committed with the first batch, so a killed import leaves
 * it for the next read-write open (sq_open), which builds them. Readers in
 * the meantime get the same answers, only slower. */
static int sq_defer_indexes(store_impl *b, int *deferred, parley_error *err) {
  *deferred = 0;
  sqlite3_stmt *q = NULL;
  /* the non-unique indexes of events, and the rollup's (dyad_day_target);
   * not the partial ones (events_doc, events_group, events_ask_grouped):
   * imported rows, without document or group, are not in them, so they cost
   * nothing during the load and building them would scan the whole table */
  int rc = sqlite3_prepare_v2(b->db,
                              "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('events', ?1) "
                              "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND sql NOT LIKE '% WHERE %' "
                              "AND NOT EXISTS (SELECT 1 FROM events) "
                              "AND NOT EXISTS (SELECT 1 FROM store_meta WHERE key = 'indexes_deferred') ORDER BY name",
                              -1, &q, NULL);
  if (rc != SQLITE_OK) return db_error(b, rc, "preparing the load", err);
  sqlite3_bind_text(q, 1, b->rollup ? "dyad_day" : "events", -1, SQLITE_STATIC);
  sbuf create = {0}, drop = {0};
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(q, 0), *sql = (const char *)sqlite3_column_text(q, 1);
    char *d = sqlite3_mprintf("DROP INDEX \"%w\";\n", name);
    if (!d || sbuf_adds(&drop, d) || sbuf_adds(&create, sql) || sbuf_adds(&create, ";\n")) rc = SQLITE_NOMEM;
    sqlite3_free(d);
    if (rc == SQLITE_NOMEM) break;
  }
  sqlite3_finalize(q);
  if (rc == SQLITE_NOMEM)
    rc = parley_error_set(err, PARLEY_ENOMEM, b->path, 0, "out of memory");
  else if (rc != SQLITE_DONE)
    rc = db_error(b, rc, "preparing the load", err);
  else if (drop.len) {
    rc = sqlite3_prepare_v2(b->db, "INSERT INTO store_meta (key, value) VALUES ('indexes_deferred', ?1)", -1, &q, NULL);
    if (rc == SQLITE_OK) {
      sqlite3_bind_text(q, 1, create.s, (int)create.len, SQLITE_STATIC);
      rc = sqlite3_step(q);
      sqlite3_finalize(q);
    }
    if (rc != SQLITE_DONE)
      rc = db_error(b, rc, "preparing the load", err);
    else if ((rc = exec(b, drop.s, "preparing the load", err)) == PARLEY_OK)
      *deferred = 1;
  } else
    rc = PARLEY_OK;
  sbuf_free(&create);
  sbuf_free(&drop);
  return rc;
}

static int sq_restore_indexes(store_impl *b, parley_error *err) {
  sqlite3_stmt *q = NULL;
  int rc = sqlite3_prepare_v2(b->db, "SELECT value FROM store_meta WHERE key = 'indexes_deferred'", -1, &q, NULL);
  if (rc != SQLITE_OK) return db_error(b, rc, "building the indexes", err);
  char *sql = NULL;
  if ((rc = sqlite3_step(q)) == SQLITE_ROW) sql = strdup((const char *)sqlite3_column_text(q, 0));
  sqlite3_finalize(q);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error(b, rc, "building the indexes", err);
  if (rc == SQLITE_DONE) return PARLEY_OK;
  if (!sql) return parley_error_set(err, PARLEY_ENOMEM, b->path, 0, "out of memory");
  /* The sorts of CREATE INDEX spill past the page cache into temporary
   * files: on disk, not in memory (temp_store = MEMORY, the connection's
   * setting, would hold ~40 bytes per row and index in RAM: gigabytes for
   * 100M rows). */
  rc = exec(b, "PRAGMA temp_store = FILE", "building the indexes", err);
  if (rc == PARLEY_OK) rc = exec(b, sql, "building the indexes", err);
  parley_error e2;
  if (exec(b, "PRAGMA temp_store = MEMORY", "building the indexes", &e2) && rc == PARLEY_OK) rc = e2.status, *err = e2;
  free(sql);
  if (rc == PARLEY_OK)
    rc = exec(b, "DELETE FROM store_meta WHERE key = 'indexes_deferred'", "building the indexes", err);
  return rc;
}

const store_backend store_sqlite_backend = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .native = sq_native,
    .set_busy_timeout = sq_set_busy_timeout,
    .schema_version = sq_schema_version,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .savepoint = sq_savepoint,
    .release = sq_release,
    .rollback_savepoint = sq_rollback_savepoint,
    .meta_get = sq_meta_get,
    .doc_find = sq_doc_find,
    .doc_insert = sq_doc_insert,
    .doc_fill = sq_doc_fill,
    .ref_insert = sq_ref_insert,
    .sentence_insert = sq_sentence_insert,
    .actor_note = sq_actor_note,
    .event_insert = sq_event_insert,
    .event_group = sq_event_group,
    .claim_insert = sq_claim_insert,
    .mention_insert = sq_mention_insert,
    .import_find = sq_import_find,
    .import_record = sq_import_record,
    .defer_indexes = sq_defer_indexes,
    .restore_indexes = sq_restore_indexes,
    .bulk = sq_bulk,
};
