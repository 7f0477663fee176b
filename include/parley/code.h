/* parley/code.h — stage 2, code: dictionaries and the event coder.
 *
 * parley_dict holds the dictionaries of dict/ (actors, people with dated
 * roles, places, titles, verb patterns, cue words, the CAMEO table).
 * parley_coder turns one parley_doc into a list of parley_event records:
 * who did what to whom, when, traceable to a byte span of the document, with
 * the claims (asserts / denies / doubts) made about each event. */
#ifndef PARLEY_CODE_H
#define PARLEY_CODE_H

#include <stddef.h>

#include "parley/error.h"
#include "parley/read.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- Dictionaries ------------------------------------------------------ */

typedef struct parley_dict parley_dict;

typedef struct parley_dict_stats {
  size_t event_codes;
  size_t actors, people, places, titles, roles;
  size_t names_en, names_zh;
  size_t patterns_en, patterns_zh;
  size_t cues_en, cues_zh;
  size_t roots_en, roots_zh; /* distinct CAMEO roots the patterns cover */
} parley_dict_stats;

typedef struct parley_cameo {
  char code[5]; /* "042" */
  char root[3]; /* "04" */
  const char *name;
  double goldstein;
  int quad_class; /* 1..4 */
} parley_cameo;

/* Loads every dictionary under dir (dict/). Errors name FILE:LINE. */
int parley_dict_open(const char *dir, parley_dict **out, parley_error *err);
void parley_dict_close(parley_dict *d);
void parley_dict_stats_get(const parley_dict *d, parley_dict_stats *st);

/* The CAMEO entry for an event code, or NULL. */
const parley_cameo *parley_dict_cameo(const parley_dict *d, const char *code);
size_t parley_dict_cameo_count(const parley_dict *d);
const parley_cameo *parley_dict_cameo_at(const parley_dict *d, size_t i);

/* Calls cb once per dictionary entry that WORD matches (after normalisation),
 * with a one-line description ("actor USAGOV  zh 白宫  dict/actors/countries.txt:812").
 * Returns the number of matches. */
long parley_dict_lookup(const parley_dict *d, const char *word, void (*cb)(void *ctx, const char *line), void *ctx,
                        parley_error *err);

/* Resolves an actor given as a code or a name in either language
 * ("RUSGOV", "特朗普", "Putin", "欧盟") at a date (NULL: today's roles).
 * Fills code and country; returns PARLEY_OK or PARLEY_ENOTFOUND. */
int parley_dict_resolve_actor(const parley_dict *d, const char *name, const char *date, char code[32], char country[8],
                              parley_error *err);

/* --- Events ------------------------------------------------------------ */

typedef struct parley_actor {
  char code[32];   /* CAMEO-style actor code: USAGOV, RUS, IGOEUREEC */
  char country[8]; /* ISO 3166 alpha-3, or EUR for the EU; "" if none */
  char name[128];  /* display name as the dictionary or the text gives it */
} parley_actor;

typedef enum parley_stance { PARLEY_ASSERTS = 0, PARLEY_DENIES = 1, PARLEY_DOUBTS = 2 } parley_stance;

typedef struct parley_claim {
  parley_actor actor;
  parley_stance stance;
  long sentence;    /* sentence index in the document */
  parley_span span; /* the cue ("披露", "否认", "cannot confirm") in the text */
} parley_claim;

typedef enum parley_date_basis {
  PARLEY_DATE_NONE = 0,
  PARLEY_DATE_EXPLICIT, /* a full date in the sentence */
  PARLEY_DATE_RELATIVE, /* 次日, yesterday, last Tuesday: resolved against a reference date */
  PARLEY_DATE_CARRIED,  /* year or date carried from earlier context */
  PARLEY_DATE_DOCUMENT  /* the document's date */
} parley_date_basis;

typedef struct parley_event {
  char id[96]; /* "<doc_id>#<n>" */
  const char *doc_id;
  long sentence;        /* index of the sentence in the document */
  parley_span span;     /* the matched words, original byte offsets */
  parley_span evidence; /* the whole sentence */
  char trigger[192];    /* the words of the trigger, as written in the text */
  char pattern[192];    /* the pattern that matched, "FILE:LINE: CODE PATTERN" */
  char date[11];        /* "YYYY-MM-DD" or "" */
  char date_end[11];    /* "" unless a range */
  parley_date_basis date_basis;
  int date_precision; /* 3 day, 2 month, 1 year, 0 none */
  parley_actor source, target;
  char event_code[5];
  char root_code[3];
  int quad_class;
  double goldstein;
  long count;         /* a stated count ("ten phone calls"), 0 if none */
  char location[128]; /* a place named in the sentence, or "" */
  char location_country[8];
  char lang[4];
  parley_claim *claims;
  size_t n_claims;
} parley_event;

typedef struct parley_events {
  parley_event *items;
  size_t count;
} parley_events;

void parley_events_free(parley_events *ev);

const char *parley_stance_name(parley_stance s);
const char *parley_date_basis_name(parley_date_basis b);

/* --- Coder ------------------------------------------------------------- */

typedef struct parley_coder parley_coder;

typedef struct parley_code_options {
  /* When set, called with one line of explanation at a time (--explain). */
  void (*explain)(void *ctx, const char *line);
  void *explain_ctx;
} parley_code_options;

parley_code_options parley_code_default_options(void);

int parley_coder_open(const parley_dict *dict, const parley_code_options *opt, parley_coder **out, parley_error *err);
void parley_coder_close(parley_coder *c);

/* Codes one document. *out is filled with the events (free with parley_events_free). */
int parley_code_doc(parley_coder *c, const parley_doc *doc, parley_events *out, parley_error *err);

/* One event as a compact JSON object: the JSON Lines record of `parley code`
 * (fields in docs/events.md). doc supplies the evidence text and document
 * fields; dict the event name (may be NULL). Returns malloc'ed text. */
char *parley_event_to_json(const parley_event *e, const parley_doc *doc, const parley_dict *dict);

/* Totals since the coder was opened. */
typedef struct parley_code_stats {
  size_t documents, sentences, events, bytes;
  size_t steps; /* inner-loop steps of matching: a machine-independent
                   measure of work, for linearity tests */
} parley_code_stats;
void parley_code_stats_get(const parley_coder *c, parley_code_stats *st);

#ifdef __cplusplus
}
#endif
#endif
