/* test_code_trade.c — trade-war and economic-coercion news in both languages:
 * tariffs, duties and levies with an amount or the goods between the measure
 * and the target ("tariffs of up to 15% on American farm goods", 对价值1550亿
 * 加元的美国商品征收…关税), export controls and entity lists, export bans,
 * announced and conditional threats (否则…反制, 如果…奉陪到底, "will fight to
 * the end if"), the reactions to them (a violation of WTO rules, 反对 T), and
 * economic news that must give no event (trade figures, companies, markets). */
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

/* The code (e.g. "1312") of the first event from s to t with root root. */
static void assert_code(const parley_events *ev, const char *s, const char *t, const char *root, const char *code) {
  const parley_event *e = find(ev, s, t, root);
  assert_non_null(e);
  assert_string_equal(e->event_code, code);
}

static void english_tariffs_with_an_amount(void **state) {
  (void)state;
  parley_events ev =
      code("China imposed additional tariffs of up to 15% on American farm goods on Tuesday.", "2025-03-04");
  assert_code(&ev, "CHN", "USA", "16", "163");
  parley_events_free(&ev);
  ev =
      code("The European Union imposed anti-subsidy duties of up to 35.3% on Chinese electric vehicles.", "2024-10-30");
  assert_code(&ev, "EUR", "CHN", "16", "163");
  parley_events_free(&ev);
  ev = code("China imposed tariffs of 34% on all goods from the United States on Friday.", "2025-04-04");
  assert_code(&ev, "CHN", "USA", "16", "163");
  parley_events_free(&ev);
  ev = code("Prime Minister Justin Trudeau announced retaliatory levies on U.S. products worth C$30 billion.",
            "2025-03-05");
  assert_code(&ev, "CAN", "USA", "16", "163");
  parley_events_free(&ev);
  ev = code("Beijing hiked its levies on American imports to 125% on Friday.", "2025-04-11");
  assert_code(&ev, "CHN", "USA", "16", "163");
  parley_events_free(&ev);
  ev = code("Trump hit China with an extra 10% tariff on Tuesday.", "2025-03-04");
  assert_code(&ev, "USA", "CHN", "16", "163");
  assert_null(find(&ev, "CHN", "USA", "19"));
  assert_null(find(&ev, "USA", "CHN", "19"));
  parley_events_free(&ev);
  /* the goods were imported from the target: a tariff, not trade */
  ev = code("China imposed duties on brandy imported from the European Union on Friday.", "2024-10-04");
  assert_code(&ev, "CHN", "EUR", "16", "163");
  assert_null(find(&ev, "CHN", "EUR", "06"));
  parley_events_free(&ev);
}

static void english_announced_tariffs_are_threats(void **state) {
  (void)state;
  parley_events ev = code("Canada said on Saturday it would impose 25% duties on American goods.", "2025-03-02");
  assert_code(&ev, "CAN", "USA", "13", "1312");
  assert_null(find(&ev, "CAN", "USA", "16"));
  parley_events_free(&ev);
  ev =
      code("Ottawa will impose retaliatory tariffs on C$29.8 billion worth of U.S. goods from Thursday.", "2025-03-12");
  assert_code(&ev, "CAN", "USA", "13", "1312");
  parley_events_free(&ev);
  ev = code("The United States will impose a 25% tariff on all imports from Canada and Mexico starting Saturday.",
            "2025-01-31");
  assert_code(&ev, "USA", "CAN", "13", "1312");
  assert_code(&ev, "USA", "MEX", "13", "1312");
  assert_null(find(&ev, "USA", "CAN", "06"));
  parley_events_free(&ev);
  ev = code("Trump threatened to impose an additional 50% tariff on Chinese goods.", "2025-04-07");
  assert_code(&ev, "USA", "CHN", "13", "1312");
  parley_events_free(&ev);
}

static void english_export_controls_and_lists(void **state) {
  (void)state;
  parley_events ev = code("China placed 25 U.S. firms on export control lists on Tuesday.", "2025-03-04");
  assert_code(&ev, "CHN", "USA", "16", "163");
  parley_events_free(&ev);
  ev = code("China has put 28 U.S. defense firms on its export control list.", "2025-01-02");
  assert_code(&ev, "CHN", "USA", "16", "163");
  parley_events_free(&ev);
  ev =
      code("The U.S. Commerce Department on Monday added 140 Chinese companies to its export blacklist.", "2024-12-03");
  assert_code(&ev, "USA", "CHN", "16", "163");
  parley_events_free(&ev);
  ev = code("Beijing banned exports of gallium and germanium to the United States on Tuesday.", "2024-12-03");
  assert_code(&ev, "CHN", "USA", "16", "163");
  parley_events_free(&ev);
}

static void english_reactions(void **state) {
  (void)state;
  parley_events ev = code("China's commerce ministry called the U.S. decision a violation of WTO rules.", "2025-03-05");
  assert_code(&ev, "CHN", "USA", "11", "112");
  parley_events_free(&ev);
  ev = code("China will fight to the end if the United States insists on a trade war, Lin Jian told reporters.",
            "2025-03-05");
  assert_code(&ev, "CHN", "USA", "13", "130");
  parley_events_free(&ev);
  ev = code("China will take resolute countermeasures if the United States escalates its tariffs.", "2025-04-08");
  assert_code(&ev, "CHN", "USA", "13", "1312");
  parley_events_free(&ev);
  ev = code("Kremlin spokesman Dmitry Peskov welcomed Zelenskiy's statement on Tuesday.", "2025-03-12");
  assert_code(&ev, "RUS", "UKR", "05", "051");
  parley_events_free(&ev);
  /* a statement later in the sentence is not what was welcomed: a visit */
  ev = code("Trump welcomed Zelenskiy at the White House, according to a statement.", "2025-03-04");
  assert_non_null(find(&ev, "USA", "UKR", "04"));
  assert_null(find(&ev, "USA", "UKR", "05"));
  parley_events_free(&ev);
  /* an appeal that mentions violations accuses nobody */
  ev = code("Ukraine called on the United States to investigate ceasefire violations by Russia.", "2025-03-04");
  assert_code(&ev, "UKR", "USA", "02", "020");
  assert_null(find(&ev, "UKR", "USA", "11"));
  parley_events_free(&ev);
}

static void chinese_trade_measures(void **state) {
  (void)state;
  parley_events ev = code("中国商务部4日宣布，将15家美国实体列入出口管制管控名单。", "2025-03-04");
  assert_code(&ev, "CHN", "USA", "16", "163");
  parley_events_free(&ev);
  ev = code("加拿大总理特鲁多宣布对价值1550亿加元的美国商品征收25%的报复性关税。", "2025-03-05");
  assert_code(&ev, "CAN", "USA", "16", "163");
  parley_events_free(&ev);
  ev = code("欧盟决定对中国电动汽车征收最高35.3%的反补贴税。", "2024-10-30");
  assert_code(&ev, "EUR", "CHN", "16", "163");
  parley_events_free(&ev);
  ev = code("中国商务部宣布禁止两用物项对美国出口镓、锗、锑等物项。", "2024-12-03");
  assert_code(&ev, "CHN", "USA", "16", "163");
  parley_events_free(&ev);
  /* goods imported from the target: a tariff, not also trade (061) */
  ev = code("中国对自美国进口的鸡肉、小麦、玉米、棉花加征15%关税。", "2025-03-04");
  assert_code(&ev, "CHN", "USA", "16", "163");
  assert_null(find(&ev, "CHN", "USA", "06"));
  parley_events_free(&ev);
  ev = code("欧盟委员会决定对从中国进口的纯电动汽车征收临时反补贴税。", "2024-10-30");
  assert_code(&ev, "EUR", "CHN", "16", "163");
  assert_null(find(&ev, "EUR", "CHN", "06"));
  parley_events_free(&ev);
}

static void chinese_conditional_threats(void **state) {
  (void)state;
  /* a threatened or announced tariff is a threat, not the tariff */
  parley_events ev = code("特朗普威胁对加拿大商品加征25%关税。", "2025-01-27");
  assert_code(&ev, "USA", "CAN", "13", "1312");
  assert_null(find(&ev, "USA", "CAN", "16"));
  parley_events_free(&ev);
  ev = code("美方宣布将对中国输美商品加征10%关税。", "2025-02-02");
  assert_code(&ev, "USA", "CHN", "13", "1312");
  assert_null(find(&ev, "USA", "CHN", "16"));
  parley_events_free(&ev);
  ev = code("如果美方执意打关税战、贸易战，中方将奉陪到底。", "2025-03-04");
  assert_code(&ev, "CHN", "USA", "13", "130");
  parley_events_free(&ev);
  ev = code("如果美方一意孤行，中方将采取坚决反制措施。", "2025-03-04");
  assert_code(&ev, "CHN", "USA", "13", "1312");
  parley_events_free(&ev);
  /* the appeal stays an appeal; the 否则 clause is the threat */
  ev = code("中方敦促美方立即取消单边关税措施，否则中方将坚决反制。", "2025-04-04");
  assert_code(&ev, "CHN", "USA", "02", "020");
  assert_code(&ev, "CHN", "USA", "13", "1312");
  parley_events_free(&ev);
}

static void opposing_a_measure_is_no_measure(void **state) {
  (void)state;
  /* the 对 of 反对 is no preposition: no sanction by China */
  parley_events ev = code("外交部发言人林剑表示，中方坚决反对美方滥用出口管制。", "2025-03-04");
  assert_code(&ev, "CHN", "USA", "11", "110");
  assert_null(find(&ev, "CHN", "USA", "16"));
  parley_events_free(&ev);
  ev = code("中方坚决反对美方对俄罗斯实施单边制裁。", "2025-03-04");
  assert_code(&ev, "CHN", "USA", "11", "110");
  assert_null(find(&ev, "CHN", "USA", "16"));
  parley_events_free(&ev);
  ev = code("中方坚决反对美方对中国加征关税。", "2025-03-04");
  assert_code(&ev, "CHN", "USA", "11", "110");
  assert_null(find(&ev, "CHN", "USA", "16"));
  parley_events_free(&ev);
  ev = code("中国商务部新闻发言人表示，中方对美方的错误做法表示强烈不满和坚决反对。", "2025-03-04");
  assert_code(&ev, "CHN", "USA", "11", "110");
  parley_events_free(&ev);
}

/* "imports"/"imported" are verbs only right after their subject (| verb):
 * "tariffs on imports from Mexico" is no trade with Mexico */
static void imports_are_verbs_only_after_the_subject(void **state) {
  (void)state;
  parley_events ev =
      code("India imports oil from Russia. Canada criticised U.S. tariffs on imports from Mexico.", "2025-04-10");
  assert_non_null(find(&ev, "IND", "RUS", "06"));
  assert_null(find(&ev, "USA", "MEX", "06"));
  parley_events_free(&ev);
}

static void economic_news_is_no_event(void **state) {
  (void)state;
  static const char *texts[] = {
      "Tariffs on steel rose sharply last year, according to an industry report.",
      "A Chinese company said its sales rose 15% in the first quarter despite U.S. tariffs.",
      "China's exports to the United States fell 21% in April from a year earlier, customs data showed.",
      "U.S. soybean exports to China fell to a five-year low in February.",
      "The tariffs are expected to cost American consumers billions of dollars, economists said.",
      "Japan imposed duties on steel from several countries on Monday.",
      "India imposed a 20% export duty on onions.",
      "American farmers have been hurt by the trade war with China.",
      "Trump announced tariffs on imported cars, drawing protests from Japan.",
      "American farmers have been hit hard by the trade war with China.",
      "今年前两个月，中国对美国出口同比下降10%。",
      "美国农民担心关税上涨将影响大豆销售。",
      "一家中国企业表示，其一季度销售额同比增长15%。",
      "受关税影响，美国股市周一大幅下跌。",
      NULL,
  };
  for (int i = 0; texts[i]; i++) {
    parley_events ev = code(texts[i], "2025-04-10");
    if (ev.count) fail_msg("%s: %zu event(s), first %s", texts[i], ev.count, ev.items[0].event_code);
    parley_events_free(&ev);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(english_tariffs_with_an_amount),
      cmocka_unit_test(english_announced_tariffs_are_threats),
      cmocka_unit_test(english_export_controls_and_lists),
      cmocka_unit_test(english_reactions),
      cmocka_unit_test(chinese_trade_measures),
      cmocka_unit_test(chinese_conditional_threats),
      cmocka_unit_test(opposing_a_measure_is_no_measure),
      cmocka_unit_test(imports_are_verbs_only_after_the_subject),
      cmocka_unit_test(economic_news_is_no_event),
  };
  return cmocka_run_group_tests(tests, code_setup, code_teardown);
}
