/* parley/read.h — stage 1, read: documents in, clean text and sentences out.
 *
 * A parley_reader yields parley_doc records from a file or stdin in plain
 * text (including scraped-news text), JSON Lines or HTML. Every span the
 * library reports is a [start, end) byte range into parley_doc.text, which is
 * the ORIGINAL document text (for JSON Lines the decoded "text" value, for
 * HTML the text extracted from paragraphs and headings, joined by blank
 * lines). Normalisation for matching (NFKC, lower case, simplified Chinese)
 * produces a separate buffer with a map back to those original offsets. */
#ifndef PARLEY_READ_H
#define PARLEY_READ_H

#include <stddef.h>
#include <stdio.h>

#include "parley/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum parley_input_format {
  PARLEY_INPUT_AUTO = 0, /* detect: .jsonl/.ndjson or a leading '{' → jsonl; .html/.htm or '<' → html */
  PARLEY_INPUT_TEXT,
  PARLEY_INPUT_JSONL,
  PARLEY_INPUT_HTML
} parley_input_format;

typedef struct parley_span {
  size_t start, end; /* [start, end) byte offsets */
} parley_span;

/* One entry of a trailing source list (信息来源 / Sources). */
typedef struct parley_reference {
  char *outlet;     /* "新华网", "Reuters"; never NULL ("" when unknown) */
  char *date;       /* "YYYY-MM-DD" or NULL when the entry has no date */
  char *headline;   /* never NULL */
  parley_span span; /* the entry in parley_doc.text */
} parley_reference;

typedef enum parley_para_kind { PARLEY_PARA_BODY = 0, PARLEY_PARA_HEADING = 1 } parley_para_kind;

typedef struct parley_paragraph {
  parley_span span;
  parley_para_kind kind;
} parley_paragraph;

typedef struct parley_doc {
  char *id;               /* JSONL "id"; else derived from file name (and line) */
  char *date;             /* "YYYY-MM-DD" from metadata, or NULL */
  char *source;           /* outlet from metadata, or NULL */
  char *url;              /* or NULL */
  char *lang;             /* "zh", "en", "mixed" or "und": given, else detected */
  char *title;            /* or NULL */
  char *text;             /* original text, NUL-terminated, valid UTF-8 */
  size_t text_len;        /* bytes, without the NUL */
  char *meta_json;        /* JSON object of JSONL keys parley does not know, or NULL */
  char *notice;           /* platform disclaimer(s) (特别声明 / Notice:), never coded, or NULL */
  parley_reference *refs; /* trailing source list entries */
  size_t n_refs;
  parley_paragraph *paras; /* content to code: excludes paragraph numbers, image
                              placeholders, the source list and disclaimers */
  size_t n_paras;
  char *file;    /* input file name ("-" for stdin) */
  long line;     /* first line of the document in that file (1-based) */
  char hash[33]; /* 128-bit content hash of text, hex (for de-duplication, not cryptographic) */
} parley_doc;

typedef struct parley_read_options {
  parley_input_format format;
  const char *lang;      /* force "zh"/"en", or NULL to detect */
  const char *date;      /* default document date "YYYY-MM-DD", or NULL */
  size_t max_line_bytes; /* JSONL: longer lines are an error (default 64 MiB) */
  size_t max_doc_bytes;  /* text/HTML: larger inputs are an error (default 256 MiB) */
} parley_read_options;

/* No sentence is longer than this: a stretch of text without a sentence end
 * is cut into pieces of at most this many bytes (at white space or a comma
 * when possible), so a huge paragraph is processed in bounded pieces. */
#define PARLEY_SENTENCE_MAX_BYTES 65536

typedef struct parley_sentence {
  parley_span span; /* trimmed of surrounding white space */
  size_t paragraph; /* index into parley_doc.paras */
  char lang[4];     /* "zh" or "en" (detected per sentence) */
} parley_sentence;

typedef struct parley_reader parley_reader;

parley_read_options parley_read_default_options(void);

/* 1 if s is a date the reader takes as parley_read_options.date: exactly
 * "YYYY-MM-DD", a real calendar day, year 1900 to 2100; else 0. */
int parley_read_date_valid(const char *s);

/* Opens path (NULL or "-" for stdin). */
int parley_reader_open(const char *path, const parley_read_options *opt, parley_reader **out, parley_error *err);

/* Reads the next document. Returns 1 and sets *doc (free with parley_doc_free),
 * 0 at the end, or a negative status with err filled (file, line, offset).
 * After PARLEY_EFORMAT or PARLEY_EUTF8 for one JSON Lines record, the next
 * call continues with the following line; after other errors it returns 0. */
int parley_reader_next(parley_reader *r, parley_doc **doc, parley_error *err);

/* Number of documents skipped because of errors so far. */
size_t parley_reader_skipped(const parley_reader *r);

void parley_reader_close(parley_reader *r);

/* Builds a document from text in memory (scraped-news clean-up, language
 * detection, source list and notice extraction, as for a text file). */
int parley_doc_from_text(const char *text, size_t len, const char *name, const parley_read_options *opt,
                         parley_doc **out, parley_error *err);

void parley_doc_free(parley_doc *doc);

/* Splits the document's paragraphs into sentences (Chinese and English rules). */
int parley_doc_sentences(const parley_doc *doc, parley_sentence **out, size_t *n, parley_error *err);

/* "zh", "en" or "und" for a piece of UTF-8 text. */
const char *parley_detect_lang(const char *s, size_t len);

/* Checks UTF-8; on failure returns PARLEY_EUTF8 and sets *bad_offset. */
int parley_utf8_check(const char *s, size_t len, size_t *bad_offset);

/* --- Normalisation for matching --------------------------------------- */

typedef struct parley_normtext {
  char *text; /* NFKC, lower case, simplified Chinese; NUL-terminated */
  size_t len;
  size_t *orig; /* len + 1 entries: orig[i] is the original byte offset of
                   normalised byte i; orig[len] is the original end */
} parley_normtext;

typedef struct parley_normalizer parley_normalizer;

int parley_normalizer_open(parley_normalizer **out, parley_error *err);
void parley_normalizer_close(parley_normalizer *n);

/* Normalises s[0..len); orig offsets are reported as base + offset in s. */
int parley_normalize(parley_normalizer *n, const char *s, size_t len, size_t base, parley_normtext *out,
                     parley_error *err);
void parley_normtext_free(parley_normtext *t);

#ifdef __cplusplus
}
#endif
#endif
