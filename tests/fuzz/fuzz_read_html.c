/* fuzz_read_html.c — libFuzzer harness: the HTML reader (gumbo parse, text extraction, clean-up).
 *
 * The input is an .html file read through an in-memory file with the format
 * forced to HTML; the first byte chooses between HTML and automatic format
 * detection (so the sniffing of '{' / '<' / BOM runs too). The extracted
 * document is checked and split into sentences. */
#define _GNU_SOURCE
#include "fuzz_doc.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  fz_memfile m;
  if (fz_memfile_open(&m, data + 1, size - 1)) return 0;
  parley_read_options o = parley_read_default_options();
  o.format = (data[0] & 1) ? PARLEY_INPUT_AUTO : PARLEY_INPUT_HTML;
  o.max_line_bytes = 4096;
  parley_reader *r = NULL;
  parley_error err;
  parley_error_clear(&err);
  if (parley_reader_open(m.path, &o, &r, &err) == PARLEY_OK) {
    for (int guard = 0; guard < 100000; guard++) {
      parley_doc *doc = NULL;
      int rc = parley_reader_next(r, &doc, &err);
      if (rc == 0) break;
      if (rc < 0) {
        FZ_CHECK(err.message[0]);
        continue;
      }
      fz_check_doc(doc);
      fz_check_sentences(doc);
      parley_doc_free(doc);
      FZ_CHECK(guard < 99999);
    }
    parley_reader_close(r);
  }
  fz_memfile_close(&m);
  return 0;
}
