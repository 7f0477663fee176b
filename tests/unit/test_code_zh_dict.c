/* test_code_zh_dict.c — Chinese dictionary entries for news from Taiwan, Hong
 * Kong, Singapore and Malaysia: regional names that stay different words after
 * the traditional → simplified conversion (川普, 蒲亭, 星國, 大馬, 安華, 港府,
 * 華府, 克宮, 台島), the patterns added with them (planned meetings, joint
 * agreements to stop fighting, denied attacks, sanctions only considered), and
 * ordinary words that must not become actors or events. */
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

/* 1 if any event of ev has country c as its source or target. */
static int touches(const parley_events *ev, const char *c) {
  for (size_t i = 0; i < ev->count; i++)
    if (!strcmp(ev->items[i].source.country, c) || !strcmp(ev->items[i].target.country, c)) return 1;
  return 0;
}

static int touches_count(const parley_events *ev, const char *c) {
  int n = 0;
  for (size_t i = 0; i < ev->count; i++)
    n += !strcmp(ev->items[i].source.country, c) || !strcmp(ev->items[i].target.country, c);
  return n;
}

static void taiwan_names_in_traditional_script(void **state) {
  (void)state;
  parley_events ev = code("美國總統川普今天在阿拉斯加與俄羅斯總統蒲亭舉行峰會。", "2025-08-16");
  assert_non_null(find(&ev, "USAGOV", "RUSGOV", "04"));
  assert_non_null(find(&ev, "RUSGOV", "USAGOV", "04"));
  parley_events_free(&ev);
  ev = code("華府宣布對中國加徵關稅。", "2025-04-18");
  assert_non_null(find(&ev, "USAGOV", "CHN", "16"));
  parley_events_free(&ev);
  ev = code("蒲亭20日在克宮會見美國特使魏科夫。", "2025-11-21");
  assert_non_null(find(&ev, "RUSGOV", "USAGOV", "04"));
  parley_events_free(&ev);
  ev = code("紐西蘭總理盧克森會見中國國家主席習近平。", "2025-06-18");
  assert_non_null(find(&ev, "NZLGOV", "CHNGOV", "04"));
  parley_events_free(&ev);
}

static void singapore_malaysia_hong_kong(void **state) {
  (void)state;
  parley_events ev = code("星國總理黃循財11日會見到訪的法國總統馬克宏。", "2025-06-12");
  assert_non_null(find(&ev, "SGPGOV", "FRAGOV", "04"));
  parley_events_free(&ev);
  ev = code("大馬外交部發表聲明,強烈譴責以色列。", "2025-05-06");
  assert_non_null(find(&ev, "MYS", "ISR", "11"));
  parley_events_free(&ev);
  ev = code("安華在布城會見中國外交部長王毅。", "2025-09-03");
  assert_non_null(find(&ev, "MYSGOV", "CHNGOV", "04"));
  parley_events_free(&ev);
  ev = code("港府強烈譴責美國國務院。", "2024-07-12");
  assert_non_null(find(&ev, "HKGGOV", "USAGOV", "11"));
  parley_events_free(&ev);
}

static void north_korea_has_its_own_foreign_ministry(void **state) {
  (void)state;
  /* 外務省 alone is Japan's; 北韓外務省 is Pyongyang's */
  parley_events ev = code("北韓外務省發表談話,譴責美國。", "2024-12-20");
  assert_non_null(find(&ev, "PRKGOV", "USA", "11"));
  assert_null(find(&ev, "JPNGOV", "USA", "11"));
  parley_events_free(&ev);
}

static void taiwan_strait_drills(void **state) {
  (void)state;
  parley_events ev = code("解放軍東部戰區今天在台灣海峽舉行演習。", "2025-04-02");
  assert_non_null(find(&ev, "CHNMIL", "TWN", "15"));
  parley_events_free(&ev);
  ev = code("中国人民解放军东部战区组织海空兵力实施环台岛战备警巡。", "2025-12-29");
  assert_non_null(find(&ev, "CHNMIL", "TWN", "15"));
  parley_events_free(&ev);
}

static void partner_after_xiang(void **state) {
  (void)state;
  /* 向 T 发动空袭 / 向 T 加徵关税 as 对 T 发动空袭 / 对 T 加征关税 */
  parley_events ev = code("以色列向黎巴嫩真主黨發動空襲。", "2024-09-23");
  assert_non_null(find(&ev, "ISR", "LBN", "19"));
  parley_events_free(&ev);
  ev = code("川普向印度加徵50%關稅。", "2025-08-07");
  assert_non_null(find(&ev, "USAGOV", "IND", "16"));
  parley_events_free(&ev);
  ev = code("中國外交部嗆美方停止干涉中國內政。", "2025-08-07");
  assert_non_null(find(&ev, "CHNGOV", "USA", "11"));
  parley_events_free(&ev);
}

static void taiwan_spellings_of_world_leaders(void **state) {
  (void)state;
  parley_events ev = code("艾爾段在安卡拉會見阿根廷總統米雷。", "2025-03-01");
  assert_non_null(find(&ev, "TURGOV", "ARGGOV", "04"));
  parley_events_free(&ev);
  ev = code("美國財政部長葉倫會見中國國務院副總理何立峰。", "2024-04-06");
  assert_non_null(find(&ev, "USAGOV", "CHNGOV", "04"));
  parley_events_free(&ev);
  ev = code("帛琉總統會見賴清德。", "2025-01-10");
  assert_non_null(find(&ev, "PLW", "TWNGOV", "04"));
  parley_events_free(&ev);
}

static void planned_meeting_is_an_intent(void **state) {
  (void)state;
  parley_events ev = code("據彭博社報導,川普將於下週在阿拉斯加與蒲亭會面。", "2025-08-08");
  assert_non_null(find(&ev, "USAGOV", "RUSGOV", "03"));
  assert_null(find(&ev, "USAGOV", "RUSGOV", "04"));
  parley_events_free(&ev);
  /* a planned visit keeps its 036 when a planned meeting follows in the same clause */
  ev = code("共同社引述消息人士稱,石破茂將於下月訪問美國並與川普會面。", "2025-08-20");
  assert_non_null(find(&ev, "JPNGOV", "USA", "03"));
  assert_null(find(&ev, "JPNGOV", "USA", "04"));
  assert_null(find(&ev, "JPNGOV", "USAGOV", "04"));
  parley_events_free(&ev);
}

static void joint_agreements_to_stop_fighting(void **state) {
  (void)state;
  parley_events ev = code("印度外交部發言人表示,印度與巴基斯坦已同意停止一切軍事行動。", "2025-05-11");
  assert_non_null(find(&ev, "IND", "PAK", "03"));
  assert_non_null(find(&ev, "PAK", "IND", "03"));
  parley_events_free(&ev);
  ev = code("普京同特朗普通电话,双方同意暂停打击能源设施30天。", "2025-03-19");
  assert_non_null(find(&ev, "RUSGOV", "USAGOV", "03"));
  assert_non_null(find(&ev, "USAGOV", "RUSGOV", "03"));
  parley_events_free(&ev);
}

static void denied_attack_is_a_denial(void **state) {
  (void)state;
  parley_events ev = code("烏克蘭總統澤倫斯基否認攻擊克宮。", "2023-05-05");
  assert_non_null(find(&ev, "UKRGOV", "RUSGOV", "01"));
  assert_null(find(&ev, "UKRGOV", "RUSGOV", "19"));
  parley_events_free(&ev);
}

static void considered_sanctions_are_not_sanctions(void **state) {
  (void)state;
  parley_events ev = code("特朗普政府正考虑对俄罗斯实施新的制裁。", "2025-02-15");
  assert_non_null(find(&ev, "USAGOV", "RUS", "01"));
  assert_null(find(&ev, "USAGOV", "RUS", "16"));
  parley_events_free(&ev);
  ev = code("歐盟準備對美國採取反制措施。", "2025-07-10");
  assert_non_null(find(&ev, "IGOEUREEC", "USA", "13"));
  assert_null(find(&ev, "IGOEUREEC", "USA", "16"));
  parley_events_free(&ev);
}

static void ordinary_words_are_not_actors(void **state) {
  (void)state;
  /* 卫星国/明星/零星 are not Singapore, 大马士革 stays Damascus, 卡拉卡斯 is not 拉卡 (Raqqa) */
  parley_events ev = code("苏联的卫星国与美国举行会谈。明星与球迷会面。零星冲突仍在发生。", "2025-05-01");
  assert_false(touches(&ev, "SGP"));
  parley_events_free(&ev);
  ev = code("以色列空袭大马士革。", "2025-05-01");
  assert_non_null(find(&ev, "ISR", "SYR", "19"));
  assert_false(touches(&ev, "MYS"));
  parley_events_free(&ev);
  /* 大马路 is a main road, not Malaysia (大马 alone is not a name) */
  ev = code("中国游客在大马路上抗议。大马首相安华批评以色列。", "2025-05-01");
  assert_int_equal(touches_count(&ev, "MYS"), 1);
  assert_non_null(find(&ev, "MYS", "ISR", "11"));
  parley_events_free(&ev);
  ev = code("美軍突襲委內瑞拉首都卡拉卡斯。", "2026-01-04");
  assert_non_null(find(&ev, "USAMIL", "VEN", "19"));
  assert_false(touches(&ev, "SYR"));
  parley_events_free(&ev);
}

/* A pair of one-character abbreviations (美俄) is not taken from inside words:
 * 同意加强 (agree to strengthen) is no Italy-Canada, 6日越境 no Japan-Vietnam;
 * real pairs still are. */
static void abbreviation_pairs_inside_words(void **state) {
  (void)state;
  parley_events ev = code("中俄两国领导人同意加强经贸合作。乌军6日越境进入俄罗斯。", "2025-05-01");
  assert_false(touches(&ev, "ITA"));
  assert_false(touches(&ev, "CAN"));
  assert_false(touches(&ev, "JPN"));
  assert_false(touches(&ev, "VNM"));
  assert_non_null(find(&ev, "CHN", "RUS", "03"));
  parley_events_free(&ev);
  ev = code("美方以芬太尼问题为由对中国加征关税。", "2025-03-04");
  assert_false(touches(&ev, "ISR"));
  assert_false(touches(&ev, "FIN"));
  assert_non_null(find(&ev, "USA", "CHN", "16"));
  parley_events_free(&ev);
  ev = code("美俄两国元首通电话。中美俄三国外长举行会谈。", "2025-05-01");
  assert_non_null(find(&ev, "USA", "RUS", "04"));
  assert_non_null(find(&ev, "CHN", "USA", "04"));
  parley_events_free(&ev);
}

/* "A、B等西方领袖": the listed leaders are the actors; 西方 inside the
 * description (领袖, a title like 领导人) is not one more */
static void enumerated_leaders_and_their_description(void **state) {
  (void)state;
  parley_events ev = code("加拿大總理杜魯道、義大利總理梅洛尼等西方領袖24日抵達基輔,聲援烏克蘭。", "2025-02-24");
  assert_non_null(find(&ev, "CANGOV", "UKR", "04"));
  assert_non_null(find(&ev, "ITAGOV", "UKR", "04"));
  assert_false(touches(&ev, "WST"));
  parley_events_free(&ev);
}

/* 对台军售: the name 台军 takes the 军 of 军售 (the 售 pattern); 对台 before a
 * verb is Taiwan as 对俄, 对美 are */
static void arms_sales_to_taiwan(void **state) {
  (void)state;
  parley_events ev = code("美国国务院批准对台军售。美国宣布对台出售价值3.3亿美元的军事装备。", "2025-02-24");
  assert_non_null(find(&ev, "USA", "TWN", "06"));
  assert_non_null(find(&ev, "USA", "TWN", "07"));
  parley_events_free(&ev);
}

/* 中国国台办: a country touching its own organ is the organ, one actor; 同意
 * (agree) holds no 同 (with): no cooperation with the topic 北韩 */
static void organs_and_words_holding_prepositions(void **state) {
  (void)state;
  parley_events ev = code("中國國台辦發言人陳斌華批評賴清德,並警告民進黨當局不要玩火。", "2025-09-10");
  assert_non_null(find(&ev, "CHNGOV", "TWN", "11"));
  for (size_t i = 0; i < ev.count; i++)
    assert_string_not_equal(ev.items[i].source.code, "CHN");
  parley_events_free(&ev);
  /* readiness to talk is an intent (036), one way */
  ev = code("俄羅斯外長拉夫羅夫表示,莫斯科準備好與華府恢復對話。", "2025-09-10");
  assert_non_null(find(&ev, "RUSGOV", "USAGOV", "03"));
  assert_null(find(&ev, "USAGOV", "RUSGOV", "04"));
  assert_null(find(&ev, "RUSGOV", "USAGOV", "04"));
  parley_events_free(&ev);
  ev = code("日本首相石破茂10日與南韓總統李在明舉行電話會談,雙方同意加強在北韓問題上的合作。", "2025-09-10");
  assert_non_null(find(&ev, "JPNGOV", "KORGOV", "04"));
  assert_false(touches(&ev, "PRK"));
  /* 双方: the pair of the same sentence (石破茂 与 李在明) */
  assert_non_null(find(&ev, "JPNGOV", "KORGOV", "03"));
  assert_non_null(find(&ev, "KORGOV", "JPNGOV", "03"));
  parley_events_free(&ev);
}

static void new_patterns_need_their_actors(void **state) {
  (void)state;
  /* no actors, or one side only: nothing to code */
  parley_events ev = code("公司将于下周与供应商会面。民众在议会外强烈抗议新法案。双方同意恢复沟通。", "2025-05-01");
  assert_int_equal(ev.count, 0);
  parley_events_free(&ev);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(taiwan_names_in_traditional_script),
      cmocka_unit_test(singapore_malaysia_hong_kong),
      cmocka_unit_test(north_korea_has_its_own_foreign_ministry),
      cmocka_unit_test(taiwan_strait_drills),
      cmocka_unit_test(partner_after_xiang),
      cmocka_unit_test(taiwan_spellings_of_world_leaders),
      cmocka_unit_test(planned_meeting_is_an_intent),
      cmocka_unit_test(joint_agreements_to_stop_fighting),
      cmocka_unit_test(denied_attack_is_a_denial),
      cmocka_unit_test(considered_sanctions_are_not_sanctions),
      cmocka_unit_test(ordinary_words_are_not_actors),
      cmocka_unit_test(abbreviation_pairs_inside_words),
      cmocka_unit_test(enumerated_leaders_and_their_description),
      cmocka_unit_test(arms_sales_to_taiwan),
      cmocka_unit_test(organs_and_words_holding_prepositions),
      cmocka_unit_test(new_patterns_need_their_actors),
  };
  return cmocka_run_group_tests(tests, code_setup, code_teardown);
}
