/* test_code_groups.c — non-state armed groups (dict/actors/groups.txt): the
 * groups are actors with the right code and country in English, simplified
 * and traditional Chinese; ambiguous look-alikes are not groups; the Taliban
 * in government and leaders with dated roles follow the event date. */
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

/* Does any event of the text involve an actor with this code? */
static int mentions(const parley_events *ev, const char *code) {
  for (size_t i = 0; i < ev->count; i++)
    if (!strcmp(ev->items[i].source.code, code) || !strcmp(ev->items[i].target.code, code)) return 1;
  return 0;
}

static void english_group_names(void **state) {
  (void)state;
  parley_events ev = code("Hamas freed four Israeli hostages on Saturday.", "2025-01-20");
  const parley_event *e = find(&ev, "PSEREBHMS", "ISR", "08");
  assert_non_null(e);
  assert_string_equal(e->source.country, "PSE");
  parley_events_free(&ev);

  ev = code("Hizbollah fired rockets at northern Israel.", "2024-05-01");
  assert_non_null(find(&ev, "LBN", "ISR", "19"));
  parley_events_free(&ev);

  ev = code("Iran armed the Houthis.", "2024-05-01");
  assert_non_null(find(&ev, "IRN", "YEMREB", "07"));
  parley_events_free(&ev);

  /* "Iran-backed" is a description, not an act of support */
  ev = code("Iran-backed Houthi rebels attacked Israel.", "2024-05-01");
  assert_non_null(find(&ev, "YEM", "ISR", "19"));
  assert_null(find(&ev, "IRN", "YEM", NULL));
  parley_events_free(&ev);

  ev = code("Al-Shabaab fighters attacked an African Union base in Somalia.", "2024-05-01");
  assert_non_null(find(&ev, "SOM", "IGOAFRAFU", "19"));
  parley_events_free(&ev);

  /* the longest name wins: Iraqi Kataib Hezbollah, Pakistani Taliban */
  ev = code("Kataib Hezbollah threatened the United States.", "2024-05-01");
  assert_non_null(find(&ev, "IRQ", "USA", "13"));
  parley_events_free(&ev);
  ev = code("India accused the Pakistani Taliban of plotting attacks.", "2024-05-01");
  assert_non_null(find(&ev, "IND", "PAKREBTTP", "11"));
  parley_events_free(&ev);
}

static void chinese_simplified_and_traditional(void **state) {
  (void)state;
  parley_events ev = code("以色列国防军对黎巴嫩真主党目标发动空袭。", "2024-05-01");
  assert_non_null(find(&ev, "ISRMIL", "LBNREB", "19"));
  parley_events_free(&ev);

  ev = code("黎巴嫩真主黨向以色列北部發射火箭彈。", "2024-05-01");
  assert_non_null(find(&ev, "LBN", "ISR", "19"));
  parley_events_free(&ev);

  /* Taiwan's transliteration and an English gloss in parentheses */
  ev = code("以色列與哈瑪斯（Hamas）互控對方違反協議。", "2025-02-05");
  assert_non_null(find(&ev, "ISR", "PSE", "11"));
  assert_non_null(find(&ev, "PSE", "ISR", "11"));
  parley_events_free(&ev);

  ev = code("胡塞組織宣稱襲擊美國軍艦。", "2024-05-01");
  assert_non_null(find(&ev, "YEMREB", "USAMIL", "19"));
  parley_events_free(&ev);

  ev = code("蓋達組織威脅美國。", "2024-05-01");
  assert_non_null(find(&ev, "IMGMUSALQ", "USA", "13"));
  parley_events_free(&ev);

  ev = code("索馬利亞青年黨襲擊肯亞軍營。", "2024-05-01");
  assert_non_null(find(&ev, "SOMREB", "KEN", "19"));
  parley_events_free(&ev);
}

static void look_alikes_are_not_groups(void **state) {
  (void)state;
  /* 伊斯兰国家 = Islamic countries, not the Islamic State; 中国青年党 is not al-Shabaab */
  parley_events ev = code("伊斯兰国家领导人谴责以色列。", "2024-05-01");
  assert_false(mentions(&ev, "IMGMUSISL"));
  parley_events_free(&ev);
  ev = code("中国青年党代表访问日本。", "2024-05-01");
  assert_false(mentions(&ev, "SOMREB"));
  parley_events_free(&ev);
  /* RSF alone is also Reporters Without Borders; Japan's SDF is not Syria's */
  ev = code("RSF urged Israel to protect journalists in Gaza.", "2024-05-01");
  assert_false(mentions(&ev, "SDNREB"));
  parley_events_free(&ev);
  ev = code("Japan's SDF held drills with US forces.", "2024-05-01");
  assert_false(mentions(&ev, "SYRREB"));
  parley_events_free(&ev);
}

static void taliban_in_government_and_dated_leaders(void **state) {
  (void)state;
  parley_events ev = code("The Taliban government signed an agreement with Uzbekistan.", "2024-05-01");
  assert_non_null(find(&ev, "AFGGOVTAL", "UZB", "05"));
  parley_events_free(&ev);

  ev = code("Taliban spokesman Zabihullah Mujahid criticized Pakistan.", "2024-05-01");
  assert_non_null(find(&ev, "AFGGOV", "PAK", "11"));
  parley_events_free(&ev);
  ev = code("Zabihullah Mujahid criticized Pakistan.", "2019-05-01");
  assert_non_null(find(&ev, "AFGREB", "PAK", "11"));
  parley_events_free(&ev);

  ev = code("Yahya Sinwar praised Iran.", "2024-05-01");
  assert_non_null(find(&ev, "PSEREBHMS", "IRN", "05"));
  parley_events_free(&ev);
}

static void domestic_armed_conflict(void **state) {
  (void)state;
  /* a group fighting its own country's state is coded; two state actors of one
     country are one side and are not */
  parley_events ev = code("Boko Haram fighters attacked a Nigerian army base in Borno state.", "2024-05-01");
  assert_non_null(find(&ev, "NGAREB", "NGAMIL", "19"));
  parley_events_free(&ev);
  ev = code("Turkish forces struck PKK targets in northern Iraq.", "2024-05-01");
  assert_non_null(find(&ev, "TURMIL", "TURREB", "19"));
  parley_events_free(&ev);
  /* 战机 is a literal of "S ~ 战机 ~ 空袭" and part of the source's name: the pattern
     with a target still codes; a place right before an actor locates it */
  ev = code("以色列战机空袭黎巴嫩南部真主党阵地。", "2024-05-01");
  assert_non_null(find(&ev, "ISRMIL", "LBNREB", "19"));
  parley_events_free(&ev);
  ev = code("Chinese Foreign Minister Wang Yi praised the Chinese government.", "2024-05-01");
  assert_int_equal(ev.count, 0);
  parley_events_free(&ev);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(english_group_names),        cmocka_unit_test(chinese_simplified_and_traditional),
      cmocka_unit_test(look_alikes_are_not_groups), cmocka_unit_test(taliban_in_government_and_dated_leaders),
      cmocka_unit_test(domestic_armed_conflict),
  };
  return cmocka_run_group_tests(tests, code_setup, code_teardown);
}
