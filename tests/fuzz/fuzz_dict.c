/* fuzz_dict.c — libFuzzer harness: the dictionary loader (parley_dict_open) and coding with what it loaded.
 *
 * A small valid dictionary folder (every file kind of docs/dictionaries.md)
 * is written to a scratch directory once. For each input, the first byte
 * picks one file of that folder and the rest replaces its content; then the
 * folder is loaded. A load must either succeed or fail with a message (the
 * loader promises FILE:LINE for content errors); a successful load also
 * codes a Chinese and an English sentence with the fuzzed dictionary, turns
 * every event into JSON, and runs parley_dict_lookup and
 * parley_dict_resolve_actor. Afterwards the original file is put back. */
#define _GNU_SOURCE
#include "fuzz_util.h"

#include "parley/code.h"
#include "parley/read.h"

static const char base_events[] = "code\tname\tgoldstein\tquad_class\n"
                                  "01\tMAKE PUBLIC STATEMENT\t0.0\t1\n"
                                  "010\tMake statement\t0.0\t1\n"
                                  "04\tCONSULT\t1.0\t1\n"
                                  "040\tConsult\t1.0\t1\n"
                                  "042\tMake a visit\t1.9\t1\n"
                                  "043\tHost a visit\t2.8\t1\n"
                                  "11\tDISAPPROVE\t-2.0\t3\n"
                                  "112\tAccuse\t-2.0\t3\n"
                                  "19\tFIGHT\t-10.0\t4\n"
                                  "190\tUse conventional military force\t-10.0\t4\n"
                                  "1041\tDiscuss by telephone\t1.0\t1\n";

static const char base_actors[] = "actor USA country=USA name=\"United States\"\n"
                                  "en  United States; U.S.; USA; America\n"
                                  "zh  美国; 美方; 美國\n"
                                  "abbr 美\n"
                                  "actor USAGOV name=\"US government\"\n"
                                  "en  the White House; Washington\n"
                                  "zh  白宫\n"
                                  "actor RUS country=RUS name=\"Russia\"\n"
                                  "en  Russia; Russian Federation\n"
                                  "zh  俄罗斯; 俄方\n"
                                  "abbr 俄\n"
                                  "actor RUSGOV\n"
                                  "en  the Kremlin; Moscow\n"
                                  "zh  克里姆林宫; 莫斯科\n"
                                  "actor IGOEUREEC country=EUR name=\"European Union\"\n"
                                  "en  European Union; EU\n"
                                  "zh  欧盟\n"
                                  "abbr 欧\n";

static const char base_people[] = "person DONALD_TRUMP name=\"Donald Trump\"\n"
                                  "en  Donald Trump; Trump\n"
                                  "zh  特朗普; 川普\n"
                                  "role USAGOV 2017-01-20 2021-01-20\n"
                                  "role USAELI 2021-01-20 2025-01-20\n"
                                  "role USAGOV 2025-01-20 *\n"
                                  "role USAELI * *\n"
                                  "person VLADIMIR_PUTIN name=\"Vladimir Putin\"\n"
                                  "en  Vladimir Putin; Putin\n"
                                  "zh  普京\n"
                                  "role RUSGOV 2000-05-07 *\n"
                                  "place USA name=\"Alaska\"\n"
                                  "en  Alaska; Anchorage\n"
                                  "zh  阿拉斯加; 安克雷奇\n"
                                  "title GOV\n"
                                  "en  President; Foreign Minister\n"
                                  "zh  总统; 外长\n";

static const char base_patterns_zh[] = "010   S ~ 发表声明\n"
                                       "040   S ~ 与 T ~ 举行会谈 | sym pair\n"
                                       "042   S ~ 访问 T\n"
                                       "1041  S ~ 与 T ~ 通电话 | sym pair\n"
                                       "112   S ~ 指责 T\n"
                                       "190   S ~ 袭击 T\n";

static const char base_patterns_en[] = "010   S ~ issued a statement\n"
                                       "040   S ~ held talks with T | sym pair\n"
                                       "042   S ~ visited T\n"
                                       "1041  S ~ spoke by phone with T | sym\n"
                                       "112   S ~ accus* T\n"
                                       "190   T ~ was attacked by S\n";

static const char base_cues_zh[] = "report  披露; 表示; 称\n"
                                   "deny    否认\n"
                                   "doubt   无法确认; 毫无证据\n"
                                   "negate  未; 没有\n"
                                   "pair    双方; 两国\n"
                                   "he      他; 她\n"
                                   "count   次; 轮\n"
                                   "join    与; 和; 、\n";

static const char base_cues_en[] = "report  said; says; told\n"
                                   "deny    denied; denies\n"
                                   "doubt   cannot confirm; no evidence\n"
                                   "negate  did not; never\n"
                                   "pair    both sides; the two leaders\n"
                                   "he      he; she\n"
                                   "count   times\n"
                                   "join    and\n";

static struct {
  const char *rel;
  const char *text;
} files[] = {
    {"cameo/events.tsv", base_events},     {"actors/countries.txt", base_actors}, {"actors/people.txt", base_people},
    {"patterns/zh.txt", base_patterns_zh}, {"patterns/en.txt", base_patterns_en}, {"cues/zh.txt", base_cues_zh},
    {"cues/en.txt", base_cues_en},
};
#define NFILES (sizeof files / sizeof files[0])

static char dictdir[512];
static parley_doc *docs[2];

static void put(size_t i, const void *data, size_t size) {
  char p[1024];
  snprintf(p, sizeof p, "%s/%s", dictdir, files[i].rel);
  if (fz_write_file(p, data, size)) {
    perror(p);
    abort();
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  snprintf(dictdir, sizeof dictdir, "%s/dict", fz_scratch());
  static const char *subdirs[] = {"", "/cameo", "/actors", "/patterns", "/cues"};
  for (size_t i = 0; i < 5; i++) {
    char p[1024];
    snprintf(p, sizeof p, "%s%s", dictdir, subdirs[i]);
    if (mkdir(p, 0700) && errno != EEXIST) {
      perror(p);
      abort();
    }
  }
  for (size_t i = 0; i < NFILES; i++)
    put(i, files[i].text, strlen(files[i].text));
  parley_dict *d = NULL;
  parley_error err;
  if (parley_dict_open(dictdir, &d, &err)) {
    fprintf(stderr, "fuzz_dict: the base dictionary does not load: %s:%ld: %s\n", err.file, err.line, err.message);
    abort();
  }
  parley_dict_close(d);
  static const char *texts[2] = {
      "2025年3月1日，特朗普与普京在阿拉斯加举行会谈。双方未发表声明，俄方否认美国指责俄罗斯袭击欧盟。",
      "On March 1, 2025 Trump held talks with Putin in Anchorage. The Kremlin said the U.S. accused Russia; "
      "the EU denies it, and Putin visited Alaska 3 times."};
  for (int i = 0; i < 2; i++) {
    parley_read_options o = parley_read_default_options();
    o.format = PARLEY_INPUT_TEXT;
    if (parley_doc_from_text(texts[i], strlen(texts[i]), "fixed.txt", &o, &docs[i], &err)) abort();
  }
  return 0;
}

static void sink(void *ctx, const char *line) {
  FZ_CHECK(line != NULL);
  (*(size_t *)ctx) += strlen(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  size_t which = data[0] % NFILES;
  put(which, data + 1, size - 1);
  parley_dict *d = NULL;
  parley_error err;
  parley_error_clear(&err);
  int rc = parley_dict_open(dictdir, &d, &err);
  if (rc != PARLEY_OK) {
    FZ_CHECK(d == NULL);
    FZ_CHECK(err.status == rc && err.message[0]);
    if (rc == PARLEY_EDICT || rc == PARLEY_EFORMAT || rc == PARLEY_EUTF8) FZ_CHECK(err.file[0]);
  } else {
    parley_dict_stats st;
    parley_dict_stats_get(d, &st);
    for (size_t i = 0; i < parley_dict_cameo_count(d); i++)
      FZ_CHECK(parley_dict_cameo_at(d, i) != NULL);
    parley_coder *c = NULL;
    if (parley_coder_open(d, NULL, &c, &err) == PARLEY_OK) {
      for (int i = 0; i < 2; i++) {
        parley_events ev = {0};
        if (parley_code_doc(c, docs[i], &ev, &err) == PARLEY_OK) {
          for (size_t k = 0; k < ev.count; k++) {
            FZ_CHECK(ev.items[k].span.end <= docs[i]->text_len);
            char *j = parley_event_to_json(&ev.items[k], docs[i], d);
            FZ_CHECK(j != NULL);
            free(j);
          }
          parley_events_free(&ev);
        }
      }
      parley_coder_close(c);
    }
    size_t chars = 0;
    (void)parley_dict_lookup(d, "普京", sink, &chars, &err);
    (void)parley_dict_lookup(d, "the White House", sink, &chars, &err);
    char code[32], country[8];
    (void)parley_dict_resolve_actor(d, "Trump", "2020-01-01", code, country, &err);
    (void)parley_dict_resolve_actor(d, "USAGOV", NULL, code, country, &err);
    parley_dict_close(d);
  }
  put(which, files[which].text, strlen(files[which].text));
  return 0;
}
