/* serve_internal.h — stage 5 (present), internal: what `parley report` and
 * `parley serve` share. A growable text buffer with HTML/XML escaping, the
 * SVG chart writer (svg.c: four chart kinds drawn from plain arrays, so that
 * they can be tested without a database), the report's data (report_data.c:
 * everything one dyad report shows, gathered through the ask API and, for
 * evidence sentences and source documents, through the documented schema),
 * and the web assets embedded at build time from web/ (web/web.cmake). */
#ifndef PARLEY_SERVE_INTERNAL_H
#define PARLEY_SERVE_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include "parley/ask.h"
#include "parley/report.h"
#include "parley/store.h"

/* --- Text buffer ---------------------------------------------------------- */

typedef struct pbuf {
  char *s; /* always NUL-terminated once anything was added */
  size_t len, cap;
  int oom; /* an allocation failed: the content is incomplete */
} pbuf;

void pbuf_init(pbuf *b);
void pbuf_free(pbuf *b);
void pbuf_addn(pbuf *b, const char *s, size_t n);
void pbuf_add(pbuf *b, const char *s);
void pbuf_printf(pbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s with & < > " ' escaped (text and attribute values of HTML, XML, SVG). */
void pbuf_esc(pbuf *b, const char *s);
void pbuf_escn(pbuf *b, const char *s, size_t n);
/* Like pbuf_esc, but at most max code points, with "…" when cut. */
void pbuf_esc_cut(pbuf *b, const char *s, size_t max);
/* Hands the text over (caller frees); the buffer is empty afterwards. NULL on oom. */
char *pbuf_take(pbuf *b, size_t *len);

/* Number of UTF-8 code points of s (invalid bytes count one each). */
size_t utf8_count(const char *s);
/* 1 if s[0..n) is valid UTF-8 without NUL bytes. */
int utf8_valid(const char *s, size_t n);

/* --- SVG charts ----------------------------------------------------------- */

/* Every chart is an <svg> element with viewBox 0 0 width height, scaled to
 * the page width by CSS; coordinates are in CSS pixels at 1:1 on a 1280 px
 * wide window. Marks carry a <title> (the browser's hover text) and classes
 * that tests and the page's script look for:
 *   .bar     a bar segment          .contact  a contact mark (g, data-contact=N)
 *   .point   a point of a line      .line     a line (path)
 *   .legend  a legend entry         .axis     an axis (g) */

#define SVG_WIDTH 1160

typedef struct svg_stack_bars {
  const char *id, *title, *subtitle;
  size_t n;                         /* periods (x categories) */
  const char *const *labels;        /* n period labels */
  size_t n_stack;                   /* stacked categories */
  const char *const *stack_names;   /* legend text of each category */
  const char *const *stack_classes; /* CSS class of each (q1..q4) */
  const char *const *stack_colors;
  const double *up;                  /* n * n_stack, drawn above the axis */
  const double *down;                /* n * n_stack, drawn below it; NULL: none */
  const char *up_label, *down_label; /* "USA → RUS" */
  const char *y_label;
} svg_stack_bars;

typedef struct svg_mark {
  long day;          /* days since 1970-01-01 */
  const char *label; /* short text drawn beside the mark, or NULL */
  const char *title; /* hover text */
  const char *color;
  const char *cls; /* extra CSS class, or NULL */
  double weight;   /* >= 1: the mark's size grows with it */
  int id;          /* data-contact */
} svg_mark;

typedef struct svg_strip {
  const char *id, *title, *subtitle;
  long day_from, day_to; /* the axis, days since 1970-01-01 */
  const svg_mark *marks; /* ascending by day */
  size_t n;
  size_t n_legend;
  const char *const *legend_names, *const *legend_colors;
} svg_strip;

typedef struct svg_line_series {
  const char *name, *color, *cls;
  const double *v; /* n values; NaN: no value (the line breaks) */
  int dashed, bold;
} svg_line_series;

typedef struct svg_lines {
  const char *id, *title, *subtitle;
  size_t n;
  const char *const *labels;
  const svg_line_series *series;
  size_t n_series;
  double y_min, y_max; /* fixed domain */
  const char *y_label;
  const char *zero_above, *zero_below; /* notes written above and below y = 0, or NULL */
} svg_lines;

typedef struct svg_hbar_row {
  const char *label;  /* the partner */
  double left, right; /* P→A drawn to the left, A→P to the right */
  const char *note;   /* written after the bars (ratios), or NULL */
} svg_hbar_row;

typedef struct svg_hbars {
  const char *id, *title, *subtitle;
  const svg_hbar_row *rows;
  size_t n;
  const char *left_name, *right_name, *left_color, *right_color;
} svg_hbars;

void svg_write_stack_bars(pbuf *b, const svg_stack_bars *c);
void svg_write_strip(pbuf *b, const svg_strip *c);
void svg_write_lines(pbuf *b, const svg_lines *c);
void svg_write_hbars(pbuf *b, const svg_hbars *c);

/* A "nice" axis step (1, 2 or 5 times a power of ten) giving about n ticks up to max. */
double svg_nice_step(double max, int n);
/* Days since 1970-01-01 for YYYYMMDD and back. */
long svg_day_serial(int day);
int svg_serial_day(long serial);

/* --- The report's data ------------------------------------------------------ */

typedef struct rp_event { /* one event (group) of a contact day */
  int day;
  char source[32], target[32], code[8];
  int quad;
  int has_gs;
  double gs;
  int both;       /* the same event was coded in both directions (A ⇄ B) */
  char *name;     /* CAMEO name of the code, or NULL */
  char *trigger;  /* words that triggered it, or NULL */
  char *evidence; /* the sentence, or NULL */
  char *document; /* "title · outlet · date", or NULL */
  char *url;      /* document or record URL, or NULL */
  char *claims;   /* "RUSGOV:asserts,UKR:denies" or NULL */
  char *location; /* a place named with it, or NULL */
  long long doc_id, group_id;
  long sentence;
} rp_event;

typedef struct rp_contact {
  int day;      /* YYYYMMDD */
  long events;  /* in the query's unit, from the rhythm */
  rp_event *ev; /* the events listed for it (at most RP_MAX_LISTED) */
  size_t n_ev, n_more;
  long quad[5]; /* events by quad class among the rows read */
  double gs_sum;
  long gs_n;
} rp_contact;

#define RP_MAX_LISTED 8

typedef struct rp_data {
  parley_actor_ref a, b;
  char a_name[128], b_name[128];
  parley_query q;           /* the query of the dyad (period chosen) */
  int range_from, range_to; /* the axis, YYYYMMDD */
  parley_dyad *dyad;        /* filled periods */
  parley_rhythm *rhythm;
  rp_contact *contacts; /* one per rhythm day */
  size_t n_contacts;
  parley_compare *compare; /* A with B and the others */
  char (*partner_names)[128];
  parley_claims *claims_a, *claims_b;
  const parley_contested **claims; /* merged, by day, without repeats */
  size_t n_claims;
} rp_data;

int rp_gather(parley_ask *ask, parley_store *db, const parley_dict *dict, const parley_report_request *req,
              rp_data *out, parley_error *err);
void rp_free(rp_data *d);

/* Resolves names[0..n) like the ask commands (cli/cmd_ask.c): the dictionary is
 * used for every actor when one of them is not a code (rp_is_code), for none
 * otherwise; people at day_to (YYYYMMDD, 0: today). Holds rp_dict_lock. */
int rp_resolve_all(const parley_dict *dict, const char *const *names, size_t n, int day_to, parley_actor_ref *out,
                   parley_error *err);
int rp_is_code(const char *s);
/* One lock for every use of the dictionary's normaliser (resolving names). */
void rp_dict_lock(void);
void rp_dict_unlock(void);

/* The JSON of GET /api/actors?q= (actors.c): at most limit matches. */
char *rp_actors_json(const parley_dict *d, parley_store *db, const char *q, size_t limit, int day_to);

/* The dictionaries' English display name of an actor code (actors, not people), or NULL. */
const char *rp_dict_actor_name(const parley_dict *d, const char *code);
/* A Chinese name the dictionaries give an actor code, or NULL. */
const char *rp_dict_actor_zh(const parley_dict *d, const char *code);

/* Display name of an actor code: "法国 France" from the dictionaries, else the
 * name the database's actors table gives it, else "". */
void rp_actor_name(parley_store *db, const parley_dict *dict, const char *code, char *out, size_t size);

/* --- Web assets (generated from web/ at build time) ------------------------ */

extern const char parley_web_page_html[];
extern const char parley_web_report_css[];
extern const char parley_web_report_js[];
extern const char parley_web_app_js[];

#endif
