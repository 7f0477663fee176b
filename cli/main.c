/* main.c — entry point of the parley command: global options and dispatch. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void print_help(FILE *f) {
  fprintf(f,
          "parley %s — political event data from Chinese and English news\n\n"
          "Usage: parley COMMAND [OPTIONS] [ARGS]\n"
          "       parley help COMMAND | parley --help | parley --version\n\n"
          "Commands:\n",
          parley_version());
  for (const cli_command *c = cli_commands; c->name; c++)
    fprintf(f, "  %-10s %s\n", c->name, c->summary);
  fprintf(f, "\nRun 'parley help COMMAND' or 'parley COMMAND --help' for a command's options.\n");
}

const cli_command *cli_find_command(const char *name) {
  for (const cli_command *c = cli_commands; c->name; c++)
    if (strcmp(c->name, name) == 0) return c;
  return NULL;
}

void cli_print_usage(const cli_command *cmd, FILE *f) { fputs(cmd->usage, f); }

int cli_report(const parley_error *err) {
  char buf[2048];
  fprintf(stderr, "parley: %s\n", parley_error_format(err, buf, sizeof buf));
  return err->status == PARLEY_EINVAL ? 2 : 1;
}

int cli_usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("parley: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return 2;
}

int cli_fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("parley: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return 1;
}

int cli_progress_enabled(int quiet) { return !quiet && isatty(STDERR_FILENO); }

static int dir_exists(const char *p) { return p && access(p, R_OK | X_OK) == 0; }

const char *cli_dict_dir(const char *opt) {
  static char buf[4096];
  if (opt) return opt;
  const char *env = getenv("PARLEY_DICT");
  if (env && *env) return env;
#ifdef PARLEY_DICT_DIR
  if (dir_exists(PARLEY_DICT_DIR)) return PARLEY_DICT_DIR;
#endif
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 32);
  if (n > 0) {
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (slash) {
      strcpy(slash, "/../share/parley/dict");
      if (dir_exists(buf)) return buf;
    }
  }
  return "dict";
}

int main(int argc, char **argv) {
  if (argc < 2) {
    print_help(stderr);
    return 2;
  }
  const char *a = argv[1];
  if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
    print_help(stdout);
    return 0;
  }
  if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
    printf("parley %s\n", parley_version());
    return 0;
  }
  if (!strcmp(a, "help")) {
    if (argc < 3) {
      print_help(stdout);
      return 0;
    }
    const cli_command *c = cli_find_command(argv[2]);
    if (!c) return cli_usage_error("unknown command '%s' (see 'parley --help')", argv[2]);
    cli_print_usage(c, stdout);
    return 0;
  }
  const cli_command *c = cli_find_command(a);
  if (!c) return cli_usage_error("unknown command '%s' (see 'parley --help')", a);
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--")) break;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      cli_print_usage(c, stdout);
      return 0;
    }
  }
  return c->run(argc - 1, argv + 1);
}
