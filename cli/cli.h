/* cli.h — the parley command: shared helpers for subcommands.
 * The CLI only parses options and prints; all work is done by libparley. */
#ifndef PARLEY_CLI_H
#define PARLEY_CLI_H

#include <stdio.h>

#include "parley/parley.h"

typedef struct cli_command {
  const char *name;
  const char *summary; /* one line for `parley --help` */
  const char *usage;   /* full text for `parley help CMD` and `CMD --help` */
  int (*run)(int argc, char **argv);
} cli_command;

/* The command table (cli/commands.c), terminated by a {NULL} entry. */
extern const cli_command cli_commands[];
const cli_command *cli_find_command(const char *name);

/* Prints "parley: FILE:LINE: message" to stderr; returns exit status 1
 * (2 for usage errors). */
int cli_report(const parley_error *err);
/* Prints "parley: message" (printf-style) to stderr, returns 2 (usage error). */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "parley: message" to stderr, returns 1. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The dictionary folder: --dict, else $PARLEY_DICT, else the source tree's
 * dict/, else <prefix>/share/parley/dict next to the executable. */
const char *cli_dict_dir(const char *opt);

/* Prints the usage of cmd to f. */
void cli_print_usage(const cli_command *cmd, FILE *f);

/* 1 if stderr is a terminal and --quiet was not given. */
int cli_progress_enabled(int quiet);

/* Subcommands (one file each under cli/). */
int cmd_code(int argc, char **argv);
int cmd_dict(int argc, char **argv);
extern const char cmd_code_usage[];
extern const char cmd_dict_usage[];
/* The store stage's commands (cli/cmd_store.c). */
int cmd_add(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_import(int argc, char **argv);
extern const char cmd_add_usage[];
extern const char cmd_load_usage[];
extern const char cmd_import_usage[];
/* The ask commands (cli/cmd_ask.c). */
int cmd_events(int argc, char **argv);
int cmd_dyad(int argc, char **argv);
int cmd_rhythm(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_peak(int argc, char **argv);
int cmd_claims(int argc, char **argv);
int cmd_partners(int argc, char **argv);
int cmd_summary(int argc, char **argv);
extern const char cmd_events_usage[], cmd_dyad_usage[], cmd_rhythm_usage[], cmd_compare_usage[], cmd_peak_usage[],
    cmd_claims_usage[], cmd_partners_usage[], cmd_summary_usage[];
/* Presenting (cli/cmd_report.c, cli/cmd_serve.c). */
int cmd_report(int argc, char **argv);
int cmd_serve(int argc, char **argv);
extern const char cmd_report_usage[], cmd_serve_usage[];
/* Administration (cli/cmd_admin.c): the PostgreSQL scale-out layout. */
int cmd_admin(int argc, char **argv);
extern const char cmd_admin_usage[];

#endif
