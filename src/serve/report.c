/* report.c — stage 5 (present): `parley report A B` as one self-contained
 * HTML file, and the same <main> element for the live page of `parley serve`.
 *
 * Sections: key figures; the dyad timeline (svg_write_stack_bars); the
 * contact strip (svg_write_strip, one mark per contact day, with a hidden
 * block per mark that the page script shows on hover: the events, their
 * evidence sentences and source documents); the Goldstein trend
 * (svg_write_lines); A's partners (svg_write_hbars); the contested events
 * with every actor's stance, evidence and sources; the commands that give
 * the same numbers. CSS and script come from web/ (embedded at build time);
 * nothing is fetched when the file is viewed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/parley.h"
#include "serve/serve_internal.h"

static const char *const QUAD_NAMES[5] = {"未知 Unknown", "言语合作 Verbal cooperation",
                                          "物质合作 Material cooperation", "言语冲突 Verbal conflict",
                                          "物质冲突 Material conflict"};
static const char *const QUAD_CLASSES[5] = {"q0", "q1", "q2", "q3", "q4"};
static const char *const QUAD_COLORS[5] = {"#9aa3ad", "#7cc46a", "#2a7f3b", "#f0a04b", "#c9303e"};

parley_report_request parley_report_request_default(void) {
  parley_report_request r;
  memset(&r, 0, sizeof r);
  r.q = parley_query_default();
  r.auto_by = 1;
  return r;
}

static void day_text(int day, char out[11]) {
  if (day)
    snprintf(out, 11, "%04d-%02d-%02d", day / 10000 % 10000, day / 100 % 100, day % 100);
  else
    snprintf(out, 11, "–");
}

/* "USA (United States)" */
static void actor_text(pbuf *b, const parley_actor_ref *r, const char *name) {
  pbuf_esc(b, r->code);
  if (name && *name && strcmp(name, r->code)) {
    pbuf_add(b, " (");
    pbuf_esc(b, name);
    pbuf_add(b, ")");
  } else if (strcmp(r->input, r->code)) {
    pbuf_add(b, " (");
    pbuf_esc(b, r->input);
    pbuf_add(b, ")");
  }
}

static const char *period_zh(parley_period p) {
  static const char *zh[] = {"日", "周", "月", "季度", "年", "全部"};
  return (unsigned)p < 6 ? zh[p] : "";
}

/* ------------------------------------------------------------------ header */

static void figure(pbuf *b, const char *label, const char *value, const char *note) {
  pbuf_add(b, "<div class=\"figure\"><div class=\"figure-value\">");
  pbuf_esc(b, value);
  pbuf_add(b, "</div><div class=\"figure-label\">");
  pbuf_esc(b, label);
  pbuf_add(b, "</div>");
  if (note && *note) {
    pbuf_add(b, "<div class=\"figure-note\">");
    pbuf_esc(b, note);
    pbuf_add(b, "</div>");
  }
  pbuf_add(b, "</div>");
}

static void write_header(pbuf *b, const rp_data *d, const parley_report_request *req) {
  char f[11], t[11], v[64], n[160];
  day_text(d->range_from, f);
  day_text(d->range_to, t);
  pbuf_add(b, "<header class=\"report-header\"><h1>");
  if (req->title && *req->title)
    pbuf_esc(b, req->title);
  else {
    actor_text(b, &d->a, d->a_name);
    pbuf_add(b, " ⇄ ");
    actor_text(b, &d->b, d->b_name);
  }
  pbuf_add(b, "</h1><p class=\"subtitle\">双边关系报告 · Dyad report, ");
  pbuf_printf(b, "%s – %s", f, t);
  pbuf_printf(b, " · 按%s计 by %s · %s</p>", period_zh(d->q.by), parley_period_name(d->q.by),
              d->q.unit == PARLEY_UNIT_MENTIONS ? "报道数 mentions" : "事件数 events (deduplicated)");
  pbuf_add(b, "<div class=\"figures\">");
  const parley_rhythm *rh = d->rhythm;
  char df[11], dl[11];
  day_text(rh->n_days ? rh->days[0] : 0, df);
  day_text(rh->n_days ? rh->days[rh->n_days - 1] : 0, dl);
  snprintf(v, sizeof v, "%zu", rh->n_days);
  snprintf(n, sizeof n, "%s … %s", df, dl);
  figure(b, "接触日 contact days", v, n);
  const parley_tally *tot = d->dyad->total;
  snprintf(v, sizeof v, "%ld", tot[PARLEY_BOTH].events);
  snprintf(n, sizeof n, "%s→%s %ld · %s→%s %ld", d->a.code, d->b.code, tot[PARLEY_AB].events, d->b.code, d->a.code,
           tot[PARLEY_BA].events);
  figure(b, "事件 events", v, n);
  double gm = parley_tally_goldstein_mean(&tot[PARLEY_BOTH]);
  if (isnan(gm))
    snprintf(v, sizeof v, "–");
  else
    snprintf(v, sizeof v, "%+.2f", gm);
  figure(b, "平均戈尔茨坦值 mean Goldstein", v, "−10 冲突 conflict … +10 合作 cooperation");
  if (isnan(rh->gaps.median))
    snprintf(v, sizeof v, "–");
  else
    snprintf(v, sizeof v, "%.0f", rh->gaps.median);
  if (isnan(rh->gaps.burstiness))
    snprintf(n, sizeof n, "burstiness –");
  else
    snprintf(n, sizeof n, "burstiness B = %+.2f (%s)", rh->gaps.burstiness,
             rh->n_segments ? rh->segments[rh->n_segments - 1].pattern : "");
  figure(b, "间隔中位数(天) median gap (days)", v, n);
  snprintf(v, sizeof v, "%zu", d->n_claims);
  figure(b, "争议事件 contested events", v, "否认或质疑 denied or doubted");
  pbuf_add(b, "</div></header>");
}

/* --------------------------------------------------------------- timeline */

static void write_timeline(pbuf *b, const rp_data *d) {
  const parley_dyad *dy = d->dyad;
  size_t n = dy->n_periods;
  int unknown = dy->total[PARLEY_BOTH].quad[0] > 0;
  size_t ns = unknown ? 5 : 4, off = unknown ? 0 : 1;
  const char **labels = calloc(n ? n : 1, sizeof *labels);
  double *up = calloc((n ? n : 1) * ns, sizeof *up), *down = calloc((n ? n : 1) * ns, sizeof *down);
  if (!labels || !up || !down) {
    free(labels), free(up), free(down);
    b->oom = 1;
    return;
  }
  for (size_t i = 0; i < n; i++) {
    labels[i] = dy->periods[i].label;
    for (size_t k = 0; k < ns; k++) {
      up[i * ns + k] = (double)dy->periods[i].dir[PARLEY_AB].quad[k + off];
      down[i * ns + k] = (double)dy->periods[i].dir[PARLEY_BA].quad[k + off];
    }
  }
  char up_l[80], down_l[80], sub[256];
  snprintf(up_l, sizeof up_l, "%s → %s", d->a.code, d->b.code);
  snprintf(down_l, sizeof down_l, "%s → %s", d->b.code, d->a.code);
  snprintf(sub, sizeof sub,
           "每%s事件数，按四类（quad class）堆叠 · events per %s, stacked by quad class; %s above, %s below",
           period_zh(d->q.by), parley_period_name(d->q.by), up_l, down_l);
  svg_stack_bars c = {.id = "chart-timeline",
                      .title = "事件时间线 · Dyad timeline",
                      .subtitle = sub,
                      .n = n,
                      .labels = labels,
                      .n_stack = ns,
                      .stack_names = QUAD_NAMES + off,
                      .stack_classes = QUAD_CLASSES + off,
                      .stack_colors = QUAD_COLORS + off,
                      .up = up,
                      .down = down,
                      .up_label = up_l,
                      .down_label = down_l,
                      .y_label = d->q.unit == PARLEY_UNIT_MENTIONS ? "报道 mentions" : "事件 events"};
  pbuf_add(b, "<section class=\"chart-section\" id=\"timeline\">");
  svg_write_stack_bars(b, &c);
  pbuf_add(b, "</section>");
  free(labels), free(up), free(down);
}

/* ---------------------------------------------------------------- contacts */

static int dominant_quad(const rp_contact *k) {
  int best = 0;
  for (int q = 1; q <= 4; q++)
    if (k->quad[q] && k->quad[q] >= k->quad[best]) best = q;
  return best;
}

static void event_line_text(pbuf *b, const rp_event *e) {
  pbuf_add(b, e->source);
  pbuf_add(b, e->both ? " ⇄ " : " → ");
  pbuf_add(b, e->target);
  pbuf_add(b, " ");
  pbuf_add(b, e->code);
  if (e->name) {
    pbuf_add(b, " ");
    pbuf_add(b, e->name);
  }
}

static void write_contact_tip(pbuf *b, const rp_contact *k, size_t idx) {
  char day[11];
  day_text(k->day, day);
  pbuf_printf(b,
              "<div class=\"tip-body\" id=\"tip-contact-%zu\" data-contact=\"%zu\"><div class=\"tip-date\">%s · %ld "
              "%s</div><ul>",
              idx, idx, day, k->events, k->events == 1 ? "event" : "events");
  for (size_t i = 0; i < k->n_ev; i++) {
    const rp_event *e = &k->ev[i];
    pbuf_printf(b,
                "<li class=\"%s\"><div class=\"tip-event\"><span class=\"swatch\" style=\"background:%s\"></span><b>",
                QUAD_CLASSES[e->quad], QUAD_COLORS[e->quad]);
    pbuf_esc(b, e->source);
    pbuf_add(b, e->both ? " ⇄ " : " → ");
    pbuf_esc(b, e->target);
    pbuf_add(b, "</b> ");
    pbuf_esc(b, e->code);
    if (e->name) {
      pbuf_add(b, " ");
      pbuf_esc(b, e->name);
    }
    if (e->has_gs) pbuf_printf(b, " <span class=\"gs\">(%+.1f)</span>", e->gs);
    if (e->location) {
      pbuf_add(b, " · ");
      pbuf_esc(b, e->location);
    }
    pbuf_add(b, "</div>");
    if (e->evidence) {
      pbuf_add(b, "<div class=\"tip-evidence\">“");
      pbuf_esc_cut(b, e->evidence, 180);
      pbuf_add(b, "”</div>");
    } else if (e->trigger) {
      pbuf_add(b, "<div class=\"tip-evidence\">");
      pbuf_esc_cut(b, e->trigger, 120);
      pbuf_add(b, "</div>");
    }
    if (e->claims) {
      pbuf_add(b, "<div class=\"tip-claims\">声明 claims: ");
      pbuf_esc(b, e->claims);
      pbuf_add(b, "</div>");
    }
    if (e->document || e->url) {
      pbuf_add(b, "<div class=\"tip-source\">来源 source: ");
      if (e->document) pbuf_esc_cut(b, e->document, 200);
      if (e->url) {
        pbuf_add(b, e->document ? " · " : "");
        pbuf_esc_cut(b, e->url, 120);
      }
      pbuf_add(b, "</div>");
    }
    pbuf_add(b, "</li>");
  }
  if (k->n_more) pbuf_printf(b, "<li class=\"more\">+%zu more</li>", k->n_more);
  pbuf_add(b, "</ul></div>");
}

static void write_contacts(pbuf *b, const rp_data *d) {
  size_t n = d->n_contacts;
  svg_mark *marks = calloc(n ? n : 1, sizeof *marks);
  char **labels = calloc(n ? n : 1, sizeof *labels), **titles = calloc(n ? n : 1, sizeof *titles);
  if (!marks || !labels || !titles) {
    free(marks), free(labels), free(titles);
    b->oom = 1;
    return;
  }
  for (size_t i = 0; i < n; i++) {
    const rp_contact *k = &d->contacts[i];
    char day[11];
    day_text(k->day, day);
    pbuf l, t;
    pbuf_init(&l);
    pbuf_init(&t);
    pbuf_addn(&l, day + 5, 5);
    const rp_event *first = k->n_ev ? &k->ev[0] : NULL;
    /* the label: the place named, */
    const char *hint = NULL;
    for (size_t j = 0; j < k->n_ev && !hint; j++)
      hint = k->ev[j].location;
    /* else the trigger words of the most specific event (041 "通话" rather than 040 "联系") */
    const rp_event *spec = first;
    for (size_t j = 0; j < k->n_ev; j++)
      if (k->ev[j].trigger && spec && strlen(k->ev[j].code) >= 3 && k->ev[j].code[strlen(k->ev[j].code) - 1] != '0' &&
          !(strlen(spec->code) >= 3 && spec->code[strlen(spec->code) - 1] != '0'))
        spec = &k->ev[j];
    if (!hint && spec) hint = spec->trigger;
    if (hint) {
      pbuf_add(&l, " ");
      size_t cut = 0, cps = 0;
      while (hint[cut] && cps < 8) {
        unsigned char ch = (unsigned char)hint[cut];
        cut += ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : ch >= 0xC0 ? 2 : 1;
        cps++;
      }
      if (cut > strlen(hint)) cut = strlen(hint);
      pbuf_addn(&l, hint, cut);
      if (hint[cut]) pbuf_add(&l, "…");
    }
    pbuf_printf(&t, "%s: %ld %s", day, k->events, k->events == 1 ? "event" : "events");
    for (size_t j = 0; j < k->n_ev && j < 3; j++) {
      pbuf_add(&t, "\n");
      event_line_text(&t, &k->ev[j]);
    }
    if (first && first->evidence) {
      pbuf_add(&t, "\n“");
      size_t cps = 0, cut = 0;
      while (first->evidence[cut] && cps < 120) {
        unsigned char ch = (unsigned char)first->evidence[cut];
        cut += ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : ch >= 0xC0 ? 2 : 1;
        cps++;
      }
      if (cut > strlen(first->evidence)) cut = strlen(first->evidence);
      pbuf_addn(&t, first->evidence, cut);
      pbuf_add(&t, first->evidence[cut] ? "…”" : "”");
    }
    if (first && (first->document || first->url)) {
      pbuf_add(&t, "\n来源 source: ");
      pbuf_add(&t, first->document ? first->document : first->url);
    }
    labels[i] = pbuf_take(&l, NULL);
    titles[i] = pbuf_take(&t, NULL);
    int q = dominant_quad(k);
    marks[i].day = svg_day_serial(k->day);
    marks[i].label = labels[i];
    marks[i].title = titles[i] ? titles[i] : "";
    marks[i].color = QUAD_COLORS[q];
    marks[i].cls = QUAD_CLASSES[q];
    marks[i].weight = (double)k->events;
    marks[i].id = (int)i;
  }
  char sub[300];
  snprintf(sub, sizeof sub,
           "每个标记为一个接触日（双向），悬停查看事件、证据句和来源 · one mark per day of contact (either direction); "
           "hover or focus a mark for its events, evidence and source");
  const char *legend_names[4] = {QUAD_NAMES[1], QUAD_NAMES[2], QUAD_NAMES[3], QUAD_NAMES[4]};
  const char *legend_colors[4] = {QUAD_COLORS[1], QUAD_COLORS[2], QUAD_COLORS[3], QUAD_COLORS[4]};
  svg_strip c = {.id = "chart-contacts",
                 .title = "接触 · Contacts",
                 .subtitle = sub,
                 .day_from = svg_day_serial(d->range_from ? d->range_from : 19700101),
                 .day_to = svg_day_serial(d->range_to ? d->range_to : 19700101),
                 .marks = marks,
                 .n = n,
                 .n_legend = 4,
                 .legend_names = legend_names,
                 .legend_colors = legend_colors};
  pbuf_add(b, "<section class=\"chart-section\" id=\"contacts\">");
  svg_write_strip(b, &c);
  pbuf_add(b, "<div class=\"tips\" hidden>");
  for (size_t i = 0; i < n; i++)
    write_contact_tip(b, &d->contacts[i], i);
  pbuf_add(b, "</div></section>");
  for (size_t i = 0; i < n; i++)
    free(labels[i]), free(titles[i]);
  free(marks), free(labels), free(titles);
}

/* ---------------------------------------------------------------- Goldstein */

static void write_goldstein(pbuf *b, const rp_data *d) {
  const parley_dyad *dy = d->dyad;
  size_t n = dy->n_periods;
  const char **labels = calloc(n ? n : 1, sizeof *labels);
  double *v = calloc((n ? n : 1) * 3, sizeof *v);
  if (!labels || !v) {
    free(labels), free(v);
    b->oom = 1;
    return;
  }
  for (size_t i = 0; i < n; i++) {
    labels[i] = dy->periods[i].label;
    v[i] = parley_tally_goldstein_mean(&dy->periods[i].dir[PARLEY_BOTH]);
    v[n + i] = parley_tally_goldstein_mean(&dy->periods[i].dir[PARLEY_AB]);
    v[2 * n + i] = parley_tally_goldstein_mean(&dy->periods[i].dir[PARLEY_BA]);
  }
  char ab[80], ba[80], sub[256];
  snprintf(ab, sizeof ab, "%s → %s", d->a.code, d->b.code);
  snprintf(ba, sizeof ba, "%s → %s", d->b.code, d->a.code);
  svg_line_series s[3] = {{"双向 both directions", "#1d2733", "both", v, 0, 1},
                          {ab, "#2f6db5", "ab", v + n, 1, 0},
                          {ba, "#b5512f", "ba", v + 2 * n, 1, 0}};
  snprintf(sub, sizeof sub,
           "每%s平均戈尔茨坦值，−10 冲突 … +10 合作；无事件的%s留空 · mean Goldstein value per %s; gaps: no events",
           period_zh(d->q.by), period_zh(d->q.by), parley_period_name(d->q.by));
  svg_lines c = {.id = "chart-goldstein",
                 .title = "合作–冲突趋势 · Goldstein trend",
                 .subtitle = sub,
                 .n = n,
                 .labels = labels,
                 .series = s,
                 .n_series = 3,
                 .y_min = -10,
                 .y_max = 10,
                 .y_label = "戈尔茨坦值 Goldstein",
                 .zero_above = "合作 cooperation",
                 .zero_below = "冲突 conflict"};
  pbuf_add(b, "<section class=\"chart-section\" id=\"goldstein\">");
  svg_write_lines(b, &c);
  pbuf_add(b, "</section>");
  free(labels), free(v);
}

/* ---------------------------------------------------------------- partners */

static void write_compare(pbuf *b, const rp_data *d) {
  const parley_compare *cm = d->compare;
  size_t n = cm ? cm->n_partners : 0;
  svg_hbar_row *rows = calloc(n ? n : 1, sizeof *rows);
  char(*lab)[200] = calloc(n ? n : 1, sizeof *lab), (*note)[160] = calloc(n ? n : 1, sizeof *note);
  if (!rows || !lab || !note) {
    free(rows), free(lab), free(note);
    b->oom = 1;
    return;
  }
  long first = n ? cm->dyads[0]->total[PARLEY_BOTH].events : 0;
  for (size_t i = 0; i < n; i++) {
    const parley_dyad *dy = cm->dyads[i];
    const parley_tally *t = dy->total;
    const char *nm = d->partner_names[i];
    if (*nm && strcmp(nm, dy->b.code))
      snprintf(lab[i], sizeof lab[i], "%s %s", dy->b.code, nm);
    else if (strcmp(dy->b.input, dy->b.code))
      snprintf(lab[i], sizeof lab[i], "%s %s", dy->b.code, dy->b.input);
    else
      snprintf(lab[i], sizeof lab[i], "%s", dy->b.code);
    int l = snprintf(note[i], sizeof note[i], "%ld total", t[PARLEY_BOTH].events);
    if (t[PARLEY_BA].events && l > 0)
      l += snprintf(note[i] + l, sizeof note[i] - (size_t)l, " · out/in %.2f",
                    (double)t[PARLEY_AB].events / (double)t[PARLEY_BA].events);
    if (i && t[PARLEY_BOTH].events && l > 0 && (size_t)l < sizeof note[i])
      snprintf(note[i] + l, sizeof note[i] - (size_t)l, " · %s÷this %.2f", cm->dyads[0]->b.code,
               (double)first / (double)t[PARLEY_BOTH].events);
    rows[i].label = lab[i];
    rows[i].left = (double)t[PARLEY_BA].events;
    rows[i].right = (double)t[PARLEY_AB].events;
    rows[i].note = note[i];
  }
  char ln[80], rn[80], title[160], sub[300];
  snprintf(ln, sizeof ln, "伙伴 → %s partner → %s", d->a.code, d->a.code);
  snprintf(rn, sizeof rn, "%s → 伙伴 %s → partner", d->a.code, d->a.code);
  snprintf(title, sizeof title, "%s 的伙伴 · %s's partners", d->a.code, d->a.code);
  snprintf(
      sub, sizeof sub,
      "同一时段内与每个伙伴的事件，左为来向、右为去向；out/in = 去向÷来向 · events with each partner over the same "
      "span; out/in = %s→P ÷ P→%s",
      d->a.code, d->a.code);
  svg_hbars c = {.id = "chart-compare",
                 .title = title,
                 .subtitle = sub,
                 .rows = rows,
                 .n = n,
                 .left_name = ln,
                 .right_name = rn,
                 .left_color = "#e3a73c",
                 .right_color = "#3a6fb0"};
  pbuf_add(b, "<section class=\"chart-section\" id=\"compare\">");
  svg_write_hbars(b, &c);
  pbuf_add(b, "</section>");
  free(rows), free(lab), free(note);
}

/* ------------------------------------------------------------------ claims */

static const char *stance_zh(const char *s) {
  if (!strcmp(s, "asserts")) return "断言";
  if (!strcmp(s, "denies")) return "否认";
  if (!strcmp(s, "doubts")) return "质疑";
  return "";
}

static void write_claims(pbuf *b, const rp_data *d, const parley_dict *dict) {
  pbuf_add(
      b, "<section class=\"table-section\" id=\"claims\"><h2>争议事件 · Contested events</h2>"
         "<p class=\"section-note\">有人否认或质疑的事件，以及每个行为体的立场、证据句和来源 · events somebody denied "
         "or doubted, with every actor's stance, the evidence sentence and the sources</p>");
  if (!d->n_claims) {
    pbuf_add(b, "<p class=\"empty\">没有争议事件 · no contested events</p></section>");
    return;
  }
  pbuf_add(b, "<table class=\"claims\"><thead><tr><th>日期 Date</th><th>事件 Event</th><th>行为体 Actor</th>"
              "<th>立场 Stance</th><th>证据 Evidence</th><th>来源 Sources</th></tr></thead><tbody>");
  for (size_t i = 0; i < d->n_claims; i++) {
    const parley_contested *e = d->claims[i];
    size_t rows = e->n_claims ? e->n_claims : 1;
    char day[11], end[11];
    day_text(e->day, day);
    pbuf_printf(b, "<tr class=\"claim-event\" data-event=\"%lld\"><td rowspan=\"%zu\" class=\"date\">%s", e->event_id,
                rows, day);
    if (e->day_end && e->day_end != e->day) {
      day_text(e->day_end, end);
      pbuf_printf(b, "<br>… %s", end);
    }
    pbuf_printf(b, "</td><td rowspan=\"%zu\" class=\"event\"><b>", rows);
    pbuf_esc(b, e->source_code[0] ? e->source_code : "?");
    pbuf_add(b, " → ");
    pbuf_esc(b, e->target_code[0] ? e->target_code : "?");
    pbuf_add(b, "</b> ");
    pbuf_esc(b, e->event_code);
    const parley_cameo *cm = dict ? parley_dict_cameo(dict, e->event_code) : NULL;
    if (cm) {
      pbuf_add(b, " ");
      pbuf_esc(b, cm->name);
    }
    pbuf_printf(b, " <span class=\"gs\">(%+.1f)</span>", e->goldstein);
    if (e->evidence) {
      pbuf_add(b, "<div class=\"evidence\">“");
      pbuf_esc(b, e->evidence);
      pbuf_add(b, "”</div>");
    }
    pbuf_add(b, "</td>");
    for (size_t k = 0; k < rows; k++) {
      if (k) pbuf_add(b, "<tr class=\"claim-more\">");
      if (e->n_claims) {
        const parley_claim_row *r = &e->claims[k];
        pbuf_add(b, "<td class=\"actor\">");
        pbuf_esc(b, r->actor_code);
        if (r->actor_name[0]) {
          pbuf_add(b, "<br><small>");
          pbuf_esc(b, r->actor_name);
          pbuf_add(b, "</small>");
        }
        pbuf_printf(b, "</td><td class=\"stance\"><span class=\"stance-badge %s\">%s %s</span>", r->stance,
                    stance_zh(r->stance), r->stance);
        if (r->cue) {
          pbuf_add(b, "<br><small>“");
          pbuf_esc(b, r->cue);
          pbuf_add(b, "”</small>");
        }
        pbuf_add(b, "</td><td class=\"evidence\">");
        pbuf_esc(b, r->evidence ? r->evidence : "");
        pbuf_add(b, "</td>");
      } else {
        pbuf_add(b, "<td></td><td></td><td></td>");
      }
      if (!k) {
        pbuf_printf(b, "<td rowspan=\"%zu\" class=\"sources\">", rows);
        for (size_t j = 0; j < e->n_docs; j++) {
          const parley_claim_doc *doc = &e->docs[j];
          pbuf_add(b, "<div class=\"doc\"><b>");
          pbuf_esc(b, doc->title ? doc->title : doc->key ? doc->key : doc->source ? doc->source : "?");
          pbuf_add(b, "</b>");
          if (doc->source && doc->title) {
            pbuf_add(b, " · ");
            pbuf_esc(b, doc->source);
          }
          if (doc->date) {
            pbuf_add(b, " · ");
            pbuf_esc(b, doc->date);
          }
          if (doc->url) {
            pbuf_add(b, "<br><span class=\"url\">");
            pbuf_esc(b, doc->url);
            pbuf_add(b, "</span>");
          }
          if (doc->n_refs) {
            pbuf_add(b, "<ul class=\"refs\">");
            for (size_t r = 0; r < doc->n_refs; r++) {
              pbuf_add(b, "<li>");
              pbuf_esc(b, doc->refs[r].outlet ? doc->refs[r].outlet : "");
              if (doc->refs[r].date) {
                pbuf_add(b, " ");
                pbuf_esc(b, doc->refs[r].date);
              }
              if (doc->refs[r].headline) {
                pbuf_add(b, " ");
                pbuf_esc(b, doc->refs[r].headline);
              }
              pbuf_add(b, "</li>");
            }
            pbuf_add(b, "</ul>");
          }
          pbuf_add(b, "</div>");
        }
        pbuf_add(b, "</td>");
      }
      pbuf_add(b, "</tr>");
    }
  }
  pbuf_add(b, "</tbody></table></section>");
}

/* ------------------------------------------------------------------ footer */

static void query_args(pbuf *b, const rp_data *d) {
  char t[11];
  if (d->q.day_from) day_text(d->q.day_from, t), pbuf_printf(b, " --from %s", t);
  if (d->q.day_to) day_text(d->q.day_to, t), pbuf_printf(b, " --to %s", t);
  if (d->q.unit == PARLEY_UNIT_MENTIONS) pbuf_add(b, " --unit mentions");
  if (d->q.event_code) pbuf_printf(b, " --code %s", d->q.event_code);
  if (d->q.quad_class) pbuf_printf(b, " --quad %d", d->q.quad_class);
  if (d->q.origin) pbuf_printf(b, " --origin %s", d->q.origin);
}

static void write_footer(pbuf *b, const rp_data *d) {
  pbuf l;
  pbuf_init(&l);
  pbuf_printf(&l, "parley dyad %s %s --by %s --fill", d->a.code, d->b.code, parley_period_name(d->q.by));
  query_args(&l, d);
  pbuf_printf(&l, "\nparley rhythm %s %s", d->a.code, d->b.code);
  query_args(&l, d);
  if (d->compare) {
    pbuf_printf(&l, "\nparley compare %s", d->a.code);
    for (size_t i = 0; i < d->compare->n_partners; i++)
      pbuf_printf(&l, " %s", d->compare->dyads[i]->b.code);
    query_args(&l, d);
  }
  pbuf_printf(&l, "\nparley claims %s", d->a.code);
  query_args(&l, d);
  pbuf_printf(&l, "; parley claims %s", d->b.code);
  query_args(&l, d);
  pbuf_add(b, "<footer class=\"report-footer\"><p>由 parley " PARLEY_VERSION
              " 生成；同样的数字可由以下命令得到 · made by parley " PARLEY_VERSION
              "; the same numbers come from:</p><pre>");
  if (l.s) pbuf_esc(b, l.s);
  pbuf_add(b, "</pre></footer>");
  pbuf_free(&l);
}

/* -------------------------------------------------------------------- all */

int parley_report_html(parley_ask *ask, const parley_dict *dict, const parley_report_request *req, char **html,
                       size_t *len, parley_error *err) {
  *html = NULL;
  if (len) *len = 0;
  rp_data d;
  int rc = rp_gather(ask, parley_ask_store(ask), dict, req, &d, err);
  if (rc) {
    rp_free(&d);
    return rc;
  }
  pbuf b;
  pbuf_init(&b);
  if (!req->fragment) {
    pbuf_add(&b, "<!DOCTYPE html>\n<html lang=\"zh-Hans\"><head><meta charset=\"utf-8\">"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                 "<meta name=\"generator\" content=\"parley " PARLEY_VERSION "\"><title>");
    if (req->title && *req->title)
      pbuf_esc(&b, req->title);
    else
      pbuf_printf(&b, "parley report: %s ⇄ %s", d.a.code, d.b.code);
    pbuf_add(&b, "</title><style>\n");
    pbuf_add(&b, parley_web_report_css);
    pbuf_add(&b, "</style></head><body>\n");
  }
  pbuf_printf(&b, "<main class=\"parley-report\" data-a=\"");
  pbuf_esc(&b, d.a.code);
  pbuf_add(&b, "\" data-b=\"");
  pbuf_esc(&b, d.b.code);
  pbuf_printf(&b, "\" data-contacts=\"%zu\">", d.n_contacts);
  write_header(&b, &d, req);
  write_timeline(&b, &d);
  write_contacts(&b, &d);
  write_goldstein(&b, &d);
  write_compare(&b, &d);
  write_claims(&b, &d, dict);
  write_footer(&b, &d);
  pbuf_add(&b, "</main>\n");
  if (!req->fragment) {
    pbuf_add(&b, "<div id=\"parley-tip\" role=\"tooltip\" hidden></div>\n<script>\n");
    pbuf_add(&b, parley_web_report_js);
    pbuf_add(&b, "</script>\n</body></html>\n");
  }
  rp_free(&d);
  size_t n = 0;
  char *s = pbuf_take(&b, &n);
  if (!s) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory writing the report");
  *html = s;
  if (len) *len = n;
  return PARLEY_OK;
}
