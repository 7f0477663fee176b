/* svg.c — stage 5 (present): the SVG charts of the report and the live page,
 * written by hand from plain arrays: diverging stacked bars (the dyad
 * timeline), a contact strip on a date axis, lines on a fixed scale (the
 * Goldstein trend) and diverging horizontal bars (A's partners). Each chart
 * has a title, a subtitle, axis labels and a legend; every mark carries a
 * <title> with its numbers. Text widths are estimated (CJK characters one
 * em, others about 0.6 em) to place legends and labels without overlaps. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve_internal.h"

#define FONT "'Noto Sans CJK SC','Noto Sans SC','Noto Sans','DejaVu Sans',sans-serif"

/* ---------------------------------------------------------------- helpers */

long svg_day_serial(int day) {
  long y = day / 10000, m = day / 100 % 100, d = day % 100;
  /* days from civil (Howard Hinnant's algorithm) */
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int svg_serial_day(long z) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1;
  long m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
  return (int)(y * 10000 + m * 100 + d);
}

double svg_nice_step(double max, int n) {
  if (!(max > 0) || n < 1) return 1;
  double raw = max / n;
  double p = pow(10, floor(log10(raw)));
  double f = raw / p;
  double step = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  step *= p;
  return step < 1 ? 1 : step; /* counts are whole numbers */
}

/* Estimated width in px of s at font size fs. */
static double text_width(const char *s, double fs) {
  double w = 0;
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    if (*p < 0x80) {
      w += (*p == ' ' ? 0.3 : (*p >= 'A' && *p <= 'Z') ? 0.66 : 0.56) * fs;
      p++;
    } else {
      size_t k = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
      w += (k >= 3 ? 1.0 : 0.6) * fs;
      for (size_t j = 0; j < k && *p; j++)
        p++;
    }
  }
  return w;
}

static void fmt_num(char *out, size_t n, double v) {
  if (fabs(v - round(v)) < 1e-9)
    snprintf(out, n, "%.0f", v);
  else
    snprintf(out, n, "%.2f", v);
}

static void svg_open(pbuf *b, const char *id, double h, const char *title, const char *subtitle) {
  pbuf_printf(b,
              "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"%s\" viewBox=\"0 0 %d %.0f\" "
              "width=\"%d\" height=\"%.0f\" role=\"img\" aria-labelledby=\"%s-t\" font-family=\"%s\" font-size=\"12\">",
              id, SVG_WIDTH, h, SVG_WIDTH, h, id, FONT);
  pbuf_printf(b, "<title id=\"%s-t\">", id);
  pbuf_esc(b, title);
  if (subtitle && *subtitle) {
    pbuf_add(b, " — ");
    pbuf_esc(b, subtitle);
  }
  pbuf_add(b, "</title>");
  pbuf_add(b, "<text class=\"chart-title\" x=\"0\" y=\"18\" font-size=\"16\" font-weight=\"bold\" fill=\"#1d2733\">");
  pbuf_esc(b, title);
  pbuf_add(b, "</text>");
  if (subtitle && *subtitle) {
    pbuf_add(b, "<text class=\"chart-subtitle\" x=\"0\" y=\"37\" font-size=\"12.5\" fill=\"#55606e\">");
    pbuf_esc(b, subtitle);
    pbuf_add(b, "</text>");
  }
}

/* A horizontal legend starting at x, y; returns the x after it. */
static double legend(pbuf *b, double x, double y, size_t n, const char *const *names, const char *const *colors,
                     const char *const *classes, int line) {
  for (size_t i = 0; i < n; i++) {
    pbuf_printf(b, "<g class=\"legend%s%s\">", classes && classes[i] ? " " : "",
                classes && classes[i] ? classes[i] : "");
    if (line)
      pbuf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"/>", x,
                  y - 4, x + 18, y - 4, colors[i]);
    else
      pbuf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" rx=\"2\" fill=\"%s\"/>", x, y - 10,
                  colors[i]);
    double tx = x + (line ? 24 : 17);
    pbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#333\">", tx, y);
    pbuf_esc(b, names[i]);
    pbuf_add(b, "</text></g>");
    x = tx + text_width(names[i], 12) + 18;
  }
  return x;
}

/* Every k-th label of n bands of width bw so that labels do not collide. */
static size_t label_every(const char *const *labels, size_t n, double bw) {
  double w = 0;
  for (size_t i = 0; i < n; i++) {
    double t = text_width(labels[i], 11);
    if (t > w) w = t;
  }
  size_t k = (size_t)ceil((w + 10) / (bw > 0 ? bw : 1));
  return k ? k : 1;
}

static void empty_note(pbuf *b, double x, double y, const char *text) {
  pbuf_printf(b, "<text class=\"empty\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#777\" font-size=\"14\">",
              x, y);
  pbuf_esc(b, text);
  pbuf_add(b, "</text>");
}

/* ------------------------------------------------------ diverging stacked bars */

void svg_write_stack_bars(pbuf *b, const svg_stack_bars *c) {
  const double ml = 70, mr = 16, mt = 78, half = c->down ? 125 : 220, mb = 42;
  const double pw = SVG_WIDTH - ml - mr, h = mt + half * (c->down ? 2 : 1) + mb;
  const double y0 = mt + half; /* the axis */
  svg_open(b, c->id, h, c->title, c->subtitle);
  legend(b, ml, 60, c->n_stack, c->stack_names, c->stack_colors, c->stack_classes, 0);
  double max = 0;
  for (size_t i = 0; i < c->n; i++) {
    double u = 0, d = 0;
    for (size_t k = 0; k < c->n_stack; k++) {
      u += c->up[i * c->n_stack + k];
      if (c->down) d += c->down[i * c->n_stack + k];
    }
    if (u > max) max = u;
    if (d > max) max = d;
  }
  double step = svg_nice_step(max, 4), top = max > 0 ? step * ceil(max / step) : 1;
  if (top < max) top = max;
  double scale = (half - 8) / top;
  /* grid and y axis */
  pbuf_add(b, "<g class=\"axis y\">");
  for (int side = 0; side < (c->down ? 2 : 1); side++) {
    for (double v = step; v <= top + 1e-9; v += step) {
      double y = side ? y0 + v * scale : y0 - v * scale;
      char t[32];
      fmt_num(t, sizeof t, v);
      pbuf_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e6ea\"/>", ml, ml + pw, y, y);
      pbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\" font-size=\"11\">%s</text>", ml - 6,
                  y + 4, t);
    }
  }
  pbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\" font-size=\"11\">0</text>", ml - 6,
              y0 + 4);
  /* the axis titles: with two halves, each half's direction (and the unit) */
  for (int side = 0; side < (c->down ? 2 : 1); side++) {
    const char *dir = side ? c->down_label : c->up_label;
    pbuf_printf(
        b,
        "<text class=\"axis-label dir-label\" transform=\"translate(18 %.1f) rotate(-90)\" text-anchor=\"middle\" "
        "fill=\"#1d2733\" font-weight=\"bold\">",
        c->down ? (side ? y0 + half / 2 : y0 - half / 2) : y0 - half / 2);
    if (dir && c->down) {
      pbuf_add(b, side ? "▼ " : "");
      pbuf_esc(b, dir);
      pbuf_add(b, side ? "" : " ▲");
    } else if (c->y_label) {
      pbuf_esc(b, c->y_label);
    }
    pbuf_add(b, "</text>");
  }
  pbuf_add(b, "</g>");
  /* bars */
  double bw = c->n ? pw / (double)c->n : pw;
  double w = bw * 0.72 < 1 ? (bw < 1 ? bw : 1) : bw * 0.72;
  if (w > 60) w = 60;
  pbuf_add(b, "<g class=\"bars\">");
  for (size_t i = 0; i < c->n; i++) {
    double x = ml + bw * (double)i + (bw - w) / 2;
    for (int side = 0; side < (c->down ? 2 : 1); side++) {
      const double *v = side ? c->down : c->up;
      double acc = 0;
      for (size_t k = 0; k < c->n_stack; k++) {
        double n = v[i * c->n_stack + k];
        if (n <= 0) continue;
        double y = side ? y0 + acc * scale : y0 - (acc + n) * scale;
        char t[32];
        fmt_num(t, sizeof t, n);
        pbuf_printf(b,
                    "<rect class=\"bar %s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"><title>",
                    c->stack_classes[k], x, y, w, n * scale, c->stack_colors[k]);
        pbuf_esc(b, c->labels[i]);
        pbuf_add(b, " · ");
        pbuf_esc(b, side ? c->down_label : c->up_label);
        pbuf_add(b, " · ");
        pbuf_esc(b, c->stack_names[k]);
        pbuf_printf(b, ": %s</title></rect>", t);
        acc += n;
      }
      if (acc > 0 && bw >= 16) {
        char t[32];
        fmt_num(t, sizeof t, acc);
        double y = side ? y0 + acc * scale + 12 : y0 - acc * scale - 4;
        pbuf_printf(b,
                    "<text class=\"bar-total\" x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" font-size=\"10.5\" "
                    "fill=\"#444\">%s</text>",
                    x + w / 2, y, t);
      }
    }
  }
  pbuf_add(b, "</g>");
  pbuf_printf(b, "<line class=\"zero\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>", ml, ml + pw,
              y0, y0);
  /* x labels */
  size_t every = label_every(c->labels, c->n, bw);
  double ly = mt + half * (c->down ? 2 : 1) + 18;
  pbuf_add(b, "<g class=\"axis x\">");
  for (size_t i = 0; i < c->n; i += every) {
    double x = ml + bw * ((double)i + 0.5);
    pbuf_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>", x, x, ly - 16, ly - 11);
    pbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#444\" font-size=\"11\">", x, ly);
    pbuf_esc(b, c->labels[i]);
    pbuf_add(b, "</text>");
  }
  pbuf_add(b, "</g>");
  if (!c->n || max <= 0) empty_note(b, ml + pw / 2, y0 - 20, "没有事件 · no events");
  pbuf_add(b, "</svg>");
}

/* -------------------------------------------------------------- time axis */

typedef struct tick {
  long serial;
  char label[16];
} tick;

/* Ticks between from and to (serial days): days, Mondays, months (every 1, 2,
 * 3 or 6) or years (every 1, 2, 5, 10…), at most max of them. */
static size_t time_ticks(long from, long to, size_t max, tick *out) {
  long span = to - from;
  size_t n = 0;
  if (span <= (long)max) {
    for (long s = from; s <= to && n < max; s++) {
      int d = svg_serial_day(s);
      out[n].serial = s;
      snprintf(out[n++].label, 16, "%02d-%02d", d / 100 % 100, d % 100);
    }
    return n;
  }
  if (span / 7 <= (long)max) {
    long s = from + ((4 - from % 7) + 7) % 7; /* 1970-01-05 was a Monday: serial % 7 == 4 */
    for (; s <= to && n < max; s += 7) {
      int d = svg_serial_day(s);
      out[n].serial = s;
      snprintf(out[n++].label, 16, "%02d-%02d", d / 100 % 100, d % 100);
    }
    return n;
  }
  static const int msteps[] = {1, 2, 3, 6};
  int df = svg_serial_day(from), dt = svg_serial_day(to);
  long months = (long)(dt / 10000 - df / 10000) * 12 + (dt / 100 % 100 - df / 100 % 100);
  for (size_t i = 0; i < 4; i++) {
    int st = msteps[i];
    if (months / st + 1 > (long)max) continue;
    int y = df / 10000, m = df / 100 % 100;
    /* the first month start on or after from, aligned to the step */
    if (df % 100 != 1) {
      if (++m > 12) m = 1, y++;
    }
    while ((m - 1) % st) {
      if (++m > 12) m = 1, y++;
    }
    for (;;) {
      long s = svg_day_serial(y * 10000 + m * 100 + 1);
      if (s > to || n >= max) break;
      out[n].serial = s;
      snprintf(out[n++].label, 16, "%04d-%02d", y, m);
      m += st;
      while (m > 12)
        m -= 12, y++;
    }
    return n;
  }
  int y0 = df / 10000, y1 = dt / 10000;
  int step = 1;
  while ((y1 - y0) / step + 1 > (int)max)
    step = step == 1 ? 2 : step == 2 ? 5 : step * 2;
  int y = df % 10000 == 101 ? y0 : y0 + 1;
  while (y % step)
    y++;
  for (; y <= y1 && n < max; y += step) {
    out[n].serial = svg_day_serial(y * 10000 + 101);
    snprintf(out[n++].label, 16, "%04d", y);
  }
  return n;
}

/* ------------------------------------------------------------ contact strip */

#define STRIP_LANES 6

void svg_write_strip(pbuf *b, const svg_strip *c) {
  const double ml = 24, mr = 24, mt = 78, lane_h = 30, mb = 40;
  const double pw = SVG_WIDTH - ml - mr;
  long from = c->day_from, to = c->day_to;
  if (to <= from) to = from + 1;
  long pad = (to - from) / 40 + 1;
  from -= pad, to += pad;
  double k = pw / (double)(to - from);
  /* lanes: each mark goes to the lowest lane where it (and its label) does not
   * overlap what is already there */
  double lane_end[STRIP_LANES];
  int *lane = calloc(c->n ? c->n : 1, sizeof *lane);
  char *show_label = calloc(c->n ? c->n : 1, 1);
  if (!lane || !show_label) {
    free(lane), free(show_label);
    b->oom = 1;
    return;
  }
  int used = 1;
  for (int i = 0; i < STRIP_LANES; i++)
    lane_end[i] = -1e9;
  /* many contacts: smaller marks of one size, so that the lanes hold them all */
  double r_max = 10, r_base = 5, r_grow = 1.5;
  if (c->n > 60) {
    r_base = pw * STRIP_LANES / ((double)c->n * 2.4);
    r_base = r_base > 5 ? 5 : r_base < 1.5 ? 1.5 : r_base;
    r_max = r_base, r_grow = 0;
  }
  /* labels only where they can be read: not on a strip crowded with marks */
  int labels = c->n <= 40;
  char *label_left = calloc(c->n ? c->n : 1, 1);
  if (!label_left) {
    free(lane), free(show_label);
    b->oom = 1;
    return;
  }
  for (size_t i = 0; i < c->n; i++) {
    const svg_mark *m = &c->marks[i];
    double r = fmin(r_max, r_base + (m->weight > 1 ? log2(m->weight) * r_grow : 0));
    double x = ml + (double)(m->day - from) * k;
    const char *label = labels ? m->label : NULL;
    double lw = label ? text_width(label, 11) + 6 : 0;
    /* the label goes right of the mark, or left of it near the right edge */
    double left = x - r, right = x + r + lw;
    if (label && right > ml + pw + mr - 2) label_left[i] = 1, left = x - r - lw, right = x + r;
    int best = -1;
    for (int l = 0; l < STRIP_LANES && best < 0 && label; l++)
      if (lane_end[l] < left - 2) best = l, show_label[i] = 1, lane_end[l] = right;
    for (int l = 0; l < STRIP_LANES && best < 0; l++)
      if (lane_end[l] < x - r - 2) best = l, lane_end[l] = x + r;
    if (best < 0) {
      best = 0;
      for (int l = 1; l < STRIP_LANES; l++)
        if (lane_end[l] < lane_end[best]) best = l;
      lane_end[best] = x + r;
    }
    lane[i] = best;
    if (best + 1 > used) used = best + 1;
  }
  double ph = lane_h * used + 16;
  double h = mt + ph + mb;
  svg_open(b, c->id, h, c->title, c->subtitle);
  if (c->n_legend) legend(b, ml, 60, c->n_legend, c->legend_names, c->legend_colors, NULL, 0);
  double base = mt + ph; /* the axis line */
  tick ticks[40];
  size_t nt = time_ticks(from, to, (size_t)(pw / 90), ticks);
  pbuf_add(b, "<g class=\"axis x\">");
  for (size_t i = 0; i < nt; i++) {
    double x = ml + (double)(ticks[i].serial - from) * k;
    pbuf_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e6ea\"/>", x, x, mt, base + 5);
    pbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#444\" font-size=\"11\">%s</text>", x,
                base + 19, ticks[i].label);
  }
  pbuf_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>", ml, ml + pw, base, base);
  pbuf_add(b, "</g><g class=\"contacts\">");
  for (size_t i = 0; i < c->n; i++) {
    const svg_mark *m = &c->marks[i];
    double r = fmin(r_max, r_base + (m->weight > 1 ? log2(m->weight) * r_grow : 0));
    double x = ml + (double)(m->day - from) * k;
    double y = base - 8 - lane_h * ((double)lane[i] + 0.5);
    pbuf_printf(b, "<g class=\"contact%s%s\" data-contact=\"%d\" tabindex=\"0\"><title>", m->cls ? " " : "",
                m->cls ? m->cls : "", m->id);
    pbuf_esc(b, m->title);
    pbuf_printf(b,
                "</title><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-opacity=\"0.45\"/>",
                x, x, y + r, base, m->color);
    pbuf_printf(
        b,
        "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"1.5\"/>",
        x, y, r, m->color);
    /* a larger, invisible target for the pointer */
    pbuf_printf(b, "<circle class=\"hit\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"transparent\"/>", x, y, r + 5);
    if (show_label[i]) {
      pbuf_printf(b, "<text class=\"contact-label\" x=\"%.1f\" y=\"%.1f\" fill=\"#222\" font-size=\"11\"%s>",
                  label_left[i] ? x - r - 3 : x + r + 3, y + 4, label_left[i] ? " text-anchor=\"end\"" : "");
      pbuf_esc(b, m->label);
      pbuf_add(b, "</text>");
    }
    pbuf_add(b, "</g>");
  }
  pbuf_add(b, "</g>");
  if (!c->n) empty_note(b, ml + pw / 2, mt + ph / 2, "没有接触 · no contacts");
  pbuf_add(b, "</svg>");
  free(lane);
  free(show_label);
  free(label_left);
}

/* ------------------------------------------------------------------- lines */

void svg_write_lines(pbuf *b, const svg_lines *c) {
  const double ml = 70, mr = 16, mt = 78, ph = 230, mb = 42;
  const double pw = SVG_WIDTH - ml - mr, h = mt + ph + mb;
  double lo = c->y_min, hi = c->y_max > c->y_min ? c->y_max : c->y_min + 1;
  double k = ph / (hi - lo);
#define YOF(v) (mt + (hi - (v)) * k)
  svg_open(b, c->id, h, c->title, c->subtitle);
  const char **names = calloc(c->n_series + 1, sizeof *names), **colors = calloc(c->n_series + 1, sizeof *colors);
  if (!names || !colors) {
    free(names), free(colors);
    b->oom = 1;
    return;
  }
  for (size_t s = 0; s < c->n_series; s++)
    names[s] = c->series[s].name, colors[s] = c->series[s].color;
  legend(b, ml, 60, c->n_series, names, colors, NULL, 1);
  free(names);
  free(colors);
  if (lo < 0 && hi > 0) {
    pbuf_printf(b, "<rect class=\"coop-zone\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#eef7ea\"/>",
                ml, mt, pw, YOF(0) - mt);
    pbuf_printf(b,
                "<rect class=\"conflict-zone\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#fbeeee\"/>",
                ml, YOF(0), pw, mt + ph - YOF(0));
  }
  double step = (hi - lo) <= 4 ? 1 : (hi - lo) <= 10 ? 2 : 5;
  pbuf_add(b, "<g class=\"axis y\">");
  for (double v = ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
    char t[32];
    fmt_num(t, sizeof t, v);
    pbuf_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", ml, ml + pw, YOF(v), YOF(v),
                fabs(v) < 1e-9 ? "#333" : "#dfe3e8");
    pbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\" font-size=\"11\">%s%s</text>", ml - 6,
                YOF(v) + 4, v > 0 ? "+" : "", t);
  }
  if (c->y_label) {
    pbuf_printf(
        b,
        "<text class=\"axis-label\" transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\" fill=\"#333\">",
        mt + ph / 2);
    pbuf_esc(b, c->y_label);
    pbuf_add(b, "</text>");
  }
  pbuf_add(b, "</g>");
  if (c->zero_above) {
    pbuf_printf(
        b, "<text class=\"zone-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#3d7a2a\" font-size=\"11\">",
        ml + pw - 6, mt + 14);
    pbuf_esc(b, c->zero_above);
    pbuf_add(b, "</text>");
  }
  if (c->zero_below) {
    pbuf_printf(b,
                "<text class=\"zone-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#a33\" font-size=\"11\">",
                ml + pw - 6, mt + ph - 6);
    pbuf_esc(b, c->zero_below);
    pbuf_add(b, "</text>");
  }
  double bw = c->n ? pw / (double)c->n : pw;
  int any = 0;
  for (size_t s = 0; s < c->n_series; s++) {
    const svg_line_series *se = &c->series[s];
    pbuf_printf(b, "<g class=\"series %s\">", se->cls ? se->cls : "");
    /* a thin dotted line across periods without a value, so the trend reads as one line */
    pbuf_printf(b,
                "<path class=\"bridge\" fill=\"none\" stroke=\"%s\" stroke-opacity=\"0.55\" stroke-width=\"1.2\" "
                "stroke-dasharray=\"2 4\" d=\"",
                se->color);
    int started = 0;
    for (size_t i = 0; i < c->n; i++) {
      double v = se->v[i];
      if (isnan(v)) continue;
      v = v < lo ? lo : v > hi ? hi : v;
      pbuf_printf(b, "%s%.1f %.1f", started ? " L" : "M", ml + bw * ((double)i + 0.5), YOF(v));
      started = 1;
    }
    pbuf_add(b, "\"/>");
    pbuf_printf(b, "<path class=\"line\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s d=\"", se->color,
                se->bold ? "3" : "1.8", se->dashed ? " stroke-dasharray=\"6 4\"" : "");
    int pen = 0;
    for (size_t i = 0; i < c->n; i++) {
      double v = se->v[i];
      if (isnan(v)) {
        pen = 0;
        continue;
      }
      if (v < lo) v = lo;
      if (v > hi) v = hi;
      pbuf_printf(b, "%s%.1f %.1f", pen ? " L" : (i ? " M" : "M"), ml + bw * ((double)i + 0.5), YOF(v));
      pen = 1;
    }
    pbuf_add(b, "\"/>");
    for (size_t i = 0; i < c->n; i++) {
      double v = se->v[i];
      if (isnan(v)) continue;
      any = 1;
      double vc = v < lo ? lo : v > hi ? hi : v;
      pbuf_printf(b, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\"><title>",
                  ml + bw * ((double)i + 0.5), YOF(vc), se->bold ? "4" : "3", se->color);
      pbuf_esc(b, c->labels[i]);
      pbuf_add(b, " · ");
      pbuf_esc(b, se->name);
      pbuf_printf(b, ": %+.2f</title></circle>", v);
    }
    pbuf_add(b, "</g>");
  }
  size_t every = label_every(c->labels, c->n, bw);
  pbuf_add(b, "<g class=\"axis x\">");
  for (size_t i = 0; i < c->n; i += every) {
    double x = ml + bw * ((double)i + 0.5);
    pbuf_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>", x, x, mt + ph,
                mt + ph + 5);
    pbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#444\" font-size=\"11\">", x,
                mt + ph + 18);
    pbuf_esc(b, c->labels[i]);
    pbuf_add(b, "</text>");
  }
  pbuf_add(b, "</g>");
  if (!any) empty_note(b, ml + pw / 2, mt + ph / 2 - 20, "没有戈尔茨坦值 · no Goldstein values");
  pbuf_add(b, "</svg>");
#undef YOF
}

/* ---------------------------------------------------- diverging horizontal bars */

void svg_write_hbars(pbuf *b, const svg_hbars *c) {
  const double mt = 84, row = 34, mb = 30, label_w = 230, note_w = 300;
  const double h = mt + row * (double)(c->n ? c->n : 1) + mb;
  const double pw = SVG_WIDTH - label_w - note_w, cx = label_w + pw / 2;
  svg_open(b, c->id, h, c->title, c->subtitle);
  const char *names[2] = {c->left_name, c->right_name}, *colors[2] = {c->left_color, c->right_color};
  const char *classes[2] = {"left", "right"};
  legend(b, label_w, 62, 2, names, colors, classes, 0);
  double max = 0;
  for (size_t i = 0; i < c->n; i++)
    max = fmax(max, fmax(c->rows[i].left, c->rows[i].right));
  double step = svg_nice_step(max, 3), top = max > 0 ? step * ceil(max / step) : 1;
  double k = (pw / 2 - 28) / top;
  double bottom = mt + row * (double)(c->n ? c->n : 1);
  pbuf_add(b, "<g class=\"axis x\">");
  for (double v = 0; v <= top + 1e-9; v += step) {
    for (int side = 0; side < (v > 0 ? 2 : 1); side++) {
      double x = side ? cx - v * k : cx + v * k;
      char t[32];
      fmt_num(t, sizeof t, v);
      pbuf_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", x, x, mt - 6, bottom,
                  v == 0 ? "#333" : "#e3e6ea");
      pbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#555\" font-size=\"11\">%s</text>", x,
                  bottom + 15, t);
    }
  }
  pbuf_add(b, "</g>");
  for (size_t i = 0; i < c->n; i++) {
    const svg_hbar_row *r = &c->rows[i];
    double y = mt + row * (double)i, bh = row - 12;
    pbuf_add(b, "<g class=\"partner\">");
    pbuf_printf(
        b,
        "<text class=\"partner-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#1d2733\" font-size=\"12.5\">",
        label_w - 12, y + bh / 2 + 4);
    pbuf_esc_cut(b, r->label, 28);
    pbuf_add(b, "</text>");
    for (int side = 0; side < 2; side++) {
      double v = side ? r->right : r->left;
      double w = v * k;
      double x = side ? cx : cx - w;
      char t[32];
      fmt_num(t, sizeof t, v);
      if (v > 0) {
        pbuf_printf(b,
                    "<rect class=\"bar %s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"><title>",
                    side ? "right" : "left", x, y, w, bh, side ? c->right_color : c->left_color);
        pbuf_esc(b, r->label);
        pbuf_add(b, " · ");
        pbuf_esc(b, side ? c->right_name : c->left_name);
        pbuf_printf(b, ": %s</title></rect>", t);
      }
      pbuf_printf(
          b, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"#333\" font-size=\"11\">%s</text>",
          side ? cx + w + 4 : cx - w - 4, y + bh / 2 + 4, side ? "start" : "end", t);
    }
    if (r->note) {
      pbuf_printf(b, "<text class=\"note\" x=\"%.1f\" y=\"%.1f\" fill=\"#444\" font-size=\"11.5\">", label_w + pw + 14,
                  y + bh / 2 + 4);
      pbuf_esc(b, r->note);
      pbuf_add(b, "</text>");
    }
    pbuf_add(b, "</g>");
  }
  if (!c->n) empty_note(b, cx, mt + 20, "没有伙伴 · no partners");
  pbuf_add(b, "</svg>");
}
