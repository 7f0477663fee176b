/* cmd_ask.c — the ask commands of parley: `events`, `dyad`, `rhythm`,
 * `compare`, `peak`, `claims`, `partners` and `summary` (stage: ask).
 * Options shared by all of them (--db, --from/--to, --by, --unit, --code,
 * --format …), actor resolution with suggestions, and one table printer for
 * table / TSV / CSV output. The questions themselves are answered by
 * libparley (parley/ask.h); this file only parses options and prints. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

typedef enum ask_format { ASK_TABLE = 0, ASK_TSV, ASK_CSV, ASK_JSON, ASK_GDELT } ask_format;

typedef struct ask_opts {
  const char *db, *dict, *from, *to, *by, *format, *unit, *code, *origin;
  int quad, claimed, contested;
  parley_query q;
  ask_format fmt;
} ask_opts;

/* Long options every query command takes; the ids are >= 1000. */
#define ASK_COMMON_LONG_OPTIONS                                                                                        \
  {"db", required_argument, 0, 1000}, {"dict", required_argument, 0, 1001}, {"from", required_argument, 0, 1002},      \
      {"to", required_argument, 0, 1003}, {"by", required_argument, 0, 1004}, {"format", required_argument, 0, 'f'},   \
      {"unit", required_argument, 0, 1005}, {"code", required_argument, 0, 1006},                                      \
      {"root", required_argument, 0, 1006}, {"quad", required_argument, 0, 1007},                                      \
      {"origin", required_argument, 0, 1008}, {"claimed", no_argument, 0, 1009}, {"contested", no_argument, 0, 1010},  \
  {                                                                                                                    \
    "help", no_argument, 0, 'h'                                                                                        \
  }

#define ASK_COMMON_HELP                                                                                                \
  "Common options:\n"                                                                                                  \
  "      --db FILE        database (default: $PARLEY_DB, else ./parley.db)\n"                                          \
  "      --from DATE      first day: YYYY-MM-DD, YYYY-MM or YYYY\n"                                                    \
  "      --to DATE        last day (YYYY-MM and YYYY mean the end of that month or year)\n"                            \
  "      --by PERIOD      day, week, month, quarter, year or all\n"                                                    \
  "      --unit UNIT      events (default: an event group counts once) or mentions (event rows)\n"                     \
  "      --code CODE      CAMEO event code: 04 (a root), 042 (042 and 0421…), 0421\n"                                \
  "      --quad N         quad class: 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict\n"      \
  "      --origin NAME    parley, gdelt (gdelt1 or gdelt2), gdelt1, gdelt2, icews or acled\n"                          \
  "      --claimed        only events somebody made a claim about\n"                                                   \
  "      --contested      only events somebody denied or doubted\n"                                                    \
  "  -f, --format FMT     table (default), tsv, csv or json\n"                                                         \
  "      --dict DIR       dictionary folder for actor names (default: $PARLEY_DICT or the installed one)\n"            \
  "  -h, --help           this help\n"                                                                                 \
  "\n"                                                                                                                 \
  "Actors are codes or names in either language: USA, RUSGOV, IGOEUREEC, 特朗普, Putin, 欧盟.\n"                  \
  "A 3-letter code matches the country of an actor; a longer code matches the actor code.\n"                           \
  "The JSON of every command is described in docs/cli.md. Exit status: 0 ok, 1 error, 2 usage.\n"

static void ask_opts_init(ask_opts *o, const char *default_by) {
  memset(o, 0, sizeof *o);
  o->by = default_by;
  o->format = "table";
  o->unit = "events";
  o->q = parley_query_default();
}

static int ask_opts_common(ask_opts *o, int ch, const char *arg) {
  switch (ch) {
  case 1000: o->db = arg; return 0;
  case 1001: o->dict = arg; return 0;
  case 1002: o->from = arg; return 0;
  case 1003: o->to = arg; return 0;
  case 1004: o->by = arg; return 0;
  case 'f': o->format = arg; return 0;
  case 1005: o->unit = arg; return 0;
  case 1006: o->code = arg; return 0;
  case 1007:
    o->quad = atoi(arg);
    if (o->quad < 1 || o->quad > 4 || strlen(arg) != 1) {
      cli_usage_error("--quad must be 1, 2, 3 or 4, not '%s'", arg);
      return 2;
    }
    return 0;
  case 1008: o->origin = arg; return 0;
  case 1009: o->claimed = 1; return 0;
  case 1010: o->contested = 1; return 0;
  default: return 1;
  }
}

static int valid_code(const char *s) {
  size_t l = strlen(s);
  if (l < 2 || l > 4) return 0;
  for (size_t i = 0; i < l; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

static int ask_opts_finish(ask_opts *o, unsigned formats) {
  parley_query *q = &o->q;
  if (o->from && !(q->day_from = parley_day_parse(o->from, 0)))
    return cli_usage_error("--from must be a date YYYY-MM-DD, YYYY-MM or YYYY, not '%s'", o->from);
  if (o->to && !(q->day_to = parley_day_parse(o->to, 1)))
    return cli_usage_error("--to must be a date YYYY-MM-DD, YYYY-MM or YYYY, not '%s'", o->to);
  if (q->day_from && q->day_to && q->day_from > q->day_to) return cli_usage_error("--from is after --to");
  if (o->by) {
    int p = parley_period_parse(o->by);
    if (p < 0) return cli_usage_error("--by must be day, week, month, quarter, year or all, not '%s'", o->by);
    q->by = (parley_period)p;
  }
  if (!strcmp(o->unit, "events"))
    q->unit = PARLEY_UNIT_EVENTS;
  else if (!strcmp(o->unit, "mentions"))
    q->unit = PARLEY_UNIT_MENTIONS;
  else
    return cli_usage_error("--unit must be events or mentions, not '%s'", o->unit);
  if (o->code && !valid_code(o->code))
    return cli_usage_error("--code must be a CAMEO code of 2 to 4 digits, not '%s'", o->code);
  q->event_code = o->code;
  q->quad_class = o->quad;
  q->origin = o->origin;
  q->claimed = o->claimed;
  q->contested = o->contested;
  static const char *names[] = {"table", "tsv", "csv", "json", "gdelt"};
  int found = -1;
  for (int i = 0; i < 5; i++)
    if (!strcmp(o->format, names[i]) || (i == ASK_JSON && !strcmp(o->format, "jsonl"))) found = i;
  if (found < 0 || !(formats & (1u << found))) {
    char list[64] = "";
    for (int i = 0; i < 5; i++)
      if (formats & (1u << i))
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? ", " : "", names[i]);
    return cli_usage_error("--format must be one of %s, not '%s'", list, o->format);
  }
  o->fmt = (ask_format)found;
  return 0;
}

static int ask_open_db(const ask_opts *o, parley_ask **out) {
  const char *path = o->db;
  if (!path) path = getenv("PARLEY_DB");
  if (!path || !*path) path = "parley.db";
  parley_error err;
  parley_error_clear(&err);
  if (parley_ask_open(path, out, &err)) return cli_report(&err) == 2 ? 2 : 1;
  return 0;
}

static int is_code(const char *s) {
  size_t l = strlen(s);
  if (l < 3 || l % 3) return 0;
  for (size_t i = 0; i < l; i++)
    if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9'))) return 0;
  return 1;
}

static int ask_resolve(ask_opts *o, char **names, size_t n, parley_actor_ref *out) {
  parley_error err;
  parley_error_clear(&err);
  parley_dict *dict = NULL;
  int need = 0;
  for (size_t i = 0; i < n; i++)
    need |= !is_code(names[i]);
  /* codes are checked against the dictionary too when it loads (for their country) */
  if (need && parley_dict_open(cli_dict_dir(o->dict), &dict, &err)) return cli_report(&err) == 2 ? 2 : 1;
  /* person names resolve to the role held at the end of the range asked
   * about (--to), else to their current role */
  char date[11] = "", *dp = NULL;
  int day = o->q.day_to;
  if (day) {
    snprintf(date, sizeof date, "%04d-%02d-%02d", day / 10000, day / 100 % 100, day % 100);
    dp = date;
  }
  int status = 0;
  for (size_t i = 0; i < n && !status; i++) {
    if (parley_actor_ref_resolve(dict, names[i], dp, &out[i], &err)) status = cli_report(&err) == 2 ? 2 : 1;
  }
  parley_dict_close(dict);
  return status;
}

static int ask_print_json(char *s) {
  if (!s) return cli_fail("out of memory writing JSON");
  fputs(s, stdout);
  fputc('\n', stdout);
  free(s);
  return 0;
}

static const char *ask_num(char *buf, size_t n, double v) {
  if (isnan(v) || isinf(v))
    buf[0] = '\0';
  else
    snprintf(buf, n, "%.2f", v);
  return buf;
}

/* ------------------------------------------------------------------ tables */

typedef struct ask_table ask_table;

struct ask_table {
  size_t ncols, nrows, cap;
  char **headers;
  char **cells; /* nrows * ncols */
};

static ask_table *ask_table_new(size_t ncols, const char *const *headers) {
  ask_table *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->ncols = ncols;
  t->headers = calloc(ncols, sizeof *t->headers);
  for (size_t i = 0; t->headers && i < ncols; i++)
    t->headers[i] = strdup(headers[i]);
  return t;
}

static void ask_table_row(ask_table *t, const char *const *cells) {
  if (!t) return;
  if (t->nrows == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 64;
    char **p = realloc(t->cells, cap * t->ncols * sizeof *p);
    if (!p) return;
    t->cells = p;
    t->cap = cap;
  }
  for (size_t i = 0; i < t->ncols; i++)
    t->cells[t->nrows * t->ncols + i] = strdup(cells[i] ? cells[i] : "");
  t->nrows++;
}

static void ask_put_field(FILE *f, ask_format fmt, const char *s) {
  if (fmt == ASK_CSV) {
    if (strpbrk(s, ",\"\n\r")) {
      fputc('"', f);
      for (const char *p = s; *p; p++) {
        if (*p == '"') fputc('"', f);
        fputc(*p, f);
      }
      fputc('"', f);
    } else {
      fputs(s, f);
    }
  } else {
    cli_print_tsv_field(f, s, strlen(s));
  }
}

static void ask_table_print(ask_table *t, ask_format fmt, FILE *f) {
  if (!t) return;
  if (fmt == ASK_TSV || fmt == ASK_CSV) {
    char sep = fmt == ASK_CSV ? ',' : '\t';
    for (size_t c = 0; c < t->ncols; c++) {
      if (c) fputc(sep, f);
      ask_put_field(f, fmt, t->headers[c]);
    }
    fputc('\n', f);
    for (size_t r = 0; r < t->nrows; r++) {
      for (size_t c = 0; c < t->ncols; c++) {
        if (c) fputc(sep, f);
        ask_put_field(f, fmt, t->cells[r * t->ncols + c]);
      }
      fputc('\n', f);
    }
    return;
  }
  int *w = calloc(t->ncols, sizeof *w);
  if (!w) return;
  for (size_t c = 0; c < t->ncols; c++)
    w[c] = cli_display_width(t->headers[c], strlen(t->headers[c]));
  for (size_t r = 0; r < t->nrows; r++)
    for (size_t c = 0; c < t->ncols; c++) {
      const char *s = t->cells[r * t->ncols + c];
      int x = cli_display_width(s, strlen(s));
      if (x > 60) x = 60;
      if (x > w[c]) w[c] = x;
    }
  for (size_t c = 0; c < t->ncols; c++) {
    if (c + 1 < t->ncols) {
      cli_print_cell(f, t->headers[c], w[c]);
      fputs("  ", f);
    } else {
      fputs(t->headers[c], f);
    }
  }
  fputc('\n', f);
  for (size_t r = 0; r < t->nrows; r++) {
    for (size_t c = 0; c < t->ncols; c++) {
      const char *s = t->cells[r * t->ncols + c];
      if (c + 1 < t->ncols) {
        cli_print_cell(f, s, w[c]);
        fputs("  ", f);
      } else {
        cli_print_cell(f, s, cli_display_width(s, strlen(s)) > 60 ? 60 : cli_display_width(s, strlen(s)));
      }
    }
    fputc('\n', f);
  }
  free(w);
}

static void ask_table_free(ask_table *t) {
  if (!t) return;
  for (size_t i = 0; i < t->nrows * t->ncols; i++)
    free(t->cells[i]);
  free(t->cells);
  for (size_t i = 0; t->headers && i < t->ncols; i++)
    free(t->headers[i]);
  free(t->headers);
  free(t);
}

/* ================================================================ commands */

static int finish_common(ask_opts *o, unsigned formats, parley_ask **db) {
  int st = ask_opts_finish(o, formats);
  if (st) return st;
  return ask_open_db(o, db);
}

static const char *root_summary(const parley_tally *t, char *buf, size_t n) {
  /* "04:3 05:1" — the roots with events, most first (up to 5) */
  int idx[21], k = 0;
  for (int i = 1; i <= 20; i++)
    if (t->root[i]) idx[k++] = i;
  for (int i = 0; i < k; i++)
    for (int j = i + 1; j < k; j++)
      if (t->root[idx[j]] > t->root[idx[i]]) {
        int x = idx[i];
        idx[i] = idx[j];
        idx[j] = x;
      }
  size_t l = 0;
  buf[0] = '\0';
  for (int i = 0; i < k && i < 5 && l < n; i++)
    l += (size_t)snprintf(buf + l, n - l, "%s%02d:%ld", i ? " " : "", idx[i], t->root[idx[i]]);
  return buf;
}

/* ------------------------------------------------------------------ dyad */

const char cmd_dyad_usage[] = "Usage: parley dyad [OPTIONS] A B\n"
                              "\n"
                              "Contacts between actors A and B per period: events by quad class and CAMEO\n"
                              "root code, Goldstein sum and mean, for A→B, B→A and both directions.\n"
                              "\n"
                              "Options:\n"
                              "      --fill           also list periods without events (between --from and --to,\n"
                              "                       else between the first and last contact)\n" ASK_COMMON_HELP;

static void tally_cells(char cells[][32], const parley_tally *t) {
  snprintf(cells[0], 32, "%ld", t->events);
  for (int q = 1; q <= 4; q++)
    snprintf(cells[q], 32, "%ld", t->quad[q]);
  snprintf(cells[5], 32, "%.1f", t->goldstein_sum);
  ask_num(cells[6], 32, parley_tally_goldstein_mean(t));
}

static void print_dyad_long(const parley_dyad *d, ask_format fmt) {
  const char *h[] = {"period",
                     "from",
                     "to",
                     "direction",
                     "events",
                     "verbal_coop",
                     "material_coop",
                     "verbal_conflict",
                     "material_conflict",
                     "goldstein_sum",
                     "goldstein_mean",
                     "r01",
                     "r02",
                     "r03",
                     "r04",
                     "r05",
                     "r06",
                     "r07",
                     "r08",
                     "r09",
                     "r10",
                     "r11",
                     "r12",
                     "r13",
                     "r14",
                     "r15",
                     "r16",
                     "r17",
                     "r18",
                     "r19",
                     "r20"};
  ask_table *t = ask_table_new(31, h);
  static const char *dn[] = {"a_to_b", "b_to_a", "both"};
  for (size_t i = 0; i < d->n_periods; i++) {
    const parley_dyad_period *p = &d->periods[i];
    for (int dir = 0; dir < 3; dir++) {
      char c[31][32];
      const char *cp[31];
      snprintf(c[0], 32, "%s", p->label);
      snprintf(c[1], 32, "%04d-%02d-%02d", p->day_first / 10000, p->day_first / 100 % 100, p->day_first % 100);
      snprintf(c[2], 32, "%04d-%02d-%02d", p->day_last / 10000, p->day_last / 100 % 100, p->day_last % 100);
      snprintf(c[3], 32, "%s", dn[dir]);
      tally_cells(c + 4, &p->dir[dir]);
      for (int r = 1; r <= 20; r++)
        snprintf(c[10 + r], 32, "%ld", p->dir[dir].root[r]);
      for (int k = 0; k < 31; k++)
        cp[k] = c[k];
      ask_table_row(t, cp);
    }
  }
  ask_table_print(t, fmt, stdout);
  ask_table_free(t);
}

static void print_dyad_table(const parley_dyad *d) {
  char ab[80], ba[80];
  snprintf(ab, sizeof ab, "%s→%s", d->a.code, d->b.code);
  snprintf(ba, sizeof ba, "%s→%s", d->b.code, d->a.code);
  const char *h[] = {"PERIOD", ab, ba, "BOTH", "VCOOP", "MCOOP", "VCONF", "MCONF", "GS_SUM", "GS_MEAN", "ROOTS"};
  ask_table *t = ask_table_new(11, h);
  for (size_t i = 0; i <= d->n_periods; i++) {
    const parley_tally *x = i < d->n_periods ? d->periods[i].dir : d->total;
    char c[11][64];
    const char *cp[11];
    snprintf(c[0], 64, "%s", i < d->n_periods ? d->periods[i].label : "TOTAL");
    snprintf(c[1], 64, "%ld", x[PARLEY_AB].events);
    snprintf(c[2], 64, "%ld", x[PARLEY_BA].events);
    char tc[7][32];
    tally_cells(tc, &x[PARLEY_BOTH]);
    snprintf(c[3], 64, "%s", tc[0]);
    for (int q = 1; q <= 4; q++)
      snprintf(c[3 + q], 64, "%s", tc[q]);
    snprintf(c[8], 64, "%s", tc[5]);
    snprintf(c[9], 64, "%s", tc[6]);
    root_summary(&x[PARLEY_BOTH], c[10], 64);
    for (int k = 0; k < 11; k++)
      cp[k] = c[k];
    ask_table_row(t, cp);
  }
  ask_table_print(t, ASK_TABLE, stdout);
  ask_table_free(t);
  char f[11] = "-", l[11] = "-";
  if (d->day_first)
    snprintf(f, sizeof f, "%04d-%02d-%02d", d->day_first / 10000, d->day_first / 100 % 100, d->day_first % 100);
  if (d->day_last)
    snprintf(l, sizeof l, "%04d-%02d-%02d", d->day_last / 10000, d->day_last / 100 % 100, d->day_last % 100);
  printf("\n%s (%s) – %s (%s): %s by %s; first contact %s, last %s.\n"
         "VCOOP..MCONF: quad classes (both directions); ROOTS: CAMEO root:events.\n",
         d->a.input, d->a.code, d->b.input, d->b.code, d->q.unit == PARLEY_UNIT_MENTIONS ? "mentions" : "events",
         parley_period_name(d->q.by), f, l);
}

int cmd_dyad(int argc, char **argv) {
  static const struct option opts[] = {ASK_COMMON_LONG_OPTIONS, {"fill", no_argument, 0, 1}, {0, 0, 0, 0}};
  ask_opts o;
  ask_opts_init(&o, "month");
  int ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
    int r = ask_opts_common(&o, ch, optarg);
    if (r == 2) return 2;
    if (r == 0) continue;
    if (ch == 1)
      o.q.fill = 1;
    else if (ch == 'h')
      return fputs(cmd_dyad_usage, stdout), 0;
    else
      return 2;
  }
  if (argc - optind != 2) return cli_usage_error("dyad needs two actors: parley dyad A B (see 'parley help dyad')");
  parley_ask *db = NULL;
  int st = finish_common(&o, 1u << ASK_TABLE | 1u << ASK_TSV | 1u << ASK_CSV | 1u << ASK_JSON, &db);
  if (st) return st;
  parley_actor_ref refs[2];
  if ((st = ask_resolve(&o, argv + optind, 2, refs))) {
    parley_ask_close(db);
    return st;
  }
  parley_error err;
  parley_error_clear(&err);
  parley_dyad *d = NULL;
  if (parley_ask_dyad(db, &refs[0], &refs[1], &o.q, &d, &err)) {
    parley_ask_close(db);
    return cli_report(&err);
  }
  if (o.fmt == ASK_JSON)
    st = ask_print_json(parley_dyad_to_json(d));
  else if (o.fmt == ASK_TABLE)
    print_dyad_table(d);
  else
    print_dyad_long(d, o.fmt);
  parley_dyad_free(d);
  parley_ask_close(db);
  return st;
}

/* ---------------------------------------------------------------- compare */

const char cmd_compare_usage[] = "Usage: parley compare [OPTIONS] A B C...\n"
                                 "\n"
                                 "A's contacts with each partner B, C, … side by side over the same periods,\n"
                                 "with asymmetry ratios: the first partner's events over each partner's\n"
                                 "(Trump–Putin calls per Trump–Zelensky call) and, per partner, A→P over P→A.\n"
                                 "Default --by all (totals only).\n\n" ASK_COMMON_HELP;

int cmd_compare(int argc, char **argv) {
  static const struct option opts[] = {ASK_COMMON_LONG_OPTIONS, {0, 0, 0, 0}};
  ask_opts o;
  ask_opts_init(&o, "all");
  int ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
    int r = ask_opts_common(&o, ch, optarg);
    if (r == 2) return 2;
    if (r == 0) continue;
    if (ch == 'h') return fputs(cmd_compare_usage, stdout), 0;
    return 2;
  }
  int n = argc - optind;
  if (n < 3) return cli_usage_error("compare needs an actor and at least two partners: parley compare A B C");
  parley_ask *db = NULL;
  int st = finish_common(&o, 1u << ASK_TABLE | 1u << ASK_TSV | 1u << ASK_CSV | 1u << ASK_JSON, &db);
  if (st) return st;
  parley_actor_ref *refs = calloc((size_t)n, sizeof *refs);
  if (!refs) return cli_fail("out of memory");
  if ((st = ask_resolve(&o, argv + optind, (size_t)n, refs))) {
    free(refs);
    parley_ask_close(db);
    return st;
  }
  parley_error err;
  parley_error_clear(&err);
  parley_compare *c = NULL;
  if (parley_ask_compare(db, &refs[0], refs + 1, (size_t)n - 1, &o.q, &c, &err)) {
    free(refs);
    parley_ask_close(db);
    return cli_report(&err);
  }
  size_t np = c->n_partners, nper = np ? c->dyads[0]->n_periods : 0;
  if (o.fmt == ASK_JSON) {
    st = ask_print_json(parley_compare_to_json(c));
  } else if (o.fmt == ASK_TABLE) {
    size_t ncols = np + 1;
    const char **h = calloc(ncols, sizeof *h);
    char(*names)[80] = calloc(ncols, sizeof *names);
    char(*cells)[64] = calloc(ncols, sizeof *cells);
    const char **cp = calloc(ncols, sizeof *cp);
    if (!h || !names || !cells || !cp) return cli_fail("out of memory");
    h[0] = "PERIOD";
    for (size_t i = 0; i < np; i++) {
      snprintf(names[i + 1], 80, "%s–%s", c->actor.code, c->dyads[i]->b.code);
      h[i + 1] = names[i + 1];
    }
    for (size_t k = 0; k < ncols; k++)
      cp[k] = cells[k];
    ask_table *t = ask_table_new(ncols, h);
    for (size_t p = 0; p < nper && o.q.by != PARLEY_BY_ALL; p++) {
      snprintf(cells[0], 64, "%s", c->dyads[0]->periods[p].label);
      for (size_t i = 0; i < np; i++)
        snprintf(cells[i + 1], 64, "%ld", c->dyads[i]->periods[p].dir[PARLEY_BOTH].events);
      ask_table_row(t, cp);
    }
    static const char *rows[] = {"events", "A→P", "P→A", "A→P / P→A", "goldstein mean", "first / this"};
    long first = np ? c->dyads[0]->total[PARLEY_BOTH].events : 0;
    for (int r = 0; r < 6; r++) {
      snprintf(cells[0], 64, "%s", rows[r]);
      for (size_t i = 0; i < np; i++) {
        const parley_tally *x = c->dyads[i]->total;
        char nb[32];
        switch (r) {
        case 0: snprintf(cells[i + 1], 64, "%ld", x[PARLEY_BOTH].events); break;
        case 1: snprintf(cells[i + 1], 64, "%ld", x[PARLEY_AB].events); break;
        case 2: snprintf(cells[i + 1], 64, "%ld", x[PARLEY_BA].events); break;
        case 3:
          snprintf(cells[i + 1], 64, "%s",
                   x[PARLEY_BA].events
                       ? ask_num(nb, sizeof nb, (double)x[PARLEY_AB].events / (double)x[PARLEY_BA].events)
                       : "-");
          break;
        case 4:
          snprintf(cells[i + 1], 64, "%s", ask_num(nb, sizeof nb, parley_tally_goldstein_mean(&x[PARLEY_BOTH])));
          break;
        default:
          snprintf(cells[i + 1], 64, "%s",
                   x[PARLEY_BOTH].events ? ask_num(nb, sizeof nb, (double)first / (double)x[PARLEY_BOTH].events) : "-");
        }
      }
      ask_table_row(t, cp);
    }
    ask_table_print(t, ASK_TABLE, stdout);
    ask_table_free(t);
    printf("\nCounts are %s in both directions; 'first / this': %s–%s events per event of each dyad.\n",
           o.q.unit == PARLEY_UNIT_MENTIONS ? "mentions" : "events", c->actor.code, np ? c->dyads[0]->b.code : "");
    free(h), free(names), free(cells), free(cp);
  } else {
    const char *h[] = {"period", "partner",        "a_to_b",       "b_to_a",
                       "both",   "goldstein_mean", "out_in_ratio", "ratio_to_first"};
    ask_table *t = ask_table_new(8, h);
    long first = np ? c->dyads[0]->total[PARLEY_BOTH].events : 0;
    for (size_t p = 0; p <= nper; p++) {
      for (size_t i = 0; i < np; i++) {
        const parley_tally *x = p < nper ? c->dyads[i]->periods[p].dir : c->dyads[i]->total;
        char cl[8][48];
        const char *cp[8];
        snprintf(cl[0], 48, "%s", p < nper ? c->dyads[0]->periods[p].label : "total");
        snprintf(cl[1], 48, "%s", c->dyads[i]->b.code);
        snprintf(cl[2], 48, "%ld", x[PARLEY_AB].events);
        snprintf(cl[3], 48, "%ld", x[PARLEY_BA].events);
        snprintf(cl[4], 48, "%ld", x[PARLEY_BOTH].events);
        ask_num(cl[5], 48, parley_tally_goldstein_mean(&x[PARLEY_BOTH]));
        ask_num(cl[6], 48, x[PARLEY_BA].events ? (double)x[PARLEY_AB].events / (double)x[PARLEY_BA].events : NAN);
        ask_num(cl[7], 48, p == nper && x[PARLEY_BOTH].events ? (double)first / (double)x[PARLEY_BOTH].events : NAN);
        for (int k = 0; k < 8; k++)
          cp[k] = cl[k];
        ask_table_row(t, cp);
      }
    }
    ask_table_print(t, o.fmt, stdout);
    ask_table_free(t);
  }
  parley_compare_free(c);
  free(refs);
  parley_ask_close(db);
  return st;
}

/* ------------------------------------------------------------------- peak */

const char cmd_peak_usage[] =
    "Usage: parley peak [OPTIONS] A B\n"
    "\n"
    "Each period of the A–B dyad (from the first contact on, empty periods\n"
    "included) against all earlier ones: its rank, z-score, whether it is a\n"
    "record, and \"highest since\" the latest earlier period with as many events.\n"
    "Periods before --from still count as earlier periods. Default --by year.\n"
    "\n"
    "Options:\n"
    "      --direction DIR  both (default), ab (A→B) or ba (B→A)\n"
    "      --top N          only the N periods with the most events (by events, then time)\n\n" ASK_COMMON_HELP;

static int cmp_peak_rows(const void *x, const void *y) {
  const parley_peak_row *a = x, *b = y;
  if (a->events != b->events) return a->events > b->events ? -1 : 1;
  return a->day_first < b->day_first ? -1 : 1;
}

int cmd_peak(int argc, char **argv) {
  static const struct option opts[] = {
      ASK_COMMON_LONG_OPTIONS, {"direction", required_argument, 0, 1}, {"top", required_argument, 0, 2}, {0, 0, 0, 0}};
  ask_opts o;
  ask_opts_init(&o, "year");
  int ch, dir = PARLEY_BOTH;
  long top = 0;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
    int r = ask_opts_common(&o, ch, optarg);
    if (r == 2) return 2;
    if (r == 0) continue;
    if (ch == 1) {
      if (!strcmp(optarg, "ab"))
        dir = PARLEY_AB;
      else if (!strcmp(optarg, "ba"))
        dir = PARLEY_BA;
      else if (!strcmp(optarg, "both"))
        dir = PARLEY_BOTH;
      else
        return cli_usage_error("--direction must be ab, ba or both");
    } else if (ch == 2) {
      top = atol(optarg);
      if (top <= 0) return cli_usage_error("--top must be a positive number");
    } else if (ch == 'h')
      return fputs(cmd_peak_usage, stdout), 0;
    else
      return 2;
  }
  if (argc - optind != 2) return cli_usage_error("peak needs two actors: parley peak A B");
  parley_ask *db = NULL;
  int st = finish_common(&o, 1u << ASK_TABLE | 1u << ASK_TSV | 1u << ASK_CSV | 1u << ASK_JSON, &db);
  if (st) return st;
  if (o.q.by == PARLEY_BY_ALL) {
    parley_ask_close(db);
    return cli_usage_error("peak needs periods: --by day, week, month, quarter or year");
  }
  parley_actor_ref refs[2];
  if ((st = ask_resolve(&o, argv + optind, 2, refs))) {
    parley_ask_close(db);
    return st;
  }
  parley_error err;
  parley_error_clear(&err);
  parley_peak *p = NULL;
  if (parley_ask_peak(db, &refs[0], &refs[1], &o.q, dir, &p, &err)) {
    parley_ask_close(db);
    return cli_report(&err);
  }
  if (top && (size_t)top < p->n_rows) {
    qsort(p->rows, p->n_rows, sizeof *p->rows, cmp_peak_rows);
    p->n_rows = (size_t)top;
  }
  if (o.fmt == ASK_JSON) {
    st = ask_print_json(parley_peak_to_json(p));
  } else {
    int tab = o.fmt == ASK_TABLE;
    const char *h[] = {tab ? "PERIOD" : "period", tab ? "EVENTS" : "events", tab ? "RANK" : "rank",
                       tab ? "OF" : "periods",    tab ? "Z" : "z",           tab ? "NOTE" : "highest_since"};
    ask_table *t = ask_table_new(6, h);
    for (size_t i = 0; i < p->n_rows; i++) {
      const parley_peak_row *r = &p->rows[i];
      char c[6][64];
      const char *cp[6];
      snprintf(c[0], 64, "%s", r->label);
      snprintf(c[1], 64, "%ld", r->events);
      snprintf(c[2], 64, "%ld", r->rank);
      snprintf(c[3], 64, "%ld", r->n_earlier + 1);
      ask_num(c[4], 64, r->z);
      if (!tab)
        snprintf(c[5], 64, "%s", r->record ? "record" : r->since);
      else if (r->record)
        snprintf(c[5], 64, "record (first period %s)", p->first_period);
      else if (r->events && r->since_back > 1)
        snprintf(c[5], 64, "highest since %s", r->since);
      else
        c[5][0] = '\0';
      for (int k = 0; k < 6; k++)
        cp[k] = c[k];
      ask_table_row(t, cp);
    }
    ask_table_print(t, o.fmt, stdout);
    ask_table_free(t);
    if (tab) printf("\nRANK among the period and all earlier ones (OF); Z against the earlier ones' mean and sd.\n");
  }
  parley_peak_free(p);
  parley_ask_close(db);
  return st;
}

/* ----------------------------------------------------------------- rhythm */

const char cmd_rhythm_usage[] = "Usage: parley rhythm [OPTIONS] A B\n"
                                "\n"
                                "The rhythm of the A–B dyad: the days of contact (either direction), the gaps\n"
                                "between them (min, median, max, mean), their burstiness B = (σ−μ)/(σ+μ)\n"
                                "(−1 regular, 0 random, towards +1 clustered), the first and last contact, and\n"
                                "the change points where the gaps shift level, with each stretch's pattern\n"
                                "(method in docs/cli.md). Use --code 04 for consultations only.\n\n" ASK_COMMON_HELP;

static void day_str(int day, char *b) {
  if (day)
    snprintf(b, 11, "%04d-%02d-%02d", day / 10000, day / 100 % 100, day % 100);
  else
    snprintf(b, 11, "-");
}

int cmd_rhythm(int argc, char **argv) {
  static const struct option opts[] = {ASK_COMMON_LONG_OPTIONS, {0, 0, 0, 0}};
  ask_opts o;
  ask_opts_init(&o, NULL);
  int ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
    int r = ask_opts_common(&o, ch, optarg);
    if (r == 2) return 2;
    if (r == 0) continue;
    if (ch == 'h') return fputs(cmd_rhythm_usage, stdout), 0;
    return 2;
  }
  if (argc - optind != 2) return cli_usage_error("rhythm needs two actors: parley rhythm A B");
  parley_ask *db = NULL;
  int st = finish_common(&o, 1u << ASK_TABLE | 1u << ASK_TSV | 1u << ASK_CSV | 1u << ASK_JSON, &db);
  if (st) return st;
  parley_actor_ref refs[2];
  if ((st = ask_resolve(&o, argv + optind, 2, refs))) {
    parley_ask_close(db);
    return st;
  }
  parley_error err;
  parley_error_clear(&err);
  parley_rhythm *r = NULL;
  if (parley_ask_rhythm(db, &refs[0], &refs[1], &o.q, &r, &err)) {
    parley_ask_close(db);
    return cli_report(&err);
  }
  if (o.fmt == ASK_JSON) {
    st = ask_print_json(parley_rhythm_to_json(r));
  } else {
    int tab = o.fmt == ASK_TABLE;
    char a[11], b[11], n1[32], n2[32], n3[32], n4[32], n5[32];
    if (tab) {
      day_str(r->n_days ? r->days[0] : 0, a);
      day_str(r->n_days ? r->days[r->n_days - 1] : 0, b);
      printf("%s–%s: %zu contact days, first %s, last %s\n", r->a.code, r->b.code, r->n_days, a, b);
      printf("gaps (days): min %s, median %s, max %s, mean %s; burstiness B = %s\n\n",
             ask_num(n1, sizeof n1, r->gaps.min), ask_num(n2, sizeof n2, r->gaps.median),
             ask_num(n3, sizeof n3, r->gaps.max), ask_num(n4, sizeof n4, r->gaps.mean),
             ask_num(n5, sizeof n5, r->gaps.burstiness));
      const char *h[] = {"FROM", "TO", "CONTACTS", "GAP_MIN", "GAP_MEDIAN", "GAP_MAX", "GAP_MEAN", "B", "PATTERN"};
      ask_table *t = ask_table_new(9, h);
      for (size_t i = 0; i < r->n_segments; i++) {
        const parley_rhythm_segment *s = &r->segments[i];
        char c[9][32];
        const char *cp[9];
        day_str(s->day_first, c[0]);
        day_str(s->day_last, c[1]);
        snprintf(c[2], 32, "%ld", s->contacts);
        ask_num(c[3], 32, s->gaps.min);
        ask_num(c[4], 32, s->gaps.median);
        ask_num(c[5], 32, s->gaps.max);
        ask_num(c[6], 32, s->gaps.mean);
        ask_num(c[7], 32, s->gaps.burstiness);
        snprintf(c[8], 32, "%s", s->pattern);
        for (int k = 0; k < 9; k++)
          cp[k] = c[k];
        ask_table_row(t, cp);
      }
      ask_table_print(t, ASK_TABLE, stdout);
      ask_table_free(t);
      for (size_t i = 1; i < r->n_segments; i++) {
        day_str(r->segments[i].day_first, a);
        printf("change point %s: %s → %s (mean gap %s → %s days)\n", a, r->segments[i - 1].pattern,
               r->segments[i].pattern, ask_num(n1, sizeof n1, r->segments[i - 1].gaps.mean),
               ask_num(n2, sizeof n2, r->segments[i].gaps.mean));
      }
      if (r->n_segments <= 1) printf("no change point (needs at least 6 gaps and a clear shift)\n");
      printf("\n");
    }
    const char *h[] = {tab ? "DATE" : "date", tab ? "EVENTS" : "events", tab ? "GAP" : "gap",
                       tab ? "SEGMENT" : "segment", tab ? "PATTERN" : "pattern"};
    ask_table *t = ask_table_new(5, h);
    size_t seg = 0;
    for (size_t i = 0; i < r->n_days; i++) {
      while (seg + 1 < r->n_segments && r->days[i] > r->segments[seg].day_last)
        seg++;
      char c[5][32];
      const char *cp[5];
      day_str(r->days[i], c[0]);
      snprintf(c[1], 32, "%ld", r->per_day[i]);
      if (i)
        snprintf(c[2], 32, "%ld", parley_day_diff(r->days[i - 1], r->days[i]));
      else
        c[2][0] = '\0';
      snprintf(c[3], 32, "%zu", seg + 1);
      snprintf(c[4], 32, "%s", r->n_segments ? r->segments[seg].pattern : "");
      for (int k = 0; k < 5; k++)
        cp[k] = c[k];
      ask_table_row(t, cp);
    }
    ask_table_print(t, o.fmt, stdout);
    ask_table_free(t);
  }
  parley_rhythm_free(r);
  parley_ask_close(db);
  return st;
}

/* --------------------------------------------------------------- partners */

const char cmd_partners_usage[] =
    "Usage: parley partners [OPTIONS] A\n"
    "\n"
    "A's partners: events in either direction per partner, ranked by contacts and\n"
    "by tone (mean Goldstein value, most cooperative first). Partners are countries\n"
    "unless --level code; A's own country is left out unless --domestic.\n"
    "\n"
    "Options:\n"
    "      --top N          list the N partners with most contacts (default 20; 0: all)\n"
    "      --sort KEY       contacts (default) or tone\n"
    "      --level LEVEL    country (default) or code\n"
    "      --domestic       include A's own country\n"
    "      --min N          rank tone only for partners with at least N events (default 3)\n\n" ASK_COMMON_HELP;

static int sort_tone(const void *x, const void *y) {
  const parley_partner *a = x, *b = y;
  long ra = a->rank_tone ? a->rank_tone : 1L << 30, rb = b->rank_tone ? b->rank_tone : 1L << 30;
  if (ra != rb) return ra < rb ? -1 : 1;
  return a->rank_contacts < b->rank_contacts ? -1 : 1;
}

int cmd_partners(int argc, char **argv) {
  static const struct option opts[] = {ASK_COMMON_LONG_OPTIONS,
                                       {"top", required_argument, 0, 1},
                                       {"sort", required_argument, 0, 2},
                                       {"level", required_argument, 0, 3},
                                       {"domestic", no_argument, 0, 4},
                                       {"min", required_argument, 0, 5},
                                       {0, 0, 0, 0}};
  ask_opts o;
  ask_opts_init(&o, "all");
  int ch, by_code = 0, domestic = 0, tone = 0;
  long top = 20, min = 3;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
    int r = ask_opts_common(&o, ch, optarg);
    if (r == 2) return 2;
    if (r == 0) continue;
    switch (ch) {
    case 1:
      top = atol(optarg);
      if (top < 0) return cli_usage_error("--top must be 0 or more");
      break;
    case 2:
      if (!strcmp(optarg, "tone"))
        tone = 1;
      else if (!strcmp(optarg, "contacts"))
        tone = 0;
      else
        return cli_usage_error("--sort must be contacts or tone");
      break;
    case 3:
      if (!strcmp(optarg, "code"))
        by_code = 1;
      else if (!strcmp(optarg, "country"))
        by_code = 0;
      else
        return cli_usage_error("--level must be country or code");
      break;
    case 4: domestic = 1; break;
    case 5: min = atol(optarg); break;
    case 'h': return fputs(cmd_partners_usage, stdout), 0;
    default: return 2;
    }
  }
  if (argc - optind != 1) return cli_usage_error("partners needs one actor: parley partners A");
  parley_ask *db = NULL;
  int st = finish_common(&o, 1u << ASK_TABLE | 1u << ASK_TSV | 1u << ASK_CSV | 1u << ASK_JSON, &db);
  if (st) return st;
  parley_actor_ref ref;
  if ((st = ask_resolve(&o, argv + optind, 1, &ref))) {
    parley_ask_close(db);
    return st;
  }
  parley_error err;
  parley_error_clear(&err);
  parley_partners *p = NULL;
  if (parley_ask_partners(db, &ref, &o.q, by_code, domestic, min, &p, &err)) {
    parley_ask_close(db);
    return cli_report(&err);
  }
  if (tone && p->n) qsort(p->items, p->n, sizeof *p->items, sort_tone);
  if (o.fmt == ASK_JSON) {
    st = ask_print_json(parley_partners_to_json(p, (size_t)top));
  } else {
    int tab = o.fmt == ASK_TABLE;
    const char *h[] = {
        tab ? "RANK" : "rank_contacts",     tab ? "PARTNER" : "partner",       tab ? "NAME" : "name",
        tab ? "EVENTS" : "events",          tab ? "OUT" : "events_out",        tab ? "IN" : "events_in",
        tab ? "GS_MEAN" : "goldstein_mean", tab ? "TONE_RANK" : "rank_tone",   tab ? "VCOOP" : "verbal_coop",
        tab ? "MCOOP" : "material_coop",    tab ? "VCONF" : "verbal_conflict", tab ? "MCONF" : "material_conflict"};
    ask_table *t = ask_table_new(12, h);
    size_t n = top && (size_t)top < p->n ? (size_t)top : p->n;
    for (size_t i = 0; i < n; i++) {
      const parley_partner *x = &p->items[i];
      char c[12][140];
      const char *cp[12];
      snprintf(c[0], 140, "%ld", x->rank_contacts);
      snprintf(c[1], 140, "%s", x->code);
      snprintf(c[2], 140, "%s", x->name);
      snprintf(c[3], 140, "%ld", x->both.events);
      snprintf(c[4], 140, "%ld", x->out.events);
      snprintf(c[5], 140, "%ld", x->in.events);
      ask_num(c[6], 140, parley_tally_goldstein_mean(&x->both));
      if (x->rank_tone)
        snprintf(c[7], 140, "%ld", x->rank_tone);
      else
        c[7][0] = '\0';
      for (int q = 1; q <= 4; q++)
        snprintf(c[7 + q], 140, "%ld", x->both.quad[q]);
      for (int k = 0; k < 12; k++)
        cp[k] = c[k];
      ask_table_row(t, cp);
    }
    ask_table_print(t, o.fmt, stdout);
    ask_table_free(t);
    if (tab)
      printf("\n%zu partners of %s (%s); TONE_RANK by mean Goldstein (most cooperative first), partners with >= %ld "
             "events.\n",
             p->n, ref.input, ref.code, min);
  }
  parley_partners_free(p);
  parley_ask_close(db);
  return st;
}

/* ----------------------------------------------------------------- claims */

const char cmd_claims_usage[] = "Usage: parley claims [OPTIONS] [ACTOR]\n"
                                "\n"
                                "Contested events (somebody denies or doubts them), each with every actor's\n"
                                "stance (asserts / denies / doubts), the evidence sentences and the sources:\n"
                                "the documents reporting it and their source lists. With ACTOR, only events\n"
                                "with that actor on either side or as a claimant.\n"
                                "\n"
                                "Options:\n"
                                "      --all            every event with a claim, contested or not\n\n" ASK_COMMON_HELP;

static void claims_sources(const parley_contested *e, char *buf, size_t n) {
  size_t l = 0;
  buf[0] = '\0';
  for (size_t k = 0; k < e->n_docs && l < n; k++) {
    const parley_claim_doc *d = &e->docs[k];
    l += (size_t)snprintf(buf + l, n - l, "%s%s%s%s%s%s", k ? " | " : "",
                          d->source ? d->source : (d->key ? d->key : "?"), d->date ? " " : "", d->date ? d->date : "",
                          d->url ? " " : "", d->url ? d->url : "");
    for (size_t j = 0; j < d->n_refs && l < n; j++)
      l += (size_t)snprintf(buf + l, n - l, "; %s%s%s%s%s", d->refs[j].outlet ? d->refs[j].outlet : "",
                            d->refs[j].date ? " " : "", d->refs[j].date ? d->refs[j].date : "",
                            d->refs[j].headline ? " " : "", d->refs[j].headline ? d->refs[j].headline : "");
  }
}

int cmd_claims(int argc, char **argv) {
  static const struct option opts[] = {ASK_COMMON_LONG_OPTIONS, {"all", no_argument, 0, 1}, {0, 0, 0, 0}};
  ask_opts o;
  ask_opts_init(&o, NULL);
  int ch, all = 0;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
    int r = ask_opts_common(&o, ch, optarg);
    if (r == 2) return 2;
    if (r == 0) continue;
    if (ch == 1)
      all = 1;
    else if (ch == 'h')
      return fputs(cmd_claims_usage, stdout), 0;
    else
      return 2;
  }
  if (argc - optind > 1) return cli_usage_error("claims takes at most one actor");
  if (!all) o.contested = 1;
  parley_ask *db = NULL;
  int st = finish_common(&o, 1u << ASK_TABLE | 1u << ASK_TSV | 1u << ASK_CSV | 1u << ASK_JSON, &db);
  if (st) return st;
  parley_actor_ref ref;
  if (argc - optind == 1 && (st = ask_resolve(&o, argv + optind, 1, &ref))) {
    parley_ask_close(db);
    return st;
  }
  parley_error err;
  parley_error_clear(&err);
  parley_claims *c = NULL;
  if (parley_ask_claims(db, argc - optind == 1 ? &ref : NULL, &o.q, &c, &err)) {
    parley_ask_close(db);
    return cli_report(&err);
  }
  if (o.fmt == ASK_JSON) {
    st = ask_print_json(parley_claims_to_json(c));
  } else if (o.fmt == ASK_TABLE) {
    for (size_t i = 0; i < c->n; i++) {
      const parley_contested *e = &c->items[i];
      char d[11];
      day_str(e->day, d);
      char de[11] = "";
      if (e->day_end && e->day_end != e->day) day_str(e->day_end, de);
      printf("%s%s%s%s  %s → %s  %s (root %s, Goldstein %+.1f)  event %lld\n", i ? "\n" : "", d, de[0] ? ".." : "", de,
             e->source_code[0] ? e->source_code : "?", e->target_code[0] ? e->target_code : "?", e->event_code,
             e->root_code, e->goldstein, e->event_id);
      if (e->evidence) {
        printf("  evidence: ");
        cli_print_cell(stdout, e->evidence,
                       cli_display_width(e->evidence, strlen(e->evidence)) > 110
                           ? 110
                           : cli_display_width(e->evidence, strlen(e->evidence)));
        printf("\n");
      }
      const char *h[] = {"  ACTOR", "STANCE", "CUE", "EVIDENCE"};
      ask_table *t = ask_table_new(4, h);
      for (size_t k = 0; k < e->n_claims; k++) {
        const parley_claim_row *r = &e->claims[k];
        char a[200];
        snprintf(a, sizeof a, "  %s%s%s%s", r->actor_code, r->actor_name[0] ? " (" : "", r->actor_name,
                 r->actor_name[0] ? ")" : "");
        const char *cp[4] = {a, r->stance, r->cue ? r->cue : "", r->evidence ? r->evidence : ""};
        ask_table_row(t, cp);
      }
      ask_table_print(t, ASK_TABLE, stdout);
      ask_table_free(t);
      for (size_t k = 0; k < e->n_docs; k++) {
        const parley_claim_doc *dd = &e->docs[k];
        printf("  source: %s%s%s%s%s\n",
               dd->source ? dd->source
               : dd->key  ? dd->key
                          : "?",
               dd->date ? " " : "", dd->date ? dd->date : "", dd->url ? " " : "", dd->url ? dd->url : "");
        for (size_t j = 0; j < dd->n_refs; j++)
          printf("    ref: %s %s %s\n", dd->refs[j].outlet ? dd->refs[j].outlet : "",
                 dd->refs[j].date ? dd->refs[j].date : "", dd->refs[j].headline ? dd->refs[j].headline : "");
      }
    }
    printf("%s%zu %s event(s).\n", c->n ? "\n" : "", c->n, all ? "claimed" : "contested");
  } else {
    const char *h[] = {"event_id", "group_id", "date", "source",         "target",         "event_code",
                       "claimant", "stance",   "cue",  "claim_evidence", "event_evidence", "sources"};
    ask_table *t = ask_table_new(12, h);
    for (size_t i = 0; i < c->n; i++) {
      const parley_contested *e = &c->items[i];
      char id[32], gid[32], d[11], *src = malloc(8192);
      if (!src) break;
      snprintf(id, sizeof id, "%lld", e->event_id);
      if (e->group_id)
        snprintf(gid, sizeof gid, "%lld", e->group_id);
      else
        gid[0] = '\0';
      day_str(e->day, d);
      claims_sources(e, src, 8192);
      for (size_t k = 0; k < e->n_claims; k++) {
        const parley_claim_row *r = &e->claims[k];
        const char *cp[12] = {id,
                              gid,
                              d,
                              e->source_code,
                              e->target_code,
                              e->event_code,
                              r->actor_code,
                              r->stance,
                              r->cue ? r->cue : "",
                              r->evidence ? r->evidence : "",
                              e->evidence ? e->evidence : "",
                              src};
        ask_table_row(t, cp);
      }
      free(src);
    }
    ask_table_print(t, o.fmt, stdout);
    ask_table_free(t);
  }
  parley_claims_free(c);
  parley_ask_close(db);
  return st;
}

/* ---------------------------------------------------------------- summary */

const char cmd_summary_usage[] = "Usage: parley summary [OPTIONS]\n"
                                 "\n"
                                 "What is in the database: documents, sentences, event rows, event groups,\n"
                                 "claims, the date range, events per origin and the top dyads (countries,\n"
                                 "either direction, domestic pairs left out). On a large database the origin\n"
                                 "and dyad counts scan the events: narrow them with --from/--to.\n"
                                 "\n"
                                 "Options:\n"
                                 "      --top N          number of top dyads (default 10)\n\n" ASK_COMMON_HELP;

int cmd_summary(int argc, char **argv) {
  static const struct option opts[] = {ASK_COMMON_LONG_OPTIONS, {"top", required_argument, 0, 1}, {0, 0, 0, 0}};
  ask_opts o;
  ask_opts_init(&o, NULL);
  int ch;
  long top = 10;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
    int r = ask_opts_common(&o, ch, optarg);
    if (r == 2) return 2;
    if (r == 0) continue;
    if (ch == 1)
      top = atol(optarg);
    else if (ch == 'h')
      return fputs(cmd_summary_usage, stdout), 0;
    else
      return 2;
  }
  if (optind < argc) return cli_usage_error("summary takes no arguments");
  parley_ask *db = NULL;
  int st = finish_common(&o, 1u << ASK_TABLE | 1u << ASK_TSV | 1u << ASK_CSV | 1u << ASK_JSON, &db);
  if (st) return st;
  parley_error err;
  parley_error_clear(&err);
  parley_summary *s = NULL;
  if (parley_ask_summary(db, &o.q, top > 0 ? (size_t)top : 0, &s, &err)) {
    parley_ask_close(db);
    return cli_report(&err);
  }
  if (o.fmt == ASK_JSON) {
    st = ask_print_json(parley_summary_to_json(s));
  } else {
    int tab = o.fmt == ASK_TABLE;
    const char *h[] = {tab ? "SECTION" : "section", tab ? "KEY" : "key", tab ? "VALUE" : "value"};
    ask_table *t = ask_table_new(3, h);
    char v[64], d1[11], d2[11];
    struct {
      const char *k;
      long long n;
    } kv[] = {{"documents", s->documents}, {"sentences", s->sentences}, {"event_rows", s->events},
              {"event_groups", s->groups}, {"claims", s->claims},       {"contested_event_rows", s->contested},
              {"actors", s->actors},       {"imports", s->imports}};
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
      snprintf(v, sizeof v, "%lld", kv[i].n);
      const char *cp[3] = {"database", kv[i].k, v};
      ask_table_row(t, cp);
    }
    day_str(s->day_first, d1);
    day_str(s->day_last, d2);
    const char *c1[3] = {"database", "first_day", d1}, *c2[3] = {"database", "last_day", d2};
    ask_table_row(t, c1);
    ask_table_row(t, c2);
    const char *section = s->unit == PARLEY_UNIT_MENTIONS ? "mentions_by_origin" : "events_by_origin";
    for (size_t i = 0; i < s->n_origins; i++) {
      snprintf(v, sizeof v, "%lld", s->origins[i].n);
      const char *cp[3] = {section, s->origins[i].key, v};
      ask_table_row(t, cp);
    }
    for (size_t i = 0; i < s->n_dyads; i++) {
      char k[80];
      snprintf(k, sizeof k, "%s–%s", s->dyads[i].source, s->dyads[i].target);
      snprintf(v, sizeof v, "%lld", s->dyads[i].events);
      const char *cp[3] = {"top_dyads", k, v};
      ask_table_row(t, cp);
    }
    ask_table_print(t, o.fmt, stdout);
    ask_table_free(t);
  }
  parley_summary_free(s);
  parley_ask_close(db);
  return st;
}

/* ----------------------------------------------------------------- events */

const char cmd_events_usage[] = "Usage: parley events [OPTIONS] [A [B]]\n"
                                "\n"
                                "Lists stored events in date order. With A, events with A on either side; with\n"
                                "A and B, the A–B dyad in either direction (A→B only with --directed).\n"
                                "\n"
                                "Options:\n"
                                "      --actor X        X on either side (same as one positional actor)\n"
                                "      --source X       X as the source      --target X   X as the target\n"
                                "      --directed       A B means A→B only\n"
                                "      --limit N        at most N rows\n"
                                "      --count          print only the number of events (in --unit)\n"
                                "  -f, --format FMT     table (default), tsv, csv, json (JSON Lines) or gdelt\n"
                                "                       (GDELT 2.0 export: 61 tab-separated columns, no header,\n"
                                "                       blanks where parley has no value; --header adds one)\n"
                                "      --header         gdelt: print the column names first\n\n" ASK_COMMON_HELP;

typedef struct events_ctx {
  ask_format fmt;
  long rows;
} events_ctx;

static const char *ev_cols[] = {"id",
                                "origin",
                                "event_key",
                                "group_id",
                                "date",
                                "date_end",
                                "source_code",
                                "source_country",
                                "source_name",
                                "target_code",
                                "target_country",
                                "target_name",
                                "event_code",
                                "root_code",
                                "quad_class",
                                "goldstein",
                                "count",
                                "num_mentions",
                                "num_sources",
                                "num_articles",
                                "avg_tone",
                                "location",
                                "lat",
                                "lon",
                                "claims",
                                "doc_id",
                                "sentence",
                                "trigger",
                                "url"};
#define EV_NCOLS (sizeof ev_cols / sizeof ev_cols[0])

static int print_event(void *vctx, const parley_event_row *r) {
  events_ctx *c = vctx;
  FILE *f = stdout;
  if (c->fmt == ASK_JSON) {
    char *s = parley_event_row_to_json(r);
    if (s) {
      fputs(s, f);
      fputc('\n', f);
      free(s);
    }
  } else if (c->fmt == ASK_GDELT) {
    char *s = parley_event_row_to_gdelt(r);
    if (s) {
      fputs(s, f);
      fputc('\n', f);
      free(s);
    }
  } else if (c->fmt == ASK_TABLE) {
    static const int cw[] = {10, 12, 12, 5, 2, 5, 7, 27};
    if (!c->rows) {
      static const char *h[] = {"DATE", "SOURCE", "TARGET", "CODE", "QC", "GS", "ORIGIN", "CLAIMS"};
      for (int i = 0; i < 8; i++)
        cli_print_cell(f, h[i], cw[i]), fputc(' ', f);
      fputs("TRIGGER / URL\n", f);
    }
    char d[11], gs[16], qc[4];
    day_str(r->day, d);
    snprintf(qc, sizeof qc, "%d", r->quad_class);
    if (r->has_goldstein)
      snprintf(gs, sizeof gs, "%+.1f", r->goldstein);
    else
      snprintf(gs, sizeof gs, "-");
    const char *cells[] = {d,
                           r->source_code[0] ? r->source_code : "-",
                           r->target_code[0] ? r->target_code : "-",
                           r->event_code,
                           qc,
                           gs,
                           r->origin,
                           r->claims[0] ? r->claims : "-"};
    for (int i = 0; i < 8; i++)
      cli_print_cell(f, cells[i], cw[i]), fputc(' ', f);
    const char *tail = r->trigger[0] ? r->trigger : r->source_url[0] ? r->source_url : r->doc_url;
    int w = cli_display_width(tail, strlen(tail));
    cli_print_cell(f, tail, w > 60 ? 60 : w);
    fputc('\n', f);
  } else {
    char sep = c->fmt == ASK_CSV ? ',' : '\t';
    if (!c->rows)
      for (size_t i = 0; i < EV_NCOLS; i++)
        fprintf(f, "%s%c", ev_cols[i], i + 1 < EV_NCOLS ? sep : '\n');
    char b[EV_NCOLS][64];
    const char *v[EV_NCOLS];
    for (size_t i = 0; i < EV_NCOLS; i++)
      b[i][0] = '\0', v[i] = b[i];
    snprintf(b[0], 64, "%lld", r->id);
    v[1] = r->origin;
    v[2] = r->event_key;
    if (r->group_id) snprintf(b[3], 64, "%lld", r->group_id);
    day_str(r->day, b[4]);
    if (r->day_end) day_str(r->day_end, b[5]);
    v[6] = r->source_code, v[7] = r->source_country, v[8] = r->source_name;
    v[9] = r->target_code, v[10] = r->target_country, v[11] = r->target_name;
    v[12] = r->event_code, v[13] = r->root_code;
    if (r->quad_class) snprintf(b[14], 64, "%d", r->quad_class);
    if (r->has_goldstein) snprintf(b[15], 64, "%.1f", r->goldstein);
    if (r->count > 0) snprintf(b[16], 64, "%ld", r->count);
    if (r->num_mentions >= 0) snprintf(b[17], 64, "%ld", r->num_mentions);
    if (r->num_sources >= 0) snprintf(b[18], 64, "%ld", r->num_sources);
    if (r->num_articles >= 0) snprintf(b[19], 64, "%ld", r->num_articles);
    if (r->has_tone) snprintf(b[20], 64, "%.6g", r->avg_tone);
    v[21] = r->location;
    if (r->has_geo) snprintf(b[22], 64, "%.6g", r->lat), snprintf(b[23], 64, "%.6g", r->lon);
    v[24] = r->claims;
    if (r->doc_id) snprintf(b[25], 64, "%lld", r->doc_id);
    if (r->sentence >= 0) snprintf(b[26], 64, "%ld", r->sentence);
    v[27] = r->trigger;
    v[28] = r->source_url[0] ? r->source_url : r->doc_url;
    for (size_t i = 0; i < EV_NCOLS; i++) {
      if (i) fputc(sep, f);
      ask_put_field(f, c->fmt, v[i]);
    }
    fputc('\n', f);
  }
  c->rows++;
  return ferror(f) ? 1 : 0;
}

int cmd_events(int argc, char **argv) {
  static const struct option opts[] = {ASK_COMMON_LONG_OPTIONS,
                                       {"actor", required_argument, 0, 1},
                                       {"source", required_argument, 0, 2},
                                       {"target", required_argument, 0, 3},
                                       {"directed", no_argument, 0, 4},
                                       {"limit", required_argument, 0, 5},
                                       {"count", no_argument, 0, 6},
                                       {"header", no_argument, 0, 7},
                                       {0, 0, 0, 0}};
  ask_opts o;
  ask_opts_init(&o, NULL);
  int ch, count = 0, header = 0;
  parley_event_filter f = parley_event_filter_default();
  char *names[5];
  int which[5]; /* 0 actor, 1 source, 2 target, 3 dyad a, 4 dyad b */
  size_t nn = 0;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
    int r = ask_opts_common(&o, ch, optarg);
    if (r == 2) return 2;
    if (r == 0) continue;
    switch (ch) {
    case 1:
    case 2:
    case 3:
      for (size_t i = 0; i < nn; i++)
        if (which[i] == ch - 1)
          return cli_usage_error("--%s given twice", ch == 1 ? "actor" : ch == 2 ? "source" : "target");
      names[nn] = optarg;
      which[nn++] = ch - 1;
      break;
    case 4: f.directed = 1; break;
    case 5:
      f.limit = atol(optarg);
      if (f.limit <= 0) return cli_usage_error("--limit must be a positive number");
      break;
    case 6: count = 1; break;
    case 7: header = 1; break;
    case 'h': return fputs(cmd_events_usage, stdout), 0;
    default: return 2;
    }
  }
  int npos = argc - optind;
  if (npos > 2) return cli_usage_error("events takes at most two actors (A, or A B for a dyad)");
  if (npos == 1) {
    for (size_t i = 0; i < nn; i++)
      if (which[i] == 0) return cli_usage_error("give the actor either as an argument or with --actor");
    names[nn] = argv[optind];
    which[nn++] = 0;
  } else if (npos == 2) {
    names[nn] = argv[optind];
    which[nn++] = 3;
    names[nn] = argv[optind + 1];
    which[nn++] = 4;
  }
  if (f.directed && npos != 2) return cli_usage_error("--directed needs two actors A B");
  parley_ask *db = NULL;
  int st = finish_common(&o, 1u << ASK_TABLE | 1u << ASK_TSV | 1u << ASK_CSV | 1u << ASK_JSON | 1u << ASK_GDELT, &db);
  if (st) return st;
  f.q = o.q;
  parley_actor_ref refs[5];
  if (nn && (st = ask_resolve(&o, names, nn, refs))) {
    parley_ask_close(db);
    return st;
  }
  for (size_t i = 0; i < nn; i++) {
    if (which[i] == 0)
      f.actor = &refs[i];
    else if (which[i] == 1)
      f.source = &refs[i];
    else if (which[i] == 2)
      f.target = &refs[i];
    else
      f.dyad[which[i] - 3] = &refs[i];
  }
  parley_error err;
  parley_error_clear(&err);
  if (count) {
    long long n = 0;
    if (parley_ask_events_count(db, &f, &n, &err))
      st = cli_report(&err);
    else
      printf("%lld\n", n);
    parley_ask_close(db);
    return st;
  }
  events_ctx c = {o.fmt, 0};
  if (o.fmt == ASK_GDELT && header) printf("%s\n", parley_gdelt2_header());
  if (parley_ask_events(db, &f, print_event, &c, &err))
    st = cli_report(&err);
  else if (o.fmt == ASK_TABLE)
    printf("%s%ld event rows. QC: quad class, GS: Goldstein.\n", c.rows ? "\n" : "", c.rows);
  fflush(stdout);
  if (ferror(stdout)) st = cli_fail("error writing the output");
  parley_ask_close(db);
  return st;
}
