/* cmd_store.c — `parley add`, `parley load` and `parley import`: the store stage's commands.
 *
 * add: read documents, code them and store them with their events.
 * load: store the JSON Lines events printed by `parley code`.
 * import: store GDELT, ICEWS or ACLED files.
 * The database is --db FILE, else $PARLEY_DB, else ./parley.db. Malformed
 * records are reported as `parley: FILE:LINE: message`; a summary of each
 * file goes to standard output; progress goes to standard error when it is a
 * terminal (--quiet silences it). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

const char cmd_add_usage[] = "Usage: parley add [OPTIONS] FILE...\n"
                             "\n"
                             "Codes documents (as 'parley code' does) and stores them with their sentences,\n"
                             "source lists, events, claims and event groups. A document whose text is\n"
                             "already stored (same content hash) is left as it is. Each document is\n"
                             "stored whole or not at all, even if parley is killed. '-' reads standard input.\n"
                             "\n"
                             "Options:\n"
                             "      --db FILE        database (default: $PARLEY_DB, else ./parley.db)\n"
                             "  -i, --input FORMAT   text, jsonl or html (default: detected per file)\n"
                             "  -d, --dict DIR       dictionary folder (default: $PARLEY_DICT or the installed one)\n"
                             "      --lang LANG      treat documents as zh or en instead of detecting\n"
                             "      --date DATE      document date YYYY-MM-DD when the input has none\n"
                             "      --batch N        documents per transaction (default 100)\n"
                             "      --busy-timeout MS  wait this long for another writer (default 5000)\n"
                             "  -q, --quiet          no progress on stderr\n"
                             "  -h, --help           this help\n"
                             "\n"
                             "Exit status: 0 ok; 1 when a file or document could not be read or stored, or\n"
                             "the database is busy; 2 for a usage error.\n";

const char cmd_load_usage[] = "Usage: parley load [OPTIONS] [FILE...]\n"
                              "\n"
                              "Stores the JSON Lines events printed by 'parley code' (standard input when no\n"
                              "FILE is given or FILE is '-'). Documents are known by their content hash;\n"
                              "loading the same events twice changes nothing. A malformed line is reported\n"
                              "with its line number and skipped.\n"
                              "\n"
                              "Options:\n"
                              "      --db FILE        database (default: $PARLEY_DB, else ./parley.db)\n"
                              "      --strict         stop at the first malformed line; nothing of that file is kept\n"
                              "      --force          load a file again even if it was loaded before\n"
                              "      --batch N        events per transaction (default 20000)\n"
                              "      --busy-timeout MS  wait this long for another writer (default 5000)\n"
                              "  -q, --quiet          no progress on stderr\n"
                              "  -h, --help           this help\n"
                              "\n"
                              "Exit status: 0 ok; 1 when a line was skipped, a file could not be read or the\n"
                              "database is busy; 2 for a usage error.\n";

const char cmd_import_usage[] =
    "Usage: parley import gdelt|icews|acled [OPTIONS] FILE...\n"
    "\n"
    "Stores public event datasets:\n"
    "  gdelt   GDELT 1.0 daily exports (57/58 columns), GDELT 2.0 exports (61) and\n"
    "          2.0 mentions files (16); plain or .zip\n"
    "  icews   ICEWS event files (.tab, 20 columns with a header); plain or .zip\n"
    "  acled   ACLED CSV exports, current layout or the older v6 layout\n"
    "A file already imported (same content) is skipped; records already stored\n"
    "(same event id) are not stored twice. Malformed records are reported as\n"
    "FILE:LINE and skipped; a summary per file says rows read, stored, skipped.\n"
    "\n"
    "Options:\n"
    "      --db FILE        database (default: $PARLEY_DB, else ./parley.db)\n"
    "      --strict         stop at the first malformed record; nothing of that file is kept\n"
    "      --force          import a file again even if it was imported before\n"
    "      --batch N        records per transaction (default 20000)\n"
    "      --encoding ENC   ACLED text: auto (default), utf-8 or cp1252\n"
    "      --dict DIR       ICEWS: resolve actor names (people) with these dictionaries\n"
    "      --busy-timeout MS  wait this long for another writer (default 5000)\n"
    "  -q, --quiet          no progress on stderr\n"
    "  -h, --help           this help\n"
    "\n"
    "Exit status: 0 ok; 1 when a record was skipped, a file could not be read or the\n"
    "database is busy; 2 for a usage error.\n";

enum { OPT_DB = 1000, OPT_BATCH, OPT_BUSY, OPT_STRICT, OPT_FORCE, OPT_ENCODING, OPT_DICT, OPT_LANG, OPT_DATE };

static int parse_count(const char *s, const char *opt, long *out) {
  char *end;
  long v = strtol(s, &end, 10);
  if (*end || v < 0) return cli_usage_error("%s needs a number, not '%s'", opt, s);
  *out = v;
  return 0;
}

static parley_store *open_store(const char *db, long busy_ms, int *status) {
  parley_error err;
  parley_store *st = NULL;
  if (parley_store_open(parley_store_default_path(db), PARLEY_STORE_READWRITE, &st, &err)) {
    *status = cli_report(&err);
    return NULL;
  }
  if (busy_ms >= 0) parley_store_set_busy_timeout(st, (int)busy_ms);
  return st;
}

static void row_error(void *ctx, const parley_error *e) {
  (void)ctx;
  cli_report(e);
}

static void progress(void *ctx, const parley_import_progress *p) {
  (void)ctx;
  double rate = p->seconds > 0 ? (double)p->rows_read / p->seconds : 0;
  if (p->bytes_total > 0)
    fprintf(stderr, "\rparley: %s: %zu rows (%.0f%%), %zu stored, %zu skipped, %.0f rows/s   ", p->file, p->rows_read,
            100.0 * (double)p->bytes_done / (double)p->bytes_total, p->rows_stored, p->rows_skipped, rate);
  else
    fprintf(stderr, "\rparley: %s: %zu rows, %zu stored, %zu skipped, %.0f rows/s   ", p->file, p->rows_read,
            p->rows_stored, p->rows_skipped, rate);
}

/* --- import and load ----------------------------------------------------- */

typedef int (*import_fn)(parley_store *, const char *, const parley_import_options *, parley_store_stats *,
                         parley_error *);

static int run_files(const char *what, import_fn fn, int nfiles, char **files, const char *db, long busy,
                     parley_import_options *o, int quiet) {
  int status = 0;
  parley_store *st = open_store(db, busy, &status);
  if (!st) return status;
  o->on_row_error = row_error;
  int prog = cli_progress_enabled(quiet);
  if (prog) o->progress = progress;
  char *stdin_only[] = {"-"};
  if (nfiles == 0) {
    nfiles = 1;
    files = stdin_only;
  }
  for (int i = 0; i < nfiles; i++) {
    const char *path = files[i];
    const char *shown = strcmp(path, "-") ? path : "<stdin>";
    parley_store_stats s;
    parley_error err;
    parley_error_clear(&err);
    double t0 = 0;
    {
      struct timespec ts;
      clock_gettime(CLOCK_MONOTONIC, &ts);
      t0 = (double)ts.tv_sec + ts.tv_nsec / 1e9;
    }
    int rc = fn(st, path, o, &s, &err);
    if (prog) fputc('\n', stderr);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double secs = (double)ts.tv_sec + ts.tv_nsec / 1e9 - t0;
    if (rc == PARLEY_OK && s.already_imported) {
      printf("%s: already %s on %s (%s): nothing to do (--force to %s it again)\n", shown,
             !strcmp(what, "load") ? "loaded" : "imported", s.previous_import, s.kind, what);
      continue;
    }
    if (rc) {
      if (!(o->strict && s.rows_skipped)) cli_report(&err); /* else reported as a row error */
      status = 1;
      if (rc == PARLEY_EBUSY || rc == PARLEY_ESTORE) {
        if (s.rows_read)
          printf("%s: stopped: %zu rows read, %zu stored before the error\n", shown, s.rows_read, s.rows_stored);
        break;
      }
      if (o->strict && s.rows_skipped) {
        printf("%s: stopped at the first malformed record (--strict): nothing stored from this file\n", shown);
        continue;
      }
      if (!s.rows_read) continue; /* not opened or not recognised: the error says all */
    }
    if (!strcmp(what, "load"))
      printf("%s: %zu events read, %zu stored, %zu already present, %zu skipped; documents: %zu new, %zu already "
             "present (%.2f s)\n",
             shown, s.rows_read, s.rows_stored, s.rows_duplicate, s.rows_skipped, s.documents_added,
             s.documents_present, secs);
    else
      printf("%s: %s: %zu rows read, %zu stored, %zu already present, %zu skipped (%.2f s, %.0f rows/s)\n", shown,
             s.kind, s.rows_read, s.rows_stored, s.rows_duplicate, s.rows_skipped, secs,
             secs > 0 ? (double)s.rows_read / secs : 0.0);
    if (s.rows_skipped) status = 1;
  }
  fflush(stdout);
  parley_store_close(st);
  return status;
}

int cmd_load(int argc, char **argv) {
  static const struct option opts[] = {{"db", required_argument, 0, OPT_DB},
                                       {"strict", no_argument, 0, OPT_STRICT},
                                       {"force", no_argument, 0, OPT_FORCE},
                                       {"batch", required_argument, 0, OPT_BATCH},
                                       {"busy-timeout", required_argument, 0, OPT_BUSY},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  parley_import_options o = parley_import_default_options();
  const char *db = NULL;
  long busy = -1, n = 0;
  int quiet = 0, ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
    switch (ch) {
    case OPT_DB: db = optarg; break;
    case OPT_STRICT: o.strict = 1; break;
    case OPT_FORCE: o.force = 1; break;
    case OPT_BATCH:
      if (parse_count(optarg, "--batch", &n)) return 2;
      o.batch_rows = (size_t)n;
      break;
    case OPT_BUSY:
      if (parse_count(optarg, "--busy-timeout", &busy)) return 2;
      break;
    case 'q': quiet = 1; break;
    case 'h': fputs(cmd_load_usage, stdout); return 0;
    default: return 2;
    }
  }
  return run_files("load", parley_store_load_events_jsonl, argc - optind, argv + optind, db, busy, &o, quiet);
}

int cmd_import(int argc, char **argv) {
  static const struct option opts[] = {{"db", required_argument, 0, OPT_DB},
                                       {"strict", no_argument, 0, OPT_STRICT},
                                       {"force", no_argument, 0, OPT_FORCE},
                                       {"batch", required_argument, 0, OPT_BATCH},
                                       {"encoding", required_argument, 0, OPT_ENCODING},
                                       {"dict", required_argument, 0, OPT_DICT},
                                       {"busy-timeout", required_argument, 0, OPT_BUSY},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  if (argc < 2) return cli_usage_error("import needs a kind: gdelt, icews or acled (see 'parley import --help')");
  const char *kind = argv[1];
  import_fn fn;
  if (!strcmp(kind, "gdelt"))
    fn = parley_store_import_gdelt;
  else if (!strcmp(kind, "icews"))
    fn = parley_store_import_icews;
  else if (!strcmp(kind, "acled"))
    fn = parley_store_import_acled;
  else
    return cli_usage_error("unknown kind '%s': gdelt, icews or acled", kind);
  parley_import_options o = parley_import_default_options();
  const char *db = NULL, *dictdir = NULL;
  long busy = -1, n = 0;
  int quiet = 0, ch;
  optind = 1;
  argc--;
  argv++;
  while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
    switch (ch) {
    case OPT_DB: db = optarg; break;
    case OPT_STRICT: o.strict = 1; break;
    case OPT_FORCE: o.force = 1; break;
    case OPT_BATCH:
      if (parse_count(optarg, "--batch", &n)) return 2;
      o.batch_rows = (size_t)n;
      break;
    case OPT_ENCODING:
      if (strcmp(optarg, "auto") && strcmp(optarg, "utf-8") && strcmp(optarg, "cp1252"))
        return cli_usage_error("--encoding must be auto, utf-8 or cp1252, not '%s'", optarg);
      o.encoding = optarg;
      break;
    case OPT_DICT: dictdir = optarg; break;
    case OPT_BUSY:
      if (parse_count(optarg, "--busy-timeout", &busy)) return 2;
      break;
    case 'q': quiet = 1; break;
    case 'h': fputs(cmd_import_usage, stdout); return 0;
    default: return 2;
    }
  }
  if (optind >= argc) return cli_usage_error("import %s needs at least one FILE", kind);
  parley_dict *dict = NULL;
  if (dictdir) {
    parley_error err;
    if (parley_dict_open(dictdir, &dict, &err)) return cli_report(&err);
    o.dict = dict;
  }
  int rc = run_files("import", fn, argc - optind, argv + optind, db, busy, &o, quiet);
  parley_dict_close(dict);
  return rc;
}

/* --- add ----------------------------------------------------------------- */

int cmd_add(int argc, char **argv) {
  static const struct option opts[] = {{"db", required_argument, 0, OPT_DB},
                                       {"input", required_argument, 0, 'i'},
                                       {"dict", required_argument, 0, 'd'},
                                       {"lang", required_argument, 0, OPT_LANG},
                                       {"date", required_argument, 0, OPT_DATE},
                                       {"batch", required_argument, 0, OPT_BATCH},
                                       {"busy-timeout", required_argument, 0, OPT_BUSY},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  parley_read_options ro = parley_read_default_options();
  const char *db = NULL, *dictdir = NULL;
  long busy = -1, batch = 100;
  int quiet = 0, ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "i:d:qh", opts, NULL)) != -1) {
    switch (ch) {
    case OPT_DB: db = optarg; break;
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
    case 'd': dictdir = optarg; break;
    case OPT_LANG:
      if (strcmp(optarg, "zh") && strcmp(optarg, "en")) return cli_usage_error("--lang must be zh or en");
      ro.lang = optarg;
      break;
    case OPT_DATE:
      if (!parley_read_date_valid(optarg))
        return cli_usage_error("--date must be a date YYYY-MM-DD (1900 to 2100), not '%s'", optarg);
      ro.date = optarg;
      break;
    case OPT_BATCH:
      if (parse_count(optarg, "--batch", &batch)) return 2;
      if (batch < 1) batch = 1;
      break;
    case OPT_BUSY:
      if (parse_count(optarg, "--busy-timeout", &busy)) return 2;
      break;
    case 'q': quiet = 1; break;
    case 'h': fputs(cmd_add_usage, stdout); return 0;
    default: return 2;
    }
  }
  if (optind >= argc) return cli_usage_error("add needs at least one FILE ('-' for standard input)");
  parley_error err;
  parley_error_clear(&err);
  parley_dict *dict = NULL;
  if (parley_dict_open(cli_dict_dir(dictdir), &dict, &err)) return cli_report(&err);
  parley_coder *coder = NULL;
  parley_code_options co = parley_code_default_options();
  if (parley_coder_open(dict, &co, &coder, &err)) {
    parley_dict_close(dict);
    return cli_report(&err);
  }
  int status = 0;
  parley_store *st = open_store(db, busy, &status);
  if (!st) {
    parley_coder_close(coder);
    parley_dict_close(dict);
    return status;
  }
  int progress_on = cli_progress_enabled(quiet);
  size_t nread = 0, nadded = 0, npresent = 0, nskipped = 0, nevents = 0, in_batch = 0;
  size_t b_added = 0, b_present = 0, b_events = 0; /* in the open batch: counted once committed */
  int fatal = 0;
  for (int fi = optind; fi < argc && !fatal; fi++) {
    parley_reader *r = NULL;
    if (parley_reader_open(argv[fi], &ro, &r, &err)) {
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
      nread++;
      parley_events ev = {0};
      if (parley_code_doc(coder, doc, &ev, &err)) {
        cli_report(&err);
        status = 1;
        nskipped++;
        parley_doc_free(doc);
        continue;
      }
      if (!in_batch && parley_store_begin(st, &err)) {
        cli_report(&err);
        status = 1;
        fatal = 1;
      }
      int added = 0;
      if (!fatal && parley_store_add_doc(st, doc, &ev, &added, &err)) {
        cli_report(&err);
        status = 1;
        nskipped++;
        if (err.status == PARLEY_EBUSY || err.status == PARLEY_ESTORE) fatal = 1;
      } else if (!fatal) {
        in_batch++;
        if (added)
          b_added++, b_events += ev.count;
        else
          b_present++;
      }
      parley_events_free(&ev);
      parley_doc_free(doc);
      if (!fatal && in_batch >= (size_t)batch) {
        if (parley_store_commit(st, &err)) {
          cli_report(&err);
          status = 1;
          fatal = 1;
        } else {
          nadded += b_added, npresent += b_present, nevents += b_events;
        }
        b_added = b_present = b_events = 0;
        in_batch = 0;
      }
      if (progress_on && nread % 20 == 0)
        fprintf(stderr, "\rparley: %zu documents, %zu added, %zu events   ", nread, nadded + b_added,
                nevents + b_events);
      if (fatal) break;
    }
    parley_reader_close(r);
  }
  if (!fatal && parley_store_commit(st, &err)) {
    cli_report(&err);
    status = 1;
    fatal = 1;
  }
  if (fatal)
    parley_store_rollback(st);
  else
    nadded += b_added, npresent += b_present, nevents += b_events;
  if (progress_on && nread >= 20) fputc('\n', stderr);
  printf("%s: %zu documents read, %zu added, %zu already present, %zu skipped; %zu events stored%s\n",
         parley_store_default_path(db), nread, nadded, npresent, nskipped, nevents,
         fatal ? " (stopped: the last batch was not stored)" : "");
  parley_store_close(st);
  parley_coder_close(coder);
  parley_dict_close(dict);
  return status;
}
