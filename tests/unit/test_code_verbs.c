/* test_code_verbs.c — verb-pattern coverage of dict/patterns/{en,zh}.txt across
 * CAMEO roots: common news verbs in several tenses and spellings, passives, and
 * look-alikes that must not code ("struck a deal", "intercepted a missile"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parley/parley.h"
#include "test_code_util.h"

/* Asserts that text codes an event s -> t with event code `event` (exact). */
static void expect(const char *text, const char *s, const char *t, const char *event) {
  parley_events ev = code(text, "2024-05-01");
  char root[3] = {event[0], event[1], 0};
  const parley_event *e = find(&ev, s, t, root);
  if (!e) fail_msg("no %s %s>%s event in: %s", event, s, t, text);
  if (strcmp(e->event_code, event)) fail_msg("%s: coded %s, want %s", text, e->event_code, event);
  parley_events_free(&ev);
}

/* Asserts that text codes no event at all. */
static void expect_none(const char *text) {
  parley_events ev = code(text, "2024-05-01");
  if (ev.count)
    fail_msg("%s: unexpected %s %s>%s", text, ev.items[0].event_code, ev.items[0].source.code, ev.items[0].target.code);
  parley_events_free(&ev);
}

/* Asserts that text codes no event with root `root`. */
static void expect_no_root(const char *text, const char *root) {
  parley_events ev = code(text, "2024-05-01");
  for (size_t i = 0; i < ev.count; i++)
    if (!strcmp(ev.items[i].root_code, root))
      fail_msg("%s: unexpected %s %s>%s", text, ev.items[i].event_code, ev.items[i].source.code,
               ev.items[i].target.code);
  parley_events_free(&ev);
}

static void cooperation_verbs_en(void **state) {
  (void)state;
  expect("Iran expressed willingness to negotiate with the United States.", "IRN", "USA", "036");
  expect("Japan promised to provide patrol vessels to the Philippines.", "JPN", "PHL", "0332");
  expect("Israel normalised relations with Morocco.", "ISR", "MAR", "054");
  expect("Britain is training Ukrainian soldiers.", "GBR", "UKR", "062");
  expect("North Korea sent artillery shells to Russia.", "PRK", "RUS", "072");
  expect("The United States airdropped food aid into Gaza.", "USA", "PSE", "073");
  expect("Russia pulled back troops from around Kyiv.", "RUS", "UKR", "087");
  expect("Moscow was ready to resume talks with Washington.", "RUSGOV", "USAGOV", "036");
  expect("Russia said it was ready to work with the United States.", "RUS", "USA", "030");
  expect("Japan and South Korea agreed on Saturday to strengthen cooperation on security.", "JPN", "KOR", "030");
  expect("North Korea has sent thousands of troops to help Russia.", "PRK", "RUS", "074");
  expect("The Netherlands agreed to supply Ukraine with F-16 fighter jets.", "NLD", "UKR", "033");
  expect("Ethiopia and Somalia agreed to restore diplomatic ties.", "ETH", "SOM", "030");
  expect("Kenya deployed 400 police officers to Haiti.", "KEN", "HTI", "074");
  expect("Iranian Foreign Minister Abbas Araqchi met his Omani counterpart in Muscat.", "IRNGOV", "OMN", "040");
}

static void conflict_verbs_en(void **state) {
  (void)state;
  expect("China lodged solemn representations with Japan.", "CHN", "JPN", "114");
  expect("China has been criticised by the United States for its trade practices.", "USA", "CHN", "111");
  expect("Russia refused to negotiate with Ukraine.", "RUS", "UKR", "125");
  expect("The Kremlin vowed to retaliate against Finland.", "RUSGOV", "FIN", "130");
  expect("Medvedev threatened to use nuclear weapons against Ukraine.", "RUS", "UKR", "1385");
  expect("Russia deployed tactical nuclear weapons in Belarus.", "RUS", "BLR", "150");
  expect("Russian jets intercepted a US drone over the Black Sea.", "RUS", "USA", "150");
  expect("Colombia suspended diplomatic relations with Israel.", "COL", "ISR", "161");
  expect("China banned imports of Japanese seafood.", "CHN", "JPN", "163");
  expect("Beijing imposed export controls on gallium shipments to the United States.", "CHNGOV", "USA", "163");
  expect("Russia suspended its participation in the New START treaty with the United States.", "RUS", "USA", "160");
  expect("A British tanker was seized by Iran.", "IRN", "GBR", "171");
  expect("Chinese coast guard ships fired water cannon at Philippine vessels.", "CHN", "PHL", "190");
  expect("A Chinese vessel rammed a Philippine supply boat.", "CHN", "PHL", "190");
  expect("Ukrainian drones hit an oil refinery in Russia.", "UKR", "RUS", "195");
  expect("Hamas fired rockets into Israel.", "PSE", "ISR", "194");
  expect("China launched large-scale military exercises around Taiwan.", "CHN", "TWN", "150");
  expect("China announced retaliatory tariffs of 34% on all imports from the United States.", "CHN", "USA", "163");
  expect("Israel rejected a ceasefire proposal put forward by Egypt.", "ISR", "EGY", "120");
  expect("Israeli troops raided the West Bank city of Jenin on Wednesday.", "ISR", "PSE", "190");
  expect("Germany closed all Iranian consulates on Thursday.", "DEU", "IRN", "161");
  expect("Pakistan closed its airspace to Indian airlines.", "PAK", "IND", "163");
  expect("Colombian President Gustavo Petro ordered the expulsion of Israeli diplomats.", "COL", "ISR", "161");
}

/* lifting sanctions is not imposing them; a threat is not the act */
static void no_double_coding(void **state) {
  (void)state;
  expect("The United States eased sanctions on Venezuela.", "USA", "VEN", "085");
  expect_no_root("The United States eased sanctions on Venezuela.", "16");
  expect_no_root("The European Union lifted sanctions against Syria.", "16");
  expect_no_root("The United States threatened to impose more sanctions on China.", "16");
  expect_no_root("North Korea sent artillery shells to Russia.", "19");
}

static void look_alikes_do_not_code(void **state) {
  (void)state;
  expect_none("The company struck a deal with its suppliers.");
  expect_none("Exports hit a record high in March.");
  expect_none("Ukraine intercepted 40 Russian missiles overnight.");
  expect_none("Israeli air defences intercepted a missile fired from Yemen.");
  expect_none("China called on all parties to exercise restraint.");
  expect_none("The storm hit the Philippines on Sunday.");
  expect_none("India's ruling party attacked the opposition over corruption.");
  expect_none("The Kremlin said Putin had no plans to meet Zelenskiy.");
  expect_no_root("Russia and Ukraine agreed to swap prisoners, Ukraine's chief negotiator said.", "04");
  expect_none("乌克兰防空部队拦截了40枚俄罗斯导弹。");
  expect_none("台风袭击菲律宾。");
}

static void verbs_zh(void **state) {
  (void)state;
  expect("中国全面暂停进口日本水产品。", "CHN", "JPN", "163");
  expect("中國海警船向菲律賓船隻發射水砲。", "CHNMIL", "PHL", "190");
  expect("俄罗斯暂停参与与美国的《新削减战略武器条约》。", "RUS", "USA", "160");
  expect("尼日尔终止与法国的军事合作。", "NER", "FRA", "161");
  expect("特朗普威胁轰炸伊朗。", "USAELI", "IRN", "138");
  expect("克里姆林宮誓言對芬蘭進行報復。", "RUSGOV", "FIN", "130");
  expect("美国表示愿与伊朗举行会谈。", "USA", "IRN", "036");
  expect("中国军机进入台湾防空识别区。", "CHN", "TWN", "150");
  expect_no_root("特朗普威胁轰炸伊朗。", "19");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(cooperation_verbs_en),
      cmocka_unit_test(conflict_verbs_en),
      cmocka_unit_test(no_double_coding),
      cmocka_unit_test(look_alikes_do_not_code),
      cmocka_unit_test(verbs_zh),
  };
  return cmocka_run_group_tests(tests, code_setup, code_teardown);
}
