/* parley/report.h — stage 5, present: one dyad as a self-contained HTML report.
 *
 * `parley report A B` and the live page of `parley serve` draw the same
 * charts, written as SVG by parley itself (no script library, no network
 * fetch at view time): the dyad timeline (events per period stacked by quad
 * class, A→B above the axis, B→A below), the contact strip (one mark per day
 * of contact, hover for the events, evidence sentence and source document),
 * the Goldstein trend, A's contacts with each partner (asymmetry), and the
 * table of contested events with every actor's stance, evidence and sources.
 * Labels are in Chinese and English. The numbers are those of the ask stage
 * (parley/ask.h): the report calls the same functions as `parley dyad`,
 * `rhythm`, `compare`, `partners` and `claims`. */
#ifndef PARLEY_REPORT_H
#define PARLEY_REPORT_H

#include <stddef.h>

#include "parley/ask.h"
#include "parley/code.h"
#include "parley/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_report_request {
  const char *a, *b;     /* the dyad: codes or names in either language */
  const char *const *vs; /* partners of A for the comparison chart besides B; */
  size_t n_vs;           /* none: A's top partners by contacts */
  parley_query q;        /* dates, code, quad class, origin, unit; q.by unless auto_by */
  int auto_by;           /* choose the period from the span shown (day … year) */
  const char *title;     /* NULL: "A ⇄ B" */
  int fragment;          /* 1: only the <main> element, for the live page */
} parley_report_request;

/* A request with the defaults: auto_by, the query defaults. */
parley_report_request parley_report_request_default(void);

/* Writes the report of req into *html (malloc'ed, NUL-terminated, *len bytes
 * without the NUL). ask is the database (SQLite or PostgreSQL; the evidence
 * sentences and source documents are read from its store through the schema
 * of src/store/schema.sql); dict resolves names and CAMEO event names (may be
 * NULL: actors must then be codes). Unknown actors are PARLEY_ENOTFOUND,
 * bad requests PARLEY_EINVAL. The output depends only on the database and
 * the request (no clock), so that reports can be compared and diffed. */
int parley_report_html(parley_ask *ask, const parley_dict *dict, const parley_report_request *req, char **html,
                       size_t *len, parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
