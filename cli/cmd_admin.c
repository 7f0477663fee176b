/* cmd_admin.c — `parley admin shard add [--db COORDINATOR] SHARD_URI…`
 * (stage: store): the PostgreSQL scale-out layout of docs/scale-out.md
 * (what scripts/pg-shard setup does), through libparley
 * (parley_admin_shard_add, parley/admin.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parley/admin.h"

const char cmd_admin_usage[] = "Usage: parley admin shard add [OPTIONS] SHARD_URI...\n"
                               "\n"
                               "Adds PostgreSQL shard databases to a coordinator database (--db, a\n"
                               "postgresql:// URI): the coordinator's events table is partitioned by time\n"
                               "(--step years from --from to --to, plus a default range), each range by a\n"
                               "hash of the dyad (source and target country) into one partition per shard,\n"
                               "held on its shard through postgres_fdw. On a coordinator without shards this\n"
                               "sets the layout up (creating parley's schema if needed); on one with shards\n"
                               "it lays the events out again over the old and the new shards. The events\n"
                               "table must be empty: add the shards first, then load through the coordinator.\n"
                               "The shards' users and passwords are kept in the coordinator's user mappings.\n"
                               "See docs/scale-out.md.\n"
                               "\n"
                               "Options:\n"
                               "      --db URI         the coordinator (default: $PARLEY_DB)\n"
                               "      --from YEAR      first year of the time ranges (default 1979)\n"
                               "      --to YEAR        end of the time ranges, exclusive (default 2040)\n"
                               "      --step YEARS     years per time range (default 5)\n"
                               "  -q, --quiet          print nothing when all goes well\n"
                               "  -h, --help           this help\n";

static int parse_year(const char *s, int *out) {
  char *end = NULL;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (!*s || *end || errno || v < 1 || v > 9999) return -1;
  *out = (int)v;
  return 0;
}

int cmd_admin(int argc, char **argv) {
  const cli_command *self = cli_find_command("admin");
  if (argc < 3 || strcmp(argv[1], "shard") || strcmp(argv[2], "add")) {
    if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
      cli_print_usage(self, stdout);
      return 0;
    }
    return cli_usage_error("admin: the only command is 'parley admin shard add [--db URI] SHARD_URI...'");
  }
  argc -= 2;
  argv += 2;
  static const struct option opts[] = {{"db", required_argument, 0, 1},
                                       {"from", required_argument, 0, 2},
                                       {"to", required_argument, 0, 3},
                                       {"step", required_argument, 0, 4},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  const char *db = NULL;
  int quiet = 0;
  parley_shard_layout lay = parley_shard_layout_default();
  optind = 1;
  int c;
  while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
    switch (c) {
    case 1: db = optarg; break;
    case 2:
      if (parse_year(optarg, &lay.year_from)) return cli_usage_error("--from must be a year, not '%s'", optarg);
      break;
    case 3:
      if (parse_year(optarg, &lay.year_to)) return cli_usage_error("--to must be a year, not '%s'", optarg);
      break;
    case 4:
      if (parse_year(optarg, &lay.step)) return cli_usage_error("--step must be a number of years, not '%s'", optarg);
      break;
    case 'q': quiet = 1; break;
    case 'h': cli_print_usage(self, stdout); return 0;
    default: return 2;
    }
  }
  if (optind >= argc) return cli_usage_error("admin shard add: give at least one shard (a postgresql:// URI)");
  if (lay.year_to <= lay.year_from) return cli_usage_error("--to must be after --from");
  const char *coord = db ? db : getenv("PARLEY_DB");
  if (!coord || !*coord) return cli_usage_error("admin shard add: give the coordinator with --db postgresql://…");
  parley_error err;
  parley_error_clear(&err);
  parley_shard_result res;
  if (parley_admin_shard_add(coord, (const char *const *)argv + optind, (size_t)(argc - optind), &lay, &res, &err))
    return cli_report(&err);
  if (!quiet)
    printf("parley admin: %zu shard%s added; events partitioned into %zu time ranges x %zu shards\n", res.n_added,
           res.n_added == 1 ? "" : "s", res.n_ranges, res.n_shards);
  return 0;
}
