/* cmd_dict.c — `parley dict check` and `parley dict lookup WORD`. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

const char cmd_dict_usage[] = "Usage: parley dict check [--dict DIR]\n"
                              "       parley dict lookup [--dict DIR] WORD...\n"
                              "\n"
                              "check   loads and validates every dictionary file (errors as FILE:LINE: message)\n"
                              "        and prints counts: event codes, actors, people, places, titles, names and\n"
                              "        patterns per language, and the CAMEO roots the patterns cover.\n"
                              "lookup  shows every dictionary entry WORD matches after normalisation (NFKC,\n"
                              "        lower case, simplified Chinese): actors with their codes and roles,\n"
                              "        pattern literals with their patterns, cue words. Entries matching only\n"
                              "        part of WORD are marked (part). Exit status 1 when nothing matches.\n"
                              "\n"
                              "Options:\n"
                              "  -d, --dict DIR   dictionary folder (default: $PARLEY_DICT or the installed one)\n"
                              "  -h, --help       this help\n"
                              "\n"
                              "The file formats are documented in docs/dictionaries.md.\n";

static void print_line(void *ctx, const char *line) {
  (void)ctx;
  printf("  %s\n", line);
}

int cmd_dict(int argc, char **argv) {
  static const struct option opts[] = {
      {"dict", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
  const char *dictdir = NULL;
  int ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
    if (ch == 'd')
      dictdir = optarg;
    else if (ch == 'h') {
      fputs(cmd_dict_usage, stdout);
      return 0;
    } else
      return 2;
  }
  if (optind >= argc) return cli_usage_error("dict needs a subcommand: check or lookup (see 'parley help dict')");
  const char *sub = argv[optind++];
  int is_check = !strcmp(sub, "check"), is_lookup = !strcmp(sub, "lookup");
  if (!is_check && !is_lookup) return cli_usage_error("unknown dict subcommand '%s' (check, lookup)", sub);
  if (is_lookup && optind >= argc) return cli_usage_error("dict lookup needs a WORD");
  const char *dir = cli_dict_dir(dictdir);
  parley_error err;
  parley_error_clear(&err);
  parley_dict *d = NULL;
  if (parley_dict_open(dir, &d, &err)) return cli_report(&err);
  int status = 0;
  if (is_check) {
    parley_dict_stats st;
    parley_dict_stats_get(d, &st);
    printf("dictionaries in %s: ok\n", dir);
    printf("  event codes   %6zu\n", st.event_codes);
    printf("  actors        %6zu\n", st.actors);
    printf("  people        %6zu  (%zu dated roles)\n", st.people, st.roles);
    printf("  places        %6zu\n", st.places);
    printf("  titles        %6zu\n", st.titles);
    printf("  names zh      %6zu\n", st.names_zh);
    printf("  names en      %6zu\n", st.names_en);
    printf("  patterns zh   %6zu  covering %zu of 20 CAMEO roots\n", st.patterns_zh, st.roots_zh);
    printf("  patterns en   %6zu  covering %zu of 20 CAMEO roots\n", st.patterns_en, st.roots_en);
    printf("  cues zh       %6zu\n", st.cues_zh);
    printf("  cues en       %6zu\n", st.cues_en);
  } else {
    long total = 0;
    for (; optind < argc; optind++) {
      printf("%s\n", argv[optind]);
      long n = parley_dict_lookup(d, argv[optind], print_line, NULL, &err);
      if (n < 0) {
        status = cli_report(&err);
        break;
      }
      if (n == 0) printf("  (no match)\n");
      total += n;
    }
    if (!status && total == 0) status = 1;
  }
  parley_dict_close(d);
  return status;
}
