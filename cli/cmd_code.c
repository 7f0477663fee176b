/* cmd_code.c — `parley code`: read documents, code them, print events. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "cli.h"
#include "output.h"

const char cmd_code_usage[] = "Usage: parley code [OPTIONS] [FILE...]\n"
                              "\n"
                              "Codes news text (Chinese or English) into CAMEO events. Reads each FILE, or\n"
                              "standard input when none is given or FILE is '-'.\n"
                              "\n"
                              "Options:\n"
                              "  -i, --input FORMAT   text, jsonl or html (default: detected per file)\n"
                              "  -f, --format FORMAT  jsonl (default), tsv or table\n"
                              "  -d, --dict DIR       dictionary folder (default: $PARLEY_DICT or the installed one)\n"
                              "      --lang LANG      treat documents as zh or en instead of detecting\n"
                              "      --date DATE      document date YYYY-MM-DD when the input has none\n"
                              "      --explain        print, per sentence, the actors, dates, cues and every\n"
                              "                       candidate event with why it was kept or dropped (stderr)\n"
                              "  -q, --quiet          no progress on stderr\n"
                              "  -h, --help           this help\n"
                              "\n"
                              "JSON Lines output has one event per line; fields are described in docs/events.md.\n"
                              "Exit status: 0 ok; 1 when a file could not be read or a document was skipped\n"
                              "(each reported as 'parley: FILE:LINE: message'); 2 for a usage error.\n";

static void explain_line(void *ctx, const char *line) {
  (void)ctx;
  fprintf(stderr, "%s\n", line);
}

int cmd_code(int argc, char **argv) {
  static const struct option opts[] = {
      {"input", required_argument, 0, 'i'}, {"format", required_argument, 0, 'f'}, {"dict", required_argument, 0, 'd'},
      {"lang", required_argument, 0, 'L'},  {"date", required_argument, 0, 'D'},   {"explain", no_argument, 0, 'x'},
      {"quiet", no_argument, 0, 'q'},       {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
  parley_read_options ro = parley_read_default_options();
  const char *format = "jsonl", *dictdir = NULL;
  int explain = 0, quiet = 0, ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "i:f:d:qh", opts, NULL)) != -1) {
    switch (ch) {
    case 'i':
      if (!strcmp(optarg, "text"))
        ro.format = PARLEY_INPUT_TEXT;
      else if (!strcmp(optarg, "jsonl"))
        ro.format = PARLEY_INPUT_JSONL;
      else if (!strcmp(optarg, "html"))
        ro.format = PARLEY_INPUT_HTML;
      else
        return cli_usage_error("--input must be text, jsonl or html, not '%s'", optarg);
      break;
    case 'f': format = optarg; break;
    case 'd': dictdir = optarg; break;
    case 'L':
      if (strcmp(optarg, "zh") && strcmp(optarg, "en")) return cli_usage_error("--lang must be zh or en");
      ro.lang = optarg;
      break;
    case 'D': ro.date = optarg; break;
    case 'x': explain = 1; break;
    case 'q': quiet = 1; break;
    case 'h': fputs(cmd_code_usage, stdout); return 0;
    default: return 2;
    }
  }
  cli_output_format fmt;
  if (cli_output_parse(format, &fmt)) return cli_usage_error("--format must be jsonl, tsv or table, not '%s'", format);
  if (ro.date && !parley_read_date_valid(ro.date))
    return cli_usage_error("--date must be a date YYYY-MM-DD (1900 to 2100), not '%s'", ro.date);
  parley_error err;
  parley_error_clear(&err);
  parley_dict *dict = NULL;
  if (parley_dict_open(cli_dict_dir(dictdir), &dict, &err)) return cli_report(&err);
  parley_code_options co = parley_code_default_options();
  if (explain) {
    co.explain = explain_line;
    co.explain_ctx = NULL;
  }
  parley_coder *coder = NULL;
  if (parley_coder_open(dict, &co, &coder, &err)) {
    parley_dict_close(dict);
    return cli_report(&err);
  }
  cli_output *out = cli_output_open(fmt, stdout, dict);
  int status = 0;
  size_t ndocs = 0, nskipped = 0;
  int nfiles = argc - optind;
  int progress = cli_progress_enabled(quiet);
  for (int fi = 0; fi < (nfiles ? nfiles : 1); fi++) {
    const char *path = nfiles ? argv[optind + fi] : "-";
    parley_reader *r = NULL;
    if (parley_reader_open(path, &ro, &r, &err)) {
      cli_report(&err);
      status = 1;
      continue;
    }
    for (;;) {
      parley_doc *doc = NULL;
      int rc = parley_reader_next(r, &doc, &err);
      if (rc == 0) break;
      if (rc < 0) {
        cli_report(&err);
        status = 1;
        nskipped++;
        continue;
      }
      parley_events ev = {0};
      if (parley_code_doc(coder, doc, &ev, &err)) {
        cli_report(&err);
        status = 1;
        nskipped++;
      } else {
        for (size_t i = 0; i < ev.count; i++)
          cli_output_event(out, &ev.items[i], doc);
        parley_events_free(&ev);
      }
      ndocs++;
      if (progress && ndocs % 100 == 0) {
        parley_code_stats st;
        parley_code_stats_get(coder, &st);
        fprintf(stderr, "\rparley: %zu documents, %zu sentences, %zu events", st.documents, st.sentences, st.events);
      }
      parley_doc_free(doc);
    }
    parley_reader_close(r);
  }
  cli_output_close(out);
  if (progress && ndocs >= 100) fputc('\n', stderr);
  if (nskipped) fprintf(stderr, "parley: %zu document(s) skipped because of errors\n", nskipped);
  parley_coder_close(coder);
  parley_dict_close(dict);
  return status;
}
