/* parley/admin.h — stage 3, store: administration of a PostgreSQL scale-out
 * layout (docs/scale-out.md).
 *
 * A coordinator database that parley writes to and asks, and shard servers
 * that hold the events: the coordinator's events table is partitioned by
 * time (RANGE on day: `step` years from `year_from` to `year_to`, plus a
 * DEFAULT partition), each time range by HASH (source_country,
 * target_country) into one partition per shard, each a postgres_fdw foreign
 * table on its shard. This is what scripts/pg-shard setup does, through
 * libpq. */
#ifndef PARLEY_ADMIN_H
#define PARLEY_ADMIN_H

#include <stddef.h>

#include "parley/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct parley_shard_layout {
  int year_from, year_to, step; /* default 1979, 2040, 5 */
} parley_shard_layout;

parley_shard_layout parley_shard_layout_default(void);

typedef struct parley_shard_result {
  size_t n_shards; /* shards of the layout now */
  size_t n_added;  /* of which new */
  size_t n_ranges; /* time ranges, the DEFAULT one included */
} parley_shard_result;

/* Adds the shard databases shards[0..n) (postgresql:// URIs; their user and
 * password are kept in the coordinator's user mappings) to the coordinator
 * (a postgresql:// URI): on a coordinator without shards, sets up the layout
 * (creating parley's schema if needed); on one that has shards, lays the
 * events out again over the old and the new shards. Either way the events
 * table must be empty: rows are never moved between shards (set up the
 * layout first, then load through the coordinator). Each shard gets its
 * tables (dropped first if there) with the dyad and day indexes. Runs in one
 * transaction on the coordinator. Errors name the database, never with a
 * password. Without libpq: PARLEY_EINVAL. */
int parley_admin_shard_add(const char *coordinator, const char *const *shards, size_t n,
                           const parley_shard_layout *layout, parley_shard_result *res, parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
