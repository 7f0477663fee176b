/* rhythm.c — stage 4 (ask): `parley rhythm A B`, the timing of a dyad's contacts.
 *
 * Contact days are the distinct days with at least one event in either
 * direction; gaps are the days between consecutive contact days. For the
 * gaps: min/median/max, mean μ, standard deviation σ (population) and the
 * Goh–Barabási burstiness B = (σ−μ)/(σ+μ): −1 perfectly regular, 0 random
 * (Poisson), towards +1 bursty. Change points split the gap series where its
 * level shifts: binary segmentation of the log gaps, each split chosen to
 * minimise the within-segment squared error and kept only when the gain
 * exceeds a BIC-style penalty (docs/cli.md "rhythm"). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ask/ask_internal.h"

static int cmp_double(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return a < b ? -1 : a > b;
}

void parley_gap_stats_compute(const double *gaps, size_t n, parley_gap_stats *out) {
  memset(out, 0, sizeof *out);
  out->n = (long)n;
  out->min = out->median = out->max = out->mean = out->sd = out->burstiness = NAN;
  if (!n) return;
  double *s = malloc(n * sizeof *s);
  if (!s) return;
  memcpy(s, gaps, n * sizeof *s);
  qsort(s, n, sizeof *s, cmp_double);
  out->min = s[0];
  out->max = s[n - 1];
  out->median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  double sum = 0;
  for (size_t i = 0; i < n; i++)
    sum += s[i];
  out->mean = sum / (double)n;
  double ss = 0;
  for (size_t i = 0; i < n; i++)
    ss += (s[i] - out->mean) * (s[i] - out->mean);
  out->sd = sqrt(ss / (double)n);
  if (n >= 2 && out->sd + out->mean > 0) out->burstiness = (out->sd - out->mean) / (out->sd + out->mean);
  free(s);
}

/* Sum of squared deviations of x[s..e) via prefix sums. */
static double sse(const double *c1, const double *c2, size_t s, size_t e) {
  double n = (double)(e - s), m = c1[e] - c1[s];
  double v = (c2[e] - c2[s]) - m * m / n;
  return v > 0 ? v : 0;
}

typedef struct seg_ctx {
  const double *c1, *c2;
  size_t min_seg;
  double penalty, sigma2;
  size_t *out, max, n;
} seg_ctx;

static void segment(seg_ctx *c, size_t s, size_t e) {
  if (e - s < 2 * c->min_seg || c->n >= c->max) return;
  double whole = sse(c->c1, c->c2, s, e), best = 0;
  size_t bk = 0;
  for (size_t k = s + c->min_seg; k + c->min_seg <= e; k++) {
    double gain = whole - sse(c->c1, c->c2, s, k) - sse(c->c1, c->c2, k, e);
    if (gain > best) best = gain, bk = k;
  }
  if (!bk || best / c->sigma2 <= c->penalty) return;
  segment(c, s, bk);
  if (c->n < c->max) c->out[c->n++] = bk;
  segment(c, bk, e);
}

static int cmp_size(const void *x, const void *y) {
  size_t a = *(const size_t *)x, b = *(const size_t *)y;
  return a < b ? -1 : a > b;
}

size_t parley_change_points(const double *gaps, size_t n, size_t min_seg, size_t *out, size_t max) {
  if (min_seg < 2) min_seg = 2;
  if (n < 2 * min_seg || !max) return 0;
  double *x = malloc(n * sizeof *x), *c1 = malloc((n + 1) * sizeof *c1), *c2 = malloc((n + 1) * sizeof *c2);
  double *d = malloc(n * sizeof *d);
  size_t found = 0;
  if (x && c1 && c2 && d) {
    c1[0] = c2[0] = 0;
    for (size_t i = 0; i < n; i++) {
      x[i] = log(gaps[i] > 1 ? gaps[i] : 1);
      c1[i + 1] = c1[i] + x[i];
      c2[i + 1] = c2[i] + x[i] * x[i];
    }
    /* noise level from successive differences (robust to level shifts):
     * σ ≈ median |x_i − x_{i−1}| / (0.6745·√2), floored so that equal gaps
     * do not make every wobble a change */
    for (size_t i = 1; i < n; i++)
      d[i - 1] = fabs(x[i] - x[i - 1]);
    qsort(d, n - 1, sizeof *d, cmp_double);
    double med = (n - 1) % 2 ? d[(n - 1) / 2] : (d[(n - 1) / 2 - 1] + d[(n - 1) / 2]) / 2;
    double sigma = med / (0.6745 * sqrt(2.0));
    if (sigma < 0.25) sigma = 0.25;
    seg_ctx c = {c1, c2, min_seg, 3.0 * log((double)n), sigma * sigma, out, max, 0};
    segment(&c, 0, n);
    found = c.n;
    qsort(out, found, sizeof *out, cmp_size);
  }
  free(x);
  free(c1);
  free(c2);
  free(d);
  return found;
}

static const char *pattern_of(const parley_gap_stats *g) {
  if (g->n < 2 || isnan(g->burstiness)) return "unknown";
  if (g->burstiness > 0.1) return "clustered";
  if (g->burstiness < -0.1) return "steady";
  return "random";
}

int parley_ask_rhythm(parley_ask *a, const parley_actor_ref *x, const parley_actor_ref *y, const parley_query *q,
                      parley_rhythm **out, parley_error *err) {
  *out = NULL;
  ask_daily *rows = NULL;
  size_t n = 0;
  int rc = ask_fetch_daily(a, x, y, q, &rows, &n, err);
  if (rc) return rc;
  parley_rhythm *r = calloc(1, sizeof *r);
  double *gaps = NULL;
  size_t *cps = NULL;
  if (!r) goto oom;
  r->a = *x;
  r->b = *y;
  r->q = *q;
  r->days = malloc((n ? n : 1) * sizeof *r->days);
  r->per_day = malloc((n ? n : 1) * sizeof *r->per_day);
  if (!r->days || !r->per_day) goto oom;
  for (size_t i = 0; i < n; i++) {
    if (!r->n_days || r->days[r->n_days - 1] != rows[i].day) {
      r->days[r->n_days] = rows[i].day;
      r->per_day[r->n_days++] = 0;
    }
    r->per_day[r->n_days - 1] += rows[i].n;
  }
  size_t ng = r->n_days ? r->n_days - 1 : 0;
  gaps = malloc((ng ? ng : 1) * sizeof *gaps);
  cps = malloc((ng ? ng : 1) * sizeof *cps);
  if (!gaps || !cps) goto oom;
  for (size_t i = 0; i < ng; i++)
    gaps[i] = (double)(ask_day_serial(r->days[i + 1]) - ask_day_serial(r->days[i]));
  parley_gap_stats_compute(gaps, ng, &r->gaps);
  size_t ncp = parley_change_points(gaps, ng, 3, cps, ng);
  if (r->n_days) {
    r->segments = calloc(ncp + 1, sizeof *r->segments);
    if (!r->segments) goto oom;
    size_t start = 0; /* gap index */
    for (size_t s = 0; s <= ncp; s++) {
      size_t end = s < ncp ? cps[s] : ng; /* gaps [start, end) */
      parley_rhythm_segment *sg = &r->segments[r->n_segments++];
      /* gaps [start, end) join contact days start .. end */
      sg->day_first = r->days[start];
      sg->day_last = r->days[end];
      sg->contacts = (long)(end - start + 1);
      parley_gap_stats_compute(gaps + start, end - start, &sg->gaps);
      sg->pattern = pattern_of(&sg->gaps);
      start = end;
    }
  }
  free(rows);
  free(gaps);
  free(cps);
  *out = r;
  return PARLEY_OK;
oom:
  free(rows);
  free(gaps);
  free(cps);
  parley_rhythm_free(r);
  return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
}

void parley_rhythm_free(parley_rhythm *r) {
  if (!r) return;
  free(r->days);
  free(r->per_day);
  free(r->segments);
  free(r);
}

static json_t *gaps_json(const parley_gap_stats *g) {
  json_t *o = json_object();
  json_object_set_new(o, "n", json_integer(g->n));
  json_object_set_new(o, "min", ask_real_json(g->min));
  json_object_set_new(o, "median", ask_real_json(g->median));
  json_object_set_new(o, "max", ask_real_json(g->max));
  json_object_set_new(o, "mean", ask_real_json(g->mean));
  json_object_set_new(o, "sd", ask_real_json(g->sd));
  json_object_set_new(o, "burstiness", ask_real_json(g->burstiness));
  return o;
}

char *parley_rhythm_to_json(const parley_rhythm *r) {
  json_t *o = json_object();
  json_object_set_new(o, "query", ask_query_json(&r->q));
  json_object_set_new(o, "a", ask_actor_ref_json(&r->a));
  json_object_set_new(o, "b", ask_actor_ref_json(&r->b));
  json_object_set_new(o, "contacts", json_integer((json_int_t)r->n_days));
  json_object_set_new(o, "first", ask_day_json(r->n_days ? r->days[0] : 0));
  json_object_set_new(o, "last", ask_day_json(r->n_days ? r->days[r->n_days - 1] : 0));
  json_object_set_new(o, "gaps", gaps_json(&r->gaps));
  json_t *days = json_array();
  for (size_t i = 0; i < r->n_days; i++) {
    json_t *d = json_object();
    json_object_set_new(d, "date", ask_day_json(r->days[i]));
    json_object_set_new(d, "events", json_integer(r->per_day[i]));
    json_object_set_new(d, "gap",
                        i ? json_integer(ask_day_serial(r->days[i]) - ask_day_serial(r->days[i - 1])) : json_null());
    json_array_append_new(days, d);
  }
  json_object_set_new(o, "days", days);
  json_t *segs = json_array(), *cps = json_array();
  for (size_t i = 0; i < r->n_segments; i++) {
    const parley_rhythm_segment *s = &r->segments[i];
    json_t *x = json_object();
    json_object_set_new(x, "from", ask_day_json(s->day_first));
    json_object_set_new(x, "to", ask_day_json(s->day_last));
    json_object_set_new(x, "contacts", json_integer(s->contacts));
    json_object_set_new(x, "gaps", gaps_json(&s->gaps));
    json_object_set_new(x, "pattern", json_string(s->pattern));
    json_array_append_new(segs, x);
    if (i) {
      const parley_rhythm_segment *p = &r->segments[i - 1];
      json_t *c = json_object();
      json_object_set_new(c, "date", ask_day_json(s->day_first));
      json_object_set_new(c, "before", json_string(p->pattern));
      json_object_set_new(c, "after", json_string(s->pattern));
      json_object_set_new(c, "gap_mean_before", ask_real_json(p->gaps.mean));
      json_object_set_new(c, "gap_mean_after", ask_real_json(s->gaps.mean));
      json_object_set_new(c, "burstiness_before", ask_real_json(p->gaps.burstiness));
      json_object_set_new(c, "burstiness_after", ask_real_json(s->gaps.burstiness));
      json_array_append_new(cps, c);
    }
  }
  json_object_set_new(o, "segments", segs);
  json_object_set_new(o, "change_points", cps);
  return ask_json_dump(o);
}
