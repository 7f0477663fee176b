/* bench_code.c — coder throughput and memory, Chinese and English.
 *
 * Builds a JSON Lines corpus of SIZE MB per language from the project's own
 * texts (the example article and the sentences of tests/data/coding/),
 * then, in this one process, runs a baseline pass (read + sentence split
 * only) and the full coder over the same file, streaming. Reports
 * sentences/s, MB/s, the coder's cost as a ratio to the baseline, and the
 * peak resident memory after a small and after the full corpus (a flat
 * ratio means the coder streams).
 *
 * Usage: bench_code [--mb SIZE] [--src DIR] [--tmp DIR]   (default 100 MB, ./, /tmp) */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "parley/parley.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

typedef struct texts {
  char **v;
  size_t n;
} texts;

static void add_text(texts *t, const char *s) {
  t->v = realloc(t->v, (t->n + 1) * sizeof *t->v);
  t->v[t->n++] = strdup(s);
}

static void load_tsv(texts *t, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return;
  char *line = NULL;
  size_t cap = 0;
  int header = 1;
  while (getline(&line, &cap, f) > 0) {
    if (line[0] == '#') continue;
    if (header) {
      header = 0;
      continue;
    }
    char *a = strchr(line, '\t');
    if (!a) continue;
    char *b = strchr(a + 1, '\t');
    if (!b) continue;
    char *c = strchr(b + 1, '\t');
    if (!c) continue;
    *c = '\0';
    add_text(t, b + 1);
  }
  free(line);
  fclose(f);
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  if (fread(s, 1, (size_t)n, f) != (size_t)n) n = 0;
  s[n] = '\0';
  fclose(f);
  return s;
}

/* Writes a JSONL corpus of about mb megabytes; returns the byte count. */
static size_t make_corpus(const texts *t, const char *path, size_t mb, const char *lang) {
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "bench: cannot write %s: %s (does the --tmp folder exist?)\n", path, strerror(errno));
    exit(2);
  }
  size_t bytes = 0, i = 0;
  while (bytes < mb * 1000000) {
    /* documents of ~8 texts each, as news articles are */
    json_t *o = json_object();
    char id[64];
    snprintf(id, sizeof id, "%s-%zu", lang, i);
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "date", json_string("2025-12-30"));
    json_object_set_new(o, "lang", json_string(lang));
    size_t len = 0;
    char *body = NULL;
    for (int k = 0; k < 8; k++) {
      const char *s = t->v[(i * 8 + (size_t)k) % t->n];
      size_t sl = strlen(s);
      body = realloc(body, len + sl + 2);
      memcpy(body + len, s, sl);
      len += sl;
      body[len++] = '\n';
    }
    json_object_set_new(o, "text", json_stringn(body, len));
    free(body);
    char *line = json_dumps(o, JSON_COMPACT);
    bytes += strlen(line) + 1;
    fputs(line, f);
    fputc('\n', f);
    free(line);
    json_decref(o);
    i++;
  }
  fclose(f);
  return bytes;
}

typedef struct pass {
  double secs;
  size_t docs, sentences, events, bytes;
} pass;

static pass run(const char *path, parley_coder *coder) {
  pass p = {0};
  parley_error err;
  parley_error_clear(&err);
  parley_read_options ro = parley_read_default_options();
  parley_reader *r = NULL;
  double t0 = now();
  if (parley_reader_open(path, &ro, &r, &err)) {
    fprintf(stderr, "bench: %s\n", err.message);
    exit(1);
  }
  parley_doc *doc;
  int rc;
  while ((rc = parley_reader_next(r, &doc, &err)) != 0) {
    if (rc < 0) continue;
    p.docs++;
    p.bytes += doc->text_len;
    if (coder) {
      parley_events ev;
      if (parley_code_doc(coder, doc, &ev, &err) == 0) {
        p.events += ev.count;
        parley_events_free(&ev);
      }
    } else {
      parley_sentence *s = NULL;
      size_t n = 0;
      if (parley_doc_sentences(doc, &s, &n, &err) == 0) p.sentences += n;
      free(s);
    }
    parley_doc_free(doc);
  }
  parley_reader_close(r);
  p.secs = now() - t0;
  if (coder) {
    parley_code_stats st;
    parley_code_stats_get(coder, &st);
    p.sentences = st.sentences;
  }
  return p;
}

int main(int argc, char **argv) {
  size_t mb = 100;
  const char *src = ".", *tmp = "/tmp";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--mb"))
      mb = (size_t)atol(argv[i + 1]);
    else if (!strcmp(argv[i], "--src"))
      src = argv[i + 1];
    else if (!strcmp(argv[i], "--tmp"))
      tmp = argv[i + 1];
  }
  char path[4096];
  snprintf(path, sizeof path, "%s/dict", src);
  parley_error err;
  parley_error_clear(&err);
  parley_dict *dict = NULL;
  if (parley_dict_open(path, &dict, &err)) {
    char b[2048];
    fprintf(stderr, "bench: %s\n", parley_error_format(&err, b, sizeof b));
    return 1;
  }
  const char *langs[2] = {"zh", "en"};
  printf("parley coder benchmark: %zu MB per language, one core\n\n", mb);
  printf("%-4s %8s %10s %12s %9s %14s %9s %12s %12s %9s\n", "lang", "MB", "sentences", "sentences/s", "MB/s", "events",
         "vs read", "peak 1/10 KB", "peak all KB", "mem ratio");
  for (int l = 0; l < 2; l++) {
    texts t = {0};
    if (l == 0) {
      snprintf(path, sizeof path, "%s/examples/zh-dense-diplomacy-2025.txt", src);
      char *ex = slurp(path);
      if (ex) {
        /* the article's paragraphs, one text each */
        for (char *p = strtok(ex, "\n"); p; p = strtok(NULL, "\n"))
          if (strlen(p) > 30) add_text(&t, p);
        free(ex);
      }
      snprintf(path, sizeof path, "%s/tests/data/coding/zh-real.tsv", src);
      load_tsv(&t, path);
    } else {
      snprintf(path, sizeof path, "%s/tests/data/coding/en-synthetic.tsv", src);
      load_tsv(&t, path);
      snprintf(path, sizeof path, "%s/tests/data/coding/en-real.tsv", src);
      load_tsv(&t, path);
    }
    if (t.n == 0) {
      fprintf(stderr, "bench: no %s texts found under %s\n", langs[l], src);
      return 1;
    }
    char small[4096], big[4096];
    snprintf(small, sizeof small, "%s/parley-bench-%s-small.jsonl", tmp, langs[l]);
    snprintf(big, sizeof big, "%s/parley-bench-%s.jsonl", tmp, langs[l]);
    make_corpus(&t, small, mb / 10 ? mb / 10 : 1, langs[l]);
    size_t bytes = make_corpus(&t, big, mb, langs[l]);
    parley_coder *coder = NULL;
    parley_coder_open(dict, NULL, &coder, &err);
    run(small, coder);
    long peak_small = peak_kb();
    pass base = run(big, NULL);
    parley_coder_close(coder);
    coder = NULL;
    parley_coder_open(dict, NULL, &coder, &err);
    pass full = run(big, coder);
    long peak_big = peak_kb();
    parley_coder_close(coder);
    printf("%-4s %8.1f %10zu %12.0f %9.2f %14zu %8.2fx %12ld %12ld %9.2f\n", langs[l], (double)bytes / 1e6,
           full.sentences, (double)full.sentences / full.secs, (double)full.bytes / 1e6 / full.secs, full.events,
           full.secs / base.secs, peak_small, peak_big, (double)peak_big / (double)peak_small);
    remove(small);
    remove(big);
    for (size_t i = 0; i < t.n; i++)
      free(t.v[i]);
    free(t.v);
  }
  printf("\n'vs read': coder time / read+split time on the same file (the baseline, same process).\n"
         "'mem ratio': peak RSS after the full corpus / after a corpus 1/10 its size (1.0 = flat).\n");
  parley_dict_close(dict);
  return 0;
}
