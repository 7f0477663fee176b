/* fuzz_read_jsonl.c — libFuzzer harness: the JSON Lines reader (parley_reader on a file).
 *
 * The input is a .jsonl file, read through an in-memory file so that the
 * streaming reader (buffering, line splitting, per-line errors and recovery)
 * runs as it does on disk. A small max_line_bytes makes the "line too long"
 * path reachable. Every document is checked and split into sentences; every
 * error must carry a message and the reader must go on or stop cleanly. */
#define _GNU_SOURCE
#include "fuzz_doc.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_memfile m;
  if (fz_memfile_open(&m, data, size)) return 0;
  parley_read_options o = parley_read_default_options();
  o.format = PARLEY_INPUT_JSONL;
  o.max_line_bytes = 2048;
  parley_reader *r = NULL;
  parley_error err;
  parley_error_clear(&err);
  if (parley_reader_open(m.path, &o, &r, &err) == PARLEY_OK) {
    size_t errors = 0, docs = 0;
    for (int guard = 0; guard < 100000; guard++) {
      parley_doc *doc = NULL;
      int rc = parley_reader_next(r, &doc, &err);
      if (rc == 0) break;
      if (rc < 0) {
        FZ_CHECK(err.message[0]);
        FZ_CHECK(err.line >= 0);
        errors++;
        continue;
      }
      docs++;
      fz_check_doc(doc);
      fz_check_sentences(doc);
      parley_doc_free(doc);
      FZ_CHECK(guard < 99999); /* the reader must reach the end */
    }
    (void)errors;
    (void)docs;
    parley_reader_close(r);
  }
  fz_memfile_close(&m);
  return 0;
}
