/* dict.c — stage 2 (code): loading and validating the dictionaries of dict/.
 *
 * Reads the CAMEO table (cameo/events.tsv), actors, people, places and
 * titles (actors/ *.txt), verb patterns (patterns/{zh,en}.txt) and cue words
 * (cues/{zh,en}.txt) in the format of docs/dictionaries.md, normalises every
 * entry and builds the one automaton the coder scans sentences with. Every
 * problem is reported as FILE:LINE: message and fails the whole load. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code/dict.h"

/* ---------------------------------------------------------------- utils */

static char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p) memcpy(p, s, n);
  return p;
}

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
    s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
    s[--n] = '\0';
  return s;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return 0;
  size_t n = *cap ? *cap * 2 : 64;
  while (n < need)
    n *= 2;
  void *q = realloc(*p, n * elem);
  if (!q) return -1;
  *p = q;
  *cap = n;
  return 0;
}

static const char *intern_file(parley_dict *d, const char *path) {
  for (size_t i = 0; i < d->nfiles; i++)
    if (!strcmp(d->files[i], path)) return d->files[i];
  char **n = realloc(d->files, (d->nfiles + 1) * sizeof *n);
  if (!n) return NULL;
  d->files = n;
  d->files[d->nfiles] = xstrdup(path);
  return d->files[d->nfiles++];
}

int pd_normalize(parley_normalizer *n, const char *s, size_t len, size_t base, parley_normtext *out,
                 parley_error *err) {
  int rc = parley_normalize(n, s, len, base, out, err);
  if (rc) return rc;
  /* Collapse runs of white space to one space, keeping the offset map. */
  size_t w = 0;
  int prev_space = 1; /* also drops leading space */
  for (size_t r = 0; r < out->len; r++) {
    unsigned char c = (unsigned char)out->text[r];
    int sp = (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v');
    if (sp) {
      if (prev_space) continue;
      out->text[w] = ' ';
      out->orig[w] = out->orig[r];
      w++;
      prev_space = 1;
    } else {
      out->text[w] = (char)c;
      out->orig[w] = out->orig[r];
      w++;
      prev_space = 0;
    }
  }
  size_t end = out->orig[out->len];
  if (w && out->text[w - 1] == ' ') {
    end = out->orig[w - 1];
    w--;
  }
  out->orig[w] = end;
  out->text[w] = '\0';
  out->len = w;
  return PARLEY_OK;
}

const pd_role *pd_person_role(const pd_actor *a, parley_ymd d) {
  if (!a->nroles) return NULL;
  if (d.y == 0) {
    /* No date: the role that is open-ended or ends last. */
    const pd_role *best = &a->roles[0];
    for (size_t i = 0; i < a->nroles; i++) {
      const pd_role *r = &a->roles[i];
      if (r->to.y == 0) return r;
      if (parley_ymd_cmp(r->to, best->to) > 0) best = r;
    }
    return best;
  }
  parley_ymd dd = d;
  if (dd.m == 0) dd.m = 7;
  if (dd.d == 0) dd.d = 1;
  for (size_t i = 0; i < a->nroles; i++) {
    const pd_role *r = &a->roles[i];
    if (r->from.y && parley_ymd_cmp(dd, r->from) < 0) continue;
    if (r->to.y && parley_ymd_cmp(dd, r->to) >= 0) continue;
    return r;
  }
  return NULL;
}

/* ------------------------------------------------------------- line reader */

typedef struct lreader {
  FILE *f;
  const char *path;
  long line;
  char *buf;
  size_t cap;
} lreader;

/* Returns the next line (comment-stripped, trimmed; may be ""), or NULL at EOF. */
static char *next_line(lreader *lr, parley_error *err, int *rc) {
  *rc = 0;
  ssize_t n = getline(&lr->buf, &lr->cap, lr->f);
  if (n < 0) return NULL;
  lr->line++;
  if (memchr(lr->buf, '\0', (size_t)n)) {
    *rc = parley_error_set(err, PARLEY_EDICT, lr->path, lr->line, "NUL byte in dictionary line");
    return NULL;
  }
  size_t bad;
  if (parley_utf8_check(lr->buf, (size_t)n, &bad) != PARLEY_OK) {
    *rc = parley_error_set(err, PARLEY_EUTF8, lr->path, lr->line, "invalid UTF-8 at column %zu", bad + 1);
    return NULL;
  }
  char *s = trim(lr->buf);
  if (*s == '#') *s = '\0';
  return s;
}

static int derr(parley_error *err, lreader *lr, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int derr(parley_error *err, lreader *lr, const char *fmt, ...) {
  char msg[900];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return parley_error_set(err, PARLEY_EDICT, lr->path, lr->line, "%s", msg);
}

/* ------------------------------------------------------------- CAMEO table */

static int cameo_cmp(const void *a, const void *b) {
  return strcmp(((const parley_cameo *)a)->code, ((const parley_cameo *)b)->code);
}

static int load_cameo(parley_dict *d, const char *path, parley_error *err) {
  lreader lr = {.path = path};
  lr.f = fopen(path, "r");
  if (!lr.f) return parley_error_set(err, PARLEY_EIO, path, 0, "cannot open: %s", strerror(errno));
  int rc = 0, header = 0;
  size_t cap = 0;
  char *s;
  while ((s = next_line(&lr, err, &rc))) {
    if (!*s) continue;
    char *f[5] = {0};
    int nf = 0;
    char *p = s;
    while (nf < 5) {
      f[nf++] = p;
      char *t = strchr(p, '\t');
      if (!t) break;
      *t = '\0';
      p = t + 1;
    }
    if (!header) {
      if (nf < 4 || strcmp(trim(f[0]), "code")) {
        rc = derr(err, &lr, "expected the header 'code<TAB>name<TAB>goldstein<TAB>quad_class'");
        break;
      }
      header = 1;
      continue;
    }
    if (nf != 4) {
      rc = derr(err, &lr, "expected 4 tab-separated columns, found %d", nf);
      break;
    }
    char *code = trim(f[0]), *name = trim(f[1]), *gs = trim(f[2]), *qs = trim(f[3]);
    size_t cl = strlen(code);
    int ok = cl >= 2 && cl <= 4;
    for (size_t i = 0; ok && i < cl; i++)
      ok = isdigit((unsigned char)code[i]) != 0;
    if (!ok) {
      rc = derr(err, &lr, "bad CAMEO code '%s' (2 to 4 digits)", code);
      break;
    }
    char *end;
    double g = strtod(gs, &end);
    if (!*gs || *end || g < -10.0 || g > 10.0) {
      rc = derr(err, &lr, "bad Goldstein value '%s' for %s (a number from -10 to 10)", gs, code);
      break;
    }
    long q = strtol(qs, &end, 10);
    if (!*qs || *end || q < 1 || q > 4) {
      rc = derr(err, &lr, "bad quad class '%s' for %s (1 to 4)", qs, code);
      break;
    }
    if (grow((void **)&d->cameo, &cap, d->ncameo + 1, sizeof *d->cameo)) {
      rc = parley_error_set(err, PARLEY_ENOMEM, path, lr.line, "out of memory");
      break;
    }
    parley_cameo *c = &d->cameo[d->ncameo++];
    memset(c, 0, sizeof *c);
    snprintf(c->code, sizeof c->code, "%s", code);
    memcpy(c->root, code, 2);
    c->name = xstrdup(name);
    c->goldstein = g;
    c->quad_class = (int)q;
  }
  fclose(lr.f);
  free(lr.buf);
  if (rc) return rc;
  if (!header || d->ncameo == 0) return parley_error_set(err, PARLEY_EDICT, path, 0, "no CAMEO codes");
  qsort(d->cameo, d->ncameo, sizeof *d->cameo, cameo_cmp);
  for (size_t i = 1; i < d->ncameo; i++)
    if (!strcmp(d->cameo[i].code, d->cameo[i - 1].code))
      return parley_error_set(err, PARLEY_EDICT, path, 0, "CAMEO code %s listed twice", d->cameo[i].code);
  d->stats.event_codes = d->ncameo;
  return 0;
}

const parley_cameo *parley_dict_cameo(const parley_dict *d, const char *code) {
  parley_cameo key;
  memset(&key, 0, sizeof key);
  snprintf(key.code, sizeof key.code, "%s", code);
  return bsearch(&key, d->cameo, d->ncameo, sizeof *d->cameo, cameo_cmp);
}
size_t parley_dict_cameo_count(const parley_dict *d) { return d->ncameo; }
const parley_cameo *parley_dict_cameo_at(const parley_dict *d, size_t i) { return i < d->ncameo ? &d->cameo[i] : NULL; }

/* ------------------------------------------------------------------- keys */

/* Normalises a dictionary entry as the text is; an error names the entry's file and line. */
static int normalize_entry(parley_dict *d, const char *text, const lreader *lr, parley_normtext *nt,
                           parley_error *err) {
  int rc = pd_normalize(d->norm, text, strlen(text), 0, nt, err);
  if (rc) {
    err->line = lr->line;
    snprintf(err->file, sizeof err->file, "%s", lr->path);
  }
  return rc;
}

static int add_use(parley_dict *d, const char *text, uint8_t type, uint8_t lang, uint8_t cls, uint32_t idx,
                   uint8_t abbr, lreader *lr, parley_error *err, uint32_t *key_out) {
  parley_normtext nt = {0};
  int rc = normalize_entry(d, text, lr, &nt, err);
  if (rc) return rc;
  if (nt.len == 0) {
    parley_normtext_free(&nt);
    return derr(err, lr, "empty entry");
  }
  int32_t key = pa_add(d->ac, nt.text, nt.len);
  parley_normtext_free(&nt);
  if (key < 0 || grow((void **)&d->uses, &d->capuses, d->nuses + 1, sizeof *d->uses))
    return parley_error_set(err, PARLEY_ENOMEM, lr->path, lr->line, "out of memory");
  pd_use *u = &d->uses[d->nuses++];
  u->key = (uint32_t)key;
  u->type = type;
  u->lang = lang;
  u->abbr = abbr;
  u->cls = cls;
  u->idx = idx;
  u->file = lr->path;
  u->line = lr->line;
  u->text = xstrdup(text);
  /* "US", "UK": capitals only, at least two letters */
  int letters = 0, upper = 1;
  for (const char *q = text; *q; q++) {
    if (*q >= 'A' && *q <= 'Z')
      letters++;
    else if (*q != '.')
      upper = 0;
  }
  u->upper = (uint8_t)(upper && letters >= 2 && type == PD_USE_NAME);
  if (key_out) *key_out = (uint32_t)key;
  return 0;
}

/* ------------------------------------------------------------------ actors */

static int valid_code(const char *s, size_t minlen) {
  size_t n = strlen(s);
  if (n < minlen || n > 30) return 0;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_')) return 0;
  return 1;
}

/* Splits "key=value" / key="quoted value" attributes after the header's code. */
static int parse_attrs(char *p, pd_actor *a, lreader *lr, parley_error *err) {
  while (*p) {
    while (*p == ' ' || *p == '\t')
      p++;
    if (!*p) break;
    char *k = p;
    char *eq = strchr(p, '=');
    if (!eq) return derr(err, lr, "expected key=value, found '%s'", k);
    *eq = '\0';
    char *v = eq + 1;
    if (*v == '"') {
      v++;
      char *q = strchr(v, '"');
      if (!q) return derr(err, lr, "unterminated quote in %s=", k);
      *q = '\0';
      p = q + 1;
    } else {
      char *e = v;
      while (*e && *e != ' ' && *e != '\t')
        e++;
      p = *e ? e + 1 : e;
      *e = '\0';
    }
    if (!strcmp(k, "country")) {
      if (!valid_code(v, 3) || strlen(v) != 3) return derr(err, lr, "country must be 3 capital letters, not '%s'", v);
      snprintf(a->country, sizeof a->country, "%s", v);
    } else if (!strcmp(k, "name")) {
      free(a->name);
      a->name = xstrdup(v);
    } else if (!strcmp(k, "type") || !strcmp(k, "kind")) {
      /* informative */
    } else {
      return derr(err, lr, "unknown attribute '%s' (country=, name=)", k);
    }
  }
  return 0;
}

static int parse_date_field(const char *s, parley_ymd *out) {
  if (!strcmp(s, "*") || !strcmp(s, "-")) {
    *out = (parley_ymd){0, 0, 0};
    return 1;
  }
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
  return parley_ymd_parse(s, out) && parley_ymd_valid(*out);
}

static int load_actor_file(parley_dict *d, const char *path, parley_error *err) {
  lreader lr = {.path = intern_file(d, path)};
  if (!lr.path) return parley_error_set(err, PARLEY_ENOMEM, path, 0, "out of memory");
  lr.f = fopen(path, "r");
  if (!lr.f) return parley_error_set(err, PARLEY_EIO, path, 0, "cannot open: %s", strerror(errno));
  int rc = 0;
  long cur = -1; /* current block's actor index */
  char *s;
  while (!rc && (s = next_line(&lr, err, &rc))) {
    if (!*s) continue;
    char *kw = s;
    char *rest = s;
    while (*rest && *rest != ' ' && *rest != '\t')
      rest++;
    if (*rest) *rest++ = '\0';
    rest = trim(rest);
    size_t kl = strlen(kw);
    if (kl && kw[kl - 1] == ':') kw[kl - 1] = '\0';
    int kind = -1;
    if (!strcmp(kw, "actor"))
      kind = PD_ACTOR;
    else if (!strcmp(kw, "person"))
      kind = PD_PERSON;
    else if (!strcmp(kw, "place"))
      kind = PD_PLACE;
    else if (!strcmp(kw, "title"))
      kind = PD_TITLE;
    if (kind >= 0) {
      char *code = rest;
      char *attrs = rest;
      while (*attrs && *attrs != ' ' && *attrs != '\t')
        attrs++;
      if (*attrs) *attrs++ = '\0';
      if (!*code) {
        rc = derr(err, &lr, "%s needs a code", kw);
        break;
      }
      if (!valid_code(code, 3)) {
        rc = derr(err, &lr, "bad code '%s' (capital letters, digits, _)", code);
        break;
      }
      if (grow((void **)&d->actors, &d->capactors, d->nactors + 1, sizeof *d->actors)) {
        rc = parley_error_set(err, PARLEY_ENOMEM, path, lr.line, "out of memory");
        break;
      }
      pd_actor *a = &d->actors[d->nactors];
      memset(a, 0, sizeof *a);
      a->kind = (uint8_t)kind;
      a->file = lr.path;
      a->line = lr.line;
      snprintf(a->code, sizeof a->code, "%s", code);
      d->nactors++;
      cur = (long)d->nactors - 1;
      if ((rc = parse_attrs(attrs, a, &lr, err))) break;
      if (kind == PD_TITLE && strlen(code) != 3) {
        rc = derr(err, &lr, "a title's agent code has 3 letters (GOV, MIL), not '%s'", code);
        break;
      }
      if (kind == PD_PLACE && strlen(code) != 3) {
        rc = derr(err, &lr, "a place's code is its country (3 letters), not '%s'", code);
        break;
      }
      if (!a->country[0] && kind != PD_TITLE && kind != PD_PERSON && strncmp(code, "IGO", 3) != 0 &&
          strncmp(code, "NGO", 3) != 0)
        memcpy(a->country, code, 3);
      if (!a->name) a->name = xstrdup(code);
      switch (kind) {
      case PD_ACTOR: d->stats.actors++; break;
      case PD_PERSON: d->stats.people++; break;
      case PD_PLACE: d->stats.places++; break;
      default: d->stats.titles++; break;
      }
      continue;
    }
    if (cur < 0) {
      rc = derr(err, &lr, "'%s' before any actor/person/place/title header", kw);
      break;
    }
    pd_actor *a = &d->actors[cur];
    if (!strcmp(kw, "role")) {
      if (a->kind != PD_PERSON) {
        rc = derr(err, &lr, "role lines belong to a person");
        break;
      }
      char code[64] = "", from[32] = "", to[32] = "", extra[8] = "";
      int n = sscanf(rest, "%63s %31s %31s %7s", code, from, to, extra);
      if (n != 3) {
        rc = derr(err, &lr, "expected 'role CODE FROM TO' (dates YYYY-MM-DD or *)");
        break;
      }
      pd_role r;
      memset(&r, 0, sizeof r);
      if (!valid_code(code, 3)) {
        rc = derr(err, &lr, "bad role code '%s'", code);
        break;
      }
      if (!parse_date_field(from, &r.from) || !parse_date_field(to, &r.to)) {
        rc = derr(err, &lr, "bad date in role '%s %s' (YYYY-MM-DD or *)", from, to);
        break;
      }
      if (r.from.y && r.to.y && parley_ymd_cmp(r.from, r.to) >= 0) {
        rc = derr(err, &lr, "role ends (%s) before it begins (%s)", to, from);
        break;
      }
      snprintf(r.code, sizeof r.code, "%s", code);
      pd_role *nr = realloc(a->roles, (a->nroles + 1) * sizeof *nr);
      if (!nr) {
        rc = parley_error_set(err, PARLEY_ENOMEM, path, lr.line, "out of memory");
        break;
      }
      a->roles = nr;
      a->roles[a->nroles++] = r;
      d->stats.roles++;
      continue;
    }
    int lang = !strcmp(kw, "en") ? PD_EN : !strcmp(kw, "zh") ? PD_ZH : !strcmp(kw, "abbr") ? PD_ZH : -1;
    if (lang < 0) {
      rc = derr(err, &lr, "unknown line type '%s' (actor, person, place, title, en, zh, abbr, role)", kw);
      break;
    }
    int abbr = !strcmp(kw, "abbr");
    char *p = rest;
    while (p) {
      char *semi = strchr(p, ';');
      if (semi) *semi = '\0';
      char *name = trim(p);
      if (*name) {
        if (abbr) {
          /* exactly one character */
          unsigned char c0 = (unsigned char)name[0];
          size_t cl = c0 < 0x80 ? 1 : c0 < 0xE0 ? 2 : c0 < 0xF0 ? 3 : 4;
          if (strlen(name) != cl) {
            rc = derr(err, &lr, "abbr entries are single characters, not '%s'", name);
            break;
          }
        }
        if ((rc = add_use(d, name, PD_USE_NAME, (uint8_t)lang, 0, (uint32_t)cur, (uint8_t)abbr, &lr, err, NULL))) break;
        if (lang == PD_EN)
          d->stats.names_en++;
        else
          d->stats.names_zh++;
      }
      p = semi ? semi + 1 : NULL;
    }
  }
  fclose(lr.f);
  free(lr.buf);
  return rc;
}

/* Role codes get the country of their actor entry when one exists. */
static int finish_actors(parley_dict *d, parley_error *err) {
  for (size_t i = 0; i < d->nactors; i++) {
    pd_actor *a = &d->actors[i];
    if (a->kind != PD_PERSON) continue;
    if (a->nroles == 0)
      return parley_error_set(err, PARLEY_EDICT, a->file, a->line, "person %s has no role line", a->code);
    for (size_t r = 0; r < a->nroles; r++) {
      pd_role *ro = &a->roles[r];
      for (size_t j = 0; j < d->nactors; j++) {
        if (d->actors[j].kind == PD_ACTOR && !strcmp(d->actors[j].code, ro->code)) {
          memcpy(ro->country, d->actors[j].country, sizeof ro->country);
          break;
        }
      }
      if (!ro->country[0] && strncmp(ro->code, "IGO", 3) && strncmp(ro->code, "NGO", 3))
        memcpy(ro->country, ro->code, 3);
    }
  }
  return 0;
}

/* ---------------------------------------------------------------- patterns */

/* Adds a copy of pattern pi whose element e reads `form`, with flags added. */
static int add_variant(parley_dict *d, size_t pi, int e, const char *form, uint8_t flags, lreader *lr,
                       parley_error *err) {
  if (grow((void **)&d->patterns, &d->cappatterns, d->npatterns + 1, sizeof *d->patterns))
    return parley_error_set(err, PARLEY_ENOMEM, lr->path, lr->line, "out of memory");
  pd_pattern *v = &d->patterns[d->npatterns];
  *v = d->patterns[pi];
  uint32_t key, old = v->el[e].key;
  int rc = add_use(d, form, PD_USE_LIT, PD_EN, 0, (uint32_t)d->npatterns, 0, lr, err, &key);
  if (rc) return rc;
  v->el[e].key = key;
  v->flags |= flags | PD_FLAG_GENERATED;
  char src[1300];
  snprintf(src, sizeof src, "%s (%s)", d->patterns[pi].source, form);
  v->source = xstrdup(src);
  if (!v->source) return parley_error_set(err, PARLEY_ENOMEM, lr->path, lr->line, "out of memory");
  /* literal bytes: the new form's instead of the old one's */
  for (size_t u = d->nuses; u-- > 0 && d->uses[u].type == PD_USE_LIT && d->uses[u].idx >= pi;)
    if (d->uses[u].idx == pi && d->uses[u].key == old) {
      v->spec += (int)strlen(form) - (int)strlen(d->uses[u].text);
      break;
    }
  d->npatterns++;
  return 0;
}

/* English present tense: "S ~ condemned T" also reads "S ~ condemns T"
 * (headlines, leads, agency style: "China firmly opposes and strongly
 * condemns"). The third-person forms of a past-tense first literal, written
 * into out (NUL-separated, at most 4); 0 when the word is not a past form or
 * its present form is also a common noun that follows a nationality
 * ("Israeli strikes on", "Russian attacks on", "US forces"). Regular forms
 * are guessed by spelling: condemned → condemns/condemnes, accused →
 * accuss/accuses; the wrong guess never occurs in text. */
static int present_forms(const char *w, char out[4][48]) {
  static const char *irregular[][2] = {{"met", "meets"},
                                       {"sent", "sends"},
                                       {"held", "holds"},
                                       {"fought", "fights"},
                                       {"shot", "shoots"},
                                       {"hit", "hits"},
                                       {"led", "leads"},
                                       {"gave", "gives"},
                                       {"took", "takes"},
                                       {"made", "makes"},
                                       {"told", "tells"},
                                       {"broke", "breaks"},
                                       {"began", "begins"},
                                       {"won", "wins"},
                                       {"lost", "loses"},
                                       {"sold", "sells"},
                                       {"brought", "brings"},
                                       {"spoke", "speaks"},
                                       {"wrote", "writes"},
                                       {"drew", "draws"},
                                       {"shut", "shuts"},
                                       {"withdrew", "withdraws"},
                                       {"froze", "freezes"},
                                       {"bought", "buys"},
                                       {"paid", "pays"},
                                       {"sought", "seeks"},
                                       {"kept", "keeps"},
                                       {"threw", "throws"},
                                       {"overthrew", "overthrows"},
                                       {"stood", "stands"},
                                       {"forbade", "forbids"},
                                       {"fled", "flees"},
                                       {"flew", "flies"},
                                       {"sank", "sinks"},
                                       {"struck", "strikes"},
                                       {"swore", "swears"},
                                       {"upheld", "upholds"},
                                       {"shook", "shakes"},
                                       {"rang", "rings"},
                                       {"bore", "bears"},
                                       {NULL, NULL}};
  static const char *nouns[] = {
      "attacks",  "strikes",  "raids",   "shells",  "bombs",    "forces",    "bases",    "arms",     "talks",
      "visits",   "demands",  "claims",  "reports", "protests", "sanctions", "ships",    "troops",   "fires",
      "clashes",  "calls",    "tariffs", "aids",    "drills",   "exercises", "threats",  "warnings", "offers",
      "pledges",  "promises", "deals",   "plans",   "cuts",     "controls",  "funds",    "rallies",  "fines",
      "blocks",   "moves",    "votes",   "bids",    "orders",   "charges",   "arrests",  "aims",     "concerns",
      "supplies", "imports",  "exports", "loans",   "grants",   "rules",     "leads",    "steps",    "supports",
      "hits",     "needs",    "bans",    "limits",  "hopes",    "drives",    "shots",    "flights",  "patrols",
      "backs",    "ties",     "links",   "uses",    "forms",    "tests",     "launches", "deploys",  "rockets",
      "shelters", "spies",    "guards",  "cases",   "houses",   "sides",     "fights",   "wins",     "targets",
      NULL};
  int n = 0;
  size_t l = strlen(w);
  if (l < 3 || l > 40) return 0;
  for (int k = 0; irregular[k][0]; k++)
    if (!strcmp(w, irregular[k][0])) snprintf(out[n++], 48, "%s", irregular[k][1]);
  if (!n && l >= 5 && !strcmp(w + l - 2, "ed")) {
    size_t x = l - 2; /* the stem before -ed */
    if (w[x - 1] == 'i')
      snprintf(out[n++], 48, "%.*sies", (int)(x - 1), w); /* denied */
    else {
      snprintf(out[n++], 48, "%.*ss", (int)x, w);  /* attacked */
      snprintf(out[n++], 48, "%.*ses", (int)x, w); /* accused, reached */
      if (x >= 3 && w[x - 1] == w[x - 2] && w[x - 1] != 's' && w[x - 1] != 'l')
        snprintf(out[n++], 48, "%.*ss", (int)(x - 1), w); /* stopped */
    }
  }
  int kept = 0;
  for (int i = 0; i < n; i++) {
    int noun = 0;
    for (int k = 0; nouns[k] && !noun; k++)
      noun = !strcmp(out[i], nouns[k]);
    if (noun) return 0; /* a noun reading makes every guess of this word unsafe */
    if (kept != i) memcpy(out[kept], out[i], 48);
    kept++;
  }
  return kept;
}

/* Adds the present-tense variants of the English pattern just loaded (index
 * pi): the same pattern with its first literal, a past form right after the
 * leading "S ~", replaced. */
static int add_present_variants(parley_dict *d, size_t pi, lreader *lr, parley_error *err) {
  const pd_pattern *p = &d->patterns[pi];
  if (p->lang != PD_EN || p->nel < 3 || p->el[0].kind != PD_EL_S || p->el[1].kind != PD_EL_GAP ||
      p->el[2].kind != PD_EL_LIT || p->el[2].prefix)
    return 0;
  const char *word = NULL;
  for (size_t u = d->nuses; u-- > 0 && d->uses[u].type == PD_USE_LIT && d->uses[u].idx == pi;)
    if (d->uses[u].key == p->el[2].key) word = d->uses[u].text; /* the pattern's uses were added last */
  if (!word) return 0;
  char forms[4][48];
  int nf = present_forms(word, forms);
  for (int i = 0; i < nf; i++) {
    int rc = add_variant(d, pi, 2, forms[i], PD_FLAG_PRESENT, lr, err);
    if (rc) return rc;
  }
  return 0;
}

/* Reported speech moves "will" back to "would" ("said it would send aid to
 * T"): a pattern with a literal "will" also reads "would". */
static int add_would_variant(parley_dict *d, size_t pi, lreader *lr, parley_error *err) {
  const pd_pattern *p = &d->patterns[pi];
  if (p->lang != PD_EN) return 0;
  for (size_t u = d->nuses; u-- > 0 && d->uses[u].type == PD_USE_LIT && d->uses[u].idx == pi;) {
    if (strcmp(d->uses[u].text, "will")) continue;
    for (int e = 0; e < p->nel; e++)
      if (p->el[e].kind == PD_EL_LIT && !p->el[e].prefix && p->el[e].key == d->uses[u].key)
        return add_variant(d, pi, e, "would", 0, lr, err);
  }
  return 0;
}

/* Same elements (kinds, literal keys, prefixes)? */
static int same_elements(const pd_pattern *a, const pd_pattern *b) {
  if (a->nel != b->nel) return 0;
  for (int e = 0; e < a->nel; e++)
    if (a->el[e].kind != b->el[e].kind ||
        (a->el[e].kind == PD_EL_LIT && (a->el[e].key != b->el[e].key || a->el[e].prefix != b->el[e].prefix)))
      return 0;
  return 1;
}

/* The key of a pattern's first literal. */
static uint32_t first_key(const pd_pattern *p) {
  for (int e = 0; e < p->nel; e++)
    if (p->el[e].kind == PD_EL_LIT) return p->el[e].key;
  return 0;
}

typedef struct key_index {
  uint32_t key;
  size_t i;
} key_index;

static int cmp_key_index(const void *a, const void *b) {
  uint32_t ka = ((const key_index *)a)->key, kb = ((const key_index *)b)->key;
  return ka < kb ? -1 : ka > kb;
}

/* A generated pattern that the file also writes out (with its own code or
 * flags: "S ~ would meet T" is not symmetric, "S ~ will meet T" is) gives way
 * to the written one. Patterns [from, npatterns) are those of one file; the
 * written ones are sorted by their first literal so that each generated one
 * is compared with the few that share it. */
static int shadow_generated(parley_dict *d, size_t from) {
  size_t n = 0;
  key_index *idx = malloc((d->npatterns - from + 1) * sizeof *idx);
  if (!idx) return -1;
  for (size_t i = from; i < d->npatterns; i++)
    if (!(d->patterns[i].flags & PD_FLAG_GENERATED)) idx[n++] = (key_index){first_key(&d->patterns[i]), i};
  qsort(idx, n, sizeof *idx, cmp_key_index);
  for (size_t i = from; i < d->npatterns; i++) {
    pd_pattern *g = &d->patterns[i];
    if (!(g->flags & PD_FLAG_GENERATED)) continue;
    uint32_t k = first_key(g);
    size_t lo = 0, hi = n;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (idx[mid].key < k)
        lo = mid + 1;
      else
        hi = mid;
    }
    for (size_t j = lo; j < n && idx[j].key == k; j++)
      if (same_elements(g, &d->patterns[idx[j].i])) {
        g->flags |= PD_FLAG_SHADOWED;
        break;
      }
  }
  free(idx);
  return 0;
}

static int load_patterns(parley_dict *d, const char *path, uint8_t lang, parley_error *err) {
  size_t first_pattern = d->npatterns;
  lreader lr = {.path = intern_file(d, path)};
  if (!lr.path) return parley_error_set(err, PARLEY_ENOMEM, path, 0, "out of memory");
  lr.f = fopen(path, "r");
  if (!lr.f) return parley_error_set(err, PARLEY_EIO, path, 0, "cannot open: %s", strerror(errno));
  int rc = 0;
  char *s;
  uint8_t roots[21] = {0};
  while (!rc && (s = next_line(&lr, err, &rc))) {
    if (!*s) continue;
    char original[1024];
    snprintf(original, sizeof original, "%s", s);
    char *flags = strchr(s, '|');
    if (flags) *flags++ = '\0';
    char *tok = strtok(s, " \t");
    if (!tok) continue;
    const parley_cameo *c = parley_dict_cameo(d, tok);
    if (!c) {
      rc = derr(err, &lr, "unknown CAMEO event code '%s'", tok);
      break;
    }
    if (grow((void **)&d->patterns, &d->cappatterns, d->npatterns + 1, sizeof *d->patterns)) {
      rc = parley_error_set(err, PARLEY_ENOMEM, path, lr.line, "out of memory");
      break;
    }
    pd_pattern *pt = &d->patterns[d->npatterns];
    memset(pt, 0, sizeof *pt);
    pt->cameo = c;
    pt->lang = lang;
    int ns = 0, ntg = 0, nlit = 0, prev_lit = 0;
    while ((tok = strtok(NULL, " \t"))) {
      if (pt->nel >= PD_MAX_ELEMS) {
        rc = derr(err, &lr, "pattern has more than %d elements", PD_MAX_ELEMS);
        break;
      }
      pd_elem *e = &pt->el[pt->nel];
      memset(e, 0, sizeof *e);
      if (!strcmp(tok, "S") || !strcmp(tok, "T")) {
        e->kind = tok[0] == 'S' ? PD_EL_S : PD_EL_T;
        if (tok[0] == 'S')
          ns++;
        else
          ntg++;
        if (pt->nel && pt->el[pt->nel - 1].kind != PD_EL_LIT) {
          rc = derr(err, &lr, "a slot (S or T) must follow a literal word");
          break;
        }
        prev_lit = 0;
      } else if (!strcmp(tok, "~")) {
        e->kind = PD_EL_GAP;
        prev_lit = 0;
      } else {
        size_t tl = strlen(tok);
        e->kind = PD_EL_LIT;
        if (tl > 1 && tok[tl - 1] == '*') {
          e->prefix = 1;
          tok[tl - 1] = '\0';
          tl--;
        }
        e->adj = (uint8_t)prev_lit;
        uint32_t key;
        if ((rc = add_use(d, tok, PD_USE_LIT, lang, 0, (uint32_t)d->npatterns, 0, &lr, err, &key))) break;
        e->key = key;
        pt->spec += (int)tl;
        nlit++;
        prev_lit = 1;
      }
      pt->nel++;
    }
    if (rc) break;
    if (ns > 1 || ntg > 1) {
      rc = derr(err, &lr, "a pattern has at most one S and one T");
      break;
    }
    if (!nlit) {
      rc = derr(err, &lr, "a pattern needs at least one literal word");
      break;
    }
    if (pt->nel && pt->el[pt->nel - 1].kind == PD_EL_GAP) {
      rc = derr(err, &lr, "a pattern cannot end with ~");
      break;
    }
    if (pt->el[0].kind == PD_EL_GAP) {
      rc = derr(err, &lr, "a pattern cannot start with ~");
      break;
    }
    if (pt->nel > 1 && pt->el[0].kind != PD_EL_LIT && pt->el[1].kind != PD_EL_LIT &&
        !(pt->el[1].kind == PD_EL_GAP && pt->nel > 2 && pt->el[2].kind == PD_EL_LIT)) {
      rc = derr(err, &lr, "a leading slot must be followed by a literal (or ~ and a literal)");
      break;
    }
    if (flags) {
      for (char *f = strtok(flags, " \t"); f; f = strtok(NULL, " \t")) {
        if (!strcmp(f, "sym"))
          pt->flags |= PD_FLAG_SYM;
        else if (!strcmp(f, "pair"))
          pt->flags |= PD_FLAG_PAIR;
        else if (!strcmp(f, "verb")) /* "strikes", "hits": also plural nouns */
          pt->flags |= PD_FLAG_PRESENT;
        else {
          rc = derr(err, &lr, "unknown pattern flag '%s' (sym, pair, verb)", f);
          break;
        }
      }
      if (rc) break;
    }
    if (lang == PD_EN && pt->el[0].kind == PD_EL_S && pt->el[pt->nel - 1].kind == PD_EL_T) {
      int shape = 1, e = 1;
      if (pt->el[e].kind == PD_EL_GAP) e++;
      for (; e < pt->nel - 1; e++)
        if (pt->el[e].kind != PD_EL_LIT) shape = 0;
      if (shape) pt->flags |= PD_FLAG_PASSIVE;
    }
    char src[1200];
    snprintf(src, sizeof src, "%s:%ld: %s", path, lr.line, trim(original));
    pt->source = xstrdup(src);
    int root = atoi(c->root);
    if (root >= 1 && root <= 20) roots[root] = 1;
    d->npatterns++;
    if (lang == PD_EN)
      d->stats.patterns_en++;
    else
      d->stats.patterns_zh++;
    size_t pi = d->npatterns - 1;
    if (lang == PD_EN && ((rc = add_present_variants(d, pi, &lr, err)) || (rc = add_would_variant(d, pi, &lr, err))))
      break;
  }
  fclose(lr.f);
  free(lr.buf);
  if (!rc && lang == PD_EN && shadow_generated(d, first_pattern))
    rc = parley_error_set(err, PARLEY_ENOMEM, path, 0, "out of memory");
  size_t nr = 0;
  for (int i = 1; i <= 20; i++)
    nr += roots[i];
  if (lang == PD_EN)
    d->stats.roots_en = nr;
  else
    d->stats.roots_zh = nr;
  return rc;
}

/* -------------------------------------------------------------------- cues */

static const char *cue_names[PD_CUE_NCLASSES] = {"report", "deny", "doubt", "negate", "pair", "he", "count", "join"};

static int word_cmp(const void *a, const void *b) { return memcmp(a, b, PD_WORD_BYTES); }

int pd_is_word(const parley_dict *d, const char *t) {
  return d->nwords && bsearch(t, d->words, d->nwords, sizeof *d->words, word_cmp) != NULL;
}

/* A "word" cue: normalised as the text is (traditional characters become
 * simplified), and exactly two Chinese characters. */
static int add_word(parley_dict *d, const char *w, lreader *lr, parley_error *err) {
  parley_normtext nt = {0};
  int rc = normalize_entry(d, w, lr, &nt, err);
  if (rc) return rc;
  int ok = nt.len == PD_WORD_BYTES;
  for (size_t i = 0; ok && i < PD_WORD_BYTES; i += 3)
    ok = (unsigned char)nt.text[i] >= 0xe3 && (unsigned char)nt.text[i] <= 0xe9; /* U+3000..U+9FFF */
  if (!ok) {
    parley_normtext_free(&nt);
    return derr(err, lr, "a word cue must be two Chinese characters: '%s'", w);
  }
  if (grow((void **)&d->words, &d->capwords, d->nwords + 1, sizeof *d->words)) {
    parley_normtext_free(&nt);
    return parley_error_set(err, PARLEY_ENOMEM, lr->path, lr->line, "out of memory");
  }
  memcpy(d->words[d->nwords], nt.text, PD_WORD_BYTES);
  d->words[d->nwords++][PD_WORD_BYTES] = '\0';
  parley_normtext_free(&nt);
  return 0;
}

static int load_cues(parley_dict *d, const char *path, uint8_t lang, parley_error *err) {
  lreader lr = {.path = intern_file(d, path)};
  if (!lr.path) return parley_error_set(err, PARLEY_ENOMEM, path, 0, "out of memory");
  lr.f = fopen(path, "r");
  if (!lr.f) return parley_error_set(err, PARLEY_EIO, path, 0, "cannot open: %s", strerror(errno));
  int rc = 0;
  char *s;
  while (!rc && (s = next_line(&lr, err, &rc))) {
    if (!*s) continue;
    char *rest = s;
    while (*rest && *rest != ' ' && *rest != '\t')
      rest++;
    if (*rest) *rest++ = '\0';
    size_t kl = strlen(s);
    if (kl && s[kl - 1] == ':') s[kl - 1] = '\0';
    int cls = -1, word = lang == PD_ZH && !strcmp(s, "word");
    for (int i = 0; i < PD_CUE_NCLASSES; i++)
      if (!strcmp(s, cue_names[i])) cls = i;
    if (cls < 0 && !word) {
      rc = derr(err, &lr, "unknown cue class '%s' (report, deny, doubt, negate, pair, he, count, join%s)", s,
                lang == PD_ZH ? ", word" : "");
      break;
    }
    for (char *p = rest; p;) {
      char *semi = strchr(p, ';');
      if (semi) *semi = '\0';
      char *w = trim(p);
      if (*w && word) {
        if ((rc = add_word(d, w, &lr, err))) break;
      } else if (*w) {
        if ((rc = add_use(d, w, PD_USE_CUE, lang, (uint8_t)cls, 0, 0, &lr, err, NULL))) break;
        if (lang == PD_EN)
          d->stats.cues_en++;
        else
          d->stats.cues_zh++;
      }
      p = semi ? semi + 1 : NULL;
    }
  }
  fclose(lr.f);
  free(lr.buf);
  return rc;
}

/* -------------------------------------------------------------------- open */

static int use_cmp(const void *a, const void *b) {
  const pd_use *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  if (x->type != y->type) return x->type < y->type ? -1 : 1;
  return x->idx < y->idx ? -1 : x->idx > y->idx ? 1 : 0;
}

static int str_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int load_dir_files(parley_dict *d, const char *dir, parley_error *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/actors", dir);
  DIR *dp = opendir(path);
  if (!dp) return parley_error_set(err, PARLEY_EIO, path, 0, "cannot open dictionary folder: %s", strerror(errno));
  char **names = NULL;
  size_t n = 0;
  struct dirent *de;
  while ((de = readdir(dp))) {
    size_t l = strlen(de->d_name);
    if (l > 4 && !strcmp(de->d_name + l - 4, ".txt")) {
      char **nn = realloc(names, (n + 1) * sizeof *nn);
      if (!nn) break;
      names = nn;
      names[n++] = xstrdup(de->d_name);
    }
  }
  closedir(dp);
  if (n > 1) qsort(names, n, sizeof *names, str_cmp);
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    if (!rc) {
      snprintf(path, sizeof path, "%s/actors/%s", dir, names[i]);
      rc = load_actor_file(d, path, err);
    }
    free(names[i]);
  }
  free(names);
  if (rc) return rc;
  if (n == 0) return parley_error_set(err, PARLEY_EDICT, dir, 0, "no actor files in %s/actors", dir);
  return finish_actors(d, err);
}

int parley_dict_open(const char *dir, parley_dict **out, parley_error *err) {
  *out = NULL;
  parley_dict *d = calloc(1, sizeof *d);
  if (!d) return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  int rc = parley_normalizer_open(&d->norm, err);
  if (rc) {
    free(d);
    return rc;
  }
  d->ac = pa_new();
  if (!d->ac) {
    parley_dict_close(d);
    return parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
  }
  char path[4096];
  snprintf(path, sizeof path, "%s/cameo/events.tsv", dir);
  if ((rc = load_cameo(d, path, err))) goto fail;
  if ((rc = load_dir_files(d, dir, err))) goto fail;
  static const char *langs[2] = {"zh", "en"};
  for (int l = 0; l < 2; l++) {
    snprintf(path, sizeof path, "%s/patterns/%s.txt", dir, langs[l]);
    if ((rc = load_patterns(d, path, l == 0 ? PD_ZH : PD_EN, err))) goto fail;
    snprintf(path, sizeof path, "%s/cues/%s.txt", dir, langs[l]);
    if ((rc = load_cues(d, path, l == 0 ? PD_ZH : PD_EN, err))) goto fail;
  }
  if (pa_build(d->ac)) {
    rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
    goto fail;
  }
  if (d->nwords) qsort(d->words, d->nwords, sizeof *d->words, word_cmp);
  qsort(d->uses, d->nuses, sizeof *d->uses, use_cmp);
  size_t nkeys = pa_key_count(d->ac);
  d->use_start = calloc(nkeys + 1, sizeof *d->use_start);
  d->flp_start = calloc(nkeys + 1, sizeof *d->flp_start);
  d->first_lit_patterns = calloc(d->npatterns + 1, sizeof *d->first_lit_patterns);
  if (!d->use_start || !d->flp_start || !d->first_lit_patterns) {
    rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
    goto fail;
  }
  for (size_t i = 0, k = 0; k <= nkeys; k++) {
    while (i < d->nuses && d->uses[i].key < k)
      i++;
    d->use_start[k] = i;
  }
  /* counting sort of patterns by the key of their first literal */
  for (size_t p = 0; p < d->npatterns; p++) {
    for (int e = 0; e < d->patterns[p].nel; e++)
      if (d->patterns[p].el[e].kind == PD_EL_LIT) {
        d->flp_start[d->patterns[p].el[e].key + 1]++;
        break;
      }
  }
  for (size_t k = 0; k < nkeys; k++)
    d->flp_start[k + 1] += d->flp_start[k];
  size_t *fill = calloc(nkeys + 1, sizeof *fill);
  if (!fill) {
    rc = parley_error_set(err, PARLEY_ENOMEM, NULL, 0, "out of memory");
    goto fail;
  }
  for (size_t p = 0; p < d->npatterns; p++) {
    for (int e = 0; e < d->patterns[p].nel; e++)
      if (d->patterns[p].el[e].kind == PD_EL_LIT) {
        uint32_t k = d->patterns[p].el[e].key;
        d->first_lit_patterns[d->flp_start[k] + fill[k]++] = (uint32_t)p;
        break;
      }
  }
  free(fill);
  *out = d;
  return PARLEY_OK;
fail:
  parley_dict_close(d);
  return rc;
}

void parley_dict_close(parley_dict *d) {
  if (!d) return;
  for (size_t i = 0; i < d->ncameo; i++)
    free((char *)d->cameo[i].name);
  free(d->cameo);
  for (size_t i = 0; i < d->nactors; i++) {
    free(d->actors[i].name);
    free(d->actors[i].roles);
  }
  free(d->actors);
  for (size_t i = 0; i < d->npatterns; i++)
    free(d->patterns[i].source);
  free(d->patterns);
  for (size_t i = 0; i < d->nuses; i++)
    free((char *)d->uses[i].text);
  free(d->uses);
  free(d->use_start);
  free(d->flp_start);
  free(d->first_lit_patterns);
  pa_free(d->ac);
  if (d->norm) parley_normalizer_close(d->norm);
  for (size_t i = 0; i < d->nfiles; i++)
    free(d->files[i]);
  free(d->files);
  free(d->words);
  free(d);
}

void parley_dict_stats_get(const parley_dict *d, parley_dict_stats *st) { *st = d->stats; }

/* ------------------------------------------------------------------ lookup */

typedef struct lookup_ctx {
  const parley_dict *d;
  const char *text;
  size_t len;
  void (*cb)(void *, const char *);
  void *cbctx;
  long n;
  int full_only;
} lookup_ctx;

static const char *kind_name(int k) {
  return k == PD_ACTOR ? "actor" : k == PD_PERSON ? "person" : k == PD_PLACE ? "place" : "title";
}

static void lookup_hit(void *vctx, uint32_t key, size_t start, size_t end) {
  lookup_ctx *c = vctx;
  const parley_dict *d = c->d;
  int full = start == 0 && end == c->len;
  if (c->full_only != full) return;
  for (size_t i = d->use_start[key]; i < d->use_start[key + 1]; i++) {
    const pd_use *u = &d->uses[i];
    if (u->type != PD_USE_LIT && !full) {
      /* a word-bounded entry inside a longer word is not a match */
      if (pd_isalnum((unsigned char)c->text[start]) && start > 0 && pd_isalnum((unsigned char)c->text[start - 1]))
        continue;
      if (pd_isalnum((unsigned char)c->text[end - 1]) && end < c->len && pd_isalnum((unsigned char)c->text[end]))
        continue;
    }
    char line[1400];
    const char *lang = u->lang == PD_EN ? "en" : "zh";
    if (u->type == PD_USE_NAME) {
      const pd_actor *a = &d->actors[u->idx];
      char roles[600] = "";
      size_t rl = 0;
      for (size_t r = 0; r < a->nroles && rl < sizeof roles - 80; r++) {
        char f[11], t[11];
        parley_ymd_format(a->roles[r].from, f);
        parley_ymd_format(a->roles[r].to, t);
        rl += (size_t)snprintf(roles + rl, sizeof roles - rl, " %s[%s..%s)", a->roles[r].code, f[0] ? f : "*",
                               t[0] ? t : "*");
      }
      snprintf(line, sizeof line, "%s%-6s %-12s %-3s %s%s  \"%s\"%s%s  %s:%ld", full ? "" : "(part) ",
               kind_name(a->kind), a->code, a->country[0] ? a->country : "-", lang, u->abbr ? " abbr" : "", u->text,
               a->name ? "  " : "", a->name ? a->name : "", u->file, u->line);
      if (rl) {
        size_t l = strlen(line);
        snprintf(line + l, sizeof line - l, "  roles:%s", roles);
      }
    } else if (u->type == PD_USE_LIT) {
      const pd_pattern *p = &d->patterns[u->idx];
      snprintf(line, sizeof line, "%spattern %s %s  %s%s", full ? "" : "(part) ", p->cameo->code, p->cameo->name,
               p->source, p->flags & PD_FLAG_SHADOWED ? " [written out in the file: not used]" : "");
    } else {
      snprintf(line, sizeof line, "%scue    %-8s %s \"%s\"  %s:%ld", full ? "" : "(part) ", cue_names[u->cls], lang,
               u->text, u->file, u->line);
    }
    c->cb(c->cbctx, line);
    c->n++;
  }
}

long parley_dict_lookup(const parley_dict *d, const char *word, void (*cb)(void *ctx, const char *line), void *ctx,
                        parley_error *err) {
  parley_normtext nt = {0};
  int rc = pd_normalize(d->norm, word, strlen(word), 0, &nt, err);
  if (rc) return rc;
  lookup_ctx c = {.d = d, .text = nt.text, .len = nt.len, .cb = cb, .cbctx = ctx, .full_only = 1};
  pa_scan(d->ac, nt.text, nt.len, lookup_hit, &c);
  c.full_only = 0;
  pa_scan(d->ac, nt.text, nt.len, lookup_hit, &c);
  parley_normtext_free(&nt);
  return c.n;
}

/* ----------------------------------------------------------------- resolve */

typedef struct resolve_ctx {
  const parley_dict *d;
  size_t len;
  long actor;
} resolve_ctx;

static void resolve_hit(void *vctx, uint32_t key, size_t start, size_t end) {
  resolve_ctx *c = vctx;
  if (start != 0 || end != c->len || c->actor >= 0) return;
  for (size_t i = c->d->use_start[key]; i < c->d->use_start[key + 1]; i++) {
    const pd_use *u = &c->d->uses[i];
    if (u->type == PD_USE_NAME && c->d->actors[u->idx].kind != PD_TITLE) {
      c->actor = (long)u->idx;
      return;
    }
  }
}

int parley_dict_resolve_actor(const parley_dict *d, const char *name, const char *date, char code[32], char country[8],
                              parley_error *err) {
  /* An actor code as written (USA, RUSGOV, IGOEUREEC). */
  for (size_t i = 0; i < d->nactors; i++) {
    const pd_actor *a = &d->actors[i];
    if (a->kind == PD_ACTOR && !strcmp(a->code, name)) {
      snprintf(code, 32, "%s", a->code);
      snprintf(country, 8, "%s", a->country);
      return PARLEY_OK;
    }
  }
  parley_normtext nt = {0};
  int rc = pd_normalize(d->norm, name, strlen(name), 0, &nt, err);
  if (rc) return rc;
  resolve_ctx c = {.d = d, .len = nt.len, .actor = -1};
  pa_scan(d->ac, nt.text, nt.len, resolve_hit, &c);
  parley_normtext_free(&nt);
  if (c.actor < 0) return parley_error_set(err, PARLEY_ENOTFOUND, NULL, 0, "unknown actor '%s'", name);
  const pd_actor *a = &d->actors[c.actor];
  if (a->kind == PD_PERSON) {
    parley_ymd dd = {0, 0, 0};
    if (date) parley_ymd_parse(date, &dd);
    const pd_role *r = pd_person_role(a, dd);
    if (!r)
      return parley_error_set(err, PARLEY_ENOTFOUND, NULL, 0, "%s holds no role at %s", name, date ? date : "any date");
    snprintf(code, 32, "%s", r->code);
    snprintf(country, 8, "%s", r->country);
    return PARLEY_OK;
  }
  snprintf(code, 32, "%s", a->code);
  snprintf(country, 8, "%s", a->country);
  return PARLEY_OK;
}
