/* cmd_serve.c — `parley serve [--db FILE] [--port 8080] [--bind 127.0.0.1]`
 * (stage: present): the JSON API and the live page over HTTP. Opens the
 * database read-only and the dictionaries (parley_api), starts the server
 * (parley_server, libmicrohttpd), prints where it listens, and waits for
 * SIGTERM or SIGINT (blocked in every thread, taken with sigwait) to stop it
 * cleanly: requests in progress finish, connections and files are closed,
 * and the exit status is 0. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parley/serve.h"

const char cmd_serve_usage[] =
    "Usage: parley serve [OPTIONS]\n"
    "\n"
    "Serves the database over HTTP: a JSON API mirroring the ask commands\n"
    "(/api/events, /api/dyad, /api/rhythm, /api/compare, /api/peak, /api/claims,\n"
    "/api/partners, /api/summary, with the commands' options as parameters and their\n"
    "--format json answers), /api/actors?q= to look up actors in either language,\n"
    "/report?a=A&b=B (the HTML of 'parley report'), and / the live page with\n"
    "filters and the report's charts. The database is opened read-only. Bad requests\n"
    "get a 4xx status with a JSON error. SIGTERM or Ctrl-C stops the server.\n"
    "See docs/api.md.\n"
    "\n"
    "Options:\n"
    "      --db FILE        database (default: $PARLEY_DB, else ./parley.db)\n"
    "      --port N         TCP port (default 8080; 0: any free port, printed on start)\n"
    "      --bind ADDR      address to listen on (default 127.0.0.1: this machine only)\n"
    "      --threads N      worker threads (default 4)\n"
    "      --dict DIR       dictionary folder for actor names (default: $PARLEY_DICT or the installed one)\n"
    "      --log            print one line per request on stderr\n"
    "  -q, --quiet          do not print where the server listens\n"
    "  -h, --help           this help\n";

static void log_request(void *ctx, const char *method, const char *uri, int status) {
  (void)ctx;
  fprintf(stderr, "%d %s %.300s\n", status, method, uri);
}

static int parse_num(const char *s, long min, long max, long *out) {
  char *end = NULL;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (!*s || *end || errno || v < min || v > max) return -1;
  *out = v;
  return 0;
}

int cmd_serve(int argc, char **argv) {
  static const struct option opts[] = {
      {"db", required_argument, 0, 1},      {"port", required_argument, 0, 2}, {"bind", required_argument, 0, 3},
      {"threads", required_argument, 0, 4}, {"dict", required_argument, 0, 5}, {"log", no_argument, 0, 6},
      {"quiet", no_argument, 0, 'q'},       {"help", no_argument, 0, 'h'},     {0, 0, 0, 0}};
  const char *db = NULL, *dict = NULL;
  parley_server_options so = parley_server_default_options();
  int quiet = 0, ch;
  long v;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
    switch (ch) {
    case 1: db = optarg; break;
    case 2:
      if (parse_num(optarg, 0, 65535, &v))
        return cli_usage_error("--port must be a number from 0 to 65535, not '%s'", optarg);
      so.port = (int)v;
      break;
    case 3: so.bind = optarg; break;
    case 4:
      if (parse_num(optarg, 1, 256, &v))
        return cli_usage_error("--threads must be a number from 1 to 256, not '%s'", optarg);
      so.threads = (unsigned)v;
      break;
    case 5: dict = optarg; break;
    case 6: so.log = log_request; break;
    case 'q': quiet = 1; break;
    case 'h': fputs(cmd_serve_usage, stdout); return 0;
    default: return 2;
    }
  }
  if (optind < argc) return cli_usage_error("serve takes no arguments (the database is --db FILE)");

  /* SIGTERM and SIGINT are taken by sigwait below: block them before any thread starts */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);

  parley_api_options ao = parley_api_default_options();
  ao.db_path = parley_store_default_path(db);
  ao.dict_dir = cli_dict_dir(dict);
  parley_error err;
  parley_error_clear(&err);
  parley_api *api = NULL;
  if (parley_api_open(&ao, &api, &err)) return cli_report(&err) == 2 ? 2 : 1;
  parley_server *srv = NULL;
  if (parley_server_start(api, &so, &srv, &err)) {
    parley_api_close(api);
    return cli_report(&err);
  }
  if (!quiet) {
    int v6 = strchr(so.bind, ':') != NULL;
    printf("parley serve: http://%s%s%s:%d/ (database %s, read-only; SIGTERM or Ctrl-C stops)\n", v6 ? "[" : "",
           so.bind, v6 ? "]" : "", parley_server_port(srv), parley_api_db_name(api));
    fflush(stdout);
  }
  int sig = 0;
  while (sigwait(&stop, &sig) != 0) {
  }
  if (!quiet)
    fprintf(stderr, "parley serve: %s, stopping\n", sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" : "SIGHUP");
  parley_server_stop(srv);
  parley_api_close(api);
  return 0;
}
