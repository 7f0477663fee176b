/* pg_backend.c — stage 3 (store): the PostgreSQL implementation of backend.h (libpq).
 *
 * Selected by a postgresql:// or postgres:// URI (--db or $PARLEY_DB). It
 * writes the same rows as the SQLite backend, with the same keys, the same
 * dedup and the same row ids:
 *
 * - Schema: src/store/schema_pg.sql (embedded), created or migrated on a
 *   read-write open inside one transaction under an advisory lock; the
 *   version is store_meta 'schema_version' (SQLite: PRAGMA user_version).
 * - One writer at a time, as on SQLite: the first write transaction of a
 *   connection takes a session-level advisory lock, waiting at most the busy
 *   timeout (lock_timeout) before PARLEY_EBUSY, and keeps it until the store
 *   is closed, so no other writer slips in between batches. Readers never
 *   wait.
 * - Row ids are given by parley, max(id) + 1 per table as SQLite's rowids
 *   (read once per transaction, then counted up under the writer lock), so
 *   both backends number the same rows the same way, also after rollbacks.
 * - Bulk loads (imported records: events without a document, GDELT mentions)
 *   go through COPY: rows are buffered as COPY text and sent when the batch
 *   commits (or every few MB). Whether a record is new must be known at once
 *   (the import counts stored and duplicate rows), so the backend keeps, per
 *   origin, the keys in the store: none when the origin has no rows yet (a
 *   first load), else read once with COPY TO
 *   (a resumed or repeated load; up to PG_PRELOAD_MAX keys, beyond that
 *   rows are inserted one by one), in a scalable Bloom filter (~3.5 bytes a
 *   key). A key the filter has never seen is new; one it may have seen (a
 *   duplicate, or a false positive, < 0.2%) is looked up in the table. A
 *   generation counter in store_meta, bumped by every commit, tells when
 *   another writer committed in between: the keys are then read again.
 * - Other rows (coded documents, their events, groups and claims) use
 *   prepared statements, as on SQLite.
 * - The scale-out layout (events partitioned, partitions on other servers
 *   through postgres_fdw: scripts/pg-shard, docs/scale-out.md) keeps the
 *   unique (origin, event_key) in the coordinator's event_keys table, since
 *   a partitioned table cannot have a unique index without its partition key.
 *
 * Errors name the server (the URI without its password): refused
 * connections, failed authentication, a server that goes away (the open
 * batch is lost, committed ones are kept, and running the same command
 * again stores the rest without duplicates), a read-only replica. */
#ifdef PARLEY_HAVE_PQ

#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"
#include "store_internal.h"

#define PG_LOCK_KEY "7250718191"  /* the writer lock (advisory, transaction level) */
#define PG_PRELOAD_MAX 200000000  /* stored keys of one origin read into a filter at most (~3.5 bytes each) */
#define PG_FLUSH_BYTES (8u << 20) /* COPY buffer size that triggers a send */

enum { ID_EVENTS, ID_DOCUMENTS, ID_GROUPS, ID_CLAIMS, ID_IMPORTS, ID_MENTIONS, ID__COUNT };
static const char *const ID_TABLE[ID__COUNT] = {"events", "documents", "event_groups",
                                                "claims", "imports",   "gdelt_mentions"};

enum {
  ST_DOC_FIND,
  ST_DOC_INSERT,
  ST_DOC_FILL,
  ST_REF_INSERT,
  ST_SENT_INSERT,
  ST_ACTOR,
  ST_EVENT_INSERT,
  ST_EVENT_INSERT_P, /* partitioned layout */
  ST_EVENT_DOC,
  ST_EVENT_DOC_P,
  ST_EVENT_EXISTS,
  ST_EVENT_EXISTS_P,
  ST_MENTION_EXISTS,
  ST_GROUP_INSERT,
  ST_EVENT_SET_GROUP,
  ST_GROUP_REFRESH,
  ST_GROUP_HAS_DOC,
  ST_GROUP_SOURCE,
  ST_CLAIM_INSERT,
  ST_MENTION_INSERT,
  ST_IMPORT_FIND,
  ST_IMPORT_UPDATE,
  ST_IMPORT_INSERT,
  ST_META_GET,
  ST__COUNT
};

#define EV_COLS                                                                                                        \
  "id, origin, event_key, doc_id, sentence, span_start, span_end, day, day_end, date_basis, date_precision, "          \
  "source_code, source_country, source_name, target_code, target_country, target_name, event_code, root_code, "        \
  "quad_class, goldstein, count, trigger, pattern, lang, location, location_country, lat, lon, num_mentions, "         \
  "num_sources, num_articles, avg_tone, fatalities, source_url, extra_json, base_code, source_type, "                  \
  "target_type, " STORE_EVENT_V5_COLS
#define EV_NCOLS (39 + STORE_EVENT_V5_NCOLS)
#define EV_PARAMS                                                                                                      \
  "$1::bigint, $2::text, $3::text, $4::bigint, $5::bigint, $6::bigint, $7::bigint, $8::integer, $9::integer, "         \
  "$10::text, $11::integer, $12::text, $13::text, $14::text, $15::text, $16::text, $17::text, $18::text, "             \
  "$19::text, $20::integer, $21::float8, $22::bigint, $23::text, $24::text, $25::text, $26::text, $27::text, "         \
  "$28::float8, $29::float8, $30::bigint, $31::bigint, $32::bigint, $33::float8, $34::bigint, $35::text, "             \
  "$36::text, $37::text, $38::text, $39::text, $40::integer, $41::bigint, $42::integer, $43::text, $44::text, "        \
  "$45::text, $46::text, $47::integer, $48::text, $49::text, $50::text, $51::text, $52::text, $53::float8, "           \
  "$54::float8, $55::text, $56::integer, $57::text, $58::text, $59::text, $60::text, $61::text, $62::float8, "         \
  "$63::float8, $64::text"

#define MEN_COLS                                                                                                       \
  "id, event_key, event_time, mention_time, mention_type, source_name, identifier, sentence_id, actor1_offset, "       \
  "actor2_offset, action_offset, in_raw_text, confidence, doc_len, doc_tone, translation_info, extras"
#define MEN_NCOLS 17

static const char *const SQL[ST__COUNT] = {
    [ST_DOC_FIND] = "SELECT id, has_text FROM documents WHERE hash = $1",
    [ST_DOC_INSERT] = "INSERT INTO documents (id, doc_key, hash, date, source, url, title, lang, file, meta_json, "
                      "notice, text, has_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    [ST_DOC_FILL] = "UPDATE documents SET doc_key = $2, date = coalesce($3, date), source = coalesce($4, source), "
                    "url = coalesce($5, url), title = coalesce($6, title), lang = coalesce($7, lang), "
                    "file = $8, meta_json = $9, notice = $10, text = $11, has_text = 1 WHERE id = $1",
    [ST_REF_INSERT] = "INSERT INTO doc_references (doc_id, idx, outlet, date, headline, span_start, span_end) "
                      "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    [ST_SENT_INSERT] = "INSERT INTO sentences (doc_id, idx, span_start, span_end, lang) VALUES ($1, $2, $3, $4, $5) "
                       "ON CONFLICT DO NOTHING",
    [ST_ACTOR] = "INSERT INTO actors AS a (code, country, name) VALUES ($1, $2, $3) ON CONFLICT (code) DO UPDATE SET "
                 "country = coalesce(a.country, excluded.country), name = coalesce(a.name, excluded.name) "
                 "WHERE a.country IS NULL AND excluded.country IS NOT NULL "
                 "OR a.name IS NULL AND excluded.name IS NOT NULL",
    /* No ON CONFLICT: a conflicting insert would still draw an id; the
     * NOT EXISTS (under the writer lock) keeps ids exactly SQLite's. */
    [ST_EVENT_INSERT] = "INSERT INTO events (" EV_COLS ") SELECT " EV_PARAMS
                        " WHERE NOT EXISTS (SELECT 1 FROM events WHERE origin = $2::text AND event_key = $3::text) "
                        "RETURNING id",
    [ST_EVENT_INSERT_P] =
        "WITH k AS (INSERT INTO event_keys (id, origin, event_key) SELECT $1::bigint, $2::text, "
        "$3::text WHERE NOT EXISTS (SELECT 1 FROM event_keys WHERE origin = $2::text AND "
        "event_key = $3::text) RETURNING id) INSERT INTO events (" EV_COLS ") SELECT " EV_PARAMS " FROM k RETURNING id",
    [ST_EVENT_EXISTS] = "SELECT 1 FROM events WHERE origin = $1 AND event_key = $2",
    [ST_EVENT_EXISTS_P] = "SELECT 1 FROM event_keys WHERE origin = $1 AND event_key = $2",
    [ST_MENTION_EXISTS] = "SELECT 1 FROM gdelt_mentions WHERE event_key = $1 AND identifier = $2 AND sentence_id = $3",
    [ST_EVENT_DOC] = "SELECT coalesce(doc_id, 0) FROM events WHERE origin = $1 AND event_key = $2",
    [ST_EVENT_DOC_P] = "SELECT coalesce(e.doc_id, 0) FROM event_keys k JOIN events e ON e.id = k.id "
                       "WHERE k.origin = $1 AND k.event_key = $2",
    [ST_GROUP_INSERT] = "INSERT INTO event_groups (id, source_code, target_code, source_country, target_country, "
                        "root_code, event_code, day_first, day_last, num_mentions, num_sources, num_articles, "
                        "first_report, last_report, date_precision) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 0, 0, 0, $9, $9, $10)",
    [ST_EVENT_SET_GROUP] = "UPDATE events SET group_id = $1 WHERE id = $2",
    /* As SQLite's: $2 new article (0/1), $3 new outlet (0/1), $4 day, $5 document date, $6 code, $7 its
     * specificity. */
    [ST_GROUP_REFRESH] =
        "UPDATE event_groups SET num_mentions = num_mentions + 1, num_articles = num_articles + $2::integer, "
        "num_sources = num_sources + $3::integer, day_first = least(day_first, $4::integer), "
        "day_last = greatest(day_last, $4::integer), "
        "first_report = CASE WHEN $5::text IS NOT NULL AND (first_report IS NULL OR $5::text < first_report) "
        "  THEN $5::text ELSE first_report END, "
        "last_report = CASE WHEN $5::text IS NOT NULL AND (last_report IS NULL OR $5::text > last_report) "
        "  THEN $5::text ELSE last_report END, "
        "event_code = CASE WHEN $7::integer > length(event_code) * 2 + CASE WHEN length(event_code) = 3 AND "
        "  substr(event_code, 3, 1) = '0' THEN 0 ELSE 1 END THEN $6::text ELSE event_code END, "
        "source_country = coalesce(source_country, $8::text), target_country = coalesce(target_country, $9::text) "
        "WHERE id = $1",
    [ST_GROUP_HAS_DOC] = "SELECT 1 FROM events WHERE doc_id = $1 AND group_id = $2 LIMIT 1",
    [ST_GROUP_SOURCE] = "INSERT INTO event_group_sources (group_id, outlet) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    [ST_CLAIM_INSERT] = "INSERT INTO claims (id, event_id, group_id, actor_code, actor_country, actor_name, stance, "
                        "doc_id, sentence, span_start, span_end, cue) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    [ST_MENTION_INSERT] =
        "INSERT INTO gdelt_mentions (" MEN_COLS ") SELECT $1::bigint, $2::text, $3::bigint, $4::bigint, "
        "$5::integer, $6::text, $7::text, $8::bigint, $9::bigint, $10::bigint, $11::bigint, $12::integer, "
        "$13::integer, $14::bigint, $15::float8, $16::text, $17::text WHERE NOT EXISTS (SELECT 1 FROM gdelt_mentions "
        "WHERE event_key = $2::text AND identifier = $7::text AND sentence_id = $8::bigint) RETURNING id",
    [ST_IMPORT_FIND] = "SELECT finished_at FROM imports WHERE kind = $1 AND hash = $2",
    [ST_IMPORT_UPDATE] = "UPDATE imports SET file = $3, rows_read = $4, rows_stored = $5, rows_skipped = $6, "
                         "finished_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                         "WHERE kind = $1 AND hash = $2",
    [ST_IMPORT_INSERT] = "INSERT INTO imports (id, kind, file, hash, rows_read, rows_stored, rows_skipped) "
                         "VALUES ($1, $2, $3, $4, $5, $6, $7)",
    [ST_META_GET] = "SELECT value FROM store_meta WHERE key = $1",
};

/* Migrations: PG_MIGRATIONS[v] turns a version v database into v + 1, then
 * the embedded schema_pg.sql (all IF NOT EXISTS / OR REPLACE) runs. The first
 * PostgreSQL schema is version 2. */
static const char *const PG_MIGRATIONS[PARLEY_STORE_SCHEMA_VERSION] = {
    /* as SQLite's: a prefix of events_ask_dyad_code */
    [2] = "DROP INDEX IF EXISTS events_dyad_code",
    [3] = "DROP INDEX IF EXISTS events_doc; DROP INDEX IF EXISTS events_group",
    /* as SQLite's: the GDELT columns, then store_v5_move_sql */
    [4] = "ALTER TABLE events "
          "ADD COLUMN IF NOT EXISTS is_root integer, "
          "ADD COLUMN IF NOT EXISTS date_added bigint, "
          "ADD COLUMN IF NOT EXISTS location_type integer, "
          "ADD COLUMN IF NOT EXISTS location_fips text COLLATE \"C\", "
          "ADD COLUMN IF NOT EXISTS location_adm1 text COLLATE \"C\", "
          "ADD COLUMN IF NOT EXISTS location_adm2 text COLLATE \"C\", "
          "ADD COLUMN IF NOT EXISTS location_feature text COLLATE \"C\", "
          "ADD COLUMN IF NOT EXISTS source_geo_type integer, "
          "ADD COLUMN IF NOT EXISTS source_geo_name text COLLATE \"C\", "
          "ADD COLUMN IF NOT EXISTS source_geo_country text COLLATE \"C\", "
          "ADD COLUMN IF NOT EXISTS source_geo_fips text COLLATE \"C\", "
          "ADD COLUMN IF NOT EXISTS source_geo_adm1 text COLLATE \"C\", "
          "ADD COLUMN IF NOT EXISTS source_geo_adm2 text COLLATE \"C\", "
          "ADD COLUMN IF NOT EXISTS source_geo_lat double precision, "
          "ADD COLUMN IF NOT EXISTS source_geo_lon double precision, "
          "ADD COLUMN IF NOT EXISTS source_geo_feature text COLLATE \"C\", "
          "ADD COLUMN IF NOT EXISTS target_geo_type integer, "
          "ADD COLUMN IF NOT EXISTS target_geo_name text COLLATE \"C\", "
          "ADD COLUMN IF NOT EXISTS target_geo_country text COLLATE \"C\", "
          "ADD COLUMN IF NOT EXISTS target_geo_fips text COLLATE \"C\", "
          "ADD COLUMN IF NOT EXISTS target_geo_adm1 text COLLATE \"C\", "
          "ADD COLUMN IF NOT EXISTS target_geo_adm2 text COLLATE \"C\", "
          "ADD COLUMN IF NOT EXISTS target_geo_lat double precision, "
          "ADD COLUMN IF NOT EXISTS target_geo_lon double precision, "
          "ADD COLUMN IF NOT EXISTS target_geo_feature text COLLATE \"C\"",
};
#define PG_FIRST_VERSION 2

/* --- key hash sets ------------------------------------------------------ */

typedef struct keyset {
  uint64_t *slot; /* 0 = empty */
  size_t cap, n;
} keyset;

static uint64_t key_hash(const char *a, size_t alen, const char *b, size_t blen) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < alen; i++)
    h = (h ^ (unsigned char)a[i]) * 1099511628211ULL;
  h = (h ^ 0xffu) * 1099511628211ULL;
  for (size_t i = 0; i < blen; i++)
    h = (h ^ (unsigned char)b[i]) * 1099511628211ULL;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h ? h : 1;
}

static void keyset_free(keyset *k) {
  free(k->slot);
  memset(k, 0, sizeof *k);
}

static int keyset_has(const keyset *k, uint64_t h) {
  if (!k->cap) return 0;
  for (size_t j = h & (k->cap - 1);; j = (j + 1) & (k->cap - 1)) {
    if (k->slot[j] == h) return 1;
    if (!k->slot[j]) return 0;
  }
}

static int keyset_add(keyset *k, uint64_t h) {
  if ((k->n + 1) * 2 > k->cap) {
    size_t cap = k->cap ? k->cap * 2 : 4096;
    uint64_t *t = calloc(cap, sizeof *t);
    if (!t) return -1;
    for (size_t i = 0; i < k->cap; i++)
      if (k->slot[i]) {
        size_t j = k->slot[i] & (cap - 1);
        while (t[j])
          j = (j + 1) & (cap - 1);
        t[j] = k->slot[i];
      }
    free(k->slot);
    k->slot = t;
    k->cap = cap;
  }
  size_t j = h & (k->cap - 1);
  while (k->slot[j]) {
    if (k->slot[j] == h) return 0;
    j = (j + 1) & (k->cap - 1);
  }
  k->slot[j] = h;
  k->n++;
  return 0;
}

/* Scalable Bloom filter: the keys stored (or sent) so far, at ~3.5 bytes a key.
 * Filter i holds 2^(20+i) keys at 16 + i bits each (false positives below
 * 0.2% in all); a positive is checked against the table, so a false positive
 * costs a look-up, never a wrong answer. */
#define BLOOM_FIRST_LOG2 20
#define MAX_BLOOMS 16

typedef struct bloom {
  uint64_t *bits;
  size_t nbits, n, cap;
  int k;
} bloom;

typedef struct keyfilter {
  bloom f[MAX_BLOOMS];
  int nf;
} keyfilter;

static void kf_free(keyfilter *kf) {
  for (int i = 0; i < kf->nf; i++)
    free(kf->f[i].bits);
  memset(kf, 0, sizeof *kf);
}

static uint64_t mix2(uint64_t h) {
  h ^= h >> 31;
  h *= 0x9e3779b97f4a7c15ULL;
  h ^= h >> 29;
  return h | 1;
}

static int bloom_has(const bloom *f, uint64_t h) {
  uint64_t h2 = mix2(h);
  for (int j = 0; j < f->k; j++) {
    size_t bit = (size_t)((h + (uint64_t)j * h2) % f->nbits);
    if (!(f->bits[bit >> 6] & (1ULL << (bit & 63)))) return 0;
  }
  return 1;
}

static int kf_maybe(const keyfilter *kf, uint64_t h) {
  for (int i = kf->nf - 1; i >= 0; i--)
    if (bloom_has(&kf->f[i], h)) return 1;
  return 0;
}

static int kf_add(keyfilter *kf, uint64_t h) {
  if (!kf->nf || kf->f[kf->nf - 1].n >= kf->f[kf->nf - 1].cap) {
    if (kf->nf == MAX_BLOOMS) return -1;
    bloom *f = &kf->f[kf->nf];
    int bpk = 16 + kf->nf;
    f->cap = (size_t)1 << (BLOOM_FIRST_LOG2 + kf->nf);
    f->nbits = (f->cap * (size_t)bpk + 63) & ~(size_t)63;
    f->k = bpk * 693 / 1000 < 12 ? bpk * 693 / 1000 : 12;
    f->n = 0;
    f->bits = calloc(f->nbits / 64, sizeof *f->bits);
    if (!f->bits) return -1;
    kf->nf++;
  }
  bloom *f = &kf->f[kf->nf - 1];
  uint64_t h2 = mix2(h);
  for (int j = 0; j < f->k; j++) {
    size_t bit = (size_t)((h + (uint64_t)j * h2) % f->nbits);
    f->bits[bit >> 6] |= 1ULL << (bit & 63);
  }
  f->n++;
  return 0;
}

static void keyset_clear(keyset *k) {
  if (k->slot) memset(k->slot, 0, k->cap * sizeof *k->slot);
  k->n = 0;
}

/* How rows of one origin (or the mentions table) are written. */
enum { KEYS_UNKNOWN = 0, KEYS_BULK, KEYS_ROW };

typedef struct origin_state {
  char origin[32];
  int mode;
  keyfilter seen; /* keys stored, or sent in this session (may hold a few that were rolled back) */
  keyset pending; /* exactly the keys buffered since the last flush (not in the table yet) */
} origin_state;

#define MAX_ORIGINS 16

struct store_impl {
  PGconn *conn;
  char display[512]; /* the URI without its password */
  int readonly, busy_ms;
  int in_tx, dirty;
  int writer_locked; /* holds the session-level writer lock */
  int partitioned;   /* events is partitioned; keys in event_keys */
  long long next_id[ID__COUNT];
  char write_gen[32];
  origin_state origins[MAX_ORIGINS];
  size_t n_origins;
  origin_state mentions;
  sbuf ev_buf, key_buf, men_buf; /* COPY text of events, event_keys (partitioned), gdelt_mentions */
  sbuf scratch;
  size_t ev_rows, men_rows;
  unsigned char prepared[ST__COUNT];
};

/* --- errors ------------------------------------------------------------- */

static const char *first_line(const char *msg, char *buf, size_t size) {
  snprintf(buf, size, "%s", msg ? msg : "");
  char *p = buf;
  if (!strncmp(p, "ERROR:  ", 8)) memmove(p, p + 8, strlen(p + 8) + 1);
  if (!strncmp(p, "FATAL:  ", 8)) memmove(p, p + 8, strlen(p + 8) + 1);
  char *nl = strchr(p, '\n');
  if (nl) *nl = '\0';
  return p;
}

static int lost_connection(store_impl *b, const char *what, const char *detail, parley_error *err) {
  char line[512];
  return parley_error_set(err, PARLEY_ESTORE, b->display, 0,
                          "lost the connection to the PostgreSQL server while %s (%s): the open batch was not "
                          "stored; committed batches are kept, and running the same command again stores the rest "
                          "without duplicates",
                          what, first_line(detail, line, sizeof line));
}

/* Fills err from a failed result r (may be NULL) and returns the status. */
static int pg_error(store_impl *b, PGresult *r, const char *what, parley_error *err) {
  const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
  const char *msg = r && *PQresultErrorMessage(r) ? PQresultErrorMessage(r) : PQerrorMessage(b->conn);
  char line[512];
  first_line(msg, line, sizeof line);
  if (PQstatus(b->conn) == CONNECTION_BAD || (state && !strncmp(state, "57P0", 4)))
    return lost_connection(b, what, line, err);
  if (state && !strncmp(state, "08", 2)) { /* the coordinator is there: one of its shard servers is not */
    const char *detail = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : NULL;
    char d[512];
    first_line(detail, d, sizeof d);
    return parley_error_set(err, PARLEY_ESTORE, b->display, 0,
                            "a shard server is unreachable while %s: %s%s%s%s: nothing of the open batch was stored; "
                            "run the same command again once it is back",
                            what, line, d[0] ? " (" : "", d, d[0] ? ")" : "");
  }
  if (state && !strcmp(state, "25006"))
    return parley_error_set(err, PARLEY_ESTORE, b->display, 0,
                            "the PostgreSQL server is read-only (a hot-standby replica, or "
                            "default_transaction_read_only is on): write to the primary server (%s)",
                            line);
  if (state && !strcmp(state, "55P03"))
    return parley_error_set(err, PARLEY_EBUSY, b->display, 0,
                            "database is busy: another process is writing to it (waited %.1f s)", b->busy_ms / 1000.0);
  if (state && !strcmp(state, "42501"))
    return parley_error_set(err, PARLEY_ESTORE, b->display, 0, "%s: permission denied on the server: %s", what, line);
  return parley_error_set(err, PARLEY_ESTORE, b->display, 0, "%s: %s", what, line);
}

static int ok_result(PGresult *r) {
  ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

/* Runs sql (one or more statements, no parameters); keeps the last result's rows in *out. */
static int exec_sql(store_impl *b, const char *sql, const char *what, PGresult **out, parley_error *err) {
  if (out) *out = NULL;
  PGresult *r = PQexec(b->conn, sql);
  if (!ok_result(r)) {
    int rc = pg_error(b, r, what, err);
    PQclear(r);
    return rc;
  }
  if (out)
    *out = r;
  else
    PQclear(r);
  return PARLEY_OK;
}

/* --- parameters ----------------------------------------------------------- */

#define MAX_PARAMS 64

typedef struct params {
  const char *v[MAX_PARAMS];
  char buf[MAX_PARAMS][32];
  int n;
} params;

static void p_text(params *p, const char *s) { p->v[p->n++] = s && *s ? s : NULL; }
static void p_str(params *p, const char *s) { p->v[p->n++] = s ? s : ""; } /* never NULL */
static void p_int(params *p, long long v) {
  if (v == STORE_NULL) {
    p->v[p->n++] = NULL;
    return;
  }
  snprintf(p->buf[p->n], sizeof p->buf[0], "%lld", v);
  p->v[p->n] = p->buf[p->n];
  p->n++;
}
static void p_real(params *p, double v) {
  if (isnan(v)) {
    p->v[p->n++] = NULL;
    return;
  }
  snprintf(p->buf[p->n], sizeof p->buf[0], "%.17g", v);
  p->v[p->n] = p->buf[p->n];
  p->n++;
}

/* Runs prepared statement `which` (preparing it on first use). */
static int run(store_impl *b, int which, const params *p, const char *what, PGresult **out, parley_error *err) {
  char name[16];
  snprintf(name, sizeof name, "parley_%d", which);
  if (out) *out = NULL;
  if (!b->prepared[which]) {
    PGresult *r = PQprepare(b->conn, name, SQL[which], 0, NULL);
    if (!ok_result(r)) {
      int rc = pg_error(b, r, what, err);
      PQclear(r);
      return rc;
    }
    PQclear(r);
    b->prepared[which] = 1;
  }
  PGresult *r = PQexecPrepared(b->conn, name, p ? p->n : 0, p ? p->v : NULL, NULL, NULL, 0);
  if (!ok_result(r)) {
    int rc = pg_error(b, r, what, err);
    PQclear(r);
    return rc;
  }
  if (out)
    *out = r;
  else
    PQclear(r);
  return PARLEY_OK;
}

static long long col_ll(PGresult *r, int row, int col) {
  return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

/* The next row id of a table: max(id) + 1, read once per transaction. */
static int next_id(store_impl *b, int table, long long *id, parley_error *err) {
  if (!b->next_id[table]) {
    char sql[128];
    const char *t = table == ID_EVENTS && b->partitioned ? "event_keys" : ID_TABLE[table];
    snprintf(sql, sizeof sql, "SELECT coalesce(max(id), 0) FROM %s", t);
    PGresult *r;
    int rc = exec_sql(b, sql, "reading row ids", &r, err);
    if (rc) return rc;
    b->next_id[table] = col_ll(r, 0, 0) + 1;
    PQclear(r);
  }
  *id = b->next_id[table]++;
  return PARLEY_OK;
}

static void forget_ids(store_impl *b) { memset(b->next_id, 0, sizeof b->next_id); }

static void forget_keys(store_impl *b) {
  for (size_t i = 0; i < b->n_origins; i++) {
    kf_free(&b->origins[i].seen);
    keyset_free(&b->origins[i].pending);
  }
  b->n_origins = 0;
  kf_free(&b->mentions.seen);
  keyset_free(&b->mentions.pending);
  b->mentions.mode = KEYS_UNKNOWN;
}

/* After a flush or a rollback nothing is buffered: no key is pending. */
static void clear_pending(store_impl *b) {
  for (size_t i = 0; i < b->n_origins; i++)
    keyset_clear(&b->origins[i].pending);
  keyset_clear(&b->mentions.pending);
}

/* --- COPY text ------------------------------------------------------------ */

static int copy_field(sbuf *s, const char *v, int first) {
  if (!first && sbuf_addc(s, '\t')) return -1;
  if (!v) return sbuf_add(s, "\\N", 2);
  for (const char *p = v; *p; p++) {
    const char *esc = NULL;
    switch (*p) {
    case '\\': esc = "\\\\"; break;
    case '\t': esc = "\\t"; break;
    case '\n': esc = "\\n"; break;
    case '\r': esc = "\\r"; break;
    default: break;
    }
    if (esc ? sbuf_add(s, esc, 2) : sbuf_addc(s, *p)) return -1;
  }
  return 0;
}

static int copy_row(sbuf *s, const params *p) {
  for (int i = 0; i < p->n; i++)
    if (copy_field(s, p->v[i], i == 0)) return -1;
  return sbuf_addc(s, '\n');
}

/* Sends buffered rows with COPY ... FROM STDIN. */
static int copy_in(store_impl *b, const char *sql, sbuf *data, const char *what, parley_error *err) {
  if (!data->len) return PARLEY_OK;
  PGresult *r = PQexec(b->conn, sql);
  if (PQresultStatus(r) != PGRES_COPY_IN) {
    int rc = pg_error(b, r, what, err);
    PQclear(r);
    return rc;
  }
  PQclear(r);
  int bad = 0;
  for (size_t off = 0; off < data->len && !bad;) {
    size_t n = data->len - off > (1u << 30) ? (1u << 30) : data->len - off;
    if (PQputCopyData(b->conn, data->s + off, (int)n) != 1) bad = 1;
    off += n;
  }
  if (PQputCopyEnd(b->conn, bad ? "parley: sending failed" : NULL) != 1) bad = 1;
  int rc = PARLEY_OK;
  while ((r = PQgetResult(b->conn)) != NULL) {
    if (!rc && PQresultStatus(r) != PGRES_COMMAND_OK) {
      const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
      if (state && !strcmp(state, "23505"))
        rc = parley_error_set(err, PARLEY_ESTORE, b->display, 0,
                              "%s: another program stored records with the same keys during this load; run it "
                              "again (nothing of this batch was stored)",
                              what);
      else
        rc = pg_error(b, r, what, err);
    }
    PQclear(r);
    if (PQstatus(b->conn) == CONNECTION_BAD) break;
  }
  if (!rc && bad) rc = pg_error(b, NULL, what, err);
  data->len = 0;
  return rc;
}

static int flush(store_impl *b, parley_error *err) {
  int rc = PARLEY_OK;
  if (b->ev_rows) {
    if (b->partitioned)
      rc = copy_in(b, "COPY event_keys (id, origin, event_key) FROM STDIN", &b->key_buf, "loading events (COPY)", err);
    if (!rc) rc = copy_in(b, "COPY events (" EV_COLS ") FROM STDIN", &b->ev_buf, "loading events (COPY)", err);
    b->ev_rows = 0;
  }
  if (!rc && b->men_rows) {
    rc = copy_in(b, "COPY gdelt_mentions (" MEN_COLS ") FROM STDIN", &b->men_buf, "loading mentions (COPY)", err);
    b->men_rows = 0;
  }
  b->ev_buf.len = b->key_buf.len = b->men_buf.len = 0;
  clear_pending(b);
  return rc;
}

static void discard(store_impl *b) {
  b->ev_buf.len = b->key_buf.len = b->men_buf.len = 0;
  b->ev_rows = b->men_rows = 0;
  clear_pending(b);
}

/* Reads the keys already stored (COPY TO) into st->seen; KEYS_ROW when more than PG_PRELOAD_MAX. */
static int preload(store_impl *b, origin_state *st, const char *sql, const char *prefix, parley_error *err) {
  PGresult *r = PQexec(b->conn, sql);
  if (PQresultStatus(r) != PGRES_COPY_OUT) {
    int rc = pg_error(b, r, "reading stored keys", err);
    PQclear(r);
    return rc;
  }
  PQclear(r);
  char *line;
  int n;
  size_t plen = strlen(prefix);
  int too_many = 0;
  size_t n_keys = 0;
  while ((n = PQgetCopyData(b->conn, &line, 0)) > 0) {
    if (!too_many) {
      size_t len = (size_t)n;
      if (len && line[len - 1] == '\n') len--;
      if (++n_keys > PG_PRELOAD_MAX) {
        too_many = 1;
        kf_free(&st->seen);
      } else if (kf_add(&st->seen, key_hash(prefix, plen, line, len))) {
        PQfreemem(line);
        return parley_error_set(err, PARLEY_ENOMEM, b->display, 0, "out of memory reading stored keys");
      }
    }
    PQfreemem(line);
  }
  int rc = PARLEY_OK;
  while ((r = PQgetResult(b->conn)) != NULL) {
    if (!rc && PQresultStatus(r) != PGRES_COMMAND_OK) rc = pg_error(b, r, "reading stored keys", err);
    PQclear(r);
    if (PQstatus(b->conn) == CONNECTION_BAD) break;
  }
  if (!rc && n == -2) rc = pg_error(b, NULL, "reading stored keys", err);
  if (rc) return rc;
  st->mode = too_many ? KEYS_ROW : KEYS_BULK;
  return PARLEY_OK;
}

/* The key state of an origin: decided on first use in a write generation. */
static int origin_of(store_impl *b, const char *origin, origin_state **out, parley_error *err) {
  *out = NULL;
  for (size_t i = 0; i < b->n_origins; i++)
    if (!strcmp(b->origins[i].origin, origin)) {
      *out = &b->origins[i];
      return PARLEY_OK;
    }
  if (b->n_origins == MAX_ORIGINS || strlen(origin) >= sizeof b->origins[0].origin) return PARLEY_OK;
  origin_state *st = &b->origins[b->n_origins];
  memset(st, 0, sizeof *st);
  snprintf(st->origin, sizeof st->origin, "%s", origin);
  char *lit = PQescapeLiteral(b->conn, origin, strlen(origin));
  if (!lit) return pg_error(b, NULL, "reading stored keys", err);
  char sql[256];
  snprintf(sql, sizeof sql, "SELECT EXISTS (SELECT 1 FROM %s WHERE origin = %s)",
           b->partitioned ? "event_keys" : "events", lit);
  PGresult *r;
  int rc = exec_sql(b, sql, "reading stored keys", &r, err);
  if (rc) {
    PQfreemem(lit);
    return rc;
  }
  int exists = PQgetvalue(r, 0, 0)[0] == 't';
  PQclear(r);
  if (!exists)
    st->mode = KEYS_BULK;
  else {
    snprintf(sql, sizeof sql, "COPY (SELECT event_key FROM %s WHERE origin = %s AND event_key IS NOT NULL) TO STDOUT",
             b->partitioned ? "event_keys" : "events", lit);
    rc = preload(b, st, sql, origin, err);
  }
  PQfreemem(lit);
  if (rc) {
    kf_free(&st->seen);
    return rc;
  }
  b->n_origins++;
  *out = st;
  return PARLEY_OK;
}

/* --- connection ----------------------------------------------------------- */

static void make_display(const char *uri, char *out, size_t size) {
  char *msg = NULL;
  PQconninfoOption *o = PQconninfoParse(uri, &msg);
  if (!o) {
    snprintf(out, size, "postgresql://…");
    PQfreemem(msg);
    return;
  }
  const char *host = NULL, *port = NULL, *db = NULL, *user = NULL;
  for (PQconninfoOption *p = o; p->keyword; p++) {
    if (!p->val || !*p->val) continue;
    if (!strcmp(p->keyword, "host"))
      host = p->val;
    else if (!strcmp(p->keyword, "hostaddr") && !host)
      host = p->val;
    else if (!strcmp(p->keyword, "port"))
      port = p->val;
    else if (!strcmp(p->keyword, "dbname"))
      db = p->val;
    else if (!strcmp(p->keyword, "user"))
      user = p->val;
  }
  snprintf(out, size, "postgresql://%s%s%s%s%s/%s", user ? user : "", user ? "@" : "", host ? host : "localhost",
           port ? ":" : "", port ? port : "", db ? db : "");
  PQconninfoFree(o);
}

static void pg_close(store_impl *b) {
  if (!b) return;
  if (b->conn) PQfinish(b->conn);
  forget_keys(b);
  sbuf_free(&b->ev_buf);
  sbuf_free(&b->key_buf);
  sbuf_free(&b->men_buf);
  sbuf_free(&b->scratch);
  free(b);
}

static int read_version(store_impl *b, int *v, int *has_meta, parley_error *err) {
  PGresult *r;
  *v = 0;
  *has_meta = 0;
  /* A scan of pg_class, not to_regclass(): the latter may answer from this
   * session's catalog cache, stale while another opener's schema commits. */
  int rc = exec_sql(b,
                    "SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relname = 'store_meta' AND n.nspname = current_schema())",
                    "reading the schema version", &r, err);
  if (rc) return rc;
  *has_meta = PQgetvalue(r, 0, 0)[0] == 't';
  PQclear(r);
  if (!*has_meta) return PARLEY_OK;
  rc = exec_sql(b, "SELECT value FROM store_meta WHERE key = 'schema_version'", "reading the schema version", &r, err);
  if (rc) return rc;
  if (PQntuples(r)) *v = atoi(PQgetvalue(r, 0, 0));
  PQclear(r);
  return PARLEY_OK;
}

static int setup_schema(store_impl *b, parley_error *err) {
  int v = 0, has_meta = 0, rc;
  /* Up to date (the usual case): nothing to lock, so an open never waits for
   * a writer that holds the lock for its whole command. */
  if ((rc = read_version(b, &v, &has_meta, err))) return rc;
  if (has_meta && v == PARLEY_STORE_SCHEMA_VERSION) return PARLEY_OK;
  char lock[160];
  snprintf(lock, sizeof lock, "BEGIN; SET LOCAL lock_timeout = %d; SELECT pg_advisory_xact_lock(" PG_LOCK_KEY ")",
           b->busy_ms > 0 ? b->busy_ms : 1);
  if ((rc = exec_sql(b, lock, "creating the schema", NULL, err))) goto fail;
  if ((rc = read_version(b, &v, &has_meta, err))) goto fail;
  if (v > PARLEY_STORE_SCHEMA_VERSION) {
    rc = parley_error_set(err, PARLEY_ESTORE, b->display, 0,
                          "database schema version %d is newer than this parley's (%d): upgrade parley", v,
                          PARLEY_STORE_SCHEMA_VERSION);
    goto fail;
  }
  if (v == 0) {
    PGresult *r;
    if ((rc = exec_sql(b,
                       "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'f')",
                       "reading the schema", &r, err)))
      goto fail;
    long long n = col_ll(r, 0, 0);
    PQclear(r);
    if (n > 0) {
      rc = parley_error_set(err, PARLEY_ESTORE, b->display, 0,
                            "not a parley database (its schema has tables but no parley schema version)");
      goto fail;
    }
    if ((rc = exec_sql(b, store_pg_schema_sql, "creating the schema", NULL, err))) goto fail;
  } else if (v < PARLEY_STORE_SCHEMA_VERSION) {
    for (int k = v < PG_FIRST_VERSION ? PG_FIRST_VERSION : v; k < PARLEY_STORE_SCHEMA_VERSION; k++) {
      char what[64];
      snprintf(what, sizeof what, "migrating the schema from version %d to %d", k, k + 1);
      if (PG_MIGRATIONS[k] && (rc = exec_sql(b, PG_MIGRATIONS[k], what, NULL, err))) goto fail;
      if (k == 4) {
        sbuf move = {0};
        rc = store_v5_move_sql(1, &move) ? parley_error_set(err, PARLEY_ENOMEM, b->display, 0, "out of memory")
                                         : exec_sql(b, move.s, what, NULL, err);
        sbuf_free(&move);
        if (rc) goto fail;
      }
    }
    if ((rc = exec_sql(b, store_pg_schema_sql, "migrating the schema", NULL, err))) goto fail;
  }
  char sql[256];
  snprintf(sql, sizeof sql,
           "INSERT INTO store_meta (key, value) VALUES ('schema_version', '%d') ON CONFLICT (key) DO UPDATE SET "
           "value = excluded.value; INSERT INTO store_meta (key, value) VALUES ('pg_write_generation', '0') "
           "ON CONFLICT DO NOTHING; COMMIT",
           PARLEY_STORE_SCHEMA_VERSION);
  if (v != PARLEY_STORE_SCHEMA_VERSION || !has_meta) return exec_sql(b, sql, "setting the schema version", NULL, err);
  return exec_sql(b,
                  "INSERT INTO store_meta (key, value) VALUES ('pg_write_generation', '0') ON CONFLICT DO NOTHING; "
                  "COMMIT",
                  "opening the database", NULL, err);
fail:
  if (PQstatus(b->conn) == CONNECTION_OK) PQclear(PQexec(b->conn, "ROLLBACK"));
  return rc;
}

static int pg_open(const char *target, int flags, store_impl **out, parley_error *err) {
  *out = NULL;
  store_impl *b = calloc(1, sizeof *b);
  if (!b) return parley_error_set(err, PARLEY_ENOMEM, target, 0, "out of memory");
  make_display(target, b->display, sizeof b->display);
  b->busy_ms = PARLEY_STORE_BUSY_TIMEOUT_MS;
  b->readonly = !(flags & PARLEY_STORE_READWRITE);
  /* Defaults first: whatever the URI says wins. */
  const char *keys[] = {"connect_timeout", "application_name", "client_encoding", "dbname", NULL};
  const char *vals[] = {"10", "parley", "UTF8", target, NULL};
  b->conn = PQconnectdbParams(keys, vals, 1);
  if (!b->conn) {
    pg_close(b);
    return parley_error_set(err, PARLEY_ENOMEM, target, 0, "out of memory");
  }
  int rc;
  if (PQstatus(b->conn) != CONNECTION_OK) {
    char line[512];
    const char *m = first_line(PQerrorMessage(b->conn), line, sizeof line);
    if (strstr(m, "authentication failed") || strstr(m, "no password supplied") || PQconnectionNeedsPassword(b->conn))
      rc = parley_error_set(err, PARLEY_ESTORE, b->display, 0,
                            "authentication failed: the PostgreSQL server refused the user or password (%s); give "
                            "them in the URI, ~/.pgpass or $PGPASSWORD",
                            m);
    else if (strstr(m, "does not exist"))
      rc = parley_error_set(err, PARLEY_ESTORE, b->display, 0, "%s (create it first: createdb)", m);
    else
      rc =
          parley_error_set(err, PARLEY_ESTORE, b->display, 0,
                           "cannot connect to the PostgreSQL server: %s (is it running, and is the address right?)", m);
    pg_close(b);
    return rc;
  }
  PQsetNoticeProcessor(b->conn, NULL, NULL); /* NOTICEs of IF NOT EXISTS are not for the user */
  if (b->readonly) {
    if ((rc = exec_sql(b, "SET default_transaction_read_only = on", "opening the database", NULL, err))) goto fail;
  } else {
    PGresult *r;
    if ((rc = exec_sql(b, "SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only')",
                       "opening the database", &r, err)))
      goto fail;
    int standby = PQgetvalue(r, 0, 0)[0] == 't', ro = !strcmp(PQgetvalue(r, 0, 1), "on");
    PQclear(r);
    if (standby || ro) {
      rc = parley_error_set(err, PARLEY_ESTORE, b->display, 0,
                            standby ? "the PostgreSQL server is a read-only replica (hot standby): write to the "
                                      "primary server; replicas serve the ask commands"
                                    : "the PostgreSQL server accepts only reads (default_transaction_read_only is "
                                      "on): write to a server or database that accepts writes");
      goto fail;
    }
    if ((rc = setup_schema(b, err))) goto fail;
  }
  int v = 0, has_meta = 0;
  if ((rc = read_version(b, &v, &has_meta, err))) goto fail;
  if (v == 0) {
    rc = parley_error_set(err, PARLEY_ESTORE, b->display, 0, "not a parley database (no schema version)");
    goto fail;
  }
  if (v != PARLEY_STORE_SCHEMA_VERSION) {
    rc = parley_error_set(err, PARLEY_ESTORE, b->display, 0,
                          v < PARLEY_STORE_SCHEMA_VERSION
                              ? "database schema version %d is older than this parley's (%d): open it read-write "
                                "once (any 'parley add', 'load' or 'import') to migrate it"
                              : "database schema version %d is newer than this parley's (%d): upgrade parley",
                          v, PARLEY_STORE_SCHEMA_VERSION);
    goto fail;
  }
  PGresult *r;
  if ((rc = exec_sql(b,
                     "SELECT coalesce((SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass('events')), false) "
                     "AND to_regclass('event_keys') IS NOT NULL",
                     "reading the schema", &r, err)))
    goto fail;
  b->partitioned = PQgetvalue(r, 0, 0)[0] == 't';
  PQclear(r);
  *out = b;
  return PARLEY_OK;
fail:
  pg_close(b);
  return rc;
}

static void *pg_native(store_impl *b) { return b->conn; }

static void pg_set_busy_timeout(store_impl *b, int ms) { b->busy_ms = ms < 0 ? 0 : ms; }

static int pg_schema_version(store_impl *b, int *version, parley_error *err) {
  int has_meta;
  return read_version(b, version, &has_meta, err);
}

/* --- transactions --------------------------------------------------------- */

static int pg_begin(store_impl *b, parley_error *err) {
  if (b->readonly) return parley_error_set(err, PARLEY_EINVAL, b->display, 0, "the database is open read-only");
  char sql[320];
  int rc;
  if (!b->writer_locked) {
    /* One writer per database for the whole command (as the SQLite backend's
     * flock): a session-level advisory lock, taken at the first transaction
     * and held until the connection closes (or dies: the server then drops
     * it), so no other writer slips in between two batches. One implicit
     * transaction: if the wait times out, the SETs are undone too. */
    snprintf(sql, sizeof sql, "SET lock_timeout = %d; SELECT pg_advisory_lock(" PG_LOCK_KEY "); SET lock_timeout = 0",
             b->busy_ms > 0 ? b->busy_ms : 1);
    if ((rc = exec_sql(b, sql, "starting a transaction", NULL, err))) return rc;
    b->writer_locked = 1;
  }
  PGresult *r;
  rc = exec_sql(b, "BEGIN; SELECT value FROM store_meta WHERE key = 'pg_write_generation'", "starting a transaction",
                &r, err);
  if (rc) {
    if (PQstatus(b->conn) == CONNECTION_OK) PQclear(PQexec(b->conn, "ROLLBACK"));
    return rc;
  }
  const char *gen = PQntuples(r) ? PQgetvalue(r, 0, 0) : "";
  if (strcmp(gen, b->write_gen) != 0) { /* another writer committed since: keys must be read again */
    forget_keys(b);
    snprintf(b->write_gen, sizeof b->write_gen, "%s", gen);
  }
  PQclear(r);
  b->in_tx = 1;
  b->dirty = 0;
  forget_ids(b);
  discard(b);
  return PARLEY_OK;
}

static int pg_commit(store_impl *b, parley_error *err) {
  int rc = flush(b, err);
  if (rc) return rc;
  if (b->dirty) {
    PGresult *r;
    rc = exec_sql(b,
                  "UPDATE store_meta SET value = (value::bigint + 1)::text WHERE key = 'pg_write_generation' "
                  "RETURNING value",
                  "committing", &r, err);
    if (rc) return rc;
    char gen[32];
    snprintf(gen, sizeof gen, "%s", PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
    PQclear(r);
    if ((rc = exec_sql(b, "COMMIT", "committing", NULL, err))) return rc;
    snprintf(b->write_gen, sizeof b->write_gen, "%s", gen);
  } else if ((rc = exec_sql(b, "COMMIT", "committing", NULL, err)))
    return rc;
  b->in_tx = 0;
  return PARLEY_OK;
}

static void pg_rollback(store_impl *b) {
  discard(b);
  forget_ids(b);
  if (b->in_tx && PQstatus(b->conn) == CONNECTION_OK) PQclear(PQexec(b->conn, "ROLLBACK"));
  b->in_tx = 0;
}

static int pg_savepoint(store_impl *b, parley_error *err) {
  int rc = flush(b, err);
  if (rc) return rc;
  return exec_sql(b, "SAVEPOINT parley_doc", "savepoint", NULL, err);
}

static int pg_release(store_impl *b, parley_error *err) {
  int rc = flush(b, err);
  if (rc) return rc;
  return exec_sql(b, "RELEASE parley_doc", "savepoint release", NULL, err);
}

static void pg_rollback_savepoint(store_impl *b) {
  discard(b);
  forget_ids(b); /* SQLite gives the undone rows' ids again: so do we */
  if (PQstatus(b->conn) == CONNECTION_OK) PQclear(PQexec(b->conn, "ROLLBACK TO parley_doc; RELEASE parley_doc"));
}

static int pg_meta_get(store_impl *b, const char *key, char *buf, size_t size, parley_error *err) {
  buf[0] = '\0';
  params p = {.n = 0};
  p_text(&p, key);
  PGresult *r;
  int rc = run(b, ST_META_GET, &p, "reading store_meta", &r, err);
  if (rc) return rc;
  if (PQntuples(r)) snprintf(buf, size, "%s", PQgetvalue(r, 0, 0));
  PQclear(r);
  return PARLEY_OK;
}

/* --- documents ------------------------------------------------------------- */

static int pg_doc_find(store_impl *b, const char *hash, long long *id, int *has_text, parley_error *err) {
  *id = 0;
  params p = {.n = 0};
  p_text(&p, hash);
  PGresult *r;
  int rc = run(b, ST_DOC_FIND, &p, "looking up a document", &r, err);
  if (rc) return rc;
  if (PQntuples(r)) {
    *id = col_ll(r, 0, 0);
    if (has_text) *has_text = (int)col_ll(r, 0, 1);
  }
  PQclear(r);
  return PARLEY_OK;
}

/* PostgreSQL text cannot hold NUL bytes: the text is cut at the first one
 * (the reader never produces them). */
static void doc_params(params *p, const store_doc_row *d, int with_hash) {
  p_text(p, d->doc_key);
  if (with_hash) p_text(p, d->hash);
  p_text(p, d->date);
  p_text(p, d->source);
  p_text(p, d->url);
  p_text(p, d->title);
  p_text(p, d->lang);
  p_text(p, d->file);
  p_text(p, d->meta_json);
  p_text(p, d->notice);
  p_str(p, d->text);
  if (with_hash) p_int(p, d->has_text);
}

static int pg_doc_insert(store_impl *b, const store_doc_row *d, long long *id, parley_error *err) {
  int rc = next_id(b, ID_DOCUMENTS, id, err);
  if (rc) return rc;
  params p = {.n = 0};
  p_int(&p, *id);
  doc_params(&p, d, 1);
  b->dirty = 1;
  return run(b, ST_DOC_INSERT, &p, "storing a document", NULL, err);
}

static int pg_doc_fill(store_impl *b, long long id, const store_doc_row *d, parley_error *err) {
  params p = {.n = 0};
  p_int(&p, id);
  doc_params(&p, d, 0);
  b->dirty = 1;
  return run(b, ST_DOC_FILL, &p, "completing a document", NULL, err);
}

static int pg_ref_insert(store_impl *b, long long doc_id, long long idx, const parley_reference *r, parley_error *err) {
  params p = {.n = 0};
  p_int(&p, doc_id);
  p_int(&p, idx);
  p_text(&p, r->outlet);
  p_text(&p, r->date);
  p_text(&p, r->headline);
  p_int(&p, (long long)r->span.start);
  p_int(&p, (long long)r->span.end);
  b->dirty = 1;
  return run(b, ST_REF_INSERT, &p, "storing a reference", NULL, err);
}

static int pg_sentence_insert(store_impl *b, long long doc_id, long long idx, long long start, long long end,
                              const char *lang, parley_error *err) {
  params p = {.n = 0};
  p_int(&p, doc_id);
  p_int(&p, idx);
  p_int(&p, start);
  p_int(&p, end);
  p_text(&p, lang);
  b->dirty = 1;
  return run(b, ST_SENT_INSERT, &p, "storing a sentence", NULL, err);
}

static int pg_actor_note(store_impl *b, const char *code, const char *country, const char *name, parley_error *err) {
  if (!code || !*code) return PARLEY_OK;
  params p = {.n = 0};
  p_text(&p, code);
  p_text(&p, country);
  p_text(&p, name);
  b->dirty = 1;
  return run(b, ST_ACTOR, &p, "storing an actor", NULL, err);
}

/* --- events ------------------------------------------------------------------ */

static void event_params(params *p, const store_event_row *e, long long id) {
  p_int(p, id);
  p_text(p, e->origin);
  p_text(p, e->event_key);
  p_int(p, e->doc_id);
  p_int(p, e->sentence);
  p_int(p, e->span_start);
  p_int(p, e->span_end);
  p_int(p, e->day == STORE_NULL ? 0 : e->day);
  p_int(p, e->day_end);
  p_text(p, e->date_basis);
  p_int(p, e->date_precision);
  p_text(p, e->source_code);
  p_text(p, e->source_country);
  p_text(p, e->source_name);
  p_text(p, e->target_code);
  p_text(p, e->target_country);
  p_text(p, e->target_name);
  p_str(p, e->event_code);
  p_str(p, e->root_code);
  p_int(p, e->quad_class);
  p_real(p, e->goldstein);
  p_int(p, e->count);
  p_text(p, e->trigger);
  p_text(p, e->pattern);
  p_text(p, e->lang);
  p_text(p, e->location);
  p_text(p, e->location_country);
  p_real(p, e->lat);
  p_real(p, e->lon);
  p_int(p, e->num_mentions);
  p_int(p, e->num_sources);
  p_int(p, e->num_articles);
  p_real(p, e->avg_tone);
  p_int(p, e->fatalities);
  p_text(p, e->source_url);
  p_text(p, e->extra_json);
  p_text(p, e->base_code);
  p_text(p, e->source_type);
  p_text(p, e->target_type);
  p_int(p, e->is_root);
  p_int(p, e->date_added);
  p_int(p, e->location_type);
  p_text(p, e->location_fips);
  p_text(p, e->location_adm1);
  p_text(p, e->location_adm2);
  p_text(p, e->location_feature);
  const store_geo *g[2] = {&e->source_geo, &e->target_geo};
  for (int k = 0; k < 2; k++) {
    p_int(p, g[k]->type);
    p_text(p, g[k]->name);
    p_text(p, g[k]->country);
    p_text(p, g[k]->fips);
    p_text(p, g[k]->adm1);
    p_text(p, g[k]->adm2);
    p_real(p, g[k]->lat);
    p_real(p, g[k]->lon);
    p_text(p, g[k]->feature);
  }
}

/* The hash of an origin's key as COPY writes it (preload reads COPY text). */
static uint64_t event_key_hash(const char *origin, const char *key, sbuf *tmp) {
  tmp->len = 0;
  copy_field(tmp, key, 1);
  return key_hash(origin, strlen(origin), tmp->s ? tmp->s : "", tmp->len);
}

static int buffer_event(store_impl *b, const store_event_row *e, long long *id, parley_error *err) {
  int rc = next_id(b, ID_EVENTS, id, err);
  if (rc) return rc;
  params p = {.n = 0};
  event_params(&p, e, *id);
  if (copy_row(&b->ev_buf, &p)) return parley_error_set(err, PARLEY_ENOMEM, b->display, 0, "out of memory");
  if (b->partitioned) {
    params k = {.n = 0};
    p_int(&k, *id);
    p_text(&k, e->origin);
    p_text(&k, e->event_key);
    if (copy_row(&b->key_buf, &k)) return parley_error_set(err, PARLEY_ENOMEM, b->display, 0, "out of memory");
  }
  b->ev_rows++;
  b->dirty = 1;
  if (b->ev_buf.len >= PG_FLUSH_BYTES) return flush(b, err);
  return PARLEY_OK;
}

static int pg_event_insert(store_impl *b, const store_event_row *e, long long *id, long long *other_doc,
                           parley_error *err) {
  *id = 0;
  if (other_doc) *other_doc = 0;
  int rc;
  origin_state *st = NULL;
  uint64_t h = 0;
  /* Imported records (no document to answer to) inside a transaction: COPY. */
  if (!other_doc && b->in_tx && e->origin && *e->origin) {
    if ((rc = origin_of(b, e->origin, &st, err))) return rc;
    if (st && st->mode == KEYS_BULK) {
      if (!e->event_key || !*e->event_key) return buffer_event(b, e, id, err);
      h = event_key_hash(e->origin, e->event_key, &b->scratch);
      if (!keyset_has(&st->pending, h)) { /* (a key in the unsent batch: flush, then ask the table) */
        if (kf_maybe(&st->seen, h)) {     /* stored before, or a false positive: ask the table */
          params q = {.n = 0};
          p_text(&q, e->origin);
          p_text(&q, e->event_key);
          PGresult *r;
          if ((rc = run(b, b->partitioned ? ST_EVENT_EXISTS_P : ST_EVENT_EXISTS, &q, "looking up an event", &r, err)))
            return rc;
          int exists = PQntuples(r) > 0;
          PQclear(r);
          if (exists) return PARLEY_OK; /* already stored: *id = 0 */
        }
        if (kf_add(&st->seen, h) || keyset_add(&st->pending, h))
          return parley_error_set(err, PARLEY_ENOMEM, b->display, 0, "out of memory");
        return buffer_event(b, e, id, err);
      }
    }
  }
  if ((rc = flush(b, err))) return rc;
  long long nid;
  if ((rc = next_id(b, ID_EVENTS, &nid, err))) return rc;
  params p = {.n = 0};
  event_params(&p, e, nid);
  PGresult *r;
  if ((rc = run(b, b->partitioned ? ST_EVENT_INSERT_P : ST_EVENT_INSERT, &p, "storing an event", &r, err))) return rc;
  int inserted = PQntuples(r) > 0;
  PQclear(r);
  if (inserted) {
    *id = nid;
    b->dirty = 1;
    if (st && st->mode == KEYS_BULK && h && kf_add(&st->seen, h))
      return parley_error_set(err, PARLEY_ENOMEM, b->display, 0, "out of memory");
    return PARLEY_OK;
  }
  b->next_id[ID_EVENTS]--; /* not used: SQLite would give it to the next row */
  if (other_doc && e->event_key) {
    params q = {.n = 0};
    p_text(&q, e->origin);
    p_text(&q, e->event_key);
    if ((rc = run(b, b->partitioned ? ST_EVENT_DOC_P : ST_EVENT_DOC, &q, "looking up an event", &r, err))) return rc;
    if (PQntuples(r)) *other_doc = col_ll(r, 0, 0);
    PQclear(r);
  }
  return PARLEY_OK;
}

static int pg_event_group(store_impl *b, long long event_id, const store_group_key *k, long long *group_id,
                          parley_error *err) {
  long long gid = 0;
  int rc;
  PGresult *r;
  if (k->day > 0) {
    int w = k->date_precision == 3 ? k->window_days : 0;
    long long d = ymd_to_days(k->day);
    /* SQLite's "IS ?" written per case, so that the index is used. */
    char sql[512];
    params p = {.n = 0};
    int n = 0;
    char c1[48], c2[48], c4[48];
    if (k->source_code)
      snprintf(c1, sizeof c1, "source_code = $%d", ++n), p_text(&p, k->source_code);
    else
      snprintf(c1, sizeof c1, "source_code IS NULL");
    if (k->target_code)
      snprintf(c2, sizeof c2, "target_code = $%d", ++n), p_text(&p, k->target_code);
    else
      snprintf(c2, sizeof c2, "target_code IS NULL");
    p_str(&p, k->root_code);
    int nroot = ++n;
    if (k->date_precision)
      snprintf(c4, sizeof c4, "date_precision = $%d", ++n), p_int(&p, k->date_precision);
    else
      snprintf(c4, sizeof c4, "date_precision IS NULL");
    p_int(&p, days_to_ymd(d - w));
    p_int(&p, days_to_ymd(d + w));
    snprintf(sql, sizeof sql,
             "SELECT id, day_first, day_last FROM event_groups WHERE %s AND %s AND root_code = $%d AND %s "
             "AND day_first BETWEEN $%d AND $%d ORDER BY day_first, id",
             c1, c2, nroot, c4, n + 1, n + 2);
    r = PQexecParams(b->conn, sql, p.n, NULL, p.v, NULL, NULL, 0);
    if (!ok_result(r)) {
      rc = pg_error(b, r, "finding an event group", err);
      PQclear(r);
      return rc;
    }
    long long best_dist = -1;
    for (int i = 0; i < PQntuples(r); i++) {
      long long id = col_ll(r, i, 0);
      long long f = ymd_to_days(col_ll(r, i, 1)), l = ymd_to_days(col_ll(r, i, 2));
      long long lo = f < d ? f : d, hi = l > d ? l : d;
      if (hi - lo > w) continue;
      long long dist = d < f ? f - d : d > l ? d - l : 0;
      /* rows in SQLite's index order (day_first, id): ties go to the first */
      if (best_dist < 0 || dist < best_dist) best_dist = dist, gid = id;
    }
    PQclear(r);
  }
  if (!gid) {
    if ((rc = next_id(b, ID_GROUPS, &gid, err))) return rc;
    params p = {.n = 0};
    p_int(&p, gid);
    p_text(&p, k->source_code);
    p_text(&p, k->target_code);
    p_text(&p, k->source_country);
    p_text(&p, k->target_country);
    p_str(&p, k->root_code);
    p_str(&p, k->event_code);
    p_int(&p, k->day > 0 ? k->day : 0);
    p_text(&p, k->doc_date);
    p_int(&p, k->date_precision ? k->date_precision : STORE_NULL);
    if ((rc = run(b, ST_GROUP_INSERT, &p, "creating an event group", NULL, err))) return rc;
  }
  /* Is this document new to the group? (before the event joins it) */
  params h = {.n = 0};
  p_int(&h, k->doc_id);
  p_int(&h, gid);
  if ((rc = run(b, ST_GROUP_HAS_DOC, &h, "updating an event group", &r, err))) return rc;
  int new_article = PQntuples(r) == 0;
  PQclear(r);
  int new_source = 0;
  if (new_article) {
    char own[32];
    snprintf(own, sizeof own, "#%lld", k->doc_id);
    params o = {.n = 0};
    p_int(&o, gid);
    p_str(&o, k->outlet && *k->outlet ? k->outlet : own);
    if ((rc = run(b, ST_GROUP_SOURCE, &o, "updating an event group", &r, err))) return rc;
    new_source = atoi(PQcmdTuples(r)) > 0;
    PQclear(r);
  }
  params p = {.n = 0};
  p_int(&p, gid);
  p_int(&p, event_id);
  if ((rc = run(b, ST_EVENT_SET_GROUP, &p, "grouping an event", NULL, err))) return rc;
  const char *code = k->event_code ? k->event_code : "";
  size_t cl = strlen(code);
  int spec = (int)cl * 2 + !(cl == 3 && code[2] == '0');
  params q = {.n = 0};
  p_int(&q, gid);
  p_int(&q, new_article);
  p_int(&q, new_source);
  p_int(&q, k->day > 0 ? k->day : 0);
  p_text(&q, k->doc_date);
  p_str(&q, code);
  p_int(&q, spec);
  p_text(&q, k->source_country);
  p_text(&q, k->target_country);
  if ((rc = run(b, ST_GROUP_REFRESH, &q, "updating an event group", NULL, err))) return rc;
  b->dirty = 1;
  *group_id = gid;
  return PARLEY_OK;
}

static int pg_claim_insert(store_impl *b, const store_claim_row *c, parley_error *err) {
  long long id;
  int rc = next_id(b, ID_CLAIMS, &id, err);
  if (rc) return rc;
  params p = {.n = 0};
  p_int(&p, id);
  p_int(&p, c->event_id);
  p_int(&p, c->group_id);
  p_str(&p, c->actor_code);
  p_text(&p, c->actor_country);
  p_text(&p, c->actor_name);
  p_text(&p, c->stance);
  p_int(&p, c->doc_id);
  p_int(&p, c->sentence);
  p_int(&p, c->span_start);
  p_int(&p, c->span_end);
  p_text(&p, c->cue);
  b->dirty = 1;
  return run(b, ST_CLAIM_INSERT, &p, "storing a claim", NULL, err);
}

static void mention_params(params *p, const store_mention_row *m, long long id) {
  p_int(p, id);
  p_text(p, m->event_key);
  p_int(p, m->event_time);
  p_int(p, m->mention_time);
  p_int(p, m->mention_type);
  p_text(p, m->source_name);
  p_str(p, m->identifier);
  p_int(p, m->sentence_id);
  p_int(p, m->actor1_offset);
  p_int(p, m->actor2_offset);
  p_int(p, m->action_offset);
  p_int(p, m->in_raw_text);
  p_int(p, m->confidence);
  p_int(p, m->doc_len);
  p_real(p, m->doc_tone);
  p_text(p, m->translation_info);
  p_text(p, m->extras);
}

/* The mention key hash over COPY text "event_key\tidentifier\tsentence_id". */
static uint64_t mention_hash(const params *p, sbuf *tmp) {
  tmp->len = 0;
  copy_field(tmp, p->v[1], 1);
  copy_field(tmp, p->v[6], 0);
  copy_field(tmp, p->v[7], 0);
  return key_hash("", 0, tmp->s ? tmp->s : "", tmp->len);
}

static int pg_mention_insert(store_impl *b, const store_mention_row *m, int *inserted, parley_error *err) {
  *inserted = 0;
  int rc;
  long long id;
  params p = {.n = 0};
  mention_params(&p, m, 0);
  uint64_t h = 0;
  origin_state *st = &b->mentions;
  if (b->in_tx && st->mode == KEYS_UNKNOWN) {
    PGresult *r;
    if ((rc = exec_sql(b, "SELECT EXISTS (SELECT 1 FROM gdelt_mentions)", "reading stored keys", &r, err))) return rc;
    int exists = PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    if (!exists)
      st->mode = KEYS_BULK;
    else if ((rc = preload(b, st,
                           "COPY (SELECT event_key, identifier, sentence_id FROM gdelt_mentions "
                           "WHERE sentence_id IS NOT NULL) TO STDOUT",
                           "", err)))
      return rc;
  }
  if (b->in_tx && st->mode == KEYS_BULK) {
    int fresh = 1;
    if (p.v[7]) { /* a NULL sentence id never conflicts (unique index semantics) */
      h = mention_hash(&p, &b->scratch);
      fresh = !keyset_has(&st->pending, h);
      if (fresh && kf_maybe(&st->seen, h)) {
        params q = {.n = 0};
        q.v[q.n++] = p.v[1];
        q.v[q.n++] = p.v[6];
        q.v[q.n++] = p.v[7];
        PGresult *r;
        if ((rc = run(b, ST_MENTION_EXISTS, &q, "looking up a mention", &r, err))) return rc;
        int exists = PQntuples(r) > 0;
        PQclear(r);
        if (exists) return PARLEY_OK; /* already stored: *inserted = 0 */
      }
    }
    if (fresh) {
      if (h && (kf_add(&st->seen, h) || keyset_add(&st->pending, h)))
        return parley_error_set(err, PARLEY_ENOMEM, b->display, 0, "out of memory");
      if ((rc = next_id(b, ID_MENTIONS, &id, err))) return rc;
      snprintf(p.buf[0], sizeof p.buf[0], "%lld", id);
      p.v[0] = p.buf[0];
      if (copy_row(&b->men_buf, &p)) return parley_error_set(err, PARLEY_ENOMEM, b->display, 0, "out of memory");
      b->men_rows++;
      b->dirty = 1;
      *inserted = 1;
      if (b->men_buf.len >= PG_FLUSH_BYTES) return flush(b, err);
      return PARLEY_OK;
    }
  }
  if ((rc = flush(b, err))) return rc;
  if ((rc = next_id(b, ID_MENTIONS, &id, err))) return rc;
  snprintf(p.buf[0], sizeof p.buf[0], "%lld", id);
  p.v[0] = p.buf[0];
  PGresult *r;
  if ((rc = run(b, ST_MENTION_INSERT, &p, "storing a mention", &r, err))) return rc;
  *inserted = PQntuples(r) > 0;
  PQclear(r);
  if (*inserted) {
    b->dirty = 1;
    if (h && st->mode == KEYS_BULK && kf_add(&st->seen, h))
      return parley_error_set(err, PARLEY_ENOMEM, b->display, 0, "out of memory");
  } else
    b->next_id[ID_MENTIONS]--;
  return PARLEY_OK;
}

/* --- imports ------------------------------------------------------------------ */

static int pg_import_find(store_impl *b, const char *kind, const char *hash, int *found, char when[32],
                          parley_error *err) {
  *found = 0;
  when[0] = '\0';
  params p = {.n = 0};
  p_text(&p, kind);
  p_text(&p, hash);
  PGresult *r;
  int rc = run(b, ST_IMPORT_FIND, &p, "looking up imports", &r, err);
  if (rc) return rc;
  if (PQntuples(r)) {
    *found = 1;
    snprintf(when, 32, "%s", PQgetvalue(r, 0, 0));
  }
  PQclear(r);
  return PARLEY_OK;
}

static int pg_import_record(store_impl *b, const char *kind, const char *file, const char *hash,
                            const parley_store_stats *st, parley_error *err) {
  params p = {.n = 0};
  p_text(&p, kind);
  p_text(&p, hash);
  p_text(&p, file);
  p_int(&p, (long long)st->rows_read);
  p_int(&p, (long long)st->rows_stored);
  p_int(&p, (long long)st->rows_skipped);
  PGresult *r;
  b->dirty = 1;
  int rc = run(b, ST_IMPORT_UPDATE, &p, "recording the import", &r, err);
  if (rc) return rc;
  int updated = atoi(PQcmdTuples(r)) > 0;
  PQclear(r);
  if (updated) return PARLEY_OK;
  long long id;
  if ((rc = next_id(b, ID_IMPORTS, &id, err))) return rc;
  params q = {.n = 0};
  p_int(&q, id);
  p_text(&q, kind);
  p_text(&q, file);
  p_text(&q, hash);
  p_int(&q, (long long)st->rows_read);
  p_int(&q, (long long)st->rows_stored);
  p_int(&q, (long long)st->rows_skipped);
  return run(b, ST_IMPORT_INSERT, &q, "recording the import", NULL, err);
}

const store_backend store_pg_backend = {
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .native = pg_native,
    .set_busy_timeout = pg_set_busy_timeout,
    .schema_version = pg_schema_version,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .savepoint = pg_savepoint,
    .release = pg_release,
    .rollback_savepoint = pg_rollback_savepoint,
    .meta_get = pg_meta_get,
    .doc_find = pg_doc_find,
    .doc_insert = pg_doc_insert,
    .doc_fill = pg_doc_fill,
    .ref_insert = pg_ref_insert,
    .sentence_insert = pg_sentence_insert,
    .actor_note = pg_actor_note,
    .event_insert = pg_event_insert,
    .event_group = pg_event_group,
    .claim_insert = pg_claim_insert,
    .mention_insert = pg_mention_insert,
    .import_find = pg_import_find,
    .import_record = pg_import_record,
};

#else
#include <string.h>

#include "pg_internal.h"
#endif

int store_is_pg_uri(const char *t) { return t && (!strncmp(t, "postgresql://", 13) || !strncmp(t, "postgres://", 11)); }
