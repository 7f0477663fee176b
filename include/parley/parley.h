/* parley/parley.h — the whole public API of libparley.
 *
 * Stages, as data flows: read (documents → sentences), code (sentences →
 * events), store (events → database), ask (database → answers), present
 * (answers → HTML reports and the web API). */
#ifndef PARLEY_H
#define PARLEY_H

#define PARLEY_VERSION "0.1.0"

#include "parley/admin.h"
#include "parley/ask.h"
#include "parley/code.h"
#include "parley/error.h"
#include "parley/read.h"
#include "parley/report.h"
#include "parley/serve.h"
#include "parley/store.h"

const char *parley_version(void);

#endif
