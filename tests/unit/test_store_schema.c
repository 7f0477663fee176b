/* test_store_schema.c — stage 3 (store): the schema contract stays in one piece.
 * The schema embedded in the library (src/store/schema_sql.c) is exactly
 * src/store/schema.sql (regenerate with src/store/embed-schema.sh), it runs on
 * an empty database, and docs/schema.md documents every table, view and
 * column it creates. */
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parley/parley.h"
#include "store/store_internal.h"

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

static void embedded_schema_is_schema_sql(void **state) {
  (void)state;
  char *file = read_file(PARLEY_SRC "/src/store/schema.sql");
  assert_non_null(file);
  if (strcmp(file, store_schema_sql) != 0)
    fail_msg("src/store/schema_sql.c is out of date: run src/store/embed-schema.sh");
  free(file);
}

static void schema_runs_twice_on_an_empty_database(void **state) {
  (void)state;
  sqlite3 *db;
  assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
  char *msg = NULL;
  int rc = sqlite3_exec(db, store_schema_sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK) fail_msg("schema.sql: %s", msg);
  /* running it twice is harmless (everything IF NOT EXISTS) */
  assert_int_equal(sqlite3_exec(db, store_schema_sql, NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
}

/* Every table, view and column name appears in docs/schema.md as `name`. */
static void schema_md_documents_every_column(void **state) {
  (void)state;
  char *doc = read_file(PARLEY_SRC "/docs/schema.md");
  assert_non_null(doc);
  sqlite3 *db;
  assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, store_schema_sql, NULL, NULL, NULL), SQLITE_OK);
  sqlite3_stmt *t;
  assert_int_equal(sqlite3_prepare_v2(db,
                                      "SELECT name FROM sqlite_master WHERE type IN ('table', 'view', 'index') "
                                      "AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                      -1, &t, NULL),
                   SQLITE_OK);
  int missing = 0;
  while (sqlite3_step(t) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(t, 0);
    char needle[200];
    snprintf(needle, sizeof needle, "`%s`", name);
    if (!strstr(doc, needle)) {
      print_error("docs/schema.md does not mention %s\n", needle);
      missing++;
    }
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s')", name);
    sqlite3_stmt *c;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &c, NULL), SQLITE_OK);
    /* a column is documented as a table row "| `column` |" in its table's section
     * (the ask stage's objects, in the "## Ask" section, are described there its own way) */
    const char *section = strstr(doc, needle), *ask = strstr(doc, "\n## Ask");
    if (section && ask && section > ask) section = NULL;
    while (section && sqlite3_step(c) == SQLITE_ROW) {
      snprintf(needle, sizeof needle, "| `%s` |", (const char *)sqlite3_column_text(c, 0));
      if (!strstr(section, needle)) {
        print_error("docs/schema.md: column %s.%s is not documented\n", name, sqlite3_column_text(c, 0));
        missing++;
      }
    }
    sqlite3_finalize(c);
  }
  sqlite3_finalize(t);
  sqlite3_close(db);
  free(doc);
  assert_int_equal(missing, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(embedded_schema_is_schema_sql),
      cmocka_unit_test(schema_runs_twice_on_an_empty_database),
      cmocka_unit_test(schema_md_documents_every_column),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
