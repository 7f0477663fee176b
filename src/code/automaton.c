/* automaton.c — stage 2 (code): a byte-level Aho–Corasick automaton.
 *
 * States live in one array; transitions in an open-addressing hash keyed by
 * (state, byte), which keeps memory proportional to the dictionary size
 * (hundreds of thousands of states) rather than 256 slots per state. Each
 * state knows the key that ends there (if any) and a "dictionary suffix"
 * link to the nearest proper suffix state that ends a key, so scanning
 * reports all matches in time linear in text length plus matches. */
#include "code/automaton.h"

#include <stdlib.h>
#include <string.h>

typedef struct pa_state {
  int32_t fail;
  int32_t out;     /* key ending here, or -1 */
  int32_t dictsuf; /* nearest suffix state with out >= 0, or -1 */
  uint32_t depth;
} pa_state;

typedef struct pa_edge {
  uint32_t from; /* state + 1; 0 = empty slot */
  uint32_t to;
  uint8_t byte;
} pa_edge;

struct pa_automaton {
  pa_state *st;
  size_t nst, capst;
  pa_edge *edges;
  size_t nedges, capedges; /* capedges is a power of two */
  uint32_t *keylen;
  size_t nkeys, capkeys;
  uint32_t root_next[256]; /* transitions from the root, 0 = none (root is state 0) */
  int built;
};

static inline uint64_t mix(uint32_t s, uint8_t b) {
  uint64_t h = ((uint64_t)s << 8 | b) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 29);
}

static int32_t edge_get(const pa_automaton *a, uint32_t s, uint8_t b) {
  if (s == 0) return a->root_next[b] ? (int32_t)a->root_next[b] : -1;
  if (a->capedges == 0) return -1;
  size_t mask = a->capedges - 1;
  for (size_t i = mix(s, b) & mask;; i = (i + 1) & mask) {
    const pa_edge *e = &a->edges[i];
    if (e->from == 0) return -1;
    if (e->from == s + 1 && e->byte == b) return (int32_t)e->to;
  }
}

static int edge_grow(pa_automaton *a);

static int edge_put(pa_automaton *a, uint32_t s, uint8_t b, uint32_t to) {
  if (s == 0) {
    a->root_next[b] = to;
    return 0;
  }
  if ((a->nedges + 1) * 2 > a->capedges && edge_grow(a)) return -1;
  size_t mask = a->capedges - 1;
  for (size_t i = mix(s, b) & mask;; i = (i + 1) & mask) {
    pa_edge *e = &a->edges[i];
    if (e->from == 0) {
      e->from = s + 1;
      e->byte = b;
      e->to = to;
      a->nedges++;
      return 0;
    }
  }
}

static int edge_grow(pa_automaton *a) {
  size_t ncap = a->capedges ? a->capedges * 2 : 1024;
  pa_edge *old = a->edges;
  size_t oldcap = a->capedges;
  a->edges = calloc(ncap, sizeof *a->edges);
  if (!a->edges) {
    a->edges = old;
    return -1;
  }
  a->capedges = ncap;
  a->nedges = 0;
  for (size_t i = 0; i < oldcap; i++)
    if (old[i].from) edge_put(a, old[i].from - 1, old[i].byte, old[i].to);
  free(old);
  return 0;
}

static int32_t new_state(pa_automaton *a, uint32_t depth) {
  if (a->nst == a->capst) {
    size_t ncap = a->capst ? a->capst * 2 : 1024;
    pa_state *n = realloc(a->st, ncap * sizeof *n);
    if (!n) return -1;
    a->st = n;
    a->capst = ncap;
  }
  a->st[a->nst] = (pa_state){.fail = 0, .out = -1, .dictsuf = -1, .depth = depth};
  return (int32_t)a->nst++;
}

pa_automaton *pa_new(void) {
  pa_automaton *a = calloc(1, sizeof *a);
  if (!a) return NULL;
  if (new_state(a, 0) < 0) {
    free(a);
    return NULL;
  }
  return a;
}

void pa_free(pa_automaton *a) {
  if (!a) return;
  free(a->st);
  free(a->edges);
  free(a->keylen);
  free(a);
}

int32_t pa_add(pa_automaton *a, const char *key, size_t len) {
  if (len == 0) return -1;
  uint32_t s = 0;
  for (size_t i = 0; i < len; i++) {
    uint8_t b = (uint8_t)key[i];
    int32_t n = edge_get(a, s, b);
    if (n < 0) {
      n = new_state(a, (uint32_t)(i + 1));
      if (n < 0 || edge_put(a, s, b, (uint32_t)n)) return -1;
    }
    s = (uint32_t)n;
  }
  if (a->st[s].out >= 0) return a->st[s].out;
  if (a->nkeys == a->capkeys) {
    size_t ncap = a->capkeys ? a->capkeys * 2 : 256;
    uint32_t *n = realloc(a->keylen, ncap * sizeof *n);
    if (!n) return -1;
    a->keylen = n;
    a->capkeys = ncap;
  }
  a->keylen[a->nkeys] = (uint32_t)len;
  a->st[s].out = (int32_t)a->nkeys;
  a->built = 0;
  return (int32_t)a->nkeys++;
}

/* Breadth-first over states; children are found by scanning the edge table
 * once into per-state child lists. */
int pa_build(pa_automaton *a) {
  size_t n = a->nst;
  uint32_t *first = malloc(n * sizeof *first), *next = NULL, *queue = NULL;
  uint32_t *child = NULL;
  uint8_t *cbyte = NULL;
  size_t nchild = 0;
  size_t total = a->nedges + 256;
  next = malloc(total * sizeof *next);
  child = malloc(total * sizeof *child);
  cbyte = malloc(total);
  queue = malloc(n * sizeof *queue);
  if (!first || !next || !child || !cbyte || !queue) {
    free(first), free(next), free(child), free(cbyte), free(queue);
    return -1;
  }
  for (size_t i = 0; i < n; i++)
    first[i] = UINT32_MAX;
  for (int b = 0; b < 256; b++) {
    if (!a->root_next[b]) continue;
    child[nchild] = a->root_next[b], cbyte[nchild] = (uint8_t)b, next[nchild] = first[0], first[0] = (uint32_t)nchild++;
  }
  for (size_t i = 0; i < a->capedges; i++) {
    const pa_edge *e = &a->edges[i];
    if (!e->from) continue;
    uint32_t p = e->from - 1;
    child[nchild] = e->to, cbyte[nchild] = e->byte, next[nchild] = first[p], first[p] = (uint32_t)nchild++;
  }
  size_t qh = 0, qt = 0;
  queue[qt++] = 0;
  a->st[0].fail = 0;
  while (qh < qt) {
    uint32_t s = queue[qh++];
    for (uint32_t c = first[s]; c != UINT32_MAX; c = next[c]) {
      uint32_t t = child[c];
      uint8_t b = cbyte[c];
      int32_t f = 0;
      if (s != 0) {
        uint32_t x = (uint32_t)a->st[s].fail;
        for (;;) {
          int32_t g = edge_get(a, x, b);
          if (g >= 0) {
            f = g;
            break;
          }
          if (x == 0) break;
          x = (uint32_t)a->st[x].fail;
        }
      }
      a->st[t].fail = f;
      a->st[t].dictsuf = a->st[f].out >= 0 ? f : a->st[f].dictsuf;
      queue[qt++] = t;
    }
  }
  free(first), free(next), free(child), free(cbyte), free(queue);
  a->built = 1;
  return 0;
}

void pa_scan(const pa_automaton *a, const char *text, size_t len, pa_match_fn fn, void *ctx) {
  uint32_t s = 0;
  for (size_t i = 0; i < len; i++) {
    uint8_t b = (uint8_t)text[i];
    for (;;) {
      int32_t g = edge_get(a, s, b);
      if (g >= 0) {
        s = (uint32_t)g;
        break;
      }
      if (s == 0) break;
      s = (uint32_t)a->st[s].fail;
    }
    int32_t o = a->st[s].out >= 0 ? (int32_t)s : a->st[s].dictsuf;
    while (o >= 0) {
      uint32_t key = (uint32_t)a->st[o].out;
      size_t kl = a->keylen[key];
      fn(ctx, key, i + 1 - kl, i + 1);
      o = a->st[o].dictsuf;
    }
  }
}

size_t pa_key_count(const pa_automaton *a) { return a->nkeys; }
size_t pa_state_count(const pa_automaton *a) { return a->nst; }
size_t pa_key_len(const pa_automaton *a, uint32_t key) { return key < a->nkeys ? a->keylen[key] : 0; }
