/* cmd_report.c — `parley report A B [--vs C…] -o FILE.html` (stage: present):
 * one dyad as a self-contained HTML file with SVG charts. Parses options,
 * opens the database read-only and the dictionaries, and writes what
 * parley_report_html (parley/report.h) returns. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parley/report.h"

const char cmd_report_usage[] =
    "Usage: parley report [OPTIONS] A B -o FILE.html\n"
    "\n"
    "Writes one self-contained HTML file about the dyad A–B: the timeline (events\n"
    "per period stacked by quad class, A→B above the axis, B→A below), the contact\n"
    "strip (one mark per day of contact; hover for the events, evidence sentence and\n"
    "source document), the Goldstein (cooperation–conflict) trend, A's contacts with\n"
    "each partner side by side, and the contested events with every actor's stance,\n"
    "evidence and sources. Charts are SVG written by parley; nothing is fetched when\n"
    "the file is opened. Labels are in Chinese and English.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE    the HTML file to write ('-': standard output)\n"
    "      --vs C           also compare A's contacts with C (repeat, or C,D,…);\n"
    "                       default: A's top partners by contacts\n"
    "      --from DATE      first day: YYYY-MM-DD, YYYY-MM or YYYY\n"
    "      --to DATE        last day (YYYY-MM and YYYY mean the end of that month or year)\n"
    "      --by PERIOD      auto (default: from the span shown), day, week, month, quarter, year\n"
    "      --unit UNIT      events (default: an event group counts once) or mentions\n"
    "      --code CODE      only this CAMEO event code: 04, 042, 0421\n"
    "      --quad N         only quad class N (1 verbal coop. … 4 material conflict)\n"
    "      --origin NAME    only parley, gdelt, gdelt1, gdelt2, icews or acled events\n"
    "      --title TEXT     the report's title (default: A ⇄ B)\n"
    "      --db FILE        database (default: $PARLEY_DB, else ./parley.db)\n"
    "      --dict DIR       dictionary folder (default: $PARLEY_DICT or the installed one)\n"
    "  -q, --quiet          do not say what was written\n"
    "  -h, --help           this help\n"
    "\n"
    "Actors are codes or names in either language (USA, RUSGOV, 特朗普, Putin, 欧盟),\n"
    "as for 'parley dyad'. Example:\n"
    "  parley report USA RUS --vs UKR --from 2025 --to 2025 -o usa-rus.html\n";

static int valid_code(const char *s) {
  size_t l = strlen(s);
  if (l < 2 || l > 4) return 0;
  for (size_t i = 0; i < l; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

int cmd_report(int argc, char **argv) {
  static const struct option opts[] = {{"output", required_argument, 0, 'o'}, {"vs", required_argument, 0, 1},
                                       {"from", required_argument, 0, 2},     {"to", required_argument, 0, 3},
                                       {"by", required_argument, 0, 4},       {"unit", required_argument, 0, 5},
                                       {"code", required_argument, 0, 6},     {"root", required_argument, 0, 6},
                                       {"quad", required_argument, 0, 7},     {"origin", required_argument, 0, 8},
                                       {"title", required_argument, 0, 9},    {"db", required_argument, 0, 10},
                                       {"dict", required_argument, 0, 11},    {"quiet", no_argument, 0, 'q'},
                                       {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
  const char *out = NULL, *from = NULL, *to = NULL, *by = "auto", *unit = "events", *db = NULL, *dict_dir = NULL;
  int quiet = 0;
  parley_report_request req = parley_report_request_default();
  char *vs_buf[64];
  const char *vs[64];
  size_t nvs = 0, nbuf = 0;
  int ch, st = 0;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
    switch (ch) {
    case 'o': out = optarg; break;
    case 1: {
      /* --vs C or --vs C,D */
      if (nbuf >= 64) return cli_usage_error("too many --vs partners");
      char *copy = strdup(optarg);
      if (!copy) return cli_fail("out of memory");
      vs_buf[nbuf++] = copy;
      for (char *save = NULL, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
          t++;
        if (!*t) continue;
        if (nvs >= 64) {
          st = cli_usage_error("too many --vs partners");
          goto done;
        }
        vs[nvs++] = t;
      }
      break;
    }
    case 2: from = optarg; break;
    case 3: to = optarg; break;
    case 4: by = optarg; break;
    case 5: unit = optarg; break;
    case 6:
      if (!valid_code(optarg)) {
        st = cli_usage_error("--code must be a CAMEO code of 2 to 4 digits, not '%s'", optarg);
        goto done;
      }
      req.q.event_code = optarg;
      break;
    case 7:
      if (strlen(optarg) != 1 || optarg[0] < '1' || optarg[0] > '4') {
        st = cli_usage_error("--quad must be 1, 2, 3 or 4, not '%s'", optarg);
        goto done;
      }
      req.q.quad_class = optarg[0] - '0';
      break;
    case 8: req.q.origin = optarg; break;
    case 9: req.title = optarg; break;
    case 10: db = optarg; break;
    case 11: dict_dir = optarg; break;
    case 'q': quiet = 1; break;
    case 'h': fputs(cmd_report_usage, stdout); goto done;
    default: st = 2; goto done;
    }
  }
  if (argc - optind != 2) {
    st = cli_usage_error("report needs two actors: parley report A B -o FILE.html (see 'parley help report')");
    goto done;
  }
  if (!out) {
    st = cli_usage_error("report needs an output file: -o FILE.html ('-o -' for standard output)");
    goto done;
  }
  if (from && !(req.q.day_from = parley_day_parse(from, 0))) {
    st = cli_usage_error("--from must be a date YYYY-MM-DD, YYYY-MM or YYYY, not '%s'", from);
    goto done;
  }
  if (to && !(req.q.day_to = parley_day_parse(to, 1))) {
    st = cli_usage_error("--to must be a date YYYY-MM-DD, YYYY-MM or YYYY, not '%s'", to);
    goto done;
  }
  if (req.q.day_from && req.q.day_to && req.q.day_from > req.q.day_to) {
    st = cli_usage_error("--from is after --to");
    goto done;
  }
  if (strcmp(by, "auto")) {
    int p = parley_period_parse(by);
    if (p < 0) {
      st = cli_usage_error("--by must be auto, day, week, month, quarter or year, not '%s'", by);
      goto done;
    }
    req.q.by = (parley_period)p;
    req.auto_by = 0;
  }
  if (!strcmp(unit, "mentions"))
    req.q.unit = PARLEY_UNIT_MENTIONS;
  else if (strcmp(unit, "events")) {
    st = cli_usage_error("--unit must be events or mentions, not '%s'", unit);
    goto done;
  }
  req.a = argv[optind];
  req.b = argv[optind + 1];
  req.vs = vs;
  req.n_vs = nvs;

  const char *path = parley_store_default_path(db);
  parley_error err;
  parley_error_clear(&err);
  parley_ask *ask = NULL;
  parley_dict *dict = NULL;
  char *html = NULL;
  size_t len = 0;
  /* read-only, SQLite or PostgreSQL, with the ask commands' opening rules */
  if (parley_ask_open(path, &ask, &err)) {
    st = cli_report(&err);
    goto close;
  }
  /* the dictionaries resolve names and name the CAMEO codes; a report of codes works without them */
  if (parley_dict_open(cli_dict_dir(dict_dir), &dict, &err)) {
    int names = 0;
    const char *all[66] = {req.a, req.b};
    for (size_t i = 0; i < nvs; i++)
      all[2 + i] = vs[i];
    for (size_t i = 0; i < nvs + 2; i++) {
      size_t l = strlen(all[i]);
      int code = l >= 3 && l % 3 == 0;
      for (size_t k = 0; k < l && code; k++)
        code = (all[i][k] >= 'A' && all[i][k] <= 'Z') || (all[i][k] >= '0' && all[i][k] <= '9');
      names |= !code;
    }
    if (names) {
      st = cli_report(&err);
      goto close;
    }
    char buf[1200];
    if (!quiet) fprintf(stderr, "parley: %s (event names left out)\n", parley_error_format(&err, buf, sizeof buf));
    parley_error_clear(&err);
    dict = NULL;
  }
  if (parley_report_html(ask, dict, &req, &html, &len, &err)) {
    st = cli_report(&err);
    goto close;
  }
  FILE *f = strcmp(out, "-") ? fopen(out, "wb") : stdout;
  if (!f) {
    st = cli_fail("%s: cannot write: %s", out, strerror(errno));
    goto close;
  }
  size_t w = fwrite(html, 1, len, f);
  int bad = w != len || fflush(f) != 0 || ferror(f);
  if (f != stdout && fclose(f) != 0) bad = 1;
  if (bad)
    st = cli_fail("%s: error writing the report", out);
  else if (!quiet && f != stdout)
    fprintf(stderr, "parley: wrote %s (%zu bytes)\n", out, len);
close:
  free(html);
  parley_dict_close(dict);
  parley_ask_close(ask);
done:
  for (size_t i = 0; i < nbuf; i++)
    free(vs_buf[i]);
  return st;
}
