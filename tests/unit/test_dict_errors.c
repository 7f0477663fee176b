/* test_dict_errors.c — dictionaries are validated at load: every mistake is
 * reported as FILE:LINE: message and the load fails; a good one loads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "parley/parley.h"

static char root[256];

static void write_file(const char *rel, const char *content) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", root, rel);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(content, f);
  fclose(f);
}

static const char *good_actors = "# test actors\n"
                                 "actor USA name=\"United States\"\n"
                                 "en United States; U.S.\n"
                                 "zh 美国\n"
                                 "actor RUS\n"
                                 "zh 俄罗斯\n"
                                 "person TRUMP name=\"Donald Trump\"\n"
                                 "zh 特朗普\n"
                                 "role USAGOV 2017-01-20 2021-01-20\n"
                                 "role USAELI 2021-01-20 2025-01-20\n"
                                 "role USAGOV 2025-01-20 *\n";

static void make_good(void) {
  snprintf(root, sizeof root, "/tmp/parley-dict-test-%d", (int)getpid());
  char p[512];
  mkdir(root, 0755);
  const char *dirs[] = {"cameo", "actors", "patterns", "cues"};
  for (int i = 0; i < 4; i++) {
    snprintf(p, sizeof p, "%s/%s", root, dirs[i]);
    mkdir(p, 0755);
  }
  write_file("cameo/events.tsv",
             "code\tname\tgoldstein\tquad_class\n04\tConsult\t1.0\t1\n041\tDiscuss by telephone\t1.0\t1\n"
             "042\tMake a visit\t1.9\t1\n");
  write_file("actors/a.txt", good_actors);
  write_file("patterns/zh.txt", "041 S 与 T ~ 通话 | sym\n042 S ~ 访问 T\n");
  write_file("patterns/en.txt", "042 S visit* T\n");
  write_file("cues/zh.txt", "report 表示; 称\npair 双方\n");
  write_file("cues/en.txt", "report said\n");
}

static void expect_error(const char *file, long line, const char *needle) {
  parley_dict *d = NULL;
  parley_error err;
  parley_error_clear(&err);
  int rc = parley_dict_open(root, &d, &err);
  assert_true(rc < 0);
  assert_null(d);
  if (!strstr(err.file, file)) fail_msg("error names file '%s', expected '%s' (%s)", err.file, file, err.message);
  if (err.line != line) fail_msg("error at %s:%ld (%s), expected line %ld", err.file, err.line, err.message, line);
  if (!strstr(err.message, needle)) fail_msg("message '%s' lacks '%s'", err.message, needle);
}

static void good_dictionary_loads(void **state) {
  (void)state;
  make_good();
  parley_dict *d = NULL;
  parley_error err;
  parley_error_clear(&err);
  assert_int_equal(parley_dict_open(root, &d, &err), 0);
  parley_dict_stats st;
  parley_dict_stats_get(d, &st);
  assert_int_equal(st.event_codes, 3);
  assert_int_equal(st.actors, 2);
  assert_int_equal(st.people, 1);
  assert_int_equal(st.roles, 3);
  assert_int_equal(st.patterns_zh, 2);
  assert_int_equal(st.patterns_en, 1);
  char code[32], country[8];
  assert_int_equal(parley_dict_resolve_actor(d, "特朗普", "2025-03-01", code, country, &err), 0);
  assert_string_equal(code, "USAGOV");
  assert_string_equal(country, "USA");
  assert_int_equal(parley_dict_resolve_actor(d, "特朗普", "2023-03-01", code, country, &err), 0);
  assert_string_equal(code, "USAELI");
  assert_int_equal(parley_dict_resolve_actor(d, "nobody", NULL, code, country, &err), PARLEY_ENOTFOUND);
  parley_dict_close(d);
}

static void unknown_event_code(void **state) {
  (void)state;
  make_good();
  write_file("patterns/zh.txt", "041 S 与 T ~ 通话 | sym\n# comment\n0999 S ~ 访问 T\n");
  expect_error("patterns/zh.txt", 3, "unknown CAMEO event code '0999'");
}

static void syntax_errors(void **state) {
  (void)state;
  make_good();
  write_file("actors/a.txt", "actor USA\nen United States\nrole USAGOV 2025-01-20 *\n");
  expect_error("actors/a.txt", 3, "role lines belong to a person");
  write_file("actors/a.txt", "actor usa\n");
  expect_error("actors/a.txt", 1, "bad code");
  write_file("actors/a.txt", "person SOMEONE\nzh 某人\nrole USAGOV 2025-02-30 *\n");
  expect_error("actors/a.txt", 3, "bad date");
  write_file("actors/a.txt", "actor USA\nfr États-Unis\n");
  expect_error("actors/a.txt", 2, "unknown line type 'fr'");
  write_file("actors/a.txt", "zh 美国\n");
  expect_error("actors/a.txt", 1, "before any actor");
  write_file("actors/a.txt", good_actors);
  write_file("patterns/en.txt", "042 visit\n042 S T visit\n");
  expect_error("patterns/en.txt", 2, "must follow a literal word");
  write_file("patterns/en.txt", "042 S | sym\n");
  expect_error("patterns/en.txt", 1, "pattern needs at least one literal");
  write_file("patterns/en.txt", "042 S visit* T | often\n");
  expect_error("patterns/en.txt", 1, "unknown pattern flag 'often'");
  write_file("patterns/en.txt", "042 S visit* T\n");
  write_file("cues/en.txt", "says said\n");
  expect_error("cues/en.txt", 1, "unknown cue class 'says'");
  write_file("cues/en.txt", "report said\n");
  write_file("cameo/events.tsv", "code\tname\tgoldstein\tquad_class\n04\tConsult\tlots\t1\n");
  expect_error("cameo/events.tsv", 2, "bad Goldstein value 'lots'");
}

static void invalid_utf8_in_dictionary(void **state) {
  (void)state;
  make_good();
  write_file("actors/a.txt", "actor USA\nzh \xE7\xBE\n");
  expect_error("actors/a.txt", 2, "invalid UTF-8");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(good_dictionary_loads),
      cmocka_unit_test(unknown_event_code),
      cmocka_unit_test(syntax_errors),
      cmocka_unit_test(invalid_utf8_in_dictionary),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
