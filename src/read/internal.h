/* internal.h — private helpers shared by the files of the read stage (src/read/).
 *
 * Part of the read stage. Nothing here is public API: UTF-8 decoding and
 * character classes, a growable byte buffer, date parsing, the scraped-news
 * clean-up that turns lines into paragraphs / references / notice, the
 * sentence splitter core, and the constructors the three input formats share. */
#ifndef PARLEY_READ_INTERNAL_H
#define PARLEY_READ_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "parley/read.h"

/* ---- small strings ------------------------------------------------------ */

char *rd_strndup(const char *s, size_t n);
char *rd_strdup(const char *s);

typedef struct rd_buf {
  char *p;
  size_t len, cap;
} rd_buf;

int rd_buf_reserve(rd_buf *b, size_t extra); /* 0 or -1 on overflow / no memory */
int rd_buf_append(rd_buf *b, const char *s, size_t n);
int rd_buf_putc(rd_buf *b, char c);
void rd_buf_free(rd_buf *b);
/* Returns the NUL-terminated contents and leaves b empty; NULL on no memory. */
char *rd_buf_take(rd_buf *b);

/* ---- UTF-8 and character classes ---------------------------------------- */

/* Decodes the code point at s[i] (i < len). Returns its length in bytes (at
 * least 1); a byte that does not start a valid sequence decodes as U+FFFD. */
size_t rd_utf8_next(const char *s, size_t len, size_t i, uint32_t *cp);
/* Decodes the code point that ends just before s[i] (start < i); returns its
 * length. Assumes valid UTF-8 (falls back to one byte otherwise). */
size_t rd_utf8_prev(const char *s, size_t start, size_t i, uint32_t *cp);
/* Encodes cp into out (4 bytes room); returns the length. */
size_t rd_utf8_encode(uint32_t cp, char *out);

int rd_is_han(uint32_t cp);                          /* CJK unified / compatibility ideographs */
int rd_is_cjk(uint32_t cp);                          /* Han, kana, hangul, CJK symbols, full-width punctuation */
int rd_is_latin_letter(uint32_t cp);                 /* Latin script letters, including full-width A-Z */
int rd_is_space(uint32_t cp);                        /* ASCII white space, NBSP, U+2000-200B, U+3000, U+FEFF, ... */
int rd_is_digit(uint32_t cp);                        /* ASCII or full-width 0-9 */
int rd_digit_value(uint32_t cp);                     /* 0-9, or -1 */
int rd_is_alnum(uint32_t cp);                        /* Unicode letter (L*) or number (N*) */
int rd_has_alnum(const char *s, size_t a, size_t b); /* any rd_is_alnum in s[a..b) */

/* Trims rd_is_space characters from both ends of s[*start..*end). */
void rd_trim(const char *s, size_t *start, size_t *end);

/* 1 if s starts with a UTF-16 (or UTF-32) byte order mark. */
int rd_has_utf16_bom(const char *s, size_t len);

/* Validates in-memory input: UTF-16 BOM, UTF-8, NUL bytes. Offsets in the
 * message and err->offset are base_offset + the position in s; the line is
 * base_line + the newlines before it (base_line is the line of s[0]).
 * Returns PARLEY_OK, PARLEY_EUTF8 or PARLEY_EFORMAT. */
int rd_check_input(const char *s, size_t len, const char *file, size_t base_offset, long base_line, parley_error *err);

/* ---- dates ---------------------------------------------------------------- */

int rd_valid_ymd(int y, int m, int d);
/* Parses "YYYY-MM-DD" or an ISO 8601 timestamp starting with it (the time
 * part is dropped). Writes "YYYY-MM-DD" into out. 0 on success, -1 if bad. */
int rd_iso_date(const char *s, size_t len, char out[11]);
/* Finds the first date in s[0..len) in any form the source-list parser knows
 * (numeric, 年月日, English month names). On success returns 1, writes the
 * date, and sets [*ds, *de) to the bytes it occupies. */
int rd_find_date(const char *s, size_t len, char out[11], size_t *ds, size_t *de);

/* ---- documents ------------------------------------------------------------- */

/* Copies opt (NULL → defaults; zero limits → default limits) and validates
 * the forced language and default date. PARLEY_EINVAL on bad options. */
int rd_effective_options(const parley_read_options *opt, parley_read_options *eff, parley_error *err);

/* One candidate line (text) or block (HTML) of doc->text, before clean-up. */
enum { RD_GUESS = 0, RD_HEADING = 1, RD_BODY = 2 };

typedef struct rd_line {
  parley_span span; /* untrimmed line without its line terminator */
  int hint;         /* RD_GUESS; RD_HEADING for <h1>-<h6>; RD_BODY for list items and table cells */
} rd_line;

/* Splits text into lines at \n, \r\n and \r. */
int rd_split_lines(const char *text, size_t len, rd_line **out, size_t *n);

/* The scraped-news clean-up: classifies the lines of doc->text into content
 * paragraphs, source-list references and platform notices; fills doc->paras,
 * doc->refs, doc->notice (and doc->source from a leading "来源：" byline,
 * doc->title from a leading heading, when they are still NULL).
 * allow_wrap enables joining of hard-wrapped plain-text paragraphs. */
int rd_cleanup(parley_doc *doc, const rd_line *lines, size_t n, int allow_wrap, parley_error *err);

/* Parses one source-list entry s[0..len) at offset base of doc->text. */
int rd_parse_reference(const char *s, size_t len, size_t base, parley_reference *ref);

/* Final steps common to every format: language (given_lang from the record,
 * then opt->lang override, else detection), default date, hash. The doc must
 * have text and paras. Returns 0 or PARLEY_ENOMEM. */
int rd_finish_doc(parley_doc *doc, const parley_read_options *opt, const char *given_lang);

/* Normalises a language tag: "zh-CN" → "zh", "EN_us" → "en", "mixed", "und";
 * other tags keep their lower-cased primary subtag. NULL if the tag is empty
 * or malformed. The result is static or written into out (16 bytes). */
const char *rd_lang_tag(const char *tag, char out[16]);

/* Computes the 128-bit content hash of s as 32 hex digits + NUL. */
void rd_hash128(const char *s, size_t len, char out[33]);

/* basename of path ("stdin" for NULL or "-"). */
const char *rd_basename(const char *path);

/* Empty-document check (only white space) with the PARLEY_EFORMAT error. */
int rd_check_not_empty(const char *s, size_t len, const char *file, long line, parley_error *err);

/* ---- formats ----------------------------------------------------------------- */

/* Builds a document from one JSON Lines record (line, not NUL-terminated).
 * file/lineno/offset locate it; name is the id prefix ("basename"). */
int rd_doc_from_jsonl(const char *line, size_t len, const char *file, const char *name, long lineno, size_t offset,
                      const parley_read_options *opt, parley_doc **out, parley_error *err);

/* Builds a document from a whole HTML file (validated UTF-8, no NUL). */
int rd_doc_from_html(const char *html, size_t len, const char *file, const char *name, const parley_read_options *opt,
                     parley_doc **out, parley_error *err);

/* A new document owning text (text[len] == NUL); frees text and returns NULL
 * when out of memory. */
parley_doc *rd_doc_new(char *text, size_t len, const char *file, const char *id, long line);

/* Runs clean-up (on lines, or on the text split into lines when lines is
 * NULL) and rd_finish_doc on a prepared document. Sets *out, or frees doc
 * and fills err on failure. */
int rd_doc_complete(parley_doc *doc, const rd_line *lines, size_t n_lines, int allow_wrap,
                    const parley_read_options *opt, const char *given_lang, parley_doc **out, parley_error *err);

/* Text document from a buffer the function takes ownership of (text[len] must
 * be NUL); validation must have been done. Frees text on failure. */
int rd_doc_from_owned_text(char *text, size_t len, const char *file, const char *id, long line,
                           const parley_read_options *opt, parley_doc **out, parley_error *err);

/* ---- sentences ----------------------------------------------------------------- */

typedef struct rd_sentvec {
  parley_sentence *v;
  size_t n, cap;
} rd_sentvec;

/* Appends the sentences of one paragraph (lang left empty). 0 or PARLEY_ENOMEM. */
int rd_split_paragraph(const char *text, parley_span para, size_t index, rd_sentvec *out);

/* Language of s by character counts, plus the counts. */
const char *rd_detect_counts(const char *s, size_t len, size_t *han, size_t *latin);

#endif
