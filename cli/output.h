/* output.h — the parley command: printing events as JSON Lines, TSV or an
 * aligned table (one code path, the format is an option). */
#ifndef PARLEY_CLI_OUTPUT_H
#define PARLEY_CLI_OUTPUT_H

#include <stdio.h>

#include "parley/parley.h"

typedef enum cli_output_format { CLI_JSONL = 0, CLI_TSV, CLI_TABLE } cli_output_format;

typedef struct cli_output cli_output;

int cli_output_parse(const char *name, cli_output_format *out);
cli_output *cli_output_open(cli_output_format fmt, FILE *f, const parley_dict *dict);
void cli_output_event(cli_output *o, const parley_event *e, const parley_doc *doc);
void cli_output_close(cli_output *o);

/* Terminal display width of UTF-8 text (CJK counts 2). */
int cli_display_width(const char *s, size_t len);
/* Prints s padded (or cut, with …) to exactly `width` display columns. */
void cli_print_cell(FILE *f, const char *s, int width);
/* Writes s with tabs and newlines replaced by spaces (for TSV). */
void cli_print_tsv_field(FILE *f, const char *s, size_t len);

#endif
