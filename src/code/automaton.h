/* automaton.h — stage 2 (code), internal: one Aho–Corasick automaton over the
 * normalised bytes of every dictionary entry (names, pattern literals, cues),
 * so that a sentence is scanned once whatever the size of the dictionaries. */
#ifndef PARLEY_CODE_AUTOMATON_H
#define PARLEY_CODE_AUTOMATON_H

#include <stddef.h>
#include <stdint.h>

typedef struct pa_automaton pa_automaton;

/* A match: bytes [end - len, end) of the text match key number `key`. */
typedef void (*pa_match_fn)(void *ctx, uint32_t key, size_t start, size_t end);

pa_automaton *pa_new(void);
void pa_free(pa_automaton *a);

/* Adds a key (non-empty bytes); returns its number (keys are deduplicated:
 * adding the same bytes twice returns the same number), or -1 on ENOMEM. */
int32_t pa_add(pa_automaton *a, const char *key, size_t len);

/* Computes failure links; call once after the last pa_add. 0 on success. */
int pa_build(pa_automaton *a);

/* Reports every occurrence of every key in text (overlapping ones too). */
void pa_scan(const pa_automaton *a, const char *text, size_t len, pa_match_fn fn, void *ctx);

size_t pa_key_count(const pa_automaton *a);
size_t pa_state_count(const pa_automaton *a);
size_t pa_key_len(const pa_automaton *a, uint32_t key);

#endif
