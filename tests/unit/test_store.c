/* test_store.c — stage 3 (store): the store handle, documents, event groups, claims,
 * JSON Lines round trip, schema versions and migration, busy writers.
 * Documents and events are built by hand so these tests need neither the
 * reader nor the dictionaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parley/parley.h"
#include "store/store_internal.h"

static char tmpdir[256];

static const char *tmp_path(const char *name) {
  static char buf[4][512];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
  return buf[k];
}

static void rm_db(const char *p) {
  char b[600];
  unlink(p);
  snprintf(b, sizeof b, "%s-wal", p);
  unlink(b);
  snprintf(b, sizeof b, "%s-shm", p);
  unlink(b);
}

static long long q1(parley_store *s, const char *sql) {
  sqlite3_stmt *st;
  sqlite3 *db = parley_store_sqlite(s);
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
  long long v = -1;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

static parley_store *open_rw(const char *name) {
  const char *p = tmp_path(name);
  rm_db(p);
  parley_store *s = NULL;
  parley_error err;
  int rc = parley_store_open(p, PARLEY_STORE_READWRITE, &s, &err);
  if (rc) fail_msg("open: %s", err.message);
  return s;
}

/* --- documents and events built by hand --------------------------------- */

typedef struct fake_doc {
  parley_doc doc;
  parley_events ev;
} fake_doc;

static void make_doc(fake_doc *f, const char *id, const char *text, const char *date, const char *source) {
  memset(f, 0, sizeof *f);
  f->doc.id = strdup(id);
  f->doc.text = strdup(text);
  f->doc.text_len = strlen(text);
  f->doc.date = date ? strdup(date) : NULL;
  f->doc.source = source ? strdup(source) : NULL;
  f->doc.lang = strdup("en");
  f->doc.file = strdup("test");
  f->doc.line = 1;
  parley_store_hash_hex(text, strlen(text), f->doc.hash);
}

static parley_event *add_event(fake_doc *f, const char *src, const char *tgt, const char *code, const char *date) {
  f->ev.items = realloc(f->ev.items, (f->ev.count + 1) * sizeof *f->ev.items);
  parley_event *e = &f->ev.items[f->ev.count++];
  memset(e, 0, sizeof *e);
  snprintf(e->id, sizeof e->id, "%s#%zu", f->doc.id, f->ev.count);
  e->doc_id = f->doc.id;
  e->sentence = 0;
  e->span.start = 0;
  e->span.end = 4;
  e->evidence.start = 0;
  e->evidence.end = f->doc.text_len;
  snprintf(e->trigger, sizeof e->trigger, "met");
  snprintf(e->pattern, sizeof e->pattern, "dict/patterns/en.txt:1: %s met", code);
  snprintf(e->date, sizeof e->date, "%s", date ? date : "");
  e->date_basis = date ? PARLEY_DATE_EXPLICIT : PARLEY_DATE_NONE;
  e->date_precision = date ? 3 : 0;
  snprintf(e->source.code, sizeof e->source.code, "%s", src);
  snprintf(e->source.country, sizeof e->source.country, "%.3s", src);
  snprintf(e->source.name, sizeof e->source.name, "Source %s", src);
  snprintf(e->target.code, sizeof e->target.code, "%s", tgt);
  snprintf(e->target.country, sizeof e->target.country, "%.3s", tgt);
  snprintf(e->target.name, sizeof e->target.name, "Target %s", tgt);
  snprintf(e->event_code, sizeof e->event_code, "%s", code);
  snprintf(e->root_code, sizeof e->root_code, "%.2s", code);
  e->quad_class = quad_class_of_root(e->root_code);
  e->goldstein = 1.0;
  snprintf(e->lang, sizeof e->lang, "en");
  return e;
}

static void add_claim(parley_event *e, const char *actor, parley_stance stance) {
  e->claims = realloc(e->claims, (e->n_claims + 1) * sizeof *e->claims);
  parley_claim *c = &e->claims[e->n_claims++];
  memset(c, 0, sizeof *c);
  snprintf(c->actor.code, sizeof c->actor.code, "%s", actor);
  snprintf(c->actor.country, sizeof c->actor.country, "%.3s", actor);
  snprintf(c->actor.name, sizeof c->actor.name, "Claimant");
  c->stance = stance;
  c->span.start = 5;
  c->span.end = 9;
}

static void free_doc(fake_doc *f) {
  for (size_t i = 0; i < f->ev.count; i++)
    free(f->ev.items[i].claims);
  free(f->ev.items);
  free(f->doc.id);
  free(f->doc.text);
  free(f->doc.date);
  free(f->doc.source);
  free(f->doc.lang);
  free(f->doc.file);
}

/* --- tests --------------------------------------------------------------- */

static void open_creates_schema_in_wal_mode(void **state) {
  (void)state;
  parley_store *s = open_rw("create.db");
  int v = 0;
  parley_error err;
  assert_int_equal(parley_store_schema_version(s, &v, &err), PARLEY_OK);
  assert_int_equal(v, PARLEY_STORE_SCHEMA_VERSION);
  assert_string_equal(parley_store_backend(s), "sqlite");
  assert_int_equal(q1(s, "SELECT count(*) FROM sqlite_master WHERE name IN ('documents','doc_references',"
                         "'sentences','actors','events','event_groups','claims','imports','gdelt_mentions',"
                         "'store_meta','events_dedup')"),
                   11);
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(parley_store_sqlite(s), "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
  sqlite3_finalize(st);
  assert_int_equal(q1(s, "SELECT value FROM store_meta WHERE key = 'dedup_window_days'"), 2);
  parley_store_close(s);
  /* a second open neither fails nor changes anything */
  assert_int_equal(parley_store_open(tmp_path("create.db"), PARLEY_STORE_READONLY, &s, &err), PARLEY_OK);
  parley_store_close(s);
}

static void readonly_open_of_missing_database_fails(void **state) {
  (void)state;
  parley_store *s = NULL;
  parley_error err;
  int rc = parley_store_open(tmp_path("nonexistent.db"), PARLEY_STORE_READONLY, &s, &err);
  assert_int_equal(rc, PARLEY_EIO);
  assert_null(s);
  assert_non_null(strstr(err.message, "no database"));
}

static void readonly_store_refuses_writes(void **state) {
  (void)state;
  parley_store *s = open_rw("ro.db");
  parley_store_close(s);
  parley_error err;
  assert_int_equal(parley_store_open(tmp_path("ro.db"), PARLEY_STORE_READONLY, &s, &err), PARLEY_OK);
  fake_doc f;
  make_doc(&f, "d", "Some text.", "2025-03-01", NULL);
  int added = 1;
  assert_int_not_equal(parley_store_add_doc(s, &f.doc, &f.ev, &added, &err), PARLEY_OK);
  assert_int_equal(added, 0);
  free_doc(&f);
  parley_store_close(s);
}

static void adding_the_same_document_twice_changes_nothing(void **state) {
  (void)state;
  parley_store *s = open_rw("twice.db");
  fake_doc f;
  make_doc(&f, "doc1", "The US president met the Russian president in Alaska.", "2025-08-16", "Reuters");
  parley_event *e = add_event(&f, "USAGOV", "RUSGOV", "042", "2025-08-15");
  add_claim(e, "RUSGOV", PARLEY_ASSERTS);
  add_event(&f, "RUSGOV", "USAGOV", "042", "2025-08-15");
  parley_error err;
  int added = -1;
  assert_int_equal(parley_store_add_doc(s, &f.doc, &f.ev, &added, &err), PARLEY_OK);
  assert_int_equal(added, 1);
  int changes = sqlite3_total_changes(parley_store_sqlite(s));
  assert_int_equal(parley_store_add_doc(s, &f.doc, &f.ev, &added, &err), PARLEY_OK);
  assert_int_equal(added, 0);
  assert_int_equal(sqlite3_total_changes(parley_store_sqlite(s)), changes);
  assert_int_equal(q1(s, "SELECT count(*) FROM documents"), 1);
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE origin = 'parley'"), 2);
  assert_int_equal(q1(s, "SELECT count(*) FROM claims WHERE stance = 'asserts' AND actor_code = 'RUSGOV'"), 1);
  assert_int_equal(q1(s, "SELECT day FROM events WHERE event_key = 'doc1#1'"), 20250815);
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE source_type = 'GOV' AND base_code = '042'"), 2);
  assert_int_equal(q1(s, "SELECT count(*) FROM actors WHERE code IN ('USAGOV', 'RUSGOV')"), 2);
  assert_int_equal(q1(s, "SELECT has_text FROM documents"), 1);
  /* the claim points at the event's group */
  assert_int_equal(q1(s, "SELECT count(*) FROM claims c JOIN events e ON e.id = c.event_id "
                         "WHERE c.group_id = e.group_id"),
                   1);
  free_doc(&f);
  parley_store_close(s);
}

static void reports_of_one_event_form_one_group(void **state) {
  (void)state;
  parley_store *s = open_rw("groups.db");
  parley_error err;
  fake_doc a, b, c, d;
  make_doc(&a, "a", "Text A: they met.", "2025-03-18", "Xinhua");
  add_event(&a, "USAGOV", "RUSGOV", "040", "2025-03-18");
  make_doc(&b, "b", "Text B: a phone call.", "2025-03-19", "Reuters");
  add_event(&b, "USAGOV", "RUSGOV", "042", "2025-03-19"); /* same root 04, one day later */
  add_event(&b, "USAGOV", "RUSGOV", "042", "2025-03-24"); /* 6 days later: another event */
  add_event(&b, "USAGOV", "RUSGOV", "112", "2025-03-19"); /* another family */
  make_doc(&c, "c", "Text C: same outlet as A.", "2025-03-20", "Xinhua");
  add_event(&c, "USAGOV", "RUSGOV", "043", "2025-03-20"); /* span 18..20 = 2 days: joins */
  make_doc(&d, "d", "Text D.", "2025-03-21", "TASS");
  add_event(&d, "USAGOV", "RUSGOV", "040", "2025-03-21"); /* span would be 3 days: a new group */
  add_event(&d, "RUSGOV", "USAGOV", "040", "2025-03-18"); /* the other direction: its own group */
  fake_doc *docs[] = {&a, &b, &c, &d};
  assert_int_equal(parley_store_begin(s, &err), PARLEY_OK);
  for (int i = 0; i < 4; i++)
    assert_int_equal(parley_store_add_doc(s, &docs[i]->doc, &docs[i]->ev, NULL, &err), PARLEY_OK);
  assert_int_equal(parley_store_commit(s, &err), PARLEY_OK);
  assert_int_equal(q1(s, "SELECT count(*) FROM events"), 7);
  assert_int_equal(q1(s, "SELECT count(*) FROM event_groups"), 5);
  long long g = q1(s, "SELECT group_id FROM events WHERE event_key = 'a#1'");
  assert_int_equal(q1(s, "SELECT group_id FROM events WHERE event_key = 'b#1'"), g);
  assert_int_equal(q1(s, "SELECT group_id FROM events WHERE event_key = 'c#1'"), g);
  assert_int_not_equal(q1(s, "SELECT group_id FROM events WHERE event_key = 'd#1'"), g);
  assert_int_not_equal(q1(s, "SELECT group_id FROM events WHERE event_key = 'b#2'"), g);
  char sql[256];
  snprintf(sql, sizeof sql,
           "SELECT num_mentions * 10000 + num_articles * 100 + num_sources FROM event_groups WHERE id = %lld", g);
  assert_int_equal(q1(s, sql), 3 * 10000 + 3 * 100 + 2); /* 3 mentions, 3 documents, 2 outlets */
  snprintf(sql, sizeof sql, "SELECT day_first * 100000000 + day_last FROM event_groups WHERE id = %lld", g);
  assert_int_equal(q1(s, sql), 20250318LL * 100000000 + 20250320);
  snprintf(sql, sizeof sql,
           "SELECT event_code = '042' AND first_report = '2025-03-18' AND last_report = '2025-03-20' "
           "FROM event_groups WHERE id = %lld",
           g);
  assert_int_equal(q1(s, sql), 1);
  /* events_dedup: one row per group for coded text */
  assert_int_equal(q1(s, "SELECT count(*) FROM events_dedup WHERE origin = 'parley'"), 5);
  for (int i = 0; i < 4; i++)
    free_doc(docs[i]);
  parley_store_close(s);
}

static void undated_events_are_never_merged(void **state) {
  (void)state;
  parley_store *s = open_rw("undated.db");
  parley_error err;
  fake_doc a;
  make_doc(&a, "u", "Undated text.", NULL, NULL);
  add_event(&a, "USAGOV", "CHNGOV", "040", NULL);
  add_event(&a, "USAGOV", "CHNGOV", "040", NULL);
  assert_int_equal(parley_store_add_doc(s, &a.doc, &a.ev, NULL, &err), PARLEY_OK);
  assert_int_equal(q1(s, "SELECT count(*) FROM event_groups"), 2);
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE day = 0 AND date_precision IS NULL"), 2);
  free_doc(&a);
  parley_store_close(s);
}

static void two_documents_with_the_same_id_keep_their_events(void **state) {
  (void)state;
  parley_store *s = open_rw("sameid.db");
  parley_error err;
  fake_doc a, b;
  make_doc(&a, "news.txt", "First text.", "2025-01-01", NULL);
  add_event(&a, "USAGOV", "CHNGOV", "040", "2025-01-01");
  make_doc(&b, "news.txt", "Second, different text.", "2025-01-02", NULL);
  add_event(&b, "USAGOV", "CHNGOV", "040", "2025-01-02");
  int added;
  assert_int_equal(parley_store_add_doc(s, &a.doc, &a.ev, &added, &err), PARLEY_OK);
  assert_int_equal(parley_store_add_doc(s, &b.doc, &b.ev, &added, &err), PARLEY_OK);
  assert_int_equal(added, 1);
  assert_int_equal(q1(s, "SELECT count(*) FROM events"), 2);
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE event_key LIKE 'news.txt#1@%'"), 1);
  free_doc(&a);
  free_doc(&b);
  parley_store_close(s);
}

/* `parley load` reads back exactly what parley_event_to_json writes. */
static void jsonl_of_parley_code_loads_back(void **state) {
  (void)state;
  fake_doc a, b;
  make_doc(&a, "zh1", "特朗普与普京通电话。克里姆林宫证实了此事。", "2025-03-18", "新华网");
  parley_event *e = add_event(&a, "USAGOV", "RUSGOV", "042", "2025-03-18");
  add_claim(e, "RUSGOV", PARLEY_ASSERTS);
  add_claim(e, "UKRGOV", PARLEY_DOUBTS);
  snprintf(e->location, sizeof e->location, "Alaska");
  snprintf(e->location_country, sizeof e->location_country, "USA");
  e->count = 2;
  make_doc(&b, "en2", "Another text, \"quoted\".", NULL, NULL);
  add_event(&b, "CHN", "USA", "111", NULL);
  const char *path = tmp_path("events.jsonl");
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fake_doc *docs[] = {&a, &b};
  for (int d = 0; d < 2; d++)
    for (size_t i = 0; i < docs[d]->ev.count; i++) {
      char *j = parley_event_to_json(&docs[d]->ev.items[i], &docs[d]->doc, NULL);
      fprintf(f, "%s\n", j);
      free(j);
    }
  fprintf(f, "{\"not\": \"an event\"}\n");
  fclose(f);

  parley_store *s = open_rw("load.db");
  parley_store_stats st;
  parley_error err;
  parley_import_options o = parley_import_default_options();
  assert_int_equal(parley_store_load_events_jsonl(s, path, &o, &st, &err), PARLEY_OK);
  assert_int_equal(st.rows_read, 3);
  assert_int_equal(st.rows_stored, 2);
  assert_int_equal(st.rows_skipped, 1);
  assert_int_equal(st.documents_added, 2);
  assert_int_equal(q1(s, "SELECT count(*) FROM documents WHERE has_text = 0 AND text = ''"), 2);
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE event_key = 'zh1#1' AND day = 20250318 AND "
                         "source_code = 'USAGOV' AND target_code = 'RUSGOV' AND event_code = '042' AND "
                         "root_code = '04' AND quad_class = 1 AND date_precision = 3 AND date_basis = 'explicit' "
                         "AND location = 'Alaska' AND location_country = 'USA' AND count = 2 AND lang = 'en' "
                         "AND trigger = 'met' AND span_start = 0 AND span_end = 4"),
                   1);
  assert_int_equal(q1(s, "SELECT count(*) FROM documents WHERE source = '新华网' AND date = '2025-03-18'"), 1);
  assert_int_equal(q1(s, "SELECT count(*) FROM claims"), 2);
  assert_int_equal(q1(s, "SELECT count(*) FROM claims WHERE stance = 'doubts' AND actor_code = 'UKRGOV'"), 1);
  assert_int_equal(q1(s, "SELECT count(*) FROM sentences"), 2);
  /* loading again: nothing new (the file is known; forced, every event is a duplicate) */
  assert_int_equal(parley_store_load_events_jsonl(s, path, &o, &st, &err), PARLEY_OK);
  assert_int_equal(st.already_imported, 1);
  o.force = 1;
  assert_int_equal(parley_store_load_events_jsonl(s, path, &o, &st, &err), PARLEY_OK);
  assert_int_equal(st.rows_stored, 0);
  assert_int_equal(st.rows_duplicate, 2);
  assert_int_equal(st.documents_present, 2);
  assert_int_equal(q1(s, "SELECT count(*) FROM events"), 2);
  /* a later `parley add` of the same text completes the document */
  int added = 0;
  assert_int_equal(parley_store_add_doc(s, &a.doc, &a.ev, &added, &err), PARLEY_OK);
  assert_int_equal(added, 1);
  assert_int_equal(q1(s, "SELECT has_text FROM documents WHERE doc_key = 'zh1'"), 1);
  assert_int_equal(q1(s, "SELECT count(*) FROM events"), 2);
  free_doc(&a);
  free_doc(&b);
  parley_store_close(s);
}

static void a_second_writer_gets_database_is_busy(void **state) {
  (void)state;
  parley_store *w1 = open_rw("busy.db"), *w2 = NULL;
  parley_error err;
  assert_int_equal(parley_store_open(tmp_path("busy.db"), PARLEY_STORE_READWRITE, &w2, &err), PARLEY_OK);
  parley_store_set_busy_timeout(w2, 200);
  fake_doc a, b;
  make_doc(&a, "w1", "Writer one.", "2025-01-01", NULL);
  add_event(&a, "USA", "CHN", "040", "2025-01-01");
  make_doc(&b, "w2", "Writer two.", "2025-01-01", NULL);
  add_event(&b, "USA", "CHN", "040", "2025-01-01");
  assert_int_equal(parley_store_begin(w1, &err), PARLEY_OK);
  assert_int_equal(parley_store_add_doc(w1, &a.doc, &a.ev, NULL, &err), PARLEY_OK);
  /* a reader sees the last committed state meanwhile */
  parley_store *r = NULL;
  assert_int_equal(parley_store_open(tmp_path("busy.db"), PARLEY_STORE_READONLY, &r, &err), PARLEY_OK);
  assert_int_equal(q1(r, "SELECT count(*) FROM documents"), 0);
  int added = 1;
  double t0 = store_now();
  int rc = parley_store_add_doc(w2, &b.doc, &b.ev, &added, &err);
  double waited = store_now() - t0;
  assert_int_equal(rc, PARLEY_EBUSY);
  assert_int_equal(added, 0);
  assert_non_null(strstr(err.message, "database is busy"));
  assert_true(waited >= 0.15);
  assert_int_equal(parley_store_commit(w1, &err), PARLEY_OK);
  assert_int_equal(q1(r, "SELECT count(*) FROM documents"), 1);
  /* the first writer keeps the database until it closes, so a long import's
   * batches are never interleaved with another writer's */
  assert_int_equal(parley_store_add_doc(w2, &b.doc, &b.ev, &added, &err), PARLEY_EBUSY);
  parley_store_close(w1);
  w1 = NULL;
  assert_int_equal(parley_store_add_doc(w2, &b.doc, &b.ev, &added, &err), PARLEY_OK);
  assert_int_equal(added, 1);
  assert_int_equal(q1(r, "SELECT count(*) FROM documents"), 2);
  assert_int_equal(q1(r, "SELECT count(*) FROM event_groups"), 1);
  parley_store_close(r);
  free_doc(&a);
  free_doc(&b);
  parley_store_close(w1);
  parley_store_close(w2);
}

/* Columns of every table and view, to compare two databases' schemas. */
static char *schema_signature(sqlite3 *db) {
  sbuf b = {0};
  sqlite3_stmt *t;
  assert_int_equal(sqlite3_prepare_v2(db,
                                      "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                                      "ORDER BY type, name",
                                      -1, &t, NULL),
                   SQLITE_OK);
  while (sqlite3_step(t) == SQLITE_ROW) {
    const char *type = (const char *)sqlite3_column_text(t, 0), *name = (const char *)sqlite3_column_text(t, 1);
    sbuf_adds(&b, type);
    sbuf_adds(&b, " ");
    sbuf_adds(&b, name);
    sbuf_adds(&b, ":");
    if (strcmp(type, "index")) {
      char sql[256];
      snprintf(sql, sizeof sql, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('%s')", name);
      sqlite3_stmt *c;
      assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &c, NULL), SQLITE_OK);
      while (sqlite3_step(c) == SQLITE_ROW)
        for (int i = 0; i < 5; i++) {
          const char *v = (const char *)sqlite3_column_text(c, i);
          sbuf_adds(&b, v ? v : "NULL");
          sbuf_adds(&b, i < 4 ? "," : ";");
        }
      sqlite3_finalize(c);
    } else {
      char sql[256];
      /* the columns, and whether the index is partial (v4: events_doc, events_group) */
      snprintf(sql, sizeof sql,
               "SELECT name FROM pragma_index_info('%s') UNION ALL "
               "SELECT 'partial' FROM sqlite_master WHERE name = '%s' AND sql LIKE '%% WHERE %%'",
               name, name);
      sqlite3_stmt *c;
      assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &c, NULL), SQLITE_OK);
      while (sqlite3_step(c) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(c, 0);
        sbuf_adds(&b, v ? v : "NULL");
        sbuf_adds(&b, ",");
      }
      sqlite3_finalize(c);
    }
    sbuf_adds(&b, "\n");
  }
  sqlite3_finalize(t);
  return b.s;
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  sbuf b = {0};
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0)
    sbuf_add(&b, buf, n);
  fclose(f);
  return b.s;
}

static void a_version_1_database_is_migrated(void **state) {
  (void)state;
  const char *p = tmp_path("v1.db");
  rm_db(p);
  char *v1 = read_file(PARLEY_SRC "/tests/data/store/schema_v1.sql");
  assert_non_null(v1);
  sqlite3 *db;
  assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, v1, NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db,
                                "PRAGMA user_version = 1;"
                                "INSERT INTO documents (doc_key, hash, text) VALUES ('old', 'h1', 'Old text.');"
                                "INSERT INTO events (origin, event_key, day, event_code, root_code) "
                                "VALUES ('gdelt1', '1', 20160101, '040', '04');",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  free(v1);
  parley_store *s = NULL, *fresh = open_rw("fresh.db");
  parley_error err;
  assert_int_equal(parley_store_open(p, PARLEY_STORE_READWRITE, &s, &err), PARLEY_OK);
  int v = 0;
  parley_store_schema_version(s, &v, &err);
  assert_int_equal(v, PARLEY_STORE_SCHEMA_VERSION);
  assert_int_equal(q1(s, "SELECT has_text FROM documents WHERE doc_key = 'old'"), 1);
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE event_key = '1'"), 1);
  char *a = schema_signature(parley_store_sqlite(s)), *b = schema_signature(parley_store_sqlite(fresh));
  assert_string_equal(a, b);
  free(a);
  free(b);
  parley_store_close(s);
  parley_store_close(fresh);
}

/* --- the dyad_day rollup ------------------------------------------------- */

/* Rows of dyad_day that differ from a GROUP BY over the ungrouped events
 * rows, plus groups missing from dyad_day (Goldstein sums to 1e-9: the
 * addition order differs). */
static long long rollup_mismatches(sqlite3 *db) {
  static const char *sql =
      "WITH g AS (SELECT source_country AS s, target_country AS t, day AS d, root_code AS r, "
      "coalesce(quad_class, 0) AS q, count(*) AS n, coalesce(sum(goldstein), 0) AS gs, count(goldstein) AS gn "
      "FROM events WHERE group_id IS NULL AND source_country IS NOT NULL AND target_country IS NOT NULL "
      "GROUP BY 1, 2, 3, 4, 5) "
      "SELECT (SELECT count(*) FROM g LEFT JOIN dyad_day x ON x.source_country = g.s AND x.target_country = g.t "
      "AND x.day = g.d AND x.root_code = g.r AND x.quad_class = g.q WHERE x.events IS NOT g.n OR "
      "x.goldstein_n IS NOT g.gn OR NOT abs(x.goldstein_sum - g.gs) < 1e-9) + "
      "(SELECT count(*) FROM dyad_day x WHERE NOT EXISTS (SELECT 1 FROM g WHERE x.source_country = g.s AND "
      "x.target_country = g.t AND x.day = g.d AND x.root_code = g.r AND x.quad_class = g.q))";
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  long long v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

static void rollup_is_a_group_by_over_events(sqlite3 *db, long long min_events) {
  assert_int_equal(rollup_mismatches(db), 0);
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(db, "SELECT coalesce(sum(events), 0) FROM dyad_day", -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_true(sqlite3_column_int64(st, 0) >= min_events);
  sqlite3_finalize(st);
}

/* A dataset import sums its rollup in memory (sqlite_backend.c, cells) and
 * upserts it at each commit: the same as the GROUP BY, also for keys longer
 * than a cell holds (upserted one row at a time), rows without a Goldstein
 * value, and a failed (strict) import, whose cells go with its rollback. */
static void a_bulk_rollup_in_memory_is_the_group_by(void **state) {
  (void)state;
  FILE *in = fopen(PARLEY_SRC "/tests/data/store/gdelt2_20191024143000.sample.CSV", "rb");
  assert_non_null(in);
  char row[8192];
  assert_non_null(fgets(row, sizeof row, in));
  fclose(in);
  /* the columns of the first row, to vary: 1 id, 8 Actor1CountryCode, 18 Actor2CountryCode, 31 Goldstein */
  char *f[64];
  int n = 0;
  for (char *p = row, *t; n < 64; p = t + 1) {
    f[n++] = p;
    if (!(t = strchr(p, '\t'))) break;
    *t = '\0';
  }
  assert_int_equal(n, 61);
  f[60][strcspn(f[60], "\r\n")] = '\0';
  const char *path = tmp_path("cells.CSV");
  FILE *out = fopen(path, "wb");
  assert_non_null(out);
  static const char *const a1[] = {"USA", "COUNTRYLONG", "COUNTRYLONG", "RUS", "USA", "USA"};
  static const char *const a2[] = {"RUS", "RUS", "RUS", "USA", "RUS", "RUS"};
  static const char *const g[] = {"1.5", "2", "", "-10", "", "3.25"};
  for (int r = 0; r < 6; r++) {
    for (int c = 0; c < 61; c++) {
      const char *v = c == 0 ? NULL : c == 7 ? a1[r] : c == 17 ? a2[r] : c == 30 ? g[r] : f[c];
      if (c == 0)
        fprintf(out, "%d", 900 + r);
      else
        fprintf(out, "\t%s", v);
    }
    fputc('\n', out);
  }
  fclose(out);
  parley_store *s = open_rw("cells.db");
  parley_error err;
  parley_store_stats st;
  parley_import_options o = parley_import_default_options();
  o.batch_rows = 4; /* two transactions */
  assert_int_equal(parley_store_import_gdelt(s, path, &o, &st, &err), PARLEY_OK);
  assert_int_equal(st.rows_stored, 6);
  rollup_is_a_group_by_over_events(parley_store_sqlite(s), 6);
  assert_int_equal(q1(s, "SELECT events * 100 + goldstein_n FROM dyad_day WHERE source_country = 'COUNTRYLONG'"), 201);
  assert_int_equal(q1(s, "SELECT events * 100 + goldstein_n FROM dyad_day WHERE source_country = 'USA'"), 302);
  assert_int_equal(q1(s, "SELECT CAST(goldstein_sum * 100 AS INTEGER) FROM dyad_day WHERE source_country = 'USA'"),
                   475);
  /* a strict import that fails after good rows stores nothing, rollup included */
  out = fopen(tmp_path("cells-bad.CSV"), "wb");
  assert_non_null(out);
  for (int r = 0; r < 3; r++) {
    for (int c = 0; c < 61; c++)
      if (c == 0)
        fprintf(out, "%d", 950 + r);
      else
        fprintf(out, "\t%s", c == 1 && r == 2 ? "2019x024" : f[c]);
    fputc('\n', out);
  }
  fclose(out);
  long long before = q1(s, "SELECT sum(events) FROM dyad_day");
  o.strict = 1;
  assert_int_equal(parley_store_import_gdelt(s, tmp_path("cells-bad.CSV"), &o, &st, &err), PARLEY_EFORMAT);
  assert_int_equal(q1(s, "SELECT sum(events) FROM dyad_day"), before);
  rollup_is_a_group_by_over_events(parley_store_sqlite(s), 6);
  parley_store_close(s);
}

/* parley's writes keep dyad_day per transaction (triggers off on its
 * connection); other connections keep it through the triggers. Either way it
 * stays a GROUP BY over events: imports in many batches, a re-import, a
 * forced re-import (all duplicates), a strict import rolled back, coded
 * documents (grouped, so never in the rollup) alone and in one batch, JSON
 * Lines, and inserts, updates and deletes by another connection. */
static void dyad_day_follows_every_write(void **state) {
  (void)state;
  parley_store *s = open_rw("rollup.db");
  sqlite3 *db = parley_store_sqlite(s);
  parley_error err;
  parley_store_stats st;
  parley_import_options o = parley_import_default_options();
  o.batch_rows = 7;
  assert_int_equal(
      parley_store_import_gdelt(s, PARLEY_SRC "/tests/data/store/gdelt2_20191024143000.sample.CSV", &o, &st, &err),
      PARLEY_OK);
  assert_int_equal(st.rows_stored, 300);
  rollup_is_a_group_by_over_events(db, 40); /* 47 rows have both countries */
  long long n0 = q1(s, "SELECT sum(events) FROM dyad_day");
  assert_int_equal(
      parley_store_import_gdelt(s, PARLEY_SRC "/tests/data/store/gdelt2_20191024143000.sample.CSV", &o, &st, &err),
      PARLEY_OK);
  assert_int_equal(st.already_imported, 1);
  o.force = 1;
  assert_int_equal(
      parley_store_import_gdelt(s, PARLEY_SRC "/tests/data/store/gdelt2_20191024143000.sample.CSV", &o, &st, &err),
      PARLEY_OK);
  assert_int_equal(st.rows_stored, 0);
  assert_int_equal(q1(s, "SELECT sum(events) FROM dyad_day"), n0);
  rollup_is_a_group_by_over_events(db, n0);
  o.force = 0;
  o.batch_rows = 0;
  assert_int_equal(
      parley_store_import_gdelt(s, PARLEY_SRC "/tests/data/store/gdelt1_20160728.sample.tsv", &o, &st, &err),
      PARLEY_OK);
  assert_int_equal(parley_store_import_icews(s, PARLEY_SRC "/tests/data/store/icews_synthetic.tab", &o, &st, &err),
                   PARLEY_OK);
  assert_int_equal(parley_store_import_acled(s, PARLEY_SRC "/tests/data/store/acled_synthetic.csv", &o, &st, &err),
                   PARLEY_OK);
  rollup_is_a_group_by_over_events(db, n0 + 40);
  long long n1 = q1(s, "SELECT sum(events) FROM dyad_day");
  /* strict: the malformed file is rolled back whole */
  o.strict = 1;
  assert_int_equal(parley_store_import_gdelt(s, PARLEY_SRC "/tests/data/store/gdelt2_malformed.CSV", &o, &st, &err),
                   PARLEY_EFORMAT);
  o.strict = 0;
  assert_int_equal(q1(s, "SELECT sum(events) FROM dyad_day"), n1);
  rollup_is_a_group_by_over_events(db, n1);
  /* coded documents: one alone, two in one batch; grouped, so not rolled up */
  fake_doc a, b, c;
  make_doc(&a, "r1", "The US president met the Russian president.", "2025-08-16", "Reuters");
  add_event(&a, "USAGOV", "RUSGOV", "042", "2025-08-15");
  add_event(&a, "RUSGOV", "USAGOV", "042", "2025-08-15");
  make_doc(&b, "r2", "Russia and the US met again.", "2025-08-17", "AP");
  add_event(&b, "USAGOV", "RUSGOV", "042", "2025-08-16");
  make_doc(&c, "r3", "China criticised the US.", NULL, NULL);
  add_event(&c, "CHN", "USA", "111", NULL);
  int added = 0;
  assert_int_equal(parley_store_add_doc(s, &a.doc, &a.ev, &added, &err), PARLEY_OK);
  assert_int_equal(parley_store_begin(s, &err), PARLEY_OK);
  assert_int_equal(parley_store_add_doc(s, &b.doc, &b.ev, &added, &err), PARLEY_OK);
  assert_int_equal(parley_store_add_doc(s, &c.doc, &c.ev, &added, &err), PARLEY_OK);
  assert_int_equal(parley_store_commit(s, &err), PARLEY_OK);
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE origin = 'parley' AND group_id IS NOT NULL"), 4);
  assert_int_equal(q1(s, "SELECT sum(events) FROM dyad_day"), n1);
  rollup_is_a_group_by_over_events(db, n1);
  /* the JSON Lines of coded text, in one import transaction */
  const char *path = tmp_path("rollup.jsonl");
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fake_doc d;
  make_doc(&d, "r4", "Ukraine accused Russia.", "2025-09-01", "BBC");
  add_event(&d, "UKRGOV", "RUSGOV", "112", "2025-09-01");
  add_event(&d, "UKRGOV", "RUSGOV", "112", "2025-09-02");
  for (size_t i = 0; i < d.ev.count; i++) {
    char *j = parley_event_to_json(&d.ev.items[i], &d.doc, NULL);
    fprintf(f, "%s\n", j);
    free(j);
  }
  fclose(f);
  assert_int_equal(parley_store_load_events_jsonl(s, path, &o, &st, &err), PARLEY_OK);
  assert_int_equal(st.rows_stored, 2);
  assert_int_equal(q1(s, "SELECT sum(events) FROM dyad_day"), n1);
  rollup_is_a_group_by_over_events(db, n1);
  /* another connection: its triggers keep the rollup */
  sqlite3 *other = NULL;
  assert_int_equal(sqlite3_open(tmp_path("rollup.db"), &other), SQLITE_OK);
  assert_int_equal(
      sqlite3_exec(other,
                   "INSERT INTO events (origin, event_key, day, source_country, target_country, "
                   "event_code, root_code, quad_class, goldstein) VALUES "
                   "('icews', 'x1', 20250301, 'USA', 'RUS', '040', '04', 1, 1.0),"
                   "('icews', 'x2', 20250301, 'USA', 'RUS', '111', '11', 3, -2.0),"
                   "('icews', 'x3', 20250302, 'USA', 'RUS', '111', '11', NULL, NULL);"
                   "UPDATE events SET target_country = 'UKR' WHERE event_key = 'x2';"
                   "UPDATE events SET group_id = (SELECT min(id) FROM event_groups) WHERE event_key = 'x1';"
                   "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE origin = 'gdelt2' "
                   "ORDER BY id LIMIT 20);"
                   "UPDATE events SET goldstein = goldstein + 1 WHERE origin = 'gdelt1';",
                   NULL, NULL, NULL),
      SQLITE_OK);
  sqlite3_close(other);
  rollup_is_a_group_by_over_events(db, n1 - 20);
  /* parley again after them, then after a reopen */
  o.force = 1;
  o.batch_rows = 50;
  assert_int_equal(
      parley_store_import_gdelt(s, PARLEY_SRC "/tests/data/store/gdelt2_20191024143000.sample.CSV", &o, &st, &err),
      PARLEY_OK);
  assert_int_equal(st.rows_stored, 20); /* the deleted ones */
  rollup_is_a_group_by_over_events(db, n1);
  parley_store_close(s);
  assert_int_equal(parley_store_open(tmp_path("rollup.db"), PARLEY_STORE_READWRITE, &s, &err), PARLEY_OK);
  rollup_is_a_group_by_over_events(parley_store_sqlite(s), n1);
  free_doc(&a);
  free_doc(&b);
  free_doc(&c);
  free_doc(&d);
  parley_store_close(s);
}

/* Version 2 (8 indexes on events) → 3: events_dyad_code goes, nothing else
 * changes; → 4: events_doc and events_group become partial (the signature
 * compared with a fresh database's says so); the rollup the v2 triggers kept
 * stays exact as parley adds rows. */
static void a_version_2_database_is_migrated(void **state) {
  (void)state;
  const char *p = tmp_path("v2.db");
  rm_db(p);
  char *v2 = read_file(PARLEY_SRC "/tests/data/store/schema_v2.sql");
  assert_non_null(v2);
  sqlite3 *db;
  assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, v2, NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db,
                                "PRAGMA user_version = 2;"
                                "INSERT INTO events (origin, event_key, day, source_country, target_country, "
                                "event_code, root_code, quad_class, goldstein) VALUES "
                                "('icews', 'y1', 20200101, 'USA', 'CHN', '040', '04', 1, 1.0),"
                                "('icews', 'y2', 20200101, 'USA', 'CHN', '040', '04', 1, 3.0);",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  free(v2);
  parley_store *s = NULL, *fresh = open_rw("fresh3.db");
  parley_error err;
  assert_int_equal(parley_store_open(p, PARLEY_STORE_READWRITE, &s, &err), PARLEY_OK);
  int v = 0;
  parley_store_schema_version(s, &v, &err);
  assert_int_equal(v, PARLEY_STORE_SCHEMA_VERSION);
  assert_int_equal(q1(s, "SELECT count(*) FROM sqlite_master WHERE name = 'events_dyad_code'"), 0);
  assert_int_equal(q1(s, "SELECT events FROM dyad_day WHERE source_country = 'USA' AND target_country = 'CHN'"), 2);
  char *x = schema_signature(parley_store_sqlite(s)), *y = schema_signature(parley_store_sqlite(fresh));
  assert_string_equal(x, y);
  free(x);
  free(y);
  parley_store_stats st;
  parley_import_options o = parley_import_default_options();
  assert_int_equal(parley_store_import_icews(s, PARLEY_SRC "/tests/data/store/icews_synthetic.tab", &o, &st, &err),
                   PARLEY_OK);
  rollup_is_a_group_by_over_events(parley_store_sqlite(s), 3);
  parley_store_close(s);
  parley_store_close(fresh);
}

/* Version 4 kept a GDELT record's geography, IsRootEvent and DATEADDED in
 * extra_json; version 5 has typed columns for them. Rows stored by a
 * version 4 parley (tests/data/store/gdelt_v4_events.sql: GDELT 2.0 and 1.0
 * rows, one with a known-group code and non-integer IsRootEvent and
 * DATEADDED) must, once migrated, be exactly what a version 5 import of the
 * same files stores: every column, extra_json included. */
static void a_version_4_database_gets_typed_gdelt_columns(void **state) {
  (void)state;
  const char *p = tmp_path("v4.db");
  rm_db(p);
  char *v4 = read_file(PARLEY_SRC "/tests/data/store/schema_v4.sql");
  char *rows = read_file(PARLEY_SRC "/tests/data/store/gdelt_v4_events.sql");
  assert_non_null(v4);
  assert_non_null(rows);
  sqlite3 *db;
  assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, v4, NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 4", NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, rows, NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  free(v4);
  free(rows);
  parley_store *s = NULL, *fresh = open_rw("v5-fresh.db");
  parley_error err;
  parley_store_stats st;
  parley_import_options o = parley_import_default_options();
  assert_int_equal(parley_store_import_gdelt(fresh, PARLEY_SRC "/tests/data/store/gdelt_v4_events.CSV", &o, &st, &err),
                   PARLEY_OK);
  assert_int_equal(parley_store_import_gdelt(fresh, PARLEY_SRC "/tests/data/store/gdelt_v4_events.tsv", &o, &st, &err),
                   PARLEY_OK);
  assert_int_equal(parley_store_open(p, PARLEY_STORE_READWRITE, &s, &err), PARLEY_OK);
  int v = 0;
  parley_store_schema_version(s, &v, &err);
  assert_int_equal(v, PARLEY_STORE_SCHEMA_VERSION);
  char *x = schema_signature(parley_store_sqlite(s)), *y = schema_signature(parley_store_sqlite(fresh));
  assert_string_equal(x, y);
  free(x);
  free(y);
  assert_int_equal(q1(s, "SELECT count(*) FROM events"), 21);
  assert_int_equal(q1(fresh, "SELECT count(*) FROM events"), 21);
  /* the typed columns are filled (every GDELT row has an ActionGeo and a DATEADDED) */
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE location_type IS NOT NULL AND date_added IS NOT NULL"), 20);
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE source_geo_country = 'USA' AND source_geo_fips = 'US' "
                         "AND source_geo_lat IS NOT NULL"),
                   q1(fresh, "SELECT count(*) FROM events WHERE source_geo_country = 'USA'"));
  assert_true(q1(s, "SELECT count(*) FROM events WHERE source_geo_country = 'USA'") > 0);
  /* what stays in extra_json: the rare codes and the values that are not integers */
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE event_key = '999000001' AND json_extract(extra_json, "
                         "'$.IsRootEvent') = 'yes' AND json_extract(extra_json, '$.DATEADDED') = '2019-10-24' AND "
                         "json_extract(extra_json, '$.Actor1KnownGroupCode') = 'UNO' AND is_root IS NULL"),
                   1);
  assert_int_equal(q1(s, "SELECT count(*) FROM events WHERE extra_json LIKE '%Geo%'"), 0);
  /* and every row is what the version 5 import stored, column by column */
  sqlite3 *mdb = parley_store_sqlite(s);
  char attach[600];
  snprintf(attach, sizeof attach, "ATTACH '%s' AS f", tmp_path("v5-fresh.db"));
  assert_int_equal(sqlite3_exec(mdb, attach, NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(q1(s, "SELECT count(*) FROM (SELECT * FROM main.events EXCEPT SELECT * FROM f.events)"), 0);
  assert_int_equal(q1(s, "SELECT count(*) FROM (SELECT * FROM f.events EXCEPT SELECT * FROM main.events)"), 0);
  assert_int_equal(sqlite3_exec(mdb, "DETACH f", NULL, NULL, NULL), SQLITE_OK);
  parley_store_close(s);
  parley_store_close(fresh);
}

/* An import into an empty events table builds its non-unique indexes at the
 * end (store_meta 'indexes_deferred' meanwhile); a killed one leaves them to
 * the next read-write open. */
static void a_bulk_load_builds_its_indexes_at_the_end(void **state) {
  (void)state;
  parley_store *s = open_rw("bulk.db"), *fresh = open_rw("bulk-fresh.db");
  parley_error err;
  parley_store_stats st;
  parley_import_options o = parley_import_default_options();
  o.batch_rows = 50;
  assert_int_equal(
      parley_store_import_gdelt(s, PARLEY_SRC "/tests/data/store/gdelt2_20191024143000.sample.CSV", &o, &st, &err),
      PARLEY_OK);
  assert_int_equal(st.rows_stored, 300);
  assert_int_equal(q1(s, "SELECT count(*) FROM store_meta WHERE key = 'indexes_deferred'"), 0);
  char *x = schema_signature(parley_store_sqlite(s)), *y = schema_signature(parley_store_sqlite(fresh));
  assert_string_equal(x, y);
  free(x);
  free(y);
  rollup_is_a_group_by_over_events(parley_store_sqlite(s), 40);
  parley_store_close(s);
  /* what a killed bulk load leaves: committed rows, indexes dropped, the row */
  sqlite3 *db;
  assert_int_equal(sqlite3_open(tmp_path("bulk.db"), &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db,
                                "DROP INDEX events_dyad; DROP INDEX events_ask_grouped;"
                                "INSERT INTO store_meta (key, value) VALUES ('indexes_deferred', "
                                "'CREATE INDEX events_dyad ON events(source_country, target_country, day);\n"
                                "CREATE INDEX events_ask_grouped ON events(source_country, target_country, day) "
                                "WHERE group_id IS NOT NULL;\n')",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(parley_store_open(tmp_path("bulk.db"), PARLEY_STORE_READONLY, &s, &err), PARLEY_OK);
  assert_int_equal(q1(s, "SELECT count(*) FROM sqlite_master WHERE name = 'events_dyad'"), 0);
  parley_store_close(s);
  assert_int_equal(parley_store_open(tmp_path("bulk.db"), PARLEY_STORE_READWRITE, &s, &err), PARLEY_OK);
  assert_int_equal(q1(s, "SELECT count(*) FROM store_meta WHERE key = 'indexes_deferred'"), 0);
  x = schema_signature(parley_store_sqlite(s));
  y = schema_signature(parley_store_sqlite(fresh));
  assert_string_equal(x, y);
  free(x);
  free(y);
  /* into a table with rows: the indexes stay */
  assert_int_equal(parley_store_import_icews(s, PARLEY_SRC "/tests/data/store/icews_synthetic.tab", &o, &st, &err),
                   PARLEY_OK);
  assert_int_equal(q1(s, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'"), 7);
  parley_store_close(s);
  parley_store_close(fresh);
}

static void a_newer_database_is_refused(void **state) {
  (void)state;
  const char *p = tmp_path("v99.db");
  parley_store *s = open_rw("v99.db");
  parley_store_close(s);
  sqlite3 *db;
  assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
  sqlite3_close(db);
  parley_error err;
  assert_int_equal(parley_store_open(p, PARLEY_STORE_READWRITE, &s, &err), PARLEY_ESTORE);
  assert_non_null(strstr(err.message, "newer"));
  assert_int_equal(parley_store_open(p, PARLEY_STORE_READONLY, &s, &err), PARLEY_ESTORE);
}

static void a_foreign_database_is_refused(void **state) {
  (void)state;
  const char *p = tmp_path("foreign.db");
  rm_db(p);
  sqlite3 *db;
  assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE x(a)", NULL, NULL, NULL);
  sqlite3_close(db);
  parley_store *s;
  parley_error err;
  assert_int_equal(parley_store_open(p, PARLEY_STORE_READWRITE, &s, &err), PARLEY_ESTORE);
  assert_non_null(strstr(err.message, "not a parley database"));
}

static void default_path_follows_option_then_environment(void **state) {
  (void)state;
  setenv("PARLEY_DB", "/tmp/from-env.db", 1);
  assert_string_equal(parley_store_default_path("x.db"), "x.db");
  assert_string_equal(parley_store_default_path(NULL), "/tmp/from-env.db");
  unsetenv("PARLEY_DB");
  assert_string_equal(parley_store_default_path(NULL), "parley.db");
}

/* MurmurHash3_x64_128, seed 0, transcribed from Austin Appleby's MurmurHash3.cpp. */
static uint64_t rl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static uint64_t fm(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}
static void murmur3_reference(const unsigned char *data, size_t len, char out[33]) {
  const size_t nblocks = len / 16;
  uint64_t h1 = 0, h2 = 0;
  const uint64_t c1 = 0x87c37b91114253d5ULL, c2 = 0x4cf5ad432745937fULL;
  for (size_t i = 0; i < nblocks; i++) {
    uint64_t k1 = 0, k2 = 0;
    for (int b = 7; b >= 0; b--)
      k1 = (k1 << 8) | data[i * 16 + (size_t)b];
    for (int b = 7; b >= 0; b--)
      k2 = (k2 << 8) | data[i * 16 + 8 + (size_t)b];
    k1 *= c1;
    k1 = rl(k1, 31);
    k1 *= c2;
    h1 ^= k1;
    h1 = rl(h1, 27);
    h1 += h2;
    h1 = h1 * 5 + 0x52dce729;
    k2 *= c2;
    k2 = rl(k2, 33);
    k2 *= c1;
    h2 ^= k2;
    h2 = rl(h2, 31);
    h2 += h1;
    h2 = h2 * 5 + 0x38495ab5;
  }
  const unsigned char *tail = data + nblocks * 16;
  uint64_t k1 = 0, k2 = 0;
  size_t r = len & 15;
  for (size_t i = r; i > 8; i--)
    k2 ^= (uint64_t)tail[i - 1] << (8 * (i - 9));
  if (r > 8) {
    k2 *= c2;
    k2 = rl(k2, 33);
    k2 *= c1;
    h2 ^= k2;
  }
  for (size_t i = r < 8 ? r : 8; i > 0; i--)
    k1 ^= (uint64_t)tail[i - 1] << (8 * (i - 1));
  if (r > 0) {
    k1 *= c1;
    k1 = rl(k1, 31);
    k1 *= c2;
    h1 ^= k1;
  }
  h1 ^= len;
  h2 ^= len;
  h1 += h2;
  h2 += h1;
  h1 = fm(h1);
  h2 = fm(h2);
  h1 += h2;
  h2 += h1;
  snprintf(out, 33, "%016llx%016llx", (unsigned long long)h1, (unsigned long long)h2);
}

static void hash_is_the_same_whatever_the_chunks(void **state) {
  (void)state;
  char one[33], two[33], empty[33];
  const char *text = "The quick brown fox jumps over the lazy dog, 42 times, 特朗普与普京.";
  size_t n = strlen(text);
  parley_store_hash_hex(text, n, one);
  for (size_t step = 1; step < 20; step++) {
    store_hash h;
    store_hash_init(&h);
    for (size_t i = 0; i < n; i += step)
      store_hash_update(&h, text + i, i + step <= n ? step : n - i);
    store_hash_final(&h, two);
    assert_string_equal(one, two);
  }
  parley_store_hash_hex("", 0, empty);
  /* MurmurHash3_x64_128 of "" with seed 0 is all zero */
  assert_string_equal(empty, "00000000000000000000000000000000");
  parley_store_hash_hex("a", 1, two);
  assert_string_not_equal(one, two);
  /* the streaming form equals Appleby's one-shot MurmurHash3_x64_128 */
  unsigned char data[100];
  for (int i = 0; i < 100; i++)
    data[i] = (unsigned char)(i * 37 + 11);
  for (size_t len = 0; len <= 100; len++) {
    char ref[33];
    murmur3_reference(data, len, ref);
    parley_store_hash_hex(data, len, two);
    assert_string_equal(ref, two);
  }
}

int main(void) {
  snprintf(tmpdir, sizeof tmpdir, "/tmp/parley-test-store-%d", (int)getpid());
  char cmd[300];
  snprintf(cmd, sizeof cmd, "mkdir -p %s", tmpdir);
  if (system(cmd) != 0) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(open_creates_schema_in_wal_mode),
      cmocka_unit_test(readonly_open_of_missing_database_fails),
      cmocka_unit_test(readonly_store_refuses_writes),
      cmocka_unit_test(adding_the_same_document_twice_changes_nothing),
      cmocka_unit_test(reports_of_one_event_form_one_group),
      cmocka_unit_test(undated_events_are_never_merged),
      cmocka_unit_test(two_documents_with_the_same_id_keep_their_events),
      cmocka_unit_test(jsonl_of_parley_code_loads_back),
      cmocka_unit_test(a_second_writer_gets_database_is_busy),
      cmocka_unit_test(a_version_1_database_is_migrated),
      cmocka_unit_test(a_version_2_database_is_migrated),
      cmocka_unit_test(a_version_4_database_gets_typed_gdelt_columns),
      cmocka_unit_test(dyad_day_follows_every_write),
      cmocka_unit_test(a_bulk_rollup_in_memory_is_the_group_by),
      cmocka_unit_test(a_bulk_load_builds_its_indexes_at_the_end),
      cmocka_unit_test(a_newer_database_is_refused),
      cmocka_unit_test(a_foreign_database_is_refused),
      cmocka_unit_test(default_path_follows_option_then_environment),
      cmocka_unit_test(hash_is_the_same_whatever_the_chunks),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
  if (system(cmd) != 0) return 1;
  return rc;
}
