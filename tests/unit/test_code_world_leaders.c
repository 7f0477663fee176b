/* test_code_world_leaders.c — leaders from dict/actors/people_world.txt are
 * known by name alone (no country or title in the sentence), in English and
 * Chinese, across regions, and their roles follow the date: in office →
 * XXXGOV, before or after → XXXELI / XXXOPP. */
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

static void africa_by_name_alone(void **state) {
  (void)state;
  parley_events ev = code("William Ruto met Bola Tinubu in Abuja on Tuesday.", "2024-05-01");
  assert_non_null(find(&ev, "KENGOV", "NGAGOV", "04"));
  assert_non_null(find(&ev, "NGAGOV", "KENGOV", "04"));
  parley_events_free(&ev);
  ev = code("鲁托在阿布贾会见提努布。", "2024-05-01");
  assert_non_null(find(&ev, "KENGOV", "NGAGOV", "04"));
  parley_events_free(&ev);
  ev = code("卡加梅会见齐塞克迪。", "2024-05-01");
  assert_non_null(find(&ev, "RWAGOV", "CODGOV", "04"));
  parley_events_free(&ev);
}

static void role_changes_with_the_date(void **state) {
  (void)state;
  /* Mahama: president 2012-2017, opposition leader 2017-2025, president again from 2025-01-07 */
  parley_events ev = code("John Mahama met Alassane Ouattara in Abidjan.", "2025-03-01");
  assert_non_null(find(&ev, "GHAGOV", "CIVGOV", "04"));
  parley_events_free(&ev);
  ev = code("John Mahama met Alassane Ouattara in Abidjan.", "2020-03-01");
  assert_non_null(find(&ev, "GHAOPP", "CIVGOV", "04"));
  assert_null(find(&ev, "GHAGOV", "CIVGOV", "04"));
  parley_events_free(&ev);
  /* Ardern: prime minister 2017-10-26 to 2023-01-25, an elite after */
  ev = code("Jacinda Ardern met Xi Jinping in Beijing.", "2019-04-01");
  assert_non_null(find(&ev, "NZLGOV", "CHNGOV", "04"));
  parley_events_free(&ev);
  ev = code("Jacinda Ardern met Xi Jinping in Beijing.", "2024-04-01");
  assert_non_null(find(&ev, "NZLELI", "CHNGOV", "04"));
  assert_null(find(&ev, "NZLGOV", "CHNGOV", "04"));
  parley_events_free(&ev);
}

static void latin_america_and_caribbean(void **state) {
  (void)state;
  parley_events ev = code("Keith Rowley met Li Qiang in Beijing.", "2023-06-28");
  assert_non_null(find(&ev, "TTOGOV", "CHNGOV", "04"));
  parley_events_free(&ev);
  ev = code("Gabriel Boric criticized Israel over the war in Gaza.", "2024-05-01");
  assert_non_null(find(&ev, "CHLGOV", "ISR", "11"));
  parley_events_free(&ev);
  ev = code("布克尔会见特朗普。", "2025-04-14");
  assert_non_null(find(&ev, "SLVGOV", "USAGOV", "04"));
  parley_events_free(&ev);
}

static void asia_europe_pacific(void **state) {
  (void)state;
  /* Hasina: prime minister until 2024-08-05 */
  parley_events ev = code("Sheikh Hasina met Narendra Modi in New Delhi.", "2024-06-21");
  assert_non_null(find(&ev, "BGDGOV", "INDGOV", "04"));
  parley_events_free(&ev);
  ev = code("Sheikh Hasina met Narendra Modi in New Delhi.", "2025-06-21");
  assert_non_null(find(&ev, "BGDELI", "INDGOV", "04"));
  parley_events_free(&ev);
  ev = code("米尔济约耶夫会见呼日勒苏赫。", "2024-05-01");
  assert_non_null(find(&ev, "UZBGOV", "MNGGOV", "04"));
  parley_events_free(&ev);
  ev = code("Maia Sandu criticized Russia.", "2024-05-01");
  assert_non_null(find(&ev, "MDAGOV", "RUS", "11"));
  parley_events_free(&ev);
  ev = code("兰布卡会见阿尔巴尼斯。", "2024-02-01");
  assert_non_null(find(&ev, "FJIGOV", "AUSGOV", "04"));
  parley_events_free(&ev);
}

static void ordinary_words_are_not_leaders(void **state) {
  (void)state;
  /* 多东 (in 很多东西), 扬沙 (sand weather), 加尼 (in 参加尼日利亚) are not names */
  parley_events ev = code("中国代表团将参加尼日利亚举办的会议，双方讨论了很多东西。北京明天有扬沙天气。", "2024-05-01");
  for (size_t i = 0; i < ev.count; i++) {
    assert_string_not_equal(ev.items[i].source.country, "MDA");
    assert_string_not_equal(ev.items[i].source.country, "AFG");
    assert_string_not_equal(ev.items[i].target.country, "MDA");
    assert_string_not_equal(ev.items[i].target.country, "AFG");
  }
  parley_events_free(&ev);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(africa_by_name_alone),           cmocka_unit_test(role_changes_with_the_date),
      cmocka_unit_test(latin_america_and_caribbean),    cmocka_unit_test(asia_europe_pacific),
      cmocka_unit_test(ordinary_words_are_not_leaders),
  };
  return cmocka_run_group_tests(tests, code_setup, code_teardown);
}
