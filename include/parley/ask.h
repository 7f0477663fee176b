/* parley/ask.h — stage 4, ask: questions to the event database.
 *
 * A parley_ask is a read-only view of a parley database (the schema of
 * src/store/schema.sql). Each question is a function that fills a result
 * struct (freed by its own _free) and a function that writes the result as
 * the JSON object documented in docs/cli.md (stable field names). The CLI
 * prints the same results as tables, TSV or CSV.
 *
 * Actors are given as parley_actor_ref: a code or a name in either language
 * resolved once (parley_actor_ref_resolve). A 3-letter code (USA, RUS, EUR)
 * matches the events' *_country columns; a longer code (RUSGOV, IGOEUREEC)
 * matches the *_code columns exactly.
 *
 * Counting unit (docs/cli.md, "Counting"): PARLEY_UNIT_EVENTS counts an
 * event group (reports of the same event, deduplicated by the store) once and
 * every ungrouped row once; PARLEY_UNIT_MENTIONS counts event rows. */
#ifndef PARLEY_ASK_H
#define PARLEY_ASK_H

#include <stddef.h>

#include "parley/code.h"
#include "parley/error.h"

#ifdef __cplusplus
extern "C" {
#endif

struct parley_store;

typedef struct parley_ask parley_ask;

/* Opens a database read-only: a SQLite file (path or "file:" URI) or a
 * PostgreSQL database ("postgresql://" or "postgres://" URI), through
 * parley_store_open. A missing file is PARLEY_EIO; a database of a newer
 * schema version than PARLEY_STORE_SCHEMA_VERSION (or of an older one, not
 * yet migrated) is PARLEY_ESTORE with both versions in the message. A SQLite
 * file in a folder that cannot be written is read too (immutable). Messages
 * name a PostgreSQL database without its password. */
int parley_ask_open(const char *target, parley_ask **out, parley_error *err);
/* Uses an open store (either backend); it is not closed by parley_ask_close. */
int parley_ask_open_store(struct parley_store *s, parley_ask **out, parley_error *err);
/* The store the questions read (owned by a or by the caller of _open_store). */
struct parley_store *parley_ask_store(parley_ask *a);
void parley_ask_close(parley_ask *a);

/* --- Actors ------------------------------------------------------------ */

typedef struct parley_actor_ref {
  char input[128]; /* as given: "特朗普", "RUS", "Putin" */
  char code[32];   /* resolved code: "USAGOV", "RUS", "IGOEUREEC" */
  char country[8]; /* its country, "" if unknown */
  int by_country;  /* 1: matches *_country = code (3-letter codes); 0: *_code = code */
} parley_actor_ref;

/* Resolves a code or a name. Strings that look like CAMEO codes (upper-case
 * letters and digits, length a multiple of 3) are taken as codes; anything
 * else is looked up with parley_dict_resolve_actor at date (YYYY-MM-DD or
 * NULL). dict may be NULL when every actor is a code. An unknown name is
 * PARLEY_ENOTFOUND with the nearest dictionary names in the message. */
int parley_actor_ref_resolve(const parley_dict *dict, const char *name, const char *date, parley_actor_ref *out,
                             parley_error *err);

/* The dictionary names and actor codes nearest to name by edit distance
 * (case-insensitive, over Unicode code points), best first. Fills at most
 * max pointers into dictionary memory (valid while dict is open) and returns
 * how many. Only names within a distance of about a third of their length
 * are suggested. */
size_t parley_dict_suggest_actors(const parley_dict *dict, const char *name, const char **out, size_t max);

/* --- Queries ----------------------------------------------------------- */

typedef enum parley_period {
  PARLEY_BY_DAY = 0,
  PARLEY_BY_WEEK,    /* ISO weeks, Monday first: "2025-W07" */
  PARLEY_BY_MONTH,   /* "2025-02" */
  PARLEY_BY_QUARTER, /* "2025-Q1" */
  PARLEY_BY_YEAR,    /* "2025" */
  PARLEY_BY_ALL      /* one period: "all" */
} parley_period;

typedef enum parley_unit { PARLEY_UNIT_EVENTS = 0, PARLEY_UNIT_MENTIONS = 1 } parley_unit;

typedef struct parley_query {
  int day_from, day_to; /* YYYYMMDD, inclusive; 0: open */
  parley_period by;
  parley_unit unit;
  const char *event_code; /* "04" (a root), "042" (042 and 0421…0429) or "0421"; NULL: any */
  int quad_class;         /* 1..4; 0: any */
  const char *origin;     /* parley | gdelt1 | gdelt2 | icews | acled; NULL: any */
  int claimed;            /* only events with at least one claim */
  int contested;          /* only events with a 'denies' or 'doubts' claim */
  int fill;               /* dyad/compare: also list periods without events */
  int no_rollup;          /* read events only, never the dyad_day rollup (tests, benchmarks) */
} parley_query;

parley_query parley_query_default(void);

/* Parses "day", "week", "month", "quarter", "year", "all"; -1 if unknown. */
int parley_period_parse(const char *s);
const char *parley_period_name(parley_period p);
/* Parses "YYYY-MM-DD", "YYYY-MM" or "YYYY" (end: the last day of that month
 * or year) into YYYYMMDD; returns 0 if invalid. */
int parley_day_parse(const char *s, int end);
/* Days from day a to day b (YYYYMMDD), b - a. */
long parley_day_diff(int a, int b);
/* The label of the period holding day (YYYYMMDD): "2025-02", "2025-W07"… */
void parley_period_label(parley_period p, int day, char out[16]);

/* Counts of one direction of a dyad (or of both) over one period. */
typedef struct parley_tally {
  long events;   /* in the query's unit */
  long quad[5];  /* [1..4] by quad class; [0] unknown */
  long root[21]; /* [1..20] by CAMEO root code; [0] unknown */
  double goldstein_sum;
  long goldstein_n; /* events with a Goldstein value */
} parley_tally;

double parley_tally_goldstein_mean(const parley_tally *t); /* NaN when goldstein_n == 0 */

enum { PARLEY_AB = 0, PARLEY_BA = 1, PARLEY_BOTH = 2 };

typedef struct parley_dyad_period {
  char label[16];
  int day_first, day_last; /* the period's bounds, YYYYMMDD */
  parley_tally dir[3];     /* PARLEY_AB, PARLEY_BA, PARLEY_BOTH */
} parley_dyad_period;

typedef struct parley_dyad {
  parley_actor_ref a, b;
  parley_query q;
  parley_dyad_period *periods; /* in time order; only periods with events unless q.fill */
  size_t n_periods;
  parley_tally total[3];
  int day_first, day_last; /* first and last contact, YYYYMMDD; 0 if none */
} parley_dyad;

/* `parley dyad A B`: per period, counts by quad class and root code, Goldstein
 * sum and mean, for A→B, B→A and both. */
int parley_ask_dyad(parley_ask *a, const parley_actor_ref *x, const parley_actor_ref *y, const parley_query *q,
                    parley_dyad **out, parley_error *err);
void parley_dyad_free(parley_dyad *d);
char *parley_dyad_to_json(const parley_dyad *d);

/* `parley compare A B C…`: A's dyads with each partner over the same periods. */
typedef struct parley_compare {
  parley_actor_ref actor;
  parley_dyad **dyads; /* one per partner, same periods (filled) in each */
  size_t n_partners;
  parley_query q;
} parley_compare;

int parley_ask_compare(parley_ask *a, const parley_actor_ref *actor, const parley_actor_ref *partners, size_t n,
                       const parley_query *q, parley_compare **out, parley_error *err);
void parley_compare_free(parley_compare *c);
char *parley_compare_to_json(const parley_compare *c);

/* `parley peak A B`: every period from the first contact on (empty ones
 * included) against all earlier ones. */
typedef struct parley_peak_row {
  char label[16];
  int day_first, day_last;
  long events;
  long rank;       /* 1 + number of earlier periods with more events */
  long n_earlier;  /* earlier periods compared against */
  double z;        /* (events - mean of earlier) / their sd; NaN if n_earlier < 2 or sd == 0 */
  int record;      /* 1 when more than every earlier period (and n_earlier > 0) */
  char since[16];  /* label of the latest earlier period with at least as many
                      events ("highest since"), "" when there is none */
  long since_back; /* how many periods before this one `since` is; 0 when none */
} parley_peak_row;

typedef struct parley_peak {
  parley_actor_ref a, b;
  parley_query q;
  int direction;         /* PARLEY_AB, PARLEY_BA or PARLEY_BOTH */
  char first_period[16]; /* the first period compared (the first contact's), "" if none */
  parley_peak_row *rows;
  size_t n_rows;
} parley_peak;

int parley_ask_peak(parley_ask *a, const parley_actor_ref *x, const parley_actor_ref *y, const parley_query *q,
                    int direction, parley_peak **out, parley_error *err);
void parley_peak_free(parley_peak *p);
char *parley_peak_to_json(const parley_peak *p);

/* `parley rhythm A B`: days of contact, gaps, burstiness, change points. */
typedef struct parley_gap_stats {
  long n; /* gaps */
  double min, median, max, mean, sd;
  double burstiness; /* Goh–Barabási (σ−μ)/(σ+μ); NaN when n < 2 */
} parley_gap_stats;

typedef struct parley_rhythm_segment {
  int day_first, day_last; /* first and last contact day of the segment */
  long contacts;
  parley_gap_stats gaps; /* the gaps between this segment's contacts */
  const char *pattern;   /* "clustered", "steady" or "random" (docs/cli.md) */
} parley_rhythm_segment;

typedef struct parley_rhythm {
  parley_actor_ref a, b;
  parley_query q;
  int *days;     /* contact days YYYYMMDD, ascending */
  long *per_day; /* events per contact day */
  size_t n_days;
  parley_gap_stats gaps;
  parley_rhythm_segment *segments; /* split at the change points */
  size_t n_segments;
} parley_rhythm;

int parley_ask_rhythm(parley_ask *a, const parley_actor_ref *x, const parley_actor_ref *y, const parley_query *q,
                      parley_rhythm **out, parley_error *err);
void parley_rhythm_free(parley_rhythm *r);
char *parley_rhythm_to_json(const parley_rhythm *r);
/* The statistics of gaps[0..n) (need not be sorted). */
void parley_gap_stats_compute(const double *gaps, size_t n, parley_gap_stats *out);
/* Change points of a gap series by binary segmentation of log gaps (docs/cli.md):
 * writes up to max indices k (a change between gap k-1 and gap k), ascending. */
size_t parley_change_points(const double *gaps, size_t n, size_t min_seg, size_t *out, size_t max);

/* `parley partners A`: A's partners, by contacts and by tone. */
typedef struct parley_partner {
  char code[32];                 /* the partner: a country code, or an actor code with by_code */
  char name[128];                /* a display name from the actors table or the events, or "" */
  parley_tally out, in, both;    /* A→P, P→A, both */
  long rank_contacts, rank_tone; /* 1-based; rank_tone 0 below min_events */
} parley_partner;

typedef struct parley_partners {
  parley_actor_ref actor;
  parley_query q;
  int by_code;           /* partners as actor codes instead of countries */
  long min_events;       /* tone is ranked only for partners with this many events */
  parley_partner *items; /* sorted by contacts, descending */
  size_t n;
} parley_partners;

int parley_ask_partners(parley_ask *a, const parley_actor_ref *actor, const parley_query *q, int by_code,
                        int include_domestic, long min_events, parley_partners **out, parley_error *err);
void parley_partners_free(parley_partners *p);
char *parley_partners_to_json(const parley_partners *p, size_t limit);

/* `parley claims`: contested (or all claimed) events with every actor's
 * stance, the evidence sentences and the sources. */
typedef struct parley_claim_row {
  char actor_code[32], actor_country[8], actor_name[128];
  char stance[8]; /* asserts | denies | doubts */
  char *cue;      /* the cue words, or NULL */
  char *evidence; /* the sentence holding the claim, or NULL */
  long long doc_id;
  long sentence;
} parley_claim_row;

typedef struct parley_source_ref {
  char *outlet, *date, *headline; /* NULL when unknown */
} parley_source_ref;

typedef struct parley_claim_doc {
  long long id;
  char *key, *source, *url, *date, *title; /* NULL when unknown */
  parley_source_ref *refs;                 /* the document's trailing source list */
  size_t n_refs;
} parley_claim_doc;

typedef struct parley_contested {
  long long event_id; /* first event row of the group */
  long long group_id; /* 0 if not grouped */
  int day, day_end;   /* YYYYMMDD; day_end 0 unless a range */
  char source_code[32], source_country[8], source_name[128];
  char target_code[32], target_country[8], target_name[128];
  char event_code[8], root_code[4];
  int quad_class;
  double goldstein;
  char *evidence; /* the event's sentence, or NULL */
  parley_claim_row *claims;
  size_t n_claims;
  parley_claim_doc *docs; /* the documents reporting the event or a claim */
  size_t n_docs;
} parley_contested;

typedef struct parley_claims {
  parley_query q;
  parley_contested *items;
  size_t n;
} parley_claims;

/* x may be NULL (any actor); with x, only events with x on either side or as
 * a claimant. With q->contested == 0 every event with a claim is listed. */
int parley_ask_claims(parley_ask *a, const parley_actor_ref *x, const parley_query *q, parley_claims **out,
                      parley_error *err);
void parley_claims_free(parley_claims *c);
char *parley_claims_to_json(const parley_claims *c);

/* `parley summary`: what is in the database. */
typedef struct parley_count_by {
  char key[32];
  long long n;
} parley_count_by;

typedef struct parley_top_dyad {
  char source[32], target[32];
  long long events;
} parley_top_dyad;

typedef struct parley_summary {
  long long documents, sentences, events, groups, claims, contested, actors, imports;
  int day_first, day_last;
  parley_count_by *origins;
  size_t n_origins;
  parley_top_dyad *dyads; /* by country, directed, most events first */
  size_t n_dyads;
  parley_unit unit;
} parley_summary;

int parley_ask_summary(parley_ask *a, const parley_query *q, size_t top, parley_summary **out, parley_error *err);
void parley_summary_free(parley_summary *s);
char *parley_summary_to_json(const parley_summary *s);

/* --- Event rows -------------------------------------------------------- */

typedef struct parley_event_filter {
  parley_query q;
  const parley_actor_ref *actor;   /* on either side */
  const parley_actor_ref *source;  /* as source */
  const parley_actor_ref *target;  /* as target */
  const parley_actor_ref *dyad[2]; /* both set: A–B in either direction (directed: A→B only) */
  int directed;
  long limit; /* 0: no limit */
} parley_event_filter;

/* Where an actor is, as GDELT geocodes it (Actor1Geo_*, Actor2Geo_*). */
typedef struct parley_geo {
  int type; /* 0 none, 1 country, 2 US state, 3 US city, 4 world city, 5 world state; -1 if not given */
  const char *name, *country, *fips, *adm1, *adm2; /* country: ISO alpha-3 (from fips); "" if none */
  const char *feature;                             /* GNS/GNIS feature id, or "" */
  int has_point;
  double lat, lon;
} parley_geo;

/* One stored event row (strings are "" when NULL in the database; numbers
 * that may be missing come with a has_ flag). Valid only during the callback. */
typedef struct parley_event_row {
  long long id;
  const char *origin, *event_key;
  long long doc_id;          /* 0 if none */
  long sentence;             /* -1 if none */
  long span_start, span_end; /* -1 if none */
  int day, day_end;
  const char *date_basis;
  int date_precision;
  const char *source_code, *source_country, *source_name;
  const char *target_code, *target_country, *target_name;
  const char *event_code, *root_code;
  int quad_class; /* 0 if none */
  int has_goldstein;
  double goldstein;
  long count; /* 0 if none */
  const char *trigger, *pattern, *lang, *location, *location_country;
  int has_geo;
  double lat, lon;
  long num_mentions, num_sources, num_articles; /* -1 if none */
  int has_tone;
  double avg_tone;
  long fatalities; /* -1 if none */
  const char *source_url, *extra_json;
  long long group_id; /* 0 if none */
  const char *doc_url, *doc_source, *doc_date, *doc_added;
  const char *claims;                                /* "RUS:asserts,UKR:denies" or "" */
  const char *source_type, *target_type, *base_code; /* schema v2 (GDELT Type1Code, EventBaseCode), or "" */
  /* schema v5: the rest of a GDELT record */
  int is_root;          /* GDELT IsRootEvent: 1, 0, or -1 if none */
  long long date_added; /* GDELT DATEADDED as given (YYYYMMDDHHMMSS, 1.0: YYYYMMDD), 0 if none */
  int location_type;    /* GDELT ActionGeo_Type (0 none, 1 country … 5 world state), -1 if not given */
  const char *location_fips, *location_adm1, *location_adm2, *location_feature; /* or "" */
  parley_geo source_geo, target_geo;                                            /* GDELT Actor1Geo / Actor2Geo */
} parley_event_row;

/* Calls cb for each matching row in (day, id) order; cb returns non-zero to stop. */
int parley_ask_events(parley_ask *a, const parley_event_filter *f, int (*cb)(void *ctx, const parley_event_row *row),
                      void *ctx, parley_error *err);
/* Counts matching events in f->q.unit. */
int parley_ask_events_count(parley_ask *a, const parley_event_filter *f, long long *out, parley_error *err);
parley_event_filter parley_event_filter_default(void);

/* One row as a compact JSON object (docs/cli.md "events"); malloc'ed. */
char *parley_event_row_to_json(const parley_event_row *row);
/* Writes one row as the 61 tab-separated columns of a GDELT 2.0 export line
 * (no newline) into a malloc'ed string; blanks where parley has no value. */
char *parley_event_row_to_gdelt(const parley_event_row *row);
/* The GDELT 2.0 export column names, tab-separated. */
const char *parley_gdelt2_header(void);

#ifdef __cplusplus
}
#endif
#endif
