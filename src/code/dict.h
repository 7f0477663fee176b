/* dict.h — stage 2 (code), internal: the loaded dictionaries.
 *
 * Every name, pattern literal and cue word is normalised and added to one
 * automaton; a key of the automaton may have several uses (the same string
 * can be the name of an actor and a pattern literal). The coder reads these
 * tables directly; the public face is parley_dict in parley/code.h. */
#ifndef PARLEY_CODE_DICT_H
#define PARLEY_CODE_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "code/automaton.h"
#include "code/dates.h"
#include "parley/code.h"

enum pd_kind { PD_ACTOR = 0, PD_PERSON, PD_PLACE, PD_TITLE };
enum pd_use_type { PD_USE_NAME = 0, PD_USE_LIT, PD_USE_CUE };
enum pd_cue {
  PD_CUE_REPORT = 0,
  PD_CUE_DENY,
  PD_CUE_DOUBT,
  PD_CUE_NEGATE,
  PD_CUE_PAIR,
  PD_CUE_HE,
  PD_CUE_COUNT,
  PD_CUE_JOIN,
  PD_CUE_NCLASSES
};
enum pd_lang { PD_ZH = 0, PD_EN = 1, PD_ANY = 2 };

typedef struct pd_role {
  char code[32];
  char country[8];
  parley_ymd from, to; /* y == 0: open */
} pd_role;

typedef struct pd_actor {
  uint8_t kind;  /* enum pd_kind */
  char code[32]; /* actor code; for a title, the agent (GOV); for a place, its country */
  char country[8];
  char *name;     /* display name */
  pd_role *roles; /* persons */
  size_t nroles;
  const char *file; /* interned file name */
  long line;
} pd_actor;

typedef struct pd_use {
  uint32_t key;
  uint8_t type;  /* enum pd_use_type */
  uint8_t lang;  /* enum pd_lang of the file it came from */
  uint8_t abbr;  /* one-character Chinese abbreviation */
  uint8_t cls;   /* cue class */
  uint8_t upper; /* written in capitals only (US, UK): matches capitals only */
  uint32_t idx;  /* actor index for names */
  const char *file;
  long line;
  const char *text; /* the entry as written */
} pd_use;

enum pd_el { PD_EL_S = 1, PD_EL_T, PD_EL_LIT, PD_EL_GAP };

typedef struct pd_elem {
  uint8_t kind;   /* enum pd_el */
  uint8_t prefix; /* literal word ends with '*' */
  uint8_t adj;    /* literal must follow the previous literal directly */
  uint32_t key;   /* literal key */
} pd_elem;

#define PD_MAX_ELEMS 16
#define PD_FLAG_SYM 1
#define PD_FLAG_PAIR 2
#define PD_FLAG_PRESENT                                                                                                \
  4 /* a present-tense verb that is also a noun: only right after its subject (generated, or `| verb`) */
#define PD_FLAG_PASSIVE 8    /* English "S [~] literals T": also read as "T was <literals> by S" */
#define PD_FLAG_GENERATED 16 /* made on load from another pattern (present tense, would) */
#define PD_FLAG_SHADOWED 32  /* a generated pattern the file also writes out: not tried */

typedef struct pd_pattern {
  const parley_cameo *cameo;
  uint8_t lang;
  uint8_t flags;
  uint8_t nel;
  pd_elem el[PD_MAX_ELEMS];
  int spec;     /* literal bytes: the more, the more specific */
  char *source; /* "FILE:LINE: CODE PATTERN" */
} pd_pattern;

enum { PD_WORD_BYTES = 6 }; /* a "word" cue: two Chinese characters of 3 UTF-8 bytes */

struct parley_dict {
  parley_cameo *cameo;
  size_t ncameo;
  char **cameo_names;
  pd_actor *actors;
  size_t nactors, capactors;
  pd_pattern *patterns;
  size_t npatterns, cappatterns;
  pd_use *uses; /* sorted by key after loading */
  size_t nuses, capuses;
  size_t *use_start;            /* per key: first index into uses; use_start[nkeys] = nuses */
  uint32_t *first_lit_patterns; /* patterns grouped by the key of their first literal */
  size_t *flp_start;            /* per key, into first_lit_patterns */
  pa_automaton *ac;
  parley_normalizer *norm;
  char **files; /* interned file names */
  size_t nfiles;
  char (*words)[PD_WORD_BYTES + 1]; /* cue class "word" (zh): two-character words, sorted */
  size_t nwords, capwords;
  parley_dict_stats stats;
};

/* 1 if the two Chinese characters at t (PD_WORD_BYTES bytes) are a "word"
 * of the cues file: a common word that holds a one-character token (同意,
 * 加强, 日前), so that the token there is part of the word. */
int pd_is_word(const parley_dict *d, const char *t);

/* Normalises an entry or a sentence for matching: parley_normalize, then runs
 * of white space become one space. Caller frees with parley_normtext_free. */
int pd_normalize(parley_normalizer *n, const char *s, size_t len, size_t base, parley_normtext *out, parley_error *err);

/* The role of person a at date d (y == 0: the latest role); NULL if none. */
const pd_role *pd_person_role(const pd_actor *a, parley_ymd d);

/* 1 if byte c is an ASCII letter or digit. */
static inline int pd_isalnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

#endif
