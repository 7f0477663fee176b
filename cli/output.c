/* output.c — the parley command: event output formats. */
#include "output.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

struct cli_output {
  cli_output_format fmt;
  FILE *f;
  const parley_dict *dict;
  long rows;
};

int cli_output_parse(const char *name, cli_output_format *out) {
  if (!strcmp(name, "jsonl") || !strcmp(name, "json"))
    *out = CLI_JSONL;
  else if (!strcmp(name, "tsv"))
    *out = CLI_TSV;
  else if (!strcmp(name, "table"))
    *out = CLI_TABLE;
  else
    return -1;
  return 0;
}

int cli_display_width(const char *s, size_t len) {
  int w = 0;
  size_t i = 0;
  while (i < len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
    if (n <= 0) {
      i++;
      w++;
      continue;
    }
    int cw = utf8proc_charwidth(cp);
    w += cw < 0 ? 0 : cw;
    i += (size_t)n;
  }
  return w;
}

void cli_print_cell(FILE *f, const char *s, int width) {
  size_t len = strlen(s);
  int w = 0;
  size_t i = 0;
  int full = cli_display_width(s, len);
  int limit = full > width ? width - 1 : width;
  while (i < len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
    if (n <= 0) break;
    int cw = utf8proc_charwidth(cp);
    if (cw < 0) cw = 0;
    if (cp == '\n' || cp == '\t' || cp == '\r') cp = ' ', cw = 1;
    if (w + cw > limit) break;
    if (cp == ' ')
      fputc(' ', f);
    else
      fwrite(s + i, 1, (size_t)n, f);
    w += cw;
    i += (size_t)n;
  }
  if (full > width) {
    fputs("…", f);
    w++;
  }
  for (; w < width; w++)
    fputc(' ', f);
}

void cli_print_tsv_field(FILE *f, const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    fputc(c == '\t' || c == '\n' || c == '\r' ? ' ' : c, f);
  }
}

cli_output *cli_output_open(cli_output_format fmt, FILE *f, const parley_dict *dict) {
  cli_output *o = calloc(1, sizeof *o);
  if (!o) return NULL;
  o->fmt = fmt;
  o->f = f;
  o->dict = dict;
  if (fmt == CLI_TSV)
    fputs("id\tdoc_id\tsentence\tspan_start\tspan_end\tdate\tdate_end\tdate_basis\tsource_code\tsource_country\t"
          "source_name\ttarget_code\ttarget_country\ttarget_name\tevent_code\troot_code\tquad_class\tgoldstein\t"
          "count\tclaims\tlocation\ttrigger\tevidence\n",
          f);
  return o;
}

static void claims_text(const parley_event *e, char *buf, size_t n) {
  size_t l = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < e->n_claims && l < n; i++)
    l += (size_t)snprintf(buf + l, n - l, "%s%s:%s", i ? "," : "", e->claims[i].actor.code,
                          parley_stance_name(e->claims[i].stance));
}

void cli_output_event(cli_output *o, const parley_event *e, const parley_doc *doc) {
  if (!o) return;
  FILE *f = o->f;
  if (o->fmt == CLI_JSONL) {
    char *s = parley_event_to_json(e, doc, o->dict);
    if (s) {
      fputs(s, f);
      fputc('\n', f);
      free(s);
    }
    return;
  }
  char claims[512];
  claims_text(e, claims, sizeof claims);
  const char *ev = doc->text + e->evidence.start;
  size_t evlen = e->evidence.end - e->evidence.start;
  if (o->fmt == CLI_TSV) {
    fprintf(f, "%s\t%s\t%ld\t%zu\t%zu\t%s\t%s\t%s\t", e->id, e->doc_id ? e->doc_id : "", e->sentence, e->span.start,
            e->span.end, e->date, e->date_end, parley_date_basis_name(e->date_basis));
    fprintf(f, "%s\t%s\t", e->source.code, e->source.country);
    cli_print_tsv_field(f, e->source.name, strlen(e->source.name));
    fprintf(f, "\t%s\t%s\t", e->target.code, e->target.country);
    cli_print_tsv_field(f, e->target.name, strlen(e->target.name));
    fprintf(f, "\t%s\t%s\t%d\t%.1f\t", e->event_code, e->root_code, e->quad_class, e->goldstein);
    if (e->count) fprintf(f, "%ld", e->count);
    fprintf(f, "\t%s\t", claims);
    cli_print_tsv_field(f, e->location, strlen(e->location));
    fputc('\t', f);
    cli_print_tsv_field(f, e->trigger, strlen(e->trigger));
    fputc('\t', f);
    cli_print_tsv_field(f, ev, evlen);
    fputc('\n', f);
    return;
  }
  /* table */
  if (o->rows++ == 0) {
    cli_print_cell(f, "DATE", 23);
    cli_print_cell(f, "SOURCE", 12);
    cli_print_cell(f, "TARGET", 12);
    cli_print_cell(f, "EVENT", 34);
    cli_print_cell(f, "GS", 6);
    cli_print_cell(f, "CLAIMS", 26);
    fputs("EVIDENCE\n", f);
  }
  char date[32];
  snprintf(date, sizeof date, "%s%s%s", e->date[0] ? e->date : "?", e->date_end[0] ? ".." : "",
           e->date_end[0] ? e->date_end + 5 : "");
  char dcell[48];
  snprintf(dcell, sizeof dcell, "%s %c", date, parley_date_basis_name(e->date_basis)[0]);
  cli_print_cell(f, dcell, 23);
  cli_print_cell(f, e->source.code, 12);
  cli_print_cell(f, e->target.code, 12);
  const parley_cameo *c = o->dict ? parley_dict_cameo(o->dict, e->event_code) : NULL;
  char evc[160];
  snprintf(evc, sizeof evc, "%s %s%s", e->event_code, c ? c->name : "", e->count ? " ×" : "");
  if (e->count) snprintf(evc + strlen(evc), sizeof evc - strlen(evc), "%ld", e->count);
  cli_print_cell(f, evc, 34);
  char gs[16];
  snprintf(gs, sizeof gs, "%+.1f", e->goldstein);
  cli_print_cell(f, gs, 6);
  cli_print_cell(f, claims[0] ? claims : "-", 26);
  /* the trigger's surroundings: up to ~60 columns of the sentence */
  char *evs = malloc(evlen + 1);
  if (evs) {
    memcpy(evs, ev, evlen);
    evs[evlen] = '\0';
    cli_print_cell(f, evs, 70);
    free(evs);
  }
  fputc('\n', f);
}

void cli_output_close(cli_output *o) {
  if (!o) return;
  if (o->fmt == CLI_TABLE && o->rows)
    fprintf(o->f, "\n%ld events. Date basis: e explicit, r relative, c carried, d document. GS: Goldstein.\n", o->rows);
  fflush(o->f);
  free(o);
}
